#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need, when they are missing.
# As root it runs apt-get itself; otherwise it prints the exact command and fails.
# Usage: scripts/deps.sh [build|test|bench|lint]
set -euo pipefail
what="${1:-build}"
pkgs=(cmake g++ make pkg-config libcli11-dev libcurl4-openssl-dev libssl-dev nlohmann-json3-dev
      libspdlog-dev libyaml-cpp-dev catch2 libcpp-httplib-dev openssl ca-certificates)
if [ "$what" = test ] || [ "$what" = bench ]; then
  # node and npm run the conformance check with Oracle's own TypeScript SDK.
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
fi
if [ "$what" = bench ]; then
  pkgs+=(hyperfine curl time)
fi
if [ "$what" = lint ]; then
  # Pinned to 14 (Debian 12's): another version formats and checks differently.
  pkgs+=(clang-format-14 clang-tidy-14)
fi
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "deps: missing Debian packages; run as root:" >&2
  echo "  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
