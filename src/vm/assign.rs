//! Assigning the attributes that change what an object or a class *is*: `obj.__class__`
//! (`object_set_class`), `C.__bases__` (`type_set_bases`), `C.__name__`/`__qualname__`, and
//! a class's attributes in general (`type_setattro`).
//!
//! Both layout-changing assignments ask the question of `compatible_for_assignment`: would
//! the object's memory, laid out for the old class, serve the new one? Classes that add
//! nothing to their base (no `__slots__`, no new dict or weak reference slot) are looked
//! through; what remains must be the same class, or two classes that added the same things
//! to the same base:
//!
//! ```text
//! class A: pass;  class B: pass       a.__class__ = B   fine: both add dict + weakref to object
//! class S: __slots__ = ('x',)         a.__class__ = S   "object layout differs from 'A'"
//! (1).__class__ = B                   builtin types are immutable
//! ```
//!
//! Operators need no re-wiring when `__bases__` changes: the model finds a class's special
//! methods by looking them up on its MRO each time (with the lookup cache cleared here), which
//! is what CPython's `update_slot` work achieves for its cached slots.

use crate::object::{BuiltinType, ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

impl Vm {
    /// `object_set_class`: `obj.__class__ = new`.
    pub(crate) fn set_class(&mut self, obj: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let Some(new) = value else {
            return Err(self.type_error("can't delete __class__ attribute"));
        };
        if !matches!(self.heap.payload(new), Payload::Type(_)) {
            let msg = format!(
                "__class__ must be set to a class, not '{}' object",
                self.type_name(new)
            );
            return Err(self.type_error(&msg));
        }
        let old = self.type_of(obj);
        let module_t = self.ty(BuiltinType::Module);
        let both_modules = self.is_subtype(new, module_t) && self.is_subtype(old, module_t);
        if !both_modules && (!self.is_heap_type(new) || !self.is_heap_type(old)) {
            return Err(self.type_error(
                "__class__ assignment only supported for mutable types or ModuleType subclasses",
            ));
        }
        self.compatible_for_assignment(old, new, "__class__")?;
        // the inline values are indexed by the old class's shared keys: make them a dict
        let has_values = self
            .heap
            .get(obj)
            .inst()
            .is_some_and(|i| i.dict.is_none() && i.values.order_len() > 0);
        let managed = matches!(self.heap.payload(old), Payload::Type(t) if t.managed_dict);
        if managed && has_values {
            let d = self.instance_dict(obj)?;
            self.decref(d);
        }
        self.incref(new);
        self.heap.get_mut(obj).ty = new;
        self.decref(old);
        Ok(())
    }

    /// `compatible_for_assignment`: can memory laid out for `old` hold a `new`?
    pub(crate) fn compatible_for_assignment(
        &mut self,
        old: ObjId,
        new: ObjId,
        attr: &str,
    ) -> PyResult<()> {
        let new_name = self.type_name_of_type(new);
        let old_name = self.type_name_of_type(old);
        if self.builtin_base(old) != self.builtin_base(new) {
            let msg =
                format!("{attr} assignment: '{new_name}' deallocator differs from '{old_name}'");
            return Err(self.type_error(&msg));
        }
        let new_base = self.layout_base(new);
        let old_base = self.layout_base(old);
        let differs = (new_base != old_base
            && (self.tp_base(new_base) != self.tp_base(old_base)
                || !self.same_slots_added(new_base, old_base)))
            || self.managed_flag(old) != self.managed_flag(new);
        if differs {
            let msg =
                format!("{attr} assignment: '{new_name}' object layout differs from '{old_name}'");
            return Err(self.type_error(&msg));
        }
        Ok(())
    }

    fn tp_base(&self, t: ObjId) -> Option<ObjId> {
        match self.heap.payload(t) {
            Payload::Type(tt) => tt.base,
            _ => None,
        }
    }

    fn managed_flag(&self, t: ObjId) -> bool {
        matches!(self.heap.payload(t), Payload::Type(tt) if tt.managed_dict)
    }

    /// Walk up while a class adds nothing to its base's layout (`compatible_with_tp_base`).
    fn layout_base(&self, ty: ObjId) -> ObjId {
        let mut t = ty;
        while let Some(base) = self.tp_base(t) {
            if self.layout_key(t) != self.layout_key(base) {
                break;
            }
            t = base;
        }
        t
    }

    /// What a type's instances look like in memory: size, item size, dict and weak
    /// reference slots.
    fn layout_key(&self, t: ObjId) -> (usize, usize, bool, bool, bool) {
        let (basic, item) = self.type_basicsize(t);
        (
            basic,
            item,
            self.type_provides_dict(t),
            self.type_weakrefable(t),
            self.managed_flag(t),
        )
    }

    /// `same_slots_added`: two classes over the same base that added the same `__slots__`
    /// (and dict and weak reference slots) in the same order.
    fn same_slots_added(&self, a: ObjId, b: ObjId) -> bool {
        match (self.heap.payload(a), self.heap.payload(b)) {
            (Payload::Type(ta), Payload::Type(tb))
                if ta.builtin.is_none() && tb.builtin.is_none() =>
            {
                ta.slots == tb.slots && self.layout_key(a) == self.layout_key(b)
            }
            _ => false,
        }
    }

    /// `type_setattro`: a class's attributes (builtin types are immutable); `__bases__`,
    /// `__name__` and `__qualname__` are the metatype's getsets, the rest go to the class's
    /// namespace.
    pub(crate) fn type_setattr(
        &mut self,
        ty: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        let text = self.str_of(name).to_string();
        let (dict, tname) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.dict, t.name.clone()),
            _ => return Ok(()),
        };
        let Some(d) = dict else {
            let msg = format!("cannot set '{text}' attribute of immutable type '{tname}'");
            return Err(self.type_error(&msg));
        };
        // a data descriptor of the metaclass
        let meta = self.type_of(ty);
        if self.is_heap_type(meta) {
            if let Some(descr) = self.type_lookup(meta, name) {
                self.incref(descr);
                let r = self.descr_set(descr, ty, name, value);
                self.decref(descr);
                if let Some(r) = r {
                    return r;
                }
            }
        } else {
            // `_PyObject_GenericSetAttrWithDict` looks the name up on `type` too, filling a
            // method cache entry (`vm::typecache`); `type`'s own getsets are handled below
            self.method_cache_fill(meta, name);
        }
        match text.as_str() {
            "__bases__" => return self.set_bases(ty, value),
            "__abstractmethods__" => return self.set_abstractmethods(ty, d, name, value),
            "__name__" | "__qualname__" => {
                let Some(v) = value else {
                    let msg =
                        format!("cannot delete '{text}' attribute of immutable type '{tname}'");
                    return Err(self.type_error(&msg));
                };
                let s = match self.heap.payload(v) {
                    Payload::Str(s) => s.value.to_string(),
                    _ => {
                        let msg = format!(
                            "can only assign string to {tname}.{text}, not '{}'",
                            self.type_name(v)
                        );
                        return Err(self.type_error(&msg));
                    }
                };
                // type_set_name / type_set_qualname: `Py_SETREF(et->ht_name, Py_NewRef(value))`
                let mut old = None;
                let heap_type =
                    matches!(self.heap.payload(ty), Payload::Type(t) if t.ht_name.is_some());
                if heap_type {
                    self.incref(v);
                }
                if let Payload::Type(t) = self.heap.payload_mut(ty) {
                    if text == "__name__" {
                        t.name = s;
                        if heap_type {
                            old = t.ht_name.replace(v);
                        }
                    } else {
                        t.qualname = s;
                        if heap_type {
                            old = t.ht_qualname.replace(v);
                        }
                    }
                }
                self.xdecref(old);
                return Ok(());
            }
            "__mro__" | "__base__" | "__basicsize__" | "__itemsize__" | "__dictoffset__"
            | "__weakrefoffset__" | "__flags__" => {
                return Err(self.new_exception(ExcKind::AttributeError, "readonly attribute"));
            }
            _ => {}
        }
        self.type_modified();
        let r = match value {
            Some(v) => self.dict_setitem(d, name, v),
            None => {
                if self.dict_delitem_str(d, name)? {
                    Ok(())
                } else {
                    let msg = format!("type object '{tname}' has no attribute '{text}'");
                    Err(self.new_exception(ExcKind::AttributeError, &msg))
                }
            }
        };
        // update_slot: the class's and its subclasses' slots for this name
        if r.is_ok() {
            self.type_modified();
            self.type_version_modified(ty);
            self.update_nb_sticky(ty, &text);
        }
        r
    }

    /// `type_set_abstractmethods`: the set goes in the class's namespace, and its truth sets
    /// or clears `Py_TPFLAGS_IS_ABSTRACT` (so `object.__new__` refuses the class).
    fn set_abstractmethods(
        &mut self,
        ty: ObjId,
        dict: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        let abstract_ = match value {
            Some(v) => {
                let truth = self.is_true(v)?;
                self.dict_setitem(dict, name, v)?;
                truth
            }
            None => {
                if !self.dict_delitem_str(dict, name)? {
                    return Err(self.new_exception(ExcKind::AttributeError, "__abstractmethods__"));
                }
                false
            }
        };
        self.type_modified();
        self.type_version_modified(ty);
        if let Payload::Type(t) = self.heap.payload_mut(ty) {
            t.abstract_ = abstract_;
        }
        Ok(())
    }

    /// `type_set_bases`: new bases, checked as CPython checks them; the class's MRO and its
    /// subclasses' are recomputed, and the bases' subclass lists follow.
    fn set_bases(&mut self, ty: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let tname = self.type_name_of_type(ty);
        let Some(new) = value else {
            let msg = format!("cannot delete '__bases__' attribute of immutable type '{tname}'");
            return Err(self.type_error(&msg));
        };
        let items = match self.heap.payload(new) {
            Payload::Tuple(items) => items.to_vec(),
            _ => {
                let msg = format!(
                    "can only assign tuple to {tname}.__bases__, not {}",
                    self.type_name(new)
                );
                return Err(self.type_error(&msg));
            }
        };
        if items.is_empty() {
            let msg = format!("can only assign non-empty tuple to {tname}.__bases__, not ()");
            return Err(self.type_error(&msg));
        }
        for &b in &items {
            if !matches!(self.heap.payload(b), Payload::Type(_)) {
                let msg = format!(
                    "{tname}.__bases__ must be tuple of classes, not '{}'",
                    self.type_name(b)
                );
                return Err(self.type_error(&msg));
            }
            if self.is_subtype(b, ty) {
                return Err(self.type_error("a __bases__ item causes an inheritance cycle"));
            }
        }
        let new_base = self.best_base(&items)?;
        let old_base = self.tp_base(ty).unwrap_or(new_base);
        self.compatible_for_assignment(old_base, new_base, "__bases__")?;
        // leave the old bases' subclass lists, join the new ones'
        self.remove_all_subclasses(ty);
        self.incref(new);
        self.incref(new_base);
        let (old_bases, old_base_ref) = match self.heap.payload_mut(ty) {
            Payload::Type(t) => (t.bases.replace(new), t.base.replace(new_base)),
            _ => (None, None),
        };
        self.xdecref(old_bases);
        self.xdecref(old_base_ref);
        for &b in &items {
            self.add_subclass(b, ty)?;
        }
        self.type_modified();
        self.mro_hierarchy(ty)
    }

    /// `mro_hierarchy`: recompute the MRO of `ty` and of every subclass under it.
    fn mro_hierarchy(&mut self, ty: ObjId) -> PyResult<()> {
        let bases = match self.heap.payload(ty) {
            Payload::Type(t) => t.bases,
            _ => None,
        };
        let base_list = bases.map(|b| self.tuple_items(b)).unwrap_or_default();
        let tail = self.c3_merge(&base_list)?;
        let mut items = vec![ty];
        items.extend(tail);
        for &m in &items {
            self.incref(m);
        }
        let mro = self.new_tuple(items);
        let old = match self.heap.payload_mut(ty) {
            Payload::Type(t) => t.mro.replace(mro),
            _ => None,
        };
        self.xdecref(old);
        self.type_modified();
        self.type_version_modified(ty);
        let subs = self.type_subclasses(ty);
        let subs_items = self.list_items(subs);
        let mut r = Ok(());
        for s in subs_items {
            if r.is_ok() {
                r = self.mro_hierarchy(s);
            }
        }
        self.decref(subs);
        r
    }
}
