#!/usr/bin/env python3
"""cli_verify: `popverify verify` says valid (exit 0) or invalid (exit 1)
for signatures and verification certificates, including ones made by plain
openssl, so verify is not only checked against popverify's own output."""

import base64
import os
import subprocess
import tempfile

import pvtest
from pvtest import CA, CODES, fingerprint, norm_hex, run, run_tool

CODE = CODES["cumulocity"]


def openssl_signature(ca, code):
    """base64(sign(SHA-256, code)) made by the stock openssl CLI."""
    if ca.name == "ed25519":  # one-shot: pkeyutl needs a regular file
        with tempfile.NamedTemporaryFile(dir=os.environ.get("POPVERIFY_WORKDIR")) as f:
            f.write(code.encode())
            f.flush()
            raw = run_tool("openssl", "pkeyutl", "-sign", "-inkey", ca.key, "-rawin", "-in",
                           f.name)
    else:
        raw = run_tool("openssl", "dgst", "-sha256", "-sign", ca.key, input=code.encode())
    return base64.b64encode(raw).decode()


def verify(ca, *proof, code=CODE, profile=None, cert=None):
    args = ["verify", "--ca-cert", cert or ca.pem, "--code", code, *proof]
    if profile:
        args += ["--profile", profile]
    return run(*args)


class VerifyCase(pvtest.TestCase):
    def assertValid(self, r):
        self.assertOk(r)
        self.assertEqual(len(r.text.splitlines()), 1, r)
        self.assertTrue(r.text.startswith("valid: "), r)

    def assertInvalid(self, r, *needles):
        self.assertStatus(r, 1)
        self.assertEqual(r.errors(), [], r)
        lines = r.text.splitlines()
        self.assertEqual(len(lines), 1, r)
        self.assertTrue(lines[0].startswith("invalid: "), r)
        for n in needles:
            self.assertIn(n.lower(), lines[0].lower(), r)


class Signatures(VerifyCase):
    def test_openssl_made_signatures(self):
        for name in pvtest.GOOD_CAS:
            with self.subTest(ca=name):
                ca = CA(name)
                sig = openssl_signature(ca, CODE)
                self.assertValid(verify(ca, "--signature", sig, profile="cumulocity"))
                self.assertValid(verify(ca, "--signature", sig))  # generic-signature

    def test_signature_file(self):
        ca = CA("p256")
        f = self.write("sig.txt", openssl_signature(ca, CODE))
        self.assertValid(verify(ca, "--signature-file", f, profile="cumulocity"))

    def test_popverify_round_trip(self):
        ca = CA("rsa2048")
        out = self.path("sig.txt")
        self.assertOk(run("sign", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key",
                          ca.key, "--code", CODE, "--out", out))
        self.assertValid(verify(ca, "--signature-file", out, profile="cumulocity"))

    def test_code_file_as_editors_leave_it(self):
        ca = CA("p521")
        sig = openssl_signature(ca, CODE)
        for label, content in [("lf", CODE + "\n"), ("crlf", CODE + "\r\n"),
                               ("bom", "\ufeff" + CODE)]:
            with self.subTest(variant=label):
                f = self.write("code-%s.txt" % label, content)
                r = run("verify", "--ca-cert", ca.pem, "--code-file", f, "--signature", sig)
                self.assertValid(r)
                self.assertTrue(r.notes(), "a note says what was removed: %r" % r)

    def test_tampered(self):
        ca = CA("p256")
        sig = bytearray(base64.b64decode(openssl_signature(ca, CODE)))
        sig[10] ^= 0x01
        self.assertInvalid(verify(ca, "--signature", base64.b64encode(bytes(sig)).decode()))

    def test_wrong_code(self):
        ca = CA("rsa2048")
        sig = openssl_signature(ca, CODE)
        self.assertInvalid(verify(ca, "--signature", sig, code=CODE + "x"))

    def test_code_with_newline_signed(self):
        # The classic `echo code > file; openssl dgst -sign` mistake.
        ca = CA("rsa2048")
        sig = openssl_signature(ca, CODE + "\n")
        self.assertInvalid(verify(ca, "--signature", sig, profile="cumulocity"))

    def test_other_ca(self):
        sig = openssl_signature(CA("other"), CODE)
        self.assertInvalid(verify(CA("p256"), "--signature", sig))

    def test_wrapped_base64(self):
        ca = CA("rsa4096")
        sig = openssl_signature(ca, CODE)
        wrapped = sig[:64] + "\n" + sig[64:]
        self.assertInvalid(verify(ca, "--signature", wrapped), "64")

    def test_not_base64(self):
        ca = CA("p256")
        self.assertInvalid(verify(ca, "--signature", "not*base64"))

    def test_url_safe_alphabet(self):
        ca = CA("rsa2048")
        for _ in range(20):  # until the signature holds a '+' or '/'
            sig = openssl_signature(ca, CODE + "%d" % _)
            if "+" in sig or "/" in sig:
                break
        url = sig.replace("+", "-").replace("/", "_")
        self.assertNotEqual(url, sig)
        self.assertInvalid(verify(ca, "--signature", url, code=CODE + "%d" % _))

    def test_json(self):
        ca = CA("p384")
        sig = openssl_signature(ca, CODE)
        r = verify(ca, "--signature", sig, "--json", profile="cumulocity")
        self.assertOk(r)
        j = r.json()
        for field in ["valid", "reason", "profile", "kind", "code", "ca_subject", "ca_sha1",
                      "ca_sha256"]:
            self.assertIn(field, j)
        self.assertIs(j["valid"], True)
        self.assertEqual(j["profile"], "cumulocity")
        self.assertEqual(j["kind"], "signature")
        self.assertEqual(j["code"], CODE)
        self.assertEqual(norm_hex(j["ca_sha256"]), fingerprint(ca.cert(), "SHA256"))
        self.assertEqual(norm_hex(j["ca_sha1"]), fingerprint(ca.cert(), "SHA1"))

    def test_json_invalid(self):
        ca = CA("p384")
        sig = openssl_signature(CA("other"), CODE)
        r = verify(ca, "--signature", sig, "--json")
        self.assertStatus(r, 1)
        j = r.json()
        self.assertIs(j["valid"], False)
        self.assertTrue(j["reason"], "an invalid verdict has a reason")


