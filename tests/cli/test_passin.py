#!/usr/bin/env python3
"""cli_passin: every --passin source opens an encrypted CA key, the prompt
works on a terminal, and the passphrase never shows in any output."""

import os
import pty
import select
import subprocess
import termios
import time

import pvtest
from pvtest import CA, CODES, run

CODE = CODES["cumulocity"]


class Sources(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = CA("p256")
        self.pw = pvtest.passphrase()

    def sign(self, passin, **kw):
        return run("sign", "--profile", "cumulocity", "--ca-cert", self.ca.pem, "--ca-key",
                   self.ca.enc_key, "--code", CODE, "--passin", passin, **kw)

    def assertSigned(self, r):
        self.assertOk(r)
        self.assertNoSecret(r, self.pw)
        self.assertSignatureValid(self.ca, CODE, r.text.rstrip("\n"))

    def test_pass(self):
        self.assertSigned(self.sign("pass:" + self.pw))

    def test_env(self):
        self.assertSigned(self.sign("env:PV_TEST_PASS", env={"PV_TEST_PASS": self.pw}))

    def test_env_unset(self):
        r = self.sign("env:PV_TEST_UNSET_VARIABLE")
        self.assertError(r, 3, "PV_TEST_UNSET_VARIABLE")

    def test_file_first_line(self):
        f = self.write("pass.txt", self.pw + "\nsecond line\n")
        self.assertSigned(self.sign("file:" + f))

    def test_file_missing(self):
        f = self.path("nopass.txt")
        self.assertError(self.sign("file:" + f), 3, f)

    def test_fd(self):
        rd, wr = os.pipe()
        os.write(wr, (self.pw + "\n").encode())
        os.close(wr)
        try:
            self.assertSigned(self.sign("fd:%d" % rd, pass_fds=(rd,)))
        finally:
            os.close(rd)

    def test_stdin(self):
        self.assertSigned(self.sign("stdin", stdin=(self.pw + "\n").encode()))

    def test_unknown_source(self):
        r = self.sign("secret")
        self.assertError(r, 2, "--passin")
        self.assertNoSecret(r, "secret")

    def test_wrong_passphrase_from_each_source_is_not_echoed(self):
        wrong = "Not-The-Passphrase-77"
        f = self.write("pass.txt", wrong + "\n")
        for passin, kw in [("pass:" + wrong, {}), ("env:PV_W", {"env": {"PV_W": wrong}}),
                           ("file:" + f, {}), ("stdin", {"stdin": (wrong + "\n").encode()})]:
            with self.subTest(passin=passin.split(":")[0]):
                r = self.sign(passin, **kw)
                self.assertError(r, 3, self.ca.enc_key)
                self.assertNoSecret(r, wrong)


class Prompt(pvtest.TestCase):
    """No --passin and a terminal: popverify asks, with echo off."""

    def spawn(self):
        pid, fd = pty.fork()
        if pid == 0:  # child: the pty is its controlling terminal
            ca = CA("p384")
            os.execv(pvtest.BIN, [pvtest.BIN, "sign", "--profile", "cumulocity", "--ca-cert",
                                  ca.pem, "--ca-key", ca.enc_key, "--code", CODE])
        return pid, fd

    def read_until(self, fd, needle, timeout=30):
        buf = b""
        end = time.monotonic() + timeout
        while needle not in buf and time.monotonic() < end:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                buf += chunk
        return buf

    def wait_echo_off(self, fd, timeout=10):
        end = time.monotonic() + timeout
        while termios.tcgetattr(fd)[3] & termios.ECHO:
            if time.monotonic() > end:
                self.fail("the prompt does not turn terminal echo off")
            time.sleep(0.05)

    def test_prompt(self):
        pw = pvtest.passphrase()
        pid, fd = self.spawn()
        try:
            prompt = self.read_until(fd, b":")
            self.assertIn(b"pass phrase", prompt.lower())
            self.assertIn(CA("p384").enc_key.encode(), prompt)
            self.wait_echo_off(fd)
            os.write(fd, (pw + "\n").encode())
            rest = self.read_until(fd, b"\n\xff")  # until the child closes the pty
        finally:
            _, status = os.waitpid(pid, 0)
            os.close(fd)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, prompt + rest)
        self.assertNotIn(pw.encode(), prompt + rest, "passphrase was echoed")
        sig = [l for l in rest.decode().splitlines() if l.strip()][-1].strip()
        self.assertSignatureValid(CA("p384"), CODE, sig)

    def test_no_terminal_does_not_wait(self):
        ca = CA("p384")
        start = time.monotonic()
        proc = subprocess.run([pvtest.BIN, "sign", "--profile", "cumulocity", "--ca-cert",
                               ca.pem, "--ca-key", ca.enc_key, "--code", CODE],
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                              start_new_session=True, check=False)
        self.assertEqual(proc.returncode, 3, proc)
        self.assertLess(time.monotonic() - start, 30)


if __name__ == "__main__":
    pvtest.main()
