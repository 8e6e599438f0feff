//! `math`: the functions a lesson uses (results are new float or int objects).

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::builtins::{check_count, func, BuiltinDef};
use crate::object::ObjId;
use crate::vm::ops::Num;
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("sqrt", sqrt),
    func("floor", floor),
    func("ceil", ceil),
    func("fabs", fabs),
    func("isnan", isnan),
    func("isinf", isinf),
    func("exp", exp),
    func("log", log),
    func("sin", sin),
    func("cos", cos),
    func("factorial", factorial),
    func("gcd", gcd),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    for (name, v) in [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ] {
        let f = vm.new_float(v);
        vm.module_set(m, name, f);
        vm.decref(f);
    }
}

fn float_arg(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<f64> {
    check_count(vm, name, args, 1, 1)?;
    match vm.as_num(args[0]) {
        Some(Num::Int(n)) => crate::object::int::int_to_f64(&n).map_err(|e| vm.num_error(e)),
        Some(Num::Float(f)) => Ok(f),
        _ => {
            let msg = format!("must be real number, not {}", vm.type_name(args[0]));
            Err(vm.type_error(&msg))
        }
    }
}

fn domain_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::ValueError, "math domain error")
}

fn sqrt(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "sqrt", args)?;
    if x < 0.0 {
        return Err(domain_error(vm));
    }
    Ok(vm.new_float(x.sqrt()))
}

fn round_to_int(vm: &mut Vm, args: &[ObjId], name: &str, f: fn(f64) -> f64) -> PyResult<ObjId> {
    check_count(vm, name, args, 1, 1)?;
    if vm.is_int_like(args[0]) {
        let n = vm.as_bigint(args[0]).unwrap_or_default();
        return Ok(vm.new_bigint(n));
    }
    let x = float_arg(vm, name, args)?;
    match crate::object::float::float_to_bigint(f(x)) {
        Ok(n) => Ok(vm.new_bigint(n)),
        Err(e) => Err(vm.num_error(e)),
    }
}

fn floor(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    round_to_int(vm, args, "floor", f64::floor)
}

fn ceil(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    round_to_int(vm, args, "ceil", f64::ceil)
}

fn fabs(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "fabs", args)?;
    Ok(vm.new_float(x.abs()))
}

fn isnan(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "isnan", args)?;
    Ok(vm.new_bool(x.is_nan()))
}

fn isinf(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "isinf", args)?;
    Ok(vm.new_bool(x.is_infinite()))
}

fn exp(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "exp", args)?;
    let r = x.exp();
    if r.is_infinite() && x.is_finite() {
        return Err(vm.new_exception(ExcKind::OverflowError, "math range error"));
    }
    Ok(vm.new_float(r))
}

fn log(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "log", args, 1, 2)?;
    let x = float_arg(vm, "log", &args[..1])?;
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    let r = match args.get(1) {
        Some(&b) => {
            let b = float_arg(vm, "log", &[b])?;
            x.ln() / b.ln()
        }
        None => x.ln(),
    };
    Ok(vm.new_float(r))
}

fn sin(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "sin", args)?;
    Ok(vm.new_float(x.sin()))
}

fn cos(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "cos", args)?;
    Ok(vm.new_float(x.cos()))
}

fn factorial(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "factorial", args, 1, 1)?;
    let Some(n) = vm.as_bigint(args[0]) else {
        return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
    };
    if n.is_negative() {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "factorial() not defined for negative values",
        ));
    }
    let n = n.to_u64().unwrap_or(u64::MAX);
    vm.check_memory((n as u128) / 4)?;
    let mut acc = BigInt::one();
    for i in 2..=n {
        acc *= i;
    }
    Ok(vm.new_bigint(acc))
}

fn gcd(vm: &mut Vm, args: &[ObjId], _k: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut acc = BigInt::zero();
    for &a in args {
        let Some(n) = vm.as_bigint(a) else {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        };
        acc = num_integer::Integer::gcd(&acc, &n);
    }
    Ok(vm.new_bigint(acc))
}
