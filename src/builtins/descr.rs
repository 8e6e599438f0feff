//! The slots of `object` a class reaches through `super()` (`object.__new__`,
//! `object.__init_subclass__`; `Objects/typeobject.c`) and the methods of `property`
//! (`Objects/descrobject.c`).

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::objects::Layout;
use crate::vm::{PyResult, Vm};

use super::{check_count, classmethod, method, BuiltinDef, Kind};

pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::Object, OBJECT_SLOTS),
        (BuiltinType::Int, NEW_SLOT),
        (BuiltinType::Float, NEW_SLOT),
        (BuiltinType::Complex, NEW_SLOT),
        (BuiltinType::Str, NEW_SLOT),
        (BuiltinType::Bytes, NEW_SLOT),
        (BuiltinType::Tuple, NEW_SLOT),
        (BuiltinType::FrozenSet, NEW_SLOT),
        (BuiltinType::List, NEW_INIT_SLOTS),
        (BuiltinType::Dict, NEW_INIT_SLOTS),
        (BuiltinType::Set, NEW_INIT_SLOTS),
        (BuiltinType::ByteArray, NEW_INIT_SLOTS),
        (BuiltinType::Type, NEW_INIT_SLOTS),
        (BuiltinType::Super, SUPER),
        (BuiltinType::GenericAlias, GENERIC_ALIAS),
        (BuiltinType::Property, PROPERTY),
        (BuiltinType::ClassMethod, NEW_INIT_SLOTS),
        (BuiltinType::StaticMethod, NEW_INIT_SLOTS),
        // weakref___new__ and weakref___init__
        (BuiltinType::WeakRef, NEW_INIT_SLOTS),
        (BuiltinType::MappingProxy, MAPPINGPROXY),
    ]
}

static OBJECT_SLOTS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "__new__",
        call: object_new,
        kind: Kind::TypeSlot,
        // tp_new_wrapper is METH_VARARGS | METH_KEYWORDS
        varargs: true,
    },
    classmethod("__init_subclass__", object_init_subclass),
];

/// `tp_new_wrapper` over `object_new`: `object.__new__(cls, *args)`. `args[0]` is `object`
/// itself (the wrapper is bound to the type whose slot it is), `args[1]` the class to make.
fn object_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some(&cls) = args.get(1) else {
        return Err(vm.type_error("object.__new__(): not enough arguments"));
    };
    if !matches!(vm.payload(cls), Payload::Type(_)) {
        let msg = format!(
            "object.__new__(X): X is not a type object ({})",
            vm.type_name(cls)
        );
        return Err(vm.type_error(&msg));
    }
    if let Payload::Type(t) = vm.payload(cls) {
        if t.builtin.is_some_and(|bt| bt != BuiltinType::Object) && !t.is_exception {
            let name = vm.type_name_of_type(cls);
            let msg = format!("object.__new__({name}) is not safe, use {name}.__new__()");
            return Err(vm.type_error(&msg));
        }
    }
    vm.object_new(cls, &args[2..], kwargs)
}

/// `tp_new_wrapper` as a definition, for every builtin type whose `__new__` CPython has.
pub fn new_slot() -> &'static BuiltinDef {
    &NEW_SLOT[0]
}

/// `X.__new__` of the builtin types a class can extend.
static NEW_SLOT: &[BuiltinDef] = &[BuiltinDef {
    name: "__new__",
    call: tp_new_wrapper,
    kind: Kind::TypeSlot,
    // tp_new_wrapper is METH_VARARGS | METH_KEYWORDS
    varargs: true,
}];

/// `__new__` and `__init__` of the builtins whose `tp_init` fills the instance.
static NEW_INIT_SLOTS: &[BuiltinDef] = &[
    BuiltinDef {
        name: "__new__",
        call: tp_new_wrapper,
        kind: Kind::TypeSlot,
        // tp_new_wrapper is METH_VARARGS | METH_KEYWORDS
        varargs: true,
    },
    method("__init__", tp_init_wrapper),
];

