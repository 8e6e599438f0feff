//! Attribute hints: `LOAD_ATTR`, `STORE_ATTR` and `LOAD_METHOD` on an instance of a class,
//! answered from what the same instruction found last time (CPython 3.11's
//! `LOAD_ATTR_INSTANCE_VALUE`, `STORE_ATTR_INSTANCE_VALUE`, `LOAD_METHOD_WITH_VALUES`).
//!
//! # Why
//!
//! `self.count` on a plain class instance goes through `PyObject_GetAttr`: the class's
//! `__getattribute__`/`__getattr__` hooks are looked up, then `_PyType_Lookup` finds no
//! descriptor, then the instance's values are searched for the key. Every step is a cached
//! lookup in the model, but each costs a probe and a branch. CPython 3.11 specialises the
//! instruction instead: it remembers the class's version tag and the key's index, and while
//! the class keeps that tag, reads the value at that index. The model does the same, only for
//! speed: a hint changes no count, no address and no result.
//!
//! # Worked example
//!
//! ```text
//!   class Counter:
//!       def __init__(self): self.count = 0      shared keys of Counter: ['count']
//!       def bump(self): self.count += 1         LOAD_ATTR count, STORE_ATTR count
//!   c = Counter(); c.bump(); c.bump()
//! ```
//!
//! The first `LOAD_ATTR count` runs the generic path, which leaves every lookup it made
//! cached: `(Counter, '__getattribute__')` and `(Counter, '__getattr__')` in the slot cache,
//! `(Counter, 'count')` (no descriptor) in the type cache with its method cache entry held.
//! Then the hint records (Counter, its version tag, the type epoch, index 0). The second
//! `LOAD_ATTR count` checks that `c`'s class is Counter with the same tag and epoch, that
//! `c` has no `__dict__` and that shared key 0 is this very name, and pushes value 0.
//!
//! # Why the hint is exact
//!
//! A hint is made only when the generic path, run again, would make no lookup that is not
//! already cached (so it would allocate nothing and take no reference) and would give the
//! same answer. That stays true while nothing empties the caches: [`Vm::type_modified`]
//! (a class dict changed, a type or an interned name died) bumps the [`TypeEpoch`], and a
//! changed class gets a new version tag. What depends on the instance (its class, its
//! `__dict__`, the value at the index, the shared keys) is checked at every use. The epoch
//! of a new or cloned `Vm` starts from a value no other `Vm` used, so a hint left in a
//! code object by another machine never matches.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::object::{ObjId, Payload};

use super::attr::{GETATTR, GETATTRIBUTE, SETATTR};
use super::Vm;

/// The count of [`Vm::type_modified`] calls, started at a value unique to this `Vm`.
#[derive(Debug)]
pub struct TypeEpoch(Cell<u64>);

/// Epoch ranges handed to machines: each gets 2^40 epochs of its own.
static NEXT_EPOCH_RANGE: AtomicU64 = AtomicU64::new(1);

impl TypeEpoch {
    pub(crate) fn fresh() -> TypeEpoch {
        TypeEpoch(Cell::new(
            NEXT_EPOCH_RANGE.fetch_add(1, Ordering::Relaxed) << 40,
        ))
    }

    #[inline]
    pub(crate) fn get(&self) -> u64 {
        self.0.get()
    }

    pub(crate) fn bump(&self) {
        self.0.set(self.0.get() + 1);
    }
}

impl Clone for TypeEpoch {
    /// A clone goes its own way: hints made by either must not match the other.
    fn clone(&self) -> TypeEpoch {
        TypeEpoch::fresh()
    }
}

/// What one instruction on name `i` found last time: the class, its version tag, the type
/// epoch, and an index into the class's shared keys (`LOAD_ATTR`, `STORE_ATTR`) or their
/// count with the method found (`LOAD_METHOD`). `ty == None`: no hint.
#[derive(Clone, Copy, Debug, Default)]
pub struct AttrHint {
    ty: Option<ObjId>,
    tag: u32,
    ix: u32,
    epoch: u64,
    descr: Option<ObjId>,
    /// Generic executions left before the next try at a hint (`adaptive_counter_backoff`'s
    /// role: a site that sees several classes does not pay a try at every miss).
    wait: u8,
}

/// Generic executions after a try (made or not) before the next one.
const NOTE_BACKOFF: u8 = 16;

/// Which instruction a hint is for.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AttrOp {
    Load = 0,
    Store = 1,
    Method = 2,
}

