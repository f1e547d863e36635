"""A device certificate from `popverify device` authenticates in a real TLS
client-certificate handshake: `openssl s_server -Verify 1 -CAfile root.pem
-verify_return_error` on loopback, `openssl s_client` presenting the device
certificate with the intermediate. The server must report the client
certificate verified; a device of another root must be refused.
"""

import os
import re
import select
import socket
import subprocess
import time
import unittest

import issuetest
from issuetest import chains, run_tool

TIMEOUT = 20  # seconds for one handshake, server start included


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def verified_line(cn):
    """s_server's line for a verified client certificate of subject CN=cn:
    "depth=0 CN = cn" on OpenSSL 3.0, "depth=0 CN=cn" on 3.5."""
    return r"depth=0 CN ?= ?%s\nverify return:1" % re.escape(cn)


def wait_for(proc, word, deadline):
    """Read proc's stdout (unbuffered) until it holds word; False on exit or
    timeout."""
    seen = b""
    fd = proc.stdout.fileno()
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                return False
            seen += chunk
            if word in seen:
                return True
        elif proc.poll() is not None:
            return False
    return False


class Handshake(issuetest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv_dir = os.path.join(issuetest.CHAINS, "tls-server")
        cls.srv_cert = os.path.join(cls.srv_dir, "server.pem")
        cls.srv_key = os.path.join(cls.srv_dir, "server.key")
        if not os.path.exists(cls.srv_cert):
            os.makedirs(cls.srv_dir, exist_ok=True)
            run_tool("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                     "ec_paramgen_curve:P-256", "-nodes", "-keyout", cls.srv_key,
                     "-out", cls.srv_cert, "-subj", "/CN=localhost", "-days", "2")

    def handshake(self, root, cert, key, chain):
        """(server stdout, server stderr, client status) of one connection."""
        port = free_port()
        # stdin stays open: s_server stops at EOF on its stdin.
        server = subprocess.Popen(
            ["openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert",
             self.srv_cert, "-key", self.srv_key, "-Verify", "1", "-CAfile", root,
             "-verify_return_error", "-naccept", "1"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + TIMEOUT
            self.assertTrue(wait_for(server, b"ACCEPT", deadline), "s_server did not start")
            client = subprocess.run(
                ["openssl", "s_client", "-connect", "127.0.0.1:%d" % port, "-cert", cert,
                 "-key", key, "-cert_chain", chain, "-CAfile", self.srv_cert,
                 "-verify_return_error", "-brief"],
                input=b"hello from the device\n", stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, timeout=TIMEOUT, check=False)
            out, err = server.communicate(timeout=max(1, deadline - time.monotonic()))
        finally:
            if server.poll() is None:
                server.kill()
                server.communicate()
        return out.decode(errors="replace"), err.decode(errors="replace"), client

    def test_device_certificate_authenticates(self):
        for c in chains():
            with self.subTest(chain=c.name):
                out, err, client = self.handshake(c.root, c.device, c.device_key, c.inter)
                self.assertEqual(client.returncode, 0, client.stderr)
                self.assertRegex(err, verified_line(c.device_id))
                self.assertNotIn("verify error", err)
                self.assertIn("Client certificate", out)
                self.assertIn("hello from the device", out)

    def test_chain_file_as_presented_chain(self):
        c = self.chain("rsa3072")
        out, err, client = self.handshake(c.root, c.chain, c.chain_key, c.chain)
        self.assertRegex(err, verified_line(c.device_id))
        self.assertIn("hello from the device", out)

    def test_device_of_another_root_is_refused(self):
        mine, other = self.chain("p256"), self.chain("p384")
        out, err, client = self.handshake(other.root, mine.device, mine.device_key,
                                          mine.inter)
        self.assertIn("verify error", err)
        self.assertNotIn("hello from the device", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
