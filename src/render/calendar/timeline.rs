//! `/percorso/` as a timeline: each step with its dates for each group (from the events), its
//! calendar page and feed, and where each group stands at the reference date.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::webcal;
use crate::load::data::EventStatus;
use crate::model::data::{Event, GroupRef, ProgrammeData, StepRef};
use crate::model::refs::Ref;
use crate::model::routes::{Filter, Route};
use crate::model::{Permalink, Site};
use crate::render::views::to_json;
use crate::time::{date_it, month_name_it};

/// Where a group stands at a step on the reference date.
#[derive(Serialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
enum Stage {
    /// The group has moved past the step.
    Done,
    /// The step is the group's latest begun one.
    Current,
    /// Its first event is still to come.
    Upcoming,
    /// No event of the step is planned for the group yet.
    Unscheduled,
}

#[derive(Serialize)]
struct StepTimeline {
    calendar_url: Permalink,
    feed_url: Permalink,
    webcal_url: String,
    /// The names of the groups for which this is the current step.
    current_for: Vec<String>,
    groups: Vec<GroupDates>,
}

#[derive(Serialize)]
struct GroupDates {
    id: String,
    name: String,
    /// "4 dicembre 2025", "13–30 gennaio 2026", "27 gennaio – 6 febbraio 2026".
    when: Option<String>,
    stage: Stage,
}

/// The timeline's view: by step id.
pub(super) fn timeline(site: &Site, data: &ProgrammeData) -> Value {
    let spans: Vec<Vec<Option<Span>>> = Ref::all(data.groups.len())
        .map(|group| {
            Ref::all(data.programme.steps.len())
                .map(|step| span(data, group, step))
                .collect()
        })
        .collect();
    let stages: Vec<Vec<Stage>> = spans.iter().map(|s| stages(s, site.today)).collect();
    let steps: BTreeMap<&str, StepTimeline> = data
        .programme
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let feed_url =
                site.permalink(&Route::FilteredFeed(Filter::CalendarStep, &step.id).path());
            let groups: Vec<GroupDates> = data
                .groups
                .iter()
                .enumerate()
                .map(|(g, group)| GroupDates {
                    id: group.id.to_string(),
                    name: group.name.clone(),
                    when: spans[g][index].map(|s| range_it(s.first, s.last)),
                    stage: stages[g][index],
                })
                .collect();
            let view = StepTimeline {
                calendar_url: site
                    .permalink(&Route::Filtered(Filter::CalendarStep, &step.id).path()),
                webcal_url: webcal(&feed_url),
                feed_url,
                current_for: groups
                    .iter()
                    .filter(|g| g.stage == Stage::Current)
                    .map(|g| g.name.clone())
                    .collect(),
                groups,
            };
            (step.id.as_str(), view)
        })
        .collect();
    to_json(&steps)
}

/// The first and last day of a step's events for a group.
#[derive(Clone, Copy)]
struct Span {
    first: jiff::civil::Date,
    last: jiff::civil::Date,
}

/// Whether `event` concerns the Provinces of `group`: a webinar of the group (alone, with
/// other groups or with the whole programme) or a session of one of its Provinces.
fn concerns(data: &ProgrammeData, event: &Event, group: GroupRef) -> bool {
    match event.attendees.province() {
        Some(p) => data[p].group == group,
        None => event.attendees.includes_group(group),
    }
}

/// The days a step's events for a group span, cancelled events left out.
fn span(data: &ProgrammeData, group: GroupRef, step: StepRef) -> Option<Span> {
    let mut days = data
        .events
        .iter()
        .filter(|e| e.step == step && e.status != EventStatus::Cancelled)
        .filter(|e| concerns(data, e, group))
        .map(|e| (e.start.date(), e.end.unwrap_or(e.start).date()));
    let (first, last) = days.next()?;
    let (first, last) = days.fold((first, last), |(a, b), (c, d)| (a.min(c), b.max(d)));
    Some(Span { first, last })
}

/// Each step's stage for one group: the latest begun step is current, unless it is the last
/// planned one and has ended (the group has finished); those before it are done.
fn stages(spans: &[Option<Span>], today: jiff::civil::Date) -> Vec<Stage> {
    let begun = spans
        .iter()
        .rposition(|s| s.is_some_and(|s| s.first <= today));
    let last_planned = spans.iter().rposition(Option::is_some);
    let finished = begun.is_some_and(|b| Some(b) == last_planned)
        && begun.and_then(|b| spans[b]).is_some_and(|s| s.last < today);
    spans
        .iter()
        .enumerate()
        .map(|(index, span)| match (span, begun) {
            (None, _) => Stage::Unscheduled,
            (Some(_), Some(b)) if index < b || (index == b && finished) => Stage::Done,
            (Some(_), Some(b)) if index == b => Stage::Current,
            (Some(_), _) => Stage::Upcoming,
        })
        .collect()
}

/// A span of days as Italians write it, with the month and year said once where shared.
fn range_it(first: jiff::civil::Date, last: jiff::civil::Date) -> String {
    if first == last {
        date_it(first)
    } else if (first.year(), first.month()) == (last.year(), last.month()) {
        format!(
            "{}–{} {} {}",
            first.day(),
            last.day(),
            month_name_it(last.month()),
            last.year()
        )
    } else if first.year() == last.year() {
        format!(
            "{} {} – {}",
            first.day(),
            month_name_it(first.month()),
            date_it(last)
        )
    } else {
        format!("{} – {}", date_it(first), date_it(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> jiff::civil::Date {
        text.parse().unwrap()
    }

    fn spanning(first: &str, last: &str) -> Option<Span> {
        Some(Span {
            first: day(first),
            last: day(last),
        })
    }

    #[test]
    fn ranges_say_shared_month_and_year_once() {
        for (first, last, written) in [
            ("2025-12-04", "2025-12-04", "4 dicembre 2025"),
            ("2026-01-13", "2026-01-30", "13–30 gennaio 2026"),
            ("2026-01-27", "2026-02-06", "27 gennaio – 6 febbraio 2026"),
            (
                "2025-12-29",
                "2026-01-09",
                "29 dicembre 2025 – 9 gennaio 2026",
            ),
        ] {
            assert_eq!(range_it(day(first), day(last)), written);
        }
    }

    #[test]
    fn the_latest_begun_step_is_current_until_the_last_one_ends() {
        let spans = [
            spanning("2025-12-04", "2025-12-04"),
            spanning("2026-01-13", "2026-01-30"),
            None,
            spanning("2026-03-01", "2026-03-01"),
        ];
        use Stage::*;
        assert_eq!(
            stages(&spans, day("2026-02-10")),
            [Done, Current, Unscheduled, Upcoming]
        );
        assert_eq!(
            stages(&spans, day("2026-03-01")),
            [Done, Done, Unscheduled, Current]
        );
        assert_eq!(
            stages(&spans, day("2026-03-02")),
            [Done, Done, Unscheduled, Done]
        );
        assert_eq!(
            stages(&spans, day("2025-11-01")),
            [Upcoming, Upcoming, Unscheduled, Upcoming]
        );
    }
}
