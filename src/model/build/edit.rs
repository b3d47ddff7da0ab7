//! The graph after an edit that leaves the site's shape as it was (one page's title or body, a
//! data record's place or notes): every page keeps its URL, its place in its section and its
//! terms, its dates and its headings. The new graph shares every unchanged page with the old
//! one, which is never changed (the preview keeps serving it until the new one is rendered).

use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::order::{newest_first, section_order};
use super::{Builder, ModelOptions, is_draft};
use crate::diagnostics::Diagnostics;
use crate::load::content::{ContentFile, ContentKind, SortBy};
use crate::model::data::{EventRef, ProgrammeData, Province, ProvinceRef};
use crate::model::dates::is_future;
use crate::model::fingerprint::fingerprint;
use crate::model::heading::event_heading;
use crate::model::links::render_page_body;
use crate::model::refs::{par_with_refs, with_refs};
use crate::model::{DataRecord, Page, PageId, SectionId, Site};

/// The graph after an edit of one page's file that kept the site's shape.
pub struct PageEdited {
    /// The same site with the page replaced.
    pub site: Site,
    pub id: PageId,
    /// Whether what lists show of the page (title, description, `extra`) changed, not only
    /// its body.
    pub front_matter_changed: bool,
}

/// The graph of `site` after `file`, a page of it, was edited, or `None` when the edit changes
/// the site's shape or the file is not a page of the site: the graph must then be built anew
/// (which also reports every problem of the front matter). The body's link problems are
/// errors, as a full build would report them.
pub fn page_edited(
    site: &Site,
    file: &ContentFile,
    options: ModelOptions,
) -> Result<Option<PageEdited>, Diagnostics> {
    let Some(&id) = site.pages_by_content_path.get(&file.content_path) else {
        return Ok(None);
    };
    let old = site.page(id);
    let ContentKind::Page(front) = &file.kind else {
        return Ok(None);
    };
    let held_back = (!options.include_drafts && is_draft(file))
        || (!options.include_future && is_future(file, options.today));
    if old.data.is_some() || held_back {
        return Ok(None);
    }
    let mut problems = Diagnostics::new();
    let mut builder = Builder {
        config: &site.config,
        problems: &mut problems,
    };
    let mut page = builder.page(id, file, front, &site.sections);
    if !problems.is_empty() || !same_shape(old, &page) {
        return Ok(None);
    }
    page.content = render_page_body(site, file)?;
    // Another page may link to one of its headings.
    if page.content.anchors != old.content.anchors {
        return Ok(None);
    }
    page.previous = old.previous;
    page.next = old.next;
    let front_matter_changed =
        old.title != page.title || old.description != page.description || old.extra != page.extra;
    let mut edited = site.clone();
    edited.pages[id.0] = Arc::new(page);
    if !lists_in_order(&edited, &[id]) {
        return Ok(None);
    }
    Ok(Some(PageEdited {
        site: edited,
        id,
        front_matter_changed,
    }))
}

/// The graph after an edit of the programme data that kept the site's shape.
pub struct DataEdited {
    pub site: Site,
    /// The records that changed, when they are of one kind and only what shows them need be
    /// made again; `None` when records of several kinds changed.
    pub changed: Option<ChangedRecords>,
}

/// The records an edit of the data changed, when they are all of one kind and what the
/// records of other kinds show of them stayed as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangedRecords {
    /// Events, the same ones in the same order as before.
    Events(Vec<EventRef>),
    /// Provinces whose name, link, group, events and work are what they were: their Comuni,
    /// team, referents or notes changed, which only their own card and page show.
    Provinces(Vec<ProvinceRef>),
}

impl ChangedRecords {
    /// Whether `record` is one of the changed records.
    pub fn includes(&self, record: DataRecord) -> bool {
        match (self, record) {
            (ChangedRecords::Events(events), DataRecord::Event(event)) => {
                events.binary_search(&event).is_ok()
            }
            (ChangedRecords::Provinces(provinces), DataRecord::Province(province)) => {
                provinces.binary_search(&province).is_ok()
            }
            _ => false,
        }
    }
}

/// The graph of `site` with the programme data `data` in place of its own, or `None` when
/// the new data change the site's shape (a record added, removed or moved, a published file
/// added or removed). Every page born from data is made again (after an edit of events
/// alone, theirs and the Provinces'); they replace theirs.
pub fn data_edited(site: &Site, data: ProgrammeData) -> Option<DataEdited> {
    let first_id = site
        .pages
        .iter()
        .position(|page| page.data.is_some())
        .unwrap_or(site.pages.len());
    let old_data = site.data.as_deref()?;
    if old_data.published_files() != data.published_files() {
        return None;
    }
    let changed = changed_records(old_data, &data);
    let mut problems = Diagnostics::new();
    let builder = Builder {
        config: &site.config,
        problems: &mut problems,
    };
    let pages = match &changed {
        Some(ChangedRecords::Events(events)) => {
            builder.record_edit_pages(&data, &site.sections, first_id, events)
        }
        Some(ChangedRecords::Provinces(_)) => {
            builder.record_edit_pages(&data, &site.sections, first_id, &[])
        }
        None => {
            let pages = builder.data_pages(&data, &site.sections, first_id);
            (pages.len() == site.pages.len() - first_id).then_some(pages)?
        }
    };
    if !problems.is_empty() {
        return None;
    }
    let mut edited = site.clone();
    let mut replaced = Vec::new();
    for mut page in pages {
        let old = site.pages.get(page.id.0)?;
        if old.data != page.data || old.content_path != page.content_path || !same_shape(old, &page)
        {
            return None;
        }
        page.previous = old.previous;
        page.next = old.next;
        // What a page shows of its record is not compared here: the record fingerprints of
        // the render tell which jobs show a changed one.
        let id = page.id;
        edited.pages[id.0] = Arc::new(page);
        replaced.push(id);
    }
    if !lists_in_order(&edited, &replaced) {
        return None;
    }
    edited.data = Some(Arc::new(data));
    Some(DataEdited {
        site: edited,
        changed,
    })
}

