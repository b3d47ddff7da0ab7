//! YAML through serde-saphyr, with every error and every value located in the original file.
//!
//! serde-saphyr was chosen over the archived serde_yaml and its forks because it reports
//! line and column for every error and gives [`Spanned`] values, so a check made after
//! parsing (an unknown sigla, a date in the past) can still point at the offending value.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
pub use serde_saphyr::Spanned;

use super::yaml_errors;
use crate::diagnostics::{
    Diagnostic, Diagnostics, Location, reword_unknown_field, serde_unknown_name,
    suggestion_from_serde_message,
};

/// A piece of YAML inside a file: the whole file text (for messages) and where the YAML starts
/// in it (front matter starts after the opening `---`).
#[derive(Clone, Copy)]
pub struct YamlSource<'a> {
    pub file: &'a Path,
    pub file_text: &'a str,
    pub start: usize,
    pub end: usize,
}

impl<'a> YamlSource<'a> {
    /// A YAML file as a whole.
    pub fn whole(file: &'a Path, text: &'a str) -> Self {
        YamlSource {
            file,
            file_text: text,
            start: 0,
            end: text.len(),
        }
    }

    pub fn text(&self) -> &'a str {
        &self.file_text[self.start..self.end]
    }

    /// Parses the YAML into `T`, turning a syntax or type error into located diagnostics: the
    /// parser stops at its first error, but an unknown key brings every other unknown key of
    /// the same mapping with it.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostics> {
        serde_saphyr::from_str_with_options(self.text(), options()).map_err(|error| {
            let raw = raw_message(&error);
            let message = editor_wording(&raw);
            let help = suggestion_from_serde_message(&raw).or_else(|| hint_for(&message));
            let mut diagnostic = Diagnostic::new(self.file, message).maybe_help(help);
            let mut found = Diagnostics::new();
            if let Some(location) = error.location() {
                diagnostic = diagnostic.at(self.locate(&location));
                let offset = self.offset_of(&location);
                diagnostic = self.relocate(&raw, offset, diagnostic);
                found.extend(self.other_unknown_keys(&raw, offset));
            }
            if let Some(help) = colon_in_value_help(&diagnostic) {
                diagnostic = diagnostic.help(help);
            }
            found.push(diagnostic);
            found
        })
    }

    /// The unknown keys of the mapping holding the unknown key that stopped the parser, other
    /// than that one.
    fn other_unknown_keys(&self, raw: &str, offset: usize) -> Vec<Diagnostic> {
        let Some((reported, allowed)) = serde_unknown_name(raw) else {
            return Vec::new();
        };
        if !raw.starts_with("unknown field") {
            return Vec::new();
        }
        let mapping = yaml_errors::enclosing_mapping(self.text(), offset - self.start);
        mapping
            .keys
            .iter()
            .filter(|key| key.name != reported && !allowed.contains(&key.name.as_str()))
            .map(|key| {
                let start = self.start + key.offset;
                let message = format!(
                    "unknown field `{}`, expected one of {}",
                    key.name,
                    allowed.join(", ")
                );
                Diagnostic::new(self.file, format!("unknown key `{}`", key.name))
                    .at_bytes(self.file_text, start..start + key.name.len())
                    .maybe_help(suggestion_from_serde_message(&message))
            })
            .collect()
    }

    /// Where a parsed value came from, in file coordinates.
    pub fn locate(&self, location: &serde_saphyr::Location) -> Location {
        let span = location.span();
        match (span.byte_offset(), span.byte_len()) {
            (Some(offset), Some(len)) => {
                let start = self.start + offset as usize;
                Location::from_byte_range(self.file_text, start..start + len as usize)
            }
            _ => {
                let line_offset = self.file_text[..self.start].matches('\n').count();
                Location::from_line_column(
                    self.file_text,
                    location.line() as usize + line_offset,
                    location.column() as usize,
                    span.len() as usize,
                )
            }
        }
    }

    /// The byte offset in the file of a parser location.
    fn offset_of(&self, location: &serde_saphyr::Location) -> usize {
        if let Some(offset) = location.span().byte_offset() {
            return (self.start + offset as usize).min(self.end);
        }
        let line = (location.line() as usize).saturating_sub(1);
        let line_start = self
            .text()
            .split_inclusive('\n')
            .take(line)
            .map(str::len)
            .sum::<usize>();
        let column = (location.column() as usize).saturating_sub(1);
        let in_line: usize = self.text()[line_start..]
            .chars()
            .take(column)
            .map(char::len_utf8)
            .sum();
        (self.start + line_start + in_line).min(self.end)
    }

    /// Moves a parse error from where the parser noticed it to where the editor must look.
    fn relocate(&self, raw: &str, offset: usize, diagnostic: Diagnostic) -> Diagnostic {
        let moved = if raw.contains("found a tab") || raw.starts_with("tabs disallowed") {
            self.tab_problem(offset)
        } else if raw.contains("after double-quoted scalar")
            || raw.contains("after single-quoted scalar")
        {
            self.quote_problem(raw, offset)
        } else {
            raw.strip_prefix("missing field `").map(|field| {
                self.missing_field_problem(field.split('`').next().unwrap_or(field), offset)
            })
        };
        moved.unwrap_or(diagnostic)
    }

    /// A tab, pointed at: the parser reports the value before a tab-indented line.
    fn tab_problem(&self, offset: usize) -> Option<Diagnostic> {
        let text = &self.file_text[..self.end];
        let tab = yaml_errors::tab_offset(text, offset).filter(|t| *t >= self.start)?;
        Some(
            Diagnostic::new(self.file, "a tab is used for indentation")
                .at_bytes(self.file_text, tab..tab + 1)
                .label("this is a tab")
                .help("YAML indentation uses spaces, never tabs: replace the tab with spaces"),
        )
    }

    /// A quoted value with text after its closing quote: either a quote left open lines
    /// before (pointed at where it opens) or a quote inside the value that closed it early.
    fn quote_problem(&self, raw: &str, offset: usize) -> Option<Diagnostic> {
        let text = &self.file_text[..self.end];
        if let Some(quote) =
            yaml_errors::unclosed_quote_offset(text, offset).filter(|q| *q >= self.start)
        {
            let closed_on = Location::from_byte_range(self.file_text, offset..offset).line;
            return Some(
                Diagnostic::new(self.file, "a quoted value is not closed on its line")
                    .at_bytes(self.file_text, quote..quote + 1)
                    .label(format!("this quote is closed only on line {closed_on}"))
                    .help(CLOSE_THE_QUOTE),
            );
        }
        let closing = text[..offset.min(text.len())].rfind(['"', '\''])?;
        let help = if raw.contains("single-quoted") {
            "inside '…' write an apostrophe twice (`dell''ente`), or put the value between double quotes"
        } else {
            "inside \"…\" write a quote as \\\", or put the value between single quotes"
        };
        Some(
            Diagnostic::new(self.file, "the quoted value ends here, but text follows it")
                .at_bytes(self.file_text, closing..closing + 1)
                .label("this quote closes the value")
                .help(help),
        )
    }

    /// A missing key, pointed at the start of the mapping that lacks it, with the keys it has.
    fn missing_field_problem(&self, field: &str, offset: usize) -> Diagnostic {
        let mapping = yaml_errors::enclosing_mapping(self.text(), offset - self.start);
        let first = self.start + mapping.first_key;
        let key_len = mapping.keys.first().map_or(1, |key| key.name.len());
        let has = mapping
            .keys
            .iter()
            .map(|key| format!("`{}`", key.name))
            .collect::<Vec<_>>()
            .join(", ");
        Diagnostic::new(self.file, format!("missing field `{field}`"))
            .at_bytes(self.file_text, first..first + key_len)
            .label(format!("this mapping has no `{field}`"))
            .help(format!("add a line `{field}: …`; the mapping has {has}"))
    }

    /// A diagnostic pointing at a parsed value.
    pub fn error_at<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.file, message).at(self.locate(&value.referenced))
    }
}

