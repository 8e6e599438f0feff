//! `math` (`Modules/mathmodule.c`): libm functions behind `math_1`'s error rules (a NaN from
//! a non-NaN argument is `ValueError: math domain error`, an infinity from a finite one
//! `OverflowError: math range error`), the integer functions on big ints, `fsum`'s exact
//! summation and `isclose`.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::ast::BinOp;
use crate::builtins::{func, index_arg, one_arg, parse_args, positional, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::ops::Num;
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("sqrt", sqrt),
    func("isqrt", isqrt),
    func("floor", floor),
    func("ceil", ceil),
    func("trunc", trunc),
    func("fabs", fabs),
    func("isnan", isnan),
    func("isinf", isinf),
    func("isfinite", isfinite),
    func("copysign", copysign),
    func("exp", exp),
    func("expm1", expm1),
    func("log", log),
    func("log2", log2),
    func("log10", log10),
    func("log1p", log1p),
    func("pow", pow),
    func("sin", sin),
    func("cos", cos),
    func("tan", tan),
    func("asin", asin),
    func("acos", acos),
    func("atan", atan),
    func("atan2", atan2),
    func("sinh", sinh),
    func("cosh", cosh),
    func("tanh", tanh),
    func("erf", erf),
    func("erfc", erfc),
    func("degrees", degrees),
    func("radians", radians),
    func("hypot", hypot),
    func("dist", dist),
    func("fsum", fsum),
    func("prod", prod),
    func("modf", modf),
    func("fmod", fmod),
    func("frexp", frexp),
    func("ldexp", ldexp),
    func("isclose", isclose),
    func("factorial", factorial),
    func("gcd", gcd),
    func("lcm", lcm),
    func("comb", comb),
    func("perm", perm),
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

/// `PyFloat_AsDouble`: ints (exactly, or OverflowError) and floats; a class's `__float__`
/// (or `__index__`), as `Fraction`s have.
fn to_double(vm: &mut Vm, v: ObjId) -> PyResult<f64> {
    match vm.as_num(v) {
        Some(Num::Int(n)) => crate::object::int::int_to_f64(&n).map_err(|e| vm.num_error(e)),
        Some(Num::Float(f)) => Ok(f),
        _ if vm.is_user_object(v)
            && (vm.py_slot(v, "__float__").is_some() || vm.py_slot(v, "__index__").is_some()) =>
        {
            let f = vm.number_float(v)?;
            let x = match vm.payload(f) {
                Payload::Float(x) => *x,
                _ => 0.0,
            };
            vm.decref(f);
            Ok(x)
        }
        _ => {
            let msg = format!("must be real number, not {}", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
    }
}

/// The one argument of a METH_O function, as a double.
fn float_arg(vm: &mut Vm, name: &str, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<f64> {
    let a = one_arg(vm, &format!("math.{name}"), args, kwargs)?;
    to_double(vm, a)
}

/// Two positional doubles (`pow`, `copysign`, `fmod`, `atan2`).
fn two_floats(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<(f64, f64)> {
    positional(vm, name, args, kwargs, 2, 2)?;
    let x = to_double(vm, args[0])?;
    let y = to_double(vm, args[1])?;
    Ok((x, y))
}

fn domain_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::ValueError, "math domain error")
}

fn range_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::OverflowError, "math range error")
}

/// `math_1`: NaN out of a non-NaN is a domain error; infinity out of a finite argument a
/// range error when the function can overflow, else a domain error.
fn math_1(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    f: fn(f64) -> f64,
    can_overflow: bool,
) -> PyResult<ObjId> {
    let x = float_arg(vm, name, args, kwargs)?;
    let r = f(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow {
            range_error(vm)
        } else {
            domain_error(vm)
        });
    }
    Ok(vm.new_float(r))
}

macro_rules! libm_1 {
    ($($fname:ident => $f:expr, $overflow:expr;)*) => {
        $(
            fn $fname(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
                math_1(vm, stringify!($fname), args, kwargs, $f, $overflow)
            }
        )*
    };
}

libm_1! {
    sqrt => |x: f64| if x < 0.0 { f64::NAN } else { x.sqrt() }, false;
    exp => f64::exp, true;
    expm1 => f64::exp_m1, true;
    sin => |x: f64| if x.is_infinite() { f64::NAN } else { x.sin() }, false;
    cos => |x: f64| if x.is_infinite() { f64::NAN } else { x.cos() }, false;
    tan => |x: f64| if x.is_infinite() { f64::NAN } else { x.tan() }, false;
    asin => f64::asin, false;
    acos => f64::acos, false;
    atan => f64::atan, false;
    sinh => f64::sinh, true;
    cosh => f64::cosh, true;
    tanh => f64::tanh, false;
    fabs => f64::abs, false;
    erf => libm::erf, false;
    erfc => libm::erfc, false;
}

