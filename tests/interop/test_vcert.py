#!/usr/bin/env python3
"""interop_vcert: `popverify vcert` for every key type and verification
certificate profile, each certificate accepted by python `cryptography`, the
JDK and `openssl verify -partial_chain`."""

import os

import interop
import pvtest
from pvtest import CA, CODES, REFUSED, VCERT_PROFILES, run


class Vcerts(pvtest.TestCase):
    def make(self, ca, profile, outform="PEM", cert=None, code=None):
        tag = "%s-%s-%s%s" % (ca.name.replace("/", "-"), profile, outform,
                              "-given" if code else "")
        code = code or CODES[profile]
        code_file = self.write("code-%s.txt" % tag, code)
        out = self.path("vcert-%s.%s" % (tag, outform.lower()))
        r = run("vcert", "--profile", profile, "--ca-cert", cert or ca.pem, "--ca-key", ca.key,
                "--code", code, "--outform", outform, "--out", out)
        self.assertOk(r)
        return ("vcert", ca.pem, code_file, out)

    def cases(self):
        made = []
        for name in pvtest.GOOD_CAS:
            for profile in VCERT_PROFILES:
                if (profile, name) in REFUSED:
                    continue
                made.append(self.make(CA(name), profile))
        made.append(self.make(CA("p256"), "azure-dps", "DER"))
        made.append(self.make(CA("ed25519"), "generic-vcert", "DER"))
        # GetRegistrationCode's pattern (0x)?[a-fA-F0-9]+: the prefix stays in the CN
        made.append(self.make(CA("p256"), "aws-iot", code="0x" + CODES["aws-iot"][2:]))
        chain = CA("chain")
        for profile in ["azure-iothub", "azure-dps", "aws-iot"]:
            made.append(self.make(chain, profile, cert=os.path.join(chain.dir, "int-first.pem")))
        return made

    def test_three_verifiers_accept(self):
        cases = self.cases()
        java = interop.java_verdicts(cases, self.tmp)
        for case, jv in zip(cases, java):
            kind, ca, code_file, vcert = case
            code = self.read(code_file).decode()
            with self.subTest(vcert=os.path.basename(vcert)):
                self.assertEqual(interop.python_verdict(kind, ca, code_file, vcert), "valid")
                self.assertEqual(jv, "valid", "Java")
                if vcert.endswith(".pem"):
                    self.assertEqual(interop.openssl_verdict_vcert(ca, code, vcert), "valid",
                                     "openssl")

    def test_refused_key_types_make_nothing(self):
        for profile, name in sorted(REFUSED):
            with self.subTest(profile=profile, ca=name):
                out = self.path("refused.pem")
                ca = CA(name)
                r = run("vcert", "--profile", profile, "--ca-cert", ca.pem, "--ca-key", ca.key,
                        "--code", CODES[profile], "--out", out)
                self.assertError(r, 3)
                self.assertFalse(os.path.exists(out))


if __name__ == "__main__":
    pvtest.main()
