//! A class instance's inline attribute values and their insertion order, in at most one
//! allocation (none for up to two attributes).
//!
//! Why: CPython 3.11 keeps a plain instance's attributes in a values array
//! (`_PyDictValues`) indexed like the class's shared keys, with a prefix of one byte per key
//! index recording insertion order (what `vars()` and a materialised `__dict__` follow). The
//! model used two vectors for this (values and order): two heap blocks and 48 bytes of headers
//! per instance, the largest part of an instance's cost in a program making many small
//! objects (issue 15's `cycles` workload: 400,000 instances with one attribute each).
//! [`InstValues`] keeps both in 16 bytes inline: up to two values in place, more in one boxed
//! array of `u32` words sized for 4, 8, 16 or 32 values. (The *modelled* values block, with
//! CPython's size and address, is the instance's `values_block`: this is only the Rust side.)
//!
//! Worked example: `a = Node(); a.x = 1; a.y = 2; del a.x` with shared keys `['x', 'y']`:
//!
//! ```text
//! after a.x = 1   values [1, -]   order [0]      (inline)
//! after a.y = 2   values [1, 2]   order [0, 1]   (inline)
//! after del a.x   values [-, 2]   order [1]      (inline)
//! after a.z = 3   values [-, 2, 3]  order [1, 2] (a boxed array for 4 values)
//! ```
//!
//! Traversal and deallocation visit the values by index (`_PyObject_VisitInstanceAttributes`),
//! iteration follows the order: both are read here exactly as the two vectors gave them.
//!
//! Layout of the words, for a capacity of `C` values: `[header, value 0 .. value C-1, order]`.
//! The header is `len | order_len << 8`; a value word is the [`ObjId`]'s index (0 for no
//! value); the order entries are one byte each, packed four to a word after the values (for
//! `C = 2`, in the header's two upper bytes). Key indices are below `SHARED_KEYS_MAX_SIZE`
//! (30) in CPython and the model (a class's shared keys stop growing there), so a byte per
//! order entry and 32 values are ample.

use std::num::NonZeroU32;

use super::ObjId;

/// Inline values plus insertion order (see the module comment). Up to two values: no
/// allocation.
#[derive(Clone)]
pub struct InstValues {
    repr: Repr,
}

/// The words of each capacity: `1 + C + C / 4` (`C = 2`: the order is in the header).
#[derive(Clone)]
enum Repr {
    C2([u32; 3]),
    C4(Box<[u32; 6]>),
    C8(Box<[u32; 11]>),
    C16(Box<[u32; 21]>),
    C32(Box<[u32; 41]>),
}

const _: () = assert!(std::mem::size_of::<InstValues>() == 16);

/// The most value slots an instance can have (`SHARED_KEYS_MAX_SIZE` is 30).
pub const MAX_VALUES: usize = 32;

impl Default for InstValues {
    fn default() -> Self {
        InstValues {
            repr: Repr::C2([0; 3]),
        }
    }
}

impl InstValues {
    pub fn new() -> InstValues {
        InstValues::default()
    }

    #[inline]
    fn words(&self) -> &[u32] {
        match &self.repr {
            Repr::C2(w) => w,
            Repr::C4(w) => &w[..],
            Repr::C8(w) => &w[..],
            Repr::C16(w) => &w[..],
            Repr::C32(w) => &w[..],
        }
    }

    fn words_mut(&mut self) -> &mut [u32] {
        match &mut self.repr {
            Repr::C2(w) => w,
            Repr::C4(w) => &mut w[..],
            Repr::C8(w) => &mut w[..],
            Repr::C16(w) => &mut w[..],
            Repr::C32(w) => &mut w[..],
        }
    }

    fn cap(&self) -> usize {
        match self.words().len() {
            3 => 2,
            // words = 1 + C + C / 4
            n => (n - 1) * 4 / 5,
        }
    }

    /// Number of value slots in use (one past the largest index ever set since made empty).
    #[inline]
    pub fn len(&self) -> usize {
        (self.words()[0] & 0xff) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many values are set (the length of the insertion order).
    pub fn order_len(&self) -> usize {
        ((self.words()[0] >> 8) & 0xff) as usize
    }

    fn set_header(&mut self, len: usize, order_len: usize) {
        let w = &mut self.words_mut()[0];
        *w = (*w & 0xffff_0000) | len as u32 | (order_len as u32) << 8;
    }

    /// The value at key index `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<ObjId> {
        if i >= self.len() {
            return None;
        }
        NonZeroU32::new(self.words()[1 + i]).map(ObjId)
    }

