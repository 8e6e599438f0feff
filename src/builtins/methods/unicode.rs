//! `str` methods (`Objects/unicodeobject.c` and `Objects/stringlib`), over the model's text
//! storage: every stored `char` is one code point (lone surrogates included, see
//! [`crate::object::str::code_point`]). Case mapping and character classes come from the
//! Unicode tables in [`crate::object::str`]; argument checks follow each method's CPython
//! calling convention (METH_NOARGS, METH_O, Argument Clinic, `PyArg_ParseTuple`) so the
//! messages match.

use crate::object::codecs::{self, Lookup};
use crate::object::str as ustr;
use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::super::{
    classmethod, method, one_arg, parse_args, parse_tuple_count, positional, slice_index_arg,
    ssize_arg, BuiltinDef,
};
use super::noargs;

pub static STR: &[BuiltinDef] = &[
    method("format_map", unicode_format_map),
    method("split", unicode_split),
    method("rsplit", unicode_rsplit),
    method("splitlines", unicode_splitlines),
    method("join", unicode_join),
    method("upper", unicode_upper),
    method("lower", unicode_lower),
    method("casefold", unicode_casefold),
    method("capitalize", unicode_capitalize),
    method("title", unicode_title),
    method("swapcase", unicode_swapcase),
    method("strip", unicode_strip),
    method("lstrip", unicode_lstrip),
    method("rstrip", unicode_rstrip),
    method("replace", unicode_replace),
    method("startswith", unicode_startswith).varargs(),
    method("endswith", unicode_endswith).varargs(),
    method("find", unicode_find).varargs(),
    method("rfind", unicode_rfind).varargs(),
    method("index", unicode_index).varargs(),
    method("rindex", unicode_rindex).varargs(),
    method("count", unicode_count).varargs(),
    method("isalpha", unicode_isalpha),
    method("isalnum", unicode_isalnum),
    method("isdecimal", unicode_isdecimal),
    method("isdigit", unicode_isdigit),
    method("isnumeric", unicode_isnumeric),
    method("isspace", unicode_isspace),
    method("isupper", unicode_isupper),
    method("islower", unicode_islower),
    method("istitle", unicode_istitle),
    method("isascii", unicode_isascii),
    method("isprintable", unicode_isprintable),
    method("isidentifier", unicode_isidentifier),
    method("center", unicode_center),
    method("ljust", unicode_ljust),
    method("rjust", unicode_rjust),
    method("zfill", unicode_zfill),
    method("expandtabs", unicode_expandtabs),
    method("partition", unicode_partition),
    method("rpartition", unicode_rpartition),
    method("removeprefix", unicode_removeprefix),
    method("removesuffix", unicode_removesuffix),
    method("encode", unicode_encode),
    method("translate", unicode_translate),
    classmethod("maketrans", unicode_maketrans),
];

/// The receiver's text (a str, else the descriptor error CPython gives).
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<String> {
    match args.first().map(|&a| vm.payload(a)) {
        Some(Payload::Str(s)) => Ok(s.value.to_string()),
        Some(_) => Err(super::super::descr_error(vm, name, "str", args[0])),
        None => {
            let msg = format!("unbound method str.{name}() needs an argument");
            Err(vm.type_error(&msg))
        }
    }
}

fn is_exact_str(vm: &Vm, s: ObjId) -> bool {
    vm.builtin_type_of(s) == Some(BuiltinType::Str)
}

/// The receiver itself when the text did not change (exact strs), else a new str.
fn same_or_new(vm: &mut Vm, original: ObjId, old: &str, new: String) -> ObjId {
    if new == old && is_exact_str(vm, original) {
        vm.new_ref(original)
    } else {
        vm.new_string(new)
    }
}

/// An argument that must be a str: `replace() argument 1 must be str, not int`.
fn str_argument(vm: &mut Vm, v: ObjId, what: &str) -> PyResult<String> {
    match vm.payload(v) {
        Payload::Str(s) => Ok(s.value.to_string()),
        _ => {
            let tn = vm.type_name(v);
            let msg = if what.is_empty() {
                format!("must be str, not {tn}")
            } else {
                format!("{what} must be str, not {tn}")
            };
            Err(vm.type_error(&msg))
        }
    }
}

/// Code points `start..end` of `s`.
fn window(chars: &[char], start: usize, end: usize) -> String {
    if start >= end {
        String::new()
    } else {
        chars[start..end].iter().collect()
    }
}

// ---- case ----

