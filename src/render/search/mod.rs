//! The search of `/cerca/`: every rendered page and section (data-born pages included) is read
//! back from its HTML (title, headings, main text), its words folded, split and stemmed by
//! [`text`], and written as a chunked index by [`index`] so that a query fetches only the chunks
//! of its words and the few result entries it shows. The browser side is
//! `themes/italia/static/js/cerca.js`; the format is documented in docs/templates.md.

mod index;
pub mod text;

pub use index::{Analysis, build_index, is_index_file};

use crate::model::kinds::{Events, Provinces, RecordKind, Works};
use crate::model::{DataRecord, Page, Site};

/// The longest main text kept per page, for the excerpt shown under a result.
const EXCERPT_SOURCE_CHARS: usize = 1500;

/// What kind of thing a result is, for the filter and the label beside each result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Province,
    Work,
    Event,
    Page,
}

impl Kind {
    /// The kind of a data-born page's results. Results are grouped in this enum's order, not
    /// the pages', so the search keeps its own list.
    fn of(record: DataRecord) -> Kind {
        match record {
            DataRecord::Province(_) => Kind::Province,
            DataRecord::Work(_) => Kind::Work,
            DataRecord::Event(_) => Kind::Event,
        }
    }

    /// The code the index and the search form's filter use.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Province => Provinces::NAME,
            Kind::Work => Works::NAME,
            Kind::Event => Events::NAME,
            Kind::Page => "page",
        }
    }
}

/// A Province as the search filter shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceFacet {
    /// The sigla in lowercase (`pz`): the filter's value and file name.
    pub sigla: String,
    pub name: String,
}

/// What the index keeps of one page: found by the job that renders it, so the index needs no
/// second pass over the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    /// The output file (`avvisi/index.html`): the index lists documents in its order.
    file: String,
    kind: Kind,
    /// The Province the page is about, if one.
    province: Option<ProvinceFacet>,
    title: String,
    /// The start of the text of `<main>` without its title, for the excerpt.
    text: String,
    analysis: Analysis,
}

/// The kind and Province of a page, from the record it shows: Markdown pages and sections are
/// plain pages.
pub fn page_facets(site: &Site, page: Option<&Page>) -> (Kind, Option<ProvinceFacet>) {
    let (Some(record), Some(data)) = (page.and_then(|page| page.data), site.data.as_ref()) else {
        return (Kind::Page, None);
    };
    let facet = record.province(data).map(|province| {
        let province = &data[province];
        ProvinceFacet {
            sigla: province.sigla.to_lowercase(),
            name: province.name.clone(),
        }
    });
    (Kind::of(record), facet)
}

/// The searchable text of the page rendered to `file`: its `<h1>`, headings and `<main>`.
pub fn document(
    file: &str,
    html: &[u8],
    (kind, province): (Kind, Option<ProvinceFacet>),
) -> SearchDocument {
    let html = String::from_utf8_lossy(html);
    let main_html = element_html(&html, "main").unwrap_or_default();
    let title = element_text(main_html, "h1")
        .or_else(|| element_text(&html, "h1"))
        .unwrap_or_default();
    let headings = ["h2", "h3", "h4"]
        .iter()
        .flat_map(|tag| all_elements_text(main_html, tag))
        .collect::<Vec<_>>()
        .join(" · ");
    let main = strip_tags(main_html);
    let body = main.strip_prefix(title.as_str()).unwrap_or(&main).trim();
    SearchDocument {
        file: file.to_owned(),
        kind,
        province,
        analysis: index::analyse([&title, &headings, body]),
        title,
        text: excerpt_source(body),
    }
}

/// The start of `body`, cut at a word boundary near [`EXCERPT_SOURCE_CHARS`].
fn excerpt_source(body: &str) -> String {
    let text: String = body.chars().take(EXCERPT_SOURCE_CHARS).collect();
    if text.len() == body.len() {
        return text;
    }
    text.rsplit_once(' ')
        .map_or(text.as_str(), |(head, _)| head)
        .to_owned()
}

