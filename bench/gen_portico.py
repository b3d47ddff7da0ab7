#!/usr/bin/env python3
"""Writes the shared benchmark site ("programme portal", see ../shared/bench/README.md) in portico's format.

    OUT/portico/          config.toml, content/ (YAML front matter), templates/ (Tera 1.20), static/
    OUT/portico/data/     only with --with-data: programme records (docs/dati.md) for the data layer
    OUT/manifest.json     the shared generator's counts, plus a "portico" object with portico's own

How the content stays identical to the Zola and Hugo sites
    This script does not re-implement the shared generator: it imports `gen_site.py` (from
    --shared-bench) and runs its own `generate()`, with the module's `write()` function replaced by
    one that catches every file written for the Zola tree. Each Zola content file is split into
    its TOML front matter and the rest; the front matter is rewritten as YAML with the same keys
    and values, and the rest (blank line + Markdown body) is copied byte for byte. So pages,
    sections, titles, dates, tags, order and bodies are the ones gen_site.py writes for Zola, for
    any (pages, seed), and they follow gen_site.py if it changes. Only the templates and
    config.toml are written here (equivalents of gen_site.py's Zola templates; see TEMPLATES).

    With --also-zola-hugo the Zola and Hugo trees are written too (to OUT/zola, OUT/hugo), by the
    same single run of the shared generator.

With --with-data
    portico publishes each data Province at /province/<slug>/ (hard-wired), the URLs the benchmark's
    province sections use. So with --with-data the benchmark's tree moves to content/territori/
    (/territori/<prov>/...), and the internal links `](/province/` in bodies are rewritten to
    `](/territori/` (the only change to the bodies; counted in the manifest). data/ then holds:
    programme.yaml (copied from the repository), groups.yaml (10 groups), provinces/<SIGLA>.yaml
    for all 107 siglas of reference/istat/unita-sovracomunali.csv, events/<group>.yaml (--events
    events in total, none overlapping), project-works/<SIGLA>/project-work.yaml (one per Province,
    the most docs/dati.md allows, unpublished). Plus content/province/_index.md and
    content/calendario/_index.md, the sections the data pages join, and the templates
    province.html, event.html, calendar.html, data_provinces.html.

Usage:
    python3 bench/gen_portico.py --pages 1000 --out /tmp/bench-n1000 [--force] [--with-data]

Standard library only. Deterministic for a given (pages, seed[, events]).
"""

import argparse
import csv
import datetime
import importlib.util
import json
import os
import random
import re
import shutil
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------------------
# The shared generator
# ---------------------------------------------------------------------------