class Vcerts(VerifyCase):
    def make_vcert(self, ca, code, profile="azure-dps", *extra):
        out = self.path("v-%s.pem" % ca.name.replace("/", "-"))
        r = run("vcert", "--profile", profile, "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code", code, "--out", out, *extra)
        self.assertOk(r)
        return out

    def openssl_vcert(self, ca, code):
        """A verification certificate the way forum posts make it."""
        key = self.path("leaf.key")
        csr = self.path("leaf.csr")
        out = self.path("openssl-vcert.pem")
        ext = self.write("ext.cnf", "[v]\nbasicConstraints=CA:FALSE\n"
                         "authorityKeyIdentifier=keyid\n")
        run_tool("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-out", key)
        run_tool("openssl", "req", "-new", "-key", key, "-subj", "/CN=" + code, "-out", csr)
        run_tool("openssl", "x509", "-req", "-in", csr, "-CA", ca.pem, "-CAkey", ca.key,
                 "-set_serial", "0x5eed", "-days", "2", "-extfile", ext, "-extensions", "v",
                 "-out", out, stderr=subprocess.DEVNULL)
        return out

    def test_valid(self):
        code = CODES["azure-dps"]
        for name in ["rsa2048", "p256", "p521"]:
            with self.subTest(ca=name):
                ca = CA(name)
                v = self.make_vcert(ca, code)
                self.assertValid(verify(ca, "--vcert", v, code=code, profile="azure-dps"))
                self.assertValid(verify(ca, "--vcert", v, code=code))  # generic-vcert

    def test_new_platforms_and_aws_prefix(self):
        """huawei-iotda (a UUID verify_code), alibaba-iot (RSA CA) and an AWS code with
        the documented 0x prefix, which stays in the CN."""
        for profile, name, code in [("huawei-iotda", "p256", CODES["huawei-iotda"]),
                                    ("huawei-iotda", "rsa2048", CODES["huawei-iotda"]),
                                    ("alibaba-iot", "rsa2048", CODES["alibaba-iot"]),
                                    ("aws-iot", "p384", "0x" + CODES["aws-iot"][2:])]:
            with self.subTest(profile=profile, ca=name):
                ca = CA(name)
                v = self.make_vcert(ca, code, profile)
                self.assertValid(verify(ca, "--vcert", v, code=code, profile=profile))
                self.assertVcertValid(ca, code, self.read(v))
                self.assertInvalid(verify(ca, "--vcert", v, code=code[:-1] + (
                    "0" if code[-1] != "0" else "1"), profile=profile))

    def test_openssl_made(self):
        ca = CA("p256")
        code = CODES["aws-iot"]
        v = self.openssl_vcert(ca, code)
        self.assertValid(verify(ca, "--vcert", v, code=code, profile="aws-iot"))

    def test_der(self):
        ca = CA("rsa2048")
        code = CODES["aws-iot"]
        out = self.path("v.der")
        self.assertOk(run("vcert", "--profile", "aws-iot", "--ca-cert", ca.pem, "--ca-key",
                          ca.key, "--code", code, "--outform", "DER", "--out", out))
        self.assertValid(verify(ca, "--vcert", out, code=code, profile="aws-iot"))

    def test_wrong_code(self):
        ca = CA("p256")
        v = self.make_vcert(ca, CODES["azure-dps"])
        other = CODES["azure-dps"].replace("0", "1")
        self.assertInvalid(verify(ca, "--vcert", v, code=other, profile="azure-dps"))

    def test_other_ca(self):
        v = self.make_vcert(CA("other"), CODES["azure-dps"])
        self.assertInvalid(verify(CA("p256"), "--vcert", v, code=CODES["azure-dps"]))

    def test_signed_by_root_when_intermediate_uploaded(self):
        # Azure's IH400053: the vcert must come from the uploaded CA itself.
        root = CA("chain/root")
        v = self.make_vcert(root, CODES["azure-iothub"], "azure-iothub")
        self.assertInvalid(verify(CA("chain"), "--vcert", v, code=CODES["azure-iothub"],
                                  profile="azure-iothub"))

    def test_json(self):
        ca = CA("p256")
        code = CODES["azure-iothub"]
        v = self.make_vcert(ca, code, "azure-iothub")
        r = verify(ca, "--vcert", v, "--json", code=code, profile="azure-iothub")
        self.assertOk(r)
        j = r.json()
        self.assertIs(j["valid"], True)
        self.assertEqual(j["kind"], "vcert")
        self.assertEqual(j["profile"], "azure-iothub")
        self.assertEqual(j["code"], code)


if __name__ == "__main__":
    pvtest.main()
