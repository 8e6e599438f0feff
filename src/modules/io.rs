//! `io` (`Modules/_io/stringio.c`, `bytesio.c`): in-memory text and binary files, with their
//! cursor semantics (writing past the end pads with NULs, `truncate` keeps the position),
//! newline translation for `newline=None`, and "I/O operation on closed file" once closed.

use crate::builtins::{getter, method, parse_args, positional};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, make_type, new, NativeData, Slots, TypeSpec};

#[derive(Clone)]
struct StringIO {
    buf: Vec<char>,
    pos: usize,
    closed: bool,
    /// `newline=None`: `\r\n` and `\r` become `\n` as they are written.
    translate: bool,
    dict: Option<ObjId>,
    weakrefs: Vec<ObjId>,
}

#[derive(Clone)]
struct BytesIO {
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
    /// `self->buf` when the buffer is a bytes object a snippet can hold: the one it was made
    /// from, or the one `getvalue()`/`read()` handed out (owned). While someone else holds it
    /// too (`SHARED_BUF`), `__sizeof__` does not count it and a change copies it first; the
    /// model lets go of it at any change.
    buf_obj: Option<ObjId>,
    /// The size of the buffer's bytes object (`PyBytes_GET_SIZE(self->buf)`) under
    /// `resize_buffer`'s policy.
    alloc: usize,
    dict: Option<ObjId>,
    weakrefs: Vec<ObjId>,
}

macro_rules! file_native {
    ($t:ident, $size:expr, $next:expr, $buf:expr) => {
        impl NativeData for $t {
            fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
                if let Some(d) = self.dict {
                    visit(Slot::Field("__dict__"), d, true);
                }
                // tp_traverse does not visit the buffer (bytes hold no references)
                let buf: fn(&$t) -> Option<ObjId> = $buf;
                if let Some(b) = buf(self) {
                    visit(Slot::Field("buf"), b, false);
                }
            }
            fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
                // bytesio_dealloc: the buffer, then the dict
                let buf: fn(&$t) -> Option<ObjId> = $buf;
                let mut refs: Vec<ObjId> = buf(self).into_iter().collect();
                refs.extend(self.dict.take());
                (refs, Vec::new())
            }
            fn sizeof(&self) -> usize {
                let f: fn(&$t) -> usize = $size;
                f(self)
            }
            fn sizeof_vm(&self, vm: &Vm) -> usize {
                let buf: fn(&$t) -> Option<ObjId> = $buf;
                match buf(self) {
                    // SHARED_BUF: the buffer is not counted while someone else holds it
                    Some(b) if vm.refcnt(b) > 1 => 64,
                    _ => self.sizeof(),
                }
            }
            fn weakrefs(&self) -> Option<&Vec<ObjId>> {
                Some(&self.weakrefs)
            }
            fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
                Some(&mut self.weakrefs)
            }
            fn slots(&self) -> Slots {
                Slots {
                    next: Some($next),
                    ..Slots::default()
                }
            }
            fn has_dict(&self) -> bool {
                true
            }
            fn dict(&self) -> Option<ObjId> {
                self.dict
            }
            fn set_dict(&mut self, d: ObjId) {
                self.dict = Some(d);
            }
            native_any!();
        }
    };
}

file_native!(StringIO, |_| 120, stringio_next, |_| None);
// bytesio_sizeof: the object, and its buffer's bytes object unless shared (or closed: none)
file_native!(
    BytesIO,
    |b| 64 + if b.closed { 0 } else { 33 + b.alloc },
    bytesio_next,
    |b| b.buf_obj
);

static STRINGIO: TypeSpec = TypeSpec {
    name: "StringIO",
    module: "_io",
    methods: &[
        new(stringio_new),
        method("write", sio_write),
        method("writelines", sio_writelines),
        method("read", sio_read),
        method("readline", sio_readline),
        method("readlines", sio_readlines),
        method("getvalue", sio_getvalue),
        method("seek", sio_seek),
        method("tell", sio_tell),
        method("truncate", sio_truncate),
        method("close", sio_close),
        method("flush", file_flush),
        method("readable", file_true),
        method("writable", file_true),
        method("seekable", file_true),
        method("isatty", file_false),
        method("__iter__", file_iter),
        method("__next__", native::next_method),
        method("__enter__", file_enter),
        method("__exit__", sio_exit),
        getter("closed", sio_closed),
        getter("line_buffering", file_false_getter),
        getter("newlines", file_none_getter),
    ],
    unhashable: false,
    weakrefs: true,
    base: None,
    doc: None,
    heap: false,
};

