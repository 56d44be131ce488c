#!/usr/bin/env bash
# `make test`: builds and runs every test twice: a Release build (unit, integration and the SDK
# conformance check) and an ASan+UBSan Debug build (unit and integration). Warnings are errors in
# CI (CI=true) and whenever OVL_WERROR=1. CI also checks the layout (.clang-format) first and runs
# clang-tidy (.clang-tidy) over src/ after the Release build (SKIP_LINT=1 skips both).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc 2>/dev/null || echo 2)"
werror=OFF
if [ "${CI:-}" = true ] || [ "${OVL_WERROR:-}" = 1 ]; then werror=ON; fi

run_suite() { # run_suite BUILD_DIR LABEL_EXCLUDE CMAKE_ARGS...
  local dir="$1" exclude="$2"; shift 2
  echo "== configure $dir ($*)"
  cmake -S . -B "$dir" -DOCIVANILLA_WERROR="$werror" "$@" >/dev/null
  echo "== build $dir"
  cmake --build "$dir" -j "$jobs"
  echo "== test $dir"
  local ctest_args=(--test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600)
  if [ -n "$exclude" ]; then ctest_args+=(-LE "$exclude"); fi
  ctest "${ctest_args[@]}"
}

lint=
if [ "${CI:-}" = true ] && [ -z "${SKIP_LINT:-}" ]; then lint=1; fi
if [ -n "$lint" ]; then
  echo "== check-format"
  make --no-print-directory check-format
fi
if [ -z "${ONLY_ASAN:-}" ]; then
  run_suite build "" -DCMAKE_BUILD_TYPE=Release
  if [ -n "$lint" ]; then scripts/tidy.sh build; fi
fi
if [ -z "${SKIP_ASAN:-}" ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run_suite build-asan conformance -DCMAKE_BUILD_TYPE=Debug -DOCIVANILLA_SANITIZE=ON
fi
# CI also gives every libFuzzer target a short bounded run (make fuzz runs them longer).
if [ "${CI:-}" = true ] && [ -z "${SKIP_FUZZ:-}" ]; then
  echo "== fuzz (bounded, ${FUZZ_SECONDS:-20} s per target)"
  FUZZ_SECONDS="${FUZZ_SECONDS:-20}" scripts/fuzz.sh
fi
echo "== all tests passed"
