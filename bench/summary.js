"use strict";
// Prints one Markdown table per hyperfine JSON export: median, mean ± sd, min, mean CPU time
// (user + system), and the ratio of every contender's median to the reference contender's (the
// one whose name starts with "ocivanilla", else the first).
// Usage: node bench/summary.js TITLE=FILE.json...
const fs = require("fs");

function ms(seconds) {
  return (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1);
}

function table(title, file) {
  const results = JSON.parse(fs.readFileSync(file, "utf8")).results;
  const reference = results.find((r) => r.command.startsWith("ocivanilla")) || results[0];
  const lines = [`### ${title}`, "", `| contender | median ms | mean ± sd ms | min ms | CPU ms | runs | median / ${reference.command} |`,
                 "|---|---:|---:|---:|---:|---:|---:|"];
  for (const r of results) {
    const ratio = r.median / reference.median;
    lines.push(`| ${r.command} | ${ms(r.median)} | ${ms(r.mean)} ± ${ms(r.stddev || 0)} | ${ms(r.min)} | ${ms(r.user + r.system)} | ` +
               `${r.times.length} | ${ratio.toFixed(2)}x |`);
  }
  return lines.join("\n") + "\n";
}

const out = [];
for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf("=");
  if (eq <= 0) {
    console.error(`summary: expected TITLE=FILE.json, got '${arg}'`);
    process.exit(2);
  }
  out.push(table(arg.slice(0, eq), arg.slice(eq + 1)));
}
process.stdout.write(out.join("\n"));
