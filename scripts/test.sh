#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds everything with the given
# preset (argument 1, else $DXCHECK_TEST_PRESET, else default; CI uses ci), fetches the pinned TFJS packages for the
# parity tests, and runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-${DXCHECK_TEST_PRESET:-default}}"
bash scripts/install-deps.sh --tests
(cd tools/tfjs && npm ci --no-audit --no-fund --loglevel=error)
# The worker kernels' packages; onnxruntime-node ships its native library and would
# otherwise try to download one in its postinstall step.
(cd workers && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error)
# Every part must be there: install-deps.sh has just installed what they need.
cmake --preset "$preset" -DDXCHECK_REQUIRE_PARTS="run;test"
cmake --build --preset "$preset" -j"$(nproc)"
ctest --preset "$preset" -j"$(nproc)"

# The fuzz targets under ASan+UBSan (clang): corpus replays and 20 s of fuzzing each.
if ! command -v clang++-14 >/dev/null 2>&1 ||
   ! ls /usr/lib/llvm-14/lib/clang/*/include/fuzzer/FuzzedDataProvider.h >/dev/null 2>&1; then
  echo "test.sh: clang-14 or libFuzzer's headers are missing (Debian packages clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi
cmake --preset fuzz
cmake --build --preset fuzz -j"$(nproc)"
ctest --preset fuzz -j"$(nproc)"
