//! Methods of builtin types: `object`, `BaseException`, `list`, `tuple`, `dict`, `set`, `str`,
//! `int`, generators, `c_long`. Argument checking and errors follow CPython's wording.

use crate::ast::CmpOp;
use num_traits::{One, Signed, Zero};

use crate::object::{BuiltinType, DictViewKind, ObjId, Payload, PySet};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyResult, Vm};

use super::{check_count, classmethod, int_arg, method, no_kwargs, take_kwargs, BuiltinDef};

pub mod bytes;
pub mod bytes_text;
pub mod dictviews;
pub mod slots;
pub mod sort;
pub mod strings;
pub mod unicode;

pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::Object, OBJECT),
        (BuiltinType::Exception, EXCEPTION),
        (BuiltinType::List, LIST),
        (BuiltinType::Tuple, TUPLE),
        (BuiltinType::Range, RANGE),
        (BuiltinType::Slice, SLICE),
        (BuiltinType::Dict, DICT),
        (BuiltinType::Set, SET),
        (BuiltinType::FrozenSet, FROZENSET),
        (BuiltinType::Str, strings::STR),
        (BuiltinType::Str, unicode::STR),
        (BuiltinType::Bytes, strings::BYTES),
        (BuiltinType::Bytes, bytes::BYTES_COMMON),
        (BuiltinType::Bytes, bytes_text::BYTES_TEXT),
        (BuiltinType::Bytes, bytes::BYTES_ONLY),
        (BuiltinType::ByteArray, bytes::BYTES_COMMON),
        (BuiltinType::ByteArray, bytes_text::BYTES_TEXT),
        (BuiltinType::ByteArray, bytes::BYTEARRAY),
        (BuiltinType::Int, INT),
        (BuiltinType::Float, FLOAT),
        (BuiltinType::CLong, CLONG),
        (BuiltinType::Type, TYPE),
        (BuiltinType::TextIOWrapper, TEXTIO),
        (BuiltinType::Module, MODULE),
    ]
    .into_iter()
    .chain(slots::tables())
    .chain(dictviews::tables())
    .collect()
}

// ---- the lists `split` and `rsplit` build (str, bytes, bytearray) ----

/// `MAX_PREALLOC` of `Objects/stringlib/split.h`.
const SPLIT_MAX_PREALLOC: usize = 12;

/// `PyList_New(PREALLOC_SIZE(maxcount))`: made before any part, with room for
/// `maxcount + 1` parts, 12 at most.
pub(crate) fn split_list_new(vm: &mut Vm, maxcount: usize) -> ObjId {
    let prealloc = maxcount.saturating_add(1).min(SPLIT_MAX_PREALLOC);
    vm.new_list_with_capacity(Vec::new(), prealloc)
}

/// `SPLIT_ADD`: the first 12 parts go in the preallocated slots, later ones are appended
/// (the list grows as `list.append` grows it); `FIX_PREALLOC_SIZE` leaves the room as it is.
pub(crate) fn split_add(vm: &mut Vm, l: ObjId, item: ObjId) {
    if let Payload::List(list) = vm.heap.payload_mut(l) {
        if list.items.len() < SPLIT_MAX_PREALLOC && list.items.len() < list.allocated {
            list.items.push(item);
            return;
        }
    }
    vm.list_append_owned(l, item);
}

/// `PyList_Reverse` of a finished `rsplit` list (its parts were found right to left).
pub(crate) fn split_reverse(vm: &mut Vm, l: ObjId) {
    if let Payload::List(list) = vm.heap.payload_mut(l) {
        list.items.reverse();
    }
}

// ---- argument checks, counted without `self` as CPython's messages count them ----

/// `type.method` for messages, from the receiver's type (`list.count`, `tuple.count`,
/// `frozenset.copy`).
pub(crate) fn qual(vm: &Vm, args: &[ObjId], name: &str) -> String {
    match args.first() {
        Some(&a) => format!("{}.{name}", vm.type_name(a)),
        None => name.to_string(),
    }
}

fn reject_kwargs(vm: &mut Vm, qual: &str, kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(&format!("{qual}() takes no keyword arguments")))
    }
}

/// `METH_NOARGS`: `str.upper() takes no arguments (1 given)`.
pub(crate) fn noargs(
    vm: &mut Vm,
    qual: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<()> {
    reject_kwargs(vm, qual, kwargs)?;
    let n = args.len().saturating_sub(1);
    if n == 0 {
        return Ok(());
    }
    Err(vm.type_error(&format!("{qual}() takes no arguments ({n} given)")))
}

/// `METH_O`: `list.append() takes exactly one argument (0 given)`.
pub(crate) fn onearg(
    vm: &mut Vm,
    qual: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<()> {
    reject_kwargs(vm, qual, kwargs)?;
    let n = args.len().saturating_sub(1);
    if n == 1 {
        return Ok(());
    }
    Err(vm.type_error(&format!("{qual}() takes exactly one argument ({n} given)")))
}

/// Argument clinic's positional-only methods (`_PyArg_CheckPositional`):
/// `insert expected 2 arguments, got 0`, `get expected at least 1 argument, got 0`.
pub(crate) fn positional(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    min: usize,
    max: usize,
) -> PyResult<()> {
    reject_kwargs(vm, name, kwargs)?;
    let n = args.len().saturating_sub(1);
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if n < min {
        let at = if min == max { "" } else { "at least " };
        let msg = format!("{name} expected {at}{min} argument{}, got {n}", plural(min));
        return Err(vm.type_error(&msg));
    }
    if n > max {
        let at = if min == max { "" } else { "at most " };
        let msg = format!("{name} expected {at}{max} argument{}, got {n}", plural(max));
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

// ---- object ----

static OBJECT: &[BuiltinDef] = &[
    method("__init__", object_init),
    method("__repr__", object_repr),
    method("__str__", object_str),
    method("__eq__", object_eq),
    method("__ne__", object_ne),
    method("__hash__", object_hash),
    method("__format__", object_format),
    method("__sizeof__", object_sizeof),
    method("__setattr__", object_setattr),
    method("__delattr__", object_delattr),
    method("__getattribute__", object_getattribute),
    method("__dir__", object_dir),
];

/// `object_init`: extra arguments are an error (`object.__init__() takes exactly one
/// argument`, `C() takes no arguments`).
fn object_init(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some(&obj) = args.first() else {
        return Err(vm.type_error("descriptor '__init__' of 'object' object needs an argument"));
    };
    let ty = vm.type_of(obj);
    if vm.builtin_base(ty) == crate::object::BuiltinType::Native {
        // a native type's own `tp_init` (`deque.__init__`), which the model keeps in its
        // constructor
        vm.builtin_tp_init(ty, obj, &args[1..], kwargs)?;
    } else {
        vm.object_init_check(ty, &args[1..], kwargs)?;
    }
    Ok(vm.new_none())
}

fn object_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__repr__", args, 1, 1)?;
    let ty = vm.type_of(args[0]);
    let s = format!(
        "<{} object at 0x{:x}>",
        vm.class_path(ty),
        vm.heap.get(args[0]).addr
    );
    Ok(vm.new_string(s))
}

fn object_str(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__str__", args, 1, 1)?;
    // `object_str` calls the type's `tp_repr` itself, not `PyObject_Repr`
    let s = vm.repr_slot(args[0])?;
    Ok(vm.new_string(s))
}

fn object_eq(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__eq__", args, 2, 2)?;
    if args[0] == args[1] {
        return Ok(vm.new_bool(true));
    }
    let ni = vm.statics.not_implemented;
    Ok(vm.new_ref(ni))
}

/// `object_richcompare`'s `Py_NE`: the type's own `==`, inverted (NotImplemented stays).
fn object_ne(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__ne__", args, 2, 2)?;
    let Some(r) = vm.type_richcompare(args[0], args[1], CmpOp::Eq)? else {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    };
    let t = vm.is_true(r);
    vm.decref(r);
    Ok(vm.new_bool(!t?))
}

fn object_hash(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__hash__", args, 1, 1)?;
    let h = crate::object::hash::hash_pointer(vm.heap.get(args[0]).addr);
    Ok(vm.new_int(h))
}

fn object_format(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__format__", args, 2, 2)?;
    let spec = super::str_arg(vm, "__format__", args[1])?;
    if !spec.is_empty() {
        let msg = format!(
            "unsupported format string passed to {}.__format__",
            vm.type_name(args[0])
        );
        return Err(vm.type_error(&msg));
    }
    vm.str_object(args[0])
}

fn object_sizeof(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__sizeof__", args, 1, 1)?;
    let n = vm.sizeof(args[0]) - vm.gc_preheader_size(args[0]);
    Ok(vm.new_usize(n))
}

fn object_setattr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__setattr__", args, 3, 3)?;
    vm.generic_setattr(args[0], args[1], Some(args[2]))?;
    Ok(vm.new_none())
}

fn object_delattr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__delattr__", args, 2, 2)?;
    vm.generic_setattr(args[0], args[1], None)?;
    Ok(vm.new_none())
}

fn object_getattribute(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__getattribute__", args, 2, 2)?;
    vm.generic_getattr(args[0], args[1])
}

fn object_dir(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__dir__", args, 1, 1)?;
    let d = vm.builtin_named("dir");
    let r = vm.call_object(d, &[args[0]], &[]);
    vm.decref(d);
    r
}

// ---- type ----

static TYPE: &[BuiltinDef] = &[
    method("mro", type_mro),
    method("__subclasses__", type_subclasses),
    method("__call__", type_call_wrapper),
    method("__instancecheck__", type_instancecheck),
    method("__subclasscheck__", type_subclasscheck),
    classmethod("__prepare__", type_prepare),
];

/// `type.__call__(cls, *args, **kwargs)`: `type_call` (what a metaclass's `__call__` reaches
/// through `super().__call__()`).
fn type_call_wrapper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    vm.type_call(args[0], &args[1..], kwargs)
}

