//! The `builtins` module's functions.

use std::ops::ControlFlow;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};

use crate::ast::{BinOp, CmpOp};
use crate::object::int::int_to_str_radix;
use crate::object::{BuiltinType, IterObj, ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

use super::{check_count, func, int_arg, no_kwargs, take_kwargs, BuiltinDef};

pub static FUNCTIONS: &[BuiltinDef] = &[
    func("__build_class__", build_class),
    func("__import__", import),
    func("abs", abs),
    func("all", all),
    func("any", any),
    func("ascii", ascii),
    func("bin", bin),
    func("breakpoint", sandboxed),
    func("callable", callable),
    func("chr", chr),
    func("compile", compile),
    func("delattr", delattr),
    func("dir", dir).varargs(),
    func("divmod", divmod),
    func("eval", eval),
    func("exec", exec),
    func("exit", exit),
    func("format", format),
    func("getattr", getattr),
    func("globals", globals),
    func("hasattr", hasattr),
    func("hash", hash),
    func("hex", hex),
    func("id", id),
    func("input", input),
    func("isinstance", isinstance),
    func("issubclass", issubclass),
    func("iter", iter),
    func("len", len),
    func("locals", locals),
    func("max", max).varargs(),
    func("min", min).varargs(),
    func("next", next),
    func("oct", oct),
    func("open", sandboxed),
    func("ord", ord),
    func("pow", pow),
    func("print", print),
    func("quit", exit),
    func("repr", repr),
    func("round", round),
    func("setattr", setattr),
    func("sorted", sorted),
    func("sum", sum),
    func("vars", vars).varargs(),
];

/// `input(prompt)`: the prompt goes to stdout, then a line comes from the input hook
/// (`refscope run`: the terminal's stdin) with its newline removed; at end of input,
/// `EOFError: EOF when reading a line`.
fn input(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "input", kwargs)?;
    check_count(vm, "input", args, 0, 1)?;
    if let Some(&p) = args.first() {
        let s = vm.str_string(p)?;
        vm.write_stdout(&s);
    }
    let line = match vm.input.as_mut() {
        Some(hook) => {
            let pending = vm.stdout[vm.stdout_shown.min(vm.stdout.len())..].to_string();
            vm.stdout_shown = vm.stdout.len();
            (hook.lock())(&pending)
        }
        None => None,
    };
    match line {
        Some(mut l) => {
            if l.ends_with('\n') {
                l.pop();
                if l.ends_with('\r') {
                    l.pop();
                }
            }
            Ok(vm.new_string(l))
        }
        None => Err(vm.new_exception(ExcKind::EOFError, "EOF when reading a line")),
    }
}

fn sandboxed(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let name = current_builtin_name(vm);
    Err(vm.unsupported(&format!(
        "{name}() (snippets run sandboxed: no files, no terminal input)"
    )))
}

fn current_builtin_name(vm: &Vm) -> &'static str {
    // the builtin being called is on the caller's stack; its name is enough for the message
    let f = match vm.frames.last() {
        Some(f) => f,
        None => return "this builtin",
    };
    for v in f.stack.iter().rev().flatten() {
        if let Payload::Builtin(b) = vm.payload(*v) {
            return b.func.0.name;
        }
    }
    "this builtin"
}

fn build_class(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // class statements call it through CALL, which runs the body in a frame; a direct call
    // from Rust would have to run it nested
    Err(vm.unsupported("calling __build_class__ directly"))
}

fn import(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__import__", args, 1, 5)?;
    let name = super::str_arg(vm, "__import__", args[0])?;
    vm.import_module(&name)
}

/// `print(*args, sep=' ', end='\n', file=None, flush=False)`. Argument Clinic gathers the
/// positional arguments into a new tuple (`*args`) for the call's duration, as CPython's
/// does: a tuple from its free list, or a new one that generation 0 counts.
fn print(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // `_PyArg_UnpackKeywordsWithVararg`: the parser is set up on the first call (its keyword
    // names tuple, kept for good), then the `*args` tuple is made
    vm.arg_parser_init("print", &["sep", "end", "file", "flush"]);
    for &a in args {
        vm.incref(a);
    }
    let varargs = vm.new_tuple(args.to_vec());
    let r = print_impl(vm, args, kwargs);
    vm.decref(varargs);
    r
}

fn print_impl(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let [sep, end, file, flush] =
        take_kwargs(vm, "print", kwargs, &["sep", "end", "file", "flush"])?[..]
    else {
        unreachable!()
    };
    let text_of = |vm: &mut Vm, v: Option<ObjId>, default: &str, what: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_string()),
            Some(v) if v == vm.none() => Ok(default.to_string()),
            Some(v) => match vm.payload(v) {
                Payload::Str(s) => Ok(s.value.to_string()),
                _ => {
                    let msg = format!("{what} must be None or a string, not {}", vm.type_name(v));
                    Err(vm.type_error(&msg))
                }
            },
        }
    };
    let sep = text_of(vm, sep, " ", "sep")?;
    let end = text_of(vm, end, "\n", "end")?;
    // `file=None` means `sys.stdout` as it is now (a snippet may have replaced it)
    let target = match file {
        Some(f) if f != vm.none() => Some(f),
        _ => vm.sys_stdout(),
    };
    if let Some(f) = target.filter(|&f| !matches!(vm.payload(f), Payload::TextIO { .. })) {
        // PyFile_WriteObject for each piece: the object's own `write`
        vm.incref(f);
        let r = print_to_file(vm, f, args, &sep, &end, flush);
        vm.decref(f);
        return r;
    }
    let to_stderr = match target {
        Some(f) => vm.is_stderr_object(f),
        None => false,
    };
    // `print` writes each argument, separator and the end on its own (`PyFile_WriteObject`),
    // so a write that cannot be encoded fails alone, after the ones before it
    for (i, &a) in args.iter().enumerate() {
        if i > 0 {
            write_text(vm, &sep, to_stderr)?;
        }
        let s = vm.str_string(a)?;
        write_text(vm, &s, to_stderr)?;
    }
    write_text(vm, &end, to_stderr)?;
    if let Some(f) = flush {
        if vm.is_true(f)? && !to_stderr {
            vm.flush_stdout();
        }
    }
    Ok(vm.new_none())
}

/// One write to `sys.stdout` (strict UTF-8) or `sys.stderr`.
fn write_text(vm: &mut Vm, text: &str, to_stderr: bool) -> PyResult<()> {
    if to_stderr {
        vm.write_stderr(text);
        Ok(())
    } else {
        vm.write_stdout_checked(text)
    }
}

