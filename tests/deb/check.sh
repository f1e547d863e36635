#!/bin/sh
# check.sh DEB - inside a fresh throwaway chroot, with no environment
# variables set: install the package with dpkg (its Depends must be met by
# the release as it is), then use it as a user would.
set -u
deb=$1
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }
check() { # check DESCRIPTION COMMAND...
    what=$1
    shift
    if "$@" >/tmp/check.out 2>&1; then ok "$what"; else
        fail "$what"
        sed 's/^/    /' /tmp/check.out
    fi
}
has_line() { grep -qx -- "$2" "$1"; }

version=$(dpkg-deb -f "$deb" Version)
arch=$(dpkg --print-architecture)
check "the file is named popverify_<version>_<arch>.deb" \
    test "$(basename "$deb")" = "popverify_${version}_$arch.deb"

# Depends names the package that holds this release's libcrypto.so.3.
libcrypto=
for d in /usr/lib/*-linux-gnu /usr/lib /lib/*-linux-gnu; do
    [ -e "$d/libcrypto.so.3" ] && libcrypto=$d/libcrypto.so.3 && break
done
libssl_pkg=$(dpkg-query -S "$libcrypto" | sed 's/[:,].*//')
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends ($libcrypto is in $libssl_pkg)"
depends_libssl() { echo "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$libssl_pkg"; }
check "Depends names $libssl_pkg" depends_libssl

if ! command -v man >/dev/null; then
    echo "installing man-db (for man popverify)"
    { DEBIAN_FRONTEND=noninteractive apt-get -qq update &&
        DEBIAN_FRONTEND=noninteractive apt-get -qq install -y man-db; } >/tmp/apt.log 2>&1 ||
        cat /tmp/apt.log
fi
check "dpkg -i installs it, its Depends met by the release" dpkg -i "$deb"

modules=$(openssl version -m | sed -E 's/^MODULESDIR: "(.*)"$/\1/')
dpkg -L popverify >/tmp/files.txt
for f in "$modules/popverify.so" /usr/bin/popverify /usr/include/popverify.h \
    /usr/share/man/man1/popverify.1 /usr/share/man/man7/popverify.7 \
    /usr/share/man/man5/popverify-profiles.5 /usr/share/doc/popverify/openssl.cnf.example \
    /usr/share/doc/popverify/doctor.md /usr/share/bash-completion/completions/popverify; do
    check "the package holds $f" has_line /tmp/files.txt "$f"
done
pc_ok() {
    pkg-config --cflags popverify && [ "$(pkg-config --variable=modulesdir popverify)" = "$modules" ]
}
check "pkg-config popverify, modulesdir $modules" pc_ok

demo() { popverify demo >/tmp/demo.txt && grep -q ' 0 failed' /tmp/demo.txt && tail -n 2 /tmp/demo.txt; }
check "popverify demo" demo
man_page() { # man_page TEXT ARGS...: man ARGS renders and holds TEXT
    text=$1
    shift
    man "$@" >/tmp/man.txt && grep -q -- "$text" /tmp/man.txt
}
check "man popverify" man_page "proof of possession of a CA private key" popverify
check "man 7 popverify" man_page "custom operation" 7 popverify
check "man popverify-profiles" man_page "device_days" popverify-profiles
providers() {
    openssl list -providers -provider popverify -provider default >/tmp/providers.txt || return 1
    cat /tmp/providers.txt
    grep -qE '^ +popverify$' /tmp/providers.txt && grep -q 'status: active' /tmp/providers.txt
}
check "openssl list -providers -provider popverify -provider default" providers
removed() { dpkg -r popverify && [ ! -e "$modules/popverify.so" ] && [ ! -e /usr/bin/popverify ]; }
check "dpkg -r removes it" removed

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
