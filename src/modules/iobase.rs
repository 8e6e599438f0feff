//! `_io`'s abstract base classes' methods as the C functions they are in CPython
//! (`Modules/_io/iobase.c`, `bufferedio.c`, `textio.c`).
//!
//! # Why
//!
//! A class of the learner's over `io.RawIOBase` or `io.TextIOBase` gets `readline`, `read`,
//! iteration, `writelines` and the `with` protocol from `_io._IOBase` and `_io._RawIOBase`:
//! C code that calls back into the learner's own methods. C holds the object its own way, so
//! the learner's `readinto` sees fewer references to `self` than a Python version of the same
//! methods would give it: no frame of `readline`, `read` or `__next__` holding `self`, no
//! `self.read(...)` on a value stack. These methods are written here, as C writes them, and
//! installed on the classes `src/modules/py/io.py` defines for `_io._IOBase` and friends
//! (`ModuleDef::post_init`): `io.RawIOBase.read` is a `method_descriptor`, `__next__` a slot
//! wrapper and `closed` a getset descriptor, as in CPython.
//!
//! # A worked example
//!
//! ```text
//!   class Chunks(io.RawIOBase):
//!       def readinto(self, b): ...         (a step here: how many references has `raw`?)
//!   raw = Chunks(b'one\ntwo')
//!   list(raw)
//!     list() holds raw (its argument) and its iterator (iobase_iter: raw itself)    2
//!     iobase_iternext: PyObject_CallMethodNoArgs(self, "readline"), borrowed         0
//!     readline: _PyObject_CallMethod(self, "read", "n", 1): a bound method           1
//!     _RawIOBase.read: PyObject_CallMethodObjArgs(self, "readinto", b), borrowed     0
//!     readinto's frame                                                               1
//!   with the global `raw`: sys.getrefcount-style count 5, where the Python bodies of
//!   `_pyio` give 7 (frames of __next__, readline and read, and their value stacks).
//! ```
//!
//! # The mechanism, under CPython's names
//!
//! `_PyObject_CallMethod(self, name, fmt, ...)` looks the attribute up
//! (`PyObject_GetAttr`: a bound method for a Python method) and calls it;
//! `PyObject_CallMethodObjArgs` and `PyObject_CallMethodNoArgs` use `_PyObject_GetMethod`
//! (no bound method: [`Vm::vectorcall_method`]). Each function below names the one its C
//! counterpart uses. `iobase_is_closed` is `_PyObject_LookupAttr(self, "__IOBase_closed")`;
//! `iobase_check_closed` reads the derived `closed` attribute. `tp_iternext`
//! ([`iternext`]) ends the iteration without a `StopIteration`, as `FOR_ITER` sees it.
//! `tp_finalize` (`iobase_finalize`, the `__del__` slot wrapper) sets `_finalizing` and
//! calls `close()`, ignoring its errors.

use crate::builtins::{getter, method, Builtin, BuiltinDef, Kind};
use crate::object::{BuiltinType, MethodDescr, ObjId, Payload};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyErr, PyResult, Vm};

type Kwargs<'a> = &'a [(ObjId, ObjId)];

/// `_io._IOBase`'s methods (`iobase_methods`, `iobase_getset`, the `tp_iter`,
/// `tp_iternext` and `tp_finalize` slots).
static IOBASE: &[BuiltinDef] = &[
    method("seek", seek).varargs(),
    method("tell", tell),
    method("truncate", truncate).varargs(),
    method("flush", flush),
    method("close", close),
    method("seekable", false_noargs_seekable),
    method("readable", false_noargs_readable),
    method("writable", false_noargs_writable),
    method("_checkClosed", check_closed_method),
    method("_checkSeekable", check_seekable),
    method("_checkReadable", check_readable),
    method("_checkWritable", check_writable),
    method("fileno", fileno),
    method("isatty", isatty),
    method("__enter__", enter),
    method("__exit__", exit).varargs(),
    method("readline", readline),
    method("readlines", readlines),
    method("writelines", writelines),
    getter("closed", closed_get),
    method("__iter__", iter_slot),
    method("__next__", next_slot),
    method("__del__", del_slot),
];

