#!/usr/bin/env bash
# make_certs.sh OUT - for every lint check a certificate that must fail it and
# one that must pass it, made with plain openssl (req, x509 -extfile lint.cnf
# -extensions S, genpkey); forge.py changes the few fields openssl will not
# get wrong. OUT/cases.tsv lists them, one line per certificate:
#   CODE <TAB> fail|pass <TAB> FILE <TAB> PROFILE <TAB> ROLE (- = inferred)
# Keys are made once here, so the tests never wait for RSA generation.
set -euo pipefail

OUT=${1:?usage: make_certs.sh OUT}
HERE=$(cd "$(dirname "$0")" && pwd)
PY=${PYTHON:-python3}
# shellcheck source-path=SCRIPTDIR source=../lib/quiet.sh
. "$HERE/../lib/quiet.sh"
rm -rf "$OUT"
mkdir -p "$OUT"
cd "$OUT"
cp "$HERE/lint.cnf" lint.cnf
printf '[req]\ndistinguished_name = dn\n[dn]\n' >req.cnf
: >cases.tsv

VCODE=0123456789abcdef0123456789abcdef01234567 # 40 hex: an Azure code

key() { # NAME ALGORITHM [genpkey options]
    quiet openssl genpkey -algorithm "$2" "${@:3}" -out "$1.key"
}

csr() { # NAME KEY SUBJECT
    openssl req -new -config req.cnf -key "$2" -subj "$3" -out "$1.csr"
}

# Self-signed: NAME KEY SUBJECT SECTION DAYS [x509 options]
self() {
    local name=$1 k=$2 subj=$3 sect=$4 days=$5
    shift 5
    csr "$name" "$k" "$subj"
    quiet openssl x509 -req -in "$name.csr" -key "$k" -extfile lint.cnf -extensions "$sect" \
        -days "$days" -sha256 -out "$name.pem" "$@"
}

# Issued: NAME KEY SUBJECT SECTION DAYS ISSUER [x509 options]; ISSUER is
# root (good-root.pem), int (good-int.pem) or rsa (rsa-root.pem).
issue() {
    local name=$1 k=$2 subj=$3 sect=$4 days=$5 ca=$6
    shift 6
    csr "$name" "$k" "$subj"
    quiet openssl x509 -req -in "$name.csr" -CA "$(issuer_cert "$ca")" -CAkey "$ca.key" \
        -extfile lint.cnf -extensions "$sect" -days "$days" -out "$name.pem" "$@"
}

issuer_cert() {
    case $1 in
    root) echo good-root.pem ;;
    int) echo good-int.pem ;;
    rsa) echo rsa-root.pem ;;
    esac
}

case_() { # CODE fail|pass FILE PROFILE ROLE
    printf '%s\t%s\t%s.pem\t%s\t%s\n' "$@" >>cases.tsv
}

# Shorthands: a device (or root) of the standard chain with one thing changed.
# One digest option only: openssl 3.5 refuses a second ("Multiple digest").
dev() { # NAME SECTION [x509 options, no digest]; signed with SHA-256
    local name=$1 sect=$2
    shift 2
    issue "$name" dev.key "/CN=lint-device-1" "$sect" 365 int -sha256 "$@"
}
root() { # NAME KEY SECTION
    self "$1" "$2" "/O=Lint/CN=Lint Root" "$3" 3650
}

# ---- keys
key root EC -pkeyopt ec_paramgen_curve:P-256
key int EC -pkeyopt ec_paramgen_curve:P-256
key dev EC -pkeyopt ec_paramgen_curve:P-256
key rsa1024 RSA -pkeyopt rsa_keygen_bits:1024
key rsa RSA -pkeyopt rsa_keygen_bits:2048
key rsa2048e3 RSA -pkeyopt rsa_keygen_bits:2048 -pkeyopt rsa_keygen_pubexp:3
key ecx EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:explicit
key ed25519 ED25519
key k1 EC -pkeyopt ec_paramgen_curve:secp256k1

# ---- the chain everything else varies: root -> intermediate -> device, vcert
root good-root root.key root_ext
issue good-int int.key "/O=Lint/CN=Lint Issuing" inter_ext 1825 root -sha256
dev good-dev device_ext
issue good-vcert dev.key "/CN=$VCODE" vcert_ext 30 root -sha256
root rsa-root rsa.key root_ext

