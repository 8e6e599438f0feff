//! `traceback`'s formatter: CPython's `traceback` module is Python (`TracebackException`) that
//! renders what `PyErr_Display` renders for an uncaught exception; refscope's Python half
//! (`py/traceback.py`: `format_exc`, `print_exc`, `format_exception`...) asks the model's own
//! renderer of uncaught exceptions for the text, so a snippet that prints a caught exception's
//! traceback shows the lines the interpreter would have shown, carets, chained causes and
//! exception groups included.
//!
//! ```python
//! import traceback
//! try:
//!     1 / 0
//! except ZeroDivisionError:
//!     traceback.print_exc()   # Traceback (most recent call last): ... ZeroDivisionError: ...
//! ```
//!
//! `_format(exc, chain)` is that renderer: the exception's `__traceback__` (the frames it went
//! through up to where it is caught), then its line; with `chain`, its `__cause__` or
//! `__context__` first, as `print_exception_recursive` does. `_format_only(exc)` is the last
//! line alone (`format_exception_only`).

use crate::builtins::{func, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[func("_format", format), func("_format_only", format_only)];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

/// The exception argument, checked to be an exception instance.
fn exception_arg(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<ObjId> {
    match args.first() {
        Some(&e) if matches!(vm.payload(e), Payload::Exception(_)) => Ok(e),
        Some(&e) => {
            let msg = format!(
                "{name}() argument must be an exception, not {}",
                vm.type_name(e)
            );
            Err(vm.type_error(&msg))
        }
        None => Err(vm.type_error(&format!("{name}() missing the exception"))),
    }
}

/// `_format(exc, chain=True)`: the full text `print_exception` writes.
fn format(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let exc = exception_arg(vm, "_format", args)?;
    let chain = match args.get(1) {
        Some(&c) => vm.is_true(c)?,
        None => true,
    };
    let text = if chain {
        vm.format_exception_as(exc, true)
    } else {
        vm.format_exception_unchained(exc)
    };
    Ok(vm.new_string(text))
}

/// `_format_only(exc)`: the exception's last line (`ValueError: bad`), with its newline.
fn format_only(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let exc = exception_arg(vm, "_format_only", args)?;
    let text = vm.format_exception_only(exc);
    Ok(vm.new_string(text))
}
