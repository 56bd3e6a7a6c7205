#!/usr/bin/env bash
# Installs the Debian packages kosearch needs, only those missing. Idempotent; works as root or
# through sudo. Usage: scripts/install-deps.sh [--fuzz|--dev]   (--fuzz adds clang and its
# libFuzzer/sanitizer runtimes for scripts/fuzz.sh, as scripts/test.sh needs; --dev adds those and
# wrk, curl, python3 for bench/serve.sh)
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools libicu-dev libboost-program-options-dev
  doctest-dev nlohmann-json3-dev libsimdjson-dev libfmt-dev libzstd-dev zstd libxxhash-dev libjemalloc-dev
  libcpp-httplib-dev
  python3 python3-pytest            # the Python package's tests (tests/python)
  chromium python3-websocket        # the search page's browser test (tests/web)
)
case "${1:-}" in
  --fuzz) packages+=(clang libclang-rt-14-dev) ;;
  --dev) packages+=(clang libclang-rt-14-dev wrk curl python3) ;;
  "") ;;
  *) echo "install-deps: unknown option $1 (usage: scripts/install-deps.sh [--fuzz|--dev])" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
