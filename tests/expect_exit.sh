#!/bin/sh
# usage: expect_exit.sh CODE COMMAND...  passes when COMMAND exits with exactly CODE
# (a crash or a hang-kill is then a failure, not a pass).
expected="$1"; shift
"$@"
code=$?
if [ "$code" -ne "$expected" ]; then
  echo "expect_exit: '$*' exited $code, expected $expected" >&2
  exit 1
fi
