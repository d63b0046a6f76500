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

# The fuzz targets under ASan+UBSan (clang): corpus replays and 20 s of fuzzing each.
if command -v clang++-14 >/dev/null 2>&1 &&
   ls /usr/lib/llvm-14/lib/clang/*/include/fuzzer/FuzzedDataProvider.h >/dev/null 2>&1; then
  cmake --preset fuzz
  cmake --build --preset fuzz -j"$(nproc)"
  ctest --preset fuzz -j"$(nproc)"
else
  echo "test.sh: clang-14 or libFuzzer's headers missing: fuzz targets not run" >&2
fi
