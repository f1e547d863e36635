"""Root -> intermediate -> device chains issued by `popverify ca` and
`popverify device`, checked by three verifiers that share no code with
popverify: `openssl verify -x509_strict`, the JDK's PKIX path validator, and
python `cryptography`'s path builder (RSA and EC; its web PKI policy refuses
Ed25519 keys). Then the fields the issue promises, read with `cryptography`.
"""

import os
import subprocess
import unittest

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, ExtensionOID
from cryptography.x509.verification import PolicyBuilder, Store

try:  # cryptography >= 45; Debian 13 has 43
    from cryptography.x509.verification import Criticality, ExtensionPolicy
    NO_POLICY = None
except ImportError:
    import cryptography
    NO_POLICY = ("python3 cryptography %s has no x509.verification.ExtensionPolicy "
                 "(cryptography >= 45) to allow device certificates without a SAN"
                 % cryptography.__version__)

import issuetest
from issuetest import chains, load_certs, now, run_tool

JAVA = os.environ.get("POPVERIFY_JAVA", "java")
JAVA_CLASSES = os.environ.get("POPVERIFY_ISSUE_JAVA_CLASSES", "")


def path_build(root, inter, device):
    """cryptography's client verifier; device certificates carry no SAN."""
    ee = ExtensionPolicy.webpki_defaults_ee().may_be_present(
        x509.SubjectAlternativeName, Criticality.AGNOSTIC, None)
    verifier = (PolicyBuilder().store(Store([root])).time(now())
                .extension_policies(ca_policy=ExtensionPolicy.webpki_defaults_ca(),
                                    ee_policy=ee)
                .build_client_verifier())
    return verifier.verify(device, [inter]).chain


def run_tool_status(*args):
    """Output of a tool whose verdict the caller reads from what it printed."""
    proc = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False, timeout=120)
    return proc.stdout.decode() + proc.stderr.decode()


def ext(cert, oid):
    return cert.extensions.get_extension_for_oid(oid)


class Verifiers(issuetest.TestCase):
    def test_openssl_verify_strict(self):
        for c in chains():
            with self.subTest(chain=c.name):
                out = run_tool("openssl", "verify", "-x509_strict", "-CAfile", c.root,
                               "-untrusted", c.inter, c.device)
                self.assertEqual(out.decode().strip(), "%s: OK" % c.device)

    def test_openssl_verify_refuses_a_foreign_root(self):
        """The check can fail: another chain's root does not anchor this one."""
        a, b = issuetest.Chain("p256"), issuetest.Chain("p384")
        with self.assertRaises(AssertionError):
            run_tool("openssl", "verify", "-x509_strict", "-CAfile", b.root,
                     "-untrusted", a.inter, a.device)

    def test_java_pkix(self):
        self.assertTrue(JAVA_CLASSES, "POPVERIFY_ISSUE_JAVA_CLASSES is not set")
        args = []
        for c in chains():
            args += [c.root, c.inter, c.device]
        # The last triple must fail: the check is real.
        other = issuetest.Chain("p384")
        args += [other.root, chains()[0].inter, chains()[0].device]
        proc = run_tool_status(JAVA, "-cp", JAVA_CLASSES, "ChainCheck", *args)
        lines = proc.splitlines()
        self.assertEqual(len(lines), len(chains()) + 1, proc)
        for c, line in zip(chains(), lines):
            self.assertIn("%s: OK CN=%s" % (c.device, c.device_id), line)
        self.assertIn("FAIL", lines[-1])

    @unittest.skipIf(NO_POLICY, NO_POLICY)
    def test_cryptography_path_building(self):
        for c in chains():
            if c.name == "ed25519":
                continue  # refused by the web PKI policy; the JDK checks it
            with self.subTest(chain=c.name):
                root, inter, device = c.cert("root"), c.cert("inter"), c.cert("device")
                built = path_build(root, inter, device)
                self.assertEqual(built, [device, inter, root])

    @unittest.skipIf(NO_POLICY, NO_POLICY)
    def test_cryptography_path_building_can_fail(self):
        a, b = issuetest.Chain("p256"), issuetest.Chain("rsa3072")
        with self.assertRaises(x509.verification.VerificationError):
            path_build(b.cert("root"), a.cert("inter"), a.cert("device"))


