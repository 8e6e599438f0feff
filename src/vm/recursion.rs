//! The recursion limit (`sys.setrecursionlimit`) and the Rust stack under it.
//!
//! CPython 3.11 keeps one count per thread, `recursion_remaining`: every Python frame takes one
//! unit while it runs, and so does every C-level guard (`Py_EnterRecursiveCall`) around work
//! that may recurse: `PyObject_Repr` (" while getting the repr of an object"), `PyObject_Str`,
//! `PyObject_RichCompare` (" in comparison"), a call through `tp_call` (" while calling a
//! Python object"). When the count runs out, the guard raises `RecursionError: maximum
//! recursion depth exceeded` plus its `where`. So `[[[...]]] == [[[...]]]` 100,000 deep, a
//! `__repr__` that calls `repr` of itself, and `c()` where `type(c).__call__ is c` all end in
//! `RecursionError`, not in a crash.
//!
//! Here a Python-to-Python call pushes a frame on a `Vec` and never recurses in Rust, so pure
//! Python recursion costs no Rust stack at any limit. Native code that recurses (the guards
//! above, and every call from native code back into Python) does use the Rust stack, and the
//! limit a snippet may set is CPython's (any int up to `INT_MAX`): [`Vm::with_stack`] moves
//! onto a fresh segment of stack (`stacker`) when less than [`RED_ZONE`] is left, up to
//! [`STACK_BUDGET`] in all; past that the guard raises `RecursionError` where CPython would
//! overflow its C stack and crash.
//!
//! Worked example: `class C: pass; c = C(); C.__call__ = c; c()`. `CALL` finds an instance;
//! `call_object` looks up `type(c).__call__`, which is `c` again, and calls it: each round
//! enters the " while calling a Python object" guard once and recurses once in Rust. With the
//! default limit of 1000 the 999th round raises (the module frame holds one unit), and the
//! `RecursionError` unwinds the 999 Rust calls.

use std::cell::Cell;

use super::{ExcKind, PyErr, PyResult, Vm};

/// Switch to a new stack segment when less than this is left: enough for the deepest native
/// path between two checks, and for raising the error (debug builds have large frames).
pub const RED_ZONE: usize = 1 << 20;

/// The size of each new stack segment.
const SEGMENT: usize = 16 << 20;

/// Stack segments a thread may add in all, for native recursion (address space reserved as
/// needed; only the pages used are memory).
pub const STACK_BUDGET: usize = 1 << 30;

thread_local! {
    /// Bytes of stack segments this thread has added and still runs on.
    static GROWN: Cell<usize> = const { Cell::new(0) };
}

impl Vm {
    /// How deep the snippet is: Python frames plus native guards (CPython's
    /// `recursion_limit - recursion_remaining`).
    pub fn recursion_depth(&self) -> usize {
        self.frames.len() + self.native_depth
    }

    /// The error a guard raises when the limit is reached (`_Py_CheckRecursiveCall`).
    pub fn recursion_error(&mut self, where_: &str) -> PyErr {
        let msg = format!("maximum recursion depth exceeded{where_}");
        self.new_exception(ExcKind::RecursionError, &msg)
    }

    /// `Py_EnterRecursiveCall(where)` … `Py_LeaveRecursiveCall()` around `f`, with room on the
    /// Rust stack for it.
    pub fn recursive_call<R>(
        &mut self,
        where_: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<R>,
    ) -> PyResult<R> {
        if self.recursion_depth() >= self.options.recursion_limit {
            return Err(self.recursion_error(where_));
        }
        self.native_depth += 1;
        let r = self.with_stack(f);
        self.native_depth -= 1;
        r
    }

    /// Run `f` with at least [`RED_ZONE`] bytes of Rust stack: on this stack when there is
    /// room, else on a new segment. `RecursionError` when the segments would pass
    /// [`STACK_BUDGET`].
    pub fn with_stack<R>(&mut self, f: impl FnOnce(&mut Vm) -> PyResult<R>) -> PyResult<R> {
        match stacker::remaining_stack() {
            Some(left) if left >= RED_ZONE => f(self),
            _ => {
                let mut f = Some(f);
                let mut this = Some(self);
                let r = on_new_segment(|| {
                    let (f, vm) = (f.take().expect("once"), this.take().expect("once"));
                    f(vm)
                });
                match r {
                    Some(r) => r,
                    None => {
                        let vm = this.take().expect("not run");
                        Err(vm.recursion_error(""))
                    }
                }
            }
        }
    }
}

/// Run `f` (no VM at hand) with at least [`RED_ZONE`] bytes of stack; `None` when the
/// segments would pass [`STACK_BUDGET`].
pub fn with_stack_plain<R>(f: impl FnOnce() -> R) -> Option<R> {
    match stacker::remaining_stack() {
        Some(left) if left >= RED_ZONE => Some(f()),
        _ => on_new_segment(f),
    }
}

/// Run `f` on a new stack segment; `None` (and `f` not run) when the segments would pass
/// [`STACK_BUDGET`] or the process's real memory budget ([`crate::memguard`]: a segment is
/// mapped memory, and a refused mapping would abort).
fn on_new_segment<R>(f: impl FnOnce() -> R) -> Option<R> {
    let grown = GROWN.with(Cell::get);
    if grown + SEGMENT > STACK_BUDGET || !crate::memguard::fits(SEGMENT as u128) {
        return None;
    }
    GROWN.with(|g| g.set(grown + SEGMENT));
    crate::memguard::add_stack(SEGMENT, true);
    let r = stacker::grow(SEGMENT, f);
    crate::memguard::add_stack(SEGMENT, false);
    GROWN.with(|g| g.set(grown));
    Some(r)
}
