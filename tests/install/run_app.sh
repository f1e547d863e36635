#!/usr/bin/env bash
# run_app.sh TREE SOURCE_DIR [sanitize] - an application built against the
# installed tree only: examples/popverify_example.c compiled once with
# `pkg-config popverify` and once with CMake's find_package(popverify), each
# run against the installed popverify.so and its output checked with plain
# openssl (tests/unit/run_example.sh).
set -u
tree=$1
src=$2
mode=${3:-normal}
work=$(mktemp -d "${TMPDIR:-/tmp}/pv-app-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
    echo "FAILED: $*"
    exit 1
}
cflags=()
[ "$mode" = sanitize ] && cflags=("-fsanitize=address,undefined")
# Only the example itself: popverify.h must come from the tree.
cp "$src/examples/popverify_example.c" "$work/" || fail "no example"
cd "$work" || exit 1

pcdir=$(dirname "$(find "$tree" -name popverify.pc -print -quit)")
[ -f "$pcdir/popverify.pc" ] || fail "no popverify.pc under $tree"
export PKG_CONFIG_PATH=$pcdir
pkg-config --exists popverify || fail "pkg-config does not find popverify"
inc=$(pkg-config --cflags-only-I popverify)
case " $inc " in *" -I$tree/include "*) ;; *) fail "pkg-config --cflags: '$inc' is not -I$tree/include" ;; esac
[ "$(pkg-config --modversion popverify)" = "$(sed -n 's/^project(popverify VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")" ] ||
    fail "pkg-config --modversion popverify is $(pkg-config --modversion popverify)"
moddir=$(pkg-config --variable=modulesdir popverify)
[ -f "$moddir/popverify.so" ] || fail "modulesdir=$moddir holds no popverify.so"
# shellcheck disable=SC2046 # pkg-config's words are meant to split
cc "${cflags[@]}" $(pkg-config --cflags popverify) -o example_pc popverify_example.c \
    $(pkg-config --libs popverify) || fail "cc with pkg-config popverify"
echo "ok: built with pkg-config popverify ($inc)"

cat >CMakeLists.txt <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(popverify_app C)
find_package(popverify 0.1 REQUIRED)
add_executable(example_cmake popverify_example.c)
target_link_libraries(example_cmake PRIVATE popverify::headers)
file(WRITE ${CMAKE_BINARY_DIR}/modulesdir.txt "${popverify_MODULESDIR}")
CMAKE
if ! cmake -S . -B b -DCMAKE_PREFIX_PATH="$tree" -DCMAKE_C_FLAGS="${cflags[*]}" >cmake.log 2>&1 ||
    ! cmake --build b >>cmake.log 2>&1; then
    cat cmake.log
    fail "cmake find_package(popverify)"
fi
[ "$(cat b/modulesdir.txt)" -ef "$moddir" ] || fail "popverify_MODULESDIR is $(cat b/modulesdir.txt)"
grep -q -- "$tree/include" b/CMakeFiles/example_cmake.dir/flags.make ||
    fail "popverify::headers does not give $tree/include"
echo "ok: built with find_package(popverify), target popverify::headers"

for exe in example_pc b/example_cmake; do
    sh "$src/tests/unit/run_example.sh" "$work/$exe" "$moddir" || fail "$exe"
    echo "ok: $exe ran against the installed popverify.so"
done
echo "run_app: ok"
