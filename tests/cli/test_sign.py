#!/usr/bin/env python3
"""cli_sign: `popverify sign` for every key type, its output forms, and the
CA checks the signature profiles make. Signatures are checked independently
(python `cryptography`) over the exact code bytes."""

import os
import stat

import pvtest
from pvtest import CA, GOOD_CAS, fingerprint, norm_hex, run

CODE = pvtest.CODES["cumulocity"]


def sign(ca, *extra, profile="cumulocity", key=None, code=CODE):
    args = ["sign", "--profile", profile, "--ca-cert", ca.pem, "--ca-key", key or ca.key]
    if code is not None:
        args += ["--code", code]
    return run(*args, *extra)


class EveryKeyType(pvtest.TestCase):
    def test_cumulocity_and_generic(self):
        for name in GOOD_CAS:
            for profile in pvtest.SIGNATURE_PROFILES:
                with self.subTest(ca=name, profile=profile):
                    ca = CA(name)
                    code = pvtest.CODES[profile]
                    r = sign(ca, profile=profile, code=code)
                    self.assertOk(r)
                    # Exactly the string to paste, plus one newline.
                    self.assertTrue(r.text.endswith("\n"), r)
                    sig = r.text[:-1]
                    self.assertNotIn("\n", sig)
                    self.assertNotIn("\r", sig)
                    self.assertSignatureValid(ca, code, sig)

    def test_signatures_differ_between_cas(self):
        a = sign(CA("p256"))
        b = sign(CA("other"), key=CA("other").key)
        self.assertOk(a)
        self.assertOk(b)
        self.assertNotEqual(a.text, b.text)


class Output(pvtest.TestCase):
    def test_out_has_no_trailing_newline(self):
        ca = CA("rsa2048")
        out = self.path("signature.txt")
        r = sign(ca, "--out", out)
        self.assertOk(r)
        self.assertEqual(r.out, b"", "nothing on stdout with --out")
        data = self.read(out)
        self.assertFalse(data.endswith(b"\n") or data.endswith(b"\r"), data)
        self.assertSignatureValid(ca, CODE, data)
        self.assertEqual(stat.S_IMODE(os.stat(out).st_mode), 0o644)
        self.assertDirHolds(["signature.txt"])

    def test_out_replaces_an_old_file(self):
        ca = CA("p384")
        out = self.write("signature.txt", "old content\n")
        self.assertOk(sign(ca, "--out", out))
        self.assertSignatureValid(ca, CODE, self.read(out))
        self.assertDirHolds(["signature.txt"])

    def test_json(self):
        ca = CA("p256")
        r = sign(ca, "--json")
        self.assertOk(r)
        self.assertEqual(r.text.count("\n"), 1, "one JSON object on one line: %r" % r)
        j = r.json()
        for field in ["profile", "kind", "signature", "code", "notes", "key", "ca_subject",
                      "ca_sha1", "ca_sha256"]:
            self.assertIn(field, j)
        self.assertEqual(j["profile"], "cumulocity")
        self.assertEqual(j["kind"], "signature")
        self.assertEqual(j["code"], CODE)
        self.assertEqual(j["notes"], [])
        self.assertEqual(j["key"], "EC P-256")
        self.assertIn("Test Root p256", j["ca_subject"])
        cert = ca.cert()
        self.assertEqual(norm_hex(j["ca_sha1"]), fingerprint(cert, "SHA1"))
        self.assertEqual(norm_hex(j["ca_sha256"]), fingerprint(cert, "SHA256"))
        self.assertSignatureValid(ca, CODE, j["signature"])

    def test_json_with_out_writes_the_file_too(self):
        ca = CA("ed25519")
        out = self.path("sig.txt")
        r = sign(ca, "--json", "--out", out)
        self.assertOk(r)
        j = r.json()
        self.assertEqual(self.read(out), j["signature"].encode())
        self.assertEqual(j["key"], "Ed25519")

    def test_json_key_descriptions(self):
        want = {"rsa2048": "RSA 2048", "rsa4096": "RSA 4096", "p384": "EC P-384",
                "p521": "EC P-521"}
        for name, desc in want.items():
            with self.subTest(ca=name):
                r = sign(CA(name), "--json")
                self.assertOk(r)
                self.assertEqual(r.json()["key"], desc)


