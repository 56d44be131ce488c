"use strict";
// The main flow through Oracle's SDK clients: identity and catalog lists, launch, wait for
// RUNNING, pagination, tags with if-match, a stop/start action, terminate. Facts about the
// tenancy come from scenario.yaml.

const core = require("oci-core");
const { adminGet } = require("./raw_client");
const { expectModel } = require("./model_fields");
const {
  check, expectDeepEqual, expectEqual, expectMatch, expectNonEmptyString, expectOciError, expectTimestamp,
  expectTrue, fail,
} = require("./harness");

const k_ads = ["FeVO:EU-FRANKFURT-1-AD-1", "FeVO:EU-FRANKFURT-1-AD-2", "FeVO:EU-FRANKFURT-1-AD-3"];
const k_image_2404_arm = "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaconfubuntu2404aarch64";
const k_image_2204_arm = "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaconfubuntu2204aarch64";
const k_public_subnet = "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaconfpublicsubnet";
const k_vcn = "ocid1.vcn.oc1.eu-frankfurt-1.amaaaaaaconfvcn";
const k_preexisting_count = 6; // 3 listed instances + 3 generated ones
const k_request_id = /^[0-9A-Za-z._\-/]+$/;
const k_retry_token = "conformance-launch-0001";

function requireLaunched(state) {
  if (!state.instanceId) {
    fail("no instance: the launch check failed");
  }
  return state.instanceId;
}

async function checkCatalog(ctx) {
  await check("ListAvailabilityDomains returns the three ADs with id and compartmentId", async () => {
    const response = await ctx.identity.listAvailabilityDomains({ compartmentId: ctx.tenancy });
    expectDeepEqual(response.items.map((ad) => ad.name), k_ads, "AD names");
    for (const ad of response.items) {
      expectMatch(ad.id, /^ocid1\.availabilitydomain\./, `${ad.name} id`);
      expectEqual(ad.compartmentId, ctx.tenancy, `${ad.name} compartmentId`);
    }
    expectMatch(response.opcRequestId, k_request_id, "opc-request-id");
  });
  await check("ListImages filters by OS and shape, newest first, with the Image model's fields", async () => {
    const response = await ctx.compute.listImages({
      compartmentId: ctx.tenancy, operatingSystem: "Canonical Ubuntu", shape: "VM.Standard.A1.Flex",
    });
    expectDeepEqual(response.items.map((i) => i.id), [k_image_2404_arm, k_image_2204_arm], "aarch64 image ids");
    const image = response.items[0];
    expectEqual(image.displayName, "Canonical-Ubuntu-24.04-aarch64-2026.11.05-0", "displayName");
    expectEqual(image.operatingSystem, "Canonical Ubuntu", "operatingSystem");
    expectEqual(image.operatingSystemVersion, "24.04", "operatingSystemVersion");
    expectEqual(image.lifecycleState, core.models.Image.LifecycleState.Available, "lifecycleState");
    expectEqual(image.sizeInMBs, 47694, "sizeInMBs");
    expectTimestamp(image.timeCreated, "timeCreated");
    expectTrue(image.compartmentId === null || image.compartmentId === undefined,
      `platform image compartmentId must be null, got ${JSON.stringify(image.compartmentId)}`);
  });
}

