//! `_PyObject_MakeTpCall`: the argument tuple of a call that goes through `tp_call`.
//!
//! CPython 3.11 calls most things with *vectorcall*: the arguments stay where the caller put
//! them (the value stack) and nothing is allocated. An object whose type has no vectorcall
//! entry is called through its type's `tp_call(callable, args, kwargs)`, which wants a tuple and
//! a dict, so `_PyObject_MakeTpCall` builds them from the caller's arguments, makes the call and
//! releases them (`Objects/call.c`):
//!
//! ```text
//! argstuple = _PyTuple_FromArray(args, nargs);      // () when nargs == 0: no allocation
//! kwdict = _PyStack_AsDict(args + nargs, kwnames);  // only when there are keywords
//! result = call(callable, argstuple, kwdict);
//! Py_DECREF(argstuple); Py_XDECREF(kwdict);
//! ```
//!
//! A snippet sees this three ways. The tuple holds a reference to every argument for the
//! whole call, so inside `__init__` an argument has one reference more than inside a plain
//! function call:
//!
//! ```python
//! class P:
//!     def __init__(self, v):
//!         print(sys.getrefcount(v))   # one more than in f(v): the argument tuple holds v
//! ```
//!
//! The tuple and the dict are GC objects, so they count in `gc.get_count()`; and freed, the
//! tuple goes to its size's free list, where the next tuple of that size comes from (a class
//! statement leaves a 3-tuple there: `type(name, bases, namespace)` is such a call).
//!
//! Which callables have no vectorcall in 3.11: classes (a heap type's `tp_vectorcall` is
//! NULL, so `A(x)` is `type_call` with a tuple), instances of classes with `__call__`
//! (`slot_tp_call`), `type` itself with other than one argument, and the builtin types
//! without a `tp_vectorcall` (`int`, `str`, `bytes`, `bytearray`, `complex`, `slice`,
//! `property`, `staticmethod`, `classmethod`, `memoryview`, `zip`, the standard library's
//! types). `float`, `bool`, `tuple`, `list`, `dict`, `set`, `frozenset`, `range`,
//! `enumerate`, `reversed`, `map`, `filter` and `super` have one (`object` has none: `object()`
//! is `object_new` through `tp_call`). Exception classes
//! have none either (3.12 gave `BaseException` one): `BaseException_new` and
//! `BaseException_init` keep that very tuple as `args` ([`Vm::exception_args_tuple`]), so an
//! argument keeps the tuple's reference until the call returns even when `__init__` replaces
//! `args` (`super().__init__(f'{name!r} not found')`).

use crate::object::{BuiltinType, ObjId, Payload};

use super::{PyResult, Vm};

/// What `_PyObject_MakeTpCall` made for one call: released together when the call returns.
#[derive(Debug, Default)]
#[must_use = "release the argument tuple when the call returns"]
pub(crate) struct TpCallArgs {
    tuple: Option<ObjId>,
    kwdict: Option<ObjId>,
    /// The caller's own tuple and dict (`PyObject_Call`'s), borrowed: `tp_call` gets them
    /// without a reference of its own.
    borrowed: bool,
}

impl TpCallArgs {
    /// The argument tuple made (none for no positional arguments).
    pub(crate) fn tuple(&self) -> Option<ObjId> {
        self.tuple
    }

    /// The keyword dict made (none without keywords).
    pub(crate) fn kwdict(&self) -> Option<ObjId> {
        self.kwdict
    }

    /// The objects, in the order to push them on a value stack so that popping releases the
    /// tuple first (`Py_DECREF(argstuple); Py_XDECREF(kwdict)`).
    pub(crate) fn into_stack_order(self) -> Vec<ObjId> {
        self.kwdict.into_iter().chain(self.tuple).collect()
    }
}

/// Does a builtin type have a `tp_vectorcall` (called with `nargs` positional arguments)?
fn builtin_type_vectorcall(bt: BuiltinType, nargs: usize) -> bool {
    use BuiltinType::*;
    match bt {
        // type_vectorcall handles `type(x)` only
        Type => nargs == 1,
        Float | Bool | Tuple | List | Dict | Set | FrozenSet | Range | Enumerate | Reversed
        | Map | Filter | Super => true,
        _ => false,
    }
}

impl Vm {
    /// Is `callable` called through `tp_call` with an argument tuple (`_PyObject_MakeTpCall`)?
    pub(crate) fn called_through_tp_call(&self, callable: ObjId, nargs: usize) -> bool {
        match self.heap.payload(callable) {
            Payload::Type(t) => {
                let builtin = t.builtin;
                match builtin {
                    Some(bt) => !builtin_type_vectorcall(bt, nargs),
                    None => true,
                }
            }
            _ => false,
        }
    }

