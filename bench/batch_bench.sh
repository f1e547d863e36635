#!/usr/bin/env bash
# batch_bench.sh - popverify device --batch against its limit and against
# what people do today, side by side, with public tools only:
#   for a P-256 and an RSA-3072 CA (made with plain openssl), in new-key and
#   CSR modes, N devices each: popverify's batch on 1 and 2 threads, the raw
#   libcrypto loop bench/raw_batch.c (the same crypto and file writes), and
#   the openssl-per-device loop on a sample; rates and ratios;
#   the peak resident memory of a batch of RSS_N devices;
#   a single popverify sign against openssl dgst -sign | openssl base64 -A;
#   the batch with the CA key in a SoftHSM token through pkcs11-provider.
# Prints a markdown table (the one in docs/performance.md) and the machine.
#
# usage: bench/batch_bench.sh [BUILD_DIR [N [SAMPLE [RSS_N [HSM_N]]]]]
#   defaults: build 10000 100 100000 2000
# Each of raw loop, -j1 and -j2 runs BENCH_REPEAT times (default 2),
# interleaved, and the fastest run counts: other load on a shared machine
# only ever slows a run down.
# Files go to $BENCH_DIR (default: a new directory in /dev/shm when it exists,
# so the disk of a shared machine does not decide the result), removed at the
# end unless BENCH_KEEP=1. This is a benchmark, not a test: on 2 cores it
# takes 10 to 20 minutes.
set -eu

