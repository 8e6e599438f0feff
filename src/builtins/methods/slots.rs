//! Special methods of builtin types reached by name (`(10).__add__(5)`, `[1].__contains__(1)`,
//! `int.__add__(1, 2)`): CPython's slot wrappers (`wrap_binaryfunc_l`, `wrap_binaryfunc_r`,
//! `wrap_unaryfunc`, `wrap_objobjproc`...) over the type's `nb_*`/`sq_*`/`mp_*` slots. Each
//! runs the builtin's own code (the `*_native` operations the VM runs when no class overrides
//! the slot), never a class's override: `super().__getitem__(i)` inside an overriding
//! `__getitem__` reaches the list's code, not the override again.

use crate::ast::{BinOp, CmpOp};
use crate::object::{BuiltinType, IterObj, ObjId, Payload};
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;

use super::super::{method, BuiltinDef};

pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::Int, NUMBER),
        (BuiltinType::Int, INT_ONLY),
        (BuiltinType::Bool, BOOL),
        (BuiltinType::Float, NUMBER),
        (BuiltinType::Float, FLOAT_ONLY),
        (BuiltinType::Complex, COMPLEX),
        (BuiltinType::Str, SEQUENCE),
        (BuiltinType::Bytes, SEQUENCE),
        (BuiltinType::Tuple, SEQUENCE),
        (BuiltinType::List, SEQUENCE),
        (BuiltinType::ByteArray, SEQUENCE),
        (BuiltinType::ByteArray, MUTABLE),
        (BuiltinType::List, MUTABLE),
        (BuiltinType::Range, READONLY_SEQ),
        (BuiltinType::Dict, MAPPING),
        (BuiltinType::Set, SET),
        (BuiltinType::FrozenSet, SET),
    ]
}

/// `check_num_args`: `expected 1 argument, got 0` (counted without `self`).
fn check_num_args(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    n: usize,
) -> PyResult<()> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("wrapper takes no keyword arguments"));
    }
    let got = args.len().saturating_sub(1);
    if got == n {
        return Ok(());
    }
    let msg = format!(
        "expected {n} argument{}, got {got}",
        if n == 1 { "" } else { "s" }
    );
    Err(vm.type_error(&msg))
}

/// How far up the numeric tower an operand is (int 0, float 1, complex 2); None for
/// non-numbers. A type's `nb_*` slot returns NotImplemented for an operand above its own.
fn number_rank(vm: &Vm, v: ObjId) -> Option<u8> {
    match vm.payload(v) {
        Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => Some(0),
        Payload::Float(_) => Some(1),
        Payload::Complex(..) => Some(2),
        _ => None,
    }
}

fn not_implemented(vm: &mut Vm) -> ObjId {
    let ni = vm.statics.not_implemented;
    vm.new_ref(ni)
}

/// `wrap_binaryfunc_l` / `wrap_binaryfunc_r` over a number type's slot.
fn number_binary(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    op: BinOp,
    reflected: bool,
) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let (me, other) = (args[0], args[1]);
    let (Some(mine), Some(theirs)) = (number_rank(vm, me), number_rank(vm, other)) else {
        return Ok(not_implemented(vm));
    };
    if theirs > mine {
        return Ok(not_implemented(vm));
    }
    let r = if reflected {
        vm.native_binary(other, me, op)
    } else {
        vm.native_binary(me, other, op)
    };
    match r {
        None => Ok(not_implemented(vm)),
        // the operator itself says NotImplemented as a TypeError (`(1j).__floordiv__(1)`)
        Some(Err(e)) if is_unsupported_operand(vm, e.0) => {
            vm.decref(e.0);
            Ok(not_implemented(vm))
        }
        Some(r) => r,
    }
}

fn is_unsupported_operand(vm: &Vm, exc: ObjId) -> bool {
    if !vm.is_instance_of_kind(exc, crate::vm::ExcKind::TypeError) {
        return false;
    }
    let Payload::Exception(e) = vm.payload(exc) else {
        return false;
    };
    let items = vm.tuple_items(e.args);
    matches!(items.first().map(|&a| vm.payload(a)),
        Some(Payload::Str(s)) if s.as_str().starts_with("unsupported operand type(s)"))
}

