//! What templates see of the site graph. The views every job shares (page cards, sections,
//! taxonomies, data records) are built once per build; a page's full view, with its body, is
//! built by the one job that renders it, so the body is never copied twice nor kept twice.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::{Value, json};

use super::data_views::DataViews;
use crate::model::{DataRecord, Page, PageId, Section, SectionId, Site, Taxonomy};

/// Pre-serialised template views shared by the jobs of one build. Their parts are shared
/// (`Arc`), so that the views after an edit of one page are a copy with that page's card new.
pub struct Views {
    /// Views of the programme data, when the site has data.
    pub data: Option<Arc<DataViews>>,
    /// Page views without the body, for lists; indexed by `PageId`.
    pub cards: Vec<Arc<Value>>,
    /// Section views without their page list (jobs add the list they show), by `SectionId`.
    pub sections: Arc<Vec<Value>>,
    /// Section views with every page card, for `get_section`: made on first use.
    sections_with_pages: Vec<OnceLock<Value>>,
    /// Taxonomy views (terms with their page counts), in `site.taxonomies` order.
    pub taxonomies: Arc<Vec<Value>>,
    pub config: Value,
}

impl Views {
    pub fn new(site: &Site) -> Self {
        let data = site.data.as_ref().map(|data| DataViews::new(site, data));
        let cards: Vec<Arc<Value>> = site
            .pages
            .par_iter()
            .map(|page| Arc::new(card(site, page, data.as_ref())))
            .collect();
        let sections: Vec<Value> = site
            .sections
            .iter()
            .map(|section| section_view(site, section))
            .collect();
        Views {
            data: data.map(Arc::new),
            cards,
            sections: Arc::new(sections),
            sections_with_pages: site.sections.iter().map(|_| OnceLock::new()).collect(),
            taxonomies: Arc::new(
                site.taxonomies
                    .iter()
                    .map(|taxonomy| taxonomy_view(site, taxonomy))
                    .collect(),
            ),
            config: site.config.template_view(site.today),
        }
    }

    /// The views of `site`, the graph after an edit of page `id` alone that kept the site's
    /// shape: these views with that page's card made again.
    pub fn with_page_edited(&self, site: &Site, id: PageId) -> Views {
        let mut cards = self.cards.clone();
        cards[id.0] = Arc::new(card(site, site.page(id), self.data.as_deref()));
        Views {
            data: self.data.clone(),
            cards,
            sections: Arc::clone(&self.sections),
            // Made again on first use: a section's list may show the page.
            sections_with_pages: site.sections.iter().map(|_| OnceLock::new()).collect(),
            taxonomies: Arc::clone(&self.taxonomies),
            config: self.config.clone(),
        }
    }

    /// The views of `site`, the graph after an edit of the programme data that kept the
    /// site's shape: the data views and every data-born page's card made again.
    pub fn with_data_edited(&self, site: &Site) -> Views {
        let data = site.data.as_ref().map(|data| DataViews::new(site, data));
        let cards = site
            .pages
            .par_iter()
            .zip(&self.cards)
            .map(|(page, card_before)| match page.data {
                Some(_) => Arc::new(card(site, page, data.as_ref())),
                None => Arc::clone(card_before),
            })
            .collect();
        Views {
            data: data.map(Arc::new),
            cards,
            sections: Arc::clone(&self.sections),
            sections_with_pages: site.sections.iter().map(|_| OnceLock::new()).collect(),
            taxonomies: Arc::clone(&self.taxonomies),
            config: self.config.clone(),
        }
    }

    /// The full view of a page, as its own job and `get_page` give it: the card with the body,
    /// the table of contents, neighbours, section and breadcrumbs.
    pub fn page(&self, site: &Site, id: PageId) -> Value {
        let page = site.page(id);
        let mut view = Value::clone(&self.cards[id.0]);
        let section = site.section(page.section);
        view["content"] = Value::from(page.content.html.as_str());
        view["toc"] = serde_json::to_value(&page.content.toc).unwrap_or(Value::Null);
        view["previous"] = page
            .previous
            .map_or(Value::Null, |id| Value::clone(&self.cards[id.0]));
        view["next"] = page
            .next
            .map_or(Value::Null, |id| Value::clone(&self.cards[id.0]));
        view["section"] = json!({
            "title": section.title,
            "path": section.path,
            "permalink": section.permalink,
        });
        view["ancestors"] = ancestors(site, page.section);
        if let Some(data) = &self.data {
            match page.data {
                Some(DataRecord::Province(index)) => {
                    view["province"] = data.province_pages[index.index()].clone();
                }
                Some(DataRecord::Work(index)) => {
                    view["work"] = data.project_works[index.index()].clone();
                }
                Some(DataRecord::Event(index)) => {
                    view["event"] = data.event_pages[index.index()].clone();
                }
                None => {}
            }
        }
        view
    }

    /// A section's view with the cards of all its pages (`get_section`).
    pub fn section_with_pages(&self, site: &Site, id: SectionId) -> &Value {
        self.sections_with_pages[id.0].get_or_init(|| {
            let mut view = self.sections[id.0].clone();
            view["pages"] = self.cards_of(&site.section(id).pages);
            view
        })
    }

