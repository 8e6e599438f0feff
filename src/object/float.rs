//! Python `float` semantics as CPython 3.11 implements them: `repr`, `float(str)`, the
//! `PyOS_double_to_string` formatting engine, floor division / modulo / power and `round`.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{One, Zero};
use std::cmp::Ordering;

/// An exception CPython would raise: the exception class name (`"ValueError"`, …) and
/// the message exactly as CPython words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumError {
    /// Exception class name, e.g. `"ZeroDivisionError"`.
    pub kind: &'static str,
    /// Exception message (what `str(exc)` prints).
    pub message: String,
}

impl NumError {
    /// Builds an error from a class name and a message.
    pub fn new(kind: &'static str, message: impl Into<String>) -> NumError {
        NumError {
            kind,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for NumError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.kind, self.message)
        }
    }
}

/// The error type of float operations: (exception kind, message).
pub type FloatError = NumError;

// ---------------------------------------------------------------------------
// Decimal digit generation (the part of David Gay's dtoa that CPython uses)
// ---------------------------------------------------------------------------

/// Decimal digits of a finite double, as `_Py_dg_dtoa` returns them:
/// `|x| = 0.DIGITS × 10^decpt`, with no trailing zeros in `digits`.
/// `digits` may be empty (fixed-point mode rounding to zero); zero itself is `"0"`, decpt 1.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    neg: bool,
    digits: Vec<u8>,
    decpt: i64,
}

/// Splits a finite non-zero double into `(m, e)` with `|x| = m × 2^e`.
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    }
}

fn pow10(n: u64) -> BigUint {
    BigUint::from(10u32).pow(n as u32)
}

/// `round_half_even(m × 2^e × 10^n)` computed exactly.
fn round_scaled(m: u64, e: i64, n: i64) -> BigUint {
    let mut num = BigUint::from(m);
    let mut den = BigUint::one();
    if e >= 0 {
        num <<= e as u64;
    } else {
        den <<= (-e) as u64;
    }
    if n >= 0 {
        num *= pow10(n as u64);
    } else {
        den *= pow10((-n) as u64);
    }
    let q = &num / &den;
    let r = num - &q * &den;
    let twice = r << 1u32;
    match twice.cmp(&den) {
        Ordering::Greater => q + 1u32,
        Ordering::Equal if q.bit(0) => q + 1u32,
        _ => q,
    }
}

/// Compares `m × 2^e` with `10^k`.
fn cmp_pow10(m: u64, e: i64, k: i64) -> Ordering {
    let mut lhs = BigUint::from(m);
    let mut rhs = BigUint::one();
    if e >= 0 {
        lhs <<= e as u64;
    } else {
        rhs <<= (-e) as u64;
    }
    if k >= 0 {
        rhs *= pow10(k as u64);
    } else {
        lhs *= pow10((-k) as u64);
    }
    lhs.cmp(&rhs)
}

fn strip_trailing_zeros(mut v: Vec<u8>) -> Vec<u8> {
    while v.last() == Some(&b'0') {
        v.pop();
    }
    v
}

fn zero_digits(neg: bool) -> Digits {
    Digits {
        neg,
        digits: vec![b'0'],
        decpt: 1,
    }
}

/// dtoa mode 0: the shortest digit string that round-trips (via `ryu`).
fn shortest_digits(x: f64) -> Digits {
    let neg = x.is_sign_negative();
    if x == 0.0 {
        return zero_digits(neg);
    }
    let mut buf = ryu::Buffer::new();
    let text = buf.format_finite(x.abs());
    let (mant, exp) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], text[i + 1..].parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (int_part, frac_part) = match mant.find('.') {
        Some(i) => (&mant[..i], &mant[i + 1..]),
        None => (mant, ""),
    };
    let mut all: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let mut point = int_part.len() as i64 + exp;
    let lead = all.iter().take_while(|&&c| c == b'0').count();
    all.drain(..lead);
    point -= lead as i64;
    let all = strip_trailing_zeros(all);
    if all.is_empty() {
        return zero_digits(neg);
    }
    Digits {
        neg,
        digits: all,
        decpt: point,
    }
}

/// dtoa mode 3: correctly rounded (half-even) to `ndigits` digits after the decimal point
/// (`ndigits` may be negative).
fn fixed_digits(x: f64, ndigits: i64) -> Digits {
    let neg = x.is_sign_negative();
    if x == 0.0 {
        return zero_digits(neg);
    }
    // |x| < 1e309, so rounding at 10^400 or coarser gives zero.
    if ndigits < -400 {
        return Digits {
            neg,
            digits: Vec::new(),
            decpt: -ndigits,
        };
    }
    // A double has at most 1074 digits after the point: beyond that nothing rounds.
    let n = ndigits.min(1100);
    let (m, e) = decompose(x.abs());
    let q = round_scaled(m, e, n);
    if q.is_zero() {
        return Digits {
            neg,
            digits: Vec::new(),
            decpt: -ndigits,
        };
    }
    let s = q.to_str_radix(10).into_bytes();
    let decpt = s.len() as i64 - n;
    Digits {
        neg,
        digits: strip_trailing_zeros(s),
        decpt,
    }
}

/// dtoa mode 2: correctly rounded (half-even) to `ndigits` (>= 1) significant digits.
fn significant_digits(x: f64, ndigits: i64) -> Digits {
    let neg = x.is_sign_negative();
    if x == 0.0 {
        return zero_digits(neg);
    }
    // A double has at most 767 significant decimal digits.
    let nd = ndigits.clamp(1, 800);
    let ax = x.abs();
    let (m, e) = decompose(ax);
    let mut k = ax.log10().floor() as i64;
    while cmp_pow10(m, e, k) == Ordering::Less {
        k -= 1;
    }
    while cmp_pow10(m, e, k + 1) != Ordering::Less {
        k += 1;
    }
    let q = round_scaled(m, e, nd - 1 - k);
    let mut s = q.to_str_radix(10).into_bytes();
    if s.len() as i64 > nd {
        // Rounded up to the next power of ten.
        s.truncate(nd as usize);
        k += 1;
    }
    Digits {
        neg,
        digits: strip_trailing_zeros(s),
        decpt: k + 1,
    }
}

// ---------------------------------------------------------------------------
// PyOS_double_to_string
// ---------------------------------------------------------------------------

/// Flags of `PyOS_double_to_string` (`Py_DTSF_*`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DtoaFlags {
    /// `Py_DTSF_SIGN`: always emit a sign (`+` for non-negative numbers, nan and inf too).
    pub sign: bool,
    /// `Py_DTSF_ADD_DOT_0`: add `.0` to integral results not in exponent form.
    pub add_dot_0: bool,
    /// `Py_DTSF_ALT`: the `#` alternate form (keep the decimal point and trailing zeros).
    pub alt: bool,
    /// `Py_DTSF_NO_NEG_0`: the `z` option (3.11): a result that rounds to zero loses its `-`.
    pub no_neg_0: bool,
}

/// CPython's `PyOS_double_to_string(x, code, precision, flags)`.
///
/// `code` is one of `e E f F g G r` (`r` = repr, precision ignored); any other code is
/// treated as `r`. Upper-case codes give `E`, `INF`, `NAN`. `g` with precision 0 means 1.
pub fn double_to_string(x: f64, code: char, precision: usize, flags: DtoaFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    // CPython rejects precisions above INT_MAX before getting here.
    let precision = precision.min(i32::MAX as usize) as i64;
    let (code, precision) = match code {
        'e' => ('e', precision + 1),
        'f' => ('f', precision),
        'g' => ('g', precision.max(1)),
        _ => ('r', 0),
    };
    let mut out = String::new();
    if x.is_nan() || x.is_infinite() {
        if x.is_infinite() && x < 0.0 {
            out.push('-');
        } else if flags.sign {
            out.push('+');
        }
        let word = if x.is_nan() { "nan" } else { "inf" };
        if upper {
            out.push_str(&word.to_ascii_uppercase());
        } else {
            out.push_str(word);
        }
        return out;
    }
    let d = match code {
        'e' | 'g' => significant_digits(x, precision),
        'f' => fixed_digits(x, precision),
        _ => shortest_digits(x),
    };
    layout_digits(d, code, precision, flags, upper)
}

/// The layout half of CPython's `format_float_short`.
fn layout_digits(d: Digits, code: char, precision: i64, flags: DtoaFlags, upper: bool) -> String {
    let digits = d.digits;
    let digits_len = digits.len() as i64;
    let mut decpt = d.decpt;
    let mut neg = d.neg;
    if flags.no_neg_0 && neg && (digits.is_empty() || digits == b"0") {
        neg = false;
    }
    let add_dot_0 = flags.add_dot_0;
    let alt = flags.alt;
    let mut use_exp = false;
    let mut exp = 0i64;
    let mut vdigits_end = digits_len;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if add_dot_0 { precision - 1 } else { precision };
            if decpt <= -4 || decpt > limit {
                use_exp = true;
            }
            if alt {
                vdigits_end = precision;
            }
        }
        _ => {
            if decpt <= -4 || decpt > 16 {
                use_exp = true;
            }
        }
    }
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    if !use_exp && add_dot_0 {
        vdigits_end = vdigits_end.max(decpt + 1);
    } else {
        vdigits_end = vdigits_end.max(decpt);
    }
    let mut buf: Vec<u8> = Vec::with_capacity(digits.len() + 8);
    if neg {
        buf.push(b'-');
    } else if flags.sign {
        buf.push(b'+');
    }
    let zeros = |buf: &mut Vec<u8>, n: i64| {
        for _ in 0..n.max(0) {
            buf.push(b'0');
        }
    };
    if decpt <= 0 {
        zeros(&mut buf, decpt - vdigits_start);
        buf.push(b'.');
        zeros(&mut buf, -decpt);
    } else {
        zeros(&mut buf, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        buf.extend_from_slice(&digits[..decpt as usize]);
        buf.push(b'.');
        buf.extend_from_slice(&digits[decpt as usize..]);
    } else {
        buf.extend_from_slice(&digits);
    }
    if digits_len < decpt {
        zeros(&mut buf, decpt - digits_len);
        buf.push(b'.');
        zeros(&mut buf, vdigits_end - decpt);
    } else {
        zeros(&mut buf, vdigits_end - digits_len);
    }
    if buf.last() == Some(&b'.') && !alt {
        buf.pop();
    }
    if use_exp {
        buf.push(if upper { b'E' } else { b'e' });
        buf.push(if exp < 0 { b'-' } else { b'+' });
        let mag = exp.unsigned_abs();
        if mag < 10 {
            buf.push(b'0');
        }
        buf.extend_from_slice(mag.to_string().as_bytes());
    }
    String::from_utf8(buf).unwrap_or_default()
}

/// `repr(x)` (and `str(x)`) of a Python float: shortest round-tripping digits, exponent
/// form when the decimal exponent is < -4 or >= 16, `.0` added to integral values.
pub fn float_repr(x: f64) -> String {
    double_to_string(
        x,
        'r',
        0,
        DtoaFlags {
            add_dot_0: true,
            ..DtoaFlags::default()
        },
    )
}

/// `repr(complex(re, im))`: `2j`, `(1+2j)`, `(-0+1j)`, `(nan+infj)` (CPython's
/// `complex_repr`: no parentheses when the real part is +0.0).
pub fn complex_repr(re: f64, im: f64) -> String {
    let plain = DtoaFlags::default();
    if re == 0.0 && re.is_sign_positive() {
        format!("{}j", double_to_string(im, 'r', 0, plain))
    } else {
        let signed = DtoaFlags {
            sign: true,
            ..DtoaFlags::default()
        };
        format!(
            "({}{}j)",
            double_to_string(re, 'r', 0, plain),
            double_to_string(im, 'r', 0, signed)
        )
    }
}

/// `str(x)` of a Python float: identical to [`float_repr`] since Python 3.2.
pub fn format_float_str(x: f64) -> String {
    float_repr(x)
}

// ---------------------------------------------------------------------------
// float(str)
// ---------------------------------------------------------------------------

/// Zero code points of every run of Unicode decimal digits (category Nd) above ASCII,
/// as of Unicode 14 (Python 3.11); each run covers the digits 0..9.
const DECIMAL_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// `Py_UNICODE_TODECIMAL`: the value of a Unicode decimal digit (ASCII or any Nd digit).
pub fn unicode_decimal_value(c: char) -> Option<u32> {
    let cp = c as u32;
    if c.is_ascii_digit() {
        return Some(cp - '0' as u32);
    }
    if cp < 0x660 {
        return None;
    }
    let idx = DECIMAL_ZEROS.partition_point(|&z| z <= cp);
    if idx == 0 {
        return None;
    }
    let zero = DECIMAL_ZEROS[idx - 1];
    if cp - zero < 10 {
        Some(cp - zero)
    } else {
        None
    }
}

/// `Py_UNICODE_ISSPACE` (what `str.isspace()` and `str.split()` use).
pub fn is_python_space(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D
            | 0x1C..=0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

/// `_PyUnicode_TransformDecimalAndSpaceToASCII`: non-ASCII whitespace becomes `' '`,
/// non-ASCII decimal digits become ASCII digits, and the text is cut after a `'?'` at the
/// first other non-ASCII character. `int(str)` and `float(str)` parse the result.
pub fn transform_decimal_and_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if (c as u32) < 127 {
            out.push(c);
        } else if is_python_space(c) {
            out.push(' ');
        } else if let Some(d) = unicode_decimal_value(c) {
            out.push((b'0' + d as u8) as char);
        } else {
            out.push('?');
            break;
        }
    }
    out
}

/// CPython's `_Py_string_to_number_with_underscores` check: every `_` must sit between
/// two ASCII digits. Returns the text without underscores, or `None`.
pub fn remove_number_underscores(s: &str) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_string());
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = '\0';
    for c in s.chars() {
        if c == '_' {
            if !prev.is_ascii_digit() {
                return None;
            }
        } else {
            if prev == '_' && !c.is_ascii_digit() {
                return None;
            }
            out.push(c);
        }
        prev = c;
    }
    if prev == '_' {
        return None;
    }
    Some(out)
}

fn is_c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Parses the text of `float(s)` as Python 3.11 accepts it: surrounding whitespace
/// (Unicode too), Unicode decimal digits, `_` between digits, an optional sign,
/// `inf`/`infinity`/`nan` in any case, and decimal literals like `1e5`, `.5`, `5.`.
/// Returns `None` where Python raises `ValueError: could not convert string to float: …`
/// (the caller formats that message with the repr of the original string).
pub fn parse_float(s: &str) -> Option<f64> {
    let t = transform_decimal_and_space(s);
    let t = remove_number_underscores(&t)?;
    let b = t.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    while start < end && is_c_space(b[start]) {
        start += 1;
    }
    while end > start && is_c_space(b[end - 1]) {
        end -= 1;
    }
    let body = &t[start..end];
    parse_float_ascii(body)
}

