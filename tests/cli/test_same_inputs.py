#!/usr/bin/env python3
"""test_same_inputs.py - no command writes a proof that `popverify verify`
rejects with the same inputs. Every way of making a proof (sign, vcert, the
stock openssl commands through popverify://) runs on every CA file people
have - one certificate, the root then the intermediate, the intermediate then
the root, with either key, with and without a #N pick - and what comes out is
checked by `verify` and `doctor` with the very same --ca-cert, code and
profile, and independently by python `cryptography`. What a command refuses
it refuses with exit status 3 and no output.

Environment (set by ctest): POPVERIFY_BIN, POPVERIFY_FIXTURES, and
POPVERIFY_MODULE_DIR (the folder of popverify.so) for the stock openssl path.
"""

import os
import subprocess
import urllib.parse

import pvtest
from pvtest import CA, CODES, run

MODULE_DIR = os.environ.get("POPVERIFY_MODULE_DIR", "")
PRELOAD = os.environ.get("POPVERIFY_MODULE_PRELOAD", "")
SIG, VC = "cumulocity", "azure-dps"


def chain_file(name):
    return os.path.join(CA("chain").dir, name)


def ca_inputs():
    """(label, --ca-cert, CA key, the certificate that key belongs to or None)."""
    root, inter = CA("chain/root"), CA("chain")
    return [
        ("single-rsa2048", CA("rsa2048").pem, CA("rsa2048").key, CA("rsa2048")),
        ("single-p256", CA("p256").pem, CA("p256").key, CA("p256")),
        ("root-first+root.key", chain_file("chain.pem"), root.key, root),
        ("root-first+int.key", chain_file("chain.pem"), inter.key, None),
        ("root-first#2+int.key", chain_file("chain.pem") + "#2", inter.key, inter),
        ("int-first+int.key", chain_file("int-first.pem"), inter.key, inter),
        ("int-first+root.key", chain_file("int-first.pem"), root.key, None),
        ("int-first#2+root.key", chain_file("int-first.pem") + "#2", root.key, root),
        ("int-first#1+int.key", chain_file("int-first.pem") + "#1", inter.key, inter),
    ]


def stock_openssl(*args):
    env = dict(os.environ, OPENSSL_CONF="/dev/null")
    if PRELOAD:
        env["LD_PRELOAD"] = PRELOAD
    return subprocess.run(["openssl", args[0], "-provider-path", MODULE_DIR, "-provider",
                           "popverify", "-provider", "default"] + list(args[1:]),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                          check=False, timeout=120)


def uri(profile, cert, key, code=None):
    q = {"cert": cert, "key": key}
    if code is not None:
        q["code"] = code
    return "popverify://%s?%s" % (profile, urllib.parse.urlencode(q, quote_via=urllib.parse.quote))


class SameInputs(pvtest.TestCase):
    def make(self, how, label, cert, key):
        """Run one way of making a proof; (status, proof file or None, kind)."""
        tag = "%s-%s" % (how, label.replace("#", "_").replace("+", "_"))
        out = self.path(tag + ".out")
        if how == "sign":
            r = run("sign", "--profile", SIG, "--ca-cert", cert, "--ca-key", key, "--code",
                    CODES[SIG], "--out", out)
            return r.status, out, "sig", r
        if how == "vcert":
            r = run("vcert", "--profile", VC, "--ca-cert", cert, "--ca-key", key, "--code",
                    CODES[VC], "--out", out)
            return r.status, out, "vc", r
        if how == "openssl-dgst":
            code = self.write(tag + ".code", CODES[SIG])
            p = stock_openssl("dgst", "-sign", uri(SIG, cert, key), "-out", out, code)
            return (0 if p.returncode == 0 else 3), out, "sig", p
        p = stock_openssl("x509", "-in", uri(VC, cert, key, CODES[VC]), "-out", out)
        return (0 if p.returncode == 0 else 3), out, "vc", p

    def check_proof(self, kind, cert, owner, out):
        profile, code = (SIG, CODES[SIG]) if kind == "sig" else (VC, CODES[VC])
        proof = ["--signature-file", out] if kind == "sig" else ["--vcert", out]
        v = run("verify", "--profile", profile, "--ca-cert", cert, "--code", code, *proof)
        self.assertStatus(v, 0)
        d = run("doctor", "--json", "--profile", profile, "--ca-cert", cert, "--code", code,
                *proof)
        self.assertTrue(d.json()["accepted"], d)
        self.assertEqual([f["code"] for f in d.json()["findings"]
                          if f["severity"] == "error"], [], d)
        if kind == "sig":
            self.assertSignatureValid(owner, code, self.read(out).decode())
        else:
            self.assertVcertValid(owner, code, self.read(out))

    def test_every_command_every_ca_file(self):
        hows = ["sign", "vcert"] + (["openssl-dgst", "openssl-x509"] if MODULE_DIR else [])
        made = refused = 0
        for how in hows:
            for label, cert, key, owner in ca_inputs():
                with self.subTest(how=how, ca=label):
                    status, out, kind, r = self.make(how, label, cert, key)
                    if owner is None:
                        # The key belongs to another certificate than the one the
                        # platform takes: refused, nothing written.
                        self.assertEqual(status, 3, r)
                        self.assertFalse(os.path.exists(out) and os.path.getsize(out) > 0, r)
                        refused += 1
                        continue
                    self.assertEqual(status, 0, r)
                    self.check_proof(kind, cert, owner, out)
                    made += 1
        self.assertGreaterEqual(refused, 2 * len(hows))
        self.assertGreaterEqual(made, 7 * len(hows))

    def test_refusal_names_both_and_the_pick(self):
        root = CA("chain/root")
        path = chain_file("int-first.pem")
        r = run("vcert", "--profile", VC, "--ca-cert", path, "--ca-key", root.key, "--code",
                CODES[VC])
        line = self.assertError(r, 3, "Chain Root", "Chain Intermediate", path + "#2",
                                root.key)
        self.assertIn("first", line)
        self.assertEqual(r.out, b"")

    def test_doctor_says_the_same_as_the_refusal(self):
        """doctor with the inputs sign refuses: KEY_MATCHES_OTHER_CERT, not accepted."""
        root = CA("chain/root")
        r = run("doctor", "--json", "--profile", SIG, "--ca-cert", chain_file("int-first.pem"),
                "--ca-key", root.key)
        self.assertStatus(r, 1)
        self.assertIn("KEY_MATCHES_OTHER_CERT", [f["code"] for f in r.json()["findings"]])
        r = run("doctor", "--json", "--profile", SIG, "--ca-cert",
                chain_file("int-first.pem") + "#2", "--ca-key", root.key)
        self.assertNotIn("KEY_MATCHES_OTHER_CERT", [f["code"] for f in r.json()["findings"]])

    def test_lint_uses_the_first_and_says_so(self):
        path = chain_file("int-first.pem")
        r = run("lint", "--profile", VC, path)
        self.assertIn(r.status, (0, 1), r)
        self.assertTrue(any("using the first" in n and "Chain Intermediate" in n
                            for n in r.notes()), r)
        r2 = run("lint", "--profile", VC, path + "#2")
        self.assertIn(r2.status, (0, 1), r2)
        self.assertTrue(any("#2" in n and "Chain Root" in n for n in r2.notes()), r2)


if __name__ == "__main__":
    pvtest.main()
