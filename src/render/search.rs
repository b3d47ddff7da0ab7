//! The client-side search index of `/cerca/`: built from the text of every rendered page and
//! section (data-born pages included), with Italian accent folding, stop words and the light
//! stemmer of Savoy (as in Lucene's ItalianLightStemmer). `themes/italia/static/js/cerca.js`
//! applies the same folding and stemming to queries; a test keeps the two in step.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

use serde_json::json;

use crate::output::{OutputData, OutputFile};

/// Where the index is published.
pub const INDEX_PATH: &str = "cerca/indice.json";

/// Words too common to help a search.
const STOP_WORDS: &[&str] = &[
    "a", "ad", "al", "alla", "alle", "agli", "ai", "all", "anche", "che", "chi", "ci", "con",
    "col", "da", "dal", "dalla", "dalle", "dai", "dagli", "del", "della", "delle", "dei", "degli",
    "dell", "di", "e", "ed", "gli", "i", "il", "in", "la", "le", "lo", "l", "ma", "ne", "nel",
    "nella", "nelle", "nei", "negli", "nell", "non", "o", "per", "piu", "si", "su", "sul", "sulla",
    "sulle", "sui", "tra", "fra", "un", "una", "uno", "un", "e", "sono", "come", "questo",
    "questa", "ogni",
];

/// The longest text kept per page for the result snippet.
const SNIPPET_CHARS: usize = 180;

/// What the index keeps of one page: found by the job that renders it, so the index needs no
/// second pass over the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDocument {
    /// The output file (`avvisi/index.html`): the index lists documents in its order.
    file: String,
    title: String,
    snippet: String,
    terms: BTreeSet<String>,
}

/// The searchable text of the page rendered to `file`: its `<h1>` and `<main>`.
pub fn document(file: &str, html: &[u8]) -> SearchDocument {
    static STOP: LazyLock<HashSet<&str>> = LazyLock::new(|| STOP_WORDS.iter().copied().collect());
    let html = String::from_utf8_lossy(html);
    let title = element_text(&html, "h1").unwrap_or_default();
    let main = element_text(&html, "main").unwrap_or_default();
    let terms = terms(&format!("{title} {main}"), &STOP).collect();
    let snippet = snippet(main.strip_prefix(title.as_str()).unwrap_or(&main));
    SearchDocument {
        file: file.to_owned(),
        title,
        snippet,
        terms,
    }
}

/// Builds the index over the documents of every page and section.
/// Links are absolute paths under `base_path` (`/portale/accessibilita/`), so that they hold
/// wherever the site is published.
pub fn build_index(mut documents: Vec<&SearchDocument>, base_path: &str) -> OutputFile {
    documents.sort_by(|a, b| a.file.cmp(&b.file));
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut listed = Vec::with_capacity(documents.len());
    for (id, document) in documents.iter().enumerate() {
        for term in &document.terms {
            postings.entry(term).or_default().push(id);
        }
        let url = format!(
            "{base_path}/{}",
            document.file.trim_end_matches("index.html")
        );
        listed.push(json!([url, document.title, document.snippet]));
    }
    let json = json!({ "version": 1, "documents": listed, "terms": postings });
    OutputFile {
        path: INDEX_PATH.to_owned(),
        data: OutputData::Bytes(json.to_string().into_bytes().into()),
    }
}

/// Lowercase, accents folded ("città" → "citta"), split on anything that is not a letter or a
/// digit, stop words dropped, stemmed.
pub fn terms<'a>(
    text: &'a str,
    stop_words: &'a HashSet<&str>,
) -> impl Iterator<Item = String> + 'a {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| word.len() > 1 && !stop_words.contains(word))
        .map(stem)
        .collect::<Vec<_>>()
        .into_iter()
}

/// Lowercase ASCII with accents removed.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// Savoy's light Italian stemmer (Lucene's ItalianLightStemmer): plural and gender endings
/// removed from words of six letters or more, so that "provincia" and "province" meet.
pub fn stem(word: &str) -> String {
    let bytes = word.as_bytes();
    let len = bytes.len();
    if len < 6 {
        return word.to_owned();
    }
    let last = bytes[len - 1];
    let before = bytes[len - 2];
    let cut = match last {
        b'e' if before == b'i' || before == b'h' => 2,
        b'i' if before == b'i' || before == b'h' => 2,
        b'a' | b'o' if before == b'i' => 2,
        b'e' | b'i' | b'a' | b'o' => 1,
        _ => 0,
    };
    word[..len - cut].to_owned()
}

/// The visible text of the first `<tag ...>...</tag>` of `html`, tags removed, entities decoded.
fn element_text(html: &str, tag: &str) -> Option<String> {
    let open = html.find(&format!("<{tag}"))?;
    let body_start = open + html[open..].find('>')? + 1;
    let close = body_start + html[body_start..].find(&format!("</{tag}>"))?;
    Some(strip_tags(&html[body_start..close]))
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
    let decoded = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn snippet(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= SNIPPET_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_and_gender_forms_meet() {
        for (a, b) in [
            ("provincia", "province"),
            ("servizio", "servizi"),
            ("comune", "comuni"),
            ("associato", "associati"),
            ("personale", "personali"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("webinar"), "webinar");
        assert_eq!(stem("città"), "città", "short words are kept");
    }

    #[test]
    fn accents_fold_and_stop_words_go() {
        let stop: HashSet<&str> = STOP_WORDS.iter().copied().collect();
        let found: Vec<String> = terms("La città di Forlì e le Province", &stop).collect();
        assert_eq!(found, ["citta", "forli", "provinc"]);
    }

    #[test]
    fn main_text_without_tags_and_scripts() {
        let html = "<html><body><header>x</header><main><h1>Titolo</h1><p>Caff&egrave; &amp; <b>tè</b></p><script>var a=1</script></main></body></html>";
        assert_eq!(
            element_text(html, "main").unwrap(),
            "Titolo Caff&egrave; & tè"
        );
    }
}
