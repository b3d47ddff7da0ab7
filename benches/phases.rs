//! Benchmarks of the inner phases of a build, through the library's public API:
//!
//! - `markdown/page`: one ~1,000-word page through [`portico::markdown::render`];
//! - `load/content`, `load/data`: reading the bundled portal's `content/` and `data/`;
//! - `model`: validating the data and building the site graph (Markdown included);
//! - `render/portal`: [`portico::pipeline::render`] of the bundled portal (all but the write);
//! - `build/synthetic`: the same on a generated site of ~300 Markdown pages.
//!
//! Run with `cargo bench --bench phases` (add `-- --quick` for a short run, or a name filter
//! such as `-- markdown`). The reference date is fixed so that results do not depend on today.

use std::fmt::Write as _;
use std::hint::black_box;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use portico::BuildOptions;
use portico::config::Config;
use portico::load::Caches;
use portico::load::content::load_content;
use portico::load::data::load_data;
use portico::markdown::{MarkdownOptions, render as render_markdown};
use portico::model::build::{ModelOptions, build_site};
use portico::pipeline::{BuildError, BuiltSite, render};
use portico::validate::validate;

/// The binary's allocator (see src/main.rs), so that the figures are those of `portico build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Pages of the synthetic site, spread over [`SECTIONS`].
const SYNTHETIC_PAGES: usize = 300;
const SECTIONS: [&str; 4] = ["avvisi", "notizie", "guide", "approfondimenti"];
const TAGS: [&str; 12] = [
    "webinar",
    "Fase 3",
    "Fase 4",
    "personale",
    "concorsi",
    "formazione",
    "gestione associata",
    "Comuni",
    "Province",
    "bandi",
    "PNRR",
    "organizzazione",
];

fn reference_date() -> jiff::civil::Date {
    jiff::civil::date(2026, 11, 26)
}

/// The bundled portal: config.toml, content/, data/, themes/ at the repository root.
fn portal_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        date: Some(reference_date()),
        ..Default::default()
    }
}

/// Renders the site in memory, or panics with every diagnostic of the failed build.
fn render_or_panic(options: &BuildOptions) -> BuiltSite {
    match render(options) {
        Ok(built) => built,
        Err(BuildError::Input(problems)) => panic!(
            "the build of {} failed:\n{problems}",
            options.root.display()
        ),
        Err(error) => panic!("the build of {} failed: {error}", options.root.display()),
    }
}

/// A small linear congruential generator (Knuth's MMIX constants): deterministic text without
/// a randomness crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "il",
    "la",
    "delle",
    "dei",
    "per",
    "con",
    "nel",
    "sulla",
    "e",
    "che",
    "un",
    "una",
    "percorso",
    "accompagnamento",
    "Province",
    "Comuni",
    "servizi",
    "associati",
    "gestione",
    "personale",
    "programma",
    "fase",
    "attività",
    "progetto",
    "gruppo",
    "lavoro",
    "formazione",
    "reclutamento",
    "concorsi",
    "amministrazione",
    "ufficio",
    "territorio",
    "cittadini",
    "risultati",
    "obiettivi",
    "supporto",
    "tecnico",
    "incontri",
    "webinar",
    "calendario",
    "documenti",
    "modello",
    "organizzativo",
    "convenzione",
    "funzioni",
    "competenze",
    "sviluppo",
    "valutazione",
    "scadenza",
    "approvazione",
    "delibera",
    "consiglio",
    "provinciale",
    "sindaci",
    "dirigenti",
    "dipendenti",
    "piano",
    "fabbisogni",
    "triennale",
    "digitale",
    "piattaforma",
    "comunicazione",
    "è",
    "sono",
    "viene",
    "vengono",
    "prevede",
    "garantisce",
    "favorisce",
    "coordina",
    "realizza",
    "più",
    "già",
    "città",
    "perché",
    "qualità",
    "efficacia",
    "trasparenza",
    "semplificazione",
];

/// Writes a sentence of a length in `lengths` (in words), with some emphasis and, now and
/// then, a link to one of `links`.
fn sentence(rng: &mut Lcg, lengths: Range<usize>, links: &[&str], out: &mut String) -> usize {
    let words = lengths.start + rng.below(lengths.len());
    let mut written = 0;
    for index in 0..words {
        let word = rng.pick(WORDS);
        if index > 0 {
            out.push(' ');
        }
        let roll = rng.below(40);
        match roll {
            0 => write!(out, "**{word}**").unwrap(),
            1 => write!(out, "*{word}*").unwrap(),
            2 => write!(out, "`{word}`").unwrap(),
            3 if !links.is_empty() => {
                let target = rng.pick(links);
                let other = rng.pick(WORDS);
                write!(out, "[{word} {other}]({target})").unwrap();
                written += 1;
            }
            _ if index == 0 => {
                let mut chars = word.chars();
                let first = chars.next().unwrap().to_uppercase();
                write!(out, "{first}{}", chars.as_str()).unwrap();
            }
            _ => out.push_str(word),
        }
        written += 1;
        if index + 1 < words && rng.below(12) == 0 {
            out.push(',');
        }
    }
    out.push_str(if rng.below(10) == 0 { "…" } else { "." });
    written
}

