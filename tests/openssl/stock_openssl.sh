#!/usr/bin/env bash
# stock_openssl.sh - the stock `openssl` CLI makes PoP signatures and
# verification certificates through popverify.so, loaded by -provider options
# and by OPENSSL_CONF; results are checked by an independent verifier.
#
# usage: stock_openssl.sh MODULE_DIR MODE   (MODE: options | config | errors | coexist)
set -u
module_dir=$1
mode=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib/quiet.sh
. "$here/../lib/quiet.sh"
verify="python3 $here/../interop/verify_pop.py"
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

# openssl with popverify loaded the way this run tests.
cat >openssl.cnf <<EOF
openssl_conf = openssl_init
[openssl_init]
providers = provider_sect
[provider_sect]
default = default_sect
popverify = popverify_sect
[default_sect]
activate = 1
[popverify_sect]
module = $module_dir/popverify.so
activate = 1
profiles = acme_c8y
acme_c8y = acme_c8y_sect
[acme_c8y_sect]
base = cumulocity
ca_cert = $work/ec.pem
ca_key = $work/ec.key
EOF
# A sanitized module needs its runtime preloaded into the stock binary, and
# only there: bash and python are not ours to check for leaks.
preload=${POPVERIFY_MODULE_PRELOAD:-}
ossl() {
    if [ "$mode" = config ] || [ "$mode" = coexist ]; then
        LD_PRELOAD=$preload OPENSSL_CONF=$work/openssl.cnf openssl "$@"
    else
        # -provider-path before -provider, and all before the positional file.
        LD_PRELOAD=$preload openssl "$1" -provider-path "$module_dir" -provider popverify \
            -provider default "${@:2}"
    fi
}

make_ca() { # make_ca NAME KEYALG-ARGS...
    local name=$1
    shift
    quiet openssl req -x509 "$@" -keyout "$name.key" -passout pass:s3cret -subj "/O=Test/CN=$name CA" \
        -days 30 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=keyCertSign,cRLSign \
        -out "$name.pem"
}
make_ca ec -newkey ec -pkeyopt ec_paramgen_curve:P-256
make_ca rsa -newkey rsa:2048
make_ca ed -newkey ed25519
code=c8yCode123
printf '%s' "$code" >code.txt
printf '%s\n' "$code" >code_lf.txt
printf '%s\r\n' "$code" >code_crlf.txt
printf '\xef\xbb\xbf%s' "$code" >code_bom.txt
hex48=$(openssl rand -hex 24 | tr a-f A-F)
hex64=$(openssl rand -hex 32)

# One line of padded standard base64 with no newline, verifying over the exact
# code with the CA's public key - checked by plain openssl, not by popverify.
strict_base64() {
    [ "$(wc -l <"$1")" -eq 0 ] && [ $(($(wc -c <"$1") % 4)) -eq 0 ] &&
        grep -qE '^[A-Za-z0-9+/]+={0,2}$' "$1"
}
signature_ok() { # signature_ok CA SIGFILE
    strict_base64 "$2" || return 1
    openssl x509 -in "$1" -pubkey -noout >ca_pub.pem
    openssl base64 -d -A -in "$2" -out sig.bin
    if [ "$1" = ed.pem ]; then
        openssl pkeyutl -verify -rawin -pubin -inkey ca_pub.pem -sigfile sig.bin -in code.txt
    else
        openssl dgst -sha256 -verify ca_pub.pem -signature sig.bin code.txt
    fi
}

options_and_config() {
    local ca input uri
    for ca in ec rsa ed; do
        uri="popverify://cumulocity?cert=$ca.pem&key=$ca.key"
        for input in code.txt code_lf.txt code_crlf.txt code_bom.txt; do
            rm -f s.txt
            quiet ossl dgst -sha256 -sign "$uri" -passin pass:s3cret -out s.txt "$input"
            check "dgst -sign $ca $input" signature_ok "$ca.pem" s.txt
            rm -f s.txt
            quiet ossl pkeyutl -sign -rawin -inkey "$uri" -passin pass:s3cret -in "$input" -out s.txt
            check "pkeyutl -sign -rawin $ca $input" signature_ok "$ca.pem" s.txt
        done
        quiet ossl dgst -sha256 -sign "$uri&encoding=raw" -passin pass:s3cret code_lf.txt |
            openssl base64 -A >raw_b64.txt
        check "encoding=raw | openssl base64 -A ($ca)" signature_ok "$ca.pem" raw_b64.txt
    done
    rm -f s.txt
    quiet ossl pkeyutl -sign -inkey "popverify://cumulocity?cert=ec.pem&key=ec.key" \
        -passin pass:s3cret -in code_lf.txt -out s.txt
    check "pkeyutl -sign without -rawin" signature_ok ec.pem s.txt
    vcerts
    key_uri
}