/// `wrap_ternaryfunc` / `wrap_ternaryfunc_r` over `nb_power`: `PyArg_UnpackTuple(args, "", 1,
/// 2, ...)` (CPython's own messages, empty name and all), then the binary operation, or with a
/// modulus the type's `nb_power(v, w, z)` itself ([`native_pow_mod`]).
fn number_pow(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    reflected: bool,
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("wrapper takes no keyword arguments"));
    }
    let got = args.len().saturating_sub(1);
    if got == 0 {
        return Err(vm.type_error(" expected at least 1 argument, got 0"));
    }
    if got > 2 {
        let msg = format!(" expected at most 2 arguments, got {got}");
        return Err(vm.type_error(&msg));
    }
    match args.get(2) {
        Some(&z) if z != vm.none() => {
            let (me, other) = (args[0], args[1]);
            let (v, w) = if reflected { (other, me) } else { (me, other) };
            match native_pow_mod(vm, me, v, w, z) {
                Some(r) => r,
                None => Ok(not_implemented(vm)),
            }
        }
        _ => number_binary(vm, &args[..2], kwargs, BinOp::Pow, reflected),
    }
}

fn nb_pow(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    number_pow(vm, args, kwargs, false)
}

fn nb_rpow(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    number_pow(vm, args, kwargs, true)
}

/// The `nb_power` of `owner`'s builtin number type called with a modulus `z` (not None):
/// `long_pow` computes `v ** w % z` when all three are ints and is NotImplemented (None here)
/// otherwise; `float_pow` refuses any modulus with a TypeError, `complex_pow` with a
/// ValueError. None also when `owner` is no builtin number.
pub(crate) fn native_pow_mod(
    vm: &mut Vm,
    owner: ObjId,
    v: ObjId,
    w: ObjId,
    z: ObjId,
) -> Option<PyResult<ObjId>> {
    match number_rank(vm, owner)? {
        0 => {
            let (a, b, m) = (vm.as_bigint(v)?, vm.as_bigint(w)?, vm.as_bigint(z)?);
            Some(match crate::object::int::int_pow_mod(&a, &b, &m) {
                Ok(r) => Ok(vm.new_bigint(r)),
                Err(e) => Err(vm.num_error(e)),
            })
        }
        1 => Some(Err(vm.type_error(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ))),
        _ => Some(Err(
            vm.new_exception(crate::vm::ExcKind::ValueError, "complex modulo")
        )),
    }
}

/// `wrap_binaryfunc` over a sequence's `sq_concat`/`sq_repeat`/`nb_*`: the operator itself.
fn seq_binary(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    op: BinOp,
    reflected: bool,
) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let (me, mut other) = (args[0], args[1]);
    // wrap_indexargfunc: the count through `PyNumber_AsSsize_t` (`__index__`), a TypeError
    // for anything else
    let mut count = None;
    if op == BinOp::Mult && !vm.is_int_like(other) {
        if vm.py_slot(other, "__index__").is_none() {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(other)
            );
            return Err(vm.type_error(&msg));
        }
        let n = crate::builtins::index_arg(vm, other)?;
        other = vm.new_bigint(n);
        count = Some(other);
    }
    let r = if reflected {
        vm.native_binary(other, me, op)
    } else {
        vm.native_binary(me, other, op)
    };
    vm.xdecref(count);
    match r {
        Some(r) => r,
        // sq_concat raises for what it cannot concatenate
        None if op == BinOp::Add => Err(vm.binary_type_error(me, other, op, false)),
        None => Ok(not_implemented(vm)),
    }
}

macro_rules! binary_slots {
    ($via:ident: $($fname:ident => $op:ident, $refl:expr;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
                $via(vm, args, kwargs, BinOp::$op, $refl)
            }
        )*
    };
}

binary_slots! { number_binary:
    nb_add => Add, false;
    nb_radd => Add, true;
    nb_sub => Sub, false;
    nb_rsub => Sub, true;
    nb_mul => Mult, false;
    nb_rmul => Mult, true;
    nb_truediv => Div, false;
    nb_rtruediv => Div, true;
    nb_floordiv => FloorDiv, false;
    nb_rfloordiv => FloorDiv, true;
    nb_mod => Mod, false;
    nb_rmod => Mod, true;
    nb_and => BitAnd, false;
    nb_rand => BitAnd, true;
    nb_or => BitOr, false;
    nb_ror => BitOr, true;
    nb_xor => BitXor, false;
    nb_rxor => BitXor, true;
    nb_lshift => LShift, false;
    nb_rlshift => LShift, true;
    nb_rshift => RShift, false;
    nb_rrshift => RShift, true;
}

