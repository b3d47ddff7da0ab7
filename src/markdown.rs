//! Markdown to HTML with pulldown-cmark: unique heading ids, a table of contents, a summary at
//! `<!-- more -->`, `@/page.md#anchor` links resolved, and every internal link recorded so the
//! caller can check it.
//!
//! Pure: text in, [`Rendered`] out. Link resolution is a callback so this module knows nothing
//! about the site graph.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// The marker that ends a page's summary.
pub const SUMMARY_MARKER: &str = "<!-- more -->";

#[derive(Debug, Clone, Copy)]
pub struct MarkdownOptions<'a> {
    pub smart_punctuation: bool,
    pub allow_raw_html: bool,
    /// The path of the site's base URL (`""` or `/portale`): links written from the site's
    /// root (`/calendario/`) get it, so they hold wherever the site is published.
    pub base_path: &'a str,
}

/// A heading in the table of contents, with its sub-headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// A link in the text that points inside the site, to be checked once every page is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub target: LinkTarget,
    /// Byte range of the link destination in the Markdown text.
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `@/avvisi/a.md#sezione`: a content file, and maybe an anchor in it.
    Content {
        path: String,
        anchor: Option<String>,
    },
    /// `#sezione`: an anchor of this same page.
    OwnAnchor(String),
    /// `/percorso/`: a path of the built site.
    SitePath(String),
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// The HTML before `<!-- more -->`, when the marker is present.
    pub summary_html: Option<String>,
    pub toc: Vec<Heading>,
    /// Every id a link may point at: headings and explicit `{#id}` attributes.
    pub anchors: HashSet<String>,
    pub links: Vec<InternalLink>,
    pub word_count: usize,
}

/// Renders `text`. `resolve` turns the path of an `@/` link into a URL, or says why it cannot.
/// Broken `@/` links are returned as errors with their span; the rest of the page still renders.
pub fn render(
    text: &str,
    options: MarkdownOptions<'_>,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> (Rendered, Vec<(Range<usize>, String)>) {
    let mut parser_options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if options.smart_punctuation {
        parser_options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(text, parser_options)
        .into_offset_iter()
        .collect();

    let mut rendered = Rendered::default();
    let mut broken = Vec::new();
    let toc_entries = assign_heading_ids(&mut events, &mut rendered.anchors);
    rendered.toc = nest_headings(toc_entries);
    rewrite_links(text, &mut events, resolve, &mut rendered.links, &mut broken);
    if !options.base_path.is_empty() {
        prefix_root_links(&mut events, options.base_path);
    }
    if !options.allow_raw_html {
        escape_raw_html(&mut events);
    }
    rendered.word_count = events
        .iter()
        .map(|(event, _)| match event {
            Event::Text(text) | Event::Code(text) => text.split_whitespace().count(),
            _ => 0,
        })
        .sum();

    // Text is escaped on output, so only a raw HTML event can put the marker in the page:
    // look for it in the HTML only then (searching every page's HTML cost a few percent).
    let has_marker = events.iter().any(|(event, _)| {
        matches!(event, Event::Html(html) | Event::InlineHtml(html) if html.contains(SUMMARY_MARKER))
    });
    let aligned_table = events.iter().any(|(event, _)| {
        matches!(event, Event::Start(Tag::Table(columns)) if columns.iter().any(|c| *c != pulldown_cmark::Alignment::None))
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(event, _)| event));
    if aligned_table {
        html = alignment_classes(&html);
    }
    rendered.summary_html = has_marker
        .then(|| html.find(SUMMARY_MARKER))
        .flatten()
        .map(|at| html[..at].trim_end().to_owned());
    // The body is kept until the end of the build: keep it at its size, not at the estimate's
    // (an allocator does not give back the slack of a shrunk block).
    rendered.html = html.as_str().to_owned();
    (rendered, broken)
}

/// Gives every heading an id (its explicit `{#id}`, or a slug of its text made unique) and
/// returns (level, id, title) in document order.
fn assign_heading_ids(
    events: &mut [(Event, Range<usize>)],
    anchors: &mut HashSet<String>,
) -> Vec<(u8, String, String)> {
    // Explicit ids first, so that a generated id never takes one an author chose.
    for (event, _) in events.iter() {
        if let Event::Start(Tag::Heading { id: Some(id), .. }) = event {
            anchors.insert(id.to_string());
        }
    }
    let mut entries = Vec::new();
    let mut index = 0;
    while index < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[index].0 {
            let level = heading_level(*level);
            let explicit = id.as_ref().map(|id| id.to_string());
            let title = heading_text(&events[index + 1..]);
            let id = match explicit {
                Some(id) => id,
                None => {
                    let id = unique_id(&title, anchors);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[index].0 {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    id
                }
            };
            entries.push((level, id, title));
        }
        index += 1;
    }
    entries
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn heading_text(events: &[(Event, Range<usize>)]) -> String {
    let mut title = String::new();
    for (event, _) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(text) | Event::Code(text) => title.push_str(text),
            Event::SoftBreak | Event::HardBreak => title.push(' '),
            _ => {}
        }
    }
    title.trim().to_owned()
}

