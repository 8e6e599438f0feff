//! `%`-formatting (`printf`-style) as `PyUnicode_Format` and `bytes % args` do it: the
//! conversion specs of a format string, their parse errors, and the text of one conversion
//! (ints, floats, text) with its width, precision and flags.

use super::{check_width, SSIZE_MAX};
use crate::object::float::{double_to_string, DtoaFlags, NumError};
use crate::object::int::int_to_decimal_string;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
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
