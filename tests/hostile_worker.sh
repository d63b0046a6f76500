#!/bin/sh
# usage: hostile_worker.sh DXCHECK WORKDIR EXIT_CODE|SIGTERM PATTERN MODE [run options...]
# Runs `dxcheck run --kernel "worker:node workers/testing/hostile_worker.js MODE"` (the
# tiny suite) with its output through a pipe and passes when: it ends within 60 s with
# EXIT_CODE, the output matches PATTERN (grep -E), no process the worker started is
# left behind, and dxcheck's stderr stayed under 2 MiB (worker output is capped). With SIGTERM instead of
# an exit code, dxcheck gets SIGTERM once the worker has started its `sleep` (mode spawn)
# and must end by that signal, taking the worker and its `sleep` with it.
# Each run has its own folder; its processes are told apart by a tag in their
# environment. Exit 77 (skipped) when node is absent.
dxcheck="$1"; workdir="$2"; expected="$3"; pattern="$4"; mode="$5"; shift 5
command -v node >/dev/null 2>&1 || { echo "hostile_worker: skipped: node is not on PATH"; exit 77; }
worker="$(cd "$(dirname "$0")/.." && pwd)/workers/testing/hostile_worker.js"
mkdir -p "$workdir"
dir=$(mktemp -d "$workdir/hostile_worker_$mode.XXXXXX")
log="$dir/stderr"; out="$dir/out"
tag="$(basename "$dir")"
export DXCHECK_HOSTILE_TEST="$tag" DXCHECK_HOSTILE_MARKER="$dir/marker"
tagged() {  # the processes of this run: "pid name" lines (one grep: the machine may be loaded)
  # The grep carries the tag too: its list is read once it has ended, not through a pipe
  # while it still runs (it would find itself).
  environs=$(grep -lxzs "DXCHECK_HOSTILE_TEST=$tag" /proc/[0-9]*/environ)
  for environ in $environs; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    name=$(cat "/proc/$pid/comm" 2>/dev/null) && echo "$pid $name"
  done
}
fail() { echo "hostile_worker: $*"; exit 1; }
set -- run --kernel "worker:node $worker $mode" --suite tiny --cases 2 --no-vectors --no-shrink "$@"

if [ "$expected" = SIGTERM ]; then
  "$dxcheck" "$@" --call-timeout 60 > "$out" 2> "$log" &
  pid=$!
  i=0
  until tagged | grep -q " sleep$"; do
    sleep 0.1; i=$((i + 1))
    [ $i -lt 300 ] || { kill -KILL "$pid"; fail "the worker's sleep did not start within 30 s"; }
  done
  kill -TERM "$pid"
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  kill -0 "$pid" 2>/dev/null && { kill -KILL "$pid"; fail "dxcheck did not end within 10 s of SIGTERM"; }
  wait "$pid"
  code=$?
  cat "$out"; tail -c 3000 "$log"
  [ "$code" -eq 143 ] || fail "exit $code: not ended by SIGTERM"
else
  status=$( { timeout 60 "$dxcheck" "$@" 2>"$log"; echo "exit=$?"; } | tee "$out" | tail -1)
  code=${status#exit=}
  head -c 20000 "$out"; tail -c 3000 "$log"
  [ "$code" -ne 124 ] || fail "dxcheck did not end within 60 s"
  [ "$code" -eq "$expected" ] || fail "exit $code, expected $expected"
  cat "$out" "$log" | grep -Eq -- "$pattern" || fail "output lacks /$pattern/"
fi
sleep 0.2
left=$(tagged)
[ -z "$left" ] || { kill -KILL $(echo "$left" | cut -d' ' -f1); fail "processes left behind: $left"; }
size=$(wc -c < "$log")
[ "$size" -lt 2097152 ] || fail "dxcheck's stderr is $size bytes: worker output not capped"
rm -rf "$dir"
exit 0
