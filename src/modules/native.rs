//! Types written in Rust for the standard library's C-accelerated parts (`_collections.deque`,
//! `itertools.chain`, `functools.partial`, `operator.itemgetter`, `array.array`, `io.StringIO`...).
//!
//! CPython defines these in C extension modules: a `PyTypeObject` with slots (`tp_iternext`,
//! `tp_call`, `tp_traverse`...) and a method table. refscope keeps the same split:
//!
//! - the **data** of an instance is a Rust struct implementing [`NativeData`], stored in the
//!   heap as `Payload::Native`. The trait answers what the heap needs without the VM:
//!   `tp_traverse` ([`NativeData::traverse`], in CPython's visiting order), what deallocation
//!   releases and in which order ([`NativeData::take_refs`]), `tp_clear`, `__sizeof__`;
//! - the **type** is a type object whose `tp_dict` holds method descriptors for the methods
//!   and the slot wrappers (`__iter__`, `__len__`, `__repr__`, `__new__`...), so the VM reaches
//!   them the way Python code does (`type(x).__len__`), with `__module__` naming the module
//!   (`<class 'collections.deque'>`). Its `builtin` kind is [`BuiltinType::Native`];
//! - the two hot slots, `tp_iternext` and `tp_call`, are also function pointers on the data
//!   ([`NativeData::slots`]), so `for x in chain(...)` and `sorted(key=itemgetter(1))` call
//!   them directly, without a bound method or a `StopIteration` per item, as CPython does.
//!
//! A worked example: `it = itertools.count(10)`. `count` is a type made by [`make_type`] from a
//! [`TypeSpec`]; calling it finds `__new__` in its dict and runs the Rust constructor, which
//! allocates a 48-byte GC object (`sizeof(countobject)` plus the GC header) whose payload is
//! the `Count` struct. `next(it)` goes through `slots().next`; `repr(it)` through the
//! `__repr__` descriptor; `gc.get_referents(it)` through `traverse`.

use std::any::Any;

use crate::builtins::{BuiltinDef, BuiltinFunc, Kind};
use crate::heap::Block;
use crate::object::{BuiltinType, MethodDescr, ObjId, Payload, PyDict, Slot, TypeObj};
use crate::vm::objects::Layout;
use crate::vm::{PyResult, Vm};

/// `tp_iternext`: Some(item) (owned), None when exhausted (no StopIteration is made).
pub type IterNextFn = fn(&mut Vm, ObjId) -> PyResult<Option<ObjId>>;
/// `tp_call`: the callable (borrowed), positional and keyword arguments (borrowed).
pub type CallFn = fn(&mut Vm, ObjId, &[ObjId], &[(ObjId, ObjId)]) -> PyResult<ObjId>;

/// The slots the VM calls without a lookup.
#[derive(Default, Clone, Copy)]
pub struct Slots {
    pub next: Option<IterNextFn>,
    pub call: Option<CallFn>,
    /// `tp_descr_get` that binds like a function (`lru_cache` wrappers become methods).
    pub binds_as_method: bool,
}

/// A deep copy of a native object's data (a run's whole state is copied to show a stop
/// inside a native call; see `vm::session::Frozen`). Every `NativeData` that is `Clone` has
/// it.
pub trait NativeClone {
    fn clone_native(&self) -> Box<dyn NativeData>;
}

