"""Hostile input, each with a one-line error naming the input and the fix
and a documented exit status: a --config that does not parse, a binary file
as --config, --config twice, a profiles list over its limits; a CA certificate whose basicConstraints or
keyUsage does not decode (forged with tests/lint/forge.py, since openssl
will not write one).
"""

import os
import shutil
import subprocess
import sys

import issuetest
from issuetest import run

FORGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lint", "forge.py")
CODE = "Zk3pQ9vX2mL8aR4tW7yB1cN6"


class Config(issuetest.TestCase):
    def test_config_that_does_not_parse_names_the_line(self):
        conf = self.write("bad.cnf", "[popverify_sect]\nactivate = 1\n[broken\nx = 1\n")
        r = run("--config", conf, "profiles")
        self.assertError(r, 3, "--config %s: line 3 does not parse" % conf,
                         "missing close square bracket")
        conf = self.write("var.cnf", "x = $nowhere\n")
        r = run("profiles", "--config", conf)
        self.assertError(r, 3, "line 1 does not parse", "variable has no value")
        r = run("profiles", env={"OPENSSL_CONF": conf})
        self.assertError(r, 3, "OPENSSL_CONF %s: line 1" % conf)

    def test_binary_config(self):
        with open(issuetest.pvtest.BIN, "rb") as f:
            conf = self.write("bin.cnf", f.read(4096))
        r = run("--config", conf, "profiles")
        self.assertError(r, 3, "--config %s: line 1 holds the byte 0x7f" % conf,
                         "not a text file")
        conf = self.write("nul.cnf", b"# ok\n[a]\nx = 1\x00 hidden\n")
        r = run("--config", conf, "profiles")
        self.assertError(r, 3, "line 3 holds the byte 0x00")

    def test_config_twice_or_a_directory(self):
        a = self.write("a.cnf", "# nothing\n")
        r = run("--config", a, "profiles", "--config=" + a)
        self.assertError(r, 2, "--config is given 2 times", "give it once")
        r = run("--config", self.tmp, "profiles")
        self.assertError(r, 3, "it is a directory")

    def profiles_config(self, name, listed):
        return self.write(name, """openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
popverify = popverify_sect
[default_sect]
activate = 1
[popverify_sect]
activate = 1
profiles = %s
acme = acme_sect
[acme_sect]
base = cumulocity
""" % listed)

    def test_profiles_list_over_the_limits_is_an_error(self):
        c = self.chain()
        ok = self.profiles_config("ok.cnf", "acme")
        self.assertOk(run("--config", ok, "profiles", "acme"))
        many = self.profiles_config("many.cnf", "acme " + " ".join("p%d" % i for i in range(32)))
        long = self.profiles_config("long.cnf", "acme " + "n" * 120)
        for conf, needle in ((many, "profiles = lists 33 names; popverify takes at most 32"),
                             (long, "of 120 characters; popverify takes profile names of "
                                    "up to 95")):
            r = run("--config", conf, "sign", "--profile", "acme", "--ca-cert", c.root,
                    "--ca-key", c.root_key, "--code", CODE)
            self.assertError(r, 2, needle, "no configured profile is loaded")
            self.assertOk(run("--config", conf, "profiles", "cumulocity"))

    def test_good_and_empty_configs_still_work(self):
        r = run("--config", "/dev/null", "profiles")
        self.assertOk(r)
        conf = self.write("empty.cnf", "")
        self.assertOk(run("--config", conf, "profiles"))


