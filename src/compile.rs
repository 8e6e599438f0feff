//! The compiler: syntax tree to code objects, as CPython 3.11 compiles.
//!
//! A compilation unit (a script, one `compile()` call, one IPython statement) goes through:
//! 1. [`Literals::materialize`]: the parser's objects for every literal occurrence, in source
//!    order (CPython's parser makes them while parsing; its arena owns them);
//! 2. [`symtable`]: scopes and what each name is;
//! 3. [`fold`]: the AST optimiser's constant folding with 3.11's size limits;
//! 4. [`codegen`]: instructions, with constants merged per unit (`merge_consts_recursive`), so
//!    equal constants anywhere in the unit are one object.

pub mod codegen;
pub mod fold;
pub mod library_lines;
pub mod linetable;
pub mod symtable;
pub mod unparse;

use std::collections::HashMap;
use std::rc::Rc;

use num_bigint::BigInt;

use crate::ast::*;
use crate::code::Source;
use crate::object::{ObjId, Payload};
use crate::vm::Vm;

/// How the unit is compiled (`compile()`'s mode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Statements.
    Exec,
    /// One interactive statement: an expression statement is shown through `sys.displayhook`.
    Single,
    /// One expression whose value is returned.
    Eval,
}

/// A compile-time error, reported as CPython would at compile time.
#[derive(Debug, Clone)]
pub enum CompileError {
    /// `SyntaxError` (or a subclass) with CPython's message, at a byte range of the unit.
    Syntax {
        kind: &'static str,
        msg: String,
        range: Range,
    },
    /// A construct the model does not implement.
    Unsupported { construct: String, range: Range },
}

/// The objects the parser made for each literal occurrence of a unit (its arena), keyed by the
/// literal's source range. Holds one counted reference to each.
#[derive(Clone, Default)]
pub struct Literals {
    pub objects: HashMap<(u32, u32), ObjId>,
    /// The same objects in creation order (what the arena releases, in order).
    pub order: Vec<ObjId>,
}

impl Literals {
    /// Make the parser's objects for every literal in `body`, in source order, and intern every
    /// identifier (the parser interns names as it reads them).
    pub fn materialize(vm: &mut Vm, body: &[Stmt]) -> Literals {
        let mut lits = Literals::default();
        let mut walker = LiteralWalker {
            vm,
            lits: &mut lits,
        };
        for s in body {
            walker.stmt(s);
        }
        lits
    }

    pub fn get(&self, range: Range) -> Option<ObjId> {
        self.objects.get(&(range.start, range.end)).copied()
    }

    /// Give up the arena's references (the arena is freed).
    pub fn release(self, vm: &mut Vm) {
        for id in self.order {
            vm.decref(id);
        }
    }
}

/// Make the object for a constant value as the parser (or the compiler) would.
pub fn make_constant(vm: &mut Vm, c: &Constant) -> ObjId {
    match c {
        Constant::None => vm.new_none(),
        Constant::True => vm.new_bool(true),
        Constant::False => vm.new_bool(false),
        Constant::Ellipsis => {
            let e = vm.statics.ellipsis;
            vm.new_ref(e)
        }
        Constant::Int(n) => vm.new_bigint(n.clone()),
        Constant::Float(f) => vm.new_float(*f),
        Constant::Complex(im) => vm.new_complex(0.0, *im),
        Constant::Str(s) => vm.new_str(s),
        Constant::Bytes(b) => vm.new_bytes(b.clone()),
    }
}

struct LiteralWalker<'a> {
    vm: &'a mut Vm,
    lits: &'a mut Literals,
}

impl LiteralWalker<'_> {
    fn name(&mut self, n: &str) {
        let id = self.vm.new_interned(n);
        // the interned table does not own it: drop ours unless someone else holds it
        if self.vm.refcnt(id) > 1 {
            self.vm.decref(id);
        } else {
            // a brand new name: the code object will hold it; keep it alive until then through
            // the arena
            self.lits.order.push(id);
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                for t in targets {
                    self.expr(t);
                }
                self.expr(value);
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(target);
                self.expr(value);
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.expr(target);
                self.expr(annotation);
                if let Some(v) = value {
                    self.expr(v);
                }
            }
            StmtKind::Delete(ts) => {
                for t in ts {
                    self.expr(t);
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for c in cases {
                    for e in c.pattern.exprs() {
                        self.expr(e);
                    }
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    self.stmts(&c.body);
                }
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(target);
                self.expr(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d);
                }
                self.name(&f.name);
                self.params(&f.params);
                self.stmts(&f.body);
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d);
                }
                self.name(&c.name);
                for b in &c.bases {
                    self.expr(b);
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.stmts(&c.body);
            }
            StmtKind::Global(names) | StmtKind::Nonlocal(names) => {
                for n in names {
                    self.name(n);
                }
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    self.name(&a.name);
                    if let Some(a) = &a.asname {
                        self.name(a);
                    }
                }
            }
            StmtKind::Raise { exc, cause } => {
                for e in [exc, cause].into_iter().flatten() {
                    self.expr(e);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t);
                    }
                    if let Some(n) = &h.name {
                        self.name(n);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    self.expr(&it.context);
                    if let Some(t) = &it.target {
                        self.expr(t);
                    }
                }
                self.stmts(body);
            }
        }
    }

    fn params(&mut self, p: &Parameters) {
        for param in p
            .posonly
            .iter()
            .chain(&p.args)
            .chain(p.vararg.iter())
            .chain(&p.kwonly)
            .chain(p.kwarg.iter())
        {
            self.name(&param.name);
            if let Some(d) = &param.default {
                self.expr(d);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Constant(c) => {
                let id = make_constant(self.vm, c);
                self.lits.objects.insert((e.range.start, e.range.end), id);
                self.lits.order.push(id);
            }
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Named { target, value } => {
                self.name(target);
                self.expr(value);
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { params, body } => {
                self.params(params);
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(body);
                self.expr(test);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    if let Some(k) = k {
                        self.expr(k);
                    }
                    self.expr(v);
                }
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                for i in items {
                    self.expr(i);
                }
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                self.expr(elt);
                self.generators(generators);
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                self.expr(key);
                self.expr(value);
                self.generators(generators);
            }
            ExprKind::Yield(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            ExprKind::YieldFrom(v) | ExprKind::Await(v) | ExprKind::Starred(v) => self.expr(v),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                for c in comparators {
                    self.expr(c);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                for a in args {
                    self.expr(a);
                }
                for k in keywords {
                    if let Some(a) = &k.arg {
                        self.name(a);
                    }
                    self.expr(&k.value);
                }
            }
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::Attribute { value, attr } => {
                self.expr(value);
                self.name(attr);
            }
            ExprKind::Subscript { value, slice } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Name(n) => self.name(n),
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.expr(p);
                }
            }
        }
    }

    fn generators(&mut self, gens: &[Comprehension]) {
        for g in gens {
            self.expr(&g.target);
            self.expr(&g.iter);
            for c in &g.ifs {
                self.expr(c);
            }
        }
    }

    fn fstring(&mut self, parts: &[FStringPart]) {
        for p in parts {
            if let FStringPart::Formatted {
                value, format_spec, ..
            } = p
            {
                self.expr(value);
                if let Some(spec) = format_spec {
                    self.fstring(spec);
                }
            }
        }
    }
}

