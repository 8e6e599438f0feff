//! Classes and their instances: `type_new` (namespace copy, C3 MRO, `__dict__`/`__weakref__`
//! getset descriptors, `__slots__`), `object_new` with 3.11's shared-key accounting, `__del__`
//! finalizers and clearing weak references at death.

use crate::object::{BuiltinType, Instance, ObjId, Payload, PyDict, TypeObj};

use super::objects::Layout;
use super::{ExcKind, PyErr, PyResult, Vm};

/// `SHARED_KEYS_MAX_SIZE`: a class's shared key table starts with this much room.
pub const SHARED_KEYS_MAX_SIZE: i64 = 30;

impl Vm {
    /// The end of a class statement (`__build_class__` once the body ran): the metaclass
    /// called with the name, bases and namespace. Takes ownership of all arguments
    /// (`classcell` is the body's `__class__` cell or None). `statement`: the metaclass a
    /// class statement settled on (None for a call of `type`).
    pub(crate) fn make_class(
        &mut self,
        name: ObjId,
        bases: ObjId,
        namespace: ObjId,
        keywords: Vec<(ObjId, ObjId)>,
        classcell: ObjId,
        statement: Option<ObjId>,
    ) -> PyResult<ObjId> {
        let result =
            self.build_class_finish(name, bases, namespace, &keywords, classcell, statement);
        self.type_modified();
        // a class statement's name is the caller's (borrowed); `type(...)`'s is owned
        if statement.is_none() {
            self.decref(name);
        }
        self.decref(bases);
        self.decref(namespace);
        for (k, v) in keywords {
            self.decref(k);
            self.decref(v);
        }
        self.decref(classcell);
        result
    }

    /// The metaclass a class statement uses: `metaclass=` if given, else the type of the
    /// first base (`type` without bases), then the most derived of it and the bases' types
    /// (`_PyType_CalculateMetaclass`). A `metaclass=` that is not a class is called as is.
    pub(crate) fn class_statement_meta(
        &mut self,
        bases: ObjId,
        keywords: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        let explicit = keywords
            .iter()
            .find(|(k, _)| self.str_of(*k) == "metaclass")
            .map(|&(_, v)| v);
        let base_list = self.tuple_items(bases);
        let meta = match explicit {
            Some(m) if !matches!(self.heap.payload(m), Payload::Type(_)) => return Ok(m),
            Some(m) => m,
            None => match base_list.first() {
                Some(&b) => self.type_of(b),
                None => self.ty(BuiltinType::Type),
            },
        };
        self.calculate_metaclass(meta, &base_list)
    }

    /// `_PyType_CalculateMetaclass`: the most derived of `meta` and the bases' metaclasses.
    pub(crate) fn calculate_metaclass(&mut self, meta: ObjId, bases: &[ObjId]) -> PyResult<ObjId> {
        let mut winner = meta;
        for &b in bases {
            let t = self.type_of(b);
            if self.is_subtype(winner, t) {
                continue;
            }
            if self.is_subtype(t, winner) {
                winner = t;
                continue;
            }
            return Err(self.type_error(
                "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases",
            ));
        }
        Ok(winner)
    }

    fn build_class_finish(
        &mut self,
        name: ObjId,
        bases: ObjId,
        namespace: ObjId,
        keywords: &[(ObjId, ObjId)],
        classcell: ObjId,
        statement_meta: Option<ObjId>,
    ) -> PyResult<ObjId> {
        let statement = statement_meta.is_some();
        let meta = match statement_meta {
            Some(m) => m,
            None => self.class_statement_meta(bases, keywords)?,
        };
        let rest: Vec<(ObjId, ObjId)> = keywords
            .iter()
            .copied()
            .filter(|(k, _)| self.str_of(*k) != "metaclass")
            .collect();
        let cls = if meta == self.ty(BuiltinType::Type) && statement {
            // `PyObject_VectorcallDict(meta, ...)`: `type` with three arguments goes through
            // `_PyObject_MakeTpCall` (an argument tuple around `type_new`); a call of `type`
            // made its tuple already
            self.with_tp_call_args(&[name, bases, namespace], &rest, |vm| {
                vm.type_new(meta, name, bases, namespace, &rest)
            })?
        } else if meta == self.ty(BuiltinType::Type) {
            self.type_new(meta, name, bases, namespace, &rest)?
        } else {
            self.call_object(meta, &[name, bases, namespace], &rest)?
        };
        // `__build_class__`: the body's `__class__` cell must now hold the class
        if matches!(self.heap.payload(cls), Payload::Type(_)) {
            if let Payload::Cell(contents) = *self.heap.payload(classcell) {
                if contents != Some(cls) {
                    let cls_repr = self.repr_string(cls).unwrap_or_default();
                    let name_repr = self.repr_string(name).unwrap_or_default();
                    let err = match contents {
                        None => {
                            let msg = format!("__class__ not set defining {name_repr} as {cls_repr}. Was __classcell__ propagated to type.__new__?");
                            self.new_exception(ExcKind::RuntimeError, &msg)
                        }
                        Some(c) => {
                            let c_repr = self.repr_string(c).unwrap_or_default();
                            let msg = format!(
                                "__class__ set to {c_repr} defining {name_repr} as {cls_repr}"
                            );
                            self.type_error(&msg)
                        }
                    };
                    self.decref(cls);
                    return Err(err);
                }
            }
        }
        Ok(cls)
    }

