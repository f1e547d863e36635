#!/usr/bin/env bash
# make_cas.sh DIR - the CAs the CLI and interop tests use, made with the stock
# openssl CLI only (never with popverify), once per test run.
#
# DIR/<name>/ holds, for each CA:
#   ca.pem ca.der          certificate, PEM and DER
#   ca.key ca.key.der      PKCS#8 private key, PEM and DER, unencrypted
#   ca.enc.key ca.enc.der  the same key encrypted (passphrase in DIR/PASSPHRASE)
# Names: rsa2048 rsa4096 p256 p384 p521 ed25519 (good CAs), rsa1024 (too weak
# for the platforms), noca (CA:FALSE), nobc (no basicConstraints), other (a
# second P-256 CA: its key belongs to none of the others), short (CA that
# expires in 2 days), chain (root + intermediate, see below).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/quiet.sh
. "$(dirname "$0")/../lib/quiet.sh"

dir=${1:?usage: make_cas.sh DIR}
pass='fixture-S3cret!pass'
export OPENSSL_CONF=/dev/null

rm -rf "$dir"
mkdir -p "$dir"
printf '%s' "$pass" >"$dir/PASSPHRASE"

cnf=$dir/openssl.cnf
cat >"$cnf" <<'CNF'
[req]
distinguished_name = dn
[dn]
[v3_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_int]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_noca]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
[v3_nobc]
subjectKeyIdentifier = hash
CNF

# key NAME GENPKEY-ARGS...: the key files of one CA.
key() {
    local d=$dir/$1
    shift
    mkdir -p "$d"
    quiet openssl genpkey "$@" -out "$d/ca.key"
    openssl pkey -in "$d/ca.key" -outform DER -out "$d/ca.key.der"
    openssl pkcs8 -topk8 -in "$d/ca.key" -v2 aes-256-cbc -passout "pass:$pass" \
        -out "$d/ca.enc.key"
    openssl pkcs8 -topk8 -in "$d/ca.key" -v2 aes-256-cbc -passout "pass:$pass" \
        -outform DER -out "$d/ca.enc.der"
}

# selfsigned NAME SUBJECT EXTSECTION DAYS
selfsigned() {
    local d=$dir/$1
    openssl req -x509 -config "$cnf" -extensions "$3" -key "$d/ca.key" \
        -subj "$2" -days "$4" -set_serial "0x$(openssl rand -hex 8)" -out "$d/ca.pem"
    openssl x509 -in "$d/ca.pem" -outform DER -out "$d/ca.der"
}

rsa() { key "$1" -algorithm RSA -pkeyopt "rsa_keygen_bits:$2"; }
ec() { key "$1" -algorithm EC -pkeyopt "ec_paramgen_curve:$2"; }

rsa rsa2048 2048
rsa rsa4096 4096
rsa rsa1024 1024
ec p256 P-256
ec p384 P-384
ec p521 P-521
key ed25519 -algorithm ED25519
ec noca P-256
ec nobc P-256
ec other P-256
ec short P-256

for n in rsa2048 rsa4096 rsa1024 p256 p384 p521 ed25519; do
    selfsigned "$n" "/C=DE/O=popverify tests/CN=Test Root $n" v3_root 3650
done
selfsigned noca "/O=popverify tests/CN=Not a CA" v3_noca 3650
selfsigned nobc "/O=popverify tests/CN=No basicConstraints" v3_nobc 3650
selfsigned other "/O=popverify tests/CN=Other Root" v3_root 3650
selfsigned short "/O=popverify tests/CN=Short Root" v3_root 2

# chain/: root/ and int/ are CAs as above; chain.pem is root then
# intermediate; ca.pem/ca.key there are the intermediate.
ec chain/root P-256
selfsigned chain/root "/O=popverify tests/CN=Chain Root" v3_root 3650
ec chain P-384
openssl req -new -config "$cnf" -key "$dir/chain/ca.key" \
    -subj "/O=popverify tests/CN=Chain Intermediate" -out "$dir/chain/int.csr"
quiet openssl x509 -req -in "$dir/chain/int.csr" -CA "$dir/chain/root/ca.pem" \
    -CAkey "$dir/chain/root/ca.key" -set_serial "0x$(openssl rand -hex 8)" \
    -days 3650 -extfile "$cnf" -extensions v3_int -out "$dir/chain/ca.pem"
openssl x509 -in "$dir/chain/ca.pem" -outform DER -out "$dir/chain/ca.der"
cat "$dir/chain/root/ca.pem" "$dir/chain/ca.pem" >"$dir/chain/chain.pem"
# int-first.pem: the intermediate first, then the root (as certGen.sh and most
# "full chain" files have it).
cat "$dir/chain/ca.pem" "$dir/chain/root/ca.pem" >"$dir/chain/int-first.pem"

printf 'this is not a certificate\n' >"$dir/notcert.txt"
echo "fixtures ready in $dir"
