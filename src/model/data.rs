//! The programme's data, validated: every reference resolved to an index, every rule checked.
//! Built by [`crate::validate::validate`], then only read.

use std::path::PathBuf;

use serde::Serialize;

use crate::load::data::{
    DocumentRole, EventKind, EventMode, EventStatus, OrganisationRole, PersonRecord, SectionStatus,
    StepKind, StepScope,
};
pub use crate::load::document::DocumentFormat;
use crate::load::reference::{Comune, Unit};
pub use crate::model::ids::{EventId, GroupId, PhaseId, Sigla, StepId, WorkId, WorkSectionId};
use crate::model::refs::Ref;
use crate::model::routes::Route;
use crate::time::LocalDateTime;

/// Licences a published work may carry (SPDX ids), with their names and links.
pub const LICENCES: &[(&str, &str, &str)] = &[
    (
        "CC-BY-4.0",
        "Creative Commons Attribuzione 4.0 Internazionale",
        "https://creativecommons.org/licenses/by/4.0/deed.it",
    ),
    (
        "CC-BY-SA-4.0",
        "Creative Commons Attribuzione – Condividi allo stesso modo 4.0 Internazionale",
        "https://creativecommons.org/licenses/by-sa/4.0/deed.it",
    ),
    (
        "CC-BY-ND-4.0",
        "Creative Commons Attribuzione – Non opere derivate 4.0 Internazionale",
        "https://creativecommons.org/licenses/by-nd/4.0/deed.it",
    ),
    (
        "CC-BY-NC-4.0",
        "Creative Commons Attribuzione – Non commerciale 4.0 Internazionale",
        "https://creativecommons.org/licenses/by-nc/4.0/deed.it",
    ),
    (
        "CC0-1.0",
        "Creative Commons CC0 1.0 Universale",
        "https://creativecommons.org/publicdomain/zero/1.0/deed.it",
    ),
    (
        "IODL-2.0",
        "Italian Open Data License 2.0",
        "https://www.dati.gov.it/iodl/2.0/",
    ),
];

#[derive(Debug, Clone, Serialize)]
pub struct Licence {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct Programme {
    pub title: String,
    pub subtitle: String,
    pub description: Option<String>,
    pub organisations: Vec<Organisation>,
    pub funding: String,
    pub default_licence: Licence,
    pub sections: Vec<WorkSection>,
    pub phases: Vec<Phase>,
    /// Every step of every phase, in programme order; phases hold indexes into it.
    pub steps: Vec<Step>,
}

#[derive(Debug, Serialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    pub role: OrganisationRole,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct WorkSection {
    pub id: WorkSectionId,
    pub number: u8,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Phase {
    pub id: PhaseId,
    pub number: u8,
    pub title: String,
    pub description: Option<String>,
    pub goals: Vec<String>,
    pub steps: Vec<StepRef>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub id: StepId,
    pub phase: PhaseRef,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: StepKind,
    pub scope: StepScope,
    pub objectives: Vec<String>,
    pub province_activities: Vec<String>,
    pub support: Vec<String>,
    pub agenda: Vec<String>,
    pub expected_output: Option<String>,
    pub section: Option<WorkSectionRef>,
    pub peer_review: bool,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    pub description: Option<String>,
    /// Member Provinces, by name.
    pub provinces: Vec<ProvinceRef>,
}

#[derive(Debug, Serialize)]
pub struct Province {
    pub sigla: Sigla,
    pub unit: Unit,
    /// The unit's name with its kind, as every page, feed and dataset writes it:
    /// "Città metropolitana di Torino", "Provincia dell'Ogliastra".
    pub name: String,
    pub slug: String,
    pub group: GroupRef,
    pub referents: Vec<PersonRecord>,
    pub team: Vec<PersonRecord>,
    pub comuni: Vec<Comune>,
    /// How many Comuni the Province has in all (ISTAT).
    pub comuni_total: usize,
    pub notes: Option<String>,
    /// The file the Province was read from.
    #[serde(skip)]
    pub file: PathBuf,
    /// Its own events and its group's, in time order.
    pub events: Vec<EventRef>,
    pub project_work: Option<WorkRef>,
}

impl Province {
    /// Its name after "of", with the article its kind takes: "della Provincia di Brescia",
    /// "del Libero consorzio comunale di Agrigento", "di Gorizia" (a unit whose name has no
    /// kind in front).
    pub fn name_after_of(&self) -> String {
        let preposition = match self.unit.kind.as_str() {
            "Libero consorzio comunale" => "del",
            "Provincia" | "Provincia autonoma" | "Città metropolitana" => "della",
            _ => "di",
        };
        format!("{preposition} {}", self.name)
    }
}

/// A Province of the Fase 2 focus groups (`data/focus-group.yaml`): not on the path, a
/// possible peer reviewer.
#[derive(Debug, Serialize)]
pub struct FocusGroupProvince {
    pub sigla: Sigla,
    pub unit: Unit,
    /// With its kind, as for participating Provinces.
    pub name: String,
    pub referent: PersonRecord,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    /// The project works its referent reviews, in the order of `project_works`.
    pub reviews: Vec<WorkRef>,
}

/// Who reviews a project work at Webinar 4: normally the referent of a focus-group Province,
/// or, when the data names one, another participating Province.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Reviewer {
    FocusGroup(FocusGroupRef),
    Participant(ProvinceRef),
}

