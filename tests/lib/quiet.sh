# shellcheck shell=bash
# tests/lib/quiet.sh - sourced by the fixture scripts.
#
# quiet COMMAND [ARG...]: run a fixture command with its stdout as usual and
# its chatter on stderr ("Certificate request self-signature ok", progress
# dots) held back; when the command fails, that stderr is printed with the
# command's name and exit status, and quiet returns the status, so set -e
# stops the script with the reason in the test log. Never hide a fixture
# command's error with 2>/dev/null: use this.
quiet() {
    local err rc=0
    { err=$("$@" 2>&1 >&3 3>&-); } 3>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        [ -z "$err" ] || printf '%s\n' "$err" >&2
        # The command's name and subcommand only: arguments may hold a pass: value.
        echo "command failed (exit $rc): $1${2:+ $2}" >&2
    fi
    return "$rc"
}

# openssl_has_option COMMAND OPTION: whether this openssl's COMMAND takes
# OPTION (a capability check, never a version comparison).
openssl_has_option() {
    openssl "$1" -help 2>&1 | grep -q -- "^ *$2 "
}
