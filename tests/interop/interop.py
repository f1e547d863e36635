"""interop.py - the three independent checkers the interop tests ask about
every popverify output: python `cryptography` (verify_pop.py), the JDK
(PopVerify.java, compiled by the interop_javac test) and the stock openssl
CLI. None of them shares code with popverify.

Environment, besides pvtest's: POPVERIFY_JAVA (the java launcher) and
POPVERIFY_JAVA_CLASSES (where interop_javac put PopVerify.class).
"""

import base64
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))

import pvtest  # noqa: E402
import verify_pop  # noqa: E402

JAVA = os.environ.get("POPVERIFY_JAVA", "java")
JAVA_CLASSES = os.environ.get("POPVERIFY_JAVA_CLASSES", "")


def python_verdict(kind, ca_path, code_path, proof_path):
    """"valid" or "invalid: why", as verify_pop.py prints it."""
    ca = verify_pop.load_cert_file(ca_path)
    with open(code_path, "rb") as f:
        code = f.read()
    with open(proof_path, "rb") as f:
        proof = f.read()
    try:
        if kind == "signature":
            verify_pop.check_signature(ca, code, proof)
        else:
            verify_pop.check_vcert(ca, code, proof)
    except verify_pop.Invalid as e:
        return "invalid: %s" % e
    return "valid"


def java_verdicts(cases, workdir):
    """One JVM for many cases: [(kind, ca, code_file, proof_file)] -> verdicts."""
    if not JAVA_CLASSES or not os.path.isfile(os.path.join(JAVA_CLASSES, "PopVerify.class")):
        raise AssertionError("PopVerify.class missing: the interop_javac test compiles it "
                             "(POPVERIFY_JAVA_CLASSES=%r)" % JAVA_CLASSES)
    listing = os.path.join(workdir, "java-cases.tsv")
    with open(listing, "w", encoding="utf-8") as f:
        for case in cases:
            f.write("\t".join(case) + "\n")
    out = pvtest.run_tool(JAVA, "-cp", JAVA_CLASSES, "PopVerify", "--batch", listing)
    verdicts = out.decode("utf-8").splitlines()
    if len(verdicts) != len(cases):
        raise AssertionError("PopVerify answered %d of %d cases" % (len(verdicts), len(cases)))
    return verdicts


def _openssl(*args):
    proc = subprocess.run(["openssl", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False, env=dict(os.environ, OPENSSL_CONF="/dev/null"))
    return proc.returncode, (proc.stdout + proc.stderr).decode("utf-8", "replace")


def openssl_verdict_signature(ca_path, code_path, sig_path, workdir):
    """Decode with `openssl base64 -d -A`, verify with dgst (pkeyutl for Ed25519)."""
    pub = os.path.join(workdir, "ca-pub.pem")
    raw = os.path.join(workdir, "sig.bin")
    st, text = _openssl("x509", "-in", ca_path, "-noout", "-pubkey", "-out", pub)
    if st != 0:
        raise AssertionError("openssl x509 -pubkey: " + text)
    st, text = _openssl("base64", "-d", "-A", "-in", sig_path, "-out", raw)
    if st != 0 or os.path.getsize(raw) == 0:
        return "invalid: openssl base64 -d: " + text.strip()
    st, text = _openssl("pkey", "-pubin", "-in", pub, "-noout", "-text")
    if "ED25519" in text.upper().split("\n", 1)[0]:
        st, text = _openssl("pkeyutl", "-verify", "-pubin", "-inkey", pub, "-rawin", "-in",
                            code_path, "-sigfile", raw)
    else:
        st, text = _openssl("dgst", "-sha256", "-verify", pub, "-signature", raw, code_path)
    return "valid" if st == 0 else "invalid: " + text.strip().splitlines()[0]


def openssl_verdict_vcert(ca_path, code, vcert_path):
    """`openssl verify -partial_chain -CAfile CA` and the subject, as RFC 2253."""
    st, text = _openssl("verify", "-partial_chain", "-CAfile", ca_path, vcert_path)
    if st != 0:
        return "invalid: openssl verify: " + " / ".join(text.strip().splitlines())
    st, text = _openssl("x509", "-in", vcert_path, "-noout", "-subject", "-nameopt", "RFC2253")
    if st != 0 or text.strip() != "subject=CN=" + code:
        return "invalid: openssl x509 -subject: " + text.strip()
    return "valid"


def corrupt_signature(text):
    """The same base64 text with one bit of the signature flipped."""
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x10
    return base64.b64encode(bytes(raw))


def corrupt_cert_pem(pem):
    """A PEM certificate with one bit of its signature value flipped."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = bytearray(x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER))
    der[-8] ^= 0x01  # inside the signature BIT STRING at the end
    body = base64.encodebytes(bytes(der)).decode().replace("\n", "")
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) +
            "\n-----END CERTIFICATE-----\n").encode()
