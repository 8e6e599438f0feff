//! Constant folding, as 3.11's AST optimiser (`Python/ast_opt.c`) does it: unary and binary
//! operators on constants (with `safe_multiply`/`safe_power`/`safe_lshift`/`safe_mod` size
//! limits), tuples of constants, constant subscripts, and list/set displays iterated over or
//! tested with `in` turned into tuples/frozensets. Folding runs the VM's own operations on the
//! constant objects, as CPython calls `PyNumber_Add` and friends; a failing operation (division
//! by zero...) just leaves the expression unfolded.

use std::collections::HashMap;

use crate::ast::*;
use crate::object::{ObjId, Payload};
use crate::vm::Vm;

use super::Literals;

/// 3.11's limits: ints of up to 128 bits, collections of 256 items, strings of 4096 characters.
const MAX_INT_SIZE: u64 = 128;
const MAX_COLLECTION_SIZE: i64 = 256;
const MAX_STR_SIZE: i64 = 4096;
const MAX_TOTAL_ITEMS: i64 = 1024;

/// The constants the optimiser made, keyed by the range of the expression they replace.
/// Holds one reference to each.
#[derive(Default)]
pub struct Folded {
    map: HashMap<(u32, u32), ObjId>,
    order: Vec<ObjId>,
}

impl Folded {
    pub fn get(&self, range: Range) -> Option<ObjId> {
        self.map.get(&(range.start, range.end)).copied()
    }
    pub fn into_objects(self) -> Vec<ObjId> {
        self.order
    }
}

pub fn fold_unit(vm: &mut Vm, body: &[Stmt], literals: &Literals) -> Folded {
    let mut f = Folder {
        vm,
        literals,
        folded: Folded::default(),
    };
    f.stmts(body);
    f.folded
}

struct Folder<'a> {
    vm: &'a mut Vm,
    literals: &'a Literals,
    folded: Folded,
}

