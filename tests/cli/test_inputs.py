#!/usr/bin/env python3
"""cli_inputs: bad inputs as users give them. Each gets exit 3 (2 for usage)
and exactly one error line naming the input, and nothing is written."""

import os

import pvtest
from pvtest import CA, CODES, run

CODE = CODES["cumulocity"]


class Files(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = CA("p256")

    def sign(self, cert, key, *extra):
        return run("sign", "--profile", "cumulocity", "--ca-cert", cert, "--ca-key", key,
                   *extra)

    def test_missing_files(self):
        missing = self.path("no-such-file.pem")
        out = self.path("sig.txt")
        cases = [
            (missing, self.ca.key, ["--code", CODE]),
            (self.ca.pem, missing, ["--code", CODE]),
            (self.ca.pem, self.ca.key, ["--code-file", missing]),
        ]
        for cert, key, extra in cases:
            with self.subTest(cert=cert, key=key, extra=extra):
                r = self.sign(cert, key, *extra, "--out", out)
                self.assertError(r, 3, missing)
                self.assertDirHolds([])

    def test_unreadable_file(self):
        if os.geteuid() == 0:
            self.skipTest("root reads files whatever their mode")
        f = self.write("ca.pem", self.read(self.ca.pem))
        os.chmod(f, 0)
        self.assertError(self.sign(f, self.ca.key, "--code", CODE), 3, f)

    def test_directory_instead_of_file(self):
        d = self.path("somedir")
        os.mkdir(d)
        self.assertError(self.sign(d, self.ca.key, "--code", CODE), 3, d, "it is a directory")
        self.assertError(self.sign(self.ca.pem, d, "--code", CODE), 3, d, "key", "it is a directory")
        self.assertError(self.sign(self.ca.pem, self.ca.key, "--code-file", d), 3, d)

    def test_not_a_certificate(self):
        junk = os.path.join(pvtest.FIXTURES, "notcert.txt")
        for cert in [junk, self.ca.key]:
            with self.subTest(cert=cert):
                r = self.sign(cert, self.ca.key, "--code", CODE)
                self.assertError(r, 3, cert, "not a certificate")

    def test_not_a_key(self):
        junk = os.path.join(pvtest.FIXTURES, "notcert.txt")
        for key in [junk, self.ca.pem]:
            with self.subTest(key=key):
                r = self.sign(self.ca.pem, key, "--code", CODE)
                line = self.assertError(r, 3, key)
                self.assertRegex(line, r"(?i)not a (private )?key|no private key")

    def test_verify_cert_that_is_not_one(self):
        junk = os.path.join(pvtest.FIXTURES, "notcert.txt")
        r = run("verify", "--ca-cert", self.ca.pem, "--code", "abc", "--vcert", junk)
        self.assertError(r, 3, junk, "not a certificate")

    def test_code_file_too_big(self):
        big = self.write("big.txt", "a" * (64 * 1024 + 1))
        self.assertError(self.sign(self.ca.pem, self.ca.key, "--code-file", big), 3, big)

    def test_several_certs_for_verify_says_which(self):
        chain = os.path.join(CA("chain").dir, "chain.pem")
        sig = run("sign", "--profile", "cumulocity", "--ca-cert", CA("chain/root").pem,
                  "--ca-key", CA("chain/root").key, "--code", CODE)
        self.assertOk(sig)
        r = run("verify", "--ca-cert", chain, "--code", CODE, "--signature",
                sig.text.strip())
        self.assertIn(r.status, (0, 1), r)
        self.assertTrue(any(chain in n or "Chain Root" in n for n in r.notes()),
                        "a note says which certificate is used: %r" % r)


class Passphrases(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = CA("rsa2048")

    def sign(self, *extra, stdin=None):
        kw = {} if stdin is None else {"stdin": stdin}
        return run("sign", "--profile", "cumulocity", "--ca-cert", self.ca.pem, "--ca-key",
                   self.ca.enc_key, "--code", CODE, *extra, **kw)

    def test_wrong_passphrase(self):
        secret = "Wrong-Secret-91"
        r = self.sign("--passin", "pass:" + secret)
        line = self.assertError(r, 3, self.ca.enc_key)
        self.assertRegex(line, r"(?i)passphrase|pass phrase|password")
        self.assertNoSecret(r, secret)

    def test_encrypted_and_no_passin_without_terminal(self):
        r = self.sign()  # stdin is /dev/null: no terminal, so no prompt
        line = self.assertError(r, 3, self.ca.enc_key, "encrypted")
        self.assertIn("--passin", line)

    def test_unencrypted_key_ignores_passin(self):
        r = run("sign", "--profile", "cumulocity", "--ca-cert", self.ca.pem, "--ca-key",
                self.ca.key, "--code", CODE, "--passin", "pass:unused")
        self.assertOk(r)


class Codes(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = CA("p256")

    def sign(self, *code_args):
        return run("sign", "--profile", "cumulocity", "--ca-cert", self.ca.pem, "--ca-key",
                   self.ca.key, "--out", self.path("sig.txt"), *code_args)

    def refused(self, r, source, *needles):
        self.assertError(r, 3, source, *needles)
        self.assertEqual(r.out, b"")
        self.assertFalse(os.path.exists(self.path("sig.txt")))

    def test_empty(self):
        self.refused(self.sign("--code", ""), "--code", "empty")
        f = self.write("code.txt", "\r\n")
        self.refused(self.sign("--code-file", f), f, "empty")

    def test_smart_quotes(self):
        self.refused(self.sign("--code", "ab\u201ccd\u201d"), "--code", "offset 2", "0xE2")

    def test_nul(self):
        f = self.write("code.txt", b"abc\x00def")
        self.refused(self.sign("--code-file", f), f, "NUL", "offset 3")

    def test_inner_newline(self):
        self.refused(self.sign("--code", "abcd\nefgh"), "--code", "offset 4")
        f = self.write("code.txt", b"abcd\r\nefgh\n")
        self.refused(self.sign("--code-file", f), f, "offset 4")

    def test_control_character(self):
        self.refused(self.sign("--code", "abc\x1bdef"), "--code", "offset 3", "0x1B")


class Outputs(pvtest.TestCase):
    def test_missing_directory(self):
        ca = CA("p256")
        out = self.path("no/such/dir/sig.txt")
        r = run("sign", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code", CODE, "--out", out)
        self.assertError(r, 3, os.path.dirname(out))
        self.assertDirHolds([])

    def test_vcert_failure_keeps_existing_output(self):
        ca = CA("p256")
        out = self.write("v.pem", "ORIGINAL")
        r = run("vcert", "--profile", "aws-iot", "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code", "too-short", "--out", out)
        self.assertStatus(r, 3)
        self.assertEqual(self.read(out), b"ORIGINAL")
        self.assertDirHolds(["v.pem"])


if __name__ == "__main__":
    pvtest.main()
