#!/usr/bin/env python3
"""cli_mldsa: post-quantum CA keys. ML-DSA-44, -65 and -87 CA keys (OpenSSL
3.5 and later) sign codes through generic-signature and issue verification
certificates through generic-vcert, pure signatures with no digest, as
Ed25519; the platform profiles refuse them. The CAs are made by plain
openssl, and every output is checked by plain openssl (pkeyutl -verify,
verify); python cryptography 43 has no ML-DSA, so it only reads the
certificate fields. With an OpenSSL that has no ML-DSA (3.0) the commands
must say so, and the rest is skipped with that reason."""

import base64
import os
import shutil
import subprocess
import tempfile
import unittest

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

import pvtest
from pvtest import CODES, run, run_tool

# id-ml-dsa-44/65/87 (NIST CSOR, RFC 9881) and each one's signature length.
MLDSA = {
    "ML-DSA-44": ("2.16.840.1.101.3.4.3.17", 2420),
    "ML-DSA-65": ("2.16.840.1.101.3.4.3.18", 3309),
    "ML-DSA-87": ("2.16.840.1.101.3.4.3.19", 4627),
}

def platform_profiles():
    """Every built-in profile but the generic ones, with its kind."""
    out = subprocess.run([pvtest.BIN, "profiles"], stdout=subprocess.PIPE, check=True).stdout
    rows = [line.split()[:2] for line in out.decode().splitlines() if line.strip()]
    return [(name, kind) for name, kind in rows if not name.startswith("generic-")]


PLATFORM_PROFILES = platform_profiles()
SIGN_CODE = CODES["generic-signature"]
VCERT_CODE = CODES["generic-vcert"]


