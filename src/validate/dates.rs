//! What the data says about time, checked against the reference date: a work's section marked
//! delivered or approved before any session (webinar or individual session, not a deadline) of
//! its steps has taken place for the Province is a warning (an event's own status is settled
//! here too, by [`Checker::status_by_date`]).

use super::Checker;
use crate::load::data::{
    DataFile, EventKind, EventRecord, EventStatus, ProjectWorkRecord, SectionStatus,
};
use crate::load::yaml::YamlSource;
use crate::model::data::ProgrammeData;
use crate::model::refs::Ref;
use crate::time::LocalDateTime;
use std::sync::Arc;

impl Checker<'_> {
    /// What the event's status is on the reference date: the data decides a cancellation or
    /// a postponement; otherwise an event over before the reference date has been held and
    /// one that is not over has not. `held` written for an event not yet over is a warning.
    pub(super) fn status_by_date(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        start: LocalDateTime,
        end: Option<LocalDateTime>,
    ) -> EventStatus {
        let written = record
            .status
            .as_ref()
            .map_or(EventStatus::Scheduled, |s| s.value);
        let last_day = end.unwrap_or(start).date();
        let over = last_day < self.today;
        match written {
            EventStatus::Cancelled | EventStatus::Postponed => written,
            _ if over => EventStatus::Held,
            // Held on the reference date itself: it may well be over by now.
            EventStatus::Held if start.date() <= self.today => written,
            EventStatus::Held => {
                if let Some(status) = &record.status {
                    self.warn(
                        yaml.error_at(status, "the event is marked held but has not taken place yet")
                            .label(format!(
                                "it takes place on {}, after the reference date {}",
                                crate::time::date_it(start.date()),
                                crate::time::date_it(self.today)
                            ))
                            .help("write `status: scheduled` (or `confirmed`); once it has taken place the portal says «Svolto» by itself"),
                    );
                }
                EventStatus::Scheduled
            }
            _ => written,
        }
    }

    pub(super) fn sections_by_date(
        &mut self,
        files: &[Arc<DataFile<ProjectWorkRecord>>],
        data: &ProgrammeData,
    ) {
        for file in files {
            let record = &file.value;
            let Some(province) = data
                .provinces
                .iter()
                .find(|p| p.sigla == record.province.value)
            else {
                continue;
            };
            let yaml = file.yaml();
            for written in &record.sections {
                if written.status < SectionStatus::Delivered {
                    continue;
                }
                let Some(section) = data
                    .programme
                    .sections
                    .iter()
                    .position(|s| s.id == written.section.value)
                    .map(Ref::new)
                else {
                    continue;
                };
                // The first session, for this Province, of a step working on the section.
                let first = province
                    .events
                    .iter()
                    .map(|e| &data[*e])
                    .filter(|e| data[e.step].section == Some(section))
                    // A deadline is when the section is due: delivering before it is on time.
                    .filter(|e| e.kind != EventKind::Deadline && e.status != EventStatus::Cancelled)
                    .map(|e| e.start.date())
                    .min();
                if let Some(first) = first.filter(|first| *first > self.today) {
                    self.warn(
                        yaml.error_at(
                            &written.section,
                            format!(
                                "the section `{}` is marked {} before its step has taken place",
                                written.section.value,
                                status_name(written.status)
                            ),
                        )
                        .label(format!(
                            "its first session with {} is on {}, after the reference date {}",
                            province.unit.name,
                            crate::time::date_it(first),
                            crate::time::date_it(self.today)
                        ))
                        .help("write the status the section has today (`in_progress` or `not_started`)"),
                    );
                }
            }
        }
    }
}

fn status_name(status: SectionStatus) -> &'static str {
    match status {
        SectionStatus::Approved => "approved",
        SectionStatus::Delivered => "delivered",
        SectionStatus::InProgress => "in progress",
        SectionStatus::NotStarted => "not started",
    }
}
