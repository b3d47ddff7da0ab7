//! Loading Tera templates: the theme's, overridden file by file by the site's `templates/`, with
//! built-in fallbacks for the machine-read outputs (sitemap, robots, feeds, redirects).
//! Template errors are turned into located diagnostics pointing at the template file and line.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tera::Tera;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Origin, suggestion};
use crate::load::content::{is_editor_leftover, relative_slash_path, shown};

mod references;

use references::{follow_uses, include_cycles};

/// Built-in templates a theme may override.
const BUILTIN: &[(&str, &str)] = &[
    ("sitemap.xml", include_str!("builtin/sitemap.xml")),
    ("robots.txt", include_str!("builtin/robots.txt")),
    ("atom.xml", include_str!("builtin/atom.xml")),
    ("alias.html", include_str!("builtin/alias.html")),
];

/// A template's text and where it came from, for messages: a file of the theme or the site,
/// or a template built into portico.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub origin: Origin,
    pub text: String,
}

/// The parsed templates and their sources.
pub struct Templates {
    pub tera: Tera,
    pub sources: BTreeMap<String, TemplateSource>,
    /// Each template's closure (see [`Templates::closure`]), found once: every job asks for
    /// its template's.
    closures: BTreeMap<String, BTreeSet<String>>,
}

impl Templates {
    fn new(tera: Tera, sources: BTreeMap<String, TemplateSource>) -> Templates {
        let closures = sources
            .keys()
            .map(|name| (name.clone(), follow_uses(&sources, name)))
            .collect();
        Templates {
            tera,
            sources,
            closures,
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Every template `name` uses: itself and what it extends, includes or imports, followed.
    pub fn closure(&self, name: &str) -> BTreeSet<String> {
        match self.closures.get(name) {
            Some(closure) => closure.clone(),
            None => follow_uses(&self.sources, name),
        }
    }

    /// Whether `word` appears in `name` or a template it uses. A variable no template mentions
    /// cannot be read, so a job need not copy a large value into it.
    pub fn mention(&self, name: &str, word: &str) -> bool {
        self.closure(name)
            .iter()
            .filter_map(|used| self.sources.get(used))
            .any(|source| source.text.contains(word))
    }

    /// An error for a template name that does not exist, pointing at where it was asked for.
    pub fn missing(&self, name: &str, asked_by: Diagnostic) -> Diagnostic {
        let known: Vec<&str> = self.sources.keys().map(String::as_str).collect();
        asked_by.label("no template has this name").help(
            suggestion(name, known.iter().copied()).unwrap_or_else(|| {
                format!(
                    "create templates/{name}, or use one of: {}",
                    known.join(", ")
                )
            }),
        )
    }

    /// Turns a Tera render error into a diagnostic at the template line that caused it.
    pub fn render_error(&self, template: &str, error: &tera::Error) -> Diagnostic {
        // Tera's chain goes from "Failed to render 'x.html'" to the precise cause; the cause
        // names the variable or function, which locates the line.
        let chain = error_chain(error);
        let detail = chain.last().cloned().unwrap_or_default();
        let identifier = chain.iter().rev().find_map(|message| culprit(message));
        let named = rendering_template(&chain);
        let located = identifier
            .as_deref()
            .and_then(|name| self.find_use(template, named, name));
        let last = chain.len().saturating_sub(1);
        let causes: Vec<&str> = chain
            .iter()
            .enumerate()
            .filter(|(index, message)| {
                let wrapper = message.starts_with("Failed to render")
                    || (message.starts_with("Function call") && *index < last);
                !wrapper
            })
            .map(|(_, message)| message.as_str())
            .collect();
        let message = if causes.is_empty() {
            chain.join(": ")
        } else {
            causes.join(": ").replace(" in context", "")
        };
        let diagnostic = match located {
            Some((origin, at)) => Diagnostic::new(origin, message).at(at),
            None => Diagnostic::new(self.origin_of(template), message),
        };
        diagnostic.maybe_help(render_help(&detail))
    }

    /// Where `template` came from; a name no template has is shown as it was asked for.
    fn origin_of(&self, template: &str) -> Origin {
        self.sources
            .get(template)
            .map_or_else(|| Origin::from(template), |source| source.origin.clone())
    }

    /// The first line using `name` inside a `{{ }}` or `{% %}` tag, among the templates this
    /// render used: the one Tera's error names first, then `template` itself, then the templates
    /// it extends, includes or imports. Templates the page does not use are never searched.
    fn find_use(
        &self,
        template: &str,
        named: Option<&str>,
        name: &str,
    ) -> Option<(Origin, Location)> {
        let used = self.closure(template);
        let first = named
            .into_iter()
            .chain([template])
            .filter(|first| used.contains(*first));
        let others = used.iter().map(String::as_str);
        first.chain(others).find_map(|candidate| {
            let source = self.sources.get(candidate)?;
            find_in_tags(&source.text, name).map(|at| {
                (
                    source.origin.clone(),
                    Location::from_byte_range(&source.text, at..at + name.len()),
                )
            })
        })
    }
}

/// The template Tera names as the place of the error: `… while rendering 'base.html'`.
fn rendering_template(chain: &[String]) -> Option<&str> {
    chain.iter().rev().find_map(|message| {
        let (_, rest) = message.split_once("while rendering '")?;
        rest.split_once('\'').map(|(name, _)| name)
    })
}

fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut chain = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        chain.push(inner.to_string());
        source = inner.source();
    }
    chain
}