/// `type.__instancecheck__(cls, obj)`: the MRO test, without the metaclass hooks.
fn type_instancecheck(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "type.__instancecheck__", args, kwargs)?;
    let t = vm.type_of(args[1]);
    let r = vm.is_subtype(t, args[0]);
    Ok(vm.new_bool(r))
}

/// `type.__subclasscheck__(cls, sub)`.
fn type_subclasscheck(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "type.__subclasscheck__", args, kwargs)?;
    if !matches!(vm.payload(args[1]), Payload::Type(_)) {
        return Err(vm.type_error("issubclass() arg 1 must be a class"));
    }
    let r = vm.is_subtype(args[1], args[0]);
    Ok(vm.new_bool(r))
}

/// `type.__prepare__(name, bases, **kwds)`: a new empty dict.
fn type_prepare(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Ok(vm.new_dict())
}

/// `type.mro()` (`type_mro_impl`): `mro_implementation`'s result as a list. With one base that
/// is a new tuple (the class, then the base's `__mro__`), which `PySequence_List` copies into
/// a list with room for exactly its length rounded up to even; otherwise (`object`, several
/// bases) a list made with one slot for the class, grown by `pmerge`'s appends.
fn type_mro(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "mro", args, 1, 1)?;
    let items = vm.mro_of(args[0]);
    for &i in &items {
        vm.incref(i);
    }
    let nbases = match vm.payload(args[0]) {
        Payload::Type(t) => match t.bases {
            Some(b) => vm.len_of_builtin(b).unwrap_or(0),
            None => usize::from(t.base.is_some()),
        },
        _ => 0,
    };
    if nbases == 1 {
        let t = vm.new_tuple(items);
        let l = vm.new_list(Vec::new());
        let r = vm.list_extend(l, t);
        vm.decref(t);
        return match r {
            Ok(()) => Ok(l),
            Err(e) => {
                vm.decref(l);
                Err(e)
            }
        };
    }
    let mut rest = items.into_iter();
    let first: Vec<ObjId> = rest.next().into_iter().collect();
    let l = vm.new_list(first);
    for v in rest {
        vm.list_append_owned(l, v);
    }
    Ok(l)
}

fn type_subclasses(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__subclasses__", args, 1, 1)?;
    Ok(vm.type_subclasses(args[0]))
}

// ---- BaseException ----

static EXCEPTION: &[BuiltinDef] = &[
    method("__init__", exception_init),
    method("__str__", base_exception_str),
    method("__repr__", exception_repr),
    method("with_traceback", exception_with_traceback),
    method("add_note", exception_add_note),
];

/// `BaseException.add_note(note)`: appended to `__notes__`, a list made on first use (in
/// the instance dict, in 3.11).
fn exception_add_note(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "add_note", args, kwargs)?;
    let (this, note) = (args[0], args[1]);
    if !matches!(vm.payload(note), Payload::Str(_)) {
        let msg = format!("note must be a str, not '{}'", vm.type_name(note));
        return Err(vm.type_error(&msg));
    }
    let name = vm.new_interned("__notes__");
    let r = exception_add_note_to(vm, this, name, note);
    vm.decref(name);
    r
}

fn exception_add_note_to(vm: &mut Vm, this: ObjId, name: ObjId, note: ObjId) -> PyResult<ObjId> {
    let notes = match vm.getattr(this, name) {
        Ok(n) => n,
        Err(e) if vm.is_instance_of_kind(e.0, crate::vm::ExcKind::AttributeError) => {
            vm.decref(e.0);
            let l = vm.new_list(Vec::new());
            if let Err(e) = vm.setattr(this, name, Some(l)) {
                vm.decref(l);
                return Err(e);
            }
            l
        }
        Err(e) => return Err(e),
    };
    if !matches!(vm.payload(notes), Payload::List(_)) {
        vm.decref(notes);
        return Err(vm.type_error("Cannot add note: __notes__ is not a list"));
    }
    vm.incref(note);
    vm.list_append_owned(notes, note);
    vm.decref(notes);
    Ok(vm.new_none())
}

fn exception_init(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some((&this, rest)) = args.split_first() else {
        return Err(
            vm.type_error("descriptor '__init__' of 'BaseException' object needs an argument")
        );
    };
    let ty = vm.type_of(this);
    vm.run_builtin_init(ty, this, rest, kwargs)?;
    Ok(vm.new_none())
}

/// `__str__` of an exception class that has its own `tp_str` (`KeyError_str`,
/// `OSError_str`, `SyntaxError_str`, the Unicode errors'...): the instance's own formatting.
/// `cpython_dir::apply` gives it to the classes whose dict CPython gives a `__str__`.
pub static EXCEPTION_STR_OWN: BuiltinDef = method("__str__", exception_str);

/// `BaseException_str`, what `BaseException.__str__` runs whatever the instance: "" for no
/// arguments, `str(arg)` for one, else `str(args)` (`LookupError.__str__(KeyError('k'))`
/// is `k`, unquoted).
fn base_exception_str(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__str__", args, 1, 1)?;
    let exc_args = match vm.payload(args[0]) {
        Payload::Exception(e) => e.args,
        _ => return exception_str(vm, args, _kwargs),
    };
    let items = vm.tuple_items(exc_args);
    match items.len() {
        0 => Ok(vm.new_str("")),
        1 => vm.str_object(items[0]),
        _ => vm.str_object(exc_args),
    }
}

fn exception_str(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__str__", args, 1, 1)?;
    let s = vm.exception_message(args[0]);
    Ok(vm.new_string(s))
}

/// `BaseException_repr`: `Name(arg)` for one argument, else `Name` + `repr(args)`.
fn exception_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__repr__", args, 1, 1)?;
    let exc_args = match vm.payload(args[0]) {
        Payload::Exception(e) => e.args,
        _ => return vm.repr_object(args[0]),
    };
    let name = vm.type_name(args[0]);
    let items = vm.tuple_items(exc_args);
    let inner = if items.len() == 1 {
        format!("({})", vm.repr_string(items[0])?)
    } else {
        vm.repr_string(exc_args)?
    };
    Ok(vm.new_string(format!("{name}{inner}")))
}

