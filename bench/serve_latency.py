#!/usr/bin/env python3
"""Save-to-reload latency of `portico serve` (a benchmark, not a test).

Starts `portico serve --port 0` on a site, listens to its live-reload event stream like a
browser tab, then edits one Markdown page N times and measures, for each edit, the time from
the file write to the "changed" message reaching the tab. Prints the median, the server's own
time from the change event to the reload message, and the number of outputs the server
re-rendered per edit (both from its log).

    python3 bench/serve_latency.py                                  # the bundled portal
    python3 bench/serve_latency.py --root /tmp/portico-bench/sites/n10000-s42/portico \\
        --page content/province/agrigento/scheda-0001.md              # a 10,000-page site

Standard library only. The site folder is copied to a temporary folder first (edits never touch
the original).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portico", default="target/release/portico")
    parser.add_argument("--root", default=".", help="the site folder (copied first)")
    parser.add_argument("--page", default="content/progetto.md", help="the page to edit, relative to the site")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--date", default="2026-11-26")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="portico-latency-")
    site = os.path.join(work, "site")
    ignore = shutil.ignore_patterns("target", "public", ".git", ".ci", "bench", "tests", "src", "docs")
    shutil.copytree(args.root, site, ignore=ignore)
    page = os.path.join(site, args.page)
    original = open(page, encoding="utf-8").read()

    server = subprocess.Popen(
        [os.path.abspath(args.portico), "--root", site, "serve", "--port", "0", "--date", args.date],
        stderr=subprocess.PIPE, text=True, bufsize=1,
    )
    log = []
    address = []
    ready = threading.Event()

    def read_log():
        for line in server.stderr:
            log.append(line.rstrip())
            found = re.search(r"Anteprima su http://([^/]+)/", line)
            if found:
                address.append(found.group(1))
                ready.set()

    threading.Thread(target=read_log, daemon=True).start()
    if not ready.wait(600):
        sys.exit("portico serve did not start")
    host, port = address[0].rsplit(":", 1)

    messages = []
    arrived = threading.Condition()

    def listen():
        connection = http.client.HTTPConnection(host, int(port))
        connection.request("GET", "/__portico/events")
        response = connection.getresponse()
        while True:
            line = response.readline()
            if not line:
                return
            if line.startswith(b"data:") and b'"changed"' in line:
                with arrived:
                    messages.append(time.perf_counter())
                    arrived.notify_all()

    threading.Thread(target=listen, daemon=True).start()
    time.sleep(0.5)

    latencies = []
    try:
        for edit in range(args.edits):
            with arrived:
                before = len(messages)
            started = time.perf_counter()
            with open(page, "w", encoding="utf-8") as out:
                out.write(original + f"\n\nModifica di prova {edit}.\n")
            with arrived:
                if not arrived.wait_for(lambda: len(messages) > before, timeout=30):
                    sys.exit(f"edit {edit}: no reload message")
                latencies.append((messages[before] - started) * 1000)
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)

    rendered = [m.group(0) for line in log for m in [re.search(r"\d+ of \d+ outputs rendered", line)] if m]
    # The server's own figure: from the change event (after the debounce) to the reload
    # message sent, as its log line "Built N files in X ms" reports it; the first is the
    # initial build.
    server_ms = [int(m.group(1)) for line in log for m in [re.search(r"Built \d+ files in (\d+) ms", line)] if m]
    edits = server_ms[1:]
    if args.json:
        summary = lambda xs: {"median": statistics.median(xs), "min": min(xs), "max": max(xs)} if xs else None
        print(json.dumps({"site": args.root, "page": args.page, "edits": len(latencies),
                          "save_to_reload_ms": summary(latencies), "server_ms": summary(edits),
                          "first_build_ms": server_ms[0] if server_ms else None,
                          "rendered_per_edit": rendered[-1] if rendered else None}))
        return
    print(f"site: {args.root}  page edited: {args.page}  edits: {len(latencies)}")
    print(f"save-to-reload latency: median {statistics.median(latencies):.0f} ms, "
          f"min {min(latencies):.0f} ms, max {max(latencies):.0f} ms "
          f"(includes the watcher's 25 ms debounce)")
    if edits:
        print(f"change-event-to-reload (server side): median {statistics.median(edits):.0f} ms, "
              f"min {min(edits)} ms, max {max(edits)} ms")
    if rendered:
        print(f"per edit: {rendered[-1]} (first build: {rendered[0]})")


if __name__ == "__main__":
    main()
