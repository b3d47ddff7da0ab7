//! The Markdown pass: renders every body in parallel, resolves `@/` links against the graph,
//! then checks every anchor once all pages' anchors are known.

use crate::model::ContentPath;
use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};

use rayon::prelude::*;

use super::markdown_cache::{CachedBody, MarkdownCache};
use super::{Located, MarkdownContent, Page, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Location, suggestion};
use crate::load::content::ContentFile;
use crate::markdown::{self, InternalLink, LinkTarget, MarkdownOptions, Rendered};

/// A rendered body, with what its checks need of the file it came from: the file's text is
/// dropped as soon as its body is rendered, so the whole site's Markdown and HTML are never in
/// memory together.
struct Body {
    content_path: ContentPath,
    shown_path: std::path::PathBuf,
    rendered: Rendered,
    /// Where each link that names an anchor was written, in the order of `rendered.links`.
    anchor_links: Vec<(usize, Location)>,
    site_links: Vec<Located<String>>,
}

impl Body {
    fn new(file: &ContentFile, rendered: Rendered) -> Body {
        let offset = file.body_start;
        let locate = |link: &InternalLink| {
            Location::from_byte_range(&file.text, offset + link.span.start..offset + link.span.end)
        };
        let anchor_links = rendered
            .links
            .iter()
            .enumerate()
            .filter(|(_, link)| {
                matches!(
                    link.target,
                    LinkTarget::Content {
                        anchor: Some(_),
                        ..
                    } | LinkTarget::OwnAnchor(_)
                )
            })
            .map(|(index, link)| (index, locate(link)))
            .collect();
        let site_links = rendered
            .links
            .iter()
            .filter_map(|link| match &link.target {
                LinkTarget::SitePath(path) => Some(Located {
                    value: path.clone(),
                    file: file.shown_path.clone(),
                    at: Some(locate(link)),
                }),
                _ => None,
            })
            .collect();
        Body {
            content_path: file.content_path.clone(),
            shown_path: file.shown_path.clone(),
            rendered,
            anchor_links,
            site_links,
        }
    }

    fn into_content(self) -> MarkdownContent {
        let rendered = self.rendered;
        MarkdownContent {
            html: rendered.html,
            summary_html: rendered.summary_html,
            toc: rendered.toc,
            word_count: rendered.word_count,
            site_links: self.site_links,
            anchors: rendered.anchors,
        }
    }
}

/// Renders the Markdown of every section and page into `site` and returns the link problems.
/// Takes the files: each one's text is freed once its body is rendered.
pub(super) fn render_markdown(
    site: &mut Site,
    pages: &mut [Page],
    section_files: Vec<ContentFile>,
    page_files: Vec<ContentFile>,
    cache: Option<&MarkdownCache>,
) -> Diagnostics {
    let options = markdown_options(site);
    let graph: &Site = site;
    let page_list: &[Page] = pages;
    let resolve = |path: &str| url_of_content_in(graph, page_list, path);
    let fresh: Mutex<Vec<(ContentPath, CachedBody)>> = Mutex::new(Vec::new());
    let render_file = |file: ContentFile| {
        if let Some(rendered) = cache.and_then(|cache| cache.reuse(&file, options, &resolve)) {
            return (Body::new(&file, rendered), Vec::new());
        }
        let (rendered, broken) = markdown::render(file.body(), options, &resolve);
        let problems: Vec<Diagnostic> = broken
            .into_iter()
            .map(|(span, target)| broken_link(graph, &file, span, &target))
            .collect();
        // A body with a broken link renders again next time, and says so again.
        if cache.is_some() && problems.is_empty() {
            let body = CachedBody::new(&file, &rendered, options, &resolve);
            let mut fresh = fresh.lock().unwrap_or_else(PoisonError::into_inner);
            fresh.push((file.content_path.clone(), body));
        }
        (Body::new(&file, rendered), problems)
    };
    let section_bodies: Vec<(Body, Vec<Diagnostic>)> =
        section_files.into_par_iter().map(render_file).collect();
    let page_bodies: Vec<(Body, Vec<Diagnostic>)> =
        page_files.into_par_iter().map(render_file).collect();

    let mut problems = Diagnostics::new();
    let by_path: std::collections::HashMap<&str, &HashSet<String>> = section_bodies
        .iter()
        .chain(page_bodies.iter())
        .map(|(body, _)| (body.content_path.as_str(), &body.rendered.anchors))
        .collect();
    let anchors_of = |path: &str| by_path.get(path).copied();
    for (body, broken) in section_bodies.iter().chain(page_bodies.iter()) {
        problems.extend(broken.iter().cloned());
        problems.extend(check_anchors(body, &anchors_of));
    }
    if let Some(cache) = cache {
        let kept: HashSet<&str> = by_path.keys().copied().collect();
        cache.keep(
            &kept,
            fresh.into_inner().unwrap_or_else(PoisonError::into_inner),
        );
    }

    for (body, _) in section_bodies {
        if let Some(id) = site.sections_by_content_path.get(&body.content_path) {
            site.sections[id.0].content = body.into_content();
        }
    }
    for (body, _) in page_bodies {
        if let Some(id) = site.pages_by_content_path.get(&body.content_path) {
            pages[id.0].content = body.into_content();
        }
    }
    problems
}

