//! Smaller protocols: the `with` statement (`BEFORE_WITH`, `WITH_EXCEPT_START`), compiling and
//! running source for `compile()`/`exec()`, and `sys.getsizeof`.

use std::rc::Rc;

use crate::code::Source;
use crate::compile::{self, CompileError, Literals, Mode};
use crate::object::{ObjId, Payload};

use super::frame::Frame;
use super::{ExcKind, PyErr, PyResult, Vm};

impl Vm {
    /// `BEFORE_WITH`'s look-ups: the bound `__enter__` and `__exit__` of a context manager
    /// (`_PyObject_LookupSpecial`), new references.
    pub(crate) fn with_methods(&mut self, mgr: ObjId) -> PyResult<(ObjId, ObjId)> {
        let enter_name = self.new_interned("__enter__");
        let exit_name = self.new_interned("__exit__");
        let enter = self.lookup_special(mgr, enter_name);
        let exit = self.lookup_special(mgr, exit_name);
        self.decref(enter_name);
        self.decref(exit_name);
        match (enter, exit) {
            (Some(enter), Some(exit)) => Ok((enter, exit)),
            (enter, exit) => {
                let missed = if enter.is_some() {
                    " (missed __exit__ method)"
                } else {
                    ""
                };
                self.xdecref(enter);
                self.xdecref(exit);
                let msg = format!(
                    "'{}' object does not support the context manager protocol{missed}",
                    self.type_name(mgr)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// `WITH_EXCEPT_START`: `exit(type(exc), exc, tb)`.
    pub(crate) fn with_except_start(&mut self, exit: ObjId, exc: ObjId) -> PyResult<ObjId> {
        let ty = self.type_of(exc);
        let tb = match self.payload(exc) {
            Payload::Exception(e) => e.traceback.unwrap_or(self.statics.none),
            _ => self.statics.none,
        };
        self.call_object(exit, &[ty, exc, tb], &[])
    }

    /// Compile source text as its own unit (`compile()`/`exec(str)`): the code object and the
    /// parser arena of its literals (the caller decides how long the arena lives).
    pub fn compile_source(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
    ) -> PyResult<(ObjId, Literals)> {
        self.units_compiled += 1;
        self.compile_unit_source(source, filename, mode, false)
    }

    /// [`Vm::compile_source`] for the text `compile()`, `exec()` and `eval()` get: its
    /// tracebacks show no source lines ([`Source::from_string`]).
    pub fn compile_string_source(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
    ) -> PyResult<(ObjId, Literals)> {
        self.units_compiled += 1;
        self.compile_unit_source_from(source, filename, mode, false, true, false)
    }

    /// [`Vm::compile_source`], for snippet code or (`library`) an embedded module's source.
    pub fn compile_unit_source(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
        library: bool,
    ) -> PyResult<(ObjId, Literals)> {
        self.compile_unit_source_from(source, filename, mode, library, false, false)
    }

    /// Compile an embedded module's Python part; `c_code`: it stands for C code in CPython
    /// (see [`Source::c_code`]).
    pub fn compile_library_source(
        &mut self,
        source: &str,
        filename: &str,
        c_code: bool,
    ) -> PyResult<(ObjId, Literals)> {
        self.compile_unit_source_from(source, filename, Mode::Exec, true, false, c_code)
    }

    fn compile_unit_source_from(
        &mut self,
        source: &str,
        filename: &str,
        mode: Mode,
        library: bool,
        from_string: bool,
        c_code: bool,
    ) -> PyResult<(ObjId, Literals)> {
        // a library source's line pragmas (`#@line N`, `#@c`): CPython's line numbers, and
        // the parts that are C code in CPython
        let prepared = if library {
            compile::library_lines::prepare(source)
        } else {
            None
        };
        let (source, c_lines) = match &prepared {
            Some(p) => (p.text.as_str(), p.c_lines.clone()),
            None => (source, Vec::new()),
        };
        let body = match crate::parse::parse_module(source) {
            Ok(b) => b,
            Err(crate::parse::ParseFailure::Syntax(e)) => {
                return Err(self.syntax_error_object(&e, filename, input_of(from_string)))
            }
            Err(crate::parse::ParseFailure::Unsupported(u)) => {
                let (line, _) = crate::parse::line_col(source, u.range.start);
                let msg = format!("refscope does not model {} (line {line})", u.construct);
                return Err(self.new_exception(ExcKind::NotImplementedError, &msg));
            }
            Err(crate::parse::ParseFailure::Memory) => {
                return Err(self.new_exception_empty(ExcKind::MemoryError));
            }
        };
        if mode == Mode::Eval
            && !(body.len() == 1 && matches!(body[0].kind, crate::ast::StmtKind::Expr(_)))
        {
            let e = crate::parse::SyntaxError {
                kind: "SyntaxError",
                msg: "invalid syntax".into(),
                line: 1,
                col: 1,
                end_line: 1,
                end_col: Some(2),
                text: source.lines().next().unwrap_or("").to_string(),
                newline: source.contains('\n'),
                stage: crate::parse::Stage::Parser {
                    read_to: 1,
                    at_end: false,
                },
            };
            return Err(self.syntax_error_object(&e, filename, input_of(from_string)));
        }
        let literals = Literals::materialize(self, &body);
        let src = Rc::new(Source {
            filename: filename.to_string(),
            text: source.to_string(),
            first_line: 1,
            library,
            c_code,
            c_lines,
            from_string,
        });
        match compile::compile_unit(self, &body, mode, src.clone(), &literals, "<module>") {
            Ok(c) => {
                // constants made by folding live in the same arena
                let mut literals = literals;
                literals.order.extend(c.folded);
                Ok((c.code, literals))
            }
            Err(e) => {
                literals.release(self);
                Err(self.compile_error_object(e, &src))
            }
        }
    }

    /// A `SyntaxError` exception object for a parse error in a source read from `input`,
    /// with the attributes the raising stage gives it ([`crate::parse::Stage`]).
    pub fn syntax_error_object(
        &mut self,
        e: &crate::parse::SyntaxError,
        filename: &str,
        input: crate::parse::Input,
    ) -> PyErr {
        let kind = match e.kind {
            "IndentationError" => ExcKind::IndentationError,
            "TabError" => ExcKind::TabError,
            _ => ExcKind::SyntaxError,
        };
        let none = self.none();
        let msg = self.new_str(&e.msg);
        let fname = self.new_str(filename);
        let line = self.new_int(e.line as i64);
        let (offset, end_offset) = e.offsets(input);
        let col = self.new_int(offset);
        let text = match e.text_attr(input) {
            Some(t) => self.new_str(&t),
            None => self.new_ref(none),
        };
        let end_line = self.new_int(e.end_line as i64);
        let end_col = match end_offset {
            Some(v) => self.new_int(v),
            None => self.new_ref(none),
        };
        let ty = self.exc_types[kind as usize];
        if e.stage == crate::parse::Stage::Symtable {
            // `PyErr_Format` then `PyErr_RangedSyntaxLocationObject`: the exception is made
            // from the message alone, its location set as attributes
            let exc = self.new_exception_object(ty, vec![msg]);
            for (field, v) in [
                ("filename", fname),
                ("lineno", line),
                ("offset", col),
                ("end_lineno", end_line),
                ("end_offset", end_col),
                ("text", text),
            ] {
                self.set_exc_member(exc, field, v);
                self.decref(v);
            }
            return PyErr(exc);
        }
        let details = self.new_tuple(vec![fname, line, col, text, end_line, end_col]);
        PyErr(self.new_exception_object(ty, vec![msg, details]))
    }

    /// A compile error (from the compiler, not the parser) as an exception.
    pub fn compile_error_object(&mut self, e: CompileError, src: &Source) -> PyErr {
        match e {
            CompileError::Syntax { kind, msg, range } => {
                // `compiler_error`: the node's start and end
                let (line, col) = crate::parse::line_col(&src.text, range.start);
                let (end_line, end_col) = crate::parse::line_col(&src.text, range.end);
                let mut lines = src.text.split_inclusive('\n');
                let full = lines.nth(line.saturating_sub(1) as usize).unwrap_or("");
                let text = full.trim_end_matches('\n').to_string();
                let first = src.first_line - 1;
                let se = crate::parse::SyntaxError {
                    kind,
                    msg,
                    line: line + first,
                    col,
                    end_line: end_line + first,
                    end_col: Some(end_col as i64),
                    newline: full.ends_with('\n'),
                    text,
                    stage: crate::parse::Stage::Compiler,
                };
                self.syntax_error_object(&se, &src.filename, input_of(src.from_string))
            }
            CompileError::Unsupported { construct, range } => {
                let (line, _) = crate::parse::line_col(&src.text, range.start);
                let msg = format!(
                    "refscope does not model {construct} (line {})",
                    line + src.first_line - 1
                );
                self.new_exception(ExcKind::NotImplementedError, &msg)
            }
        }
    }

    /// Run a module-level code object with the given namespaces to completion (`exec`).
    pub fn run_code_object(
        &mut self,
        code: ObjId,
        globals: ObjId,
        locals: Option<ObjId>,
    ) -> PyResult<ObjId> {
        let c = self.code_of(code);
        // PyEval_EvalCode: `_PyEval_BuiltinsFromGlobals`, the globals' `__builtins__` (a
        // module's dict, or the dict itself: `exec(s, {'__builtins__': {}})` has none), the
        // interpreter's builtins when it has none. Held for the run: the frame borrows it.
        let builtins = self.builtins_from_globals(globals);
        self.incref(builtins);
        self.incref(code);
        let mut frame = Frame::new(c, code, globals, builtins);
        if let Some(l) = locals {
            self.incref(l);
            frame.locals_dict = Some(l);
        }
        if self.frames.len() + self.native_depth >= self.options.recursion_limit {
            self.clear_frame(frame);
            return Err(
                self.new_exception(ExcKind::RecursionError, "maximum recursion depth exceeded")
            );
        }
        let base = self.frames.len();
        frame.serial = self.next_frame_serial();
        self.push_frame(frame);
        let r = self.with_stack(|vm| vm.run_entry_frame(base));
        self.decref(builtins);
        r
    }

    /// `_PyEval_BuiltinsFromGlobals`: the namespace a frame over `globals` finds builtins
    /// in (borrowed). A `__builtins__` that is a module gives its dict; a dict (of any kind)
    /// is used as it is. Anything else keeps the interpreter's builtins (CPython would index
    /// it with `PyObject_GetItem`; refscope's name lookups read dicts).
    pub(crate) fn builtins_from_globals(&mut self, globals: ObjId) -> ObjId {
        let key = self.new_interned("__builtins__");
        let found = match self.heap.payload(globals) {
            Payload::Dict(_) => self.dict_getitem_str(globals, key),
            _ => None,
        };
        self.decref(key);
        match found.map(|b| (b, self.heap.payload(b))) {
            Some((_, Payload::Module(m))) => m.dict,
            Some((b, Payload::Dict(_))) => b,
            _ => self.builtins_dict,
        }
    }

    /// `sys.getsizeof(x)`: `__sizeof__` plus the GC pre-header.
    pub fn sizeof(&self, v: ObjId) -> usize {
        // a native subclass's own fields (`defaultdict.default_factory`), then the class's
        // part or the builtin's
        let ext = self.heap.get(v).native_ext().map_or(0, |e| e.sizeof());
        let o = self.heap.get(v);
        if o.ext().is_some() {
            if matches!(o.payload, Payload::Native(_)) || o.native_ext().is_some() {
                // a class over a native type: the native object's size and what the class
                // added ([`Vm::alloc_native_instance`])
                return ext + self.payload_sizeof(v) + self.native_subtype_extra(v);
            }
            return ext + self.subtype_sizeof(v);
        }
        ext + self.payload_sizeof(v)
    }

    /// What a class adds to an instance of a native type it extends: slots, a weak
    /// reference list the native type lacks, a managed dict's pre-header, a GC header the
    /// native type lacks.
    fn native_subtype_extra(&self, v: ObjId) -> usize {
        let ty = self.type_of(v);
        let (managed, weakrefable) = match self.heap.payload(ty) {
            Payload::Type(t) => (t.managed_dict, t.weakrefable),
            _ => (false, false),
        };
        let (own_weakrefs, own_dict, own_gc) = match self.heap.payload(v) {
            Payload::Native(n) => (n.weakrefs().is_some(), n.has_dict(), n.is_gc()),
            _ => (false, false, true),
        };
        let nslots = self.heap.get(v).ext().map_or(0, |e| e.slots().len());
        8 * nslots
            + if weakrefable && !own_weakrefs { 8 } else { 0 }
            + if managed && !own_dict { 16 } else { 0 }
            // the class's instances are GC objects (`_random.Random`'s are not): a GC header
            + if own_gc { 0 } else { 16 }
    }

    /// `sys.getsizeof` of the object's own kind (a builtin's or a native type's).
    fn payload_sizeof(&self, v: ObjId) -> usize {
        match self.payload(v) {
            Payload::None | Payload::NotImplemented | Payload::Ellipsis => 16,
            Payload::Bool(_) => 28,
            Payload::Int(n) => {
                crate::vm::objects::int_block_size(64 - n.unsigned_abs().leading_zeros() as u64)
            }
            Payload::BigInt(n) => crate::object::int::int_sizeof(n),
            Payload::Float(_) => 24,
            Payload::Complex(..) => 32,
            Payload::Str(s) => s.sizeof(),
            // bytearray: the object plus its buffer (`ob_alloc`, see `vm::bytearray`)
            Payload::Bytes(_) if self.is_bytearray(v) => 56 + self.bytearray_alloc(v),
            Payload::Bytes(b) => 33 + b.len(),
            Payload::Tuple(t) => 40 + 8 * t.len(),
            // wrapping: `allocated` is CPython's -1 while the list sorts (48 bytes then)
            Payload::List(l) => 56usize.wrapping_add(8usize.wrapping_mul(l.allocated)),
            // a split instance dict: the values array matches its class's shared keys now
            Payload::Dict(d) => match d.split {
                Some(s)
                    if self.heap.is_live(s.class) && self.heap.meta(s.class).serial == s.serial =>
                {
                    64 + 8 * self.shared_keys_usable_size(s.class)
                }
                _ => d.getsizeof(),
            },
            Payload::Set(s) | Payload::FrozenSet(s) => s.getsizeof(),
            Payload::Range(_) => 48,

            // `type.__sizeof__`: a static `PyTypeObject` (408) or a `PyHeapTypeObject` (904),
            // plus the GC header
            Payload::Type(t) if t.native_heap => 920,
            Payload::Type(t) if t.builtin.is_some() || t.c_static => 424,
            Payload::Type(t) => {
                if t.managed_dict {
                    1688
                } else {
                    920
                }
            }
            Payload::Instance(_) => self.heap.block_size(v),
            Payload::Exception(_) => self.heap.block_size(v),
            Payload::Function(_) => 152,
            Payload::Code(c) => c.sizeof(),

            // gen_sizeof: the object and its frame's locals and value stack
            Payload::Generator(g) => {
                let code = match &g.frame {
                    Some(f) => f.code.clone(),
                    None => self.code_of(g.code_obj),
                };
                168 + 8 * (code.nlocalsplus() + code.stacksize)
            }
            // PyWeakReference, plus the slots of KeyedRef (1) and WeakMethod (3 and __weakref__)
            Payload::WeakRef(w) => match w.extra {
                crate::object::WeakRefExtra::None => 80,
                crate::object::WeakRefExtra::Key(_) => 88,
                crate::object::WeakRefExtra::Method { .. } => 112,
            },
            // gaobject: origin, args, parameters, weakreflist, starred, vectorcall (64), GC header
            Payload::GenericAlias { .. } => 80,
            // unionobject: args, parameters (32), GC header
            Payload::Union { .. } => 48,
            Payload::CLong { .. } => 136,
            // fixed-size objects: their type's basic size, plus the GC header
            Payload::Cell(_)
            | Payload::Method { .. }
            | Payload::Builtin(_)
            | Payload::MethodDescr(_)
            | Payload::GetSetDescr { .. }
            | Payload::MemberDescr { .. }
            | Payload::StaticMethod(_)
            | Payload::ClassMethod(_)
            | Payload::Property(_)
            | Payload::Super { .. }
            | Payload::Module(_)
            | Payload::Iter(_)
            | Payload::Traceback(_)
            | Payload::DictView { .. }
            | Payload::MappingProxy(_)
            | Payload::Slice(_) => self.fixed_sizeof(v).unwrap_or(16),
            // a TextIOWrapper (`textio`, 192 bytes in 3.11.7) with its GC header
            Payload::TextIO { .. } => 208,
            Payload::Frame(_) => self.frame_sizeof(v),
            Payload::Native(n) => n.sizeof_vm(self) + if n.is_gc() { 16 } else { 0 },
        }
    }

    /// Bytes of pre-header before the object (GC header, managed dict pointers).
    pub fn gc_preheader_size(&self, v: ObjId) -> usize {
        if self.heap.get(v).ext().is_some() {
            return self.heap.get(v).preheader as usize;
        }
        match self.payload(v) {
            Payload::Instance(_) => self.heap.get(v).preheader as usize,
            p if p.is_gc() => 16,
            _ => 0,
        }
    }
}

/// Where CPython reads a syntax error's line back from: the file, or nowhere for a string.
fn input_of(from_string: bool) -> crate::parse::Input {
    if from_string {
        crate::parse::Input::String
    } else {
        crate::parse::Input::File
    }
}
