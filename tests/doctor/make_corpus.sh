#!/usr/bin/env bash
# make_corpus.sh FIXTURES DIR - the artifacts `popverify doctor` is tested
# on, made with the stock openssl CLI and coreutils only (never popverify),
# from the CAs tests/cli/make_cas.sh left in FIXTURES.
#
# DIR/manifest.tsv has one case per line, fields separated by TAB:
#   name  exit  findings  needle  doctor-arguments...
# exit is doctor's expected status; findings the exact set of finding ids
# (comma separated, "-" for none; a leading ~ marks one that may appear);
# needle a text some finding's what, evidence or fix must contain ("-" for
# none). Every good case (a proof made right, each key type and profile)
# expects no finding at all.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=../lib/quiet.sh
. "$(dirname "$0")/../lib/quiet.sh"

fx=${1:?usage: make_corpus.sh FIXTURES DIR}
dir=${2:?usage: make_corpus.sh FIXTURES DIR}
export OPENSSL_CONF=/dev/null
cnf=$fx/openssl.cnf

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
dir=$(pwd)
manifest=$dir/manifest.tsv
: >"$manifest"

# The codes of each profile (as in tests/cli/pvtest.py).
declare -A CODE=(
    [cumulocity]=Zk3pQ9vX2mL8aR4tW7yB1cN6
    [generic-signature]='any printable code: 123 ~!@#$%^&*()'
    [azure-dps]=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
    [azure-iothub]=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678
    [aws-iot]=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
    [huawei-iotda]=2c8b5905-b34a-4b64-8112-f6c047ae065c
    [alibaba-iot]=a7d3f0c2e9b84d16a5c3e8f07b2d9c41
    [generic-vcert]=device-enrolment-check-42
)
C8Y=${CODE[cumulocity]}
DPS=${CODE[azure-dps]}

# case NAME EXIT FINDINGS NEEDLE ARGS...
case_() {
    local IFS=$'\t'
    printf '%s\n' "$*" >>"$manifest"
}

# A file holding exactly the bytes printf makes of its arguments.
put() {
    local f=$1
    shift
    # shellcheck disable=SC2059
    printf "$@" >"$f"
}

# sign KEYDIR FILE OUT [openssl dgst options]: raw signature bytes.
sign() {
    local k=$1 in=$2 out=$3
    shift 3
    local text
    text=$(quiet openssl pkey -in "$k/ca.key" -noout -text)
    if [[ ${text%%$'\n'*} == *[Ee][Dd]25519* ]]; then
        openssl pkeyutl -sign -rawin -inkey "$k/ca.key" -in "$in" -out "$out"
    else
        openssl dgst "${@:--sha256}" -sign "$k/ca.key" -out "$out" "$in"
    fi
}

b64() { openssl base64 -A -in "$1"; }

# The hex of a file, one line.
hex() { od -An -tx1 -v "$1" | tr -d ' \n'; }

# unhex HEX OUT: bytes back from hex.
unhex() {
    local h=$1 esc=""
    while [ -n "$h" ]; do
        esc="$esc\\x${h:0:2}"
        h=${h:2}
    done
    # shellcheck disable=SC2059
    printf "$esc" >"$2"
}

