//! `_collections` (`Modules/_collectionsmodule.c`): `deque` with its 64-slot blocks (their
//! count is what `sys.getsizeof` reports, and blocks are memory of their own, recycled through
//! the deque's 16-block free list), its iterators, `defaultdict` (a dict whose
//! `default_factory` is a C field after the dict's, with `__missing__`), and
//! `_count_elements`, the loop behind `Counter.update`.

use std::collections::VecDeque;

use crate::ast::CmpOp;
use crate::builtins::{func, getter, member, method, parse_args, positional, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{BuiltinType, ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{
    self, iter_self, make_type, new, next_method, short_type_name, NativeData, Slots, TypeSpec,
};

/// Items per deque block (`BLOCKLEN`), and where an empty deque's cursor sits (`CENTER`).
const BLOCKLEN: usize = 64;
const CENTER: usize = (BLOCKLEN - 1) / 2;
/// A block: `leftlink`, 64 items, `rightlink`.
const BLOCK_BYTES: usize = 16 + 8 * BLOCKLEN;
/// Blocks a deque keeps for reuse (`MAXFREEBLOCKS`).
const MAXFREEBLOCKS: usize = 16;
/// `tp_basicsize` of a deque.
const DEQUE_BASIC: usize = 216;

static DEQUE: TypeSpec = TypeSpec {
    name: "deque",
    module: "collections",
    methods: &[
        new(deque_new),
        method("append", deque_append),
        method("appendleft", deque_appendleft),
        method("pop", deque_pop),
        method("popleft", deque_popleft),
        method("extend", deque_extend),
        method("extendleft", deque_extendleft),
        method("clear", deque_clear_method),
        method("copy", deque_copy),
        method("__copy__", deque_copy_dunder),
        method("count", deque_count),
        method("index", deque_index),
        method("insert", deque_insert),
        method("remove", deque_remove),
        method("reverse", deque_reverse),
        method("rotate", deque_rotate),
        method("__len__", deque_len),
        method("__getitem__", deque_getitem),
        method("__setitem__", deque_setitem),
        method("__delitem__", deque_delitem),
        method("__contains__", deque_contains),
        method("__iter__", deque_iter),
        method("__reversed__", deque_reversed),
        method("__repr__", deque_repr),
        method("__eq__", deque_eq),
        method("__ne__", deque_ne),
        method("__lt__", deque_lt),
        method("__le__", deque_le),
        method("__gt__", deque_gt),
        method("__ge__", deque_ge),
        method("__add__", deque_add),
        method("__iadd__", deque_iadd),
        method("__mul__", deque_mul),
        method("__rmul__", deque_mul),
        method("__imul__", deque_imul),
        method("__sizeof__", deque_sizeof),
        getter("maxlen", deque_maxlen),
    ],
    unhashable: true,
    weakrefs: true,
    base: None,
    doc: Some("A list-like sequence optimized for data accesses near its endpoints."),
    heap: false,
};

static DEQUE_ITER: TypeSpec = TypeSpec {
    name: "_deque_iterator",
    module: "_collections",
    methods: &[
        new(no_new),
        method("__iter__", iter_self),
        method("__next__", next_method),
        method("__length_hint__", dequeiter_len),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: false,
};

static DEQUE_REVITER: TypeSpec = TypeSpec {
    name: "_deque_reverse_iterator",
    module: "_collections",
    methods: &[
        new(no_new),
        method("__iter__", iter_self),
        method("__next__", next_method),
        method("__length_hint__", dequeiter_len),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: false,
};

static DEFAULTDICT: TypeSpec = TypeSpec {
    name: "defaultdict",
    module: "collections",
    methods: &[
        new(defdict_new),
        method("__missing__", defdict_missing),
        method("__repr__", defdict_repr),
        method("copy", defdict_copy),
        method("__copy__", defdict_copy_dunder),
        method("__or__", defdict_or),
        method("__sizeof__", defdict_sizeof),
        member("default_factory", defdict_factory),
    ],
    unhashable: true,
    weakrefs: false,
    base: Some(BuiltinType::Dict),
    doc: None,
    heap: false,
};

static TUPLEGETTER: TypeSpec = TypeSpec {
    name: "_tuplegetter",
    module: "_collections",
    methods: &[
        new(tuplegetter_new),
        method("__get__", tuplegetter_get),
        method("__set__", tuplegetter_set),
        method("__delete__", tuplegetter_delete),
        method("__reduce__", tuplegetter_reduce),
        method("__repr__", tuplegetter_repr),
        member("__doc__", tuplegetter_doc),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: false,
};

static FUNCTIONS: &[BuiltinDef] = &[func("_count_elements", count_elements)];

/// The Python half of `collections`, run after [`init`].
pub const SOURCE: &str = include_str!("py/collections.py");

/// `collections`: the C types from `_collections` first.
pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_reexport(
        m,
        "_collections",
        &["deque", "defaultdict", "_count_elements", "_tuplegetter"],
    );
}

/// `_collections`.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    for spec in [
        &DEQUE,
        &DEFAULTDICT,
        &DEQUE_ITER,
        &DEQUE_REVITER,
        &TUPLEGETTER,
    ] {
        let t = make_type(vm, spec);
        vm.module_set(m, spec.name, t);
        vm.decref(t);
    }
}

fn no_new(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let name = args.first().map(|&t| vm.class_path(t)).unwrap_or_default();
    Err(vm.type_error(&format!("cannot create '{name}' instances")))
}

// ---- deque ----

#[derive(Clone)]
pub struct Deque {
    items: VecDeque<ObjId>,
    /// Cursor positions inside the leftmost and rightmost blocks (`rightindex` may be -1
    /// transiently in CPython; here it is kept as `leftindex + len - 1` modulo the blocks).
    leftindex: usize,
    rightindex: isize,
    /// The blocks in use, left to right, and the spare ones.
    blocks: VecDeque<Block>,
    freeblocks: Vec<Block>,
    /// None: unbounded.
    maxlen: Option<usize>,
    /// Bumped by every change that invalidates iterators.
    state: u64,
    weakrefs: Vec<ObjId>,
}

impl NativeData for Deque {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        for (i, &x) in self.items.iter().enumerate() {
            visit(Slot::Item(i), x, true);
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        let items: Vec<ObjId> = std::mem::take(&mut self.items).into_iter().collect();
        let mut blocks: Vec<Block> = std::mem::take(&mut self.blocks).into_iter().collect();
        blocks.append(&mut self.freeblocks);
        (items, blocks)
    }
    fn clear(&mut self) -> Vec<ObjId> {
        self.state += 1;
        self.leftindex = CENTER + 1;
        self.rightindex = CENTER as isize;
        std::mem::take(&mut self.items).into_iter().collect()
    }
    fn sizeof(&self) -> usize {
        DEQUE_BASIC + self.blocks_in_use() * BLOCK_BYTES
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    native_any!();
}

impl Deque {
    /// `deque_sizeof`'s block count.
    fn blocks_in_use(&self) -> usize {
        (self.leftindex + self.items.len()).div_ceil(BLOCKLEN)
    }
}

fn dq(vm: &Vm, d: ObjId) -> &Deque {
    vm.native_ref::<Deque>(d).expect("checked to be a deque")
}

fn dq_mut(vm: &mut Vm, d: ObjId) -> &mut Deque {
    vm.native_mut::<Deque>(d).expect("checked to be a deque")
}

/// `newblock`: a spare block, else fresh memory.
fn new_block(vm: &mut Vm, d: ObjId) -> Block {
    match dq_mut(vm, d).freeblocks.pop() {
        Some(b) => b,
        None => vm.heap.malloc_block(BLOCK_BYTES),
    }
}

/// `freeblock`: keep up to 16 spare blocks, free the rest.
fn free_block(vm: &mut Vm, d: ObjId, b: Block) {
    let x = dq_mut(vm, d);
    if x.freeblocks.len() < MAXFREEBLOCKS {
        x.freeblocks.push(b);
    } else {
        vm.heap.free_block(b);
    }
}

/// Append on the right (the item reference is given), without trimming.
fn push_right(vm: &mut Vm, d: ObjId, item: ObjId) {
    if dq(vm, d).rightindex == BLOCKLEN as isize - 1 {
        let b = new_block(vm, d);
        let x = dq_mut(vm, d);
        x.blocks.push_back(b);
        x.rightindex = -1;
    }
    let x = dq_mut(vm, d);
    x.rightindex += 1;
    x.items.push_back(item);
}

fn push_left(vm: &mut Vm, d: ObjId, item: ObjId) {
    if dq(vm, d).leftindex == 0 {
        let b = new_block(vm, d);
        let x = dq_mut(vm, d);
        x.blocks.push_front(b);
        x.leftindex = BLOCKLEN;
    }
    let x = dq_mut(vm, d);
    x.leftindex -= 1;
    x.items.push_front(item);
}

/// `deque_pop`: the rightmost item (a reference handed over), None when empty.
fn pop_right(vm: &mut Vm, d: ObjId) -> Option<ObjId> {
    let x = dq_mut(vm, d);
    let item = x.items.pop_back()?;
    x.rightindex -= 1;
    x.state += 1;
    if x.rightindex < 0 {
        if x.items.is_empty() {
            x.leftindex = CENTER + 1;
            x.rightindex = CENTER as isize;
        } else {
            let b = x.blocks.pop_back();
            x.rightindex = BLOCKLEN as isize - 1;
            if let Some(b) = b {
                free_block(vm, d, b);
            }
        }
    }
    Some(item)
}

fn pop_left(vm: &mut Vm, d: ObjId) -> Option<ObjId> {
    let x = dq_mut(vm, d);
    let item = x.items.pop_front()?;
    x.leftindex += 1;
    x.state += 1;
    if x.leftindex == BLOCKLEN {
        if x.items.is_empty() {
            x.leftindex = CENTER + 1;
            x.rightindex = CENTER as isize;
        } else {
            let b = x.blocks.pop_front();
            x.leftindex = 0;
            if let Some(b) = b {
                free_block(vm, d, b);
            }
        }
    }
    Some(item)
}

/// `deque_append_internal`: append, then trim the left end past `maxlen`.
fn append_internal(vm: &mut Vm, d: ObjId, item: ObjId) {
    push_right(vm, d, item);
    let x = dq(vm, d);
    if x.maxlen.is_some_and(|m| x.items.len() > m) {
        if let Some(old) = pop_left(vm, d) {
            vm.decref(old);
        }
    } else {
        dq_mut(vm, d).state += 1;
    }
}

fn appendleft_internal(vm: &mut Vm, d: ObjId, item: ObjId) {
    push_left(vm, d, item);
    let x = dq(vm, d);
    if x.maxlen.is_some_and(|m| x.items.len() > m) {
        if let Some(old) = pop_right(vm, d) {
            vm.decref(old);
        }
    } else {
        dq_mut(vm, d).state += 1;
    }
}

fn check_deque(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<ObjId> {
    native::self_check::<Deque>(vm, name, "collections.deque", args)
}

/// A new empty deque of type `ty` (one block, cursor centred).
fn new_deque(vm: &mut Vm, ty: ObjId, maxlen: Option<usize>) -> ObjId {
    let block = vm.heap.malloc_block(BLOCK_BYTES);
    let d = Deque {
        items: VecDeque::new(),
        leftindex: CENTER + 1,
        rightindex: CENTER as isize,
        blocks: VecDeque::from([block]),
        freeblocks: Vec::new(),
        maxlen,
        state: 0,
        weakrefs: Vec::new(),
    };
    vm.new_native(ty, Box::new(d), DEQUE_BASIC)
}

fn maxlen_arg(vm: &mut Vm, v: Option<ObjId>) -> PyResult<Option<usize>> {
    match v {
        None => Ok(None),
        Some(m) if m == vm.none() => Ok(None),
        Some(m) => {
            if !vm.is_int_like(m) {
                return Err(vm.type_error("an integer is required"));
            }
            let n = crate::builtins::ssize_arg(vm, m)?;
            if n < 0 {
                return Err(vm.new_exception(ExcKind::ValueError, "maxlen must be non-negative"));
            }
            Ok(Some(n as usize))
        }
    }
}

fn deque_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    let a = parse_args(vm, "deque", &args[1..], kwargs, &["iterable", "maxlen"], 0)?;
    let maxlen = maxlen_arg(vm, a[1])?;
    let d = new_deque(vm, ty, maxlen);
    if let Some(it) = a[0] {
        if let Err(e) = extend(vm, d, it, false) {
            vm.decref(d);
            return Err(e);
        }
    }
    Ok(d)
}

/// `deque_extend` / `deque_extendleft`.
fn extend(vm: &mut Vm, d: ObjId, iterable: ObjId, left: bool) -> PyResult<()> {
    if iterable == d {
        // extending a deque with itself: a list of its items first
        let items: Vec<ObjId> = dq(vm, d).items.iter().copied().collect();
        for &i in &items {
            vm.incref(i);
        }
        let l = vm.new_list(items);
        let r = extend(vm, d, l, left);
        vm.decref(l);
        return r;
    }
    let it = vm.get_iter(iterable)?;
    if dq(vm, d).maxlen == Some(0) {
        // consume_iterator
        loop {
            match vm.next(it) {
                Ok(Some(v)) => vm.decref(v),
                Ok(None) => break,
                Err(e) => {
                    vm.decref(it);
                    return Err(e);
                }
            }
        }
        vm.decref(it);
        return Ok(());
    }
    if dq(vm, d).items.is_empty() {
        // space saving heuristic: start filling from the end being extended
        let x = dq_mut(vm, d);
        if left {
            x.leftindex = BLOCKLEN - 1;
            x.rightindex = BLOCKLEN as isize - 2;
        } else {
            x.leftindex = 1;
            x.rightindex = 0;
        }
    }
    loop {
        match vm.next(it) {
            Ok(Some(v)) => {
                if left {
                    appendleft_internal(vm, d, v);
                } else {
                    append_internal(vm, d, v);
                }
            }
            Ok(None) => break,
            Err(e) => {
                vm.decref(it);
                return Err(e);
            }
        }
    }
    vm.decref(it);
    Ok(())
}

fn deque_append(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "append", args)?;
    let v = crate::builtins::one_arg(vm, "deque.append", &args[1..], kwargs)?;
    vm.incref(v);
    append_internal(vm, d, v);
    Ok(vm.new_none())
}

fn deque_appendleft(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "appendleft", args)?;
    let v = crate::builtins::one_arg(vm, "deque.appendleft", &args[1..], kwargs)?;
    vm.incref(v);
    appendleft_internal(vm, d, v);
    Ok(vm.new_none())
}

fn deque_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "pop", args)?;
    crate::builtins::noargs(vm, "deque.pop", &args[1..], kwargs)?;
    match pop_right(vm, d) {
        Some(v) => Ok(v),
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_popleft(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "popleft", args)?;
    crate::builtins::noargs(vm, "deque.popleft", &args[1..], kwargs)?;
    match pop_left(vm, d) {
        Some(v) => Ok(v),
        None => Err(vm.index_error("pop from an empty deque")),
    }
}

