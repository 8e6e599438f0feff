//! Classes over builtin types (`class Stack(list)`, `class Meters(int)`, `class Meta(type)`):
//! the instance layout a class adds to its builtin base, and the base's `tp_new`/`tp_init`
//! run for the class.
//!
//! An instance of `class L(list)` *is* a list: its payload is a [`Payload::List`], so every
//! builtin method, and every place the model's Rust code stands for CPython's C code
//! (`PyList_Check` accepts subclasses), works on it unchanged. What the class adds sits in
//! [`Object::ext`](crate::object::Object::ext), after the builtin's fields, as
//! `type_new_descriptors` lays it out:
//!
//! ```text
//! class L(list): pass          tp_basicsize 48 = list's 40 + __weakref__ 8
//!   [PyGC_Head 16][dict/values 16][ob_refcnt ob_type ob_size ob_item allocated][weaklist]
//!   sys.getsizeof(L()) == 80   (the managed dict pre-header counts)
//! class I(int): pass           tp_basicsize 32 = int's 24 + dict pointer 8 (tp_dictoffset -8:
//!   [PyGC_Head 16][ob_refcnt ob_type ob_size][digits...][dict]   no inline values after
//!   sys.getsizeof(I(5)) == 44                                     variable-size items)
//! ```
//!
//! Making an instance follows each builtin's `tp_new`: the mutable containers (`list`,
//! `dict`, `set`, `bytearray`) are made empty and filled by their `tp_init`; the immutable ones
//! are computed as an exact builtin first and copied into the class's instance
//! (`long_subtype_new`, `tuple_subtype_new`, `unicode_subtype_new`...), the temporary freed,
//! as CPython does, so the allocator sees the same traffic.

use crate::heap::Block;
use crate::object::{BuiltinType, Instance, ObjId, Payload, PyDict, PyList, PyStr};

use super::objects::Layout;
use super::{PyResult, Vm};

/// `tp_basicsize`, `tp_itemsize`, whether the builtin has its own instance dict
/// (`tp_dictoffset != 0`) and weak reference list (`tp_weaklistoffset != 0`).
pub fn builtin_layout(bt: BuiltinType) -> (usize, usize, bool, bool) {
    use BuiltinType::*;
    match bt {
        Object => (16, 0, false, false),
        Int | Bool => (24, 4, false, false),
        Float => (24, 0, false, false),
        Complex => (32, 0, false, false),
        Str => (80, 0, false, false),
        Bytes => (33, 1, false, false),
        ByteArray => (56, 0, false, false),
        Tuple => (24, 8, false, false),
        List => (40, 0, false, false),
        Dict => (48, 0, false, false),
        Set | FrozenSet => (200, 0, false, true),
        // classmethod and staticmethod have a `__dict__` in CPython (`cm_dict`); the model's
        // have none, so a class over them adds one
        ClassMethod | StaticMethod => (32, 0, false, false),
        Property => (64, 0, false, false),
        Type => (904, 40, true, true),
        Exception => (72, 0, true, false),
        Function => (136, 0, true, true),
        Module => (56, 0, true, true),
        // PyWeakReference: wr_object, wr_callback, hash, wr_prev, wr_next, vectorcall; no
        // weak reference list of its own (WeakMethod adds `__weakref__` in its `__slots__`)
        WeakRef => (64, 0, false, false),
        _ => (16, 0, false, false),
    }
}

/// Can a class derive from this builtin (`Py_TPFLAGS_BASETYPE`), and does the model build
/// instances of such classes? `Err(true)` when CPython refuses the base too.
pub fn base_support(bt: BuiltinType) -> Result<(), bool> {
    use BuiltinType::*;
    match bt {
        Object | Type | Int | Float | Complex | Str | Bytes | ByteArray | Tuple | List | Dict
        | Set | FrozenSet | Exception | ClassMethod | StaticMethod | Property | WeakRef => Ok(()),
        // a standard-library type written in Rust (`deque`, `defaultdict`...): its
        // constructor makes the instance, [`Vm::alloc_native_instance`] adds the class's part
        Native => Ok(()),
        // subclassable in CPython, not (yet) in the model
        Super | Module | TextIOWrapper => Err(false),
        _ => Err(true),
    }
}

