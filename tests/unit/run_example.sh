#!/bin/sh
# run_example.sh EXAMPLE MODULE_DIR - run the example application, then check
# what it wrote with the stock openssl CLI, independently of popverify.
set -eu

example=$1
moddir=$2
dir=$(mktemp -d "${TMPDIR:-/tmp}/pv-example-XXXXXX")
trap 'rm -rf "$dir"' EXIT

fail() {
    echo "run_example: FAIL: $*" >&2
    exit 1
}

"$example" --module-dir "$moddir" --out-dir "$dir" || fail "example exited $?"

for f in rootCA.pem rootCA.key rootCA.pass code.txt signature.b64 vcert_code.txt vcert.pem \
    device-0.pem device-1.pem; do
    [ -s "$dir/$f" ] || fail "example did not write $f"
done

# The CA: a self-signed CA certificate whose key is the encrypted rootCA.key.
grep -q -- "-----BEGIN ENCRYPTED PRIVATE KEY-----" "$dir/rootCA.key" ||
    fail "rootCA.key is not an encrypted PKCS#8 key"
openssl verify -CAfile "$dir/rootCA.pem" "$dir/rootCA.pem" >/dev/null ||
    fail "rootCA.pem is not a valid self-signed CA"
openssl x509 -in "$dir/rootCA.pem" -noout -pubkey >"$dir/ca-pub.pem"
openssl pkey -in "$dir/rootCA.key" -passin "file:$dir/rootCA.pass" -pubout >"$dir/key-pub.pem" ||
    fail "rootCA.key does not open with rootCA.pass"
cmp -s "$dir/ca-pub.pem" "$dir/key-pub.pem" || fail "rootCA.key does not belong to rootCA.pem"

# The signature: one base64 line without newline, valid over the exact code.
[ "$(wc -l <"$dir/signature.b64")" -eq 0 ] || fail "signature.b64 has a line break"
[ "$(wc -l <"$dir/code.txt")" -eq 0 ] || fail "code.txt kept its newline"
openssl base64 -d -A -in "$dir/signature.b64" -out "$dir/signature.bin"
[ -s "$dir/signature.bin" ] || fail "signature.b64 is not base64"
openssl dgst -sha256 -verify "$dir/ca-pub.pem" -signature "$dir/signature.bin" \
    "$dir/code.txt" || fail "openssl dgst -verify rejected the signature"
# The same check must reject another code, or it proves nothing.
printf '%sX' "$(cat "$dir/code.txt")" >"$dir/code-changed.txt"
if openssl dgst -sha256 -verify "$dir/ca-pub.pem" -signature "$dir/signature.bin" \
    "$dir/code-changed.txt" >/dev/null 2>&1; then
    fail "a changed code verified"
fi

# The verification certificate: issued by the CA, CN exactly the code, not a CA.
openssl verify -CAfile "$dir/rootCA.pem" "$dir/vcert.pem" || fail "vcert.pem does not verify"
subject=$(openssl x509 -in "$dir/vcert.pem" -noout -subject -nameopt RFC2253)
[ "$subject" = "subject=CN=$(cat "$dir/vcert_code.txt")" ] ||
    fail "vcert subject is '$subject', code is '$(cat "$dir/vcert_code.txt")'"
openssl x509 -in "$dir/vcert.pem" -noout -ext basicConstraints | grep -q "CA:FALSE" ||
    fail "vcert.pem is not CA:FALSE"

# The fleet: the last device of each thread, issued by the CA under strict rules.
for n in 0 1; do
    openssl verify -x509_strict -CAfile "$dir/rootCA.pem" "$dir/device-$n.pem" ||
        fail "device-$n.pem does not verify"
    subject=$(openssl x509 -in "$dir/device-$n.pem" -noout -subject -nameopt RFC2253)
    [ "$subject" = "subject=CN=fleet-$n-002" ] || fail "device-$n.pem subject is '$subject'"
done

echo "run_example: example output checked with openssl: ok"