impl Vm {
    /// Whether a generic execution of instruction `op` on name `i` should try to make a
    /// hint now; when it should, the old hint is dropped and the next tries wait (a made
    /// hint replaces the blank).
    fn note_due(&self, code: &crate::code::Code, i: usize, op: AttrOp) -> bool {
        let mut h = code.quick.attr_hint(i, op);
        let due = h.wait == 0;
        h = if due {
            AttrHint {
                wait: NOTE_BACKOFF,
                ..AttrHint::default()
            }
        } else {
            AttrHint {
                wait: h.wait - 1,
                ..h
            }
        };
        code.quick.set_attr_hint(code.names.len(), i, op, h);
        due
    }
}

impl Vm {
    /// The hint's class, when it is still valid for `obj`: its class, with the same tag, in
    /// the same epoch, a plain instance without a `__dict__`.
    #[inline]
    fn hint_holds(&self, h: &AttrHint, obj: ObjId) -> bool {
        let Some(ty) = h.ty else {
            return false;
        };
        if self.type_epoch.get() != h.epoch || self.type_of(obj) != ty {
            return false;
        }
        let Payload::Type(t) = self.heap.payload(ty) else {
            return false;
        };
        if t.version_tag != h.tag {
            return false;
        }
        matches!(self.heap.payload(obj), Payload::Instance(inst) if inst.dict.is_none())
    }

    /// `LOAD_ATTR` of name `i` on `obj` through its hint: the value, borrowed.
    #[inline]
    pub(crate) fn load_attr_hinted(
        &self,
        code: &crate::code::Code,
        i: usize,
        obj: ObjId,
    ) -> Option<ObjId> {
        let h = code.quick.attr_hint(i, AttrOp::Load);
        if !self.hint_holds(&h, obj) {
            return None;
        }
        let ix = h.ix as usize;
        if self.shared_keys_of(h.ty?).get(ix) != Some(&code.names[i]) {
            return None;
        }
        match self.heap.payload(obj) {
            Payload::Instance(inst) => inst.values.get(ix),
            _ => None,
        }
    }

    /// `LOAD_METHOD` of name `i` on `obj` through its hint: the function, borrowed.
    #[inline]
    pub(crate) fn load_method_hinted(
        &self,
        code: &crate::code::Code,
        i: usize,
        obj: ObjId,
    ) -> Option<ObjId> {
        let h = code.quick.attr_hint(i, AttrOp::Method);
        if !self.hint_holds(&h, obj) {
            return None;
        }
        (self.shared_keys_of(h.ty?).len() == h.ix as usize).then_some(h.descr?)
    }

    /// `STORE_ATTR` of name `i` on `obj` through its hint: the class, and the index of the
    /// value to replace.
    #[inline]
    pub(crate) fn store_attr_hinted(
        &self,
        code: &crate::code::Code,
        i: usize,
        obj: ObjId,
    ) -> Option<(ObjId, usize)> {
        let h = code.quick.attr_hint(i, AttrOp::Store);
        if !self.hint_holds(&h, obj) {
            return None;
        }
        let ty = h.ty?;
        let ix = h.ix as usize;
        if self.shared_keys_of(ty).get(ix) != Some(&code.names[i]) {
            return None;
        }
        match self.heap.get(obj).inst() {
            Some(inst) if inst.values_block().is_some() => Some((ty, ix)),
            _ => None,
        }
    }

    fn shared_keys_of(&self, ty: ObjId) -> &[ObjId] {
        match self.heap.payload(ty) {
            Payload::Type(t) => &t.shared_keys,
            _ => &[],
        }
    }

    /// The index of `name` among the class's shared keys, as the generic lookup finds it
    /// (the same object, else the same text).
    fn shared_key_index(&self, ty: ObjId, name: ObjId) -> Option<usize> {
        let keys = self.shared_keys_of(ty);
        keys.iter().position(|&k| k == name).or_else(|| {
            let text = self.str_of(name);
            keys.iter().position(|&k| self.str_of(k) == text)
        })
    }

    /// `_PyType_Lookup(ty, name)` when answering it now would change nothing (its method
    /// cache entry held, its answer in the type cache): the answer.
    fn type_lookup_quiet(&self, ty: ObjId, name: ObjId) -> Option<Option<ObjId>> {
        let Payload::Type(t) = self.heap.payload(ty) else {
            return None;
        };
        let tag = t.version_tag;
        if tag == 0 || !self.method_cache.contains(&(tag, name)) {
            return None;
        }
        self.type_cache.borrow().get(&(ty, name)).copied()
    }

