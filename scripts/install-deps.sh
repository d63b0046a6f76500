#!/usr/bin/env bash
# Installs what dxcheck needs on Debian 12, only what is missing (run as root).
# usage: scripts/install-deps.sh [--tests]   (--tests adds node, clang, chromium, ...)
set -euo pipefail

packages=(g++ make cmake git pkg-config libeigen3-dev librapidcheck-dev libgtest-dev libgmock-dev
          nlohmann-json3-dev libbenchmark-dev libdnnl-dev)
if [[ "${1:-}" == "--tests" ]]; then
  packages+=(clang-14 libclang-rt-14-dev chromium python3-jsonschema)
  command -v node >/dev/null || packages+=(nodejs)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ "${1:-}" == "--tests" ]] && ! command -v npm >/dev/null; then
  missing+=(npm)  # Debian's nodejs may already bring npm; nodesource's does
fi

if (( ${#missing[@]} )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
