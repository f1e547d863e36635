#!/usr/bin/env bash
# run_threads.sh - a throwaway CA for the threads test, then the test.
# usage: run_threads.sh THREADS_BINARY MODULE_DIR
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca.key" \
    -subj "/CN=Threads CA" -days 2 -addext basicConstraints=critical,CA:TRUE \
    -out "$work/ca.pem" 2>/dev/null
"$1" "$2" "$work/ca.pem" "$work/ca.key"
