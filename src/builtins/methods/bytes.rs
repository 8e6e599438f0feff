//! `bytes` and `bytearray` methods (`Objects/bytes_methods.c`, `Objects/stringlib`): both
//! types share the read-only ones, each returning its own kind; `bytearray` adds the mutators.
//! Searching, splitting, joining and stripping live here; the ASCII text methods (case,
//! padding, tabs, translate) in `bytes_text.rs`.
//!
//! Which object comes back follows CPython: where an exact `bytes` would come out unchanged
//! (nothing stripped, split or removed) the result is the receiver itself, and
//! `partition`'s middle item is the separator object given; a `bytearray` is mutable, so
//! every result is a new one.

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::super::{
    classmethod, method, one_arg, parse_args, parse_tuple_count, positional, slice_index_arg,
    ssize_arg, BuiltinDef,
};
use super::noargs;

/// Methods of both `bytes` and `bytearray`.
pub static BYTES_COMMON: &[BuiltinDef] = &[
    method("upper", bytes_upper),
    method("lower", bytes_lower),
    method("split", bytes_split),
    method("rsplit", bytes_rsplit),
    method("splitlines", bytes_splitlines),
    method("partition", bytes_partition),
    method("rpartition", bytes_rpartition),
    method("removeprefix", bytes_removeprefix),
    method("removesuffix", bytes_removesuffix),
    method("join", bytes_join),
    method("replace", bytes_replace),
    method("find", bytes_find).varargs(),
    method("rfind", bytes_rfind).varargs(),
    method("index", bytes_index).varargs(),
    method("rindex", bytes_rindex).varargs(),
    method("count", bytes_count).varargs(),
    method("startswith", bytes_startswith).varargs(),
    method("endswith", bytes_endswith).varargs(),
    method("strip", bytes_strip),
    method("lstrip", bytes_lstrip),
    method("rstrip", bytes_rstrip),
    method("isdigit", bytes_isdigit),
    method("isalpha", bytes_isalpha),
    classmethod("fromhex", bytes_fromhex),
];

/// `bytes`'s own.
pub static BYTES_ONLY: &[BuiltinDef] = &[
    method("__bytes__", bytes_bytes),
    method("__getnewargs__", bytes_getnewargs),
];

/// `bytearray`'s own: mutators, and the methods `bytes` keeps in `strings.rs`.
pub static BYTEARRAY: &[BuiltinDef] = &[
    method("append", bytearray_append),
    method("extend", bytearray_extend),
    method("pop", bytearray_pop),
    method("clear", bytearray_clear),
    method("insert", bytearray_insert),
    method("remove", bytearray_remove),
    method("reverse", bytearray_reverse),
    method("__alloc__", bytearray_alloc),
    method("copy", bytearray_copy),
    method("decode", super::strings::bytes_decode),
    method("hex", super::strings::bytes_hex),
    method("__len__", super::strings::str_len),
];

/// The receiver's bytes (a bytes or bytearray).
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<Vec<u8>> {
    receiver(vm, args, name)
}

/// The receiver's bytes (a bytes or bytearray), for the sibling modules.
pub(crate) fn receiver(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<Vec<u8>> {
    match args.first().map(|&a| vm.payload(a)) {
        Some(Payload::Bytes(b)) => Ok(b.to_vec()),
        Some(_) => Err(super::super::descr_error(vm, name, "bytes", args[0])),
        None => {
            let msg = format!("unbound method bytes.{name}() needs an argument");
            Err(vm.type_error(&msg))
        }
    }
}

fn qual(vm: &Vm, args: &[ObjId], name: &str) -> String {
    super::qual(vm, args, name)
}

/// A bytes-like argument: `a bytes-like object is required, not 'str'`.
fn bytes_arg(vm: &mut Vm, v: ObjId) -> PyResult<Vec<u8>> {
    match vm.payload(v) {
        Payload::Bytes(b) => Ok(b.to_vec()),
        _ => {
            let msg = format!("a bytes-like object is required, not '{}'", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
    }
}

fn is_exact_bytes(vm: &Vm, v: ObjId) -> bool {
    vm.builtin_type_of(v) == Some(BuiltinType::Bytes)
}

/// A result of the receiver's kind; an unchanged exact `bytes` is the receiver itself.
fn result(vm: &mut Vm, me: ObjId, old: &[u8], new: Vec<u8>) -> ObjId {
    if new == old && vm.builtin_type_of(me) == Some(BuiltinType::Bytes) {
        return vm.new_ref(me);
    }
    vm.new_bytes_like(me, new)
}

fn bytes_upper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "upper")?;
    noargs(vm, &qual(vm, args, "upper"), args, kwargs)?;
    Ok(vm.new_bytes_like(args[0], b.to_ascii_uppercase()))
}

fn bytes_lower(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "lower")?;
    noargs(vm, &qual(vm, args, "lower"), args, kwargs)?;
    Ok(vm.new_bytes_like(args[0], b.to_ascii_lowercase()))
}

