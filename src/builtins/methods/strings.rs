//! `str` and `bytes` methods. Results are new objects except where CPython returns the
//! argument itself (`s.strip()` with nothing to strip, `s.replace(absent, x)`, one-item joins).

use crate::object::format::{self as fmt, AutoNumber, FieldAccessor, FieldKey, TemplatePart};
use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::super::{check_count, int_arg, method, str_arg, BuiltinDef};

pub static STR: &[BuiltinDef] = &[
    method("format", str_format),
    method("join", str_join),
    method("split", str_split),
    method("rsplit", str_rsplit),
    method("splitlines", str_splitlines),
    method("upper", str_upper),
    method("lower", str_lower),
    method("capitalize", str_capitalize),
    method("title", str_title),
    method("swapcase", str_swapcase),
    method("casefold", str_lower),
    method("strip", str_strip),
    method("lstrip", str_lstrip),
    method("rstrip", str_rstrip),
    method("replace", str_replace),
    method("startswith", str_startswith),
    method("endswith", str_endswith),
    method("find", str_find),
    method("rfind", str_rfind),
    method("index", str_index),
    method("rindex", str_rindex),
    method("count", str_count),
    method("isdigit", str_isdigit),
    method("isdecimal", str_isdigit),
    method("isnumeric", str_isdigit),
    method("isalpha", str_isalpha),
    method("isalnum", str_isalnum),
    method("isspace", str_isspace),
    method("isupper", str_isupper),
    method("islower", str_islower),
    method("isidentifier", str_isidentifier),
    method("center", str_center),
    method("ljust", str_ljust),
    method("rjust", str_rjust),
    method("zfill", str_zfill),
    method("partition", str_partition),
    method("rpartition", str_rpartition),
    method("encode", str_encode),
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
        Some(Payload::Str(s)) => Ok(s.value.clone()),
        _ => Err(vm.type_error(&format!("descriptor '{name}' requires a 'str' object"))),
    }
}

fn is_exact_str(vm: &Vm, s: ObjId) -> bool {
    vm.builtin_type_of(s) == Some(BuiltinType::Str)
}

/// The same object when the text did not change (for exact strs), else a new str.
fn same_or_new(vm: &mut Vm, original: ObjId, old: &str, new: String) -> ObjId {
    if new == old && is_exact_str(vm, original) {
        vm.new_ref(original)
    } else {
        vm.new_string(new)
    }
}

fn str_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = vm.len(args[0])?;
    Ok(vm.new_usize(n))
}

fn str_upper(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "upper")?;
    Ok(vm.new_string(s.to_uppercase()))
}

fn str_lower(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "lower")?;
    Ok(vm.new_string(s.to_lowercase()))
}

fn str_capitalize(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "capitalize")?;
    let mut chars = s.chars();
    let out = match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    };
    Ok(vm.new_string(out))
}

fn str_title(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "title")?;
    let mut out = String::with_capacity(s.len());
    let mut prev_cased = false;
    for c in s.chars() {
        if prev_cased {
            out.extend(c.to_lowercase());
        } else {
            out.extend(c.to_uppercase());
        }
        prev_cased = c.is_alphabetic();
    }
    Ok(vm.new_string(out))
}

fn str_swapcase(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "swapcase")?;
    let out: String = s
        .chars()
        .flat_map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().collect::<Vec<_>>()
            } else {
                c.to_uppercase().collect()
            }
        })
        .collect();
    Ok(vm.new_string(out))
}

fn strip_chars(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<Option<Vec<char>>> {
    match args.get(1) {
        None => Ok(None),
        Some(&c) if c == vm.none() => Ok(None),
        Some(&c) => Ok(Some(str_arg(vm, name, c)?.chars().collect())),
    }
}

fn do_strip(vm: &mut Vm, args: &[ObjId], name: &str, left: bool, right: bool) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    check_count(vm, name, args, 1, 2)?;
    let chars = strip_chars(vm, args, name)?;
    let test = |c: char| match &chars {
        Some(set) => set.contains(&c),
        None => c.is_whitespace(),
    };
    let mut out: &str = &s;
    if left {
        out = out.trim_start_matches(test);
    }
    if right {
        out = out.trim_end_matches(test);
    }
    let out = out.to_string();
    Ok(same_or_new(vm, args[0], &s, out))
}

fn str_strip(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    do_strip(vm, args, "strip", true, true)
}

fn str_lstrip(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    do_strip(vm, args, "lstrip", true, false)
}

fn str_rstrip(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    do_strip(vm, args, "rstrip", false, true)
}

