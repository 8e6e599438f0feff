//! `sys`: reference counts, sizes, interning, the recursion limit, `argv`.

use crate::builtins::{check_count, func, int_arg, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getrefcount", getrefcount),
    func("getsizeof", getsizeof).varargs(),
    func("intern", intern),
    func("getrecursionlimit", getrecursionlimit),
    func("setrecursionlimit", setrecursionlimit),
    func("exit", exit),
    func("exc_info", exc_info),
    func("_getframe", getframe),
    func("excepthook", excepthook),
    func("get_int_max_str_digits", get_int_max_str_digits),
    func("set_int_max_str_digits", set_int_max_str_digits),
];

/// `sys.get_int_max_str_digits()`: the interpreter's limit on decimal digits converted
/// between `int` and `str`.
fn get_int_max_str_digits(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "get_int_max_str_digits", kwargs)?;
    check_count(vm, "get_int_max_str_digits", args, 0, 0)?;
    Ok(vm.new_int(crate::object::int::max_str_digits() as i64))
}

/// `sys.set_int_max_str_digits(maxdigits)`: 0 (no limit) or at least
/// `sys.int_info.str_digits_check_threshold` (640); a C `int` (`_PyLong_AsInt`).
fn set_int_max_str_digits(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let kw = crate::builtins::take_kwargs(vm, "set_int_max_str_digits", kwargs, &["maxdigits"])?;
    check_count(vm, "set_int_max_str_digits", args, 0, 1)?;
    let Some(v) = args.first().copied().or(kw[0]) else {
        return Err(
            vm.type_error("set_int_max_str_digits() missing required argument 'maxdigits' (pos 1)")
        );
    };
    let n = i64::from(crate::builtins::long_as_int(vm, v)?);
    let threshold = crate::object::int::INT_STR_DIGITS_CHECK_THRESHOLD as i64;
    if n != 0 && n < threshold {
        let msg = format!("maxdigits must be 0 or larger than {threshold}");
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    crate::object::int::set_max_str_digits(n as usize);
    Ok(vm.new_none())
}

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let argv = match vm.argv {
        Some(a) => vm.new_ref(a),
        None => {
            let argv0 = vm.options.argv0.clone();
            let name = vm.new_str(&argv0.unwrap_or_else(|| vm.options.filename.clone()));
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
    add_structseq(
        vm,
        m,
        "version_info",
        "version_info",
        &["major", "minor", "micro", "releaselevel", "serial"],
        parts,
    );
    let f = |vm: &mut Vm, x: f64| vm.new_float(x);
    let i = |vm: &mut Vm, n: i64| vm.new_int(n);
    let float_info = vec![
        f(vm, f64::MAX),
        i(vm, f64::MAX_EXP as i64),
        i(vm, f64::MAX_10_EXP as i64),
        f(vm, f64::MIN_POSITIVE),
        i(vm, f64::MIN_EXP as i64),
        i(vm, f64::MIN_10_EXP as i64),
        i(vm, f64::DIGITS as i64),
        i(vm, f64::MANTISSA_DIGITS as i64),
        f(vm, f64::EPSILON),
        i(vm, f64::RADIX as i64),
        i(vm, 1),
    ];
    add_structseq(
        vm,
        m,
        "float_info",
        "float_info",
        &[
            "max",
            "max_exp",
            "max_10_exp",
            "min",
            "min_exp",
            "min_10_exp",
            "dig",
            "mant_dig",
            "epsilon",
            "radix",
            "rounds",
        ],
        float_info,
    );
    let int_info = vec![i(vm, 30), i(vm, 4), i(vm, 4300), i(vm, 640)];
    add_structseq(
        vm,
        m,
        "int_info",
        "int_info",
        &[
            "bits_per_digit",
            "sizeof_digit",
            "default_max_str_digits",
            "str_digits_check_threshold",
        ],
        int_info,
    );
    let hash_info = vec![
        i(vm, 64),
        i(vm, crate::object::hash::HASH_MODULUS as i64),
        i(vm, crate::object::hash::HASH_INF),
        i(vm, 0),
        i(vm, crate::object::hash::HASH_IMAG as i64),
        vm.new_str("siphash13"),
        i(vm, 64),
        i(vm, 128),
        i(vm, 0),
    ];
    add_structseq(
        vm,
        m,
        "hash_info",
        "hash_info",
        &[
            "width",
            "modulus",
            "inf",
            "nan",
            "imag",
            "algorithm",
            "hash_bits",
            "seed_bits",
            "cutoff",
        ],
        hash_info,
    );
    // sys.implementation is a types.SimpleNamespace in CPython; the model gives it the same
    // attributes on a read-only record of that type name.
    let implementation = vec![
        vm.new_str("cpython"),
        vm.new_str("cpython-311"),
        i(vm, 0x030b07f0),
    ];
    add_structseq(
        vm,
        m,
        "implementation",
        "SimpleNamespace",
        &["name", "cache_tag", "hexversion"],
        implementation,
    );
    let modules = vm.new_dict();
    // sys.modules: the modules imported so far, builtins, __main__ and sys itself;
    // `import_module` adds later imports
    let mut entries: Vec<(String, ObjId)> =
        vm.modules.iter().map(|(k, v)| (k.clone(), *v)).collect();
    entries.sort();
    entries.insert(0, ("builtins".to_string(), vm.builtins_module));
    entries.insert(1, ("sys".to_string(), m));
    entries.push(("__main__".to_string(), vm.main_module));
    for (k, v) in entries {
        let key = vm.new_interned(&k);
        let _ = vm.dict_setitem(modules, key, v);
        vm.decref(key);
    }
    vm.module_set(m, "modules", modules);
    vm.decref(modules);
    let textio_t = vm.ty(crate::object::BuiltinType::TextIOWrapper);
    let stderr = vm.alloc(
        textio_t,
        Payload::TextIO { name: "<stderr>" },
        crate::vm::objects::Layout::plain(200),
    );
    vm.stderr_obj = Some(stderr);
    vm.module_set(m, "stderr", stderr);
    vm.module_set(m, "__stderr__", stderr);
    let stdout = vm.alloc(
        textio_t,
        Payload::TextIO { name: "<stdout>" },
        crate::vm::objects::Layout::plain(200),
    );
    vm.module_set(m, "stdout", stdout);
    vm.module_set(m, "__stdout__", stdout);
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

/// `sys.setrecursionlimit(n)`: any C `int` from 1 up, as CPython takes it. Python calls cost
/// no Rust stack here, and native recursion grows its stack as it needs (`vm::recursion`).
fn setrecursionlimit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "setrecursionlimit", args, 1, 1)?;
    let n = i64::from(crate::builtins::long_as_int(vm, args[0])?);
    if n < 1 {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "recursion limit must be greater or equal than 1",
        ));
    }
    // the depth counts this call's own guard (a METH_O builtin's call holds one, counted by
    // the call path: `vm::quicken`)
    let depth = vm.recursion_depth();
    if depth as i64 >= n {
        let msg = format!(
            "cannot set the recursion limit to {n} at the recursion depth {depth}: the limit \
             is too low"
        );
        return Err(vm.new_exception(ExcKind::RecursionError, &msg));
    }
    vm.options.recursion_limit = n as usize;
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

