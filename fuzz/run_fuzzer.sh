#!/bin/sh
# Fuzz one target for a while, as ctest's fuzz.run.<name>:
#   run_fuzzer.sh FUZZ_BINARY CORPUS_DIR SECONDS FINDINGS_DIR [DICT]
# The committed corpus is copied to a temporary directory (new inputs land there, not in
# the source tree) and the target runs from an empty working directory. A crash, a leak,
# a timeout or a mismatch leaves its input (crash-*, and fuzz_differential's vector file)
# in FINDINGS_DIR and fails the test.
set -eu
binary=$1 corpus=$2 seconds=$3 findings=$4 dict=${5:-}
name=$(basename "$binary")
work=$(mktemp -d "${TMPDIR:-/tmp}/$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/cwd" "$findings"
if [ -d "$corpus" ]; then cp "$corpus"/* "$work/corpus/" 2>/dev/null || true; fi
set -- -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
       -artifact_prefix="$findings/$name-"
if [ -n "$dict" ]; then set -- "$@" -dict="$dict"; fi
# oneDNN's OpenMP threads spin between calls, which under ASan costs more than the
# calls: one passive thread unless the caller says otherwise.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
cd "$work/cwd"
status=0
DXCHECK_FUZZ_OUT="$findings" "$binary" "$@" "$work/corpus" || status=$?
if [ "$status" -ne 0 ]; then
  echo "$name: finding (exit $status); inputs in $findings:" >&2
  ls -l "$findings" >&2
fi
exit "$status"
