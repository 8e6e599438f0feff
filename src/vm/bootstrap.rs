//! Interpreter start-up: the static objects (types, `None`, bools, the small-int array, the
//! latin-1 one-character strings, `''`, `()`), the builtin exception classes, the `builtins` and
//! `__main__` modules. Everything made here is a start-up object: views hide it unless asked,
//! collections never examine it.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::builtins;
use crate::heap::{Heap, PERMANENT, STATIC_REFCNT};
use crate::object::{
    BuiltinFn, BuiltinType, MethodDescr, Module, ObjId, Object, Payload, PyDict, PyStr, TypeObj,
};

use super::{Vm, VmOptions};

/// The cached small ints `-5..=256` (`_PY_NSMALLNEGINTS`, `_PY_NSMALLPOSINTS`).
pub const SMALL_INT_MIN: i64 = -5;
pub const SMALL_INT_MAX: i64 = 256;

/// One-character literals that 3.11's deep-frozen stdlib interned before the snippet ran: a
/// literal `'a'` is this object, not the latin-1 singleton that `'abc'[0]` or `chr(97)` give.
pub const DEEPFROZEN_CHARS: &str = "BCLST_abcdefhijklmnopqrstvwxy";

/// The static singletons and caches.
#[derive(Clone)]
pub struct Statics {
    pub none: ObjId,
    pub true_: ObjId,
    pub false_: ObjId,
    pub ellipsis: ObjId,
    pub not_implemented: ObjId,
    pub empty_tuple: ObjId,
    pub empty_str: ObjId,
    pub empty_bytes: ObjId,
    /// `small_ints[n + 5]` is the cached int `n`.
    pub small_ints: Vec<ObjId>,
    /// `latin1[c]` is the one-character string `chr(c)` for `c < 256`.
    pub latin1: Vec<ObjId>,
    /// `bytes_chars[b]` is the one-byte `bytes` object `bytes([b])` (`characters` of
    /// `Objects/bytesobject.c`): every one-byte bytes made from data is this object.
    pub bytes_chars: Vec<ObjId>,
}

/// The builtin exception classes the VM raises by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExcKind {
    BaseException,
    GeneratorExit,
    KeyboardInterrupt,
    SystemExit,
    Exception,
    ArithmeticError,
    FloatingPointError,
    OverflowError,
    ZeroDivisionError,
    AssertionError,
    AttributeError,
    BufferError,
    EOFError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    MemoryError,
    NameError,
    UnboundLocalError,
    OSError,
    BlockingIOError,
    ChildProcessError,
    ConnectionError,
    BrokenPipeError,
    ConnectionAbortedError,
    ConnectionRefusedError,
    ConnectionResetError,
    FileExistsError,
    FileNotFoundError,
    InterruptedError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    ProcessLookupError,
    TimeoutError,
    ReferenceError,
    RuntimeError,
    NotImplementedError,
    RecursionError,
    StopAsyncIteration,
    StopIteration,
    SyntaxError,
    IndentationError,
    TabError,
    SystemError,
    TypeError,
    ValueError,
    UnicodeError,
    UnicodeDecodeError,
    UnicodeEncodeError,
    Warning,
    UserWarning,
    DeprecationWarning,
    RuntimeWarning,
    PendingDeprecationWarning,
    FutureWarning,
    ImportWarning,
    UnicodeWarning,
    BytesWarning,
    ResourceWarning,
    EncodingWarning,
    SyntaxWarning,
    BaseExceptionGroup,
    /// Bases `BaseExceptionGroup` and `Exception` (its MRO is set up after the table).
    ExceptionGroup,
}