/// The C library's functions CPython 3.11 calls where Rust's `f64` has none (`math.erf` and
/// `math.erfc` are `FUNC1(erf, erf, 0, ...)`: libm's, so the same bits as python3's here).
mod libm {
    extern "C" {
        #[link_name = "erf"]
        fn c_erf(x: f64) -> f64;
        #[link_name = "erfc"]
        fn c_erfc(x: f64) -> f64;
    }

    pub fn erf(x: f64) -> f64 {
        // SAFETY: a pure libm function of one double
        unsafe { c_erf(x) }
    }

    pub fn erfc(x: f64) -> f64 {
        // SAFETY: a pure libm function of one double
        unsafe { c_erfc(x) }
    }
}

/// `math.degrees` / `math.radians`: multiplication by `180/pi` or `pi/180`.
fn degrees(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "degrees", args, kwargs)?;
    Ok(vm.new_float(x * (180.0 / std::f64::consts::PI)))
}

fn radians(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "radians", args, kwargs)?;
    Ok(vm.new_float(x * (std::f64::consts::PI / 180.0)))
}

fn isnan(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "isnan", args, kwargs)?;
    Ok(vm.new_bool(x.is_nan()))
}

fn isinf(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "isinf", args, kwargs)?;
    Ok(vm.new_bool(x.is_infinite()))
}

fn isfinite(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "isfinite", args, kwargs)?;
    Ok(vm.new_bool(x.is_finite()))
}

fn copysign(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (x, y) = two_floats(vm, "copysign", args, kwargs)?;
    Ok(vm.new_float(x.copysign(y)))
}

fn atan2(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (y, x) = two_floats(vm, "atan2", args, kwargs)?;
    Ok(vm.new_float(y.atan2(x)))
}

/// `math.fmod`: C `fmod`; an infinite `x` (or a zero `y`) is a domain error.
fn fmod(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (x, y) = two_floats(vm, "fmod", args, kwargs)?;
    if y.is_infinite() && x.is_finite() {
        return Ok(vm.new_float(x));
    }
    let r = x % y;
    if r.is_nan() && !x.is_nan() && !y.is_nan() {
        return Err(domain_error(vm));
    }
    Ok(vm.new_float(r))
}

/// `math.pow`: C99 `pow` with CPython's special cases and errors.
fn pow(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (x, y) = two_floats(vm, "pow", args, kwargs)?;
    if !x.is_finite() || !y.is_finite() {
        // the IEEE special cases, which libm's pow already follows
        return Ok(vm.new_float(x.powf(y)));
    }
    if x == 0.0 && y < 0.0 {
        return Err(domain_error(vm));
    }
    let r = x.powf(y);
    if r.is_nan() {
        return Err(domain_error(vm));
    }
    if r.is_infinite() {
        return Err(range_error(vm));
    }
    Ok(vm.new_float(r))
}

/// `loghelper`: big ints are logged by their bit length so `log(10**400)` works.
fn log_of(vm: &mut Vm, v: ObjId, f: fn(f64) -> f64) -> PyResult<f64> {
    if let Some(n) = vm.as_bigint(v) {
        if !n.is_positive() {
            return Err(domain_error(vm));
        }
        if let Ok(x) = crate::object::int::int_to_f64(&n) {
            return Ok(f(x));
        }
        // _PyLong_Frexp: x = m * 2**e with 0.5 <= m < 1
        let e = n.bits();
        let top: BigInt = &n >> (e - 53) as usize;
        let m = top.to_f64().unwrap_or(0.0) / 2f64.powi(53);
        return Ok(f(m) + e as f64 * f(2.0));
    }
    let x = to_double(vm, v)?;
    if x <= 0.0 {
        return Err(domain_error(vm));
    }
    Ok(f(x))
}

fn log(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "log", args, kwargs, 1, 2)?;
    let num = log_of(vm, args[0], f64::ln)?;
    let r = match args.get(1) {
        Some(&b) => {
            let den = log_of(vm, b, f64::ln)?;
            if den == 0.0 {
                return Err(vm.new_exception(ExcKind::ZeroDivisionError, "float division by zero"));
            }
            num / den
        }
        None => num,
    };
    Ok(vm.new_float(r))
}

