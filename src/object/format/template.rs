//! The `str.format` template language (`Objects/stringlib/unicode_format.h`): literal text
//! and `{field!conversion:spec}` replacement fields, field names with attribute and index
//! accessors, automatic against manual numbering, and the errors CPython raises for each.

use super::SSIZE_MAX;
use crate::object::float::unicode_decimal_value;
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