impl ExcKind {
    /// Every kind with its name and base, bases before subclasses.
    pub const ALL: &'static [(ExcKind, &'static str, Option<ExcKind>)] = &[
        (ExcKind::BaseException, "BaseException", None),
        (
            ExcKind::GeneratorExit,
            "GeneratorExit",
            Some(ExcKind::BaseException),
        ),
        (
            ExcKind::KeyboardInterrupt,
            "KeyboardInterrupt",
            Some(ExcKind::BaseException),
        ),
        (
            ExcKind::SystemExit,
            "SystemExit",
            Some(ExcKind::BaseException),
        ),
        (
            ExcKind::Exception,
            "Exception",
            Some(ExcKind::BaseException),
        ),
        (
            ExcKind::ArithmeticError,
            "ArithmeticError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::FloatingPointError,
            "FloatingPointError",
            Some(ExcKind::ArithmeticError),
        ),
        (
            ExcKind::OverflowError,
            "OverflowError",
            Some(ExcKind::ArithmeticError),
        ),
        (
            ExcKind::ZeroDivisionError,
            "ZeroDivisionError",
            Some(ExcKind::ArithmeticError),
        ),
        (
            ExcKind::AssertionError,
            "AssertionError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::AttributeError,
            "AttributeError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::BufferError,
            "BufferError",
            Some(ExcKind::Exception),
        ),
        (ExcKind::EOFError, "EOFError", Some(ExcKind::Exception)),
        (
            ExcKind::ImportError,
            "ImportError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::ModuleNotFoundError,
            "ModuleNotFoundError",
            Some(ExcKind::ImportError),
        ),
        (
            ExcKind::LookupError,
            "LookupError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::IndexError,
            "IndexError",
            Some(ExcKind::LookupError),
        ),
        (ExcKind::KeyError, "KeyError", Some(ExcKind::LookupError)),
        (
            ExcKind::MemoryError,
            "MemoryError",
            Some(ExcKind::Exception),
        ),
        (ExcKind::NameError, "NameError", Some(ExcKind::Exception)),
        (
            ExcKind::UnboundLocalError,
            "UnboundLocalError",
            Some(ExcKind::NameError),
        ),
        (ExcKind::OSError, "OSError", Some(ExcKind::Exception)),
        (
            ExcKind::BlockingIOError,
            "BlockingIOError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::ChildProcessError,
            "ChildProcessError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::ConnectionError,
            "ConnectionError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::BrokenPipeError,
            "BrokenPipeError",
            Some(ExcKind::ConnectionError),
        ),
        (
            ExcKind::ConnectionAbortedError,
            "ConnectionAbortedError",
            Some(ExcKind::ConnectionError),
        ),
        (
            ExcKind::ConnectionRefusedError,
            "ConnectionRefusedError",
            Some(ExcKind::ConnectionError),
        ),
        (
            ExcKind::ConnectionResetError,
            "ConnectionResetError",
            Some(ExcKind::ConnectionError),
        ),
        (
            ExcKind::FileExistsError,
            "FileExistsError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::FileNotFoundError,
            "FileNotFoundError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::InterruptedError,
            "InterruptedError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::IsADirectoryError,
            "IsADirectoryError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::NotADirectoryError,
            "NotADirectoryError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::PermissionError,
            "PermissionError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::ProcessLookupError,
            "ProcessLookupError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::TimeoutError,
            "TimeoutError",
            Some(ExcKind::OSError),
        ),
        (
            ExcKind::ReferenceError,
            "ReferenceError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::RuntimeError,
            "RuntimeError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::NotImplementedError,
            "NotImplementedError",
            Some(ExcKind::RuntimeError),
        ),
        (
            ExcKind::RecursionError,
            "RecursionError",
            Some(ExcKind::RuntimeError),
        ),
        (
            ExcKind::StopAsyncIteration,
            "StopAsyncIteration",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::StopIteration,
            "StopIteration",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::SyntaxError,
            "SyntaxError",
            Some(ExcKind::Exception),
        ),
        (
            ExcKind::IndentationError,
            "IndentationError",
            Some(ExcKind::SyntaxError),
        ),
        (
            ExcKind::TabError,
            "TabError",
            Some(ExcKind::IndentationError),
        ),
        (
            ExcKind::SystemError,
            "SystemError",
            Some(ExcKind::Exception),
        ),
        (ExcKind::TypeError, "TypeError", Some(ExcKind::Exception)),
        (ExcKind::ValueError, "ValueError", Some(ExcKind::Exception)),
        (
            ExcKind::UnicodeError,
            "UnicodeError",
            Some(ExcKind::ValueError),
        ),
        (
            ExcKind::UnicodeDecodeError,
            "UnicodeDecodeError",
            Some(ExcKind::UnicodeError),
        ),
        (
            ExcKind::UnicodeEncodeError,
            "UnicodeEncodeError",
            Some(ExcKind::UnicodeError),
        ),
        (ExcKind::Warning, "Warning", Some(ExcKind::Exception)),
        (ExcKind::UserWarning, "UserWarning", Some(ExcKind::Warning)),
        (
            ExcKind::DeprecationWarning,
            "DeprecationWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::RuntimeWarning,
            "RuntimeWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::PendingDeprecationWarning,
            "PendingDeprecationWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::FutureWarning,
            "FutureWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::ImportWarning,
            "ImportWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::UnicodeWarning,
            "UnicodeWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::BytesWarning,
            "BytesWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::ResourceWarning,
            "ResourceWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::EncodingWarning,
            "EncodingWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::SyntaxWarning,
            "SyntaxWarning",
            Some(ExcKind::Warning),
        ),
        (
            ExcKind::BaseExceptionGroup,
            "BaseExceptionGroup",
            Some(ExcKind::BaseException),
        ),
        (
            ExcKind::ExceptionGroup,
            "ExceptionGroup",
            Some(ExcKind::BaseExceptionGroup),
        ),
    ];
}

