#!/usr/bin/env bash
# tests/run.sh - build popverify and run every test, twice: a normal build in
# build/ and an AddressSanitizer + UndefinedBehaviorSanitizer build (leak
# detection on) in build-asan/. Installs missing build packages first.
#
#   tests/run.sh              both builds
#   tests/run.sh normal       only build/
#   tests/run.sh sanitize     only build-asan/
#   tests/run.sh fuzz         only the fuzzers: clang (installed when missing)
#                             builds tests/fuzz in build-fuzz/, each target
#                             runs POPVERIFY_FUZZ_SECONDS (60), two at a time
#
# Exits non-zero when anything failed; the last lines say "N passed, N failed"
# for each build and in total.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2
JOBS=2
PACKAGES=(libcunit1-dev cmake pkg-config libssl-dev perl man-db)

die() {
    echo "tests/run.sh: $*" >&2
    exit 2
}

# dpkg -s also succeeds for a removed package whose config files are left.
installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# Debian/Ubuntu packages the build needs, installed only when missing.
install_packages() {
    local missing=() p sudo=
    command -v dpkg >/dev/null || {
        echo "tests/run.sh: no dpkg; assuming ${PACKAGES[*]} are installed" >&2
        return 0
    }
    for p in "${PACKAGES[@]}"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "tests/run.sh: installing ${missing[*]}"
    if ! $sudo apt-get update -qq ||
        ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"; then
        die "could not install ${missing[*]}; install them and run again"
    fi
}

# tests/pkcs11 (a CA key in a SoftHSM token, through pkcs11-provider) needs
# these. Optional: installed only when missing, and never fatal - without them
# the pkcs11_ca_key test reports itself as skipped. On Debian 12,
# pkcs11-provider comes from bookworm-backports, added for the install in a
# throwaway sources file (POPVERIFY_BACKPORTS_URI picks another mirror).
# tests/tpm (a CA key in a software TPM, through tpm2-openssl) likewise needs
# TPM_PACKAGES; Debian 12 and 13 have them all.
PKCS11_PACKAGES=(softhsm2 opensc pkcs11-provider)
TPM_PACKAGES=(swtpm tpm2-tools tpm2-openssl)
# install_optional_packages TEST PACKAGE...
install_optional_packages() {
    local test=$1
    shift
    local wanted=("$@")
    local missing=() p sudo='' codename='' src=/etc/apt/sources.list.d/popverify-backports.sources
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -qq -o Acquire::Retries=1
        -o Acquire::http::Timeout=20 -o DPkg::Lock::Timeout=120) added='' ok=1
    local skip="tests/run.sh: the $test test will be reported as skipped"
    if ! command -v dpkg >/dev/null || ! command -v apt-get >/dev/null; then
        echo "tests/run.sh: no dpkg/apt-get; $skip unless ${wanted[*]} are installed"
        return 0
    fi
    for p in "${wanted[@]}"; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "$skip: not root and no sudo to install ${missing[*]}"
            return 0
        fi
        sudo="sudo -n"
    fi
    codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
    echo "tests/run.sh: installing ${missing[*]} (optional, for tests/$test)"
    if [ "$codename" = bookworm ] && [[ " ${missing[*]} " == *" pkcs11-provider "* ]] &&
        ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
        printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\n' \
            "${POPVERIFY_BACKPORTS_URI:-http://deb.debian.org/debian}" |
            $sudo tee "$src" >/dev/null && added=1
    fi
    $sudo "${apt[@]}" update || ok=0
    for p in "${missing[@]}"; do
        if [ "$p" = pkcs11-provider ] && [ "$codename" = bookworm ]; then
            $sudo "${apt[@]}" install -y -t bookworm-backports "$p" >/dev/null || ok=0
        else
            $sudo "${apt[@]}" install -y "$p" >/dev/null || ok=0
        fi
    done
    [ -n "$added" ] && $sudo rm -f "$src"
    [ "$ok" -eq 1 ] || echo "$skip: could not install all of ${missing[*]} (archive unreachable?)"
    return 0
}

# The independent verifiers: present on a fresh machine, but say so if not.
check_tools() {
    # Which python cryptography features the tests need, and which ones they
    # skip without; each missing one is named with the release that added it.
    python3 tests/lib/py_features.py ||
        die "python3's cryptography is too old for the tests (see above; pip or a newer distro)"
    if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
        die "java and javac are needed (apt-get install openjdk-17-jdk-headless)"
    fi
    command -v openssl >/dev/null || die "the openssl CLI is needed (apt-get install openssl)"
}

declare -A PASSED FAILED SECS

# clang and its libFuzzer runtime (libclang-rt-NN-dev on Debian 12 and 13),
# installed only when a trial link with -fsanitize=fuzzer fails.
fuzzer_links() {
    local dir
    command -v clang >/dev/null || return 1
    dir=$(mktemp -d) || return 1
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return (int)(n & 0) + (d == 0); }\n' >"$dir/t.c"
    clang -fsanitize=fuzzer,address,undefined -o "$dir/t" "$dir/t.c" >/dev/null 2>&1
    local rc=$?
    rm -rf "$dir"
    return $rc
}

install_fuzz_packages() {
    local sudo='' major
    fuzzer_links && return 0
    command -v apt-get >/dev/null || return 1
    [ "$(id -u)" -ne 0 ] && sudo="sudo -n"
    echo "tests/run.sh: installing clang and its libFuzzer runtime"
    command -v clang >/dev/null ||
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang >/dev/null ||
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang >/dev/null; } ||
        return 1
    major=$(clang -dumpversion | cut -d. -f1)
    fuzzer_links || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        "libclang-rt-$major-dev" >/dev/null || return 1
    fuzzer_links
}

