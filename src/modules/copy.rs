//! `copy` and `copyreg`: shallow and deep copies through the same protocol CPython 3.11 uses.
//!
//! `copy.copy(x)` and `copy.deepcopy(x)` are Python code in CPython (`Lib/copy.py`), and so
//! they are here: per-type dispatch tables (`list.copy`, `_deepcopy_list`...), then a class's
//! `__copy__`/`__deepcopy__`, then the pickle protocol: `x.__reduce_ex__(4)` gives a recipe
//! `(callable, args, state, listitems, dictitems)` that `_reconstruct` follows. For an instance
//! of a plain class the recipe comes from `object.__reduce_ex__` (`reduce_newobj` in
//! `Objects/typeobject.c`), written here in Rust:
//!
//! ```text
//! class P: ...;  p.x = 1                   p.__reduce_ex__(4)
//!   -> (copyreg.__newobj__, (P,), {'x': 1}, None, None)
//!      __newobj__(P) makes an empty P; `state` (p.__dict__ itself, materialised) is merged
//!      into the new instance's __dict__ (copied first by deepcopy)
//! class V: __slots__ = ('x', 'y')          state = (None, {'x': ..., 'y': ...}); the slot
//!                                          values are set with setattr
//! ```
//!
//! A class that defines `__getstate__`/`__setstate__` controls what the state is and how it is
//! restored. `deepcopy` keeps a memo (`id(original) -> copy`, plus a keep-alive list under
//! `id(memo)`), so shared sub-objects stay shared and cycles are copied as cycles.
//!
//! `copyreg.__newobj__`, `_reconstructor` and `_slotnames` (which records a class's slot names
//! in its `__slotnames__`) are Python code too.

use crate::builtins::{method, BuiltinDef};
use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

/// `Lib/copy.py`'s behaviour, in our own words.
pub const SOURCE: &str = r#"
import types
import weakref
from copyreg import dispatch_table

class Error(Exception):
    pass
error = Error

PyStringMap = None

__all__ = ["Error", "copy", "deepcopy"]

def copy(x):
    cls = type(x)
    copier = _copy_dispatch.get(cls)
    if copier:
        return copier(x)
    if issubclass(cls, type):
        return _copy_immutable(x)
    copier = getattr(cls, "__copy__", None)
    if copier is not None:
        return copier(x)
    reductor = dispatch_table.get(cls, None)
    if reductor is not None:
        rv = reductor(x)
    else:
        reductor = getattr(x, "__reduce_ex__", None)
        if reductor is not None:
            rv = reductor(4)
        else:
            reductor = getattr(x, "__reduce__", None)
            if reductor:
                rv = reductor()
            else:
                raise Error("un(shallow)copyable object of type %s" % cls)
    if isinstance(rv, str):
        return x
    return _reconstruct(x, None, *rv)


_copy_dispatch = d = {}

def _copy_immutable(x):
    return x
for t in (type(None), int, float, bool, complex, str, tuple,
          bytes, frozenset, type, range, slice, property,
          types.BuiltinFunctionType, type(Ellipsis), type(NotImplemented),
          types.FunctionType, weakref.ref):
    d[t] = _copy_immutable
t = getattr(types, "CodeType", None)
if t is not None:
    d[t] = _copy_immutable

d[list] = list.copy
d[dict] = dict.copy
d[set] = set.copy
d[bytearray] = bytearray.copy

del d, t

def deepcopy(x, memo=None, _nil=[]):
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    copier = _deepcopy_dispatch.get(cls)
    if copier is not None:
        y = copier(x, memo)
    else:
        if issubclass(cls, type):
            y = _deepcopy_atomic(x, memo)
        else:
            copier = getattr(x, "__deepcopy__", None)
            if copier is not None:
                y = copier(memo)
            else:
                reductor = dispatch_table.get(cls)
                if reductor:
                    rv = reductor(x)
                else:
                    reductor = getattr(x, "__reduce_ex__", None)
                    if reductor is not None:
                        rv = reductor(4)
                    else:
                        reductor = getattr(x, "__reduce__", None)
                        if reductor:
                            rv = reductor()
                        else:
                            raise Error(
                                "un(deep)copyable object of type %s" % cls)
                if isinstance(rv, str):
                    y = x
                else:
                    y = _reconstruct(x, memo, *rv)
    # an object that is its own copy is not remembered
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y

