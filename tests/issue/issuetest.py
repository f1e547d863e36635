"""issuetest.py - what the issuance tests share: the chains make_chains.py
issued once per run with `popverify ca` and `popverify device`, and helpers
to read certificates with python `cryptography` (an implementation that
shares no code with popverify).

Environment (set by ctest; set them by hand to run one script alone):
  POPVERIFY_BIN     the popverify binary
  POPVERIFY_CHAINS  the directory make_chains.py filled
"""

import datetime
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import pvtest  # noqa: E402  (running popverify, assertions on its output)
from cryptography import x509  # noqa: E402

run = pvtest.run
run_tool = pvtest.run_tool

CHAINS = os.environ.get("POPVERIFY_CHAINS", "")
PROFILE = "cumulocity"  # takes every key type, so every chain is issued under it
PASSPHRASE = "issue fixture passphrase"
# Fixture name -> key type of root, intermediate and device alike.
KEY_TYPES = {"p256": "ec:P-256", "p384": "ec:P-384", "rsa3072": "rsa:3072",
             "ed25519": "ed25519"}


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def load_certs(path):
    with open(path, "rb") as f:
        return x509.load_pem_x509_certificates(f.read())


def load_cert(path):
    certs = load_certs(path)
    assert len(certs) == 1, "%s holds %d certificates" % (path, len(certs))
    return certs[0]


class Chain:
    """One fixture chain: root -> intermediate (encrypted key) -> device."""

    def __init__(self, name):
        self.name = name
        self.key_type = KEY_TYPES[name]
        self.dir = os.path.join(CHAINS, name)
        self.device_id = "dev-%s-0001" % name
        self.root, self.root_key = self.path("root.pem"), self.path("root.key")
        self.inter, self.inter_key = self.path("inter.pem"), self.path("inter.key")
        self.device, self.device_key = self.path("device.pem"), self.path("device.key")
        # The intermediate followed by the root, as a CA file holding its chain,
        # and the device certificate issued from it with --chain.
        self.inter_chain = self.path("inter-chain.pem")
        self.chain, self.chain_key = self.path("chain.pem"), self.path("chain.key")

    def path(self, file):
        return os.path.join(self.dir, file)

    def cert(self, which):
        return load_cert(self.path(which + ".pem"))


def chains():
    return [Chain(n) for n in KEY_TYPES]


class TestCase(pvtest.TestCase):
    """A test with its own scratch directory; the fixture chains at hand."""

    def setUp(self):
        if not CHAINS or not os.path.isdir(CHAINS):
            self.fail("POPVERIFY_CHAINS is not set to make_chains.py's directory")
        base = os.environ.get("POPVERIFY_WORKDIR") or None
        self.tmp = tempfile.mkdtemp(prefix="pvissue-", dir=base)

    def chain(self, name="p256"):
        return Chain(name)

    def device(self, chain, *args, profile=PROFILE, **kw):
        """popverify device under chain's intermediate; args add options."""
        return run("device", "--profile", profile, "--ca-cert", chain.inter,
                   "--ca-key", chain.inter_key, "--passin", "pass:" + PASSPHRASE,
                   *args, **kw)

    def assertNoFile(self, *paths):
        for p in paths:
            self.assertFalse(os.path.exists(p), "%s should not exist" % p)

    def assertValidDays(self, cert, days, slack_minutes=10):
        """notAfter is days from now (popverify backdates notBefore 5 minutes)."""
        end = now() + datetime.timedelta(days=days)
        delta = abs((cert.not_valid_after_utc - end).total_seconds())
        self.assertLess(delta, slack_minutes * 60,
                        "notAfter %s is not %d days from now" % (cert.not_valid_after_utc,
                                                                 days))