fn exception_with_traceback(
    vm: &mut Vm,
    args: &[ObjId],
    _kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    check_count(vm, "with_traceback", args, 2, 2)?;
    let tb = if args[1] == vm.none() {
        None
    } else {
        Some(args[1])
    };
    if let Some(t) = tb {
        vm.incref(t);
    }
    let old = match vm.heap.payload_mut(args[0]) {
        Payload::Exception(e) => std::mem::replace(&mut e.traceback, tb),
        _ => None,
    };
    vm.xdecref(old);
    Ok(vm.new_ref(args[0]))
}

// ---- list ----

static LIST: &[BuiltinDef] = &[
    method("append", list_append),
    method("extend", list_extend),
    method("insert", list_insert),
    method("pop", list_pop),
    method("remove", list_remove),
    method("clear", list_clear),
    method("copy", list_copy),
    method("index", list_index),
    method("count", list_count),
    method("reverse", list_reverse),
    method("sort", list_sort),
    method("__len__", seq_len),
    method("__sizeof__", object_sizeof),
];

fn list_append(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "list.append", kwargs)?;
    onearg(vm, "list.append", args, kwargs)?;
    vm.incref(args[1]);
    vm.list_append_owned(args[0], args[1]);
    Ok(vm.new_none())
}

fn list_extend(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "list.extend", args, kwargs)?;
    vm.list_extend(args[0], args[1])?;
    Ok(vm.new_none())
}

fn list_insert(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "insert", args, kwargs, 2, 2)?;
    let l = args[0];
    let n = vm.len_of_builtin(l).unwrap_or(0) as i64;
    let mut i = int_arg(vm, args[1])?;
    if i < 0 {
        i = (i + n).max(0);
    }
    let i = i.min(n) as usize;
    vm.list_resize(l, n as usize + 1);
    vm.incref(args[2]);
    if let Payload::List(list) = vm.heap.payload_mut(l) {
        list.items.insert(i, args[2]);
    }
    Ok(vm.new_none())
}

fn list_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "pop", args, kwargs, 0, 1)?;
    let l = args[0];
    let n = vm.len_of_builtin(l).unwrap_or(0);
    if n == 0 {
        return Err(vm.index_error("pop from empty list"));
    }
    let mut i = match args.get(1) {
        Some(&a) => int_arg(vm, a)?,
        None => -1,
    };
    if i < 0 {
        i += n as i64;
    }
    if i < 0 || i >= n as i64 {
        return Err(vm.index_error("pop index out of range"));
    }
    let v = match vm.heap.payload_mut(l) {
        Payload::List(list) => list.items.remove(i as usize),
        _ => unreachable!(),
    };
    vm.list_resize(l, n - 1);
    Ok(v)
}

fn list_remove(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "list.remove", args, kwargs)?;
    let l = args[0];
    // each item is read from the list as it is now (an __eq__ may change it)
    let mut i = 0;
    while let Some(item) = vm.list_item_now(l, i) {
        vm.incref(item);
        let eq = vm.eq(item, args[1]);
        vm.decref(item);
        if !eq? {
            i += 1;
            continue;
        }
        {
            let n = vm.len_of_builtin(l).unwrap_or(0);
            let v = match vm.heap.payload_mut(l) {
                Payload::List(list) if i < list.items.len() => Some(list.items.remove(i)),
                _ => None,
            };
            vm.list_resize(l, n.saturating_sub(1));
            vm.xdecref(v);
            return Ok(vm.new_none());
        }
    }
    Err(vm.new_exception(ExcKind::ValueError, "list.remove(x): x not in list"))
}

fn list_clear(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "clear");
    noargs(vm, &q, args, kwargs)?;
    vm.list_clear(args[0])?;
    Ok(vm.new_none())
}

fn list_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "copy");
    noargs(vm, &q, args, kwargs)?;
    let items = vm.list_items(args[0]);
    for &i in &items {
        vm.incref(i);
    }
    Ok(vm.new_list(items))
}

/// Position of the first item equal to `x`, scanning `items`.
fn position_of(vm: &mut Vm, items: &[ObjId], x: ObjId) -> PyResult<Option<usize>> {
    for (i, &item) in items.iter().enumerate() {
        vm.incref(item);
        let eq = vm.eq(item, x);
        vm.decref(item);
        if eq? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

/// `_PyEval_SliceIndexNotNone`: an int (or `__index__`), clipped to the `Py_ssize_t` range.
fn slice_index_not_none(vm: &mut Vm, v: ObjId) -> PyResult<i64> {
    if v == vm.none() {
        return Err(vm.type_error("slice indices must be integers or have an __index__ method"));
    }
    match super::slice_index_arg(vm, v) {
        Ok(n) => Ok(n.unwrap_or(0)),
        Err(e) if vm.is_instance_of_kind(e.0, ExcKind::TypeError) => {
            vm.decref(e.0);
            Err(vm.type_error("slice indices must be integers or have an __index__ method"))
        }
        Err(e) => Err(e),
    }
}

fn list_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "index", args, kwargs, 1, 3)?;
    let items = match vm.payload(args[0]) {
        Payload::List(l) => l.items.to_vec(),
        _ => vm.tuple_items(args[0]),
    };
    let n = items.len() as i64;
    let clamp = |i: i64| -> usize { (if i < 0 { (i + n).max(0) } else { i.min(n) }) as usize };
    let start = match args.get(2) {
        Some(&a) => clamp(slice_index_not_none(vm, a)?),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(&a) => clamp(slice_index_not_none(vm, a)?),
        None => n as usize,
    };
    let found = if matches!(vm.payload(args[0]), Payload::List(_)) {
        // list_index: items read from the list as it is now, up to its current end
        let mut found = None;
        let mut i = start;
        while i < stop {
            let Some(item) = vm.list_item_now(args[0], i) else {
                break;
            };
            vm.incref(item);
            let eq = vm.eq(item, args[1]);
            vm.decref(item);
            if eq? {
                found = Some(i - start);
                break;
            }
            i += 1;
        }
        found
    } else {
        position_of(vm, &items[start.min(stop)..stop], args[1])?
    };
    match found {
        Some(i) => Ok(vm.new_usize(i + start)),
        None => {
            let what = if matches!(vm.payload(args[0]), Payload::List(_)) {
                format!("{} is not in list", vm.repr_string(args[1])?)
            } else {
                "tuple.index(x): x not in tuple".to_string()
            };
            Err(vm.new_exception(ExcKind::ValueError, &what))
        }
    }
}

fn list_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "count");
    onearg(vm, &q, args, kwargs)?;
    let is_list = matches!(vm.payload(args[0]), Payload::List(_));
    let items = if is_list {
        Vec::new()
    } else {
        vm.tuple_items(args[0])
    };
    let mut n = 0;
    let mut i = 0;
    loop {
        // a list's items are read as the list is now (an __eq__ may change it)
        let item = if is_list {
            vm.list_item_now(args[0], i)
        } else {
            items.get(i).copied()
        };
        let Some(item) = item else {
            break;
        };
        i += 1;
        vm.incref(item);
        let eq = vm.eq(item, args[1]);
        vm.decref(item);
        if eq? {
            n += 1;
        }
    }
    Ok(vm.new_int(n))
}

fn list_reverse(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "list.reverse", args, kwargs)?;
    if let Payload::List(l) = vm.heap.payload_mut(args[0]) {
        l.items.reverse();
    }
    Ok(vm.new_none())
}

fn list_sort(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.len() > 1 {
        return Err(vm.type_error("sort() takes no positional arguments"));
    }
    list_sort_impl(vm, args[0], kwargs)?;
    Ok(vm.new_none())
}