fn markdown_options(site: &Site) -> MarkdownOptions<'_> {
    MarkdownOptions {
        base_path: site.config.base_path(),
        smart_punctuation: site.config.markdown.smart_punctuation,
        allow_raw_html: site.config.markdown.allow_raw_html,
    }
}

/// The URL an `@/` link points to (a permalink, like `get_url` gives, so a site published
/// under a sub-path works): a page or a section, by its path under `content/`.
pub fn url_of_content(site: &Site, content_path: &str) -> Option<String> {
    site.permalink_of_content(content_path.trim_start_matches('/'))
        .map(str::to_owned)
}

/// [`url_of_content`] while the graph is being made, its pages not yet in `site`.
fn url_of_content_in(site: &Site, pages: &[Page], content_path: &str) -> Option<String> {
    let path = content_path.trim_start_matches('/');
    match site.pages_by_content_path.get(path) {
        Some(id) => Some(pages[id.0].permalink.to_string()),
        None => url_of_content(site, path),
    }
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
        .map(ContentPath::as_str);
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

/// Renders the body of one page again, checked as a full build checks it against the rest of
/// the site: the preview's patch after an edit that left the front matter as it was.
pub fn render_page_body(site: &Site, file: &ContentFile) -> Result<MarkdownContent, Diagnostics> {
    let options = markdown_options(site);
    let resolve = |path: &str| url_of_content(site, path);
    let (rendered, broken) = markdown::render(file.body(), options, &resolve);
    let mut problems: Diagnostics = broken
        .into_iter()
        .map(|(span, target)| broken_link(site, file, span, &target))
        .collect();
    let body = Body::new(file, rendered);
    let anchors_of = |path: &str| {
        if file.content_path == path {
            return Some(&body.rendered.anchors);
        }
        let content = match site.pages_by_content_path.get(path) {
            Some(id) => &site.page(*id).content,
            None => {
                &site
                    .section(*site.sections_by_content_path.get(path)?)
                    .content
            }
        };
        Some(&content.anchors)
    };
    problems.extend(check_anchors(&body, &anchors_of));
    problems.into_result(())?;
    Ok(body.into_content())
}

/// The links of `body` that name an anchor its target page does not have.
fn check_anchors<'a>(
    body: &Body,
    anchors_of: &dyn Fn(&str) -> Option<&'a HashSet<String>>,
) -> Vec<Diagnostic> {
    body.anchor_links
        .iter()
        .filter_map(|(index, location)| {
            check_anchor(body, &body.rendered.links[*index], location, anchors_of)
        })
        .collect()
}

fn check_anchor<'a>(
    body: &Body,
    link: &InternalLink,
    location: &Location,
    anchors_of: &dyn Fn(&str) -> Option<&'a HashSet<String>>,
) -> Option<Diagnostic> {
    let (target_path, anchor) = match &link.target {
        LinkTarget::Content {
            path,
            anchor: Some(anchor),
        } => (path.trim_start_matches('/'), anchor),
        LinkTarget::OwnAnchor(anchor) => (body.content_path.as_str(), anchor),
        _ => return None,
    };
    let anchors = anchors_of(target_path)?;
    if anchors.contains(anchor) {
        return None;
    }
    let mut known: Vec<&str> = anchors.iter().map(String::as_str).collect();
    known.sort_unstable();
    let help = suggestion(anchor, known.iter().copied()).or_else(|| {
        (!known.is_empty()).then(|| format!("anchors of that page: {}", known.join(", ")))
    });
    Some(
        Diagnostic::new(
            &body.shown_path,
            format!("broken anchor: `#{anchor}` is not a heading of {target_path}"),
        )
        .at(location.clone())
        .label("no heading has this id")
        .maybe_help(help),
    )
}
