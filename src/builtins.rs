//! Builtin functions and the methods of builtin types, written in Rust against the VM's API.
//! Each is a static [`BuiltinDef`]; the VM wraps them in `builtin_function_or_method` and
//! `method_descriptor` objects so they have identities like CPython's.

pub mod construct;
pub mod cpython_dir;
pub mod descr;
pub mod functions;
pub mod genobject;
pub mod methods;
pub mod presize;

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

/// A builtin's implementation: positional arguments (for methods, `self` first) and keyword
/// arguments, all borrowed; returns a new reference.
pub type BuiltinFunc = fn(&mut Vm, &[ObjId], &[(ObjId, ObjId)]) -> PyResult<ObjId>;

/// How a builtin binds when found on a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Function,
    /// A method: `self` is the first argument.
    Method,
    /// Bound to the class (`dict.fromkeys`, `c_long.from_address`).
    ClassMethod,
    /// A type slot's wrapper (`tp_new_wrapper`): bound to the type that owns it however it
    /// is reached (`object.__new__`, `super().__new__`).
    TypeSlot,
    /// A method CPython's type has and the model does not implement: calling it raises
    /// `NotImplementedError` naming it (see [`cpython_dir`]).
    NotModelled,
    /// A getset or member attribute likewise: reading it on an instance asks the model's own
    /// attribute code first, then raises.
    NotModelledAttr,
    /// A read-only data attribute of a native type (a `PyMemberDef`/`PyGetSetDef` without a
    /// setter): reading `obj.name` calls it with `[obj]`.
    Getter,
    /// A writable data attribute of a native type: reading calls it with `[obj]`, assigning
    /// with `[obj, value]` (deleting assigns None).
    Member,
}

pub struct BuiltinDef {
    pub name: &'static str,
    pub call: BuiltinFunc,
    pub kind: Kind,
    /// `METH_VARARGS` in CPython 3.11's method table: the call builds a tuple of the
    /// positional arguments (and a dict of the keywords), as `_PyObject_MakeTpCall` does
    /// (`vm::tpcall`). Most builtins are `METH_FASTCALL`/`METH_O` and build nothing.
    pub varargs: bool,
}

impl BuiltinDef {
    /// The same definition, called `METH_VARARGS`.
    pub const fn varargs(self) -> BuiltinDef {
        BuiltinDef {
            varargs: true,
            ..self
        }
    }
}

/// A reference to a builtin's definition.
#[derive(Clone, Copy)]
pub struct Builtin(pub &'static BuiltinDef);

impl std::fmt::Debug for Builtin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<builtin {}>", self.0.name)
    }
}

/// Shorthand for the tables.
pub const fn func(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::Function,
        varargs: false,
    }
}

pub const fn method(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::Method,
        varargs: false,
    }
}

pub const fn getter(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::Getter,
        varargs: false,
    }
}

pub const fn member(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::Member,
        varargs: false,
    }
}

pub const fn classmethod(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::ClassMethod,
        varargs: false,
    }
}

/// The method tables of builtin types.
pub fn method_tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    let mut tables = methods::tables();
    tables.extend(descr::tables());
    tables.extend(genobject::tables());
    tables.extend(crate::modules::weakref::method_tables());
    tables.extend(crate::vm::frameobject::method_tables());
    tables.extend(crate::modules::copy::method_tables());
    tables.extend(presize::tables());
    tables
}

/// Call a builtin type (`int('10')`, `list(t)`, `type(x)`...).
pub fn construct(
    vm: &mut Vm,
    bt: BuiltinType,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    construct::construct(vm, bt, ty, args, kwargs)
}

/// Names interned at start-up (CPython's deep-frozen and runtime identifiers).
pub const PREINTERNED: &[&str] = &[
    "__init__",
    "__new__",
    "__del__",
    "__repr__",
    "__str__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__bool__",
    "__len__",
    "__iter__",
    "__next__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__call__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__enter__",
    "__exit__",
    "__name__",
    "__qualname__",
    "__module__",
    "__doc__",
    "__dict__",
    "__weakref__",
    "__class__",
    "__slots__",
    "__classcell__",
    "__build_class__",
    "__main__",
    "__builtins__",
    "__file__",
    "__format__",
    "__index__",
    "__add__",
    "__radd__",
    "__iadd__",
    "self",
    "cls",
    "args",
    "kwargs",
    "key",
    "reverse",
    "default",
    "sep",
    "end",
    "file",
    "flush",
    "__init_subclass__",
    "__class_getitem__",
    "__copy__",
    "__deepcopy__",
    "__missing__",
    "__post_init__",
    "__set_name__",
    "Py_Repr",
];

// ---- argument helpers ----

