//! `config.toml`: the site settings. Parsing is pure ([`Config::parse`]); only [`Config::load`]
//! touches the disk.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{
    Diagnostic, Diagnostics, reword_unknown_field, suggestion_from_serde_message,
};

mod owner;

pub use owner::{AccessibilityConfig, ContactConfig, OwnerConfig, PrivacyConfig};

/// The validated site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Absolute URL the site is published at, e.g. `https://provincecomuni.upinet.it`.
    pub base_url: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// BCP 47 code of the site language; `it` for the portal.
    #[serde(default = "default_language")]
    pub default_language: Spanned<String>,
    /// Folder name under `themes/`.
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    #[serde(default = "yes")]
    pub minify_html: bool,
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub feeds: FeedsConfig,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub search: SearchConfig,
    /// URL segment of numbered list pages: `/avvisi/pagina/2/`.
    #[serde(default = "default_paginate_path")]
    pub paginate_path: String,
    /// Who owns the portal and its data: publisher of the open data catalogue.
    #[serde(default)]
    pub owner: Option<OwnerConfig>,
    /// Free-form values for templates, as `config.extra`.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A taxonomy such as `tags`: a list page at `/<name>/` and a page per term.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    pub name: String,
    /// Title shown on the list page; defaults to the name.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub paginate_by: Option<usize>,
    /// Write an Atom feed per term.
    #[serde(default)]
    pub feed: bool,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedsConfig {
    /// Write a site-wide Atom feed of every dated page at `/atom.xml`.
    #[serde(default)]
    pub site: bool,
    /// How many entries a feed carries, newest first.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            site: false,
            limit: default_feed_limit(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Typographic quotes and dashes.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// Pass raw HTML written in Markdown through to pages. Off by default: editors' text is
    /// shown as text, so a pasted `<script>` can never run.
    #[serde(default)]
    pub allow_raw_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            allow_raw_html: false,
        }
    }
}

/// The client-side search index (`/cerca/indice.json` and its chunks, see src/render/search/).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Build the index of every page for the theme's search page.
    #[serde(default)]
    pub enabled: bool,
}

/// The short mark every output carries while `[extra] demo_data = true`: calendar and feed
/// titles, open data, JSON-LD, search results.
pub const DEMO_MARK: &str = "Dati dimostrativi";

/// What is real and what is an example while the portal shows demonstration data: said in
/// calendar and catalogue descriptions and in a field of the open data.
pub const DEMO_NOTE: &str = "Dati dimostrativi: sono reali solo il testo del programma (fasi, tappe e sezioni del project work, dal documento di presentazione) e il webinar di avvio di giovedì 4 dicembre 2025; Province, gruppi, referenti, le altre date, gli eventi e i project work sono esempi.";

fn is_http_url(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://")) && !url.contains(' ')
}

fn is_email(address: &str) -> bool {
    let mut parts = address.split('@');
    let (Some(user), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !address.contains(char::is_whitespace)
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "it".to_owned())
}
fn default_output_dir() -> PathBuf {
    PathBuf::from("public")
}
fn default_feed_limit() -> usize {
    20
}
fn default_paginate_path() -> String {
    "pagina".to_owned()
}
fn yes() -> bool {
    true
}

impl Config {
    /// Parses and checks `config.toml` text. `file` is only used in messages.
    pub fn parse(text: &str, file: &Path) -> Result<Config, Diagnostics> {
        let config: Config = toml::from_str(text).map_err(|error| {
            let raw = error.message().trim();
            let message = reword_unknown_field(raw).unwrap_or_else(|| raw.to_owned());
            let mut diagnostic =
                Diagnostic::new(file, message).maybe_help(suggestion_from_serde_message(raw));
            if let Some(span) = error.span() {
                diagnostic = diagnostic.at_bytes(text, span);
            }
            Diagnostics::from(diagnostic)
        })?;
        let mut problems = Diagnostics::new();
        config.check(text, file, &mut problems);
        problems.into_result(config)
    }

    /// Reads and parses the config file at `path`; `shown_as` names it in messages.
    pub fn load(path: &Path, shown_as: &Path) -> Result<Config, Diagnostics> {
        let text = crate::load::source::read_text(path, shown_as)?;
        Config::parse(&text, shown_as)
    }

