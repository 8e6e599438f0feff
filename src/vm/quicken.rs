//! Quickening: CPython 3.11 specialising `COMPARE_OP` and `PRECALL`, as far as the recursion
//! limit sees it.
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
//!
//! `PRECALL` (the model's `CALL`) is quickened the same way (`_Py_Specialize_Precall`), and
//! there the guard is " while calling a Python object": the generic path calls a builtin
//! function through `cfunction_vectorcall_*`, a method descriptor through
//! `method_vectorcall_*` and a type without `tp_vectorcall` through `_PyObject_MakeTpCall`,
//! each of which enters the guard; of the specialised forms only `PRECALL_NO_KW_BUILTIN_O`,
//! `PRECALL_NO_KW_METHOD_DESCRIPTOR_O` and `_NOARGS` enter it ("CPython promises to check
//! all non-vectorcall function calls"), while `PRECALL_NO_KW_BUILTIN_FAST`,
//! `PRECALL_BUILTIN_FAST_WITH_KEYWORDS`, `PRECALL_NO_KW_LEN`, `_ISINSTANCE`, `_STR_1`,
//! `_TYPE_1`, `_TUPLE_1`, `PRECALL_NO_KW_LIST_APPEND` and the method descriptors' `FAST`
//! forms call without it. Which form a call site takes follows the callable's C calling
//! convention (`ml_flags`, recorded from python3 in `meth_flags.txt` by
//! `scripts/record_meth_flags.py`). So `def f(o): return len(o)`, recursing through
//! `__len__`, holds a guard per level for its first calls and none once `f` is warm: the
//! depth a `RecursionError` comes at, and its message, follow.

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
    /// Once quickened, one entry per instruction (only the `CALL`s' are read).
    calls: RefCell<Vec<Precall>>,
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

/// What one `CALL` has become as the `PRECALL` before it in CPython 3.11.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Precall {
    /// `PRECALL`, not quickened yet.
    Generic,
    /// `PRECALL_ADAPTIVE`: `value` more generic executions before it tries to specialise.
    Adaptive { value: u16, backoff: u8 },
    /// A specialised form, with the misses it may still take.
    Specialised { kind: CallKind, misses: u8 },
}

/// The specialised forms of `PRECALL` (`Python/specialize.c`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum CallKind {
    PyFunc,
    BoundMethod,
    BuiltinClass,
    Str1,
    Type1,
    Tuple1,
    BuiltinO,
    BuiltinFast,
    BuiltinFastKw,
    Len,
    IsInstance,
    ListAppend,
    DescrO,
    DescrNoargs,
    DescrFast,
    DescrFastKw,
}

impl CallKind {
    /// Does this form call without the C call path's recursion guard?
    pub(crate) fn unguarded(self) -> bool {
        !matches!(
            self,
            CallKind::BuiltinO | CallKind::DescrO | CallKind::DescrNoargs
        )
    }
}

/// A `CALL` as `PRECALL` sees it: the callable (before a bound method is unpacked), whether
/// the method slot holds a receiver (`is_method`), the arguments with that receiver
/// (`total_args`), keyword names, the instruction's argument count and whether a `POP_TOP`
/// follows (`list.append` as a statement).
pub(crate) struct CallSite {
    pub callable: ObjId,
    pub is_meth: bool,
    pub total_args: usize,
    pub kwnames: bool,
    pub oparg: usize,
    pub pop_next: bool,
    /// The first argument (the receiver of a method descriptor), if any.
    pub first: Option<ObjId>,
}

/// `ml_flags` bits, as `meth_flags.txt` spells them.
const METH_VARARGS: u8 = 1;
const METH_FASTCALL: u8 = 2;
const METH_KEYWORDS: u8 = 4;
const METH_NOARGS: u8 = 8;
const METH_O: u8 = 16;

/// CPython 3.11's `ml_flags` of its C functions and methods (`M module name FLAGS`,
/// `T type name FLAGS`), recorded by `scripts/record_meth_flags.py`.
const METH_FLAGS: &str = include_str!("meth_flags.txt");