/// `f() takes exactly one argument (2 given)` style checks.
pub fn check_count(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    min: usize,
    max: usize,
) -> PyResult<()> {
    let n = args.len();
    if n >= min && n <= max {
        return Ok(());
    }
    let msg = if min == max {
        match min {
            0 => format!("{name}() takes no arguments ({n} given)"),
            1 => format!("{name}() takes exactly one argument ({n} given)"),
            _ => format!("{name} expected {min} arguments, got {n}"),
        }
    } else if n < min {
        format!(
            "{name} expected at least {min} argument{}, got {n}",
            if min == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "{name} expected at most {max} argument{}, got {n}",
            if max == 1 { "" } else { "s" }
        )
    };
    Err(vm.type_error(&msg))
}

/// Builtins that take no keyword arguments.
pub fn no_kwargs(vm: &mut Vm, name: &str, kwargs: &[(ObjId, ObjId)]) -> PyResult<()> {
    if kwargs.is_empty() {
        Ok(())
    } else {
        Err(vm.type_error(&format!("{name}() takes no keyword arguments")))
    }
}

/// A keyword argument by name, rejecting unknown names.
pub fn take_kwargs(
    vm: &mut Vm,
    name: &str,
    kwargs: &[(ObjId, ObjId)],
    allowed: &[&str],
) -> PyResult<Vec<Option<ObjId>>> {
    let mut out = vec![None; allowed.len()];
    for &(k, v) in kwargs {
        let key = vm.str_of(k);
        match allowed.iter().position(|a| *a == key) {
            Some(i) => out[i] = Some(v),
            None => {
                let msg = format!("'{}' is an invalid keyword argument for {name}()", key);
                return Err(vm.type_error(&msg));
            }
        }
    }
    Ok(out)
}

/// An int argument (`__index__` semantics for ints and bools).
pub fn int_arg(vm: &mut Vm, v: ObjId) -> PyResult<i64> {
    match vm.as_i64(v) {
        Some(n) => Ok(n),
        None if vm.is_int_like(v) => Err(vm.new_exception(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
        None => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(v)
            );
            Err(vm.type_error(&msg))
        }
    }
}

/// An argument parsed with `PyArg_ParseTuple`'s `i` format: a C `int`, through a C `long`.
pub fn c_int_arg(vm: &mut Vm, v: ObjId) -> PyResult<i32> {
    let n = match int_arg(vm, v) {
        Ok(n) => n,
        Err(e) if vm.is_instance_of_kind(e.0, ExcKind::OverflowError) => {
            vm.decref(e.0);
            return Err(vm.new_exception(
                ExcKind::OverflowError,
                "Python int too large to convert to C long",
            ));
        }
        Err(e) => return Err(e),
    };
    i32::try_from(n).map_err(|_| {
        let msg = if n > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        };
        vm.new_exception(ExcKind::OverflowError, msg)
    })
}

/// `_PyLong_AsInt`: an int (or an object with `__index__`) that fits a C `int`, else
/// OverflowError naming a C int (a bigger int's `Py_ssize_t` OverflowError is replaced).
/// Unlike `c_int_arg` (PyArg's `i` format), it never says "signed integer is greater than
/// maximum".
pub fn long_as_int(vm: &mut Vm, v: ObjId) -> PyResult<i32> {
    let too_big = |vm: &mut Vm| {
        vm.new_exception(
            ExcKind::OverflowError,
            "Python int too large to convert to C int",
        )
    };
    match ssize_arg(vm, v) {
        Ok(n) => i32::try_from(n).map_err(|_| too_big(vm)),
        Err(e) if vm.is_instance_of_kind(e.0, ExcKind::OverflowError) => {
            vm.decref(e.0);
            Err(too_big(vm))
        }
        Err(e) => Err(e),
    }
}

