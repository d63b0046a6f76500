#!/bin/sh
# usage: interrupted_run.sh DXCHECK WORKDIR HANG_PLUGIN SIGNAL
# A run whose kernel hangs is stopped with SIGNAL: dxcheck must end at once by that
# signal, leave no worker behind, and replace the stale report of an earlier run by a
# whole JSON report marked incomplete (interrupted) with the verdict FAILED.
dxcheck="$1"; workdir="$2"; plugin="$3"; signal="$4"
report="$workdir/interrupted_$signal.json"
fail() { echo "interrupted_run: $*"; exit 1; }
printf '{"verdict": "PASSED", "stale": true}\n' > "$report"
# A background job of a script starts with SIGINT ignored (and dxcheck keeps an ignored
# signal ignored, as for nohup): restore the default disposition first.
python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
  "$dxcheck" run --kernel "lib:$plugin" --call-timeout 60 --no-vectors --report "$report" > "$workdir/interrupted_$signal.out" 2>&1 &
pid=$!
# Wait until the worker hangs in a call (the first case with more than one channel).
i=0
until pgrep -f -- "__plugin-worker $plugin" > /dev/null; do
  sleep 0.1; i=$((i + 1))
  [ $i -lt 600 ] || { kill -KILL "$pid"; fail "no worker started within 60 s"; }
done
sleep 1
kill -"$signal" "$pid"
i=0  # at once on a quiet machine; a loaded one may take a few seconds to schedule it
while kill -0 "$pid" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; fail "dxcheck did not end within 20 s of SIG$signal"; fi
wait "$pid"
code=$?
cat "$workdir/interrupted_$signal.out"
sleep 0.2
left=$(pgrep -f -- "__plugin-worker $plugin")
[ -z "$left" ] || { kill -KILL $left; fail "workers left behind: $left"; }
[ "$code" -gt 128 ] || fail "exit $code: not ended by the signal"
grep -q '"stale"' "$report" && fail "the stale report is still there"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["verdict"]=="FAILED", r["verdict"]; assert r["incomplete"].startswith("interrupted"), r["incomplete"]' "$report" \
  || fail "the report is not a whole JSON report marked interrupted"
echo "interrupted_run: ended by SIG$signal, report marked interrupted, no worker left"