    /// `type.__new__(metatype, name, bases, dict, **kwds)` reached as a call (`type(name,
    /// bases, dict)`, a metaclass's `tp_new`, `super().__new__` in a metaclass): the
    /// arguments checked as `type_new` checks them.
    pub(crate) fn type_new_call(
        &mut self,
        meta: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        if args.len() == 1 && kwargs.is_empty() && meta == self.ty(BuiltinType::Type) {
            let t = self.type_of(args[0]);
            return Ok(self.new_ref(t));
        }
        if args.len() != 3 {
            let msg = if meta == self.ty(BuiltinType::Type) {
                "type() takes 1 or 3 arguments"
            } else {
                "type.__new__() takes exactly 3 arguments (0 given)"
            };
            if args.len() != 1 || meta == self.ty(BuiltinType::Type) {
                let msg = if args.len() != 3 && meta != self.ty(BuiltinType::Type) {
                    format!(
                        "type.__new__() takes exactly 3 arguments ({} given)",
                        args.len()
                    )
                } else {
                    msg.to_string()
                };
                return Err(self.type_error(&msg));
            }
            return Err(self.type_error("type.__new__() takes exactly 3 arguments (1 given)"));
        }
        let (name, bases, ns) = (args[0], args[1], args[2]);
        for (i, (v, want)) in [(name, "str"), (bases, "tuple"), (ns, "dict")]
            .into_iter()
            .enumerate()
        {
            let ok = match want {
                "str" => matches!(self.heap.payload(v), Payload::Str(_)),
                "tuple" => matches!(self.heap.payload(v), Payload::Tuple(_)),
                _ => matches!(self.heap.payload(v), Payload::Dict(_)),
            };
            if !ok {
                let msg = format!(
                    "type.__new__() argument {} must be {want}, not {}",
                    i + 1,
                    self.type_name(v)
                );
                return Err(self.type_error(&msg));
            }
        }
        let base_list = self.tuple_items(bases);
        let meta = self.calculate_metaclass(meta, &base_list)?;
        let r = self.type_new(meta, name, bases, ns, kwargs);
        self.type_modified();
        r
    }

    /// `type_init`: `type.__init__` checks the argument count only.
    pub(crate) fn type_init(&mut self, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
        if args.len() == 1 && !kwargs.is_empty() {
            return Err(self.type_error("type.__init__() takes no keyword arguments"));
        }
        if args.len() != 1 && args.len() != 3 {
            return Err(self.type_error("type.__init__() takes 1 or 3 arguments"));
        }
        Ok(())
    }

