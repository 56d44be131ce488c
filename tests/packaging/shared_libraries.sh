#!/usr/bin/env bash
# The shared libraries the ocivanilla binary asks the dynamic loader for (ADR 0006): libcurl,
# libcrypto, libm and libc, never spdlog, fmt or yaml-cpp (linked in), and libstdc++/libgcc_s
# only in builds that link them dynamically (sanitizers, OCIVANILLA_STATIC_CXX=OFF).
# Usage: shared_libraries.sh BINARY STATIC_CXX(ON|OFF) STATIC_RUNTIME(ON|OFF)
set -euo pipefail
bin="$1" static_cxx="$2" static_runtime="$3"
needed="$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
echo "NEEDED: $(echo $needed)"
fail=0
expect_absent() {
  if grep -q "^$1" <<<"$needed"; then
    echo "FAIL: $bin needs $1 ($2)"
    fail=1
  fi
}
for lib in libcurl libcrypto libc.so; do
  grep -q "^$lib" <<<"$needed" || { echo "FAIL: $bin does not need $lib"; fail=1; }
done
if [ "$static_cxx" = ON ]; then
  for lib in libspdlog libfmt libyaml-cpp; do expect_absent "$lib" "OCIVANILLA_STATIC_CXX links it in"; done
fi
if [ "$static_runtime" = ON ]; then
  for lib in libstdc++ libgcc_s; do expect_absent "$lib" "-static-libstdc++ -static-libgcc"; done
fi
exit "$fail"