/// A deterministic Italian-like Markdown page of about `target_words` words: headings (one with
/// an explicit id, linked from the text), paragraphs with emphasis and links, bulleted and
/// numbered lists, a table and a summary marker. `links` are the link destinations to use.
fn italian_markdown(seed: u64, target_words: usize, links: &[&str]) -> String {
    let mut rng = Lcg(seed);
    let mut out = String::with_capacity(target_words * 9);
    let mut words = 0;
    let mut block = 0;
    while words < target_words {
        match block % 7 {
            0 if block == 0 => {
                words += sentence(&mut rng, 18..19, links, &mut out);
                out.push_str("\n\n<!-- more -->\n\n## Obiettivi del percorso {#obiettivi}\n\n");
                words += 3;
            }
            0 | 4 => {
                let level = if block % 7 == 0 { "##" } else { "###" };
                out.push_str(level);
                out.push(' ');
                words += sentence(&mut rng, 3..7, &[], &mut out);
                out.pop(); // no full stop in a heading
                out.push_str("\n\n");
            }
            2 => {
                for _ in 0..3 + rng.below(3) {
                    out.push_str("- ");
                    words += sentence(&mut rng, 6..14, links, &mut out);
                    out.push('\n');
                }
                out.push('\n');
            }
            5 => {
                for number in 1..=3 + rng.below(2) {
                    write!(out, "{number}. ").unwrap();
                    words += sentence(&mut rng, 5..11, &[], &mut out);
                    out.push('\n');
                }
                out.push('\n');
            }
            6 if block == 6 => {
                out.push_str("| Provincia | Comuni serviti | Avanzamento | Note |\n");
                out.push_str("|---|--:|:-:|---|\n");
                for _ in 0..6 {
                    let name = rng.pick(&["Bergamo", "Cuneo", "Lecce", "Pavia", "Siena", "Udine"]);
                    let note = rng.pick(WORDS);
                    let comuni = 10 + rng.below(90);
                    let percent = rng.below(101);
                    writeln!(out, "| {name} | {comuni} | {percent}% | {note} |").unwrap();
                    words += 4;
                }
                out.push_str("\nSi veda la sezione [sugli obiettivi](#obiettivi).\n\n");
                words += 5;
            }
            _ => {
                for _ in 0..3 + rng.below(3) {
                    words += sentence(&mut rng, 8..22, links, &mut out);
                    out.push(' ');
                }
                out.pop();
                out.push_str("\n\n");
            }
        }
        block += 1;
    }
    out
}

fn bench_markdown(c: &mut Criterion) {
    let links = [
        "https://www.funzionepubblica.gov.it/",
        "@/progetto.md",
        "@/avvisi/_index.md",
        "/percorso/",
        "/calendario/",
    ];
    let text = italian_markdown(2026, 1_000, &links);
    let options = MarkdownOptions {
        base_path: "",
        smart_punctuation: true,
        allow_raw_html: false,
    };
    let resolve = |path: &str| -> Option<String> {
        Some(format!(
            "https://provincecomuni.example/{}/",
            path.trim_end_matches(".md").trim_end_matches("/_index")
        ))
    };
    let (rendered, broken) = render_markdown(&text, options, &resolve);
    assert!(
        broken.is_empty(),
        "broken links in the generated page: {broken:?}"
    );
    assert!(
        (950..=1_200).contains(&rendered.word_count),
        "the generated page has {} words",
        rendered.word_count
    );

    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("page", |b| {
        b.iter(|| render_markdown(black_box(&text), options, &resolve))
    });
    group.finish();
}

fn bench_load(c: &mut Criterion) {
    let root = portal_root();
    let content_dir = root.join("content");
    let data_dir = root.join("data");
    let mut group = c.benchmark_group("load");
    group.bench_function("content", |b| {
        b.iter(|| load_content(&content_dir, &root, None).expect("the portal's content/ loads"))
    });
    group.bench_function("data", |b| {
        b.iter(|| {
            load_data(&data_dir, &root, &Caches::default()).expect("the portal's data/ loads")
        })
    });
    group.finish();
}

