//! The Markdown pass: renders every body in parallel, resolves `@/` links against the graph,
//! then checks every anchor once all pages' anchors are known.

use std::collections::HashSet;

use rayon::prelude::*;

use super::{Located, MarkdownContent, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, suggestion};
use crate::load::content::ContentFile;
use crate::markdown::{self, InternalLink, LinkTarget, MarkdownOptions, Rendered};

/// A rendered body and the file it came from.
struct Body<'a> {
    file: &'a ContentFile,
    rendered: Rendered,
}

/// Renders the Markdown of every section and page into `site` and returns the link problems.
pub(super) fn render_markdown(
    site: &mut Site,
    section_files: &[ContentFile],
    page_files: &[ContentFile],
) -> Diagnostics {
    let options = MarkdownOptions {
        smart_punctuation: site.config.markdown.smart_punctuation,
        allow_raw_html: site.config.markdown.allow_raw_html,
    };
    let graph: &Site = site;
    let resolve = |path: &str| url_of_content(graph, path);
    let render_file = |file| render_body(graph, file, options, &resolve);
    fn render_body<'f>(
        graph: &Site,
        file: &'f ContentFile,
        options: MarkdownOptions,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> (Body<'f>, Vec<Diagnostic>) {
        let (rendered, broken) = markdown::render(file.body(), options, resolve);
        let problems = broken
            .into_iter()
            .map(|(span, target)| broken_link(graph, file, span, &target))
            .collect();
        (Body { file, rendered }, problems)
    }
    let section_bodies: Vec<(Body, Vec<Diagnostic>)> =
        section_files.par_iter().map(render_file).collect();
    let page_bodies: Vec<(Body, Vec<Diagnostic>)> =
        page_files.par_iter().map(render_file).collect();

    let mut problems = Diagnostics::new();
    let by_path: std::collections::HashMap<&str, &HashSet<String>> = section_bodies
        .iter()
        .chain(page_bodies.iter())
        .map(|(body, _)| (body.file.content_path.as_str(), &body.rendered.anchors))
        .collect();
    for (body, broken) in section_bodies.iter().chain(page_bodies.iter()) {
        problems.extend(broken.iter().cloned());
        for link in &body.rendered.links {
            if let Some(problem) = check_anchor(body, link, &by_path) {
                problems.push(problem);
            }
        }
    }

    let contents = |bodies: Vec<(Body, Vec<Diagnostic>)>| -> Vec<(String, MarkdownContent)> {
        bodies
            .into_iter()
            .map(|(body, _)| {
                let site_links = site_links(&body);
                let rendered = body.rendered;
                (
                    body.file.content_path.clone(),
                    MarkdownContent {
                        html: rendered.html,
                        summary_html: rendered.summary_html,
                        toc: rendered.toc,
                        word_count: rendered.word_count,
                        site_links,
                    },
                )
            })
            .collect()
    };
    for (content_path, content) in contents(section_bodies) {
        if let Some(id) = site.sections_by_content_path.get(&content_path) {
            site.sections[id.0].content = content;
        }
    }
    for (content_path, content) in contents(page_bodies) {
        if let Some(id) = site.pages_by_content_path.get(&content_path) {
            site.pages[id.0].content = content;
        }
    }
    problems
}

fn site_links(body: &Body) -> Vec<Located<String>> {
    let offset = body.file.body_start;
    body.rendered
        .links
        .iter()
        .filter_map(|link| match &link.target {
            LinkTarget::SitePath(path) => Some(Located {
                value: path.clone(),
                file: body.file.shown_path.clone(),
                at: Some(Location::from_byte_range(
                    &body.file.text,
                    offset + link.span.start..offset + link.span.end,
                )),
            }),
            _ => None,
        })
        .collect()
}

/// The URL an `@/` link points to (a permalink, like `get_url` gives, so a site published
/// under a sub-path works): a page or a section, by its path under `content/`.
pub fn url_of_content(site: &Site, content_path: &str) -> Option<String> {
    let content_path = content_path.trim_start_matches('/');
    if let Some(id) = site.pages_by_content_path.get(content_path) {
        return Some(site.page(*id).permalink.clone());
    }
    site.sections_by_content_path
        .get(content_path)
        .map(|id| site.section(*id).permalink.clone())
}

fn broken_link(
    site: &Site,
    file: &ContentFile,
    span: std::ops::Range<usize>,
    target: &str,
) -> Diagnostic {
    let offset = file.body_start;
    let known = site
        .pages_by_content_path
        .keys()
        .chain(site.sections_by_content_path.keys())
        .map(String::as_str);
    let help = suggestion(target, known).unwrap_or_else(|| {
        "`@/` links name a file under content/, e.g. `@/avvisi/_index.md` or `@/percorso.md` \
         (a draft page is not part of the build without --drafts)"
            .to_owned()
    });
    Diagnostic::new(
        &file.shown_path,
        format!("broken link: `@/{target}` does not exist"),
    )
    .at_bytes(&file.text, offset + span.start..offset + span.end)
    .label("no page or section has this path")
    .help(help)
}

fn check_anchor(
    body: &Body,
    link: &InternalLink,
    anchors_by_path: &std::collections::HashMap<&str, &HashSet<String>>,
) -> Option<Diagnostic> {
    let (target_path, anchor) = match &link.target {
        LinkTarget::Content {
            path,
            anchor: Some(anchor),
        } => (path.trim_start_matches('/'), anchor),
        LinkTarget::OwnAnchor(anchor) => (body.file.content_path.as_str(), anchor),
        _ => return None,
    };
    let anchors = anchors_by_path.get(target_path)?;
    if anchors.contains(anchor) {
        return None;
    }
    let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
    known.sort_unstable();
    let help = suggestion(anchor, known.iter().copied()).or_else(|| {
        (!known.is_empty()).then(|| format!("anchors of that page: {}", known.join(", ")))
    });
    let offset = body.file.body_start;
    Some(
        Diagnostic::new(
            &body.file.shown_path,
            format!("broken anchor: `#{anchor}` is not a heading of {target_path}"),
        )
        .at_bytes(
            &body.file.text,
            offset + link.span.start..offset + link.span.end,
        )
        .label("no heading has this id")
        .maybe_help(help),
    )
}
