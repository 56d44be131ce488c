"use strict";
// Authentication: a request the simulator must refuse with 401 NotAuthenticated, through the SDK
// (another key, an unknown keyId) and through raw requests signed with Node's crypto (a tampered
// signature, a stale date, a wrong body hash), each next to a correctly signed control request so
// that a 401 cannot come from a broken raw signer. The simulator's request log tells which check
// refused each request.

const crypto = require("crypto");
const { adminGet, signedRequest } = require("./raw_client");
const { check, expectDeepEqual, expectEqual, expectMatch, expectOciError, fail } = require("./harness");

const k_not_authenticated = "The required information to complete authentication was not provided or was incorrect.";
const k_web_instance = "ocid1.instance.oc1.eu-frankfurt-1.anconfinstance0001";

// The simulator's record of the request with this opc-request-id.
async function recordOf(ctx, opcRequestId) {
  const records = await adminGet(ctx.url, "/_sim/requests");
  const record = records.find((r) => r.opcRequestId === opcRequestId);
  if (!record) {
    fail(`the simulator has no record of opc-request-id ${opcRequestId}`);
  }
  return record;
}

async function expectRefusedBy(ctx, opcRequestId, reasonPattern) {
  const record = await recordOf(ctx, opcRequestId);
  expectEqual(record.status, 401, "recorded status");
  expectMatch(record.authError, reasonPattern, "recorded authError");
}

function rawOptions(ctx, extra) {
  return Object.assign({ keyId: ctx.keyId, privateKeyPem: ctx.privateKeyPem }, extra);
}

function newRequestId() {
  return crypto.randomBytes(16).toString("hex").toUpperCase();
}

function adTarget(ctx) {
  return `/20160918/availabilityDomains?compartmentId=${encodeURIComponent(ctx.tenancy)}`;
}

function expectNotAuthenticated(reply, what) {
  expectEqual(reply.status, 401, `${what}: status`);
  expectEqual(reply.json && reply.json.code, "NotAuthenticated", `${what}: code`);
  expectMatch(reply.headers["opc-request-id"], /\S/, `${what}: opc-request-id`);
}

async function checkSdkKeys(ctx) {
  await check("the SDK signing with another key under the trusted keyId gets 401 NotAuthenticated", async () => {
    const clients = ctx.makeClients(ctx.fingerprint, ctx.otherKeyPem);
    const error = await expectOciError(clients.identity.listAvailabilityDomains({ compartmentId: ctx.tenancy }),
      401, "NotAuthenticated", "ListAvailabilityDomains with another key");
    expectEqual(error.message, k_not_authenticated, "message");
    await expectRefusedBy(ctx, error.opcRequestId, /^signature does not verify$/);
  });
  await check("the SDK signing with an untrusted keyId gets 401 NotAuthenticated, also for a POST", async () => {
    const clients = ctx.makeClients("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff", ctx.privateKeyPem);
    const error = await expectOciError(clients.compute.instanceAction({ instanceId: k_web_instance, action: "STOP" }),
      401, "NotAuthenticated", "InstanceAction with an untrusted keyId");
    await expectRefusedBy(ctx, error.opcRequestId, /^unknown keyId$/);
    const web = await ctx.compute.getInstance({ instanceId: k_web_instance });
    expectEqual(web.instance.lifecycleState, "RUNNING", "conf-web state after the refused STOP");
  });
}

async function checkRawGet(ctx) {
  await check("raw: a correctly signed GET (date header, no x-date) is accepted", async () => {
    const reply = await signedRequest(ctx.url, "GET", adTarget(ctx), undefined, rawOptions(ctx, { dateHeader: "date" }));
    expectEqual(reply.status, 200, "status");
    expectEqual(reply.json.length, 3, "availability domains");
  });
  await check("raw: a tampered signature gets 401", async () => {
    const id = newRequestId();
    const reply = await signedRequest(ctx.url, "GET", adTarget(ctx), undefined,
      rawOptions(ctx, { tamperSignature: true, extraHeaders: { "opc-request-id": id } }));
    expectNotAuthenticated(reply, "tampered signature");
    expectEqual(reply.json.message, k_not_authenticated, "message");
    await expectRefusedBy(ctx, id, /^signature does not verify$/);
  });
  await check("raw: a signature made for another request target gets 401", async () => {
    const id = newRequestId();
    const reply = await signedRequest(ctx.url, "GET", `/20160918/instances/${k_web_instance}`, undefined,
      rawOptions(ctx, { signedTarget: adTarget(ctx), extraHeaders: { "opc-request-id": id } }));
    expectNotAuthenticated(reply, "signature for another target");
    await expectRefusedBy(ctx, id, /^signature does not verify$/);
  });
  await check("raw: an x-date 6 minutes in the future gets 401", async () => {
    const id = newRequestId();
    const reply = await signedRequest(ctx.url, "GET", adTarget(ctx), undefined,
      rawOptions(ctx, { date: new Date(Date.now() + 6 * 60 * 1000), extraHeaders: { "opc-request-id": id } }));
    expectNotAuthenticated(reply, "future x-date");
    await expectRefusedBy(ctx, id, /^clock skew$/);
  });
  await check("raw: an x-date 10 minutes old gets 401 with the clock-skew message", async () => {
    const id = newRequestId();
    const stale = new Date(Date.now() - 10 * 60 * 1000);
    const reply = await signedRequest(ctx.url, "GET", adTarget(ctx), undefined,
      rawOptions(ctx, { date: stale, extraHeaders: { "opc-request-id": id } }));
    expectNotAuthenticated(reply, "stale x-date");
    const staleText = stale.toUTCString().replace(/GMT$/, "UTC");
    expectMatch(reply.json.message, new RegExp(`^Date '${staleText}' is not within allowed clock skew\\. Current '`),
      "message");
    await expectRefusedBy(ctx, id, /^clock skew$/);
  });
}

async function checkRawBody(ctx) {
  const target = `/20160918/instances/${k_web_instance}`;
  await check("raw: a correctly signed PUT with a body is accepted", async () => {
    const body = JSON.stringify({ freeformTags: { team: "web", signedBy: "raw" } });
    const reply = await signedRequest(ctx.url, "PUT", target, body, rawOptions(ctx, {}));
    expectEqual(reply.status, 200, "status");
    expectDeepEqual(reply.json.freeformTags, { team: "web", signedBy: "raw" }, "freeformTags");
  });
  await check("raw: a PUT whose x-content-sha256 is not the body's hash gets 401 and changes nothing", async () => {
    const id = newRequestId();
    const body = JSON.stringify({ freeformTags: { team: "tampered" } });
    const signedFor = JSON.stringify({ freeformTags: { team: "web" } });
    const reply = await signedRequest(ctx.url, "PUT", target, body,
      rawOptions(ctx, { bodyForHash: signedFor, extraHeaders: { "opc-request-id": id } }));
    expectNotAuthenticated(reply, "wrong x-content-sha256");
    await expectRefusedBy(ctx, id, /x-content-sha256/);
    const web = await ctx.compute.getInstance({ instanceId: k_web_instance });
    expectDeepEqual(web.instance.freeformTags, { team: "web", signedBy: "raw" }, "freeformTags after the refusal");
  });
}

async function runAuthChecks(ctx) {
  await checkSdkKeys(ctx);
  await checkRawGet(ctx);
  await checkRawBody(ctx);
}

module.exports = { runAuthChecks };