_deepcopy_dispatch = d = {}

def _deepcopy_atomic(x, memo):
    return x
d[type(None)] = _deepcopy_atomic
d[type(Ellipsis)] = _deepcopy_atomic
d[type(NotImplemented)] = _deepcopy_atomic
d[int] = _deepcopy_atomic
d[float] = _deepcopy_atomic
d[bool] = _deepcopy_atomic
d[complex] = _deepcopy_atomic
d[bytes] = _deepcopy_atomic
d[str] = _deepcopy_atomic
d[types.CodeType] = _deepcopy_atomic
d[type] = _deepcopy_atomic
d[range] = _deepcopy_atomic
d[types.BuiltinFunctionType] = _deepcopy_atomic
d[types.FunctionType] = _deepcopy_atomic
d[weakref.ref] = _deepcopy_atomic
d[property] = _deepcopy_atomic

def _deepcopy_list(x, memo, deepcopy=deepcopy):
    y = []
    memo[id(x)] = y
    append = y.append
    for a in x:
        append(deepcopy(a, memo))
    return y
d[list] = _deepcopy_list

def _deepcopy_tuple(x, memo, deepcopy=deepcopy):
    y = [deepcopy(a, memo) for a in x]
    # a tuple inside a cycle may have been copied while copying its items
    try:
        return memo[id(x)]
    except KeyError:
        pass
    for k, j in zip(x, y):
        if k is not j:
            y = tuple(y)
            break
    else:
        y = x
    return y
d[tuple] = _deepcopy_tuple

def _deepcopy_dict(x, memo, deepcopy=deepcopy):
    y = {}
    memo[id(x)] = y
    for key, value in x.items():
        y[deepcopy(key, memo)] = deepcopy(value, memo)
    return y
d[dict] = _deepcopy_dict

def _deepcopy_method(x, memo):
    return type(x)(x.__func__, deepcopy(x.__self__, memo))
d[types.MethodType] = _deepcopy_method

del d

def _keep_alive(x, memo):
    # the memo keeps every original alive, so their ids cannot be reused while it is in use
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)]=[x]

def _reconstruct(x, memo, func, args,
                 state=None, listiter=None, dictiter=None,
                 *, deepcopy=deepcopy):
    deep = memo is not None
    if deep and args:
        args = deepcopy(args, memo)
    y = func(*args)
    if deep:
        memo[id(x)] = y

    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        if hasattr(y, '__setstate__'):
            y.__setstate__(state)
        else:
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            else:
                slotstate = None
            if state is not None:
                y.__dict__.update(state)
            if slotstate is not None:
                for key, value in slotstate.items():
                    setattr(y, key, value)

    if listiter is not None:
        if deep:
            for item in listiter:
                item = deepcopy(item, memo)
                y.append(item)
        else:
            for item in listiter:
                y.append(item)
    if dictiter is not None:
        if deep:
            for key, value in dictiter:
                key = deepcopy(key, memo)
                value = deepcopy(value, memo)
                y[key] = value
        else:
            for key, value in dictiter:
                y[key] = value
    return y

del types, weakref, PyStringMap
"#;

/// `Lib/copyreg.py`'s behaviour, in our own words (the pickle-only parts left out).
pub const COPYREG_SOURCE: &str = r#"
__all__ = ["pickle", "constructor",
           "add_extension", "remove_extension", "clear_extension_cache"]

dispatch_table = {}

def pickle(ob_type, pickle_function, constructor_ob=None):
    if not callable(pickle_function):
        raise TypeError("reduction functions must be callable")
    dispatch_table[ob_type] = pickle_function
    if constructor_ob is not None:
        constructor(constructor_ob)

def constructor(object):
    if not callable(object):
        raise TypeError("constructors must be callable")

def pickle_complex(c):
    return complex, (c.real, c.imag)

pickle(complex, pickle_complex, complex)

def _reconstructor(cls, base, state):
    if base is object:
        obj = object.__new__(cls)
    else:
        obj = base.__new__(cls, state)
        if base.__init__ != object.__init__:
            base.__init__(obj, state)
    return obj

_HEAPTYPE = 1<<9

def __newobj__(cls, *args):
    return cls.__new__(cls, *args)

def __newobj_ex__(cls, args, kwargs):
    return cls.__new__(cls, *args, **kwargs)