fn str_replace(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "replace")?;
    check_count(vm, "replace", args, 3, 4)?;
    let old = str_arg(vm, "replace", args[1])?;
    let new = str_arg(vm, "replace", args[2])?;
    let count = match args.get(3) {
        Some(&c) => int_arg(vm, c)?,
        None => -1,
    };
    let out = if count < 0 {
        s.replace(&old, &new)
    } else {
        s.replacen(&old, &new, count as usize)
    };
    Ok(same_or_new(vm, args[0], &s, out))
}

/// `str.split` / `rsplit`: the result list starts with room for 12 (`PyList_New(12)`).
fn split_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    from_right: bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    let kw = super::super::take_kwargs(vm, name, kwargs, &["sep", "maxsplit"])?;
    let sep = args.get(1).copied().or(kw[0]).filter(|&v| v != vm.none());
    let maxsplit = match args.get(2).copied().or(kw[1]) {
        Some(m) => int_arg(vm, m)?,
        None => -1,
    };
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let parts: Vec<String> = match sep {
        None => {
            let words: Vec<&str> = s.split_whitespace().collect();
            if words.len() > max {
                if from_right {
                    let keep = words.len() - max;
                    let head_end = {
                        // everything up to the end of word `keep - 1`
                        let mut idx = 0;
                        let mut count = 0;
                        for (i, w) in s.split_whitespace().enumerate() {
                            if i + 1 == keep {
                                idx = w.as_ptr() as usize - s.as_ptr() as usize + w.len();
                                count = i;
                            }
                        }
                        let _ = count;
                        idx
                    };
                    let mut v = vec![s[..head_end].trim_start().to_string()];
                    v.extend(words[keep..].iter().map(|w| w.to_string()));
                    v
                } else {
                    let mut v: Vec<String> = words[..max].iter().map(|w| w.to_string()).collect();
                    let last = words[max];
                    let start = last.as_ptr() as usize - s.as_ptr() as usize;
                    v.push(s[start..].trim_end().to_string());
                    v
                }
            } else {
                words.iter().map(|w| w.to_string()).collect()
            }
        }
        Some(sep) => {
            let sep = str_arg(vm, name, sep)?;
            if sep.is_empty() {
                return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
            }
            if from_right {
                let mut v: Vec<String> = s
                    .rsplitn(max.saturating_add(1), &sep)
                    .map(|p| p.to_string())
                    .collect();
                v.reverse();
                v
            } else {
                s.splitn(max.saturating_add(1), &sep)
                    .map(|p| p.to_string())
                    .collect()
            }
        }
    };
    let items: Vec<ObjId> = parts.into_iter().map(|p| vm.new_string(p)).collect();
    let n = items.len();
    let cap = if n <= 12 { 12 } else { n };
    let l = vm.new_list_with_capacity(Vec::new(), 0);
    vm.list_resize_exact(l, cap);
    for i in items {
        vm.list_append_owned(l, i);
    }
    Ok(l)
}

fn str_split(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "split", false)
}

fn str_rsplit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "rsplit", true)
}

fn str_splitlines(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "splitlines")?;
    let keepends = match args.get(1) {
        Some(&k) => vm.is_true(k)?,
        None => false,
    };
    let mut items = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        if matches!(
            c,
            '\n' | '\r'
                | '\x0b'
                | '\x0c'
                | '\x1c'
                | '\x1d'
                | '\x1e'
                | '\u{85}'
                | '\u{2028}'
                | '\u{2029}'
        ) {
            let mut end = pos + c.len_utf8();
            if c == '\r' && bytes.get(i + 1).map(|b| b.1) == Some('\n') {
                end += 1;
                i += 1;
            }
            let piece = if keepends {
                &s[start..end]
            } else {
                &s[start..pos]
            };
            items.push(vm.new_str(piece));
            start = end;
        }
        i += 1;
    }
    if start < s.len() {
        items.push(vm.new_str(&s[start..]));
    }
    Ok(vm.new_list(items))
}

/// `sep.join(iterable)`: a one-item sequence gives the item itself (exact strs).
fn str_join(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let sep = this(vm, args, "join")?;
    check_count(vm, "join", args, 2, 2)?;
    let items = vm.collect_iterable(args[1])?;
    let mut out = String::new();
    let mut err = None;
    for (i, &item) in items.iter().enumerate() {
        match vm.payload(item) {
            Payload::Str(s) => {
                if i > 0 {
                    out.push_str(&sep);
                }
                out.push_str(s.as_str());
            }
            _ => {
                let msg = format!(
                    "sequence item {i}: expected str instance, {} found",
                    vm.type_name(item)
                );
                err = Some(vm.type_error(&msg));
                break;
            }
        }
    }
    let result = match err {
        Some(e) => Err(e),
        None if items.len() == 1 && is_exact_str(vm, items[0]) => Ok(vm.new_ref(items[0])),
        None => Ok(vm.new_string(out)),
    };
    for i in items {
        vm.decref(i);
    }
    result
}