fn deque_extend(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "extend", args)?;
    let v = crate::builtins::one_arg(vm, "deque.extend", &args[1..], kwargs)?;
    extend(vm, d, v, false)?;
    Ok(vm.new_none())
}

fn deque_extendleft(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "extendleft", args)?;
    let v = crate::builtins::one_arg(vm, "deque.extendleft", &args[1..], kwargs)?;
    extend(vm, d, v, true)?;
    Ok(vm.new_none())
}

/// `deque_clear`: empty, releasing the items left to right.
fn clear(vm: &mut Vm, d: ObjId) {
    let old: Vec<ObjId> = {
        let x = dq_mut(vm, d);
        x.state += 1;
        x.leftindex = CENTER + 1;
        x.rightindex = CENTER as isize;
        x.items.drain(..).collect()
    };
    // keep one block, give the rest back
    let extra: Vec<Block> = {
        let x = dq_mut(vm, d);
        let keep = x.blocks.pop_front();
        let rest: Vec<Block> = x.blocks.drain(..).collect();
        if let Some(k) = keep {
            x.blocks.push_back(k);
        }
        rest
    };
    for b in extra {
        free_block(vm, d, b);
    }
    for v in old {
        vm.decref(v);
    }
}

fn deque_clear_method(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "clear", args)?;
    crate::builtins::noargs(vm, "deque.clear", &args[1..], kwargs)?;
    clear(vm, d);
    Ok(vm.new_none())
}

