//! Quickening: CPython 3.11 specialising `COMPARE_OP`, as far as the recursion limit sees it.
//!
//! Why it is modelled: the generic `COMPARE_OP` calls `PyObject_RichCompare`, which enters the
//! recursion guard (`_Py_EnterRecursiveCall(" in comparison")`, see [`super::recursion`]);
//! the specialised forms (`COMPARE_OP_INT_JUMP`, `COMPARE_OP_FLOAT_JUMP`,
//! `COMPARE_OP_STR_JUMP`) compare in the eval loop and enter no guard. A comparison that runs
//! in the deepest frame the limit allows therefore raises `RecursionError: maximum recursion
//! depth exceeded in comparison` while its code is cold, and lets the next call raise the
//! plain `maximum recursion depth exceeded` once the code is warm. Which one a learner sees
//! depends on how often the function ran before, and on the operands' types.
//!
//! Worked example, `sys.setrecursionlimit(5)` and
//! `def f(n): return f(n + 1) if n < 100 else n`, called three times under `try`. The module
//! frame holds one unit and `f(0)` … `f(3)` the next four. In `f(3)` the comparison needs a
//! sixth unit: the first call ends in "... in comparison". The code of `f` has run its
//! RESUME four times. In the second call the eighth RESUME (in `f(3)`) quickens the code:
//! `COMPARE_OP` becomes `COMPARE_OP_ADAPTIVE` with a zero counter, which at once specialises
//! to `COMPARE_OP_INT_JUMP` (two ints of one digit, and a conditional jump next), so `f(3)`
//! compares without a guard and calls `f(4)`, whose frame is refused: "maximum recursion
//! depth exceeded". So is the third.
//!
//! The parts, under CPython's names (`Python/specialize.c`, `Python/ceval.c` of 3.11):
//! - `co_warmup` ([`Quickening::warm_up`]): every `RESUME` (a frame starting, a generator
//!   resuming after a yield) and every `JUMP_BACKWARD` (not `JUMP_BACKWARD_NO_INTERRUPT`,
//!   the jump of a `yield from` loop back to its `SEND`) counts; the eighth
//!   (`QUICKENING_WARMUP_DELAY`) quickens the code (`_PyCode_Quicken`).
//! - `_Py_Specialize_CompareOp`: a comparison not followed by `POP_JUMP_IF_FALSE/TRUE` stays
//!   generic for good; two operands of different types, ints of more than one 30-bit digit,
//!   strings compared with anything but `==`/`!=`, and other types fail, and the instruction
//!   waits `2**backoff - 1` executions (generic) before it tries again
//!   (`adaptive_counter_backoff`).
//! - A specialised instruction whose operands do not fit (`DEOPT_IF`) runs the generic
//!   path for that execution; after `miss_counter_start()` (53) misses it is adaptive again
//!   and waits 31 executions (`adaptive_counter_start()`).

use std::cell::{Cell, OnceCell, RefCell};

use crate::ast::CmpOp;
use crate::code::{Code, Instr};
use crate::object::{BuiltinType, ObjId, Payload};

use super::attrhint::{AttrHint, AttrOp};
use super::Vm;

/// `QUICKENING_WARMUP_DELAY`: RESUMEs and backward jumps before a code object is quickened.
const WARMUP_DELAY: u8 = 8;

/// `miss_counter_start()`: misses a specialised instruction takes before it is adaptive again.
const MISS_COUNTER_START: u8 = 53;

/// `ADAPTIVE_BACKOFF_START`: the backoff an instruction starts from after too many misses.
const BACKOFF_START: u8 = 5;

/// `MAX_BACKOFF_VALUE`.
const MAX_BACKOFF: u8 = 12;

/// A code object's quickening state (CPython keeps it in the code's instructions and inline
/// caches).
#[derive(Debug, Default)]
pub struct Quickening {
    /// `co_warmup`, counted up from 0 to [`WARMUP_DELAY`].
    warmup: Cell<u8>,
    /// Once quickened, one entry per instruction (only the `COMPARE_OP`s' are read).
    compares: RefCell<Vec<Compare>>,
    /// `LOAD_GLOBAL`'s lookups, one hint per name (see [`GlobalHint`]).
    globals: OnceCell<Box<[Cell<u32>]>>,
    /// `LOAD_ATTR`, `STORE_ATTR` and `LOAD_METHOD` hints, three per name (see
    /// [`super::attrhint`]).
    attrs: OnceCell<Box<[[Cell<AttrHint>; 3]]>>,
}