binary_slots! { seq_binary:
    sq_concat => Add, false;
    sq_repeat => Mult, false;
    sq_rrepeat => Mult, true;
}

fn nb_divmod(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    divmod_slot(vm, args, kwargs, false)
}

fn nb_rdivmod(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    divmod_slot(vm, args, kwargs, true)
}

fn divmod_slot(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    reflected: bool,
) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let (me, other) = (args[0], args[1]);
    match (number_rank(vm, me), number_rank(vm, other)) {
        (Some(m), Some(o)) if o <= m && m < 2 => {
            let r = if reflected {
                super::super::functions::native_divmod(vm, other, me)
            } else {
                super::super::functions::native_divmod(vm, me, other)
            };
            match r {
                Some(r) => r,
                None => Ok(not_implemented(vm)),
            }
        }
        _ => Ok(not_implemented(vm)),
    }
}

fn nb_negative(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    vm.unary_native(args[0], "__neg__")
}

fn nb_positive(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    vm.unary_native(args[0], "__pos__")
}

fn nb_invert(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    vm.unary_native(args[0], "__invert__")
}

fn nb_absolute(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    vm.number_absolute_native(args[0])
}

fn nb_bool(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let t = match vm.as_num(args[0]) {
        Some(crate::vm::ops::Num::Int(n)) => !num_traits::Zero::is_zero(&n),
        Some(crate::vm::ops::Num::Float(f)) => f != 0.0,
        Some(crate::vm::ops::Num::Complex(re, im)) => re != 0.0 || im != 0.0,
        None => true,
    };
    Ok(vm.new_bool(t))
}

/// `float.__float__`, `int.__float__`.
fn nb_float(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let v = args[0];
    if let Payload::Float(_) = vm.payload(v) {
        if vm.builtin_type_of(v) == Some(BuiltinType::Float) {
            return Ok(vm.new_ref(v));
        }
    }
    let f = match vm.as_bigint(v) {
        Some(n) => match crate::object::int::int_to_f64(&n) {
            Ok(f) => f,
            Err(e) => return Err(vm.num_error(e)),
        },
        None => match vm.payload(v) {
            Payload::Float(f) => *f,
            _ => return Err(vm.type_error("must be real number")),
        },
    };
    Ok(vm.new_float(f))
}

/// `float.__int__` / `float.__trunc__` (`float___trunc___impl`): toward zero.
fn float_trunc(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let f = match vm.payload(args[0]) {
        Payload::Float(f) => *f,
        _ => return Err(super::super::descr_error(vm, "__trunc__", "float", args[0])),
    };
    match crate::object::float::float_to_bigint(f) {
        Ok(n) => Ok(vm.new_bigint(n)),
        Err(e) => Err(vm.num_error(e)),
    }
}

/// `float.__floor__` / `float.__ceil__`.
fn float_floor(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    float_rounded(vm, args, kwargs, f64::floor)
}

fn float_ceil(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    float_rounded(vm, args, kwargs, f64::ceil)
}

fn float_rounded(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    f: fn(f64) -> f64,
) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let x = match vm.payload(args[0]) {
        Payload::Float(x) => *x,
        _ => return Err(super::super::descr_error(vm, "__floor__", "float", args[0])),
    };
    match crate::object::float::float_to_bigint(f(x)) {
        Ok(n) => Ok(vm.new_bigint(n)),
        Err(e) => Err(vm.num_error(e)),
    }
}

/// `int.__trunc__`, `__floor__`, `__ceil__`: the int itself (`int_int`).
fn int_self(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let v = args[0];
    match vm.builtin_type_of(v) {
        Some(BuiltinType::Int) => Ok(vm.new_ref(v)),
        _ => {
            let n = vm.as_bigint(v).unwrap_or_default();
            Ok(vm.new_bigint(n))
        }
    }
}

/// `complex.conjugate()`.
fn complex_conjugate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    super::noargs(vm, "complex.conjugate", args, kwargs)?;
    match vm.payload(args[0]) {
        Payload::Complex(re, im) => {
            let (re, im) = (*re, -*im);
            Ok(vm.new_complex(re, im))
        }
        _ => Err(super::super::descr_error(
            vm,
            "conjugate",
            "complex",
            args[0],
        )),
    }
}

fn sq_contains(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let r = vm.contains_native(args[0], args[1])?;
    Ok(vm.new_bool(r))
}

fn mp_subscript(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    vm.getitem_native(args[0], args[1])
}