impl<T: NativeData + Clone> NativeClone for T {
    fn clone_native(&self) -> Box<dyn NativeData> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn NativeData> {
    fn clone(&self) -> Self {
        self.clone_native()
    }
}

/// The data of a native object (the C struct after `PyObject_HEAD`).
pub trait NativeData: Any + NativeClone {
    /// Every reference the object owns, in `tp_traverse`'s order; the flag says whether
    /// `tp_traverse` visits it (what `gc.get_referents` lists).
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool));
    /// Deallocation: the owned references in the order `tp_dealloc` releases them, and the
    /// memory blocks the object owns besides its own.
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>);
    /// `tp_clear`: the references a collection drops to break a cycle (default: all of them;
    /// memory blocks stay until deallocation).
    fn clear(&mut self) -> Vec<ObjId> {
        let (refs, blocks) = self.take_refs();
        self.keep_blocks(blocks);
        refs
    }
    /// Give back blocks `take_refs` handed out when only clearing (default: forget them).
    fn keep_blocks(&mut self, _blocks: Vec<Block>) {}
    /// `__sizeof__` (without the GC header).
    fn sizeof(&self) -> usize;
    /// `__sizeof__` when it depends on other objects (`BytesIO` leaves out a buffer someone
    /// else holds too).
    fn sizeof_vm(&self, _vm: &Vm) -> usize {
        self.sizeof()
    }
    /// Has a `PyGC_Head` (`Py_TPFLAGS_HAVE_GC`).
    fn is_gc(&self) -> bool {
        true
    }
    /// The weak reference list, for types with `tp_weaklistoffset`.
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        None
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        None
    }
    fn slots(&self) -> Slots {
        Slots::default()
    }
    /// The type is a heap type in 3.11 (`PyType_FromSpec`: `functools.partial`,
    /// `operator.itemgetter`, `array.array`...): its instances hold a reference to it, and
    /// `tp_traverse` visits it.
    fn owns_type(&self) -> bool {
        false
    }
    /// `tp_traverse` visits the type after the object's own fields (`simplequeue_traverse`),
    /// not first.
    fn visits_type_last(&self) -> bool {
        false
    }
    /// As a native subclass's fields (`Object::native_ext`), [`NativeData::traverse`] is all
    /// of the object's `tp_traverse` after the class's part: the builtin payload's own
    /// traversal is skipped (a struct sequence visits every field, in order, where a
    /// tuple visits its items last to first).
    fn replaces_traverse(&self) -> bool {
        false
    }
    /// Instances carry a `__dict__` (`tp_dictoffset`).
    fn has_dict(&self) -> bool {
        false
    }
    /// The instance dict, once made.
    fn dict(&self) -> Option<ObjId> {
        None
    }
    /// Install a new (empty) instance dict, taking the reference.
    fn set_dict(&mut self, _dict: ObjId) {}
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Implements `as_any`/`as_any_mut` for a [`NativeData`] type.
#[macro_export]
macro_rules! native_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
    };
}

/// A native type: its name as `tp_name` spells it, its methods and slot wrappers.
pub struct TypeSpec {
    /// `__name__` (and `__qualname__`).
    pub name: &'static str,
    /// `__module__`.
    pub module: &'static str,
    /// Methods, slot wrappers (`__iter__`, `__next__`, `__repr__`, `__len__`...) and the
    /// constructor under `__new__` (kind [`Kind::TypeSlot`]).
    pub methods: &'static [BuiltinDef],
    /// `__hash__ = None` (mutable containers).
    pub unhashable: bool,
    /// Instances keep a weak reference list (`tp_weaklistoffset`): a class over the type adds
    /// no `__weakref__` of its own.
    pub weakrefs: bool,
    /// The base type (besides `object`), by registry name (`"dict"` is the builtin dict).
    pub base: Option<BuiltinType>,
    /// `__doc__`.
    pub doc: Option<&'static str>,
    /// CPython 3.11 makes the type with `PyType_FromModuleAndSpec` (a heap type, see
    /// [`TypeObj::native_heap`]); its instances then hold a reference to it
    /// ([`NativeData::owns_type`]).
    pub heap: bool,
}

/// `tp_new` wrapper definitions: `new("__new__", f)`.
pub const fn new(call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name: "__new__",
        call,
        kind: Kind::TypeSlot,
        // tp_new_wrapper is METH_VARARGS | METH_KEYWORDS
        varargs: true,
    }
}

