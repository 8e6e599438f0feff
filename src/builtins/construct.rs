//! Calling a builtin type: `int('10')`, `str(x)`, `list(it)`, `dict(...)`, `type(x)`...
//! Where the result's memory comes from matters: `list()`/`dict()` called as types bypass the
//! free lists (`PyType_GenericAlloc`), `int(x)` of an exact int returns `x` itself.

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use crate::object::float::{float_to_bigint, parse_float};
use crate::object::int::{invalid_int_literal_message, parse_int, ParseIntError};
use crate::object::str::str_repr;
use crate::object::{BuiltinType, IterObj, ObjId, Payload, PyDict, PySet};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyResult, Vm};

use super::{check_count, no_kwargs, take_kwargs};

pub fn construct(
    vm: &mut Vm,
    bt: BuiltinType,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    match bt {
        BuiltinType::Type => type_call(vm, args, kwargs),
        BuiltinType::Object => {
            if !args.is_empty() || !kwargs.is_empty() {
                return Err(vm.type_error("object() takes no arguments"));
            }
            // 16 bytes, no GC header (see `Vm::new_instance`)
            Ok(vm.new_instance(ty))
        }
        BuiltinType::Int => int_new(vm, args, kwargs),
        BuiltinType::Bool => {
            no_kwargs(vm, "bool", kwargs)?;
            check_count(vm, "bool", args, 0, 1)?;
            let b = match args.first() {
                Some(&v) => vm.is_true(v)?,
                None => false,
            };
            Ok(vm.new_bool(b))
        }
        BuiltinType::Float => float_new(vm, args, kwargs),
        BuiltinType::Complex => complex_new(vm, ty, args, kwargs),
        BuiltinType::Str => str_new(vm, args, kwargs),
        BuiltinType::Bytes | BuiltinType::ByteArray => bytes_new(vm, bt, args, kwargs),
        BuiltinType::Tuple => {
            no_kwargs(vm, "tuple", kwargs)?;
            check_count(vm, "tuple", args, 0, 1)?;
            let Some(&v) = args.first() else {
                let e = vm.statics.empty_tuple;
                return Ok(vm.new_ref(e));
            };
            if vm.builtin_type_of(v) == Some(BuiltinType::Tuple) {
                return Ok(vm.new_ref(v));
            }
            if matches!(vm.payload(v), Payload::List(_)) {
                let items = vm.collect_iterable(v)?;
                return Ok(vm.new_tuple(items));
            }
            // `PySequence_Tuple`: the iterator, then the length hint (a class's `__len__`
            // runs, and its errors are tuple()'s), then the items
            let it = vm.get_iter(v)?;
            // `PyTuple_New(n)` with the hint: a hint past the memory there is fails at once
            // with MemoryError, before any item is read (`tuple(range(10**10))`)
            let hinted = vm
                .length_hint_or(v, 10)
                .and_then(|n| vm.check_memory(n as u128 * 8));
            if let Err(e) = hinted {
                vm.decref(it);
                return Err(e);
            }
            let items = vm.drain_iterator(it);
            vm.decref(it);
            Ok(vm.new_tuple(items?))
        }
        BuiltinType::List => {
            no_kwargs(vm, "list", kwargs)?;
            check_count(vm, "list", args, 0, 1)?;
            let l = vm.new_list_from_type(Vec::new(), 0);
            if let Some(&v) = args.first() {
                // list___init__: preallocate exactly (rounded up to even) for sized inputs
                if let Some(n) = vm.len_of_builtin(v) {
                    if n > 0 {
                        // list_preallocate_exact: `PyMem_New` fails past the memory there is
                        if let Err(e) = vm.check_memory(n as u128 * 8) {
                            vm.decref(l);
                            return Err(e);
                        }
                        vm.list_resize_exact(l, (n + 1) & !1);
                    }
                }
                if let Err(e) = vm.list_extend(l, v) {
                    vm.decref(l);
                    return Err(e);
                }
            }
            Ok(l)
        }
        BuiltinType::Dict => {
            check_count(vm, "dict", args, 0, 1)?;
            let d = vm.new_dict_from(PyDict::new(), false);
            let r = (|| -> PyResult<()> {
                if let Some(&v) = args.first() {
                    super::methods::dict_update_impl(vm, d, v)?;
                }
                for &(k, v) in kwargs {
                    vm.dict_setitem(d, k, v)?;
                }
                Ok(())
            })();
            match r {
                Ok(()) => Ok(d),
                Err(e) => {
                    vm.decref(d);
                    Err(e)
                }
            }
        }
        BuiltinType::Set | BuiltinType::FrozenSet => {
            let frozen = bt == BuiltinType::FrozenSet;
            let name = if frozen { "frozenset" } else { "set" };
            no_kwargs(vm, name, kwargs)?;
            check_count(vm, name, args, 0, 1)?;
            if frozen {
                if let Some(&v) = args.first() {
                    if vm.builtin_type_of(v) == Some(BuiltinType::FrozenSet) {
                        return Ok(vm.new_ref(v));
                    }
                }
            }
            let s = vm.new_set(PySet::new(), frozen);
            if let Some(&v) = args.first() {
                if let Err(e) = vm.set_update(s, v) {
                    vm.decref(s);
                    return Err(e);
                }
            }
            Ok(s)
        }
        BuiltinType::Range => {
            no_kwargs(vm, "range", kwargs)?;
            if args.is_empty() {
                return Err(vm.type_error("range expected at least 1 argument, got 0"));
            }
            check_count(vm, "range", args, 1, 3)?;
            // `range_from_array`: `PyNumber_Index` of each argument (a class's `__index__`)
            let mut vals = Vec::new();
            for &a in args {
                vals.push(super::index_arg(vm, a)?);
            }
            let (start, stop, step) = match vals.len() {
                1 => (BigInt::zero(), vals[0].clone(), BigInt::from(1)),
                2 => (vals[0].clone(), vals[1].clone(), BigInt::from(1)),
                _ => (vals[0].clone(), vals[1].clone(), vals[2].clone()),
            };
            if step.is_zero() {
                return Err(vm.new_exception(ExcKind::ValueError, "range() arg 3 must not be zero"));
            }
            Ok(vm.new_range(start, stop, step))
        }
        BuiltinType::Slice => {
            check_count(vm, "slice", args, 1, 3)?;
            let none = vm.none();
            let (a, b, c) = match args.len() {
                1 => (none, args[0], none),
                2 => (args[0], args[1], none),
                _ => (args[0], args[1], args[2]),
            };
            vm.incref(a);
            vm.incref(b);
            vm.incref(c);
            Ok(vm.new_slice(a, b, c))
        }
        BuiltinType::StaticMethod | BuiltinType::ClassMethod => {
            check_count(vm, bt_name(bt), args, 1, 1)?;
            vm.incref(args[0]);
            let payload = if bt == BuiltinType::StaticMethod {
                Payload::StaticMethod(args[0])
            } else {
                Payload::ClassMethod(args[0])
            };
            Ok(vm.alloc(ty, payload, Layout::gc(24)))
        }
        BuiltinType::Property => {
            let kw = take_kwargs(vm, "property", kwargs, &["fget", "fset", "fdel", "doc"])?;
            let none = vm.none();
            let mut parts = [None; 5];
            for (i, part) in parts.iter_mut().take(4).enumerate() {
                let v = args.get(i).copied().or(kw[i]).filter(|&v| v != none);
                if let Some(v) = v {
                    vm.incref(v);
                }
                *part = v;
            }
            Ok(vm.alloc(ty, Payload::Property(Box::new(parts)), Layout::gc(64)))
        }
        BuiltinType::Super => super_new(vm, ty, args),
        BuiltinType::Enumerate => {
            let kw = take_kwargs(vm, "enumerate", kwargs, &["iterable", "start"])?;
            let iterable = args.first().copied().or(kw[0]).ok_or_else(|| {
                vm.type_error("enumerate() missing required argument 'iterable' (pos 1)")
            })?;
            let start = match args.get(1).copied().or(kw[1]) {
                Some(s) => vm.as_bigint(s).ok_or_else(|| {
                    vm.type_error("'str' object cannot be interpreted as an integer")
                })?,
                None => BigInt::zero(),
            };
            let it = vm.get_iter(iterable)?;
            // enum_new: the object, its iterator, then `en_result = PyTuple_Pack(2, None,
            // None)` (the model makes the iterator first)
            let placeholder = vm.new_none();
            let en = vm.alloc(
                ty,
                Payload::Iter(Box::new(IterObj::Enumerate {
                    iter: it,
                    count: start,
                    result: placeholder,
                })),
                Layout::gc(40),
            );
            let pair = vec![vm.new_none(), vm.new_none()];
            let result = vm.new_tuple(pair);
            vm.set_iter_result(en, result);
            Ok(en)
        }
        BuiltinType::Zip => {
            let mut strict = false;
            for &(k, v) in kwargs {
                if vm.str_of(k) == "strict" {
                    strict = vm.is_true(v)?;
                } else {
                    let msg = format!(
                        "zip() got an unexpected keyword argument '{}'",
                        vm.str_of(k)
                    );
                    return Err(vm.type_error(&msg));
                }
            }
            let mut iters = Vec::new();
            for (i, &a) in args.iter().enumerate() {
                match vm.get_iter(a) {
                    Ok(it) => iters.push(it),
                    Err(e) => {
                        vm.decref(e.0);
                        for it in iters {
                            vm.decref(it);
                        }
                        let msg = format!("'{}' object is not iterable", vm.type_name(a));
                        let _ = i;
                        return Err(vm.type_error(&msg));
                    }
                }
            }
            // zip_new: the result holder (a tuple of Nones, reused by `zip_next`) before the
            // zip object
            let holder: Vec<ObjId> = iters.iter().map(|_| vm.new_none()).collect();
            let result = vm.new_tuple(holder);
            Ok(vm.alloc(
                ty,
                Payload::Iter(Box::new(IterObj::Zip {
                    iters,
                    strict,
                    result,
                })),
                Layout::gc(40),
            ))
        }
        BuiltinType::Map => {
            no_kwargs(vm, "map", kwargs)?;
            if args.len() < 2 {
                return Err(vm.type_error("map() must have at least two arguments."));
            }
            let mut iters = Vec::new();
            for &a in &args[1..] {
                match vm.get_iter(a) {
                    Ok(it) => iters.push(it),
                    Err(e) => {
                        for it in iters {
                            vm.decref(it);
                        }
                        return Err(e);
                    }
                }
            }
            vm.incref(args[0]);
            Ok(vm.alloc(
                ty,
                Payload::Iter(Box::new(IterObj::Map {
                    func: args[0],
                    iters,
                })),
                Layout::gc(40),
            ))
        }
        BuiltinType::Filter => {
            no_kwargs(vm, "filter", kwargs)?;
            check_count(vm, "filter", args, 2, 2)?;
            let it = vm.get_iter(args[1])?;
            vm.incref(args[0]);
            Ok(vm.alloc(
                ty,
                Payload::Iter(Box::new(IterObj::Filter {
                    func: args[0],
                    iter: it,
                })),
                Layout::gc(40),
            ))
        }
        BuiltinType::Reversed => {
            no_kwargs(vm, "reversed", kwargs)?;
            check_count(vm, "reversed", args, 1, 1)?;
            let v = args[0];
            if vm.is_user_object(v) {
                if let Some(r) = vm.call_dunder(v, "__reversed__", &[])? {
                    return Ok(r);
                }
            }
            if let Payload::Range(r) = vm.payload(v) {
                // range.__reversed__: a range_iterator from the last item down, step negated
                let len = crate::vm::ops::range_len(&r.start, &r.stop, &r.step);
                let step = -r.step.clone();
                let next: BigInt = &r.start + (&len - BigInt::from(1)) * &r.step;
                let stop = &r.start + &step;
                // `range_reverse`: range(start+(n-1)*step, start-step, -step); empty when
                // n is 0 (then the first item and the stop are both start-step)
                let fast = crate::vm::iter::range_reverse_is_fast(&r.start, &r.stop, &r.step);
                let it = match (next.to_i64(), stop.to_i64(), step.to_i64()) {
                    (Some(next), Some(stop), Some(step)) if fast => IterObj::SmallRange {
                        start: next,
                        next,
                        stop,
                        step,
                    },
                    _ => IterObj::Range {
                        start: next.clone(),
                        next,
                        stop,
                        step,
                    },
                };
                let bt = if fast {
                    BuiltinType::RangeIterator
                } else {
                    BuiltinType::LongRangeIterator
                };
                return Ok(vm.new_iter(bt, it));
            }
            // list.__reversed__ gives a list_reverseiterator; other sequences the generic
            // `reversed` object.
            let ty = if matches!(vm.payload(v), Payload::List(_)) && bt == BuiltinType::Reversed {
                vm.types[BuiltinType::ListRevIterator as usize]
            } else {
                ty
            };
            let n = match vm.payload(v) {
                Payload::List(_)
                | Payload::Tuple(_)
                | Payload::Str(_)
                | Payload::Range(_)
                | Payload::Bytes(_) => vm.len_of_builtin(v).unwrap_or(0),
                Payload::Dict(_) | Payload::DictView { .. } => {
                    // dict.__reversed__ / the views' __reversed__: the iterator holds the dict
                    // and walks its entries from the last one down
                    let (dict, kind) = match vm.payload(v) {
                        Payload::DictView { dict, kind } => (*dict, *kind),
                        _ => (v, crate::object::DictViewKind::Keys),
                    };
                    let it_type = match kind {
                        crate::object::DictViewKind::Keys => BuiltinType::DictRevKeyIterator,
                        crate::object::DictViewKind::Values => BuiltinType::DictRevValueIterator,
                        crate::object::DictViewKind::Items => BuiltinType::DictRevItemIterator,
                    };
                    let n = match vm.payload(dict) {
                        Payload::Dict(d) => d.entries.len(),
                        _ => 0,
                    };
                    vm.incref(dict);
                    let t = vm.types[it_type as usize];
                    let it = vm.alloc(
                        t,
                        Payload::Iter(Box::new(IterObj::Reversed {
                            seq: Some(dict),
                            index: n,
                            result: None,
                        })),
                        Layout::gc(32),
                    );
                    if it_type == BuiltinType::DictRevItemIterator {
                        vm.give_iter_result_tuple(it);
                    }
                    return Ok(it);
                }
                _ if vm.is_user_object(v) => vm.len(v)?,
                _ => {
                    let msg = format!("'{}' object is not reversible", vm.type_name(v));
                    return Err(vm.type_error(&msg));
                }
            };
            vm.incref(v);
            Ok(vm.alloc(
                ty,
                Payload::Iter(Box::new(IterObj::Reversed {
                    seq: Some(v),
                    index: n,
                    result: None,
                })),
                Layout::gc(32),
            ))
        }
        BuiltinType::NoneType | BuiltinType::NotImplementedType | BuiltinType::Ellipsis => {
            if !args.is_empty() || !kwargs.is_empty() {
                let msg = format!("{}() takes no arguments", bt_name(bt));
                return Err(vm.type_error(&msg));
            }
            let v = match bt {
                BuiltinType::NoneType => vm.statics.none,
                BuiltinType::NotImplementedType => vm.statics.not_implemented,
                _ => vm.statics.ellipsis,
            };
            Ok(vm.new_ref(v))
        }
        BuiltinType::WeakRef => crate::modules::weakref::new_ref(vm, ty, args, kwargs),
        BuiltinType::MappingProxy => {
            // mappingproxy_new: `mappingproxy(mapping)`
            let kw = take_kwargs(vm, "mappingproxy", kwargs, &["mapping"])?;
            check_count(vm, "mappingproxy", args, 0, 1)?;
            let Some(mapping) = args.first().copied().or(kw[0]) else {
                let msg = "mappingproxy() missing required argument 'mapping' (pos 1)";
                return Err(vm.type_error(msg));
            };
            let kind = match vm.payload(mapping) {
                Payload::Dict(_) => Some(true),
                Payload::List(_) | Payload::Tuple(_) => Some(false),
                _ => None,
            };
            match kind {
                Some(true) => {}
                Some(false) => {
                    let msg = format!(
                        "mappingproxy() argument must be a mapping, not {}",
                        vm.type_name(mapping)
                    );
                    return Err(vm.type_error(&msg));
                }
                _ if vm.py_slot(mapping, "__getitem__").is_some() => {
                    return Err(vm.unsupported("mappingproxy over a mapping that is not a dict"));
                }
                _ => {
                    let msg = format!(
                        "mappingproxy() argument must be a mapping, not {}",
                        vm.type_name(mapping)
                    );
                    return Err(vm.type_error(&msg));
                }
            }
            vm.incref(mapping);
            Ok(vm.alloc(ty, Payload::MappingProxy(mapping), Layout::gc(24)))
        }
        BuiltinType::KeyedRef => crate::modules::weakref::new_keyed_ref(vm, ty, args, kwargs),
        // `types.MethodType(function, instance)` (`method_new`)
        BuiltinType::Method => {
            crate::builtins::no_kwargs(vm, "method", kwargs)?;
            crate::builtins::positional(vm, "method", args, kwargs, 2, 2)?;
            if !vm.is_callable(args[0]) {
                return Err(vm.type_error("first argument must be callable"));
            }
            if args[1] == vm.none() {
                return Err(vm.type_error("instance must not be None"));
            }
            Ok(vm.new_method(args[0], args[1]))
        }
        BuiltinType::WeakMethod => crate::modules::weakref::new_weak_method(vm, ty, args, kwargs),
        BuiltinType::GenericAlias => {
            // ga_new: `GenericAlias(origin, args)`, positional only
            if !kwargs.is_empty() {
                return Err(vm.type_error("GenericAlias() takes no keyword arguments"));
            }
            if args.len() != 2 {
                let msg = format!("GenericAlias expected 2 arguments, got {}", args.len());
                return Err(vm.type_error(&msg));
            }
            Ok(vm.new_generic_alias(args[0], args[1]))
        }
        BuiltinType::Native => crate::modules::native::construct(vm, ty, args, kwargs),
        BuiltinType::Module => module_new(vm, ty, args, kwargs),
        BuiltinType::CLong => {
            check_count(vm, "c_long", args, 0, 1)?;
            Err(vm.unsupported(
                "ctypes.c_long(value): refscope models only c_long.from_address(address)",
            ))
        }
        _ => {
            let msg = format!("cannot create '{}' instances", bt_name(bt));
            Err(vm.type_error(&msg))
        }
    }
}