/// `print` to a file object: `file.write(str(arg))`, `file.write(sep)`... `file.write(end)`,
/// then `file.flush()` when asked.
fn print_to_file(
    vm: &mut Vm,
    file: ObjId,
    args: &[ObjId],
    sep: &str,
    end: &str,
    flush: Option<ObjId>,
) -> PyResult<ObjId> {
    let write = vm.getattr_str(file, "write")?;
    let put = |vm: &mut Vm, s: ObjId| -> PyResult<()> {
        let r = vm.call_object(write, &[s], &[])?;
        vm.decref(r);
        Ok(())
    };
    let mut result = Ok(());
    for (i, &a) in args.iter().enumerate() {
        if i > 0 {
            let s = vm.new_str(sep);
            result = put(vm, s);
            vm.decref(s);
            if result.is_err() {
                break;
            }
        }
        let s = match vm.str_object(a) {
            Ok(s) => s,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        result = put(vm, s);
        vm.decref(s);
        if result.is_err() {
            break;
        }
    }
    if result.is_ok() {
        let s = vm.new_str(end);
        result = put(vm, s);
        vm.decref(s);
    }
    vm.decref(write);
    result?;
    if let Some(f) = flush {
        if vm.is_true(f)? {
            let r = vm.getattr_str(file, "flush")?;
            let v = vm.call_object(r, &[], &[]);
            vm.decref(r);
            vm.decref(v?);
        }
    }
    Ok(vm.new_none())
}

fn id(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "id", kwargs)?;
    check_count(vm, "id", args, 1, 1)?;
    let addr = vm.heap.get(args[0]).addr;
    Ok(vm.new_bigint(BigInt::from(addr)))
}

fn radix(vm: &mut Vm, args: &[ObjId], name: &str, r: u32) -> PyResult<ObjId> {
    check_count(vm, name, args, 1, 1)?;
    // `PyNumber_ToBase`: `_PyNumber_Index` first (a class's `__index__`)
    let n = crate::builtins::index_arg(vm, args[0])?;
    Ok(vm.new_string(int_to_str_radix(&n, r, true)))
}

fn hex(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "hex", kwargs)?;
    radix(vm, args, "hex", 16)
}

fn oct(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "oct", kwargs)?;
    radix(vm, args, "oct", 8)
}

fn bin(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "bin", kwargs)?;
    radix(vm, args, "bin", 2)
}

fn len(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "len", kwargs)?;
    check_count(vm, "len", args, 1, 1)?;
    let n = vm.len(args[0])?;
    Ok(vm.new_usize(n))
}

fn repr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "repr", kwargs)?;
    check_count(vm, "repr", args, 1, 1)?;
    vm.repr_object(args[0])
}

fn ascii(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "ascii", kwargs)?;
    check_count(vm, "ascii", args, 1, 1)?;
    vm.ascii_object(args[0])
}

fn isinstance(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "isinstance", kwargs)?;
    check_count(vm, "isinstance", args, 2, 2)?;
    let r = vm.is_instance(args[0], args[1])?;
    Ok(vm.new_bool(r))
}

fn issubclass(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "issubclass", kwargs)?;
    check_count(vm, "issubclass", args, 2, 2)?;
    let r = vm.is_subclass(args[0], args[1])?;
    Ok(vm.new_bool(r))
}

/// Argument Clinic's keyword handling for a builtin whose parameters may all come by
/// keyword (`pow(base, exp, mod=None)`): the positional arguments, then the keywords in
/// their places; a keyword given twice, an unknown one or a missing required one is the
/// TypeError `_PyArg_UnpackKeywords` raises.
fn merge_kwargs(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    params: &[&str],
    required: usize,
) -> PyResult<Vec<ObjId>> {
    let kw = take_kwargs(vm, name, kwargs, params)?;
    let mut out: Vec<Option<ObjId>> = args.iter().map(|&a| Some(a)).collect();
    out.resize(params.len().max(args.len()), None);
    for (i, v) in kw.into_iter().enumerate() {
        let Some(v) = v else { continue };
        if i < args.len() {
            let msg = format!(
                "argument for {name}() given by name ('{}') and position ({})",
                params[i],
                i + 1
            );
            return Err(vm.type_error(&msg));
        }
        out[i] = Some(v);
    }
    let mut merged = Vec::new();
    for (i, v) in out.into_iter().enumerate() {
        match v {
            Some(v) => merged.push(v),
            None if i < required => {
                let msg = format!(
                    "{name}() missing required argument '{}' (pos {})",
                    params[i],
                    i + 1
                );
                return Err(vm.type_error(&msg));
            }
            None => break,
        }
    }
    Ok(merged)
}

impl Vm {
    /// `parser_init` of an Argument Clinic parser (`Python/getargs.c`): the first call of the
    /// builtin makes the tuple of its keyword parameter names, which the parser keeps.
    pub(crate) fn arg_parser_init(&mut self, func: &'static str, keywords: &[&str]) {
        if self.arg_parser_kwtuples.iter().any(|&(f, _)| f == func) {
            return;
        }
        let names: Vec<ObjId> = keywords.iter().map(|k| self.new_interned(k)).collect();
        let t = self.new_tuple(names);
        self.arg_parser_kwtuples.push((func, t));
    }

