//! Attributes: `PyObject_GenericGetAttr`/`SetAttr` with descriptors and the MRO, 3.11's inline
//! instance values (no `__dict__` object until something asks for one), class and module
//! attributes, and the special attributes of builtin objects a lesson reads (`__name__`,
//! `__code__`, `co_consts`, `__self__`...).

use crate::object::{BuiltinType, ObjId, Payload, PyDict};

use super::{ExcKind, PyResult, Vm};

// The hook names as statics: the slot cache is keyed by the text's address, and a static
// has one (`attrhint` asks the cache for the very keys these lookups make).
pub(crate) static GETATTRIBUTE: &str = "__getattribute__";
pub(crate) static GETATTR: &str = "__getattr__";
pub(crate) static SETATTR: &str = "__setattr__";
pub(crate) static DELATTR: &str = "__delattr__";

impl Vm {
    pub fn is_heap_type(&self, ty: ObjId) -> bool {
        matches!(self.heap.payload(ty), Payload::Type(t) if t.builtin.is_none())
    }

    /// `_PyType_Lookup`: the attribute `name` on the type's MRO (borrowed), without binding.
    /// The method cache's entry for the lookup holds a reference to the name
    /// (`method_cache_fill`).
    ///
    /// The front (`lookup_front`) answers a repeated lookup without the two hash probes
    /// (the method cache's set, then `type_cache`) when both would change nothing: its
    /// entry was made after a lookup that left `(tag, name)` in the method cache and the
    /// answer in `type_cache`, and it is used only while the type still has that tag (a
    /// changed or new class has another, or none) and `type_cache` was not emptied since
    /// (`type_modified` empties the front too). The method cache's entries are never
    /// dropped, and the name they hold cannot die, so the id is the same name.
    pub fn type_lookup(&mut self, ty: ObjId, name: ObjId) -> Option<ObjId> {
        let at = (ty.index() ^ name.index().wrapping_mul(31)) & 63;
        let e = self.lookup_front.as_array_of_cells()[at].get();
        if e.0 == Some(ty) && e.1 == Some(name) {
            if let Payload::Type(t) = self.heap.payload(ty) {
                if t.version_tag == e.2 {
                    return e.3;
                }
            }
        }
        self.method_cache_fill(ty, name);
        // only interned names are stable keys here
        let cacheable = matches!(self.heap.payload(name), Payload::Str(s) if s.interned);
        if cacheable {
            if let Some(&hit) = self.type_cache.borrow().get(&(ty, name)) {
                self.note_lookup_front(at, ty, name, hit);
                return hit;
            }
        }
        let text = self.str_of(name);
        let found = self
            .mro_of(ty)
            .into_iter()
            .find_map(|t| self.type_own_attr(t, name, text));
        if cacheable {
            self.type_cache.borrow_mut().insert((ty, name), found);
            self.note_lookup_front(at, ty, name, found);
        }
        found
    }

    /// Make `lookup_front`'s entry `at` for a lookup `type_cache` now answers with `found`,
    /// when the method cache holds `(tag, name)` for the type's tag.
    fn note_lookup_front(&self, at: usize, ty: ObjId, name: ObjId, found: Option<ObjId>) {
        let tag = match self.heap.payload(ty) {
            Payload::Type(t) => t.version_tag,
            _ => return,
        };
        if tag != 0 && self.method_cache.contains(&(tag, name)) {
            self.lookup_front.as_array_of_cells()[at].set((Some(ty), Some(name), tag, found));
        }
    }

    /// `PyType_Modified`: a class dict changed, or a type or an interned name is gone;
    /// forget every cached lookup.
    pub(crate) fn type_modified(&self) {
        self.type_epoch.bump();
        self.type_cache.borrow_mut().clear();
        self.lookup_front.set([(None, None, 0, None); 64]);
        self.slot_cache.borrow_mut().clear();
        self.slot_front.set([(None, 0, 0, None); 64]);
    }

    /// `type_lookup_str` for a hook name the attribute paths ask for on every access, cached
    /// per (type, name) until `type_modified`. Only a name already interned is cached: then
    /// the uncached lookup makes nothing (it borrows the interned string), so skipping it
    /// changes no count or address; and an interned name that dies calls `type_modified`.
    /// What [`Vm::type_lookup_slot`] would answer from its cache (so with no side effect):
    /// None when it is not cached.
    pub(crate) fn slot_cached(&self, ty: ObjId, name: &'static str) -> Option<Option<ObjId>> {
        let key = (ty, name.as_ptr() as usize, name.len());
        self.slot_cache.borrow().get(&key).copied()
    }

    pub(crate) fn type_lookup_slot(&mut self, ty: ObjId, name: &'static str) -> Option<ObjId> {
        let key = (ty, name.as_ptr() as usize, name.len());
        let at = (ty.index() ^ (key.1 >> 3).wrapping_mul(7)) & 63;
        let front: &std::cell::Cell<[crate::vm::SlotFront]> = &self.slot_front;
        let entry = &front.as_slice_of_cells()[at];
        let e = entry.get();
        if e.0 == Some(ty) && e.1 == key.1 && e.2 == key.2 {
            return e.3;
        }
        let cached = self.slot_cache.borrow().get(&key).copied();
        if let Some(hit) = cached {
            entry.set((Some(ty), key.1, key.2, hit));
            return hit;
        }
        let interned = self.interned.contains_key(name);
        let found = self.type_lookup_str(ty, name);
        if interned {
            self.slot_cache.borrow_mut().insert(key, found);
        }
        found
    }

    pub fn type_lookup_str(&mut self, ty: ObjId, name: &str) -> Option<ObjId> {
        let n = self.new_interned(name);
        let r = self.type_lookup(ty, n);
        self.decref(n);
        r
    }

    pub fn type_has_attr(&mut self, ty: ObjId, name: &str) -> bool {
        self.type_lookup_str(ty, name).is_some()
    }

    /// An attribute defined directly on one class (its dict, or a builtin type's method table).
    pub(crate) fn type_own_attr(&self, t: ObjId, name: ObjId, text: &str) -> Option<ObjId> {
        match self.heap.payload(t) {
            Payload::Type(tt) => match tt.dict {
                Some(d) => self.dict_getitem_str(d, name),
                None => self.builtin_own_attr(t, text),
            },
            _ => None,
        }
    }

    /// A builtin type's own attribute: what was added to this type object itself (by
    /// `cpython_dir`, or `BaseExceptionGroup`'s methods over the exceptions' shared table),
    /// then the method table of its kind.
    pub(crate) fn builtin_own_attr(&self, t: ObjId, text: &str) -> Option<ObjId> {
        let Payload::Type(tt) = self.heap.payload(t) else {
            return None;
        };
        if let Some(&v) = self.type_attrs.get(&t).and_then(|m| m.get(text)) {
            return Some(v);
        }
        tt.builtin
            .and_then(|bt| self.method_descrs.get(&bt))
            .and_then(|m| m.get(text))
            .copied()
    }

    /// Add an attribute to a builtin type object (start-up only).
    pub(crate) fn set_builtin_attr(&mut self, t: ObjId, name: &'static str, v: ObjId) {
        self.type_attrs.entry(t).or_default().insert(name, v);
    }

    /// Look up a special method on the type and bind it to `obj` (a new reference).
    pub fn lookup_special(&mut self, obj: ObjId, name: ObjId) -> Option<ObjId> {
        let ty = self.type_of(obj);
        let descr = self.type_lookup(ty, name)?;
        Some(
            self.bind_descriptor(descr, Some(obj), ty)
                .unwrap_or_else(|_| {
                    let n = self.none();
                    self.new_ref(n)
                }),
        )
    }

    /// The `__init__` a type call runs (borrowed).
    pub(crate) fn find_init(&mut self, ty: ObjId) -> Option<ObjId> {
        self.type_lookup_slot(ty, "__init__")
    }

