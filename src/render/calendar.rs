//! What the calendar's templates see: one month grid per month with events (each with links
//! to the month before and after, so that navigation needs no JavaScript), event lists split
//! into upcoming and past, the feeds to subscribe to, and `/percorso/`'s timeline.
//!
//! Views are typed structs serialised once per build; the month pages and the filter pages of
//! the calendar pick theirs by key.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

mod timeline;

use super::views::to_json;
use crate::model::data::{Event, EventRef, ProgrammeData};
use crate::model::heading::event_heading;
use crate::model::refs::Ref;
use crate::model::routes::{Filter, Route};
use crate::model::{Permalink, Site, SitePath};
use crate::time::month_name_it;

/// The calendar's views, built once per build.
pub struct CalendarViews {
    /// Every month with events, and the reference month, by key (`2026-03`).
    months: BTreeMap<String, Value>,
    /// The key of the reference date's month.
    reference: String,
    /// Every event, upcoming first.
    all_events: Value,
    subscriptions: Value,
    timeline: Value,
}

/// A month as a grid of weeks from Monday, with the months before and after that have a page.
#[derive(Serialize)]
struct MonthView {
    key: String,
    /// "marzo 2026".
    label: String,
    permalink: Permalink,
    /// Whether this is the month of the reference date.
    current: bool,
    weekdays: [&'static str; 7],
    weekdays_long: [&'static str; 7],
    weeks: Vec<Vec<DayView>>,
    previous: Option<MonthLink>,
    next: Option<MonthLink>,
}

#[derive(Serialize, Clone)]
struct MonthLink {
    key: String,
    label: String,
    permalink: Permalink,
}

#[derive(Serialize)]
struct DayView {
    day: i8,
    date: String,
    in_month: bool,
    today: bool,
    events: Vec<DayEvent>,
}

#[derive(Serialize, Clone)]
struct DayEvent {
    /// The event's heading (who it is for included).
    title: String,
    permalink: String,
    status: crate::load::data::EventStatus,
}

/// A list of events in two parts: those still to come (in time order, from the next), then
/// those past (the most recent first), each part grouped by month.
#[derive(Serialize)]
struct EventList {
    count: usize,
    upcoming: Vec<MonthGroup>,
    past: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    key: String,
    label: String,
    /// The month's page.
    permalink: Permalink,
    events: Vec<Value>,
}

/// `get_data(name="subscriptions")` (the calendar's subscribe box): the whole calendar's feed,
/// each group's, and each Province's in the order of ISTAT's names.
#[derive(Serialize)]
struct Subscriptions {
    all: Subscription,
    groups: Vec<Subscription>,
    provinces: Vec<Subscription>,
}

/// A feed to subscribe to: `webcal:` for calendar apps, the plain file to download.
#[derive(Serialize)]
struct Subscription {
    label: String,
    ics_url: Permalink,
    webcal_url: String,
}

impl CalendarViews {
    /// `cards` are the event cards of the data views, in the same order as `data.events`.
    pub fn new(site: &Site, data: &ProgrammeData, cards: &[Arc<Value>]) -> Self {
        let reference = month_key(site.today);
        let months = months(site, data, cards, &reference);
        let all: Vec<EventRef> = Ref::all(data.events.len()).collect();
        CalendarViews {
            all_events: to_json(event_list(site, data, cards, &all)),
            subscriptions: to_json(subscriptions(site, data)),
            timeline: timeline::timeline(site, data),
            months,
            reference,
        }
    }

    /// The reference month's grid, for `/calendario/`.
    pub fn reference_month(&self) -> Value {
        self.months[&self.reference].clone()
    }

    /// Every event, upcoming first then past, grouped by month.
    pub fn all_events(&self) -> Value {
        self.all_events.clone()
    }

    /// The feeds of the whole calendar, of each group and of each Province.
    pub fn subscriptions(&self) -> Value {
        self.subscriptions.clone()
    }

    /// `/percorso/`'s timeline: per step, its dates per group and its calendar links.
    pub fn timeline(&self) -> Value {
        self.timeline.clone()
    }

    /// The month pages' keys (`2026-03`) with their labels, oldest first.
    pub fn month_keys(data: &ProgrammeData, today: jiff::civil::Date) -> Vec<(String, String)> {
        let mut keys: Vec<jiff::civil::Date> = data
            .events
            .iter()
            .map(|event| event.start.date().first_of_month())
            .chain([today.first_of_month()])
            .collect();
        keys.sort();
        keys.dedup();
        keys.into_iter()
            .map(|first| (month_key(first), month_label(first)))
            .collect()
    }

    /// What a calendar filter page adds to its `filter` view: its events split into upcoming
    /// and past, and, on a month's page, the month's grid.
    pub fn filter_view(
        &self,
        site: &Site,
        data: &ProgrammeData,
        cards: &[Arc<Value>],
        filter: Filter,
        value: &str,
        events: &[EventRef],
    ) -> (Value, Option<Value>) {
        let list = to_json(event_list(site, data, cards, events));
        let month = (filter == Filter::CalendarMonth)
            .then(|| self.months.get(value).cloned())
            .flatten();
        (list, month)
    }
}

/// `2026-03`: how months are keyed and how their pages' filter values read.
pub fn month_key(date: jiff::civil::Date) -> String {
    date.strftime("%Y-%m").to_string()
}

fn month_label(date: jiff::civil::Date) -> String {
    format!("{} {}", month_name_it(date.month()), date.year())
}

fn month_link(site: &Site, key: &str, label: &str) -> MonthLink {
    MonthLink {
        key: key.to_owned(),
        label: label.to_owned(),
        permalink: site.permalink(&Route::Filtered(Filter::CalendarMonth, key).path()),
    }
}

/// Every month page's grid, each linked to its neighbours.
fn months(
    site: &Site,
    data: &ProgrammeData,
    cards: &[Arc<Value>],
    reference: &str,
) -> BTreeMap<String, Value> {
    let keys = CalendarViews::month_keys(data, site.today);
    // Each day's events, looked up by every grid that shows the day.
    let mut by_day: BTreeMap<jiff::civil::Date, Vec<DayEvent>> = BTreeMap::new();
    for (event, card) in data.events.iter().zip(cards) {
        let day = by_day.entry(event.start.date()).or_default();
        day.push(day_event(data, event, card));
    }
    let links: Vec<MonthLink> = keys
        .iter()
        .map(|(key, label)| month_link(site, key, label))
        .collect();
    links
        .iter()
        .enumerate()
        .map(|(index, link)| {
            let first: jiff::civil::Date = format!("{}-01", link.key)
                .parse()
                .expect("month keys are dates");
            let view = MonthView {
                key: link.key.clone(),
                label: link.label.clone(),
                permalink: link.permalink.clone(),
                current: link.key == reference,
                weekdays: ["lun", "mar", "mer", "gio", "ven", "sab", "dom"],
                weekdays_long: crate::time::WEEKDAYS_IT,
                weeks: weeks(site, &by_day, first),
                previous: index.checked_sub(1).map(|i| links[i].clone()),
                next: links.get(index + 1).cloned(),
            };
            (link.key.clone(), to_json(&view))
        })
        .collect()
}

/// The weeks (Monday to Sunday) that hold the month starting on `first`, with the events of
/// each day from `by_day`.
fn weeks(
    site: &Site,
    by_day: &BTreeMap<jiff::civil::Date, Vec<DayEvent>>,
    first: jiff::civil::Date,
) -> Vec<Vec<DayView>> {
    let last = first.last_of_month();
    let lead = i64::from(first.weekday().to_monday_zero_offset());
    let mut day = first
        .checked_sub(jiff::Span::new().days(lead))
        .unwrap_or(first);
    let mut weeks = Vec::new();
    while day <= last {
        let mut week = Vec::with_capacity(7);
        for _ in 0..7 {
            let events = by_day.get(&day).cloned().unwrap_or_default();
            week.push(DayView {
                day: day.day(),
                date: day.to_string(),
                in_month: day.month() == first.month(),
                today: day == site.today,
                events,
            });
            day = day.tomorrow().unwrap_or(day);
        }
        weeks.push(week);
    }
    weeks
}

fn day_event(data: &ProgrammeData, event: &Event, card: &Value) -> DayEvent {
    DayEvent {
        title: event_heading(data, event),
        permalink: card["permalink"].as_str().unwrap_or_default().to_owned(),
        status: event.status,
    }
}

/// `events` (indexes, in time order) as an upcoming-then-past list grouped by month.
fn event_list(
    site: &Site,
    data: &ProgrammeData,
    cards: &[Arc<Value>],
    events: &[EventRef],
) -> EventList {
    let (past, upcoming): (Vec<EventRef>, Vec<EventRef>) = events
        .iter()
        .partition(|e| cards[e.index()]["past"] == Value::Bool(true));
    let mut past = past;
    // The most recent past event first: what happened last is what people look for.
    past.sort_by(|a, b| data[*b].start.cmp(&data[*a].start));
    EventList {
        count: events.len(),
        upcoming: by_month(site, data, cards, &upcoming),
        past: by_month(site, data, cards, &past),
    }
}

/// Consecutive events of the same month, in the order given.
fn by_month(
    site: &Site,
    data: &ProgrammeData,
    cards: &[Arc<Value>],
    events: &[EventRef],
) -> Vec<MonthGroup> {
    let mut groups: Vec<MonthGroup> = Vec::new();
    for index in events {
        let first = data[*index].start.date().first_of_month();
        let key = month_key(first);
        match groups.last_mut() {
            Some(group) if group.key == key => {
                group.events.push(Value::clone(&cards[index.index()]))
            }
            _ => {
                let link = month_link(site, &key, &month_label(first));
                groups.push(MonthGroup {
                    key,
                    label: link.label,
                    permalink: link.permalink,
                    events: vec![Value::clone(&cards[index.index()])],
                });
            }
        }
    }
    groups
}

/// The feeds people can subscribe to: all events, each group, each Province.
fn subscriptions(site: &Site, data: &ProgrammeData) -> Subscriptions {
    let feed = |label: String, path: SitePath| {
        let ics_url = site.permalink(&path);
        Subscription {
            label,
            webcal_url: webcal(&ics_url),
            ics_url,
        }
    };
    let groups: Vec<Subscription> = data
        .groups
        .iter()
        .map(|group| {
            let path = Route::FilteredFeed(Filter::CalendarGroup, &group.id).path();
            feed(group.name.clone(), path)
        })
        .collect();
    let mut provinces: Vec<(&str, Subscription)> = data
        .provinces
        .iter()
        .map(|province| {
            let path = Route::ProvinceFeed(&province.slug).path();
            let label = province.name.clone();
            (province.unit.name.as_str(), feed(label, path))
        })
        .collect();
    provinces.sort_by(|a, b| a.0.cmp(b.0));
    let all = feed(data.programme.title.clone(), Route::CalendarFeed.path());
    Subscriptions {
        all,
        groups,
        provinces: provinces.into_iter().map(|(_, s)| s).collect(),
    }
}

/// The `webcal:` form of a feed's URL, which calendar apps open as a subscription: the same
/// host and path, whatever the scheme (`http://localhost:1111/…` works as well).
pub fn webcal(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    format!("webcal://{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webcal_keeps_host_port_and_path() {
        assert_eq!(
            webcal("https://www.example.it/portale/calendario/calendario.ics"),
            "webcal://www.example.it/portale/calendario/calendario.ics"
        );
        assert_eq!(
            webcal("http://localhost:1111/calendario/calendario.ics"),
            "webcal://localhost:1111/calendario/calendario.ics"
        );
    }

    #[test]
    fn month_keys_sort_as_months() {
        let date: jiff::civil::Date = "2026-03-17".parse().unwrap();
        assert_eq!(month_key(date), "2026-03");
        assert_eq!(month_label(date.first_of_month()), "marzo 2026");
    }
}