def _slotnames(cls):
    names = cls.__dict__.get("__slotnames__")
    if names is not None:
        return names
    names = []
    if not hasattr(cls, "__slots__"):
        pass
    else:
        for c in cls.__mro__:
            if "__slots__" in c.__dict__:
                slots = c.__dict__['__slots__']
                if isinstance(slots, str):
                    slots = (slots,)
                for name in slots:
                    if name in ("__dict__", "__weakref__"):
                        continue
                    elif name.startswith('__') and not name.endswith('__'):
                        stripped = c.__name__.lstrip('_')
                        if stripped:
                            names.append('_%s__%s' % (stripped, name))
                        else:
                            names.append(name)
                    else:
                        names.append(name)
    try:
        cls.__slotnames__ = names
    except:
        pass
    return names

_extension_registry = {}
_inverted_registry = {}
_extension_cache = {}

def add_extension(module, name, code):
    raise NotImplementedError("refscope does not model copyreg.add_extension (pickling)")

def remove_extension(module, name, code):
    raise NotImplementedError("refscope does not model copyreg.remove_extension (pickling)")

def clear_extension_cache():
    _extension_cache.clear()
"#;

// ---- the pickle protocol of objects (`object.__reduce_ex__` and friends) ----

static OBJECT_METHODS: &[BuiltinDef] = &[
    method("__reduce_ex__", object_reduce_ex),
    method("__reduce__", object_reduce),
    method("__getstate__", object_getstate_method),
];

static SET_METHODS: &[BuiltinDef] = &[method("__reduce__", set_reduce)];

static EXCEPTION_METHODS: &[BuiltinDef] = &[
    method("__reduce__", exception_reduce),
    method("__setstate__", exception_setstate),
];

/// The methods the copy protocol needs on builtin types.
pub fn method_tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::Object, OBJECT_METHODS),
        (BuiltinType::Set, SET_METHODS),
        (BuiltinType::FrozenSet, SET_METHODS),
        (BuiltinType::Exception, EXCEPTION_METHODS),
    ]
}

fn self_arg(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<ObjId> {
    match args.first() {
        Some(&s) => Ok(s),
        None => {
            let msg = format!("descriptor '{name}' of 'object' object needs an argument");
            Err(vm.type_error(&msg))
        }
    }
}

/// `object.__reduce_ex__(protocol)`: a class's own `__reduce__` wins; protocol 2 and above
/// use `reduce_newobj`.
fn object_reduce_ex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let obj = self_arg(vm, args, "__reduce_ex__")?;
    crate::builtins::positional(vm, "__reduce_ex__", &args[1..], kwargs, 1, 1)?;
    let protocol = crate::builtins::int_arg(vm, args[1])?;
    let ty = vm.type_of(obj);
    let own_reduce = vm.type_lookup_str(ty, "__reduce__");
    let object_reduce = vm.type_lookup_str(vm.ty(BuiltinType::Object), "__reduce__");
    if own_reduce.is_some() && own_reduce != object_reduce {
        let r = vm.getattr_str(obj, "__reduce__")?;
        let res = vm.call_object(r, &[], &[]);
        vm.decref(r);
        return res;
    }
    if protocol >= 2 {
        return reduce_newobj(vm, obj);
    }
    Err(vm.unsupported("object.__reduce_ex__ with a pickle protocol below 2"))
}

/// `object.__reduce__()`: `copyreg._reduce_ex(self, 0)`, which the model does not have.
fn object_reduce(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let _ = self_arg(vm, args, "__reduce__")?;
    Err(vm.unsupported("object.__reduce__ (pickle protocol 0)"))
}

/// `object.__getstate__()` (3.11): the instance dict (None when empty), with the slot values
/// in a second dict when there are any.
fn object_getstate_method(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let obj = self_arg(vm, args, "__getstate__")?;
    crate::builtins::noargs(vm, "object.__getstate__", &args[1..], kwargs)?;
    object_getstate_default(vm, obj, false)
}

