//! The jobs of the programme data: the calendar's and the archive's static filter pages and
//! the iCalendar feeds, the calendar's month pages.

use super::{FilterList, FilterPage, IcsFeed, Job};
use crate::load::data::EventKind;
use crate::model::data::{Event, EventRef, ProgrammeData, WorkRef};
use crate::model::kinds::{RecordKind, for_each_kind};
use crate::model::refs::{Ref, with_refs};
use crate::model::routes::{Filter, Route};
use crate::render::calendar::{CalendarViews, month_key};

/// The archive's static filter pages: by region, group, year and keyword.
pub(super) fn archive_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut published: Vec<WorkRef> = with_refs(&data.project_works)
        .filter(|(_, work)| work.published)
        .map(|(w, _)| w)
        .collect();
    // Newest first, as on /archivio/.
    published.sort_by(|a, b| {
        let (a, b) = (&data[*a], &data[*b]);
        b.publication_date
            .cmp(&a.publication_date)
            .then_with(|| a.province.cmp(&b.province))
    });
    let mut groups: std::collections::BTreeMap<(Filter, String), (String, Vec<WorkRef>)> =
        std::collections::BTreeMap::new();
    for index in &published {
        let work = &data[*index];
        let province = &data[work.province];
        let group = &data[province.group];
        let mut add = |filter: Filter, value: String, label: String| {
            groups
                .entry((filter, value))
                .or_insert_with(|| (label, Vec::new()))
                .1
                .push(*index);
        };
        add(
            Filter::ArchiveRegion,
            slug::slugify(&province.unit.region),
            province.unit.region.clone(),
        );
        add(
            Filter::ArchiveGroup,
            group.id.to_string(),
            group.name.clone(),
        );
        if let Some(date) = work.publication_date {
            let year = date.date().year().to_string();
            add(Filter::ArchiveYear, year.clone(), year);
        }
        for keyword in &work.keywords {
            add(
                Filter::ArchiveKeyword,
                slug::slugify(keyword),
                keyword.clone(),
            );
        }
    }
    groups
        .into_iter()
        .map(|((filter, value), (label, works))| {
            FilterPage::job(
                filter,
                &value.clone(),
                value,
                label,
                FilterList::Works(works),
            )
        })
        .collect()
}

/// The iCalendar feeds (all events, each group, each Province, each event) and the calendar's
/// static filter pages.
pub(super) fn calendar_jobs(data: &ProgrammeData, today: jiff::civil::Date) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    let all: Vec<EventRef> = Ref::all(data.events.len()).collect();
    jobs.push(Job::Ics(IcsFeed {
        path: Route::CalendarFeed.path(),
        name: data.programme.title.clone(),
        description: format!("Tutti gli eventi del programma {}", data.programme.title),
        events: all,
    }));
    jobs.extend(group_jobs(data));
    jobs.extend(province_jobs(data));
    jobs.extend(step_and_kind_jobs(data));
    jobs.extend(month_jobs(data, today));
    for_each_kind!(|Kind| jobs.extend(record_feeds::<Kind>(data)));
    jobs
}

/// The feeds records of kind `K` have of their own: a Province's, an event's.
fn record_feeds<K: RecordKind>(data: &ProgrammeData) -> impl Iterator<Item = Job<'static>> {
    K::refs(data).filter_map(|record| K::feed(data, record).map(Job::Ics))
}

/// Each group's iCalendar feed and calendar page.
fn group_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    for (index, group) in with_refs(&data.groups) {
        let events: Vec<EventRef> = with_refs(&data.events)
            .filter(|(_, event)| {
                event.attendees.includes_group(index)
                    || event
                        .attendees
                        .province()
                        .is_some_and(|p| data[p].group == index)
            })
            .map(|(i, _)| i)
            .collect();
        let description = format!("Webinar e sessioni individuali di {}", group.name);
        jobs.extend(named_by_id(
            data,
            Filter::CalendarGroup,
            (&group.id, &group.name, description),
            events,
        ));
    }
    jobs
}

/// A calendar filter's two outputs: its iCalendar feed (named "<programme> – <label>") and
/// its page.
fn feed_and_page<'a>(
    data: &ProgrammeData,
    feed: Route<'_>,
    page: Job<'a>,
    (label, description): (&str, String),
    events: Vec<EventRef>,
) -> [Job<'a>; 2] {
    let ics = Job::Ics(IcsFeed {
        path: feed.path(),
        name: format!("{} – {label}", data.programme.title),
        description,
        events,
    });
    [ics, page]
}

/// The feed and page of the events of a group or a step, whose URLs and filter value are its
/// id: `(id, label, description)`.
fn named_by_id(
    data: &ProgrammeData,
    filter: Filter,
    (id, label, description): (&str, &str, String),
    events: Vec<EventRef>,
) -> [Job<'static>; 2] {
    let page = FilterPage::job(
        filter,
        id,
        id.to_owned(),
        label.to_owned(),
        FilterList::Events(events.clone()),
    );
    feed_and_page(
        data,
        Route::FilteredFeed(filter, id),
        page,
        (label, description),
        events,
    )
}

/// Each Province's calendar page (its feed is its record's: `model::kinds::Provinces`).
fn province_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    data.provinces
        .iter()
        .map(|province| {
            FilterPage::job(
                Filter::CalendarProvince,
                &province.slug,
                province.sigla.to_string(),
                province.name.clone(),
                FilterList::Events(province.events.clone()),
            )
        })
        .collect()
}

/// The calendar's pages by step and by kind of event.
fn step_and_kind_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    for (index, step) in with_refs(&data.programme.steps) {
        let events = events_where(data, |event| event.step == index);
        let description = format!("Gli eventi della tappa {}", step.title);
        jobs.extend(named_by_id(
            data,
            Filter::CalendarStep,
            (&step.id, &step.title, description),
            events,
        ));
    }
    for (kind, slug, label) in [
        (EventKind::Webinar, "webinar", "Webinar"),
        (EventKind::Session, "sessione", "Sessioni individuali"),
        (EventKind::Deadline, "scadenza", "Scadenze"),
    ] {
        let events = events_where(data, |event| event.kind == kind);
        jobs.push(FilterPage::job(
            Filter::CalendarKind,
            slug,
            slug.to_owned(),
            label.to_owned(),
            FilterList::Events(events),
        ));
    }
    jobs
}

/// A page for every month with events (and for the reference month), so that the calendar
/// can be walked month by month without JavaScript.
fn month_jobs(data: &ProgrammeData, today: jiff::civil::Date) -> Vec<Job<'static>> {
    CalendarViews::month_keys(data, today)
        .into_iter()
        .map(|(key, label)| {
            let events = events_where(data, |event| month_key(event.start.date()) == key);
            FilterPage::job(
                Filter::CalendarMonth,
                &key,
                key.clone(),
                label,
                FilterList::Events(events),
            )
        })
        .collect()
}

/// The events for which `keep` holds, in the data's (time) order.
fn events_where(data: &ProgrammeData, keep: impl Fn(&Event) -> bool) -> Vec<EventRef> {
    with_refs(&data.events)
        .filter(|(_, event)| keep(event))
        .map(|(e, _)| e)
        .collect()
}
