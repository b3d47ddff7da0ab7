//! The `groups:` field of an event held with several groups, or with the whole programme.

use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};

use crate::load::yaml::Spanned;

/// What `groups:` holds, as written: a word (`all` is the only one `validate` accepts) or a
/// list of group ids, each kept with its place so an unknown one can be pointed at.
#[derive(Debug)]
pub enum GroupsField {
    Word(String),
    List(Vec<Spanned<String>>),
}

/// The word that names every group of the programme.
pub const ALL_GROUPS: &str = "all";

impl<'de> Deserialize<'de> for GroupsField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(GroupsVisitor)
    }
}

/// Reads either shape without buffering, so the ids of a list keep their spans (serde's
/// untagged enums would lose them).
struct GroupsVisitor;

impl<'de> Visitor<'de> for GroupsVisitor {
    type Value = GroupsField;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("`all` or a list of group ids")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<GroupsField, E> {
        Ok(GroupsField::Word(value.to_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<GroupsField, A::Error> {
        let mut ids = Vec::new();
        while let Some(id) = seq.next_element::<Spanned<String>>()? {
            ids.push(id);
        }
        Ok(GroupsField::List(ids))
    }
}