    /// `PyObject_IsInstance`: an exact type match, a tuple of classes, a metaclass's
    /// `__instancecheck__` (any object with one), else `object_isinstance`.
    pub fn is_instance(&mut self, inst: ObjId, cls: ObjId) -> PyResult<bool> {
        if self.type_of(inst) == cls {
            return Ok(true);
        }
        let type_t = self.ty(BuiltinType::Type);
        if self.type_of(cls) == type_t {
            return self.object_isinstance(inst, cls);
        }
        // a union stands for the tuple of its arguments
        let cls = match self.payload(cls) {
            Payload::Union { args } => *args,
            _ => cls,
        };
        if let Payload::Tuple(items) = self.payload(cls) {
            let items = items.to_vec();
            for c in items {
                if self.is_instance(inst, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let name = self.new_interned("__instancecheck__");
        let checker = self.lookup_special(cls, name);
        self.decref(name);
        if let Some(checker) = checker {
            let r = self.call_object(checker, &[inst], &[]);
            self.decref(checker);
            let r = r?;
            let t = self.is_true(r);
            self.decref(r);
            return t;
        }
        self.object_isinstance(inst, cls)
    }

    /// `object_isinstance`: the type's MRO, or what `inst.__class__` says.
    fn object_isinstance(&mut self, inst: ObjId, cls: ObjId) -> PyResult<bool> {
        if matches!(self.payload(cls), Payload::Type(_)) {
            let t = self.type_of(inst);
            if self.is_subtype(t, cls) {
                return Ok(true);
            }
            if let Some(icls) = self.lookup_attr(inst, "__class__")? {
                let r = icls != t
                    && matches!(self.payload(icls), Payload::Type(_))
                    && self.is_subtype(icls, cls);
                self.decref(icls);
                return Ok(r);
            }
            return Ok(false);
        }
        if !self.check_class(cls)? {
            return Err(
                self.type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")
            );
        }
        match self.lookup_attr(inst, "__class__")? {
            Some(icls) => {
                let r = self.abstract_issubclass(icls, cls);
                self.decref(icls);
                r
            }
            None => Ok(false),
        }
    }

    /// `PyObject_IsSubclass`: a tuple of classes, a metaclass's `__subclasscheck__`, else
    /// the MRO (or `__bases__` of class-like objects).
    pub fn is_subclass(&mut self, derived: ObjId, cls: ObjId) -> PyResult<bool> {
        let type_t = self.ty(BuiltinType::Type);
        if self.type_of(cls) == type_t {
            if derived == cls {
                return Ok(true);
            }
            return self.recursive_issubclass(derived, cls);
        }
        let cls = match self.payload(cls) {
            Payload::Union { args } => *args,
            _ => cls,
        };
        if let Payload::Tuple(items) = self.payload(cls) {
            let items = items.to_vec();
            for c in items {
                if self.is_subclass(derived, c)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        let name = self.new_interned("__subclasscheck__");
        let checker = self.lookup_special(cls, name);
        self.decref(name);
        if let Some(checker) = checker {
            let r = self.call_object(checker, &[derived], &[]);
            self.decref(checker);
            let r = r?;
            let t = self.is_true(r);
            self.decref(r);
            return t;
        }
        self.recursive_issubclass(derived, cls)
    }

    fn recursive_issubclass(&mut self, derived: ObjId, cls: ObjId) -> PyResult<bool> {
        let is_type = |vm: &Vm, o| matches!(vm.payload(o), Payload::Type(_));
        if is_type(self, derived) && is_type(self, cls) {
            return Ok(self.is_subtype(derived, cls));
        }
        if !self.check_class(derived)? {
            return Err(self.type_error("issubclass() arg 1 must be a class"));
        }
        if !self.check_class(cls)? {
            return Err(self
                .type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"));
        }
        self.abstract_issubclass(derived, cls)
    }

    /// `check_class`: a class, or anything with a tuple `__bases__`.
    fn check_class(&mut self, cls: ObjId) -> PyResult<bool> {
        if matches!(self.payload(cls), Payload::Type(_)) {
            return Ok(true);
        }
        match self.lookup_attr(cls, "__bases__")? {
            Some(b) => {
                let ok = matches!(self.payload(b), Payload::Tuple(_));
                self.decref(b);
                Ok(ok)
            }
            None => Ok(false),
        }
    }

    /// `abstract_issubclass`: walk `__bases__` (class-like objects without an MRO).
    fn abstract_issubclass(&mut self, derived: ObjId, cls: ObjId) -> PyResult<bool> {
        let mut current = self.new_ref(derived);
        loop {
            if current == cls {
                self.decref(current);
                return Ok(true);
            }
            let bases = match self.lookup_attr(current, "__bases__") {
                Ok(b) => b,
                Err(e) => {
                    self.decref(current);
                    return Err(e);
                }
            };
            self.decref(current);
            let Some(bases) = bases else {
                return Ok(false);
            };
            let items = self.tuple_items(bases);
            match items.len() {
                0 => {
                    self.decref(bases);
                    return Ok(false);
                }
                1 => {
                    current = self.new_ref(items[0]);
                    self.decref(bases);
                }
                _ => {
                    for b in items {
                        self.incref(b);
                        let r = self.abstract_issubclass(b, cls);
                        self.decref(b);
                        match r {
                            Ok(true) => {
                                self.decref(bases);
                                return Ok(true);
                            }
                            Ok(false) => {}
                            Err(e) => {
                                self.decref(bases);
                                return Err(e);
                            }
                        }
                    }
                    self.decref(bases);
                    return Ok(false);
                }
            }
        }
    }
}

fn callable(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "callable", kwargs)?;
    check_count(vm, "callable", args, 1, 1)?;
    let r = vm.is_callable(args[0]);
    Ok(vm.new_bool(r))
}

fn hash(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "hash", kwargs)?;
    check_count(vm, "hash", args, 1, 1)?;
    let h = vm.hash(args[0])?;
    Ok(vm.new_int(h))
}

fn format(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "format", kwargs)?;
    check_count(vm, "format", args, 1, 2)?;
    match args.get(1) {
        // `PyObject_Format(value, format_spec)`: the spec object itself
        Some(&s) => {
            super::str_arg(vm, "format", s)?;
            vm.format_object(args[0], s)
        }
        None => {
            let empty = vm.new_str("");
            let r = vm.format_object(args[0], empty);
            vm.decref(empty);
            r
        }
    }
}

fn chr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "chr", kwargs)?;
    check_count(vm, "chr", args, 1, 1)?;
    let n = int_arg(vm, args[0])?;
    // lone surrogates are stored as private-use characters (object::str::code_point)
    match u32::try_from(n)
        .ok()
        .and_then(crate::object::str::char_for_code_point)
    {
        Some(c) => {
            let mut buf = [0u8; 4];
            Ok(vm.new_str(c.encode_utf8(&mut buf)))
        }
        None => Err(vm.new_exception(ExcKind::ValueError, "chr() arg not in range(0x110000)")),
    }
}

fn ord(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "ord", kwargs)?;
    check_count(vm, "ord", args, 1, 1)?;
    match vm.payload(args[0]) {
        Payload::Str(s) if s.len == 1 => {
            let c = crate::object::str::code_point(s.char_at(0)) as i64;
            Ok(vm.new_int(c))
        }
        Payload::Str(s) => {
            let msg = format!(
                "ord() expected a character, but string of length {} found",
                s.len
            );
            Err(vm.type_error(&msg))
        }
        Payload::Bytes(b) if b.len() == 1 => {
            let c = b[0] as i64;
            Ok(vm.new_int(c))
        }
        _ => {
            let msg = format!(
                "ord() expected string of length 1, but {} found",
                vm.type_name(args[0])
            );
            Err(vm.type_error(&msg))
        }
    }
}

fn abs(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "abs", kwargs)?;
    check_count(vm, "abs", args, 1, 1)?;
    vm.number_absolute(args[0])
}

fn divmod(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "divmod", kwargs)?;
    check_count(vm, "divmod", args, 2, 2)?;
    number_divmod(vm, args[0], args[1])
}

/// `PyNumber_Divmod`: `nb_divmod` of ints (`long_divmod`) and floats (`float_divmod`, whose
/// zero divisor says `float divmod()`), else `__divmod__`/`__rdivmod__` of classes.
pub(crate) fn number_divmod(vm: &mut Vm, a: ObjId, b: ObjId) -> PyResult<ObjId> {
    if let Some(r) = vm.nb_binary1(a, b, crate::vm::ops::NbOp::Divmod)? {
        return Ok(r);
    }
    let msg = format!(
        "unsupported operand type(s) for divmod(): '{}' and '{}'",
        vm.type_name(a),
        vm.type_name(b)
    );
    Err(vm.type_error(&msg))
}

