#!/usr/bin/env bash
# run_tpm.sh - a CA private key that lives in a TPM (swtpm, a software TPM
# listening on 127.0.0.1 only, reached through tpm2-openssl) works with
# popverify unchanged: the CLI signs codes, makes verification and device
# certificates with a handle: URI, and the stock openssl CLI does the same
# through popverify://...&key=handle:... Every result is checked with plain
# openssl and the CA certificate only.
#
# usage: run_tpm.sh POPVERIFY_CLI MODULE_DIR [sanitize]
#   sanitize: only the popverify CLI parts (the stock openssl binary is not
#   instrumented).
# Exits 77 (ctest: skipped) when swtpm, tpm2-tools or tpm2-openssl is not
# installed; tests/run.sh installs them when it can.
set -u
cli=$1
module_dir=$2
mode=${3:-normal}
skip() { echo "SKIPPED: $*"; exit 77; }

ossl_modules=$(openssl version -m | sed -E 's/^MODULESDIR: "(.*)"$/\1/')
[ -f "$ossl_modules/tpm2.so" ] || skip "no tpm2-openssl ($ossl_modules/tpm2.so); install tpm2-openssl"
command -v swtpm >/dev/null || skip "no swtpm; install swtpm"
command -v tpm2_createprimary >/dev/null || skip "no tpm2_createprimary; install tpm2-tools"

work=$(mktemp -d)
swtpm_pid=
cleanup() {
    [ -n "$swtpm_pid" ] && kill "$swtpm_pid" 2>/dev/null && wait "$swtpm_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
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

# Two free ports in a row on 127.0.0.1: the TPM's commands and its control.
port=$(python3 -c '
import socket
for _ in range(50):
    a = socket.socket()
    a.bind(("127.0.0.1", 0))
    p = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 1))
    except OSError:
        continue
    finally:
        a.close()
        b.close()
    print(p)
    break
') || setup_failed "no free pair of ports"
mkdir state
swtpm socket --tpm2 --tpmstate dir="$work/state" --flags not-need-init,startup-clear \
    --server type=tcp,port="$port",bindaddr=127.0.0.1 \
    --ctrl type=tcp,port=$((port + 1)),bindaddr=127.0.0.1 >swtpm.log 2>&1 &
swtpm_pid=$!
export TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=$port
export TPM2OPENSSL_TCTI=swtpm:host=127.0.0.1,port=$port
for _ in $(seq 50); do
    tpm2_getcap properties-fixed >/dev/null 2>&1 && break
    sleep 0.1
done
tpm2_getcap properties-fixed >/dev/null 2>setup.log || {
    cat swtpm.log setup.log
    setup_failed "swtpm on 127.0.0.1:$port does not answer"
}

# An EC P-256 signing key made in the TPM and kept at a persistent handle; it
# never leaves the TPM. The CA certificate is self-signed by it with plain
# openssl through tpm2-openssl.
handle=0x81000001
if ! tpm2_createprimary -C o -G ecc256 -c primary.ctx \
    -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|sign' >setup.log 2>&1 ||
    ! tpm2_evictcontrol -C o -c primary.ctx "$handle" >>setup.log 2>&1 ||
    ! tpm2_flushcontext -t >>setup.log 2>&1; then
    cat setup.log
    setup_failed "making the TPM key"
fi
tpm() { openssl "$1" -provider tpm2 -provider default -propquery '?provider=tpm2' "${@:2}"; }
if ! tpm pkey -in "handle:$handle" -pubout -out ca_pub.pem 2>>setup.log ||
    ! tpm req -x509 -new -key "handle:$handle" -subj "/O=Test/CN=TPM CA" -days 30 \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        -out ca.pem 2>>setup.log; then
    cat setup.log
    setup_failed "making the CA certificate with the TPM key"
fi
check "setup: the CA certificate holds the TPM key" \
    sh -c 'openssl x509 -in ca.pem -noout -pubkey | cmp -s - ca_pub.pem'

# default + tpm2 for the CLI; the same plus popverify.so for the stock CLI.
tpm_config() {
    printf 'openssl_conf = openssl_init\n[openssl_init]\nproviders = provider_sect\n'
    printf '[provider_sect]\ndefault = default_sect\ntpm2 = tpm2_sect\n%s\n' "$1"
    printf '[default_sect]\nactivate = 1\n[tpm2_sect]\nactivate = 1\n'
}
tpm_config "" >tpm.cnf
{
    tpm_config "popverify = popverify_sect"
    printf '[popverify_sect]\nmodule = %s/popverify.so\nactivate = 1\n' "$module_dir"
} >full.cnf

key_uri="handle:$handle"
missing_uri="handle:0x81000099"
code=c8yTpmCode42
printf '%s' "$code" >code.txt
hex64=$(openssl rand -hex 32)
pv() { OPENSSL_CONF=$work/tpm.cnf "$cli" "$@"; }

signature_ok() { # signature_ok SIGFILE: one line of padded base64 over the exact code
    [ "$(wc -l <"$1")" -eq 0 ] && [ $(($(wc -c <"$1") % 4)) -eq 0 ] &&
        grep -qE '^[A-Za-z0-9+/]+={0,2}$' "$1" &&
        openssl base64 -d -A -in "$1" -out "$1.bin" &&
        openssl dgst -sha256 -verify ca_pub.pem -signature "$1.bin" code.txt
}
cn_is() { # cn_is CERT CN
    openssl x509 -in "$1" -noout -subject -nameopt multiline | grep -qx " *commonName *= $2"
}

