#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of tests/fuzz with clang 14 (libFuzzer + ASan + UBSan)
# and runs each in turn for FUZZ_SECONDS, then prints executions and coverage per target.
# See docs/reliability.md "Fuzzing".
#   FUZZ_SECONDS=60     time per target (CI: FUZZ_SECONDS=20)
#   FUZZ_TARGETS="core plan"  a subset (default: every target below)
#   FUZZ_RSS_MB=2048    -rss_limit_mb per target;  FUZZ_TIMEOUT=10  seconds per input (a hang)
#   FUZZ_BUILD=build-fuzz  build directory; the growing corpora and crash artifacts stay there
# The committed seeds (tests/fuzz/corpus/<target>/) are read, never written. A crash, leak,
# hang or failed property stops that target, is listed at the end, and the exit status is 1:
# copy the artifact into tests/fuzz/regressions/<target>/ (ctest replays it in every build).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
rss_mb="${FUZZ_RSS_MB:-2048}"
timeout="${FUZZ_TIMEOUT:-10}"
build="${FUZZ_BUILD:-build-fuzz}"
jobs="$(nproc 2>/dev/null || echo 2)"
all_targets=(core config plan tags api sim_signature sim_scenario sim_request)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"

# clang 14 and its compiler-rt (libFuzzer, sanitizers), as scripts/deps.sh installs packages.
scripts/deps.sh build
missing=()
for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "fuzz: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "fuzz: missing Debian packages; run as root:" >&2
    echo "  apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

echo "== configure $build (clang-14, libFuzzer, ASan+UBSan)"
CC=clang-14 CXX=clang++-14 cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOCIVANILLA_FUZZ=ON -DOCIVANILLA_SANITIZE=ON -DOCIVANILLA_TESTS=OFF >/dev/null
echo "== build ${targets[*]}"
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
summary=()
failed=()
for t in "${targets[@]}"; do
  bin="$(find "$build" -type f -name "fuzz_$t" -perm -u+x | head -n 1)"
  work="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t"
  log="$build/fuzz-logs/$t.log"
  mkdir -p "$work" "$artifacts" "$(dirname "$log")"
  echo "== fuzz $t for ${seconds}s (log: $log)"
  status=0
  "$bin" -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -timeout="$timeout" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$work" "tests/fuzz/corpus/$t" > "$log" 2>&1 || status=$?
  execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)"
  speed="$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1)"
  cov="$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')"
  ft="$(grep -o 'ft: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')"
  corp="$(grep -o 'corp: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*')"
  result=ok
  if [ "$status" -ne 0 ]; then
    result="FAILED (exit $status): $(ls -t "$artifacts" 2>/dev/null | head -n 1 | sed "s|^|$artifacts/|")"
    failed+=("$t")
    grep -E "ERROR: |fuzz property failed|SUMMARY: " "$log" | head -n 5 >&2 || true
  fi
  summary+=("$(printf '%-14s %12s %8s %8s %8s %8s  %s' "$t" "${execs:-?}" "${speed:-?}" "${cov:-?}" \
    "${ft:-?}" "${corp:-?}" "$result")")
done

echo "== fuzz summary (${seconds}s per target)"
printf '%-14s %12s %8s %8s %8s %8s  %s\n' target executions exec/s cov ft corpus result
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; add each artifact to tests/fuzz/regressions/<target>/ and fix" >&2
  exit 1
fi
