//! The references 3.11's method cache holds to attribute names (`Objects/typeobject.c`:
//! `_PyType_Lookup`, `assign_version_tag`, `PyType_Modified`).
//!
//! # Why a name has references nobody can see
//!
//! Every attribute lookup on a class walks its MRO (`find_name_in_mro`) unless the method
//! cache remembers the answer. The cache is a table of entries (version tag, name, result);
//! filling one takes a strong reference to the *name* (`Py_SETREF(entry->name,
//! Py_NewRef(name))`), found or not. An entry belongs to one version of one class: a class
//! gets a fresh `tp_version_tag` the first time it is looked up in, and loses it whenever it
//! changes (`PyType_Modified`: setting or deleting a class attribute, `__bases__`, the
//! abstract methods, a class's `__annotations__` made on first read), it and its subclasses.
//! Each new version makes new entries; the old ones stay until something else takes their
//! slot. So a name looked up on a class, then on the class again after a change, is held by
//! two entries.
//!
//! # Worked example
//!
//! ```text
//!   class C: pass        'x' (a new name): co_names, the parser's arena
//!   c = C(); c.x = 1     + the instance's keys, + entry (C v1, 'x')          (the setattr's
//!                                                                              type lookup)
//!   C.x = 5              + C's dict key; C changes: C has no version now
//!   C.x                  + entry (type, 'x') (the metatype, looked up first)
//!                        + entry (C v2, 'x')
//!   c.x                  nothing: (C v2, 'x') is cached
//! ```
//!
//! python3 3.11 counts exactly these (the references of 'x' go up by 2, 1, 2, 0 in turn).
//!
//! # What is modelled, and what not
//!
//! [`Vm::method_cache_fill`] is `_PyType_Lookup`'s filling of an entry: the name must be an
//! exact `str` of at most 100 characters (`MCACHE_CACHEABLE_NAME`), the class gets a tag
//! ([`Vm::assign_version_tag`], its bases too), and a (tag, name) pair not held yet takes one
//! reference to the name. [`Vm::type_version_modified`] is `PyType_Modified`.
//!
//! CPython's table has 4096 slots, indexed by the tag and the name's *address*
//! (`MCACHE_HASH_METHOD`); a new entry drops whatever entry had its slot. The model keeps
//! every entry: which entries collide depends on addresses (the start of pymalloc's pools is
//! random under ASLR) and on the version tags start-up used, so it is not modelled; for a
//! short program collisions between its own entries are rare, and ones with start-up entries
//! only drop references to start-up names.

use crate::object::{ObjId, Payload};

use super::Vm;

/// `MCACHE_MAX_ATTR_SIZE`: longer names are never cached.
const MCACHE_MAX_ATTR_SIZE: usize = 100;

impl Vm {
    /// `assign_version_tag`: the class's version tag, given it (and its bases) now if it has
    /// none.
    pub(crate) fn assign_version_tag(&mut self, ty: ObjId) -> u32 {
        let (tag, bases, base) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.version_tag, t.bases, t.base),
            _ => return 0,
        };
        if tag != 0 {
            return tag;
        }
        let tag = self.next_version_tag;
        self.next_version_tag = self.next_version_tag.wrapping_add(1).max(1);
        if let Payload::Type(t) = self.heap.payload_mut(ty) {
            t.version_tag = tag;
        }
        let bases: Vec<ObjId> = match bases {
            Some(b) => self.tuple_items(b),
            None => base.into_iter().collect(),
        };
        for b in bases {
            self.assign_version_tag(b);
        }
        tag
    }

    /// `PyType_Modified`: the class and its subclasses lose their version tags (a class with
    /// none has subclasses with none).
    pub(crate) fn type_version_modified(&mut self, ty: ObjId) {
        let (tag, subclasses) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.version_tag, t.subclasses),
            _ => return,
        };
        if tag == 0 {
            return;
        }
        if let Some(d) = subclasses {
            let subs: Vec<ObjId> = self
                .dict_pairs(d)
                .into_iter()
                .filter_map(|(_, wr)| match self.heap.payload(wr) {
                    Payload::WeakRef(w) => w.referent,
                    _ => None,
                })
                .collect();
            for s in subs {
                self.type_version_modified(s);
            }
        }
        if let Payload::Type(t) = self.heap.payload_mut(ty) {
            t.version_tag = 0;
        }
    }

    /// `_PyType_Lookup` after an MRO walk: the entry for (the class's version, `name`) holds
    /// a reference to the name.
    pub(crate) fn method_cache_fill(&mut self, ty: ObjId, name: ObjId) {
        let cacheable = match self.heap.payload(name) {
            Payload::Str(s) => s.len <= MCACHE_MAX_ATTR_SIZE,
            _ => false,
        };
        if !cacheable || self.builtin_type_of(name) != Some(crate::object::BuiltinType::Str) {
            return;
        }
        let tag = self.assign_version_tag(ty);
        if tag != 0 && self.method_cache.insert((tag, name)) {
            self.incref(name);
        }
    }
}