/// `long_divmod` / `float_divmod` on the operands' values; None for NotImplemented.
pub(crate) fn native_divmod(vm: &mut Vm, a: ObjId, b: ObjId) -> Option<PyResult<ObjId>> {
    use crate::vm::ops::Num;
    let pair = match (vm.as_num(a), vm.as_num(b)) {
        (Some(Num::Int(x)), Some(Num::Int(y))) => match crate::object::int::int_divmod(&x, &y) {
            Ok((q, r)) => (Num::Int(q), Num::Int(r)),
            Err(e) => return Some(Err(vm.num_error(e))),
        },
        (Some(Num::Complex(..)), Some(_)) | (Some(_), Some(Num::Complex(..))) => return None,
        (Some(x), Some(y)) => {
            let to_f = |n: Num| match n {
                Num::Int(i) => crate::object::int::int_to_f64(&i),
                Num::Float(f) => Ok(f),
                Num::Complex(re, _) => Ok(re),
            };
            let (fx, fy) = match (to_f(x), to_f(y)) {
                (Ok(fx), Ok(fy)) => (fx, fy),
                (Err(e), _) | (_, Err(e)) => return Some(Err(vm.num_error(e))),
            };
            match crate::object::float::float_divmod(fx, fy) {
                Ok((q, r)) => (Num::Float(q), Num::Float(r)),
                Err(e) => return Some(Err(vm.num_error(e))),
            }
        }
        _ => return None,
    };
    let q = vm.new_num(pair.0);
    let r = vm.new_num(pair.1);
    Some(Ok(vm.new_tuple(vec![q, r])))
}

fn pow(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    // `pow(base, exp, mod=None)`: every parameter may come by keyword
    let owned;
    let args = if kwargs.is_empty() {
        args
    } else {
        owned = merge_kwargs(vm, "pow", args, kwargs, &["base", "exp", "mod"], 2)?;
        &owned[..]
    };
    check_count(vm, "pow", args, 2, 3)?;
    match args.get(2) {
        Some(&m) if m != vm.none() => ternary_pow(vm, args[0], args[1], m),
        _ => vm.binary_op(args[0], args[1], BinOp::Pow, false),
    }
}

/// `PyNumber_Power(v, w, z)` with a modulus: `ternary_op` over the three operands' `nb_power`
/// slots. A class's `slot_nb_power` calls `v.__pow__(w, z)` only when `v`'s own type has it
/// (three-argument power never calls `__rpow__`); the builtin numbers' slots then run in the
/// order of their operands' types, each once.
fn ternary_pow(vm: &mut Vm, v: ObjId, w: ObjId, z: ObjId) -> PyResult<ObjId> {
    if let Some(f) = vm.py_slot(v, "__pow__") {
        let r = vm.call_slot(f, v, &[w, z])?;
        if r != vm.statics.not_implemented {
            return Ok(r);
        }
        vm.decref(r);
    }
    let mut tried: Vec<ObjId> = Vec::new();
    for owner in [v, w, z] {
        let ty = vm.type_of(owner);
        if tried.contains(&ty) {
            continue;
        }
        tried.push(ty);
        if vm.py_slot(owner, "__pow__").is_some() || vm.py_slot(owner, "__rpow__").is_some() {
            // slot_nb_power(v, w, z) for a type that is not v's: NotImplemented
            continue;
        }
        if let Some(r) = crate::builtins::methods::slots::native_pow_mod(vm, owner, v, w, z) {
            return r;
        }
    }
    let msg = format!(
        "unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'",
        vm.type_name(v),
        vm.type_name(w),
        vm.type_name(z)
    );
    Err(vm.type_error(&msg))
}

fn round(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = take_kwargs(vm, "round", kwargs, &["number", "ndigits"])?;
    let number = args
        .first()
        .copied()
        .or(kw[0])
        .ok_or_else(|| vm.type_error("round() missing required argument 'number' (pos 1)"))?;
    let ndigits = args.get(1).copied().or(kw[1]).filter(|&n| n != vm.none());
    if let Some(f) = vm.py_slot(number, "__round__") {
        let extra: Vec<ObjId> = ndigits.into_iter().collect();
        return vm.call_slot(f, number, &extra);
    }
    round_native(vm, number, ndigits)
}

/// `float.__round__` / `int.__round__`: the builtin numbers' own rounding.
pub(crate) fn round_native(vm: &mut Vm, number: ObjId, ndigits: Option<ObjId>) -> PyResult<ObjId> {
    match vm.payload(number) {
        Payload::Float(f) => {
            let f = *f;
            match ndigits {
                None => match crate::object::float::float_round_to_int(f) {
                    Ok(n) => Ok(vm.new_bigint(n)),
                    Err(e) => Err(vm.num_error(e)),
                },
                Some(nd) => {
                    // `PyNumber_AsSsize_t(ndigits, NULL)`: `__index__`, clipped
                    let nd = crate::builtins::index_arg(vm, nd)?;
                    let nd =
                        nd.to_i64()
                            .unwrap_or(if nd.is_negative() { i64::MIN } else { i64::MAX });
                    match crate::object::float::float_round_ndigits(f, nd) {
                        Ok(x) => Ok(vm.new_float(x)),
                        Err(e) => Err(vm.num_error(e)),
                    }
                }
            }
        }
        Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => match ndigits {
            None => {
                if vm.builtin_type_of(number) != Some(BuiltinType::Int) {
                    let n = vm.as_bigint(number).unwrap_or_default();
                    return Ok(vm.new_bigint(n));
                }
                Ok(vm.new_ref(number))
            }
            Some(nd) => {
                let n = vm.as_bigint(number).unwrap_or_default();
                // `long_round`: `_PyNumber_Index(ndigits)`
                let nd = crate::builtins::index_arg(vm, nd)?;
                if !nd.is_negative() {
                    return Ok(vm.new_bigint(n));
                }
                Ok(vm.new_bigint(crate::object::int::int_round(&n, &nd)))
            }
        },
        _ => {
            let msg = format!(
                "type {} doesn't define __round__ method",
                vm.type_name(number)
            );
            Err(vm.type_error(&msg))
        }
    }
}

fn all(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "all", kwargs)?;
    check_count(vm, "all", args, 1, 1)?;
    let r = any_all(vm, args[0], false)?;
    Ok(vm.new_bool(r))
}

fn any(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "any", kwargs)?;
    check_count(vm, "any", args, 1, 1)?;
    let r = any_all(vm, args[0], true)?;
    Ok(vm.new_bool(r))
}

