//! Builtin functions and the methods of builtin types, written in Rust against the VM's API.
//! Each is a static [`BuiltinDef`]; the VM wraps them in `builtin_function_or_method` and
//! `method_descriptor` objects so they have identities like CPython's.

pub mod construct;
pub mod functions;
pub mod methods;

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
}

pub struct BuiltinDef {
    pub name: &'static str,
    pub call: BuiltinFunc,
    pub kind: Kind,
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
    }
}

pub const fn method(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::Method,
    }
}

pub const fn classmethod(name: &'static str, call: BuiltinFunc) -> BuiltinDef {
    BuiltinDef {
        name,
        call,
        kind: Kind::ClassMethod,
    }
}

/// The method tables of builtin types.
pub fn method_tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    methods::tables()
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

/// A str argument's text.
pub fn str_arg(vm: &mut Vm, fname: &str, v: ObjId) -> PyResult<String> {
    match vm.payload(v) {
        Payload::Str(s) => Ok(s.value.clone()),
        _ => {
            let msg = format!("{fname}() argument must be str, not {}", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
    }
}
