//! The ASCII text methods `bytes` and `bytearray` share: case maps and predicates
//! (`Objects/bytes_methods.c`), padding, `zfill` and `expandtabs`
//! (`Objects/stringlib/transmogrify.h`), `translate` and `maketrans` (`Objects/bytesobject.c`,
//! `Objects/bytearrayobject.c`).
//!
//! Bytes are not text: only the 52 ASCII letters have a case, only `b' \t\n\r\x0b\x0c'` is
//! space (`Py_ISSPACE`), and a byte past 127 is none of these (`b'\xe9t\xe9'.title()` is
//! `b'\xe9T\xe9'`).
//!
//! What a learner can see is *which object* comes back. An exact `bytes` that a method
//! would leave as it is comes back itself: `b.ljust(n) is b` when `n <= len(b)`, and so for
//! `center`, `rjust`, `zfill` and a `translate` that changes nothing. A `bytearray` is
//! mutable, so each of these gives a new one ("we're defined as returning a copy"). The
//! case maps and `expandtabs` always build a new object (`PyBytes_FromStringAndSize(NULL, n)`
//! then fill it): equal to the receiver, still another object, except that an empty result
//! is the shared empty `bytes`.

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::super::{method, one_arg, parse_args, positional, ssize_arg, BuiltinDef};
use super::noargs;

pub static BYTES_TEXT: &[BuiltinDef] = &[
    method("capitalize", bytes_capitalize),
    method("title", bytes_title),
    method("swapcase", bytes_swapcase),
    method("isalnum", bytes_isalnum),
    method("isascii", bytes_isascii),
    method("islower", bytes_islower),
    method("isupper", bytes_isupper),
    method("isspace", bytes_isspace),
    method("istitle", bytes_istitle),
    method("center", bytes_center),
    method("ljust", bytes_ljust),
    method("rjust", bytes_rjust),
    method("zfill", bytes_zfill),
    method("expandtabs", bytes_expandtabs),
    method("translate", bytes_translate),
    super::super::classmethod("maketrans", bytes_maketrans),
];

/// The receiver's bytes (a bytes or bytearray).
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<Vec<u8>> {
    super::bytes::receiver(vm, args, name)
}

fn qual(vm: &Vm, args: &[ObjId], name: &str) -> String {
    super::qual(vm, args, name)
}

fn is_exact_bytes(vm: &Vm, v: ObjId) -> bool {
    vm.builtin_type_of(v) == Some(BuiltinType::Bytes)
}

/// `Py_ISSPACE`: space, `\t`, `\n`, `\r`, `\x0b`, `\x0c`.
pub(crate) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

// ---- case maps (always a new object) ----

fn case_map(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    f: fn(&[u8]) -> Vec<u8>,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    noargs(vm, &qual(vm, args, name), args, kwargs)?;
    Ok(vm.new_bytes_like(args[0], f(&b)))
}

