#!/bin/sh
# usage: report_html_browser.sh DXCHECK WORKDIR FAILING_PLUGIN
# Renders the HTML report of a run with one failing plugin kernel and the passing
# built-in faithful kernel in headless chromium: the page must render to a non-trivial
# PNG, and the DOM the browser built must show the verdict, the status words and the
# failure's case string. Exits 77 (skipped) when chromium is not installed.
dxcheck="$1"; workdir="$2"; plugin="$3"
browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then browser=$(command -v "$candidate"); break; fi
done
[ -n "$browser" ] || { echo "SKIP: chromium is not installed (Debian package chromium)"; exit 77; }

dir="$workdir/report_html_browser"
rm -rf "$dir"; mkdir -p "$dir"
"$dxcheck" run --cases 40 --suite tiny,ladder --time-budget 0 --max-elements 100000 --call-timeout 2 --kernel "lib:$plugin" --kernel faithful \
  --report "$dir/report.json" --html "$dir/report.html" >"$dir/run.log" 2>&1
code=$?
[ "$code" -eq 1 ] || { cat "$dir/run.log"; echo "report_html_browser: run exited $code, expected 1"; exit 1; }
[ -s "$dir/report.html" ] || { echo "report_html_browser: no HTML report"; exit 1; }
case_string=$(grep -m1 -o '"case": "dx1_[^"]*"' "$dir/report.json" | sed 's/"case": "\(.*\)"/\1/')
[ -n "$case_string" ] || { echo "report_html_browser: the report has no counterexample case"; exit 1; }

# The page must need nothing from outside: no scripts, no remote resources.
if grep -Eiq '<script|<link|src="http|href="http|@import|url\(' "$dir/report.html"; then
  echo "report_html_browser: the page is not self-contained"; exit 1
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
--disable-component-update --disable-sync --hide-scrollbars --user-data-dir=$profile"
url="file://$(cd "$dir" && pwd)/report.html"
# shellcheck disable=SC2086
timeout 90 "$browser" $flags --screenshot="$dir/report.png" --window-size=1280,2000 "$url" >"$dir/browser.log" 2>&1
# shellcheck disable=SC2086
timeout 90 "$browser" $flags --dump-dom "$url" >"$dir/dom.html" 2>>"$dir/browser.log"

[ -f "$dir/report.png" ] || { cat "$dir/browser.log"; echo "report_html_browser: no screenshot"; exit 1; }
size=$(wc -c <"$dir/report.png")
# A blank 1280x2000 page compresses to a few kB; a rendered report is far larger.
[ "$size" -gt 30000 ] || { echo "report_html_browser: screenshot is only $size bytes"; exit 1; }
for needle in "FAILED" "PASSED" "SKIPPED" "$case_string" "dxcheck repro $case_string" "<svg"; do
  grep -qF -- "$needle" "$dir/dom.html" || { echo "report_html_browser: rendered page lacks '$needle'"; exit 1; }
done
echo "report_html_browser: $dir/report.png, $size bytes; page shows FAILED and $case_string"