/// `list.sort(key=None, reverse=False)`: CPython's `list_sort_impl` (see [`sort`]). The list is
/// emptied while it sorts (its items, capacity and block put aside, `allocated` set to the
/// "sorting" mark), so a key or comparison that mutates it cannot touch the items being
/// sorted; anything it left in the list is released afterwards, and a list that was changed
/// makes a successful sort raise `ValueError: list modified during sort`. Keys are computed
/// first, in order; reverse sorts reverse the items first and the result afterwards, which
/// keeps equal items in order. A failed comparison leaves the list a permutation of itself.
pub fn list_sort_impl(vm: &mut Vm, l: ObjId, kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
    let kw = take_kwargs(vm, "sort", kwargs, &["key", "reverse"])?;
    let key = kw[0].filter(|&k| k != vm.none());
    let reverse = match kw[1] {
        Some(r) => vm.is_true(r)?,
        None => false,
    };
    let Payload::List(list) = vm.heap.payload_mut(l) else {
        return Ok(());
    };
    let mut items = std::mem::take(&mut list.items);
    let saved_allocated = std::mem::replace(&mut list.allocated, crate::object::LIST_SORTING);
    let saved_block = list.take_items_block();
    let mut result = Ok(());
    let mut keys = Vec::with_capacity(items.len());
    match key {
        Some(f) => {
            for &item in &items {
                match vm.call_object(f, &[item], &[]) {
                    Ok(k) => keys.push(k),
                    Err(e) => {
                        result = Err(e);
                        break;
                    }
                }
            }
        }
        // without a key function the items are their own keys, borrowed
        // (`keys = saved_ob_item`)
        None => keys.extend_from_slice(&items),
    }
    if result.is_ok() {
        if reverse {
            keys.reverse();
            items.reverse();
        }
        let mut perm: Vec<usize> = (0..items.len()).collect();
        result = sort::timsort(vm, &keys, &mut perm);
        let mut sorted: Vec<ObjId> = perm.iter().map(|&i| items[i]).collect();
        if reverse {
            sorted.reverse();
        }
        items = sorted.into();
    }
    // the keys go first (last to first when a key failed), then what the snippet left in
    // the list
    if result.is_err() && keys.len() < items.len() {
        keys.reverse();
    }
    if key.is_some() {
        for k in keys {
            vm.decref(k);
        }
    }
    let Payload::List(list) = vm.heap.payload_mut(l) else {
        return result;
    };
    let modified = list.allocated != crate::object::LIST_SORTING;
    let left = std::mem::replace(&mut list.items, items);
    let left_allocated = std::mem::replace(&mut list.allocated, saved_allocated);
    let left_block = list.set_items_block(saved_block);
    if modified && result.is_ok() {
        result = Err(vm.new_exception(ExcKind::ValueError, "list modified during sort"));
    }
    for v in left.into_iter().rev() {
        vm.decref(v);
    }
    if let Some(addr) = left_block {
        vm.heap.free_block(crate::heap::Block {
            addr,
            size: 8 * left_allocated,
        });
    }
    result
}

fn seq_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__len__", args, 1, 1)?;
    let n = vm.len(args[0])?;
    Ok(vm.new_usize(n))
}

// ---- module ----

static MODULE: &[BuiltinDef] = &[method("__dir__", module_dir)];

/// `module.__dir__()` (`module___dir___impl`): the module dict's own `__dir__` called when it
/// has one (PEP 562), else `PyDict_Keys` of the dict: its key objects, in order, unsorted.
pub(crate) fn module_dir(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    no_kwargs(vm, "__dir__", kwargs)?;
    check_count(vm, "__dir__", args, 1, 1)?;
    let dict = vm.getattr_str(args[0], "__dict__")?;
    let Payload::Dict(d) = vm.payload(dict) else {
        vm.decref(dict);
        return Err(vm.type_error("<module>.__dict__ is not a dictionary"));
    };
    let keys: Vec<ObjId> = d.iter().map(|e| e.key).collect();
    let name = vm.new_interned("__dir__");
    let hook = vm.dict_getitem_str(dict, name);
    vm.decref(name);
    let r = match hook {
        Some(f) => {
            vm.incref(f);
            let r = vm.call_object(f, &[], &[]);
            vm.decref(f);
            r
        }
        None => {
            for &k in &keys {
                vm.incref(k);
            }
            Ok(vm.new_list(keys))
        }
    };
    vm.decref(dict);
    r
}

// ---- range ----

static RANGE: &[BuiltinDef] = &[method("index", range_index), method("count", range_count)];

/// The range's fields and, for an exact int argument, whether it is an item (`range_contains`).
fn range_item_index(vm: &Vm, r: ObjId, v: ObjId) -> Option<Option<num_bigint::BigInt>> {
    let Payload::Range(rg) = vm.payload(r) else {
        return None;
    };
    if !matches!(
        vm.builtin_type_of(v),
        Some(BuiltinType::Int) | Some(BuiltinType::Bool)
    ) {
        return None;
    }
    let n = vm.as_bigint(v)?;
    let inside = if rg.step.is_positive() {
        rg.start <= n && n < rg.stop
    } else {
        rg.stop < n && n <= rg.start
    };
    let offset = &n - &rg.start;
    if inside && (&offset % &rg.step).is_zero() {
        Some(Some(offset / &rg.step))
    } else {
        Some(None)
    }
}

/// `range.index(value)`: arithmetic for ints, else a scan comparing with `==`.
fn range_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "range.index", args, kwargs)?;
    let found = match range_item_index(vm, args[0], args[1]) {
        Some(i) => i,
        None => {
            let it = vm.get_iter(args[0])?;
            let mut i = 0usize;
            let mut found = None;
            loop {
                match vm.next(it) {
                    Ok(Some(x)) => {
                        let eq = vm.eq(x, args[1]);
                        vm.decref(x);
                        match eq {
                            Ok(true) => {
                                found = Some(num_bigint::BigInt::from(i));
                                break;
                            }
                            Ok(false) => i += 1,
                            Err(e) => {
                                vm.decref(it);
                                return Err(e);
                            }
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        vm.decref(it);
                        return Err(e);
                    }
                }
            }
            vm.decref(it);
            found
        }
    };
    match found {
        Some(i) => Ok(vm.new_bigint(i)),
        None => {
            let msg = format!("{} is not in range", vm.repr_string(args[1])?);
            Err(vm.new_exception(ExcKind::ValueError, &msg))
        }
    }
}

fn range_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "range.count", args, kwargs)?;
    if let Some(i) = range_item_index(vm, args[0], args[1]) {
        return Ok(vm.new_int(i.is_some() as i64));
    }
    let items = vm.collect_iterable(args[0])?;
    let mut n = 0;
    let mut err = None;
    for &x in &items {
        match vm.eq(x, args[1]) {
            Ok(true) => n += 1,
            Ok(false) => {}
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    for x in items {
        vm.decref(x);
    }
    match err {
        Some(e) => Err(e),
        None => Ok(vm.new_int(n)),
    }
}

// ---- slice ----

static SLICE: &[BuiltinDef] = &[method("indices", slice_indices)];

/// `slice.indices(length)`: `(start, stop, step)` adjusted to a sequence of that length.
fn slice_indices(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "slice.indices", args, kwargs)?;
    let length = super::ssize_arg(vm, args[1])?;
    if length < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "length should not be negative"));
    }
    let si = vm.slice_indices(args[0], length as usize)?;
    let a = vm.new_int(si.start as i64);
    let b = vm.new_int(si.stop as i64);
    let c = vm.new_int(si.step as i64);
    Ok(vm.new_tuple(vec![a, b, c]))
}

// ---- tuple ----

static TUPLE: &[BuiltinDef] = &[
    method("index", list_index),
    method("count", list_count),
    method("__len__", seq_len),
];

// ---- dict ----

