//! The programme's data, validated: every reference resolved to an index, every rule checked,
//! every problem located at the offending value. Built by [`validate`], then only read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, suggestion};
use crate::load::data::*;
use crate::load::reference::{Comune, Reference, Tables, Unit};
use crate::load::yaml::{Spanned, YamlSource};
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

/// File types a document or material may have: extension, format name, media type.
pub const DOCUMENT_TYPES: &[(&str, &str, &str)] = &[
    ("pdf", "PDF", "application/pdf"),
    ("odt", "ODT", "application/vnd.oasis.opendocument.text"),
    (
        "ods",
        "ODS",
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    (
        "docx",
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "XLSX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("csv", "CSV", "text/csv"),
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
    pub id: String,
    pub number: u8,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Phase {
    pub id: String,
    pub number: u8,
    pub title: String,
    pub description: Option<String>,
    pub goals: Vec<String>,
    pub steps: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub id: String,
    pub phase: usize,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: StepKind,
    pub scope: StepScope,
    pub objectives: Vec<String>,
    pub province_activities: Vec<String>,
    pub support: Vec<String>,
    pub agenda: Vec<String>,
    pub expected_output: Option<String>,
    pub section: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    /// Member Provinces, by name.
    pub provinces: Vec<usize>,
}

#[derive(Debug, Serialize)]
pub struct Province {
    pub sigla: String,
    pub unit: Unit,
    pub slug: String,
    pub group: usize,
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
    pub events: Vec<usize>,
    pub project_work: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct Event {
    pub id: String,
    /// The file the event was read from.
    #[serde(skip)]
    pub file: PathBuf,
    pub step: usize,
    pub group: Option<usize>,
    pub province: Option<usize>,
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
    pub format: Option<String>,
    pub size: Option<u64>,
}

#[derive(Debug, Serialize)]
pub struct ProjectWork {
    pub province: usize,
    pub title: String,
    pub abstract_text: Option<String>,
    pub published: bool,
    /// One entry per programme section, in section order (missing ones are "not started").
    pub sections: Vec<WorkSectionState>,
    pub peer_reviewer: Option<usize>,
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
    pub section: usize,
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
    pub format: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
    /// Page count, for PDFs.
    pub pages: Option<u32>,
}

/// The validated programme data.
#[derive(Debug, Serialize)]
pub struct ProgrammeData {
    pub programme: Programme,
    pub groups: Vec<Group>,
    pub provinces: Vec<Province>,
    pub events: Vec<Event>,
    pub project_works: Vec<ProjectWork>,
}

/// Validates everything read from `data/`. `root` is the site root: referenced files must
/// stay inside it. Provinces and Comuni are checked against ISTAT's tables valid on `today`.
pub fn validate(
    data: &LoadedData,
    root: &Path,
    today: jiff::civil::Date,
) -> Result<Option<ProgrammeData>, Diagnostics> {
    if data.is_empty() {
        return Ok(None);
    }
    let mut problems = Diagnostics::new();
    let (Some(programme_file), Some(groups_file)) = (&data.programme, &data.groups) else {
        for (missing, what) in [
            (data.programme.is_none(), "data/programme.yaml"),
            (data.groups.is_none(), "data/groups.yaml"),
        ] {
            if missing {
                problems.push(
                    Diagnostic::new(what, "this file is missing")
                        .help("the programme data needs data/programme.yaml and data/groups.yaml; see docs/dati.md"),
                );
            }
        }
        return Err(problems);
    };
    let mut checker = Checker {
        problems: &mut problems,
        broken_siglas: HashSet::new(),
        root,
        istat: Reference::istat().at(today),
    };
    let programme = checker.programme(programme_file);
    let mut groups = checker.groups(groups_file);
    let mut provinces = checker.provinces(&data.provinces, &groups);
    for (index, province) in provinces.iter().enumerate() {
        groups[province.group].provinces.push(index);
    }
    let events = checker.events(&data.events, &programme, &groups, &provinces);
    let project_works = checker.project_works(&data.project_works, &programme, &provinces);
    for (index, event) in events.iter().enumerate() {
        for (p, province) in provinces.iter_mut().enumerate() {
            if event.province == Some(p) || event.group == Some(province.group) {
                province.events.push(index);
            }
        }
    }
    for (index, work) in project_works.iter().enumerate() {
        provinces[work.province].project_work = Some(index);
    }
    let data = ProgrammeData {
        programme,
        groups,
        provinces,
        events,
        project_works,
    };
    problems.into_result(Some(data))
}

struct Checker<'a> {
    problems: &'a mut Diagnostics,
    /// Provinces whose own file has an error: references to them are not reported again.
    broken_siglas: HashSet<String>,
    root: &'a Path,
    /// ISTAT's tables valid at the reference date.
    istat: Tables<'static>,
}

/// A reference to something by id, and where it was written.
fn find<'v>(ids: impl IntoIterator<Item = &'v str>, wanted: &str) -> Option<usize> {
    ids.into_iter().position(|id| id == wanted)
}

impl Checker<'_> {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.problems.push(diagnostic);
    }

    /// A sigla of no unit at the reference date: superseded (named successors), not yet
    /// valid, or unknown (the file name as a hint: two letters make poor did-you-mean material).
    fn unknown_sigla(
        &self,
        yaml: &YamlSource,
        sigla: &Spanned<String>,
        file_stem: &str,
    ) -> Diagnostic {
        if let Some(why) = self.istat.superseded_unit(&sigla.value) {
            return yaml
                .error_at(sigla, why.message)
                .label(format!("not an ISTAT unit on {}", self.istat.date))
                .help(why.help);
        }
        let help = match self.istat.unit(file_stem) {
            Some(unit) => format!(
                "the file is named {file_stem}.yaml: did you mean `{file_stem}` ({})?",
                unit.name
            ),
            None => crate::load::sigla_hint::sigla_suggestion(&self.istat, &sigla.value)
                .unwrap_or_else(|| {
                    "write the car-plate code of the Province (MB for Monza e della Brianza)"
                        .to_owned()
                }),
        };
        yaml.error_at(sigla, format!("unknown sigla `{}`", sigla.value))
            .label("not the sigla of an Italian Province")
            .help(help)
    }

    /// A code of no Comune at the reference date: renumbered, merged, not yet valid, or unknown.
    fn unknown_comune(&self, yaml: &YamlSource, code: &Spanned<String>) -> Diagnostic {
        match self.istat.superseded_comune(&code.value) {
            Some(why) => yaml
                .error_at(code, why.message)
                .label(format!("not an ISTAT code on {}", self.istat.date))
                .help(why.help),
            None => yaml
                .error_at(code, format!("unknown Comune code `{}`", code.value))
                .label("not an ISTAT code of a Comune")
                .help("ISTAT codes have six digits, in quotes: \"108033\"; see reference/istat/comuni.csv"),
        }
    }

    /// An unknown reference: "unknown group `x`", with a did-you-mean among `known`.
    fn unknown<T>(
        &mut self,
        yaml: &YamlSource,
        value: &Spanned<T>,
        what: &str,
        written: &str,
        known: &[&str],
    ) {
        if what == "Province" && self.broken_siglas.contains(written) {
            return;
        }
        let help = suggestion(written, known.iter().copied()).or_else(|| {
            (!known.is_empty() && known.len() <= 12).then(|| format!("known: {}", known.join(", ")))
        });
        self.push(
            yaml.error_at(value, format!("unknown {what} `{written}`"))
                .label(format!("no {what} has this id"))
                .maybe_help(help),
        );
    }

    fn unique_ids<'v>(
        &mut self,
        yaml: &YamlSource,
        ids: impl IntoIterator<Item = &'v Spanned<String>>,
        what: &str,
    ) {
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        for id in ids {
            if !is_slug(&id.value) {
                self.push(
                    yaml.error_at(
                        id,
                        format!("the {what} id `{}` is not usable in a URL", id.value),
                    )
                    .label("expected lowercase letters, digits and dashes")
                    .help(format!("write it as `{}`", slug::slugify(&id.value))),
                );
            }
            if let Some(first) = seen.insert(&id.value, id) {
                let line = yaml.locate(&first.referenced).line;
                self.push(
                    yaml.error_at(id, format!("the {what} id `{}` is used twice", id.value))
                        .label("second use")
                        .help(format!(
                            "ids must be unique; the first use is on line {line}"
                        )),
                );
            }
        }
    }

    fn licence(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Licence {
        match LICENCES.iter().find(|(id, _, _)| *id == written.value) {
            Some((id, name, url)) => Licence {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                url: (*url).to_owned(),
            },
            None => {
                let known: Vec<&str> = LICENCES.iter().map(|(id, _, _)| *id).collect();
                self.push(
                    yaml.error_at(written, format!("unknown licence `{}`", written.value))
                        .label("expected an SPDX licence id")
                        .maybe_help(
                            suggestion(&written.value, known.iter().copied())
                                .or_else(|| Some(format!("allowed: {}", known.join(", ")))),
                        ),
                );
                Licence {
                    id: written.value.clone(),
                    name: written.value.clone(),
                    url: String::new(),
                }
            }
        }
    }

    fn url(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Option<String> {
        let url = written.value.trim();
        let valid = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > "https://x".len()
            && !url.contains(char::is_whitespace)
            && !url.contains(['"', '<', '>']);
        if valid {
            Some(url.to_owned())
        } else {
            self.push(
                yaml.error_at(written, format!("`{}` is not a web address", written.value))
                    .label("expected an address starting with https://"),
            );
            None
        }
    }

    fn programme(&mut self, file: &DataFile<ProgrammeRecord>) -> Programme {
        let yaml = file.yaml();
        let record = &file.value;
        self.unique_ids(
            &yaml,
            record.organisations.iter().map(|o| &o.id),
            "organisation",
        );
        self.unique_ids(&yaml, record.sections.iter().map(|s| &s.id), "section");
        self.unique_ids(&yaml, record.phases.iter().map(|p| &p.id), "phase");
        self.unique_ids(
            &yaml,
            record
                .phases
                .iter()
                .flat_map(|p| p.steps.iter().map(|s| &s.id)),
            "step",
        );
        let section_ids: Vec<&str> = record
            .sections
            .iter()
            .map(|s| s.id.value.as_str())
            .collect();
        let organisations = record
            .organisations
            .iter()
            .map(|org| Organisation {
                id: org.id.value.clone(),
                name: org.name.clone(),
                short_name: org.short_name.clone(),
                role: org.role,
                url: org.url.as_ref().and_then(|url| self.url(&yaml, url)),
            })
            .collect();
        let mut steps = Vec::new();
        let mut phases = Vec::new();
        for (phase_index, phase) in record.phases.iter().enumerate() {
            let mut step_indexes = Vec::new();
            for step in &phase.steps {
                let section = step.section.as_ref().and_then(|section| {
                    let found = find(section_ids.iter().copied(), &section.value);
                    if found.is_none() {
                        self.unknown(&yaml, section, "section", &section.value, &section_ids);
                    }
                    found
                });
                step_indexes.push(steps.len());
                steps.push(Step {
                    id: step.id.value.clone(),
                    phase: phase_index,
                    title: step.title.clone(),
                    subtitle: step.subtitle.clone(),
                    kind: step.kind,
                    scope: step.scope,
                    objectives: step.objectives.clone(),
                    province_activities: step.province_activities.clone(),
                    support: step.support.clone(),
                    agenda: step.agenda.clone(),
                    expected_output: step.expected_output.clone(),
                    section,
                });
            }
            phases.push(Phase {
                id: phase.id.value.clone(),
                number: phase.number,
                title: phase.title.clone(),
                description: phase.description.clone(),
                goals: phase.goals.clone(),
                steps: step_indexes,
            });
        }
        Programme {
            title: record.title.clone(),
            subtitle: record.subtitle.clone(),
            description: record.description.clone(),
            organisations,
            funding: record.funding.clone(),
            default_licence: self.licence(&yaml, &record.default_licence),
            sections: record
                .sections
                .iter()
                .map(|s| WorkSection {
                    id: s.id.value.clone(),
                    number: s.number,
                    title: s.title.clone(),
                    description: s.description.clone(),
                })
                .collect(),
            phases,
            steps,
        }
    }

    fn groups(&mut self, file: &DataFile<GroupsFile>) -> Vec<Group> {
        let yaml = file.yaml();
        self.unique_ids(&yaml, file.value.groups.iter().map(|g| &g.id), "group");
        file.value
            .groups
            .iter()
            .map(|group| Group {
                id: group.id.value.clone(),
                name: group.name.clone(),
                description: group.description.clone(),
                provinces: Vec::new(),
            })
            .collect()
    }

    fn provinces(&mut self, files: &[DataFile<ProvinceRecord>], groups: &[Group]) -> Vec<Province> {
        let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        let mut provinces = Vec::new();
        for file in files {
            let yaml = file.yaml();
            let record = &file.value;
            let sigla = &record.sigla;
            let file_stem = file
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let Some(unit) = self.istat.unit(&sigla.value) else {
                let diagnostic = self.unknown_sigla(&yaml, sigla, &file_stem);
                self.push(diagnostic);
                self.broken_siglas.insert(file_stem);
                continue;
            };
            if file_stem != sigla.value {
                self.push(
                    yaml.error_at(
                        sigla,
                        format!("the sigla `{}` does not match the file name", sigla.value),
                    )
                    .label(format!("this file is {}", file.shown_path.display()))
                    .help(format!(
                        "rename the file to {}.yaml, or correct the sigla",
                        sigla.value
                    )),
                );
                self.broken_siglas.insert(file_stem.clone());
            }
            // A bad group does not hide the file's other problems: the Comuni are checked too.
            let group = find(group_ids.iter().copied(), &record.group.value);
            if group.is_none() {
                self.unknown(
                    &yaml,
                    &record.group,
                    "group",
                    &record.group.value,
                    &group_ids,
                );
                self.broken_siglas.insert(sigla.value.clone());
            }
            let comuni = self.province_comuni(&yaml, record, &sigla.value);
            let Some(group) = group else {
                continue;
            };
            provinces.push(Province {
                sigla: sigla.value.clone(),
                slug: slug::slugify(&unit.name),
                unit: unit.clone(),
                group,
                referents: clone_people(&record.referents),
                team: clone_people(&record.team),
                comuni,
                comuni_total: self.istat.comuni_count(&sigla.value),
                notes: record.notes.clone(),
                file: file.shown_path.clone(),
                events: Vec::new(),
                project_work: None,
            });
        }
        provinces.sort_by(|a, b| a.unit.name.cmp(&b.unit.name));
        provinces
    }

    /// The Comuni a Province serves, each checked against ISTAT: known, of this Province, once.
    fn province_comuni(
        &mut self,
        yaml: &YamlSource,
        record: &ProvinceRecord,
        sigla: &str,
    ) -> Vec<Comune> {
        let mut comuni = Vec::new();
        let mut seen = HashSet::new();
        for code in &record.comuni {
            match self.istat.comune(&code.value) {
                Some(comune) if comune.sigla != sigla => self.push(
                    yaml.error_at(
                        code,
                        format!(
                            "the Comune {} ({}) is in the Province {}, not {}",
                            comune.istat_code, comune.name, comune.sigla, sigla
                        ),
                    )
                    .help("list only the Comuni of this Province"),
                ),
                Some(comune) => {
                    if seen.insert(&comune.istat_code) {
                        comuni.push(comune.clone());
                    } else {
                        self.push(yaml.error_at(
                            code,
                            format!(
                                "the Comune {} ({}) is listed twice",
                                code.value, comune.name
                            ),
                        ));
                    }
                }
                None => {
                    let diagnostic = self.unknown_comune(yaml, code);
                    self.push(diagnostic);
                }
            }
        }
        comuni.sort_by(|a, b| a.name.cmp(&b.name));
        comuni
    }

    fn events(
        &mut self,
        files: &[DataFile<EventsFile>],
        programme: &Programme,
        groups: &[Group],
        provinces: &[Province],
    ) -> Vec<Event> {
        let step_ids: Vec<&str> = programme.steps.iter().map(|s| s.id.as_str()).collect();
        let group_ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        let siglas: Vec<&str> = provinces.iter().map(|p| p.sigla.as_str()).collect();
        let mut events = Vec::new();
        // Where each event was written, for the overlap and duplicate checks.
        let mut origins: Vec<(&DataFile<EventsFile>, &EventRecord)> = Vec::new();
        let mut first_use: HashMap<&str, (PathBuf, usize)> = HashMap::new();
        for file in files {
            let yaml = file.yaml();
            for record in &file.value.events {
                if !is_slug(&record.id.value) {
                    self.push(
                        yaml.error_at(
                            &record.id,
                            format!("the event id `{}` is not usable in a URL", record.id.value),
                        )
                        .label("expected lowercase letters, digits and dashes")
                        .help(format!("write it as `{}`", slug::slugify(&record.id.value))),
                    );
                }
                let line = yaml.locate(&record.id.referenced).line;
                if let Some((first_file, first_line)) =
                    first_use.insert(&record.id.value, (file.shown_path.clone(), line))
                {
                    self.push(
                        yaml.error_at(
                            &record.id,
                            format!("the event id `{}` is used twice", record.id.value),
                        )
                        .help(format!(
                            "ids must be unique; the first use is in {}:{first_line}",
                            first_file.display()
                        )),
                    );
                }
                if let Some(event) =
                    self.event(&yaml, record, programme, &step_ids, &group_ids, &siglas)
                {
                    events.push(event);
                    origins.push((file, record));
                }
            }
        }
        self.check_overlaps(&events, &origins, provinces);
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|a, b| {
            events[*a]
                .start
                .cmp(&events[*b].start)
                .then_with(|| events[*a].id.cmp(&events[*b].id))
        });
        let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
        order.into_iter().filter_map(|i| slots[i].take()).collect()
    }

    /// The event's kind: the one its step implies, which `kind:` may repeat but not contradict.
    fn event_kind(&mut self, yaml: &YamlSource, record: &EventRecord, step: &Step) -> EventKind {
        let implied = match step.kind {
            StepKind::Webinar => EventKind::Webinar,
            StepKind::IntermediatePhase => EventKind::Session,
            StepKind::Delivery => EventKind::Deadline,
        };
        if let Some(written) = &record.kind
            && written.value != implied
        {
            self.push(
                yaml.error_at(
                    written,
                    format!(
                        "the step `{}` has events of kind `{}`, not `{}`",
                        step.id,
                        implied.name(),
                        written.value.name()
                    ),
                )
                .help(
                    "remove `kind:` (it follows from the step), or choose the step the event belongs to",
                ),
            );
        }
        implied
    }

    /// When the event ends: a deadline is a date with no end; any other event has a time and
    /// ends later, by `end` or by `duration_minutes`.
    fn event_end(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        kind: EventKind,
    ) -> Option<LocalDateTime> {
        let start = &record.start;
        if kind == EventKind::Deadline {
            self.check_deadline(yaml, record);
            return None;
        }
        if !start.value.has_time {
            self.push(
                yaml.error_at(start, "the event has a date but no time")
                    .label("only a deadline is a date alone")
                    .help(format!(
                        "write the time too: `start: {}T10:00`",
                        start.value.date()
                    )),
            );
        }
        match (&record.end, &record.duration_minutes) {
            (Some(_), Some(duration)) => {
                self.push(
                    yaml.error_at(
                        duration,
                        "write either `end` or `duration_minutes`, not both",
                    )
                    .help("remove one of the two"),
                );
                None
            }
            (Some(end), None) => {
                self.check_end(yaml, start, end);
                Some(end.value)
            }
            (None, Some(duration)) => {
                if duration.value == 0 {
                    self.push(yaml.error_at(duration, "the duration must be at least 1 minute"));
                }
                Some(add_minutes(start.value, duration.value))
            }
            (None, None) => {
                self.push(
                    yaml.error_at(start, "the event has no end")
                        .help("add `end: <date and time>` or `duration_minutes: 60`"),
                );
                None
            }
        }
    }

    /// `end` is a date and time later than `start`.
    fn check_end(
        &mut self,
        yaml: &YamlSource,
        start: &Spanned<LocalDateTime>,
        end: &Spanned<LocalDateTime>,
    ) {
        let problem = if !end.value.has_time {
            Some("`end` has a date but no time")
        } else if end.value == start.value {
            Some("the event ends when it starts")
        } else if end.value < start.value {
            Some("the event ends before it starts")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.push(
                yaml.error_at(end, problem)
                    .label(format!("it starts at {}", start.value.rfc3339()))
                    .help("`end` is a date and time later than `start`; or write `duration_minutes: 60` instead"),
            );
        }
    }

    /// A deadline is a day: no time, no end, no duration.
    fn check_deadline(&mut self, yaml: &YamlSource, record: &EventRecord) {
        let day = record.start.value.date();
        if record.start.value.has_time {
            self.push(
                yaml.error_at(&record.start, "a deadline is a date, without a time")
                    .help(format!("write `start: {day}`")),
            );
        }
        if let Some(end) = &record.end {
            self.push(
                yaml.error_at(end, "a deadline has no end: it is a single day")
                    .help("remove `end:`"),
            );
        }
        if let Some(duration) = &record.duration_minutes {
            self.push(
                yaml.error_at(duration, "a deadline has no duration: it is a single day")
                    .help("remove `duration_minutes:`"),
            );
        }
    }

    fn event(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        programme: &Programme,
        step_ids: &[&str],
        group_ids: &[&str],
        siglas: &[&str],
    ) -> Option<Event> {
        let Some(step_index) = find(step_ids.iter().copied(), &record.step.value) else {
            self.unknown(yaml, &record.step, "step", &record.step.value, step_ids);
            return None;
        };
        let step = &programme.steps[step_index];
        let mut valid = true;
        let group = match (&record.group, step.scope) {
            (Some(group), StepScope::Group) => {
                let found = find(group_ids.iter().copied(), &group.value);
                if found.is_none() {
                    self.unknown(yaml, group, "group", &group.value, group_ids);
                }
                found
            }
            (Some(group), StepScope::Province) => {
                self.push(
                    yaml.error_at(
                        group,
                        format!(
                            "the step `{}` is held with each Province, not with a group",
                            step.id
                        ),
                    )
                    .help("replace `group:` with `province: <SIGLA>`"),
                );
                valid = false;
                None
            }
            (None, StepScope::Group) => {
                self.push(
                    yaml.error_at(
                        &record.step,
                        format!(
                            "the step `{}` is held with a group: the event needs `group:`",
                            step.id
                        ),
                    )
                    .help(format!(
                        "add `group:` with one of: {}",
                        group_ids.join(", ")
                    )),
                );
                valid = false;
                None
            }
            (None, StepScope::Province) => None,
        };
        let province = match (&record.province, step.scope) {
            (Some(sigla), StepScope::Province) => {
                let found = find(siglas.iter().copied(), &sigla.value);
                if found.is_none() {
                    self.unknown(yaml, sigla, "Province", &sigla.value, siglas);
                }
                found
            }
            (Some(sigla), StepScope::Group) => {
                self.push(
                    yaml.error_at(
                        sigla,
                        format!(
                            "the step `{}` is held with a group, not with one Province",
                            step.id
                        ),
                    )
                    .help("replace `province:` with `group: <id>`"),
                );
                valid = false;
                None
            }
            (None, StepScope::Province) => {
                self.push(
                    yaml.error_at(
                        &record.step,
                        format!(
                            "the step `{}` is held with each Province: the event needs `province:`",
                            step.id
                        ),
                    )
                    .help("add `province:` with the sigla of the Province"),
                );
                valid = false;
                None
            }
            (None, StepScope::Group) => None,
        };
        let kind = self.event_kind(yaml, record, step);
        let start = record.start.value;
        let end = self.event_end(yaml, record, kind);
        let meeting_url = record
            .meeting_url
            .as_ref()
            .and_then(|url| self.url(yaml, url));
        let materials = record
            .materials
            .iter()
            .map(|material| self.material(yaml, material))
            .collect();
        if (group.is_none() && province.is_none()) || !valid {
            return None;
        }
        Some(Event {
            id: record.id.value.clone(),
            file: yaml.file.to_path_buf(),
            step: step_index,
            group,
            province,
            kind,
            title: record.title.clone().unwrap_or_else(|| step.title.clone()),
            start,
            end,
            mode: record.mode,
            platform: record.platform.clone(),
            location: record.location.clone(),
            meeting_url,
            meeting_url_public: record.meeting_url_public,
            status: record.status,
            revision: record.revision,
            updated: record.updated.value,
            materials,
            notes: record.notes.clone(),
        })
    }

    fn material(&mut self, yaml: &YamlSource, record: &MaterialRecord) -> Material {
        let mut material = Material {
            title: record.title.value.clone(),
            url: None,
            source: None,
            file_name: None,
            format: None,
            size: None,
        };
        match (&record.file, &record.url) {
            (Some(file), None) => {
                let data_dir = self.root.join("data");
                if let Some(found) = self.referenced_file(yaml, file, &data_dir) {
                    material.file_name = Some(found.file_name);
                    material.format = Some(found.format);
                    material.size = Some(found.size);
                    material.source = Some(found.path);
                }
            }
            (None, Some(url)) => material.url = self.url(yaml, url),
            (Some(file), Some(_)) => {
                self.push(yaml.error_at(file, "a material is either a `file` or a `url`, not both"))
            }
            (None, None) => self.push(
                yaml.error_at(
                    &record.title,
                    format!(
                        "the material `{}` has neither `file` nor `url`",
                        record.title.value
                    ),
                )
                .help("add `file: <name of a file under data/>` or `url: https://…`"),
            ),
        }
        material
    }

    /// A file an editor named: relative, inside `base` and the site root, a regular file (not a
    /// link leading out), of an allowed type.
    fn referenced_file(
        &mut self,
        yaml: &YamlSource,
        written: &Spanned<String>,
        base: &Path,
    ) -> Option<FoundFile> {
        let relative = Path::new(&written.value);
        let escapes = relative.is_absolute()
            || written.value.starts_with(['/', '\\'])
            || relative
                .components()
                .any(|c| matches!(c, std::path::Component::ParentDir));
        if escapes {
            self.push(
                yaml.error_at(
                    written,
                    format!("`{}` points outside the site", written.value),
                )
                .label("expected a path inside the folder of this record, without `..`")
                .help("put the file beside the YAML file and write just its name"),
            );
            return None;
        }
        let path = base.join(relative);
        let canonical_root = self.root.canonicalize().ok()?;
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(_) => {
                self.push(
                    yaml.error_at(
                        written,
                        format!("the file `{}` does not exist", written.value),
                    )
                    .label(format!(
                        "expected a file at {}",
                        crate::load::content::shown(&path, self.root).display()
                    )),
                );
                return None;
            }
        };
        let inside = path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&canonical_root));
        if !inside {
            self.push(
                yaml.error_at(
                    written,
                    format!("`{}` is a link leading outside the site", written.value),
                )
                .help("copy the file into the site instead of linking to it"),
            );
            return None;
        }
        let real_metadata = std::fs::metadata(&path).unwrap_or(metadata);
        if !real_metadata.is_file() {
            self.push(yaml.error_at(written, format!("`{}` is not a file", written.value)));
            return None;
        }
        let extension = relative
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let Some((_, format, _)) = DOCUMENT_TYPES.iter().find(|(ext, _, _)| *ext == extension)
        else {
            let allowed: Vec<&str> = DOCUMENT_TYPES.iter().map(|(ext, _, _)| *ext).collect();
            self.push(
                yaml.error_at(
                    written,
                    format!("files of type `.{extension}` cannot be published"),
                )
                .help(format!("allowed types: {}", allowed.join(", "))),
            );
            return None;
        };
        let facts = match crate::load::document::inspect(&path, *format == "PDF") {
            Ok(facts) => facts,
            Err(problem) => {
                self.push(
                    yaml.error_at(written, format!("`{}`: {problem}", written.value))
                        .label(format!("declared as {format} by its extension"))
                        .help(problem.help()),
                );
                return None;
            }
        };
        Some(FoundFile {
            file_name: relative
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            format: (*format).to_owned(),
            size: facts.size,
            sha256: facts.sha256,
            pages: facts.pages,
            path,
        })
    }

    /// No two events of one group, or of one Province (its own and its group's), may overlap.
    fn check_overlaps(
        &mut self,
        events: &[Event],
        origins: &[(&DataFile<EventsFile>, &EventRecord)],
        provinces: &[Province],
    ) {
        let mut by_attendee: BTreeMap<(u8, usize), Vec<usize>> = BTreeMap::new();
        for (index, event) in events.iter().enumerate() {
            if event.status == EventStatus::Cancelled || event.kind == EventKind::Deadline {
                continue;
            }
            if let Some(group) = event.group {
                by_attendee.entry((0, group)).or_default().push(index);
                for (p, province) in provinces.iter().enumerate() {
                    if province.group == group {
                        by_attendee.entry((1, p)).or_default().push(index);
                    }
                }
            }
            if let Some(province) = event.province {
                by_attendee.entry((1, province)).or_default().push(index);
            }
        }
        let mut reported = HashSet::new();
        for ((kind, who), mut indexes) in by_attendee {
            indexes.sort_by_key(|i| events[*i].start);
            for pair in indexes.windows(2) {
                let (a, b) = (&events[pair[0]], &events[pair[1]]);
                let a_end = a.end.unwrap_or(a.start);
                if b.start < a_end && reported.insert((pair[0], pair[1])) {
                    let (file, record) = origins[pair[1]];
                    let attendee = if kind == 0 {
                        "group".to_owned()
                    } else {
                        format!("Province {}", provinces[who].sigla)
                    };
                    self.push(
                        file.yaml()
                            .error_at(
                                &record.start,
                                format!("`{}` overlaps `{}` of the same {attendee}", b.id, a.id),
                            )
                            .label(format!("`{}` runs until {}", a.id, a_end.rfc3339()))
                            .help("move one of the two events"),
                    );
                }
            }
        }
    }

    fn project_works(
        &mut self,
        files: &[DataFile<ProjectWorkRecord>],
        programme: &Programme,
        provinces: &[Province],
    ) -> Vec<ProjectWork> {
        let siglas: Vec<&str> = provinces.iter().map(|p| p.sigla.as_str()).collect();
        let section_ids: Vec<&str> = programme.sections.iter().map(|s| s.id.as_str()).collect();
        let mut works: Vec<ProjectWork> = Vec::new();
        let mut first_file: HashMap<usize, PathBuf> = HashMap::new();
        for file in files {
            let yaml = file.yaml();
            let record = &file.value;
            let Some(province) = find(siglas.iter().copied(), &record.province.value) else {
                self.unknown(
                    &yaml,
                    &record.province,
                    "Province",
                    &record.province.value,
                    &siglas,
                );
                continue;
            };
            if let Some(first) = first_file.insert(province, file.shown_path.clone()) {
                self.push(
                    yaml.error_at(
                        &record.province,
                        format!(
                            "the Province {} already has a project work",
                            record.province.value
                        ),
                    )
                    .help(format!(
                        "the other one is {}; keep one project work per Province",
                        first.display()
                    )),
                );
                continue;
            }
            let folder = file.path.parent().unwrap_or(self.root).to_path_buf();
            let folder_name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
            if folder_name.as_deref() != Some(record.province.value.as_str()) {
                self.push(
                    yaml.error_at(
                        &record.province,
                        format!(
                            "this project work of {} is in the folder of another Province",
                            record.province.value
                        ),
                    )
                    .help(format!(
                        "move it to data/project-works/{}/",
                        record.province.value
                    )),
                );
            }
            let peer_reviewer = record.peer_reviewer.as_ref().and_then(|peer| {
                if peer.value == record.province.value {
                    self.push(
                        yaml.error_at(peer, "a Province cannot be its own peer reviewer")
                            .help("the peer reviewer is another Province, one that took part in the Fase 2 focus groups"),
                    );
                    return None;
                }
                let found = find(siglas.iter().copied(), &peer.value);
                if found.is_none() {
                    self.unknown(&yaml, peer, "Province", &peer.value, &siglas);
                }
                found
            });
            let mut sections: Vec<WorkSectionState> = Vec::new();
            for section in &record.sections {
                let Some(index) = find(section_ids.iter().copied(), &section.section.value) else {
                    self.unknown(
                        &yaml,
                        &section.section,
                        "section",
                        &section.section.value,
                        &section_ids,
                    );
                    continue;
                };
                if sections.iter().any(|s| s.section == index) {
                    self.push(yaml.error_at(
                        &section.section,
                        format!("the section `{}` is listed twice", section.section.value),
                    ));
                    continue;
                }
                if let (Some(delivered), Some(feedback)) = (&section.delivered, &section.feedback)
                    && feedback.value < delivered.value
                {
                    self.push(
                        yaml.error_at(feedback, "the feedback comes before the delivery")
                            .label(format!("delivered on {}", delivered.value.date())),
                    );
                }
                sections.push(WorkSectionState {
                    section: index,
                    status: section.status,
                    summary: section.summary.clone(),
                    delivered: section.delivered.as_ref().map(|d| d.value),
                    feedback: section.feedback.as_ref().map(|d| d.value),
                });
            }
            for index in 0..programme.sections.len() {
                if !sections.iter().any(|s| s.section == index) {
                    sections.push(WorkSectionState {
                        section: index,
                        status: SectionStatus::NotStarted,
                        summary: None,
                        delivered: None,
                        feedback: None,
                    });
                }
            }
            sections.sort_by_key(|s| s.section);
            if let (Some(delivered), Some(published)) =
                (&record.delivered, &record.publication_date)
                && published.value < delivered.value
            {
                self.push(
                    yaml.error_at(published, "the work is published before it was delivered")
                        .label(format!(
                            "delivered to AFOL MB on {}",
                            delivered.value.date()
                        ))
                        .help("the publication date comes on or after the delivery date"),
                );
            }
            let licence = match &record.licence {
                Some(written) => self.licence(&yaml, written),
                None => programme.default_licence.clone(),
            };
            let documents: Vec<Document> = record
                .documents
                .iter()
                .filter_map(|document| {
                    let found = self.referenced_file(&yaml, &document.file, &folder)?;
                    let media_type = DOCUMENT_TYPES
                        .iter()
                        .find(|(_, format, _)| *format == found.format)
                        .map_or("application/octet-stream", |(_, _, media)| media);
                    Some(Document {
                        title: document.title.clone(),
                        role: document.role,
                        file_name: found.file_name,
                        format: found.format,
                        media_type: media_type.to_owned(),
                        size: found.size,
                        sha256: found.sha256,
                        pages: found.pages,
                        source: found.path,
                    })
                })
                .collect();
            if record.is_published() {
                self.check_publishable(&yaml, record);
            }
            works.push(ProjectWork {
                province,
                title: record.title.value.clone(),
                abstract_text: record.abstract_text.as_ref().map(|a| a.value.clone()),
                published: record.is_published(),
                sections,
                peer_reviewer,
                delivered: record.delivered.as_ref().map(|d| d.value),
                publication_date: record.publication_date.as_ref().map(|d| d.value),
                version: record.version.clone(),
                keywords: record.keywords.clone(),
                licence,
                documents,
                file: file.shown_path.clone(),
            });
        }
        works
    }

    /// A published work has its abstract, its main document, its delivery and publication
    /// dates.
    fn check_publishable(&mut self, yaml: &YamlSource, record: &ProjectWorkRecord) {
        let Some(published) = &record.published else {
            return;
        };
        let mut missing = Vec::new();
        if record
            .abstract_text
            .as_ref()
            .is_none_or(|a| a.value.trim().is_empty())
        {
            missing.push("no `abstract`");
        }
        if !record
            .documents
            .iter()
            .any(|d| d.role == DocumentRole::Main)
        {
            missing.push("no document with `role: main`");
        }
        if record.delivered.is_none() {
            missing.push("no `delivered` date");
        }
        if record.publication_date.is_none() {
            missing.push("no `publication_date`");
        }
        if !missing.is_empty() {
            self.push(
                yaml.error_at(
                    published,
                    format!(
                        "this work is marked `published: true` but has {}",
                        missing.join(", ")
                    ),
                )
                .help("complete the record, or set `published: false` until it is ready"),
            );
        }
    }
}

