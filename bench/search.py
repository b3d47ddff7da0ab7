#!/usr/bin/env python3
"""Search benchmark: portico's own index against Pagefind on the same built sites.

For the bundled portal and for the generated N-page site (gen_portico.py), builds with portico
(search enabled), runs the Pagefind binary (PyPI `pagefind-bin`, pinned below) on the same
output, then measures, running each engine's real query code in node:
  - the index size on disk (portico: cerca/*.json; Pagefind: its index, fragments, meta, wasm);
  - the bytes a browser fetches for a first query from a cold cache: the script, the manifest
    or meta, the chunks of the query's words and the entries of the results the page shows
    (portico's page shows 10, Pagefind's UI 5). portico's JSON is counted as stored and as a
    server sends it gzipped; Pagefind's files are gzipped binary already, counted as stored;
  - on the bundled portal, top-1 hits over bench/search-queries.tsv for both engines.
Prints Markdown; --json FILE keeps every figure. Python 3 standard library, node, pagefind-bin.

  pip install pagefind-bin==1.5.2
  cargo build --release
  python3 bench/search.py --portico target/release/portico --pages 10000
"""

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGEFIND_VERSION = "1.5.2"
# Queries for the generated site: its vocabulary is that of gen_site.py (public programmes of
# Italian Provinces), from the most common words to rare ones and a miss.
GENERATED_QUERIES = [
    "programmazione", "provincia di torino", "fase 4", "mobilità sostenibile",
    "rigenerazione urbana", "comunità energetiche", "scuola", "protezione civile",
    "aree interne", "bilancio",
]


def pagefind_binary(given):
    if given:
        return given
    try:
        import pagefind_bin  # noqa: F401 (the wheel ships the binary beside its module)
    except ImportError:
        sys.exit(f"pagefind-bin is missing: pip install pagefind-bin=={PAGEFIND_VERSION}")
    return os.path.join(os.path.dirname(sys.modules["pagefind_bin"].__file__), "pagefind")


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def build(portico, root, out, config=None):
    command = [portico, "--root", root, "build", "--output-dir", out, "--date", "2026-11-26"]
    if config:
        command[3:3] = ["--config", config]
    run(command)


def tree_bytes(path, keep=lambda name: True):
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files if keep(f))
    return total


