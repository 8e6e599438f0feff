//! `copy.copy` and `copy.deepcopy`: shallow copies share the items, deep copies copy them
//! recursively with a memo (so shared structure and cycles are preserved); immutable atoms and
//! tuples of atoms come back as the same object.

use std::collections::HashMap;

use crate::builtins::{check_count, func, BuiltinDef};
use crate::object::{BuiltinType, ObjId, Payload, PySet};
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[func("copy", copy), func("deepcopy", deepcopy)];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

/// Objects `copy` returns as they are.
fn is_atomic(vm: &Vm, v: ObjId) -> bool {
    if vm.is_bytearray(v) {
        // bytearray shares the Bytes payload but is mutable: copied through __reduce_ex__
        return false;
    }
    matches!(
        vm.payload(v),
        Payload::None
            | Payload::Ellipsis
            | Payload::NotImplemented
            | Payload::Bool(_)
            | Payload::Int(_)
            | Payload::BigInt(_)
            | Payload::Float(_)
            | Payload::Complex(..)
            | Payload::Str(_)
            | Payload::Bytes(_)
            | Payload::Type(_)
            | Payload::Function(_)
            | Payload::Builtin(_)
            | Payload::Range(_)
            | Payload::Code(_)
            | Payload::WeakRef(_)
            | Payload::Property(_)
    )
}

fn copy(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "copy", args, 1, 1)?;
    let x = args[0];
    if is_atomic(vm, x) {
        return Ok(vm.new_ref(x));
    }
    if vm.is_user_object(x) {
        if let Some(r) = vm.call_dunder(x, "__copy__", &[])? {
            return Ok(r);
        }
    }
    match vm.payload(x) {
        Payload::Tuple(_) | Payload::FrozenSet(_) => Ok(vm.new_ref(x)),
        Payload::List(l) => {
            let items = l.items.clone();
            for &i in &items {
                vm.incref(i);
            }
            Ok(vm.new_list(items))
        }
        Payload::Dict(_) => {
            let d = vm.new_dict();
            vm.dict_update_from(d, x, false)?;
            Ok(d)
        }
        Payload::Set(_) => {
            let s = vm.new_set(PySet::new(), false);
            vm.set_update(s, x)?;
            Ok(s)
        }
        Payload::Instance(_) => copy_instance(vm, x, None),
        Payload::Bytes(b) => {
            let b = b.to_vec();
            Ok(vm.new_bytearray(b))
        }
        _ => Ok(vm.new_ref(x)),
    }
}

/// `copyreg.__reduce_ex__` + `copy._reconstruct`: a new instance of the class whose
/// `__dict__` is updated from the original's (both dicts are materialised, as in CPython).
fn copy_instance(vm: &mut Vm, x: ObjId, memo: Option<&mut Memo>) -> PyResult<ObjId> {
    let ty = vm.type_of(x);
    let state = vm.instance_dict(x)?;
    let y = vm.new_instance(ty);
    if let Some(memo) = memo {
        memo.map.insert(x, y);
        vm.incref(y);
        memo.owned.push(y);
        let copied = deep(vm, state, memo);
        vm.decref(state);
        let copied = match copied {
            Ok(c) => c,
            Err(e) => {
                vm.decref(y);
                return Err(e);
            }
        };
        let r = update_instance_dict(vm, y, copied);
        vm.decref(copied);
        return r.map(|_| y);
    }
    let r = update_instance_dict(vm, y, state);
    vm.decref(state);
    match r {
        Ok(()) => Ok(y),
        Err(e) => {
            vm.decref(y);
            Err(e)
        }
    }
}

fn update_instance_dict(vm: &mut Vm, y: ObjId, state: ObjId) -> PyResult<()> {
    if vm.len_of_builtin(state) == Some(0) {
        return Ok(());
    }
    let d = vm.instance_dict(y)?;
    let r = vm.dict_update_from(d, state, false);
    vm.decref(d);
    r
}

/// The deep-copy memo: original → copy, with the references it holds.
struct Memo {
    map: HashMap<ObjId, ObjId>,
    owned: Vec<ObjId>,
}

