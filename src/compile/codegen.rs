//! Code generation (`Python/compile.c`): statements and expressions to 3.11 instruction
//! sequences, an exception table computed from the handler active at each instruction, and the
//! code objects themselves with their constant/name tuples.

use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::*;
use crate::code::{
    Code, CodeKind, ExceptionEntry, Instr, MakeFunctionFlags, MatchPat, Position, SingletonPat,
    Source,
};
use crate::object::str::all_name_chars;
use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::objects::Layout;
use crate::vm::Vm;

use super::fold::Folded;
use super::linetable::{self, Ins, Pseudo};
use super::symtable::{NameScope, ScopeId, ScopeKind, SymbolTable};
use super::{const_key, make_constant, CompileError, ConstKey, Literals, Mode};

/// `STACK_USE_GUIDELINE`: displays longer than this are built incrementally.
const STACK_USE_GUIDELINE: usize = 30;

type CResult<T> = Result<T, CompileError>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Label(usize);

/// A handler region: where exceptions raised inside it go.
#[derive(Clone, Copy, Debug)]
struct Handler {
    target: Label,
    depth: i32,
    lasti: bool,
}

/// The compiler's block stack (`fblockinfo`): what `break`, `continue` and `return` must undo.
#[derive(Clone, Debug)]
enum FBlock {
    WhileLoop {
        start: Label,
        exit: Label,
    },
    ForLoop {
        start: Label,
        exit: Label,
    },
    TryExcept,
    FinallyTry {
        body: Suite,
    },
    FinallyEnd,
    /// A `with` body: unwinding it calls `__exit__` on the `with` statement's line.
    With {
        range: Range,
    },
    HandlerCleanup {
        name: Option<String>,
    },
    PopValue,
    ExceptionHandler,
    /// The clauses of `except*`: no `break`, `continue` or `return` may leave them.
    ExceptionGroupHandler,
}

/// One code object being built.
struct Unit {
    scope: ScopeId,
    kind: CodeKind,
    name: String,
    qualname: String,
    first_line: u32,
    instrs: Vec<Instr>,
    positions: Vec<Position>,
    handler_of: Vec<Option<usize>>,
    /// The exception-block pseudo-instructions (`SETUP_*`, `POP_BLOCK`), as `NOP`s the
    /// assembler reads and then drops (a setup's target is a label id until assembly).
    pseudo: Vec<Pseudo>,
    handlers: Vec<Handler>,
    handler_stack: Vec<usize>,
    /// Labels: instruction index once bound; the stack depth a jump carries there.
    labels: Vec<Option<usize>>,
    label_depth: Vec<Option<i32>>,
    /// Label operands are stored as label ids in these instructions until assembly.
    consts: Vec<ObjId>,
    const_index: HashMap<ConstKey, u32>,
    names: Vec<String>,
    name_index: HashMap<String, u32>,
    varnames: Vec<String>,
    cellvars: Vec<String>,
    freevars: Vec<String>,
    /// Index in `localsplus` of each of those names (varnames, then cells that are not
    /// arguments, then free variables).
    localsplus: HashMap<String, u32>,
    fblocks: Vec<FBlock>,
    /// `case` patterns for `MATCH_PATTERN`.
    patterns: Vec<MatchPat>,
    depth: i32,
    max_depth: i32,
    pos: Position,
    argcount: usize,
    posonlyargcount: usize,
    kwonlyargcount: usize,
    varargs: bool,
    varkeywords: bool,
    generator: bool,
}

struct Codegen<'a> {
    vm: &'a mut Vm,
    table: &'a SymbolTable,
    literals: &'a Literals,
    folded: &'a Folded,
    source: Rc<Source>,
    line_starts: Vec<usize>,
    /// Whether each line is ASCII (columns are then byte offsets).
    line_ascii: Vec<bool>,
    /// The last column counted on a non-ASCII line: `(line, byte offset, column)`, so that
    /// columns asked in order along a long line cost its length once, not once per node.
    col_memo: std::cell::Cell<(usize, usize, usize)>,
    /// `c_const_cache`: one object per constant value in the unit (references held).
    cache: HashMap<ConstKey, ObjId>,
    units: Vec<Unit>,
    /// The literal pieces of f-strings (and of `%` formats made f-strings): new str objects
    /// the parser's arena holds (`make_str_node_and_del`), one reference each.
    arena_strs: Vec<ObjId>,
    mode: Mode,
    /// `from __future__ import annotations`: annotations are loaded as their text.
    future_annotations: bool,
}

/// Compile a unit's top-level code and everything inside it. Returns the code object (owned).
#[allow(clippy::too_many_arguments)]
pub fn generate(
    vm: &mut Vm,
    body: &[Stmt],
    mode: Mode,
    source: Rc<Source>,
    table: &SymbolTable,
    literals: &Literals,
    folded: &Folded,
    unit_name: &str,
    arena_out: &mut Vec<ObjId>,
) -> CResult<ObjId> {
    let mut line_starts = vec![0];
    let mut line_ascii = vec![true];
    for (i, b) in source.text.bytes().enumerate() {
        if b == b'\n' {
            line_starts.push(i + 1);
            line_ascii.push(true);
        } else if b >= 0x80 {
            *line_ascii.last_mut().expect("a line") = false;
        }
    }
    let mut cg = Codegen {
        vm,
        table,
        literals,
        folded,
        source,
        line_starts,
        line_ascii,
        col_memo: std::cell::Cell::new((usize::MAX, 0, 0)),
        cache: HashMap::new(),
        units: Vec::new(),
        arena_strs: Vec::new(),
        mode,
        future_annotations: crate::compile::future_annotations(body),
    };
    let result = cg.module(body, unit_name);
    *arena_out = std::mem::take(&mut cg.arena_strs);
    // the constant cache goes away with the compiler
    let cached: Vec<ObjId> = cg.cache.drain().map(|(_, v)| v).collect();
    if result.is_err() {
        while let Some(u) = cg.units.pop() {
            for c in u.consts {
                cg.vm.decref(c);
            }
        }
    }
    for c in cached {
        cg.vm.decref(c);
    }
    result
}

/// `merge_const_one` (compile.c): the compile's constant cache keeps the first tuple of each
/// value (`PyDict_SetDefault`); an equal one made later is dropped for it. `obj` is owned;
/// returns the tuple to use (owned). Unlike `merge_consts_recursive`, the items are not
/// registered themselves.
fn merge_const_one(vm: &mut Vm, cache: &mut HashMap<ConstKey, ObjId>, obj: ObjId) -> ObjId {
    let key = const_key(vm, obj);
    if let ConstKey::Identity(_) = key {
        return obj;
    }
    if let Some(&c) = cache.get(&key) {
        if c != obj {
            vm.incref(c);
            vm.decref(obj);
        }
        return c;
    }
    vm.incref(obj);
    cache.insert(key, obj);
    obj
}

