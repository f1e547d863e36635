#!/usr/bin/env bash
# tests/deb.sh - the Debian package, built and installed as a user gets it.
#
#   tests/deb.sh [DISTRO]        (default: trixie)
#
# 1. Builds popverify_<version>_<arch>.deb with `cpack -G DEB` in a throwaway
#    overlay of the DISTRO chroot, against that release's OpenSSL
#    (tests/deb/build.sh).
# 2. Installs it with dpkg into a second, fresh overlay of the chroot and, with
#    no environment variables set, runs `popverify demo`, `man popverify` and
#    `openssl list -providers -provider popverify -provider default`, and
#    checks its files and Depends (tests/deb/check.sh).
# The chroot (POPVERIFY_CHROOT, default as for tests/distro.sh; built with
# tests/distro.sh --build when missing) is never changed: every write goes to
# overlays in a private mount namespace, and they are removed on exit.
#
# Needs root. Exit status: 0 all passed, 1 a check failed, 3 setup failed,
# 77 skipped (no chroot and none can be built, no overlayfs, not root).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
say() { echo "tests/deb.sh: $*"; }

# The overlay NAME over the chroot at $work/NAME/root, with /proc.
overlay() {
    local d=$work/$1
    mkdir -p "$d/upper" "$d/work" "$d/root"
    mount -t overlay overlay -o "lowerdir=$base,upperdir=$d/upper,workdir=$d/work" "$d/root" &&
        mount -t proc proc "$d/root/proc" &&
        cp /etc/resolv.conf "$d/root/etc/resolv.conf"
}
# in_root NAME DIR COMMAND...: COMMAND in DIR of overlay NAME, no environment.
in_root() {
    local name=$1 dir=$2
    shift 2
    # shellcheck disable=SC2016 # expanded by that sh
    chroot "$work/$name/root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        sh -c 'cd "$1" && shift && exec "$@"' sh "$dir" "$@"
}

# Runs in a private mount namespace (tests/deb.sh --stage STAGE).
stage() {
    case $1 in
    build)
        overlay build || return 3
        mkdir -p "$work/build/root/root/src"
        (cd "$src" && git ls-files -z --cached --others --exclude-standard |
            while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
            tar --null -T - -cf -) | tar -C "$work/build/root/root/src" -xf - || return 3
        in_root build /root/src sh tests/deb/build.sh || {
            tail -n 30 "$work/build/root/root/src/build-deb.log"
            return 3
        }
        cp "$work"/build/root/root/src/build-deb/popverify_*.deb "$work/" || return 3
        ;;
    check)
        overlay fresh || return 3
        cp "$work"/popverify_*.deb "$here/deb/check.sh" "$work/fresh/root/tmp/" || return 3
        in_root fresh /tmp sh /tmp/check.sh "/tmp/$(cd "$work" && ls popverify_*.deb)"
        ;;
    esac
}

main() {
    local distro=${1:-trixie} t0 rc
    export src base work
    src=$(cd "$here/.." && pwd)
    base=${POPVERIFY_CHROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/popverify/chroot/$distro}
    base=${base%/}
    skip() {
        say "SKIPPED: $*"
        exit 77
    }
    [ "$(id -u)" -eq 0 ] || skip "needs root (chroot, mount)"
    grep -qw overlay /proc/filesystems || modprobe overlay 2>/dev/null ||
        skip "no overlayfs in this kernel"
    if [ ! -d "$base/etc" ]; then
        [ -x "$here/distro.sh" ] || skip "no $distro chroot at $base, and no tests/distro.sh"
        POPVERIFY_CHROOT=$base "$here/distro.sh" --build "$distro" ||
            skip "no $distro chroot at $base, and it cannot be built"
    fi
    work=$(mktemp -d "${TMPDIR:-/tmp}/popverify-deb.XXXXXX")
    trap 'rm -rf "$work"' EXIT

    t0=$SECONDS
    unshare --mount --propagation private "$0" --stage build ||
        { say "building the package in the $distro chroot failed"; exit 3; }
    say "built $(cd "$work" && ls popverify_*.deb) in $distro in $((SECONDS - t0)) s"
    t0=$SECONDS
    unshare --mount --propagation private "$0" --stage check
    rc=$?
    say "installed and used in a fresh $distro chroot in $((SECONDS - t0)) s: exit $rc"
    [ "$rc" -eq 0 ] || exit 1
}

if [ "${1:-}" = --stage ]; then
    stage "$2"
    exit
fi
main "$@"