def load_shared(folder):
    path = os.path.join(folder, "gen_site.py")
    if not os.path.isfile(path):
        sys.exit(f"gen_portico: no gen_site.py in {folder} (use --shared-bench)")
    spec = importlib.util.spec_from_file_location("gen_site", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("generate", "write", "q", "SITE_TITLE", "SITE_DESCRIPTION", "BASE_URL",
                 "FOOTER_TEXT", "NAV", "FOOTER_LINKS", "PROVINCES"):
        if not hasattr(module, name):
            sys.exit(f"gen_portico: {path} has no `{name}`; gen_portico.py must be brought in step")
    return module, path


DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_zola_front_matter(text, where):
    """The TOML front matter gen_site.zola_fm() writes: `key = value` lines, `[taxonomies]` and
    `[extra]` tables; values are JSON-compatible (q() is json.dumps) or bare dates."""
    if not text.startswith("+++\n"):
        raise ValueError(f"{where}: no +++ front matter")
    end = text.index("\n+++\n", 3)
    lines = text[4:end].split("\n")
    rest = text[end + len("\n+++\n"):]
    tables = {"": {}}
    table = ""
    for line in lines:
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            table = line[1:-1]
            tables.setdefault(table, {})
            continue
        key, sep, value = line.partition(" = ")
        if not sep:
            raise ValueError(f"{where}: cannot read front matter line {line!r}")
        try:
            parsed = json.loads(value)
        except ValueError:
            if not DATE_RE.match(value):
                raise ValueError(f"{where}: unexpected value {value!r}") from None
            parsed = Date(value)
        tables[table][key] = parsed
    unknown = set(tables) - {"", "taxonomies", "extra"}
    if unknown:
        raise ValueError(f"{where}: unexpected tables {sorted(unknown)}")
    return tables, rest


class Date(str):
    """A bare date literal, written unquoted in YAML."""


def yaml_value(q, value):
    if isinstance(value, Date):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return q(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(q, v) for v in value) + "]"
    raise ValueError(f"no YAML form for {value!r}")


def portico_front_matter(q, tables):
    """The same keys as the Zola front matter, in portico's YAML (docs/contenuti.md)."""
    lines = ["---"]
    for key, value in tables[""].items():
        lines.append(f"{key}: {yaml_value(q, value)}")
    for table in ("taxonomies", "extra"):
        if tables.get(table):
            lines.append(f"{table}:")
            for key, value in tables[table].items():
                lines.append(f"  {key}: {yaml_value(q, value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Templates: the Zola templates of gen_site.py, in portico's context (docs/templates.md)
# ---------------------------------------------------------------------------
# Differences, all forced by portico's context, none changing what a page shows:
# - `date(format="%d/%m/%Y")` is not in portico (Tera's builtins are off): the same text comes
#   from `page.date | split(pat="-") | reverse | join(sep="/")` ("2023-05-12" -> "12/05/2023").
# - `get_section(..., metadata_only=true)` per subsection: portico's section.subsections already
#   carries title, description and permalink.
# - tag links: `get_taxonomy_url(kind="tags", name=tag)` -> the term's own `permalink` (portico
#   gives page.taxonomies.tags as {name, slug, permalink}); `terms` -> `taxonomy.terms`,
#   `term.pages | length` -> `page_count` in the list; `taxonomy_single.html` -> `taxonomy_term.html`.
# - @ROOT@ is the benchmark's root folder: `province`, or `territori` with --with-data.

DATE_DMY = '{{ page.date | split(pat="-") | reverse | join(sep="/") }}'

TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<link rel="stylesheet" href="/css/style.css">
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">{{ config.title }}</a>
  <nav aria-label="Navigazione principale">
    <ul>
    {% for item in config.extra.nav %}
      <li><a href="{{ item.url }}">{{ item.name }}</a></li>
    {% endfor %}
    </ul>
  </nav>
</header>
<main id="contenuto">
{% block content %}{% endblock content %}
</main>
<footer class="site-footer">
  <p>{{ config.extra.footer_text }}</p>
  <ul>
  {% for item in config.extra.footer_links %}
    <li><a href="{{ item.url }}">{{ item.name }}</a></li>
  {% endfor %}
  </ul>
  <p>{{ config.title }} &middot; {{ config.description }}</p>
</footer>
</body>
</html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<section class="home">
  <h1>{{ section.title }}</h1>
  <div class="intro">{{ section.content | safe }}</div>
  <h2>Le province</h2>
  {% set root = get_section(path="@ROOT@/_index.md") %}
  <ul class="province">
  {% for s in root.subsections %}
    <li><a href="{{ s.permalink }}">{{ s.title }}</a></li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "provinces.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block description %}{{ section.description }}{% endblock description %}
{% block content %}
<section class="province-root">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; {{ section.title }}</nav>
  <h1>{{ section.title }}</h1>
  <div class="intro">{{ section.content | safe }}</div>
  <ul class="province">
  {% for s in section.subsections %}
    <li><a href="{{ s.permalink }}">{{ s.title }}</a> &ndash; {{ s.description }}</li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block description %}{{ section.description }}{% endblock description %}
{% block content %}
<section class="provincia">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/@ROOT@/">Province</a> &rsaquo; {{ section.title }}</nav>
  <h1>{{ section.title }}</h1>
  <div class="intro">{{ section.content | safe }}</div>
  <p>{{ section.pages | length }} schede pubblicate.</p>
  <ul class="elenco">
  {% for page in section.pages %}
    <li><a href="{{ page.permalink }}">{{ page.title }}</a> <time datetime="{{ page.date }}">@DMY@</time>
      <p>{{ page.description }}</p></li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article class="scheda">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/@ROOT@/">Province</a> &rsaquo; <a href="/@ROOT@/{{ page.extra.province_slug }}/">{{ page.extra.province }}</a></nav>
  <h1>{{ page.title }}</h1>
  <p class="meta">Pubblicato il <time datetime="{{ page.date }}">@DMY@</time> &middot; {{ page.extra.region }}</p>
  {% if page.taxonomies.tags %}
  <ul class="tags">
  {% for tag in page.taxonomies.tags %}
    <li><a href="{{ tag.permalink }}">#{{ tag.name }}</a></li>
  {% endfor %}
  </ul>
  {% endif %}
  <div class="corpo">{{ page.content | safe }}</div>
</article>
{% endblock content %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block title %}Argomenti | {{ config.title }}{% endblock title %}
{% block content %}
<section class="argomenti">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; Argomenti</nav>
  <h1>Argomenti</h1>
  <ul>
  {% for term in taxonomy.terms %}
    <li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.page_count }})</li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "taxonomy_term.html": """{% extends "base.html" %}
{% block title %}#{{ term.name }} | {{ config.title }}{% endblock title %}
{% block content %}
<section class="argomento">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/tags/">Argomenti</a> &rsaquo; {{ term.name }}</nav>
  <h1>#{{ term.name }}</h1>
  <p>{{ term.pages | length }} schede con questo argomento.</p>
  <ul class="elenco">
  {% for page in term.pages %}
    <li><a href="{{ page.permalink }}">{{ page.title }}</a> <time datetime="{{ page.date }}">@DMY@</time></li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "404.html": """{% extends "base.html" %}
{% block title %}Pagina non trovata | {{ config.title }}{% endblock title %}
{% block content %}
<h1>Pagina non trovata</h1>
<p>La pagina richiesta non esiste. Torna alla <a href="/">home page</a>.</p>
{% endblock content %}
""",
}

# Minimal templates for the pages portico makes from data/ (only with --with-data). They use
# few fields on purpose (title, description, the event's `when`, a Province's Comuni and events),
# so that they work with any portico that has the data layer: portico builds before the calendar
# (commit 9363569) have no event pages, no `permalink` in event views and no `filter`; the
# calendar's filter pages give `filter.events`, later `filter.items` (since the archive).
DATA_TEMPLATES = {
    "data_provinces.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock title %}
{% block content %}
<section class="province-dati">
  <h1>{{ section.title }}</h1>
  <div class="intro">{{ section.content | safe }}</div>
  <ul>
  {% for p in section.pages %}
    <li><a href="{{ p.permalink }}">{{ p.title }}</a> &ndash; {{ p.description }}</li>
  {% endfor %}
  </ul>
</section>
{% endblock content %}
""",
    "province.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article class="provincia-dati">
  <h1>{{ page.title }}</h1>
  <p>{{ page.description }}</p>
  {% if page.province %}
  <h2>Comuni serviti</h2>
  <ul>
  {% for c in page.province.comuni %}
    <li>{{ c.name }} ({{ c.istat_code }})</li>
  {% endfor %}
  </ul>
  <h2>Calendario</h2>
  <ul>
  {% for e in page.province.events %}
    <li>{% if e.permalink is defined %}<a href="{{ e.permalink }}">{{ e.title }}</a>{% else %}{{ e.title }}{% endif %} {{ e.when }}</li>
  {% endfor %}
  </ul>
  {% endif %}