impl Codegen<'_> {
    // ---- positions ----

    fn position(&self, range: Range) -> Position {
        let (line, col) = self.line_col(range.start);
        let (end_line, end_col) = self.line_col(range.end);
        Position {
            line,
            end_line,
            col,
            end_col,
        }
    }

    fn line_col(&self, offset: u32) -> (u32, u32) {
        let offset = (offset as usize).min(self.source.text.len());
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[idx];
        let col = if self.line_ascii[idx] {
            offset - start
        } else {
            // count on from the last column asked on this line when it is before `offset`
            let (memo_line, memo_byte, memo_col) = self.col_memo.get();
            let (from, base) = if memo_line == idx && memo_byte <= offset {
                (memo_byte, memo_col)
            } else {
                (start, 0)
            };
            let col = base
                + self
                    .source
                    .text
                    .get(from..offset)
                    .map(|s| s.chars().count())
                    .unwrap_or(0);
            self.col_memo.set((idx, offset, col));
            col
        };
        (self.source.first_line + idx as u32, col as u32)
    }

    fn unit(&mut self) -> &mut Unit {
        self.units.last_mut().expect("a unit is being compiled")
    }

    fn set_pos(&mut self, range: Range) -> Position {
        let p = self.position(range);
        std::mem::replace(&mut self.unit().pos, p)
    }

    fn restore_pos(&mut self, p: Position) {
        self.unit().pos = p;
    }

    /// `UNSET_LOC`: what follows is artificial (no line of its own).
    fn unset_loc(&mut self) {
        self.unit().pos = Position::default();
    }

    /// `SET_LOC` of a statement: it stays until the next statement sets another.
    fn set_loc(&mut self, range: Range) {
        let p = self.position(range);
        self.unit().pos = p;
    }

    // ---- emitting ----

    fn emit(&mut self, instr: Instr) {
        self.emit_as(instr, Pseudo::No);
    }

    /// An instruction without a location (`ADDOP_NOLINE`, `ADDOP_JUMP_NOLINE`).
    fn emit_noline(&mut self, instr: Instr) {
        let p = std::mem::take(&mut self.unit().pos);
        self.emit(instr);
        self.unit().pos = p;
    }

    fn emit_jump_noline(&mut self, make: fn(u32) -> Instr, label: Label) {
        let p = std::mem::take(&mut self.unit().pos);
        self.emit_jump(make, label);
        self.unit().pos = p;
    }

    fn emit_as(&mut self, instr: Instr, pseudo: Pseudo) {
        let u = self.unit();
        let pos = u.pos;
        let handler = u.handler_stack.last().copied();
        u.instrs.push(instr);
        u.positions.push(pos);
        u.handler_of.push(handler);
        u.pseudo.push(pseudo);
        u.depth += stack_effect(instr);
        if u.depth > u.max_depth {
            u.max_depth = u.depth;
        }
    }

    fn new_label(&mut self) -> Label {
        let u = self.unit();
        u.labels.push(None);
        u.label_depth.push(None);
        Label(u.labels.len() - 1)
    }

    /// Emit a jump to `label` (its operand is the label id until assembly).
    fn emit_jump(&mut self, make: fn(u32) -> Instr, label: Label) {
        let instr = make(label.0 as u32);
        self.emit(instr);
        let u = self.unit();
        let depth_at_target = u.depth + jump_extra(instr);
        if u.label_depth[label.0].is_none() {
            u.label_depth[label.0] = Some(depth_at_target);
        }
    }

    fn bind(&mut self, label: Label) {
        let u = self.unit();
        u.labels[label.0] = Some(u.instrs.len());
        let unconditional = matches!(
            u.instrs.last(),
            Some(Instr::JumpForward(_))
                | Some(Instr::JumpBackward(_))
                | Some(Instr::ReturnValue)
                | Some(Instr::RaiseVarargs(_))
                | Some(Instr::Reraise(_))
        );
        if unconditional {
            if let Some(d) = u.label_depth[label.0] {
                u.depth = d;
            }
        }
    }

    /// `SETUP_FINALLY`/`SETUP_CLEANUP`/`SETUP_WITH`: start a region whose exceptions go to
    /// `target`; the stack is cut to the current depth.
    fn push_handler(&mut self, target: Label, lasti: bool) {
        self.emit_as(Instr::Nop, Pseudo::Setup(target.0 as u32));
        let u = self.unit();
        let h = Handler {
            target,
            depth: u.depth,
            lasti,
        };
        u.handlers.push(h);
        let idx = u.handlers.len() - 1;
        u.handler_stack.push(idx);
        // the handler starts with the stack at `depth` plus lasti and the exception
        let entry = u.depth + 1 + lasti as i32;
        if u.label_depth[target.0].is_none() {
            u.label_depth[target.0] = Some(entry);
        }
    }

    /// `POP_BLOCK`: end the innermost handler region (an instruction at the current location).
    fn pop_block(&mut self) {
        self.unit().handler_stack.pop();
        self.emit_as(Instr::Nop, Pseudo::PopBlock);
    }

    /// `ADDOP_NOLINE(c, POP_BLOCK)`.
    fn pop_block_noline(&mut self) {
        let p = std::mem::take(&mut self.unit().pos);
        self.pop_block();
        self.unit().pos = p;
    }

    /// The innermost handler region ends where the flow graph leaves it (no instruction:
    /// the code that follows is reached from outside the region).
    fn pop_handler(&mut self) {
        self.unit().handler_stack.pop();
    }

    fn set_depth(&mut self, d: i32) {
        self.unit().depth = d;
    }

    // ---- constants and names ----

    /// Register a constant object in the unit cache (`merge_consts_recursive`), interning
    /// identifier-like strings; returns the canonical object (borrowed; the cache holds it).
    fn merge_const(&mut self, obj: ObjId) -> ObjId {
        let key = const_key(self.vm, obj);
        if let ConstKey::Identity(_) = key {
            return obj;
        }
        if let Some(&c) = self.cache.get(&key) {
            return c;
        }
        let canonical = match self.vm.payload(obj) {
            Payload::Str(s) if all_name_chars(s.as_str()) => {
                self.vm.incref(obj);
                self.vm
                    .intern_for(obj, crate::object::str::InternReason::IdentifierConstant)
            }
            Payload::Tuple(items) => {
                // the items are merged into the tuple itself (`PyTuple_SET_ITEM(o, i, v)`,
                // and `intern_string_constants` likewise): the arena's tuple is the constant
                let items = items.to_vec();
                for (k, &item) in items.iter().enumerate() {
                    let m = self.merge_const(item);
                    if m != item {
                        self.vm.incref(m);
                        if let Payload::Tuple(t) = self.vm.heap.payload_mut(obj) {
                            t[k] = m;
                        }
                        self.vm.decref(item);
                    }
                }
                self.vm.new_ref(obj)
            }
            _ => self.vm.new_ref(obj),
        };
        self.cache.insert(key, canonical);
        canonical
    }

    /// Add a constant object to the current code's `co_consts`, returning its index.
    fn add_const_obj(&mut self, obj: ObjId) -> u32 {
        let canonical = self.merge_const(obj);
        let key = const_key(self.vm, canonical);
        if let Some(&i) = self.unit().const_index.get(&key) {
            return i;
        }
        self.vm.incref(canonical);
        let u = self.unit();
        u.consts.push(canonical);
        let i = (u.consts.len() - 1) as u32;
        u.const_index.insert(key, i);
        i
    }

    /// Add a constant made by the compiler itself (not from the parser's arena).
    fn add_new_const(&mut self, obj: ObjId) -> u32 {
        let i = self.add_const_obj(obj);
        self.vm.decref(obj);
        i
    }

    fn load_const_obj(&mut self, obj: ObjId) {
        let i = self.add_const_obj(obj);
        self.emit(Instr::LoadConst(i));
    }

    fn load_none(&mut self) {
        let none = self.vm.none();
        self.load_const_obj(none);
    }

    fn load_str_const(&mut self, s: &str) {
        let obj = self.vm.new_str(s);
        let i = self.add_new_const(obj);
        self.emit(Instr::LoadConst(i));
    }

    /// A literal piece of an f-string: a new str object (one for each piece, as the parser
    /// makes them) that the arena holds, and a constant (equal pieces share the first).
    fn load_fstring_piece(&mut self, s: &str) {
        let obj = self.vm.new_str(s);
        self.vm.incref(obj);
        self.arena_strs.push(obj);
        let i = self.add_new_const(obj);
        self.emit(Instr::LoadConst(i));
    }

    /// The constant object of an expression, if it is a literal or was folded.
    fn const_of(&self, e: &Expr) -> Option<ObjId> {
        match &e.kind {
            ExprKind::Constant(_) => self.literals.get(e.range),
            _ => self.folded.get(e.range),
        }
    }

    fn load_constant_expr(&mut self, e: &Expr) -> bool {
        if let Some(obj) = self.const_of(e) {
            self.load_const_obj(obj);
            return true;
        }
        if let ExprKind::Constant(c) = &e.kind {
            let obj = make_constant(self.vm, c);
            let i = self.add_new_const(obj);
            self.emit(Instr::LoadConst(i));
            return true;
        }
        false
    }

    /// An attribute name's index in `co_names`, mangled in a class (`self.__x`).
    fn attr_idx(&mut self, attr: &str) -> u32 {
        let m = self.mangle(attr);
        self.name_idx(&m)
    }

    fn name_idx(&mut self, name: &str) -> u32 {
        let u = self.unit();
        if let Some(&i) = u.name_index.get(name) {
            return i;
        }
        u.names.push(name.to_string());
        let i = (u.names.len() - 1) as u32;
        u.name_index.insert(name.to_string(), i);
        i
    }

    /// Index of `name` in `localsplus` (varnames, then cells that are not arguments, then
    /// free variables).
    fn localsplus_idx(&self, name: &str) -> Option<u32> {
        self.units.last()?.localsplus.get(name).copied()
    }

    fn scope_kind(&self) -> ScopeKind {
        self.table
            .scope(self.units.last().expect("unit").scope)
            .kind
    }

    fn name_scope(&self, name: &str) -> NameScope {
        let u = self.units.last().expect("unit");
        if u.cellvars.iter().any(|c| c == name) && name == "__class__" {
            return NameScope::Cell;
        }
        self.table.scope(u.scope).scope_of(name)
    }

    fn load_name(&mut self, name: &str) {
        self.nameop(name, NameCtx::Load);
    }

    fn store_name(&mut self, name: &str) {
        self.nameop(name, NameCtx::Store);
    }

    fn nameop(&mut self, name: &str, ctx: NameCtx) {
        let mangled = self.mangle(name);
        let name = mangled.as_str();
        let scope = self.name_scope(name);
        let function_like = !matches!(self.scope_kind(), ScopeKind::Module | ScopeKind::Class);
        let in_class = self.scope_kind() == ScopeKind::Class;
        match scope {
            NameScope::Free | NameScope::Cell => {
                let i = self.localsplus_idx(name).unwrap_or(0);
                let instr = match ctx {
                    NameCtx::Load if in_class => Instr::LoadClassDeref(i),
                    NameCtx::Load => Instr::LoadDeref(i),
                    NameCtx::Store => Instr::StoreDeref(i),
                    NameCtx::Del => Instr::DeleteDeref(i),
                };
                self.emit(instr);
            }
            NameScope::Local if function_like => {
                let i = self.localsplus_idx(name).unwrap_or(0);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadFast(i),
                    NameCtx::Store => Instr::StoreFast(i),
                    NameCtx::Del => Instr::DeleteFast(i),
                });
            }
            NameScope::GlobalExplicit | NameScope::GlobalImplicit
                if function_like || scope == NameScope::GlobalExplicit =>
            {
                let i = self.name_idx(name);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadGlobal(i),
                    NameCtx::Store => Instr::StoreGlobal(i),
                    NameCtx::Del => Instr::DeleteGlobal(i),
                });
            }
            _ => {
                let i = self.name_idx(name);
                self.emit(match ctx {
                    NameCtx::Load => Instr::LoadName(i),
                    NameCtx::Store => Instr::StoreName(i),
                    NameCtx::Del => Instr::DeleteName(i),
                });
            }
        }
    }

    // ---- units ----

    fn enter_unit(
        &mut self,
        scope: ScopeId,
        kind: CodeKind,
        name: &str,
        qualname: String,
        first_line: u32,
    ) {
        let s = self.table.scope(scope);
        let varnames = s.varnames();
        let cellvars = s.cellvars();
        let freevars = s.freevars();
        let mut localsplus: HashMap<String, u32> = HashMap::new();
        for n in varnames.iter().chain(&cellvars).chain(&freevars) {
            // the first place a name has (a cell that is an argument stays an argument)
            let next = localsplus.len() as u32;
            localsplus.entry(n.clone()).or_insert(next);
        }
        let generator = s.generator;
        let pos = Position {
            line: first_line,
            end_line: first_line,
            col: 0,
            end_col: 0,
        };
        self.units.push(Unit {
            scope,
            kind,
            name: name.to_string(),
            qualname,
            first_line,
            instrs: Vec::new(),
            positions: Vec::new(),
            handler_of: Vec::new(),
            pseudo: Vec::new(),
            handlers: Vec::new(),
            handler_stack: Vec::new(),
            labels: Vec::new(),
            label_depth: Vec::new(),
            consts: Vec::new(),
            const_index: HashMap::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames,
            cellvars,
            freevars,
            localsplus,
            fblocks: Vec::new(),
            patterns: Vec::new(),
            depth: 0,
            max_depth: 0,
            pos,
            argcount: 0,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            varargs: false,
            varkeywords: false,
            generator,
        });
        // the 3.11 prologue: cells, then free variables
        let (cells, nfree): (Vec<u32>, usize) = {
            let u = self.units.last().expect("unit");
            let cells = u
                .cellvars
                .iter()
                .filter_map(|c| self.localsplus_idx(c))
                .collect();
            (cells, u.freevars.len())
        };
        let mut cells = cells;
        cells.sort();
        for c in cells {
            self.emit_noline(Instr::MakeCell(c));
        }
        if nfree > 0 {
            self.emit_noline(Instr::CopyFreeVars(nfree as u32));
        }
    }

    /// Finish the innermost unit into a code object (owned reference).
    fn leave_unit(&mut self) -> ObjId {
        let mut u = self.units.pop().expect("unit");
        self.fold_tuples_on_constants(&mut u);
        // resolve labels
        let labels: Vec<u32> = u
            .labels
            .iter()
            .map(|l| l.unwrap_or(u.instrs.len()) as u32)
            .collect();
        let ins: Vec<Ins> = u
            .instrs
            .iter()
            .zip(&u.positions)
            .zip(&u.handler_of)
            .zip(&u.pseudo)
            .map(|(((&i, &pos), &handler), &pseudo)| Ins {
                instr: resolve_label(i, &labels),
                pos,
                handler,
                pseudo: match pseudo {
                    Pseudo::Setup(l) => Pseudo::Setup(labels.get(l as usize).copied().unwrap_or(0)),
                    other => other,
                },
            })
            .collect();
        let bound: Vec<usize> = u.labels.iter().flatten().copied().collect();
        // the assembler's passes: the line table CPython's `assemble()` leaves
        let none = self.vm.statics.none;
        let truth = |i: u32| {
            let c = u.consts.get(i as usize).copied();
            linetable::ConstInfo {
                truth: c.and_then(|c| const_truth(self.vm, c)),
                is_none: c == Some(none),
            }
        };
        let assembled = linetable::assemble(
            ins,
            &bound,
            u.first_line,
            u.kind == CodeKind::Module,
            &truth,
        );
        let vm = &mut *self.vm;
        let instrs: Vec<Instr> = assembled.ins.iter().map(|x| x.instr).collect();
        trim_unused_consts(vm, &instrs, &mut u.consts);
        let positions: Vec<Position> = assembled.ins.iter().map(|x| x.pos).collect();
        let handler_of: Vec<Option<usize>> = assembled.ins.iter().map(|x| x.handler).collect();
        let handler_target = |h: &Handler| -> u32 {
            let old = labels.get(h.target.0).copied().unwrap_or(0) as usize;
            assembled
                .new_index
                .get(old)
                .copied()
                .flatten()
                .unwrap_or(instrs.len() as u32)
        };
        // exception table: runs of instructions sharing a handler
        let mut table = Vec::new();
        let mut i = 0;
        while i < handler_of.len() {
            if let Some(h) = handler_of[i] {
                let start = i;
                while i < handler_of.len() && handler_of[i] == Some(h) {
                    i += 1;
                }
                let handler = u.handlers[h];
                table.push(ExceptionEntry {
                    start: start as u32,
                    end: i as u32,
                    target: handler_target(&handler),
                    depth: handler.depth.max(0) as u32,
                    lasti: handler.lasti,
                });
            } else {
                i += 1;
            }
        }
        // the line table (`co_lines`): the prologue (cells, free variables) runs before
        // `RESUME` in CPython and has no line of its own. A module's `RESUME` is on line 0
        // (`compiler_enter_scope`) and gives it to the instructions after it that have
        // none: in a module without statements (an empty file, only comments) the implicit
        // `return None` is on line 0, and CPython reports a line event on line 0 for it.
        let mut lines: Vec<Option<u32>> = positions
            .iter()
            .zip(&instrs)
            .map(|(p, i)| match i {
                Instr::MakeCell(_) | Instr::CopyFreeVars(_) => None,
                _ => (p.line > 0).then_some(p.line),
            })
            .collect();
        for l in lines.iter_mut().take(assembled.line_zero) {
            *l = Some(0);
        }
        // makecode: `co_names`, then `co_consts`, then `co_localsplusnames`, each through
        // `merge_const_one`: a tuple equal to one the compile has already made (another
        // unit's) is replaced by that one, and the new one freed
        let names: Vec<ObjId> = u.names.iter().map(|n| vm.new_interned(n)).collect();
        let names_tuple = vm.new_tuple(names.clone());
        let names_tuple = merge_const_one(vm, &mut self.cache, names_tuple);
        let consts_tuple = vm.new_tuple(u.consts.clone());
        let consts_tuple = merge_const_one(vm, &mut self.cache, consts_tuple);
        let args: std::collections::HashSet<&String> = u.varnames.iter().collect();
        let cells_not_args: Vec<String> = u
            .cellvars
            .iter()
            .filter(|c| !args.contains(c))
            .cloned()
            .collect();
        let mut localsplus_names = u.varnames.clone();
        localsplus_names.extend(cells_not_args.iter().cloned());
        localsplus_names.extend(u.freevars.iter().cloned());
        let lp_objs: Vec<ObjId> = localsplus_names
            .iter()
            .map(|n| vm.new_interned(n))
            .collect();
        let localsplus_tuple = vm.new_tuple(lp_objs);
        let localsplus_tuple = merge_const_one(vm, &mut self.cache, localsplus_tuple);
        let name_obj = vm.new_interned(&u.name);
        let qualname_obj = vm.new_str(&u.qualname);
        let qualname_obj = if u.qualname == u.name {
            vm.decref(qualname_obj);
            vm.new_ref(name_obj)
        } else {
            qualname_obj
        };
        let filename_obj = vm.new_str(&self.source.filename);
        // compute_code_flags: a function-like block is CO_OPTIMIZED | CO_NEWLOCALS, and
        // CO_NESTED inside one (symtable's ste_nested); the future import's flag on all
        let function_like = |k: CodeKind| {
            matches!(
                k,
                CodeKind::Function
                    | CodeKind::Lambda
                    | CodeKind::Comprehension
                    | CodeKind::GeneratorExpr
            )
        };
        let mut flags = 0;
        if function_like(u.kind) {
            flags |= crate::code::CO_OPTIMIZED | crate::code::CO_NEWLOCALS;
            if self.units.iter().any(|p| function_like(p.kind)) {
                flags |= crate::code::CO_NESTED;
            }
        }
        if u.varargs {
            flags |= crate::code::CO_VARARGS;
        }
        if u.varkeywords {
            flags |= crate::code::CO_VARKEYWORDS;
        }
        if u.generator {
            flags |= crate::code::CO_GENERATOR;
        }
        if self.future_annotations {
            flags |= crate::code::CO_FUTURE_ANNOTATIONS;
        }
        let code = Code {
            kind: u.kind,
            name: u.name.clone(),
            qualname: u.qualname.clone(),
            source: self.source.clone(),
            first_line: u.first_line,
            instrs,
            positions,
            lines,
            exception_table: table,
            consts_tuple,
            consts: u.consts,
            names_tuple,
            names,
            localsplus_tuple,
            localsplus_names,
            nlocals: u.varnames.len(),
            ncells: cells_not_args.len(),
            nfrees: u.freevars.len(),
            argcount: u.argcount,
            posonlyargcount: u.posonlyargcount,
            kwonlyargcount: u.kwonlyargcount,
            varargs: u.varargs,
            varkeywords: u.varkeywords,
            generator: u.generator,
            flags,
            name_obj,
            qualname_obj,
            filename_obj,
            stacksize: u.max_depth.max(1) as usize,
            patterns: u.patterns,
            quick: Default::default(),
        };
        let t = vm.ty(BuiltinType::Code);
        let size = code.sizeof();
        vm.alloc(t, Payload::Code(Rc::new(code)), Layout::plain(size))
    }

    /// `fold_tuple_on_constants` (the flowgraph optimiser): `LOAD_CONST`s then a
    /// `BUILD_TUPLE` of them in one basic block become `NOP`s and a `LOAD_CONST` of the
    /// tuple, merged with the module's equal constants (`def f(h=1)`'s defaults and a `(1,)`
    /// elsewhere are one object) and appended to `co_consts` unless there already.
    fn fold_tuples_on_constants(&mut self, u: &mut Unit) {
        let starts: std::collections::HashSet<usize> = u.labels.iter().flatten().copied().collect();
        for k in 0..u.instrs.len() {
            let Instr::BuildTuple(n) = u.instrs[k] else {
                continue;
            };
            let n = n as usize;
            if n == 0 || k < n || u.pseudo[k] != Pseudo::No {
                continue;
            }
            let run = k - n..k;
            let all_consts = run
                .clone()
                .all(|j| matches!(u.instrs[j], Instr::LoadConst(_)) && u.pseudo[j] == Pseudo::No);
            // a label bound inside the run starts another basic block
            if !all_consts || (k - n + 1..=k).any(|j| starts.contains(&j)) {
                continue;
            }
            let items: Vec<ObjId> = run
                .clone()
                .map(|j| match u.instrs[j] {
                    Instr::LoadConst(i) => u.consts[i as usize],
                    _ => unreachable!("checked"),
                })
                .collect();
            for &i in &items {
                self.vm.incref(i);
            }
            let t = self.vm.new_tuple(items);
            let canonical = self.merge_const(t);
            self.vm.decref(t);
            let index = match u.consts.iter().position(|&c| c == canonical) {
                Some(i) => i,
                None => {
                    self.vm.incref(canonical);
                    u.consts.push(canonical);
                    u.consts.len() - 1
                }
            };
            for j in run {
                u.instrs[j] = Instr::Nop;
            }
            u.instrs[k] = Instr::LoadConst(index as u32);
        }
    }

    fn qualname_for(&self, name: &str) -> String {
        // `compiler_set_qualname`: nested in a function or lambda → `outer.<locals>.name`;
        // in a class or a comprehension → `Class.name`, `<listcomp>.<lambda>`
        let Some(parent) = self.units.last() else {
            return name.to_string();
        };
        match parent.kind {
            CodeKind::Module => name.to_string(),
            CodeKind::Class | CodeKind::Comprehension | CodeKind::GeneratorExpr => {
                format!("{}.{}", parent.qualname, name)
            }
            CodeKind::Function | CodeKind::Lambda => {
                format!("{}.<locals>.{}", parent.qualname, name)
            }
        }
    }

    // ---- module ----

    fn module(&mut self, body: &[Stmt], unit_name: &str) -> CResult<ObjId> {
        self.enter_unit(
            0,
            CodeKind::Module,
            unit_name,
            unit_name.to_string(),
            self.source.first_line,
        );
        // `compiler_mod`/`compiler_body`: the module's location starts at the first statement
        if self.mode == Mode::Exec {
            if let Some(first) = body.first() {
                self.set_loc(first.range);
            }
        }
        match self.mode {
            Mode::Eval => {
                if let Some(Stmt {
                    kind: StmtKind::Expr(e),
                    ..
                }) = body.first()
                {
                    self.expr(e)?;
                } else {
                    self.load_none();
                }
                self.emit_noline(Instr::ReturnValue);
            }
            Mode::Exec | Mode::Single => {
                let rest = self.docstring_to_name(body)?;
                for s in rest {
                    self.stmt(s)?;
                }
                self.implicit_return();
            }
        }
        Ok(self.leave_unit())
    }

    /// A leading string constant is the docstring: stored as `__doc__` (modules, classes).
    fn docstring_to_name<'b>(&mut self, body: &'b [Stmt]) -> CResult<&'b [Stmt]> {
        // compiler_body: a body with annotated names gets its `__annotations__` dict first
        if find_ann(body) {
            self.emit(Instr::SetupAnnotations);
        }
        if self.mode == Mode::Single {
            return Ok(body);
        }
        if let Some(first) = body.first() {
            if let StmtKind::Expr(e) = &first.kind {
                if matches!(e.kind, ExprKind::Constant(Constant::Str(_))) {
                    let p = self.set_pos(e.range);
                    self.load_constant_expr(e);
                    self.restore_pos(p);
                    self.unset_loc();
                    self.store_name("__doc__");
                    return Ok(&body[1..]);
                }
            }
        }
        Ok(body)
    }

    // ---- statements ----

    fn stmts(&mut self, body: &[Stmt]) -> CResult<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    /// `compiler_visit_stmt`: the statement's location stays set after it (compound
    /// statements change it as CPython's compiler does), which decides the lines of what
    /// the compiler adds after it (see `linetable`).
    fn stmt(&mut self, s: &Stmt) -> CResult<()> {
        let range = self.stmt_range(s);
        self.set_loc(range);
        self.stmt_inner(s)
    }

    /// A statement's location as CPython's AST gives it: a decorated `def` or `class`
    /// starts at its keyword, not at its first decorator.
    fn stmt_range(&self, s: &Stmt) -> Range {
        match &s.kind {
            StmtKind::FunctionDef(f) if !f.decorators.is_empty() => {
                Range::new(f.def_range.start, s.range.end)
            }
            StmtKind::ClassDef(c) => match c.decorators.last() {
                Some(d) => Range::new(self.keyword_after(d.range.end), s.range.end),
                None => s.range,
            },
            _ => s.range,
        }
    }

    /// The offset of the first token after `offset` that is not blank, a comment or a line
    /// break (the `class` keyword after the last decorator).
    fn keyword_after(&self, offset: u32) -> u32 {
        let text = self.source.text.as_bytes();
        let mut i = (offset as usize).min(text.len());
        while i < text.len() {
            match text[i] {
                b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' => i += 1,
                b'#' => {
                    while i < text.len() && text[i] != b'\n' {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        i as u32
    }

    fn stmt_inner(&mut self, s: &Stmt) -> CResult<()> {
        match &s.kind {
            StmtKind::Expr(e) => {
                let interactive = self.mode == Mode::Single && self.units.len() == 1;
                if interactive {
                    self.expr(e)?;
                    self.emit(Instr::PrintExpr);
                } else if matches!(e.kind, ExprKind::Constant(_)) {
                    self.emit(Instr::Nop);
                } else {
                    self.expr(e)?;
                    // the POP_TOP is artificial
                    self.unset_loc();
                    self.emit(Instr::PopTop);
                }
            }
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Instr::Copy(1));
                    }
                    self.store_target(t)?;
                }
            }
            StmtKind::AugAssign { target, op, value } => self.aug_assign(target, *op, value)?,
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => self.ann_assign(target, annotation, value.as_ref(), *simple)?,
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.delete_target(t)?;
                }
            }
            StmtKind::Pass => self.emit(Instr::Nop),
            StmtKind::Break => {
                self.check_leaves_except_star(s.range, true)?;
                self.break_stmt(s)?
            }
            StmtKind::Continue => {
                self.check_leaves_except_star(s.range, true)?;
                self.continue_stmt(s)?
            }
            StmtKind::Return(v) => {
                // `compiler_return` reaches the check after it set the location: a constant
                // value on the statement's line, else the statement
                let at = match v {
                    Some(v)
                        if self.is_constant(v)
                            && self.position(v.range).line == self.position(s.range).line =>
                    {
                        v.range
                    }
                    _ => s.range,
                };
                self.check_leaves_except_star(at, false)?;
                self.return_stmt(s, v.as_ref())?
            }
            StmtKind::Match { subject, cases } => self.match_stmt(subject, cases, s.range)?,
            StmtKind::If { test, body, orelse } => {
                let end = self.new_label();
                let next = if orelse.is_empty() {
                    end
                } else {
                    self.new_label()
                };
                self.jump_if(test, false, next)?;
                self.stmts(body)?;
                if !orelse.is_empty() {
                    self.emit_jump_noline(Instr::JumpForward, end);
                    self.bind(next);
                    self.stmts(orelse)?;
                }
                self.bind(end);
            }
            StmtKind::While { test, body, orelse } => {
                // `compiler_while`: the test at the top, and again at the bottom (on the
                // `while` line) jumping back into the body, so an iteration reports the
                // header once
                let start = self.new_label();
                let body_start = self.new_label();
                let exit = self.new_label();
                let anchor = self.new_label();
                self.bind(start);
                self.unit().fblocks.push(FBlock::WhileLoop { start, exit });
                self.jump_if(test, false, anchor)?;
                self.bind(body_start);
                self.stmts(body)?;
                self.set_loc(s.range);
                self.jump_if(test, true, body_start)?;
                self.unit().fblocks.pop();
                self.bind(anchor);
                self.stmts(orelse)?;
                self.bind(exit);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                let start = self.new_label();
                let cleanup = self.new_label();
                let exit = self.new_label();
                self.iter_expr(iter)?;
                self.emit(Instr::GetIter);
                self.bind(start);
                let p = self.set_pos(target.range);
                self.emit_jump(Instr::ForIter, cleanup);
                self.store_target(target)?;
                self.restore_pos(p);
                self.unit().fblocks.push(FBlock::ForLoop { start, exit });
                self.stmts(body)?;
                // the jump back is artificial: it takes the last line of the body
                self.unset_loc();
                self.emit_jump(Instr::JumpBackward, start);
                self.unit().fblocks.pop();
                self.bind(cleanup);
                self.stmts(orelse)?;
                self.bind(exit);
            }
            StmtKind::FunctionDef(f) => self.function_def(s, f)?,
            StmtKind::ClassDef(c) => self.class_def(s, c)?,
            StmtKind::Global(_) | StmtKind::Nonlocal(_) => {}
            StmtKind::Import(names) => {
                for a in names {
                    let zero = self.vm.new_int(0);
                    let i = self.add_new_const(zero);
                    self.emit(Instr::LoadConst(i));
                    self.load_none();
                    let ni = self.name_idx(&a.name);
                    self.emit(Instr::ImportName(ni));
                    match &a.asname {
                        Some(asname) => {
                            let parts: Vec<&str> = a.name.split('.').collect();
                            if parts.len() > 1 {
                                for part in &parts[1..] {
                                    let pi = self.name_idx(part);
                                    self.emit(Instr::ImportFrom(pi));
                                    self.emit(Instr::Swap(2));
                                    self.emit(Instr::PopTop);
                                }
                            }
                            self.store_name(asname);
                        }
                        None => {
                            let top = a.name.split('.').next().unwrap_or(&a.name).to_string();
                            self.store_name(&top);
                        }
                    }
                }
            }
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                let lvl = self.vm.new_int(*level as i64);
                let i = self.add_new_const(lvl);
                self.emit(Instr::LoadConst(i));
                let fromlist: Vec<ObjId> = names.iter().map(|a| self.vm.new_str(&a.name)).collect();
                let t = self.vm.new_tuple(fromlist);
                let i = self.add_new_const(t);
                self.emit(Instr::LoadConst(i));
                let mname = module.clone().unwrap_or_default();
                let ni = self.name_idx(&mname);
                self.emit(Instr::ImportName(ni));
                if names.len() == 1 && names[0].name == "*" {
                    self.emit(Instr::ImportStar);
                } else {
                    for a in names {
                        let ai = self.name_idx(&a.name);
                        self.emit(Instr::ImportFrom(ai));
                        let store = a.asname.clone().unwrap_or_else(|| a.name.clone());
                        self.store_name(&store);
                    }
                    self.emit(Instr::PopTop);
                }
            }
            StmtKind::Raise { exc, cause } => {
                let mut n = 0;
                if let Some(e) = exc {
                    self.expr(e)?;
                    n = 1;
                    if let Some(c) = cause {
                        self.expr(c)?;
                        n = 2;
                    }
                }
                self.emit(Instr::RaiseVarargs(n));
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                if handlers.first().is_some_and(|h| h.star) {
                    if finalbody.is_empty() {
                        self.try_star(body, handlers, orelse)?;
                    } else {
                        self.try_finally(body, handlers, orelse, finalbody)?;
                    }
                } else if finalbody.is_empty() {
                    self.try_except(body, handlers, orelse)?;
                } else {
                    self.try_finally(body, handlers, orelse, finalbody)?;
                }
            }
            StmtKind::Assert { test, msg } => {
                let tuple = match &test.kind {
                    ExprKind::Tuple(items) => !items.is_empty(),
                    _ => self.const_of(test).is_some_and(
                        |t| matches!(self.vm.payload(t), Payload::Tuple(v) if !v.is_empty()),
                    ),
                };
                if tuple {
                    self.warn(
                        s.range,
                        "assertion is always true, perhaps remove parentheses?",
                    );
                }
                let end = self.new_label();
                self.jump_if(test, true, end)?;
                self.emit(Instr::LoadAssertionError);
                if let Some(m) = msg {
                    self.expr(m)?;
                    self.emit(Instr::Call(0));
                }
                // `compiler_assert`: RAISE_VARARGS at the location `compiler_jump_if` left
                // (a comparison it tested sets it; any other test is visited with the
                // statement's location restored), so `assert x` has no carets and
                // `assert not (a == b)` underlines `a == b`
                self.emit(Instr::RaiseVarargs(1));
                self.bind(end);
            }
            StmtKind::With { items, body, .. } => self.with_stmt(s.range, items, 0, body)?,
        }
        Ok(())
    }

    fn aug_assign(&mut self, target: &Expr, op: BinOp, value: &Expr) -> CResult<()> {
        match &target.kind {
            ExprKind::Name(n) => {
                self.load_name(n);
                self.expr(value)?;
                let p = self.set_pos(target.range.merge(value.range));
                self.emit(Instr::BinaryOp(op, true));
                self.restore_pos(p);
                self.store_name(n);
            }
            ExprKind::Attribute { value: obj, attr } => {
                self.expr(obj)?;
                self.emit(Instr::Copy(1));
                let i = self.attr_idx(attr);
                self.emit(Instr::LoadAttr(i));
                self.expr(value)?;
                let p = self.set_pos(target.range.merge(value.range));
                self.emit(Instr::BinaryOp(op, true));
                self.restore_pos(p);
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreAttr(i));
            }
            ExprKind::Subscript { value: obj, slice } => {
                self.expr(obj)?;
                self.subscript_index(slice)?;
                self.emit(Instr::Copy(2));
                self.emit(Instr::Copy(2));
                self.emit(Instr::BinarySubscr);
                self.expr(value)?;
                let p = self.set_pos(target.range.merge(value.range));
                self.emit(Instr::BinaryOp(op, true));
                self.restore_pos(p);
                self.emit(Instr::Swap(3));
                self.emit(Instr::Swap(2));
                self.emit(Instr::StoreSubscr);
            }
            _ => {
                return Err(self.syntax_error(
                    "'expression' is an illegal expression for augmented assignment",
                    target.range,
                ))
            }
        }
        Ok(())
    }

    /// `match subject:` as `compiler_match_inner` lays it out: every case but the last
    /// refutable one matches a copy of the subject (`COPY 1`), the original popped once the
    /// case is chosen; the last refutable case matches the subject itself, and a trailing
    /// `case _:` (with other cases before it) is no pattern at all, only its line (`NOP`),
    /// its guard and its body, the subject already gone. Each case pushes the tuple of
    /// values its pattern needs and `MATCH_PATTERN` (consuming the subject it matched)
    /// answers with the captured values (stored before the guard runs) or None.
    fn match_stmt(&mut self, subject: &Expr, cases: &[MatchCase], range: Range) -> CResult<()> {
        self.expr(subject)?;
        let end = self.new_label();
        let is_wildcard = |p: &Pattern| {
            matches!(
                p,
                Pattern::As {
                    pattern: None,
                    name: None
                }
            )
        };
        let has_default = cases.len() > 1 && cases.last().is_some_and(|c| is_wildcard(&c.pattern));
        let refutable = cases.len() - usize::from(has_default);
        for (i, case) in cases[..refutable].iter().enumerate() {
            let last = i + 1 == refutable;
            let fail = self.new_label();
            let next = self.new_label();
            self.set_loc(case.pattern_range);
            let p = self.unit().pos;
            if !last {
                self.emit(Instr::Copy(1));
            }
            let values = case.pattern.exprs();
            for v in &values {
                self.expr(v)?;
            }
            self.emit(Instr::BuildTuple(values.len() as u32));
            let captures = case.pattern.captures();
            let mut value_index = 0;
            let pat = self.compile_pattern(&case.pattern, &captures, &mut value_index, range)?;
            let u = self.unit();
            u.patterns.push(pat);
            let index = u.patterns.len() - 1;
            self.emit(Instr::MatchPattern(index as u32));
            self.emit(Instr::Copy(1));
            self.emit_jump(Instr::PopJumpIfNone, fail);
            if captures.is_empty() {
                self.emit(Instr::PopTop);
            } else {
                self.emit(Instr::UnpackSequence(captures.len() as u32));
                for name in &captures {
                    self.store_name(name);
                }
            }
            if let Some(g) = &case.guard {
                self.jump_if(g, false, next)?;
            }
            if !last {
                // success: the subject is done with
                self.emit(Instr::PopTop);
            }
            self.stmts(&case.body)?;
            self.unset_loc();
            self.emit_jump(Instr::JumpForward, end);
            // a failed pattern's cleanup is on the pattern's line, not the body's last
            self.restore_pos(p);
            self.bind(fail);
            self.emit(Instr::PopTop);
            self.bind(next);
        }
        if has_default {
            let case = &cases[refutable];
            self.set_loc(case.pattern_range);
            // the default case's line (no code of its own)
            self.emit(Instr::Nop);
            if let Some(g) = &case.guard {
                self.jump_if(g, false, end)?;
            }
            self.stmts(&case.body)?;
        }
        self.unset_loc();
        self.bind(end);
        Ok(())
    }

    /// A pattern as `MATCH_PATTERN` runs it; `next_value` walks the values in the order
    /// `Pattern::exprs` lists them.
    fn compile_pattern(
        &self,
        p: &Pattern,
        captures: &[&str],
        next_value: &mut usize,
        range: Range,
    ) -> CResult<MatchPat> {
        let capture = |name: &Option<Ident>| {
            name.as_ref()
                .and_then(|n| captures.iter().position(|c| c == n))
        };
        Ok(match p {
            Pattern::Value(_) => MatchPat::Value(take_value(next_value)),
            Pattern::Singleton(c) => MatchPat::Singleton(match c {
                Constant::True => SingletonPat::True,
                Constant::False => SingletonPat::False,
                _ => SingletonPat::None,
            }),
            Pattern::Sequence(items) => {
                let stars = items
                    .iter()
                    .filter(|i| matches!(i, Pattern::Star(_)))
                    .count();
                if stars > 1 {
                    return Err(
                        self.syntax_error("multiple starred names in sequence pattern", range)
                    );
                }
                let mut before = Vec::new();
                let mut after = Vec::new();
                let mut star = None;
                for item in items {
                    match item {
                        Pattern::Star(name) => star = Some(capture(name)),
                        _ => {
                            let m = self.compile_pattern(item, captures, next_value, range)?;
                            if star.is_some() {
                                after.push(m);
                            } else {
                                before.push(m);
                            }
                        }
                    }
                }
                MatchPat::Sequence {
                    before,
                    star,
                    after,
                }
            }
            Pattern::Mapping {
                keys,
                patterns,
                rest,
            } => {
                let mut key_slots = Vec::new();
                let mut pats = Vec::new();
                for (_, sub) in keys.iter().zip(patterns) {
                    key_slots.push(take_value(next_value));
                    pats.push(self.compile_pattern(sub, captures, next_value, range)?);
                }
                MatchPat::Mapping {
                    keys: key_slots,
                    patterns: pats,
                    rest: capture(rest),
                }
            }
            Pattern::Class {
                patterns,
                kwd_attrs,
                kwd_patterns,
                ..
            } => {
                let cls = take_value(next_value);
                let mut pats = Vec::new();
                for sub in patterns {
                    pats.push(self.compile_pattern(sub, captures, next_value, range)?);
                }
                let mut kwds = Vec::new();
                for sub in kwd_patterns {
                    kwds.push(self.compile_pattern(sub, captures, next_value, range)?);
                }
                MatchPat::Class {
                    cls,
                    patterns: pats,
                    kwd_attrs: kwd_attrs.clone(),
                    kwd_patterns: kwds,
                }
            }
            Pattern::Star(_) => {
                return Err(self.syntax_error("can't use starred name here", range));
            }
            Pattern::As { pattern, name } => {
                let inner = match pattern {
                    Some(sub) => self.compile_pattern(sub, captures, next_value, range)?,
                    None => MatchPat::Wildcard,
                };
                match capture(name) {
                    Some(i) => MatchPat::Capture(Box::new(inner), i),
                    None => inner,
                }
            }
            Pattern::Or(alts) => {
                let mut out = Vec::new();
                let mut names: Option<Vec<&str>> = None;
                for alt in alts {
                    let mut bound = alt.captures();
                    bound.sort_unstable();
                    match &names {
                        Some(n) if *n != bound => {
                            return Err(self
                                .syntax_error("alternative patterns bind different names", range));
                        }
                        _ => names = Some(bound),
                    }
                    out.push(self.compile_pattern(alt, captures, next_value, range)?);
                }
                MatchPat::Or(out)
            }
        })
    }

    fn syntax_error(&self, msg: &str, range: Range) -> CompileError {
        CompileError::Syntax {
            kind: "SyntaxError",
            msg: msg.to_string(),
            range,
        }
    }

    fn store_target(&mut self, t: &Expr) -> CResult<()> {
        let p = self.set_pos(t.range);
        let r = self.store_target_inner(t);
        self.restore_pos(p);
        r
    }

    fn store_target_inner(&mut self, t: &Expr) -> CResult<()> {
        match &t.kind {
            ExprKind::Name(n) => self.store_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                let p = self.set_pos(t.range);
                self.emit(Instr::StoreAttr(i));
                self.restore_pos(p);
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.subscript_index(slice)?;
                let p = self.set_pos(t.range);
                self.emit(Instr::StoreSubscr);
                self.restore_pos(p);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                let star = items
                    .iter()
                    .position(|i| matches!(i.kind, ExprKind::Starred(_)));
                match star {
                    None => self.emit(Instr::UnpackSequence(items.len() as u32)),
                    Some(k) => {
                        if items
                            .iter()
                            .filter(|i| matches!(i.kind, ExprKind::Starred(_)))
                            .count()
                            > 1
                        {
                            return Err(self.syntax_error(
                                "multiple starred expressions in assignment",
                                t.range,
                            ));
                        }
                        self.emit(Instr::UnpackEx(k as u16, (items.len() - k - 1) as u16));
                    }
                }
                for i in items {
                    match &i.kind {
                        ExprKind::Starred(inner) => self.store_target(inner)?,
                        _ => self.store_target(i)?,
                    }
                }
            }
            ExprKind::Starred(_) => {
                return Err(self.syntax_error(
                    "starred assignment target must be in a list or tuple",
                    t.range,
                ))
            }
            _ => return Err(self.syntax_error("cannot assign to expression", t.range)),
        }
        Ok(())
    }

    fn delete_target(&mut self, t: &Expr) -> CResult<()> {
        let p = self.set_pos(t.range);
        match &t.kind {
            ExprKind::Name(n) => self.nameop(n, NameCtx::Del),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                self.emit(Instr::DeleteAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value)?;
                self.subscript_index(slice)?;
                self.emit(Instr::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.delete_target(i)?;
                }
            }
            _ => return Err(self.syntax_error("cannot delete expression", t.range)),
        }
        self.restore_pos(p);
        Ok(())
    }

    /// `compiler_unwind_fblock`: undo one block for a jump out of it.
    fn unwind_fblock(&mut self, block: &FBlock, preserve_tos: bool) -> CResult<()> {
        match block {
            FBlock::WhileLoop { .. } | FBlock::ExceptionHandler | FBlock::ExceptionGroupHandler => {
            }
            FBlock::ForLoop { .. } => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
            FBlock::TryExcept => self.pop_block(),
            FBlock::FinallyTry { body } => {
                // this POP_BLOCK is on the line of the statement that unwinds
                self.pop_block();
                if preserve_tos {
                    self.unit().fblocks.push(FBlock::PopValue);
                }
                let body = body.clone();
                self.stmts(&body)?;
                if preserve_tos {
                    self.unit().fblocks.pop();
                }
                // the jump that follows runs after the finally body: artificial
                self.unset_loc();
            }
            FBlock::FinallyEnd => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.pop_block();
                self.emit(Instr::PopExcept);
            }
            FBlock::With { range } => {
                self.set_loc(*range);
                self.pop_block();
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.call_exit_with_nones();
                self.emit(Instr::PopTop);
                self.unset_loc();
            }
            FBlock::HandlerCleanup { name } => {
                if name.is_some() {
                    self.pop_block();
                }
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.pop_block();
                self.emit(Instr::PopExcept);
                if let Some(n) = name {
                    self.load_none();
                    self.store_name(n);
                    self.nameop(n, NameCtx::Del);
                }
            }
            FBlock::PopValue => {
                if preserve_tos {
                    self.emit(Instr::Swap(2));
                }
                self.emit(Instr::PopTop);
            }
        }
        Ok(())
    }

    /// Unwind blocks up to the innermost loop (`break`/`continue`), or all of them (`return`).
    /// Returns the loop block.
    fn unwind_to_loop(&mut self, preserve_tos: bool, to_loop: bool) -> CResult<Option<FBlock>> {
        let blocks = self.unit().fblocks.clone();
        let mut result = None;
        for (i, b) in blocks.iter().enumerate().rev() {
            if to_loop && matches!(b, FBlock::WhileLoop { .. } | FBlock::ForLoop { .. }) {
                result = Some(b.clone());
                break;
            }
            // compile the unwinding with the blocks outside this one active
            self.unit().fblocks.truncate(i);
            self.unwind_fblock(b, preserve_tos)?;
        }
        self.unit().fblocks = blocks;
        Ok(result)
    }

    fn break_stmt(&mut self, s: &Stmt) -> CResult<()> {
        let saved = self.unit().handler_stack.clone();
        let depth = self.unit().depth;
        // the statement's own line
        self.emit(Instr::Nop);
        match self.unwind_to_loop(false, true)? {
            Some(FBlock::ForLoop { exit, .. }) => {
                // the iterator goes too
                self.emit(Instr::PopTop);
                self.emit_jump(Instr::JumpForward, exit);
            }
            Some(FBlock::WhileLoop { exit, .. }) => self.emit_jump(Instr::JumpForward, exit),
            _ => return Err(self.syntax_error("'break' outside loop", s.range)),
        }
        self.unit().handler_stack = saved;
        self.set_depth(depth);
        Ok(())
    }

    fn continue_stmt(&mut self, s: &Stmt) -> CResult<()> {
        let saved = self.unit().handler_stack.clone();
        let depth = self.unit().depth;
        self.emit(Instr::Nop);
        match self.unwind_to_loop(false, true)? {
            Some(FBlock::ForLoop { start, .. }) | Some(FBlock::WhileLoop { start, .. }) => {
                self.emit_jump(Instr::JumpBackward, start)
            }
            _ => return Err(self.syntax_error("'continue' not properly in loop", s.range)),
        }
        self.unit().handler_stack = saved;
        self.set_depth(depth);
        Ok(())
    }

    /// Whether an expression is a constant after folding (`return 1 + 2` returns a
    /// constant).
    fn is_constant(&self, e: &Expr) -> bool {
        matches!(e.kind, ExprKind::Constant(_)) || self.folded.get(e.range).is_some()
    }

    /// `compiler_return`.
    fn return_stmt(&mut self, s: &Stmt, value: Option<&Expr>) -> CResult<()> {
        let saved = self.unit().handler_stack.clone();
        let depth = self.unit().depth;
        let preserve_tos = value.is_some_and(|v| !self.is_constant(v));
        if preserve_tos {
            if let Some(v) = value {
                self.expr(v)?;
            }
        } else if let Some(v) = value {
            // an instruction with the value's line
            self.set_loc(v.range);
            self.emit(Instr::Nop);
        }
        let stmt_line = self.position(s.range).line;
        if value.is_none_or(|v| self.position(v.range).line != stmt_line) {
            self.set_loc(s.range);
            self.emit(Instr::Nop);
        }
        self.unwind_to_loop(preserve_tos, false)?;
        match value {
            None => self.load_none(),
            Some(v) if !preserve_tos => {
                let p = self.unit().pos;
                if !self.load_constant_expr(v) {
                    self.expr(v)?;
                }
                self.unit().pos = p;
            }
            Some(_) => {}
        }
        self.emit(Instr::ReturnValue);
        self.unit().handler_stack = saved;
        self.set_depth(depth);
        Ok(())
    }

    fn call_exit_with_nones(&mut self) {
        self.load_none();
        self.load_none();
        self.load_none();
        self.emit(Instr::Call(2));
    }

    /// `try: ... except ...: ... else: ...`.
    ///
    /// ```text
    ///     body            (handler H, depth d)
    ///     orelse; JUMP end
    /// H:  PUSH_EXC_INFO   (handler C from here: [prev_exc] kept, lasti pushed)
    ///     <type> CHECK_EXC_MATCH POP_JUMP_IF_FALSE next
    ///     STORE name      (handler C2 around the clause body unbinds the name)
    ///     body; POP_EXCEPT; name = None; del name; JUMP end
    /// C2: name = None; del name; RERAISE 1
    /// next: ... RERAISE 0
    /// C:  COPY 3; POP_EXCEPT; RERAISE 1
    /// ```
    fn try_except(
        &mut self,
        body: &Suite,
        handlers: &[ExceptHandler],
        orelse: &Suite,
    ) -> CResult<()> {
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let base = self.unit().depth;
        self.push_handler(handler, false);
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.pop_block_noline();
        self.stmts(orelse)?;
        self.emit_jump_noline(Instr::JumpForward, end);
        // the exception is on the stack: [exc]
        self.bind(handler);
        self.set_depth(base + 1);
        self.unset_loc();
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.unit().fblocks.push(FBlock::ExceptionHandler);
        for h in handlers {
            // each clause is on its `except` line
            self.set_loc(h.range);
            let next = self.new_label();
            if let Some(t) = &h.typ {
                self.expr(t)?;
                self.emit(Instr::CheckExcMatch);
                self.emit_jump(Instr::PopJumpIfFalse, next);
            }
            let outer_handlers = self.unit().handler_stack.clone();
            match &h.name {
                Some(name) => {
                    self.store_name(name);
                    let cleanup_body = self.new_label();
                    self.push_handler(cleanup_body, true);
                    self.unit().fblocks.push(FBlock::HandlerCleanup {
                        name: Some(name.clone()),
                    });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    // `name = None; del name` is artificial
                    self.unset_loc();
                    self.pop_block();
                    self.pop_block();
                    self.emit(Instr::PopExcept);
                    self.load_none();
                    self.store_name(name);
                    self.nameop(name, NameCtx::Del);
                    self.emit_jump(Instr::JumpForward, end);
                    // an exception inside the clause body: unbind the name and re-raise
                    self.unit().handler_stack = outer_handlers;
                    self.bind(cleanup_body);
                    self.set_depth(base + 3);
                    self.load_none();
                    self.store_name(name);
                    self.nameop(name, NameCtx::Del);
                    self.emit(Instr::Reraise(1));
                }
                None => {
                    self.emit(Instr::PopTop);
                    self.unit()
                        .fblocks
                        .push(FBlock::HandlerCleanup { name: None });
                    self.stmts(&h.body)?;
                    self.unit().fblocks.pop();
                    self.unset_loc();
                    self.pop_block();
                    self.emit(Instr::PopExcept);
                    self.emit_jump(Instr::JumpForward, end);
                    self.unit().handler_stack = outer_handlers;
                }
            }
            self.bind(next);
            self.set_depth(base + 2);
        }
        self.unit().fblocks.pop();
        // no clause matched (artificial)
        self.unset_loc();
        self.emit(Instr::Reraise(0));
        self.pop_handler();
        // an exception while handling: [prev_exc, lasti, exc]
        self.bind(cleanup);
        self.set_depth(base + 3);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(1));
        self.bind(end);
        self.set_depth(base);
        Ok(())
    }

    /// `compiler_unwind_fblock_stack`'s rule: a jump may not leave an `except*` clause.
    fn check_leaves_except_star(&mut self, at: Range, to_loop: bool) -> CResult<()> {
        for b in self.unit().fblocks.iter().rev() {
            match b {
                FBlock::WhileLoop { .. } | FBlock::ForLoop { .. } if to_loop => return Ok(()),
                FBlock::ExceptionGroupHandler => {
                    return Err(self.syntax_error(
                        "'break', 'continue' and 'return' cannot appear in an except* block",
                        at,
                    ))
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `compiler_try_star_except`: each clause splits off the part of the exception group
    /// it matches (`CHECK_EG_MATCH`); what its body raises is collected, and at the end
    /// `PREP_RERAISE_STAR` combines it with what no clause handled into the exception to
    /// re-raise, if any.
    ///
    /// ```text
    /// [exc]                   PUSH_EXC_INFO; BUILD_LIST 0; COPY 2
    /// [prev, orig, res, rest]   per clause: <type>; CHECK_EG_MATCH -> [.., rest', match]
    ///                           body, with what it raises appended to res
    /// [prev, orig, res, rest]   LIST_APPEND 1; PREP_RERAISE_STAR -> [prev, exc or None]
    /// ```
    fn try_star(
        &mut self,
        body: &Suite,
        handlers: &[ExceptHandler],
        orelse: &Suite,
    ) -> CResult<()> {
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let reraise = self.new_label();
        let base = self.unit().depth;
        self.push_handler(handler, false);
        self.unit().fblocks.push(FBlock::TryExcept);
        self.stmts(body)?;
        self.unit().fblocks.pop();
        self.pop_handler();
        self.emit(Instr::Nop);
        self.stmts(orelse)?;
        self.emit_jump(Instr::JumpForward, end);
        // the exception is on the stack: [exc]
        self.bind(handler);
        self.set_depth(base + 1);
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::BuildList(0));
        self.emit(Instr::Copy(2));
        self.unit().fblocks.push(FBlock::ExceptionGroupHandler);
        for h in handlers {
            let p = self.set_pos(h.range);
            let next = self.new_label();
            let no_match = self.new_label();
            let Some(t) = &h.typ else {
                return Err(self.syntax_error("expected one or more exception types", h.range));
            };
            self.expr(t)?;
            self.emit(Instr::CheckEgMatch);
            self.emit(Instr::Copy(1));
            self.emit_jump(Instr::PopJumpIfNone, no_match);
            // [prev, orig, res, rest, match]
            match &h.name {
                Some(name) => self.store_name(name),
                None => self.emit(Instr::PopTop),
            }
            let with_error = self.new_label();
            self.push_handler(with_error, true);
            self.stmts(&h.body)?;
            self.pop_handler();
            if let Some(name) = &h.name {
                self.load_none();
                self.store_name(name);
                self.nameop(name, NameCtx::Del);
            }
            self.emit_jump(Instr::JumpForward, next);
            // the clause raised: [.., res, rest, lasti, raised]
            self.bind(with_error);
            self.set_depth(base + 6);
            if let Some(name) = &h.name {
                self.load_none();
                self.store_name(name);
                self.nameop(name, NameCtx::Del);
            }
            self.emit(Instr::ListAppend(3));
            self.emit(Instr::PopTop);
            self.emit_jump(Instr::JumpForward, next);
            // no match: the None
            self.bind(no_match);
            self.set_depth(base + 5);
            self.emit(Instr::PopTop);
            self.bind(next);
            self.set_depth(base + 4);
            self.restore_pos(p);
        }
        self.unit().fblocks.pop();
        // [prev, orig, res, rest] (artificial: `UNSET_LOC`, no line of its own)
        self.unset_loc();
        self.emit(Instr::ListAppend(1));
        self.emit(Instr::PrepReraiseStar);
        self.emit(Instr::Copy(1));
        self.emit_jump(Instr::PopJumpIfNotNone, reraise);
        self.emit(Instr::PopTop);
        self.pop_handler();
        self.emit(Instr::PopExcept);
        self.emit_jump(Instr::JumpForward, end);
        // [prev, exc]
        self.bind(reraise);
        self.set_depth(base + 2);
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(0));
        // an exception while handling: [prev_exc, lasti, exc]
        self.bind(cleanup);
        self.set_depth(base + 3);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(1));
        self.bind(end);
        self.set_depth(base);
        Ok(())
    }

    /// `try: ... finally: ...` (with optional except clauses inside).
    fn try_finally(
        &mut self,
        body: &Suite,
        handlers: &[ExceptHandler],
        orelse: &Suite,
        finalbody: &Suite,
    ) -> CResult<()> {
        let handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let base = self.unit().depth;
        self.push_handler(handler, false);
        self.unit().fblocks.push(FBlock::FinallyTry {
            body: finalbody.to_vec(),
        });
        if handlers.is_empty() {
            self.stmts(body)?;
            self.stmts(orelse)?;
        } else if handlers[0].star {
            self.try_star(body, handlers, orelse)?;
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.unit().fblocks.pop();
        self.pop_block_noline();
        self.stmts(finalbody)?;
        self.emit_jump_noline(Instr::JumpForward, end);
        // exceptional path: [..., exc]
        self.bind(handler);
        self.set_depth(base + 1);
        self.unset_loc();
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.unit().fblocks.push(FBlock::FinallyEnd);
        self.stmts(finalbody)?;
        self.unit().fblocks.pop();
        self.emit(Instr::Reraise(0));
        self.pop_handler();
        self.bind(cleanup);
        self.set_depth(base + 3);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(1));
        self.bind(end);
        self.set_depth(base);
        Ok(())
    }

    /// `with ctx as target: body`.
    ///
    /// ```text
    ///     ctx BEFORE_WITH       [exit, enter()]
    ///     STORE target          (handler W: depth [exit], lasti)
    ///     body
    ///     exit(None, None, None) POP_TOP; JUMP end
    /// W:  PUSH_EXC_INFO WITH_EXCEPT_START POP_JUMP_IF_TRUE suppress; RERAISE 2  (handler C)
    /// C:  COPY 3; POP_EXCEPT; RERAISE 1
    /// suppress: POP_TOP POP_EXCEPT POP_TOP POP_TOP
    /// ```
    fn with_stmt(
        &mut self,
        range: Range,
        items: &[WithItem],
        i: usize,
        body: &Suite,
    ) -> CResult<()> {
        let Some(item) = items.get(i) else {
            return self.stmts(body);
        };
        let exit_handler = self.new_label();
        let end = self.new_label();
        let cleanup = self.new_label();
        let suppress = self.new_label();
        let outer = self.unit().depth;
        self.expr(&item.context)?;
        let p = self.set_pos(item.context.range);
        self.emit(Instr::BeforeWith);
        self.restore_pos(p);
        // the handler keeps [exit] on the stack
        self.set_depth(outer + 1);
        self.push_handler(exit_handler, true);
        self.set_depth(outer + 2);
        self.unit().fblocks.push(FBlock::With { range });
        match &item.target {
            Some(t) => self.store_target(t)?,
            None => self.emit(Instr::PopTop),
        }
        self.with_stmt(range, items, i + 1, body)?;
        self.unit().fblocks.pop();
        self.unset_loc();
        self.pop_block();
        // leaving the body calls __exit__ at the whole `with` statement (`SET_LOC(c, s)`):
        // an exception from `__exit__` shows the `with` line without carets
        self.set_loc(range);
        self.call_exit_with_nones();
        self.emit(Instr::PopTop);
        self.emit_jump(Instr::JumpForward, end);
        // [exit, lasti, exc]
        self.bind(exit_handler);
        self.set_depth(outer + 3);
        self.push_handler(cleanup, true);
        self.emit(Instr::PushExcInfo);
        self.emit(Instr::WithExceptStart);
        // `compiler_with_except_finish`: artificial
        self.unset_loc();
        self.emit_jump(Instr::PopJumpIfTrue, suppress);
        self.emit(Instr::Reraise(2));
        self.pop_handler();
        // [exit, lasti, prev_exc, lasti, exc]
        self.bind(cleanup);
        self.set_depth(outer + 5);
        self.emit(Instr::Copy(3));
        self.emit(Instr::PopExcept);
        self.emit(Instr::Reraise(1));
        // __exit__ returned true: [exit, lasti, prev_exc, exc]
        self.bind(suppress);
        self.set_depth(outer + 4);
        self.emit(Instr::PopTop);
        self.emit_as(Instr::Nop, Pseudo::PopBlock);
        self.emit(Instr::PopExcept);
        self.emit(Instr::PopTop);
        self.emit(Instr::PopTop);
        self.bind(end);
        self.set_depth(outer);
        Ok(())
    }

    /// `_Py_Mangle`: a private name in a class body (`__x`, not `__x__`) as stored.
    fn mangle(&self, name: &str) -> String {
        let u = self.units.last().expect("unit");
        self.table.scope(u.scope).mangle(name).into_owned()
    }

    /// `compiler_annassign`: the value is stored first; in a module or class body a simple
    /// name's annotation is evaluated into `__annotations__`, a complex target's evaluated
    /// and dropped; in a function annotations are not evaluated at all.
    fn ann_assign(
        &mut self,
        target: &Expr,
        annotation: &Expr,
        value: Option<&Expr>,
        simple: bool,
    ) -> CResult<()> {
        if let Some(v) = value {
            self.expr(v)?;
            self.store_target(target)?;
        }
        let module_or_class = matches!(self.unit().kind, CodeKind::Module | CodeKind::Class);
        match &target.kind {
            ExprKind::Name(name) if simple && module_or_class => {
                self.annotation(annotation)?;
                self.load_name("__annotations__");
                let mangled = self.mangle(name);
                self.load_str_const(&mangled);
                self.emit(Instr::StoreSubscr);
            }
            ExprKind::Attribute { value: obj, .. } if value.is_none() => {
                self.expr(obj)?;
                self.emit(Instr::PopTop);
            }
            ExprKind::Subscript {
                value: obj, slice, ..
            } if value.is_none() => {
                self.expr(obj)?;
                self.emit(Instr::PopTop);
                self.expr(slice)?;
                self.emit(Instr::PopTop);
            }
            _ => {}
        }
        // under the future import a complex target's annotation is not evaluated at all
        if !simple && module_or_class && !self.future_annotations {
            self.expr(annotation)?;
            self.emit(Instr::PopTop);
        }
        Ok(())
    }

    /// `compiler_visit_annexpr`: an annotation's value, or its text under `from __future__
    /// import annotations`.
    fn annotation(&mut self, annotation: &Expr) -> CResult<()> {
        if self.future_annotations {
            let text = crate::compile::unparse::expr_as_unicode(annotation);
            self.load_str_const(&text);
            return Ok(());
        }
        self.expr(annotation)
    }

    /// `compiler_visit_annotations`: (name, annotation) pairs of the parameters, then
    /// `return`, as one flat tuple for `MAKE_FUNCTION`. False when there are none.
    fn annotations(&mut self, f: &FunctionDef) -> CResult<bool> {
        let mut n = 0;
        for p in f.params.all() {
            if let Some(a) = &p.annotation {
                let mangled = self.mangle(&p.name);
                self.load_str_const(&mangled);
                self.annotation(a)?;
                n += 1;
            }
        }
        if let Some(r) = &f.returns {
            self.load_str_const("return");
            self.annotation(r)?;
            n += 1;
        }
        if n == 0 {
            return Ok(false);
        }
        self.emit(Instr::BuildTuple(2 * n));
        Ok(true)
    }

    // ---- functions and classes ----

    fn defaults(&mut self, params: &Parameters) -> CResult<MakeFunctionFlags> {
        let mut flags = MakeFunctionFlags::default();
        let positional: Vec<&Param> = params.posonly.iter().chain(&params.args).collect();
        let defaults: Vec<&Expr> = positional
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.emit(Instr::BuildTuple(defaults.len() as u32));
            flags.defaults = true;
        }
        let kw: Vec<&Param> = params
            .kwonly
            .iter()
            .filter(|p| p.default.is_some())
            .collect();
        if !kw.is_empty() {
            for p in &kw {
                let mangled = self.mangle(&p.name);
                self.load_str_const(&mangled);
                if let Some(d) = &p.default {
                    self.expr(d)?;
                }
            }
            self.emit(Instr::BuildMap(kw.len() as u32));
            flags.kwdefaults = true;
        }
        Ok(flags)
    }

    fn set_signature(&mut self, params: &Parameters) {
        let u = self.unit();
        u.posonlyargcount = params.posonly.len();
        u.argcount = params.posonly.len() + params.args.len();
        u.kwonlyargcount = params.kwonly.len();
        u.varargs = params.vararg.is_some();
        u.varkeywords = params.kwarg.is_some();
    }

    /// Push the closure tuple for a code unit's free variables, if any.
    fn closure(&mut self, scope: ScopeId) -> bool {
        let free = self.table.scope(scope).freevars();
        if free.is_empty() {
            return false;
        }
        for name in &free {
            let i = self.localsplus_idx(name).unwrap_or(0);
            self.emit(Instr::LoadClosure(i));
        }
        self.emit(Instr::BuildTuple(free.len() as u32));
        true
    }

    fn make_function(&mut self, code: ObjId, mut flags: MakeFunctionFlags, scope: ScopeId) {
        flags.closure = self.closure(scope);
        let i = self.add_new_const(code);
        self.emit(Instr::LoadConst(i));
        self.emit(Instr::MakeFunction(flags));
    }

    fn function_def(&mut self, s: &Stmt, f: &FunctionDef) -> CResult<()> {
        for d in &f.decorators {
            self.expr(d)?;
        }
        let mut flags = self.defaults(&f.params)?;
        flags.annotations = self.annotations(f)?;
        let scope = self
            .table
            .scope_for(s.range.start, ScopeKind::Function)
            .ok_or_else(|| self.syntax_error("internal: no scope for function", s.range))?;
        let qualname = self.qualname_for(&f.name);
        let first_line = self.position(s.range).line;
        let first_line = if f.decorators.is_empty() {
            first_line
        } else {
            self.position(f.decorators[0].range).line
        };
        self.enter_unit(scope, CodeKind::Function, &f.name, qualname, first_line);
        self.set_signature(&f.params);
        let def_pos = self.position(f.def_range);
        self.unit().pos = def_pos;
        // co_consts[0] is the docstring or None
        let mut body: &[Stmt] = &f.body;
        let doc = match body.first().map(|s| &s.kind) {
            Some(StmtKind::Expr(e)) if matches!(e.kind, ExprKind::Constant(Constant::Str(_))) => {
                body = &body[1..];
                self.const_of(e)
            }
            _ => None,
        };
        match doc {
            Some(d) => {
                self.add_const_obj(d);
            }
            None => {
                let none = self.vm.none();
                self.add_const_obj(none);
            }
        }
        self.stmts(body)?;
        self.implicit_return();
        let code = self.leave_unit();
        self.make_function(code, flags, scope);
        self.apply_decorators(&f.decorators);
        self.store_name(&f.name);
        Ok(())
    }

    /// `compiler_apply_decorators`: each call on its decorator's line, innermost first.
    fn apply_decorators(&mut self, decorators: &[Expr]) {
        for d in decorators.iter().rev() {
            let p = self.set_pos(d.range);
            self.emit(Instr::Call(0));
            self.restore_pos(p);
        }
    }

    /// `assemble()`'s `return None` for a body that can fall off its end: artificial (it takes
    /// its line from what leads to it, see `linetable`). None is needed when the code ends
    /// with a `return` in the block being built.
    fn implicit_return(&mut self) {
        let u = self.unit();
        let ends_in_return = u.instrs.last() == Some(&Instr::ReturnValue)
            && !u.labels.contains(&Some(u.instrs.len()));
        if ends_in_return {
            return;
        }
        self.unset_loc();
        self.load_none();
        self.emit(Instr::ReturnValue);
    }

    fn class_def(&mut self, s: &Stmt, c: &ClassDef) -> CResult<()> {
        for d in &c.decorators {
            self.expr(d)?;
        }
        let scope = self
            .table
            .scope_for(s.range.start, ScopeKind::Class)
            .ok_or_else(|| self.syntax_error("internal: no scope for class", s.range))?;
        let qualname = self.qualname_for(&c.name);
        let first_line = self.position(s.range).line;
        self.emit(Instr::PushNull);
        self.emit(Instr::LoadBuildClass);
        self.enter_unit(
            scope,
            CodeKind::Class,
            &c.name,
            qualname.clone(),
            first_line,
        );
        self.load_name("__name__");
        self.store_name("__module__");
        self.load_str_const(&qualname);
        self.store_name("__qualname__");
        let rest = self.docstring_to_name(&c.body)?;
        self.stmts(rest)?;
        // the class body's return is artificial
        self.unset_loc();
        let needs_cell = self.table.scope(scope).needs_class_closure;
        if needs_cell {
            let i = self.localsplus_idx("__class__").unwrap_or(0);
            self.emit(Instr::LoadClosure(i));
            self.emit(Instr::Copy(1));
            self.store_name("__classcell__");
        } else {
            self.load_none();
        }
        self.emit(Instr::ReturnValue);
        let code = self.leave_unit();
        self.make_function(code, MakeFunctionFlags::default(), scope);
        self.load_str_const(&c.name);
        self.call_args(&c.bases, &c.keywords, 2)?;
        self.apply_decorators(&c.decorators);
        self.store_name(&c.name);
        Ok(())
    }

    // ---- expressions ----

    fn expr(&mut self, e: &Expr) -> CResult<()> {
        let saved = self.set_pos(e.range);
        let r = self.expr_inner(e);
        self.restore_pos(saved);
        r
    }

    fn expr_inner(&mut self, e: &Expr) -> CResult<()> {
        if self.load_constant_expr(e) {
            return Ok(());
        }
        match &e.kind {
            ExprKind::Constant(_) => unreachable!("constants are loaded above"),
            ExprKind::Name(n) => self.load_name(n),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                let i = self.attr_idx(attr);
                self.emit(Instr::LoadAttr(i));
            }
            ExprKind::Subscript { value, slice } => {
                self.check_subscript(e.range, value, slice);
                self.expr(value)?;
                self.subscript_index(slice)?;
                self.emit(Instr::BinarySubscr);
            }
            ExprKind::BinOp { left, op, right } => {
                if *op == BinOp::Mod {
                    if let Some(parts) = self.percent_as_fstring(left, right) {
                        return self.fstring(&parts);
                    }
                }
                self.expr(left)?;
                self.expr(right)?;
                self.emit(Instr::BinaryOp(*op, false));
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand)?;
                self.emit(match op {
                    UnaryOp::Invert => Instr::UnaryInvert,
                    UnaryOp::Not => Instr::UnaryNot,
                    UnaryOp::UAdd => Instr::UnaryPositive,
                    UnaryOp::USub => Instr::UnaryNegative,
                });
            }
            ExprKind::BoolOp { op, values } => {
                let end = self.new_label();
                let jump: fn(u32) -> Instr = match op {
                    BoolOp::And => Instr::JumpIfFalseOrPop,
                    BoolOp::Or => Instr::JumpIfTrueOrPop,
                };
                for (i, v) in values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < values.len() {
                        self.emit_jump(jump, end);
                    }
                }
                self.bind(end);
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compare(left, ops, comparators)?,
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.check_caller(e.range, func);
                self.call(func, args, keywords)?
            }
            ExprKind::Lambda { params, body } => {
                let flags = self.defaults(params)?;
                let scope = self
                    .table
                    .scope_for(e.range.start, ScopeKind::Lambda)
                    .ok_or_else(|| self.syntax_error("internal: no scope for lambda", e.range))?;
                let qualname = self.qualname_for("<lambda>");
                let line = self.position(e.range).line;
                self.enter_unit(scope, CodeKind::Lambda, "<lambda>", qualname, line);
                self.set_signature(params);
                let none = self.vm.none();
                self.add_const_obj(none);
                self.expr(body)?;
                self.emit(Instr::ReturnValue);
                let code = self.leave_unit();
                self.make_function(code, flags, scope);
            }
            ExprKind::IfExp { test, body, orelse } => {
                let end = self.new_label();
                let other = self.new_label();
                self.jump_if(test, false, other)?;
                let before = self.unit().depth;
                self.expr(body)?;
                self.emit_jump_noline(Instr::JumpForward, end);
                self.bind(other);
                // the other branch starts where the body did (`bind` resets the depth only
                // when a jump reached the label; a constant test jumps nowhere)
                self.set_depth(before);
                self.expr(orelse)?;
                self.bind(end);
            }
            ExprKind::Dict { keys, values } => self.dict_display(keys, values)?,
            ExprKind::Set(items) => self.starunpack(
                items,
                Instr::BuildSet,
                Instr::SetAdd,
                Instr::SetUpdate,
                false,
            )?,
            ExprKind::List(items) => self.starunpack(
                items,
                Instr::BuildList,
                Instr::ListAppend,
                Instr::ListExtend,
                false,
            )?,
            ExprKind::Tuple(items) => self.starunpack(
                items,
                Instr::BuildList,
                Instr::ListAppend,
                Instr::ListExtend,
                true,
            )?,
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", generators, CompKind::List(elt))?
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", generators, CompKind::Set(elt))?
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, "<dictcomp>", generators, CompKind::Dict(key, value))?,
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "<genexpr>", generators, CompKind::Gen(elt))?
            }
            ExprKind::Yield(v) => {
                if !self
                    .table
                    .scope(self.units.last().expect("unit").scope)
                    .is_function_like()
                {
                    return Err(self.syntax_error("'yield' outside function", e.range));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => self.load_none(),
                }
                self.emit(Instr::YieldValue);
            }
            ExprKind::YieldFrom(v) => {
                self.expr(v)?;
                self.emit(Instr::GetYieldFromIter);
                self.load_none();
                let start = self.new_label();
                let exit = self.new_label();
                self.bind(start);
                self.emit_jump(Instr::Send, exit);
                self.emit(Instr::YieldValue);
                self.emit_jump(Instr::JumpBackward, start);
                self.bind(exit);
            }
            // the parser reports it first (an unsupported construct); kept for safety
            ExprKind::Await(_) => {
                return Err(CompileError::Unsupported {
                    construct: "await expression".into(),
                    range: e.range,
                })
            }
            ExprKind::FString(parts) => self.fstring(parts)?,
            ExprKind::Named { target, value } => {
                self.expr(value)?;
                self.emit(Instr::Copy(1));
                self.store_name(target);
            }
            ExprKind::Starred(_) => {
                return Err(self.syntax_error("can't use starred expression here", e.range))
            }
            ExprKind::Slice { lower, upper, step } => self.slice(lower, upper, step)?,
        }
        Ok(())
    }

    fn subscript_index(&mut self, slice: &Expr) -> CResult<()> {
        match &slice.kind {
            ExprKind::Slice { lower, upper, step } => self.slice(lower, upper, step),
            _ => self.expr(slice),
        }
    }

    fn slice(
        &mut self,
        lower: &Option<Box<Expr>>,
        upper: &Option<Box<Expr>>,
        step: &Option<Box<Expr>>,
    ) -> CResult<()> {
        for part in [lower, upper] {
            match part {
                Some(p) => self.expr(p)?,
                None => self.load_none(),
            }
        }
        match step {
            Some(s) => {
                self.expr(s)?;
                self.emit(Instr::BuildSlice(3));
            }
            None => self.emit(Instr::BuildSlice(2)),
        }
        Ok(())
    }

    /// `compiler_jump_if`: compile `test` and jump to `target` when its truth equals `when`,
    /// without making the value of `and`, `or`, `not` or a conditional expression: each
    /// operand jumps on its own. A comparison moves the location to itself (`SET_LOC`, not
    /// undone here: what the statement emits next stays on the comparison's line until
    /// the next statement or expression sets another); any other test's jump is on the
    /// location the test was reached with.
    fn jump_if(&mut self, test: &Expr, when: bool, target: Label) -> CResult<()> {
        match &test.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => return self.jump_if(operand, !when, target),
            ExprKind::BoolOp { op, values } if !values.is_empty() => {
                let or = *op == BoolOp::Or;
                let next2 = if or != when { self.new_label() } else { target };
                let (last, first) = values.split_last().expect("values");
                for v in first {
                    self.jump_if(v, or, next2)?;
                }
                self.jump_if(last, when, target)?;
                if next2 != target {
                    self.bind(next2);
                }
                return Ok(());
            }
            ExprKind::IfExp {
                test: inner,
                body,
                orelse,
            } => {
                let end = self.new_label();
                let next2 = self.new_label();
                self.jump_if(inner, false, next2)?;
                self.jump_if(body, when, target)?;
                self.emit_jump_noline(Instr::JumpForward, end);
                self.bind(next2);
                self.jump_if(orelse, when, target)?;
                self.bind(end);
                return Ok(());
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.set_loc(test.range);
                if ops.len() > 1 {
                    self.check_compare(left, ops, comparators);
                    let cleanup = self.new_label();
                    self.expr(left)?;
                    let n = ops.len() - 1;
                    for (op, c) in ops[..n].iter().zip(comparators) {
                        self.expr(c)?;
                        self.emit(Instr::Swap(2));
                        self.emit(Instr::Copy(2));
                        self.emit(Self::compare_instr(*op));
                        self.emit_jump(Instr::PopJumpIfFalse, cleanup);
                    }
                    self.expr(&comparators[n])?;
                    self.emit(Self::compare_instr(ops[n]));
                    if when {
                        self.emit_jump(Instr::PopJumpIfTrue, target);
                    } else {
                        self.emit_jump(Instr::PopJumpIfFalse, target);
                    }
                    let end = self.new_label();
                    self.emit_jump_noline(Instr::JumpForward, end);
                    self.bind(cleanup);
                    self.emit(Instr::PopTop);
                    if !when {
                        self.emit_jump_noline(Instr::JumpForward, target);
                    }
                    self.bind(end);
                    return Ok(());
                }
            }
            _ => {}
        }
        self.expr(test)?;
        if when {
            self.emit_jump(Instr::PopJumpIfTrue, target);
        } else {
            self.emit_jump(Instr::PopJumpIfFalse, target);
        }
        Ok(())
    }

    fn compare_instr(op: CmpOp) -> Instr {
        match op {
            CmpOp::Is => Instr::IsOp(false),
            CmpOp::IsNot => Instr::IsOp(true),
            CmpOp::In => Instr::ContainsOp(false),
            CmpOp::NotIn => Instr::ContainsOp(true),
            other => Instr::CompareOp(other),
        }
    }

    /// An expression iterated over (`for`, a comprehension's `for`, the right of a final
    /// `in`): the AST optimiser's `fold_iter` made a list display without `*` a tuple display
    /// (`BUILD_TUPLE`, a `tuple_iterator`), a constant one when every item is constant.
    fn iter_expr(&mut self, e: &Expr) -> CResult<()> {
        if let ExprKind::List(items) = &e.kind {
            let starred = items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_)));
            if self.folded.get(e.range).is_none() && !starred {
                let t = Expr {
                    range: e.range,
                    kind: ExprKind::Tuple(items.clone()),
                };
                return self.expr(&t);
            }
        }
        self.expr(e)
    }

    /// `compiler_warn`: a `SyntaxWarning` the compiler issues, shown as the default warning
    /// filter shows it (`warnings.formatwarning`: `file:line: SyntaxWarning: message` and the
    /// stripped source line, which `linecache` cannot find for a `<string>`).
    fn warn(&mut self, range: Range, msg: &str) {
        if self.source.library || self.vm.options.mode != crate::vm::RunMode::Script {
            return;
        }
        let line = self.position(range).line;
        let mut text = format!("{}:{line}: SyntaxWarning: {msg}\n", self.source.filename);
        if !self.source.filename.starts_with('<') {
            if let Some(l) = self.source.line_text(line) {
                let l = l.trim();
                if !l.is_empty() {
                    text.push_str(&format!("  {l}\n"));
                }
            }
        }
        self.vm.write_stderr(&text);
    }

    /// `check_is_arg`: whether an operand of `is` is not a literal (None, True, False and
    /// Ellipsis are singletons; a constant the AST optimiser folded counts as a literal).
    fn is_singleton_or_not_constant(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Constant(c) => matches!(
                c,
                Constant::None | Constant::True | Constant::False | Constant::Ellipsis
            ),
            _ => match self.folded.get(e.range) {
                Some(obj) => {
                    let st = &self.vm.statics;
                    obj == st.none || obj == st.true_ || obj == st.false_ || obj == st.ellipsis
                }
                None => true,
            },
        }
    }

    /// `infer_type`: the type an expression certainly has, by its form, when it has one.
    fn infer_type(&self, e: &Expr) -> Option<String> {
        Some(
            match &e.kind {
                ExprKind::Tuple(_) => "tuple",
                ExprKind::List(_) | ExprKind::ListComp { .. } => "list",
                ExprKind::Dict { .. } | ExprKind::DictComp { .. } => "dict",
                ExprKind::Set(_) | ExprKind::SetComp { .. } => "set",
                ExprKind::GeneratorExp { .. } => "generator",
                ExprKind::Lambda { .. } => "function",
                ExprKind::FString(_) => "str",
                ExprKind::Constant(c) => match c {
                    Constant::None => "NoneType",
                    Constant::True | Constant::False => "bool",
                    Constant::Ellipsis => "ellipsis",
                    Constant::Int(_) => "int",
                    Constant::Float(_) => "float",
                    Constant::Complex(_) => "complex",
                    Constant::Str(_) => "str",
                    Constant::Bytes(_) => "bytes",
                },
                _ => {
                    let obj = self.folded.get(e.range)?;
                    return Some(self.vm.type_name(obj).to_string());
                }
            }
            .to_string(),
        )
    }

    /// `check_caller`: `(1, 2)(3)` warns `'tuple' object is not callable; perhaps you
    /// missed a comma?`.
    fn check_caller(&mut self, call: Range, func: &Expr) {
        let literal = self.is_constant(func)
            || matches!(
                func.kind,
                ExprKind::Tuple(_)
                    | ExprKind::List(_)
                    | ExprKind::ListComp { .. }
                    | ExprKind::Dict { .. }
                    | ExprKind::DictComp { .. }
                    | ExprKind::Set(_)
                    | ExprKind::SetComp { .. }
                    | ExprKind::GeneratorExp { .. }
                    | ExprKind::FString(_)
            );
        if !literal {
            return;
        }
        if let Some(t) = self.infer_type(func) {
            self.warn(
                call,
                &format!("'{t}' object is not callable; perhaps you missed a comma?"),
            );
        }
    }

    /// `check_subscripter` and `check_index` of a subscript that is read: `5[0]` warns that
    /// an int is not subscriptable, `[1, 2][1, 2]` that list indices are not tuples.
    fn check_subscript(&mut self, sub: Range, value: &Expr, index: &Expr) {
        let value_type = self.infer_type(value);
        let not_subscriptable = match &value.kind {
            ExprKind::Set(_)
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::Lambda { .. } => true,
            _ if self.is_constant(value) => matches!(
                value_type.as_deref(),
                Some(
                    "NoneType"
                        | "ellipsis"
                        | "int"
                        | "bool"
                        | "float"
                        | "complex"
                        | "set"
                        | "frozenset"
                )
            ),
            _ => false,
        };
        if not_subscriptable {
            if let Some(t) = &value_type {
                self.warn(
                    sub,
                    &format!("'{t}' object is not subscriptable; perhaps you missed a comma?"),
                );
            }
            return;
        }
        let Some(index_type) = self.infer_type(index) else {
            return;
        };
        if index_type == "int" || index_type == "bool" {
            return;
        }
        let sequence = match &value.kind {
            ExprKind::Tuple(_)
            | ExprKind::List(_)
            | ExprKind::ListComp { .. }
            | ExprKind::FString(_) => true,
            _ if self.is_constant(value) => {
                matches!(value_type.as_deref(), Some("str" | "bytes" | "tuple"))
            }
            _ => false,
        };
        if let (true, Some(t)) = (sequence, value_type) {
            self.warn(
                sub,
                &format!(
                    "{t} indices must be integers or slices, not {index_type}; perhaps you missed a comma?"
                ),
            );
        }
    }

    /// `check_compare`: `x is 1` warns `"is" with a literal. Did you mean "=="?`.
    fn check_compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) {
        let mut left_ok = self.is_singleton_or_not_constant(left);
        for (op, right) in ops.iter().zip(comparators) {
            let right_ok = self.is_singleton_or_not_constant(right);
            if matches!(op, CmpOp::Is | CmpOp::IsNot) && (!left_ok || !right_ok) {
                let msg = if *op == CmpOp::Is {
                    "\"is\" with a literal. Did you mean \"==\"?"
                } else {
                    "\"is not\" with a literal. Did you mean \"!=\"?"
                };
                let range = Range::new(left.range.start, right.range.end);
                self.warn(range, msg);
                return;
            }
            left_ok = right_ok;
        }
    }

    fn compare(&mut self, left: &Expr, ops: &[CmpOp], comparators: &[Expr]) -> CResult<()> {
        self.check_compare(left, ops, comparators);
        self.expr(left)?;
        // `fold_compare`: the right of a final `in`/`not in` is iterated (`fold_iter`)
        let last_in = matches!(ops.last(), Some(CmpOp::In | CmpOp::NotIn));
        if ops.len() == 1 {
            if last_in {
                self.iter_expr(&comparators[0])?;
            } else {
                self.expr(&comparators[0])?;
            }
            self.emit(Self::compare_instr(ops[0]));
            return Ok(());
        }
        let cleanup = self.new_label();
        let end = self.new_label();
        for (i, (op, c)) in ops.iter().zip(comparators).enumerate() {
            if last_in && i + 1 == ops.len() {
                self.iter_expr(c)?;
            } else {
                self.expr(c)?;
            }
            if i + 1 < ops.len() {
                self.emit(Instr::Swap(2));
                self.emit(Instr::Copy(2));
                self.emit(Self::compare_instr(*op));
                self.emit_jump(Instr::JumpIfFalseOrPop, cleanup);
            } else {
                self.emit(Self::compare_instr(*op));
            }
        }
        self.emit_jump_noline(Instr::JumpForward, end);
        self.bind(cleanup);
        self.emit(Instr::Swap(2));
        self.emit(Instr::PopTop);
        self.bind(end);
        Ok(())
    }

    fn call(&mut self, func: &Expr, args: &[Expr], keywords: &[Keyword]) -> CResult<()> {
        let simple_args = !args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)))
            && keywords.iter().all(|k| k.arg.is_some())
            && args.len() + keywords.len() < STACK_USE_GUIDELINE;
        if let ExprKind::Attribute { value, attr } = &func.kind {
            let imported =
                matches!(&value.kind, ExprKind::Name(n) if self.table.is_import_originated(n));
            if simple_args && !imported {
                // `maybe_optimize_method_call`: LOAD_METHOD, no bound method object
                self.expr(value)?;
                let i = self.attr_idx(attr);
                let p = self.set_pos(func.range);
                self.emit(Instr::LoadMethod(i));
                self.restore_pos(p);
                return self.call_args(args, keywords, 0);
            }
        }
        self.emit(Instr::PushNull);
        self.expr(func)?;
        self.call_args(args, keywords, 0)
    }

    /// Arguments and the `CALL` itself. `already` counts arguments pushed before (class
    /// creation pushes the body function and the name).
    fn call_args(&mut self, args: &[Expr], keywords: &[Keyword], already: u32) -> CResult<()> {
        let starred = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        let double = keywords.iter().any(|k| k.arg.is_none());
        if !starred && !double && args.len() + keywords.len() < STACK_USE_GUIDELINE {
            for a in args {
                self.expr(a)?;
            }
            for k in keywords {
                self.expr(&k.value)?;
            }
            if !keywords.is_empty() {
                let names: Vec<ObjId> = keywords
                    .iter()
                    .map(|k| self.vm.new_interned(k.arg.as_deref().unwrap_or("")))
                    .collect();
                let t = self.vm.new_tuple(names);
                let i = self.add_new_const(t);
                self.emit(Instr::KwNames(i));
            }
            self.emit(Instr::Call(already + (args.len() + keywords.len()) as u32));
            return Ok(());
        }
        // CALL_FUNCTION_EX: positional arguments as a tuple, keywords as a dict
        if already > 0 {
            // class creation with *bases: the body function and name are positional too
            self.emit(Instr::BuildList(already));
            for a in args {
                match &a.kind {
                    ExprKind::Starred(inner) => {
                        self.expr(inner)?;
                        self.emit(Instr::ListExtend(1));
                    }
                    _ => {
                        self.expr(a)?;
                        self.emit(Instr::ListAppend(1));
                    }
                }
            }
            self.emit(Instr::ListToTuple);
        } else if args.len() == 1 && matches!(args[0].kind, ExprKind::Starred(_)) {
            if let ExprKind::Starred(inner) = &args[0].kind {
                self.expr(inner)?;
            }
        } else {
            self.starunpack(
                args,
                Instr::BuildList,
                Instr::ListAppend,
                Instr::ListExtend,
                true,
            )?;
        }
        let has_kw = !keywords.is_empty();
        if has_kw {
            let mut pending = 0;
            let mut have_dict = false;
            for k in keywords {
                match &k.arg {
                    Some(name) => {
                        self.load_str_const(name);
                        self.expr(&k.value)?;
                        pending += 1;
                    }
                    None => {
                        if pending > 0 || !have_dict {
                            self.emit(Instr::BuildMap(pending));
                            if have_dict {
                                self.emit(Instr::DictMerge(1));
                            }
                            have_dict = true;
                            pending = 0;
                        }
                        self.expr(&k.value)?;
                        self.emit(Instr::DictMerge(1));
                    }
                }
            }
            if pending > 0 {
                self.emit(Instr::BuildMap(pending));
                if have_dict {
                    self.emit(Instr::DictMerge(1));
                }
            }
        }
        self.emit(Instr::CallFunctionEx(has_kw));
        Ok(())
    }

    /// `starunpack_helper`: list/set/tuple displays.
    fn starunpack(
        &mut self,
        items: &[Expr],
        build: fn(u32) -> Instr,
        add: fn(u32) -> Instr,
        extend: fn(u32) -> Instr,
        tuple: bool,
    ) -> CResult<()> {
        let n = items.len();
        let seen_star = items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_)));
        let big = n > STACK_USE_GUIDELINE;
        // `starunpack_helper`: three or more constants are one tuple constant, however long
        {
            let consts: Option<Vec<ObjId>> = items.iter().map(|i| self.const_of(i)).collect();
            if let Some(consts) = consts {
                if n > 2 {
                    for &c in &consts {
                        self.vm.incref(c);
                    }
                    let folded = self.vm.new_tuple(consts);
                    let is_set = build(0) == Instr::BuildSet(0);
                    let folded = if is_set {
                        let fs = self.vm.frozenset_from_iterable(folded).unwrap_or(folded);
                        if fs != folded {
                            self.vm.decref(folded);
                            self.vm.frozenset_const_rebuild(fs)
                        } else {
                            fs
                        }
                    } else {
                        folded
                    };
                    if tuple {
                        let i = self.add_new_const(folded);
                        self.emit(Instr::LoadConst(i));
                    } else {
                        self.emit(build(0));
                        let i = self.add_new_const(folded);
                        self.emit(Instr::LoadConst(i));
                        self.emit(extend(1));
                    }
                    return Ok(());
                }
            }
        }
        if !seen_star && !big {
            for i in items {
                self.expr(i)?;
            }
            if tuple {
                self.emit(Instr::BuildTuple(n as u32));
            } else {
                self.emit(build(n as u32));
            }
            return Ok(());
        }
        let mut sequence_built = false;
        let mut pushed = 0;
        if big {
            // `starunpack_helper`: a long display starts from an empty container
            self.emit(build(0));
            sequence_built = true;
        }
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    if !sequence_built {
                        self.emit(build(pushed));
                        sequence_built = true;
                    }
                    self.expr(inner)?;
                    self.emit(extend(1));
                }
                _ => {
                    self.expr(item)?;
                    if sequence_built {
                        self.emit(add(1));
                    } else {
                        pushed += 1;
                        if big {
                            self.emit(build(pushed));
                            sequence_built = true;
                        }
                    }
                }
            }
        }
        if !sequence_built {
            self.emit(build(pushed));
        }
        if tuple {
            self.emit(Instr::ListToTuple);
        }
        Ok(())
    }

    /// `compiler_dict`: runs of `key: value` pairs become sub-dicts (`compiler_subdict`)
    /// merged with `DICT_UPDATE`, each `**mapping` one more update; a run is cut once it
    /// holds more than `STACK_USE_GUIDELINE / 2` pairs, so `{...}` of 21 constant pairs is an
    /// incrementally built dict of 17 and a `BUILD_CONST_KEY_MAP` of 4.
    fn dict_display(&mut self, keys: &[Option<Expr>], values: &[Expr]) -> CResult<()> {
        let n = keys.len();
        let mut have_dict = false;
        let mut elements = 0;
        for i in 0..n {
            if keys[i].is_none() {
                if elements > 0 {
                    self.subdict(keys, values, i - elements, i)?;
                    if have_dict {
                        self.emit(Instr::DictUpdate(1));
                    }
                    have_dict = true;
                    elements = 0;
                }
                if !have_dict {
                    self.emit(Instr::BuildMap(0));
                    have_dict = true;
                }
                self.expr(&values[i])?;
                self.emit(Instr::DictUpdate(1));
            } else if elements * 2 > STACK_USE_GUIDELINE {
                self.subdict(keys, values, i - elements, i + 1)?;
                if have_dict {
                    self.emit(Instr::DictUpdate(1));
                }
                have_dict = true;
                elements = 0;
            } else {
                elements += 1;
            }
        }
        if elements > 0 {
            self.subdict(keys, values, n - elements, n)?;
            if have_dict {
                self.emit(Instr::DictUpdate(1));
            }
            have_dict = true;
        }
        if !have_dict {
            self.emit(Instr::BuildMap(0));
        }
        Ok(())
    }

    /// `compiler_subdict`: pairs `from..to` as one dict: constant keys (two or more) make a
    /// `BUILD_CONST_KEY_MAP`; a big run (more than `STACK_USE_GUIDELINE / 2` pairs) starts
    /// from an empty dict and adds each pair (`MAP_ADD`); otherwise `BUILD_MAP n`.
    fn subdict(
        &mut self,
        keys: &[Option<Expr>],
        values: &[Expr],
        from: usize,
        to: usize,
    ) -> CResult<()> {
        let count = to - from;
        let big = count * 2 > STACK_USE_GUIDELINE;
        let all_const = count > 1
            && !big
            && keys[from..to]
                .iter()
                .all(|k| k.as_ref().is_some_and(|k| self.const_of(k).is_some()));
        if all_const {
            for v in &values[from..to] {
                self.expr(v)?;
            }
            let ks: Vec<ObjId> = keys[from..to]
                .iter()
                .filter_map(|k| k.as_ref().and_then(|k| self.const_of(k)))
                .collect();
            for &k in &ks {
                self.vm.incref(k);
            }
            let t = self.vm.new_tuple(ks);
            let i = self.add_new_const(t);
            self.emit(Instr::LoadConst(i));
            self.emit(Instr::BuildConstKeyMap(count as u32));
            return Ok(());
        }
        if big {
            self.emit(Instr::BuildMap(0));
        }
        for (k, v) in keys[from..to].iter().zip(&values[from..to]) {
            if let Some(k) = k {
                self.expr(k)?;
            }
            self.expr(v)?;
            if big {
                self.emit(Instr::MapAdd(1));
            }
        }
        if !big {
            self.emit(Instr::BuildMap(count as u32));
        }
        Ok(())
    }

    fn fstring(&mut self, parts: &[FStringPart]) -> CResult<()> {
        let mut count = 0;
        for part in parts {
            match part {
                FStringPart::Literal(s) => {
                    if s.is_empty() {
                        continue;
                    }
                    self.load_fstring_piece(s);
                    count += 1;
                }
                FStringPart::Formatted {
                    value,
                    conversion,
                    format_spec,
                    debug_text,
                } => {
                    if let Some(d) = debug_text {
                        self.load_fstring_piece(d);
                        count += 1;
                    }
                    self.expr(value)?;
                    let conv = match conversion {
                        Some('s') => 1,
                        Some('r') => 2,
                        Some('a') => 3,
                        _ => 0,
                    };
                    let has_spec = match format_spec {
                        Some(spec) => {
                            self.fstring(spec)?;
                            true
                        }
                        None => false,
                    };
                    self.emit(Instr::FormatValue(conv, has_spec));
                    count += 1;
                }
            }
        }
        if count == 0 {
            self.load_fstring_piece("");
        } else if count > 1 {
            self.emit(Instr::BuildString(count));
        }
        Ok(())
    }

    /// `optimize_format` (3.11's `Python/ast_opt.c`): `'...' % (a, b)` with a str constant
    /// on the left and a tuple display on the right (not folded to a constant, no starred
    /// item) whose `%` units are all `%s`, `%r` or `%a` (flags, width and precision allowed)
    /// and match the items one for one is compiled as the f-string `f'...{a!s}...{b!r:>5}'`:
    /// each item goes straight to `FORMAT_VALUE`, never into a tuple. Anything else (another
    /// unit, `%(key)s`, `*`, a count that differs) stays a `%` operation.
    fn percent_as_fstring(&self, left: &Expr, right: &Expr) -> Option<Vec<FStringPart>> {
        let ExprKind::Tuple(elts) = &right.kind else {
            return None;
        };
        if self.folded.get(right.range).is_some()
            || elts.iter().any(|e| matches!(e.kind, ExprKind::Starred(_)))
        {
            return None;
        }
        let fmt: Vec<char> = match self.vm.payload(self.const_of(left)?) {
            Payload::Str(s) => s.as_str().chars().collect(),
            _ => return None,
        };
        let mut parts = Vec::new();
        let (mut pos, mut count) = (0, 0);
        loop {
            // parse_literal: up to the next single '%', with '%%' read as '%'
            let start = pos;
            let mut literal = String::new();
            while pos < fmt.len() {
                if fmt[pos] != '%' {
                    literal.push(fmt[pos]);
                    pos += 1;
                } else if fmt.get(pos + 1) == Some(&'%') {
                    literal.push('%');
                    pos += 2;
                } else {
                    break;
                }
            }
            if pos > start {
                parts.push(FStringPart::Literal(literal));
            }
            if pos >= fmt.len() {
                break;
            }
            // more units than items: left as it is
            let value = elts.get(count)?;
            pos += 1;
            let (conversion, spec) = simple_format_arg(&fmt, &mut pos)?;
            parts.push(FStringPart::Formatted {
                value: Box::new(value.clone()),
                conversion: Some(conversion),
                format_spec: spec.map(|s| vec![FStringPart::Literal(s)]),
                debug_text: None,
            });
            count += 1;
        }
        (count == elts.len()).then_some(parts)
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        generators: &[Comprehension],
        kind: CompKind,
    ) -> CResult<()> {
        let scope_kind = if matches!(kind, CompKind::Gen(_)) {
            ScopeKind::GeneratorExpr
        } else {
            ScopeKind::Comprehension
        };
        let scope = self
            .table
            .scope_for(e.range.start, scope_kind)
            .ok_or_else(|| self.syntax_error("internal: no scope for comprehension", e.range))?;
        let qualname = self.qualname_for(name);
        let line = self.position(e.range).line;
        let code_kind = if matches!(kind, CompKind::Gen(_)) {
            CodeKind::GeneratorExpr
        } else {
            CodeKind::Comprehension
        };
        self.enter_unit(scope, code_kind, name, qualname, line);
        self.unit().argcount = 1;
        self.unit().pos = self.position(e.range);
        match kind {
            CompKind::List(_) => self.emit(Instr::BuildList(0)),
            CompKind::Set(_) => self.emit(Instr::BuildSet(0)),
            CompKind::Dict(..) => self.emit(Instr::BuildMap(0)),
            CompKind::Gen(_) => {}
        }
        self.comprehension_generator(generators, 0, &kind)?;
        if matches!(kind, CompKind::Gen(_)) {
            self.implicit_return();
        } else {
            self.emit(Instr::ReturnValue);
        }
        let code = self.leave_unit();
        self.make_function(code, MakeFunctionFlags::default(), scope);
        self.iter_expr(&generators[0].iter)?;
        self.emit(Instr::GetIter);
        self.emit(Instr::Call(0));
        Ok(())
    }

    fn comprehension_generator(
        &mut self,
        generators: &[Comprehension],
        i: usize,
        kind: &CompKind,
    ) -> CResult<()> {
        let g = &generators[i];
        let start = self.new_label();
        let if_cleanup = self.new_label();
        let anchor = self.new_label();
        if i == 0 {
            self.emit(Instr::LoadFast(0));
        } else {
            self.iter_expr(&g.iter)?;
            self.emit(Instr::GetIter);
        }
        self.bind(start);
        self.emit_jump(Instr::ForIter, anchor);
        self.store_target(&g.target)?;
        for cond in &g.ifs {
            self.jump_if(cond, false, if_cleanup)?;
        }
        if i + 1 < generators.len() {
            self.comprehension_generator(generators, i + 1, kind)?;
        } else {
            let depth = (generators.len() + 1) as u32;
            match kind {
                CompKind::List(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::ListAppend(depth));
                }
                CompKind::Set(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::SetAdd(depth));
                }
                CompKind::Dict(k, v) => {
                    self.expr(k)?;
                    self.expr(v)?;
                    self.emit(Instr::MapAdd(depth));
                }
                CompKind::Gen(elt) => {
                    self.expr(elt)?;
                    self.emit(Instr::YieldValue);
                    self.emit(Instr::PopTop);
                }
            }
        }
        self.bind(if_cleanup);
        self.emit_jump(Instr::JumpBackward, start);
        self.bind(anchor);
        Ok(())
    }
}