impl Vm {
    /// The builtin type whose instance layout `ty` extends (`solid_base`, stopping at
    /// builtins): `object` for plain classes, `BaseException` for exception classes.
    pub fn builtin_base(&self, ty: ObjId) -> BuiltinType {
        let mut t = ty;
        loop {
            match self.heap.payload(t) {
                Payload::Type(tt) => match tt.builtin {
                    Some(bt) => return bt,
                    None if tt.is_exception => return BuiltinType::Exception,
                    None => match tt.base {
                        Some(b) => t = b,
                        None => return BuiltinType::Object,
                    },
                },
                _ => return BuiltinType::Object,
            }
        }
    }

    /// `tp_basicsize` and `tp_itemsize` of any type.
    pub fn type_basicsize(&self, ty: ObjId) -> (usize, usize) {
        let bt = self.builtin_base(ty);
        let (basic, item, _, _) = builtin_layout(bt);
        match self.heap.payload(ty) {
            Payload::Type(t) if t.builtin.is_none() && t.basicsize > 0 => (t.basicsize, item),
            _ if self
                .exc_types
                .get(super::ExcKind::BaseExceptionGroup as usize)
                == Some(&ty) =>
            {
                (super::excgroup::GROUP_BASICSIZE, 0)
            }
            // a builtin exception's own struct (`PyAttributeErrorObject` adds `obj` and
            // `name` to `BaseException`'s 72 bytes), which a class over it extends
            Payload::Type(t) if t.builtin == Some(BuiltinType::Exception) => {
                let own = super::typelayout::builtin_layout(&t.name);
                (own.map_or(basic, |l| l[0] as usize), item)
            }
            _ => (basic, item),
        }
    }

