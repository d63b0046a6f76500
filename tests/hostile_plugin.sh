#!/bin/sh
# usage: hostile_plugin.sh DXCHECK WORKDIR EXIT_CODE PATTERN PLUGIN [run options...]
# Runs `dxcheck run` (the tiny suite: these are about hostility, not size) on a hostile
# plugin with its output through a pipe (as in `dxcheck run ... | tail`) and passes when:
# it ends within 60 s, the exit code is EXIT_CODE, the output matches PATTERN (grep -E),
# no process of the plugin's worker is left behind, and dxcheck's stderr stayed under
# 2 MiB (plugin output is capped).
# CTest runs several of these at once, some on the same plugin: each run has its own
# folder, and its processes are told apart by a tag in their environment, not by name.
dxcheck="$1"; workdir="$2"; expected="$3"; pattern="$4"; plugin="$5"; shift 5
mkdir -p "$workdir"
dir=$(mktemp -d "$workdir/hostile_$(basename "$plugin").XXXXXX")
report="$dir/report.json"; log="$dir/stderr"; out="$dir/out"
tag="$(basename "$dir")"
leftover() {  # one grep over every environment (one process per entry took seconds under load)
  grep -lxzs "DXCHECK_HOSTILE_TEST=$tag" /proc/[0-9]*/environ | while read -r environ; do
    pid=${environ#/proc/}; echo "${pid%/environ}"
  done
  true
}
status=$( { DXCHECK_HOSTILE_TEST="$tag" timeout 60 "$dxcheck" run --kernel "lib:$plugin" --cases 20 --call-timeout 2 \
            --suite tiny --no-vectors --no-shrink --report "$report" "$@" 2>"$log"; echo "exit=$?"; } | tee "$out" | tail -1)
code=${status#exit=}
head -c 20000 "$out"; tail -c 3000 "$log"
fail() { echo "hostile_plugin: $*"; exit 1; }
[ "$code" -ne 124 ] || fail "dxcheck did not end within 60 s"
[ "$code" -eq "$expected" ] || fail "exit $code, expected $expected"
cat "$out" "$log" | grep -Eq -- "$pattern" || fail "output lacks /$pattern/"
sleep 0.2
left=$(leftover)
[ -z "$left" ] || { kill -KILL $left; fail "processes left behind: $left"; }
size=$(wc -c < "$log")
[ "$size" -lt 2097152 ] || fail "dxcheck's stderr is $size bytes: plugin output not capped"
if [ "$expected" -ne 2 ]; then
  [ -s "$report" ] || fail "no report at $report"
  verdict=$([ "$expected" -eq 0 ] && echo PASSED || echo FAILED)
  grep -q "\"verdict\": \"$verdict\"" "$report" || fail "report verdict is not $verdict"
fi
rm -rf "$dir"
exit 0
