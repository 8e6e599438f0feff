//! Operators: `BINARY_OP` (with CPython's forward / reflected / in-place protocol and its
//! error messages), unary operators, rich comparison, truth, hashing and `in`. Every int result
//! goes through `new_int`, so results in -5..=256 are the cached objects.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::ast::{BinOp, CmpOp};
use crate::object::float as pyfloat;
use crate::object::float::NumError;
use crate::object::hash;
use crate::object::int as pyint;
use crate::object::{ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

/// A number's value, for arithmetic.
#[derive(Clone, Debug)]
pub enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

/// A number slot taking two operands: a binary operator, or `divmod()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NbOp {
    Bin(BinOp),
    Divmod,
}

impl NbOp {
    /// (forward, reflected) special method names.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            NbOp::Bin(op) => {
                let (f, r, _) = dunder_names(op);
                (f, r)
            }
            NbOp::Divmod => ("__divmod__", "__rdivmod__"),
        }
    }
}

/// The dunder names of a binary operator: (forward, reflected, in-place).
pub fn dunder_names(op: BinOp) -> (&'static str, &'static str, &'static str) {
    match op {
        BinOp::Add => ("__add__", "__radd__", "__iadd__"),
        BinOp::Sub => ("__sub__", "__rsub__", "__isub__"),
        BinOp::Mult => ("__mul__", "__rmul__", "__imul__"),
        BinOp::MatMult => ("__matmul__", "__rmatmul__", "__imatmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__", "__itruediv__"),
        BinOp::Mod => ("__mod__", "__rmod__", "__imod__"),
        BinOp::Pow => ("__pow__", "__rpow__", "__ipow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__", "__irshift__"),
        BinOp::BitOr => ("__or__", "__ror__", "__ior__"),
        BinOp::BitXor => ("__xor__", "__rxor__", "__ixor__"),
        BinOp::BitAnd => ("__and__", "__rand__", "__iand__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
    }
}

fn cmp_names(op: CmpOp) -> (&'static str, &'static str, &'static str) {
    match op {
        CmpOp::Eq => ("__eq__", "__eq__", "=="),
        CmpOp::NotEq => ("__ne__", "__ne__", "!="),
        CmpOp::Lt => ("__lt__", "__gt__", "<"),
        CmpOp::LtE => ("__le__", "__ge__", "<="),
        CmpOp::Gt => ("__gt__", "__lt__", ">"),
        CmpOp::GtE => ("__ge__", "__le__", ">="),
        _ => ("", "", "?"),
    }
}

impl Vm {
    /// Map a numeric helper's error to an exception.
    pub(crate) fn num_error(&mut self, e: NumError) -> super::PyErr {
        let kind = ExcKind::ALL
            .iter()
            .find(|(_, name, _)| *name == e.kind)
            .map(|(k, _, _)| *k)
            .unwrap_or(ExcKind::ValueError);
        self.new_exception(kind, &e.message)
    }

    /// The numeric value of an int, bool, float or complex.
    pub fn as_num(&self, id: ObjId) -> Option<Num> {
        match self.heap.payload(id) {
            Payload::Int(n) => Some(Num::Int(BigInt::from(*n))),
            Payload::BigInt(n) => Some(Num::Int((**n).clone())),
            Payload::Bool(b) => Some(Num::Int(BigInt::from(*b as i64))),
            Payload::Float(f) => Some(Num::Float(*f)),
            Payload::Complex(re, im) => Some(Num::Complex(*re, *im)),
            _ => None,
        }
    }

    /// An int's value (ints and bools).
    pub fn as_bigint(&self, id: ObjId) -> Option<BigInt> {
        match self.heap.payload(id) {
            Payload::Int(n) => Some(BigInt::from(*n)),
            Payload::BigInt(n) => Some((**n).clone()),
            Payload::Bool(b) => Some(BigInt::from(*b as i64)),
            _ => None,
        }
    }

    /// A machine int (ints and bools that fit).
    pub fn as_i64(&self, id: ObjId) -> Option<i64> {
        match self.heap.payload(id) {
            Payload::Int(n) => Some(*n),
            Payload::Bool(b) => Some(*b as i64),
            Payload::BigInt(n) => n.to_i64(),
            _ => None,
        }
    }

    pub fn is_int_like(&self, id: ObjId) -> bool {
        matches!(
            self.heap.payload(id),
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_)
        )
    }

    /// An object whose class is a class statement's (a heap type): its special methods may
    /// be Python code (see [`Vm::py_slot`]).
    #[inline]
    pub fn is_user_object(&self, id: ObjId) -> bool {
        // a class's instances, and native objects of the standard library (their slots are
        // the wrappers in their type's dict)
        let o = self.heap.get(id);
        match &o.payload {
            Payload::Native(_) => true,
            // a weakref proxy's slots are its type's dunders, which forward to the referent
            Payload::WeakRef(_) => {
                self.is_heap_type(o.ty) || crate::modules::weakref::is_proxy(self, id)
            }
            _ => self.is_heap_type(o.ty),
        }
    }

    pub fn new_num(&mut self, n: Num) -> ObjId {
        match n {
            Num::Int(i) => self.new_bigint(i),
            Num::Float(f) => self.new_float(f),
            Num::Complex(re, im) => self.new_complex(re, im),
        }
    }

    // ---- binary operators ----

    /// `BINARY_OP`: `a op b` (or `a op= b`). Borrowed operands, new reference.
    pub fn binary_op(&mut self, a: ObjId, b: ObjId, op: BinOp, inplace: bool) -> PyResult<ObjId> {
        if let (Payload::Int(x), Payload::Int(y)) = (self.heap.payload(a), self.heap.payload(b)) {
            let int_t = self.types[crate::object::BuiltinType::Int as usize];
            if self.heap.get(a).ty == int_t && self.heap.get(b).ty == int_t {
                if let Some(r) = small_int_op(*x, *y, op) {
                    return Ok(self.new_int(r));
                }
            }
        }
        // two exact floats: `float_add` and friends directly (what the generic path below
        // comes to for them: float has no Python-level slot and no in-place one)
        if let (Payload::Float(x), Payload::Float(y)) = (self.heap.payload(a), self.heap.payload(b))
        {
            let float_t = self.types[crate::object::BuiltinType::Float as usize];
            if self.heap.get(a).ty == float_t && self.heap.get(b).ty == float_t {
                if let Some(r) = float_binary_plain(*x, *y, op) {
                    return Ok(self.new_float(r));
                }
            }
        }
        let (_, _, iname) = dunder_names(op);
        if inplace {
            // binary_iop1: the left operand's in-place slot first
            if let Some(d) = self.py_slot(a, iname) {
                let r = self.call_slot(d, a, &[b])?;
                if r != self.statics.not_implemented {
                    return Ok(r);
                }
                self.decref(r);
            } else if let Some(r) = self.inplace_native(a, b, op) {
                return r;
            }
        }
        if let Some(r) = self.binary_op1(a, b, op)? {
            return Ok(r);
        }
        if op == BinOp::Mult {
            if let Some(r) = self.sequence_repeat_fallback(a, b, inplace) {
                return r;
            }
        }
        Err(self.binary_type_error(a, b, op, inplace))
    }

    /// Is `v` an instance of a class over a builtin sequence whose `sq_*` slot for these
    /// operator names was cleared by a Python-level definition of one of them?
    fn sq_slot_cleared(&mut self, v: ObjId, names: &[&'static str]) -> bool {
        if !matches!(
            self.heap.payload(v),
            Payload::Str(_) | Payload::List(_) | Payload::Tuple(_) | Payload::Bytes(_)
        ) {
            return false;
        }
        let ty = self.type_of(v);
        self.is_heap_type(ty) && names.iter().any(|n| self.type_py_slot(ty, n).is_some())
    }

    /// `PyNumber_Multiply` / `PyNumber_InPlaceMultiply` once both `nb_multiply` slots
    /// declined: a builtin sequence's `sq_repeat` (`sq_inplace_repeat` for `*=`) with the
    /// other operand as the count, which `sequence_repeat` takes through `__index__` (a
    /// count that has none: "can't multiply sequence by non-int"). For `*=` the right
    /// operand is the sequence only when the left one's type has no `tp_as_sequence` at all
    /// (a builtin number), never for a class's instance, whose type always has one.
    fn sequence_repeat_fallback(
        &mut self,
        a: ObjId,
        b: ObjId,
        inplace: bool,
    ) -> Option<PyResult<ObjId>> {
        let is_seq = |vm: &Self, v: ObjId| {
            matches!(
                vm.heap.payload(v),
                Payload::Str(_) | Payload::List(_) | Payload::Tuple(_) | Payload::Bytes(_)
            )
        };
        let names = ["__mul__", "__rmul__"];
        let (seq, count) = if is_seq(self, a) && !self.sq_slot_cleared(a, &names) {
            (a, b)
        } else if is_seq(self, b)
            && !self.sq_slot_cleared(b, &names)
            && (!inplace || !self.is_heap_type(self.type_of(a)))
        {
            (b, a)
        } else {
            return None;
        };
        if self.as_bigint(count).is_some() {
            // an int count was the builtin slot's to take
            return None;
        }
        if self.py_slot(count, "__index__").is_none() {
            let msg = format!(
                "can't multiply sequence by non-int of type '{}'",
                self.type_name(count)
            );
            return Some(Err(self.type_error(&msg)));
        }
        let n = match crate::builtins::index_arg(self, count) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        if inplace && seq == a && matches!(self.heap.payload(a), Payload::List(_)) {
            // list_inplace_repeat: the list itself, repeated
            let Some(k) = n.to_i64() else {
                let msg = format!(
                    "cannot fit '{}' into an index-sized integer",
                    self.type_name(count)
                );
                return Some(Err(self.new_exception(ExcKind::OverflowError, &msg)));
            };
            return Some(self.list_inplace_repeat(a, k).map(|_| self.new_ref(a)));
        }
        if inplace && seq == a && self.is_bytearray(a) {
            // bytearray_irepeat: the bytearray itself, repeated
            let k = self.new_bigint(n);
            let r = self.bytearray_inplace(a, k, BinOp::Mult);
            self.decref(k);
            return Some(r);
        }
        Some(self.sequence_repeat(seq, &n, count))
    }

    /// Does class `ty` define the operator in Python (its `nb_*` slot is `slot_nb_*`)?
    fn binop_is_python(&mut self, ty: ObjId, fwd: &'static str, refl: &'static str) -> bool {
        // (a native type's slots are the wrappers in its dict: found the same way)
        if self.type_py_slot(ty, fwd).is_some() || self.type_py_slot(ty, refl).is_some() {
            return true;
        }
        let bit = nb_sticky_bit(fwd);
        bit != 0
            && self.mro_of(ty).into_iter().any(
                |t| matches!(self.heap.payload(t), Payload::Type(tt) if tt.nb_sticky & bit != 0),
            )
    }

    /// `update_slot` for `nb_add`/`nb_multiply` after a class and its subclasses changed
    /// `name` (or the class was made): a class over a builtin sequence whose slot is now
    /// `slot_nb_*` keeps it ([`crate::object::TypeObj::nb_sticky`]).
    pub(crate) fn update_nb_sticky(&mut self, ty: ObjId, name: &str) {
        let (fwd, refl, bit) = match name {
            "__add__" | "__radd__" => ("__add__", "__radd__", 1u8),
            "__mul__" | "__rmul__" => ("__mul__", "__rmul__", 2u8),
            _ => return,
        };
        let mut todo = vec![ty];
        let mut seen: Vec<ObjId> = Vec::new();
        while let Some(t) = todo.pop() {
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            let over_sequence = matches!(
                self.builtin_base(t),
                crate::object::BuiltinType::Str
                    | crate::object::BuiltinType::Tuple
                    | crate::object::BuiltinType::Bytes
                    | crate::object::BuiltinType::List
                    | crate::object::BuiltinType::ByteArray
            );
            if over_sequence
                && self.is_heap_type(t)
                && (self.type_py_slot(t, fwd).is_some() || self.type_py_slot(t, refl).is_some())
            {
                if let Payload::Type(tt) = self.heap.payload_mut(t) {
                    tt.nb_sticky |= bit;
                }
            }
            let subs = match self.heap.payload(t) {
                Payload::Type(tt) => tt.subclasses,
                _ => None,
            };
            if let Some(d) = subs {
                for (_, wr) in self.dict_pairs(d) {
                    if let Payload::WeakRef(w) = self.heap.payload(wr) {
                        if let Some(c) = w.referent {
                            todo.push(c);
                        }
                    }
                }
            }
        }
    }

    /// `binary_op1`: the left operand's slot and the right operand's (first when the right
    /// operand's type is a subclass of the left's). `Ok(None)` is NotImplemented.
    pub(crate) fn binary_op1(&mut self, a: ObjId, b: ObjId, op: BinOp) -> PyResult<Option<ObjId>> {
        self.nb_binary1(a, b, NbOp::Bin(op))
    }

    pub(crate) fn nb_binary1(&mut self, a: ObjId, b: ObjId, op: NbOp) -> PyResult<Option<ObjId>> {
        let (fwd, refl) = op.names();
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let a_py = self.binop_is_python(ta, fwd, refl);
        let b_py = ta != tb && self.binop_is_python(tb, fwd, refl);
        match (a_py, b_py) {
            // slotv == slotw (both `slot_nb_*`): one call, which tries the other side itself
            (true, _) => {
                if let Some(r) = self.slot_nb_binary(a, b, op)? {
                    return Ok(Some(r));
                }
                if !b_py && ta != tb {
                    return self.nb_native(a, b, op).transpose();
                }
                Ok(None)
            }
            (false, true) => {
                // the builtin sequences have no `nb_add`/`nb_multiply`: their `+` and `*` are
                // `sq_concat`/`sq_repeat`, which `PyNumber_Add`/`PyNumber_Multiply` try only
                // after both number slots, so the other operand's Python method comes first
                let sequence_op = matches!(op, NbOp::Bin(BinOp::Add | BinOp::Mult))
                    && [a, b].iter().any(|&v| {
                        matches!(
                            self.heap.payload(v),
                            Payload::Str(_)
                                | Payload::List(_)
                                | Payload::Tuple(_)
                                | Payload::Bytes(_)
                        )
                    });
                if sequence_op || self.is_subtype(tb, ta) {
                    if let Some(r) = self.slot_nb_binary(a, b, op)? {
                        return Ok(Some(r));
                    }
                    return self.nb_native(a, b, op).transpose();
                }
                if let Some(r) = self.nb_native(a, b, op).transpose()? {
                    return Ok(Some(r));
                }
                self.slot_nb_binary(a, b, op)
            }
            (false, false) => self.nb_native(a, b, op).transpose(),
        }
    }

    /// The builtin numbers' and sequences' own slots for the operator (both operands'
    /// builtin slots at once); None for NotImplemented.
    pub(crate) fn nb_native(&mut self, a: ObjId, b: ObjId, op: NbOp) -> Option<PyResult<ObjId>> {
        if let NbOp::Bin(op) = op {
            // a class over a builtin sequence that defines `__add__` (`__mul__` or `__rmul__`)
            // in Python has `sq_concat` (`sq_repeat`) NULL: slotdefs' SQSLOT entries for those
            // names have no function, so `update_one_slot` clears the slot rather than inherit
            // the builtin's. `PyNumber_Add` concatenates with the left operand's `sq_concat`
            // only; `PyNumber_Multiply` repeats with either operand's `sq_repeat`.
            match op {
                BinOp::Add if self.sq_slot_cleared(a, &["__add__"]) => return None,
                BinOp::Mult
                    if (self.sq_slot_cleared(a, &["__mul__", "__rmul__"])
                        && self.as_bigint(b).is_some())
                        || (self.sq_slot_cleared(b, &["__mul__", "__rmul__"])
                            && self.as_bigint(a).is_some()) =>
                {
                    return None
                }
                _ => {}
            }
        }
        match op {
            NbOp::Bin(op) => self.native_binary(a, b, op),
            NbOp::Divmod => crate::builtins::functions::native_divmod(self, a, b),
        }
    }

    /// `SLOT1BINFULL` (`slot_nb_add` and friends): `a.__op__(b)`, and `b.__rop__(a)` when
    /// `b`'s class defines the operator in Python too (first if it is a subclass of `a`'s
    /// and overrides `__rop__`). The methods found may be builtin wrappers (a class that
    /// defines only `__radd__` over `int` still adds with `int.__add__`).
    fn slot_nb_binary(&mut self, a: ObjId, b: ObjId, op: NbOp) -> PyResult<Option<ObjId>> {
        let (fwd, refl) = op.names();
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let mut do_other = ta != tb && self.binop_is_python(tb, fwd, refl);
        if self.binop_is_python(ta, fwd, refl) {
            if do_other && self.is_subtype(tb, ta) && self.method_is_overloaded(ta, tb, refl) {
                if let Some(r) = self.call_method_maybe(b, refl, &[a])? {
                    if r != self.statics.not_implemented {
                        return Ok(Some(r));
                    }
                    self.decref(r);
                }
                do_other = false;
            }
            if let Some(r) = self.call_method_maybe(a, fwd, &[b])? {
                if r != self.statics.not_implemented {
                    return Ok(Some(r));
                }
                self.decref(r);
            }
            if ta == tb {
                return Ok(None);
            }
        }
        if do_other {
            if let Some(r) = self.call_method_maybe(b, refl, &[a])? {
                if r != self.statics.not_implemented {
                    return Ok(Some(r));
                }
                self.decref(r);
            }
        }
        Ok(None)
    }

    /// `method_is_overloaded`: does `right`'s class find a different `name` than `left`'s?
    fn method_is_overloaded(&mut self, left: ObjId, right: ObjId, name: &str) -> bool {
        let Some(b) = self.type_lookup_str(right, name) else {
            return false;
        };
        match self.type_lookup_str(left, name) {
            Some(a) => a != b,
            None => true,
        }
    }

    /// Call a class's Python-level special method; None when it has none or it returns
    /// NotImplemented.
    pub(crate) fn call_dunder(
        &mut self,
        obj: ObjId,
        name: &'static str,
        args: &[ObjId],
    ) -> PyResult<Option<ObjId>> {
        let Some(m) = self.py_slot(obj, name) else {
            return Ok(None);
        };
        let r = self.call_slot(m, obj, args)?;
        if r == self.statics.not_implemented {
            self.decref(r);
            return Ok(None);
        }
        Ok(Some(r))
    }

    pub(crate) fn binary_type_error(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: BinOp,
        inplace: bool,
    ) -> super::PyErr {
        let ta = self.type_name(a);
        let tb = self.type_name(b);
        let seq = |p: &Payload| {
            matches!(
                p,
                Payload::Str(_) | Payload::List(_) | Payload::Tuple(_) | Payload::Bytes(_)
            )
        };
        // PyNumber_Add once both number slots declined: the left operand's sq_concat, whatever
        // the right one is. bytes_concat / bytearray_concat name both types (the buffer
        // protocol's message); unicode_concat, list_concat and tuple_concat name their own
        // type, never a subclass
        if op == BinOp::Add && seq(self.heap.payload(a)) && !self.sq_slot_cleared(a, &["__add__"]) {
            let msg = match self.heap.payload(a) {
                Payload::Bytes(_) => format!("can't concat {tb} to {ta}"),
                Payload::Str(_) => format!("can only concatenate str (not \"{tb}\") to str"),
                Payload::List(_) => format!("can only concatenate list (not \"{tb}\") to list"),
                _ => format!("can only concatenate tuple (not \"{tb}\") to tuple"),
            };
            return self.type_error(&msg);
        }
        let names = ["__mul__", "__rmul__"];
        if op == BinOp::Mult && !self.sq_slot_cleared(a, &names) && !self.sq_slot_cleared(b, &names)
        {
            if seq(self.heap.payload(a)) && !self.is_user_object(b) {
                return self.type_error(&format!(
                    "can't multiply sequence by non-int of type '{tb}'"
                ));
            }
            if seq(self.heap.payload(b)) && !self.is_user_object(a) {
                return self.type_error(&format!(
                    "can't multiply sequence by non-int of type '{ta}'"
                ));
            }
        }
        let sym = op.symbol();
        let msg = if op == BinOp::Pow && !inplace {
            format!("unsupported operand type(s) for ** or pow(): '{ta}' and '{tb}'")
        } else if inplace {
            format!("unsupported operand type(s) for {sym}=: '{ta}' and '{tb}'")
        } else {
            format!("unsupported operand type(s) for {sym}: '{ta}' and '{tb}'")
        };
        self.type_error(&msg)
    }

    /// In-place operations of builtin mutable types: `list +=` extends, `list *=` repeats,
    /// set and dict `|=` etc. update in place and return the same object.
    pub(crate) fn inplace_native(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: BinOp,
    ) -> Option<PyResult<ObjId>> {
        match (self.heap.payload(a), op) {
            (Payload::List(_), BinOp::Add) => Some(self.list_extend(a, b).map(|_| self.new_ref(a))),
            (Payload::List(_), BinOp::Mult) => {
                let n = self.as_i64(b)?;
                Some(self.list_inplace_repeat(a, n).map(|_| self.new_ref(a)))
            }
            // bytearray_iconcat / bytearray_irepeat: the bytearray itself grows
            (Payload::Bytes(_), BinOp::Add | BinOp::Mult) if self.is_bytearray(a) => {
                Some(self.bytearray_inplace(a, b, op))
            }
            (Payload::Set(_), BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor) => {
                if !matches!(
                    self.heap.payload(b),
                    Payload::Set(_) | Payload::FrozenSet(_)
                ) {
                    return None;
                }
                Some(self.set_inplace(a, b, op).map(|_| self.new_ref(a)))
            }
            (Payload::Dict(_), BinOp::BitOr) => {
                if !matches!(self.heap.payload(b), Payload::Dict(_)) {
                    // dict_ior: dict_update_arg takes a mapping or an iterable of pairs
                    if self.is_user_object(b) {
                        return None;
                    }
                    return Some(
                        crate::builtins::methods::dict_update_impl(self, a, b)
                            .map(|_| self.new_ref(a)),
                    );
                }
                Some(self.dict_update_from(a, b, false).map(|_| self.new_ref(a)))
            }
            _ => None,
        }
    }

    /// `ba += x` (a bytes-like `x`) and `ba *= n`: the bytearray is changed and returned.
    fn bytearray_inplace(&mut self, a: ObjId, b: ObjId, op: BinOp) -> PyResult<ObjId> {
        let mut buf = match self.heap.payload(a) {
            Payload::Bytes(x) => x.to_vec(),
            _ => Vec::new(),
        };
        if op == BinOp::Add {
            match self.heap.payload(b) {
                // bytearray_iconcat holds `b`'s buffer while resizing: `ba += ba` cannot
                Payload::Bytes(y) if b == a && !y.is_empty() => {
                    return Err(self.new_exception(
                        ExcKind::BufferError,
                        "Existing exports of data: object cannot be re-sized",
                    ));
                }
                Payload::Bytes(y) => buf.extend_from_slice(y),
                _ => {
                    let msg = format!("can't concat {} to bytearray", self.type_name(b));
                    return Err(self.type_error(&msg));
                }
            }
        } else {
            // `sequence_repeat`'s count: an int, or anything with `__index__`
            let n = match self.as_bigint(b) {
                Some(n) => n,
                None if self.py_slot(b, "__index__").is_some() => {
                    crate::builtins::index_arg(self, b)?
                }
                None => {
                    let msg = format!(
                        "can't multiply sequence by non-int of type '{}'",
                        self.type_name(b)
                    );
                    return Err(self.type_error(&msg));
                }
            };
            let Some(n) = num_traits::ToPrimitive::to_i64(&n) else {
                let msg = format!(
                    "cannot fit '{}' into an index-sized integer",
                    self.type_name(b)
                );
                return Err(self.new_exception(ExcKind::OverflowError, &msg));
            };
            let n = n.max(0) as u128;
            let total = n * buf.len() as u128;
            if total > i64::MAX as u128 {
                return Err(self.new_exception(ExcKind::MemoryError, ""));
            }
            self.check_memory(total)?;
            buf = buf.repeat(n as usize);
        }
        self.bytearray_store(a, buf)?;
        Ok(self.new_ref(a))
    }

    /// Builtin types' binary operators; None for NotImplemented.
    pub(crate) fn native_binary(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: BinOp,
    ) -> Option<PyResult<ObjId>> {
        if let (Payload::Bool(x), Payload::Bool(y)) = (self.heap.payload(a), self.heap.payload(b)) {
            // bool_and / bool_or / bool_xor: both operands bools give a bool.
            let r = match op {
                BinOp::BitAnd => Some(*x & *y),
                BinOp::BitOr => Some(*x | *y),
                BinOp::BitXor => Some(*x ^ *y),
                _ => None,
            };
            if let Some(r) = r {
                return Some(Ok(self.new_bool(r)));
            }
        }
        if let (Some(x), Some(y)) = (self.as_num(a), self.as_num(b)) {
            return self.numeric_binary(x, y, op).transpose();
        }
        // `type_or`, `ga_or`, union's `nb_or`: `_Py_union_type_or`
        if op == BinOp::BitOr {
            if let Some(r) = self.union_type_or(a, b) {
                return Some(r);
            }
        }
        if op == BinOp::Add {
            // the new sequence's size, asked of the memory caps before it is built
            let need = match (self.heap.payload(a), self.heap.payload(b)) {
                (Payload::Str(x), Payload::Str(y)) => Some(x.as_str().len() + y.as_str().len()),
                (Payload::Bytes(x), Payload::Bytes(y)) => Some(x.len() + y.len()),
                (Payload::List(x), Payload::List(y)) => Some((x.items.len() + y.items.len()) * 8),
                (Payload::Tuple(x), Payload::Tuple(y)) => Some((x.len() + y.len()) * 8),
                _ => None,
            };
            if let Some(n) = need.filter(|&n| n >= 1 << 20) {
                if let Err(e) = self.check_memory(n as u128) {
                    return Some(Err(e));
                }
            }
        }
        match (self.heap.payload(a), self.heap.payload(b), op) {
            (Payload::Str(x), Payload::Str(y), BinOp::Add) => {
                if y.len == 0 && self.builtin_type_of(a) == Some(crate::object::BuiltinType::Str) {
                    return Some(Ok(self.new_ref(a)));
                }
                if x.len == 0 && self.builtin_type_of(b) == Some(crate::object::BuiltinType::Str) {
                    return Some(Ok(self.new_ref(b)));
                }
                let s = format!("{}{}", x.as_str(), y.as_str());
                Some(Ok(self.new_string(s)))
            }
            (Payload::Str(_), _, BinOp::Mult)
            | (Payload::List(_), _, BinOp::Mult)
            | (Payload::Tuple(_), _, BinOp::Mult)
            | (Payload::Bytes(_), _, BinOp::Mult) => {
                let n = self.as_bigint(b)?;
                Some(self.sequence_repeat(a, &n, b))
            }
            (_, Payload::Str(_), BinOp::Mult)
            | (_, Payload::List(_), BinOp::Mult)
            | (_, Payload::Tuple(_), BinOp::Mult)
            | (_, Payload::Bytes(_), BinOp::Mult) => {
                let n = self.as_bigint(a)?;
                Some(self.sequence_repeat(b, &n, a))
            }
            (Payload::Str(_), _, BinOp::Mod) => Some(self.percent_format(a, b)),
            (Payload::Bytes(_), _, BinOp::Mod) => Some(self.bytes_percent_format(a, b)),
            // bytes_concat: with an empty operand the other one, when it is an exact bytes
            (Payload::Bytes(x), Payload::Bytes(_), BinOp::Add)
                if x.is_empty()
                    && self.builtin_type_of(b) == Some(crate::object::BuiltinType::Bytes) =>
            {
                Some(Ok(self.new_ref(b)))
            }
            (Payload::Bytes(_), Payload::Bytes(y), BinOp::Add)
                if y.is_empty()
                    && self.builtin_type_of(a) == Some(crate::object::BuiltinType::Bytes) =>
            {
                Some(Ok(self.new_ref(a)))
            }
            (Payload::Bytes(x), Payload::Bytes(y), BinOp::Add) => {
                let mut v = x.to_vec();
                v.extend_from_slice(y);
                Some(Ok(self.new_bytes_like(a, v)))
            }
            (Payload::List(x), Payload::List(y), BinOp::Add) => {
                let mut items = x.items.to_vec();
                items.extend_from_slice(&y.items);
                for &i in &items {
                    self.incref(i);
                }
                Some(Ok(self.new_list(items)))
            }
            (Payload::Tuple(x), Payload::Tuple(y), BinOp::Add) => {
                let exact =
                    |vm: &Vm, id| vm.builtin_type_of(id) == Some(crate::object::BuiltinType::Tuple);
                if y.is_empty() && exact(self, a) {
                    return Some(Ok(self.new_ref(a)));
                }
                if x.is_empty() && exact(self, b) {
                    return Some(Ok(self.new_ref(b)));
                }
                let mut items = x.to_vec();
                items.extend_from_slice(y);
                for &i in &items {
                    self.incref(i);
                }
                Some(Ok(self.new_tuple(items)))
            }
            (
                Payload::Set(_) | Payload::FrozenSet(_),
                Payload::Set(_) | Payload::FrozenSet(_),
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor,
            ) => Some(self.set_binary(a, b, op)),
            (Payload::Dict(_), Payload::Dict(_), BinOp::BitOr) => Some(self.dict_or(a, b)),
            _ if matches!(
                op,
                BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor
            ) && (self.is_set_like_view(a) || self.is_set_like_view(b)) =>
            {
                Some(self.dictview_binary(a, b, op))
            }
            _ => None,
        }
    }

    /// Numbers' binary operators; `Ok(None)` is NotImplemented (`1.0 << 1`), so the caller
    /// names both operand types in the TypeError.
    fn numeric_binary(&mut self, x: Num, y: Num, op: BinOp) -> PyResult<Option<ObjId>> {
        let r = match (x, y) {
            (Num::Int(a), Num::Int(b)) => int_binary(&a, &b, op),
            (x, y) if matches!(x, Num::Complex(..)) || matches!(y, Num::Complex(..)) => {
                // complex has no `//`, `%`, `divmod` or bitwise slot: NotImplemented before
                // any operand is converted (`10**400 // 1j` is a TypeError)
                if !matches!(
                    op,
                    BinOp::Add | BinOp::Sub | BinOp::Mult | BinOp::Div | BinOp::Pow
                ) {
                    return Ok(None);
                }
                // `to_complex`: an int operand becomes a float first (OverflowError past
                // the float range)
                let parts = complex_parts(&x).and_then(|a| Ok((a, complex_parts(&y)?)));
                match parts {
                    Ok(((ar, ai), (br, bi))) => complex_binary(ar, ai, br, bi, op),
                    Err(e) => Err(e),
                }
            }
            (x, y) => {
                let a = match to_f64(&x) {
                    Ok(f) => f,
                    Err(e) => return Err(self.num_error(e)),
                };
                let b = match to_f64(&y) {
                    Ok(f) => f,
                    Err(e) => return Err(self.num_error(e)),
                };
                float_binary(a, b, op)
            }
        };
        match r {
            Ok(Some(n)) => Ok(Some(self.new_num(n))),
            Ok(None) => Ok(None),
            Err(e) => Err(self.num_error(e)),
        }
    }

    /// `sq_repeat` through `sequence_repeat`: the count (`count_obj`, an int) is taken by
    /// `PyNumber_AsSsize_t(n, PyExc_OverflowError)`, so one past a `Py_ssize_t` either way is
    /// an OverflowError naming its type, before any size is worked out.
    fn sequence_repeat(&mut self, seq: ObjId, n: &BigInt, count_obj: ObjId) -> PyResult<ObjId> {
        if n.to_i64().is_none() {
            let msg = format!(
                "cannot fit '{}' into an index-sized integer",
                self.type_name(count_obj)
            );
            return Err(self.new_exception(ExcKind::OverflowError, &msg));
        }
        let count = if n.is_negative() {
            0
        } else {
            n.to_usize().unwrap_or(usize::MAX)
        };
        let len = self.len_of_builtin(seq).unwrap_or(0);
        let exact = |vm: &Vm, id| {
            matches!(
                vm.builtin_type_of(id),
                Some(crate::object::BuiltinType::Str)
                    | Some(crate::object::BuiltinType::Tuple)
                    | Some(crate::object::BuiltinType::Bytes)
            )
        };
        if count == 1 && exact(self, seq) {
            return Ok(self.new_ref(seq));
        }
        // the result's size: the bytes of a bytes or of a str's text, a pointer an item
        let per_copy: u128 = match self.heap.payload(seq) {
            Payload::Str(s) => s.as_str().len() as u128,
            Payload::Bytes(b) => b.len() as u128,
            _ => 8 * len as u128,
        };
        let total = per_copy * (count as u128);
        if total > isize::MAX as u128 {
            return Err(self.new_exception_empty(ExcKind::MemoryError));
        }
        self.check_memory(total)?;
        let count = if len == 0 { 0 } else { count };
        match self.heap.payload(seq) {
            Payload::Str(s) => {
                let out = s.as_str().repeat(count);
                Ok(self.new_string(out))
            }
            Payload::Bytes(b) => {
                let out = b.repeat(count);
                Ok(self.new_bytes_like(seq, out))
            }
            Payload::List(l) => {
                let items: Vec<ObjId> = l.items.iter().copied().cycle().take(len * count).collect();
                for &i in &items {
                    self.incref(i);
                }
                Ok(self.new_list(items))
            }
            Payload::Tuple(t) => {
                let items: Vec<ObjId> = t.iter().copied().cycle().take(len * count).collect();
                for &i in &items {
                    self.incref(i);
                }
                Ok(self.new_tuple(items))
            }
            _ => Ok(self.new_none()),
        }
    }

    // ---- unary operators ----

    pub fn unary_negative(&mut self, v: ObjId) -> PyResult<ObjId> {
        if let Some(r) = self.call_dunder(v, "__neg__", &[])? {
            return Ok(r);
        }
        self.unary_native(v, "__neg__")
    }

    pub fn unary_positive(&mut self, v: ObjId) -> PyResult<ObjId> {
        if let Some(r) = self.call_dunder(v, "__pos__", &[])? {
            return Ok(r);
        }
        self.unary_native(v, "__pos__")
    }

    pub fn unary_invert(&mut self, v: ObjId) -> PyResult<ObjId> {
        if let Some(r) = self.call_dunder(v, "__invert__", &[])? {
            return Ok(r);
        }
        self.unary_native(v, "__invert__")
    }

    /// A builtin number's own unary slot (`long_neg`, `float_pos`...): `+x` of an exact int
    /// or float is `x` itself, of a subclass instance an exact copy (`long_long`).
    pub(crate) fn unary_native(&mut self, v: ObjId, name: &str) -> PyResult<ObjId> {
        let exact = !self.is_user_object(v);
        match (name, self.as_num(v)) {
            ("__neg__", Some(Num::Int(n))) => Ok(self.new_bigint(-n)),
            ("__neg__", Some(Num::Float(f))) => Ok(self.new_float(-f)),
            ("__neg__", Some(Num::Complex(re, im))) => Ok(self.new_complex(-re, -im)),
            ("__invert__", Some(Num::Int(n))) => Ok(self.new_bigint(-n - 1)),
            ("__pos__", Some(n)) => {
                if let Payload::Bool(b) = self.heap.payload(v) {
                    let b = *b as i64;
                    return Ok(self.new_int(b));
                }
                if exact {
                    return Ok(self.new_ref(v));
                }
                Ok(self.new_num(n))
            }
            _ => {
                let sym = match name {
                    "__neg__" => "-",
                    "__pos__" => "+",
                    _ => "~",
                };
                let msg = format!("bad operand type for unary {sym}: '{}'", self.type_name(v));
                Err(self.type_error(&msg))
            }
        }
    }

    // ---- truth ----

    /// `PyObject_IsTrue`: `nb_bool` (a class's `__bool__`, a number's value), else the length
    /// (`mp_length`/`sq_length`, a class's `__len__`), else true.
    pub fn is_true(&mut self, v: ObjId) -> PyResult<bool> {
        let user = self.is_user_object(v);
        if user {
            if let Some(r) = self.call_dunder(v, "__bool__", &[])? {
                let b = match self.heap.payload(r) {
                    Payload::Bool(b) => Some(*b),
                    _ => None,
                };
                let tn = self.type_name(r);
                self.decref(r);
                return match b {
                    Some(b) => Ok(b),
                    None => {
                        Err(self.type_error(&format!("__bool__ should return bool, returned {tn}")))
                    }
                };
            }
        }
        let numeric = matches!(
            self.heap.payload(v),
            Payload::Int(_) | Payload::BigInt(_) | Payload::Float(_) | Payload::Complex(..)
        );
        if user && !numeric {
            if let Some(f) = self.py_slot(v, "__len__") {
                let r = self.call_slot(f, v, &[])?;
                return Ok(self.slot_len_result(r)? != 0);
            }
        }
        if v == self.statics.not_implemented {
            // notimplemented_bool (3.11): true, with a DeprecationWarning
            self.warn(
                ExcKind::DeprecationWarning,
                "NotImplemented should not be used in a boolean context",
            )?;
            return Ok(true);
        }
        let r = match self.heap.payload(v) {
            Payload::Bool(b) => *b,
            Payload::None => false,
            Payload::Int(n) => *n != 0,
            Payload::BigInt(n) => !n.is_zero(),
            Payload::Float(f) => *f != 0.0,
            Payload::Complex(re, im) => *re != 0.0 || *im != 0.0,
            Payload::Str(s) => s.len != 0,
            Payload::Bytes(b) => !b.is_empty(),
            Payload::Tuple(t) => !t.is_empty(),
            Payload::List(l) => !l.items.is_empty(),
            Payload::Dict(d) => !d.is_empty(),
            Payload::Set(s) | Payload::FrozenSet(s) => !s.is_empty(),
            Payload::Range(_) => self.len_of_builtin(v).unwrap_or(0) != 0,
            Payload::DictView { dict, .. } | Payload::MappingProxy(dict) => {
                self.len_of_builtin(*dict).unwrap_or(0) != 0
            }
            _ => true,
        };
        Ok(r)
    }

    // ---- comparison ----

    /// `COMPARE_OP`: a new reference to the result (usually a bool). `PyObject_RichCompare`
    /// guards the recursion (nested containers compare their items).
    pub fn rich_compare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<ObjId> {
        self.recursive_call(" in comparison", |vm| vm.do_richcompare(a, b, op))
    }

    /// `do_richcompare`: the right operand's `tp_richcompare` first when its type is a
    /// subclass of the left's, then the left's, then the right's; `==` and `!=` fall back to
    /// identity.
    pub(crate) fn do_richcompare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<ObjId> {
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let mut checked_reverse = false;
        if ta != tb && self.is_subtype(tb, ta) {
            checked_reverse = true;
            if let Some(r) = self.type_richcompare(b, a, reflect(op))? {
                return Ok(r);
            }
        }
        if let Some(r) = self.type_richcompare(a, b, op)? {
            return Ok(r);
        }
        if !checked_reverse {
            if let Some(r) = self.type_richcompare(b, a, reflect(op))? {
                return Ok(r);
            }
        }
        self.compare_fallback(a, b, op)
    }

    /// `Py_TYPE(a)->tp_richcompare(a, b, op)`: `slot_tp_richcompare` for a class that
    /// defines a comparison in Python (it calls the method for `op`, builtin or not), else the
    /// builtin comparison. `Ok(None)` is NotImplemented.
    pub(crate) fn type_richcompare(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> PyResult<Option<ObjId>> {
        let ta = self.type_of(a);
        // (`type_py_slot` finds nothing on a static type whose slots are not in its dict:
        // asked once here rather than for each of the six names)
        let python = (self.is_heap_type(ta) || self.slots_in_dict(ta))
            && ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]
                .iter()
                .any(|n| self.type_py_slot(ta, n).is_some());
        if python {
            let (name, _, _) = cmp_names(op);
            return match self.call_method_maybe(a, name, &[b])? {
                Some(r) if r == self.statics.not_implemented => {
                    self.decref(r);
                    Ok(None)
                }
                r => Ok(r),
            };
        }
        self.native_richcompare(a, b, op)
    }

    /// A builtin type's own `tp_richcompare` (`object_richcompare` for plain instances:
    /// identity for `==`, `!=` the inverse of the type's `==`).
    pub(crate) fn native_richcompare(
        &mut self,
        a: ObjId,
        b: ObjId,
        op: CmpOp,
    ) -> PyResult<Option<ObjId>> {
        if op == CmpOp::NotEq && matches!(self.heap.payload(a), Payload::Instance(_)) {
            // object_richcompare's Py_NE: invert the type's own `==`
            return match self.type_richcompare(a, b, CmpOp::Eq)? {
                Some(r) => {
                    let t = self.is_true(r);
                    self.decref(r);
                    Ok(Some(self.new_bool(!t?)))
                }
                None => Ok(None),
            };
        }
        if let Payload::MappingProxy(d) = self.heap.payload(a) {
            // `mappingproxy_richcompare`: `PyObject_RichCompare(mapping, w, op)`, whatever
            // object that gives (never coerced to a bool)
            let d = *d;
            return self.rich_compare(d, b, op).map(Some);
        }
        match self.native_compare(a, b, op) {
            Some(r) => {
                let r = r?;
                Ok(Some(self.new_bool(r)))
            }
            None => Ok(None),
        }
    }

    /// Both sides returned NotImplemented: `==`/`!=` fall back to identity, orderings fail.
    fn compare_fallback(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<ObjId> {
        match op {
            CmpOp::Eq => Ok(self.new_bool(a == b)),
            CmpOp::NotEq => Ok(self.new_bool(a != b)),
            _ => {
                let (_, _, sym) = cmp_names(op);
                let msg = format!(
                    "'{sym}' not supported between instances of '{}' and '{}'",
                    self.type_name(a),
                    self.type_name(b)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// `PyObject_RichCompareBool`: identity implies equality.
    pub fn compare_bool(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<bool> {
        if a == b {
            if op == CmpOp::Eq {
                return Ok(true);
            }
            if op == CmpOp::NotEq {
                return Ok(false);
            }
        }
        let r = self.rich_compare(a, b, op)?;
        let t = if r == self.statics.true_ {
            Ok(true)
        } else if r == self.statics.false_ {
            Ok(false)
        } else {
            self.is_true(r)
        };
        self.decref(r);
        t
    }

    pub fn eq(&mut self, a: ObjId, b: ObjId) -> PyResult<bool> {
        self.compare_bool(a, b, CmpOp::Eq)
    }

    /// Comparison of builtin values; None when the types do not compare.
    fn native_compare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> Option<PyResult<bool>> {
        // the common cases without making bignums (`long_richcompare`, `float_richcompare`)
        match (self.heap.payload(a), self.heap.payload(b)) {
            (Payload::Int(x), Payload::Int(y)) => {
                return Some(Ok(ordering_matches(x.cmp(y), op)));
            }
            (Payload::Float(x), Payload::Float(y)) => return Some(Ok(float_cmp(*x, *y, op))),
            _ => {}
        }
        if let (Some(x), Some(y)) = (self.as_num(a), self.as_num(b)) {
            return num_compare(&x, &y, op).map(Ok);
        }
        let ord = match (self.heap.payload(a), self.heap.payload(b)) {
            (Payload::Str(x), Payload::Str(y)) => Some(x.as_str().cmp(y.as_str())),
            (Payload::Bytes(x), Payload::Bytes(y)) => Some(x.cmp(y)),
            (Payload::None, Payload::None) => Some(std::cmp::Ordering::Equal),
            _ => None,
        };
        if let Some(o) = ord {
            return match op {
                CmpOp::Eq => Some(Ok(o.is_eq())),
                CmpOp::NotEq => Some(Ok(!o.is_eq())),
                _ if matches!(self.heap.payload(a), Payload::None) => None,
                _ => Some(Ok(ordering_matches(o, op))),
            };
        }
        if let Some(r) = crate::modules::weakref::richcompare(self, a, b, op) {
            return Some(r);
        }
        match (self.heap.payload(a), self.heap.payload(b)) {
            (Payload::List(_), Payload::List(_)) | (Payload::Tuple(_), Payload::Tuple(_)) => {
                Some(self.sequence_compare(a, b, op))
            }
            (Payload::Dict(_), Payload::Dict(_)) => match op {
                CmpOp::Eq => Some(self.dict_equal(a, b)),
                CmpOp::NotEq => Some(self.dict_equal(a, b).map(|e| !e)),
                _ => None,
            },
            (Payload::Set(_) | Payload::FrozenSet(_), Payload::Set(_) | Payload::FrozenSet(_)) => {
                Some(self.set_compare(a, b, op))
            }
            _ if (self.is_set_like_view(a)
                && (self.is_set_like_view(b)
                    || matches!(
                        self.heap.payload(b),
                        Payload::Set(_) | Payload::FrozenSet(_)
                    )))
                || (self.is_set_like_view(b)
                    && matches!(
                        self.heap.payload(a),
                        Payload::Set(_) | Payload::FrozenSet(_)
                    )) =>
            {
                Some(self.dictview_compare(a, b, op))
            }
            // mappingproxy_richcompare: the mapping's comparison
            (Payload::MappingProxy(d), _) => {
                let d = *d;
                Some(self.compare_bool(d, b, op))
            }
            (_, Payload::MappingProxy(d)) => {
                let d = *d;
                Some(self.compare_bool(a, d, op))
            }
            // method_richcompare: the same function bound to the very same object
            (
                Payload::Method {
                    func: f1,
                    self_: s1,
                },
                Payload::Method {
                    func: f2,
                    self_: s2,
                },
            ) if matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
                let same = s1 == s2;
                let (f1, f2) = (*f1, *f2);
                let eq = if same { self.eq(f1, f2) } else { Ok(false) };
                Some(eq.map(|e| e == (op == CmpOp::Eq)))
            }
            (Payload::Union { .. }, Payload::Union { .. }) => self.union_richcompare(a, b, op),
            // meth_richcompare: the same builtin bound to the very same object
            (Payload::Builtin(x), Payload::Builtin(y))
                if matches!(op, CmpOp::Eq | CmpOp::NotEq) =>
            {
                let same = std::ptr::eq(x.func.0, y.func.0) && x.self_ == y.self_;
                Some(Ok(same == (op == CmpOp::Eq)))
            }
            (
                Payload::GenericAlias {
                    origin: o1,
                    args: a1,
                },
                Payload::GenericAlias {
                    origin: o2,
                    args: a2,
                },
            ) if matches!(op, CmpOp::Eq | CmpOp::NotEq) => {
                let (o1, a1, o2, a2) = (*o1, *a1, *o2, *a2);
                let eq = if o1 != o2 { Ok(false) } else { self.eq(a1, a2) };
                Some(eq.map(|e| e == (op == CmpOp::Eq)))
            }
            (Payload::Range(x), Payload::Range(y)) => match op {
                CmpOp::Eq | CmpOp::NotEq => {
                    let same = range_equal(x, y);
                    Some(Ok(same == (op == CmpOp::Eq)))
                }
                _ => None,
            },
            // object_richcompare: identity answers `==`, anything else is NotImplemented
            _ => match op {
                CmpOp::Eq if a == b => Some(Ok(true)),
                CmpOp::NotEq if a == b => Some(Ok(false)),
                _ => None,
            },
        }
    }

    /// Lexicographic comparison of lists/tuples: the first differing items decide.
    /// `list_richcompare` / `tuplerichcompare` over the items in place, re-read at every step
    /// as CPython's loops read `Py_SIZE` and `ob_item[i]` (a comparison may change a list).
    /// A list holds each pair of items while `==` runs on them and only lists shortcut `==`
    /// on unequal sizes; a tuple never changes, so its items are compared where they are.
    fn sequence_compare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<bool> {
        let lists = matches!(self.heap.payload(a), Payload::List(_));
        if lists
            && matches!(op, CmpOp::Eq | CmpOp::NotEq)
            && self.heap.seq_len(a) != self.heap.seq_len(b)
        {
            return Ok(op == CmpOp::NotEq);
        }
        let mut k = 0;
        while let (Some(i), Some(j)) = (self.heap.seq_item(a, k), self.heap.seq_item(b, k)) {
            k += 1;
            if lists {
                self.incref(i);
                self.incref(j);
            }
            let eq = self.eq(i, j);
            let eq = match eq {
                Ok(e) => e,
                Err(e) => {
                    if lists {
                        self.decref(i);
                        self.decref(j);
                    }
                    return Err(e);
                }
            };
            if !eq {
                if !lists {
                    return match op {
                        CmpOp::Eq => Ok(false),
                        CmpOp::NotEq => Ok(true),
                        _ => self.compare_bool(i, j, op),
                    };
                }
                // `==` may have shortened a list: then the sizes decide
                let (la, lb) = (self.heap.seq_len(a), self.heap.seq_len(b));
                let r = if k > la || k > lb {
                    Ok(ordering_matches(la.cmp(&lb), op))
                } else {
                    match op {
                        CmpOp::Eq => Ok(false),
                        CmpOp::NotEq => Ok(true),
                        _ => self.compare_bool(i, j, op),
                    }
                };
                self.decref(i);
                self.decref(j);
                return r;
            }
            if lists {
                self.decref(i);
                self.decref(j);
            }
        }
        let (la, lb) = (self.heap.seq_len(a), self.heap.seq_len(b));
        Ok(ordering_matches(la.cmp(&lb), op))
    }

    // ---- hashing ----

    /// `hash(obj)`: a class's `__hash__` (`slot_tp_hash`; `__hash__ = None`, which a class
    /// defining `__eq__` alone gets, makes it unhashable), else the builtin's.
    pub fn hash(&mut self, v: ObjId) -> PyResult<i64> {
        if self.is_user_object(v) {
            if let Some(h) = self.py_slot(v, "__hash__") {
                return self.slot_tp_hash(v, h);
            }
        }
        self.native_hash(v)
    }

    /// The builtin type's own `tp_hash` (`object`'s: from the address).
    pub(crate) fn native_hash(&mut self, v: ObjId) -> PyResult<i64> {
        let addr = self.heap.get(v).addr;
        match self.heap.payload(v) {
            Payload::Str(s) => Ok(s.hash()),
            Payload::Int(n) => Ok(hash::hash_i64(*n)),
            Payload::BigInt(n) => Ok(hash::hash_int(n)),
            Payload::Bool(b) => Ok(hash::hash_bool(*b)),
            Payload::Float(f) => Ok(hash::hash_float(*f, addr)),
            Payload::Complex(re, im) => Ok(hash::hash_complex(*re, *im, addr)),
            Payload::Bytes(_) if self.is_bytearray(v) => {
                Err(self.type_error("unhashable type: 'bytearray'"))
            }
            Payload::Bytes(b) => Ok(hash::hash_bytes(b)),
            Payload::Tuple(items) => {
                // a tuple never changes: its items are read in place. `tuplehash` recurses
                // in C with no recursion guard (a tuple nested ten million deep overflows
                // python3's stack); here each level has room on the Rust stack, and past
                // the stack budget it is `RecursionError` instead of a crash
                let n = items.len();
                let mut hashes = Vec::with_capacity(n);
                for k in 0..n {
                    let i = self.heap.seq_items(v)[k];
                    hashes.push(self.with_stack(|vm| vm.hash(i))?);
                }
                Ok(hash::tuple_hash(&hashes))
            }
            Payload::FrozenSet(s) => {
                if let Some(h) = s.hash {
                    return Ok(h);
                }
                let hashes: Vec<i64> = s.iter_with_hash().map(|(_, h)| h).collect();
                let h = hash::frozenset_hash(&hashes);
                if let Payload::FrozenSet(s) = self.heap.payload_mut(v) {
                    s.hash = Some(h);
                }
                Ok(h)
            }
            Payload::Range(r) => {
                let parts = (r.start.clone(), r.stop.clone(), r.step.clone());
                let len = range_len(&parts.0, &parts.1, &parts.2);
                let items = [
                    hash::hash_int(&len),
                    hash::hash_int(&parts.0),
                    hash::hash_int(&parts.2),
                ];
                Ok(hash::tuple_hash(&items))
            }
            Payload::List(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::Slice(_)
            | Payload::DictView { .. }
            | Payload::MappingProxy(_) => {
                Err(self.type_error(&format!("unhashable type: '{}'", self.type_name(v))))
            }
            Payload::Union { args } => {
                let args = *args;
                self.union_hash(args)
            }
            Payload::GenericAlias { origin, args } => {
                let (origin, args) = (*origin, *args);
                let h0 = self.with_stack(|vm| vm.hash(origin))?;
                let h1 = self.with_stack(|vm| vm.hash(args))?;
                Ok(match h0 ^ h1 {
                    -1 => -2,
                    h => h,
                })
            }
            Payload::Native(_) => crate::modules::native::hash(self, v),
            Payload::WeakRef(_) => crate::modules::weakref::hash(self, v),
            _ => Ok(hash::hash_pointer(addr)),
        }
    }

    /// `slot_tp_hash`: the result must be an int; a big one is hashed as an int, and -1
    /// becomes -2.
    fn slot_tp_hash(&mut self, v: ObjId, h: ObjId) -> PyResult<i64> {
        if h == self.none() {
            return Err(self.type_error(&format!("unhashable type: '{}'", self.type_name(v))));
        }
        let r = self.call_slot(h, v, &[])?;
        let n = match self.heap.payload(r) {
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => self.as_bigint(r),
            _ => None,
        };
        self.decref(r);
        match n {
            // PyLong_AsSsize_t, or the int's own hash when it does not fit
            Some(n) => Ok(match n.to_i64() {
                Some(-1) => -2,
                Some(i) => i,
                None => hash::hash_int(&n),
            }),
            None => Err(self.type_error("__hash__ method should return an integer")),
        }
    }

    // ---- containment ----

    /// `item in container`: a class's `__contains__` (`slot_sq_contains`), else the
    /// builtin's, else a search by iteration.
    pub fn contains(&mut self, container: ObjId, item: ObjId) -> PyResult<bool> {
        if self.is_user_object(container) {
            if let Some(f) = self.py_slot(container, "__contains__") {
                if f == self.none() {
                    let msg = format!("'{}' object is not a container", self.type_name(container));
                    return Err(self.type_error(&msg));
                }
                let r = self.call_slot(f, container, &[item])?;
                let t = self.is_true(r);
                self.decref(r);
                return t;
            }
        }
        self.contains_native(container, item)
    }

    /// The builtin type's own `sq_contains`; objects without one are searched by iterating.
    pub(crate) fn contains_native(&mut self, container: ObjId, item: ObjId) -> PyResult<bool> {
        match self.heap.payload(container) {
            Payload::List(_) | Payload::Tuple(_) => self.list_contains(container, item),
            Payload::Str(s) => match self.heap.payload(item) {
                Payload::Str(sub) => Ok(s.as_str().contains(sub.as_str())),
                _ => {
                    let msg = format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(item)
                    );
                    Err(self.type_error(&msg))
                }
            },
            Payload::Bytes(b) => match self.heap.payload(item) {
                Payload::Bytes(sub) => {
                    Ok(sub.is_empty() || b.windows(sub.len()).any(|w| w == &sub[..]))
                }
                // `_Py_bytes_contains`: an int (clipped to ssize_t) must be a byte value;
                // anything else must be bytes-like
                _ if self.is_int_like(item) => {
                    let byte = self.as_i64(item).and_then(|n| u8::try_from(n).ok());
                    match byte {
                        Some(n) => Ok(b.contains(&n)),
                        None => Err(self
                            .new_exception(ExcKind::ValueError, "byte must be in range(0, 256)")),
                    }
                }
                _ => {
                    let msg = format!(
                        "a bytes-like object is required, not '{}'",
                        self.type_name(item)
                    );
                    Err(self.type_error(&msg))
                }
            },
            Payload::Dict(_) => Ok(self.dict_lookup(container, item)?.is_some()),
            Payload::MappingProxy(dict) => {
                let dict = *dict;
                Ok(self.dict_lookup(dict, item)?.is_some())
            }
            Payload::DictView { dict, kind } => {
                let (dict, kind) = (*dict, *kind);
                match kind {
                    crate::object::DictViewKind::Keys => {
                        Ok(self.dict_lookup(dict, item)?.is_some())
                    }
                    _ => {
                        let items = self.collect_iterable(container)?;
                        let r = self.seq_contains(&items, item);
                        for i in items {
                            self.decref(i);
                        }
                        r
                    }
                }
            }
            Payload::Set(_) | Payload::FrozenSet(_) => self.set_contains(container, item),
            Payload::Range(r) => {
                let (start, stop, step) = (r.start.clone(), r.stop.clone(), r.step.clone());
                match self.as_bigint(item) {
                    Some(n) => Ok(range_contains(&start, &stop, &step, &n)),
                    None => {
                        let items = self.collect_iterable(container)?;
                        let r = self.seq_contains(&items, item);
                        for i in items {
                            self.decref(i);
                        }
                        r
                    }
                }
            }
            _ => {
                if !self.is_iterable(container) {
                    let msg = format!(
                        "argument of type '{}' is not iterable",
                        self.type_name(container)
                    );
                    return Err(self.type_error(&msg));
                }
                let it = self.get_iter(container)?;
                loop {
                    match self.next(it) {
                        Ok(Some(v)) => {
                            let e = self.eq(v, item);
                            self.decref(v);
                            match e {
                                Ok(true) => {
                                    self.decref(it);
                                    return Ok(true);
                                }
                                Ok(false) => {}
                                Err(e) => {
                                    self.decref(it);
                                    return Err(e);
                                }
                            }
                        }
                        Ok(None) => {
                            self.decref(it);
                            return Ok(false);
                        }
                        Err(e) => {
                            self.decref(it);
                            return Err(e);
                        }
                    }
                }
            }
        }
    }

    /// The item at `i` of a list right now (borrowed), if the list is still that long.
    pub(crate) fn list_item_now(&self, l: ObjId, i: usize) -> Option<ObjId> {
        match self.heap.payload(l) {
            Payload::List(list) => list.items.get(i).copied(),
            _ => None,
        }
    }

    /// `list_contains` / `tuplecontains`: each item in place, the size re-read at every step
    /// (a comparison may change a list); a list's item is held while it is compared, a
    /// tuple's is compared where it is.
    fn list_contains(&mut self, seq: ObjId, item: ObjId) -> PyResult<bool> {
        let hold = matches!(self.heap.payload(seq), Payload::List(_));
        let mut k = 0;
        while let Some(i) = self.heap.seq_item(seq, k) {
            if i == item {
                return Ok(true);
            }
            if hold {
                self.incref(i);
            }
            let e = self.eq(i, item);
            if hold {
                self.decref(i);
            }
            if e? {
                return Ok(true);
            }
            k += 1;
        }
        Ok(false)
    }

    fn seq_contains(&mut self, items: &[ObjId], item: ObjId) -> PyResult<bool> {
        for &i in items {
            if i == item {
                return Ok(true);
            }
            self.incref(i);
            let e = self.eq(i, item);
            self.decref(i);
            if e? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    // ---- sets ----

    fn set_binary(&mut self, a: ObjId, b: ObjId, op: BinOp) -> PyResult<ObjId> {
        let frozen = matches!(self.heap.payload(a), Payload::FrozenSet(_));
        match op {
            BinOp::BitAnd => self.set_intersection_new(a, b),
            BinOp::Sub => self.set_difference_new(a, b),
            BinOp::BitXor => self.set_symmetric_difference_new(a, b),
            _ => {
                // set_or: a copy of `a` updated with `b`
                let result = self.set_copy_of(a, frozen)?;
                match self.set_update(result, b) {
                    Ok(()) => Ok(result),
                    Err(e) => {
                        self.decref(result);
                        Err(e)
                    }
                }
            }
        }
    }

    /// `dict.keys()` or `dict.items()` (`PyDictViewSet_Check`).
    fn is_set_like_view(&self, v: ObjId) -> bool {
        matches!(
            self.heap.payload(v),
            Payload::DictView {
                kind: crate::object::DictViewKind::Keys | crate::object::DictViewKind::Items,
                ..
            }
        )
    }

    /// `dictviews_or`/`dictviews_sub`/`dictviews_xor` (a set of the left operand updated
    /// with the right) and `_PyDictView_Intersect`.
    fn dictview_binary(&mut self, a: ObjId, b: ObjId, op: BinOp) -> PyResult<ObjId> {
        if op != BinOp::BitAnd {
            let result = self.new_set(crate::object::PySet::new(), false);
            let r = self
                .set_update(result, a)
                .and_then(|_| self.set_inplace(result, b, op));
            return match r {
                Ok(()) => Ok(result),
                Err(e) => {
                    self.decref(result);
                    Err(e)
                }
            };
        }
        let (mut view, mut other) = if self.is_set_like_view(a) {
            (a, b)
        } else {
            (b, a)
        };
        let len_self = self.len_of_builtin(view).unwrap_or(0);
        if matches!(self.heap.payload(other), Payload::Set(_))
            && self.builtin_type_of(other) == Some(crate::object::BuiltinType::Set)
            && len_self <= self.len_of_builtin(other).unwrap_or(0)
        {
            return self.set_intersection_new(other, view);
        }
        if self.is_set_like_view(other) && self.len_of_builtin(other).unwrap_or(0) > len_self {
            std::mem::swap(&mut view, &mut other);
        }
        let result = self.new_set(crate::object::PySet::new(), false);
        let items = match self.collect_iterable(other) {
            Ok(items) => items,
            Err(e) => {
                self.decref(result);
                return Err(e);
            }
        };
        let mut r = Ok(());
        for &k in &items {
            match self.contains(view, k) {
                Ok(true) => {
                    if let Err(e) = self.set_add(result, k) {
                        r = Err(e);
                        break;
                    }
                }
                Ok(false) => {}
                Err(e) => {
                    r = Err(e);
                    break;
                }
            }
        }
        for k in items {
            self.decref(k);
        }
        match r {
            Ok(()) => Ok(result),
            Err(e) => {
                self.decref(result);
                Err(e)
            }
        }
    }

    /// `dictview_richcompare`: sizes, then `all_contained_in`.
    fn dictview_compare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<bool> {
        let la = self.len_of_builtin(a).unwrap_or(0);
        let lb = self.len_of_builtin(b).unwrap_or(0);
        let contained = |vm: &mut Vm, x: ObjId, y: ObjId| -> PyResult<bool> {
            let items = vm.collect_iterable(x)?;
            let mut r = Ok(true);
            for &i in &items {
                match vm.contains(y, i) {
                    Ok(true) => {}
                    Ok(false) => {
                        r = Ok(false);
                        break;
                    }
                    Err(e) => {
                        r = Err(e);
                        break;
                    }
                }
            }
            for i in items {
                vm.decref(i);
            }
            r
        };
        Ok(match op {
            CmpOp::Eq => la == lb && contained(self, a, b)?,
            CmpOp::NotEq => !(la == lb && contained(self, a, b)?),
            CmpOp::Lt => la < lb && contained(self, a, b)?,
            CmpOp::LtE => la <= lb && contained(self, a, b)?,
            CmpOp::Gt => la > lb && contained(self, b, a)?,
            CmpOp::GtE => la >= lb && contained(self, b, a)?,
            _ => false,
        })
    }

    fn set_compare(&mut self, a: ObjId, b: ObjId, op: CmpOp) -> PyResult<bool> {
        let la = self.len_of_builtin(a).unwrap_or(0);
        let lb = self.len_of_builtin(b).unwrap_or(0);
        let a_sub_b = |vm: &mut Vm| -> PyResult<bool> { vm.set_is_subset(a, b) };
        let b_sub_a = |vm: &mut Vm| -> PyResult<bool> { vm.set_is_subset(b, a) };
        Ok(match op {
            CmpOp::Eq => la == lb && a_sub_b(self)?,
            CmpOp::NotEq => !(la == lb && a_sub_b(self)?),
            CmpOp::LtE => a_sub_b(self)?,
            CmpOp::Lt => la < lb && a_sub_b(self)?,
            CmpOp::GtE => b_sub_a(self)?,
            CmpOp::Gt => la > lb && b_sub_a(self)?,
            _ => false,
        })
    }

    pub(crate) fn set_is_subset(&mut self, a: ObjId, b: ObjId) -> PyResult<bool> {
        let items: Vec<ObjId> = match self.heap.payload(a) {
            Payload::Set(s) | Payload::FrozenSet(s) => s.iter().collect(),
            _ => Vec::new(),
        };
        for i in items {
            if !self.set_contains(b, i)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

fn reflect(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::LtE => CmpOp::GtE,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::GtE => CmpOp::LtE,
        other => other,
    }
}

fn ordering_matches(o: std::cmp::Ordering, op: CmpOp) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => o == Equal,
        CmpOp::NotEq => o != Equal,
        CmpOp::Lt => o == Less,
        CmpOp::LtE => o != Greater,
        CmpOp::Gt => o == Greater,
        CmpOp::GtE => o != Less,
        _ => false,
    }
}

/// Compare two numbers exactly (an int and a float compare by value, not by rounding the int).
fn num_compare(x: &Num, y: &Num, op: CmpOp) -> Option<bool> {
    match (x, y) {
        (Num::Int(a), Num::Int(b)) => Some(ordering_matches(a.cmp(b), op)),
        (Num::Float(a), Num::Float(b)) => Some(float_cmp(*a, *b, op)),
        (Num::Int(a), Num::Float(b)) => Some(int_float_cmp(a, *b, op)),
        (Num::Float(a), Num::Int(b)) => Some(int_float_cmp(b, *a, reflect(op))),
        _ if !matches!(op, CmpOp::Eq | CmpOp::NotEq) => None,
        _ => {
            // `complex_richcompare`: against an int, a complex with no imaginary part
            // compares its real part exactly (no conversion that could overflow)
            let equal = match (x, y) {
                (Num::Complex(re, im), Num::Int(n)) | (Num::Int(n), Num::Complex(re, im)) => {
                    *im == 0.0 && int_float_cmp(n, *re, CmpOp::Eq)
                }
                _ => {
                    let (ar, ai) = complex_parts(x).unwrap_or((f64::NAN, 0.0));
                    let (br, bi) = complex_parts(y).unwrap_or((f64::NAN, 0.0));
                    ar == br && ai == bi
                }
            };
            Some(if op == CmpOp::Eq { equal } else { !equal })
        }
    }
}

fn float_cmp(a: f64, b: f64, op: CmpOp) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::NotEq => a != b,
        CmpOp::Lt => a < b,
        CmpOp::LtE => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::GtE => a >= b,
        _ => false,
    }
}

fn int_float_cmp(i: &BigInt, f: f64, op: CmpOp) -> bool {
    if f.is_nan() {
        return op == CmpOp::NotEq;
    }
    if f.is_infinite() {
        let o = if f > 0.0 {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Greater
        };
        return ordering_matches(o, op);
    }
    let fl = f.floor();
    let fi = pyfloat::float_to_bigint(fl).unwrap_or_default();
    let o = match i.cmp(&fi) {
        std::cmp::Ordering::Equal if fl != f => std::cmp::Ordering::Less,
        o => o,
    };
    ordering_matches(o, op)
}

fn complex_parts(n: &Num) -> Result<(f64, f64), NumError> {
    Ok(match n {
        Num::Int(i) => (pyint::int_to_f64(i)?, 0.0),
        Num::Float(f) => (*f, 0.0),
        Num::Complex(re, im) => (*re, *im),
    })
}

fn to_f64(n: &Num) -> Result<f64, NumError> {
    match n {
        Num::Int(i) => pyint::int_to_f64(i),
        Num::Float(f) => Ok(*f),
        Num::Complex(re, _) => Ok(*re),
    }
}

/// Machine-int arithmetic without overflow (None: use big ints).
fn small_int_op(x: i64, y: i64, op: BinOp) -> Option<i64> {
    match op {
        BinOp::Add => x.checked_add(y),
        BinOp::Sub => x.checked_sub(y),
        BinOp::Mult => x.checked_mul(y),
        BinOp::FloorDiv if y != 0 && !(x == i64::MIN && y == -1) => {
            Some(Integer::div_floor(&x, &y))
        }
        BinOp::Mod if y != 0 && !(x == i64::MIN && y == -1) => Some(Integer::mod_floor(&x, &y)),
        BinOp::BitAnd => Some(x & y),
        BinOp::BitOr => Some(x | y),
        BinOp::BitXor => Some(x ^ y),
        BinOp::RShift if y >= 0 => Some(if y >= 64 {
            if x < 0 {
                -1
            } else {
                0
            }
        } else {
            x >> y
        }),
        BinOp::LShift if (0..63).contains(&y) => {
            let r = x.checked_shl(y as u32)?;
            if r >> y == x {
                Some(r)
            } else {
                None
            }
        }
        BinOp::Pow if (0..64).contains(&y) => x.checked_pow(y as u32),
        _ => None,
    }
}

fn int_binary(a: &BigInt, b: &BigInt, op: BinOp) -> Result<Option<Num>, NumError> {
    Ok(Some(match op {
        BinOp::Add => Num::Int(a + b),
        BinOp::Sub => Num::Int(a - b),
        BinOp::Mult => Num::Int(a * b),
        BinOp::FloorDiv => Num::Int(pyint::int_floordiv(a, b)?),
        BinOp::Mod => Num::Int(pyint::int_mod(a, b)?),
        BinOp::Div => Num::Float(pyint::int_true_div(a, b)?),
        BinOp::Pow => match pyint::int_pow(a, b)? {
            pyint::IntPow::Int(n) => Num::Int(n),
            pyint::IntPow::Float(f) => Num::Float(f),
        },
        BinOp::LShift => Num::Int(pyint::int_lshift(a, b)?),
        BinOp::RShift => Num::Int(pyint::int_rshift(a, b)?),
        BinOp::BitAnd => Num::Int(a & b),
        BinOp::BitOr => Num::Int(a | b),
        BinOp::BitXor => Num::Int(a ^ b),
        BinOp::MatMult => return Ok(None),
    }))
}

/// [`float_binary`] when its result is a float: None where it raises, declines or gives a
/// complex number (the generic path then does what it does). No `Num` is made, so nothing
/// is dropped on the way out.
fn float_binary_plain(a: f64, b: f64, op: BinOp) -> Option<f64> {
    match op {
        BinOp::Add => Some(a + b),
        BinOp::Sub => Some(a - b),
        BinOp::Mult => Some(a * b),
        BinOp::Div => pyfloat::float_div(a, b).ok(),
        BinOp::FloorDiv => pyfloat::float_floordiv(a, b).ok(),
        BinOp::Mod => pyfloat::float_mod(a, b).ok(),
        BinOp::Pow => match pyfloat::float_pow(a, b).ok()? {
            pyfloat::FloatPow::Float(f) => Some(f),
            pyfloat::FloatPow::Complex(..) => None,
        },
        _ => None,
    }
}

fn float_binary(a: f64, b: f64, op: BinOp) -> Result<Option<Num>, NumError> {
    Ok(Some(Num::Float(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mult => a * b,
        BinOp::Div => pyfloat::float_div(a, b)?,
        BinOp::FloorDiv => pyfloat::float_floordiv(a, b)?,
        BinOp::Mod => pyfloat::float_mod(a, b)?,
        BinOp::Pow => match pyfloat::float_pow(a, b)? {
            pyfloat::FloatPow::Float(f) => f,
            pyfloat::FloatPow::Complex(re, im) => return Ok(Some(Num::Complex(re, im))),
        },
        _ => return Ok(None),
    })))
}

/// `c_powu`: `x ** n` by binary exponentiation with `_Py_c_prod`.
fn c_powu(xr: f64, xi: f64, n: u64) -> (f64, f64) {
    let prod = |a: (f64, f64), b: (f64, f64)| (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0);
    let mut r = (1.0, 0.0);
    let mut p = (xr, xi);
    let mut mask: u64 = 1;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = prod(r, p);
        }
        mask <<= 1;
        p = prod(p, p);
    }
    r
}

fn complex_binary(ar: f64, ai: f64, br: f64, bi: f64, op: BinOp) -> Result<Option<Num>, NumError> {
    Ok(Some(match op {
        BinOp::Add => Num::Complex(ar + br, ai + bi),
        BinOp::Sub => Num::Complex(ar - br, ai - bi),
        BinOp::Mult => Num::Complex(ar * br - ai * bi, ar * bi + ai * br),
        BinOp::Div => {
            if br == 0.0 && bi == 0.0 {
                return Err(NumError::new(
                    "ZeroDivisionError",
                    "complex division by zero",
                ));
            }
            // Smith's algorithm, as CPython's _Py_c_quot
            let (abs_br, abs_bi) = (br.abs(), bi.abs());
            if abs_br >= abs_bi {
                let ratio = bi / br;
                let denom = br + bi * ratio;
                Num::Complex((ar + ai * ratio) / denom, (ai - ar * ratio) / denom)
            } else {
                let ratio = br / bi;
                let denom = br * ratio + bi;
                Num::Complex((ar * ratio + ai) / denom, (ai * ratio - ar) / denom)
            }
        }
        BinOp::Pow => {
            let zero_power =
                || NumError::new("ZeroDivisionError", "0.0 to a negative or complex power");
            // complex_pow: small integral exponents by repeated multiplication (c_powi)
            let (re, im) = if bi == 0.0 && br == br.floor() && br.abs() <= 100.0 {
                let n = br as i64;
                if n >= 0 {
                    c_powu(ar, ai, n as u64)
                } else {
                    if ar == 0.0 && ai == 0.0 {
                        return Err(zero_power());
                    }
                    let (pr, pi) = c_powu(ar, ai, (-n) as u64);
                    match complex_binary(1.0, 0.0, pr, pi, BinOp::Div)? {
                        Some(Num::Complex(r, i)) => (r, i),
                        _ => (f64::NAN, f64::NAN),
                    }
                }
            } else if br == 0.0 && bi == 0.0 {
                (1.0, 0.0)
            } else if ar == 0.0 && ai == 0.0 {
                if bi != 0.0 || br < 0.0 {
                    return Err(zero_power());
                }
                (0.0, 0.0)
            } else {
                let vabs = ar.hypot(ai);
                let mut len = vabs.powf(br);
                let at = ai.atan2(ar);
                let mut phase = at * br;
                if bi != 0.0 {
                    len /= (at * bi).exp();
                    phase += bi * vabs.ln();
                }
                (len * phase.cos(), len * phase.sin())
            };
            if (re.is_infinite() || im.is_infinite())
                && ar.is_finite()
                && ai.is_finite()
                && br.is_finite()
                && bi.is_finite()
            {
                return Err(NumError::new("OverflowError", "complex exponentiation"));
            }
            Num::Complex(re, im)
        }
        _ => return Ok(None),
    }))
}

/// Number of items of a range.
pub fn range_len(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    if step.is_positive() {
        if start < stop {
            (stop - start - 1u32) / step + 1u32
        } else {
            BigInt::zero()
        }
    } else if start > stop {
        (start - stop - 1u32) / (-step) + 1u32
    } else {
        BigInt::zero()
    }
}

fn range_contains(start: &BigInt, stop: &BigInt, step: &BigInt, n: &BigInt) -> bool {
    let inside = if step.is_positive() {
        start <= n && n < stop
    } else {
        stop < n && n <= start
    };
    inside && ((n - start) % step).is_zero()
}

fn range_equal(x: &crate::object::RangeObj, y: &crate::object::RangeObj) -> bool {
    let lx = range_len(&x.start, &x.stop, &x.step);
    let ly = range_len(&y.start, &y.stop, &y.step);
    if lx != ly {
        return false;
    }
    if lx.is_zero() {
        return true;
    }
    if x.start != y.start {
        return false;
    }
    lx == BigInt::from(1) || x.step == y.step
}

/// The [`crate::object::TypeObj::nb_sticky`] bit of an operator's forward name (0: none).
fn nb_sticky_bit(fwd: &str) -> u8 {
    match fwd {
        "__add__" => 1,
        "__mul__" => 2,
        _ => 0,
    }
}
