#!/usr/bin/env bash
# hsm_bench.sh - part of batch_bench.sh: the batch with the CA key in a
# SoftHSM token through pkcs11-provider (set up as tests/pkcs11 does), on 1
# and 2 threads, against the same CA with its key in a file. Run from
# batch_bench.sh's work directory, where CA/ca.pem and CA/ca.key exist.
# Prints one markdown table; exits 77 when softhsm2, opensc or
# pkcs11-provider is not installed.
#
# usage: hsm_bench.sh POPVERIFY CA N LOG
set -eu
pv=$1
ca=$2
n=$3
log=$4
skip() { echo "HSM: skipped: $*" >&2; exit 77; }

modules=$(openssl version -m | sed -E 's/^MODULESDIR: "(.*)"$/\1/')
p11prov=$modules/pkcs11.so
softhsm=
for f in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*-linux-gnu/softhsm/libsofthsm2.so \
    /usr/lib64/pkcs11/libsofthsm2.so /usr/lib/*-linux-gnu/pkcs11/libsofthsm2.so; do
    [ -f "$f" ] && softhsm=$f && break
done
[ -f "$p11prov" ] || skip "no pkcs11-provider ($p11prov)"
[ -n "$softhsm" ] || skip "no libsofthsm2.so"
command -v softhsm2-util >/dev/null || skip "no softhsm2-util"
command -v pkcs11-tool >/dev/null || skip "no pkcs11-tool (opensc)"

mkdir -p hsm/tokens
printf 'directories.tokendir = %s/hsm/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' \
    "$PWD" >hsm/softhsm2.conf
export SOFTHSM2_CONF=$PWD/hsm/softhsm2.conf
pin=246810
printf '%s\n' "$pin" >hsm/pin.txt
softhsm2-util --init-token --free --label pvbench --pin "$pin" --so-pin 13579 >>"$log" 2>&1
openssl pkcs8 -topk8 -nocrypt -in "$ca/ca.key" -outform DER -out hsm/key.der
openssl x509 -in "$ca/ca.pem" -outform DER -out hsm/ca.der
p11() { # p11 FILE TYPE
    pkcs11-tool --module "$softhsm" --login --pin "$pin" --write-object "$1" --type "$2" \
        --id 01 --label ca >>"$log" 2>&1
}
p11 hsm/key.der privkey
p11 hsm/ca.der cert
rm -f hsm/key.der
cat >hsm/p11.cnf <<CNF
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
pkcs11 = pkcs11_sect
[default_sect]
activate = 1
[pkcs11_sect]
module = $p11prov
pkcs11-module-path = $softhsm
pkcs11-module-token-pin = file:$PWD/hsm/pin.txt
pkcs11-module-quirks = no-deinit
activate = 1
CNF
key_uri='pkcs11:token=pvbench;object=ca;type=private'
seq -f 'hsm-%05g' 0 $((n - 1)) >hsm/ids.txt

run() { # run KEY J: devices per second
    local t0 t1 issued
    rm -rf hsm/out
    t0=$(date +%s.%N)
    OPENSSL_CONF=$PWD/hsm/p11.cnf "$pv" device --profile cumulocity --ca-cert "$ca/ca.pem" \
        --ca-key "$1" --batch hsm/ids.txt --out-dir hsm/out -j "$2" >hsm/manifest.jsonl \
        2>>"$log"
    t1=$(date +%s.%N)
    issued=$(grep -c '"status":"issued"' hsm/manifest.jsonl)
    [ "$issued" -eq "$n" ] || { echo "HSM: only $issued of $n issued" >&2; exit 1; }
    awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }'
}
echo "HSM: $ca CA key in SoftHSM, N=$n" >&2
h1=$(run "$key_uri" 1)
h2=$(run "$key_uri" 2)
f1=$(run "$ca/ca.key" 1)
echo
echo "| $ca CA key, N=$n new-key devices | -j1 /s | -j2 /s | -j2 / -j1 |"
echo "|---|---|---|---|"
echo "| in SoftHSM (pkcs11-provider) | $h1 | $h2 | $(awk -v a="$h2" -v b="$h1" 'BEGIN { printf "%.2f", a / b }') |"
echo "| in a file (same run) | $f1 | | |"
rm -rf hsm/out
