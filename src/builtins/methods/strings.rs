//! `str` and `bytes` methods. Results are new objects except where CPython returns the
//! argument itself (`s.strip()` with nothing to strip, `s.replace(absent, x)`, one-item joins).

use crate::object::format::{self as fmt, AutoNumber, FieldAccessor, FieldKey, TemplatePart};
use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::super::{check_count, method, str_arg, BuiltinDef};

/// The `str` methods kept here: `format` and `__format__` (the rest are in `unicode.rs`).
pub static STR: &[BuiltinDef] = &[
    method("format", str_format).varargs(),
    method("__len__", str_len),
    method("__format__", str_format_method),
];

pub static BYTES: &[BuiltinDef] = &[
    method("decode", bytes_decode),
    method("hex", bytes_hex),
    method("__len__", str_len),
];

fn text(vm: &Vm, s: ObjId) -> String {
    vm.str_of(s).to_string()
}

/// The receiver must be a str.
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<String> {
    match args.first().map(|&a| vm.payload(a)) {
        Some(Payload::Str(s)) => Ok(s.value.to_string()),
        _ => Err(vm.type_error(&format!("descriptor '{name}' requires a 'str' object"))),
    }
}

pub(crate) fn str_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = vm.len(args[0])?;
    Ok(vm.new_usize(n))
}

/// `bytes.decode(encoding='utf-8', errors='strict')`.
pub(crate) fn bytes_decode(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let b = match vm.payload(args[0]) {
        Payload::Bytes(b) => b.to_vec(),
        _ => return Err(super::super::descr_error(vm, "decode", "bytes", args[0])),
    };
    let (codec, errors) = super::unicode::codec_args(vm, "decode", &args[1..], kwargs)?;
    match crate::object::codecs::decode(&b, codec, errors) {
        Ok(s) => Ok(vm.new_string(s)),
        Err(e) => {
            let h = args
                .get(2)
                .copied()
                .or_else(|| {
                    kwargs
                        .iter()
                        .find(|(k, _)| vm.str_of(*k) == "errors")
                        .map(|p| p.1)
                })
                .map(|v| vm.str_of(v).to_string())
                .unwrap_or_default();
            Err(super::unicode::codec_error(vm, e, &h, args[0]))
        }
    }
}

/// `bytes.hex(sep=<none>, bytes_per_sep=1)` (`Python/pystrhex.c`).
pub(crate) fn bytes_hex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = match args.first().map(|&a| vm.payload(a)) {
        Some(Payload::Bytes(b)) => b.to_vec(),
        _ => return Err(vm.type_error("descriptor 'hex' requires a 'bytes' object")),
    };
    let a = super::super::parse_args(vm, "hex", &args[1..], kwargs, &["sep", "bytes_per_sep"], 0)?;
    let per = match a[1] {
        Some(n) => i64::from(super::super::long_as_int(vm, n)?),
        None => 1,
    };
    let sep = match a[0] {
        Some(sep) => Some(hex_separator(vm, sep)?),
        None => None,
    };
    Ok(vm.new_string(hex_text(&b, sep, per)))
}

/// `_Py_strhex_impl`'s separator: anything of length 1 that is a str (ASCII) or a bytes.
fn hex_separator(vm: &mut Vm, sep: ObjId) -> PyResult<char> {
    let n = vm.len(sep)?;
    if n != 1 {
        return Err(vm.new_exception(ExcKind::ValueError, "sep must be length 1."));
    }
    match vm.payload(sep) {
        Payload::Str(s) => match s.value.chars().next() {
            Some(c) if c.is_ascii() => Ok(c),
            _ => Err(vm.new_exception(ExcKind::ValueError, "sep must be ASCII.")),
        },
        // a C `char`: a byte past 127 is negative there and passes the ASCII check
        Payload::Bytes(b) => Ok(char::from(b[0])),
        _ => Err(vm.type_error("sep must be str or bytes.")),
    }
}

/// Two hex digits a byte; with a separator, one between groups of `|per|` bytes, counted
/// from the right when `per` is positive and from the left when it is negative.
fn hex_text(b: &[u8], sep: Option<char>, per: i64) -> String {
    let group = per.unsigned_abs() as usize;
    let mut out = String::with_capacity(b.len() * 3);
    let sep = match sep {
        Some(c) if per != 0 && group < b.len() => c,
        _ => {
            for x in b {
                out.push_str(&format!("{x:02x}"));
            }
            return out;
        }
    };
    // the first group is short when counting from the right
    let first = if per > 0 && !b.len().is_multiple_of(group) {
        b.len() % group
    } else {
        group
    };
    for (i, x) in b.iter().enumerate() {
        if i > 0 && (i == first || (i > first && (i - first) % group == 0)) {
            out.push(sep);
        }
        out.push_str(&format!("{x:02x}"));
    }
    out
}

fn str_format_method(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__format__", args, 2, 2)?;
    let spec = str_arg(vm, "__format__", args[1])?;
    vm.format_native(args[0], &spec)
}

/// `str.format(*args, **kwargs)`.
fn str_format(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let template = this(vm, args, "format")?;
    let parts = fmt::parse_format_template(&template);
    let mut auto = AutoNumber::new();
    let mut sole = None;
    let out = render_template(
        vm,
        &parts,
        &Sources {
            args: &args[1..],
            kwargs,
            mapping: None,
        },
        &mut auto,
        2,
        &mut sole,
    );
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            vm.xdecref(sole);
            return Err(e);
        }
    };
    // _PyUnicodeWriter: when the last field is the only text written, the result is that
    // field's str itself ('{}'.format(s) is s)
    if let Some(s) = sole {
        if vm.builtin_type_of(s) == Some(crate::object::BuiltinType::Str) && text(vm, s) == out {
            return Ok(s);
        }
        vm.decref(s);
    }
    Ok(vm.new_string(out))
}

