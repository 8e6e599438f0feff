//! Classes and their instances: `type_new` (namespace copy, C3 MRO, `__dict__`/`__weakref__`
//! getset descriptors, `__slots__`), `object_new` with 3.11's shared-key accounting, `__del__`
//! finalizers and clearing weak references at death.

use crate::object::{BuiltinType, Instance, ObjId, Payload, PyDict, TypeObj};

use super::objects::Layout;
use super::{ExcKind, PyErr, PyResult, Vm};

/// `SHARED_KEYS_MAX_SIZE`: a class's shared key table starts with this much room.
pub const SHARED_KEYS_MAX_SIZE: i64 = 30;

impl Vm {
    /// `type(name, bases, namespace)` from a class body. Takes ownership of all arguments
    /// (`classcell` is the body's `__class__` cell or None).
    pub(crate) fn make_class(
        &mut self,
        name: ObjId,
        bases: ObjId,
        namespace: ObjId,
        keywords: Vec<(ObjId, ObjId)>,
        classcell: ObjId,
    ) -> PyResult<ObjId> {
        let result = self.make_class_inner(name, bases, namespace, &keywords, classcell);
        self.type_modified();
        self.decref(name);
        self.decref(bases);
        self.decref(namespace);
        for (k, v) in keywords {
            self.decref(k);
            self.decref(v);
        }
        self.decref(classcell);
        result
    }

    fn make_class_inner(
        &mut self,
        name: ObjId,
        bases: ObjId,
        namespace: ObjId,
        keywords: &[(ObjId, ObjId)],
        classcell: ObjId,
    ) -> PyResult<ObjId> {
        let mut init_subclass_kwargs = Vec::new();
        for &(k, v) in keywords {
            if self.str_of(k) != "metaclass" {
                init_subclass_kwargs.push((k, v));
            } else if v != self.ty(BuiltinType::Type) {
                return Err(self.unsupported("custom metaclasses"));
            }
        }
        let mut base_list = self.tuple_items(bases);
        let object_t = self.ty(BuiltinType::Object);
        for &b in &base_list {
            match self.heap.payload(b) {
                Payload::Type(t) => {
                    if let Some(bt) = t.builtin {
                        if bt != BuiltinType::Object && !t.is_exception {
                            let msg = format!("subclassing the builtin type '{}'", t.name);
                            return Err(self.unsupported(&msg));
                        }
                    }
                }
                _ => return Err(self.type_error("bases must be types")),
            }
        }
        let bases_tuple = if base_list.is_empty() {
            base_list.push(object_t);
            self.incref(object_t);
            self.new_tuple(vec![object_t])
        } else {
            self.new_ref(bases)
        };
        let mro_tail = match self.c3_merge(&base_list) {
            Ok(m) => m,
            Err(e) => {
                self.decref(bases_tuple);
                return Err(e);
            }
        };
        let best_base = base_list[0];
        let is_exception = base_list.iter().any(|&b| self.is_exception_type(b));
        let class_name = self.str_of(name).to_string();
        let qualname_key = self.new_interned("__qualname__");
        let qualname = self
            .dict_getitem_str(namespace, qualname_key)
            .map(|q| self.str_of(q).to_string())
            .unwrap_or_else(|| class_name.clone());
        self.decref(qualname_key);
        // __slots__
        let slots_key = self.new_interned("__slots__");
        let slots_obj = self.dict_getitem_str(namespace, slots_key);
        self.decref(slots_key);
        let slots: Vec<String> = match slots_obj {
            None => Vec::new(),
            Some(s) => match self.heap.payload(s) {
                Payload::Str(st) => vec![st.value.clone()],
                _ => {
                    let items = self.collect_iterable(s)?;
                    let names = items.iter().map(|&i| self.str_of(i).to_string()).collect();
                    for i in items {
                        self.decref(i);
                    }
                    names
                }
            },
        };
        let has_slots = slots_obj.is_some();
        let base_has_dict = base_list.iter().any(|&b| self.type_provides_dict(b));
        let managed_dict = (!has_slots || slots.iter().any(|s| s == "__dict__")) && !is_exception;
        let weakrefable = !has_slots
            || slots.iter().any(|s| s == "__weakref__")
            || base_list.iter().any(|&b| self.type_weakrefable(b));
        // the class namespace is a copy of the body's namespace
        let dict = self.new_dict_from(PyDict::new(), false);
        self.dict_update_from(dict, namespace, false)?;
        for key in ["__qualname__", "__classcell__"] {
            let k = self.new_interned(key);
            let _ = self.dict_delitem_str(dict, k);
            self.decref(k);
        }
        let base_incref = best_base;
        self.incref(base_incref);
        let t = TypeObj {
            name: class_name,
            qualname,
            base: Some(best_base),
            bases: Some(bases_tuple),
            mro: None,
            static_mro: Vec::new(),
            dict: Some(dict),
            builtin: None,
            managed_dict,
            weakrefable,
            slots: slots
                .iter()
                .filter(|s| *s != "__dict__" && *s != "__weakref__")
                .cloned()
                .collect(),
            shared_keys: Vec::new(),
            shared_keys_usable: SHARED_KEYS_MAX_SIZE,
            is_exception,
            weakrefs: Vec::new(),
            subclasses: None,
        };
        let type_t = self.ty(BuiltinType::Type);
        let cls = self.alloc(type_t, Payload::Type(Box::new(t)), Layout::gc(904));
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
            self.add_subclass(b, cls)?;
        }
        // getset descriptors for __dict__ and __weakref__ when no base provides them
        if !base_has_dict && !is_exception {
            let gs_t = self.ty(BuiltinType::GetSetDescriptor);
            for (name, wanted) in [
                ("__dict__", managed_dict),
                (
                    "__weakref__",
                    weakrefable && !base_list.iter().any(|&b| self.type_weakrefable(b)),
                ),
            ] {
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
        } else if is_exception && !base_list.iter().any(|&b| self.is_heap_type(b)) {
            let gs_t = self.ty(BuiltinType::GetSetDescriptor);
            self.incref(cls);
            let d = self.alloc(
                gs_t,
                Payload::GetSetDescr {
                    name: "__weakref__",
                    owner: cls,
                },
                Layout::gc(48),
            );
            let k = self.new_interned("__weakref__");
            self.dict_setitem(dict, k, d)?;
            self.decref(k);
            self.decref(d);
        }
        // member descriptors for __slots__
        let member_t = self.ty(BuiltinType::MemberDescriptor);
        let plain_slots: Vec<String> = slots
            .iter()
            .filter(|s| *s != "__dict__" && *s != "__weakref__")
            .cloned()
            .collect();
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
        if matches!(self.heap.payload(classcell), Payload::Cell(_)) {
            self.incref(cls);
            let old = match self.heap.payload_mut(classcell) {
                Payload::Cell(c) => c.replace(cls),
                _ => None,
            };
            self.xdecref(old);
        }
        if let Err(e) = self
            .type_new_set_names(cls, dict)
            .and_then(|()| self.type_new_init_subclass(cls, &init_subclass_kwargs))
        {
            self.decref(cls);
            return Err(e);
        }
        Ok(cls)
    }