    /// `PyType_GenericAlloc(ty, nitems)` for a class over a builtin, with `payload` as the
    /// builtin's fields: the block holds the class's basic size and `nitems + 1` items
    /// (rounded to 8), the GC header and, for a managed dict, its pre-header. The object starts
    /// tracked, holds a reference to its class, and gets inline values like a plain instance.
    pub(crate) fn alloc_subtype(&mut self, ty: ObjId, payload: Payload, nitems: usize) -> ObjId {
        let (basic, item) = self.type_basicsize(ty);
        let (managed, nslots) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.managed_dict, self.total_slots(ty)),
            _ => (false, 0),
        };
        let var = if item > 0 {
            (basic + (nitems + 1) * item).div_ceil(8) * 8
        } else {
            basic
        };
        self.alloc_class_instance(ty, payload, var, managed, nslots)
    }

    /// Allocate an instance of a native type, or of a class over one (`class Stack(deque)`).
    /// `layout` is the native object's own (`tp_basicsize` and its GC header); a class adds
    /// what `PyType_GenericAlloc` gives a subtype: its slots, a weak reference list when the
    /// native type has none (`defaultdict`; a `deque` has its own), a managed dict's
    /// pre-header when the native type has no dict, and the reference to the class.
    pub(crate) fn alloc_native_instance(
        &mut self,
        ty: ObjId,
        payload: Payload,
        layout: Layout,
        own_weakrefs: bool,
        own_dict: bool,
    ) -> ObjId {
        if !self.is_heap_type(ty) {
            return self.alloc(ty, payload, layout);
        }
        let (managed, weakrefable, nslots) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.managed_dict, t.weakrefable, self.total_slots(ty)),
            _ => (false, false, 0),
        };
        let basic = layout.size - layout.preheader;
        let extra = 8 * nslots + if weakrefable && !own_weakrefs { 8 } else { 0 };
        let managed = managed && !own_dict;
        self.alloc_class_instance(ty, payload, basic + extra, managed, nslots)
    }

    /// `PyObject_GC_NewVar` of a struct sequence over tuple (`cls` a class): `size` bytes
    /// after the GC header, exactly (no spare item, unlike `PyType_GenericAlloc`), tracked.
    pub(crate) fn alloc_structseq(&mut self, cls: ObjId, payload: Payload, size: usize) -> ObjId {
        let nslots = self.total_slots(cls);
        self.alloc_class_instance(cls, payload, size, false, nslots)
    }

    /// The end of `PyType_GenericAlloc` for a class: a block of `size` bytes after the GC header
    /// (and a managed dict's pre-header when `managed`), tracked, holding a reference to its
    /// class, with room for `nslots` slots.
    fn alloc_class_instance(
        &mut self,
        ty: ObjId,
        payload: Payload,
        size: usize,
        managed: bool,
        nslots: usize,
    ) -> ObjId {
        let preheader = if managed { 32 } else { 16 };
        let layout = Layout {
            size: size + preheader,
            preheader,
            freelist: None,
            track: true,
        };
        let ext = Some(Instance::empty(nslots));
        // no inline values: only `object_new` gives an instance those
        // (`_PyObject_InitializeDict`); the builtins' own `tp_new`s (`PyType_GenericNew`,
        // `list`'s, `deque_new`...) leave the managed dict empty, and the first attribute
        // stored makes a dict with the class's shared keys (`_PyObjectDict_SetItem`)
        let id = self.alloc_object(ty, payload, layout, ext);
        // PyType_GenericAlloc: `_PyObject_GC_Link` (a collection may start) before
        // `_PyObject_Init`'s reference to the class
        self.incref(ty);
        id
    }

    /// The class's `tp_new` when no Python `__new__` is found: the builtin base's, making an
    /// instance of `ty`.
    pub(crate) fn builtin_tp_new(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        let bt = self.builtin_base(ty);
        match bt {
            BuiltinType::Object | BuiltinType::Exception => self.object_new(ty, args, kwargs),
            // `PyType_GenericNew` (list, bytearray), `dict_new`, `set_new`: empty; `tp_init`
            // fills them
            BuiltinType::List => {
                Ok(self.alloc_subtype(ty, Payload::List(Box::new(PyList::new(Vec::new(), 0))), 0))
            }
            BuiltinType::Dict => {
                Ok(self.alloc_subtype(ty, Payload::Dict(Box::new(PyDict::new())), 0))
            }
            BuiltinType::Set => Ok(self.alloc_subtype(ty, Payload::Set(Box::default()), 0)),
            BuiltinType::ByteArray => {
                Ok(self.alloc_subtype(ty, Payload::Bytes(Vec::new().into_boxed_slice()), 0))
            }
            // `frozenset_new` over a subtype: `make_new_set(type, iterable)`
            BuiltinType::FrozenSet => {
                crate::builtins::no_kwargs(self, "frozenset", kwargs)?;
                crate::builtins::check_count(self, "frozenset", args, 0, 1)?;
                let s = self.alloc_subtype(ty, Payload::FrozenSet(Box::default()), 0);
                if let Some(&v) = args.first() {
                    if let Err(e) = self.set_update(s, v) {
                        self.decref(s);
                        return Err(e);
                    }
                }
                Ok(s)
            }
            BuiltinType::Int
            | BuiltinType::Float
            | BuiltinType::Complex
            | BuiltinType::Str
            | BuiltinType::Bytes
            | BuiltinType::Tuple => {
                // the `*_subtype_new` functions: compute an exact value, copy it
                let exact = self.ty(bt);
                let tmp = crate::builtins::construct(self, bt, exact, args, kwargs)?;
                let obj = self.copy_into_subtype(ty, tmp);
                self.decref(tmp);
                Ok(obj)
            }
            BuiltinType::Type => self.type_new_call(ty, args, kwargs),
            // `PyType_GenericNew`: empty; `cm_init`, `sm_init`, `property_init` fill them
            BuiltinType::ClassMethod | BuiltinType::StaticMethod => {
                let none = self.new_none();
                let payload = if bt == BuiltinType::ClassMethod {
                    Payload::ClassMethod(none)
                } else {
                    Payload::StaticMethod(none)
                };
                Ok(self.alloc_subtype(ty, payload, 0))
            }
            BuiltinType::Property => {
                Ok(self.alloc_subtype(ty, Payload::Property(Box::new([None; 5])), 0))
            }
            // `weakref___new__` with the class as its type: never the shared basic ref
            BuiltinType::WeakRef => crate::modules::weakref::new_ref(self, ty, args, kwargs),
            BuiltinType::Native => {
                // the model's native constructors take what CPython's `tp_init` takes; a
                // class with an `__init__` of its own gets an empty object, its `__init__`
                // the arguments (`super().__init__(...)`: [`Vm::native_reinit`])
                let own_init = self
                    .find_init(ty)
                    .is_some_and(|i| !matches!(self.heap.payload(i), Payload::MethodDescr(_)));
                if own_init {
                    crate::modules::native::construct(self, ty, &[], &[])
                } else {
                    crate::modules::native::construct(self, ty, args, kwargs)
                }
            }
            _ => {
                let name = self.type_name_of_type(ty);
                Err(self.unsupported(&format!("instances of '{name}' (a subclass of a builtin)")))
            }
        }
    }

    /// A new instance of `ty` holding a copy of the exact builtin value `tmp`.
    fn copy_into_subtype(&mut self, ty: ObjId, tmp: ObjId) -> ObjId {
        let (payload, nitems, data) = match self.heap.payload(tmp) {
            Payload::Int(n) => {
                let n = *n;
                let digits = (64 - n.unsigned_abs().leading_zeros() as usize)
                    .div_ceil(30)
                    .max(1);
                (Payload::Int(n), digits, None)
            }
            Payload::Bool(b) => (Payload::Int(*b as i64), 1, None),
            Payload::BigInt(n) => {
                let digits = (n.bits() as usize).div_ceil(30).max(1);
                (Payload::BigInt(n.clone()), digits, None)
            }
            Payload::Float(f) => (Payload::Float(*f), 0, None),
            Payload::Complex(re, im) => (Payload::Complex(*re, *im), 0, None),
            Payload::Str(s) => {
                let kind = match s.max_char {
                    0..=0xff => 1,
                    0x100..=0xffff => 2,
                    _ => 4,
                };
                let bytes = (s.len + 1) * kind;
                (
                    Payload::Str(Box::new(PyStr::new(s.value.to_string()))),
                    0,
                    Some(bytes),
                )
            }
            Payload::Bytes(b) => (Payload::Bytes(b.clone()), b.len(), None),
            Payload::Tuple(items) => {
                let items = items.clone();
                for &i in items.iter() {
                    self.incref(i);
                }
                let n = items.len();
                (Payload::Tuple(items), n, None)
            }
            _ => (Payload::None, 0, None),
        };
        let obj = self.alloc_subtype(ty, payload, nitems);
        if let Some(bytes) = data {
            // `unicode_subtype_new`: the characters live in a block of their own
            let block = self.heap.malloc_block(bytes);
            if let Some(ext) = self.heap.get_mut(obj).ext_mut() {
                ext.set_data_block(block);
            }
        }
        obj
    }

    /// The class's `tp_init` when no Python `__init__` is found: the builtin base's.
    pub(crate) fn builtin_tp_init(
        &mut self,
        ty: ObjId,
        obj: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        match self.builtin_base(self.type_of(obj)) {
            BuiltinType::List if matches!(self.heap.payload(obj), Payload::List(_)) => {
                self.list_init(obj, args, kwargs)
            }
            BuiltinType::Dict if matches!(self.heap.payload(obj), Payload::Dict(_)) => {
                self.dict_init(obj, args, kwargs)
            }
            BuiltinType::Set if matches!(self.heap.payload(obj), Payload::Set(_)) => {
                self.set_init(obj, args, kwargs)
            }
            BuiltinType::ByteArray if matches!(self.heap.payload(obj), Payload::Bytes(_)) => {
                self.bytearray_init(obj, args, kwargs)
            }
            BuiltinType::Exception => self.run_builtin_init(ty, obj, args, kwargs),
            BuiltinType::Type => self.type_init(args, kwargs),
            BuiltinType::Native => self.native_reinit(obj, args, kwargs),
            // `weakref___init__`: the same arguments as `__new__`, nothing more to do
            BuiltinType::WeakRef => {
                if !kwargs.is_empty() {
                    return Err(self.type_error("ref() takes no keyword arguments"));
                }
                crate::builtins::check_count(self, "__init__", args, 1, 2)
            }
            bt @ (BuiltinType::ClassMethod | BuiltinType::StaticMethod | BuiltinType::Property) => {
                // `cm_init`, `sm_init`, `property_init`: the exact type's constructor checks
                // the arguments and makes the fields, which `obj` takes
                let exact = self.ty(bt);
                let tmp = crate::builtins::construct(self, bt, exact, args, kwargs)?;
                let payload = std::mem::replace(&mut self.heap.get_mut(tmp).payload, Payload::None);
                let old = std::mem::replace(&mut self.heap.get_mut(obj).payload, payload);
                self.heap.get_mut(tmp).payload = old;
                self.decref(tmp);
                Ok(())
            }
            _ => self.object_init_check(ty, args, kwargs),
        }
    }

    /// The `tp_init` step of a type call: a native type's constructor has taken the
    /// arguments already.
    pub(crate) fn type_call_builtin_init(
        &mut self,
        ty: ObjId,
        obj: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if self.builtin_base(self.type_of(obj)) == BuiltinType::Native {
            return Ok(());
        }
        self.builtin_tp_init(ty, obj, args, kwargs)
    }

    /// `super().__init__(args)` in a class over a native type (`deque_init`,
    /// `defdict_init`): the native type builds an object from the arguments, and `obj` takes
    /// its contents (the old ones are released with the temporary).
    fn native_reinit(
        &mut self,
        obj: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if args.is_empty() && kwargs.is_empty() {
            return Ok(());
        }
        let ty = self.type_of(obj);
        let native = self.mro_of(ty).into_iter().find(|&t| {
            matches!(self.heap.payload(t), Payload::Type(tt) if tt.builtin == Some(BuiltinType::Native))
        });
        let Some(native) = native else {
            return self.object_init_check(ty, args, kwargs);
        };
        let tmp = crate::modules::native::construct(self, native, args, kwargs)?;
        let t = self.heap.get_mut(tmp);
        let payload = std::mem::replace(&mut t.payload, Payload::None);
        let ext = t.replace_native_ext(None);
        let o = self.heap.get_mut(obj);
        let old_payload = std::mem::replace(&mut o.payload, payload);
        let old_ext = o.replace_native_ext(ext);
        let t = self.heap.get_mut(tmp);
        t.payload = old_payload;
        t.replace_native_ext(old_ext);
        self.decref(tmp);
        Ok(())
    }

    /// `object_init`: extra arguments are an error when the class overrides neither
    /// `__init__` nor... precisely: when `__init__` is overridden (`object.__init__() takes
    /// exactly one argument`), or `__new__` is not (`C() takes no arguments`).
    pub(crate) fn object_init_check(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if args.is_empty() && kwargs.is_empty() {
            return Ok(());
        }
        let init_overridden = self
            .type_lookup_str(ty, "__init__")
            .is_some_and(|i| !self.is_object_slot(i, "__init__"));
        if init_overridden {
            return Err(self.type_error(
                "object.__init__() takes exactly one argument (the instance to initialize)",
            ));
        }
        let new_is_object = self
            .type_lookup_str(ty, "__new__")
            .is_none_or(|n| self.is_object_slot(n, "__new__"));
        if new_is_object {
            let msg = format!("{}() takes no arguments", self.type_name_of_type(ty));
            return Err(self.type_error(&msg));
        }
        Ok(())
    }

    /// Is `descr` `object`'s own method `name` (what the type inherits when nothing overrides
    /// it)?
    pub(crate) fn is_object_slot(&self, descr: ObjId, name: &str) -> bool {
        let object_t = self.ty(BuiltinType::Object);
        matches!(self.heap.payload(descr),
            Payload::MethodDescr(d) if d.owner == object_t && d.func.0.name == name)
    }

    /// `list___init__`: `list(iterable)` on an existing list empties it first.
    pub(crate) fn list_init(
        &mut self,
        l: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        crate::builtins::no_kwargs(self, "list", kwargs)?;
        crate::builtins::check_count(self, "list", args, 0, 1)?;
        if self.len_of_builtin(l).unwrap_or(0) > 0 {
            self.list_clear(l)?;
        }
        if let Some(&v) = args.first() {
            if let Some(n) = self.len_of_builtin(v) {
                if n > 0 {
                    self.check_memory(n as u128 * 8)?;
                    self.list_resize_exact(l, (n + 1) & !1);
                }
            }
            self.list_extend(l, v)?;
        }
        Ok(())
    }

    /// `dict_init`: `dict_update_common(self, args, kwds, "dict")`.
    pub(crate) fn dict_init(
        &mut self,
        d: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        crate::builtins::check_count(self, "dict", args, 0, 1)?;
        if let Some(&v) = args.first() {
            crate::builtins::methods::dict_update_impl(self, d, v)?;
        }
        for &(k, v) in kwargs {
            self.dict_setitem(d, k, v)?;
        }
        Ok(())
    }

    /// `set_init`: empties the set, then adds the iterable's items.
    pub(crate) fn set_init(
        &mut self,
        s: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        crate::builtins::no_kwargs(self, "set", kwargs)?;
        crate::builtins::check_count(self, "set", args, 0, 1)?;
        let old = match self.heap.payload_mut(s) {
            Payload::Set(set) if !set.is_empty() => set.take_all(),
            _ => Vec::new(),
        };
        for k in old {
            self.decref(k);
        }
        if let Some(&v) = args.first() {
            self.set_update(s, v)?;
        }
        Ok(())
    }

    /// `sys.getsizeof` of an instance of a class over a builtin: the builtin's `__sizeof__`
    /// (most count `tp_basicsize`, which the class grew) plus the pre-header.
    pub(crate) fn subtype_sizeof(&self, v: ObjId) -> usize {
        let ty = self.type_of(v);
        let (basic, item) = self.type_basicsize(ty);
        let preheader = self.heap.get(v).preheader as usize;
        let own = match self.heap.payload(v) {
            // `int___sizeof__` counts `offsetof(ob_digit)`, not the class's size
            Payload::Int(_) | Payload::BigInt(_) => self.sizeof_exact(v),
            Payload::Str(s) => {
                let kind = match s.max_char {
                    0..=0xff => 1,
                    0x100..=0xffff => 2,
                    _ => 4,
                };
                80 + (s.len + 1) * kind
            }
            Payload::Bytes(_) if self.builtin_base(ty) == BuiltinType::ByteArray => {
                basic + self.bytearray_alloc(v)
            }
            Payload::Bytes(b) => basic + b.len() * item,
            Payload::Tuple(t) => basic + t.len() * item,
            Payload::List(l) => basic + 8 * l.allocated,
            Payload::Dict(d) if self.is_odict_type(ty) => {
                // odict_sizeof: `_PyDict_SizeOf` (the class's basic size and the keys), the
                // fast-nodes table (`od_fast_nodes_size` pointers: `_odict_resize` sizes it
                // to the keys' `dk_size` at the node lookup every insert makes, and a new or
                // cleared OrderedDict, whose keys are the shared empty keys, has none), and
                // one `_ODictNode` (key, hash, next, prev) per item
                let keys = d.getsizeof() - 16 - 48;
                basic + keys + 8 * d.table_size() + 32 * d.len()
            }
            Payload::Dict(d) => d.getsizeof() - 16 - 48 + basic,
            Payload::Set(s) | Payload::FrozenSet(s) => s.getsizeof() - 16 - 200 + basic,
            _ => basic,
        };
        own + preheader
    }

    /// Is `ty` `collections.OrderedDict` or a class over it ([`crate::object::TypeObj::odict`])?
    pub(crate) fn is_odict_type(&self, ty: ObjId) -> bool {
        let mut cur = Some(ty);
        while let Some(t) = cur {
            cur = match self.heap.payload(t) {
                Payload::Type(tt) if tt.builtin.is_none() => {
                    if tt.odict {
                        return true;
                    }
                    tt.base.filter(|&b| b != t)
                }
                _ => None,
            };
        }
        false
    }

    /// What the object's exact builtin type's `sys.getsizeof` would say, less any GC header.
    fn sizeof_exact(&self, v: ObjId) -> usize {
        match self.heap.payload(v) {
            Payload::Int(n) => {
                crate::vm::objects::int_block_size(64 - n.unsigned_abs().leading_zeros() as u64)
            }
            Payload::BigInt(n) => crate::object::int::int_sizeof(n),
            _ => 0,
        }
    }

    /// Free what [`Vm::alloc_subtype`] and the class added: a str subclass's character block
    /// and the inline values block go back with the object.
    pub(crate) fn ext_blocks(ext: &Instance) -> Vec<Block> {
        let mut out = Vec::new();
        out.extend(ext.values_block());
        out.extend(ext.data_block());
        out
    }

    /// Raise if a class cannot derive from `base` (`type 'bool' is not an acceptable base
    /// type`), or the model does not build instances of such classes.
    pub(crate) fn check_acceptable_base(&mut self, base: ObjId) -> PyResult<()> {
        let (bt, name) = match self.heap.payload(base) {
            Payload::Type(t) => (t.builtin, t.name.clone()),
            _ => return Ok(()),
        };
        let Some(bt) = bt else {
            return Ok(());
        };
        if self.is_exception_type(base) {
            return Ok(());
        }
        match base_support(bt) {
            Ok(()) => Ok(()),
            Err(true) => {
                let msg = format!("type '{name}' is not an acceptable base type");
                Err(self.type_error(&msg))
            }
            Err(false) => Err(self.unsupported(&format!("subclassing the builtin type '{name}'"))),
        }
    }

    /// `best_base`: the base whose instance layout is the most derived (the class extends it);
    /// bases whose layouts are unrelated conflict.
    pub(crate) fn best_base(&mut self, bases: &[ObjId]) -> PyResult<ObjId> {
        let mut winner: Option<(ObjId, BuiltinType)> = None;
        for &b in bases {
            let solid = self.builtin_base(b);
            match winner {
                None => winner = Some((b, solid)),
                Some((_, w)) if w == solid || builtin_extends(w, solid) => {}
                Some(_) if builtin_extends(solid, winner.expect("winner").1) => {
                    winner = Some((b, solid))
                }
                Some(_) => {
                    return Err(self.type_error("multiple bases have instance lay-out conflict"))
                }
            }
        }
        match winner {
            Some((b, _)) => Ok(b),
            None => Ok(self.ty(BuiltinType::Object)),
        }
    }
}

/// Does builtin `a`'s layout extend builtin `b`'s (`object` is under everything)?
fn builtin_extends(a: BuiltinType, b: BuiltinType) -> bool {
    a == b || b == BuiltinType::Object || (a == BuiltinType::Bool && b == BuiltinType::Int)
}
