//! Exceptions: making them, `raise` (with `__context__`/`__cause__` chaining), traceback objects
//! added frame by frame as an exception unwinds (`PyTraceBack_Here`, which materialises frame
//! objects that keep their locals alive), and the text CPython prints for them.

use crate::object::{BuiltinType, ExceptionObj, ObjId, Payload, TracebackObj};

use super::objects::Layout;
use super::{ExcKind, PyErr, PyResult, RunMode, Vm};

impl Vm {
    /// A new exception instance of a builtin kind with one message argument.
    pub fn new_exception(&mut self, kind: ExcKind, msg: &str) -> PyErr {
        let m = self.new_str(msg);
        let ty = self.exc_types[kind as usize];
        PyErr(self.new_exception_object(ty, vec![m]))
    }

    /// A new exception instance with no arguments.
    pub fn new_exception_empty(&mut self, kind: ExcKind) -> PyErr {
        let ty = self.exc_types[kind as usize];
        PyErr(self.new_exception_object(ty, Vec::new()))
    }

    /// A new exception with one object argument (KeyError(key), StopIteration(value)).
    pub fn new_exception_arg(&mut self, kind: ExcKind, arg: ObjId) -> PyErr {
        self.incref(arg);
        let ty = self.exc_types[kind as usize];
        PyErr(self.new_exception_object(ty, vec![arg]))
    }

    /// An exception object of type `ty` owning `args`.
    pub fn new_exception_object(&mut self, ty: ObjId, args: Vec<ObjId>) -> ObjId {
        let args = self.new_tuple(args);
        self.new_exception_with_args(ty, args)
    }

    /// An exception of type `ty` whose `args` is the tuple `args` (owned).
    pub(crate) fn new_exception_with_args(&mut self, ty: ObjId, args: ObjId) -> ObjId {
        let exc = self.alloc(
            ty,
            Payload::Exception(Box::new(ExceptionObj {
                args,
                traceback: None,
                context: None,
                cause: None,
                suppress_context: false,
                dict: None,
                weakrefs: Vec::new(),
                members: Vec::new(),
            })),
            // `tp_basicsize`: each builtin exception's own, a class's (`__weakref__`, slots)
            Layout::gc(self.type_layout(ty)[0] as usize),
        );
        // PyType_GenericAlloc: the collection `_PyObject_GC_Link` may start comes before
        // `_PyObject_Init` takes the reference to a heap type
        if self.is_heap_type(ty) {
            self.incref(ty);
        }
        self.exc_init_members(exc);
        exc
    }