/// `_io._RawIOBase`'s (`rawiobase_methods`).
static RAWIOBASE: &[BuiltinDef] = &[
    method("read", raw_read),
    method("readall", raw_readall),
    method("readinto", not_implemented_readinto).varargs(),
    method("write", not_implemented_write).varargs(),
];

/// `_io._BufferedIOBase`'s (`bufferediobase_methods`).
static BUFFEREDIOBASE: &[BuiltinDef] = &[
    method("detach", buffered_detach),
    method("read", buffered_read).varargs(),
    method("read1", buffered_read1).varargs(),
    method("readinto", buffered_readinto),
    method("readinto1", buffered_readinto1),
    method("write", buffered_write).varargs(),
];

/// `_io._TextIOBase`'s (`textiobase_methods`, `textiobase_getset`).
static TEXTIOBASE: &[BuiltinDef] = &[
    method("detach", text_detach),
    method("read", text_read).varargs(),
    method("readline", text_readline).varargs(),
    method("write", text_write).varargs(),
    getter("encoding", none_getter),
    getter("newlines", none_getter),
    getter("errors", none_getter),
];

/// The slot wrappers among the methods (`wrapper_descriptor`, not `method_descriptor`).
const SLOTS: &[&str] = &["__iter__", "__next__", "__del__"];

/// After io.py ran: the C methods on the classes standing for `_io`'s base classes.
pub fn install(vm: &mut Vm, m: ObjId) {
    for (class, defs) in [
        ("_IOBase", IOBASE),
        ("_RawIOBase", RAWIOBASE),
        ("_BufferedIOBase", BUFFEREDIOBASE),
        ("_TextIOBase", TEXTIOBASE),
    ] {
        let Some(cls) = module_global(vm, m, class) else {
            continue;
        };
        let dict = match vm.heap.payload(cls) {
            Payload::Type(t) => t.dict,
            _ => None,
        };
        let Some(dict) = dict else { continue };
        for def in defs {
            let (bt, size) = if def.kind == Kind::Getter {
                (BuiltinType::GetSetDescriptor, 48)
            } else if SLOTS.contains(&def.name) {
                (BuiltinType::WrapperDescriptor, 56)
            } else {
                (BuiltinType::MethodDescriptor, 56)
            };
            let t = vm.ty(bt);
            vm.incref(cls);
            let d = vm.alloc(
                t,
                Payload::MethodDescr(Box::new(MethodDescr {
                    func: Builtin(def),
                    owner: cls,
                })),
                Layout::gc(size),
            );
            let k = vm.new_interned(def.name);
            if let Err(e) = vm.dict_setitem(dict, k, d) {
                vm.decref(e.0);
            }
            vm.decref(k);
            vm.decref(d);
        }
    }
    vm.type_modified();
}

/// A global of the module `m` (borrowed).
fn module_global(vm: &mut Vm, m: ObjId, name: &str) -> Option<ObjId> {
    let dict = match vm.heap.payload(m) {
        Payload::Module(md) => md.dict,
        _ => return None,
    };
    let k = vm.new_interned(name);
    let found = vm.dict_getitem_str(dict, k);
    vm.decref(k);
    found
}

/// `tp_iternext` is `iobase_iternext` (a class over `_IOBase` that does not define its own
/// `__next__`): `found` is what the type's `__next__` lookup found.
pub fn is_iternext(vm: &Vm, found: ObjId) -> bool {
    match vm.heap.payload(found) {
        Payload::MethodDescr(d) => {
            d.func.0.name == "__next__" && IOBASE.iter().any(|def| std::ptr::eq(def, d.func.0))
        }
        _ => false,
    }
}