/// `tp_new_wrapper`: `X.__new__(cls, *args)` for a builtin `X` (`args[0]`, the type the
/// wrapper is bound to): `cls` must be a subtype of `X`; the result is `X`'s `tp_new` run
/// for `cls`.
fn tp_new_wrapper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let owner = args[0];
    let oname = vm.type_name_of_type(owner);
    let Some(&cls) = args.get(1) else {
        return Err(vm.type_error(&format!("{oname}.__new__(): not enough arguments")));
    };
    if !matches!(vm.payload(cls), Payload::Type(_)) {
        let msg = format!(
            "{oname}.__new__(X): X is not a type object ({})",
            vm.type_name(cls)
        );
        return Err(vm.type_error(&msg));
    }
    if !vm.is_subtype(cls, owner) {
        let cname = vm.type_name_of_type(cls);
        let msg = format!("{oname}.__new__({cname}): {cname} is not a subtype of {oname}");
        return Err(vm.type_error(&msg));
    }
    let rest = &args[2..];
    let bt = match vm.payload(owner) {
        Payload::Type(t) => t.builtin,
        _ => None,
    };
    let Some(bt) = bt else {
        return Err(vm.type_error("__new__ of a non-builtin type"));
    };
    // `PyType_GenericNew`, `dict_new`, `set_new` ignore their arguments
    let fills_in_init = matches!(
        bt,
        BuiltinType::List | BuiltinType::Dict | BuiltinType::Set | BuiltinType::ByteArray
    );
    let (rest, kwargs): (&[ObjId], &[(ObjId, ObjId)]) = if fills_in_init {
        (&[], &[])
    } else {
        (rest, kwargs)
    };
    if vm.is_heap_type(cls) {
        if vm.builtin_base(cls) != bt && bt != BuiltinType::Type {
            let cname = vm.type_name_of_type(cls);
            let base = vm.builtin_base(cls);
            let bname = vm.type_name_of_type(vm.ty(base));
            let msg = format!("{oname}.__new__({cname}) is not safe, use {bname}.__new__()");
            return Err(vm.type_error(&msg));
        }
        return vm.builtin_tp_new(cls, rest, kwargs);
    }
    if bt == BuiltinType::Type {
        return vm.type_new_call(cls, rest, kwargs);
    }
    crate::builtins::construct(vm, bt, cls, rest, kwargs)
}

/// `wrap_init` over `list`'s, `dict`'s, `set`'s, `bytearray`'s and `type`'s `tp_init`.
fn tp_init_wrapper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some(&obj) = args.first() else {
        return Err(vm.type_error("descriptor '__init__' needs an argument"));
    };
    let ty = vm.type_of(obj);
    vm.builtin_tp_init(ty, obj, &args[1..], kwargs)?;
    Ok(vm.new_none())
}

static GENERIC_ALIAS: &[BuiltinDef] = &[
    method("__instancecheck__", ga_instancecheck),
    method("__subclasscheck__", ga_subclasscheck),
    method("__mro_entries__", ga_mro_entries),
];

fn ga_instancecheck(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Err(vm.type_error("isinstance() argument 2 cannot be a parameterized generic"))
}

fn ga_subclasscheck(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Err(vm.type_error("issubclass() argument 2 cannot be a parameterized generic"))
}

/// `class L(list[int])` derives from `list`.
fn ga_mro_entries(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Payload::GenericAlias { origin, .. } = *vm.payload(args[0]) else {
        return Err(vm.type_error("__mro_entries__ of a non-alias"));
    };
    vm.incref(origin);
    Ok(vm.new_tuple(vec![origin]))
}

static SUPER: &[BuiltinDef] = &[method("__get__", super_descr_get)];

/// `super_descr_get`: an unbound `super(T)` bound to an object makes `super(T, obj)`.
fn super_descr_get(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__get__", args, 2, 3)?;
    let (sup, obj) = (args[0], args[1]);
    let none = vm.none();
    let Payload::Super { ty, obj: bound } = *vm.payload(sup) else {
        return Err(vm.type_error("descriptor '__get__' requires a 'super' object"));
    };
    if obj == none || bound != none {
        return Ok(vm.new_ref(sup));
    }
    vm.super_check(ty, obj)?;
    vm.incref(ty);
    vm.incref(obj);
    let t = vm.type_of(sup);
    Ok(vm.alloc(t, Payload::Super { ty, obj }, Layout::gc(32)))
}

/// `object.__init_subclass__()`: does nothing, and takes no arguments.
fn object_init_subclass(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() || args.len() > 1 {
        return Err(vm.type_error("__init_subclass__() takes no keyword arguments"));
    }
    Ok(vm.new_none())
}

static PROPERTY: &[BuiltinDef] = &[
    BuiltinDef {
        name: "__new__",
        call: property_new,
        kind: Kind::TypeSlot,
        // tp_new_wrapper is METH_VARARGS | METH_KEYWORDS
        varargs: true,
    },
    method("__init__", tp_init_wrapper),
    method("getter", property_getter),
    method("setter", property_setter),
    method("deleter", property_deleter),
    method("__get__", property_descr_get),
    method("__set__", property_descr_set),
    method("__delete__", property_descr_delete),
];