fn log2(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = one_arg(vm, "math.log2", args, kwargs)?;
    let r = log_of(vm, a, f64::log2)?;
    Ok(vm.new_float(r))
}

fn log10(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = one_arg(vm, "math.log10", args, kwargs)?;
    let r = log_of(vm, a, f64::log10)?;
    Ok(vm.new_float(r))
}

fn log1p(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "log1p", args, kwargs)?;
    if x <= -1.0 {
        return Err(domain_error(vm));
    }
    Ok(vm.new_float(x.ln_1p()))
}

/// `math.floor`/`ceil`/`trunc`: ints are returned as they are (`__floor__` of int), floats
/// rounded to an int, classes through their `__floor__`/`__ceil__`/`__trunc__`.
fn round_to_int(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    f: fn(f64) -> f64,
) -> PyResult<ObjId> {
    let a = one_arg(vm, &format!("math.{name}"), args, kwargs)?;
    if vm.is_int_like(a) {
        if matches!(vm.payload(a), Payload::Bool(_)) {
            let n = vm.as_bigint(a).unwrap_or_default();
            return Ok(vm.new_bigint(n));
        }
        return Ok(vm.new_ref(a));
    }
    if vm.is_user_object(a) {
        let dunder = match name {
            "floor" => "__floor__",
            "ceil" => "__ceil__",
            _ => "__trunc__",
        };
        if let Some(r) = vm.call_dunder(a, dunder, &[])? {
            return Ok(r);
        }
        if name == "trunc" {
            let msg = format!("type {} doesn't define __trunc__ method", vm.type_name(a));
            return Err(vm.type_error(&msg));
        }
    }
    let x = to_double(vm, a)?;
    match crate::object::float::float_to_bigint(f(x)) {
        Ok(n) => Ok(vm.new_bigint(n)),
        Err(e) => Err(vm.num_error(e)),
    }
}

fn floor(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    round_to_int(vm, "floor", args, kwargs, f64::floor)
}

fn ceil(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    round_to_int(vm, "ceil", args, kwargs, f64::ceil)
}

fn trunc(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    round_to_int(vm, "trunc", args, kwargs, f64::trunc)
}

fn modf(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "modf", args, kwargs)?;
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else {
        (x.fract(), x.trunc())
    };
    let a = vm.new_float(frac);
    let b = vm.new_float(int);
    Ok(vm.new_tuple(vec![a, b]))
}

fn frexp(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = float_arg(vm, "frexp", args, kwargs)?;
    let (m, e) = frexp_parts(x);
    let a = vm.new_float(m);
    let b = vm.new_int(e as i64);
    Ok(vm.new_tuple(vec![a, b]))
}

fn ldexp(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "ldexp", args, kwargs, 2, 2)?;
    let x = to_double(vm, args[0])?;
    let e = index_arg(vm, args[1])?;
    let e = e
        .to_i32()
        .unwrap_or(if e.is_negative() { -100_000 } else { 100_000 });
    let r = x * 2f64.powi(e.clamp(-1100, 1100));
    if r.is_infinite() && x.is_finite() {
        return Err(range_error(vm));
    }
    Ok(vm.new_float(r))
}

