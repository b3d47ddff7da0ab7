//! The shapes templates get of the programme data (`get_data`, and `page.province`,
//! `page.event`, `page.work` on the pages born from records): typed here, serialised once per
//! build into the `Value`s `DataViews` shares.
//!
//! Templates and snapshots read these keys and types as they are: an absent value is `null`,
//! and a key is left out only where noted.

use serde::Serialize;
use serde_json::Value;

use super::super::views::to_json;
use crate::load::data::{
    DocumentRole, EventKind, EventMode, EventStatus, PersonRecord, SectionStatus, StepKind,
    StepScope,
};
use crate::load::reference::Unit;
use crate::model::Permalink;
use crate::model::data::{
    DocumentFormat, EventId, GroupId, Licence, Organisation, PhaseId, Sigla, StepId, WorkSection,
    WorkSectionId,
};
use crate::time::LocalDateTime;

/// `get_data(name="programme")` (home, `/percorso/`, calendar, Provinces): the programme with
/// its phases and their steps.
#[derive(Serialize)]
pub(super) struct ProgrammeView<'a> {
    pub(super) title: &'a str,
    pub(super) subtitle: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) funding: &'a str,
    pub(super) organisations: &'a [Organisation],
    pub(super) default_licence: &'a Licence,
    pub(super) sections: &'a [WorkSection],
    pub(super) phases: Vec<PhaseView<'a>>,
    pub(super) istat_credit: String,
    pub(super) istat_release: &'static str,
    pub(super) organization_json_ld: String,
}

#[derive(Serialize)]
pub(super) struct PhaseView<'a> {
    pub(super) id: &'a PhaseId,
    pub(super) number: u8,
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) goals: &'a [String],
    pub(super) steps: Vec<StepView<'a>>,
}

/// A step in full: in its phase (`programme.phases[].steps`) and as `event.step` on an
/// event's page.
#[derive(Serialize)]
pub(super) struct StepView<'a> {
    pub(super) id: &'a StepId,
    pub(super) title: &'a str,
    pub(super) subtitle: Option<&'a str>,
    pub(super) kind: StepKind,
    pub(super) scope: StepScope,
    pub(super) objectives: &'a [String],
    pub(super) province_activities: &'a [String],
    pub(super) support: &'a [String],
    pub(super) agenda: &'a [String],
    pub(super) expected_output: Option<&'a str>,
    /// The section of the project work the step produces.
    pub(super) section: Option<&'a WorkSection>,
    pub(super) phase: PhaseLink<'a>,
}

#[derive(Serialize)]
pub(super) struct PhaseLink<'a> {
    pub(super) id: &'a PhaseId,
    pub(super) number: u8,
    pub(super) title: &'a str,
}

/// `get_data(name="groups")` (calendar filters, `/province/`): a group with the cards of its
/// Provinces.
#[derive(Serialize)]
pub(super) struct GroupView<'a> {
    pub(super) id: &'a GroupId,
    pub(super) name: &'a str,
    pub(super) ics_url: Permalink,
    pub(super) description: Option<&'a str>,
    pub(super) provinces: Vec<&'a Value>,
}

/// A group as lists name it: an event's `group`, a Province card's and a work's.
#[derive(Serialize)]
pub(super) struct GroupLink<'a> {
    pub(super) id: &'a GroupId,
    pub(super) name: &'a str,
}

/// What every view of a territorial unit says first (a Province card, a focus-group entry),
/// followed by the view's own `fields`.
#[derive(Serialize)]
pub(super) struct WithIdentity<'a, T> {
    sigla: &'a Sigla,
    /// The name with its kind ("Provincia di Brescia").
    name: &'a str,
    /// ISTAT's name of the unit.
    place: &'a str,
    kind: &'a str,
    region: &'a str,
    #[serde(flatten)]
    fields: T,
}

/// `fields` after what every view of a unit says first: its sigla, its name with its kind, and
/// ISTAT's name (`place`), kind and region.
pub(super) fn with_identity<'a, T>(
    sigla: &'a Sigla,
    name: &'a str,
    unit: &'a Unit,
    fields: T,
) -> WithIdentity<'a, T> {
    WithIdentity {
        sigla,
        name,
        place: &unit.name,
        kind: &unit.kind,
        region: &unit.region,
        fields,
    }
}

/// A Province card (`get_data(name="provinces")`, `groups[].provinces`, `page.province`):
/// where it is, its Comuni, and how far its project work is.
#[derive(Serialize)]
pub(super) struct ProvinceCard<'a> {
    pub(super) istat_code: &'a str,
    pub(super) istat_release: &'static str,
    pub(super) slug: &'a str,
    pub(super) permalink: Permalink,
    pub(super) group: GroupLink<'a>,
    pub(super) comuni_count: usize,
    pub(super) comuni_total: usize,
    /// The share of the Comuni taking part, in Italian ("42,5").
    pub(super) comuni_share: String,
    pub(super) ics_url: Permalink,
    pub(super) progress: Vec<SectionProgress<'a>>,
    pub(super) work_published: bool,
}