fn deepcopy(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "deepcopy", args, 1, 2)?;
    let mut memo = Memo {
        map: HashMap::new(),
        owned: Vec::new(),
    };
    let r = deep(vm, args[0], &mut memo);
    for o in memo.owned {
        vm.decref(o);
    }
    r
}

/// One level of `copy.deepcopy`. CPython's is Python code (`deepcopy` and `_deepcopy_list`
/// frames per level), so a 100,000-deep nest ends in `RecursionError`: one guard per level.
fn deep(vm: &mut Vm, x: ObjId, memo: &mut Memo) -> PyResult<ObjId> {
    vm.recursive_call(" while calling a Python object", |vm| deep_one(vm, x, memo))
}

fn deep_one(vm: &mut Vm, x: ObjId, memo: &mut Memo) -> PyResult<ObjId> {
    if let Some(&y) = memo.map.get(&x) {
        return Ok(vm.new_ref(y));
    }
    if is_atomic(vm, x) {
        return Ok(vm.new_ref(x));
    }
    if vm.is_user_object(x) {
        let t = vm.type_of(x);
        if vm.type_has_attr(t, "__deepcopy__") {
            let d = vm.new_dict();
            let r = vm.call_dunder(x, "__deepcopy__", &[d]);
            vm.decref(d);
            if let Some(r) = r? {
                return Ok(r);
            }
        }
    }
    let remember = |vm: &mut Vm, memo: &mut Memo, y: ObjId| {
        memo.map.insert(x, y);
        vm.incref(y);
        memo.owned.push(y);
    };
    match vm.payload(x) {
        Payload::Bytes(b) => {
            let b = b.to_vec();
            let y = vm.new_bytearray(b);
            remember(vm, memo, y);
            Ok(y)
        }
        Payload::List(l) => {
            let items = l.items.clone();
            let y = vm.new_list(Vec::new());
            remember(vm, memo, y);
            for i in items {
                match deep(vm, i, memo) {
                    Ok(c) => vm.list_append_owned(y, c),
                    Err(e) => {
                        vm.decref(y);
                        return Err(e);
                    }
                }
            }
            Ok(y)
        }
        Payload::Tuple(t) => {
            let items = t.to_vec();
            let mut copies = Vec::with_capacity(items.len());
            for &i in &items {
                match deep(vm, i, memo) {
                    Ok(c) => copies.push(c),
                    Err(e) => {
                        for c in copies {
                            vm.decref(c);
                        }
                        return Err(e);
                    }
                }
            }
            // a tuple whose items all came back unchanged is returned as is
            if let Some(&y) = memo.map.get(&x) {
                for c in copies {
                    vm.decref(c);
                }
                return Ok(vm.new_ref(y));
            }
            if copies.iter().zip(&items).all(|(c, i)| c == i) {
                for c in copies {
                    vm.decref(c);
                }
                return Ok(vm.new_ref(x));
            }
            let y = vm.new_tuple(copies);
            remember(vm, memo, y);
            Ok(y)
        }
        Payload::Dict(_) => {
            let pairs = vm.dict_pairs(x);
            let y = vm.new_dict();
            remember(vm, memo, y);
            for (k, v) in pairs {
                let kc = deep(vm, k, memo)?;
                let vc = match deep(vm, v, memo) {
                    Ok(vc) => vc,
                    Err(e) => {
                        vm.decref(kc);
                        return Err(e);
                    }
                };
                let r = vm.dict_setitem(y, kc, vc);
                vm.decref(kc);
                vm.decref(vc);
                r?;
            }
            Ok(y)
        }
        Payload::Set(_) | Payload::FrozenSet(_) => {
            let frozen = vm.builtin_type_of(x) == Some(BuiltinType::FrozenSet);
            let items = vm.collect_iterable(x)?;
            let y = vm.new_set(PySet::new(), frozen);
            remember(vm, memo, y);
            for i in items {
                let c = deep(vm, i, memo);
                vm.decref(i);
                let c = c?;
                let r = vm.set_add(y, c);
                vm.decref(c);
                r?;
            }
            Ok(y)
        }
        Payload::Instance(_) => copy_instance(vm, x, Some(memo)),
        _ => Ok(vm.new_ref(x)),
    }
}
