//! `portico check --production`: is the site ready to be published as the real portal?
//!
//! A normal check accepts a site that is still being prepared (demonstration data, legal pages
//! whose owner's parts are still to write); before publishing, those are problems. Each check
//! adds its problems to one list, so more can be added (the owner's fields, for example).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::shown;
use crate::model::Site;
use crate::output::{OutputData, OutputFile};

/// The text that marks a part of a page still to be written by the portal's owner.
pub const PLACEHOLDER: &str = "Da completare";

/// Every reason why `site`, rendered into `files`, is not ready to be published. A site
/// without `demo_data` in `[extra]` has no demonstration data to worry about.
/// `config_path` is the config file as given (for messages), `root` the site folder.
pub fn production_problems(
    site: &Site,
    files: &[OutputFile],
    config_path: &Path,
    root: &Path,
) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let config_text = std::fs::read_to_string(config_path).unwrap_or_default();
    let config_file = shown(config_path, root);
    let base_url = site.config.base_url();
    if !base_url.starts_with("https://") {
        let span = site.config.base_url.span();
        let problem = if span.is_empty() {
            Diagnostic::new("--base-url", format!("`{base_url}` is not an https URL"))
        } else {
            Diagnostic::new(config_file.clone(), "`base_url` is not an https URL")
                .at_bytes(&config_text, span)
        };
        problems.push(problem.help("a public portal is served over HTTPS: write https://"));
    }
    let demo_data = site.config.extra.get("demo_data");
    if demo_data.is_some_and(|value| *value != serde_json::Value::Bool(false)) {
        let problem = Diagnostic::new(
            config_file,
            "`[extra] demo_data` is not false: every page says the data are a demonstration",
        );
        let problem = match key_span(&config_text, "demo_data") {
            Some(span) => problem.at_bytes(&config_text, span),
            None => problem,
        };
        problems.push(problem.help("publish the real data, then set `demo_data = false`"));
    }
    placeholders(site, files, root, &mut problems);
    problems.sort();
    problems
}

/// Each placeholder left in the pages: located in the Markdown source where it was written
/// there, else named by the page that shows it (a template or a data record wrote it).
fn placeholders(site: &Site, files: &[OutputFile], root: &Path, problems: &mut Diagnostics) {
    let sources = site
        .pages
        .iter()
        .map(|page| (&page.file, &page.path))
        .chain(site.sections.iter().map(|s| (&s.file, &s.path)));
    let mut located = std::collections::HashSet::new();
    for (file, path) in sources {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for (start, _) in text.match_indices(PLACEHOLDER) {
            located.insert(path.output_file());
            problems.push(
                Diagnostic::new(
                    shown(file, root),
                    "a part of this page is still to be written",
                )
                .at_bytes(&text, start..start + PLACEHOLDER.len())
                .help("write the text the paragraph asks for, then remove «Da completare»"),
            );
        }
    }
    let shown_elsewhere = files
        .iter()
        .filter(|file| file.path.ends_with(".html") && !located.contains(&file.path));
    for file in shown_elsewhere {
        if let OutputData::Bytes(bytes) = &file.data
            && String::from_utf8_lossy(bytes).contains(PLACEHOLDER)
        {
            problems.push(
                Diagnostic::new(
                    format!("/{}", file.path),
                    "this page still shows «Da completare»",
                )
                .help("the text comes from a template or a data record: complete it there"),
            );
        }
    }
}

/// The span of the key `name` where it is assigned in a TOML text (`name = ...`).
fn key_span(text: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(name)
            && rest.trim_start().starts_with('=')
        {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + name.len());
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_span_finds_the_assignment_not_a_comment() {
        let text = "# demo_data is explained below\n[extra]\n  demo_data = true\n";
        let span = key_span(text, "demo_data").unwrap();
        assert_eq!(&text[span.clone()], "demo_data");
        assert_eq!(span.start, text.find("  demo").unwrap() + 2);
        assert_eq!(key_span("demo_datax = 1\n", "demo_data"), None);
    }
}