enum CompKind<'a> {
    List(&'a Expr),
    Set(&'a Expr),
    Dict(&'a Expr, &'a Expr),
    Gen(&'a Expr),
}

#[derive(Clone, Copy)]
enum NameCtx {
    Load,
    Store,
    Del,
}

impl Range {
    fn merge(self, other: Range) -> Range {
        Range::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// Whether a constant is true, when the compiler can tell (`PyObject_IsTrue` of the constants
/// a condition can be: `None`, bools, numbers, strings, bytes, tuples).
fn const_truth(vm: &Vm, c: ObjId) -> Option<bool> {
    match vm.payload(c) {
        Payload::None => Some(false),
        Payload::Bool(b) => Some(*b),
        Payload::Int(i) => Some(*i != 0),
        Payload::BigInt(_) => Some(true),
        Payload::Float(f) => Some(*f != 0.0),
        Payload::Complex(re, im) => Some(*re != 0.0 || *im != 0.0),
        Payload::Str(s) => Some(!s.value.is_empty()),
        Payload::Bytes(b) => Some(!b.is_empty()),
        Payload::Tuple(t) => Some(!t.is_empty()),
        Payload::Ellipsis => Some(true),
        _ => None,
    }
}

fn resolve_label(i: Instr, labels: &[u32]) -> Instr {
    let l = |x: u32| labels.get(x as usize).copied().unwrap_or(0);
    match i {
        Instr::ForIter(x) => Instr::ForIter(l(x)),
        Instr::JumpForward(x) => Instr::JumpForward(l(x)),
        Instr::JumpBackward(x) => Instr::JumpBackward(l(x)),
        Instr::PopJumpIfFalse(x) => Instr::PopJumpIfFalse(l(x)),
        Instr::PopJumpIfTrue(x) => Instr::PopJumpIfTrue(l(x)),
        Instr::PopJumpIfNone(x) => Instr::PopJumpIfNone(l(x)),
        Instr::PopJumpIfNotNone(x) => Instr::PopJumpIfNotNone(l(x)),
        Instr::JumpIfFalseOrPop(x) => Instr::JumpIfFalseOrPop(l(x)),
        Instr::JumpIfTrueOrPop(x) => Instr::JumpIfTrueOrPop(l(x)),
        Instr::Send(x) => Instr::Send(l(x)),
        other => other,
    }
}

/// Stack depth change when the instruction falls through.
/// `trim_unused_consts` (3.11): the constants after the last one an instruction loads
/// leave `co_consts` (the first stays: it may be the docstring). A constant the tuple
/// folding left unused before that stays, as in CPython 3.11.
fn trim_unused_consts(vm: &mut Vm, instrs: &[Instr], consts: &mut Vec<ObjId>) {
    let max = instrs
        .iter()
        .filter_map(|i| match *i {
            Instr::LoadConst(x) | Instr::KwNames(x) => Some(x as usize),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    while consts.len() > max + 1 {
        if let Some(c) = consts.pop() {
            vm.decref(c);
        }
    }
}

pub fn stack_effect(i: Instr) -> i32 {
    use Instr::*;
    match i {
        Nop
        | UnaryNegative
        | UnaryPositive
        | UnaryNot
        | UnaryInvert
        | GetIter
        | LoadAttr(_)
        | ListToTuple
        | FormatValue(_, false)
        | JumpForward(_)
        | JumpBackward(_)
        | MakeCell(_)
        | CopyFreeVars(_)
        | DeleteFast(_)
        | DeleteName(_)
        | DeleteGlobal(_)
        | DeleteDeref(_)
        | DeleteFastIfBound(_)
        | GetYieldFromIter
        | YieldValue
        | SetupAnnotations
        | Reraise(_) => {
            if matches!(i, Reraise(_)) {
                -1
            } else {
                0
            }
        }
        PopTop
        | StoreName(_)
        | StoreGlobal(_)
        | StoreFast(_)
        | StoreDeref(_)
        | DeleteAttr(_)
        | BinarySubscr
        | BinaryOp(..)
        | CompareOp(_)
        | IsOp(_)
        | ContainsOp(_)
        | ListAppend(_)
        | SetAdd(_)
        | ListExtend(_)
        | SetUpdate(_)
        | DictUpdate(_)
        | DictMerge(_)
        | PopJumpIfFalse(_)
        | PopJumpIfTrue(_)
        | PopJumpIfNone(_)
        | PopJumpIfNotNone(_)
        | JumpIfFalseOrPop(_)
        | JumpIfTrueOrPop(_)
        | FormatValue(_, true)
        | ImportName(_)
        | ImportStar
        | PrintExpr
        | ReturnValue
        | PopExcept
        | PrepReraiseStar
        | CheckExcMatch => match i {
            ImportStar => -1,
            CheckExcMatch => 0,
            _ => -1,
        },
        CheckEgMatch => 0,
        PushNull | Copy(_) | LoadConst(_) | LoadName(_) | LoadGlobal(_) | LoadFast(_)
        | LoadDeref(_) | LoadClosure(_) | LoadClassDeref(_) | LoadBuildClass | ImportFrom(_)
        | LoadAssertionError | ForIter(_) | PushExcInfo | BeforeWith | WithExceptStart => 1,
        Swap(_) | KwNames(_) | Send(_) => 0,
        StoreAttr(_) | DeleteSubscr | MapAdd(_) => -2,
        StoreSubscr => -3,
        LoadMethod(_) => 1,
        BuildSlice(n) => 1 - n as i32,
        BuildTuple(n) | BuildList(n) | BuildSet(n) | BuildString(n) => 1 - n as i32,
        BuildMap(n) => 1 - 2 * n as i32,
        BuildConstKeyMap(n) => -(n as i32),
        UnpackSequence(n) => n as i32 - 1,
        MatchPattern(_) => -1,
        UnpackEx(a, b) => a as i32 + b as i32,
        Call(n) => -(n as i32) - 1,
        CallFunctionEx(kw) => -2 - kw as i32,
        MakeFunction(f) => {
            -(f.defaults as i32)
                - (f.kwdefaults as i32)
                - (f.annotations as i32)
                - (f.closure as i32)
        }
        RaiseVarargs(n) => -(n as i32),
    }
}

/// Extra stack change on the jump path compared to falling through.
fn jump_extra(i: Instr) -> i32 {
    match i {
        // FOR_ITER pops the iterator when it jumps, instead of pushing the next item
        Instr::ForIter(_) => -2,
        // these keep the value when they jump
        Instr::JumpIfFalseOrPop(_) | Instr::JumpIfTrueOrPop(_) => 1,
        // SEND pops the value sent; falling through it pushes what the sub-iterator
        // yielded, jumping it puts the sub-iterator's return value in the sub-iterator's
        // place: one less (`stack_effect(SEND, jump=True)` is -1)
        Instr::Send(_) => -1,
        _ => 0,
    }
}

/// The next slot of a pattern's values tuple.
fn take_value(next: &mut usize) -> usize {
    *next += 1;
    *next - 1
}

/// `find_ann`: does the body (not counting nested functions and classes) annotate a name?
fn find_ann(body: &[Stmt]) -> bool {
    body.iter().any(|s| match &s.kind {
        StmtKind::AnnAssign { .. } => true,
        StmtKind::For { body, orelse, .. } | StmtKind::While { body, orelse, .. } => {
            find_ann(body) || find_ann(orelse)
        }
        StmtKind::If { body, orelse, .. } => find_ann(body) || find_ann(orelse),
        StmtKind::With { body, .. } => find_ann(body),
        StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } => {
            find_ann(body)
                || handlers.iter().any(|h| find_ann(&h.body))
                || find_ann(orelse)
                || find_ann(finalbody)
        }
        _ => false,
    })
}

/// `simple_format_arg_parse` and `parse_format` of `optimize_format`: after a `%`, flags
/// (`-+ #0`), a width, a precision and the unit; for `s`, `r` and `a` the conversion and the
/// format spec the f-string gets (`>` and the width unless left-justified, then `.prec`).
/// None for any other unit or a unit cut short.
fn simple_format_arg(fmt: &[char], pos: &mut usize) -> Option<(char, Option<String>)> {
    const LIMIT: u64 = (i64::MAX as u64 - 9) / 10;
    let mut p = *pos;
    let next = |p: &mut usize| {
        let c = fmt.get(*p).copied();
        *p += 1;
        c
    };
    let mut ljust = false;
    let mut ch;
    loop {
        ch = next(&mut p)?;
        match ch {
            '-' => ljust = true,
            '+' | ' ' | '#' | '0' => {}
            _ => break,
        }
    }
    let mut width = None;
    if ch.is_ascii_digit() {
        let mut w: u64 = 0;
        while let Some(d) = ch.to_digit(10) {
            w = w * 10 + u64::from(d);
            ch = next(&mut p)?;
            if w > LIMIT {
                return None;
            }
        }
        width = Some(w);
    }
    let mut prec = None;
    if ch == '.' {
        ch = next(&mut p)?;
        let mut q: u64 = 0;
        while let Some(d) = ch.to_digit(10) {
            q = q * 10 + u64::from(d);
            ch = next(&mut p)?;
            if q > LIMIT {
                return None;
            }
        }
        prec = Some(q);
    }
    if !matches!(ch, 's' | 'r' | 'a') {
        return None;
    }
    *pos = p;
    let mut spec = String::new();
    if !ljust && width.is_some_and(|w| w > 0) {
        spec.push('>');
    }
    if let Some(w) = width {
        spec.push_str(&w.to_string());
    }
    if let Some(q) = prec {
        spec.push_str(&format!(".{q}"));
    }
    Some((ch, (!spec.is_empty()).then_some(spec)))
}
