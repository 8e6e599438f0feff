//! A class instance's inline attribute values and their insertion order, in one allocation.
//!
//! Why: CPython 3.11 keeps a plain instance's attributes in a values array
//! (`_PyDictValues`) indexed like the class's shared keys, with a prefix of one byte per key
//! index recording insertion order (what `vars()` and a materialised `__dict__` follow). The
//! model used two vectors for this (values and order): two heap blocks and 48 bytes of headers
//! per instance, the largest part of an instance's cost in a program making many small
//! objects (issue 15's `cycles` workload: 400,000 instances with one attribute each).
//! [`InstValues`] keeps both in one boxed slice of `u32` words, 16 bytes inline.
//!
//! Worked example: `a = Node(); a.x = 1; a.y = 2; del a.x` with shared keys `['x', 'y']`:
//!
//! ```text
//! after a.x = 1   values [1, -]   order [0]
//! after a.y = 2   values [1, 2]   order [0, 1]
//! after del a.x   values [-, 2]   order [1]
//! ```
//!
//! Traversal and deallocation visit the values by index (`_PyObject_VisitInstanceAttributes`),
//! iteration follows the order: both are read here exactly as the two vectors gave them.
//!
//! Layout of the words, for a capacity of `C` values (a multiple of 4):
//! `[len | order_len << 16, value 0 .. value C-1, order entries packed two per word]`.
//! A value word is the [`ObjId`]'s index (0 for no value). Key indices are below
//! `SHARED_KEYS_MAX_SIZE` (30) in CPython and the model, so 16 bits per order entry is ample.

use std::num::NonZeroU32;

use super::ObjId;

/// Inline values plus insertion order (see the module comment). Empty: no allocation.
#[derive(Clone, Default)]
pub struct InstValues {
    buf: Box<[u32]>,
}

const _: () = assert!(std::mem::size_of::<InstValues>() == 16);

/// The most value slots an instance can have (an order entry and `len` are 16 bits).
pub const MAX_VALUES: usize = u16::MAX as usize;

impl InstValues {
    pub fn new() -> InstValues {
        InstValues::default()
    }

    fn cap(&self) -> usize {
        match self.buf.len() {
            0 => 0,
            // words = 1 + C + C / 2
            n => (n - 1) * 2 / 3,
        }
    }

    /// Number of value slots in use (one past the largest index ever set since made empty).
    pub fn len(&self) -> usize {
        self.buf.first().map_or(0, |&h| (h & 0xffff) as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many values are set (the length of the insertion order).
    pub fn order_len(&self) -> usize {
        self.buf.first().map_or(0, |&h| (h >> 16) as usize)
    }

    fn set_header(&mut self, len: usize, order_len: usize) {
        self.buf[0] = len as u32 | (order_len as u32) << 16;
    }

    /// The value at key index `i`.
    #[inline]
    pub fn get(&self, i: usize) -> Option<ObjId> {
        if i >= self.len() {
            return None;
        }
        NonZeroU32::new(self.buf[1 + i]).map(ObjId)
    }

    /// Values by key index (`None` where unset), as traversal visits them.
    pub fn iter(&self) -> impl Iterator<Item = Option<ObjId>> + '_ {
        let n = self.len();
        self.buf
            .get(1..1 + n)
            .unwrap_or(&[])
            .iter()
            .map(|&w| NonZeroU32::new(w).map(ObjId))
    }

    fn order_at(&self, k: usize) -> usize {
        let w = self.buf[1 + self.cap() + k / 2];
        ((w >> ((k % 2) * 16)) & 0xffff) as usize
    }

    fn set_order_at(&mut self, k: usize, index: usize) {
        let at = 1 + self.cap() + k / 2;
        let shift = (k % 2) * 16;
        self.buf[at] = (self.buf[at] & !(0xffff << shift)) | (index as u32) << shift;
    }

    /// Key indices of the set values, in insertion order.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.order_len()).map(|k| self.order_at(k))
    }

    /// Make room for index `i` (capacity rounded up to a multiple of 4).
    fn reserve(&mut self, i: usize) {
        let cap = self.cap();
        if i < cap {
            return;
        }
        let new_cap = (i + 1).div_ceil(4) * 4;
        let mut buf = vec![0u32; 1 + new_cap + new_cap / 2].into_boxed_slice();
        let (len, olen) = (self.len(), self.order_len());
        if cap > 0 {
            buf[1..1 + len].copy_from_slice(&self.buf[1..1 + len]);
            let words = olen.div_ceil(2);
            buf[1 + new_cap..1 + new_cap + words]
                .copy_from_slice(&self.buf[1 + cap..1 + cap + words]);
        }
        self.buf = buf;
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
        let old = NonZeroU32::new(self.buf[1 + i]).map(ObjId);
        self.buf[1 + i] = value.map_or(0, |v| v.index() as u32);
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
    fn grows_past_each_capacity_step_keeping_values_and_order() {
        let mut v = InstValues::new();
        let mut values = Vec::new();
        let mut order = Vec::new();
        // out-of-order indices across several growth steps (4, 8, ... 32)
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