    /// `_PyObject_MakeTpCall`'s tuple of the positional arguments (none for no arguments: the
    /// empty tuple is shared) and dict of the keyword arguments (borrowed in, owned out).
    pub(crate) fn make_tp_call_args(
        &mut self,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> TpCallArgs {
        if let Some((t, d)) = self.tp_call_preset.take() {
            // `PyObject_Call`'s own tuple and dict, when they are these arguments
            let same_kw = match d {
                Some(d) => self.dict_pairs(d) == kwargs,
                None => kwargs.is_empty(),
            };
            if self.heap.seq_items(t) == args && same_kw {
                return TpCallArgs {
                    tuple: Some(t),
                    kwdict: d,
                    borrowed: true,
                };
            }
        }
        let tuple = if args.is_empty() {
            None
        } else {
            for &a in args {
                self.incref(a);
            }
            Some(self.new_tuple(args.to_vec()))
        };
        let kwdict = if kwargs.is_empty() {
            None
        } else {
            let d = self.new_dict();
            for &(k, v) in kwargs {
                // `_PyStack_AsDict`: the names are str, their hashes cached; cannot fail
                if let Err(e) = self.dict_setitem(d, k, v) {
                    self.decref(e.0);
                }
            }
            Some(d)
        };
        TpCallArgs {
            tuple,
            kwdict,
            borrowed: false,
        }
    }

    /// The argument tuple of the innermost call under way through `tp_call`, when it holds
    /// exactly `args` (a new reference): what `BaseException_new` and `BaseException_init`
    /// store as `args`. Otherwise a new tuple of `args` (a call from native code).
    pub(crate) fn exception_args_tuple(&mut self, args: &[ObjId]) -> ObjId {
        if let Some(&t) = self.tp_call_tuples.last() {
            if self.heap.seq_items(t) == args {
                self.incref(t);
                return t;
            }
        }
        for &a in args {
            self.incref(a);
        }
        self.new_tuple(args.to_vec())
    }

    /// The call is over: the tuple, then the dict.
    pub(crate) fn release_tp_call_args(&mut self, held: TpCallArgs) {
        if held.borrowed {
            return;
        }
        if let Some(t) = held.tuple {
            self.decref(t);
        }
        if let Some(d) = held.kwdict {
            self.decref(d);
        }
    }

    /// `_PyObject_FastCallDictTstate` with keywords, to a callable with vectorcall (a Python
    /// function: `slot_tp_call`'s `__call__`, `slot_tp_new`'s `__new__`):
    /// `_PyStack_UnpackDict` turns the keyword dict back into a tuple of names and a new
    /// argument array holding its own reference to every argument and keyword value, for
    /// the time of the call (`_PyStack_UnpackDict_Free`: the values, then the names).
    pub(crate) fn with_unpacked_kwargs<R>(
        &mut self,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
        f: impl FnOnce(&mut Vm) -> R,
    ) -> R {
        if kwargs.is_empty() {
            return f(self);
        }
        let names: Vec<ObjId> = kwargs.iter().map(|&(k, _)| k).collect();
        for &k in &names {
            self.incref(k);
        }
        let names = self.new_tuple(names);
        let held: Vec<ObjId> = args
            .iter()
            .copied()
            .chain(kwargs.iter().map(|&(_, v)| v))
            .collect();
        for &h in &held {
            self.incref(h);
        }
        let r = f(self);
        for h in held {
            self.decref(h);
        }
        self.decref(names);
        r
    }

    /// Call `f` as a call of `callable` through `tp_call` (`_PyObject_MakeTpCall`): the
    /// argument tuple lives around it, and so does the recursion guard
    /// (`_Py_EnterRecursiveCallTstate(" while calling a Python object")`, entered once the
    /// tuple is made).
    pub(crate) fn with_tp_call_args<R>(
        &mut self,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
        f: impl FnOnce(&mut Vm) -> PyResult<R>,
    ) -> PyResult<R> {
        self.with_arg_tuple(args, kwargs, |vm| {
            vm.recursive_call(" while calling a Python object", f)
        })
    }

    /// Call `f` with a tuple (and dict) of the arguments living around it, as
    /// `_PyObject_MakeTpCall` makes them, without its recursion guard: the tuple
    /// `wrapperdescr_call` slices off the receiver, `method_vectorcall_VARARGS`'s (which
    /// guards on its own).
    pub(crate) fn with_arg_tuple<R>(
        &mut self,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
        f: impl FnOnce(&mut Vm) -> R,
    ) -> R {
        let held = self.make_tp_call_args(args, kwargs);
        let depth = self.tp_call_tuples.len();
        if let Some(t) = held.tuple {
            self.tp_call_tuples.push(t);
        }
        let r = f(self);
        self.tp_call_tuples.truncate(depth);
        self.release_tp_call_args(held);
        r
    }
}