impl Folder<'_> {
    /// The constant object an expression stands for, if it is a constant (after folding).
    fn constant(&self, e: &Expr) -> Option<ObjId> {
        match &e.kind {
            ExprKind::Constant(_) => self.literals.get(e.range),
            _ => self.folded.get(e.range),
        }
    }

    fn record(&mut self, e: &Expr, obj: ObjId) {
        self.folded.map.insert((e.range.start, e.range.end), obj);
        self.folded.order.push(obj);
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
            StmtKind::Return(Some(v)) => self.expr(v),
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
                self.fold_iter(iter);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d);
                }
                self.params(&f.params);
                for a in f.params.annotations() {
                    self.expr(a);
                }
                if let Some(r) = &f.returns {
                    self.expr(r);
                }
                self.stmts(&f.body);
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d);
                }
                for b in &c.bases {
                    self.expr(b);
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.stmts(&c.body);
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
            StmtKind::Return(None)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Import(_)
            | StmtKind::ImportFrom { .. } => {}
        }
    }

    fn params(&mut self, p: &Parameters) {
        for param in p.posonly.iter().chain(&p.args).chain(&p.kwonly) {
            if let Some(d) = &param.default {
                self.expr(d);
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Named { value, .. } => self.expr(value),
            ExprKind::BinOp { left, op, right } => {
                self.expr(left);
                self.expr(right);
                self.fold_binop(e, left, *op, right);
            }
            ExprKind::UnaryOp { op, operand } => {
                self.expr(operand);
                self.fold_unaryop(e, *op, operand);
            }
            ExprKind::Lambda { params, body } => {
                self.params(params);
                self.expr(body);
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
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
            ExprKind::Set(items) | ExprKind::List(items) => {
                for i in items {
                    self.expr(i);
                }
            }
            ExprKind::Tuple(items) => {
                for i in items {
                    self.expr(i);
                }
                if let Some(t) = self.const_tuple(items) {
                    self.record(e, t);
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
            ExprKind::Yield(Some(v))
            | ExprKind::YieldFrom(v)
            | ExprKind::Await(v)
            | ExprKind::Starred(v) => self.expr(v),
            ExprKind::Yield(None) | ExprKind::Constant(_) | ExprKind::Name(_) => {}
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => {
                self.expr(left);
                for c in comparators {
                    self.expr(c);
                }
                if let (Some(op), Some(last)) = (ops.last(), comparators.last()) {
                    if matches!(op, CmpOp::In | CmpOp::NotIn) {
                        self.fold_iter(last);
                    }
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
                    self.expr(&k.value);
                }
            }
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice } => {
                self.expr(value);
                self.expr(slice);
                self.fold_subscr(e, value, slice);
            }
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
            self.fold_iter(&g.iter);
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

    /// `make_const_tuple`: a tuple of the elements' constants, if all are constants.
    fn const_tuple(&mut self, items: &[Expr]) -> Option<ObjId> {
        let objs: Option<Vec<ObjId>> = items.iter().map(|i| self.constant(i)).collect();
        let objs = objs?;
        for &o in &objs {
            self.vm.incref(o);
        }
        Some(self.vm.new_tuple(objs))
    }

    /// `fold_iter`: a list display iterated over becomes a tuple, a set display a frozenset.
    fn fold_iter(&mut self, e: &Expr) {
        let obj = match &e.kind {
            ExprKind::List(items) => self.const_tuple(items),
            ExprKind::Set(items) => match self.const_tuple(items) {
                Some(t) => {
                    let fs = self.vm.frozenset_from_iterable(t).ok();
                    self.vm.decref(t);
                    fs.map(|fs| self.vm.frozenset_const_rebuild(fs))
                }
                None => None,
            },
            _ => None,
        };
        if let Some(obj) = obj {
            self.record(e, obj);
        }
    }

    fn fold_unaryop(&mut self, e: &Expr, op: UnaryOp, operand: &Expr) {
        let Some(v) = self.constant(operand) else {
            return;
        };
        let result = match op {
            UnaryOp::USub => self.vm.unary_negative(v),
            UnaryOp::UAdd => self.vm.unary_positive(v),
            UnaryOp::Invert => self.vm.unary_invert(v),
            UnaryOp::Not => match self.vm.is_true(v) {
                Ok(b) => Ok(self.vm.new_bool(!b)),
                Err(e) => Err(e),
            },
        };
        self.make_const(e, result);
    }

    fn fold_binop(&mut self, e: &Expr, left: &Expr, op: BinOp, right: &Expr) {
        let (Some(lv), Some(rv)) = (self.constant(left), self.constant(right)) else {
            return;
        };
        let allowed = match op {
            BinOp::Mult => self.safe_multiply(lv, rv),
            BinOp::Pow => self.safe_power(lv, rv),
            BinOp::LShift => self.safe_lshift(lv, rv),
            BinOp::Mod => !matches!(self.vm.payload(lv), Payload::Str(_) | Payload::Bytes(_)),
            BinOp::MatMult => false,
            _ => true,
        };
        if !allowed {
            return;
        }
        let result = self.vm.binary_op(lv, rv, op, false);
        self.make_const(e, result);
    }

    fn fold_subscr(&mut self, e: &Expr, value: &Expr, slice: &Expr) {
        if !matches!(slice.kind, ExprKind::Constant(_)) && self.folded.get(slice.range).is_none() {
            return;
        }
        let (Some(v), Some(i)) = (self.constant(value), self.constant(slice)) else {
            return;
        };
        let result = self.vm.getitem(v, i);
        self.make_const(e, result);
    }

    fn make_const(&mut self, e: &Expr, result: crate::vm::PyResult<ObjId>) {
        match result {
            Ok(obj) => self.record(e, obj),
            Err(err) => self.vm.decref(err.0),
        }
    }

    fn int_bits(&self, id: ObjId) -> Option<u64> {
        match self.vm.payload(id) {
            Payload::Int(n) => Some(64 - n.unsigned_abs().leading_zeros() as u64),
            Payload::BigInt(n) => Some(n.bits()),
            Payload::Bool(b) => Some(*b as u64),
            _ => None,
        }
    }

    fn small_int(&self, id: ObjId) -> Option<i64> {
        match self.vm.payload(id) {
            Payload::Int(n) => Some(*n),
            Payload::Bool(b) => Some(*b as i64),
            _ => None,
        }
    }

    fn safe_multiply(&self, v: ObjId, w: ObjId) -> bool {
        let sized = |id: ObjId| -> Option<(i64, bool)> {
            match self.vm.payload(id) {
                Payload::Tuple(t) => Some((t.len() as i64, true)),
                Payload::FrozenSet(s) => Some((s.len() as i64, true)),
                Payload::Str(s) => Some((s.len as i64, false)),
                Payload::Bytes(b) => Some((b.len() as i64, false)),
                _ => None,
            }
        };
        match (self.int_bits(v), self.int_bits(w)) {
            (Some(vb), Some(wb)) => vb == 0 || wb == 0 || vb + wb <= MAX_INT_SIZE,
            (Some(_), None) => match sized(w) {
                Some((0, _)) => true,
                Some((size, collection)) => match self.small_int(v) {
                    Some(n) if n >= 0 => {
                        if collection {
                            n <= MAX_COLLECTION_SIZE / size
                                && (n == 0 || size <= MAX_TOTAL_ITEMS / n)
                        } else {
                            n <= MAX_STR_SIZE / size
                        }
                    }
                    _ => false,
                },
                None => true,
            },
            (None, Some(_)) if sized(v).is_some() => self.safe_multiply(w, v),
            _ => true,
        }
    }

    fn safe_power(&self, v: ObjId, w: ObjId) -> bool {
        match (self.int_bits(v), self.small_int(w)) {
            (Some(vb), Some(wn)) if vb > 0 && wn > 0 => vb <= MAX_INT_SIZE / wn as u64,
            (Some(vb), None) if vb > 0 => {
                !matches!(self.vm.payload(w), Payload::BigInt(n) if n.sign() == num_bigint::Sign::Plus)
            }
            _ => true,
        }
    }

    fn safe_lshift(&self, v: ObjId, w: ObjId) -> bool {
        match (self.int_bits(v), self.int_bits(w)) {
            (Some(vb), Some(_)) if vb > 0 => match self.small_int(w) {
                Some(shift) if shift > 0 => {
                    let wb = shift as u64;
                    wb <= MAX_INT_SIZE && vb <= MAX_INT_SIZE - wb
                }
                Some(_) => true,
                None => false,
            },
            _ => true,
        }
    }
}