fn mp_ass_subscript(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 2)?;
    vm.setitem_native(args[0], args[1], args[2])?;
    Ok(vm.new_none())
}

fn mp_del_subscript(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    vm.delitem_native(args[0], args[1])?;
    Ok(vm.new_none())
}

fn tp_iter(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    vm.get_iter_native(args[0])
}

fn sq_length(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let n = vm.len_native(args[0])?;
    Ok(vm.new_usize(n))
}

fn list_inplace_concat(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    match vm.inplace_native(args[0], args[1], BinOp::Add) {
        Some(r) => r,
        None => Ok(not_implemented(vm)),
    }
}

static NUMBER: &[BuiltinDef] = &[
    method("__add__", nb_add),
    method("__radd__", nb_radd),
    method("__sub__", nb_sub),
    method("__rsub__", nb_rsub),
    method("__mul__", nb_mul),
    method("__rmul__", nb_rmul),
    method("__truediv__", nb_truediv),
    method("__rtruediv__", nb_rtruediv),
    method("__floordiv__", nb_floordiv),
    method("__rfloordiv__", nb_rfloordiv),
    method("__mod__", nb_mod),
    method("__rmod__", nb_rmod),
    method("__divmod__", nb_divmod),
    method("__rdivmod__", nb_rdivmod),
    method("__pow__", nb_pow),
    method("__rpow__", nb_rpow),
    method("__neg__", nb_negative),
    method("__pos__", nb_positive),
    method("__abs__", nb_absolute),
    method("__bool__", nb_bool),
    method("__float__", nb_float),
];

static INT_ONLY: &[BuiltinDef] = &[
    method("__and__", nb_and),
    method("__rand__", nb_rand),
    method("__or__", nb_or),
    method("__ror__", nb_ror),
    method("__xor__", nb_xor),
    method("__rxor__", nb_rxor),
    method("__lshift__", nb_lshift),
    method("__rlshift__", nb_rlshift),
    method("__rshift__", nb_rshift),
    method("__rrshift__", nb_rrshift),
    method("__invert__", nb_invert),
    method("__trunc__", int_self),
    method("__floor__", int_self),
    method("__ceil__", int_self),
];

/// `bool` overrides `&`, `|`, `^` (`bool_and`...), giving a bool for two bools.
static BOOL: &[BuiltinDef] = &[
    method("__and__", nb_and),
    method("__rand__", nb_rand),
    method("__or__", nb_or),
    method("__ror__", nb_ror),
    method("__xor__", nb_xor),
    method("__rxor__", nb_rxor),
];

static FLOAT_ONLY: &[BuiltinDef] = &[
    method("__int__", float_trunc),
    method("__trunc__", float_trunc),
    method("__floor__", float_floor),
    method("__ceil__", float_ceil),
];

static COMPLEX: &[BuiltinDef] = &[
    method("conjugate", complex_conjugate),
    method("__add__", nb_add),
    method("__radd__", nb_radd),
    method("__sub__", nb_sub),
    method("__rsub__", nb_rsub),
    method("__mul__", nb_mul),
    method("__rmul__", nb_rmul),
    method("__truediv__", nb_truediv),
    method("__rtruediv__", nb_rtruediv),
    method("__pow__", nb_pow),
    method("__rpow__", nb_rpow),
    method("__neg__", nb_negative),
    method("__pos__", nb_positive),
    method("__abs__", nb_absolute),
    method("__bool__", nb_bool),
];

static SEQUENCE: &[BuiltinDef] = &[
    method("__getitem__", mp_subscript),
    method("__contains__", sq_contains),
    method("__iter__", tp_iter),
    method("__add__", sq_concat),
    method("__mul__", sq_repeat),
    method("__rmul__", sq_rrepeat),
];

static MUTABLE: &[BuiltinDef] = &[
    method("__setitem__", mp_ass_subscript),
    method("__delitem__", mp_del_subscript),
    method("__iadd__", list_inplace_concat),
];

static READONLY_SEQ: &[BuiltinDef] = &[
    method("__getitem__", mp_subscript),
    method("__contains__", sq_contains),
    method("__iter__", tp_iter),
    method("__len__", sq_length),
];

static MAPPING: &[BuiltinDef] = &[
    method("__getitem__", mp_subscript),
    method("__setitem__", mp_ass_subscript),
    method("__delitem__", mp_del_subscript),
    method("__contains__", sq_contains),
    method("__iter__", tp_iter),
];