fn case_map(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    f: fn(&str) -> String,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    noargs(vm, &format!("str.{name}"), args, kwargs)?;
    // `ascii_upper_or_lower` and `case_operation` build the result with `PyUnicode_New`:
    // a new object even for one latin-1 character (only `''` is the singleton)
    Ok(vm.new_str_fresh(f(&s)))
}

fn unicode_upper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "upper", ustr::upper)
}

fn unicode_lower(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "lower", ustr::lower)
}

fn unicode_casefold(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "casefold", ustr::casefold)
}

fn unicode_capitalize(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "capitalize", ustr::capitalize)
}

fn unicode_title(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "title", ustr::title)
}

fn unicode_swapcase(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "swapcase", ustr::swapcase)
}

// ---- predicates ----

fn predicate(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    test: fn(&str) -> bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    noargs(vm, &format!("str.{name}"), args, kwargs)?;
    Ok(vm.new_bool(test(&s)))
}

/// Every character passes and there is at least one.
fn all_chars(s: &str, f: fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

fn unicode_isalpha(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isalpha", |s| {
        all_chars(s, ustr::is_alpha)
    })
}

fn unicode_isalnum(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isalnum", |s| {
        all_chars(s, ustr::is_alnum)
    })
}

fn unicode_isdecimal(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isdecimal", |s| {
        all_chars(s, ustr::is_decimal)
    })
}

fn unicode_isdigit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isdigit", |s| {
        all_chars(s, ustr::is_digit)
    })
}

fn unicode_isnumeric(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isnumeric", |s| {
        all_chars(s, ustr::is_numeric)
    })
}

fn unicode_isspace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isspace", |s| {
        all_chars(s, ustr::is_space)
    })
}

/// `unicode_isupper_impl`: no lowercase or titlecase character, and at least one cased one.
fn is_upper_text(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if ustr::is_lower(c) || ustr::is_title(c) {
            return false;
        }
        if !cased && ustr::is_upper(c) {
            cased = true;
        }
    }
    cased
}

/// `unicode_islower_impl`.
fn is_lower_text(s: &str) -> bool {
    let mut cased = false;
    for c in s.chars() {
        if ustr::is_upper(c) || ustr::is_title(c) {
            return false;
        }
        if !cased && ustr::is_lower(c) {
            cased = true;
        }
    }
    cased
}

fn unicode_isupper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isupper", is_upper_text)
}

fn unicode_islower(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "islower", is_lower_text)
}

fn unicode_istitle(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "istitle", ustr::is_titlecased)
}

fn unicode_isascii(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isascii", |s| s.is_ascii())
}

fn unicode_isprintable(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isprintable", |s| {
        s.chars().all(ustr::is_printable)
    })
}

fn unicode_isidentifier(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isidentifier", ustr::is_identifier)
}

// ---- split / join ----

/// `split_whitespace` / `rsplit_whitespace` (`Py_UNICODE_ISSPACE` runs separate words; after
/// `maxcount` splits the rest is kept whole, its inner and far-end whitespace included).
/// Gives `part` each part as a byte range of `s`, in the order found (right to left for
/// `rsplit`), as CPython's `SPLIT_ADD` adds them: no copy of the text or a list of its parts
/// (a split of 300,000 words held them all twice over before the list was made).
fn split_whitespace(
    s: &str,
    maxcount: usize,
    from_right: bool,
    part: &mut dyn FnMut(usize, usize),
) {
    // the first position at or after `i` whose character is (`space`) or is not whitespace
    let fwd = |i: usize, space: bool| {
        s[i..]
            .char_indices()
            .find(|&(_, c)| ustr::is_space(c) == space)
            .map_or(s.len(), |(k, _)| i + k)
    };
    // the last position at or before `i` whose preceding character is (`space`) or is not
    // whitespace
    let back = |i: usize, space: bool| {
        s[..i]
            .char_indices()
            .rev()
            .find(|&(_, c)| ustr::is_space(c) == space)
            .map_or(0, |(k, c)| k + c.len_utf8())
    };
    let n = s.len();
    let mut count = maxcount;
    if !from_right {
        let mut i = 0;
        while count > 0 {
            i = fwd(i, false);
            if i == n {
                break;
            }
            let j = i;
            i = fwd(i, true);
            part(j, i);
            count -= 1;
        }
        if i < n {
            i = fwd(i, false);
            if i != n {
                part(i, n);
            }
        }
    } else {
        let mut i = n;
        while count > 0 {
            i = back(i, false);
            if i == 0 {
                break;
            }
            let j = i;
            i = back(i, true);
            part(i, j);
            count -= 1;
        }
        if i > 0 {
            i = back(i, false);
            if i != 0 {
                part(0, i);
            }
        }
    }
}