# ---- version, serial
# Version 1: openssl before 3.2 makes it from x509 -req without -extfile;
# since 3.2 x509 and req make v3 by default and req takes -x509v1.
if openssl_has_option req -x509v1; then
    quiet openssl req -x509 -x509v1 -config req.cnf -key root.key -subj "/O=Lint/CN=Lint Root" \
        -days 3650 -sha256 -out v1-root.pem
else
    csr v1-root root.key "/O=Lint/CN=Lint Root"
    quiet openssl x509 -req -in v1-root.csr -key root.key -days 3650 -sha256 -out v1-root.pem
fi
"$PY" -c 'import sys; from cryptography import x509
c = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
sys.exit(None if c.version == x509.Version.v1 else sys.argv[1] + ": not version 1")' v1-root.pem
case_ PV_VERSION_NOT_V3 fail v1-root cumulocity root
case_ PV_VERSION_NOT_V3 pass good-root cumulocity root

dev serial-negative device_ext -set_serial -5
dev serial-zero device_ext -set_serial 0
case_ PV_SERIAL_NOT_POSITIVE fail serial-negative cumulocity -
case_ PV_SERIAL_NOT_POSITIVE fail serial-zero cumulocity -
case_ PV_SERIAL_NOT_POSITIVE pass good-dev cumulocity -

dev serial-21 device_ext -set_serial 0x7f0102030405060708090a0b0c0d0e0f1011121314
dev serial-20 device_ext -set_serial 0x7f0102030405060708090a0b0c0d0e0f10111213
case_ PV_SERIAL_TOO_LONG fail serial-21 cumulocity -
case_ PV_SERIAL_TOO_LONG pass serial-20 cumulocity -

dev serial-7 device_ext -set_serial 0x01020304050607
dev serial-8 device_ext -set_serial 0x0102030405060708
case_ PV_SERIAL_LOW_ENTROPY fail serial-7 cumulocity -
case_ PV_SERIAL_LOW_ENTROPY pass serial-8 cumulocity -

# ---- signature
issue sig-sha1 dev.key "/CN=lint-device-1" device_ext 365 int -sha1
issue sig-md5 dev.key "/CN=lint-device-1" device_ext 365 rsa -md5
case_ PV_SIG_WEAK_DIGEST fail sig-sha1 cumulocity -
case_ PV_SIG_WEAK_DIGEST fail sig-md5 cumulocity -
case_ PV_SIG_WEAK_DIGEST pass good-dev cumulocity -

"$PY" "$HERE/forge.py" alg-mismatch good-dev.pem int.key sig-mismatch.pem
case_ PV_SIG_ALG_MISMATCH fail sig-mismatch cumulocity -
case_ PV_SIG_ALG_MISMATCH pass good-dev cumulocity -

"$PY" "$HERE/forge.py" flip-signature good-root.pem sig-broken-root.pem
case_ PV_SIG_SELF_INVALID fail sig-broken-root cumulocity -
case_ PV_SIG_SELF_INVALID pass good-root cumulocity -

# ---- key
root ed25519-root ed25519.key root_ext
case_ PV_KEY_TYPE_REFUSED fail ed25519-root azure-dps -
case_ PV_KEY_TYPE_REFUSED pass good-root azure-dps -

root rsa1024-root rsa1024.key root_ext
case_ PV_KEY_RSA_SMALL fail rsa1024-root cumulocity -
case_ PV_KEY_RSA_SMALL pass rsa-root cumulocity -

root k1-root k1.key root_ext
case_ PV_KEY_EC_CURVE fail k1-root cumulocity -
case_ PV_KEY_EC_CURVE pass good-root cumulocity -

root ecx-root ecx.key root_ext
case_ PV_KEY_EC_EXPLICIT fail ecx-root cumulocity -
case_ PV_KEY_EC_EXPLICIT pass good-root cumulocity -

root e3-root rsa2048e3.key root_ext
case_ PV_KEY_RSA_EXPONENT fail e3-root cumulocity -
case_ PV_KEY_RSA_EXPONENT pass rsa-root cumulocity -

# ---- CA flag, key usage, path length
root root-no-bc root.key root_no_bc
case_ PV_CA_NO_BASIC_CONSTRAINTS fail root-no-bc cumulocity root
case_ PV_CA_NO_BASIC_CONSTRAINTS pass good-root cumulocity root

root root-ca-false root.key root_ca_false
case_ PV_CA_FLAG_FALSE fail root-ca-false cumulocity root
case_ PV_CA_FLAG_FALSE pass good-root cumulocity root