/// A constant's identity for merging: equal keys are one object in a compilation unit
/// (`_PyCode_ConstantKey`: type-sensitive, so `1`, `1.0` and `True` differ, and so do `0.0`
/// and `-0.0`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConstKey {
    None,
    Ellipsis,
    Bool(bool),
    Int(BigInt),
    Float(u64),
    Complex(u64, u64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<ConstKey>),
    FrozenSet(Vec<ConstKey>),
    /// Code objects and anything else: never merged.
    Identity(ObjId),
}

/// The key of a constant object.
pub fn const_key(vm: &Vm, id: ObjId) -> ConstKey {
    match vm.payload(id) {
        Payload::None => ConstKey::None,
        Payload::Ellipsis => ConstKey::Ellipsis,
        Payload::Bool(b) => ConstKey::Bool(*b),
        Payload::Int(n) => ConstKey::Int(BigInt::from(*n)),
        Payload::BigInt(n) => ConstKey::Int((**n).clone()),
        Payload::Float(f) => ConstKey::Float(f.to_bits()),
        Payload::Complex(re, im) => ConstKey::Complex(re.to_bits(), im.to_bits()),
        Payload::Str(s) => ConstKey::Str(s.value.to_string()),
        Payload::Bytes(b) => ConstKey::Bytes(b.to_vec()),
        Payload::Tuple(items) => ConstKey::Tuple(items.iter().map(|&i| const_key(vm, i)).collect()),
        Payload::FrozenSet(s) => {
            let mut keys: Vec<ConstKey> = s.iter().map(|i| const_key(vm, i)).collect();
            keys.sort_by_key(|k| format!("{k:?}"));
            ConstKey::FrozenSet(keys)
        }
        _ => ConstKey::Identity(id),
    }
}

/// Everything a compilation produced.
pub struct Compiled {
    /// The top-level code object (owned).
    pub code: ObjId,
    /// Constants the AST optimiser made and f-strings' literal pieces (owned: the arena
    /// holds them).
    pub folded: Vec<ObjId>,
}

/// `from __future__ import annotations` (PEP 563) at the top of the unit (after a docstring):
/// annotations are then stored as their text ([`unparse::expr_as_unicode`]), never evaluated
/// (`future.c`'s `CO_FUTURE_ANNOTATIONS`). The parser has already refused a future import
/// anywhere else.
pub fn future_annotations(body: &[Stmt]) -> bool {
    for (i, stmt) in body.iter().enumerate() {
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                level: 0,
            } if m == "__future__" => {
                if names.iter().any(|a| a.name == "annotations") {
                    return true;
                }
            }
            StmtKind::Expr(Expr {
                kind: ExprKind::Constant(Constant::Str(_)),
                ..
            }) if i == 0 => {}
            _ => return false,
        }
    }
    false
}

/// Compile `body` as one unit.
pub fn compile_unit(
    vm: &mut Vm,
    body: &[Stmt],
    mode: Mode,
    source: Rc<Source>,
    literals: &Literals,
    unit_name: &str,
) -> Result<Compiled, CompileError> {
    let table = symtable::SymbolTable::build(body).map_err(|e| CompileError::Syntax {
        kind: "SyntaxError",
        msg: e.msg,
        range: e.range,
    })?;
    let folded = fold::fold_unit(vm, body, literals);
    let mut pieces = Vec::new();
    let result = codegen::generate(
        vm,
        body,
        mode,
        source,
        &table,
        literals,
        &folded,
        unit_name,
        &mut pieces,
    );
    let mut folded_objs = folded.into_objects();
    // the f-strings' literal pieces live in the same arena
    folded_objs.extend(pieces);
    match result {
        Ok(code) => Ok(Compiled {
            code,
            folded: folded_objs,
        }),
        Err(e) => {
            for id in folded_objs {
                vm.decref(id);
            }
            Err(e)
        }
    }
}
