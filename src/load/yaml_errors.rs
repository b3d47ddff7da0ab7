//! Where a YAML problem really is. The parser reports some errors where it noticed them, which
//! is not where an editor must look: a missing key at the last key of its mapping, a tab at the
//! end of the value before it, an unclosed quote at the next quote many lines later. These pure
//! functions find the place to point at from the file's text and the parser's offset.

/// The offset of the tab the parser tripped over: the first tab from the start of the line of
/// `offset` on (the parser often reports the value before a tab-indented line).
pub fn tab_offset(text: &str, offset: usize) -> Option<usize> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    text[line_start..].find('\t').map(|i| line_start + i)
}

/// The opening quote of a quoted value that the parser found closed at `after_closing` (the
/// offset just past the closing quote), when that value runs over several lines: then the
/// quote was almost surely left open by mistake. `None` for a value on one line.
pub fn unclosed_quote_offset(text: &str, after_closing: usize) -> Option<usize> {
    let before = &text[..after_closing.min(text.len())];
    let closing = before.rfind(['"', '\''])?;
    let quote = before[closing..].chars().next()?;
    let opening = opening_quote(&before[..closing], quote)?;
    before[opening..closing].contains('\n').then_some(opening)
}

/// The quote that opens a value ending just before the end of `before`. Inside double quotes
/// `\"` is an escaped quote; inside single quotes `''` is.
fn opening_quote(before: &str, quote: char) -> Option<usize> {
    let bytes = before.as_bytes();
    let mut index = before.len();
    while index > 0 {
        index -= 1;
        if bytes[index] != quote as u8 {
            continue;
        }
        let escaped = match quote {
            '"' => index > 0 && bytes[index - 1] == b'\\',
            _ => index > 0 && bytes[index - 1] == b'\'',
        };
        if !escaped {
            return Some(index);
        }
        index = index.saturating_sub(1); // skip the escape's other half
    }
    None
}

/// A block mapping found from one of its keys: where its first key starts, and its keys.
#[derive(Debug, PartialEq, Eq)]
pub struct Mapping {
    pub first_key: usize,
    pub keys: Vec<Key>,
}

/// A key of a mapping and the offset where it is written.
#[derive(Debug, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub offset: usize,
}

/// The block mapping that the key at `key_offset` belongs to: its keys are the lines whose key
/// starts in the same column, up to a line indented less (its parent) or a list item at that
/// column (a `- key:` line, the first key of a mapping inside a list).
pub fn enclosing_mapping(text: &str, key_offset: usize) -> Mapping {
    let key_offset = key_offset.min(text.len());
    let line_start = text[..key_offset].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..key_offset].chars().count();
    let mut first_key = key_offset;
    let mut keys = Vec::new();
    // Walk up from the reported key, then down from it, gathering the mapping's keys.
    for (start, line) in lines_before(text, line_start) {
        let offset = start + column;
        match classify(line, column) {
            Line::Key(name) => {
                keys.push(Key { name, offset });
                first_key = offset;
            }
            Line::ItemKey(name) => {
                keys.push(Key { name, offset });
                first_key = offset;
                break;
            }
            Line::Nested => {}
            Line::Outside => break,
        }
    }
    keys.reverse();
    let mut start = line_start;
    for line in text[line_start..].split('\n') {
        let offset = start + column;
        start += line.len() + 1;
        match classify(line, column) {
            Line::Key(name) => keys.push(Key { name, offset }),
            Line::Nested => {}
            Line::ItemKey(_) | Line::Outside => break,
        }
    }
    Mapping { first_key, keys }
}

enum Line {
    /// A key of the mapping, at its column.
    Key(String),
    /// A `- key:` line whose key is at the mapping's column: the mapping's first line.
    ItemKey(String),
    /// Blank, a comment, or deeper content of one of the mapping's values.
    Nested,
    /// Anything indented less: the mapping is over.
    Outside,
}

fn classify(line: &str, column: usize) -> Line {
    let line = line.trim_end_matches('\r');
    let trimmed = line.trim_start_matches(' ');
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Line::Nested;
    }
    let indent = line.len() - trimmed.len();
    if indent > column {
        return Line::Nested;
    }
    if indent == column {
        return match key_of(trimmed) {
            Some(key) => Line::Key(key),
            None => Line::Nested, // a list item of a value at the mapping's column
        };
    }
    // A `- ` item whose key lands at the mapping's column (`  - role: …` for keys at column 4).
    let after_dash = trimmed
        .strip_prefix('-')
        .map(|rest| rest.trim_start_matches(' '));
    match after_dash {
        Some(rest) if line.len() - rest.len() == column => {
            key_of(rest).map_or(Line::Outside, Line::ItemKey)
        }
        _ => Line::Outside,
    }
}

/// The key of a `key: value` (or `key:`) line.
fn key_of(line: &str) -> Option<String> {
    if line.starts_with("- ") || line == "-" {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| key.to_owned())
}

/// The lines before the line starting at `line_start`, nearest first, with their offsets.
fn lines_before(text: &str, line_start: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut end = line_start;
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let line_end = end - 1; // the '\n' ending the previous line
        let start = text[..line_end].rfind('\n').map_or(0, |i| i + 1);
        end = start;
        Some((start, &text[start..line_end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tab_indented_line_is_found_after_the_value_before_it() {
        let text = "team:\n  - role: Capo\n\tname: X\n";
        let reported = text.find("Capo").unwrap();
        assert_eq!(tab_offset(text, reported), Some(text.find('\t').unwrap()));
    }

    #[test]
    fn an_unclosed_quote_points_at_its_opening() {
        let text = "sigla: MB\ngroup: \"nord\nnotes: x\ncomuni: [\"1\"]\n";
        let after_closing = text.find("[\"").unwrap() + 2;
        assert_eq!(
            unclosed_quote_offset(text, after_closing),
            Some(text.find("\"nord").unwrap())
        );
        // A quoted value on one line is not an unclosed quote.
        let text = "a: \"b\" c\n";
        assert_eq!(unclosed_quote_offset(text, 6), None);
        // Escaped quotes are skipped.
        let text = "a: \"x \\\" y\nz\" w";
        assert_eq!(unclosed_quote_offset(text, text.len() - 2), Some(3));
    }

    #[test]
    fn the_mapping_of_a_key_is_found_with_its_keys() {
        let text = "sigla: MB\nreferents:\n  - role: A\n    office: B\nnotes: x\n";
        let mapping = enclosing_mapping(text, text.find("notes").unwrap());
        assert_eq!(mapping.first_key, 0);
        assert_eq!(names(&mapping), ["sigla", "referents", "notes"]);
        assert_eq!(mapping.keys[2].offset, text.find("notes").unwrap());
        let mapping = enclosing_mapping(text, text.find("office").unwrap());
        assert_eq!(mapping.first_key, text.find("role").unwrap());
        assert_eq!(names(&mapping), ["role", "office"]);
        assert_eq!(mapping.keys[1].offset, text.find("office").unwrap());
    }

    fn names(mapping: &Mapping) -> Vec<&str> {
        mapping.keys.iter().map(|key| key.name.as_str()).collect()
    }

    #[test]
    fn a_list_item_mapping_ends_at_the_next_item() {
        let text = "team:\n  - role: A\n    name: B\n  - role: C\n";
        let mapping = enclosing_mapping(text, text.find("name").unwrap());
        assert_eq!(names(&mapping), ["role", "name"]);
    }
}