static DICT: &[BuiltinDef] = &[
    method("get", dict_get),
    method("keys", dict_keys),
    method("values", dict_values),
    method("items", dict_items),
    method("update", dict_update).varargs(),
    method("pop", dict_pop),
    method("popitem", dict_popitem),
    method("setdefault", dict_setdefault),
    method("copy", dict_copy),
    method("clear", dict_clear),
    classmethod("fromkeys", dict_fromkeys),
    method("__len__", seq_len),
    method("__sizeof__", object_sizeof),
];

fn dict_get(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "get", args, kwargs, 1, 2)?;
    match vm.dict_get(args[0], args[1])? {
        Some(v) => Ok(vm.new_ref(v)),
        None => match args.get(2) {
            Some(&d) => Ok(vm.new_ref(d)),
            None => Ok(vm.new_none()),
        },
    }
}

fn dict_view(vm: &mut Vm, d: ObjId, kind: DictViewKind) -> ObjId {
    let bt = match kind {
        DictViewKind::Keys => BuiltinType::DictKeys,
        DictViewKind::Values => BuiltinType::DictValues,
        DictViewKind::Items => BuiltinType::DictItems,
    };
    vm.incref(d);
    let t = vm.ty(bt);
    vm.alloc(t, Payload::DictView { dict: d, kind }, Layout::gc(16))
}

fn dict_keys(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "dict.keys", args, kwargs)?;
    Ok(dict_view(vm, args[0], DictViewKind::Keys))
}

fn dict_values(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "dict.values", args, kwargs)?;
    Ok(dict_view(vm, args[0], DictViewKind::Values))
}

fn dict_items(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "dict.items", args, kwargs)?;
    Ok(dict_view(vm, args[0], DictViewKind::Items))
}

/// `dict.update(other)`: a mapping, or an iterable of key/value pairs.
pub fn dict_update_impl(vm: &mut Vm, d: ObjId, other: ObjId) -> PyResult<()> {
    if matches!(vm.payload(other), Payload::Dict(_)) || vm.has_attr(other, "keys") {
        return vm.dict_update_from(d, other, false);
    }
    let it = vm.get_iter(other)?;
    let mut index = 0;
    loop {
        let item = match vm.next(it) {
            Ok(Some(i)) => i,
            Ok(None) => break,
            Err(e) => {
                vm.decref(it);
                return Err(e);
            }
        };
        let pair = if vm.is_iterable(item) {
            vm.collect_iterable(item)
        } else {
            let msg =
                format!("cannot convert dictionary update sequence element #{index} to a sequence");
            Err(vm.type_error(&msg))
        };
        vm.decref(item);
        let pair = match pair {
            Ok(p) => p,
            Err(e) => {
                vm.decref(it);
                return Err(e);
            }
        };
        let r = if pair.len() != 2 {
            let msg = format!(
                "dictionary update sequence element #{index} has length {}; 2 is required",
                pair.len()
            );
            Err(vm.new_exception(ExcKind::ValueError, &msg))
        } else {
            vm.dict_setitem(d, pair[0], pair[1])
        };
        for p in pair {
            vm.decref(p);
        }
        if let Err(e) = r {
            vm.decref(it);
            return Err(e);
        }
        index += 1;
    }
    vm.decref(it);
    Ok(())
}

fn dict_update(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "update", args, &[], 0, 1)?;
    if let Some(&other) = args.get(1) {
        dict_update_impl(vm, args[0], other)?;
    }
    for &(k, v) in kwargs {
        vm.dict_setitem(args[0], k, v)?;
    }
    Ok(vm.new_none())
}

fn dict_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "pop", args, kwargs, 1, 2)?;
    let d = args[0];
    match vm.dict_lookup(d, args[1])? {
        Some(ix) => {
            let e = match vm.heap.payload_mut(d) {
                Payload::Dict(dict) => dict.remove_entry(ix),
                _ => unreachable!(),
            };
            vm.dict_release_key(d, e.key);
            Ok(e.value)
        }
        None => match args.get(2) {
            Some(&dflt) => Ok(vm.new_ref(dflt)),
            None => Err(vm.new_exception_arg(ExcKind::KeyError, args[1])),
        },
    }
}

fn dict_popitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "dict.popitem", args, kwargs)?;
    let d = args[0];
    let split = matches!(vm.payload(d), Payload::Dict(x) if x.split.is_some() && !x.is_empty());
    if split {
        // dict_popitem: a split table is made combined first, the same size
        // (`DK_LOG_SIZE` of the class's keys: `NEXT_LOG2_SHARED_KEYS_MAX_SIZE`)
        vm.dict_unsplit(d);
        vm.dict_resize(d, 6, true);
    }
    let ix = match vm.payload(d) {
        Payload::Dict(dict) => dict.last_entry(),
        _ => None,
    };
    let Some(ix) = ix else {
        return Err(vm.new_exception(ExcKind::KeyError, "popitem(): dictionary is empty"));
    };
    let e = match vm.heap.payload_mut(d) {
        Payload::Dict(dict) => dict.remove_entry(ix),
        _ => unreachable!(),
    };
    Ok(vm.new_tuple(vec![e.key, e.value]))
}

fn dict_setdefault(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "setdefault", args, kwargs, 1, 2)?;
    if let Some(v) = vm.dict_get(args[0], args[1])? {
        return Ok(vm.new_ref(v));
    }
    let dflt = args.get(2).copied().unwrap_or(vm.statics.none);
    vm.dict_setitem(args[0], args[1], dflt)?;
    Ok(vm.new_ref(dflt))
}

fn dict_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "copy");
    noargs(vm, &q, args, kwargs)?;
    vm.dict_copy(args[0])
}

fn dict_clear(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "clear");
    noargs(vm, &q, args, kwargs)?;
    vm.dict_clear(args[0]);
    Ok(vm.new_none())
}

fn dict_fromkeys(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "fromkeys", args, kwargs, 1, 2)?;
    let value = args.get(2).copied().unwrap_or(vm.statics.none);
    let keys = vm.collect_iterable(args[1])?;
    let d = vm.new_dict();
    // _PyDict_FromKeys: from a dict or a set, the table is sized for it first (a set's
    // keys make a general table; a dict's keep its kind)
    let presize = match vm.payload(args[1]) {
        Payload::Dict(src) => Some((src.len(), src.unicode)),
        Payload::Set(src) | Payload::FrozenSet(src) => Some((src.len(), false)),
        _ => None,
    };
    if let Some((n, unicode)) = presize {
        vm.dict_resize(d, crate::object::dict::estimate_log2_keysize(n), unicode);
    }
    let mut result = Ok(());
    for &k in &keys {
        if result.is_ok() {
            result = vm.dict_setitem(d, k, value);
        }
    }
    for k in keys {
        vm.decref(k);
    }
    match result {
        Ok(()) => Ok(d),
        Err(e) => {
            vm.decref(d);
            Err(e)
        }
    }
}

impl Vm {
    /// `dict.clear()`: back to the shared empty keys; entries released in order.
    pub fn dict_clear(&mut self, d: ObjId) {
        // a split table's keys are its class's: only the values are released
        let own_keys = !self.heap.dict_borrows_keys(self.dict_ref(d));
        let (entries, block) = match self.heap.payload_mut(d) {
            Payload::Dict(dict) => {
                let block = dict
                    .keys_block
                    .take()
                    .map(|b| (b, dict.table_size(), dict.unicode, dict.keys_size()));
                // back to the shared empty keys: combined from now on
                dict.split = None;
                (dict.take_all(), block)
            }
            _ => return,
        };
        if let Some((b, t, u, s)) = block {
            self.free_keys_block(b, t, u, s);
        }
        for e in entries {
            if own_keys {
                self.decref(e.key);
            }
            self.decref(e.value);
        }
    }
}

// ---- set / frozenset ----

