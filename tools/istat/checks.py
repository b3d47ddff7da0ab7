"""Plausibility checks of one ISTAT release, so that a mis-parsed or unexpected file fails the
refresh instead of reaching the portal."""

from __future__ import annotations

import collections

from istat_format import Comune, FormatError, Unit

# Exact unit counts of the pinned releases: 107 since the 2017 Sardinian reorganisation, 110
# after the reform in force since 17 July 2025. A different number means a parsing error or a
# new reform that a person must look at before the portal uses it.
EXPECTED_UNITS = {"2024-01-22": 107, "2026-01-01": 110}
EXPECTED_REGIONS = 20
# Comuni change every year through mergers: a range catches truncated input.
COMUNI_RANGE = (7_700, 8_100)

# Names whose accents must survive decoding (canaries for encoding bugs).
CANARIES = {
    "040012": "Forlì",
    "013041": "Cantù",
    "098050": "Sant'Angelo Lodigiano",
    "031019": "San Floriano del Collio",
}


def fail(message: str) -> None:
    raise FormatError(message)


def check_tipo(u: Unit) -> bool:
    """Does the type label agree with what ISTAT's coding implies? Città metropolitane are
    numbered 2xx (and 3xx for the Sardinian ones of the 2025 reform)."""
    metro = u.code[0] in "23"
    if u.kind == "Città metropolitana":
        return metro
    if metro:
        return False
    if u.kind == "Provincia autonoma":
        return u.region_code == "04"  # Trentino-Alto Adige/Südtirol
    if u.kind == "Libero consorzio comunale":
        return u.region_code == "19"  # Sicilia
    if u.kind == "Unità non amministrativa":
        return u.region_code == "06"  # Friuli-Venezia Giulia (provinces abolished 2017-18)
    return u.region_code not in ("04", "19", "06")  # plain Provincia


def release(units: list[Unit], comuni: list[Comune], pinned_date: str | None) -> None:
    """Structural checks always; counts and canaries for a pinned release."""
    for what, items in (("unit code", [u.code for u in units]), ("unit sigla", [u.sigla for u in units]),
                        ("unit name", [u.name for u in units]), ("comune code", [c.code for c in comuni]),
                        ("codice catastale", [c.catastale for c in comuni])):
        dup = [k for k, n in collections.Counter(items).items() if n > 1]
        if dup:
            fail(f"duplicate {what}: {dup}")
    regions: dict[str, str] = {}
    for u in units:
        if regions.setdefault(u.region_code, u.region) != u.region:
            fail(f"region {u.region_code} has two names: {regions[u.region_code]!r}, {u.region!r}")
    bad = [u for u in units if not check_tipo(u)]
    if bad:
        fail("unit types inconsistent with ISTAT coding: "
             + "; ".join(f"{u.code} {u.name} ({u.region}) = {u.kind}" for u in bad))
    if pinned_date is None:
        return
    if len(units) != EXPECTED_UNITS[pinned_date]:
        fail(f"release {pinned_date}: {len(units)} units, expected {EXPECTED_UNITS[pinned_date]}")
    if len(regions) != EXPECTED_REGIONS:
        fail(f"release {pinned_date}: {len(regions)} regions, expected {EXPECTED_REGIONS}")
    lo, hi = COMUNI_RANGE
    if not lo <= len(comuni) <= hi:
        fail(f"release {pinned_date}: {len(comuni)} comuni, outside {lo}..{hi}")
    names = {c.code: c.name for c in comuni}
    for code, name in CANARIES.items():
        if names.get(code) != name:
            fail(f"canary: comune {code} should be {name!r}, got {names.get(code)!r} (encoding?)")
