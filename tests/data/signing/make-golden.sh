#!/usr/bin/env bash
# Regenerates the golden signing cases of this folder with the openssl CLI only (no
# ocivanilla code), so the unit tests compare src/auth/signer.cpp against an independent
# implementation of SIGNING.md §1. Run from anywhere: bash tests/data/signing/make-golden.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
key_rel=tests/data/keys/test-rsa2048.pem
key="$repo/$key_rel"
date='Fri, 04 Dec 2026 20:45:00 GMT'
api_key_id='ocid1.tenancy.oc1..aaaaaaaaexampletenancy/ocid1.user.oc1..aaaaaaaaexampleuser/37:b4:94:80:f9:5e:fd:87:f4:09:c5:e4:9c:1a:87:5e'
iad=iaas.us-ashburn-1.oraclecloud.com
instance=ocid1.instance.oc1.iad.anuwcljrexampleinstance

json() { python3 -c 'import json, sys; print(json.dumps(sys.argv[1], ensure_ascii=False))' "$1"; }

# case NAME METHOD TARGET HOST BODY USE_X_DATE SIGN_HOST KEY_ID [QUERY_JSON]
case_() {
  local name=$1 method=$2 target=$3 host=$4 body=$5 x_date=$6 sign_host=$7 key_id=$8 query=${9:-}
  local dir="$here/$name" lower names lines=()
  mkdir -p "$dir"
  lower=$(printf '%s' "$method" | tr 'A-Z' 'a-z')
  if [ "$x_date" = true ]; then names='x-date'; lines+=("x-date: $date"); else names='date'; lines+=("date: $date"); fi
  names+=' (request-target)'; lines+=("(request-target): $lower $target")
  if [ "$sign_host" = true ]; then names+=' host'; lines+=("host: $host"); fi
  case "$lower" in post|put|patch)
    local length sha
    length=$(printf '%s' "$body" | wc -c | tr -d ' ')
    sha=$(printf '%s' "$body" | openssl dgst -sha256 -binary | openssl base64 -A)
    names+=' content-length content-type x-content-sha256'
    lines+=("content-length: $length" "content-type: application/json" "x-content-sha256: $sha")
  esac
  local IFS=$'\n'
  printf '%s' "${lines[*]}" > "$dir/signing-string.txt"
  unset IFS
  local sig
  sig=$(openssl dgst -sha256 -sign "$key" "$dir/signing-string.txt" | openssl base64 -A)
  printf 'Signature version="1",headers="%s",keyId="%s",algorithm="rsa-sha256",signature="%s"' \
    "$names" "$key_id" "$sig" > "$dir/authorization.txt"
  {
    printf '{\n  "method": %s,\n  "target": %s,\n  "host": %s,\n  "date": %s,\n' \
      "$(json "$method")" "$(json "$target")" "$(json "$host")" "$(json "$date")"
    printf '  "body": %s,\n  "content_type": "application/json",\n' "$(json "$body")"
    printf '  "use_x_date": %s,\n  "sign_host": %s,\n  "key_id": %s,\n  "key_file": %s' \
      "$x_date" "$sign_host" "$(json "$key_id")" "$(json "$key_rel")"
    if [ -n "$query" ]; then printf ',\n  "query": %s' "$query"; fi
    printf '\n}\n'
  } > "$dir/context.json"
}

case_ post-empty-body POST "/20160918/instances/$instance?action=STOP" "$iad" '' false true "$api_key_id"
case_ delete DELETE "/20160918/instances/$instance?preserveBootVolume=false" "$iad" '' false true "$api_key_id"
case_ host-with-port GET '/20160918/instances?compartmentId=ocid1.tenancy.oc1..aaaaaaaaexampletenancy&limit=100' \
  '127.0.0.1:8443' '' false true "$api_key_id"
case_ x-date GET '/20160918/shapes?compartmentId=ocid1.tenancy.oc1..aaaaaaaaexampletenancy' "$iad" '' true true \
  'ST$eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl'
case_ query-encoding GET \
  '/20160918/instances?availabilityDomain=Uocm%3A%20US-ASHBURN-AD-1&displayName=caf%C3%A9%20%E6%9D%B1%E4%BA%AC%3Aa%2Fb%2Bc&lifecycleState=RUNNING' \
  "$iad" '' false true "$api_key_id" \
  '{"path": "/20160918/instances", "params": [["availabilityDomain", "Uocm: US-ASHBURN-AD-1"], ["displayName", "café 東京:a/b+c"], ["lifecycleState", "RUNNING"]]}'
case_ put-json-body PUT "/20160918/instances/$instance" "$iad" \
  '{"freeformTags":{"ocivanilla-tier":"on-demand","owner":"Zoë"}}' false true "$api_key_id"
case_ federation-no-host POST /v1/x509 auth.us-ashburn-1.oraclecloud.com \
  '{"certificate":"MIIB","publicKey":"MIIB","intermediateCertificates":[]}' false false \
  'ocid1.tenancy.oc1..aaaaaaaaexampletenancy/fed-x509/AA:BB:CC'
