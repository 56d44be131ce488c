"use strict";
// Prints issue 7's targets against one bench run: every figure from this run's files, medians.
// Usage: node bench/targets.js WORK_DIR RSS_KIB SIGN_OVL SIGN_OPENSSL THROTTLED TERMINATED
// (WORK_DIR holds hyperfine's page.json, pages.json and cleanup.json, named as bench/run.sh names
// the contenders.)
const fs = require("fs");
const path = require("path");

const [work, rssKib, signOvl, signSsl, throttled, terminated] = process.argv.slice(2);
if (terminated === undefined) {
  console.error("usage: node bench/targets.js WORK_DIR RSS_KIB SIGN_OVL SIGN_OPENSSL THROTTLED TERMINATED");
  process.exit(2);
}

function median(file, prefix) {
  const results = JSON.parse(fs.readFileSync(path.join(work, file), "utf8")).results;
  const r = results.find((x) => x.command.startsWith(prefix));
  if (!r) {
    throw new Error(`${file}: no contender named '${prefix}...'`);
  }
  return r.median * 1000;
}

const ms = (v) => v.toFixed(v < 10 ? 2 : 1) + " ms";
const rows = [];
function target(name, measured, met) {
  rows.push(`| ${name} | ${measured} | ${met ? "yes" : "**no**"} |`);
}

const page = median("page.json", "ocivanilla list");
const pageCurl = median("page.json", "curl");
const pageSdk = median("page.json", "SDK");
target("one page within 1.5x of curl", `${ms(page)} vs ${ms(pageCurl)} = ${(page / pageCurl).toFixed(2)}x`,
       page <= 1.5 * pageCurl);
target("one page at least 20x faster than the SDK process", `${ms(pageSdk)} / ${ms(page)} = ${(pageSdk / page).toFixed(1)}x`,
       pageSdk >= 20 * page);
const all = median("pages.json", "ocivanilla list");
const allCurl = median("pages.json", "curl");
target("5,000 instances within 1.5x of curl over one connection",
       `${ms(all)} vs ${ms(allCurl)} = ${(all / allCurl).toFixed(2)}x`, all <= 1.5 * allCurl);
const rssMb = (Number(rssKib) * 1024) / 1e6;
target("peak RSS under 16 MB for 5,000 instances",
       `${rssKib} KiB = ${rssMb.toFixed(2)} MB (${(Number(rssKib) / 1024).toFixed(2)} MiB)`, rssMb < 16);
const clean = median("cleanup.json", "ocivanilla cleanup");
const cleanOne = median("cleanup.json", "cleanup --yes --concurrency 1");
const honoured = Number(throttled) > 0 && Number(terminated) === 200;
target("cleanup of 200 at least 5x faster than one at a time, honouring 429",
       `${ms(clean)} vs ${ms(cleanOne)} = ${(cleanOne / clean).toFixed(2)}x; ${throttled} 429s, ${terminated}/200 terminated`,
       cleanOne >= 5 * clean && honoured);
const ratio = Number(signOvl) / Number(signSsl);
target("signing within 10 % of openssl speed rsa2048", `${signOvl} vs ${signSsl} sign/s = ${(100 * ratio).toFixed(1)} %`,
       ratio >= 0.9);

console.log(["### Targets (issue 7)", "", "| target | this run | met |", "|---|---|---|", ...rows].join("\n"));
