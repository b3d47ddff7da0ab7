//! Which templates a template names (`extends`, `include`, `import`): the closure a job reads,
//! and the include loops that would overflow Tera's stack.

use std::collections::{BTreeMap, BTreeSet};

use super::TemplateSource;
use crate::diagnostics::Diagnostic;

/// `name` and every template it extends, includes or imports, followed.
pub(super) fn follow_uses(
    sources: &BTreeMap<String, TemplateSource>,
    name: &str,
) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![name.to_owned()];
    while let Some(next) = pending.pop() {
        if !found.insert(next.clone()) {
            continue;
        }
        if let Some(source) = sources.get(&next) {
            pending.extend(
                referenced_templates(&source.text, &["extends", "include", "import"])
                    .into_iter()
                    .map(|(name, _)| name),
            );
        }
    }
    found
}

/// Tera follows `{% include %}` without a depth limit, so a template that includes itself,
/// directly or through others, would overflow the stack and abort the build. Such cycles are
/// found before rendering and reported at the include that closes them.
pub(super) fn include_cycles(sources: &BTreeMap<String, TemplateSource>) -> Vec<Diagnostic> {
    let includes: BTreeMap<&str, Vec<(String, usize)>> = sources
        .iter()
        .map(|(name, source)| (name.as_str(), included_templates(&source.text)))
        .collect();
    let mut problems = Vec::new();
    for start in includes.keys() {
        // Depth-first from `start`, looking for a way back to it.
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        let mut seen = std::collections::BTreeSet::new();
        while let Some((name, path)) = stack.pop() {
            for (target, offset) in includes.get(name).into_iter().flatten() {
                if target == start {
                    // Report once per cycle, at its alphabetically first template.
                    if path.iter().all(|member| member >= start) {
                        let source = &sources[*path.last().unwrap_or(start)];
                        let chain = path
                            .iter()
                            .chain([start])
                            .copied()
                            .collect::<Vec<_>>()
                            .join(" → ");
                        problems.push(
                            Diagnostic::new(source.origin.clone(), format!("templates include each other in a loop: {chain}"))
                                .at_bytes(&source.text, *offset..offset + target.len())
                                .label("this include closes the loop")
                                .help("remove the include, or move the shared part into a template that includes nothing of these"),
                        );
                    }
                } else if seen.insert(target.as_str()) && includes.contains_key(target.as_str()) {
                    let mut next = path.clone();
                    next.push(target.as_str());
                    stack.push((target.as_str(), next));
                }
            }
        }
    }
    problems
}

/// The templates `text` includes, with the byte offset of each name.
fn included_templates(text: &str) -> Vec<(String, usize)> {
    referenced_templates(text, &["include"])
}

/// The templates named by `keywords` tags (`extends`, `include`, `import`) of `text`, with the
/// byte offset of each name.
fn referenced_templates(text: &str, keywords: &[&str]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut rest_start = 0;
    while let Some(at) = text[rest_start..].find("{%") {
        let tag_start = rest_start + at;
        let Some(tag_len) = text[tag_start..].find("%}") else {
            break;
        };
        let tag = &text[tag_start + 2..tag_start + tag_len];
        let trimmed = tag.trim_start_matches('-').trim_start();
        let arguments = keywords
            .iter()
            .find_map(|keyword| trimmed.strip_prefix(keyword));
        if let Some(arguments) = arguments {
            for quote in ['"', '\''] {
                let mut parts = arguments.split(quote);
                parts.next();
                while let (Some(name), Some(_)) = (parts.next(), parts.next()) {
                    let offset = tag_start + 2 + tag.find(name).unwrap_or(0);
                    found.push((name.to_owned(), offset));
                }
            }
        }
        rest_start = tag_start + tag_len + 2;
    }
    found
}
