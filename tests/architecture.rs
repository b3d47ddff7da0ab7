//! The shape ARCHITECTURE.md promises, checked on every `cargo test` (CI runs only the tests, so
//! clippy's `too_many_lines` alone would not hold the line there):
//!
//! - no file of `src/` over 500 lines, no function over 80 lines of code;
//! - no `use super::*` outside test modules;
//! - no URL of the portal's sections spelled out in `src/` outside the route table
//!   (`src/model/routes.rs`), nor in the theme's templates (they call `url_for`).

use std::path::{Path, PathBuf};

use syn::spanned::Spanned;
use syn::visit::Visit;

const MAX_FILE_LINES: usize = 500;
const MAX_FUNCTION_LINES: usize = 80;
/// The URL segments of the portal's own sections, as the route table makes them.
const SECTIONS: &[&str] = &[
    "province",
    "calendario",
    "archivio",
    "opendata",
    "cerca",
    "avvisi",
    "percorso",
];
const ROUTE_TABLE: &str = "src/model/routes.rs";

fn files_under(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root()).unwrap().display().to_string()
}

fn sources() -> Vec<(String, String)> {
    files_under(&root().join("src"), "rs")
        .into_iter()
        .map(|path| (relative(&path), std::fs::read_to_string(&path).unwrap()))
        .collect()
}

/// A string an editor could not tell from a URL of a section: a section's name as a segment
/// between slashes (`/calendario/`, `archivio/x`).
fn names_a_section(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || matches!(c, '`' | '\'' | '"' | '(' | ')'))
        // A content file (`@/calendario/_index.md`, `avvisi/_index.md`) is not a URL: `get_url`
        // and `get_section` resolve it to its page.
        .filter(|word| !word.starts_with("@/") && !word.ends_with(".md"))
        .filter(|word| word.contains('/'))
        .any(|word| word.split('/').any(|segment| SECTIONS.contains(&segment)))
}

/// A section's bare name as a path segment: `SitePath::from_segments(["calendario", id])`. A
/// bare "calendario" elsewhere may be a word (a DCAT keyword), so only path builders are looked at.
fn builds_a_section_path(call: &syn::ExprCall) -> bool {
    let syn::Expr::Path(function) = &*call.func else {
        return false;
    };
    let builds_a_path = function
        .path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "from_segments");
    let mut literals = Vec::new();
    for argument in &call.args {
        if let syn::Expr::Array(array) = argument {
            literals.extend(array.elems.iter().filter_map(|element| match element {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(text),
                    ..
                }) => Some(text.value()),
                _ => None,
            }));
        }
    }
    builds_a_path
        && literals
            .iter()
            .any(|text| SECTIONS.contains(&text.as_str()))
}

/// Template text without its Tera tags: `"/x/{{ id }}/"` → `"/x//"`.
fn without_tags(text: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find(['{']) {
        let closing = match rest[start..].chars().nth(1) {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                kept.push_str(&rest[..=start]);
                rest = &rest[start + 1..];
                continue;
            }
        };
        kept.push_str(&rest[..start]);
        match rest[start..].find(closing) {
            Some(end) => rest = &rest[start + end + 2..],
            None => return kept,
        }
    }
    kept.push_str(rest);
    kept
}

/// Lines of code in a block: what clippy's `too_many_lines` counts (no blank or comment lines).
fn code_lines(text: &str, block: &syn::Block) -> usize {
    let (start, end) = (block.span().start().line, block.span().end().line);
    text.lines()
        .skip(start - 1)
        .take(end + 1 - start)
        .filter(|line| {
            let line = line.trim();
            !line.is_empty() && !line.starts_with("//")
        })
        .count()
}

/// Walks one file, noting long functions, glob imports of `super` and section URLs, and
/// whether it is inside a test module.
struct Walker<'a> {
    file: &'a str,
    text: &'a str,
    in_tests: bool,
    long_functions: Vec<String>,
    super_globs: Vec<String>,
    section_urls: Vec<String>,
}

impl Walker<'_> {
    fn check_length(&mut self, name: &syn::Ident, block: &syn::Block) {
        let lines = code_lines(self.text, block);
        if lines > MAX_FUNCTION_LINES {
            let at = name.span().start().line;
            self.long_functions
                .push(format!("{}:{at} `{name}`: {lines} lines", self.file));
        }
    }
}

