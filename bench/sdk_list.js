"use strict";
// Benchmark contender: the same call as `ocivanilla list -o json`, made through Oracle's own
// TypeScript SDK (oci-core, oci-common from tests/conformance/node_modules) as a whole process.
// ListInstances for the compartment, every page (limit 100, following opc-next-page), and the
// instances printed as one JSON document {"data": [...]} on stdout.
// Environment (set by bench/run.sh): OVL_SIM_URL, OVL_TENANCY, OVL_USER, OVL_FINGERPRINT,
// OVL_KEY_FILE, OVL_COMPARTMENT (defaults to the tenancy).
// Retries and the circuit breaker are off so that every call is made exactly once, as ocivanilla
// makes it on a healthy simulator. Set before the SDK is loaded.
process.env.OCI_SDK_DEFAULT_RETRY_ENABLED = "false";
process.env.OCI_SDK_DEFAULT_CIRCUITBREAKER_ENABLED = "false";

const fs = require("fs");
const path = require("path");

const modules = path.join(__dirname, "..", "tests", "conformance", "node_modules");
const common = require(path.join(modules, "oci-common"));
const core = require(path.join(modules, "oci-core"));

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`sdk_list: environment variable ${name} is not set (run bench/run.sh)`);
    process.exit(2);
  }
  return value;
}

async function main() {
  const tenancy = requiredEnv("OVL_TENANCY");
  const provider = new common.SimpleAuthenticationDetailsProvider(
    tenancy, requiredEnv("OVL_USER"), requiredEnv("OVL_FINGERPRINT"),
    fs.readFileSync(requiredEnv("OVL_KEY_FILE"), "utf8"), null, common.Region.EU_FRANKFURT_1);
  const compute = new core.ComputeClient({ authenticationDetailsProvider: provider },
                                         { retryConfiguration: common.NoRetryConfigurationDetails });
  compute.endpoint = requiredEnv("OVL_SIM_URL");
  const request = { compartmentId: process.env.OVL_COMPARTMENT || tenancy, limit: 100 };
  const items = [];
  for await (const instance of compute.listInstancesRecordIterator(request)) {
    items.push(instance);
  }
  process.stdout.write(JSON.stringify({ data: items }) + "\n");
  compute.close();
}

main().catch((error) => {
  console.error(`sdk_list: ${error.message || error}`);
  process.exit(1);
});
