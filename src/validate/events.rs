//! Events: step, group or Province, times, materials, and no overlap for one attendee.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::{Checker, Referent, add_minutes, find, is_slug};
use crate::load::data::{
    DataFile, EventKind, EventRecord, EventStatus, EventsFile, MaterialRecord, StepKind, StepScope,
};
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::{
    Attendees, Event, EventId, Group, GroupRef, Material, Programme, Province, ProvinceRef, Step,
};
use crate::model::refs::{Ref, with_refs};
use crate::time::LocalDateTime;

impl Checker<'_> {
    pub(super) fn events(
        &mut self,
        files: &[Arc<DataFile<EventsFile>>],
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
        // Located only when a second use is found: locating counts the lines before a value.
        let mut first_use: HashMap<&str, (&DataFile<EventsFile>, &EventRecord)> = HashMap::new();
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
                if let Some((first_file, first)) =
                    first_use.insert(&record.id.value, (file, record))
                {
                    let first_line = first_file.yaml().locate(&first.id.referenced).line;
                    self.push(
                        yaml.error_at(
                            &record.id,
                            format!("the event id `{}` is used twice", record.id.value),
                        )
                        .help(format!(
                            "ids must be unique; the first use is in {}:{first_line}",
                            first_file.shown_path.display()
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
        self.check_overlaps(&events, &origins, provinces, groups.len());
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

    pub(super) fn event(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        programme: &Programme,
        step_ids: &[&str],
        group_ids: &[&str],
        siglas: &[&str],
    ) -> Option<Event> {
        let Some(step_index) = find(step_ids.iter().copied(), &record.step.value) else {
            self.unknown(
                yaml,
                &record.step,
                Referent::Step,
                &record.step.value,
                step_ids,
            );
            return None;
        };
        let step = &programme[step_index];
        let group = self.event_group(yaml, record, step, group_ids);
        let province = self.event_province(yaml, record, step, siglas);
        let groups = self.event_groups(yaml, record, step, group_ids);
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
        let (Ok(group), Ok(province), Ok(groups)) = (group, province, groups) else {
            return None;
        };
        let attendees = groups
            .or(group.map(Attendees::Group))
            .or(province.map(Attendees::Province))?;
        Some(Event {
            id: EventId::new(record.id.value.clone()),
            file: yaml.file.to_path_buf(),
            step: step_index,
            attendees,
            kind,
            title: record.title.clone().unwrap_or_else(|| step.title.clone()),
            start,
            end,
            mode: record.mode,
            platform: record.platform.clone(),
            location: record.location.clone(),
            meeting_url,
            meeting_url_public: record.meeting_url_public,
            status: self.status_by_date(yaml, record, start, end),
            revision: record.revision,
            updated: record.updated.value,
            materials,
            notes: record.notes.clone(),
        })
    }

    /// The group an event is held with, when its step is held per group; `Err` when the event
    /// names the wrong kind of attendee for its step (already reported).
    fn event_group(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        step: &Step,
        group_ids: &[&str],
    ) -> Result<Option<GroupRef>, ()> {
        if record.groups.is_some() {
            // `groups:` stands in for `group:`; writing both is reported by `event_groups`.
            return Ok(None);
        }
        self.event_attendee(yaml, record, step, &GROUP, record.group.as_ref(), group_ids)
    }

    /// The Province an event is held with, when its step is held per Province.
    fn event_province(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        step: &Step,
        siglas: &[&str],
    ) -> Result<Option<ProvinceRef>, ()> {
        if record.groups.is_some() && record.province.is_none() && step.scope == StepScope::Province
        {
            // `groups:` on a step held per Province: `event_groups` says so, once.
            return Err(());
        }
        self.event_attendee(
            yaml,
            record,
            step,
            &PROVINCE,
            record.province.as_ref(),
            siglas,
        )
    }

    /// The attendee of kind `attendee` that `written` names, checked against the step's scope:
    /// written where the step wants it (and known), or absent where it does not.
    fn event_attendee<T>(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        step: &Step,
        attendee: &Attendee,
        written: Option<&Spanned<String>>,
        known: &[&str],
    ) -> Result<Option<Ref<T>>, ()> {
        let wanted = step.scope == attendee.scope;
        match (written, wanted) {
            (Some(value), true) => {
                let found = find(known.iter().copied(), &value.value);
                if found.is_none() {
                    self.unknown(yaml, value, attendee.referent, &value.value, known);
                }
                Ok(found)
            }
            (Some(value), false) => {
                self.push(
                    yaml.error_at(
                        value,
                        format!("the step `{}` {}", step.id, attendee.not_here),
                    )
                    .help(attendee.replace),
                );
                Err(())
            }
            (None, true) => {
                self.push(
                    yaml.error_at(
                        &record.step,
                        format!("the step `{}` {}", step.id, attendee.needed),
                    )
                    .help((attendee.add)(known)),
                );
                Err(())
            }
            (None, false) => Ok(None),
        }
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

    pub(super) fn material(&mut self, yaml: &YamlSource, record: &MaterialRecord) -> Material {
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

    /// No two events of one group, or of one Province (its own and its group's), may overlap.
    pub(super) fn check_overlaps(
        &mut self,
        events: &[Event],
        origins: &[(&DataFile<EventsFile>, &EventRecord)],
        provinces: &[Province],
        group_count: usize,
    ) {
        // Who: 0 and a group's index, or 1 and a Province's.
        let mut by_attendee: BTreeMap<(u8, usize), Vec<usize>> = BTreeMap::new();
        for (index, event) in events.iter().enumerate() {
            if event.status == EventStatus::Cancelled || event.kind == EventKind::Deadline {
                continue;
            }
            for group in event.attendees.groups(group_count) {
                by_attendee
                    .entry((0, group.index()))
                    .or_default()
                    .push(index);
            }
            for (p, province) in with_refs(provinces) {
                if event.attendees.includes_province(p, province.group) {
                    by_attendee.entry((1, p.index())).or_default().push(index);
                }
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
}

/// What an event says about one kind of attendee, and the messages for its misuse.
struct Attendee {
    scope: StepScope,
    referent: Referent,
    /// After "the step `x`", when the event names this attendee for a step of the other scope.
    not_here: &'static str,
    replace: &'static str,
    /// After "the step `x`", when the step wants this attendee and the event has none.
    needed: &'static str,
    add: fn(&[&str]) -> String,
}

const GROUP: Attendee = Attendee {
    scope: StepScope::Group,
    referent: Referent::Group,
    not_here: "is held with each Province, not with a group",
    replace: "replace `group:` with `province: <SIGLA>`",
    needed: "is held with a group: the event needs `group:`",
    add: |groups| {
        format!(
            "add `group:` with one of: {}; or `groups: all` for every group",
            groups.join(", ")
        )
    },
};

const PROVINCE: Attendee = Attendee {
    scope: StepScope::Province,
    referent: Referent::Province,
    not_here: "is held with a group, not with one Province",
    replace: "replace `province:` with `group: <id>`",
    needed: "is held with each Province: the event needs `province:`",
    add: |_| "add `province:` with the sigla of the Province".to_owned(),
};
