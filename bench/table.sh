#!/usr/bin/env bash
# Runs dxcheck_bench once (faithful, fast, oneDNN and the FMA peak in the same process)
# and prints the Markdown table of docs/performance.md: medians over repetitions.
#
#   bench/table.sh [BUILD_DIR] [REPETITIONS] [extra dxcheck_bench flags...]
#
# Needs jq. Ratios: "vs oneDNN" and "vs faithful" are speedups of fast (their median time
# over fast's); "NCHW/NHWC" is fast NCHW throughput over fast NHWC throughput.
# "% of peak" is against the best 2-thread fma_peak of the instruction sets this CPU has.
set -euo pipefail
build=${1:-build}
reps=${2:-5}
shift $(( $# > 2 ? 2 : $# ))
bin="$build/bench/dxcheck_bench"
[ -x "$bin" ] || { echo "no $bin: build the dxcheck_bench target first" >&2; exit 2; }
# oneDNN's OpenMP threads spin between calls by default and take the cores from whatever
# runs next in the process (the FMA peak read half its value that way): sleep instead.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$bin" --benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true \
  --benchmark_out="$json" --benchmark_out_format=json "$@" >&2

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Machine: ${cpu:-unknown} ($(nproc) logical CPUs, fast path $(jq -r '.context.fast_isa // "?"' "$json")), $(date -u +%Y-%m-%d)"
echo
echo "Command: \`bench/table.sh $build $reps $*\` (medians of $reps repetitions)"
echo
jq -r '
  # One repetition has no aggregates: then the plain runs are the medians.
  def median_rows: [.benchmarks[] | select(.aggregate_name == "median")] as $m
    | if ($m | length) > 0 then $m else [.benchmarks[] | select(.run_type == "iteration")] end;
  def key: .run_name | split("/");
  def fmt(d): if . == null then "—" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
  median_rows as $rows
  # The FMA peak of every instruction set this CPU has; "% of peak" is against the best
  # 2-thread one (on some CPUs AVX-512 doubles AVX2, on others it equals it).
  | ($rows | map(select((.run_name | startswith("fma_peak/")) and (.error_occurred | not))
       | {isa: (.run_name | split("/")[1]), threads: (.run_name | capture("threads:(?<n>[0-9]+)").n),
          g: .GFLOPS, gc: (.GFLOPS * .real_time / .cpu_time)})) as $peaks
  | ($peaks | map(select(.threads == "2")) | max_by(.g)) as $best
  | ($best.g) as $peak
  | ($peaks | map(select(.threads == "1")) | max_by(.gc)) as $best1
  | ($peaks | map(.isa) | unique) as $isas
  | ($rows | map(select(.run_name | startswith("dx/")) | {k: (key[1]), s: (key[2]), l: (key[3]),
       ms: (if .error_occurred then null else .real_time end),
       g: (if .error_occurred then null else .GFLOPS end),
       cms: (if .error_occurred then null else .cpu_time end),
       gc: (if .error_occurred then null else .GFLOPS * .real_time / .cpu_time end)})) as $r
  | def get(k; s; l): ($r | map(select(.k == k and .s == s and .l == l)) | first);
    def peak_of($isa; $n): ($peaks | map(select(.isa == $isa and .threads == $n)) | first | .g);
    "FMA peak (fma_peak, medians, GFLOP/s on 2 threads / 1 thread): "
      + ($isas | map("\(.) \(peak_of(.; "2") | fmt(1)) / \(peak_of(.; "1") | fmt(1))") | join(", "))
      + ". % of peak is against \($best.isa // "?") on 2 threads, the best this machine has.",
    "",
    ( $rows | map(select((.run_name | startswith("tile/")) and (.error_occurred | not))) as $tiles
      | if ($tiles | length) == 0 then empty else
        "The channel tile alone on 1 thread (tile/<isa>/<setting>, the 9 taps x 64 out channels of res3x3s1; "
        + "% of that ISA'"'"'s 1-thread peak): "
        + ($tiles | map((.run_name | split("/")) as $n | "\($n[1]) \(.label) \($n[2]) \(.GFLOPS | fmt(1)) GFLOP/s "
             + "(\(if peak_of($n[1]; "1") then (.GFLOPS / peak_of($n[1]; "1") * 100 | fmt(0)) + "%" else "—" end))") | join(", "))
        + ".", "" end ),
    "| shape | layout | faithful ms | fast ms | oneDNN ms | fast GFLOP/s | % of peak | vs oneDNN | vs faithful | NCHW/NHWC |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ( ($r | map(.s) | unique) as $all
      | ["mnist","res3x3s1","res3x3s2","conv1x1","gan4x4s2","stem7x7s2"] + ($all - ["mnist","res3x3s1","res3x3s2","conv1x1","gan4x4s2","stem7x7s2"])
      | .[] as $s | select($all | index($s)) | ["nhwc","nchw"][] as $l
      | get("fast"; $s; $l) as $f | get("onednn"; $s; $l) as $o | get("faithful"; $s; $l) as $t
      | get("fast"; $s; "nhwc") as $fn
      | "| \($s) | \($l) | \($t.ms | fmt(1)) | \($f.ms | fmt(3)) | \($o.ms | fmt(3)) | \($f.g | fmt(1)) | "
        + "\(if $f.g and $peak then ($f.g / $peak * 100 | fmt(0)) + "%" else "—" end) | "
        + "\(if $o.ms and $f.ms then ($o.ms / $f.ms | fmt(2)) + "x" else "—" end) | "
        + "\(if $t.ms and $f.ms then ($t.ms / $f.ms | fmt(1)) + "x" else "—" end) | "
        + "\(if $l == "nchw" and $f.g and $fn.g then ($f.g / $fn.g | fmt(2)) + "x" else "" end) |" ),
    "",
    "CPU time (the process, every thread, spinning included): what each call costs whatever share of the",
    "machine it got. GFLOP per CPU-second against \($best1.isa // "?")'"'"'s 1-thread peak, \($best1.gc | fmt(1)) GFLOP per CPU-second.",
    "",
    "| shape | layout | fast CPU ms | oneDNN CPU ms | fast GFLOP/CPU-s | % of 1-thread peak | vs oneDNN (CPU) | NCHW/NHWC (CPU) |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ( ($r | map(.s) | unique) as $all
      | ["mnist","res3x3s1","res3x3s2","conv1x1","gan4x4s2","stem7x7s2"] + ($all - ["mnist","res3x3s1","res3x3s2","conv1x1","gan4x4s2","stem7x7s2"])
      | .[] as $s | select($all | index($s)) | ["nhwc","nchw"][] as $l
      | get("fast"; $s; $l) as $f | get("onednn"; $s; $l) as $o | get("fast"; $s; "nhwc") as $fn
      | "| \($s) | \($l) | \($f.cms | fmt(3)) | \($o.cms | fmt(3)) | \($f.gc | fmt(1)) | "
        + "\(if $f.gc and $best1.gc then ($f.gc / $best1.gc * 100 | fmt(0)) + "%" else "—" end) | "
        + "\(if $o.cms and $f.cms then ($o.cms / $f.cms | fmt(2)) + "x" else "—" end) | "
        + "\(if $l == "nchw" and $f.gc and $fn.gc then ($f.gc / $fn.gc | fmt(2)) + "x" else "" end) |" )
' "$json"
