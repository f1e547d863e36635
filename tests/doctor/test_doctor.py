#!/usr/bin/env python3
"""test_doctor.py - `popverify doctor` on the corpus make_corpus.sh made with
plain openssl: each broken artifact gives exactly its finding, each correct
proof (every key type and profile) gives none; the report's shape, the exit
statuses, the fixes (run as printed), agreement with `popverify verify`, and
no secret in any output.

Environment (set by ctest): POPVERIFY_BIN, POPVERIFY_FIXTURES,
POPVERIFY_DOCTOR_CORPUS.
"""

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import pvtest  # noqa: E402
from pvtest import CA, run  # noqa: E402

CORPUS = os.environ.get("POPVERIFY_DOCTOR_CORPUS", "")
FIELDS = ["code", "severity", "what", "evidence", "fix", "platform"]
ROOT = os.path.join(HERE, "..", "..")
ID = r"(?:CODE|CERT|KEY|SIG|VCERT|PROOF)_[A-Z0-9_]+"
# Said only when the platform's own check refuses what no other finding explains.
SAFETY_NETS = {"CODE_UNUSABLE", "SIG_REJECTED", "VCERT_REJECTED"}


def load_manifest():
    cases = []
    with open(os.path.join(CORPUS, "manifest.tsv"), encoding="utf-8") as f:
        for line in f:
            name, status, findings, needle, *args = line.rstrip("\n").split("\t")
            want = [] if findings == "-" else findings.split(",")
            cases.append({
                "name": name, "status": int(status), "args": args,
                "must": sorted(w for w in want if not w.startswith("~")),
                "may": sorted(w[1:] for w in want if w.startswith("~")),
                "needle": None if needle == "-" else needle,
            })
    return cases


CASES = load_manifest() if CORPUS and os.path.isfile(os.path.join(CORPUS, "manifest.tsv")) else []
_RESULTS = {}
_VERIFY = {}


def doctor(*args, **kw):
    return run("doctor", *args, **kw)


def diagnose(case):
    """doctor --json on a corpus case, run once per process."""
    if case["name"] not in _RESULTS:
        _RESULTS[case["name"]] = doctor("--json", *case["args"], cwd=CORPUS)
    return _RESULTS[case["name"]]


def verify_argv(case):
    """`popverify verify` on the same proof, or None when there is none to check."""
    a = case["args"]
    proof = [o for o in ("--signature", "--signature-file", "--vcert") if o in a]
    code = [o for o in ("--code", "--code-file") if o in a]
    if not proof or not code or "--ca-cert" not in a:
        return None
    argv = ["verify", "--ca-cert", arg(case, "--ca-cert"), code[0], arg(case, code[0]),
            proof[0], arg(case, proof[0])]
    if "--profile" in a:
        argv += ["--profile", arg(case, "--profile")]
    return argv


def setUpModule():
    """Every corpus run up front, in parallel: a sanitizer build starts slowly."""
    def one(case):
        diagnose(case)
        argv = verify_argv(case)
        if argv is not None:
            _VERIFY[case["name"]] = run(*argv, cwd=CORPUS)

    with ThreadPoolExecutor(max_workers=min(4, max(2, os.cpu_count() or 2))) as pool:
        list(pool.map(one, CASES))


def ids(r):
    return [f["code"] for f in r.json()["findings"]]


def finding(r, code):
    for f in r.json()["findings"]:
        if f["code"] == code:
            return f
    raise AssertionError("no %s finding: %r" % (code, r))


def arg(case, option):
    a = case["args"]
    return a[a.index(option) + 1] if option in a else None


def case_named(name):
    for c in CASES:
        if c["name"] == name:
            return c
    raise AssertionError("no corpus case %s" % name)


def shell(cmd, cwd, path_dir=None):
    """Run a printed fix command with bash; returns (status, stdout bytes)."""
    env = dict(os.environ)
    if path_dir:
        env["PATH"] = path_dir + os.pathsep + env.get("PATH", "")
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False, timeout=120)
    return p.returncode, p.stdout, p.stderr.decode(errors="replace")


