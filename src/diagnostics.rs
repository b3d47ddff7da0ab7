//! Located, human-readable errors: the one error type every input problem becomes.
//!
//! A [`Diagnostic`] names the file, the line and column, the offending source line, what was
//! expected and, where we can guess it, a `help:` suggestion. Phases collect them into
//! [`Diagnostics`] so that a build reports every problem at once, sorted by file and line.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

mod origin;

pub use origin::Origin;

/// Where in a file a problem is: 1-based line and column (in characters), the text of that line
/// and how many characters to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub line_text: String,
    pub underline: usize,
}

impl Location {
    /// Locates a byte range of `source`. Offsets past the end are clamped, so a caller can
    /// point "at the end of the file" without special cases.
    pub fn from_byte_range(source: &str, range: Range<usize>) -> Self {
        let start = floor_char_boundary(source, range.start.min(source.len()));
        let end = floor_char_boundary(source, range.end.clamp(start, source.len()));
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let underline = source[start..end.min(line_end)].chars().count().max(1);
        Location {
            line,
            column,
            line_text: truncate_line(&source[line_start..line_end]),
            underline,
        }
    }

    /// Locates a 1-based line and column (in characters) of `source`.
    pub fn from_line_column(source: &str, line: usize, column: usize, underline: usize) -> Self {
        let line_text = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or_default();
        Location {
            line: line.max(1),
            column: column.max(1),
            line_text: truncate_line(line_text),
            underline: underline.max(1),
        }
    }
}

/// Lines longer than this are cut in messages: a 1 MB single-line file must not produce a 1 MB
/// error message.
const MAX_SHOWN_LINE: usize = 300;

fn truncate_line(line: &str) -> String {
    let line = line.trim_end_matches('\r');
    if line.len() <= MAX_SHOWN_LINE {
        return line.to_owned();
    }
    let cut = floor_char_boundary(line, MAX_SHOWN_LINE);
    format!("{}…", &line[..cut])
}

/// Messages quote what the editor wrote; a runaway value must not make a runaway message.
fn shorten(message: String) -> String {
    const MAX_MESSAGE: usize = 400;
    if message.len() <= MAX_MESSAGE {
        return message;
    }
    let cut = floor_char_boundary(&message, MAX_MESSAGE);
    format!("{}…", &message[..cut])
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// How serious a problem is. An error stops the build; a warning (data that contradicts the
/// reference date, say) is reported and counted but the site is still built, unless the build
/// is `--strict`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem in the input, with everything a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.headline())]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where the problem is: a file (relative to the site root where possible) or an option.
    pub origin: Origin,
    pub location: Option<Location>,
    pub message: String,
    /// What was expected, shown under the caret.
    pub label: Option<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(origin: impl Into<Origin>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            origin: origin.into(),
            location: None,
            message: shorten(message.into()),
            label: None,
            help: None,
        }
    }

    /// The same problem as a warning: reported, counted, but not stopping the build.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same problem as an error (`--strict` makes every warning one).
    pub fn error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_bytes(self, source: &str, range: Range<usize>) -> Self {
        self.at(Location::from_byte_range(source, range))
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// `file:line:col: message`, the one-line form used in logs and the serve overlay title.
    pub fn headline(&self) -> String {
        match &self.location {
            Some(at) => format!(
                "{}:{}:{}: {}",
                self.origin, at.line, at.column, self.message
            ),
            None => format!("{}: {}", self.origin, self.message),
        }
    }

    fn sort_key(&self) -> (Cow<'_, Path>, usize, usize) {
        let (line, column) = self
            .location
            .as_ref()
            .map_or((0, 0), |at| (at.line, at.column));
        (self.origin.sort_path(), line, column)
    }

    /// Renders the diagnostic the way rustc does: title, `--> file:line:col`, the source line
    /// with a caret under the offending value, and a `help:` line.
    pub fn render(&self, renderer: &Renderer) -> String {
        let path = self.origin.to_string();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = level
            .clone()
            .primary_title(&self.message)
            .element(annotate_snippets::Origin::path(path.as_str()));
        if let Some(at) = &self.location {
            let start: usize = at
                .line_text
                .char_indices()
                .nth(at.column - 1)
                .map_or(at.line_text.len(), |(i, _)| i);
            let end = at.line_text[start..]
                .char_indices()
                .nth(at.underline)
                .map_or(at.line_text.len(), |(i, _)| start + i);
            let mut annotation = AnnotationKind::Primary.span(start..end);
            if let Some(label) = &self.label {
                annotation = annotation.label(label.as_str());
            }
            group = level.primary_title(&self.message).element(
                Snippet::source(at.line_text.as_str())
                    .line_start(at.line)
                    .path(path.as_str())
                    .annotation(annotation),
            );
        } else if let Some(label) = &self.label {
            group = group.element(Level::NOTE.message(label.as_str()));
        }
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        renderer.render(&[group])
    }
}

