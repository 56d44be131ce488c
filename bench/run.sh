#!/usr/bin/env bash
# `make bench`: ocivanilla side by side with Oracle's TypeScript SDK and the wire floor (curl),
# against ocivanilla-sim on 127.0.0.1 only. See docs/PERFORMANCE.md.
# Usage: bench/run.sh BUILD_DIR
# Environment: BENCH_RUNS (hyperfine runs per contender, default 20), BENCH_CLEANUP_RUNS (default 5),
# BENCH_SIGN_SECONDS (default 3), BENCH_DELAY_MS (latency emulated in the cleanup run, default 20),
# BENCH_OUT (report file, default BUILD_DIR/bench-results.md).
# Every process it starts (simulators) is stopped by pid on exit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
build="$(cd "${1:?usage: bench/run.sh BUILD_DIR}" && pwd)"
runs="${BENCH_RUNS:-20}"
cleanup_runs="${BENCH_CLEANUP_RUNS:-5}"
sign_seconds="${BENCH_SIGN_SECONDS:-3}"
delay_ms="${BENCH_DELAY_MS:-20}"
report="${BENCH_OUT:-$build/bench-results.md}"
# The binaries are in BUILD_DIR (a runtime output directory) or in their folder's build dir.
locate() {
  local d
  for d in "$build" "$build/src" "$build/bench"; do
    [ -x "$d/$1" ] && { echo "$d/$1"; return; }
  done
  echo "$build/$1"
}
bin="$(locate ocivanilla)"
sim_bin="$(locate ocivanilla-sim)"

for tool in hyperfine curl node openssl /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool missing (scripts/deps.sh bench)" >&2; exit 1; }
done
for f in "$bin" "$sim_bin"; do
  [ -x "$f" ] || { echo "bench: $f not built (make build)" >&2; exit 1; }
done
if [ ! -d "$root/tests/conformance/node_modules/oci-core" ]; then
  echo "bench: npm ci --prefix tests/conformance" >&2
  npm ci --prefix "$root/tests/conformance" --no-audit --no-fund --loglevel=error
fi
if [ -f "$build/CMakeCache.txt" ]; then
  cmake --build "$build" --target ovl-sign-bench >/dev/null
fi
sign_bin="$(locate ovl-sign-bench)"

work="$(mktemp -d "${TMPDIR:-/tmp}/ovl-bench.XXXXXX")"
pidfiles=()
stop_sims() {
  for f in "${pidfiles[@]}"; do
    if [ -s "$f" ]; then
      local pid
      pid="$(cat "$f")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
  done
  rm -rf "$work"
}
trap stop_sims EXIT

# ---- credentials: a throwaway API key, a config profile, the SDK's environment --------------------
seed="$root/config/sim/seed-tenancy.yaml"
tenancy="$(awk '/^tenancyId:/ {print $2}' "$seed")"
region="$(awk '/^region:/ {print $2}' "$seed")"
user="ocid1.user.oc1..aaaaaaaabenchuser"
mkdir -p "$work/home/.oci" "$work/home/.ssh"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/home/.oci/key.pem" 2>/dev/null
chmod 600 "$work/home/.oci/key.pem"
openssl pkey -in "$work/home/.oci/key.pem" -pubout -out "$work/key_public.pem"
fingerprint="$(openssl pkey -in "$work/home/.oci/key.pem" -pubout -outform DER | openssl md5 -c | awk '{print $NF}')"
key_id="$tenancy/$user/$fingerprint"
printf '[DEFAULT]\nuser=%s\nfingerprint=%s\nkey_file=%s\ntenancy=%s\nregion=%s\n' \
  "$user" "$fingerprint" "$work/home/.oci/key.pem" "$tenancy" "$region" >"$work/home/.oci/config"
chmod 600 "$work/home/.oci/config"
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBenchOnlyNotARealKey00000000000000000000 bench@ocivanilla" \
  >"$work/home/.ssh/id_ed25519.pub"
# Runs from the work directory with the shipped plan, as a user with a plan would.
cd "$work"
export HOME="$work/home" OCI_CLI_CONFIG_FILE="$work/home/.oci/config" OCIVANILLA_PLAN="$root/config/plan.yaml"
export OVL_TENANCY="$tenancy" OVL_USER="$user" OVL_FINGERPRINT="$fingerprint" OVL_KEY_FILE="$work/home/.oci/key.pem"
unset OCIVANILLA_PROFILE OCI_CLI_PROFILE || true
# Loopback only: a call that forgot its endpoint fails on the discard port instead of reaching
# OCI, and no proxy is ever asked.
export OCIVANILLA_ENDPOINT="http://127.0.0.1:9" no_proxy="127.0.0.1,localhost" NO_PROXY="127.0.0.1,localhost"