/// Make a native type (a start-up object of the module being built) and register it under
/// `module.name`.
pub fn make_type(vm: &mut Vm, spec: &'static TypeSpec) -> ObjId {
    let type_t = vm.ty(BuiltinType::Type);
    let object_t = vm.ty(BuiltinType::Object);
    let base = spec.base.map(|b| vm.ty(b)).unwrap_or(object_t);
    let dict = vm.new_dict_from(PyDict::new(), false);
    // `tp_name` carries the module (`'collections.deque' object is not subscriptable`);
    // `__name__` is the part after the last dot
    let mut t = TypeObj {
        ht_name: None,
        ht_qualname: None,
        name: format!("{}.{}", spec.module, spec.name),
        qualname: spec.name.to_string(),
        base: Some(base),
        bases: None,
        mro: None,
        static_mro: Vec::new(),
        dict: Some(dict),
        builtin: Some(BuiltinType::Native),
        managed_dict: false,
        weakrefable: spec.weakrefs,
        slots: Vec::new(),
        shared_keys: Vec::new(),
        shared_keys_usable: 0,
        version_tag: 0,
        is_exception: false,
        weakrefs: Vec::new(),
        subclasses: None,
        abstract_: false,
        native_heap: spec.heap,
        nb_sticky: 0,
        c_static: false,
        c_struct: false,
        odict: false,
        dict_ptr: false,
        basicsize: 0,
    };
    t.static_mro = {
        let mut m = vm.mro_of(base);
        m.insert(0, ObjId::from_index(1)); // placeholder, replaced below
        m
    };
    // like the builtin types, a native type's own `ob_type` reference is not counted
    let ty = vm.alloc(type_t, Payload::Type(Box::new(t)), Layout::gc(400));
    if let Payload::Type(t) = vm.heap.payload_mut(ty) {
        t.static_mro[0] = ty;
    }
    // the type's own reference from its instances is not counted (a static type)
    let descr_t = vm.ty(BuiltinType::MethodDescriptor);
    for def in spec.methods {
        vm.incref(ty);
        let d = vm.alloc(
            descr_t,
            Payload::MethodDescr(Box::new(MethodDescr {
                func: crate::builtins::Builtin(def),
                owner: ty,
            })),
            Layout::gc(64),
        );
        set_item_str(vm, dict, def.name, d);
        vm.decref(d);
    }
    let m = vm.new_str(spec.module);
    set_item_str(vm, dict, "__module__", m);
    vm.decref(m);
    // type_dict_set_doc: a `__doc__` member of the type's own (`_tuplegetter`) stays
    let k = vm.new_interned("__doc__");
    let has_doc = vm.dict_getitem_str(dict, k).is_some();
    vm.decref(k);
    if !has_doc {
        let doc = match spec.doc {
            Some(d) => vm.new_str(d),
            None => vm.new_none(),
        };
        set_item_str(vm, dict, "__doc__", doc);
        vm.decref(doc);
    }
    if spec.unhashable {
        let none = vm.none();
        set_item_str(vm, dict, "__hash__", none);
    }
    vm.type_modified();
    let key = format!("{}.{}", spec.module, spec.name);
    vm.native_types.insert(key, ty);
    ty
}

fn set_item_str(vm: &mut Vm, dict: ObjId, name: &str, value: ObjId) {
    let k = vm.new_interned(name);
    if let Err(e) = vm.dict_setitem(dict, k, value) {
        vm.decref(e.0);
    }
    vm.decref(k);
}

impl Vm {
    /// The native type registered as `module.name` (borrowed).
    pub fn native_type(&self, qualified: &str) -> ObjId {
        match self.native_types.get(qualified) {
            Some(&t) => t,
            None => self.ty(BuiltinType::Object),
        }
    }

    /// Allocate a native object of type `ty`: `basic` is `tp_basicsize` (the GC header is
    /// added for GC types).
    pub fn new_native(&mut self, ty: ObjId, data: Box<dyn NativeData>, basic: usize) -> ObjId {
        let layout = if data.is_gc() {
            Layout::gc(basic)
        } else {
            Layout::plain(basic)
        };
        if self.is_heap_type(ty) {
            // an instance of a class over the native type: the class's part is added
            let (weakrefs, dict) = (data.weakrefs().is_some(), data.has_dict());
            return self.alloc_native_instance(ty, Payload::Native(data), layout, weakrefs, dict);
        }
        if data.owns_type() {
            self.incref(ty);
        }
        self.alloc(ty, Payload::Native(data), layout)
    }