fn find_sub(hay: &[u8], sub: &[u8], from: usize) -> Option<usize> {
    if sub.is_empty() {
        return (from <= hay.len()).then_some(from);
    }
    hay.get(from..)?
        .windows(sub.len())
        .position(|w| w == sub)
        .map(|p| p + from)
}

/// `split`/`rsplit(sep=None, maxsplit=-1)` (`Objects/stringlib/split.h`): runs of
/// `Py_ISSPACE` bytes, or a separator; after `maxsplit` splits the rest is kept whole. The
/// parts come in the order they are found (right to left for `rsplit`).
fn split_parts(b: &[u8], sep: Option<&[u8]>, max: usize, from_right: bool) -> Vec<Vec<u8>> {
    let n = b.len();
    let space = |c: u8| super::bytes_text::is_space(c);
    let mut parts: Vec<Vec<u8>> = Vec::new();
    match (sep, from_right) {
        (None, false) => {
            let (mut i, mut left) = (0, max);
            while left > 0 {
                while i < n && space(b[i]) {
                    i += 1;
                }
                if i == n {
                    break;
                }
                let j = i;
                while i < n && !space(b[i]) {
                    i += 1;
                }
                parts.push(b[j..i].to_vec());
                left -= 1;
            }
            while i < n && space(b[i]) {
                i += 1;
            }
            if i < n {
                parts.push(b[i..].to_vec());
            }
        }
        (None, true) => {
            let (mut i, mut left) = (n, max);
            while left > 0 {
                while i > 0 && space(b[i - 1]) {
                    i -= 1;
                }
                if i == 0 {
                    break;
                }
                let j = i;
                while i > 0 && !space(b[i - 1]) {
                    i -= 1;
                }
                parts.push(b[i..j].to_vec());
                left -= 1;
            }
            while i > 0 && space(b[i - 1]) {
                i -= 1;
            }
            if i > 0 {
                parts.push(b[..i].to_vec());
            }
        }
        (Some(sep), false) => {
            let (mut start, mut left) = (0, max);
            while left > 0 {
                match find_sub(b, sep, start) {
                    Some(p) => {
                        parts.push(b[start..p].to_vec());
                        start = p + sep.len();
                        left -= 1;
                    }
                    None => break,
                }
            }
            parts.push(b[start..].to_vec());
        }
        (Some(sep), true) => {
            let (mut end, mut left) = (n, max);
            while left > 0 && end >= sep.len() {
                match b[..end].windows(sep.len()).rposition(|w| w == sep) {
                    Some(p) => {
                        parts.push(b[p + sep.len()..end].to_vec());
                        end = p;
                        left -= 1;
                    }
                    None => break,
                }
            }
            parts.push(b[..end].to_vec());
        }
    }
    parts
}

/// `bytes.split`/`rsplit`: the list starts with room for `PREALLOC_SIZE(maxcount)` items
/// (12 at most) and grows by appends past that; an exact bytes that is not split at all is
/// the list's one item itself.
fn split_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    from_right: bool,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    let a = parse_args(vm, name, &args[1..], kwargs, &["sep", "maxsplit"], 0)?;
    let sep = match a[0].filter(|&s| s != vm.none()) {
        Some(s) => Some(bytes_arg(vm, s)?),
        None => None,
    };
    let maxsplit = match a[1] {
        Some(m) => ssize_arg(vm, m)?,
        None => -1,
    };
    if sep.as_ref().is_some_and(|s| s.is_empty()) {
        return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
    }
    let max = if maxsplit < 0 {
        usize::MAX
    } else {
        maxsplit as usize
    };
    let parts = split_parts(&b, sep.as_deref(), max, from_right);
    let whole = parts.len() == 1 && parts[0] == b && is_exact_bytes(vm, args[0]);
    let l = super::split_list_new(vm, max);
    for p in parts {
        let item = if whole {
            vm.new_ref(args[0])
        } else {
            vm.new_bytes_like(args[0], p)
        };
        super::split_add(vm, l, item);
    }
    if from_right {
        super::split_reverse(vm, l);
    }
    Ok(l)
}