/// The status of one programme section in a Province's work (`section_status.html`).
#[derive(Serialize)]
pub(super) struct SectionProgress<'a> {
    pub(super) section: &'a WorkSectionId,
    pub(super) number: u8,
    pub(super) title: &'a str,
    pub(super) status: SectionStatus,
}

/// What a Province's page (`province.html`) reads besides its card.
#[derive(Serialize)]
pub(super) struct ProvincePageFields<'a> {
    pub(super) referents: &'a [PersonRecord],
    pub(super) team: &'a [PersonRecord],
    pub(super) comuni: Vec<ComuneLink<'a>>,
    pub(super) notes: Option<&'a str>,
    /// The cards of its events.
    pub(super) events: Vec<&'a Value>,
    pub(super) timeline: Vec<TimelineStep<'a>>,
    /// Its work's card.
    pub(super) project_work: Option<&'a Value>,
}

#[derive(Serialize)]
pub(super) struct ComuneLink<'a> {
    pub(super) istat_code: &'a str,
    pub(super) name: &'a str,
}

/// A step of a Province's path on its page: its latest event that is not cancelled, and how
/// far the section the step produces is.
#[derive(Serialize)]
pub(super) struct TimelineStep<'a> {
    pub(super) step: StepSummary<'a>,
    pub(super) event: Option<&'a Value>,
    pub(super) section_status: Option<SectionStatus>,
    pub(super) section_number: Option<u8>,
    pub(super) peer_review: Option<PeerReview<'a>>,
}

#[derive(Serialize)]
pub(super) struct StepSummary<'a> {
    pub(super) id: &'a StepId,
    pub(super) title: &'a str,
    pub(super) kind: StepKind,
    pub(super) scope: StepScope,
}

/// A Province as events, works and reviews link to it.
#[derive(Serialize)]
pub(super) struct ProvinceLink<'a> {
    pub(super) sigla: &'a Sigla,
    pub(super) name: &'a str,
    pub(super) permalink: Permalink,
}

/// Who reviews a work: a focus-group Province (linked to its entry on `/province/`) or a
/// participating one.
#[derive(Serialize)]
pub(super) struct ReviewerLink<'a> {
    #[serde(flatten)]
    pub(super) link: ProvinceLink<'a>,
    pub(super) focus_group: bool,
    /// Only a focus-group Province names its referent; a participant has no such key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) referent: Option<&'a PersonRecord>,
}

/// A participating Province's peer review: on its page's timeline and on the review event's
/// page.
#[derive(Serialize)]
pub(super) struct PeerReview<'a> {
    pub(super) province: ProvinceLink<'a>,
    pub(super) reviewer: ReviewerLink<'a>,
}

/// A focus-group Province's entry on `/province/` (`get_data(name="focus_group")`).
#[derive(Serialize)]
pub(super) struct FocusGroupFields<'a> {
    /// The entry's anchor, which its reviewer links point to.
    pub(super) anchor: String,
    pub(super) referent: &'a PersonRecord,
    pub(super) email: Option<&'a str>,
    pub(super) phone: Option<&'a str>,
    pub(super) notes: Option<&'a str>,
    pub(super) reviews: Vec<Review<'a>>,
}

/// A work a focus-group Province reviews: whose, and at which event.
#[derive(Serialize)]
pub(super) struct Review<'a> {
    pub(super) province: ProvinceLink<'a>,
    pub(super) event: Option<ReviewEvent<'a>>,
}

#[derive(Serialize)]
pub(super) struct ReviewEvent<'a> {
    /// The review step's title.
    pub(super) title: &'a str,
    pub(super) when: String,
    pub(super) start: &'a LocalDateTime,
    pub(super) permalink: Permalink,
}

