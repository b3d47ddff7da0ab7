//! `data/programme.yaml`: the programme, its project-work sections, phases and steps.

use serde::Deserialize;

use crate::load::yaml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub title: String,
    pub subtitle: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The organisations behind the programme, in the order the portal shows them.
    pub organisations: Vec<OrganisationRecord>,
    /// The funding line shown in every page footer.
    pub funding: String,
    /// SPDX id of the licence of published works unless a work says otherwise.
    pub default_licence: Spanned<String>,
    /// The sections every project work is made of.
    pub sections: Vec<SectionRecord>,
    pub phases: Vec<PhaseRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganisationRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    pub role: OrganisationRole,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationRole {
    /// Runs the programme (UPI).
    Promoter,
    /// Public body behind it (Dipartimento della Funzione Pubblica).
    Partner,
    /// Methodological support (AFOL MB).
    Consultancy,
    /// Funding programme or body.
    Funder,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    pub number: u8,
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    pub number: u8,
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The phase's purposes ("Finalità"), one line each.
    #[serde(default)]
    pub goals: Vec<String>,
    pub steps: Vec<StepRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub id: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    pub kind: StepKind,
    /// Whether the step's events are per group (webinars) or per Province (sessions).
    pub scope: StepScope,
    #[serde(default)]
    pub objectives: Vec<String>,
    /// What the Provinces do ("Attività delle Province").
    #[serde(default)]
    pub province_activities: Vec<String>,
    /// What AFOL MB provides ("Supporto metodologico").
    #[serde(default)]
    pub support: Vec<String>,
    /// What happens in the meeting (for webinars).
    #[serde(default)]
    pub agenda: Vec<String>,
    #[serde(default)]
    pub expected_output: Option<String>,
    /// The project-work section this step produces, if any.
    #[serde(default)]
    pub section: Option<Spanned<String>>,
    /// Whether the works' peer reviewers meet the Provinces at this step (Webinar 4).
    #[serde(default)]
    pub peer_review: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Webinar,
    IntermediatePhase,
    Delivery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepScope {
    Group,
    Province,
}
