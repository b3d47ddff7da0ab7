//! What the data says about time, checked against the reference date: a work's section marked
//! delivered or approved before any session (webinar or individual session, not a deadline) of
//! its steps has taken place for the Province is a warning (an event's own status is settled
//! in `events.rs`).

use super::Checker;
use crate::load::data::{DataFile, EventKind, EventStatus, ProjectWorkRecord, SectionStatus};
use crate::model::data::ProgrammeData;

impl Checker<'_> {
    pub(super) fn sections_by_date(
        &mut self,
        files: &[DataFile<ProjectWorkRecord>],
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
                else {
                    continue;
                };
                // The first session, for this Province, of a step working on the section.
                let first = province
                    .events
                    .iter()
                    .map(|e| &data.events[*e])
                    .filter(|e| data.programme.steps[e.step].section == Some(section))
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
