//! The shapes templates get of pages, sections and taxonomies (docs/templates.md lists their
//! fields): typed here, serialised once per build into the views every job shares.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::super::data_views::DataViews;
use crate::markdown::Heading;
use crate::model::{Page, PageId, Section, SectionId, Site, SitePath, Taxonomy};

/// A page as lists show it (`section.pages`, `term.pages`, `page.previous`): everything but
/// the body. A page born from a data record also carries that record's card.
#[derive(Serialize)]
pub(super) struct PageCard<'a> {
    title: &'a str,
    description: Option<&'a str>,
    date: Option<String>,
    /// `updated`, else `date`.
    updated: Option<String>,
    date_rfc3339: Option<String>,
    updated_rfc3339: Option<String>,
    draft: bool,
    slug: &'a str,
    path: &'a SitePath,
    permalink: &'a str,
    content_path: &'a str,
    weight: Option<i64>,
    summary: Option<&'a str>,
    word_count: usize,
    reading_time: usize,
    extra: &'a serde_json::Map<String, Value>,
    /// Terms per taxonomy name, with the URL of each term's page.
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    /// The card of the record a data-born page shows, under its kind's name (`province`).
    #[serde(flatten)]
    record: BTreeMap<&'static str, &'a Value>,
}

/// A term as a page names it.
#[derive(Serialize)]
struct TermLink<'a> {
    name: &'a str,
    slug: String,
    permalink: Option<&'a str>,
}

/// A section (`section` in list templates, `get_section`), without its page list: each job
/// adds the list it shows.
#[derive(Serialize)]
pub(super) struct SectionView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// From the front matter, else the newest of the pages it lists.
    updated: Option<String>,
    path: &'a SitePath,
    permalink: &'a str,
    content_path: &'a str,
    content: &'a str,
    toc: &'a [Heading],
    word_count: usize,
    subsections: Vec<SubsectionCard<'a>>,
    page_count: usize,
    generate_feed: bool,
    feed_url: Option<String>,
    extra: &'a serde_json::Map<String, Value>,
    ancestors: Vec<Crumb<'a>>,
}

#[derive(Serialize)]
struct SubsectionCard<'a> {
    title: &'a str,
    description: Option<&'a str>,
    path: &'a SitePath,
    permalink: &'a str,
    page_count: usize,
}

/// A section as breadcrumbs and a page's `section` name it.
#[derive(Serialize)]
pub(super) struct Crumb<'a> {
    title: &'a str,
    path: &'a SitePath,
    permalink: &'a str,
}

/// A taxonomy with its terms and their page counts.
#[derive(Serialize)]
pub(super) struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    permalink: &'a str,
    terms: Vec<TermCount<'a>>,
    updated: Option<String>,
}

#[derive(Serialize)]
struct TermCount<'a> {
    name: &'a str,
    slug: &'a str,
    permalink: &'a str,
    page_count: usize,
}

/// A view as the JSON templates read. Serialising these shapes cannot fail: their maps have
/// string keys and their numbers are integers.
pub(in crate::render) fn to_json(view: impl Serialize) -> Value {
    serde_json::to_value(view).expect("template views serialise")
}

pub(super) fn page_card<'a>(
    site: &'a Site,
    page: &'a Page,
    data: Option<&'a DataViews>,
) -> PageCard<'a> {
    let record = data.zip(page.data);
    let record = record.and_then(|(data, record)| data.record_card(record));
    PageCard {
        title: &page.title,
        description: page.description.as_deref(),
        date: page.date.map(|d| d.written()),
        updated: page.updated.or(page.date).map(|d| d.written()),
        date_rfc3339: page.date.map(|d| d.rfc3339()),
        updated_rfc3339: page.updated.or(page.date).map(|d| d.rfc3339()),
        draft: page.draft,
        slug: &page.slug,
        path: &page.path,
        permalink: &page.permalink,
        content_path: &page.content_path,
        weight: page.weight,
        summary: page.content.summary_html.as_deref(),
        word_count: page.content.word_count,
        reading_time: reading_minutes(page.content.word_count),
        extra: &page.extra,
        taxonomies: term_links(site, page),
        record: record.into_iter().collect(),
    }
}

