#!/usr/bin/env python3
"""forge.py - the broken certificates plain openssl refuses to make: take a
certificate openssl made, change one field of its DER, and sign it again
with the issuer's key (python `cryptography` does the signing).

  forge.py alg-mismatch IN ISSUER_KEY OUT    inner signature algorithm SHA-384
  forge.py flip-signature IN OUT             last signature byte changed
  forge.py duplicate-ext IN ISSUER_KEY OUT   the last extension twice
  forge.py not-after IN ISSUER_KEY OUT TIME  notAfter as GeneralizedTime TIME
  forge.py dates IN ISSUER_KEY OUT FROM TO   validity now+FROM .. now+TO days
  forge.py bmp-subject IN ISSUER_KEY OUT     subject values as BMPString
  forge.py empty-name IN KEY OUT             subject and issuer empty (self-signed)
  forge.py ext-value IN KEY OUT OID VALUE    the extension OID (dotted) holds the
                                             bytes VALUE (hex), decodable or not
  forge.py add-ext IN KEY OUT OID VALUE      a new extension OID holding VALUE (hex)
  forge.py cn IN KEY OUT TAG VALUE           the subject CN as string type TAG (hex)
                                             holding VALUE (hex)
"""

import datetime
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

SEQUENCE, SET = 0x30, 0x31
UTC_TIME, GENERALIZED_TIME, BMP_STRING = 0x17, 0x18, 0x1E
UTF8_STRING, PRINTABLE_STRING = 0x0C, 0x13
OID = 0x06
# ecdsa-with-SHA384, 1.2.840.10045.4.3.3
ECDSA_SHA384 = bytes.fromhex("06082a8648ce3d040303")


class Node:
    """One DER element: tag, and either raw content or child elements."""

    def __init__(self, tag, content=b"", children=None):
        self.tag = tag
        self.content = content
        self.children = children

    def encode(self):
        body = self.content if self.children is None else b"".join(
            c.encode() for c in self.children)
        return bytes([self.tag]) + encode_length(len(body)) + body


def encode_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def parse_one(data, pos):
    tag = data[pos]
    n = data[pos + 1]
    pos += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    content = data[pos:pos + n]
    # Constructed SEQUENCE/SET and context tags [n] are parsed down; the
    # rest (OCTET STRING, BIT STRING, strings) stay raw.
    if tag & 0x20:
        return Node(tag, children=parse_all(content)), pos + n
    return Node(tag, content=content), pos + n


def parse_all(data):
    nodes, pos = [], 0
    while pos < len(data):
        node, pos = parse_one(data, pos)
        nodes.append(node)
    return nodes


def load_der(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"-----BEGIN"):
        b64 = b"".join(l for l in data.splitlines() if not l.startswith(b"-----"))
        import base64
        data = base64.b64decode(b64)
    return parse_one(data, 0)[0]


def save_pem(cert, path):
    import base64
    b64 = base64.b64encode(cert.encode()).decode()
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    with open(path, "w", encoding="ascii") as f:
        f.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) +
                "\n-----END CERTIFICATE-----\n")


def load_key(path):
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def sign(key, tbs_der):
    """A signature with SHA-256, as the outer algorithm (openssl -sha256) says."""
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(tbs_der, ec.ECDSA(hashes.SHA256()))
    if isinstance(key, rsa.RSAPrivateKey):
        return key.sign(tbs_der, padding.PKCS1v15(), hashes.SHA256())
    raise SystemExit("forge.py: only EC and RSA issuer keys are supported")


def resign(cert, key):
    tbs = cert.children[0]
    sig = sign(key, tbs.encode())
    cert.children[2] = Node(0x03, content=b"\x00" + sig)


# TBSCertificate fields, after the [0] version.
def tbs_field(cert, index):
    tbs = cert.children[0]
    offset = 1 if tbs.children[0].tag == 0xA0 else 0
    return tbs.children, offset + index


SERIAL, SIGALG, ISSUER, VALIDITY, SUBJECT = range(5)