    /// `type_new`: a new class of metaclass `meta` (arguments borrowed). `kwargs` go to the
    /// base's `__init_subclass__`.
    pub(crate) fn type_new(
        &mut self,
        meta: ObjId,
        name: ObjId,
        bases: ObjId,
        namespace: ObjId,
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        let mut base_list = self.tuple_items(bases);
        let object_t = self.ty(BuiltinType::Object);
        for &b in &base_list {
            if !matches!(self.heap.payload(b), Payload::Type(_)) {
                return Err(self.type_error("bases must be types"));
            }
            self.check_acceptable_base(b)?;
        }
        let bases_tuple = if base_list.is_empty() {
            base_list.push(object_t);
            self.incref(object_t);
            self.new_tuple(vec![object_t])
        } else {
            self.new_ref(bases)
        };
        let best_base = match self.best_base(&base_list) {
            Ok(b) => b,
            Err(e) => {
                self.decref(bases_tuple);
                return Err(e);
            }
        };
        let mro_tail = match self.c3_merge(&base_list) {
            Ok(m) => m,
            Err(e) => {
                self.decref(bases_tuple);
                return Err(e);
            }
        };
        let is_exception = base_list.iter().any(|&b| self.is_exception_type(b));
        let class_name = self.str_of(name).to_string();
        let qualname_key = self.new_interned("__qualname__");
        let qualname_obj = self.dict_getitem_str(namespace, qualname_key);
        self.decref(qualname_key);
        // type_new_set_name / type_new_set_qualname: `ht_name` is the name passed,
        // `ht_qualname` the namespace's `__qualname__` (a str) or the name again
        if let Some(q) = qualname_obj {
            if !matches!(self.heap.payload(q), Payload::Str(_)) {
                let msg = format!("type __qualname__ must be a str, not {}", self.type_name(q));
                self.decref(bases_tuple);
                return Err(self.type_error(&msg));
            }
        }
        let qualname = qualname_obj
            .map(|q| self.str_of(q).to_string())
            .unwrap_or_else(|| class_name.clone());
        let ht_name = name;
        let ht_qualname = qualname_obj.unwrap_or(name);
        // __slots__
        let slots_key = self.new_interned("__slots__");
        let slots_obj = self.dict_getitem_str(namespace, slots_key);
        self.decref(slots_key);
        // `PySequence_Tuple(slots)` (a single string is one slot)
        let slot_items: Vec<ObjId> = match slots_obj {
            None => Vec::new(),
            Some(s) if matches!(self.heap.payload(s), Payload::Str(_)) => {
                self.incref(s);
                vec![s]
            }
            Some(s) => match self.collect_iterable(s) {
                Ok(items) => items,
                Err(e) => {
                    self.decref(bases_tuple);
                    return Err(e);
                }
            },
        };
        let has_slots = slots_obj.is_some();
        // type_new_slots: what the class adds to its best base's layout
        let base_bt = self.builtin_base(best_base);
        let (_, itemsize, _, _) = super::subtype::builtin_layout(base_bt);
        let base_has_dict = self.type_provides_dict(best_base);
        let base_has_weak = self.type_weakrefable(best_base);
        let may_add_dict = !base_has_dict;
        let may_add_weak = !base_has_weak && itemsize == 0;
        let checked = if has_slots {
            self.type_new_slot_names(
                &slot_items,
                best_base,
                itemsize,
                (may_add_dict, may_add_weak),
                &class_name,
                namespace,
            )
        } else {
            Ok((may_add_dict, may_add_weak, Vec::new()))
        };
        for i in slot_items {
            self.decref(i);
        }
        let (add_dict, add_weak, own_slots) = match checked {
            Ok(c) => c,
            Err(e) => {
                self.decref(bases_tuple);
                return Err(e);
            }
        };
        let (base_managed, base_dict_ptr) = match self.heap.payload(best_base) {
            Payload::Type(t) if t.builtin.is_none() => (t.managed_dict, t.dict_ptr),
            _ => (false, false),
        };
        let managed_dict = (add_dict && itemsize == 0) || base_managed;
        let dict_ptr = (add_dict && itemsize != 0) || base_dict_ptr;
        let weakrefable = add_weak || base_has_weak;
        let (base_basic, _) = self.type_basicsize(best_base);
        let basicsize = base_basic
            + 8 * own_slots.len()
            + if add_dict && itemsize != 0 { 8 } else { 0 }
            + if add_weak { 8 } else { 0 };
        // the class namespace is a copy of the body's namespace (`PyDict_Copy`: `new_dict`,
        // from the dict free list)
        let dict = self.new_dict_from(PyDict::new(), true);
        if let Err(e) = self.dict_update_from(dict, namespace, false) {
            self.decref(dict);
            self.decref(bases_tuple);
            return Err(e);
        }
        // type_new_set_classcell: the body's `__class__` cell, passed in the namespace
        let cell_key = self.new_interned("__classcell__");
        let classcell = self.dict_getitem_str(dict, cell_key);
        if let Some(c) = classcell {
            if !matches!(self.heap.payload(c), Payload::Cell(_)) {
                let msg = format!(
                    "__classcell__ must be a nonlocal cell, not {}",
                    self.repr_string(self.type_of(c)).unwrap_or_default()
                );
                self.decref(cell_key);
                self.decref(dict);
                self.decref(bases_tuple);
                return Err(self.type_error(&msg));
            }
            self.incref(c);
        }
        self.decref(cell_key);
        for key in ["__qualname__", "__classcell__"] {
            let k = self.new_interned(key);
            let _ = self.dict_delitem_str(dict, k);
            self.decref(k);
        }
        // type_new_set_module: `__module__` from the caller's globals when the body set none
        let module_key = self.new_interned("__module__");
        if self.dict_getitem_str(dict, module_key).is_none() {
            let globals = self.frames.last().map(|f| f.globals);
            let name_key = self.new_interned("__name__");
            let modname = globals.and_then(|g| self.dict_getitem_str(g, name_key));
            self.decref(name_key);
            if let Some(m) = modname {
                let _ = self.dict_setitem(dict, module_key, m);
            }
        }
        self.decref(module_key);
        let base_incref = best_base;
        self.incref(base_incref);
        self.incref(ht_name);
        self.incref(ht_qualname);
        let t = TypeObj {
            name: class_name,
            qualname,
            ht_name: Some(ht_name),
            ht_qualname: Some(ht_qualname),
            base: Some(best_base),
            bases: Some(bases_tuple),
            mro: None,
            static_mro: Vec::new(),
            dict: Some(dict),
            builtin: None,
            managed_dict,
            dict_ptr,
            basicsize,
            weakrefable,
            slots: own_slots,
            shared_keys: Vec::new(),
            shared_keys_usable: SHARED_KEYS_MAX_SIZE,
            version_tag: 0,
            is_exception,
            weakrefs: Vec::new(),
            subclasses: None,
            abstract_: false,
            native_heap: false,
            nb_sticky: 0,
            c_static: false,
            c_struct: false,
            odict: false,
        };
        if self.is_heap_type(meta) {
            self.incref(meta);
        }
        let cls = self.alloc(meta, Payload::Type(Box::new(t)), Layout::gc(904));
        if let Some(def) = self.static_types_pending {
            self.mark_static_type(cls, def);
        }
        // __mro__ = (cls, *merge)
        let mut mro_items = vec![cls];
        mro_items.extend(mro_tail);
        for &m in &mro_items {
            self.incref(m);
        }
        let mro = self.new_tuple(mro_items);
        if let Payload::Type(t) = self.heap.payload_mut(cls) {
            t.mro = Some(mro);
        }
        // type_ready_add_subclasses
        for b in self.tuple_items(bases_tuple) {
            if let Err(e) = self.add_subclass(b, cls) {
                self.xdecref(classcell);
                self.decref(cls);
                return Err(e);
            }
        }
        // fixup_slot_dispatchers: a sequence class's `nb_add`/`nb_multiply` made generic
        self.update_nb_sticky(cls, "__add__");
        self.update_nb_sticky(cls, "__mul__");
        // type_ready_fill_dict: member descriptors for `__slots__` (sorted, mangled), then
        // getset descriptors for the `__dict__` and `__weakref__` the class adds
        let member_t = self.ty(BuiltinType::MemberDescriptor);
        let plain_slots: Vec<String> = match self.heap.payload(cls) {
            Payload::Type(t) => t.slots.clone(),
            _ => Vec::new(),
        };
        let first_slot = self.total_slots(best_base);
        for (index, s) in plain_slots.iter().enumerate() {
            let index = first_slot + index;
            self.incref(cls);
            let sname = self.new_interned(s);
            self.incref(sname);
            let d = self.alloc(
                member_t,
                Payload::MemberDescr {
                    name: sname,
                    owner: cls,
                    index,
                },
                Layout::gc(48),
            );
            self.dict_setitem(dict, sname, d)?;
            self.decref(sname);
            self.decref(d);
        }
        let gs_t = self.ty(BuiltinType::GetSetDescriptor);
        for (name, wanted) in [("__dict__", add_dict), ("__weakref__", add_weak)] {
            if !wanted {
                continue;
            }
            self.incref(cls);
            let d = self.alloc(
                gs_t,
                Payload::GetSetDescr { name, owner: cls },
                Layout::gc(48),
            );
            let k = self.new_interned(name);
            self.dict_setitem(dict, k, d)?;
            self.decref(k);
            self.decref(d);
        }
        // __doc__ defaults to None
        let doc_key = self.new_interned("__doc__");
        if self.dict_getitem_str(dict, doc_key).is_none() {
            let none = self.none();
            self.dict_setitem(dict, doc_key, none)?;
        }
        self.decref(doc_key);
        // type_ready_set_hash: a class that defines `__eq__` but not `__hash__` does not inherit
        // a hash; its instances are unhashable
        let eq_key = self.new_interned("__eq__");
        let hash_key = self.new_interned("__hash__");
        if self.dict_getitem_str(dict, eq_key).is_some()
            && self.dict_getitem_str(dict, hash_key).is_none()
        {
            let none = self.none();
            self.dict_setitem(dict, hash_key, none)?;
        }
        self.decref(eq_key);
        self.decref(hash_key);
        // `type_new_staticmethod`: a plain function `__new__` becomes a static method
        let new_key = self.new_interned("__new__");
        if let Some(f) = self.dict_getitem_str(dict, new_key) {
            if matches!(self.heap.payload(f), Payload::Function(_)) {
                self.incref(f);
                let sm_t = self.ty(BuiltinType::StaticMethod);
                let sm = self.alloc(sm_t, Payload::StaticMethod(f), Layout::gc(24));
                let r = self.dict_setitem(dict, new_key, sm);
                self.decref(sm);
                if let Err(e) = r {
                    self.decref(new_key);
                    return Err(e);
                }
            }
        }
        self.decref(new_key);
        // `__init_subclass__` and `__class_getitem__` are implicitly class methods
        for implicit in ["__init_subclass__", "__class_getitem__"] {
            let k = self.new_interned(implicit);
            if let Some(f) = self.dict_getitem_str(dict, k) {
                if matches!(self.heap.payload(f), Payload::Function(_)) {
                    self.incref(f);
                    let cm_t = self.ty(BuiltinType::ClassMethod);
                    let cm = self.alloc(cm_t, Payload::ClassMethod(f), Layout::gc(24));
                    self.dict_setitem(dict, k, cm)?;
                    self.decref(cm);
                }
            }
            self.decref(k);
        }
        // the `__class__` cell of methods that use super()
        if let Some(classcell) = classcell {
            self.incref(cls);
            let old = match self.heap.payload_mut(classcell) {
                Payload::Cell(c) => c.replace(cls),
                _ => None,
            };
            self.xdecref(old);
            self.decref(classcell);
        }
        if let Err(e) = self
            .type_new_set_names(cls, dict)
            .and_then(|()| self.type_new_init_subclass(cls, kwargs))
        {
            self.decref(cls);
            return Err(e);
        }
        Ok(cls)
    }