/// `reduce_newobj`: `(copyreg.__newobj__, (cls, *args), state, listitems, dictitems)`.
fn reduce_newobj(vm: &mut Vm, obj: ObjId) -> PyResult<ObjId> {
    let ty = vm.type_of(obj);
    if !reducible(vm, obj) {
        let msg = format!("cannot pickle '{}' object", vm.type_name(obj));
        return Err(vm.type_error(&msg));
    }
    // _PyObject_GetNewArguments: __getnewargs_ex__ / __getnewargs__
    let newargs = match vm.lookup_attr(obj, "__getnewargs__")? {
        Some(f) => {
            let r = vm.call_object(f, &[], &[]);
            vm.decref(f);
            let r = r?;
            if !matches!(vm.payload(r), Payload::Tuple(_)) {
                let msg = format!(
                    "__getnewargs__ should return a tuple, not '{}'",
                    vm.type_name(r)
                );
                vm.decref(r);
                return Err(vm.type_error(&msg));
            }
            Some(r)
        }
        None => None,
    };
    let copyreg = vm.import_module("copyreg")?;
    let newobj = vm.getattr_str(copyreg, "__newobj__");
    vm.decref(copyreg);
    let newobj = match newobj {
        Ok(f) => f,
        Err(e) => {
            vm.xdecref(newargs);
            return Err(e);
        }
    };
    let mut items = vec![vm.new_ref(ty)];
    if let Some(a) = newargs {
        for i in vm.tuple_items(a) {
            items.push(vm.new_ref(i));
        }
    }
    let hasargs = newargs.is_some();
    vm.xdecref(newargs);
    let cls_args = vm.new_tuple(items);
    let is_list_or_dict = matches!(vm.payload(obj), Payload::List(_) | Payload::Dict(_));
    let state = match object_getstate(vm, obj, !(hasargs || is_list_or_dict)) {
        Ok(s) => s,
        Err(e) => {
            vm.decref(newobj);
            vm.decref(cls_args);
            return Err(e);
        }
    };
    let none = vm.none();
    let listitems = vm.new_ref(none);
    let dictitems = vm.new_ref(none);
    Ok(vm.new_tuple(vec![newobj, cls_args, state, listitems, dictitems]))
}

/// Objects `reduce_newobj` can describe: instances of classes (not of the model's builtin
/// payloads, whose C state a `__newobj__` could not rebuild).
fn reducible(vm: &Vm, obj: ObjId) -> bool {
    matches!(vm.payload(obj), Payload::Instance(_))
        || (matches!(vm.payload(obj), Payload::Exception(_)) && vm.is_heap_type(vm.type_of(obj)))
}

/// `object_getstate`: a class's own `__getstate__`, else the default.
fn object_getstate(vm: &mut Vm, obj: ObjId, required: bool) -> PyResult<ObjId> {
    let ty = vm.type_of(obj);
    let own = vm.type_lookup_str(ty, "__getstate__");
    let default = vm.type_lookup_str(vm.ty(BuiltinType::Object), "__getstate__");
    if own.is_some() && own != default {
        let g = vm.getattr_str(obj, "__getstate__")?;
        let r = vm.call_object(g, &[], &[]);
        vm.decref(g);
        return r;
    }
    object_getstate_default(vm, obj, required)
}

/// `object_getstate_default`: the instance `__dict__` (materialised) or None, and the slots.
fn object_getstate_default(vm: &mut Vm, obj: ObjId, required: bool) -> PyResult<ObjId> {
    let has_attrs = !vm.instance_attr_pairs(obj).is_empty()
        || matches!(vm.payload(obj), Payload::Exception(e) if e.dict.is_some());
    let state = if has_attrs {
        vm.instance_dict(obj)?
    } else {
        vm.new_none()
    };
    let ty = vm.type_of(obj);
    let slotnames = match slot_names(vm, ty) {
        Ok(s) => s,
        Err(e) => {
            vm.decref(state);
            return Err(e);
        }
    };
    if required {
        let [basic, item, dict, weak] = vm.type_layout(ty);
        let nslots = match vm.payload(slotnames) {
            Payload::List(l) => l.items.len() as i64,
            _ => 0,
        };
        let mut allowed = 16 + 8 * nslots;
        if dict > 0 {
            allowed += 8;
        }
        if weak != 0 {
            allowed += 8;
        }
        if item != 0 || basic > allowed {
            vm.decref(slotnames);
            vm.decref(state);
            let msg = format!("cannot pickle '{}' object", vm.type_name(obj));
            return Err(vm.type_error(&msg));
        }
    }
    let names = match vm.payload(slotnames) {
        Payload::List(l) => l.items.to_vec(),
        _ => Vec::new(),
    };
    if names.is_empty() {
        vm.decref(slotnames);
        return Ok(state);
    }
    for &n in &names {
        vm.incref(n);
    }
    vm.decref(slotnames);
    let slots = vm.new_dict();
    let mut result = Ok(());
    for &name in &names {
        if result.is_ok() {
            match vm.getattr(obj, name) {
                Ok(v) => {
                    result = vm.dict_setitem(slots, name, v);
                    vm.decref(v);
                }
                Err(e) if vm.is_instance_of_kind(e.0, ExcKind::AttributeError) => vm.decref(e.0),
                Err(e) => result = Err(e),
            }
        }
        vm.decref(name);
    }
    if let Err(e) = result {
        vm.decref(slots);
        vm.decref(state);
        return Err(e);
    }
    if vm.len_of_builtin(slots) == Some(0) {
        vm.decref(slots);
        return Ok(state);
    }
    Ok(vm.new_tuple(vec![state, slots]))
}