    /// The class's hint for this instance, when `obj` is a plain instance without a
    /// `__dict__` of a class whose `__getattribute__`/`__getattr__` lookups are cached and
    /// find no Python hook (so `PyObject_GetAttr` is the generic lookup, with no side
    /// effect), and the attribute's `_PyType_Lookup` is cached too: (class, tag, the type
    /// lookup's answer).
    fn hint_base(&self, obj: ObjId, name: ObjId) -> Option<(ObjId, u32, Option<ObjId>)> {
        let ty = self.type_of(obj);
        if !self.is_heap_type(ty) {
            return None;
        }
        if !matches!(self.heap.payload(obj), Payload::Instance(inst) if inst.dict.is_none()) {
            return None;
        }
        let getattribute = self.slot_cached(ty, GETATTRIBUTE)?;
        let getattr = self.slot_cached(ty, GETATTR)?;
        let hooked =
            getattribute.is_some_and(|f| matches!(self.heap.payload(f), Payload::Function(_)));
        if hooked || getattr.is_some() {
            return None;
        }
        let found = self.type_lookup_quiet(ty, name)?;
        let Payload::Type(t) = self.heap.payload(ty) else {
            return None;
        };
        Some((ty, t.version_tag, found))
    }

    /// After a generic `LOAD_ATTR` of name `i` on `obj` succeeded: its hint, when the value
    /// came from the instance's values with no descriptor on the class.
    pub(crate) fn note_load_attr_hint(&self, code: &crate::code::Code, i: usize, obj: ObjId) {
        if !self.note_due(code, i, AttrOp::Load) {
            return;
        }
        let name = code.names[i];
        let Some((ty, tag, None)) = self.hint_base(obj, name) else {
            return;
        };
        let Some(ix) = self.shared_key_index(ty, name) else {
            return;
        };
        if self.shared_keys_of(ty)[ix] != name {
            return;
        }
        self.set_hint(code, i, AttrOp::Load, ty, tag, ix, None);
    }

    /// After a generic `LOAD_METHOD` of name `i` on `obj` found a plain function on the
    /// class: its hint, when the instance has no such key.
    pub(crate) fn note_load_method_hint(&self, code: &crate::code::Code, i: usize, obj: ObjId) {
        if !self.note_due(code, i, AttrOp::Method) {
            return;
        }
        let name = code.names[i];
        let Some((ty, tag, Some(descr))) = self.hint_base(obj, name) else {
            return;
        };
        if !matches!(self.heap.payload(descr), Payload::Function(_))
            || self.shared_key_index(ty, name).is_some()
        {
            return;
        }
        let n = self.shared_keys_of(ty).len();
        self.set_hint(code, i, AttrOp::Method, ty, tag, n, Some(descr));
    }

    /// After a generic `STORE_ATTR` of name `i` on `obj` succeeded: its hint, when the
    /// value went to the instance's inline values (no `__setattr__` hook, no descriptor).
    pub(crate) fn note_store_attr_hint(&mut self, code: &crate::code::Code, i: usize, obj: ObjId) {
        if !self.note_due(code, i, AttrOp::Store) {
            return;
        }
        let name = code.names[i];
        let ty = self.type_of(obj);
        if !self.is_heap_type(ty) {
            return;
        }
        let (managed, values) = match (self.heap.payload(ty), self.heap.get(obj).inst()) {
            (Payload::Type(t), Some(inst)) => (t.managed_dict, inst.values_block().is_some()),
            _ => return,
        };
        if !managed || !values {
            return;
        }
        if !matches!(self.heap.payload(obj), Payload::Instance(inst) if inst.dict.is_none()) {
            return;
        }
        // `slot_tp_setattro` would find no Python `__setattr__` (a cached lookup: no effect)
        if self.slot_cached(ty, SETATTR).is_none() {
            return;
        }
        if self.type_py_slot(ty, SETATTR).is_some() {
            return;
        }
        let Some(None) = self.type_lookup_quiet(ty, name) else {
            return;
        };
        let Some(ix) = self.shared_key_index(ty, name) else {
            return;
        };
        if self.shared_keys_of(ty)[ix] != name {
            return;
        }
        let Payload::Type(t) = self.heap.payload(ty) else {
            return;
        };
        let tag = t.version_tag;
        self.set_hint(code, i, AttrOp::Store, ty, tag, ix, None);
    }

    #[allow(clippy::too_many_arguments)]
    fn set_hint(
        &self,
        code: &crate::code::Code,
        i: usize,
        op: AttrOp,
        ty: ObjId,
        tag: u32,
        ix: usize,
        descr: Option<ObjId>,
    ) {
        let Ok(ix) = u32::try_from(ix) else {
            return;
        };
        let hint = AttrHint {
            ty: Some(ty),
            tag,
            ix,
            epoch: self.type_epoch.get(),
            descr,
            wait: NOTE_BACKOFF,
        };
        code.quick.set_attr_hint(code.names.len(), i, op, hint);
    }
}
