#!/usr/bin/env bash
# run_pkcs11.sh - a CA private key held by another provider (pkcs11-provider
# over a SoftHSM token) works with popverify unchanged: the CLI signs and
# makes verification certificates with a pkcs11: URI, and the stock openssl
# CLI does the same through popverify://...&key=<pkcs11 URI>. Results are
# checked with plain openssl and the CA certificate only.
#
# usage: run_pkcs11.sh POPVERIFY_CLI MODULE_DIR [sanitize]
#   sanitize: only the popverify CLI parts (the stock openssl binary is not
#   instrumented); POPVERIFY_PKCS11_PRELOAD names the no_deepbind shim.
# Exits 77 (ctest: skipped) when softhsm2, opensc (pkcs11-tool) or
# pkcs11-provider is not installed; tests/run.sh installs them when it can.
set -u
cli=$1
module_dir=$2
mode=${3:-normal}
skip() { echo "SKIPPED: $*"; exit 77; }

# What this test needs, found where Debian/Ubuntu put it.
ossl_modules=$(openssl version -m | sed -E 's/^MODULESDIR: "(.*)"$/\1/')
p11prov=$ossl_modules/pkcs11.so
softhsm=
for f in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so \
    /usr/lib64/pkcs11/libsofthsm2.so /usr/lib/*-linux-gnu/pkcs11/libsofthsm2.so; do
    [ -f "$f" ] && softhsm=$f && break
done
[ -f "$p11prov" ] || skip "no pkcs11-provider ($p11prov); install pkcs11-provider"
[ -n "$softhsm" ] || skip "no libsofthsm2.so; install softhsm2"
command -v softhsm2-util >/dev/null || skip "no softhsm2-util; install softhsm2"
command -v pkcs11-tool >/dev/null || skip "no pkcs11-tool; install opensc"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 3

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@" >check.out 2>&1; then ok "$what"; else fail "$what"; sed 's/^/    /' check.out; fi
}
setup_failed() { echo "FAILED: setup: $*"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }

# A SoftHSM token of our own, with a PIN.
mkdir tokens
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$work" >softhsm2.conf
export SOFTHSM2_CONF=$work/softhsm2.conf
pin=246810
printf '%s\n' "$pin" >pin.txt
softhsm2-util --init-token --free --label pvca --pin "$pin" --so-pin 13579 >setup.log 2>&1 ||
    { cat setup.log; setup_failed "softhsm2-util --init-token"; }

# An EC P-256 CA made with plain openssl; its key goes into the token and
# the file is then deleted, so only the token can sign.
openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>>setup.log &&
    openssl req -x509 -new -key ca.key -subj "/O=Test/CN=pkcs11 CA" -days 30 \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -out ca.pem 2>>setup.log &&
    openssl pkcs8 -topk8 -nocrypt -in ca.key -outform DER -out key.der &&
    openssl x509 -in ca.pem -outform DER -out ca.der &&
    openssl x509 -in ca.pem -pubkey -noout >ca_pub.pem ||
    { cat setup.log; setup_failed "making the CA"; }
p11tool() { pkcs11-tool --module "$softhsm" --login --pin "$pin" "$@" >>setup.log 2>&1; }
p11tool --write-object key.der --type privkey --id 01 --label ca &&
    p11tool --write-object ca.der --type cert --id 01 --label ca ||
    { cat setup.log; setup_failed "pkcs11-tool --write-object"; }
rm -f ca.key key.der

# default + pkcs11. no-deinit: without it this SoftHSM crashes at exit
# (C_CloseSession from OPENSSL_cleanup after SoftHSM's own teardown).
p11_config() {
    cat <<CNF
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
pkcs11 = pkcs11_sect
$1
[default_sect]
activate = 1
[pkcs11_sect]
module = $p11prov
pkcs11-module-path = $softhsm
pkcs11-module-token-pin = file:$work/pin.txt
pkcs11-module-quirks = no-deinit
activate = 1
CNF
}
p11_config "" >p11.cnf
# The same, with popverify loaded too (for the stock CLI).
{
    p11_config "popverify = popverify_sect"
    printf '[popverify_sect]\nmodule = %s/popverify.so\nactivate = 1\n' "$module_dir"
} >full.cnf

key_uri='pkcs11:token=pvca;object=ca;type=private'
missing_uri='pkcs11:token=pvca;object=nosuch;type=private'
code=c8yP11Code42
printf '%s' "$code" >code.txt
hex64=$(openssl rand -hex 32)

# The token key is reachable at all (plain openssl, not popverify).
check "setup: openssl reaches the token key" \
    env OPENSSL_CONF="$work/p11.cnf" openssl pkey -in "$key_uri" -pubout -out token_pub.pem
check "setup: the token key is the CA's key" cmp -s token_pub.pem ca_pub.pem

# One line of padded standard base64, no newline, verifying over the exact
# code bytes with the public key from ca.pem.
signature_ok() { # signature_ok SIGFILE
    [ "$(wc -l <"$1")" -eq 0 ] && [ $(($(wc -c <"$1") % 4)) -eq 0 ] &&
        grep -qE '^[A-Za-z0-9+/]+={0,2}$' "$1" &&
        openssl base64 -d -A -in "$1" -out "$1.bin" &&
        openssl dgst -sha256 -verify ca_pub.pem -signature "$1.bin" code.txt
}
# In the sanitizer build the CLI gets the no_deepbind shim (see
# no_deepbind.c); it comes before the ASan runtime, hence
# verify_asan_link_order=0. Leak detection stays as the caller set it.
if [ "$mode" = sanitize ]; then
    [ -f "${POPVERIFY_PKCS11_PRELOAD:-}" ] ||
        setup_failed "POPVERIFY_PKCS11_PRELOAD does not name the no_deepbind shim"
    pv() {
        LD_PRELOAD=$POPVERIFY_PKCS11_PRELOAD \
            ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            OPENSSL_CONF=$work/p11.cnf "$cli" "$@"
    }
else
    pv() { OPENSSL_CONF=$work/p11.cnf "$cli" "$@"; }
fi

# a) popverify sign with the token key.
rm -f sig.txt
check "a: popverify sign --ca-key pkcs11:... exits 0" \
    pv sign --profile cumulocity --ca-cert ca.pem --ca-key "$key_uri" --code "$code" --out sig.txt
check "a: the signature verifies with openssl dgst over the exact code" signature_ok sig.txt

# b) popverify vcert with the token key.
rm -f v.pem
check "b: popverify vcert --profile aws-iot --ca-key pkcs11:... exits 0" \
    pv vcert --profile aws-iot --ca-cert ca.pem --ca-key "$key_uri" --code "$hex64" --out v.pem
check "b: openssl verify -CAfile ca.pem accepts it" openssl verify -CAfile ca.pem v.pem
vcert_cn() {
    openssl x509 -in v.pem -noout -subject -nameopt multiline | grep -qx " *commonName *= $hex64"
}
check "b: its CN is the registration code" vcert_cn

# d) a pkcs11 URI naming no object: an error naming the key, non-zero exit.
missing_key() {
    local rc
    pv sign --profile cumulocity --ca-cert ca.pem --ca-key "$missing_uri" --code "$code" \
        --out nosig.txt 2>err.txt
    rc=$?
    cat err.txt
    [ "$rc" -ne 0 ] && [ ! -e nosig.txt ] &&
        grep -qF "popverify: error: " err.txt && grep -qF "$missing_uri" err.txt
}
check "d: a missing token object fails with an error naming the key" missing_key

# c) the stock openssl CLI, popverify.so and pkcs11 both loaded by config.
# The stock binary is not instrumented: the sanitizer build skips this part.
if [ "$mode" = sanitize ]; then
    echo "note: sanitizer build: the stock openssl part (c) is not run"
else
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' \
        "$key_uri")
    rm -f s.txt
    check "c: openssl dgst -sign popverify://cumulocity?...&key=<pkcs11 URI> exits 0" \
        env OPENSSL_CONF="$work/full.cnf" openssl dgst -sign \
        "popverify://cumulocity?cert=ca.pem&key=$enc" -out s.txt code.txt
    check "c: one line of base64 that verifies over the exact code" signature_ok s.txt
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' \
        "$missing_uri")
    missing_stock() {
        ! OPENSSL_CONF=$work/full.cnf openssl dgst -sign \
            "popverify://cumulocity?cert=ca.pem&key=$enc" -out s2.txt code.txt && [ ! -s s2.txt ]
    }
    check "c: a missing token object fails" missing_stock
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
