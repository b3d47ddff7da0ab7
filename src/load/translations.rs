//! UI strings: the theme's `translations.toml`, overridden key by key by the site's own
//! `translations.toml`. Each file has one table per language: `[it]`, `[en]`.

use std::collections::BTreeMap;
use std::path::Path;

use super::source::read_text;
use crate::diagnostics::{Diagnostic, Diagnostics};

pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

pub fn parse_translations(text: &str, file: &Path) -> Result<Translations, Diagnostic> {
    toml::from_str(text).map_err(|error| {
        let diagnostic = Diagnostic::new(file, error.message().trim().to_owned())
            .help("each language is a table of text values: [it] then key = \"testo\"");
        match error.span() {
            Some(span) => diagnostic.at_bytes(text, span),
            None => diagnostic,
        }
    })
}

/// Reads and merges the translation files that exist among `files` (later files win).
pub fn load_translations(files: &[(&Path, &Path)]) -> Result<Translations, Diagnostics> {
    let mut merged = Translations::new();
    let mut problems = Diagnostics::new();
    for (path, shown) in files {
        if !path.is_file() {
            continue;
        }
        match read_text(path, shown).and_then(|text| parse_translations(&text, shown)) {
            Ok(strings) => {
                for (language, entries) in strings {
                    merged.entry(language).or_default().extend(entries);
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.into_result(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_per_language() {
        let parsed = parse_translations(
            "[it]\nnext = \"Prossimi\"\n[en]\nnext = \"Next\"\n",
            Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(parsed["en"]["next"], "Next");
    }

    #[test]
    fn a_number_instead_of_text_is_located() {
        let error = parse_translations("[it]\nnext = 3\n", Path::new("t.toml")).unwrap_err();
        assert_eq!(error.location.unwrap().line, 2);
    }
}