/// `types.ModuleType(name, doc=None)`: `module___init__`'s dict (`module_init_dict`): the very
/// name and doc objects given, and `__package__`, `__loader__`, `__spec__` set to None.
fn module_new(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let a = crate::builtins::parse_args(vm, "module", args, kwargs, &["name", "doc"], 1)?;
    let Some(name) = a[0] else {
        return Err(vm.type_error("module() missing required argument 'name' (pos 1)"));
    };
    if !matches!(vm.payload(name), Payload::Str(_)) {
        let msg = format!(
            "module() argument 'name' must be str, not {}",
            vm.type_name(name)
        );
        return Err(vm.type_error(&msg));
    }
    let dict = vm.new_dict_from(PyDict::new(), false);
    let text = vm.str_of(name).to_string();
    vm.incref(name);
    let m = vm.alloc(
        ty,
        Payload::Module(Box::new(crate::object::Module {
            name: text,
            dict,
            name_obj: Some(name),
        })),
        Layout::gc(56),
    );
    let none = vm.none();
    let doc = a[1].unwrap_or(none);
    for (key, value) in [
        ("__name__", name),
        ("__doc__", doc),
        ("__package__", none),
        ("__loader__", none),
        ("__spec__", none),
    ] {
        vm.module_set(m, key, value);
    }
    Ok(m)
}

