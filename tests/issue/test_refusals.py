"""What `popverify ca` and `popverify device` refuse, each with one error
line naming the input and the fix, a documented exit status, and no file
left behind.
"""

import os
import unittest

from cryptography import x509
from cryptography.x509.oid import NameOID

import issuetest
from issuetest import run


class DeviceId(issuetest.TestCase):
    def test_forbidden_character_names_offset_and_set(self):
        c = self.chain()
        key, out = self.path("d.key"), self.path("d.pem")
        r = self.device(c, "--id", "dev:01", "--key-out", key, "--out", out)
        err = self.assertError(r, 3, "device id 'dev:01'", "':' at offset 3",
                               "cumulocity", "allowed characters: !-9;-~")
        self.assertIn("choose an id without it", err)
        self.assertNoFile(key, out)

    def test_checked_before_the_ca_key_is_opened(self):
        """No passphrase is asked for and no key made for an id that is refused."""
        c = self.chain("rsa3072")
        key = self.path("d.key")
        r = run("device", "--profile", "azure-dps", "--ca-cert", c.inter, "--ca-key",
                c.inter_key, "--id", "Sensor_", "--key-type", "rsa:4096", "--key-out",
                key, "--out", self.path("d.pem"))
        self.assertError(r, 3, "ends in '_'", "azure-dps", "last character")
        self.assertNotIn("passphrase", r.err)
        self.assertNoFile(key)

    def test_dps_registration_ids_as_documented(self):
        """concepts-service.md: case-insensitive alphanumerics and - . _ :, ending in
        an alphanumeric or '-'; the certificate carries the id as its CN."""
        c = self.chain()
        for i, dev_id in enumerate(["Sensor_01", "plant.7", "line:3", "Upper-Case-"]):
            out = self.path("dps%d.pem" % i)
            r = self.device(c, "--id", dev_id, "--key-out", self.path("dps%d.key" % i),
                            "--out", out, profile="azure-dps")
            self.assertEqual(r.status, 0, r)
            cert = x509.load_pem_x509_certificate(open(out, "rb").read())
            cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
            self.assertEqual(cn, dev_id)

    def test_non_ascii_byte(self):
        r = self.device(self.chain(), "--id", "caf\u00e9", "--key-out", self.path("k"),
                        "--out", self.path("c"))
        self.assertError(r, 3, "byte \\xC3 at offset 3")

    def test_too_long(self):
        r = self.device(self.chain(), "--id", "x" * 65, "--key-out", self.path("k"),
                        "--out", self.path("c"))
        self.assertError(r, 3, "65 characters long", "1 to 64")

    def test_allowed_by_another_profile(self):
        """':' is fine for AWS thing names."""
        c = self.chain("p256")
        out = self.path("d.pem")
        r = self.device(c, "--id", "thing:01", "--key-out", self.path("d.key"), "--out",
                        out, profile="aws-iot")
        self.assertOk(r)
        self.assertEqual(issuetest.load_cert(out).subject.rfc4514_string(), "CN=thing:01")


class KeyType(issuetest.TestCase):
    def test_device_key_type_refused_by_profile(self):
        key = self.path("d.key")
        r = self.device(self.chain(), "--id", "dev-1", "--key-type", "ed25519",
                        "--key-out", key, "--out", self.path("d.pem"), profile="azure-dps")
        self.assertError(r, 3, "key type ed25519", "refused by profile azure-dps",
                         "choose another key type")
        self.assertNoFile(key)

    def test_ca_key_type_refused_by_profile(self):
        key = self.path("r.key")
        r = run("ca", "--profile", "aws-iot", "--subject", "/CN=r", "--key-type",
                "ed25519", "--key-out", key, "--out", self.path("r.pem"))
        self.assertError(r, 3, "key type ed25519 for the root CA key", "aws-iot")
        self.assertNoFile(key)

    def test_issuer_key_refused_by_profile(self):
        """An Ed25519 intermediate cannot issue for Azure: the platform refuses it."""
        r = self.device(self.chain("ed25519"), "--id", "dev-1", "--key-out",
                        self.path("d.key"), "--out", self.path("d.pem"),
                        profile="azure-iothub")
        self.assertError(r, 3, "CA key", "Ed25519", "refused by profile azure-iothub",
                         "PV_KEY_TYPE_REFUSED")

    def test_unknown_key_type(self):
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=r", "--key-type",
                "dsa:2048", "--key-out", self.path("r.key"), "--out", self.path("r.pem"))
        self.assertError(r, 2, "unknown key type 'dsa:2048'")