/// The variable, function or filter a Tera message names between backticks or quotes.
fn culprit(message: &str) -> Option<String> {
    for (open, close) in [('`', '`'), ('\'', '\'')] {
        if let Some((_, rest)) = message.split_once(open)
            && let Some((name, _)) = rest.split_once(close)
        {
            let looks_like_name = !name.is_empty()
                && !name.ends_with(".html")
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
            if looks_like_name {
                return Some(name.to_owned());
            }
        }
    }
    None
}

fn render_help(detail: &str) -> Option<String> {
    if detail.contains("not found in context") {
        Some("check the spelling, or guard it: {% if name is defined %}…{% endif %}".to_owned())
    } else if detail.contains("Function") && detail.contains("not found") {
        Some(
            "available functions: get_url, get_page, get_section, get_data, get_taxonomy_url, url_for, network_map, trans"
                .to_owned(),
        )
    } else if detail.contains("Filter") && detail.contains("not found") {
        Some("see docs/templates.md for the filters portico provides".to_owned())
    } else {
        None
    }
}

/// Byte offset of `name` used as a whole word inside a template tag.
fn find_in_tags(text: &str, name: &str) -> Option<usize> {
    let mut search_from = 0;
    while let Some(found) = text[search_from..].find(name) {
        let at = search_from + found;
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let whole_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let last_open = text[..at].rfind("{{").max(text[..at].rfind("{%"));
        let last_close = text[..at].rfind("}}").max(text[..at].rfind("%}"));
        let in_tag = last_open > last_close;
        if whole_word && in_tag {
            return Some(at);
        }
        search_from = at + name.len();
    }
    None
}