/// Parses an already stripped ASCII float literal (no underscores, no whitespace).
fn parse_float_ascii(body: &str) -> Option<f64> {
    let b = body.as_bytes();
    let (neg, rest) = match b.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let lower = rest.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(if neg {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    if lower == "nan" {
        return Some(if neg { -f64::NAN } else { f64::NAN });
    }
    // digits [. digits] [e [sign] digits], at least one mantissa digit.
    let r = rest.as_bytes();
    let mut i = 0;
    let mut mant_digits = 0;
    while i < r.len() && r[i].is_ascii_digit() {
        i += 1;
        mant_digits += 1;
    }
    if i < r.len() && r[i] == b'.' {
        i += 1;
        while i < r.len() && r[i].is_ascii_digit() {
            i += 1;
            mant_digits += 1;
        }
    }
    if mant_digits == 0 {
        return None;
    }
    if i < r.len() && (r[i] == b'e' || r[i] == b'E') {
        i += 1;
        if i < r.len() && (r[i] == b'+' || r[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < r.len() && r[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != r.len() {
        return None;
    }
    let v: f64 = rest.parse().ok()?;
    Some(if neg { -v } else { v })
}

// ---------------------------------------------------------------------------
// Arithmetic
// ---------------------------------------------------------------------------

/// `x / y` for floats: `ZeroDivisionError: float division by zero`.
pub fn float_div(x: f64, y: f64) -> Result<f64, FloatError> {
    if y == 0.0 {
        return Err(NumError::new("ZeroDivisionError", "float division by zero"));
    }
    Ok(x / y)
}

/// CPython's `_float_div_mod` (divisor already known to be non-zero).
fn float_div_mod_raw(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// `x // y` for floats (`ZeroDivisionError: float floor division by zero`).
pub fn float_floordiv(x: f64, y: f64) -> Result<f64, FloatError> {
    if y == 0.0 {
        return Err(NumError::new(
            "ZeroDivisionError",
            "float floor division by zero",
        ));
    }
    Ok(float_div_mod_raw(x, y).0)
}

/// `x % y` for floats: the result has the sign of `y` (`ZeroDivisionError: float modulo`).
pub fn float_mod(x: f64, y: f64) -> Result<f64, FloatError> {
    if y == 0.0 {
        return Err(NumError::new("ZeroDivisionError", "float modulo"));
    }
    let mut m = x % y;
    if m != 0.0 {
        if (y < 0.0) != (m < 0.0) {
            m += y;
        }
    } else {
        m = 0.0f64.copysign(y);
    }
    Ok(m)
}

/// `divmod(x, y)` for floats (`ZeroDivisionError: float divmod()`).
pub fn float_divmod(x: f64, y: f64) -> Result<(f64, f64), FloatError> {
    if y == 0.0 {
        return Err(NumError::new("ZeroDivisionError", "float divmod()"));
    }
    Ok(float_div_mod_raw(x, y))
}

/// Result of `float ** float`: usually a float, but a negative base raised to a
/// non-integral power gives a complex number in Python 3.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FloatPow {
    /// A float result.
    Float(f64),
    /// A complex result `(real, imag)`, as CPython's complex power computes it.
    Complex(f64, f64),
}

fn is_odd_integer(x: f64) -> bool {
    x.is_finite() && (x % 2.0).abs() == 1.0
}

/// `x ** y` for floats with CPython's special cases and errors:
/// `0.0 ** negative` → `ZeroDivisionError: 0.0 cannot be raised to a negative power`,
/// overflow → `OverflowError: (34, 'Numerical result out of range')`,
/// negative ** fractional → [`FloatPow::Complex`] (computed like `complex.__pow__`).
pub fn float_pow(x: f64, y: f64) -> Result<FloatPow, FloatError> {
    let (iv, iw) = (x, y);
    if iw == 0.0 {
        return Ok(FloatPow::Float(1.0));
    }
    if iv.is_nan() {
        return Ok(FloatPow::Float(iv));
    }
    if iw.is_nan() {
        return Ok(FloatPow::Float(if iv == 1.0 { 1.0 } else { iw }));
    }
    if iw.is_infinite() {
        let a = iv.abs();
        return Ok(FloatPow::Float(if a == 1.0 {
            1.0
        } else if (iw > 0.0) == (a > 1.0) {
            iw.abs()
        } else {
            0.0
        }));
    }
    if iv.is_infinite() {
        let odd = is_odd_integer(iw);
        return Ok(FloatPow::Float(if iw > 0.0 {
            if odd {
                iv
            } else {
                iv.abs()
            }
        } else if odd {
            0.0f64.copysign(iv)
        } else {
            0.0
        }));
    }
    if iv == 0.0 {
        let odd = is_odd_integer(iw);
        if iw < 0.0 {
            return Err(NumError::new(
                "ZeroDivisionError",
                "0.0 cannot be raised to a negative power",
            ));
        }
        return Ok(FloatPow::Float(if odd { iv } else { 0.0 }));
    }
    let mut base = iv;
    let mut negate = false;
    if iv < 0.0 {
        if iw != iw.floor() {
            return complex_pow_real(iv, iw).map(|(re, im)| FloatPow::Complex(re, im));
        }
        base = -iv;
        negate = is_odd_integer(iw);
    }
    if base == 1.0 {
        return Ok(FloatPow::Float(if negate { -1.0 } else { 1.0 }));
    }
    let mut r = base.powf(iw);
    if r.is_infinite() {
        return Err(NumError::new(
            "OverflowError",
            "(34, 'Numerical result out of range')",
        ));
    }
    if negate {
        r = -r;
    }
    Ok(FloatPow::Float(r))
}

/// CPython's `_Py_c_pow((a, 0), (b, 0))` for a negative real base and a non-integral
/// real exponent, with `complex_pow`'s overflow check (`OverflowError: complex exponentiation`).
fn complex_pow_real(a: f64, b: f64) -> Result<(f64, f64), FloatError> {
    let vabs = a.hypot(0.0);
    let len = vabs.powf(b);
    let at = 0.0f64.atan2(a);
    let phase = at * b;
    let re = len * phase.cos();
    let im = len * phase.sin();
    if re.is_infinite() || im.is_infinite() {
        return Err(NumError::new("OverflowError", "complex exponentiation"));
    }
    Ok((re, im))
}

// ---------------------------------------------------------------------------
// Conversions and rounding
// ---------------------------------------------------------------------------

/// `int(x)` for a float: truncation toward zero. Errors as `PyLong_FromDouble`:
/// `OverflowError: cannot convert float infinity to integer`,
/// `ValueError: cannot convert float NaN to integer`.
pub fn float_to_bigint(x: f64) -> Result<BigInt, FloatError> {
    if x.is_nan() {
        return Err(NumError::new(
            "ValueError",
            "cannot convert float NaN to integer",
        ));
    }
    if x.is_infinite() {
        return Err(NumError::new(
            "OverflowError",
            "cannot convert float infinity to integer",
        ));
    }
    let t = x.trunc();
    if t == 0.0 {
        return Ok(BigInt::zero());
    }
    let (m, e) = decompose(t.abs());
    let mag = if e >= 0 {
        BigUint::from(m) << (e as u64)
    } else {
        BigUint::from(m) >> ((-e) as u64)
    };
    let sign = if t < 0.0 { Sign::Minus } else { Sign::Plus };
    Ok(BigInt::from_biguint(sign, mag))
}

/// `float.is_integer()`.
pub fn float_is_integer(x: f64) -> bool {
    x.is_finite() && x.trunc() == x
}

/// Result of [`float_round`]: `round(x)` gives an int, `round(x, n)` a float.
#[derive(Debug, Clone, PartialEq)]
pub enum FloatRound {
    /// `round(x)` / `round(x, None)`.
    Int(BigInt),
    /// `round(x, n)`.
    Float(f64),
}

/// `round(x)`: round half to even, as an int (errors as [`float_to_bigint`]).
pub fn float_round_to_int(x: f64) -> Result<BigInt, FloatError> {
    float_to_bigint(x.round_ties_even())
}

/// `round(x, ndigits)`: correctly rounded to `ndigits` decimal places (half-even on the
/// exact binary value, so `round(2.675, 2) == 2.67`), as CPython's `double_round`.
/// `OverflowError: rounded value too large to represent` when the result overflows.
pub fn float_round_ndigits(x: f64, ndigits: i64) -> Result<f64, FloatError> {
    const NDIGITS_MAX: i64 = 323;
    const NDIGITS_MIN: i64 = -308;
    if !x.is_finite() {
        return Ok(x);
    }
    if ndigits > NDIGITS_MAX {
        return Ok(x);
    }
    if ndigits < NDIGITS_MIN {
        return Ok(0.0 * x);
    }
    let d = fixed_digits(x, ndigits);
    let mut text = String::new();
    if d.neg {
        text.push('-');
    }
    text.push('0');
    text.push_str(std::str::from_utf8(&d.digits).unwrap_or(""));
    text.push('e');
    text.push_str(&(d.decpt - d.digits.len() as i64).to_string());
    let rounded: f64 = text.parse().unwrap_or(x);
    if rounded.is_infinite() {
        return Err(NumError::new(
            "OverflowError",
            "rounded value too large to represent",
        ));
    }
    Ok(rounded)
}

/// `round(x, ndigits)` with `ndigits` optional (`None` = one-argument `round`).
pub fn float_round(x: f64, ndigits: Option<i64>) -> Result<FloatRound, FloatError> {
    match ndigits {
        None => float_round_to_int(x).map(FloatRound::Int),
        Some(n) => float_round_ndigits(x, n).map(FloatRound::Float),
    }
}

/// Exact value of a finite float as a ratio `(numerator, denominator)` in lowest terms
/// with a positive power-of-two denominator (`float.as_integer_ratio()`).
/// Errors: `OverflowError: cannot convert Infinity to integer ratio`,
/// `ValueError: cannot convert NaN to integer ratio`.
pub fn float_as_integer_ratio(x: f64) -> Result<(BigInt, BigInt), FloatError> {
    if x.is_nan() {
        return Err(NumError::new(
            "ValueError",
            "cannot convert NaN to integer ratio",
        ));
    }
    if x.is_infinite() {
        return Err(NumError::new(
            "OverflowError",
            "cannot convert Infinity to integer ratio",
        ));
    }
    if x == 0.0 {
        return Ok((BigInt::zero(), BigInt::one()));
    }
    let (mut m, mut e) = decompose(x.abs());
    let tz = m.trailing_zeros() as i64;
    m >>= tz;
    e += tz;
    let sign = if x < 0.0 { Sign::Minus } else { Sign::Plus };
    if e >= 0 {
        let n = BigUint::from(m) << (e as u64);
        Ok((BigInt::from_biguint(sign, n), BigInt::one()))
    } else {
        let d = BigUint::one() << ((-e) as u64);
        Ok((
            BigInt::from_biguint(sign, BigUint::from(m)),
            BigInt::from_biguint(Sign::Plus, d),
        ))
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    fn f(bits: u64) -> f64 {
        f64::from_bits(bits)
    }

    /// `repr(float)` recorded from python3.11.
    const REPR: &[(u64, &str)] = &[
        (0x0000000000000000, "0.0"),
        (0x8000000000000000, "-0.0"),
        (0x7ff0000000000000, "inf"),
        (0xfff0000000000000, "-inf"),
        (0x7ff8000000000000, "nan"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x0000000000000002, "1e-323"),
        (0x0010000000000000, "2.2250738585072014e-308"),
        (0x000fffffffffffff, "2.225073858507201e-308"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x3fe0000000000000, "0.5"),
        (0x3ff8000000000000, "1.5"),
        (0x4004000000000000, "2.5"),
        (0xbfe0000000000000, "-0.5"),
        (0x3fc0000000000000, "0.125"),
        (0x3fd8000000000000, "0.375"),
        (0x4005666666666666, "2.675"),
        (0x4341c37937e08000, "1e+16"),
        (0x430c6bf526340000, "1000000000000000.0"),
        (0x4341c37937e07fff, "9999999999999998.0"),
        (0x3f1a36e2eb1c432d, "0.0001"),
        (0x3ee4f8b588e368f1, "1e-05"),
        (0x3f202c9dedbc309d, "0.0001234"),
        (0x3ff0000000000000, "1.0"),
        (0xbff0000000000000, "-1.0"),
        (0x4000000000000000, "2.0"),
        (0x4008000000000000, "3.0"),
        (0x3fb999999999999a, "0.1"),
        (0x3fc999999999999a, "0.2"),
        (0x3fd3333333333334, "0.30000000000000004"),
        (0x3fd5555555555555, "0.3333333333333333"),
        (0x3fe5555555555555, "0.6666666666666666"),
        (0xc000000000000000, "-2.0"),
        (0x4024000000000000, "10.0"),
        (0x4059000000000000, "100.0"),
        (0x4480f0cf064dd592, "1e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x7e37e43c8800759c, "1e+300"),
        (0x01a56e1fc2f8f359, "1e-300"),
        (0x405edd2f1a9fbe77, "123.456"),
        (0x43118b54f22aeb00, "1234567890123456.0"),
        (0x4345ee2a2eb5a5c4, "1.2345678901234568e+16"),
        (0x4345ee2a2eb5a5c4, "1.2345678901234568e+16"),
        (0x4351c37937e08002, "2.000000000000001e+16"),
        (0x4340000000000000, "9007199254740992.0"),
        (0x4011666666666666, "4.35"),
        (0x3f50624dd2f1a9fc, "0.001"),
        (0x7e41eb2d66005835, "1.5e+300"),
        (0x3e7ad7f29abcaf48, "1e-07"),
        (0x419d6f3454000000, "123456789.0"),
        (0x3fd3333333333334, "0.30000000000000004"),
        (0x000012688b70e62b, "1e-310"),
        (0x44dfe185ca57c517, "6.02214076e+23"),
        (0x400921fb54442d18, "3.141592653589793"),
        (0x4005bf0a8b145769, "2.718281828459045"),
        (0x41b1de784a000000, "299792458.0"),
        (0x3fa999999999999a, "0.05"),
        (0x3fc3333333333333, "0.15"),
        (0x3fd0000000000000, "0.25"),
        (0x3fd6666666666666, "0.35"),
        (0x54b249ad2594c37d, "1e+100"),
        (0x7fee42d130773b76, "1.7e+308"),
        (0x0000000000001fa0, "4e-320"),
        (0x3f0a36e2eb1c432d, "5e-05"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0xc05877837b4a233a, "-97.8674"),
        (0x408afc8e1803529c, "863.5693817386232"),
        (0xc08a9d0a3d70a3d7, "-851.63"),
        (0x3feaaa326e115593, "0.833276"),
        (0x40a8a347ae147ae1, "3153.64"),
        (0x46c8a6e32246c99c, "1e+33"),
        (0x41075f0eee756392, "191457.86643483915"),
        (0xc065f85bddb7950c, "-175.76121412139798"),
        (0x40da54c000000000, "26963.0"),
        (0x527122dc57708107, "1.3635548534927665e+89"),
        (0x06e0f45856eaa301, "1.5303059611217572e-275"),
        (0x408decc677e56c02, "957.5969083713137"),
        (0x3f1b55403899b420, "0.00010426716303309257"),
        (0x4206e5552904140d, "12292105504.50979"),
        (0x1b1bcf726a1eccda, "4.2893241473530543e-178"),
        (0x4063858178ed3ad0, "156.1720547326463"),
        (0x40051cf6d3285152, "2.639142656009576"),
        (0xdf8960ad1eab5cd8, "-1.6614186731846744e+152"),
        (0x44e1c358318db43a, "6.710696025560939e+23"),
        (0xbf4da9333f9d79ce, "-0.00090518"),
        (0xc0872218652cebed, "-740.2619117269038"),
        (0xc078d58bcce2d456, "-397.34663094144105"),
        (0xc08eaa4b97f37480, "-981.2869109172752"),
        (0xc072c8b9b8337268, "-300.54534168335385"),
        (0xbffe79bbadc0980b, "-1.90472"),
        (0xb6307bad0f967bcc, "-1.1278201151876427e-47"),
        (0xc09d13cccccccccd, "-1860.95"),
        (0x4081067e8700ab56, "544.811780934552"),
        (0x3f71572580c308ff, "0.0042335"),
        (0xc04339475a44d460, "-38.44749000893421"),
        (0x7de6002da0485922, "2.8776776539821043e+298"),
        (0x3fd1e27e0ef99807, "0.279449"),
        (0x4058e7a6cc198380, "99.6195554970891"),
        (0x40e30c1ccccccccd, "39008.9"),
        (0x647945145230b378, "1e+176"),
        (0x55e6fa5af79fcaa0, "6.587487223251784e+105"),
        (0x29aa57a529ddf4c7, "5.608236388575786e-108"),
        (0x40c8b12666666666, "12642.3"),
        (0x4000000000000000, "2.0"),
        (0x3fd7a94fc599cef7, "0.3697089605040981"),
        (0x3379b604aaaca626, "1e-60"),
        (0x429aa9d7ed105400, "7329193608213.0"),
        (0x2f2faab7e0e3a17d, "2.0864899591815364e-81"),
        (0x2d0bc102549968e7, "1.0644272998136749e-91"),
        (0xbf79abdb0fb0a21f, "-0.00626741"),
        (0x408cc2e2733a805c, "920.3605713434622"),
        (0x42aec0a661af8a00, "16906386986949.0"),
        (0x7f76c8e5ca239029, "1e+306"),
        (0x6c27c37e360b3d35, "1e+213"),
        (0xc07536c83d208b44, "-339.4238864203692"),
        (0x3f551aaed7ef3fbe, "0.0012881"),
        (0x420e4fce631c5dcc, "16273493091.5458"),
        (0xc08c7f5c14781456, "-911.9199609166342"),
        (0x4051f37044e0bd70, "71.8037273592688"),
        (0x11656edbc24281d3, "7.237974311762173e-225"),
        (0xb56471c8e15e16c1, "-1.7076019307300844e-51"),
        (0xd9ae412f0f768fad, "-1e+124"),
        (0x4173aa0e66dbcc44, "20619494.4286616"),
        (0xe4102c35f729689f, "-1e+174"),
        (0x41bc84068f000000, "478414479.0"),
        (0xebc6222b22d57caa, "-1.4553132984624949e+211"),
        (0xa0277bbff8373eeb, "-8.757359180646575e-154"),
        (0xc08a0db4bb52ca3f, "-833.7132479160281"),
        (0x301d8a84df44c5b4, "6.3780458066223734e-77"),
        (0xc032f1ad668a8920, "-18.944052132436923"),
        (0xc04c21b089a02752, "-56.2632"),
        (0x42f8d98dd8a69224, "437162668091682.25"),
        (0x83ef2f5c7a1a488e, "-1e-289"),
        (0xc0f031f4cccccccd, "-66335.3"),
        (0x3b747bc04e779665, "2.7109558296684166e-22"),
        (0xc121a8e000000000, "-578672.0"),
        (0x83954252f3a30d70, "-2.130338598838245e-291"),
        (0x574d8811ff45ddff, "3.551029406322981e+112"),
        (0x4128eff600000000, "817147.0"),
        (0x2605125c7c113308, "1.5564381951599182e-125"),
        (0xf475d2ce55747a18, "-1e+253"),
        (0xc127b84000000000, "-777248.0"),
        (0x177e844cdf176b4f, "1.632983473682896e-195"),
        (0x8caa597d35136f41, "-1.177679339671358e-247"),
        (0x42d0c4bec416a540, "73748800625301.0"),
        (0xc085c65ec5171e80, "-696.7962743574317"),
        (0xc3c4f47d04f3332f, "-3.0199384705790356e+18"),
        (0xc022f83126e978d5, "-9.48475"),
        (0x41d8dc1ade372e88, "1668311928.862215"),
        (0x41b17289822a58c8, "292718978.1654172"),
        (0xc044000000000000, "-40.0"),
        (0xc0ad3951eb851eb8, "-3740.66"),
        (0x4112a60c00000000, "305539.0"),
        (0x948a4cf9550c5426, "-1e-209"),
        (0x0883bd312c92bdc3, "1.1956379889832531e-267"),
        (0xc077e4c57153ff2e, "-382.2982037812352"),
        (0x75dfcbf818b15165, "6.111095520525088e+259"),
        (0x404b000000000000, "54.0"),
        (0xc0754f4a65db6a6a, "-340.95566354474306"),
        (0xc06d3327f15ee5f4, "-233.5986258367044"),
        (0x446abccd7c01e5c6, "3.94576009850717e+21"),
        (0x749871e6bb7b32aa, "4.48048585028753e+253"),
        (0xc08e58c6971ac8ae, "-971.0969678966992"),
        (0xe65325f3c8c7e57f, "-8.13629092552967e+184"),
        (0x405e4a53217d6ff0, "121.16132390260441"),
        (0x911cf7d943e7a280, "-3.0570614195546227e-226"),
        (0x47125412fb078b3b, "2.3791642414279084e+34"),
        (0xbbf3ee6e5ec0533a, "-6.753011376550664e-20"),
        (0x4109d3b3a9c54448, "211574.45789578767"),
        (0xdd710d12735aa0ba, "-1.2995393195018043e+142"),
        (0x4021bcdb32393480, "8.86885983417801"),
        (0xc37149544e9e1100, "-7.785121678629683e+16"),
        (0xaf56411d7e436521, "-1.17304914505472e-80"),
        (0x1c6c5239772ec801, "9.160601102376373e-172"),
        (0xc01b5db22d0e5604, "-6.8415"),
        (0xc0bcdacf5c28f5c3, "-7386.81"),
        (0xf84417629dea7b52, "-2.1228299096583143e+271"),
        (0xc07db8dfca96bdae, "-475.55463656314066"),
        (0x408155979d4bf684, "554.6990304884534"),
        (0x843aac11016ef2f6, "-2.736918939056266e-288"),
        (0x3fc853346ba6fa68, "0.19003920799692087"),
        (0x4088ea1f7aa8994e, "797.2653706714425"),
        (0x43235778a02798fa, "2722100076072061.0"),
        (0x3f7b9138bbeaa377, "0.006730291001681424"),
        (0xac355c2076bf9a55, "-1e-95"),
        (0x343b335bcb3aae05, "4.333308676497724e-57"),
        (0x4105372800000000, "173797.0"),
        (0x95004140903f13f6, "-1.5821842929192985e-207"),
        (0x4081cfe23c1a9d76, "569.9854662017158"),
        (0xc05244985f06f694, "-73.0718"),
        (0xc008000000000000, "-3.0"),
        (0x3fdb906466b1e5c1, "0.430688"),
        (0x40718d60bb5f4c10, "280.8361161921066"),
        (0x3f944f0f4c403dd7, "0.019832839039791352"),
        (0x40e7363000000000, "47537.5"),
        (0x420e862751f0799a, "16387467838.059376"),
        (0x405a6a0de34eb93e, "105.65709765136577"),
        (0xbfe9c77574f722e2, "-0.805598"),
        (0x40bd6c90dc9ef04b, "7532.565866407075"),
        (0x27d052c675771499, "6.473076467676266e-117"),
        (0x9d42deac01e2b4f7, "-1e-167"),
        (0xc07cc46bd07ab822, "-460.2763218682977"),
        (0x4fdf180a290ff88e, "5.625669104055662e+76"),
        (0x4004cd5a5b9628cc, "2.60027"),
        (0xc07013ae147ae148, "-257.23"),
        (0x432d4c9adcec8696, "4123501169886027.0"),
        (0xbf922efef10c4736, "-0.0177574"),
        (0xc3dc81c4c4749137, "-8.216557012423859e+18"),
        (0x4046595810624dd3, "44.698"),
        (0xc086fb60da0a34e4, "-735.4222908780471"),
        (0xc01c000000000000, "-7.0"),
        (0x78c7af70fa01b328, "6.406565772940278e+273"),
        (0x570df529821a34f5, "2.2514192329253945e+111"),
        (0xc40f0c7d43e1d42a, "-7.159362705284329e+19"),
        (0xc085e0f1c2bc9298, "-700.1180472118604"),
        (0xc4ff794c1317fb6f, "-2.3780943800546874e+24"),
        (0x334df055106c43e5, "1.4555437281652193e-61"),
        (0x41c87c54012c8e62, "821602306.3480952"),
        (0xbf73922b66353e25, "-0.00477807"),
        (0xc5208b2a2c280291, "-1e+25"),
        (0xc0f751319999999a, "-95507.1"),
        (0xbe7ad7f29abcaf48, "-1e-07"),
        (0x2bd443a519747caa, "1.4823531834060587e-97"),
        (0x410f257560b45e54, "255150.67221902555"),
        (0x3268c382871f7a4a, "7.348296568170143e-66"),
        (0x42b825a2de1ac5dc, "26549925321413.86"),
        (0x4089cafd9adab126, "825.3738305173217"),
        (0xc080ab8b38409524, "-533.4429783864512"),
        (0x40834a9e10ff8b16, "617.3271808590241"),
        (0x24da1b330929281b, "3.677954481585468e-131"),
        (0x3fcb92d1287c200c, "0.215418"),
        (0x2787716ef4620a1f, "2.905137815774813e-118"),
        (0x413277ff088a794b, "1210367.0333629425"),
        (0xc071f1e6b630e25a, "-287.11882609458337"),
        (0x05bdd52a27ecb44a, "5.135896322469793e-281"),
        (0x5ab53e0cd9c63bb0, "9.20283018739441e+128"),
        (0x5791bb3e5c60d954, "6.822788404050407e+113"),
        (0xc079aec92130b56a, "-410.9241039183313"),
        (0x429538486ea12800, "5832869390410.0"),
        (0x3f837fac32a36b55, "0.00952086"),
        (0x21cafaf1b735fc2d, "6.752088000902875e-146"),
        (0xc0854bd70a3d70a4, "-681.48"),
        (0xc07e7a570a1ea218, "-487.64624988523565"),
        (0xc08598234a890114, "-691.0172320083097"),
        (0x42105ccdb10c3342, "17569115203.050056"),
        (0x42d81c2333cdf4e6, "106036514994131.6"),
        (0xc0887038c8cf5c44, "-782.027726764682"),
        (0x43000ed66cc69598, "564989217264307.0"),
        (0x962e6366d5f42ca9, "-7.753881336848847e-202"),
        (0x6989803e1b989716, "2.4399642000661022e+200"),
        (0xb8161c0dc220e249, "-1.624355761898195e-38"),
        (0x1efe5021a2ee090a, "2.1561124936907616e-159"),
        (0xc0af54b851eb851f, "-4010.36"),
        (0x4197bfee20000000, "99613576.0"),
        (0x9a90991a9bfa58c8, "-1e-180"),
        (0x40f0be999999999a, "68585.6"),
        (0x410959d0a9e207cc, "207674.08295065013"),
        (0x407e012505938288, "480.07153852101374"),
        (0xc081e80d1414eb58, "-573.0063859590837"),
        (0xc058b9ad42c3c9ef, "-98.9012"),
        (0x4088829032ff1d98, "784.320409768191"),
        (0x419cdba36eeb5a46, "121039067.72983655"),
        (0xc0be5d0000000000, "-7773.0"),
        (0x59ab48020bc9139e, "9.017226893378368e+123"),
        (0xffd1813d308e1f19, "-4.916926651479214e+307"),
        (0x13b7cfe9c0408f65, "1.105202576051678e-213"),
        (0x408e667c8d74f62c, "972.8108166825891"),
        (0x21005df0a267bcc9, "1e-149"),
        (0x01314fdfa4557ab7, "6.311197500435504e-303"),
        (0xc088e053417e04c8, "-796.0406522603234"),
        (0xc1d859d8f26d3796, "-1634165705.7065177"),
        (0xc07dd1f10e17dfe2, "-477.12135133100503"),
        (0xc0792d4eb88cbc86, "-402.83171896910824"),
        (0xc08e7070ea1cef37, "-974.0551340351584"),
        (0x4341c37937e08000, "1e+16"),
        (0x00000000001ee257, "1e-317"),
        (0x3d06849b86a12b9b, "1e-14"),
        (0xc0f4d4dccccccccd, "-85325.8"),
        (0xbfb139ab1c78dc8b, "-0.0672862"),
        (0xc063133333333333, "-152.6"),
        (0xb027288e1271f513, "-1e-76"),
        (0xbfe653868fd199bb, "-0.697696"),
        (0x41acd4a7de9a27ed, "241849327.30108586"),
        (0xc05324511e0251d0, "-76.5674510023739"),
        (0x7a5d5578b2b5f7db, "2.6623513841385115e+281"),
        (0x4088b75a0b2fea0c, "790.9189666503239"),
        (0x136f715545f667ae, "4.5605061258126735e-215"),
        (0xbff0000000000000, "-1.0"),
        (0x403eb6065d523655, "30.711034615107867"),
        (0xc0c286399999999a, "-9484.45"),
        (0x3bc8f4d661a68546, "1.0569444913608542e-20"),
        (0xc0837ba1b7d126a8, "-623.4539638843462"),
        (0xc08e68df3b645a1d, "-973.109"),
        (0xe622d3d6f88f0b3d, "-1e+184"),
        (0xbfc75a9eb2074ea9, "-0.182453"),
        (0xc10199f000000000, "-144190.0"),
        (0xb7687c73b66a0a27, "-8.783972164334738e-42"),
        (0x40896ce07e9211fc, "813.6096164142359"),
        (0xc05863f141205bc0, "-97.5616"),
        (0xc0533a1e56a19d80, "-76.90810170920122"),
        (0xc44867e2a6d50d4e, "-9.004151734673078e+20"),
        (0xc1261aba00000000, "-724317.0"),
        (0x27982d8dcfbb2ed6, "5.992404146768627e-118"),
        (0x3fb9625a682b6284, "0.099157"),
        (0xdbadb38c51771a11, "-4.2164254869473825e+133"),
        (0x401e002f2f987400, "7.50018"),
        (0x3f8e0e80cc433a11, "0.0146761"),
        (0xbfd4a0e8427418d7, "-0.322321"),
        (0x3fa4afa8c86e5c95, "0.040402674166380916"),
        (0x44e124d24f2f7838, "6.476757390312162e+23"),
        (0x3ff67ad6cb535009, "1.40499"),
        (0xc0416256f0b07c50, "-34.76827820413075"),
        (0x4059a284d54af7b0, "102.5393574936013"),
        (0x3f8047f15b4c81e4, "0.00794972"),
        (0xc018bb7952d234ec, "-6.18308"),
        (0xdbb6f76b7549192e, "-6.520675593236042e+133"),
        (0x3fb0ce7395f9d1e9, "0.0656502"),
        (0x417a1d372614cbf3, "27382642.380077314"),
        (0x3e0c74b6c3d6eddd, "8.281760899279383e-10"),
        (0xc05456056085c7a8, "-81.34407818855709"),
        (0xbf580aee708b8356, "-0.00146745"),
        (0xb60296080645f5cf, "-1.5896372837950095e-48"),
        (0x3fa618a28e34e189, "0.0431567"),
        (0xc08dd83203ffaf7f, "-955.0244216895516"),
        (0xc080132536abd559, "-514.3931706833347"),
        (0x95c516b35f8c4403, "-8.407797207382168e-204"),
        (0xc08f3cdda0399378, "-999.6082157610062"),
        (0xc07a260758672798, "-418.3767932919959"),
        (0x407ff851eb851eb8, "511.52"),
        (0x54d71130ded3245d, "5.045364482846197e+100"),
        (0xbfd2308feac42e99, "-0.284214"),
        (0x408261e58252b09a, "588.2370649776597"),
        (0x40880bc77b216a22, "769.4724028215899"),
        (0xe3d8cee63a8ed2f8, "-9.587222175641642e+172"),
        (0x59ae412f0f768fad, "1e+124"),
        (0x3f44ff9e0c5d16dc, "0.0006408235283081559"),
        (0x40851ceae766d898, "675.6146991762971"),
        (0xc08694f98fb04fcc, "-722.6218560957291"),
        (0x443e5278e1543a2c, "5.593450696714714e+20"),
        (0x1f639a72deead637, "1.7847681260433984e-157"),
        (0xc087bbe8d9ef26b2, "-759.4886969264683"),
        (0xe761f48eaf234ad4, "-1e+190"),
        (0xc0d2ae799999999a, "-19129.9"),
        (0xc050eb22d0e56042, "-67.674"),
        (0x2d0b0b96a44b6c34, "1.0372480099180991e-91"),
        (0x15c91510781fb5f0, "1e-203"),
        (0xc07c227527659b08, "-450.15360202493366"),
        (0x4083e90a3d70a3d7, "637.13"),
        (0xc3d0fbda2501e1c2, "-4.895246304965757e+18"),
        (0x4014000000000000, "5.0"),
        (0x431f18eb89574ebd, "2188281044652975.2"),
        (0x2c10167a980ed82d, "1.8829477736848445e-96"),
        (0x408f024231c3df56, "992.2823214819462"),
        (0x431d9fba72dde968, "2084599366122074.0"),
        (0xe474c7b4c974a4a3, "-8.223281686937398e+175"),
        (0xc08ad8b4561aadd3, "-859.0880548557565"),
        (0xa9b77c44ddf6c516, "-1e-107"),
        (0xe940b8e0acac4eaf, "-1e+199"),
        (0x40660ccc7e9fd160, "176.39996272291592"),
        (0x7f423a516e82d9ba, "1e+305"),
        (0x41811a704622428f, "35868168.76672851"),
        (0x5edf485516e7577f, "1e+149"),
        (0xbff3647991bc5586, "-1.21203"),
        (0x408d9367aac7a7a6, "946.4256187055623"),
        (0xbfab0cc50a60ac12, "-0.0528318"),
        (0x407a9932e67dab00, "425.57492684449244"),
        (0x407cad51fbdd43b0, "458.83251558715256"),
        (0x407cc097ef691f08, "460.03709355414367"),
        (0x408a6db893035514, "845.7151241550769"),
        (0x408d086e978d4fdf, "929.054"),
        (0xbf792db0e83fc4e7, "-0.00614709"),
        (0x7c2485ce9e7a065f, "1e+290"),
        (0xbfa5ac7ccb2cb99c, "-0.0423316"),
        (0x6d8f6ce750232394, "5.54661132040817e+219"),
        (0xc0534c189374bc6a, "-77.189"),
        (0x408213c6a7ef9db2, "578.472"),
        (0x8000000000000000, "-0.0"),
        (0xa894ad5c2f500f76, "-3.3585600124971756e-113"),
        (0x3f82f1d23fd354a6, "0.0092503"),
        (0xc08983de47e5e534, "-816.4835355721066"),
        (0xc089f6bd3790abc7, "-830.8423911383078"),
        (0x40f635799999999a, "90967.6"),
        (0x8b677603725064a8, "-1e-253"),
        (0x3f75799f1d85acb9, "0.00524294046804668"),
        (0x29d97a83ac7a379d, "4.3394694000786814e-107"),
        (0xc082465810624dd3, "-584.793"),
        (0x44b366dab5602eb4, "9.162229067826639e+22"),
        (0x408c3c5e67667c56, "903.546095657987"),
        (0x430284c7274cd246, "651567559187016.8"),
        (0xc0b163999999999a, "-4451.6"),
        (0xc04d360aa64c2f83, "-58.4222"),
        (0x4126d33400000000, "747930.0"),
        (0x412d5b4c00000000, "961958.0"),
        (0x3f83b33c82e82746, "0.00961921"),
        (0xc08e811244b02b1e, "-976.1339200747641"),
        (0x869e72e2121f988e, "-8.588427192908646e-277"),
        (0x4f81afd6ec0e1411, "1e+75"),
        (0x4085229d500cf492, "676.3268128406655"),
        (0x8f245962e2f6a490, "-1e-235"),
        (0xd3ddf67562d8b363, "-1e+96"),
        (0x89d1bf815437186b, "-2.2545238586901155e-261"),
        (0x43258c528596c3e6, "3032630283690483.0"),
        (0x4084fd58837952ec, "671.6682195166045"),
        (0x40e2a5a99999999a, "38189.3"),
        (0xc011a4894c447c31, "-4.41068"),
    ];

    #[test]
    fn repr_matches_python() {
        for &(b, want) in REPR {
            assert_eq!(float_repr(f(b)), want, "bits {:#x}", b);
            assert_eq!(format_float_str(f(b)), want);
        }
    }

    /// `format(x, spec)` for specs that map directly onto `PyOS_double_to_string`:
    /// (bits, code, precision, flags "sign,add_dot_0,alt,no_neg_0", expected).
    const DTS: &[(u64, char, usize, &str, &str)] = &[
        (0xc08ec382e7d508ec, 'E', 5, "0000", "-9.84439E+02"),
        (0xffefffffffffffff, 'G', 5, "0001", "-1.7977E+308"),
        (0xc06c31bd5a172614, 'f', 1, "0000", "-225.6"),
        (0xc06c31bd5a172614, 'g', 1, "0100", "-2e+02"),
        (0x3fd3333333333334, 'E', 6, "0011", "3.000000E-01"),
        (0xc1c17fad62800000, 'G', 3, "0010", "-5.87E+08"),
        (0xc2977372a2515800, 'G', 10, "0001", "-6.44615298E+12"),
        (0xbf712e285c6a8f15, 'f', 16, "0000", "-0.0041944100000000"),
        (0xffefffffffffffff, 'F', 10, "1000", "-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000000000"),
        (0x4341c37937e07fff, 'E', 6, "0000", "1.000000E+16"),
        (0xc05c735d8680d360, 'G', 30, "1000", "-113.802583337599116930505260825"),
        (0x4da9b3fdd9ab07a8, 'g', 30, "0000", "1.35342577115198443207722125105e+66"),
        (0x4da9b3fdd9ab07a8, 'g', 30, "0100", "1.35342577115198443207722125105e+66"),
        (0x40800e8779481130, 'f', 0, "0001", "514"),
        (0x41d7a90907741563, 'G', 17, "0000", "1587815453.8138053"),
        (0x41d7a90907741563, 'g', 17, "0100", "1587815453.8138053"),
        (0xc01e5566cf41f213, 'F', 5, "0010", "-7.58340"),
        (0xc067af811d6afaf0, 'F', 0, "0000", "-189"),
        (0xc067af811d6afaf0, 'g', 0, "0100", "-2e+02"),
        (0xc0942751eb851eb8, 'e', 22, "0000", "-1.2898299999999999272404e+03"),
        (0x4447f8b3cbcd2fc2, 'g', 20, "0010", "8.8439201023937400013e+20"),
        (0x4345ee2a2eb5a5c4, 'g', 16, "0000", "1.234567890123457e+16"),
        (0xc01d1f3e0370cdc8, 'E', 1, "0000", "-7.3E+00"),
        (0x407311c39f97b6e4, 'e', 146, "0010", "3.05110259621271552532562054693698883056640625000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e+02"),
        (0x3f78bfca2fe47433, 'G', 3, "0000", "0.00604"),
        (0x3f78bfca2fe47433, 'g', 3, "0100", "0.00604"),
        (0x4655ff2ca0b78efd, 'F', 5, "0010", "6971056168019007767310019592192.00000"),
        (0x3fd5555555555555, 'e', 30, "0010", "3.333333333333333148296162562474e-01"),
        (0x3f812100c6e024fe, 'g', 16, "0001", "0.008363729542923522"),
        (0x3f812100c6e024fe, 'g', 16, "0101", "0.008363729542923522"),
        (0x13bea5ab9852cad8, 'E', 0, "0000", "1E-213"),
        (0x13bea5ab9852cad8, 'g', 0, "0100", "1e-213"),
        (0xc082102a2b6dd860, 'e', 16, "0000", "-5.7802059064690184e+02"),
        (0x407ff82ef34f6ad4, 'e', 17, "0000", "5.11511462507461374e+02"),
        (0x408995b7eca196ce, 'f', 291, "1001", "+818.714806806959813911817036569118499755859375000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x8000000000000001, 'F', 1, "0000", "-0.0"),
        (0x4340000000000000, 'e', 10, "0010", "9.0071992547e+15"),
        (0x43f5cd21fa44b2a0, 'E', 5, "0010", "2.51352E+19"),
        (0x43f5cd21fa44b2a0, 'g', 5, "0100", "2.5135e+19"),
        (0xbfb22f603fdbb822, 'f', 16, "0001", "-0.0710354000000000"),
        (0xbfb22f603fdbb822, 'g', 16, "0101", "-0.0710354"),
        (0xb5f7624f8a762fd8, 'e', 20, "0010", "-9.99999999999999974382e-49"),
        (0x3f8542f9d660c6aa, 'e', 155, "1000", "+1.03816526935561377620320655523755704052746295928955078125000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e-02"),
        (0x6f451b3a2a6b9c76, 'F', 2, "0000", "999999999999999924509121522475246865178672200286390413373640190927670776874706901000867474584296317792102107215397297714017257980807797893073643852992008461269166974189675556141912776812173197487139230503413422370196749149011968.00"),
        (0xc08574083126e979, 'G', 3, "0001", "-687"),
        (0x116cc97e37debf69, 'e', 17, "0001", "9.72144661037390023e-225"),
        (0x116cc97e37debf69, 'g', 17, "0101", "9.7214466103739002e-225"),
        (0xbfa1fd9efcafe967, 'f', 0, "0000", "-0"),
        (0xc08332f088d89774, 'e', 2, "0000", "-6.14e+02"),
        (0x0000000000000001, 'E', 2, "0000", "4.94E-324"),
        (0xbf3c81ebd2f75e46, 'f', 30, "0000", "-0.000434990000000000007727984919"),
        (0xbf3c81ebd2f75e46, 'g', 30, "0100", "-0.00043499000000000000772798491866"),
        (0x40823240bfbfc854, 'f', 17, "1010", "+582.28161573248007699"),
        (0x40823240bfbfc854, 'g', 17, "1100", "+582.28161573248008"),
        (0xe38c29b0748371dc, 'g', 2, "0011", "-3.4e+171"),
        (0x487045e26ec9e7d8, 'F', 30, "0010", "88598564937533963423760804152242805407744.000000000000000000000000000000"),
        (0xc1c3ace2b1000000, 'g', 5, "1000", "-6.6019e+08"),
        (0xc1c3ace2b1000000, 'g', 5, "1100", "-6.6019e+08"),
        (0x311ff84c1b5d1cb2, 'G', 17, "0000", "4.5235821390946892E-72"),
        (0xc07d32fb4374df70, 'F', 2, "0000", "-467.19"),
        (0x40edcad000000000, 'G', 48, "0010", "61014.5000000000000000000000000000000000000000000"),
        (0x40edcad000000000, 'g', 48, "0100", "61014.5"),
        (0x3fe5555555555555, 'e', 3, "0000", "6.667e-01"),
        (0x3fd6666666666666, 'f', 15, "0010", "0.350000000000000"),
        (0x3fd6666666666666, 'g', 15, "0100", "0.35"),
        (0x3fe0000000000000, 'F', 30, "0010", "0.500000000000000000000000000000"),
        (0x4361bbc29cd15ae1, 'g', 1, "1000", "+4e+16"),
        (0x3f714e717d1addd2, 'E', 1, "0000", "4.2E-03"),
        (0xc333c6b1eeb39318, 'E', 17, "0011", "-5.56649207375951200E+15"),
        (0xc333c6b1eeb39318, 'g', 17, "0101", "-5566492073759512.0"),
        (0xbfb47820a30db6a2, 'F', 10, "1000", "-0.0799580000"),
        (0xbfb640f741149d46, 'E', 17, "0000", "-8.69288000000000005E-02"),
        (0x720de2f2e7306c65, 'e', 30, "1000", "+2.491046742746866686253259866183e+241"),
        (0x3fc0000000000000, 'f', 5, "1010", "+0.12500"),
        (0xe2324b212221597d, 'f', 229, "0011", "-1053449779046310590228762828733162641556555908943453950267882176415361748167670032858312146747237743428997836698277184123989582713590860086400095293627040105247014912.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x7fee42d130773b76, 'e', 6, "0000", "1.700000e+308"),
        (0x7fee42d130773b76, 'g', 6, "0100", "1.7e+308"),
        (0x436a3e2dcee76f47, 'E', 20, "0000", "5.90937268816102960000E+16"),
        (0x436a3e2dcee76f47, 'g', 20, "0100", "59093726881610296.0"),
        (0x8000000000000000, 'e', 10, "0000", "-0.0000000000e+00"),
        (0xc3cb2ac814e5538d, 'F', 17, "0000", "-3915193960236521984.00000000000000000"),
        (0xc1cc10ea4f800000, 'f', 6, "0000", "-941741215.000000"),
        (0x407b148685ab765c, 'g', 0, "0000", "4e+02"),
        (0x408a4a7ae147ae14, 'E', 5, "0000", "8.41310E+02"),
        (0x7091e4d0a7ffaa60, 'E', 214, "0010", "1.7779495658750081315209374819918599300891454885723796421912764006015018480451975846395923416292067089076964203388959448956692032252278146367251521358611369101103157870468136496885170596248864693730569382103300680997E+234"),
        (0x41b1de784a000000, 'f', 6, "0000", "299792458.000000"),
        (0x40b8dc30a3d70a3d, 'f', 3, "0000", "6364.190"),
        (0x40b8dc30a3d70a3d, 'g', 3, "0100", "6.36e+03"),
        (0xc0826f9c52c7e030, 'f', 7, "0000", "-589.9513298"),
        (0x4059000000000000, 'e', 15, "1000", "+1.000000000000000e+02"),
        (0xd0c0de1593369d1b, 'E', 20, "0000", "-9.99999999999999921282E+80"),
        (0x73024e8d737c5f0b, 'e', 2, "0001", "1.00e+246"),
        (0x00000000000000ca, 'E', 17, "1000", "+9.98012604599318019E-322"),
        (0x00000000000000ca, 'g', 17, "1100", "+9.9801260459931802e-322"),
        (0x051ef180ba697871, 'e', 20, "0011", "5.20225599144271589933e-284"),
        (0x408d4e9cb23a379e, 'f', 20, "0010", "937.82651181680898844206"),
        (0x41a8120616000000, 'f', 3, "0000", "201917195.000"),
        (0xc298e836b2839c00, 'f', 17, "0000", "-6846407287015.00000000000000000"),
        (0x43714a6eac2a4516, 'G', 5, "1001", "+7.7871E+16"),
        (0x41c1bc767f4a5d18, 'e', 30, "1000", "+5.951275505809659957885742187500e+08"),
        (0x3fc3333333333333, 'f', 2, "0000", "0.15"),
        (0x23dd2461546929ac, 'e', 0, "0000", "6e-136"),
        (0x23dd2461546929ac, 'g', 0, "0100", "6e-136"),
        (0xb89beafd3e7556bf, 'E', 15, "0001", "-5.250778418933915E-36"),
        (0x406ea95f89739d20, 'F', 20, "0001", "245.29291222172560082981"),
        (0x406ea95f89739d20, 'g', 20, "0101", "245.29291222172560083"),
        (0x3fccdd7cd4c47c22, 'E', 15, "1000", "+2.255092657951261E-01"),
        (0x3fccdd7cd4c47c22, 'g', 15, "1100", "+0.225509265795126"),
        (0xb360902cf9b0826c, 'f', 20, "0000", "-0.00000000000000000000"),
        (0x407e621a572cd1bc, 'G', 5, "0000", "486.13"),
        (0x7ff8000000000000, 'F', 3, "0000", "NAN"),
        (0x4201870ad7526179, 'f', 3, "1000", "+9410009834.298"),
        (0x0000000000001fa0, 'F', 5, "0000", "0.00000"),
        (0x408843731004dd44, 'g', 2, "1011", "+7.8e+02"),
        (0x0000000000000001, 'e', 15, "1000", "+4.940656458412465e-324"),
        (0x3fd6666666666666, 'E', 16, "0000", "3.4999999999999998E-01"),
        (0x3e7ad7f29abcaf48, 'E', 17, "0000", "9.99999999999999955E-08"),
        (0xc023678a6452a840, 'F', 6, "0000", "-9.702228"),
        (0x43003ccec362aad0, 'E', 30, "0001", "5.713072957904260000000000000000E+14"),
        (0x3fc999999999999a, 'E', 20, "1010", "+2.00000000000000011102E-01"),
        (0x3fc999999999999a, 'g', 20, "1100", "+0.2000000000000000111"),
        (0xc693b8b5b5056e17, 'E', 10, "0000", "-1.0000000000E+32"),
        (0x4081e099d259f9ae, 'f', 3, "0011", "572.075"),
        (0x0000000000000002, 'f', 20, "0000", "0.00000000000000000000"),
        (0x0000000000000002, 'g', 20, "0100", "9.8813129168249308835e-324"),
        (0x3fc1d3c2fecd908d, 'e', 1, "1000", "+1.4e-01"),
        (0xc081e681429451be, 'e', 17, "0011", "-5.72813115271324705e+02"),
        (0xe2c38af79f90ead2, 'f', 15, "0000", "-576202713678086637916448083953190017169082597629780823801675073083479784083046760342835099509841609516905758150902475399069211338332586947084931490053125590301951393792.000000000000000"),
        (0xe2c38af79f90ead2, 'g', 15, "0100", "-5.76202713678087e+167"),
        (0x4337eabc8001875a, 'e', 1, "0001", "6.7e+15"),
        (0xc08ec121ab473079, 'G', 15, "0001", "-984.141439968268"),
        (0xc2a1686d22563e00, 'G', 15, "0010", "-9570102618911.00"),
        (0x3fd5555555555555, 'G', 10, "0000", "0.3333333333"),
        (0xbfb6f325262a3634, 'f', 5, "1010", "-0.08965"),
        (0x4024000000000000, 'G', 0, "0011", "1.E+01"),
        (0x8000000000000001, 'G', 5, "0000", "-4.9407E-324"),
        (0x8000000000000001, 'g', 5, "0100", "-4.9407e-324"),
        (0x3fe47b4a2339c0ec, 'g', 293, "1010", "+0.64005000000000000781597009336110204458236694335937500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x4340000000000000, 'e', 10, "0011", "9.0071992547e+15"),
        (0xbfe0000000000000, 'f', 3, "0000", "-0.500"),
        (0x7ff0000000000000, 'f', 269, "0000", "inf"),
        (0x7ff0000000000000, 'g', 269, "0100", "inf"),
        (0xbfc179f23465625a, 'g', 6, "0000", "-0.136534"),
        (0xbfc179f23465625a, 'g', 6, "0100", "-0.136534"),
        (0x40887ef24875ccde, 'G', 10, "0001", "783.8683023"),
        (0xc08d8e2a8a719b5b, 'f', 0, "0000", "-946"),
        (0x28238d0f4ce14ecd, 'e', 1, "0000", "2.5e-115"),
        (0x178d4b63fc38c777, 'E', 16, "1001", "+3.1351536478769853E-195"),
        (0xe52a5b6d40c501c7, 'E', 2, "0001", "-2.14E+179"),
        (0xe52a5b6d40c501c7, 'g', 2, "0101", "-2.1e+179"),
        (0x3fd0000000000000, 'f', 1, "0000", "0.2"),
        (0xcb5a19e96a19fc41, 'F', 2, "1001", "-10000000000000000102350670204085511496304388135324745728.00"),
        (0xc124334400000000, 'f', 15, "0010", "-661922.000000000000000"),
        (0xc124334400000000, 'g', 15, "0100", "-661922.0"),
        (0x3ff8000000000000, 'e', 1, "0000", "1.5e+00"),
        (0x97a75c1508da432b, 'f', 16, "0000", "-0.0000000000000000"),
        (0x3fe0000000000000, 'g', 10, "0000", "0.5"),
        (0x4993cf03a5906621, 'f', 2, "0000", "28271849144284060544607349327622723150452621312.00"),
        (0x4993cf03a5906621, 'g', 2, "0100", "2.8e+46"),
        (0x4111078fc912cec6, 'G', 17, "0000", "279011.94636080822"),
        (0x2ae6d6e56c70afba, 'G', 17, "0010", "5.0986699055772742E-102"),
        (0x0000000000000001, 'G', 2, "0011", "4.9E-324"),
        (0x4033668db8bac711, 'g', 0, "0000", "2e+01"),
        (0x4480f0cf064dd592, 'g', 323, "0000", "10000000000000000000000"),
        (0x4480f0cf064dd592, 'g', 323, "0100", "10000000000000000000000.0"),
        (0x407d6ea29c22bcec, 'f', 3, "0001", "470.915"),
        (0x5fa2c20022825b76, 'E', 16, "1000", "+4.9121323196194994E+152"),
        (0x4063f049399489b8, 'G', 17, "1001", "+159.50893858920404"),
        (0x41b1de784a000000, 'F', 10, "0000", "299792458.0000000000"),
        (0x3fd6666666666666, 'f', 5, "0000", "0.35000"),
        (0x408cedd04e96074c, 'f', 3, "0000", "925.727"),
        (0xbff0000000000000, 'f', 5, "0010", "-1.00000"),
        (0xd9435ceaeb2d28c1, 'g', 2, "0010", "-1.0e+122"),
        (0x4340000000000000, 'g', 0, "0000", "9e+15"),
        (0x4340000000000000, 'g', 0, "0100", "9e+15"),
        (0x4005f10cb295e9e2, 'f', 17, "0001", "2.74270000000000014"),
        (0x81a56e1fc2f8f359, 'e', 104, "0001", "-1.00000000000000002505909183520875968569614680770370524992534231990046604318405148467630281218195010089496e-300"),
        (0x7e41eb2d66005835, 'G', 30, "1000", "+1.50000000000000007875714038281E+300"),
        (0x0000000000000002, 'g', 2, "0001", "9.9e-324"),
        (0xc101f8e800000000, 'G', 30, "0001", "-147229"),
        (0x7fefffffffffffff, 'E', 6, "1011", "+1.797693E+308"),
        (0x3fc999999999999a, 'g', 16, "0010", "0.2000000000000000"),
        (0x3fc999999999999a, 'g', 16, "0100", "0.2"),
        (0xc2919c7634ccec00, 'f', 160, "0010", "-4840923935547.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x3f5e6286d3ec7100, 'F', 1, "0010", "0.0"),
        (0x3f5e6286d3ec7100, 'g', 1, "0100", "0.002"),
        (0x3ff385e9b9f69e01, 'E', 0, "1000", "+1E+00"),
        (0x3fb999999999999a, 'F', 30, "0000", "0.100000000000000005551115123126"),
        (0x959410d9f9b2f7f3, 'G', 20, "0000", "-1.0000000000000000011E-204"),
        (0x4008000000000000, 'G', 0, "0000", "3"),
        (0x4000000000000000, 'F', 15, "0000", "2.000000000000000"),
        (0x34edb27ce1d4ce83, 'E', 6, "0000", "9.689169E-54"),
        (0x34edb27ce1d4ce83, 'g', 6, "0100", "9.68917e-54"),
        (0xe5b819651531f9e8, 'f', 1, "0001", "-100000000000000006453119872723839559654210752410289169769835957832735809325020286556271509993374515701645382788895184180192194795092289050635704895322791329123657951217763820802932736.0"),
        (0xe5b819651531f9e8, 'g', 1, "0101", "-1e+182"),
        (0xfff0000000000000, 'F', 0, "0000", "-INF"),
        (0x4059000000000000, 'f', 2, "1000", "+100.00"),
        (0x4059000000000000, 'g', 2, "1100", "+1e+02"),
        (0x407fdb37ed53fb30, 'g', 6, "0010", "509.701"),
        (0x7ff0000000000000, 'E', 10, "0000", "INF"),
        (0x405d55e59ccf7570, 'F', 279, "0000", "117.342139437290597925311885774135589599609375000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x3f7a0ce97274e789, 'E', 2, "0001", "6.36E-03"),
        (0xbfdb9578a2a90cd4, 'e', 0, "0001", "-4e-01"),
        (0x3f1a36e2eb1c432d, 'G', 2, "0000", "0.0001"),
        (0xa67bc4b85d46ab1d, 'F', 17, "1010", "-0.00000000000000000"),
        (0xa67bc4b85d46ab1d, 'g', 17, "1100", "-2.6253864543884872e-123"),
        (0xe280dcc461e8ec6f, 'g', 20, "0000", "-3.1073221023097603978e+166"),
        (0xe280dcc461e8ec6f, 'g', 20, "0100", "-3.1073221023097603978e+166"),
        (0xc07e9204d394a451, 'G', 16, "0000", "-489.1261783415148"),
        (0x411dd0a73dc85d68, 'F', 20, "1000", "+488489.81033464381471276283"),
        (0x411dd0a73dc85d68, 'g', 20, "1100", "+488489.81033464381471"),
        (0x4480f0cf064dd592, 'g', 0, "0000", "1e+22"),
        (0xc072c7c0c7b9dee6, 'G', 2, "0011", "-3.0E+02"),
        (0x3f1a36e2eb1c432d, 'g', 1, "0000", "0.0001"),
        (0x408630503de1ac28, 'G', 15, "1010", "+710.039180529658"),
        (0xb6aa86aab3a0b9f3, 'g', 15, "0000", "-2.32318138753675e-45"),
        (0xc061c0a7c10711d4, 'E', 20, "0000", "-1.42020477784927265930E+02"),
        (0xc061c0a7c10711d4, 'g', 20, "0100", "-142.02047778492726593"),
        (0x3fe5555555555555, 'e', 0, "0001", "7e-01"),
        (0xc08229809f8c5282, 'e', 15, "0000", "-5.811878043139152e+02"),
        (0xc08229809f8c5282, 'g', 15, "0100", "-581.187804313915"),
        (0x411989fc00000000, 'g', 16, "0000", "418431"),
        (0x4079486ec6c0a3f4, 'G', 6, "1000", "+404.527"),
        (0x4121d9fa00000000, 'g', 6, "0010", "584957."),
        (0x4121d9fa00000000, 'g', 6, "0100", "5.84957e+05"),
        (0xc071e734ab18a1b4, 'F', 20, "0000", "-286.45035848256816279900"),
        (0x4011666666666666, 'f', 2, "0010", "4.35"),
        (0x4011666666666666, 'g', 2, "0100", "4.3"),
        (0xc202a05f20000000, 'G', 15, "1000", "-10000000000"),
        (0xc202a05f20000000, 'g', 15, "1100", "-10000000000.0"),
        (0x1532d684f261752a, 'E', 30, "0000", "1.466888130252703578382268013401E-206"),
        (0x1532d684f261752a, 'g', 30, "0100", "1.4668881302527035783822680134e-206"),
        (0xbf712fdde929cfb2, 'F', 15, "0000", "-0.004196040000000"),
        (0xc07f914c6370408d, 'E', 0, "0000", "-5E+02"),
        (0xc07f914c6370408d, 'g', 0, "0100", "-5e+02"),
        (0x40b43ddeb851eb85, 'G', 6, "1000", "+5181.87"),
        (0x40b43ddeb851eb85, 'g', 6, "1100", "+5181.87"),
        (0x000fffffffffffff, 'e', 15, "0000", "2.225073858507201e-308"),
        (0xfc77161544ff1956, 'f', 0, "0000", "-3599725967972330136001545892559529977085019173692404466790836929251036862653643350700079508704411278132657824335845949704096606041481774474704752468474630848215515774923365368545484489452664976841313745963061735702201071853579302022805142709147081261840536348472700760554831383225575963361280"),
        (0x4225f9262aefc73e, 'F', 16, "0000", "47187170679.8891448974609375"),
        (0x410303fc3c9577c4, 'g', 1, "1010", "+2.e+05"),
        (0xc00889374bc6a7f0, 'g', 20, "0010", "-3.0670000000000001705"),
        (0xc00889374bc6a7f0, 'g', 20, "0100", "-3.0670000000000001705"),
        (0x4326daef7fe7e2f5, 'G', 15, "1000", "+3.21658583278835E+15"),
        (0x414dff1449d81275, 'F', 10, "0001", "3931688.5769064971"),
        (0xc085374a86c5a706, 'g', 3, "1000", "-679"),
        (0x408eedc8c1b235d0, 'f', 278, "0001", "989.72302569605562894139438867568969726562500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x408eedc8c1b235d0, 'g', 278, "0101", "989.723025696055628941394388675689697265625"),
        (0x3fedfa8874a5925c, 'e', 5, "1000", "+9.36833e-01"),
        (0xbfaa6068f6639f0c, 'F', 0, "0001", "0"),
        (0xc01fa1815a07b353, 'e', 20, "0000", "-7.90772000000000030440e+00"),
        (0xc03f865ee50933c0, 'E', 15, "0000", "-3.152488547777807E+01"),
        (0x430c6bf526340000, 'G', 5, "0000", "1E+15"),
        (0x0000000000000001, 'g', 1, "1000", "+5e-324"),
        (0x44b52d02c7e14af6, 'G', 30, "1000", "+99999999999999991611392"),
        (0x7e37e43c8800759c, 'G', 30, "0010", "1.00000000000000005250476025520E+300"),
        (0x7ff0000000000000, 'f', 10, "0001", "inf"),
        (0xc05e5076b9ab11d8, 'g', 15, "0000", "-121.257246415196"),
        (0x3ee4f8b588e368f1, 'e', 17, "1010", "+1.00000000000000008e-05"),
        (0x419766458e5617e3, 'f', 6, "0000", "98144611.584075"),
        (0x73d658e3ab795204, 'g', 16, "0001", "9.999999999999999e+249"),
        (0x3ee4f8b588e368f1, 'e', 115, "0000", "1.0000000000000000818030539140313095458623138256371021270751953125000000000000000000000000000000000000000000000000000e-05"),
        (0xc0c7758000000000, 'g', 6, "0000", "-12011"),
        (0x4340000000000000, 'g', 3, "0000", "9.01e+15"),
        (0xa3130dbb6b8d674f, 'E', 17, "0000", "-1.00000000000000003E-139"),
        (0x409c3c778a6fdafe, 'F', 30, "1001", "+1807.116739032498571759788319468498"),
        (0xc0404126e978d4fe, 'f', 5, "0000", "-32.50900"),
        (0x3fb999999999999a, 'F', 15, "0000", "0.100000000000000"),
        (0xc0824b64cc6be844, 'F', 10, "0000", "-585.4242180281"),
        (0x4341c37937e07fff, 'e', 6, "0010", "1.000000e+16"),
        (0x973c5d7e5d62de10, 'E', 15, "0000", "-9.486561767789946E-197"),
        (0x4065f82f6ff6b2d0, 'G', 30, "1000", "+175.755790693123799428576603532"),
        (0xc08d6f7812006eed, 'e', 2, "0000", "-9.42e+02"),
        (0x3fd8000000000000, 'g', 0, "0010", "0.4"),
        (0x3fd8000000000000, 'g', 0, "0100", "0.4"),
        (0x4056e789af93a050, 'g', 6, "0000", "91.6178"),
        (0x40d9d58000000000, 'E', 15, "0010", "2.645400000000000E+04"),
        (0x4005666666666666, 'E', 10, "1000", "+2.6750000000E+00"),
        (0x419d6f3454000000, 'f', 6, "1001", "+123456789.000000"),
        (0xc08b32d07ee7fff7, 'F', 300, "0001", "-870.351804554461409679788630455732345581054687500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x64af965966bce056, 'g', 3, "0000", "1e+177"),
        (0xbf910f1bfcb5c8a4, 'G', 2, "1000", "-0.017"),
        (0x40bd324a3d70a3d7, 'f', 6, "0000", "7474.290000"),
        (0x40bd324a3d70a3d7, 'g', 6, "0100", "7474.29"),
        (0x4070a6aaba741b14, 'G', 16, "0000", "266.4166817222006"),
        (0x42059d530ad59139, 'G', 0, "0000", "1E+10"),
        (0xc07501c1c7556014, 'g', 5, "0000", "-336.11"),
        (0x4089ffe560418937, 'g', 2, "0000", "8.3e+02"),
        (0x4082d6810624dd2f, 'g', 2, "0000", "6e+02"),
        (0xbfada4f6c4eddb3a, 'G', 5, "1000", "-0.057899"),
        (0x0000000000001fa0, 'F', 20, "0000", "0.00000000000000000000"),
        (0x0000000000001fa0, 'g', 20, "0100", "3.9999554687307320217e-320"),
        (0x44b52d02c7e14af6, 'E', 17, "0001", "9.99999999999999916E+22"),
        (0x44b52d02c7e14af6, 'g', 17, "0101", "9.9999999999999992e+22"),
        (0xc06e7eaddc7371a8, 'F', 15, "0000", "-243.958723283268455"),
        (0x3fe5555555555555, 'g', 17, "0000", "0.66666666666666663"),
        (0xc08f400000000000, 'E', 5, "0000", "-1.00000E+03"),
        (0x3fe0000000000000, 'g', 5, "0000", "0.5"),
        (0x3fe0000000000000, 'g', 5, "0100", "0.5"),
        (0xc07798836de5baea, 'E', 10, "0000", "-3.7753208723E+02"),
        (0x54b249ad2594c37d, 'E', 20, "0010", "1.00000000000000001590E+100"),
        (0x54b249ad2594c37d, 'g', 20, "0100", "1.0000000000000000159e+100"),
        (0xc07c3b36d3add8ca, 'e', 10, "0000", "-4.5170088547e+02"),
        (0xa53f0ae764b43cb3, 'E', 1, "0000", "-2.8E-129"),
        (0x3fb999999999999a, 'e', 1, "0000", "1.0e-01"),
        (0xc0bb4451eb851eb8, 'F', 30, "0010", "-6980.319999999999708961695432662964"),
        (0xc0bb4451eb851eb8, 'g', 30, "0100", "-6980.31999999999970896169543266"),
        (0x3fe0000000000000, 'E', 142, "0010", "5.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000E-01"),
        (0x3fa999999999999a, 'E', 15, "1010", "+5.000000000000000E-02"),
        (0xbfebf2a172abef07, 'F', 30, "0001", "-0.873368000000000033189451187354"),
        (0x3fc3333333333333, 'f', 16, "0000", "0.1500000000000000"),
        (0x55b151a4ee3562cd, 'g', 17, "0000", "6.2063946371970477e+104"),
        (0x54b249ad2594c37d, 'g', 17, "1011", "+1.0000000000000000e+100"),
        (0x54b249ad2594c37d, 'g', 17, "1101", "+1e+100"),
        (0x8c5af01e5656fe1e, 'f', 16, "0000", "-0.0000000000000000"),
        (0x7fee42d130773b76, 'g', 0, "0000", "2e+308"),
        (0x4340000000000000, 'f', 3, "0000", "9007199254740992.000"),
        (0x419d6f3454000000, 'E', 5, "0000", "1.23457E+08"),
        (0xbd757430e3cd5b0b, 'G', 16, "0011", "-1.219511375435471E-12"),
        (0x4083cf9050092ade, 'e', 6, "0000", "6.339455e+02"),
        (0x403cd313f780f980, 'g', 3, "0010", "28.8"),
        (0x96cdd34a3679e9e9, 'f', 10, "0010", "-0.0000000000"),
        (0xc0f1650000000000, 'G', 20, "0010", "-71248.000000000000000"),
        (0xc0f1650000000000, 'g', 20, "0100", "-71248.0"),
        (0x4043c7c1bda5119d, 'F', 2, "0010", "39.56"),
        (0x40b0cf1eb851eb85, 'G', 5, "0000", "4303.1"),
        (0x40b0cf1eb851eb85, 'g', 5, "0100", "4303.1"),
        (0x3fa24be256a1cd45, 'F', 1, "0000", "0.0"),
        (0xc7d2ced32a16a1b1, 'G', 3, "0010", "-1.00E+38"),
        (0xc7d2ced32a16a1b1, 'g', 3, "0100", "-1e+38"),
        (0xc07620f37c1c5266, 'F', 16, "0000", "-354.0594445329974178"),
        (0x44dfe185ca57c517, 'F', 20, "0000", "602214075999999987023872.00000000000000000000"),
        (0xffefffffffffffff, 'e', 17, "0000", "-1.79769313486231571e+308"),
        (0xc0e661dccccccccd, 'G', 3, "0000", "-4.58E+04"),
        (0xc000000000000000, 'E', 138, "0000", "-2.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000E+00"),
        (0x0000000000000002, 'g', 5, "0001", "9.8813e-324"),
        (0x4345ee2a2eb5a5c4, 'g', 0, "0010", "1.e+16"),
        (0x430c6bf526340000, 'f', 1, "0000", "1000000000000000.0"),
        (0x4059000000000000, 'e', 6, "0000", "1.000000e+02"),
        (0xc2b3375aefeece00, 'f', 30, "0000", "-21128469802702.000000000000000000000000000000"),
        (0xc2b3375aefeece00, 'g', 30, "0100", "-21128469802702.0"),
        (0x4223d459f5ae0000, 'f', 3, "0010", "42583522007.000"),
        (0x43118b54f22aeb00, 'G', 17, "0000", "1234567890123456"),
        (0xc08f1153672d4ebd, 'G', 2, "0001", "-9.9E+02"),
        (0xc08f1153672d4ebd, 'g', 2, "0101", "-9.9e+02"),
        (0x30fc45016d841baa, 'e', 30, "0000", "9.999999999999999655045632454401e-73"),
        (0x46fa3b12d3c28841, 'F', 20, "0010", "8512367008247396615247818741776384.00000000000000000000"),
        (0xc90e48bcc227aad5, 'f', 0, "0000", "-84419833963022776677941690812133484760399872"),
        (0xc90e48bcc227aad5, 'g', 0, "0100", "-8e+43"),
        (0x0000000000000002, 'g', 6, "0010", "9.88131e-324"),
        (0x40c240f0a3d70a3d, 'e', 15, "1010", "+9.345879999999999e+03"),
        (0x3fa37dfa00e27e0f, 'F', 2, "0010", "0.04"),
        (0xbf1ac67fd6a4e7d6, 'E', 1, "0001", "-1.0E-04"),
        (0x40814ecca4b8e708, 'g', 20, "0000", "553.84992355780650541"),
        (0xd37d9dbadf2494d4, 'F', 17, "0010", "-15444256706427493871556424584341062486880993438566606131432983804472507889703212966626067480576.00000000000000000"),
        (0x3f81f530184ba647, 'g', 6, "1000", "+0.00876844"),
        (0xea24bc0f3d4fe76c, 'E', 79, "0010", "-2.0315284562544899385700648186884303408789214321905316220474096124099433164854053E+203"),
        (0xc0c995999999999a, 'e', 30, "0000", "-1.309920000000000072759576141834e+04"),
        (0xc0c995999999999a, 'g', 30, "0100", "-13099.2000000000007275957614183"),
        (0x3f5fe07017c01026, 'g', 266, "0000", "0.0019456000000000000203781436169947482994757592678070068359375"),
        (0x44b52d02c7e14af6, 'e', 17, "1000", "+9.99999999999999916e+22"),
        (0x43118b54f22aeb00, 'g', 10, "0010", "1.234567890e+15"),
        (0x43118b54f22aeb00, 'g', 10, "0100", "1.23456789e+15"),
        (0xbfe0000000000000, 'F', 2, "0010", "-0.50"),
        (0xbfe0000000000000, 'g', 2, "0100", "-0.5"),
        (0x0000000000001fa0, 'F', 2, "0000", "0.00"),
        (0x3f1a36e2eb1c432d, 'E', 2, "0000", "1.00E-04"),
        (0x3fc999999999999a, 'f', 2, "0000", "0.20"),
        (0x3fc999999999999a, 'g', 2, "0100", "0.2"),
        (0xc0d35def2242645d, 'e', 5, "0000", "-1.98317e+04"),
        (0xc0861c5d7af78ae6, 'F', 330, "0000", "-707.545644697119087140890769660472869873046875000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x403fef4525b6e880, 'g', 0, "0001", "3e+01"),
        (0x3ee4f8b588e368f1, 'E', 6, "0000", "1.000000E-05"),
        (0x3ff8000000000000, 'f', 20, "0000", "1.50000000000000000000"),
        (0x3ff8000000000000, 'g', 20, "0100", "1.5"),
        (0x3f1a36e2eb1c432d, 'f', 20, "0000", "0.00010000000000000000"),
        (0x75ea03fde214caf1, 'F', 6, "0000", "100000000000000006533477610574617307003210399478293629775643192173126922026988747893522897194624310120140586361897943794063686207001388689898137223574581962294638641248120402340847172549022642470747494264132908839774942043776657045497009088429335535195969814528.000000"),
        (0x7fee42d130773b76, 'F', 2, "0000", "169999999999999993883079578865998174333346074304075874502773119193537729178160565864330091787584707988572262467983188919169916105593357174268369962062473635296474636515660464935663040684957844303524367815028553272712298986386310828644513212353921123253311675499856875650512437415429217994623324794855339589632.00"),
        (0x7e41eb2d66005835, 'f', 238, "0000", "1500000000000000078757140382806630373056702871662238732373781173267703686983362293679557062620671796065556665749325817265413784853040645863467188277180060474272580801389863705606745350692182135089053429852456199917621678558451461320111979114170213741868888183230085264257173504208294580298189100810240.0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x7e41eb2d66005835, 'g', 238, "0100", "1.500000000000000078757140382806630373056702871662238732373781173267703686983362293679557062620671796065556665749325817265413784853040645863467188277180060474272580801389863705606745350692182135089053429852456199917621678558451461320111979e+300"),
        (0x3fe5555555555555, 'G', 15, "1000", "+0.666666666666667"),
        (0x4076800000000000, 'f', 17, "0000", "360.00000000000000000"),
        (0x4076800000000000, 'g', 17, "0100", "360.0"),
        (0x4004000000000000, 'G', 20, "0000", "2.5"),
        (0x4004000000000000, 'g', 20, "0100", "2.5"),
        (0x415a03af13f1d6ce, 'G', 0, "0010", "7.E+06"),
        (0x0000000000000002, 'g', 20, "1001", "+9.8813129168249308835e-324"),
        (0x0000000000000002, 'g', 20, "1101", "+9.8813129168249308835e-324"),
        (0xb01138e93c320b81, 'f', 224, "0001", "-0.00000000000000000000000000000000000000000000000000000000000000000000000000003718369061137906406783218657000026839157819737303169551021728220431619764334927713813058544687181593279225646614045532994217107057795540376737875133"),
        (0xb01138e93c320b81, 'g', 224, "0101", "-3.7183690611379064067832186570000268391578197373031695510217282204316197643349277138130585446871815932792256466140455329942171070577955403767378751332365215986091911122860183461993371069006543427892808040269301272928714752197e-77"),
        (0x0e50ab877c142ffa, 'F', 15, "0000", "0.000000000000000"),
        (0x41bde2e89d000000, 'E', 2, "0010", "5.01E+08"),
        (0x430c6bf526340000, 'e', 2, "0000", "1.00e+15"),
        (0xd16964a4496d6321, 'f', 10, "0000", "-1541576476845100065973872877274483918329854639503446103993442070021035819910261899264.0000000000"),
        (0x3fd6666666666666, 'e', 0, "1000", "+3e-01"),
        (0x40726a2e1a494d5c, 'F', 302, "0001", "294.63625553735414541733916848897933959960937500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x40726a2e1a494d5c, 'g', 302, "0101", "294.636255537354145417339168488979339599609375"),
        (0xc06af1d2f1a9fbe7, 'F', 6, "0000", "-215.557000"),
        (0x000012688b70e62b, 'f', 1, "0000", "0.0"),
        (0x4000000000000000, 'F', 5, "0000", "2.00000"),
        (0x4005666666666666, 'g', 6, "1010", "+2.67500"),
        (0x3fd3333333333334, 'f', 20, "1001", "+0.30000000000000004441"),
        (0x6c8bc064b142fca8, 'e', 5, "0010", "7.47401e+214"),
        (0x6c8bc064b142fca8, 'g', 5, "0100", "7.474e+214"),
        (0xc125513000000000, 'E', 5, "0000", "-6.98520E+05"),
        (0x4341c37937e08000, 'g', 0, "0000", "1e+16"),
        (0x4341c37937e08000, 'g', 0, "0100", "1e+16"),
        (0x2694e019159c084f, 'F', 30, "0000", "0.000000000000000000000000000000"),
        (0xc008c18e757928e1, 'F', 1, "0000", "-3.1"),
        (0x0cfb30619b0ca0f8, 'f', 5, "1001", "+0.00000"),
        (0x0cfb30619b0ca0f8, 'g', 5, "1101", "+3.8886e-246"),
        (0x3f821bcd3b06bc32, 'e', 30, "1000", "+8.842090000000000366009444974225e-03"),
        (0x411ca441dc80aec5, 'f', 30, "0001", "469264.465334635518956929445266723633"),
        (0x411ca441dc80aec5, 'g', 30, "0101", "469264.465334635518956929445267"),
        (0x4f81afd6ec0e1411, 'e', 2, "0000", "1.00e+75"),
        (0x8000000000000001, 'E', 16, "0000", "-4.9406564584124654E-324"),
        (0x8000000000000001, 'g', 16, "0100", "-4.940656458412465e-324"),
        (0x408f0882d34da6ee, 'f', 10, "0010", "993.0638795916"),
        (0x0010000000000000, 'E', 10, "0010", "2.2250738585E-308"),
        (0xe2c3656b8f031e7b, 'G', 10, "0010", "-5.718783286E+167"),
        (0x3f1a36e2eb1c432d, 'g', 2, "0000", "0.0001"),
        (0x3f1a36e2eb1c432d, 'g', 2, "0100", "0.0001"),
        (0x16ae0799fd15b8a9, 'g', 16, "0000", "1.961569869732921e-199"),
        (0x3fc999999999999a, 'f', 17, "1000", "+0.20000000000000001"),
        (0x0ac8062864ac6f43, 'G', 3, "0010", "1.00E-256"),
        (0x0ac8062864ac6f43, 'g', 3, "0100", "1e-256"),
        (0xbf7e141a3e44b43a, 'F', 241, "1010", "-0.0073433899999999999869126909857186547014862298965454101562500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x4048c94e3bcd35a8, 'E', 5, "0000", "4.95727E+01"),
        (0x43f8b70ddf418983, 'g', 5, "1001", "+2.8495e+19"),
        (0x43f8b70ddf418983, 'g', 5, "1101", "+2.8495e+19"),
        (0x4ac90a2da6eb253b, 'g', 1, "0010", "2.e+52"),
        (0x4ac90a2da6eb253b, 'g', 1, "0100", "2e+52"),
        (0x3fd3333333333334, 'E', 16, "0001", "3.0000000000000004E-01"),
        (0x3fb4dc6922028947, 'F', 17, "0001", "0.08148820000000000"),
        (0x3fd5555555555555, 'f', 1, "0001", "0.3"),
        (0x3fd5555555555555, 'g', 1, "0101", "0.3"),
        (0xdc66e9f4b17d7072, 'E', 192, "0000", "-1.332376204574178673241741299318219455959583166649145784282025806811955430583484098750347782495058843180307450504132636325967458516661698560000000000000000000000000000000000000000000000000000000E+137"),
        (0x40b8255c28f5c28f, 'F', 220, "1000", "+6181.3599999999996725819073617458343505859375000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
        (0x40b8255c28f5c28f, 'g', 220, "1100", "+6181.3599999999996725819073617458343505859375"),
        (0xc074144bb539af48, 'E', 16, "0010", "-3.2126848337681849E+02"),
        (0x3fd6666666666666, 'f', 0, "0001", "0"),
        (0xb19459ccbe663461, 'F', 16, "0000", "-0.0000000000000000"),
        (0x3ff0000000000000, 'F', 1, "1000", "+1.0"),
        (0x3ff0000000000000, 'g', 1, "1100", "+1e+00"),
        (0xc07cbe39c80cebf2, 'g', 17, "0000", "-459.88910679862522"),
        (0x3fc999999999999a, 'F', 17, "1010", "+0.20000000000000001"),
        (0x3fc999999999999a, 'g', 17, "1100", "+0.20000000000000001"),
        (0x3fca91e215336dec, 'f', 6, "1010", "+0.207577"),
        (0x3ff0000000000000, 'e', 1, "0001", "1.0e+00"),
        (0x3fd3333333333334, 'g', 10, "0000", "0.3"),
    ];

    #[test]
    fn double_to_string_matches_python() {
        for &(b, code, prec, flags, want) in DTS {
            let fl = flags.as_bytes();
            let flags = DtoaFlags {
                sign: fl[0] == b'1',
                add_dot_0: fl[1] == b'1',
                alt: fl[2] == b'1',
                no_neg_0: fl[3] == b'1',
            };
            assert_eq!(
                double_to_string(f(b), code, prec, flags),
                want,
                "bits {:#x} {}{}",
                b,
                prec,
                code
            );
        }
    }

    /// `round(x, n)` (repr of the result, or the error).
    const ROUND: &[(u64, i64, &str)] = &[
        (0x4052c00000000000, 10, "75.0"),
        (0x40838949ba5e353f, 6, "625.161"),
        (0x3fa56a0f6852cfb1, -1, "0.0"),
        (0xce8b209657b65056, -6, "-2.340321282289193e+70"),
        (0x34f3ff8aef3142f6, -11, "0.0"),
        (0xfff0000000000000, 7, "-inf"),
        (0x43118b54f22aeb00, 324, "1234567890123456.0"),
        (0x41c98f2b74800000, -5, "857600000.0"),
        (0x40038166f53fdab4, 324, "2.438184658061198"),
        (0x000012688b70e62b, 9, "0.0"),
        (0x7e37e43c8800759c, -309, "0.0"),
        (0x01a56e1fc2f8f359, -11, "0.0"),
        (0xc0829d1d2ff37e44, 2, "-595.64"),
        (0xf2be67062e7e6b86, 6, "-5.1897317343245114e+244"),
        (0x4004000000000000, -1, "0.0"),
        (0x405edd2f1a9fbe77, 1, "123.5"),
        (0xe50e55ca4b59c8bf, -2, "-6.146291235053929e+178"),
        (0xffefffffffffffff, -7, "-1.7976931348623157e+308"),
        (0x76da60b830ec6c35, -4, "3.3224232311373623e+264"),
        (0xc0821d1661ab93ce, 4, "-579.6359"),
        (0x4081c7a20f320d5a, 324, "568.9541305456471"),
        (0xa7ee6252be2c7452, 11, "-0.0"),
        (0x3fd3333333333334, -7, "0.0"),
        (0x0000000000000000, 3, "0.0"),
        (0x412ebf6121439dd7, -11, "0.0"),
        (0x1e8f062112aec834, 6, "0.0"),
        (0x407b43b2b0507c7c, 4, "436.2311"),
        (0xc098e00000000000, 1, "-1592.0"),
        (0x3fba2fcbe28d0926, 322, "0.10229181557682362"),
        (0x9acdaae997b486e5, -4, "-0.0"),
        (0x41a663158a80492c, 10, "187796165.25055826"),
        (0x0000000000000002, 1, "0.0"),
        (0x3fde7d0aed99cbef, 12, "0.476382"),
        (0x0000000000000000, 9, "0.0"),
        (0xc000000000000000, 3, "-2.0"),
        (0xc07f800000000000, -4, "-0.0"),
        (0xbff0000000000000, -309, "-0.0"),
        (0x54b249ad2594c37d, -8, "1e+100"),
        (0xc0817fe0de59a524, 323, "-559.9847990993044"),
        (0xbb92e3b40a0e9b4f, 5, "-0.0"),
        (0x42d0039ff83e016a, -6, "70431019000000.0"),
        (0xc0606b3d5154f15c, 324, "-131.35123507109063"),
        (0x6622d3d6f88f0b3d, -8, "1e+184"),
        (0xf9720d4c2fa8a031, -1, "-1e+277"),
        (0x2739d28f47b4d525, -11, "0.0"),
        (0xc062a0a3d70a3d71, -6, "-0.0"),
        (0x3fd3333333333334, 5, "0.3"),
        (0xc03d40be0ded288d, 11, "-29.2529"),
        (0x0010000000000000, -400, "0.0"),
        (0x4059000000000000, 2, "100.0"),
        (0x8b9383761002c625, -3, "-0.0"),
        (0x8b58c210167c44d6, -309, "-0.0"),
        (0x3fd8000000000000, -7, "0.0"),
        (0xc0839e2b3477298d, 7, "-627.7710962"),
        (0x0000000000000001, -1000000, "0.0"),
        (0xc086071c9c27a2f6, 3, "-704.889"),
        (0xbff0000000000000, 322, "-1.0"),
        (0x0010000000000000, -2, "0.0"),
        (0x000fffffffffffff, -1, "0.0"),
        (0xc50c9a7c32d68e69, 323, "-4.3224323058885763e+24"),
        (0x3ee4f8b588e368f1, -5, "0.0"),
        (0x00000000000007e8, 3, "0.0"),
        (0x3fd8000000000000, -9, "0.0"),
        (0x408b4dd70c70de46, -7, "0.0"),
        (0xc079d07e1208020c, 11, "-413.03077891472"),
        (0x403c40f9096bb98c, 12, "28.2538"),
        (0xc3050c12c49604d0, 10, "-740531157254298.0"),
        (0x3fd3333333333334, 4, "0.3"),
        (0x4341c37937e07fff, 9, "9999999999999998.0"),
        (0x4351c37937e08002, -12, "2e+16"),
        (0x3fda95810624dd2f, -1000000, "0.0"),
        (0x401694dd48540780, 6, "5.645375"),
        (0x7580a6650b926d67, 1, "1e+258"),
        (0xeab624ed564bf1fe, 7, "-1.110856493995393e+206"),
        (0x4008000000000000, 10, "3.0"),
        (0x3f202c9dedbc309d, -1, "0.0"),
        (0x3fc3333333333333, 11, "0.15"),
        (0x40707196040d3838, 5, "263.09912"),
        (0x1c59cb308790af8b, 12, "0.0"),
        (0xc08476233a22b2de, 3, "-654.767"),
        (0x40792cd2187d92e8, 5, "402.80129"),
        (0x0010000000000000, -307, "0.0"),
        (0xc082dff5d6a61e1b, -8, "-0.0"),
        (0x2ae91360eb30e16c, -11, "0.0"),
        (0xf68967e5eec84e2f, -9, "-1e+263"),
        (0x4341c37937e07fff, -1, "1e+16"),
        (0x4000000000000000, -11, "0.0"),
        (0x4345ee2a2eb5a5c4, -1000000, "0.0"),
        (0x7c59a742461887f6, -6, "1e+291"),
        (0xfff0000000000000, 324, "-inf"),
        (0x40a8167ae147ae14, -2, "3100.0"),
        (0x4345ee2a2eb5a5c4, 323, "1.2345678901234568e+16"),
        (0xc08ecd4534ef33aa, 7, "-985.6587924"),
        (0x0000000000000002, -3, "0.0"),
        (0x40895883126e978d, 1, "811.1"),
        (0xbf6d1d51f56b2695, 1, "-0.0"),
        (0x432ddb25a59173af, 1, "4201864531327447.5"),
        (0x141c2f903cbc7a1a, -2, "0.0"),
        (0x7e41eb2d66005835, -8, "1.5e+300"),
        (0x405edd2f1a9fbe77, -9, "0.0"),
        (0xc0891acc5dc583a6, 1, "-803.3"),
        (0xc1412fd9ec84378a, -11, "-0.0"),
        (0x4011666666666666, -9, "0.0"),
        (0x005254d5e86b5cf0, 9, "0.0"),
        (0xc0e02d2666666666, 0, "-33129.0"),
        (0x8000000000000000, 400, "-0.0"),
        (0x0000000000001fa0, 3, "0.0"),
        (0x431a08c7005d03d4, 4, "1832000048021749.0"),
        (0x4005bf0a8b145769, 2, "2.72"),
        (0x4005bf0a8b145769, 323, "2.718281828459045"),
        (0x8000000000000001, 323, "-0.0"),
        (0x400921fb54442d18, -11, "0.0"),
        (0x3ff0000000000000, -12, "0.0"),
        (0xd298cdf0cd33aaa2, -7, "-7.894932564210582e+89"),
        (0x4345ee2a2eb5a5c4, -309, "0.0"),
        (0x40c8408e4064a503, -7, "0.0"),
        (0x4041bbb3a9cbb940, 400, "35.46642038772052"),
        (0xc0f5be0000000000, -3, "-89000.0"),
        (0xc048000000000000, -7, "-0.0"),
        (0x4069f9890480bf78, 3, "207.798"),
        (0xc0231940789613d3, 6, "-9.54932"),
        (0x2982c9d0b1923745, -6, "0.0"),
        (0x3fd0000000000000, 9, "0.25"),
        (0xc0846e09328ceafe, 12, "-653.754490948602"),
        (0xb73d5898700e92d2, -10, "-0.0"),
        (0xc0f259eccccccccd, -5, "-100000.0"),
        (0x44dfe185ca57c517, -12, "6.02214076e+23"),
        (0x40c0408b851eb852, -6, "0.0"),
        (0x4340000000000000, 9, "9007199254740992.0"),
        (0x4059000000000000, 3, "100.0"),
        (0xc023b40cc78e9f6b, 5, "-9.85166"),
        (0x43118b54f22aeb00, -1, "1234567890123460.0"),
        (0x424b198f42532144, 7, "232785872038.2599"),
        (0x4082dc6e49662a86, -4, "0.0"),
        (0x407e3bbc002e43a7, -4, "0.0"),
        (0x000fffffffffffff, 1, "0.0"),
        (0x4249b30fd02fd661, -12, "0.0"),
        (0x0000000000000000, -309, "0.0"),
        (0x7fee42d130773b76, 5, "1.7e+308"),
        (0x3fc999999999999a, 400, "0.2"),
        (0x4004000000000000, -7, "0.0"),
        (0x44b52d02c7e14af6, -9, "1e+23"),
        (0x408dea1020e94da8, -308, "0.0"),
        (0x4059000000000000, -4, "0.0"),
        (0xc07dc5d030bff5aa, -3, "-0.0"),
        (0x3fd6666666666666, -9, "0.0"),
        (0xffefffffffffffff, -6, "-1.7976931348623157e+308"),
        (0xc08422796704d9d2, -3, "-1000.0"),
        (0x3fc0000000000000, 2, "0.12"),
        (0x4089f859cac0a942, -8, "0.0"),
        (0x000012688b70e62b, -5, "0.0"),
        (0xc087795139896a15, 10, "-751.1646605239"),
        (0xd3cfb938d0ddad83, -12, "-5.293830802415893e+95"),
        (0xc08c10dc5d10642d, -2, "-900.0"),
        (0x7ff0000000000000, 6, "inf"),
        (0xc08e1ccaf5413513, -4, "-0.0"),
        (0x3e4454962e920480, -6, "0.0"),
        (
            0x7fefffffffffffff,
            -307,
            "OverflowError: rounded value too large to represent",
        ),
        (0x8000000000000000, 324, "-0.0"),
        (0x46ac8008594095ab, 9, "2.8902562874177073e+32"),
        (0xb98039d665896880, 6, "-0.0"),
        (0x4000000000000000, 322, "2.0"),
        (0x4340000000000000, 6, "9007199254740992.0"),
        (0x8903f574ec134720, 323, "-3.094914023048202e-265"),
        (0x41b1de784a000000, 11, "299792458.0"),
        (0xc01851c970f7b9e0, 10, "-6.07987"),
        (0x4bc25646299aaa20, 3, "8.992442604308335e+56"),
        (0xc122b09a00000000, -11, "-0.0"),
        (0xc079a7cacd6ab7ce, 324, "-410.48701230704035"),
        (0x40f53d1333333333, 323, "86993.2"),
        (0x4005666666666666, 2, "2.67"),
        (0x3fc0000000000000, 2, "0.12"),
        (0x3fd8000000000000, 2, "0.38"),
        (
            0x7fefffffffffffff,
            -308,
            "OverflowError: rounded value too large to represent",
        ),
        (
            0xffefffffffffffff,
            -308,
            "OverflowError: rounded value too large to represent",
        ),
        (0x0000000000000001, 323, "0.0"),
        (0x0000000000000001, 324, "5e-324"),
        (0x40934a0000000000, -1, "1230.0"),
        (0x4093880000000000, -2, "1200.0"),
        (0x4095180000000000, -2, "1400.0"),
        (0xbf50624dd2f1a9fc, 2, "-0.0"),
        (0x3fe0000000000000, 0, "0.0"),
        (0x3ff8000000000000, 0, "2.0"),
        (0xc004000000000000, 0, "-2.0"),
    ];

    #[test]
    fn round_ndigits_matches_python() {
        for &(b, n, want) in ROUND {
            let got = match float_round_ndigits(f(b), n) {
                Ok(v) => float_repr(v),
                Err(e) => e.to_string(),
            };
            assert_eq!(got, want, "round({:#x}, {})", b, n);
        }
    }

    /// `round(x)` (int result or error).
    const ROUND_INT: &[(u64, &str)] = &[
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x7ff0000000000000, "OverflowError: cannot convert float infinity to integer"),
        (0xfff0000000000000, "OverflowError: cannot convert float infinity to integer"),
        (0x7ff8000000000000, "ValueError: cannot convert float NaN to integer"),
        (0x0000000000000001, "0"),
        (0x8000000000000001, "0"),
        (0x0000000000000002, "0"),
        (0x0010000000000000, "0"),
        (0x000fffffffffffff, "0"),
        (0x7fefffffffffffff, "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
        (0xffefffffffffffff, "-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"),
        (0x3fe0000000000000, "0"),
        (0x3ff8000000000000, "2"),
        (0x4004000000000000, "2"),
        (0xbfe0000000000000, "0"),
        (0x3fc0000000000000, "0"),
        (0x3fd8000000000000, "0"),
        (0x4005666666666666, "3"),
        (0x4341c37937e08000, "10000000000000000"),
        (0x430c6bf526340000, "1000000000000000"),
        (0x4341c37937e07fff, "9999999999999998"),
        (0x3f1a36e2eb1c432d, "0"),
        (0x3ee4f8b588e368f1, "0"),
        (0x3f202c9dedbc309d, "0"),
        (0x3ff0000000000000, "1"),
        (0xbff0000000000000, "-1"),
        (0x4000000000000000, "2"),
        (0x4008000000000000, "3"),
        (0x3fb999999999999a, "0"),
        (0x3fc999999999999a, "0"),
        (0x3fd3333333333334, "0"),
        (0x3fd5555555555555, "0"),
        (0x3fe5555555555555, "1"),
        (0xc000000000000000, "-2"),
        (0x4024000000000000, "10"),
        (0x4059000000000000, "100"),
        (0x4480f0cf064dd592, "10000000000000000000000"),
        (0x44b52d02c7e14af6, "99999999999999991611392"),
        (0x7e37e43c8800759c, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160"),
        (0xc07e05d934da2ef6, "-480"),
        (0x3f6749d0a56db8cb, "0"),
        (0xc0f5ba54cccccccd, "-88997"),
        (0x408b1dcccccccccd, "868"),
        (0xc0db2c6000000000, "-27826"),
        (0x18a7af086995e1ca, "0"),
        (0x6b9bebda01d8a36a, "2294840745302154015947272119261530102019017935846381267642607640412394416105554668682228065955272303826282789808253189355956060780434593192175639521660201189056707755891803310339862679436300660496848209905188864"),
        (0x429658c3f90a3c00, "6142625202831"),
        (0x4081599c1f3f7f90, "555"),
        (0x407592c3026e3c68, "345"),
        (0x4085405dc9410c1e, "680"),
        (0x408066db22d0e560, "525"),
        (0xc08575df6d4c5aa6, "-687"),
        (0x4465249fdc20928e, "3120165563896150622208"),
        (0x027a28edc580e50e, "0"),
        (0x3fd9ce2089e34331, "0"),
        (0xa878a0522c7e7095, "0"),
        (0xc0856aa1a8df2214, "-685"),
        (0x4226a053d7e6c721, "48589564915"),
        (0x40f0dff666666666, "69119"),
        (0xbbab855c6cea78fd, "0"),
        (0x42e15b834f6bd122, "152677941730953"),
        (0xc07185d61a171424, "-280"),
        (0x4046d9882f2c1bf0, "46"),
        (0x223cad5a87519503, "0"),
        (0x4074b50d0ac1035c, "331"),
        (0x40715ef342dfb368, "278"),
        (0xc0e640199999999a, "-45569"),
        (0x5711dbecf36e6c3c, "2684340483034418232689061898582557128165077646861280691273725173320712738553076262930669586959044134990671511552"),
        (0x5b8337df38a25fbe, "6820589938340408895545632196559565242382473722022121786114934341230633556962572545719409204591680987931394122629730236798624417710080"),
        (0xa2edb49bdf9c01b5, "0"),
        (0xc11796bc00000000, "-386479"),
        (0x8fc8ed36f31ae91c, "0"),
        (0xa630ec4be0ad8f89, "0"),
        (0xc1220d3800000000, "-591516"),
        (0x5c1b0d59a203b4c9, "4915637356076998169070931256584707564889037458782309810974967165717366468576954491019193900077965757802547420800436274953818130192793600"),
        (0x4100724800000000, "134729"),
        (0xb6e5c1c8e3897337, "0"),
        (0xc08cccba891f58ab, "-922"),
        (0x3fd0186db50f40e6, "0"),
        (0x3fe0000000000000, "0"),
        (0x3ff8000000000000, "2"),
        (0x4004000000000000, "2"),
        (0x400c000000000000, "4"),
        (0xbfe0000000000000, "0"),
        (0xbff8000000000000, "-2"),
        (0x4012000000000000, "4"),
        (0x4415af1d78b58c40, "100000000000000000000"),
        (0x4330000000000001, "4503599627370497"),
        (0x3fdfffffffffffff, "0"),
    ];

    #[test]
    fn round_to_int_matches_python() {
        for &(b, want) in ROUND_INT {
            let got = match float_round(f(b), None) {
                Ok(FloatRound::Int(v)) => v.to_string(),
                Ok(FloatRound::Float(v)) => float_repr(v),
                Err(e) => e.to_string(),
            };
            assert_eq!(got, want, "round({:#x})", b);
        }
    }

    #[test]
    fn int_of_float_truncates() {
        let cases: &[(f64, &str)] = &[(2.9, "2"), (-2.9, "-2"), (-0.0, "0"), (1e20, "100000000000000000000"), (-1.5e300, "-1500000000000000078757140382806630373056702871662238732373781173267703686983362293679557062620671796065556665749325817265413784853040645863467188277180060474272580801389863705606745350692182135089053429852456199917621678558451461320111979114170213741868888183230085264257173504208294580298189100810240")];
        for &(x, want) in cases {
            assert_eq!(
                float_to_bigint(x).map(|v| v.to_string()),
                Ok(want.to_string())
            );
        }
        assert_eq!(
            float_to_bigint(f64::INFINITY).unwrap_err().to_string(),
            "OverflowError: cannot convert float infinity to integer"
        );
        assert_eq!(
            float_to_bigint(f64::NAN).unwrap_err().to_string(),
            "ValueError: cannot convert float NaN to integer"
        );
        assert!(
            float_is_integer(3.0)
                && !float_is_integer(3.5)
                && !float_is_integer(f64::INFINITY)
                && !float_is_integer(f64::NAN)
        );
    }

    /// `float(s)`: repr of the result, or None for ValueError.
    const PARSE: &[(&str, Option<&str>)] = &[
        ("1.5", Some("1.5")),
        ("\u{1c}1.5", None),
        ("\u{2003}1.5\u{3000}", Some("1.5")),
        ("\u{661}.\u{665}", Some("1.5")),
        ("1_0.5", Some("10.5")),
        ("1._5", None),
        ("1_e5", None),
        ("1e1_0", Some("10000000000.0")),
        ("inf", Some("inf")),
        ("-Infinity", Some("-inf")),
        ("+nan", Some("nan")),
        ("nAn", Some("nan")),
        ("infinit", None),
        ("1e", None),
        (".", None),
        (".5", Some("0.5")),
        ("5.", Some("5.0")),
        ("-.5e-3", Some("-0.0005")),
        ("0x10", None),
        ("1__0", None),
        ("_1", None),
        ("1_", None),
        ("  12  ", Some("12.0")),
        ("1e400", Some("inf")),
        ("-1e400", Some("-inf")),
        ("1e-400", Some("0.0")),
        ("1E+5", Some("100000.0")),
        ("1\u{0}", None),
        ("i_nf", None),
        ("\u{661}e\u{661}", Some("10.0")),
        ("", None),
        (" ", None),
        ("+", None),
        ("-", None),
        ("1e+", None),
        ("e5", None),
        ("1.2.3", None),
        ("--1", None),
        ("+-1", None),
        ("0001.000", Some("1.0")),
        ("1e0001", Some("10.0")),
        ("  -0.0 ", Some("-0.0")),
        ("nan ", Some("nan")),
        (" -inf", Some("-inf")),
        ("Inf", Some("inf")),
        ("INFINITY", Some("inf")),
        ("1 2", None),
        ("1,5", None),
        ("\u{661}\u{662}\u{663}", Some("123.0")),
        ("\u{1d7cf}\u{1d7d0}", Some("12.0")),
        ("1\u{2009}", Some("1.0")),
        ("\u{a0}1", Some("1.0")),
        ("\u{85}1", Some("1.0")),
        ("0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", Some("0.0")),
        ("1e-324", Some("0.0")),
        ("2.4703282292062328e-324", Some("5e-324")),
        ("2.4703282292062327e-324", Some("0.0")),
        ("1.7976931348623158e308", Some("1.7976931348623157e+308")),
        ("1.7976931348623159e308", Some("inf")),
        ("4.9e-324", Some("5e-324")),
        ("0e0", Some("0.0")),
        ("-0", Some("-0.0")),
        ("1_2_3.4_5e1_0", Some("1234500000000.0")),
        ("\u{9}\u{a}1.25\u{d}\u{b}\u{c}", Some("1.25")),
        ("1e-7", Some("1e-07")),
        ("123456789012345678901234567890", Some("1.2345678901234568e+29")),
        ("0.1", Some("0.1")),
        ("\u{663}.\u{661}\u{664}", Some("3.14")),
        ("7 0\u{3000}3704", None),
        (" 8", Some("8.0")),
        ("\u{3000}03", Some("3.0")),
        ("94-6", None),
        ("-7 8 6-.", None),
        ("+", None),
        ("xnan.77", None),
        ("_", None),
        ("7", Some("7.0")),
        ("-464", Some("-464.0")),
        ("", None),
        ("66-76", None),
        ("_2", None),
        ("3inf", None),
        (" ", None),
        ("", None),
        ("575750", Some("575750.0")),
        ("699446", Some("699446.0")),
        ("7_06.5.", None),
        ("e7367.", None),
        ("79", Some("79.0")),
        ("", None),
        ("3E0_7 ", Some("30000000.0")),
        ("-++82-116", None),
        ("E5__9.nan3e", None),
        ("x6", None),
        ("8x2\u{3000}nan ", None),
        ("\u{3000}10 3", None),
        ("32600583", Some("32600583.0")),
        (" ", None),
        ("870.9", Some("870.9")),
        ("5\u{661}0979x ", None),
        (" -26ee9\u{661}_", None),
        ("", None),
        ("1", Some("1.0")),
        (" x9\u{661}9.85", None),
        ("07inf0", None),
        ("x025", None),
        ("15036209", Some("15036209.0")),
        ("44nan1_4", None),
        ("eE03", None),
        ("5_nan27", None),
        ("EE _e+\u{661}5e", None),
        ("", None),
        ("3nan_607", None),
        ("9\u{661}7709 ", Some("917709.0")),
        ("e0527", None),
        ("3", Some("3.0")),
        ("48070", Some("48070.0")),
        ("3323 2", None),
        ("\u{3000}7909", Some("7909.0")),
        ("\u{661}", Some("1.0")),
        ("nan_", None),
        ("nan876570", None),
        ("2\u{661}0 nan0-", None),
        ("", None),
        ("53nanEe2x", None),
        ("\u{661}nan1989", None),
        ("62_8_79e", None),
        (" ", None),
        (" 352+674", None),
        (" 1 ", Some("1.0")),
        ("1947xnan8", None),
        ("44", Some("44.0")),
        ("0..8 14nan3", None),
        ("-6", Some("-6.0")),
        ("", None),
        ("96272+85", None),
        ("235inf85747", None),
        ("", None),
        ("8", Some("8.0")),
        ("", None),
        ("\u{661}", Some("1.0")),
        ("E21 1", None),
        ("", None),
        ("", None),
        ("617", Some("617.0")),
        ("9876753", Some("9876753.0")),
        ("3\u{3000}622", None),
        ("+39278", Some("39278.0")),
        ("337_9", Some("3379.0")),
        ("36inf479_16", None),
        ("5+", None),
        ("\u{661}8", Some("18.0")),
        ("_60_", None),
        ("8+9.", None),
        ("10E62x7", None),
        ("3", Some("3.0")),
        ("4+--126E", None),
        ("8", Some("8.0")),
    ];

    #[test]
    fn parse_float_matches_python() {
        for &(s, want) in PARSE {
            assert_eq!(
                parse_float(s).map(float_repr).as_deref(),
                want,
                "float({:?})",
                s
            );
        }
    }

    /// Float arithmetic: (op, x, y, repr of result or error).
    const OPS: &[(&str, u64, u64, &str)] = &[
        ("div", 0xfff0000000000000, 0xc082550e56041893, "inf"),
        ("floordiv", 0xfff0000000000000, 0xc082550e56041893, "nan"),
        ("mod", 0xfff0000000000000, 0xc082550e56041893, "nan"),
        (
            "divmod",
            0xfff0000000000000,
            0xc082550e56041893,
            "(nan, nan)",
        ),
        ("pow", 0xfff0000000000000, 0xc082550e56041893, "0.0"),
        (
            "div",
            0xb54d9a2971975e4b,
            0xc516a2123abbbb37,
            "9.036310539971936e-77",
        ),
        ("floordiv", 0xb54d9a2971975e4b, 0xc516a2123abbbb37, "0.0"),
        (
            "mod",
            0xb54d9a2971975e4b,
            0xc516a2123abbbb37,
            "-6.181226704608889e-52",
        ),
        (
            "divmod",
            0xb54d9a2971975e4b,
            0xc516a2123abbbb37,
            "(0.0, -6.181226704608889e-52)",
        ),
        (
            "pow",
            0xb54d9a2971975e4b,
            0xc516a2123abbbb37,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        ("div", 0x7ff0000000000000, 0x00000000000007e8, "inf"),
        ("floordiv", 0x7ff0000000000000, 0x00000000000007e8, "nan"),
        ("mod", 0x7ff0000000000000, 0x00000000000007e8, "nan"),
        (
            "divmod",
            0x7ff0000000000000,
            0x00000000000007e8,
            "(nan, nan)",
        ),
        ("pow", 0x7ff0000000000000, 0x00000000000007e8, "inf"),
        (
            "div",
            0x407c350a8acbe194,
            0xc01f405bc01a36e3,
            "-57.76574153770035",
        ),
        ("floordiv", 0x407c350a8acbe194, 0xc01f405bc01a36e3, "-58.0"),
        (
            "mod",
            0x407c350a8acbe194,
            0xc01f405bc01a36e3,
            "-1.8302262271778158",
        ),
        (
            "divmod",
            0x407c350a8acbe194,
            0xc01f405bc01a36e3,
            "(-58.0, -1.8302262271778158)",
        ),
        (
            "pow",
            0x407c350a8acbe194,
            0xc01f405bc01a36e3,
            "1.8236739286703617e-21",
        ),
        (
            "div",
            0xfff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xfff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xfff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xfff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xfff0000000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0xf019c3bc80c85c7f,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xf019c3bc80c85c7f,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xf019c3bc80c85c7f,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xf019c3bc80c85c7f,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xf019c3bc80c85c7f, 0x8000000000000000, "1.0"),
        ("div", 0xc05f49d565814608, 0xfff0000000000000, "0.0"),
        ("floordiv", 0xc05f49d565814608, 0xfff0000000000000, "0.0"),
        (
            "mod",
            0xc05f49d565814608,
            0xfff0000000000000,
            "-125.15364968895312",
        ),
        (
            "divmod",
            0xc05f49d565814608,
            0xfff0000000000000,
            "(0.0, -125.15364968895312)",
        ),
        ("pow", 0xc05f49d565814608, 0xfff0000000000000, "0.0"),
        (
            "div",
            0x42da8da620b6022f,
            0x4089616a296b556c,
            "143789768676.78714",
        ),
        (
            "floordiv",
            0x42da8da620b6022f,
            0x4089616a296b556c,
            "143789768676.0",
        ),
        (
            "mod",
            0x42da8da620b6022f,
            0x4089616a296b556c,
            "639.2938706900404",
        ),
        (
            "divmod",
            0x42da8da620b6022f,
            0x4089616a296b556c,
            "(143789768676.0, 639.2938706900404)",
        ),
        (
            "pow",
            0x42da8da620b6022f,
            0x4089616a296b556c,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (
            "div",
            0x1c38bba884e35a7a,
            0xc4e949a0afe3ec9d,
            "-1.0467490422587746e-196",
        ),
        ("floordiv", 0x1c38bba884e35a7a, 0xc4e949a0afe3ec9d, "-1.0"),
        (
            "mod",
            0x1c38bba884e35a7a,
            0xc4e949a0afe3ec9d,
            "-9.553388249031545e+23",
        ),
        (
            "divmod",
            0x1c38bba884e35a7a,
            0xc4e949a0afe3ec9d,
            "(-1.0, -9.553388249031545e+23)",
        ),
        (
            "pow",
            0x1c38bba884e35a7a,
            0xc4e949a0afe3ec9d,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (
            "div",
            0x40c0eb10a3d70a3d,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x40c0eb10a3d70a3d,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x40c0eb10a3d70a3d,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x40c0eb10a3d70a3d,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x40c0eb10a3d70a3d, 0x8000000000000000, "1.0"),
        ("div", 0xd82bc35892f00b29, 0x7ff0000000000000, "-0.0"),
        ("floordiv", 0xd82bc35892f00b29, 0x7ff0000000000000, "-1.0"),
        ("mod", 0xd82bc35892f00b29, 0x7ff0000000000000, "inf"),
        (
            "divmod",
            0xd82bc35892f00b29,
            0x7ff0000000000000,
            "(-1.0, inf)",
        ),
        ("pow", 0xd82bc35892f00b29, 0x7ff0000000000000, "inf"),
        (
            "div",
            0x3fe0000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x3fe0000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x3fe0000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x3fe0000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x3fe0000000000000, 0x8000000000000000, "1.0"),
        (
            "div",
            0xc3f06c9525107273,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc3f06c9525107273,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc3f06c9525107273,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc3f06c9525107273,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc3f06c9525107273, 0x0000000000000000, "1.0"),
        (
            "div",
            0x5194971956342ac8,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x5194971956342ac8,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x5194971956342ac8,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x5194971956342ac8,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x5194971956342ac8, 0x0000000000000000, "1.0"),
        (
            "div",
            0x4008000000000000,
            0x4083a65e8d240a60,
            "0.004771021444435976",
        ),
        ("floordiv", 0x4008000000000000, 0x4083a65e8d240a60, "0.0"),
        ("mod", 0x4008000000000000, 0x4083a65e8d240a60, "3.0"),
        (
            "divmod",
            0x4008000000000000,
            0x4083a65e8d240a60,
            "(0.0, 3.0)",
        ),
        (
            "pow",
            0x4008000000000000,
            0x4083a65e8d240a60,
            "1.0280552810197064e+300",
        ),
        (
            "div",
            0x4083b2856248724a,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x4083b2856248724a,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x4083b2856248724a,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x4083b2856248724a,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x4083b2856248724a, 0x8000000000000000, "1.0"),
        ("div", 0x4024000000000000, 0xc004000000000000, "-4.0"),
        ("floordiv", 0x4024000000000000, 0xc004000000000000, "-4.0"),
        ("mod", 0x4024000000000000, 0xc004000000000000, "-0.0"),
        (
            "divmod",
            0x4024000000000000,
            0xc004000000000000,
            "(-4.0, -0.0)",
        ),
        (
            "pow",
            0x4024000000000000,
            0xc004000000000000,
            "0.0031622776601683794",
        ),
        ("div", 0xbff0000000000000, 0x3ff0000000000000, "-1.0"),
        ("floordiv", 0xbff0000000000000, 0x3ff0000000000000, "-1.0"),
        ("mod", 0xbff0000000000000, 0x3ff0000000000000, "0.0"),
        (
            "divmod",
            0xbff0000000000000,
            0x3ff0000000000000,
            "(-1.0, 0.0)",
        ),
        ("pow", 0xbff0000000000000, 0x3ff0000000000000, "-1.0"),
        (
            "div",
            0x406287d8fb902e38,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x406287d8fb902e38,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x406287d8fb902e38,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x406287d8fb902e38,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x406287d8fb902e38, 0x8000000000000000, "1.0"),
        ("div", 0xc020000000000000, 0x3fb999999999999a, "-80.0"),
        ("floordiv", 0xc020000000000000, 0x3fb999999999999a, "-80.0"),
        (
            "mod",
            0xc020000000000000,
            0x3fb999999999999a,
            "4.440892098500626e-16",
        ),
        (
            "divmod",
            0xc020000000000000,
            0x3fb999999999999a,
            "(-80.0, 4.440892098500626e-16)",
        ),
        (
            "pow",
            0xc020000000000000,
            0x3fb999999999999a,
            "(1.1708879168120567, 0.3804445462533539)",
        ),
        ("div", 0x4008000000000000, 0x4008000000000000, "1.0"),
        ("floordiv", 0x4008000000000000, 0x4008000000000000, "1.0"),
        ("mod", 0x4008000000000000, 0x4008000000000000, "0.0"),
        (
            "divmod",
            0x4008000000000000,
            0x4008000000000000,
            "(1.0, 0.0)",
        ),
        ("pow", 0x4008000000000000, 0x4008000000000000, "27.0"),
        ("div", 0x34c49eb6355dfcdd, 0x7fe1ccf385ebc8a0, "0.0"),
        ("floordiv", 0x34c49eb6355dfcdd, 0x7fe1ccf385ebc8a0, "0.0"),
        (
            "mod",
            0x34c49eb6355dfcdd,
            0x7fe1ccf385ebc8a0,
            "1.6818945986041912e-54",
        ),
        (
            "divmod",
            0x34c49eb6355dfcdd,
            0x7fe1ccf385ebc8a0,
            "(0.0, 1.6818945986041912e-54)",
        ),
        ("pow", 0x34c49eb6355dfcdd, 0x7fe1ccf385ebc8a0, "0.0"),
        (
            "div",
            0x347d9c76bef4e9d4,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x347d9c76bef4e9d4,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x347d9c76bef4e9d4,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x347d9c76bef4e9d4,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x347d9c76bef4e9d4, 0x8000000000000000, "1.0"),
        (
            "div",
            0xc02396ad080ba4c0,
            0x3fe0000000000000,
            "-19.588577750055947",
        ),
        ("floordiv", 0xc02396ad080ba4c0, 0x3fe0000000000000, "-20.0"),
        (
            "mod",
            0xc02396ad080ba4c0,
            0x3fe0000000000000,
            "0.20571112497202648",
        ),
        (
            "divmod",
            0xc02396ad080ba4c0,
            0x3fe0000000000000,
            "(-20.0, 0.20571112497202648)",
        ),
        (
            "pow",
            0xc02396ad080ba4c0,
            0x3fe0000000000000,
            "(1.9163168158305272e-16, 3.129582859588155)",
        ),
        (
            "div",
            0xc020000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc020000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc020000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc020000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc020000000000000, 0x8000000000000000, "1.0"),
        ("div", 0xc004000000000000, 0x7ff8000000000000, "nan"),
        ("floordiv", 0xc004000000000000, 0x7ff8000000000000, "nan"),
        ("mod", 0xc004000000000000, 0x7ff8000000000000, "nan"),
        (
            "divmod",
            0xc004000000000000,
            0x7ff8000000000000,
            "(nan, nan)",
        ),
        ("pow", 0xc004000000000000, 0x7ff8000000000000, "nan"),
        ("div", 0xc008000000000000, 0xbff0000000000000, "3.0"),
        ("floordiv", 0xc008000000000000, 0xbff0000000000000, "3.0"),
        ("mod", 0xc008000000000000, 0xbff0000000000000, "-0.0"),
        (
            "divmod",
            0xc008000000000000,
            0xbff0000000000000,
            "(3.0, -0.0)",
        ),
        (
            "pow",
            0xc008000000000000,
            0xbff0000000000000,
            "-0.3333333333333333",
        ),
        (
            "div",
            0x440c7d341b5af8ac,
            0xbff0000000000000,
            "-6.56913375118663e+19",
        ),
        (
            "floordiv",
            0x440c7d341b5af8ac,
            0xbff0000000000000,
            "-6.56913375118663e+19",
        ),
        ("mod", 0x440c7d341b5af8ac, 0xbff0000000000000, "-0.0"),
        (
            "divmod",
            0x440c7d341b5af8ac,
            0xbff0000000000000,
            "(-6.56913375118663e+19, -0.0)",
        ),
        (
            "pow",
            0x440c7d341b5af8ac,
            0xbff0000000000000,
            "1.5222707252982372e-20",
        ),
        (
            "div",
            0x4047972f54250e00,
            0x41f26220e233dc62,
            "9.561029651862163e-09",
        ),
        ("floordiv", 0x4047972f54250e00, 0x41f26220e233dc62, "0.0"),
        (
            "mod",
            0x4047972f54250e00,
            0x41f26220e233dc62,
            "47.18113185700713",
        ),
        (
            "divmod",
            0x4047972f54250e00,
            0x41f26220e233dc62,
            "(0.0, 47.18113185700713)",
        ),
        (
            "pow",
            0x4047972f54250e00,
            0x41f26220e233dc62,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (
            "div",
            0xf08420eb449c8843,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xf08420eb449c8843,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xf08420eb449c8843,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xf08420eb449c8843,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xf08420eb449c8843, 0x8000000000000000, "1.0"),
        (
            "div",
            0x3fd5555555555555,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x3fd5555555555555,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x3fd5555555555555,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x3fd5555555555555,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x3fd5555555555555, 0x0000000000000000, "1.0"),
        (
            "div",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xbff0000000000000, 0x0000000000000000, "1.0"),
        ("div", 0x0000000000000000, 0xc0673e04189374bc, "-0.0"),
        ("floordiv", 0x0000000000000000, 0xc0673e04189374bc, "-0.0"),
        ("mod", 0x0000000000000000, 0xc0673e04189374bc, "-0.0"),
        (
            "divmod",
            0x0000000000000000,
            0xc0673e04189374bc,
            "(-0.0, -0.0)",
        ),
        (
            "pow",
            0x0000000000000000,
            0xc0673e04189374bc,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        (
            "div",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x0000000000000000, 0x8000000000000000, "1.0"),
        ("div", 0x4024000000000000, 0x3fd5555555555555, "30.0"),
        ("floordiv", 0x4024000000000000, 0x3fd5555555555555, "30.0"),
        (
            "mod",
            0x4024000000000000,
            0x3fd5555555555555,
            "5.551115123125783e-16",
        ),
        (
            "divmod",
            0x4024000000000000,
            0x3fd5555555555555,
            "(30.0, 5.551115123125783e-16)",
        ),
        (
            "pow",
            0x4024000000000000,
            0x3fd5555555555555,
            "2.154434690031884",
        ),
        (
            "div",
            0x3fb999999999999a,
            0xbfa16ac499f8642a,
            "-2.939646125399425",
        ),
        ("floordiv", 0x3fb999999999999a, 0xbfa16ac499f8642a, "-3.0"),
        (
            "mod",
            0x3fb999999999999a,
            0xbfa16ac499f8642a,
            "-0.0020530999999999883",
        ),
        (
            "divmod",
            0x3fb999999999999a,
            0xbfa16ac499f8642a,
            "(-3.0, -0.0020530999999999883)",
        ),
        (
            "pow",
            0x3fb999999999999a,
            0xbfa16ac499f8642a,
            "1.0814780268545052",
        ),
        (
            "div",
            0x411aae7000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x411aae7000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x411aae7000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x411aae7000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x411aae7000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0xc0722f5fd7cb3666,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc0722f5fd7cb3666,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc0722f5fd7cb3666,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc0722f5fd7cb3666,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc0722f5fd7cb3666, 0x0000000000000000, "1.0"),
        (
            "div",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x0000000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x0000000000000000, 0x8000000000000000, "1.0"),
        (
            "div",
            0x415a2d398dfbb3b0,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x415a2d398dfbb3b0,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x415a2d398dfbb3b0,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x415a2d398dfbb3b0,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x415a2d398dfbb3b0, 0x8000000000000000, "1.0"),
        (
            "div",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc008000000000000, 0x8000000000000000, "1.0"),
        (
            "div",
            0x7fe1ccf385ebc8a0,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x7fe1ccf385ebc8a0,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x7fe1ccf385ebc8a0,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x7fe1ccf385ebc8a0,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x7fe1ccf385ebc8a0, 0x8000000000000000, "1.0"),
        (
            "div",
            0x6b31a23c55915515,
            0x3ff0000000000000,
            "2.2645466968429543e+208",
        ),
        (
            "floordiv",
            0x6b31a23c55915515,
            0x3ff0000000000000,
            "2.2645466968429543e+208",
        ),
        ("mod", 0x6b31a23c55915515, 0x3ff0000000000000, "0.0"),
        (
            "divmod",
            0x6b31a23c55915515,
            0x3ff0000000000000,
            "(2.2645466968429543e+208, 0.0)",
        ),
        (
            "pow",
            0x6b31a23c55915515,
            0x3ff0000000000000,
            "2.2645466968429543e+208",
        ),
        (
            "div",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc020000000000000, 0x0000000000000000, "1.0"),
        ("div", 0x848e74404f3daadb, 0xcde995c9e0b6bda2, "0.0"),
        ("floordiv", 0x848e74404f3daadb, 0xcde995c9e0b6bda2, "0.0"),
        ("mod", 0x848e74404f3daadb, 0xcde995c9e0b6bda2, "-1e-286"),
        (
            "divmod",
            0x848e74404f3daadb,
            0xcde995c9e0b6bda2,
            "(0.0, -1e-286)",
        ),
        (
            "pow",
            0x848e74404f3daadb,
            0xcde995c9e0b6bda2,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        ("div", 0x3ff0000000000000, 0x00000000000007e8, "inf"),
        ("floordiv", 0x3ff0000000000000, 0x00000000000007e8, "inf"),
        ("mod", 0x3ff0000000000000, 0x00000000000007e8, "7.905e-321"),
        (
            "divmod",
            0x3ff0000000000000,
            0x00000000000007e8,
            "(inf, 7.905e-321)",
        ),
        ("pow", 0x3ff0000000000000, 0x00000000000007e8, "1.0"),
        ("div", 0xfff0000000000000, 0x3f618e37bbae167e, "-inf"),
        ("floordiv", 0xfff0000000000000, 0x3f618e37bbae167e, "nan"),
        ("mod", 0xfff0000000000000, 0x3f618e37bbae167e, "nan"),
        (
            "divmod",
            0xfff0000000000000,
            0x3f618e37bbae167e,
            "(nan, nan)",
        ),
        ("pow", 0xfff0000000000000, 0x3f618e37bbae167e, "inf"),
        (
            "div",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc020000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc020000000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0xd7257f99af7e5748,
            0xc08bd800a4f37c52,
            "7.253330627975865e+108",
        ),
        (
            "floordiv",
            0xd7257f99af7e5748,
            0xc08bd800a4f37c52,
            "7.253330627975865e+108",
        ),
        (
            "mod",
            0xd7257f99af7e5748,
            0xc08bd800a4f37c52,
            "-828.3250208731874",
        ),
        (
            "divmod",
            0xd7257f99af7e5748,
            0xc08bd800a4f37c52,
            "(7.253330627975865e+108, -828.3250208731874)",
        ),
        ("pow", 0xd7257f99af7e5748, 0xc08bd800a4f37c52, "(-0.0, 0.0)"),
        (
            "div",
            0x00000000000007e8,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x00000000000007e8,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x00000000000007e8,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x00000000000007e8,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x00000000000007e8, 0x8000000000000000, "1.0"),
        (
            "div",
            0x4024000000000000,
            0xc03d59667a170e20,
            "-0.34072455847293",
        ),
        ("floordiv", 0x4024000000000000, 0xc03d59667a170e20, "-1.0"),
        (
            "mod",
            0x4024000000000000,
            0xc03d59667a170e20,
            "-19.34921992361899",
        ),
        (
            "divmod",
            0x4024000000000000,
            0xc03d59667a170e20,
            "(-1.0, -19.34921992361899)",
        ),
        (
            "pow",
            0x4024000000000000,
            0xc03d59667a170e20,
            "4.47486642756468e-30",
        ),
        (
            "div",
            0x96ba6a0c366054a5,
            0x3ff4ae297396d091,
            "-2.6698316191365146e-199",
        ),
        ("floordiv", 0x96ba6a0c366054a5, 0x3ff4ae297396d091, "-1.0"),
        ("mod", 0x96ba6a0c366054a5, 0x3ff4ae297396d091, "1.29252"),
        (
            "divmod",
            0x96ba6a0c366054a5,
            0x3ff4ae297396d091,
            "(-1.0, 1.29252)",
        ),
        (
            "pow",
            0x96ba6a0c366054a5,
            0x3ff4ae297396d091,
            "(-1.848074355568931e-257, -2.4218731353827543e-257)",
        ),
        (
            "div",
            0x3fb999999999999a,
            0xc1587268c0000000,
            "-1.560400529849604e-08",
        ),
        ("floordiv", 0x3fb999999999999a, 0xc1587268c0000000, "-1.0"),
        ("mod", 0x3fb999999999999a, 0xc1587268c0000000, "-6408610.9"),
        (
            "divmod",
            0x3fb999999999999a,
            0xc1587268c0000000,
            "(-1.0, -6408610.9)",
        ),
        (
            "pow",
            0x3fb999999999999a,
            0xc1587268c0000000,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (
            "div",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xbff0000000000000, 0x0000000000000000, "1.0"),
        ("div", 0x40f10b7800000000, 0xfff0000000000000, "-0.0"),
        ("floordiv", 0x40f10b7800000000, 0xfff0000000000000, "-1.0"),
        ("mod", 0x40f10b7800000000, 0xfff0000000000000, "-inf"),
        (
            "divmod",
            0x40f10b7800000000,
            0xfff0000000000000,
            "(-1.0, -inf)",
        ),
        ("pow", 0x40f10b7800000000, 0xfff0000000000000, "0.0"),
        (
            "div",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xc008000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xc008000000000000, 0x8000000000000000, "1.0"),
        ("div", 0xc07a06c4acc154a0, 0x7ff8000000000000, "nan"),
        ("floordiv", 0xc07a06c4acc154a0, 0x7ff8000000000000, "nan"),
        ("mod", 0xc07a06c4acc154a0, 0x7ff8000000000000, "nan"),
        (
            "divmod",
            0xc07a06c4acc154a0,
            0x7ff8000000000000,
            "(nan, nan)",
        ),
        ("pow", 0xc07a06c4acc154a0, 0x7ff8000000000000, "nan"),
        (
            "div",
            0x0000000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x0000000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x0000000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x0000000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x0000000000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0x3fb999999999999a,
            0xb80a62f505e1f40b,
            "-1.0316842504985362e+37",
        ),
        (
            "floordiv",
            0x3fb999999999999a,
            0xb80a62f505e1f40b,
            "-1.0316842504985362e+37",
        ),
        (
            "mod",
            0x3fb999999999999a,
            0xb80a62f505e1f40b,
            "-5.593718645533085e-39",
        ),
        (
            "divmod",
            0x3fb999999999999a,
            0xb80a62f505e1f40b,
            "(-1.0316842504985362e+37, -5.593718645533085e-39)",
        ),
        ("pow", 0x3fb999999999999a, 0xb80a62f505e1f40b, "1.0"),
        (
            "div",
            0x7fe1ccf385ebc8a0,
            0x406023e56f890798,
            "7.744628179023064e+305",
        ),
        (
            "floordiv",
            0x7fe1ccf385ebc8a0,
            0x406023e56f890798,
            "7.744628179023064e+305",
        ),
        (
            "mod",
            0x7fe1ccf385ebc8a0,
            0x406023e56f890798,
            "103.89494895796929",
        ),
        (
            "divmod",
            0x7fe1ccf385ebc8a0,
            0x406023e56f890798,
            "(7.744628179023064e+305, 103.89494895796929)",
        ),
        (
            "pow",
            0x7fe1ccf385ebc8a0,
            0x406023e56f890798,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        ("div", 0xbf7384312795454c, 0xc004000000000000, "0.001905896"),
        ("floordiv", 0xbf7384312795454c, 0xc004000000000000, "0.0"),
        ("mod", 0xbf7384312795454c, 0xc004000000000000, "-0.00476474"),
        (
            "divmod",
            0xbf7384312795454c,
            0xc004000000000000,
            "(0.0, -0.00476474)",
        ),
        (
            "pow",
            0xbf7384312795454c,
            0xc004000000000000,
            "(1.9536773532989817e-10, -638119.4495128581)",
        ),
        ("div", 0x8000000000000000, 0xd51c931e8ab87173, "0.0"),
        ("floordiv", 0x8000000000000000, 0xd51c931e8ab87173, "0.0"),
        ("mod", 0x8000000000000000, 0xd51c931e8ab87173, "-0.0"),
        (
            "divmod",
            0x8000000000000000,
            0xd51c931e8ab87173,
            "(0.0, -0.0)",
        ),
        (
            "pow",
            0x8000000000000000,
            0xd51c931e8ab87173,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        (
            "div",
            0x25d19765387695b0,
            0x3ff0000000000000,
            "1.6242091159864493e-126",
        ),
        ("floordiv", 0x25d19765387695b0, 0x3ff0000000000000, "0.0"),
        (
            "mod",
            0x25d19765387695b0,
            0x3ff0000000000000,
            "1.6242091159864493e-126",
        ),
        (
            "divmod",
            0x25d19765387695b0,
            0x3ff0000000000000,
            "(0.0, 1.6242091159864493e-126)",
        ),
        (
            "pow",
            0x25d19765387695b0,
            0x3ff0000000000000,
            "1.6242091159864493e-126",
        ),
        (
            "div",
            0xbd1c3fc91dc0251c,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xbd1c3fc91dc0251c,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xbd1c3fc91dc0251c,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xbd1c3fc91dc0251c,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xbd1c3fc91dc0251c, 0x8000000000000000, "1.0"),
        (
            "div",
            0xbbfd83c94fb6d2ac,
            0xc08c094189374bc7,
            "1.1146321100989011e-22",
        ),
        ("floordiv", 0xbbfd83c94fb6d2ac, 0xc08c094189374bc7, "0.0"),
        ("mod", 0xbbfd83c94fb6d2ac, 0xc08c094189374bc7, "-1e-19"),
        (
            "divmod",
            0xbbfd83c94fb6d2ac,
            0xc08c094189374bc7,
            "(0.0, -1e-19)",
        ),
        (
            "pow",
            0xbbfd83c94fb6d2ac,
            0xc08c094189374bc7,
            "OverflowError: complex exponentiation",
        ),
        ("div", 0x0000000000000000, 0xef24fdc0004e757b, "-0.0"),
        ("floordiv", 0x0000000000000000, 0xef24fdc0004e757b, "-0.0"),
        ("mod", 0x0000000000000000, 0xef24fdc0004e757b, "-0.0"),
        (
            "divmod",
            0x0000000000000000,
            0xef24fdc0004e757b,
            "(-0.0, -0.0)",
        ),
        (
            "pow",
            0x0000000000000000,
            0xef24fdc0004e757b,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        (
            "div",
            0x7ff8000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x7ff8000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x7ff8000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x7ff8000000000000,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x7ff8000000000000, 0x8000000000000000, "1.0"),
        (
            "div",
            0x6c9290ba9a38c7d1,
            0x8000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x6c9290ba9a38c7d1,
            0x8000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x6c9290ba9a38c7d1,
            0x8000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x6c9290ba9a38c7d1,
            0x8000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x6c9290ba9a38c7d1, 0x8000000000000000, "1.0"),
        (
            "div",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xbff0000000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0x42a2309ce5400000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x42a2309ce5400000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x42a2309ce5400000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x42a2309ce5400000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x42a2309ce5400000, 0x0000000000000000, "1.0"),
        ("div", 0x3ff0000000000000, 0xbff0000000000000, "-1.0"),
        ("floordiv", 0x3ff0000000000000, 0xbff0000000000000, "-1.0"),
        ("mod", 0x3ff0000000000000, 0xbff0000000000000, "-0.0"),
        (
            "divmod",
            0x3ff0000000000000,
            0xbff0000000000000,
            "(-1.0, -0.0)",
        ),
        ("pow", 0x3ff0000000000000, 0xbff0000000000000, "1.0"),
        (
            "div",
            0x42c63b2f74dce10a,
            0x9c688f8f1b47bcc6,
            "-6.1537237415831306e+184",
        ),
        (
            "floordiv",
            0x42c63b2f74dce10a,
            0x9c688f8f1b47bcc6,
            "-6.1537237415831306e+184",
        ),
        (
            "mod",
            0x42c63b2f74dce10a,
            0x9c688f8f1b47bcc6,
            "-2.5859633699161695e-172",
        ),
        (
            "divmod",
            0x42c63b2f74dce10a,
            0x9c688f8f1b47bcc6,
            "(-6.1537237415831306e+184, -2.5859633699161695e-172)",
        ),
        ("pow", 0x42c63b2f74dce10a, 0x9c688f8f1b47bcc6, "1.0"),
        (
            "div",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0xbff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0xbff0000000000000, 0x0000000000000000, "1.0"),
        (
            "div",
            0xc054a5013a92a305,
            0x3f80677be528b932,
            "-10309.542714747286",
        ),
        (
            "floordiv",
            0xc054a5013a92a305,
            0x3f80677be528b932,
            "-10310.0",
        ),
        (
            "mod",
            0xc054a5013a92a305,
            0x3f80677be528b932,
            "0.0036628000000094793",
        ),
        (
            "divmod",
            0xc054a5013a92a305,
            0x3f80677be528b932,
            "(-10310.0, 0.0036628000000094793)",
        ),
        (
            "pow",
            0xc054a5013a92a305,
            0x3f80677be528b932,
            "(1.0356579572800961, 0.026066571316391035)",
        ),
        (
            "div",
            0x3ff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float division by zero",
        ),
        (
            "floordiv",
            0x3ff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float floor division by zero",
        ),
        (
            "mod",
            0x3ff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float modulo",
        ),
        (
            "divmod",
            0x3ff0000000000000,
            0x0000000000000000,
            "ZeroDivisionError: float divmod()",
        ),
        ("pow", 0x3ff0000000000000, 0x0000000000000000, "1.0"),
        (
            "pow",
            0xc020000000000000,
            0x3fd5555555555555,
            "(1.0000000000000002, 1.7320508075688772)",
        ),
        (
            "pow",
            0xbff0000000000000,
            0x3fe0000000000000,
            "(6.123233995736766e-17, 1.0)",
        ),
        (
            "pow",
            0xc000000000000000,
            0x7fe1ccf385ebc8a0,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        ("pow", 0xbff0000000000000, 0x7ff0000000000000, "1.0"),
        (
            "pow",
            0x0000000000000000,
            0xbff0000000000000,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        (
            "pow",
            0x8000000000000000,
            0xc008000000000000,
            "ZeroDivisionError: 0.0 cannot be raised to a negative power",
        ),
        ("pow", 0x8000000000000000, 0x4008000000000000, "-0.0"),
        (
            "pow",
            0x4024000000000000,
            0x4079000000000000,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        (
            "pow",
            0xc024000000000000,
            0x4079100000000000,
            "OverflowError: (34, 'Numerical result out of range')",
        ),
        ("pow", 0x4000000000000000, 0xc091300000000000, "0.0"),
        ("pow", 0x7ff8000000000000, 0x0000000000000000, "1.0"),
        ("pow", 0x3ff0000000000000, 0x7ff8000000000000, "1.0"),
        ("pow", 0xfff0000000000000, 0x4008000000000000, "-inf"),
        ("pow", 0xfff0000000000000, 0xc008000000000000, "-0.0"),
        ("pow", 0xfff0000000000000, 0x4000000000000000, "inf"),
        (
            "pow",
            0xfe37e43c8800759c,
            0x3fe0000000000000,
            "(6.123233995736766e+133, 1e+150)",
        ),
        (
            "pow",
            0xfe37e43c8800759c,
            0x3ff8000000000000,
            "OverflowError: complex exponentiation",
        ),
    ];

    #[test]
    fn arithmetic_matches_python() {
        for &(op, xb, yb, want) in OPS {
            let (x, y) = (f(xb), f(yb));
            let got = match op {
                "div" => float_div(x, y).map(float_repr),
                "floordiv" => float_floordiv(x, y).map(float_repr),
                "mod" => float_mod(x, y).map(float_repr),
                "divmod" => float_divmod(x, y)
                    .map(|(a, b)| format!("({}, {})", float_repr(a), float_repr(b))),
                _ => float_pow(x, y).map(|r| match r {
                    FloatPow::Float(v) => float_repr(v),
                    FloatPow::Complex(a, b) => format!("({}, {})", float_repr(a), float_repr(b)),
                }),
            };
            let got = got.unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "{} {:#x} {:#x}", op, xb, yb);
        }
    }

    /// `repr(complex(re, im))`.
    const COMPLEX_REPR: &[(u64, u64, &str)] = &[
        (0x3ff0000000000000, 0x4000000000000000, "(1+2j)"),
        (0x0000000000000000, 0x4000000000000000, "2j"),
        (0x8000000000000000, 0x4000000000000000, "(-0+2j)"),
        (0x0000000000000000, 0x8000000000000000, "-0j"),
        (0x8000000000000000, 0x8000000000000000, "(-0-0j)"),
        (0x4341c37937e08000, 0x3ff8000000000000, "(1e+16+1.5j)"),
        (0x7ff8000000000000, 0x7ff0000000000000, "(nan+infj)"),
        (0xfff0000000000000, 0x7ff8000000000000, "(-inf+nanj)"),
        (0x3ff8000000000000, 0xc004000000000000, "(1.5-2.5j)"),
        (0x0000000000000000, 0x3ee4f8b588e368f1, "1e-05j"),
        (0x4008000000000000, 0x0000000000000000, "(3+0j)"),
        (
            0x3fd5555555555555,
            0x3fe5555555555555,
            "(0.3333333333333333+0.6666666666666666j)",
        ),
        (0xbff0000000000000, 0xfe37e43c8800759c, "(-1-1e+300j)"),
        (0x0000000000000001, 0x3ff0000000000000, "(5e-324+1j)"),
    ];

    #[test]
    fn complex_repr_matches_python() {
        for &(re, im, want) in COMPLEX_REPR {
            assert_eq!(complex_repr(f(re), f(im)), want);
        }
    }

    /// `x.as_integer_ratio()`.
    const RATIO: &[(u64, &str)] = &[
        (0x0000000000000000, "0/1"),
        (0x8000000000000000, "0/1"),
        (0x3ff0000000000000, "1/1"),
        (0x3fe0000000000000, "1/2"),
        (0xbfe8000000000000, "-3/4"),
        (0x3fb999999999999a, "3602879701896397/36028797018963968"),
        (0x7e37e43c8800759c, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160/1"),
        (0x0000000000000001, "1/202402253307310618352495346718917307049556649764142118356901358027430339567995346891960383701437124495187077864316811911389808737385793476867013399940738509921517424276566361364466907742093216341239767678472745068562007483424692698618103355649159556340810056512358769552333414615230502532186327508646006263307707741093494784"),
        (0x4004000000000000, "5/2"),
        (0x4008000000000000, "3/1"),
        (0x3ee4f8b588e368f1, "5902958103587057/590295810358705651712"),
        (0x7ff0000000000000, "OverflowError: cannot convert Infinity to integer ratio"),
        (0x7ff8000000000000, "ValueError: cannot convert NaN to integer ratio"),
    ];

    #[test]
    fn as_integer_ratio_matches_python() {
        for &(b, want) in RATIO {
            let got = match float_as_integer_ratio(f(b)) {
                Ok((n, d)) => format!("{}/{}", n, d),
                Err(e) => e.to_string(),
            };
            assert_eq!(got, want);
        }
    }

    #[test]
    fn unicode_helpers() {
        assert_eq!(unicode_decimal_value('7'), Some(7));
        assert_eq!(unicode_decimal_value('\u{663}'), Some(3));
        assert_eq!(unicode_decimal_value('\u{1D7D9}'), Some(1));
        assert_eq!(unicode_decimal_value('\u{1FBF9}'), Some(9));
        assert_eq!(unicode_decimal_value('\u{b2}'), None);
        assert_eq!(unicode_decimal_value('a'), None);
        assert!(
            is_python_space('\u{1c}')
                && is_python_space('\u{3000}')
                && !is_python_space('\u{200b}')
        );
        assert_eq!(
            transform_decimal_and_space("\u{663}\u{3000}x\u{e9}z"),
            "3 x?"
        );
    }

    /// Tiny deterministic generator for the no-panic checks.
    fn next(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut st = 0x9e3779b97f4a7c15u64;
        let alphabet: Vec<char> = "0123456789._eE+-infatyINFx \u{663}\u{3000}\u{0}"
            .chars()
            .collect();
        for _ in 0..3000 {
            let x = f64::from_bits(next(&mut st));
            let y = f64::from_bits(next(&mut st));
            let _ = float_repr(x);
            for code in ['e', 'f', 'g', 'r', 'E', 'x'] {
                let _ = double_to_string(
                    x,
                    code,
                    (next(&mut st) % 40) as usize,
                    DtoaFlags {
                        sign: true,
                        add_dot_0: true,
                        alt: true,
                        no_neg_0: true,
                    },
                );
            }
            let _ = float_round(x, Some((next(&mut st) % 800) as i64 - 400));
            let _ = float_round(x, None);
            let _ = (
                float_div(x, y),
                float_floordiv(x, y),
                float_mod(x, y),
                float_divmod(x, y),
                float_pow(x, y),
            );
            let n = (next(&mut st) % 12) as usize;
            let s: String = (0..n)
                .map(|_| alphabet[(next(&mut st) % alphabet.len() as u64) as usize])
                .collect();
            let _ = parse_float(&s);
        }
        let _ = double_to_string(1.0, 'f', usize::MAX >> 40, DtoaFlags::default()).len();
    }
}
