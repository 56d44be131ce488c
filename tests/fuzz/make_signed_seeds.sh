#!/usr/bin/env bash
# Writes the signed seed requests of corpus/sim_signature/ (request_text.hpp's format), signed
# with tests/data/keys/test-rsa2048.pem under the keyId fuzz_sim_signature.cpp trusts, dated
# the time it verifies against. Needs only openssl. Usage: tests/fuzz/make_signed_seeds.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
key="$here/../data/keys/test-rsa2048.pem"
out="$here/corpus/sim_signature"
key_id='ocid1.tenancy.oc1..fuzz/ocid1.user.oc1..fuzz/20:3b:97:13:55'
date='Thu, 05 Jan 2014 21:31:40 GMT'
host='127.0.0.1:8443'
mkdir -p "$out"

sign() { # sign TEXT -> base64 signature
  printf '%s' "$1" | openssl dgst -sha256 -sign "$key" | base64 -w0
}

seed_get() { # seed_get FILE METHOD TARGET DATE_HEADER
  local file="$1" method="$2" target="$3" date_name="$4" lower
  lower="$(printf '%s' "$method" | tr 'A-Z' 'a-z')"
  local sstr="$date_name: $date"$'\n'"(request-target): $lower $target"$'\n'"host: $host"
  local sig; sig="$(sign "$sstr")"
  printf '%s %s\nHost: %s\n%s: %s\nAuthorization: Signature version="1",headers="%s (request-target) host",keyId="%s",algorithm="rsa-sha256",signature="%s"\n\n' \
    "$method" "$target" "$host" "$date_name" "$date" "$date_name" "$key_id" "$sig" > "$out/$file"
}

seed_body() { # seed_body FILE METHOD TARGET BODY
  local file="$1" method="$2" target="$3" body="$4" lower
  lower="$(printf '%s' "$method" | tr 'A-Z' 'a-z')"
  local length="${#body}"
  local digest; digest="$(printf '%s' "$body" | openssl dgst -sha256 -binary | base64 -w0)"
  local sstr="date: $date"$'\n'"(request-target): $lower $target"$'\n'"host: $host"
  sstr+=$'\n'"content-length: $length"$'\n'"content-type: application/json"$'\n'"x-content-sha256: $digest"
  local sig; sig="$(sign "$sstr")"
  printf '%s %s\nHost: %s\nDate: %s\nContent-Type: application/json\nContent-Length: %s\nx-content-sha256: %s\nAuthorization: Signature version="1",headers="date (request-target) host content-length content-type x-content-sha256",keyId="%s",algorithm="rsa-sha256",signature="%s"\n\n%s' \
    "$method" "$target" "$host" "$date" "$length" "$digest" "$key_id" "$sig" "$body" > "$out/$file"
}

seed_get signed-get-instances.txt GET '/20160918/instances?compartmentId=ocid1.tenancy.oc1..aaaa&limit=5' date
seed_get signed-get-x-date.txt GET '/20160918/shapes?compartmentId=ocid1.tenancy.oc1..aaaa' x-date
seed_get signed-delete.txt DELETE '/20160918/instances/ocid1.instance.oc1.iad.abc?preserveBootVolume=false' date
seed_body signed-post-launch.txt POST '/20160918/instances' '{"compartmentId":"ocid1.tenancy.oc1..aaaa","displayName":"lab","shape":"VM.Standard.A1.Flex"}'
seed_body signed-put-tags.txt PUT '/20160918/instances/ocid1.instance.oc1.iad.abc' '{"freeformTags":{"owner":"tamara"}}'
seed_body signed-post-empty.txt POST '/20160918/instances/ocid1.instance.oc1.iad.abc?action=STOP' ''