def alg_mismatch(cert, key):
    fields, i = tbs_field(cert, SIGALG)
    fields[i] = Node(SEQUENCE, children=[parse_one(ECDSA_SHA384, 0)[0]])
    resign(cert, key)


def flip_signature(cert):
    bits = cert.children[2]
    bits.content = bits.content[:-1] + bytes([bits.content[-1] ^ 0x01])


def duplicate_ext(cert, key):
    tbs = cert.children[0]
    exts = tbs.children[-1]  # [3] { SEQUENCE OF Extension }
    exts.children[0].children.append(exts.children[0].children[-1])
    resign(cert, key)


def utc(when):
    return Node(UTC_TIME, content=when.strftime("%y%m%d%H%M%SZ").encode())


def not_after(cert, key, text):
    fields, i = tbs_field(cert, VALIDITY)
    fields[i].children[1] = Node(GENERALIZED_TIME, content=text.encode())
    resign(cert, key)


def dates(cert, key, start, end):
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    fields, i = tbs_field(cert, VALIDITY)
    fields[i].children = [utc(now + datetime.timedelta(days=start)),
                          utc(now + datetime.timedelta(days=end))]
    resign(cert, key)


def bmp_subject(cert, key):
    fields, i = tbs_field(cert, SUBJECT)
    for rdn in fields[i].children:
        for attr in rdn.children:
            value = attr.children[1]
            if value.tag in (UTF8_STRING, PRINTABLE_STRING):
                attr.children[1] = Node(BMP_STRING,
                                        content=value.content.decode().encode("utf-16-be"))
    resign(cert, key)


def empty_name(cert, key):
    for field in (ISSUER, SUBJECT):
        fields, i = tbs_field(cert, field)
        fields[i] = Node(SEQUENCE, children=[])
    resign(cert, key)


def oid_der(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.insert(0, 0x80 | (arc & 0x7F))
        body += bytes(chunk)
    return bytes([OID]) + encode_length(len(body)) + body


def extensions(cert):
    return cert.children[0].children[-1].children[0].children  # [3] { SEQUENCE OF }


def ext_value(cert, key, dotted, value):
    want = oid_der(dotted)
    for ext in extensions(cert):
        if ext.children[0].encode() == want:
            ext.children[-1] = Node(0x04, content=bytes.fromhex(value))
            resign(cert, key)
            return
    raise SystemExit("forge.py: the certificate has no extension %s" % dotted)


def add_ext(cert, key, dotted, value):
    extensions(cert).append(Node(SEQUENCE, children=[
        parse_one(oid_der(dotted), 0)[0], Node(0x04, content=bytes.fromhex(value))]))
    resign(cert, key)


CN_OID = oid_der("2.5.4.3")


def set_cn(cert, key, tag, value):
    fields, i = tbs_field(cert, SUBJECT)
    for rdn in fields[i].children:
        for attr in rdn.children:
            if attr.children[0].encode() == CN_OID:
                attr.children[1] = Node(int(tag, 16), content=bytes.fromhex(value))
    resign(cert, key)


def main(argv):
    op, src = argv[1], argv[2]
    cert = load_der(src)
    if op == "flip-signature":
        flip_signature(cert)
        save_pem(cert, argv[3])
        return
    key, out, rest = load_key(argv[3]), argv[4], argv[5:]
    if op == "alg-mismatch":
        alg_mismatch(cert, key)
    elif op == "duplicate-ext":
        duplicate_ext(cert, key)
    elif op == "not-after":
        not_after(cert, key, rest[0])
    elif op == "dates":
        dates(cert, key, int(rest[0]), int(rest[1]))
    elif op == "bmp-subject":
        bmp_subject(cert, key)
    elif op == "empty-name":
        empty_name(cert, key)
    elif op == "ext-value":
        ext_value(cert, key, rest[0], rest[1])
    elif op == "add-ext":
        add_ext(cert, key, rest[0], rest[1])
    elif op == "cn":
        set_cn(cert, key, rest[0], rest[1])
    else:
        raise SystemExit("forge.py: unknown operation %r" % op)
    save_pem(cert, out)


if __name__ == "__main__":
    main(sys.argv)
