#!/usr/bin/env bash
# `make demo`: the main job end to end against the local simulator, with the real binary.
# Generates a throwaway API key and config under .demo/, starts ocivanilla-sim on the seed
# tenancy (config/sim/seed-tenancy.yaml), runs the commands a user would, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
bin="$PWD/$build/ocivanilla"
sim_bin="$PWD/$build/ocivanilla-sim"
demo="$PWD/.demo"
rm -rf "$demo"
mkdir -p "$demo/home/.oci" "$demo/home/.ssh"
chmod 700 "$demo/home/.oci"

# A throwaway API key, its fingerprint, and a config profile that points at it.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$demo/home/.oci/oci_api_key.pem" 2>/dev/null
chmod 600 "$demo/home/.oci/oci_api_key.pem"
openssl pkey -in "$demo/home/.oci/oci_api_key.pem" -pubout -out "$demo/home/.oci/oci_api_key_public.pem"
fingerprint=$(openssl pkey -in "$demo/home/.oci/oci_api_key.pem" -pubout -outform DER | openssl md5 -c | awk '{print $NF}')
tenancy=$(awk '/^tenancyId:/ {print $2}' config/sim/seed-tenancy.yaml)
region=$(awk '/^region:/ {print $2}' config/sim/seed-tenancy.yaml)
user=ocid1.user.oc1..aaaaaaaademouser
cat > "$demo/home/.oci/config" <<CFG
[DEFAULT]
user=$user
fingerprint=$fingerprint
key_file=$demo/home/.oci/oci_api_key.pem
tenancy=$tenancy
region=$region
CFG
chmod 600 "$demo/home/.oci/config"
# Demo-only SSH public key (the simulator stores it in the instance metadata).
echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDemoOnlyNotARealKey0000000000000000000 demo@ocivanilla" \
  > "$demo/home/.ssh/id_ed25519.pub"

# Start the simulator and read its base URL from the first line it prints.
mkfifo "$demo/sim.out"
"$sim_bin" --port 0 --scenario config/sim/seed-tenancy.yaml \
  --trust-key "$tenancy/$user/$fingerprint=$demo/home/.oci/oci_api_key_public.pem" \
  --log "$demo/sim.log" > "$demo/sim.out" &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; wait $sim_pid 2>/dev/null || true' EXIT
exec 3< "$demo/sim.out"
read -r -t 20 line <&3 || { echo "demo: the simulator did not start (see $demo/sim.log)" >&2; exit 1; }
url="${line#listening on }"

export HOME="$demo/home" OCI_CLI_CONFIG_FILE="$demo/home/.oci/config" OCIVANILLA_ENDPOINT="$url"
export OCIVANILLA_PLAN="$PWD/config/plan.yaml"
step() { printf '\n\033[1m$ ocivanilla %s\033[0m\n' "$*"; }
run() { step "$@"; "$bin" "$@"; }
expect_fail() { # expect_fail CODE ARGS...: the command must fail with CODE
  local code="$1"; shift
  step "$@"
  set +e; "$bin" "$@"; local rc=$?; set -e
  echo "(exit $rc)"
  [ "$rc" -eq "$code" ] || { echo "demo: expected exit $code" >&2; exit 1; }
}

echo "ocivanilla demo against the local simulator at $url (seed tenancy, plan config/plan.yaml)"
run list
run plan status
echo; echo "# The A1 pool is full: the budget guard refuses lab-manager before any API call changes state."
expect_fail 6 launch lab-manager --shape VM.Standard.A1.Flex --memory 8 --ocpus 2
echo; echo "# Free the pool as plan status says: drop the test VM, consolidate purelabsourcing."
run terminate ubuntu-vanilla-test --yes --wait
echo; echo "# Two instances share the purelabsourcing name: a name never picks one at random."
expect_fail 5 terminate purelabsourcing-ubuntu-arm64 --yes
# list -o json prints one instance per line; keep the first purelabsourcing one's id.
second=$("$bin" list -o json | awk -F'"' '!found && /purelabsourcing-ubuntu-arm64/ {for (i=1;i<NF;i++) if ($i=="id") {print $(i+2); found=1; break}}')
run terminate "$second" --yes --wait
run launch lab-manager --shape VM.Standard.A1.Flex --memory 8 --ocpus 2 --wait
run tag lab-manager-server owner=lab team=ops
run list
run plan status
echo; echo "demo: done (simulator log: $demo/sim.log)"