/// `str.split(sep=None, maxsplit=-1)` / `rsplit`: the result list starts with room for
/// `maxsplit + 1` parts, 12 at most (`PyList_New(PREALLOC_SIZE(maxcount))`, see
/// `super::split_list_new`); a string that is not split is the item itself.
fn split_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    from_right: bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    let a = parse_args(vm, name, &args[1..], kwargs, &["sep", "maxsplit"], 0)?;
    let sep = a[0].filter(|&v| v != vm.none());
    let maxsplit = match a[1] {
        Some(m) => ssize_arg(vm, m)?,
        None => -1,
    };
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let sep = match sep {
        None => None,
        Some(sep) => {
            let sep = match vm.payload(sep) {
                Payload::Str(p) => p.value.to_string(),
                _ => {
                    let msg = format!("must be str or None, not {}", vm.type_name(sep));
                    return Err(vm.type_error(&msg));
                }
            };
            if sep.is_empty() {
                return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
            }
            Some(sep)
        }
    };
    // the list first, then the parts in the order they are found (right to left for
    // rsplit, which reverses the list at the end); a part that is the whole text (it can only
    // be the one part) is the text itself when it is an exact str
    let l = super::split_list_new(vm, max);
    let whole_ok = is_exact_str(vm, args[0]);
    let mut add = |a: usize, b: usize| {
        let item = if whole_ok && a == 0 && b == s.len() {
            vm.new_ref(args[0])
        } else {
            vm.new_str(&s[a..b])
        };
        super::split_add(vm, l, item);
    };
    match &sep {
        None => split_whitespace(&s, max, from_right, &mut add),
        Some(sep) => {
            // a part's place in `s` (the pieces are slices of it)
            let at = |p: &str| p.as_ptr() as usize - s.as_ptr() as usize;
            if from_right {
                for p in s.rsplitn(max.saturating_add(1), sep.as_str()) {
                    add(at(p), at(p) + p.len());
                }
            } else {
                for p in s.splitn(max.saturating_add(1), sep.as_str()) {
                    add(at(p), at(p) + p.len());
                }
            }
        }
    }
    if from_right {
        super::split_reverse(vm, l);
    }
    Ok(l)
}

fn unicode_split(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "split", false)
}

fn unicode_rsplit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "rsplit", true)
}

/// `str.splitlines(keepends=False)`: the line boundaries of `Py_UNICODE_ISLINEBREAK`.
fn unicode_splitlines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "splitlines")?;
    if kwargs.len() > 1 {
        let msg = format!(
            "splitlines() takes at most 1 keyword argument ({} given)",
            kwargs.len()
        );
        return Err(vm.type_error(&msg));
    }
    let a = parse_args(vm, "splitlines", &args[1..], kwargs, &["keepends"], 0)?;
    let keepends = match a[0] {
        Some(k) => ssize_arg(vm, k)? != 0,
        None => false,
    };
    let chars: Vec<char> = s.chars().collect();
    let is_break = |c: char| {
        matches!(
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
        )
    };
    let mut lines = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && !is_break(chars[i]) {
            i += 1;
        }
        let eol = i;
        if i < chars.len() {
            if chars[i] == '\r' && i + 1 < chars.len() && chars[i + 1] == '\n' {
                i += 2;
            } else {
                i += 1;
            }
        }
        let end = if keepends { i } else { eol };
        lines.push(window(&chars, start, end));
    }
    let whole = lines.len() == 1 && lines[0] == s && is_exact_str(vm, args[0]);
    let items: Vec<ObjId> = if whole {
        vec![vm.new_ref(args[0])]
    } else {
        lines.into_iter().map(|l| vm.new_string(l)).collect()
    };
    // stringlib_splitlines: PyList_New(0) and PyList_Append for each line
    let l = vm.new_list(Vec::new());
    for i in items {
        vm.list_append_owned(l, i);
    }
    Ok(l)
}