build=${1:-build}
n=${2:-10000}
sample=${3:-100}
rss_n=${4:-100000}
hsm_n=${5:-2000}
repeat=${BENCH_REPEAT:-2}
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$build" && pwd)
cmake --build "$build" --target popverify_cli raw_batch >/dev/null
pv=$build/popverify
raw=$build/bench/raw_batch
base=${BENCH_DIR:-$([ -d /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
work=$(mktemp -d "$base/popverify-bench-XXXXXX")
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
cd "$work"
log=$work/bench.log

now() { date +%s.%N; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
say() { printf '%s\n' "$*" >&2; }
least() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }

# A CA made with plain openssl; its device extensions for the openssl loop.
make_ca() { # make_ca NAME NEWKEY_ARGS...
    local name=$1
    shift
    mkdir -p "$name"
    openssl req -x509 -new "$@" -nodes -keyout "$name/ca.key" -days 3650 \
        -subj "/O=popverify bench/CN=Bench CA $name" \
        -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign -out "$name/ca.pem" 2>>"$log"
}
cat >dev.cnf <<'EOF'
[dev]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# Inputs: ids, and for CSR mode the CSRs (made by raw_batch, fast) and rows.
seq -f 'dev-%05g' 0 $((n - 1)) >ids.txt
mkdir csrs
"$raw" csrs csrs "$n"
sed 's|.*|&,csrs/&.csr|' ids.txt >csr-rows.txt

# Seconds for: popverify device --batch on ROWS with J threads under CA.
pv_batch() { # pv_batch CA ROWS J COUNT
    local out=out-$$ t0 t1 issued
    rm -rf "$out"
    t0=$(now)
    "$pv" device --profile cumulocity --ca-cert "$1/ca.pem" --ca-key "$1/ca.key" \
        --batch "$2" --out-dir "$out" -j "$3" >manifest.jsonl 2>>"$log"
    t1=$(now)
    issued=$(grep -c '"status":"issued"' manifest.jsonl)
    [ "$issued" -eq "$4" ] || { say "only $issued of $4 issued"; exit 1; }
    rm -rf "$out"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

raw_batch() { # raw_batch CA COUNT [CSR_DIR]
    local out=raw-$$ t0 t1
    rm -rf "$out" && mkdir "$out"
    t0=$(now)
    "$raw" issue "$1/ca.pem" "$1/ca.key" "$out" "$2" ${3:+"$3"} >>"$log"
    t1=$(now)
    rm -rf "$out"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

# The way it is done today: one openssl process chain per device.
openssl_loop() { # openssl_loop CA COUNT MODE
    local out=ossl-$$ t0 t1 i id
    rm -rf "$out" && mkdir "$out"
    t0=$(now)
    for i in $(seq 0 $(($2 - 1))); do
        id=$(printf 'dev-%05d' "$i")
        if [ "$3" = newkey ]; then
            openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
                -keyout "$out/$id.key" -subj "/CN=$id" -out "$out/$id.csr" 2>>"$log"
            csr=$out/$id.csr
        else
            csr=csrs/$id.csr
        fi
        openssl x509 -req -in "$csr" -CA "$1/ca.pem" -CAkey "$1/ca.key" \
            -set_serial "0x$(openssl rand -hex 16)" -days 365 -extfile dev.cnf \
            -extensions dev -out "$out/$id.pem" 2>>"$log"
    done
    t1=$(now)
    rm -rf "$out"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

echo "| CA | mode | raw loop /s | batch -j1 /s | batch -j2 /s | openssl loop /s | -j1 / raw | -j2 / -j1 | -j1 / openssl | -j2 / openssl |"
echo "|---|---|---|---|---|---|---|---|---|---|"
make_ca p256 -newkey ec -pkeyopt ec_paramgen_curve:P-256
make_ca rsa3072 -newkey rsa:3072
for ca in p256 rsa3072; do
    for mode in newkey csr; do
        rows=ids.txt csrdir=
        [ "$mode" = csr ] && rows=csr-rows.txt csrdir=csrs
        t_raw=999999 t_1=999999 t_2=999999
        for r in $(seq "$repeat"); do
            say "$ca $mode: raw loop, batch -j1, batch -j2, N=$n (run $r of $repeat)"
            t_raw=$(least "$t_raw" "$(raw_batch "$ca" "$n" $csrdir)")
            t_1=$(least "$t_1" "$(pv_batch "$ca" "$rows" 1 "$n")")
            t_2=$(least "$t_2" "$(pv_batch "$ca" "$rows" 2 "$n")")
        done
        say "$ca $mode: openssl loop, sample of $sample"
        t_o=$(openssl_loop "$ca" "$sample" "$mode")
        r_raw=$(rate "$n" "$t_raw") r_1=$(rate "$n" "$t_1") r_2=$(rate "$n" "$t_2")
        r_o=$(awk -v n="$sample" -v t="$t_o" 'BEGIN { printf "%.1f", n / t }')
        echo "| $ca | $mode | $r_raw | $r_1 | $r_2 | $r_o | $(ratio "$r_1" "$r_raw") |" \
            "$(ratio "$r_2" "$r_1") | $(ratio "$r_1" "$r_o") | $(ratio "$r_2" "$r_o") |"
    done
done

# Peak resident memory of one batch of RSS_N new-key P-256 devices.
say "peak RSS: batch -j2, N=$rss_n"
seq -f 'big-%06g' 0 $((rss_n - 1)) >big.txt
rm -rf big
/usr/bin/time -f '%M %e' -o rss.txt "$pv" device --profile cumulocity \
    --ca-cert p256/ca.pem --ca-key p256/ca.key --batch big.txt --out-dir big -j 2 \
    >big.jsonl 2>>"$log"
read -r rss_kb rss_s <rss.txt
big_issued=$(grep -c '"status":"issued"' big.jsonl)
rm -rf big big.jsonl
echo
echo "Peak RSS, batch -j2 of $big_issued P-256 new-key devices: $((rss_kb / 1024)) MiB" \
    "($rss_kb KiB; $(rate "$big_issued" "$rss_s") devices/s)"

# One signature: popverify sign against openssl dgst -sign | openssl base64 -A.
median_ms() { # median_ms RUNS COMMAND...: median wall time in ms
    local runs=$1 i t0 t1
    shift
    for i in $(seq "$runs"); do
        t0=$(now)
        "$@" >/dev/null 2>>"$log"
        t1=$(now)
        awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) * 1000 }'
    done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
printf 'Zk3pQ9vX2mL8aR4tW7yB1cN6' >code.txt
ossl_sign() { openssl dgst -sha256 -sign "$1/ca.key" code.txt | openssl base64 -A; }
echo
echo "| single signature, median of 21 runs | popverify sign | openssl dgst -sign \\| openssl base64 -A | ratio |"
echo "|---|---|---|---|"
for ca in p256 rsa3072; do
    say "single sign: $ca"
    t_pv=$(median_ms 21 "$pv" sign --profile cumulocity --ca-cert "$ca/ca.pem" \
        --ca-key "$ca/ca.key" --code-file code.txt)
    t_os=$(median_ms 21 ossl_sign "$ca")
    echo "| $ca CA | $t_pv ms | $t_os ms | $(ratio "$t_os" "$t_pv") |"
done

# The CA key in SoftHSM through pkcs11-provider, as in tests/pkcs11.
"$here/hsm_bench.sh" "$pv" p256 "$hsm_n" "$log" || say "HSM part skipped or failed (see above)"

echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')," \
    "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
    "$(openssl version | cut -d' ' -f1-2), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
    "files in $base ($(df -T "$base" | awk 'NR == 2 { print $2 }'))"