/// Builtin types exposed in `builtins` under these names.
const BUILTIN_TYPE_NAMES: &[(BuiltinType, &str)] = &[
    (BuiltinType::Object, "object"),
    (BuiltinType::Type, "type"),
    (BuiltinType::Bool, "bool"),
    (BuiltinType::Int, "int"),
    (BuiltinType::Float, "float"),
    (BuiltinType::Complex, "complex"),
    (BuiltinType::Str, "str"),
    (BuiltinType::Bytes, "bytes"),
    (BuiltinType::ByteArray, "bytearray"),
    (BuiltinType::Tuple, "tuple"),
    (BuiltinType::List, "list"),
    (BuiltinType::Dict, "dict"),
    (BuiltinType::Set, "set"),
    (BuiltinType::FrozenSet, "frozenset"),
    (BuiltinType::Range, "range"),
    (BuiltinType::Slice, "slice"),
    (BuiltinType::StaticMethod, "staticmethod"),
    (BuiltinType::ClassMethod, "classmethod"),
    (BuiltinType::Property, "property"),
    (BuiltinType::Super, "super"),
    (BuiltinType::Enumerate, "enumerate"),
    (BuiltinType::Zip, "zip"),
    (BuiltinType::Map, "map"),
    (BuiltinType::Filter, "filter"),
    (BuiltinType::Reversed, "reversed"),
];

/// Every builtin type with its `__name__` and base.
fn builtin_type_table() -> Vec<(BuiltinType, &'static str, Option<BuiltinType>)> {
    use BuiltinType::*;
    let obj = Some(Object);
    vec![
        (Type, "type", obj),
        (Object, "object", None),
        (NoneType, "NoneType", obj),
        (NotImplementedType, "NotImplementedType", obj),
        (Ellipsis, "ellipsis", obj),
        (Int, "int", obj),
        (Bool, "bool", Some(Int)),
        (Float, "float", obj),
        (Complex, "complex", obj),
        (Str, "str", obj),
        (Bytes, "bytes", obj),
        (Tuple, "tuple", obj),
        (List, "list", obj),
        (Dict, "dict", obj),
        (Set, "set", obj),
        (FrozenSet, "frozenset", obj),
        (Range, "range", obj),
        (Slice, "slice", obj),
        (Function, "function", obj),
        (Code, "code", obj),
        (Cell, "cell", obj),
        (Method, "method", obj),
        (BuiltinFunction, "builtin_function_or_method", obj),
        (MethodDescriptor, "method_descriptor", obj),
        (GetSetDescriptor, "getset_descriptor", obj),
        (MemberDescriptor, "member_descriptor", obj),
        (StaticMethod, "staticmethod", obj),
        (ClassMethod, "classmethod", obj),
        (Property, "property", obj),
        (Super, "super", obj),
        (Module, "module", obj),
        (Generator, "generator", obj),
        (WeakRef, "weakref.ReferenceType", obj),
        (ProxyType, "weakref.ProxyType", obj),
        (CallableProxyType, "weakref.CallableProxyType", obj),
        (KeyedRef, "weakref.KeyedRef", Some(WeakRef)),
        (WeakMethod, "weakref.WeakMethod", Some(WeakRef)),
        (CLong, "c_long", obj),
        (Traceback, "traceback", obj),
        (Frame, "frame", obj),
        (ListIterator, "list_iterator", obj),
        (TupleIterator, "tuple_iterator", obj),
        (RangeIterator, "range_iterator", obj),
        (StrIterator, "str_ascii_iterator", obj),
        (StrUnicodeIterator, "str_iterator", obj),
        (DictKeyIterator, "dict_keyiterator", obj),
        (DictValueIterator, "dict_valueiterator", obj),
        (DictItemIterator, "dict_itemiterator", obj),
        (SetIterator, "set_iterator", obj),
        (Enumerate, "enumerate", obj),
        (Zip, "zip", obj),
        (Map, "map", obj),
        (Filter, "filter", obj),
        (Reversed, "reversed", obj),
        (CallableIterator, "callable_iterator", obj),
        (DictKeys, "dict_keys", obj),
        (DictValues, "dict_values", obj),
        (DictItems, "dict_items", obj),
        (MappingProxy, "mappingproxy", obj),
        (BytesIterator, "bytes_iterator", obj),
        (ListRevIterator, "list_reverseiterator", obj),
        (DictRevKeyIterator, "dict_reversekeyiterator", obj),
        (DictRevValueIterator, "dict_reversevalueiterator", obj),
        (DictRevItemIterator, "dict_reverseitemiterator", obj),
        (ByteArray, "bytearray", obj),
        (ByteArrayIterator, "bytearray_iterator", obj),
        (TextIOWrapper, "TextIOWrapper", obj),
        (SeqIterator, "iterator", obj),
        (WrapperDescriptor, "wrapper_descriptor", obj),
        (MethodWrapper, "method-wrapper", obj),
        (ClassMethodDescriptor, "classmethod_descriptor", obj),
        (GenericAlias, "GenericAlias", obj),
        // last, and their addresses after every other static (`LATE_STATIC_TYPES`)
        (LongRangeIterator, "longrange_iterator", obj),
        (UnionType, "types.UnionType", obj),
    ]
}