    /// Values by key index (`None` where unset), as traversal visits them.
    pub fn iter(&self) -> impl Iterator<Item = Option<ObjId>> + '_ {
        let n = self.len();
        self.words()[1..1 + n]
            .iter()
            .map(|&w| NonZeroU32::new(w).map(ObjId))
    }

    /// Where order entry `k` is: (word, shift).
    fn order_pos(&self, k: usize) -> (usize, usize) {
        match self.cap() {
            2 => (0, 16 + 8 * k),
            c => (1 + c + k / 4, 8 * (k % 4)),
        }
    }

    fn order_at(&self, k: usize) -> usize {
        let (at, shift) = self.order_pos(k);
        ((self.words()[at] >> shift) & 0xff) as usize
    }

    fn set_order_at(&mut self, k: usize, index: usize) {
        let (at, shift) = self.order_pos(k);
        let w = &mut self.words_mut()[at];
        *w = (*w & !(0xff << shift)) | (index as u32) << shift;
    }

    /// Key indices of the set values, in insertion order.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.order_len()).map(|k| self.order_at(k))
    }

    /// Make room for index `i` (`i < MAX_VALUES`): the smallest capacity that holds it.
    fn reserve(&mut self, i: usize) {
        if i < self.cap() {
            return;
        }
        let repr = match i {
            0..=3 => Repr::C4(Box::new([0; 6])),
            4..=7 => Repr::C8(Box::new([0; 11])),
            8..=15 => Repr::C16(Box::new([0; 21])),
            _ => Repr::C32(Box::new([0; 41])),
        };
        let old = std::mem::replace(self, InstValues { repr });
        let (len, olen) = (old.len(), old.order_len());
        self.words_mut()[1..1 + len].copy_from_slice(&old.words()[1..1 + len]);
        for (k, index) in old.order().enumerate() {
            self.set_order_at(k, index);
        }
        self.set_header(len, olen);
    }

    /// Store `value` at key index `i` (`None` deletes), keeping the insertion order: a new
    /// value goes last, a deleted one leaves the order. Returns the value that was there.
    /// Indices from `MAX_VALUES` on are not stored (the model's shared keys stop at 30).
    pub fn set(&mut self, i: usize, value: Option<ObjId>) -> Option<ObjId> {
        if i >= MAX_VALUES {
            return None;
        }
        if value.is_none() && i >= self.len() {
            return None;
        }
        self.reserve(i);
        let (mut len, mut olen) = (self.len(), self.order_len());
        if i >= len {
            len = i + 1;
        }
        let old = NonZeroU32::new(self.words()[1 + i]).map(ObjId);
        self.words_mut()[1 + i] = value.map_or(0, |v| v.index() as u32);
        match (old.is_some(), value.is_some()) {
            (false, true) => {
                self.set_order_at(olen, i);
                olen += 1;
            }
            (true, false) => {
                if let Some(k) = (0..olen).find(|&k| self.order_at(k) == i) {
                    for j in k..olen - 1 {
                        let next = self.order_at(j + 1);
                        self.set_order_at(j, next);
                    }
                    olen -= 1;
                }
            }
            _ => {}
        }
        self.set_header(len, olen);
        old
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: usize) -> Option<ObjId> {
        Some(ObjId::from_index(n))
    }

    /// The two-vector model the values replace: (values by index, order).
    fn check(v: &InstValues, values: &[Option<ObjId>], order: &[usize]) {
        assert_eq!(v.iter().collect::<Vec<_>>(), values);
        assert_eq!(v.order().collect::<Vec<_>>(), order);
        assert_eq!(v.len(), values.len());
        for (i, x) in values.iter().enumerate() {
            assert_eq!(v.get(i), *x);
        }
        assert_eq!(v.get(values.len()), None);
    }

    #[test]
    fn set_get_delete_keep_insertion_order() {
        let mut v = InstValues::new();
        check(&v, &[], &[]);
        assert_eq!(v.set(0, id(10)), None);
        assert_eq!(v.set(1, id(11)), None);
        check(&v, &[id(10), id(11)], &[0, 1]);
        assert_eq!(v.set(0, None), id(10));
        check(&v, &[None, id(11)], &[1]);
        assert_eq!(v.set(0, id(12)), None);
        check(&v, &[id(12), id(11)], &[1, 0]);
        assert_eq!(v.set(1, id(13)), id(11));
        check(&v, &[id(12), id(13)], &[1, 0]);
        // deleting what is not there changes nothing
        assert_eq!(v.set(7, None), None);
        check(&v, &[id(12), id(13)], &[1, 0]);
    }

    #[test]
    fn each_capacity_keeps_values_and_order_through_deletes() {
        // ascending indices cross 2 -> 4 -> 8 -> 16 -> 32 one step at a time; after each
        // store, delete the oldest value and put it back (it goes last in the order)
        let mut v = InstValues::new();
        let mut values = Vec::new();
        let mut order = Vec::new();
        for i in 0..30usize {
            v.set(i, id(200 + i));
            values.push(id(200 + i));
            order.push(i);
            check(&v, &values, &order);
            let first = order[0];
            assert_eq!(v.set(first, None), values[first]);
            order.remove(0);
            let back = values[first];
            values[first] = None;
            check(&v, &values, &order);
            v.set(first, back);
            values[first] = back;
            order.push(first);
            check(&v, &values, &order);
        }
        // past the last capacity nothing is stored
        assert_eq!(v.set(MAX_VALUES, id(1)), None);
        check(&v, &values, &order);
    }

    #[test]
    fn grows_past_each_capacity_step_keeping_values_and_order() {
        let mut v = InstValues::new();
        let mut values = Vec::new();
        let mut order = Vec::new();
        // out-of-order indices across every growth step (2, 4, 8, 16, 32)
        for k in 0..30usize {
            let i = (k * 7) % 30;
            v.set(i, id(100 + k));
            if values.len() <= i {
                values.resize(i + 1, None);
            }
            values[i] = id(100 + k);
            order.push(i);
            check(&v, &values, &order);
        }
        for &i in &[3usize, 0, 29, 14] {
            v.set(i, None);
            values[i] = None;
            order.retain(|&j| j != i);
            check(&v, &values, &order);
        }
        let taken = std::mem::take(&mut v);
        check(&v, &[], &[]);
        check(&taken, &values, &order);
    }
}