thread_local! {
    /// The table, by `(M|T, owner, name)`.
    static FLAGS_TABLE: OnceCell<std::collections::HashMap<(bool, &'static str, &'static str), u8>> =
        const { OnceCell::new() };
    /// Flags found per builtin definition (its address): a definition is one C function.
    static FLAGS_BY_DEF: RefCell<std::collections::HashMap<usize, Option<u8>>> =
        RefCell::new(std::collections::HashMap::new());
}

fn parse_flags(text: &str) -> u8 {
    text.split('|').fold(0, |acc, f| {
        acc | match f {
            "VARARGS" => METH_VARARGS,
            "FASTCALL" => METH_FASTCALL,
            "KEYWORDS" => METH_KEYWORDS,
            "NOARGS" => METH_NOARGS,
            "O" => METH_O,
            _ => 0,
        }
    })
}

/// The recorded flags of a module's function (`module` true) or a type's method.
fn recorded_flags(module: bool, owner: &str, name: &str) -> Option<u8> {
    FLAGS_TABLE.with(|t| {
        let table = t.get_or_init(|| {
            METH_FLAGS
                .lines()
                .filter_map(|l| {
                    let mut it = l.split(' ');
                    let kind = it.next()?;
                    let (owner, name, flags) = (it.next()?, it.next()?, it.next()?);
                    Some(((kind == "M", owner, name), parse_flags(flags)))
                })
                .collect()
        });
        table.get(&(module, owner, name)).copied()
    })
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
/// first execution, and nothing can change it); every `PRECALL` becomes adaptive with a zero
/// counter.
fn quicken(code: &Code) {
    let calls = code
        .instrs
        .iter()
        .map(|instr| match instr {
            Instr::Call(_) => Precall::Adaptive {
                value: 0,
                backoff: 0,
            },
            _ => Precall::Generic,
        })
        .collect();
    *code.quick.calls.borrow_mut() = calls;
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

impl Vm {
    /// The specialised form the `CALL` at `ip` of `code` runs as for this call site, moving
    /// its counters as ceval does (None: the generic path).
    pub(crate) fn precall_specialised(
        &self,
        code: &Code,
        ip: usize,
        site: &CallSite,
    ) -> Option<CallKind> {
        let mut calls = code.quick.calls.borrow_mut();
        let state = calls.get_mut(ip)?;
        match *state {
            Precall::Generic => None,
            Precall::Adaptive { value, backoff } if value > 0 => {
                *state = Precall::Adaptive {
                    value: value - 1,
                    backoff,
                };
                None
            }
            // `_Py_Specialize_Precall`, then the instruction runs again as what it became
            Precall::Adaptive { backoff, .. } => match self.precall_kind(site) {
                Some(kind) => {
                    *state = Precall::Specialised {
                        kind,
                        misses: MISS_COUNTER_START,
                    };
                    self.precall_fits(kind, site).then_some(kind)
                }
                None => {
                    let backoff = (backoff + 1).min(MAX_BACKOFF);
                    *state = Precall::Adaptive {
                        value: (1 << backoff) - 1,
                        backoff,
                    };
                    None
                }
            },
            Precall::Specialised { kind, misses } => {
                if self.precall_fits(kind, site) {
                    return Some(kind);
                }
                *state = if misses > 1 {
                    Precall::Specialised {
                        kind,
                        misses: misses - 1,
                    }
                } else {
                    Precall::Adaptive {
                        value: (1 << BACKOFF_START) - 1,
                        backoff: BACKOFF_START,
                    }
                };
                None
            }
        }
    }

    /// `_Py_Specialize_Precall`'s choice for this call site (None: it fails).
    fn precall_kind(&self, site: &CallSite) -> Option<CallKind> {
        let c = site.callable;
        let bt = self.builtin_type_of(c);
        match self.heap.payload(c) {
            Payload::Function(_) => Some(CallKind::PyFunc),
            Payload::Method { .. } => Some(CallKind::BoundMethod),
            Payload::Builtin(_) if bt == Some(BuiltinType::BuiltinFunction) => {
                // specialize_c_call
                let flags = self.callable_flags(c)?;
                match flags {
                    METH_O => {
                        if site.kwnames || site.total_args != 1 {
                            return None;
                        }
                        Some(if self.is_builtins_function(c, "len") {
                            CallKind::Len
                        } else {
                            CallKind::BuiltinO
                        })
                    }
                    METH_FASTCALL => {
                        if site.kwnames {
                            return None;
                        }
                        Some(
                            if site.total_args == 2 && self.is_builtins_function(c, "isinstance") {
                                CallKind::IsInstance
                            } else {
                                CallKind::BuiltinFast
                            },
                        )
                    }
                    f if f == METH_FASTCALL | METH_KEYWORDS => Some(CallKind::BuiltinFastKw),
                    _ => None,
                }
            }
            Payload::Type(t) => {
                // specialize_class_call: a class of Python code (`object`'s `tp_new`, or a
                // mutable heap type) fails; `str`/`type`/`tuple` of one argument have forms
                // of their own; else a type with `tp_vectorcall`
                let bt = t.builtin?;
                if self.is_heap_type(c) || bt == BuiltinType::Object {
                    return None;
                }
                if site.total_args == 1 && !site.kwnames && site.oparg == 1 {
                    match bt {
                        BuiltinType::Str => return Some(CallKind::Str1),
                        BuiltinType::Type => return Some(CallKind::Type1),
                        BuiltinType::Tuple => return Some(CallKind::Tuple1),
                        _ => {}
                    }
                }
                (!self.called_through_tp_call(c, site.total_args)).then_some(CallKind::BuiltinClass)
            }
            Payload::MethodDescr(_) if bt == Some(BuiltinType::MethodDescriptor) => {
                // specialize_method_descriptor
                if site.kwnames {
                    return None;
                }
                let flags = self.callable_flags(c)?;
                match flags {
                    METH_NOARGS => (site.total_args == 1).then_some(CallKind::DescrNoargs),
                    METH_O => {
                        if site.total_args != 2 {
                            return None;
                        }
                        let append = self.is_list_append(c);
                        Some(if append && site.oparg == 1 && site.pop_next {
                            CallKind::ListAppend
                        } else {
                            CallKind::DescrO
                        })
                    }
                    METH_FASTCALL => Some(CallKind::DescrFast),
                    f if f == METH_FASTCALL | METH_KEYWORDS => Some(CallKind::DescrFastKw),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The specialised form's `DEOPT_IF`s: does this call site still fit it?
    fn precall_fits(&self, kind: CallKind, site: &CallSite) -> bool {
        let c = site.callable;
        let bt = self.builtin_type_of(c);
        let exact_builtin = bt == Some(BuiltinType::BuiltinFunction)
            && matches!(self.heap.payload(c), Payload::Builtin(_));
        let descr = bt == Some(BuiltinType::MethodDescriptor)
            && matches!(self.heap.payload(c), Payload::MethodDescr(_));
        // the method descriptor's receiver is exactly of its type (`Py_IS_TYPE(self, d_type)`)
        let receiver_exact = || match (self.heap.payload(c), site.first) {
            (Payload::MethodDescr(d), Some(s)) => self.type_of(s) == d.owner,
            _ => false,
        };
        match kind {
            CallKind::PyFunc => matches!(self.heap.payload(c), Payload::Function(_)),
            CallKind::BoundMethod => {
                !site.is_meth && matches!(self.heap.payload(c), Payload::Method { .. })
            }
            CallKind::Str1 => !site.is_meth && bt_is(self, c, BuiltinType::Str),
            CallKind::Type1 => !site.is_meth && bt_is(self, c, BuiltinType::Type),
            CallKind::Tuple1 => !site.is_meth && bt_is(self, c, BuiltinType::Tuple),
            CallKind::BuiltinClass => {
                matches!(self.heap.payload(c), Payload::Type(_))
                    && !self.is_heap_type(c)
                    && !self.called_through_tp_call(c, site.total_args)
            }
            CallKind::BuiltinO => {
                site.total_args == 1 && exact_builtin && self.callable_flags(c) == Some(METH_O)
            }
            CallKind::BuiltinFast => exact_builtin && self.callable_flags(c) == Some(METH_FASTCALL),
            CallKind::BuiltinFastKw => {
                exact_builtin && self.callable_flags(c) == Some(METH_FASTCALL | METH_KEYWORDS)
            }
            CallKind::Len => site.total_args == 1 && self.is_builtins_function(c, "len"),
            CallKind::IsInstance => {
                site.total_args == 2 && self.is_builtins_function(c, "isinstance")
            }
            CallKind::ListAppend => {
                self.is_list_append(c)
                    && site.first.is_some_and(|l| {
                        let t = self.type_of(l);
                        self.is_subtype(t, self.ty(BuiltinType::List))
                    })
            }
            CallKind::DescrO => {
                site.total_args == 2
                    && descr
                    && self.callable_flags(c) == Some(METH_O)
                    && receiver_exact()
            }
            CallKind::DescrNoargs => {
                site.total_args == 1
                    && descr
                    && self.callable_flags(c) == Some(METH_NOARGS)
                    && receiver_exact()
            }
            CallKind::DescrFast => {
                descr && self.callable_flags(c) == Some(METH_FASTCALL) && receiver_exact()
            }
            CallKind::DescrFastKw => {
                descr
                    && self.callable_flags(c) == Some(METH_FASTCALL | METH_KEYWORDS)
                    && receiver_exact()
            }
        }
    }

    /// The C calling convention of a builtin function or method descriptor (its `ml_flags`
    /// without METH_CLASS/STATIC/METHOD), None when CPython has no such C function.
    fn callable_flags(&self, c: ObjId) -> Option<u8> {
        let (def, owner, module) = match self.heap.payload(c) {
            Payload::Builtin(b) => match b.self_ {
                Some(m) if matches!(self.heap.payload(m), Payload::Module(_)) => {
                    (b.func.0 as *const _ as usize, Some(m), true)
                }
                Some(s) => (b.func.0 as *const _ as usize, Some(s), false),
                None => (b.func.0 as *const _ as usize, None, true),
            },
            Payload::MethodDescr(d) => (d.func.0 as *const _ as usize, Some(d.owner), false),
            _ => return None,
        };
        if let Some(found) = FLAGS_BY_DEF.with(|m| m.borrow().get(&def).copied()) {
            return found;
        }
        let name = match self.heap.payload(c) {
            Payload::Builtin(b) => b.func.0.name,
            Payload::MethodDescr(d) => d.func.0.name,
            _ => return None,
        };
        let found = if module {
            let mname = match owner.map(|m| self.heap.payload(m)) {
                Some(Payload::Module(md)) => md.name.clone(),
                _ => "builtins".to_string(),
            };
            recorded_flags(true, &mname, name)
        } else {
            // a method: the type it is found on, up the receiver's (or class's) MRO
            let start = owner.map(|o| match self.heap.payload(o) {
                Payload::Type(_) if matches!(self.heap.payload(c), Payload::MethodDescr(_)) => o,
                Payload::Type(_) => o,
                _ => self.type_of(o),
            });
            start.and_then(|t| {
                self.mro_of(t).into_iter().find_map(|k| {
                    let tn = self.type_name_of_type(k);
                    recorded_flags(false, &tn, name)
                })
            })
        };
        FLAGS_BY_DEF.with(|m| m.borrow_mut().insert(def, found));
        found
    }

    /// Is `c` the builtins module's function `name` (`interp->callable_cache.len`)?
    fn is_builtins_function(&self, c: ObjId, name: &str) -> bool {
        match self.heap.payload(c) {
            Payload::Builtin(b) if b.func.0.name == name => match b.self_ {
                Some(m) => {
                    matches!(self.heap.payload(m), Payload::Module(md) if md.name == "builtins")
                }
                None => true,
            },
            _ => false,
        }
    }

    /// Is `c` `list.append`'s method descriptor (`callable_cache.list_append`)?
    fn is_list_append(&self, c: ObjId) -> bool {
        matches!(self.heap.payload(c), Payload::MethodDescr(d)
            if d.func.0.name == "append" && d.owner == self.ty(BuiltinType::List))
    }
}

/// Is `c` exactly the builtin type `bt`?
fn bt_is(vm: &Vm, c: ObjId, bt: BuiltinType) -> bool {
    c == vm.ty(bt)
}