def queries_file(queries, folder):
    path = os.path.join(folder, "queries.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(f"{q}\t\n" for q in queries)
    return path


def measure(site, queries_path):
    """Both engines over one built site: sizes, first-query bytes per query, results."""
    ours = json.loads(run(["node", os.path.join(REPO, "bench/search_run.js"), site,
                           queries_path]).stdout)
    theirs = json.loads(run(["node", os.path.join(REPO, "bench/pagefind_run.mjs"), site,
                             queries_path]).stdout)
    script = open(os.path.join(site, "js/cerca.js"), "rb").read()
    pagefind_js = os.path.getsize(os.path.join(site, "pagefind/pagefind.js"))
    rows = []
    for mine, pf in zip(ours, theirs):
        rows.append({
            "query": mine["query"],
            "portico_bytes": len(script) + sum(f["bytes"] for f in mine["fetched"]),
            "portico_gzip": len(gzip.compress(script, 6)) + sum(f["gzip"] for f in mine["fetched"]),
            "pagefind_bytes": pagefind_js + sum(f["bytes"] for f in pf["fetched"]),
            "portico_top": mine["top"][:1], "pagefind_top": pf["top"][:1],
            "expected": mine["expected"],
            "portico_total": mine["total"], "pagefind_total": pf["total"],
        })
    ui = {"pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"}
    return {
        "portico_index": tree_bytes(os.path.join(site, "cerca"), lambda f: f.endswith(".json")),
        "portico_index_gzip": sum(
            len(gzip.compress(open(os.path.join(d, f), "rb").read(), 6))
            for d, _, files in os.walk(os.path.join(site, "cerca")) for f in files
            if f.endswith(".json")),
        "pagefind_index": tree_bytes(os.path.join(site, "pagefind"), lambda f: f not in ui),
        "queries": rows,
    }


def top1(rows, engine):
    hits = 0
    for row in rows:
        expected = [e.strip() for e in row["expected"].split("|")]
        hits += bool(row[f"{engine}_top"]) and row[f"{engine}_top"][0] in expected
    return hits


def markdown(name, result, scored):
    rows = result["queries"]
    kb = lambda n: f"{n / 1000:,.1f} kB"
    lines = [f"### {name}", "",
             "| | portico (JSON as stored) | portico (gzip, as served) | Pagefind "
             f"{PAGEFIND_VERSION} |", "|---|---:|---:|---:|",
             f"| index on disk | {kb(result['portico_index'])} | {kb(result['portico_index_gzip'])}"
             f" | {kb(result['pagefind_index'])} |"]
    for label, pick in [("first query, median", statistics.median), ("first query, largest", max)]:
        lines.append(f"| {label} | {kb(pick(r['portico_bytes'] for r in rows))} | "
                     f"{kb(pick(r['portico_gzip'] for r in rows))} | "
                     f"{kb(pick(r['pagefind_bytes'] for r in rows))} |")
    if scored:
        lines.append(f"| top-1 hits, {len(rows)} queries | {top1(rows, 'portico')} | | "
                     f"{top1(rows, 'pagefind')} |")
    lines += ["", "| query | portico | gzip | Pagefind | results (portico / Pagefind) |",
              "|---|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['query']} | {kb(r['portico_bytes'])} | {kb(r['portico_gzip'])} | "
                     f"{kb(r['pagefind_bytes'])} | {r['portico_total']} / {r['pagefind_total']} |")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--portico", default=os.path.join(REPO, "target/release/portico"))
    parser.add_argument("--pagefind", help="the Pagefind binary (default: pagefind-bin's)")
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--shared-bench", default=os.path.join(REPO, "../shared/bench"))
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "portico-search-bench"))
    parser.add_argument("--json")
    args = parser.parse_args()
    pagefind = pagefind_binary(args.pagefind)
    version = run([pagefind, "--version"]).stdout.strip()
    if PAGEFIND_VERSION not in version:
        sys.exit(f"{version}: this benchmark pins Pagefind {PAGEFIND_VERSION}")
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    results = {}

    bundled = os.path.join(args.work, "bundled")
    build(args.portico, REPO, bundled)
    run([pagefind, "--site", bundled])
    results["bundled"] = measure(bundled, os.path.join(REPO, "bench/search-queries.tsv"))

    generated = os.path.join(args.work, f"n{args.pages}")
    run([sys.executable, os.path.join(REPO, "bench/gen_portico.py"), "--pages", str(args.pages),
         "--seed", str(args.seed), "--out", generated + "-src", "--force",
         "--shared-bench", args.shared_bench])
    root = os.path.join(generated + "-src", "portico")
    config = os.path.join(args.work, "config-search.toml")
    with open(os.path.join(root, "config.toml"), encoding="utf-8") as f:
        text = f.read()
    with open(config, "w", encoding="utf-8") as f:
        f.write(text + "\n[search]\nenabled = true\n")
    build(args.portico, root, generated, config)
    os.makedirs(os.path.join(generated, "js"), exist_ok=True)
    shutil.copy(os.path.join(REPO, "themes/italia/static/js/cerca.js"),
                os.path.join(generated, "js/cerca.js"))
    run([pagefind, "--site", generated])
    results[f"n{args.pages}"] = measure(generated, queries_file(GENERATED_QUERIES, args.work))

    print(markdown("Bundled portal", results["bundled"], scored=True))
    print(markdown(f"Generated site, {args.pages:,} pages", results[f"n{args.pages}"], scored=False))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"pagefind": version, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