/// `PyUnicode_Join`: `PySequence_Fast(iterable, "can only join an iterable")`; a one-item
/// sequence of an exact str gives the item itself.
fn unicode_join(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let sep = this(vm, args, "join")?;
    let iterable = one_arg(vm, "str.join", &args[1..], kwargs)?;
    let items = vm.collect_iterable(iterable).map_err(|e| {
        if vm.is_instance_of_kind(e.0, ExcKind::TypeError) && !vm.is_iterable(iterable) {
            vm.decref(e.0);
            vm.type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    // the result's size first, as PyUnicode_Join sums it before allocating
    let mut total = sep.len() as u128 * items.len().saturating_sub(1) as u128;
    for &item in &items {
        if let Payload::Str(s) = vm.payload(item) {
            total += s.as_str().len() as u128;
        }
    }
    if total >= 1 << 20 {
        if let Err(e) = vm.check_memory(total) {
            for i in items {
                vm.decref(i);
            }
            return Err(e);
        }
    }
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

// ---- strip / pad ----

/// `do_argstrip`: `strip(chars=None, /)`.
fn strip_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    positional(vm, name, &args[1..], kwargs, 0, 1)?;
    let set: Option<Vec<char>> = match args.get(1) {
        None => None,
        Some(&c) if c == vm.none() => None,
        Some(&c) => match vm.payload(c) {
            Payload::Str(p) => Some(p.value.chars().collect()),
            _ => {
                let msg = format!("{name} arg must be None or str");
                return Err(vm.type_error(&msg));
            }
        },
    };
    let strip = |c: char| match &set {
        Some(set) => set.contains(&c),
        None => ustr::is_space(c),
    };
    let mut out: &str = &s;
    if name != "rstrip" {
        out = out.trim_start_matches(strip);
    }
    if name != "lstrip" {
        out = out.trim_end_matches(strip);
    }
    let out = out.to_string();
    Ok(same_or_new(vm, args[0], &s, out))
}

fn unicode_strip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "strip")
}

fn unicode_lstrip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "lstrip")
}

fn unicode_rstrip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "rstrip")
}

/// `center`/`ljust`/`rjust(width, fillchar=' ', /)`.
fn pad_impl(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)], name: &str) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    positional(vm, name, &args[1..], kwargs, 1, 2)?;
    let width = ssize_arg(vm, args[1])?;
    let fill = match args.get(2) {
        None => ' ',
        Some(&f) => match vm.payload(f) {
            Payload::Str(p) if p.len == 1 => p.value.chars().next().unwrap_or(' '),
            Payload::Str(_) => {
                return Err(vm.type_error("The fill character must be exactly one character long"))
            }
            _ => {
                let msg = format!(
                    "The fill character must be a unicode character, not {}",
                    vm.type_name(f)
                );
                return Err(vm.type_error(&msg));
            }
        },
    };
    let len = s.chars().count() as i64;
    if width <= len {
        return Ok(same_or_new(vm, args[0], &s, s.clone()));
    }
    let marg = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        // unicode_center_impl: `left = marg / 2 + (marg & width & 1)`
        _ => {
            let left = marg / 2 + (marg & (width as usize) & 1);
            (left, marg - left)
        }
    };
    let f = fill.to_string();
    vm.check_memory(marg as u128 * f.len() as u128 + s.len() as u128)?;
    let out = f.repeat(left) + &s + &f.repeat(right);
    Ok(vm.new_string(out))
}

fn unicode_center(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "center")
}

fn unicode_ljust(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "ljust")
}

fn unicode_rjust(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "rjust")
}

fn unicode_zfill(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "zfill")?;
    let w = one_arg(vm, "str.zfill", &args[1..], kwargs)?;
    let width = ssize_arg(vm, w)?;
    let len = s.chars().count() as i64;
    if width <= len {
        return Ok(same_or_new(vm, args[0], &s, s.clone()));
    }
    vm.check_memory(width as u128)?;
    let zeros = "0".repeat((width - len) as usize);
    let out = match s.chars().next() {
        Some(c @ ('+' | '-')) => format!("{c}{zeros}{}", &s[1..]),
        _ => zeros + &s,
    };
    Ok(vm.new_string(out))
}

/// `str.expandtabs(tabsize=8)`: columns restart after `\n` and `\r`.
fn unicode_expandtabs(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "expandtabs")?;
    let a = parse_args(vm, "expandtabs", &args[1..], kwargs, &["tabsize"], 0)?;
    let tabsize = match a[0] {
        Some(t) => ssize_arg(vm, t)?,
        None => 8,
    };
    if !s.contains('\t') {
        return Ok(same_or_new(vm, args[0], &s, s.clone()));
    }
    // the result's length first, as unicode_expandtabs_impl counts it
    if tabsize > 0 {
        let tabs = s.matches('\t').count() as u128;
        vm.check_memory(s.len() as u128 + tabs * tabsize as u128)?;
    }
    let mut out = String::with_capacity(s.len());
    let mut col: i64 = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                if tabsize > 0 {
                    let n = tabsize - col % tabsize;
                    col += n;
                    out.extend(std::iter::repeat_n(' ', n as usize));
                }
            }
            '\n' | '\r' => {
                col = 0;
                out.push(c);
            }
            _ => {
                col += 1;
                out.push(c);
            }
        }
    }
    Ok(vm.new_string(out))
}

