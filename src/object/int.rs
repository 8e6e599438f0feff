//! Python `int` semantics as CPython 3.11 implements them: `int(str, base)`, `str`/`bin`/
//! `oct`/`hex`, the 4300-digit conversion limit, floor division, true division and
//! `float(int)` (correctly rounded), powers, modular powers, shifts and `__sizeof__`.

use crate::object::float::{
    float_pow, is_python_space, transform_decimal_and_space, FloatPow, NumError,
};
use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// `sys.int_info.default_max_str_digits`: the 3.11 limit on decimal digits converted
/// between `int` and `str`.
pub const INT_MAX_STR_DIGITS: usize = 4300;

/// `sys.int_info.str_digits_check_threshold`: inputs this short are never checked.
pub const INT_STR_DIGITS_CHECK_THRESHOLD: usize = 640;

thread_local! {
    /// `interp->int_max_str_digits`: the limit `sys.set_int_max_str_digits()` sets (0: none).
    /// One interpreter runs on a thread at a time; each new one starts from the default
    /// ([`reset_max_str_digits`]).
    static MAX_STR_DIGITS: std::cell::Cell<usize> = const { std::cell::Cell::new(INT_MAX_STR_DIGITS) };
}

/// The current limit on decimal digits converted between `int` and `str` (0: none).
pub fn max_str_digits() -> usize {
    MAX_STR_DIGITS.with(|c| c.get())
}

/// `sys.set_int_max_str_digits(n)`, already checked (0, or at least the threshold).
pub fn set_max_str_digits(n: usize) {
    MAX_STR_DIGITS.with(|c| c.set(n));
}

/// A new interpreter's limit: the default.
pub fn reset_max_str_digits() {
    set_max_str_digits(INT_MAX_STR_DIGITS);
}

/// Left shifts by more than this many bits report `MemoryError` instead of building a
/// gigantic int (CPython would try to allocate; this model refuses early).
pub const SHIFT_MEMORY_LIMIT_BITS: u64 = 1 << 32;

/// Exponents whose result would exceed this many bits report `MemoryError`.
pub const POW_MEMORY_LIMIT_BITS: u64 = 1 << 32;

fn value_error(msg: impl Into<String>) -> NumError {
    NumError::new("ValueError", msg)
}

fn zero_division(msg: &str) -> NumError {
    NumError::new("ZeroDivisionError", msg)
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Why [`parse_int`] rejected its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseIntError {
    /// Not an int literal in that base: the caller raises
    /// `ValueError: invalid literal for int() with base B: REPR` (see
    /// [`invalid_int_literal_message`]).
    Invalid,
    /// More than 4300 decimal digits in a non-power-of-two base: the error is complete.
    TooManyDigits(NumError),
}

/// The `ValueError` message for a bad `int()` argument, given the base passed to `int()`
/// and `repr()` of the original string (CPython's `%.200R`: cut to 200 characters).
pub fn invalid_int_literal_message(base: u32, repr: &str) -> String {
    let cut: String = repr.chars().take(200).collect();
    format!("invalid literal for int() with base {}: {}", base, cut)
}

/// Checks the `base` argument of `int(x, base)`:
/// `ValueError: int() base must be >= 2 and <= 36, or 0`.
pub fn check_int_base(base: &BigInt) -> Result<u32, NumError> {
    match base.to_u32() {
        Some(b) if b == 0 || (2..=36).contains(&b) => Ok(b),
        _ => Err(value_error("int() base must be >= 2 and <= 36, or 0")),
    }
}

/// The message of the digit limit when parsing `digits` digits.
pub fn too_many_digits_to_int_message(digits: usize) -> String {
    format!(
        "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; \
         use sys.set_int_max_str_digits() to increase the limit",
        max_str_digits(),
        digits
    )
}

/// The message of the digit limit when converting an int to a decimal string
/// (`_MAX_STR_DIGITS_ERROR_FMT_TO_STR`).
pub fn too_many_digits_to_str_message() -> String {
    format!(
        "Exceeds the limit ({} digits) for integer string conversion; \
         use sys.set_int_max_str_digits() to increase the limit",
        max_str_digits()
    )
}

fn digit_value(b: u8) -> u32 {
    match b {
        b'0'..=b'9' => (b - b'0') as u32,
        b'a'..=b'z' => (b - b'a') as u32 + 10,
        b'A'..=b'Z' => (b - b'A') as u32 + 10,
        _ => 99,
    }
}

fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// `int(s, base)` for a `str` argument, as CPython 3.11 parses it: surrounding whitespace
/// (Unicode too), Unicode decimal digits, a sign, a `0x`/`0o`/`0b` prefix (required for
/// base 0, optional for its own base), single underscores between digits (and one right
/// after a prefix), and for base 0 no leading zeros unless the value is zero.
/// `base` must be 0 or 2..=36 (check it with [`check_int_base`]); others are `Invalid`.
pub fn parse_int(s: &str, base: u32) -> Result<BigInt, ParseIntError> {
    if base == 1 || base > 36 {
        return Err(ParseIntError::Invalid);
    }
    let t = transform_decimal_and_space(s);
    let b = t.as_bytes();
    let at = |i: usize| -> u8 { b.get(i).copied().unwrap_or(0) };
    let mut pos = 0;
    while pos < b.len() && is_c_space(b[pos]) {
        pos += 1;
    }
    let mut negative = false;
    if at(pos) == b'+' {
        pos += 1;
    } else if at(pos) == b'-' {
        pos += 1;
        negative = true;
    }
    let mut base = base;
    let mut error_if_nonzero = false;
    if base == 0 {
        base = if at(pos) != b'0' {
            10
        } else {
            match at(pos + 1) {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                _ => {
                    error_if_nonzero = true;
                    10
                }
            }
        };
    }
    if at(pos) == b'0' {
        let p = at(pos + 1).to_ascii_lowercase();
        if (base == 16 && p == b'x') || (base == 8 && p == b'o') || (base == 2 && p == b'b') {
            pos += 2;
            if at(pos) == b'_' {
                pos += 1;
            }
        }
    }
    if at(pos) == b'_' {
        return Err(ParseIntError::Invalid);
    }
    let start = pos;
    let mut digits: Vec<u8> = Vec::new();
    let mut prev = 0u8;
    while pos < b.len() && (digit_value(b[pos]) < base || b[pos] == b'_') {
        if b[pos] == b'_' {
            if prev == b'_' {
                return Err(ParseIntError::Invalid);
            }
        } else {
            digits.push(digit_value(b[pos]) as u8);
        }
        prev = b[pos];
        pos += 1;
    }
    if prev == b'_' {
        return Err(ParseIntError::Invalid);
    }
    let limit = max_str_digits();
    if !base.is_power_of_two()
        && digits.len() > INT_STR_DIGITS_CHECK_THRESHOLD
        && limit > 0
        && digits.len() > limit
    {
        return Err(ParseIntError::TooManyDigits(value_error(
            too_many_digits_to_int_message(digits.len()),
        )));
    }
    let mag = if digits.is_empty() {
        BigUint::zero()
    } else {
        BigUint::from_radix_be(&digits, base).ok_or(ParseIntError::Invalid)?
    };
    if error_if_nonzero && !mag.is_zero() {
        return Err(ParseIntError::Invalid);
    }
    if pos == start {
        return Err(ParseIntError::Invalid);
    }
    while pos < b.len() && is_c_space(b[pos]) {
        pos += 1;
    }
    if pos != b.len() {
        return Err(ParseIntError::Invalid);
    }
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    Ok(BigInt::from_biguint(sign, mag))
}

/// Whether `c` is whitespace for `str.strip()`/`str.split()` (re-exported helper).
pub fn is_space(c: char) -> bool {
    is_python_space(c)
}

// ---------------------------------------------------------------------------
// To text
// ---------------------------------------------------------------------------

/// `str(n)` / `repr(n)`: decimal text, or the 3.11 `ValueError` when it would have more
/// digits than the limit ([`max_str_digits`], 4300 unless `sys.set_int_max_str_digits()`
/// changed it; 0 is no limit).
pub fn int_to_decimal_string(n: &BigInt) -> Result<String, NumError> {
    let limit = max_str_digits();
    // long_to_decimal_string_internal's check on the number of 30-bit digits before
    // converting: an int that long is over the limit whatever its digits
    let size_a = n.bits().div_ceil(30) as usize;
    let threshold = 10 * INT_STR_DIGITS_CHECK_THRESHOLD / (3 * 30) + 2;
    if limit > 0 && size_a >= threshold && limit / (3 * 30) <= (size_a - 11) / 10 {
        return Err(value_error(too_many_digits_to_str_message()));
    }
    let s = n.magnitude().to_str_radix(10);
    if limit > 0 && s.len() > INT_STR_DIGITS_CHECK_THRESHOLD && s.len() > limit {
        return Err(value_error(too_many_digits_to_str_message()));
    }
    Ok(if n.is_negative() {
        format!("-{}", s)
    } else {
        s
    })
}

/// Text of `n` in `radix` (2..=36, lower-case letters), with the sign first and, when
/// `prefix` is set, `0b`/`0o`/`0x` after the sign for radix 2/8/16: `hex(-31) == "-0x1f"`.
/// Never limited by the 4300-digit rule (use [`int_to_decimal_string`] for `str()`).
pub fn int_to_str_radix(n: &BigInt, radix: u32, prefix: bool) -> String {
    let radix = radix.clamp(2, 36);
    let mut out = String::new();
    if n.is_negative() {
        out.push('-');
    }
    if prefix {
        match radix {
            2 => out.push_str("0b"),
            8 => out.push_str("0o"),
            16 => out.push_str("0x"),
            _ => {}
        }
    }
    out.push_str(&n.magnitude().to_str_radix(radix));
    out
}

// ---------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------

/// `a // b` (floor): `ZeroDivisionError: integer division or modulo by zero`.
pub fn int_floordiv(a: &BigInt, b: &BigInt) -> Result<BigInt, NumError> {
    if b.is_zero() {
        return Err(zero_division("integer division or modulo by zero"));
    }
    Ok(a.div_floor(b))
}

/// `a % b` (sign of `b`): `ZeroDivisionError: integer modulo by zero`.
pub fn int_mod(a: &BigInt, b: &BigInt) -> Result<BigInt, NumError> {
    if b.is_zero() {
        return Err(zero_division("integer modulo by zero"));
    }
    Ok(a.mod_floor(b))
}

/// `divmod(a, b)`: `ZeroDivisionError: integer division or modulo by zero`.
pub fn int_divmod(a: &BigInt, b: &BigInt) -> Result<(BigInt, BigInt), NumError> {
    if b.is_zero() {
        return Err(zero_division("integer division or modulo by zero"));
    }
    Ok(a.div_mod_floor(b))
}

/// `2^e` as a double for `-1074 <= e <= 1023`.
fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}

/// Correctly rounded (half-even) value of `a / b` for `b > 0`, or `None` on overflow.
fn ratio_to_f64(a: &BigUint, b: &BigUint) -> Option<f64> {
    if a.is_zero() {
        return Some(0.0);
    }
    let k = a.bits() as i64 - b.bits() as i64;
    if k > 1025 {
        return None;
    }
    if k < -1080 {
        return Some(0.0);
    }
    let shift = (k - 55).max(-1076);
    let (q, r) = if shift >= 0 {
        a.div_rem(&(b << (shift as u64)))
    } else {
        (a << ((-shift) as u64)).div_rem(b)
    };
    let q = q.to_u64()?;
    let q2 = (q << 1) | u64::from(!r.is_zero());
    let s2 = shift - 1;
    if q2 == 0 {
        return Some(0.0);
    }
    let msb = 63 - q2.leading_zeros() as i64 + s2;
    let target = (msb - 52).max(-1074);
    let d = target - s2;
    let (mut mant, rem) = if d >= 64 {
        (0, q2)
    } else {
        (q2 >> d, q2 & ((1u64 << d) - 1))
    };
    let half = if d >= 65 { 0 } else { 1u64 << (d - 1) };
    if rem > half || (rem == half && mant & 1 == 1) {
        mant += 1;
    }
    if mant == 0 {
        return Some(0.0);
    }
    let top = 63 - mant.leading_zeros() as i64 + target;
    if top > 1023 {
        return None;
    }
    Some(mant as f64 * pow2(target))
}

/// `float(n)`: correctly rounded; `OverflowError: int too large to convert to float`.
pub fn int_to_f64(n: &BigInt) -> Result<f64, NumError> {
    match ratio_to_f64(n.magnitude(), &BigUint::one()) {
        Some(v) => Ok(if n.is_negative() { -v } else { v }),
        None => Err(NumError::new(
            "OverflowError",
            "int too large to convert to float",
        )),
    }
}

/// `a / b` for ints, correctly rounded like CPython's `long_true_divide`:
/// `ZeroDivisionError: division by zero`,
/// `OverflowError: integer division result too large for a float`.
pub fn int_true_div(a: &BigInt, b: &BigInt) -> Result<f64, NumError> {
    if b.is_zero() {
        return Err(zero_division("division by zero"));
    }
    let negate = a.is_negative() != b.is_negative();
    match ratio_to_f64(a.magnitude(), b.magnitude()) {
        Some(v) => Ok(if negate { -v } else { v }),
        None => Err(NumError::new(
            "OverflowError",
            "integer division result too large for a float",
        )),
    }
}

/// Result of `int ** int`.
#[derive(Debug, Clone, PartialEq)]
pub enum IntPow {
    /// Non-negative exponent: an int.
    Int(BigInt),
    /// Negative exponent: Python computes `float(a) ** float(b)`.
    Float(f64),
}