/// `iobase_unsupported(state, message)`: `PyErr_SetString(UnsupportedOperation, message)`,
/// the exception made by calling the class with the message.
fn unsupported(vm: &mut Vm, message: &str) -> PyErr {
    let cls = vm
        .modules
        .get("io")
        .copied()
        .and_then(|m| module_global(vm, m, "UnsupportedOperation"));
    let Some(cls) = cls else {
        return vm.new_exception(ExcKind::OSError, message);
    };
    vm.incref(cls);
    let msg = vm.new_str(message);
    let r = vm.call_object(cls, &[msg], &[]);
    vm.decref(msg);
    vm.decref(cls);
    match r {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

fn closed_file(vm: &mut Vm) -> PyErr {
    vm.new_exception(ExcKind::ValueError, "I/O operation on closed file.")
}

/// The receiver (the descriptor call checked its type).
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<ObjId> {
    match args.first() {
        Some(&s) => Ok(s),
        None => {
            let msg = format!("descriptor '{name}' needs an argument");
            Err(vm.type_error(&msg))
        }
    }
}

/// `METH_NOARGS`: `_IOBase.flush() takes no arguments (1 given)`.
fn noargs(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs, qualname: &str) -> PyResult<ObjId> {
    let s = this(vm, args, qualname)?;
    crate::builtins::noargs(vm, qualname, &args[1..], kwargs)?;
    Ok(s)
}

/// `iobase_is_closed`: has the object its `__IOBase_closed` attribute?
fn is_closed(vm: &mut Vm, s: ObjId) -> PyResult<bool> {
    match vm.lookup_attr(s, "__IOBase_closed")? {
        Some(v) => {
            vm.decref(v);
            Ok(true)
        }
        None => Ok(false),
    }
}

/// `iobase_check_closed`: the derived `closed` attribute, true raises ValueError.
fn check_closed(vm: &mut Vm, s: ObjId) -> PyResult<()> {
    let Some(v) = vm.lookup_attr(s, "closed")? else {
        return Ok(());
    };
    let t = vm.is_true(v);
    vm.decref(v);
    if t? {
        return Err(closed_file(vm));
    }
    Ok(())
}

/// `_PyObject_CallMethod(self, name, "n", n)`: the attribute (a bound method), called.
fn call_attr_with_int(vm: &mut Vm, s: ObjId, name: &str, n: i64) -> PyResult<ObjId> {
    let f = vm.getattr_str(s, name)?;
    let arg = vm.new_int(n);
    let r = vm.call_object(f, &[arg], &[]);
    vm.decref(arg);
    vm.decref(f);
    r
}

/// A `Py_ssize_t(accept={int, NoneType})` argument (`_Py_convert_optional_to_ssize_t`).
fn optional_ssize(vm: &mut Vm, v: Option<ObjId>) -> PyResult<i64> {
    match v {
        None => Ok(-1),
        Some(v) if v == vm.none() => Ok(-1),
        Some(v) => {
            let is_index = vm.as_bigint(v).is_some() || vm.py_slot(v, "__index__").is_some();
            if !is_index {
                let msg = format!(
                    "argument should be integer or None, not '{}'",
                    vm.type_name(v)
                );
                return Err(vm.type_error(&msg));
            }
            crate::builtins::ssize_arg(vm, v)
        }
    }
}

fn bytes_data(vm: &Vm, b: ObjId) -> Option<Vec<u8>> {
    match vm.heap.payload(b) {
        Payload::Bytes(d) if !vm.is_bytearray(b) => Some(d.to_vec()),
        _ => None,
    }
}

// ---- _IOBase ----

/// `iobase_seek`: METH_VARARGS, unsupported.
fn seek(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "seek"))
}

/// `_io__IOBase_tell_impl`: `_PyObject_CallMethod(self, "seek", "ii", 0, 1)`.
fn tell(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.tell")?;
    let f = vm.getattr_str(s, "seek")?;
    let (zero, one) = (vm.new_int(0), vm.new_int(1));
    let r = vm.call_object(f, &[zero, one], &[]);
    vm.decref(zero);
    vm.decref(one);
    vm.decref(f);
    r
}

/// `iobase_truncate`: METH_VARARGS, unsupported.
fn truncate(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "truncate"))
}

/// `_io__IOBase_flush_impl`: ValueError once closed.
fn flush(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.flush")?;
    if is_closed(vm, s)? {
        return Err(closed_file(vm));
    }
    Ok(vm.new_none())
}

