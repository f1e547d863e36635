#!/usr/bin/env python3
"""cli_vcert: `popverify vcert` for every key type and verification
certificate profile, its output forms, validity, and the profiles' code
rules. Certificates are checked independently (python `cryptography`)."""

import datetime
import os

from cryptography import x509

import pvtest
from pvtest import CA, CODES, GOOD_CAS, REFUSED, VCERT_PROFILES, run

NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


def vcert(ca, profile, code, *extra, key=None, cert=None):
    return run("vcert", "--profile", profile, "--ca-cert", cert or ca.pem, "--ca-key",
               key or ca.key, "--code", code, *extra)


class EveryKeyType(pvtest.TestCase):
    def test_profiles_by_key_type(self):
        for name in GOOD_CAS:
            for profile in VCERT_PROFILES:
                with self.subTest(ca=name, profile=profile):
                    ca = CA(name)
                    r = vcert(ca, profile, CODES[profile])
                    if (profile, name) in REFUSED:
                        # the error names the key the profile refuses
                        self.assertError(r, 3, "Ed25519" if name == "ed25519" else "EC P-")
                        self.assertEqual(r.out, b"")
                        continue
                    self.assertOk(r)
                    self.assertTrue(r.out.startswith(b"-----BEGIN CERTIFICATE-----\n"), r)
                    self.assertVcertValid(ca, CODES[profile], r.out)


class Output(pvtest.TestCase):
    def test_der_to_file(self):
        ca = CA("p256")
        out = self.path("verification.cer")
        r = vcert(ca, "azure-iothub", CODES["azure-iothub"], "--outform", "DER", "--out", out)
        self.assertOk(r)
        self.assertEqual(r.out, b"")
        data = self.read(out)
        self.assertEqual(data[0], 0x30, "DER starts with a SEQUENCE")
        x509.load_der_x509_certificate(data)
        self.assertVcertValid(ca, CODES["azure-iothub"], data)
        self.assertDirHolds(["verification.cer"])

    def test_pem_to_file_is_the_default(self):
        ca = CA("rsa2048")
        out = self.path("verification.pem")
        self.assertOk(vcert(ca, "aws-iot", CODES["aws-iot"], "--out", out))
        data = self.read(out)
        self.assertTrue(data.startswith(b"-----BEGIN CERTIFICATE-----"))
        self.assertVcertValid(ca, CODES["aws-iot"], data)

    def test_outform_pem_explicit(self):
        ca = CA("p384")
        r = vcert(ca, "generic-vcert", "abc", "--outform", "PEM")
        self.assertOk(r)
        self.assertVcertValid(ca, "abc", r.out)

    def test_fields(self):
        ca = CA("p256")
        r = vcert(ca, "azure-dps", CODES["azure-dps"])
        self.assertOk(r)
        v = x509.load_pem_x509_certificate(r.out)
        c = ca.cert()
        self.assertEqual(v.subject.rfc4514_string(), "CN=" + CODES["azure-dps"])
        self.assertEqual(v.issuer.public_bytes(), c.subject.public_bytes())
        self.assertGreater(v.serial_number, 0)
        self.assertGreaterEqual(v.serial_number.bit_length(), 56, "random serial")
        self.assertLess(v.not_valid_before_utc, NOW, "backdated for clock skew")
        self.assertGreater(v.not_valid_before_utc, NOW - DAY)
        bc = v.extensions.get_extension_for_class(x509.BasicConstraints).value
        self.assertFalse(bc.ca)

    def test_serials_differ(self):
        ca = CA("p256")
        a = x509.load_pem_x509_certificate(vcert(ca, "generic-vcert", "abc").out)
        b = x509.load_pem_x509_certificate(vcert(ca, "generic-vcert", "abc").out)
        self.assertNotEqual(a.serial_number, b.serial_number)


