//! Objects as the heap stores them: the `PyObject` header (refcount, type, address, GC links)
//! and one payload per CPython object kind.
//!
//! Every reference an object owns is an [`ObjId`]; `heap::traverse` visits each of them exactly
//! once, in the order CPython's `tp_traverse` for that type visits them.

pub mod codecs;
pub mod dict;
pub mod float;
pub mod format;
pub mod hash;
pub mod instvalues;
pub mod int;
pub mod listitems;
pub mod set;
pub mod str;
pub mod strbuf;
pub mod unicode;

use std::num::NonZeroU32;
use std::rc::Rc;

use num_bigint::BigInt;

pub use dict::PyDict;
pub use instvalues::InstValues;
pub use listitems::ListItems;
pub use set::PySet;
pub use str::PyStr;

use crate::code::Code;

/// A reference to an object in the heap arena. Copying an `ObjId` does not count as a reference:
/// whoever stores one where CPython would hold a `PyObject *` increfs it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjId(NonZeroU32);

impl ObjId {
    pub fn from_index(index: usize) -> ObjId {
        ObjId(NonZeroU32::new(index as u32).expect("object index 0 is reserved"))
    }
    pub fn index(self) -> usize {
        self.0.get() as usize
    }
}

impl std::fmt::Debug for ObjId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The generation an object's GC header links it into (`PyGC_Head`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GcState {
    /// Not a GC object, or a GC object that is untracked (`_PyObject_GC_UNTRACK`).
    Untracked,
    /// Linked into generation 0, 1 or 2.
    Gen(u8),
    /// Objects made before the snippet started (types, builtins, modules): tracked, but in
    /// a permanent generation that collections never examine, as after `gc.freeze()`.
    Permanent,
    /// Examined by the running collection (off every list while it is).
    Collecting,
    /// Found reachable by the running collection (CPython clears `PREV_MASK_COLLECTING`).
    Visited,
    /// Garbage waiting for `delete_garbage`, linked into the scratch list.
    Pending,
}

/// The object header: `ob_refcnt`, `ob_type`, the address `id()` returns, and the GC links.
#[derive(Clone)]
pub struct Object {
    pub refcnt: i64,
    pub ty: ObjId,
    pub addr: u64,
    pub gc: GcState,
    /// Doubly linked generation list (`_gc_prev`/`_gc_next`), allocation order.
    pub gc_prev: Option<ObjId>,
    pub gc_next: Option<ObjId>,
    /// `gc_refs` during a collection (CPython keeps it in `_gc_prev`).
    pub gc_refs: i64,
    /// PEP 442: `__del__` already called (`_PyGCHead_FINALIZED`).
    pub finalized: bool,
    /// Bytes of the allocation before the object's address (GC header, managed dict): set
    /// by `Heap::insert` (in the header's one spare byte).
    pub preheader: u8,
    pub payload: Payload,
    /// What a subclass adds to a builtin's instance ([`Exts`]): `None` for almost every
    /// object. One box for both kinds of extension keeps the header at 72 bytes.
    exts: Option<Box<Exts>>,
}

/// What subclasses add to an instance of a builtin type, laid out after the builtin's own
/// fields (`subtype_traverse`, `subtype_dealloc`).
#[derive(Clone, Default)]
pub struct Exts {
    /// What a class adds to an instance of a builtin type it subclasses (`class L(list)`):
    /// the instance dict or inline values, `__slots__` and the weak reference list. The
    /// payload stays the builtin's, so the builtin's C code (here: Rust) works on the instance
    /// as `PyList_Check` lets CPython's. Plain class instances keep theirs in
    /// [`Payload::Instance`].
    pub inst: Option<Instance>,
    /// The C fields a native subclass of a builtin adds after the builtin's own
    /// (`defaultdict.default_factory`, `OrderedDict`'s instance dict...): see
    /// `modules::native`. Traversed, cleared and released before the payload, as the
    /// subclass's `tp_traverse`/`tp_clear`/`tp_dealloc` do before calling the base's.
    pub native: Option<Box<dyn crate::modules::native::NativeData>>,
}

// Every live object costs one arena slot plus its metadata (`heap::Meta`): keep the header
// small. The payload is 24 bytes (a tuple's or bytes' boxed slice is a fat pointer), the
// header 72 on 64-bit targets (88 before issue 15's layout passes: `native_ext` was a fat
// pointer, then a box of its own beside the class extension's). Rare, wide data goes
// behind a box.
const _: () = assert!(std::mem::size_of::<Payload>() <= 24);
const _: () = assert!(std::mem::size_of::<Option<Object>>() <= 72);