/// `str.format_map(mapping)`: keyword fields are `mapping[key]`; positional ones are errors.
pub(crate) fn format_with_mapping(vm: &mut Vm, template: &str, mapping: ObjId) -> PyResult<ObjId> {
    let parts = fmt::parse_format_template(template);
    let mut auto = AutoNumber::new();
    let mut sole = None;
    let out = render_template(
        vm,
        &parts,
        &Sources {
            args: &[],
            kwargs: &[],
            mapping: Some(mapping),
        },
        &mut auto,
        2,
        &mut sole,
    );
    vm.xdecref(sole);
    Ok(vm.new_string(out?))
}

/// Where a template's fields come from: positional and keyword arguments, or a mapping.
struct Sources<'a> {
    args: &'a [ObjId],
    kwargs: &'a [(ObjId, ObjId)],
    mapping: Option<ObjId>,
}

fn render_template(
    vm: &mut Vm,
    parts: &[TemplatePart],
    sources: &Sources,
    auto: &mut AutoNumber,
    depth: u32,
    sole: &mut Option<ObjId>,
) -> PyResult<String> {
    let (args, kwargs, mapping) = (sources.args, sources.kwargs, sources.mapping);
    let mut out = String::new();
    for part in parts {
        // a later write ends the chance of returning an earlier field's str as is
        if let Some(s) = sole.take() {
            vm.decref(s);
        }
        match part {
            TemplatePart::Literal(s) => out.push_str(s),
            TemplatePart::Error(e) => return Err(vm.new_exception(ExcKind::ValueError, e)),
            TemplatePart::Field(field) => {
                if depth == 0 {
                    return Err(
                        vm.new_exception(ExcKind::ValueError, "Max string recursion exceeded")
                    );
                }
                let key = auto
                    .resolve(&field.name.first)
                    .map_err(|e| vm.new_exception(ExcKind::ValueError, &e))?;
                let mut value = match key {
                    FieldKey::Index(_) if mapping.is_some() => {
                        return Err(vm.new_exception(
                            ExcKind::ValueError,
                            fmt::FORMAT_MAP_POSITIONAL_MESSAGE,
                        ));
                    }
                    FieldKey::Keyword(k) if mapping.is_some() => {
                        let kobj = vm.new_str(k);
                        let r = vm.getitem(mapping.unwrap_or(kobj), kobj);
                        vm.decref(kobj);
                        r?
                    }
                    FieldKey::Index(i) => match args.get(i) {
                        Some(&v) => vm.new_ref(v),
                        None => {
                            let msg = fmt::replacement_index_error_message(i);
                            return Err(vm.new_exception(ExcKind::IndexError, &msg));
                        }
                    },
                    FieldKey::Keyword(k) => {
                        match kwargs.iter().find(|(name, _)| vm.str_of(*name) == k) {
                            Some(&(_, v)) => vm.new_ref(v),
                            None => {
                                let kobj = vm.new_str(k);
                                let e = vm.new_exception_arg(ExcKind::KeyError, kobj);
                                vm.decref(kobj);
                                return Err(e);
                            }
                        }
                    }
                };
                for accessor in &field.name.rest {
                    let next = match accessor {
                        FieldAccessor::Attr(a) => vm.getattr_str(value, a),
                        FieldAccessor::Index(i) => {
                            let k = vm.new_usize(*i);
                            let r = vm.getitem(value, k);
                            vm.decref(k);
                            r
                        }
                        FieldAccessor::Key(s) => {
                            let k = vm.new_str(s);
                            let r = vm.getitem(value, k);
                            vm.decref(k);
                            r
                        }
                        FieldAccessor::Error(e) => Err(vm.new_exception(ExcKind::ValueError, e)),
                    };
                    vm.decref(value);
                    value = next?;
                }
                let converted =
                    match field.conversion {
                        None => Ok(value),
                        Some('r') => vm.repr_object(value),
                        Some('s') => vm.str_object(value),
                        Some('a') => vm.ascii_string(value).map(|s| vm.new_string(s)),
                        Some(c) => Err(vm
                            .new_exception(ExcKind::ValueError, &fmt::conversion_error_message(c))),
                    };
                if field.conversion.is_some() {
                    vm.decref(value);
                }
                let converted = converted?;
                let mut inner_sole = None;
                let spec =
                    render_template(vm, &field.spec, sources, auto, depth - 1, &mut inner_sole);
                vm.xdecref(inner_sole);
                let spec = match spec {
                    Ok(s) => s,
                    Err(e) => {
                        vm.decref(converted);
                        return Err(e);
                    }
                };
                let r = vm.format(converted, &spec);
                vm.decref(converted);
                let r = r?;
                let was_empty = out.is_empty();
                out.push_str(&text(vm, r));
                if was_empty {
                    *sole = Some(r);
                } else {
                    vm.decref(r);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod hex_tests {
    #[test]
    fn groups_count_from_the_right_unless_negative() {
        assert_eq!(super::hex_text(b"abcdef", Some('_'), 4), "6162_63646566");
        assert_eq!(super::hex_text(b"abcdef", Some('_'), -4), "61626364_6566");
        assert_eq!(super::hex_text(b"abcdef", Some('-'), 2), "6162-6364-6566");
        assert_eq!(super::hex_text(b"abcdef", Some(':'), 10), "616263646566");
        assert_eq!(super::hex_text(b"ab", Some(':'), -1), "61:62");
    }
}