/// `_io__IOBase_close_impl`: `flush()` (`PyObject_CallMethodNoArgs`), then
/// `__IOBase_closed = True` whatever flush did; an error of the assignment is chained to
/// flush's.
fn close(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.close")?;
    if is_closed(vm, s)? {
        return Ok(vm.new_none());
    }
    let res = vm.vectorcall_method(s, "flush", &[]);
    let k = vm.new_interned("__IOBase_closed");
    let t = vm.new_bool(true);
    let set = vm.setattr(s, k, Some(t));
    vm.decref(t);
    vm.decref(k);
    match (res, set) {
        (Ok(r), Ok(())) => {
            vm.decref(r);
            Ok(vm.new_none())
        }
        (Err(e), Ok(())) => Err(e),
        (res, Err(e2)) => {
            match res {
                Ok(r) => vm.decref(r),
                // _PyErr_ChainExceptions: the first error is the second's context
                Err(e1) => {
                    if let Payload::Exception(x) = vm.heap.payload_mut(e2.0) {
                        if x.context.is_none() {
                            x.context = Some(e1.0);
                        } else {
                            vm.decref(e1.0);
                        }
                    } else {
                        vm.decref(e1.0);
                    }
                }
            }
            Err(e2)
        }
    }
}

fn false_noargs_seekable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_IOBase.seekable")?;
    Ok(vm.new_bool(false))
}

fn false_noargs_readable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_IOBase.readable")?;
    Ok(vm.new_bool(false))
}

fn false_noargs_writable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_IOBase.writable")?;
    Ok(vm.new_bool(false))
}

/// `_PyIOBase_check_closed`.
fn check_closed_method(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase._checkClosed")?;
    check_closed(vm, s)?;
    Ok(vm.new_none())
}

/// `_PyIOBase_check_seekable` and friends: `PyObject_CallMethodNoArgs(self, what)`; anything
/// but True itself is unsupported.
fn check_able(vm: &mut Vm, s: ObjId, what: &str, message: &str) -> PyResult<ObjId> {
    let r = vm.vectorcall_method(s, what, &[])?;
    if r != vm.statics.true_ {
        vm.decref(r);
        return Err(unsupported(vm, message));
    }
    Ok(r)
}

fn check_seekable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase._checkSeekable")?;
    check_able(vm, s, "seekable", "File or stream is not seekable.")
}

fn check_readable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase._checkReadable")?;
    check_able(vm, s, "readable", "File or stream is not readable.")
}

fn check_writable(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase._checkWritable")?;
    check_able(vm, s, "writable", "File or stream is not writable.")
}

fn fileno(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_IOBase.fileno")?;
    Err(unsupported(vm, "fileno"))
}

fn isatty(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.isatty")?;
    check_closed(vm, s)?;
    Ok(vm.new_bool(false))
}

/// `iobase_enter`.
fn enter(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.__enter__")?;
    check_closed(vm, s)?;
    Ok(vm.new_ref(s))
}

/// `iobase_exit`: `PyObject_CallMethodNoArgs(self, "close")`.
fn exit(vm: &mut Vm, args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "__exit__")?;
    vm.vectorcall_method(s, "close", &[])
}

/// `_io__IOBase_readline_impl`: `peek(1)` when the object has one, `read(n)` a few bytes at
/// a time into a bytearray until a newline.
fn readline(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "readline")?;
    crate::builtins::positional(vm, "readline", &args[1..], kwargs, 0, 1)?;
    let limit = optional_ssize(vm, args.get(1).copied())?;
    let peek = vm.lookup_attr(s, "peek")?;
    let buffer = vm.new_bytearray(Vec::new());
    let r = readline_loop(vm, s, limit, peek, buffer);
    if let Some(p) = peek {
        vm.decref(p);
    }
    let r = r.map(|()| {
        let data = match vm.heap.payload(buffer) {
            Payload::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        vm.new_bytes(data)
    });
    vm.decref(buffer);
    r
}