impl Object {
    /// A new object with no subclass extension.
    pub fn new(refcnt: i64, ty: ObjId, addr: u64, payload: Payload) -> Object {
        Object {
            refcnt,
            ty,
            addr,
            gc: GcState::Untracked,
            gc_prev: None,
            gc_next: None,
            gc_refs: 0,
            finalized: false,
            preheader: 0,
            payload,
            exts: None,
        }
    }

    /// Nothing in the object owns memory of the process (no extension; a machine int or a
    /// float): dropping it would run no code, so a caller may forget it instead.
    #[inline]
    pub fn owns_nothing(&self) -> bool {
        self.exts.is_none() && matches!(self.payload, Payload::Int(_) | Payload::Float(_))
    }

    /// What a class adds to an instance of a builtin type it subclasses ([`Exts::inst`]).
    pub fn ext(&self) -> Option<&Instance> {
        self.exts.as_ref().and_then(|e| e.inst.as_ref())
    }

    pub fn ext_mut(&mut self) -> Option<&mut Instance> {
        self.exts.as_mut().and_then(|e| e.inst.as_mut())
    }

    pub fn set_ext(&mut self, inst: Option<Instance>) {
        match (&mut self.exts, inst) {
            (Some(e), inst) => e.inst = inst,
            (None, Some(inst)) => {
                self.exts = Some(Box::new(Exts {
                    inst: Some(inst),
                    native: None,
                }))
            }
            (None, None) => {}
        }
    }

    pub fn take_ext(&mut self) -> Option<Instance> {
        self.exts.as_mut().and_then(|e| e.inst.take())
    }

    /// A native subclass's own C fields ([`Exts::native`]).
    pub fn native_ext(&self) -> Option<&dyn crate::modules::native::NativeData> {
        self.exts.as_ref().and_then(|e| e.native.as_deref())
    }

    pub fn native_ext_mut(&mut self) -> Option<&mut dyn crate::modules::native::NativeData> {
        match &mut self.exts {
            Some(e) => match &mut e.native {
                Some(n) => Some(&mut **n),
                None => None,
            },
            None => None,
        }
    }

    /// Replace the native extension, returning the old one.
    pub fn replace_native_ext(
        &mut self,
        native: Option<Box<dyn crate::modules::native::NativeData>>,
    ) -> Option<Box<dyn crate::modules::native::NativeData>> {
        match (&mut self.exts, native) {
            (Some(e), native) => std::mem::replace(&mut e.native, native),
            (None, Some(native)) => {
                self.exts = Some(Box::new(Exts {
                    inst: None,
                    native: Some(native),
                }));
                None
            }
            (None, None) => None,
        }
    }

    /// The per-instance data of a class instance: a plain class's [`Payload::Instance`], or
    /// the extension of a builtin subclass's instance.
    pub fn inst(&self) -> Option<&Instance> {
        match &self.payload {
            Payload::Instance(i) => Some(i),
            _ => self.ext(),
        }
    }

    pub fn inst_mut(&mut self) -> Option<&mut Instance> {
        match &mut self.payload {
            Payload::Instance(i) => Some(i),
            _ => self.exts.as_mut().and_then(|e| e.inst.as_mut()),
        }
    }

    /// Has a `PyGC_Head`: the payload's kind is a GC kind, or a class made the object (heap
    /// types always have `Py_TPFLAGS_HAVE_GC`, even over `int` or `str`).
    pub fn is_gc(&self) -> bool {
        self.ext().is_some() || self.payload.is_gc()
    }

    /// The object's weak reference list (`tp_weaklistoffset`), for the types that have one.
    pub fn weakref_list(&self) -> Option<&Vec<ObjId>> {
        match self.ext() {
            Some(e) => Some(e.weakrefs()),
            None => self.payload.weakref_list(),
        }
    }

    pub fn weakref_list_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        match self.exts.as_mut().and_then(|e| e.inst.as_mut()) {
            Some(e) => Some(e.weakrefs_mut()),
            None => self.payload.weakref_list_mut(),
        }
    }
}

