"use strict";
// A minimal check runner: each check is named, runs in order, and a failure is reported with the
// check's name and stops nothing else. The summary line "conformance: N passed, N failed" is
// what CI reads.

const results = { passed: 0, failed: 0 };

class CheckFailure extends Error {}

function fail(message) {
  throw new CheckFailure(message);
}

function show(value) {
  return JSON.stringify(value);
}

function expectEqual(actual, expected, what) {
  if (actual !== expected) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

// JSON with object keys sorted: JSON objects are unordered, arrays are not.
function canonical(value) {
  return JSON.stringify(value, (key, v) => (v && typeof v === "object" && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v));
}

function expectDeepEqual(actual, expected, what) {
  if (canonical(actual) !== canonical(expected)) {
    fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

function expectTrue(condition, what) {
  if (!condition) {
    fail(what);
  }
}

function expectNonEmptyString(value, what) {
  if (typeof value !== "string" || value.length === 0) {
    fail(`${what}: expected a non-empty string, got ${show(value)}`);
  }
}

function expectMatch(value, pattern, what) {
  if (typeof value !== "string" || !pattern.test(value)) {
    fail(`${what}: expected a string matching ${pattern}, got ${show(value)}`);
  }
}

function expectTimestamp(value, what) {
  expectMatch(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, what);
  expectTrue(!Number.isNaN(Date.parse(value)), `${what}: ${show(value)} is not a valid date`);
}

// Awaits a promise that must be rejected by the SDK with an OciError of the given HTTP status and
// service code; returns the error for further checks.
async function expectOciError(promise, statusCode, serviceCode, what) {
  let error = null;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === null) {
    fail(`${what}: expected ${statusCode} ${serviceCode}, but the call succeeded`);
  }
  if (error.statusCode !== statusCode || error.serviceCode !== serviceCode) {
    fail(`${what}: expected ${statusCode} ${serviceCode}, got ${error.statusCode} ${error.serviceCode}` +
         ` (${error.message})`);
  }
  return error;
}

async function check(name, body) {
  try {
    await body();
    results.passed += 1;
    console.log(`ok - ${name}`);
  } catch (e) {
    results.failed += 1;
    const detail = e instanceof CheckFailure ? e.message : (e && e.stack) || String(e);
    console.log(`not ok - ${name}: ${detail}`);
  }
}

function summary() {
  console.log(`conformance: ${results.passed} passed, ${results.failed} failed`);
  return results.failed === 0 && results.passed > 0;
}

module.exports = {
  check,
  expectDeepEqual,
  expectEqual,
  expectMatch,
  expectNonEmptyString,
  expectOciError,
  expectTimestamp,
  expectTrue,
  fail,
  summary,
};
