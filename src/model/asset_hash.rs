//! Content hashes in the names of stylesheets, scripts and fonts (`css/portico.css` →
//! `css/portico.3f2a9c01be.css`), so that a web server can let browsers keep them for a year
//! (`Cache-Control: immutable`) while a changed file still reaches every visitor at once.
//!
//! Templates keep writing `get_url(path='css/portico.css')`: `get_url` answers with the hashed
//! name. Stylesheets' `url()`s that point at another hashed file are rewritten before the
//! stylesheet itself is hashed, so a new font version changes the stylesheet's name too.

use std::collections::BTreeMap;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// Extensions of the files that get a hash in their name. Fonts come before stylesheets in
/// [`hash_assets`] because stylesheets name them.
const FONTS: [&str; 2] = ["woff2", "woff"];
const CODE: [&str; 2] = ["css", "js"];

/// The hashed static files of a build: their names, and the stylesheets whose text changed.
#[derive(Debug, Default, Clone)]
pub struct HashedAssets {
    /// Static path as written (`css/portico.css`) → output path (`css/portico.<hash>.css`).
    pub names: BTreeMap<String, String>,
    /// Output path → bytes, for the files whose content was rewritten (stylesheets).
    pub rewritten: BTreeMap<String, Vec<u8>>,
}

impl HashedAssets {
    /// The output path of static file `path`: its hashed name where it has one.
    pub fn output_path<'a>(&'a self, path: &'a str) -> &'a str {
        self.names.get(path).map_or(path, String::as_str)
    }
}

/// A static file that could not be read to hash it.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct HashError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Hashes the fonts, scripts and stylesheets among `statics` (output path → source file).
pub fn hash_assets(statics: &BTreeMap<String, PathBuf>) -> Result<HashedAssets, HashError> {
    let mut hashed = HashedAssets::default();
    for kinds in [&FONTS[..], &CODE[..]] {
        let chosen = statics.iter().filter(|(path, _)| {
            extension(path).is_some_and(|extension| kinds.contains(&extension))
        });
        for (path, source) in chosen {
            let bytes = std::fs::read(source).map_err(|source_error| HashError {
                path: source.clone(),
                source: source_error,
            })?;
            let rewritten = if extension(path) == Some("css") {
                rewrite_css_urls(path, &bytes, &hashed.names)
            } else {
                None
            };
            let name = hashed_name(path, rewritten.as_deref().unwrap_or(&bytes));
            if let Some(bytes) = rewritten {
                hashed.rewritten.insert(name.clone(), bytes);
            }
            hashed.names.insert(path.clone(), name);
        }
    }
    Ok(hashed)
}

fn extension(path: &str) -> Option<&str> {
    let file = path.rsplit('/').next()?;
    file.rsplit_once('.').map(|(_, extension)| extension)
}

/// `css/portico.css` with `bytes` → `css/portico.<first 10 hex digits of SHA-256>.css`.
fn hashed_name(path: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..5]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    match path.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hex}.{extension}"),
        None => format!("{path}.{hex}"),
    }
}

/// The stylesheet at `path` with every relative `url()` that names a hashed file pointed at
/// its hashed name; `None` when nothing changed.
fn rewrite_css_urls(path: &str, bytes: &[u8], names: &BTreeMap<String, String>) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find("url(") {
        let (before, after) = rest.split_at(start + 4);
        out.push_str(before);
        let Some(end) = after.find(')') else {
            rest = after;
            break;
        };
        let inner = &after[..end];
        let quote = inner
            .trim()
            .chars()
            .next()
            .filter(|c| *c == '"' || *c == '\'');
        let reference = inner.trim().trim_matches(|c| c == '"' || c == '\'');
        match resolve(folder, reference).and_then(|target| names.get(&target)) {
            Some(hashed) => {
                let file = hashed.rsplit('/').next().unwrap_or(hashed);
                let (reference_folder, _) = reference.rsplit_once('/').unwrap_or(("", ""));
                let new = if reference_folder.is_empty() {
                    file.to_owned()
                } else {
                    format!("{reference_folder}/{file}")
                };
                let quote = quote.map(String::from).unwrap_or_default();
                out.push_str(&format!("{quote}{new}{quote}"));
                changed = true;
            }
            None => out.push_str(inner),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    changed.then(|| out.into_bytes())
}

/// The static path that `reference`, written in a file of `folder`, points at; `None` for
/// absolute URLs, data URIs and anything leaving the site.
fn resolve(folder: &str, reference: &str) -> Option<String> {
    if reference.contains(':') || reference.starts_with('/') || reference.contains(['?', '#']) {
        return None;
    }
    let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in reference.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                segments.pop()?;
            }
            segment => segments.push(segment),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn hashed_name_keeps_folder_and_extension() {
        let name = hashed_name("css/portico.css", b"body{}");
        assert!(name.starts_with("css/portico."), "{name}");
        assert!(name.ends_with(".css"), "{name}");
        assert_eq!(name.len(), "css/portico..css".len() + 10);
        assert_ne!(name, hashed_name("css/portico.css", b"body{ }"));
    }

    #[test]
    fn stylesheet_urls_point_at_hashed_fonts_and_keep_their_quotes() {
        let names = names(&[("fonts/a.woff2", "fonts/a.0123456789.woff2")]);
        let css = br#"@font-face{src:url("../fonts/a.woff2")}x{background:url(img.png)}y{src:url('../fonts/a.woff2')}"#;
        let out = rewrite_css_urls("css/fonts.css", css, &names).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"@font-face{src:url("../fonts/a.0123456789.woff2")}x{background:url(img.png)}y{src:url('../fonts/a.0123456789.woff2')}"#
        );
    }

    #[test]
    fn stylesheets_without_hashed_urls_are_left_alone() {
        let names = names(&[("fonts/a.woff2", "fonts/a.0123456789.woff2")]);
        assert!(rewrite_css_urls("css/x.css", b"a{background:url(data:x)}", &names).is_none());
        assert!(rewrite_css_urls("css/x.css", b"a{b:url(/fonts/a.woff2)}", &names).is_none());
    }

    #[test]
    fn references_resolve_relative_to_the_stylesheet() {
        assert_eq!(
            resolve("css", "../fonts/a.woff2").as_deref(),
            Some("fonts/a.woff2")
        );
        assert_eq!(resolve("css", "b.css").as_deref(), Some("css/b.css"));
        assert_eq!(resolve("", "../x"), None);
        assert_eq!(resolve("css", "https://e.it/a.woff2"), None);
    }
}