/// A new deque of the same type and maxlen holding the same items.
fn copy_of(vm: &mut Vm, d: ObjId) -> PyResult<ObjId> {
    let (maxlen, items) = {
        let x = dq(vm, d);
        (x.maxlen, x.items.iter().copied().collect::<Vec<_>>())
    };
    let ty = vm.type_of(d);
    let n = new_deque(vm, ty, maxlen);
    for &i in &items {
        vm.incref(i);
    }
    let l = vm.new_list(items);
    let r = extend(vm, n, l, false);
    vm.decref(l);
    if let Err(e) = r {
        vm.decref(n);
        return Err(e);
    }
    Ok(n)
}

fn deque_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "copy", args)?;
    crate::builtins::noargs(vm, "deque.copy", &args[1..], kwargs)?;
    copy_of(vm, d)
}

/// `__copy__`: the same C function as `copy` under its own method name.
fn deque_copy_dunder(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__copy__", args)?;
    crate::builtins::noargs(vm, "deque.__copy__", &args[1..], kwargs)?;
    copy_of(vm, d)
}

fn mutated(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::RuntimeError, "deque mutated during iteration")
}

fn deque_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "count", args)?;
    let v = crate::builtins::one_arg(vm, "deque.count", &args[1..], kwargs)?;
    let state = dq(vm, d).state;
    let n = dq(vm, d).items.len();
    let mut count = 0usize;
    for i in 0..n {
        let item = dq(vm, d).items[i];
        vm.incref(item);
        let eq = vm.compare_bool(item, v, CmpOp::Eq);
        vm.decref(item);
        if eq? {
            count += 1;
        }
        if dq(vm, d).state != state {
            return Err(mutated(vm));
        }
    }
    Ok(vm.new_usize(count))
}

