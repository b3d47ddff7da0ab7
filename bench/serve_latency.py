#!/usr/bin/env python3
"""Save-to-reload latency of `portico serve`, per kind of edit (a benchmark, not a test).

Starts `portico serve --port 0` on a site, listens to its live-reload event stream like a
browser tab, then makes N edits of each kind and measures, for each edit, the time from the
file write to the first "changed" message reaching the tab. After an edit of one page that
message tells the page's own tab, before the lists, feeds and term pages that show the page
are rendered; the server's log gives both times ("Page shown in", "Built ... in"), and the
steps of an in-place update. Prints, per kind, the medians, the outputs re-rendered, and the
ratio of the median to a full `portico build` timed in the same run (the machine is shared:
ratios travel better than milliseconds).

Kinds of edit (`--kinds`, all by default):
    body       a paragraph added to a page (--page)
    title      the page's title
    data       a data record: an event's length (data/events/*.yaml), when the site has data
    province   another data record: a Province's Comuni served, one taken off and put back
    template   a template used by one page (--one-page-template, `index.html` by default)
    base       `base.html`, which every page uses
    new-page   a new page in the page's folder
    config     config.toml's `description`, shown in every page's head

    python3 bench/serve_latency.py --root /tmp/bench/portico \\
        --page content/territori/agrigento/scheda-0001.md            # a generated site

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


KINDS = ["body", "title", "data", "province", "template", "base", "new-page", "config"]


def edits_of(kind, site, page, one_page_template):
    """(file to write, function from edit number to the file's new text or None to skip)."""
    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    page_path = os.path.join(site, page)
    original = read(page_path)
    if kind == "body":
        return page_path, lambda i: original + f"\n\nModifica di prova {i}.\n"
    if kind == "title":
        # Inside the quotes when the title is quoted.
        return page_path, lambda i: re.sub(r'^title: ("?)(.*?)("?)$',
                                           lambda m: f"title: {m.group(1)}{m.group(2)} {i}{m.group(3)}",
                                           original, count=1, flags=re.M)
    def first_data_file(folder):
        """(path, text) of the first file of data/<folder>, or None."""
        folder = os.path.join(site, "data", folder)
        if not os.path.isdir(folder):
            return None
        path = os.path.join(folder, sorted(os.listdir(folder))[0])
        return path, read(path)

    if kind == "data":
        found = first_data_file("events")
        if found is None:
            return None
        path, text = found
        # The first event made shorter: its page, the lists and the feeds that show it change,
        # and its place in every list does not.
        return path, lambda i: text.replace("duration_minutes: 120", f"duration_minutes: {115 - 5 * (i % 20)}", 1)
    if kind == "province":
        found = first_data_file("provinces")
        if found is None:
            return None
        path, text = found
        comuni = re.findall(r'^  - "\d{6}".*\n', text, flags=re.M)
        if not comuni:
            return None
        fewer = text.replace(comuni[-1], "", 1)
        return path, lambda i: fewer if i % 2 == 0 else text
    if kind in ("template", "base"):
        name = one_page_template if kind == "template" else "base.html"
        for folder in ["templates", "themes/italia/templates"]:
            path = os.path.join(site, folder, name)
            if os.path.isfile(path):
                text = read(path)
                return path, lambda i: text.replace("</h1>", f"</h1><!-- prova {i} -->", 1) \
                    if kind == "template" else text.replace("</footer>", f"<!-- prova {i} --></footer>", 1)
        return None
    if kind == "new-page":
        # A copy of the edited page under a new name and title: what its section's template
        # expects of a page (a generated site's `extra`) is there.
        folder = os.path.dirname(page_path)
        return None, lambda i: (os.path.join(folder, f"nuova-pagina-{i}.md"),
                                re.sub(r'^title: .*$', f'title: "Nuova pagina {i}"', original,
                                       count=1, flags=re.M))
    if kind == "config":
        # The site's description, which every page's head shows.
        path = os.path.join(site, "config.toml")
        text = read(path)
        if not re.search(r'^description = ".*"$', text, flags=re.M):
            return None
        return path, lambda i: re.sub(r'^description = "(.*)"$',
                                      lambda m: f'description = "{m.group(1)} ({i})"',
                                      text, count=1, flags=re.M)
    raise ValueError(kind)


def full_build(portico, site, date, reps=3):
    """Median wall time of a full `portico build` of the site, in ms."""
    out = tempfile.mkdtemp(prefix="portico-latency-out-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
    times = []
    try:
        for _ in range(reps):
            started = time.perf_counter()
            subprocess.run([portico, "--root", site, "build", "--output-dir", out, "--date", date],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portico", default="target/release/portico")
    parser.add_argument("--root", default=".", help="the site folder (copied first)")
    parser.add_argument("--page", default="content/progetto.md", help="the page to edit, relative to the site")
    parser.add_argument("--one-page-template", default="index.html", help="a template only one page uses")
    parser.add_argument("--kinds", nargs="+", default=KINDS, choices=KINDS)
    parser.add_argument("--edits", type=int, default=20, help="edits of each kind")
    parser.add_argument("--builds", type=int, default=3, help="full builds timed for the ratios")
    parser.add_argument("--date", default="2026-11-26")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="portico-latency-")
    site = os.path.join(work, "site")
    ignore = shutil.ignore_patterns("target", "public", ".git", ".ci", "bench", "tests", "src", "docs")
    shutil.copytree(args.root, site, ignore=ignore)
    portico = os.path.abspath(args.portico)
    build_ms = full_build(portico, site, args.date, args.builds)

    server = subprocess.Popen(
        [portico, "--root", site, "serve", "--port", "0", "--date", args.date],
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
    first_build = server_figures(log)

    results = {}
    try:
        for kind in args.kinds:
            edits = edits_of(kind, site, args.page, args.one_page_template)
            if edits is None:
                print(f"{kind}: not measured (the site has nothing to edit for it)", file=sys.stderr)
                continue
            results[kind] = measure(kind, edits, args.edits, log, messages, arrived)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    report(args, build_ms, first_build, results)


def measure(kind, edits, count, log, messages, arrived):
    """Makes `count` edits of one kind; returns the latencies and the server's figures."""
    path, text_of = edits
    log_start = len(log)
    latencies = []
    for edit in range(count):
        target, text = (path, text_of(edit)) if path else text_of(edit)
        with arrived:
            before = len(messages)
        started = time.perf_counter()
        with open(target, "w", encoding="utf-8") as out:
            out.write(text)
        with arrived:
            if not arrived.wait_for(lambda: len(messages) > before, timeout=30):
                print(f"{kind} edit {edit}: no reload message", file=sys.stderr)
                continue
            latencies.append((messages[before] - started) * 1000)
        time.sleep(0.3)
    time.sleep(0.2)
    server_ms, rendered, steps, shown_ms = server_figures(log[log_start:])
    return {"save_to_reload_ms": latencies, "server_ms": server_ms, "rendered": rendered, "steps": steps,
            "shown_ms": shown_ms}


def server_figures(lines):
    """The server's time per rebuild ("Built N files in X ms"), its last "R of T" line, and the
    median time of each step of an in-place update ("(ms: graph 1.2, views 3.4, ...)")."""
    server_ms = [int(m.group(1)) for line in lines for m in [re.search(r"Built \d+ files in (\d+) ms", line)] if m]
    shown_ms = [int(m.group(1)) for line in lines for m in [re.search(r"Page shown in (\d+) ms", line)] if m]
    rendered = [m.group(0) for line in lines for m in [re.search(r"\d+ of \d+ outputs rendered", line)] if m]
    steps = {}
    for line in lines:
        found = re.search(r"\(ms: ([^)]*)\)", line)
        for step in (found.group(1).split(", ") if found else []):
            name, took = step.rsplit(" ", 1)
            steps.setdefault(name, []).append(float(took))
    medians = ", ".join(f"{name} {statistics.median(took):.1f}" for name, took in steps.items())
    if "load" in steps:
        # The phases of a build: the site was loaded again.
        medians = "site loaded again: " + medians
    return server_ms, (rendered[-1] if rendered else None), medians, shown_ms


def report(args, build_ms, first_build, results):
    summary = lambda xs: {"median": statistics.median(xs), "min": min(xs), "max": max(xs)} if xs else None
    figures = {
        kind: {
            "edits": len(r["save_to_reload_ms"]),
            "save_to_reload_ms": summary(r["save_to_reload_ms"]),
            "server_ms": summary(r["server_ms"]),
            "page_shown_ms": summary(r["shown_ms"]),
            "ratio_to_build": statistics.median(r["save_to_reload_ms"]) / build_ms if r["save_to_reload_ms"] else None,
            "rendered_per_edit": r["rendered"],
            "steps_ms": r["steps"],
        }
        for kind, r in results.items()
    }
    if args.json:
        print(json.dumps({"site": args.root, "page": args.page, "full_build_ms": build_ms,
                          "first_build_ms": first_build[0][0] if first_build[0] else None,
                          "kinds": figures}))
        return
    print(f"site: {args.root}  page edited: {args.page}  edits of each kind: {args.edits}")
    print(f"full build (portico build, median of {args.builds}): {build_ms:.0f} ms")
    print("| edit | save to first reload message (median) | server: page shown first | server: whole update | / full build | rendered per edit | server steps, ms (median) |")
    print("|---|---:|---:|---:|---:|---|---|")
    for kind, f in figures.items():
        if not f["save_to_reload_ms"]:
            print(f"| {kind} | no reload | | | |")
            continue
        server = f"{f['server_ms']['median']:.0f} ms" if f["server_ms"] else ""
        shown = f"{f['page_shown_ms']['median']:.0f} ms" if f["page_shown_ms"] else ""
        print(f"| {kind} | {f['save_to_reload_ms']['median']:.0f} ms | {shown} | {server} | "
              f"{f['ratio_to_build']:.2f} | {f['rendered_per_edit'] or ''} | {f['steps_ms'] or 'site loaded again'} |")
    print("(save to reload includes the watcher's 25 ms debounce)")


if __name__ == "__main__":
    main()