root root-bc-not-critical root.key root_bc_not_critical
case_ PV_CA_NOT_CRITICAL fail root-bc-not-critical cumulocity -
case_ PV_CA_NOT_CRITICAL pass good-root cumulocity -

dev device-pathlen device_pathlen
case_ PV_PATHLEN_WITHOUT_CA fail device-pathlen cumulocity -
case_ PV_PATHLEN_WITHOUT_CA pass good-dev cumulocity -

root root-no-ku root.key root_no_ku
case_ PV_CA_NO_KEY_USAGE fail root-no-ku cumulocity -
case_ PV_CA_NO_KEY_USAGE pass good-root cumulocity -

root root-no-certsign root.key root_ku_no_certsign
case_ PV_CA_NO_KEYCERTSIGN fail root-no-certsign cumulocity -
case_ PV_CA_NO_KEYCERTSIGN pass good-root cumulocity -

root root-no-crlsign root.key root_ku_no_crlsign
case_ PV_CA_NO_CRLSIGN fail root-no-crlsign cumulocity -
case_ PV_CA_NO_CRLSIGN pass good-root cumulocity -

case_ PV_ROOT_NOT_SELF_SIGNED fail good-int cumulocity root
case_ PV_ROOT_NOT_SELF_SIGNED pass good-root cumulocity root

# ---- device and verification certificates
case_ PV_LEAF_IS_CA fail good-int cumulocity device
case_ PV_LEAF_IS_CA pass good-dev cumulocity device

dev device-cert-sign device_cert_sign
case_ PV_LEAF_KEYCERTSIGN fail device-cert-sign cumulocity -
case_ PV_LEAF_KEYCERTSIGN pass good-dev cumulocity -

dev device-no-ku device_no_ku
case_ PV_DEVICE_NO_KEY_USAGE fail device-no-ku cumulocity -
case_ PV_DEVICE_NO_KEY_USAGE pass good-dev cumulocity -

dev device-ku-no-ds device_ku_no_ds
case_ PV_DEVICE_NO_DIGITALSIGNATURE fail device-ku-no-ds cumulocity -
case_ PV_DEVICE_NO_DIGITALSIGNATURE pass good-dev cumulocity -

dev device-no-eku device_no_eku
case_ PV_DEVICE_NO_EKU fail device-no-eku cumulocity -
case_ PV_DEVICE_NO_EKU pass good-dev cumulocity -

dev device-server-eku device_server_eku
case_ PV_DEVICE_NO_CLIENTAUTH fail device-server-eku cumulocity -
case_ PV_DEVICE_NO_CLIENTAUTH pass good-dev cumulocity -

# ---- key identifiers
issue inter-no-ski int.key "/O=Lint/CN=Lint Issuing" inter_no_ski 1825 root -sha256
case_ PV_CA_NO_SKI fail inter-no-ski cumulocity -
case_ PV_CA_NO_SKI pass good-int cumulocity -

dev device-no-ski device_no_ski
case_ PV_LEAF_NO_SKI fail device-no-ski cumulocity -
case_ PV_LEAF_NO_SKI pass good-dev cumulocity -

dev device-ski-critical device_ski_critical
case_ PV_SKI_CRITICAL fail device-ski-critical cumulocity -
case_ PV_SKI_CRITICAL pass good-dev cumulocity -

dev device-aki-critical device_aki_critical
case_ PV_AKI_CRITICAL fail device-aki-critical cumulocity -
case_ PV_AKI_CRITICAL pass good-dev cumulocity -

dev device-no-aki device_no_aki
case_ PV_AKI_MISSING fail device-no-aki cumulocity -
case_ PV_AKI_MISSING pass good-dev cumulocity -

dev device-aki-issuer device_aki_issuer
case_ PV_AKI_NO_KEYID fail device-aki-issuer cumulocity -
case_ PV_AKI_NO_KEYID pass good-dev cumulocity -

root root-no-aki root.key root_no_aki
case_ PV_ROOT_NO_AKI fail root-no-aki cumulocity -
case_ PV_ROOT_NO_AKI pass good-root cumulocity -

root root-aki-other root.key root_aki_other
case_ PV_ROOT_AKI_NOT_SKI fail root-aki-other cumulocity -
case_ PV_ROOT_AKI_NOT_SKI pass good-root cumulocity -

# ---- the extension list
dev device-netscape device_netscape
case_ PV_EXT_NETSCAPE fail device-netscape cumulocity -
case_ PV_EXT_NETSCAPE pass good-dev cumulocity -