    /// The native data of `id` as `T`, if it is one.
    pub fn native_ref<T: NativeData>(&self, id: ObjId) -> Option<&T> {
        match self.heap.payload(id) {
            Payload::Native(n) => n.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }

    pub fn native_mut<T: NativeData>(&mut self, id: ObjId) -> Option<&mut T> {
        match self.heap.payload_mut(id) {
            Payload::Native(n) => n.as_any_mut().downcast_mut::<T>(),
            _ => None,
        }
    }

    /// The slots of a native object.
    pub fn native_slots(&self, id: ObjId) -> Slots {
        match self.heap.payload(id) {
            Payload::Native(n) => n.slots(),
            _ => Slots::default(),
        }
    }
}

/// `tp_iternext` of a native object (`Vm::next` calls it).
pub fn next(vm: &mut Vm, it: ObjId) -> PyResult<Option<ObjId>> {
    match vm.native_slots(it).next {
        Some(f) => f(vm, it),
        None => {
            let msg = format!("'{}' object is not an iterator", vm.type_name(it));
            Err(vm.type_error(&msg))
        }
    }
}

/// Calling a native object: its `tp_call`, or a `__call__` found on its type.
pub fn call(
    vm: &mut Vm,
    callable: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if let Some(f) = vm.native_slots(callable).call {
        return f(vm, callable, args, kwargs);
    }
    let msg = format!("'{}' object is not callable", vm.type_name(callable));
    Err(vm.type_error(&msg))
}

/// Calling a native type: its `__new__` (found on the MRO) builds the object.
pub fn construct(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let new = vm.type_lookup_str(ty, "__new__");
    let func = new.and_then(|n| match vm.payload(n) {
        Payload::MethodDescr(d) => Some(d.func),
        _ => None,
    });
    match func {
        Some(f) => {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(ty);
            full.extend_from_slice(args);
            (f.0.call)(vm, &full, kwargs)
        }
        None => {
            let msg = format!("cannot create '{}' instances", vm.class_path(ty));
            Err(vm.type_error(&msg))
        }
    }
}

/// `hash()` of a native object: `__hash__ = None` types are unhashable, a `__hash__` method
/// is called, anything else hashes by address.
pub fn hash(vm: &mut Vm, v: ObjId) -> PyResult<i64> {
    let ty = vm.type_of(v);
    match vm.type_lookup_str(ty, "__hash__") {
        Some(h) if h == vm.none() => {
            let msg = format!("unhashable type: '{}'", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
        Some(h) if matches!(vm.payload(h), Payload::MethodDescr(_)) => {
            let r = vm.call_object(h, &[v], &[])?;
            let n = vm.as_i64(r);
            vm.decref(r);
            Ok(n.unwrap_or(0))
        }
        _ => Ok(crate::object::hash::hash_pointer(vm.heap.get(v).addr)),
    }
}

// ---- helpers for native data ----

/// `tp_traverse` over the object's optional fields, in order, each under its C name:
/// `visit_fields(visit, &[("cmp", self.cmp), ("obj", self.object)])`.
pub fn visit_fields(
    visit: &mut dyn FnMut(Slot, ObjId, bool),
    fields: &[(&'static str, Option<ObjId>)],
) {
    for &(name, field) in fields {
        if let Some(x) = field {
            visit(Slot::Field(name), x, true);
        }
    }
}

/// [`NativeData::take_refs`] of an object whose references are optional fields, released in
/// the order given, and which owns no memory blocks besides its own.
pub fn take_fields<const N: usize>(fields: [&mut Option<ObjId>; N]) -> (Vec<ObjId>, Vec<Block>) {
    (
        fields.into_iter().filter_map(Option::take).collect(),
        Vec::new(),
    )
}

// ---- helpers for native methods ----

/// The native data of `self_` for a method of `T`, or `descriptor 'm' for 'T' objects doesn't
/// apply to a 'X' object`.
pub fn self_check<T: NativeData>(
    vm: &mut Vm,
    method: &str,
    owner: &str,
    args: &[ObjId],
) -> PyResult<ObjId> {
    match args.first() {
        Some(&s) if vm.native_ref::<T>(s).is_some() => {
            check_slot_args(vm, method, args.len() - 1)?;
            Ok(s)
        }
        Some(&s) => Err(crate::builtins::descr_error(vm, method, owner, s)),
        None => {
            let msg = format!("descriptor '{method}' of '{owner}' object needs an argument");
            Err(vm.type_error(&msg))
        }
    }
}

/// How many arguments the slot wrapper `name` takes besides `self`, and whether it unpacks
/// them with `PyArg_UnpackTuple` (whose message starts with the empty function name: a
/// space) rather than `check_num_args`. None: not a fixed-arity slot wrapper.
fn slot_arity(name: &str) -> Option<(usize, bool)> {
    Some(match name {
        "__len__" | "__iter__" | "__next__" | "__repr__" | "__str__" | "__hash__" | "__bool__"
        | "__neg__" | "__pos__" | "__abs__" | "__invert__" | "__int__" | "__float__"
        | "__index__" => (0, false),
        "__add__" | "__radd__" | "__sub__" | "__rsub__" | "__and__" | "__rand__" | "__or__"
        | "__ror__" | "__xor__" | "__rxor__" | "__iadd__" | "__isub__" | "__iand__" | "__ior__"
        | "__ixor__" | "__eq__" | "__ne__" | "__lt__" | "__le__" | "__gt__" | "__ge__"
        | "__getitem__" | "__contains__" | "__delitem__" | "__delete__" => (1, false),
        // sq_repeat / sq_inplace_repeat (wrap_indexargfunc) and mp/sq_ass_subscript
        "__mul__" | "__rmul__" | "__imul__" => (1, true),
        "__setitem__" | "__set__" => (2, true),
        _ => return None,
    })
}

/// `check_num_args` / `PyArg_UnpackTuple` of a slot wrapper: `expected 1 argument, got 0`.
pub fn check_slot_args(vm: &mut Vm, name: &str, given: usize) -> PyResult<()> {
    match slot_arity(name) {
        Some((n, unpack)) if n != given => {
            let msg = format!(
                "{}expected {n} argument{}, got {given}",
                if unpack { " " } else { "" },
                if n == 1 { "" } else { "s" }
            );
            Err(vm.type_error(&msg))
        }
        _ => Ok(()),
    }
}

/// `<module.Name object at 0x...>`, the default repr of a native object.
pub fn default_repr(vm: &mut Vm, v: ObjId) -> String {
    let ty = vm.type_of(v);
    format!(
        "<{} object at 0x{:x}>",
        vm.class_path(ty),
        vm.heap.get(v).addr
    )
}

/// `__iter__` of an iterator type: itself.
pub fn iter_self(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "__iter__", kwargs)?;
    check_slot_args(vm, "__iter__", args.len().saturating_sub(1))?;
    match args.first() {
        Some(&s) => Ok(vm.new_ref(s)),
        None => Err(vm.type_error("descriptor '__iter__' needs an argument")),
    }
}

/// `__next__` of an iterator type, by name: `tp_iternext` with StopIteration at the end.
pub fn next_method(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "__next__", kwargs)?;
    check_slot_args(vm, "__next__", args.len().saturating_sub(1))?;
    let Some(&it) = args.first() else {
        return Err(vm.type_error("descriptor '__next__' needs an argument"));
    };
    match next(vm, it)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exception_empty(crate::vm::ExcKind::StopIteration)),
    }
}

/// `__call__` by name: `tp_call`.
pub fn call_method(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some((&f, rest)) = args.split_first() else {
        return Err(vm.type_error("descriptor '__call__' needs an argument"));
    };
    call(vm, f, rest, kwargs)
}

/// The result tuple of `product`/`combinations`/`permutations`/`zip_longest`: reused in place
/// when the iterator holds the only reference (`Py_REFCNT(result) == 1`), else copied; a
/// reused tuple the collector untracked is tracked again (bpo-42536). Returns the tuple to
/// fill (owned by the iterator).
pub fn reuse_result_tuple(vm: &mut Vm, result: ObjId) -> ObjId {
    if vm.refcnt(result) > 1 {
        let items = vm.tuple_items(result);
        for &i in &items {
            vm.incref(i);
        }
        let fresh = vm.new_tuple(items);
        vm.decref(result);
        fresh
    } else {
        vm.gc_track(result);
        result
    }
}

/// Replace item `i` of a tuple the caller owns alone (`PyTuple_SET_ITEM` + `Py_DECREF(old)`).
/// `item` is a reference given up.
pub fn tuple_set_item(vm: &mut Vm, t: ObjId, i: usize, item: ObjId) {
    let old = match vm.heap.payload_mut(t) {
        Payload::Tuple(items) if i < items.len() => Some(std::mem::replace(&mut items[i], item)),
        _ => None,
    };
    match old {
        Some(o) => vm.decref(o),
        None => vm.decref(item),
    }
}

/// `PySequence_Tuple`: an exact tuple itself, else a new tuple of the items.
pub fn sequence_tuple(vm: &mut Vm, v: ObjId) -> PyResult<ObjId> {
    if vm.builtin_type_of(v) == Some(BuiltinType::Tuple) {
        return Ok(vm.new_ref(v));
    }
    let items = vm.collect_iterable(v)?;
    Ok(vm.new_tuple(items))
}

impl Vm {
    /// The `__dict__` of a native object that has one (made on first use), borrowed.
    pub fn native_dict(&mut self, obj: ObjId) -> ObjId {
        if let Payload::Native(n) = self.heap.payload(obj) {
            if let Some(d) = n.dict() {
                return d;
            }
        }
        let d = self.new_dict();
        match self.heap.payload_mut(obj) {
            Payload::Native(n) => n.set_dict(d),
            _ => self.decref(d),
        }
        d
    }
}

/// `__dict__` of a native type with an instance dict (a getter: made on first use).
pub fn dict_getter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = vm.native_dict(args[0]);
    Ok(vm.new_ref(d))
}

/// `_PyType_Name(Py_TYPE(v))`: the type's name without its module (`count`, `deque`).
pub fn short_type_name(vm: &Vm, v: ObjId) -> String {
    let n = vm.type_name(v);
    n.rsplit('.').next().unwrap_or(&n).to_string()
}
