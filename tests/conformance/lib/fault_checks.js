"use strict";
// The SDK's own retrier against the simulator's injected faults: a throttled and an unavailable
// answer are retried to success, and an out-of-capacity launch is retried with the same
// opc-retry-token and creates exactly one instance. Runs last: it adds an instance.

const common = require("oci-common");
const { adminDelete, adminGet, adminPost } = require("./raw_client");
const { check, expectDeepEqual, expectEqual, expectMatch } = require("./harness");

const k_x86_image = "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaconfubuntu2404x8664";
const k_public_subnet = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaconfpublicsubnet";
const k_retry_token = "conformance-retried-launch-0001";

function retryingClients(ctx) {
  return ctx.makeClients(ctx.fingerprint, ctx.privateKeyPem, {
    retryConfiguration: {
      terminationStrategy: new common.MaxAttemptsTerminationStrategy(4),
      delayStrategy: new common.FixedTimeDelayStrategy(0),
      retryCondition: common.OciSdkDefaultRetryConfiguration.retryCondition,
    },
  });
}

async function recordsFor(ctx, pathPattern) {
  const records = await adminGet(ctx.url, "/_sim/requests");
  return records.filter((r) => pathPattern.test(r.path));
}

async function runFaultChecks(ctx) {
  const clients = retryingClients(ctx);
  await check("the SDK retrier gets past a 429 and a 503 from fault injection", async () => {
    await adminDelete(ctx.url, "/_sim/requests");
    await adminPost(ctx.url, "/_sim/faults", { type: "throttle", path: "/availabilityDomains", retryAfterSeconds: 0 });
    await adminPost(ctx.url, "/_sim/faults", { type: "unavailable", path: "/availabilityDomains" });
    const response = await clients.identity.listAvailabilityDomains({ compartmentId: ctx.tenancy });
    expectEqual(response.items.length, 3, "availability domains after the retries");
    const records = await recordsFor(ctx, /\/availabilityDomains$/);
    expectDeepEqual(records.map((r) => [r.status, r.fault]), [[429, "throttle"], [503, "unavailable"], [200, null]],
      "recorded attempts");
    expectEqual(new Set(records.map((r) => r.opcRequestId)).size, 1, "one opc-request-id across the attempts");
    expectDeepEqual(await adminGet(ctx.url, "/_sim/faults"), [], "faults left");
  });
  await check("an out-of-capacity launch retried by the SDK with the same token creates one instance", async () => {
    await adminDelete(ctx.url, "/_sim/requests");
    await adminPost(ctx.url, "/_sim/faults", { type: "out_of_capacity" });
    const before = (await adminGet(ctx.url, "/_sim/instances")).length;
    const response = await clients.compute.launchInstance({
      opcRetryToken: k_retry_token,
      launchInstanceDetails: {
        availabilityDomain: "FeVO:EU-FRANKFURT-1-AD-1", compartmentId: ctx.tenancy, displayName: "conformance-micro",
        shape: "VM.Standard.E2.1.Micro", sourceDetails: { sourceType: "image", imageId: k_x86_image },
        createVnicDetails: { subnetId: k_public_subnet },
      },
    });
    expectMatch(response.instance.id, /^ocid1\.instance\./, "instance id");
    expectEqual(response.instance.shapeConfig.ocpus, 1, "E2.1.Micro shapeConfig.ocpus");
    const launches = await recordsFor(ctx, /\/instances\/?$/);
    expectDeepEqual(launches.map((r) => [r.method, r.status, r.opcRetryToken]),
      [["POST", 500, k_retry_token], ["POST", 200, k_retry_token]], "recorded launch attempts");
    expectEqual((await adminGet(ctx.url, "/_sim/instances")).length, before + 1, "instances after the launch");
  });
}

module.exports = { runFaultChecks };
