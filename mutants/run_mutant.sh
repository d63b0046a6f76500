#!/bin/sh
# usage: run_mutant.sh DXCHECK KILL_REPORT WORKDIR EXIT_CODE NAME PLUGIN
# Runs `dxcheck run` on a mutant plugin with default settings (every property, the
# default case count and seed, the golden vectors); passes when the exit code is
# EXIT_CODE (1: killed, 0: a benign variant passed). The JSON report is kept as
# WORKDIR/NAME.json for the kill table; the summary line says which property killed
# it, the shrunk case, the cases it needed and the run's seconds.
dxcheck="$1"; kill_report="$2"; workdir="$3"; expected="$4"; name="$5"; plugin="$6"
mkdir -p "$workdir" || exit 1
report="$workdir/$name.json"
rm -f "$report" "$workdir/$name.html"
output=$("$dxcheck" run --kernel "lib:$plugin" --report "$report" 2>&1)
code=$?
echo "$output" | grep -E "^(FAILED|verdict:)|^    (case|repro):"
[ -s "$report" ] || { echo "$output"; echo "run_mutant: no report at $report (exit $code)"; exit 1; }
"$kill_report" line "$report" || exit 1
[ "$code" -eq "$expected" ] || { echo "run_mutant: exit $code, expected $expected"; exit 1; }