fn bench_model(c: &mut Criterion) {
    let root = portal_root();
    let config = Config::load(&root.join("config.toml"), Path::new("config.toml"))
        .expect("the portal's config.toml loads");
    let model_options = ModelOptions {
        include_drafts: false,
        include_future: false,
        today: reference_date(),
    };
    // As in `pipeline::render_since`: the data is validated, then the site graph is built.
    // Loading is the setup, not measured; `build_site` consumes what it is given.
    c.bench_function("model", |b| {
        b.iter_batched(
            || {
                let content =
                    load_content(&root.join("content"), &root, None).expect("content loads");
                let data =
                    load_data(&root.join("data"), &root, &Caches::default()).expect("data loads");
                (config.clone(), content, data)
            },
            |(config, content, data)| {
                let (data, _warnings) = validate(&data, &root, model_options.today)
                    .expect("the portal's data is valid");
                build_site(config, content, data, model_options, None)
                    .expect("the site graph builds")
            },
            BatchSize::LargeInput,
        )
    });
}

/// A group for whole renders (100-300 ms each on 2 cores): 10 samples of the same number of
/// runs (flat sampling, as criterion advises for long benchmarks) in about 5 s.
fn whole<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(5));
    group
}

fn bench_render(c: &mut Criterion) {
    let options = options(&portal_root());
    // Once outside the measurement, so that a broken portal fails with its diagnostics.
    drop(render_or_panic(&options));
    let mut group = whole(c, "render");
    group.bench_function("portal", |b| b.iter(|| render_or_panic(&options)));
    group.finish();
}

