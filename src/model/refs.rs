//! Typed references between the programme's records: a `Ref<Province>` can only be used to
//! reach a Province, so an event's step can never be looked up among the groups by mistake.
//! A reference is the record's position in its list of [`super::data::ProgrammeData`], made
//! by validation and resolved with indexing (`data[province_ref]`) or the `*_refs()` walks.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

/// The position of a `T` in the list of the programme data that holds it.
pub struct Ref<T> {
    index: usize,
    // `fn() -> T`: the reference neither owns a `T` nor borrows one, and stays `Send + Sync`.
    kind: PhantomData<fn() -> T>,
}

impl<T> Ref<T> {
    /// The `index`-th record of its list. Only code that builds the lists (validation, and the
    /// walks below) makes references.
    pub(crate) fn new(index: usize) -> Self {
        Ref {
            index,
            kind: PhantomData,
        }
    }

    /// The position in its list, for views kept in a list parallel to the data's.
    pub fn index(self) -> usize {
        self.index
    }

    /// Every reference into a list of `len` records, in order.
    pub fn all(len: usize) -> impl DoubleEndedIterator<Item = Ref<T>> + ExactSizeIterator {
        (0..len).map(Ref::new)
    }
}

/// Each record of `records` with its reference.
pub fn with_refs<T>(records: &[T]) -> impl DoubleEndedIterator<Item = (Ref<T>, &T)> {
    records
        .iter()
        .enumerate()
        .map(|(index, record)| (Ref::new(index), record))
}

/// [`with_refs`] for rayon: each record with its reference, in parallel.
pub fn par_with_refs<T: Sync>(records: &[T]) -> impl IndexedParallelIterator<Item = (Ref<T>, &T)> {
    records
        .par_iter()
        .enumerate()
        .map(|(index, record)| (Ref::new(index), record))
}

// Written by hand: derives would require `T: Clone` and so on, which a reference never needs.
impl<T> Clone for Ref<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Ref<T> {}

impl<T> PartialEq for Ref<T> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
    }
}

impl<T> Eq for Ref<T> {}

impl<T> PartialOrd for Ref<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Ref<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl<T> Hash for Ref<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl<T> fmt::Debug for Ref<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = std::any::type_name::<T>()
            .rsplit("::")
            .next()
            .unwrap_or("?");
        write!(f, "Ref<{kind}>({})", self.index)
    }
}

/// Serialised as the bare number, as the indexes it replaced were.
impl<T> Serialize for Ref<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.index as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Group;
    struct Province;

    #[test]
    fn references_compare_by_position_within_their_kind() {
        let first: Ref<Group> = Ref::new(0);
        let second: Ref<Group> = Ref::new(1);
        assert!(first < second);
        assert_eq!(first, Ref::new(0));
        assert_eq!(second.index(), 1);
        assert_eq!(format!("{second:?}"), "Ref<Group>(1)");
    }

    #[test]
    fn walks_give_every_record_its_reference_in_order() {
        let records = ["a", "b", "c"];
        let refs: Vec<(usize, &str)> = with_refs(&records)
            .map(|(r, record)| (r.index(), *record))
            .collect();
        assert_eq!(refs, [(0, "a"), (1, "b"), (2, "c")]);
        let parallel: Vec<(usize, &str)> = par_with_refs(&records)
            .map(|(r, record)| (r.index(), *record))
            .collect();
        assert_eq!(parallel, refs);
        let all: Vec<Ref<Province>> = Ref::all(2).collect();
        assert_eq!(all, [Ref::new(0), Ref::new(1)]);
    }

    #[test]
    fn a_reference_serialises_as_its_number() {
        let r: Ref<Province> = Ref::new(7);
        assert_eq!(serde_json::to_string(&r).unwrap(), "7");
    }
}