static SET: &[BuiltinDef] = &[
    method("__contains__", sq_contains),
    method("__iter__", tp_iter),
];

// ---- wrappers shared by every builtin type that has the slot ----

/// Class methods shared likewise (`list.__class_getitem__`, `object.__subclasshook__`).
pub fn generic_class(name: &str) -> Option<&'static BuiltinDef> {
    GENERIC_CLASS.iter().find(|d| d.name == name)
}

static GENERIC_CLASS: &[BuiltinDef] = &[
    super::super::classmethod("__class_getitem__", g_class_getitem),
    super::super::classmethod("__subclasshook__", g_subclasshook),
];

/// `Py_GenericAlias`: `list[int]` is `types.GenericAlias(list, (int,))`.
fn g_class_getitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    Ok(vm.new_generic_alias(args[0], args[1]))
}

/// `object.__subclasshook__`: NotImplemented (the normal check decides).
fn g_subclasshook(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Ok(not_implemented(vm))
}

/// Slot wrappers and methods whose builtin implementation is the same code for every type
/// that has them (each runs the type's own native operation on the receiver's payload).
/// `cpython_dir::apply` gives them to the builtin types CPython gives them to.
pub fn generic(name: &str) -> Option<&'static BuiltinDef> {
    GENERIC.iter().find(|d| d.name == name)
}

static GENERIC: &[BuiltinDef] = &[
    method("__repr__", g_repr),
    method("__str__", g_str),
    method("__hash__", g_hash),
    method("__eq__", g_eq),
    method("__ne__", g_ne),
    method("__lt__", g_lt),
    method("__le__", g_le),
    method("__gt__", g_gt),
    method("__ge__", g_ge),
    method("__iter__", tp_iter),
    method("__next__", g_next),
    method("__len__", sq_length),
    method("__contains__", sq_contains),
    method("__getitem__", mp_subscript),
    method("__bool__", g_bool),
    method("__getattribute__", g_getattribute),
    method("__setattr__", g_setattr),
    method("__delattr__", g_delattr),
    method("__length_hint__", g_length_hint),
    method("__sizeof__", g_sizeof),
    method("__call__", g_call),
    method("__get__", g_get),
    method("__format__", g_format),
    method("__or__", g_or),
    method("__ror__", g_ror),
    method("__and__", g_and),
    method("__rand__", g_rand),
    method("__xor__", g_xor),
    method("__rxor__", g_rxor),
    method("__sub__", g_sub),
    method("__rsub__", g_rsub),
    method("__mod__", g_mod),
    method("__rmod__", g_rmod),
    method("__ior__", g_ior),
    method("__iand__", g_iand),
    method("__ixor__", g_ixor),
    method("__isub__", g_isub),
    method("__imul__", g_imul),
    method("__reversed__", g_reversed),
    method("__round__", g_round),
    method("__complex__", g_complex),
    method("__getstate__", g_getstate),
    method("__reduce__", g_reduce),
    method("__setstate__", g_setstate),
];

/// `__reduce__` of the builtins whose pickled form is simple: a range or slice is its class
/// and arguments, `...` and `NotImplemented` their names.
fn g_reduce(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let v = args[0];
    let parts: Vec<ObjId> = match vm.payload(v) {
        Payload::Ellipsis => return Ok(vm.new_str("Ellipsis")),
        Payload::NotImplemented => return Ok(vm.new_str("NotImplemented")),
        Payload::Range(r) => {
            let (a, b, c) = (r.start.clone(), r.stop.clone(), r.step.clone());
            vec![vm.new_bigint(a), vm.new_bigint(b), vm.new_bigint(c)]
        }
        Payload::Slice(p) => {
            let p = **p;
            p.iter().map(|&x| vm.new_ref(x)).collect()
        }
        Payload::Iter(it) if matches!(**it, IterObj::Range { .. } | IterObj::SmallRange { .. }) => {
            return range_iter_reduce(vm, v);
        }
        Payload::Iter(it) if matches!(**it, IterObj::Seq { .. }) && is_seq_iter(vm, v) => {
            return seq_iter_reduce(vm, v);
        }
        _ => {
            let what = format!("{}.__reduce__", vm.type_name(v));
            return Err(vm.unsupported(&what));
        }
    };
    let t = vm.type_of(v);
    vm.incref(t);
    let inner = vm.new_tuple(parts);
    Ok(vm.new_tuple(vec![t, inner]))
}