/// Who an event is held with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub enum Attendees {
    /// One participating Province (individual sessions, deliveries).
    Province(ProvinceRef),
    /// One group (`group:`).
    Group(GroupRef),
    /// Several groups (`groups: [..]`), in the order of `groups.yaml`.
    Groups(Vec<GroupRef>),
    /// Every group of the programme (`groups: all`).
    Programme,
}

impl Attendees {
    /// The Province, for an event held with one.
    pub fn province(&self) -> Option<ProvinceRef> {
        match self {
            Attendees::Province(p) => Some(*p),
            _ => None,
        }
    }

    /// Whether the event concerns the group `group` as a whole.
    pub fn includes_group(&self, group: GroupRef) -> bool {
        match self {
            Attendees::Province(_) => false,
            Attendees::Group(g) => *g == group,
            Attendees::Groups(groups) => groups.contains(&group),
            Attendees::Programme => true,
        }
    }

    /// The groups the event is held with, in `groups.yaml` order (none for a Province's).
    pub fn groups(&self, group_count: usize) -> Vec<GroupRef> {
        Ref::all(group_count)
            .filter(|g| self.includes_group(*g))
            .collect()
    }

    /// Whether the Province `province`, a member of `group`, takes part.
    pub fn includes_province(&self, province: ProvinceRef, group: GroupRef) -> bool {
        self.province() == Some(province) || self.includes_group(group)
    }
}

#[derive(Debug, Serialize)]
pub struct Event {
    pub id: EventId,
    /// The file the event was read from.
    #[serde(skip)]
    pub file: PathBuf,
    pub step: StepRef,
    pub attendees: Attendees,
    pub kind: EventKind,
    pub title: String,
    pub start: LocalDateTime,
    /// `None` for a deadline.
    pub end: Option<LocalDateTime>,
    pub mode: Option<EventMode>,
    pub platform: Option<String>,
    pub location: Option<String>,
    pub meeting_url: Option<String>,
    pub meeting_url_public: bool,
    pub status: EventStatus,
    pub revision: u32,
    pub updated: LocalDateTime,
    pub materials: Vec<Material>,
    pub notes: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Material {
    pub title: String,
    pub url: Option<String>,
    /// A file under `data/`, copied to the site.
    #[serde(skip)]
    pub source: Option<PathBuf>,
    pub file_name: Option<String>,
    pub format: Option<DocumentFormat>,
    pub size: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct ProjectWork {
    pub id: WorkId,
    pub province: ProvinceRef,
    pub title: String,
    pub abstract_text: Option<String>,
    pub published: bool,
    /// One entry per programme section, in section order (missing ones are "not started").
    pub sections: Vec<WorkSectionState>,
    pub peer_reviewer: Option<Reviewer>,
    pub delivered: Option<LocalDateTime>,
    pub publication_date: Option<LocalDateTime>,
    pub version: Option<String>,
    pub keywords: Vec<String>,
    pub licence: Licence,
    pub documents: Vec<Document>,
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug, Serialize)]
pub struct WorkSectionState {
    pub section: WorkSectionRef,
    pub status: SectionStatus,
    pub summary: Option<String>,
    pub delivered: Option<LocalDateTime>,
    pub feedback: Option<LocalDateTime>,
}

#[derive(Debug, Serialize)]
pub struct Document {
    pub title: String,
    pub role: DocumentRole,
    #[serde(skip)]
    pub source: PathBuf,
    pub file_name: String,
    /// Its type, from its extension (the media type with it).
    pub format: DocumentFormat,
    pub size: u64,
    pub sha256: String,
    /// Page count, for PDFs.
    pub pages: Option<u32>,
}

pub type GroupRef = Ref<Group>;
pub type ProvinceRef = Ref<Province>;
pub type FocusGroupRef = Ref<FocusGroupProvince>;
pub type EventRef = Ref<Event>;
pub type WorkRef = Ref<ProjectWork>;
pub type PhaseRef = Ref<Phase>;
pub type StepRef = Ref<Step>;
pub type WorkSectionRef = Ref<WorkSection>;

/// The validated programme data.
#[derive(Debug, Serialize)]
pub struct ProgrammeData {
    pub programme: Programme,
    pub groups: Vec<Group>,
    pub provinces: Vec<Province>,
    /// The Provinces of the Fase 2 focus groups, by name.
    pub focus_group: Vec<FocusGroupProvince>,
    pub events: Vec<Event>,
    pub project_works: Vec<ProjectWork>,
}

/// Where a project work's document is published, beside its page.
pub fn document_path(province: &Province, document: &Document) -> crate::model::SitePath {
    Route::WorkFile {
        province: &province.slug,
        file: &document.file_name,
    }
    .path()
}

/// Where an event's material file is published, beside its page.
pub fn material_path(event: &Event, file_name: &str) -> crate::model::SitePath {
    Route::EventFile {
        event: &event.id,
        file: file_name,
    }
    .path()
}

impl ProgrammeData {
    /// Who an event is held with, as a heading names it ("Percorso 1 – Nord-Ovest",
    /// "Provincia di Cuneo"); `None` when the event is for several groups or the whole
    /// programme, whose heading is the step's title alone.
    pub fn attendee_name(&self, event: &Event) -> Option<&str> {
        match &event.attendees {
            Attendees::Province(p) => Some(&self[*p].name),
            Attendees::Group(g) => Some(&self[*g].name),
            Attendees::Groups(_) | Attendees::Programme => None,
        }
    }