/// The page of a Province's published project work: `/archivio/<province>/`.
pub fn work_path(province: &Province) -> crate::model::SitePath {
    crate::model::SitePath::from_segments(["archivio", province.slug.as_str()])
}

/// Where a project work's document is published, beside its page: `/archivio/<province>/<file>`.
pub fn document_path(province: &Province, document: &Document) -> crate::model::SitePath {
    work_path(province).join_file(&document.file_name)
}

/// Where an event's material file is published: `/calendario/<event>/<file>`.
pub fn material_path(event: &Event, file_name: &str) -> crate::model::SitePath {
    crate::model::SitePath::from_segments(["calendario", event.id.as_str()]).join_file(file_name)
}

impl ProgrammeData {
    /// Every file the data publishes as it is: (output path, source file).
    pub fn published_files(&self) -> Vec<(String, PathBuf)> {
        // Documents of a work are published with it, not before.
        let documents = self
            .project_works
            .iter()
            .filter(|work| work.published)
            .flat_map(|work| {
                let province = &self.provinces[work.province];
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

struct FoundFile {
    path: PathBuf,
    file_name: String,
    format: String,
    size: u64,
    sha256: String,
    pages: Option<u32>,
}

fn clone_people(people: &[PersonRecord]) -> Vec<PersonRecord> {
    people
        .iter()
        .map(|person| PersonRecord {
            role: person.role.clone(),
            name: person.name.clone(),
            office: person.office.clone(),
        })
        .collect()
}

fn is_slug(id: &str) -> bool {
    !id.is_empty() && slug::slugify(id) == id
}

/// `start` plus `minutes`, staying in Italian local time across a daylight-saving change.
fn add_minutes(start: LocalDateTime, minutes: u32) -> LocalDateTime {
    let instant = start.timestamp() + jiff::SignedDuration::from_mins(i64::from(minutes));
    LocalDateTime::from_timestamp(instant)
}