/// Loads every template of the theme and of the site's `templates/` (the site's win), then the
/// built-in fallbacks for names neither provides.
pub fn load_templates(root: &Path, theme_dir: Option<&Path>) -> Result<Templates, Diagnostics> {
    let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
    for (name, text) in BUILTIN {
        sources.insert(
            (*name).to_owned(),
            TemplateSource {
                origin: Origin::BuiltIn(name),
                text: (*text).to_owned(),
            },
        );
    }
    let mut problems = Diagnostics::new();
    let folders = theme_dir
        .map(|theme| theme.join("templates"))
        .into_iter()
        .chain([root.join("templates")]);
    for folder in folders {
        if !folder.is_dir() {
            continue;
        }
        for entry in ignore::WalkBuilder::new(&folder)
            .standard_filters(false)
            .hidden(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build()
            .flatten()
        {
            let path = entry.path();
            if !entry.file_type().is_some_and(|kind| kind.is_file()) || is_editor_leftover(path) {
                continue;
            }
            let shown_path = shown(path, root);
            match crate::load::source::read_text(path, &shown_path) {
                Ok(text) => {
                    let name = relative_slash_path(path, &folder);
                    sources.insert(
                        name,
                        TemplateSource {
                            origin: Origin::File(shown_path),
                            text,
                        },
                    );
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    problems.into_result(())?;
    parse_templates(sources)
}

fn parse_templates(sources: BTreeMap<String, TemplateSource>) -> Result<Templates, Diagnostics> {
    let mut tera = Tera::default();
    // XML templates escape explicitly with `escape_xml`: Tera's HTML escaping would turn every
    // `/` of a URL into `&#x2F;`.
    tera.autoescape_on(vec![".html", ".htm"]);
    tera.set_escape_fn(escape_html);
    // Parse one by one first: Tera stops at the first broken template, we want them all.
    let mut problems = Diagnostics::new();
    for (name, source) in &sources {
        if let Err(error) = tera::Template::new(name, None, &source.text) {
            problems.push(parse_problem(source, &error));
        }
    }
    problems.extend(include_cycles(&sources));
    problems.into_result(())?;
    let all: Vec<(&str, &str)> = sources
        .iter()
        .map(|(name, source)| (name.as_str(), source.text.as_str()))
        .collect();
    if let Err(error) = tera.add_raw_templates(all) {
        let chain = error_chain(&error);
        let culprit_template = chain
            .iter()
            .find_map(|message| sources.keys().find(|name| message.contains(name.as_str())));
        let origin = culprit_template.map_or_else(
            || Origin::from("templates"),
            |name| sources[name].origin.clone(),
        );
        return Err(Diagnostic::new(origin, chain.join(": "))
            .help(
                "check `extends`, `include` and `import` names: each must be an existing template",
            )
            .into());
    }
    super::functions::register_filters(&mut tera);
    Ok(Templates::new(tera, sources))
}

/// Escapes text for HTML content and quoted attribute values. Unlike Tera's default it leaves
/// `/` alone, so URLs stay readable.
pub(super) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

/// Tera reports syntax errors through pest, whose message carries ` --> line:column`.
fn parse_problem(source: &TemplateSource, error: &tera::Error) -> Diagnostic {
    let chain = error_chain(error);
    let detail = chain.last().cloned().unwrap_or_default();
    let position = detail.split_once("--> ").and_then(|(_, rest)| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((
            line.trim().parse::<usize>().ok()?,
            column.parse::<usize>().ok()?,
        ))
    });
    let expected = detail
        .lines()
        .rev()
        .find(|line| line.trim_start().starts_with('='))
        .map(|line| line.trim_start_matches([' ', '=']).trim().to_owned());
    let diagnostic = Diagnostic::new(source.origin.clone(), "template syntax error")
        .label(expected.unwrap_or_else(|| "Tera could not parse this".to_owned()))
        .help("see https://keats.github.io/tera/docs/#templates for the syntax");
    match position {
        Some((line, column)) => {
            diagnostic.at(Location::from_line_column(&source.text, line, column, 1))
        }
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_name_only_inside_tags() {
        let text = "page title\n<h1>{{ page.titel }}</h1>";
        let at = find_in_tags(text, "page.titel").unwrap();
        assert_eq!(&text[at..at + 10], "page.titel");
        assert_eq!(find_in_tags("titel outside", "titel"), None);
    }

    #[test]
    fn include_loops_are_found() {
        let source = |text: &str| TemplateSource {
            origin: Origin::from("t"),
            text: text.to_owned(),
        };
        let sources: BTreeMap<String, TemplateSource> = [
            ("a.html".to_owned(), source("{% include \"b.html\" %}")),
            ("b.html".to_owned(), source("x {% include 'a.html' %}")),
            ("c.html".to_owned(), source("{% include \"b.html\" %}")),
            (
                "self.html".to_owned(),
                source("{%- include \"self.html\" -%}"),
            ),
        ]
        .into_iter()
        .collect();
        let problems = include_cycles(&sources);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "templates include each other in a loop: a.html → b.html → a.html",
                "templates include each other in a loop: self.html → self.html"
            ]
        );
    }

    #[test]
    fn culprit_names_are_extracted() {
        assert_eq!(
            culprit("Variable `page.titel` not found in context while rendering 'page.html'")
                .as_deref(),
            Some("page.titel")
        );
        assert_eq!(
            culprit("Function 'nope' not found").as_deref(),
            Some("nope")
        );
    }
}
