#!/usr/bin/env bash
# `make tidy`: clang-tidy 14 with the checks of .clang-tidy (warnings are errors) over every
# translation unit of src/, using BUILD_DIR's compile_commands.json (configured if missing).
#   scripts/tidy.sh [BUILD_DIR] [FILE-REGEX]     e.g. scripts/tidy.sh build 'src/core/'
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
filter="${2:-/src/}"
jobs="$(nproc 2>/dev/null || echo 2)"
scripts/deps.sh lint
if [ ! -f "$build/compile_commands.json" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# Headers generated at configure time are all there is to generate: no build needed.
echo "== clang-tidy over $filter ($build/compile_commands.json, $jobs jobs)"
# The gcc-only -Wno-restrict (cmake/Warnings.cmake) is unknown to clang: not an error here.
log="$build/tidy.log"
status=0
run-clang-tidy-14 -p "$build" -j "$jobs" -quiet -extra-arg=-Wno-unknown-warning-option \
  "$(pwd)$filter" >"$log" 2>&1 || status=$?
# Only the findings: run-clang-tidy also prints each command line and warning counts.
grep -v -E '^(clang-tidy-14 |[0-9]+ warnings? (and [0-9]+ errors? )?generated|Suppressed [0-9]+ warnings|Use -header-filter|Running clang-tidy|Error while processing)' "$log" || true
if [ "$status" -ne 0 ]; then
  echo "tidy: clang-tidy reported errors (above; full output in $log)" >&2
  exit 1
fi
echo "tidy: clean"