/// `a ** b` for ints. A negative exponent gives a float (`0 ** -1` →
/// `ZeroDivisionError: 0.0 cannot be raised to a negative power`; ints too large for a
/// float → `OverflowError: int too large to convert to float`). Results larger than
/// [`POW_MEMORY_LIMIT_BITS`] report `MemoryError`.
pub fn int_pow(a: &BigInt, b: &BigInt) -> Result<IntPow, NumError> {
    if b.is_negative() {
        let x = int_to_f64(a)?;
        let y = int_to_f64(b)?;
        return match float_pow(x, y)? {
            FloatPow::Float(v) => Ok(IntPow::Float(v)),
            // Unreachable: an int exponent is integral, so the base never goes complex.
            FloatPow::Complex(re, _) => Ok(IntPow::Float(re)),
        };
    }
    let mag = a.magnitude();
    if mag.is_zero() {
        return Ok(IntPow::Int(if b.is_zero() {
            BigInt::one()
        } else {
            BigInt::zero()
        }));
    }
    if mag.is_one() {
        let odd = b.is_odd();
        return Ok(IntPow::Int(if a.is_negative() && odd {
            -BigInt::one()
        } else {
            BigInt::one()
        }));
    }
    let e = match b.to_u64() {
        Some(e) if (mag.bits() - 1).saturating_mul(e) <= POW_MEMORY_LIMIT_BITS => e,
        _ => return Err(NumError::new("MemoryError", "")),
    };
    Ok(IntPow::Int(num_traits::Pow::pow(a, e)))
}

/// Modular inverse of `a` modulo `m` (`m > 1`), if it exists.
fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut old_r, mut r) = (a.mod_floor(m), m.clone());
    let (mut old_s, mut s) = (BigInt::one(), BigInt::zero());
    while !r.is_zero() {
        let q = old_r.div_floor(&r);
        let nr = &old_r - &q * &r;
        old_r = std::mem::replace(&mut r, nr);
        let ns = &old_s - &q * &s;
        old_s = std::mem::replace(&mut s, ns);
    }
    if old_r.is_one() {
        Some(old_s.mod_floor(m))
    } else {
        None
    }
}

/// `pow(a, b, m)`: the result has the sign of `m`; a negative `b` uses the modular
/// inverse (`ValueError: base is not invertible for the given modulus`);
/// `ValueError: pow() 3rd argument cannot be 0`.
pub fn int_pow_mod(a: &BigInt, b: &BigInt, m: &BigInt) -> Result<BigInt, NumError> {
    if m.is_zero() {
        return Err(value_error("pow() 3rd argument cannot be 0"));
    }
    let negative_output = m.is_negative();
    let modulus = BigInt::from_biguint(Sign::Plus, m.magnitude().clone());
    let mut base = a.clone();
    let mut exp = b.clone();
    if exp.is_negative() {
        exp = -exp;
        if modulus.is_one() {
            // CPython still needs the inverse of a modulo 1, which always exists.
            base = BigInt::zero();
        } else {
            base = mod_inverse(&base, &modulus)
                .ok_or_else(|| value_error("base is not invertible for the given modulus"))?;
        }
    }
    if modulus.is_one() {
        return Ok(BigInt::zero());
    }
    let base = base.mod_floor(&modulus);
    let r = base.modpow(&exp, &modulus);
    if negative_output && !r.is_zero() {
        Ok(r - modulus)
    } else {
        Ok(r)
    }
}

/// `a << n`: `ValueError: negative shift count`; absurd counts give CPython's
/// `OverflowError: too many digits in integer`, and counts beyond
/// [`SHIFT_MEMORY_LIMIT_BITS`] give `MemoryError` (CPython's failed allocation).
pub fn int_lshift(a: &BigInt, n: &BigInt) -> Result<BigInt, NumError> {
    if n.is_negative() {
        return Err(value_error("negative shift count"));
    }
    if a.is_zero() {
        return Ok(BigInt::zero());
    }
    const CLIP: u64 = (i64::MAX as u64) / 4;
    const MAX_LONG_DIGITS: u64 = (i64::MAX as u64 - 24) / 4;
    let (word, rem) = n.div_rem(&BigInt::from(30));
    let (word, rem) = match word.to_u64() {
        Some(w) if w < CLIP => (w, rem.to_u64().unwrap_or(0)),
        _ => (CLIP, 0),
    };
    let old = a.bits().div_ceil(30);
    let newsize = old.saturating_add(word).saturating_add(u64::from(rem != 0));
    if newsize > MAX_LONG_DIGITS {
        return Err(NumError::new("OverflowError", "too many digits in integer"));
    }
    match n.to_u64() {
        Some(s) if s <= SHIFT_MEMORY_LIMIT_BITS => Ok(a << s),
        _ => Err(NumError::new("MemoryError", "")),
    }
}

/// `a >> n` (floor): `ValueError: negative shift count`.
pub fn int_rshift(a: &BigInt, n: &BigInt) -> Result<BigInt, NumError> {
    if n.is_negative() {
        return Err(value_error("negative shift count"));
    }
    match n.to_u64() {
        Some(s) if s < a.bits() + 1 => {
            let q = a.magnitude() >> s;
            if a.is_negative() {
                // floor: -ceil(|a| / 2^s)
                let exact = (&q << s) == *a.magnitude();
                let q = if exact { q } else { q + 1u32 };
                Ok(-BigInt::from_biguint(Sign::Plus, q))
            } else {
                Ok(BigInt::from_biguint(Sign::Plus, q))
            }
        }
        _ => Ok(if a.is_negative() {
            -BigInt::one()
        } else {
            BigInt::zero()
        }),
    }
}

/// `round(n, ndigits)` for an int: unchanged for `ndigits >= 0`, else rounded half-even
/// to a multiple of `10**-ndigits` (CPython's `_PyLong_DivmodNear`).
pub fn int_round(n: &BigInt, ndigits: &BigInt) -> BigInt {
    if !ndigits.is_negative() {
        return n.clone();
    }
    let k = match (-ndigits).to_u64() {
        Some(k) if k <= n.bits() / 3 + 2 => k,
        _ => return BigInt::zero(),
    };
    let p = BigInt::from(10u32).pow(k as u32);
    let (q, r) = n.div_mod_floor(&p);
    let twice: BigInt = &r << 1u32;
    let q = match twice.cmp(&p) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q.is_odd() => q + 1,
        _ => q,
    };
    q * p
}

/// `n.bit_length()`.
pub fn int_bit_length(n: &BigInt) -> u64 {
    n.bits()
}

/// `n.bit_count()` (population count of `abs(n)`).
pub fn int_bit_count(n: &BigInt) -> u64 {
    n.magnitude().count_ones()
}

/// Number of 30-bit digits CPython stores for `n` (0 for zero).
pub fn int_ndigits(n: &BigInt) -> usize {
    n.bits().div_ceil(30) as usize
}

