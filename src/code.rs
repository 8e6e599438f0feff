//! Code objects: bytecode in CPython 3.11's vocabulary (`LOAD_CONST`, `BINARY_OP`, `CALL`...),
//! with `co_consts`/`co_names` as real tuple objects on the heap (so the references they hold are
//! counted), a line table and a 3.11-style exception table.
//!
//! Jump targets are absolute instruction indices (CPython uses relative offsets; the model has
//! no reason to).

use std::rc::Rc;

use crate::ast::{BinOp, CmpOp};
use crate::object::ObjId;

/// One instruction. Operands index `co_consts`, `co_names` or the frame's `localsplus`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instr {
    Nop,
    PopTop,
    PushNull,
    /// Push a new reference to the `n`th item from the top (1 = top).
    Copy(u32),
    /// Swap the top with the `n`th item from the top.
    Swap(u32),
    LoadConst(u32),
    LoadName(u32),
    StoreName(u32),
    DeleteName(u32),
    LoadGlobal(u32),
    StoreGlobal(u32),
    DeleteGlobal(u32),
    LoadFast(u32),
    StoreFast(u32),
    DeleteFast(u32),
    /// Load a cell's or free variable's contents.
    LoadDeref(u32),
    StoreDeref(u32),
    DeleteDeref(u32),
    /// Push the cell object itself (to build a closure tuple).
    LoadClosure(u32),
    /// In a class body: the class namespace first, then the cell.
    LoadClassDeref(u32),
    /// Replace local `n` (a parameter or empty) with a new cell holding it.
    MakeCell(u32),
    /// Copy the function's closure cells into the last `n` localsplus slots.
    CopyFreeVars(u32),
    LoadAttr(u32),
    StoreAttr(u32),
    DeleteAttr(u32),
    /// `obj.name` for a call: pushes (function, self) when `name` is a plain method found on the
    /// type, so no bound method object is made; else (NULL, attribute).
    LoadMethod(u32),
    BinarySubscr,
    StoreSubscr,
    DeleteSubscr,
    BuildSlice(u32),
    BinaryOp(BinOp, bool),
    UnaryNegative,
    UnaryPositive,
    UnaryNot,
    UnaryInvert,
    CompareOp(CmpOp),
    IsOp(bool),
    ContainsOp(bool),
    BuildTuple(u32),
    BuildList(u32),
    BuildSet(u32),
    BuildMap(u32),
    /// Keys are a constant tuple on top of the stack, values below.
    BuildConstKeyMap(u32),
    BuildString(u32),
    /// Append TOS to the list `n` items down (comprehensions).
    ListAppend(u32),
    SetAdd(u32),
    MapAdd(u32),
    ListExtend(u32),
    SetUpdate(u32),
    DictUpdate(u32),
    DictMerge(u32),
    ListToTuple,
    UnpackSequence(u32),
    /// `case` pattern number `n` of the code object (`co_patterns[n]`), matched against the
    /// subject under the tuple of values the pattern needs (its literals, dotted names, keys
    /// and classes): pops that tuple, pushes the tuple of captured values, or None. CPython
    /// 3.11 spells a pattern out in MATCH_CLASS/MATCH_SEQUENCE/MATCH_KEYS and friends; one
    /// instruction keeps refscope's steps at the statement level.
    MatchPattern(u32),
    /// `a, *b, c = ...`: (count before the star, count after it).
    UnpackEx(u16, u16),
    /// f-string field: conversion (0 none, 1 str, 2 repr, 3 ascii) and whether a format spec
    /// is on the stack.
    FormatValue(u8, bool),
    GetIter,
    /// Push the next item, or pop the iterator and jump to the target when exhausted.
    ForIter(u32),
    JumpForward(u32),
    JumpBackward(u32),
    PopJumpIfFalse(u32),
    PopJumpIfTrue(u32),
    PopJumpIfNone(u32),
    PopJumpIfNotNone(u32),
    JumpIfFalseOrPop(u32),
    JumpIfTrueOrPop(u32),
    /// The keyword names (a constant tuple) of the next `CALL`.
    KwNames(u32),
    /// Call with `n` arguments: stack is [NULL or self-ish, callable, args...].
    Call(u32),
    /// `f(*args, **kwargs)`: stack is [NULL, callable, args tuple, (kwargs dict)].
    CallFunctionEx(bool),
    MakeFunction(MakeFunctionFlags),
    ReturnValue,
    LoadBuildClass,
    ImportName(u32),
    ImportFrom(u32),
    ImportStar,
    /// `raise` with 0, 1 (exc) or 2 (exc, cause) operands.
    RaiseVarargs(u32),
    /// Re-raise TOS; a non-zero operand restores `f_lasti` from the `n`th item below it
    /// (3.11 `RERAISE oparg`).
    Reraise(u8),
    PushExcInfo,
    PopExcept,
    CheckExcMatch,
    /// `CHECK_EG_MATCH`: [exc, type] -> [rest, match] (an `except*` clause's split), or
    /// [exc, None] when nothing matches.
    CheckEgMatch,
    /// `PREP_RERAISE_STAR`: [orig, list] -> [exception to re-raise, or None].
    PrepReraiseStar,
    LoadAssertionError,
    BeforeWith,
    WithExceptStart,
    YieldValue,
    GetYieldFromIter,
    /// Send TOS into the sub-iterator below it; jump to the target when it is exhausted.
    Send(u32),
    /// Interactive mode (`'single'`): show TOS through `sys.displayhook`.
    PrintExpr,
    SetupAnnotations,
    /// `del x` of an `except ... as x` name when it may be unbound: no error.
    DeleteFastIfBound(u32),
}

