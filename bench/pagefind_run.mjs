// Runs Pagefind's own search API (the pagefind.js its binary wrote) in node over a built site,
// with fetch served from the folder and every fetched file counted, for bench/search.py.
// Usage: node bench/pagefind_run.mjs SITE_DIR QUERIES_TSV
// Prints JSON like bench/search_run.js: per query its first results (Pagefind's UI shows five)
// and the files fetched. pagefind.js itself is counted by the caller.
import fs from "fs";
import path from "path";
import { pathToFileURL } from "url";

const [dir, queriesFile] = process.argv.slice(2);
const lines = fs.readFileSync(queriesFile, "utf8").split("\n")
  .filter((line) => line.trim() && !line.startsWith("#"));
let fetched = [];
globalThis.fetch = async (url) => {
  const local = String(url).replace(/^[a-z]+:\/\/[^/]*/, "").split("?")[0];
  const bytes = fs.readFileSync(path.join(dir, local));
  fetched.push({ file: local, bytes: bytes.length });
  return new Response(bytes);
};

const out = [];
for (const line of lines) {
  const [query, expected] = line.split("\t");
  fetched = [];
  // A fresh module instance per query: a cold cache, as for a visitor's first query.
  const url = pathToFileURL(path.join(dir, "pagefind/pagefind.js")).href + "?q=" + out.length;
  const pagefind = await import(url);
  await pagefind.options({ basePath: "/pagefind/" });
  const found = await pagefind.search(query);
  const data = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
  out.push({ query, expected, total: found.results.length, top: data.map((d) => d.url), fetched });
}
process.stdout.write(JSON.stringify(out));
