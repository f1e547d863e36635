"""make_chains.py DIR - the fixture of the issuance tests, made once per run
with the popverify CLI as a user would: for each key type a root, an
intermediate with an encrypted key, a device certificate with a new key,
and a device certificate with --chain issued from a CA file that holds the
intermediate and the root. Exits non-zero, saying which step failed.
"""

import os
import shutil
import sys

import issuetest
from issuetest import PASSPHRASE, PROFILE, run


def step(*args):
    r = run(*args, timeout=300)
    if r.status != 0:
        sys.exit("make_chains: popverify %s failed:\n%r" % (" ".join(args), r))


def make(chain):
    os.makedirs(chain.dir)
    kt = chain.key_type
    step("ca", "--profile", PROFILE, "--subject", "/O=popverify tests/CN=Root %s" % chain.name,
         "--key-type", kt, "--key-out", chain.root_key, "--out", chain.root)
    step("ca", "--profile", PROFILE, "--subject",
         "/O=popverify tests/CN=Issuing CA %s" % chain.name, "--key-type", kt,
         "--ca-cert", chain.root, "--ca-key", chain.root_key, "--passout",
         "pass:" + PASSPHRASE, "--key-out", chain.inter_key, "--out", chain.inter)
    common = ["--profile", PROFILE, "--passin", "pass:" + PASSPHRASE, "--key-type", kt]
    step("device", *common, "--ca-cert", chain.inter, "--ca-key", chain.inter_key,
         "--id", chain.device_id, "--key-out", chain.device_key, "--out", chain.device)
    with open(chain.inter_chain, "wb") as out:
        for part in (chain.inter, chain.root):
            with open(part, "rb") as f:
                out.write(f.read())
    step("device", *common, "--ca-cert", chain.inter_chain, "--ca-key", chain.inter_key,
         "--id", chain.device_id, "--key-out", chain.chain_key, "--out", chain.chain,
         "--chain")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_chains.py DIR")
    issuetest.CHAINS = os.path.abspath(sys.argv[1])
    shutil.rmtree(issuetest.CHAINS, ignore_errors=True)
    for name in issuetest.KEY_TYPES:
        make(issuetest.Chain(name))
    print("make_chains: %d chains in %s" % (len(issuetest.KEY_TYPES), issuetest.CHAINS))


if __name__ == "__main__":
    main()