/// `any` (stop at the first true) or `all` (stop at the first false).
fn any_all(vm: &mut Vm, iterable: ObjId, stop_on: bool) -> PyResult<bool> {
    let stopped = vm.try_each_item(iterable, |vm, v| {
        Ok(if vm.is_true(v)? == stop_on {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    })?;
    Ok(if stopped.is_some() { stop_on } else { !stop_on })
}

fn sum(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = take_kwargs(vm, "sum", kwargs, &["start"])?;
    check_count(vm, "sum", args, 1, 2)?;
    let start = args.get(1).copied().or(kw[0]);
    let mut acc = match start {
        Some(s) => {
            if matches!(vm.payload(s), Payload::Str(_)) {
                return Err(vm.type_error("sum() can't sum strings [use ''.join(seq) instead]"));
            }
            vm.new_ref(s)
        }
        None => vm.new_int(0),
    };
    let it = match vm.get_iter(args[0]) {
        Ok(it) => it,
        Err(e) => {
            vm.decref(acc);
            return Err(e);
        }
    };
    loop {
        match vm.next(it) {
            Ok(Some(v)) => {
                let r = vm.binary_op(acc, v, BinOp::Add, false);
                vm.decref(v);
                vm.decref(acc);
                match r {
                    Ok(r) => acc = r,
                    Err(e) => {
                        vm.decref(it);
                        return Err(e);
                    }
                }
            }
            Ok(None) => break,
            Err(e) => {
                vm.decref(it);
                vm.decref(acc);
                return Err(e);
            }
        }
    }
    vm.decref(it);
    Ok(acc)
}

fn min(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    min_max(vm, args, kwargs, "min", CmpOp::Lt)
}

fn max(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    min_max(vm, args, kwargs, "max", CmpOp::Gt)
}

fn min_max(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    name: &str,
    op: CmpOp,
) -> PyResult<ObjId> {
    // min_max: the positional count first (`PyArg_UnpackTuple`), then the keywords
    if args.is_empty() {
        return Err(vm.type_error(&format!("{name} expected at least 1 argument, got 0")));
    }
    let kw = take_kwargs(vm, name, kwargs, &["key", "default"])?;
    let key = kw[0].filter(|&k| k != vm.none());
    if args.len() > 1 && kw[1].is_some() {
        let msg =
            format!("Cannot specify a default for {name}() with multiple positional arguments");
        return Err(vm.type_error(&msg));
    }
    // `min_max` iterates its one argument, or the argument tuple itself (the call's
    // `METH_VARARGS` tuple, innermost of the calls under way)
    let (source, made) = if args.len() == 1 {
        (args[0], false)
    } else {
        match vm.tp_call_tuples.last() {
            Some(&t) if vm.heap.seq_items(t) == args => (t, false),
            _ => {
                for &a in args {
                    vm.incref(a);
                }
                (vm.new_tuple(args.to_vec()), true)
            }
        }
    };
    let it = vm.get_iter(source);
    if made {
        vm.decref(source);
    }
    let it = it?;
    // (item, value): the best so far, both owned
    let mut best: Option<(ObjId, ObjId)> = None;
    let mut result = Ok(());
    loop {
        let item = match vm.next(it) {
            Ok(Some(i)) => i,
            Ok(None) => break,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        let val = match key {
            Some(kf) => match vm.call_object(kf, &[item], &[]) {
                Ok(v) => v,
                Err(e) => {
                    vm.decref(item);
                    result = Err(e);
                    break;
                }
            },
            None => vm.new_ref(item),
        };
        match best {
            None => best = Some((item, val)),
            Some((best_item, best_val)) => match vm.compare_bool(val, best_val, op) {
                Ok(true) => {
                    vm.decref(best_val);
                    vm.decref(best_item);
                    best = Some((item, val));
                }
                Ok(false) => {
                    vm.decref(item);
                    vm.decref(val);
                }
                Err(e) => {
                    vm.decref(item);
                    vm.decref(val);
                    result = Err(e);
                    break;
                }
            },
        }
    }
    let out = match (result, best) {
        (Err(e), best) => {
            if let Some((i, v)) = best {
                vm.decref(v);
                vm.decref(i);
            }
            Err(e)
        }
        (Ok(()), Some((i, v))) => {
            vm.decref(v);
            Ok(i)
        }
        (Ok(()), None) => match kw[1] {
            Some(d) => Ok(vm.new_ref(d)),
            None => Err(vm.new_exception(
                ExcKind::ValueError,
                &format!("{name}() arg is an empty sequence"),
            )),
        },
    };
    vm.decref(it);
    out
}

fn sorted(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "sorted", args, 1, 1)?;
    // `PySequence_List`: an empty list (`PyList_New(0)`, the free list first), extended by
    // the iterable (room for its length hint first, cut back at the end)
    let l = vm.new_list(Vec::new());
    if let Err(e) = vm.list_extend(l, args[0]) {
        vm.decref(l);
        return Err(e);
    }
    // `builtin_sorted` calls the list's `sort` through vectorcall: `cfunction_enter_call`'s
    // recursion guard is held while it sorts
    let r = vm.recursive_call(" while calling a Python object", |vm| {
        super::methods::list_sort_impl(vm, l, kwargs)
    });
    if let Err(e) = r {
        vm.decref(l);
        return Err(e);
    }
    Ok(l)
}

fn iter(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "iter", kwargs)?;
    check_count(vm, "iter", args, 1, 2)?;
    if let Some(&sentinel) = args.get(1) {
        vm.incref(args[0]);
        vm.incref(sentinel);
        let t = vm.ty(BuiltinType::CallableIterator);
        return Ok(vm.alloc(
            t,
            Payload::Iter(Box::new(IterObj::Callable {
                func: Some(args[0]),
                sentinel: Some(sentinel),
            })),
            crate::vm::objects::Layout::gc(32),
        ));
    }
    vm.get_iter(args[0])
}

fn next(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "next", kwargs)?;
    check_count(vm, "next", args, 1, 2)?;
    let it = args[0];
    if !matches!(vm.payload(it), Payload::Iter(_) | Payload::Generator(_)) && !vm.is_user_object(it)
    {
        let msg = format!("'{}' object is not an iterator", vm.type_name(it));
        return Err(vm.type_error(&msg));
    }
    if matches!(vm.payload(it), Payload::Generator(_)) {
        // builtin_next: a generator's return value travels in its StopIteration
        return match (vm.gen_send(it, None), args.get(1)) {
            (Err(e), Some(&d)) if vm.is_instance_of_kind(e.0, ExcKind::StopIteration) => {
                vm.decref(e.0);
                Ok(vm.new_ref(d))
            }
            (r, _) => r,
        };
    }
    match vm.next(it)? {
        Some(v) => Ok(v),
        None => match args.get(1) {
            Some(&d) => Ok(vm.new_ref(d)),
            None => Err(vm.new_exception_empty(ExcKind::StopIteration)),
        },
    }
}

