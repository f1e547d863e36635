#!/usr/bin/env python3
"""test_lint.py - `popverify lint` as a user runs it.

Every check in provider/core/lint/lint*.c has a failing certificate (its code must
appear, with the severity docs/lint.md gives it) and a passing one (clean: no
finding at all), listed in the cases.tsv that make_certs.sh wrote. Then role
inference, the text and JSON shapes, exit statuses, and certificates that
popverify itself issues, which must lint clean with their profile.

Environment (set by ctest; set them by hand to run this alone):
  POPVERIFY_BIN          the popverify binary
  POPVERIFY_LINT_CERTS   the directory make_certs.sh filled
  POPVERIFY_SOURCE_DIR   the source tree (for the codes and docs/lint.md)
"""

import collections
import json
import os
import re
import shutil
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import pvtest  # noqa: E402  (running the binary)

CERTS = os.environ.get("POPVERIFY_LINT_CERTS", "")
SOURCE = os.environ.get("POPVERIFY_SOURCE_DIR", os.path.join(HERE, "..", ".."))
Case = collections.namedtuple("Case", "code kind file profile role")


def cert(name):
    return os.path.join(CERTS, name)


def cases():
    with open(cert("cases.tsv"), encoding="utf-8") as f:
        return [Case(*line.rstrip("\n").split("\t")) for line in f if line.strip()]


def source_codes():
    """{code: severity} from the checks themselves."""
    found = {}
    for name in sorted(os.listdir(os.path.join(SOURCE, "provider", "core", "lint"))):
        if re.fullmatch(r"lint.*\.c", name):
            with open(os.path.join(SOURCE, "provider", "core", "lint", name), encoding="utf-8") as f:
                text = f.read()
            for code, sev in re.findall(r'"(PV_[A-Z0-9_]+)",\s*PV_LINT_(\w+)', text):
                found[code] = sev.lower()
    return found


def doc_codes():
    """{code: severity} from the tables of docs/lint.md."""
    with open(os.path.join(SOURCE, "docs", "lint.md"), encoding="utf-8") as f:
        return dict(re.findall(r"^\| `(PV_[A-Z0-9_]+)` \| (error|warning|info) \|", f.read(),
                               re.M))


def lint(*args, profile="cumulocity", role=None, json_out=True):
    """popverify lint with the test profiles' config; role None infers."""
    argv = ["--config", cert("lint.cnf"), "lint", "--profile", profile]
    if role is not None:
        argv += ["--role", role]
    if json_out:
        argv.append("--json")
    return pvtest.run(*(argv + list(args)))


class LintTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not CERTS or not os.path.isfile(cert("cases.tsv")):
            self.fail("POPVERIFY_LINT_CERTS is not set to make_certs.sh's directory")
        self.tmp = tempfile.mkdtemp(prefix="pvlint-", dir=os.environ.get("POPVERIFY_WORKDIR"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def linted(self, r, n=1):
        """The JSON of a run that read all n certificates."""
        self.assertIn(r.status, (0, 1), r)
        self.assertEqual(r.errors(), [], r)
        doc = r.json()
        self.assertEqual(len(doc["certificates"]), n, r)
        return doc

    @staticmethod
    def codes(entry):
        return [f["code"] for f in entry["findings"]]


class EveryCheck(LintTest):
    """Each code appears exactly where expected."""

    def grouped(self, kind):
        groups = collections.defaultdict(list)
        for c in cases():
            if c.kind == kind:
                groups[(c.profile, c.role)].append(c)
        return groups

    def run_group(self, profile, role, group):
        """One run per profile and role, every certificate of the group at once."""
        r = lint(*[cert(c.file) for c in group], profile=profile,
                 role=None if role == "-" else role)
        doc = self.linted(r, len(group))
        for c, entry in zip(group, doc["certificates"]):
            self.assertEqual(entry["path"], cert(c.file))
            yield c, entry

    def test_every_check_has_a_failing_and_a_passing_certificate(self):
        kinds = collections.defaultdict(set)
        for c in cases():
            kinds[c.code].add(c.kind)
        codes = source_codes()
        self.assertGreaterEqual(len(codes), 40, "the lint sources should name their codes")
        for code in codes:
            self.assertEqual(kinds.get(code), {"fail", "pass"}, code)
        self.assertEqual(sorted(kinds), sorted(codes), "cases.tsv names unknown codes")

    def test_every_code_is_documented_with_its_severity(self):
        self.assertEqual(doc_codes(), source_codes())

    def test_failing_certificates_show_their_code(self):
        severity = source_codes()
        for (profile, role), group in sorted(self.grouped("fail").items()):
            for c, entry in self.run_group(profile, role, group):
                with self.subTest(code=c.code, file=c.file):
                    found = [f for f in entry["findings"] if f["code"] == c.code]
                    self.assertEqual(len(found), 1, entry)
                    self.assertEqual(found[0]["severity"], severity[c.code])
                    self.assertTrue(found[0]["message"].strip(), entry)
                    self.assertNotIn("\n", found[0]["message"])

    def test_passing_certificates_are_clean(self):
        for (profile, role), group in sorted(self.grouped("pass").items()):
            for c, entry in self.run_group(profile, role, group):
                with self.subTest(code=c.code, file=c.file):
                    self.assertEqual(entry["findings"], [], entry)

    def test_exit_status_follows_the_worst_severity(self):
        severity = source_codes()
        for c in cases():
            if c.kind != "fail":
                continue
            r = lint(cert(c.file), profile=c.profile,
                     role=None if c.role == "-" else c.role)
            sevs = {f["severity"] for f in self.linted(r)["certificates"][0]["findings"]}
            with self.subTest(code=c.code, file=c.file):
                self.assertIn(severity[c.code], sevs)
                self.assertEqual(r.status, 1 if "error" in sevs else 0, r)


class Roles(LintTest):
    def role_of(self, name, profile="cumulocity"):
        return self.linted(lint(cert(name), profile=profile))["certificates"][0]["role"]

    def test_inferred(self):
        self.assertEqual(self.role_of("good-root.pem"), "root")
        self.assertEqual(self.role_of("good-int.pem"), "intermediate")
        self.assertEqual(self.role_of("good-dev.pem"), "device")
        self.assertEqual(self.role_of("good-vcert.pem", "azure-dps"), "vcert")
        self.assertEqual(self.role_of("good-vcert.pem", "aws-iot"), "device",
                         "40 hex digits are no AWS code (64)")
        self.assertEqual(self.role_of("good-vcert.pem", "cumulocity"), "device",
                         "a signature profile has no verification certificates")

    def test_a_device_with_a_hex_id_stays_a_device(self):
        # Its CN looks like an Azure code, but it is a TLS client certificate.
        self.assertEqual(self.role_of("device-hex-id.pem", "azure-dps"), "device")

    def test_given_role_wins(self):
        doc = self.linted(lint(cert("good-vcert.pem"), profile="azure-dps", role="device"))
        entry = doc["certificates"][0]
        self.assertEqual(entry["role"], "device")
        self.assertIn("PV_DEVICE_NO_EKU", self.codes(entry))


class Output(LintTest):
    def test_text(self):
        r = lint(cert("good-root.pem"), cert("root-no-crlsign.pem"), cert("sig-sha1.pem"),
                 json_out=False)
        self.assertEqual(r.status, 1, r)
        lines = r.text.splitlines()
        self.assertEqual(lines[0], cert("good-root.pem") + ": root (inferred)")
        self.assertEqual(lines[1], cert("root-no-crlsign.pem") + ": root (inferred)")
        self.assertRegex(lines[2], r"^WARNING PV_CA_NO_CRLSIGN: .*cRLSign")
        self.assertIn(cert("sig-sha1.pem") + ": device (inferred)", lines)
        self.assertIn("ERROR PV_SIG_WEAK_DIGEST: ", r.text)
        self.assertEqual(lines[-1], "3 certificate(s) checked: 1 error(s), 2 warning(s), 0 info")
        for line in lines[1:-1]:
            if not line.startswith("/"):
                self.assertRegex(line, r"^(ERROR|WARNING|INFO) PV_[A-Z0-9_]+: \S")

    def test_text_says_when_the_role_was_given(self):
        r = lint(cert("good-root.pem"), role="root", json_out=False)
        self.assertEqual(r.status, 0, r)
        self.assertEqual(r.text.splitlines()[0], cert("good-root.pem") + ": root (given)")

    def test_json(self):
        r = lint(cert("good-dev.pem"), cert("device-no-eku.pem"), cert("device-no-aki.pem"))
        doc = self.linted(r, 3)
        self.assertEqual(r.status, 1)
        self.assertEqual(sorted(doc), ["certificates", "errors", "warnings"])
        self.assertEqual(doc["certificates"][0],
                         {"path": cert("good-dev.pem"), "role": "device", "findings": []})
        for entry in doc["certificates"]:
            self.assertEqual(sorted(entry), ["findings", "path", "role"])
            for f in entry["findings"]:
                self.assertEqual(sorted(f), ["code", "message", "severity"])
        sevs = [f["severity"] for e in doc["certificates"] for f in e["findings"]]
        self.assertEqual(doc["errors"], sevs.count("error"))
        self.assertEqual(doc["warnings"], sevs.count("warning"))
        self.assertEqual(doc["errors"], 1)  # PV_AKI_MISSING


class ExitStatus(LintTest):
    def test_clean_and_warnings_only_are_0(self):
        self.assertEqual(lint(cert("good-root.pem")).status, 0)
        r = lint(cert("root-no-crlsign.pem"))
        self.assertEqual(r.status, 0, r)
        self.assertGreater(r.json()["warnings"], 0)

    def test_usage_errors_are_2(self):
        for args, needle in [
            (["lint", cert("good-root.pem")], "--profile"),
            (["lint", "--profile", "cumulocity"], "certificate"),
            (["lint", "--profile", "cumulocity", "--role", "leaf", cert("good-root.pem")],
             "leaf"),
            (["lint", "--profile", "nosuch", cert("good-root.pem")], "nosuch"),
            (["lint", "--profile", "cumulocity", "--frobnicate", cert("good-root.pem")],
             "--frobnicate"),
        ]:
            with self.subTest(args=args):
                r = pvtest.run(*args)
                self.assertEqual(r.status, 2, r)
                self.assertEqual(len(r.errors()), 1, r)
                self.assertIn(needle, r.errors()[0])
                self.assertEqual(r.out, b"", "nothing on stdout for a usage error")

    def test_unreadable_input_is_3_and_named(self):
        missing = os.path.join(self.tmp, "missing.pem")
        not_cert = cert("root.key")
        r = lint(cert("good-root.pem"), missing, not_cert)
        self.assertEqual(r.status, 3, r)
        self.assertEqual(len(r.errors()), 2, r)
        self.assertIn(missing, r.errors()[0])
        self.assertIn(not_cert, r.errors()[1])
        doc = r.json()  # still one complete object
        self.assertEqual([e["path"] for e in doc["certificates"]],
                         [cert("good-root.pem"), missing, not_cert])
        self.assertEqual(doc["certificates"][0]["findings"], [])
        self.assertIsNone(doc["certificates"][1]["role"])
        self.assertIn("error", doc["certificates"][1])

    def test_help(self):
        r = pvtest.run("lint", "--help")
        self.assertEqual(r.status, 0, r)
        self.assertIn("usage: popverify lint --profile P", r.text)


class IssuedByPopverify(LintTest):
    """What popverify issues follows its own profiles."""

    KEYS_REFUSED = {("azure-dps", "ed25519"), ("azure-iothub", "ed25519"),
                    ("aws-iot", "ed25519"), ("huawei-iotda", "ed25519"),
                    ("alibaba-iot", "ec-P-256"), ("alibaba-iot", "ec-P-384"),
                    ("alibaba-iot", "ec-P-521"), ("alibaba-iot", "ed25519")}

    def test_demo_roots_and_verification_certificates(self):
        keep = os.path.join(self.tmp, "demo")
        r = pvtest.run("demo", "--keep", keep, timeout=600)
        self.assertEqual(r.status, 0, r)
        linted = 0
        for key_dir in sorted(os.listdir(keep)):
            root = os.path.join(keep, key_dir, "rootCA.pem")
            for profile in pvtest.PROFILES:
                vcert = os.path.join(keep, key_dir, profile, "verification_cert.pem")
                paths = [root] + ([vcert] if os.path.exists(vcert) else [])
                if (profile, key_dir) in self.KEYS_REFUSED:
                    continue
                with self.subTest(key=key_dir, profile=profile):
                    doc = self.linted(lint(*paths, profile=profile), len(paths))
                    roles = [e["role"] for e in doc["certificates"]]
                    self.assertEqual(roles, ["root", "vcert"][:len(paths)])
                    for entry in doc["certificates"]:
                        self.assertEqual(entry["findings"], [], entry)
                    linted += len(paths)
        self.assertGreater(linted, 30)

    def test_issued_chain(self):
        if pvtest.run("ca", "--help").status != 0:
            self.skipTest("this popverify has no 'ca' command")
        d = self.tmp
        for profile, key in [("cumulocity", "ec:P-256"), ("aws-iot", "rsa:2048"),
                             ("azure-dps", "ec:P-384")]:
            with self.subTest(profile=profile):
                p = lambda n: os.path.join(d, "%s-%s" % (profile, n))  # noqa: E731
                for args in (
                    ["ca", "--profile", profile, "--subject", "/O=Lint/CN=Lint Root",
                     "--key-type", key, "--key-out", p("root.key"), "--out", p("root.pem")],
                    ["ca", "--profile", profile, "--subject", "/O=Lint/CN=Lint Issuing",
                     "--ca-cert", p("root.pem"), "--ca-key", p("root.key"),
                     "--key-out", p("int.key"), "--out", p("int.pem")],
                    ["device", "--profile", profile, "--ca-cert", p("int.pem"),
                     "--ca-key", p("int.key"), "--id", "lint-device-7",
                     "--key-out", p("dev.key"), "--out", p("dev.pem")]):
                    r = pvtest.run(*args)
                    self.assertEqual(r.status, 0, r)
                doc = self.linted(lint(p("root.pem"), p("int.pem"), p("dev.pem"),
                                       profile=profile), 3)
                self.assertEqual([e["role"] for e in doc["certificates"]],
                                 ["root", "intermediate", "device"])
                for entry in doc["certificates"]:
                    self.assertEqual(entry["findings"], [], entry)


class Fixtures(LintTest):
    """The forged certificates are broken the way their case says (checked
    with python `cryptography`, not with popverify)."""

    def load(self, name):
        import warnings
        from cryptography import x509
        with open(cert(name), "rb") as f, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a negative serial is the point of one case
            return x509.load_pem_x509_certificate(f.read())

    def test_forged_fields(self):
        import datetime
        from cryptography import x509
        from cryptography.x509.oid import NameOID
        good = self.load("good-dev.pem")
        self.assertEqual(self.load("good-dev.pem").version, x509.Version.v3)
        self.assertEqual(self.load("v1-root.pem").version, x509.Version.v1)
        self.assertLess(self.load("serial-negative.pem").serial_number, 0)
        self.assertEqual(self.load("serial-21.pem").serial_number.bit_length(), 167)
        self.assertEqual(self.load("serial-20.pem").serial_number.bit_length(), 159)
        gen = self.load("device-gentime-2049.pem")
        self.assertEqual(gen.not_valid_after_utc.year, 2049)
        with open(cert("device-gentime-2049.pem"), "rb") as f:
            from cryptography.hazmat.primitives.serialization import Encoding
            der = x509.load_pem_x509_certificate(f.read()).public_bytes(Encoding.DER)
        self.assertIn(b"\x18\x0f20490101000000Z", der)
        now = datetime.datetime.now(datetime.timezone.utc)
        self.assertLess(self.load("device-expired.pem").not_valid_after_utc, now)
        self.assertGreater(self.load("device-future.pem").not_valid_before_utc, now)
        bmp = self.load("device-bmp.pem").subject.get_attributes_for_oid(
            NameOID.ORGANIZATION_NAME)[0]
        self.assertEqual(bmp.value, "Lint Devices")
        self.assertEqual(bmp._type.name, "BMPString")
        self.assertEqual(len(self.load("root-empty-name.pem").subject), 0)
        dup = self.load("device-duplicate-ext.pem")
        with self.assertRaises(x509.DuplicateExtension):
            dup.extensions  # noqa: B018
        self.assertEqual(good.subject, self.load("sig-mismatch.pem").subject)

    def test_signatures(self):
        from cryptography.exceptions import InvalidSignature
        root, broken = self.load("good-root.pem"), self.load("sig-broken-root.pem")
        root.verify_directly_issued_by(root)
        with self.assertRaises(InvalidSignature):
            broken.verify_directly_issued_by(broken)
        # The inner algorithm (tbsCertificate) is SHA-384, the outer SHA-256.
        from cryptography.x509.oid import SignatureAlgorithmOID
        c = self.load("sig-mismatch.pem")
        self.assertEqual(c.signature_algorithm_oid, SignatureAlgorithmOID.ECDSA_WITH_SHA256)
        self.assertIn(bytes.fromhex("06082a8648ce3d040303"), c.tbs_certificate_bytes)
        self.assertNotIn(bytes.fromhex("06082a8648ce3d040302"), c.tbs_certificate_bytes)


if __name__ == "__main__":
    unittest.main(verbosity=2)
