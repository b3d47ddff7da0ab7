//! What templates see of the programme data: the programme and its path, groups, Provinces
//! (identity from ISTAT, progress, timeline), events and project works. Labels of enum values
//! are left to the theme's translations (`trans(key="status_" ~ event.status)`); dates are given
//! both as data (`start`) and in Italian words (`when`).

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde_json::{Value, json};

mod edited;
mod events;
mod focus_group;
mod italian;
mod kinds;
mod shapes;
mod works;

use italian::italian_decimal;
use shapes::{
    ComuneLink, GroupView, KeywordCount, PhaseLink, PhaseView, ProgrammeView, ProvinceCard,
    ProvinceLink, ProvincePageFields, SectionProgress, StepSummary, StepView, TimelineStep,
    extended, with_identity,
};

use super::calendar::CalendarViews;
use super::views::to_json;
use crate::load::data::EventStatus;
use crate::model::data::{ProgrammeData, Province, ProvinceRef, Step};
use crate::model::refs::{par_with_refs, with_refs};
use crate::model::routes::{Filter, Route};
use crate::model::{Permalink, Site, SitePath};

/// Views of every data record, built once per build. Their parts are shared (`Arc`), so that
/// the views after an edit of some events are a copy with what shows those events new.
pub struct DataViews {
    /// Month pages, event lists, subscriptions and `/percorso/`'s timeline, made on first use:
    /// after an edit of events, their pages are shown before the calendar is made again.
    calendar: OnceLock<CalendarViews>,
    /// What the calendar is made from.
    site: Arc<Site>,
    data: Arc<ProgrammeData>,
    /// Full event views (for their pages), same order as `events`.
    pub event_pages: Vec<Arc<Value>>,
    pub programme: Arc<Value>,
    pub groups: Arc<Value>,
    /// Province cards, by name.
    pub provinces: Arc<Vec<Value>>,
    /// Full Province views (for their pages), same order.
    pub province_pages: Vec<Arc<Value>>,
    /// Event cards, in time order.
    pub events: Vec<Arc<Value>>,
    pub project_works: Arc<Vec<Value>>,
    /// The Provinces of the Fase 2 focus groups, with the reviews their referents make.
    pub focus_group: Vec<Value>,
}

impl DataViews {
    pub fn new(site: &Arc<Site>, data: &Arc<ProgrammeData>) -> Self {
        let builder = ViewMaker { site, data };
        // Thousands of events on a large programme: their views are made in parallel.
        let events: Vec<Arc<Value>> = data
            .events
            .par_iter()
            .map(|e| Arc::new(builder.event(e)))
            .collect();
        let provinces: Vec<Value> = data
            .provinces
            .iter()
            .map(|p| builder.province_card(p))
            .collect();
        let project_works: Vec<Value> =
            data.project_works.iter().map(|w| builder.work(w)).collect();
        let province_pages = par_with_refs(&data.provinces)
            .map(|(index, province)| {
                Arc::new(builder.province_page(
                    index,
                    province,
                    &provinces,
                    &events,
                    &project_works,
                ))
            })
            .collect();
        let groups = builder.groups(&provinces);
        let event_pages = data
            .events
            .par_iter()
            .zip(&events)
            .map(|(event, card)| Arc::new(builder.event_page(event, card)))
            .collect();
        let focus_group = with_refs(&data.focus_group)
            .map(|(index, _)| builder.focus_group_entry(index))
            .collect();
        DataViews {
            calendar: OnceLock::new(),
            site: Arc::clone(site),
            data: Arc::clone(data),
            focus_group,
            event_pages,
            programme: Arc::new(builder.programme()),
            groups: Arc::new(groups),
            provinces: Arc::new(provinces),
            province_pages,
            events,
            project_works: Arc::new(project_works),
        }
    }

    /// The calendar's views, made on first use.
    pub fn calendar(&self) -> &CalendarViews {
        self.calendar
            .get_or_init(|| CalendarViews::new(&self.site, &self.data, &self.events))
    }