    /// `descr.__get__(obj, type)` for what a type lookup found: functions bind to instances,
    /// classmethods to the class, staticmethods unwrap, properties call their getter.
    pub(crate) fn bind_descriptor(
        &mut self,
        descr: ObjId,
        obj: Option<ObjId>,
        ty: ObjId,
    ) -> PyResult<ObjId> {
        match self.heap.payload(descr) {
            Payload::Function(_) => match obj {
                Some(o) => Ok(self.new_method(descr, o)),
                None => Ok(self.new_ref(descr)),
            },
            Payload::MethodDescr(d) if d.func.0.kind == crate::builtins::Kind::ClassMethod => {
                // a builtin classmethod binds to the class (`c_long.from_address`)
                let cls = match obj {
                    Some(o) if matches!(self.heap.payload(o), Payload::Type(_)) => o,
                    Some(o) => self.type_of(o),
                    None => ty,
                };
                Ok(self.new_bound_builtin_from_descr(descr, cls))
            }
            Payload::MethodDescr(d) if d.func.0.kind == crate::builtins::Kind::NotModelledAttr => {
                let (name, owner) = (d.func.0.name, d.owner);
                match obj {
                    None => Ok(self.new_ref(descr)),
                    Some(o) => {
                        let n = self.new_interned(name);
                        let r = self.special_attr(o, n);
                        self.decref(n);
                        match r? {
                            Some(v) => Ok(v),
                            None => Err(self.not_modelled(owner, name)),
                        }
                    }
                }
            }
            Payload::MethodDescr(d)
                if matches!(
                    d.func.0.kind,
                    crate::builtins::Kind::Getter | crate::builtins::Kind::Member
                ) =>
            {
                let f = d.func;
                match obj {
                    Some(o) => (f.0.call)(self, &[o], &[]),
                    None => Ok(self.new_ref(descr)),
                }
            }
            Payload::MethodDescr(d) if d.func.0.kind == crate::builtins::Kind::TypeSlot => {
                let owner = d.owner;
                Ok(self.new_bound_builtin_from_descr(descr, owner))
            }
            Payload::MethodDescr(_) => match obj {
                Some(o) => Ok(self.new_bound_builtin_from_descr(descr, o)),
                None => Ok(self.new_ref(descr)),
            },
            Payload::ClassMethod(f) => {
                let f = *f;
                // cm_descr_get (3.9-3.12): a wrapped descriptor is bound to the class in turn,
                // so `@classmethod` stacks over `@classmethod` or `@property`
                if !matches!(self.heap.payload(f), Payload::Function(_)) && self.has_descr_get(f) {
                    return self.descr_get(f, Some(ty), ty);
                }
                Ok(self.new_method(f, ty))
            }
            Payload::Native(n) if n.slots().binds_as_method => match obj {
                Some(o) => Ok(self.new_method(descr, o)),
                None => Ok(self.new_ref(descr)),
            },
            Payload::StaticMethod(f) => {
                let f = *f;
                Ok(self.new_ref(f))
            }
            Payload::Property(_) => match obj {
                Some(o) => self.property_get(descr, o),
                None => Ok(self.new_ref(descr)),
            },
            Payload::GetSetDescr { name, .. } => match obj {
                Some(o) if *name == "__dict__" => self.instance_dict(o),
                Some(o) if *name == "__weakref__" => {
                    let w = self.instance_weakrefs(o).first().copied();
                    match w {
                        Some(w) => Ok(self.new_ref(w)),
                        None => Ok(self.new_none()),
                    }
                }
                _ => Ok(self.new_ref(descr)),
            },
            Payload::MemberDescr { index, name, .. } => match obj {
                Some(o) => {
                    let (index, name) = (*index, *name);
                    let v = self
                        .heap
                        .get(o)
                        .inst()
                        .and_then(|inst| inst.slots().get(index).copied().flatten());
                    match v {
                        Some(v) => Ok(self.new_ref(v)),
                        None => {
                            let msg = format!(
                                "'{}' object has no attribute '{}'",
                                self.type_name(o),
                                self.str_of(name)
                            );
                            Err(self.new_exception(ExcKind::AttributeError, &msg))
                        }
                    }
                }
                None => Ok(self.new_ref(descr)),
            },
            _ => Ok(self.new_ref(descr)),
        }
    }

    /// `PyDescr_IsData`: the descriptor's type has `tp_descr_set` (a property, a getset or
    /// member descriptor, or a class with `__set__` or `__delete__`). A data descriptor on the
    /// type wins over the instance's own attribute.
    pub(crate) fn is_data_descriptor(&mut self, descr: ObjId) -> bool {
        match self.heap.payload(descr) {
            Payload::Property(_) | Payload::GetSetDescr { .. } | Payload::MemberDescr { .. } => {
                true
            }
            Payload::MethodDescr(d) => matches!(
                d.func.0.kind,
                crate::builtins::Kind::Getter | crate::builtins::Kind::Member
            ),
            _ => {
                let t = self.type_of(descr);
                (self.is_heap_type(t) || self.is_native_type(t))
                    && (self.type_lookup_str(t, "__set__").is_some()
                        || self.type_lookup_str(t, "__delete__").is_some())
            }
        }
    }

    /// Does the descriptor's type have `tp_descr_get`? (Only then is anything bound.)
    pub(crate) fn has_descr_get(&mut self, descr: ObjId) -> bool {
        match self.heap.payload(descr) {
            Payload::Function(_)
            | Payload::MethodDescr(_)
            | Payload::ClassMethod(_)
            | Payload::StaticMethod(_)
            | Payload::Property(_)
            | Payload::GetSetDescr { .. }
            | Payload::MemberDescr { .. } => true,
            _ => self.py_slot(descr, "__get__").is_some(),
        }
    }

    /// `descr.__get__(obj, ty)` through the descriptor's type's `tp_descr_get`: the builtin
    /// kinds bind natively, a class with `__get__` is called (`slot_tp_descr_get`), anything
    /// else comes back as itself. A new reference.
    pub(crate) fn descr_get(
        &mut self,
        descr: ObjId,
        obj: Option<ObjId>,
        ty: ObjId,
    ) -> PyResult<ObjId> {
        if let Some(get) = self.py_slot(descr, "__get__") {
            let none = self.none();
            let o = obj.unwrap_or(none);
            // `slot_tp_descr_get`: `__get__` as found on the type, called with the
            // descriptor itself first (`PyObject_CallFunctionObjArgs(get, self, obj, type)`),
            // not bound: a `__get__` that is itself such a descriptor is called, not resolved
            // again (which would never end). Both borrowed, as there: the caller holds the
            // descriptor (type_getattro's and the generic getattr's `Py_INCREF(descr)`)
            return self.call_object(get, &[descr, o, ty], &[]);
        }
        self.bind_descriptor(descr, obj, ty)
    }

    /// `NotImplementedError: refscope does not model int.__getnewargs__`.
    pub(crate) fn not_modelled(&mut self, owner: ObjId, name: &str) -> super::PyErr {
        let what = format!("{}.{name}", self.type_name_of_type(owner));
        self.unsupported(&what)
    }

    /// A bound method object (`PyMethod_New`).
    pub fn new_method(&mut self, func: ObjId, self_: ObjId) -> ObjId {
        self.incref(func);
        self.incref(self_);
        let t = self.ty(BuiltinType::Method);
        self.alloc(
            t,
            Payload::Method { func, self_ },
            super::objects::Layout::gc(48),
        )
    }

    /// A builtin method bound to `self_` (`[].append`).
    pub fn new_bound_builtin_from_descr(&mut self, descr: ObjId, self_: ObjId) -> ObjId {
        let func = match self.heap.payload(descr) {
            Payload::MethodDescr(d) => d.func,
            _ => unreachable!("not a method descriptor"),
        };
        self.incref(self_);
        let t = if self.builtin_type_of(descr) == Some(BuiltinType::WrapperDescriptor) {
            self.ty(BuiltinType::MethodWrapper)
        } else {
            self.ty(BuiltinType::BuiltinFunction)
        };
        self.alloc(
            t,
            Payload::Builtin(Box::new(crate::object::BuiltinFn {
                func,
                self_: Some(self_),
            })),
            super::objects::Layout::gc(56),
        )
    }

    /// `LOAD_METHOD`'s lookup: a plain function or method descriptor found on the type (and not
    /// shadowed by the instance) is returned unbound, so no method object is made.
    pub(crate) fn get_method(&mut self, obj: ObjId, name: ObjId) -> PyResult<Option<ObjId>> {
        let ty = self.type_of(obj);
        if matches!(
            self.heap.payload(obj),
            Payload::Type(_) | Payload::Module(_) | Payload::Super { .. }
        ) {
            return Ok(None);
        }
        // `_PyObject_GetMethod` only short-cuts `PyObject_GenericGetAttr`
        if self.is_heap_type(ty) {
            if let (None, None) = self.getattr_slots(ty) {
            } else {
                return Ok(None);
            }
        }
        let Some(descr) = self.type_lookup(ty, name) else {
            return Ok(None);
        };
        let plain = match self.heap.payload(descr) {
            Payload::Function(_) => true,
            Payload::MethodDescr(d) => !matches!(
                d.func.0.kind,
                crate::builtins::Kind::NotModelledAttr
                    | crate::builtins::Kind::Getter
                    | crate::builtins::Kind::Member
            ),
            _ => false,
        };
        if !plain {
            return Ok(None);
        }
        if self.instance_attr(obj, name).is_some() {
            return Ok(None);
        }
        Ok(Some(self.new_ref(descr)))
    }

    /// The instance's own attribute (inline value or dict entry), borrowed.
    pub fn instance_attr(&self, obj: ObjId, name: ObjId) -> Option<ObjId> {
        if let Some(inst) = self.heap.get(obj).inst() {
            if let Some(d) = inst.dict {
                return self.dict_getitem_str(d, name);
            }
            let keys = self.shared_keys(self.type_of(obj));
            // the same interned name first (no text compares), then equal text (the
            // cached hashes compared first); the keys are distinct texts, so both find the
            // same key
            let i = keys.iter().position(|&k| k == name).or_else(|| {
                let Payload::Str(n) = self.heap.payload(name) else {
                    return None;
                };
                let (hash, text) = (n.hash(), n.as_str());
                keys.iter().position(|&k| {
                    matches!(self.heap.payload(k),
                        Payload::Str(s) if s.hash() == hash && s.as_str() == text)
                })
            })?;
            return inst.values.get(i);
        }
        match self.heap.payload(obj) {
            Payload::Exception(e) => e.dict.and_then(|d| self.dict_getitem_str(d, name)),
            Payload::Function(f) => f.dict.and_then(|d| self.dict_getitem_str(d, name)),
            Payload::Native(n) => n.dict().and_then(|d| self.dict_getitem_str(d, name)),
            _ => None,
        }
    }

    fn shared_keys(&self, ty: ObjId) -> &[ObjId] {
        match self.heap.payload(ty) {
            Payload::Type(t) => &t.shared_keys,
            _ => &[],
        }
    }

    /// `getattr(obj, name)` (`PyObject_GetAttr`): a new reference. An AttributeError gets
    /// `name` and `obj` (`set_attribute_error_context`).
    pub fn getattr(&mut self, obj: ObjId, name: ObjId) -> PyResult<ObjId> {
        let ty = self.type_of(obj);
        let r = if self.is_heap_type(ty) {
            let (getattribute, getattr_hook) = self.getattr_slots(ty);
            if getattribute.is_some() || getattr_hook.is_some() {
                self.slot_tp_getattr_hook(obj, name, getattribute, getattr_hook)
            } else {
                self.getattr_default(obj, name)
            }
        } else {
            self.getattr_default(obj, name)
        };
        if let Err(e) = &r {
            self.set_attribute_error_context(e.0, obj, name);
        }
        r
    }