dev device-unknown-critical device_unknown_critical
case_ PV_EXT_UNKNOWN_CRITICAL fail device-unknown-critical cumulocity -
case_ PV_EXT_UNKNOWN_CRITICAL pass good-dev cumulocity -

"$PY" "$HERE/forge.py" duplicate-ext good-dev.pem int.key device-duplicate-ext.pem
case_ PV_EXT_DUPLICATE fail device-duplicate-ext cumulocity -
case_ PV_EXT_DUPLICATE pass good-dev cumulocity -

dev device-ku-not-critical device_ku_not_critical
case_ PV_KU_NOT_CRITICAL fail device-ku-not-critical cumulocity -
case_ PV_KU_NOT_CRITICAL pass good-dev cumulocity -

# ---- the profile's extension sets (lint_acme: its own device section)
issue acme-dev dev.key "/CN=lint-device-1" acme_device_ext 365 int -sha256
case_ PV_PROFILE_EXT_MISSING fail good-dev lint_acme -
case_ PV_PROFILE_EXT_MISSING pass acme-dev lint_acme -

dev device-ku-more device_ku_more
case_ PV_PROFILE_EXT_DIFFERS fail device-ku-more cumulocity -
case_ PV_PROFILE_EXT_DIFFERS pass good-dev cumulocity -

dev device-san device_san
case_ PV_PROFILE_EXT_EXTRA fail device-san cumulocity -
case_ PV_PROFILE_EXT_EXTRA pass good-dev cumulocity -

# ---- validity
"$PY" "$HERE/forge.py" dates good-dev.pem int.key device-expired.pem -400 -35
case_ PV_EXPIRED fail device-expired cumulocity -
case_ PV_EXPIRED pass good-dev cumulocity -

"$PY" "$HERE/forge.py" dates good-dev.pem int.key device-future.pem 30 365
case_ PV_NOT_YET_VALID fail device-future cumulocity -
case_ PV_NOT_YET_VALID pass good-dev cumulocity -

issue device-367d dev.key "/CN=lint-device-1" device_ext 367 int -sha256
issue device-366d dev.key "/CN=lint-device-1" device_ext 366 int -sha256
case_ PV_VALIDITY_TOO_LONG fail device-367d cumulocity -
case_ PV_VALIDITY_TOO_LONG pass device-366d cumulocity -

# notAfter past 2050 is GeneralizedTime; before it must be UTCTime.
issue device-2050 dev.key "/CN=lint-device-1" device_ext 9000 int -sha256
"$PY" "$HERE/forge.py" not-after good-dev.pem int.key device-gentime-2049.pem 20490101000000Z
case_ PV_TIME_ENCODING fail device-gentime-2049 lint_long -
case_ PV_TIME_ENCODING pass device-2050 lint_long -

# ---- names
"$PY" "$HERE/forge.py" empty-name good-root.pem root.key root-empty-name.pem
case_ PV_DN_EMPTY fail root-empty-name cumulocity root
case_ PV_DN_EMPTY pass good-root cumulocity root

issue device-bmp-src dev.key "/O=Lint Devices/CN=lint-device-1" device_ext 365 int -sha256
"$PY" "$HERE/forge.py" bmp-subject device-bmp-src.pem int.key device-bmp.pem
case_ PV_DN_STRING_TYPE fail device-bmp cumulocity -
case_ PV_DN_STRING_TYPE pass device-bmp-src cumulocity -

issue device-two-cn dev.key "/CN=lint-device-1/CN=lint-device-2" device_ext 365 int -sha256
case_ PV_DN_DUPLICATE_CN fail device-two-cn cumulocity -
case_ PV_DN_DUPLICATE_CN pass good-dev cumulocity -

# values the ASN.1 types allow but X.509 does not (forged: openssl refuses them)
"$PY" "$HERE/forge.py" cn good-dev.pem int.key device-cn-nul.pem 0c \
    "$(printf 'lint-device-1\0evil' | od -An -v -tx1 | tr -d ' \n')"
case_ PV_CN_NUL fail device-cn-nul cumulocity device
case_ PV_CN_NUL pass good-dev cumulocity device
"$PY" "$HERE/forge.py" cn good-dev.pem int.key device-cn-65.pem 0c \
    "$(printf 'd%.0s' $(seq 65) | od -An -v -tx1 | tr -d ' \n')"
