#!/bin/sh
# usage: worker_run.sh DXCHECK WORKDIR EXIT_CODE PATTERN KERNEL [dxcheck run options...]
# Runs `dxcheck run --kernel KERNEL` (a worker kernel); passes when the exit code is
# EXIT_CODE and the output matches PATTERN (grep -E); a FAILED run must name a case
# string. Exit 77 (skipped) when node is absent, or KERNEL is a named worker kernel that
# `dxcheck list` says is off (the reason is printed).
dxcheck="$1"; workdir="$2"; expected="$3"; pattern="$4"; kernel="$5"; shift 5
command -v node >/dev/null 2>&1 || { echo "worker_run: skipped: node is not on PATH"; exit 77; }
case "$kernel" in
  worker:*) ;;
  *) state=$("$dxcheck" list | grep -E "^  $kernel  ")
     case "$state" in
       *"  on  "*) ;;
       *) echo "worker_run: skipped: $state"; exit 77 ;;
     esac ;;
esac
report="$workdir/worker_$(echo "$kernel" | tr -c 'A-Za-z0-9_.\n-' '_').json"
output=$("$dxcheck" run --kernel "$kernel" --suite tiny --report "$report" "$@" 2>&1)
code=$?
echo "$output"
[ "$code" -eq "$expected" ] || { echo "worker_run: exit $code, expected $expected"; exit 1; }
echo "$output" | grep -Eq "$pattern" || { echo "worker_run: output lacks /$pattern/"; exit 1; }
if [ "$expected" -eq 1 ] && ! echo "$output" | grep -q "nothing tested"; then
  echo "$output" | grep -Eq "case:  dx1_" || { echo "worker_run: a FAILED run without a case string"; exit 1; }
fi