/// `_Py_bytes_capitalize`: the first byte upper, the rest lower.
fn capitalize(b: &[u8]) -> Vec<u8> {
    b.iter()
        .enumerate()
        .map(|(i, c)| {
            if i == 0 {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// `_Py_bytes_title`: a letter after a cased letter is lowered, any other is raised.
fn title(b: &[u8]) -> Vec<u8> {
    let mut previous_is_cased = false;
    b.iter()
        .map(|&c| {
            if c.is_ascii_lowercase() {
                let out = if previous_is_cased {
                    c
                } else {
                    c.to_ascii_uppercase()
                };
                previous_is_cased = true;
                out
            } else if c.is_ascii_uppercase() {
                let out = if previous_is_cased {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                previous_is_cased = true;
                out
            } else {
                previous_is_cased = false;
                c
            }
        })
        .collect()
}

fn swapcase(b: &[u8]) -> Vec<u8> {
    b.iter()
        .map(|&c| {
            if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn bytes_capitalize(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "capitalize", capitalize)
}

fn bytes_title(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "title", title)
}

fn bytes_swapcase(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    case_map(vm, args, kwargs, "swapcase", swapcase)
}

// ---- predicates ----

fn predicate(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    f: fn(&[u8]) -> bool,
) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    noargs(vm, &qual(vm, args, name), args, kwargs)?;
    Ok(vm.new_bool(f(&b)))
}

/// `_Py_bytes_islower`/`isupper`: some cased byte, none of the other case.
fn cased_only(b: &[u8], upper: bool) -> bool {
    let has_upper = b.iter().any(u8::is_ascii_uppercase);
    let has_lower = b.iter().any(u8::is_ascii_lowercase);
    if upper {
        has_upper && !has_lower
    } else {
        has_lower && !has_upper
    }
}

/// `_Py_bytes_istitle`: upper-case letters only after uncased bytes, lower-case only after
/// cased ones, and at least one cased letter.
fn istitle(b: &[u8]) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for &c in b {
        if c.is_ascii_uppercase() {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if c.is_ascii_lowercase() {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
}

fn bytes_isalnum(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isalnum", |b| {
        !b.is_empty() && b.iter().all(u8::is_ascii_alphanumeric)
    })
}

fn bytes_isascii(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isascii", |b| b.is_ascii())
}

fn bytes_islower(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "islower", |b| cased_only(b, false))
}

fn bytes_isupper(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isupper", |b| cased_only(b, true))
}

fn bytes_isspace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "isspace", |b| {
        !b.is_empty() && b.iter().all(|&c| is_space(c))
    })
}

fn bytes_istitle(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    predicate(vm, args, kwargs, "istitle", istitle)
}

// ---- padding ----

/// The unchanged receiver: itself for an exact bytes, else a copy of the same kind.
fn unchanged(vm: &mut Vm, me: ObjId, b: Vec<u8>) -> ObjId {
    if is_exact_bytes(vm, me) {
        vm.new_ref(me)
    } else {
        vm.new_bytes_like(me, b)
    }
}

/// `pad()`: `left` fill bytes, the receiver, `right` fill bytes, as a new object.
fn pad(vm: &mut Vm, me: ObjId, b: &[u8], left: usize, right: usize, fill: u8) -> PyResult<ObjId> {
    let total = left as u128 + b.len() as u128 + right as u128;
    if total > i64::MAX as u128 {
        return Err(vm.new_exception(ExcKind::MemoryError, ""));
    }
    vm.check_memory(total)?;
    let mut out = Vec::with_capacity(total as usize);
    out.resize(left, fill);
    out.extend_from_slice(b);
    out.resize(total as usize, fill);
    Ok(vm.new_bytes_like(me, out))
}

/// `center`/`ljust`/`rjust(width, fillchar=b' ', /)`: the fill is a bytes or bytearray of
/// length 1 (Argument Clinic's `char` converter).
fn pad_impl(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)], name: &str) -> PyResult<ObjId> {
    let b = this(vm, args, name)?;
    if !kwargs.is_empty() {
        let msg = format!("{}() takes no keyword arguments", qual(vm, args, name));
        return Err(vm.type_error(&msg));
    }
    positional(vm, name, &args[1..], kwargs, 1, 2)?;
    let width = ssize_arg(vm, args[1])?;
    let fill = match args.get(2) {
        None => b' ',
        Some(&f) => match vm.payload(f) {
            Payload::Bytes(p) if p.len() == 1 => p[0],
            _ => {
                let msg = format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    vm.type_name(f)
                );
                return Err(vm.type_error(&msg));
            }
        },
    };
    let len = b.len() as i64;
    if len >= width {
        return Ok(unchanged(vm, args[0], b));
    }
    let marg = (width - len) as usize;
    let (left, right) = match name {
        "ljust" => (0, marg),
        "rjust" => (marg, 0),
        // stringlib_center: `left = marg / 2 + (marg & width & 1)`
        _ => {
            let left = marg / 2 + (marg & (width as usize) & 1);
            (left, marg - left)
        }
    };
    pad(vm, args[0], &b, left, right, fill)
}

fn bytes_center(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "center")
}

fn bytes_ljust(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "ljust")
}

fn bytes_rjust(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    pad_impl(vm, args, kwargs, "rjust")
}

/// `zfill(width, /)`: zeros on the left, a leading sign moved in front of them.
fn bytes_zfill(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "zfill")?;
    let w = one_arg(vm, &qual(vm, args, "zfill"), &args[1..], kwargs)?;
    let width = ssize_arg(vm, w)?;
    let len = b.len() as i64;
    if len >= width {
        return Ok(unchanged(vm, args[0], b));
    }
    let fill = (width - len) as usize;
    let out = pad(vm, args[0], &b, fill, 0, b'0')?;
    if let Payload::Bytes(p) = vm.heap.payload_mut(out) {
        // CPython reads the NUL terminator past an empty receiver: no sign there
        if fill < p.len() && (p[fill] == b'+' || p[fill] == b'-') {
            p[0] = p[fill];
            p[fill] = b'0';
        }
    }
    Ok(out)
}

