//! The Provinces of the Fase 2 focus groups: identity from ISTAT, referent, public contact.

use std::collections::HashMap;

use super::names::full_name;
use super::{Checker, Referent};
use crate::load::data::{ContactRecord, DataFile, FocusGroupFile};
use crate::load::yaml::{Spanned, YamlSource};
use crate::model::data::{FocusGroupProvince, Sigla};

impl Checker<'_> {
    pub(super) fn focus_group(
        &mut self,
        file: &DataFile<FocusGroupFile>,
    ) -> Vec<FocusGroupProvince> {
        let yaml = file.yaml();
        let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
        let mut found = Vec::new();
        for record in &file.value.provinces {
            let sigla = &record.sigla;
            if let Some(first) = seen.insert(&sigla.value, sigla) {
                let first = yaml.locate(&first.referenced).line;
                self.push(
                    yaml.error_at(
                        sigla,
                        format!("the Province {} is listed twice", sigla.value),
                    )
                    .help(format!(
                        "keep one entry per Province; the first is on line {first}"
                    )),
                );
                continue;
            }
            let Some(unit) = self.istat.unit(&sigla.value) else {
                let diagnostic = self.unknown_sigla(&yaml, sigla, "");
                self.push(diagnostic);
                // Named as a peer reviewer, it is not reported again as unknown.
                self.known_invalid
                    .insert((Referent::Province, sigla.value.clone()));
                continue;
            };
            let (email, phone) = self.contact(&yaml, sigla, record.contact.as_ref());
            found.push(FocusGroupProvince {
                sigla: Sigla::new(sigla.value.clone()),
                name: full_name(unit),
                unit: unit.clone(),
                referent: record.referent.clone(),
                email,
                phone,
                notes: record.notes.clone(),
                reviews: Vec::new(),
            });
        }
        found.sort_by(|a, b| a.unit.name.cmp(&b.unit.name));
        found
    }

    /// A public contact: an e-mail address and a telephone number, each checked for shape.
    fn contact(
        &mut self,
        yaml: &YamlSource,
        sigla: &Spanned<String>,
        contact: Option<&ContactRecord>,
    ) -> (Option<String>, Option<String>) {
        let Some(contact) = contact else {
            return (None, None);
        };
        if contact.email.is_none() && contact.phone.is_none() {
            self.push(
                yaml.error_at(
                    sigla,
                    format!(
                        "the contact of {} has neither `email` nor `phone`",
                        sigla.value
                    ),
                )
                .help("write `email:`, `phone:` or both, or remove `contact:`"),
            );
        }
        let email = contact
            .email
            .as_ref()
            .and_then(|email| self.email(yaml, email));
        let phone = contact
            .phone
            .as_ref()
            .and_then(|phone| self.phone(yaml, phone));
        (email, phone)
    }

    fn email(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Option<String> {
        let email = written.value.trim();
        let valid = email.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }) && !email.contains(|c: char| c.is_whitespace() || "<>\"',;".contains(c))
            && email.matches('@').count() == 1;
        if valid {
            return Some(email.to_owned());
        }
        self.push(
            yaml.error_at(
                written,
                format!("`{}` is not an e-mail address", written.value),
            )
            .label("expected an address like personale@provincia.example.it"),
        );
        None
    }

    fn phone(&mut self, yaml: &YamlSource, written: &Spanned<String>) -> Option<String> {
        let phone = written.value.trim();
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let valid = (6..=15).contains(&digits)
            && phone
                .chars()
                .enumerate()
                .all(|(i, c)| c.is_ascii_digit() || c == ' ' || (c == '+' && i == 0));
        if valid {
            return Some(phone.to_owned());
        }
        self.push(
            yaml.error_at(
                written,
                format!("`{}` is not a telephone number", written.value),
            )
            .label("expected digits and spaces, with an optional leading +")
            .help("write it as `+39 039 975 2111` or `039 975 2111`"),
        );
        None
    }
}