/// The inner HTML of the first `<tag ...>...</tag>` of `html`.
fn element_html<'a>(html: &'a str, tag: &str) -> Option<&'a str> {
    let open = html.find(&format!("<{tag}"))?;
    let body_start = open + html[open..].find('>')? + 1;
    let close = body_start + html[body_start..].find(&format!("</{tag}>"))?;
    Some(&html[body_start..close])
}

/// The text of every `<tag>` of `html`, in order.
fn all_elements_text(mut html: &str, tag: &str) -> Vec<String> {
    let mut found = Vec::new();
    let close = format!("</{tag}>");
    while let Some(inner) = element_html(html, tag) {
        found.push(strip_tags(inner));
        let end = inner.as_ptr() as usize - html.as_ptr() as usize + inner.len() + close.len();
        html = &html[end..];
    }
    found
}

/// The visible text of the first `<tag ...>...</tag>` of `html`, tags removed, entities decoded.
fn element_text(html: &str, tag: &str) -> Option<String> {
    element_html(html, tag).map(strip_tags)
}

fn strip_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut in_script = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<script") {
            in_script = true;
        }
        if in_script && rest.starts_with("</script>") {
            in_script = false;
        }
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag && !in_script => text.push(c),
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Named entities that templates and Markdown write (Tera escapes only `& < > " '`; the rest
/// come from hand-written templates), the numeric ones, and `&amp;` last.
const ENTITIES: &[(&str, &str)] = &[
    ("nbsp", " "),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("rsaquo", "›"),
    ("lsaquo", "‹"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("middot", "·"),
    ("rsquo", "’"),
    ("lsquo", "‘"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("agrave", "à"),
    ("egrave", "è"),
    ("eacute", "é"),
    ("igrave", "ì"),
    ("ograve", "ò"),
    ("ugrave", "ù"),
    ("Egrave", "È"),
    ("euro", "€"),
    ("copy", "©"),
];

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest[1..].find(';').filter(|&end| end <= 8).and_then(|end| {
            let name = &rest[1..=end];
            let character = match name.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .map(String::from),
                Some(decimal) => decimal
                    .parse()
                    .ok()
                    .and_then(char::from_u32)
                    .map(String::from),
                None if name == "amp" => Some("&".to_owned()),
                None => ENTITIES
                    .iter()
                    .find(|(entity, _)| *entity == name)
                    .map(|(_, text)| (*text).to_owned()),
            };
            character.map(|character| (character, end + 2))
        });
        match decoded {
            Some((character, length)) => {
                out.push_str(&character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_without_tags_and_scripts() {
        let html = "<html><body><header>x</header><main><h1>Titolo</h1><p>Caff&egrave; &amp; <b>tè</b></p><script>var a=1</script></main></body></html>";
        assert_eq!(element_text(html, "main").unwrap(), "Titolo Caffè & tè");
        assert_eq!(
            decode_entities("a &rsaquo; b &#8212; &#x20AC; &amp;lt; &bogus; &"),
            "a › b — € &lt; &bogus; &"
        );
    }

    #[test]
    fn title_headings_and_body_are_told_apart() {
        let html = "<h1>Fuori</h1><main><h1>Potenza</h1><h2>Fase 4</h2><p>Testo</p><h3>Sezione <em>2</em></h3></main>";
        let found = document(
            "province/potenza/index.html",
            html.as_bytes(),
            (Kind::Province, None),
        );
        assert_eq!(found.title, "Potenza", "the title is the h1 of main");
        assert_eq!(found.text, "Fase 4 Testo Sezione 2");
        assert_eq!(
            found.analysis,
            index::analyse(["Potenza", "Fase 4 · Sezione 2", "Fase 4 Testo Sezione 2"])
        );
    }
}