vcerts() {
    local ca profile c
    for ca in ec rsa; do
        for profile in aws-iot aws-iot-0x azure-dps azure-iothub huawei-iotda alibaba-iot; do
            case $profile in
            aws-iot) c=$hex64 ;;
            aws-iot-0x) c=0x${hex64:2} profile=aws-iot ;; # (0x)?[a-fA-F0-9]+, kept in the CN
            huawei-iotda) c=2c8b5905-b34a-4b64-8112-f6c047ae065c ;; # Huawei's own example
            alibaba-iot) c=a7d3f0c2e9b84d16 ;;
            *) c=$hex48 ;;
            esac
            [ "$profile/$ca" = alibaba-iot/ec ] && continue # Alibaba: RSA only
            rm -f v.pem
            quiet ossl x509 -passin pass:s3cret -in "popverify://$profile?cert=$ca.pem&key=$ca.key&code=$c" \
                -out v.pem
            check "x509 -in $profile ($ca)" $verify vcert --ca "$ca.pem" --code "$c" --vcert v.pem
            check "openssl verify $profile ($ca)" openssl verify -CAfile "$ca.pem" v.pem
        done
    done
    quiet ossl storeutl -passin pass:s3cret -certs \
        "popverify://azure-dps?cert=ec.pem&key=ec.key&code=$hex48" |
        sed -n '/^-----BEGIN/,/^-----END/p' >sv.pem
    check "storeutl -certs azure-dps" $verify vcert --ca ec.pem --code "$hex48" --vcert sv.pem
}

key_uri() {
    local enc
    enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' \
        "file:$work/ec.key")
    rm -f s.txt
    quiet ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=$enc" -passin pass:s3cret -out s.txt \
        code.txt
    check "key= as a percent-encoded file: URI" signature_ok ec.pem s.txt
}

config_defaults() {
    rm -f s.txt
    quiet ossl dgst -sign "popverify://acme_c8y" -passin pass:s3cret -out s.txt code.txt
    check "cert and key from the profile's config section" signature_ok ec.pem s.txt
}

# expect_error DESCRIPTION OUTFILE PATTERN COMMAND...: fails, says PATTERN, writes nothing.
expect_error() {
    local what=$1 out=$2 pattern=$3 rc
    shift 3
    rm -f "$out"
    "$@" >err.out 2>&1
    rc=$?
    if [ $rc -eq 0 ] || [ $rc -ge 128 ]; then
        fail "$what: exit status $rc"
    elif ! grep -q "popverify.*$pattern" err.out; then
        fail "$what: no popverify error matching '$pattern'"
        sed 's/^/    /' err.out
    elif [ -s "$out" ]; then
        fail "$what: $out has content"
    else
        ok "$what"
    fi
}