fn readline_loop(
    vm: &mut Vm,
    s: ObjId,
    limit: i64,
    peek: Option<ObjId>,
    buffer: ObjId,
) -> PyResult<()> {
    let len_of = |vm: &Vm| match vm.heap.payload(buffer) {
        Payload::Bytes(b) => b.len(),
        _ => 0,
    };
    while limit < 0 || (len_of(vm) as i64) < limit {
        let mut nreadahead = 1i64;
        if let Some(p) = peek {
            let one = vm.new_int(1);
            let ahead = vm.call_object(p, &[one], &[]);
            vm.decref(one);
            let ahead = ahead?;
            let Some(data) = bytes_data(vm, ahead) else {
                let msg = format!(
                    "peek() should have returned a bytes object, not '{}'",
                    vm.type_name(ahead)
                );
                vm.decref(ahead);
                return Err(vm.new_exception(ExcKind::OSError, &msg));
            };
            vm.decref(ahead);
            if !data.is_empty() {
                let mut n = 0usize;
                while n < data.len() && (limit < 0 || (n as i64) < limit) {
                    n += 1;
                    if data[n - 1] == b'\n' {
                        break;
                    }
                }
                nreadahead = n as i64;
            }
        }
        let b = call_attr_with_int(vm, s, "read", nreadahead)?;
        let Some(data) = bytes_data(vm, b) else {
            let msg = format!(
                "read() should have returned a bytes object, not '{}'",
                vm.type_name(b)
            );
            vm.decref(b);
            return Err(vm.new_exception(ExcKind::OSError, &msg));
        };
        vm.decref(b);
        if data.is_empty() {
            break;
        }
        let mut all = match vm.heap.payload(buffer) {
            Payload::Bytes(x) => x.to_vec(),
            _ => Vec::new(),
        };
        all.extend_from_slice(&data);
        let ends = all.last() == Some(&b'\n');
        vm.bytearray_store(buffer, all)?;
        if ends {
            break;
        }
    }
    Ok(())
}

/// `iobase_iter`.
fn iter_slot(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.__iter__")?;
    check_closed(vm, s)?;
    Ok(vm.new_ref(s))
}

/// `iobase_iternext`: `PyObject_CallMethodNoArgs(self, "readline")`; an empty line ends the
/// iteration (None, no exception).
pub fn iternext(vm: &mut Vm, s: ObjId) -> PyResult<Option<ObjId>> {
    let line = vm.vectorcall_method(s, "readline", &[])?;
    match vm.len(line) {
        Ok(0) => {
            vm.decref(line);
            Ok(None)
        }
        Ok(_) => Ok(Some(line)),
        Err(e) => {
            vm.decref(line);
            Err(e)
        }
    }
}

/// The `__next__` slot wrapper (`wrap_next`): StopIteration at the end.
fn next_slot(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.__next__")?;
    match iternext(vm, s)? {
        Some(v) => Ok(v),
        None => Err(vm.new_exception_empty(ExcKind::StopIteration)),
    }
}

/// `iobase_finalize`: an open object gets `_finalizing = True`, then `close()`; errors are
/// dropped.
fn del_slot(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_IOBase.__del__")?;
    let closed = match vm.lookup_attr(s, "closed") {
        Ok(Some(v)) => {
            let t = vm.is_true(v);
            vm.decref(v);
            match t {
                Ok(t) => Some(t),
                Err(e) => {
                    vm.decref(e.0);
                    None
                }
            }
        }
        Ok(None) => None,
        Err(e) => {
            vm.decref(e.0);
            None
        }
    };
    if closed == Some(false) {
        let k = vm.new_interned("_finalizing");
        let t = vm.new_bool(true);
        if let Err(e) = vm.setattr(s, k, Some(t)) {
            vm.decref(e.0);
        }
        vm.decref(t);
        vm.decref(k);
        match vm.vectorcall_method(s, "close", &[]) {
            Ok(r) => vm.decref(r),
            Err(e) => vm.decref(e.0),
        }
    }
    Ok(vm.new_none())
}

/// `_io__IOBase_readlines_impl`: no hint extends a new list with the object; with one, lines
/// until their total passes it.
fn readlines(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "readlines")?;
    crate::builtins::positional(vm, "readlines", &args[1..], kwargs, 0, 1)?;
    let hint = optional_ssize(vm, args.get(1).copied())?;
    let result = vm.new_list(Vec::new());
    if hint <= 0 {
        // PyObject_CallMethodObjArgs(result, "extend", self)
        if let Err(e) = vm.list_extend(result, s) {
            vm.decref(result);
            return Err(e);
        }
        return Ok(result);
    }
    let it = match vm.get_iter(s) {
        Ok(it) => it,
        Err(e) => {
            vm.decref(result);
            return Err(e);
        }
    };
    let mut length = 0i64;
    let r = loop {
        let line = match vm.next(it) {
            Ok(Some(l)) => l,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        vm.incref(line);
        vm.list_append_owned(result, line);
        let n = vm.len(line);
        vm.decref(line);
        match n {
            Ok(n) => {
                if n as i64 > hint - length {
                    break Ok(());
                }
                length += n as i64;
            }
            Err(e) => break Err(e),
        }
    };
    vm.decref(it);
    match r {
        Ok(()) => Ok(result),
        Err(e) => {
            vm.decref(result);
            Err(e)
        }
    }
}

