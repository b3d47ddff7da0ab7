//! Views of the Fase 2 focus-group Provinces and of peer reviews, seen from both sides: the
//! reviewed Province (its page, its review event) and the reviewer's entry on `/province/`.

use serde_json::Value;

use super::shapes::{
    FocusGroupFields, GroupLink, PeerReview, ProvinceLink, Review, ReviewEvent, ReviewerLink,
    with_identity,
};
use super::{ViewMaker, to_json};
use crate::model::Permalink;
use crate::model::data::{FocusGroupRef, GroupRef, ProvinceRef, Reviewer};
use crate::model::routes::Route;

impl ViewMaker<'_> {
    /// A group as lists name it.
    pub(super) fn group_link(&self, group: GroupRef) -> GroupLink<'_> {
        let group = &self.data[group];
        GroupLink {
            id: &group.id,
            name: &group.name,
        }
    }

    /// Where a focus-group Province's entry is: an anchor of the list of Provinces.
    fn focus_group_permalink(&self, index: FocusGroupRef) -> Permalink {
        let fragment = format!("focus-group-{}", self.data[index].sigla.to_lowercase());
        self.permalink(&Route::Provinces.path())
            .with_fragment(&fragment)
    }

    /// The reviewer of a work: the focus-group Province with its referent, or a participant.
    pub(super) fn reviewer_link(&self, reviewer: Reviewer) -> ReviewerLink<'_> {
        match reviewer {
            Reviewer::FocusGroup(index) => {
                let province = &self.data[index];
                ReviewerLink {
                    link: ProvinceLink {
                        sigla: &province.sigla,
                        name: &province.name,
                        permalink: self.focus_group_permalink(index),
                    },
                    focus_group: true,
                    referent: Some(&province.referent),
                }
            }
            Reviewer::Participant(index) => ReviewerLink {
                link: self.province_link(index),
                focus_group: false,
                referent: None,
            },
        }
    }

    /// The peer review of a participating Province's work, when its work names a reviewer.
    pub(super) fn peer_review_of(&self, province: ProvinceRef) -> Option<PeerReview<'_>> {
        let work = &self.data[self.data[province].project_work?];
        let reviewer = work.peer_reviewer?;
        Some(PeerReview {
            province: self.province_link(province),
            reviewer: self.reviewer_link(reviewer),
        })
    }

    /// The event at which `province` meets its reviewer: its group's event of the review step.
    fn review_event(&self, province: ProvinceRef) -> Option<ReviewEvent<'_>> {
        let group = self.data[province].group;
        self.data
            .events
            .iter()
            .filter(|event| self.data[event.step].peer_review)
            .filter(|event| event.attendees.includes_province(province, group))
            .map(|event| ReviewEvent {
                title: &self.data[event.step].title,
                when: super::italian::when_it(&event.start, event.end.as_ref()),
                start: &event.start,
                permalink: self.permalink(&Route::Event(&event.id).path()),
            })
            .next_back()
    }

    /// A focus-group Province's entry: identity, referent, public contact, the works it reviews.
    pub(super) fn focus_group_entry(&self, index: FocusGroupRef) -> Value {
        let province = &self.data[index];
        let reviews = province
            .reviews
            .iter()
            .map(|w| {
                let reviewed = self.data[*w].province;
                Review {
                    province: self.province_link(reviewed),
                    event: self.review_event(reviewed),
                }
            })
            .collect();
        let fields = FocusGroupFields {
            anchor: format!("focus-group-{}", province.sigla.to_lowercase()),
            referent: &province.referent,
            email: province.email.as_deref(),
            phone: province.phone.as_deref(),
            notes: province.notes.as_deref(),
            reviews,
        };
        to_json(with_identity(
            &province.sigla,
            &province.name,
            &province.unit,
            fields,
        ))
    }
}