static BYTESIO: TypeSpec = TypeSpec {
    name: "BytesIO",
    module: "_io",
    methods: &[
        new(bytesio_new),
        method("write", bio_write),
        method("writelines", bio_writelines),
        method("read", bio_read),
        method("read1", bio_read),
        method("readline", bio_readline),
        method("readlines", bio_readlines),
        method("getvalue", bio_getvalue),
        method("seek", bio_seek),
        method("tell", bio_tell),
        method("truncate", bio_truncate),
        method("close", bio_close),
        method("flush", file_flush),
        method("readable", file_true),
        method("writable", file_true),
        method("seekable", file_true),
        method("isatty", file_false),
        method("__iter__", file_iter),
        method("__next__", native::next_method),
        method("__enter__", file_enter),
        method("__exit__", bio_exit),
        getter("closed", bio_closed),
    ],
    unhashable: false,
    weakrefs: true,
    base: None,
    doc: None,
    heap: false,
};

/// `io`: `_io`'s names.
pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_reexport(
        m,
        "_io",
        &[
            "StringIO",
            "BytesIO",
            "TextIOWrapper",
            "SEEK_SET",
            "SEEK_CUR",
            "SEEK_END",
            "DEFAULT_BUFFER_SIZE",
        ],
    );
}

/// `_io`: the in-memory files, and `TextIOWrapper` (the type of `sys.stdout`).
pub fn init_private(vm: &mut Vm, m: ObjId) {
    for spec in [&STRINGIO, &BYTESIO] {
        let t = make_type(vm, spec);
        vm.module_set(m, spec.name, t);
        vm.decref(t);
    }
    let t = vm.ty(crate::object::BuiltinType::TextIOWrapper);
    vm.module_set(m, "TextIOWrapper", t);
    for (name, v) in [
        ("SEEK_SET", 0),
        ("SEEK_CUR", 1),
        ("SEEK_END", 2),
        ("DEFAULT_BUFFER_SIZE", 8192),
    ] {
        let n = vm.new_int(v);
        vm.module_set(m, name, n);
        vm.decref(n);
    }
}

fn closed_error(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::ValueError, "I/O operation on closed file")
}

fn sio<'a>(vm: &'a mut Vm, args: &[ObjId], name: &str) -> PyResult<&'a mut StringIO> {
    let s = native::self_check::<StringIO>(vm, name, "_io.StringIO", args)?;
    if vm.native_ref::<StringIO>(s).is_some_and(|x| x.closed) {
        return Err(closed_error(vm));
    }
    Ok(vm.native_mut::<StringIO>(s).expect("checked"))
}

fn bio<'a>(vm: &'a mut Vm, args: &[ObjId], name: &str) -> PyResult<&'a mut BytesIO> {
    let s = native::self_check::<BytesIO>(vm, name, "_io.BytesIO", args)?;
    if vm.native_ref::<BytesIO>(s).is_some_and(|x| x.closed) {
        return Err(closed_error(vm));
    }
    Ok(vm.native_mut::<BytesIO>(s).expect("checked"))
}

/// A `size` argument: None or negative means "all".
fn size_arg(vm: &mut Vm, v: Option<ObjId>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(s) if s == vm.none() => Ok(None),
        Some(s) => {
            let n = crate::builtins::ssize_arg(vm, s)?;
            Ok(if n < 0 { None } else { Some(n as usize) })
        }
    }
}

