//! The programme (phases, steps, sections, organisations) and the groups.

use super::{Checker, Referent, find};
use crate::load::data::{DataFile, GroupsFile, ProgrammeRecord};
use crate::load::yaml::YamlSource;
use crate::model::data::{
    Group, GroupId, Organisation, Phase, PhaseId, Programme, Step, StepId, WorkSection,
    WorkSectionId,
};
use crate::model::refs::Ref;

impl Checker<'_> {
    pub(super) fn programme(&mut self, file: &DataFile<ProgrammeRecord>) -> Programme {
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
        let (phases, steps) = self.phases(&yaml, record, &section_ids);
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
                    id: WorkSectionId::new(s.id.value.clone()),
                    number: s.number,
                    title: s.title.clone(),
                    description: s.description.clone(),
                })
                .collect(),
            phases,
            steps,
        }
    }

    pub(super) fn groups(&mut self, file: &DataFile<GroupsFile>) -> Vec<Group> {
        let yaml = file.yaml();
        self.unique_ids(&yaml, file.value.groups.iter().map(|g| &g.id), "group");
        file.value
            .groups
            .iter()
            .map(|group| Group {
                id: GroupId::new(group.id.value.clone()),
                name: group.name.clone(),
                description: group.description.clone(),
                provinces: Vec::new(),
            })
            .collect()
    }

    /// The phases and, flattened in programme order, their steps; each step's section resolved.
    fn phases(
        &mut self,
        yaml: &YamlSource,
        record: &ProgrammeRecord,
        section_ids: &[&str],
    ) -> (Vec<Phase>, Vec<Step>) {
        let mut steps = Vec::new();
        let mut phases = Vec::new();
        for (phase_index, phase) in record.phases.iter().enumerate() {
            let phase_index = Ref::new(phase_index);
            let mut step_indexes = Vec::new();
            for step in &phase.steps {
                let section = step.section.as_ref().and_then(|section| {
                    let found = find(section_ids.iter().copied(), &section.value);
                    if found.is_none() {
                        self.unknown(
                            yaml,
                            section,
                            Referent::Section,
                            &section.value,
                            section_ids,
                        );
                    }
                    found
                });
                step_indexes.push(Ref::new(steps.len()));
                steps.push(Step {
                    id: StepId::new(step.id.value.clone()),
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
                    peer_review: step.peer_review,
                });
            }
            phases.push(Phase {
                id: PhaseId::new(phase.id.value.clone()),
                number: phase.number,
                title: phase.title.clone(),
                description: phase.description.clone(),
                goals: phase.goals.clone(),
                steps: step_indexes,
            });
        }
        (phases, steps)
    }
}