static SET: &[BuiltinDef] = &[
    method("add", set_add),
    method("discard", set_discard),
    method("remove", set_remove),
    method("pop", set_pop),
    method("clear", set_clear),
    method("copy", set_copy),
    method("update", set_update).varargs(),
    method("union", set_union).varargs(),
    method("intersection", set_intersection).varargs(),
    method("difference", set_difference).varargs(),
    method("symmetric_difference", set_symmetric_difference),
    method("issubset", set_issubset),
    method("issuperset", set_issuperset),
    method("isdisjoint", set_isdisjoint),
    method("difference_update", set_difference_update).varargs(),
    method("intersection_update", set_intersection_update).varargs(),
    method(
        "symmetric_difference_update",
        set_symmetric_difference_update,
    ),
    method("__len__", seq_len),
];

fn set_update_with(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    op: crate::ast::BinOp,
) -> PyResult<ObjId> {
    reject_kwargs(vm, &format!("set.{name}"), kwargs)?;
    if !matches!(vm.payload(args[0]), Payload::Set(_)) {
        return Err(super::descr_error(vm, name, "set", args[0]));
    }
    for &other in &args[1..] {
        vm.set_inplace(args[0], other, op)?;
    }
    Ok(vm.new_none())
}

fn set_difference_update(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    set_update_with(
        vm,
        args,
        kwargs,
        "difference_update",
        crate::ast::BinOp::Sub,
    )
}

fn set_intersection_update(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    set_update_with(
        vm,
        args,
        kwargs,
        "intersection_update",
        crate::ast::BinOp::BitAnd,
    )
}

fn set_symmetric_difference_update(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    onearg(vm, "set.symmetric_difference_update", args, kwargs)?;
    set_update_with(
        vm,
        args,
        kwargs,
        "symmetric_difference_update",
        crate::ast::BinOp::BitXor,
    )
}

static FROZENSET: &[BuiltinDef] = &[
    method("copy", set_copy),
    method("union", set_union).varargs(),
    method("intersection", set_intersection).varargs(),
    method("difference", set_difference).varargs(),
    method("symmetric_difference", set_symmetric_difference),
    method("issubset", set_issubset),
    method("issuperset", set_issuperset),
    method("isdisjoint", set_isdisjoint),
    method("__len__", seq_len),
];

fn set_add(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "set.add", args, kwargs)?;
    vm.set_add(args[0], args[1])?;
    Ok(vm.new_none())
}

fn set_discard(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "set.discard", args, kwargs)?;
    vm.set_discard(args[0], args[1])?;
    Ok(vm.new_none())
}

fn set_remove(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "set.remove", args, kwargs)?;
    if !vm.set_discard(args[0], args[1])? {
        return Err(vm.new_exception_arg(ExcKind::KeyError, args[1]));
    }
    Ok(vm.new_none())
}

fn set_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "set.pop", args, kwargs)?;
    let j = match vm.heap.payload_mut(args[0]) {
        Payload::Set(s) => s.pop_slot(),
        _ => None,
    };
    match j {
        Some(j) => match vm.heap.payload_mut(args[0]) {
            Payload::Set(s) => Ok(s.remove_slot(j)),
            _ => unreachable!(),
        },
        None => Err(vm.new_exception(ExcKind::KeyError, "pop from an empty set")),
    }
}

fn set_clear(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "clear");
    noargs(vm, &q, args, kwargs)?;
    let (keys, block) = match vm.heap.payload_mut(args[0]) {
        Payload::Set(s) => {
            let block = s.table_block.take().map(|b| (b, s.table.len()));
            (s.take_all(), block)
        }
        _ => (Vec::new(), None),
    };
    if let Some((b, n)) = block {
        vm.heap.free_block(crate::heap::Block {
            addr: b,
            size: 16 * n,
        });
    }
    for k in keys {
        vm.decref(k);
    }
    Ok(vm.new_none())
}

fn set_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "copy");
    noargs(vm, &q, args, kwargs)?;
    let frozen = matches!(vm.payload(args[0]), Payload::FrozenSet(_));
    if frozen && vm.builtin_type_of(args[0]) == Some(BuiltinType::FrozenSet) {
        return Ok(vm.new_ref(args[0]));
    }
    let s = vm.new_set(PySet::new(), frozen);
    vm.set_update(s, args[0])?;
    Ok(s)
}

fn set_update(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    for &other in &args[1..] {
        vm.set_update(args[0], other)?;
    }
    Ok(vm.new_none())
}

/// `union`/`intersection`/`difference`/`symmetric_difference` with any number of
/// iterables, each step as CPython's `set_*_multi` takes it.
fn set_with(vm: &mut Vm, args: &[ObjId], op: crate::ast::BinOp) -> PyResult<ObjId> {
    use crate::ast::BinOp;
    let frozen = matches!(vm.payload(args[0]), Payload::FrozenSet(_));
    let others = &args[1..];
    if others.is_empty() || op == BinOp::BitOr {
        let r = vm.set_copy_of(args[0], frozen)?;
        for &o in others {
            if let Err(e) = vm.set_update(r, o) {
                vm.decref(r);
                return Err(e);
            }
        }
        return Ok(r);
    }
    match op {
        BinOp::BitAnd => {
            let mut result = vm.new_ref(args[0]);
            for &o in others {
                let next = vm.set_intersection_new(result, o);
                vm.decref(result);
                result = next?;
            }
            Ok(result)
        }
        BinOp::Sub => {
            let r = vm.set_difference_new(args[0], others[0])?;
            for &o in &others[1..] {
                if let Err(e) = vm.set_inplace(r, o, BinOp::Sub) {
                    vm.decref(r);
                    return Err(e);
                }
            }
            Ok(r)
        }
        _ => {
            if others.len() != 1 {
                let msg = format!(
                    "symmetric_difference() takes exactly one argument ({} given)",
                    others.len()
                );
                return Err(vm.type_error(&msg));
            }
            let o = if matches!(
                vm.payload(others[0]),
                Payload::Set(_) | Payload::FrozenSet(_)
            ) {
                vm.new_ref(others[0])
            } else {
                let t = vm.new_set(PySet::new(), false);
                if let Err(e) = vm.set_update(t, others[0]) {
                    vm.decref(t);
                    return Err(e);
                }
                t
            };
            let r = vm.set_symmetric_difference_new(args[0], o);
            vm.decref(o);
            r
        }
    }
}

fn set_union(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    set_with(vm, args, crate::ast::BinOp::BitOr)
}

fn set_intersection(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    set_with(vm, args, crate::ast::BinOp::BitAnd)
}

fn set_difference(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    set_with(vm, args, crate::ast::BinOp::Sub)
}

fn set_symmetric_difference(
    vm: &mut Vm,
    args: &[ObjId],
    _kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    set_with(vm, args, crate::ast::BinOp::BitXor)
}

fn other_as_set(vm: &mut Vm, other: ObjId) -> PyResult<ObjId> {
    if matches!(vm.payload(other), Payload::Set(_) | Payload::FrozenSet(_)) {
        return Ok(vm.new_ref(other));
    }
    vm.frozenset_from_iterable(other)
}

fn set_issubset(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "issubset");
    onearg(vm, &q, args, kwargs)?;
    let o = other_as_set(vm, args[1])?;
    let r = vm.set_is_subset(args[0], o);
    vm.decref(o);
    let r = r?;
    Ok(vm.new_bool(r))
}

fn set_issuperset(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "issuperset");
    onearg(vm, &q, args, kwargs)?;
    let o = other_as_set(vm, args[1])?;
    let r = vm.set_is_subset(o, args[0]);
    vm.decref(o);
    let r = r?;
    Ok(vm.new_bool(r))
}

fn set_isdisjoint(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "isdisjoint");
    onearg(vm, &q, args, kwargs)?;
    let items = vm.collect_iterable(args[1])?;
    let mut disjoint = Ok(true);
    for &i in &items {
        match vm.set_contains(args[0], i) {
            Ok(true) => {
                disjoint = Ok(false);
                break;
            }
            Ok(false) => {}
            Err(e) => {
                disjoint = Err(e);
                break;
            }
        }
    }
    for i in items {
        vm.decref(i);
    }
    let d = disjoint?;
    Ok(vm.new_bool(d))
}