fn bytes_split(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "split", false)
}

fn bytes_rsplit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    split_impl(vm, args, kwargs, "rsplit", true)
}

/// `splitlines(keepends=False)`: lines end at `\n`, `\r` or `\r\n` only; the list grows by
/// appends from empty; an exact bytes with no line break is its one item itself.
fn bytes_splitlines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "splitlines")?;
    let a = parse_args(vm, "splitlines", &args[1..], kwargs, &["keepends"], 0)?;
    let keepends = match a[0] {
        Some(k) => ssize_arg(vm, k)? != 0,
        None => false,
    };
    let n = b.len();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        let j = i;
        while i < n && b[i] != b'\n' && b[i] != b'\r' {
            i += 1;
        }
        let mut eol = i;
        if i < n {
            i += if b[i] == b'\r' && i + 1 < n && b[i + 1] == b'\n' {
                2
            } else {
                1
            };
            if keepends {
                eol = i;
            }
        }
        lines.push((j, eol));
    }
    let l = vm.new_list_with_capacity(Vec::new(), 0);
    let exact = is_exact_bytes(vm, args[0]);
    for (j, eol) in lines {
        let item = if j == 0 && eol == n && exact {
            vm.new_ref(args[0])
        } else {
            vm.new_bytes_like(args[0], b[j..eol].to_vec())
        };
        vm.list_append_owned(l, item);
    }
    Ok(l)
}

/// `partition`/`rpartition(sep, /)` (`Objects/stringlib/partition.h`). For a bytes the
/// middle item is the separator object given, and when it is not found the receiver itself
/// with two empty bytes. A bytearray copies the separator first and gives new bytearrays.
fn partition_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    right: bool,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    let sep_obj = one_arg(vm, &qual(vm, args, name), &args[1..], kwargs)?;
    let sep = bytes_arg(vm, sep_obj)?;
    let mutable = vm.is_bytearray(args[0]);
    // bytearray_partition: `bytesep = bytearray_fromobject(sep)` before the search
    let sep_obj = if mutable {
        vm.new_bytearray(sep.clone())
    } else {
        vm.new_ref(sep_obj)
    };
    if sep.is_empty() {
        vm.decref(sep_obj);
        return Err(vm.new_exception(ExcKind::ValueError, "empty separator"));
    }
    let found = if b.len() < sep.len() {
        None
    } else if right {
        b.windows(sep.len()).rposition(|w| w == sep.as_slice())
    } else {
        find_sub(&b, &sep, 0)
    };
    let parts = match found {
        Some(p) => {
            let head = vm.new_bytes_like(args[0], b[..p].to_vec());
            let tail = vm.new_bytes_like(args[0], b[p + sep.len()..].to_vec());
            [head, sep_obj, tail]
        }
        None => {
            vm.decref(sep_obj);
            let me = if mutable {
                vm.new_bytearray(b.clone())
            } else {
                vm.new_ref(args[0])
            };
            let e1 = vm.new_bytes_like(args[0], Vec::new());
            let e2 = vm.new_bytes_like(args[0], Vec::new());
            if right {
                [e1, e2, me]
            } else {
                [me, e1, e2]
            }
        }
    };
    Ok(vm.new_tuple(parts.to_vec()))
}

fn bytes_partition(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition_impl(vm, args, kwargs, "partition", false)
}

fn bytes_rpartition(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partition_impl(vm, args, kwargs, "rpartition", true)
}