/// The records of one kind that differ between `old` and `new`, when every record of the
/// other kinds is alike (an unchanged save: no event changed).
fn changed_records(old: &ProgrammeData, new: &ProgrammeData) -> Option<ChangedRecords> {
    let alike = |part: fn(&ProgrammeData) -> u64| part(old) == part(new);
    let others_alike = alike(|data| fingerprint(&data.programme))
        && alike(|data| fingerprint(&data.groups))
        && alike(|data| fingerprint(&data.focus_group))
        && alike(|data| fingerprint(&data.project_works));
    if !others_alike {
        return None;
    }
    match alike(|data| fingerprint(&data.provinces)) {
        true => changed_events(old, new).map(ChangedRecords::Events),
        false if alike(|data| fingerprint(&data.events)) => {
            changed_provinces(old, new).map(ChangedRecords::Provinces)
        }
        false => None,
    }
}

/// The events of `new` that differ from those of `old`, when the two have the same events in
/// the same order.
fn changed_events(old: &ProgrammeData, new: &ProgrammeData) -> Option<Vec<EventRef>> {
    let same_events = old.events.len() == new.events.len()
        && old
            .events
            .iter()
            .zip(&new.events)
            .all(|(a, b)| a.id == b.id);
    // An event's heading depends on the others of its attendee (a twin's title adds the
    // day): an event whose heading changed changed too.
    same_events.then(|| {
        par_with_refs(&new.events)
            .filter(|(index, event)| {
                let before = &old[*index];
                fingerprint(*event) != fingerprint(before)
                    || event_heading(new, event) != event_heading(old, before)
            })
            .map(|(index, _)| index)
            .collect()
    })
}

/// The Provinces of `new` that differ from those of `old`, when each keeps what other records
/// show of it: its sigla, name, link, unit, group, events and work.
fn changed_provinces(old: &ProgrammeData, new: &ProgrammeData) -> Option<Vec<ProvinceRef>> {
    let shown = |p: &Province| {
        let facts = (&p.sigla, &p.name, &p.slug, &p.unit, p.group, &p.events);
        fingerprint(&(facts, p.project_work))
    };
    if old.provinces.len() != new.provinces.len() {
        return None;
    }
    let mut changed = Vec::new();
    for (index, province) in with_refs(&new.provinces) {
        let before = &old[index];
        if shown(before) != shown(province) {
            return None;
        }
        if fingerprint(before) != fingerprint(province) {
            changed.push(index);
        }
    }
    Some(changed)
}

/// Whether `new` keeps everything the rest of the site derives from `old`: its URL, aliases,
/// template, section, dates, weight and terms.
fn same_shape(old: &Page, new: &Page) -> bool {
    let aliases = |page: &Page| -> Vec<String> {
        page.aliases
            .iter()
            .map(|alias| alias.value.to_string())
            .collect()
    };
    let template = |page: &Page| page.template.as_ref().map(|t| t.value.clone());
    old.slug == new.slug
        && old.path == new.path
        && old.permalink == new.permalink
        && aliases(old) == aliases(new)
        && template(old) == template(new)
        && old.section == new.section
        && old.date == new.date
        && old.updated == new.updated
        && old.draft == new.draft
        && old.weight == new.weight
        && old.taxonomies == new.taxonomies
}

/// Whether the sections and the terms that list `pages` still have them in their order, with
/// what `site` now says of them (a new title can move a page among pages of one date). Each
/// list is checked once, however many of its pages changed.
fn lists_in_order(site: &Site, pages: &[PageId]) -> bool {
    let in_order = |ids: &[PageId], order: &dyn Fn(&Page, &Page) -> Ordering| {
        ids.windows(2)
            .all(|pair| order(site.page(pair[0]), site.page(pair[1])).is_lt())
    };
    let sections: BTreeSet<SectionId> = pages.iter().map(|id| site.page(*id).section).collect();
    let sections_kept = sections.into_iter().all(|id| {
        let section = site.section(id);
        let sort_by = section.sort_by;
        sort_by == SortBy::None || in_order(&section.pages, &|a, b| section_order(sort_by, a, b))
    });
    let with_terms: BTreeSet<PageId> = pages
        .iter()
        .copied()
        .filter(|id| !site.page(*id).taxonomies.is_empty())
        .collect();
    sections_kept
        && site
            .taxonomies
            .iter()
            .flat_map(|taxonomy| &taxonomy.terms)
            .filter(|term| term.pages.iter().any(|id| with_terms.contains(id)))
            .all(|term| in_order(&term.pages, &newest_first))
}
