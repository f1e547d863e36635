"""Profiles from openssl.cnf rule issuance: device_days and
device_extensions of a configured profile are applied, and the same
extension section gives the same extensions through plain
`openssl x509 -req -extfile CNF -extensions SECTION`. A section that would
make a certificate relying parties reject is refused before anything is
written.
"""

import unittest

from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID

import issuetest
from issuetest import PASSPHRASE, run, run_tool

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
profiles = acme acme_strict_ca broken_device
acme = acme_sect
acme_strict_ca = acme_strict_ca_sect
broken_device = broken_device_sect

[acme_sect]
base = cumulocity
device_days = 90
device_extensions = acme_device_ext
intermediate_days = 400
intermediate_extensions = acme_inter_ext

[acme_device_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth, serverAuth

[acme_inter_ext]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[acme_strict_ca_sect]
base = acme
intermediate_extensions = acme_no_certsign_ext

[acme_no_certsign_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature

[broken_device_sect]
base = cumulocity
device_extensions = broken_device_ext

[broken_device_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = none
"""


def ext_map(cert):
    """oid -> (critical, DER value) of every extension."""
    return {e.oid.dotted_string: (e.critical, e.value.public_bytes())
            for e in cert.extensions}


class ConfigProfiles(issuetest.TestCase):
    def setUp(self):
        super().setUp()
        self.cnf = self.write("openssl.cnf", CONFIG)
        self.env = {"OPENSSL_CONF": self.cnf}

    def csr(self):
        path = self.path("dev.csr")
        run_tool("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-keyout", self.path("dev.key"),
                 "-subj", "/CN=dev-acme-1", "-out", path)
        return path

    def test_device_days_and_extensions_applied(self):
        out = self.path("d.pem")
        r = self.device(self.chain(), "--id", "dev-acme-1", "--key-out", self.path("d.key"),
                        "--out", out, profile="acme", env=self.env)
        self.assertOk(r)
        cert = issuetest.load_cert(out)
        self.assertValidDays(cert, 90)
        ku = cert.extensions.get_extension_for_oid(ExtensionOID.KEY_USAGE).value
        self.assertTrue(ku.digital_signature and ku.key_encipherment)
        eku = cert.extensions.get_extension_for_oid(ExtensionOID.EXTENDED_KEY_USAGE).value
        self.assertEqual(list(eku), [ExtendedKeyUsageOID.CLIENT_AUTH,
                                     ExtendedKeyUsageOID.SERVER_AUTH])
        run_tool("openssl", "verify", "-x509_strict", "-CAfile", self.chain().root,
                 "-untrusted", self.chain().inter, out)

    def test_same_extensions_as_openssl_x509_req(self):
        """Same CSR, same CA, same section: the same extensions, byte for byte
        (openssl adds subject and authority key identifiers; so does popverify)."""
        c = self.chain()
        csr = self.csr()
        mine = self.path("popverify.pem")
        r = self.device(c, "--id", "dev-acme-1", "--csr", csr, "--out", mine,
                        profile="acme", env=self.env)
        self.assertOk(r)
        ref = self.path("openssl.pem")
        run_tool("openssl", "x509", "-req", "-in", csr, "-CA", c.inter, "-CAkey",
                 c.inter_key, "-passin", "pass:" + PASSPHRASE, "-extfile", self.cnf,
                 "-extensions", "acme_device_ext", "-days", "90", "-out", ref)
        got, want = issuetest.load_cert(mine), issuetest.load_cert(ref)
        self.assertEqual(ext_map(got), ext_map(want))
        self.assertEqual(got.subject, want.subject)
        gap = (got.not_valid_after_utc - want.not_valid_after_utc).total_seconds()
        self.assertLess(abs(gap), 600, "both end 90 days from now")

    def test_intermediate_from_config_with_config_option(self):
        """--config FILE instead of OPENSSL_CONF; pathlen:1 lets it issue a CA."""
        c = self.chain()
        r = run("--config", self.cnf, "ca", "--profile", "acme", "--subject",
                "/O=Acme/CN=Acme Policy CA", "--ca-cert", c.root, "--ca-key", c.root_key,
                "--key-out", self.path("i.key"), "--out", self.path("i.pem"))
        self.assertOk(r)
        inter = issuetest.load_cert(self.path("i.pem"))
        bc = inter.extensions.get_extension_for_oid(ExtensionOID.BASIC_CONSTRAINTS).value
        self.assertEqual(bc.path_length, 1)
        self.assertValidDays(inter, 400)
        r = run("--config", self.cnf, "ca", "--profile", "acme", "--subject",
                "/O=Acme/CN=Acme Issuing 2", "--ca-cert", self.path("i.pem"), "--ca-key",
                self.path("i.key"), "--key-out", self.path("i2.key"), "--out",
                self.path("i2.pem"))
        self.assertOk(r)

    def test_inherited_id_rules(self):
        r = self.device(self.chain(), "--id", "dev:acme", "--key-out", self.path("d.key"),
                        "--out", self.path("d.pem"), profile="acme", env=self.env)
        self.assertError(r, 3, "':' at offset 3", "profile acme")

    def test_ca_that_cannot_sign_is_refused(self):
        c = self.chain()
        r = run("ca", "--profile", "acme_strict_ca", "--subject", "/CN=No Sign",
                "--ca-cert", c.root, "--ca-key", c.root_key, "--key-out",
                self.path("i.key"), "--out", self.path("i.pem"), env=self.env)
        self.assertError(r, 3, "intermediate_extensions", "no keyCertSign",
                         "keyCertSign, cRLSign")
        self.assertNoFile(self.path("i.key"), self.path("i.pem"))

    def test_strict_chain_check_catches_missing_aki(self):
        r = self.device(self.chain(), "--id", "dev-broken", "--key-out",
                        self.path("d.key"), "--out", self.path("d.pem"),
                        profile="broken_device", env=self.env)
        self.assertError(r, 3, "does not verify as a chain",
                         "Missing Authority Key Identifier", "device_extensions")
        self.assertNoFile(self.path("d.key"), self.path("d.pem"))


if __name__ == "__main__":
    unittest.main(verbosity=2)