class Issuer(issuetest.TestCase):
    def test_issuer_not_a_ca(self):
        c = self.chain()
        out = self.path("d.pem")
        r = run("device", "--profile", "cumulocity", "--ca-cert", c.device, "--ca-key",
                c.device_key, "--id", "dev-2", "--key-out", self.path("d.key"), "--out", out)
        self.assertError(r, 3, c.device, "is not a CA (CA:FALSE)", "CA:TRUE")
        self.assertNoFile(out, self.path("d.key"))

    def test_issuer_key_mismatch(self):
        c = self.chain()
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=i", "--ca-cert", c.inter,
                "--ca-key", c.root_key, "--key-out", self.path("i.key"), "--out",
                self.path("i.pem"))
        self.assertError(r, 3, c.root_key, "does not match certificate " + c.inter,
                         "SHA-256")
        self.assertNoFile(self.path("i.key"), self.path("i.pem"))

    def test_intermediate_under_pathlen_zero(self):
        c = self.chain()
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=i2", "--ca-cert",
                c.inter, "--ca-key", c.inter_key, "--passin", "pass:" + issuetest.PASSPHRASE,
                "--key-out", self.path("i.key"), "--out", self.path("i.pem"))
        self.assertError(r, 3, "pathlen:0", "issue the intermediate from the root")

    def test_wrong_passphrase(self):
        c = self.chain()
        r = run("device", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
                c.inter_key, "--passin", "pass:wrong", "--id", "dev-3", "--key-out",
                self.path("k"), "--out", self.path("c"))
        self.assertError(r, 3, "wrong passphrase")
        self.assertNoFile(self.path("k"), self.path("c"))


class Usage(issuetest.TestCase):
    def test_missing_and_contradictory_options(self):
        c = self.chain()
        cases = [
            (["ca", "--profile", "cumulocity", "--key-out", "k", "--out", "c"],
             "--subject is required"),
            (["ca", "--profile", "cumulocity", "--subject", "/CN=x", "--key-out", "k",
              "--out", "c", "--ca-cert", c.root], "both --ca-cert and --ca-key"),
            (["ca", "--profile", "cumulocity", "--subject", "/CN=x", "--key-out", "k",
              "--out", "c", "--passin", "pass:x"], "--passin is the passphrase of --ca-key"),
            (["ca", "--profile", "cumulocity", "--subject", "/CN=x", "--key-out", "same",
              "--out", "same"], "the same file"),
            (["device", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
              c.inter_key, "--id", "d", "--out", "c"], "give --csr or --key-out"),
            (["device", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
              c.inter_key, "--id", "d", "--out", "c", "--csr", "x.csr", "--key-type",
              "ec"], "--key-type is for a new key"),
            (["device", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
              c.inter_key, "--out", "c", "--key-out", "k"], "--id is required"),
            (["device", "--profile", "nope", "--ca-cert", c.inter, "--ca-key",
              c.inter_key, "--id", "d", "--out", "c", "--key-out", "k"], "nope"),
            (["ca", "--profile", "cumulocity", "--subject", "/CN=x", "--key-out", "k",
              "--out", "c", "--passout", "pass:"], "--passout pass:: the passphrase is empty"),
            (["ca", "--profile", "cumulocity", "--subject", "O=x", "--key-out", "k",
              "--out", "c"], "must start with '/'"),
        ]
        for args, needle in cases:
            with self.subTest(args=args):
                r = run(*args, cwd=self.tmp)
                self.assertError(r, 2, needle)
                self.assertEqual(sorted(os.listdir(self.tmp)), [])

    def test_help(self):
        for cmd in ("ca", "device"):
            r = run(cmd, "--help")
            self.assertOk(r)
            self.assertIn("usage: popverify %s" % cmd, r.text)
            self.assertIn("Exit status", r.text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