/// `removeprefix`/`removesuffix(x, /)`: a bytes without the affix is the receiver itself
/// (also for an empty affix); a bytearray always gives a new one.
fn remove_affix(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    suffix: bool,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    let a = one_arg(vm, &qual(vm, args, name), &args[1..], kwargs)?;
    let affix = bytes_arg(vm, a)?;
    let rest = if affix.is_empty() {
        None
    } else if suffix {
        b.strip_suffix(affix.as_slice())
    } else {
        b.strip_prefix(affix.as_slice())
    };
    match rest {
        Some(rest) => {
            let rest = rest.to_vec();
            Ok(vm.new_bytes_like(args[0], rest))
        }
        None if is_exact_bytes(vm, args[0]) => Ok(vm.new_ref(args[0])),
        None => Ok(vm.new_bytes_like(args[0], b)),
    }
}

fn bytes_removeprefix(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    remove_affix(vm, args, kwargs, "removeprefix", false)
}

fn bytes_removesuffix(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    remove_affix(vm, args, kwargs, "removesuffix", true)
}

fn bytes_join(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let sep = this(vm, args, "join")?;
    let it = one_arg(vm, &qual(vm, args, "join"), &args[1..], kwargs)?;
    let items = vm.collect_iterable(it)?;
    let mut total = sep.len() as u128 * items.len().saturating_sub(1) as u128;
    for &item in &items {
        if let Payload::Bytes(p) = vm.payload(item) {
            total += p.len() as u128;
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
    let mut out = Vec::new();
    let mut err = None;
    for (i, &item) in items.iter().enumerate() {
        match vm.payload(item) {
            Payload::Bytes(p) => {
                if i > 0 {
                    out.extend_from_slice(&sep);
                }
                out.extend_from_slice(p);
            }
            _ => {
                let msg = format!(
                    "sequence item {i}: expected a bytes-like object, {} found",
                    vm.type_name(item)
                );
                err = Some(vm.type_error(&msg));
                break;
            }
        }
    }
    // stringlib's join: one exact bytes item is the result itself (not for bytearray)
    let single = items.len() == 1
        && !vm.is_bytearray(args[0])
        && vm.builtin_type_of(items[0]) == Some(crate::object::BuiltinType::Bytes);
    if err.is_none() && single {
        return Ok(items[0]);
    }
    for i in items {
        vm.decref(i);
    }
    match err {
        Some(e) => Err(e),
        None => Ok(vm.new_bytes_like(args[0], out)),
    }
}

fn bytes_replace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "replace")?;
    positional(vm, "replace", &args[1..], kwargs, 2, 3)?;
    let old = bytes_arg(vm, args[1])?;
    let new = bytes_arg(vm, args[2])?;
    let mut count = match args.get(3) {
        Some(&c) => ssize_arg(vm, c)?,
        None => -1,
    };
    if new.len() > old.len() {
        let found = if old.is_empty() {
            b.len() + 1
        } else {
            b.windows(old.len()).filter(|w| *w == &old[..]).count()
        };
        let n = if count < 0 {
            found
        } else {
            found.min(count as usize)
        };
        let grows = n as u128 * (new.len() - old.len()) as u128;
        if grows >= 1 << 20 {
            vm.check_memory(b.len() as u128 + grows)?;
        }
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    if old.is_empty() {
        while i <= b.len() && count != 0 {
            out.extend_from_slice(&new);
            if i < b.len() {
                out.push(b[i]);
            }
            i += 1;
            count -= 1;
        }
        if i < b.len() {
            out.extend_from_slice(&b[i..]);
        }
    } else {
        while count != 0 {
            match find_sub(&b, &old, i) {
                Some(p) => {
                    out.extend_from_slice(&b[i..p]);
                    out.extend_from_slice(&new);
                    i = p + old.len();
                    count -= 1;
                }
                None => break,
            }
        }
        out.extend_from_slice(&b[i..]);
    }
    Ok(result(vm, args[0], &b, out))
}

/// `(sub[, start[, end]])` for the find family; `sub` bytes-like or an int byte.
fn find_args(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
) -> PyResult<(Vec<u8>, Vec<u8>, usize, usize)> {
    let b = this(vm, args, name)?;
    parse_tuple_count(vm, name, &args[1..], kwargs, 1, 3)?;
    let sub = if vm.is_int_like(args[1]) {
        vec![vm.byte_value(args[1])?]
    } else {
        match vm.payload(args[1]) {
            Payload::Bytes(s) => s.to_vec(),
            _ => {
                let msg = format!(
                    "argument should be integer or bytes-like object, not '{}'",
                    vm.type_name(args[1])
                );
                return Err(vm.type_error(&msg));
            }
        }
    };
    let len = b.len() as i64;
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => (v + len).max(0),
            Some(v) => v.min(len),
        }
    };
    let start = match args.get(2) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let end = match args.get(3) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let raw_start = start.unwrap_or(0);
    let start = if raw_start > len {
        len + 1
    } else {
        adjust(start, 0)
    };
    let end = adjust(end, len);
    Ok((b, sub, start as usize, end.max(0) as usize))
}

