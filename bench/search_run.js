// Runs the portal's own search engine (themes/italia/static/js/cerca.js) in node over a built
// site, for the ranking test (tests/search.rs) and the search benchmark (bench/search.py).
// Usage: node bench/search_run.js PUBLIC_DIR QUERIES_TSV [BASE_PATH]
// QUERIES_TSV: one "query<TAB>expected URL path" per line, `#` comments. Prints JSON: per query
// its first results and the files and bytes a browser would fetch for it from a cold cache.
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");
const { createEngine } = require("../themes/italia/static/js/cerca.js");

const [publicDir, queriesFile, basePath = ""] = process.argv.slice(2);
const lines = fs.readFileSync(queriesFile, "utf8").split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"));

async function run(query, expected) {
  const fetched = [];
  const engine = createEngine(basePath + "/cerca/indice.json", (url) => {
    const file = path.join(publicDir, url.slice(basePath.length));
    const bytes = fs.readFileSync(file);
    fetched.push({ file: url, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 6 }).length });
    return Promise.resolve(JSON.parse(bytes.toString("utf8")));
  });
  const found = await engine.search(query, {});
  // The page shows its first ten results: their entries are fetched too.
  const entries = await Promise.all(found.ids.slice(0, 10).map(engine.entry));
  return {
    query, expected, total: found.ids.length,
    top: entries.map((e) => e.url),
    fetched,
  };
}

(async () => {
  const out = [];
  for (const line of lines) {
    const [query, expected] = line.split("\t");
    out.push(await run(query, expected));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
