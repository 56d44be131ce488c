#!/usr/bin/env bash
# SDK conformance check (CTest label `conformance`): drives ocivanilla-sim with Oracle's own
# TypeScript SDK (oci-core, oci-identity, oci-common, versions pinned in package-lock.json).
# Usage: tests/conformance/run.sh PATH_TO_OCIVANILLA_SIM
# Installs node_modules with `npm ci` when missing or older than the lockfile, generates a
# throwaway API key (trusted with --trust-key) and an untrusted second key, starts the simulator
# on tests/conformance/scenario.yaml and runs conformance.js. Every step is time bounded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sim_bin="${1:?usage: run.sh PATH_TO_OCIVANILLA_SIM}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "conformance: node/npm missing: apt-get install -y nodejs npm" >&2
  exit 1
fi
if ! command -v openssl >/dev/null 2>&1; then
  echo "conformance: openssl missing: apt-get install -y openssl" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 18 ]; then
  echo "conformance: node $(node --version) is too old, 18 or newer is needed" >&2
  exit 1
fi

# npm ci when node_modules is missing or the lockfile changed since the last install (npm writes
# node_modules/.package-lock.json on every install). Concurrent runs are serialised by a lock on
# the lockfile itself (opened read-only, so nothing is written into the source tree).
install_modules() {
  local marker="$here/node_modules/.package-lock.json"
  if [ -f "$marker" ] && [ ! "$here/package-lock.json" -nt "$marker" ]; then
    return 0
  fi
  echo "conformance: npm ci (node $(node --version), npm $(npm --version))"
  if ! (cd "$here" && timeout 110 npm ci --no-audit --no-fund --loglevel=error); then
    echo "conformance: npm ci failed in $here (is the npm registry reachable?)" >&2
    return 1
  fi
}
if command -v flock >/dev/null 2>&1; then
  exec 9<"$here/package-lock.json"
  flock -w 115 9
  install_modules
  flock -u 9
else
  install_modules
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ovl-conformance.XXXXXX")"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then
    kill "$sim_pid" 2>/dev/null || true
    wait "$sim_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

tenancy="ocid1.tenancy.oc1..aaaaaaaaconformancetenancy"
user="ocid1.user.oc1..aaaaaaaaconformanceuser"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/api_key.pem" 2>/dev/null
openssl pkey -in "$work/api_key.pem" -pubout -out "$work/api_key_public.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/other_key.pem" 2>/dev/null
# The fingerprint OCI shows for an API key: MD5 of the DER public key, colon-separated hex.
fingerprint="$(openssl pkey -in "$work/api_key.pem" -pubout -outform DER | openssl md5 -c | sed 's/^.*= *//')"
key_id="$tenancy/$user/$fingerprint"

"$sim_bin" --scenario "$here/scenario.yaml" --port 0 --trust-key "$key_id=$work/api_key_public.pem" \
  --log "$work/sim.log" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
url=""
for _ in $(seq 1 100); do
  if [ -s "$work/sim.out" ]; then
    url="$(sed -n '1s/^listening on //p' "$work/sim.out")"
    break
  fi
  if ! kill -0 "$sim_pid" 2>/dev/null; then
    break
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "conformance: ocivanilla-sim did not start:" >&2
  cat "$work/sim.err" >&2
  exit 1
fi

status=0
OVL_SIM_URL="$url" OVL_TENANCY="$tenancy" OVL_USER="$user" OVL_FINGERPRINT="$fingerprint" \
  OVL_KEY_FILE="$work/api_key.pem" OVL_OTHER_KEY_FILE="$work/other_key.pem" \
  timeout 60 node "$here/conformance.js" || status=$?
if [ "$status" -ne 0 ]; then
  echo "conformance: failed (exit $status); last simulator log lines:" >&2
  tail -n 40 "$work/sim.log" >&2 || true
fi
exit "$status"
