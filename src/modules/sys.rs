//! `sys`: reference counts, sizes, interning, the recursion limit, `argv`.

use crate::builtins::{check_count, func, int_arg, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getrefcount", getrefcount),
    func("getsizeof", getsizeof),
    func("intern", intern),
    func("getrecursionlimit", getrecursionlimit),
    func("setrecursionlimit", setrecursionlimit),
    func("exit", exit),
    func("exc_info", exc_info),
    func("_getframe", getframe),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let argv = match vm.argv {
        Some(a) => vm.new_ref(a),
        None => {
            let name = vm.new_str(&vm.options.filename.clone());
            let a = vm.new_list(vec![name]);
            vm.argv = Some(a);
            vm.incref(a);
            a
        }
    };
    vm.module_set(m, "argv", argv);
    vm.decref(argv);
    let maxsize = vm.new_int(i64::MAX);
    vm.module_set(m, "maxsize", maxsize);
    vm.decref(maxsize);
    for (name, value) in [
        (
            "version",
            "3.11.7 (refscope: a model of CPython 3.11's memory management)",
        ),
        ("platform", "linux"),
        ("byteorder", "little"),
        ("executable", ""),
    ] {
        let v = vm.new_str(value);
        vm.module_set(m, name, v);
        vm.decref(v);
    }
    let parts: Vec<ObjId> = [3, 11, 7].iter().map(|&n| vm.new_int(n)).collect();
    let mut parts = parts;
    parts.push(vm.new_str("final"));
    parts.push(vm.new_int(0));
    let vi = vm.new_tuple(parts);
    vm.module_set(m, "version_info", vi);
    vm.decref(vi);
    let modules = vm.new_dict();
    let entries: Vec<(String, ObjId)> = vm.modules.iter().map(|(k, v)| (k.clone(), *v)).collect();
    for (k, v) in entries {
        let key = vm.new_str(&k);
        let _ = vm.dict_setitem(modules, key, v);
        vm.decref(key);
    }
    vm.module_set(m, "modules", modules);
    vm.decref(modules);
    let stderr = vm.new_str("<stderr>");
    vm.stderr_obj = Some(stderr);
    vm.module_set(m, "stderr", stderr);
    let stdout = vm.new_str("<stdout>");
    vm.module_set(m, "stdout", stdout);
    vm.decref(stdout);
}

/// `sys.getrefcount(x)`: the count includes the argument's own reference on the caller's stack.
fn getrefcount(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getrefcount", args, 1, 1)?;
    let n = vm.refcnt(args[0]);
    Ok(vm.new_int(n))
}

fn getsizeof(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getsizeof", args, 1, 2)?;
    if vm.is_user_object(args[0]) {
        let t = vm.type_of(args[0]);
        if let Some(m) = vm.type_lookup_str(t, "__sizeof__") {
            if matches!(vm.payload(m), Payload::Function(_)) {
                let r = vm.call_object(m, &[args[0]], &[])?;
                let n = vm.as_i64(r).unwrap_or(0);
                vm.decref(r);
                let total = n + vm.gc_preheader_size(args[0]) as i64;
                return Ok(vm.new_int(total));
            }
        }
    }
    let n = vm.sizeof(args[0]);
    Ok(vm.new_usize(n))
}

/// `sys.intern(s)`: the canonical interned string (the argument itself if it is the first).
fn intern(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "intern", args, 1, 1)?;
    if !matches!(vm.payload(args[0]), Payload::Str(_)) {
        let msg = format!(
            "intern() argument must be str, not {}",
            vm.type_name(args[0])
        );
        return Err(vm.type_error(&msg));
    }
    vm.incref(args[0]);
    Ok(vm.intern_for(args[0], crate::object::str::InternReason::SysIntern))
}

fn getrecursionlimit(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = vm.options.recursion_limit as i64;
    Ok(vm.new_int(n))
}

fn setrecursionlimit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "setrecursionlimit", args, 1, 1)?;
    let n = int_arg(vm, args[0])?;
    if n < 1 {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "recursion limit must be greater or equal than 1",
        ));
    }
    // deeper recursion costs the host stack in nested native calls; keep it bounded
    vm.options.recursion_limit = (n as usize).min(20_000);
    Ok(vm.new_none())
}

fn exit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let t = vm.exc_types[ExcKind::SystemExit as usize];
    for &a in args {
        vm.incref(a);
    }
    Err(crate::vm::PyErr(vm.new_exception_object(t, args.to_vec())))
}

fn exc_info(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match vm.exc_info {
        Some(e) => {
            let t = vm.type_of(e);
            vm.incref(t);
            vm.incref(e);
            let tb = match vm.payload(e) {
                Payload::Exception(x) => x.traceback.unwrap_or(vm.statics.none),
                _ => vm.statics.none,
            };
            vm.incref(tb);
            Ok(vm.new_tuple(vec![t, e, tb]))
        }
        None => {
            let n: Vec<ObjId> = (0..3).map(|_| vm.new_none()).collect();
            Ok(vm.new_tuple(n))
        }
    }
}

fn getframe(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "_getframe", args, 0, 1)?;
    let depth = match args.first() {
        Some(&d) => int_arg(vm, d)? as usize,
        None => 0,
    };
    let n = vm.frames.len();
    if depth >= n {
        return Err(vm.new_exception(ExcKind::ValueError, "call stack is not deep enough"));
    }
    let fo = vm.frame_object(n - 1 - depth);
    Ok(vm.new_ref(fo))
}