fn getattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "getattr", kwargs)?;
    check_count(vm, "getattr", args, 2, 3)?;
    if !matches!(vm.payload(args[1]), Payload::Str(_)) {
        let msg = format!(
            "attribute name must be string, not '{}'",
            vm.type_name(args[1])
        );
        return Err(vm.type_error(&msg));
    }
    match vm.getattr(args[0], args[1]) {
        Ok(v) => Ok(v),
        Err(e) if args.len() == 3 && vm.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
            vm.decref(e.0);
            Ok(vm.new_ref(args[2]))
        }
        Err(e) => Err(e),
    }
}

fn setattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "setattr", kwargs)?;
    check_count(vm, "setattr", args, 3, 3)?;
    if !matches!(vm.payload(args[1]), Payload::Str(_)) {
        let msg = format!(
            "attribute name must be string, not '{}'",
            vm.type_name(args[1])
        );
        return Err(vm.type_error(&msg));
    }
    // setattr interns the name (the runtime string itself, if no equal one is interned yet)
    vm.incref(args[1]);
    let name = vm.intern_for(args[1], crate::object::str::InternReason::AttributeName);
    let r = vm.setattr(args[0], name, Some(args[2]));
    vm.decref(name);
    r?;
    Ok(vm.new_none())
}

fn delattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "delattr", kwargs)?;
    check_count(vm, "delattr", args, 2, 2)?;
    check_attr_name(vm, args[1])?;
    vm.setattr(args[0], args[1], None)?;
    Ok(vm.new_none())
}

/// `PyObject_GetAttr` and friends take only str names.
fn check_attr_name(vm: &mut Vm, name: ObjId) -> PyResult<()> {
    if matches!(vm.payload(name), Payload::Str(_)) {
        return Ok(());
    }
    let msg = format!(
        "attribute name must be string, not '{}'",
        vm.type_name(name)
    );
    Err(vm.type_error(&msg))
}

fn hasattr(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "hasattr", kwargs)?;
    check_count(vm, "hasattr", args, 2, 2)?;
    check_attr_name(vm, args[1])?;
    match vm.getattr(args[0], args[1]) {
        Ok(v) => {
            vm.decref(v);
            Ok(vm.new_bool(true))
        }
        Err(e) if vm.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
            vm.decref(e.0);
            Ok(vm.new_bool(false))
        }
        Err(e) => Err(e),
    }
}

fn vars(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    no_kwargs(vm, "vars", kwargs)?;
    check_count(vm, "vars", args, 0, 1)?;
    match args.first() {
        None => locals(vm, args, &[]),
        Some(&v) => match vm.payload(v) {
            Payload::Exception(_) => vm.instance_dict(v),
            Payload::Instance(_) if vm.type_provides_dict(vm.type_of(v)) => vm.instance_dict(v),
            Payload::Instance(_) => {
                Err(vm.type_error("vars() argument must have __dict__ attribute"))
            }
            Payload::Module(m) => {
                let d = m.dict;
                Ok(vm.new_ref(d))
            }
            _ => match vm.getattr_str(v, "__dict__") {
                Ok(d) => Ok(d),
                Err(e) => {
                    vm.decref(e.0);
                    Err(vm.type_error("vars() argument must have __dict__ attribute"))
                }
            },
        },
    }
}

/// `dir([obj])`.
pub(crate) fn dir(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "dir", args, 0, 1)?;
    // `_dir_object`: a class's `__dir__`, its result listed and sorted
    if let Some(&v) = args.first() {
        let module = matches!(vm.payload(v), Payload::Module(_));
        let slot = if module {
            None
        } else {
            vm.py_slot(v, "__dir__")
        };
        if module || slot.is_some() {
            let r = match slot {
                Some(f) => vm.call_slot(f, v, &[])?,
                // `module.__dir__`: the dict's keys, or the module's own `__dir__` (PEP 562)
                None => crate::builtins::methods::module_dir(vm, &[v], &[])?,
            };
            let items = vm.collect_iterable(r);
            vm.decref(r);
            let l = vm.new_list(items?);
            if let Err(e) = crate::builtins::methods::list_sort_impl(vm, l, &[]) {
                vm.decref(l);
                return Err(e);
            }
            return Ok(l);
        }
    }
    // the names as CPython lists them: the key objects of the dicts read (`PyDict_Keys` of
    // `object.__dir__`'s merged dict: the first dict to hold a name gives its key object),
    // the interned names of built-in types' descriptors (`PyDescr_NAME`) otherwise
    let mut names: Vec<(String, Option<ObjId>)> = Vec::new();
    match args.first() {
        None => {
            let ns = locals(vm, &[], &[])?;
            if vm.builtin_type_of(ns) != Some(BuiltinType::Dict) {
                // `_dir_locals`: the frame's locals, borrowed (`PyEval_GetLocals`), then
                // `PyMapping_Keys` of whatever mapping they are (a dict subclass's own
                // `keys()` too: only an exact dict is read directly): `keys()` called as
                // `PyObject_CallMethodNoArgs` (no bound method), a list kept as it is, and
                // sorted in place
                vm.decref(ns);
                let r = vm.vectorcall_method(ns, "keys", &[])?;
                let l = if vm.builtin_type_of(r) == Some(BuiltinType::List) {
                    r
                } else {
                    let items = vm.collect_iterable(r);
                    vm.decref(r);
                    vm.new_list(items?)
                };
                if let Err(e) = crate::builtins::methods::list_sort_impl(vm, l, &[]) {
                    vm.decref(l);
                    return Err(e);
                }
                return Ok(l);
            }
            names.extend(
                vm.dict_pairs(ns)
                    .iter()
                    .map(|(k, _)| (vm.str_of(*k).to_string(), Some(*k))),
            );
            vm.decref(ns);
        }
        Some(&v) => {
            if !matches!(vm.payload(v), Payload::Type(_)) {
                let l = object_dir_keys(vm, v)?;
                if let Err(e) = crate::builtins::methods::list_sort_impl(vm, l, &[]) {
                    vm.decref(l);
                    return Err(e);
                }
                return Ok(l);
            }
            for (k, _) in vm.instance_attr_pairs(v) {
                names.push((vm.str_of(k).to_string(), Some(k)));
            }
            let ty = if matches!(vm.payload(v), Payload::Type(_)) {
                v
            } else {
                vm.type_of(v)
            };
            for t in vm.mro_of(ty) {
                if let Payload::Type(tt) = vm.payload(t) {
                    match (tt.dict, tt.builtin) {
                        (Some(d), _) => names.extend(
                            vm.dict_pairs(d)
                                .iter()
                                .map(|(k, _)| (vm.str_of(*k).to_string(), Some(*k))),
                        ),
                        (None, Some(bt)) => {
                            if let Some(m) = vm.method_descrs.get(&bt) {
                                names.extend(m.keys().map(|k| (k.to_string(), None)));
                            }
                            if let Some(m) = vm.type_attrs.get(&t) {
                                names.extend(m.keys().map(|k| (k.to_string(), None)));
                            }
                            if crate::builtins::cpython_dir::doc(&tt.name, "__doc__").is_some() {
                                names.push(("__doc__".into(), None));
                            }
                        }
                        _ => {}
                    }
                }
            }
            names.push(("__class__".into(), None));
        }
    }
    // a stable sort keeps each name's first key object first; `dedup_by` keeps the first
    names.sort_by(|a, b| a.0.cmp(&b.0));
    names.dedup_by(|b, a| a.0 == b.0);
    let items: Vec<ObjId> = names
        .iter()
        .map(|(n, k)| match k {
            Some(k) => vm.new_ref(*k),
            None => vm.new_interned(n),
        })
        .collect();
    Ok(vm.new_list(items))
}

