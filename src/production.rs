//! `portico check --production`: is the site ready to be published as the real portal?
//!
//! A normal check accepts a site that is still being prepared (demonstration data, legal pages
//! whose owner's parts are still to write); before publishing, those are problems. Each check
//! adds its problems to one list, so more can be added (the owner's fields, for example).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Origin};
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
            Diagnostic::new(
                Origin::option("--base-url"),
                format!("`{base_url}` is not an https URL"),
            )
        } else {
            Diagnostic::new(config_file.clone(), "`base_url` is not an https URL")
                .at_bytes(&config_text, span)
        };
        problems.push(problem.help("a public portal is served over HTTPS: write https://"));
    }
    let demo_data = site.config.extra.get("demo_data");
    if demo_data.is_some_and(|value| *value != serde_json::Value::Bool(false)) {
        let problem = Diagnostic::new(
            config_file.clone(),
            "`[extra] demo_data` is not false: every page says the data are a demonstration",
        );
        let problem = match table_key_span(&config_text, "extra", "demo_data") {
            Some(span) => problem.at_bytes(&config_text, span),
            None => problem,
        };
        problems.push(problem.help("publish the real data, then set `demo_data = false`"));
    }
    let owner = OwnerText {
        text: &config_text,
        file: &config_file,
    };
    owner.problems(&site.config, &mut problems);
    demo_files(root, &mut problems);
    placeholders(site, files, root, &mut problems);
    problems.sort();
    problems
}

/// The config text, for locating what `[owner]` lacks.
struct OwnerText<'a> {
    text: &'a str,
    file: &'a Path,
}

impl OwnerText<'_> {
    /// Every owner setting a published portal needs that is empty, missing or still an
    /// example: each named with the table and key to fill in.
    fn problems(&self, config: &crate::config::Config, problems: &mut Diagnostics) {
        let Some(owner) = &config.owner else {
            problems.push(
                self.at("owner", "", "there is no `[owner]` table: who publishes the portal?")
                    .help("add `[owner]` with the body's name, IPA code, address and contacts (docs/configurazione.md)"),
            );
            return;
        };
        let date = owner.accessibility.date().map(|d| d.to_string());
        let required: [(&str, &str, Option<&str>); 13] = [
            ("owner", "name", Some(&owner.name)),
            ("owner", "ipa_code", Some(owner.ipa_code.get_ref())),
            ("owner", "address", Some(&owner.address)),
            (
                "owner",
                "licence",
                owner.licence.as_ref().map(|l| l.get_ref().as_str()),
            ),
            (
                "owner.contact",
                "email",
                Some(owner.contact.email.get_ref()),
            ),
            (
                "owner.contact",
                "phone",
                owner.contact.phone.as_ref().map(|p| p.get_ref().as_str()),
            ),
            (
                "owner.contact",
                "pec",
                owner.contact.pec.as_ref().map(|p| p.get_ref().as_str()),
            ),
            (
                "owner.privacy",
                "controller",
                Some(&owner.privacy.controller),
            ),
            ("owner.privacy", "dpo_email", Some(&owner.privacy.dpo_email)),
            ("owner.privacy", "hosting", Some(&owner.privacy.hosting)),
            (
                "owner.privacy",
                "log_retention",
                Some(&owner.privacy.log_retention),
            ),
            (
                "owner.accessibility",
                "statement_url",
                Some(&owner.accessibility.statement_url),
            ),
            ("owner.accessibility", "statement_date", date.as_deref()),
        ];
        for (table, key, value) in required {
            let value = value.unwrap_or_default().trim();
            if value.is_empty() {
                problems.push(
                    self.at(table, key, &format!("`[{table}] {key}` is empty"))
                        .help(format!(
                            "fill in `{key}` in `[{table}]`: see docs/configurazione.md"
                        )),
                );
            } else if is_example(value) {
                problems.push(
                    self.at(
                        table,
                        key,
                        &format!("`[{table}] {key}` is still an example: `{value}`"),
                    )
                    .help("write the real value before publishing"),
                );
            }
        }
        if is_example(config.base_url()) {
            problems.push(
                self.at("", "base_url", "`base_url` is still an example address")
                    .help("write the address the portal is published at"),
            );
        }
    }

    /// A problem located at `key` of `[table]` where it is written, else at the table's header.
    fn at(&self, table: &str, key: &str, message: &str) -> Diagnostic {
        let problem = Diagnostic::new(self.file, message);
        match table_key_span(self.text, table, key) {
            Some(span) => problem.at_bytes(self.text, span),
            None => problem,
        }
    }
}

