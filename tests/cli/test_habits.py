#!/usr/bin/env python3
"""cli_habits: what openssl users type. openssl's single-dash options get
"did you mean --X?", a mistyped command or option gets the closest name,
error texts name options and never echo the value given to one (a secret
can be in it), and each command's --help lists its own exit statuses."""

import re

import pvtest
from pvtest import CA, CODES, run

SECRET = "S3cret-Value-42"
COMMANDS = ["sign", "vcert", "verify", "doctor", "ca", "device", "lint", "profiles", "demo"]


class Secrets(pvtest.TestCase):
    def test_mistyped_option_with_value_never_echoes_it(self):
        for cmd in COMMANDS:
            with self.subTest(cmd=cmd):
                r = run(cmd, "--pasin=pass:" + SECRET)
                self.assertError(r, 2, "'--pasin'")
                self.assertNoSecret(r, SECRET)
                self.assertNotIn("pass:", r.err)

    def test_mistyped_top_level_option_never_echoes_its_value(self):
        r = run("--pasin=pass:" + SECRET, "sign")
        self.assertError(r, 2, "'--pasin'")
        self.assertNoSecret(r, SECRET)

    def test_option_missing_its_value_names_the_next_option_not_its_value(self):
        ca = CA("p256")
        r = run("sign", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key",
                ca.enc_key, "--code", "--passin", "pass:" + SECRET)
        self.assertError(r, 2, "--code needs a value", "'--passin'")
        self.assertNoSecret(r, SECRET)
        self.assertNotIn("pass:", r.err)

    def test_pin_in_a_key_uri_is_not_echoed(self):
        ca = CA("p256")
        for key in ("pkcs11:token=pv;object=ca?pin-value=%s&module-path=/nonexistent" % SECRET,
                    "pkcs11:token=pv;object=ca;pin-value=%s" % SECRET):
            with self.subTest(key=key):
                r = run("sign", "--profile", "cumulocity", "--ca-cert", ca.pem, "--ca-key",
                        key, "--code", CODES["cumulocity"])
                self.assertError(r, 3, "CA key pkcs11:token=pv", "pin-value=...")
                self.assertNoSecret(r, SECRET)

    def test_stray_passphrase_is_not_echoed(self):
        r = run("vcert", "--profile", "azure-dps", "pass:" + SECRET)
        self.assertError(r, 2, "unexpected argument", "--passin")
        self.assertNoSecret(r, SECRET)
        r = run("pass:" + SECRET, "sign")
        self.assertError(r, 2, "unknown command", "--passin")
        self.assertNoSecret(r, SECRET)


class OpensslSpellings(pvtest.TestCase):
    CASES = [
        # command, what an openssl user types, the option suggested
        ("sign", "-passin", "--passin"),
        ("vcert", "-passin", "--passin"),
        ("doctor", "-passin", "--passin"),
        ("ca", "-passout", "--passout"),
        ("device", "-passout", "--passout"),
        ("sign", "-in", "--code-file"),
        ("vcert", "-in", "--code-file"),
        ("device", "-in", "--csr"),
        ("sign", "-out", "--out"),
        ("vcert", "-out", "--out"),
        ("ca", "-out", "--out"),
        ("sign", "-config", "--config"),
        ("lint", "-config", "--config"),
        ("device", "-CAkey", "--ca-key"),
        ("ca", "-subj", "--subject"),
        ("vcert", "-days", "--days"),
    ]

    def test_single_dash_gets_did_you_mean(self):
        for cmd, typed, want in self.CASES:
            with self.subTest(cmd=cmd, typed=typed):
                r = run(cmd, typed, "pass:" + SECRET)
                self.assertError(r, 2, "unknown option '%s'" % typed,
                                 "did you mean %s?" % want)
                self.assertNoSecret(r, SECRET)

    def test_single_dash_config_before_the_command(self):
        r = run("-config", "openssl.cnf", "profiles")
        self.assertError(r, 2, "unknown option '-config'", "did you mean --config?")

    def test_single_dash_value_of_an_option_is_named_as_an_option(self):
        r = run("sign", "--code", "-passin", "pass:" + SECRET)
        self.assertError(r, 2, "--code needs a value", "'-passin'")
        self.assertNoSecret(r, SECRET)


class Nearest(pvtest.TestCase):
    def test_unknown_command_gets_the_closest(self):
        for typed, want in [("sing", "sign"), ("vert", "vcert"), ("verfy", "verify"),
                            ("docter", "doctor"), ("devcie", "device"), ("profile", "profiles")]:
            with self.subTest(typed=typed):
                self.assertError(run(typed), 2, "unknown command '%s'" % typed,
                                 "did you mean '%s'?" % want)

    def test_unknown_command_far_from_any_gets_none(self):
        e = self.assertError(run("xyzzy"), 2, "unknown command 'xyzzy'", "popverify --help")
        self.assertNotIn("did you mean", e)

    def test_unknown_option_gets_the_closest_of_its_command(self):
        for cmd, typed, want in [("sign", "--prfile", "--profile"),
                                 ("sign", "--ca-crt", "--ca-cert"),
                                 ("vcert", "--outfrom", "--outform"),
                                 ("verify", "--signatur-file", "--signature-file"),
                                 ("lint", "--rle", "--role"), ("demo", "--kep", "--keep"),
                                 ("device", "--chian", "--chain"),
                                 ("ca", "--key-tpye", "--key-type")]:
            with self.subTest(cmd=cmd, typed=typed):
                self.assertError(run(cmd, typed, "x"), 2, "unknown option '%s'" % typed,
                                 "did you mean %s?" % want)

    def test_option_of_another_command_is_not_suggested(self):
        # --days is vcert's, not verify's; verify has nothing close to it.
        e = self.assertError(run("verify", "--days", "3"), 2, "unknown option '--days'")
        self.assertNotIn("did you mean", e)

    def test_ambiguous_abbreviation_is_named_as_such(self):
        self.assertError(run("sign", "--ca", "x"), 2, "'--ca' is short for more than one",
                         "--ca-cert", "--ca-key")


