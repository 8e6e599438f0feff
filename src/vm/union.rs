//! `types.UnionType`: what `X | Y` makes of classes (`Objects/unionobject.c`).
//!
//! Why: since 3.10 annotations write optional and alternative types with `|`
//! (`def f(x: int | None)`), and the annotation is evaluated when the `def` runs, so the
//! object is made for real: `type.__or__` (`type_or`) and `GenericAlias.__or__` build a union,
//! and `isinstance`/`issubclass` accept one as the tuple of its arguments.
//!
//! ```python
//! u = int | None          # types.UnionType, args (int, NoneType): repr 'int | None'
//! int | int               # int itself: one argument left after deduplication
//! (int | str) | float     # flattened: int | str | float
//! isinstance(3, int | str)            # True: the arguments' tuple
//! (int | str) == (str | int)          # True: compared as sets of arguments
//! ```
//!
//! The mechanism, under CPython's names:
//! - `_Py_union_type_or(self, other)`: NotImplemented unless both operands are
//!   `is_unionable` (None, a class, a generic alias or a union); else `make_union` of the pair;
//! - `make_union`: `dedup_and_flatten_args` (a union's arguments spliced in, `None` stored as
//!   `NoneType`, duplicates dropped: by identity, generic aliases by equality); a single
//!   argument is returned itself, else a new GC-tracked union object (48 bytes) holding the
//!   tuple;
//! - `union_richcompare` (`==`/`!=` of two unions: `set(args)` against `set(args)`) and
//!   `union_hash` (`hash(frozenset(args))`).

use crate::ast::CmpOp;
use crate::object::{BuiltinType, ObjId, Payload, PySet};

use super::objects::Layout;
use super::{PyResult, Vm};

impl Vm {
    /// `is_unionable`: None, a class, a generic alias or a union.
    fn is_unionable(&self, v: ObjId) -> bool {
        v == self.none()
            || matches!(
                self.heap.payload(v),
                Payload::Type(_) | Payload::GenericAlias { .. } | Payload::Union { .. }
            )
    }

    /// `_Py_union_type_or`: `a | b` for classes, None, generic aliases and unions; None
    /// (NotImplemented) for any other operand.
    pub(crate) fn union_type_or(&mut self, a: ObjId, b: ObjId) -> Option<PyResult<ObjId>> {
        if !self.is_unionable(a) || !self.is_unionable(b) {
            return None;
        }
        // `PyTuple_Pack(2, self, other)`, handed to `make_union`
        self.incref(a);
        self.incref(b);
        let pair = self.new_tuple(vec![a, b]);
        let r = self.make_union(pair);
        self.decref(pair);
        Some(r)
    }

    /// `make_union`: the deduplicated, flattened arguments; one alone is the result itself.
    fn make_union(&mut self, args: ObjId) -> PyResult<ObjId> {
        let args = self.dedup_and_flatten_args(args)?;
        let items = self.tuple_items(args);
        if items.len() == 1 {
            let only = self.new_ref(items[0]);
            self.decref(args);
            return Ok(only);
        }
        let t = self.ty(BuiltinType::UnionType);
        Ok(self.alloc(t, Payload::Union { args }, Layout::gc(32)))
    }

    /// `flatten_args` then `dedup_and_flatten_args`: a new tuple of the arguments.
    fn dedup_and_flatten_args(&mut self, args: ObjId) -> PyResult<ObjId> {
        let none = self.none();
        let none_t = self.ty(BuiltinType::NoneType);
        let mut flat = Vec::new();
        for a in self.tuple_items(args) {
            match self.heap.payload(a) {
                Payload::Union { args: inner } => {
                    let inner = *inner;
                    flat.extend(self.tuple_items(inner));
                }
                _ if a == none => flat.push(none_t),
                _ => flat.push(a),
            }
        }
        let mut unique: Vec<ObjId> = Vec::with_capacity(flat.len());
        for a in flat {
            let mut duplicate = false;
            for &u in &unique {
                let both_ga = matches!(self.heap.payload(a), Payload::GenericAlias { .. })
                    && matches!(self.heap.payload(u), Payload::GenericAlias { .. });
                duplicate = if both_ga { self.eq(a, u)? } else { a == u };
                if duplicate {
                    break;
                }
            }
            if !duplicate {
                unique.push(a);
            }
        }
        for &u in &unique {
            self.incref(u);
        }
        Ok(self.new_tuple(unique))
    }

    /// `union_richcompare`: `==` and `!=` between unions, as sets of their arguments; None
    /// (NotImplemented) otherwise.
    pub(crate) fn union_richcompare(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> Option<PyResult<bool>> {
        let (Payload::Union { args: x }, Payload::Union { args: y }) =
            (self.heap.payload(a), self.heap.payload(b))
        else {
            return None;
        };
        if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
            return None;
        }
        let (x, y) = (*x, *y);
        Some(
            self.args_as_sets_equal(x, y)
                .map(|eq| eq == (op == CmpOp::Eq)),
        )
    }

    fn args_as_sets_equal(&mut self, x: ObjId, y: ObjId) -> PyResult<bool> {
        let sx = self.set_of(x, false)?;
        let sy = match self.set_of(y, false) {
            Ok(s) => s,
            Err(e) => {
                self.decref(sx);
                return Err(e);
            }
        };
        let r = self.eq(sx, sy);
        self.decref(sy);
        self.decref(sx);
        r
    }

    /// `PySet_New(args)` / `PyFrozenSet_New(args)`.
    fn set_of(&mut self, args: ObjId, frozen: bool) -> PyResult<ObjId> {
        let s = self.new_set(PySet::default(), frozen);
        if let Err(e) = self.set_update(s, args) {
            self.decref(s);
            return Err(e);
        }
        Ok(s)
    }

    /// `union_hash`: the hash of `frozenset(args)`.
    pub(crate) fn union_hash(&mut self, args: ObjId) -> PyResult<i64> {
        let s = self.set_of(args, true)?;
        let h = self.hash(s);
        self.decref(s);
        h
    }
}
