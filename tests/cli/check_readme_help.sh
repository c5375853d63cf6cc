#!/usr/bin/env bash
# README's "Command line" is the program's own help: each fenced block after a marker line
#   <!-- help: gridscope feed check -->
# must be, line for line, what `gridscope feed check --help` prints; and every command and subcommand
# (found from the "Subcommands:" lists of the help itself) must have its block.
# Usage: check_readme_help.sh GRIDSCOPE_BIN README.md            check (exit 1 on a difference)
#        check_readme_help.sh GRIDSCOPE_BIN README.md --update   rewrite the blocks from the program
set -u
bin=${1:?usage: check_readme_help.sh GRIDSCOPE_BIN README.md [--update]}
readme=${2:?usage: check_readme_help.sh GRIDSCOPE_BIN README.md [--update]}
update=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# help CMD...: the help of `gridscope CMD... --help` (CMD without the leading "gridscope").
help() { "$bin" "$@" --help; }

# Every command, breadth first: "gridscope", "gridscope window", ..., "gridscope feed check".
commands=()
queue=("gridscope")
while [ ${#queue[@]} -gt 0 ]; do
    cmd=${queue[0]}
    queue=("${queue[@]:1}")
    commands+=("$cmd")
    read -ra words <<<"${cmd#gridscope}"
    if ! help "${words[@]}" >"$tmp/help" 2>"$tmp/err"; then
        echo "FAIL: $cmd --help exited non-zero: $(cat "$tmp/err")"
        exit 1
    fi
    while read -r sub; do queue+=("$cmd $sub"); done < <(
        awk '/^Subcommands:$/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [^ ]/ { print $1 }' "$tmp/help")
done

# The README's blocks, one file each (named by their index), and the commands they are for.
awk -v dir="$tmp" '
    match($0, /^<!-- help: .* -->$/) { cmd = substr($0, 12, length($0) - 15); want = 1; next }
    want && /^```$/ { n++; file = dir "/block" n; print cmd > (dir "/block" n ".cmd"); inside = 1; want = 0; printf "" > file; next }
    inside && /^```$/ { inside = 0; close(file); next }
    inside { print > file }
' "$readme"

if [ "$update" = --update ]; then
    for i in $(seq 1 ${#commands[@]}); do
        read -ra words <<<"${commands[$((i - 1))]#gridscope}"
        help "${words[@]}" >"$tmp/new$i"
    done
    # Each marker's block is replaced by the help of its command.
    awk -v dir="$tmp" -v list="$(printf '%s\n' "${commands[@]}")" '
        BEGIN { n = split(list, cmds, "\n"); for (i = 1; i <= n; i++) index_of[cmds[i]] = i }
        match($0, /^<!-- help: .* -->$/) {
            print; cmd = substr($0, 12, length($0) - 15)
            if (!(cmd in index_of)) { print "no such command: " cmd > "/dev/stderr"; exit 1 }
            print "```"; file = dir "/new" index_of[cmd]
            while ((getline line < file) > 0) print line
            close(file); print "```"; skip = 1; next
        }
        skip == 1 && /^```$/ { skip = 2; next }
        skip == 2 && /^```$/ { skip = 0; next }
        skip { next }
        { print }
    ' "$readme" >"$tmp/readme" && cp "$tmp/readme" "$readme"
    echo "updated the help blocks in $readme; run again without --update to check"
    exit 0
fi

failed=0
for cmd in "${commands[@]}"; do
    block=$(grep -lx -- "$cmd" "$tmp"/block*.cmd 2>/dev/null | head -n 1)
    if [ -z "$block" ]; then
        echo "FAIL $cmd: README has no block after <!-- help: $cmd -->"
        failed=$((failed + 1))
        continue
    fi
    read -ra words <<<"${cmd#gridscope}"
    help "${words[@]}" >"$tmp/actual"
    if diff -u --label "README.md ($cmd)" --label "$cmd --help" "${block%.cmd}" "$tmp/actual" >"$tmp/diff"; then
        echo "ok   $cmd"
    else
        echo "FAIL $cmd: README differs from the program's --help:"
        cat "$tmp/diff"
        failed=$((failed + 1))
    fi
done
for f in "$tmp"/block*.cmd; do
    [ -e "$f" ] || continue
    cmd=$(cat "$f")
    printf '%s\n' "${commands[@]}" | grep -qx -- "$cmd" || {
        echo "FAIL README has a block for \"$cmd\", which is not a command"
        failed=$((failed + 1))
    }
done
echo "${#commands[@]} commands, $failed failed"
[ "$failed" = 0 ]
