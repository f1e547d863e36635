"""pvtest.py - what the CLI and interop tests share: running the popverify
binary as a user would, the fixture CAs (made by make_cas.sh with plain
openssl), and independent checks of its outputs (python `cryptography`,
through tests/interop/verify_pop.py).

Environment (set by ctest; set them by hand to run one script alone):
  POPVERIFY_BIN       the popverify binary
  POPVERIFY_FIXTURES  the directory make_cas.sh filled
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))

import verify_pop  # noqa: E402  (the independent verifier)

BIN = os.environ.get("POPVERIFY_BIN", "popverify")
FIXTURES = os.environ.get("POPVERIFY_FIXTURES", "")

PROFILES = ["cumulocity", "azure-dps", "azure-iothub", "aws-iot", "huawei-iotda",
            "alibaba-iot", "generic-signature", "generic-vcert"]
SIGNATURE_PROFILES = ["cumulocity", "generic-signature"]
VCERT_PROFILES = ["azure-dps", "azure-iothub", "aws-iot", "huawei-iotda", "alibaba-iot",
                  "generic-vcert"]
GOOD_CAS = ["rsa2048", "rsa4096", "p256", "p384", "p521", "ed25519"]

# A code of each profile's shape.
CODES = {
    "cumulocity": "Zk3pQ9vX2mL8aR4tW7yB1cN6",
    "generic-signature": "any printable code: 123 ~!@#$%^&*()",
    "azure-dps": "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF",
    "azure-iothub": "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
    "aws-iot": "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "huawei-iotda": "2c8b5905-b34a-4b64-8112-f6c047ae065c",  # Huawei's API example
    "alibaba-iot": "a7d3f0c2e9b84d16a5c3e8f07b2d9c41",
    "generic-vcert": "device-enrolment-check-42",
}
# Key types a profile refuses (from the platforms' documentation).
REFUSED = {
    ("azure-dps", "ed25519"), ("azure-iothub", "ed25519"), ("aws-iot", "ed25519"),
    ("huawei-iotda", "ed25519"), ("alibaba-iot", "p256"), ("alibaba-iot", "p384"),
    ("alibaba-iot", "p521"), ("alibaba-iot", "ed25519"),
}


def passphrase():
    with open(os.path.join(FIXTURES, "PASSPHRASE"), encoding="ascii") as f:
        return f.read()


class CA:
    """The files of one fixture CA (see make_cas.sh)."""

    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(FIXTURES, name)
        self.pem = os.path.join(self.dir, "ca.pem")
        self.der = os.path.join(self.dir, "ca.der")
        self.key = os.path.join(self.dir, "ca.key")
        self.key_der = os.path.join(self.dir, "ca.key.der")
        self.enc_key = os.path.join(self.dir, "ca.enc.key")
        self.enc_der = os.path.join(self.dir, "ca.enc.der")

    def cert(self):
        return verify_pop.load_cert_file(self.pem)


class Result:
    """A finished popverify run, output decoded where it is text."""

    def __init__(self, proc):
        self.status = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr.decode("utf-8", "replace")
        self.text = self.out.decode("utf-8", "replace")

    def errors(self):
        return [l for l in self.err.splitlines() if l.startswith("popverify: error:")]

    def notes(self):
        return [l for l in self.err.splitlines() if l.startswith("popverify: note:")]

    def json(self):
        return json.loads(self.text)

    def __repr__(self):
        return "exit %d\n--- stdout\n%s\n--- stderr\n%s" % (self.status, self.text, self.err)


def run(*args, stdin=subprocess.DEVNULL, env=None, pass_fds=(), timeout=120, cwd=None):
    """Run popverify with args; stdin is /dev/null unless bytes are given."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    kw = {"stdin": stdin} if not isinstance(stdin, bytes) else {"input": stdin}
    # A new session has no controlling terminal, as in CI: nothing prompts.
    proc = subprocess.run([BIN] + [str(a) for a in args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=full_env, pass_fds=pass_fds,
                          timeout=timeout, cwd=cwd, check=False, start_new_session=True,
                          **kw)
    return Result(proc)


def run_tool(*args, **kw):
    """A helper tool (openssl, java): must succeed; returns stdout bytes."""
    kw.setdefault("stderr", subprocess.PIPE)
    proc = subprocess.run([str(a) for a in args], stdout=subprocess.PIPE, check=False, **kw)
    if proc.returncode != 0:
        raise AssertionError("%s failed (%d): %s" % (" ".join(map(str, args)), proc.returncode,
                                                     (proc.stderr or b"").decode(errors="replace")))
    return proc.stdout


def fingerprint(cert, algo):
    """Independent CA fingerprint, as lower-case hex without separators."""
    from cryptography.hazmat.primitives import hashes

    return cert.fingerprint(getattr(hashes, algo)()).hex()


def norm_hex(text):
    return text.replace(":", "").lower()


class TestCase(unittest.TestCase):
    """A test with its own scratch directory, removed when it passes."""

    maxDiff = None

    def setUp(self):
        if not FIXTURES or not os.path.isdir(FIXTURES):
            self.fail("POPVERIFY_FIXTURES is not set to make_cas.sh's directory")
        base = os.environ.get("POPVERIFY_WORKDIR") or None
        self.tmp = tempfile.mkdtemp(prefix="pvtest-", dir=base)

    def tearDown(self):
        outcome = getattr(self, "_outcome", None)
        ok = True
        if outcome is not None and hasattr(outcome, "errors"):  # python < 3.11
            ok = all(e is None for _, e in outcome.errors)
        elif outcome is not None and hasattr(outcome, "success"):
            ok = outcome.success
        if ok:
            shutil.rmtree(self.tmp, ignore_errors=True)
        else:
            sys.stderr.write("kept scratch directory %s\n" % self.tmp)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, data):
        p = self.path(name)
        with open(p, "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p

    def read(self, path):
        with open(path, "rb") as f:
            return f.read()

    # --- assertions about a popverify run

    def assertStatus(self, r, status):
        self.assertEqual(r.status, status, "expected exit %d, got %r" % (status, r))

    def assertOk(self, r):
        self.assertStatus(r, 0)
        self.assertEqual(r.errors(), [], r)

    def assertError(self, r, status, *needles):
        """Exit status, exactly one one-line error, naming each needle."""
        self.assertStatus(r, status)
        errs = r.errors()
        self.assertEqual(len(errs), 1, "want exactly one error line: %r" % r)
        low = errs[0].lower()
        for n in needles:
            self.assertIn(n.lower(), low, "error line should mention %r: %r" % (n, r))
        return errs[0]

    def assertSignatureValid(self, ca, code, sig_text):
        """Independent check: the signature verifies over the exact code."""
        if isinstance(code, str):
            code = code.encode("utf-8")
        if isinstance(sig_text, str):
            sig_text = sig_text.encode("ascii")
        try:
            verify_pop.check_signature(ca.cert(), code, sig_text)
        except verify_pop.Invalid as e:
            self.fail("signature does not verify independently: %s" % e)

    def assertVcertValid(self, ca, code, vcert_bytes):
        if isinstance(code, str):
            code = code.encode("utf-8")
        try:
            verify_pop.check_vcert(ca.cert(), code, vcert_bytes)
        except verify_pop.Invalid as e:
            self.fail("verification certificate does not verify independently: %s" % e)

    def assertNoSecret(self, r, secret):
        self.assertNotIn(secret, r.err, "secret leaked to stderr")
        self.assertNotIn(secret.encode(), r.out, "secret leaked to stdout")

    def assertDirHolds(self, names):
        """Nothing else (no temp files) was left in the scratch directory."""
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted(names))


def main():
    unittest.main(verbosity=2)