    /// The builtin `tp_getattro` of the object's type: `type_getattro` for classes, the
    /// module's, `super`'s, else `PyObject_GenericGetAttr`.
    pub(crate) fn getattr_builtin(&mut self, obj: ObjId, name: ObjId) -> PyResult<ObjId> {
        self.getattr_default(obj, name)
    }

    fn getattr_default(&mut self, obj: ObjId, name: ObjId) -> PyResult<ObjId> {
        match self.heap.payload(obj) {
            Payload::Type(_) => return self.type_getattr(obj, name),
            Payload::Module(_) => return self.module_getattr(obj, name),
            Payload::Super { .. } => return self.super_getattr(obj, name),
            Payload::WeakRef(_) if crate::modules::weakref::is_proxy(self, obj) => {
                return crate::modules::weakref::proxy_getattr(self, obj, name)
            }
            // ga_getattro: what the alias does not have itself comes from its origin
            Payload::GenericAlias { origin, .. } => {
                let origin = *origin;
                const OWN: &[&str] = &[
                    "__origin__",
                    "__args__",
                    "__parameters__",
                    "__mro_entries__",
                    "__reduce_ex__",
                    "__reduce__",
                    "__copy__",
                    "__deepcopy__",
                    "__class__",
                    "__instancecheck__",
                    "__subclasscheck__",
                ];
                if !OWN.contains(&self.str_of(name)) {
                    return self.getattr(origin, name);
                }
            }
            _ => {}
        }
        self.generic_getattr(obj, name)
    }

    /// `module_getattro` (Objects/moduleobject.c): `PyObject_GenericGetAttr` with the module's
    /// dict (the module type's data descriptors, then the dict, then its methods:
    /// `gc.__repr__`, `m.__class__`), then the dict's own `__getattr__` (PEP 562), then
    /// "module 'm' has no attribute 'x'" (or refscope's NotImplementedError for a name
    /// CPython's module has and the model's lacks).
    fn module_getattr(&mut self, obj: ObjId, name: ObjId) -> PyResult<ObjId> {
        let Payload::Module(m) = self.heap.payload(obj) else {
            return self.generic_getattr(obj, name);
        };
        let d = m.dict;
        // `__dict__` is the module type's member: a data descriptor
        if self.str_of(name) == "__dict__" {
            return Ok(self.new_ref(d));
        }
        let ty = self.type_of(obj);
        let descr = self.type_lookup(ty, name);
        if !descr.is_some_and(|d| self.is_data_descriptor(d)) {
            if let Some(v) = self.dict_getitem_str(d, name) {
                return Ok(self.new_ref(v));
            }
        }
        if descr.is_some() || self.str_of(name) == "__class__" {
            return self.generic_getattr(obj, name);
        }
        let key = self.new_interned("__getattr__");
        let hook = self.dict_getitem_str(d, key);
        self.decref(key);
        if let Some(hook) = hook {
            self.incref(hook);
            let r = self.call_object(hook, &[name], &[]);
            self.decref(hook);
            return r;
        }
        let modname = match self.heap.payload(obj) {
            Payload::Module(m) => m.name.clone(),
            _ => String::new(),
        };
        if let Some(e) = self.unmodelled_module_attr(&modname, name) {
            return Err(e);
        }
        let msg = format!(
            "module '{}' has no attribute '{}'",
            modname,
            self.str_of(name)
        );
        Err(self.new_exception(ExcKind::AttributeError, &msg))
    }

    /// A class's `tp_getattro` hooks: a Python `__getattribute__` and a `__getattr__`, when it
    /// defines them (borrowed). Without either, attribute access is `PyObject_GenericGetAttr`.
    pub(crate) fn getattr_slots(&mut self, ty: ObjId) -> (Option<ObjId>, Option<ObjId>) {
        let getattribute = self
            .type_lookup_slot(ty, GETATTRIBUTE)
            .filter(|&f| matches!(self.heap.payload(f), Payload::Function(_)));
        let getattr_hook = self.type_lookup_slot(ty, GETATTR);
        (getattribute, getattr_hook)
    }

