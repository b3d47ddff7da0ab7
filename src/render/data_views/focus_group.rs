//! Views of the Fase 2 focus-group Provinces and of peer reviews, seen from both sides: the
//! reviewed Province (its page, its review event) and the reviewer's entry on `/province/`.

use serde_json::{Value, json};

use super::ViewMaker;
use crate::model::data::{FocusGroupRef, GroupRef, ProvinceRef, Reviewer};
use crate::model::routes::Route;

impl ViewMaker<'_> {
    /// A group as lists name it.
    pub(super) fn group_link(&self, group: GroupRef) -> Value {
        let group = &self.data[group];
        json!({ "id": group.id, "name": group.name })
    }

    /// Where a focus-group Province's entry is: an anchor of the list of Provinces.
    fn focus_group_permalink(&self, index: FocusGroupRef) -> String {
        let province = &self.data[index];
        format!(
            "{}#focus-group-{}",
            self.permalink(&Route::Provinces.path()),
            province.sigla.to_lowercase()
        )
    }

    /// The reviewer of a work: the focus-group Province with its referent, or a participant.
    pub(super) fn reviewer_link(&self, reviewer: Reviewer) -> Value {
        match reviewer {
            Reviewer::FocusGroup(index) => {
                let province = &self.data[index];
                json!({
                    "sigla": province.sigla,
                    "name": province.name,
                    "permalink": self.focus_group_permalink(index),
                    "focus_group": true,
                    "referent": province.referent,
                })
            }
            Reviewer::Participant(index) => {
                let mut link = self.province_link(index);
                link["focus_group"] = Value::Bool(false);
                link
            }
        }
    }

    /// The peer review of a participating Province's work, when its work names a reviewer.
    pub(super) fn peer_review_of(&self, province: ProvinceRef) -> Option<Value> {
        let work = &self.data[self.data[province].project_work?];
        let reviewer = work.peer_reviewer?;
        Some(json!({
            "province": self.province_link(province),
            "reviewer": self.reviewer_link(reviewer),
        }))
    }

    /// The event at which `province` meets its reviewer: its group's event of the review step.
    fn review_event(&self, province: ProvinceRef) -> Option<Value> {
        let group = self.data[province].group;
        self.data
            .events
            .iter()
            .filter(|event| self.data[event.step].peer_review)
            .filter(|event| event.attendees.includes_province(province, group))
            .map(|event| {
                let title = self.data[event.step].title.as_str();
                json!({
                    "title": title,
                    "when": super::italian::when_it(&event.start, event.end.as_ref()),
                    "start": event.start,
                    "permalink": self.permalink(&Route::Event(&event.id).path()),
                })
            })
            .next_back()
    }

    /// A focus-group Province's entry: identity, referent, public contact, the works it reviews.
    pub(super) fn focus_group_entry(&self, index: FocusGroupRef) -> Value {
        let province = &self.data[index];
        let reviews: Vec<Value> = province
            .reviews
            .iter()
            .map(|w| {
                let reviewed = self.data[*w].province;
                json!({
                    "province": self.province_link(reviewed),
                    "event": self.review_event(reviewed),
                })
            })
            .collect();
        super::with_identity(
            &province.sigla,
            &province.name,
            &province.unit,
            json!({
            "anchor": format!("focus-group-{}", province.sigla.to_lowercase()),
            "referent": province.referent,
            "email": province.email,
            "phone": province.phone,
            "notes": province.notes,
            "reviews": reviews,
            }),
        )
    }
}