# ---- scenarios: the seed tenancy without its instances, timings 0, plus `generate` -------------------
# scenario NAME COUNT [FREEFORM_TAGS_FLOW] [FAULTS_FLOW]
scenario() {
  local file="$work/$1.yaml" tags="${3:-}" faults="${4:-}"
  awk '/^[A-Za-z]/ { skip = ($1 == "timing:" || $1 == "instances:" || $1 == "generate:" || $1 == "faults:") }
       !skip' "$seed" >"$file"
  printf 'timing: {provisioningSeconds: 0, terminatingSeconds: 0, stoppingSeconds: 0, startingSeconds: 0}\n' >>"$file"
  printf 'generate: {count: %s, prefix: bench-, freeformTags: %s}\n' "$2" "${tags:-"{}"}" >>"$file"
  printf 'faults: %s\n' "${faults:-"[]"}" >>"$file"
  echo "$file"
}

# start_sim NAME SCENARIO_FILE PORT [FLAGS...]: starts a simulator, records its pid in
# $work/NAME.pid, waits for its URL and prints it.
start_sim() {
  local name="$1" file="$2" port="$3"
  shift 3
  "$sim_bin" --scenario "$file" --port "$port" --host 127.0.0.1 --trust-key "$key_id=$work/key_public.pem" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  echo $! >"$work/$name.pid"
  local url=""
  for _ in $(seq 1 200); do
    url="$(sed -n '1s/^listening on //p' "$work/$name.out" 2>/dev/null)"
    [ -n "$url" ] && break
    kill -0 "$(cat "$work/$name.pid")" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "bench: simulator $name did not start:" >&2; cat "$work/$name.err" >&2; return 1; }
  echo "$url"
}

sim() { # sim NAME SCENARIO [FLAGS...]: start_sim on a free port; URL in the variable url_NAME
  local name="$1" file="$2"
  shift 2
  pidfiles+=("$work/$name.pid")
  local url
  url="$(start_sim "$name" "$file" 0 "$@")"
  printf -v "url_$name" '%s' "$url"
}

s20="$(scenario s20 20)"
s5000="$(scenario s5000 5000)"
sim p20 "$s20" --bench-no-auth
sim a20 "$s20"
sim p5000 "$s5000" --bench-no-auth
sim a5000 "$s5000"
grep -h "WARNING" "$work/p20.err" | head -n 1 >&2
# shellcheck disable=SC2154  # url_* are set by sim()
list_url() { echo "$1/20160918/instances?compartmentId=$tenancy&limit=100"; }

# Every page URL of the 5,000-instance list, following opc-next-page once (the curl floor then
# fetches the same 50 pages in one process over kept-alive connections).
page_urls() {
  local base="$1" url page="" n=0
  : >"$work/pages.curlrc"
  while :; do
    url="$(list_url "$base")${page:+&page=$page}"
    printf 'url = "%s"\noutput = "/dev/stdout"\n' "$url" >>"$work/pages.curlrc"
    page="$(curl -sS -o /dev/null -D - "$url" | tr -d '\r' | awk -F': ' 'tolower($1)=="opc-next-page" {print $2}')"
    n=$((n + 1))
    [ -n "$page" ] || break
  done
  echo "$n"
}
pages="$(page_urls "$url_p5000")"

check_same() { # the contenders print the same instances
  local a b c
  a="$(OCIVANILLA_ENDPOINT="$1" "$bin" list -o json $2 | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.map(i=>i.id).join()))')"
  b="$(OVL_SIM_URL="$1" node "$here/sdk_list.js" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).data.map(i=>i.id).join()))')"
  c="$(echo "$a" | tr ',' '\n' | wc -l)"
  [ "$a" = "$b" ] || { echo "bench: ocivanilla and the SDK listed different instances" >&2; exit 1; }
  echo "$c"
}
n20="$(check_same "$url_p20" "")"
n5000="$(check_same "$url_p5000" "--all")"
echo "bench: contenders agree: $n20 and $n5000 instances; $pages pages of 100" >&2

hf() { # hf NAME hyperfine-args...
  local name="$1"
  shift
  hyperfine -N --style basic --warmup 3 --runs "$runs" --export-json "$work/$name.json" "$@" >&2
}
sdk_cmd() { echo "env OVL_SIM_URL=$1 node $here/sdk_list.js"; }

