"use strict";
// Raw HTTP requests to the simulator, signed here with Node's crypto (HTTP signature v1 as OCI
// uses it), so that single parts of a correct signature can be broken on purpose. Also the
// unauthenticated admin API (/_sim/...).

const crypto = require("crypto");
const http = require("http");

const k_timeout_ms = 15000;

function sha256Base64(text) {
  return crypto.createHash("sha256").update(text, "utf8").digest("base64");
}

// Sends one HTTP request; resolves with {status, headers, text, json} (json null when the body
// is not JSON).
function send(baseUrl, method, target, headers, body) {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method, path: target, headers, timeout: k_timeout_ms },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json = null;
          try {
            json = text.length > 0 ? JSON.parse(text) : null;
          } catch (e) {
            json = null;
          }
          resolve({ status: response.statusCode, headers: response.headers, text, json });
        });
      });
    request.on("timeout", () => request.destroy(new Error(`${method} ${target}: no answer in ${k_timeout_ms} ms`)));
    request.on("error", reject);
    if (body !== undefined) {
      request.write(body);
    }
    request.end();
  });
}

// Builds the signed headers of a request. `options`:
//   keyId, privateKeyPem          the key
//   dateHeader                    "x-date" (default, as the TS SDK) or "date"
//   date                          the Date to send (default now)
//   bodyForHash                   the text whose SHA-256 goes into x-content-sha256 (default: body)
//   tamperSignature               flip one character of the base64 signature
//   signedTarget                  the request target put into the signing string (default: target)
//   extraHeaders                  headers sent unsigned (e.g. opc-request-id)
function signedHeaders(baseUrl, method, target, body, options) {
  const host = new URL(baseUrl).host;
  const dateHeader = options.dateHeader || "x-date";
  const headers = { host, [dateHeader]: (options.date || new Date()).toUTCString() };
  const signedNames = ["(request-target)", "host", dateHeader];
  if (body !== undefined) {
    headers["content-type"] = "application/json";
    headers["content-length"] = String(Buffer.byteLength(body, "utf8"));
    const hashed = options.bodyForHash !== undefined ? options.bodyForHash : body;
    headers["x-content-sha256"] = sha256Base64(hashed);
    signedNames.push("content-length", "content-type", "x-content-sha256");
  }
  const lines = signedNames.map((name) =>
    name === "(request-target)"
      ? `(request-target): ${method.toLowerCase()} ${options.signedTarget || target}`
      : `${name}: ${headers[name]}`);
  let signature = crypto.sign("sha256", Buffer.from(lines.join("\n"), "utf8"), options.privateKeyPem)
    .toString("base64");
  if (options.tamperSignature) {
    const replacement = signature[10] === "A" ? "B" : "A";
    signature = signature.slice(0, 10) + replacement + signature.slice(11);
  }
  Object.assign(headers, options.extraHeaders || {});
  headers.authorization = `Signature version="1",headers="${signedNames.join(" ")}",keyId="${options.keyId}",` +
    `algorithm="rsa-sha256",signature="${signature}"`;
  return headers;
}

function signedRequest(baseUrl, method, target, body, options) {
  return send(baseUrl, method, target, signedHeaders(baseUrl, method, target, body, options), body);
}

async function adminGet(baseUrl, path) {
  const reply = await send(baseUrl, "GET", path, {});
  if (reply.status !== 200 || reply.json === null) {
    throw new Error(`GET ${path}: ${reply.status} ${reply.text}`);
  }
  return reply.json;
}

async function adminPost(baseUrl, path, body) {
  const text = JSON.stringify(body);
  const reply = await send(baseUrl, "POST", path,
    { "content-type": "application/json", "content-length": String(Buffer.byteLength(text, "utf8")) }, text);
  if (reply.status !== 200) {
    throw new Error(`POST ${path}: ${reply.status} ${reply.text}`);
  }
  return reply.json;
}

async function adminDelete(baseUrl, path) {
  const reply = await send(baseUrl, "DELETE", path, {});
  if (reply.status !== 204) {
    throw new Error(`DELETE ${path}: ${reply.status} ${reply.text}`);
  }
}

module.exports = { adminDelete, adminGet, adminPost, sha256Base64, signedRequest };
