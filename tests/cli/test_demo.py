#!/usr/bin/env python3
"""cli_demo: `popverify demo` makes a CA per key type, a proof for every
profile that accepts it, verifies each, and prints one row per pair."""

import os

from cryptography import x509

import pvtest
import verify_pop
from pvtest import PROFILES, run

KEY_TYPES = ["rsa:2048", "ec:P-256", "ec:P-384", "ec:P-521", "ed25519"]
REFUSED_KEY = {("azure-dps", "ed25519"), ("azure-iothub", "ed25519"), ("aws-iot", "ed25519"),
               ("huawei-iotda", "ed25519"), ("alibaba-iot", "ec:P-256"),
               ("alibaba-iot", "ec:P-384"), ("alibaba-iot", "ec:P-521"),
               ("alibaba-iot", "ed25519")}  # Alibaba: private CAs sign with RSA only


def rows(text):
    """{(key type, profile): row} from the demo's table."""
    found = {}
    for line in text.splitlines():
        words = line.split()
        keys = [k for k in KEY_TYPES if k in words]
        profiles = [p for p in PROFILES if p in words]
        if len(keys) == 1 and len(profiles) == 1:
            found[(keys[0], profiles[0])] = line
    return found


class Demo(pvtest.TestCase):
    def test_every_key_type_and_profile(self):
        r = run("demo", timeout=600)
        self.assertOk(r)
        table = rows(r.text)
        for key in KEY_TYPES:
            for profile in PROFILES:
                with self.subTest(key=key, profile=profile):
                    row = table.get((key, profile))
                    self.assertIsNotNone(row, "no row for %s %s in:\n%s" % (key, profile,
                                                                            r.text))
                    if (profile, key) in REFUSED_KEY:
                        self.assertIn("skipped", row)
                    else:
                        self.assertRegex(row, r"\bok\b")
                        self.assertNotIn("FAILED", row)

    def test_keep_leaves_outputs_that_verify_independently(self):
        keep = self.path("demo")
        r = run("demo", "--keep", keep, timeout=600)
        self.assertOk(r)
        cas = outputs = 0
        for root, _, files in sorted(os.walk(keep)):
            if "rootCA.pem" in files:
                cas += 1
                self.assertEqual(os.stat(os.path.join(root, "rootCA.key")).st_mode & 0o777,
                                 0o600, "private key mode in %s" % root)
                self.check_key_usable(root)
                ca_cert = verify_pop.load_cert_file(os.path.join(root, "rootCA.pem"))
                bc = ca_cert.extensions.get_extension_for_class(x509.BasicConstraints)
                self.assertTrue(bc.value.ca and bc.critical, root)
            if "verification_code.txt" in files:
                outputs += self.check_output(root, files)
        self.assertEqual(cas, len(KEY_TYPES), "one CA per key type under %s" % keep)
        self.assertIn("its passphrase is in rootCA.pass beside it", r.text)
        self.assertEqual(outputs, len(KEY_TYPES) * len(PROFILES) - len(REFUSED_KEY))

    def check_key_usable(self, folder):
        """A kept CA key opens with the passphrase kept beside it, in plain
        openssl and in popverify."""
        key, pw = os.path.join(folder, "rootCA.key"), os.path.join(folder, "rootCA.pass")
        self.assertEqual(os.stat(pw).st_mode & 0o777, 0o600, "passphrase file mode")
        self.assertIn(b"ENCRYPTED PRIVATE KEY", self.read(key))
        pvtest.run_tool("openssl", "pkey", "-in", key, "-passin", "file:" + pw, "-noout")
        r = run("sign", "--profile", "generic-signature", "--ca-cert",
                os.path.join(folder, "rootCA.pem"), "--ca-key", key, "--passin", "file:" + pw,
                "--code", "kept-key-check")
        self.assertOk(r)

    def check_output(self, folder, files):
        """The profile folder's output verifies over the code without its LF."""
        ca = pvtest.CA(os.path.dirname(folder))  # an absolute path stays as it is
        ca.pem = os.path.join(ca.dir, "rootCA.pem")
        if "signature.txt" not in files and "verification_cert.pem" not in files:
            # the key type's folder is named as the type with '-' for ':' (ec-P-256)
            refused = (os.path.basename(folder),
                       os.path.basename(ca.dir).replace("-", ":", 1))
            self.assertIn(refused, REFUSED_KEY, "no output in %s" % folder)
            return 0
        given = self.read(os.path.join(folder, "verification_code.txt"))
        self.assertTrue(given.endswith(b"\n"), "the demo's code file ends with LF")
        code = given[:-1]
        if "signature.txt" in files:
            sig = self.read(os.path.join(folder, "signature.txt"))
            self.assertSignatureValid(ca, code, sig)
            with self.assertRaises(AssertionError):
                self.assertSignatureValid(ca, given, sig)
        else:
            self.assertVcertValid(ca, code, self.read(os.path.join(folder,
                                                                   "verification_cert.pem")))
        return 1

if __name__ == "__main__":
    pvtest.main()