echo "bench: startup" >&2
hf startup -n "ocivanilla --version" "$bin --version" -n "curl --version" "curl --version" \
  -n "node (SDK loaded)" "node -e \"require('$root/tests/conformance/node_modules/oci-core')\""

echo "bench: one page (20 instances)" >&2
hf page -n "ocivanilla list -o json" "env OCIVANILLA_ENDPOINT=$url_p20 $bin list -o json" \
  -n "curl (no-auth sim)" "env curl -sS --fail $(list_url "$url_p20")" \
  -n "SDK node process" "$(sdk_cmd "$url_p20")" \
  -n "ocivanilla (signature-checking sim)" "env OCIVANILLA_ENDPOINT=$url_a20 $bin list -o json"

echo "bench: $pages pages (5,000 instances)" >&2
hf pages -n "ocivanilla list -o json --all" "env OCIVANILLA_ENDPOINT=$url_p5000 $bin list -o json --all" \
  -n "curl $pages pages, one process (no-auth sim)" "env curl -sS --fail -K $work/pages.curlrc" \
  -n "SDK node process" "$(sdk_cmd "$url_p5000")" \
  -n "ocivanilla (signature-checking sim)" "env OCIVANILLA_ENDPOINT=$url_a5000 $bin list -o json --all"

# ---- cleanup of 200 expired on-demand VMs, every API call delayed by $delay_ms ms ----------------------
tags='{ocivanilla-managed: "true", ocivanilla-tier: on-demand, ocivanilla-expires-at: "2026-01-01T00:00:00Z"}'
s_clean="$(scenario clean 200 "$tags" "[{type: delay, milliseconds: $delay_ms}]")"
pidfiles+=("$work/clean.pid")
clean_url="$(start_sim clean "$s_clean" 0 --bench-no-auth)"
clean_port="${clean_url##*:}"
# A fresh simulator (same port) before every timed cleanup run: each run terminates all 200.
cat >"$work/restart-clean" <<EOF
#!/usr/bin/env bash
set -e
pid="\$(cat "$work/clean.pid")"
kill "\$pid" 2>/dev/null || true
for _ in \$(seq 1 100); do kill -0 "\$pid" 2>/dev/null || break; sleep 0.02; done
"$sim_bin" --scenario "$s_clean" --port "$clean_port" --host 127.0.0.1 --bench-no-auth \
  --trust-key "$key_id=$work/key_public.pem" >"$work/clean.out" 2>"$work/clean.err" &
echo \$! >"$work/clean.pid"
for _ in \$(seq 1 200); do [ -s "$work/clean.out" ] && exit 0; sleep 0.02; done
exit 1
EOF
chmod +x "$work/restart-clean"
echo "bench: cleanup of 200 expired VMs (${delay_ms} ms per API call)" >&2
lock="$work/cleanup.lock"
hyperfine -N --style basic --runs "$cleanup_runs" --prepare "$work/restart-clean" --export-json "$work/cleanup.json" \
  -n "ocivanilla cleanup --yes (default concurrency)" "env OCIVANILLA_ENDPOINT=$clean_url $bin cleanup --yes --lock-file $lock" \
  -n "cleanup --yes --concurrency 1" "env OCIVANILLA_ENDPOINT=$clean_url $bin cleanup --yes --concurrency 1 --lock-file $lock" >&2
"$work/restart-clean"
terminated() { curl -sS "$clean_url/_sim/instances" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);console.log(a.filter(i=>i.lifecycleState!=="RUNNING").length)})'; }
# 429s are honoured at full concurrency: 20 DELETEs throttled (Retry-After: 1) and still all 200 go.
for _ in $(seq 1 20); do
  curl -sS -o /dev/null -X POST "$clean_url/_sim/faults" -d '{"type": "throttle", "method": "DELETE", "retryAfterSeconds": 1}'
done
OCIVANILLA_ENDPOINT="$clean_url" "$bin" cleanup --yes --lock-file "$lock" >"$work/throttled.out" 2>&1 || true
throttled="$(curl -sS "$clean_url/_sim/requests" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const a=JSON.parse(s);console.log(a.filter(r=>r.status===429).length)})')"
gone="$(terminated)"