/// `_io__IOBase_writelines`: METH_O; `write(line)` (`PyObject_CallMethodObjArgs`) per item.
fn writelines(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "writelines")?;
    crate::builtins::no_kwargs(vm, "_IOBase.writelines", kwargs)?;
    if args.len() != 2 {
        let msg = format!(
            "_IOBase.writelines() takes exactly one argument ({} given)",
            args.len() - 1
        );
        return Err(vm.type_error(&msg));
    }
    check_closed(vm, s)?;
    let it = vm.get_iter(args[1])?;
    let r = loop {
        let line = match vm.next(it) {
            Ok(Some(l)) => l,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        let w = vm.vectorcall_method(s, "write", &[line]);
        vm.decref(line);
        match w {
            Ok(w) => vm.decref(w),
            Err(e) => break Err(e),
        }
    };
    vm.decref(it);
    r.map(|()| vm.new_none())
}

/// `iobase_closed_get`.
fn closed_get(vm: &mut Vm, args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "closed")?;
    let c = is_closed(vm, s)?;
    Ok(vm.new_bool(c))
}

// ---- _RawIOBase ----

/// `_io__RawIOBase_read_impl`: `readall()` for a negative size, else a bytearray of that
/// size handed to `readinto` (`PyObject_CallMethodObjArgs`), cut to what it says it read.
fn raw_read(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = this(vm, args, "read")?;
    crate::builtins::positional(vm, "read", &args[1..], kwargs, 0, 1)?;
    let n = match args.get(1) {
        Some(&v) => crate::builtins::ssize_arg(vm, v)?,
        None => -1,
    };
    if n < 0 {
        return vm.vectorcall_method(s, "readall", &[]);
    }
    vm.check_memory(n as u128)?;
    let b = vm.new_bytearray(vec![0; n as usize]);
    let res = match vm.vectorcall_method(s, "readinto", &[b]) {
        Ok(r) => r,
        Err(e) => {
            vm.decref(b);
            return Err(e);
        }
    };
    if res == vm.none() {
        vm.decref(b);
        return Ok(res);
    }
    // PyNumber_AsSsize_t(res, PyExc_ValueError)
    let got = crate::builtins::index_arg(vm, res);
    vm.decref(res);
    let got = match got {
        Ok(g) => g,
        Err(e) => {
            vm.decref(b);
            return Err(e);
        }
    };
    let Some(got) = num_traits::ToPrimitive::to_i64(&got) else {
        vm.decref(b);
        let msg = "cannot fit 'int' into an index-sized integer";
        return Err(vm.new_exception(ExcKind::ValueError, msg));
    };
    if got < 0 {
        vm.decref(b);
        let msg = "Negative size passed to PyBytes_FromStringAndSize";
        return Err(vm.new_exception(ExcKind::SystemError, msg));
    }
    let data = match vm.heap.payload(b) {
        Payload::Bytes(x) => x[..(got as usize).min(x.len())].to_vec(),
        _ => Vec::new(),
    };
    let r = vm.new_bytes(data);
    vm.decref(b);
    Ok(r)
}