/// Where `LOAD_GLOBAL` or `LOAD_NAME` last found a name: which namespace of its chain
/// (`LOAD_NAME`: locals, globals, builtins; `LOAD_GLOBAL`: globals, builtins) and the entry
/// index there; `STORE_NAME` replaces the value of a locals entry through it. Only the interpreter's speed depends on it, never what
/// the model does: a hint is an index, checked at every use against the entry it names
/// (live, holding this very name object), so a dict that changed since gives a miss and the
/// ordinary lookup, never a stale value. It holds no reference (CPython 3.11's
/// `LOAD_GLOBAL_MODULE`/`LOAD_GLOBAL_BUILTIN` keep an index and the keys' version likewise,
/// and count nothing either). 0 is "no hint".
pub(crate) struct GlobalHint;

impl GlobalHint {
    /// The namespace's place in the chain sits above this bit.
    const LEVEL_SHIFT: u32 = 30;

    /// The hint for entry `ix` of the `level`th namespace (None when it does not fit).
    pub(crate) fn encode(level: usize, ix: usize) -> Option<u32> {
        let ix = u32::try_from(ix).ok()?;
        (level < 4 && ix < (1 << Self::LEVEL_SHIFT) - 1)
            .then(|| ((level as u32) << Self::LEVEL_SHIFT) | (ix + 1))
    }

    /// (level, entry index) of a hint; a level past every chain for "no hint".
    pub(crate) fn decode(hint: u32) -> (usize, usize) {
        let ix = hint & ((1 << Self::LEVEL_SHIFT) - 1);
        if ix == 0 {
            return (usize::MAX, 0);
        }
        ((hint >> Self::LEVEL_SHIFT) as usize, (ix - 1) as usize)
    }
}

/// What one `COMPARE_OP` has become.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Compare {
    /// `COMPARE_OP`: every execution goes through `PyObject_RichCompare`.
    Generic,
    /// `COMPARE_OP_ADAPTIVE`: `value` more generic executions before it tries to specialise.
    Adaptive { value: u16, backoff: u8 },
    /// `COMPARE_OP_{INT,FLOAT,STR}_JUMP`, with the misses it may still take.
    Specialised { kind: Kind, misses: u8 },
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Int,
    Float,
    Str,
}

impl Quickening {
    /// The hint of `LOAD_GLOBAL` for name `i` (0 when none).
    #[inline]
    pub(crate) fn global_hint(&self, i: usize) -> u32 {
        self.globals
            .get()
            .and_then(|h| h.get(i))
            .map_or(0, |c| c.get())
    }

    /// Remember where `LOAD_GLOBAL` found name `i` of a code object with `names` names.
    pub(crate) fn set_global_hint(&self, names: usize, i: usize, hint: u32) {
        let hints = self
            .globals
            .get_or_init(|| (0..names).map(|_| Cell::new(0)).collect());
        if let Some(c) = hints.get(i) {
            c.set(hint);
        }
    }

    /// The hint of instruction `op` on name `i` (an empty hint when none).
    #[inline]
    pub(crate) fn attr_hint(&self, i: usize, op: AttrOp) -> AttrHint {
        self.attrs
            .get()
            .and_then(|h| h.get(i))
            .map_or_else(AttrHint::default, |c| c[op as usize].get())
    }

    /// Remember what instruction `op` on name `i` of a code object with `names` names found.
    pub(crate) fn set_attr_hint(&self, names: usize, i: usize, op: AttrOp, hint: AttrHint) {
        let hints = self
            .attrs
            .get_or_init(|| (0..names).map(|_| Default::default()).collect());
        if let Some(c) = hints.get(i) {
            c[op as usize].set(hint);
        }
    }