/// `object.__dir__` (typeobject.c `object___dir___impl`): a copy of the object's `__dict__`
/// (`PyDict_Copy`; a new dict when it has none), the names of its `__class__` merged in
/// (`merge_class_dict`), the keys listed (`PyDict_Keys`). The copy of a split instance dict
/// shares its class's keys, so merging names into it adds them to the class's shared keys
/// while they have room (`insertdict`), where later instances see them: after `dir(obj)` a
/// class's instances have room for fewer attributes of their own, and its keys hold the
/// names of its methods and `object`'s.
fn object_dir_keys(vm: &mut Vm, v: ObjId) -> PyResult<ObjId> {
    let copy = match vm.lookup_attr(v, "__dict__")? {
        Some(d) => {
            let c = if matches!(vm.payload(d), Payload::Dict(_)) {
                vm.dict_copy(d)
            } else {
                Ok(vm.new_dict())
            };
            vm.decref(d);
            c?
        }
        None => vm.new_dict(),
    };
    let merged = match vm.lookup_attr(v, "__class__") {
        Ok(Some(cls)) => {
            let r = merge_class_dict(vm, copy, cls, 0);
            vm.decref(cls);
            r
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(e) = merged {
        vm.decref(copy);
        return Err(e);
    }
    let keys: Vec<ObjId> = vm.dict_pairs(copy).iter().map(|&(k, _)| k).collect();
    for &k in &keys {
        vm.incref(k);
    }
    vm.decref(copy);
    Ok(vm.new_list(keys))
}

/// `merge_class_dict`: the class's own names in its dict's order (`PyDict_Update` from its
/// `__dict__` proxy: `PyDict_SetItem` for each), then each of its `__bases__`, depth first.
/// A builtin type's names come in CPython's order for its dict (the recorded `pos`).
fn merge_class_dict(vm: &mut Vm, dict: ObjId, aclass: ObjId, depth: usize) -> PyResult<()> {
    let (own, builtin, name, bases, base) = match vm.payload(aclass) {
        Payload::Type(t) => (t.dict, t.builtin, t.name.clone(), t.bases, t.base),
        _ => return Ok(()),
    };
    if depth > 1000 {
        return Ok(());
    }
    match (own, builtin) {
        (Some(d), _) => {
            for (k, val) in vm.dict_pairs(d) {
                vm.incref(k);
                vm.incref(val);
                let r = vm.dict_setitem(dict, k, val);
                vm.decref(k);
                vm.decref(val);
                r?;
            }
        }
        (None, Some(bt)) => {
            let mut names: Vec<String> = crate::builtins::cpython_dir::dict_names(&name)
                .map(String::from)
                .collect();
            if let Some(m) = vm.method_descrs.get(&bt) {
                names.extend(m.keys().map(|k| k.to_string()));
            }
            if let Some(m) = vm.type_attrs.get(&aclass) {
                names.extend(m.keys().map(|k| k.to_string()));
            }
            names.sort_by_cached_key(|n| {
                (
                    crate::builtins::cpython_dir::dict_pos(&name, n).unwrap_or(usize::MAX),
                    n.clone(),
                )
            });
            names.dedup();
            let none = vm.statics.none;
            for n in names {
                let k = vm.new_interned(&n);
                let r = vm.dict_setitem(dict, k, none);
                vm.decref(k);
                r?;
            }
        }
        _ => {}
    }
    // `__bases__`: a class's tuple; a static type's single `tp_base`
    let bases: Vec<ObjId> = match bases {
        Some(b) => vm.heap.seq_items(b).to_vec(),
        None => base.into_iter().collect(),
    };
    for b in bases {
        vm.incref(b);
        let r = merge_class_dict(vm, dict, b, depth + 1);
        vm.decref(b);
        r?;
    }
    Ok(())
}

fn globals(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let g = vm.frames.last().map(|f| f.globals).unwrap_or(vm.main_dict);
    Ok(vm.new_ref(g))
}

fn locals(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    vm.frame_locals()
}

fn exit(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let t = vm.exc_types[ExcKind::SystemExit as usize];
    for &a in args {
        vm.incref(a);
    }
    Err(crate::vm::PyErr(vm.new_exception_object(t, args.to_vec())))
}

fn compile(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let kw = take_kwargs(
        vm,
        "compile",
        kwargs,
        &[
            "source",
            "filename",
            "mode",
            "flags",
            "dont_inherit",
            "optimize",
        ],
    )?;
    let source = args
        .first()
        .copied()
        .or(kw[0])
        .ok_or_else(|| vm.type_error("compile() missing required argument 'source' (pos 1)"))?;
    let filename =
        args.get(1).copied().or(kw[1]).ok_or_else(|| {
            vm.type_error("compile() missing required argument 'filename' (pos 2)")
        })?;
    let mode = args
        .get(2)
        .copied()
        .or(kw[2])
        .ok_or_else(|| vm.type_error("compile() missing required argument 'mode' (pos 3)"))?;
    let source = super::str_arg(vm, "compile", source)?;
    let filename = super::str_arg(vm, "compile", filename)?;
    let mode = super::str_arg(vm, "compile", mode)?;
    let mode = match mode.as_str() {
        "exec" => crate::compile::Mode::Exec,
        "eval" => crate::compile::Mode::Eval,
        "single" => crate::compile::Mode::Single,
        _ => {
            return Err(vm.new_exception(
                ExcKind::ValueError,
                "compile() mode must be 'exec', 'eval' or 'single'",
            ))
        }
    };
    // compile() frees its parser arena before returning: only co_consts holds the literals
    let (code, arena) = vm.compile_string_source(&source, &filename, mode)?;
    arena.release(vm);
    Ok(code)
}

fn exec(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    exec_or_eval(vm, args, kwargs, crate::compile::Mode::Exec, "exec")
}

fn eval(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    exec_or_eval(vm, args, kwargs, crate::compile::Mode::Eval, "eval")
}

fn exec_or_eval(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    mode: crate::compile::Mode,
    name: &str,
) -> PyResult<ObjId> {
    no_kwargs(vm, name, kwargs)?;
    check_count(vm, name, args, 1, 3)?;
    let none = vm.none();
    let caller_globals = vm.frames.last().map(|f| f.globals).unwrap_or(vm.main_dict);
    let caller_builtins = vm
        .frames
        .last()
        .map(|f| f.builtins)
        .unwrap_or(vm.builtins_dict);
    let globals = args.get(1).copied().filter(|&g| g != none);
    let locals = args.get(2).copied().filter(|&l| l != none);
    if let Some(g) = globals {
        if !matches!(vm.payload(g), Payload::Dict(_)) {
            let msg = if name == "exec" {
                format!("exec() globals must be a dict, not {}", vm.type_name(g))
            } else {
                "globals must be a dict".to_string()
            };
            return Err(vm.type_error(&msg));
        }
        // a globals dict without __builtins__ gets the caller's builtins dict
        let key = vm.new_interned("__builtins__");
        if vm.dict_getitem_str(g, key).is_none() {
            vm.dict_setitem(g, key, caller_builtins)?;
        }
        vm.decref(key);
    }
    if let Some(l) = locals {
        if !vm.is_mapping(l) {
            let msg = if name == "exec" {
                format!("locals must be a mapping or None, not {}", vm.type_name(l))
            } else {
                "locals must be a mapping".to_string()
            };
            return Err(vm.type_error(&msg));
        }
    }
    let g = globals.unwrap_or(caller_globals);

    let code_arg = args[0];
    let (code, arena) = match vm.payload(code_arg) {
        Payload::Code(_) => (vm.new_ref(code_arg), None),
        Payload::Str(s) => {
            let src = s.value.to_string();
            // exec(str) keeps its parser arena alive while the code runs
            let (code, arena) = vm.compile_string_source(&src, "<string>", mode)?;
            (code, Some(arena))
        }
        _ => {
            let msg = format!("{name}() arg 1 must be a string, bytes or code object");
            return Err(vm.type_error(&msg));
        }
    };
    // without dicts: the caller's globals and locals (a function's `locals()` dict)
    let own_locals = if globals.is_none() && locals.is_none() && !vm.frames.is_empty() {
        match vm.frame_locals() {
            Ok(d) => Some(d),
            Err(e) => {
                vm.decref(code);
                if let Some(a) = arena {
                    a.release(vm);
                }
                return Err(e);
            }
        }
    } else {
        None
    };
    let l = locals.or(own_locals).or(Some(g));
    // `PyEval_EvalCode`: the code runs as a function made for it, which holds the globals
    let builtins = vm.builtins_dict;
    let func = vm.code_function(code, g, builtins);
    let r = vm.run_code_object(code, g, l);
    vm.decref(func);
    vm.xdecref(own_locals);
    vm.decref(code);
    if let Some(a) = arena {
        a.release(vm);
    }
    let v = r?;
    if mode == crate::compile::Mode::Exec {
        vm.decref(v);
        return Ok(vm.new_none());
    }
    Ok(v)
}

impl Vm {
    /// `PyNumber_Absolute`: `abs(v)`.
    pub fn number_absolute(&mut self, v: ObjId) -> PyResult<ObjId> {
        if let Some(r) = self.call_dunder(v, "__abs__", &[])? {
            return Ok(r);
        }
        self.number_absolute_native(v)
    }

    /// The builtin number's own `nb_absolute` (`abs()` of an int subclass instance is an
    /// exact int).
    pub fn number_absolute_native(&mut self, v: ObjId) -> PyResult<ObjId> {
        let exact = !self.is_user_object(v);
        match self.payload(v) {
            Payload::Int(n) if *n >= 0 && exact => Ok(self.new_ref(v)),
            Payload::BigInt(n) if !n.is_negative() && exact => Ok(self.new_ref(v)),
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                let n = self.as_bigint(v).unwrap_or_default();
                Ok(self.new_bigint(n.abs()))
            }
            Payload::Float(f) => {
                let f = f.abs();
                Ok(self.new_float(f))
            }
            Payload::Complex(re, im) => {
                // complex_abs: hypot, OverflowError when finite parts overflow
                let (re, im) = (*re, *im);
                let m = re.hypot(im);
                if m.is_infinite() && re.is_finite() && im.is_finite() {
                    return Err(
                        self.new_exception(ExcKind::OverflowError, "absolute value too large")
                    );
                }
                Ok(self.new_float(m))
            }
            _ => {
                let msg = format!("bad operand type for abs(): '{}'", self.type_name(v));
                Err(self.type_error(&msg))
            }
        }
    }

    /// `len(v)`.
    pub fn len(&mut self, v: ObjId) -> PyResult<usize> {
        if self.is_user_object(v) {
            if let Some(f) = self.py_slot(v, "__len__") {
                let r = self.call_slot(f, v, &[])?;
                return self.slot_len_result(r);
            }
        }
        self.len_native(v)
    }

    /// The builtin type's own `sq_length`/`mp_length`.
    pub fn len_native(&mut self, v: ObjId) -> PyResult<usize> {
        if let Some(n) = self.len_of_builtin(v) {
            return Ok(n);
        }
        if let Payload::Range(_) = self.payload(v) {
            // range_length: the length does not fit a Py_ssize_t
            return Err(self.new_exception(
                ExcKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            ));
        }
        let msg = format!("object of type '{}' has no len()", self.type_name(v));
        Err(self.type_error(&msg))
    }

    /// `slot_sq_length`'s check of what `__len__` returned (consumes `r`):
    /// `PyNumber_AsSsize_t(res, PyExc_OverflowError)`, then `>= 0`.
    pub fn slot_len_result(&mut self, r: ObjId) -> PyResult<usize> {
        let n = self.as_bigint(r);
        let tn = self.type_name(r);
        self.decref(r);
        match n {
            Some(n) => match n.to_i64() {
                Some(n) if n < 0 => {
                    Err(self.new_exception(ExcKind::ValueError, "__len__() should return >= 0"))
                }
                Some(n) => Ok(n as usize),
                None => Err(self.new_exception(
                    ExcKind::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                )),
            },
            None => Err(self.type_error(&format!(
                "'{tn}' object cannot be interpreted as an integer"
            ))),
        }
    }

    /// Is `f` the `sys.stderr` stand-in?
    /// `sys.stdout` as the snippet left it (borrowed), once `sys` is imported.
    pub fn sys_stdout(&mut self) -> Option<ObjId> {
        let sys = *self.modules.get("sys")?;
        let dict = match self.payload(sys) {
            Payload::Module(m) => m.dict,
            _ => return None,
        };
        let k = self.new_interned("stdout");
        let v = self.dict_getitem_str(dict, k);
        self.decref(k);
        v
    }

    pub fn is_stderr_object(&self, f: ObjId) -> bool {
        matches!(self.payload(f), Payload::Str(s) if s.as_str() == "<stderr>")
            || self.stderr_obj == Some(f)
    }
}
