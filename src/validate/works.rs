//! Project works: Province, sections, peer review, documents, and what publishing needs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Checker, Referent, find};
use crate::load::data::{DataFile, DocumentRole, ProjectWorkRecord, SectionStatus};
use crate::load::yaml::YamlSource;
use crate::model::data::{
    Document, FocusGroupProvince, Programme, ProjectWork, Province, ProvinceRef, Reviewer, WorkId,
    WorkSectionState,
};
use crate::model::refs::Ref;

impl Checker<'_> {
    pub(super) fn project_works(
        &mut self,
        files: &[Arc<DataFile<ProjectWorkRecord>>],
        programme: &Programme,
        provinces: &[Province],
        focus_group: &[FocusGroupProvince],
    ) -> Vec<ProjectWork> {
        let siglas: Vec<&str> = provinces.iter().map(|p| p.sigla.as_str()).collect();
        let reviewers: Vec<&str> = focus_group.iter().map(|p| p.sigla.as_str()).collect();
        let section_ids: Vec<&str> = programme.sections.iter().map(|s| s.id.as_str()).collect();
        let mut works: Vec<ProjectWork> = Vec::new();
        let mut first_file: HashMap<ProvinceRef, PathBuf> = HashMap::new();
        for file in files {
            let yaml = file.yaml();
            let record = &file.value;
            let Some(province) = find(siglas.iter().copied(), &record.province.value) else {
                self.unknown(
                    &yaml,
                    &record.province,
                    Referent::Province,
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
            let folder = self.work_folder(&yaml, file);
            let peer_reviewer = self.peer_reviewer(&yaml, record, &reviewers, &siglas);
            let sections = self.work_sections(&yaml, record, programme, &section_ids);
            self.check_work_dates(&yaml, record);
            let licence = match &record.licence {
                Some(written) => self.licence(&yaml, written),
                None => programme.default_licence.clone(),
            };
            let documents = self.work_documents(&yaml, record, &folder);
            if record.is_published() {
                self.check_publishable(&yaml, record);
            }
            works.push(ProjectWork {
                id: WorkId::of(&provinces[province.index()].sigla),
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

    /// The folder of a work's record, where its documents are; it must be named after its
    /// Province.
    fn work_folder(&mut self, yaml: &YamlSource, file: &DataFile<ProjectWorkRecord>) -> PathBuf {
        let folder = file.path.parent().unwrap_or(self.root).to_path_buf();
        let folder_name = folder.file_name().map(|n| n.to_string_lossy().into_owned());
        if folder_name.as_deref() != Some(file.value.province.value.as_str()) {
            self.push(
                yaml.error_at(
                    &file.value.province,
                    format!(
                        "this project work of {} is in the folder of another Province",
                        file.value.province.value
                    ),
                )
                .help(format!(
                    "move it to data/project-works/{}/",
                    file.value.province.value
                )),
            );
        }
        folder
    }

    /// A work is published on or after its delivery.
    fn check_work_dates(&mut self, yaml: &YamlSource, record: &ProjectWorkRecord) {
        if let (Some(delivered), Some(published)) = (&record.delivered, &record.publication_date)
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
    }

    /// Who reviews this work: a focus-group Province (`data/focus-group.yaml`) or, when the
    /// data names one, another participating Province.
    fn peer_reviewer(
        &mut self,
        yaml: &YamlSource,
        record: &ProjectWorkRecord,
        focus_group: &[&str],
        siglas: &[&str],
    ) -> Option<Reviewer> {
        let peer = record.peer_reviewer.as_ref()?;
        if peer.value == record.province.value {
            self.push(
                yaml.error_at(peer, "a Province cannot be its own peer reviewer")
                    .help("the peer reviewer is the referent of a Province that took part in the Fase 2 focus groups (data/focus-group.yaml)"),
            );
            return None;
        }
        if let Some(index) = find(focus_group.iter().copied(), &peer.value) {
            return Some(Reviewer::FocusGroup(index));
        }
        if let Some(index) = find(siglas.iter().copied(), &peer.value) {
            return Some(Reviewer::Participant(index));
        }
        let known: Vec<&str> = focus_group.iter().chain(siglas).copied().collect();
        self.unknown(yaml, peer, Referent::Province, &peer.value, &known);
        None
    }

    /// The state of each programme section, in section order; sections not written are
    /// "not started".
    fn work_sections(
        &mut self,
        yaml: &YamlSource,
        record: &ProjectWorkRecord,
        programme: &Programme,
        section_ids: &[&str],
    ) -> Vec<WorkSectionState> {
        let mut sections: Vec<WorkSectionState> = Vec::new();
        for section in &record.sections {
            let Some(index) = find(section_ids.iter().copied(), &section.section.value) else {
                self.unknown(
                    yaml,
                    &section.section,
                    Referent::Section,
                    &section.section.value,
                    section_ids,
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
        for index in Ref::all(programme.sections.len()) {
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
        sections
    }

    /// The work's documents, each found beside the record and read.
    fn work_documents(
        &mut self,
        yaml: &YamlSource,
        record: &ProjectWorkRecord,
        folder: &Path,
    ) -> Vec<Document> {
        record
            .documents
            .iter()
            .filter_map(|document| {
                let found = self.referenced_file(yaml, &document.file, folder)?;
                Some(Document {
                    title: document.title.clone(),
                    role: document.role,
                    file_name: found.file_name,
                    format: found.format,
                    size: found.size,
                    sha256: found.sha256,
                    pages: found.pages,
                    source: found.path,
                })
            })
            .collect()
    }

    /// A published work has its abstract, its main document, its delivery and publication
    /// dates.
    pub(super) fn check_publishable(&mut self, yaml: &YamlSource, record: &ProjectWorkRecord) {
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