/// An iterator over a list, tuple, str, bytes or bytearray (`listiterobject` and its kin:
/// a sequence and an index).
fn is_seq_iter(vm: &Vm, v: ObjId) -> bool {
    matches!(
        vm.builtin_type_of(v),
        Some(
            BuiltinType::ListIterator
                | BuiltinType::TupleIterator
                | BuiltinType::StrIterator
                | BuiltinType::StrUnicodeIterator
                | BuiltinType::BytesIterator
                | BuiltinType::ByteArrayIterator
        )
    )
}

/// `listiter_reduce_general` and its kin: `(iter, (seq,), index)`; once exhausted (the
/// sequence let go) `(iter, (empty,))`, the empty thing each type builds: a new list, `''`,
/// or the empty tuple.
fn seq_iter_reduce(vm: &mut Vm, v: ObjId) -> PyResult<ObjId> {
    let (seq, index) = match vm.payload(v) {
        Payload::Iter(it) => match &**it {
            IterObj::Seq { seq, index, .. } => (*seq, *index),
            _ => (None, 0),
        },
        _ => (None, 0),
    };
    let iter = vm.builtin_named("iter");
    match seq {
        Some(s) => {
            vm.incref(s);
            let args = vm.new_tuple(vec![s]);
            let i = vm.new_int(index as i64);
            Ok(vm.new_tuple(vec![iter, args, i]))
        }
        None => {
            let empty = match vm.builtin_type_of(v) {
                Some(BuiltinType::ListIterator) => vm.new_list(Vec::new()),
                Some(BuiltinType::StrIterator | BuiltinType::StrUnicodeIterator) => vm.new_str(""),
                _ => vm.new_tuple(Vec::new()),
            };
            let args = vm.new_tuple(vec![empty]);
            Ok(vm.new_tuple(vec![iter, args]))
        }
    }
}

/// `listiter_setstate` and its kin: the index (`PyLong_AsSsize_t`), clipped to the
/// sequence (`0..=len`); nothing once the iterator let go of its sequence.
fn g_setstate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let (v, state) = (args[0], args[1]);
    if !(matches!(vm.payload(v), Payload::Iter(it) if matches!(**it, IterObj::Seq { .. }))
        && is_seq_iter(vm, v))
    {
        let what = format!("{}.__setstate__", vm.type_name(v));
        return Err(vm.unsupported(&what));
    }
    let Some(n) = vm.as_bigint(state) else {
        return Err(vm.type_error("an integer is required"));
    };
    let Some(n) = num_traits::ToPrimitive::to_i64(&n) else {
        return Err(vm.new_exception(
            crate::vm::ExcKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        ));
    };
    let seq = match vm.payload(v) {
        Payload::Iter(it) => match &**it {
            IterObj::Seq { seq, .. } => *seq,
            _ => None,
        },
        _ => None,
    };
    if let Some(s) = seq {
        let len = vm.len_of_builtin(s).unwrap_or(0) as i64;
        let clipped = n.clamp(0, len) as usize;
        if let Payload::Iter(it) = vm.heap.payload_mut(v) {
            if let IterObj::Seq { index, .. } = &mut **it {
                *index = clipped;
            }
        }
    }
    Ok(vm.new_none())
}

/// `rangeiter_reduce`: `(iter, (range(start, start + len*step, step),), index)`, the range
/// the iterator was made from (its stop normalised to a whole number of steps) and how many
/// items it has given.
fn range_iter_reduce(vm: &mut Vm, v: ObjId) -> PyResult<ObjId> {
    let (start, next, stop, step) = match vm.payload(v) {
        Payload::Iter(it) => match &**it {
            IterObj::SmallRange {
                start,
                next,
                stop,
                step,
            } => (
                BigInt::from(*start),
                BigInt::from(*next),
                BigInt::from(*stop),
                BigInt::from(*step),
            ),
            IterObj::Range {
                start,
                next,
                stop,
                step,
            } => (start.clone(), next.clone(), stop.clone(), step.clone()),
            _ => return Err(vm.type_error("range_iterator.__reduce__ needs a range iterator")),
        },
        _ => return Err(vm.type_error("range_iterator.__reduce__ needs a range iterator")),
    };
    let len = crate::vm::ops::range_len(&start, &stop, &step);
    let index = if step == BigInt::from(0) {
        BigInt::from(0)
    } else {
        ((&next - &start) / &step).min(len.clone())
    };
    let end = &start + &len * &step;
    let iter = vm.builtin_named("iter");
    let range = vm.new_range(start, end, step);
    let args = vm.new_tuple(vec![range]);
    let index = vm.new_bigint(index);
    Ok(vm.new_tuple(vec![iter, args, index]))
}