/// Which optional parts `MAKE_FUNCTION` pops (CPython's oparg flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MakeFunctionFlags {
    pub defaults: bool,
    pub kwdefaults: bool,
    /// A tuple of (name, annotation) pairs.
    pub annotations: bool,
    pub closure: bool,
}

/// Source position of an instruction, for line events and 3.11's traceback carets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Position {
    /// 1-based line in the file.
    pub line: u32,
    pub end_line: u32,
    /// 0-based character columns on `line` / `end_line`.
    pub col: u32,
    pub end_col: u32,
}

/// A 3.11 exception table entry: instructions `start..end` jump to `target` on an exception,
/// with the value stack cut to `depth` (and the instruction index pushed when `lasti`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    Module,
    Function,
    Lambda,
    Class,
    Comprehension,
    GeneratorExpr,
}

/// The source text code was compiled from: tracebacks show its lines.
#[derive(Debug)]
pub struct Source {
    pub filename: String,
    pub text: String,
    /// Line of the file where `text` starts (1 for a whole file; a cell's first line otherwise).
    pub first_line: u32,
    /// The Python part of a standard-library module refscope embeds: its frames run without
    /// line events (stepping passes over library code, as Python Tutor does).
    pub library: bool,
    /// Library code that stands for C code in CPython (`decimal` is `_decimal`): its frames
    /// leave no traceback entries, as a C function's do not.
    pub c_code: bool,
    /// Line ranges of library code whose functions stand for C code (a `#@c` pragma, see
    /// [`crate::compile::library_lines`]): a code object whose first line is in one is C code.
    pub c_lines: Vec<(u32, u32)>,
    /// Text given to `compile()`, `exec()` or `eval()`: CPython's traceback reads a frame's
    /// line from the file its code names (`display_source_line`), and there is none for
    /// such text, so its frames show no source line.
    pub from_string: bool,
}

impl Source {
    /// Does code starting at `first_line` stand for C code in CPython (no traceback entry)?
    pub fn is_c_code(&self, first_line: u32) -> bool {
        self.c_code
            || self
                .c_lines
                .iter()
                .any(|&(a, b)| a <= first_line && first_line <= b)
    }

    /// The text of file line `line`, if it is part of this source.
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = line.checked_sub(self.first_line)?;
        self.text.lines().nth(index as usize)
    }
}

/// `co_flags` bits (Include/cpython/code.h).
pub const CO_OPTIMIZED: u32 = 0x1;
pub const CO_NEWLOCALS: u32 = 0x2;
pub const CO_VARARGS: u32 = 0x4;
pub const CO_VARKEYWORDS: u32 = 0x8;
pub const CO_NESTED: u32 = 0x10;
pub const CO_GENERATOR: u32 = 0x20;
pub const CO_FUTURE_ANNOTATIONS: u32 = 0x100_0000;

