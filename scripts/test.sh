#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds everything with the given
# preset (default: default; CI uses ci), fetches the pinned TFJS packages for the
# parity tests, and runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
bash scripts/install-deps.sh --tests
if command -v npm >/dev/null; then
  (cd corpus/tfjs && npm ci --no-audit --no-fund --loglevel=error)
fi
cmake --preset "$preset"
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"