fn translate_newlines(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

// ---- StringIO ----

fn stringio_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = parse_args(
        vm,
        "StringIO",
        &args[1..],
        kwargs,
        &["initial_value", "newline"],
        0,
    )?;
    let translate = match a[1] {
        Some(n) if n == vm.none() => true,
        Some(n) => match vm.payload(n) {
            Payload::Str(s) if matches!(s.as_str(), "" | "\n" | "\r" | "\r\n") => false,
            Payload::Str(s) => {
                let msg = format!("illegal newline value: {}", s.as_str());
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
            _ => {
                let msg = format!("newline must be str or None, not {}", vm.type_name(n));
                return Err(vm.type_error(&msg));
            }
        },
        None => false,
    };
    let text = match a[0] {
        None => String::new(),
        Some(v) if v == vm.none() => String::new(),
        Some(v) => match vm.payload(v) {
            Payload::Str(s) => s.value.to_string(),
            _ => {
                let msg = format!("initial_value must be str or None, not {}", vm.type_name(v));
                return Err(vm.type_error(&msg));
            }
        },
    };
    let text = if translate {
        translate_newlines(&text)
    } else {
        text
    };
    let d = StringIO {
        buf: text.chars().collect(),
        pos: 0,
        closed: false,
        translate,
        dict: None,
        weakrefs: Vec::new(),
    };
    Ok(vm.new_native(args[0], Box::new(d), 120))
}

fn sio_write_str(x: &mut StringIO, text: &str) -> usize {
    let text = if x.translate {
        translate_newlines(text)
    } else {
        text.to_string()
    };
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    if n == 0 {
        return 0;
    }
    if x.pos > x.buf.len() {
        x.buf.resize(x.pos, '\0');
    }
    let end = x.pos + n;
    if end > x.buf.len() {
        x.buf.resize(end, '\0');
    }
    x.buf[x.pos..end].copy_from_slice(&chars);
    x.pos = end;
    n
}

fn sio_write(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "write", args.get(1..).unwrap_or(&[]), kwargs, 1, 1)?;
    let text = match vm.payload(args[1]) {
        Payload::Str(s) => s.value.to_string(),
        _ => {
            let msg = format!("string argument expected, got '{}'", vm.type_name(args[1]));
            return Err(vm.type_error(&msg));
        }
    };
    let original_len = text.chars().count();
    let pos = sio(vm, args, "write")?.pos;
    // the buffer grows to the write's end, zero-filled past a far seek (4 bytes a character)
    vm.check_memory((pos as u128 + original_len as u128) * 4)?;
    let x = sio(vm, args, "write")?;
    // writing past the end pads with NULs: a seek far away is a big buffer (4 bytes a char)
    let grow = (x.pos + original_len).saturating_sub(x.buf.len());
    if original_len > 0 && grow > 0 {
        vm.check_memory(grow as u128 * 4)?;
    }
    let x = sio(vm, args, "write")?;
    sio_write_str(x, &text);
    Ok(vm.new_usize(original_len))
}

fn sio_writelines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "writelines", args.get(1..).unwrap_or(&[]), kwargs, 1, 1)?;
    sio(vm, args, "writelines")?;
    let lines = vm.collect_iterable(args[1])?;
    let mut result = Ok(());
    for &l in &lines {
        if result.is_ok() {
            result = sio_write(vm, &[args[0], l], &[]).map(|v| vm.decref(v));
        }
    }
    for l in lines {
        vm.decref(l);
    }
    result?;
    Ok(vm.new_none())
}

fn sio_read(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "read", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let n = size_arg(vm, args.get(1).copied())?;
    let x = sio(vm, args, "read")?;
    let start = x.pos.min(x.buf.len());
    let end = match n {
        Some(n) => (start + n).min(x.buf.len()),
        None => x.buf.len(),
    };
    let s: String = x.buf[start..end].iter().collect();
    x.pos = end.max(x.pos);
    Ok(vm.new_string(s))
}

/// One line from `pos` (up to and including `\n`, or `limit` characters).
fn sio_line(x: &mut StringIO, limit: Option<usize>) -> String {
    let start = x.pos.min(x.buf.len());
    let mut end = start;
    while end < x.buf.len() {
        if limit.is_some_and(|l| end - start >= l) {
            break;
        }
        end += 1;
        if x.buf[end - 1] == '\n' {
            break;
        }
    }
    x.pos = end.max(x.pos);
    x.buf[start..end].iter().collect()
}