/// `sys.excepthook(type, value, traceback)`: print the exception as an uncaught one is
/// printed, on stderr.
fn excepthook(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "excepthook", args, 3, 3)?;
    let value = args[1];
    if matches!(vm.payload(value), Payload::Exception(_)) {
        let text = vm.format_exception(value);
        vm.write_stderr(&text);
    } else {
        let text = vm.str_string(value)?;
        vm.write_stderr(&format!("{text}\n"));
    }
    Ok(vm.new_none())
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

/// The getter behind a struct sequence field: `self_` is the field's index.
static STRUCTSEQ_FIELD: BuiltinDef = crate::builtins::method("structseq_field", structseq_field);

fn structseq_field(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let i = vm.as_i64(args[0]).unwrap_or(0) as usize;
    let item = match args.get(1).map(|&o| vm.payload(o)) {
        Some(Payload::Tuple(t)) => t.get(i).copied(),
        _ => None,
    };
    match item {
        Some(v) => Ok(vm.new_ref(v)),
        None => Err(vm.type_error("descriptor for a struct sequence field needs its record")),
    }
}

/// A struct sequence (`PyStructSequence`, what `sys.version_info` is): a tuple whose type
/// (named `type_name`, a subclass of tuple made at import like CPython's static structseq
/// types) has a read-only property per field. `items` are owned and move into the tuple.
fn add_structseq(
    vm: &mut Vm,
    module: ObjId,
    attr: &str,
    type_name: &str,
    fields: &[&str],
    items: Vec<ObjId>,
) {
    use crate::object::{BuiltinFn, BuiltinType, TypeObj};
    use crate::vm::objects::Layout;
    let dict = vm.new_dict();
    for (i, field) in fields.iter().enumerate() {
        let index = vm.new_usize(i);
        let builtin_t = vm.ty(BuiltinType::BuiltinFunction);
        let getter = vm.alloc(
            builtin_t,
            Payload::Builtin(Box::new(BuiltinFn {
                func: crate::builtins::Builtin(&STRUCTSEQ_FIELD),
                self_: Some(index),
            })),
            Layout::gc(56),
        );
        let property_t = vm.ty(BuiltinType::Property);
        let prop = vm.alloc(
            property_t,
            Payload::Property(Box::new([Some(getter), None, None, None, None])),
            Layout::gc(80),
        );
        let key = vm.new_interned(field);
        let _ = vm.dict_setitem(dict, key, prop);
        vm.decref(key);
        vm.decref(prop);
    }
    let tuple_t = vm.ty(BuiltinType::Tuple);
    let object_t = vm.ty(BuiltinType::Object);
    let type_t = vm.ty(BuiltinType::Type);
    let ty = crate::vm::bootstrap::static_object(
        vm,
        type_t,
        Payload::Type(Box::new(TypeObj {
            ht_name: None,
            ht_qualname: None,
            name: type_name.to_string(),
            qualname: type_name.to_string(),
            base: Some(tuple_t),
            bases: None,
            mro: None,
            static_mro: Vec::new(),
            dict: Some(dict),
            builtin: Some(BuiltinType::Tuple),
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
        })),
        424,
        1,
    );
    if let Payload::Type(t) = vm.heap.payload_mut(ty) {
        t.static_mro = vec![ty, tuple_t, object_t];
    }
    let record = vm.new_tuple(items);
    vm.heap.get_mut(record).ty = ty;
    vm.module_set(module, attr, record);
    vm.decref(record);
}
