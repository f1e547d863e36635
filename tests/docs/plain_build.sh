#!/bin/sh
# plain_build.sh CMAKE SOURCE DIR - the README's first command on a machine
# without CUnit: configuring succeeds, says in one line that the tests are
# left out and how to get them, and defines no test. CUnit is hidden the way
# CMake hides any package (CMAKE_DISABLE_FIND_PACKAGE_CUnit); the build
# itself is the normal build's, which the rest of the suite runs.
set -u
cmake=$1 src=$2 dir=$3
rm -rf "$dir"
if ! "$cmake" -S "$src" -B "$dir" -DCMAKE_DISABLE_FIND_PACKAGE_CUnit=ON >"$dir.log" 2>&1; then
    echo "plain_build: configuring without CUnit failed:"
    cat "$dir.log"
    exit 1
fi
notes=$(grep -c 'tests left out, CUnit (libcunit1-dev) not found; tests/run.sh installs it' "$dir.log")
if [ "$notes" != 1 ]; then
    echo "plain_build: expected one note that the tests are left out; cmake printed:"
    cat "$dir.log"
    exit 1
fi
if [ -f "$dir/CTestTestfile.cmake" ] || [ -d "$dir/tests" ]; then
    echo "plain_build: the tests were configured although CUnit is hidden"
    exit 1
fi
grep -q 'popverify_cli' "$dir/Makefile" 2>/dev/null || grep -rqs 'popverify_cli' "$dir/build.ninja" || {
    echo "plain_build: no popverify target in the build files"
    exit 1
}
rm -rf "$dir" "$dir.log"
echo "plain_build: configured without CUnit; the tests are left out with a note"
