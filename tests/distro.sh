#!/usr/bin/env bash
# tests/distro.sh - run the test suite (or any command) on another Debian
# release, in a chroot built with debootstrap. See --help.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: tests/distro.sh [options] DISTRO [-- COMMAND [ARG...]]

Runs COMMAND (default: tests/run.sh normal sanitize, the normal and
sanitizer builds with every test; the fuzzers run on the host only) in a copy of this source tree inside a chroot of the Debian
release DISTRO. The chroot is built with debootstrap the first time and
reused afterwards; the source copy is fresh on every run and removed after.

DISTRO
  trixie      Debian 13: OpenSSL 3.5, gcc 14, cmake 3.31, python3-cryptography 43
  bookworm    Debian 12: OpenSSL 3.0 (as this project's usual host)

Options
  --shell     an interactive shell in the source copy instead of COMMAND
  --keep      leave the source copy (and its build/, build-asan/) in the chroot
  --build     only build (or complete) the chroot, run nothing
  -h, --help  this text

Environment
  POPVERIFY_CHROOT    the chroot directory (default:
                      ${XDG_CACHE_HOME:-~/.cache}/popverify/chroot/DISTRO).
                      An existing chroot of DISTRO is reused; packages the
                      suite needs and it lacks are installed into it.
  POPVERIFY_MIRROR    Debian mirror for debootstrap (default: the one in
                      /etc/apt/sources.list*, else http://deb.debian.org/debian)
  POPVERIFY_CHROOT_PACKAGES   extra packages to install into the chroot

Examples
  tests/distro.sh trixie                            both builds, every test
  tests/distro.sh trixie -- tests/run.sh normal     the normal build only
  tests/distro.sh trixie -- sh -c 'cmake -S . -B build && cmake --build build \
      && cd build && ctest -R lint --output-on-failure'
  POPVERIFY_CHROOT=/work/chroot/trixie tests/distro.sh trixie -- openssl version

Inside, the copy is at /root/src/popverify (the current directory), COMMAND
runs as root with a clean environment (HOME, PATH, LANG, TERM only), /proc and
a private /dev/pts are mounted, and /work/... paths of the host do not exist.
Everything mounted is unmounted on every exit: the run happens in a private
mount namespace, and a trap unmounts too.

Needs root (debootstrap, chroot, mount) and, for the first build, network
access and about 1.1 GB of disk. Exit status: COMMAND's, or 2 for a usage
error, 3 when the chroot cannot be built or entered.
EOF
}

# What the test suite needs, on top of debootstrap's minbase. python3-cffi-
# backend: without it debootstrap fails on a virtual dependency. perl gives
# pod2man (the man pages), man-db the man command their test uses.
PACKAGES=openssl,libssl-dev,cmake,make,gcc,libc6-dev,libcunit1-dev,pkg-config,python3
PACKAGES+=,python3-cffi-backend,python3-cryptography,default-jdk-headless,ca-certificates
PACKAGES+=,perl,man-db

die() {
    echo "tests/distro.sh: $*" >&2
    exit 3
}
usage_error() {
    echo "tests/distro.sh: $*; see tests/distro.sh --help" >&2
    exit 2
}

# The Debian mirror this machine's apt uses (deb822 or one-line format).
host_mirror() {
    local f line
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        while read -r line; do
            case $line in
            URIs:*/debian | URIs:*/debian/) echo "${line#URIs: }" && return ;;
            deb\ *://*/debian\ * | deb\ *://*/debian/\ *)
                line=${line#deb }
                line=${line#\[*\] }
                echo "${line%% *}" && return
                ;;
            esac
        done <"$f"
    done
    echo http://deb.debian.org/debian
}

codename_of() { # DIR: VERSION_CODENAME of the tree at DIR, or nothing
    [ -r "$1/etc/os-release" ] || return 0
    # shellcheck disable=SC1091
    (. "$1/etc/os-release" && echo "${VERSION_CODENAME:-}")
}

# Build DIR with debootstrap (into DIR.new, moved into place when complete,
# so a broken attempt is never reused).
build_chroot() {
    local distro=$1 dir=$2 mirror t0=$SECONDS
    mirror=${POPVERIFY_MIRROR:-$(host_mirror)}
    command -v debootstrap >/dev/null || {
        echo "tests/distro.sh: installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap ||
            die "could not install debootstrap (apt-get install debootstrap)"
    }
    echo "tests/distro.sh: building the $distro chroot in $dir from $mirror (minutes, ~1.1 GB)"
    rm -rf "$dir.new"
    mkdir -p "$(dirname "$dir")"
    if ! debootstrap --variant=minbase --include="$PACKAGES" "$distro" "$dir.new" "$mirror" \
        >"$dir.debootstrap.log" 2>&1; then
        tail -n 20 "$dir.debootstrap.log" >&2
        die "debootstrap $distro failed (log: $dir.debootstrap.log)"
    fi
    mv "$dir.new" "$dir"
    echo "tests/distro.sh: chroot built in $((SECONDS - t0)) s"
}

# Packages the suite needs that an existing (reused) chroot lacks.
complete_chroot() {
    local dir=$1 p missing=() t0=$SECONDS
    local want
    IFS=, read -r -a want <<<"$PACKAGES"
    # shellcheck disable=SC2206
    want+=(${POPVERIFY_CHROOT_PACKAGES:-})
    for p in "${want[@]}"; do
        # shellcheck disable=SC2016  # ${Status} is dpkg-query's
        [ "$(chroot "$dir" dpkg-query -W -f='${Status}' "$p" 2>&1)" = "install ok installed" ] ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "tests/distro.sh: installing ${missing[*]} into $dir"
    cp /etc/resolv.conf "$dir/etc/resolv.conf"
    chroot "$dir" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        sh -c 'apt-get update -qq && apt-get install -y -qq "$@"' sh "${missing[@]}" ||
        die "could not install ${missing[*]} into $dir"
    echo "tests/distro.sh: installed in $((SECONDS - t0)) s"
}

# The source tree as git sees it (tracked and untracked-but-not-ignored
# files, with uncommitted changes), or everything but build dirs without git.
copy_tree() {
    local src=$1 dst=$2
    mkdir -p "$dst"
    if git -C "$src" rev-parse --show-toplevel >/dev/null 2>&1; then
        (cd "$src" && git ls-files -z --cached --others --exclude-standard |
            while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
            tar --null -T - -cf -) | tar -C "$dst" -xf -
    else
        tar -C "$src" --exclude='./build*' -cf - . | tar -C "$dst" -xf -
    fi
}

# Runs in the private mount namespace (tests/distro.sh --enter DIR WORK CMD...,
# started by main through unshare): mount, chroot, run, unmount.
enter() {
    local dir=$1 work=$2 rc=0
    shift 2
    trap cleanup EXIT
    trap 'exit 130' INT TERM HUP
    mount -t proc proc "$dir/proc" || die "cannot mount proc in $dir"
    mkdir -p "$dir/dev/pts" "$dir/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666 devpts "$dir/dev/pts" ||
        die "cannot mount a private devpts in $dir"
    [ -e "$dir/dev/ptmx" ] || touch "$dir/dev/ptmx"
    mount --bind "$dir/dev/pts/ptmx" "$dir/dev/ptmx" || die "cannot bind $dir/dev/ptmx"
    mount -t tmpfs -o mode=1777 tmpfs "$dir/dev/shm" || die "cannot mount $dir/dev/shm"
    # shellcheck disable=SC2016  # $1 and $@ are the inner shell's
    chroot "$dir" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 TERM="${TERM:-dumb}" sh -c 'cd "$1" && shift && exec "$@"' sh "$work" "$@" ||
        rc=$?
    exit "$rc"
}
CHROOT_DIR=
# shellcheck disable=SC2317  # run by the trap
cleanup() {
    local m
    for m in dev/ptmx dev/shm dev/pts proc; do
        if mountpoint -q "$CHROOT_DIR/$m"; then umount -l "$CHROOT_DIR/$m"; fi
    done
}

main() {
    if [ "${1:-}" = --enter ]; then
        CHROOT_DIR=$2
        shift
        enter "$@"
    fi
    local shell='' keep='' build_only='' distro='' cmd=() dir src work rc=0 t0
    while [ $# -gt 0 ]; do
        case $1 in
        -h | --help) usage && exit 0 ;;
        --shell) shell=1 ;;
        --keep) keep=1 ;;
        --build) build_only=1 ;;
        --) shift && cmd=("$@") && break ;;
        -*) usage_error "unknown option '$1'" ;;
        *)
            [ -z "$distro" ] || usage_error "one DISTRO only (got '$distro' and '$1')"
            distro=$1
            ;;
        esac
        shift
    done
    [ -n "$distro" ] || usage_error "name a DISTRO (trixie, bookworm)"
    case $distro in trixie | bookworm) ;; *) usage_error "unknown DISTRO '$distro' (trixie, bookworm)" ;; esac
    [ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount); run it with sudo"
    [ ${#cmd[@]} -gt 0 ] || cmd=(tests/run.sh normal sanitize)
    [ -z "$shell" ] || cmd=(bash -i)

    dir=${POPVERIFY_CHROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/popverify/chroot/$distro}
    dir=${dir%/}
    mkdir -p "$(dirname "$dir")"
    exec 9>"$dir.lock"
    flock 9 # one build or package install at a time; runs share the chroot
    t0=$SECONDS
    if [ -e "$dir" ]; then
        [ "$(codename_of "$dir")" = "$distro" ] ||
            die "$dir exists but is not a $distro tree; remove it or set POPVERIFY_CHROOT"
    else
        build_chroot "$distro" "$dir"
    fi
    complete_chroot "$dir"
    flock -u 9
    echo "tests/distro.sh: chroot $dir ready ($(chroot "$dir" openssl version)) in $((SECONDS - t0)) s"
    [ -z "$build_only" ] || exit 0

    src=$(cd "$(dirname "$0")/.." && pwd)
    mkdir -p "$dir/root/src"
    work=$(mktemp -d "$dir/root/src/popverify.XXXXXX")
    copy_tree "$src" "$work"
    cp /etc/resolv.conf "$dir/etc/resolv.conf"
    t0=$SECONDS
    echo "tests/distro.sh: running '${cmd[*]}' in $distro ($dir, ${work#"$dir"})"
    # A private mount namespace: whatever happens, its mounts go with it.
    unshare --mount --propagation private bash "$0" --enter "$dir" "${work#"$dir"}" "${cmd[@]}" ||
        rc=$?
    echo "tests/distro.sh: '${cmd[*]}' in $distro exited $rc after $((SECONDS - t0)) s"
    if [ -n "$keep" ]; then
        echo "tests/distro.sh: kept the source copy at $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}

main "$@"
