//! Python's formatting mini-languages as CPython 3.11 implements them, without any VM
//! calls: the format-spec language of `format()`/`__format__` for int, float and str,
//! `%`-formatting (`printf`-style) helpers, and the `str.format` template parser.

use crate::object::float::{double_to_string, unicode_decimal_value, DtoaFlags, NumError};
use crate::object::int::{int_to_decimal_string, int_to_f64};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

fn value_error(msg: impl Into<String>) -> NumError {
    NumError::new("ValueError", msg)
}

/// Widths above this report `MemoryError` (CPython would try to allocate the text), as do
/// widths the process could not hold ([`crate::memguard`]).
pub const MAX_FORMAT_WIDTH: usize = 1 << 31;

fn check_width(width: Option<usize>) -> Result<(), NumError> {
    match width {
        Some(w)
            if w > MAX_FORMAT_WIDTH
                || !crate::memguard::fits(w as u128 * crate::memguard::COPIES) =>
        {
            Err(NumError::new("MemoryError", ""))
        }
        _ => Ok(()),
    }
}

/// Largest value CPython's `get_integer` accepts for widths, precisions and field
/// indexes (`PY_SSIZE_T_MAX`).
const SSIZE_MAX: u64 = i64::MAX as u64;

// ---------------------------------------------------------------------------
// Format spec: [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
// ---------------------------------------------------------------------------

/// A parsed format spec, before the per-type defaults are applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormatSpec {
    /// Fill character given together with an explicit alignment.
    pub fill: Option<char>,
    /// Alignment `<`, `>`, `=` or `^`, if given.
    pub align: Option<char>,
    /// Sign option `+`, `-` or ` `, if given.
    pub sign: Option<char>,
    /// The `z` option (3.11): coerce negative zero results to positive zero (floats).
    pub no_neg_0: bool,
    /// The `#` option (alternate form).
    pub alternate: bool,
    /// A `0` right before the width (without an explicit fill).
    pub zero_pad: bool,
    /// Minimum field width.
    pub width: Option<usize>,
    /// Thousands separator option: `,` or `_`.
    pub grouping: Option<char>,
    /// Precision (after `.`).
    pub precision: Option<usize>,
    /// Presentation type character, if given.
    pub type_char: Option<char>,
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// CPython's `get_integer` on ASCII/Unicode decimal digits (`None` if no digit).
fn spec_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, NumError> {
    let mut acc: u64 = 0;
    let mut n = 0;
    while *pos < chars.len() {
        let Some(d) = unicode_decimal_value(chars[*pos]) else {
            break;
        };
        if acc > (SSIZE_MAX - d as u64) / 10 {
            return Err(value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as u64;
        *pos += 1;
        n += 1;
    }
    Ok(if n == 0 { None } else { Some(acc as usize) })
}

/// Parses a format spec as CPython's `parse_internal_render_format_spec`.
/// `type_name` is the type of the formatted object, used only in
/// `Invalid format specifier 'SPEC' for object of type 'TYPE'`.
/// Checks that depend on the object's default type (which separators go with which
/// type) happen in [`format_int`], [`format_float`] and [`format_str`].
pub fn parse_format_spec(spec: &str, type_name: &str) -> Result<FormatSpec, NumError> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut pos = 0;
    let mut f = FormatSpec::default();
    if end >= 2 && is_align(chars[1]) {
        f.align = Some(chars[1]);
        f.fill = Some(chars[0]);
        pos = 2;
    } else if end >= 1 && is_align(chars[0]) {
        f.align = Some(chars[0]);
        pos = 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        f.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        f.no_neg_0 = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        f.alternate = true;
        pos += 1;
    }
    if f.fill.is_none() && pos < end && chars[pos] == '0' {
        f.zero_pad = true;
        pos += 1;
    }
    f.width = spec_integer(&chars, &mut pos)?;
    if pos < end && chars[pos] == ',' {
        f.grouping = Some(',');
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if f.grouping.is_some() {
            return Err(value_error("Cannot specify both ',' and '_'."));
        }
        f.grouping = Some('_');
        pos += 1;
    }
    if pos < end && chars[pos] == ',' && f.grouping == Some('_') {
        return Err(value_error("Cannot specify both ',' and '_'."));
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        f.precision = spec_integer(&chars, &mut pos)?;
        if f.precision.is_none() {
            return Err(value_error("Format specifier missing precision"));
        }
    }
    if end - pos > 1 {
        return Err(value_error(format!(
            "Invalid format specifier '{}' for object of type '{}'",
            spec, type_name
        )));
    }
    if end - pos == 1 {
        f.type_char = Some(chars[pos]);
    }
    Ok(f)
}

/// The message CPython gives for an unsupported presentation type.
pub fn unknown_format_code_message(code: char, type_name: &str) -> String {
    let c = code as u32;
    if c > 32 && c < 128 {
        format!(
            "Unknown format code '{}' for object of type '{}'",
            code, type_name
        )
    } else {
        format!(
            "Unknown format code '\\x{:x}' for object of type '{}'",
            c, type_name
        )
    }
}

/// How digits are grouped: separator text and group size (0 = no grouping).
#[derive(Debug, Clone, Copy)]
struct Grouping {
    sep: &'static str,
    size: usize,
}

const NO_GROUPING: Grouping = Grouping { sep: "", size: 0 };

/// The per-type part of CPython's spec parsing: checks the separator against the type
/// (with `default_type` standing in for a missing type) and resolves the grouping.
fn resolve_grouping(f: &FormatSpec, default_type: Option<char>) -> Result<Grouping, NumError> {
    let Some(sep) = f.grouping else {
        return Ok(NO_GROUPING);
    };
    let ty = f.type_char.or(default_type);
    match ty {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(if sep == ',' {
            Grouping { sep: ",", size: 3 }
        } else {
            Grouping { sep: "_", size: 3 }
        }),
        Some('b' | 'o' | 'x' | 'X') if sep == '_' => Ok(Grouping { sep: "_", size: 4 }),
        Some(t) => {
            let c = t as u32;
            Err(value_error(if c > 32 && c < 128 {
                format!("Cannot specify '{}' with '{}'.", sep, t)
            } else {
                format!("Cannot specify '{}' with '\\x{:x}'.", sep, c)
            }))
        }
    }
}

/// Fill character and alignment after CPython's defaults for the object's kind.
fn resolve_fill_align(f: &FormatSpec, default_align: char) -> (char, char) {
    let mut fill = f.fill.unwrap_or(' ');
    let mut align = f.align.unwrap_or(default_align);
    if f.zero_pad {
        fill = '0';
        if f.align.is_none() && default_align == '>' {
            align = '=';
        }
    }
    (fill, align)
}

/// CPython's `_PyUnicode_InsertThousandsGrouping`: groups `digits` from the right,
/// padding with `'0'` up to `min_width` characters.
fn insert_grouping(digits: &[char], min_width: i64, g: Grouping) -> String {
    let sep_len = g.sep.chars().count() as i64;
    let mut min_width = min_width.max(0);
    let mut remaining = digits.len() as i64;
    let mut dpos = digits.len();
    let mut pieces: Vec<String> = Vec::new();
    let mut use_sep = false;
    let mut broken = false;
    let mut emit = |len: i64, remaining: i64, use_sep: bool, dpos: &mut usize| {
        let n_zeros = (len - remaining).max(0);
        let n_chars = remaining.min(len).max(0) as usize;
        let mut piece = String::new();
        for _ in 0..n_zeros {
            piece.push('0');
        }
        let start = dpos.saturating_sub(n_chars);
        piece.extend(&digits[start..*dpos]);
        *dpos = start;
        if use_sep {
            piece.push_str(g.sep);
        }
        pieces.push(piece);
        n_chars as i64
    };
    if g.size > 0 {
        loop {
            let len = (g.size as i64).min(remaining.max(min_width).max(1));
            let used = emit(len, remaining, use_sep, &mut dpos);
            use_sep = true;
            remaining -= used;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= sep_len;
        }
    }
    if !broken {
        let len = remaining.max(min_width).max(1);
        emit(len, remaining, use_sep, &mut dpos);
    }
    pieces.reverse();
    pieces.concat()
}

/// The pieces of a formatted number, as CPython's `calc_number_widths` sees them.
struct NumberParts<'a> {
    /// Whether the number is negative (a `-` sign).
    negative: bool,
    /// `0x`-style prefix (already in the right case).
    prefix: &'a str,
    /// The digits before the decimal point (grouped).
    digits: Vec<char>,
    /// Whether a decimal point follows the digits.
    has_decimal: bool,
    /// Everything after the decimal point (fraction, exponent, `%`), or the `c` character.
    remainder: &'a str,
}

/// CPython's `calc_number_widths` + `fill_number`.
fn layout_number(
    p: &NumberParts<'_>,
    f: &FormatSpec,
    fill: char,
    align: char,
    g: Grouping,
) -> String {
    let width = f.width.map(|w| w as i64).unwrap_or(-1);
    let sign = match f.sign {
        Some('+') => Some(if p.negative { '-' } else { '+' }),
        Some(' ') => Some(if p.negative { '-' } else { ' ' }),
        _ => {
            if p.negative {
                Some('-')
            } else {
                None
            }
        }
    };
    let n_sign = i64::from(sign.is_some());
    let n_prefix = p.prefix.chars().count() as i64;
    let n_decimal = i64::from(p.has_decimal);
    let n_remainder = p.remainder.chars().count() as i64;
    let non_digit = n_sign + n_prefix + n_decimal + n_remainder;
    let min_width = if fill == '0' && align == '=' {
        width - non_digit
    } else {
        0
    };
    let grouped = if p.digits.is_empty() {
        String::new()
    } else {
        insert_grouping(&p.digits, min_width, g)
    };
    let n_grouped = grouped.chars().count() as i64;
    let n_padding = width - (non_digit + n_grouped);
    let (mut lpad, mut spad, mut rpad) = (0, 0, 0);
    if n_padding > 0 {
        match align {
            '<' => rpad = n_padding,
            '^' => {
                lpad = n_padding / 2;
                rpad = n_padding - lpad;
            }
            '=' => spad = n_padding,
            _ => lpad = n_padding,
        }
    }
    let mut out = String::new();
    let pad = |out: &mut String, n: i64| {
        for _ in 0..n {
            out.push(fill);
        }
    };
    pad(&mut out, lpad);
    if let Some(s) = sign {
        out.push(s);
    }
    out.push_str(p.prefix);
    pad(&mut out, spad);
    out.push_str(&grouped);
    if p.has_decimal {
        out.push('.');
    }
    out.push_str(p.remainder);
    pad(&mut out, rpad);
    out
}

/// `format(n, spec)` for an int (`int.__format__` with a non-empty spec):
/// types `b c d o x X n` and none, plus `e E f F g G %` through `float(n)`.
/// `type_name` (`"int"`, `"bool"`, …) appears in error messages.
pub fn format_int(n: &BigInt, spec: &FormatSpec, type_name: &str) -> Result<String, NumError> {
    let g = resolve_grouping(spec, Some('d'))?;
    check_width(spec.width)?;
    let ty = spec.type_char.unwrap_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = int_to_f64(n)?;
            return format_float_resolved(x, spec, g);
        }
        _ => return Err(value_error(unknown_format_code_message(ty, type_name))),
    }
    if spec.precision.is_some() {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in integer format specifier",
        ));
    }
    let (fill, align) = resolve_fill_align(spec, '>');
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(value_error(
                "Sign not allowed with integer format specifier 'c'",
            ));
        }
        if spec.alternate {
            return Err(value_error(
                "Alternate form (#) not allowed with integer format specifier 'c'",
            ));
        }
        let ch = match n.to_i64() {
            None => {
                return Err(NumError::new(
                    "OverflowError",
                    "Python int too large to convert to C long",
                ))
            }
            Some(v) => match u32::try_from(v)
                .ok()
                .and_then(crate::object::str::char_for_code_point)
            {
                // lone surrogates are stored as private-use characters (str::code_point)
                Some(c) => c.to_string(),
                None => {
                    return Err(NumError::new(
                        "OverflowError",
                        "%c arg not in range(0x110000)",
                    ))
                }
            },
        };
        let parts = NumberParts {
            negative: false,
            prefix: "",
            digits: Vec::new(),
            has_decimal: false,
            remainder: &ch,
        };
        return Ok(layout_number(&parts, spec, fill, align, g));
    }
    let (radix, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = if radix == 10 {
        let s = int_to_decimal_string(n)?;
        s.trim_start_matches('-').to_string()
    } else {
        n.magnitude().to_str_radix(radix)
    };
    if ty == 'X' {
        digits = digits.to_ascii_uppercase();
    }
    let g = if ty == 'n' { NO_GROUPING } else { g };
    let parts = NumberParts {
        negative: n.is_negative(),
        prefix: if spec.alternate { prefix } else { "" },
        digits: digits.chars().collect(),
        has_decimal: false,
        remainder: "",
    };
    Ok(layout_number(&parts, spec, fill, align, g))
}

/// `format(x, spec)` for a float (`float.__format__` with a non-empty spec): types
/// `e E f F g G n %` and none (like `repr` without a precision, else like `g` but with at
/// least one digit after the point). `type_name` appears in error messages.
pub fn format_float(x: f64, spec: &FormatSpec, type_name: &str) -> Result<String, NumError> {
    let g = resolve_grouping(spec, None)?;
    check_width(spec.width)?;
    match spec.type_char {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {
            format_float_resolved(x, spec, g)
        }
        Some(t) => Err(value_error(unknown_format_code_message(t, type_name))),
    }
}

/// CPython's `format_float_internal` (type already validated).
fn format_float_resolved(x: f64, spec: &FormatSpec, g: Grouping) -> Result<String, NumError> {
    if let Some(p) = spec.precision {
        if p > i32::MAX as usize {
            return Err(value_error("precision too big"));
        }
    }
    let mut flags = DtoaFlags {
        alt: spec.alternate,
        no_neg_0: spec.no_neg_0,
        ..DtoaFlags::default()
    };
    let mut ty = spec.type_char.unwrap_or('\0');
    let mut default_precision = 6;
    if ty == '\0' {
        flags.add_dot_0 = true;
        ty = 'r';
        default_precision = 0;
    }
    let is_n = ty == 'n';
    if is_n {
        ty = 'g';
    }
    let mut val = x;
    let mut add_pct = false;
    if ty == '%' {
        ty = 'f';
        val *= 100.0;
        add_pct = true;
    }
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
    };
    let mut text = double_to_string(val, ty, precision, flags);
    if add_pct {
        text.push('%');
    }
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.as_str()),
    };
    let digit_end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let has_decimal = body[digit_end..].starts_with('.');
    let remainder = if has_decimal {
        &body[digit_end + 1..]
    } else {
        &body[digit_end..]
    };
    let (fill, align) = resolve_fill_align(spec, '>');
    let parts = NumberParts {
        negative,
        prefix: "",
        digits: body[..digit_end].chars().collect(),
        has_decimal,
        remainder,
    };
    let g = if is_n { NO_GROUPING } else { g };
    Ok(layout_number(&parts, spec, fill, align, g))
}

/// One part of a formatted complex number, laid out without padding (`calc_number_widths`
/// with no width) and with the given sign option.
fn complex_part(text: &str, sign: Option<char>, g: Grouping) -> String {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let body = body.strip_prefix('+').unwrap_or(body);
    let digit_end = body
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(body.len());
    let has_decimal = body[digit_end..].starts_with('.');
    let remainder = if has_decimal {
        &body[digit_end + 1..]
    } else {
        &body[digit_end..]
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits: body[..digit_end].chars().collect(),
        has_decimal,
        remainder,
    };
    let spec = FormatSpec {
        sign,
        ..FormatSpec::default()
    };
    layout_number(&parts, &spec, ' ', '>', g)
}

/// CPython's `format_complex_internal`: both parts formatted like floats (the imaginary one
/// always signed unless the real part is omitted), `j`, parentheses for the type-less form
/// with a real part, then padded as a whole.
pub fn format_complex(
    re: f64,
    im: f64,
    spec: &FormatSpec,
    type_name: &str,
) -> Result<String, NumError> {
    let g = resolve_grouping(spec, None)?;
    check_width(spec.width)?;
    match spec.type_char {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {}
        Some(t) => return Err(value_error(unknown_format_code_message(t, type_name))),
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in complex format specifier",
        ));
    }
    if spec.zero_pad || spec.fill == Some('0') {
        return Err(value_error(
            "Zero padding is not allowed in complex format specifier",
        ));
    }
    if spec.align == Some('=') {
        return Err(value_error(
            "'=' alignment flag is not allowed in complex format specifier",
        ));
    }
    if let Some(p) = spec.precision {
        if p > i32::MAX as usize {
            return Err(value_error("precision too big"));
        }
    }
    let mut ty = spec.type_char.unwrap_or('\0');
    let mut default_precision = 6;
    let mut skip_re = false;
    let mut add_parens = false;
    if ty == '\0' {
        ty = 'r';
        default_precision = 0;
        if re == 0.0 && re.is_sign_positive() {
            skip_re = true;
        } else {
            add_parens = true;
        }
    }
    let g = if ty == 'n' {
        ty = 'g';
        NO_GROUPING
    } else {
        g
    };
    let precision = match spec.precision {
        None => default_precision,
        Some(p) => {
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
    };
    let flags = DtoaFlags {
        no_neg_0: spec.no_neg_0,
        ..DtoaFlags::default()
    };
    let re_text = double_to_string(re, ty, precision, flags);
    let im_text = double_to_string(im, ty, precision, flags);
    let mut body = String::new();
    if add_parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(&complex_part(&re_text, spec.sign, g));
    }
    let im_sign = if skip_re { spec.sign } else { Some('+') };
    body.push_str(&complex_part(&im_text, im_sign, g));
    body.push('j');
    if add_parens {
        body.push(')');
    }
    let (fill, align) = resolve_fill_align(spec, '>');
    let len = body.chars().count();
    Ok(pad_aligned(
        &body,
        len,
        spec.width.unwrap_or(0),
        align,
        fill,
    ))
}

/// `format(z, spec_text)` for a complex including the empty-spec case (`str(z)`).
pub fn format_complex_spec(
    re: f64,
    im: f64,
    spec: &str,
    type_name: &str,
) -> Result<String, NumError> {
    if spec.is_empty() {
        return Ok(crate::object::float::complex_repr(re, im));
    }
    format_complex(re, im, &parse_format_spec(spec, type_name)?, type_name)
}

/// `format(s, spec)` for a str: type `s` or none; precision truncates.
/// `type_name` appears in error messages.
pub fn format_str(s: &str, spec: &FormatSpec, type_name: &str) -> Result<String, NumError> {
    resolve_grouping(spec, Some('s'))?;
    check_width(spec.width)?;
    let ty = spec.type_char.unwrap_or('s');
    if ty != 's' {
        return Err(value_error(unknown_format_code_message(ty, type_name)));
    }
    match spec.sign {
        Some(' ') => return Err(value_error("Space not allowed in string format specifier")),
        Some(_) => return Err(value_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.no_neg_0 {
        return Err(value_error(
            "Negative zero coercion (z) not allowed in string format specifier",
        ));
    }
    if spec.alternate {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    let (fill, align) = resolve_fill_align(spec, '<');
    if align == '=' {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let mut len = s.chars().count();
    let text: String = match spec.precision {
        Some(p) if p < len => {
            len = p;
            s.chars().take(p).collect()
        }
        _ => s.to_string(),
    };
    Ok(pad_aligned(
        &text,
        len,
        spec.width.unwrap_or(0),
        align,
        fill,
    ))
}

/// Pads `text` (of `len` chars) to `width` with `fill`, aligned `<`, `>` or `^`.
fn pad_aligned(text: &str, len: usize, width: usize, align: char, fill: char) -> String {
    if width <= len {
        return text.to_string();
    }
    let total = width - len;
    let (left, right) = match align {
        '>' => (total, 0),
        '^' => (total / 2, total - total / 2),
        _ => (0, total),
    };
    let mut out = String::with_capacity(text.len() + total);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(text);
    out.extend(std::iter::repeat_n(fill, right));
    out
}

/// `format(n, spec_text)` for an int including the empty-spec case (`str(n)`).
pub fn format_int_spec(n: &BigInt, spec: &str, type_name: &str) -> Result<String, NumError> {
    if spec.is_empty() {
        return int_to_decimal_string(n);
    }
    format_int(n, &parse_format_spec(spec, type_name)?, type_name)
}

/// `format(x, spec_text)` for a float including the empty-spec case (`repr(x)`).
pub fn format_float_spec(x: f64, spec: &str, type_name: &str) -> Result<String, NumError> {
    if spec.is_empty() {
        return Ok(crate::object::float::float_repr(x));
    }
    format_float(x, &parse_format_spec(spec, type_name)?, type_name)
}

/// `format(s, spec_text)` for a str including the empty-spec case (`s` itself).
pub fn format_str_spec(s: &str, spec: &str, type_name: &str) -> Result<String, NumError> {
    if spec.is_empty() {
        return Ok(s.to_string());
    }
    format_str(s, &parse_format_spec(spec, type_name)?, type_name)
}

// ---------------------------------------------------------------------------
// %-formatting
// ---------------------------------------------------------------------------

/// Flags of a `%` conversion spec.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PercentFlags {
    /// `-`: left-justify.
    pub ljust: bool,
    /// `+`: always a sign.
    pub sign: bool,
    /// ` `: a space for non-negative numbers.
    pub blank: bool,
    /// `#`: alternate form.
    pub alt: bool,
    /// `0`: zero padding (numbers only).
    pub zero: bool,
}

/// A width or precision of a `%` conversion spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PercentNum {
    /// Not given.
    Absent,
    /// `*`: taken from the next argument. For a width the VM requires an int
    /// (`TypeError: * wants int`), converts it to `Py_ssize_t` (`OverflowError: Python int
    /// too large to convert to C ssize_t`) and a negative width sets `ljust` and is made
    /// positive; for a precision it converts to a C int (`… to C int`) and negative means 0.
    Star,
    /// A literal number.
    Given(usize),
}

/// One `%` conversion spec: `%[(key)][flags][width][.precision][hlL]conversion`.
///
/// The VM processes a spec in this order, which reproduces CPython's error order:
/// 1. `key`: if the right operand is not a mapping, `TypeError: format requires a
///    mapping`; else `args = mapping[key]` (and from now on `args` is a single value).
/// 2. `width == Star`, then `precision == Star`: fetch those arguments.
/// 3. `error`: raise `ValueError(error)` (e.g. `incomplete format`).
/// 4. Fetch the value (`TypeError: not enough arguments for format string`).
/// 5. Convert it by `conversion`; an unsupported one raises
///    `ValueError(spec.unsupported_message())`.
/// 6. If the operand was a mapping and values remain: `TypeError: not all arguments
///    converted during string formatting`.
///
/// After the last part, a tuple operand with unused items raises that same `TypeError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PercentSpec {
    /// Mapping key of `%(key)s`.
    pub key: Option<String>,
    /// Flags.
    pub flags: PercentFlags,
    /// Width.
    pub width: PercentNum,
    /// Precision.
    pub precision: PercentNum,
    /// Conversion character (`'\0'` when `error` is set).
    pub conversion: char,
    /// Index (in chars) of the conversion character in the format string.
    pub index: usize,
    /// A `ValueError` message raised after the key and `*` arguments are processed.
    pub error: Option<String>,
}

impl PercentSpec {
    /// `Some(message)` of the `ValueError` for an unsupported conversion character, e.g.
    /// `unsupported format character 'y' (0x79) at index 3`.
    pub fn unsupported_message(&self) -> Option<String> {
        if self.error.is_some() || "sraidouxXeEfFgGc".contains(self.conversion) {
            return None;
        }
        let c = self.conversion as u32;
        let shown = if (31..=126).contains(&c) {
            self.conversion
        } else {
            '?'
        };
        Some(format!(
            "unsupported format character '{}' (0x{:x}) at index {}",
            shown, c, self.index
        ))
    }
}

/// A piece of a `%` format string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PercentPart {
    /// Literal text (`%%` already turned into `%`).
    Literal(String),
    /// A conversion spec.
    Spec(PercentSpec),
    /// `%(` without its `)`: the VM raises `TypeError: format requires a mapping` if the
    /// operand is not a mapping, else `ValueError: incomplete format key`.
    IncompleteKey,
}