class UndecodableExtensions(issuetest.TestCase):
    """basicConstraints 30 03 02 01 (cut short) and keyUsage as a NULL."""

    def forge(self, name, oid, value):
        c = self.chain()
        out = self.path(name + ".pem")
        subprocess.run([sys.executable, FORGE, "ext-value", c.root, c.root_key, out, oid,
                        value], check=True)
        return out

    def test_sign_device_ca_and_doctor_say_it_does_not_decode(self):
        c = self.chain()
        for ext, oid, value in (("basicConstraints", "2.5.29.19", "30030201"),
                                ("keyUsage", "2.5.29.15", "0500")):
            pem = self.forge(ext, oid, value)
            with self.subTest(ext=ext):
                r = run("sign", "--profile", "cumulocity", "--ca-cert", pem, "--ca-key",
                        c.root_key, "--code", CODE)
                self.assertError(r, 3, "a %s extension that does not decode" % ext)
                r = run("device", "--profile", "cumulocity", "--ca-cert", pem, "--ca-key",
                        c.root_key, "--id", "dev-1", "--key-out", self.path("d.key"),
                        "--out", self.path("d.pem"))
                self.assertError(r, 3, "a %s extension that does not decode" % ext)
                self.assertNoFile(self.path("d.key"), self.path("d.pem"))
                r = run("ca", "--profile", "cumulocity", "--subject", "/CN=i", "--ca-cert",
                        pem, "--ca-key", c.root_key, "--key-out", self.path("i.key"),
                        "--out", self.path("i.pem"))
                self.assertError(r, 3, "does not decode")
        pem = self.path("basicConstraints.pem")
        r = run("doctor", "--profile", "cumulocity", "--ca-cert", pem)
        self.assertIn("basicConstraints extension does not decode", r.text)
        self.assertNotIn("no basicConstraints extension", r.text)


class Smaller(issuetest.TestCase):
    def test_days_past_9999_named(self):
        r = run("ca", "--profile", "cumulocity", "--subject", "/CN=r", "--key-out",
                self.path("r.key"), "--out", self.path("r.pem"), "--days", "3000000")
        self.assertError(r, 2, "--days 3000000 ends after 9999-12-31", "give at most")
        self.assertNoFile(self.path("r.key"), self.path("r.pem"))
        c = self.chain()
        for cmd in (["vcert", "--profile", "azure-dps", "--code", "ab" * 20],
                    ["device", "--profile", "cumulocity", "--id", "d-1", "--key-out",
                     self.path("d.key"), "--out", self.path("d.pem")]):
            r = run(*cmd, "--ca-cert", c.root, "--ca-key", c.root_key, "--days", "2999999")
            self.assertError(r, 2, "--days 2999999 ends after 9999-12-31")

    def test_directory_as_input_is_called_a_directory(self):
        c = self.chain()
        r = run("sign", "--profile", "cumulocity", "--ca-cert", self.tmp, "--ca-key",
                c.root_key, "--code", CODE)
        self.assertError(r, 3, "CA certificate %s: it is a directory" % self.tmp)
        r = run("sign", "--profile", "cumulocity", "--ca-cert", c.root, "--ca-key",
                self.tmp, "--code", CODE)
        self.assertError(r, 3, "CA key %s: it is a directory" % self.tmp)

    def test_one_character_not_characters(self):
        c = self.chain()
        r = run("vcert", "--profile", "aws-iot", "--ca-cert", c.root, "--ca-key", c.root_key,
                "--code", "a")
        self.assertError(r, 3, "code is 1 character,")

    def test_passphrase_over_the_limit_exits_alike(self):
        c = self.chain()
        long = "x" * 1100
        pfile = self.write("pass.txt", long + "\n")
        for src, env in (("pass:" + long, None), ("env:PV_LONG", {"PV_LONG": long}),
                         ("file:" + pfile, None)):
            with self.subTest(src=src[:8]):
                r = run("sign", "--profile", "cumulocity", "--ca-cert", c.inter, "--ca-key",
                        c.inter_key, "--passin", src, "--code", CODE, env=env)
                self.assertError(r, 3, "the passphrase is longer than 1024 bytes")
                self.assertNotIn("xxxx", r.err)

    def test_long_ca_subject_shown_whole(self):
        c = self.chain()
        subject = "".join("/OU=Unit %d of a rather long organisational name" % i
                          for i in range(20)) + "/CN=Long Root"
        key, pem = self.path("l.key"), self.path("l.pem")
        r = run("ca", "--profile", "cumulocity", "--subject", subject, "--key-out", key,
                "--out", pem)
        self.assertOk(r)
        self.assertIn("/CN=Long Root", r.err)
        r = run("sign", "--profile", "cumulocity", "--ca-cert", pem, "--ca-key", key,
                "--code", CODE, "--json")
        self.assertOk(r)
        self.assertEqual(r.json()["ca_subject"], subject)
        r = run("device", "--profile", "cumulocity", "--ca-cert", pem, "--ca-key", key,
                "--id", "d-1", "--key-out", self.path("d.key"), "--out", self.path("d.pem"))
        self.assertOk(r)
        self.assertIn(subject, r.err)


if __name__ == "__main__":
    import unittest

    unittest.main(verbosity=2)