    /// What `get_data(name=...)` returns.
    pub fn get(&self, name: &str) -> Option<Value> {
        GETTERS
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, get)| get(self))
    }

    /// Every view as one JSON object: what the preview's safety net compares with the views
    /// of a fresh build after an edit of the data.
    pub fn to_json(&self) -> Value {
        let lists: serde_json::Map<String, Value> = DataViews::names()
            .filter_map(|name| Some((name.to_owned(), self.get(name)?)))
            .collect();
        let all = |views: &[Arc<Value>]| views.iter().map(|v| Value::clone(v)).collect::<Vec<_>>();
        json!({
            "lists": lists,
            "event_pages": all(&self.event_pages),
            "province_pages": all(&self.province_pages),
            "focus_group": self.focus_group,
        })
    }

    /// Every name `get_data` knows, in the order the docs list them.
    pub fn names() -> impl Iterator<Item = &'static str> {
        GETTERS.iter().map(|(name, _)| *name)
    }

    /// Published works, newest first; ties by Province name for a stable order.
    fn published_works(&self) -> Value {
        let mut works: Vec<Value> = self
            .project_works
            .iter()
            .filter(|work| work["published"] == Value::Bool(true))
            .cloned()
            .collect();
        works.sort_by(|a, b| {
            b["publication_date"]
                .as_str()
                .cmp(&a["publication_date"].as_str())
                .then_with(|| a["author"].as_str().cmp(&b["author"].as_str()))
        });
        Value::Array(works)
    }

    /// Every keyword of a published work, by slug, with how many works carry it.
    fn work_keywords(&self) -> Value {
        let mut keywords: std::collections::BTreeMap<String, (String, usize)> =
            std::collections::BTreeMap::new();
        for work in self.project_works.iter().filter(|w| w["published"] == true) {
            let names = work["keywords"].as_array().into_iter().flatten();
            for name in names.filter_map(Value::as_str) {
                let entry = keywords
                    .entry(slug::slugify(name))
                    .or_insert_with(|| (name.to_owned(), 0));
                entry.1 += 1;
            }
        }
        let keywords: Vec<KeywordCount> = keywords
            .into_iter()
            .map(|(slug, (name, count))| KeywordCount { slug, name, count })
            .collect();
        to_json(keywords)
    }
}

/// One name `get_data` answers to, and how.
type Getter = (&'static str, fn(&DataViews) -> Value);

/// Every name of `get_data`, listed once: lookups, did-you-means and dependency keys read it.
const GETTERS: &[Getter] = &[
    ("programme", |views| Value::clone(&views.programme)),
    ("groups", |views| Value::clone(&views.groups)),
    ("provinces", |views| {
        Value::Array(Vec::clone(&views.provinces))
    }),
    ("upcoming_events", |views| {
        Value::Array(
            views
                .events
                .iter()
                .filter(|event| event["past"] == Value::Bool(false))
                .map(|event| Value::clone(event))
                .collect(),
        )
    }),
    ("published_works", DataViews::published_works),
    ("work_keywords", DataViews::work_keywords),
    ("month_grid", |views| views.calendar().reference_month()),
    ("event_list", |views| views.calendar().all_events()),
    ("subscriptions", |views| views.calendar().subscriptions()),
    ("path_timeline", |views| views.calendar().timeline()),
    ("events", |views| {
        Value::Array(views.events.iter().map(|e| Value::clone(e)).collect())
    }),
    ("project_works", |views| {
        Value::Array(Vec::clone(&views.project_works))
    }),
    ("focus_group", |views| {
        Value::Array(views.focus_group.clone())
    }),
];

/// Makes the views of one build's records.
struct ViewMaker<'a> {
    site: &'a Site,
    data: &'a ProgrammeData,
}