def openssl(*args, cwd=None):
    """Plain openssl, no config: (status, stdout + stderr as text)."""
    proc = subprocess.run(["openssl", *map(str, args)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False, cwd=cwd,
                          env=dict(os.environ, OPENSSL_CONF="/dev/null"))
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace")


def openssl_has_mldsa(workdir):
    """Asked of openssl itself: can it make an ML-DSA key?"""
    status, _ = openssl("genpkey", "-algorithm", "ML-DSA-44", "-out",
                        os.path.join(workdir, "probe.key"))
    return status == 0


def der_tlv_length(der, pos):
    """(header length, content length) of the DER element at pos."""
    n = der[pos + 1]
    if n < 0x80:
        return 2, n
    k = n & 0x7F
    return 2 + k, int.from_bytes(der[pos + 2:pos + 2 + k], "big")


def outer_signature_algorithm(der):
    """The certificate's outer signatureAlgorithm element, as DER bytes."""
    head, _ = der_tlv_length(der, 0)
    tbs_head, tbs_len = der_tlv_length(der, head)
    pos = head + tbs_head + tbs_len
    alg_head, alg_len = der_tlv_length(der, pos)
    return der[pos:pos + alg_head + alg_len]


def algorithm_identifier(oid):
    """SEQUENCE { OID } with no parameters, as ML-DSA's must be."""
    arcs = [int(a) for a in oid.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.insert(0, 0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(chunk)
    oid_der = bytes([0x06, len(body)]) + body
    return bytes([0x30, len(oid_der)]) + oid_der


WORK = tempfile.mkdtemp(prefix="pvtest-mldsa-", dir=os.environ.get("POPVERIFY_WORKDIR"))
HAVE_MLDSA = openssl_has_mldsa(WORK)
NO_MLDSA = "the OpenSSL in use has no ML-DSA (it needs OpenSSL 3.5 or later)"


class PlainCA:
    """An ML-DSA CA made by plain openssl: key, certificate, public key."""

    def __init__(self, alg):
        self.alg = alg
        self.dir = os.path.join(WORK, alg)
        os.makedirs(self.dir, exist_ok=True)
        self.key = os.path.join(self.dir, "ca.key")
        self.pem = os.path.join(self.dir, "ca.pem")
        self.pub = os.path.join(self.dir, "ca.pub")
        run_tool("openssl", "genpkey", "-algorithm", alg, "-out", self.key)
        run_tool("openssl", "req", "-x509", "-config", "/dev/null", "-key", self.key,
                 "-subj", "/O=popverify tests/CN=%s Root" % alg, "-days", "30",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                 "-addext", "subjectKeyIdentifier=hash", "-out", self.pem)
        run_tool("openssl", "pkey", "-in", self.key, "-pubout", "-out", self.pub)


_CAS = {}


def plain_ca(alg):
    if alg not in _CAS:
        _CAS[alg] = PlainCA(alg)
    return _CAS[alg]


class TestCase(pvtest.TestCase):
    def assertOpensslVerifiesSignature(self, ca, code, sig_text):
        """openssl pkeyutl -verify -rawin over the exact code bytes."""
        raw = base64.b64decode(sig_text, validate=True)
        self.assertEqual(len(raw), MLDSA[ca.alg][1])
        code_file = self.write("code.bin", code)
        sig_file = self.write("sig.bin", raw)
        status, text = openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", ca.pub,
                               "-in", code_file, "-sigfile", sig_file)
        self.assertEqual(status, 0, text)
        # The check can fail: one bit changed, it must not verify.
        bad = bytearray(raw)
        bad[len(bad) // 2] ^= 0x01
        self.write("bad.bin", bytes(bad))
        status, text = openssl("pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", ca.pub,
                               "-in", code_file, "-sigfile", self.path("bad.bin"))
        self.assertNotEqual(status, 0, text)

    def assertOpensslVerifiesVcert(self, ca_pem, alg, code, pem):
        vfile = self.write("v.pem", pem)
        status, text = openssl("verify", "-x509_strict", "-CAfile", ca_pem, vfile)
        self.assertEqual(status, 0, text)
        cert = x509.load_pem_x509_certificate(pem)
        ca = x509.load_pem_x509_certificate(self.read(ca_pem))
        oid = MLDSA[alg][0]
        self.assertEqual(cert.signature_algorithm_oid.dotted_string, oid)
        # No digest, no parameters: the algorithm id is the key's own.
        self.assertEqual(outer_signature_algorithm(cert.public_bytes(Encoding.DER)),
                         algorithm_identifier(oid))
        self.assertEqual(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value,
                         code)
        self.assertEqual(len(cert.subject.rdns), 1)
        self.assertEqual(cert.issuer.public_bytes(), ca.subject.public_bytes())


@unittest.skipIf(HAVE_MLDSA, "the OpenSSL in use has ML-DSA; its own tests run instead")
class WithoutMLDSA(pvtest.TestCase):
    def test_ca_says_openssl_has_no_mldsa(self):
        for kt in ("ml-dsa-44", "ml-dsa-65", "ml-dsa-87"):
            with self.subTest(key_type=kt):
                key, out = self.path(kt + ".key"), self.path(kt + ".pem")
                r = run("ca", "--profile", "generic-vcert", "--subject", "/CN=PQ Root",
                        "--key-type", kt, "--key-out", key, "--out", out)
                self.assertError(r, 3, kt, "has no ML-DSA", "3.5")
                self.assertFalse(os.path.exists(key) or os.path.exists(out), r)


class KeyTypes(pvtest.TestCase):
    """The profile decides before any key is made, with or without ML-DSA."""

    def test_ca_refuses_mldsa_for_platform_profiles(self):
        for profile, _ in PLATFORM_PROFILES:
            with self.subTest(profile=profile):
                key, pem = self.path("k.pem"), self.path("c.pem")
                r = run("ca", "--profile", profile, "--subject", "/CN=PQ Root",
                        "--key-type", "ml-dsa-65", "--key-out", key, "--out", pem)
                self.assertError(r, 3, "key type ml-dsa-65 for the root CA key",
                                 "refused by profile " + profile)
                self.assertFalse(os.path.exists(key) or os.path.exists(pem), r)

    def test_profiles_list_mldsa_where_taken(self):
        for profile in ["generic-signature", "generic-vcert"] + [p for p, _ in
                                                                  PLATFORM_PROFILES]:
            with self.subTest(profile=profile):
                r = run("profiles", profile)
                self.assertOk(r)
                line = [l for l in r.text.splitlines() if l.lstrip().startswith("key_types")]
                self.assertEqual(len(line), 1, r)
                generic = profile.startswith("generic-")
                for word in ("ml-dsa-44", "ml-dsa-65", "ml-dsa-87"):
                    self.assertEqual(word in line[0], generic, line)


@unittest.skipUnless(HAVE_MLDSA, NO_MLDSA)
class GenericProfiles(TestCase):
    def test_sign_generic_signature(self):
        for alg in MLDSA:
            with self.subTest(alg=alg):
                ca = plain_ca(alg)
                r = run("sign", "--profile", "generic-signature", "--ca-cert", ca.pem,
                        "--ca-key", ca.key, "--code", SIGN_CODE)
                self.assertOk(r)
                self.assertOpensslVerifiesSignature(ca, SIGN_CODE.encode(), r.out.strip())
                sig = self.write("sig.txt", r.out.strip())
                v = run("verify", "--profile", "generic-signature", "--ca-cert", ca.pem,
                        "--code", SIGN_CODE, "--signature-file", sig)
                self.assertOk(v)
                v = run("verify", "--profile", "generic-signature", "--ca-cert", ca.pem,
                        "--code", SIGN_CODE + "x", "--signature-file", sig)
                self.assertStatus(v, 1)
                d = run("doctor", "--profile", "generic-signature", "--ca-cert", ca.pem,
                        "--code", SIGN_CODE, "--signature-file", sig)
                self.assertStatus(d, 0)
                self.assertTrue(d.text.startswith("accepted"), d)
                d = run("doctor", "--profile", "generic-signature", "--ca-cert", ca.pem,
                        "--code", SIGN_CODE + "x", "--signature-file", sig)
                self.assertStatus(d, 1)
                self.assertIn("SIG_NO_MATCH", d.text)

    def test_vcert_generic_vcert(self):
        for alg in MLDSA:
            with self.subTest(alg=alg):
                ca = plain_ca(alg)
                out = self.path("v-%s.pem" % alg)
                r = run("vcert", "--profile", "generic-vcert", "--ca-cert", ca.pem,
                        "--ca-key", ca.key, "--code", VCERT_CODE, "--out", out)
                self.assertOk(r)
                self.assertOpensslVerifiesVcert(ca.pem, alg, VCERT_CODE, self.read(out))
                v = run("verify", "--profile", "generic-vcert", "--ca-cert", ca.pem,
                        "--code", VCERT_CODE, "--vcert", out)
                self.assertOk(v)
                for cert in (ca.pem, out):
                    lint = run("lint", "--profile", "generic-vcert", cert)
                    self.assertStatus(lint, 0)
                    self.assertNotIn("PV_KEY_TYPE_REFUSED", lint.text)

    def test_ca_with_mldsa_key_type(self):
        for kt, alg in (("ml-dsa-44", "ML-DSA-44"), ("ml-dsa-65", "ML-DSA-65"),
                        ("ml-dsa-87", "ML-DSA-87")):
            with self.subTest(key_type=kt):
                key, pem = self.path(kt + ".key"), self.path(kt + ".pem")
                r = run("ca", "--profile", "generic-vcert", "--subject", "/CN=PQ Root " + kt,
                        "--key-type", kt, "--key-out", key, "--out", pem)
                self.assertOk(r)
                status, text = openssl("pkey", "-in", key, "-noout", "-text")
                self.assertEqual(status, 0, text)
                self.assertTrue(text.startswith(alg + " Private-Key"), text[:80])
                self.assertOpensslVerifiesVcert(pem, alg, "PQ Root " + kt, self.read(pem))
                out = self.path("v.pem")
                r = run("vcert", "--profile", "generic-vcert", "--ca-cert", pem, "--ca-key",
                        key, "--code", VCERT_CODE, "--out", out)
                self.assertOk(r)
                self.assertOpensslVerifiesVcert(pem, alg, VCERT_CODE, self.read(out))


@unittest.skipUnless(HAVE_MLDSA, NO_MLDSA)
class PlatformProfiles(TestCase):
    def test_platform_profiles_refuse_mldsa_ca_keys(self):
        ca = plain_ca("ML-DSA-65")
        for profile, kind in PLATFORM_PROFILES:
            with self.subTest(profile=profile):
                cmd = "sign" if kind == "signature" else "vcert"
                out = self.path("out-" + profile)
                r = run(cmd, "--profile", profile, "--ca-cert", ca.pem, "--ca-key", ca.key,
                        "--code", CODES[profile], "--out", out)
                self.assertError(r, 3, "ML-DSA-65", "refused by profile " + profile,
                                 "generic-vcert")
                self.assertFalse(os.path.exists(out), r)
                lint = run("lint", "--profile", profile, ca.pem)
                self.assertStatus(lint, 1)
                self.assertIn("PV_KEY_TYPE_REFUSED", lint.text)



def tearDownModule():
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    pvtest.main()