fn find_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    right: bool,
) -> PyResult<Option<usize>> {
    let (b, sub, start, end) = find_args(vm, args, kwargs, name)?;
    if start > b.len() || end < start || end - start < sub.len() {
        return Ok(None);
    }
    let hay = &b[start..end];
    let found = if sub.is_empty() {
        Some(if right { hay.len() } else { 0 })
    } else if right {
        hay.windows(sub.len()).rposition(|w| w == sub.as_slice())
    } else {
        hay.windows(sub.len()).position(|w| w == sub.as_slice())
    };
    Ok(found.map(|p| p + start))
}

fn bytes_find(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, kwargs, "find", false)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn bytes_rfind(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let r = find_impl(vm, args, kwargs, "rfind", true)?;
    Ok(vm.new_int(r.map(|i| i as i64).unwrap_or(-1)))
}

fn bytes_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, kwargs, "index", false)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "subsection not found")),
    }
}

fn bytes_rindex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    match find_impl(vm, args, kwargs, "rindex", true)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "subsection not found")),
    }
}

fn bytes_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (b, sub, start, end) = find_args(vm, args, kwargs, "count")?;
    if start > b.len() || end < start {
        return Ok(vm.new_int(0));
    }
    let hay = &b[start..end];
    let n = if sub.is_empty() {
        hay.len() + 1
    } else {
        let mut n = 0;
        let mut i = 0;
        while let Some(p) = find_sub(hay, &sub, i) {
            n += 1;
            i = p + sub.len();
        }
        n
    };
    Ok(vm.new_usize(n))
}

fn affix(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    at_end: bool,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    parse_tuple_count(vm, name, &args[1..], kwargs, 1, 3)?;
    let candidates: Vec<Vec<u8>> = match vm.payload(args[1]) {
        Payload::Bytes(p) => vec![p.to_vec()],
        Payload::Tuple(t) => {
            let t = t.to_vec();
            let mut v = Vec::new();
            for i in t {
                v.push(bytes_arg(vm, i)?);
            }
            v
        }
        _ => {
            let msg = format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                vm.type_name(args[1])
            );
            return Err(vm.type_error(&msg));
        }
    };
    let len = b.len() as i64;
    let adjust = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => (v + len).max(0),
            Some(v) => v.min(len),
        }
    };
    let start = match args.get(2) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let end = match args.get(3) {
        Some(&v) => slice_index_arg(vm, v)?,
        None => None,
    };
    let (start, end) = (adjust(start, 0), adjust(end, len));
    let r = candidates.iter().any(|c| {
        if end - (c.len() as i64) < start {
            return false;
        }
        let hay = &b[start as usize..end as usize];
        if at_end {
            hay.ends_with(c)
        } else {
            hay.starts_with(c)
        }
    });
    Ok(vm.new_bool(r))
}

fn bytes_startswith(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix(vm, args, kwargs, "startswith", false)
}

fn bytes_endswith(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    affix(vm, args, kwargs, "endswith", true)
}

/// `strip`/`lstrip`/`rstrip(bytes=None, /)` (`do_argstrip`): `Py_ISSPACE` bytes, or the
/// bytes given; an exact bytes with nothing stripped is the receiver itself.
fn strip_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    if !kwargs.is_empty() {
        let msg = format!("{}() takes no keyword arguments", qual(vm, args, name));
        return Err(vm.type_error(&msg));
    }
    positional(vm, name, &args[1..], kwargs, 0, 1)?;
    let set: Option<Vec<u8>> = match args.get(1) {
        Some(&c) if c != vm.none() => Some(bytes_arg(vm, c)?),
        _ => None,
    };
    let strip = |c: &u8| match &set {
        Some(s) => s.contains(c),
        None => super::bytes_text::is_space(*c),
    };
    let start = if name == "rstrip" {
        0
    } else {
        b.iter().position(|c| !strip(c)).unwrap_or(b.len())
    };
    let end = if name == "lstrip" {
        b.len()
    } else {
        b.iter()
            .rposition(|c| !strip(c))
            .map(|p| p + 1)
            .unwrap_or(0)
    };
    let out = b[start..end.max(start)].to_vec();
    Ok(result(vm, args[0], &b, out))
}