case_ PV_CN_TOO_LONG fail device-cn-65 generic-signature device
case_ PV_CN_TOO_LONG pass good-dev generic-signature device
"$PY" "$HERE/forge.py" cn good-dev.pem int.key device-printable-bad.pem 13 \
    "$(printf 'lint_device@1' | od -An -v -tx1 | tr -d ' \n')"
case_ PV_DN_PRINTABLE_INVALID fail device-printable-bad cumulocity device
case_ PV_DN_PRINTABLE_INVALID pass good-dev cumulocity device
# basicConstraints = SEQUENCE { cA TRUE, pathLenConstraint -1 }
"$PY" "$HERE/forge.py" ext-value good-int.pem root.key int-pathlen-neg.pem 2.5.29.19 \
    30060101ff0201ff
case_ PV_CA_PATHLEN_NEGATIVE fail int-pathlen-neg cumulocity intermediate
case_ PV_CA_PATHLEN_NEGATIVE pass good-int cumulocity intermediate
# subjectAltName = SEQUENCE of 5 bytes holding 3: cut short
"$PY" "$HERE/forge.py" add-ext good-dev.pem int.key device-san-bad.pem 2.5.29.17 3005820178
case_ PV_SAN_UNDECODABLE fail device-san-bad cumulocity device
case_ PV_SAN_UNDECODABLE pass good-dev cumulocity device

# ---- CN rules: device ids (cumulocity: no ':'; lint_ids: 4 to 16) and codes
issue device-no-cn dev.key "/O=Lint Devices" device_ext 365 int -sha256
case_ PV_CN_MISSING fail device-no-cn cumulocity -
case_ PV_CN_MISSING pass good-dev cumulocity -

issue device-colon dev.key "/CN=lint:device" device_ext 365 int -sha256
issue device-semicolon dev.key "/CN=lint;device" device_ext 365 int -sha256
case_ PV_DEVICE_ID_CHARS fail device-colon cumulocity -
case_ PV_DEVICE_ID_CHARS pass device-semicolon cumulocity -
issue device-dot-end dev.key "/CN=lint-device." device_ext 365 int -sha256
issue device-dot-inside dev.key "/CN=lint.device" device_ext 365 int -sha256
case_ PV_DEVICE_ID_CHARS fail device-dot-end azure-dps - # DPS: last alphanumeric or -
case_ PV_DEVICE_ID_CHARS pass device-dot-inside azure-dps -

issue device-id-24 dev.key "/CN=lint-device-000000000024" device_ext 365 int -sha256
issue device-id-23 dev.key "/CN=lint-device-00000000023" device_ext 365 int -sha256
case_ PV_DEVICE_ID_MQTT31 fail device-id-24 cumulocity -
case_ PV_DEVICE_ID_MQTT31 pass device-id-23 cumulocity -

issue device-id-17 dev.key "/CN=lint-device-00017" device_ext 365 int -sha256
issue device-id-16 dev.key "/CN=lint-device-0016" device_ext 365 int -sha256
issue device-id-3 dev.key "/CN=abc" device_ext 365 int -sha256
case_ PV_DEVICE_ID_LENGTH fail device-id-17 lint_ids -
case_ PV_DEVICE_ID_LENGTH fail device-id-3 lint_ids -
case_ PV_DEVICE_ID_LENGTH pass device-id-16 lint_ids -

issue vcert-39 dev.key "/CN=${VCODE:0:39}" vcert_ext 30 root -sha256
case_ PV_VCERT_CN_LENGTH fail vcert-39 azure-dps vcert
case_ PV_VCERT_CN_LENGTH pass good-vcert azure-dps vcert

issue vcert-not-hex dev.key "/CN=${VCODE:0:39}g" vcert_ext 30 root -sha256
case_ PV_VCERT_CN_CHARSET fail vcert-not-hex azure-dps vcert
case_ PV_VCERT_CN_CHARSET pass good-vcert azure-dps vcert

issue vcert-with-o dev.key "/O=Lint/CN=$VCODE" vcert_ext 30 root -sha256
case_ PV_VCERT_SUBJECT_EXTRA fail vcert-with-o azure-dps -
case_ PV_VCERT_SUBJECT_EXTRA pass good-vcert azure-dps -

# For the role inference tests: a device whose id looks like a code.
issue device-hex-id dev.key "/CN=$VCODE" device_ext 365 int -sha256

rm -f ./*.csr
echo "make_certs.sh: $(wc -l <cases.tsv) cases in $OUT"
