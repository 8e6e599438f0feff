//! The `gc` module: the collector's controls and introspection.

use crate::builtins::{check_count, func, int_arg, BuiltinDef};
use crate::gc::{DEBUG_COLLECTABLE, DEBUG_LEAK, DEBUG_SAVEALL, DEBUG_STATS, DEBUG_UNCOLLECTABLE};
use crate::object::ObjId;
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("collect", collect),
    func("enable", enable),
    func("disable", disable),
    func("isenabled", isenabled),
    func("get_count", get_count),
    func("get_threshold", get_threshold),
    func("set_threshold", set_threshold),
    func("get_objects", get_objects),
    func("get_referrers", get_referrers).varargs(),
    func("get_referents", get_referents).varargs(),
    func("is_tracked", is_tracked),
    func("is_finalized", is_finalized),
    func("set_debug", set_debug),
    func("get_debug", get_debug),
    func("get_stats", get_stats),
    func("freeze", freeze),
    func("unfreeze", unfreeze),
    func("get_freeze_count", get_freeze_count),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let garbage = vm.gc_garbage_list();
    vm.module_set(m, "garbage", garbage);
    let callbacks = vm.gc_callbacks_list();
    vm.module_set(m, "callbacks", callbacks);
    for (name, v) in [
        ("DEBUG_STATS", DEBUG_STATS),
        ("DEBUG_COLLECTABLE", DEBUG_COLLECTABLE),
        ("DEBUG_UNCOLLECTABLE", DEBUG_UNCOLLECTABLE),
        ("DEBUG_SAVEALL", DEBUG_SAVEALL),
        ("DEBUG_LEAK", DEBUG_LEAK),
    ] {
        let n = vm.new_int(v);
        vm.module_set(m, name, n);
        vm.decref(n);
    }
}

impl Vm {
    /// `gc.garbage` (made once, kept by the collector).
    pub fn gc_garbage_list(&mut self) -> ObjId {
        if let Some(g) = self.gc.garbage {
            return g;
        }
        let g = self.new_list(Vec::new());
        self.gc.garbage = Some(g);
        g
    }

    /// `gc.callbacks`.
    pub fn gc_callbacks_list(&mut self) -> ObjId {
        if let Some(c) = self.gc.callbacks {
            return c;
        }
        let c = self.new_list(Vec::new());
        self.gc.callbacks = Some(c);
        c
    }
}

fn collect(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = crate::builtins::take_kwargs(vm, "collect", kwargs, &["generation"])?;
    check_count(vm, "collect", args, 0, 1)?;
    let generation = match args.first().copied().or(kw[0]) {
        Some(g) => int_arg(vm, g)?,
        None => 2,
    };
    if !(0..=2).contains(&generation) {
        return Err(vm.new_exception(ExcKind::ValueError, "invalid generation"));
    }
    let n = vm.gc_collect(generation as usize);
    Ok(vm.new_usize(n))
}

fn enable(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    vm.gc.enabled = true;
    Ok(vm.new_none())
}

fn disable(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    vm.gc.enabled = false;
    Ok(vm.new_none())
}

fn isenabled(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let e = vm.gc.enabled;
    Ok(vm.new_bool(e))
}

fn int_tuple(vm: &mut Vm, values: &[i64]) -> ObjId {
    let items: Vec<ObjId> = values.iter().map(|&v| vm.new_int(v)).collect();
    vm.new_tuple(items)
}

fn get_count(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let c = vm.gc.counts;
    Ok(int_tuple(vm, &c))
}

fn get_threshold(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let t = vm.gc.thresholds;
    Ok(int_tuple(vm, &t))
}

fn set_threshold(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // `PyArg_ParseTuple(args, "i|ii:set_threshold", ...)` words its arity errors this way
    if args.is_empty() || args.len() > 3 {
        let msg = if args.is_empty() {
            "set_threshold() takes at least 1 argument (0 given)".to_string()
        } else {
            format!(
                "set_threshold() takes at most 3 arguments ({} given)",
                args.len()
            )
        };
        return Err(vm.new_exception(ExcKind::TypeError, &msg));
    }
    // every argument is parsed (a C int each) before any threshold changes
    let mut parsed = Vec::with_capacity(args.len());
    for &a in args {
        parsed.push(crate::builtins::c_int_arg(vm, a)?);
    }
    for (i, n) in parsed.into_iter().enumerate() {
        vm.gc.thresholds[i] = n as i64;
    }
    Ok(vm.new_none())
}