fn affix_check(
    vm: &mut Vm,
    args: &[ObjId],
    name: &str,
    test: fn(&str, &str) -> bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    check_count(vm, name, args, 2, 4)?;
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let clamp = |i: i64| -> usize { (if i < 0 { (i + n).max(0) } else { i.min(n) }) as usize };
    let start = match args.get(2) {
        Some(&a) if a != vm.none() => clamp(int_arg(vm, a)?),
        _ => 0,
    };
    let end = match args.get(3) {
        Some(&a) if a != vm.none() => clamp(int_arg(vm, a)?),
        _ => n as usize,
    };
    let sub: String = if start <= end {
        chars[start..end].iter().collect()
    } else {
        String::new()
    };
    let candidates: Vec<String> = match vm.payload(args[1]) {
        Payload::Str(p) => vec![p.value.clone()],
        Payload::Tuple(t) => {
            let t = t.to_vec();
            let mut v = Vec::new();
            for item in t {
                v.push(str_arg(vm, name, item)?);
            }
            v
        }
        _ => {
            let msg = format!(
                "{name} first arg must be str or a tuple of str, not {}",
                vm.type_name(args[1])
            );
            return Err(vm.type_error(&msg));
        }
    };
    let r = start <= end && candidates.iter().any(|c| test(&sub, c));
    Ok(vm.new_bool(r))
}

fn str_startswith(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix_check(vm, args, "startswith", |s, p| s.starts_with(p))
}

fn str_endswith(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix_check(vm, args, "endswith", |s, p| s.ends_with(p))
}

/// Character index of `sub` in `s[start:end]`, from the left or the right.
fn find_impl(vm: &mut Vm, args: &[ObjId], name: &str, right: bool) -> PyResult<Option<usize>> {
    let s = this(vm, args, name)?;
    check_count(vm, name, args, 2, 4)?;
    let sub = str_arg(vm, name, args[1])?;
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len() as i64;
    let clamp = |i: i64| -> usize { (if i < 0 { (i + n).max(0) } else { i.min(n) }) as usize };
    let start = match args.get(2) {
        Some(&a) if a != vm.none() => clamp(int_arg(vm, a)?),
        _ => 0,
    };
    let end = match args.get(3) {
        Some(&a) if a != vm.none() => clamp(int_arg(vm, a)?),
        _ => n as usize,
    };
    if start > end {
        return Ok(None);
    }
    let hay: String = chars[start..end].iter().collect();
    let found = if right {
        hay.rfind(&sub)
    } else {
        hay.find(&sub)
    };
    Ok(found.map(|b| hay[..b].chars().count() + start))
}

fn str_find(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, "find", false)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn str_rfind(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, "rfind", true)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn str_index(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, "index", false)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "substring not found")),
    }
}

fn str_rindex(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, "rindex", true)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "substring not found")),
    }
}

fn str_count(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "count")?;
    check_count(vm, "count", args, 2, 4)?;
    let sub = str_arg(vm, "count", args[1])?;
    let n = if sub.is_empty() {
        s.chars().count() + 1
    } else {
        s.matches(&sub).count()
    };
    Ok(vm.new_usize(n))
}

fn char_test(vm: &mut Vm, args: &[ObjId], name: &str, test: fn(char) -> bool) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    let r = !s.is_empty() && s.chars().all(test);
    Ok(vm.new_bool(r))
}

fn str_isdigit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    char_test(vm, args, "isdigit", |c| {
        c.is_ascii_digit() || crate::object::float::unicode_decimal_value(c).is_some()
    })
}

fn str_isalpha(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    char_test(vm, args, "isalpha", char::is_alphabetic)
}

fn str_isalnum(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    char_test(vm, args, "isalnum", char::is_alphanumeric)
}

fn str_isspace(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    char_test(vm, args, "isspace", char::is_whitespace)
}

fn str_isupper(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "isupper")?;
    let r = s.chars().any(|c| c.is_uppercase()) && !s.chars().any(|c| c.is_lowercase());
    Ok(vm.new_bool(r))
}

fn str_islower(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "islower")?;
    let r = s.chars().any(|c| c.is_lowercase()) && !s.chars().any(|c| c.is_uppercase());
    Ok(vm.new_bool(r))
}

fn str_isidentifier(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "isidentifier")?;
    let mut chars = s.chars();
    let r = match chars.next() {
        Some(c) => {
            (c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
        }
        None => false,
    };
    Ok(vm.new_bool(r))
}

