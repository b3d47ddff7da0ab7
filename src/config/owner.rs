//! `[owner]` of `config.toml`: who owns the portal, and everything the owner must give before
//! publishing (contacts, privacy notice, accessibility statement, licence).

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{is_email, is_http_url};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The body that owns the portal and publishes its data (`[owner]`). One table for every owner
/// setting, so that later ones (data controller, accessibility statement, ...) join it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnerConfig {
    /// Full name, e.g. "Unione Province d'Italia".
    pub name: String,
    /// Code in the Indice dei domicili digitali della PA (IPA): publisher identifier and
    /// prefix of dataset identifiers in DCAT-AP_IT.
    pub ipa_code: Spanned<String>,
    /// The body's own address: the URI that names it in linked data.
    pub uri: Spanned<String>,
    /// Registered office (sede), as the privacy notice names it.
    #[serde(default)]
    pub address: String,
    /// SPDX id of the licence of the portal's texts and data, e.g. `CC-BY-4.0`.
    #[serde(default)]
    pub licence: Option<Spanned<String>>,
    pub contact: ContactConfig,
    /// What the privacy notice must say (`[owner.privacy]`).
    #[serde(default)]
    pub privacy: PrivacyConfig,
    /// The AgID accessibility statement (`[owner.accessibility]`).
    #[serde(default)]
    pub accessibility: AccessibilityConfig,
}

/// The privacy notice's facts (`[owner.privacy]`): the owner's to give, the theme's to show.
/// Empty values are allowed while the portal is prepared; `check --production` lists them.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacyConfig {
    /// The data controller (titolare del trattamento), in full.
    #[serde(default)]
    pub controller: String,
    /// E-mail of the data protection officer (responsabile della protezione dei dati, RPD).
    #[serde(default)]
    pub dpo_email: String,
    /// Who runs the web server (the hosting provider, data processor under GDPR art. 28).
    #[serde(default)]
    pub hosting: String,
    /// How long the server keeps its logs, as the notice says it: "30 giorni".
    #[serde(default)]
    pub log_retention: String,
}

/// The AgID accessibility statement (`[owner.accessibility]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// The statement published with AgID's form, on form.agid.gov.it.
    #[serde(default)]
    pub statement_url: String,
    /// The day it was published or last reviewed: a TOML date, `2026-09-20`.
    #[serde(default)]
    pub statement_date: Option<Spanned<toml::value::Datetime>>,
}

impl AccessibilityConfig {
    /// The statement's date, when it is written as a date alone.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        let written = self.statement_date.as_ref()?.get_ref();
        match (&written.date, &written.time) {
            (Some(date), None) => {
                jiff::civil::Date::new(date.year as i16, date.month as i8, date.day as i8).ok()
            }
            _ => None,
        }
    }
}

/// The contact point for the open data (`[owner.contact]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactConfig {
    /// Office or person named in the contact card.
    pub name: String,
    pub email: Spanned<String>,
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// Certified e-mail (posta elettronica certificata).
    #[serde(default)]
    pub pec: Option<Spanned<String>>,
}

impl OwnerConfig {
    /// The owner as templates see it, `config.owner`; optional contact fields are left out.
    pub(super) fn template_view(&self) -> serde_json::Value {
        let mut contact = serde_json::json!({
            "name": self.contact.name,
            "email": self.contact.email.get_ref(),
        });
        let given = |value: &Option<Spanned<String>>| {
            value
                .as_ref()
                .map(|v| v.get_ref().clone())
                .filter(|v| !v.is_empty())
        };
        if let Some(phone) = given(&self.contact.phone) {
            contact["phone"] = phone.into();
        }
        if let Some(pec) = given(&self.contact.pec) {
            contact["pec"] = pec.into();
        }
        let licence = self.licence.as_ref().and_then(|id| {
            crate::model::data::LICENCES
                .iter()
                .find(|(known, _, _)| known == id.get_ref())
                .map(|(id, name, url)| serde_json::json!({ "id": id, "name": name, "url": url }))
        });
        let mut accessibility = serde_json::json!({
            "statement_url": self.accessibility.statement_url,
        });
        if let Some(date) = self.accessibility.date() {
            accessibility["statement_date"] = date.to_string().into();
            accessibility["statement_date_it"] = crate::time::date_it(date).into();
        }
        serde_json::json!({
            "name": self.name,
            "ipa_code": self.ipa_code.get_ref(),
            "uri": self.uri.get_ref(),
            "address": self.address,
            "licence": licence,
            "contact": contact,
            "privacy": self.privacy,
            "accessibility": accessibility,
        })
    }

    pub(super) fn check(&self, text: &str, file: &Path, problems: &mut Diagnostics) {
        let code = self.ipa_code.get_ref();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            problems.push(
                Diagnostic::new(file, format!("`{code}` is not an IPA code"))
                    .at_bytes(text, self.ipa_code.span())
                    .label("expected letters, digits and underscores, as in indicepa.gov.it")
                    .help("copy the body's code from the Indice dei domicili digitali della PA"),
            );
        }
        if !is_http_url(self.uri.get_ref()) {
            problems.push(
                Diagnostic::new(file, "`uri` of `[owner]` must be an absolute http(s) URL")
                    .at_bytes(text, self.uri.span())
                    .label("expected something like \"https://www.upinet.it\""),
            );
        }
        // An empty value is one not given yet: `check --production` lists it, a build accepts it.
        if let Some(licence) = self.licence.as_ref().filter(|l| !l.get_ref().is_empty()) {
            let known = crate::model::data::LICENCES.iter().map(|(id, _, _)| *id);
            if !known.clone().any(|id| id == licence.get_ref()) {
                problems.push(
                    Diagnostic::new(file, format!("unknown licence `{}`", licence.get_ref()))
                        .at_bytes(text, licence.span())
                        .label("expected an SPDX licence id")
                        .maybe_help(crate::diagnostics::suggestion(licence.get_ref(), known)),
                );
            }
        }
        if let Some(written) = &self.accessibility.statement_date
            && self.accessibility.date().is_none()
        {
            problems.push(
                Diagnostic::new(file, "`statement_date` must be a date")
                    .at_bytes(text, written.span())
                    .label("expected a date such as 2026-09-20, without quotes or time"),
            );
        }
        let contact = &self.contact;
        for address in std::iter::once(&contact.email).chain(&contact.pec) {
            if !address.get_ref().is_empty() && !is_email(address.get_ref()) {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!("`{}` is not an e-mail address", address.get_ref()),
                    )
                    .at_bytes(text, address.span())
                    .label("expected something like \"dati@ente.it\""),
                );
            }
        }
        if let Some(phone) = contact.phone.as_ref().filter(|p| !p.get_ref().is_empty()) {
            let digits = phone.get_ref().chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .get_ref()
                .chars()
                .all(|c| c.is_ascii_digit() || c == ' ' || c == '+');
            if !allowed || digits < 6 {
                problems.push(
                    Diagnostic::new(file, format!("`{}` is not a phone number", phone.get_ref()))
                        .at_bytes(text, phone.span())
                        .label("expected digits and spaces, optionally starting with +39"),
                );
            }
        }
    }
}