fn deque_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "index", args)?;
    positional(vm, "index", &args[1..], kwargs, 1, 3)?;
    let v = args[1];
    let n = dq(vm, d).items.len() as i64;
    let clamp = |i: i64| -> i64 {
        if i < 0 {
            (i + n).max(0)
        } else {
            i.min(n)
        }
    };
    let start = match args.get(2) {
        Some(&s) => clamp(crate::builtins::slice_index_arg(vm, s)?.unwrap_or(0)),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(&s) => clamp(crate::builtins::slice_index_arg(vm, s)?.unwrap_or(n)),
        None => n,
    };
    let state = dq(vm, d).state;
    let mut i = start;
    while i < stop {
        let item = dq(vm, d).items[i as usize];
        vm.incref(item);
        let eq = vm.compare_bool(item, v, CmpOp::Eq);
        vm.decref(item);
        let eq = eq?;
        if dq(vm, d).state != state {
            return Err(mutated(vm));
        }
        if eq {
            return Ok(vm.new_int(i));
        }
        i += 1;
    }
    let r = vm.repr_string(v)?;
    Err(vm.new_exception(ExcKind::ValueError, &format!("{r} is not in deque")))
}

fn deque_insert(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "insert", args)?;
    positional(vm, "insert", &args[1..], kwargs, 2, 2)?;
    let index = crate::builtins::ssize_arg(vm, args[1])?;
    let v = args[2];
    let (n, maxlen) = {
        let x = dq(vm, d);
        (x.items.len() as i64, x.maxlen)
    };
    if maxlen == Some(n as usize) {
        return Err(vm.index_error("deque already at its maximum size"));
    }
    vm.incref(v);
    if index >= n {
        append_internal(vm, d, v);
        return Ok(vm.new_none());
    }
    if index <= -n || index == 0 {
        appendleft_internal(vm, d, v);
        return Ok(vm.new_none());
    }
    // rotate(-index), appendleft, rotate(index)
    let i = if index < 0 { index + n } else { index };
    rotate(vm, d, -i);
    appendleft_internal(vm, d, v);
    rotate(vm, d, i);
    Ok(vm.new_none())
}

fn deque_remove(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "remove", args)?;
    let v = crate::builtins::one_arg(vm, "deque.remove", &args[1..], kwargs)?;
    let state = dq(vm, d).state;
    let n = dq(vm, d).items.len();
    for i in 0..n {
        let item = dq(vm, d).items[i];
        vm.incref(item);
        let eq = vm.compare_bool(item, v, CmpOp::Eq);
        vm.decref(item);
        let eq = eq?;
        if dq(vm, d).state != state {
            return Err(vm.index_error("deque mutated during remove()."));
        }
        if eq {
            // rotate the item to the left end, pop it, rotate back
            rotate(vm, d, -(i as i64));
            let item = pop_left(vm, d);
            rotate(vm, d, i as i64);
            vm.xdecref(item);
            return Ok(vm.new_none());
        }
    }
    let r = vm.repr_string(v)?;
    Err(vm.new_exception(ExcKind::ValueError, &format!("{r} is not in deque")))
}

fn deque_reverse(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "reverse", args)?;
    crate::builtins::noargs(vm, "deque.reverse", &args[1..], kwargs)?;
    dq_mut(vm, d).items.make_contiguous().reverse();
    Ok(vm.new_none())
}

/// `_deque_rotate`: items move between the ends one at a time (the block bookkeeping of a
/// pop on one side and a push on the other); no reference changes.
fn rotate(vm: &mut Vm, d: ObjId, n: i64) {
    let len = dq(vm, d).items.len() as i64;
    if len <= 1 {
        return;
    }
    let halflen = len >> 1;
    let mut n = n;
    if n > halflen || n < -halflen {
        n %= len;
        if n > halflen {
            n -= len;
        } else if n < -halflen {
            n += len;
        }
    }
    if n == 0 {
        return;
    }
    for _ in 0..n.abs() {
        if n > 0 {
            if let Some(v) = pop_right(vm, d) {
                push_left(vm, d, v);
            }
        } else if let Some(v) = pop_left(vm, d) {
            push_right(vm, d, v);
        }
    }
    // the pops counted as changes already; a rotation is one
}