// ---- search ----

/// `ADJUST_INDICES` over a string of `len` code points.
fn adjust_indices(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut start = start.unwrap_or(0);
    let mut end = end.unwrap_or(i64::MAX);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// `parse_args_finds_unicode`: `(sub[, start[, end]])`, sub a str.
fn finds_args(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
) -> PyResult<(String, String, Option<i64>, Option<i64>)> {
    let s = this(vm, args, name)?;
    parse_tuple_count(vm, name, &args[1..], kwargs, 1, 3)?;
    let sub = str_argument(vm, args[1], "")?;
    let start = match args.get(2) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let end = match args.get(3) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    Ok((s, sub, start, end))
}

/// `any_find_slice`: the code point index of `sub` in `s[start:end]`.
fn find_in(s: &str, sub: &str, start: Option<i64>, end: Option<i64>, right: bool) -> Option<usize> {
    let chars: Vec<char> = s.chars().collect();
    let (start, end) = adjust_indices(start, end, chars.len());
    if start > chars.len() as i64 {
        return None;
    }
    let sub_len = sub.chars().count() as i64;
    if end - start < sub_len {
        return None;
    }
    let (start, end) = (start as usize, end as usize);
    let hay = window(&chars, start, end);
    let found = if right { hay.rfind(sub) } else { hay.find(sub) };
    found.map(|b| hay[..b].chars().count() + start)
}

fn find_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    right: bool,
) -> PyResult<Option<usize>> {
    let (s, sub, start, end) = finds_args(vm, args, kwargs, name)?;
    Ok(find_in(&s, &sub, start, end, right))
}

fn unicode_find(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, kwargs, "find", false)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn unicode_rfind(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, kwargs, "rfind", true)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn unicode_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, kwargs, "index", false)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "substring not found")),
    }
}

fn unicode_rindex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, kwargs, "rindex", true)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "substring not found")),
    }
}

/// `str.count`: non-overlapping occurrences in `s[start:end]`; `''` counts the gaps.
fn unicode_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (s, sub, start, end) = finds_args(vm, args, kwargs, "count")?;
    let chars: Vec<char> = s.chars().collect();
    let (start, end) = adjust_indices(start, end, chars.len());
    let n = if start > chars.len() as i64 || end < start {
        0
    } else if sub.is_empty() {
        (end - start + 1) as usize
    } else {
        window(&chars, start as usize, end as usize)
            .matches(sub.as_str())
            .count()
    };
    Ok(vm.new_usize(n))
}

/// `startswith`/`endswith(prefix[, start[, end]])`, prefix a str or a tuple of strs
/// (`tailmatch`).
fn tailmatch_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    at_end: bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    parse_tuple_count(vm, name, &args[1..], kwargs, 1, 3)?;
    let start = match args.get(2) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let end = match args.get(3) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let candidates: Vec<String> = match vm.payload(args[1]) {
        Payload::Str(p) => vec![p.value.to_string()],
        Payload::Tuple(t) => {
            let t = t.to_vec();
            let mut v = Vec::new();
            for item in t {
                match vm.payload(item) {
                    Payload::Str(p) => v.push(p.value.to_string()),
                    _ => {
                        let msg = format!(
                            "tuple for {name} must only contain str, not {}",
                            vm.type_name(item)
                        );
                        return Err(vm.type_error(&msg));
                    }
                }
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
    let chars: Vec<char> = s.chars().collect();
    let (start, end) = adjust_indices(start, end, chars.len());
    let r = candidates.iter().any(|c| {
        let sub_len = c.chars().count() as i64;
        if end - sub_len < start {
            return false;
        }
        let hay = window(&chars, start as usize, end as usize);
        if at_end {
            hay.ends_with(c.as_str())
        } else {
            hay.starts_with(c.as_str())
        }
    });
    Ok(vm.new_bool(r))
}

fn unicode_startswith(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    tailmatch_impl(vm, args, kwargs, "startswith", false)
}

fn unicode_endswith(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    tailmatch_impl(vm, args, kwargs, "endswith", true)
}

// ---- replace / partition / affixes ----

/// `str.replace(old, new, count=-1, /)`: an empty `old` inserts `new` between characters.
fn unicode_replace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "replace")?;
    positional(vm, "replace", &args[1..], kwargs, 2, 3)?;
    let old = str_argument(vm, args[1], "replace() argument 1")?;
    let new = str_argument(vm, args[2], "replace() argument 2")?;
    let count = match args.get(3) {
        Some(&c) => ssize_arg(vm, c)?,
        None => -1,
    };
    // the result's size first (replace() counts the matches before allocating)
    if new.len() > old.len() {
        let found = if old.is_empty() {
            s.chars().count() + 1
        } else {
            s.matches(old.as_str()).count()
        };
        let n = if count < 0 {
            found
        } else {
            found.min(count as usize)
        };
        let grows = n as u128 * (new.len() - old.len()) as u128;
        if grows >= 1 << 20 {
            vm.check_memory(s.len() as u128 + grows)?;
        }
    }
    let out = if count < 0 {
        s.replace(&old, &new)
    } else {
        s.replacen(&old, &new, count as usize)
    };
    Ok(same_or_new(vm, args[0], &s, out))
}