/// A slug of `title` that no other anchor of the page has: `fase-a`, then `fase-a-1`, ...
fn unique_id(title: &str, taken: &mut HashSet<String>) -> String {
    let base = match slug::slugify(title) {
        slug if slug.is_empty() => "sezione".to_owned(),
        slug => slug,
    };
    let mut id = base.clone();
    let mut counter = 1;
    while taken.contains(&id) {
        id = format!("{base}-{counter}");
        counter += 1;
    }
    taken.insert(id.clone());
    id
}

/// Turns (level, id, title) entries into a tree: each heading holds the deeper ones after it.
fn nest_headings(entries: Vec<(u8, String, String)>) -> Vec<Heading> {
    fn insert(into: &mut Vec<Heading>, heading: Heading) {
        match into.last_mut() {
            Some(last) if last.level < heading.level => insert(&mut last.children, heading),
            _ => into.push(heading),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in entries {
        insert(
            &mut toc,
            Heading {
                level,
                id,
                title,
                children: Vec::new(),
            },
        );
    }
    toc
}

fn rewrite_links(
    text: &str,
    events: &mut [(Event, Range<usize>)],
    resolve: &dyn Fn(&str) -> Option<String>,
    links: &mut Vec<InternalLink>,
    broken: &mut Vec<(Range<usize>, String)>,
) {
    for (event, range) in events.iter_mut() {
        let dest_url = match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let span = destination_span(text, range, dest_url);
        if runs_script(dest_url) {
            // Editors' text never runs: a `javascript:` link becomes a link to nowhere.
            *dest_url = CowStr::from("#");
            continue;
        }
        if let Some(content_link) = dest_url.strip_prefix("@/") {
            let (path, anchor) = split_anchor(content_link);
            match resolve(path) {
                Some(url) => {
                    let resolved = match &anchor {
                        Some(anchor) => format!("{url}#{anchor}"),
                        None => url,
                    };
                    links.push(InternalLink {
                        target: LinkTarget::Content {
                            path: path.to_owned(),
                            anchor,
                        },
                        span,
                    });
                    *dest_url = CowStr::from(resolved);
                }
                None => broken.push((span, path.to_owned())),
            }
        } else if let Some(anchor) = dest_url.strip_prefix('#') {
            if !anchor.is_empty() {
                links.push(InternalLink {
                    target: LinkTarget::OwnAnchor(anchor.to_owned()),
                    span,
                });
            }
        } else if dest_url.starts_with('/') && !dest_url.starts_with("//") {
            links.push(InternalLink {
                target: LinkTarget::SitePath(dest_url.to_string()),
                span,
            });
        }
    }
}

/// Table cells aligned with a class instead of the `style` attribute pulldown-cmark writes: a
/// strict Content-Security-Policy (deploy/nginx.conf) refuses inline styles.
fn alignment_classes(html: &str) -> String {
    ["left", "center", "right"]
        .iter()
        .fold(html.to_owned(), |html, side| {
            html.replace(
                &format!(" style=\"text-align: {side}\">"),
                &format!(" class=\"align-{side}\">"),
            )
        })
}

/// Puts `base_path` before every destination written from the site's root (`/a/` →
/// `/portale/a/`); they were checked as site paths before.
fn prefix_root_links(events: &mut [(Event, Range<usize>)], base_path: &str) {
    for (event, _) in events.iter_mut() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            && dest_url.starts_with('/')
            && !dest_url.starts_with("//")
        {
            *dest_url = CowStr::from(format!("{base_path}{dest_url}"));
        }
    }
}

/// `javascript:`, `vbscript:` and `data:` destinations (spaces, control characters and case
/// ignored, as browsers do).
fn runs_script(destination: &str) -> bool {
    let normalised: String = destination
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| normalised.starts_with(scheme))
}

fn split_anchor(link: &str) -> (&str, Option<String>) {
    match link.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_owned())),
        None => (link, None),
    }
}

/// Narrows a link's range to its destination, so the caret points at what is wrong.
fn destination_span(text: &str, link: &Range<usize>, destination: &str) -> Range<usize> {
    text.get(link.clone())
        .and_then(|source| source.rfind(destination))
        .map_or(link.clone(), |at| {
            link.start + at..link.start + at + destination.len()
        })
}

/// Shows raw HTML as text, except the summary marker.
fn escape_raw_html(events: &mut [(Event, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) if html.trim() != SUMMARY_MARKER => {
                let mut escaped = String::new();
                pulldown_cmark_escape::escape_html(&mut escaped, html).ok();
                *event = Event::InlineHtml(CowStr::from(escaped));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