/// `n.__sizeof__()` on 64-bit CPython 3.11: `24 + 4 * max(1, ndigits)` (0 → 28, `True` → 28).
pub fn int_sizeof(n: &BigInt) -> usize {
    24 + 4 * int_ndigits(n).max(1)
}
#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> BigInt {
        s.parse().unwrap_or_default()
    }

    /// `int(s, base)`: the result, or None for the "invalid literal" ValueError.
    const PARSE: &[(&str, u32, Option<&str>)] = &[
        ("010", 0, None),
        ("010", 10, Some("10")),
        ("010", 16, Some("16")),
        ("010", 2, Some("2")),
        ("010", 8, Some("8")),
        ("010", 36, Some("36")),
        ("0x", 0, None),
        ("0x", 10, None),
        ("0x", 16, None),
        ("0x", 2, None),
        ("0x", 8, None),
        ("0x", 36, Some("33")),
        ("0_", 0, None),
        ("0_", 10, None),
        ("0_", 16, None),
        ("0_", 2, None),
        ("0_", 8, None),
        ("0_", 36, None),
        ("0_0", 0, Some("0")),
        ("0_0", 10, Some("0")),
        ("0_0", 16, Some("0")),
        ("0_0", 2, Some("0")),
        ("0_0", 8, Some("0")),
        ("0_0", 36, Some("0")),
        ("00", 0, Some("0")),
        ("00", 10, Some("0")),
        ("00", 16, Some("0")),
        ("00", 2, Some("0")),
        ("00", 8, Some("0")),
        ("00", 36, Some("0")),
        ("0b_1", 0, Some("1")),
        ("0b_1", 10, None),
        ("0b_1", 16, Some("177")),
        ("0b_1", 2, Some("1")),
        ("0b_1", 8, None),
        ("0b_1", 36, Some("397")),
        ("0b__1", 0, None),
        ("0b__1", 10, None),
        ("0b__1", 16, None),
        ("0b__1", 2, None),
        ("0b__1", 8, None),
        ("0b__1", 36, None),
        ("0x_", 0, None),
        ("0x_", 10, None),
        ("0x_", 16, None),
        ("0x_", 2, None),
        ("0x_", 8, None),
        ("0x_", 36, None),
        ("1__0", 0, None),
        ("1__0", 10, None),
        ("1__0", 16, None),
        ("1__0", 2, None),
        ("1__0", 8, None),
        ("1__0", 36, None),
        ("_1", 0, None),
        ("_1", 10, None),
        ("_1", 16, None),
        ("_1", 2, None),
        ("_1", 8, None),
        ("_1", 36, None),
        ("1_", 0, None),
        ("1_", 10, None),
        ("1_", 16, None),
        ("1_", 2, None),
        ("1_", 8, None),
        ("1_", 36, None),
        ("0o17", 0, Some("15")),
        ("0o17", 10, None),
        ("0o17", 16, None),
        ("0o17", 2, None),
        ("0o17", 8, Some("15")),
        ("0o17", 36, Some("31147")),
        ("0O17", 0, Some("15")),
        ("0O17", 10, None),
        ("0O17", 16, None),
        ("0O17", 2, None),
        ("0O17", 8, Some("15")),
        ("0O17", 36, Some("31147")),
        ("0X1f", 0, Some("31")),
        ("0X1f", 10, None),
        ("0X1f", 16, Some("31")),
        ("0X1f", 2, None),
        ("0X1f", 8, None),
        ("0X1f", 36, Some("42819")),
        (" -0x1F ", 0, Some("-31")),
        (" -0x1F ", 10, None),
        (" -0x1F ", 16, Some("-31")),
        (" -0x1F ", 2, None),
        (" -0x1F ", 8, None),
        (" -0x1F ", 36, Some("-42819")),
        ("+0b101", 0, Some("5")),
        ("+0b101", 10, None),
        ("+0b101", 16, Some("45313")),
        ("+0b101", 2, Some("5")),
        ("+0b101", 8, None),
        ("+0b101", 36, Some("514513")),
        ("\u{663}\u{664}", 0, Some("34")),
        ("\u{663}\u{664}", 10, Some("34")),
        ("\u{663}\u{664}", 16, Some("52")),
        ("\u{663}\u{664}", 2, None),
        ("\u{663}\u{664}", 8, Some("28")),
        ("\u{663}\u{664}", 36, Some("112")),
        ("1\u{0}", 0, None),
        ("1\u{0}", 10, None),
        ("1\u{0}", 16, None),
        ("1\u{0}", 2, None),
        ("1\u{0}", 8, None),
        ("1\u{0}", 36, None),
        ("\u{1c}12\u{1c}", 0, None),
        ("\u{1c}12\u{1c}", 10, None),
        ("\u{1c}12\u{1c}", 16, None),
        ("\u{1c}12\u{1c}", 2, None),
        ("\u{1c}12\u{1c}", 8, None),
        ("\u{1c}12\u{1c}", 36, None),
        ("\u{2003}1\u{2003}", 0, Some("1")),
        ("\u{2003}1\u{2003}", 10, Some("1")),
        ("\u{2003}1\u{2003}", 16, Some("1")),
        ("\u{2003}1\u{2003}", 2, Some("1")),
        ("\u{2003}1\u{2003}", 8, Some("1")),
        ("\u{2003}1\u{2003}", 36, Some("1")),
        ("\u{85}1", 0, Some("1")),
        ("\u{85}1", 10, Some("1")),
        ("\u{85}1", 16, Some("1")),
        ("\u{85}1", 2, Some("1")),
        ("\u{85}1", 8, Some("1")),
        ("\u{85}1", 36, Some("1")),
        ("1 2", 0, None),
        ("1 2", 10, None),
        ("1 2", 16, None),
        ("1 2", 2, None),
        ("1 2", 8, None),
        ("1 2", 36, None),
        ("0 ", 0, Some("0")),
        ("0 ", 10, Some("0")),
        ("0 ", 16, Some("0")),
        ("0 ", 2, Some("0")),
        ("0 ", 8, Some("0")),
        ("0 ", 36, Some("0")),
        ("-", 0, None),
        ("-", 10, None),
        ("-", 16, None),
        ("-", 2, None),
        ("-", 8, None),
        ("-", 36, None),
        ("+", 0, None),
        ("+", 10, None),
        ("+", 16, None),
        ("+", 2, None),
        ("+", 8, None),
        ("+", 36, None),
        ("", 0, None),
        ("", 10, None),
        ("", 16, None),
        ("", 2, None),
        ("", 8, None),
        ("", 36, None),
        (" ", 0, None),
        (" ", 10, None),
        (" ", 16, None),
        (" ", 2, None),
        (" ", 8, None),
        (" ", 36, None),
        ("0b2", 0, None),
        ("0b2", 10, None),
        ("0b2", 16, Some("178")),
        ("0b2", 2, None),
        ("0b2", 8, None),
        ("0b2", 36, Some("398")),
        ("09", 0, None),
        ("09", 10, Some("9")),
        ("09", 16, Some("9")),
        ("09", 2, None),
        ("09", 8, None),
        ("09", 36, Some("9")),
        ("0_9", 0, None),
        ("0_9", 10, Some("9")),
        ("0_9", 16, Some("9")),
        ("0_9", 2, None),
        ("0_9", 8, None),
        ("0_9", 36, Some("9")),
        ("00_0", 0, Some("0")),
        ("00_0", 10, Some("0")),
        ("00_0", 16, Some("0")),
        ("00_0", 2, Some("0")),
        ("00_0", 8, Some("0")),
        ("00_0", 36, Some("0")),
        ("z", 0, None),
        ("z", 10, None),
        ("z", 16, None),
        ("z", 2, None),
        ("z", 8, None),
        ("z", 36, Some("35")),
        ("Z", 0, None),
        ("Z", 10, None),
        ("Z", 16, None),
        ("Z", 2, None),
        ("Z", 8, None),
        ("Z", 36, Some("35")),
        ("zz", 7, None),
        ("zz", 8, None),
        ("0xg", 8, None),
        ("0xg", 0, None),
        (
            "12345678901234567890123",
            0,
            Some("12345678901234567890123"),
        ),
        ("12345678901234567890123", 7, None),
        ("-0", 8, Some("0")),
        ("-0", 0, Some("0")),
        ("+0", 2, Some("0")),
        ("+0", 36, Some("0")),
        ("- 1", 8, None),
        ("- 1", 16, None),
        ("1e5", 2, None),
        ("1e5", 8, None),
        ("1.0", 8, None),
        ("1.0", 10, None),
        ("0b", 7, None),
        ("0b", 0, None),
        ("0o", 10, None),
        ("0o", 36, Some("24")),
        ("0o8", 0, None),
        ("0o8", 36, Some("872")),
        ("0_x1", 10, None),
        ("0_x1", 16, None),
        ("0x1_f", 0, Some("31")),
        ("0x1_f", 2, None),
        ("0x1__f", 8, None),
        ("0x1__f", 7, None),
        ("\u{660}x1", 36, Some("1189")),
        ("\u{660}x1", 8, None),
        ("\u{1d7cf}\u{1d7d0}", 7, Some("9")),
        ("\u{1d7cf}\u{1d7d0}", 36, Some("38")),
        ("\u{9}42\u{a}", 16, Some("66")),
        ("\u{9}42\u{a}", 10, Some("42")),
        ("-_1", 0, None),
        ("-_1", 36, None),
        ("0x_1f", 8, None),
        ("0x_1f", 16, Some("31")),
        ("0X_1F", 36, Some("42819")),
        ("0X_1F", 10, None),
        ("oo-", 36, None),
        ("oo-", 16, None),
        (" 0x2o", 36, Some("42864")),
        (" 0x2o", 8, None),
        ("\u{3000}8774 ", 36, Some("382576")),
        ("\u{3000}8774 ", 2, None),
        ("0", 36, Some("0")),
        ("0", 16, Some("0")),
        ("8\u{661}763", 10, Some("81763")),
        ("8\u{661}763", 36, Some("13492875")),
        ("z8f\u{661}", 2, None),
        ("z8f\u{661}", 16, None),
        ("", 16, None),
        ("", 2, None),
        ("90oZ40x", 7, None),
        ("90oZ40x", 8, None),
        ("O60bo", 10, None),
        ("O60bo", 36, Some("40591140")),
        ("0o", 8, None),
        ("0o", 16, None),
        ("30oa5", 36, Some("5070317")),
        ("30oa5", 8, None),
        ("1X40xb0b", 2, None),
        ("1X40xb0b", 8, None),
        ("92617", 7, None),
        ("92617", 36, Some("15217675")),
        ("", 36, None),
        ("", 0, None),
        ("", 10, None),
        ("", 7, None),
        ("\u{661}67007O", 0, None),
        ("\u{661}67007O", 10, None),
        ("7Obxbo", 36, Some("464130420")),
        ("7Obxbo", 7, None),
        ("\u{661}0b+0x\u{3000}", 2, None),
        ("\u{661}0b+0x\u{3000}", 16, None),
        ("", 2, None),
        ("", 36, None),
        ("", 0, None),
        ("", 7, None),
        ("8\u{661}zx9", 16, None),
        ("8\u{661}zx9", 36, Some("13530141")),
        ("Ob07", 36, Some("1134007")),
        ("Ob07", 0, None),
        ("+ZX08_5", 10, None),
        ("+ZX08_5", 16, None),
        ("79x0", 36, Some("339444")),
        ("79x0", 10, None),
        ("0o05B4 6", 2, None),
        ("0o05B4 6", 16, None),
        ("\u{3000}286\u{3000}8", 10, None),
        ("\u{3000}286\u{3000}8", 7, None),
        ("0ox0xa202", 7, None),
        ("0ox0xa202", 0, None),
        ("90xO-", 16, None),
        ("90xO-", 36, None),
        ("3fX6", 0, None),
        ("3fX6", 8, None),
        (" ", 8, None),
        (" ", 16, None),
        ("", 36, None),
        ("", 7, None),
        ("Z184", 36, Some("1634548")),
        ("Z184", 0, None),
        ("\u{661}", 2, Some("1")),
        ("\u{661}", 10, Some("1")),
        ("0oO", 10, None),
        ("0oO", 7, None),
        ("28O3", 16, None),
        ("28O3", 0, None),
        ("3B5\u{661}a", 10, None),
        ("3B5\u{661}a", 2, None),
        ("27a", 7, None),
        ("27a", 8, None),
        ("Xa8x", 36, Some("1552929")),
        ("Xa8x", 7, None),
        ("910", 16, Some("2320")),
        ("910", 2, None),
        ("Z0X", 36, Some("45393")),
        ("Z0X", 7, None),
        ("zb4oX+", 7, None),
        ("zb4oX+", 16, None),
        ("", 10, None),
        ("", 2, None),
        ("20bfO", 7, None),
        ("20bfO", 0, None),
        ("0xfB2z07", 0, None),
        ("0xfB2z07", 16, None),
        ("b +_", 8, None),
        ("b +_", 16, None),
        ("14", 7, Some("11")),
        ("14", 8, Some("12")),
        ("0o+-81", 10, None),
        ("0o+-81", 7, None),
        ("o-\u{3000}87O", 10, None),
        ("o-\u{3000}87O", 7, None),
        ("", 10, None),
        ("", 2, None),
        ("8_oX+-3", 8, None),
        ("8_oX+-3", 16, None),
        ("09O9454", 0, None),
        ("09O9454", 16, None),
        ("O0b_\u{661}", 16, None),
        ("O0b_\u{661}", 10, None),
        ("7", 7, None),
        ("7", 36, Some("7")),
        ("9", 8, None),
        ("9", 7, None),
        ("5a0o", 2, None),
        ("5a0o", 10, None),
        ("", 36, None),
        ("", 16, None),
        ("", 0, None),
        ("", 36, None),
        ("off29X1", 0, None),
        ("off29X1", 36, Some("53175069109")),
        ("1", 8, Some("1")),
        ("1", 0, Some("1")),
        ("Oa19", 16, None),
        ("Oa19", 0, None),
        ("", 36, None),
        ("", 8, None),
        ("\u{3000}o9199", 10, None),
        ("\u{3000}o9199", 2, None),
        ("", 10, None),
        ("", 2, None),
        ("", 2, None),
        ("", 0, None),
        ("O0x5\u{661}11", 2, None),
        ("O0x5\u{661}11", 8, None),
        ("B6 10b0x", 8, None),
        ("B6 10b0x", 16, None),
        ("770x1 ", 7, None),
        ("770x1 ", 2, None),
        ("x", 2, None),
        ("x", 0, None),
        ("48", 16, Some("72")),
        ("48", 2, None),
        ("+93", 0, Some("93")),
        ("+93", 7, None),
    ];

    #[test]
    fn parse_int_matches_python() {
        for &(s, base, want) in PARSE {
            let got = parse_int(s, base).ok().map(|v| v.to_string());
            assert_eq!(got.as_deref(), want, "int({:?}, {})", s, base);
        }
    }

    #[test]
    fn parse_int_digit_limit() {
        let msg = "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit";
        let s = "1".repeat(5000);
        match parse_int(&s, 10) {
            Err(ParseIntError::TooManyDigits(e)) => assert_eq!(e.to_string(), msg),
            other => panic!("{:?}", other),
        }
        // The limit is checked before trailing garbage, and underscores do not count.
        assert!(matches!(
            parse_int(&(s.clone() + "x"), 0),
            Err(ParseIntError::TooManyDigits(_))
        ));
        match parse_int(&("1_".repeat(4400) + "1"), 10) {
            Err(ParseIntError::TooManyDigits(e)) => {
                assert!(e.message.contains("value has 4401 digits"))
            }
            other => panic!("{:?}", other),
        }
        assert!(parse_int(&"1".repeat(4300), 10).is_ok());
        assert!(parse_int(&"f".repeat(5000), 16).is_ok());
        assert!(parse_int(&"1".repeat(5000), 2).is_ok());
        assert_eq!(
            invalid_int_literal_message(10, "'abc'"),
            "invalid literal for int() with base 10: 'abc'"
        );
        assert_eq!(
            invalid_int_literal_message(0, &"x".repeat(300)).len(),
            39 + 200
        );
        assert_eq!(
            check_int_base(&n("37")).unwrap_err().to_string(),
            "ValueError: int() base must be >= 2 and <= 36, or 0"
        );
        assert!(check_int_base(&n("1")).is_err());
        assert_eq!(check_int_base(&n("36")), Ok(36));
    }

    #[test]
    fn decimal_string_limit() {
        let ok = BigInt::from(10u32).pow(4299u32);
        assert_eq!(int_to_decimal_string(&ok).map(|s| s.len()), Ok(4300));
        assert_eq!(int_to_decimal_string(&-ok).map(|s| s.len()), Ok(4301));
        let too_big = BigInt::from(10u32).pow(4300u32);
        assert_eq!(
            int_to_decimal_string(&too_big).unwrap_err().to_string(),
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        );
        assert_eq!(int_to_decimal_string(&n("-12")).as_deref(), Ok("-12"));
    }

    /// Binary int operations: (op, a, b, result or error) recorded from python3.11.
    const OPS: &[(&str, &str, &str, &str)] = &[
        ("floordiv", "4961540933784946940649908497846565154153211098967993", "-1", "-4961540933784946940649908497846565154153211098967993"),
        ("mod", "4961540933784946940649908497846565154153211098967993", "-1", "0"),
        ("divmod", "4961540933784946940649908497846565154153211098967993", "-1", "(-4961540933784946940649908497846565154153211098967993, 0)"),
        ("truediv", "4961540933784946940649908497846565154153211098967993", "-1", "-4.961540933784947e+51"),
        ("pow", "2", "0", "1"),
        ("lshift", "4961540933784946940649908497846565154153211098967993", "95", "196546885711544305565692290179275734689019883752962057627792008513211709022797824"),
        ("rshift", "4961540933784946940649908497846565154153211098967993", "95", "125246901514134318028098"),
        ("round", "4961540933784946940649908497846565154153211098967993", "-9", "4961540933784946940649908497846565154153211000000000"),
        ("floordiv", "-2209294313834629344", "100000000000000000000", "-1"),
        ("mod", "-2209294313834629344", "100000000000000000000", "97790705686165370656"),
        ("divmod", "-2209294313834629344", "100000000000000000000", "(-1, 97790705686165370656)"),
        ("truediv", "-2209294313834629344", "100000000000000000000", "-0.022092943138346293"),
        ("pow", "2", "-1", "0.5"),
        ("lshift", "-2209294313834629344", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-2209294313834629344", "1267650600228229401496703205376", "-1"),
        ("round", "-2209294313834629344", "-2", "-2209294313834629300"),
        ("floordiv", "9904033545839618152", "10167481844968410852", "0"),
        ("mod", "9904033545839618152", "10167481844968410852", "9904033545839618152"),
        ("divmod", "9904033545839618152", "10167481844968410852", "(0, 9904033545839618152)"),
        ("truediv", "9904033545839618152", "10167481844968410852", "0.9740891301164049"),
        ("pow", "10", "-164", "1e-164"),
        ("lshift", "9904033545839618152", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "9904033545839618152", "1267650600228229401496703205376", "0"),
        ("round", "9904033545839618152", "-1", "9904033545839618150"),
        ("floordiv", "691", "2305843009213693952", "0"),
        ("mod", "691", "2305843009213693952", "691"),
        ("divmod", "691", "2305843009213693952", "(0, 691)"),
        ("truediv", "691", "2305843009213693952", "2.9967348047499343e-16"),
        ("pow", "2", "-202", "1.5557538194652854e-61"),
        ("lshift", "691", "35", "23742579212288"),
        ("rshift", "691", "35", "0"),
        ("round", "691", "-1", "690"),
        ("floordiv", "3", "799", "0"),
        ("mod", "3", "799", "3"),
        ("divmod", "3", "799", "(0, 3)"),
        ("truediv", "3", "799", "0.0037546933667083854"),
        ("pow", "2", "7", "128"),
        ("lshift", "3", "9223372036854775808", "MemoryError"),
        ("rshift", "3", "9223372036854775808", "0"),
        ("round", "3", "-2", "0"),
        ("floordiv", "931424128132033145064990909189965905487976222615", "-305", "-3053849600432895557590134128491691493403200730"),
        ("mod", "931424128132033145064990909189965905487976222615", "-305", "-35"),
        ("divmod", "931424128132033145064990909189965905487976222615", "-305", "(-3053849600432895557590134128491691493403200730, -35)"),
        ("truediv", "931424128132033145064990909189965905487976222615", "-305", "-3.053849600432895e+45"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "931424128132033145064990909189965905487976222615", "82", "4504090710043438212832204012478873343825924093774941810385498667965480960"),
        ("rshift", "931424128132033145064990909189965905487976222615", "82", "192613995213731228409782"),
        ("round", "931424128132033145064990909189965905487976222615", "-2", "931424128132033145064990909189965905487976222600"),
        ("floordiv", "-8083634891946939641", "3061390763111513253", "-3"),
        ("mod", "-8083634891946939641", "3061390763111513253", "1100537397387600118"),
        ("divmod", "-8083634891946939641", "3061390763111513253", "(-3, 1100537397387600118)"),
        ("truediv", "-8083634891946939641", "3061390763111513253", "-2.640510642859246"),
        ("pow", "-8083634891946939641", "0", "1"),
        ("lshift", "-8083634891946939641", "3", "-64669079135575517128"),
        ("rshift", "-8083634891946939641", "3", "-1010454361493367456"),
        ("round", "-8083634891946939641", "0", "-8083634891946939641"),
        ("floordiv", "-9130471560042010563", "-25", "365218862401680422"),
        ("mod", "-9130471560042010563", "-25", "-13"),
        ("divmod", "-9130471560042010563", "-25", "(365218862401680422, -13)"),
        ("truediv", "-9130471560042010563", "-25", "3.6521886240168045e+17"),
        ("pow", "2", "-1", "0.5"),
        ("lshift", "-9130471560042010563", "43", "-80312477178754121224543329583104"),
        ("rshift", "-9130471560042010563", "43", "-1038015"),
        ("round", "-9130471560042010563", "-1", "-9130471560042010560"),
        ("floordiv", "74", "-2503331189114712877", "-1"),
        ("mod", "74", "-2503331189114712877", "-2503331189114712803"),
        ("divmod", "74", "-2503331189114712877", "(-1, -2503331189114712803)"),
        ("truediv", "74", "-2503331189114712877", "-2.9560611205491205e-17"),
        ("pow", "74", "-1", "0.013513513513513514"),
        ("lshift", "74", "22", "310378496"),
        ("rshift", "74", "22", "0"),
        ("round", "74", "-9", "0"),
        ("floordiv", "9007199254740993", "12301432406566737732", "0"),
        ("mod", "9007199254740993", "12301432406566737732", "9007199254740993"),
        ("divmod", "9007199254740993", "12301432406566737732", "(0, 9007199254740993)"),
        ("truediv", "9007199254740993", "12301432406566737732", "0.0007322073525301638"),
        ("pow", "2", "0", "1"),
        ("lshift", "9007199254740993", "15", "295147905179352858624"),
        ("rshift", "9007199254740993", "15", "274877906944"),
        ("round", "9007199254740993", "-1", "9007199254740990"),
        ("floordiv", "-38492488185432568389629608", "-2", "19246244092716284194814804"),
        ("mod", "-38492488185432568389629608", "-2", "0"),
        ("divmod", "-38492488185432568389629608", "-2", "(19246244092716284194814804, 0)"),
        ("truediv", "-38492488185432568389629608", "-2", "1.9246244092716284e+25"),
        ("pow", "2", "13", "8192"),
        ("lshift", "-38492488185432568389629608", "9223372036854775808", "MemoryError"),
        ("rshift", "-38492488185432568389629608", "9223372036854775808", "-1"),
        ("round", "-38492488185432568389629608", "0", "-38492488185432568389629608"),
        ("floordiv", "-492", "543", "-1"),
        ("mod", "-492", "543", "51"),
        ("divmod", "-492", "543", "(-1, 51)"),
        ("truediv", "-492", "543", "-0.9060773480662984"),
        ("pow", "10", "0", "1"),
        ("lshift", "-492", "9223372036854775808", "MemoryError"),
        ("rshift", "-492", "9223372036854775808", "-1"),
        ("round", "-492", "-1", "-490"),
        ("floordiv", "-435", "10", "-44"),
        ("mod", "-435", "10", "5"),
        ("divmod", "-435", "10", "(-44, 5)"),
        ("truediv", "-435", "10", "-43.5"),
        ("pow", "-7", "6", "117649"),
        ("lshift", "-435", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-435", "1267650600228229401496703205376", "-1"),
        ("round", "-435", "-2", "-400"),
        ("floordiv", "-11129424811981355203", "255", "-43644803184240609"),
        ("mod", "-11129424811981355203", "255", "92"),
        ("divmod", "-11129424811981355203", "255", "(-43644803184240609, 92)"),
        ("truediv", "-11129424811981355203", "255", "-4.364480318424061e+16"),
        ("pow", "2", "0", "1"),
        ("lshift", "-11129424811981355203", "22", "-46680191006592646053363712"),
        ("rshift", "-11129424811981355203", "22", "-2653461649891"),
        ("round", "-11129424811981355203", "-2", "-11129424811981355200"),
        ("floordiv", "323", "10", "32"),
        ("mod", "323", "10", "3"),
        ("divmod", "323", "10", "(32, 3)"),
        ("truediv", "323", "10", "32.3"),
        ("pow", "323", "0", "1"),
        ("lshift", "323", "97", "51181392984214762085429391917056"),
        ("rshift", "323", "97", "0"),
        ("round", "323", "-2", "300"),
        ("floordiv", "-573818368077565510", "2588540734334143452", "-1"),
        ("mod", "-573818368077565510", "2588540734334143452", "2014722366256577942"),
        ("divmod", "-573818368077565510", "2588540734334143452", "(-1, 2014722366256577942)"),
        ("truediv", "-573818368077565510", "2588540734334143452", "-0.22167639105172135"),
        ("pow", "-20", "25", "-335544320000000000000000000000000"),
        ("lshift", "-573818368077565510", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-573818368077565510", "1267650600228229401496703205376", "-1"),
        ("round", "-573818368077565510", "-16", "-570000000000000000"),
        ("floordiv", "-567986599936256163420", "989", "-574303943312695818"),
        ("mod", "-567986599936256163420", "989", "582"),
        ("divmod", "-567986599936256163420", "989", "(-574303943312695818, 582)"),
        ("truediv", "-567986599936256163420", "989", "-5.743039433126958e+17"),
        ("pow", "-15", "-113", "-1.2638272835894585e-133"),
        ("lshift", "-567986599936256163420", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-567986599936256163420", "1267650600228229401496703205376", "-1"),
        ("round", "-567986599936256163420", "-2", "-567986599936256163400"),
        ("floordiv", "-3135017896021010906", "15595211564506297423", "-1"),
        ("mod", "-3135017896021010906", "15595211564506297423", "12460193668485286517"),
        ("divmod", "-3135017896021010906", "15595211564506297423", "(-1, 12460193668485286517)"),
        ("truediv", "-3135017896021010906", "15595211564506297423", "-0.20102439027862315"),
        ("pow", "2", "7", "128"),
        ("lshift", "-3135017896021010906", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-3135017896021010906", "1267650600228229401496703205376", "-1"),
        ("round", "-3135017896021010906", "0", "-3135017896021010906"),
        ("floordiv", "3632374049761617645", "-912143602420653050819340428069672487629", "-1"),
        ("mod", "3632374049761617645", "-912143602420653050819340428069672487629", "-912143602420653050815708054019910869984"),
        ("divmod", "3632374049761617645", "-912143602420653050819340428069672487629", "(-1, -912143602420653050815708054019910869984)"),
        ("truediv", "3632374049761617645", "-912143602420653050819340428069672487629", "-3.982239244042274e-21"),
        ("pow", "10", "0", "1"),
        ("lshift", "3632374049761617645", "131", "9888262713560623714717181117868890413927213669911845928960"),
        ("rshift", "3632374049761617645", "131", "0"),
        ("round", "3632374049761617645", "-1", "3632374049761617640"),
        ("floordiv", "-2411897971054057400", "998", "-2416731433921902"),
        ("mod", "-2411897971054057400", "998", "796"),
        ("divmod", "-2411897971054057400", "998", "(-2416731433921902, 796)"),
        ("truediv", "-2411897971054057400", "998", "-2416731433921901.0"),
        ("pow", "-2", "0", "1"),
        ("lshift", "-2411897971054057400", "9223372036854775808", "MemoryError"),
        ("rshift", "-2411897971054057400", "9223372036854775808", "-1"),
        ("round", "-2411897971054057400", "-23", "0"),
        ("floordiv", "753", "-712", "-2"),
        ("mod", "753", "-712", "-671"),
        ("divmod", "753", "-712", "(-2, -671)"),
        ("truediv", "753", "-712", "-1.0575842696629214"),
        ("pow", "-2", "0", "1"),
        ("lshift", "753", "30", "808527593472"),
        ("rshift", "753", "30", "0"),
        ("round", "753", "0", "753"),
        ("floordiv", "15532823740385867660", "-2", "-7766411870192933830"),
        ("mod", "15532823740385867660", "-2", "0"),
        ("divmod", "15532823740385867660", "-2", "(-7766411870192933830, 0)"),
        ("truediv", "15532823740385867660", "-2", "-7.766411870192934e+18"),
        ("pow", "13", "-1", "0.07692307692307693"),
        ("lshift", "15532823740385867660", "12", "63622446040620513935360"),
        ("rshift", "15532823740385867660", "12", "3792193295992643"),
        ("round", "15532823740385867660", "0", "15532823740385867660"),
        ("floordiv", "-16579552550469394642", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("mod", "-16579552550469394642", "0", "ZeroDivisionError: integer modulo by zero"),
        ("divmod", "-16579552550469394642", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("truediv", "-16579552550469394642", "0", "ZeroDivisionError: division by zero"),
        ("pow", "0", "29", "0"),
        ("lshift", "-16579552550469394642", "59", "-9557461336097730852654810543524151296"),
        ("rshift", "-16579552550469394642", "59", "-29"),
        ("round", "-16579552550469394642", "-1", "-16579552550469394640"),
        ("floordiv", "7", "2193080023952949884036062119047730723628081379797846450", "0"),
        ("mod", "7", "2193080023952949884036062119047730723628081379797846450", "7"),
        ("divmod", "7", "2193080023952949884036062119047730723628081379797846450", "(0, 7)"),
        ("truediv", "7", "2193080023952949884036062119047730723628081379797846450", "3.191857991293334e-54"),
        ("pow", "6", "0", "1"),
        ("lshift", "7", "99", "4436777100798802905238461218816"),
        ("rshift", "7", "99", "0"),
        ("round", "7", "0", "7"),
        ("floordiv", "-7221708773851255093", "-10190137036998526154", "0"),
        ("mod", "-7221708773851255093", "-10190137036998526154", "-7221708773851255093"),
        ("divmod", "-7221708773851255093", "-10190137036998526154", "(0, -7221708773851255093)"),
        ("truediv", "-7221708773851255093", "-10190137036998526154", "0.7086959427170164"),
        ("pow", "-2", "0", "1"),
        ("lshift", "-7221708773851255093", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-7221708773851255093", "1267650600228229401496703205376", "-1"),
        ("round", "-7221708773851255093", "-2", "-7221708773851255100"),
        ("floordiv", "2050202754915077770", "977", "2098467507589639"),
        ("mod", "2050202754915077770", "977", "467"),
        ("divmod", "2050202754915077770", "977", "(2098467507589639, 467)"),
        ("truediv", "2050202754915077770", "977", "2098467507589639.5"),
        ("pow", "0", "0", "1"),
        ("lshift", "2050202754915077770", "78", "619635761465470273944931575143942984826880"),
        ("rshift", "2050202754915077770", "78", "0"),
        ("round", "2050202754915077770", "-2", "2050202754915077800"),
        ("floordiv", "2314652873324851132", "-13191217584212536625", "-1"),
        ("mod", "2314652873324851132", "-13191217584212536625", "-10876564710887685493"),
        ("divmod", "2314652873324851132", "-13191217584212536625", "(-1, -10876564710887685493)"),
        ("truediv", "2314652873324851132", "-13191217584212536625", "-0.17546923614504437"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "2314652873324851132", "9223372036854775808", "MemoryError"),
        ("rshift", "2314652873324851132", "9223372036854775808", "0"),
        ("round", "2314652873324851132", "-14", "2314700000000000000"),
        ("floordiv", "-9475139007678434230867155857918357400426000", "7889626575023994793", "-1200961657383590097798425"),
        ("mod", "-9475139007678434230867155857918357400426000", "7889626575023994793", "3181219540563175025"),
        ("divmod", "-9475139007678434230867155857918357400426000", "7889626575023994793", "(-1200961657383590097798425, 3181219540563175025)"),
        ("truediv", "-9475139007678434230867155857918357400426000", "7889626575023994793", "-1.2009616573835901e+24"),
        ("pow", "-9475139007678434230867155857918357400426000", "5", "-76370907387706696475630302766793613348083056725330097587662015500699004443083195659032510886655702428331963540345529977968622072850957918300142205385912183715091256218779216805063253179008904999433376000000000000000"),
        ("lshift", "-9475139007678434230867155857918357400426000", "9223372036854775808", "MemoryError"),
        ("rshift", "-9475139007678434230867155857918357400426000", "9223372036854775808", "-1"),
        ("round", "-9475139007678434230867155857918357400426000", "-1", "-9475139007678434230867155857918357400426000"),
        ("floordiv", "-9604412240507079395", "3", "-3201470746835693132"),
        ("mod", "-9604412240507079395", "3", "1"),
        ("divmod", "-9604412240507079395", "3", "(-3201470746835693132, 1)"),
        ("truediv", "-9604412240507079395", "3", "-3.201470746835693e+18"),
        ("pow", "8", "0", "1"),
        ("lshift", "-9604412240507079395", "68", "-2834722153264599097123818474866600837120"),
        ("rshift", "-9604412240507079395", "68", "-1"),
        ("round", "-9604412240507079395", "-1", "-9604412240507079400"),
        ("floordiv", "-7", "-1", "7"),
        ("mod", "-7", "-1", "0"),
        ("divmod", "-7", "-1", "(7, 0)"),
        ("truediv", "-7", "-1", "7.0"),
        ("pow", "10", "-177", "1e-177"),
        ("lshift", "-7", "9223372036854775808", "MemoryError"),
        ("rshift", "-7", "9223372036854775808", "-1"),
        ("round", "-7", "-1", "-10"),
        ("floordiv", "15371729076348707045", "-843", "-18234554064470590"),
        ("mod", "15371729076348707045", "-843", "-325"),
        ("divmod", "15371729076348707045", "-843", "(-18234554064470590, -325)"),
        ("truediv", "15371729076348707045", "-843", "-1.8234554064470588e+16"),
        ("pow", "2", "24", "16777216"),
        ("lshift", "15371729076348707045", "86", "1189329931041208790398133104272381144077434880"),
        ("rshift", "15371729076348707045", "86", "0"),
        ("round", "15371729076348707045", "-1", "15371729076348707040"),
        ("floordiv", "217", "15486506594803419151", "0"),
        ("mod", "217", "15486506594803419151", "217"),
        ("divmod", "217", "15486506594803419151", "(0, 217)"),
        ("truediv", "217", "15486506594803419151", "1.4012198210848633e-17"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "217", "36", "14912126451712"),
        ("rshift", "217", "36", "0"),
        ("round", "217", "0", "217"),
        ("floordiv", "1868815799871478260", "-343857808415592354148402", "-1"),
        ("mod", "1868815799871478260", "-343857808415592354148402", "-343855939599792482670142"),
        ("divmod", "1868815799871478260", "-343857808415592354148402", "(-1, -343855939599792482670142)"),
        ("truediv", "1868815799871478260", "-343857808415592354148402", "-5.4348505519839644e-06"),
        ("pow", "0", "-204", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "1868815799871478260", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "1868815799871478260", "1267650600228229401496703205376", "0"),
        ("round", "1868815799871478260", "-1", "1868815799871478260"),
        ("floordiv", "-685", "-4785099745513311600804", "0"),
        ("mod", "-685", "-4785099745513311600804", "-685"),
        ("divmod", "-685", "-4785099745513311600804", "(0, -685)"),
        ("truediv", "-685", "-4785099745513311600804", "1.431527107961086e-19"),
        ("pow", "-685", "0", "1"),
        ("lshift", "-685", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-685", "1267650600228229401496703205376", "-1"),
        ("round", "-685", "-1", "-680"),
        ("floordiv", "-676", "-2", "338"),
        ("mod", "-676", "-2", "0"),
        ("divmod", "-676", "-2", "(338, 0)"),
        ("truediv", "-676", "-2", "338.0"),
        ("pow", "-676", "16", "1901722457268488241418827816020396748021170176"),
        ("lshift", "-676", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-676", "1267650600228229401496703205376", "-1"),
        ("round", "-676", "-12", "0"),
        ("floordiv", "465", "9007199254740992", "0"),
        ("mod", "465", "9007199254740992", "465"),
        ("divmod", "465", "9007199254740992", "(0, 465)"),
        ("truediv", "465", "9007199254740992", "5.162537064506978e-14"),
        ("pow", "6", "-260", "4.7937446902706814e-203"),
        ("lshift", "465", "15", "15237120"),
        ("rshift", "465", "15", "0"),
        ("round", "465", "-2", "500"),
        ("floordiv", "946992852058284356421862353489115380976622", "16387919619331717883487518920869378665198600330", "0"),
        ("mod", "946992852058284356421862353489115380976622", "16387919619331717883487518920869378665198600330", "946992852058284356421862353489115380976622"),
        ("divmod", "946992852058284356421862353489115380976622", "16387919619331717883487518920869378665198600330", "(0, 946992852058284356421862353489115380976622)"),
        ("truediv", "946992852058284356421862353489115380976622", "16387919619331717883487518920869378665198600330", "5.7786032275944353e-05"),
        ("pow", "2", "0", "1"),
        ("lshift", "946992852058284356421862353489115380976622", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "946992852058284356421862353489115380976622", "1267650600228229401496703205376", "0"),
        ("round", "946992852058284356421862353489115380976622", "-4", "946992852058284356421862353489115380980000"),
        ("floordiv", "535", "466", "1"),
        ("mod", "535", "466", "69"),
        ("divmod", "535", "466", "(1, 69)"),
        ("truediv", "535", "466", "1.148068669527897"),
        ("pow", "0", "7", "0"),
        ("lshift", "535", "9223372036854775808", "MemoryError"),
        ("rshift", "535", "9223372036854775808", "0"),
        ("round", "535", "-10", "0"),
        ("floordiv", "12946741014147573321926600009812603454999758268", "414", "31272321290211529763107729492300974528984923"),
        ("mod", "12946741014147573321926600009812603454999758268", "414", "146"),
        ("divmod", "12946741014147573321926600009812603454999758268", "414", "(31272321290211529763107729492300974528984923, 146)"),
        ("truediv", "12946741014147573321926600009812603454999758268", "414", "3.127232129021153e+43"),
        ("pow", "12946741014147573321926600009812603454999758268", "-197", "0.0"),
        ("lshift", "12946741014147573321926600009812603454999758268", "9223372036854775808", "MemoryError"),
        ("rshift", "12946741014147573321926600009812603454999758268", "9223372036854775808", "0"),
        ("round", "12946741014147573321926600009812603454999758268", "-2", "12946741014147573321926600009812603454999758300"),
        ("floordiv", "-18243572775558699231", "876", "-20825996319130936"),
        ("mod", "-18243572775558699231", "876", "705"),
        ("divmod", "-18243572775558699231", "876", "(-20825996319130936, 705)"),
        ("truediv", "-18243572775558699231", "876", "-2.0825996319130936e+16"),
        ("pow", "10", "-283", "1e-283"),
        ("lshift", "-18243572775558699231", "40", "-20059020398904463699314009440256"),
        ("rshift", "-18243572775558699231", "40", "-16592433"),
        ("round", "-18243572775558699231", "-2", "-18243572775558699200"),
        ("floordiv", "2764141495388321470", "10", "276414149538832147"),
        ("mod", "2764141495388321470", "10", "0"),
        ("divmod", "2764141495388321470", "10", "(276414149538832147, 0)"),
        ("truediv", "2764141495388321470", "10", "2.7641414953883216e+17"),
        ("pow", "2764141495388321470", "-105", "0.0"),
        ("lshift", "2764141495388321470", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "2764141495388321470", "1267650600228229401496703205376", "0"),
        ("round", "2764141495388321470", "-2", "2764141495388321500"),
        ("floordiv", "16005152343924789070", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("mod", "16005152343924789070", "0", "ZeroDivisionError: integer modulo by zero"),
        ("divmod", "16005152343924789070", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("truediv", "16005152343924789070", "0", "ZeroDivisionError: division by zero"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "16005152343924789070", "9223372036854775808", "MemoryError"),
        ("rshift", "16005152343924789070", "9223372036854775808", "0"),
        ("round", "16005152343924789070", "-14", "16005200000000000000"),
        ("floordiv", "83", "2", "41"),
        ("mod", "83", "2", "1"),
        ("divmod", "83", "2", "(41, 1)"),
        ("truediv", "83", "2", "41.5"),
        ("pow", "83", "-1", "0.012048192771084338"),
        ("lshift", "83", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "83", "1267650600228229401496703205376", "0"),
        ("round", "83", "-2", "100"),
        ("floordiv", "441", "-479", "-1"),
        ("mod", "441", "-479", "-38"),
        ("divmod", "441", "-479", "(-1, -38)"),
        ("truediv", "441", "-479", "-0.9206680584551148"),
        ("pow", "441", "-179", "0.0"),
        ("lshift", "441", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "441", "1267650600228229401496703205376", "0"),
        ("round", "441", "-1", "440"),
        ("floordiv", "83309247304305682716447919338030066525839527260911", "-184", "-452767648392965666937216952924076448509997430766"),
        ("mod", "83309247304305682716447919338030066525839527260911", "-184", "-33"),
        ("divmod", "83309247304305682716447919338030066525839527260911", "-184", "(-452767648392965666937216952924076448509997430766, -33)"),
        ("truediv", "83309247304305682716447919338030066525839527260911", "-184", "-4.5276764839296566e+47"),
        ("pow", "-4", "-4", "0.00390625"),
        ("lshift", "83309247304305682716447919338030066525839527260911", "9223372036854775808", "MemoryError"),
        ("rshift", "83309247304305682716447919338030066525839527260911", "9223372036854775808", "0"),
        ("round", "83309247304305682716447919338030066525839527260911", "-1", "83309247304305682716447919338030066525839527260910"),
        ("floordiv", "-68113789559944981", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("mod", "-68113789559944981", "0", "ZeroDivisionError: integer modulo by zero"),
        ("divmod", "-68113789559944981", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("truediv", "-68113789559944981", "0", "ZeroDivisionError: division by zero"),
        ("pow", "12", "-149", "1.592187972498113e-161"),
        ("lshift", "-68113789559944981", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-68113789559944981", "1267650600228229401496703205376", "-1"),
        ("round", "-68113789559944981", "0", "-68113789559944981"),
        ("floordiv", "-5044353742", "-380", "13274615"),
        ("mod", "-5044353742", "-380", "-42"),
        ("divmod", "-5044353742", "-380", "(13274615, -42)"),
        ("truediv", "-5044353742", "-380", "13274615.110526316"),
        ("pow", "-2", "-144", "4.484155085839415e-44"),
        ("lshift", "-5044353742", "85", "-195143983423151093611887060995538944"),
        ("rshift", "-5044353742", "85", "-1"),
        ("round", "-5044353742", "-2", "-5044353700"),
        ("floordiv", "94", "-2", "-47"),
        ("mod", "94", "-2", "0"),
        ("divmod", "94", "-2", "(-47, 0)"),
        ("truediv", "94", "-2", "-47.0"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "94", "82", "454556108175100569689522176"),
        ("rshift", "94", "82", "0"),
        ("round", "94", "-25", "0"),
        ("floordiv", "137653341839027571080208", "-911", "-151101363160293711395"),
        ("mod", "137653341839027571080208", "-911", "-637"),
        ("divmod", "137653341839027571080208", "-911", "(-151101363160293711395, -637)"),
        ("truediv", "137653341839027571080208", "-911", "-1.511013631602937e+20"),
        ("pow", "137653341839027571080208", "0", "1"),
        ("lshift", "137653341839027571080208", "44", "2421623199267765920693488651786518528"),
        ("rshift", "137653341839027571080208", "44", "7824686567"),
        ("round", "137653341839027571080208", "-9", "137653341839028000000000"),
        ("floordiv", "12732690783089093714", "-975", "-13059170033937533"),
        ("mod", "12732690783089093714", "-975", "-961"),
        ("divmod", "12732690783089093714", "-975", "(-13059170033937533, -961)"),
        ("truediv", "12732690783089093714", "-975", "-1.3059170033937532e+16"),
        ("pow", "2", "-1", "0.5"),
        ("lshift", "12732690783089093714", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "12732690783089093714", "1267650600228229401496703205376", "0"),
        ("round", "12732690783089093714", "0", "12732690783089093714"),
        ("floordiv", "-28771188507864914425685444887424615044549410191", "-139274829220373235934464230678402583792990633861498", "0"),
        ("mod", "-28771188507864914425685444887424615044549410191", "-139274829220373235934464230678402583792990633861498", "-28771188507864914425685444887424615044549410191"),
        ("divmod", "-28771188507864914425685444887424615044549410191", "-139274829220373235934464230678402583792990633861498", "(0, -28771188507864914425685444887424615044549410191)"),
        ("truediv", "-28771188507864914425685444887424615044549410191", "-139274829220373235934464230678402583792990633861498", "0.00020657852297446035"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "-28771188507864914425685444887424615044549410191", "85", "-1113031444741042926762928600629725079294232833985374834258599568801267712"),
        ("rshift", "-28771188507864914425685444887424615044549410191", "85", "-743717791681697819118"),
        ("round", "-28771188507864914425685444887424615044549410191", "-2", "-28771188507864914425685444887424615044549410200"),
        ("floordiv", "-1", "3", "-1"),
        ("mod", "-1", "3", "2"),
        ("divmod", "-1", "3", "(-1, 2)"),
        ("truediv", "-1", "3", "-0.3333333333333333"),
        ("pow", "-1", "-1", "-1.0"),
        ("lshift", "-1", "57", "-144115188075855872"),
        ("rshift", "-1", "57", "-1"),
        ("round", "-1", "-1", "0"),
        ("floordiv", "224", "186", "1"),
        ("mod", "224", "186", "38"),
        ("divmod", "224", "186", "(1, 38)"),
        ("truediv", "224", "186", "1.2043010752688172"),
        ("pow", "2", "0", "1"),
        ("lshift", "224", "148", "79925870791533753339264014289171727637433810944"),
        ("rshift", "224", "148", "0"),
        ("round", "224", "-1", "220"),
        ("floordiv", "98", "-15439093075230391263", "-1"),
        ("mod", "98", "-15439093075230391263", "-15439093075230391165"),
        ("divmod", "98", "-15439093075230391263", "(-1, -15439093075230391165)"),
        ("truediv", "98", "-15439093075230391263", "-6.347523104010926e-18"),
        ("pow", "10", "0", "1"),
        ("lshift", "98", "133", "1067125502664063021421142768906025111126016"),
        ("rshift", "98", "133", "0"),
        ("round", "98", "-2", "100"),
        ("floordiv", "-667", "-176", "3"),
        ("mod", "-667", "-176", "-139"),
        ("divmod", "-667", "-176", "(3, -139)"),
        ("truediv", "-667", "-176", "3.789772727272727"),
        ("pow", "-20", "-1", "-0.05"),
        ("lshift", "-667", "100", "-845522950352229010798301037985792"),
        ("rshift", "-667", "100", "-1"),
        ("round", "-667", "0", "-667"),
        ("floordiv", "231", "-2", "-116"),
        ("mod", "231", "-2", "-1"),
        ("divmod", "231", "-2", "(-116, -1)"),
        ("truediv", "231", "-2", "-115.5"),
        ("pow", "10", "-1", "0.1"),
        ("lshift", "231", "86", "17872759317182677718856105984"),
        ("rshift", "231", "86", "0"),
        ("round", "231", "0", "231"),
        ("floordiv", "-2925367710537754746", "1", "-2925367710537754746"),
        ("mod", "-2925367710537754746", "1", "0"),
        ("divmod", "-2925367710537754746", "1", "(-2925367710537754746, 0)"),
        ("truediv", "-2925367710537754746", "1", "-2.9253677105377546e+18"),
        ("pow", "-2925367710537754746", "-1", "-3.4183736847774786e-19"),
        ("lshift", "-2925367710537754746", "8", "-748894133897665214976"),
        ("rshift", "-2925367710537754746", "8", "-11427217619288105"),
        ("round", "-2925367710537754746", "3", "-2925367710537754746"),
        ("floordiv", "10", "2", "5"),
        ("mod", "10", "2", "0"),
        ("divmod", "10", "2", "(5, 0)"),
        ("truediv", "10", "2", "5.0"),
        ("pow", "2", "0", "1"),
        ("lshift", "10", "9223372036854775808", "MemoryError"),
        ("rshift", "10", "9223372036854775808", "0"),
        ("round", "10", "-22", "0"),
        ("floordiv", "-551", "33685157972921819720426857428843816934", "-1"),
        ("mod", "-551", "33685157972921819720426857428843816934", "33685157972921819720426857428843816383"),
        ("divmod", "-551", "33685157972921819720426857428843816934", "(-1, 33685157972921819720426857428843816383)"),
        ("truediv", "-551", "33685157972921819720426857428843816934", "-1.6357352411496106e-35"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "-551", "74", "-10408095728244698050985984"),
        ("rshift", "-551", "74", "-1"),
        ("round", "-551", "-2", "-600"),
        ("floordiv", "40", "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "0"),
        ("mod", "40", "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "40"),
        ("divmod", "40", "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "(0, 40)"),
        ("truediv", "40", "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "4.450147717014403e-307"),
        ("pow", "0", "-280", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "40", "0", "40"),
        ("rshift", "40", "0", "40"),
        ("round", "40", "0", "40"),
        ("floordiv", "-395", "-12360914847819448568", "0"),
        ("mod", "-395", "-12360914847819448568", "-395"),
        ("divmod", "-395", "-12360914847819448568", "(0, -395)"),
        ("truediv", "-395", "-12360914847819448568", "3.19555635535893e-17"),
        ("pow", "-2", "-1", "-0.5"),
        ("lshift", "-395", "47", "-55591307900354560"),
        ("rshift", "-395", "47", "-1"),
        ("round", "-395", "0", "-395"),
        ("floordiv", "2305843009213693951", "701", "3289362352658621"),
        ("mod", "2305843009213693951", "701", "630"),
        ("divmod", "2305843009213693951", "701", "(3289362352658621, 630)"),
        ("truediv", "2305843009213693951", "701", "3289362352658622.0"),
        ("pow", "-11", "9", "-2357947691"),
        ("lshift", "2305843009213693951", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "2305843009213693951", "1267650600228229401496703205376", "0"),
        ("round", "2305843009213693951", "-1", "2305843009213693950"),
        ("floordiv", "8681783798739655160938488157541109068200964462", "4611686018427387904", "1882561771128597903480537643"),
        ("mod", "8681783798739655160938488157541109068200964462", "4611686018427387904", "1767992206166094190"),
        ("divmod", "8681783798739655160938488157541109068200964462", "4611686018427387904", "(1882561771128597903480537643, 1767992206166094190)"),
        ("truediv", "8681783798739655160938488157541109068200964462", "4611686018427387904", "1.882561771128598e+27"),
        ("pow", "-2", "0", "1"),
        ("lshift", "8681783798739655160938488157541109068200964462", "9223372036854775808", "MemoryError"),
        ("rshift", "8681783798739655160938488157541109068200964462", "9223372036854775808", "0"),
        ("round", "8681783798739655160938488157541109068200964462", "0", "8681783798739655160938488157541109068200964462"),
        ("floordiv", "2305843009213693951", "2319300531267749232027908438659275037699262516900", "0"),
        ("mod", "2305843009213693951", "2319300531267749232027908438659275037699262516900", "2305843009213693951"),
        ("divmod", "2305843009213693951", "2319300531267749232027908438659275037699262516900", "(0, 2305843009213693951)"),
        ("truediv", "2305843009213693951", "2319300531267749232027908438659275037699262516900", "9.94197594545154e-31"),
        ("pow", "-2", "21", "-2097152"),
        ("lshift", "2305843009213693951", "59", "1329227995784915872327346307976921088"),
        ("rshift", "2305843009213693951", "59", "3"),
        ("round", "2305843009213693951", "-12", "2305843000000000000"),
        ("floordiv", "-4278903366451821285", "18446744073709551616", "-1"),
        ("mod", "-4278903366451821285", "18446744073709551616", "14167840707257730331"),
        ("divmod", "-4278903366451821285", "18446744073709551616", "(-1, 14167840707257730331)"),
        ("truediv", "-4278903366451821285", "18446744073709551616", "-0.23195981628813014"),
        ("pow", "0", "-251", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("lshift", "-4278903366451821285", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-4278903366451821285", "1267650600228229401496703205376", "-1"),
        ("round", "-4278903366451821285", "-1", "-4278903366451821280"),
        ("floordiv", "629292037399003", "-649", "-969633339598"),
        ("mod", "629292037399003", "-649", "-99"),
        ("divmod", "629292037399003", "-649", "(-969633339598, -99)"),
        ("truediv", "629292037399003", "-649", "-969633339597.8474"),
        ("pow", "629292037399003", "-1", "1.5890873244371744e-15"),
        ("lshift", "629292037399003", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "629292037399003", "1267650600228229401496703205376", "0"),
        ("round", "629292037399003", "-2", "629292037399000"),
        ("floordiv", "-135436506540627432895655341496640705100083158001812856", "-6815625654700803994", "19871470852747838834781619032616758"),
        ("mod", "-135436506540627432895655341496640705100083158001812856", "-6815625654700803994", "-1789129185724081404"),
        ("divmod", "-135436506540627432895655341496640705100083158001812856", "-6815625654700803994", "(19871470852747838834781619032616758, -1789129185724081404)"),
        ("truediv", "-135436506540627432895655341496640705100083158001812856", "-6815625654700803994", "1.9871470852747838e+34"),
        ("pow", "20", "-1", "0.05"),
        ("lshift", "-135436506540627432895655341496640705100083158001812856", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-135436506540627432895655341496640705100083158001812856", "1267650600228229401496703205376", "-1"),
        ("round", "-135436506540627432895655341496640705100083158001812856", "-2", "-135436506540627432895655341496640705100083158001812900"),
        ("floordiv", "-888", "-2", "444"),
        ("mod", "-888", "-2", "0"),
        ("divmod", "-888", "-2", "(444, 0)"),
        ("truediv", "-888", "-2", "444.0"),
        ("pow", "2", "0", "1"),
        ("lshift", "-888", "49", "-499899558638125056"),
        ("rshift", "-888", "49", "-1"),
        ("round", "-888", "-1", "-890"),
        ("floordiv", "130", "503", "0"),
        ("mod", "130", "503", "130"),
        ("divmod", "130", "503", "(0, 130)"),
        ("truediv", "130", "503", "0.2584493041749503"),
        ("pow", "-4", "0", "1"),
        ("lshift", "130", "68", "38369227673315867361280"),
        ("rshift", "130", "68", "0"),
        ("round", "130", "-1", "130"),
        ("floordiv", "1", "-686", "-1"),
        ("mod", "1", "-686", "-685"),
        ("divmod", "1", "-686", "(-1, -685)"),
        ("truediv", "1", "-686", "-0.0014577259475218659"),
        ("pow", "-14", "0", "1"),
        ("lshift", "1", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "1", "1267650600228229401496703205376", "0"),
        ("round", "1", "-1", "0"),
        ("floordiv", "83630780333830693315397727913763025117524907291381", "161", "519445840582799337362718806917782764705123647772"),
        ("mod", "83630780333830693315397727913763025117524907291381", "161", "89"),
        ("divmod", "83630780333830693315397727913763025117524907291381", "161", "(519445840582799337362718806917782764705123647772, 89)"),
        ("truediv", "83630780333830693315397727913763025117524907291381", "161", "5.1944584058279934e+47"),
        ("pow", "2", "0", "1"),
        ("lshift", "83630780333830693315397727913763025117524907291381", "9223372036854775808", "MemoryError"),
        ("rshift", "83630780333830693315397727913763025117524907291381", "9223372036854775808", "0"),
        ("round", "83630780333830693315397727913763025117524907291381", "-14", "83630780333830693315397727913763025100000000000000"),
        ("floordiv", "12044997373855141485", "-680", "-17713231432139914"),
        ("mod", "12044997373855141485", "-680", "-35"),
        ("divmod", "12044997373855141485", "-680", "(-17713231432139914, -35)"),
        ("truediv", "12044997373855141485", "-680", "-1.7713231432139914e+16"),
        ("pow", "0", "14", "0"),
        ("lshift", "12044997373855141485", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "12044997373855141485", "1267650600228229401496703205376", "0"),
        ("round", "12044997373855141485", "-1", "12044997373855141480"),
        ("floordiv", "-8847764362724297861", "-55780153539141260320685138762271897558362875628666", "0"),
        ("mod", "-8847764362724297861", "-55780153539141260320685138762271897558362875628666", "-8847764362724297861"),
        ("divmod", "-8847764362724297861", "-55780153539141260320685138762271897558362875628666", "(0, -8847764362724297861)"),
        ("truediv", "-8847764362724297861", "-55780153539141260320685138762271897558362875628666", "1.5861850140867342e-31"),
        ("pow", "2", "-1", "0.5"),
        ("lshift", "-8847764362724297861", "9223372036854775808", "MemoryError"),
        ("rshift", "-8847764362724297861", "9223372036854775808", "-1"),
        ("round", "-8847764362724297861", "-1", "-8847764362724297860"),
        ("floordiv", "4611686018427387904", "-18100189319978753040", "-1"),
        ("mod", "4611686018427387904", "-18100189319978753040", "-13488503301551365136"),
        ("divmod", "4611686018427387904", "-18100189319978753040", "(-1, -13488503301551365136)"),
        ("truediv", "4611686018427387904", "-18100189319978753040", "-0.25478661780278006"),
        ("pow", "-2", "16", "65536"),
        ("lshift", "4611686018427387904", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "4611686018427387904", "1267650600228229401496703205376", "0"),
        ("round", "4611686018427387904", "-1", "4611686018427387900"),
        ("floordiv", "-348", "18446744073709551616", "-1"),
        ("mod", "-348", "18446744073709551616", "18446744073709551268"),
        ("divmod", "-348", "18446744073709551616", "(-1, 18446744073709551268)"),
        ("truediv", "-348", "18446744073709551616", "-1.8865117801247777e-17"),
        ("pow", "-348", "-1", "-0.0028735632183908046"),
        ("lshift", "-348", "24", "-5838471168"),
        ("rshift", "-348", "24", "-1"),
        ("round", "-348", "0", "-348"),
        ("floordiv", "4611686018427387904", "397", "11616337577902740"),
        ("mod", "4611686018427387904", "397", "124"),
        ("divmod", "4611686018427387904", "397", "(11616337577902740, 124)"),
        ("truediv", "4611686018427387904", "397", "1.161633757790274e+16"),
        ("pow", "2", "24", "16777216"),
        ("lshift", "4611686018427387904", "28", "1237940039285380274899124224"),
        ("rshift", "4611686018427387904", "28", "17179869184"),
        ("round", "4611686018427387904", "-1", "4611686018427387900"),
        ("floordiv", "-8185959313558512176477251422217928409057", "13050557770257007755", "-627249766459392035792"),
        ("mod", "-8185959313558512176477251422217928409057", "13050557770257007755", "6154927405853157903"),
        ("divmod", "-8185959313558512176477251422217928409057", "13050557770257007755", "(-627249766459392035792, 6154927405853157903)"),
        ("truediv", "-8185959313558512176477251422217928409057", "13050557770257007755", "-6.27249766459392e+20"),
        ("pow", "2", "8", "256"),
        ("lshift", "-8185959313558512176477251422217928409057", "43", "-72004459598070618481433754309417964138023168409337856"),
        ("rshift", "-8185959313558512176477251422217928409057", "43", "-930635828076277923227877571"),
        ("round", "-8185959313558512176477251422217928409057", "0", "-8185959313558512176477251422217928409057"),
        ("floordiv", "21596054368878233378383493152807485973390005972979136", "10076949232381657562", "2143114336577248877579556403735510"),
        ("mod", "21596054368878233378383493152807485973390005972979136", "10076949232381657562", "6589670503533552516"),
        ("divmod", "21596054368878233378383493152807485973390005972979136", "10076949232381657562", "(2143114336577248877579556403735510, 6589670503533552516)"),
        ("truediv", "21596054368878233378383493152807485973390005972979136", "10076949232381657562", "2.1431143365772488e+33"),
        ("pow", "-6", "-290", "2.16838996491593e-226"),
        ("lshift", "21596054368878233378383493152807485973390005972979136", "-2", "ValueError: negative shift count"),
        ("rshift", "21596054368878233378383493152807485973390005972979136", "-2", "ValueError: negative shift count"),
        ("round", "21596054368878233378383493152807485973390005972979136", "-2", "21596054368878233378383493152807485973390005972979100"),
        ("floordiv", "-684", "-328", "2"),
        ("mod", "-684", "-328", "-28"),
        ("divmod", "-684", "-328", "(2, -28)"),
        ("truediv", "-684", "-328", "2.0853658536585367"),
        ("pow", "10", "-1", "0.1"),
        ("lshift", "-684", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-684", "1267650600228229401496703205376", "-1"),
        ("round", "-684", "0", "-684"),
        ("floordiv", "-2213918856572401285", "-2", "1106959428286200642"),
        ("mod", "-2213918856572401285", "-2", "-1"),
        ("divmod", "-2213918856572401285", "-2", "(1106959428286200642, -1)"),
        ("truediv", "-2213918856572401285", "-2", "1.1069594282862007e+18"),
        ("pow", "10", "-1", "0.1"),
        ("lshift", "-2213918856572401285", "47", "-311581379296499406447030283796480"),
        ("rshift", "-2213918856572401285", "47", "-15731"),
        ("round", "-2213918856572401285", "0", "-2213918856572401285"),
        ("truediv", "1000000000000000000000000000000", "3", "3.333333333333333e+29"),
        ("floordiv", "1000000000000000000000000000000", "3", "333333333333333333333333333333"),
        ("mod", "1000000000000000000000000000000", "3", "1"),
        ("truediv", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "1", "OverflowError: integer division result too large for a float"),
        ("floordiv", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "1", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"),
        ("mod", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "1", "0"),
        ("truediv", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", "1", "1.7976931348623157e+308"),
        ("floordiv", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", "1", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791"),
        ("mod", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", "1", "0"),
        ("truediv", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1e+308"),
        ("floordiv", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        ("mod", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0"),
        ("truediv", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "OverflowError: integer division result too large for a float"),
        ("floordiv", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        ("mod", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0"),
        ("truediv", "1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0.0"),
        ("floordiv", "1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0"),
        ("mod", "1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1"),
        ("truediv", "-1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "-0.0"),
        ("floordiv", "-1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "-1"),
        ("mod", "-1", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"),
        ("truediv", "0", "-5", "-0.0"),
        ("floordiv", "0", "-5", "0"),
        ("mod", "0", "-5", "0"),
        ("truediv", "9007199254740993", "1", "9007199254740992.0"),
        ("floordiv", "9007199254740993", "1", "9007199254740993"),
        ("mod", "9007199254740993", "1", "0"),
        ("truediv", "18014398509481987", "1", "1.8014398509481988e+16"),
        ("floordiv", "18014398509481987", "1", "18014398509481987"),
        ("mod", "18014398509481987", "1", "0"),
        ("truediv", "3", "809609013229242473409981386875669228198226599056568473427605432109721358271981387567841534805748497980748311457267247645559234949543173907468053599762954039686069697106265445457867630968372865364959070713890980274248029933698770794472413422596638225363240226049435078209333658460922010128745310034584025053230830964373979136", "5e-324"),
        ("floordiv", "3", "809609013229242473409981386875669228198226599056568473427605432109721358271981387567841534805748497980748311457267247645559234949543173907468053599762954039686069697106265445457867630968372865364959070713890980274248029933698770794472413422596638225363240226049435078209333658460922010128745310034584025053230830964373979136", "0"),
        ("mod", "3", "809609013229242473409981386875669228198226599056568473427605432109721358271981387567841534805748497980748311457267247645559234949543173907468053599762954039686069697106265445457867630968372865364959070713890980274248029933698770794472413422596638225363240226049435078209333658460922010128745310034584025053230830964373979136", "3"),
        ("truediv", "3", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "1e-323"),
        ("floordiv", "3", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "0"),
        ("mod", "3", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "3"),
        ("truediv", "1", "202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784", "5e-324"),
        ("floordiv", "1", "202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784", "0"),
        ("mod", "1", "202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784", "1"),
        ("truediv", "1", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "0.0"),
        ("floordiv", "1", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "0"),
        ("mod", "1", "404804506614621236704990693437834614099113299528284236713802716054860679135990693783920767402874248990374155728633623822779617474771586953734026799881477019843034848553132722728933815484186432682479535356945490137124014966849385397236206711298319112681620113024717539104666829230461005064372655017292012526615415482186989568", "1"),
        ("truediv", "-7", "2", "-3.5"),
        ("floordiv", "-7", "2", "-4"),
        ("mod", "-7", "2", "1"),
        ("truediv", "7", "-2", "-3.5"),
        ("floordiv", "7", "-2", "-4"),
        ("mod", "7", "-2", "-1"),
        ("truediv", "-7", "-2", "3.5"),
        ("floordiv", "-7", "-2", "3"),
        ("mod", "-7", "-2", "-1"),
        ("truediv", "1", "0", "ZeroDivisionError: division by zero"),
        ("floordiv", "1", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("mod", "1", "0", "ZeroDivisionError: integer modulo by zero"),
        ("truediv", "0", "0", "ZeroDivisionError: division by zero"),
        ("floordiv", "0", "0", "ZeroDivisionError: integer division or modulo by zero"),
        ("mod", "0", "0", "ZeroDivisionError: integer modulo by zero"),
        ("pow", "0", "-1", "ZeroDivisionError: 0.0 cannot be raised to a negative power"),
        ("pow", "0", "0", "1"),
        ("pow", "-1", "100000000000000000000", "1"),
        ("pow", "-1", "100000000000000000001", "-1"),
        ("pow", "2", "-1100", "0.0"),
        ("pow", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "-1", "OverflowError: int too large to convert to float"),
        ("pow", "1", "-10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "OverflowError: int too large to convert to float"),
        ("pow", "-2", "-3", "-0.125"),
        ("pow", "7", "0", "1"),
        ("pow", "-3", "3", "-27"),
        ("lshift", "1", "-1", "ValueError: negative shift count"),
        ("rshift", "1", "-1", "ValueError: negative shift count"),
        ("lshift", "0", "1267650600228229401496703205376", "0"),
        ("rshift", "0", "1267650600228229401496703205376", "0"),
        ("lshift", "1", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "1", "1267650600228229401496703205376", "0"),
        ("lshift", "-1", "1267650600228229401496703205376", "OverflowError: too many digits in integer"),
        ("rshift", "-1", "1267650600228229401496703205376", "-1"),
        ("lshift", "5", "9223372036854775808", "MemoryError"),
        ("rshift", "5", "9223372036854775808", "0"),
        ("lshift", "-5", "1000", "-53575430359313366047421252453000090528070240585276680372187519418517552556246806124659918940784792906379733645877657341259357264284615702179922887873492874019672838874121154927105373025311855709389770910765232374917909706336993837795827719730385314572855982388432710838302149158263121934186028340346880"),
        ("rshift", "-5", "1000", "-1"),
        ("lshift", "12345", "0", "12345"),
        ("rshift", "12345", "0", "12345"),
    ];

    fn f64_repr(x: f64) -> String {
        crate::object::float::float_repr(x)
    }

    #[test]
    fn binary_ops_match_python() {
        for &(op, a, b, want) in OPS {
            let (a, b) = (n(a), n(b));
            let got = match op {
                "floordiv" => int_floordiv(&a, &b).map(|v| v.to_string()),
                "mod" => int_mod(&a, &b).map(|v| v.to_string()),
                "divmod" => int_divmod(&a, &b).map(|(q, r)| format!("({}, {})", q, r)),
                "truediv" => int_true_div(&a, &b).map(f64_repr),
                "pow" => int_pow(&a, &b).map(|r| match r {
                    IntPow::Int(v) => v.to_string(),
                    IntPow::Float(x) => f64_repr(x),
                }),
                "lshift" => int_lshift(&a, &b).map(|v| v.to_string()),
                "rshift" => int_rshift(&a, &b).map(|v| v.to_string()),
                _ => Ok(int_round(&a, &b).to_string()),
            };
            let got = got.unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "{} {} {}", op, a, b);
        }
    }

    /// `pow(a, b, m)`.
    const POWMOD: &[(&str, &str, &str, &str)] = &[
        ("-13996413907293925053", "2", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-5880719460461684275", "-1", "72", "53"),
        ("923203804722641112748379127478655202715484405387238082", "119511", "-4847599546942983089", "-4506555869919737824"),
        ("-1792401703679163260", "38508", "7", "1"),
        ("15187545788085455327", "39", "792", "575"),
        ("-726", "123485", "-11580057575602217383", "-3211346095553403830"),
        ("-7182560190788044061", "31", "-1", "0"),
        ("-289", "363262", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("2305843009213693951", "-1", "2305843009213693951", "ValueError: base is not invertible for the given modulus"),
        ("157", "11", "2305843009213693951", "1955749980137592308"),
        ("116", "39", "2305843009213693951", "1762625602654906511"),
        ("-2820949047330768329", "36", "-682", "-151"),
        ("-310", "-1", "-12964792640560156729", "-10915518965116777117"),
        ("-2", "31", "-85", "-43"),
        ("-4972993074391839587", "34", "2305843009213693951", "1845994010287150168"),
        ("-952", "29", "2305843009213693951", "1151007056852880912"),
        ("7623265963679711374", "21", "-1", "0"),
        ("2305843009213693952", "-1", "9887770615473362814", "ValueError: base is not invertible for the given modulus"),
        ("2305843009213693952", "31", "2305843009213693951", "1"),
        ("-613", "-1", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("16926746524318279", "-1", "-1", "0"),
        ("978", "800961", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-320", "475958", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-14108314331272771949", "0", "2305843009213693951", "1"),
        ("4611686018427387904", "25", "-465", "-371"),
        ("-598266386720739338982214007608221173169059539795072", "36", "17293183733021031376", "16774785235343197760"),
        ("33034993531405687822554521897862137748350005076820", "-1", "-1", "0"),
        ("-2469131271295734692", "-1", "42", "ValueError: base is not invertible for the given modulus"),
        ("3587976413823276389", "19", "1", "0"),
        ("52512051082019840291514", "8", "-88", "-40"),
        ("858242403792139568134777994192239769973439465397", "364801", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-463", "-1", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-8789707952560974940", "-1", "95", "ValueError: base is not invertible for the given modulus"),
        ("3461052736354517926", "429834", "1", "0"),
        ("-2", "18", "-18", "-8"),
        ("-8624501077556932871101745118058", "-1", "1", "0"),
        ("2305843009213693951", "-1", "6", "1"),
        ("-773", "-1", "1", "0"),
        ("-833", "32", "89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "2888285001503576902859124502781934120287540170991883262988356483414968761888780964636613109761"),
        ("-11288106373906568915", "19", "-1", "0"),
        ("9223372036854775808", "24", "-6915209216598150468234165169062862782", "-1182359239628394848464526052129143390"),
        ("26265796835078218519537793685881746389866259199085660909", "-1", "1", "0"),
        ("89884656743115795386465259539451236680898848947115328636715040578866337902750481566354238661203768010560056939935696678829394884407208311246423715319737062188883946712432742638151109800623047059726541476042502884419075341171231440736956555270413618581675255342293149119973622969239858152417678164812112068608", "-1", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-3678613910875997331", "-1", "293832544412864212865847461027023664692504786375114892", "91727842836807942913528719418348179051805429239198485"),
        ("360", "519262", "2305843009213693951", "325445031982412700"),
        ("-2", "39", "-1", "0"),
        ("-12732060347810128818", "26", "7", "2"),
        ("1454764648283143458", "966683", "2305843009213693951", "977807957525136466"),
        ("-337020528032294432974394245114163018065473687856560068", "449351", "-10009336234728205973", "-2427337205430430232"),
        ("-12298449232859910886", "492353", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("4611686018427387904", "-1", "-1", "0"),
        ("-4361498148253976776", "-1", "-45", "-1"),
        ("-709", "155825", "1", "0"),
        ("-25546664986984256845849209735909094451466278074132756813944", "32", "88204497680405522460950747899028735127633808756919429604", "87644293818771149468640871024956987781321149206532418548"),
        ("-632730138295445089", "-3", "-60", "-49"),
        ("-783", "14", "1", "0"),
        ("-8583573321535192492003621957067402432363040", "2", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("497", "403673", "2305843009213693951", "1874332167854091952"),
        ("524", "3", "32", "0"),
        ("9007199254740992", "-1", "555137497758360867", "24328030561068341"),
        ("2", "-1", "4", "ValueError: base is not invertible for the given modulus"),
        ("3", "-1", "7", "5"),
        ("3", "-2", "-7", "-3"),
        ("0", "-1", "5", "ValueError: base is not invertible for the given modulus"),
        ("5", "-1", "1", "0"),
        ("5", "-1", "-1", "0"),
        ("4", "2", "0", "ValueError: pow() 3rd argument cannot be 0"),
        ("-3", "3", "5", "3"),
        ("-3", "3", "-5", "-2"),
        ("10", "0", "1", "0"),
        ("10", "0", "7", "1"),
    ];

    #[test]
    fn pow_mod_matches_python() {
        for &(a, b, m, want) in POWMOD {
            let got = int_pow_mod(&n(a), &n(b), &n(m))
                .map(|v| v.to_string())
                .unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "pow({}, {}, {})", a, b, m);
        }
    }

    /// (n, float(n), hex, oct, bin, base-36 digits, __sizeof__, bit_length)
    type Unary = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        usize,
        u64,
    );

    /// Unary conversions recorded from python3.11.
    const UNARY: &[Unary] = &[
        ("0", "0.0", "0x0", "0o0", "0b0", "0", 28, 0),
        ("1", "1.0", "0x1", "0o1", "0b1", "1", 28, 1),
        ("-1", "-1.0", "-0x1", "-0o1", "-0b1", "-1", 28, 1),
        ("1073741823", "1073741823.0", "0x3fffffff", "0o7777777777", "0b111111111111111111111111111111", "hra0hr", 28, 30),
        ("1073741824", "1073741824.0", "0x40000000", "0o10000000000", "0b1000000000000000000000000000000", "hra0hs", 32, 31),
        ("-1152921504606846976", "-1.152921504606847e+18", "-0x1000000000000000", "-0o100000000000000000000", "-0b1000000000000000000000000000000000000000000000000000000000000", "-8rc4kbdvss1s", 36, 61),
        ("179769313486231590772930519078902473361797697894230657273430081157732675805500963132708477322407536021120113879871393357658789768814416622492847430639474124377767893424865485276302219601246094119453082952085005768838150682342462881473913110540827237163350510684586298239947245938479716304835356329624224137216", "OverflowError: int too large to convert to float", "0x10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0o200000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0b10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1a1e4vngailcvjqw4xzxquz2rlba2smafraraffnnqrujviljodimsk3fqpjxlt9zlwb500irz489wgwyo1un9jx8q3ak7bnocwsa0sklklpyujvw36crnsxo9t7taja70eqxlrqc1174rag9imzz1stqw4luciq49x0vfkc818vhwthi13jq8ceglmxthyd52gv18g", 164, 1025),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "OverflowError: int too large to convert to float", "0xfffffffffffffc00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0o177777777777777777600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "0b1111111111111111111111111111111111111111111111111111110000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1a1e4vngail3j61xbrj3wd5p3w12pe2v432gh4ox7crihu9ilb64v83i0odsm9li304s327g1d63y48rknvo48cu9okopejzfwqfliuei0wg8zlbh8iutgt9p0jh8owzotodh4y5899hlf9rrbefbjsb841uaf03zvwuxzunql7mtgi99hm5pr4mw9ulplvm95p8g00", 164, 1024),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791", "1.7976931348623157e+308", "0xfffffffffffffbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "0o177777777777777777577777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777777", "0b1111111111111111111111111111111111111111111111111111101111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111111", "1a1e4vngail3j61xbrj3wd5p3w12pe2v432gh4ox7crihu9ilb64v83i0odsm9li304s327g1d63y48rknvo48cu9okopejzfwqfliuei0wg8zlbh8iutgt9p0jh8owzotodh4y5899hlf9rrbefbjsb841uaf03zvwuxzunql7mtgi99hm5pr4mw9ulplvm95p8fzz", 164, 1024),
        ("9007199254740993", "9007199254740992.0", "0x20000000000001", "0o400000000000000001", "0b100000000000000000000000000000000000000000000000000001", "2gosa7pa2gx", 32, 54),
        ("-1152921504606847105", "-1.1529215046068472e+18", "-0x1000000000000081", "-0o100000000000000000201", "-0b1000000000000000000000000000000000000000000000000000010000001", "-8rc4kbdvss5d", 36, 61),
        ("944", "944.0", "0x3b0", "0o1660", "0b1110110000", "q8", 28, 10),
        ("13346160114391864383", "1.3346160114391865e+19", "0xb93715e9bdd0543f", "0o1344670536467564052077", "0b1011100100110111000101011110100110111101110100000101010000111111", "2tebmwz6a9uf3", 36, 64),
        ("-3548288794203627384917186585336", "-3.548288794203627e+30", "-0x2cc923b2c413c29ae0cee422f8", "-0o5462221662610117024656031671021370", "-0b101100110010010010001110110010110001000001001111000010100110101110000011001110111001000010001011111000", "-9k0fwy2mpixji47m2whk", 40, 102),
        ("-844", "-844.0", "-0x34c", "-0o1514", "-0b1101001100", "-ng", 28, 10),
        ("352718653430675456", "3.5271865343067546e+17", "0x4e51bbf1b63b800", "0o23450673743330734000", "0b10011100101000110111011111100011011011000111011100000000000", "2oh0bsfyv7y8", 32, 59),
        ("480", "480.0", "0x1e0", "0o740", "0b111100000", "dc", 28, 9),
        ("10544485761567822152", "1.0544485761567822e+19", "0x925589eedd6a1148", "0o1111254236733532410510", "0b1001001001010101100010011110111011011101011010100001000101001000", "284188tpmzolk", 36, 64),
        ("-11900224663200737962", "-1.1900224663200737e+19", "-0xa5261747f56c2aaa", "-0o1224460564376533025252", "-0b1010010100100110000101110100011111110101011011000010101010101010", "-2ieudkr0u3o2y", 36, 64),
        ("-4237634690411885716", "-4.2376346904118856e+18", "-0x3acf1a4c89df7494", "-0o353170644621167672224", "-0b11101011001111000110100100110010001001110111110111010010010100", "-w71g4lopuys4", 36, 62),
        ("453", "453.0", "0x1c5", "0o705", "0b111000101", "cl", 28, 9),
        ("-9222400392878305708", "-9.222400392878305e+18", "-0x7ffc8c4b81ef31ac", "-0o777744304560173630654", "-0b111111111111100100011000100101110000001111011110011000110101100", "-1y2fg3g05wq7g", 36, 63),
        ("-831", "-831.0", "-0x33f", "-0o1477", "-0b1100111111", "-n3", 28, 10),
        ("-690", "-690.0", "-0x2b2", "-0o1262", "-0b1010110010", "-j6", 28, 10),
        ("580", "580.0", "0x244", "0o1104", "0b1001000100", "g4", 28, 10),
        ("45334875462456202404618810540298056481836129", "4.533487546245621e+43", "0x2086b3999d230938fd5e2ca76616276170c61", "0o2020654714635106044707725705451663026116605606141", "0b10000010000110101100111001100110011101001000110000100100111000111111010101111000101100101001110110011000010110001001110110000101110000110001100001", "179zzs9beaqochfkfczfh9lyei4bl", 44, 146),
        ("647", "647.0", "0x287", "0o1207", "0b1010000111", "hz", 28, 10),
        ("307", "307.0", "0x133", "0o463", "0b100110011", "8j", 28, 9),
        ("-88", "-88.0", "-0x58", "-0o130", "-0b1011000", "-2g", 28, 7),
        ("4", "4.0", "0x4", "0o4", "0b100", "4", 28, 3),
        ("-4274041102127499800", "-4.2740411021275e+18", "-0x3b5071bccfba8a18", "-0o355203433631756505030", "-0b11101101010000011100011011110011001111101110101000101000011000", "-wgzx4gc7n3tk", 36, 62),
        ("780", "780.0", "0x30c", "0o1414", "0b1100001100", "lo", 28, 10),
        ("-5803850600818488761", "-5.803850600818488e+18", "-0x508b6b5f0f3935b9", "-0o502133265741716232671", "-0b101000010001011011010110101111100001111001110010011010110111001", "-183f1bxzdhz95", 36, 63),
        ("-1", "-1.0", "-0x1", "-0o1", "-0b1", "-1", 28, 1),
        ("-10488639189269027425", "-1.0488639189269027e+19", "-0x918f21c57d9f1a61", "-0o1106171034257547615141", "-0b1001000110001111001000011100010101111101100111110001101001100001", "-27orcacks20dd", 36, 64),
        ("7468064278584088429", "7.468064278584089e+18", "0x67a3e4e4d4c9d76d", "0o636437116232462353555", "0b110011110100011111001001110010011010100110010011101011101101101", "1kqljuf3nb9f1", 36, 63),
        ("560", "560.0", "0x230", "0o1060", "0b1000110000", "fk", 28, 10),
        ("2890944225654229080", "2.890944225654229e+18", "0x281eb274d3964858", "0o240365447232345444130", "0b10100000011110101100100111010011010011100101100100100001011000", "lype76w2k860", 36, 62),
        ("4611686018427387904", "4.611686018427388e+18", "0x4000000000000000", "0o400000000000000000000", "0b100000000000000000000000000000000000000000000000000000000000000", "z1ci99jj7474", 36, 63),
        ("752", "752.0", "0x2f0", "0o1360", "0b1011110000", "kw", 28, 10),
        ("-102", "-102.0", "-0x66", "-0o146", "-0b1100110", "-2u", 28, 7),
        ("12192244001620671193", "1.219224400162067e+19", "0xa9338d527b7cbad9", "0o1244634325117337135331", "0b1010100100110011100011010101001001111011011111001011101011011001", "2kmppsj3tfzkp", 36, 64),
        ("-71779", "-71779.0", "-0x11863", "-0o214143", "-0b10001100001100011", "-1jdv", 28, 17),
        ("84", "84.0", "0x54", "0o124", "0b1010100", "2c", 28, 7),
        ("902223536247831392159560156105341438215946705524965931237666", "9.022235362478313e+59", "0x8fbb853c4c3c01e7a46b3fa2fbacabc13fb68347a534684122", "0o2175670247423036001717221531772137353125701177332032172246432040442", "0b10001111101110111000010100111100010011000011110000000001111001111010010001101011001111111010001011111011101011001010101111000001001111111011011010000011010001111010010100110100011010000100000100100010", "6jkjvh2n1lsr9kznizkv8g4cxziararx75ulrmq", 52, 200),
        ("-7191464106396994796386575837937747274034247763737660774347", "-7.191464106396995e+57", "-0x1254a637a3ba4daa311ad94ab381baabe4832c43e390657cb", "-0o11124514336435644665214215331225316015652574440626103707101453713", "-0b1001001010100101001100011011110100011101110100100110110101010001100010001101011011001010010101011001110000001101110101010101111100100100000110010110001000011111000111001000001100101011111001011", "-1vlhoo3nlw2mxc0j1gvvywfn5pg0bg11kr5ya3", 52, 193),
        ("-183", "-183.0", "-0xb7", "-0o267", "-0b10110111", "-53", 28, 8),
        ("-16969640398960972994", "-1.6969640398960974e+19", "-0xeb804608aa2fd4c2", "-0o1656002140425213752302", "-0b1110101110000000010001100000100010101010001011111101010011000010", "-3kxdvh5sa72yq", 36, 64),
        ("-9992933472627863602258389380229603127534284", "-9.992933472627864e+42", "-0x72b69794b8690c3247da880145d065b522cc", "-0o345332274513415103031107665040012135014555221314", "-0b11100101011011010010111100101001011100001101001000011000011001001000111110110101000100000000001010001011101000001100101101101010010001011001100", "-9jf6rs353ha02p9lncoucc9y0c0c", 44, 143),
        ("10", "10.0", "0xa", "0o12", "0b1010", "a", 28, 4),
        ("-834", "-834.0", "-0x342", "-0o1502", "-0b1101000010", "-n6", 28, 10),
        ("16902681350993882572", "1.6902681350993883e+19", "0xea9263226d9c2dcc", "0o1652223062115547026714", "0b1110101010010010011000110010001001101101100111000010110111001100", "3kf2kh3sxz6q4", 36, 64),
        ("3667854579939310327", "3.66785457993931e+18", "0x32e6d64ead127af7", "0o313466544725504475367", "0b11001011100110110101100100111010101101000100100111101011110111", "rv75xohczj07", 36, 62),
        ("-380", "-380.0", "-0x17c", "-0o574", "-0b101111100", "-ak", 28, 9),
        ("-973", "-973.0", "-0x3cd", "-0o1715", "-0b1111001101", "-r1", 28, 10),
        ("0", "0.0", "0x0", "0o0", "0b0", "0", 28, 0),
        ("-17732451956877683920", "-1.7732451956877685e+19", "-0xf616531aae5fecd0", "-0o1730262461525627766320", "-0b1111011000010110010100110001101010101110010111111110110011010000", "-3qq0tltqn11hs", 36, 64),
        ("143", "143.0", "0x8f", "0o217", "0b10001111", "3z", 28, 8),
        ("498", "498.0", "0x1f2", "0o762", "0b111110010", "du", 28, 9),
        ("-602", "-602.0", "-0x25a", "-0o1132", "-0b1001011010", "-gq", 28, 10),
        ("-985", "-985.0", "-0x3d9", "-0o1731", "-0b1111011001", "-rd", 28, 10),
        ("-510", "-510.0", "-0x1fe", "-0o776", "-0b111111110", "-e6", 28, 9),
        ("-5848552110708958207", "-5.848552110708958e+18", "-0x512a3b28612b23ff", "-0o504521662414112621777", "-0b101000100101010001110110010100001100001001010110010001111111111", "-18fn6p04ni2gv", 36, 63),
        ("-811", "-811.0", "-0x32b", "-0o1453", "-0b1100101011", "-mj", 28, 10),
        ("456", "456.0", "0x1c8", "0o710", "0b111001000", "co", 28, 9),
        ("-566", "-566.0", "-0x236", "-0o1066", "-0b1000110110", "-fq", 28, 10),
        ("8", "8.0", "0x8", "0o10", "0b1000", "8", 28, 4),
        ("-958", "-958.0", "-0x3be", "-0o1676", "-0b1110111110", "-qm", 28, 10),
        ("2305843009213693952", "2.305843009213694e+18", "0x2000000000000000", "0o200000000000000000000", "0b10000000000000000000000000000000000000000000000000000000000000", "hio94mrrlk3k", 36, 62),
        ("2356568981438583176741323024807", "2.356568981438583e+30", "0x1dbe7c2c70621a3a8ae40c29a7", "0o3557476054340610321650534403024647", "0b11101101111100111110000101100011100000110001000011010001110101000101011100100000011000010100110100111", "6ch16n2k9anxu4kog5uv", 40, 101),
    ];

    #[test]
    fn unary_conversions_match_python() {
        for &(s, flt, hex, oct, bin, b36, size, bits) in UNARY {
            let a = n(s);
            assert_eq!(
                int_to_f64(&a)
                    .map(f64_repr)
                    .unwrap_or_else(|e| e.to_string()),
                flt,
                "float({})",
                s
            );
            assert_eq!(int_to_str_radix(&a, 16, true), hex);
            assert_eq!(int_to_str_radix(&a, 8, true), oct);
            assert_eq!(int_to_str_radix(&a, 2, true), bin);
            assert_eq!(int_to_str_radix(&a, 36, false), b36);
            assert_eq!(int_sizeof(&a), size, "sizeof {}", s);
            assert_eq!(int_bit_length(&a), bits);
            assert_eq!(int_to_decimal_string(&a).as_deref(), Ok(s));
        }
        assert_eq!(int_bit_count(&n("-255")), 8);
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut st = 0x2545f4914f6cdd1du64;
        let mut next = move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let alphabet: Vec<char> = "0123456789_ +-abxoXOBz\u{663}\u{3000}\u{0}"
            .chars()
            .collect();
        for _ in 0..3000 {
            let len = (next() % 10) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = parse_int(&s, (next() % 40) as u32);
            let a = BigInt::from(next() as i64) * BigInt::from(next() as i64);
            let b = BigInt::from((next() % 200) as i64 - 100);
            let _ = (
                int_floordiv(&a, &b),
                int_mod(&a, &b),
                int_divmod(&a, &b),
                int_true_div(&a, &b),
            );
            let _ = (
                int_pow(&a, &b),
                int_pow_mod(&a, &b, &b),
                int_lshift(&b, &b),
                int_rshift(&a, &b),
            );
            let _ = (int_round(&a, &b), int_to_f64(&a));
        }
    }
}
