#!/bin/sh
# usage: mutants/kill_table.sh [--no-run] [--default] [BUILD_DIR]   (from the source tree;
# BUILD_DIR defaults to build; --default runs the mutants with the plain default
# settings instead of run_mutant.sh's --time-budget 20)
# Runs the mutation tests (ctest -R '^mutant\.' -j2) in BUILD_DIR, timing them, then
# writes the kill table from the JSON reports they kept (BUILD_DIR/mutants/reports)
# into docs/mutation.md between the kill-table markers. --no-run reuses the reports of
# the last run (and keeps the recorded CTest time). Needs only sh, sed and awk: the
# reports are read by mutant_kill_report, built with dxcheck.
set -u
run=1
if [ "${1:-}" = "--no-run" ]; then run=0; shift; fi
settings="--time-budget 20"
if [ "${1:-}" = "--default" ]; then export DXCHECK_MUTANT_OPTIONS=""; settings="the default settings"; shift; fi
build="${1:-build}"
source_dir=$(cd "$(dirname "$0")/.." && pwd)
doc="$source_dir/docs/mutation.md"
reports="$build/mutants/reports"
tool="$build/mutants/mutant_kill_report"
[ -x "$tool" ] || { echo "kill_table: no $tool (build first: cmake --build $build)"; exit 2; }
[ -f "$doc" ] || { echo "kill_table: no $doc"; exit 2; }

timing=""
if [ "$run" -eq 1 ]; then
  start=$(date +%s)
  ctest --test-dir "$build" -R '^mutant\.' -j2 --output-on-failure
  code=$?
  end=$(date +%s)
  timing="Last measured: \`ctest -R '^mutant\\.' -j2\` (runs with $settings) took $((end - start)) s wall time on $(nproc 2>/dev/null || echo '?') cores ($(uname -m)), exit $code, at $(git -C "$source_dir" rev-parse --short HEAD 2>/dev/null || echo 'unknown revision')."
fi

table=$(mktemp) || exit 2
trap 'rm -f "$table"' EXIT
"$tool" table "$reports"/mutant_*.json "$reports"/benign_*.json > "$table"
verdict=$?
if [ -z "$timing" ]; then  # --no-run: keep the recorded timing line
  timing=$(sed -n '/<!-- kill-table:begin -->/,/<!-- kill-table:end -->/p' "$doc" | grep "^Last measured:")
fi
[ -n "$timing" ] && printf "\n%s\n" "$timing" >> "$table"

awk -v table="$table" '
  /<!-- kill-table:begin -->/ { print; while ((getline line < table) > 0) print line; skip = 1; next }
  /<!-- kill-table:end -->/ { skip = 0 }
  !skip { print }
' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc"
echo "kill_table: wrote the table into $doc"
exit $verdict