/// Floats of an iterable's items (for `fsum`, `hypot`, `dist`).
fn float_items(vm: &mut Vm, iterable: ObjId) -> PyResult<Vec<f64>> {
    let items = vm.collect_iterable(iterable)?;
    let mut out = Vec::with_capacity(items.len());
    let mut err = None;
    for &i in &items {
        match to_double(vm, i) {
            Ok(f) => out.push(f),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    for i in items {
        vm.decref(i);
    }
    match err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// `math_fsum`: Shewchuk's exact partials, rounded once (`msum` with the half-even fix-up).
pub fn fsum_values(values: &[f64]) -> Result<f64, &'static str> {
    let mut partials: Vec<f64> = Vec::new();
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for &v in values {
        let mut x = v;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special_sum += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                return Err("intermediate overflow in fsum");
            }
            partials.push(x);
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err("-inf + inf in fsum");
        }
        return Ok(special_sum);
    }
    let mut hi = 0.0f64;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

fn fsum(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = one_arg(vm, "math.fsum", args, kwargs)?;
    let values = float_items(vm, a)?;
    match fsum_values(&values) {
        Ok(r) => Ok(vm.new_float(r)),
        Err(msg) if msg.starts_with("intermediate") => {
            Err(vm.new_exception(ExcKind::OverflowError, msg))
        }
        Err(msg) => Err(vm.new_exception(ExcKind::ValueError, msg)),
    }
}

/// `vector_norm`: the Euclidean norm, scaled by the largest magnitude and summed with
/// compensation, as CPython 3.11 does for `hypot` and `dist`.
pub fn vector_norm(v: &[f64]) -> f64 {
    let mut max = 0.0f64;
    let mut found_nan = false;
    for &x in v {
        let x = x.abs();
        found_nan |= x.is_nan();
        if x > max {
            max = x;
        }
    }
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || v.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp_parts(max);
    if max_e < -1023 {
        // subnormal: scale up
        let scaled: Vec<f64> = v.iter().map(|x| x / f64::MIN_POSITIVE).collect();
        return f64::MIN_POSITIVE * vector_norm(&scaled);
    }
    let scale = 2f64.powi(-max_e);
    let mut csum = 1.0f64;
    let mut frac1 = 0.0f64;
    let mut frac2 = 0.0f64;
    for &x in v {
        let x = x.abs() * scale;
        // Dekker's exact square, then a compensated running sum
        let hi = x * x;
        let lo = x.mul_add(x, -hi);
        let oldcsum = csum;
        csum += hi;
        frac1 += (oldcsum - csum) + hi;
        frac2 += lo;
    }
    let mut h = (csum - 1.0 + (frac1 + frac2)).sqrt();
    let pr = h * h;
    let pr_lo = h.mul_add(h, -pr);
    let x = csum - 1.0 - pr;
    let corr = (x + (frac1 + frac2 - pr_lo)) / (2.0 * h);
    h += corr;
    h / scale
}

fn frexp_parts(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        let (m, e) = frexp_parts(x * 2f64.powi(54));
        return (m, e - 54);
    }
    let e = exp - 1022;
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, e)
}

fn hypot(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("hypot() takes no keyword arguments"));
    }
    let mut v = Vec::with_capacity(args.len());
    for &a in args {
        v.push(to_double(vm, a)?);
    }
    Ok(vm.new_float(vector_norm(&v)))
}

fn dist(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "dist", args, kwargs, 2, 2)?;
    for &a in args {
        if !matches!(vm.payload(a), Payload::Tuple(_) | Payload::List(_)) {
            let msg = format!("dist() argument must be tuple, not {}", vm.type_name(a));
            return Err(vm.type_error(&msg));
        }
    }
    let p = float_items(vm, args[0])?;
    let q = float_items(vm, args[1])?;
    if p.len() != q.len() {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "both points must have the same number of dimensions",
        ));
    }
    let d: Vec<f64> = p.iter().zip(&q).map(|(a, b)| (a - b).abs()).collect();
    Ok(vm.new_float(vector_norm(&d)))
}

/// `math.prod(iterable, *, start=1)`: `*` over the items, whatever their types.
fn prod(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = parse_args(vm, "prod", args, kwargs, &["iterable", "start"], 1)?;
    let items = vm.collect_iterable(a[0].unwrap_or(args[0]))?;
    let mut acc = match a[1] {
        Some(s) => vm.new_ref(s),
        None => vm.new_int(1),
    };
    let mut result = Ok(());
    for &i in &items {
        match vm.binary_op(acc, i, BinOp::Mult, false) {
            Ok(r) => {
                vm.decref(acc);
                acc = r;
            }
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    for i in items {
        vm.decref(i);
    }
    match result {
        Ok(()) => Ok(acc),
        Err(e) => {
            vm.decref(acc);
            Err(e)
        }
    }
}

/// `math.isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
fn isclose(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.len() > 2 {
        let msg = format!(
            "isclose() takes exactly 2 positional arguments ({} given)",
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    let p = parse_args(
        vm,
        "isclose",
        args,
        kwargs,
        &["a", "b", "rel_tol", "abs_tol"],
        2,
    )?;
    let a = to_double(vm, p[0].unwrap_or(args[0]))?;
    let b = to_double(vm, p[1].unwrap_or(args[0]))?;
    let rel_tol = match p[2] {
        Some(v) => to_double(vm, v)?,
        None => 1e-9,
    };
    let abs_tol = match p[3] {
        Some(v) => to_double(vm, v)?,
        None => 0.0,
    };
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(vm.new_exception(ExcKind::ValueError, "tolerances must be non-negative"));
    }
    let r = if a == b {
        true
    } else if a.is_infinite() || b.is_infinite() {
        false
    } else {
        let diff = (b - a).abs();
        (diff <= (rel_tol * b).abs()) || (diff <= (rel_tol * a).abs()) || diff <= abs_tol
    };
    Ok(vm.new_bool(r))
}

/// An integer argument through `__index__` (`'float' object cannot be interpreted as an
/// integer`).
fn int_item(vm: &mut Vm, v: ObjId) -> PyResult<BigInt> {
    index_arg(vm, v)
}

fn isqrt(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = one_arg(vm, "math.isqrt", args, kwargs)?;
    let n = int_item(vm, a)?;
    if n.is_negative() {
        return Err(vm.new_exception(ExcKind::ValueError, "isqrt() argument must be nonnegative"));
    }
    Ok(vm.new_bigint(n.sqrt()))
}

fn factorial(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = one_arg(vm, "math.factorial", args, kwargs)?;
    let n = int_item(vm, a)?;
    if n.is_negative() {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "factorial() not defined for negative values",
        ));
    }
    let Some(n) = n.to_u64() else {
        return Err(vm.new_exception(
            ExcKind::OverflowError,
            "factorial() argument should not exceed 9223372036854775807",
        ));
    };
    vm.check_memory((n as u128) / 4)?;
    let mut acc = BigInt::one();
    for i in 2..=n {
        acc *= i;
    }
    Ok(vm.new_bigint(acc))
}

fn gcd(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("gcd() takes no keyword arguments"));
    }
    let mut acc = BigInt::zero();
    for &a in args {
        let n = int_item(vm, a)?;
        acc = acc.gcd(&n);
    }
    Ok(vm.new_bigint(acc))
}