fn partition_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    right: bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    let sep_obj = one_arg(vm, &format!("str.{name}"), &args[1..], kwargs)?;
    let sep = str_argument(vm, sep_obj, "")?;
    if sep.is_empty() {
        return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
    }
    let found = if right { s.rfind(&sep) } else { s.find(&sep) };
    let exact = is_exact_str(vm, args[0]);
    let parts = match found {
        Some(i) => {
            let a = vm.new_str(&s[..i]);
            let b = vm.new_ref(sep_obj);
            let c = vm.new_str(&s[i + sep.len()..]);
            [a, b, c]
        }
        None => {
            let me = if exact {
                vm.new_ref(args[0])
            } else {
                vm.new_str(&s)
            };
            let e1 = vm.new_str("");
            let e2 = vm.new_str("");
            if right {
                [e1, e2, me]
            } else {
                [me, e1, e2]
            }
        }
    };
    Ok(vm.new_tuple(parts.to_vec()))
}

fn unicode_partition(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition_impl(vm, args, kwargs, "partition", false)
}

fn unicode_rpartition(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition_impl(vm, args, kwargs, "rpartition", true)
}

fn affix_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    suffix: bool,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    let a = one_arg(vm, &format!("str.{name}"), &args[1..], kwargs)?;
    let affix = str_argument(vm, a, &format!("{name}() argument"))?;
    let out = if suffix {
        s.strip_suffix(affix.as_str())
    } else {
        s.strip_prefix(affix.as_str())
    };
    let out = out.unwrap_or(&s).to_string();
    Ok(same_or_new(vm, args[0], &s, out))
}

fn unicode_removeprefix(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix_impl(vm, args, kwargs, "removeprefix", false)
}

fn unicode_removesuffix(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix_impl(vm, args, kwargs, "removesuffix", true)
}

// ---- codecs ----