fn sio_readline(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "readline", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let n = size_arg(vm, args.get(1).copied())?;
    let x = sio(vm, args, "readline")?;
    let s = sio_line(x, n);
    Ok(vm.new_string(s))
}

fn sio_readlines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "readlines", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let hint = size_arg(vm, args.get(1).copied())?.filter(|&h| h > 0);
    let x = sio(vm, args, "readlines")?;
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let l = sio_line(x, None);
        if l.is_empty() {
            break;
        }
        total += l.chars().count();
        lines.push(l);
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    let items: Vec<ObjId> = lines.into_iter().map(|l| vm.new_string(l)).collect();
    Ok(vm.new_list(items))
}

fn sio_getvalue(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "getvalue", args.get(1..).unwrap_or(&[]), kwargs)?;
    let x = sio(vm, args, "getvalue")?;
    let s: String = x.buf.iter().collect();
    Ok(vm.new_string(s))
}

fn seek_args(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<(i64, i64)> {
    positional(vm, "seek", args.get(1..).unwrap_or(&[]), kwargs, 1, 2)?;
    let pos = crate::builtins::ssize_arg(vm, args[1])?;
    let whence = match args.get(2) {
        Some(&w) => crate::builtins::ssize_arg(vm, w)?,
        None => 0,
    };
    Ok((pos, whence))
}

fn sio_seek(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (pos, whence) = seek_args(vm, args, kwargs)?;
    sio(vm, args, "seek")?;
    if !(0..=2).contains(&whence) {
        let msg = format!("Invalid whence ({whence}, should be 0, 1 or 2)");
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    if pos < 0 && whence == 0 {
        let msg = format!("Negative seek position {pos}");
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    if whence != 0 && pos != 0 {
        return Err(vm.new_exception(ExcKind::OSError, "Can't do nonzero cur-relative seeks"));
    }
    let x = sio(vm, args, "seek")?;
    x.pos = match whence {
        0 => pos as usize,
        1 => x.pos,
        _ => x.buf.len(),
    };
    let p = x.pos;
    Ok(vm.new_usize(p))
}

fn sio_tell(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "tell", args.get(1..).unwrap_or(&[]), kwargs)?;
    let p = sio(vm, args, "tell")?.pos;
    Ok(vm.new_usize(p))
}

fn sio_truncate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "truncate", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let size = match args.get(1) {
        Some(&s) if s != vm.none() => {
            let n = crate::builtins::ssize_arg(vm, s)?;
            if n < 0 {
                let msg = format!("Negative size value {n}");
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
            Some(n as usize)
        }
        _ => None,
    };
    let x = sio(vm, args, "truncate")?;
    let size = size.unwrap_or(x.pos);
    if size < x.buf.len() {
        x.buf.truncate(size);
    }
    Ok(vm.new_usize(size))
}

fn sio_close(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<StringIO>(vm, "close", "_io.StringIO", args)?;
    if let Some(x) = vm.native_mut::<StringIO>(s) {
        x.closed = true;
        x.buf = Vec::new();
    }
    Ok(vm.new_none())
}

fn sio_exit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    sio_close(vm, &args[..1], &[])
}

fn sio_closed(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let c = args
        .first()
        .and_then(|&s| vm.native_ref::<StringIO>(s))
        .is_some_and(|x| x.closed);
    Ok(vm.new_bool(c))
}

fn stringio_next(vm: &mut Vm, s: ObjId) -> PyResult<Option<ObjId>> {
    if vm.native_ref::<StringIO>(s).is_some_and(|x| x.closed) {
        return Err(closed_error(vm));
    }
    let Some(x) = vm.native_mut::<StringIO>(s) else {
        return Ok(None);
    };
    let l = sio_line(x, None);
    if l.is_empty() {
        return Ok(None);
    }
    Ok(Some(vm.new_string(l)))
}

// ---- BytesIO ----

fn bytesio_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = parse_args(vm, "BytesIO", &args[1..], kwargs, &["initial_bytes"], 0)?;
    // bytesio_new starts from the empty bytes object; __init__ takes an exact bytes object
    // as the buffer itself and writes anything else into it
    let (buf, buf_obj, alloc) = match a[0] {
        Some(v) if v != vm.none() => {
            if matches!(vm.payload(v), Payload::Str(_)) {
                let msg = format!("a bytes-like object is required, not '{}'", vm.type_name(v));
                return Err(vm.type_error(&msg));
            }
            let data = vm.bytes_from_object(v)?;
            if vm.builtin_type_of(v) == Some(crate::object::BuiltinType::Bytes) {
                let n = data.len();
                (data, Some(vm.new_ref(v)), n)
            } else if data.is_empty() {
                (data, Some(vm.new_bytes(Vec::new())), 0)
            } else {
                // write_bytes into the shared empty buffer: resize_buffer's major upsize
                let n = data.len();
                (data, None, n + 1)
            }
        }
        _ => (Vec::new(), Some(vm.new_bytes(Vec::new())), 0),
    };
    let d = BytesIO {
        buf,
        pos: 0,
        closed: false,
        buf_obj,
        alloc,
        dict: None,
        weakrefs: Vec::new(),
    };
    Ok(vm.new_native(args[0], Box::new(d), 64))
}