</article>
{% endblock content %}
""",
    "event.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
{% block content %}
<article class="evento">
  <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/calendario/">Calendario</a></nav>
  <h1>{{ page.title }}</h1>
  <p>{{ page.description }}</p>
  {% if page.event %}<p class="meta">{{ page.event.when }} &middot; {{ page.event.status }}</p>{% endif %}
</article>
{% endblock content %}
""",
    "calendar.html": """{% extends "base.html" %}
{% block title %}Calendario | {{ config.title }}{% endblock title %}
{% block content %}
<section class="calendario">
{% if filter is defined %}
  {% if filter.items is defined %}{% set items = filter.items %}{% else %}{% set items = filter.events %}{% endif %}
  <h1>Calendario: {{ filter.label }}</h1>
  <p>{{ items | length }} eventi.</p>
  <ul>
  {% for e in items %}
    <li>{% if e.permalink is defined %}<a href="{{ e.permalink }}">{{ e.title }}</a>{% else %}{{ e.title }}{% endif %} {{ e.when }}</li>
  {% endfor %}
  </ul>
{% else %}
  <h1>{{ section.title }}</h1>
  <div class="intro">{{ section.content | safe }}</div>
  <p>{{ section.pages | length }} eventi.</p>
  <ul>
  {% for p in section.pages %}
    <li><a href="{{ p.permalink }}">{{ p.title }}</a></li>
  {% endfor %}
  </ul>
{% endif %}
</section>
{% endblock content %}
""",
}


