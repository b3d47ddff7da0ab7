//! What templates see of the site graph. Each view is serialised once per build and shared by
//! every render job and template function that needs it.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::data_views::DataViews;
use crate::model::{DataRecord, Page, PageId, Section, SectionId, Site};

/// Pre-serialised template views of every page and section.
pub struct Views {
    /// Views of the programme data, when the site has data.
    pub data: Option<DataViews>,
    /// Full page views (with `content`), indexed by `PageId`.
    pub pages: Vec<Value>,
    /// Page views without the body, for lists; indexed by `PageId`.
    pub cards: Vec<Value>,
    /// Section views without their page list (jobs add the list they show), by `SectionId`.
    pub sections: Vec<Value>,
    /// Section views with every page card, for `get_section`.
    sections_with_pages: Vec<Value>,
    page_index: HashMap<String, PageId>,
    section_index: HashMap<String, SectionId>,
    pub config: Value,
}

impl Views {
    pub fn new(site: &Site) -> Self {
        let data = site.data.as_ref().map(|data| DataViews::new(site, data));
        let mut cards: Vec<Value> = site.pages.par_iter().map(|page| card(site, page)).collect();
        if let Some(data) = &data {
            for (page, card) in site.pages.iter().zip(cards.iter_mut()) {
                match page.data {
                    Some(DataRecord::Province(index)) => {
                        card["province"] = data.provinces[index].clone()
                    }
                    Some(DataRecord::Event(index)) => card["event"] = data.events[index].clone(),
                    Some(DataRecord::Work(index)) => {
                        card["work"] = data.project_works[index].clone()
                    }
                    None => {}
                }
            }
        }
        let pages = site
            .pages
            .par_iter()
            .map(|page| {
                let mut view = full_page(site, page, &cards);
                match (page.data, &data) {
                    (Some(DataRecord::Province(index)), Some(data)) => {
                        view["province"] = data.province_pages[index].clone();
                    }
                    (Some(DataRecord::Work(index)), Some(data)) => {
                        view["work"] = data.project_works[index].clone();
                    }
                    (Some(DataRecord::Event(index)), Some(data)) => {
                        view["event"] = data.event_pages[index].clone();
                    }
                    _ => {}
                }
                view
            })
            .collect();
        let sections: Vec<Value> = site
            .sections
            .iter()
            .map(|section| section_view(site, section))
            .collect();
        let sections_with_pages = site
            .sections
            .iter()
            .map(|section| {
                let mut view = sections[section.id.0].clone();
                view["pages"] =
                    Value::Array(section.pages.iter().map(|id| cards[id.0].clone()).collect());
                view
            })
            .collect();
        Views {
            data,
            pages,
            cards,
            sections,
            sections_with_pages,
            page_index: site.pages_by_content_path.clone(),
            section_index: site.sections_by_content_path.clone(),
            config: site.config.template_view(site.today),
        }
    }

    pub fn page_by_content_path(&self, path: &str) -> Option<&Value> {
        self.page_index.get(path).map(|id| &self.pages[id.0])
    }

    pub fn section_by_content_path(&self, path: &str) -> Option<&Value> {
        self.section_index
            .get(path)
            .map(|id| &self.sections_with_pages[id.0])
    }

    pub fn page_paths(&self) -> impl Iterator<Item = &String> {
        self.page_index.keys()
    }

    pub fn section_paths(&self) -> impl Iterator<Item = &String> {
        self.section_index.keys()
    }

    pub fn cards_of(&self, ids: &[PageId]) -> Value {
        Value::Array(ids.iter().map(|id| self.cards[id.0].clone()).collect())
    }
}

/// A page as a list item: everything but the body.
fn card(site: &Site, page: &Page) -> Value {
    let taxonomies: serde_json::Map<String, Value> = page
        .taxonomies
        .iter()
        .map(|(name, terms)| {
            let terms = terms
                .iter()
                .map(|term| {
                    let slug = slug::slugify(term);
                    let permalink = site
                        .taxonomies
                        .iter()
                        .find(|t| &t.name == name)
                        .and_then(|t| t.terms.iter().find(|candidate| candidate.slug == slug))
                        .map(|t| t.permalink.clone());
                    json!({ "name": term, "slug": slug, "permalink": permalink })
                })
                .collect();
            (name.clone(), Value::Array(terms))
        })
        .collect();
    json!({
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
        "taxonomies": taxonomies,
        "extra": page.extra,
    })
}

fn full_page(site: &Site, page: &Page, cards: &[Value]) -> Value {
    let mut view = cards[page.id.0].clone();
    let section = site.section(page.section);
    view["content"] = Value::from(page.content.html.as_str());
    view["toc"] = serde_json::to_value(&page.content.toc).unwrap_or(Value::Null);
    view["previous"] = page.previous.map_or(Value::Null, |id| cards[id.0].clone());
    view["next"] = page.next.map_or(Value::Null, |id| cards[id.0].clone());
    view["section"] = json!({
        "title": section.title,
        "path": section.path,
        "permalink": section.permalink,
    });
    view["ancestors"] = ancestors(site, page.section);
    view
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
