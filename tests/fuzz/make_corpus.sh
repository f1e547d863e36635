#!/usr/bin/env bash
# tests/fuzz/make_corpus.sh - the seed corpora of the fuzz targets and the
# CAs they use, made with plain openssl. The output is committed: run this
# only to change the seeds (docs/fuzzing.md).
#
#   tests/fuzz/make_corpus.sh          seeds, with the committed CAs
#   tests/fuzz/make_corpus.sh --keys   new CAs first (every signature seed
#                                      changes with them)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
keys=$here/keys
corpus=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CODE=Fuzz-Code-1

cat >"$tmp/req.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

make_keys() {
    mkdir -p "$keys"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/rsa.key"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$keys/ec.key"
    openssl genpkey -algorithm ED25519 -out "$keys/ed25519.key"
    for t in rsa ec ed25519; do
        openssl req -new -x509 -config "$tmp/req.cnf" -extensions ca -key "$keys/$t.key" \
            -subj "/O=popverify fuzz/CN=Fuzz Root $t" -days 3650 -out "$keys/$t.pem"
    done
}

# seed TARGET NAME: stdin is the seed.
seed() {
    mkdir -p "$corpus/$1"
    cat >"$corpus/$1/seed-$2"
}

# The signature of file $2 by CA $1 (profile digest SHA-256; Ed25519 pure).
sig() {
    if [ "$1" = ed25519 ]; then
        openssl pkeyutl -sign -rawin -inkey "$keys/$1.key" -in "$2"
    else
        openssl dgst -sha256 -sign "$keys/$1.key" "$2"
    fi
}

code_seeds() {
    printf '%s' "$CODE" | seed code plain
    printf '%s\n' "$CODE" | seed code lf
    printf '%s\r\n' "$CODE" | seed code crlf
    printf '\357\273\277 %s\t\n' "$CODE" | seed code bom
    printf '\342\200\234%s\342\200\235' "$CODE" | seed code smart-quotes
    printf 'Fuzz\000Code' | seed code nul
    printf '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0' | seed code hex64
    printf '0x0F1E2D3C4B5A6978' | seed code hex0x
    printf 'two\nlines' | seed code two-lines
}

uri_seeds() {
    printf 'popverify://cumulocity?cert=ca.pem&key=ca.key' | seed uri sign
    printf 'popverify://azure-iothub?cert=ca.pem&key=file%%3Aca.key&code=%s' "$CODE" | seed uri vcert
    printf 'popverify://generic-signature?key=k.pem&encoding=raw' | seed uri raw
    printf 'popverify://cumulocity?code=a%%00b' | seed uri nul
    printf 'popverify://cumulocity?cert=a&cert=b&&key=k' | seed uri twice
    printf 'popverify://cumulocity?cert=%%zz' | seed uri bad-escape
    printf 'popverify://p%%41?encoding=base64&cerf=x' | seed uri unknown-field
    printf 'file:ca.pem' | seed uri other-scheme
}

b64_seeds() {
    local t
    printf '%s' "$CODE" >"$tmp/code"
    for t in rsa ec ed25519; do
        sig "$t" "$tmp/code" >"$tmp/$t.sig"
        openssl base64 -A -in "$tmp/$t.sig" | seed b64 "$t"
    done
    openssl base64 -in "$tmp/rsa.sig" | seed b64 wrapped
    openssl base64 -A -in "$tmp/ec.sig" | tr '+/' '-_' | tr -d '=' | seed b64 urlsafe
    seed b64 raw-ec <"$tmp/ec.sig"
    printf 'AB==' | seed b64 loose-bits
    printf 'QUJD\n' | seed b64 trailing-lf
}

device_id_seeds() {
    printf '\000device-0001' | seed device_id first
    printf '\001a-z0-9_.:-' | seed device_id chars
    printf '\002Device:42' | seed device_id colon
    printf '\003%s' "$(printf 'x%.0s' $(seq 1 130))" | seed device_id long
    printf '\004%%*?!(),=@$'"'"'' | seed device_id punct
    printf '\005ab\303\244' | seed device_id utf8
}

profile_config_seeds() {
    seed profile_config base <<'CNF'
profiles = acme
acme.base = cumulocity
acme.device_days = 90
acme.id_chars = a-z0-9-
CNF
    seed profile_config vcert <<'CNF'
profiles = hub, dps
hub.base = azure-iothub
hub.vcert_days = 7
hub.vcert_extensions.keyUsage = critical, digitalSignature
dps.base = hub
dps.code_charset = hex
dps.code_min = 40
dps.code_max = 48
dps.key_types = rsa ec
dps.min_rsa_bits = 3072
CNF
    seed profile_config broken <<'CNF'
profiles = loop other
loop.base = loop
other.style = signature
other.digest = md5
other.encoding = rot13
other.require_ca = maybe
other.root_extensions.nsComment = hello\nworld
CNF
    seed profile_config fields <<'CNF'
profiles = full
full.style = vcert
full.platform = Example IoT
full.description = every field
full.digest = sha384
full.root_days = 3650
full.intermediate_days = 1825
full.device_days = 365
full.device_extensions = device_ext
full.device_extensions.extendedKeyUsage = clientAuth
full.device_extensions.subjectKeyIdentifier = none
full.id_min = 1
full.id_max = 128
full.max_chain = 5
full.ca_cert = ca.pem
full.ca_key = ca.key
CNF
}