const ALL_BUILTIN_TYPES: usize = BuiltinType::Exception as usize + 1;

/// Build a fresh interpreter.
pub fn bootstrap(options: VmOptions) -> Vm {
    // a new interpreter's `int_max_str_digits`
    crate::object::int::reset_max_str_digits();
    let placeholder = ObjId::from_index(1);
    let mut vm = Vm {
        heap: Heap::new(),
        static_types_pending: None,
        statics: Statics {
            none: placeholder,
            true_: placeholder,
            false_: placeholder,
            ellipsis: placeholder,
            not_implemented: placeholder,
            empty_tuple: placeholder,
            empty_str: placeholder,
            empty_bytes: placeholder,
            small_ints: Vec::new(),
            latin1: Vec::new(),
            bytes_chars: Vec::new(),
        },
        types: vec![placeholder; ALL_BUILTIN_TYPES],
        exc_types: Vec::new(),
        interned: Default::default(),
        startup_strings: Vec::new(),
        method_descrs: HashMap::new(),
        type_attrs: HashMap::new(),
        builtins_module: placeholder,
        builtins_dict: placeholder,
        main_module: placeholder,
        main_dict: placeholder,
        modules: HashMap::new(),
        frames: Vec::new(),
        exc_info: None,
        stdout: String::new(),
        stderr: String::new(),
        output: None,
        native_depth: 0,
        dealloc_stack: Vec::new(),
        trash: Default::default(),
        interrupt: Arc::new(AtomicBool::new(false)),
        gc: crate::gc::GcState::default(),
        instr_count: 0,
        native_ticks: 0,
        argv: None,
        units_compiled: 0,
        resuming: None,
        watch: None,
        frames_made: 0,
        type_cache: Default::default(),
        split_dict_classes: Default::default(),
        method_cache: Default::default(),
        next_version_tag: 1,
        last_return: None,
        frame_vecs: Default::default(),
        slot_cache: Default::default(),
        slot_front: std::cell::Cell::new([(None, 0, 0, None); 64]),
        lookup_front: std::cell::Cell::new([(None, None, 0, None); 64]),
        type_epoch: super::attrhint::TypeEpoch::fresh(),
        native_types: HashMap::new(),
        thread_state_dict: None,
        arg_parser_kwtuples: Vec::new(),
        tp_call_tuples: Vec::new(),
        tp_call_preset: None,
        repr_list: None,
        stderr_obj: None,
        input: None,
        module_source: None,
        stdout_shown: 0,
        notebook: None,
        atexit: Vec::new(),
        options,
    };
    vm.heap.memory_cap = vm.options.memory_cap;
    make_types(&mut vm);
    make_singletons(&mut vm);
    make_exceptions(&mut vm);
    make_method_descriptors(&mut vm);
    make_builtins_module(&mut vm);
    make_main_module(&mut vm);
    builtins::cpython_dir::apply(&mut vm);
    for bt in LATE_STATIC_TYPES {
        let id = vm.types[*bt as usize];
        let addr = vm.heap.static_addr(424);
        vm.heap.get_mut(id).addr = addr;
    }
    seed_free_lists(&mut vm);
    vm
}

/// What CPython's type free lists hold when a script starts (`sys._debugmallocstats()` as a
/// script's first statement, python3 3.11.7): start-up code freed these, so the snippet's
/// first lists, dicts, floats and small tuples reuse them, which `_PyObject_GC_Link` does not
/// count (gen 0's count, and so when the automatic collections come).
const STARTUP_FREE_LISTS: &[(crate::heap::FreeList, usize)] = {
    use crate::heap::FreeList::*;
    &[
        (Dict, 8),
        (Float, 4),
        (List, 40),
        (Tuple(1), 4),
        (Tuple(2), 8),
        (Tuple(3), 2),
        (Tuple(4), 2),
        (Tuple(5), 3),
        (Tuple(7), 8),
        (Tuple(8), 6),
        (Tuple(9), 1),
        (Tuple(11), 1),
        (Tuple(12), 3),
        (Tuple(13), 5),
        (Tuple(14), 1),
        (Tuple(15), 2),
        (Tuple(16), 2),
        (Tuple(17), 2),
        (Tuple(18), 3),
        (Tuple(19), 1),
    ]
};