/// Where a reference sits inside its owner: used to name holders ("item 2 of list") and edges.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Slot {
    /// `ob_type` of an instance of a heap type.
    Type,
    /// Item of a list or tuple (also `co_consts`, `__mro__`...).
    Item(usize),
    DictKey(usize),
    DictValue(usize),
    SetItem(usize),
    /// An inline instance attribute: the attribute name object.
    Attr(ObjId),
    /// A named C-level field (`func_code`, `__dict__`, `cell_contents`, `im_self`...).
    Field(&'static str),
}

/// The object kinds the model implements.
#[derive(Clone)]
pub enum Payload {
    None,
    NotImplemented,
    Ellipsis,
    Bool(bool),
    /// An int that fits in i64 (the common case; arithmetic is done on it without allocating).
    Int(i64),
    BigInt(Box<BigInt>),
    Float(f64),
    Complex(f64, f64),
    Str(Box<PyStr>),
    Bytes(Box<[u8]>),
    Tuple(Box<[ObjId]>),
    List(Box<PyList>),
    Dict(Box<PyDict>),
    Set(Box<PySet>),
    FrozenSet(Box<PySet>),
    Range(Box<RangeObj>),
    Slice(Box<[ObjId; 3]>),
    Type(Box<TypeObj>),
    Instance(Box<Instance>),
    Exception(Box<ExceptionObj>),
    Function(Box<Function>),
    Code(Rc<Code>),
    Cell(Option<ObjId>),
    /// A bound method: `im_func` bound to `im_self`.
    Method {
        func: ObjId,
        self_: ObjId,
    },
    /// A builtin function or a builtin method bound to its `__self__`.
    Builtin(Box<BuiltinFn>),
    /// `list.append` as found on the type: a method descriptor (unbound).
    MethodDescr(Box<MethodDescr>),
    /// `__dict__`/`__weakref__` getset descriptors of a heap type (each holds `d_type`).
    GetSetDescr {
        name: &'static str,
        owner: ObjId,
    },
    /// A `__slots__` member descriptor.
    MemberDescr {
        name: ObjId,
        owner: ObjId,
        index: usize,
    },
    StaticMethod(ObjId),
    ClassMethod(ObjId),
    /// `fget`, `fset`, `fdel`, `__doc__`, and the name `__set_name__` gave it.
    Property(Box<[Option<ObjId>; 5]>),
    Super {
        ty: ObjId,
        obj: ObjId,
    },
    Module(Box<Module>),
    Iter(Box<IterObj>),
    Generator(Box<crate::vm::frame::Generator>),
    WeakRef(Box<WeakRefObj>),
    /// `ctypes.c_long` instance made by `from_address`: reads the machine word at `addr`.
    CLong {
        addr: u64,
    },
    /// A traceback entry (`tb_next`, the frame's code and line), made when an exception propagates.
    Traceback(Box<TracebackObj>),
    /// A frame that outlived its execution because a traceback refers to it: it keeps the
    /// locals alive, as CPython's `PyFrameObject` does once it takes ownership of the frame.
    Frame(Box<FrameObj>),
    /// `sys.stdout` / `sys.stderr` (`_io.TextIOWrapper`): writes go to the session's
    /// output streams. Owns no references.
    TextIO {
        name: &'static str,
    },
    /// `dict.keys()`, `values()`, `items()`.
    DictView {
        dict: ObjId,
        kind: DictViewKind,
    },
    /// `types.MappingProxyType`: the read-only view of a class's `__dict__`.
    MappingProxy(ObjId),
    /// `types.GenericAlias` (`list[int]`): the origin class and the arguments tuple.
    GenericAlias {
        origin: ObjId,
        args: ObjId,
    },
    /// `types.UnionType` (`int | None`): the arguments tuple, flattened and deduplicated,
    /// `None` stored as `NoneType` (`Objects/unionobject.c`).
    Union {
        args: ObjId,
    },
    /// An object of a type written in Rust for a standard-library module (`deque`,
    /// `itertools.chain`, `functools.partial`...): see `modules::native`.
    Native(Box<dyn crate::modules::native::NativeData>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DictViewKind {
    Keys,
    Values,
    Items,
}

/// `PyList.allocated` while `list.sort` runs (CPython's -1): any resize of the list replaces
/// it, which is how the sort learns the list was modified.
pub const LIST_SORTING: usize = usize::MAX;

/// `PyListObject`: items plus the over-allocated capacity CPython reports through getsizeof.
#[derive(Clone)]
pub struct PyList {
    pub items: ListItems,
    /// `allocated`: the capacity of `ob_item` under CPython's growth policy.
    pub allocated: usize,
    /// Address of the `ob_item` block (for the allocator model), if allocated: 8 bytes (no
    /// address is 0), so the list takes 40 bytes behind its box.
    items_block: Option<std::num::NonZeroU64>,
}

const _: () = assert!(std::mem::size_of::<PyList>() <= 40);

impl PyList {
    /// A list of `items` whose `ob_item` is `allocated` long, its block not yet made.
    pub fn new(items: impl Into<ListItems>, allocated: usize) -> PyList {
        PyList {
            items: items.into(),
            allocated,
            items_block: None,
        }
    }

    /// Address of the `ob_item` block, if allocated.
    pub fn items_block(&self) -> Option<u64> {
        self.items_block.map(|b| b.get())
    }

    pub fn set_items_block(&mut self, block: Option<u64>) -> Option<u64> {
        let old = self.items_block();
        self.items_block = block.and_then(std::num::NonZeroU64::new);
        old
    }

    pub fn take_items_block(&mut self) -> Option<u64> {
        self.set_items_block(None)
    }
}

#[derive(Clone)]
pub struct RangeObj {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
}

/// A type object: a builtin static type or a class made by a `class` statement.
#[derive(Clone)]
pub struct TypeObj {
    pub name: String,
    pub qualname: String,
    /// A class's `ht_name` and `ht_qualname`: the str objects `__name__` and `__qualname__`
    /// return (the class statement's name, its namespace's `__qualname__`), owned. None for
    /// static types, whose names are made anew from `tp_name`.
    pub ht_name: Option<ObjId>,
    pub ht_qualname: Option<ObjId>,
    /// `tp_base` (None only for `object`).
    pub base: Option<ObjId>,
    /// `__bases__` tuple (heap types), owned.
    pub bases: Option<ObjId>,
    /// `__mro__` tuple (heap types), owned; includes the type itself first.
    pub mro: Option<ObjId>,
    /// For builtin types the MRO as ids (not reference-counted: static types are immortal).
    pub static_mro: Vec<ObjId>,
    /// The class namespace (`tp_dict`), owned. Builtin types have none: their attributes are
    /// looked up in the model's method tables.
    pub dict: Option<ObjId>,
    pub builtin: Option<BuiltinType>,
    /// Instances carry a managed (inline) dict: plain classes without `__slots__`.
    pub managed_dict: bool,
    /// Instances keep a dict behind a pointer at the end of the object (`tp_dictoffset`
    /// negative but not managed): classes over variable-size builtins (`int`, `tuple`,
    /// `bytes`), whose items leave no room for inline values.
    pub dict_ptr: bool,
    /// `tp_basicsize` of a class (0 for builtin types, whose sizes come from a table).
    pub basicsize: usize,
    /// Instances can be weakly referenced.
    pub weakrefable: bool,
    /// `__slots__` names (member descriptors live in the dict).
    pub slots: Vec<String>,
    /// Shared key table of the instances' inline values (`CACHED_KEYS`): attribute names.
    pub shared_keys: Vec<ObjId>,
    /// `dk_usable` of the shared keys: how many more names they accept.
    pub shared_keys_usable: i64,
    /// `tp_version_tag`: 0 until the class is looked up in, and again after it changes (see
    /// `vm::typecache`).
    pub version_tag: u32,
    /// This class (or a base) is an exception class: instances are `ExceptionObj`.
    pub is_exception: bool,
    /// `tp_weaklist`: weak references to the type.
    pub weakrefs: Vec<ObjId>,
    /// `tp_subclasses`: `{id(subclass): weakref(subclass)}`, made on the first subclass,
    /// owned.
    pub subclasses: Option<ObjId>,
    /// `Py_TPFLAGS_IS_ABSTRACT`: set by assigning a true `__abstractmethods__` (what `abc`
    /// does), checked by `object.__new__`.
    pub abstract_: bool,
    /// A native type CPython 3.11 makes with `PyType_FromModuleAndSpec` (`functools.partial`,
    /// `operator.itemgetter`, `array.array`, `_random.Random`): a heap type
    /// (`Py_TPFLAGS_HEAPTYPE`), so `sys.getsizeof` counts a `PyHeapTypeObject` and the
    /// collector tracks it, where a static type (`collections.deque`) is neither.
    pub native_heap: bool,
    /// `nb_add` (bit 0) or `nb_multiply` (bit 1) of a class over a builtin sequence became
    /// `slot_nb_*` and stays so: once filled, `update_one_slot` finds it and `sq_concat`
    /// both filled (`resolve_slotdups` gives no single slot), so the sequence's own `__add__`
    /// wrapper keeps the generic slot after the Python method is deleted or replaced.
    pub nb_sticky: u8,
    /// A class of an embedded library module that stands for one of CPython's static C types
    /// (`decimal.Decimal` is `_decimal`'s): `name` is the C type's `tp_name`, module and all,
    /// as error messages show it (`unsupported operand type(s) for +: 'decimal.Decimal' and
    /// 'float'`), and `__name__` is the part after the last dot, as for a builtin type.
    pub c_static: bool,
    /// With `c_static`: its instances are the C struct, `basicsize` bytes without a GC header,
    /// holding no reference to their (static) type (`decimal.Decimal`).
    pub c_struct: bool,
    /// The class stands for `PyODict_Type` (`collections.OrderedDict`, Objects/odictobject.c):
    /// its instances, and its subclasses', are `PyODictObject`s, whose `__sizeof__`
    /// (`odict_sizeof`) also counts the `od_fast_nodes` table and one `_ODictNode` per key.
    pub odict: bool,
}

/// The builtin types, so the VM can dispatch on them without string compares.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum BuiltinType {
    Object,
    Type,
    NoneType,
    NotImplementedType,
    Ellipsis,
    Bool,
    Int,
    Float,
    Complex,
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,
    Code,
    Cell,
    Method,
    BuiltinFunction,
    MethodDescriptor,
    GetSetDescriptor,
    MemberDescriptor,
    StaticMethod,
    ClassMethod,
    Property,
    Super,
    Module,
    Generator,
    /// `weakref.ref` (`weakref.ReferenceType`).
    WeakRef,
    /// `weakref.ProxyType` and `weakref.CallableProxyType`: `WeakRef` payloads whose type
    /// forwards every operation to the referent.
    ProxyType,
    CallableProxyType,
    /// `weakref.KeyedRef` and `weakref.WeakMethod`: the `ref` subclasses of the weakref module
    /// (`WeakRefExtra` holds what they add).
    KeyedRef,
    WeakMethod,
    CLong,
    Traceback,
    Frame,
    ListIterator,
    TupleIterator,
    RangeIterator,
    /// `longrange_iterator`: a range iterator over ints past C longs (`PyLongRangeIter_Type`).
    LongRangeIterator,
    /// `str_ascii_iterator`: iterating a compact ASCII str (`_PyUnicodeASCIIIter_Type`).
    StrIterator,
    /// `str_iterator`: iterating any other str (non-ASCII text, or a str subclass's
    /// instance, which is not compact) (`PyUnicodeIter_Type`).
    StrUnicodeIterator,
    DictKeyIterator,
    DictValueIterator,
    DictItemIterator,
    SetIterator,
    Enumerate,
    Zip,
    Map,
    Filter,
    Reversed,
    CallableIterator,
    DictKeys,
    DictValues,
    DictItems,
    MappingProxy,
    BytesIterator,
    /// `reversed(list)`: `list.__reversed__` gives a `list_reverseiterator`.
    ListRevIterator,
    /// `reversed(dict)` and of its views.
    DictRevKeyIterator,
    DictRevValueIterator,
    DictRevItemIterator,
    /// `bytearray`: a `Bytes` payload whose type is `bytearray` (mutated by replacing the
    /// buffer; not a GC object, like CPython's).
    ByteArray,
    ByteArrayIterator,
    TextIOWrapper,
    /// `iterator`: the old sequence protocol's iterator over a class's `__getitem__`
    /// (`PySeqIter_Type`).
    SeqIterator,
    /// `wrapper_descriptor`: a slot wrapper of a builtin type (`int.__add__`).
    WrapperDescriptor,
    /// `method-wrapper`: a slot wrapper bound to an object (`(5).__add__`).
    MethodWrapper,
    /// `classmethod_descriptor`: a builtin class method as found on its type
    /// (`dict.__dict__['fromkeys']`).
    ClassMethodDescriptor,
    /// `types.GenericAlias`.
    GenericAlias,
    /// `types.UnionType`: what `X | Y` makes of classes, `None` and generic aliases.
    UnionType,
    /// A type a standard-library module defines in Rust (`modules::native`): its methods
    /// live in its own dict.
    Native,
    /// `BaseException` and the builtin exception classes.
    Exception,
}

/// An instance of a class defined by the snippet.
///
/// Kept small (40 bytes behind the payload's box; it was 152 plus two vectors' blocks): the
/// inline values and their order share one allocation ([`InstValues`]), and what few
/// instances have (`__slots__`, weak references, a str subclass's character block) sits
/// behind one more box, made when first needed.
#[derive(Clone, Default)]
pub struct Instance {
    /// Inline values (3.11 managed dict not yet materialised), indexed like the class's shared
    /// keys: traversal and deallocation go in this order (`_PyObject_VisitInstanceAttributes`);
    /// with the key indices in insertion order, which iteration (`vars()`, materialising
    /// `__dict__`) follows.
    pub values: InstValues,
    /// The inline values block in the allocator model: its address (0: none) and size.
    values_block_addr: u64,
    values_block_size: u32,
    /// The materialised `__dict__`, once something asked for it.
    pub dict: Option<ObjId>,
    rare: Option<Box<InstanceRare>>,
}

/// The parts of an instance most instances do not use.
#[derive(Clone, Default)]
struct InstanceRare {
    /// `__slots__` values.
    slots: Box<[Option<ObjId>]>,
    /// The `__weakref__` list head: weak references to this object, oldest first.
    weakrefs: Vec<ObjId>,
    /// A builtin payload's separate buffer, for instances of classes over builtins that keep
    /// one (a `str` subclass's characters: `unicode_subtype_new`).
    data_block: Option<crate::heap::Block>,
    /// `object()` itself: `PyBaseObject_Type` has no `Py_TPFLAGS_HAVE_GC`, so the object has
    /// no GC header, is never tracked and no collection counts it.
    not_gc: bool,
}

const _: () = assert!(std::mem::size_of::<Instance>() <= 40);

/// What `weakrefs()` reads for an instance nobody has weakly referenced.
static NO_WEAKREFS: Vec<ObjId> = Vec::new();

impl Instance {
    /// No attributes yet, `nslots` empty `__slots__`.
    pub fn empty(nslots: usize) -> Instance {
        let mut inst = Instance::default();
        if nslots > 0 {
            inst.rare_mut().slots = vec![None; nslots].into_boxed_slice();
        }
        inst
    }