fn deque_rotate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "rotate", args)?;
    positional(vm, "rotate", &args[1..], kwargs, 0, 1)?;
    let n = match args.get(1) {
        Some(&v) => crate::builtins::ssize_arg(vm, v)?,
        None => 1,
    };
    rotate(vm, d, n);
    Ok(vm.new_none())
}

fn deque_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__len__", args)?;
    let n = dq(vm, d).items.len();
    Ok(vm.new_usize(n))
}

fn deque_sizeof(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__sizeof__", args)?;
    let n = dq(vm, d).sizeof();
    Ok(vm.new_usize(n))
}

fn deque_maxlen(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "maxlen", args)?;
    match dq(vm, d).maxlen {
        Some(m) => Ok(vm.new_usize(m)),
        None => Ok(vm.new_none()),
    }
}

/// A deque index: `deque index out of range` past either end.
fn deque_position(vm: &mut Vm, d: ObjId, key: ObjId) -> PyResult<usize> {
    if !vm.is_int_like(key) && !vm.is_user_object(key) {
        let msg = format!(
            "sequence index must be integer, not '{}'",
            vm.type_name(key)
        );
        return Err(vm.type_error(&msg));
    }
    let i = crate::builtins::ssize_arg(vm, key)?;
    let n = dq(vm, d).items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("deque index out of range"));
    }
    Ok(j as usize)
}

fn deque_getitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__getitem__", args)?;
    let k = crate::builtins::one_arg(vm, "deque.__getitem__", &args[1..], kwargs)?;
    let i = deque_position(vm, d, k)?;
    let v = dq(vm, d).items[i];
    Ok(vm.new_ref(v))
}

fn deque_setitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__setitem__", args)?;
    positional(vm, "__setitem__", &args[1..], kwargs, 2, 2)?;
    let i = deque_position(vm, d, args[1])?;
    vm.incref(args[2]);
    let old = std::mem::replace(&mut dq_mut(vm, d).items[i], args[2]);
    vm.decref(old);
    Ok(vm.new_none())
}

fn deque_delitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__delitem__", args)?;
    let k = crate::builtins::one_arg(vm, "deque.__delitem__", &args[1..], kwargs)?;
    let i = deque_position(vm, d, k)? as i64;
    rotate(vm, d, -i);
    let item = pop_left(vm, d);
    rotate(vm, d, i);
    vm.xdecref(item);
    Ok(vm.new_none())
}

fn deque_contains(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__contains__", args)?;
    let v = crate::builtins::one_arg(vm, "deque.__contains__", &args[1..], kwargs)?;
    let state = dq(vm, d).state;
    let n = dq(vm, d).items.len();
    for i in 0..n {
        let item = dq(vm, d).items[i];
        vm.incref(item);
        let eq = vm.compare_bool(item, v, CmpOp::Eq);
        vm.decref(item);
        let eq = eq?;
        if dq(vm, d).state != state {
            return Err(mutated(vm));
        }
        if eq {
            return Ok(vm.new_bool(true));
        }
    }
    Ok(vm.new_bool(false))
}

fn deque_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__repr__", args)?;
    let name = short_type_name(vm, d);
    let maxlen = dq(vm, d).maxlen;
    let text = vm.with_repr_guard(d, "[...]", |vm| {
        let items: Vec<ObjId> = dq(vm, d).items.iter().copied().collect();
        for &i in &items {
            vm.incref(i);
        }
        let l = vm.new_list(items);
        let r = vm.repr_string(l);
        vm.decref(l);
        let r = r?;
        Ok(match maxlen {
            Some(m) => format!("{name}({r}, maxlen={m})"),
            None => format!("{name}({r})"),
        })
    })?;
    Ok(vm.new_string(text))
}

/// `deque_richcompare`: deques compare as sequences; anything else is NotImplemented.
fn deque_compare(vm: &mut Vm, args: &[ObjId], op: CmpOp) -> PyResult<ObjId> {
    let d = check_deque(vm, "__eq__", args)?;
    let Some(&other) = args.get(1) else {
        return Err(vm.type_error("expected 1 argument"));
    };
    if vm.native_ref::<Deque>(other).is_none() {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    }
    let a: Vec<ObjId> = dq(vm, d).items.iter().copied().collect();
    let b: Vec<ObjId> = dq(vm, other).items.iter().copied().collect();
    for &x in a.iter().chain(b.iter()) {
        vm.incref(x);
    }
    let la = vm.new_list(a);
    let lb = vm.new_list(b);
    let r = vm.rich_compare(la, lb, op);
    vm.decref(la);
    vm.decref(lb);
    r
}

fn deque_eq(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::Eq)
}
fn deque_ne(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::NotEq)
}
fn deque_lt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::Lt)
}
fn deque_le(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::LtE)
}
fn deque_gt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::Gt)
}
fn deque_ge(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    deque_compare(vm, args, CmpOp::GtE)
}

fn deque_add(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__add__", args)?;
    let other = args[1];
    if vm.native_ref::<Deque>(other).is_none() {
        let msg = format!(
            "can only concatenate deque (not \"{}\") to deque",
            vm.type_name(other)
        );
        return Err(vm.type_error(&msg));
    }
    let n = copy_of(vm, d)?;
    if let Err(e) = extend(vm, n, other, false) {
        vm.decref(n);
        return Err(e);
    }
    Ok(n)
}

fn deque_iadd(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__iadd__", args)?;
    extend(vm, d, args[1], false)?;
    Ok(vm.new_ref(d))
}