/// Park [`STARTUP_FREE_LISTS`]' blocks (start-up memory, as theirs is) on the free lists.
fn seed_free_lists(vm: &mut Vm) {
    use crate::heap::FreeList;
    let was = vm.heap.image_mode;
    for &(list, n) in STARTUP_FREE_LISTS {
        let (size, preheader) = match list {
            FreeList::Dict => (48 + 16, 16),
            FreeList::List => (40 + 16, 16),
            FreeList::Float => (24, 0),
            FreeList::Tuple(k) => (24 + 8 * k + 16, 16),
            FreeList::Slice => continue,
        };
        for _ in 0..n {
            vm.heap.image_mode = true;
            let addr = vm.heap.malloc_object(size, preheader);
            vm.heap.bytes_in_use -= size;
            vm.heap.image_mode = false;
            if !vm.heap.push_freelist(list, addr) {
                vm.heap.image_mode = true;
                vm.heap.release_memory(addr, preheader, 0, None);
            }
        }
    }
    vm.heap.image_mode = was;
}

/// Types the model added after its static layout was set: they take their addresses after
/// every other static, so the types, singletons, small ints and strings made after them keep
/// the addresses they had (CPython's static types lie in libpython's data segment; the model's
/// sequence is its own).
const LATE_STATIC_TYPES: &[BuiltinType] = &[BuiltinType::LongRangeIterator, BuiltinType::UnionType];

/// Put a static object (not from the allocator) in the arena. Its count starts at
/// `base_refs`, the references the interpreter holds that the model does not represent; a
/// caller that stores it somewhere counted must incref it.
pub(crate) fn static_object(
    vm: &mut Vm,
    ty: ObjId,
    payload: Payload,
    size: usize,
    base_refs: i64,
) -> ObjId {
    let addr = vm.heap.static_addr(size);
    static_object_at(vm, ty, payload, size, base_refs, addr)
}

/// [`static_object`] at an address of its own, outside the sequential static region.
pub(crate) fn static_object_at(
    vm: &mut Vm,
    ty: ObjId,
    payload: Payload,
    size: usize,
    base_refs: i64,
    addr: u64,
) -> ObjId {
    let is_gc = payload.is_gc();
    let id = vm
        .heap
        .insert(Object::new(base_refs, ty, addr, payload), size, 0);
    vm.heap.meta_mut(id).set_base_refs(base_refs);
    if is_gc {
        vm.heap.gc_list_append(id, PERMANENT);
    }
    id
}

fn new_type_obj(name: &str, builtin: Option<BuiltinType>) -> TypeObj {
    TypeObj {
        name: name.to_string(),
        qualname: name.to_string(),
        ht_name: None,
        ht_qualname: None,
        base: None,
        bases: None,
        mro: None,
        static_mro: Vec::new(),
        dict: None,
        builtin,
        managed_dict: false,
        dict_ptr: false,
        basicsize: 0,
        weakrefable: false,
        slots: Vec::new(),
        shared_keys: Vec::new(),
        shared_keys_usable: 0,
        version_tag: 0,
        is_exception: false,
        weakrefs: Vec::new(),
        subclasses: None,
        abstract_: false,
        native_heap: false,
        nb_sticky: 0,
        c_static: false,
        c_struct: false,
        odict: false,
    }
}

fn make_types(vm: &mut Vm) {
    let table = builtin_type_table();
    // `type` first: it is its own type, at index 1.
    for (bt, name, _) in &table {
        let mark = vm.heap.static_mark();
        let id = static_object(
            vm,
            ObjId::from_index(1),
            Payload::Type(Box::new(new_type_obj(name, Some(*bt)))),
            424,
            1000,
        );
        vm.types[*bt as usize] = id;
        if LATE_STATIC_TYPES.contains(bt) {
            vm.heap.static_rewind(mark);
        }
    }
    debug_assert_eq!(vm.types[BuiltinType::Type as usize], ObjId::from_index(1));
    for (bt, _, base) in &table {
        let id = vm.types[*bt as usize];
        let mut mro = vec![id];
        let mut b = *base;
        while let Some(bb) = b {
            mro.push(vm.types[bb as usize]);
            b = table
                .iter()
                .find(|(t, _, _)| *t == bb)
                .and_then(|(_, _, base)| *base);
        }
        let base_id = base.map(|b| vm.types[b as usize]);
        if let Payload::Type(t) = vm.heap.payload_mut(id) {
            t.static_mro = mro;
            t.base = base_id;
        }
    }
}

/// The page of libpython's data segment that `_Py_TrueStruct` lies in. The singletons are C
/// statics (`_Py_NoneStruct`, `_Py_TrueStruct`, `_Py_FalseStruct`, `_Py_EllipsisObject`,
/// `_Py_NotImplementedStruct`), placed by the linker at fixed offsets from each other, and
/// address-space randomisation moves the whole library by pages: their offsets within a page,
/// and from each other, are the same in every run of one build. They matter beyond `id()`:
/// `hash(None)` is `_Py_HashPointer(&_Py_NoneStruct)` (the address rotated right by 4 bits), so
/// where None goes in a small set or dict (`{2, None}` prints `{2, None}`) follows from its
/// offset. The offsets are python3 3.11.7's x86-64 build's, measured from `id(True)`'s page.
const SINGLETONS_PAGE: u64 = 0x7f3a_5f10_0000;
const TRUE_OFFSET: u64 = 0xf00;
const FALSE_OFFSET: u64 = 0xf20;
const NOT_IMPLEMENTED_OFFSET: u64 = 0x1_5a30;
const NONE_OFFSET: u64 = 0x1_5be0;
const ELLIPSIS_OFFSET: u64 = 0x1_7e60;