/// Let go of the buffer's bytes object before the buffer changes (`unshare_buffer`, or a
/// change in place that the snippet cannot see).
fn detach_buffer(vm: &mut Vm, s: ObjId) {
    if let Some(b) = vm.native_mut::<BytesIO>(s).and_then(|x| x.buf_obj.take()) {
        vm.decref(b);
    }
}

/// `read_bytes`/`getvalue` handing out the buffer itself: the bytes object of the whole
/// buffer, made now if the buffer has none yet, and kept as the buffer.
fn share_buffer(vm: &mut Vm, s: ObjId) -> ObjId {
    if let Some(b) = vm.native_ref::<BytesIO>(s).and_then(|x| x.buf_obj) {
        return vm.new_ref(b);
    }
    let data = vm
        .native_ref::<BytesIO>(s)
        .map(|x| x.buf.clone())
        .unwrap_or_default();
    let b = vm.new_bytes(data);
    vm.incref(b);
    if let Some(x) = vm.native_mut::<BytesIO>(s) {
        x.buf_obj = Some(b);
    }
    b
}

/// `resize_buffer`'s over-allocation: the buffer's new size, or None when `size` fits
/// (its quick exit: the buffer stays as it is, shared or not).
fn resize_buffer(alloc: usize, size: usize) -> Option<usize> {
    if size < alloc / 2 {
        Some(size + 1)
    } else if size < alloc {
        None
    } else if size <= alloc + alloc / 8 {
        Some(size + (size >> 3) + if size < 9 { 3 } else { 6 })
    } else {
        Some(size + 1)
    }
}

fn bio_write(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "write", args.get(1..).unwrap_or(&[]), kwargs, 1, 1)?;
    if matches!(vm.payload(args[1]), Payload::Str(_)) {
        let msg = format!(
            "a bytes-like object is required, not '{}'",
            vm.type_name(args[1])
        );
        return Err(vm.type_error(&msg));
    }
    let data = vm.bytes_from_object(args[1])?;
    let pos = bio(vm, args, "write")?.pos;
    if !data.is_empty() {
        vm.check_memory(pos as u128 + data.len() as u128)?;
    }
    let x = bio(vm, args, "write")?;
    let grow = (x.pos + data.len()).saturating_sub(x.buf.len());
    if !data.is_empty() && grow > 0 {
        vm.check_memory(grow as u128)?;
    }
    let n = data.len();
    if n > 0 {
        // write_bytes: past the buffer's size it is resized (copied first when shared);
        // within it a shared buffer is copied at its size, a private one changes in place
        let x = bio(vm, args, "write")?;
        let end = x.pos + n;
        let (alloc, len, held) = (x.alloc, x.buf.len(), x.buf_obj);
        let shared = held.is_some_and(|b| vm.refcnt(b) > 1);
        let new_alloc = if end > alloc {
            resize_buffer(alloc, end).unwrap_or(alloc)
        } else if shared {
            end.max(len)
        } else {
            alloc
        };
        detach_buffer(vm, args[0]);
        let x = bio(vm, args, "write")?;
        x.alloc = new_alloc;
        if end > x.buf.len() {
            x.buf.resize(end, 0);
        }
        x.buf[x.pos..end].copy_from_slice(&data);
        x.pos = end;
    }
    Ok(vm.new_usize(n))
}