/// `expandtabs(tabsize=8)`: a C int; columns restart after `\n` and `\r`; always a new object.
fn bytes_expandtabs(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "expandtabs")?;
    let a = parse_args(vm, "expandtabs", &args[1..], kwargs, &["tabsize"], 0)?;
    let tabsize = match a[0] {
        Some(t) => i64::from(crate::builtins::long_as_int(vm, t)?),
        None => 8,
    };
    // the first pass: the result's length
    let mut total: u128 = 0;
    let mut col: i64 = 0;
    for &c in &b {
        if c == b'\t' {
            if tabsize > 0 {
                let incr = tabsize - col % tabsize;
                col += incr;
                total += incr as u128;
            }
        } else {
            col += 1;
            total += 1;
            if c == b'\n' || c == b'\r' {
                col = 0;
            }
        }
    }
    if total > i64::MAX as u128 {
        return Err(vm.new_exception(ExcKind::OverflowError, "result too long"));
    }
    vm.check_memory(total)?;
    let mut out = Vec::with_capacity(total as usize);
    let mut col: i64 = 0;
    for &c in &b {
        if c == b'\t' {
            if tabsize > 0 {
                let n = tabsize - col % tabsize;
                col += n;
                out.extend(std::iter::repeat_n(b' ', n as usize));
            }
        } else {
            col += 1;
            out.push(c);
            if c == b'\n' || c == b'\r' {
                col = 0;
            }
        }
    }
    Ok(vm.new_bytes_like(args[0], out))
}

// ---- translate / maketrans ----

/// A bytes-like argument (bytes or bytearray; the model has no other buffer).
fn buffer(vm: &mut Vm, v: ObjId) -> PyResult<Vec<u8>> {
    match vm.payload(v) {
        Payload::Bytes(b) => Ok(b.to_vec()),
        _ => {
            let msg = format!("a bytes-like object is required, not '{}'", vm.type_name(v));
            Err(vm.type_error(&msg))
        }
    }
}

/// `translate(table, /, delete=b'')`: `table` is None or 256 bytes. An exact bytes that
/// comes out unchanged is returned itself; a bytearray always gives a new one.
fn bytes_translate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let b = this(vm, args, "translate")?;
    let given = &args[1..];
    if given.is_empty() {
        return Err(vm.type_error("translate() takes at least 1 positional argument (0 given)"));
    }
    let a = parse_args(vm, "translate", given, kwargs, &["table", "delete"], 1)?;
    let table = match a[0] {
        Some(t) if t != vm.none() => {
            let t = buffer(vm, t)?;
            if t.len() != 256 {
                return Err(vm.new_exception(
                    ExcKind::ValueError,
                    "translation table must be 256 characters long",
                ));
            }
            Some(t)
        }
        _ => None,
    };
    let delete = match a[1] {
        Some(d) => buffer(vm, d)?,
        None => Vec::new(),
    };
    let mut gone = [false; 256];
    for &d in &delete {
        gone[d as usize] = true;
    }
    let out: Vec<u8> = b
        .iter()
        .filter(|&&c| !gone[c as usize])
        .map(|&c| table.as_ref().map_or(c, |t| t[c as usize]))
        .collect();
    if out == b && is_exact_bytes(vm, args[0]) {
        return Ok(vm.new_ref(args[0]));
    }
    Ok(vm.new_bytes_like(args[0], out))
}

/// `bytes.maketrans(frm, to, /)` (static; bound here to the class, which it ignores): the
/// 256-byte identity table with `frm[i]` mapped to `to[i]`; always a `bytes`.
fn bytes_maketrans(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let given = &args[1..];
    positional(vm, "maketrans", given, kwargs, 2, 2)?;
    let frm = buffer(vm, given[0])?;
    let to = buffer(vm, given[1])?;
    if frm.len() != to.len() {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "maketrans arguments must have same length",
        ));
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (f, t) in frm.into_iter().zip(to) {
        table[f as usize] = t;
    }
    Ok(vm.new_bytes(table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_istitle_follow_cased_runs() {
        assert_eq!(title(b"3rd-class ok"), b"3Rd-Class Ok");
        assert_eq!(title(b"\xe9t\xe9"), b"\xe9T\xe9");
        assert!(istitle(b"Title Case"));
        assert!(!istitle(b"TItle"));
        assert!(!istitle(b"  "));
    }

    #[test]
    fn case_predicates_need_a_cased_byte() {
        assert!(cased_only(b"a1", false));
        assert!(!cased_only(b"12", false));
        assert!(cased_only(b"ABC", true));
        assert!(!cased_only(b"ABc", true));
        assert_eq!(capitalize(b"hELLO"), b"Hello");
        assert_eq!(swapcase(b"aB\xe9"), b"Ab\xe9");
    }
}
