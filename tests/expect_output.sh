#!/bin/sh
# usage: expect_output.sh CODE PATTERN [--not PATTERN] COMMAND...
# Passes when COMMAND ends within 120 s with exactly exit code CODE, its output
# (stdout and stderr) matches PATTERN (grep -E) and, with --not, does not match the
# second pattern.
expected="$1"; pattern="$2"; shift 2
absent=""
if [ "$1" = "--not" ]; then absent="$2"; shift 2; fi
output=$(timeout 120 "$@" 2>&1)
code=$?
echo "$output" | head -c 20000
fail() { echo "expect_output: $*" >&2; exit 1; }
[ "$code" -ne 124 ] || fail "'$*' did not end within 120 s"
[ "$code" -eq "$expected" ] || fail "'$*' exited $code, expected $expected"
echo "$output" | grep -Eq -- "$pattern" || fail "output lacks /$pattern/"
if [ -n "$absent" ] && echo "$output" | grep -Eq -- "$absent"; then fail "output has /$absent/"; fi
exit 0