# One target for SECONDS with its committed corpus; a crash input is kept in
# build-fuzz/crashes/. Prints "TARGET: N runs, corpus A -> B files".
fuzz_one() {
    local t=$1 seconds=$2 bin=build-fuzz/tests/fuzz/fuzz_$1 work=build-fuzz/work/$1
    local log=build-fuzz/fuzz-$1.log runs before after rc
    mkdir -p "$work" build-fuzz/crashes
    before=$(find "tests/fuzz/corpus/$t" -type f | wc -l)
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$bin" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="build-fuzz/crashes/$t-" \
        "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    after=$(find "$work" -type f | wc -l)
    if [ "$rc" -ne 0 ]; then
        echo "=== fuzz: $t FAILED after ${runs:-?} runs (exit $rc); the input is in build-fuzz/crashes/, the log in $log"
        tail -n 30 "$log"
        return 1
    fi
    echo "=== fuzz: $t: ${runs:-?} runs in ${seconds}s, corpus $before seeds -> $after files"
}

run_fuzz() {
    local t0=$SECONDS
    _run_fuzz
    SECS[fuzz]=$((SECONDS - t0))
}
_run_fuzz() {
    local seconds=${POPVERIFY_FUZZ_SECONDS:-60} targets t pids=() failed=0 i=0
    echo "=== fuzz: build in build-fuzz"
    if ! install_fuzz_packages; then
        echo "=== fuzz: no clang with libFuzzer and it could not be installed: fuzzers FAILED"
        PASSED[fuzz]=0 FAILED[fuzz]=1
        return
    fi
    if ! CC=clang cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DPOPVERIFY_FUZZ=ON \
        -DPOPVERIFY_TESTS=OFF >/dev/null || ! cmake --build build-fuzz -j"$JOBS" --target fuzzers; then
        echo "=== fuzz: build FAILED"
        PASSED[fuzz]=0 FAILED[fuzz]=1
        return
    fi
    targets=$(sed -n 's/^set(PV_FUZZ_TARGETS \(.*\))$/\1/p' tests/fuzz/CMakeLists.txt)
    # Two at a time, one per core.
    for t in $targets; do
        fuzz_one "$t" "$seconds" &
        pids+=($!)
        i=$((i + 1))
        if [ $((i % JOBS)) -eq 0 ]; then
            for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
            pids=()
        fi
    done
    for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
    PASSED[fuzz]=$(($(wc -w <<<"$targets") - failed)) FAILED[fuzz]=$failed
}

# run_build NAME DIR CMAKE-ARGS...: configure, build, ctest; record counts.
run_build() {
    local name=$1 dir=$2 t0=$SECONDS
    shift 2
    _run_build "$name" "$dir" "$@"
    SECS[$name]=$((SECONDS - t0))
}
_run_build() {
    local name=$1 dir=$2 log
    shift 2
    log=$dir/ctest.log
    echo "=== $name: build in $dir"
    if ! cmake -S . -B "$dir" -DPOPVERIFY_TESTS=ON "$@" || ! cmake --build "$dir" -j"$JOBS"; then
        echo "=== $name: build FAILED"
        PASSED[$name]=0 FAILED[$name]=1
        return
    fi
    echo "=== $name: ctest"
    (cd "$dir" && ctest --output-on-failure -j"$JOBS") 2>&1 | tee "$log"
    count "$name" "$log"
}

# ctest's "NN% tests passed, F tests failed out of T" -> PASSED/FAILED.
count() {
    local line total failed
    line=$(grep -E '[0-9]+ tests? failed out of [0-9]+' "$2" | tail -n 1)
    if [ -z "$line" ]; then
        echo "=== $1: ctest ran no test"
        PASSED[$1]=0 FAILED[$1]=1
        return
    fi
    failed=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    total=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
    PASSED[$1]=$((total - failed)) FAILED[$1]=$failed
}

# The sanitizer build's programs are instrumented; the stock openssl binary
# is not, so tests that load build-asan's popverify.so into it preload the
# sanitizer runtimes there (POPVERIFY_MODULE_PRELOAD, set per test in
# tests/openssl/CMakeLists.txt) and into nothing else.
sanitize_env() {
    export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
    export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
}

main() {
    local builds=("$@") b total_p=0 total_f=0
    [ ${#builds[@]} -eq 0 ] && builds=(normal sanitize)
    install_packages
    install_optional_packages pkcs11 "${PKCS11_PACKAGES[@]}"
    install_optional_packages tpm "${TPM_PACKAGES[@]}"
    check_tools
    for b in "${builds[@]}"; do
        case $b in
        normal) run_build normal build ;;
        sanitize)
            sanitize_env
            run_build sanitize build-asan -DPOPVERIFY_SANITIZE=ON
            unset ASAN_OPTIONS UBSAN_OPTIONS
            ;;
        fuzz) run_fuzz ;;
        *) die "unknown build '$b' (normal, sanitize, fuzz)" ;;
        esac
    done
    echo
    for b in "${builds[@]}"; do
        echo "$b: ${PASSED[$b]} passed, ${FAILED[$b]} failed (${SECS[$b]} s)"
        total_p=$((total_p + PASSED[$b])) total_f=$((total_f + FAILED[$b]))
    done
    echo "total: $total_p passed, $total_f failed"
    [ "$total_f" -eq 0 ]
}

main "$@"
