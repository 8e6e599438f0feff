//! `bisect` (`Modules/_bisectmodule.c`): binary search and insertion in sorted sequences,
//! comparing exactly as the C code does (`item < a[mid]` for the right variants, `a[mid] < item`
//! for the left ones, `key` applied to the list items only).

use crate::ast::CmpOp;
use crate::builtins::{func, parse_args, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("bisect_right", bisect_right),
    func("bisect_left", bisect_left),
    func("insort_right", insort_right),
    func("insort_left", insort_left),
];

/// `_bisect`.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

/// `bisect` (`Lib/bisect.py`): `_bisect`'s functions, with `bisect` and `insort` the right
/// variants themselves.
pub fn init(vm: &mut Vm, m: ObjId) {
    let names: Vec<&str> = FUNCTIONS.iter().map(|d| d.name).collect();
    vm.module_reexport(m, "_bisect", &names);
    for (alias, target) in [("bisect", "bisect_right"), ("insort", "insort_right")] {
        if let Ok(v) = vm.getattr_str(m, target) {
            vm.module_set(m, alias, v);
            vm.decref(v);
        }
    }
}

struct Args {
    a: ObjId,
    x: ObjId,
    lo: i64,
    /// -1: `len(a)`.
    hi: i64,
    key: Option<ObjId>,
}

fn parse(vm: &mut Vm, name: &str, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<Args> {
    if args.len() > 4 {
        let msg = format!(
            "{name}() takes at most 4 positional arguments ({} given)",
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    let p = parse_args(vm, name, args, kwargs, &["a", "x", "lo", "hi", "key"], 2)?;
    let lo = match p[2] {
        Some(l) => crate::builtins::ssize_arg(vm, l)?,
        None => 0,
    };
    let hi = match p[3] {
        Some(h) if h != vm.none() => crate::builtins::ssize_arg(vm, h)?,
        _ => -1,
    };
    let key = p[4].filter(|&k| k != vm.none());
    Ok(Args {
        a: p[0].expect("required"),
        x: p[1].expect("required"),
        lo,
        hi,
        key,
    })
}

fn internal_bisect(vm: &mut Vm, a: &Args, item: ObjId, right: bool) -> PyResult<i64> {
    let mut lo = a.lo;
    if lo < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "lo must be non-negative"));
    }
    let mut hi = a.hi;
    if hi == -1 {
        hi = vm.len(a.a)? as i64;
    }
    while lo < hi {
        let mid = ((lo as u64 + hi as u64) / 2) as i64;
        let idx = vm.new_int(mid);
        let litem = vm.getitem(a.a, idx);
        vm.decref(idx);
        let mut litem = litem?;
        if let Some(k) = a.key {
            let keyed = vm.call_object(k, &[litem], &[]);
            vm.decref(litem);
            litem = keyed?;
        }
        let res = if right {
            vm.compare_bool(item, litem, CmpOp::Lt)
        } else {
            vm.compare_bool(litem, item, CmpOp::Lt)
        };
        vm.decref(litem);
        let res = res?;
        if right {
            if res {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        } else if res {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    Ok(lo)
}

fn bisect_impl(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    right: bool,
) -> PyResult<ObjId> {
    let a = parse(vm, name, args, kwargs)?;
    let i = internal_bisect(vm, &a, a.x, right)?;
    Ok(vm.new_int(i))
}

fn bisect_right(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    bisect_impl(vm, "bisect_right", args, kwargs, true)
}

fn bisect_left(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    bisect_impl(vm, "bisect_left", args, kwargs, false)
}

fn insort_impl(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    right: bool,
) -> PyResult<ObjId> {
    let a = parse(vm, name, args, kwargs)?;
    let index = match a.key {
        None => internal_bisect(vm, &a, a.x, right)?,
        Some(k) => {
            let key_x = vm.call_object(k, &[a.x], &[])?;
            let r = internal_bisect(vm, &a, key_x, right);
            vm.decref(key_x);
            r?
        }
    };
    let idx = vm.new_int(index);
    let exact_list = matches!(vm.payload(a.a), Payload::List(_))
        && vm.builtin_type_of(a.a) == Some(crate::object::BuiltinType::List);
    let r = if exact_list {
        let n = vm.len_of_builtin(a.a).unwrap_or(0);
        let i = (index.max(0) as usize).min(n);
        vm.list_resize(a.a, n + 1);
        vm.incref(a.x);
        if let Payload::List(list) = vm.heap.payload_mut(a.a) {
            list.items.insert(i, a.x);
        }
        Ok(())
    } else {
        match vm.getattr_str(a.a, "insert") {
            Ok(m) => {
                let r = vm.call_object(m, &[idx, a.x], &[]);
                vm.decref(m);
                r.map(|v| vm.decref(v))
            }
            Err(e) => Err(e),
        }
    };
    vm.decref(idx);
    r?;
    Ok(vm.new_none())
}

fn insort_right(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    insort_impl(vm, "insort_right", args, kwargs, true)
}

fn insort_left(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    insort_impl(vm, "insort_left", args, kwargs, false)
}