fn g_imul(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    inplace(vm, args, kwargs, BinOp::Mult)
}

/// `list.__reversed__`, `dict.__reversed__`, `range.__reversed__`...: what `reversed()`
/// makes of the builtin.
fn g_reversed(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let t = vm.ty(BuiltinType::Reversed);
    crate::builtins::construct(vm, BuiltinType::Reversed, t, &args[..1], &[])
}

fn g_round(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() || args.len() > 2 {
        return Err(vm.type_error("__round__ expected at most 1 argument"));
    }
    // `float.__round__(None)` rounds to an int; `int.__round__` takes `ndigits` through
    // `_PyNumber_Index`, so None is a TypeError there (only the builtin `round()` drops it)
    let none = vm.none();
    let is_float = matches!(vm.payload(args[0]), Payload::Float(_));
    let nd = args.get(1).copied().filter(|&n| !(is_float && n == none));
    crate::builtins::functions::round_native(vm, args[0], nd)
}

fn g_complex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    match vm.payload(args[0]) {
        Payload::Complex(..) if vm.builtin_type_of(args[0]) == Some(BuiltinType::Complex) => {
            Ok(vm.new_ref(args[0]))
        }
        Payload::Complex(re, im) => {
            let (re, im) = (*re, *im);
            Ok(vm.new_complex(re, im))
        }
        _ => Err(vm.type_error("complex.__complex__ requires a complex")),
    }
}

/// `object.__getstate__`: the instance dict, or None without attributes.
fn g_getstate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    if vm.instance_attr_pairs(args[0]).is_empty() {
        return Ok(vm.new_none());
    }
    vm.instance_dict(args[0])
}

fn g_repr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let s = vm.builtin_repr(args[0])?;
    Ok(vm.new_string(s))
}

/// `str.__str__` (an exact copy), `BaseException.__str__` (the message), else the repr.
fn g_str(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let v = args[0];
    match vm.payload(v) {
        Payload::Str(_) if vm.builtin_type_of(v) == Some(BuiltinType::Str) => Ok(vm.new_ref(v)),
        Payload::Str(s) => {
            let s = s.value.to_string();
            Ok(vm.new_string(s))
        }
        Payload::Exception(_) => {
            let m = vm.exception_message(v);
            Ok(vm.new_string(m))
        }
        _ => vm.repr_object(v),
    }
}

fn g_hash(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let h = vm.native_hash(args[0])?;
    Ok(vm.new_int(h))
}

/// `wrap_richcmpfunc`: the type's own comparison; NotImplemented when it has no answer.
fn richcmp(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)], op: CmpOp) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    // a number compares with numbers no higher up the tower (`(1).__eq__(1.0)`)
    if let Some(mine) = number_rank(vm, args[0]) {
        if number_rank(vm, args[1]).is_none_or(|theirs| theirs > mine) {
            return Ok(not_implemented(vm));
        }
    }
    match vm.native_richcompare(args[0], args[1], op)? {
        Some(r) => Ok(r),
        None => Ok(not_implemented(vm)),
    }
}

macro_rules! richcmp_slots {
    ($($fname:ident => $op:ident;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
                richcmp(vm, args, kwargs, CmpOp::$op)
            }
        )*
    };
}

richcmp_slots! {
    g_eq => Eq;
    g_ne => NotEq;
    g_lt => Lt;
    g_le => LtE;
    g_gt => Gt;
    g_ge => GtE;
}

/// `iternext` wrapper: the next item, or StopIteration.
fn g_next(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    match vm.next(args[0])? {
        Some(v) => Ok(v),
        None => Err(vm.new_exception_empty(crate::vm::ExcKind::StopIteration)),
    }
}

fn g_bool(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let v = args[0];
    let t = match vm.as_num(v) {
        Some(crate::vm::ops::Num::Int(n)) => !num_traits::Zero::is_zero(&n),
        Some(crate::vm::ops::Num::Float(f)) => f != 0.0,
        Some(crate::vm::ops::Num::Complex(re, im)) => re != 0.0 || im != 0.0,
        None if v == vm.none() => false,
        None => vm.len_of_builtin(v).is_none_or(|n| n != 0),
    };
    Ok(vm.new_bool(t))
}