def config_toml(gen, root):
    q = gen.q

    def link(url):
        return url.replace("/province/", f"/{root}/", 1) if url.startswith("/province/") else url

    nav = "\n".join(f"  {{ name = {q(n)}, url = {q(link(u))} }}," for n, u in gen.NAV)
    footer = "\n".join(f"  {{ name = {q(n)}, url = {q(link(u))} }}," for n, u in gen.FOOTER_LINKS)
    return f"""# Benchmark site written by bench/gen_portico.py (same content as the Zola and Hugo sites
# of the shared bench/gen_site.py). portico's keys: docs/configurazione.md.
base_url = {q(gen.BASE_URL)}
title = {q(gen.SITE_TITLE)}
description = {q(gen.SITE_DESCRIPTION)}
default_language = "it"
minify_html = false
taxonomies = [{{ name = "tags" }}]

[feeds]
site = false

[markdown]
smart_punctuation = false
allow_raw_html = false

[extra]
footer_text = {q(gen.FOOTER_TEXT)}
nav = [
{nav}
]
footer_links = [
{footer}
]
"""


# ---------------------------------------------------------------------------
# Data records (--with-data), following docs/dati.md
# ---------------------------------------------------------------------------

# The steps of data/programme.yaml: id -> (scope, kind of its events). Checked against the file.
STEPS = [
    ("kick-off", "group"), ("fase-a", "province"), ("webinar-2", "group"), ("fase-b", "province"),
    ("webinar-3", "group"), ("fase-c", "province"), ("webinar-4", "group"),
    ("restituzione", "province"),
]
N_GROUPS = 10
REFERENT_ROLES = [
    ("Referente politico", "Presidenza della Provincia"),
    ("Referente tecnico", "Settore Risorse umane"),
    ("Dirigente del servizio personale", "Settore Risorse umane e organizzazione"),
]
TEAM_ROLES = [
    ("Responsabile del progetto", "Settore Risorse umane"),
    ("Esperto di organizzazione", "Servizio Organizzazione"),
    ("Referente Pi.CO.", "Servizio Sistemi informativi"),
    ("Esperto di reclutamento", "Ufficio Concorsi"),
    ("Referente per i Comuni", "Servizio Assistenza ai Comuni"),
]
SLOT_TIMES = [(9, 0), (11, 0), (14, 0), (16, 0)]  # two-hour slots, far from the 02:00 DST hour
FIRST_DAY = datetime.date(2026, 9, 1)  # events run across the reference date 2026-11-26
UPDATED = "2026-08-20T09:00"
REFERENCE_DAY = datetime.date(2026, 11, 26)
SECTION_IDS = ["s1", "s2", "s3"]


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def weekday_slots(start):
    day = start
    while True:
        if day.weekday() < 5:
            for hour, minute in SLOT_TIMES:
                yield datetime.datetime(day.year, day.month, day.day, hour, minute)
        day += datetime.timedelta(days=1)