fn bio_writelines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "writelines", args.get(1..).unwrap_or(&[]), kwargs, 1, 1)?;
    bio(vm, args, "writelines")?;
    let lines = vm.collect_iterable(args[1])?;
    let mut result = Ok(());
    for &l in &lines {
        if result.is_ok() {
            result = bio_write(vm, &[args[0], l], &[]).map(|v| vm.decref(v));
        }
    }
    for l in lines {
        vm.decref(l);
    }
    result?;
    Ok(vm.new_none())
}

fn bio_read(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "read", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let n = size_arg(vm, args.get(1).copied())?;
    let x = bio(vm, args, "read")?;
    let start = x.pos.min(x.buf.len());
    let end = match n {
        Some(n) => (start + n).min(x.buf.len()),
        None => x.buf.len(),
    };
    Ok(read_bytes(vm, args[0], start, end))
}

/// `read_bytes`: bytes `start..end` of the buffer, moving the position past them. The
/// whole buffer read from the start is the buffer's own bytes object (`Py_NewRef(buf)`).
fn read_bytes(vm: &mut Vm, s: ObjId, start: usize, end: usize) -> ObjId {
    let Some(x) = vm.native_mut::<BytesIO>(s) else {
        return vm.new_bytes(Vec::new());
    };
    x.pos = end.max(x.pos);
    let size = end - start;
    if size > 1 && start == 0 && size == x.alloc {
        return share_buffer(vm, s);
    }
    let out = x.buf[start..end].to_vec();
    vm.new_bytes(out)
}

/// Where the next line ends (`scan_eol`): `start..end` of the buffer.
fn line_span(x: &BytesIO, limit: Option<usize>) -> (usize, usize) {
    let start = x.pos.min(x.buf.len());
    let mut end = start;
    while end < x.buf.len() {
        if limit.is_some_and(|l| end - start >= l) {
            break;
        }
        end += 1;
        if x.buf[end - 1] == b'\n' {
            break;
        }
    }
    (start, end)
}

fn bio_line(x: &mut BytesIO, limit: Option<usize>) -> Vec<u8> {
    let start = x.pos.min(x.buf.len());
    let mut end = start;
    while end < x.buf.len() {
        if limit.is_some_and(|l| end - start >= l) {
            break;
        }
        end += 1;
        if x.buf[end - 1] == b'\n' {
            break;
        }
    }
    x.pos = end.max(x.pos);
    x.buf[start..end].to_vec()
}

fn bio_readline(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "readline", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let n = size_arg(vm, args.get(1).copied())?;
    let x = bio(vm, args, "readline")?;
    let (start, end) = line_span(x, n);
    Ok(read_bytes(vm, args[0], start, end))
}

fn bio_readlines(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "readlines", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let x = bio(vm, args, "readlines")?;
    let mut lines = Vec::new();
    loop {
        let l = bio_line(x, None);
        if l.is_empty() {
            break;
        }
        lines.push(l);
    }
    let items: Vec<ObjId> = lines.into_iter().map(|l| vm.new_bytes(l)).collect();
    Ok(vm.new_list(items))
}

fn bio_getvalue(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "getvalue", args.get(1..).unwrap_or(&[]), kwargs)?;
    let x = bio(vm, args, "getvalue")?;
    // a copy of at most one byte; else the buffer itself, first cut to its exact size
    // (unshare_buffer or _PyBytes_Resize: a new bytes object here)
    if x.buf.len() <= 1 {
        let v = x.buf.clone();
        return Ok(vm.new_bytes(v));
    }
    if x.buf.len() != x.alloc {
        x.alloc = x.buf.len();
        detach_buffer(vm, args[0]);
    }
    Ok(share_buffer(vm, args[0]))
}