/// Splits a `%` format string into literal text and conversion specs (see
/// [`PercentSpec`] for how the VM processes them). Never fails: errors CPython raises
/// while scanning are stored where they occur ([`PercentSpec::error`],
/// [`PercentPart::IncompleteKey`]), since earlier arguments are processed first.
/// Use [`percent_parse_error`] for a simple up-front check.
pub fn parse_percent_format(fmt: &str) -> Vec<PercentPart> {
    let chars: Vec<char> = fmt.chars().collect();
    let n = chars.len();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < n {
        if chars[i] != '%' {
            lit.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        if i < n && chars[i] == '%' {
            lit.push('%');
            i += 1;
            continue;
        }
        if !lit.is_empty() {
            parts.push(PercentPart::Literal(std::mem::take(&mut lit)));
        }
        let mut spec = PercentSpec {
            key: None,
            flags: PercentFlags::default(),
            width: PercentNum::Absent,
            precision: PercentNum::Absent,
            conversion: '\0',
            index: 0,
            error: None,
        };
        // Mapping key, with balanced parentheses.
        if i < n && chars[i] == '(' {
            let start = i + 1;
            let mut depth = 1;
            let mut j = start;
            while j < n && depth > 0 {
                match chars[j] {
                    ')' => depth -= 1,
                    '(' => depth += 1,
                    _ => {}
                }
                j += 1;
            }
            if depth > 0 {
                parts.push(PercentPart::IncompleteKey);
                return parts;
            }
            spec.key = Some(chars[start..j - 1].iter().collect());
            i = j;
        }
        // Flags.
        while i < n {
            match chars[i] {
                '-' => spec.flags.ljust = true,
                '+' => spec.flags.sign = true,
                ' ' => spec.flags.blank = true,
                '#' => spec.flags.alt = true,
                '0' => spec.flags.zero = true,
                _ => break,
            }
            i += 1;
        }
        // Width.
        if i < n && chars[i] == '*' {
            spec.width = PercentNum::Star;
            i += 1;
        } else if i < n && chars[i].is_ascii_digit() {
            let mut w: u64 = 0;
            while i < n && chars[i].is_ascii_digit() {
                let d = chars[i] as u64 - '0' as u64;
                if w > (SSIZE_MAX - d) / 10 {
                    spec.error = Some("width too big".to_string());
                    break;
                }
                w = w * 10 + d;
                i += 1;
            }
            spec.width = PercentNum::Given(w as usize);
        }
        // Precision.
        if spec.error.is_none() && i < n && chars[i] == '.' {
            i += 1;
            spec.precision = PercentNum::Given(0);
            if i < n && chars[i] == '*' {
                spec.precision = PercentNum::Star;
                i += 1;
            } else if i < n && chars[i].is_ascii_digit() {
                let mut p: u64 = 0;
                while i < n && chars[i].is_ascii_digit() {
                    let d = chars[i] as u64 - '0' as u64;
                    if p > (i32::MAX as u64 - d) / 10 {
                        spec.error = Some("precision too big".to_string());
                        break;
                    }
                    p = p * 10 + d;
                    i += 1;
                }
                spec.precision = PercentNum::Given(p as usize);
            }
        }
        if spec.error.is_none() {
            // Length modifiers are accepted and ignored.
            if i < n && matches!(chars[i], 'h' | 'l' | 'L') {
                i += 1;
            }
            if i < n {
                spec.conversion = chars[i];
                spec.index = i;
                i += 1;
            } else {
                spec.error = Some("incomplete format".to_string());
            }
        }
        let stop = spec.error.is_some();
        parts.push(PercentPart::Spec(spec));
        if stop {
            return parts;
        }
    }
    if !lit.is_empty() {
        parts.push(PercentPart::Literal(lit));
    }
    parts
}

/// The first error of a `%` format string that does not depend on the arguments
/// (a convenience when the VM does not need CPython's exact error order).
pub fn percent_parse_error(parts: &[PercentPart]) -> Option<String> {
    parts.iter().find_map(|p| match p {
        PercentPart::IncompleteKey => Some("incomplete format key".to_string()),
        PercentPart::Spec(s) => s.error.clone().or_else(|| s.unsupported_message()),
        PercentPart::Literal(_) => None,
    })
}

/// `TypeError` message when a `%` conversion gets the wrong type of argument:
/// `%d format: a real number is required, not str` (d i u …) or
/// `%x format: an integer is required, not float` (o x X). (For `e f g` CPython says
/// `must be real number, not str`.)
pub fn percent_type_error_message(conversion: char, type_name: &str) -> String {
    if matches!(conversion, 'o' | 'x' | 'X') {
        format!(
            "%{} format: an integer is required, not {}",
            conversion, type_name
        )
    } else {
        format!(
            "%{} format: a real number is required, not {}",
            conversion, type_name
        )
    }
}

/// `TypeError` message of `%c` with an argument that is neither an int nor a str of
/// length 1 (Python 3.11 wording).
pub const PERCENT_C_TYPE_ERROR: &str = "%c requires int or char";

/// `%c` of an int: `OverflowError: %c arg not in range(0x110000)`. Lone surrogates
/// (which Rust strings cannot hold) become U+FFFD.
pub fn percent_char_from_int(n: &BigInt) -> Result<char, NumError> {
    match n.to_u32() {
        Some(v) if v <= 0x10ffff => {
            Ok(crate::object::str::char_for_code_point(v).unwrap_or('\u{fffd}'))
        }
        _ => Err(NumError::new(
            "OverflowError",
            "%c arg not in range(0x110000)",
        )),
    }
}

/// CPython's `unicode_format_arg_output`: pads a converted argument to `width`.
/// `numeric` is true for `d i u o x X e E f F g G` (sign flags and `0` padding apply);
/// precision truncates the text for `s r a`. Widths above [`MAX_FORMAT_WIDTH`] give
/// `MemoryError`.
pub fn apply_width(
    text: &str,
    conversion: char,
    numeric: bool,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, NumError> {
    check_width(width)?;
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len();
    let fill = if numeric && flags.zero { '0' } else { ' ' };
    let mut width = width.unwrap_or(0);
    if matches!(conversion, 's' | 'r' | 'a') {
        if let Some(p) = precision {
            if len > p {
                len = p;
            }
        }
    }
    let mut pindex = 0;
    let mut sign = numeric;
    let mut signchar = None;
    if sign {
        match chars.first() {
            Some(&c) if c == '-' || c == '+' => {
                signchar = Some(c);
                len = len.saturating_sub(1);
                pindex = 1;
            }
            _ => {
                if flags.sign {
                    signchar = Some('+');
                } else if flags.blank {
                    signchar = Some(' ');
                } else {
                    sign = false;
                }
            }
        }
    }
    if width < len {
        width = len;
    }
    let mut out = String::with_capacity(width + 2);
    if sign {
        if fill != ' ' {
            out.extend(signchar);
        }
        if width > len {
            width -= 1;
        }
    }
    let alt_prefix = flags.alt && matches!(conversion, 'x' | 'X' | 'o');
    if alt_prefix {
        if fill != ' ' {
            out.extend(chars.get(pindex..pindex + 2).unwrap_or(&[]).iter());
            pindex += 2;
        }
        width = width.saturating_sub(2);
        len = len.saturating_sub(2);
    }
    if width > len && !flags.ljust {
        out.extend(std::iter::repeat_n(fill, width - len));
        width = len;
    }
    if fill == ' ' {
        if sign {
            out.extend(signchar);
        }
        if alt_prefix {
            out.extend(chars.get(pindex..pindex + 2).unwrap_or(&[]).iter());
            pindex += 2;
        }
    }
    let end = (pindex + len).min(chars.len());
    out.extend(chars.get(pindex..end).unwrap_or(&[]).iter());
    if width > len {
        out.extend(std::iter::repeat_n(' ', width - len));
    }
    Ok(out)
}

/// CPython's `_PyUnicode_FormatLong`: `%d %i %u %o %x %X` digits with the precision as
/// a minimum digit count, `-` sign and (with `#`) `0o`/`0x`/`0X` prefix.
fn percent_long_text(
    n: &BigInt,
    conversion: char,
    alt: bool,
    precision: Option<usize>,
) -> Result<String, NumError> {
    let (mut digits, prefix) = match conversion {
        'o' => (n.magnitude().to_str_radix(8), "0o"),
        'x' => (n.magnitude().to_str_radix(16), "0x"),
        'X' => (n.magnitude().to_str_radix(16).to_ascii_uppercase(), "0X"),
        _ => {
            let s = int_to_decimal_string(n)?;
            (s.trim_start_matches('-').to_string(), "")
        }
    };
    if let Some(p) = precision {
        if p > i32::MAX as usize - 3 {
            return Err(NumError::new("OverflowError", "precision too large"));
        }
        if p > digits.len() {
            digits = "0".repeat(p - digits.len()) + &digits;
        }
    }
    let mut out = String::new();
    if n.is_negative() {
        out.push('-');
    }
    if alt {
        out.push_str(prefix);
    }
    out.push_str(&digits);
    Ok(out)
}

/// `%d %i %u %o %x %X` of an int (the VM converts floats with `int()` for `d i u` and
/// requires `__index__` for `o x X`), padded as CPython does.
pub fn format_percent_int(
    n: &BigInt,
    conversion: char,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, NumError> {
    let text = percent_long_text(n, conversion, flags.alt, precision)?;
    apply_width(&text, conversion, true, flags, width, precision)
}

/// `%e %E %f %F %g %G` of a float (default precision 6), padded as CPython does.
pub fn format_percent_float(
    x: f64,
    conversion: char,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, NumError> {
    let prec = precision.unwrap_or(6);
    let text = double_to_string(
        x,
        conversion,
        prec,
        DtoaFlags {
            alt: flags.alt,
            ..DtoaFlags::default()
        },
    );
    apply_width(&text, conversion, true, flags, width, precision)
}

/// `%s %r %a` of already converted text, or `%c` of a one-character string.
pub fn format_percent_text(
    text: &str,
    conversion: char,
    flags: PercentFlags,
    width: Option<usize>,
    precision: Option<usize>,
) -> Result<String, NumError> {
    apply_width(text, conversion, false, flags, width, precision)
}

// ---------------------------------------------------------------------------
// str.format templates
// ---------------------------------------------------------------------------

/// The first part of a replacement field's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldFirst {
    /// Empty: automatic numbering (`{}`, `{.attr}`, `{[0]}`).
    Auto,
    /// All decimal digits: a positional index (`{0}`).
    Index(usize),
    /// Anything else: a keyword argument name (`{name}`).
    Keyword(String),
    /// `ValueError` raised when the field is rendered (`Too many decimal digits in format
    /// string`).
    Error(String),
}

/// One `.attr` or `[key]` step after the first part of a field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldAccessor {
    /// `.name`: `getattr`.
    Attr(String),
    /// `[123]`: `getitem` with an int (all decimal digits).
    Index(usize),
    /// `[text]`: `getitem` with a str.
    Key(String),
    /// `ValueError` raised when rendering reaches this step (after the earlier lookups).
    Error(String),
}

/// A parsed field name: `first` followed by `.attr` / `[key]` steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    /// The argument reference.
    pub first: FieldFirst,
    /// The attribute/item chain; an `Error` entry, if any, is last.
    pub rest: Vec<FieldAccessor>,
}

/// A replacement field `{name!conv:spec}`.
///
/// The VM renders it in CPython's order: resolve `name.first` (through [`AutoNumber`]),
/// look up the argument, apply `rest` in order, apply `conversion` (`r s a`, others →
/// `ValueError(conversion_error_message(c))`), expand `spec` (render its parts with the
/// same argument lists and the same [`AutoNumber`]), then call `format(value, spec)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplacementField {
    /// The field name.
    pub name: FieldName,
    /// The conversion character after `!`, if any.
    pub conversion: Option<char>,
    /// The format spec as a template; empty for no spec. Without nested fields it is a
    /// single literal.
    pub spec: Vec<TemplatePart>,
}

/// A piece of a `str.format` template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text (`{{` and `}}` already unescaped).
    Literal(String),
    /// A replacement field.
    Field(ReplacementField),
    /// A `ValueError` raised when processing reaches this point (earlier fields are
    /// rendered first, as CPython parses lazily).
    Error(String),
}

/// `ValueError` message for an unknown `!x` conversion.
pub fn conversion_error_message(c: char) -> String {
    let v = c as u32;
    if v > 32 && v < 127 {
        format!("Unknown conversion specifier {}", c)
    } else {
        format!("Unknown conversion specifier \\x{:x}", v)
    }
}

/// `IndexError` message for a positional field without an argument.
pub fn replacement_index_error_message(index: usize) -> String {
    format!(
        "Replacement index {} out of range for positional args tuple",
        index
    )
}

/// `ValueError` message of `str.format_map` for a positional field.
pub const FORMAT_MAP_POSITIONAL_MESSAGE: &str = "Format string contains positional fields";

/// CPython's `get_integer` for field names: `Ok(None)` unless all Unicode decimal digits.
fn field_integer(s: &[char]) -> Result<Option<usize>, String> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut acc: u64 = 0;
    for &c in s {
        let Some(d) = unicode_decimal_value(c) else {
            return Ok(None);
        };
        if acc > (SSIZE_MAX - d as u64) / 10 {
            return Err("Too many decimal digits in format string".to_string());
        }
        acc = acc * 10 + d as u64;
    }
    Ok(Some(acc as usize))
}

/// Parses a field name (CPython's `field_name_split` + `FieldNameIterator`).
pub fn parse_field_name(name: &str) -> FieldName {
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
        i += 1;
    }
    let first_chars = &chars[..i];
    let first = match field_integer(first_chars) {
        Err(e) => {
            return FieldName {
                first: FieldFirst::Error(e),
                rest: Vec::new(),
            }
        }
        Ok(Some(n)) => FieldFirst::Index(n),
        Ok(None) if first_chars.is_empty() => FieldFirst::Auto,
        Ok(None) => FieldFirst::Keyword(first_chars.iter().collect()),
    };
    let mut rest = Vec::new();
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        let (is_attr, part): (bool, &[char]) = match c {
            '.' => {
                let start = i;
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    i += 1;
                }
                (true, &chars[start..i])
            }
            '[' => {
                let start = i;
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                if i >= chars.len() {
                    rest.push(FieldAccessor::Error(
                        "Missing ']' in format string".to_string(),
                    ));
                    break;
                }
                i += 1;
                (false, &chars[start..i - 1])
            }
            _ => {
                rest.push(FieldAccessor::Error(
                    "Only '.' or '[' may follow ']' in format field specifier".to_string(),
                ));
                break;
            }
        };
        let accessor = if is_attr {
            FieldAccessor::Attr(part.iter().collect())
        } else {
            match field_integer(part) {
                Err(e) => {
                    rest.push(FieldAccessor::Error(e));
                    break;
                }
                Ok(Some(n)) => FieldAccessor::Index(n),
                Ok(None) => FieldAccessor::Key(part.iter().collect()),
            }
        };
        if part.is_empty() {
            rest.push(FieldAccessor::Error(
                "Empty attribute in format string".to_string(),
            ));
            break;
        }
        rest.push(accessor);
    }
    FieldName { first, rest }
}

/// Automatic field numbering state of one `str.format` call (shared with nested specs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutoNumber {
    /// 0 = not decided yet, 1 = automatic, 2 = manual.
    state: u8,
    next: usize,
}

/// Where a field's value comes from, once auto-numbering is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldKey<'a> {
    /// Positional argument index.
    Index(usize),
    /// Keyword argument name.
    Keyword(&'a str),
}

impl AutoNumber {
    /// A fresh state for one `str.format` call.
    pub fn new() -> AutoNumber {
        AutoNumber::default()
    }

    /// Resolves a field's first part, with CPython's `ValueError`s
    /// "cannot switch from manual field specification to automatic field numbering" and
    /// "cannot switch from automatic field numbering to manual field specification".
    pub fn resolve<'a>(&mut self, first: &'a FieldFirst) -> Result<FieldKey<'a>, String> {
        let empty = match first {
            FieldFirst::Error(e) => return Err(e.clone()),
            FieldFirst::Keyword(k) => return Ok(FieldKey::Keyword(k)),
            FieldFirst::Auto => true,
            FieldFirst::Index(_) => false,
        };
        if self.state == 0 {
            self.state = if empty { 1 } else { 2 };
        }
        if self.state == 2 && empty {
            return Err(
                "cannot switch from manual field specification to automatic field \
                 numbering"
                    .to_string(),
            );
        }
        if self.state == 1 && !empty {
            return Err(
                "cannot switch from automatic field numbering to manual field \
                 specification"
                    .to_string(),
            );
        }
        match first {
            FieldFirst::Index(n) => Ok(FieldKey::Index(*n)),
            _ => {
                let n = self.next;
                self.next += 1;
                Ok(FieldKey::Index(n))
            }
        }
    }
}

/// Parses a `str.format` / `str.format_map` template (CPython's `MarkupIterator`).
/// Never fails as a whole: a syntax error becomes a [`TemplatePart::Error`] at the point
/// where CPython raises it, after the fields before it.
pub fn parse_format_template(s: &str) -> Vec<TemplatePart> {
    parse_template_depth(s, 2)
}

/// The first syntax error in a parsed template, including nested specs (a convenience
/// when exact error ordering against argument lookups does not matter).
pub fn template_syntax_error(parts: &[TemplatePart]) -> Option<String> {
    for p in parts {
        match p {
            TemplatePart::Error(e) => return Some(e.clone()),
            TemplatePart::Field(f) => {
                if let Some(e) = template_syntax_error(&f.spec) {
                    return Some(e);
                }
            }
            TemplatePart::Literal(_) => {}
        }
    }
    None
}

fn push_literal(parts: &mut Vec<TemplatePart>, text: &[char]) {
    if text.is_empty() {
        return;
    }
    if let Some(TemplatePart::Literal(prev)) = parts.last_mut() {
        prev.extend(text);
    } else {
        parts.push(TemplatePart::Literal(text.iter().collect()));
    }
}

fn parse_template_depth(s: &str, depth: i32) -> Vec<TemplatePart> {
    if depth <= 0 {
        return vec![TemplatePart::Error(
            "Max string recursion exceeded".to_string(),
        )];
    }
    let chars: Vec<char> = s.chars().collect();
    let end = chars.len();
    let mut parts = Vec::new();
    let mut pos = 0;
    while pos < end {
        let start = pos;
        let mut c = '\0';
        let mut markup = false;
        while pos < end {
            c = chars[pos];
            pos += 1;
            if c == '{' || c == '}' {
                markup = true;
                break;
            }
        }
        let at_end = pos >= end;
        let mut len = pos - start;
        if markup && c == '}' && (at_end || chars[pos] != '}') {
            parts.push(TemplatePart::Error(
                "Single '}' encountered in format string".to_string(),
            ));
            return parts;
        }
        if markup && at_end && c == '{' {
            parts.push(TemplatePart::Error(
                "Single '{' encountered in format string".to_string(),
            ));
            return parts;
        }
        if markup && !at_end {
            if chars[pos] == c {
                // An escaped brace: keep one as literal text.
                pos += 1;
                markup = false;
            } else {
                len -= 1;
            }
        }
        push_literal(&mut parts, &chars[start..start + len]);
        if !markup {
            continue;
        }
        match parse_field(&chars, &mut pos, depth) {
            Ok(field) => parts.push(TemplatePart::Field(field)),
            Err(e) => {
                parts.push(TemplatePart::Error(e));
                return parts;
            }
        }
    }
    parts
}

