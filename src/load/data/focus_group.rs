//! `data/focus-group.yaml`: the Provinces that took part in the Fase 2 focus groups. They are
//! not on the path of Fase 3, but one of their referents may be a work's peer reviewer
//! (Webinar 4).

use serde::Deserialize;

use super::PersonRecord;
use crate::load::yaml::Spanned;

/// The file holds a list under `provinces:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocusGroupFile {
    pub provinces: Vec<FocusGroupProvinceRecord>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FocusGroupProvinceRecord {
    /// ISTAT car-plate code.
    #[serde(deserialize_with = "crate::load::yaml::required_spanned_text")]
    pub sigla: Spanned<String>,
    /// The person who speaks for the Province in the focus groups and in peer reviews.
    pub referent: PersonRecord,
    /// Published only when written: a public office address, never a personal one.
    #[serde(default)]
    pub contact: Option<ContactRecord>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
}