/// All the problems found by a phase. Never empty when returned as an error.
#[derive(Debug, Clone, Default, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// `Ok(value)` when nothing was reported, otherwise every diagnostic, sorted.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.sort();
            Err(self)
        }
    }

    /// Sorts by file, line and column and drops exact duplicates (the same problem reached twice).
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then_with(|| a.message.cmp(&b.message))
        });
        self.0.dedup();
    }

    /// How many of the diagnostics are warnings.
    pub fn warning_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_warning()).count()
    }

    /// Every diagnostic in rustc style, without a count line (the warnings of a build that
    /// succeeded).
    pub fn render_each(&self, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = String::new();
        for diagnostic in &self.0 {
            out.push_str(&diagnostic.render(&renderer));
            out.push_str("\n\n");
        }
        out
    }

    /// Every diagnostic in rustc style, then a count line.
    pub fn render(&self, color: bool) -> String {
        let mut out = self.render_each(color);
        let warnings = self.warning_count();
        let count = self.0.len() - warnings;
        let also = match warnings {
            0 => String::new(),
            1 => " (and 1 warning)".to_owned(),
            n => format!(" (and {n} warnings)"),
        };
        out.push_str(&format!(
            "error: the site has {count} problem{}{also}; nothing was written\n",
            if count == 1 { "" } else { "s" }
        ));
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Serde's "unknown field `x`, expected one of ..." as editors read it: "unknown key `x`" (the
/// candidates go to the help line, see [`suggestion_from_serde_message`]).
pub fn reword_unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let key = rest.split('`').next().unwrap_or(rest);
    Some(format!("unknown key `{key}`"))
}

/// The closest of `candidates` to `unknown`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Names are short; comparing a runaway one (a 1 MB line) would cost time for nothing.
    if unknown.len() > 64 {
        return None;
    }
    let unknown_lower = unknown.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let score = strsim::jaro_winkler(&unknown_lower, &candidate.to_lowercase());
            (score, candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

/// `help: did you mean `x`?` text for an unknown name, if a candidate is close.
pub fn suggestion<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(unknown, candidates).map(|found| format!("did you mean `{found}`?"))
}

/// Serde reports unknown fields as "unknown field `x`, expected one of `a`, `b`" (and unknown
/// enum variants likewise). Every format we read goes through that one message, so one function
/// turns it into a did-you-mean for all of them.
pub fn suggestion_from_serde_message(message: &str) -> Option<String> {
    let (unknown, candidates) = serde_unknown_name(message)?;
    suggestion(unknown, candidates.iter().copied()).or_else(|| {
        (!candidates.is_empty()).then(|| {
            let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            format!("allowed here: {}", list.join(", "))
        })
    })
}

/// The unknown name of serde's "unknown field/variant" message and the names it allows.
pub fn serde_unknown_name(message: &str) -> Option<(&str, Vec<&str>)> {
    let (unknown, rest) = ["unknown field `", "unknown variant `"]
        .iter()
        .find_map(|prefix| message.split_once(prefix))
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.split_once('`'))?;
    // serde writes the candidates in backticks; serde-saphyr writes them bare, comma-separated.
    let candidates: Vec<&str> = if rest.contains('`') {
        rest.split('`').skip(1).step_by(2).collect()
    } else {
        let list = rest
            .split_once("expected one of ")
            .or_else(|| rest.split_once("expected "))
            .map_or("", |(_, list)| list);
        list.split([',', ' '])
            .map(str::trim)
            .filter(|word| !word.is_empty() && *word != "or")
            .collect()
    };
    Some((unknown, candidates))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_range_locates_line_and_character_column() {
        let source = "title: x\ncittà: Forlì\n";
        let at = Location::from_byte_range(source, 17..23);
        assert_eq!((at.line, at.column, at.underline), (2, 8, 5));
        assert_eq!(at.line_text, "città: Forlì");
    }

    #[test]
    fn range_past_the_end_points_at_the_last_line() {
        let at = Location::from_byte_range("a\nb", 10..20);
        assert_eq!((at.line, at.column), (2, 2));
    }

    #[test]
    fn serde_unknown_field_message_becomes_a_suggestion() {
        let msg = "unknown field `titel`, expected one of `title`, `date`, `weight`";
        assert_eq!(
            suggestion_from_serde_message(msg).as_deref(),
            Some("did you mean `title`?")
        );
    }

    #[test]
    fn bare_candidate_lists_are_understood_too() {
        let msg = "unknown field `weigth`, expected one of title, weight, date";
        assert_eq!(
            suggestion_from_serde_message(msg).as_deref(),
            Some("did you mean `weight`?")
        );
    }

    #[test]
    fn far_unknown_field_lists_the_allowed_ones() {
        let msg = "unknown field `zzz`, expected `title` or `date`";
        assert_eq!(
            suggestion_from_serde_message(msg).as_deref(),
            Some("allowed here: `title`, `date`")
        );
    }

    #[test]
    fn render_shows_path_line_caret_and_help() {
        let source = "---\nweigth: 3\n---\n";
        let diagnostic = Diagnostic::new("content/a.md", "unknown front matter key `weigth`")
            .at_bytes(source, 4..10)
            .label("not a front matter key")
            .help("did you mean `weight`?");
        let text = diagnostic.render(&Renderer::plain());
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("weigth: 3"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `weight`?"), "{text}");
    }

    #[test]
    fn diagnostics_sort_by_file_then_line() {
        let mut all: Diagnostics = [
            Diagnostic::new("b.md", "x"),
            Diagnostic::new("a.md", "y").at(Location::from_line_column("1\n2\n", 2, 1, 1)),
            Diagnostic::new("a.md", "z").at(Location::from_line_column("1\n2\n", 1, 1, 1)),
        ]
        .into_iter()
        .collect();
        all.sort();
        let order: Vec<&str> = all.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["z", "y", "x"]);
    }
}