/// The page's terms per taxonomy, each with its page's URL (terms are sorted by slug).
fn term_links<'a>(site: &'a Site, page: &'a Page) -> BTreeMap<&'a str, Vec<TermLink<'a>>> {
    page.taxonomies
        .iter()
        .map(|(name, terms)| {
            let taxonomy = site.taxonomies.iter().find(|t| &t.name == name);
            let links = terms
                .iter()
                .map(|term| {
                    let slug = slug::slugify(term);
                    let permalink = taxonomy.and_then(|t| {
                        let index = t.terms.binary_search_by(|c| c.slug.cmp(&slug)).ok()?;
                        Some(t.terms[index].permalink.as_str())
                    });
                    TermLink {
                        name: term,
                        slug,
                        permalink,
                    }
                })
                .collect();
            (name.as_str(), links)
        })
        .collect()
}

pub(super) fn section_view<'a>(site: &'a Site, section: &'a Section) -> SectionView<'a> {
    let subsections = section
        .subsections
        .iter()
        .map(|id| {
            let sub = site.section(*id);
            SubsectionCard {
                title: &sub.title,
                description: sub.description.as_deref(),
                path: &sub.path,
                permalink: &sub.permalink,
                page_count: sub.pages.len(),
            }
        })
        .collect();
    SectionView {
        title: &section.title,
        description: section.description.as_deref(),
        updated: section
            .updated
            .map(|d| d.written())
            .or_else(|| newest(site, &section.pages)),
        path: &section.path,
        permalink: &section.permalink,
        content_path: &section.content_path,
        content: &section.content.html,
        toc: &section.content.toc,
        word_count: section.content.word_count,
        subsections,
        page_count: section.pages.len(),
        generate_feed: section.generate_feed,
        feed_url: section
            .generate_feed
            .then(|| format!("{}atom.xml", section.permalink)),
        extra: &section.extra,
        ancestors: section
            .parent
            .map_or_else(Vec::new, |parent| ancestors(site, parent)),
    }
}

pub(super) fn taxonomy_view<'a>(site: &'a Site, taxonomy: &'a Taxonomy) -> TaxonomyView<'a> {
    let all_pages: Vec<PageId> = taxonomy
        .terms
        .iter()
        .flat_map(|t| t.pages.iter().copied())
        .collect();
    TaxonomyView {
        name: &taxonomy.name,
        title: &taxonomy.title,
        permalink: &taxonomy.permalink,
        terms: taxonomy
            .terms
            .iter()
            .map(|term| TermCount {
                name: &term.name,
                slug: &term.slug,
                permalink: &term.permalink,
                page_count: term.pages.len(),
            })
            .collect(),
        updated: newest(site, &all_pages),
    }
}

/// The newest `updated` (or date) of `pages`, as templates get dates.
pub(in crate::render) fn newest(site: &Site, pages: &[PageId]) -> Option<String> {
    pages
        .iter()
        .filter_map(|id| {
            let page = site.page(*id);
            page.updated.or(page.date)
        })
        .max()
        .map(|date| date.written())
}

/// A section as a breadcrumb.
pub(super) fn crumb(section: &Section) -> Crumb<'_> {
    Crumb {
        title: &section.title,
        path: &section.path,
        permalink: &section.permalink,
    }
}

/// Breadcrumbs: the sections from the home down to `section`, included.
pub(super) fn ancestors(site: &Site, section: SectionId) -> Vec<Crumb<'_>> {
    let mut chain = Vec::new();
    let mut current = Some(section);
    while let Some(id) = current {
        let section = site.section(id);
        chain.push(crumb(section));
        current = section.parent;
    }
    chain.reverse();
    chain
}

/// Minutes to read at 200 words a minute, at least one.
fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
