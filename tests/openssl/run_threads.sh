#!/usr/bin/env bash
# run_threads.sh - a throwaway CA for the threads test, then the test.
# usage: run_threads.sh THREADS_BINARY MODULE_DIR
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib/quiet.sh
. "$(dirname "$0")/../lib/quiet.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
    -subj "/CN=Threads CA" -days 2 -addext basicConstraints=critical,CA:TRUE \
    -out "$work/ca.pem"
"$1" "$2" "$work/ca.pem" "$work/ca.key"
