#!/bin/sh
# usage: worker_repro_line.sh DXCHECK WORKDIR WORKER_JS
# The `repro:` line a failing worker:COMMAND kernel prints is one shell command that
# reruns it: the kernel's name (spaces between the command's words, a quote in its
# path, a $) is quoted, so the line pasted into sh runs the same kernel on the same case
# and fails the same way. Exit 77 (skipped) without node.
dxcheck="$1"; workdir="$2"; worker_js="$3"
command -v node >/dev/null 2>&1 || { echo "worker_repro_line: skipped: node is not on PATH"; exit 77; }
# COMMAND is split at spaces (docs/worker-protocol.md), so the path has none; the
# quote and the $ are for the shell.
dir="$workdir/repro_line/it's_\$HOME"
rm -rf "$workdir/repro_line"; mkdir -p "$dir" "$workdir/repro_line/bin"
cp "$worker_js" "$dir/hostile_worker.js"
ln -s "$dxcheck" "$workdir/repro_line/bin/dxcheck"
kernel="worker:node $dir/hostile_worker.js error"
output=$("$dxcheck" run --kernel "$kernel" --suite tiny --cases 2 --no-vectors --no-shrink --call-timeout 5 \
         --report "$workdir/repro_line/report.json" --html "" 2>&1)
line=$(echo "$output" | sed -n 's/^ *repro: //p' | head -n 1)
[ -n "$line" ] || { echo "$output"; echo "worker_repro_line: no repro line"; exit 1; }
echo "repro line: $line"
replay=$(PATH="$workdir/repro_line/bin:$PATH" sh -c "$line" 2>&1)
code=$?
echo "$replay" | tail -n 5
[ "$code" -eq 1 ] || { echo "worker_repro_line: the pasted line exited $code, expected 1"; exit 1; }
echo "$replay" | grep -Fq "hostile: out of luck" ||
  { echo "worker_repro_line: the pasted line did not run the worker's kernel"; exit 1; }
echo "worker_repro_line: the pasted line reran the kernel"
