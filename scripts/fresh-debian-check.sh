#!/usr/bin/env bash
# Runs the README's two commands, exactly as the README writes them, in a bare Debian 12
# (debootstrap --variant=minbase bookworm) holding a fresh clone of the commit under test:
# the check that a newcomer's machine builds and passes, not only ours.
#
# usage: scripts/fresh-debian-check.sh [--commit REV] [--keep]   (as root)
#   --commit REV  the commit to clone (default HEAD of this checkout)
#   --keep        leave the tree in place afterwards (its path is printed)
# environment:
#   DXCHECK_FRESH_CACHE  where the pristine minbase tree is cached as a tarball
#                        (default /var/cache/dxcheck-fresh); delete it to rebuild
#   DXCHECK_FRESH_MIRROR the Debian mirror (default: the host's, else deb.debian.org)
#
# Each run unpacks the cached pristine tree into a new directory, so nothing from an
# earlier run leaks in. The host's apt archive cache is bind-mounted so packages are not
# downloaded twice; proxy and certificate settings are passed through as the host sets
# them. Mounts are undone on every exit path.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
commit=HEAD
keep=0
while (( $# )); do
  case "$1" in
    --commit) commit=${2:?--commit needs a revision}; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--commit REV] [--keep]" >&2; exit 2 ;;
  esac
done
[[ $(id -u) -eq 0 ]] || { echo "fresh-debian-check: run as root (debootstrap, chroot, mount)" >&2; exit 2; }
commit=$(git -C "$repo" rev-parse --verify "$commit^{commit}")

cache=${DXCHECK_FRESH_CACHE:-/var/cache/dxcheck-fresh}
archives=/var/cache/apt/archives
mirror=${DXCHECK_FRESH_MIRROR:-$(grep -hoE 'https?://[^ ]+/debian/?$|URIs: https?://[^ ]+/debian/?$' \
  /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | sed 's/^URIs: //' | head -1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=$(grep -hoE 'https?://[^ ]+/debian-security/?$' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
  2>/dev/null | head -1 || true)
security=${security:-http://deb.debian.org/debian-security}
pristine=$cache/bookworm-minbase.tar
mkdir -p "$cache" "$archives/partial"

# --- the pristine tree, made once --------------------------------------------------
if [[ ! -s $pristine ]]; then
  command -v debootstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap; }
  staging=$(mktemp -d "$cache/staging.XXXXXX")
  echo "fresh-debian-check: debootstrap --variant=minbase bookworm from $mirror (cached in $pristine)"
  debootstrap --variant=minbase --cache-dir="$archives" bookworm "$staging" "$mirror" \
    >"$cache/debootstrap.log" 2>&1 || { echo "debootstrap failed: $cache/debootstrap.log" >&2; rm -rf "$staging"; exit 1; }
  tar -C "$staging" -cf "$pristine.tmp" . && mv "$pristine.tmp" "$pristine"
  rm -rf "$staging"
fi

# --- a new tree for this run ------------------------------------------------------
run_dir=$(mktemp -d /var/tmp/dxcheck-fresh.XXXXXX)
root=$run_dir/root
logs=$run_dir/logs
mkdir -p "$root" "$logs"
mounted=()
# Processes still running inside the tree (an interrupted build, a test's children).
tree_processes() {
  find /proc -mindepth 2 -maxdepth 2 -name root -lname "$root" 2>/dev/null | cut -d/ -f3
}
cleanup() {
  local status=$?
  local i
  trap - INT TERM
  tree_processes | xargs -r kill -TERM 2>/dev/null || true
  sleep 1
  tree_processes | xargs -r kill -KILL 2>/dev/null || true
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" 2>/dev/null || true
  done
  if (( keep )); then
    echo "fresh-debian-check: tree kept at $root"
  else
    # Only after every mount is gone: never delete through a bind mount.
    if ! grep -q " $root" /proc/mounts; then rm -rf "$root"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tar -C "$root" -xf "$pristine"
bind() {  # bind <host path> <path in the tree> [mount options...]
  local target=$root$2
  mkdir -p "$target"
  mount --bind "$1" "$target"
  mounted+=("$target")
}
mount -t proc proc "$root/proc" && mounted+=("$root/proc")
bind /dev /dev
bind /dev/pts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs "$root/dev/shm" && mounted+=("$root/dev/shm")
bind "$archives" /var/cache/apt/archives
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
echo "deb $mirror bookworm-updates main" >>"$root/etc/apt/sources.list"
echo "deb $security bookworm-security main" >>"$root/etc/apt/sources.list"

# The host's proxy and certificate settings, as the host's environment sets them; a
# setting that names a file brings that file (same path inside the tree).
passed=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb)
# CI asks the test command for its warnings-are-errors preset (scripts/test.sh reads it).
[[ -n ${DXCHECK_TEST_PRESET-} ]] && passed+=("DXCHECK_TEST_PRESET=$DXCHECK_TEST_PRESET")
for name in http_proxy https_proxy ftp_proxy no_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY NO_PROXY ALL_PROXY \
            NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE REQUESTS_CA_BUNDLE GIT_SSL_CAINFO \
            npm_config_registry npm_config_cafile npm_config_proxy npm_config_https_proxy NPM_CONFIG_REGISTRY; do
  value=${!name-}
  [[ -n $value ]] || continue
  passed+=("$name=$value")
  if [[ $value == /* && -e $value ]]; then
    mkdir -p "$root$(dirname "$value")"
    cp -rL "$value" "$root$(dirname "$value")/" 2>/dev/null || true
  fi
done
# apt's own proxy settings, if the host has any.
grep -rlsE '^[^/#]*Acquire::[a-z]+::Proxy' /etc/apt/apt.conf /etc/apt/apt.conf.d 2>/dev/null |
  while read -r f; do cp "$f" "$root/etc/apt/apt.conf.d/"; done || true

# The clone: a plain git clone of the commit under test, as a newcomer would have it.
git clone -q --no-hardlinks "$repo" "$root/root/dxcheck"
git -C "$root/root/dxcheck" checkout -q "$commit"

# --- the README's two commands, exactly as written -----------------------------------
mapfile -t commands < <(sed -n '/^## Two commands/,/^## /p' "$repo/README.md" | grep -E '^    bash ' | sed 's/^    //')
if (( ${#commands[@]} != 2 )); then
  echo "fresh-debian-check: expected two commands in README.md's 'Two commands' section, found ${#commands[@]}" >&2
  exit 1
fi
echo "fresh-debian-check: commit $(git -C "$repo" rev-parse --short "$commit") in $root; logs in $logs"
failed=0
for i in 0 1; do
  log=$logs/command$((i + 1)).log
  start=$SECONDS
  printf 'fresh-debian-check: running `%s` ... ' "${commands[i]}"
  # In the background, so that a signal to this script is handled at once (bash runs a
  # trap only when the foreground command has ended; `wait` returns early).
  chroot "$root" /usr/bin/env -i "${passed[@]}" /bin/bash -c "cd /root/dxcheck && ${commands[i]}" >"$log" 2>&1 &
  if wait $!; then
    echo "PASS ($((SECONDS - start)) s)"
  else
    echo "FAIL ($((SECONDS - start)) s), log: $log"
    tail -n 30 "$log" | sed 's/^/    /'
    failed=1
  fi
done
if (( failed )); then
  echo "fresh-debian-check: FAILED (logs in $logs)"
  exit 1
fi
echo "fresh-debian-check: PASSED (logs in $logs)"