class Validity(pvtest.TestCase):
    def not_after(self, r):
        self.assertOk(r)
        return x509.load_pem_x509_certificate(r.out).not_valid_after_utc

    def test_days(self):
        ca = CA("p256")
        for days in [1, 7, 90]:
            with self.subTest(days=days):
                na = self.not_after(vcert(ca, "generic-vcert", "abc", "--days", str(days)))
                self.assertLess(abs(na - (NOW + days * DAY)), datetime.timedelta(hours=1))

    def test_default_days_is_short(self):
        na = self.not_after(vcert(CA("p256"), "azure-dps", CODES["azure-dps"]))
        self.assertLessEqual(na, NOW + 31 * DAY)
        self.assertGreater(na, NOW + DAY)

    def test_never_past_the_ca(self):
        ca = CA("short")  # expires in 2 days
        r = vcert(ca, "azure-dps", CODES["azure-dps"], "--days", "30")
        na = self.not_after(r)
        self.assertLessEqual(na, ca.cert().not_valid_after_utc)
        self.assertVcertValid(ca, CODES["azure-dps"], r.out)


class Codes(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = CA("p256")

    def refused(self, profile, code, *needles):
        out = self.path("v.pem")
        r = vcert(self.ca, profile, code, "--out", out)
        self.assertError(r, 3, "--code", *needles)
        self.assertDirHolds([])

    def test_azure_shapes(self):
        for profile in ["azure-dps", "azure-iothub"]:
            with self.subTest(profile=profile):
                self.refused(profile, "a" * 39, "39", "40")
                self.refused(profile, "a" * 49, "49", "48")
                self.refused(profile, "0123456789abcdef0123456789abcdeg01234567",
                             "'g'", "offset 31", "hex")
        self.assertOk(vcert(self.ca, "azure-dps", "a" * 40))
        self.assertOk(vcert(self.ca, "azure-dps", "A" * 48))

    def test_aws_shapes(self):
        self.refused("aws-iot", "a" * 63, "63", "64")
        self.refused("aws-iot", "a" * 65, "65", "64")
        self.refused("aws-iot", "z" + "a" * 63, "'z'", "offset 0", "hex")

    def test_longer_than_a_cn(self):
        self.refused("generic-vcert", "x" * 65, "65", "64")
        r = vcert(self.ca, "generic-vcert", "x" * 64)
        self.assertOk(r)
        self.assertVcertValid(self.ca, "x" * 64, r.out)

    def test_code_file_with_crlf(self):
        f = self.write("code.txt", CODES["aws-iot"] + "\r\n")
        r = run("vcert", "--profile", "aws-iot", "--ca-cert", self.ca.pem, "--ca-key",
                self.ca.key, "--code-file", f)
        self.assertOk(r)
        self.assertTrue(any("CRLF" in n for n in r.notes()), r)
        self.assertVcertValid(self.ca, CODES["aws-iot"], r.out)


class Chain(pvtest.TestCase):
    def test_intermediate_issues_when_picked(self):
        chain = CA("chain")
        r = vcert(chain, "azure-iothub", CODES["azure-iothub"],
                  cert=os.path.join(chain.dir, "chain.pem") + "#2")
        self.assertOk(r)
        self.assertVcertValid(chain, CODES["azure-iothub"], r.out)
        v = x509.load_pem_x509_certificate(r.out)
        self.assertEqual(v.issuer.public_bytes(), chain.cert().subject.public_bytes())

    def test_root_key_with_the_intermediate_first_is_refused(self):
        """Azure IH400053 made by popverify itself: the intermediate is uploaded
        (the first of the file), so a root-signed verification certificate is
        refused rather than written."""
        root = CA("chain/root")
        path = os.path.join(CA("chain").dir, "int-first.pem")
        out = self.path("v.pem")
        r = run("vcert", "--profile", "azure-dps", "--ca-cert", path, "--ca-key", root.key,
                "--code", CODES["azure-dps"], "--out", out)
        self.assertError(r, 3, "Chain Root", "Chain Intermediate", path + "#2")
        self.assertFalse(os.path.exists(out))

    def test_key_of_another_ca(self):
        r = vcert(CA("p256"), "azure-dps", CODES["azure-dps"], key=CA("other").key)
        self.assertError(r, 3, CA("other").key)
        self.assertEqual(r.out, b"")

    def test_not_a_ca_is_refused_where_the_platform_refuses(self):
        ca = CA("noca")
        r = vcert(ca, "aws-iot", CODES["aws-iot"])
        line = self.assertError(r, 3, ca.pem)
        self.assertRegex(line, r"(?i)not a CA|CA:TRUE|CA:FALSE")


if __name__ == "__main__":
    pvtest.main()