/// `PyCodeObject`. The heap object holding it owns the tuples and strings listed here.
#[derive(Debug)]
pub struct Code {
    pub kind: CodeKind,
    pub name: String,
    pub qualname: String,
    pub source: Rc<Source>,
    pub first_line: u32,
    pub instrs: Vec<Instr>,
    /// Where each instruction comes from in the source (tracebacks, carets).
    pub positions: Vec<Position>,
    /// The line table as `co_lines()` reports it: each instruction's line, or None for the
    /// instructions CPython's compiler leaves without one (they never start a line event).
    /// See [`crate::compile::linetable`] for how it is made and [`crate::vm::tracing`] for
    /// the events it gives.
    pub lines: Vec<Option<u32>>,
    pub exception_table: Vec<ExceptionEntry>,
    /// `co_consts` tuple (owned by the code object) and its items (borrowed view).
    pub consts_tuple: ObjId,
    pub consts: Vec<ObjId>,
    /// `co_names` tuple and items (interned strings).
    pub names_tuple: ObjId,
    pub names: Vec<ObjId>,
    /// `co_localsplusnames` tuple: locals, then cells, then free variables.
    pub localsplus_tuple: ObjId,
    pub localsplus_names: Vec<String>,
    pub nlocals: usize,
    pub ncells: usize,
    pub nfrees: usize,
    pub argcount: usize,
    pub posonlyargcount: usize,
    pub kwonlyargcount: usize,
    pub varargs: bool,
    pub varkeywords: bool,
    pub generator: bool,
    /// `co_flags` (the `CO_*` constants below).
    pub flags: u32,
    /// `co_name`, `co_qualname`, `co_filename` objects (owned).
    pub name_obj: ObjId,
    pub qualname_obj: ObjId,
    pub filename_obj: ObjId,
    /// Estimated `co_stacksize`.
    pub stacksize: usize,
    /// The `case` patterns `MATCH_PATTERN` refers to.
    pub patterns: Vec<MatchPat>,
    /// Warm-up and specialisation state (`co_warmup`, the inline caches of `COMPARE_OP`).
    pub quick: crate::vm::quicken::Quickening,
}