# ---- peak RSS with 5,000 instances ------------------------------------------------------------------
rss() { # rss CMD...: the median of 5 peak RSS figures in KiB
  for _ in 1 2 3 4 5; do /usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null; cat "$work/rss"; done | sort -n | sed -n 3p
}
rss_ovl="$(rss env OCIVANILLA_ENDPOINT="$url_p5000" "$bin" list -o json --all)"
rss_table="$(rss env OCIVANILLA_ENDPOINT="$url_p5000" "$bin" list --all)"
rss_small="$(rss env OCIVANILLA_ENDPOINT="$url_p20" "$bin" list -o json)"
rss_version="$(rss "$bin" --version)"
rss_curl="$(rss curl -sS --fail -K "$work/pages.curlrc")"
rss_sdk="$(rss env OVL_SIM_URL="$url_p5000" node "$here/sdk_list.js")"

# ---- simulator throughput: one curl process, 1,000 ListInstances requests over kept-alive connections
sim_rate() { # sim_rate BASE_URL: pages per second
  : >"$work/loop.curlrc"
  for _ in $(seq 1 1000); do printf 'url = "%s"\noutput = "/dev/null"\n' "$(list_url "$1")" >>"$work/loop.curlrc"; done
  local t0 t1
  t0="$(date +%s%N)"
  curl -sS --fail -K "$work/loop.curlrc"
  t1="$(date +%s%N)"
  echo $(( 1000 * 1000000000 / (t1 - t0) ))
}
sim_pages_per_s="$(sim_rate "$url_p5000")"
sim_small_per_s="$(sim_rate "$url_p20")"

# ---- signing: ocivanilla's signer vs openssl speed, alternated, same key size ---------------------
sign_ovl=()
sign_ssl=()
for _ in 1 2 3; do
  sign_ssl+=("$(openssl speed -seconds "$sign_seconds" rsa2048 2>/dev/null | awk '/^rsa 2048 bits/ {print $6}')")
  sign_ovl+=("$("$sign_bin" --bits 2048 --seconds "$sign_seconds" | sed "s/.* = \([0-9.]*\) sign\/s.*/\1/")")
done
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
m_ssl="$(median3 "${sign_ssl[@]}")"
m_ovl="$(median3 "${sign_ovl[@]}")"

# ---- report -----------------------------------------------------------------------------------------
{
  echo "# ocivanilla benchmarks ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) CPUs, $(lscpu | awk -F': *' '/^Model name/ {print $2}'), $(free -m | awk '/^Mem:/ {print $2}') MiB RAM;" \
       "load average before: $(cut -d' ' -f1-3 /proc/loadavg). hyperfine -N, $runs runs after 3 warm-ups."
  echo
  node "$here/targets.js" "$work" "$rss_ovl" "$m_ovl" "$m_ssl" "$throttled" "$gone"
  echo
  node "$here/summary.js" "Startup=$work/startup.json" "One page ($n20 instances)=$work/page.json" \
    "All pages ($n5000 instances, $pages pages)=$work/pages.json" \
    "Cleanup of 200 expired VMs, ${delay_ms} ms per API call=$work/cleanup.json"
  echo
  echo "429 check: $throttled DELETEs answered 429 (Retry-After: 1) during a default-concurrency cleanup; $gone of 200 instances terminated."
  echo
  echo "### Peak RSS, list of $n5000 instances (median of 5, /usr/bin/time -f %M)"
  echo
  echo "| contender | KiB |"
  echo "|---|---:|"
  echo "| ocivanilla list -o json --all | $rss_ovl |"
  echo "| ocivanilla list --all (table) | $rss_table |"
  echo "| ocivanilla list -o json, $n20 instances | $rss_small |"
  echo "| ocivanilla --version | $rss_version |"
  echo "| curl $pages pages | $rss_curl |"
  echo "| SDK node process | $rss_sdk |"
  echo
  echo "### Signing, RSA 2048, one thread (median of 3 alternated runs of ${sign_seconds} s)"
  echo
  echo "| contender | sign/s |"
  echo "|---|---:|"
  echo "| ocivanilla auth::sign_request (GET) | $m_ovl |"
  echo "| openssl speed rsa2048 | $m_ssl |"
  echo "| ratio | $(node -e "console.log(($m_ovl / $m_ssl).toFixed(3))") |"
  echo
  echo "### Simulator throughput"
  echo
  echo "ListInstances, one curl process, 1,000 requests each (no-auth simulators):"
  echo "$sim_pages_per_s pages/s of 100 instances (of 5,000); $sim_small_per_s pages/s of $n20 instances."
} >"$report"
cat "$report"
echo "bench: report written to $report" >&2
