"use strict";
// SDK conformance check: Oracle's TypeScript SDK (oci-core, oci-identity, oci-common) against a
// running ocivanilla-sim. Started by run.sh, which passes (environment):
//   OVL_SIM_URL          the simulator's base URL (http://127.0.0.1:PORT)
//   OVL_TENANCY, OVL_USER, OVL_FINGERPRINT, OVL_KEY_FILE   the trusted API key
//   OVL_OTHER_KEY_FILE   an RSA key the simulator does not trust
// Prints one "ok - ..." / "not ok - ..." line per check and "conformance: N passed, N failed";
// exits 0 only when every check passed.

// Every call must succeed the first time: no SDK retries and no circuit breaker, so that a
// simulator answer the SDK would only get past by retrying is a failure. Set before loading.
process.env.OCI_SDK_DEFAULT_RETRY_ENABLED = "false";
process.env.OCI_SDK_DEFAULT_CIRCUITBREAKER_ENABLED = "false";

const fs = require("fs");
const common = require("oci-common");
const core = require("oci-core");
const identity = require("oci-identity");
const { summary } = require("./lib/harness");
const { adminGet } = require("./lib/raw_client");
const { runSdkChecks } = require("./lib/sdk_checks");
const { runAuthChecks } = require("./lib/auth_checks");
const { runFaultChecks } = require("./lib/fault_checks");

const k_overall_timeout_ms = 50000;

// The SDK reports every refused call on console.warn ("Request cannot be retried ..."); many
// refusals here are expected, so those lines are marked as the SDK's.
const sdkWarn = console.warn;
console.warn = (...args) => sdkWarn("  (sdk)", ...args);

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`conformance: environment variable ${name} is not set (run tests/conformance/run.sh)`);
    process.exit(2);
  }
  return value;
}

function makeContext() {
  const url = requiredEnv("OVL_SIM_URL");
  const tenancy = requiredEnv("OVL_TENANCY");
  const user = requiredEnv("OVL_USER");
  const fingerprint = requiredEnv("OVL_FINGERPRINT");
  const privateKeyPem = fs.readFileSync(requiredEnv("OVL_KEY_FILE"), "utf8");
  const otherKeyPem = fs.readFileSync(requiredEnv("OVL_OTHER_KEY_FILE"), "utf8");
  const clientConfiguration = { retryConfiguration: common.NoRetryConfigurationDetails };
  const waiterConfiguration = {
    terminationStrategy: new common.MaxTimeTerminationStrategy(30),
    delayStrategy: new common.FixedTimeDelayStrategy(1),
  };

  // Clients authenticated as the given key; the endpoint is the simulator (http on loopback).
  // `configuration` may replace the no-retry client configuration.
  function makeClients(keyFingerprint, keyPem, configuration = clientConfiguration) {
    const provider = new common.SimpleAuthenticationDetailsProvider(
      tenancy, user, keyFingerprint, keyPem, null, common.Region.EU_FRANKFURT_1);
    const params = { authenticationDetailsProvider: provider };
    const clients = {
      compute: new core.ComputeClient(params, configuration),
      network: new core.VirtualNetworkClient(params, configuration),
      identity: new identity.IdentityClient(params, configuration),
    };
    for (const client of Object.values(clients)) {
      client.endpoint = url;
    }
    return clients;
  }

  const clients = makeClients(fingerprint, privateKeyPem);
  return Object.assign(clients, {
    url, tenancy, fingerprint, privateKeyPem, otherKeyPem, makeClients,
    keyId: `${tenancy}/${user}/${fingerprint}`,
    waiters: clients.compute.createWaiters(undefined, waiterConfiguration),
  });
}

async function main() {
  const ctx = makeContext();
  const clock = await adminGet(ctx.url, "/_sim/clock");
  console.log(`conformance: oci-core ${require("oci-core/package.json").version} against ${ctx.url}` +
              ` (simulator clock ${clock.now})`);
  await runSdkChecks(ctx);
  await runAuthChecks(ctx);
  await runFaultChecks(ctx);
  return summary();
}

const timer = setTimeout(() => {
  console.log(`not ok - the checks did not finish within ${k_overall_timeout_ms / 1000} s`);
  process.exit(1);
}, k_overall_timeout_ms);

main().then((passed) => {
  clearTimeout(timer);
  process.exit(passed ? 0 : 1);
}, (error) => {
  clearTimeout(timer);
  console.log(`not ok - unexpected error: ${(error && error.stack) || error}`);
  process.exit(1);
});