/// A str argument's text.
pub fn str_arg(vm: &mut Vm, fname: &str, v: ObjId) -> PyResult<String> {
    match vm.payload(v) {
        Payload::Str(s) => Ok(s.value.to_string()),
        _ => {
            let msg = format!("{fname}() argument must be str, not {}", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
    }
}

// ---- CPython's argument-checking conventions (messages count arguments without `self`) ----

/// `descriptor 'upper' for 'str' objects doesn't apply to a 'int' object`.
pub fn descr_error(vm: &mut Vm, method: &str, owner: &str, got: ObjId) -> crate::vm::PyErr {
    let msg = format!(
        "descriptor '{method}' for '{owner}' objects doesn't apply to a '{}' object",
        vm.type_name(got)
    );
    vm.type_error(&msg)
}

/// `METH_NOARGS`: `list.copy() takes no arguments (1 given)`. `given` excludes `self`.
pub fn noargs(
    vm: &mut Vm,
    qualname: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if !given.is_empty() {
        let msg = format!("{qualname}() takes no arguments ({} given)", given.len());
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

/// `METH_O`: `list.append() takes exactly one argument (2 given)`. Returns the argument.
pub fn one_arg(
    vm: &mut Vm,
    qualname: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{qualname}() takes no keyword arguments")));
    }
    if given.len() != 1 {
        let msg = format!(
            "{qualname}() takes exactly one argument ({} given)",
            given.len()
        );
        return Err(vm.type_error(&msg));
    }
    Ok(given[0])
}

/// Argument Clinic's positional-only check (`_PyArg_CheckPositional`):
/// `insert expected 2 arguments, got 0`, `pop expected at most 1 argument, got 2`.
pub fn positional(
    vm: &mut Vm,
    name: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    min: usize,
    max: usize,
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{name}() takes no keyword arguments")));
    }
    let n = given.len();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    if n < min {
        let msg = format!(
            "{name} expected {}{min} argument{}, got {n}",
            if min == max { "" } else { "at least " },
            plural(min)
        );
        return Err(vm.type_error(&msg));
    }
    if n > max {
        let msg = format!(
            "{name} expected {}{max} argument{}, got {n}",
            if min == max { "" } else { "at most " },
            plural(max)
        );
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

/// `PyArg_ParseTuple`'s count check: `find() takes at least 1 argument (0 given)`.
pub fn parse_tuple_count(
    vm: &mut Vm,
    name: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    min: usize,
    max: usize,
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{name}() takes no keyword arguments")));
    }
    let n = given.len();
    if n < min || n > max {
        let bound = if n < min { min } else { max };
        let msg = format!(
            "{name}() takes {} {bound} argument{} ({n} given)",
            if min == max {
                "exactly"
            } else if n < min {
                "at least"
            } else {
                "at most"
            },
            if bound == 1 { "" } else { "s" }
        );
        return Err(vm.type_error(&msg));
    }
    Ok(())
}

/// Argument Clinic with keywords (`_PyArg_UnpackKeywords`): positional arguments then keyword
/// arguments by name; the first `required` are required. `name` is the function's name.
pub fn parse_args(
    vm: &mut Vm,
    name: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    names: &[&str],
    required: usize,
) -> PyResult<Vec<Option<ObjId>>> {
    let max = names.len();
    if given.len() > max {
        let msg = format!(
            "{name}() takes at most {max} argument{} ({} given)",
            if max == 1 { "" } else { "s" },
            given.len()
        );
        return Err(vm.type_error(&msg));
    }
    let mut out: Vec<Option<ObjId>> = vec![None; max];
    for (i, &a) in given.iter().enumerate() {
        out[i] = Some(a);
    }
    for &(k, v) in kwargs {
        let key = vm.str_of(k).to_string();
        match names.iter().position(|n| *n == key) {
            Some(i) if i < given.len() => {
                let msg = format!(
                    "argument for {name}() given by name ('{key}') and position ({})",
                    i + 1
                );
                return Err(vm.type_error(&msg));
            }
            Some(i) => out[i] = Some(v),
            None => {
                let msg = format!("'{key}' is an invalid keyword argument for {name}()");
                return Err(vm.type_error(&msg));
            }
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if out[i].is_none() {
            let msg = format!("{name}() missing required argument '{n}' (pos {})", i + 1);
            return Err(vm.type_error(&msg));
        }
    }
    Ok(out)
}

/// An index argument (`PyNumber_AsSsize_t` after `__index__`): ints, bools, or objects with
/// `__index__`; `'float' object cannot be interpreted as an integer` otherwise.
pub fn index_arg(vm: &mut Vm, v: ObjId) -> PyResult<num_bigint::BigInt> {
    if let Some(n) = vm.as_bigint(v) {
        return Ok(n);
    }
    if let Some(f) = vm.py_slot(v, "__index__") {
        let r = vm.call_slot(f, v, &[])?;
        let n = match vm.payload(r) {
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => vm.as_bigint(r),
            _ => None,
        };
        let tn = vm.type_name(r);
        vm.decref(r);
        return match n {
            Some(n) => Ok(n),
            None => Err(vm.type_error(&format!("__index__ returned non-int (type {tn})"))),
        };
    }
    let msg = format!(
        "'{}' object cannot be interpreted as an integer",
        vm.type_name(v)
    );
    Err(vm.type_error(&msg))
}

/// A `Py_ssize_t` argument: like [`index_arg`], `OverflowError` past 64 bits.
pub fn ssize_arg(vm: &mut Vm, v: ObjId) -> PyResult<i64> {
    let n = index_arg(vm, v)?;
    match num_traits::ToPrimitive::to_i64(&n) {
        Some(n) => Ok(n),
        None => Err(vm.new_exception(
            ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        )),
    }
}

/// A slice index (`_PyEval_SliceIndex`): None, or an int clipped to the `Py_ssize_t` range.
pub fn slice_index_arg(vm: &mut Vm, v: ObjId) -> PyResult<Option<i64>> {
    if v == vm.none() {
        return Ok(None);
    }
    let n = match vm.as_bigint(v) {
        Some(n) => n,
        None if vm.py_slot(v, "__index__").is_some() => index_arg(vm, v)?,
        None => {
            return Err(
                vm.type_error("slice indices must be integers or None or have an __index__ method")
            )
        }
    };
    Ok(Some(num_traits::ToPrimitive::to_i64(&n).unwrap_or(
        if num_traits::Signed::is_negative(&n) {
            i64::MIN
        } else {
            i64::MAX
        },
    )))
}