fn bio_seek(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (pos, whence) = seek_args(vm, args, kwargs)?;
    bio(vm, args, "seek")?;
    if pos < 0 && whence == 0 {
        let msg = format!("negative seek value {pos}");
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    if !(0..=2).contains(&whence) {
        let msg = format!("invalid whence ({whence}, should be 0, 1 or 2)");
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    let x = bio(vm, args, "seek")?;
    let base = match whence {
        0 => 0,
        1 => x.pos as i64,
        _ => x.buf.len() as i64,
    };
    x.pos = (base + pos).max(0) as usize;
    let p = x.pos;
    Ok(vm.new_usize(p))
}

fn bio_tell(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "tell", args.get(1..).unwrap_or(&[]), kwargs)?;
    let p = bio(vm, args, "tell")?.pos;
    Ok(vm.new_usize(p))
}

fn bio_truncate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "truncate", args.get(1..).unwrap_or(&[]), kwargs, 0, 1)?;
    let size = match args.get(1) {
        Some(&s) if s != vm.none() => {
            let n = crate::builtins::ssize_arg(vm, s)?;
            if n < 0 {
                let msg = format!("negative size value {n}");
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
            Some(n as usize)
        }
        _ => None,
    };
    let x = bio(vm, args, "truncate")?;
    let size = size.unwrap_or(x.pos);
    if size < x.buf.len() {
        x.buf.truncate(size);
        // resize_buffer: a new size unless it still fits (the buffer then stays as it is)
        if let Some(alloc) = resize_buffer(x.alloc, size) {
            x.alloc = alloc;
            detach_buffer(vm, args[0]);
        }
    }
    Ok(vm.new_usize(size))
}

fn bio_close(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<BytesIO>(vm, "close", "_io.BytesIO", args)?;
    if let Some(x) = vm.native_mut::<BytesIO>(s) {
        x.closed = true;
        x.buf = Vec::new();
    }
    detach_buffer(vm, s);
    Ok(vm.new_none())
}

fn bio_exit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    bio_close(vm, &args[..1], &[])
}

fn bio_closed(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let c = args
        .first()
        .and_then(|&s| vm.native_ref::<BytesIO>(s))
        .is_some_and(|x| x.closed);
    Ok(vm.new_bool(c))
}

fn bytesio_next(vm: &mut Vm, s: ObjId) -> PyResult<Option<ObjId>> {
    if vm.native_ref::<BytesIO>(s).is_some_and(|x| x.closed) {
        return Err(closed_error(vm));
    }
    let Some(x) = vm.native_ref::<BytesIO>(s) else {
        return Ok(None);
    };
    let (start, end) = line_span(x, None);
    if start == end {
        return Ok(None);
    }
    Ok(Some(read_bytes(vm, s, start, end)))
}

// ---- shared ----

fn is_closed(vm: &Vm, s: ObjId) -> bool {
    vm.native_ref::<StringIO>(s).is_some_and(|x| x.closed)
        || vm.native_ref::<BytesIO>(s).is_some_and(|x| x.closed)
}

fn file_flush(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.first().is_some_and(|&s| is_closed(vm, s)) {
        return Err(closed_error(vm));
    }
    Ok(vm.new_none())
}

fn file_true(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.first().is_some_and(|&s| is_closed(vm, s)) {
        return Err(closed_error(vm));
    }
    Ok(vm.new_bool(true))
}

fn file_false(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.first().is_some_and(|&s| is_closed(vm, s)) {
        return Err(closed_error(vm));
    }
    Ok(vm.new_bool(false))
}

fn file_false_getter(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Ok(vm.new_bool(false))
}

fn file_none_getter(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Ok(vm.new_none())
}

fn file_iter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = args[0];
    if is_closed(vm, s) {
        return Err(closed_error(vm));
    }
    Ok(vm.new_ref(s))
}

fn file_enter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = args[0];
    if is_closed(vm, s) {
        return Err(closed_error(vm));
    }
    Ok(vm.new_ref(s))
}