fn bytes_strip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "strip")
}

fn bytes_lstrip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "lstrip")
}

fn bytes_rstrip(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    strip_impl(vm, args, kwargs, "rstrip")
}

fn bytes_isdigit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "isdigit")?;
    noargs(vm, &qual(vm, args, "isdigit"), args, kwargs)?;
    Ok(vm.new_bool(!b.is_empty() && b.iter().all(u8::is_ascii_digit)))
}

fn bytes_isalpha(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "isalpha")?;
    noargs(vm, &qual(vm, args, "isalpha"), args, kwargs)?;
    Ok(vm.new_bool(!b.is_empty() && b.iter().all(u8::is_ascii_alphabetic)))
}

/// `bytes.fromhex(string)` / `bytearray.fromhex`: pairs of hex digits, spaces between pairs.
fn bytes_fromhex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let cls = args[0];
    let name = if cls == vm.ty(BuiltinType::ByteArray) {
        "bytearray.fromhex"
    } else {
        "bytes.fromhex"
    };
    let a = one_arg(vm, name, &args[1..], kwargs)?;
    let text = match vm.payload(a) {
        Payload::Str(s) => s.value.to_string(),
        _ => {
            let msg = format!("fromhex() argument must be str, not {}", vm.type_name(a));
            return Err(vm.type_error(&msg));
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = chars[i].to_digit(16).filter(|_| chars[i].is_ascii());
        let lo = chars
            .get(i + 1)
            .and_then(|c| c.to_digit(16).filter(|_| c.is_ascii()));
        match (hi, lo) {
            (Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 2;
            }
            (Some(_), None) => {
                let pos = i + 1;
                let msg =
                    format!("non-hexadecimal number found in fromhex() arg at position {pos}");
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
            _ => {
                let msg = format!("non-hexadecimal number found in fromhex() arg at position {i}");
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
        }
    }
    if cls == vm.ty(BuiltinType::ByteArray) {
        Ok(vm.new_bytearray(out))
    } else {
        Ok(vm.new_bytes(out))
    }
}

// ---- bytearray mutators ----

fn set_buffer(vm: &mut Vm, ba: ObjId, b: Vec<u8>) {
    if let Payload::Bytes(old) = vm.heap.payload_mut(ba) {
        *old = b.into_boxed_slice();
    }
}

fn bytearray_append(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut b = this(vm, args, "append")?;
    let v = one_arg(vm, "bytearray.append", &args[1..], kwargs)?;
    b.push(vm.byte_value(v)?);
    vm.bytearray_store(args[0], b)?;
    Ok(vm.new_none())
}

/// `bytearray.extend(x)`: a bytes-like `x` is `self[len:len] = x` (a copy first when it is
/// `self`); anything else is read into a temporary bytearray sized by its length hint
/// (grown by half when full, then cut to size) whose bytes are then appended.
fn bytearray_extend(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "extend")?;
    let v = one_arg(vm, "bytearray.extend", &args[1..], kwargs)?;
    if matches!(vm.payload(v), Payload::Str(_)) {
        return Err(vm.type_error("expected iterable of integers; got: 'str'"));
    }
    let n = b.len();
    if let Payload::Bytes(more) = vm.payload(v) {
        let more = more.to_vec();
        let copy = (v == args[0]).then(|| vm.new_bytearray(more.clone()));
        let r = vm.bytearray_setslice_linear(args[0], n, n, &more);
        if let Some(c) = copy {
            vm.decref(c);
        }
        r?;
        return Ok(vm.new_none());
    }
    if !vm.is_iterable(v) {
        let msg = format!("can't extend bytearray with {}", vm.type_name(v));
        return Err(vm.type_error(&msg));
    }
    let hint = vm.length_hint_or(v, 32)?;
    vm.check_memory(hint as u128)?;
    let tmp = vm.new_bytearray(vec![0; hint]);
    let more = match vm.bytearray_from_object(v) {
        Ok(m) => m,
        Err(e) => {
            vm.decref(tmp);
            return Err(e);
        }
    };
    // the temporary's growth while it was filled, then its cut to size
    let mut size = hint;
    for len in 1..=more.len() {
        if len >= size {
            size = len + (len >> 1) + 1;
            let r = vm.bytearray_store(tmp, vec![0; size]);
            if let Err(e) = r {
                vm.decref(tmp);
                return Err(e);
            }
        }
    }
    let r = vm
        .bytearray_store(tmp, more.clone())
        .and_then(|()| vm.bytearray_setslice_linear(args[0], n, n, &more));
    vm.decref(tmp);
    r?;
    Ok(vm.new_none())
}

fn bytearray_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut b = this(vm, args, "pop")?;
    positional(vm, "pop", &args[1..], kwargs, 0, 1)?;
    let i = match args.get(1) {
        Some(&i) => ssize_arg(vm, i)?,
        None => -1,
    };
    if b.is_empty() {
        return Err(vm.new_exception(ExcKind::IndexError, "pop from empty bytearray"));
    }
    let n = b.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.new_exception(ExcKind::IndexError, "pop index out of range"));
    }
    let v = b.remove(j as usize);
    vm.bytearray_store(args[0], b)?;
    Ok(vm.new_int(v as i64))
}

