#!/usr/bin/env python3
"""test_profiles_config.py - profiles defined in openssl.cnf, read through
OPENSSL_CONF and --config: listing, origins, use in sign and vcert, and the
errors of a profile that cannot be loaded."""

import datetime
import os

from cryptography import x509

import pvtest

CONFIG = """\
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
popverify = popverify_sect
[default_sect]
activate = 1
[popverify_sect]
activate = 1
profiles = acme_c8y acme_aws typo badval
acme_c8y = acme_c8y_sect
acme_aws = acme_aws_sect
typo = typo_sect
badval = badval_sect
[acme_c8y_sect]
base = cumulocity
device_days = 90
device_extensions = acme_device_ext
ca_cert = {ca_pem}
ca_key = {ca_key}
[acme_device_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
[acme_aws_sect]
base = aws-iot
vcert_days = 7
[typo_sect]
base = cumulocity
devce_days = 3
[badval_sect]
base = aws-iot
vcert_days = ninety
"""


class ConfigProfiles(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        self.ca = pvtest.CA("p256")
        self.cnf = self.write("popverify.cnf", CONFIG.format(
            ca_pem=self.ca.pem, ca_key=self.ca.key).encode())

    def test_listed_with_config_option_anywhere(self):
        for args in (("--config", self.cnf, "profiles"), ("profiles", "--config", self.cnf),
                     ("profiles", "--config=" + self.cnf)):
            r = pvtest.run(*args)
            self.assertOk(r)
            names = [line.split()[0] for line in r.text.splitlines()]
            self.assertIn("acme_c8y", names, r)
            self.assertIn("acme_aws", names, r)
            self.assertNotIn("typo", names, r)  # broken profiles are not offered

    def test_listed_through_openssl_conf(self):
        r = pvtest.run("profiles", env={"OPENSSL_CONF": self.cnf})
        self.assertOk(r)
        self.assertIn("acme_c8y", r.text)

    def test_origins(self):
        r = pvtest.run("--config", self.cnf, "profiles", "acme_c8y")
        self.assertOk(r)
        self.assertIn("base: cumulocity", r.text)
        self.assertIn("device_days: 90  (config)", r.text)
        self.assertIn("root_days: 3650  (built-in cumulocity, via base; popverify default)",
                      r.text)
        self.assertIn("extendedKeyUsage = clientAuth; subjectKeyIdentifier = hash; "
                      "authorityKeyIdentifier = keyid, issuer  (config)", r.text)

    def test_sign_with_config_profile(self):
        code = pvtest.CODES["cumulocity"]
        r = pvtest.run("--config", self.cnf, "sign", "--profile", "acme_c8y", "--ca-cert",
                       self.ca.pem, "--ca-key", self.ca.key, "--code", code)
        self.assertOk(r)
        self.assertSignatureValid(self.ca, code, r.text.strip())

    def test_vcert_days_from_config(self):
        code = pvtest.CODES["aws-iot"]
        out = self.path("v.pem")
        r = pvtest.run("--config", self.cnf, "vcert", "--profile", "acme_aws", "--ca-cert",
                       self.ca.pem, "--ca-key", self.ca.key, "--code", code,
                       "--out", out)
        self.assertOk(r)
        cert = x509.load_pem_x509_certificate(self.read(out))
        days = (cert.not_valid_after_utc - datetime.datetime.now(datetime.timezone.utc)).days
        self.assertIn(days, (6, 7), cert.not_valid_after_utc)
        self.assertVcertValid(self.ca, code, self.read(out))

    def test_unknown_field_named_with_section(self):
        r = pvtest.run("--config", self.cnf, "profiles", "typo")
        line = self.assertError(r, 2, "devce_days", "typo_sect")
        self.assertIn("unknown field", line)

    def test_bad_value_named(self):
        r = pvtest.run("--config", self.cnf, "sign", "--profile", "badval", "--ca-cert",
                       self.ca.pem, "--ca-key", self.ca.key, "--code", "x")
        self.assertError(r, 2, "vcert_days = 'ninety'", "badval_sect")

    def test_unreadable_config(self):
        r = pvtest.run("--config", self.path("missing.cnf"), "profiles")
        self.assertError(r, 3, "missing.cnf")


class ExampleConfig(pvtest.TestCase):
    """openssl.cnf.example is the documented provisioning setup: it must load."""

    EXAMPLE = os.path.join(pvtest.HERE, "..", "..", "openssl.cnf.example")

    def test_every_profile_loads(self):
        for name in ("acme_c8y", "acme_dps", "acme_hub", "acme_aws", "acme_iotda",
                     "acme_ali"):
            r = pvtest.run("--config", self.EXAMPLE, "profiles", name)
            self.assertOk(r)
            self.assertIn("(config)", r.text, r)

    def test_overrides_applied(self):
        r = pvtest.run("--config", self.EXAMPLE, "profiles", "acme_hub")
        self.assertOk(r)
        self.assertIn("digest: SHA384  (config)", r.text)
        r = pvtest.run("--config", self.EXAMPLE, "profiles", "acme_dps")
        self.assertIn("key_types: ec  (config)", r.text)
        r = pvtest.run("--config", self.EXAMPLE, "profiles", "acme_ali")
        self.assertIn("min_rsa_bits: 3072  (config)", r.text)
        self.assertIn("key_types: rsa  (built-in alibaba-iot, via base; source: Alibaba",
                      r.text)

    def test_relaxing_a_popverify_default(self):
        """The way a refusal by a popverify default says to relax it works."""
        ca = pvtest.CA("ed25519")
        code = pvtest.CODES["azure-iothub"]
        r = pvtest.run("vcert", "--profile", "azure-iothub", "--ca-cert", ca.pem,
                       "--ca-key", ca.key, "--code", code)
        err = self.assertError(r, 3, "popverify's default", "base = azure-iothub",
                               "key_types = rsa ec ed25519")
        self.assertIn("not a published Azure IoT Hub rule", err)
        head = CONFIG[:CONFIG.index("profiles = ")]
        cnf = self.write("relaxed.cnf", (head + "profiles = hub_ed\nhub_ed = hub_ed_sect\n"
                                         "[hub_ed_sect]\nbase = azure-iothub\n"
                                         "key_types = rsa ec ed25519\n").encode())
        out = self.path("v.pem")
        r = pvtest.run("--config", cnf, "vcert", "--profile", "hub_ed", "--ca-cert", ca.pem,
                       "--ca-key", ca.key, "--code", code, "--out", out)
        self.assertOk(r)
        self.assertVcertValid(ca, code, open(out, "rb").read())


if __name__ == "__main__":
    pvtest.main()