fn attr_name(vm: &mut Vm, name: ObjId) -> PyResult<()> {
    if matches!(vm.payload(name), Payload::Str(_)) {
        return Ok(());
    }
    let msg = format!(
        "attribute name must be string, not '{}'",
        vm.type_name(name)
    );
    Err(vm.type_error(&msg))
}

/// `type.__getattribute__`, `module.__getattribute__`...: the type's own lookup, without a
/// class's `__getattr__` hooks.
fn g_getattribute(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    attr_name(vm, args[1])?;
    vm.getattr_builtin(args[0], args[1])
}

fn g_setattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 2)?;
    attr_name(vm, args[1])?;
    vm.setattr_builtin(args[0], args[1], Some(args[2]))?;
    Ok(vm.new_none())
}

fn g_delattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    attr_name(vm, args[1])?;
    vm.setattr_builtin(args[0], args[1], None)?;
    Ok(vm.new_none())
}

fn g_length_hint(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let n = vm.length_hint(args[0]).unwrap_or(0);
    Ok(vm.new_usize(n))
}

fn g_sizeof(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 0)?;
    let n = vm.sizeof(args[0]) - vm.gc_preheader_size(args[0]);
    Ok(vm.new_usize(n))
}

/// `wrap_call`: call the object.
fn g_call(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // `ref.__call__` is `weakref_call` itself, also for a class over `ref` whose own
    // `__call__` calls it (`super().__call__()` in WeakMethod)
    if matches!(vm.payload(args[0]), Payload::WeakRef(_))
        && !crate::modules::weakref::is_proxy(vm, args[0])
    {
        return crate::modules::weakref::call(vm, args[0], &args[1..], kwargs);
    }
    vm.call_object(args[0], &args[1..], kwargs)
}

/// `wrap_descr_get`: `descr.__get__(obj, type=None)`.
fn g_get(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("wrapper takes no keyword arguments"));
    }
    if args.len() < 2 || args.len() > 3 {
        let msg = format!(
            "expected at least 1 argument, got {}",
            args.len().saturating_sub(1)
        );
        return Err(vm.type_error(&msg));
    }
    let none = vm.none();
    let obj = Some(args[1]).filter(|&o| o != none);
    let ty = match args.get(2).copied().filter(|&t| t != none) {
        Some(t) => t,
        None => match obj {
            Some(o) => vm.type_of(o),
            None => return Err(vm.type_error("__get__(None, None) is invalid")),
        },
    };
    vm.bind_descriptor(args[0], obj, ty)
}

fn g_format(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let spec = match vm.payload(args[1]) {
        Payload::Str(s) => s.value.to_string(),
        _ => {
            let msg = format!(
                "__format__() argument must be str, not {}",
                vm.type_name(args[1])
            );
            return Err(vm.type_error(&msg));
        }
    };
    vm.format_native(args[0], &spec)
}

fn inplace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)], op: BinOp) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    match vm.inplace_native(args[0], args[1], op) {
        Some(r) => r,
        None => Ok(not_implemented(vm)),
    }
}

fn g_ior(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    inplace(vm, args, kwargs, BinOp::BitOr)
}

fn g_iand(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    inplace(vm, args, kwargs, BinOp::BitAnd)
}

fn g_ixor(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    inplace(vm, args, kwargs, BinOp::BitXor)
}

fn g_isub(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    inplace(vm, args, kwargs, BinOp::Sub)
}

/// `wrap_binaryfunc_l`/`_r` over a non-number's slot (`dict.__or__`, `set.__and__`,
/// `str.__mod__`): the type's own operation, NotImplemented when it has none.
fn g_binary(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    op: BinOp,
    reflected: bool,
) -> PyResult<ObjId> {
    check_num_args(vm, args, kwargs, 1)?;
    let (me, other) = (args[0], args[1]);
    let r = if reflected {
        vm.native_binary(other, me, op)
    } else {
        vm.native_binary(me, other, op)
    };
    match r {
        Some(r) => r,
        None => Ok(not_implemented(vm)),
    }
}

binary_slots! { g_binary:
    g_or => BitOr, false;
    g_ror => BitOr, true;
    g_and => BitAnd, false;
    g_rand => BitAnd, true;
    g_xor => BitXor, false;
    g_rxor => BitXor, true;
    g_sub => Sub, false;
    g_rsub => Sub, true;
    g_mod => Mod, false;
    g_rmod => Mod, true;
}