fn lcm(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("lcm() takes no keyword arguments"));
    }
    let mut acc = BigInt::one();
    for &a in args {
        let n = int_item(vm, a)?;
        acc = if acc.is_zero() || n.is_zero() {
            BigInt::zero()
        } else {
            acc.lcm(&n)
        };
    }
    Ok(vm.new_bigint(acc))
}

/// `n!/(n-k)!` (`perm`) or that divided by `k!` (`comb`), with CPython's argument errors.
fn comb_perm(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    comb: bool,
) -> PyResult<ObjId> {
    positional(vm, name, args, kwargs, if comb { 2 } else { 1 }, 2)?;
    let n = int_item(vm, args[0])?;
    let k = match args.get(1) {
        Some(&k) if k != vm.none() => int_item(vm, k)?,
        _ => n.clone(),
    };
    if n.is_negative() {
        return Err(vm.new_exception(ExcKind::ValueError, "n must be a non-negative integer"));
    }
    if k.is_negative() {
        return Err(vm.new_exception(ExcKind::ValueError, "k must be a non-negative integer"));
    }
    if k > n {
        return Ok(vm.new_int(0));
    }
    let k = if comb {
        std::cmp::min(k.clone(), &n - &k)
    } else {
        k
    };
    let Some(steps) = k.to_u64() else {
        return Err(vm.new_exception(
            ExcKind::OverflowError,
            &format!("{name}() argument should not exceed 9223372036854775807"),
        ));
    };
    vm.check_memory((steps as u128) / 4)?;
    let mut acc = BigInt::one();
    for i in 0..steps {
        acc *= &n - BigInt::from(i);
        if comb {
            acc /= BigInt::from(i + 1);
        }
    }
    Ok(vm.new_bigint(acc))
}

fn comb(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    comb_perm(vm, "comb", args, kwargs, true)
}

fn perm(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    comb_perm(vm, "perm", args, kwargs, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum_values(&[0.1; 10]).unwrap(), 1.0);
        assert_eq!(fsum_values(&[1e100, 1.0, -1e100, 1e-100]).unwrap(), 1.0);
        assert_eq!(fsum_values(&[]).unwrap(), 0.0);
        assert!(fsum_values(&[f64::INFINITY, f64::NEG_INFINITY]).is_err());
    }

    #[test]
    fn vector_norm_matches_hypot() {
        assert_eq!(vector_norm(&[3.0, 4.0]), 5.0);
        assert_eq!(vector_norm(&[0.0, 0.0]), 0.0);
        assert_eq!(vector_norm(&[f64::INFINITY, f64::NAN]), f64::INFINITY);
        assert_eq!(vector_norm(&[1.0, 2.0, 2.0]), 3.0);
    }

    #[test]
    fn frexp_parts_normalises() {
        assert_eq!(frexp_parts(8.0), (0.5, 4));
        assert_eq!(frexp_parts(1.0), (0.5, 1));
    }
}
