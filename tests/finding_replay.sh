#!/bin/sh
# usage: finding_replay.sh DXCHECK KERNEL VECTOR
# A finding's regression test: the vector file FAILS on the implementation it was found
# in (while the bug is there) and PASSES on the TFJS-faithful kernel. Exit 77 (skipped)
# when KERNEL is not available here (`dxcheck list` says why).
dxcheck="$1"; kernel="$2"; vector="$3"
state=$("$dxcheck" list | grep -E "^  $kernel( |$)")
case "$state" in
  *"  off"*|"") echo "finding_replay: skipped: ${state:-$kernel is not known here}"; exit 77 ;;
esac
"$dxcheck" vectors "$vector" --kernel faithful || { echo "finding_replay: faithful does not pass $vector"; exit 1; }
"$dxcheck" vectors "$vector" --kernel "$kernel"
code=$?
[ "$code" -eq 1 ] || { echo "finding_replay: $kernel exit $code on $vector, expected 1 (fixed upstream?)"; exit 1; }