class DoctorTest(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        if not CASES:
            self.fail("POPVERIFY_DOCTOR_CORPUS does not hold make_corpus.sh's manifest")


class TestCorpus(DoctorTest):
    """Each artifact: its exit status, exactly its findings, the telling detail."""

    def test_every_case(self):
        self.assertGreater(len(CASES), 100)
        for case in CASES:
            with self.subTest(case=case["name"]):
                r = diagnose(case)
                self.assertStatus(r, case["status"])
                self.assertEqual(r.errors(), [], r)
                got = sorted(ids(r))
                extra = [g for g in got if g not in case["must"] and g not in case["may"]]
                self.assertEqual((sorted(set(case["must"]) - set(got)), extra), ([], []),
                                 "findings of %s: %r" % (case["name"], r))
                if case["needle"]:
                    text = " ".join(f["what"] + " " + f["evidence"] + " " + f["fix"]
                                    for f in r.json()["findings"])
                    self.assertIn(case["needle"], text, r)

    def test_good_cases_cover_every_key_and_profile(self):
        good = {c["name"] for c in CASES if c["name"].startswith("good-")}
        for key in pvtest.GOOD_CAS:
            for profile in pvtest.PROFILES:
                if (profile, key) in pvtest.REFUSED:
                    continue
                self.assertIn("good-%s-%s" % (key, profile), good)

    def test_good_cases_report_nothing(self):
        for case in CASES:
            if not case["name"].startswith("good-"):
                continue
            with self.subTest(case=case["name"]):
                j = diagnose(case).json()
                self.assertEqual(j["findings"], [])
                self.assertTrue(j["accepted"])
                self.assertTrue(j["complete"])
                self.assertTrue(j["verdict"].startswith("accepted: no problem found"), j)

    def test_partial_cases_are_incomplete(self):
        """With an input missing nothing is refused, and nothing is accepted either."""
        partial = [c for c in CASES if c["name"].startswith("partial-")]
        self.assertGreater(len(partial), 4)
        for case in partial:
            with self.subTest(case=case["name"]):
                r = diagnose(case)
                self.assertStatus(r, 4)
                j = r.json()
                self.assertEqual(j["findings"], [])
                self.assertFalse(j["accepted"])
                self.assertFalse(j["complete"])
                self.assertTrue(j["verdict"].startswith("incomplete: "), j)
                self.assertIn("give --", j["verdict"])

    def test_good_proofs_are_good_independently(self):
        """The good corpus is checked by python `cryptography`, not by popverify."""
        for case in CASES:
            name = case["name"]
            if not name.startswith("good-") or arg(case, "--ca-key") is None or not (
                    arg(case, "--signature-file") or arg(case, "--vcert")):
                continue
            ca = CA(os.path.basename(os.path.dirname(arg(case, "--ca-cert"))))
            with self.subTest(case=name):
                if arg(case, "--signature-file"):
                    code = self.read(arg(case, "--code-file"))
                    self.assertSignatureValid(ca, code, self.read(arg(case, "--signature-file")))
                else:
                    self.assertVcertValid(ca, arg(case, "--code"), self.read(arg(case, "--vcert")))

    def test_popverify_made_proofs_report_nothing(self):
        """What `popverify sign` and `vcert` make passes the doctor too."""
        def one(key, profile):
            ca, code = CA(key), pvtest.CODES[profile]
            vc = profile in pvtest.VCERT_PROFILES
            out = self.path("%s-%s.%s" % (key, profile, "pem" if vc else "sig"))
            made = run("vcert" if vc else "sign", "--profile", profile, "--ca-cert", ca.pem,
                       "--ca-key", ca.key, "--code", code, "--out", out)
            if made.status != 0:
                return made, None
            return made, doctor("--json", "--profile", profile, "--ca-cert", ca.pem,
                                "--ca-key", ca.key, "--code", code,
                                "--vcert" if vc else "--signature-file", out)

        pairs = [(k, p) for k in pvtest.GOOD_CAS for p in pvtest.PROFILES
                 if (p, k) not in pvtest.REFUSED]
        with ThreadPoolExecutor(max_workers=min(4, max(2, os.cpu_count() or 2))) as pool:
            results = list(pool.map(lambda kp: one(*kp), pairs))
        for (key, profile), (made, r) in zip(pairs, results):
            with self.subTest(key=key, profile=profile):
                self.assertOk(made)
                self.assertStatus(r, 0)
                self.assertEqual(r.json()["findings"], [])

    def test_every_error_says_what_evidence_and_fix(self):
        for case in CASES:
            for f in diagnose(case).json()["findings"]:
                with self.subTest(case=case["name"], finding=f["code"]):
                    self.assertEqual(sorted(f), sorted(FIELDS))
                    self.assertIn(f["severity"], ("error", "warning"))
                    self.assertRegex(f["code"], r"^[A-Z]+(_[A-Z0-9]+)+$")
                    self.assertTrue(f["what"] and f["fix"], f)
                    if f["platform"]:
                        self.assertRegex(f["platform"], r" reports this as .*\(source: ")
                    for v in f.values():
                        self.assertNotIn("\n", v)
                        self.assertNotIn("\t", v)


class TestCatalogue(DoctorTest):
    """Every finding the provider can give is in docs/doctor.md and in the corpus."""

    def test_ids(self):
        core = os.path.join(ROOT, "provider", "core", "doctor")
        source = set()
        for name in os.listdir(core):
            if name.startswith("doctor") and name.endswith(".c"):
                with open(os.path.join(core, name), encoding="utf-8") as f:
                    source |= set(re.findall(r'"(%s)"' % ID, f.read()))
        with open(os.path.join(ROOT, "docs", "doctor.md"), encoding="utf-8") as f:
            documented = set(re.findall(r"^\| `(%s)` \|" % ID, f.read(), re.M))
        self.assertGreater(len(source), 60)
        self.assertEqual(sorted(source ^ documented), [])
        tested = {c for case in CASES for c in case["must"]}
        self.assertEqual(sorted(source - tested), sorted(SAFETY_NETS))


def platform_messages():
    """docs/doctor.md's table of platform messages: (platform, code, text, findings)."""
    with open(os.path.join(ROOT, "docs", "doctor.md"), encoding="utf-8") as f:
        doc = f.read()
    section = doc[doc.index("## Platform messages"):]
    section = section[:section.index("\n## ", 5)] if "\n## " in section[5:] else section
    rows = []
    for line in section.splitlines():
        m = re.match(r"^\| ([^|`]+) \| ([^|]*) \| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$", line)
        if m:
            rows.append((m.group(1).strip(), m.group(2), m.group(3),
                         re.findall(ID, m.group(5)), m.group(4).strip()))
    return rows


class TestPlatformMessages(DoctorTest):
    """Each platform message names its findings and source, beside the finding."""

    def test_docs_list_every_known_message(self):
        rows = platform_messages()
        self.assertGreaterEqual(len(rows), 2)
        r = doctor("--platform-error", "no platform says this")
        self.assertStatus(r, 4)
        known = [n for n in r.text.splitlines() if n.startswith("note: ") and "it knows" in n]
        self.assertEqual(len(known), len(rows), r)
        for platform, code, text, findings, source in rows:
            with self.subTest(message=text):
                self.assertTrue(source, "a source for %s" % text)
                self.assertTrue(any(text in n for n in known), (text, r))
                r = doctor("--platform-error", text.replace("...", "CN=Acme Root"))
                self.assertStatus(r, 4)
                notes = " ".join(n for n in r.text.splitlines() if "matches" in n)
                self.assertIn(platform, notes, r)
                for f in findings:
                    self.assertIn(f.rstrip("*"), notes)

    def test_pasted_messages(self):
        r = doctor("--platform-error",
                   "Cannot verify signature for certificate with fingerprint: "
                   "e9a62fb7e97083b6c and tenant id: t2081875008.")
        self.assertIn("matches Cumulocity", r.text)
        self.assertIn("--signature-file", r.text)
        r = doctor("--platform-error", '{"Code":"BadRequest","Message":"ErrorCode:'
                   'IH400053;Issuer certificate CN=Acme Root cannot be found in the '
                   'certificate chain"}')
        self.assertIn("matches Azure IoT Hub IH400053", r.text)
        self.assertIn("VCERT_SIGNED_BY_PARENT", r.text)
        self.assertIn("--vcert", r.text)

    def test_beside_the_finding(self):
        r = diagnose(case_named("vcert-by-root"))
        self.assertRegex(finding(r, "VCERT_SIGNED_BY_PARENT")["platform"],
                         r"^Azure IoT Hub reports this as IH400053 \"Issuer certificate")
        r = diagnose(case_named("sig-rsa4096"))
        self.assertIn('"Cannot verify signature for certificate with fingerprint: ... and '
                      'tenant id: ..."', finding(r, "SIG_WRONG_KEY")["platform"])
        text = doctor(*case_named("sig-rsa4096")["args"], cwd=CORPUS).text
        self.assertIn("  platform: Cumulocity reports this as", text)
        # Another platform's message is not shown: Azure's is not Cumulocity's.
        self.assertNotIn("IH400053", finding(r, "SIG_WRONG_KEY")["platform"])

    def test_readme_starts_from_the_messages(self):
        with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        trouble = readme[readme.index("## Troubleshooting"):]
        first = trouble[:trouble.index("popverify doctor")]
        for platform, code, text, findings, source in platform_messages()[:2]:
            self.assertIn(text.split("...")[0].strip(), first)


class TestAgreesWithVerify(DoctorTest):
    """Where `popverify verify` gives a verdict, doctor's proof findings agree."""

    def test_proof_cases(self):
        checked = 0
        for case in CASES:
            v = _VERIFY.get(case["name"])
            if v is None or v.status not in (0, 1):
                continue
            checked += 1
            with self.subTest(case=case["name"]):
                proof_errors = [f["code"] for f in diagnose(case).json()["findings"]
                                if f["severity"] == "error" and
                                f["code"].startswith(("SIG_", "VCERT_", "CODE_"))]
                self.assertEqual(v.status == 1, bool(proof_errors),
                                 "verify: %r\ndoctor: %r" % (v, diagnose(case)))
        self.assertGreater(checked, 60)


class TestReport(DoctorTest):
    def test_text_report(self):
        case = case_named("sig-sha384-lf")
        r = doctor(*case["args"], cwd=CORPUS)
        self.assertStatus(r, 1)
        lines = r.text.splitlines()
        self.assertTrue(lines[0].startswith("rejected: 2 problems"), r)
        self.assertIn("SIG_OVER_VARIANT", lines[0])
        self.assertIn("SIG_OTHER_DIGEST (error)", lines)
        for label in ("  what:     ", "  evidence: ", "  fix:      popverify sign "):
            self.assertTrue(any(l.startswith(label) for l in lines), label)

    def test_text_notes_say_what_was_not_checked(self):
        r = doctor("--ca-cert", CA("p256").pem, "--signature", "AAAA")
        self.assertIn("note: not checked: what the signature was made over", r.text)

    def test_warnings_only_is_accepted(self):
        r = doctor(*case_named("vcert-sha1")["args"], cwd=CORPUS)
        self.assertStatus(r, 0)
        self.assertTrue(r.text.startswith("accepted, with 1 warning"), r)

    def test_warnings_with_an_input_missing_are_incomplete(self):
        r = doctor(*case_named("code-lf")["args"], cwd=CORPUS)
        self.assertStatus(r, 4)
        self.assertTrue(r.text.startswith("incomplete: "), r)
        self.assertIn("with a warning", r.text.splitlines()[0])
        self.assertIn("CODE_TRAILING_LF (warning)", r.text)

    def test_no_ca_cert_is_never_accepted(self):
        """A signature another key made, without --ca-cert: not "accepted", exit 4,
        and the verdict says what to give."""
        r = doctor(*case_named("partial-no-ca-cert")["args"], cwd=CORPUS)
        self.assertStatus(r, 4)
        first = r.text.splitlines()[0]
        self.assertNotIn("accepted", first)
        self.assertRegex(first, r"^incomplete: .*give --ca-cert")
        self.assertIn("note: not checked: what the signature was made over", r.text)
        case = case_named("partial-no-ca-cert")
        full = doctor("--ca-cert", CA("rsa2048").pem, *case["args"], cwd=CORPUS)
        self.assertStatus(full, 1)
        self.assertIn("SIG_WRONG_KEY", full.text)

    def test_json_shape(self):
        r = doctor("--json", *case_named("sig-over-file")["args"], cwd=CORPUS)
        j = r.json()
        self.assertEqual(sorted(j), sorted(["accepted", "complete", "verdict", "profile",
                                            "findings",
                                            "notes", "code", "ca_subject", "ca_sha1",
                                            "ca_sha256"]))
        self.assertFalse(j["accepted"])
        self.assertEqual(j["profile"], "cumulocity")
        self.assertEqual(j["code"], pvtest.CODES["cumulocity"])
        ca = CA("rsa2048")
        self.assertEqual(pvtest.norm_hex(j["ca_sha256"]), pvtest.fingerprint(ca.cert(), "SHA256"))
        self.assertEqual([f["code"] for f in j["findings"]],
                         ["CODE_TRAILING_LF", "SIG_OVER_VARIANT"])
        self.assertEqual(finding(r, "CODE_TRAILING_LF")["severity"], "warning")

    def test_code_from_stdin(self):
        r = doctor("--profile", "cumulocity", "--code-file", "-", "--json",
                   stdin=(pvtest.CODES["cumulocity"] + "\r\n").encode())
        self.assertStatus(r, 4)
        self.assertIn("> code.txt", finding(r, "CODE_TRAILING_CRLF")["fix"])

    def test_help(self):
        r = doctor("--help")
        self.assertOk(r)
        for opt in ("--ca-cert", "--ca-key", "--passin", "--profile", "--code-file",
                    "--signature-file", "--vcert", "--json", "Exit status"):
            self.assertIn(opt, r.text)


class TestExit(DoctorTest):
    def test_usage(self):
        ca = CA("p256")
        for argv, needle in [
            ((), "nothing to check"),
            (("--code", "a", "--code-file", "f"), "cannot be used together"),
            (("--signature", "a", "--vcert", "f"), "cannot be used together"),
            (("--ca-cert", ca.pem, "--passin", "pass:x"), "--passin is for the --ca-key"),
            (("--ca-cert", ca.pem, "--bogus"), "unknown option"),
            (("--ca-cert", ca.pem, "extra"), "unexpected argument"),
            (("--ca-cert", ca.pem, "--profile", "nope"), "unknown profile"),
            (("--code-file", "-", "--signature-file", "-"), "standard input"),
        ]:
            with self.subTest(argv=argv):
                self.assertError(doctor(*argv), 2, needle)

    def test_unreadable_inputs(self):
        ca = CA("p256")
        for argv, needle in [
            (("--ca-cert", os.path.join(self.tmp, "missing.pem")), "cannot read"),
            (("--ca-cert", os.path.join(pvtest.FIXTURES, "notcert.txt")), "not a certificate"),
            (("--ca-cert", ca.pem, "--ca-key", ca.pem), "not a private key"),
            (("--ca-cert", ca.pem, "--vcert", ca.key), "not a certificate"),
            (("--code-file", os.path.join(self.tmp, "missing.txt")), "no such file"),
            (("--ca-cert", ca.pem, "--ca-key", ca.enc_key), "no passphrase"),
        ]:
            with self.subTest(argv=argv):
                self.assertError(doctor(*argv), 3, needle)

    def test_no_secret_in_any_output(self):
        ca, other = CA("p256"), CA("other")
        secret = "doctor-Secret-%d" % os.getpid()
        r = doctor("--ca-cert", ca.pem, "--ca-key", ca.enc_key, "--passin", "pass:" + secret)
        self.assertError(r, 3, "wrong passphrase")
        self.assertNoSecret(r, secret)
        good = pvtest.passphrase()
        for extra in ((), ("--json",)):
            r = doctor("--ca-cert", other.pem, "--ca-key", ca.enc_key, "--passin",
                       "pass:" + good, "--code", pvtest.CODES["cumulocity"], *extra)
            self.assertStatus(r, 1)
            self.assertIn("KEY_MISMATCH", r.text)
            self.assertNoSecret(r, good)


class TestFixes(DoctorTest):
    """A fix is a command: run as printed, what it makes passes the doctor."""

    def fix_of(self, case_name, code, extra=()):
        case = case_named(case_name)
        r = doctor("--json", *case["args"], *extra, cwd=CORPUS)
        return case, finding(r, code)["fix"]

    def test_signature_text_fixes(self):
        for name, code in [("sig-wrapped", "SIG_WRAPPED_BASE64"),
                           ("sig-trailing-lf", "SIG_TRAILING_NEWLINE"),
                           ("sig-urlsafe", "SIG_URLSAFE_BASE64"),
                           ("sig-no-padding", "SIG_MISSING_PADDING"),
                           ("sig-stray", "SIG_STRAY_CHARACTERS"),
                           ("sig-binary", "SIG_BINARY"),
                           ("sig-dgst-hex", "SIG_HEX"),
                           ("sig-plain-hex", "SIG_HEX")]:
            if code == "SIG_HEX" and shutil.which("xxd") is None:
                continue
            with self.subTest(case=name):
                case, fix = self.fix_of(name, code)
                status, out, err = shell(fix, self.tmp)
                self.assertEqual(status, 0, err)
                args = list(case["args"])
                args[args.index("--signature-file") + 1] = self.write(name + ".fixed", out)
                r = doctor("--json", *args)
                self.assertEqual(ids(r), [], "after %s: %r" % (fix, r))
                self.assertStatus(r, 0)

    def test_resign_fixes(self):
        """popverify sign / vcert as the fix prints it, with the CA key given."""
        bindir = os.path.dirname(os.path.abspath(pvtest.BIN))
        for name, code, key, out in [
            ("sig-sha384-lf", "SIG_OVER_VARIANT", CA("rsa2048").key, "signature.txt"),
            ("sig-raw-ecdsa", "SIG_RAW_ECDSA", CA("p256").key, "signature.txt"),
            ("vcert-by-root", "VCERT_SIGNED_BY_PARENT", None, "vcert.pem"),
            ("vcert-cn-case", "VCERT_CN_CASE", CA("p256").key, "vcert.pem"),
        ]:
            with self.subTest(case=name):
                key = key or os.path.join(pvtest.FIXTURES, "chain", "ca.key")
                case, fix = self.fix_of(name, code, ("--ca-key", key))
                self.assertNotIn("CA_KEY", fix)
                status, _, err = shell(fix, self.tmp, bindir)
                self.assertEqual(status, 0, "%s: %s" % (fix, err))
                option = "--vcert" if out == "vcert.pem" else "--signature-file"
                args = list(case["args"])
                args[args.index(option) + 1] = self.path(out)
                r = doctor("--json", *args, "--ca-key", key)
                self.assertEqual(ids(r), [], r)

    def test_file_fixes(self):
        """Fixes that rewrite the user's code file or certificate file."""
        lf = self.write("code.txt", pvtest.CODES["cumulocity"] + "\n")
        r = doctor("--profile", "cumulocity", "--code-file", lf, "--json")
        status, _, err = shell(finding(r, "CODE_TRAILING_LF")["fix"], self.tmp)
        self.assertEqual(status, 0, err)
        self.assertEqual(self.read(lf), pvtest.CODES["cumulocity"].encode())

        case, fix = self.fix_of("code-is-json", "CODE_IS_JSON")
        self.assertEqual(shell(fix, self.tmp)[0], 0)
        self.assertEqual(self.read(self.path("code.txt")), pvtest.CODES["aws-iot"].encode())

        case, fix = self.fix_of("key-in-chain", "KEY_MATCHES_OTHER_CERT")
        self.assertEqual(shell(fix, self.tmp)[0], 0)
        r = doctor("--profile", "cumulocity", "--ca-cert", self.path("ca-only.pem"),
                   "--ca-key", arg(case, "--ca-key"), "--json")
        self.assertStatus(r, 4)
        self.assertEqual(r.json()["findings"], [], r)

    def test_reissue_fix(self):
        ca = CA("noca")
        r = doctor("--json", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key", ca.key)
        fix = finding(r, "CERT_NOT_CA")["fix"]
        status, _, err = shell(fix, self.tmp)
        self.assertEqual(status, 0, "%s: %s" % (fix, err))
        r = doctor("--profile", "cumulocity", "--ca-cert", self.path("ca-new.pem"),
                   "--ca-key", ca.key, "--json")
        self.assertStatus(r, 4)
        self.assertEqual(r.json()["findings"], [], r)


if __name__ == "__main__":
    pvtest.main()
