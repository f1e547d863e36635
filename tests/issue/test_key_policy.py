"""One key policy for every command: each key below, made with plain openssl
(the RSA e=1 key assembled from python `cryptography` primes, since no tool
makes one), as a self-signed CA certificate, run through sign or vcert,
verify, ca (as issuer), device (as issuer, and as the key of a CSR), doctor
and lint, for several profiles. Every command must give the key the same
verdict: accepted, or refused under the same rule code.

The verdict table is printed to stderr.
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from cryptography.hazmat.primitives.asymmetric import rsa

import issuetest
from issuetest import run

# key name -> genpkey arguments (None: made by make_rsa_e1)
KEYS = {
    "rsa-e1": None,
    "rsa-e3": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-pkeyopt",
               "rsa_keygen_pubexp:3"],
    "rsa-512": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"],
    "rsa-1024": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
    "rsa-2048": ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
    "secp256k1": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1"],
    "brainpoolP256r1": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:brainpoolP256r1"],
    "P-224": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-224"],
    "P-256": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
    "P-256-explicit": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-pkeyopt",
                       "ec_param_enc:explicit"],
    "Ed25519": ["-algorithm", "ED25519"],
    "Ed448": ["-algorithm", "ED448"],
    "DSA": ["-paramfile", "dsa.param"],
    "RSA-PSS": ["-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048"],
}

PROFILES = ["cumulocity", "azure-dps", "generic-vcert"]
SIGNATURE_PROFILES = {"cumulocity"}
CODES = {"cumulocity": "Zk3pQ9vX2mL8aR4tW7yB1cN6",
         "azure-dps": "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
         "generic-vcert": "device-enrolment-check-42"}


def expected(key, profile):
    """The one verdict: None (accepted) or the rule code that refuses it."""
    fixed = {"rsa-e1": "PV_KEY_RSA_EXPONENT", "rsa-e3": "PV_KEY_RSA_EXPONENT",
             "rsa-512": "PV_KEY_RSA_SMALL", "rsa-1024": "PV_KEY_RSA_SMALL",
             "secp256k1": "PV_KEY_EC_CURVE", "brainpoolP256r1": "PV_KEY_EC_CURVE",
             "P-224": "PV_KEY_EC_CURVE", "P-256-explicit": "PV_KEY_EC_EXPLICIT",
             "Ed448": "PV_KEY_TYPE_REFUSED", "DSA": "PV_KEY_TYPE_REFUSED",
             "RSA-PSS": "PV_KEY_TYPE_REFUSED"}
    if key == "Ed25519":
        return "PV_KEY_TYPE_REFUSED" if profile == "azure-dps" else None
    return fixed.get(key)


def der_int(v):
    body = v.to_bytes(v.bit_length() // 8 + 1, "big")
    return b"\x02" + der_len(len(body)) + body


def der_len(n):
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def make_rsa_e1(path):
    """RSAPrivateKey with e = d = 1 (CRT exponents 1): the 'signature' is the
    padded digest itself."""
    n = rsa.generate_private_key(65537, 2048).private_numbers()
    body = b"".join(der_int(x) for x in (0, n.p * n.q, 1, 1, n.p, n.q, 1, 1,
                                         pow(n.q, -1, n.p)))
    der = b"\x30" + der_len(len(body)) + body
    b64 = base64.b64encode(der).decode()
    with open(path, "w", encoding="ascii") as f:
        f.write("-----BEGIN RSA PRIVATE KEY-----\n")
        f.write("".join(b64[i:i + 64] + "\n" for i in range(0, len(b64), 64)))
        f.write("-----END RSA PRIVATE KEY-----\n")


def tool(*args, cwd):
    issuetest.run_tool(*args, cwd=cwd)


class Fixture:
    dir = None


def setUpModule():
    base = os.environ.get("POPVERIFY_WORKDIR") or None
    d = Fixture.dir = tempfile.mkdtemp(prefix="pvkeys-", dir=base)
    tool("openssl", "genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt",
         "dsa_paramgen_bits:2048", "-out", "dsa.param", cwd=d)
    for name, args in KEYS.items():
        key = name + ".key"
        if args is None:
            make_rsa_e1(os.path.join(d, key))
        else:
            tool("openssl", "genpkey", *args, "-out", key, cwd=d)
        tool("openssl", "req", "-x509", "-new", "-key", key, "-subj", "/CN=Key " + name,
             "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
             "keyUsage=critical,keyCertSign,cRLSign", "-out", name + ".pem", cwd=d)
        tool("openssl", "req", "-new", "-key", key, "-subj", "/CN=dev-" + name, "-out",
             name + ".csr", cwd=d)
    r = run("ca", "--profile", "cumulocity", "--subject", "/CN=Good Root", "--key-out",
            "good.key", "--out", "good.pem", cwd=d)
    if r.status != 0:
        raise AssertionError("the good CA could not be made: %r" % r)


def tearDownModule():
    shutil.rmtree(Fixture.dir, ignore_errors=True)


def code_of(r):
    """The rule code a refusal names, or None for success."""
    if r.status == 0:
        return None
    for word in ("PV_KEY_RSA_EXPONENT", "PV_KEY_RSA_SMALL", "PV_KEY_EC_EXPLICIT",
                 "PV_KEY_EC_CURVE", "PV_KEY_TYPE_REFUSED"):
        if word in r.err or word in r.text:
            return word
    return "exit %d: %s" % (r.status, r.err.strip()[:200])


class KeyPolicy(unittest.TestCase):
    maxDiff = None

    def commands(self, key, profile):
        """{command: verdict} of every command for the key under profile."""
        d = Fixture.dir
        pem, k, csr = key + ".pem", key + ".key", key + ".csr"
        code = CODES[profile]
        out = {}
        sig = profile in SIGNATURE_PROFILES
        r = run("sign" if sig else "vcert", "--profile", profile, "--ca-cert", pem,
                "--ca-key", k, "--code", code, cwd=d)
        out["sign" if sig else "vcert"] = code_of(r)
        proof = r.out if r.status == 0 else (b"AAAA" if sig else None)
        if sig:
            args = ["--signature", proof.decode().strip()]
        else:
            vcert = os.path.join(d, "%s-%s.vcert" % (key, profile))
            if proof is None:  # anything: the CA's key is refused before it is read
                with open(os.path.join(d, pem), "rb") as f:
                    proof = f.read()
            with open(vcert, "wb") as f:
                f.write(proof)
            args = ["--vcert", vcert]
        r = run("verify", "--profile", profile, "--ca-cert", pem, "--code", code, *args,
                cwd=d)
        out["verify"] = code_of(r)
        tag = "%s-%s" % (key, profile)
        r = run("ca", "--profile", profile, "--subject", "/CN=Inter", "--ca-cert", pem,
                "--ca-key", k, "--key-out", tag + "-i.key", "--out", tag + "-i.pem", cwd=d)
        out["ca (issuer)"] = code_of(r)
        r = run("device", "--profile", profile, "--ca-cert", pem, "--ca-key", k, "--id",
                "dev-1", "--key-out", tag + "-d.key", "--out", tag + "-d.pem", cwd=d)
        out["device (issuer)"] = code_of(r)
        r = run("device", "--profile", profile, "--ca-cert", "good.pem", "--ca-key",
                "good.key", "--id", "dev-1", "--csr", csr, "--out", tag + "-c.pem", cwd=d)
        out["device (CSR key)"] = code_of(r)
        r = run("doctor", "--profile", profile, "--ca-cert", pem, "--ca-key", k, "--json",
                cwd=d)
        doc = json.loads(r.text)
        keyf = [f for f in doc["findings"]
                if f["code"] in ("CERT_KEY_REJECTED", "CERT_RSA_WEAK")]
        out["doctor"] = None if not keyf else code_of(
            issuetest.pvtest.Result(subprocess.CompletedProcess(
                [], 1, keyf[0]["evidence"].encode(), b"")))
        if keyf:
            self.assertEqual(r.status, 1, r)
        r = run("lint", "--profile", profile, pem, "--json", cwd=d)
        found = [f["code"] for c in json.loads(r.text)["certificates"]
                 for f in c["findings"] if f["code"].startswith("PV_KEY_")]
        out["lint"] = found[0] if found else None
        return out

    def test_one_verdict_per_key_and_profile(self):
        rows, failures = [], []
        for key in KEYS:
            for profile in PROFILES:
                want = expected(key, profile)
                got = self.commands(key, profile)
                rows.append((key, profile, want, got))
                for cmd, verdict in got.items():
                    if verdict != want:
                        failures.append("%s under %s: %s says %s, want %s" % (
                            key, profile, cmd, verdict, want))
        sys.stderr.write("\nkey policy verdicts (one per key and profile; every command "
                         "agrees unless listed below):\n")
        sys.stderr.write("%-16s %-14s %s\n" % ("key", "profile", "verdict"))
        for key, profile, want, _ in rows:
            sys.stderr.write("%-16s %-14s %s\n" % (key, profile, want or "accepted"))
        for f in failures:
            sys.stderr.write("MISMATCH " + f + "\n")
        self.assertEqual(failures, [])


CONFIG = """openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
popverify = popverify_sect
[default_sect]
activate = 1
[popverify_sect]
activate = 1
profiles = k1_c8y
k1_c8y = k1_c8y_sect
[k1_c8y_sect]
base = cumulocity
ec_curves = P-256 secp256k1
"""


class Relax(unittest.TestCase):
    """What the refusal of a popverify default says to do works."""

    def test_ec_curves_in_a_config_profile(self):
        d = Fixture.dir
        conf = os.path.join(d, "k1.cnf")
        with open(conf, "w", encoding="ascii") as f:
            f.write(CONFIG)
        code = CODES["cumulocity"]
        r = run("sign", "--profile", "cumulocity", "--ca-cert", "secp256k1.pem",
                "--ca-key", "secp256k1.key", "--code", code, cwd=d)
        self.assertEqual(r.status, 3, r)
        self.assertIn("source: popverify default", r.err)
        self.assertIn("base = cumulocity and ec_curves = P-256 P-384 P-521 secp256k1", r.err)
        r = run("--config", conf, "sign", "--profile", "k1_c8y", "--ca-cert",
                "secp256k1.pem", "--ca-key", "secp256k1.key", "--code", code, cwd=d)
        self.assertEqual(r.status, 0, r)
        r = run("--config", conf, "verify", "--profile", "k1_c8y", "--ca-cert",
                "secp256k1.pem", "--code", code, "--signature", r.text.strip(), cwd=d)
        self.assertEqual(r.status, 0, r)
        r = run("--config", conf, "lint", "--profile", "k1_c8y", "secp256k1.pem", "--json",
                cwd=d)
        self.assertNotIn("PV_KEY_", r.text)
        r = run("--config", conf, "profiles", "k1_c8y", cwd=d)
        self.assertIn("ec_curves: P-256 secp256k1  (config)", r.text)
        bad = CONFIG.replace("P-256 secp256k1", "P-256 nosuchcurve")
        with open(conf, "w", encoding="ascii") as f:
            f.write(bad)
        r = run("--config", conf, "profiles", "k1_c8y", cwd=d)
        self.assertNotEqual(r.status, 0, r)
        self.assertIn("'nosuchcurve' is not an EC curve", r.err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