    fn rare_mut(&mut self) -> &mut InstanceRare {
        self.rare.get_or_insert_with(Default::default)
    }

    /// `__slots__` values.
    pub fn slots(&self) -> &[Option<ObjId>] {
        self.rare.as_ref().map_or(&[], |r| &r.slots)
    }

    pub fn slots_mut(&mut self) -> &mut [Option<ObjId>] {
        match &mut self.rare {
            Some(r) => &mut r.slots,
            None => &mut [],
        }
    }

    /// The `__weakref__` list, oldest first.
    pub fn weakrefs(&self) -> &Vec<ObjId> {
        self.rare.as_ref().map_or(&NO_WEAKREFS, |r| &r.weakrefs)
    }

    /// The `__weakref__` list to change (made on first use).
    pub fn weakrefs_mut(&mut self) -> &mut Vec<ObjId> {
        &mut self.rare_mut().weakrefs
    }

    /// The inline values block in the allocator model.
    pub fn values_block(&self) -> Option<crate::heap::Block> {
        (self.values_block_addr != 0).then_some(crate::heap::Block {
            addr: self.values_block_addr,
            size: self.values_block_size as usize,
        })
    }

    pub fn set_values_block(&mut self, block: crate::heap::Block) {
        self.values_block_addr = block.addr;
        self.values_block_size = block.size as u32;
    }