async function checkShapes(ctx) {
  await check("ListShapes in AD-3 has no A1.Flex; E2.1.Micro is a fixed ALWAYS_FREE shape", async () => {
    const response = await ctx.compute.listShapes({ compartmentId: ctx.tenancy, availabilityDomain: k_ads[2] });
    const names = response.items.map((s) => s.shape).sort();
    expectDeepEqual(names, ["VM.Standard.E2.1.Micro", "VM.Standard.E4.Flex"], "AD-3 shapes");
    const micro = response.items.find((s) => s.shape === "VM.Standard.E2.1.Micro");
    expectEqual(micro.isFlexible, false, "E2.1.Micro isFlexible");
    expectEqual(micro.ocpus, 1, "E2.1.Micro ocpus");
    expectEqual(micro.memoryInGBs, 1, "E2.1.Micro memoryInGBs");
    expectEqual(micro.billingType, core.models.Shape.BillingType.AlwaysFree, "E2.1.Micro billingType");
  });
  await check("ListShapes without an AD lists A1.Flex once, with its OCPU and memory ranges", async () => {
    const response = await ctx.compute.listShapes({ compartmentId: ctx.tenancy });
    const a1 = response.items.filter((s) => s.shape === "VM.Standard.A1.Flex");
    expectEqual(a1.length, 1, "A1.Flex entries");
    expectEqual(a1[0].isFlexible, true, "isFlexible");
    expectEqual(a1[0].billingType, core.models.Shape.BillingType.LimitedFree, "billingType");
    expectDeepEqual([a1[0].ocpuOptions.min, a1[0].ocpuOptions.max], [1, 80], "ocpuOptions min/max");
    expectDeepEqual([a1[0].memoryOptions.minInGBs, a1[0].memoryOptions.maxInGBs, a1[0].memoryOptions.defaultPerOcpuInGBs],
      [1, 512, 6], "memoryOptions minInGBs/maxInGBs/defaultPerOcpuInGBs");
  });
  await check("ListImages and ListShapes with limit 1 page through everything via the SDK's iterators", async () => {
    const all = await ctx.compute.listImages({ compartmentId: ctx.tenancy });
    const paged = [];
    for await (const image of ctx.compute.listImagesRecordIterator({ compartmentId: ctx.tenancy, limit: 1 })) {
      paged.push(image.id);
    }
    expectDeepEqual(paged, all.items.map((i) => i.id), "image ids, one per page");
    expectEqual(paged.length, 3, "images");
    const shapes = [];
    for await (const shape of ctx.compute.listShapesRecordIterator({ compartmentId: ctx.tenancy, limit: 1 })) {
      shapes.push(shape.shape);
    }
    expectDeepEqual(shapes.sort(), ["VM.Standard.A1.Flex", "VM.Standard.E2.1.Micro", "VM.Standard.E4.Flex"], "shapes");
  });
  await check("ListSubnets (VirtualNetworkClient) returns the public and private subnets of the VCN", async () => {
    const response = await ctx.network.listSubnets({ compartmentId: ctx.tenancy, vcnId: k_vcn });
    const byName = Object.fromEntries(response.items.map((s) => [s.displayName, s]));
    expectDeepEqual(Object.keys(byName).sort(), ["private-subnet", "public-subnet"], "subnet names");
    expectEqual(byName["public-subnet"].id, k_public_subnet, "public subnet id");
    expectEqual(byName["public-subnet"].cidrBlock, "10.0.0.0/24", "public cidrBlock");
    expectEqual(byName["public-subnet"].prohibitPublicIpOnVnic, false, "public prohibitPublicIpOnVnic");
    expectEqual(byName["private-subnet"].prohibitPublicIpOnVnic, true, "private prohibitPublicIpOnVnic");
  });
}