// ---- numbers ----

static INT: &[BuiltinDef] = &[
    method("as_integer_ratio", int_as_integer_ratio),
    method("to_bytes", int_to_bytes),
    classmethod("from_bytes", int_from_bytes),
    method("bit_length", int_bit_length),
    method("bit_count", int_bit_count),
    method("conjugate", number_self),
    method("__index__", number_self),
    method("__int__", number_self),
    method("__sizeof__", object_sizeof),
];

static FLOAT: &[BuiltinDef] = &[
    method("is_integer", float_is_integer),
    method("conjugate", number_self),
    method("as_integer_ratio", float_as_integer_ratio),
    method("hex", float_hex),
    classmethod("fromhex", float_fromhex),
    classmethod("__getformat__", float_getformat),
];

/// `float.__getformat__(typestr)`: how this machine stores a C double or float (x86-64:
/// IEEE, little-endian).
fn float_getformat(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = super::one_arg(vm, "float.__getformat__", &args[1..], kwargs)?;
    let text = match vm.payload(a) {
        Payload::Str(s) => s.value.to_string(),
        _ => {
            let msg = format!(
                "__getformat__() argument must be str, not {}",
                vm.type_name(a)
            );
            return Err(vm.type_error(&msg));
        }
    };
    if text != "double" && text != "float" {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "__getformat__() argument 1 must be 'double' or 'float'",
        ));
    }
    Ok(vm.new_str("IEEE, little-endian"))
}

fn int_as_integer_ratio(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "int.as_integer_ratio", args, kwargs)?;
    let n = vm.as_bigint(args[0]).unwrap_or_default();
    let a = if vm.builtin_type_of(args[0]) == Some(BuiltinType::Int) {
        vm.new_ref(args[0])
    } else {
        vm.new_bigint(n)
    };
    let one = vm.new_int(1);
    Ok(vm.new_tuple(vec![a, one]))
}

/// The `byteorder` argument of `to_bytes`/`from_bytes`: big-endian?
fn byteorder_arg(vm: &mut Vm, name: &str, v: Option<ObjId>) -> PyResult<bool> {
    let Some(v) = v else {
        return Ok(true);
    };
    match vm.payload(v) {
        Payload::Str(s) if s.as_str() == "big" => Ok(true),
        Payload::Str(s) if s.as_str() == "little" => Ok(false),
        Payload::Str(_) => Err(vm.new_exception(
            ExcKind::ValueError,
            "byteorder must be either 'little' or 'big'",
        )),
        _ => {
            let msg = format!(
                "{name}() argument 'byteorder' must be str, not {}",
                vm.type_name(v)
            );
            Err(vm.type_error(&msg))
        }
    }
}