/// The `encoding`/`errors` pair of `str.encode`/`bytes.decode`, checked as Argument Clinic
/// does, and looked up.
pub(crate) fn codec_args(
    vm: &mut Vm,
    name: &str,
    given: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<(codecs::Codec, Option<codecs::Errors>)> {
    let a = parse_args(vm, name, given, kwargs, &["encoding", "errors"], 0)?;
    let mut texts = [String::from("utf-8"), String::from("strict")];
    for (i, arg) in ["encoding", "errors"].iter().enumerate() {
        if let Some(v) = a[i] {
            texts[i] = match vm.payload(v) {
                Payload::Str(s) => s.value.to_string(),
                _ => {
                    let msg = format!(
                        "{name}() argument '{arg}' must be str, not {}",
                        vm.type_name(v)
                    );
                    return Err(vm.type_error(&msg));
                }
            };
        }
    }
    let codec = match codecs::lookup(&texts[0]) {
        Lookup::Found(c) => c,
        Lookup::Unknown => {
            let msg = format!("unknown encoding: {}", texts[0]);
            return Err(vm.new_exception(ExcKind::LookupError, &msg));
        }
        Lookup::Unmodelled => {
            return Err(vm.unsupported(&format!("the '{}' codec", texts[0])));
        }
    };
    let errors = match codecs::error_handler(&texts[1]) {
        codecs::Handler::Known(e) => Some(e),
        codecs::Handler::Unknown => None,
        codecs::Handler::Unmodelled => {
            return Err(vm.unsupported(&format!("the '{}' error handler", texts[1])))
        }
    };
    Ok((codec, errors))
}

/// A codec error as the exception CPython raises (LookupError for an unknown handler).
///
/// The exception holds what `PyUnicodeEncodeError_Create` / `PyUnicodeDecodeError_Create`
/// give it: `(encoding, object, start, end, reason)`, the object being the str that was
/// encoded (`source`, the same object) or a new bytes of what was decoded (`source`'s data).
pub(crate) fn codec_error(
    vm: &mut Vm,
    e: codecs::CodecError,
    handler: &str,
    source: ObjId,
) -> crate::vm::PyErr {
    if e.unknown_handler {
        let msg = format!("unknown error handler name '{handler}'");
        return vm.new_exception(ExcKind::LookupError, &msg);
    }
    let (kind, object) = if e.encode {
        (ExcKind::UnicodeEncodeError, vm.new_ref(source))
    } else {
        let data = match vm.payload(source) {
            Payload::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        (ExcKind::UnicodeDecodeError, vm.new_bytes(data))
    };
    let encoding = vm.new_str(e.codec.name());
    let start = vm.new_usize(e.start);
    let end = vm.new_usize(e.end);
    let reason = vm.new_str(e.reason);
    let ty = vm.exc_types[kind as usize];
    crate::vm::PyErr(vm.new_exception_object(ty, vec![encoding, object, start, end, reason]))
}

fn handler_name(vm: &Vm, given: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> String {
    let v = given.get(1).copied().or_else(|| {
        kwargs
            .iter()
            .find(|(k, _)| vm.str_of(*k) == "errors")
            .map(|p| p.1)
    });
    v.map(|v| vm.str_of(v).to_string()).unwrap_or_default()
}

fn unicode_encode(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "encode")?;
    let (codec, errors) = codec_args(vm, "encode", &args[1..], kwargs)?;
    match codecs::encode(&s, codec, errors) {
        Ok(b) => Ok(vm.new_bytes(b)),
        Err(e) => {
            let h = handler_name(vm, &args[1..], kwargs);
            Err(codec_error(vm, e, &h, args[0]))
        }
    }
}

// ---- translate ----

/// `str.translate(table)`: each character looked up in `table`; LookupError keeps it, None
/// deletes it, an int or a str replaces it.
fn unicode_translate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = this(vm, args, "translate")?;
    let table = one_arg(vm, "str.translate", &args[1..], kwargs)?;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let key = vm.new_int(ustr::code_point(c) as i64);
        let r = vm.getitem(table, key);
        vm.decref(key);
        let v = match r {
            Ok(v) => v,
            Err(e) if vm.is_instance_of_kind(e.0, ExcKind::LookupError) => {
                vm.decref(e.0);
                out.push(c);
                continue;
            }
            Err(e) => return Err(e),
        };
        let piece: Result<Option<String>, &str> = match vm.payload(v) {
            Payload::None => Ok(None),
            Payload::Str(p) => Ok(Some(p.value.to_string())),
            _ => match vm.as_i64(v) {
                Some(n) => match u32::try_from(n).ok().and_then(ustr::char_for_code_point) {
                    Some(ch) => Ok(Some(ch.to_string())),
                    None => Err("character mapping must be in range(0x110000)"),
                },
                None => Err("character mapping must return integer, None or str"),
            },
        };
        vm.decref(v);
        match piece {
            Ok(Some(p)) => out.push_str(&p),
            Ok(None) => {}
            Err(msg) if msg.starts_with("character mapping must be in") => {
                return Err(vm.new_exception(ExcKind::ValueError, msg))
            }
            Err(msg) => return Err(vm.type_error(msg)),
        }
    }
    // _PyUnicode_TranslateCharmap always writes a new string (only `''` comes back as is)
    if s.is_empty() && is_exact_str(vm, args[0]) {
        return Ok(vm.new_ref(args[0]));
    }
    Ok(vm.new_string(out))
}

/// `str.maketrans(x[, y[, z]])` (a static method; bound here to the class, which it ignores).
fn unicode_maketrans(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let given = &args[1..];
    positional(vm, "maketrans", given, kwargs, 1, 3)?;
    let d = vm.new_dict();
    let r = maketrans_fill(vm, d, given);
    match r {
        Ok(()) => Ok(d),
        Err(e) => {
            vm.decref(d);
            Err(e)
        }
    }
}