    /// `add_subclass`: `base.__subclasses__()` finds `cls` through a weak reference kept in
    /// the base's `tp_subclasses` dict under `id(cls)`.
    pub(crate) fn add_subclass(&mut self, base: ObjId, cls: ObjId) -> PyResult<()> {
        let dict = match self.heap.payload(base) {
            Payload::Type(t) => t.subclasses,
            _ => return Ok(()),
        };
        let dict = match dict {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                if let Payload::Type(t) = self.heap.payload_mut(base) {
                    t.subclasses = Some(d);
                }
                d
            }
        };
        let key = self.subclass_key(cls);
        let wr_t = self.ty(BuiltinType::WeakRef);
        let wr = crate::modules::weakref::new_ref(self, wr_t, &[cls], &[]);
        let r = wr.and_then(|wr| {
            let r = self.dict_setitem(dict, key, wr);
            self.decref(wr);
            r
        });
        self.decref(key);
        r
    }

    /// `PyLong_FromVoidPtr(type)`: the key of a type in its bases' `tp_subclasses`.
    fn subclass_key(&mut self, cls: ObjId) -> ObjId {
        let addr = self.heap.get(cls).addr;
        self.new_bigint(num_bigint::BigInt::from(addr))
    }

    /// `remove_all_subclasses`: a dying class leaves its bases' `tp_subclasses`.
    pub(crate) fn remove_all_subclasses(&mut self, cls: ObjId) {
        let bases = match self.heap.payload(cls) {
            Payload::Type(t) if t.builtin.is_none() => t.bases,
            _ => None,
        };
        let Some(bases) = bases else {
            return;
        };
        if !self.heap.is_live(bases) {
            return;
        }
        let key = self.subclass_key(cls);
        for base in self.tuple_items(bases) {
            let dict = match self.heap.payload(base) {
                Payload::Type(t) => t.subclasses,
                _ => None,
            };
            if let Some(d) = dict {
                if let Err(e) = self.dict_delitem(d, key) {
                    self.decref(e.0);
                }
            }
        }
        self.decref(key);
    }

    /// `type_new_slots_impl` over `__slots__`'s items: a base with variable-size items takes
    /// none; each must be a str and an identifier (`valid_identifier`); `__dict__` and
    /// `__weakref__` are allowed once each, where the base has none (`type_new_visit_slots`).
    /// The rest are mangled with the class name, must not also be class attributes, and are
    /// sorted (`type_new_copy_slots`): the member descriptors and the instance's slots follow
    /// that order. Returns (add `__dict__`, add `__weakref__`, the slot names).
    fn type_new_slot_names(
        &mut self,
        items: &[ObjId],
        best_base: ObjId,
        itemsize: usize,
        (may_add_dict, may_add_weak): (bool, bool),
        class_name: &str,
        namespace: ObjId,
    ) -> PyResult<(bool, bool, Vec<String>)> {
        if !items.is_empty() && itemsize != 0 {
            let msg = format!(
                "nonempty __slots__ not supported for subtype of '{}'",
                self.type_name_of_type(best_base)
            );
            return Err(self.type_error(&msg));
        }
        let (mut add_dict, mut add_weak) = (false, false);
        let mut names = Vec::with_capacity(items.len());
        for &item in items {
            let name = match self.heap.payload(item) {
                Payload::Str(st) => st.value.to_string(),
                _ => {
                    let msg = format!(
                        "__slots__ items must be strings, not '{}'",
                        self.type_name(item)
                    );
                    return Err(self.type_error(&msg));
                }
            };
            if !crate::object::str::is_identifier(&name) {
                return Err(self.type_error("__slots__ must be identifiers"));
            }
            if name == "__dict__" {
                if !may_add_dict || add_dict {
                    return Err(self.type_error("__dict__ slot disallowed: we already got one"));
                }
                add_dict = true;
            }
            if name == "__weakref__" {
                if !may_add_weak || add_weak {
                    let msg = "__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0";
                    return Err(self.type_error(msg));
                }
                add_weak = true;
            }
            names.push(name);
        }
        let mut slots = Vec::with_capacity(names.len());
        for name in names {
            if (add_dict && name == "__dict__") || (add_weak && name == "__weakref__") {
                continue;
            }
            let mangled = crate::compile::symtable::mangle(Some(class_name), &name).into_owned();
            let key = self.new_string(mangled.clone());
            let found = self.dict_get(namespace, key);
            self.decref(key);
            if found?.is_some() && mangled != "__qualname__" && mangled != "__classcell__" {
                let msg = format!("'{mangled}' in __slots__ conflicts with class variable");
                return Err(self.new_exception(ExcKind::ValueError, &msg));
            }
            slots.push(mangled);
        }
        // `PyList_Sort`: str comparison, by code point
        slots.sort();
        Ok((add_dict, add_weak, slots))
    }

    /// `type.__subclasses__()`: the live classes in `tp_subclasses`, oldest first, in a list
    /// grown by appends (two classes leave four slots). The
    /// builtin types the interpreter readied at start-up come first (`type_ready_add_subclass`
    /// ran for each); the model keeps no dict entries for them, so they are found by their
    /// `tp_base`.
    pub fn type_subclasses(&mut self, ty: ObjId) -> ObjId {
        let dict = match self.heap.payload(ty) {
            Payload::Type(t) => t.subclasses,
            _ => None,
        };
        let mut out: Vec<ObjId> = Vec::new();
        for &t in self.types.iter().chain(self.exc_types.iter()) {
            if t == ty || out.contains(&t) {
                continue;
            }
            if let Payload::Type(tt) = self.heap.payload(t) {
                if tt.base == Some(ty) {
                    out.push(t);
                }
            }
        }
        if let Some(d) = dict {
            for (_, wr) in self.dict_pairs(d) {
                if let Payload::WeakRef(w) = self.heap.payload(wr) {
                    if let Some(c) = w.referent {
                        out.push(c);
                    }
                }
            }
        }
        for &c in &out {
            self.incref(c);
        }
        // `_PyType_GetSubclasses`: `PyList_New(0)`, then `PyList_Append` per live class
        self.new_list_appended(out)
    }

    /// `type_new_set_names`: call `__set_name__(cls, name)` on every value of the class body
    /// that has one (a property remembers its name for its error messages).
    fn type_new_set_names(&mut self, cls: ObjId, dict: ObjId) -> PyResult<()> {
        let set_name = self.new_interned("__set_name__");
        // CPython walks a copy of the class dict (`names_to_set = PyDict_Copy(dict)`)
        let names_to_set = self.new_dict();
        if let Err(e) = self.dict_update_from(names_to_set, dict, false) {
            self.decref(names_to_set);
            self.decref(set_name);
            return Err(e);
        }
        // `PyDict_Next` on the copy: keys and values borrowed (the copy holds them)
        let pairs = self.dict_pairs(names_to_set);
        let mut result = Ok(());
        for &(key, value) in &pairs {
            if result.is_err() {
                break;
            }
            if let Payload::Property(parts) = self.heap.payload_mut(value) {
                let old = parts[4].replace(key);
                self.incref(key);
                self.xdecref(old);
                continue;
            }
            let vt = self.type_of(value);
            if !matches!(self.heap.payload(vt), Payload::Type(t) if t.builtin.is_none()) {
                continue;
            }
            let Some(meth) = self.lookup_special(value, set_name) else {
                continue;
            };
            result = match self.call_object(meth, &[cls, key], &[]) {
                Ok(r) => {
                    self.decref(r);
                    Ok(())
                }
                Err(PyErr(cause)) => {
                    let msg = format!(
                        "Error calling __set_name__ on '{}' instance '{}' in '{}'",
                        self.type_name(value),
                        self.str_of(key),
                        self.type_name_of_type(cls)
                    );
                    let err = self.new_exception(ExcKind::RuntimeError, &msg);
                    if let Payload::Exception(e) = self.heap.payload_mut(err.0) {
                        e.cause = Some(cause);
                        e.suppress_context = true;
                    }
                    Err(err)
                }
            };
            self.decref(meth);
        }
        self.decref(names_to_set);
        self.decref(set_name);
        result
    }

    /// `type_new_init_subclass`: `super(cls, cls).__init_subclass__(**kwargs)`, i.e. the first
    /// `__init_subclass__` after `cls` in its MRO, bound to `cls`.
    fn type_new_init_subclass(&mut self, cls: ObjId, kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
        let name = self.new_interned("__init_subclass__");
        let mro = self.mro_of(cls);
        let found = mro
            .iter()
            .skip(1)
            .find_map(|&base| self.type_own_attr(base, name, "__init_subclass__"));
        self.decref(name);
        let Some(descr) = found else {
            return Ok(());
        };
        let bound = self.bind_descriptor(descr, Some(cls), cls)?;
        let r = self.call_object(bound, &[], kwargs);
        self.decref(bound);
        self.decref(r?);
        Ok(())
    }

    /// Instances of `ty` have a `__dict__` (`tp_dictoffset != 0`).
    pub(crate) fn type_provides_dict(&self, ty: ObjId) -> bool {
        match self.heap.payload(ty) {
            Payload::Type(t) => match t.builtin {
                Some(bt) => super::subtype::builtin_layout(bt).2 || t.is_exception,
                // `tp_dictoffset` is inherited: a class over `type` (a metaclass) has the
                // dict its base has
                None => {
                    t.managed_dict
                        || t.dict_ptr
                        || t.is_exception
                        || t.base
                            .is_some_and(|b| b != ty && self.type_provides_dict(b))
                }
            },
            _ => false,
        }
    }

    /// Instances of `ty` can be weakly referenced (`tp_weaklistoffset != 0`).
    pub(crate) fn type_weakrefable(&self, ty: ObjId) -> bool {
        match self.heap.payload(ty) {
            Payload::Type(t) => match t.builtin {
                // a native type says so itself (`deque`, `partial`, `array`...)
                Some(BuiltinType::Native) => t.weakrefable,
                Some(bt) => super::subtype::builtin_layout(bt).3,
                None => t.weakrefable,
            },
            _ => false,
        }
    }

    /// C3 linearisation of the bases' MROs.
    pub(crate) fn c3_merge(&mut self, bases: &[ObjId]) -> PyResult<Vec<ObjId>> {
        // mro_implementation's `check_duplicates` (several bases only)
        if bases.len() > 1 {
            for (i, &b) in bases.iter().enumerate() {
                if bases[i + 1..].contains(&b) {
                    let msg = format!("duplicate base class {}", self.type_name_of_type(b));
                    return Err(self.type_error(&msg));
                }
            }
        }
        let mut seqs: Vec<Vec<ObjId>> = bases.iter().map(|&b| self.mro_of(b)).collect();
        seqs.push(bases.to_vec());
        let mut out = Vec::new();
        loop {
            seqs.retain(|s| !s.is_empty());
            if seqs.is_empty() {
                return Ok(out);
            }
            let candidate = seqs
                .iter()
                .map(|s| s[0])
                .find(|&c| !seqs.iter().any(|s| s[1..].contains(&c)));
            let Some(c) = candidate else {
                let names: Vec<String> = bases.iter().map(|&b| self.type_name_of_type(b)).collect();
                let msg = format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                );
                return Err(self.type_error(&msg));
            };
            out.push(c);
            for s in seqs.iter_mut() {
                if s[0] == c {
                    s.remove(0);
                }
            }
        }
    }

    /// A `NotImplementedError` naming a construct the model does not implement.
    pub fn unsupported(&mut self, what: &str) -> super::PyErr {
        let line = self.frames.last().map(|f| f.line()).unwrap_or(0);
        let msg = format!("refscope does not model {what} (line {line})");
        self.new_exception(ExcKind::NotImplementedError, &msg)
    }

    /// The class's `tp_new`: a Python `__new__` (`slot_tp_new`: `cls.__new__(cls, *args)`),
    /// else the builtin base's (`object_new`, `BaseException_new`, `list`'s...).
    pub(crate) fn type_new_instance(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        if let Some(new) = self.type_lookup_slot(ty, "__new__") {
            if let Payload::Builtin(b) = self.heap.payload(new) {
                if b.func.0.kind == crate::builtins::Kind::TypeSlot {
                    // an inherited builtin `tp_new`, called directly (its wrapper, and the
                    // wrapper's argument tuple, are for Python code calling `X.__new__`)
                    let (func, self_) = (b.func, b.self_);
                    let mut full = vec![ty];
                    full.extend_from_slice(args);
                    return self.call_builtin_fn(func, self_, &full, kwargs);
                }
            }
            if !matches!(self.heap.payload(new), Payload::MethodDescr(_)) {
                // `__new__` is a static method: fetched without binding
                self.incref(new);
                let f = self.descr_get(new, None, ty);
                self.decref(new);
                let f = f?;
                let mut full = vec![ty];
                full.extend_from_slice(args);
                // slot_tp_new: `_PyObject_Call_Prepend`, keywords unpacked for a function
                let r = if matches!(self.heap.payload(f), Payload::Function(_)) {
                    self.with_unpacked_kwargs(&full, kwargs, |vm| vm.call_object(f, &full, kwargs))
                } else {
                    self.call_object(f, &full, kwargs)
                };
                self.decref(f);
                return r;
            }
        }
        self.builtin_tp_new(ty, args, kwargs)
    }

    /// `object_new`: a bare instance of `ty` (`BaseException_new` for exception classes).
    /// Extra arguments are an error unless the class has an `__init__` to take them.
    pub(crate) fn object_new(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        if self.is_exception_type(ty) {
            let beg = self.exc_types[ExcKind::BaseExceptionGroup as usize];
            if self.is_subtype(ty, beg) {
                return self.exception_group_new(ty, args, kwargs);
            }
            // BaseException_new: `self->args = args`, the call's own tuple
            let ty = self.oserror_subtype(ty, args);
            let t = self.exception_args_tuple(args);
            return Ok(self.new_exception_with_args(ty, t));
        }
        let init_is_object = match self.find_init(ty) {
            Some(init) => matches!(self.heap.payload(init), Payload::MethodDescr(_)),
            None => true,
        };
        let excess_args = !args.is_empty() || !kwargs.is_empty();
        if excess_args {
            let new_is_object = self
                .type_lookup_str(ty, "__new__")
                .is_none_or(|n| matches!(self.heap.payload(n), Payload::MethodDescr(_)));
            if !new_is_object {
                return Err(self.type_error(
                    "object.__new__() takes exactly one argument (the type to instantiate)",
                ));
            }
            if init_is_object {
                let msg = format!("{}() takes no arguments", self.type_name_of_type(ty));
                return Err(self.type_error(&msg));
            }
        }
        if matches!(self.heap.payload(ty), Payload::Type(t) if t.abstract_) {
            return Err(self.abstract_class_error(ty));
        }
        Ok(self.new_instance(ty))
    }

    /// `object_new` over a class whose `__abstractmethods__` is not empty: `Can't instantiate
    /// abstract class Shape with abstract methods area, perimeter` (the names sorted).
    fn abstract_class_error(&mut self, ty: ObjId) -> super::PyErr {
        let methods = match self.getattr_str(ty, "__abstractmethods__") {
            Ok(m) => m,
            Err(e) => return e,
        };
        let names = self.collect_iterable(methods);
        self.decref(methods);
        let names = match names {
            Ok(n) => n,
            Err(e) => return e,
        };
        let list = self.new_list(names);
        if let Err(e) = crate::builtins::methods::list_sort_impl(self, list, &[]) {
            self.decref(list);
            return e;
        }
        let items = self.list_items(list);
        let mut texts = Vec::new();
        for (n, &i) in items.iter().enumerate() {
            match self.heap.payload(i) {
                Payload::Str(s) => texts.push(s.value.to_string()),
                _ => {
                    // PyUnicode_Join's complaint
                    let msg = format!(
                        "sequence item {n}: expected str instance, {} found",
                        self.type_name(i)
                    );
                    self.decref(list);
                    return self.type_error(&msg);
                }
            }
        }
        self.decref(list);
        let msg = format!(
            "Can't instantiate abstract class {} with abstract method{} {}",
            self.type_name_of_type(ty),
            if texts.len() > 1 { "s" } else { "" },
            texts.join(", ")
        );
        self.type_error(&msg)
    }

    /// A fresh instance of a heap class (`PyType_GenericAlloc`): 32 bytes of pre-header for a
    /// managed dict, inline values sized from the shared keys.
    pub fn new_instance(&mut self, ty: ObjId) -> ObjId {
        if !self.is_heap_type(ty) {
            // `object()`: 16 bytes without a GC header (`PyType_GenericAlloc` of a type
            // without `Py_TPFLAGS_HAVE_GC`: not linked, not counted in generation 0), and no
            // reference to its static type
            let mut inst = Instance::empty(0);
            inst.set_not_gc();
            return self.alloc(ty, Payload::Instance(Box::new(inst)), Layout::plain(16));
        }
        let (managed, weakrefable, nslots) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.managed_dict, t.weakrefable, self.total_slots(ty)),
            _ => (false, false, 0),
        };
        // a library class standing for a static C type: the C struct, not a GC object, and
        // (a static type) not holding a reference to its type
        if let Some(size) = self.c_static_basicsize(ty) {
            let layout = Layout {
                size,
                preheader: 0,
                freelist: None,
                track: false,
            };
            let mut inst = Instance::empty(nslots);
            inst.set_not_gc();
            return self.alloc(ty, Payload::Instance(Box::new(inst)), layout);
        }
        // a heap class over a class standing for a static C type (`class D(datetime.date)`,
        // `class S(io.TextIOBase)`): `type_new` starts from the C base's `tp_basicsize` and
        // adds the slots and the `__weakref__` pointer it defines itself: the class's own
        let basic = match self.c_layout_base(ty) {
            true => self.type_basicsize(ty).0,
            false => 16 + if weakrefable { 8 } else { 0 } + 8 * nslots,
        };
        let layout = Layout {
            size: basic + if managed { 32 } else { 16 },
            preheader: if managed { 32 } else { 16 },
            freelist: None,
            track: true,
        };
        // PyType_GenericAlloc: `_PyObject_GC_Link` (which may start a collection) comes
        // before `_PyObject_Init` takes the reference to a heap type
        let id = self.alloc(
            ty,
            Payload::Instance(Box::new(Instance::empty(nslots))),
            layout,
        );
        self.incref(ty);
        if managed {
            self.init_inline_values(ty, id);
        }
        id
    }

    /// Whether `ty` or a base of it stands for a static C type with a size of its own
    /// (`TypeObj::c_struct`, or a dict-pointer layout such as `_io._IOBase`'s).
    fn c_layout_base(&self, ty: ObjId) -> bool {
        let mut t = Some(ty);
        while let Some(cur) = t {
            t = match self.heap.payload(cur) {
                Payload::Type(tt) if tt.builtin.is_none() => {
                    if tt.c_static && tt.basicsize > 0 {
                        return true;
                    }
                    tt.base
                }
                _ => None,
            };
        }
        false
    }

    /// The instance size of a class standing for a static C type, if it has one.
    pub(crate) fn c_static_basicsize(&self, ty: ObjId) -> Option<usize> {
        match self.heap.payload(ty) {
            Payload::Type(t) if t.c_struct => Some(t.basicsize),
            _ => None,
        }
    }

    /// `init_inline_values`: the shared keys shrink by one (while above one), and the values
    /// array is sized for entries + usable.
    pub(crate) fn init_inline_values(&mut self, ty: ObjId, id: ObjId) {
        {
            let size = match self.heap.payload_mut(ty) {
                Payload::Type(t) => {
                    if t.shared_keys_usable > 1 {
                        t.shared_keys_usable -= 1;
                    }
                    (t.shared_keys.len() as i64 + t.shared_keys_usable).max(1) as usize
                }
                _ => 1,
            };
            let prefix = (size + 2).div_ceil(8) * 8;
            let block = self.heap.malloc_block(prefix + 8 * size);
            if let Some(inst) = self.heap.get_mut(id).inst_mut() {
                inst.set_values_block(block);
            }
        }
    }

    /// Slots of `ty` and its `tp_base` chain: each class lays its own out after its base's.
    pub(crate) fn total_slots(&self, ty: ObjId) -> usize {
        let mut n = 0;
        let mut t = Some(ty);
        while let Some(cur) = t {
            t = match self.heap.payload(cur) {
                Payload::Type(tt) if tt.builtin.is_none() => {
                    n += tt.slots.len();
                    tt.base
                }
                _ => None,
            };
        }
        n
    }

    /// A builtin `__init__` after a type call: `object.__init__` does nothing,
    /// `BaseException.__init__` stores the arguments.
    pub(crate) fn run_builtin_init(
        &mut self,
        ty: ObjId,
        instance: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if self.is_exception_type(ty)
            && matches!(self.heap.payload(instance), Payload::Exception(_))
        {
            // BaseException_init: `Py_XSETREF(self->args, args)`, the call's own tuple
            let t = self.exception_args_tuple(args);
            let old = match self.heap.payload_mut(instance) {
                Payload::Exception(e) => std::mem::replace(&mut e.args, t),
                _ => t,
            };
            self.decref(old);
            self.exc_init_members(instance);
            self.exc_init_keywords(instance, kwargs)?;
        }
        Ok(())
    }

    /// Call a type from native code: instantiate a class (running `__init__` to completion),
    /// or run a builtin type's constructor.
    pub fn call_type(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        // a metaclass's `__call__` (`slot_tp_call` of the class's type)
        if let Some(call) = self.py_slot(ty, "__call__") {
            return self.call_bound_slot(call, ty, args, kwargs);
        }
        self.type_call(ty, args, kwargs)
    }

    /// Bind what a slot found to `obj` and call it with keyword arguments too
    /// (`slot_tp_call`, `slot_tp_init`).
    pub(crate) fn call_bound_slot(
        &mut self,
        descr: ObjId,
        obj: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        self.incref(descr);
        let r = if matches!(self.heap.payload(descr), Payload::Function(_)) {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj);
            full.extend_from_slice(args);
            self.call_object(descr, &full, kwargs)
        } else {
            let t = self.type_of(obj);
            match self.descr_get(descr, Some(obj), t) {
                Ok(bound) => {
                    let r = self.call_object(bound, args, kwargs);
                    self.decref(bound);
                    r
                }
                Err(e) => Err(e),
            }
        };
        self.decref(descr);
        r
    }

    /// `type_call`: `tp_new`, then `tp_init` of the new object's type when it is an instance
    /// of the class called (`type.__call__`, reached by name or from a metaclass's
    /// `super().__call__()`).
    pub(crate) fn type_call(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        let builtin = match self.heap.payload(ty) {
            Payload::Type(t) => t.builtin,
            _ => None,
        };
        if !(self.is_heap_type(ty) || builtin == Some(BuiltinType::Exception)) {
            return match builtin {
                Some(bt) => crate::builtins::construct(self, bt, ty, args, kwargs),
                None => Err(self.type_error("not a type")),
            };
        }
        // `type_call` holds no recursion guard of its own: the `_PyObject_MakeTpCall` that
        // reaches it does (`with_tp_call_args`)
        self.instantiate(ty, args, kwargs)
    }

    /// `type_call` for a class: `__new__`, then `__init__` when it made an instance.
    fn instantiate(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        let obj = self.type_new_instance(ty, args, kwargs)?;
        if !self.is_subtype(self.type_of(obj), ty) {
            return Ok(obj);
        }
        let obj_ty = self.type_of(obj);
        let r = match self.find_init(obj_ty) {
            Some(init) if !matches!(self.heap.payload(init), Payload::MethodDescr(_)) => {
                // slot_tp_init: `_PyObject_Call_Prepend`, keywords unpacked for a function
                // (`_PyStack_UnpackDict`: self, the arguments and the values held once more);
                // `__init__` must return None
                let r = if matches!(self.heap.payload(init), Payload::Function(_)) {
                    let full: Vec<ObjId> =
                        std::iter::once(obj).chain(args.iter().copied()).collect();
                    self.with_unpacked_kwargs(&full, kwargs, |vm| {
                        vm.call_bound_slot(init, obj, args, kwargs)
                    })
                } else {
                    self.call_bound_slot(init, obj, args, kwargs)
                };
                match r {
                    Ok(v) => {
                        let none = v == self.none();
                        let tn = self.type_name(v);
                        self.decref(v);
                        if none {
                            Ok(())
                        } else {
                            Err(self
                                .type_error(&format!("__init__() should return None, not '{tn}'")))
                        }
                    }
                    Err(e) => Err(e),
                }
            }
            _ => self.type_call_builtin_init(obj_ty, obj, args, kwargs),
        };
        match r {
            Ok(()) => Ok(obj),
            Err(e) => {
                self.decref(obj);
                Err(e)
            }
        }
    }

    // ---- finalizers and weak references at death ----

    /// Does the object need `__del__` run before it is freed (`tp_finalize`, not yet called)?
    pub(crate) fn needs_finalizer(&mut self, id: ObjId) -> bool {
        let o = self.heap.get(id);
        if !o.finalized && matches!(o.payload, Payload::Generator(_)) {
            return self.gen_needs_finalizer(id);
        }
        if o.finalized || !matches!(o.payload, Payload::Instance(_) | Payload::Exception(_)) {
            return false;
        }
        let ty = o.ty;
        if !self.is_heap_type(ty) {
            return false;
        }
        // asked of every instance freed: the cached lookup of a hook name
        self.type_lookup_slot(ty, "__del__").is_some()
    }

    /// Call `__del__`; an exception is reported and ignored (`PyErr_WriteUnraisable`).
    pub(crate) fn call_del(&mut self, id: ObjId) {
        if matches!(self.heap.payload(id), Payload::Generator(_)) {
            return self.gen_finalize(id);
        }
        let ty = self.type_of(id);
        let Some(del) = self.type_lookup_str(ty, "__del__") else {
            return;
        };
        self.incref(del);
        match self.call_object(del, &[id], &[]) {
            Ok(r) => self.decref(r),
            Err(e) => {
                let what = self.repr_string(del).unwrap_or_default();
                self.write_unraisable(e, &what);
            }
        }
        self.decref(del);
    }
}