class CodeFiles(pvtest.TestCase):
    """A code file as editors and shells leave it signs the bare code."""

    VARIANTS = {
        "lf": (CODE + "\n", "LF"),
        "crlf": (CODE + "\r\n", "CRLF"),
        "bom": ("\ufeff" + CODE, "byte order mark"),
        "bom-crlf": ("\ufeff" + CODE + "\r\n", "byte order mark"),
        "spaces": ("  " + CODE + " \t\n", "white"),
    }

    def test_variants_sign_the_bare_code(self):
        ca = CA("p256")
        for label, (content, note) in self.VARIANTS.items():
            with self.subTest(variant=label):
                f = self.write("code-%s.txt" % label, content)
                r = sign(ca, "--code-file", f, code=None)
                self.assertOk(r)
                self.assertSignatureValid(ca, CODE, r.text.rstrip("\n"))
                notes = r.notes()
                self.assertTrue(notes, "a note says what was removed: %r" % r)
                self.assertTrue(any(note.lower() in n.lower() for n in notes), r)
                self.assertTrue(any(f in n for n in notes), "note names the file: %r" % r)

    def test_notes_in_json(self):
        ca = CA("p256")
        f = self.write("code.txt", CODE + "\n")
        r = sign(ca, "--code-file", f, "--json", code=None)
        self.assertOk(r)
        j = r.json()
        self.assertEqual(j["code"], CODE)
        self.assertEqual(len(j["notes"]), 1, j)
        self.assertIn("LF", j["notes"][0])
        self.assertEqual(r.notes(), [], "notes go into the JSON, not stderr")

    def test_bare_file_has_no_note(self):
        ca = CA("p256")
        f = self.write("code.txt", CODE)
        r = sign(ca, "--code-file", f, code=None)
        self.assertOk(r)
        self.assertEqual(r.notes(), [])
        self.assertSignatureValid(ca, CODE, r.text.rstrip("\n"))

    def test_code_with_lf_is_not_what_is_signed(self):
        # Proves the independent check sees the difference the note is about.
        ca = CA("p256")
        f = self.write("code.txt", CODE + "\n")
        r = sign(ca, "--code-file", f, code=None)
        self.assertOk(r)
        with self.assertRaises(AssertionError):
            self.assertSignatureValid(ca, CODE + "\n", r.text.rstrip("\n"))


class KeyForms(pvtest.TestCase):
    def test_der_and_encrypted_forms(self):
        pw = pvtest.passphrase()
        for name in ["rsa2048", "p256", "ed25519"]:
            ca = CA(name)
            forms = [
                (ca.der, ca.key, []),
                (ca.pem, ca.key_der, []),
                (ca.der, ca.enc_key, ["--passin", "pass:" + pw]),
                (ca.pem, ca.enc_der, ["--passin", "pass:" + pw]),
            ]
            for cert, key, extra in forms:
                with self.subTest(cert=cert, key=key):
                    r = run("sign", "--profile", "cumulocity", "--ca-cert", cert, "--ca-key",
                            key, "--code", CODE, *extra)
                    self.assertOk(r)
                    self.assertNoSecret(r, pw)
                    self.assertSignatureValid(ca, CODE, r.text.rstrip("\n"))

    def test_file_uri(self):
        ca = CA("p384")
        r = run("sign", "--profile", "cumulocity", "--ca-cert", "file:" + ca.pem,
                "--ca-key", "file:" + ca.key, "--code", CODE)
        self.assertOk(r)
        self.assertSignatureValid(ca, CODE, r.text.rstrip("\n"))