fn maketrans_fill(vm: &mut Vm, d: ObjId, given: &[ObjId]) -> PyResult<()> {
    if given.len() == 1 {
        let x = given[0];
        if !matches!(vm.payload(x), Payload::Dict(_)) {
            return Err(
                vm.type_error("if you give only one argument to maketrans it must be a dict")
            );
        }
        for (k, v) in vm.dict_pairs(x) {
            let key = match vm.payload(k) {
                Payload::Str(p) if p.len == 1 => {
                    let c = p.value.chars().next().unwrap_or('\0');
                    vm.new_int(ustr::code_point(c) as i64)
                }
                Payload::Str(_) => {
                    return Err(vm.new_exception(
                        ExcKind::ValueError,
                        "string keys in translate table must be of length 1",
                    ))
                }
                _ if vm.is_int_like(k) => vm.new_ref(k),
                _ => {
                    return Err(vm.type_error("keys in translate table must be strings or integers"))
                }
            };
            let r = vm.dict_setitem(d, key, v);
            vm.decref(key);
            r?;
        }
        return Ok(());
    }
    let x = str_argument(vm, given[0], "maketrans() argument 1")?;
    let y = str_argument(vm, given[1], "maketrans() argument 2")?;
    let z = match given.get(2) {
        Some(&z) => str_argument(vm, z, "maketrans() argument 3")?,
        None => String::new(),
    };
    if x.chars().count() != y.chars().count() {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "the first two maketrans arguments must have equal length",
        ));
    }
    for (a, b) in x.chars().zip(y.chars()) {
        let k = vm.new_int(ustr::code_point(a) as i64);
        let v = vm.new_int(ustr::code_point(b) as i64);
        let r = vm.dict_setitem(d, k, v);
        vm.decref(k);
        vm.decref(v);
        r?;
    }
    for c in z.chars() {
        let k = vm.new_int(ustr::code_point(c) as i64);
        let none = vm.none();
        let r = vm.dict_setitem(d, k, none);
        vm.decref(k);
        r?;
    }
    Ok(())
}

// ---- format_map ----

/// `str.format_map(mapping)`: `str.format` with keyword fields looked up in `mapping`.
fn unicode_format_map(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let template = this(vm, args, "format_map")?;
    let mapping = one_arg(vm, "str.format_map", &args[1..], kwargs)?;
    super::strings::format_with_mapping(vm, &template, mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_whitespace_keeps_the_rest_whole() {
        fn words(s: &str, max: usize, right: bool) -> Vec<&str> {
            let mut parts = Vec::new();
            split_whitespace(s, max, right, &mut |a, b| parts.push(&s[a..b]));
            if right {
                parts.reverse();
            }
            parts
        }
        let s = "  a  b   c  ";
        assert_eq!(words(s, 1, false), vec!["a", "b   c  "]);
        assert_eq!(words(s, 1, true), vec!["  a  b", "c"]);
        assert_eq!(words(s, usize::MAX, false), vec!["a", "b", "c"]);
        assert_eq!(words(s, usize::MAX, true), vec!["a", "b", "c"]);
        assert_eq!(words(s, 0, false), vec!["a  b   c  "]);
        assert_eq!(words(s, 0, true), vec!["  a  b   c"]);
        assert!(words("   ", usize::MAX, false).is_empty());
        assert!(words("   ", usize::MAX, true).is_empty());
        assert!(words("", 0, true).is_empty());
        // multi-byte words and separators (U+3000 and U+0085 are whitespace, U+00E9 is not)
        let s = "\u{3000}\u{e9}t\u{e9}\u{85}x\u{3000}\u{3000}y\u{e9} ";
        assert_eq!(
            words(s, usize::MAX, false),
            vec!["\u{e9}t\u{e9}", "x", "y\u{e9}"]
        );
        assert_eq!(
            words(s, 1, false),
            vec!["\u{e9}t\u{e9}", "x\u{3000}\u{3000}y\u{e9} "]
        );
        assert_eq!(
            words(s, 1, true),
            vec!["\u{3000}\u{e9}t\u{e9}\u{85}x", "y\u{e9}"]
        );
    }

    #[test]
    fn find_follows_adjust_indices() {
        assert_eq!(find_in("abc", "", Some(5), None, false), None);
        assert_eq!(find_in("abc", "", None, None, true), Some(3));
        assert_eq!(find_in("the fox", "o", Some(-5), None, false), Some(5));
        assert_eq!(find_in("banana", "an", Some(0), Some(2), true), None);
    }

    #[test]
    fn case_predicates() {
        assert!(is_upper_text("ABC1"));
        assert!(!is_upper_text("123"));
        assert!(is_lower_text("abc1"));
        assert!(!is_lower_text("aBc"));
    }
}