    /// `add_subclass`: `base.__subclasses__()` finds `cls` through a weak reference kept in
    /// the base's `tp_subclasses` dict under `id(cls)`.
    fn add_subclass(&mut self, base: ObjId, cls: ObjId) -> PyResult<()> {
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

    /// `type.__subclasses__()`: the live classes in `tp_subclasses`, oldest first.
    pub fn type_subclasses(&mut self, ty: ObjId) -> ObjId {
        let dict = match self.heap.payload(ty) {
            Payload::Type(t) => t.subclasses,
            _ => None,
        };
        let mut out = Vec::new();
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
        self.new_list(out)
    }

    /// `type_new_set_names`: call `__set_name__(cls, name)` on every value of the class body
    /// that has one (a property remembers its name for its error messages).
    fn type_new_set_names(&mut self, cls: ObjId, dict: ObjId) -> PyResult<()> {
        let set_name = self.new_interned("__set_name__");
        let pairs = self.dict_pairs(dict);
        for &(k, v) in &pairs {
            self.incref(k);
            self.incref(v);
        }
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
        for (k, v) in pairs {
            self.decref(k);
            self.decref(v);
        }
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

    pub(crate) fn type_provides_dict(&self, ty: ObjId) -> bool {
        match self.heap.payload(ty) {
            Payload::Type(t) => t.builtin.is_none() && t.managed_dict || t.is_exception,
            _ => false,
        }
    }

    fn type_weakrefable(&self, ty: ObjId) -> bool {
        match self.heap.payload(ty) {
            Payload::Type(t) => t.builtin.is_none() && t.weakrefable,
            _ => false,
        }
    }

    /// C3 linearisation of the bases' MROs.
    fn c3_merge(&mut self, bases: &[ObjId]) -> PyResult<Vec<ObjId>> {
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

    /// `object_new` (or `BaseException_new`) for a class: a new instance, before `__init__`.
    pub(crate) fn type_new_instance(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        // a Python __new__ defined on the class
        if let Some(new) = self.type_lookup_str(ty, "__new__") {
            let f = match self.heap.payload(new) {
                Payload::StaticMethod(f) => Some(*f),
                Payload::Function(_) => Some(new),
                _ => None,
            };
            if let Some(f) = f {
                let mut full = vec![ty];
                full.extend_from_slice(args);
                return self.call_object(f, &full, kwargs);
            }
        }
        self.object_new(ty, args, kwargs)
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
            for &a in args {
                self.incref(a);
            }
            let ty = self.oserror_subtype(ty, args);
            return Ok(self.new_exception_object(ty, args.to_vec()));
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
        Ok(self.new_instance(ty))
    }

    /// A fresh instance of a heap class (`PyType_GenericAlloc`): 32 bytes of pre-header for a
    /// managed dict, inline values sized from the shared keys.
    pub fn new_instance(&mut self, ty: ObjId) -> ObjId {
        let (managed, weakrefable, nslots) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.managed_dict, t.weakrefable, self.total_slots(ty)),
            _ => (false, false, 0),
        };
        let basic = 16 + if weakrefable { 8 } else { 0 } + 8 * nslots;
        let layout = Layout {
            size: basic + if managed { 32 } else { 16 },
            preheader: if managed { 32 } else { 16 },
            freelist: None,
            track: true,
        };
        self.incref(ty);
        let id = self.alloc(
            ty,
            Payload::Instance(Box::new(Instance {
                values: Vec::new(),
                order: Vec::new(),
                values_block: None,
                dict: None,
                slots: vec![None; nslots],
                weakrefs: Vec::new(),
            })),
            layout,
        );
        if managed {
            // init_inline_values: the shared keys shrink by one (while above one), and the
            // values array is sized for entries + usable
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
            if let Payload::Instance(inst) = self.heap.payload_mut(id) {
                inst.values_block = Some(block);
            }
        }
        id
    }

    /// Slots of `ty` and its `tp_base` chain: each class lays its own out after its base's.
    fn total_slots(&self, ty: ObjId) -> usize {
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
        _kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if self.is_exception_type(ty)
            && matches!(self.heap.payload(instance), Payload::Exception(_))
        {
            for &a in args {
                self.incref(a);
            }
            let t = self.new_tuple(args.to_vec());
            let old = match self.heap.payload_mut(instance) {
                Payload::Exception(e) => std::mem::replace(&mut e.args, t),
                _ => t,
            };
            self.decref(old);
            self.exc_init_members(instance);
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
        let builtin = match self.heap.payload(ty) {
            Payload::Type(t) => t.builtin,
            _ => None,
        };
        if self.is_heap_type(ty) || builtin == Some(BuiltinType::Exception) {
            // `type_call` is reached through `_PyObject_MakeTpCall`, which guards the
            // recursion (`__init__` making another instance...)
            return self.recursive_call(" while calling a Python object", |vm| {
                vm.instantiate(ty, args, kwargs)
            });
        }
        match builtin {
            Some(bt) => crate::builtins::construct(self, bt, ty, args, kwargs),
            None => Err(self.type_error("not a type")),
        }
    }

    /// `type_call` for a class: `__new__`, then `__init__` when it made an instance.
    fn instantiate(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        {
            let obj = self.type_new_instance(ty, args, kwargs)?;
            if !self.is_subtype(self.type_of(obj), ty) {
                return Ok(obj);
            }
            match self.find_init(ty) {
                Some(init) if matches!(self.heap.payload(init), Payload::Function(_)) => {
                    let mut full = vec![obj];
                    full.extend_from_slice(args);
                    let r = self.call_object(init, &full, kwargs);
                    match r {
                        Ok(v) => {
                            let none = v == self.none();
                            let tn = if none {
                                String::new()
                            } else {
                                self.type_name(v)
                            };
                            self.decref(v);
                            if !none {
                                self.decref(obj);
                                return Err(self.type_error(&format!(
                                    "__init__() should return None, not '{tn}'"
                                )));
                            }
                        }
                        Err(e) => {
                            self.decref(obj);
                            return Err(e);
                        }
                    }
                }
                _ => {
                    if let Err(e) = self.run_builtin_init(ty, obj, args, kwargs) {
                        self.decref(obj);
                        return Err(e);
                    }
                }
            }
            Ok(obj)
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
        self.type_has_attr(ty, "__del__")
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

    /// `PyObject_ClearWeakRefs`: every weak reference to the dying object goes dead, then the
    /// callbacks run in list order.
    pub(crate) fn clear_weakrefs(&mut self, id: ObjId) {
        let refs = match self.heap.payload_mut(id).weakref_list_mut() {
            Some(l) => std::mem::take(l),
            None => return,
        };
        if refs.is_empty() {
            return;
        }
        let mut callbacks = Vec::new();
        for &wr in &refs {
            self.incref(wr);
            let cb = match self.heap.payload_mut(wr) {
                Payload::WeakRef(w) => {
                    w.referent = None;
                    w.callback.take()
                }
                _ => None,
            };
            callbacks.push((wr, cb));
        }
        for (wr, cb) in callbacks {
            if let Some(cb) = cb {
                match self.call_object(cb, &[wr], &[]) {
                    Ok(r) => self.decref(r),
                    Err(e) => {
                        let what = self.repr_string(cb).unwrap_or_default();
                        self.write_unraisable(e, &what);
                    }
                }
                self.decref(cb);
            }
            self.decref(wr);
        }
    }

    /// A weak reference died: take it off its referent's list.
    pub(crate) fn remove_weakref_from(&mut self, referent: ObjId, wr: ObjId) {
        if !self.heap.is_live(referent) {
            return;
        }
        if let Some(l) = self.heap.payload_mut(referent).weakref_list_mut() {
            l.retain(|&w| w != wr);
        }
    }
}