# a) popverify sign with the TPM key.
check "a: popverify sign --ca-key handle:... exits 0" \
    pv sign --profile cumulocity --ca-cert ca.pem --ca-key "$key_uri" --code "$code" --out sig.txt
check "a: the signature verifies with openssl dgst over the exact code" signature_ok sig.txt

# b) popverify vcert with the TPM key.
check "b: popverify vcert --profile aws-iot --ca-key handle:... exits 0" \
    pv vcert --profile aws-iot --ca-cert ca.pem --ca-key "$key_uri" --code "$hex64" --out v.pem
check "b: openssl verify -CAfile ca.pem accepts it" openssl verify -CAfile ca.pem v.pem
check "b: its CN is the registration code" cn_is v.pem "$hex64"

# c) popverify device: a device certificate signed by the TPM key.
check "c: popverify device --ca-key handle:... exits 0" \
    pv device --profile cumulocity --ca-cert ca.pem --ca-key "$key_uri" --id tpm-device-7 \
    --key-out device.key --out device.pem
check "c: openssl verify -CAfile ca.pem accepts it" openssl verify -CAfile ca.pem device.pem
check "c: its CN is the device id" cn_is device.pem tpm-device-7
device_key_ok() {
    openssl x509 -in device.pem -noout -pubkey >device_pub.pem &&
        openssl pkey -in device.key -pubout | cmp -s - device_pub.pem
}
check "c: device.key belongs to it" device_key_ok

# d) a handle with no key: an error naming the key, non-zero exit, no file.
missing_key() {
    local rc
    pv sign --profile cumulocity --ca-cert ca.pem --ca-key "$missing_uri" --code "$code" \
        --out nosig.txt 2>err.txt
    rc=$?
    cat err.txt
    [ "$rc" -ne 0 ] && [ ! -e nosig.txt ] &&
        grep -qF "popverify: error: " err.txt && grep -qF "$missing_uri" err.txt
}
check "d: an empty handle fails with an error naming the key" missing_key

# f) a TPM key that may not sign (a restricted storage key), in a CA
# certificate of its own (issued by another CA): the error names the key's
# failure as OpenSSL gave it, and nothing is written.
storage_handle=0x81000002
if ! tpm2_createprimary -C o -G ecc256 -c storage.ctx >>setup.log 2>&1 ||
    ! tpm2_evictcontrol -C o -c storage.ctx "$storage_handle" >>setup.log 2>&1 ||
    ! tpm2_flushcontext -t >>setup.log 2>&1 ||
    ! tpm pkey -in "handle:$storage_handle" -pubout -out storage_pub.pem 2>>setup.log ||
    ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key \
        -subj "/CN=other CA" -days 30 -out other.pem 2>>setup.log ||
    ! openssl req -new -key other.key -subj "/O=Test/CN=TPM storage key CA" -out st.csr \
        2>>setup.log ||
    ! printf 'basicConstraints = critical, CA:TRUE\nkeyUsage = critical, keyCertSign, cRLSign\n' \
        >st.ext ||
    ! openssl x509 -req -in st.csr -CA other.pem -CAkey other.key -force_pubkey storage_pub.pem \
        -extfile st.ext -days 30 -out storage_ca.pem 2>>setup.log; then
    cat setup.log
    setup_failed "making a CA certificate for the TPM storage key"
fi
cannot_sign() {
    local rc
    pv sign --profile cumulocity --ca-cert storage_ca.pem --ca-key "handle:$storage_handle" \
        --code "$code" --out nosig2.txt 2>err2.txt
    rc=$?
    cat err2.txt
    # (the TSS library logs its own WARNING/ERROR lines too)
    [ "$rc" -eq 3 ] && [ ! -e nosig2.txt ] && [ "$(grep -c '^popverify: ' err2.txt)" -eq 1 ] &&
        grep -q "popverify: error: signing the code with the CA key failed; OpenSSL: ." err2.txt
}
check "f: a TPM key that may not sign: exit 3, one error line with the cause, no file" cannot_sign

# e) the stock openssl CLI, popverify.so and tpm2 loaded by config. The stock
# binary is not instrumented: the sanitizer build skips this part.
if [ "$mode" = sanitize ]; then
    echo "note: sanitizer build: the stock openssl part (e) is not run"
else
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' \
        "$key_uri")
    check "e: openssl dgst -sign popverify://cumulocity?...&key=handle:... exits 0" \
        env OPENSSL_CONF="$work/full.cnf" openssl dgst -sign \
        "popverify://cumulocity?cert=ca.pem&key=$enc" -out s.txt code.txt
    check "e: one line of base64 that verifies over the exact code" signature_ok s.txt
    check "e: openssl x509 -in popverify://aws-iot?...&key=handle:...&code=... exits 0" \
        env OPENSSL_CONF="$work/full.cnf" openssl x509 \
        -in "popverify://aws-iot?cert=ca.pem&key=$enc&code=$hex64" -out v2.pem
    check "e: openssl verify -CAfile ca.pem accepts it" openssl verify -CAfile ca.pem v2.pem
    check "e: its CN is the registration code" cn_is v2.pem "$hex64"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