fn bt_name(bt: BuiltinType) -> &'static str {
    match bt {
        BuiltinType::StaticMethod => "staticmethod",
        BuiltinType::ClassMethod => "classmethod",
        BuiltinType::Function => "function",
        BuiltinType::Code => "code",
        BuiltinType::Cell => "cell",
        BuiltinType::Method => "method",
        BuiltinType::Generator => "generator",
        BuiltinType::Module => "module",
        BuiltinType::NoneType => "NoneType",
        _ => "builtin",
    }
}

/// `type(x)` or `type(name, bases, dict)`.
fn type_call(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match args.len() {
        1 if kwargs.is_empty() => {
            let t = vm.type_of(args[0]);
            Ok(vm.new_ref(t))
        }
        3 => {
            let (name, bases, ns) = (args[0], args[1], args[2]);
            for (i, (v, want)) in [(name, "str"), (bases, "tuple"), (ns, "dict")]
                .into_iter()
                .enumerate()
            {
                let ok = match want {
                    "str" => matches!(vm.payload(v), Payload::Str(_)),
                    "tuple" => matches!(vm.payload(v), Payload::Tuple(_)),
                    _ => matches!(vm.payload(v), Payload::Dict(_)),
                };
                if !ok {
                    let msg = format!(
                        "type.__new__() argument {} must be {want}, not {}",
                        i + 1,
                        vm.type_name(v)
                    );
                    return Err(vm.type_error(&msg));
                }
            }
            // type_new: `_PyType_CalculateMetaclass(type, bases)` (a base whose type is not
            // a metaclass is a conflict); the winner makes the class
            let base_list = vm.tuple_items(bases);
            let t = vm.ty(BuiltinType::Type);
            let winner = vm.calculate_metaclass(t, &base_list)?;
            if winner != t && vm.type_py_slot(winner, "__new__").is_some() {
                // `winner->tp_new(winner, args, kwds)`, then the new class's `tp_init`
                return vm.type_call(winner, args, kwargs);
            }
            vm.incref(name);
            vm.incref(bases);
            vm.incref(ns);
            let none = vm.new_none();
            vm.make_class(name, bases, ns, Vec::new(), none, None)
        }
        _ => Err(vm.type_error("type() takes 1 or 3 arguments")),
    }
}