/// A value left from the bundled demonstration: an `.example` domain (RFC 2606) or a
/// `demo_` code.
fn is_example(value: &str) -> bool {
    let host_end = |rest: &str| {
        rest.split(['/', '?', '#', ':'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let host = match (value.split_once("://"), value.rsplit_once('@')) {
        (Some((_, rest)), _) => host_end(rest),
        (None, Some((_, domain))) => host_end(domain),
        (None, None) => String::new(),
    };
    host.ends_with(".example") || host == "example" || value.starts_with("demo_")
}

/// The data files that still begin as the demonstration's do ("DATI DIMOSTRATIVI" in their
/// opening comment): demonstration data left in a portal about to publish real data.
fn demo_files(root: &Path, problems: &mut Diagnostics) {
    let data = root.join("data");
    let Ok(files) = crate::output::list_tree(&data) else {
        return;
    };
    for path in files.iter().filter(|path| path.ends_with(".yaml")) {
        let Ok(text) = std::fs::read_to_string(data.join(path)) else {
            continue;
        };
        let opening = text.lines().take_while(|line| line.starts_with('#'));
        let marked = opening
            .map(|line| line.find(DEMO_HEADER).map(|column| (line, column)))
            .find_map(|found| found);
        if let Some((line, column)) = marked {
            let start = line.as_ptr() as usize - text.as_ptr() as usize + column;
            problems.push(
                Diagnostic::new(format!("data/{path}"), "this file holds demonstration data")
                    .at_bytes(&text, start..start + DEMO_HEADER.len())
                    .help("replace the examples with the real records, then remove this comment"),
            );
        }
    }
}

/// How the bundled demonstration's data files say what they are, in their first comment.
const DEMO_HEADER: &str = "DATI DIMOSTRATIVI";

/// The span of `key` assigned in `[table]` of a TOML text (`""` is the top level); when the
/// key is not written, the span of the table's header; `None` when neither is.
fn table_key_span(text: &str, table: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut current = String::new();
    let mut header = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        let start = offset + (line.len() - line.trim_start().len());
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            current = name.trim().to_owned();
            if current == table {
                header = Some(start..start + trimmed.len());
            }
        } else if current == table
            && let Some(rest) = trimmed.strip_prefix(key)
            && rest.trim_start().starts_with('=')
            && !key.is_empty()
        {
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    header
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
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_span_finds_the_assignment_in_its_table_not_a_comment() {
        let text = "# demo_data is explained below\nname = 1\n[extra]\n  demo_data = true\n[owner]\nname = \"\"\n[owner.privacy]\n";
        let span = table_key_span(text, "extra", "demo_data").unwrap();
        assert_eq!(&text[span.clone()], "demo_data");
        assert_eq!(span.start, text.find("  demo").unwrap() + 2);
        assert_eq!(table_key_span("demo_datax = 1\n", "", "demo_data"), None);
        let name = table_key_span(text, "owner", "name").unwrap();
        assert_eq!(name.start, text.find("name = \"").unwrap());
        let header = table_key_span(text, "owner.privacy", "hosting").unwrap();
        assert_eq!(&text[header], "[owner.privacy]");
    }

    #[test]
    fn example_values_are_recognised() {
        assert!(is_example("dati@provincecomuni.example"));
        assert!(is_example("https://provincecomuni.example/portale/"));
        assert!(is_example("demo_upi"));
        assert!(!is_example("dati@upinet.it"));
        assert!(!is_example("Unione Province d'Italia"));
    }
}