class CaChecks(pvtest.TestCase):
    def test_rsa1024_refused(self):
        ca = CA("rsa1024")
        for profile in pvtest.SIGNATURE_PROFILES:
            with self.subTest(profile=profile):
                r = sign(ca, profile=profile)
                self.assertError(r, 3, ca.key, "1024", "2048")
                self.assertEqual(r.out, b"")

    def test_not_a_ca(self):
        ca = CA("noca")
        out = self.path("sig.txt")
        r = sign(ca, "--out", out)
        line = self.assertError(r, 3, ca.pem)
        self.assertRegex(line, r"(?i)not a CA|CA:TRUE|CA:FALSE")
        self.assertDirHolds([])

    def test_no_basic_constraints(self):
        ca = CA("nobc")
        r = sign(ca)
        line = self.assertError(r, 3, ca.pem)
        self.assertRegex(line, r"(?i)basicConstraints|CA:TRUE")

    def test_generic_signature_signs_with_a_non_ca(self):
        ca = CA("noca")
        r = sign(ca, profile="generic-signature")
        self.assertOk(r)
        self.assertSignatureValid(ca, CODE, r.text.rstrip("\n"))

    def test_key_of_another_ca(self):
        ca = CA("p256")
        out = self.path("sig.txt")
        r = sign(ca, "--out", out, key=CA("other").key)
        self.assertError(r, 3, CA("other").key, ca.pem)
        self.assertEqual(r.out, b"")
        self.assertDirHolds([])

    def test_failure_keeps_an_existing_output(self):
        ca = CA("p256")
        out = self.write("sig.txt", "ORIGINAL")
        r = sign(ca, "--out", out, key=CA("other").key)
        self.assertStatus(r, 3)
        self.assertEqual(self.read(out), b"ORIGINAL")
        self.assertDirHolds(["sig.txt"])

    def test_chain_file_key_of_another_cert_is_refused(self):
        """chain.pem is the root, then the intermediate: the platform takes the root
        (the first), so the intermediate's key is refused, naming both and #2."""
        chain = CA("chain")
        path = os.path.join(chain.dir, "chain.pem")
        out = self.path("sig.txt")
        r = run("sign", "--profile", "cumulocity", "--ca-cert", path, "--ca-key", chain.key,
                "--code", CODE, "--out", out)
        line = self.assertError(r, 3, "Chain Intermediate", "Chain Root", path + "#2")
        self.assertIn("#1", line)
        self.assertFalse(os.path.exists(out))
        r = run("sign", "--profile", "cumulocity", "--ca-cert", path + "#2", "--ca-key",
                chain.key, "--code", CODE, "--json")
        self.assertOk(r)
        j = r.json()
        self.assertIn("Chain Intermediate", j["ca_subject"])
        self.assertTrue(any("#2" in n and "Chain Intermediate" in n for n in j["notes"]), r)
        self.assertSignatureValid(chain, CODE, j["signature"])

    def test_chain_file_uses_the_first_and_says_so(self):
        chain = CA("chain")
        root = CA("chain/root")
        r = run("sign", "--profile", "cumulocity", "--ca-cert",
                os.path.join(chain.dir, "chain.pem"), "--ca-key", root.key, "--code", CODE)
        self.assertOk(r)
        self.assertTrue(any("Chain Root" in n and "#1" in n for n in r.notes()), r)
        self.assertSignatureValid(root, CODE, r.text.rstrip("\n"))

    def test_pick_past_the_end(self):
        path = os.path.join(CA("chain").dir, "chain.pem")
        for suffix, status in (("#3", 3), ("#0", 2)):
            with self.subTest(suffix=suffix):
                r = run("sign", "--profile", "cumulocity", "--ca-cert", path + suffix,
                        "--ca-key", CA("chain").key, "--code", CODE)
                self.assertError(r, status, path + suffix)


if __name__ == "__main__":
    pvtest.main()