/// `_io__RawIOBase_readall_impl`: `read(DEFAULT_BUFFER_SIZE)` (`_PyObject_CallMethod`) into a
/// list of chunks until an empty one, joined (`_PyBytes_Join`: one exact chunk is itself).
fn raw_readall(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    let s = noargs(vm, args, kwargs, "_RawIOBase.readall")?;
    let chunks = vm.new_list(Vec::new());
    let r = loop {
        let data = match call_attr_with_int(vm, s, "read", 8192) {
            Ok(d) => d,
            Err(e) => break Err(e),
        };
        if data == vm.none() {
            if vm.len_of_builtin(chunks) == Some(0) {
                vm.decref(chunks);
                return Ok(data);
            }
            vm.decref(data);
            break Ok(());
        }
        if bytes_data(vm, data).is_none() {
            vm.decref(data);
            break Err(vm.type_error("read() should return bytes"));
        }
        if vm.len_of_builtin(data) == Some(0) {
            vm.decref(data);
            break Ok(());
        }
        vm.list_append_owned(chunks, data);
    };
    if let Err(e) = r {
        vm.decref(chunks);
        return Err(e);
    }
    let items = match vm.heap.payload(chunks) {
        Payload::List(l) => l.items.to_vec(),
        _ => Vec::new(),
    };
    let result = match items.as_slice() {
        [one] if vm.builtin_type_of(*one) == Some(BuiltinType::Bytes) => vm.new_ref(*one),
        _ => {
            let mut all = Vec::new();
            for &c in &items {
                if let Some(d) = bytes_data(vm, c) {
                    all.extend_from_slice(&d);
                }
            }
            vm.new_bytes(all)
        }
    };
    vm.decref(chunks);
    Ok(result)
}

/// `rawiobase_readinto` and `rawiobase_write`: NotImplementedError.
fn not_implemented_readinto(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(vm.new_exception_empty(ExcKind::NotImplementedError))
}

fn not_implemented_write(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(vm.new_exception_empty(ExcKind::NotImplementedError))
}

// ---- _BufferedIOBase ----

fn buffered_detach(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_BufferedIOBase.detach")?;
    Err(unsupported(vm, "detach"))
}

fn buffered_read(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "read"))
}

fn buffered_read1(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "read1"))
}

fn buffered_write(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "write"))
}

fn buffered_readinto(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    readinto_generic(vm, args, kwargs, "readinto", "read")
}

fn buffered_readinto1(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    readinto_generic(vm, args, kwargs, "readinto1", "read1")
}

/// `_bufferediobase_readinto_generic`: `read(len(buffer))` (`_PyObject_CallMethod`), copied
/// into the writable buffer.
fn readinto_generic(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: Kwargs,
    name: &str,
    read: &str,
) -> PyResult<ObjId> {
    let s = this(vm, args, name)?;
    crate::builtins::no_kwargs(vm, name, kwargs)?;
    if args.len() != 2 {
        let msg = format!(
            "_BufferedIOBase.{name}() takes exactly one argument ({} given)",
            args.len() - 1
        );
        return Err(vm.type_error(&msg));
    }
    let buf = args[1];
    // a writable buffer (`w*`): the model's is bytearray's
    let writable = vm.is_bytearray(buf);
    if !writable {
        let msg = format!(
            "{name}() argument must be read-write bytes-like object, not {}",
            vm.type_name(buf)
        );
        return Err(vm.type_error(&msg));
    }
    let len = vm.len(buf)?;
    let data = call_attr_with_int(vm, s, read, len as i64)?;
    let Some(bytes) = bytes_data(vm, data) else {
        vm.decref(data);
        return Err(vm.type_error("read() should return bytes"));
    };
    if bytes.len() > len {
        vm.decref(data);
        let msg = format!(
            "read() returned too much data: {len} bytes requested, {} returned",
            bytes.len()
        );
        return Err(vm.new_exception(ExcKind::ValueError, &msg));
    }
    let none = vm.none();
    let stop = vm.new_int(bytes.len() as i64);
    let sl = vm.new_slice(none, stop, none);
    vm.decref(stop);
    let r = vm.setitem(buf, sl, data);
    vm.decref(sl);
    vm.decref(data);
    r?;
    Ok(vm.new_int(bytes.len() as i64))
}

// ---- _TextIOBase ----

fn text_detach(vm: &mut Vm, args: &[ObjId], kwargs: Kwargs) -> PyResult<ObjId> {
    noargs(vm, args, kwargs, "_TextIOBase.detach")?;
    Err(unsupported(vm, "detach"))
}

fn text_read(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "read"))
}

fn text_readline(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "readline"))
}

fn text_write(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Err(unsupported(vm, "write"))
}

fn none_getter(vm: &mut Vm, _args: &[ObjId], _kwargs: Kwargs) -> PyResult<ObjId> {
    Ok(vm.new_none())
}