fn repeat_in_place(vm: &mut Vm, d: ObjId, n: i64) -> PyResult<()> {
    if n <= 0 {
        clear(vm, d);
        return Ok(());
    }
    let items: Vec<ObjId> = dq(vm, d).items.iter().copied().collect();
    let size = items.len() as u128;
    if size == 0 || n == 1 {
        return Ok(());
    }
    // deque_inplace_repeat: no more rounds than a bounded deque can show
    let mut n = n as u128;
    if let Some(m) = dq(vm, d).maxlen.map(|m| m as u128) {
        if size == 1 {
            n = n.min(m);
        } else if n * size > m {
            n = m.div_ceil(size) + 1;
        }
    }
    if size > isize::MAX as u128 / n {
        return Err(vm.new_exception_empty(ExcKind::MemoryError));
    }
    vm.check_memory(size * (n - 1) * 8)?;
    for _ in 1..n {
        for &i in &items {
            vm.incref(i);
            append_internal(vm, d, i);
        }
    }
    Ok(())
}

fn deque_mul(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__mul__", args)?;
    if !vm.is_int_like(args[1]) {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    }
    let n = crate::builtins::ssize_arg(vm, args[1])?;
    let c = copy_of(vm, d)?;
    repeat_in_place(vm, c, n)?;
    Ok(c)
}

fn deque_imul(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__imul__", args)?;
    if !vm.is_int_like(args[1]) {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    }
    let n = crate::builtins::ssize_arg(vm, args[1])?;
    repeat_in_place(vm, d, n)?;
    Ok(vm.new_ref(d))
}

// ---- deque iterators ----

#[derive(Clone)]
struct DequeIter {
    deque: Option<ObjId>,
    /// Items left (`counter`).
    counter: usize,
    state: u64,
    reverse: bool,
}

impl NativeData for DequeIter {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("deque", self.deque)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.deque])
    }
    fn sizeof(&self) -> usize {
        56
    }
    fn slots(&self) -> Slots {
        Slots {
            next: Some(dequeiter_next),
            ..Slots::default()
        }
    }
    native_any!();
}

fn make_iter(vm: &mut Vm, d: ObjId, reverse: bool) -> ObjId {
    let (counter, state) = {
        let x = dq(vm, d);
        (x.items.len(), x.state)
    };
    vm.incref(d);
    let t = vm.native_type(if reverse {
        "_collections._deque_reverse_iterator"
    } else {
        "_collections._deque_iterator"
    });
    vm.new_native(
        t,
        Box::new(DequeIter {
            deque: Some(d),
            counter,
            state,
            reverse,
        }),
        56,
    )
}

fn deque_iter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__iter__", args)?;
    Ok(make_iter(vm, d, false))
}

fn deque_reversed(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_deque(vm, "__reversed__", args)?;
    crate::builtins::noargs(vm, "deque.__reversed__", &args[1..], kwargs)?;
    Ok(make_iter(vm, d, true))
}

fn dequeiter_next(vm: &mut Vm, it: ObjId) -> PyResult<Option<ObjId>> {
    let (d, counter, state, reverse) = match vm.native_ref::<DequeIter>(it) {
        Some(x) => (x.deque, x.counter, x.state, x.reverse),
        None => return Ok(None),
    };
    let Some(d) = d else { return Ok(None) };
    let (len, dstate) = {
        let x = dq(vm, d);
        (x.items.len(), x.state)
    };
    if dstate != state {
        if let Some(x) = vm.native_mut::<DequeIter>(it) {
            x.counter = 0;
        }
        return Err(mutated(vm));
    }
    if counter == 0 {
        return Ok(None);
    }
    let pos = len - counter;
    let idx = if reverse { len - 1 - pos } else { pos };
    let item = dq(vm, d).items[idx];
    if let Some(x) = vm.native_mut::<DequeIter>(it) {
        x.counter -= 1;
    }
    Ok(Some(vm.new_ref(item)))
}

fn dequeiter_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = args
        .first()
        .and_then(|&i| vm.native_ref::<DequeIter>(i))
        .map(|x| x.counter)
        .unwrap_or(0);
    Ok(vm.new_usize(n))
}

// ---- defaultdict ----

/// The C field `defaultdict` adds after the dict's.
#[derive(Clone)]
struct DefaultFactory {
    factory: Option<ObjId>,
}

impl NativeData for DefaultFactory {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("default_factory", self.factory)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.factory])
    }
    fn sizeof(&self) -> usize {
        8
    }
    native_any!();
}

fn factory_of(vm: &Vm, d: ObjId) -> Option<ObjId> {
    vm.heap
        .get(d)
        .native_ext()
        .and_then(|e| e.as_any().downcast_ref::<DefaultFactory>())
        .and_then(|f| f.factory)
}

fn is_defaultdict(vm: &Vm, d: ObjId) -> bool {
    vm.heap
        .get(d)
        .native_ext()
        .is_some_and(|e| e.as_any().is::<DefaultFactory>())
}

