"""Validity: --days, the profile's days per role, and never past the issuer
(with a note saying the certificate was cut to the issuer's end).
"""

import unittest

import issuetest
from issuetest import run


class Validity(issuetest.TestCase):
    def short_root(self, days):
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=Short Root", "--days",
                str(days), "--key-out", self.path("r.key"), "--out", self.path("r.pem"))
        self.assertOk(r)
        return issuetest.load_cert(self.path("r.pem"))

    def test_days_option(self):
        root = self.short_root(10)
        self.assertValidDays(root, 10)

    def test_never_past_the_issuer(self):
        root = self.short_root(10)
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=Long Inter", "--days",
                "1000", "--ca-cert", self.path("r.pem"), "--ca-key", self.path("r.key"),
                "--key-out", self.path("i.key"), "--out", self.path("i.pem"))
        self.assertOk(r)
        self.assertTrue(any("ends when its issuer" in n for n in r.notes()), r)
        inter = issuetest.load_cert(self.path("i.pem"))
        self.assertEqual(inter.not_valid_after_utc, root.not_valid_after_utc)
        # The device's default 365 days are cut as well.
        r = run("device", "--profile", "cumulocity", "--ca-cert", self.path("i.pem"),
                "--ca-key", self.path("i.key"), "--id", "dev-short", "--key-out",
                self.path("d.key"), "--out", self.path("d.pem"))
        self.assertOk(r)
        device = issuetest.load_cert(self.path("d.pem"))
        self.assertEqual(device.not_valid_after_utc, root.not_valid_after_utc)

    def test_within_the_issuer_no_note(self):
        c = self.chain()
        r = self.device(c, "--id", "dev-days", "--days", "7", "--key-out",
                        self.path("d.key"), "--out", self.path("d.pem"))
        self.assertOk(r)
        self.assertEqual(r.notes(), [])
        self.assertValidDays(issuetest.load_cert(self.path("d.pem")), 7)

    def test_bad_days(self):
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=x", "--days", "0",
                "--key-out", self.path("r.key"), "--out", self.path("r.pem"))
        self.assertError(r, 2, "--days '0'")


if __name__ == "__main__":
    unittest.main(verbosity=2)
