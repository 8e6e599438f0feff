//! The memory layout of types: `__basicsize__`, `__itemsize__`, `__dictoffset__` and
//! `__weakrefoffset__` (`tp_basicsize`, `tp_itemsize`, `tp_dictoffset`, `tp_weaklistoffset`).
//!
//! Builtin types have the values CPython 3.11.7 reports (recorded in [`surface`]). A class
//! statement lays its instances out after its base's (`type_new_descriptors` of
//! `Objects/typeobject.c`): each `__slots__` name takes 8 bytes, then a `__weakref__` pointer
//! if the class adds one, and a dict the class adds is 3.11's *managed* dict, kept before the
//! object, so its offset is negative:
//!
//! ```text
//! class A: pass                      # basicsize 24: header 16 + __weakref__ at 16
//!                                    # dictoffset -48 = -(24 + 3 * 8), weakrefoffset 16
//! class S: __slots__ = ('a', 'b')    # basicsize 32: a at 16, b at 24; no dict, no weakref
//! class T(S): pass                   # 40: adds __weakref__ at 32; dictoffset -(40 + 24)
//! ```
//!
//! `sys.getsizeof` of an instance is the basic size plus the 16-byte GC header, plus 16 more
//! for the managed dict's pre-header.
//!
//! [`surface`]: crate::modules::surface

use crate::object::{ObjId, Payload};

use super::Vm;

/// `[basicsize, itemsize, dictoffset, weaklistoffset]`.
pub type TypeLayout = [i64; 4];

/// The recorded layout of a builtin type, by `tp_name` (the first entry of the table for a
/// name; read through a map made once, as every iterator made asks).
pub fn builtin_layout(tp_name: &str) -> Option<TypeLayout> {
    static BY_NAME: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, TypeLayout>> =
        std::sync::OnceLock::new();
    BY_NAME
        .get_or_init(|| {
            // reversed, so the first entry of a name is the one kept
            crate::modules::surface::TYPE_LAYOUT
                .iter()
                .rev()
                .copied()
                .collect()
        })
        .get(tp_name)
        .copied()
}

impl Vm {
    /// The layout of any type.
    pub fn type_layout(&self, ty: ObjId) -> TypeLayout {
        let Payload::Type(t) = self.heap.payload(ty) else {
            return [16, 0, 0, 0];
        };
        if t.builtin.is_some() {
            // static types the table does not know (the model's own) look like `object`
            return builtin_layout(&t.name).unwrap_or([16, 0, 0, 0]);
        }
        let base = match t.base {
            Some(b) if b != ty => self.type_layout(b),
            _ => [16, 0, 0, 0],
        };
        let [base_basic, item, base_dict, base_weak] = base;
        // type_new_descriptors: the slots, a dict pointer over a variable-size base, then
        // `__weakref__`; a managed dict sits before the object
        let adds_weak = t.weakrefable && base_weak == 0 && item == 0;
        let adds_dict_ptr = t.dict_ptr && base_dict == 0;
        let basic = if t.basicsize > 0 {
            t.basicsize as i64
        } else {
            base_basic
                + 8 * t.slots.len() as i64
                + if adds_dict_ptr { 8 } else { 0 }
                + if adds_weak { 8 } else { 0 }
        };
        let weak = if adds_weak { basic - 8 } else { base_weak };
        let dict = if base_dict != 0 {
            base_dict
        } else if adds_dict_ptr && item == 0 {
            // a static C type's struct (`_io._IOBase`): the dict, then the weakref list, last
            basic - 8 - if adds_weak { 8 } else { 0 }
        } else if adds_dict_ptr {
            -8
        } else if t.managed_dict {
            -basic - 24
        } else {
            0
        };
        [basic, item, dict, weak]
    }

    /// `sys.getsizeof` of an object whose size is its type's basic size (plus the GC header
    /// of a GC object), when the type is in the table.
    pub fn fixed_sizeof(&self, v: ObjId) -> Option<usize> {
        let [basic, item, _, _] = self.type_layout(self.type_of(v));
        if item != 0 {
            return None;
        }
        let gc = if self.heap.payload(v).is_gc() { 16 } else { 0 };
        Some(basic as usize + gc)
    }
    /// `shared_keys_usable_size`: how many values an instance dict of `ty` has room for (its
    /// shared keys' entries plus their remaining room).
    pub fn shared_keys_usable_size(&self, ty: ObjId) -> usize {
        match self.heap.payload(ty) {
            Payload::Type(t) => t.shared_keys.len() + t.shared_keys_usable.max(0) as usize,
            _ => 0,
        }
    }
    /// Give each builtin type the reference count CPython 3.11's start-up leaves it with
    /// (`sys.getrefcount(int)` shows what the interpreter's modules, classes and caches hold),
    /// as references the model does not represent one by one.
    pub(crate) fn set_startup_type_refcounts(&mut self) {
        let types: Vec<ObjId> = self
            .types
            .iter()
            .chain(self.exc_types.iter())
            .copied()
            .collect();
        for t in types {
            let name = match self.heap.payload(t) {
                Payload::Type(tt) => tt.name.clone(),
                _ => continue,
            };
            let Some(&(_, target)) = crate::modules::surface::TYPE_REFCOUNT
                .iter()
                .find(|(n, _)| *n == name)
            else {
                continue;
            };
            let counted = self.refcnt(t) - self.heap.meta(t).base_refs();
            // never below one uncounted reference: a static type must not be freed
            let base = (target - counted).max(1);
            self.heap.meta_mut(t).set_base_refs(base);
            *self.heap.refcnt_mut(t) = counted + base;
        }
    }
}