class Fields(issuetest.TestCase):
    def test_issuer_names_copied_byte_for_byte(self):
        for c in chains():
            with self.subTest(chain=c.name):
                root, inter, device = c.cert("root"), c.cert("inter"), c.cert("device")
                self.assertEqual(root.issuer.public_bytes(), root.subject.public_bytes())
                self.assertEqual(inter.issuer.public_bytes(), root.subject.public_bytes())
                self.assertEqual(device.issuer.public_bytes(),
                                 inter.subject.public_bytes())

    def test_device_subject_is_cn_id(self):
        for c in chains():
            with self.subTest(chain=c.name):
                subject = c.cert("device").subject
                self.assertEqual(len(subject.rdns), 1)
                self.assertEqual(subject.rfc4514_string(), "CN=" + c.device_id)

    def test_serials_random_positive(self):
        serials = set()
        for c in chains():
            for which in ("root", "inter", "device", "chain"):
                cert = load_certs(c.path(which + ".pem"))[0]
                self.assertGreater(cert.serial_number, 0)
                self.assertGreaterEqual(cert.serial_number.bit_length(), 64)
                serials.add(cert.serial_number)
        self.assertEqual(len(serials), 4 * len(chains()))

    def test_key_identifiers_link_the_chain(self):
        for c in chains():
            with self.subTest(chain=c.name):
                root, inter, device = c.cert("root"), c.cert("inter"), c.cert("device")
                for child, parent in ((inter, root), (device, inter)):
                    aki = ext(child, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
                    ski = ext(parent, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
                    self.assertEqual(aki.key_identifier, ski.digest)
                ext(device, ExtensionOID.SUBJECT_KEY_IDENTIFIER)

    def test_ca_extensions(self):
        for c in chains():
            with self.subTest(chain=c.name):
                for which, pathlen in (("root", None), ("inter", 0)):
                    cert = c.cert(which)
                    bc = ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
                    self.assertTrue(bc.critical)
                    self.assertTrue(bc.value.ca)
                    self.assertEqual(bc.value.path_length, pathlen)
                    ku = ext(cert, ExtensionOID.KEY_USAGE)
                    self.assertTrue(ku.critical)
                    self.assertTrue(ku.value.key_cert_sign and ku.value.crl_sign)
                    self.assertFalse(ku.value.digital_signature)

    def test_device_extensions(self):
        for c in chains():
            with self.subTest(chain=c.name):
                cert = c.cert("device")
                bc = ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
                self.assertTrue(bc.critical)
                self.assertFalse(bc.value.ca)
                ku = ext(cert, ExtensionOID.KEY_USAGE).value
                self.assertTrue(ku.digital_signature)
                self.assertFalse(ku.key_cert_sign)
                eku = ext(cert, ExtensionOID.EXTENDED_KEY_USAGE).value
                self.assertEqual(list(eku), [ExtendedKeyUsageOID.CLIENT_AUTH])

    def test_no_netscape_extensions(self):
        for c in chains():
            for which in ("root", "inter", "device"):
                for e in c.cert(which).extensions:
                    self.assertFalse(e.oid.dotted_string.startswith("2.16.840.1.113730"),
                                     "%s %s has %s" % (c.name, which, e.oid))

    def test_validity_nested_and_profile_days(self):
        for c in chains():
            with self.subTest(chain=c.name):
                root, inter, device = c.cert("root"), c.cert("inter"), c.cert("device")
                self.assertValidDays(root, 3650)
                self.assertValidDays(inter, 1825)
                self.assertValidDays(device, 365)
                self.assertLessEqual(device.not_valid_after_utc, inter.not_valid_after_utc)
                self.assertLessEqual(inter.not_valid_after_utc, root.not_valid_after_utc)
                self.assertLess(device.not_valid_before_utc, now())

    def test_key_type_of_every_certificate(self):
        for c in chains():
            with self.subTest(chain=c.name):
                for which in ("root", "inter", "device"):
                    key = c.cert(which).public_key()
                    if c.key_type.startswith("rsa"):
                        self.assertEqual(key.key_size, 3072)
                    elif c.key_type.startswith("ec"):
                        self.assertEqual(key.curve.name,
                                         {"ec:P-256": "secp256r1",
                                          "ec:P-384": "secp384r1"}[c.key_type])
                    else:
                        self.assertEqual(type(key).__name__, "Ed25519PublicKey")


class ChainOption(issuetest.TestCase):
    def test_chain_holds_device_then_ca_file(self):
        for c in chains():
            with self.subTest(chain=c.name):
                got = load_certs(c.chain)
                self.assertEqual(len(got), 3)
                self.assertEqual(got[0].subject.rfc4514_string(), "CN=" + c.device_id)
                self.assertEqual(got[1], c.cert("inter"))
                self.assertEqual(got[2], c.cert("root"))
                # The device certificate verifies with what the file carries.
                inter_only = self.write("inter.pem", got[1].public_bytes(Encoding.PEM))
                leaf = self.write("leaf.pem", got[0].public_bytes(Encoding.PEM))
                run_tool("openssl", "verify", "-x509_strict", "-CAfile", c.root,
                         "-untrusted", inter_only, leaf)

    def test_chain_from_a_single_ca_file(self):
        c = self.chain("p256")
        out = self.path("dev.pem")
        r = self.device(c, "--id", "single-file", "--csr", self.csr(c), "--out", out,
                        "--chain")
        self.assertOk(r)
        got = load_certs(out)
        self.assertEqual([g.subject for g in got[1:]], [c.cert("inter").subject])

    def csr(self, c):
        key = self.path("csr.key")
        path = self.path("dev.csr")
        run_tool("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-subj", "/CN=x",
                 "-out", path)
        return path


if __name__ == "__main__":
    unittest.main(verbosity=2)
