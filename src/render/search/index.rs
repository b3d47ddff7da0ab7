//! The chunked search index under `/cerca/` (format in docs/templates.md):
//! - `indice.json`, the manifest: document count, chunk keys, kind ranges, Provinces;
//! - `t/<key>.json`, one chunk per word prefix: every word form beginning with the key, the stem
//!   it belongs to, and each such stem's postings (document, weight), so the browser never stems;
//! - `d/<id>.json`, one entry per document: URL, title, kind, Province, text for the excerpt;
//! - `p/<sigla>.json`, the documents of a Province, fetched only when that filter is chosen;
//! - `documenti.json`, every entry's URL, title and kind, for crawlers and tests (never fetched
//!   by the search page).
//!
//! Chunks are split by prefix until each is under [`CHUNK_TARGET_BYTES`], so a query costs
//! about the same on a large site as on a small one.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::SearchDocument;
use super::text::{is_stop_word, stem, words};
use crate::model::routes::Route;
use crate::output::{OutputData, OutputFile};

/// Where a file of the index is published, relative to the output folder.
fn search_file(name: &str) -> String {
    Route::SearchFile(name).path().output_file()
}

/// A chunk is split by one more letter of prefix when larger than this (uncompressed JSON).
const CHUNK_TARGET_BYTES: usize = 12_000;

/// Field weights of BM25F (title, headings, text): a word in the title counts as ten in the
/// text, one in a heading as three.
const FIELD_WEIGHTS: [f64; 3] = [10.0, 3.0, 1.0];
/// BM25's saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Whether `path` (relative to the output folder) is one of the index's files.
pub fn is_index_file(path: &str) -> bool {
    let folder = Route::SearchFile("").path().output_file();
    path.starts_with(folder.trim_end_matches("index.html")) && path.ends_with(".json")
}

/// Builds every file of the index over the documents of every page and section; URLs are
/// prefixed with `base_path`, the path of `base_url` ([`crate::config::Config::base_path`]:
/// `/portale` for `https://e.it/portale/`). `demo_mark`, while the site shows demonstration
/// data, goes into every result (`note`), which the search page shows beside its kind.
pub fn build_index(
    mut documents: Vec<&SearchDocument>,
    base: &str,
    demo_mark: Option<&str>,
) -> Vec<OutputFile> {
    documents.sort_by(|a, b| (a.kind, &a.file).cmp(&(b.kind, &b.file)));
    let postings = Postings::of(&documents);
    let mut files = chunk_files(&postings);
    let keys: Vec<&str> = files.iter().map(|(key, _)| key.as_str()).collect();
    let manifest = manifest(&documents, &keys);
    let mut out: Vec<OutputFile> = files
        .drain(..)
        .map(|(key, chunk)| json_file(search_file(&format!("t/{key}.json")), &chunk))
        .collect();
    out.push(json_file(search_file("indice.json"), &manifest));
    let mut listing = Vec::with_capacity(documents.len());
    let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, document) in documents.iter().enumerate() {
        let url = format!("{base}/{}", document.file.trim_end_matches("index.html"));
        let mut listed =
            json!({ "url": url, "title": document.title, "kind": document.kind.code() });
        let mut entry = entry(document, &url);
        if let Some(mark) = demo_mark {
            listed["note"] = mark.into();
            entry["note"] = mark.into();
        }
        listing.push(listed);
        out.push(json_file(search_file(&format!("d/{id}.json")), &entry));
        if let Some(province) = &document.province {
            by_province.entry(&province.sigla).or_default().push(id);
        }
    }
    for (sigla, ids) in by_province {
        out.push(json_file(
            search_file(&format!("p/{sigla}.json")),
            &json!(ids),
        ));
    }
    out.push(json_file(search_file("documenti.json"), &json!(listing)));
    out
}

fn json_file(path: String, value: &Value) -> OutputFile {
    OutputFile {
        path,
        data: OutputData::Bytes(value.to_string().into_bytes().into()),
    }
}

/// What the search page needs before its first query: how many documents, which chunks exist,
/// where each kind's documents are (they are numbered kind by kind).
fn manifest(documents: &[&SearchDocument], keys: &[&str]) -> Value {
    let mut kinds: BTreeMap<&str, [usize; 2]> = BTreeMap::new();
    for (id, document) in documents.iter().enumerate() {
        kinds
            .entry(document.kind.code())
            .and_modify(|range| range[1] = id + 1)
            .or_insert([id, id + 1]);
    }
    let provinces: BTreeMap<&str, &str> = documents
        .iter()
        .filter_map(|document| document.province.as_ref())
        .map(|province| (province.sigla.as_str(), province.name.as_str()))
        .collect();
    json!({
        "version": 2,
        "documents": documents.len(),
        "chunks": keys,
        "kinds": kinds,
        "provinces": provinces,
    })
}

/// One result's entry: the text is the start of the page's main text, for the excerpt.
fn entry(document: &SearchDocument, url: &str) -> Value {
    let mut value = json!({
        "url": url,
        "title": document.title,
        "kind": document.kind.code(),
        "text": document.text,
    });
    if let Some(province) = &document.province {
        value["province"] = json!(province.sigla);
    }
    value
}

/// A word and the number after it written together ("fase 4" → "fase4"), and in titles and
/// headings a word and the single letter after it ("Fase intermedia A" → "intermediaa"): the
/// browser adds them to a query as optional words, so "Fase 4" puts Fase 4 before Fase 3
/// without the index storing word positions. They are never stemmed ("fasea" is not "fase").
fn pairs(field: &[String], headline: bool) -> Vec<String> {
    field
        .windows(2)
        .filter(|pair| {
            let [first, second] = [&pair[0], &pair[1]];
            let number = second.len() <= 4 && second.bytes().all(|b| b.is_ascii_digit());
            let letter = headline && second.len() == 1 && second.as_bytes()[0].is_ascii_lowercase();
            (number || letter) && !is_stop_word(first) && !first.bytes().all(|b| b.is_ascii_digit())
        })
        .map(|pair| pair.concat())
        .collect()
}