def yq(s):
    return json.dumps(s, ensure_ascii=False)


def write_data(site, rng, total_events):
    """data/ for portico's data layer. Returns counts for the manifest."""
    data = os.path.join(site, "data")
    os.makedirs(os.path.join(data, "provinces"))
    os.makedirs(os.path.join(data, "events"))
    os.makedirs(os.path.join(data, "project-works"))

    programme_src = os.path.join(REPO, "data", "programme.yaml")
    with open(programme_src, encoding="utf-8") as f:
        programme = f.read()
    for step_id, _ in STEPS:
        if not re.search(rf"^\s*- id: {re.escape(step_id)}\s*$", programme, re.M):
            sys.exit(f"gen_portico: step `{step_id}` not in {programme_src}; update STEPS")
    for section_id in SECTION_IDS:
        if not re.search(rf"^\s*- id: {section_id}\s*$", programme, re.M):
            sys.exit(f"gen_portico: section `{section_id}` not in {programme_src}; update SECTION_IDS")
    shutil.copyfile(programme_src, os.path.join(data, "programme.yaml"))

    # The ISTAT tables hold every release by date: the units and Comuni in force today only
    # (no `valido_al`), and Comuni name their unit by its ISTAT code.
    units = [u for u in read_csv(os.path.join(REPO, "reference", "istat", "unita-sovracomunali.csv"))
             if not u.get("valido_al")]
    sigla_of_unit = {u["codice_istat"]: u["sigla"] for u in units}
    comuni = {}
    for row in read_csv(os.path.join(REPO, "reference", "istat", "comuni.csv")):
        if not row.get("valido_al") and row["codice_unita"] in sigla_of_unit:
            comuni.setdefault(sigla_of_unit[row["codice_unita"]], []).append(row)
    siglas = [u["sigla"] for u in units]

    # Groups: contiguous blocks of the ISTAT units sorted by region code.
    groups = [(f"percorso-{i + 1}", f"Percorso {i + 1}") for i in range(N_GROUPS)]
    by_region = sorted(units, key=lambda u: (u["codice_regione"], u["codice_istat"]))
    group_of = {u["sigla"]: groups[i * len(groups) // len(by_region)][0] for i, u in enumerate(by_region)}
    lines = ["# Benchmark data written by bench/gen_portico.py (docs/dati.md).", "", "groups:"]
    for gid, name in groups:
        regions = []
        for u in by_region:
            if group_of[u["sigla"]] == gid and u["regione"] not in regions:
                regions.append(u["regione"])
        lines += [f"  - id: {gid}", f"    name: {yq(name + ' – ' + ', '.join(regions))}",
                  f"    description: {yq('Gruppo sintetico per le prove di prestazione: Province di ' + ', '.join(regions) + '.')}", ""]
    with open(os.path.join(data, "groups.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))

    comuni_listed = 0
    for sigla in siglas:
        own = comuni.get(sigla, [])
        chosen = sorted(rng.sample(own, min(len(own), rng.randint(3, 8))), key=lambda r: r["codice_istat"])
        comuni_listed += len(chosen)
        lines = ["# Benchmark data written by bench/gen_portico.py (docs/dati.md).", "",
                 f"sigla: {sigla}", f"group: {group_of[sigla]}", "", "referents:"]
        for role, office in REFERENT_ROLES:
            lines += [f"  - role: {role}", f"    office: {office}"]
        lines += ["", "team:"]
        for role, office in TEAM_ROLES[: rng.randint(3, len(TEAM_ROLES))]:
            lines += [f"  - role: {role}", f"    office: {office}"]
        lines += ["", "comuni:"]
        lines += [f"  - {yq(r['codice_istat'])}  # {r['nome']}" for r in chosen]
        lines += ["", f"notes: {yq('Servizio associato per ' + str(len(chosen)) + ' Comuni del territorio.')}", ""]
        with open(os.path.join(data, "provinces", f"{sigla}.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))

    # Events. Per group, one sequence of two-hour weekday slots shared by the group's webinars and
    # the sessions of its Provinces: nothing of one group or one Province overlaps. Deadlines
    # (one per Province) have a date only and never count as overlapping.
    group_steps = [s for s, scope in STEPS if scope == "group"]
    session_steps = ["fase-a", "fase-b", "fase-c"]
    n_webinars = len(groups) * len(group_steps)
    n_deadlines = len(siglas)
    n_sessions = max(0, total_events - n_webinars - n_deadlines)
    per_province = {s: n_sessions // len(siglas) + (1 if i < n_sessions % len(siglas) else 0)
                    for i, s in enumerate(siglas)}
    counts = {"webinar": 0, "session": 0, "deadline": 0, "cancelled": 0}
    event_ids = set()

    def event_block(eid, step, who_key, who, start, minutes=None, deadline=False):
        assert eid not in event_ids, eid
        event_ids.add(eid)
        end = start + datetime.timedelta(minutes=minutes or 0)
        past = (end.date() if not deadline else start) < REFERENCE_DAY
        r = rng.random()
        if past:
            status = "held" if r < 0.95 else "cancelled"
        else:
            status = "scheduled" if r < 0.6 else "confirmed" if r < 0.95 else "cancelled" if r < 0.98 else "postponed"
        if status == "cancelled":
            counts["cancelled"] += 1
        out = [f"  - id: {eid}", f"    step: {step}", f"    {who_key}: {who}"]
        if deadline:
            out += ["    kind: deadline", "    title: Consegna del project work finale",
                    f"    start: {start.isoformat()}"]
        else:
            out += [f"    start: {start.strftime('%Y-%m-%dT%H:%M')}", f"    duration_minutes: {minutes}"]
            if rng.random() < 0.85:
                out += ["    mode: online", "    platform: Microsoft Teams"]
            else:
                out += ["    mode: in_person", f"    location: {yq('Sede della Provincia, sala ' + str(rng.randint(1, 9)))}"]
        out += [f"    status: {status}", f"    revision: {2 if status in ('cancelled', 'postponed') else 1}",
                f"    updated: {UPDATED}"]
        if status == "held" and not deadline and who_key == "group":
            out += ["    materials:", "      - title: Slide del webinar",
                    f"        url: https://www.example.it/materiali/{eid}.pdf"]
        if status in ("cancelled", "postponed"):
            out += [f"    notes: {yq('Evento ' + ('annullato' if status == 'cancelled' else 'rinviato') + ' per esigenze organizzative.')}"]
        return out

    for g, (gid, _) in enumerate(groups):
        members = [s for s in siglas if group_of[s] == gid]
        slots = weekday_slots(FIRST_DAY + datetime.timedelta(days=g))
        # sessions of each Province, split over the three intermediate phases
        todo = {s: [per_province[s] // 3 + (1 if k < per_province[s] % 3 else 0) for k in range(3)] for s in members}
        lines = ["# Benchmark data written by bench/gen_portico.py (docs/dati.md).", "", "events:"]
        last_day = FIRST_DAY
        for step in [s for s, _ in STEPS if s != "restituzione"]:
            if step in group_steps:
                start = next(slots)
                lines += event_block(f"{gid}-{step}", step, "group", gid, start, 120)
                counts["webinar"] += 1
                last_day = start.date()
                continue
            phase = session_steps.index(step)
            done = {s: 0 for s in members}
            while any(todo[s][phase] for s in members):
                for s in members:  # round robin over the group's Provinces
                    if todo[s][phase]:
                        todo[s][phase] -= 1
                        done[s] += 1
                        start = next(slots)
                        lines += event_block(f"{s.lower()}-{step}-{done[s]}", step, "province", s, start, 60)
                        counts["session"] += 1
                        last_day = start.date()
        for s in members:
            day = last_day + datetime.timedelta(days=14 + rng.randint(0, 10))
            lines += event_block(f"{s.lower()}-restituzione", "restituzione", "province", s, day, deadline=True)
            counts["deadline"] += 1
        with open(os.path.join(data, "events", f"{gid}.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")

    # Project works: one per Province (docs/dati.md allows one), all unpublished.
    statuses = ["approved", "delivered", "in_progress", "not_started"]
    for i, sigla in enumerate(siglas):
        folder = os.path.join(data, "project-works", sigla)
        os.makedirs(folder)
        name = units[i]["nome"]
        lines = ["# Benchmark data written by bench/gen_portico.py (docs/dati.md).", "",
                 f"province: {sigla}",
                 f"title: {yq('Un servizio associato per il personale dei Comuni: ' + name)}",
                 "published: false", "", "sections:"]
        progress = rng.randint(0, 3)
        for k, section in enumerate(SECTION_IDS):
            status = statuses[0] if k < progress - 1 else statuses[1] if k == progress - 1 else statuses[2] if k == progress else None
            if status is None:
                break
            lines += [f"  - section: {section}", f"    status: {status}"]
            if status in ("approved", "delivered"):
                delivered = datetime.date(2026, 2 + 3 * k, 1 + rng.randint(0, 20))
                lines += [f"    delivered: {delivered.isoformat()}"]
                if status == "approved":
                    lines += [f"    feedback: {(delivered + datetime.timedelta(days=rng.randint(3, 12))).isoformat()}"]
        lines += ["", f"peer_reviewer: {siglas[(i + 1) % len(siglas)]}", ""]
        with open(os.path.join(folder, "project-work.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))

    return {
        "groups": len(groups),
        "provinces": len(siglas),
        "comuni_listed": comuni_listed,
        "events": len(event_ids),
        "events_by_kind": {k: counts[k] for k in ("webinar", "session", "deadline")},
        "events_cancelled": counts["cancelled"],
        "project_works": len(siglas),
        "project_works_published": 0,
        "steps": len(STEPS),
    }


# ---------------------------------------------------------------------------
# Site
# ---------------------------------------------------------------------------


def generate(args):
    gen, gen_path = load_shared(args.shared_bench)
    out = os.path.abspath(args.out)
    site = os.path.join(out, "portico")
    if os.path.exists(site):
        if not args.force:
            sys.exit(f"{site} exists; pass --force to replace it")
        shutil.rmtree(site)
    os.makedirs(os.path.join(site, "content"))
    os.makedirs(os.path.join(site, "templates"))

    root = "territori" if args.with_data else "province"
    q = gen.q
    original_write = gen.write
    shared_out = out if args.also_zola_hugo else tempfile.mkdtemp(prefix="gen-portico-")
    stats = {"content_files": 0, "body_links_rewritten": 0, "static_files": 0}
    shared_manifest = {}

    def write(path, text):
        rel = os.path.relpath(path, shared_out).replace(os.sep, "/")
        if args.also_zola_hugo:
            original_write(path, text)
        if rel == "manifest.json":
            shared_manifest.update(json.loads(text))
        elif rel.startswith("zola/content/"):
            tables, rest = parse_zola_front_matter(text, rel)
            content_rel = rel[len("zola/content/"):]
            if root != "province" and content_rel.startswith("province/"):
                content_rel = root + content_rel[len("province"):]
                n = rest.count("](/province/")
                rest = rest.replace("](/province/", f"](/{root}/")
                stats["body_links_rewritten"] += n
            target = os.path.join(site, "content", *content_rel.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as f:
                f.write(portico_front_matter(q, tables) + rest)
            stats["content_files"] += 1
        elif rel.startswith("zola/static/"):
            target = os.path.join(site, "static", *rel[len("zola/static/"):].split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            stats["static_files"] += 1

    gen.write = write
    try:
        gen.generate(args.pages, args.seed, shared_out, args.force or not args.also_zola_hugo)
    finally:
        gen.write = original_write
        if not args.also_zola_hugo:
            shutil.rmtree(shared_out, ignore_errors=True)

    with open(os.path.join(site, "config.toml"), "w", encoding="utf-8", newline="\n") as f:
        f.write(config_toml(gen, root))
    templates = dict(TEMPLATES)
    if args.with_data:
        templates.update(DATA_TEMPLATES)
    for name, text in templates.items():
        text = text.replace("@ROOT@", root).replace("@DMY@", DATE_DMY)
        with open(os.path.join(site, "templates", name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    sections = shared_manifest["sections_including_home_and_root"]
    html = shared_manifest["expected_html_files"]
    portico = {
        "generator": "bench/gen_portico.py",
        "shared_generator": os.path.normpath(gen_path),
        "with_data": args.with_data,
        "content_root": f"/{root}/",
        "content_files": stats["content_files"],
        "body_links_rewritten": stats["body_links_rewritten"],
        "sections": sections,
        "templates": sorted(templates),
        # pages + sections (home, root, provinces) + /tags/ + terms + 404, as for Zola and Hugo
        "expected_html_files": html,
        "expected_other_files": {"sitemap.xml": 1, "robots.txt": 1, "static": stats["static_files"]},
    }
    if args.with_data:
        rng = random.Random(f"portico-data-{args.seed}")
        d = write_data(site, rng, args.events)
        for name, title, template, body in (
            ("province", "Province partecipanti", "data_provinces.html",
             "Le Province del programma, con i loro Comuni e il loro calendario.\n"),
            ("calendario", "Calendario", "calendar.html",
             "Tutti gli eventi del percorso: webinar, sessioni individuali e scadenze.\n"),
        ):
            os.makedirs(os.path.join(site, "content", name))
            with open(os.path.join(site, "content", name, "_index.md"), "w", encoding="utf-8", newline="\n") as f:
                f.write(f"---\ntitle: {q(title)}\ntemplate: {template}\nsort_by: title\n---\n{body}")
        filters = d["groups"] + d["provinces"] + d["steps"] + 3
        data_html = 2 + d["provinces"] + d["events"] + filters
        portico["data"] = d
        portico["expected_html_files"] = html + data_html
        portico["expected_html_breakdown"] = {
            "benchmark_site": html,
            "data_sections (/province/, /calendario/)": 2,
            "province_pages": d["provinces"],
            "event_pages": d["events"],
            "calendar_filter_pages (groups + provinces + steps + 3 kinds)": filters,
        }
        # portico builds older than the calendar (commit 9363569) make only the Province pages
        portico["expected_html_files_without_calendar"] = html + 2 + d["provinces"]
        # calendario.ics + one per group + one per Province + one per event
        portico["expected_other_files"]["ics"] = 1 + d["groups"] + d["provinces"] + d["events"]

    manifest = dict(shared_manifest)
    manifest["portico"] = portico
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", "-n", type=int, required=True, help="number of content pages")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True, help="output folder; portico/ (and manifest.json) are written in it")
    ap.add_argument("--force", action="store_true", help="replace an existing portico/ (and zola/, hugo/)")
    ap.add_argument("--shared-bench", default=os.path.join(REPO, "..", "shared", "bench"),
                    help="folder holding gen_site.py (default: ../shared/bench from the repository root)")
    ap.add_argument("--also-zola-hugo", action="store_true",
                    help="also write OUT/zola and OUT/hugo (the shared generator's own trees)")
    ap.add_argument("--with-data", action="store_true", help="add data/ records (docs/dati.md) and their templates")
    ap.add_argument("--events", type=int, default=3000, help="events in data/ with --with-data (default 3000)")
    args = ap.parse_args()
    m = generate(args)
    print(json.dumps(m["portico"] | {"pages": m["pages"], "seed": m["seed"]}))


if __name__ == "__main__":
    main()
