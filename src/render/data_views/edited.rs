//! The data views after an edit that changed records of one kind
//! (`model::build::edit::ChangedRecords`): the views that show a changed record are made
//! again, the others are shared with the views before the edit.

use std::sync::{Arc, OnceLock};

use super::{DataViews, ViewMaker};
use crate::model::Site;
use crate::model::data::{EventRef, ProgrammeData, Province, ProvinceRef};
use crate::model::refs::with_refs;

impl DataViews {
    /// The views after an edit that changed the events `changed` alone (in order; see
    /// `model::build::edit::DataEdited`), `data` being the new data: the views that show a
    /// changed event are made again, the others kept. Also returns the Provinces whose page
    /// views were made again: those that list a changed event.
    pub fn with_events_edited(
        &self,
        site: &Arc<Site>,
        data: &Arc<ProgrammeData>,
        changed: &[EventRef],
    ) -> (DataViews, Vec<ProvinceRef>) {
        let builder = ViewMaker { site, data };
        let mut events = self.events.clone();
        let mut event_pages = self.event_pages.clone();
        for &index in changed {
            let card = Arc::new(builder.event(&data[index]));
            event_pages[index.index()] = Arc::new(builder.event_page(&data[index], &card));
            events[index.index()] = card;
        }
        let lists_changed = |province: &Province| {
            province
                .events
                .iter()
                .any(|event| changed.binary_search(event).is_ok())
        };
        let remade: Vec<ProvinceRef> = with_refs(&data.provinces)
            .filter(|(_, province)| lists_changed(province))
            .map(|(index, _)| index)
            .collect();
        let mut province_pages = self.province_pages.clone();
        for &index in &remade {
            let page = builder.province_page(
                index,
                &data[index],
                &self.provinces,
                &events,
                &self.project_works,
            );
            province_pages[index.index()] = Arc::new(page);
        }
        let views = DataViews {
            calendar: OnceLock::new(),
            site: Arc::clone(site),
            data: Arc::clone(data),
            // A focus-group Province's entry names the event of each review.
            focus_group: with_refs(&data.focus_group)
                .map(|(index, _)| builder.focus_group_entry(index))
                .collect(),
            event_pages,
            programme: Arc::clone(&self.programme),
            groups: Arc::clone(&self.groups),
            provinces: Arc::clone(&self.provinces),
            province_pages,
            events,
            project_works: Arc::clone(&self.project_works),
        };
        (views, remade)
    }

    /// The views after an edit that changed the Provinces `changed` alone (in order), and
    /// only what their own card and page show (their Comuni, team, referents or notes):
    /// their cards and pages are made again, and the groups, which list the cards.
    pub fn with_provinces_edited(
        &self,
        site: &Arc<Site>,
        data: &Arc<ProgrammeData>,
        changed: &[ProvinceRef],
    ) -> DataViews {
        let builder = ViewMaker { site, data };
        let mut provinces = Vec::clone(&self.provinces);
        for &index in changed {
            provinces[index.index()] = builder.province_card(&data[index]);
        }
        let mut province_pages = self.province_pages.clone();
        for &index in changed {
            let page = builder.province_page(
                index,
                &data[index],
                &provinces,
                &self.events,
                &self.project_works,
            );
            province_pages[index.index()] = Arc::new(page);
        }
        DataViews {
            calendar: OnceLock::new(),
            site: Arc::clone(site),
            data: Arc::clone(data),
            focus_group: self.focus_group.clone(),
            event_pages: self.event_pages.clone(),
            programme: Arc::clone(&self.programme),
            groups: Arc::new(builder.groups(&provinces)),
            provinces: Arc::new(provinces),
            province_pages,
            events: self.events.clone(),
            project_works: Arc::clone(&self.project_works),
        }
    }
}