/// A singleton at its offset in libpython's data segment (see [`SINGLETONS_PAGE`]). It still
/// takes its bytes in the sequential static region first, so that every static made after it
/// (the small ints, the one-character strings) keeps the address it had before.
fn singleton(
    vm: &mut Vm,
    ty: ObjId,
    payload: Payload,
    size: usize,
    refs: i64,
    offset: u64,
) -> ObjId {
    let id = static_object(vm, ty, payload, size, refs);
    vm.heap.get_mut(id).addr = SINGLETONS_PAGE + offset;
    id
}

fn make_singletons(vm: &mut Vm) {
    let none_t = vm.ty(BuiltinType::NoneType);
    vm.statics.none = singleton(vm, none_t, Payload::None, 16, 5000, NONE_OFFSET);
    let bool_t = vm.ty(BuiltinType::Bool);
    vm.statics.false_ = singleton(vm, bool_t, Payload::Bool(false), 32, 400, FALSE_OFFSET);
    vm.statics.true_ = singleton(vm, bool_t, Payload::Bool(true), 32, 400, TRUE_OFFSET);
    let ell_t = vm.ty(BuiltinType::Ellipsis);
    vm.statics.ellipsis = singleton(vm, ell_t, Payload::Ellipsis, 16, 1000, ELLIPSIS_OFFSET);
    let ni_t = vm.ty(BuiltinType::NotImplementedType);
    let ni = Payload::NotImplemented;
    vm.statics.not_implemented = singleton(vm, ni_t, ni, 16, 1000, NOT_IMPLEMENTED_OFFSET);
    // the small-int array: 32 bytes apart, 8-aligned (id(0) % 16 == 8)
    let int_t = vm.ty(BuiltinType::Int);
    vm.heap.static_align(16, 8);
    for n in SMALL_INT_MIN..=SMALL_INT_MAX {
        let id = static_object(vm, int_t, Payload::Int(n), 32, STATIC_REFCNT);
        vm.statics.small_ints.push(id);
    }
    let tuple_t = vm.ty(BuiltinType::Tuple);
    vm.statics.empty_tuple =
        static_object(vm, tuple_t, Payload::Tuple(Box::new([])), 40, STATIC_REFCNT);
    // () is not tracked
    let et = vm.statics.empty_tuple;
    vm.heap.gc_list_remove(et, PERMANENT);
    let bytes_t = vm.ty(BuiltinType::Bytes);
    vm.statics.empty_bytes =
        static_object(vm, bytes_t, Payload::Bytes(Box::new([])), 40, STATIC_REFCNT);
    for b in 0u8..=255 {
        let id = static_object(
            vm,
            bytes_t,
            Payload::Bytes(Box::new([b])),
            40,
            STATIC_REFCNT,
        );
        vm.statics.bytes_chars.push(id);
    }
    let str_t = vm.ty(BuiltinType::Str);
    let mut empty = PyStr::new(String::new());
    empty.interned = true;
    empty.intern_reason = crate::object::str::InternReason::Interpreter;
    vm.statics.empty_str =
        static_object(vm, str_t, Payload::Str(Box::new(empty)), 56, STATIC_REFCNT);
    vm.interned.insert(String::new(), vm.statics.empty_str);
    for c in 0u32..256 {
        let ch = char::from_u32(c).unwrap_or('\0');
        let s = PyStr::new(ch.to_string());
        let size = s.sizeof().div_ceil(8) * 8;
        let id = static_object(vm, str_t, Payload::Str(Box::new(s)), size, STATIC_REFCNT);
        vm.statics.latin1.push(id);
    }
    // deep-frozen one-letter strings win the interned table; other one-letter identifiers
    // intern their latin-1 singleton when first used as constants
    for ch in DEEPFROZEN_CHARS.chars() {
        let mut s = PyStr::new(ch.to_string());
        s.interned = true;
        s.intern_reason = crate::object::str::InternReason::DeepFrozen;
        let id = static_object(vm, str_t, Payload::Str(Box::new(s)), 56, STATIC_REFCNT);
        vm.interned.insert(ch.to_string(), id);
    }
    super::startup_strings::make(vm);
}

