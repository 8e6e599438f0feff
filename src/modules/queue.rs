//! `_queue` (`Modules/_queuemodule.c` of CPython 3.11): `SimpleQueue`, the unbounded FIFO
//! queue `queue.SimpleQueue` is, and the `Empty` exception its `get` raises.
//!
//! # Why a native type
//!
//! CPython's `SimpleQueue` is a C object, not a Python instance: `sys.getsizeof` of one is
//! 72 (`simplequeueobject`: a lock, a flag, the list of items, a read position and a weak
//! reference list, 56 bytes, after the 16-byte GC header), it has no `__dict__`, and it holds
//! its items in an ordinary list object that `gc.get_referents` shows. A Python class over a
//! deque would be 56 bytes and hold a deque.
//!
//! # A worked example
//!
//! ```text
//!   sq = SimpleQueue()     lst = []                       lst_pos = 0
//!   sq.put('a'); sq.put('b'); sq.put('c')
//!                          lst = ['a', 'b', 'c']          lst_pos = 0
//!   sq.get() -> 'a'        lst = [None, 'b', 'c']         lst_pos = 1   (1 used, 2 left)
//!   sq.get() -> 'b'        lst = [None, None, 'c']        lst_pos = 2 > 1 left: cut the
//!                          lst = ['c']                    lst_pos = 0   front (list_ass_slice)
//! ```
//!
//! # The mechanism, under CPython's names
//!
//! `simplequeue_new` allocates the object and `PyList_New(0)`; `put` is `PyList_Append`;
//! `simplequeue_pop_item` takes `lst[lst_pos]`, puts None in its place and moves `lst_pos` on,
//! and once more than half the list is used (`lst_pos > count`) deletes the used front with
//! `PyList_SetSlice(lst, 0, lst_pos, NULL)` (a list that becomes empty is cleared: its item
//! array freed). `simplequeue_traverse` visits the list and the type (a heap type).
//! `get` on an empty queue raises `_queue.Empty` when not blocking; a blocking `get` would
//! wait for another thread, which the model has none of: with a timeout it sleeps the timeout
//! and raises `Empty`, without one it refuses with `NotImplementedError`.

use crate::builtins::{classmethod, method, parse_args};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::ops::Num;
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, make_type, new, NativeData, TypeSpec};

/// The Python half: `Empty` (`PyErr_NewExceptionWithDoc("_queue.Empty", ...)`).
pub const SOURCE: &str = "\
class Empty(Exception):
    'Exception raised by Queue.get(block=0)/get_nowait().'
    __module__ = '_queue'
";

#[derive(Clone)]
struct SimpleQueue {
    /// `lst`: the list object holding the items from `lst_pos` on.
    lst: Option<ObjId>,
    lst_pos: usize,
    weakrefs: Vec<ObjId>,
}

impl NativeData for SimpleQueue {
    fn owns_type(&self) -> bool {
        true
    }
    fn visits_type_last(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("lst", self.lst)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.lst])
    }
    fn sizeof(&self) -> usize {
        // PyObject_HEAD, lock, locked (padded), lst, lst_pos, weakreflist
        56
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    native_any!();
}

static SIMPLE_QUEUE: TypeSpec = TypeSpec {
    name: "SimpleQueue",
    module: "_queue",
    methods: &[
        new(simplequeue_new),
        method("empty", sq_empty),
        method("get", sq_get),
        method("get_nowait", sq_get_nowait),
        method("put", sq_put),
        method("put_nowait", sq_put_nowait),
        method("qsize", sq_qsize),
        classmethod("__class_getitem__", sq_class_getitem),
    ],
    unhashable: false,
    weakrefs: true,
    base: None,
    doc: Some("Simple, unbounded, reentrant FIFO queue."),
    heap: true,
};

/// `_queue`: the type; the Python half adds `Empty`.
pub fn init(vm: &mut Vm, m: ObjId) {
    let t = make_type(vm, &SIMPLE_QUEUE);
    vm.module_set(m, "SimpleQueue", t);
    vm.decref(t);
}

fn simplequeue_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    // Argument Clinic for a `__new__` without parameters (exact type only)
    if vm.native_type("_queue.SimpleQueue") == ty {
        if args.len() > 1 {
            return Err(vm.type_error("SimpleQueue() takes no positional arguments"));
        }
        if !kwargs.is_empty() {
            return Err(vm.type_error("SimpleQueue() takes no keyword arguments"));
        }
    }
    let q = vm.new_native(
        ty,
        Box::new(SimpleQueue {
            lst: None,
            lst_pos: 0,
            weakrefs: Vec::new(),
        }),
        56,
    );
    let lst = vm.new_list(Vec::new());
    if let Some(s) = vm.native_mut::<SimpleQueue>(q) {
        s.lst = Some(lst);
    }
    Ok(q)
}