/// CPython's `parse_field`: `pos` is just after the opening `{`.
fn parse_field(chars: &[char], pos: &mut usize, depth: i32) -> Result<ReplacementField, String> {
    let end = chars.len();
    let name_start = *pos;
    let mut c = '\0';
    let mut terminated = false;
    while *pos < end {
        c = chars[*pos];
        *pos += 1;
        match c {
            '{' => return Err("unexpected '{' in field name".to_string()),
            '[' => {
                while *pos < end && chars[*pos] != ']' {
                    *pos += 1;
                }
            }
            '}' | ':' | '!' => {
                terminated = true;
                break;
            }
            _ => {}
        }
    }
    if !terminated {
        return Err("expected '}' before end of string".to_string());
    }
    let name: String = chars[name_start..*pos - 1].iter().collect();
    let mut field = ReplacementField {
        name: parse_field_name(&name),
        conversion: None,
        spec: Vec::new(),
    };
    if c == '}' {
        return Ok(field);
    }
    if c == '!' {
        if *pos >= end {
            return Err("end of string while looking for conversion specifier".to_string());
        }
        field.conversion = Some(chars[*pos]);
        *pos += 1;
        if *pos < end {
            let c2 = chars[*pos];
            *pos += 1;
            if c2 == '}' {
                return Ok(field);
            }
            if c2 != ':' {
                return Err("expected ':' after conversion specifier".to_string());
            }
        }
    }
    let spec_start = *pos;
    let mut count = 1;
    let mut needs_expanding = false;
    while *pos < end {
        let ch = chars[*pos];
        *pos += 1;
        if ch == '{' {
            needs_expanding = true;
            count += 1;
        } else if ch == '}' {
            count -= 1;
            if count == 0 {
                let spec: String = chars[spec_start..*pos - 1].iter().collect();
                field.spec = if needs_expanding {
                    parse_template_depth(&spec, depth - 1)
                } else if spec.is_empty() {
                    Vec::new()
                } else {
                    vec![TemplatePart::Literal(spec)]
                };
                return Ok(field);
            }
        }
    }
    Err("unmatched '{' in format spec".to_string())
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::float::float_repr;
    use crate::object::int::{int_to_f64, parse_int};

    /// `format(n, spec)` for ints.
    const INTS: &[(&str, &str, &str)] = &[
        ("-12117447663839455014", "", "-12117447663839455014"),
        ("-8803139538393575459", "", "-8803139538393575459"),
        ("-12345678", "", "-12345678"),
        ("-485", "", "-485"),
        ("0", "", "0"),
        ("65", "", "65"),
        ("747", "", "747"),
        ("-868", "\u{5}", "ValueError: Unknown format code '\\x5' for object of type 'int'"),
        ("-505", "\u{5}", "ValueError: Unknown format code '\\x5' for object of type 'int'"),
        ("-255", "\u{5}", "ValueError: Unknown format code '\\x5' for object of type 'int'"),
        ("65", "\u{5}", "ValueError: Unknown format code '\\x5' for object of type 'int'"),
        ("100000000000000000000", "\u{5}", "ValueError: Unknown format code '\\x5' for object of type 'int'"),
        ("5104335733541120581", " #012X", " 0X46D63E4E440D2A45"),
        ("7990609389219185482", " #_c", "ValueError: Cannot specify '_' with 'c'."),
        ("100000000000000000000", " 025_n", "ValueError: Cannot specify '_' with 'n'."),
        ("-16561678638124366526", " =10", "-16561678638124366526"),
        ("-8453427324744212523", " =10", "-8453427324744212523"),
        ("-12345678", " =10", "- 12345678"),
        ("-255", " =10", "-      255"),
        ("-1", " =10", "-        1"),
        ("1", " =10", "         1"),
        ("128512", " =10", "    128512"),
        ("-1", " d", "-1"),
        ("255", " d", " 255"),
        ("128512", " d", " 128512"),
        ("-12345678", "#012_x", "-0x00bc_614e"),
        ("0", "#012_x", "0x0_0000_0000"),
        ("65", "#012_x", "0x0_0000_0041"),
        ("-9412433683956209942", "#01_", "-9_412_433_683_956_209_942"),
        ("13980774450594340252", "#12_b", "0b1100_0010_0000_0101_1011_0000_0100_1010_0001_1100_1000_1000_0101_1101_1001_1100"),
        ("-5311375058460728477", "#X", "-0X49B5CB798C6BDC9D"),
        ("-956", "#X", "-0X3BC"),
        ("-1", "#X", "-0X1"),
        ("65", "#X", "0X41"),
        ("1114112", "#X", "0X110000"),
        ("18381568723298881067", "#X", "0XFF18735D36A90E2B"),
        ("0", "#_x", "0x0"),
        ("1", "#_x", "0x1"),
        ("255", "#_x", "0xff"),
        ("-255", "#b", "-0b11111111"),
        ("-1", "#b", "-0b1"),
        ("255", "#b", "0b11111111"),
        ("100000000000000000000", "#b", "0b1010110101111000111010111100010110101100011000100000000000000000000"),
        ("-12345678", "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("0", "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("1114112", "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("4279281339201035261", "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("10129994960615163303", "#c", "ValueError: Alternate form (#) not allowed with integer format specifier 'c'"),
        ("1", "#o", "0o1"),
        ("255", "#o", "0o377"),
        ("363", "#o", "0o553"),
        ("758", "#o", "0o1366"),
        ("128512", "#o", "0o373000"),
        ("-12345678", "#x", "-0xbc614e"),
        ("-901", "#x", "-0x385"),
        ("-255", "#x", "-0xff"),
        ("1234567", "#x", "0x12d687"),
        ("8729609455489774925", "#x", "0x7925cd8c5e5bf54d"),
        ("100000000000000000000", "#x", "0x56bc75e2d63100000"),
        ("-255", "%", "-25500.000000%"),
        ("0", "%", "0.000000%"),
        ("255", "%", "25500.000000%"),
        ("652", "%", "65200.000000%"),
        ("767", "%", "76700.000000%"),
        ("128512", "%", "12851200.000000%"),
        ("3263929575706840050", "%", "326392957570684026880.000000%"),
        ("100000000000000000000", "%", "10000000000000000000000.000000%"),
        ("14186613940566252398", "*< 0,x", "ValueError: Cannot specify ',' with 'x'."),
        ("-8867954559006698057", "*< 012%", "-886795455900669837312.000000%"),
        ("-15051304712125459619", "*<#25,o", "ValueError: Cannot specify ',' with 'o'."),
        ("128512", "*<+025e", "+1.285120e+05************"),
        ("-770", "*<+_g", "-770"),
        ("463", "*<-#025,c", "ValueError: Cannot specify ',' with 'c'."),
        ("4717101411806738327", "*<-#12e", "4.717101e+18"),
        ("-2235024460741189700", "*<-#25,g", "-2.23502e+18*************"),
        ("-533", "*<-#25X", "-0X215*******************"),
        ("-5178457522125798901", "*<-025,", "-5,178,457,522,125,798,901"),
        ("330", "*<-12,d", "330*********"),
        ("-706", "*<-12_x", "-2c2********"),
        ("-798", "*<012,b", "ValueError: Cannot specify ',' with 'b'."),
        ("-255", "*^10", "***-255***"),
        ("65", "*^10", "****65****"),
        ("985", "*^10", "***985****"),
        ("8344866475197744650", "*^10", "8344866475197744650"),
        ("16305092491683714120", "*^10", "16305092491683714120"),
        ("100000000000000000000", "*^10", "100000000000000000000"),
        ("-4635672916680460232", "+#010x", "-0x405537f4f5a347c8"),
        ("-12345678", "+#010x", "-0x0bc614e"),
        ("-1", "+#010x", "-0x0000001"),
        ("255", "+#010x", "+0x00000ff"),
        ("1114112", "+#010x", "+0x0110000"),
        ("-4267059257564366182", "+#12c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("-92", "+012X", "-0000000005C"),
        ("3337822949967665103", "+0f", "+3337822949967665152.000000"),
        ("-633", "+_c", "ValueError: Cannot specify '_' with 'c'."),
        ("-12906451848972151094", "+c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("65", "+c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("255", "+c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("128512", "+c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("-12345678", "+d", "-12345678"),
        ("0", "+d", "+0"),
        ("65", "+d", "+65"),
        ("1234567", "+d", "+1234567"),
        ("-12345678", ",", "-12,345,678"),
        ("-255", ",", "-255"),
        ("0", ",", "0"),
        ("1234567", ",", "1,234,567"),
        ("-833", ",,", "ValueError: Cannot specify ',' with ','."),
        ("-255", ",,", "ValueError: Cannot specify ',' with ','."),
        ("0", ",,", "ValueError: Cannot specify ',' with ','."),
        ("1", ",,", "ValueError: Cannot specify ',' with ','."),
        ("128512", ",,", "ValueError: Cannot specify ',' with ','."),
        ("2374958090963717971", ",,", "ValueError: Cannot specify ',' with ','."),
        ("1", ",.2f", "1.00"),
        ("710", ",.2f", "710.00"),
        ("1114112", ",.2f", "1,114,112.00"),
        ("100000000000000000000", ",.2f", "100,000,000,000,000,000,000.00"),
        ("-255", ",c", "ValueError: Cannot specify ',' with 'c'."),
        ("-1", ",c", "ValueError: Cannot specify ',' with 'c'."),
        ("176", ",c", "ValueError: Cannot specify ',' with 'c'."),
        ("128512", ",c", "ValueError: Cannot specify ',' with 'c'."),
        ("-7764178613466287976", ",d", "-7,764,178,613,466,287,976"),
        ("-12345678", ",d", "-12,345,678"),
        ("-967", ",d", "-967"),
        ("-850", ",d", "-850"),
        ("-730", ",d", "-730"),
        ("-296", ",d", "-296"),
        ("-1", ",d", "-1"),
        ("284", ",d", "284"),
        ("1114112", ",d", "1,114,112"),
        ("-255", ",n", "ValueError: Cannot specify ',' with 'n'."),
        ("1", ",n", "ValueError: Cannot specify ',' with 'n'."),
        ("65", ",n", "ValueError: Cannot specify ',' with 'n'."),
        ("473", ",n", "ValueError: Cannot specify ',' with 'n'."),
        ("-1", ",x", "ValueError: Cannot specify ',' with 'x'."),
        ("1", ",x", "ValueError: Cannot specify ',' with 'x'."),
        ("255", ",x", "ValueError: Cannot specify ',' with 'x'."),
        ("-445", "-#x", "-0x1bd"),
        ("255", "-#x", "0xff"),
        ("128512", "-#x", "0x1f600"),
        ("100000000000000000000", "-#x", "0x56bc75e2d63100000"),
        ("0", "-0X", "0"),
        ("-12345678", "-d", "-12345678"),
        ("-255", "-d", "-255"),
        ("-1", "-d", "-1"),
        ("65", "-d", "65"),
        ("643", "-d", "643"),
        ("790", "-d", "790"),
        ("-255", ".", "ValueError: Format specifier missing precision"),
        ("-25", ".", "ValueError: Format specifier missing precision"),
        ("1", ".", "ValueError: Format specifier missing precision"),
        ("1234567", ".", "ValueError: Format specifier missing precision"),
        ("-255", ".1%", "-25500.0%"),
        ("1", ".1%", "100.0%"),
        ("65", ".1%", "6500.0%"),
        ("255", ".1%", "25500.0%"),
        ("128512", ".1%", "12851200.0%"),
        ("-255", ".2", "ValueError: Precision not allowed in integer format specifier"),
        ("0", ".2", "ValueError: Precision not allowed in integer format specifier"),
        ("1", ".2", "ValueError: Precision not allowed in integer format specifier"),
        ("-255", ".2f", "-255.00"),
        ("1234567", ".2f", "1234567.00"),
        ("100000000000000000000", ".2f", "100000000000000000000.00"),
        ("-8005082542568683454", ".3e", "-8.005e+18"),
        ("-12345678", ".3e", "-1.235e+07"),
        ("-829", ".3e", "-8.290e+02"),
        ("-255", ".3e", "-2.550e+02"),
        ("1", ".3e", "1.000e+00"),
        ("1114112", ".3e", "1.114e+06"),
        ("-12345678", "0", "-12345678"),
        ("-1", "0", "-1"),
        ("0", "0", "0"),
        ("3857898203155399837", "0", "3857898203155399837"),
        ("100000000000000000000", "0", "100000000000000000000"),
        ("0", "00", "0"),
        ("255", "00", "255"),
        ("128512", "00", "128512"),
        ("100000000000000000000", "00", "100000000000000000000"),
        ("-4894089127727357068", "010", "-4894089127727357068"),
        ("-255", "010", "-000000255"),
        ("65", "010", "0000000065"),
        ("1234567", "010", "0001234567"),
        ("-16371533473996666696", "010,", "-16,371,533,473,996,666,696"),
        ("-4954672454150217763", "010,", "-4,954,672,454,150,217,763"),
        ("-1", "010,", "-0,000,001"),
        ("0", "010,", "00,000,000"),
        ("680", "010,", "00,000,680"),
        ("1234567", "010,", "01,234,567"),
        ("-96", "010_", "-0_000_096"),
        ("-1", "010_", "-0_000_001"),
        ("1114112", "010_", "01_114_112"),
        ("1234567", "010_", "01_234_567"),
        ("1", "012,d", "0,000,000,001"),
        ("255", "012,d", "0,000,000,255"),
        ("128512", "012,d", "0,000,128,512"),
        ("-2387611088536587792", "05c", "OverflowError: %c arg not in range(0x110000)"),
        ("0", "05c", "0000\u{0}"),
        ("1", "05c", "0000\u{1}"),
        ("255", "05c", "0000\u{ff}"),
        ("-255", "0<8", "-2550000"),
        ("255", "0<8", "25500000"),
        ("1114112", "0<8", "11141120"),
        ("-927", "0= #1_f", "-927.000000"),
        ("-15257872342707285483", "0= #1n", "-15257872342707285483"),
        ("-6612353208795076299", "0=#025_e", "-0_000_000_006.612353e+18"),
        ("-608", "0=+#0,f", "-608.000000"),
        ("128512", "0=+#1f", "+128512.000000"),
        ("-255", "0=+0,c", "ValueError: Cannot specify ',' with 'c'."),
        ("255", "0=-#,g", "255.000"),
        ("351", "0=-#0_%", "35_100.000000%"),
        ("1180591620717411303424", "0=-12g", "01.18059e+21"),
        ("726", "0=025n", "0000000000000000000000726"),
        ("-6892757601394017430", "0=10", "-6892757601394017430"),
        ("-12345678", "0=10", "-012345678"),
        ("-809", "0=10", "-000000809"),
        ("1", "0=10", "0000000001"),
        ("1234567", "0=10", "0001234567"),
        ("-12345678", "1,_", "ValueError: Cannot specify both ',' and '_'."),
        ("255", "1,_", "ValueError: Cannot specify both ',' and '_'."),
        ("128512", "1,_", "ValueError: Cannot specify both ',' and '_'."),
        ("15646445931729076315", "1,_", "ValueError: Cannot specify both ',' and '_'."),
        ("100000000000000000000", "1,_", "ValueError: Cannot specify both ',' and '_'."),
        ("-12775060392827619803", "10\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("-12345678", "10\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("-1", "10\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("65", "10\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("1", "5c", "    \u{1}"),
        ("255", "5c", "    \u{ff}"),
        ("963", "5c", "    \u{3c3}"),
        ("1234567", "5c", "OverflowError: %c arg not in range(0x110000)"),
        ("-12345678", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("-255", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("65", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("311", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("509", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("6177265708576377426", "99999999999999999999999", "ValueError: Too many decimal digits in format string"),
        ("-73", "< #012_b", "-0b100_10010"),
        ("17490846299731935460", "< #025o", " 0o1712737600500436440344"),
        ("-1526786718375777746", "< #1,f", "-1,526,786,718,375,777,792.000000"),
        ("-10587022021755144189", "< ,n", "ValueError: Cannot specify ',' with 'n'."),
        ("100000000000000000000", "< 025_g", " 1e+200000000000000000000"),
        ("-3308396996964769488", "< 0g", "-3.3084e+18"),
        ("-931", "<+o", "-1643"),
        ("-13893758673965217478", "<-#12,x", "ValueError: Cannot specify ',' with 'x'."),
        ("15318271057509287435", "<-#1g", "1.53183e+19"),
        ("84", "<-01,e", "8.400000e+01"),
        ("100000000000000000000", "<-025_", "100_000_000_000_000_000_000"),
        ("-1", "<012_n", "ValueError: Cannot specify '_' with 'n'."),
        ("-1", "<10", "-1        "),
        ("1", "<10", "1         "),
        ("207", "<10", "207       "),
        ("255", "<10", "255       "),
        ("6523789984823534589", "<10", "6523789984823534589"),
        ("14279712550043609383", "<10", "14279712550043609383"),
        ("-181", "<1c", "OverflowError: %c arg not in range(0x110000)"),
        ("-10654841539295370442", "=", "-10654841539295370442"),
        ("-1", "=", "-1"),
        ("255", "=", "255"),
        ("100000000000000000000", "=", "100000000000000000000"),
        ("480", "= #01b", " 0b111100000"),
        ("5125322488398716598", "= #25_c", "ValueError: Cannot specify '_' with 'c'."),
        ("1114112", "= 1_b", " 1_0001_0000_0000_0000_0000"),
        ("-45", "=#0_n", "ValueError: Cannot specify '_' with 'n'."),
        ("-329", "=#0n", "-329"),
        ("1114112", "=#12,%", "111,411,200.000000%"),
        ("-12345678", "=#_o", "-0o5706_0516"),
        ("296", "=,", "296"),
        ("128512", "=-,d", "128,512"),
        ("1936101924612535909", "=01,b", "ValueError: Cannot specify ',' with 'b'."),
        ("0", "=10", "         0"),
        ("654", "=10", "       654"),
        ("1114112", "=10", "   1114112"),
        ("1234567", "=10", "   1234567"),
        ("100000000000000000000", "=10", "100000000000000000000"),
        ("1180591620717411303424", "> #025_x", " 0x40_0000_0000_0000_0000"),
        ("1114112", "> 0d", " 1114112"),
        ("260", "> 12_%", " 26_000.000000%"),
        ("-625", ">#012_x", "000000-0x271"),
        ("-744", ">+#01,b", "ValueError: Cannot specify ',' with 'b'."),
        ("558", ">+#025,X", "ValueError: Cannot specify ',' with 'X'."),
        ("-60", ">+#25,", "                      -60"),
        ("-12764190652153511941", ">+012_x", "-b123_83c5_42f8_c005"),
        ("-110", ">+25d", "                     -110"),
        ("311", ">-#0b", "0b100110111"),
        ("15156143604908212734", ">-f", "15156143604908212224.000000"),
        ("949", ">012,f", "00949.000000"),
        ("793", ">012e", "7.930000e+02"),
        ("-497116561297674681", ">10", "-497116561297674681"),
        ("-310", ">10", "      -310"),
        ("-1", ">10", "        -1"),
        ("925", ">10", "       925"),
        ("1114112", ">10", "   1114112"),
        ("1234567", ">10", "   1234567"),
        ("1114112", ">25_o", "                 420_0000"),
        ("-12345678", "G", "-1.23457E+07"),
        ("-255", "G", "-255"),
        ("255", "G", "255"),
        ("-5314400949153063730", "X", "-49C08B81A0446332"),
        ("-279", "X", "-117"),
        ("0", "X", "0"),
        ("1114112", "X", "110000"),
        ("1234567", "X", "12D687"),
        ("-562", "^", "-562"),
        ("-255", "^", "-255"),
        ("1", "^", "1"),
        ("8762762135684040097", "^", "8762762135684040097"),
        ("100000000000000000000", "^", "100000000000000000000"),
        ("1", "^ 12x", "      1     "),
        ("100000000000000000000", "^ x", " 56bc75e2d63100000"),
        ("490", "^#012%", "49000.000000%"),
        ("-298", "^+01,x", "ValueError: Cannot specify ',' with 'x'."),
        ("0", "^+25_X", "           +0            "),
        ("274", "^-#025,b", "ValueError: Cannot specify ',' with 'b'."),
        ("0", "^-#025x", "000000000000x000000000000"),
        ("-476", "^012_g", "0000-4760000"),
        ("0", "^10", "    0     "),
        ("1", "^10", "    1     "),
        ("1234567", "^10", " 1234567  "),
        ("100000000000000000000", "^10", "100000000000000000000"),
        ("12157155776296281788", "^12_g", "1.21572e+19 "),
        ("1", "_", "1"),
        ("498", "_", "498"),
        ("128512", "_", "128_512"),
        ("1234567", "_", "1_234_567"),
        ("-12345678", "_%", "-1_234_567_800.000000%"),
        ("-808", "_%", "-80_800.000000%"),
        ("-255", "_%", "-25_500.000000%"),
        ("128512", "_%", "12_851_200.000000%"),
        ("1234567", "_%", "123_456_700.000000%"),
        ("-246", "_,", "ValueError: Cannot specify both ',' and '_'."),
        ("65", "_,", "ValueError: Cannot specify both ',' and '_'."),
        ("128512", "_,", "ValueError: Cannot specify both ',' and '_'."),
        ("100000000000000000000", "_,", "ValueError: Cannot specify both ',' and '_'."),
        ("-71513907862108593", "_b", "-1111_1110_0001_0001_1000_0101_0011_0010_1001_1110_1111_1001_1011_0001"),
        ("-255", "_b", "-1111_1111"),
        ("952", "_b", "11_1011_1000"),
        ("128512", "_b", "1_1111_0110_0000_0000"),
        ("1234567", "_b", "1_0010_1101_0110_1000_0111"),
        ("8377656993832578935", "_b", "111_0100_0100_0011_0110_1010_1010_0110_0010_1111_0111_0101_0010_1111_0111_0111"),
        ("100000000000000000000", "_b", "101_0110_1011_1100_0111_0101_1110_0010_1101_0110_0011_0001_0000_0000_0000_0000_0000"),
        ("-12324852052677227124", "_n", "ValueError: Cannot specify '_' with 'n'."),
        ("-12345678", "_n", "ValueError: Cannot specify '_' with 'n'."),
        ("255", "_n", "ValueError: Cannot specify '_' with 'n'."),
        ("100000000000000000000", "_n", "ValueError: Cannot specify '_' with 'n'."),
        ("-10343542518288334831", "_x", "-8f8b_a51e_31b9_bfef"),
        ("-1", "_x", "-1"),
        ("1", "_x", "1"),
        ("1234567", "_x", "12_d687"),
        ("-255", "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("1", "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("255", "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("128512", "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("1114112", "abc", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("-1", "b", "-1"),
        ("65", "b", "1000001"),
        ("1114112", "b", "100010000000000000000"),
        ("1389204625454635982", "b", "1001101000111011100100011111100011100100011011001101111001110"),
        ("-260", "c", "OverflowError: %c arg not in range(0x110000)"),
        ("0", "c", "\u{0}"),
        ("255", "c", "\u{ff}"),
        ("538", "c", "\u{21a}"),
        ("1114112", "c", "OverflowError: %c arg not in range(0x110000)"),
        ("-255", "d", "-255"),
        ("1114112", "d", "1114112"),
        ("1234567", "d", "1234567"),
        ("7331098573727340815", "d", "7331098573727340815"),
        ("-1", "e", "-1.000000e+00"),
        ("1114112", "e", "1.114112e+06"),
        ("100000000000000000000", "e", "1.000000e+20"),
        ("1", "f", "1.000000"),
        ("128512", "f", "128512.000000"),
        ("100000000000000000000", "f", "100000000000000000000.000000"),
        ("-12345678", "g", "-1.23457e+07"),
        ("-853", "g", "-853"),
        ("-255", "g", "-255"),
        ("65", "g", "65"),
        ("-13867954712805114427", "n", "-13867954712805114427"),
        ("1", "n", "1"),
        ("65", "n", "65"),
        ("128512", "n", "128512"),
        ("1234567", "n", "1234567"),
        ("100000000000000000000", "n", "100000000000000000000"),
        ("-12345678", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("-956", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("0", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("961", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("128512", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("1114112", "ns", "ValueError: Invalid format specifier 'ns' for object of type 'int'"),
        ("-255", "o", "-377"),
        ("1114112", "o", "4200000"),
        ("1234567", "o", "4553207"),
        ("1185020952297074792", "o", "101620244342103770150"),
        ("-255", "r", "ValueError: Unknown format code 'r' for object of type 'int'"),
        ("1", "r", "ValueError: Unknown format code 'r' for object of type 'int'"),
        ("255", "r", "ValueError: Unknown format code 'r' for object of type 'int'"),
        ("1114112", "r", "ValueError: Unknown format code 'r' for object of type 'int'"),
        ("-938", "s", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("-255", "s", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("-92", "s", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("65", "s", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("255", "s", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("-12345678", "x", "-bc614e"),
        ("1", "x", "1"),
        ("65", "x", "41"),
        ("128512", "x", "1f600"),
        ("10241037006728617359", "x", "8e1f78e5f5b05d8f"),
        ("-255", "x<8", "-255xxxx"),
        ("1234567", "x<8", "1234567x"),
        ("100000000000000000000", "x<8", "100000000000000000000"),
        ("1234567", "x> #25,g", "xxxxxxxxxxxxx 1.23457e+06"),
        ("882", "x> #25,x", "ValueError: Cannot specify ',' with 'x'."),
        ("642", "x> #_c", "ValueError: Cannot specify '_' with 'c'."),
        ("65", "x> 01x", " 41"),
        ("844", "x> 25_d", "xxxxxxxxxxxxxxxxxxxxx 844"),
        ("-651", "x> c", "ValueError: Sign not allowed with integer format specifier 'c'"),
        ("885", "x> o", " 1565"),
        ("-801", "x>#,b", "ValueError: Cannot specify ',' with 'b'."),
        ("-4174376373105076821", "x>#0,e", "-4.174376e+18"),
        ("-17561301259469432320", "x>#0x", "-0xf3b64673a44ba600"),
        ("329", "x>#12", "xxxxxxxxx329"),
        ("12351548768301926188", "x>#12,n", "ValueError: Cannot specify ',' with 'n'."),
        ("233", "x>#d", "233"),
        ("685", "x>+#025,X", "ValueError: Cannot specify ',' with 'X'."),
        ("-176", "x>+#12,f", "x-176.000000"),
        ("7824078161120708579", "x>+012,x", "ValueError: Cannot specify ',' with 'x'."),
        ("-12345678", "x>+025,e", "xxxxxxxxxxxx-1.234568e+07"),
        ("-256", "x>,c", "ValueError: Cannot specify ',' with 'c'."),
        ("898", "x>-#n", "898"),
        ("-44", "x>25o", "xxxxxxxxxxxxxxxxxxxxxx-54"),
        ("0", "y", "ValueError: Unknown format code 'y' for object of type 'int'"),
        ("255", "y", "ValueError: Unknown format code 'y' for object of type 'int'"),
        ("1114112", "y", "ValueError: Unknown format code 'y' for object of type 'int'"),
        ("0", "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("203", "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("1234567", "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("18055062459834523035", "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("100000000000000000000", "z", "ValueError: Negative zero coercion (z) not allowed in integer format specifier"),
        ("-255", "\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("-1", "\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("1", "\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("24", "\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("65", "\u{e9}", "ValueError: Unknown format code '\\xe9' for object of type 'int'"),
        ("-1", "\u{e9}>12,", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}-1"),
        ("128512", "\u{e9}>12,", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}128,512"),
        ("10167337021688111663", "\u{e9}>12,", "10,167,337,021,688,111,663"),
        ("100000000000000000000", "\u{e9}>12,", "100,000,000,000,000,000,000"),
        ("1234567", "\u{e9}^ #012_", "\u{e9} 1_234_567\u{e9}"),
        ("-576", "\u{e9}^ #1n", "-576"),
        ("1", "\u{e9}^ 012e", " 1.000000e+00"),
        ("-704", "\u{e9}^ 025d", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}-704\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("-733", "\u{e9}^ 1X", "-2DD"),
        ("-929", "\u{e9}^#0X", "-0X3A1"),
        ("-139", "\u{e9}^+#025_x", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}-0x8b\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("-10253247306553117885", "\u{e9}^+025,X", "ValueError: Cannot specify ',' with 'X'."),
        ("293", "\u{e9}^-#01_x", "0x125"),
        ("14577228377594843646", "\u{e9}^-#25_c", "ValueError: Cannot specify '_' with 'c'."),
        ("-15069064932453744270", "\u{e9}^-0,c", "ValueError: Cannot specify ',' with 'c'."),
        ("255", "\u{e9}^-025,n", "ValueError: Cannot specify ',' with 'n'."),
        ("257", "\u{e9}^10", "\u{e9}\u{e9}\u{e9}257\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("128512", "\u{e9}^10", "\u{e9}\u{e9}128512\u{e9}\u{e9}"),
        ("1234567", "\u{e9}^10", "\u{e9}1234567\u{e9}\u{e9}"),
        ("100000000000000000000", "\u{e9}^10", "100000000000000000000"),
        ("641", "\u{e9}^1f", "641.000000"),
        ("-255", "\u{e9}^25_X", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}-FF\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("-15235328660937409222", "\u{661}\u{660}", "-15235328660937409222"),
        ("1", "\u{661}\u{660}", "         1"),
        ("65", "\u{661}\u{660}", "        65"),
        ("128512", "\u{661}\u{660}", "    128512"),
        ("1114112", "\u{661}\u{660}", "   1114112"),
        ("1234567", "\u{661}\u{660}", "   1234567"),
    ];

    #[test]
    fn format_int_matches_python() {
        for &(v, spec, want) in INTS {
            let n: BigInt = v.parse().unwrap_or_default();
            let got = format_int_spec(&n, spec, "int").unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "format({}, {:?})", v, spec);
        }
        assert_eq!(
            format_int_spec(&BigInt::from(1), "y", "bool")
                .unwrap_err()
                .message,
            "Unknown format code 'y' for object of type 'bool'"
        );
        let huge = BigInt::from(10u32).pow(4300u32);
        assert_eq!(
            format_int_spec(&huge, ",d", "int").unwrap_err().to_string(),
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        );
        assert!(format_int_spec(&huge, "x", "int").is_ok());
    }

    /// `format(x, spec)` for floats.
    const FLOATS: &[(u64, &str, &str)] = &[
        (0x406422b968af6178, "", "161.08513292554903"),
        (0x0000000000000000, "", "0.0"),
        (0x44dfe185ca57c517, "", "6.02214076e+23"),
        (0x3f0a36e2eb1c432d, "e", "5.000000e-05"),
        (0x8000000000000000, "e", "-0.000000e+00"),
        (0xbfe0000000000000, "e", "-5.000000e-01"),
        (0x7ff0000000000000, "E", "INF"),
        (0xc08cf6ead43c7e9e, "E", "-9.268647E+02"),
        (0x92290d1af986cda7, "E", "-3.465147E-221"),
        (0x7fee42d130773b76, "f", "169999999999999993883079578865998174333346074304075874502773119193537729178160565864330091787584707988572262467983188919169916105593357174268369962062473635296474636515660464935663040684957844303524367815028553272712298986386310828644513212353921123253311675499856875650512437415429217994623324794855339589632.000000"),
        (0x0000000000000000, "f", "0.000000"),
        (0xbfa8cf0739b024f6, "f", "-0.048454"),
        (0x3fd3333333333334, "F", "0.300000"),
        (0x92290d1af986cda7, "F", "-0.000000"),
        (0x0000000000000001, "F", "0.000000"),
        (0x3fd6666666666666, "g", "0.35"),
        (0x4341c37937e08000, "g", "1e+16"),
        (0x3fd3333333333334, "g", "0.3"),
        (0x3fe771348b220792, "G", "0.732569"),
        (0xc4d9db0eca2e9daa, "G", "-4.884E+23"),
        (0x4480f0cf064dd592, "G", "1E+22"),
        (0xbff0000000000000, "n", "-1"),
        (0x3ff0000000000000, "n", "1"),
        (0x27d9379fec069826, "n", "1e-116"),
        (0x8000000000000001, "%", "-0.000000%"),
        (0xc071ee72b8b6edf8, "%", "-28690.300819%"),
        (0x3fc999999999999a, "%", "20.000000%"),
        (0x3e7ad7f29abcaf48, ".0", "1e-07"),
        (0x3ee4f8b588e368f1, ".0", "1e-05"),
        (0xfff0000000000000, ".0", "-inf"),
        (0x4345ee2a2eb5a5c4, ".1", "1e+16"),
        (0x0000000000001fa0, ".1", "4e-320"),
        (0x4341c37937e07fff, ".1", "1e+16"),
        (0x419d6f3454000000, ".2", "1.2e+08"),
        (0x000fffffffffffff, ".2", "2.2e-308"),
        (0x7e41eb2d66005835, ".2", "1.5e+300"),
        (0xc071ee72b8b6edf8, ".3", "-2.87e+02"),
        (0x7e41eb2d66005835, ".3", "1.5e+300"),
        (0x41b1de784a000000, ".3", "3e+08"),
        (0xc0f4b77000000000, ".10", "-84855.0"),
        (0xbfa8cf0739b024f6, ".10", "-0.0484545"),
        (0x40696bee005f5820, ".10", "203.3728029"),
        (0x404d000000000000, ".17", "58.0"),
        (0x44b52d02c7e14af6, ".17", "9.9999999999999992e+22"),
        (0x3e7ad7f29abcaf48, ".17", "9.9999999999999995e-08"),
        (0x7ff0000000000000, ".20", "inf"),
        (0xffefffffffffffff, ".20", "-1.7976931348623157081e+308"),
        (0xc02b578caa734140, ".20", "-13.670995070046615183"),
        (0x40841c70a3d70a3d, ".0e", "6e+02"),
        (0x3f50624dd2f1a9fc, ".0e", "1e-03"),
        (0x4345ee2a2eb5a5c4, ".0e", "1e+16"),
        (0x8000000000000001, ".0f", "-0"),
        (0x4351c37937e08002, ".0f", "20000000000000008"),
        (0xc97c06a5ec5433c6, ".0f", "-9999999999999999931398190359470212947659194368"),
        (0x4340000000000000, "#.0f", "9007199254740992."),
        (0x4345ee2a2eb5a5c4, "#.0f", "12345678901234568."),
        (0x4480f0cf064dd592, "#.0f", "10000000000000000000000."),
        (0x7fefffffffffffff, "#.0e", "2.e+308"),
        (0x3ff8000000000000, "#.0e", "2.e+00"),
        (0x40f2cfeac787a322, "#.0e", "8.e+04"),
        (0xc062688085f2d32c, "#g", "-147.266"),
        (0xaccf5b64dee038f3, "#g", "-7.51633e-93"),
        (0x3fe0000000000000, "#g", "0.500000"),
        (0x404d000000000000, "#.3g", "58.0"),
        (0xc08cf6ead43c7e9e, "#.3g", "-927."),
        (0x4351c37937e08002, "#.3g", "2.00e+16"),
        (0x4351c37937e08002, "#", "2.000000000000001e+16"),
        (0x3ee4f8b588e368f1, "#", "1.e-05"),
        (0x3fe0000000000000, "#", "0.5"),
        (0x3fd3333333333334, ".3", "0.3"),
        (0xffefffffffffffff, ".3", "-1.8e+308"),
        (0x4023c74538ef34d7, ".3", "9.89"),
        (0x3fb999999999999a, "+", "+0.1"),
        (0xbff0000000000000, "+", "-1.0"),
        (0xc000000000000000, "+", "-2.0"),
        (0x9063680ed23aff89, " ", "-1e-229"),
        (0xc0f4b77000000000, " ", "-84855.0"),
        (0x400921fb54442d18, " ", " 3.141592653589793"),
        (0x0000000000000000, "z", "0.0"),
        (0xc084faf931a4c243, "z", "-671.371676718882"),
        (0x4005bf0a8b145769, "z", "2.718281828459045"),
        (0xbfe0000000000000, "z.1f", "-0.5"),
        (0x8000000000000000, "z.1f", "0.0"),
        (0x3fd5555555555555, "z.1f", "0.3"),
        (0x4004000000000000, "z.0f", "2"),
        (0xbfe0000000000000, "z.0f", "0"),
        (0x0000000000000002, "z.0f", "0"),
        (0x4341c37937e08000, "010", "000001e+16"),
        (0x9063680ed23aff89, "010", "-0001e-229"),
        (0x3fd3333333333334, "010", "0.30000000000000004"),
        (0xbfa8cf0739b024f6, "010.2f", "-000000.05"),
        (0x419d6f3454000000, "010.2f", "123456789.00"),
        (0x7e41eb2d66005835, "010.2f", "1500000000000000078757140382806630373056702871662238732373781173267703686983362293679557062620671796065556665749325817265413784853040645863467188277180060474272580801389863705606745350692182135089053429852456199917621678558451461320111979114170213741868888183230085264257173504208294580298189100810240.00"),
        (0xc0f4b77000000000, ",", "-84,855.0"),
        (0xc02b578caa734140, ",", "-13.670995070046615"),
        (0xc018000000000000, ",", "-6.0"),
        (0x4341c37937e07fff, "_", "9_999_999_999_999_998.0"),
        (0x8000000000000001, "_", "-5e-324"),
        (0x3f1a36e2eb1c432d, "_", "0.0001"),
        (0xc000000000000000, ",.2f", "-2.00"),
        (0xbf77c3ebfd9495cf, ",.2f", "-0.01"),
        (0x3e7ad7f29abcaf48, ",.2f", "0.00"),
        (0x3fc3333333333333, "_.3e", "1.500e-01"),
        (0x4351c37937e08002, "_.3e", "2.000e+16"),
        (0x0000000000000001, "_.3e", "4.941e-324"),
        (0x5b8ad7b9b8c29bfe, "015,.2f", "9,526,512,486,072,383,278,679,902,838,024,094,643,068,232,864,162,476,464,900,128,134,520,196,740,298,365,276,309,546,445,371,685,493,944,694,941,941,092,529,592,045,316,079,616.00"),
        (0x4004000000000000, "015,.2f", "0,000,000,002.50"),
        (0x0f8421d6cbad0737, "015,.2f", "0,000,000,000.00"),
        (0x3fd0000000000000, "020_", "0_000_000_000_000.25"),
        (0x3e7ad7f29abcaf48, "020_", "0_000_000_000_001e-07"),
        (0xbf77c3ebfd9495cf, "020_", "-00_000_000.00580208"),
        (0x44dfe185ca57c517, "0=15.2f", "602214075999999987023872.00"),
        (0x3fc999999999999a, "0=15.2f", "000000000000.20"),
        (0xffefffffffffffff, "0=15.2f", "-179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.00"),
        (0x7ff0000000000000, ">12.3", "         inf"),
        (0x7e37e43c8800759c, ">12.3", "      1e+300"),
        (0x40811978b7f3af7e, ">12.3", "    5.47e+02"),
        (0x000012688b70e62b, "<12.3", "1e-310      "),
        (0x4345ee2a2eb5a5c4, "<12.3", "1.23e+16    "),
        (0x40811978b7f3af7e, "<12.3", "5.47e+02    "),
        (0x8000000000000000, "^12.3", "    -0.0    "),
        (0x3fc0000000000000, "^12.3", "   0.125    "),
        (0x7ff8000000000000, "^12.3", "    nan     "),
        (0x4062705556ad9c90, "*^12", "147.51041730793486"),
        (0x4024000000000000, "*^12", "****10.0****"),
        (0xc084faf931a4c243, "*^12", "-671.371676718882"),
        (0x8000000000000000, "x<12e", "-0.000000e+00"),
        (0x7fee42d130773b76, "x<12e", "1.700000e+308"),
        (0x0000000000000000, "x<12e", "0.000000e+00"),
        (0x41b1de784a000000, ".1%", "29979245800.0%"),
        (0x3fd3333333333334, ".1%", "30.0%"),
        (0x4059000000000000, ".1%", "10000.0%"),
        (0x4351c37937e08002, ",%", "2,000,000,000,000,000,768.000000%"),
        (0x3fd3333333333334, ",%", "30.000000%"),
        (0x4005bf0a8b145769, ",%", "271.828183%"),
        (0x3fb999999999999a, ".2%", "10.00%"),
        (0x3fc999999999999a, ".2%", "20.00%"),
        (0xbfa8cf0739b024f6, ".2%", "-4.85%"),
        (0x426397f6d3d00000, "10%", "67323131456000.000000%"),
        (0x54b249ad2594c37d, "10%", "999999999999999977049513265245336628446842719924150006129995974731993452180789911303261294481511546880.000000%"),
        (0x3fd5555555555555, "10%", "33.333333%"),
        (0x3fd0000000000000, "z%", "25.000000%"),
        (0x0010000000000000, "z%", "0.000000%"),
        (0x7e37e43c8800759c, "z%", "100000000000000007629703079084894925347346855150656811701601734206211380288125794484142188964691784076639747577138548761372210387844799938291815611350519830750167649856488981626536368095414607314235151058373458986890825155659063617715863205282622390509284183439858617103083735673849899204570498157510656.000000%"),
        (0x7ff0000000000000, "#.0%", "inf%"),
        (0x8000000000000000, "#.0%", "-0.%"),
        (0xc018000000000000, "#.0%", "-600.%"),
        (0x0f8421d6cbad0737, "d", "ValueError: Unknown format code 'd' for object of type 'float'"),
        (0x4000000000000000, "d", "ValueError: Unknown format code 'd' for object of type 'float'"),
        (0x3fd0000000000000, "d", "ValueError: Unknown format code 'd' for object of type 'float'"),
        (0x0010000000000000, "x", "ValueError: Unknown format code 'x' for object of type 'float'"),
        (0xc0f4b77000000000, "x", "ValueError: Unknown format code 'x' for object of type 'float'"),
        (0x7ff8000000000000, "x", "ValueError: Unknown format code 'x' for object of type 'float'"),
        (0xc08a3ef33dff178a, "s", "ValueError: Unknown format code 's' for object of type 'float'"),
        (0x0f8421d6cbad0737, "s", "ValueError: Unknown format code 's' for object of type 'float'"),
        (0x7ff0000000000000, "s", "ValueError: Unknown format code 's' for object of type 'float'"),
        (0x7fee42d130773b76, "c", "ValueError: Unknown format code 'c' for object of type 'float'"),
        (0x0000000000000000, "c", "ValueError: Unknown format code 'c' for object of type 'float'"),
        (0x3f50624dd2f1a9fc, "c", "ValueError: Unknown format code 'c' for object of type 'float'"),
        (0x3f0a36e2eb1c432d, ".99999999999", "ValueError: precision too big"),
        (0x4059000000000000, ".99999999999", "ValueError: precision too big"),
        (0x7fee42d130773b76, ".99999999999", "ValueError: precision too big"),
        (0x3fd3333333333334, ".2147483648", "ValueError: precision too big"),
        (0x4004000000000000, ".2147483648", "ValueError: precision too big"),
        (0x3fc999999999999a, ".2147483648", "ValueError: precision too big"),
        (0x7ff0000000000000, "ze", "inf"),
        (0xfff0000000000000, "ze", "-inf"),
        (0x3fb999999999999a, "ze", "1.000000e-01"),
        (0x4345ee2a2eb5a5c4, "z,.1f", "12,345,678,901,234,568.0"),
        (0xc071ee72b8b6edf8, "z,.1f", "-286.9"),
        (0x4023c74538ef34d7, "z,.1f", "9.9"),
        (0x7fefffffffffffff, ".12g", "1.79769313486e+308"),
        (0x27d9379fec069826, ".12g", "1e-116"),
        (0x3fd8000000000000, ".12g", "0.375"),
        (0xc4d9db0eca2e9daa, ".16g", "-4.884002589576002e+23"),
        (0x44dfe185ca57c517, ".16g", "6.02214076e+23"),
        (0x3fa999999999999a, ".16g", "0.05"),
        (0x5b8ad7b9b8c29bfe, ".50f", "9526512486072383278679902838024094643068232864162476464900128134520196740298365276309546445371685493944694941941092529592045316079616.00000000000000000000000000000000000000000000000000"),
        (0x2347d12a4670c123, ".50f", "0.00000000000000000000000000000000000000000000000000"),
        (0x3fa999999999999a, ".50f", "0.05000000000000000277555756156289135105907917022705"),
        (0x54b249ad2594c37d, "#.20g", "1.0000000000000000159e+100"),
        (0xc97c06a5ec5433c6, "#.20g", "-9.9999999999999999314e+45"),
        (0x4345ee2a2eb5a5c4, "#.20g", "12345678901234568.000"),
        (0x4024000000000000, " .4", " 10.0"),
        (0x3fb999999999999a, " .4", " 0.1"),
        (0x3fe0000000000000, " .4", " 0.5"),
        (0x40f4e6319999999a, "+.4", "+8.56e+04"),
        (0xbff0000000000000, "+.4", "-1.0"),
        (0x4005bf0a8b145769, "+.4", "+2.718"),
        (0x404d000000000000, "+08.3", "+00058.0"),
        (0x3fd3333333333334, "+08.3", "+00000.3"),
        (0x40f4e6319999999a, "+08.3", "+8.56e+04"),
        (0x4011666666666666, "-08.3", "00004.35"),
        (0x426397f6d3d00000, "-08.3", "6.73e+11"),
        (0x27d9379fec069826, "-08.3", "001e-116"),
        (0x4340000000000000, "0<10", "9007199254740992.0"),
        (0xc062688085f2d32c, "0<10", "-147.26568887163864"),
        (0x3ff0000000000000, "0<10", "1.00000000"),
        (0x4345ee2a2eb5a5c4, "0^10", "1.2345678901234568e+16"),
        (0x4480f0cf064dd592, "0^10", "001e+22000"),
        (0x4345ee2a2eb5a5c4, "0^10", "1.2345678901234568e+16"),
        (0x405edd2f1a9fbe77, ".3n", "123"),
        (0xc0686b3437e9199c, ".3n", "-195"),
        (0x40696bee005f5820, ".3n", "203"),
        (0x4062705556ad9c90, ",n", "ValueError: Cannot specify ',' with 'n'."),
        (0x4004000000000000, ",n", "ValueError: Cannot specify ',' with 'n'."),
        (0xc4d9db0eca2e9daa, ",n", "ValueError: Cannot specify ',' with 'n'."),
        (0x4340000000000000, ".2n", "9e+15"),
        (0x3fd0000000000000, ".2n", "0.25"),
        (0x43118b54f22aeb00, ".2n", "1.2e+15"),
        (0x5b8ad7b9b8c29bfe, "012", "9.526512486072383e+132"),
        (0x9063680ed23aff89, "012", "-000001e-229"),
        (0xc071ee72b8b6edf8, "012", "-286.90300818878995"),
        (0x0a1d96fa89aefb49, "012,", "6.014024646336241e-260"),
        (0x3e7ad7f29abcaf48, "012,", "0,000,001e-07"),
        (0x3f1a36e2eb1c432d, "012,", "000,000.0001"),
        (0x44f836a917ec95d6, ",.0f", "1,829,521,667,780,751,355,019,264"),
        (0x9063680ed23aff89, ",.0f", "-0"),
        (0x27d9379fec069826, ",.0f", "0"),
        (0x3ff0000000000000, "_.10g", "1"),
        (0x4008000000000000, "_.10g", "3"),
        (0x7e37e43c8800759c, "_.10g", "1e+300"),
        (0xc071ee72b8b6edf8, " #12,n", "ValueError: Cannot specify ',' with 'n'."),
        (0x8000000000000000, "*<+z01_.0e", "+0e+00"),
        (0x01a56e1fc2f8f359, "^ 025,", "000000000 1e-300000000000"),
        (0x901a4a91089d05fc, "x>z01,.10f", "0.0000000000"),
        (0x0000000000000001, "x> z#025,.1f", "xxxxxxxxxxxxxxxxxxxxx 0.0"),
        (0x0f8421d6cbad0737, "x>#01,.1%", "0.0%"),
        (0x901a4a91089d05fc, "0=-z025_.3", "-0_000_000_000_004.23e-231"),
        (0x404d000000000000, "x>+#12,.10g", "+58.00000000"),
        (0x7ff0000000000000, "=z012g", "000000000inf"),
        (0x92290d1af986cda7, "=-#01.3g", "-3.47e-221"),
        (0x27d9379fec069826, "*<25.1n", "1e-116*******************"),
        (0xc071ee72b8b6edf8, "*<z025_.0e", "-3e+02*******************"),
        (0x3fe771348b220792, "^#012,.1n", "ValueError: Cannot specify ',' with 'n'."),
        (0x44dfe185ca57c517, "z25_n", "ValueError: Cannot specify '_' with 'n'."),
        (0x3ee4f8b588e368f1, "0= z#12.17g", " 1.0000000000000001e-05"),
        (0x3ff8000000000000, "*<+1.1E", "+1.5E+00"),
        (0xbf77c3ebfd9495cf, "x>-z#01,.17e", "-5.80208000000000026e-03"),
        (0x3ee4f8b588e368f1, "^z12,.0e", "   1e-05    "),
        (0x54b249ad2594c37d, "<+1_.10F", "+10_000_000_000_000_000_159_028_911_097_599_180_468_360_808_563_945_281_389_781_327_557_747_838_772_170_381_060_813_469_985_856_815_104.0000000000"),
        (0x3fd6666666666666, "0=z#12,.3E", "0,003.500E-01"),
        (0x01a56e1fc2f8f359, "<-z#25_.0E", "1.E-300                  "),
        (0x8000000000000000, "=,.0f", "-0"),
        (0x4000000000000000, "x>+#012e", "+2.000000e+00"),
        (0x0a1d96fa89aefb49, "0= 0.0G", " 6E-260"),
        (0x01a56e1fc2f8f359, "=+012,.10%", "+0.0000000000%"),
        (0xc0686b3437e9199c, "x>-z#025,.10%", "xxxxxx-19,535.0124316476%"),
        (0x3e7ad7f29abcaf48, "^-z12_.0E", "   1E-07    "),
        (0x3ff0000000000000, "0=012,.1%", "0,000,100.0%"),
        (0xc0f4b77000000000, "*<-z25,.1e", "-8.5e+04*****************"),
        (0x3e7ad7f29abcaf48, "< 01.17f", " 0.00000010000000000"),
        (0x4341c37937e08000, "*< z1.3e", " 1.000e+16"),
        (0xc071ee72b8b6edf8, "0=+#025.3n", "-00000000000000000000287."),
        (0x7fefffffffffffff, "x>+z012,.3%", "xxxxxxx+inf%"),
        (0xc084faf931a4c243, "*<-#12.1G", "-7.E+02*****"),
        (0x7fe9d21ea74c2ba7, "*<-25_.1g", "1e+308*******************"),
        (0x7fefffffffffffff, ">#025,.0F", "179,769,313,486,231,570,814,527,423,731,704,356,798,070,567,525,844,996,598,917,476,803,157,260,780,028,538,760,589,558,632,766,878,171,540,458,953,514,382,464,234,321,326,889,464,182,768,467,546,703,537,516,986,049,910,576,551,282,076,245,490,090,389,328,944,075,868,508,455,133,942,304,583,236,903,222,948,165,808,559,332,123,348,274,797,826,204,144,723,168,738,177,180,919,299,881,250,404,026,184,124,858,368."),
        (0x40f4e6319999999a, "^-#,.3g", "8.56e+04"),
        (0x7ff8000000000000, "^+#0_.10n", "ValueError: Cannot specify '_' with 'n'."),
        (0x3fd3333333333334, "0=0.1F", "0.3"),
        (0x7fefffffffffffff, "*<+012.10f", "+179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.0000000000"),
        (0x4480f0cf064dd592, "-z1_.3n", "ValueError: Cannot specify '_' with 'n'."),
        (0x54b249ad2594c37d, "*<+#12_.0e", "+1.e+100****"),
        (0xc97c06a5ec5433c6, "< 12,.3e", "-1.000e+46  "),
        (0x3f202c9dedbc309d, "0= 01.0%", " 0%"),
        (0xc000000000000000, "*< z#012,F", "-2.000000***"),
        (0xbff0000000000000, "*< z#1,.1f", "-1.0"),
        (0x41b1de784a000000, "=z0_.1g", "3e+08"),
        (0x3fd3333333333334, "0= #,.1n", "ValueError: Cannot specify ',' with 'n'."),
        (0x0000000000000002, "0=-z0e", "9.881313e-324"),
        (0x3fd0000000000000, "x>+,.10n", "ValueError: Cannot specify ',' with 'n'."),
        (0xbf77c3ebfd9495cf, "+z1_.0e", "-6e-03"),
        (0xc08a3ef33dff178a, "=+#025_.17g", "-0_000_839.86877059259973"),
        (0x406422b968af6178, "x>#01,.3E", "1.611E+02"),
        (0x4062705556ad9c90, "<+z025,.3E", "+1.475E+02000000000000000"),
        (0x3f50624dd2f1a9fc, " 01.17%", " 0.10000000000000001%"),
        (0x4480f0cf064dd592, "0=1,f", "10,000,000,000,000,000,000,000.000000"),
        (0x7fe9d21ea74c2ba7, "=012_g", "1.45056e+308"),
        (0xfff0000000000000, "=12_.1f", "-        inf"),
        (0x426397f6d3d00000, "*<#12,.3%", "67,323,131,456,000.000%"),
        (0x43118b54f22aeb00, "0=#01,.17F", "1,234,567,890,123,456.00000000000000000"),
        (0x3fe0000000000000, "=+z#025_.0n", "ValueError: Cannot specify '_' with 'n'."),
        (0x7fe9d21ea74c2ba7, "x>+0.10n", "+1.45055748e+308"),
        (0x405edd2f1a9fbe77, "> z.17g", " 123.456"),
        (0xc0f4b77000000000, "= z_.1G", "-8E+04"),
        (0x01a56e1fc2f8f359, "0=_.10E", "1.0000000000E-300"),
        (0x44f836a917ec95d6, ">z0.1F", "1829521667780751355019264.0"),
        (0x4008000000000000, "x>+z#12.1%", "xxxxx+300.0%"),
        (0x0000000000000001, "=#025_%", "0_000_000_000_000.000000%"),
        (0x3fc999999999999a, "*<-#25,.3E", "2.000E-01****************"),
        (0x7fee42d130773b76, "x> z#25.0F", " 169999999999999993883079578865998174333346074304075874502773119193537729178160565864330091787584707988572262467983188919169916105593357174268369962062473635296474636515660464935663040684957844303524367815028553272712298986386310828644513212353921123253311675499856875650512437415429217994623324794855339589632."),
        (0xc02b578caa734140, "*<+1_.17E", "-1.36709950700466152E+01"),
        (0x000fffffffffffff, "^025_.1%", "00000000000.0%00000000000"),
        (0x419d6f3454000000, "^+25_.10E", "    +1.2345678900E+08    "),
        (0x426397f6d3d00000, "0= z#012.17f", " 673231314560.00000000000000000"),
        (0xbfa8cf0739b024f6, "> z#12g", "  -0.0484545"),
        (0x404d000000000000, ">+z#012,.0E", "00000+6.E+01"),
        (0x4005666666666666, "^ #12,.10g", " 2.675000000"),
        (0x3f1a36e2eb1c432d, "^ #,.17e", " 1.00000000000000005e-04"),
        (0x419d6f3454000000, "<+z0,.10g", "+123,456,789"),
        (0xbfe0000000000000, "< z#12.17", "-0.50000000000000000"),
        (0xc97c06a5ec5433c6, "^-z0.17F", "-9999999999999999931398190359470212947659194368.00000000000000000"),
        (0x4008000000000000, "#012.1e", "000003.0e+00"),
        (0x3fb999999999999a, "= z025.10", " 0000000000000000000000.1"),
        (0x7fefffffffffffff, "#_.17F", "179_769_313_486_231_570_814_527_423_731_704_356_798_070_567_525_844_996_598_917_476_803_157_260_780_028_538_760_589_558_632_766_878_171_540_458_953_514_382_464_234_321_326_889_464_182_768_467_546_703_537_516_986_049_910_576_551_282_076_245_490_090_389_328_944_075_868_508_455_133_942_304_583_236_903_222_948_165_808_559_332_123_348_274_797_826_204_144_723_168_738_177_180_919_299_881_250_404_026_184_124_858_368.00000000000000000"),
        (0x3f0a36e2eb1c432d, "< #12,n", "ValueError: Cannot specify ',' with 'n'."),
        (0xc018000000000000, "=1,.17F", "-6.00000000000000000"),
        (0x3f50624dd2f1a9fc, "#012.3f", "00000000.001"),
        (0x4005666666666666, ">12.17%", "267.50000000000000000%"),
        (0x0000000000001fa0, "^z.10", "3.999955469e-320"),
        (0xc000000000000000, "<z#025,.1n", "ValueError: Cannot specify ',' with 'n'."),
        (0xbfa8cf0739b024f6, "< z#012.0g", "-0.050000000"),
        (0x3f1a36e2eb1c432d, "< #25_.0f", " 0.                      "),
        (0x0000000000000002, "<+12,.0G", "+1E-323     "),
        (0x4059000000000000, "<+.3g", "+100"),
        (0x000012688b70e62b, "*<+#01.0", "+1.e-310"),
        (0x419d6f3454000000, "=+025,e", "+0,000,000,001.234568e+08"),
        (0x405edd2f1a9fbe77, ">-0,%", "12,345.600000%"),
        (0x4005666666666666, "0=z012.17n", "2.6749999999999998"),
        (0x3fd8000000000000, "=+z#025_n", "ValueError: Cannot specify '_' with 'n'."),
        (0x3fa999999999999a, "<-z#0,E", "5.000000E-02"),
        (0x7ff8000000000000, "x>+z#012,.1f", "xxxxxxxx+nan"),
        (0x4340000000000000, "=+#0_", "+9_007_199_254_740_992.0"),
        (0x3fd6666666666666, "*<-z012_.3f", "0.350*******"),
        (0x0f8421d6cbad0737, ">-z0,.17f", "0.00000000000000000"),
        (0x3e7ad7f29abcaf48, "=+1,.17%", "+0.00001000000000000%"),
        (0x0010000000000000, "*<z#025.17e", "2.22507385850720138e-308*"),
        (0x4059000000000000, "< z01,.3n", "ValueError: Cannot specify ',' with 'n'."),
        (0x4351c37937e08002, "^-z12_e", "2.000000e+16"),
        (0x406422b968af6178, "^-25,.3G", "           161           "),
        (0x3fd8000000000000, "^-z#12_.10e", "3.7500000000e-01"),
        (0x3fc3333333333333, "x>01_.3%", "15.000%"),
        (0xc0686b3437e9199c, "^ _.3%", "-19_535.012%"),
        (0x4345ee2a2eb5a5c4, "<-12,.3g", "1.23e+16    "),
        (0x4084836e978d4fdf, "=+12,.1n", "ValueError: Cannot specify ',' with 'n'."),
        (0x3ff0000000000000, "+0.17E", "+1.00000000000000000E+00"),
        (0x4004000000000000, ">-1.17n", "2.5"),
        (0x0010000000000000, "<-z0.10f", "0.0000000000"),
        (0x41b1de784a000000, "x> 0,.10G", " 299,792,458"),
        (0x44dfe185ca57c517, "*< #0.0g", " 6.e+23"),
        (0x4008000000000000, "x>+z#025.3E", "xxxxxxxxxxxxxxx+3.000E+00"),
        (0x4005666666666666, "0=z01.3n", "2.67"),
        (0x40696bee005f5820, "*<z025,.0", "2e+02********************"),
        (0x3ee4f8b588e368f1, "<012n", "1e-050000000"),
        (0x3f0a36e2eb1c432d, "0=z012_.0E", "0_000_005E-05"),
        (0xc08cf6ead43c7e9e, "*<01_.0G", "-9E+02"),
        (0xc97c06a5ec5433c6, "^ z#12.0e", "  -1.e+46   "),
        (0x4345ee2a2eb5a5c4, "<+#1_%", "+1_234_567_890_123_456_768.000000%"),
        (0xbf77c3ebfd9495cf, ">-z#01_.10E", "-5.8020800000E-03"),
        (0x4062705556ad9c90, "*<-025.10g", "147.5104173**************"),
        (0x0f8421d6cbad0737, "=-,.1%", "0.0%"),
        (0x0000000000000002, " #025,f", " 0,000,000,000,000.000000"),
        (0x3e7ad7f29abcaf48, "x>+z#025.0G", "xxxxxxxxxxxxxxxxxx+1.E-07"),
        (0x4004000000000000, "=#01_.1e", "2.5e+00"),
        (0xc062688085f2d32c, "<#1.10e", "-1.4726568887e+02"),
        (0xc0f4b77000000000, "^ #01_.3", "-8.49e+04"),
        (0xc0701b26e978d4fe, "+#0,.17F", "-257.69700000000000273"),
        (0x3fd3333333333334, "*<-025_E", "3.000000E-01*************"),
        (0x3fc3333333333333, "0=-z012_.0F", "0_000_000_000"),
        (0x430c6bf526340000, "^-z#1.3F", "1000000000000000.000"),
        (0x44f836a917ec95d6, "0=12_.3%", "182_952_166_778_075_129_059_475_456.000%"),
        (0x3fd3333333333334, "^ z#,.0f", " 0."),
        (0x3fc3333333333333, "^+z25.3E", "       +1.500E-01        "),
        (0x2347d12a4670c123, "-z012_.10g", "000_001e-138"),
        (0x901a4a91089d05fc, "=+#025.3", "-0000000000000004.23e-231"),
        (0xbfe0000000000000, "<+z01,.10E", "-5.0000000000E-01"),
        (0x430c6bf526340000, "> #_.1G", " 1.E+15"),
        (0x7ff8000000000000, "-25.0e", "                      nan"),
        (0x3fb999999999999a, "x> z12,.10e", " 1.0000000000e-01"),
        (0xbf77c3ebfd9495cf, "*<-z0,.1e", "-5.8e-03"),
        (0xc08a3ef33dff178a, "x>#1.10E", "-8.3986877059E+02"),
        (0xc000000000000000, " 01,.10n", "ValueError: Cannot specify ',' with 'n'."),
        (0xc08cf6ead43c7e9e, "x> #012_.17E", "-9.26864662621130037E+02"),
        (0xbff0000000000000, "^z#025_.1g", "00000000000-1.00000000000"),
        (0x41dcf05e07800000, "z025,.0f", "0,000,000,001,942,059,038"),
        (0xc02b578caa734140, "> 01G", "-13.671"),
        (0xc071ee72b8b6edf8, "<+#12_F", "-286.903008 "),
        (0x40696bee005f5820, "*<-01.17E", "2.03372802911967483E+02"),
        (0x4340000000000000, "x>-#025,.1e", "xxxxxxxxxxxxxxxxxx9.0e+15"),
        (0x3fd3333333333334, ">+012,F", "000+0.300000"),
        (0xc08cf6ead43c7e9e, "=z#012_.10g", "-926.8646626"),
        (0x0a1d96fa89aefb49, "<+#25_E", "+6.014025E-260           "),
        (0x4004000000000000, "= z12.17G", "         2.5"),
        (0x3fd8000000000000, "=-z025.3", "000000000000000000000.375"),
        (0xc02b578caa734140, "^+#12,.17E", "-1.36709950700466152E+01"),
        (0xbfe0000000000000, "*<#12_.1F", "-0.5********"),
        (0x40811978b7f3af7e, "^z#12_.0n", "ValueError: Cannot specify '_' with 'n'."),
        (0x40696bee005f5820, "<-z#1.3g", "203."),
        (0x4024000000000000, "0=z,.0n", "ValueError: Cannot specify ',' with 'n'."),
        (0x3fd3333333333334, "<+z012.3n", "+0.300000000"),
        (0xbff0000000000000, ">-025_.0F", "00000000000000000000000-1"),
        (0x4345ee2a2eb5a5c4, "=+z25,.3", "+                1.23e+16"),
        (0x3fd8000000000000, "0=z012,.0n", "ValueError: Cannot specify ',' with 'n'."),
        (0xc0686b3437e9199c, "*<,.3f", "-195.350"),
        (0x3fd3333333333334, "> z#01.1n", " 0.3"),
        (0x7fe9d21ea74c2ba7, ">+z25_.1g", "                  +1e+308"),
        (0xc0686b3437e9199c, "0= z#025.1G", "-0000000000000000002.E+02"),
        (0x3fd0000000000000, "^#01_.1e", "2.5e-01"),
        (0x901a4a91089d05fc, "0=#,.3", "-4.23e-231"),
        (0x3f0a36e2eb1c432d, "^-z#025,.10F", "0000000.00005000000000000"),
        (0x4341c37937e08000, "#12.10g", "1.000000000e+16"),
        (0x4024000000000000, " 1F", " 10.000000"),
        (0x44b52d02c7e14af6, " z1_e", " 1.000000e+23"),
        (0x3e7ad7f29abcaf48, "=+z#12_e", "+1.000000e-07"),
        (0x426397f6d3d00000, "*<-#1_.0%", "67_323_131_456_000.%"),
        (0x3f50624dd2f1a9fc, "*< z_.1e", " 1.0e-03"),
        (0x426397f6d3d00000, "<+1_E", "+6.732313E+11"),
        (0x3fc999999999999a, "= z25_.0g", "                      0.2"),
        (0x5b8ad7b9b8c29bfe, "*<-z#12.1n", "1.e+133*****"),
        (0x40811978b7f3af7e, "x>z25_.17F", "xxxx547.18394461039838461"),
        (0x4480f0cf064dd592, "#025_F", "10_000_000_000_000_000_000_000.000000"),
        (0x40841c70a3d70a3d, "#0,.0e", "6.e+02"),
        (0xaccf5b64dee038f3, ">+z#01_F", "+0.000000"),
        (0x4008000000000000, "^-#025_F", "000000003.000000000000000"),
        (0x3fd6666666666666, "< z025.10e", " 3.5000000000e-0100000000"),
        (0x40811978b7f3af7e, "^+,.10F", "+547.1839446104"),
        (0x419d6f3454000000, "x>-0.0n", "1e+08"),
        (0x901a4a91089d05fc, "*<-z1_.17%", "0.00000000000000000%"),
        (0x3fd5555555555555, "=-012,.10", "0.3333333333"),
        (0x3fc999999999999a, "+z25,.3F", "                   +0.200"),
        (0x3f50624dd2f1a9fc, "<-0,.0E", "1E-03"),
        (0x4000000000000000, ">-#0,.17", "2.0000000000000000"),
        (0x3fc999999999999a, "^-z#12,.0g", "    0.2     "),
        (0x92290d1af986cda7, "^-#012.10F", "-0.0000000000"),
        (0x4005666666666666, "*<+z#1.1e", "+2.7e+00"),
        (0x7ff0000000000000, "x> z025_.3F", "xxxxxxxxxxxxxxxxxxxxx INF"),
        (0x3f202c9dedbc309d, "x> 025_.1%", "xxxxxxxxxxxxxxxxxxxx 0.0%"),
        (0x000fffffffffffff, "<+z#025.10f", "+0.0000000000000000000000"),
        (0x3f202c9dedbc309d, ">-12,.0n", "ValueError: Cannot specify ',' with 'n'."),
        (0x7e37e43c8800759c, "0=+012_.17", "+1.0000000000000001e+300"),
        (0x3f0a36e2eb1c432d, "> 025,.10E", "00000000 5.0000000000E-05"),
        (0x4011666666666666, "0= z12,g", " 0,000,004.35"),
        (0x0000000000001fa0, "^ #025_.3n", "ValueError: Cannot specify '_' with 'n'."),
        (0x2347d12a4670c123, "<#012,.0F", "0.0000000000"),
        (0x3fd3333333333334, "+z0n", "+0.3"),
        (0xc08cf6ead43c7e9e, "< z#25_.1F", "-926.9                   "),
        (0x3fd3333333333334, "0=-z#012_.17g", "0.30000000000000004"),
        (0x44dfe185ca57c517, "-#0.1G", "6.E+23"),
        (0x3fe0000000000000, ">-#12.10f", "0.5000000000"),
        (0x000012688b70e62b, "=z#025,.1f", "000,000,000,000,000,000.0"),
        (0xffefffffffffffff, "0= z#25_.1", "-00_000_000_000_002.e+308"),
        (0x3fd3333333333334, "<+z#25,E", "+3.000000E-01            "),
        (0x3fd3333333333334, "> #025,.1e", "00000000000000000 3.0e-01"),
        (0x7fe9d21ea74c2ba7, "<+z12.17%", "+inf%       "),
        (0x3fd3333333333334, "0=-025.17g", "0000000.30000000000000004"),
        (0xc08a3ef33dff178a, "x>-z025,.17e", "x-8.39868770592599731e+02"),
        (0xbf77c3ebfd9495cf, "x>01,n", "ValueError: Cannot specify ',' with 'n'."),
        (0x41b1de784a000000, "x>#25,.0", "xxxxxxxxxxxxxxxxxxx3.e+08"),
        (0x3f0a36e2eb1c432d, "x> 025.17G", "xx 5.0000000000000002E-05"),
        (0x8000000000000000, "0=+z#1", "+0.0"),
        (0x0000000000000001, "x> z#1_.10E", " 4.9406564584E-324"),
        (0x0000000000001fa0, ">+012_.17F", "+0.00000000000000000"),
        (0x000012688b70e62b, "=+012,F", "+0,000.000000"),
        (0xaccf5b64dee038f3, "*<-z012_.0F", "0***********"),
        (0x2347d12a4670c123, "-#,.17f", "0.00000000000000000"),
        (0xaccf5b64dee038f3, "=+z12,.1G", "-      8E-93"),
        (0x3fb999999999999a, "<-01,.10f", "0.1000000000"),
        (0x43118b54f22aeb00, "x>-z#012,.1G", "xxxxxx1.E+15"),
        (0x3fd3333333333334, ">z12_.10", "         0.3"),
        (0x4351c37937e08002, "+z1,.10F", "+20,000,000,000,000,008.0000000000"),
        (0x4005bf0a8b145769, "^+,.17f", "+2.71828182845904509"),
        (0x4004000000000000, "-z#25,.3f", "                    2.500"),
        (0xfff0000000000000, "x> #012,.10%", "xxxxxxx-inf%"),
        (0x40696bee005f5820, "-#012,.1G", "000,002.E+02"),
        (0x7fe9d21ea74c2ba7, ">#1_.1n", "ValueError: Cannot specify '_' with 'n'."),
        (0x3fc0000000000000, "< 1.3", " 0.125"),
        (0x7ff0000000000000, "^#.0e", "inf"),
        (0x3fe5555555555555, "< z#01,.3F", " 0.667"),
        (0x5b8ad7b9b8c29bfe, "=#01_.0f", "9_526_512_486_072_383_278_679_902_838_024_094_643_068_232_864_162_476_464_900_128_134_520_196_740_298_365_276_309_546_445_371_685_493_944_694_941_941_092_529_592_045_316_079_616."),
        (0x4008000000000000, "<+025_.3g", "+300000000000000000000000"),
        (0x4062705556ad9c90, ">z25_.10f", "           147.5104173079"),
    ];

    #[test]
    fn format_float_matches_python() {
        for &(b, spec, want) in FLOATS {
            let x = f64::from_bits(b);
            let got = format_float_spec(x, spec, "float").unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "format({:#x}, {:?})", b, spec);
        }
    }

    /// `format(s, spec)` for strs.
    const STRS: &[(&str, &str, &str)] = &[
        ("", "", ""),
        ("abc", "", "abc"),
        ("h\u{e9}llo", "", "h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        ("", "s", ""),
        ("abc", "s", "abc"),
        ("h\u{e9}llo", "s", "h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "s",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        ("", "10", "          "),
        ("abc", "10", "abc       "),
        ("h\u{e9}llo", "10", "h\u{e9}llo     "),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "10",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}      ",
        ),
        ("", "<10", "          "),
        ("abc", "<10", "abc       "),
        ("h\u{e9}llo", "<10", "h\u{e9}llo     "),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "<10",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}      ",
        ),
        ("", ">10", "          "),
        ("abc", ">10", "       abc"),
        ("h\u{e9}llo", ">10", "     h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            ">10",
            "      \u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        ("", "^10", "          "),
        ("abc", "^10", "   abc    "),
        ("h\u{e9}llo", "^10", "  h\u{e9}llo   "),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "^10",
            "   \u{65e5}\u{672c}\u{8a9e}\u{1f600}   ",
        ),
        ("", "^11", "           "),
        ("abc", "^11", "    abc    "),
        ("h\u{e9}llo", "^11", "   h\u{e9}llo   "),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "^11",
            "   \u{65e5}\u{672c}\u{8a9e}\u{1f600}    ",
        ),
        ("", "*^10", "**********"),
        ("abc", "*^10", "***abc****"),
        ("h\u{e9}llo", "*^10", "**h\u{e9}llo***"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "*^10",
            "***\u{65e5}\u{672c}\u{8a9e}\u{1f600}***",
        ),
        ("", ".2", ""),
        ("abc", ".2", "ab"),
        ("h\u{e9}llo", ".2", "h\u{e9}"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            ".2",
            "\u{65e5}\u{672c}",
        ),
        ("", "10.2", "          "),
        ("abc", "10.2", "ab        "),
        ("h\u{e9}llo", "10.2", "h\u{e9}        "),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "10.2",
            "\u{65e5}\u{672c}        ",
        ),
        ("", ".0", ""),
        ("abc", ".0", ""),
        ("h\u{e9}llo", ".0", ""),
        ("\u{65e5}\u{672c}\u{8a9e}\u{1f600}", ".0", ""),
        ("", "05", "00000"),
        ("abc", "05", "abc00"),
        ("h\u{e9}llo", "05", "h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "05",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}0",
        ),
        ("", "0>5", "00000"),
        ("abc", "0>5", "00abc"),
        ("h\u{e9}llo", "0>5", "h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "0>5",
            "0\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        (
            "",
            "=10",
            "ValueError: '=' alignment not allowed in string format specifier",
        ),
        (
            "abc",
            "=10",
            "ValueError: '=' alignment not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "=10",
            "ValueError: '=' alignment not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "=10",
            "ValueError: '=' alignment not allowed in string format specifier",
        ),
        (
            "",
            "+",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "abc",
            "+",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "+",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "+",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "",
            " ",
            "ValueError: Space not allowed in string format specifier",
        ),
        (
            "abc",
            " ",
            "ValueError: Space not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            " ",
            "ValueError: Space not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            " ",
            "ValueError: Space not allowed in string format specifier",
        ),
        (
            "",
            "z",
            "ValueError: Negative zero coercion (z) not allowed in string format specifier",
        ),
        (
            "abc",
            "z",
            "ValueError: Negative zero coercion (z) not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "z",
            "ValueError: Negative zero coercion (z) not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "z",
            "ValueError: Negative zero coercion (z) not allowed in string format specifier",
        ),
        (
            "",
            "#",
            "ValueError: Alternate form (#) not allowed in string format specifier",
        ),
        (
            "abc",
            "#",
            "ValueError: Alternate form (#) not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "#",
            "ValueError: Alternate form (#) not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "#",
            "ValueError: Alternate form (#) not allowed in string format specifier",
        ),
        ("", ",", "ValueError: Cannot specify ',' with 's'."),
        ("abc", ",", "ValueError: Cannot specify ',' with 's'."),
        (
            "h\u{e9}llo",
            ",",
            "ValueError: Cannot specify ',' with 's'.",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            ",",
            "ValueError: Cannot specify ',' with 's'.",
        ),
        ("", "_", "ValueError: Cannot specify '_' with 's'."),
        ("abc", "_", "ValueError: Cannot specify '_' with 's'."),
        (
            "h\u{e9}llo",
            "_",
            "ValueError: Cannot specify '_' with 's'.",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "_",
            "ValueError: Cannot specify '_' with 's'.",
        ),
        (
            "",
            "d",
            "ValueError: Unknown format code 'd' for object of type 'str'",
        ),
        (
            "abc",
            "d",
            "ValueError: Unknown format code 'd' for object of type 'str'",
        ),
        (
            "h\u{e9}llo",
            "d",
            "ValueError: Unknown format code 'd' for object of type 'str'",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "d",
            "ValueError: Unknown format code 'd' for object of type 'str'",
        ),
        (
            "",
            "x",
            "ValueError: Unknown format code 'x' for object of type 'str'",
        ),
        (
            "abc",
            "x",
            "ValueError: Unknown format code 'x' for object of type 'str'",
        ),
        (
            "h\u{e9}llo",
            "x",
            "ValueError: Unknown format code 'x' for object of type 'str'",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "x",
            "ValueError: Unknown format code 'x' for object of type 'str'",
        ),
        ("", ".", "ValueError: Format specifier missing precision"),
        ("abc", ".", "ValueError: Format specifier missing precision"),
        (
            "h\u{e9}llo",
            ".",
            "ValueError: Format specifier missing precision",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            ".",
            "ValueError: Format specifier missing precision",
        ),
        ("", "\u{e9}>7", "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}"),
        ("abc", "\u{e9}>7", "\u{e9}\u{e9}\u{e9}\u{e9}abc"),
        ("h\u{e9}llo", "\u{e9}>7", "\u{e9}\u{e9}h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "\u{e9}>7",
            "\u{e9}\u{e9}\u{e9}\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        ("", "\u{663}", "   "),
        ("abc", "\u{663}", "abc"),
        ("h\u{e9}llo", "\u{663}", "h\u{e9}llo"),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "\u{663}",
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
        ),
        (
            "",
            "-",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "abc",
            "-",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "-",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "-",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "",
            "-5",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "abc",
            "-5",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "h\u{e9}llo",
            "-5",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "-5",
            "ValueError: Sign not allowed in string format specifier",
        ),
        (
            "",
            "\u{5}",
            "ValueError: Unknown format code '\\x5' for object of type 'str'",
        ),
        (
            "abc",
            "\u{5}",
            "ValueError: Unknown format code '\\x5' for object of type 'str'",
        ),
        (
            "h\u{e9}llo",
            "\u{5}",
            "ValueError: Unknown format code '\\x5' for object of type 'str'",
        ),
        (
            "\u{65e5}\u{672c}\u{8a9e}\u{1f600}",
            "\u{5}",
            "ValueError: Unknown format code '\\x5' for object of type 'str'",
        ),
    ];

    #[test]
    fn format_str_matches_python() {
        for &(s, spec, want) in STRS {
            let got = format_str_spec(s, spec, "str").unwrap_or_else(|e| e.to_string());
            assert_eq!(got, want, "format({:?}, {:?})", s, spec);
        }
    }

    #[test]
    fn parse_format_spec_fields() {
        let f = parse_format_spec("*^+z#012_.3f", "float").unwrap();
        assert_eq!(f.fill, Some('*'));
        assert_eq!(f.align, Some('^'));
        assert_eq!(f.sign, Some('+'));
        assert!(f.no_neg_0 && f.alternate && !f.zero_pad);
        assert_eq!(
            (f.width, f.grouping, f.precision, f.type_char),
            (Some(12), Some('_'), Some(3), Some('f'))
        );
        let g = parse_format_spec("010", "int").unwrap();
        assert!(g.zero_pad && g.fill.is_none() && g.width == Some(10));
        assert_eq!(
            parse_format_spec("abc", "float").unwrap_err().message,
            "Invalid format specifier 'abc' for object of type 'float'"
        );
    }

    /// `fmt % args` for a few argument sets (see `SETS`).
    const PERCENT: &[(&str, usize, &str)] = &[
        ("%#5c", 5, "    *"),
        (
            "%5s%.0e%.",
            4,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%s%x%.%a",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%(b)r%u%%-*d", 2, "TypeError: format requires a mapping"),
        ("%05.1f%#o", 4, "TypeError: must be real number, not dict"),
        (
            "%10.3e%.%(a)s%(b)s",
            6,
            "TypeError: must be real number, not str",
        ),
        (
            "%g",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%x%#x%.0e%(a)s",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%s% d%08.3d%i",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%5%%.0e",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%-5d%+d%c%(a)*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%5s%.3%a%(b)r",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%o",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%o%c%#X%G",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#.0f%x%.3%05.1f",
            8,
            "ValueError: unsupported format character '%' (0x25) at index 10",
        ),
        (
            "%10.3eab% 012.4f%#.0f",
            3,
            "TypeError: must be real number, not str",
        ),
        ("%(a)*d", 0, "TypeError: format requires a mapping"),
        (
            "%.*f%.%(a)*d%(a)*d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%%%.2s", 5, "%42"),
        ("%+d", 1, "+5"),
        ("%a\u{e9}", 6, "'str'\u{e9}"),
        ("%-*d%5%%(%", 6, "TypeError: * wants int"),
        (
            "%.*f",
            8,
            "OverflowError: Python int too large to convert to C int",
        ),
        (
            "%*%x",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%10.3e%a%(%.*f", 8, "TypeError: format requires a mapping"),
        (
            "%05.1f%(b)r%.1s%+.2e",
            7,
            "TypeError: format requires a mapping",
        ),
        ("%(a)s%g", 8, "TypeError: format requires a mapping"),
        (
            "%#.0f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%.2s", 5, "42"),
        (
            " ",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%ld%+.2e%-+8.3g",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("% d", 1, " 5"),
        ("%(a)s", 1, "TypeError: format requires a mapping"),
        (
            "%%",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%-+8.3g", 1, "+5      "),
        ("%i%(b)r", 5, "TypeError: format requires a mapping"),
        (
            "%l%.%+.2e%d",
            4,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            " ",
            6,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "% d%%5%%05.1f",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%5%5%\u{e9}%5c",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%c%5s%\u{e9}", 6, "TypeError: %c requires int or char"),
        ("%05.1f%.", 4, "TypeError: must be real number, not dict"),
        (
            "%s%05.1f%o",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%*", 2, "ValueError: incomplete format"),
        (
            "%ld",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%+d",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%a%#X%.%g",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%08.3d%.*f%%", 2, "TypeError: * wants int"),
        (
            "%*d%d%#x%%",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        ("%-+8.3g", 1, "+5      "),
        ("%(a", 8, "TypeError: format requires a mapping"),
        ("%#.0f ", 1, "5. "),
        ("%", 0, "ValueError: incomplete format"),
        (
            "%10.3e% d%5s%-*d",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.3%-#10o%5%o",
            6,
            "ValueError: unsupported format character '%' (0x25) at index 3",
        ),
        (
            "%y%a%c",
            2,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        (
            "%.1s",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%r", 5, "42"),
        (
            "%s%.0e",
            4,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%+.2e%o%e",
            2,
            "TypeError: %o format: an integer is required, not float",
        ),
        (
            "%#5c",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%o%a% 012.4f%r",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%s%x",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%(a)s%a", 5, "TypeError: format requires a mapping"),
        ("%(a)05d%*.*f%", 6, "TypeError: format requires a mapping"),
        (
            "% 012.4f %10.3e",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%%%-#10o%%",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "\u{e9}%(b)r%(a)05d%o",
            2,
            "TypeError: format requires a mapping",
        ),
        ("%.1s%(a)*d%.", 6, "TypeError: format requires a mapping"),
        ("%o%.", 3, "ValueError: incomplete format"),
        (
            "%5%%05.1f%r",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%l%-*d%-+8.3g%i",
            3,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%u",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#.0f%y%5c%%",
            8,
            "ValueError: unsupported format character 'y' (0x79) at index 6",
        ),
        ("%5s%05.1f%*.*f%y", 3, "TypeError: * wants int"),
        (
            "%10.3e% d%r",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%#5c%10.3e%-5d", 4, "TypeError: %c requires int or char"),
        (
            "%a%u%5%%+d",
            6,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%08.3d%r%-*d",
            4,
            "TypeError: %d format: a real number is required, not dict",
        ),
        (
            "%.3%.2s%(%-+8.3g",
            5,
            "ValueError: unsupported format character '%' (0x25) at index 3",
        ),
        (
            "%#x",
            4,
            "TypeError: %x format: an integer is required, not dict",
        ),
        (
            "%%ab%*",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%5%%(a)s%(b)s%g%c",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)s%r%%*d", 7, "TypeError: format requires a mapping"),
        ("%a", 0, "TypeError: not enough arguments for format string"),
        ("\u{e9}%u%s%(a", 8, "TypeError: format requires a mapping"),
        ("%(a)*d", 6, "TypeError: format requires a mapping"),
        ("%g%(", 6, "TypeError: must be real number, not str"),
        (
            "%.%(a%g%(b)r",
            8,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%5%%%%-+8.3g",
            6,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%l%#x%*",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%*", 0, "TypeError: not enough arguments for format string"),
        (
            "%y",
            2,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        ("%c%e", 6, "TypeError: %c requires int or char"),
        (
            "%+d%#5c%s\u{e9}",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%*.*f", 3, "TypeError: must be real number, not str"),
        (
            "%.2s%#5c%%l",
            8,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%#X%%",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%%%10.3e%-+8.3g",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#5c%%",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.1s",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%5c%-5d%ldab", 4, "TypeError: %c requires int or char"),
        (
            "%#.0fab%o%*",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#X%\u{e9}%.2s",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("ab%(b)r", 1, "TypeError: format requires a mapping"),
        (
            "%o%u",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%(%(a", 8, "TypeError: format requires a mapping"),
        (
            "%5s%5s%g",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#.0f%#.0f",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#X%08.3d%*",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%c%g%G%*.*f", 7, "TypeError: * wants int"),
        (
            "\u{e9}%05.1f%(a)05d",
            4,
            "TypeError: must be real number, not dict",
        ),
        (
            "%g",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%s", 6, "str"),
        ("%.*f", 4, "TypeError: * wants int"),
        (
            "%5s%#.0f%05.1f",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "\u{e9}%*.*f%(a)*d%*.*f",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%c%u", 8, "OverflowError: %c arg not in range(0x110000)"),
        ("%.", 8, "ValueError: incomplete format"),
        (
            "%#X%5%%.1s",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.%u\u{e9}%#5c",
            1,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%\u{e9}%x%y% 012.4f",
            7,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        ("%(a ", 7, "TypeError: format requires a mapping"),
        ("%(a)*d", 2, "TypeError: format requires a mapping"),
        (
            "%s%#5c",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%(a)*d%*.*f%y%.", 0, "TypeError: format requires a mapping"),
        (
            "%#o%\u{e9}%+.2e%y",
            4,
            "TypeError: %o format: an integer is required, not dict",
        ),
        (
            "%x%*.*f",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "% 012.4f%+.2e%(",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a%g%#X%.1s", 0, "TypeError: format requires a mapping"),
        (
            "%o",
            4,
            "TypeError: %o format: an integer is required, not dict",
        ),
        (
            "%.2s% d",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%(a)05d%10.3e%(a)s%(a)s",
            5,
            "TypeError: format requires a mapping",
        ),
        ("%08.3d%e%G%5", 8, "ValueError: incomplete format"),
        (
            "%-*d%.%G%i",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 6",
        ),
        (
            "%.*f",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%.*f%i%08.3d", 4, "TypeError: * wants int"),
        ("%5", 5, "ValueError: incomplete format"),
        ("%(a)s%.0e%#x", 7, "TypeError: format requires a mapping"),
        (
            "%eab%+.2e ",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%%(a)s",
            6,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%y%r",
            1,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        ("%+.2e%%", 4, "TypeError: must be real number, not dict"),
        ("%(a", 5, "TypeError: format requires a mapping"),
        (
            "%d%.3%g%(",
            6,
            "TypeError: %d format: a real number is required, not str",
        ),
        (
            "%10.3e%(a)*d%-*d%l",
            3,
            "TypeError: format requires a mapping",
        ),
        (
            "%x%s%(a)05d",
            6,
            "TypeError: %x format: an integer is required, not str",
        ),
        (
            "%5s",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%r%(a)05d ", 7, "TypeError: format requires a mapping"),
        ("%g%5s%ld", 6, "TypeError: must be real number, not str"),
        ("%d%(a)s%%", 2, "TypeError: format requires a mapping"),
        (
            "%a",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%*%10.3e%u%ld",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%08.3d%(b)r", 3, "TypeError: format requires a mapping"),
        ("%05.1f", 6, "TypeError: must be real number, not str"),
        ("%s", 4, "{'a': 1, 'b': 'xy'}"),
        (
            "%-#10o%.*f%y%x",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%05.1f", 4, "TypeError: must be real number, not dict"),
        (
            "%5%% 012.4f%.3",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%y%5%l%*.*f",
            6,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        (
            "%.%+d\u{e9}",
            4,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        ("\u{e9}%.*f%*d%r", 4, "TypeError: * wants int"),
        ("%05.1f", 1, "005.0"),
        (
            "%u%#x%o",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "ab%.2s%(a)s%(b)s ",
            8,
            "TypeError: format requires a mapping",
        ),
        ("%c%5", 7, "ValueError: incomplete format"),
        (
            "%%.*f%G%-*d",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%.0e%*.*f", 6, "TypeError: must be real number, not str"),
        ("%.1s%(%a", 6, "TypeError: format requires a mapping"),
        (
            "%#X%a",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%(%#X", 7, "TypeError: format requires a mapping"),
        (
            "%.*f%(a)s%(b)s%(b)r",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)s%#5c", 0, "TypeError: format requires a mapping"),
        ("%#x", 5, "0x2a"),
        (
            "%05.1f%#o% 012.4f%.1s",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("% 012.4f", 1, " 000005.0000"),
        (
            "%%d",
            6,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%08.3d%#X%10.3e",
            2,
            "TypeError: %X format: an integer is required, not float",
        ),
        (
            "%l%%%.2s%(a",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        ("%05.1f", 1, "005.0"),
        (
            "%r%u%.0e% d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%5", 5, "ValueError: incomplete format"),
        (
            "%\u{e9}",
            6,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        (
            "%*%.*f%(",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        (
            "%-5d",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%-#10o",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%u%#.0f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "% 012.4f%5c\u{e9}%%",
            2,
            "TypeError: %c requires int or char",
        ),
        (
            "%*.*f%(a)s%%(a",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)05d", 4, "00001"),
        (
            "%c%d%G%\u{e9}",
            3,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%.2s%*%(b)r%u",
            3,
            "ValueError: unsupported format character '%' (0x25) at index 6",
        ),
        (
            "% 012.4f",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%+d%-+8.3g%-#10o",
            7,
            "TypeError: %o format: an integer is required, not float",
        ),
        (
            "%.%(a%d",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%(a)s%5c%(b)r%(a",
            7,
            "TypeError: format requires a mapping",
        ),
        (
            "%5s%+d%10.3e",
            4,
            "TypeError: not enough arguments for format string",
        ),
        (
            "\u{e9}%*.*f",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%05.1f%-5d%.3",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#.0f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%-*d%-5d%-+8.3g%-+8.3g",
            2,
            "TypeError: %d format: a real number is required, not str",
        ),
        ("%l", 0, "ValueError: incomplete format"),
        (
            "%.2s%*%08.3d%-5d",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 6",
        ),
        (
            "%.0e%y",
            8,
            "ValueError: unsupported format character 'y' (0x79) at index 5",
        ),
        ("%(a)*d", 6, "TypeError: format requires a mapping"),
        (
            "%o%G",
            6,
            "TypeError: %o format: an integer is required, not str",
        ),
        (
            "%5s%10.3e",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)*d%(a%.1s", 6, "TypeError: format requires a mapping"),
        ("\u{e9}%l", 5, "ValueError: incomplete format"),
        (
            "%5%-#10o",
            3,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%*d%-5d%10.3e%o",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%e%e%r",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%-#10o", 5, "0o52      "),
        ("%e", 0, "TypeError: not enough arguments for format string"),
        (
            "%5c%#x%*.*f",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)05d", 2, "TypeError: format requires a mapping"),
        (
            "%*%-+8.3g%.%5%",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        ("%G", 4, "TypeError: must be real number, not dict"),
        ("%05.1f%#X", 4, "TypeError: must be real number, not dict"),
        (
            "%.1s",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%5c%u",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%-+8.3g%.%i",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 9",
        ),
        (
            "%o\u{e9}%.%u",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 5",
        ),
        ("%(b)r%5%", 7, "TypeError: format requires a mapping"),
        (
            "%#o",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%.2s%-*d%y%", 2, "TypeError: * wants int"),
        (
            "% d\u{e9}",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.2s%.%ld%o",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.3%x%.*f",
            8,
            "ValueError: unsupported format character '%' (0x25) at index 3",
        ),
        ("%.2s", 1, "5"),
        ("%5c%s%c%-*d", 4, "TypeError: %c requires int or char"),
        ("%e%5c", 6, "TypeError: must be real number, not str"),
        ("%-#10o", 5, "0o52      "),
        ("%(b)r%-*d%5s", 5, "TypeError: format requires a mapping"),
        ("%(a%+d", 7, "TypeError: format requires a mapping"),
        (
            "%*d%sab",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        ("%(b)r%%%ld", 8, "TypeError: format requires a mapping"),
        (
            "%5%-+8.3g",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            " %10.3e%\u{e9}",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%ld", 1, "5"),
        (
            "%-#10o%x",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#o",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%s%-+8.3g",
            4,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#X%5%",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%l%5s",
            8,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%5%%c%.*f",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        ("%(a)s%(b)s%x%%.", 6, "TypeError: format requires a mapping"),
        (
            "%5c%#x%(a)s%(b)s%%",
            2,
            "TypeError: %x format: an integer is required, not float",
        ),
        (
            "%i%#.0f",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "% d%.%#o",
            8,
            "ValueError: unsupported format character '%' (0x25) at index 5",
        ),
        (
            "%y%(a)*d",
            1,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        ("%*", 5, "ValueError: incomplete format"),
        (
            "%d%-#10o%u%*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%-#10o%+.2e%g\u{e9}",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%o",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#x%.2s%% d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%o%s%-*d", 2, "TypeError: * wants int"),
        ("%e", 5, "4.200000e+01"),
        (
            "%x %5c%\u{e9}",
            7,
            "ValueError: unsupported format character '?' (0xe9) at index 7",
        ),
        (
            "%o%5c%\u{e9}",
            6,
            "TypeError: %o format: an integer is required, not str",
        ),
        ("%(a", 4, "ValueError: incomplete format key"),
        (
            "%*.*f\u{e9}",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%i%(a)s", 8, "TypeError: format requires a mapping"),
        (
            "%#5c%(%i",
            3,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%y%08.3d",
            5,
            "ValueError: unsupported format character 'y' (0x79) at index 1",
        ),
        (
            "\u{e9}",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("\u{e9}%#5c", 4, "TypeError: %c requires int or char"),
        ("%g%(a%5%", 1, "TypeError: format requires a mapping"),
        (
            "%d %\u{e9}%d",
            4,
            "TypeError: %d format: a real number is required, not dict",
        ),
        (
            "%08.3d%.0e%(",
            6,
            "TypeError: %d format: a real number is required, not str",
        ),
        (
            "%r%\u{e9}%(a)s%#.0f",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%l", 3, "ValueError: incomplete format"),
        (
            "%*%-+8.3g%(a)05d",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%5c%.2s",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "% d%.%.2s%ld",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 5",
        ),
        (
            "%+d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%o%.1s",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.3%05.1f%c",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 3",
        ),
        (
            "%#5c%#.0f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#X%.*f%05.1f",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%+d%+.2e%s ",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%08.3d", 5, "00000042"),
        (
            "%-+8.3g%ld%.1s",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%-5d%-*d%a%(a)*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "ab%c%#o%*.*f",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#5c",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "% 012.4f",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%(a)05d", 2, "TypeError: format requires a mapping"),
        (
            "%5c%x%g%*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%*%*.*f%ld%-+8.3g", 4, "TypeError: * wants int"),
        (
            "%e%05.1f% 012.4f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%e%r%-+8.3g%.2s",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%(a)05d", 5, "TypeError: format requires a mapping"),
        (
            "%*%-5d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%a%-5d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.*f%#5c",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("% 012.4f%5%y", 6, "TypeError: must be real number, not str"),
        (
            "%.*f",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            " ",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%.1s% d",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%(b)r%#.0f%(%(a)05d",
            0,
            "TypeError: format requires a mapping",
        ),
        (
            "%s%d%s",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%#5c", 8, "OverflowError: %c arg not in range(0x110000)"),
        ("%(a)s", 7, "TypeError: format requires a mapping"),
        ("%", 0, "ValueError: incomplete format"),
        ("%*.*f%u%5", 6, "TypeError: * wants int"),
        ("%(b)r%-#10o%% ", 3, "TypeError: format requires a mapping"),
        (
            "%.2s%+d%c%05.1f",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%-*d%#o%*d%g",
            7,
            "TypeError: %o format: an integer is required, not float",
        ),
        (
            "%\u{e9}",
            2,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        (
            " ",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%e%(a)s%+.2e", 8, "TypeError: format requires a mapping"),
        (
            "%c%(%(a)s%(b)sab",
            3,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "\u{e9}",
            6,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%d%a\u{e9}",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%.2s% 012.4f%.2s",
            4,
            "TypeError: not enough arguments for format string",
        ),
        (
            "% d%%%#5c",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%#.0f%(a)s%o", 7, "TypeError: format requires a mapping"),
        (
            "% d%#o",
            4,
            "TypeError: %d format: a real number is required, not dict",
        ),
        ("%.3", 7, "ValueError: incomplete format"),
        ("%5c% d%*.*f", 7, "TypeError: * wants int"),
        (
            " %.0e",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%+d%(a)05d %x", 1, "TypeError: format requires a mapping"),
        ("%(a)05d%+.2e", 5, "TypeError: format requires a mapping"),
        (
            "%-5d%-#10o%g",
            2,
            "TypeError: %o format: an integer is required, not float",
        ),
        (
            "%c%#.0f%e%*",
            3,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%*d%(a)05d%(a)05d%c",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "% 012.4f",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%5s%*.*f%%(",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        (
            "%#x",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%+.2e%(a%(a)*d", 5, "TypeError: format requires a mapping"),
        (
            "%\u{e9}",
            8,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        (
            "%(a%08.3d%5c%-5d",
            8,
            "TypeError: format requires a mapping",
        ),
        ("%-+8.3g", 4, "TypeError: must be real number, not dict"),
        ("%y", 0, "TypeError: not enough arguments for format string"),
        (
            "%5%",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "ab%\u{e9}",
            2,
            "ValueError: unsupported format character '?' (0xe9) at index 3",
        ),
        ("%(a%5c%#x%.2s", 1, "TypeError: format requires a mapping"),
        (
            " ",
            6,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%*d%r%.1s%5c", 6, "TypeError: * wants int"),
        ("%%%c", 4, "TypeError: %c requires int or char"),
        ("%-*d%*.*f%G", 3, "TypeError: * wants int"),
        (
            "%#x %#x",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%5c%*d%*d ",
            8,
            "OverflowError: %c arg not in range(0x110000)",
        ),
        (
            "%*.*f%05.1f%l%-5d",
            3,
            "TypeError: must be real number, not str",
        ),
        (
            "%*d",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.0e%a",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%.", 4, "ValueError: incomplete format"),
        ("%(a%5s%+d", 0, "TypeError: format requires a mapping"),
        (
            "%-5d%+d%y",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "ab%g%o%(",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%\u{e9}%*.*f",
            3,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        ("%05.1f", 1, "005.0"),
        (
            "%#o%-*d",
            3,
            "TypeError: %d format: a real number is required, not str",
        ),
        ("%u", 1, "5"),
        ("%d%(a)s%.2s", 8, "TypeError: format requires a mapping"),
        ("\u{e9}%(%(a)s", 2, "TypeError: format requires a mapping"),
        ("%*d", 6, "TypeError: * wants int"),
        (
            "%-*d%(a)s",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        (
            "%(a)s%(%#X%05.1f",
            1,
            "TypeError: format requires a mapping",
        ),
        (
            "%-*d",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%#o%d%*d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%+d%.1s%%(",
            2,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "% d%5%u",
            2,
            "ValueError: unsupported format character '%' (0x25) at index 5",
        ),
        ("%%%r", 5, "%42"),
        (
            "%.1s ",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "% 012.4f%\u{e9}%.1s",
            7,
            "ValueError: unsupported format character '?' (0xe9) at index 9",
        ),
        (
            "%%d%o%d",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%\u{e9}",
            4,
            "ValueError: unsupported format character '?' (0xe9) at index 1",
        ),
        (
            "%.2s%.0e",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%.1sab%x%#o",
            6,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%*%+d%a",
            7,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%x%s%10.3e%08.3d",
            8,
            "OverflowError: cannot convert float infinity to integer",
        ),
        ("%05.1f%l", 8, "ValueError: incomplete format"),
        ("%r%", 6, "ValueError: incomplete format"),
        (
            "%ld%5s",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%ld%e",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%*.*f%%", 6, "TypeError: * wants int"),
        (
            "%a%\u{e9}%y%y",
            3,
            "ValueError: unsupported format character '?' (0xe9) at index 3",
        ),
        (
            "%l%g%s",
            4,
            "ValueError: unsupported format character '%' (0x25) at index 2",
        ),
        (
            "%ld% d%.1s",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "ab%#.0f%+d%i",
            2,
            "TypeError: %i format: a real number is required, not str",
        ),
        (
            "%d%.2s%c",
            6,
            "TypeError: %d format: a real number is required, not str",
        ),
        (
            "%r%*%#5c%.",
            8,
            "OverflowError: Python int too large to convert to C ssize_t",
        ),
        ("%5", 6, "ValueError: incomplete format"),
        ("%(a)*d %.%08.3d", 2, "TypeError: format requires a mapping"),
        ("%c%.0e%(a%#X", 2, "TypeError: format requires a mapping"),
        (
            "%.0e%.%-#10o%*",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%u%a%#5c%#5c", 3, "TypeError: %c requires int or char"),
        (
            "%05.1f%r",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#o\u{e9}%%",
            4,
            "TypeError: %o format: an integer is required, not dict",
        ),
        ("%(a)s%(b)s%e%.", 6, "TypeError: format requires a mapping"),
        (
            " %y%\u{e9}",
            3,
            "ValueError: unsupported format character 'y' (0x79) at index 2",
        ),
        (
            "%-*d%#5c",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%(a)*d ",
            4,
            "TypeError: not enough arguments for format string",
        ),
        ("%#5c%", 5, "ValueError: incomplete format"),
        (
            "%#X% 012.4f%(a)05d%+.2e",
            2,
            "TypeError: format requires a mapping",
        ),
        (
            "%o%5c%#5c%d",
            1,
            "TypeError: not enough arguments for format string",
        ),
        ("%(%.%5s", 7, "TypeError: format requires a mapping"),
        ("%.1s", 1, "5"),
        ("ab%(", 3, "TypeError: format requires a mapping"),
        (
            "%.0e%y%(a)*d",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%05.1f%\u{e9}%(a)*d%(a)s",
            1,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%#X%e",
            8,
            "TypeError: not all arguments converted during string formatting",
        ),
        ("%e", 5, "4.200000e+01"),
        (
            "%08.3d%(a)s%(b)s%(a)s%(b)s",
            8,
            "TypeError: format requires a mapping",
        ),
        (
            "%05.1f%5%%10.3e%",
            5,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%.1s",
            0,
            "TypeError: not enough arguments for format string",
        ),
        (
            "%a",
            3,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%c%5%%\u{e9}",
            0,
            "TypeError: not enough arguments for format string",
        ),
        ("%#.0f%.1s", 6, "TypeError: must be real number, not str"),
        ("%(a)s", 6, "TypeError: format requires a mapping"),
        (
            "%.1s",
            7,
            "TypeError: not all arguments converted during string formatting",
        ),
        (
            "%*.*f",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%d%x%+.2e%+d", 3, "TypeError: must be real number, not str"),
        (
            "%s%l%x",
            5,
            "TypeError: not enough arguments for format string",
        ),
        ("%%%", 6, "ValueError: incomplete format"),
        ("%#5c", 3, "OverflowError: %c arg not in range(0x110000)"),
    ];

    #[derive(Clone)]
    enum V {
        I(BigInt),
        F(f64),
        S(&'static str),
        Map(Vec<(&'static str, V)>),
        Tup(Vec<V>),
    }

    fn int(v: i64) -> V {
        V::I(BigInt::from(v))
    }

    fn big(s: &str) -> V {
        V::I(parse_int(s, 10).unwrap_or_default())
    }

    fn sets() -> Vec<V> {
        vec![
            V::Tup(vec![]),
            V::Tup(vec![int(5)]),
            V::Tup(vec![int(1), V::F(2.5), V::S("abc")]),
            V::Tup(vec![int(-255), int(3), V::S("x"), V::F(-0.5)]),
            V::Map(vec![("a", int(1)), ("b", V::S("xy"))]),
            int(42),
            V::S("str"),
            V::Tup(vec![int(7), int(2), V::F(6.25), int(-4), V::F(1e20)]),
            V::Tup(vec![
                big("1180591620717411303424"),
                big("-1180591620717411303424"),
                int(0x10ffff),
                V::F(f64::INFINITY),
                V::S("\u{e9}"),
            ]),
        ]
    }

    fn type_name(v: &V) -> &'static str {
        match v {
            V::I(_) => "int",
            V::F(_) => "float",
            V::S(_) => "str",
            V::Map(_) => "dict",
            V::Tup(_) => "tuple",
        }
    }

    /// Python `repr`/`str` of the test values (ASCII-only strs besides \u{e9}).
    fn text(v: &V, repr: bool, ascii: bool) -> String {
        match v {
            V::I(n) => n.to_string(),
            V::F(x) => float_repr(*x),
            V::S(s) if repr => {
                let body: String = s
                    .chars()
                    .map(|c| {
                        if ascii && c as u32 > 127 {
                            format!("\\x{:02x}", c as u32)
                        } else {
                            c.to_string()
                        }
                    })
                    .collect();
                format!("'{}'", body)
            }
            V::S(s) => s.to_string(),
            V::Map(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, v)| format!("'{}': {}", k, text(v, true, ascii)))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            V::Tup(t) => {
                let items: Vec<String> = t.iter().map(|v| text(v, true, ascii)).collect();
                format!("({})", items.join(", "))
            }
        }
    }

    fn err(e: NumError) -> String {
        e.to_string()
    }

    /// A miniature VM loop over `parse_percent_format`, following `PercentSpec`'s docs.
    fn percent(fmt: &str, operand: &V) -> Result<String, String> {
        let dict = match operand {
            V::Map(m) => Some(m.clone()),
            _ => None,
        };
        let (mut args, mut arglen, mut argidx): (Vec<V>, i64, i64) = match operand {
            V::Tup(t) => (t.clone(), t.len() as i64, 0),
            other => (vec![other.clone()], -1, -2),
        };
        let next = |args: &Vec<V>, argidx: &mut i64, arglen: i64| -> Result<V, String> {
            if *argidx < arglen {
                let i = *argidx;
                *argidx += 1;
                Ok(if arglen < 0 {
                    args[0].clone()
                } else {
                    args[i as usize].clone()
                })
            } else {
                Err("TypeError: not enough arguments for format string".to_string())
            }
        };
        let mut out = String::new();
        for part in parse_percent_format(fmt) {
            let spec = match part {
                PercentPart::Literal(t) => {
                    out.push_str(&t);
                    continue;
                }
                PercentPart::IncompleteKey => {
                    return Err(if dict.is_none() {
                        "TypeError: format requires a mapping".to_string()
                    } else {
                        "ValueError: incomplete format key".to_string()
                    })
                }
                PercentPart::Spec(s) => s,
            };
            if let Some(k) = &spec.key {
                let d = dict
                    .as_ref()
                    .ok_or("TypeError: format requires a mapping")?;
                let v = d
                    .iter()
                    .find(|(n, _)| n == k)
                    .ok_or(format!("KeyError: '{}'", k))?;
                args = vec![v.1.clone()];
                arglen = -1;
                argidx = -2;
            }
            let mut flags = spec.flags;
            let mut width = None;
            let mut prec = None;
            match spec.width {
                PercentNum::Given(w) => width = Some(w),
                PercentNum::Star => {
                    let V::I(n) = next(&args, &mut argidx, arglen)? else {
                        return Err("TypeError: * wants int".to_string());
                    };
                    let w = n
                        .to_i64()
                        .ok_or("OverflowError: Python int too large to convert to C ssize_t")?;
                    flags.ljust |= w < 0;
                    width = Some(w.unsigned_abs() as usize);
                }
                PercentNum::Absent => {}
            }
            match spec.precision {
                PercentNum::Given(p) => prec = Some(p),
                PercentNum::Star => {
                    let V::I(n) = next(&args, &mut argidx, arglen)? else {
                        return Err("TypeError: * wants int".to_string());
                    };
                    let p = n
                        .to_i32()
                        .ok_or("OverflowError: Python int too large to convert to C int")?;
                    prec = Some(p.max(0) as usize);
                }
                PercentNum::Absent => {}
            }
            if let Some(e) = &spec.error {
                return Err(format!("ValueError: {}", e));
            }
            let v = next(&args, &mut argidx, arglen)?;
            let c = spec.conversion;
            let piece = match c {
                's' | 'r' | 'a' => {
                    format_percent_text(&text(&v, c != 's', c == 'a'), c, flags, width, prec)
                        .map_err(err)?
                }
                'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                    let n = match &v {
                        V::I(n) => n.clone(),
                        V::F(x) if !matches!(c, 'o' | 'x' | 'X') => {
                            crate::object::float::float_to_bigint(*x).map_err(err)?
                        }
                        other => {
                            return Err(format!(
                                "TypeError: {}",
                                percent_type_error_message(c, type_name(other))
                            ))
                        }
                    };
                    format_percent_int(&n, c, flags, width, prec).map_err(err)?
                }
                'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                    let x = match &v {
                        V::I(n) => int_to_f64(n).map_err(err)?,
                        V::F(x) => *x,
                        other => {
                            return Err(format!(
                                "TypeError: must be real number, not {}",
                                type_name(other)
                            ))
                        }
                    };
                    format_percent_float(x, c, flags, width, prec).map_err(err)?
                }
                'c' => {
                    let ch = match &v {
                        V::I(n) => percent_char_from_int(n).map_err(err)?,
                        V::S(s) if s.chars().count() == 1 => s.chars().next().unwrap_or(' '),
                        _ => return Err(format!("TypeError: {}", PERCENT_C_TYPE_ERROR)),
                    };
                    format_percent_text(&ch.to_string(), c, flags, width, prec).map_err(err)?
                }
                _ => {
                    return Err(format!(
                        "ValueError: {}",
                        spec.unsupported_message().unwrap_or_default()
                    ))
                }
            };
            out.push_str(&piece);
            if dict.is_some() && argidx < arglen {
                return Err(
                    "TypeError: not all arguments converted during string formatting".to_string(),
                );
            }
        }
        if argidx < arglen && dict.is_none() {
            return Err(
                "TypeError: not all arguments converted during string formatting".to_string(),
            );
        }
        Ok(out)
    }

    #[test]
    fn percent_format_matches_python() {
        let sets = sets();
        for &(fmt, k, want) in PERCENT {
            let got = percent(fmt, &sets[k]).unwrap_or_else(|e| e);
            assert_eq!(got, want, "{:?} % set {}", fmt, k);
        }
    }

    #[test]
    fn percent_parse_shapes() {
        let parts = parse_percent_format("a%%b%(k)-+ #012.5ldz%*.*s%");
        assert_eq!(parts[0], PercentPart::Literal("a%b".to_string()));
        let PercentPart::Spec(s) = &parts[1] else {
            panic!("{:?}", parts)
        };
        assert_eq!(s.key.as_deref(), Some("k"));
        assert!(s.flags.ljust && s.flags.sign && s.flags.blank && s.flags.alt && s.flags.zero);
        assert_eq!(
            (s.width, s.precision, s.conversion, s.index),
            (PercentNum::Given(12), PercentNum::Given(5), 'd', 18)
        );
        assert_eq!(parts[2], PercentPart::Literal("z".to_string()));
        let PercentPart::Spec(s) = &parts[3] else {
            panic!("{:?}", parts)
        };
        assert_eq!(
            (s.width, s.precision, s.conversion),
            (PercentNum::Star, PercentNum::Star, 's')
        );
        let PercentPart::Spec(s) = &parts[4] else {
            panic!("{:?}", parts)
        };
        assert_eq!(s.error.as_deref(), Some("incomplete format"));
        assert_eq!(
            percent_parse_error(&parts).as_deref(),
            Some("incomplete format")
        );
        assert_eq!(
            percent_parse_error(&parse_percent_format("%(a")).as_deref(),
            Some("incomplete format key")
        );
        assert_eq!(
            percent_parse_error(&parse_percent_format("ab %y")).as_deref(),
            Some("unsupported format character 'y' (0x79) at index 4")
        );
        assert_eq!(
            percent_parse_error(&parse_percent_format("%99999999999999999999d")).as_deref(),
            Some("width too big")
        );
        assert_eq!(
            percent_parse_error(&parse_percent_format("%.99999999999d")).as_deref(),
            Some("precision too big")
        );
    }

    /// `template.format(10, "abc", -255, 5, ">8", x=42, s="hi", w=7)`.
    const TEMPLATES: &[(&str, &str)] = &[
        (" ", " "),
        (" {0:", "ValueError: unmatched '{' in format spec"),
        (" {1!s}", " abc"),
        ("text", "text"),
        ("text{0:{{}}}", "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        ("text{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("text{w:+05}{0:{w}}", "text+0007     10"),
        ("text{x!r:^9}{0:{{}}}", "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        ("text{x!r:^9}{1!r}", "text   42    'abc'"),
        ("{", "ValueError: Single '{' encountered in format string"),
        ("{!r:}", "10"),
        ("{!r:}{0!r{0[1]x}{1!a}", "ValueError: expected ':' after conversion specifier"),
        ("{!r:}{0]}{0[]}", "KeyError: '0]'"),
        ("{!r}", "10"),
        ("{!r}{0.real.real}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{!r}{0.}{1:{4}}{0:{w}}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{!x}", "ValueError: Unknown conversion specifier x"),
        ("{!x}{0[}{0[0]}", "ValueError: Unknown conversion specifier x"),
        ("{!x}{1!s}", "ValueError: Unknown conversion specifier x"),
        ("{!x}{w:+05}{s:*^7} ", "ValueError: Unknown conversion specifier x"),
        ("{0", "ValueError: expected '}' before end of string"),
        ("{0!\u{5}}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{0!r{!r:}{:{:{}}}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{0:{1:{2}}}{x}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{99999999999999999999}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{s:d}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{w:+05}{0.}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{{{0!r{0:{w}.{3}}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!\u{5}}{{{1[0]}", "ValueError: Unknown conversion specifier \\x5"),
        ("{0!r", "ValueError: unmatched '{' in format spec"),
        ("{0!r{0!}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{0:{3}.{3}}{0:{{}}}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{0:{{}}}{0[]}{a.b}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{1[5]}{2:#x}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{:x}{0!r}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{:{}}{0:s}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r{}{0:{w}.{3}}{1[0]}", "ValueError: expected ':' after conversion specifier"),
        ("{0!r}", "10"),
        ("{0!r}{:{}}{{{1[0]}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{0!r}{{0:{1}{1}}{0:}", "ValueError: Single '}' encountered in format string"),
        ("{0!r}}", "ValueError: Single '}' encountered in format string"),
        ("{0!r}}}{0:{1:{2}}}{1!r}", "ValueError: Max string recursion exceeded"),
        ("{0!}", "ValueError: unmatched '{' in format spec"),
        ("{0!} ", "ValueError: expected ':' after conversion specifier"),
        ("{0!}{0:{w}.{3}}{!r:}", "ValueError: expected ':' after conversion specifier"),
        ("{0!}{2:_b}", "ValueError: expected ':' after conversion specifier"),
        ("{0.real.real}", "10"),
        ("{0.real.real} {s}", "10 hi"),
        ("{0.real.real}{0:,}{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("{0.real.real}{0:{1:{2}}}{0[}{0!}", "ValueError: Max string recursion exceeded"),
        ("{0.real.real}{0:{1:{2}}}{99999999999999999999}", "ValueError: Max string recursion exceeded"),
        ("{0.real.real}{0:{w}.{3}}{s[1]}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0.real.real}{0:{w}}", "10     10"),
        ("{0.real.real}{1:{4}}{0:", "ValueError: unmatched '{' in format spec"),
        ("{0.real}", "10"),
        ("{0.real}{0!r{0:{{99}", "ValueError: expected ':' after conversion specifier"),
        ("{0.real}{0:{{0:s}{\u{661}}", "ValueError: unmatched '{' in format spec"),
        ("{0.real}{1!s}{99}{0!r}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{0.}", "ValueError: Empty attribute in format string"),
        ("{0.} {!r}", "ValueError: Empty attribute in format string"),
        ("{0.}text", "ValueError: Empty attribute in format string"),
        ("{0.}{0!r{1!r}{s:d}", "ValueError: Empty attribute in format string"),
        ("{0.}{0:{w}}{0:,}{1[0]}", "ValueError: Empty attribute in format string"),
        ("{0.}{99}text", "ValueError: Empty attribute in format string"),
        ("{0.}}{0:{w}}{0[1]x}", "ValueError: Empty attribute in format string"),
        ("{0:", "ValueError: unmatched '{' in format spec"),
        ("{0:,}", "10"),
        ("{0:,}{!x}{0[]}{1!a}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{0:,}{1!r}{0:s}{0[0]}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:,}{:x}{0[]}{w:+05}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{0:,}{w:+05}{0!r}{0:,}", "10+00071010"),
        ("{0:,}{{\u{661}}", "ValueError: Single '}' encountered in format string"),
        ("{0:,}\u{e9}{0:}", "10\u{e9}10"),
        ("{0:>5}", "   10"),
        ("{0:>5}{!r}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{0:>5}{1:{4}}}}", "   10     abc}"),
        ("{0:>5}}", "ValueError: Single '}' encountered in format string"),
        ("{0:s}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{!r}{0:{w}.{3}}{0:", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0!r{0]}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0!r{99999999999999999999}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0.}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0:{1}{1}}{0!\u{5}}{0]}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0:{w}.{3}}{!r:}{0:{{}}}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{0:{{2:#x}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}{1[0]}{2:c}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:s}}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{0:{", "ValueError: unmatched '{' in format spec"),
        ("{0:{!r:}{0:{w}}", "ValueError: unmatched '{' in format spec"),
        ("{0:{0:s}{99}", "ValueError: unmatched '{' in format spec"),
        ("{0:{0[0]}{0:s}{0:,}", "ValueError: unmatched '{' in format spec"),
        ("{0:{1:{2}}}", "ValueError: Max string recursion exceeded"),
        ("{0:{1:{2}}}{!r}text{0}", "ValueError: Max string recursion exceeded"),
        ("{0:{1:{2}}}{1!s}{0[}", "ValueError: Max string recursion exceeded"),
        ("{0:{1:{4}}{:x}{1[0]}", "ValueError: unmatched '{' in format spec"),
        ("{0:{1}{1}}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{0.real.real}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{0:,}{:x}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{0:s}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{1!r}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{99}{0:{w}}{2:#x}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{s:d}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{1}{1}}{w:+05}{0:>5}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:{2:#x}{0:s}", "ValueError: unmatched '{' in format spec"),
        ("{0:{3}.{3}}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{3}.{3}}{0:>5}{a.b}{0.}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{3}.{3}}{0:}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{3}.{3}}{2:#x}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{3}.{3}}{{{0!}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{w}.{3}}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{w}.{3}} ", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{w}.{3}} {:{}}{{", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{w}}", "     10"),
        ("{0:{w}}{0:{3}.{3}}", "ValueError: Precision not allowed in integer format specifier"),
        ("{0:{w}}{1!r}{1!s}{2:c}", "OverflowError: %c arg not in range(0x110000)"),
        ("{0:{{0:,}{0:>5}", "ValueError: unmatched '{' in format spec"),
        ("{0:{{0:{1}{1}}{1!a}", "ValueError: unmatched '{' in format spec"),
        ("{0:{{0:{3}.{3}}{0!r}", "ValueError: unmatched '{' in format spec"),
        ("{0:{{0[1]x}{}{1:{4}}", "ValueError: unmatched '{' in format spec"),
        ("{0:{{text", "ValueError: unmatched '{' in format spec"),
        ("{0:{{{", "ValueError: unmatched '{' in format spec"),
        ("{0:{{}}}", "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        ("{0:{{}}}{!r:}{0.real.real}{0:{{}}}", "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        ("{0:{{}}}{!r:}{1!a}", "ValueError: Invalid format specifier '{}' for object of type 'int'"),
        ("{0:{}", "ValueError: unmatched '{' in format spec"),
        ("{0:}", "10"),
        ("{0:}{0:{1:{2}}}", "ValueError: Max string recursion exceeded"),
        ("{0:}{0:{1}{1}}{0.real} ", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{0:}{s:d}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{0:}{s[1]}", "10i"),
        ("{0:}{}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{0[0]}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}text{2:c}{x:{w},}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{0.real}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{0.real}{:x}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{1!a}{0.}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{1}{0.real.real}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{2:c}{0:{1}{1}}{0.real}", "TypeError: 'int' object is not subscriptable"),
        ("{0[0]}{s:*^7}{:x}{:{:{}}}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{0:s}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{0:{", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{0:{3}.{3}}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{0[]}{s:d}{1[5]}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{2:c}{0:{}}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{x:{w},}{0:{{1!a}", "TypeError: 'int' object is not subscriptable"),
        ("{0[1]x}{}{0.real.real}", "TypeError: 'int' object is not subscriptable"),
        ("{0[]}", "ValueError: Empty attribute in format string"),
        ("{0[]}{0:{1:{2}}}", "ValueError: Empty attribute in format string"),
        ("{0[]}{0:{{}}}", "ValueError: Empty attribute in format string"),
        ("{0[]}{0[1]x}{0!r}{0:,}", "ValueError: Empty attribute in format string"),
        ("{0[]}{s[1]}", "ValueError: Empty attribute in format string"),
        ("{0[]}{}{2:#x}", "ValueError: Empty attribute in format string"),
        ("{0[}", "ValueError: expected '}' before end of string"),
        ("{0[} ", "ValueError: expected '}' before end of string"),
        ("{0[}{1!s}{0:s}", "ValueError: expected '}' before end of string"),
        ("{0[}{w:+05}}}{0[]}", "TypeError: 'int' object is not subscriptable"),
        ("{0[}}}", "ValueError: expected '}' before end of string"),
        ("{0]}", "KeyError: '0]'"),
        ("{0]} {a.b}{w:+05}", "KeyError: '0]'"),
        ("{0]}{0!}{0:{3}.{3}}{{", "KeyError: '0]'"),
        ("{0]}{0}{0:{{}}}{w:+05}", "KeyError: '0]'"),
        ("{0]}{1}", "KeyError: '0]'"),
        ("{0{!x}\u{e9}{}", "ValueError: unexpected '{' in field name"),
        ("{0{0:}{0:{w}}", "ValueError: unexpected '{' in field name"),
        ("{0{2:#x}{0", "ValueError: unexpected '{' in field name"),
        ("{0}", "10"),
        ("{0}{0[1]x}{!r:}{!r:}", "TypeError: 'int' object is not subscriptable"),
        ("{1!a}", "'abc'"),
        ("{1!a} ", "'abc' "),
        ("{1!a}{0:{1}{1}}{w:+05}", "ValueError: Invalid format specifier 'abcabc' for object of type 'int'"),
        ("{1!a}{1!a}{1!r}", "'abc''abc''abc'"),
        ("{1!a}{99}{0{1!r}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{1!r}", "'abc'"),
        ("{1!r}{!r}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{1!r}{0.}", "ValueError: Empty attribute in format string"),
        ("{1!r}{0:}{1!s}", "'abc'10abc"),
        ("{1!r}{1!r}{0:>5}{", "ValueError: Single '{' encountered in format string"),
        ("{1!r}{1!s}{1:{4}}", "'abc'abc     abc"),
        ("{1!r}{x:{w},}{0]}{:x}", "KeyError: '0]'"),
        ("{1!s}", "abc"),
        ("{1!s}{0[0]}{99999999999999999999}{s:*^7}", "TypeError: 'int' object is not subscriptable"),
        ("{1!s}{1!a}{!x}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{1!s}{s:d}text", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{1!s}\u{e9}", "abc\u{e9}"),
        ("{1:{4}}", "     abc"),
        ("{1:{4}}{0.real.real}", "     abc10"),
        ("{1:{4}}{0:{1:{2}}}{0:>5}", "ValueError: Max string recursion exceeded"),
        ("{1:{4}}{0:{1:{2}}}{s:*^7}", "ValueError: Max string recursion exceeded"),
        ("{1:{4}}\u{e9}{0:{w}.{3}}{0:{{}}}", "ValueError: Precision not allowed in integer format specifier"),
        ("{1[0]}", "a"),
        ("{1[0]}{0", "ValueError: expected '}' before end of string"),
        ("{1[0]}{0!r{\u{661}}{0:{1}{1}}", "ValueError: expected ':' after conversion specifier"),
        ("{1[0]}{0.real.real}", "a10"),
        ("{1[0]}{1!r}", "a'abc'"),
        ("{1[0]}{1[0]}", "aa"),
        ("{1[0]}{:{:{}}}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{1[0]}{:{:{}}}{a.b}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{1[0]}{s:d}text{!r}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{1[5]}", "IndexError: string index out of range"),
        ("{1[5]}{0!\u{5}}{0[]}{0:{3}.{3}}", "IndexError: string index out of range"),
        ("{1[5]}{0:{3}.{3}}{0!r}{0!}", "IndexError: string index out of range"),
        ("{1[5]}{0{99}", "IndexError: string index out of range"),
        ("{1[5]}{s:*^7}", "IndexError: string index out of range"),
        ("{1}", "abc"),
        ("{1}{0:s}{0:}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{1}{0}{0!}{w:+05}", "ValueError: expected ':' after conversion specifier"),
        ("{1}{0}{0.real.real}{0:s}", "ValueError: Unknown format code 's' for object of type 'int'"),
        ("{1}{1[5]}{0}", "IndexError: string index out of range"),
        ("{1}{s:d}{0[1]x}{1:{4}}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{2:#x}", "-0xff"),
        ("{2:#x}{0.real}", "-0xff10"),
        ("{2:#x}{0.real}{0:{1:{2}}}", "ValueError: Max string recursion exceeded"),
        ("{2:#x}{1:{4}}{}{1!s}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{2:#x}{99999999999999999999}{0:{w}}", "ValueError: Too many decimal digits in format string"),
        ("{2:#x}{s}{0:}{!x}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{2:_b}", "-1111_1111"),
        ("{2:_b}{0.real.real} {0.real.real}", "-1111_111110 10"),
        ("{2:_b}{0.real}", "-1111_111110"),
        ("{2:_b}{0.}{!x}{0!r}", "ValueError: Empty attribute in format string"),
        ("{2:_b}{1!a}", "-1111_1111'abc'"),
        ("{2:_b}{2:#x}{2:c}{x!r:^9}", "OverflowError: %c arg not in range(0x110000)"),
        ("{2:_b}{s:d}}}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{2:_b}{}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{2:c}", "OverflowError: %c arg not in range(0x110000)"),
        ("{2:c}{0.real.real}{0:{{0:", "OverflowError: %c arg not in range(0x110000)"),
        ("{2:c}{0:{w}}", "OverflowError: %c arg not in range(0x110000)"),
        ("{2:c}{1:{4}}{:{:{}}}", "OverflowError: %c arg not in range(0x110000)"),
        ("{2:c}{x:{w},}{:x}", "OverflowError: %c arg not in range(0x110000)"),
        ("{99999999999999999999}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{0!r{!x}{1!s}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{0!r}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{0:,}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{0[}{0.real}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{2:_b}{1!a}{0]}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{:{}}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{{{0[1]x}{0:{", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}{}{!r}{0[]}", "ValueError: Too many decimal digits in format string"),
        ("{99999999999999999999}\u{e9}{0]}", "ValueError: Too many decimal digits in format string"),
        ("{99}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{99}{0:{1:{2}}}}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{99}{0[1]x}{1:{4}}{2:_b}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{99}{\u{661}}{w:+05}", "IndexError: Replacement index 99 out of range for positional args tuple"),
        ("{:x}", "a"),
        ("{:x}{0!}", "ValueError: unmatched '{' in format spec"),
        ("{:x}{0:{1:{2}}}{0}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{:x}{0:{{}}}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{:{:{}}}", "ValueError: Max string recursion exceeded"),
        ("{:{:{}}}{0:>5}{1!s} ", "ValueError: Max string recursion exceeded"),
        ("{:{:{}}}{0:{w}.{3}}", "ValueError: Max string recursion exceeded"),
        ("{:{:{}}}{0[}{0:,}", "ValueError: Max string recursion exceeded"),
        ("{:{:{}}}{}", "ValueError: Max string recursion exceeded"),
        ("{:{:{}}}}}{1!s}", "ValueError: Max string recursion exceeded"),
        ("{:{}}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0!\u{5}}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0!\u{5}}\u{e9}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0.real}{0:>5}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0:>5}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0:{0]}{0:{1:{2}}}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{0[}{0:{w}} ", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{:{}}{1!s}{:{}}{0:}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{a.b}", "KeyError: 'a'"),
        ("{a.b}{!r:}", "KeyError: 'a'"),
        ("{a.b}{0:{3}.{3}}{0:{w}.{3}}{0:{1}{1}}", "KeyError: 'a'"),
        ("{a.b}{0:{{}}}{0:}", "KeyError: 'a'"),
        ("{a.b}{0[]}", "KeyError: 'a'"),
        ("{a.b}{0[}", "KeyError: 'a'"),
        ("{s:*^7}", "**hi***"),
        ("{s:*^7}{0!r}", "**hi***10"),
        ("{s:*^7}{0!}{1[0]}{1!a}", "ValueError: expected ':' after conversion specifier"),
        ("{s:*^7}{0:}", "**hi***10"),
        ("{s:*^7}{1!s}", "**hi***abc"),
        ("{s:*^7}{2:_b}{2:_b}", "**hi***-1111_1111-1111_1111"),
        ("{s:*^7}{2:c}", "OverflowError: %c arg not in range(0x110000)"),
        ("{s:*^7}{:x}", "**hi***a"),
        ("{s:*^7}{s[1]}", "**hi***i"),
        ("{s:d}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{s:d}{0.real}{0.real.real}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{s:d}{0:{w}.{3}}{s}{0}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{s:d}{1[5]}{s:d}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{s:d}{s:*^7}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{s[1]}", "i"),
        ("{s[1]}{!x}", "ValueError: Unknown conversion specifier x"),
        ("{s[1]}{0:{w}}{2:#x}{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("{s[1]}{:x}{1:{4}}{", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{s}", "hi"),
        ("{s}{0.real.real}{s[1]}", "hi10i"),
        ("{s}{0:{3}.{3}}{s:*^7}", "ValueError: Precision not allowed in integer format specifier"),
        ("{s}{a.b}{0[1]x}", "KeyError: 'a'"),
        ("{s}{s:*^7}", "hi**hi***"),
        ("{w:+05}", "+0007"),
        ("{w:+05}{0:}", "+000710"),
        ("{w:+05}{0[0]}{s:d}", "TypeError: 'int' object is not subscriptable"),
        ("{w:+05}{s:d}{0:{1:{2}}}", "ValueError: Unknown format code 'd' for object of type 'str'"),
        ("{x!r:^9}", "   42    "),
        ("{x!r:^9}{!r:}", "   42    10"),
        ("{x!r:^9}{!r:}{s[1]}", "   42    10i"),
        ("{x!r:^9}{!x}{0!r}{0:", "ValueError: Unknown conversion specifier x"),
        ("{x!r:^9}{0!r}{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("{x!r:^9}{0:{1:{2}}}{1:{4}}", "ValueError: Max string recursion exceeded"),
        ("{x!r:^9}{1!s}", "   42    abc"),
        ("{x!r:^9}{1[5]}{!x}", "IndexError: string index out of range"),
        ("{x!r:^9}{:{:{}}}{0!}text", "ValueError: Max string recursion exceeded"),
        ("{x:{w},}", "     42"),
        ("{x:{w},}{0:{{{", "ValueError: unmatched '{' in format spec"),
        ("{x:{w},}{0}", "     4210"),
        ("{x}", "42"),
        ("{x}{!r:}{1:{4}}{0:{", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{x}{0:{{:{}}}", "ValueError: unmatched '{' in format spec"),
        ("{x}{0{0:{w}}{", "ValueError: unexpected '{' in field name"),
        ("{x}{1!r}{1!a}", "42'abc''abc'"),
        ("{x}{1[0]}{0:,}{s}", "42a10hi"),
        ("{x}{:{}}", "ValueError: Invalid format specifier 'abc' for object of type 'int'"),
        ("{{", "{"),
        ("{{0:{w}.{3}}{s[1]}{0!r", "ValueError: Single '}' encountered in format string"),
        ("{{0[0]}{2:#x}{1:{4}}", "ValueError: Single '}' encountered in format string"),
        ("{{1!r}{0:}", "ValueError: Single '}' encountered in format string"),
        ("{{2:c}{0:{1}{1}}", "ValueError: Single '}' encountered in format string"),
        ("{{{0.real.real}{0}{}", "ValueError: cannot switch from manual field specification to automatic field numbering"),
        ("{{{0:,}", "{10"),
        ("{{{0[0]}{0.real}{0.}", "TypeError: 'int' object is not subscriptable"),
        ("{{{0[1]x}", "TypeError: 'int' object is not subscriptable"),
        ("{{{a.b}", "KeyError: 'a'"),
        ("{{{{", "{{"),
        ("{{{{{", "ValueError: Single '{' encountered in format string"),
        ("{{}{1[5]}", "ValueError: Single '}' encountered in format string"),
        ("{{\u{e9}{2:c}{s[1]}", "OverflowError: %c arg not in range(0x110000)"),
        ("{}", "10"),
        ("{}{!r}{0{0:{{}}}", "ValueError: unexpected '{' in field name"),
        ("{}{0!r}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{}{0:{w}.{3}}{0.real}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{}{0:{w}.{3}}{1!s}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{}{0:{{}}}", "ValueError: cannot switch from automatic field numbering to manual field specification"),
        ("{\u{661}}", "abc"),
        ("{\u{661}}{0:>5}", "abc   10"),
        ("{\u{661}}{1!a}{0]}{0:{3}.{3}}", "KeyError: '0]'"),
        ("{\u{661}}{s[1]}{1:{4}}{1!s}", "abci     abcabc"),
        ("{\u{661}}{s}{s:*^7}", "abchi**hi***"),
        ("{\u{661}}}{0!\u{5}}", "ValueError: Single '}' encountered in format string"),
        ("}", "ValueError: Single '}' encountered in format string"),
        ("}{0.real}{0:{3}.{3}}", "ValueError: Single '}' encountered in format string"),
        ("}{0:>5}{w:+05}{1[0]}", "ValueError: Single '}' encountered in format string"),
        ("}{0[]}{x!r:^9}", "ValueError: Single '}' encountered in format string"),
        ("}}", "}"),
        ("}}{!x}{:{}}", "ValueError: Unknown conversion specifier x"),
        ("}}{:{:{}}}", "ValueError: Max string recursion exceeded"),
        ("}}}", "ValueError: Single '}' encountered in format string"),
        ("\u{e9}", "\u{e9}"),
        ("\u{e9}{0!\u{5}}{99}", "ValueError: Unknown conversion specifier \\x5"),
        ("\u{e9}{0.real.real}", "\u{e9}10"),
        ("\u{e9}{1:{4}}", "\u{e9}     abc"),
        ("\u{e9}{s[1]}{:{:{}}}{0.}", "ValueError: Max string recursion exceeded"),
        ("\u{e9}{x:{w},}", "\u{e9}     42"),
    ];

    /// A miniature renderer over `parse_format_template`, following `ReplacementField`'s docs.
    fn render(parts: &[TemplatePart], auto: &mut AutoNumber) -> Result<String, String> {
        let args = [int(10), V::S("abc"), int(-255), int(5), V::S(">8")];
        let kwargs = [("x", int(42)), ("s", V::S("hi")), ("w", int(7))];
        let mut out = String::new();
        for p in parts {
            let f = match p {
                TemplatePart::Literal(s) => {
                    out.push_str(s);
                    continue;
                }
                TemplatePart::Error(e) => return Err(format!("ValueError: {}", e)),
                TemplatePart::Field(f) => f,
            };
            let mut v = match auto
                .resolve(&f.name.first)
                .map_err(|e| format!("ValueError: {}", e))?
            {
                FieldKey::Index(i) => args.get(i).cloned().ok_or(format!(
                    "IndexError: {}",
                    replacement_index_error_message(i)
                ))?,
                FieldKey::Keyword(k) => kwargs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.clone())
                    .ok_or(format!("KeyError: '{}'", k))?,
            };
            for a in &f.name.rest {
                v = match (a, &v) {
                    (FieldAccessor::Error(e), _) => return Err(format!("ValueError: {}", e)),
                    (FieldAccessor::Attr(name), V::I(_)) if name == "real" => v.clone(),
                    (FieldAccessor::Attr(name), other) => {
                        return Err(format!(
                            "AttributeError: '{}' object has no attribute '{}'",
                            type_name(other),
                            name
                        ))
                    }
                    (FieldAccessor::Index(i), V::S(s)) => {
                        let c = s
                            .chars()
                            .nth(*i)
                            .ok_or("IndexError: string index out of range")?;
                        V::S(Box::leak(c.to_string().into_boxed_str()))
                    }
                    (FieldAccessor::Key(_), V::S(_)) => {
                        return Err("TypeError: string indices must be integers".to_string())
                    }
                    (_, other) => {
                        return Err(format!(
                            "TypeError: '{}' object is not subscriptable",
                            type_name(other)
                        ))
                    }
                };
            }
            let converted = match f.conversion {
                None => None,
                Some(c @ ('r' | 's' | 'a')) => Some(text(&v, c != 's', c == 'a')),
                Some(c) => return Err(format!("ValueError: {}", conversion_error_message(c))),
            };
            let spec = render(&f.spec, auto)?;
            let piece = match (converted, &v) {
                (Some(t), _) => format_str_spec(&t, &spec, "str"),
                (None, V::S(s)) => format_str_spec(s, &spec, "str"),
                (None, V::I(n)) => format_int_spec(n, &spec, "int"),
                (None, _) => Ok(String::new()),
            };
            out.push_str(&piece.map_err(err)?);
        }
        Ok(out)
    }

    #[test]
    fn str_format_matches_python() {
        for &(t, want) in TEMPLATES {
            let got =
                render(&parse_format_template(t), &mut AutoNumber::new()).unwrap_or_else(|e| e);
            assert_eq!(got, want, "{:?}.format(...)", t);
        }
    }

    #[test]
    fn template_shapes() {
        let parts = parse_format_template("a{{{0.x[1][k]!r:>{w}}}}b");
        assert_eq!(parts[0], TemplatePart::Literal("a{".to_string()));
        let TemplatePart::Field(f) = &parts[1] else {
            panic!("{:?}", parts)
        };
        assert_eq!(f.name.first, FieldFirst::Index(0));
        assert_eq!(
            f.name.rest,
            vec![
                FieldAccessor::Attr("x".to_string()),
                FieldAccessor::Index(1),
                FieldAccessor::Key("k".to_string())
            ]
        );
        assert_eq!(f.conversion, Some('r'));
        assert_eq!(f.spec[0], TemplatePart::Literal(">".to_string()));
        assert_eq!(parts[2], TemplatePart::Literal("}b".to_string()));
        assert_eq!(
            template_syntax_error(&parse_format_template("{0:{1:{2}}}")).as_deref(),
            Some("Max string recursion exceeded")
        );
        assert_eq!(
            template_syntax_error(&parse_format_template("{0}}")).as_deref(),
            Some("Single '}' encountered in format string")
        );
        assert_eq!(
            parse_field_name("a[").rest,
            vec![FieldAccessor::Error(
                "Missing ']' in format string".to_string()
            )]
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        let mut st = 0x853c49e6748fea9bu64;
        let mut next = move || {
            st ^= st << 13;
            st ^= st >> 7;
            st ^= st << 17;
            st
        };
        let alphabet: Vec<char> =
            "{}[]().!:%*<>=^+- z#0123456789,_bcdeEfFgGnosxXrai%\u{e9}\u{663}\u{0}"
                .chars()
                .collect();
        for _ in 0..4000 {
            let len = (next() % 12) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = parse_format_template(&s);
            let _ = parse_percent_format(&s);
            let _ = format_int_spec(&BigInt::from(next() as i64), &s, "int");
            let _ = format_float_spec(f64::from_bits(next()), &s, "float");
            let _ = format_str_spec("x\u{e9}", &s, "str");
            let flags = PercentFlags {
                ljust: next() % 2 == 0,
                sign: next() % 2 == 0,
                blank: next() % 2 == 0,
                alt: next() % 2 == 0,
                zero: next() % 2 == 0,
            };
            for c in ['d', 'x', 'o', 'X', 's', 'r', 'e', 'f', 'g', 'c'] {
                let w = Some((next() % 30) as usize);
                let p = Some((next() % 30) as usize);
                let _ = format_percent_int(&BigInt::from(next() as i64), c, flags, w, p);
                let _ = format_percent_float(f64::from_bits(next()), c, flags, w, p);
                let _ = apply_width(&s, c, next() % 2 == 0, flags, w, p);
            }
        }
        assert_eq!(
            format_int_spec(&BigInt::from(1), "99999999999", "int")
                .unwrap_err()
                .kind,
            "MemoryError"
        );
    }
}
