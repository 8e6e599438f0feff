//! The heap's change log: which objects a command changed, kept while a viewer watches, so that
//! marking a step's changes costs what the step did, not what the heap holds.
//!
//! # Why
//!
//! After every step the app marks what changed: refcounts up or down, objects made, objects
//! freed. Comparing the whole heap before and after does that in time proportional to the
//! heap: with a million live objects, a step that binds one name paid for a million refcount
//! reads before it and a million serial reads after it (about 200 ms a step, where a frame is
//! 16). The log records the changes as they happen instead, so the views read only those.
//!
//! # A worked example
//!
//! ```text
//!   data = [[i + 1000] for i in range(500000)]   # 10^6 objects, then the mark
//!   x = [data[0]]                                # the step
//! ```
//!
//! At the mark the log is empty and remembers the newest serial. The step's first
//! `Py_INCREF` of `data[0]` (refcount 1) writes `(data[0], its serial, 1)` into `touched`;
//! the second touch of the same object in the same step writes nothing (a per-slot stamp says
//! it is already there). The new list gets a serial above the mark's (new, not a change).
//! After the step the view asks `before(data[0])`: 1, now 2, so `+1`. The other 999,998
//! objects are never looked at.
//!
//! # The mechanism
//!
//! CPython has no such log (its debug build's `_Py_RefTotal` counts references, not objects),
//! so this is bookkeeping of the model's, switched on only by a watcher ([`super::Heap::watch`]):
//! headless runs keep `watch` at `None` and pay one predictable branch per refcount write.
//! Every write of `ob_refcnt` goes through [`super::Heap::refcnt_mut`], which records an
//! object's refcount the first time it is written after the mark. Allocation
//! ([`super::Heap::insert`]) and deallocation ([`super::Heap::remove`]) record the ids they
//! made and freed. An id whose slot is reused within one step is told apart by its serial.

use crate::object::ObjId;

/// What changed since the last [`ChangeLog::mark`].
#[derive(Clone, Debug, Default)]
pub struct ChangeLog {
    /// Per arena slot: `(epoch, index into touched)`; the slot was touched since the mark when
    /// the epoch is the current one.
    stamp: Vec<(u32, u32)>,
    epoch: u32,
    /// The objects whose refcount was written since the mark, first write first: the id, the
    /// serial the object had, and its refcount before that write.
    touched: Vec<(ObjId, u64, i64)>,
    /// Objects made since the mark, in allocation order (some may be freed again).
    allocated: Vec<(ObjId, u64)>,
    /// Objects freed since the mark, in the order they were freed (their serials).
    freed: Vec<(ObjId, u64)>,
    /// The newest serial handed out at the mark: an object with a larger one is new.
    mark_serial: u64,
}

impl ChangeLog {
    /// A log that starts now; `newest` is the last serial handed out.
    pub fn new(newest: u64) -> ChangeLog {
        let mut log = ChangeLog::default();
        log.mark(newest);
        log
    }

    /// Forget everything: changes are counted from here. `newest` is the last serial handed
    /// out.
    pub fn mark(&mut self, newest: u64) {
        self.touched.clear();
        self.allocated.clear();
        self.freed.clear();
        self.mark_serial = newest;
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            // the stamps of 2^32 marks ago would read as current: start them afresh
            self.stamp.iter_mut().for_each(|s| *s = (0, 0));
            self.epoch = 1;
        }
    }

    /// An object's refcount is about to be written; `refcnt` is its value now.
    #[inline]
    pub fn touch(&mut self, id: ObjId, serial: u64, refcnt: i64) {
        let i = id.index();
        if i >= self.stamp.len() {
            self.stamp.resize((i + 1).next_power_of_two(), (0, 0));
        }
        let slot = &mut self.stamp[i];
        if slot.0 != self.epoch {
            *slot = (self.epoch, self.touched.len() as u32);
            self.touched.push((id, serial, refcnt));
        }
    }

    /// An object was made.
    pub fn allocated(&mut self, id: ObjId, serial: u64) {
        self.allocated.push((id, serial));
    }

    /// An object was freed.
    pub fn freed(&mut self, id: ObjId, serial: u64) {
        self.freed.push((id, serial));
    }

    /// The refcount the object `(id, serial)` had at the mark, if it was written since; `None`
    /// when it was not (its refcount now is the one it had), or when the object is newer than
    /// the mark.
    pub fn before(&self, id: ObjId, serial: u64) -> Option<i64> {
        let &(epoch, at) = self.stamp.get(id.index())?;
        if epoch != self.epoch {
            return None;
        }
        match self.touched.get(at as usize) {
            Some(&(_, s, n)) if s == serial => Some(n),
            _ => None,
        }
    }

    /// The newest serial at the mark.
    pub fn mark_serial(&self) -> u64 {
        self.mark_serial
    }

    /// Which mark this is (a new number at every [`ChangeLog::mark`]): with
    /// [`ChangeLog::mark_serial`], how a state captured at a mark recognises the log that
    /// counts from it.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// Nothing written, made or freed since the mark.
    pub fn is_empty(&self) -> bool {
        self.touched.is_empty() && self.allocated.is_empty() && self.freed.is_empty()
    }

    /// Objects whose refcount was written since the mark: `(id, serial, refcount at the
    /// mark)`, first write first. Written is not changed: compare with the refcount now.
    pub fn touched(&self) -> &[(ObjId, u64, i64)] {
        &self.touched
    }

    /// Objects made since the mark, `(id, serial)` in allocation order.
    pub fn allocated_since(&self) -> &[(ObjId, u64)] {
        &self.allocated
    }

    /// Objects freed since the mark, `(id, serial)` in the order they were freed.
    pub fn freed_since(&self) -> &[(ObjId, u64)] {
        &self.freed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(i: usize) -> ObjId {
        ObjId::from_index(i)
    }

    #[test]
    fn first_write_after_the_mark_is_kept() {
        let mut log = ChangeLog::new(10);
        log.touch(id(3), 2, 5);
        log.touch(id(3), 2, 6);
        log.touch(id(7), 4, 1);
        assert_eq!(log.before(id(3), 2), Some(5));
        assert_eq!(log.before(id(7), 4), Some(1));
        assert_eq!(log.before(id(4), 3), None);
        assert_eq!(log.touched().len(), 2);
        // a later object in the same slot is not the one touched
        assert_eq!(log.before(id(3), 11), None);
        log.mark(12);
        assert_eq!(log.before(id(3), 2), None);
        assert!(log.touched().is_empty());
        assert_eq!(log.mark_serial(), 12);
        log.touch(id(3), 2, 9);
        assert_eq!(log.before(id(3), 2), Some(9));
    }

    #[test]
    fn epochs_wrap_without_stale_stamps() {
        let mut log = ChangeLog::new(0);
        log.touch(id(1), 1, 1);
        log.epoch = u32::MAX;
        log.stamp[1] = (u32::MAX, 0);
        log.mark(0);
        assert_eq!(log.epoch, 1);
        assert_eq!(log.before(id(1), 1), None);
    }

    #[test]
    fn allocations_and_frees_are_listed_in_order() {
        let mut log = ChangeLog::new(5);
        log.allocated(id(2), 6);
        log.freed(id(2), 6);
        log.allocated(id(2), 7);
        assert_eq!(log.allocated_since(), &[(id(2), 6), (id(2), 7)]);
        assert_eq!(log.freed_since(), &[(id(2), 6)]);
    }
}
