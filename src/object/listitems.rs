//! A list's items (`ob_item`) as the model holds them: up to three inside the list, more in one
//! vector.
//!
//! Why: CPython's `[i]` is one list object plus an 8-byte `ob_item` block. The model's
//! `PyList` held a `Vec<ObjId>`: a second malloc chunk (32 bytes for one 4-byte id) for every
//! list, so issue 15's `gc_objects` workload (a million one-item lists) paid 32 MB for
//! 4 MB of ids. [`ListItems`] keeps up to [`INLINE`] items inside the list's own box, in the
//! same 24 bytes a `Vec` took, and moves them to a `Vec` when the list grows past that.
//!
//! Worked example: `[i]` (`BUILD_LIST 1`) is `Small { len: 1, items: [i, i, i] }` (the
//! unused places hold copies, never read); appending three more items makes it a `Vec` of 4.
//! Operations a `Vec` has and a slice lacks (`drain`, `splice`, `retain`...) go through
//! [`ListItems::vec_mut`], which moves the items to a `Vec` first.
//!
//! Nothing here is visible to the model: `ob_item`'s size and address come from
//! `PyList::allocated` and the allocator model, never from Rust's layout.

use std::ops::{Deref, DerefMut};

use super::ObjId;

/// Most items kept inside the list.
pub const INLINE: usize = 3;

/// A list's items (see the module comment). Derefs to `[ObjId]`.
#[derive(Clone)]
pub struct ListItems(Repr);

#[derive(Clone)]
enum Repr {
    /// `items[..len]` are the list's; the rest are copies of some id, never read.
    Small {
        len: u8,
        items: [ObjId; INLINE],
    },
    Heap(Vec<ObjId>),
}

const _: () = assert!(std::mem::size_of::<ListItems>() <= 24);

impl Default for ListItems {
    fn default() -> Self {
        ListItems(Repr::Heap(Vec::new()))
    }
}

impl ListItems {
    pub fn new() -> ListItems {
        ListItems::default()
    }

    /// The items as a slice.
    #[inline]
    pub fn as_slice(&self) -> &[ObjId] {
        match &self.0 {
            Repr::Small { len, items } => &items[..*len as usize],
            Repr::Heap(v) => v,
        }
    }

    #[inline]
    pub fn as_mut_slice(&mut self) -> &mut [ObjId] {
        match &mut self.0 {
            Repr::Small { len, items } => &mut items[..*len as usize],
            Repr::Heap(v) => v,
        }
    }

    /// The items as a `Vec`, moved there first if they were inline (for the operations only a
    /// `Vec` has).
    pub fn vec_mut(&mut self) -> &mut Vec<ObjId> {
        if let Repr::Small { len, items } = &self.0 {
            let v = items[..*len as usize].to_vec();
            self.0 = Repr::Heap(v);
        }
        match &mut self.0 {
            Repr::Heap(v) => v,
            Repr::Small { .. } => unreachable!("moved to a Vec above"),
        }
    }

    /// The items as a `Vec` (no copy when they are in one already).
    pub fn into_vec(self) -> Vec<ObjId> {
        match self.0 {
            Repr::Small { len, items } => items[..len as usize].to_vec(),
            Repr::Heap(v) => v,
        }
    }

    #[inline]
    pub fn push(&mut self, id: ObjId) {
        match &mut self.0 {
            Repr::Small { len, items } if (*len as usize) < INLINE => {
                items[*len as usize] = id;
                *len += 1;
            }
            Repr::Heap(v) if v.capacity() == 0 => {
                self.0 = Repr::Small {
                    len: 1,
                    items: [id; INLINE],
                };
            }
            Repr::Heap(v) => v.push(id),
            Repr::Small { .. } => self.vec_mut().push(id),
        }
    }

    #[inline]
    pub fn pop(&mut self) -> Option<ObjId> {
        match &mut self.0 {
            Repr::Small { len, items } => {
                if *len == 0 {
                    return None;
                }
                *len -= 1;
                Some(items[*len as usize])
            }
            Repr::Heap(v) => v.pop(),
        }
    }

    pub fn truncate(&mut self, n: usize) {
        match &mut self.0 {
            Repr::Small { len, .. } => *len = (*len).min(n.min(INLINE) as u8),
            Repr::Heap(v) => v.truncate(n),
        }
    }

    /// Empty, with no vector kept.
    pub fn clear(&mut self) {
        self.0 = Repr::Heap(Vec::new());
    }

    pub fn insert(&mut self, index: usize, id: ObjId) {
        match &mut self.0 {
            Repr::Small { len, items } if (*len as usize) < INLINE && index <= *len as usize => {
                let n = *len as usize;
                items.copy_within(index..n, index + 1);
                items[index] = id;
                *len += 1;
            }
            _ => self.vec_mut().insert(index, id),
        }
    }

    pub fn remove(&mut self, index: usize) -> ObjId {
        match &mut self.0 {
            Repr::Small { len, items } if index < *len as usize => {
                let n = *len as usize;
                let id = items[index];
                items.copy_within(index + 1..n, index);
                *len -= 1;
                id
            }
            _ => self.vec_mut().remove(index),
        }
    }

    pub fn extend<I: IntoIterator<Item = ObjId>>(&mut self, iter: I) {
        for id in iter {
            self.push(id);
        }
    }

    pub fn extend_from_slice(&mut self, ids: &[ObjId]) {
        let n = self.len();
        match &mut self.0 {
            Repr::Heap(v) if v.capacity() > 0 => v.extend_from_slice(ids),
            _ if n + ids.len() <= INLINE => self.extend(ids.iter().copied()),
            _ => self.vec_mut().extend_from_slice(ids),
        }
    }