fn is_test_module(module: &syn::ItemMod) -> bool {
    module.attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Ident>()
                .is_ok_and(|ident| ident == "test")
    })
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        let was = self.in_tests;
        self.in_tests |= is_test_module(module);
        syn::visit::visit_item_mod(self, module);
        self.in_tests = was;
    }

    fn visit_item_fn(&mut self, function: &'ast syn::ItemFn) {
        self.check_length(&function.sig.ident, &function.block);
        syn::visit::visit_item_fn(self, function);
    }

    fn visit_impl_item_fn(&mut self, function: &'ast syn::ImplItemFn) {
        self.check_length(&function.sig.ident, &function.block);
        syn::visit::visit_impl_item_fn(self, function);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        if let syn::UseTree::Path(path) = &item.tree
            && path.ident == "super"
            && matches!(*path.tree, syn::UseTree::Glob(_))
            && !self.in_tests
        {
            let at = item.span().start().line;
            self.super_globs.push(format!("{}:{at}", self.file));
        }
        syn::visit::visit_item_use(self, item);
    }

    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {
        // Doc comments may show URLs as examples; only code makes them.
    }

    fn visit_lit_str(&mut self, literal: &'ast syn::LitStr) {
        if !self.in_tests && self.file != ROUTE_TABLE && names_a_section(&literal.value()) {
            let at = literal.span().start().line;
            self.section_urls
                .push(format!("{}:{at} {:?}", self.file, literal.value()));
        }
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if !self.in_tests && self.file != ROUTE_TABLE && builds_a_section_path(call) {
            let at = call.span().start().line;
            self.section_urls
                .push(format!("{}:{at} a section's path built by hand", self.file));
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `format!("/calendario/{id}/")` and `json!({...})` hold their literals as tokens.
        for token in mac.tokens.clone() {
            if let proc_macro2::TokenTree::Literal(literal) = token
                && let Ok(literal) = syn::parse_str::<syn::LitStr>(&literal.to_string())
            {
                self.visit_lit_str(&literal);
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

fn walk_sources() -> Vec<Walker<'static>> {
    sources()
        .into_iter()
        .map(|(file, text)| {
            let (file, text): (&'static str, &'static str) = (
                Box::leak(file.into_boxed_str()),
                Box::leak(text.into_boxed_str()),
            );
            let syntax = syn::parse_file(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            let mut walker = Walker {
                file,
                text,
                // `#[cfg(test)] #[path = "x_tests.rs"] mod tests;` keeps a module's tests in a
                // file of their own.
                in_tests: file.ends_with("_tests.rs"),
                long_functions: Vec::new(),
                super_globs: Vec::new(),
                section_urls: Vec::new(),
            };
            walker.visit_file(&syntax);
            walker
        })
        .collect()
}

#[test]
fn no_source_file_is_over_500_lines() {
    let long: Vec<String> = sources()
        .iter()
        .filter(|(_, text)| text.lines().count() > MAX_FILE_LINES)
        .map(|(file, text)| format!("{file}: {} lines", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:#?}");
}

#[test]
fn no_function_is_over_80_lines() {
    let long: Vec<String> = walk_sources()
        .into_iter()
        .flat_map(|walker| walker.long_functions)
        .collect();
    assert!(long.is_empty(), "split these functions: {long:#?}");
}

#[test]
fn no_glob_import_of_super_outside_tests() {
    let globs: Vec<String> = walk_sources()
        .into_iter()
        .flat_map(|walker| walker.super_globs)
        .collect();
    assert!(globs.is_empty(), "import names explicitly: {globs:#?}");
}

#[test]
fn section_urls_come_from_the_route_table() {
    let spelled: Vec<String> = walk_sources()
        .into_iter()
        .flat_map(|walker| walker.section_urls)
        .collect();
    assert!(
        spelled.is_empty(),
        "use crate::model::routes::Route instead: {spelled:#?}"
    );
}

/// Quoted text in a template line, in single and in double quotes (one may hold the other).
fn quoted(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for quote in ['\'', '"'] {
        let mut rest = text;
        while let Some(start) = rest.find(quote) {
            let after = &rest[start + 1..];
            let Some(end) = after.find(quote) else { break };
            found.push(&after[..end]);
            rest = &after[end + 1..];
        }
    }
    found
}

#[test]
fn templates_ask_url_for_instead_of_spelling_urls() {
    let mut spelled = Vec::new();
    for path in files_under(&root().join("themes"), "html") {
        let text = std::fs::read_to_string(&path).unwrap();
        for (number, line) in text.lines().enumerate() {
            for literal in quoted(line) {
                if names_a_section(&without_tags(literal)) {
                    spelled.push(format!("{}:{} {literal:?}", relative(&path), number + 1));
                }
            }
        }
    }
    assert!(
        spelled.is_empty(),
        "use url_for(kind=…, id=…) or get_url(path='@/…'): {spelled:#?}"
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    assert!(names_a_section("/calendario/"));
    assert!(names_a_section("archivio/anno/"));
    assert!(!names_a_section("calendario"));
    let call: syn::ExprCall =
        syn::parse_str(r#"SitePath::from_segments(["calendario", id])"#).unwrap();
    assert!(builds_a_section_path(&call));
    let call: syn::ExprCall = syn::parse_str(r#"SitePath::from_segments(["tags", id])"#).unwrap();
    assert!(!builds_a_section_path(&call));
    assert!(!names_a_section("@/calendario/_index.md"));
    assert!(!names_a_section("province"));
    assert!(!names_a_section("calendario.ics"));
    let text = "fn f() {\n    let a = 1;\n\n    // note\n    let b = 2;\n}\n";
    let syntax: syn::ItemFn = syn::parse_str(text).unwrap();
    assert_eq!(code_lines(text, &syntax.block), 4);
    assert!(!names_a_section("avvisi/_index.md"));
    assert!(!names_a_section(
        "see `@/avvisi/_index.md` or `@/percorso.md`"
    ));
    assert!(names_a_section("Dettagli: /calendario/x/"));
    assert_eq!(quoted(r#"a 'b' "c" d"#), ["b", "c"]);
    assert_eq!(
        without_tags("/calendario/{{ id }}/{% if x %}"),
        "/calendario//"
    );
    assert!(!names_a_section(&without_tags(
        "{{ get_url(path='@/cerca/_index.md') }}"
    )));
}