    /// `slot_tp_getattr_hook`: call `__getattribute__` (or the generic lookup), and on
    /// AttributeError fall back to `__getattr__`.
    fn slot_tp_getattr_hook(
        &mut self,
        obj: ObjId,
        name: ObjId,
        getattribute: Option<ObjId>,
        getattr_hook: Option<ObjId>,
    ) -> PyResult<ObjId> {
        let first = match getattribute {
            Some(f) => self.call_attribute(obj, f, name),
            None => self.getattr_default(obj, name),
        };
        match (first, getattr_hook) {
            (Err(e), Some(hook)) if self.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
                self.decref(e.0);
                self.call_attribute(obj, hook, name)
            }
            (r, _) => r,
        }
    }

    /// `call_attribute` (typeobject.c): the hook (held while it runs) is bound to the
    /// object through its `__get__` (a function gives a bound method, which holds the
    /// object), then called with the name alone.
    fn call_attribute(&mut self, obj: ObjId, attr: ObjId, name: ObjId) -> PyResult<ObjId> {
        self.incref(attr);
        let ty = self.type_of(obj);
        let r = match self.descr_get(attr, Some(obj), ty) {
            Ok(bound) => {
                let r = self.call_object(bound, &[name], &[]);
                self.decref(bound);
                r
            }
            Err(e) => Err(e),
        };
        self.decref(attr);
        r
    }

    /// `PyObject_GenericGetAttr`: data descriptors on the type, then the instance's own
    /// attributes, then other descriptors and class attributes.
    pub fn generic_getattr(&mut self, obj: ObjId, name: ObjId) -> PyResult<ObjId> {
        let ty = self.type_of(obj);
        let descr = self.type_lookup(ty, name);
        if let Some(d) = descr {
            if self.is_data_descriptor(d) {
                self.incref(d);
                let r = self.descr_get(d, Some(obj), ty);
                self.decref(d);
                return r;
            }
        }
        if let Some(v) = self.instance_attr(obj, name) {
            return Ok(self.new_ref(v));
        }
        if let Some(v) = self.special_attr(obj, name)? {
            return Ok(v);
        }
        if let Some(d) = descr {
            self.incref(d);
            let r = self.descr_get(d, Some(obj), ty);
            self.decref(d);
            return r;
        }
        if self.str_of(name) == "__doc__" {
            // a builtin type's `__doc__` is in its dict (`tp_doc`), which the model makes on
            // demand: the first such type of the MRO answers for its instances
            let builtin = self
                .mro_of(ty)
                .into_iter()
                .find(|&t| matches!(self.heap.payload(t), Payload::Type(tt) if tt.dict.is_none()));
            if let Some(t) = builtin {
                return self.type_getattr(t, name);
            }
        }
        // method_getattro: what the method type does not have comes from its function
        // (`bound.attr` reads the function's `__dict__`; a miss is the function's error)
        if let Payload::Method { func, .. } = self.heap.payload(obj) {
            let f = *func;
            return self.getattr(f, name);
        }
        Err(self.attribute_error(obj, name))
    }

    pub(crate) fn attribute_error(&mut self, obj: ObjId, name: ObjId) -> super::PyErr {
        let msg = format!(
            "'{}' object has no attribute '{}'",
            self.type_name(obj),
            self.str_of(name)
        );
        self.new_exception(ExcKind::AttributeError, &msg)
    }

    /// `_PyObject_LookupAttr`: `getattr(obj, name)`, or None when there is no such attribute
    /// (other errors propagate). A new reference.
    pub fn lookup_attr(&mut self, obj: ObjId, name: &str) -> PyResult<Option<ObjId>> {
        match self.getattr_str(obj, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if self.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
                self.decref(e.0);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn getattr_str(&mut self, obj: ObjId, name: &str) -> PyResult<ObjId> {
        let n = self.new_interned(name);
        let r = self.getattr(obj, n);
        self.decref(n);
        r
    }

    /// Attributes of types: `__name__`, `__mro__`, `__dict__`..., then the MRO (functions come
    /// back as plain functions, classmethods bound to the class).
    fn type_getattr(&mut self, ty: ObjId, name: ObjId) -> PyResult<ObjId> {
        let text = self.str_of(name).to_string();
        // a class's `__name__`/`__qualname__`: its `ht_name`/`ht_qualname` objects
        if let Payload::Type(t) = self.heap.payload(ty) {
            let held = match text.as_str() {
                "__name__" => t.ht_name,
                "__qualname__" => t.ht_qualname,
                _ => None,
            };
            if let Some(s) = held {
                return Ok(self.new_ref(s));
            }
        }
        let (tname, qualname, mro, bases, base, dict, builtin, c_static) =
            match self.heap.payload(ty) {
                Payload::Type(t) => (
                    t.name.clone(),
                    t.qualname.clone(),
                    t.mro,
                    t.bases,
                    t.base,
                    t.dict,
                    t.builtin,
                    t.c_static,
                ),
                _ => unreachable!(),
            };
        // a static type's `tp_name` may carry its module: `weakref.ReferenceType`
        let (tmodule, tname, qualname) =
            match (builtin.is_some() || c_static, tname.rsplit_once('.')) {
                (true, Some((m, n))) => (Some(m.to_string()), n.to_string(), n.to_string()),
                _ => (None, tname, qualname),
            };
        // a class's `ht_name`/`ht_qualname` are the strings of its class statement: interned
        // identifiers (a static type's name is made anew each time)
        let heap = builtin.is_none() && !c_static;
        let is_identifier =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match text.as_str() {
            "__name__" if heap && is_identifier(&tname) => return Ok(self.new_interned(&tname)),
            "__qualname__" if heap && is_identifier(&qualname) => {
                return Ok(self.new_interned(&qualname))
            }
            "__name__" => return Ok(self.new_string(tname)),
            "__qualname__" => return Ok(self.new_string(qualname)),
            "__module__" if tmodule.is_some() => {
                return Ok(self.new_string(tmodule.unwrap_or_default()))
            }
            "__mro__" => {
                return Ok(match mro {
                    Some(m) => self.new_ref(m),
                    None => {
                        let items = self.mro_of(ty);
                        for &i in &items {
                            self.incref(i);
                        }
                        self.new_tuple(items)
                    }
                })
            }
            "__bases__" => {
                return Ok(match bases {
                    Some(b) => self.new_ref(b),
                    None => {
                        let items: Vec<ObjId> = base.into_iter().collect();
                        for &i in &items {
                            self.incref(i);
                        }
                        self.new_tuple(items)
                    }
                })
            }
            "__base__" => {
                return Ok(match base {
                    Some(b) => self.new_ref(b),
                    None => self.new_none(),
                })
            }
            "__dict__" => {
                // type_dict: a read-only view, so that a class changes only through
                // setattr (which keeps the method cache right)
                let d = match dict {
                    Some(d) => self.new_ref(d),
                    None => self.builtin_type_dict(ty),
                };
                let t = self.ty(BuiltinType::MappingProxy);
                return Ok(self.alloc(t, Payload::MappingProxy(d), super::objects::Layout::gc(24)));
            }
            "__class__" => {
                let t = self.type_of(ty);
                return Ok(self.new_ref(t));
            }
            // type_abstractmethods: the class's own namespace only, and never `type`'s
            "__abstractmethods__" => {
                let own = match dict {
                    Some(d) if ty != self.ty(BuiltinType::Type) => self.dict_getitem_str(d, name),
                    _ => None,
                };
                return match own {
                    Some(v) => Ok(self.new_ref(v)),
                    None => Err(self.new_exception(ExcKind::AttributeError, "__abstractmethods__")),
                };
            }
            "__module__" if builtin.is_some() && dict.is_none() => {
                let m = builtin_module(builtin);
                return Ok(self.new_str(m));
            }
            "__basicsize__" | "__itemsize__" | "__dictoffset__" | "__weakrefoffset__" => {
                let layout = self.type_layout(ty);
                let i = [
                    "__basicsize__",
                    "__itemsize__",
                    "__dictoffset__",
                    "__weakrefoffset__",
                ]
                .iter()
                .position(|n| *n == text)
                .unwrap_or(0);
                return Ok(self.new_int(layout[i]));
            }
            "__annotations__" => return self.type_get_annotations(ty, name),
            "__doc__" if (builtin.is_some() || self.is_exception_type(ty)) && dict.is_none() => {
                return Ok(match crate::builtins::cpython_dir::doc(&tname, "__doc__") {
                    Some(doc) => self.new_str(doc),
                    None => self.new_none(),
                })
            }
            _ => {}
        }
        // type_getattro: a data descriptor of the metaclass first, then the class's MRO (its
        // descriptors bound to no instance), then the metaclass's other attributes
        let meta = self.type_of(ty);
        let meta_attr = self.type_lookup(meta, name);
        if let Some(m) = meta_attr {
            if self.is_data_descriptor(m) {
                self.incref(m);
                let r = self.descr_get(m, Some(ty), meta);
                self.decref(m);
                return r;
            }
        }
        if let Some(d) = self.type_lookup(ty, name) {
            self.incref(d);
            let r = self.descr_get(d, None, ty);
            self.decref(d);
            return r;
        }
        if let Some(m) = meta_attr {
            self.incref(m);
            let r = self.descr_get(m, Some(ty), meta);
            self.decref(m);
            return r;
        }
        let msg = format!("type object '{tname}' has no attribute '{text}'");
        Err(self.new_exception(ExcKind::AttributeError, &msg))
    }

    /// `type_get_annotations`: a static type has none (AttributeError); a class's own
    /// `__annotations__` entry, through its `__get__` when it has one; else a new empty
    /// dict, stored in the class's namespace (`PyType_Modified`), so that the next read
    /// returns the same dict.
    fn type_get_annotations(&mut self, ty: ObjId, name: ObjId) -> PyResult<ObjId> {
        let dict = match self.heap.payload(ty) {
            Payload::Type(t) if t.builtin.is_none() => t.dict,
            _ => None,
        };
        let Some(d) = dict else {
            let msg = format!(
                "type object '{}' has no attribute '__annotations__'",
                self.type_name_of_type(ty)
            );
            return Err(self.new_exception(ExcKind::AttributeError, &msg));
        };
        if let Some(a) = self.dict_getitem_str(d, name) {
            if self.has_descr_get(a) {
                self.incref(a);
                let r = self.descr_get(a, None, ty);
                self.decref(a);
                return r;
            }
            return Ok(self.new_ref(a));
        }
        let a = self.new_dict();
        if let Err(e) = self.dict_setitem(d, name, a) {
            self.decref(a);
            return Err(e);
        }
        self.type_modified();
        self.type_version_modified(ty);
        Ok(a)
    }

    /// `super(type, obj).name`: look after `type` in `obj`'s MRO.
    fn super_getattr(&mut self, sup: ObjId, name: ObjId) -> PyResult<ObjId> {
        let Payload::Super { ty, obj } = *self.heap.payload(sup) else {
            unreachable!()
        };
        let text = self.str_of(name).to_string();
        // super_getattro: an unbound super (`super(T)`) and `__class__` are the super
        // object's own attributes
        if obj == self.none() || text == "__class__" {
            return self.generic_getattr(sup, name);
        }
        let obj_type = self.super_obj_type(ty, obj);
        let mro = self.mro_of(obj_type);
        let start = mro
            .iter()
            .position(|&t| t == ty)
            .map(|p| p + 1)
            .unwrap_or(mro.len());
        for &t in &mro[start..] {
            if let Some(d) = self.type_own_attr(t, name, &text) {
                // only instance-mode super binds to the object
                let bind_to = if obj_type == obj { None } else { Some(obj) };
                self.incref(d);
                let r = self.descr_get(d, bind_to, obj_type);
                self.decref(d);
                return r;
            }
        }
        self.generic_getattr(sup, name)
    }

    /// `supercheck`'s answer: the class whose MRO a super object searches (the object
    /// itself when it is a subclass of the super's type, else its type).
    pub(crate) fn super_obj_type(&self, ty: ObjId, obj: ObjId) -> ObjId {
        if matches!(self.heap.payload(obj), Payload::Type(_)) && self.is_subtype(obj, ty) {
            obj
        } else {
            self.type_of(obj)
        }
    }

    /// The name of a getset or member descriptor.
    fn descr_name(&self, d: ObjId) -> String {
        match self.heap.payload(d) {
            Payload::GetSetDescr { name, .. } => name.to_string(),
            Payload::MemberDescr { name, .. } => self.str_of(*name).to_string(),
            _ => String::new(),
        }
    }

    /// Attributes builtin objects expose outside method tables. Ok(None) when not special.
    fn special_attr(&mut self, obj: ObjId, name: ObjId) -> PyResult<Option<ObjId>> {
        let text = self.str_of(name).to_string();
        if text == "__class__" {
            let t = self.type_of(obj);
            return Ok(Some(self.new_ref(t)));
        }
        let own = match self.heap.payload(obj) {
            Payload::WeakRef(_) => crate::modules::weakref::getattr(self, obj, &text)?,
            Payload::Frame(_) => self.frame_attr(obj, &text)?,
            Payload::Traceback(_) => self.traceback_attr(obj, &text)?,
            Payload::Generator(_) => self.generator_attr(obj, &text)?,
            _ => None,
        };
        if own.is_some() {
            return Ok(own);
        }
        let v: Option<ObjId> = match (self.heap.payload(obj), text.as_str()) {
            (Payload::Function(f), "__code__") => Some(f.code),
            (Payload::Function(f), "__globals__") => Some(f.globals),
            (Payload::Function(f), "__builtins__") => Some(f.builtins),
            (Payload::Function(f), "__name__") => Some(f.name),
            (Payload::Function(f), "__qualname__") => Some(f.qualname),
            (Payload::Function(f), "__module__") => Some(f.module),
            (Payload::Function(f), "__doc__") => Some(f.doc),
            (Payload::Function(f), "__defaults__") => Some(f.defaults.unwrap_or(self.statics.none)),
            (Payload::Function(f), "__kwdefaults__") => {
                Some(f.kwdefaults.unwrap_or(self.statics.none))
            }
            (Payload::Function(f), "__closure__") => Some(f.closure.unwrap_or(self.statics.none)),
            (Payload::Function(_), "__dict__") => {
                let d = self.function_dict(obj);
                return Ok(Some(self.new_ref(d)));
            }
            (Payload::Function(_), "__annotations__") => {
                let d = self.function_annotations(obj)?;
                return Ok(Some(self.new_ref(d)));
            }
            (Payload::Method { func, .. }, "__func__") => Some(*func),
            (Payload::Method { self_, .. }, "__self__") => Some(*self_),
            (
                Payload::Method { func, .. },
                "__name__" | "__qualname__" | "__doc__" | "__module__",
            ) => {
                let f = *func;
                return self.getattr(f, name).map(Some);
            }
            (Payload::Builtin(b), "__self__") => Some(b.self_.unwrap_or(self.statics.none)),
            // `m_module`: a module function's is its module's `__name__` (PyModule_AddFunctions),
            // a method bound to an object has none
            (Payload::Builtin(b), "__module__") => match b.self_ {
                Some(m) if matches!(self.heap.payload(m), Payload::Module(_)) => {
                    return self.getattr_str(m, "__name__").map(Some);
                }
                _ => Some(self.statics.none),
            },
            (Payload::Builtin(b), "__name__") => {
                let n = b.func.0.name;
                return Ok(Some(self.new_str(n)));
            }
            // meth_get__qualname__: `type.name` for a method, the name for a function
            (Payload::Builtin(b), "__qualname__") => {
                let n = b.func.0.name;
                let q = match b.self_ {
                    Some(s) if !matches!(self.heap.payload(s), Payload::Module(_)) => {
                        let t = if matches!(self.heap.payload(s), Payload::Type(_)) {
                            s
                        } else {
                            self.type_of(s)
                        };
                        let qn = match self.heap.payload(t) {
                            Payload::Type(tt) => tt.qualname.clone(),
                            _ => String::new(),
                        };
                        format!("{qn}.{n}")
                    }
                    _ => n.to_string(),
                };
                return Ok(Some(self.new_string(q)));
            }
            (Payload::MethodDescr(d), "__name__") => {
                let n = d.func.0.name;
                return Ok(Some(self.new_str(n)));
            }
            (Payload::MethodDescr(d), "__qualname__") => {
                let q = format!("{}.{}", self.type_name_of_type(d.owner), d.func.0.name);
                return Ok(Some(self.new_string(q)));
            }
            (Payload::MethodDescr(d), "__doc__") => {
                let tn = self.type_name_of_type(d.owner);
                return Ok(Some(
                    match crate::builtins::cpython_dir::doc(&tn, d.func.0.name) {
                        Some(doc) => self.new_str(doc),
                        None => self.new_none(),
                    },
                ));
            }
            (Payload::Builtin(b), "__doc__") => {
                let name = b.func.0.name;
                let doc = match b.self_ {
                    Some(s) if !matches!(self.heap.payload(s), Payload::Module(_)) => {
                        let owner = if matches!(self.heap.payload(s), Payload::Type(_))
                            && b.func.0.kind == crate::builtins::Kind::ClassMethod
                        {
                            s
                        } else {
                            self.type_of(s)
                        };
                        let tn = self.type_name_of_type(owner);
                        crate::builtins::cpython_dir::doc(&tn, name)
                    }
                    // a module's function: recorded under "module NAME" (the C module's name
                    // for the Python module that re-exports it: `operator.add` is
                    // `_operator.add`)
                    s => {
                        let module = match s.map(|s| self.heap.payload(s)) {
                            Some(Payload::Module(m)) => m.name.clone(),
                            _ => "builtins".to_string(),
                        };
                        crate::builtins::cpython_dir::doc(&format!("module {module}"), name)
                            .or_else(|| {
                                crate::builtins::cpython_dir::doc(
                                    &format!("module _{module}"),
                                    name,
                                )
                            })
                    }
                };
                return Ok(Some(match doc {
                    Some(doc) => self.new_str(doc),
                    None => self.new_none(),
                }));
            }
            (Payload::MethodDescr(d), "__objclass__") => Some(d.owner),
            // `descr_members`/`descr_getset` of a class's `__slots__` members and its
            // `__dict__`/`__weakref__` getsets: `__objclass__`, `__name__`, `__qualname__`
            // (`descr_get_qualname`: the owner's qualified name, a dot, the name), `__doc__`
            (
                Payload::GetSetDescr { owner, .. } | Payload::MemberDescr { owner, .. },
                "__objclass__",
            ) => Some(*owner),
            (Payload::MemberDescr { name, .. }, "__name__") => Some(*name),
            (Payload::GetSetDescr { name, .. }, "__name__") => {
                let n = *name;
                return Ok(Some(self.new_str(n)));
            }
            (
                Payload::GetSetDescr { owner, .. } | Payload::MemberDescr { owner, .. },
                "__qualname__",
            ) => {
                let (owner, n) = (*owner, self.descr_name(obj));
                let q = match self.heap.payload(owner) {
                    Payload::Type(t) => format!("{}.{n}", t.qualname),
                    _ => n,
                };
                return Ok(Some(self.new_string(q)));
            }
            (Payload::MemberDescr { .. }, "__doc__") => Some(self.statics.none),
            (Payload::GetSetDescr { name, owner }, "__doc__") => {
                let doc = match *name {
                    "__dict__" => Some("dictionary for instance variables"),
                    "__weakref__" => Some("list of weak references to the object"),
                    n => {
                        let tn = self.type_name_of_type(*owner);
                        crate::builtins::cpython_dir::doc(&tn, n)
                    }
                };
                return Ok(Some(match doc {
                    Some(d) => self.new_str(d),
                    None => self.new_none(),
                }));
            }
            (Payload::Cell(c), "cell_contents") => match c {
                Some(c) => Some(*c),
                None => return Err(self.new_exception(ExcKind::ValueError, "Cell is empty")),
            },
            (Payload::Code(c), _) => return self.code_attr(c.clone(), &text),
            (Payload::Complex(re, _), "real") => {
                let re = *re;
                return Ok(Some(self.new_float(re)));
            }
            (Payload::Complex(_, im), "imag") => {
                let im = *im;
                return Ok(Some(self.new_float(im)));
            }
            // `real`/`numerator` of an exact number are itself, else an exact copy
            (Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_), "real" | "numerator")
            | (Payload::Float(_), "real")
                if self.is_user_object(obj)
                    || matches!(self.heap.payload(obj), Payload::Bool(_)) =>
            {
                return match self.as_num(obj) {
                    Some(n) => Ok(Some(self.new_num(n))),
                    None => Ok(None),
                };
            }
            (Payload::Float(_) | Payload::Int(_) | Payload::BigInt(_), "real") => Some(obj),
            (Payload::Float(_), "imag") => return Ok(Some(self.new_float(0.0))),
            (Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_), "imag") => {
                return Ok(Some(self.new_int(0)))
            }
            (Payload::Int(_) | Payload::BigInt(_), "numerator") => Some(obj),
            (Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_), "denominator") => {
                return Ok(Some(self.new_int(1)))
            }
            (Payload::Range(r), "start" | "stop" | "step") => {
                let v = match text.as_str() {
                    "start" => r.start.clone(),
                    "stop" => r.stop.clone(),
                    _ => r.step.clone(),
                };
                return Ok(Some(self.new_bigint(v)));
            }
            (Payload::Slice(parts), "start") => Some(parts[0]),
            (Payload::Slice(parts), "stop") => Some(parts[1]),
            (Payload::Slice(parts), "step") => Some(parts[2]),
            (Payload::Exception(e), "args") => Some(e.args),
            (Payload::Exception(e), "__traceback__") => {
                Some(e.traceback.unwrap_or(self.statics.none))
            }
            (Payload::Exception(e), "__cause__") => Some(e.cause.unwrap_or(self.statics.none)),
            (Payload::Exception(e), "__context__") => Some(e.context.unwrap_or(self.statics.none)),
            (Payload::Exception(e), "__suppress_context__") => {
                let b = e.suppress_context;
                return Ok(Some(self.new_bool(b)));
            }
            (Payload::Exception(_), t) if self.exc_member(obj, t).is_some() => {
                self.exc_member(obj, t)
            }
            (Payload::Exception(_), "__dict__") => {
                let d = self.exception_dict(obj);
                return Ok(Some(self.new_ref(d)));
            }
            (Payload::Generator(g), "gi_code") => Some(g.code_obj),
            (Payload::Generator(g), "__name__") => Some(g.name),
            (Payload::Generator(g), "__qualname__") => Some(g.qualname),
            (Payload::CLong { addr }, "value") => {
                let addr = *addr;
                return match self.heap.read_word(addr) {
                    Some(v) => Ok(Some(self.new_int(v))),
                    None => {
                        let msg = format!(
                            "refscope: c_long.from_address(0x{addr:x}) reads unmapped memory; CPython would crash here (segmentation fault)"
                        );
                        Err(self.new_exception(ExcKind::SystemError, &msg))
                    }
                };
            }
            (Payload::Property(p), "fget") => Some(p[0].unwrap_or(self.statics.none)),
            (Payload::Property(p), "fset") => Some(p[1].unwrap_or(self.statics.none)),
            (Payload::Property(p), "fdel") => Some(p[2].unwrap_or(self.statics.none)),
            (Payload::Property(p), "__doc__") => match (p[3], p[0]) {
                (Some(doc), _) => Some(doc),
                (None, Some(fget)) => match self.heap.payload(fget) {
                    Payload::Function(f) => Some(f.doc),
                    _ => Some(self.statics.none),
                },
                (None, None) => Some(self.statics.none),
            },
            // cm_get___isabstractmethod__ / property_get___isabstractmethod__:
            // `_PyObject_IsAbstract` of the wrapped callable(s)
            (
                Payload::StaticMethod(_) | Payload::ClassMethod(_) | Payload::Property(_),
                "__isabstractmethod__",
            ) => {
                let parts: Vec<ObjId> = match self.heap.payload(obj) {
                    Payload::StaticMethod(f) | Payload::ClassMethod(f) => vec![*f],
                    Payload::Property(p) => p[..3].iter().flatten().copied().collect(),
                    _ => Vec::new(),
                };
                for f in parts {
                    if let Some(v) = self.lookup_attr(f, "__isabstractmethod__")? {
                        let truth = self.is_true(v);
                        self.decref(v);
                        if truth? {
                            return Ok(Some(self.new_bool(true)));
                        }
                    }
                }
                return Ok(Some(self.new_bool(false)));
            }
            (Payload::StaticMethod(f) | Payload::ClassMethod(f), "__func__") => Some(*f),
            (Payload::StaticMethod(f) | Payload::ClassMethod(f), "__wrapped__") => Some(*f),
            (Payload::Super { ty, .. }, "__thisclass__") => Some(*ty),
            (Payload::GenericAlias { origin, .. }, "__origin__") => Some(*origin),
            (Payload::GenericAlias { args, .. }, "__args__") => Some(*args),
            (Payload::GenericAlias { .. }, "__parameters__") => Some(self.statics.empty_tuple),
            (Payload::Union { args }, "__args__") => Some(*args),
            (Payload::Union { .. }, "__parameters__") => Some(self.statics.empty_tuple),
            (Payload::Super { obj, .. }, "__self__") => Some(*obj),
            (Payload::Super { ty, obj }, "__self_class__") => {
                let (ty, obj) = (*ty, *obj);
                if obj == self.statics.none {
                    Some(obj)
                } else {
                    Some(self.super_obj_type(ty, obj))
                }
            }
            (Payload::Module(m), "__name__") => {
                let n = m.name.clone();
                return Ok(Some(self.new_string(n)));
            }
            // dictview_mapping: a read-only mappingproxy of the dict, made at each access
            (Payload::DictView { dict, .. }, "mapping") => {
                let d = *dict;
                self.incref(d);
                let t = self.ty(BuiltinType::MappingProxy);
                return Ok(Some(self.alloc(
                    t,
                    Payload::MappingProxy(d),
                    super::objects::Layout::gc(24),
                )));
            }
            _ => None,
        };
        Ok(v.map(|v| self.new_ref(v)))
    }

    fn code_attr(
        &mut self,
        c: std::rc::Rc<crate::code::Code>,
        name: &str,
    ) -> PyResult<Option<ObjId>> {
        let v = match name {
            "co_consts" => self.new_ref(c.consts_tuple),
            "co_names" => self.new_ref(c.names_tuple),
            "co_name" => self.new_ref(c.name_obj),
            "co_qualname" => self.new_ref(c.qualname_obj),
            "co_filename" => self.new_ref(c.filename_obj),
            "co_firstlineno" => self.new_int(c.first_line as i64),
            "co_argcount" => self.new_int(c.argcount as i64),
            "co_posonlyargcount" => self.new_int(c.posonlyargcount as i64),
            "co_kwonlyargcount" => self.new_int(c.kwonlyargcount as i64),
            "co_nlocals" => self.new_int(c.nlocals as i64),
            "co_stacksize" => self.new_int(c.stacksize as i64),
            "co_flags" => self.new_int(c.flags as i64),
            "co_varnames" | "co_cellvars" | "co_freevars" => {
                let names: Vec<String> = match name {
                    "co_varnames" => c.localsplus_names[..c.nlocals].to_vec(),
                    // every slot of kind CO_FAST_CELL: the ones `MAKE_CELL` turns into cells,
                    // parameters included
                    "co_cellvars" => {
                        let mut cells: Vec<usize> = c
                            .instrs
                            .iter()
                            .filter_map(|i| match i {
                                crate::code::Instr::MakeCell(x) => Some(*x as usize),
                                _ => None,
                            })
                            .collect();
                        cells.sort_unstable();
                        cells
                            .into_iter()
                            .map(|i| c.localsplus_names[i].clone())
                            .collect()
                    }
                    _ => c.localsplus_names[c.frees_start()..].to_vec(),
                };
                let objs: Vec<ObjId> = names.iter().map(|n| self.new_interned(n)).collect();
                self.new_tuple(objs)
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }

    /// The getsets and members of `BaseException` and its builtin subclasses (`args`,
    /// `__cause__`, `__context__`, `__traceback__`, `errno`...). False when `name` is none
    /// of them.
    fn exception_setattr(
        &mut self,
        exc: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<bool> {
        let text = self.str_of(name).to_string();
        let none = self.statics.none;
        let Some(v) = value else {
            return match text.as_str() {
                "args" | "__cause__" | "__context__" | "__traceback__" => {
                    let msg = format!("{text} may not be deleted");
                    Err(self.type_error(&msg))
                }
                _ => Ok(false),
            };
        };
        match text.as_str() {
            "__traceback__" => self.set_exception_traceback(exc, v)?,
            "args" => {
                let items = self.collect_iterable(v)?;
                let t = self.new_tuple(items);
                let old = match self.heap.payload_mut(exc) {
                    Payload::Exception(e) => std::mem::replace(&mut e.args, t),
                    _ => t,
                };
                self.decref(old);
            }
            "__cause__" | "__context__" => {
                let base = self.exc_types[ExcKind::BaseException as usize];
                let ok = v == none || self.is_subtype(self.type_of(v), base);
                if !ok {
                    let msg = format!(
                        "exception {} must be None or derive from BaseException",
                        &text[2..text.len() - 2]
                    );
                    return Err(self.type_error(&msg));
                }
                let new = if v == none {
                    None
                } else {
                    Some(self.new_ref(v))
                };
                let old = match self.heap.payload_mut(exc) {
                    Payload::Exception(e) if text == "__cause__" => {
                        e.suppress_context = true;
                        std::mem::replace(&mut e.cause, new)
                    }
                    Payload::Exception(e) => std::mem::replace(&mut e.context, new),
                    _ => new,
                };
                self.xdecref(old);
            }
            "__suppress_context__" => {
                let b = self.is_true(v)?;
                if let Payload::Exception(e) = self.heap.payload_mut(exc) {
                    e.suppress_context = b;
                }
            }
            "message" | "exceptions" if self.is_exception_group(exc) => {
                return Err(self.new_exception(ExcKind::AttributeError, "readonly attribute"));
            }
            _ => {
                let Some(_) = self.exc_member(exc, &text) else {
                    return Ok(false);
                };
                self.incref(v);
                let old = match self.heap.payload_mut(exc) {
                    Payload::Exception(e) => e
                        .members
                        .iter_mut()
                        .find(|(n, _)| *n == text)
                        .map(|m| std::mem::replace(&mut m.1, v)),
                    _ => None,
                };
                self.xdecref(old);
            }
        }
        Ok(true)
    }

    /// A builtin type's attributes as a fresh dict (the model keeps them in method tables).
    fn builtin_type_dict(&mut self, ty: ObjId) -> ObjId {
        let d = self.new_dict();
        let bt = match self.heap.payload(ty) {
            Payload::Type(t) => t.builtin,
            _ => None,
        };
        let mut entries: Vec<(&'static str, ObjId)> = bt
            .and_then(|bt| self.method_descrs.get(&bt))
            .map(|m| m.iter().map(|(k, v)| (*k, *v)).collect())
            .unwrap_or_default();
        if let Some(m) = self.type_attrs.get(&ty) {
            entries.extend(m.iter().map(|(k, v)| (*k, *v)));
        }
        entries.sort_by_key(|e| e.0);
        for (name, descr) in entries {
            let k = self.new_interned(name);
            let _ = self.dict_setitem(d, k, descr);
            self.decref(k);
        }
        d
    }

    /// A function's `__dict__`, made on first use.
    fn function_dict(&mut self, f: ObjId) -> ObjId {
        if let Payload::Function(func) = self.heap.payload(f) {
            if let Some(d) = func.dict {
                return d;
            }
        }
        let d = self.new_dict();
        if let Payload::Function(func) = self.heap.payload_mut(f) {
            func.dict = Some(d);
        }
        d
    }

    fn exception_dict(&mut self, e: ObjId) -> ObjId {
        if let Payload::Exception(ex) = self.heap.payload(e) {
            if let Some(d) = ex.dict {
                return d;
            }
        }
        let d = self.new_dict();
        if let Payload::Exception(ex) = self.heap.payload_mut(e) {
            ex.dict = Some(d);
        }
        d
    }

    /// The weak references to an object, oldest-callback-last (its `__weakref__` list).
    pub fn instance_weakrefs(&self, obj: ObjId) -> &[ObjId] {
        self.heap.weakrefs(obj)
    }

    /// `obj.__dict__` of an instance: materialise the managed dict from the inline values
    /// (`_PyObject_MakeDictFromInstanceAttributes`). A new reference.
    pub fn instance_dict(&mut self, obj: ObjId) -> PyResult<ObjId> {
        if let Some(inst) = self.heap.get(obj).inst() {
            if let Some(d) = inst.dict {
                return Ok(self.new_ref(d));
            }
            let (managed, dict_ptr) = match self.heap.payload(self.type_of(obj)) {
                Payload::Type(t) => (t.managed_dict, t.dict_ptr),
                _ => (false, false),
            };
            if dict_ptr && !managed {
                // a dict behind `tp_dictoffset`, made on first use (`_PyObject_GetDictPtr`)
                let d = self.new_dict();
                if let Some(inst) = self.heap.get_mut(obj).inst_mut() {
                    inst.dict = Some(d);
                }
                return Ok(self.new_ref(d));
            }
            if !managed {
                let msg = format!(
                    "'{}' object has no attribute '__dict__'",
                    self.type_name(obj)
                );
                return Err(self.new_exception(ExcKind::AttributeError, &msg));
            }
            let d = self.materialize_dict(obj);
            return Ok(self.new_ref(d));
        }
        match self.heap.payload(obj) {
            Payload::Exception(_) => {
                let d = self.exception_dict(obj);
                Ok(self.new_ref(d))
            }
            _ => {
                let msg = format!(
                    "'{}' object has no attribute '__dict__'",
                    self.type_name(obj)
                );
                Err(self.new_exception(ExcKind::AttributeError, &msg))
            }
        }
    }

    /// Move an instance's inline values into a new dict object (borrowed result).
    fn materialize_dict(&mut self, obj: ObjId) -> ObjId {
        let ty = self.type_of(obj);
        let keys: Vec<ObjId> = self.shared_keys(ty).to_vec();
        let values = match self.heap.get_mut(obj).inst_mut() {
            Some(inst) => std::mem::take(&mut inst.values),
            None => crate::object::InstValues::new(),
        };
        let split = Some(crate::object::dict::SplitKeys {
            class: ty,
            serial: self.heap.meta(ty).serial,
            usable_size: self.shared_keys_usable_size(ty),
        });
        let mut d = PyDict::new();
        d.split = split;
        self.split_dict_classes.insert(ty);
        let dict = self.new_dict_from(d, true);
        for i in values.order() {
            if let (Some(&k), Some(v)) = (keys.get(i), values.get(i)) {
                self.incref(k);
                self.dict_insert_known_str(dict, k, v);
            }
        }
        if let Payload::Dict(dd) = self.heap.payload_mut(dict) {
            dd.split = split;
        }
        if let Some(inst) = self.heap.get_mut(obj).inst_mut() {
            inst.dict = Some(dict);
        }
        dict
    }

    /// The attributes of an instance in insertion order: (name, value), borrowed.
    pub fn instance_attr_pairs(&self, obj: ObjId) -> Vec<(ObjId, ObjId)> {
        match self.heap.get(obj).inst() {
            Some(inst) => {
                if let Some(d) = inst.dict {
                    if let Payload::Dict(dict) = self.heap.payload(d) {
                        return dict.iter().map(|e| (e.key, e.value)).collect();
                    }
                }
                let keys = self.shared_keys(self.type_of(obj));
                inst.values
                    .order()
                    .filter_map(|i| Some((*keys.get(i)?, inst.values.get(i)?)))
                    .collect()
            }
            None => Vec::new(),
        }
    }

    /// `setattr(obj, name, value)` (value None deletes). `value` is borrowed.
    pub fn setattr(&mut self, obj: ObjId, name: ObjId, value: Option<ObjId>) -> PyResult<()> {
        // slot_tp_setattro: a class's `__setattr__` / `__delattr__`
        if self.is_user_object(obj) {
            let hook = if value.is_some() { SETATTR } else { DELATTR };
            if let Some(sa) = self.py_slot(obj, hook) {
                let r = match value {
                    Some(v) => self.call_slot(sa, obj, &[name, v])?,
                    None => self.call_slot(sa, obj, &[name])?,
                };
                self.decref(r);
                return Ok(());
            }
        }
        self.setattr_builtin(obj, name, value)
    }

    /// The builtin `tp_setattro` of the object's type (no class `__setattr__` hook).
    pub(crate) fn setattr_builtin(
        &mut self,
        obj: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        match self.heap.payload(obj) {
            Payload::Type(_) => self.type_setattr(obj, name, value),
            Payload::WeakRef(_) => crate::modules::weakref::setattr(self, obj, name, value),
            Payload::Frame(_) => self.frame_setattr(obj, name),
            Payload::Traceback(_) => self.traceback_setattr(obj, name, value),
            Payload::Module(m) => {
                let d = m.dict;
                match value {
                    Some(v) => self.dict_setitem(d, name, v),
                    None => {
                        if self.dict_delitem_str(d, name)? {
                            Ok(())
                        } else {
                            Err(self.attribute_error(obj, name))
                        }
                    }
                }
            }
            _ => self.generic_setattr(obj, name, value),
        }
    }

    /// `property_descr_get`: call the getter.
    pub(crate) fn property_get(&mut self, prop: ObjId, obj: ObjId) -> PyResult<ObjId> {
        let Payload::Property(parts) = self.heap.payload(prop) else {
            return Err(self.type_error("descriptor requires a 'property' object"));
        };
        match parts[0] {
            Some(getter) => self.call_object(getter, &[obj], &[]),
            None => Err(self.property_error(prop, obj, "getter")),
        }
    }

    /// `property_descr_set`: call the setter, or the deleter when `value` is `None`.
    pub(crate) fn property_set(
        &mut self,
        prop: ObjId,
        obj: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        let Payload::Property(parts) = self.heap.payload(prop) else {
            return Err(self.type_error("descriptor requires a 'property' object"));
        };
        let (func, what) = match value {
            Some(_) => (parts[1], "setter"),
            None => (parts[2], "deleter"),
        };
        let Some(func) = func else {
            return Err(self.property_error(prop, obj, what));
        };
        let r = match value {
            Some(v) => self.call_object(func, &[obj, v], &[])?,
            None => self.call_object(func, &[obj], &[])?,
        };
        self.decref(r);
        Ok(())
    }

    /// `property 'x' of 'C' object has no setter` (without the name when the property never
    /// got one from `__set_name__`).
    fn property_error(&mut self, prop: ObjId, obj: ObjId, what: &str) -> super::PyErr {
        let qualname = match self.heap.payload(self.type_of(obj)) {
            Payload::Type(t) => t.qualname.clone(),
            _ => String::new(),
        };
        let name = match self.heap.payload(prop) {
            Payload::Property(parts) => parts[4],
            _ => None,
        };
        let msg = match name {
            Some(n) => format!(
                "property '{}' of '{qualname}' object has no {what}",
                self.str_of(n)
            ),
            None => format!("property of '{qualname}' object has no {what}"),
        };
        self.new_exception(ExcKind::AttributeError, &msg)
    }

    /// `PyObject_GenericSetAttr`: a data descriptor on the type (property setter, slot), else
    /// the instance's own attributes.
    pub fn generic_setattr(
        &mut self,
        obj: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        // `_PyObject_GenericSetAttrWithDict` holds the name and the type until it is done: a
        // property's setter, a `__set__` or a `__del__` of the value replaced sees them so
        let ty = self.type_of(obj);
        self.incref(name);
        self.incref(ty);
        let r = self.generic_setattr_held(obj, ty, name, value);
        self.decref(ty);
        self.decref(name);
        r
    }

    fn generic_setattr_held(
        &mut self,
        obj: ObjId,
        ty: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        // data descriptors on the type win
        if let Some(d) = self.type_lookup(ty, name) {
            let object_t = self.ty(BuiltinType::Object);
            if self.builtin_own_attr(object_t, "__class__") == Some(d) {
                // object's `__class__` getset: `object_set_class`
                return self.set_class(obj, value);
            }
            self.incref(d);
            let r = self.descr_set(d, obj, name, value);
            self.decref(d);
            if let Some(r) = r {
                return r;
            }
        } else if self.str_of(name) == "__class__" {
            // object's `__class__` getset
            return self.set_class(obj, value);
        }
        self.store_instance_attr(obj, name, value)
    }

    /// `tp_descr_set` of the descriptor's type, when it has one (`None` otherwise): a
    /// property's setter or deleter, a slot, a class's `__dict__`, or a Python `__set__` /
    /// `__delete__` (`slot_tp_descr_set`).
    pub(crate) fn descr_set(
        &mut self,
        d: ObjId,
        obj: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> Option<PyResult<()>> {
        match self.heap.payload(d) {
            Payload::Property(_) => return Some(self.property_set(d, obj, value)),
            Payload::MemberDescr { index, .. } => {
                let index = *index;
                if let Some(v) = value {
                    self.incref(v);
                }
                let old = match self.heap.get_mut(obj).inst_mut() {
                    Some(inst) if index < inst.slots().len() => {
                        std::mem::replace(&mut inst.slots_mut()[index], value)
                    }
                    _ => None,
                };
                if value.is_none() && old.is_none() {
                    return Some(Err(self.attribute_error(obj, name)));
                }
                self.xdecref(old);
                return Some(Ok(()));
            }
            Payload::MethodDescr(m) if m.func.0.kind == crate::builtins::Kind::Getter => {
                return Some(Err(
                    self.new_exception(ExcKind::AttributeError, "readonly attribute")
                ));
            }
            Payload::MethodDescr(m) if m.func.0.kind == crate::builtins::Kind::Member => {
                let f = m.func;
                let v = value.unwrap_or(self.statics.none);
                return Some((f.0.call)(self, &[obj, v], &[]).map(|r| self.decref(r)));
            }
            Payload::GetSetDescr { name: gs, .. } => {
                let gs = *gs;
                return Some(match gs {
                    "__dict__" => self.set_instance_dict(obj, value),
                    _ => {
                        let msg = format!(
                            "attribute '{gs}' of '{}' objects is not writable",
                            self.type_name(obj)
                        );
                        Err(self.new_exception(ExcKind::AttributeError, &msg))
                    }
                });
            }
            _ => {}
        }
        let (set_name, args): (&str, Vec<ObjId>) = match value {
            Some(v) => ("__set__", vec![obj, v]),
            None => ("__delete__", vec![obj]),
        };
        if !self.is_data_descriptor(d) {
            return None;
        }
        Some(match self.py_slot(d, set_name) {
            Some(f) => self.call_slot(f, d, &args).map(|r| self.decref(r)),
            None => Err(self.new_exception(ExcKind::AttributeError, set_name)),
        })
    }

    /// `obj.__dict__ = d` (`subtype_setdict`): the instance's attributes become `d`'s;
    /// `del obj.__dict__` leaves it with a fresh empty dict on next use.
    fn set_instance_dict(&mut self, obj: ObjId, value: Option<ObjId>) -> PyResult<()> {
        if let Some(v) = value {
            if !matches!(self.heap.payload(v), Payload::Dict(_)) {
                let msg = format!(
                    "__dict__ must be set to a dictionary, not a '{}'",
                    self.type_name(v)
                );
                return Err(self.type_error(&msg));
            }
            self.incref(v);
        }
        let Some(inst) = self.heap.get_mut(obj).inst_mut() else {
            self.xdecref(value);
            return Err(self.attribute_error_str(obj, "__dict__"));
        };
        let old_dict = std::mem::replace(&mut inst.dict, value);
        let old_values = std::mem::take(&mut inst.values);
        for v in old_values.iter().flatten() {
            self.decref(v);
        }
        self.xdecref(old_dict);
        Ok(())
    }

    pub(crate) fn attribute_error_str(&mut self, obj: ObjId, name: &str) -> super::PyErr {
        let msg = format!("'{}' object has no attribute '{name}'", self.type_name(obj));
        self.new_exception(ExcKind::AttributeError, &msg)
    }

    /// Store in (or delete from) the instance's inline values, dict or other own attributes.
    fn store_instance_attr(
        &mut self,
        obj: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        if let Some(inst) = self.heap.get(obj).inst() {
            let has_dict = inst.dict;
            let (managed, dict_ptr) = match self.heap.payload(self.type_of(obj)) {
                Payload::Type(t) => (t.managed_dict, t.dict_ptr),
                _ => (false, false),
            };
            if let Some(d) = has_dict {
                return self.dict_store_attr(obj, d, name, value);
            }
            let has_values = inst.values_block().is_some();
            if managed && has_values {
                return self.inline_setattr(obj, name, value);
            }
            if managed && value.is_some() {
                // `_PyObjectDict_SetItem`: an instance made without inline values (a
                // builtin's `tp_new`) gets a dict with the class's shared keys
                let d = self.materialize_dict(obj);
                return self.dict_store_attr(obj, d, name, value);
            }
            if dict_ptr && value.is_some() {
                let d = self.instance_dict(obj)?;
                self.decref(d);
                return self.dict_store_attr(obj, d, name, value);
            }
            let msg = format!(
                "'{}' object has no attribute '{}'",
                self.type_name(obj),
                self.str_of(name)
            );
            return Err(self.new_exception(ExcKind::AttributeError, &msg));
        }
        match self.heap.payload(obj) {
            Payload::Exception(_) => {
                if self.exception_setattr(obj, name, value)? {
                    return Ok(());
                }
                let d = self.exception_dict(obj);
                self.dict_store_attr(obj, d, name, value)
            }
            Payload::Function(_) => {
                let text = self.str_of(name).to_string();
                match (text.as_str(), value) {
                    ("__code__", v) => return self.set_function_code(obj, v),
                    ("__annotations__", v) => return self.set_function_annotations(obj, v),
                    ("__globals__" | "__closure__" | "__builtins__", _) => {
                        return Err(
                            self.new_exception(ExcKind::AttributeError, "readonly attribute")
                        )
                    }
                    _ => {}
                }
                if let Some(v) = value {
                    match text.as_str() {
                        "__defaults__" | "__kwdefaults__" | "__doc__" | "__name__"
                        | "__qualname__" => {
                            return self.set_function_field(obj, &text, v);
                        }
                        _ => {}
                    }
                }
                let d = self.function_dict(obj);
                self.dict_store_attr(obj, d, name, value)
            }
            // property's `__doc__` member is writable
            Payload::Property(_) if self.str_of(name) == "__doc__" => {
                let new = value.map(|v| self.new_ref(v));
                let old = match self.heap.payload_mut(obj) {
                    Payload::Property(parts) => std::mem::replace(&mut parts[3], new),
                    _ => None,
                };
                self.xdecref(old);
                Ok(())
            }
            Payload::Native(n) if n.has_dict() => {
                let d = self.native_dict(obj);
                self.dict_store_attr(obj, d, name, value)
            }
            _ => {
                // a getset descriptor of a builtin type without a setter
                if let Some(v) = self.special_attr(obj, name)? {
                    self.decref(v);
                    let msg = format!(
                        "attribute '{}' of '{}' objects is not writable",
                        self.str_of(name),
                        self.type_name(obj)
                    );
                    return Err(self.new_exception(ExcKind::AttributeError, &msg));
                }
                let msg = format!(
                    "'{}' object has no attribute '{}'",
                    self.type_name(obj),
                    self.str_of(name)
                );
                Err(self.new_exception(ExcKind::AttributeError, &msg))
            }
        }
    }

    fn dict_store_attr(
        &mut self,
        obj: ObjId,
        d: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        match value {
            Some(v) => {
                // attribute names are interned (`PyUnicode_InternInPlace` in setattr)
                self.incref(name);
                let key = self.intern_for(name, crate::object::str::InternReason::AttributeName);
                let r = self.dict_setitem(d, key, v);
                self.decref(key);
                r
            }
            None => {
                if self.dict_delitem_str(d, name)? {
                    Ok(())
                } else {
                    Err(self.attribute_error(obj, name))
                }
            }
        }
    }

    /// Store into 3.11's inline values: a name already in the class's shared keys takes its
    /// slot; a new name joins the keys while they have room (`dk_usable`: 30, less one per
    /// instance made while above one, less one per key); past that the instance gets a dict.
    fn inline_setattr(&mut self, obj: ObjId, name: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let ty = self.type_of(obj);
        let text = self.str_of(name);
        // (the shared keys are distinct texts: the same interned name is the same key)
        let (pos, room) = match self.heap.payload(ty) {
            Payload::Type(t) => (
                t.shared_keys
                    .iter()
                    .position(|&k| k == name)
                    .or_else(|| t.shared_keys.iter().position(|&k| self.str_of(k) == text)),
                t.shared_keys_usable > 0,
            ),
            _ => (None, false),
        };
        let index = match (pos, value) {
            (Some(i), _) => i,
            (None, None) => return Err(self.attribute_error(obj, name)),
            (None, Some(_)) if room => {
                self.incref(name);
                let key = self.intern_for(name, crate::object::str::InternReason::AttributeName);
                match self.heap.payload_mut(ty) {
                    Payload::Type(t) => {
                        t.shared_keys.push(key);
                        t.shared_keys_usable -= 1;
                        t.shared_keys.len() - 1
                    }
                    _ => unreachable!(),
                }
            }
            (None, Some(_)) => {
                let d = self.materialize_dict(obj);
                return self.dict_store_attr(obj, d, name, value);
            }
        };
        if let Some(v) = value {
            self.incref(v);
        }
        let old = match self.heap.get_mut(obj).inst_mut() {
            Some(inst) => {
                // the insertion order follows (a new value last, a deleted one out)
                inst.values.set(index, value)
            }
            None => None,
        };
        if value.is_none() && old.is_none() {
            return Err(self.attribute_error(obj, name));
        }
        self.xdecref(old);
        Ok(())
    }

    /// `func_get_annotations`: the `MAKE_FUNCTION` tuple becomes a dict on first use; no
    /// annotations is a new empty dict, kept. Borrowed.
    fn function_annotations(&mut self, f: ObjId) -> PyResult<ObjId> {
        let ann = match self.heap.payload(f) {
            Payload::Function(func) => func.annotations,
            _ => None,
        };
        let d = match ann {
            Some(a) if matches!(self.heap.payload(a), Payload::Dict(_)) => return Ok(a),
            Some(a) => {
                let items = self.tuple_items(a);
                let d = self.new_dict();
                for pair in items.chunks(2) {
                    if let [k, v] = pair {
                        self.dict_setitem(d, *k, *v)?;
                    }
                }
                d
            }
            None => self.new_dict(),
        };
        let old = match self.heap.payload_mut(f) {
            Payload::Function(func) => func.annotations.replace(d),
            _ => None,
        };
        self.xdecref(old);
        Ok(d)
    }

    /// `func_set_annotations`: a dict or None.
    fn set_function_annotations(&mut self, f: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let new = match value {
            Some(v) if v == self.none() => None,
            Some(v) if matches!(self.heap.payload(v), Payload::Dict(_)) => Some(self.new_ref(v)),
            _ => return Err(self.type_error("__annotations__ must be set to a dict object")),
        };
        let old = match self.heap.payload_mut(f) {
            Payload::Function(func) => std::mem::replace(&mut func.annotations, new),
            _ => None,
        };
        self.xdecref(old);
        Ok(())
    }

    /// `func_set_code`: a code object with as many free variables as the function has
    /// closure cells.
    fn set_function_code(&mut self, f: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let Some(code) = value.filter(|&c| matches!(self.heap.payload(c), Payload::Code(_))) else {
            return Err(self.type_error("__code__ must be set to a code object"));
        };
        let nfree = match self.heap.payload(code) {
            Payload::Code(c) => c.localsplus_names.len() - c.frees_start(),
            _ => 0,
        };
        let (closure, fname) = match self.heap.payload(f) {
            Payload::Function(func) => (func.closure, func.name),
            _ => return Ok(()),
        };
        let nclosure = closure.map(|c| self.tuple_items(c).len()).unwrap_or(0);
        if nclosure != nfree {
            let msg = format!(
                "{}() requires a code object with {nclosure} free vars, not {nfree}",
                self.str_of(fname)
            );
            return Err(self.new_exception(ExcKind::ValueError, &msg));
        }
        self.incref(code);
        let old = match self.heap.payload_mut(f) {
            Payload::Function(func) => std::mem::replace(&mut func.code, code),
            _ => code,
        };
        self.decref(old);
        Ok(())
    }

    fn set_function_field(&mut self, f: ObjId, field: &str, v: ObjId) -> PyResult<()> {
        let is_none = v == self.none();
        self.incref(v);
        let old = match self.heap.payload_mut(f) {
            Payload::Function(func) => match field {
                "__defaults__" => {
                    std::mem::replace(&mut func.defaults, if is_none { None } else { Some(v) })
                }
                "__kwdefaults__" => {
                    std::mem::replace(&mut func.kwdefaults, if is_none { None } else { Some(v) })
                }
                "__doc__" => Some(std::mem::replace(&mut func.doc, v)),
                "__name__" => Some(std::mem::replace(&mut func.name, v)),
                _ => Some(std::mem::replace(&mut func.qualname, v)),
            },
            _ => None,
        };
        if is_none && matches!(field, "__defaults__" | "__kwdefaults__") {
            self.decref(v);
        }
        self.xdecref(old);
        Ok(())
    }

    /// `hasattr`-style check without raising.
    pub fn has_attr(&mut self, obj: ObjId, name: &str) -> bool {
        match self.getattr_str(obj, name) {
            Ok(v) => {
                self.decref(v);
                true
            }
            Err(e) => {
                self.decref(e.0);
                false
            }
        }
    }
}

/// The module a builtin type says it comes from (`types.GenericAlias`).
pub(crate) fn builtin_module(bt: Option<BuiltinType>) -> &'static str {
    match bt {
        Some(BuiltinType::GenericAlias) => "types",
        Some(BuiltinType::TextIOWrapper) => "_io",
        _ => "builtins",
    }
}
