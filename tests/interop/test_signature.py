#!/usr/bin/env python3
"""interop_signature: `popverify sign` for every key type and signature
profile, each output accepted by python `cryptography`, the JDK and openssl."""

import os

import interop
import pvtest
from pvtest import CA, CODES, SIGNATURE_PROFILES, run

# A certificate without CA:TRUE is fine for the generic profile.
EXTRA = [("noca", "generic-signature")]


class Signatures(pvtest.TestCase):
    def make(self, ca, profile, code_input):
        code = CODES[profile]
        tag = "%s-%s" % (ca.name.replace("/", "-"), profile)
        code_file = self.write("code-%s.txt" % tag, code)
        given = self.write("given-%s.txt" % tag, code_input)
        sig = self.path("sig-%s.txt" % tag)
        r = run("sign", "--profile", profile, "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code-file", given, "--out", sig)
        self.assertOk(r)
        return ("signature", ca.pem, code_file, sig)

    def cases(self):
        combos = [(n, p) for n in pvtest.GOOD_CAS for p in SIGNATURE_PROFILES] + EXTRA
        made = []
        for name, profile in combos:
            code = CODES[profile]
            # As the code file comes from a shell or an editor: LF, CRLF, BOM.
            for suffix in ["", "\n"] if name != "rsa4096" else [""]:
                made.append(self.make(CA(name), profile, code + suffix))
            made.append(self.make(CA(name), profile, "\ufeff" + code + "\r\n"))
        chain = CA("chain")
        made.append(self.make(chain, "cumulocity", CODES["cumulocity"]))
        return made

    def test_three_verifiers_accept(self):
        cases = self.cases()
        java = interop.java_verdicts(cases, self.tmp)
        for case, jv in zip(cases, java):
            kind, ca, code, sig = case
            with self.subTest(ca=ca, sig=os.path.basename(sig)):
                self.assertEqual(interop.python_verdict(kind, ca, code, sig), "valid")
                self.assertEqual(jv, "valid", "Java")
                self.assertEqual(interop.openssl_verdict_signature(ca, code, sig, self.tmp),
                                 "valid", "openssl")
                data = self.read(sig)
                self.assertNotIn(b"\n", data)
                self.assertNotIn(b"\r", data)


if __name__ == "__main__":
    pvtest.main()