/// A document's words counted per field (title, headings, text). Found by the page's render
/// job, in parallel and kept by the preview between edits, so building the index only adds up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// How many words each field has.
    lengths: [u32; 3],
    /// Stem (or pair) → its occurrences in each field, sorted by stem.
    counts: Vec<(String, [u32; 3])>,
    /// Every word form of the document with its stem (a pair is its own), sorted by form.
    forms: Vec<(String, String)>,
}

/// Splits, folds and stems the title, headings and text of one document.
pub fn analyse(fields: [&str; 3]) -> Analysis {
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    let mut counts: BTreeMap<String, [u32; 3]> = BTreeMap::new();
    let mut lengths = [0; 3];
    for (field, text) in fields.iter().enumerate() {
        let found = words(text);
        lengths[field] = u32::try_from(found.len()).unwrap_or(u32::MAX);
        for word in &found {
            let stem = forms
                .entry(word.clone())
                .or_insert_with(|| stem(word))
                .clone();
            counts.entry(stem).or_default()[field] += 1;
        }
        for pair in pairs(&found, field < 2) {
            forms.insert(pair.clone(), pair.clone());
            counts.entry(pair).or_default()[field] += 1;
        }
    }
    Analysis {
        lengths,
        counts: counts.into_iter().collect(),
        forms: forms.into_iter().collect(),
    }
}

/// Every word form's stem and every stem's weighted postings.
struct Postings {
    /// Folded word form → its stem.
    forms: BTreeMap<String, String>,
    /// Stem → (document id, weight × 100), by document.
    stems: BTreeMap<String, Vec<(usize, u32)>>,
}

impl Postings {
    fn of(documents: &[&SearchDocument]) -> Postings {
        let average = |field: usize| {
            let total: f64 = documents
                .iter()
                .map(|d| f64::from(d.analysis.lengths[field]))
                .sum();
            (total / documents.len().max(1) as f64).max(1.0)
        };
        let averages = [average(0), average(1), average(2)];
        let mut forms = BTreeMap::new();
        let mut stems: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
        for (id, document) in documents.iter().enumerate() {
            let analysis = &document.analysis;
            for (form, stem) in &analysis.forms {
                if !forms.contains_key(form) {
                    forms.insert(form.clone(), stem.clone());
                }
            }
            let norms: Vec<f64> = (0..3)
                .map(|field| 1.0 - B + B * f64::from(analysis.lengths[field]) / averages[field])
                .collect();
            for (stem, counts) in &analysis.counts {
                let tf: f64 = (0..3)
                    .map(|field| FIELD_WEIGHTS[field] * f64::from(counts[field]) / norms[field])
                    .sum();
                let score = tf * (K1 + 1.0) / (tf + K1);
                stems
                    .entry(stem.clone())
                    .or_default()
                    .push((id, (score * 100.0).round() as u32));
            }
        }
        Postings { forms, stems }
    }

    /// The JSON of the forms `forms`: their stems (when different) and those stems' postings,
    /// document ids written as gaps from the previous one.
    fn chunk(&self, forms: &[&String]) -> Value {
        let mut stem_of = serde_json::Map::new();
        let mut postings = serde_json::Map::new();
        for form in forms {
            let stem = &self.forms[*form];
            if stem != *form {
                stem_of.insert((*form).clone(), json!(stem));
            }
            if !postings.contains_key(stem) {
                let mut flat = Vec::new();
                let mut previous = 0;
                for &(id, weight) in &self.stems[stem] {
                    flat.extend([id - previous, weight as usize]);
                    previous = id;
                }
                postings.insert(stem.clone(), json!(flat));
            }
        }
        json!({ "forms": stem_of, "stems": postings })
    }
}

/// The chunks of the index, by key: forms are grouped by their first letter, and a group too
/// large is split by one more letter (forms equal to the prefix stay under it).
fn chunk_files(postings: &Postings) -> Vec<(String, Value)> {
    let forms: Vec<&String> = postings.forms.keys().collect();
    let mut chunks = Vec::new();
    split(postings, "", &forms, &mut chunks);
    chunks
}

fn split(postings: &Postings, prefix: &str, forms: &[&String], out: &mut Vec<(String, Value)>) {
    if !prefix.is_empty() {
        let chunk = postings.chunk(forms);
        if chunk.to_string().len() <= CHUNK_TARGET_BYTES || forms.len() == 1 {
            out.push((prefix.to_owned(), chunk));
            return;
        }
    }
    let (exact, longer): (Vec<&String>, Vec<&String>) =
        forms.iter().partition(|form| form.len() == prefix.len());
    if !exact.is_empty() {
        out.push((prefix.to_owned(), postings.chunk(&exact)));
    }
    // `forms` is sorted, so forms sharing one more letter are neighbours.
    let mut rest = &longer[..];
    while let Some(first) = rest.first() {
        let key = &first[..prefix.len() + 1];
        let end = rest
            .iter()
            .position(|form| !form.starts_with(key))
            .unwrap_or(rest.len());
        split(postings, key, &rest[..end], out);
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_headline_letters_pair_with_the_word_before() {
        let field = words("Fase 4 e fase intermedia A, 2026 e Sezione 2");
        assert_eq!(pairs(&field, false), ["fase4", "sezione2"]);
        assert_eq!(pairs(&field, true), ["fase4", "intermediaa", "sezione2"]);
    }
}