function launchDetails(ctx) {
  return {
    availabilityDomain: k_ads[0],
    compartmentId: ctx.tenancy,
    displayName: "conformance-a1",
    shape: "VM.Standard.A1.Flex",
    shapeConfig: { ocpus: 2, memoryInGBs: 12 },
    sourceDetails: { sourceType: "image", imageId: k_image_2404_arm, bootVolumeSizeInGBs: 60 },
    createVnicDetails: { subnetId: k_public_subnet, assignPublicIp: true },
    metadata: { ssh_authorized_keys: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIConformanceOnly conformance@test" },
    freeformTags: { purpose: "conformance" },
  };
}

async function checkLaunch(ctx, state) {
  await check("LaunchInstance answers PROVISIONING with etag, work request and the requested config", async () => {
    const response = await ctx.compute.launchInstance({
      launchInstanceDetails: launchDetails(ctx), opcRetryToken: k_retry_token,
    });
    const instance = response.instance;
    expectMatch(instance.id, /^ocid1\.instance\./, "id");
    expectEqual(instance.lifecycleState, core.models.Instance.LifecycleState.Provisioning, "lifecycleState");
    expectEqual(instance.displayName, "conformance-a1", "displayName");
    expectEqual(instance.availabilityDomain, k_ads[0], "availabilityDomain");
    expectEqual(instance.compartmentId, ctx.tenancy, "compartmentId");
    expectEqual(instance.region, "eu-frankfurt-1", "region");
    expectEqual(instance.shape, "VM.Standard.A1.Flex", "shape");
    expectEqual(instance.shapeConfig.ocpus, 2, "shapeConfig.ocpus");
    expectEqual(instance.shapeConfig.memoryInGBs, 12, "shapeConfig.memoryInGBs");
    expectEqual(instance.sourceDetails.sourceType, "image", "sourceDetails.sourceType");
    expectEqual(instance.sourceDetails.imageId, k_image_2404_arm, "sourceDetails.imageId");
    expectEqual(instance.imageId, k_image_2404_arm, "imageId");
    expectDeepEqual(instance.freeformTags, { purpose: "conformance" }, "freeformTags");
    expectTimestamp(instance.timeCreated, "timeCreated");
    expectNonEmptyString(response.etag, "etag");
    expectMatch(response.opcWorkRequestId, /^ocid1\.coreservicesworkrequest\./, "opc-work-request-id");
    state.instanceId = instance.id;
  });
  await check("LaunchInstance with the same opc-retry-token returns the same instance; another body gets 409", async () => {
    const instanceId = requireLaunched(state);
    const again = await ctx.compute.launchInstance({
      launchInstanceDetails: launchDetails(ctx), opcRetryToken: k_retry_token,
    });
    expectEqual(again.instance.id, instanceId, "instance id of the repeated launch");
    const other = Object.assign(launchDetails(ctx), { displayName: "conformance-other" });
    await expectOciError(ctx.compute.launchInstance({ launchInstanceDetails: other, opcRetryToken: k_retry_token }),
      409, "Conflict", "LaunchInstance with a reused token and another body");
    const records = await adminGet(ctx.url, "/_sim/requests");
    const launches = records.filter((r) => r.method === "POST" && /\/instances\/?$/.test(r.path));
    expectDeepEqual(launches.map((r) => [r.status, r.opcRetryToken]),
      [[200, k_retry_token], [200, k_retry_token], [409, k_retry_token]], "recorded launches");
  });
  await check("LaunchInstance above the A1 limits gets 400 LimitExceeded; an unknown instance 404", async () => {
    const tooBig = Object.assign(launchDetails(ctx), { shapeConfig: { ocpus: 4, memoryInGBs: 24 } });
    await expectOciError(ctx.compute.launchInstance({ launchInstanceDetails: tooBig }), 400, "LimitExceeded",
      "LaunchInstance of 4 more OCPUs");
    await expectOciError(ctx.compute.getInstance({ instanceId: "ocid1.instance.oc1.eu-frankfurt-1.anunknown" }),
      404, "NotAuthorizedOrNotFound", "GetInstance of an unknown id");
  });
}

async function checkRunning(ctx, state) {
  await check("the SDK's ComputeWaiter sees the launched instance reach RUNNING", async () => {
    const instanceId = requireLaunched(state);
    const response = await ctx.waiters.forInstance({ instanceId }, core.models.Instance.LifecycleState.Running);
    expectEqual(response.instance.lifecycleState, core.models.Instance.LifecycleState.Running, "lifecycleState");
    expectEqual(response.instance.id, instanceId, "id");
  });
  await check("ListVnicAttachments and GetVnic give the launched instance's addresses", async () => {
    const instanceId = requireLaunched(state);
    const attachments = await ctx.compute.listVnicAttachments({ compartmentId: ctx.tenancy, instanceId });
    expectEqual(attachments.items.length, 1, "VNIC attachments");
    const attachment = attachments.items[0];
    expectEqual(attachment.instanceId, instanceId, "attachment instanceId");
    expectEqual(attachment.subnetId, k_public_subnet, "attachment subnetId");
    expectEqual(attachment.lifecycleState, core.models.VnicAttachment.LifecycleState.Attached, "attachment state");
    const vnic = await ctx.network.getVnic({ vnicId: attachment.vnicId });
    expectEqual(vnic.vnic.id, attachment.vnicId, "vnic id");
    expectEqual(vnic.vnic.isPrimary, true, "isPrimary");
    expectMatch(vnic.vnic.privateIp, /^10\.0\.0\.\d+$/, "privateIp");
    expectMatch(vnic.vnic.publicIp, /^(203\.0\.113|198\.51\.100)\.\d+$/, "publicIp");
    expectNonEmptyString(vnic.etag, "vnic etag");
  });
}

async function checkModels(ctx, state) {
  await check("every object the simulator returns fits the SDK's model declarations", async () => {
    const instanceId = requireLaunched(state);
    const ads = await ctx.identity.listAvailabilityDomains({ compartmentId: ctx.tenancy });
    ads.items.forEach((ad, n) => expectModel(ad, "oci-identity", "AvailabilityDomain", `availabilityDomains[${n}]`));
    const images = await ctx.compute.listImages({ compartmentId: ctx.tenancy });
    images.items.forEach((image, n) => expectModel(image, "oci-core", "Image", `images[${n}]`));
    const shapes = await ctx.compute.listShapes({ compartmentId: ctx.tenancy });
    shapes.items.forEach((shape, n) => expectModel(shape, "oci-core", "Shape", `shapes[${n}]`));
    const instances = await ctx.compute.listInstances({ compartmentId: ctx.tenancy });
    instances.items.forEach((instance, n) => expectModel(instance, "oci-core", "Instance", `instances[${n}]`));
    expectModel((await ctx.compute.getInstance({ instanceId })).instance, "oci-core", "Instance", "GetInstance");
    const subnets = await ctx.network.listSubnets({ compartmentId: ctx.tenancy });
    subnets.items.forEach((subnet, n) => expectModel(subnet, "oci-core", "Subnet", `subnets[${n}]`));
    const attachments = await ctx.compute.listVnicAttachments({ compartmentId: ctx.tenancy });
    expectTrue(attachments.items.length === k_preexisting_count + 1, "one VNIC attachment per instance");
    attachments.items.forEach((a, n) => expectModel(a, "oci-core", "VnicAttachment", `vnicAttachments[${n}]`));
    const vnic = await ctx.network.getVnic({ vnicId: attachments.items[0].vnicId });
    expectModel(vnic.vnic, "oci-core", "Vnic", "GetVnic");
  });
}

async function checkPagination(ctx, state) {
  await check("ListInstances with limit 2 follows opc-next-page across 4 pages", async () => {
    const instanceId = requireLaunched(state);
    const pages = [];
    let page;
    do {
      const response = await ctx.compute.listInstances({ compartmentId: ctx.tenancy, limit: 2, page });
      pages.push(response.items);
      page = response.opcNextPage;
      expectTrue(pages.length <= 10, "pagination did not end after 10 pages");
    } while (page);
    expectDeepEqual(pages.map((p) => p.length), [2, 2, 2, 1], "page sizes");
    const ids = pages.flat().map((i) => i.id);
    expectEqual(new Set(ids).size, k_preexisting_count + 1, "distinct instances");
    expectEqual(ids[0], instanceId, "newest first (TIMECREATED DESC): the launched instance");
    const created = pages.flat().map((i) => Date.parse(i.timeCreated));
    expectTrue(created.every((t, n) => n === 0 || created[n - 1] >= t), "timeCreated is not descending");
  });
  await check("the SDK's record iterator and DISPLAYNAME sort see every instance", async () => {
    const names = [];
    for await (const instance of ctx.compute.listInstancesRecordIterator({
      compartmentId: ctx.tenancy, limit: 3, sortBy: core.requests.ListInstancesRequest.SortBy.Displayname,
    })) {
      names.push(instance.displayName);
    }
    expectDeepEqual(names, ["conf-bulk-1", "conf-bulk-2", "conf-bulk-3", "conf-db", "conf-micro", "conf-web",
      "conformance-a1"], "display names in ASC order");
  });
  await check("ListInstances filters by lifecycleState and displayName", async () => {
    const stopped = await ctx.compute.listInstances({
      compartmentId: ctx.tenancy, lifecycleState: core.models.Instance.LifecycleState.Stopped,
    });
    expectDeepEqual(stopped.items.map((i) => i.displayName), ["conf-db"], "STOPPED instances");
    const named = await ctx.compute.listInstances({ compartmentId: ctx.tenancy, displayName: "conf-web" });
    expectDeepEqual(named.items.map((i) => i.freeformTags), [{ team: "web" }], "conf-web freeformTags");
    expectEqual(named.opcNextPage, undefined, "opc-next-page on the last page");
  });
}

async function checkTags(ctx, state) {
  await check("UpdateInstance with if-match = GetInstance's etag replaces the tags; a stale etag gets 412", async () => {
    const instanceId = requireLaunched(state);
    const before = await ctx.compute.getInstance({ instanceId });
    expectNonEmptyString(before.etag, "GetInstance etag");
    const tags = { purpose: "conformance", owner: "sdk" };
    const updated = await ctx.compute.updateInstance({
      instanceId, ifMatch: before.etag, updateInstanceDetails: { freeformTags: tags },
    });
    expectDeepEqual(updated.instance.freeformTags, tags, "updated freeformTags");
    expectNonEmptyString(updated.etag, "UpdateInstance etag");
    expectTrue(updated.etag !== before.etag, "the etag did not change after the update");
    expectMatch(updated.opcWorkRequestId, /^ocid1\.coreservicesworkrequest\./, "opc-work-request-id");
    const after = await ctx.compute.getInstance({ instanceId });
    expectDeepEqual(after.instance.freeformTags, tags, "freeformTags read back");
    expectEqual(after.etag, updated.etag, "GetInstance etag after the update");
    await expectOciError(ctx.compute.updateInstance({
      instanceId, ifMatch: before.etag, updateInstanceDetails: { freeformTags: { stale: "yes" } },
    }), 412, "NoEtagMatch", "UpdateInstance with the stale etag");
    const unchanged = await ctx.compute.getInstance({ instanceId });
    expectDeepEqual(unchanged.instance.freeformTags, tags, "freeformTags after the refused update");
  });
}

async function checkLifecycle(ctx, state) {
  await check("UpdateInstance with a shapeConfig resizes the flex instance", async () => {
    const instanceId = requireLaunched(state);
    const updated = await ctx.compute.updateInstance({
      instanceId, updateInstanceDetails: { shapeConfig: { ocpus: 1, memoryInGBs: 8 } },
    });
    expectDeepEqual([updated.instance.shapeConfig.ocpus, updated.instance.shapeConfig.memoryInGBs], [1, 8],
      "shapeConfig in the reply");
    const after = await ctx.compute.getInstance({ instanceId });
    expectDeepEqual([after.instance.shapeConfig.ocpus, after.instance.shapeConfig.memoryInGBs], [1, 8],
      "shapeConfig read back");
  });
  await check("InstanceAction STOP then START on the launched instance, followed by the waiter", async () => {
    const instanceId = requireLaunched(state);
    const stopping = await ctx.compute.instanceAction({ instanceId, action: "STOP" });
    expectEqual(stopping.instance.lifecycleState, core.models.Instance.LifecycleState.Stopping, "after STOP");
    await ctx.waiters.forInstance({ instanceId }, core.models.Instance.LifecycleState.Stopped);
    const starting = await ctx.compute.instanceAction({ instanceId, action: "START" });
    expectEqual(starting.instance.lifecycleState, core.models.Instance.LifecycleState.Starting, "after START");
    const running = await ctx.waiters.forInstance({ instanceId }, core.models.Instance.LifecycleState.Running);
    expectEqual(running.instance.lifecycleState, core.models.Instance.LifecycleState.Running, "after the waiter");
  });
}

async function checkTerminate(ctx, state) {
  await check("TerminateInstance with if-match, then GetInstance polling sees TERMINATED", async () => {
    const instanceId = requireLaunched(state);
    const current = await ctx.compute.getInstance({ instanceId });
    const response = await ctx.compute.terminateInstance({
      instanceId, ifMatch: current.etag, preserveBootVolume: false,
    });
    expectMatch(response.opcWorkRequestId, /^ocid1\.coreservicesworkrequest\./, "opc-work-request-id");
    const deadline = Date.now() + 30000;
    let lifecycleState = "";
    while (Date.now() < deadline) {
      lifecycleState = (await ctx.compute.getInstance({ instanceId })).instance.lifecycleState;
      if (lifecycleState === core.models.Instance.LifecycleState.Terminated) {
        break;
      }
      expectEqual(lifecycleState, core.models.Instance.LifecycleState.Terminating, "state while terminating");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expectEqual(lifecycleState, core.models.Instance.LifecycleState.Terminated, "final lifecycleState");
    const listed = await ctx.compute.listInstances({ compartmentId: ctx.tenancy, displayName: "conformance-a1" });
    expectDeepEqual(listed.items.map((i) => i.lifecycleState), ["TERMINATED"], "TERMINATED stays listed");
  });
  await check("a TERMINATED instance: UpdateInstance gets 409 IncorrectState, TerminateInstance 404", async () => {
    const instanceId = requireLaunched(state);
    await expectOciError(ctx.compute.updateInstance({ instanceId, updateInstanceDetails: { displayName: "late" } }),
      409, "IncorrectState", "UpdateInstance of a TERMINATED instance");
    await expectOciError(ctx.compute.terminateInstance({ instanceId }), 404, "NotAuthorizedOrNotFound",
      "TerminateInstance of a TERMINATED instance");
  });
}

async function runSdkChecks(ctx) {
  const state = { instanceId: null };
  await checkCatalog(ctx);
  await checkShapes(ctx);
  await checkLaunch(ctx, state);
  await checkRunning(ctx, state);
  await checkModels(ctx, state);
  await checkPagination(ctx, state);
  await checkTags(ctx, state);
  await checkLifecycle(ctx, state);
  await checkTerminate(ctx, state);
}

module.exports = { runSdkChecks };