/// `_PyType_GetSlotNames`: the class's `__slotnames__` list, computed (and stored in the
/// class) by `copyreg._slotnames` the first time. A new reference.
fn slot_names(vm: &mut Vm, ty: ObjId) -> PyResult<ObjId> {
    if let Payload::Type(t) = vm.payload(ty) {
        if let Some(d) = t.dict {
            let key = vm.new_interned("__slotnames__");
            let found = vm.dict_getitem_str(d, key);
            vm.decref(key);
            if let Some(f) = found {
                if matches!(vm.payload(f), Payload::List(_)) {
                    return Ok(vm.new_ref(f));
                }
            }
        } else {
            // builtin types have no slot names
            return Ok(vm.new_none());
        }
    }
    let copyreg = vm.import_module("copyreg")?;
    let f = vm.getattr_str(copyreg, "_slotnames");
    vm.decref(copyreg);
    let f = f?;
    let r = vm.call_object(f, &[ty], &[]);
    vm.decref(f);
    let r = r?;
    if !matches!(vm.payload(r), Payload::List(_)) && r != vm.none() {
        vm.decref(r);
        return Err(vm.type_error("copyreg._slotnames didn't return a list or None"));
    }
    Ok(r)
}

/// `set.__reduce__` / `frozenset.__reduce__`: `(type, (list(self),), state)`.
fn set_reduce(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = self_arg(vm, args, "__reduce__")?;
    if !matches!(vm.payload(s), Payload::Set(_) | Payload::FrozenSet(_)) {
        return Err(crate::builtins::descr_error(vm, "__reduce__", "set", s));
    }
    let items = vm.collect_iterable(s)?;
    let keys = vm.new_list(items);
    let args_tuple = vm.new_tuple(vec![keys]);
    let state = vm.new_none();
    let ty = vm.type_of(s);
    vm.incref(ty);
    Ok(vm.new_tuple(vec![ty, args_tuple, state]))
}

/// `BaseException.__reduce__`: `(type, args)`, or `(type, args, __dict__)` with attributes.
fn exception_reduce(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let e = self_arg(vm, args, "__reduce__")?;
    let (exc_args, dict) = match vm.payload(e) {
        Payload::Exception(x) => (x.args, x.dict),
        _ => {
            return Err(crate::builtins::descr_error(
                vm,
                "__reduce__",
                "BaseException",
                e,
            ))
        }
    };
    let ty = vm.type_of(e);
    vm.incref(ty);
    vm.incref(exc_args);
    let mut items = vec![ty, exc_args];
    if let Some(d) = dict {
        items.push(vm.new_ref(d));
    }
    Ok(vm.new_tuple(items))
}

/// `BaseException.__setstate__(state)`: the state's items become attributes.
fn exception_setstate(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let e = self_arg(vm, args, "__setstate__")?;
    let Some(&state) = args.get(1) else {
        return Err(vm.type_error("__setstate__() takes exactly one argument (0 given)"));
    };
    if state != vm.none() {
        if !matches!(vm.payload(state), Payload::Dict(_)) {
            return Err(vm.type_error("state is not a dictionary"));
        }
        for (k, v) in vm.dict_pairs(state) {
            vm.incref(k);
            vm.incref(v);
            let r = vm.setattr(e, k, Some(v));
            vm.decref(k);
            vm.decref(v);
            r?;
        }
    }
    Ok(vm.new_none())
}