/// `int.to_bytes(length=1, byteorder='big', *, signed=False)` (`_PyLong_AsByteArray`).
fn int_to_bytes(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = super::parse_args(
        vm,
        "to_bytes",
        &args[1..],
        kwargs,
        &["length", "byteorder", "signed"],
        0,
    )?;
    if args.len() > 3 {
        let msg = format!(
            "to_bytes() takes at most 2 positional arguments ({} given)",
            args.len() - 1
        );
        return Err(vm.type_error(&msg));
    }
    let n = vm.as_bigint(args[0]).unwrap_or_default();
    let length = match a[0] {
        Some(l) => super::ssize_arg(vm, l)?,
        None => 1,
    };
    if length < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "length argument must be non-negative"));
    }
    let big = byteorder_arg(vm, "to_bytes", a[1])?;
    let signed = match a[2] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    if !signed && n.is_negative() {
        return Err(vm.new_exception(
            ExcKind::OverflowError,
            "can't convert negative int to unsigned",
        ));
    }
    let length = length as usize;
    let mut bytes = if signed {
        n.to_signed_bytes_le()
    } else {
        n.to_bytes_le().1
    };
    if n.is_zero() {
        bytes.clear();
    }
    // to_signed_bytes_le is the minimal two's complement form, as _PyLong_AsByteArray needs
    if bytes.len() > length {
        return Err(vm.new_exception(ExcKind::OverflowError, "int too big to convert"));
    }
    let fill = if signed && n.is_negative() { 0xff } else { 0 };
    vm.check_memory(length as u128)?;
    bytes.resize(length, fill);
    if big {
        bytes.reverse();
    }
    Ok(vm.new_bytes(bytes))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`.
fn int_from_bytes(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = super::parse_args(
        vm,
        "from_bytes",
        &args[1..],
        kwargs,
        &["bytes", "byteorder", "signed"],
        1,
    )?;
    let src = a[0].unwrap_or(args[0]);
    let data: Vec<u8> = match vm.payload(src) {
        Payload::Bytes(b) => b.to_vec(),
        _ => {
            let items = vm.collect_iterable(src)?;
            let mut out = Vec::with_capacity(items.len());
            let mut err = None;
            for &i in &items {
                match vm.as_i64(i) {
                    Some(b) if (0..256).contains(&b) => out.push(b as u8),
                    Some(_) => {
                        err = Some(
                            vm.new_exception(ExcKind::ValueError, "bytes must be in range(0, 256)"),
                        );
                        break;
                    }
                    None => {
                        let msg = format!(
                            "'{}' object cannot be interpreted as an integer",
                            vm.type_name(i)
                        );
                        err = Some(vm.type_error(&msg));
                        break;
                    }
                }
            }
            for i in items {
                vm.decref(i);
            }
            if let Some(e) = err {
                return Err(e);
            }
            out
        }
    };
    let big = byteorder_arg(vm, "from_bytes", a[1])?;
    let signed = match a[2] {
        Some(v) => vm.is_true(v)?,
        None => false,
    };
    let n = match (big, signed) {
        (true, true) => num_bigint::BigInt::from_signed_bytes_be(&data),
        (false, true) => num_bigint::BigInt::from_signed_bytes_le(&data),
        (true, false) => num_bigint::BigInt::from_bytes_be(num_bigint::Sign::Plus, &data),
        (false, false) => num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, &data),
    };
    Ok(vm.new_bigint(n))
}

/// `float.hex()` (`float_hex`): one hex digit before the point, 13 after, a binary exponent.
pub fn float_hex_text(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf".into() } else { "inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0x0.0p+0".into()
        } else {
            "0x0.0p+0".into()
        };
    }
    let (m, e) = {
        let bits = x.abs().to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i32;
        if exp == 0 {
            // subnormal: frexp of the scaled value
            let y = x.abs() * 2f64.powi(54);
            let b = y.to_bits();
            let ye = ((b >> 52) & 0x7ff) as i32 - 1022;
            (
                f64::from_bits((b & !(0x7ffu64 << 52)) | (1022u64 << 52)),
                ye - 54,
            )
        } else {
            (
                f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52)),
                exp - 1022,
            )
        }
    };
    // shift = 1 - max(DBL_MIN_EXP - e, 0)
    let shift = 1 - (-1021 - e).max(0);
    let mut m = m * 2f64.powi(shift);
    let e = e - shift;
    let digit = |d: i32| std::char::from_digit(d as u32, 16).unwrap_or('0');
    let mut s = String::new();
    s.push(digit(m as i32));
    m -= (m as i32) as f64;
    s.push('.');
    for _ in 0..13 {
        m *= 16.0;
        s.push(digit(m as i32));
        m -= (m as i32) as f64;
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}0x{s}p{e:+}")
}

fn float_hex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "float.hex", args, kwargs)?;
    let x = match vm.payload(args[0]) {
        Payload::Float(f) => *f,
        _ => return Err(super::descr_error(vm, "hex", "float", args[0])),
    };
    Ok(vm.new_string(float_hex_text(x)))
}

/// `float.fromhex(string)`: `[sign] ['0x'] digits ['.' digits] ['p' exponent]`, rounded once.
pub fn float_fromhex_text(text: &str) -> Result<f64, crate::object::float::NumError> {
    use crate::object::float::NumError;
    let invalid = || NumError::new("ValueError", "invalid hexadecimal floating-point string");
    // `Py_ISSPACE`: the ASCII whitespace, vertical tab included
    let s = text.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b');
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Ok(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Ok(f64::NAN);
    }
    let body = lower.strip_prefix("0x").unwrap_or(&lower);
    let (mant, exp) = match body.split_once('p') {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int_part, frac_part) = match mant.split_once('.') {
        Some((i, f)) => (i, f),
        None => (mant, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(invalid());
    }
    let digits = format!("{int_part}{frac_part}");
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(invalid());
    }
    let m = num_bigint::BigInt::parse_bytes(digits.as_bytes(), 16).unwrap_or_default();
    let e: i64 = match exp {
        Some(e) => {
            // `float_fromhex`: at most one sign, then at least one decimal digit
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            let ok = !unsigned.is_empty() && unsigned.chars().all(|c| c.is_ascii_digit());
            if !ok {
                return Err(invalid());
            }
            e.parse::<i64>().unwrap_or(if e.starts_with('-') {
                -100_000
            } else {
                100_000
            })
        }
        None => 0,
    };
    let e = e.clamp(-100_000, 100_000) - 4 * frac_part.len() as i64;
    let too_large = || {
        NumError::new(
            "OverflowError",
            "hexadecimal value too large to represent as a float",
        )
    };
    let v = if m.is_zero() {
        0.0
    } else if e >= 0 {
        if e > 2000 {
            return Err(too_large());
        }
        crate::object::int::int_to_f64(&(m << e as usize)).map_err(|_| too_large())?
    } else {
        let den = num_bigint::BigInt::one() << (-e) as usize;
        crate::object::int::int_true_div(&m, &den).map_err(|_| too_large())?
    };
    Ok(if neg { -v } else { v })
}

fn float_fromhex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = super::one_arg(vm, "float.fromhex", &args[1..], kwargs)?;
    let text = match vm.payload(a) {
        Payload::Str(s) => s.value.to_string(),
        _ => {
            let msg = format!("must be str, not {}", vm.type_name(a));
            return Err(vm.type_error(&msg));
        }
    };
    match float_fromhex_text(&text) {
        Ok(f) => Ok(vm.new_float(f)),
        Err(e) => Err(vm.num_error(e)),
    }
}

/// `long_long` / `float_float` (`int.__int__`, `__index__`, `conjugate`; `float.conjugate`):
/// an exact int or float is returned itself, a subclass's value (`True`) as a new exact one
/// (`_PyLong_Copy`, the small-int cache included; `PyFloat_FromDouble`).
fn number_self(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let q = qual(vm, args, "conjugate");
    noargs(vm, &q, args, kwargs)?;
    let x = args[0];
    let ty = vm.type_of(x);
    if ty == vm.ty(BuiltinType::Int) || ty == vm.ty(BuiltinType::Float) {
        return Ok(vm.new_ref(x));
    }
    if let Payload::Float(f) = vm.payload(x) {
        let f = *f;
        return Ok(vm.new_float(f));
    }
    match vm.as_bigint(x) {
        Some(n) => Ok(vm.new_bigint(n)),
        None => Ok(vm.new_ref(x)),
    }
}

fn int_bit_length(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "int.bit_length", args, kwargs)?;
    let n = vm.as_bigint(args[0]).unwrap_or_default();
    let b = crate::object::int::int_bit_length(&n) as i64;
    Ok(vm.new_int(b))
}

fn int_bit_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "int.bit_count", args, kwargs)?;
    let n = vm.as_bigint(args[0]).unwrap_or_default();
    let b = crate::object::int::int_bit_count(&n) as i64;
    Ok(vm.new_int(b))
}

fn float_is_integer(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "float.is_integer", args, kwargs)?;
    let f = match vm.payload(args[0]) {
        Payload::Float(f) => *f,
        _ => 0.0,
    };
    Ok(vm.new_bool(crate::object::float::float_is_integer(f)))
}

fn float_as_integer_ratio(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let q = qual(vm, args, "as_integer_ratio");
    noargs(vm, &q, args, kwargs)?;
    let f = match vm.payload(args[0]) {
        Payload::Float(f) => *f,
        _ => 0.0,
    };
    match crate::object::float::float_as_integer_ratio(f) {
        Ok((n, d)) => {
            let n = vm.new_bigint(n);
            let d = vm.new_bigint(d);
            Ok(vm.new_tuple(vec![n, d]))
        }
        Err(e) => Err(vm.num_error(e)),
    }
}

// ---- generators ----

// ---- ctypes.c_long ----

static CLONG: &[BuiltinDef] = &[classmethod("from_address", clong_from_address)];

/// `c_long.from_address(address)`: a view of the machine word at that address.
fn clong_from_address(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // args[0] is the class
    check_count(vm, "from_address", args, 2, 2)?;
    let addr = match vm
        .as_bigint(args[1])
        .and_then(|n| num_traits::ToPrimitive::to_u64(&n))
    {
        Some(a) => a,
        None => return Err(vm.type_error("integer expected")),
    };
    let t = vm.ty(BuiltinType::CLong);
    Ok(vm.alloc(t, Payload::CLong { addr }, Layout::gc(120)))
}

// ---- sys.stdout / sys.stderr ----

static TEXTIO: &[BuiltinDef] = &[
    method("write", textio_write),
    method("flush", textio_flush),
    method("writable", textio_true),
    method("isatty", textio_false),
];

/// `TextIOWrapper.write(s)`: the text goes to the session's stdout or stderr; returns the
/// number of characters written.
fn textio_write(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    onearg(vm, "write", args, kwargs)?;
    let name = match vm.payload(args[0]) {
        Payload::TextIO { name } => *name,
        _ => {
            return Err(super::descr_error(
                vm,
                "write",
                "_io.TextIOWrapper",
                args[0],
            ))
        }
    };
    let (text, n) = match vm.payload(args[1]) {
        Payload::Str(s) => (s.value.to_string(), s.len),
        _ => {
            let msg = format!(
                "write() argument must be str, not {}",
                vm.type_name(args[1])
            );
            return Err(vm.type_error(&msg));
        }
    };
    if name == "<stderr>" {
        vm.write_stderr(&text);
    } else {
        vm.write_stdout_checked(&text)?;
    }
    Ok(vm.new_usize(n))
}

fn textio_flush(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "flush", args, kwargs)?;
    if matches!(vm.payload(args[0]), Payload::TextIO { name: "<stdout>" }) {
        vm.flush_stdout();
    }
    Ok(vm.new_none())
}

fn textio_true(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "writable", args, kwargs)?;
    Ok(vm.new_bool(true))
}

fn textio_false(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    noargs(vm, "isatty", args, kwargs)?;
    Ok(vm.new_bool(false))
}

#[cfg(test)]
mod tests {
    use super::{float_fromhex_text, float_hex_text};

    #[test]
    fn float_hex_round_trips() {
        assert_eq!(float_hex_text(1.5), "0x1.8000000000000p+0");
        assert_eq!(float_hex_text(0.1), "0x1.999999999999ap-4");
        assert_eq!(float_hex_text(-0.0), "-0x0.0p+0");
        assert_eq!(float_hex_text(5e-324), "0x0.0000000000001p-1022");
        for x in [1.0, 1e308, 5e-324, -2.5, 1.0 / 3.0] {
            assert_eq!(float_fromhex_text(&float_hex_text(x)).unwrap(), x);
        }
        assert_eq!(float_fromhex_text("0x1.8p+1").unwrap(), 3.0);
        assert!(float_fromhex_text("0x1.8q").is_err());
    }
}
