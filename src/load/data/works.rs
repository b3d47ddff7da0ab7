//! `data/project-works/<SIGLA>/*.yaml`: a Province's project work and its documents.

use serde::Deserialize;

use crate::load::yaml::Spanned;
use crate::time::LocalDateTime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectWorkRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub province: Spanned<String>,
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub title: Spanned<String>,
    #[serde(default, rename = "abstract")]
    pub abstract_text: Option<Spanned<String>>,
    /// `false` when missing.
    #[serde(default)]
    pub published: Option<Spanned<bool>>,
    #[serde(default)]
    pub sections: Vec<WorkSectionRecord>,
    #[serde(default)]
    pub peer_reviewer: Option<Spanned<String>>,
    /// When the final work reached AFOL MB.
    #[serde(default)]
    pub delivered: Option<Spanned<LocalDateTime>>,
    #[serde(default)]
    pub publication_date: Option<Spanned<LocalDateTime>>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// SPDX id; defaults to the programme's `default_licence`.
    #[serde(default)]
    pub licence: Option<Spanned<String>>,
    #[serde(default)]
    pub documents: Vec<DocumentRecord>,
}

impl ProjectWorkRecord {
    /// Whether the work is to appear in the archive.
    pub fn is_published(&self) -> bool {
        self.published
            .as_ref()
            .is_some_and(|published| published.value)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkSectionRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub section: Spanned<String>,
    pub status: SectionStatus,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub delivered: Option<Spanned<LocalDateTime>>,
    #[serde(default)]
    pub feedback: Option<Spanned<LocalDateTime>>,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SectionStatus {
    #[default]
    NotStarted,
    InProgress,
    Delivered,
    Approved,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRecord {
    #[serde(deserialize_with = "crate::load::yaml::required_text")]
    pub title: String,
    /// Path relative to the project work's folder.
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub file: Spanned<String>,
    #[serde(default)]
    pub role: DocumentRole,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentRole {
    /// The final project work.
    #[default]
    Main,
    Annex,
}
