#!/bin/sh
# usage: matrix_run.sh DXCHECK REPORT KERNEL...
# The conformance matrix on a reduced case count: the run must end with a verdict
# (exit 0 or 1: findings are expected, a usage or loading error is not) and the report
# must hold every kernel's results.
dxcheck="$1"; report="$2"; shift 2
args=""
for k in "$@"; do args="$args --kernel $k"; done
rm -f "$report"
# shellcheck disable=SC2086
"$dxcheck" run $args --cases 4 --no-vectors --report "$report" --html "" >/dev/null
code=$?
if [ "$code" -gt 1 ]; then
  echo "matrix_run: dxcheck run exited $code" >&2
  exit 1
fi
for k in "$@"; do
  grep -q "\"kernel\": \"$k\"" "$report" || { echo "matrix_run: no results for $k in $report" >&2; exit 1; }
done
echo "matrix_run: exit $code, every kernel reported"