errors() {
    quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key \
        -subj /CN=Other -days 30 -out other.pem
    printf 'ab\ncd' >inner_newline.txt
    expect_error "key does not match certificate" s.txt "CA key does not match certificate" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=other.key" -out s.txt code.txt
    expect_error "bad code" s.txt "line break inside the code" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=ec.key" -passin pass:s3cret \
        -out s.txt inner_newline.txt
    expect_error "wrong passphrase" s.txt "wrong passphrase" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=ec.key" -passin pass:nope \
        -out s.txt code.txt
    expect_error "unknown profile" s.txt "unknown profile 'nope'" \
        ossl dgst -sign "popverify://nope?cert=ec.pem&key=ec.key" -out s.txt code.txt
    expect_error "wrong digest" s.txt "signs with SHA256, not" \
        ossl dgst -sha1 -sign "popverify://cumulocity?cert=ec.pem&key=ec.key" \
        -passin pass:s3cret -out s.txt code.txt
    expect_error "vcert with a short code" v.pem "exactly 64" \
        ossl x509 -passin pass:s3cret -in "popverify://aws-iot?cert=ec.pem&key=ec.key&code=12" \
        -out v.pem
    check "no verification certificate was written" test ! -e v.pem
    expect_error "vcert with a mismatched key" v.pem "CA key does not match certificate" \
        ossl x509 -in "popverify://aws-iot?cert=ec.pem&key=other.key&code=$hex64" -out v.pem
    expect_error "unknown URI field" s.txt "unknown field 'cerf'" \
        ossl dgst -sign "popverify://cumulocity?cerf=ec.pem&key=ec.key" -out s.txt code.txt
    # ec.pem%00x would be read as ec.pem if the NUL cut the value
    expect_error "%00 in a URI value" s.txt "holds %00 (a NUL byte)" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem%00x&key=ec.key" -out s.txt code.txt
    expect_error "a URI field given twice" s.txt "field 'key' is given twice" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=other.key&key=ec.key" \
        -out s.txt code.txt
    expect_error "&& in a URI" s.txt "an empty field at offset 12" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&&key=ec.key" -out s.txt code.txt
    expect_error "a URI ending in &" s.txt "ends in '&'" \
        ossl dgst -sign "popverify://cumulocity?cert=ec.pem&key=ec.key&" -out s.txt code.txt
    key_questions
}

# pkey and pkeyutl ask the key type for size, bits and digest: answers, no crash.
key_questions() {
    local rc
    ossl pkey -passin pass:s3cret -text -noout -in "popverify://cumulocity?cert=ec.pem&key=ec.key" \
        >pkey.out 2>&1
    rc=$?
    check "pkey -text answers (exit $rc)" test $rc -eq 0
    check "pkey -text names the profile" grep -q "popverify signing key, profile cumulocity" pkey.out
    check "pkey -text names the CA key and certificate" \
        grep -Eq "CA key: +EC P-256 \(ec.key\)" pkey.out
    ossl pkey -passin pass:s3cret -out key.pem -in "popverify://cumulocity?cert=ec.pem&key=ec.key" \
        >pkey.out 2>&1
    rc=$?
    check "pkey cannot export key material, and does not crash (exit $rc)" \
        test $rc -ne 0 -a $rc -lt 128
}

# listening PORT: a socket on 127.0.0.1:PORT is in state LISTEN (0A).
listening() {
    grep -q "^ *[0-9]*: 0100007F:$(printf '%04X' "$1") 00000000:0000 0A" /proc/net/tcp
}

# Loading popverify changes nothing else: ordinary keys, req/x509, TLS.
coexist() {
    local port rc
    quiet openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out plain.key
    quiet ossl dgst -sha256 -sign plain.key -out plain.sig code.txt
    openssl pkey -in plain.key -pubout -out plain.pub
    check "ordinary key signs with popverify loaded" \
        openssl dgst -sha256 -verify plain.pub -signature plain.sig code.txt
    check "openssl req -x509 with popverify loaded" \
        ossl req -x509 -newkey rsa:2048 -nodes -keyout srv.key -subj /CN=localhost -days 2 \
        -out srv.pem
    check "openssl x509 with popverify loaded" ossl x509 -in srv.pem -noout -subject
    # A port the kernel says is free.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    LD_PRELOAD=$preload OPENSSL_CONF=$work/openssl.cnf openssl s_server -accept "127.0.0.1:$port" -cert srv.pem \
        -key srv.key -naccept 1 -quiet >server.out 2>&1 &
    local server=$!
    # Until it listens (seconds on a loaded machine), without connecting to it:
    # it accepts one connection only.
    for _ in $(seq 150); do
        listening "$port" || ! kill -0 "$server" 2>/dev/null && break
        sleep 0.2
    done
    echo hello | LD_PRELOAD=$preload OPENSSL_CONF=$work/openssl.cnf timeout 10 openssl s_client \
        -connect "127.0.0.1:$port" -CAfile srv.pem -verify_return_error -brief >client.out 2>&1
    rc=$?
    kill $server 2>/dev/null
    wait $server 2>/dev/null
    if [ $rc -eq 0 ] && grep -q "Verification: OK" client.out; then
        ok "TLS handshake on loopback with popverify loaded"
    else
        fail "TLS handshake on loopback with popverify loaded"
        sed 's/^/    /' client.out server.out
    fi
}

case $mode in
options) options_and_config ;;
config)
    options_and_config
    config_defaults
    ;;
errors) errors ;;
coexist) coexist ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
