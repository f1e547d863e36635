#!/usr/bin/env python3
"""interop_negative: the three verifiers can fail. Corrupted, re-wrapped or
misdirected proofs are rejected by each of them, and proofs made by plain
openssl (not popverify) are accepted, so they agree with openssl on their own."""

import base64
import subprocess

import interop
import pvtest
from pvtest import CA, CODES, run, run_tool


class Verifiers(pvtest.TestCase):
    def verdicts(self, case, with_openssl=True):
        """{checker: verdict} for one (kind, ca, code_file, proof) case."""
        kind, ca, code_file, proof = case
        got = {"python": interop.python_verdict(*case),
               "java": interop.java_verdicts([case], self.tmp)[0]}
        if with_openssl and kind == "signature":
            got["openssl"] = interop.openssl_verdict_signature(ca, code_file, proof, self.tmp)
        elif with_openssl:
            got["openssl"] = interop.openssl_verdict_vcert(ca, self.read(code_file).decode(),
                                                           proof)
        return got

    def assertAll(self, case, valid, with_openssl=True):
        for checker, verdict in self.verdicts(case, with_openssl).items():
            with self.subTest(checker=checker, proof=case[3]):
                if valid:
                    self.assertEqual(verdict, "valid")
                else:
                    self.assertTrue(verdict.startswith("invalid: "), verdict)

    def sign(self, name="p256", code=CODES["cumulocity"]):
        ca = CA(name)
        r = run("sign", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code", code)
        self.assertOk(r)
        return ca, r.out.rstrip(b"\n")

    def vcert(self, ca, code=CODES["azure-dps"], cert=None):
        r = run("vcert", "--profile", "azure-dps", "--ca-cert", cert or ca.pem, "--ca-key",
                ca.key, "--code", code)
        self.assertOk(r)
        return self.write("vcert-%s.pem" % ca.name.replace("/", "-"), r.out)

    def code_file(self, code):
        return self.write("code-%d.txt" % len(code), code)


class Signatures(Verifiers):
    def test_corrupted(self):
        for name in ["rsa2048", "p384", "ed25519"]:
            ca, sig = self.sign(name)
            bad = self.write("bad-%s.txt" % name, interop.corrupt_signature(sig))
            self.assertAll(("signature", ca.pem, self.code_file(CODES["cumulocity"]), bad),
                           False)

    def test_other_ca(self):
        _, sig = self.sign("other")
        case = ("signature", CA("p256").pem, self.code_file(CODES["cumulocity"]),
                self.write("sig.txt", sig))
        self.assertAll(case, False)

    def test_code_with_newline(self):
        _, sig = self.sign()
        case = ("signature", CA("p256").pem, self.code_file(CODES["cumulocity"] + "\n"),
                self.write("sig.txt", sig))
        self.assertAll(case, False)

    def test_not_strict_base64(self):
        # openssl's own decoder forgives line breaks, the platforms do not.
        ca, sig = self.sign("rsa4096")
        code = self.code_file(CODES["cumulocity"])
        for label, text in [("newline", sig + b"\n"), ("wrapped", sig[:64] + b"\n" + sig[64:]),
                            ("unpadded", sig.rstrip(b"=") if sig.endswith(b"=") else sig[:-1]),
                            ("urlsafe", sig.replace(b"+", b"-").replace(b"/", b"_") + b"-_")]:
            with self.subTest(form=label):
                proof = self.write("sig-%s.txt" % label, text)
                self.assertAll(("signature", ca.pem, code, proof), False, with_openssl=False)

    def test_openssl_made_is_accepted(self):
        code = CODES["cumulocity"]
        code_file = self.code_file(code)
        for name in ["rsa2048", "p521", "ed25519"]:
            ca = CA(name)
            if name == "ed25519":
                raw = run_tool("openssl", "pkeyutl", "-sign", "-inkey", ca.key, "-rawin",
                               "-in", code_file)
            else:
                raw = run_tool("openssl", "dgst", "-sha256", "-sign", ca.key, code_file)
            sig = self.write("openssl-%s.txt" % name, base64.b64encode(raw))
            self.assertAll(("signature", ca.pem, code_file, sig), True)


class Vcerts(Verifiers):
    def test_corrupted(self):
        for name in ["rsa2048", "p256"]:
            ca = CA(name)
            good = self.vcert(ca)
            bad = self.write("bad.pem", interop.corrupt_cert_pem(self.read(good)))
            self.assertAll(("vcert", ca.pem, self.code_file(CODES["azure-dps"]), bad), False)

    def test_other_ca(self):
        v = self.vcert(CA("other"))
        self.assertAll(("vcert", CA("p256").pem, self.code_file(CODES["azure-dps"]), v), False)

    def test_wrong_code(self):
        v = self.vcert(CA("p256"))
        other = self.code_file(CODES["azure-dps"][:-1] + "0")
        self.assertAll(("vcert", CA("p256").pem, other, v), False)

    def test_root_signed_when_intermediate_uploaded(self):
        v = self.vcert(CA("chain/root"))
        self.assertAll(("vcert", CA("chain").pem, self.code_file(CODES["azure-dps"]), v), False)

    def test_openssl_made_is_accepted(self):
        ca = CA("p384")
        code = CODES["aws-iot"]
        key, csr, out = self.path("l.key"), self.path("l.csr"), self.path("openssl.pem")
        ext = self.write("ext.cnf", "[v]\nbasicConstraints=CA:FALSE\n"
                         "authorityKeyIdentifier=keyid\n")
        run_tool("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-out", key)
        run_tool("openssl", "req", "-new", "-key", key, "-subj", "/CN=" + code, "-out", csr)
        run_tool("openssl", "x509", "-req", "-in", csr, "-CA", ca.pem, "-CAkey", ca.key,
                 "-set_serial", "0x0123456789abcdef", "-days", "2", "-extfile", ext,
                 "-extensions", "v", "-out", out, stderr=subprocess.DEVNULL)
        self.assertAll(("vcert", ca.pem, self.code_file(code), out), True)


if __name__ == "__main__":
    pvtest.main()