fn make_exceptions(vm: &mut Vm) {
    let type_t = vm.ty(BuiltinType::Type);
    let object_t = vm.ty(BuiltinType::Object);
    for &(kind, name, base) in ExcKind::ALL {
        let mut t = new_type_obj(name, Some(BuiltinType::Exception));
        t.is_exception = true;
        t.weakrefable = false;
        let base_id = base.map(|b| vm.exc_types[b as usize]).unwrap_or(object_t);
        let mut mro = vec![];
        if let Some(b) = base {
            if let Payload::Type(bt) = vm.heap.payload(vm.exc_types[b as usize]) {
                mro = bt.static_mro.clone();
            }
        } else {
            mro.push(object_t);
        }
        t.base = Some(base_id);
        let id = static_object(vm, type_t, Payload::Type(Box::new(t)), 904, 1000);
        mro.insert(0, id);
        if let Payload::Type(t) = vm.heap.payload_mut(id) {
            t.static_mro = mro;
        }
        debug_assert_eq!(vm.exc_types.len(), kind as usize);
        vm.exc_types.push(id);
    }
    vm.types[BuiltinType::Exception as usize] = vm.exc_types[ExcKind::BaseException as usize];
    // `class ExceptionGroup(BaseExceptionGroup, Exception)`
    let eg = vm.exc_types[ExcKind::ExceptionGroup as usize];
    let beg = vm.exc_types[ExcKind::BaseExceptionGroup as usize];
    let exc = vm.exc_types[ExcKind::Exception as usize];
    let base_exc = vm.exc_types[ExcKind::BaseException as usize];
    let tuple_t = vm.ty(BuiltinType::Tuple);
    let bases = static_object(vm, tuple_t, Payload::Tuple(Box::new([beg, exc])), 40, 1);
    vm.incref(beg);
    vm.incref(exc);
    vm.incref(bases);
    // `PyErr_NewException` makes it a heap type: a dict of its own (`__module__`,
    // `__weakref__`, `__doc__`), instances that hold it, and a weak reference list after
    // the group's fields
    let dict_t = vm.ty(BuiltinType::Dict);
    let dict = static_object(vm, dict_t, Payload::Dict(Box::new(PyDict::new())), 64, 1);
    let module = vm.intern_static("builtins");
    vm.incref(module);
    vm.dict_set_static(dict, "__module__", module);
    let gs_t = vm.ty(BuiltinType::GetSetDescriptor);
    let weakref = static_object(
        vm,
        gs_t,
        Payload::GetSetDescr {
            name: "__weakref__",
            owner: eg,
        },
        48,
        1,
    );
    vm.incref(eg);
    vm.incref(weakref);
    vm.dict_set_static(dict, "__weakref__", weakref);
    let none = vm.statics.none;
    vm.incref(none);
    vm.dict_set_static(dict, "__doc__", none);
    // a heap type's dict and `__base__` are references it holds
    vm.incref(dict);
    vm.incref(beg);
    if let Payload::Type(t) = vm.heap.payload_mut(eg) {
        t.static_mro = vec![eg, beg, exc, base_exc, object_t];
        t.bases = Some(bases);
        t.builtin = None;
        t.dict = Some(dict);
        t.weakrefable = true;
        t.basicsize = crate::vm::excgroup::GROUP_BASICSIZE + 8;
    }
}

fn make_method_descriptors(vm: &mut Vm) {
    let descr_t = vm.ty(BuiltinType::MethodDescriptor);
    // what `BaseExceptionGroup` adds to `BaseException` (its own, found before the shared
    // exception methods)
    let beg = vm.exc_types[ExcKind::BaseExceptionGroup as usize];
    for def in crate::vm::excgroup::GROUP_METHODS {
        let id = static_object(
            vm,
            descr_t,
            Payload::MethodDescr(Box::new(MethodDescr {
                func: builtins::Builtin(def),
                owner: beg,
            })),
            80,
            1,
        );
        vm.incref(beg);
        vm.set_builtin_attr(beg, def.name, id);
        vm.intern_static(def.name);
    }
    for (bt, defs) in builtins::method_tables() {
        let owner = vm.ty(bt);
        for def in defs {
            let id = static_object(
                vm,
                descr_t,
                Payload::MethodDescr(Box::new(MethodDescr {
                    func: builtins::Builtin(def),
                    owner,
                })),
                80,
                1,
            );
            vm.incref(owner);
            vm.method_descrs.entry(bt).or_default().insert(def.name, id);
            vm.intern_static(def.name);
        }
    }
}

