"""`popverify device --csr`: the device's own key certified after the CSR's
signature is checked; its subject replaced by CN=<id> and its requested
extensions left out (both said in a note); PEM and DER accepted.
"""

import unittest

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtensionOID

import issuetest
from issuetest import run_tool


class Csr(issuetest.TestCase):
    def make_csr(self, *extra, newkey=("ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
                 subj="/O=Somewhere/CN=asked-for"):
        path = self.path("dev.csr")
        run_tool("openssl", "req", "-new", "-newkey", *newkey, "-nodes", "-keyout",
                 self.path("dev.key"), "-subj", subj, "-out", path, *extra)
        return path

    def issue(self, csr, dev_id="dev-csr-1", chain="p256"):
        out = self.path("dev.pem")
        return self.device(self.chain(chain), "--id", dev_id, "--csr", csr, "--out", out), out

    def test_pem_csr_key_certified_subject_replaced(self):
        csr = self.make_csr()
        r, out = self.issue(csr)
        self.assertOk(r)
        self.assertTrue(any("subject /O=Somewhere/CN=asked-for is replaced by /CN=dev-csr-1"
                            in n for n in r.notes()), r)
        cert = issuetest.load_cert(out)
        self.assertEqual(cert.subject.rfc4514_string(), "CN=dev-csr-1")
        req = x509.load_pem_x509_csr(self.read(csr))
        spki = serialization.PublicFormat.SubjectPublicKeyInfo
        self.assertEqual(cert.public_key().public_bytes(serialization.Encoding.DER, spki),
                         req.public_key().public_bytes(serialization.Encoding.DER, spki))
        run_tool("openssl", "verify", "-x509_strict", "-CAfile", self.chain().root,
                 "-untrusted", self.chain().inter, out)

    def test_der_csr(self):
        pem = self.make_csr(subj="/CN=dev-csr-1")
        der = self.path("dev.der")
        run_tool("openssl", "req", "-in", pem, "-outform", "DER", "-out", der)
        r, out = self.issue(der)
        self.assertOk(r)
        self.assertEqual(r.notes(), [], "same subject: nothing to say")
        self.assertEqual(issuetest.load_cert(out).subject.rfc4514_string(), "CN=dev-csr-1")

    def test_requested_extensions_not_copied(self):
        csr = self.make_csr("-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                            "subjectAltName=DNS:evil.example", "-addext",
                            "keyUsage=critical,keyCertSign")
        r, out = self.issue(csr)
        self.assertOk(r)
        self.assertTrue(any("3 requested extension(s) are not copied" in n
                            for n in r.notes()), r)
        cert = issuetest.load_cert(out)
        self.assertFalse(cert.extensions.get_extension_for_oid(
            ExtensionOID.BASIC_CONSTRAINTS).value.ca)
        self.assertFalse(cert.extensions.get_extension_for_oid(
            ExtensionOID.KEY_USAGE).value.key_cert_sign)
        with self.assertRaises(x509.ExtensionNotFound):
            cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)

    def test_bad_signature_refused(self):
        pem = self.make_csr()
        der = bytearray(run_tool("openssl", "req", "-in", pem, "-outform", "DER"))
        der[-6] ^= 0x01  # inside the signature value
        bad = self.write("bad.der", bytes(der))
        r, out = self.issue(bad)
        self.assertError(r, 3, "CSR %s" % bad, "signature does not verify",
                         "make a new CSR")
        self.assertNoFile(out)

    def test_not_a_csr(self):
        r, out = self.issue(self.chain().root)
        self.assertError(r, 3, "not a certificate signing request")
        r, out = self.issue(self.path("missing.csr"))
        self.assertError(r, 3, "cannot read it")

    def test_csr_key_refused_by_profile(self):
        csr = self.make_csr(newkey=("ed25519",))
        out = self.path("dev.pem")
        r = self.device(self.chain("p256"), "--id", "dev-1", "--csr", csr, "--out", out,
                        profile="aws-iot")
        self.assertError(r, 3, "the device key (Ed25519) is refused by profile aws-iot")
        self.assertNoFile(out)

    def test_rsa_csr_under_rsa_chain(self):
        csr = self.make_csr(newkey=("rsa:2048",))
        r, out = self.issue(csr, chain="rsa3072")
        self.assertOk(r)
        self.assertEqual(issuetest.load_cert(out).public_key().key_size, 2048)


if __name__ == "__main__":
    unittest.main(verbosity=2)
