#!/usr/bin/env python3
"""verify_pop.py - check a proof of possession the way a platform backend
does, with python `cryptography` only (no popverify code).

  verify_pop.py signature --ca CA (--code CODE | --code-file F) (--sig B64 | --sig-file F)
  verify_pop.py vcert     --ca CA (--code CODE | --code-file F) --vcert FILE

The code is taken as the exact bytes given (a platform signs its own token;
nothing is stripped). Prints "valid" and exits 0, or "invalid: REASON" and
exits 1; usage errors exit 2.
"""

import argparse
import base64
import binascii
import datetime
import sys

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import NameOID

B64_ALPHABET = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")


class Invalid(Exception):
    """The proof does not pass the platform's check."""


def load_cert(data):
    """A certificate from PEM or DER bytes."""
    if data.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def load_cert_file(path):
    with open(path, "rb") as f:
        return load_cert(f.read())


def strict_b64decode(text):
    """RFC 4648 standard alphabet, padded, one line, nothing around it."""
    for i, byte in enumerate(text):
        if byte not in B64_ALPHABET:
            raise Invalid("signature byte 0x%02x at offset %d is not base64" % (byte, i))
    if len(text) == 0 or len(text) % 4 != 0:
        raise Invalid("signature length %d is not a multiple of 4" % len(text))
    try:
        raw = base64.b64decode(text, validate=True)
    except binascii.Error as e:
        raise Invalid("signature is not strict base64: %s" % e) from e
    if base64.b64encode(raw) != text:
        raise Invalid("signature base64 is not canonical")
    return raw


def verify_raw_signature(pub, code, raw):
    """SHA-256 with RSA PKCS#1 v1.5, ECDSA (DER) or pure Ed25519."""
    try:
        if isinstance(pub, rsa.RSAPublicKey):
            pub.verify(raw, code, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(pub, ec.EllipticCurvePublicKey):
            pub.verify(raw, code, ec.ECDSA(hashes.SHA256()))
        elif isinstance(pub, ed25519.Ed25519PublicKey):
            pub.verify(raw, code)
        else:
            raise Invalid("CA key type %s is not supported" % type(pub).__name__)
    except InvalidSignature as e:
        raise Invalid("signature does not verify with the CA public key") from e


def check_signature(ca, code, sig_text):
    """Cumulocity style: base64(sign(SHA-256, exact code bytes))."""
    verify_raw_signature(ca.public_key(), code, strict_b64decode(sig_text))


def _ext(cert, cls):
    try:
        return cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None


def _check_names(ca, vcert, code):
    cns = vcert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if len(vcert.subject.rdns) != 1 or len(cns) != 1:
        raise Invalid("subject is %s, expected exactly CN=<code>" % vcert.subject.rfc4514_string())
    if cns[0].value.encode("utf-8") != code:
        raise Invalid("CN %r is not the code %r" % (cns[0].value, code.decode("latin-1")))
    if vcert.issuer.public_bytes() != ca.subject.public_bytes():
        raise Invalid("issuer DER differs from the CA subject DER")


def _check_validity(vcert):
    now = datetime.datetime.now(datetime.timezone.utc)
    if not vcert.not_valid_before_utc <= now <= vcert.not_valid_after_utc:
        raise Invalid(
            "not valid now (%s .. %s)" % (vcert.not_valid_before_utc, vcert.not_valid_after_utc)
        )
    if vcert.serial_number <= 0:
        raise Invalid("serial %d is not positive" % vcert.serial_number)


def _check_extensions(ca, vcert):
    bc = _ext(vcert, x509.BasicConstraints)
    if bc is None or bc.ca:
        raise Invalid("basicConstraints CA:FALSE missing")
    ski = _ext(ca, x509.SubjectKeyIdentifier)
    aki = _ext(vcert, x509.AuthorityKeyIdentifier)
    if ski is not None and (aki is None or aki.key_identifier != ski.digest):
        raise Invalid("authorityKeyIdentifier does not match the CA subjectKeyIdentifier")


def check_vcert(ca, code, vcert_bytes):
    """Azure/AWS style: CN = code, issued and signed by the CA, valid now."""
    try:
        vcert = load_cert(vcert_bytes)
    except ValueError as e:
        raise Invalid("not a certificate: %s" % e) from e
    _check_names(ca, vcert, code)
    try:
        vcert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature) as e:
        raise Invalid("not signed by the CA key: %s" % (str(e) or type(e).__name__)) from e
    _check_validity(vcert)
    _check_extensions(ca, vcert)


def _parse(argv):
    p = argparse.ArgumentParser(description="Check a proof of possession independently.")
    p.add_argument("kind", choices=["signature", "vcert"])
    p.add_argument("--ca", required=True, help="CA certificate, PEM or DER")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--code")
    g.add_argument("--code-file")
    p.add_argument("--sig", help="signature text (base64)")
    p.add_argument("--sig-file", help="file holding exactly the signature text")
    p.add_argument("--vcert", help="verification certificate, PEM or DER")
    return p.parse_args(argv)


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def main(argv):
    a = _parse(argv)
    ca = load_cert_file(a.ca)
    code = a.code.encode("utf-8") if a.code is not None else _read(a.code_file)
    try:
        if a.kind == "signature":
            if (a.sig is None) == (a.sig_file is None):
                print("verify_pop.py: give one of --sig, --sig-file", file=sys.stderr)
                return 2
            sig = a.sig.encode("ascii") if a.sig is not None else _read(a.sig_file)
            check_signature(ca, code, sig)
        else:
            if a.vcert is None:
                print("verify_pop.py: vcert needs --vcert FILE", file=sys.stderr)
                return 2
            check_vcert(ca, code, _read(a.vcert))
    except Invalid as e:
        print("invalid: %s" % e)
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