fn make_builtins_module(vm: &mut Vm) {
    let dict_t = vm.ty(BuiltinType::Dict);
    let module_t = vm.ty(BuiltinType::Module);
    let dict = static_object(vm, dict_t, Payload::Dict(Box::new(PyDict::new())), 64, 1);
    vm.builtins_dict = dict;
    let module = static_object(
        vm,
        module_t,
        Payload::Module(Box::new(Module {
            name: "builtins".into(),
            dict,
            name_obj: None,
        })),
        72,
        1,
    );
    vm.incref(dict);
    vm.builtins_module = module;
    let bf_t = vm.ty(BuiltinType::BuiltinFunction);
    for def in builtins::functions::FUNCTIONS {
        let f = static_object(
            vm,
            bf_t,
            Payload::Builtin(Box::new(BuiltinFn {
                func: builtins::Builtin(def),
                self_: Some(module),
            })),
            72,
            0,
        );
        // the builtins dict holds the only reference
        vm.incref(f);
        vm.incref(module);
        vm.dict_set_static(dict, def.name, f);
    }
    for &(bt, name) in BUILTIN_TYPE_NAMES {
        let t = vm.ty(bt);
        vm.incref(t);
        vm.dict_set_static(dict, name, t);
    }
    for &(kind, name, _) in ExcKind::ALL {
        let t = vm.exc_types[kind as usize];
        vm.incref(t);
        vm.dict_set_static(dict, name, t);
    }
    // the old names of OSError
    for alias in ["EnvironmentError", "IOError"] {
        let t = vm.exc_types[ExcKind::OSError as usize];
        vm.incref(t);
        vm.dict_set_static(dict, alias, t);
    }
    for (name, value) in [
        ("None", vm.statics.none),
        ("Ellipsis", vm.statics.ellipsis),
        ("NotImplemented", vm.statics.not_implemented),
        ("True", vm.statics.true_),
        ("False", vm.statics.false_),
    ] {
        vm.incref(value);
        vm.dict_set_static(dict, name, value);
    }
    let name = vm.intern_static("builtins");
    vm.incref(name);
    vm.dict_set_static(dict, "__name__", name);
    let none = vm.new_none();
    vm.dict_set_static(dict, "__doc__", none);
    for name in builtins::PREINTERNED {
        vm.intern_static(name);
    }
}

fn make_main_module(vm: &mut Vm) {
    let dict_t = vm.ty(BuiltinType::Dict);
    let module_t = vm.ty(BuiltinType::Module);
    let dict = static_object(vm, dict_t, Payload::Dict(Box::new(PyDict::new())), 64, 0);
    vm.main_dict = dict;
    let module = static_object(
        vm,
        module_t,
        Payload::Module(Box::new(Module {
            name: "__main__".into(),
            dict,
            name_obj: None,
        })),
        72,
        1,
    );
    vm.incref(dict);
    vm.main_module = module;
    vm.incref(module);
    vm.modules.insert("__main__".into(), module);
    let name = vm.intern_static("__main__");
    vm.incref(name);
    vm.dict_set_static(dict, "__name__", name);
    let none = vm.new_none();
    vm.dict_set_static(dict, "__doc__", none);
    let none = vm.new_none();
    vm.dict_set_static(dict, "__package__", none);
    let none = vm.new_none();
    vm.dict_set_static(dict, "__loader__", none);
    let none = vm.new_none();
    vm.dict_set_static(dict, "__spec__", none);
    if vm.options.mode == super::RunMode::Script {
        // pylifecycle.c `add_main_module`: `__main__.__annotations__ = {}` before
        // `__builtins__`, so a script's `SETUP_ANNOTATIONS` finds it there
        let ann = static_object(vm, dict_t, Payload::Dict(Box::new(PyDict::new())), 64, 0);
        vm.incref(ann);
        vm.dict_set_static(dict, "__annotations__", ann);
    }
    let b = vm.builtins_module;
    vm.incref(b);
    vm.dict_set_static(dict, "__builtins__", b);
    if vm.options.mode == super::RunMode::Script {
        let file = vm.options.filename.clone();
        let f = vm.new_str(&file);
        vm.dict_set_static(dict, "__file__", f);
        let none = vm.new_none();
        vm.dict_set_static(dict, "__cached__", none);
    }
}

impl Vm {
    /// Intern a name at start-up (a static string), returning the interned object (borrowed).
    pub(crate) fn intern_static(&mut self, name: &str) -> ObjId {
        if let Some(&id) = self.interned.get(name) {
            return id;
        }
        let mut s = PyStr::new(name.to_string());
        s.interned = true;
        s.intern_reason = crate::object::str::InternReason::Interpreter;
        let size = s.sizeof().div_ceil(8) * 8;
        let str_t = self.ty(BuiltinType::Str);
        let id = static_object(self, str_t, Payload::Str(Box::new(s)), size, 1);
        self.interned.insert(name.to_string(), id);
        id
    }

    /// Store `value` (a reference the caller gives up) under an interned `name` in a dict at
    /// start-up, where no Python code can run.
    pub(crate) fn dict_set_static(&mut self, dict: ObjId, name: &str, value: ObjId) {
        let key = self.intern_static(name);
        self.incref(key);
        let hash = crate::object::hash::hash_str(name);
        if let Payload::Dict(d) = self.heap.payload_mut(dict) {
            match d.probe(hash, key) {
                crate::object::dict::Probe::Found(ix) => {
                    let old = d.replace_value(ix, value);
                    self.decref(key);
                    self.decref(old);
                }
                _ => {
                    d.insert_new(hash, key, value, true);
                }
            }
        }
    }
}
