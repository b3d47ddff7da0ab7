"""Successive ISTAT releases (and, when given, ISTAT's variations) merged into tables whose
rows carry the dates they are valid for and, for what ended, its successors.

A row is valid from `valido_dal` to `valido_al`, both days included; an empty `valido_dal`
means "already in the first release used", an empty `valido_al` "still in the last one".
Without a variations list a change is dated at the release that first shows it (ISTAT's
statistical tables change on that date); a variation of the list that falls between two
releases dates it exactly and names the Comune a merged Comune went into.

Successors of a Comune that left the list: the Comune of the next release with the same
Codice Catastale (a Comune moved to another unit, or renumbered, keeps it), else the Comune
the variations list associates with it. Successors of a unit that left the list: the units
that hold the successors of its Comuni.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from istat_format import Comune, FormatError, Unit, Variation


@dataclass
class Row:
    """One state of a unit or Comune and the days it held."""
    code: str
    values: tuple
    valid_from: str = ""
    valid_to: str = ""
    successors: list[str] = field(default_factory=list)


@dataclass
class Release:
    date: str  # ISO 8601
    units: list[Unit]
    comuni: list[Comune]


def day_before(iso: str) -> str:
    return (datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)).isoformat()


def unit_values(u: Unit) -> tuple:
    return (u.sigla, u.name, u.kind, u.region, u.region_code)


def comune_values(c: Comune) -> tuple:
    return (c.name, c.unit_code)


class Timeline:
    def __init__(self, variations: list[Variation]):
        self.variations = variations
        self.rows: list[Row] = []
        self.open: dict[str, Row] = {}

    def dated(self, code: str, previous: str, date: str, opening: bool) -> str:
        """The day a change of `code` between two releases took effect: the earliest variation
        about it in (previous, date], else the later release's date."""
        days = [v.date for v in self.variations
                if previous < v.date <= date
                and (v.code == code or (opening and v.new_code == code))]
        return min(days, default=date)

    def advance(self, state: dict[str, tuple], previous: str | None, date: str) -> list[Row]:
        """Moves to the next release's state; returns the rows that ended."""
        ended = []
        for code, row in sorted(self.open.items()):
            if state.get(code) == row.values:
                continue
            when = self.dated(code, previous, date, opening=False) if previous else date
            row.valid_to = day_before(when)
            del self.open[code]
            if code not in state:
                ended.append(row)
        for code, values in sorted(state.items()):
            if code in self.open:
                continue
            row = Row(code, values)
            if previous is not None:
                row.valid_from = self.dated(code, previous, date, opening=True)
            self.open[code] = row
            self.rows.append(row)
        return ended


def build(releases: list[Release], variations: list[Variation]) -> tuple[list[Row], list[Row]]:
    """Unit rows and Comune rows, each sorted by code and then by date."""
    releases = sorted(releases, key=lambda r: r.date)
    units, comuni = Timeline(variations), Timeline(variations)
    previous: Release | None = None
    for release in releases:
        since = previous.date if previous else None
        gone_units = units.advance({u.code: unit_values(u) for u in release.units}, since, release.date)
        gone_comuni = comuni.advance({c.code: comune_values(c) for c in release.comuni}, since, release.date)
        if previous is not None:
            comune_successors(gone_comuni, previous, release, variations)
            unit_successors(gone_units, previous, release, gone_comuni)
        previous = release
    key = lambda r: (r.code, r.valid_from)  # noqa: E731
    return sorted(units.rows, key=key), sorted(comuni.rows, key=key)


def comune_successors(gone: list[Row], before: Release, after: Release,
                      variations: list[Variation]) -> None:
    by_catastale = {c.catastale: c.code for c in after.comuni}
    old = {c.code: c for c in before.comuni}
    now = {c.code for c in after.comuni}
    for row in gone:
        same_land = by_catastale.get(old[row.code].catastale)
        if same_land:
            row.successors = [same_land]
            continue
        named = sorted({v.new_code for v in variations
                        if v.code == row.code and before.date < v.date <= after.date
                        and v.new_code and v.new_code != row.code})
        missing = [code for code in named if code not in now]
        if missing:
            raise FormatError(f"the variations give {missing} as successors of {row.code}, "
                              f"but the release of {after.date} has no such Comune")
        row.successors = named


def unit_successors(gone: list[Row], before: Release, after: Release, gone_comuni: list[Row]) -> None:
    unit_of_now = {c.code: c.unit_code for c in after.comuni}
    successors_of = {r.code: r.successors for r in gone_comuni}
    for row in gone:
        held = [c.code for c in before.comuni if c.unit_code == row.code]
        units = set()
        for code in held:
            for successor in [code] if code in unit_of_now else successors_of.get(code, []):
                units.add(unit_of_now[successor])
        row.successors = sorted(units)


def check_within_units(unit_rows: list[Row], comune_rows: list[Row]) -> None:
    """Every Comune row's days lie within one row of its unit: a table valid at a date never
    names a unit that is not."""
    spans: dict[str, list[tuple[str, str]]] = {}
    for u in unit_rows:
        spans.setdefault(u.code, []).append((u.valid_from, u.valid_to))
    for c in comune_rows:
        unit_code = c.values[1]
        if not any(inside(c.valid_from, c.valid_to, lo, hi) for lo, hi in spans.get(unit_code, [])):
            raise FormatError(f"Comune {c.code} ({c.values[0]}) is valid {c.valid_from or '…'} to "
                              f"{c.valid_to or '…'}, outside every row of its unit {unit_code}")


def inside(lo: str, hi: str, outer_lo: str, outer_hi: str) -> bool:
    starts_after = outer_lo == "" or (lo != "" and lo >= outer_lo)
    ends_before = outer_hi == "" or (hi != "" and hi <= outer_hi)
    return starts_after and ends_before