    pub fn reserve(&mut self, additional: usize) {
        if self.len() + additional > INLINE || matches!(self.0, Repr::Heap(_)) {
            self.vec_mut().reserve(additional);
        }
    }

    pub fn drain<R: std::ops::RangeBounds<usize>>(
        &mut self,
        range: R,
    ) -> std::vec::Drain<'_, ObjId> {
        self.vec_mut().drain(range)
    }

    pub fn splice<R, I>(&mut self, range: R, with: I) -> std::vec::Splice<'_, I::IntoIter>
    where
        R: std::ops::RangeBounds<usize>,
        I: IntoIterator<Item = ObjId>,
    {
        self.vec_mut().splice(range, with)
    }

    pub fn retain<F: FnMut(&ObjId) -> bool>(&mut self, f: F) {
        self.vec_mut().retain(f)
    }

    pub fn split_off(&mut self, at: usize) -> Vec<ObjId> {
        self.vec_mut().split_off(at)
    }

    pub fn resize(&mut self, n: usize, id: ObjId) {
        self.vec_mut().resize(n, id)
    }

    pub fn append(&mut self, other: &mut Vec<ObjId>) {
        self.extend_from_slice(other);
        other.clear();
    }

    pub fn iter(&self) -> std::slice::Iter<'_, ObjId> {
        self.as_slice().iter()
    }
}

impl From<Vec<ObjId>> for ListItems {
    /// Up to [`INLINE`] items move inside (the vector's block is freed).
    fn from(v: Vec<ObjId>) -> Self {
        match v.first() {
            Some(&first) if v.len() <= INLINE => {
                let mut items = [first; INLINE];
                items[..v.len()].copy_from_slice(&v);
                ListItems(Repr::Small {
                    len: v.len() as u8,
                    items,
                })
            }
            _ if v.capacity() == 0 => ListItems::default(),
            _ => ListItems(Repr::Heap(v)),
        }
    }
}

impl From<&[ObjId]> for ListItems {
    fn from(v: &[ObjId]) -> Self {
        if v.len() <= INLINE {
            let mut out = ListItems::default();
            out.extend(v.iter().copied());
            out
        } else {
            ListItems(Repr::Heap(v.to_vec()))
        }
    }
}

impl FromIterator<ObjId> for ListItems {
    /// At most [`INLINE`] items (by the iterator's size hint) go inside without a vector.
    fn from_iter<I: IntoIterator<Item = ObjId>>(iter: I) -> Self {
        let iter = iter.into_iter();
        match iter.size_hint() {
            (_, Some(n)) if n <= INLINE => {
                let mut out = ListItems::default();
                out.extend(iter);
                out
            }
            _ => iter.collect::<Vec<_>>().into(),
        }
    }
}

impl IntoIterator for ListItems {
    type Item = ObjId;
    type IntoIter = std::vec::IntoIter<ObjId>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a ListItems {
    type Item = &'a ObjId;
    type IntoIter = std::slice::Iter<'a, ObjId>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl Deref for ListItems {
    type Target = [ObjId];
    #[inline]
    fn deref(&self) -> &[ObjId] {
        self.as_slice()
    }
}

impl DerefMut for ListItems {
    #[inline]
    fn deref_mut(&mut self) -> &mut [ObjId] {
        self.as_mut_slice()
    }
}

impl PartialEq for ListItems {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for ListItems {}

impl PartialEq<Vec<ObjId>> for ListItems {
    fn eq(&self, other: &Vec<ObjId>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl std::fmt::Debug for ListItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_slice().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: usize) -> ObjId {
        ObjId::from_index(n)
    }

    #[test]
    fn small_lists_stay_inline_and_grow_into_a_vec_in_order() {
        let mut l = ListItems::new();
        for n in 1..=INLINE {
            l.push(id(n));
            assert!(matches!(l.0, Repr::Small { .. }));
        }
        l.push(id(9));
        assert!(matches!(l.0, Repr::Heap(_)));
        let want: Vec<ObjId> = (1..=INLINE).map(id).chain([id(9)]).collect();
        assert_eq!(l, want);
    }

    #[test]
    fn inline_insert_remove_pop_truncate_keep_the_order() {
        let mut l: ListItems = vec![id(1), id(3)].into();
        l.insert(1, id(2));
        assert!(matches!(l.0, Repr::Small { .. }));
        l.insert(0, id(7));
        assert_eq!(l, vec![id(7), id(1), id(2), id(3)]);
        assert_eq!(l.remove(0), id(7));
        assert_eq!(l.pop(), Some(id(3)));
        assert_eq!(l, vec![id(1), id(2)]);
        l.truncate(1);
        assert_eq!(l, vec![id(1)]);
        l.truncate(5);
        assert_eq!(l.len(), 1);
        assert_eq!(l.pop(), Some(id(1)));
        assert_eq!(l.pop(), None);
        assert!(l.is_empty());
    }

    #[test]
    fn vec_only_operations_see_the_same_items() {
        let mut l: ListItems = vec![id(1), id(2), id(3)].into();
        let drained: Vec<ObjId> = l.drain(..2).collect();
        assert_eq!(drained, vec![id(1), id(2)]);
        assert_eq!(l, vec![id(3)]);
        l.extend_from_slice(&[id(4), id(5), id(6)]);
        assert_eq!(l.clone().into_vec(), vec![id(3), id(4), id(5), id(6)]);
    }
}