fn check_defdict(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<ObjId> {
    match args.first() {
        Some(&d) if is_defaultdict(vm, d) => {
            native::check_slot_args(vm, name, args.len() - 1)?;
            Ok(d)
        }
        Some(&d) => Err(crate::builtins::descr_error(
            vm,
            name,
            "collections.defaultdict",
            d,
        )),
        None => Err(vm.type_error("defaultdict method needs an argument")),
    }
}

/// A new defaultdict of type `ty` (a dict made by calling a type: no free list).
fn new_defdict(vm: &mut Vm, ty: ObjId, factory: Option<ObjId>) -> ObjId {
    // `dict_new` for a subtype: `tp_alloc` of the 56-byte defaultdict object
    let d = vm.alloc_native_instance(
        ty,
        Payload::Dict(Box::new(crate::object::PyDict::new())),
        crate::vm::objects::Layout::gc(56).untracked(),
        false,
        false,
    );
    if let Some(f) = factory {
        vm.incref(f);
    }
    vm.heap
        .get_mut(d)
        .replace_native_ext(Some(Box::new(DefaultFactory { factory })));
    // a dict subclass with a GC field is tracked from the start
    vm.gc_track(d);
    d
}

fn defdict_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    let rest = &args[1..];
    let factory = match rest.first() {
        Some(&f) if f == vm.none() => None,
        Some(&f) => {
            if !is_callable(vm, f) {
                return Err(vm.type_error("first argument must be callable or None"));
            }
            Some(f)
        }
        None => None,
    };
    let d = new_defdict(vm, ty, factory);
    // dict.__init__ with the remaining arguments
    if rest.len() > 2 {
        vm.decref(d);
        let msg = format!("dict expected at most 1 argument, got {}", rest.len() - 1);
        return Err(vm.type_error(&msg));
    }
    if let Some(&src) = rest.get(1) {
        if let Err(e) = vm.dict_update_from(d, src, false) {
            vm.decref(d);
            return Err(e);
        }
    }
    for &(k, v) in kwargs {
        if let Err(e) = vm.dict_setitem(d, k, v) {
            vm.decref(d);
            return Err(e);
        }
    }
    Ok(d)
}

fn is_callable(vm: &mut Vm, v: ObjId) -> bool {
    match vm.payload(v) {
        Payload::Function(_)
        | Payload::Builtin(_)
        | Payload::MethodDescr(_)
        | Payload::Method { .. }
        | Payload::Type(_)
        | Payload::WeakRef(_) => true,
        Payload::Native(n) if n.slots().call.is_some() => true,
        _ => {
            let t = vm.type_of(v);
            vm.type_has_attr(t, "__call__")
        }
    }
}

fn defdict_missing(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "__missing__", args)?;
    let key = crate::builtins::one_arg(vm, "defaultdict.__missing__", &args[1..], kwargs)?;
    let Some(f) = factory_of(vm, d) else {
        return Err(vm.new_exception_arg(ExcKind::KeyError, key));
    };
    let value = vm.call_object(f, &[], &[])?;
    if let Err(e) = vm.dict_setitem(d, key, value) {
        vm.decref(value);
        return Err(e);
    }
    Ok(value)
}

fn defdict_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "__repr__", args)?;
    let name = short_type_name(vm, d);
    let base = vm.builtin_repr(d)?;
    let f = match factory_of(vm, d) {
        None => "None".to_string(),
        Some(f) => vm.with_repr_guard(f, "...", |vm| vm.repr_string(f))?,
    };
    Ok(vm.new_string(format!("{name}({f}, {base})")))
}

fn defdict_copy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "copy", args)?;
    crate::builtins::noargs(vm, "defaultdict.copy", &args[1..], kwargs)?;
    defdict_copy_of(vm, d)
}

/// `__copy__`: the same C function as `copy` under its own method name.
fn defdict_copy_dunder(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "__copy__", args)?;
    crate::builtins::noargs(vm, "defaultdict.__copy__", &args[1..], kwargs)?;
    defdict_copy_of(vm, d)
}

fn defdict_copy_of(vm: &mut Vm, d: ObjId) -> PyResult<ObjId> {
    let ty = vm.type_of(d);
    let f = factory_of(vm, d);
    let n = new_defdict(vm, ty, f);
    if let Err(e) = vm.dict_update_from(n, d, false) {
        vm.decref(n);
        return Err(e);
    }
    Ok(n)
}

fn defdict_or(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "__or__", args)?;
    let other = args[1];
    if !matches!(vm.payload(other), Payload::Dict(_)) {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    }
    let n = defdict_copy(vm, &[d], &[])?;
    if let Err(e) = vm.dict_update_from(n, other, false) {
        vm.decref(n);
        return Err(e);
    }
    Ok(n)
}

fn defdict_sizeof(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "__sizeof__", args)?;
    let n = vm.sizeof(d) - 16;
    Ok(vm.new_usize(n))
}

fn defdict_factory(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = check_defdict(vm, "default_factory", args)?;
    if let Some(&v) = args.get(1) {
        // assignment
        let new = if v == vm.none() {
            None
        } else {
            Some(vm.new_ref(v))
        };
        let old = vm
            .heap
            .get_mut(d)
            .native_ext_mut()
            .and_then(|e| e.as_any_mut().downcast_mut::<DefaultFactory>())
            .and_then(|f| std::mem::replace(&mut f.factory, new));
        vm.xdecref(old);
        return Ok(vm.new_none());
    }
    match factory_of(vm, d) {
        Some(f) => Ok(vm.new_ref(f)),
        None => Ok(vm.new_none()),
    }
}

// ---- _tuplegetter ----

/// `_tuplegetter(index, doc)`: the descriptor a namedtuple class has for each field
/// (`Point.x`): reading it on a tuple gives the item at `index`; it cannot be set.
#[derive(Clone)]
struct TupleGetter {
    index: i64,
    doc: Option<ObjId>,
}

impl NativeData for TupleGetter {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("doc", self.doc)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.doc])
    }
    /// `PyObject_HEAD`, `index`, `doc`.
    fn sizeof(&self) -> usize {
        32
    }
    native_any!();
}