/// A `case` pattern ready to run: `Value`, `Mapping` keys and `Class` name indexes into the
/// values tuple `MATCH_PATTERN` pops; captures index into the tuple it pushes.
#[derive(Clone, Debug)]
pub enum MatchPat {
    /// `_`.
    Wildcard,
    /// `pattern as name`, or a bare `name` (of a wildcard).
    Capture(Box<MatchPat>, usize),
    /// A literal or dotted name: `==`.
    Value(usize),
    /// `None`, `True`, `False`: `is`.
    Singleton(SingletonPat),
    /// Items before a star, the star (with its capture, if named), items after it.
    Sequence {
        before: Vec<MatchPat>,
        star: Option<Option<usize>>,
        after: Vec<MatchPat>,
    },
    Mapping {
        keys: Vec<usize>,
        patterns: Vec<MatchPat>,
        rest: Option<usize>,
    },
    Class {
        cls: usize,
        patterns: Vec<MatchPat>,
        kwd_attrs: Vec<String>,
        kwd_patterns: Vec<MatchPat>,
    },
    Or(Vec<MatchPat>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SingletonPat {
    None,
    True,
    False,
}

/// `PyCodeObject`'s `tp_basicsize` in 3.11: `sys.getsizeof(code)` is this plus two bytes per
/// code unit (`_PyObject_VAR_SIZE`, rounded up to 8). Code objects are not GC objects in
/// 3.11, so there is no GC header.
const CODE_BASICSIZE: usize = 184;

/// `EXTENDED_ARG`s an oparg needs (`instr_size` in compile.c).
fn extended_args(oparg: u32) -> usize {
    match oparg {
        0..=0xff => 0,
        0x100..=0xffff => 1,
        0x1_0000..=0xff_ffff => 2,
        _ => 3,
    }
}

impl Code {
    /// The code units CPython 3.11's assembler writes for this code (`len(co_code) // 2`,
    /// which `sys.getsizeof` counts): each instruction, its `EXTENDED_ARG`s and its inline
    /// cache entries (`_PyOpcode_Caches`: `LOAD_GLOBAL` 5, `LOAD_METHOD` 10, `LOAD_ATTR`,
    /// `STORE_ATTR`, `BINARY_SUBSCR` and `CALL` 4, `COMPARE_OP` 2, `BINARY_OP`,
    /// `STORE_SUBSCR`, `UNPACK_SEQUENCE` and `PRECALL` 1), plus what the model's
    /// instructions leave implicit: the `RESUME` every code object starts with (after
    /// `RETURN_GENERATOR`, `POP_TOP` in a generator), the `RESUME` after each
    /// `YIELD_VALUE`, the `PRECALL` before each `CALL`; a `PUSH_NULL` before a
    /// `LOAD_GLOBAL` is folded into its oparg (`optimize_basic_block`). Jumps are relative
    /// in CPython: their `EXTENDED_ARG`s depend on the distance in code units, found as
    /// `assemble` does (recomputed until no jump grows). A `match` pattern is one
    /// instruction here where CPython spells it out, so code with `match` counts fewer.
    pub fn code_units(&self) -> usize {
        let n = self.instrs.len();
        // units of each instruction without its EXTENDED_ARGs, and its oparg (None: a jump)
        let mut base = vec![0usize; n];
        let mut fixed_ext = vec![0usize; n];
        let mut target = vec![None; n];
        for (i, instr) in self.instrs.iter().enumerate() {
            if let Some(t) = crate::compile::linetable::jump_target(instr) {
                target[i] = Some(t as usize);
                base[i] = 1;
                continue;
            }
            let (units, oparg) = match *instr {
                Instr::PushNull if matches!(self.instrs.get(i + 1), Some(Instr::LoadGlobal(_))) => {
                    (0, 0)
                }
                Instr::LoadGlobal(x) => (6, (x << 1) | 1),
                Instr::LoadMethod(x) => (11, x),
                Instr::LoadAttr(x) | Instr::StoreAttr(x) => (5, x),
                Instr::BinarySubscr => (5, 0),
                // PRECALL n (1 cache) and CALL n (4 caches)
                Instr::Call(x) => {
                    fixed_ext[i] = extended_args(x);
                    (7, x)
                }
                Instr::CompareOp(_) => (3, 0),
                Instr::BinaryOp(..) | Instr::StoreSubscr => (2, 0),
                Instr::UnpackSequence(x) => (2, x),
                // YIELD_VALUE, RESUME 1
                Instr::YieldValue => (2, 0),
                Instr::UnpackEx(before, after) => (1, u32::from(before) | u32::from(after) << 8),
                Instr::Copy(x)
                | Instr::Swap(x)
                | Instr::LoadConst(x)
                | Instr::LoadName(x)
                | Instr::StoreName(x)
                | Instr::DeleteName(x)
                | Instr::StoreGlobal(x)
                | Instr::DeleteGlobal(x)
                | Instr::LoadFast(x)
                | Instr::StoreFast(x)
                | Instr::DeleteFast(x)
                | Instr::LoadDeref(x)
                | Instr::StoreDeref(x)
                | Instr::DeleteDeref(x)
                | Instr::LoadClosure(x)
                | Instr::LoadClassDeref(x)
                | Instr::MakeCell(x)
                | Instr::CopyFreeVars(x)
                | Instr::DeleteAttr(x)
                | Instr::BuildSlice(x)
                | Instr::BuildTuple(x)
                | Instr::BuildList(x)
                | Instr::BuildSet(x)
                | Instr::BuildMap(x)
                | Instr::BuildConstKeyMap(x)
                | Instr::BuildString(x)
                | Instr::ListAppend(x)
                | Instr::SetAdd(x)
                | Instr::MapAdd(x)
                | Instr::ListExtend(x)
                | Instr::SetUpdate(x)
                | Instr::DictUpdate(x)
                | Instr::DictMerge(x)
                | Instr::KwNames(x)
                | Instr::ImportName(x)
                | Instr::ImportFrom(x)
                | Instr::RaiseVarargs(x)
                | Instr::DeleteFastIfBound(x) => (1, x),
                _ => (1, 0),
            };
            base[i] = units;
            fixed_ext[i] += if units == 0 { 0 } else { extended_args(oparg) };
        }
        // jumps' EXTENDED_ARGs, grown until stable (a jump only ever grows)
        let mut ext = vec![0usize; n];
        loop {
            let mut pos = Vec::with_capacity(n + 1);
            let mut at = 0;
            for i in 0..n {
                pos.push(at);
                at += base[i] + fixed_ext[i] + ext[i];
            }
            pos.push(at);
            let mut grew = false;
            for i in 0..n {
                let Some(t) = target[i] else { continue };
                let end = pos[i + 1];
                let to = pos[t.min(n)];
                let offset = end.abs_diff(to);
                let need = extended_args(u32::try_from(offset).unwrap_or(u32::MAX));
                if need > ext[i] {
                    ext[i] = need;
                    grew = true;
                }
            }
            if !grew {
                // RESUME, and RETURN_GENERATOR + POP_TOP before it in a generator
                let prologue = if self.generator { 3 } else { 1 };
                return at + prologue;
            }
        }
    }

    /// `sys.getsizeof(code)`: `code_sizeof` = `_PyObject_VAR_SIZE(&PyCode_Type, units)`.
    pub fn sizeof(&self) -> usize {
        (CODE_BASICSIZE + 2 * self.code_units()).next_multiple_of(8)
    }

    /// Index of the first cell variable in `localsplus`.
    pub fn cells_start(&self) -> usize {
        self.nlocals
    }
    /// Index of the first free variable in `localsplus`.
    pub fn frees_start(&self) -> usize {
        self.nlocals + self.ncells
    }
    /// Whether `localsplus[i]` holds a cell while the frame runs: a cell or free variable,
    /// or a parameter the prologue's `MAKE_CELL` turned into one.
    pub fn is_cell_slot(&self, i: usize) -> bool {
        i >= self.nlocals
            || self
                .instrs
                .iter()
                .take_while(|x| matches!(x, Instr::MakeCell(_) | Instr::CopyFreeVars(_)))
                .any(|x| *x == Instr::MakeCell(i as u32))
    }
    pub fn nlocalsplus(&self) -> usize {
        self.nlocals + self.ncells + self.nfrees
    }
    pub fn line_of(&self, ip: usize) -> u32 {
        self.positions
            .get(ip)
            .map(|p| p.line)
            .unwrap_or(self.first_line)
    }
    /// The exception handler covering instruction `ip`, innermost first.
    pub fn handler_for(&self, ip: usize) -> Option<ExceptionEntry> {
        let ip = ip as u32;
        self.exception_table
            .iter()
            .filter(|e| e.start <= ip && ip < e.end)
            .min_by_key(|e| e.end - e.start)
            .copied()
    }
    /// Every owned reference of the code object, for traversals.
    pub fn owned_refs(&self) -> [(&'static str, ObjId); 6] {
        [
            ("co_consts", self.consts_tuple),
            ("co_names", self.names_tuple),
            ("co_localsplusnames", self.localsplus_tuple),
            ("co_filename", self.filename_obj),
            ("co_name", self.name_obj),
            ("co_qualname", self.qualname_obj),
        ]
    }
}

/// A `dis`-like listing of a code object and the code objects among its constants.
pub fn disassemble(vm: &crate::vm::Vm, code_obj: ObjId) -> String {
    let mut out = String::new();
    let mut todo = vec![code_obj];
    while let Some(c) = todo.pop() {
        let crate::object::Payload::Code(code) = vm.payload(c) else {
            continue;
        };
        out.push_str(&format!(
            "Disassembly of <code object {} (line {})>:\n",
            code.qualname, code.first_line
        ));
        // as `dis` shows it: the line where it changes
        let mut last = None;
        for (i, instr) in code.instrs.iter().enumerate() {
            let this = code.lines.get(i).copied().flatten();
            let line = match this {
                Some(l) if this != last => format!("{l:>4}"),
                None if last.is_some() => "  --".into(),
                _ => "    ".into(),
            };
            last = this;
            let target = if code.exception_table.iter().any(|e| e.target as usize == i) {
                ">>"
            } else {
                "  "
            };
            out.push_str(&format!("{line} {target} {i:>4} {instr:?}\n"));
        }
        for e in &code.exception_table {
            out.push_str(&format!(
                "  exception {}..{} -> {} [{}]{}\n",
                e.start,
                e.end,
                e.target,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            ));
        }
        out.push('\n');
        for &k in code.consts.iter().rev() {
            if matches!(vm.payload(k), crate::object::Payload::Code(_)) {
                todo.push(k);
            }
        }
    }
    out
}