    /// The members a builtin exception class sets from its arguments (`SystemExit_init`,
    /// `StopIteration_init`, `oserror_init`).
    pub(crate) fn exc_init_members(&mut self, exc: ObjId) {
        let args = match self.heap.payload(exc) {
            Payload::Exception(e) => self.tuple_items(e.args),
            _ => return,
        };
        let none = self.statics.none;
        let mut members: Vec<(&'static str, ObjId)> = Vec::new();
        if self.is_exception_group(exc) {
            // `message` and `exceptions` are set by `__new__` only
            return;
        }
        if self.is_instance_of_kind(exc, ExcKind::SystemExit) {
            let code = match args.len() {
                0 => self.new_ref(none),
                1 => self.new_ref(args[0]),
                _ => {
                    let a = match self.heap.payload(exc) {
                        Payload::Exception(e) => e.args,
                        _ => none,
                    };
                    self.new_ref(a)
                }
            };
            members.push(("code", code));
        } else if self.is_instance_of_kind(exc, ExcKind::AttributeError) {
            // AttributeError_init: `name` and `obj` (keywords only), else None
            members.push(("obj", self.new_ref(none)));
            members.push(("name", self.new_ref(none)));
        } else if self.is_instance_of_kind(exc, ExcKind::ImportError) {
            // ImportError_init: `msg` is the one argument (None for other counts); `name`
            // and `path` come by keyword only, else None
            let msg = if args.len() == 1 { args[0] } else { none };
            members.push(("msg", self.new_ref(msg)));
            members.push(("name", self.new_ref(none)));
            members.push(("path", self.new_ref(none)));
        } else if self.is_instance_of_kind(exc, ExcKind::NameError) {
            // NameError_init: `name` (a keyword only), else None
            members.push(("name", self.new_ref(none)));
        } else if self.is_instance_of_kind(exc, ExcKind::StopIteration) {
            let value = args.first().copied().unwrap_or(none);
            members.push(("value", self.new_ref(value)));
        } else if self.is_instance_of_kind(exc, ExcKind::SyntaxError) {
            // SyntaxError_init: `(msg, (filename, lineno, offset, text[, end_lineno,
            // end_offset]))`; what is not given reads as None
            let mut fields = [none; 8];
            if let Some(&m) = args.first() {
                fields[0] = m;
            }
            if args.len() == 2 {
                let info = match self.heap.payload(args[1]) {
                    Payload::Tuple(t) => t.to_vec(),
                    Payload::List(l) => l.items.to_vec(),
                    _ => Vec::new(),
                };
                if (4..=6).contains(&info.len()) {
                    for (i, &v) in info.iter().enumerate() {
                        fields[i + 1] = v;
                    }
                }
            }
            for (name, v) in [
                "msg",
                "filename",
                "lineno",
                "offset",
                "text",
                "end_lineno",
                "end_offset",
                "print_file_and_line",
            ]
            .into_iter()
            .zip(fields)
            {
                members.push((name, self.new_ref(v)));
            }
        } else if self.is_instance_of_kind(exc, ExcKind::UnicodeDecodeError)
            || self.is_instance_of_kind(exc, ExcKind::UnicodeEncodeError)
        {
            // UnicodeDecodeError_init `"UOnnU"` / UnicodeEncodeError_init `"UUnnU"`:
            // encoding, object, start, end, reason (`__init__` with other arguments is a
            // TypeError in CPython; the model leaves the members unset then)
            let decode = self.is_instance_of_kind(exc, ExcKind::UnicodeDecodeError);
            let is_str = |vm: &Self, v: ObjId| matches!(vm.heap.payload(v), Payload::Str(_));
            let ok = args.len() == 5
                && is_str(self, args[0])
                && is_str(self, args[4])
                && self.as_i64(args[2]).is_some()
                && self.as_i64(args[3]).is_some()
                && if decode {
                    matches!(self.heap.payload(args[1]), Payload::Bytes(_))
                } else {
                    is_str(self, args[1])
                };
            if ok {
                for (name, v) in [
                    ("encoding", args[0]),
                    ("object", args[1]),
                    ("start", args[2]),
                    ("end", args[3]),
                    ("reason", args[4]),
                ] {
                    members.push((name, self.new_ref(v)));
                }
            }
        } else if self.is_instance_of_kind(exc, ExcKind::OSError) {
            let n = args.len();
            let pick = |i: usize| {
                if (2..=5).contains(&n) && i < n {
                    args[i]
                } else {
                    none
                }
            };
            let (errno, strerror, filename) = (pick(0), pick(1), pick(2));
            let filename2 = if n == 5 { args[4] } else { none };
            for (name, v) in [
                ("errno", errno),
                ("strerror", strerror),
                ("filename", filename),
                ("filename2", filename2),
            ] {
                members.push((name, self.new_ref(v)));
            }
            if filename != none {
                // the filename is not part of `args`
                self.incref(args[0]);
                self.incref(args[1]);
                let short = self.new_tuple(vec![args[0], args[1]]);
                let old = match self.heap.payload_mut(exc) {
                    Payload::Exception(e) => std::mem::replace(&mut e.args, short),
                    _ => short,
                };
                self.decref(old);
            }
        }
        let old = match self.heap.payload_mut(exc) {
            Payload::Exception(e) => std::mem::replace(&mut e.members, members),
            _ => members,
        };
        for (_, v) in old {
            self.decref(v);
        }
    }

    /// The keyword arguments of a builtin exception's `tp_init`: `BaseException_init` takes
    /// none (`ValueError() takes no keyword arguments`, the class's own name); `ImportError_init`
    /// takes `name` and `path`, `AttributeError_init` `name` and `obj`, `NameError_init`
    /// `name` (`PyArg_ParseTupleAndKeywords` with `"|$OO:ImportError"`: the message names
    /// the builtin, whatever the subclass). Run after the positional arguments are set.
    pub(crate) fn exc_init_keywords(
        &mut self,
        exc: ObjId,
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        if kwargs.is_empty() || self.is_exception_group(exc) {
            return Ok(());
        }
        let (init_name, allowed): (&str, &[&'static str]) =
            if self.is_instance_of_kind(exc, ExcKind::ImportError) {
                ("ImportError", &["name", "path"])
            } else if self.is_instance_of_kind(exc, ExcKind::AttributeError) {
                ("AttributeError", &["name", "obj"])
            } else if self.is_instance_of_kind(exc, ExcKind::NameError) {
                ("NameError", &["name"])
            } else {
                let msg = format!("{}() takes no keyword arguments", self.type_name(exc));
                return Err(self.type_error(&msg));
            };
        for &(k, v) in kwargs {
            let key = self.str_of(k).to_string();
            let Some(&field) = allowed.iter().find(|&&a| a == key) else {
                let msg = format!("'{key}' is an invalid keyword argument for {init_name}()");
                return Err(self.type_error(&msg));
            };
            self.set_exc_member(exc, field, v);
        }
        Ok(())
    }

    /// Replace a member of a builtin exception subclass (`v` borrowed).
    pub(crate) fn set_exc_member(&mut self, exc: ObjId, field: &'static str, v: ObjId) {
        self.incref(v);
        let old = match self.heap.payload_mut(exc) {
            Payload::Exception(e) => match e.members.iter_mut().find(|(f, _)| *f == field) {
                Some(m) => Some(std::mem::replace(&mut m.1, v)),
                None => {
                    e.members.push((field, v));
                    None
                }
            },
            _ => Some(v),
        };
        self.xdecref(old);
    }

    /// `PyErr_SetImportError` / importlib's `ModuleNotFoundError(msg, name=name)`: an
    /// ImportError of `kind` with its `name` and `path` members set.
    pub(crate) fn new_import_error(
        &mut self,
        kind: ExcKind,
        msg: &str,
        name: &str,
        path: Option<&str>,
    ) -> super::PyErr {
        let e = self.new_exception(kind, msg);
        let n = self.new_str(name);
        self.set_exc_member(e.0, "name", n);
        self.decref(n);
        if let Some(p) = path {
            let p = self.new_str(p);
            self.set_exc_member(e.0, "path", p);
            self.decref(p);
        }
        e
    }

    /// `set_attribute_error_context` (`PyObject_GetAttr` failing, `Objects/object.c`): an
    /// AttributeError not yet augmented gets the attribute's name and the object asked (for
    /// the "Did you mean" suggestion), so the exception keeps that object alive while it lives.
    pub(crate) fn set_attribute_error_context(&mut self, exc: ObjId, obj: ObjId, name: ObjId) {
        if !self.is_instance_of_kind(exc, ExcKind::AttributeError) {
            return;
        }
        let none = self.statics.none;
        let (Some(o), Some(n)) = (self.exc_member(exc, "obj"), self.exc_member(exc, "name")) else {
            return;
        };
        if o != none || n != none {
            return;
        }
        for (field, v) in [("name", name), ("obj", obj)] {
            self.incref(v);
            let old = match self.heap.payload_mut(exc) {
                Payload::Exception(e) => e
                    .members
                    .iter_mut()
                    .find(|(f, _)| *f == field)
                    .map(|m| std::mem::replace(&mut m.1, v)),
                _ => None,
            };
            self.xdecref(old);
        }
    }

    /// `OSError.__new__`: `OSError(errno, strerror)` makes the subclass for that errno.
    pub(crate) fn oserror_subtype(&self, ty: ObjId, args: &[ObjId]) -> ObjId {
        if ty != self.exc_types[ExcKind::OSError as usize] || !(2..=5).contains(&args.len()) {
            return ty;
        }
        let kind = match self.as_i64(args[0]) {
            Some(11 | 114 | 115) => ExcKind::BlockingIOError,
            Some(10) => ExcKind::ChildProcessError,
            Some(32 | 108) => ExcKind::BrokenPipeError,
            Some(103) => ExcKind::ConnectionAbortedError,
            Some(111) => ExcKind::ConnectionRefusedError,
            Some(104) => ExcKind::ConnectionResetError,
            Some(17) => ExcKind::FileExistsError,
            Some(2) => ExcKind::FileNotFoundError,
            Some(4) => ExcKind::InterruptedError,
            Some(21) => ExcKind::IsADirectoryError,
            Some(20) => ExcKind::NotADirectoryError,
            Some(1 | 13) => ExcKind::PermissionError,
            Some(3) => ExcKind::ProcessLookupError,
            Some(110) => ExcKind::TimeoutError,
            _ => return ty,
        };
        self.exc_types[kind as usize]
    }

    /// A member of a builtin exception subclass (borrowed).
    pub(crate) fn exc_member(&self, exc: ObjId, name: &str) -> Option<ObjId> {
        match self.heap.payload(exc) {
            Payload::Exception(e) => e.members.iter().find(|(n, _)| *n == name).map(|m| m.1),
            _ => None,
        }
    }

    /// Is `exc` an instance of the builtin exception `kind` (or a subclass)?
    pub fn is_instance_of_kind(&self, exc: ObjId, kind: ExcKind) -> bool {
        let target = self.exc_types[kind as usize];
        self.is_subtype(self.type_of(exc), target)
    }

    /// Is `ty` a subclass of `base` (MRO walk)?
    pub fn is_subtype(&self, ty: ObjId, base: ObjId) -> bool {
        if ty == base {
            return true;
        }
        self.mro_of(ty).contains(&base)
    }

    /// The MRO of a type as ids.
    pub fn mro_of(&self, ty: ObjId) -> Vec<ObjId> {
        match self.heap.payload(ty) {
            Payload::Type(t) => match t.mro {
                Some(m) => self.tuple_items(m),
                None => t.static_mro.clone(),
            },
            _ => Vec::new(),
        }
    }

    pub fn is_exception_type(&self, ty: ObjId) -> bool {
        matches!(self.heap.payload(ty), Payload::Type(t) if t.is_exception)
    }

    /// `CHECK_EXC_MATCH`: does `exc` match the class (or tuple of classes) `ty`?
    pub(crate) fn exception_matches(&mut self, exc: ObjId, ty: ObjId) -> PyResult<bool> {
        let classes = match self.heap.payload(ty) {
            Payload::Tuple(t) => t.to_vec(),
            _ => vec![ty],
        };
        for c in &classes {
            if !self.is_exception_type(*c) {
                return Err(self.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
        }
        let et = self.type_of(exc);
        Ok(classes.iter().any(|&c| self.is_subtype(et, c)))
    }

    /// `RAISE_VARARGS`: `exc` and `cause` are owned.
    pub(crate) fn do_raise(&mut self, exc: Option<ObjId>, cause: Option<ObjId>) -> PyErr {
        let Some(exc) = exc else {
            // bare `raise`: the exception being handled
            return match self.exc_info {
                Some(e) => {
                    self.incref(e);
                    PyErr(e)
                }
                None => self.new_exception(ExcKind::RuntimeError, "No active exception to reraise"),
            };
        };
        let value = match self.make_exception_value(exc) {
            Ok(v) => v,
            Err(e) => {
                self.xdecref(cause);
                return e;
            }
        };
        if let Some(c) = cause {
            let cause_value = if c == self.none() {
                self.decref(c);
                None
            } else {
                match self.make_exception_value(c) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        self.decref(e.0);
                        self.decref(value);
                        return self.type_error("exception causes must derive from BaseException");
                    }
                }
            };
            if let Payload::Exception(e) = self.heap.payload_mut(value) {
                let old = std::mem::replace(&mut e.cause, cause_value);
                e.suppress_context = true;
                self.xdecref(old);
            }
        }
        PyErr(value)
    }

    /// A class is instantiated with no arguments; an instance is used as is.
    fn make_exception_value(&mut self, exc: ObjId) -> PyResult<ObjId> {
        if matches!(self.heap.payload(exc), Payload::Type(_)) && self.is_exception_type(exc) {
            let r = self.call_object(exc, &[], &[]);
            self.decref(exc);
            return r;
        }
        if matches!(self.heap.payload(exc), Payload::Exception(_)) {
            return Ok(exc);
        }
        self.decref(exc);
        Err(self.type_error("exceptions must derive from BaseException"))
    }

    /// `PyTraceBack_Here`: add the current frame to the exception's traceback. The first time an
    /// exception propagates, `__context__` is set to the exception being handled.
    pub(crate) fn traceback_here(&mut self, exc: ObjId) {
        let Payload::Exception(e) = self.heap.payload(exc) else {
            return;
        };
        if e.traceback.is_none() && e.context.is_none() {
            if let Some(ctx) = self.exc_info {
                if ctx != exc && !self.context_chain_contains(ctx, exc) {
                    self.incref(ctx);
                    if let Payload::Exception(e) = self.heap.payload_mut(exc) {
                        e.context = Some(ctx);
                    }
                }
            }
        }
        let index = self.frames.len() - 1;
        let code = &self.frames[index].code;
        if code.source.is_c_code(code.first_line) {
            // C code makes no frame: the exception passes it without a traceback entry
            return;
        }
        let frame = self.frame_object(index);
        self.incref(frame);
        let (line, lasti) = {
            let f = &self.frames[index];
            (f.code.line_of(f.lasti), f.lasti)
        };
        let next = match self.heap.payload_mut(exc) {
            Payload::Exception(e) => e.traceback.take(),
            _ => None,
        };
        let t = self.ty(BuiltinType::Traceback);
        let tb = self.alloc(
            t,
            Payload::Traceback(Box::new(TracebackObj {
                next,
                frame,
                line,
                lasti,
            })),
            Layout::gc(48),
        );
        if let Payload::Exception(e) = self.heap.payload_mut(exc) {
            e.traceback = Some(tb);
        }
    }

    fn context_chain_contains(&self, start: ObjId, target: ObjId) -> bool {
        let mut cur = Some(start);
        let mut steps = 0;
        while let Some(c) = cur {
            if c == target {
                return true;
            }
            steps += 1;
            if steps > 1000 {
                return true;
            }
            cur = match self.heap.payload(c) {
                Payload::Exception(e) => e.context,
                _ => None,
            };
        }
        false
    }

    /// `str(exc)`: the message CPython shows after the type name.
    pub fn exception_message(&mut self, exc: ObjId) -> String {
        let args = match self.heap.payload(exc) {
            Payload::Exception(e) => self.tuple_items(e.args),
            _ => return String::new(),
        };
        if self.is_exception_group(exc) {
            return self.exception_group_message(exc);
        }
        if let Some(s) = self.syntax_error_str(exc) {
            return s;
        }
        let is_key_error = self.is_instance_of_kind(exc, ExcKind::KeyError);
        if let Some(s) = self.unicode_error_str(exc) {
            return s;
        }
        if let Some(s) = self.oserror_str(exc) {
            return s;
        }
        // ImportError_str: the `msg` member when it is an exact str
        if self.is_instance_of_kind(exc, ExcKind::ImportError) {
            if let Some(m) = self.exc_member(exc, "msg") {
                if self.builtin_type_of(m) == Some(BuiltinType::Str) {
                    return self.str_of(m).to_string();
                }
            }
        }
        match args.len() {
            0 => String::new(),
            1 if is_key_error => self.repr_string(args[0]).unwrap_or_default(),
            1 => self.str_string(args[0]).unwrap_or_default(),
            _ => {
                let t = match self.heap.payload(exc) {
                    Payload::Exception(e) => e.args,
                    _ => return String::new(),
                };
                self.repr_string(t).unwrap_or_default()
            }
        }
    }

    /// `SyntaxError_str`: `msg (file.py, line 3)` with the file's base name, when the
    /// exception has a file name or a line number.
    fn syntax_error_str(&mut self, exc: ObjId) -> Option<String> {
        let msg = self.exc_member(exc, "msg")?;
        let filename = self.exc_member(exc, "filename")?;
        let lineno = self.exc_member(exc, "lineno")?;
        let file = match self.heap.payload(filename) {
            Payload::Str(s) => Some(s.value.rsplit('/').next().unwrap_or("").to_string()),
            _ => None,
        };
        let int_t = self.ty(BuiltinType::Int);
        let line = (self.type_of(lineno) == int_t)
            .then(|| self.as_i64(lineno))
            .flatten();
        let m = self.str_string(msg).unwrap_or_default();
        Some(match (file, line) {
            (None, None) => m,
            (Some(f), Some(l)) => format!("{m} ({f}, line {l})"),
            (Some(f), None) => format!("{m} ({f})"),
            (None, Some(l)) => format!("{m} (line {l})"),
        })
    }

    /// `UnicodeEncodeError_str` / `UnicodeDecodeError_str`: the message worked out from the
    /// members, naming the one character or byte when `end == start + 1`.
    fn unicode_error_str(&mut self, exc: ObjId) -> Option<String> {
        let encoding = self.exc_member(exc, "encoding")?;
        let object = self.exc_member(exc, "object")?;
        let start = self.exc_member(exc, "start").and_then(|v| self.as_i64(v))?;
        let end = self.exc_member(exc, "end").and_then(|v| self.as_i64(v))?;
        let reason = self.exc_member(exc, "reason")?;
        let enc = self.str_string(encoding).unwrap_or_default();
        let why = self.str_string(reason).unwrap_or_default();
        let one = end == start.wrapping_add(1) && start >= 0;
        match self.heap.payload(object) {
            Payload::Bytes(b) => {
                let byte = usize::try_from(start).ok().and_then(|i| b.get(i).copied());
                Some(match byte {
                    Some(c) if one => format!(
                        "'{enc}' codec can't decode byte 0x{c:02x} in position {start}: {why}"
                    ),
                    _ => format!(
                        "'{enc}' codec can't decode bytes in position {start}-{}: {why}",
                        end - 1
                    ),
                })
            }
            Payload::Str(s) => {
                let ch = usize::try_from(start)
                    .ok()
                    .and_then(|i| s.as_str().chars().nth(i));
                Some(match ch {
                    Some(c) if one => {
                        let mut shown = String::new();
                        let u = crate::object::str::code_point(c);
                        crate::object::str::push_code_point_escape(&mut shown, u);
                        format!(
                            "'{enc}' codec can't encode character '{shown}' in position {start}: {why}"
                        )
                    }
                    _ => format!(
                        "'{enc}' codec can't encode characters in position {start}-{}: {why}",
                        end - 1
                    ),
                })
            }
            _ => None,
        }
    }

    /// `OSError_str`: `[Errno 2] No such file: 'name'` when errno and strerror are set.
    fn oserror_str(&mut self, exc: ObjId) -> Option<String> {
        let none = self.statics.none;
        let errno = self.exc_member(exc, "errno")?;
        let strerror = self.exc_member(exc, "strerror")?;
        if errno == none || strerror == none {
            return None;
        }
        let e = self.str_string(errno).unwrap_or_default();
        let s = self.str_string(strerror).unwrap_or_default();
        let filename = self.exc_member(exc, "filename").filter(|&f| f != none);
        let filename2 = self.exc_member(exc, "filename2").filter(|&f| f != none);
        Some(match (filename, filename2) {
            (Some(f), Some(f2)) => {
                let (f, f2) = (
                    self.repr_string(f).unwrap_or_default(),
                    self.repr_string(f2).unwrap_or_default(),
                );
                format!("[Errno {e}] {s}: {f} -> {f2}")
            }
            (Some(f), None) => {
                let f = self.repr_string(f).unwrap_or_default();
                format!("[Errno {e}] {s}: {f}")
            }
            _ => format!("[Errno {e}] {s}"),
        })
    }

    /// `ExceptionType: message` (or just the type when there is no message).
    pub fn exception_line(&mut self, exc: ObjId) -> String {
        let qual = self.exception_qualname(exc);
        // print_exception: `PyObject_Str(value)`, so a class's own `__str__` is used
        let msg = match self.str_string(exc) {
            Ok(m) => m,
            Err(e) => {
                self.decref(e.0);
                "<exception str() failed>".to_string()
            }
        };
        if msg.is_empty() {
            qual
        } else {
            format!("{qual}: {msg}")
        }
    }

    /// The exception's class as `print_exception` names it: `module.Name` but for builtins and
    /// `__main__`.
    fn exception_qualname(&mut self, exc: ObjId) -> String {
        let ty = self.type_of(exc);
        let name = self.type_name_of_type(ty);
        match self.class_module(ty) {
            Some(m) if m != "builtins" && m != "__main__" => format!("{m}.{name}"),
            _ => name,
        }
    }

    /// The traceback entries of an exception: (filename, line, function name, frame code).
    fn traceback_entries(&self, exc: ObjId) -> Vec<(std::rc::Rc<crate::code::Code>, u32, usize)> {
        let mut out = Vec::new();
        let mut tb = match self.heap.payload(exc) {
            Payload::Exception(e) => e.traceback,
            _ => None,
        };
        while let Some(t) = tb {
            let Payload::Traceback(t) = self.heap.payload(t) else {
                break;
            };
            if let Some(code) = self.frame_object_code(t.frame) {
                if let Payload::Code(c) = self.heap.payload(code) {
                    out.push((c.clone(), t.line, t.lasti));
                }
            }
            tb = t.next;
        }
        out
    }

    /// The full text CPython prints for an uncaught exception (script mode), with chained
    /// causes and contexts first.
    pub fn format_exception(&mut self, exc: ObjId) -> String {
        self.format_exception_as(exc, false)
    }

    /// [`Vm::format_exception`], written by the interpreter (`traceback_module` false) or by
    /// Lib/traceback.py's `TracebackException.format`.
    pub fn format_exception_as(&mut self, exc: ObjId, traceback_module: bool) -> String {
        let mut seen = Vec::new();
        let mut ctx = GroupPrintContext {
            traceback_module,
            ..GroupPrintContext::default()
        };
        let mut out = String::new();
        self.format_exception_chain(exc, &mut seen, &mut ctx, &mut out);
        out
    }

    /// One exception alone (no cause or context): its traceback and its line
    /// (`traceback.print_exception(..., chain=False)`).
    pub fn format_exception_unchained(&mut self, exc: ObjId) -> String {
        if self.is_exception_group(exc) {
            // a group's boxes are the renderer's; its chain is not printed by it either
            return self.format_exception(exc);
        }
        let mut out = self.format_traceback_entries(exc, "Traceback (most recent call last):\n");
        out.push_str(&self.exception_line_with_notes(exc, true));
        out
    }

    /// `traceback.format_exception_only`: the exception's line (with a suggestion and its
    /// notes), newline-terminated.
    pub fn format_exception_only(&mut self, exc: ObjId) -> String {
        self.exception_line_with_notes(exc, true)
    }

    /// One exception with what it was chained to, written at the context's group depth
    /// (`print_exception_recursive`; an exception group prints its traceback, then each of
    /// its exceptions in a numbered box, `print_exception_group`).
    fn format_exception_chain(
        &mut self,
        exc: ObjId,
        seen: &mut Vec<ObjId>,
        ctx: &mut GroupPrintContext,
        out: &mut String,
    ) {
        seen.push(exc);
        let (cause, context, suppress) = match self.heap.payload(exc) {
            Payload::Exception(e) => (e.cause, e.context, e.suppress_context),
            _ => (None, None, false),
        };
        if let Some(c) = cause.filter(|c| !seen.contains(c)) {
            self.format_exception_chain(c, seen, ctx, out);
            ctx.emit(
                out,
                "\nThe above exception was the direct cause of the following exception:\n\n",
                '|',
            );
        } else if let Some(c) = context.filter(|c| !suppress && !seen.contains(c)) {
            self.format_exception_chain(c, seen, ctx, out);
            ctx.emit(
                out,
                "\nDuring handling of the above exception, another exception occurred:\n\n",
                '|',
            );
        }
        if !self.is_exception_group(exc) {
            let tb = self.format_traceback_entries(exc, "Traceback (most recent call last):\n");
            ctx.emit(out, &tb, '|');
            let line = self.exception_line_with_notes(exc, ctx.traceback_module);
            ctx.emit(out, &line, '|');
            return;
        }
        // traceback.py's max_group_depth and max_group_width
        const MAX_DEPTH: usize = 10;
        const MAX_WIDTH: usize = 15;
        if ctx.depth > MAX_DEPTH {
            ctx.emit(out, &format!("... (max_group_depth is {MAX_DEPTH})\n"), '|');
            return;
        }
        let top = ctx.depth == 0;
        if top {
            ctx.depth += 1;
        }
        let tb = self.format_traceback_entries(exc, "");
        if !tb.is_empty() {
            let header = "Exception Group Traceback (most recent call last):\n";
            ctx.emit(out, header, if top { '+' } else { '|' });
            ctx.emit(out, &tb, '|');
        }
        let line = self.exception_line_with_notes(exc, ctx.traceback_module);
        ctx.emit(out, &line, '|');
        let excs = self.group_exceptions(exc);
        let n = excs.len().min(MAX_WIDTH + 1);
        ctx.need_close = false;
        for i in 0..n {
            let last = i == n - 1;
            if last {
                ctx.need_close = true;
            }
            let truncated = i >= MAX_WIDTH;
            let title = if truncated {
                "...".to_string()
            } else {
                (i + 1).to_string()
            };
            out.push_str(&format!(
                "{}{}+---------------- {title} ----------------\n",
                ctx.indent(),
                if i == 0 { "+-" } else { "  " }
            ));
            ctx.depth += 1;
            if truncated {
                let more = excs.len() - MAX_WIDTH;
                let s = if more > 1 { "s" } else { "" };
                ctx.emit(out, &format!("and {more} more exception{s}\n"), '|');
            } else {
                self.format_exception_chain(excs[i], seen, ctx, out);
            }
            if last && ctx.need_close {
                out.push_str(&format!(
                    "{}+------------------------------------\n",
                    ctx.indent()
                ));
                ctx.need_close = false;
            }
            ctx.depth -= 1;
        }
        if top {
            ctx.depth = 0;
        }
    }

    /// `format_exception_only` with the exception's `__notes__` after it (3.11).
    fn exception_line_with_notes(&mut self, exc: ObjId, traceback_module: bool) -> String {
        let mut out = match self.syntax_error_lines(exc, traceback_module) {
            Some(lines) => lines,
            None => self.exception_line(exc),
        };
        // print_exception_suggestions
        if let Some(s) = self.offer_suggestion(exc, true) {
            out.push_str(&format!(". Did you mean: '{s}'?"));
        }
        out.push('\n');
        let name = self.new_interned("__notes__");
        let dict = match self.heap.payload(exc) {
            Payload::Exception(e) => e.dict,
            _ => None,
        };
        let notes = dict.and_then(|d| self.dict_getitem_str(d, name));
        self.decref(name);
        if let Some(n) = notes {
            let items = match self.heap.payload(n) {
                Payload::List(l) => l.items.to_vec(),
                Payload::Tuple(t) => t.to_vec(),
                _ => Vec::new(),
            };
            for note in items {
                let text = match self.heap.payload(note) {
                    Payload::Str(s) => s.value.to_string(),
                    _ => self
                        .str_string(note)
                        .unwrap_or_else(|_| "<note str() failed>".into()),
                };
                for l in text.split('\n') {
                    out.push_str(l);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// What `print_exception` (pythonrun.c) prints for an exception whose class has
    /// `print_file_and_line` (SyntaxError and its subclasses): `parse_syntax_error` reads
    /// `msg`, `filename` (None: `<string>`), `lineno`, `offset`, `end_offset` and `text`; then
    /// `  File "f", line n`, the text and its carets (`print_error_text`), and the class with
    /// `msg` alone instead of `str(exc)`. None when the exception is not one, or its `lineno`
    /// is not an int (CPython then prints it as any other exception). With
    /// `traceback_module`, as `TracebackException._format_syntax_error` writes it instead.
    fn syntax_error_lines(&mut self, exc: ObjId, traceback_module: bool) -> Option<String> {
        if !self.is_instance_of_kind(exc, ExcKind::SyntaxError) {
            return None;
        }
        let attr = |vm: &mut Vm, name: &str| match vm.lookup_attr(exc, name) {
            Ok(v) => v,
            Err(e) => {
                vm.decref(e.0);
                None
            }
        };
        let fields: Vec<Option<ObjId>> = [
            "msg",
            "filename",
            "lineno",
            "offset",
            "end_offset",
            "text",
            "end_lineno",
        ]
        .iter()
        .map(|n| attr(self, n))
        .collect();
        let int = |vm: &Vm, v: Option<ObjId>| v.and_then(|v| vm.as_i64(v));
        let none = self.none();
        if traceback_module {
            let r = self.syntax_error_lines_py(exc, &fields);
            for v in fields.into_iter().flatten() {
                self.decref(v);
            }
            return Some(r);
        }
        let result = int(self, fields[2]).map(|lineno| {
            let filename = match fields[1] {
                Some(f) if f != none => self.str_string(f).unwrap_or_else(|e| {
                    self.decref(e.0);
                    String::new()
                }),
                _ => "<string>".to_string(),
            };
            let mut out = format!("  File \"{filename}\", line {lineno}\n");
            let text = fields[5]
                .filter(|&t| t != none)
                .and_then(|t| match self.heap.payload(t) {
                    Payload::Str(s) => Some(s.value.to_string()),
                    _ => None,
                });
            if let Some(text) = text {
                let offset = int(self, fields[3]).unwrap_or(-1);
                // `parse_syntax_error` reads an end for `SyntaxError` itself only
                let exact = self.type_of(exc) == self.exc_types[ExcKind::SyntaxError as usize];
                let end = crate::parse::display::caret_end(
                    exact,
                    lineno,
                    int(self, fields[6]),
                    int(self, fields[4]),
                    &text,
                );
                out.push_str(&crate::parse::display::error_text(&text, offset, end));
            }
            let qual = self.exception_qualname(exc);
            let msg = match fields[0] {
                Some(m) => self.str_string(m).unwrap_or_else(|e| {
                    self.decref(e.0);
                    "<exception str() failed>".to_string()
                }),
                None => String::new(),
            };
            if msg.is_empty() {
                out.push_str(&qual);
            } else {
                out.push_str(&format!("{qual}: {msg}"));
            }
            out
        });
        for v in fields.into_iter().flatten() {
            self.decref(v);
        }
        result
    }

    /// `TracebackException._format_syntax_error` (Lib/traceback.py) over `parse_syntax_error`'s
    /// fields (msg, filename, lineno, offset, end_offset, text): no File line without a
    /// lineno (the filename then follows the message), blanks and newlines but not tabs
    /// stripped, carets under the text with its whitespace kept.
    fn syntax_error_lines_py(&mut self, exc: ObjId, fields: &[Option<ObjId>]) -> String {
        let none = self.none();
        let given = |i: usize| fields[i].filter(|&v| v != none);
        let text_of = |vm: &mut Vm, v: ObjId| {
            vm.str_string(v).unwrap_or_else(|e| {
                vm.decref(e.0);
                String::new()
            })
        };
        let mut out = String::new();
        let mut suffix = String::new();
        match (given(2), given(1)) {
            (Some(l), f) => {
                let filename = f.map(|f| text_of(self, f)).filter(|f| !f.is_empty());
                let lineno = text_of(self, l);
                out.push_str(&format!(
                    "  File \"{}\", line {lineno}\n",
                    filename.as_deref().unwrap_or("<string>")
                ));
            }
            (None, Some(f)) => suffix = format!(" ({})", text_of(self, f)),
            (None, None) => {}
        }
        if let Some(t) = given(5) {
            let text = text_of(self, t);
            let rtext = text.trim_end_matches('\n');
            let ltext = rtext.trim_start_matches([' ', '\n', '\x0c']);
            let spaces = (rtext.chars().count() - ltext.chars().count()) as i64;
            out.push_str(&format!("    {ltext}\n"));
            let int = |i: usize| given(i).and_then(|v| self.as_i64(v));
            if let Some(offset) = int(3) {
                let mut end = match int(4) {
                    Some(e) if e != 0 => e,
                    _ => offset,
                };
                if offset == end || end == -1 {
                    end = offset + 1;
                }
                let colno = offset - 1 - spaces;
                let end_colno = end - 1 - spaces;
                if colno >= 0 {
                    let space: String = ltext
                        .chars()
                        .take(colno as usize)
                        .map(|c| if c.is_whitespace() { c } else { ' ' })
                        .collect();
                    let carets = "^".repeat((end_colno - colno).max(0) as usize);
                    out.push_str(&format!("    {space}{carets}\n"));
                }
            }
        }
        let qual = self.exception_qualname(exc);
        let msg = match given(0) {
            Some(m) => text_of(self, m),
            None => String::new(),
        };
        let msg = if msg.is_empty() {
            "<no detail available>".to_string()
        } else {
            msg
        };
        out.push_str(&format!("{qual}: {msg}{suffix}"));
        out
    }

    /// The `File "...", line N, in f` entries of an exception's traceback under `header`
    /// (nothing when it has no traceback).
    fn format_traceback_entries(&mut self, exc: ObjId, header: &str) -> String {
        let mut out = String::new();
        let entries = self.traceback_entries(exc);
        if !entries.is_empty() {
            out.push_str(header);
        }
        // `tb_print_internal`: after TB_RECURSIVE_CUTOFF (3) identical entries in a row (same
        // file, line and function), the rest collapse into one "[Previous line repeated...]"
        const TB_RECURSIVE_CUTOFF: usize = 3;
        let repeated = |out: &mut String, cnt: usize| {
            if cnt > TB_RECURSIVE_CUTOFF {
                let more = cnt - TB_RECURSIVE_CUTOFF;
                let s = if more > 1 { "s" } else { "" };
                out.push_str(&format!("  [Previous line repeated {more} more time{s}]\n"));
            }
        };
        let mut last: Option<(String, u32, String)> = None;
        let mut cnt = 0;
        for (code, line, lasti) in entries {
            let key = (code.source.filename.clone(), line, code.name.clone());
            if last.as_ref() != Some(&key) {
                repeated(&mut out, cnt);
                last = Some(key);
                cnt = 0;
            }
            cnt += 1;
            if cnt > TB_RECURSIVE_CUTOFF {
                continue;
            }
            out.push_str(&format!(
                "  File \"{}\", line {}, in {}\n",
                code.source.filename, line, code.name
            ));
            let text = match code.source.from_string {
                true => None,
                false => code.source.line_text(line),
            };
            if let Some(text) = text {
                let stripped = text.trim_start();
                if !stripped.is_empty() {
                    out.push_str(&format!("    {}\n", stripped.trim_end()));
                    if let Some(carets) = caret_line(text, code.positions.get(lasti).copied()) {
                        out.push_str(&format!("    {carets}\n"));
                    }
                }
            }
        }
        repeated(&mut out, cnt);
        out
    }

    /// IPython's rendering of an uncaught exception in a cell (what Jupyter shows).
    pub fn format_exception_ipython(
        &mut self,
        exc: ObjId,
        cell_numbers: &dyn Fn(&str) -> Option<u32>,
    ) -> String {
        let mut out = String::new();
        let rule = "-".repeat(75);
        let ty = self.type_of(exc);
        let name = self.type_name_of_type(ty);
        out.push_str(&rule);
        out.push('\n');
        out.push_str(&format!("{:<42}Traceback (most recent call last)\n", name));
        let entries = self.traceback_entries(exc);
        let n = entries.len();
        for (i, (code, line, _)) in entries.into_iter().enumerate() {
            let file = &code.source.filename;
            let local_line = line + 1 - code.source.first_line;
            let location = match cell_numbers(file) {
                Some(cell) => format!("Cell In[{cell}], line {local_line}"),
                None => format!("File {file}:{line}"),
            };
            if code.kind == crate::code::CodeKind::Module {
                out.push_str(&format!("{location}\n"));
            } else {
                out.push_str(&format!("{location}, in {}\n", code.name));
            }
            let lines: Vec<&str> = code.source.text.lines().collect();
            let cur = local_line as usize;
            let first = cur.saturating_sub(2).max(1);
            let last = (cur + 2).min(lines.len());
            for l in first..=last {
                let Some(text) = lines.get(l - 1) else {
                    continue;
                };
                if l == cur {
                    out.push_str(&format!("----> {l} {text}\n"));
                } else {
                    out.push_str(&format!("{:>7} {text}\n", l));
                }
            }
            if i + 1 < n {
                out.push('\n');
            }
        }
        out.push('\n');
        out.push_str(&self.exception_line(exc));
        // traceback.TracebackException's suggestion (subclasses too)
        if let Some(s) = self.offer_suggestion(exc, false) {
            out.push_str(&format!(". Did you mean: '{s}'?"));
        }
        out.push('\n');
        out
    }

    /// Report an exception that cannot propagate (raised by `__del__`, a weakref callback or a
    /// gc callback), as CPython's `PyErr_WriteUnraisable` does, on stderr.
    pub(crate) fn write_unraisable(&mut self, err: PyErr, context: &str) {
        let text = self.format_exception(err.0);
        self.write_stderr(&format!("Exception ignored in: {context}\n{text}"));
        self.decref(err.0);
    }

    /// Print an uncaught exception the way the run mode shows it.
    pub fn report_uncaught(&mut self, err: PyErr) {
        let text = self.format_exception(err.0);
        match self.options.mode {
            RunMode::Script | RunMode::Notebook => self.write_stderr(&text),
        }
        self.decref(err.0);
    }

    /// The `__module__` of a class, if it has one.
    pub fn class_module(&self, ty: ObjId) -> Option<String> {
        match self.heap.payload(ty) {
            Payload::Type(t) if t.builtin.is_some() && t.dict.is_none() => Some("builtins".into()),
            Payload::Type(t) => {
                let d = t.dict?;
                let Payload::Dict(dict) = self.heap.payload(d) else {
                    return None;
                };
                dict.iter()
                    .find(|e| self.str_of(e.key) == "__module__")
                    .map(|e| self.str_of(e.value).to_string())
            }
            _ => None,
        }
    }
}

/// 3.11's caret line under the failing part of a traceback line, when that part is not the
/// whole line or has a binary operator or subscript in it: `^` under the range, or `~` under the
/// operands and `^` under the operator (the subscript's brackets).
pub fn caret_line(text: &str, pos: Option<crate::code::Position>) -> Option<String> {
    let pos = pos?;
    if pos.end_line != pos.line || pos.end_col <= pos.col {
        return None;
    }
    let indent = text.chars().take_while(|c| c.is_whitespace()).count() as u32;
    let stripped_len = text.trim().chars().count() as u32;
    let start = pos.col.saturating_sub(indent);
    let end = pos.end_col.saturating_sub(indent);
    let segment: String = text
        .chars()
        .skip(pos.col as usize)
        .take((pos.end_col - pos.col) as usize)
        .collect();
    let anchor = binary_operator_anchor(&segment);
    // tb_displayline elides the indicators when the primary range spans the whole line and
    // there is no secondary range (a binary operator or a subscript keeps its `~^`).
    if start == 0 && end >= stripped_len && anchor.is_none() {
        return None;
    }
    let mut carets = " ".repeat(start as usize);
    match anchor {
        Some((op_start, op_end)) => {
            for i in 0..(end - start) as usize {
                carets.push(if i >= op_start && i < op_end {
                    '^'
                } else {
                    '~'
                });
            }
        }
        None => carets.push_str(&"^".repeat((end - start) as usize)),
    }
    Some(carets)
}

/// Where the operator of a binary operation is in a source segment, by re-parsing it (as 3.11's
/// `_extract_caret_anchors_from_line_segment` does).
fn binary_operator_anchor(segment: &str) -> Option<(usize, usize)> {
    let body = crate::parse::parse_module(segment).ok()?;
    let first = body.first()?;
    let crate::ast::StmtKind::Expr(e) = &first.kind else {
        return None;
    };
    match &e.kind {
        crate::ast::ExprKind::BinOp { left, op, right } => {
            let between = segment.get(left.range.end as usize..right.range.start as usize)?;
            let sym = op.symbol();
            let off = between.find(sym)?;
            let start = segment[..left.range.end as usize + off].chars().count();
            Some((start, start + sym.chars().count()))
        }
        crate::ast::ExprKind::Subscript { value, .. } => {
            let start = segment[..value.range.end as usize].chars().count();
            Some((start, segment.chars().count()))
        }
        _ => None,
    }
}

/// Where `format_exception` is inside exception groups (`_ExceptionPrintContext`).
#[derive(Default)]
struct GroupPrintContext {
    depth: usize,
    need_close: bool,
    /// Written as Lib/traceback.py writes it (`traceback.print_exc()`), not as the
    /// interpreter's own `print_exception` (an uncaught exception): they differ only in a
    /// SyntaxError's location lines.
    traceback_module: bool,
}

impl GroupPrintContext {
    fn indent(&self) -> String {
        " ".repeat(2 * self.depth)
    }

    /// Write `text` with every line indented to the depth, behind the margin inside a group.
    fn emit(&self, out: &mut String, text: &str, margin: char) {
        let mut indent = self.indent();
        if self.depth > 0 {
            indent.push(margin);
            indent.push(' ');
        }
        for line in text.split_inclusive('\n') {
            out.push_str(&indent);
            out.push_str(line);
        }
    }
}