fn tuplegetter_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (ty, rest) = (args[0], &args[1..]);
    if !kwargs.is_empty() {
        return Err(vm.type_error("_tuplegetter() takes no keyword arguments"));
    }
    if rest.len() != 2 {
        let msg = format!("_tuplegetter expected 2 arguments, got {}", rest.len());
        return Err(vm.type_error(&msg));
    }
    let index = crate::builtins::ssize_arg(vm, rest[0])?;
    let doc = vm.new_ref(rest[1]);
    let g = TupleGetter {
        index,
        doc: Some(doc),
    };
    Ok(vm.new_native(ty, Box::new(g), 32))
}

fn check_tuplegetter(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<(ObjId, i64)> {
    let g = native::self_check::<TupleGetter>(vm, name, "_collections._tuplegetter", args)?;
    let index = vm.native_ref::<TupleGetter>(g).map_or(0, |t| t.index);
    Ok((g, index))
}

/// `tuplegetter_descr_get`: the item of a tuple; the descriptor itself from the class.
fn tuplegetter_get(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (g, index) = check_tuplegetter(vm, "__get__", &args[..args.len().min(1)])?;
    if !(2..=3).contains(&args.len()) {
        // wrap_descr_get: `__get__(instance, owner=None, /)`
        let msg = format!("expected 1 or 2 arguments, got {}", args.len() - 1);
        return Err(vm.type_error(&msg));
    }
    let obj = args[1];
    let none = vm.none();
    let item = match vm.payload(obj) {
        Payload::Tuple(items) => items.get(index as usize).copied().filter(|_| index >= 0),
        _ if obj == none => return Ok(vm.new_ref(g)),
        _ => {
            let msg = format!(
                "descriptor for index '{index}' for tuple subclasses doesn't apply to '{}' object",
                vm.type_name(obj)
            );
            return Err(vm.type_error(&msg));
        }
    };
    match item {
        Some(i) => Ok(vm.new_ref(i)),
        None => Err(vm.new_exception(ExcKind::IndexError, "tuple index out of range")),
    }
}

/// `tuplegetter_descr_set`: fields are read-only.
fn tuplegetter_set(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_tuplegetter(vm, "__set__", args)?;
    Err(vm.new_exception(ExcKind::AttributeError, "can't set attribute"))
}

fn tuplegetter_delete(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_tuplegetter(vm, "__delete__", args)?;
    Err(vm.new_exception(ExcKind::AttributeError, "can't delete attribute"))
}

/// `(type(self), (index, doc))`.
fn tuplegetter_reduce(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (g, index) = check_tuplegetter(vm, "__reduce__", args)?;
    crate::builtins::noargs(vm, "_tuplegetter.__reduce__", &args[1..], kwargs)?;
    let ty = vm.type_of(g);
    vm.incref(ty);
    let i = vm.new_int(index);
    let doc = tuplegetter_doc_of(vm, g);
    let inner = vm.new_tuple(vec![i, doc]);
    Ok(vm.new_tuple(vec![ty, inner]))
}

/// `_tuplegetter(0, 'Alias for field number 0')`.
fn tuplegetter_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (g, index) = check_tuplegetter(vm, "__repr__", args)?;
    let name = short_type_name(vm, g);
    let doc = tuplegetter_doc_of(vm, g);
    let r = vm.repr_string(doc);
    vm.decref(doc);
    let doc = r?;
    Ok(vm.new_string(format!("{name}({index}, {doc})")))
}

fn tuplegetter_doc_of(vm: &mut Vm, g: ObjId) -> ObjId {
    match vm.native_ref::<TupleGetter>(g).and_then(|t| t.doc) {
        Some(d) => vm.new_ref(d),
        None => vm.new_none(),
    }
}

/// The `__doc__` member (writable, as `T_OBJECT` members are).
fn tuplegetter_doc(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let owner = "_collections._tuplegetter";
    let g = native::self_check::<TupleGetter>(vm, "__doc__", owner, &args[..args.len().min(1)])?;
    if let Some(&v) = args.get(1) {
        vm.incref(v);
        let old = match vm.heap.payload_mut(g) {
            Payload::Native(n) => n
                .as_any_mut()
                .downcast_mut::<TupleGetter>()
                .and_then(|t| t.doc.replace(v)),
            _ => None,
        };
        if let Some(o) = old {
            vm.decref(o);
        }
        return Ok(vm.new_none());
    }
    Ok(tuplegetter_doc_of(vm, g))
}

// ---- _count_elements ----

/// `_count_elements(mapping, iterable)`: `mapping[x] = mapping.get(x, 0) + 1` for each item.
fn count_elements(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "_count_elements", args, kwargs, 2, 2)?;
    let (mapping, iterable) = (args[0], args[1]);
    let it = vm.get_iter(iterable)?;
    let one = vm.new_int(1);
    let result = (|| -> PyResult<()> {
        while let Some(key) = vm.next(it)? {
            let r = (|| -> PyResult<()> {
                let old = if matches!(vm.payload(mapping), Payload::Dict(_)) {
                    vm.dict_get(mapping, key)?.map(|v| vm.new_ref(v))
                } else {
                    let get = vm.getattr_str(mapping, "get")?;
                    let zero = vm.new_int(0);
                    let r = vm.call_object(get, &[key, zero], &[]);
                    vm.decref(zero);
                    vm.decref(get);
                    Some(r?)
                };
                let new = match old {
                    Some(o) => {
                        let n = vm.binary_op(o, one, crate::ast::BinOp::Add, false);
                        vm.decref(o);
                        n?
                    }
                    None => vm.new_int(1),
                };
                let r = vm.setitem(mapping, key, new);
                vm.decref(new);
                r
            })();
            vm.decref(key);
            r?;
        }
        Ok(())
    })();
    vm.decref(one);
    vm.decref(it);
    result?;
    Ok(vm.new_none())
}