    /// The reviewing Province's sigla and name with its kind ("LC", "Provincia di Lecco").
    pub fn reviewer(&self, reviewer: Reviewer) -> (&str, &str) {
        match reviewer {
            Reviewer::FocusGroup(f) => (&self[f].sigla, &self[f].name),
            Reviewer::Participant(p) => (&self[p].sigla, &self[p].name),
        }
    }

    /// Who an event is for, in words, when no single group or Province is: "tutti i percorsi",
    /// or the groups' names.
    pub fn attendees_label(&self, event: &Event) -> String {
        match &event.attendees {
            Attendees::Programme => "tutti i percorsi".to_owned(),
            Attendees::Groups(groups) => groups
                .iter()
                .map(|g| self[*g].name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            _ => self.attendee_name(event).unwrap_or_default().to_owned(),
        }
    }

    /// Every file the data publishes as it is: (output path, source file).
    pub fn published_files(&self) -> Vec<(String, PathBuf)> {
        // Documents of a work are published with it, not before.
        let documents = self
            .project_works
            .iter()
            .filter(|work| work.published)
            .flat_map(|work| {
                let province = &self[work.province];
                work.documents.iter().map(move |document| {
                    (
                        document_path(province, document).output_file(),
                        document.source.clone(),
                    )
                })
            });
        let materials = self.events.iter().flat_map(|event| {
            event.materials.iter().filter_map(move |material| {
                let source = material.source.clone()?;
                let name = material.file_name.as_deref()?;
                Some((material_path(event, name).output_file(), source))
            })
        });
        documents.chain(materials).collect()
    }
}

/// `data[reference]`: the record a typed reference names, from the list that holds it.
/// (Mutable only while validation links the records to each other.)
macro_rules! resolve {
    ($holder:ty: $($kind:ty => $($field:ident).+),+ $(,)?) => {$(
        impl std::ops::Index<Ref<$kind>> for $holder {
            type Output = $kind;
            fn index(&self, reference: Ref<$kind>) -> &$kind {
                &self.$($field).+[reference.index()]
            }
        }

        impl std::ops::IndexMut<Ref<$kind>> for $holder {
            fn index_mut(&mut self, reference: Ref<$kind>) -> &mut $kind {
                &mut self.$($field).+[reference.index()]
            }
        }
    )+};
}

resolve! {
    ProgrammeData:
    Group => groups,
    Province => provinces,
    FocusGroupProvince => focus_group,
    Event => events,
    ProjectWork => project_works,
    Phase => programme.phases,
    Step => programme.steps,
    WorkSection => programme.sections,
}

resolve! {
    Programme:
    Phase => phases,
    Step => steps,
    WorkSection => sections,
}
