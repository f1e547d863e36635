#!/usr/bin/env python3
"""py_features.py - the python `cryptography` features the tests use, checked
on the python3 that runs them (tests/run.sh calls it before building).

Each line of FEATURES: the feature, the cryptography release that added it,
and whether the tests need it (a missing one is an error) or skip without it
(a note saying which tests skip). Prints one line per missing feature and
exits 1 when a needed one is missing, 0 otherwise. Debian 13 has 43.
"""

import sys

PATH_BUILDING = ("tests/issue/test_chain.py, cryptography's path building (openssl verify "
                 "and the JDK still check every chain)")

# (dotted name under cryptography, added in, "need" | test that skips without it)
FEATURES = (
    ("x509.load_pem_x509_certificates", "39", "need"),
    ("x509.Certificate.verify_directly_issued_by", "40", "need"),
    ("x509.Certificate.not_valid_after_utc", "42", "need"),
    ("x509.Certificate.not_valid_before_utc", "42", "need"),
    ("hazmat.primitives.asymmetric.ed25519.Ed25519PublicKey", "2.6", "need"),
    ("x509.verification.PolicyBuilder.build_client_verifier", "43", "need"),
    ("x509.verification.ExtensionPolicy", "45", PATH_BUILDING),
    ("x509.verification.Criticality", "45", PATH_BUILDING),
)


def has(name):
    import importlib
    parts = name.split(".")
    obj = importlib.import_module("cryptography")
    done = "cryptography"
    for part in parts:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            try:
                obj = importlib.import_module(done + "." + part)
            except ImportError:
                return False
        done += "." + part
    return True


def main():
    try:
        import cryptography
    except ImportError:
        print("%s has no 'cryptography' module (apt-get install python3-cryptography)"
              % sys.executable)
        return 1
    version = cryptography.__version__
    status = 0
    for name, added, use in FEATURES:
        if has(name):
            continue
        if use == "need":
            print("python3 cryptography %s has no %s (added in %s): the tests need "
                  "cryptography >= %s" % (version, name, added, added))
            status = 1
        else:
            print("python3 cryptography %s has no %s (added in %s): skipped in %s"
                  % (version, name, added, use))
    return status


if __name__ == "__main__":
    sys.exit(main())
