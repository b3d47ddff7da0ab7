//! The ids of the programme's records, one type each: a function that wants a group's id
//! cannot be handed a step's. Made by validation from the text editors wrote (checked to be
//! usable in a URL, or a Province's sigla known to ISTAT); serialised as that text, so views,
//! feeds and datasets are unchanged.

use crate::text_type::text_type;

/// An id type per kind of record, each made only by validation.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)+) => {
        text_type! { $($(#[$doc])* $name;)+ }
        $(
            impl $name {
                /// The id, as validation accepted it.
                pub(crate) fn new(id: impl Into<String>) -> Self {
                    $name(id.into())
                }
            }
        )+
    };
}

ids! {
    /// A Province's car-plate code as ISTAT lists it: `MB`, `TO`.
    Sigla;
    /// A group (percorso) of Provinces: `nord-ovest`.
    GroupId;
    /// A phase of the programme: `fase-1`.
    PhaseId;
    /// A step of the path: `kick-off`, `webinar-1`.
    StepId;
    /// One of the sections a project work is made of.
    WorkSectionId;
    /// An event of the calendar, also its page's slug.
    EventId;
    /// A project work: the sigla of its Province, which has at most one (`MB`).
    WorkId;
}

impl WorkId {
    /// The id of the work of the Province `sigla`.
    pub(crate) fn of(sigla: &Sigla) -> Self {
        WorkId::new(sigla.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn an_id_is_its_text_when_shown_serialised_or_looked_up() {
        let id = GroupId::new("nord-ovest");
        assert_eq!(id.to_string(), "nord-ovest");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"nord-ovest\"");
        assert!(id == "nord-ovest");
        let by_id: HashMap<GroupId, u8> = [(id, 1)].into();
        assert_eq!(by_id.get("nord-ovest"), Some(&1));
        assert_eq!(Sigla::new("MB").to_lowercase(), "mb");
        assert_eq!(WorkId::of(&Sigla::new("MB")), "MB");
    }
}