fn bytearray_clear(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    this(vm, args, "clear")?;
    noargs(vm, "bytearray.clear", args, kwargs)?;
    vm.bytearray_store(args[0], Vec::new())?;
    Ok(vm.new_none())
}

fn bytearray_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "copy")?;
    noargs(vm, "bytearray.copy", args, kwargs)?;
    Ok(vm.new_bytearray(b))
}

fn bytearray_insert(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut b = this(vm, args, "insert")?;
    if !kwargs.is_empty() {
        return Err(vm.type_error("bytearray.insert() takes no keyword arguments"));
    }
    positional(vm, "insert", &args[1..], kwargs, 2, 2)?;
    let index = ssize_arg(vm, args[1])?;
    let item = vm.byte_value(args[2])?;
    let n = b.len() as i64;
    let at = if index < 0 {
        (index + n).max(0)
    } else {
        index.min(n)
    };
    b.insert(at as usize, item);
    vm.bytearray_store(args[0], b)?;
    Ok(vm.new_none())
}

fn bytearray_remove(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut b = this(vm, args, "remove")?;
    let v = one_arg(vm, "bytearray.remove", &args[1..], kwargs)?;
    let item = vm.byte_value(v)?;
    match b.iter().position(|&c| c == item) {
        Some(i) => {
            b.remove(i);
            vm.bytearray_store(args[0], b)?;
            Ok(vm.new_none())
        }
        None => Err(vm.new_exception(ExcKind::ValueError, "value not found in bytearray")),
    }
}

fn bytearray_reverse(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let mut b = this(vm, args, "reverse")?;
    noargs(vm, "bytearray.reverse", args, kwargs)?;
    b.reverse();
    set_buffer(vm, args[0], b);
    Ok(vm.new_none())
}

/// `bytearray.__alloc__()`: `ob_alloc`, the buffer's size (`vm::bytearray`).
fn bytearray_alloc(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    this(vm, args, "__alloc__")?;
    noargs(vm, "bytearray.__alloc__", args, kwargs)?;
    let n = vm.bytearray_alloc(args[0]);
    Ok(vm.new_usize(n))
}

/// `bytes.__bytes__()`: an exact bytes is itself.
fn bytes_bytes(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "__bytes__")?;
    noargs(vm, "bytes.__bytes__", args, kwargs)?;
    Ok(result(vm, args[0], &b, b.clone()))
}

/// `bytes.__getnewargs__()`: a one-tuple of a new copy (`Py_BuildValue("(y#)")`).
fn bytes_getnewargs(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "__getnewargs__")?;
    noargs(vm, "bytes.__getnewargs__", args, kwargs)?;
    let copy = vm.new_bytes(b);
    Ok(vm.new_tuple(vec![copy]))
}
