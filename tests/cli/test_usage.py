#!/usr/bin/env python3
"""cli_usage: --version, --help, profiles, and the usage errors (exit 2)."""

import re

import pvtest
from pvtest import CA, CODES, PROFILES, run

COMMANDS = {
    "sign": ["--profile", "--ca-cert", "--ca-key", "--passin", "--code", "--code-file",
             "--out", "--json"],
    "vcert": ["--profile", "--ca-cert", "--ca-key", "--passin", "--code", "--code-file",
              "--out", "--outform", "--days"],
    "verify": ["--ca-cert", "--code", "--code-file", "--signature", "--signature-file",
               "--vcert", "--profile", "--json"],
    "profiles": [],
    "demo": ["--keep"],
}


class Version(pvtest.TestCase):
    def test_version(self):
        r = run("--version")
        self.assertOk(r)
        self.assertRegex(r.text, r"^popverify \d+\.\d+\.\d+ \(OpenSSL 3\.[^)]*\)\n$")


class Help(pvtest.TestCase):
    def test_top_level_help_lists_commands_and_exit_statuses(self):
        r = run("--help")
        self.assertOk(r)
        for cmd in COMMANDS:
            self.assertIn(cmd, r.text)
        for status in "0123":
            self.assertRegex(r.text, r"\b%s\b" % status)

    def test_each_command_help_names_its_options(self):
        for cmd, options in COMMANDS.items():
            with self.subTest(cmd=cmd):
                r = run(cmd, "--help")
                self.assertOk(r)
                self.assertIn(cmd, r.text)
                for opt in options:
                    self.assertIn(opt, r.text)

    def test_no_command_is_a_usage_error(self):
        r = run()
        self.assertStatus(r, 2)
        self.assertIn("sign", r.err + r.text)


class UsageErrors(pvtest.TestCase):
    def setUp(self):
        super().setUp()
        ca = CA("p256")
        self.base = ["--ca-cert", ca.pem, "--ca-key", ca.key]

    def test_unknown_command(self):
        self.assertError(run("frobnicate"), 2, "frobnicate")

    def test_unknown_option(self):
        self.assertError(run("sign", "--frobnicate", *self.base, "--profile", "cumulocity",
                             "--code", "x"), 2, "--frobnicate")

    def test_missing_required_options(self):
        full = {"--profile": "cumulocity", "--ca-cert": self.base[1],
                "--ca-key": self.base[3], "--code": "abc"}
        for missing in ["--profile", "--ca-cert", "--ca-key"]:
            with self.subTest(missing=missing):
                args = [x for k, v in full.items() if k != missing for x in (k, v)]
                self.assertError(run("sign", *args), 2, missing)
        r = run("sign", "--profile", "cumulocity", *self.base)
        self.assertError(r, 2, "--code")

    def test_code_and_code_file_together(self):
        f = self.write("code.txt", "abc")
        r = run("sign", "--profile", "cumulocity", *self.base, "--code", "abc",
                "--code-file", f)
        self.assertError(r, 2, "--code", "--code-file")
        self.assertEqual(r.out, b"")

    def test_stdin_read_at_most_once(self):
        ca = self.base[1]
        cases = [
            ("sign", "--profile", "cumulocity", *self.base, "--passin", "stdin",
             "--code-file", "-"),
            ("vcert", "--profile", "generic-vcert", *self.base, "--passin", "stdin",
             "--code-file", "-"),
            ("verify", "--ca-cert", ca, "--code-file", "-", "--signature-file", "-"),
            ("doctor", "--ca-cert", ca, "--code-file", "-", "--signature-file", "-"),
        ]
        for args in cases:
            with self.subTest(command=args[0]):
                r = run(*args, stdin=b"abc\n")
                self.assertError(r, 2, "standard input")
                self.assertEqual(r.out, b"")

    def test_verify_needs_exactly_one_proof(self):
        ca = self.base[1]
        r = run("verify", "--ca-cert", ca, "--code", "abc")
        self.assertError(r, 2, "--signature")
        r = run("verify", "--ca-cert", ca, "--code", "abc", "--signature", "AAAA",
                "--vcert", ca)
        self.assertError(r, 2, "--signature", "--vcert")

    def test_bad_days_and_outform(self):
        args = ["vcert", "--profile", "generic-vcert", *self.base, "--code", "abc"]
        for days in ["0", "-3", "ten", "3x"]:
            with self.subTest(days=days):
                self.assertError(run(*args, "--days", days), 2, "--days")
        self.assertError(run(*args, "--outform", "TXT"), 2, "--outform")

    def test_unknown_profile_lists_known_ones(self):
        for cmd in ["sign", "vcert"]:
            with self.subTest(cmd=cmd):
                r = run(cmd, "--profile", "azure", *self.base, "--code", CODES["azure-dps"])
                line = self.assertError(r, 2, "azure")
                for name in PROFILES:
                    self.assertIn(name, line)
                self.assertEqual(r.out, b"")


class Profiles(pvtest.TestCase):
    def test_list(self):
        r = run("profiles")
        self.assertOk(r)
        lines = [l for l in r.text.splitlines() if l.strip()]
        names = [l.split()[0] for l in lines]
        self.assertEqual(sorted(names), sorted(PROFILES), r)
        kinds = {l.split()[0]: l for l in lines}
        for name in pvtest.SIGNATURE_PROFILES:
            self.assertIn("signature", kinds[name])
        for name in pvtest.VCERT_PROFILES:
            self.assertIn("vcert", kinds[name])

    def test_each_profile_info(self):
        for name in PROFILES:
            with self.subTest(profile=name):
                r = run("profiles", name)
                self.assertOk(r)
                lines = r.text.splitlines()
                self.assertTrue(lines, r)
                for line in lines:
                    self.assertRegex(line, r"^[a-z][a-z0-9 _-]*: ")
                info = dict(l.split(": ", 1) for l in lines)
                kind = "signature" if name in pvtest.SIGNATURE_PROFILES else "vcert"
                self.assertIn(kind, info.get("style", ""), r)

    def test_digest_is_sha256_for_cumulocity(self):
        r = run("profiles", "cumulocity")
        self.assertOk(r)
        self.assertTrue(re.search(r"sha-?256", r.text, re.I), r)

    def test_unknown_profile(self):
        r = run("profiles", "nope")
        line = self.assertError(r, 2, "nope")
        for name in PROFILES:
            self.assertIn(name, line)


if __name__ == "__main__":
    pvtest.main()
