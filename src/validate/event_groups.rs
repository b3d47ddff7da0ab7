//! `groups:` of an event held with several groups, or with the whole programme.

use std::collections::HashSet;

use super::{Checker, Referent, find};
use crate::diagnostics::suggestion;
use crate::load::data::{ALL_GROUPS, EventRecord, GroupsField, StepScope};
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::{Attendees, Step};

impl Checker<'_> {
    /// The groups `groups:` names, when written: `Ok(None)` when it is not, `Err` when it is
    /// wrong (reported). A list of one group is that group, as if written with `group:`.
    pub(super) fn event_groups(
        &mut self,
        yaml: &YamlSource,
        record: &EventRecord,
        step: &Step,
        group_ids: &[&str],
    ) -> Result<Option<Attendees>, ()> {
        let Some(written) = &record.groups else {
            return Ok(None);
        };
        if step.scope != StepScope::Group {
            self.push(
                yaml.error_at(
                    written,
                    format!(
                        "the step `{}` is held with each Province, not with groups",
                        step.id
                    ),
                )
                .help("replace `groups:` with `province: <SIGLA>`"),
            );
            return Err(());
        }
        if let Some(group) = &record.group {
            self.push(
                yaml.error_at(group, "write either `group` or `groups`, not both")
                    .label("`groups:` is written too")
                    .help("`group:` names one group; `groups:` a list of groups, or `all`"),
            );
            return Err(());
        }
        match &written.value {
            GroupsField::Word(word) if word == ALL_GROUPS => Ok(Some(Attendees::Programme)),
            GroupsField::Word(word) => {
                let help = if group_ids.contains(&word.as_str()) {
                    format!(
                        "for one group write `group: {word}`; for several, a list: `groups: [{word}, …]`"
                    )
                } else {
                    suggestion(word, [ALL_GROUPS]).unwrap_or_else(|| {
                        "write `groups: all`, or a list: `groups: [percorso-1, percorso-2]`"
                            .to_owned()
                    })
                };
                self.push(
                    yaml.error_at(
                        written,
                        format!("`groups:` is `all` or a list of groups, not `{word}`"),
                    )
                    .help(help),
                );
                Err(())
            }
            GroupsField::List(ids) if ids.is_empty() => {
                self.push(
                    yaml.error_at(written, "the list of groups is empty")
                        .help("list the groups the event is held with, `groups: [percorso-1, percorso-2]`, or write `groups: all`"),
                );
                Err(())
            }
            GroupsField::List(ids) => self.group_list(yaml, ids, group_ids).map(Some),
        }
    }

    /// The groups of a non-empty `groups: [..]`, each known and once, in `groups.yaml` order.
    fn group_list(
        &mut self,
        yaml: &YamlSource,
        ids: &[Spanned<String>],
        group_ids: &[&str],
    ) -> Result<Attendees, ()> {
        let mut found = Vec::new();
        let mut seen = HashSet::new();
        let mut wrong = false;
        for id in ids {
            let Some(index) = find(group_ids.iter().copied(), &id.value) else {
                self.unknown(yaml, id, Referent::Group, &id.value, group_ids);
                wrong = true;
                continue;
            };
            if !seen.insert(index) {
                self.push(
                    yaml.error_at(id, format!("the group `{}` is listed twice", id.value))
                        .help("list each group once"),
                );
                wrong = true;
            }
            found.push(index);
        }
        if wrong {
            return Err(());
        }
        found.sort_unstable();
        Ok(match found.as_slice() {
            [one] => Attendees::Group(*one),
            _ => Attendees::Groups(found),
        })
    }
}