/// An event card (`get_data(name="events")`, calendar lists, `page.event`,
/// `partials/event_item.html`).
#[derive(Serialize)]
pub(super) struct EventCard<'a> {
    pub(super) id: &'a EventId,
    pub(super) permalink: Permalink,
    pub(super) ics_url: Permalink,
    pub(super) past: bool,
    /// `2026-03`, the key of its month's page.
    pub(super) month_key: String,
    /// "marzo 2026".
    pub(super) month: String,
    pub(super) duration_label: Option<String>,
    pub(super) title: &'a str,
    /// Who the event is for included: what every list, page and feed calls it.
    pub(super) heading: String,
    pub(super) kind: EventKind,
    pub(super) step: StepLink<'a>,
    /// The group, when the event is for one group.
    pub(super) group: Option<GroupLink<'a>>,
    pub(super) groups: Vec<GroupLink<'a>>,
    /// The groups' ids separated by spaces, for the calendar's filters.
    pub(super) group_ids: String,
    pub(super) all_groups: bool,
    pub(super) attendees: String,
    pub(super) province: Option<ProvinceLink<'a>>,
    pub(super) start: &'a LocalDateTime,
    pub(super) end: Option<&'a LocalDateTime>,
    pub(super) all_day: bool,
    /// The date and time in Italian words.
    pub(super) when: String,
    pub(super) duration_minutes: Option<i64>,
    pub(super) mode: Option<EventMode>,
    pub(super) platform: Option<&'a str>,
    pub(super) location: Option<&'a str>,
    /// Only when it may be published.
    pub(super) meeting_url: Option<&'a str>,
    pub(super) status: EventStatus,
    pub(super) revision: u32,
    pub(super) updated: &'a LocalDateTime,
    pub(super) materials: Vec<MaterialView<'a>>,
    pub(super) notes: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct StepLink<'a> {
    pub(super) id: &'a StepId,
    pub(super) title: &'a str,
}

#[derive(Serialize)]
pub(super) struct MaterialView<'a> {
    pub(super) title: &'a str,
    pub(super) url: Option<String>,
    pub(super) format: Option<DocumentFormat>,
    /// "PDF, 1,2 MB".
    pub(super) size_label: Option<String>,
}

/// What an event's page (`event.html`) reads besides its card; its `step` replaces the card's.
#[derive(Serialize)]
pub(super) struct EventPageFields<'a> {
    /// Only on the events of a review step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) peer_reviews: Option<Vec<PeerReview<'a>>>,
    pub(super) step: StepView<'a>,
    pub(super) json_ld: String,
    pub(super) participants: Vec<ProvinceLink<'a>>,
    pub(super) google_calendar_url: String,
}

/// A project work's card and page (`get_data(name="project_works")`, the archive,
/// `partials/work_card.html`, `work.html`).
#[derive(Serialize)]
pub(super) struct WorkView<'a> {
    pub(super) permalink: Permalink,
    pub(super) province: ProvinceLink<'a>,
    pub(super) author: &'a str,
    pub(super) group: GroupLink<'a>,
    pub(super) region: &'a str,
    pub(super) region_slug: String,
    pub(super) title: &'a str,
    #[serde(rename = "abstract")]
    pub(super) abstract_text: Option<&'a str>,
    /// Its first 40 words.
    pub(super) short_abstract: Option<String>,
    pub(super) published: bool,
    pub(super) main_document: Option<DocumentView<'a>>,
    pub(super) how_to_cite: String,
    pub(super) json_ld: String,
    pub(super) sections: Vec<WorkSectionView<'a>>,
    pub(super) peer_reviewer: Option<ReviewerLink<'a>>,
    pub(super) delivered: Option<&'a LocalDateTime>,
    pub(super) publication_date: Option<&'a LocalDateTime>,
    pub(super) year: Option<i16>,
    pub(super) keyword_slugs: Vec<String>,
    pub(super) version: Option<&'a str>,
    pub(super) keywords: &'a [String],
    pub(super) licence: &'a Licence,
    pub(super) documents: Vec<DocumentView<'a>>,
}

/// The state of one programme section in a work.
#[derive(Serialize)]
pub(super) struct WorkSectionView<'a> {
    pub(super) id: &'a WorkSectionId,
    pub(super) number: u8,
    pub(super) title: &'a str,
    pub(super) status: SectionStatus,
    pub(super) summary: Option<&'a str>,
    pub(super) delivered: Option<&'a LocalDateTime>,
    pub(super) feedback: Option<&'a LocalDateTime>,
}

/// A document of a work, with its link and facts.
#[derive(Serialize, Clone)]
pub(super) struct DocumentView<'a> {
    pub(super) title: &'a str,
    pub(super) role: DocumentRole,
    pub(super) file_name: &'a str,
    pub(super) url: Permalink,
    pub(super) format: DocumentFormat,
    pub(super) media_type: &'static str,
    pub(super) size: u64,
    /// "PDF, 1,2 MB".
    pub(super) size_label: String,
    pub(super) pages: Option<u32>,
    pub(super) sha256: &'a str,
}

/// A keyword of the published works (`get_data(name="work_keywords")`, the archive's
/// filters), with how many works carry it.
#[derive(Serialize)]
pub(super) struct KeywordCount {
    pub(super) slug: String,
    pub(super) name: String,
    pub(super) count: usize,
}

/// A `card` extended with the `fields` its record's page reads besides, a field of `fields`
/// replacing the card's of the same name (an event page's full `step`).
pub(super) fn extended(card: &Value, fields: impl Serialize) -> Value {
    let mut view = card.clone();
    if let (Some(view), Value::Object(fields)) = (view.as_object_mut(), to_json(fields)) {
        view.extend(fields);
    }
    view
}