const CLOSE_THE_QUOTE: &str = "close the quote at the end of the value (`key: \"text\"`); for a quote inside the text, put the text between the other kind of quotes";

/// A required text: YAML reads `title: ""` or `title: "  "` as a text all the same, so an
/// empty one is refused here, at its place in the file.
pub fn required_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom(EMPTY_REQUIRED_TEXT));
    }
    Ok(text)
}

/// [`required_text`] for a value kept with its place in the file.
pub fn required_spanned_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Spanned<String>, D::Error> {
    let text = Spanned::<String>::deserialize(deserializer)?;
    if text.value.trim().is_empty() {
        return Err(serde::de::Error::custom(EMPTY_REQUIRED_TEXT));
    }
    Ok(text)
}

const EMPTY_REQUIRED_TEXT: &str = "this text is required, but it is empty";

/// Parser settings for editors' YAML: duplicate keys are errors, and the budget bounds what a
/// hostile file (an alias bomb, 10,000 levels of nesting) can cost.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options
}

/// serde-saphyr's message without its own location suffix: we render locations ourselves.
fn raw_message(error: &serde_saphyr::Error) -> String {
    let text = error.to_string();
    let first = text.lines().next().unwrap_or_default().trim();
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// Rewords the parser's messages that speak of Rust types rather than of what to write.
fn editor_wording(message: &str) -> String {
    const REWORDED: &[(&str, &str)] = &[
        // A number out of its type's range says the range: "0 or more" would hide the limit.
        ("invalid u8", "expected a whole number from 0 to 255"),
        ("invalid u16", "expected a whole number from 0 to 65,535"),
        ("invalid i", "expected a whole number"),
        ("invalid u", "expected a whole number (0 or more)"),
        ("invalid f", "expected a number"),
        ("invalid boolean", "expected `true` or `false`"),
        ("expected string scalar", "expected a text value"),
        (
            "expected mapping start",
            "expected a mapping of `key: value` lines",
        ),
        (
            "expected sequence start",
            "expected a list (`- item` lines or `[a, b]`)",
        ),
        (
            "cannot deserialize null",
            "a value is required here, but it is empty",
        ),
        (
            "unexpected end of input",
            "expected a value, found the end of the text",
        ),
        (
            "mapping values are not allowed",
            "unexpected `: ` here: a new key cannot start in this position",
        ),
        ("tabs disallowed", "a tab is used for indentation"),
        ("unclosed quote", "a quoted value is not closed"),
        (
            "while scanning a plain scalar, found a tab",
            "a tab is used for indentation",
        ),
        (
            "simple key expected",
            "expected `key: value` here (a key is at most 1,024 characters, on one line)",
        ),
        (
            "recursion limit exceeded",
            "the YAML is nested too deeply (lists or mappings inside each other, hundreds of levels)",
        ),
        (
            "budget breached",
            "the YAML expands into too many values or levels (aliases `*name` repeat what `&name` marks)",
        ),
    ];
    if let Some(reworded) = reword_unknown_field(message) {
        return reworded;
    }
    if let Some(key) = message.strip_prefix("duplicate mapping key: ") {
        let key = key.split(", set DuplicateKeyPolicy").next().unwrap_or(key);
        return format!("the key `{key}` appears twice in the same mapping");
    }
    REWORDED
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map_or_else(|| message.to_owned(), |(_, wording)| (*wording).to_owned())
}

/// `description: Avvisi: novità` fails because of the second `: `; the usual fix is quoting.
fn colon_in_value_help(diagnostic: &Diagnostic) -> Option<String> {
    let at = diagnostic.location.as_ref()?;
    if !diagnostic.message.starts_with("unexpected `: `") {
        return None;
    }
    let (key, value) = at.line_text.split_once(": ")?;
    let key_is_plain = !key.trim().is_empty() && !key.trim_start().starts_with('-');
    let value = value.trim();
    (key_is_plain && value.contains(": ") && !value.starts_with(['"', '\''])).then(|| {
        format!(
            "the value contains `: `; put it in quotes: {}: \"{}\"",
            key.trim(),
            value
        )
    })
}

fn hint_for(message: &str) -> Option<String> {
    let lower = message.to_lowercase();
    let hint = if lower.contains("a tab ") || lower.contains("tabs") {
        "YAML indentation uses spaces, never tabs"
    } else if lower.contains("quoted value is not closed") {
        CLOSE_THE_QUOTE
    } else if lower.contains("appears twice") {
        "each key may appear once in a mapping: remove or rename one of them"
    } else if lower.contains("a new key cannot start")
        || lower.contains("indent")
        || lower.contains("did not find expected")
    {
        "check the indentation: keys at the same level start in the same column"
    } else if lower.contains("required, but it is empty") {
        "write the text between the quotes (or after the colon)"
    } else if lower.contains("a value is required") {
        "write a value after the colon, or remove the line"
    } else {
        crate::time::help_for_message(message)?
    };
    Some(hint.to_owned())
}