/// Writes a site of [`SYNTHETIC_PAGES`] pages with its own minimal templates into `root`.
fn write_synthetic_site(root: &Path) {
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
    };
    write(
        "config.toml",
        "base_url = \"https://sintetico.example\"\n\
         title = \"Sito sintetico\"\n\
         description = \"Un sito generato per i benchmark di portico\"\n\
         taxonomies = [{ name = \"tags\", title = \"Etichette\", paginate_by = 20 }]\n",
    );

    let layout = |title: &str, body: &str| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"{{{{ lang }}}}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>{title} · {{{{ config.title }}}}</title>\n</head>\n<body>\n\
             <header><a href=\"{{{{ get_url(path='/') | safe }}}}\">{{{{ config.title }}}}</a></header>\n\
             <main>\n{body}\n</main>\n</body>\n</html>\n"
        )
    };
    let listing = "<ol>{% for page in section.pages %}<li><a href=\"{{ page.permalink }}\">\
                   {{ page.title }}</a>{% if page.date %} – {{ page.date | date_it(format=\"date\") }}\
                   {% endif %}{% if page.summary %}<div>{{ page.summary | safe }}</div>{% endif %}\
                   </li>{% endfor %}</ol>";
    write(
        "templates/index.html",
        &layout(
            "{{ section.title }}",
            &format!(
                "<h1>{{{{ section.title }}}}</h1>\n{{{{ section.content | safe }}}}\n\
                 <ul>{{% for sub in section.subsections %}}<li>{{{{ sub.title }}}} \
                 ({{{{ sub.page_count }}}})</li>{{% endfor %}}</ul>\n{listing}"
            ),
        ),
    );
    write(
        "templates/section.html",
        &layout(
            "{{ section.title }}",
            &format!(
                "<h1>{{{{ section.title }}}}</h1>\n{{{{ section.content | safe }}}}\n{listing}\n\
                 <p>Pagina {{{{ paginator.current_index }}}} di {{{{ paginator.number_pagers }}}}\
                 {{% if paginator.previous %}} · <a href=\"{{{{ paginator.previous }}}}\">precedente</a>\
                 {{% endif %}}{{% if paginator.next %}} · <a href=\"{{{{ paginator.next }}}}\">successiva</a>\
                 {{% endif %}}</p>"
            ),
        ),
    );
    write(
        "templates/page.html",
        &layout(
            "{{ page.title }}",
            "<nav>{% for crumb in page.ancestors %}<a href=\"{{ crumb.permalink }}\">{{ crumb.title }}</a> / {% endfor %}</nav>\n\
             <h1>{{ page.title }}</h1>\n\
             {% if page.date %}<p>{{ page.date | date_it }}, lettura {{ page.reading_time }} min</p>{% endif %}\n\
             <ul>{% for heading in page.toc %}<li><a href=\"#{{ heading.id }}\">{{ heading.title }}</a></li>{% endfor %}</ul>\n\
             {{ page.content | safe }}\n\
             {% if page.taxonomies.tags %}<p>{% for tag in page.taxonomies.tags %}<a href=\"{{ tag.permalink }}\">{{ tag.name }}</a> {% endfor %}</p>{% endif %}\n\
             {% if page.previous %}<p>Precedente: <a href=\"{{ page.previous.permalink }}\">{{ page.previous.title }}</a></p>{% endif %}\n\
             {% if page.next %}<p>Successivo: <a href=\"{{ page.next.permalink }}\">{{ page.next.title }}</a></p>{% endif %}",
        ),
    );
    write(
        "templates/taxonomy_list.html",
        &layout(
            "{{ taxonomy.title }}",
            "<h1>{{ taxonomy.title }}</h1>\n<ul>{% for term in taxonomy.terms %}<li><a href=\"{{ term.permalink }}\">{{ term.name }}</a> ({{ term.page_count }})</li>{% endfor %}</ul>",
        ),
    );
    write(
        "templates/taxonomy_term.html",
        &layout(
            "{{ term.name }}",
            "<h1>{{ taxonomy.title }}: {{ term.name }}</h1>\n<ul>{% for page in term.pages %}<li><a href=\"{{ page.permalink }}\">{{ page.title }}</a></li>{% endfor %}</ul>\n\
             <p>Pagina {{ paginator.current_index }} di {{ paginator.number_pagers }}</p>",
        ),
    );
    write(
        "templates/404.html",
        &layout("Pagina non trovata", "<h1>Pagina non trovata</h1>"),
    );

    write(
        "content/_index.md",
        "---\ntitle: Benvenuti\ndescription: La home del sito sintetico.\n---\n\
         Le sezioni: [avvisi](@/avvisi/_index.md), [notizie](@/notizie/_index.md), \
         [guide](@/guide/_index.md) e [approfondimenti](@/approfondimenti/_index.md).\n",
    );
    for (index, section) in SECTIONS.iter().enumerate() {
        let title = format!("{}{}", section[..1].to_uppercase(), &section[1..]);
        write(
            &format!("content/{section}/_index.md"),
            &format!(
                "---\ntitle: {title}\ndescription: Tutti gli articoli della sezione.\n\
                 sort_by: date\npaginate_by: 10\nweight: {index}\n---\n\
                 Gli articoli della sezione *{section}*, dal più recente.\n"
            ),
        );
    }
    let per_section = SYNTHETIC_PAGES / SECTIONS.len();
    for number in 0..SYNTHETIC_PAGES {
        let section = SECTIONS[number % SECTIONS.len()];
        let position = number / SECTIONS.len();
        let mut rng = Lcg(number as u64 + 1);
        let mut tags: Vec<&str> = (0..1 + rng.below(3)).map(|_| rng.pick(&TAGS)).collect();
        tags.sort_unstable();
        tags.dedup();
        let tags = tags
            .iter()
            .map(|tag| format!("\"{tag}\""))
            .collect::<Vec<_>>()
            .join(", ");
        // One page a day from 2025-01-01, at a time of day that varies.
        let date = jiff::civil::date(2025, 1, 1)
            .checked_add(jiff::Span::new().days(number as i64))
            .unwrap();
        let hour = 8 + rng.below(10);
        // Links to the section, the section's neighbouring page and the taxonomy.
        let neighbour = format!(
            "@/{section}/articolo-{:03}.md",
            ((position + 1) % per_section) * SECTIONS.len() + number % SECTIONS.len()
        );
        let section_link = format!("@/{section}/_index.md");
        let links = [
            "https://www.example.org/normativa/",
            section_link.as_str(),
            neighbour.as_str(),
            "/tags/",
        ];
        let body = italian_markdown(number as u64 * 7919, 1_000, &links);
        write(
            &format!("content/{section}/articolo-{number:03}.md"),
            &format!(
                "---\ntitle: \"Articolo {number}: {} {}\"\ndescription: Una pagina generata.\n\
                 date: {date}T{hour:02}:00\ntaxonomies:\n  tags: [{tags}]\n---\n{body}",
                rng.pick(WORDS),
                rng.pick(WORDS),
            ),
        );
    }
}

fn bench_synthetic(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    write_synthetic_site(dir.path());
    let options = options(dir.path());
    let built = render_or_panic(&options);
    assert_eq!(
        built.site.pages.len(),
        SYNTHETIC_PAGES,
        "every synthetic page is in the site"
    );
    let mut group = whole(c, "build");
    group.throughput(Throughput::Elements(built.files.len() as u64));
    drop(built);
    group.bench_function("synthetic", |b| b.iter(|| render_or_panic(&options)));
    group.finish();
}

/// 20 samples in about 3 s for each benchmark; whole renders set their own (see [`whole`]).
fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = phases;
    config = config();
    targets = bench_markdown, bench_load, bench_model, bench_render, bench_synthetic
}
criterion_main!(phases);