# doctor: byte 0 CA/key/profile, byte 1 the code's length, code, signature.
doctor_seed() {
    local name=$1 sel=$2 code=$3 sigfile=$4
    { printf "\\$(printf '%03o' "$sel")\\$(printf '%03o' ${#code})%s" "$code"; cat "$sigfile"; } |
        seed doctor "$name"
}

doctor_seeds() {
    local t i=0 profile
    for profile in 0 4; do
        for t in rsa ec ed25519; do
            printf '%s' "$CODE" >"$tmp/code"
            sig "$t" "$tmp/code" | openssl base64 -A >"$tmp/good"
            doctor_seed "$t-$profile-good" $((i | profile << 3)) "$CODE" "$tmp/good"
            printf '%s\n' "$CODE" >"$tmp/code-lf"
            sig "$t" "$tmp/code-lf" | openssl base64 >"$tmp/lf-wrapped"
            doctor_seed "$t-$profile-lf" $((i | 4 | profile << 3)) "$CODE" "$tmp/lf-wrapped"
            sig "$t" "$tmp/code" | od -An -tx1 | tr -d ' \n' >"$tmp/hex"
            doctor_seed "$t-$profile-hex" $((i | profile << 3)) "$CODE"$'\r\n' "$tmp/hex"
            i=$((i + 1))
        done
        i=0
    done
    openssl dgst -sha1 -sign "$keys/rsa.key" "$tmp/code" | openssl base64 -A >"$tmp/sha1"
    doctor_seed rsa-sha1 4 "$CODE" "$tmp/sha1"
    openssl dgst -sha256 -sigopt rsa_padding_mode:pss -sign "$keys/rsa.key" "$tmp/code" |
        openssl base64 -A >"$tmp/pss"
    doctor_seed rsa-pss 4 "$CODE" "$tmp/pss"
    printf '{"proofOfPossessionSignedVerificationCode":"%s"}' "$(cat "$tmp/good")" >"$tmp/json"
    doctor_seed ed25519-json 2 "$CODE" "$tmp/json"
}

lint_seeds() {
    local t
    for t in rsa ec ed25519; do
        seed lint "$t-pem" <"$keys/$t.pem"
        openssl x509 -in "$keys/$t.pem" -outform DER | seed lint "$t-der"
    done
    openssl req -new -config "$tmp/req.cnf" -key "$keys/ec.key" -subj /CN=device-0001 \
        -out "$tmp/leaf.csr"
    openssl x509 -req -in "$tmp/leaf.csr" -CA "$keys/ec.pem" -CAkey "$keys/ec.key" \
        -set_serial 0x1234 -days 30 -extfile "$tmp/req.cnf" -extensions leaf \
        -out "$tmp/leaf.pem"
    seed lint device <"$tmp/leaf.pem"
    openssl req -new -config "$tmp/req.cnf" -key "$keys/rsa.key" \
        -subj /CN=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c -out "$tmp/vcert.csr"
    openssl x509 -req -in "$tmp/vcert.csr" -CA "$keys/rsa.pem" -CAkey "$keys/rsa.key" \
        -set_serial 0x99 -days 30 -out "$tmp/vcert.pem"
    seed lint vcert <"$tmp/vcert.pem"
}

load_seeds() {
    cat "$keys/ec.pem" "$keys/rsa.pem" | seed load bundle
    openssl x509 -in "$keys/ed25519.pem" -outform DER | seed load cert-der
    seed load key-pem <"$keys/ec.key"
    openssl pkey -in "$keys/ed25519.key" -outform DER | seed load key-der
    openssl pkey -in "$keys/ec.key" -aes256 -passout pass:fuzz | seed load key-encrypted
    openssl pkey -in "$keys/ec.key" -traditional | seed load key-traditional
    openssl req -new -config "$tmp/req.cnf" -key "$keys/ec.key" -subj /CN=device-1 | seed load csr-pem
    openssl req -new -config "$tmp/req.cnf" -key "$keys/ed25519.key" -subj /CN=other \
        -outform DER | seed load csr-der
}

if [ "${1:-}" = --keys ] || [ ! -f "$keys/rsa.key" ]; then
    make_keys
fi
rm -f "$corpus"/*/seed-*
code_seeds
uri_seeds
b64_seeds
device_id_seeds
profile_config_seeds
doctor_seeds
lint_seeds
load_seeds
echo "make_corpus.sh: $(find "$corpus" -type f | wc -l) files, $(du -sk "$corpus" | cut -f1) KiB"