fn pad(vm: &mut Vm, args: &[ObjId], name: &str, mode: char) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    check_count(vm, name, args, 2, 3)?;
    let width = int_arg(vm, args[1])?;
    let fill = match args.get(2) {
        Some(&f) => {
            let f = str_arg(vm, name, f)?;
            let mut cs = f.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(
                        vm.type_error("The fill character must be exactly one character long")
                    )
                }
            }
        }
        None => ' ',
    };
    let len = s.chars().count() as i64;
    if width <= len {
        return Ok(same_or_new(vm, args[0], &s, s.clone()));
    }
    let total = (width - len) as usize;
    let (left, right) = match mode {
        '<' => (0, total),
        '>' => (total, 0),
        _ => {
            // CPython's centering puts the extra pad on the left when the width is odd
            let left = total / 2 + (total & (width as usize) & 1);
            (left, total - left)
        }
    };
    let f = fill.to_string();
    let out = f.repeat(left) + &s + &f.repeat(right);
    Ok(vm.new_string(out))
}

fn str_center(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad(vm, args, "center", '^')
}

fn str_ljust(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad(vm, args, "ljust", '<')
}

fn str_rjust(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad(vm, args, "rjust", '>')
}

fn str_zfill(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "zfill")?;
    check_count(vm, "zfill", args, 2, 2)?;
    let width = int_arg(vm, args[1])?;
    let len = s.chars().count() as i64;
    if width <= len {
        return Ok(same_or_new(vm, args[0], &s, s.clone()));
    }
    let zeros = "0".repeat((width - len) as usize);
    let out = match s.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{zeros}{}", &s[1..]),
        _ => zeros + &s,
    };
    Ok(vm.new_string(out))
}

fn partition(vm: &mut Vm, args: &[ObjId], name: &str, right: bool) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    check_count(vm, name, args, 2, 2)?;
    let sep = str_arg(vm, name, args[1])?;
    if sep.is_empty() {
        return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
    }
    let found = if right { s.rfind(&sep) } else { s.find(&sep) };
    let (a, b, c) = match found {
        Some(i) => (
            s[..i].to_string(),
            sep.clone(),
            s[i + sep.len()..].to_string(),
        ),
        None if right => (String::new(), String::new(), s.clone()),
        None => (s.clone(), String::new(), String::new()),
    };
    let a = vm.new_string(a);
    let b = vm.new_string(b);
    let c = vm.new_string(c);
    Ok(vm.new_tuple(vec![a, b, c]))
}

fn str_partition(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition(vm, args, "partition", false)
}

fn str_rpartition(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition(vm, args, "rpartition", true)
}

fn str_encode(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "encode")?;
    Ok(vm.new_bytes(s.into_bytes()))
}

fn bytes_decode(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = match vm.payload(args[0]) {
        Payload::Bytes(b) => b.to_vec(),
        _ => Vec::new(),
    };
    match String::from_utf8(b) {
        Ok(s) => Ok(vm.new_string(s)),
        Err(e) => {
            let pos = e.utf8_error().valid_up_to();
            let msg = format!(
                "'utf-8' codec can't decode byte 0x{:02x} in position {pos}: invalid start byte",
                e.as_bytes()[pos]
            );
            Err(vm.new_exception(ExcKind::UnicodeDecodeError, &msg))
        }
    }
}

fn bytes_hex(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s: String = match vm.payload(args[0]) {
        Payload::Bytes(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
        _ => String::new(),
    };
    Ok(vm.new_string(s))
}

fn str_format_method(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__format__", args, 2, 2)?;
    let spec = str_arg(vm, "__format__", args[1])?;
    vm.format(args[0], &spec)
}

/// `str.format(*args, **kwargs)`.
fn str_format(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let template = this(vm, args, "format")?;
    let parts = fmt::parse_format_template(&template);
    let mut auto = AutoNumber::new();
    let out = render_template(vm, &parts, &args[1..], kwargs, &mut auto, 2)?;
    Ok(vm.new_string(out))
}

fn render_template(
    vm: &mut Vm,
    parts: &[TemplatePart],
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    auto: &mut AutoNumber,
    depth: u32,
) -> PyResult<String> {
    let mut out = String::new();
    for part in parts {
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
                let spec = match render_template(vm, &field.spec, args, kwargs, auto, depth - 1) {
                    Ok(s) => s,
                    Err(e) => {
                        vm.decref(converted);
                        return Err(e);
                    }
                };
                let r = vm.format(converted, &spec);
                vm.decref(converted);
                let r = r?;
                out.push_str(&text(vm, r));
                vm.decref(r);
            }
        }
    }
    Ok(out)
}
