#!/usr/bin/env bash
# Installs what dxcheck needs on Debian 12, only what is missing (run as root).
# usage: scripts/install-deps.sh [--tests]
#   without --tests: what the main job builds (scripts/conformance.sh)
#   --tests: also what the test suite runs: node, clang's libFuzzer, chromium, the
#            benchmarks and the libraries of every implementation under test
# Every package a part of the build needs is listed here: cmake/parts.cmake names the
# same packages, and the README's commands fail the configure when one is missing.
set -euo pipefail

# Foundations: the configure stops without them.
required=(g++ make cmake git pkg-config ca-certificates
          libeigen3-dev librapidcheck-dev libgtest-dev libgmock-dev nlohmann-json3-dev)
# Parts of the main job: oneDNN is a kernel under test; its CMake config needs OpenCL's
# headers, which Debian's libdnnl-dev only recommends.
optional=(libdnnl-dev ocl-icd-opencl-dev)
if [[ "${1:-}" == "--tests" ]]; then
  required+=(clang-14 libclang-rt-14-dev python3 python3-jsonschema chromium)
  command -v node >/dev/null || required+=(nodejs)
  command -v npm >/dev/null || required+=(npm)  # Debian's nodejs has no npm; nodesource's has
  optional+=(libbenchmark-dev
             libxnnpack-dev libpthreadpool-dev
             libtorch-dev
             libarmnn-dev libarmnn-cpuref-backend22)
fi

missing() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t missing_required < <(missing "${required[@]}")
mapfile -t missing_optional < <(missing "${optional[@]}")
(( ${#missing_required[@]} + ${#missing_optional[@]} )) || exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing_required[*]} ${missing_optional[*]}" >&2
  echo "install-deps: run as root, or install them" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
if (( ${#missing_required[@]} )); then
  echo "install-deps: installing ${missing_required[*]}"
  apt-get install -y -q --no-install-recommends "${missing_required[@]}"
fi
if (( ${#missing_optional[@]} )); then
  echo "install-deps: installing ${missing_optional[*]}"
  # An optional package that cannot be installed switches off only its part (the
  # configure says which); the README's commands then fail naming it.
  if ! apt-get install -y -q --no-install-recommends "${missing_optional[@]}"; then
    for p in "${missing_optional[@]}"; do
      apt-get install -y -q --no-install-recommends "$p" ||
        echo "install-deps: WARNING: could not install $p" >&2
    done
  fi
fi
