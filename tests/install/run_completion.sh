#!/usr/bin/env bash
# run_completion.sh TREE SOURCE_DIR - the installed bash completion, driven
# as bash drives it (COMP_WORDS, COMP_CWORD, then the function `complete`
# names), against the installed popverify. What it should offer is taken from
# the program: `popverify --help`, `popverify CMD --help`, `popverify profiles`.
set -u
tree=$1
src=$2
bin=$tree/bin/popverify
file=$(find "$tree" -path '*bash-completion/completions/popverify' -print -quit)
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }
[ -f "$file" ] || { echo "FAILED: no bash-completion/completions/popverify under $tree"; exit 1; }

# complete_words WORD... : what completion offers for the last word, one a line.
complete_words() {
    bash --norc --noprofile -c '
        source "$1" || exit 3
        shift
        fn=$(complete -p popverify | sed -n "s/.*-F \([^ ]*\) popverify$/\1/p")
        [ -n "$fn" ] || exit 4
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
        "$fn" popverify "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
        printf "%s\n" "${COMPREPLY[@]}"' complete "$file" "$@" | sort -u
}
# expect DESCRIPTION EXPECTED-LIST -- WORD...: the offer is exactly the list.
expect() {
    local what=$1 want got
    # shellcheck disable=SC2086 # a list of words
    want=$(printf '%s\n' $2 | sort -u)
    shift 3
    got=$(complete_words "$@")
    if [ "$got" = "$want" ]; then ok "$what"; else
        fail "$what"
        diff <(echo "$want") <(echo "$got") | sed 's/^/    /'
    fi
}

commands=$("$bin" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p')
[ -n "$commands" ] || { echo "FAILED: popverify --help lists no commands"; exit 1; }
expect "the commands" "$commands help" -- "$bin" ""
expect "commands starting with 'd'" "$(grep '^d' <<<"$commands")" -- "$bin" d
expect "the options before a command" "--config --help --version" -- "$bin" --

for cmd in $commands; do
    opts=$("$bin" "$cmd" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    expect "$cmd: its options" "$opts --config" -- "$bin" "$cmd" --
done
expect "sign --ca-: the options that start so" "--ca-cert --ca-key" -- "$bin" sign --ca-

profiles=$("$bin" profiles | awk '{ print $1 }')
expect "sign --profile: every profile" "$profiles" -- "$bin" sign --profile ""
expect "vcert --profile az: the azure profiles" "$(grep '^az' <<<"$profiles")" \
    -- "$bin" vcert --profile az
expect "profiles NAME: every profile" "$profiles" -- "$bin" profiles ""
cnf=$src/openssl.cnf.example
cfg_profiles=$("$bin" --config "$cnf" profiles | awk '{ print $1 }')
grep -qx acme_c8y <<<"$cfg_profiles" || fail "setup: --config $cnf gives no acme_c8y"
expect "--config FILE sign --profile: the config's profiles too" "$cfg_profiles" \
    -- "$bin" --config "$cnf" sign --profile ""
expect "vcert --outform" "PEM DER" -- "$bin" vcert --outform ""
expect "lint --role" "root intermediate device vcert" -- "$bin" lint --role ""

# File names where a file is expected.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/rootCA.pem" "$work/rootCA.key"
expect "--ca-cert: file names" "$work/rootCA.key $work/rootCA.pem" -- "$bin" sign --ca-cert "$work/root"

# With bash-completion's own library loaded, as an interactive shell has it:
# its word splitting (":" is a word break) and colon trimming.
bc_lib=
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
    [ -f "$f" ] && bc_lib=$f && break
done
if [ -n "$bc_lib" ]; then
    bc_complete() { # bc_complete LINE WORD...: COMP_WORDS as bash splits LINE
        bash --norc --noprofile -c '
            source "$1" && source "$2" || exit 3
            COMP_LINE=$3 COMP_POINT=${#3}
            shift 3
            COMP_WORDS=("$@") COMP_CWORD=$(($# - 1))
            _popverify popverify "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf "%s\n" "${COMPREPLY[@]}"' bc "$bc_lib" "$file" "$@" | sort -u
    }
    got=$(bc_complete "$bin ca --key-type ec:P-3" "$bin" ca --key-type ec : P-3)
    if [ "$got" = P-384 ]; then ok "bash-completion loaded: --key-type ec:P-3 gives P-384"; else
        fail "bash-completion loaded: --key-type ec:P-3 gave '$got', not P-384"
    fi
    got=$(bc_complete "$bin sign --profile " "$bin" sign --profile "")
    if [ "$got" = "$(sort -u <<<"$profiles")" ]; then ok "bash-completion loaded: --profile"; else
        fail "bash-completion loaded: --profile gave '$got'"
    fi
else
    echo "note: bash-completion is not installed; completion ran without its library"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
