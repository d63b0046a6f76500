#!/usr/bin/env bash
# The main job: build dxcheck if needed, then `dxcheck run` on its defaults. Prints the
# verdict and writes reports/out/report.json (and the HTML page beside it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# Every part of the main job must be there: install-deps.sh has just installed them.
cmake --preset default -DDXCHECK_REQUIRE_PARTS=run >/dev/null
cmake --build --preset default --target dxcheck -j"$(nproc)"
exec ./build/cli/dxcheck run "$@"