class Notes(pvtest.TestCase):
    def test_ca_says_its_key_is_unencrypted_and_how_to_encrypt_it(self):
        key, cert = self.path("root.key"), self.path("root.pem")
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=Habit Root",
                "--key-out", key, "--out", cert)
        self.assertOk(r)
        notes = [n for n in r.notes() if "not encrypted" in n]
        self.assertEqual(len(notes), 1, r)
        self.assertIn("--passout", notes[0])
        self.assertIn(b"-----BEGIN PRIVATE KEY-----", self.read(key))
        # The command the note gives works as shown.
        cmd = re.search(r"'(openssl pkey [^']*)'", notes[0]).group(1).split()
        pvtest.run_tool(*cmd, "-passout", "pass:" + SECRET, cwd=self.tmp)
        self.assertIn(b"-----BEGIN ENCRYPTED PRIVATE KEY-----", self.read(key + ".enc"))

    def test_ca_with_passout_has_no_such_note(self):
        key = self.path("root.key")
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=Habit Root",
                "--key-out", key, "--out", self.path("root.pem"), "--passout", "env:PV_P",
                env={"PV_P": SECRET})
        self.assertOk(r)
        self.assertEqual([n for n in r.notes() if "not encrypted" in n], [], r)
        self.assertIn(b"-----BEGIN ENCRYPTED PRIVATE KEY-----", self.read(key))

    def vcert(self, ca, *extra):
        out = self.path("v.pem")
        r = run("vcert", "--profile", "azure-dps", "--ca-cert", ca.pem, "--ca-key", ca.key,
                "--code", CODES["azure-dps"], "--out", out, *extra)
        self.assertOk(r)
        from cryptography import x509
        return r, x509.load_pem_x509_certificate(self.read(out))

    def test_vcert_days_past_the_ca_says_it_was_capped(self):
        ca = CA("short")  # ends in 2 days
        r, cert = self.vcert(ca, "--days", "30")
        capped = [n for n in r.notes() if "validity capped" in n]
        self.assertEqual(len(capped), 1, r)
        self.assertIn("30 days", capped[0])
        end = ca.cert().not_valid_after
        self.assertEqual(cert.not_valid_after, end)
        self.assertIn(end.strftime("%Y-%m-%d %H:%M:%S"), capped[0])

    def test_vcert_within_the_ca_says_nothing_of_a_cap(self):
        r, cert = self.vcert(CA("short"), "--days", "1")
        self.assertEqual([n for n in r.notes() if "capped" in n], [], r)
        self.assertLess(cert.not_valid_after, CA("short").cert().not_valid_after)


class ExitStatusHelp(pvtest.TestCase):
    def exits(self, cmd):
        r = run(cmd, "--help")
        self.assertOk(r)
        self.assertEqual(r.text.count("Exit status"), 1, r.text)
        block = r.text[r.text.index("Exit status"):]
        return {int(m.group(1)): m.group(2)
                for m in re.finditer(r"^  (\d)  (.*)$", block, re.M)}

    def test_each_command_lists_its_own(self):
        sign = self.exits("sign")
        self.assertEqual(sorted(sign), [0, 2, 3], "sign never exits 1")
        self.assertIn("signature", sign[0])
        self.assertEqual(sorted(self.exits("vcert")), [0, 2, 3])
        self.assertIn("certificate", self.exits("vcert")[0])
        verify = self.exits("verify")
        self.assertEqual(sorted(verify), [0, 1, 2, 3])
        self.assertIn("invalid", verify[1])
        lint = self.exits("lint")
        self.assertIn("error", lint[1])
        self.assertIn("could not be read", lint[3])
        for cmd in ("ca", "device"):
            self.assertIn("written", self.exits(cmd)[0])
        self.assertIn("no profile", self.exits("profiles")[2])
        self.assertNotEqual(self.exits("doctor"), sign)
        self.assertNotEqual(lint, sign)

    def test_statuses_listed_are_the_ones_returned(self):
        ca = CA("p256")
        self.assertStatus(run("lint", "--profile", "cumulocity", self.path("missing.pem")), 3)
        self.assertStatus(run("profiles", "no-such-profile"), 2)
        r = run("verify", "--profile", "azure-dps", "--ca-cert", ca.pem,
                "--code", CODES["azure-dps"], "--vcert", ca.pem)
        self.assertStatus(r, 1)


if __name__ == "__main__":
    pvtest.main()