    /// A str subclass's character block.
    pub fn data_block(&self) -> Option<crate::heap::Block> {
        self.rare.as_ref().and_then(|r| r.data_block)
    }

    pub fn set_data_block(&mut self, block: crate::heap::Block) {
        self.rare_mut().data_block = Some(block);
    }

    /// `object()` itself, an instance without a GC header.
    pub fn not_gc(&self) -> bool {
        self.rare.as_ref().is_some_and(|r| r.not_gc)
    }

    pub fn set_not_gc(&mut self) {
        self.rare_mut().not_gc = true;
    }
}

/// An instance of a builtin or user exception class (`PyBaseExceptionObject`).
#[derive(Clone)]
pub struct ExceptionObj {
    pub args: ObjId,
    pub traceback: Option<ObjId>,
    pub context: Option<ObjId>,
    pub cause: Option<ObjId>,
    pub suppress_context: bool,
    /// Attributes set on the exception (`BaseException` keeps them in a real dict).
    pub dict: Option<ObjId>,
    pub weakrefs: Vec<ObjId>,
    /// The members a builtin subclass adds (`SystemExit.code`, `StopIteration.value`,
    /// `OSError.errno`...), owned.
    pub members: Vec<(&'static str, ObjId)>,
}

/// `PyFunctionObject`.
#[derive(Clone)]
pub struct Function {
    pub code: ObjId,
    pub globals: ObjId,
    pub builtins: ObjId,
    pub name: ObjId,
    pub qualname: ObjId,
    pub module: ObjId,
    pub doc: ObjId,
    pub defaults: Option<ObjId>,
    pub kwdefaults: Option<ObjId>,
    pub closure: Option<ObjId>,
    /// `__annotations__`: the (name, value) tuple `MAKE_FUNCTION` got, made a dict on first
    /// use (`func_get_annotations`).
    pub annotations: Option<ObjId>,
    pub dict: Option<ObjId>,
    pub weakrefs: Vec<ObjId>,
}

/// A builtin function; `self_` is set for builtin methods bound to an object (`[].append`)
/// and for module-level functions (the module, as in CPython).
#[derive(Clone)]
pub struct BuiltinFn {
    pub func: crate::builtins::Builtin,
    pub self_: Option<ObjId>,
}

#[derive(Clone)]
pub struct MethodDescr {
    pub func: crate::builtins::Builtin,
    pub owner: ObjId,
}

#[derive(Clone)]
pub struct Module {
    pub name: String,
    pub dict: ObjId,
    /// `md_name`: the name object `module.__init__` was given, held but not traversed
    /// (`types.ModuleType(name)`; the model's own modules keep only the text).
    pub name_obj: Option<ObjId>,
}

/// The iterator objects of builtin types, and `enumerate`/`zip`/`map`/`filter`/`reversed`.
#[derive(Clone)]
pub enum IterObj {
    /// list/tuple/str/bytes/dict/set iterators: the sequence and the next index
    /// (`None` once exhausted: CPython drops the sequence reference then).
    Seq {
        seq: Option<ObjId>,
        index: usize,
        /// `di_used`/`si_used`: a dict's or set's size when iteration started; a change is
        /// `RuntimeError: dictionary changed size during iteration`.
        used: usize,
        /// `di_result` of a dict's item iterator (see [`IterObj::Enumerate::result`]).
        result: Option<ObjId>,
    },
    /// `longrangeiterobject`'s numbers as `next`/`stop`/`step`, with the first item
    /// (`start`) kept for `__reduce__`, which rebuilds CPython's `start` and `index`.
    Range {
        start: BigInt,
        next: BigInt,
        stop: BigInt,
        step: BigInt,
    },
    /// Fast path of `Range` for machine ints.
    SmallRange {
        start: i64,
        next: i64,
        stop: i64,
        step: i64,
    },
    Enumerate {
        iter: ObjId,
        count: BigInt,
        /// `en_result`: the 2-tuple handed out again when nothing else holds it
        /// (`Py_REFCNT(result) == 1`), its items replaced: the last pair stays referenced
        /// by the iterator. Made with the iterator, `(None, None)`.
        result: ObjId,
    },
    Zip {
        iters: Vec<ObjId>,
        /// `zip(..., strict=True)`: unequal lengths raise ValueError.
        strict: bool,
        /// `result`: reused as [`IterObj::Enumerate::result`] is.
        result: ObjId,
    },
    Map {
        func: ObjId,
        iters: Vec<ObjId>,
    },
    Filter {
        func: ObjId,
        iter: ObjId,
    },
    Reversed {
        seq: Option<ObjId>,
        index: usize,
        /// `di_result` of a dict's reverse item iterator.
        result: Option<ObjId>,
    },
    /// `iter(callable, sentinel)`.
    /// `calliterobject`: both cleared (`Py_CLEAR`) once the sentinel came back or the call
    /// raised StopIteration.
    Callable {
        func: Option<ObjId>,
        sentinel: Option<ObjId>,
    },
}

#[derive(Clone)]
pub struct WeakRefObj {
    /// The referent while it is alive. Not a counted reference.
    pub referent: Option<ObjId>,
    pub callback: Option<ObjId>,
    pub hash: Option<i64>,
    /// The slots a `ref` subclass of the weakref module adds (owned).
    pub extra: WeakRefExtra,
}

/// What `KeyedRef` and `WeakMethod` add to a weak reference (`__slots__` in `Lib/weakref.py`).
#[derive(Clone)]
pub enum WeakRefExtra {
    None,
    /// `KeyedRef.key`.
    Key(ObjId),
    /// `WeakMethod._func_ref`, `_meth_type` and `_alive`.
    Method {
        func_ref: ObjId,
        meth_type: ObjId,
        alive: bool,
    },
}

impl WeakRefExtra {
    /// The references it owns, in slot order.
    pub fn refs(&self) -> Vec<ObjId> {
        match self {
            WeakRefExtra::None => Vec::new(),
            WeakRefExtra::Key(k) => vec![*k],
            WeakRefExtra::Method {
                func_ref,
                meth_type,
                ..
            } => vec![*func_ref, *meth_type],
        }
    }
}

#[derive(Clone)]
pub struct TracebackObj {
    pub next: Option<ObjId>,
    pub frame: ObjId,
    pub line: u32,
    /// Index of the instruction that raised (for the caret line of 3.11 tracebacks).
    pub lasti: usize,
}

/// A frame object (`PyFrameObject`), made the first time something asks for a frame: a
/// traceback, `sys._getframe()`, `gi_frame`. While its frame runs (or sleeps in a generator)
/// the frame object owns nothing and reads the frame where it is; when the frame ends while
/// the frame object is still referenced, the frame object takes it over (`take_ownership`),
/// keeping its locals alive.
#[derive(Clone)]
pub struct FrameObj {
    /// The frame, once this object owns it.
    pub owned: Option<Box<crate::vm::frame::Frame>>,
    /// The generator whose frame it is (borrowed), to find the frame while it is suspended.
    pub gen: Option<ObjId>,
    /// `f_back`, set when ownership is taken (counted).
    pub back: Option<ObjId>,
    /// The globals of an owned frame that has no function to hold them (module code; CPython
    /// runs it through a function object that does), counted.
    pub globals_ref: Option<ObjId>,
}

impl Payload {
    /// Is this kind a GC object (has a `PyGC_Head`)?
    /// The object's weak reference list (`tp_weaklistoffset`), for the types that have one.
    pub fn weakref_list(&self) -> Option<&Vec<ObjId>> {
        match self {
            Payload::Instance(i) => Some(i.weakrefs()),
            Payload::Function(f) => Some(&f.weakrefs),
            Payload::Exception(e) => Some(&e.weakrefs),
            Payload::Type(t) => Some(&t.weakrefs),
            Payload::Native(n) => n.weakrefs(),
            _ => None,
        }
    }

