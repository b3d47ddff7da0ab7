//! Words as the search sees them. The browser (themes/italia/static/js/cerca.js) folds and
//! splits a query the same way but never stems: the index ships, per chunk, the stem of every
//! word form it holds, so Snowball runs only here and the two sides cannot drift apart.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Words too common to narrow a search: a query still matches them, but they never exclude a
/// page ("Fase intermedia A" is found by "fase a", and "a" alone is found too).
pub const STOP_WORDS: &[&str] = &[
    "a", "ad", "agli", "ai", "al", "all", "alla", "alle", "anche", "che", "chi", "ci", "col",
    "come", "con", "da", "dagli", "dai", "dal", "dalla", "dalle", "degli", "dei", "del", "dell",
    "della", "delle", "di", "e", "ed", "fra", "gli", "i", "il", "in", "l", "la", "le", "lo", "ma",
    "ne", "negli", "nei", "nel", "nell", "nella", "nelle", "non", "o", "ogni", "per", "piu",
    "questa", "questo", "si", "sono", "su", "sui", "sul", "sulla", "sulle", "tra", "un", "una",
    "uno",
];

/// Lowercase ASCII with accents removed: "Forlì" → "forli".
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text).to_lowercase()
}

/// The Snowball (Porter 2) Italian stem of a folded word; numbers and one-letter words are
/// their own stem.
pub fn stem(word: &str) -> String {
    static ITALIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Italian));
    if word.len() < 3 || word.bytes().any(|b| b.is_ascii_digit()) {
        return word.to_owned();
    }
    ITALIAN.stem(word).into_owned()
}

/// The folded words of `text`, in order. A run of letters and digits joined by `.` or `-`
/// ("Pi.CO.", "kick-off") gives its parts and then the parts written together ("pico",
/// "kickoff"), so that people find it however they type it. Nothing is dropped: one-letter
/// words and numbers count ("Fase 4", "Sezione 2").
pub fn words(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut words = Vec::new();
    for compound in compounds(&folded) {
        let parts: Vec<&str> = compound
            .split(['.', '-'])
            .filter(|part| !part.is_empty())
            .collect();
        words.extend(parts.iter().map(|part| (*part).to_owned()));
        if parts.len() > 1 {
            words.push(parts.concat());
        }
    }
    words
}

/// Runs of ASCII letters and digits, each joined to the next by a single `.` or `-`.
fn compounds(folded: &str) -> impl Iterator<Item = &str> {
    let bytes = folded.as_bytes();
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (at, &byte) in bytes.iter().enumerate() {
        let alnum = byte.is_ascii_alphanumeric();
        let joiner = matches!(byte, b'.' | b'-')
            && start.is_some()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_alphanumeric);
        match (start, alnum || joiner) {
            (None, true) if alnum => start = Some(at),
            (Some(from), false) => {
                runs.push(&folded[from..at]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        runs.push(&folded[from..]);
    }
    runs.into_iter()
}

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_stop_word("della") && !is_stop_word("fase"));
    }

    #[test]
    fn plural_and_singular_meet_under_snowball() {
        for (a, b) in [
            ("provincia", "province"),
            ("servizio", "servizi"),
            ("comune", "comuni"),
            ("rischio", "rischi"),
            ("associato", "associati"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("4"), "4");
        assert_eq!(stem("mb"), "mb", "two letters are their own stem");
    }

    #[test]
    fn punctuation_inside_a_word_is_folded_both_ways() {
        assert_eq!(
            words("il Pi.CO. e il kick-off."),
            [
                "il", "pi", "co", "pico", "e", "il", "kick", "off", "kickoff"
            ]
        );
        assert_eq!(
            words("Città di Forlì, Fase 4"),
            ["citta", "di", "forli", "fase", "4"]
        );
        assert_eq!(
            words("dell'arte — 1.2 MB"),
            ["dell", "arte", "1", "2", "12", "mb"]
        );
    }
}