# raw_ecdsa DER BYTES-PER-NUMBER OUT: the r||s form of a DER ECDSA signature.
raw_ecdsa() {
    local h out=""
    for h in $(openssl asn1parse -inform DER -in "$1" | awk -F: '/INTEGER/ {print $NF}'); do
        while [ ${#h} -lt $(($2 * 2)) ]; do h=0$h; done
        out=$out$h
    done
    unhex "$out" "$3"
}

# csr FILE SUBJECT [req options]: a request from the one throwaway device key.
csr() {
    local f=$1 subj=$2
    shift 2
    openssl req -new -config "$cnf" -key "$dir/device.key" -subj "$subj" "$@" -out "$f"
}

# vcert OUT SUBJECT CA_CERT CA_KEY [x509 options]: signed by CA, as forum posts do it.
vcert() {
    local out=$1 subj=$2 ca=$3 cakey=$4
    shift 4
    csr "$dir/tmp.csr" "$subj" -utf8
    quiet openssl x509 -req -in "$dir/tmp.csr" -CA "$ca" -CAkey "$cakey" \
        -set_serial "0x$(openssl rand -hex 8)" -days 30 -extfile "$cnf" \
        -extensions v3_noca "$@" -out "$out"
}

# dated OUT START END EXTENSIONS (selfsign KEY | CA_CERT CA_KEY) SUBJECT:
# openssl ca is the stock tool that sets notBefore and notAfter freely.
dated() {
    local out=$1 start=$2 end=$3 ext=$4 how=$5 subj
    mkdir -p "$dir/ca/new"
    : >"$dir/ca/index.txt"
    openssl rand -hex 8 >"$dir/ca/serial"
    if [ "$how" = selfsign ]; then
        subj=$7
        openssl req -new -config "$cnf" -key "$6" -subj "$subj" -out "$dir/tmp.csr"
        quiet openssl ca -batch -config "$dir/ca.cnf" -notext -selfsign -keyfile "$6" \
            -startdate "$start" -enddate "$end" -extensions "$ext" \
            -in "$dir/tmp.csr" -out "$out"
    else
        subj=$8
        csr "$dir/tmp.csr" "$subj"
        quiet openssl ca -batch -config "$dir/ca.cnf" -notext -cert "$6" -keyfile "$7" \
            -startdate "$start" -enddate "$end" -extensions "$ext" \
            -in "$dir/tmp.csr" -out "$out"
    fi
}

cat >"$dir/ca.cnf" <<CNF
[ca]
default_ca = dflt
[dflt]
dir = $dir/ca
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
default_md = sha256
policy = any
unique_subject = no
email_in_dn = no
[any]
countryName = optional
organizationName = optional
commonName = supplied
[v3_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_vcert]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
CNF

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out device.key
mkdir -p rsa-other ed-other
quiet openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-other/ca.key
openssl genpkey -algorithm ED25519 -out ed-other/ca.key

# ---------------------------------------------------------------- good cases
# Every key type with every profile that accepts it: no finding at all.
for k in rsa2048 rsa4096 p256 p384 p521 ed25519; do
    K=$fx/$k
    for p in cumulocity generic-signature; do
        put "good-$k-$p.code" '%s' "${CODE[$p]}"
        sign "$K" "good-$k-$p.code" "good-$k-$p.bin"
        b64 "good-$k-$p.bin" >"good-$k-$p.sig"
        case_ "good-$k-$p" 0 - - --profile "$p" --ca-cert "$K/ca.pem" --ca-key "$K/ca.key" \
            --code-file "$dir/good-$k-$p.code" --signature-file "$dir/good-$k-$p.sig"
    done
    for p in azure-dps azure-iothub aws-iot huawei-iotda alibaba-iot generic-vcert; do
        if [ "$k" = ed25519 ] && [ "$p" != generic-vcert ]; then
            continue # these profiles refuse Ed25519: see cert-ed25519-aws
        fi
        if [ "$p" = alibaba-iot ] && [ "${k#rsa}" = "$k" ]; then
            continue # Alibaba's private CAs sign with RSA only
        fi
        vcert "good-$k-$p.pem" "/CN=${CODE[$p]}" "$K/ca.pem" "$K/ca.key"
        case_ "good-$k-$p" 0 - - --profile "$p" --ca-cert "$K/ca.pem" --ca-key "$K/ca.key" \
            --code "${CODE[$p]}" --vcert "$dir/good-$k-$p.pem"
    done
done
# The same proofs given other ways: inline text, DER. With an input missing
# (no profile, no proof, no code, no CA certificate) nothing is refused, but
# the verdict is "incomplete" (exit 4), never "accepted".
case_ partial-no-profile 4 - - --ca-cert "$fx/p384/ca.pem" --code "$C8Y" \
    --signature "$(cat good-p384-cumulocity.sig)"
case_ good-der-ca 0 - - --profile cumulocity --ca-cert "$fx/rsa2048/ca.der" \
    --code "$C8Y" --signature-file "$dir/good-rsa2048-cumulocity.sig"
case_ partial-encrypted-key 4 - - --profile cumulocity --ca-cert "$fx/p256/ca.pem" \
    --ca-key "$fx/p256/ca.enc.key" --passin "file:$fx/PASSPHRASE" --code "$C8Y"
case_ partial-ca-only 4 - - --profile aws-iot --ca-cert "$fx/p521/ca.pem"
case_ partial-code-only 4 - - --profile azure-dps --code "$DPS"
vcert good-int.pem "/CN=$DPS" "$fx/chain/ca.pem" "$fx/chain/ca.key"
case_ good-intermediate 0 - - --profile azure-dps --ca-cert "$fx/chain/ca.pem" \
    --ca-key "$fx/chain/ca.key" --code "$DPS" --vcert "$dir/good-int.pem"

# ---------------------------------------------------------------- the code
put code-lf.txt '%s\n' "$C8Y"
put code-crlf.txt '%s\r\n' "$C8Y"
put code-bom.txt '\xef\xbb\xbf%s' "$C8Y"
put code-ws.txt '  %s\t' "$C8Y"
put code-quotes.txt '\xe2\x80\x9c%s\xe2\x80\x9d' "$DPS"
put code-dash.txt 'device\xe2\x80\x93enrolment'
put code-twice.txt '%s%s' "$DPS" "$DPS"
put code-twice-lines.txt '%s\n%s\n' "$DPS" "$DPS"
put code-lines.txt 'the code is:\n%s\n' "$DPS"
put code-nul.txt '%s\0' "$C8Y"
put code-empty.txt '\r\n'
put code.json '{\n  "registrationCode": "%s"\n}\n' "${CODE[aws-iot]}"
put code-other.json '{"etag": "AAAA", "name": "root"}\n'
case_ code-lf 4 CODE_TRAILING_LF '(LF)' --profile cumulocity --code-file "$dir/code-lf.txt"
case_ code-crlf 4 CODE_TRAILING_CRLF CRLF --profile cumulocity --code-file "$dir/code-crlf.txt"
case_ code-bom 4 CODE_BOM 'EF BB BF' --profile cumulocity --code-file "$dir/code-bom.txt"
case_ code-ws 4 CODE_WHITESPACE - --profile cumulocity --code-file "$dir/code-ws.txt"
case_ code-smart-quotes 1 CODE_SMART_QUOTES U+201C --profile azure-dps \
    --code-file "$dir/code-quotes.txt"
case_ code-non-ascii 1 CODE_NON_ASCII U+2013 --profile generic-vcert \
    --code-file "$dir/code-dash.txt"
case_ code-twice 1 CODE_PASTED_TWICE 'two times' --profile azure-dps \
    --code-file "$dir/code-twice.txt"
case_ code-twice-lines 1 CODE_PASTED_TWICE - --profile azure-dps \
    --code-file "$dir/code-twice-lines.txt"
case_ code-lines 1 CODE_MULTILINE - --profile azure-dps --code-file "$dir/code-lines.txt"
case_ code-nul 1 CODE_CONTROL_CHAR 'NUL' --profile cumulocity --code-file "$dir/code-nul.txt"
case_ code-empty 1 CODE_EMPTY - --profile cumulocity --code-file "$dir/code-empty.txt"
case_ code-cut-short 1 CODE_CUT_SHORT 'get-registration-code' --profile aws-iot \
    --code "${CODE[aws-iot]:0:50}"
case_ code-too-long 1 CODE_TOO_LONG - --profile azure-iothub --code "${DPS}0123"
case_ code-not-hex 1 CODE_NOT_HEX - --profile azure-dps --code "${DPS:0:47}G"
case_ code-is-pem 1 CODE_IS_PEM 'BEGIN CERTIFICATE' --profile azure-dps \
    --code-file "$fx/p256/ca.pem"
case_ code-is-json 1 CODE_IS_JSON "${CODE[aws-iot]}" --profile aws-iot \
    --code-file "$dir/code.json"
case_ code-is-other-json 1 CODE_IS_JSON - --profile aws-iot --code-file "$dir/code-other.json"

# ------------------------------------------------------- the signature text
R=$fx/rsa2048
put c8y.code '%s' "$C8Y"
sign "$R" c8y.code rsa.bin
b64 rsa.bin >rsa.sig
openssl base64 -in rsa.bin >sig-wrapped.txt
{ cat rsa.sig; echo; } >sig-lf.txt
tr '+/' '-_' <rsa.sig >sig-urlsafe.txt
tr -d '=' <rsa.sig >sig-nopad.txt
if grep -q / rsa.sig; then
    { printf '"'; sed 's|/|\\/|g' rsa.sig; printf '"'; } >sig-stray.txt
else
    { printf '"'; cat rsa.sig; printf '"'; } >sig-stray.txt
fi
openssl dgst -sha256 -sign "$R/ca.key" -hex -out sig-dgst.hex c8y.code
hex rsa.bin >sig-plain.hex
head -c 200 rsa.sig >sig-cut.txt
head -c 201 rsa.sig >sig-cut-odd.txt
: >sig-empty.txt
sign "$fx/p256" c8y.code ec.bin
head -c 40 ec.bin | openssl base64 -A >sig-ec-cut.txt
S=(--profile cumulocity --ca-cert "$R/ca.pem" --code "$C8Y")
case_ sig-wrapped 1 SIG_WRAPPED_BASE64 'offset 64' "${S[@]}" --signature-file "$dir/sig-wrapped.txt"
case_ sig-trailing-lf 1 SIG_TRAILING_NEWLINE - "${S[@]}" --signature-file "$dir/sig-lf.txt"
case_ sig-urlsafe 1 SIG_URLSAFE_BASE64 - "${S[@]}" --signature-file "$dir/sig-urlsafe.txt"
case_ sig-no-padding 1 SIG_MISSING_PADDING - "${S[@]}" --signature-file "$dir/sig-nopad.txt"
case_ sig-stray 1 SIG_STRAY_CHARACTERS - "${S[@]}" --signature-file "$dir/sig-stray.txt"
case_ sig-dgst-hex 1 SIG_HEX 'openssl dgst' "${S[@]}" --signature-file "$dir/sig-dgst.hex"
case_ sig-plain-hex 1 SIG_HEX - "${S[@]}" --signature-file "$dir/sig-plain.hex"
case_ sig-binary 1 SIG_BINARY 'openssl base64 -A' "${S[@]}" --signature-file "$dir/rsa.bin"
case_ sig-cut 1 SIG_TRUNCATED '150 bytes' "${S[@]}" --signature-file "$dir/sig-cut.txt"
case_ sig-cut-odd 1 SIG_TRUNCATED - "${S[@]}" --signature-file "$dir/sig-cut-odd.txt"
case_ sig-empty 1 SIG_EMPTY - "${S[@]}" --signature-file "$dir/sig-empty.txt"
cat rsa.sig rsa.sig >sig-twice.txt
case_ sig-two-joined 1 SIG_NOT_BASE64 'padding in the middle' "${S[@]}" \
    --signature-file "$dir/sig-twice.txt"
case_ sig-ec-cut 1 SIG_TRUNCATED - --profile cumulocity --ca-cert "$fx/p256/ca.pem" \
    --code "$C8Y" --signature-file "$dir/sig-ec-cut.txt"

# ---------------------------------------------------- what it was made over
# variant KEYDIR NAME FILE-CONTENT-FORMAT [dgst options]: signature over a
# wrong rendering of the code, as people make it.
variant() {
    local k=$1 name=$2 fmt=$3
    shift 3
    put "$name.in" "$fmt" "$C8Y"
    sign "$k" "$name.in" "$name.bin" "$@"
    b64 "$name.bin" >"$name.sig"
}
variant "$R" over-lf '%s\n'
variant "$R" over-crlf '%s\r\n'
variant "$R" over-bom '\xef\xbb\xbf%s'
variant "$fx/p256" over-lower "$(tr '[:upper:]' '[:lower:]' <<<"$C8Y")"
variant "$fx/ed25519" over-space '%s '
variant "$R" sha1 '%s' -sha1
variant "$fx/p384" sha512 '%s' -sha512
variant "$R" sha384-lf '%s\n' -sha384
variant "$R" pss '%s' -sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
put stale.in '%s' "Xq7ZRm2Pw9LkT4vB8nC3hJ5s"
sign "$R" stale.in stale-rsa.bin
b64 stale-rsa.bin >stale-rsa.sig
sign "$fx/p256" stale.in stale-ec.bin
b64 stale-ec.bin >stale-ec.sig
sign "$R" stale.in stale-pss.bin -sha256 -sigopt rsa_padding_mode:pss
b64 stale-pss.bin >stale-pss.sig
openssl pkeyutl -sign -inkey "$R/ca.key" -in c8y.code -out nodigest.bin
b64 nodigest.bin >nodigest.sig
sign "$fx/p256" c8y.code ec-der.bin
raw_ecdsa ec-der.bin 32 ec-raw.bin
b64 ec-raw.bin >ec-raw.sig
for k in rsa-other ed-other; do
    sign "$dir/$k" c8y.code "$k.bin"
    b64 "$k.bin" >"$k.sig"
done
sign "$fx/rsa4096" c8y.code rsa4096.bin
b64 rsa4096.bin >rsa4096.sig
sign "$fx/other" c8y.code other.bin
b64 other.bin >other.sig
sign "$fx/chain" c8y.code int.bin
b64 int.bin >int.sig
# Whole signatures of keys of other kinds and sizes than the CA's: made by
# another key, never "cut short". One RSA-3072 key, made once per run.
mkdir -p rsa3072
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa3072/ca.key
for k in rsa1024 rsa2048 p256 p384 p521 ed25519; do
    sign "$fx/$k" c8y.code "len-$k.bin"
    b64 "len-$k.bin" >"len-$k.sig"
done
sign "$dir/rsa3072" c8y.code len-rsa3072.bin
b64 len-rsa3072.bin >len-rsa3072.sig
head -c 340 rsa4096.sig >len-rsa4096-cut.sig

case_ sig-over-lf 1 SIG_OVER_VARIANT '(LF)' "${S[@]}" --signature-file "$dir/over-lf.sig"
case_ sig-over-file 1 CODE_TRAILING_LF,SIG_OVER_VARIANT 'the file was signed' \
    --profile cumulocity --ca-cert "$R/ca.pem" --code-file "$dir/over-lf.in" \
    --signature-file "$dir/over-lf.sig"
case_ sig-over-crlf 1 SIG_OVER_VARIANT CRLF "${S[@]}" --signature-file "$dir/over-crlf.sig"
case_ sig-over-bom 1 SIG_OVER_VARIANT 'byte order mark' "${S[@]}" \
    --signature-file "$dir/over-bom.sig"
case_ sig-over-lower 1 SIG_OVER_VARIANT 'lower case' --profile cumulocity \
    --ca-cert "$fx/p256/ca.pem" --code "$C8Y" --signature-file "$dir/over-lower.sig"
case_ sig-over-space 1 SIG_OVER_VARIANT 'space after' --profile cumulocity \
    --ca-cert "$fx/ed25519/ca.pem" --code "$C8Y" --signature-file "$dir/over-space.sig"
case_ sig-sha1 1 SIG_OTHER_DIGEST SHA1 "${S[@]}" --signature-file "$dir/sha1.sig"
case_ sig-sha512 1 SIG_OTHER_DIGEST SHA512 --profile cumulocity --ca-cert "$fx/p384/ca.pem" \
    --code "$C8Y" --signature-file "$dir/sha512.sig"
case_ sig-sha384-lf 1 SIG_OVER_VARIANT,SIG_OTHER_DIGEST SHA384 "${S[@]}" \
    --signature-file "$dir/sha384-lf.sig"
case_ sig-pss 1 SIG_PSS - "${S[@]}" --signature-file "$dir/pss.sig"
case_ sig-pss-stale 1 SIG_PSS 0xBC "${S[@]}" --signature-file "$dir/stale-pss.sig"
case_ sig-raw-ecdsa 1 SIG_RAW_ECDSA 'r||s' --profile cumulocity --ca-cert "$fx/p256/ca.pem" \
    --code "$C8Y" --signature-file "$dir/ec-raw.sig"
case_ sig-no-digest 1 SIG_NO_DIGEST "$C8Y" "${S[@]}" --signature-file "$dir/nodigest.sig"
case_ sig-stale-rsa 1 SIG_OTHER_MESSAGE 'SHA256 digest' "${S[@]}" \
    --signature-file "$dir/stale-rsa.sig"
case_ sig-stale-ec 1 SIG_NO_MATCH proofOfPossessionVerificationCodeUsableUntil --profile cumulocity --ca-cert "$fx/p256/ca.pem" \
    --code "$C8Y" --signature-file "$dir/stale-ec.sig"
case_ sig-other-rsa 1 SIG_WRONG_KEY 'neither a PKCS#1' "${S[@]}" \
    --signature-file "$dir/rsa-other.sig"
case_ sig-rsa4096 1 SIG_WRONG_KEY 'RSA signature of a 4096-bit key' "${S[@]}" \
    --signature-file "$dir/rsa4096.sig"
# len CASE CA SIGNATURE NEEDLE [more doctor arguments]
len() {
    local name=$1 ca=$2 sig=$3 needle=$4
    shift 4
    case_ "siglen-$name" 1 SIG_WRONG_KEY "$needle" --profile cumulocity \
        --ca-cert "$ca/ca.pem" --code "$C8Y" --signature-file "$dir/$sig" "$@"
}
len rsa2048-on-rsa4096 "$fx/rsa4096" len-rsa2048.sig 'RSA signature of a 2048-bit key'
len rsa1024-on-rsa2048 "$R" len-rsa1024.sig 'RSA signature of a 1024-bit key'
len rsa3072-on-rsa2048 "$R" len-rsa3072.sig 'RSA signature of a 3072-bit key'
len rsa2048-on-ed25519 "$fx/ed25519" len-rsa2048.sig 'RSA signature of a 2048-bit key'
len p256-on-p384 "$fx/p384" len-p256.sig 'on a 256-bit curve (P-256'
len p521-on-p256 "$fx/p256" len-p521.sig 'on a 521-bit curve (P-521'
len p384-on-rsa2048 "$R" len-p384.sig 'on a 384-bit curve (P-384'
len p256-on-ed25519 "$fx/ed25519" len-p256.sig 'on a 256-bit curve'
len ed25519-on-rsa4096 "$fx/rsa4096" len-ed25519.sig 'an Ed25519 signature'
len ed25519-on-p384 "$fx/p384" len-ed25519.sig 'an Ed25519 signature'
# The key that made it, given: named.
case_ siglen-rsa2048-given 1 KEY_MISMATCH,SIG_WRONG_KEY \
    "it verifies with --ca-key $fx/rsa2048/ca.key" --profile cumulocity \
    --ca-cert "$fx/rsa4096/ca.pem" --ca-key "$fx/rsa2048/ca.key" --code "$C8Y" \
    --signature-file "$dir/len-rsa2048.sig"
case_ siglen-p256-given 1 KEY_MISMATCH,SIG_WRONG_KEY "it verifies with --ca-key" \
    --profile cumulocity --ca-cert "$fx/p384/ca.pem" --ca-key "$fx/p256/ca.key" \
    --code "$C8Y" --signature-file "$dir/len-p256.sig"
# A cut that fits no key stays a cut.
case_ siglen-rsa4096-cut 1 SIG_TRUNCATED '255 bytes' --profile cumulocity \
    --ca-cert "$fx/rsa4096/ca.pem" --code "$C8Y" --signature-file "$dir/len-rsa4096-cut.sig"
case_ sig-other-ec 1 SIG_NO_MATCH - --profile cumulocity --ca-cert "$fx/p256/ca.pem" \
    --code "$C8Y" --signature-file "$dir/other.sig"
case_ sig-other-ed25519 1 SIG_NO_MATCH - --profile cumulocity \
    --ca-cert "$fx/ed25519/ca.pem" --code "$C8Y" --signature-file "$dir/ed-other.sig"
# A signature Cumulocity refuses (another key made it), given without the CA
# certificate: doctor cannot tell, so it is "incomplete" and asks for --ca-cert.
case_ partial-no-ca-cert 4 - - --profile cumulocity --code "$C8Y" \
    --signature-file "$dir/rsa-other.sig"
case_ sig-given-key 1 KEY_MISMATCH,SIG_WRONG_KEY 'verifies with --ca-key' \
    --profile cumulocity --ca-cert "$fx/p256/ca.pem" --ca-key "$fx/other/ca.key" \
    --code "$C8Y" --signature-file "$dir/other.sig"
case_ sig-chain-key 1 CERT_SEVERAL,SIG_WRONG_KEY 'certificate #2' --profile cumulocity \
    --ca-cert "$fx/chain/chain.pem" --code "$C8Y" --signature-file "$dir/int.sig"

# ------------------------------------------------------------ the CA key
case_ key-mismatch 1 KEY_MISMATCH 'public key SHA-256' --profile cumulocity \
    --ca-cert "$fx/p256/ca.pem" --ca-key "$fx/other/ca.key"
case_ key-device 1 KEY_MISMATCH - --profile azure-dps --ca-cert "$fx/p256/ca.pem" \
    --ca-key "$dir/device.key"
case_ key-in-chain 1 CERT_SEVERAL,KEY_MATCHES_OTHER_CERT 'n==2' --profile cumulocity \
    --ca-cert "$fx/chain/chain.pem" --ca-key "$fx/chain/ca.key"

# ------------------------------------------------------- the CA certificate
openssl req -x509 -new -config "$cnf" -extensions v3_root -key "$R/ca.key" -sha1 \
    -subj "/O=popverify tests/CN=SHA-1 Root" -days 3650 -out ca-sha1.pem
dated ca-expired.pem 200101000000Z 200201000000Z v3_root selfsign "$fx/p256/ca.key" \
    "/O=popverify tests/CN=Expired Root"
dated ca-future.pem 480101000000Z 490101000000Z v3_root selfsign "$fx/p256/ca.key" \
    "/O=popverify tests/CN=Future Root"
vcert device.pem "/CN=device-0001" "$fx/p256/ca.pem" "$fx/p256/ca.key"
cat device.pem "$fx/p256/ca.pem" >device-chain.pem
case_ cert-not-ca 1 CERT_NOT_CA CA:FALSE --profile cumulocity --ca-cert "$fx/noca/ca.pem"
case_ cert-no-bc 1 CERT_NOT_CA 'no basicConstraints' --profile aws-iot \
    --ca-cert "$fx/nobc/ca.pem"
case_ cert-no-bc-generic 4 CERT_NOT_CA - --profile generic-signature \
    --ca-cert "$fx/nobc/ca.pem"
case_ cert-rsa1024 1 CERT_RSA_WEAK 'RSA 1024' --profile cumulocity \
    --ca-cert "$fx/rsa1024/ca.pem"
case_ cert-ed25519-aws 1 CERT_KEY_REJECTED Ed25519 --profile aws-iot \
    --ca-cert "$fx/ed25519/ca.pem"
case_ cert-sha1 1 CERT_SHA1_SIGNED sha1WithRSAEncryption --profile cumulocity \
    --ca-cert "$dir/ca-sha1.pem"
case_ cert-expired 1 CERT_EXPIRED 2020 --profile cumulocity --ca-cert "$dir/ca-expired.pem"
case_ cert-not-yet-valid 1 CERT_NOT_YET_VALID 2048 --profile cumulocity \
    --ca-cert "$dir/ca-future.pem"
case_ cert-device 1 CERT_IS_DEVICE 'CN=device-0001' --profile azure-iothub \
    --ca-cert "$dir/device.pem"
case_ cert-device-chain 1 CERT_SEVERAL,CERT_IS_DEVICE 'n==2' --profile azure-iothub \
    --ca-cert "$dir/device-chain.pem"
case_ cert-chain 4 CERT_SEVERAL 'Chain Root' --profile cumulocity \
    --ca-cert "$fx/chain/chain.pem"

# ------------------------------------------- the verification certificate
P=$fx/p256
V=(--profile azure-dps --ca-cert "$P/ca.pem" --code "$DPS")
vcert v-case.pem "/CN=${DPS,,}" "$P/ca.pem" "$P/ca.key"
vcert v-space.pem "/CN=$DPS " "$P/ca.pem" "$P/ca.key"
vcert v-quotes.pem "/CN=$(printf '\xe2\x80\x9c%s\xe2\x80\x9d' "$DPS")" "$P/ca.pem" "$P/ca.key"
vcert v-cut.pem "/CN=${DPS:0:40}" "$P/ca.pem" "$P/ca.key"
vcert v-extra.pem "/CN=${DPS}00" "$P/ca.pem" "$P/ca.key"
vcert v-stale.pem "/CN=FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210" "$P/ca.pem" "$P/ca.key"
vcert v-name.pem "/CN=My Device" "$P/ca.pem" "$P/ca.key"
vcert v-nocn.pem "/O=Acme" "$P/ca.pem" "$P/ca.key"
vcert v-o.pem "/O=Acme/CN=$DPS" "$P/ca.pem" "$P/ca.key"
vcert v-other.pem "/CN=$DPS" "$fx/other/ca.pem" "$fx/other/ca.key"
vcert v-root.pem "/CN=$DPS" "$fx/chain/root/ca.pem" "$fx/chain/root/ca.key"
vcert v-int.pem "/CN=$DPS" "$fx/chain/ca.pem" "$fx/chain/ca.key"
cat v-int.pem "$fx/chain/ca.pem" >v-int-chain.pem
vcert v-sha1.pem "/CN=$DPS" "$P/ca.pem" "$P/ca.key" -sha1
csr tmp.csr "/CN=$DPS"
quiet openssl x509 -req -in tmp.csr -signkey "$dir/device.key" -days 30 -out v-self.pem
# A CA of the same name made again with another key; and the same CA named
# with other string types (PrintableString instead of UTF8String).
openssl req -x509 -new -config "$cnf" -extensions v3_root -key "$fx/other/ca.key" \
    -subj "/C=DE/O=popverify tests/CN=Test Root p256" -days 3650 -out same-name.pem
vcert v-same-name.pem "/CN=$DPS" same-name.pem "$fx/other/ca.key"
printf '[req]\ndistinguished_name = dn\nstring_mask = default\n[dn]\n' >printable.cnf
sed -n '/^\[v3_root\]/,/^\[/p' "$cnf" | sed '$d' >>printable.cnf
openssl req -x509 -new -config printable.cnf -extensions v3_root -key "$P/ca.key" \
    -subj "/C=DE/O=popverify tests/CN=Test Root p256" -days 3650 -out printable.pem
vcert v-printable.pem "/CN=$DPS" printable.pem "$P/ca.key"
dated v-expired.pem 200101000000Z 200201000000Z v3_vcert ca "$P/ca.pem" "$P/ca.key" "/CN=$DPS"
dated v-future.pem 480101000000Z 490101000000Z v3_vcert ca "$P/ca.pem" "$P/ca.key" "/CN=$DPS"

case_ vcert-cn-case 1 VCERT_CN_CASE 'offset 10' "${V[@]}" --vcert "$dir/v-case.pem"
case_ vcert-cn-space 1 VCERT_CN_WHITESPACE - "${V[@]}" --vcert "$dir/v-space.pem"
case_ vcert-cn-quotes 1 VCERT_CN_NON_ASCII '\xE2\x80\x9C' "${V[@]}" --vcert "$dir/v-quotes.pem"
case_ vcert-cn-cut 1 VCERT_CN_TRUNCATED '(40 characters)' "${V[@]}" --vcert "$dir/v-cut.pem"
case_ vcert-cn-extra 1 VCERT_CN_EXTRA - "${V[@]}" --vcert "$dir/v-extra.pem"
case_ vcert-cn-stale 1 VCERT_CN_STALE FEDCBA "${V[@]}" --vcert "$dir/v-stale.pem"
case_ vcert-cn-other 1 VCERT_CN_MISMATCH 'My Device' "${V[@]}" --vcert "$dir/v-name.pem"
case_ vcert-no-cn 1 VCERT_NO_CN - "${V[@]}" --vcert "$dir/v-nocn.pem"
case_ vcert-subject-extra 1 VCERT_SUBJECT_EXTRA 'O=Acme' "${V[@]}" --vcert "$dir/v-o.pem"
case_ vcert-other-ca 1 VCERT_WRONG_ISSUER 'Other Root' "${V[@]}" --vcert "$dir/v-other.pem"
case_ vcert-by-root 1 VCERT_SIGNED_BY_PARENT 'Chain Root' --profile azure-dps \
    --ca-cert "$fx/chain/ca.pem" --code "$DPS" --vcert "$dir/v-root.pem"
# The intermediate first, the root second, and the root's key: the platform
# has the intermediate, so the root-signed certificate is refused (IH400053),
# and the key is named as #2's; with "#2" the root is the CA and all is well.
case_ vcert-int-first-root-key 1 CERT_SEVERAL,KEY_MATCHES_OTHER_CERT,VCERT_SIGNED_BY_PARENT \
    'int-first.pem#2' --profile azure-dps --ca-cert "$fx/chain/int-first.pem" \
    --ca-key "$fx/chain/root/ca.key" --code "$DPS" --vcert "$dir/v-root.pem"
case_ vcert-int-first-picked 0 CERT_SEVERAL 'as the #N suffix asks' --profile azure-dps \
    --ca-cert "$fx/chain/int-first.pem#2" --ca-key "$fx/chain/root/ca.key" --code "$DPS" \
    --vcert "$dir/v-root.pem"
case_ vcert-by-int 1 CERT_SEVERAL,VCERT_SIGNED_BY_CHILD 'Chain Intermediate' \
    --profile azure-dps --ca-cert "$fx/chain/chain.pem" --code "$DPS" --vcert "$dir/v-int.pem"
case_ vcert-by-int-chain 1 VCERT_SIGNED_BY_CHILD - --profile azure-dps \
    --ca-cert "$fx/chain/root/ca.pem" --code "$DPS" --vcert "$dir/v-int-chain.pem"
case_ vcert-by-int-alone 1 VCERT_WRONG_ISSUER 'Chain Intermediate' --profile azure-dps \
    --ca-cert "$fx/chain/root/ca.pem" --code "$DPS" --vcert "$dir/v-int.pem"
case_ vcert-self-signed 1 VCERT_SELF_SIGNED - "${V[@]}" --vcert "$dir/v-self.pem"
case_ vcert-same-name 1 VCERT_BAD_SIGNATURE - "${V[@]}" --vcert "$dir/v-same-name.pem"
case_ vcert-same-name-key 1 KEY_MISMATCH,VCERT_BAD_SIGNATURE 'verifies with --ca-key' \
    "${V[@]}" --ca-key "$fx/other/ca.key" --vcert "$dir/v-same-name.pem"
case_ vcert-issuer-encoding 1 VCERT_ISSUER_ENCODING - "${V[@]}" \
    --vcert "$dir/v-printable.pem"
case_ vcert-expired 1 VCERT_EXPIRED 2020 "${V[@]}" --vcert "$dir/v-expired.pem"
case_ vcert-not-yet-valid 1 VCERT_NOT_YET_VALID 2048 "${V[@]}" --vcert "$dir/v-future.pem"
case_ vcert-sha1 0 VCERT_SHA1_SIGNED - "${V[@]}" --vcert "$dir/v-sha1.pem"
case_ vcert-is-ca 1 VCERT_IS_THE_CA - "${V[@]}" --vcert "$P/ca.pem"
case_ vcert-for-cumulocity 1 PROOF_WRONG_KIND 'popverify sign' --profile cumulocity \
    --ca-cert "$P/ca.pem" --code "$DPS" --vcert "$dir/good-p256-azure-dps.pem"

rm -f tmp.csr
echo "corpus ready in $dir: $(wc -l <"$manifest") cases"
