"""The private keys popverify writes: PKCS#8 PEM, mode 0600, encrypted with
--passout (AES-256-CBC, openssl opens it with the passphrase and not
without), never over an existing file without --force, and not left behind
when the certificate cannot be written.
"""

import os
import stat
import unittest

from cryptography.hazmat.primitives import serialization

import issuetest
from issuetest import run, run_tool


def new_root(test, *extra, key="r.key", out="r.pem", env=None):
    return run("ca", "--profile", "cumulocity", "--subject", "/O=t/CN=Key Test",
               "--key-out", test.path(key), "--out", test.path(out), *extra, env=env)


class KeyFiles(issuetest.TestCase):
    def test_mode_0600_and_pkcs8(self):
        self.assertOk(new_root(self))
        key = self.path("r.key")
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(self.path("r.pem")).st_mode) & 0o077, 0o044)
        text = self.read(key)
        self.assertTrue(text.startswith(b"-----BEGIN PRIVATE KEY-----\n"), text[:40])
        priv = serialization.load_pem_private_key(text, None)
        cert = issuetest.load_cert(self.path("r.pem"))
        self.assertEqual(priv.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),
            cert.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo))

    def test_fixture_device_keys_are_0600(self):
        for c in issuetest.chains():
            for key in (c.root_key, c.inter_key, c.device_key, c.chain_key):
                self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600, key)

    def test_passout_encrypts(self):
        r = new_root(self, "--passout", "env:PV_NEW_PASS", "--key-type", "ec:P-384",
                     env={"PV_NEW_PASS": "s3cret pass"})
        self.assertOk(r)
        self.assertIn("encrypted", r.err)
        key = self.path("r.key")
        self.assertTrue(self.read(key).startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        out = run_tool("openssl", "pkey", "-in", key, "-passin", "pass:s3cret pass",
                       "-noout", "-text_pub")
        self.assertIn(b"NIST CURVE: P-384", out)
        with self.assertRaises(AssertionError):
            run_tool("openssl", "pkey", "-in", key, "-passin", "pass:wrong", "-noout")
        asn1 = run_tool("openssl", "asn1parse", "-in", key)
        self.assertIn(b"aes-256-cbc", asn1)

    def test_existing_key_is_untouched_without_force(self):
        key = self.write("r.key", b"precious key\n")
        r = new_root(self)
        self.assertError(r, 3, "--key-out '%s' already exists" % key, "--force")
        self.assertEqual(self.read(key), b"precious key\n")
        self.assertNoFile(self.path("r.pem"))

    def test_force_overwrites(self):
        key = self.write("r.key", b"old key\n")
        os.chmod(key, 0o644)
        r = new_root(self, "--force")
        self.assertOk(r)
        self.assertTrue(self.read(key).startswith(b"-----BEGIN PRIVATE KEY-----"))
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)

    def test_failed_certificate_write_leaves_no_key(self):
        """The certificate's directory does not exist: the new key is removed."""
        r = new_root(self, out="missing-dir/r.pem")
        self.assertError(r, 3, "missing-dir", "does not exist")
        self.assertNoFile(self.path("r.key"))

    def test_device_from_csr_writes_no_key(self):
        c = self.chain()
        csr = self.path("d.csr")
        run_tool("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-keyout", self.path("own.key"),
                 "-subj", "/CN=dev-csr", "-out", csr)
        r = self.device(c, "--id", "dev-csr", "--csr", csr, "--out", self.path("d.pem"))
        self.assertOk(r)
        self.assertNotIn("private key", r.err)
        self.assertEqual(sorted(os.listdir(self.tmp)), ["d.csr", "d.pem", "own.key"])

    def test_passin_and_passout_both_on_stdin(self):
        """First line: the CA key's passphrase; second: the new key's."""
        c = self.chain()
        key = self.path("d.key")
        r = run("device", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
                c.inter_key, "--passin", "stdin", "--passout", "stdin", "--id", "dev-stdin",
                "--key-out", key, "--out", self.path("d.pem"),
                stdin=(issuetest.PASSPHRASE + "\nnew key pass\n").encode())
        self.assertOk(r)
        run_tool("openssl", "pkey", "-in", key, "-passin", "pass:new key pass", "-noout")


if __name__ == "__main__":
    unittest.main(verbosity=2)