    fn check(&self, text: &str, file: &Path, problems: &mut Diagnostics) {
        let url = self.base_url.get_ref();
        if !is_http_url(url) {
            problems.push(
                Diagnostic::new(file, "`base_url` must be an absolute http(s) URL")
                    .at_bytes(text, self.base_url.span())
                    .label("expected something like \"https://www.example.it\"")
                    .help("write the address the site is published at, with https://"),
            );
        }
        let language = self.default_language.get_ref();
        let valid_language =
            (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
        if !valid_language {
            problems.push(
                Diagnostic::new(file, format!("`{language}` is not a language code"))
                    .at_bytes(text, self.default_language.span())
                    .label("expected a two-letter code such as \"it\" or \"en\""),
            );
        }
        let mut seen = std::collections::BTreeSet::new();
        for taxonomy in &self.taxonomies {
            if taxonomy.name.is_empty() || slug::slugify(&taxonomy.name) != taxonomy.name {
                problems.push(Diagnostic::new(
                    file,
                    format!(
                        "taxonomy name `{}` must be lowercase letters, digits and dashes",
                        taxonomy.name
                    ),
                ));
            }
            if !seen.insert(&taxonomy.name) {
                problems.push(Diagnostic::new(
                    file,
                    format!("taxonomy `{}` is declared twice", taxonomy.name),
                ));
            }
            if taxonomy.paginate_by == Some(0) {
                problems.push(Diagnostic::new(
                    file,
                    format!(
                        "taxonomy `{}`: paginate_by must be 1 or more",
                        taxonomy.name
                    ),
                ));
            }
        }
        if let Some(owner) = &self.owner {
            owner.check(text, file, problems);
        }
        if self.paginate_path.is_empty() || slug::slugify(&self.paginate_path) != self.paginate_path
        {
            problems.push(Diagnostic::new(
                file,
                "`paginate_path` must be lowercase letters, digits and dashes",
            ));
        }
    }

    /// The base URL without a trailing slash, ready to prefix site paths (`/a/b/`).
    pub fn base_url(&self) -> &str {
        self.base_url.get_ref().trim_end_matches('/')
    }

    /// The path part of the base URL without a trailing slash: `""` for a site at the root of
    /// its host, `/portale` for `https://example.github.io/portale/`.
    pub fn base_path(&self) -> &str {
        let url = self.base_url();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        after_scheme
            .find('/')
            .map_or("", |slash| &after_scheme[slash..])
    }

    /// Whether the site still shows demonstration data (`[extra] demo_data = true`).
    pub fn demo_data(&self) -> bool {
        self.extra.get("demo_data") == Some(&serde_json::Value::Bool(true))
    }

    /// [`DEMO_NOTE`] while the site shows demonstration data.
    pub fn demo_note(&self) -> Option<&'static str> {
        self.demo_data().then_some(DEMO_NOTE)
    }

    /// `title` with the demonstration mark in front, while the site shows demonstration data.
    pub fn demo_title(&self, title: &str) -> String {
        if self.demo_data() {
            format!("[{DEMO_MARK}] {title}")
        } else {
            title.to_owned()
        }
    }

    pub fn language(&self) -> &str {
        self.default_language.get_ref()
    }

    pub fn theme(&self) -> Option<&str> {
        self.theme.as_ref().map(|theme| theme.get_ref().as_str())
    }

    /// The settings templates see as `config`, with the build's reference date.
    pub fn template_view(&self, today: jiff::civil::Date) -> serde_json::Value {
        serde_json::json!({
            "today": today.to_string(),
            "today_it": crate::time::date_it(today),
            "base_url": self.base_url(),
            "base_path": self.base_path(),
            "title": self.title,
            "description": self.description,
            "default_language": self.language(),
            "theme": self.theme(),
            "taxonomies": self.taxonomies,
            "feeds": self.feeds,
            "search_enabled": self.search.enabled,
            "demo_note": self.demo_note(),
            "owner": self.owner.as_ref().map(OwnerConfig::template_view),
            "extra": self.extra,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        Config::parse(text, Path::new("config.toml"))
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let config = parse("base_url = \"https://example.it/\"\ntitle = \"T\"\n").unwrap();
        assert_eq!(config.base_url(), "https://example.it");
        assert_eq!(config.base_path(), "");
        let config = parse("base_url = \"https://e.github.io/portale/\"\ntitle = \"T\"\n").unwrap();
        assert_eq!(config.base_path(), "/portale");
        assert_eq!(config.language(), "it");
        assert!(config.minify_html);
        assert_eq!(config.output_dir, PathBuf::from("public"));
        assert!(!config.markdown.allow_raw_html);
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let errors =
            parse("base_url = \"https://e.it\"\ntitle = \"T\"\nminfy_html = false\n").unwrap_err();
        let error = errors.iter().next().unwrap();
        assert_eq!(error.message, "unknown key `minfy_html`");
        assert_eq!(error.location.as_ref().unwrap().line, 3);
        assert_eq!(error.help.as_deref(), Some("did you mean `minify_html`?"));
    }

    #[test]
    fn relative_base_url_points_at_the_value() {
        let errors = parse("title = \"T\"\nbase_url = \"example.it\"\n").unwrap_err();
        let error = errors.iter().next().unwrap();
        assert!(error.message.contains("absolute http(s) URL"));
        let at = error.location.as_ref().unwrap();
        assert_eq!((at.line, at.column), (2, 12));
    }

    #[test]
    fn owner_problems_are_all_located() {
        let text = "base_url = \"https://e.it\"\ntitle = \"T\"\n[owner]\nname = \"Ente\"\nipa_code = \"a b\"\nuri = \"ente.it\"\n[owner.contact]\nname = \"Ufficio\"\nemail = \"dati@\"\nphone = \"abc\"\n";
        let errors = parse(text).unwrap_err();
        let lines: Vec<usize> = errors
            .iter()
            .map(|e| e.location.as_ref().unwrap().line)
            .collect();
        assert_eq!(lines, [5, 6, 9, 10], "{errors:?}");
    }

    #[test]
    fn owner_with_contact_is_read() {
        let text = "base_url = \"https://e.it\"\ntitle = \"T\"\n[owner]\nname = \"Ente\"\nipa_code = \"ente_1\"\nuri = \"https://ente.it\"\n[owner.contact]\nname = \"Ufficio\"\nemail = \"dati@ente.it\"\npec = \"ente@pec.ente.it\"\n";
        let owner = parse(text).unwrap().owner.unwrap();
        assert_eq!(owner.ipa_code.get_ref(), "ente_1");
        assert!(owner.contact.phone.is_none());
    }

    #[test]
    fn missing_title_is_reported() {
        let errors = parse("base_url = \"https://e.it\"\n").unwrap_err();
        assert!(
            errors
                .iter()
                .next()
                .unwrap()
                .message
                .contains("missing field `title`")
        );
    }
}