    pub fn weakref_list_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        match self {
            Payload::Instance(i) => Some(i.weakrefs_mut()),
            Payload::Function(f) => Some(&mut f.weakrefs),
            Payload::Exception(e) => Some(&mut e.weakrefs),
            Payload::Type(t) => Some(&mut t.weakrefs),
            Payload::Native(n) => n.weakrefs_mut(),
            _ => None,
        }
    }

    pub fn is_gc(&self) -> bool {
        if let Payload::Native(n) = self {
            return n.is_gc();
        }
        if let Payload::Instance(i) = self {
            return !i.not_gc();
        }
        // range iterators hold only numbers: `PyRangeIter_Type` has no Py_TPFLAGS_HAVE_GC
        if let Payload::Iter(it) = self {
            if matches!(**it, IterObj::Range { .. } | IterObj::SmallRange { .. }) {
                return false;
            }
        }
        !matches!(
            self,
            Payload::None
                | Payload::NotImplemented
                | Payload::Ellipsis
                | Payload::Bool(_)
                | Payload::Int(_)
                | Payload::BigInt(_)
                | Payload::Float(_)
                | Payload::Complex(..)
                | Payload::Str(_)
                | Payload::Bytes(_)
                | Payload::Range(_)
                | Payload::Code(_)
                | Payload::TextIO { .. }
        ) && !matches!(
            // `rangeiterobject` has no GC header
            self,
            Payload::Iter(it) if matches!(**it, IterObj::Range { .. } | IterObj::SmallRange { .. })
        )
    }
}