    pub fn cards_of(&self, ids: &[PageId]) -> Value {
        Value::Array(
            ids.iter()
                .map(|id| Value::clone(&self.cards[id.0]))
                .collect(),
        )
    }
}

/// A page as a list item: everything but the body.
fn card(site: &Site, page: &Page, data: Option<&DataViews>) -> Value {
    let taxonomies: serde_json::Map<String, Value> = page
        .taxonomies
        .iter()
        .map(|(name, terms)| {
            let taxonomy = site.taxonomies.iter().find(|t| &t.name == name);
            let terms = terms
                .iter()
                .map(|term| {
                    let slug = slug::slugify(term);
                    // Terms are sorted by slug.
                    let permalink = taxonomy.and_then(|t| {
                        let index = t.terms.binary_search_by(|c| c.slug.cmp(&slug)).ok()?;
                        Some(t.terms[index].permalink.clone())
                    });
                    json!({ "name": term, "slug": slug, "permalink": permalink })
                })
                .collect();
            (name.clone(), Value::Array(terms))
        })
        .collect();
    let mut card = json!({
        "title": page.title,
        "description": page.description,
        "date": page.date.map(|d| d.written()),
        "updated": page.updated.or(page.date).map(|d| d.written()),
        "date_rfc3339": page.date.map(|d| d.rfc3339()),
        "updated_rfc3339": page.updated.or(page.date).map(|d| d.rfc3339()),
        "draft": page.draft,
        "slug": page.slug,
        "path": page.path,
        "permalink": page.permalink,
        "content_path": page.content_path,
        "weight": page.weight,
        "summary": page.content.summary_html,
        "word_count": page.content.word_count,
        "reading_time": reading_minutes(page.content.word_count),
        "extra": page.extra,
    });
    card["taxonomies"] = Value::Object(taxonomies);
    if let Some(data) = data {
        match page.data {
            Some(DataRecord::Province(index)) => {
                card["province"] = data.provinces[index.index()].clone()
            }
            Some(DataRecord::Event(index)) => card["event"] = data.events[index.index()].clone(),
            Some(DataRecord::Work(index)) => {
                card["work"] = data.project_works[index.index()].clone()
            }
            None => {}
        }
    }
    card
}

fn section_view(site: &Site, section: &Section) -> Value {
    let subsections: Vec<Value> = section
        .subsections
        .iter()
        .map(|id| {
            let sub = site.section(*id);
            json!({
                "title": sub.title,
                "description": sub.description,
                "path": sub.path,
                "permalink": sub.permalink,
                "page_count": sub.pages.len(),
            })
        })
        .collect();
    json!({
        "title": section.title,
        "description": section.description,
        // From the front matter, else the newest of the pages it lists.
        "updated": section
            .updated
            .or_else(|| section.pages.iter().filter_map(|id| {
                let page = site.page(*id);
                page.updated.or(page.date)
            }).max())
            .map(|d| d.written()),
        "path": section.path,
        "permalink": section.permalink,
        "content_path": section.content_path,
        "content": section.content.html,
        "toc": section.content.toc,
        "word_count": section.content.word_count,
        "subsections": subsections,
        "page_count": section.pages.len(),
        "generate_feed": section.generate_feed,
        "feed_url": section.generate_feed.then(|| format!("{}atom.xml", section.permalink)),
        "extra": section.extra,
        "ancestors": section.parent.map_or(Value::Array(Vec::new()), |parent| ancestors(site, parent)),
    })
}

fn taxonomy_view(site: &Site, taxonomy: &Taxonomy) -> Value {
    let terms: Vec<Value> = taxonomy
        .terms
        .iter()
        .map(|term| {
            json!({
                "name": term.name,
                "slug": term.slug,
                "permalink": term.permalink,
                "page_count": term.pages.len(),
            })
        })
        .collect();
    let all_pages: Vec<PageId> = taxonomy
        .terms
        .iter()
        .flat_map(|t| t.pages.iter().copied())
        .collect();
    json!({
        "name": taxonomy.name,
        "title": taxonomy.title,
        "permalink": taxonomy.permalink,
        "terms": terms,
        "updated": newest(site, &all_pages),
    })
}

/// The newest `updated` (or date) of `pages`, as templates get dates.
pub(super) fn newest(site: &Site, pages: &[PageId]) -> Option<String> {
    pages
        .iter()
        .filter_map(|id| {
            let page = site.page(*id);
            page.updated.or(page.date)
        })
        .max()
        .map(|date| date.written())
}

/// Breadcrumbs: the sections from the home down to `section`, included.
fn ancestors(site: &Site, section: SectionId) -> Value {
    let mut chain = Vec::new();
    let mut current = Some(section);
    while let Some(id) = current {
        let section = site.section(id);
        chain.push(json!({
            "title": section.title,
            "path": section.path,
            "permalink": section.permalink,
        }));
        current = section.parent;
    }
    chain.reverse();
    Value::Array(chain)
}

/// Minutes to read at 200 words a minute, at least one.
fn reading_minutes(words: usize) -> usize {
    words.div_ceil(200).max(1)
}