/// `gc.get_objects(generation=None)`: every tracked object (of one generation).
fn get_objects(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = crate::builtins::take_kwargs(vm, "get_objects", kwargs, &["generation"])?;
    let generation = args.first().copied().or(kw[0]).filter(|&g| g != vm.none());
    let lists: Vec<usize> = match generation {
        Some(g) => {
            let g = int_arg(vm, g)?;
            if !(0..=2).contains(&g) {
                return Err(vm.new_exception(ExcKind::ValueError, "generation parameter must be less than the number of available generations (3)"));
            }
            vec![g as usize]
        }
        None => vec![0, 1, 2, crate::heap::PERMANENT],
    };
    let mut items = Vec::new();
    for l in lists {
        // the permanent list also holds the model's start-up objects, which CPython keeps in
        // generation 2; what the snippet froze with gc.freeze() is not listed
        items.extend(
            vm.heap
                .gc_list_items(l)
                .into_iter()
                .filter(|&id| l != crate::heap::PERMANENT || vm.heap.meta(id).startup()),
        );
    }
    for &i in &items {
        vm.incref(i);
    }
    Ok(vm.new_list_appended(items))
}

/// `gc.get_referrers(*objs)`: tracked objects whose `tp_traverse` visits one of `objs`.
fn get_referrers(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // `gc_referrers_for` skips the call's own argument tuple (`obj == objs`)
    let own_args = vm.tp_call_tuples.last().copied();
    let mut out = Vec::new();
    for l in [0, 1, 2, crate::heap::PERMANENT] {
        for id in vm.heap.gc_list_items(l) {
            if Some(id) == own_args {
                continue;
            }
            let mut hit = false;
            crate::heap::traverse::traverse(&vm.heap, id, &mut |e| {
                if e.gc_visible && args.contains(&e.target) {
                    hit = true;
                }
            });
            if hit {
                out.push(id);
            }
        }
    }
    for &i in &out {
        vm.incref(i);
    }
    Ok(vm.new_list_appended(out))
}

/// `gc.get_referents(*objs)`: what `tp_traverse` visits, in its order.
fn get_referents(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut out = Vec::new();
    for &a in args {
        if !vm.heap.get(a).is_gc() {
            continue;
        }
        crate::heap::traverse::traverse(&vm.heap, a, &mut |e| {
            if e.gc_visible {
                out.push(e.target);
            }
        });
    }
    for &i in &out {
        vm.incref(i);
    }
    Ok(vm.new_list_appended(out))
}

/// `gc.is_tracked(obj)`. Builtin types are statically allocated and never tracked; the
/// native types 3.11 makes from a spec are heap types, and tracked.
fn is_tracked(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "is_tracked", args, 1, 1)?;
    let static_type = matches!(vm.payload(args[0]),
        crate::object::Payload::Type(t) if t.builtin.is_some() && !t.native_heap);
    let t = !static_type && vm.heap.get(args[0]).gc != crate::object::GcState::Untracked;
    Ok(vm.new_bool(t))
}

fn is_finalized(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "is_finalized", args, 1, 1)?;
    let f = vm.heap.get(args[0]).finalized;
    Ok(vm.new_bool(f))
}

fn set_debug(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "set_debug", args, 1, 1)?;
    vm.gc.debug = int_arg(vm, args[0])?;
    Ok(vm.new_none())
}

fn get_debug(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = vm.gc.debug;
    Ok(vm.new_int(d))
}

fn get_stats(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let stats = vm.gc.stats;
    let mut items = Vec::new();
    for s in stats {
        let d = vm.new_dict();
        for (k, v) in [
            ("collections", s[0]),
            ("collected", s[1]),
            ("uncollectable", s[2]),
        ] {
            let key = vm.new_interned(k);
            let val = vm.new_int(v);
            vm.dict_setitem(d, key, val)?;
            vm.decref(key);
            vm.decref(val);
        }
        items.push(d);
    }
    Ok(vm.new_list_appended(items))
}

/// `gc.freeze()`: move every tracked object to the permanent generation, which collections
/// and `gc.get_objects()` ignore; generation 0's count starts again from zero.
fn freeze(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    for g in 0..3 {
        vm.heap.gc_list_merge(g, crate::heap::PERMANENT);
    }
    vm.gc.counts[0] = 0;
    Ok(vm.new_none())
}

fn unfreeze(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // start-up objects stay permanent; objects the snippet froze go back to generation 2
    let ids = vm.heap.gc_list_items(crate::heap::PERMANENT);
    for id in ids {
        if !vm.heap.meta(id).startup() {
            vm.heap.gc_list_remove(id, crate::heap::PERMANENT);
            vm.heap.gc_list_append(id, 2);
        }
    }
    Ok(vm.new_none())
}

fn get_freeze_count(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = vm
        .heap
        .gc_list_items(crate::heap::PERMANENT)
        .iter()
        .filter(|&&id| !vm.heap.meta(id).startup())
        .count();
    Ok(vm.new_usize(n))
}
