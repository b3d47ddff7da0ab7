//! What templates see of the site graph. The views every job shares (page cards, sections,
//! taxonomies, data records) are built once per build; a page's full view, with its body, is
//! built by the one job that renders it, so the body is never copied twice nor kept twice.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::Value;

mod shapes;

use super::data_views::DataViews;
use crate::model::build::edit::ChangedRecords;
use crate::model::{DataRecord, PageId, SectionId, Site};
use shapes::{ancestors, crumb, page_card, section_view, taxonomy_view};
pub(super) use shapes::{newest, to_json};

/// A page as a list item: everything but the body.
fn card(site: &Site, page: &crate::model::Page, data: Option<&DataViews>) -> Value {
    to_json(page_card(site, page, data))
}

/// The data-born pages whose views an edit of the data made again.
#[derive(Debug, PartialEq, Eq)]
pub enum Remade {
    All,
    /// These pages, by id in order; the others show what they showed.
    Pages(Vec<PageId>),
}

impl Remade {
    /// The data-born pages of `site` whose record `remade` says was made again.
    fn pages_of(site: &Site, remade: impl Fn(DataRecord) -> bool) -> Remade {
        let pages = site
            .pages
            .iter()
            .filter(|page| page.data.is_some_and(&remade))
            .map(|page| page.id)
            .collect();
        Remade::Pages(pages)
    }

    pub fn includes(&self, id: PageId) -> bool {
        match self {
            Remade::All => true,
            Remade::Pages(pages) => pages.binary_search(&id).is_ok(),
        }
    }
}

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
    pub fn new(site: &Arc<Site>) -> Self {
        let data = site.data.as_ref().map(|data| DataViews::new(site, data));
        let cards: Vec<Arc<Value>> = site
            .pages
            .par_iter()
            .map(|page| Arc::new(card(site, page, data.as_ref())))
            .collect();
        let sections: Vec<Value> = site
            .sections
            .iter()
            .map(|section| to_json(section_view(site, section)))
            .collect();
        Views {
            data: data.map(Arc::new),
            cards,
            sections: Arc::new(sections),
            sections_with_pages: site.sections.iter().map(|_| OnceLock::new()).collect(),
            taxonomies: Arc::new(
                site.taxonomies
                    .iter()
                    .map(|taxonomy| to_json(taxonomy_view(site, taxonomy)))
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
    /// site's shape: the data views and the cards of the data-born pages made again; only
    /// those that show a changed record when `changed` says the records were of one kind.
    pub fn with_data_edited(
        &self,
        site: &Arc<Site>,
        changed: Option<&ChangedRecords>,
    ) -> (Views, Remade) {
        let (data, remade) = match (self.data.as_deref(), site.data.as_ref(), changed) {
            (Some(before), Some(data), Some(ChangedRecords::Events(events))) => {
                let (views, provinces) = before.with_events_edited(site, data, events);
                let shows_one = |record: DataRecord| match record {
                    DataRecord::Event(event) => events.binary_search(&event).is_ok(),
                    DataRecord::Province(province) => provinces.contains(&province),
                    DataRecord::Work(_) => false,
                };
                (Some(views), Remade::pages_of(site, shows_one))
            }
            (Some(before), Some(data), Some(changed @ ChangedRecords::Provinces(provinces))) => {
                let views = before.with_provinces_edited(site, data, provinces);
                (
                    Some(views),
                    Remade::pages_of(site, |record| changed.includes(record)),
                )
            }
            (_, data, _) => (data.map(|data| DataViews::new(site, data)), Remade::All),
        };
        let cards = site
            .pages
            .par_iter()
            .zip(&self.cards)
            .map(|(page, card_before)| match page.data {
                Some(_) if remade.includes(page.id) => Arc::new(card(site, page, data.as_ref())),
                _ => Arc::clone(card_before),
            })
            .collect();
        let views = Views {
            data: data.map(Arc::new),
            cards,
            sections: Arc::clone(&self.sections),
            sections_with_pages: site.sections.iter().map(|_| OnceLock::new()).collect(),
            taxonomies: Arc::clone(&self.taxonomies),
            config: self.config.clone(),
        };
        (views, remade)
    }

    /// The full view of a page, as its own job and `get_page` give it: the card with the body,
    /// the table of contents, neighbours, section and breadcrumbs.
    pub fn page(&self, site: &Site, id: PageId) -> Value {
        let page = site.page(id);
        let mut view = Value::clone(&self.cards[id.0]);
        let section = site.section(page.section);
        view["content"] = Value::from(page.content.html.as_str());
        view["toc"] = to_json(&page.content.toc);
        view["previous"] = page
            .previous
            .map_or(Value::Null, |id| Value::clone(&self.cards[id.0]));
        view["next"] = page
            .next
            .map_or(Value::Null, |id| Value::clone(&self.cards[id.0]));
        view["section"] = to_json(crumb(section));
        view["ancestors"] = to_json(ancestors(site, page.section));
        let record = self.data.as_ref().zip(page.data);
        if let Some((name, record)) = record.and_then(|(data, record)| data.record_page(record)) {
            view[name] = Value::clone(record);
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