/// `tp_new_wrapper` over `PyType_GenericNew` for `property`: `property.__new__(cls)` makes an
/// empty property of `cls`, which must be `property` or a subclass. `args[0]` is `property`.
fn property_new(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some(&cls) = args.get(1) else {
        return Err(vm.type_error("property.__new__(): not enough arguments"));
    };
    if !matches!(vm.payload(cls), Payload::Type(_)) {
        let msg = format!(
            "property.__new__(X): X is not a type object ({})",
            vm.type_name(cls)
        );
        return Err(vm.type_error(&msg));
    }
    let property = vm.ty(BuiltinType::Property);
    if !vm.is_subtype(cls, property) {
        let name = vm.type_name_of_type(cls);
        let msg = format!("property.__new__({name}): {name} is not a subtype of property");
        return Err(vm.type_error(&msg));
    }
    if vm.is_heap_type(cls) {
        return vm.builtin_tp_new(cls, &[], &[]);
    }
    Ok(vm.alloc(cls, Payload::Property(Box::new([None; 5])), Layout::gc(64)))
}

/// `property_copy`: a new property like `old` with one accessor replaced (what the
/// `@x.setter` decorator returns).
fn property_copy(vm: &mut Vm, args: &[ObjId], which: usize, name: &str) -> PyResult<ObjId> {
    check_count(vm, name, args, 2, 2)?;
    let Payload::Property(old) = vm.payload(args[0]) else {
        return Err(vm.type_error(&format!("descriptor '{name}' requires a 'property' object")));
    };
    let mut parts = **old;
    let none = vm.none();
    // property_copy: None keeps the old accessor
    if args[1] != none {
        parts[which] = Some(args[1]);
    }
    let ty = vm.type_of(args[0]);
    if vm.is_heap_type(ty) {
        // a subclass's copy is `type(old)(fget, fset, fdel, doc)`
        let call: Vec<ObjId> = parts[..4].iter().map(|p| p.unwrap_or(none)).collect();
        return vm.call_object(ty, &call, &[]);
    }
    for p in parts.iter().flatten() {
        vm.incref(*p);
    }
    Ok(vm.alloc(ty, Payload::Property(Box::new(parts)), Layout::gc(64)))
}

fn property_getter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    property_copy(vm, args, 0, "getter")
}

fn property_setter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    property_copy(vm, args, 1, "setter")
}

fn property_deleter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    property_copy(vm, args, 2, "deleter")
}

/// `property.__get__(obj, type=None)`.
fn property_descr_get(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__get__", args, 2, 3)?;
    let none = vm.none();
    if args[1] == none {
        return Ok(vm.new_ref(args[0]));
    }
    vm.property_get(args[0], args[1])
}

fn property_descr_set(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__set__", args, 3, 3)?;
    vm.property_set(args[0], args[1], Some(args[2]))?;
    Ok(vm.new_none())
}

fn property_descr_delete(
    vm: &mut Vm,
    args: &[ObjId],
    _kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    check_count(vm, "__delete__", args, 2, 2)?;
    vm.property_set(args[0], args[1], None)?;
    Ok(vm.new_none())
}

static MAPPINGPROXY: &[BuiltinDef] = &[
    method("keys", mappingproxy_keys),
    method("values", mappingproxy_values),
    method("items", mappingproxy_items),
    method("get", mappingproxy_get),
    method("copy", mappingproxy_copy),
];

/// `mappingproxy.keys()` and friends call the mapping's own method.
fn mappingproxy_call(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
) -> PyResult<ObjId> {
    let Some(Payload::MappingProxy(d)) = args.first().map(|&a| vm.payload(a)) else {
        let msg = format!("descriptor '{name}' requires a 'mappingproxy' object");
        return Err(vm.type_error(&msg));
    };
    let d = *d;
    let meth = vm.getattr_str(d, name)?;
    let r = vm.call_object(meth, &args[1..], kwargs);
    vm.decref(meth);
    r
}

fn mappingproxy_keys(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    mappingproxy_call(vm, args, kwargs, "keys")
}

fn mappingproxy_values(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    mappingproxy_call(vm, args, kwargs, "values")
}

fn mappingproxy_items(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    mappingproxy_call(vm, args, kwargs, "items")
}

fn mappingproxy_get(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    mappingproxy_call(vm, args, kwargs, "get")
}

fn mappingproxy_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    mappingproxy_call(vm, args, kwargs, "copy")
}