/// `self`, its list and `lst_pos`.
fn this(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<(ObjId, ObjId, usize)> {
    let s = native::self_check::<SimpleQueue>(vm, name, "_queue.SimpleQueue", args)?;
    let (lst, pos) = vm
        .native_ref::<SimpleQueue>(s)
        .map_or((None, 0), |q| (q.lst, q.lst_pos));
    match lst {
        Some(l) => Ok((s, l, pos)),
        None => Err(vm.type_error("SimpleQueue has no list")),
    }
}

fn list_len(vm: &Vm, l: ObjId) -> usize {
    match vm.heap.payload(l) {
        Payload::List(list) => list.items.len(),
        _ => 0,
    }
}

/// `put(item, block=True, timeout=None)`: `PyList_Append` (block and timeout are ignored).
fn sq_put(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (_, l, _) = this(vm, args, "put")?;
    let a = parse_args(
        vm,
        "put",
        &args[1..],
        kwargs,
        &["item", "block", "timeout"],
        1,
    )?;
    let item = a[0].expect("required");
    if let Some(b) = a[1] {
        vm.is_true(b)?;
    }
    vm.incref(item);
    vm.list_append_owned(l, item);
    Ok(vm.new_none())
}

fn sq_put_nowait(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (_, l, _) = this(vm, args, "put_nowait")?;
    let a = parse_args(vm, "put_nowait", &args[1..], kwargs, &["item"], 1)?;
    let item = a[0].expect("required");
    vm.incref(item);
    vm.list_append_owned(l, item);
    Ok(vm.new_none())
}

/// `simplequeue_pop_item`: the item at `lst_pos` (owned), None in its place; once the used
/// front is longer than what is left, it is cut off.
fn pop_item(vm: &mut Vm, q: ObjId, l: ObjId, pos: usize) -> ObjId {
    let none = vm.new_none();
    let item = match vm.heap.payload_mut(l) {
        Payload::List(list) => std::mem::replace(&mut list.items[pos], none),
        _ => none,
    };
    let pos = pos + 1;
    let n = list_len(vm, l);
    let count = n - pos;
    let mut new_pos = pos;
    if pos > count {
        if count == 0 {
            // list_ass_slice to an empty list: `_list_clear` (the item array is freed)
            let _ = vm.list_clear(l);
        } else {
            // list_ass_slice(lst, 0, lst_pos, NULL): move the rest down, then shrink
            let removed: Vec<ObjId> = match vm.heap.payload_mut(l) {
                Payload::List(list) => list.items.drain(..pos).collect(),
                _ => Vec::new(),
            };
            vm.list_resize(l, count);
            for r in removed.into_iter().rev() {
                vm.decref(r);
            }
        }
        new_pos = 0;
    }
    if let Some(s) = vm.native_mut::<SimpleQueue>(q) {
        s.lst_pos = new_pos;
    }
    item
}

/// `_queue.Empty`, raised with no arguments (`PyErr_SetNone`).
fn empty_error(vm: &mut Vm) -> crate::vm::PyErr {
    let empty = vm
        .modules
        .get("_queue")
        .copied()
        .and_then(|m| vm.getattr_str(m, "Empty").ok());
    match empty {
        Some(cls) => {
            let r = vm.call_object(cls, &[], &[]);
            vm.decref(cls);
            match r {
                Ok(e) => crate::vm::PyErr(e),
                Err(e) => e,
            }
        }
        None => vm.new_exception(ExcKind::RuntimeError, "_queue.Empty is missing"),
    }
}

/// `get(block=True, timeout=None)`.
fn sq_get(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (q, l, pos) = this(vm, args, "get")?;
    let a = parse_args(vm, "get", &args[1..], kwargs, &["block", "timeout"], 0)?;
    let block = match a[0] {
        Some(b) => vm.is_true(b)?,
        None => true,
    };
    // the timeout is read (and checked) only when blocking
    let mut timeout = None;
    if block {
        if let Some(t) = a[1].filter(|&t| t != vm.none()) {
            // _PyTime_FromSecondsObject: an int or a float
            let secs = match vm.as_num(t) {
                Some(Num::Int(n)) => num_traits::ToPrimitive::to_f64(&n).unwrap_or(f64::MAX),
                Some(Num::Float(f)) => f,
                _ => {
                    let msg = format!(
                        "'{}' object cannot be interpreted as an integer",
                        vm.type_name(t)
                    );
                    return Err(vm.type_error(&msg));
                }
            };
            if secs.is_nan() {
                return Err(
                    vm.new_exception(ExcKind::ValueError, "Invalid value NaN (not a number)")
                );
            }
            if secs < 0.0 {
                return Err(vm.new_exception(
                    ExcKind::ValueError,
                    "'timeout' must be a non-negative number",
                ));
            }
            timeout = Some(t);
        }
    }
    if list_len(vm, l) > pos {
        return Ok(pop_item(vm, q, l, pos));
    }
    if !block {
        return Err(empty_error(vm));
    }
    match timeout {
        Some(t) => {
            // nothing can put an item while it waits: the whole timeout passes
            let r = super::time::sleep_for(vm, t)?;
            vm.decref(r);
            Err(empty_error(vm))
        }
        None => Err(vm.unsupported(
            "other threads (a blocking SimpleQueue.get() on an empty queue would wait for ever)",
        )),
    }
}

fn sq_get_nowait(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (q, l, pos) = this(vm, args, "get_nowait")?;
    crate::builtins::noargs(vm, "get_nowait", &args[1..], kwargs)?;
    if list_len(vm, l) > pos {
        return Ok(pop_item(vm, q, l, pos));
    }
    Err(empty_error(vm))
}

fn sq_empty(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (_, l, pos) = this(vm, args, "empty")?;
    crate::builtins::noargs(vm, "empty", &args[1..], kwargs)?;
    let empty = pos == list_len(vm, l);
    Ok(vm.new_bool(empty))
}

fn sq_qsize(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (_, l, pos) = this(vm, args, "qsize")?;
    crate::builtins::noargs(vm, "qsize", &args[1..], kwargs)?;
    let n = list_len(vm, l) - pos;
    Ok(vm.new_usize(n))
}

/// `__class_getitem__` (`Py_GenericAlias`): `SimpleQueue[int]`.
fn sq_class_getitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::positional(vm, "__class_getitem__", &args[1..], kwargs, 1, 1)?;
    Ok(vm.new_generic_alias(args[0], args[1]))
}