fn int_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = take_kwargs(vm, "int", kwargs, &["base"])?;
    check_count(vm, "int", args, 0, 2)?;
    let base = args.get(1).copied().or(kw[0]);
    let Some(&v) = args.first() else {
        if base.is_some() {
            return Err(vm.type_error("int() missing string argument"));
        }
        return Ok(vm.new_int(0));
    };
    if let Some(b) = base {
        let b = vm
            .as_bigint(b)
            .ok_or_else(|| vm.type_error("'str' object cannot be interpreted as an integer"))?;
        let base = match crate::object::int::check_int_base(&b) {
            Ok(b) => b,
            Err(e) => return Err(vm.num_error(e)),
        };
        let text = match vm.payload(v) {
            Payload::Str(s) => s.value.to_string(),
            Payload::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            _ => return Err(vm.type_error("int() can't convert non-string with explicit base")),
        };
        return parse_int_text(vm, v, &text, base);
    }
    vm.number_long(v)
}

fn parse_int_text(vm: &mut Vm, v: ObjId, text: &str, base: u32) -> PyResult<ObjId> {
    match parse_int(text, base) {
        Ok(n) => Ok(vm.new_bigint(n)),
        Err(ParseIntError::Invalid) => {
            let repr = vm.repr_string(v)?;
            let msg = invalid_int_literal_message(base, &repr);
            Err(vm.new_exception(ExcKind::ValueError, &msg))
        }
        Err(ParseIntError::TooManyDigits(e)) => Err(vm.num_error(e)),
    }
}

