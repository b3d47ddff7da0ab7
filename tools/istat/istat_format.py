"""Readers for ISTAT's own files, as ISTAT publishes them.

* The "Elenco comuni italiani" (Elenco dei codici e delle denominazioni delle unità
  territoriali): one row per Comune, semicolon separated, with the unit of each Comune
  repeated on its row. ISTAT's files up to 2024 are Windows-1252 with CRLF rows; later copies
  may be UTF-8, so the bytes are decoded as UTF-8 when they are valid UTF-8 (a Windows-1252
  file with any accented letter almost never is) and as Windows-1252 otherwise. Two header
  cells contain a line break, and the wording of some headers changes between releases
  ("Codice Catastale del comune" / "del Comune"), so headers are compared whitespace-collapsed
  and case-folded.
* The list of variations ("Variazioni amministrative e territoriali dei comuni"): one row per
  event, with its type (ES estinzione, CS costituzione, CD cambio di denominazione, AP cambio
  di appartenenza a un'unità sovracomunale, ...), the Comune, the Comune associated with the
  variation or its new code, and the date it took effect.

Only the Python standard library is used.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass


class FormatError(Exception):
    pass


# "Tipologia di Unità territoriale sovracomunale": the file carries only the code; the labels
# are ISTAT's legend (with the wording the portal uses for code 4).
TIPO_BY_CODE = {
    "1": "Provincia",
    "2": "Provincia autonoma",
    "3": "Città metropolitana",
    "4": "Libero consorzio comunale",
    "5": "Unità non amministrativa",
}

ELENCO_COLUMNS = {
    "codice_regione": "Codice Regione",
    "codice_unita": "Codice dell'Unità territoriale sovracomunale (valida a fini statistici)",
    "codice_comune": "Codice Comune formato alfanumerico",
    "nome_comune": "Denominazione in italiano",
    "nome_regione": "Denominazione Regione",
    "nome_unita": "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)",
    "tipo_unita": "Tipologia di Unità territoriale sovracomunale",
    "sigla": "Sigla automobilistica",
    "catastale": "Codice Catastale del comune",
}

ELENCO_PATTERNS = {
    "codice_regione": r"\d{2}",
    "codice_unita": r"\d{3}",
    "codice_comune": r"[0-9A-Z]{6}",
    "sigla": r"[A-Z]{2}",
    "tipo_unita": r"[1-9]",
    "catastale": r"[A-Z]\d{3}",
}

VARIATION_COLUMNS = {
    "tipo": "Tipo variazione",
    "codice": "Codice Istat del Comune",
    "nome": "Denominazione Comune",
    "codice_associato": "Codice Istat del Comune associato alla variazione o nuovo codice Istat del Comune",
    "nome_associato": "Denominazione Comune associata alla variazione o nuova denominazione",
    "data": "Data decorrenza validità amministrativa",
}


@dataclass(frozen=True)
class Unit:
    code: str
    sigla: str
    name: str
    kind: str
    region: str
    region_code: str


@dataclass(frozen=True)
class Comune:
    code: str
    name: str
    unit_code: str
    catastale: str


@dataclass(frozen=True)
class Variation:
    kind: str
    code: str
    name: str
    new_code: str
    new_name: str
    date: str  # ISO 8601


def decode(raw: bytes, what: str) -> tuple[str, str]:
    """The text and the encoding it was read with."""
    try:
        text, encoding = raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = raw.decode("cp1252"), "Windows-1252"  # strict: undefined bytes raise
        except UnicodeDecodeError as e:
            raise FormatError(f"{what} is neither UTF-8 nor Windows-1252: {e}") from e
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = sorted({c for c in text if 0x80 <= ord(c) <= 0x9F or c == "\ufffd"})
    if bad:
        raise FormatError(f"{what}: control/replacement characters after decoding: {bad!r}")
    return text, encoding


def canon(header: str) -> str:
    return re.sub(r"\s+", " ", header).strip().casefold()


def _rows(text: str, columns: dict[str, str], what: str) -> list[tuple[int, dict[str, str]]]:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not rows:
        raise FormatError(f"{what} is empty")
    header = [canon(h) for h in rows[0]]
    idx, missing = {}, []
    for key, col in columns.items():
        if header.count(canon(col)) != 1:
            missing.append(col)
        else:
            idx[key] = header.index(canon(col))
    if missing:
        raise FormatError(f"{what}: missing (or duplicated) ISTAT columns: " + "; ".join(missing)
                          + "\ncolumns present: " + " | ".join(header))
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a trailing blank line
        if len(row) != len(header):
            raise FormatError(f"{what} record {lineno}: {len(row)} fields, header has {len(header)}")
        out.append((lineno, {k: row[i].strip() for k, i in idx.items()}))
    return out


def parse_elenco(raw: bytes, what: str) -> tuple[list[Unit], list[Comune], str]:
    """Units and Comuni of one release, sorted by code, and the encoding it was read with."""
    text, encoding = decode(raw, what)
    units: dict[str, Unit] = {}
    comuni: list[Comune] = []
    for lineno, v in _rows(text, ELENCO_COLUMNS, what):
        where = f"{what} record {lineno}"
        for key, pattern in ELENCO_PATTERNS.items():
            if not re.fullmatch(pattern, v[key]):
                raise FormatError(f"{where}: {ELENCO_COLUMNS[key]!r} = {v[key]!r} does not match {pattern}")
        for key in ("nome_comune", "nome_regione", "nome_unita"):
            if not v[key]:
                raise FormatError(f"{where}: empty {ELENCO_COLUMNS[key]!r}")
        if v["tipo_unita"] not in TIPO_BY_CODE:
            raise FormatError(f"{where}: unknown unit type code {v['tipo_unita']!r}")
        unit = Unit(v["codice_unita"], v["sigla"], v["nome_unita"], TIPO_BY_CODE[v["tipo_unita"]],
                    v["nome_regione"], v["codice_regione"])
        if units.setdefault(unit.code, unit) != unit:
            raise FormatError(f"{where}: unit {unit.code} described inconsistently:\n"
                              f"  {units[unit.code]}\n  {unit}")
        comuni.append(Comune(v["codice_comune"], v["nome_comune"], unit.code, v["catastale"]))
    return sorted(units.values(), key=lambda u: u.code), sorted(comuni, key=lambda c: c.code), encoding


def _iso_date(value: str, where: str) -> str:
    """ISTAT writes dates as dd/mm/yyyy; ISO dates are accepted too."""
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value)
    if m:
        return f"{m[3]}-{m[2]}-{m[1]}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise FormatError(f"{where}: {value!r} is not a date (dd/mm/yyyy)")


def parse_variations(raw: bytes, what: str) -> list[Variation]:
    text, _ = decode(raw, what)
    out = []
    for lineno, v in _rows(text, VARIATION_COLUMNS, what):
        where = f"{what} record {lineno}"
        code, new_code = v["codice"].zfill(6), v["codice_associato"]
        new_code = new_code.zfill(6) if new_code else ""
        out.append(Variation(v["tipo"], code, v["nome"], new_code, v["nome_associato"],
                             _iso_date(v["data"], where)))
    return out
