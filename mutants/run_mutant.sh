#!/bin/sh
# usage: run_mutant.sh DXCHECK KILL_REPORT WORKDIR EXIT_CODE NAME PLUGIN
# Runs `dxcheck run` on a mutant plugin with default settings (every suite, every
# property, the default case count and seed, the golden vectors) except for a time
# budget, DXCHECK_MUTANT_OPTIONS (unset: --time-budget 20, which keeps
# `ctest -R mutant -j2` to minutes; set it empty for the plain default run, whose size
# suites get 45 s); passes when the exit code is
# EXIT_CODE (1: killed, 0: a benign variant passed). The JSON report is kept as
# WORKDIR/NAME.json for the kill table; the summary line says which property killed
# it, the shrunk case, the cases it needed and the run's seconds.
dxcheck="$1"; kill_report="$2"; workdir="$3"; expected="$4"; name="$5"; plugin="$6"
mkdir -p "$workdir" || exit 1
report="$workdir/$name.json"
rm -f "$report" "$workdir/$name.html"
options=${DXCHECK_MUTANT_OPTIONS---time-budget 20}
# shellcheck disable=SC2086 # the options are words
output=$("$dxcheck" run --kernel "lib:$plugin" $options --report "$report" 2>&1)
code=$?
echo "$output" | grep -E "^(FAILED|verdict:)|^    (drawn|case|repro|shrunk)"
[ -s "$report" ] || { echo "$output"; echo "run_mutant: no report at $report (exit $code)"; exit 1; }
"$kill_report" line "$report" || exit 1
[ "$code" -eq "$expected" ] || { echo "run_mutant: exit $code, expected $expected"; exit 1; }