fn float_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "float", kwargs)?;
    check_count(vm, "float", args, 0, 1)?;
    let Some(&v) = args.first() else {
        return Ok(vm.new_float(0.0));
    };
    vm.number_float(v)
}

impl Vm {
    /// `PyNumber_Float`: an exact float is itself; a class's `__float__` (a float), then
    /// its `__index__`; a float subclass's value; an int's; a string's parse.
    pub fn number_float(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.builtin_type_of(v) == Some(BuiltinType::Float) {
            return Ok(self.new_ref(v));
        }
        if self.is_user_object(v) {
            if let Some(f) = self.py_slot(v, "__float__") {
                let r = self.call_slot(f, v, &[])?;
                return match self.payload(r) {
                    Payload::Float(x) => {
                        if self.builtin_type_of(r) == Some(BuiltinType::Float) {
                            Ok(r)
                        } else {
                            let x = *x;
                            self.decref(r);
                            Ok(self.new_float(x))
                        }
                    }
                    _ => {
                        let msg = format!(
                            "{}.__float__ returned non-float (type {})",
                            self.type_name(v),
                            self.type_name(r)
                        );
                        self.decref(r);
                        Err(self.type_error(&msg))
                    }
                };
            }
            if self.py_slot(v, "__index__").is_some() {
                let n = super::index_arg(self, v)?;
                return match crate::object::int::int_to_f64(&n) {
                    Ok(f) => Ok(self.new_float(f)),
                    Err(e) => Err(self.num_error(e)),
                };
            }
        }
        match self.payload(v) {
            Payload::Float(f) => {
                let f = *f;
                Ok(self.new_float(f))
            }
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                let n = self.as_bigint(v).unwrap_or_default();
                match crate::object::int::int_to_f64(&n) {
                    Ok(f) => Ok(self.new_float(f)),
                    Err(e) => Err(self.num_error(e)),
                }
            }
            Payload::Str(s) => {
                let text = s.value.to_string();
                match parse_float(&text) {
                    Some(f) => Ok(self.new_float(f)),
                    None => {
                        let msg = format!("could not convert string to float: {}", str_repr(&text));
                        Err(self.new_exception(ExcKind::ValueError, &msg))
                    }
                }
            }
            // PyFloat_FromString on a bytes-like object: its bytes as text
            Payload::Bytes(b) => {
                let text: Option<String> = std::str::from_utf8(b).ok().map(str::to_string);
                match text.as_deref().and_then(parse_float) {
                    Some(f) => Ok(self.new_float(f)),
                    None => {
                        let shown = self.repr_string(v)?;
                        let msg = format!("could not convert string to float: {shown}");
                        Err(self.new_exception(ExcKind::ValueError, &msg))
                    }
                }
            }
            _ => {
                let msg = format!(
                    "float() argument must be a string or a real number, not '{}'",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// `PyNumber_Long`: an exact int is itself; a class's `__int__`, `__index__`,
    /// `__trunc__`; an int subclass's value (an exact copy); a float's truncation; a
    /// string's parse.
    pub fn number_long(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.builtin_type_of(v) == Some(BuiltinType::Int) {
            return Ok(self.new_ref(v));
        }
        if self.is_user_object(v) {
            for name in ["__int__", "__index__", "__trunc__"] {
                let Some(f) = self.py_slot(v, name) else {
                    continue;
                };
                let r = self.call_slot(f, v, &[])?;
                return match self.payload(r) {
                    Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                        if self.builtin_type_of(r) == Some(BuiltinType::Int) {
                            Ok(r)
                        } else {
                            let n = self.as_bigint(r).unwrap_or_default();
                            self.decref(r);
                            Ok(self.new_bigint(n))
                        }
                    }
                    _ if name == "__trunc__" => {
                        // the result of `__trunc__` must be an int or have `__index__`
                        let n = super::index_arg(self, r);
                        self.decref(r);
                        let n = n?;
                        Ok(self.new_bigint(n))
                    }
                    _ => {
                        let msg = format!("{name} returned non-int (type {})", self.type_name(r));
                        self.decref(r);
                        Err(self.type_error(&msg))
                    }
                };
            }
        }
        match self.payload(v) {
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                let n = self.as_bigint(v).unwrap_or_default();
                Ok(self.new_bigint(n))
            }
            Payload::Float(f) => match float_to_bigint(*f) {
                Ok(n) => Ok(self.new_bigint(n)),
                Err(e) => Err(self.num_error(e)),
            },
            Payload::Str(s) => {
                let text = s.value.to_string();
                parse_int_text(self, v, &text, 10)
            }
            Payload::Bytes(b) => {
                let text = String::from_utf8_lossy(b).into_owned();
                parse_int_text(self, v, &text, 10)
            }
            _ => {
                let msg = format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }
}

fn str_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = take_kwargs(vm, "str", kwargs, &["object", "encoding", "errors"])?;
    check_count(vm, "str", args, 0, 3)?;
    let obj = args.first().copied().or(kw[0]);
    let encoding = args.get(1).copied().or(kw[1]);
    let errors = args.get(2).copied().or(kw[2]);
    // `unicode_new_impl`: both are C strings to Argument Clinic
    for (name, given) in [("encoding", encoding), ("errors", errors)] {
        if let Some(g) = given.filter(|&g| !matches!(vm.payload(g), Payload::Str(_))) {
            let msg = format!(
                "str() argument '{name}' must be str, not {}",
                vm.type_name(g)
            );
            return Err(vm.type_error(&msg));
        }
    }
    let Some(v) = obj else {
        let e = vm.statics.empty_str;
        return Ok(vm.new_ref(e));
    };
    if encoding.is_none() && errors.is_none() {
        return vm.str_object(v);
    }
    // `PyUnicode_FromEncodedObject`: bytes-like objects are decoded, nothing else is
    match vm.payload(v) {
        Payload::Bytes(_) => {}
        Payload::Str(_) => return Err(vm.type_error("decoding str is not supported")),
        _ => {
            let msg = format!(
                "decoding to str: need a bytes-like object, {} found",
                vm.type_name(v)
            );
            return Err(vm.type_error(&msg));
        }
    }
    let encoding = match encoding {
        Some(e) => vm.new_ref(e),
        None => vm.new_str("utf-8"),
    };
    let mut call = vec![v, encoding];
    call.extend(errors);
    let r = super::methods::strings::bytes_decode(vm, &call, &[]);
    vm.decref(encoding);
    r
}

/// `super()` (zero arguments: the calling method's class cell and first argument) or
/// `super(type, obj)`.
impl Vm {
    /// `supercheck`: the object must be an instance or a subclass of the super's type.
    pub(crate) fn super_check(&mut self, cls: ObjId, obj: ObjId) -> PyResult<()> {
        if obj == self.none() {
            return Ok(());
        }
        let t = self.type_of(obj);
        let ok = (matches!(self.payload(obj), Payload::Type(_)) && self.is_subtype(obj, cls))
            || self.is_subtype(t, cls);
        if ok {
            return Ok(());
        }
        Err(self.type_error("super(type, obj): obj must be an instance or subtype of type"))
    }
}

fn super_new(vm: &mut Vm, ty: ObjId, args: &[ObjId]) -> PyResult<ObjId> {
    let (cls, obj) = match args.len() {
        1 | 2 => {
            if !matches!(vm.payload(args[0]), Payload::Type(_)) {
                let msg = format!(
                    "super() argument 1 must be a type, not {}",
                    vm.type_name(args[0])
                );
                return Err(vm.type_error(&msg));
            }
            // `super(T)` and `super(T, None)` are unbound (`su->obj == NULL`)
            let none = vm.none();
            (args[0], args.get(1).copied().unwrap_or(none))
        }
        0 => {
            let Some(f) = vm.frames.last() else {
                return Err(vm.new_exception(ExcKind::RuntimeError, "super(): no current frame"));
            };
            let code = f.code.clone();
            if code.argcount == 0 {
                return Err(vm.new_exception(ExcKind::RuntimeError, "super(): no arguments"));
            }
            let mut first = f.localsplus[0];
            // the first argument may have been turned into a cell
            if let Some(c) = first {
                if let Payload::Cell(inner) = vm.payload(c) {
                    if code
                        .localsplus_names
                        .iter()
                        .skip(code.nlocals)
                        .all(|n| n != &code.localsplus_names[0])
                    {
                        first = *inner;
                    }
                }
            }
            let class_cell = code
                .localsplus_names
                .iter()
                .position(|n| n == "__class__")
                .and_then(|i| f.localsplus[i]);
            let cls = match class_cell.map(|c| vm.payload(c)) {
                Some(Payload::Cell(Some(c))) => *c,
                _ => {
                    return Err(vm
                        .new_exception(ExcKind::RuntimeError, "super(): __class__ cell not found"))
                }
            };
            let obj = first.ok_or_else(|| {
                vm.new_exception(ExcKind::RuntimeError, "super(): arg[0] deleted")
            })?;
            (cls, obj)
        }
        _ => return Err(vm.type_error("super() takes 0 or 2 arguments")),
    };
    vm.super_check(cls, obj)?;
    vm.incref(cls);
    vm.incref(obj);
    Ok(vm.alloc(ty, Payload::Super { ty: cls, obj }, Layout::gc(32)))
}

impl Vm {
    /// `list_preallocate_exact`: set a list's capacity to exactly `n`.
    pub(crate) fn list_resize_exact(&mut self, l: ObjId, n: usize) {
        let (allocated, block) = match self.payload(l) {
            Payload::List(list) => (list.allocated, list.items_block()),
            _ => return,
        };
        let new_block = match block {
            Some(b) => {
                self.heap
                    .realloc_block(
                        crate::heap::Block {
                            addr: b,
                            size: 8 * allocated,
                        },
                        8 * n,
                    )
                    .addr
            }
            None => self.heap.malloc_block(8 * n).addr,
        };
        if let Payload::List(list) = self.heap.payload_mut(l) {
            list.allocated = n;
            list.set_items_block(Some(new_block));
        }
    }
}

/// `complex(real=0, imag=0)` (`complex_new_impl`): strings parsed, numbers combined as
/// `real + imag*1j` without rounding through `-0.0`.
fn complex_new(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    use crate::vm::ops::Num;
    let a = super::parse_args(vm, "complex", args, kwargs, &["real", "imag"], 0)?;
    let (r, i) = (a[0], a[1]);
    let Some(r) = r else {
        return Ok(vm.new_complex(
            0.0,
            match i {
                Some(i) => match vm.as_num(i) {
                    Some(Num::Float(f)) => f,
                    Some(Num::Int(n)) => match crate::object::int::int_to_f64(&n) {
                        Ok(f) => f,
                        Err(e) => return Err(vm.num_error(e)),
                    },
                    _ => {
                        let msg = format!(
                            "complex() second argument must be a number, not '{}'",
                            vm.type_name(i)
                        );
                        return Err(vm.type_error(&msg));
                    }
                },
                None => 0.0,
            },
        ));
    };
    if let Payload::Str(s) = vm.payload(r) {
        if i.is_some() {
            return Err(vm.type_error("complex() can't take second arg if first is a string"));
        }
        let text = s.value.to_string();
        return match complex_from_string(&text) {
            Some((re, im)) => Ok(vm.new_complex(re, im)),
            None => {
                Err(vm.new_exception(ExcKind::ValueError, "complex() arg is a malformed string"))
            }
        };
    }
    if let Some(i) = i {
        if matches!(vm.payload(i), Payload::Str(_)) {
            return Err(vm.type_error("complex() second arg can't be a string"));
        }
    }
    if i.is_none()
        && matches!(vm.payload(r), Payload::Complex(..))
        && vm.builtin_type_of(r) == Some(BuiltinType::Complex)
        && ty == vm.ty(BuiltinType::Complex)
    {
        return Ok(vm.new_ref(r));
    }
    // try_complex_special_method: a class's `__complex__` (the first argument only)
    let own_r;
    let r = match vm
        .is_user_object(r)
        .then(|| vm.py_slot(r, "__complex__"))
        .flatten()
    {
        Some(f) => {
            let c = vm.call_slot(f, r, &[])?;
            if !matches!(vm.payload(c), Payload::Complex(..)) {
                let msg = format!(
                    "__complex__ returned non-complex (type {})",
                    vm.type_name(c)
                );
                vm.decref(c);
                return Err(vm.type_error(&msg));
            }
            own_r = Some(c);
            c
        }
        None => {
            own_r = None;
            r
        }
    };
    let result = complex_from_parts(vm, r, i);
    if let Some(c) = own_r {
        vm.decref(c);
    }
    result
}

/// complex_new's arithmetic once strings and `__complex__` are dealt with: each argument a
/// number, or a class's `__float__`/`__index__` (PyFloat_AsDouble).
fn complex_from_parts(vm: &mut Vm, r: ObjId, i: Option<ObjId>) -> PyResult<ObjId> {
    use crate::vm::ops::Num;
    let to_parts = |vm: &mut Vm, v: ObjId, which: &str| -> PyResult<(f64, f64, bool)> {
        if vm.is_user_object(v)
            && (vm.py_slot(v, "__float__").is_some() || vm.py_slot(v, "__index__").is_some())
        {
            let f = vm.number_float(v)?;
            let x = match vm.payload(f) {
                Payload::Float(x) => *x,
                _ => 0.0,
            };
            vm.decref(f);
            return Ok((x, 0.0, false));
        }
        match vm.as_num(v) {
            Some(Num::Int(n)) => match crate::object::int::int_to_f64(&n) {
                Ok(f) => Ok((f, 0.0, false)),
                Err(e) => Err(vm.num_error(e)),
            },
            Some(Num::Float(f)) => Ok((f, 0.0, false)),
            Some(Num::Complex(re, im)) => Ok((re, im, true)),
            None => {
                let msg = format!(
                    "complex() {which} argument must be a string or a number, not '{}'",
                    vm.type_name(v)
                );
                Err(vm.type_error(&msg))
            }
        }
    };
    let (mut cr_re, cr_im, cr_is_complex) = to_parts(vm, r, "first")?;
    let (mut ci_re, ci_im, ci_is_complex) = match i {
        None => (cr_im, 0.0, false),
        Some(i) => to_parts(vm, i, "second").map_err(|e| {
            if !vm.is_instance_of_kind(e.0, ExcKind::TypeError) {
                return e;
            }
            vm.decref(e.0);
            let msg = format!(
                "complex() second argument must be a number, not '{}'",
                vm.type_name(i)
            );
            vm.type_error(&msg)
        })?,
    };
    if ci_is_complex {
        cr_re -= ci_im;
    }
    if cr_is_complex && i.is_some() {
        ci_re += cr_im;
    }
    Ok(vm.new_complex(cr_re, ci_re))
}

/// `complex_from_string_inner`: `[(] real [+-imag j] [)]`, `imag j`, with whitespace around.
pub fn complex_from_string(text: &str) -> Option<(f64, f64)> {
    let mut s = text.trim_matches(|c: char| crate::object::str::is_space(c));
    if let Some(inner) = s.strip_prefix('(') {
        s = inner
            .strip_suffix(')')?
            .trim_matches(|c: char| crate::object::str::is_space(c));
    }
    if s.is_empty() || s.contains(char::is_whitespace) {
        return None;
    }
    let num = |t: &str| -> Option<f64> {
        if t.is_empty() || t.starts_with(['+', '-']) && t.len() == 1 {
            return None;
        }
        parse_float(t)
    };
    let Some(body) = s.strip_suffix(['j', 'J']) else {
        return Some((num(s)?, 0.0));
    };
    // the sign that starts the imaginary part: the last + or - not opening an exponent
    let bytes = body.as_bytes();
    let split = (1..bytes.len())
        .rev()
        .find(|&k| matches!(bytes[k], b'+' | b'-') && !matches!(bytes[k - 1], b'e' | b'E'));
    let (re_text, im_text) = match split {
        Some(k) => (&body[..k], &body[k..]),
        None => ("", body),
    };
    let re = if re_text.is_empty() {
        0.0
    } else {
        num(re_text)?
    };
    let im = match im_text {
        "" | "+" => 1.0,
        "-" => -1.0,
        t => num(t)?,
    };
    Some((re, im))
}

/// `bytes(source=b'', encoding, errors)`: a str needs an encoding, an int is a count of zero
/// bytes, anything else a bytes-like object or an iterable of ints. `bytearray(...)` is an
/// empty bytearray its `__init__` fills (`vm::bytearray`).
fn bytes_new(
    vm: &mut Vm,
    bt: BuiltinType,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if bt == BuiltinType::ByteArray {
        // PyType_GenericNew's empty object, then bytearray___init__
        let ba = vm.new_bytearray(Vec::new());
        return match vm.bytearray_init(ba, args, kwargs) {
            Ok(()) => Ok(ba),
            Err(e) => {
                vm.decref(ba);
                Err(e)
            }
        };
    }
    let name = "bytes";
    let a = super::parse_args(vm, name, args, kwargs, &["source", "encoding", "errors"], 0)?;
    let make = |vm: &mut Vm, b: Vec<u8>| vm.new_bytes(b);
    let Some(v) = a[0] else {
        if a[1].is_some() || a[2].is_some() {
            let what = if a[1].is_some() { "encoding" } else { "errors" };
            let msg = format!("{what} without a string argument");
            return Err(vm.type_error(&msg));
        }
        return Ok(make(vm, Vec::new()));
    };
    if let Payload::Str(s) = vm.payload(v) {
        let text = s.value.to_string();
        if a[1].is_none() {
            return Err(vm.type_error("string argument without an encoding"));
        }
        let given: Vec<ObjId> = a[1..].iter().flatten().copied().collect();
        let (codec, errors) = super::methods::unicode::codec_args(vm, name, &given, &[])?;
        return match crate::object::codecs::encode(&text, codec, errors) {
            Ok(b) => Ok(make(vm, b)),
            Err(e) => {
                let h = a[2].map(|h| vm.str_of(h).to_string()).unwrap_or_default();
                Err(super::methods::unicode::codec_error(vm, e, &h, v))
            }
        };
    }
    if a[1].is_some() {
        return Err(vm.type_error("encoding without a string argument"));
    }
    if a[2].is_some() {
        return Err(vm.type_error("errors without a string argument"));
    }
    if vm.builtin_type_of(v) == Some(BuiltinType::Bytes) {
        return Ok(vm.new_ref(v));
    }
    // bytes_new: `_PyObject_LookupSpecial(x, "__bytes__")` (a bound method) called with no
    // arguments, before the integer and iterable cases
    if vm.py_slot(v, "__bytes__").is_some() {
        let n = vm.new_interned("__bytes__");
        let m = vm.lookup_special(v, n);
        vm.decref(n);
        if let Some(m) = m {
            let r = vm.call_object(m, &[], &[]);
            vm.decref(m);
            let r = r?;
            if !matches!(vm.payload(r), Payload::Bytes(_)) || vm.is_bytearray(r) {
                let msg = format!("__bytes__ returned non-bytes (type {})", vm.type_name(r));
                vm.decref(r);
                return Err(vm.type_error(&msg));
            }
            return Ok(r);
        }
    }
    if vm.is_int_like(v) {
        let n = super::ssize_arg(vm, v)?;
        if n < 0 {
            return Err(vm.new_exception(ExcKind::ValueError, "negative count"));
        }
        vm.check_memory(n as u128)?;
        return Ok(make(vm, vec![0; n as usize]));
    }
    if !vm.is_iterable(v) {
        let msg = format!("cannot convert '{}' object to {name}", vm.type_name(v));
        return Err(vm.type_error(&msg));
    }
    // _PyBytes_FromIterator: the length hint first, and a writer of that size
    if !matches!(
        vm.payload(v),
        Payload::Bytes(_) | Payload::List(_) | Payload::Tuple(_)
    ) {
        let hint = vm.length_hint_or(v, 64)?;
        vm.check_memory(hint as u128)?;
    }
    let b = vm.bytes_from_object(v)?;
    Ok(make(vm, b))
}
