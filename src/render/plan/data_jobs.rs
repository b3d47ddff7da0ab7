//! The jobs of the programme data: the calendar's and the archive's static filter pages and
//! the iCalendar feeds, the calendar's month pages.

use super::{FilterList, FilterPage, IcsFeed, Job};
use crate::load::data::EventKind;
use crate::model::data::ProgrammeData;
use crate::model::routes::{Filter, Route};
use crate::render::calendar::{CalendarViews, month_key};

/// The archive's static filter pages: by region, group, year and keyword.
pub(super) fn archive_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut published: Vec<usize> = (0..data.project_works.len())
        .filter(|w| data.project_works[*w].published)
        .collect();
    // Newest first, as on /archivio/.
    published.sort_by(|a, b| {
        let (a, b) = (&data.project_works[*a], &data.project_works[*b]);
        b.publication_date
            .cmp(&a.publication_date)
            .then_with(|| a.province.cmp(&b.province))
    });
    let mut groups: std::collections::BTreeMap<(Filter, String), (String, Vec<usize>)> =
        std::collections::BTreeMap::new();
    for index in &published {
        let work = &data.project_works[*index];
        let province = &data.provinces[work.province];
        let group = &data.groups[province.group];
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
        add(Filter::ArchiveGroup, group.id.clone(), group.name.clone());
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
    let all: Vec<usize> = (0..data.events.len()).collect();
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
    for (index, event) in data.events.iter().enumerate() {
        jobs.push(Job::Ics(IcsFeed {
            path: Route::EventFeed(&event.id).path(),
            name: event.title.clone(),
            description: event.title.clone(),
            events: vec![index],
        }));
    }
    jobs
}

/// Each group's iCalendar feed and calendar page.
fn group_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    for (index, group) in data.groups.iter().enumerate() {
        let events: Vec<usize> = data
            .events
            .iter()
            .enumerate()
            .filter(|(_, event)| {
                event.attendees.includes_group(index)
                    || event
                        .attendees
                        .province()
                        .is_some_and(|p| data.provinces[p].group == index)
            })
            .map(|(i, _)| i)
            .collect();
        jobs.extend(feed_and_page(
            data,
            Route::FilteredFeed(Filter::CalendarGroup, &group.id),
            FilterPage::job(
                Filter::CalendarGroup,
                &group.id,
                group.id.clone(),
                group.name.clone(),
                FilterList::Events(events.clone()),
            ),
            (
                &group.name,
                format!("Webinar e sessioni individuali di {}", group.name),
            ),
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
    events: Vec<usize>,
) -> [Job<'a>; 2] {
    let ics = Job::Ics(IcsFeed {
        path: feed.path(),
        name: format!("{} – {label}", data.programme.title),
        description,
        events,
    });
    [ics, page]
}

/// Each Province's iCalendar feed and calendar page.
fn province_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    for province in &data.provinces {
        let description = format!(
            "Sessioni individuali della {} e webinar del suo gruppo",
            province.name
        );
        jobs.extend(feed_and_page(
            data,
            Route::ProvinceFeed(&province.slug),
            FilterPage::job(
                Filter::CalendarProvince,
                &province.slug,
                province.sigla.clone(),
                province.name.clone(),
                FilterList::Events(province.events.clone()),
            ),
            (&province.name, description),
            province.events.clone(),
        ));
    }
    jobs
}

/// The calendar's pages by step and by kind of event.
fn step_and_kind_jobs(data: &ProgrammeData) -> Vec<Job<'static>> {
    let mut jobs = Vec::new();
    for (index, step) in data.programme.steps.iter().enumerate() {
        let events: Vec<usize> = (0..data.events.len())
            .filter(|e| data.events[*e].step == index)
            .collect();
        jobs.extend(feed_and_page(
            data,
            Route::FilteredFeed(Filter::CalendarStep, &step.id),
            FilterPage::job(
                Filter::CalendarStep,
                &step.id,
                step.id.clone(),
                step.title.clone(),
                FilterList::Events(events.clone()),
            ),
            (
                &step.title,
                format!("Gli eventi della tappa {}", step.title),
            ),
            events,
        ));
    }
    for (kind, slug, label) in [
        (EventKind::Webinar, "webinar", "Webinar"),
        (EventKind::Session, "sessione", "Sessioni individuali"),
        (EventKind::Deadline, "scadenza", "Scadenze"),
    ] {
        let events: Vec<usize> = (0..data.events.len())
            .filter(|e| data.events[*e].kind == kind)
            .collect();
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
            let events: Vec<usize> = (0..data.events.len())
                .filter(|e| month_key(data.events[*e].start.date()) == key)
                .collect();
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
