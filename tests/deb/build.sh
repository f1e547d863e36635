#!/bin/sh
# build.sh - inside a throwaway chroot, in the source copy: build the Debian
# package with cpack against this release's OpenSSL; prints its file name.
set -eu
if ! command -v pod2man >/dev/null; then
    echo "build.sh: installing perl (pod2man) into the throwaway chroot" >&2
    DEBIAN_FRONTEND=noninteractive apt-get -qq update >&2
    DEBIAN_FRONTEND=noninteractive apt-get -qq install -y perl >/dev/null
fi
cmake -S . -B build-deb -DPOPVERIFY_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >build-deb.log
cmake --build build-deb -j2 >>build-deb.log
cd build-deb
cpack -G DEB >>../build-deb.log
ls popverify_*.deb