impl ViewMaker<'_> {
    fn programme(&self) -> Value {
        let programme = &self.data.programme;
        let phases = programme
            .phases
            .iter()
            .map(|phase| PhaseView {
                id: &phase.id,
                number: phase.number,
                title: &phase.title,
                description: phase.description.as_deref(),
                goals: &phase.goals,
                steps: phase
                    .steps
                    .iter()
                    .map(|s| self.step(&programme[*s]))
                    .collect(),
            })
            .collect();
        to_json(ProgrammeView {
            title: &programme.title,
            subtitle: &programme.subtitle,
            description: programme.description.as_deref(),
            funding: &programme.funding,
            organisations: &programme.organisations,
            default_licence: &programme.default_licence,
            sections: &programme.sections,
            phases,
            istat_credit: istat_credit(self.site.today),
            istat_release: istat_release(self.site.today),
            organization_json_ld: json_ld(
                super::structured_data::programme(programme, &self.permalink(&SitePath::root())),
                self.site.config.demo_note(),
            ),
        })
    }

    /// The groups, each with the cards of its Provinces (`provinces`, in the data's order).
    fn groups(&self, provinces: &[Value]) -> Value {
        let groups: Vec<GroupView> = self
            .data
            .groups
            .iter()
            .map(|group| {
                let feed = Route::FilteredFeed(Filter::CalendarGroup, &group.id).path();
                GroupView {
                    id: &group.id,
                    name: &group.name,
                    ics_url: self.permalink(&feed),
                    description: group.description.as_deref(),
                    provinces: group
                        .provinces
                        .iter()
                        .map(|p| &provinces[p.index()])
                        .collect(),
                }
            })
            .collect();
        to_json(groups)
    }

    fn step<'a>(&'a self, step: &'a Step) -> StepView<'a> {
        let programme = &self.data.programme;
        let phase = &programme[step.phase];
        StepView {
            id: &step.id,
            title: &step.title,
            subtitle: step.subtitle.as_deref(),
            kind: step.kind,
            scope: step.scope,
            objectives: &step.objectives,
            province_activities: &step.province_activities,
            support: &step.support,
            agenda: &step.agenda,
            expected_output: step.expected_output.as_deref(),
            section: step.section.map(|s| &programme[s]),
            phase: PhaseLink {
                id: &phase.id,
                number: phase.number,
                title: &phase.title,
            },
        }
    }

    fn province_link(&self, index: ProvinceRef) -> ProvinceLink<'_> {
        let province = &self.data[index];
        ProvinceLink {
            sigla: &province.sigla,
            name: &province.name,
            permalink: self.permalink(&Route::Province(&province.slug).path()),
        }
    }

    fn province_card(&self, province: &Province) -> Value {
        let work = province.project_work.map(|w| &self.data[w]);
        let progress = with_refs(&self.data.programme.sections)
            .map(|(index, section)| SectionProgress {
                section: &section.id,
                number: section.number,
                title: &section.title,
                status: work
                    .and_then(|w| w.sections.iter().find(|s| s.section == index))
                    .map(|s| s.status)
                    .unwrap_or_default(),
            })
            .collect();
        let share = if province.comuni_total == 0 {
            0.0
        } else {
            province.comuni.len() as f64 * 100.0 / province.comuni_total as f64
        };
        let card = ProvinceCard {
            istat_code: &province.unit.istat_code,
            istat_release: istat_release(self.site.today),
            slug: &province.slug,
            permalink: self.permalink(&Route::Province(&province.slug).path()),
            group: self.group_link(province.group),
            comuni_count: province.comuni.len(),
            comuni_total: province.comuni_total,
            comuni_share: italian_decimal(share, 1),
            ics_url: self.permalink(&Route::ProvinceFeed(&province.slug).path()),
            progress,
            work_published: work.is_some_and(|w| w.published),
        };
        to_json(with_identity(
            &province.sigla,
            &province.name,
            &province.unit,
            card,
        ))
    }

    fn province_page(
        &self,
        index: ProvinceRef,
        province: &Province,
        cards: &[Value],
        events: &[Arc<Value>],
        works: &[Value],
    ) -> Value {
        // The views are lists in the data's order: a reference's index finds its view.
        let fields = ProvincePageFields {
            referents: &province.referents,
            team: &province.team,
            comuni: province
                .comuni
                .iter()
                .map(|c| ComuneLink {
                    istat_code: &c.istat_code,
                    name: &c.name,
                })
                .collect(),
            notes: province.notes.as_deref(),
            events: province
                .events
                .iter()
                .map(|e| &*events[e.index()])
                .collect(),
            timeline: self.province_timeline(index, province, events),
            project_work: province.project_work.map(|w| &works[w.index()]),
        };
        extended(&cards[index.index()], fields)
    }

    /// Each step of the programme as a Province's page shows it.
    fn province_timeline<'a>(
        &'a self,
        index: ProvinceRef,
        province: &Province,
        events: &'a [Arc<Value>],
    ) -> Vec<TimelineStep<'a>> {
        let work = province.project_work.map(|w| &self.data[w]);
        with_refs(&self.data.programme.steps)
            .map(|(step_index, step)| {
                let event = province
                    .events
                    .iter()
                    .filter(|e| {
                        let event = &self.data[**e];
                        event.step == step_index && event.status != EventStatus::Cancelled
                    })
                    .map(|e| &*events[e.index()])
                    .next_back();
                let section_status = step.section.and_then(|section| {
                    work.and_then(|w| w.sections.iter().find(|s| s.section == section))
                        .map(|s| s.status)
                });
                TimelineStep {
                    step: StepSummary {
                        id: &step.id,
                        title: &step.title,
                        kind: step.kind,
                        scope: step.scope,
                    },
                    event,
                    section_status,
                    section_number: step.section.map(|s| self.data[s].number),
                    peer_review: step
                        .peer_review
                        .then(|| self.peer_review_of(index))
                        .flatten(),
                }
            })
            .collect()
    }

    fn permalink(&self, path: &SitePath) -> Permalink {
        self.site.permalink(path)
    }
}

/// JSON for a `<script type="application/ld+json">` block: `<` is escaped so that no text in
/// the data can close the script element; absent values are left out, never `null`. While the
/// site shows demonstration data, the thing described says so (`disambiguatingDescription`),
/// so that a search engine does not take an example for the programme.
fn json_ld(value: Value, demo_note: Option<&str>) -> String {
    let mut value = super::structured_data::without_nulls(value);
    if let (Some(note), Some(object)) = (demo_note, value.as_object_mut()) {
        object.insert("disambiguatingDescription".into(), note.into());
    }
    value.to_string().replace('<', "\\u003c")
}

/// "Fonte: ISTAT ..." naming the release whose tables were used for the site's reference date.
pub fn istat_credit(today: jiff::civil::Date) -> String {
    crate::load::reference::Reference::istat().credit_at(today)
}

/// The date of that release as Italians write it: "1° gennaio 2026".
fn istat_release(today: jiff::civil::Date) -> &'static str {
    &crate::load::reference::Reference::istat()
        .release_at(today)
        .title
}
