//! `decimal`'s module functions as the C functions they are in CPython: `getcontext`,
//! `setcontext` and `localcontext`.
//!
//! # Why
//!
//! CPython's `decimal` is `_decimal` (C), and its module functions are builtins:
//! `print(decimal.getcontext)` shows `<built-in function getcontext>`, `type(...)` is
//! `builtin_function_or_method`, and a wrong call fails as a C function's argument parsing fails
//! (`decimal.getcontext() takes no arguments (1 given)`). The model's decimal is Python
//! (`src/modules/py/decimal.py`, generated from `_pydecimal`), whose `def getcontext()` would be a
//! `function` with Python's messages.
//!
//! # A worked example
//!
//! ```text
//!   import decimal
//!   decimal.getcontext          <built-in function getcontext>   (this file's builtin)
//!   decimal.getcontext()        the builtin checks METH_NOARGS, then calls the Python part's
//!                               _c_getcontext(): the current Context, made on first use
//!   decimal.setcontext(5)       METH_O checked here; _c_setcontext raises
//!                               TypeError: argument must be a context
//! ```
//!
//! # The mechanism, under CPython's names
//!
//! `_decimal`'s method table: `getcontext` (`PyDec_GetCurrentContext`, METH_NOARGS),
//! `setcontext` (`PyDec_SetCurrentContext`, METH_O) and `localcontext` (`ctxmanager_new`,
//! METH_VARARGS | METH_KEYWORDS). Each is a builtin bound to the module; METH_NOARGS and METH_O
//! check their arguments as `cfunction_vectorcall_NOARGS`/`_O` do (keywords first), and the work
//! is the Python part's `_c_getcontext`, `_c_setcontext` and `_c_localcontext`, whose frames, as
//! all of decimal's, leave no traceback entries (`ModuleDef::c_code`).

use crate::builtins::{func, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getcontext", getcontext),
    func("setcontext", setcontext),
    func("localcontext", localcontext).varargs(),
];

/// `_decimal`'s module functions, before the Python part runs (which does not redefine them).
pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

/// `PyDec_GetCurrentContext`: METH_NOARGS.
fn getcontext(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_kwargs(vm, "getcontext", kwargs)?;
    if !args.is_empty() {
        let msg = format!(
            "decimal.getcontext() takes no arguments ({} given)",
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    forward(vm, "_c_getcontext", args, kwargs)
}

/// `PyDec_SetCurrentContext`: METH_O.
fn setcontext(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_kwargs(vm, "setcontext", kwargs)?;
    if args.len() != 1 {
        let msg = format!(
            "decimal.setcontext() takes exactly one argument ({} given)",
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    forward(vm, "_c_setcontext", args, kwargs)
}

/// `ctxmanager_new`: its `PyArg_ParseTupleAndKeywords` is the Python part's.
fn localcontext(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    forward(vm, "_c_localcontext", args, kwargs)
}

/// `cfunction_check_kwargs`: METH_NOARGS and METH_O functions take no keywords.
fn check_kwargs(vm: &mut Vm, name: &str, kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
    if kwargs.is_empty() {
        return Ok(());
    }
    let msg = format!("decimal.{name}() takes no keyword arguments");
    Err(vm.type_error(&msg))
}

/// Call the Python part's `name` (a global of the decimal module) with the arguments.
fn forward(vm: &mut Vm, name: &str, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let dict = match vm.modules.get("decimal").map(|&m| vm.payload(m)) {
        Some(Payload::Module(md)) => md.dict,
        _ => return Err(vm.unsupported(&format!("decimal.{name} without the decimal module"))),
    };
    let key = vm.new_interned(name);
    let found = vm.dict_getitem_str(dict, key);
    vm.decref(key);
    let Some(f) = found else {
        return Err(vm.unsupported(&format!("decimal.{name} before decimal's code ran")));
    };
    vm.incref(f);
    let r = vm.call_object(f, args, kwargs);
    vm.decref(f);
    r
}
