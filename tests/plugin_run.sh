#!/bin/sh
# usage: plugin_run.sh DXCHECK WORKDIR EXIT_CODE PATTERN PLUGIN
# Runs `dxcheck run` on a plugin; passes when the exit code is EXIT_CODE, the output
# matches PATTERN (grep -E), and, unless it was a load error, the report was written
# and names the same verdict.
dxcheck="$1"; workdir="$2"; expected="$3"; pattern="$4"; plugin="$5"
report="$workdir/plugin_$(basename "$plugin").json"
rm -f "$report"
output=$("$dxcheck" run --kernel "lib:$plugin" --suite tiny --cases 40 --call-timeout 2 --report "$report" 2>&1)
code=$?
echo "$output"
[ "$code" -eq "$expected" ] || { echo "plugin_run: exit $code, expected $expected"; exit 1; }
echo "$output" | grep -Eq "$pattern" || { echo "plugin_run: output lacks /$pattern/"; exit 1; }
if [ "$expected" -ne 2 ]; then
  [ -s "$report" ] || { echo "plugin_run: no report at $report"; exit 1; }
  verdict=$([ "$expected" -eq 0 ] && echo PASSED || echo FAILED)
  grep -q "\"verdict\": \"$verdict\"" "$report" || { echo "plugin_run: report verdict is not $verdict"; exit 1; }
fi
