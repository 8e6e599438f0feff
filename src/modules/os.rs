//! `posix`: the C half of CPython's `os` (`Modules/posixmodule.c`), as far as a sandboxed
//! snippet may use it: the working directory (`getcwd`, `getcwdb`), `fspath` and the environment
//! (`environ`, read once when the module is built, bytes to bytes as in CPython). `os.py` in
//! the model wraps them as CPython's `os` does (`os.environ` maps str to str) and adds the
//! path string operations (`posixpath`, bound as `os.path` and registered as
//! `sys.modules['os.path']`). Nothing touches the file system: CPython's `os.listdir`,
//! `os.mkdir`, `os.remove`... are names the model's `os` lacks, so reading them raises
//! `NotImplementedError: refscope does not model os.listdir (line N)`.
//!
//! Example: `import os; print(os.path.join('a', 'b'), os.sep, os.name)` prints `a/b / posix`,
//! and `os.environ['HOME']` is the real `$HOME` (CPython reads the same environment).

use std::os::unix::ffi::OsStrExt;

use crate::builtins::{func, BuiltinDef};
use crate::object::ObjId;
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getcwd", getcwd),
    func("getcwdb", getcwdb),
    func("fspath", fspath),
];

/// `posix`: the functions above and `environ`.
pub fn init_posix(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let env = vm.new_dict();
    for (k, v) in std::env::vars_os() {
        let k = vm.new_bytes(k.as_bytes().to_vec());
        let v = vm.new_bytes(v.as_bytes().to_vec());
        // a dict of bytes never fails to take a bytes key
        let _ = vm.dict_setitem(env, k, v);
        vm.decref(k);
        vm.decref(v);
    }
    vm.module_set(m, "environ", env);
    vm.decref(env);
}

/// `os` itself: `os.path` is the `posixpath` module, under both names in `sys.modules`.
pub fn init_os(vm: &mut Vm, m: ObjId) {
    let Ok(p) = vm.import_module("posixpath") else {
        return;
    };
    vm.module_set(m, "path", p);
    vm.sys_modules_add("os.path", p);
    // the interpreter's table of modules owns its reference, as it does for every module
    vm.modules.insert("os.path".to_string(), p);
}

fn cwd_bytes(vm: &mut Vm) -> PyResult<Vec<u8>> {
    match std::env::current_dir() {
        Ok(p) => Ok(p.as_os_str().as_bytes().to_vec()),
        Err(e) => Err(vm.new_exception(
            crate::vm::ExcKind::FileNotFoundError,
            &format!("[Errno 2] {e}"),
        )),
    }
}

/// `os.getcwd()`: the working directory, a str (undecodable bytes as surrogates).
fn getcwd(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::positional(vm, "getcwd", args, kwargs, 0, 0)?;
    let b = cwd_bytes(vm)?;
    let s = String::from_utf8_lossy(&b).into_owned();
    Ok(vm.new_str(&s))
}

/// `os.getcwdb()`: the working directory as bytes.
fn getcwdb(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::positional(vm, "getcwdb", args, kwargs, 0, 0)?;
    let b = cwd_bytes(vm)?;
    Ok(vm.new_bytes(b))
}

/// `os.fspath(path)`: `PyOS_FSPath`. A str or bytes is returned as it is (a new reference);
/// anything else has its `__fspath__` found on its type (`_PyObject_LookupSpecial`) and
/// called, and what that returns must be a str or bytes (subclasses included).
fn fspath(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let parsed = crate::builtins::parse_args(vm, "fspath", args, kwargs, &["path"], 1)?;
    let Some(path) = parsed.first().copied().flatten() else {
        return Err(vm.type_error("fspath() missing required argument 'path' (pos 1)"));
    };
    if is_str_or_bytes(vm, path) {
        return Ok(vm.new_ref(path));
    }
    let name = vm.new_interned("__fspath__");
    let func = vm.lookup_special(path, name);
    vm.decref(name);
    let Some(func) = func else {
        let msg = format!(
            "expected str, bytes or os.PathLike object, not {}",
            vm.type_name(path)
        );
        return Err(vm.type_error(&msg));
    };
    let repr = vm.call_object(func, &[], &[]);
    vm.decref(func);
    let repr = repr?;
    if !is_str_or_bytes(vm, repr) {
        let msg = format!(
            "expected {}.__fspath__() to return str or bytes, not {}",
            vm.type_name(path),
            vm.type_name(repr)
        );
        vm.decref(repr);
        return Err(vm.type_error(&msg));
    }
    Ok(repr)
}

/// `PyUnicode_Check(o) || PyBytes_Check(o)`: str, bytes or a subclass of either (a
/// bytearray shares the bytes payload but is neither: `os.fspath(bytearray())` is a
/// TypeError).
fn is_str_or_bytes(vm: &Vm, o: ObjId) -> bool {
    match vm.heap.payload(o) {
        crate::object::Payload::Str(_) => true,
        crate::object::Payload::Bytes(_) => {
            vm.builtin_base(vm.type_of(o)) != crate::object::BuiltinType::ByteArray
        }
        _ => false,
    }
}
