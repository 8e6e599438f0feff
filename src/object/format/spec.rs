//! The format-spec language of `format()` and `__format__` for int, float, complex and str
//! (`Python/formatter_unicode.c`): parsing the spec, then the per-type defaults, grouping,
//! sign, fill and alignment.

use super::{check_width, value_error, SSIZE_MAX};
use crate::object::float::{double_to_string, unicode_decimal_value, DtoaFlags, NumError};
use crate::object::int::{int_to_decimal_string, int_to_f64};
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
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