    /// `_PyCode_Warmup`: `code` ran a RESUME or a JUMP_BACKWARD.
    pub fn warm_up(code: &Code) {
        let w = code.quick.warmup.get();
        if w >= WARMUP_DELAY {
            return;
        }
        code.quick.warmup.set(w + 1);
        if w + 1 == WARMUP_DELAY {
            quicken(code);
        }
    }
}

/// `_PyCode_Quicken`: every `COMPARE_OP` becomes adaptive with a zero counter, except one
/// no conditional jump follows (`_Py_Specialize_CompareOp` makes that one generic at its
/// first execution, and nothing can change it).
fn quicken(code: &Code) {
    let compares = code
        .instrs
        .iter()
        .enumerate()
        .map(|(i, instr)| match (instr, code.instrs.get(i + 1)) {
            (
                Instr::CompareOp(_),
                Some(Instr::PopJumpIfFalse(_)) | Some(Instr::PopJumpIfTrue(_)),
            ) => Compare::Adaptive {
                value: 0,
                backoff: 0,
            },
            _ => Compare::Generic,
        })
        .collect();
    *code.quick.compares.borrow_mut() = compares;
}

impl Vm {
    /// Whether the `COMPARE_OP` at `ip` of `code` runs specialised for these operands (no
    /// recursion guard), moving its counters as ceval does.
    pub(crate) fn compare_is_specialised(
        &self,
        code: &Code,
        ip: usize,
        left: ObjId,
        right: ObjId,
        op: CmpOp,
    ) -> bool {
        let mut compares = code.quick.compares.borrow_mut();
        let Some(state) = compares.get_mut(ip) else {
            // not quickened yet
            return false;
        };
        match *state {
            Compare::Generic => false,
            Compare::Adaptive { value, backoff } if value > 0 => {
                *state = Compare::Adaptive {
                    value: value - 1,
                    backoff,
                };
                false
            }
            Compare::Adaptive { backoff, .. } => match self.compare_kind(left, right, op) {
                Some(kind) => {
                    *state = Compare::Specialised {
                        kind,
                        misses: MISS_COUNTER_START,
                    };
                    true
                }
                None => {
                    let backoff = (backoff + 1).min(MAX_BACKOFF);
                    *state = Compare::Adaptive {
                        value: (1 << backoff) - 1,
                        backoff,
                    };
                    false
                }
            },
            Compare::Specialised { kind, misses } => {
                if self.operands_fit(kind, left, right) {
                    return true;
                }
                *state = if misses > 1 {
                    Compare::Specialised {
                        kind,
                        misses: misses - 1,
                    }
                } else {
                    Compare::Adaptive {
                        value: (1 << BACKOFF_START) - 1,
                        backoff: BACKOFF_START,
                    }
                };
                false
            }
        }
    }

    /// `_Py_Specialize_CompareOp`'s choice for these operands (None: it fails).
    fn compare_kind(&self, left: ObjId, right: ObjId, op: CmpOp) -> Option<Kind> {
        if self.type_of(left) != self.type_of(right) {
            return None;
        }
        let kind = match self.builtin_type_of(left)? {
            BuiltinType::Float => Kind::Float,
            BuiltinType::Int => Kind::Int,
            BuiltinType::Str if matches!(op, CmpOp::Eq | CmpOp::NotEq) => Kind::Str,
            _ => return None,
        };
        self.operands_fit(kind, left, right).then_some(kind)
    }

    /// The specialised instruction's `DEOPT_IF`s: both operands of its exact type, and ints
    /// of at most one digit (`Py_SIZE` in -1..=1).
    fn operands_fit(&self, kind: Kind, left: ObjId, right: ObjId) -> bool {
        let (ty, small_ints) = match kind {
            Kind::Int => (BuiltinType::Int, true),
            Kind::Float => (BuiltinType::Float, false),
            Kind::Str => (BuiltinType::Str, false),
        };
        let exact = self.types[ty as usize];
        let fits = |v: ObjId| {
            // (the exact type first: what nearly every call sees)
            (self.heap.get(v).ty == exact || self.builtin_type_of(v) == Some(ty))
                && (!small_ints
                    || matches!(self.heap.payload(v), Payload::Int(n) if n.unsigned_abs() < 1 << 30))
        };
        fits(left) && fits(right)
    }
}
