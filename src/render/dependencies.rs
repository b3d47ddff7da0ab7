//! What the data-born pages and the `get_data` lists show, by fingerprint: how the preview
//! tells which records an edit changed, whatever file they came from. What each job reads
//! statically (its templates, its source, the pages it shows) the plan says
//! (`plan/reads.rs`).

use std::collections::HashMap;

use rayon::prelude::*;

use super::data_views;
use super::views::{Remade, Views};
use crate::model::fingerprint::fingerprint;
use crate::model::{Page, Site};

/// The record a data-born page shows, as an input key: `province:MB`, `event:<id>`, `work:MB`.
pub(in crate::render) fn record_key(site: &Site, page: &Page) -> Option<String> {
    Some(page.data?.key(site.data.as_ref()?))
}

/// A fingerprint of what each data-born page shows and of each `get_data` list, so that the
/// next render knows which records changed whatever file they came from. Only the pages
/// `remade` are fingerprinted again; the others keep theirs from `before`.
pub(super) fn record_fingerprints(
    site: &Site,
    views: &Views,
    remade: &Remade,
    before: &HashMap<String, u64>,
) -> HashMap<String, u64> {
    let pages: Vec<&Page> = match remade {
        Remade::All => site.pages.iter().map(|page| &**page).collect(),
        Remade::Pages(ids) => ids.iter().map(|id| site.page(*id)).collect(),
    };
    let fresh: Vec<(String, u64)> = pages
        .par_iter()
        .filter_map(|page| {
            Some((
                record_key(site, page)?,
                fingerprint(&views.page(site, page.id)),
            ))
        })
        .collect();
    let mut records = match remade {
        Remade::All => HashMap::new(),
        Remade::Pages(_) => before.clone(),
    };
    records.extend(fresh);
    if let Some(data) = &views.data {
        let names: Vec<&str> = data_views::DataViews::names().collect();
        let lists: Vec<(String, u64)> = names
            .par_iter()
            .filter_map(|name| Some((format!("get_data:{name}"), fingerprint(&data.get(name)?))))
            .collect();
        records.extend(lists);
    }
    records
}
