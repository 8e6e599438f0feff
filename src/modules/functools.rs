//! `functools`: the C half (`Modules/_functoolsmodule.c`: `partial`, `reduce`, `cmp_to_key`'s
//! `KeyWrapper`, and `_lru_cache_wrapper` with its cache dict and linked list) in Rust, the
//! Python half (`wraps`, `total_ordering`, `lru_cache`, `cached_property`, `singledispatch`...)
//! in `py/functools.py`, written for refscope after `Lib/functools.py`'s behaviour.

use crate::ast::CmpOp;
use crate::builtins::{func, getter, method, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, call_method, dict_getter, make_type, new, NativeData, Slots, TypeSpec};

/// The Python half, run in the `functools` namespace after [`init`].
pub const SOURCE: &str = include_str!("py/functools.py");

static PARTIAL: TypeSpec = TypeSpec {
    name: "partial",
    module: "functools",
    methods: &[
        new(partial_new),
        method("__call__", call_method),
        method("__repr__", partial_repr),
        getter("func", partial_func),
        getter("args", partial_args),
        getter("keywords", partial_keywords),
        getter("__dict__", dict_getter),
    ],
    unhashable: false,
    weakrefs: true,
    base: None,
    doc: Some("partial(func, *args, **keywords) - new function with partial application\n    of the given arguments and keywords.\n"),
    heap: true,
};

static KEYWRAPPER: TypeSpec = TypeSpec {
    name: "KeyWrapper",
    module: "functools",
    methods: &[
        method("__call__", call_method),
        method("__lt__", key_lt),
        method("__le__", key_le),
        method("__eq__", key_eq),
        method("__ne__", key_ne),
        method("__gt__", key_gt),
        method("__ge__", key_ge),
        getter("obj", key_obj),
    ],
    unhashable: true,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static LRU_WRAPPER: TypeSpec = TypeSpec {
    name: "_lru_cache_wrapper",
    module: "functools",
    methods: &[
        new(lru_new),
        method("__call__", call_method),
        method("cache_info", lru_cache_info),
        method("cache_clear", lru_cache_clear),
        method("__copy__", lru_copy),
        method("__deepcopy__", lru_copy),
        getter("__dict__", dict_getter),
    ],
    unhashable: false,
    weakrefs: true,
    base: None,
    doc: None,
    heap: true,
};

static LRU_ELEM: TypeSpec = TypeSpec {
    name: "_lru_list_elem",
    module: "functools",
    methods: &[],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static FUNCTIONS: &[BuiltinDef] = &[
    func("reduce", reduce).varargs(),
    func("cmp_to_key", cmp_to_key),
];

/// `_functools`.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    for spec in [&PARTIAL, &KEYWRAPPER, &LRU_WRAPPER, &LRU_ELEM] {
        let t = make_type(vm, spec);
        if spec.name == "_lru_list_elem" {
            // not a module attribute: the module state's `lru_list_elem_type` keeps the
            // reference (dropping it would free the type under the cache's links)
            continue;
        }
        vm.module_set(m, spec.name, t);
        vm.decref(t);
    }
}

/// `functools`: the C names first (the Python half imports them from `_functools`).
pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_reexport(
        m,
        "_functools",
        &["reduce", "cmp_to_key", "partial", "_lru_cache_wrapper"],
    );
}

// ---- partial ----

#[derive(Clone)]
struct Partial {
    func: Option<ObjId>,
    args: Option<ObjId>,
    kw: Option<ObjId>,
    dict: Option<ObjId>,
    weakrefs: Vec<ObjId>,
    /// `pto->vectorcall != NULL`: set from the function at creation, dropped for good by
    /// the first call that finds stored keywords.
    vectorcall: bool,
}

impl NativeData for Partial {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        for (n, f) in [
            ("func", self.func),
            ("args", self.args),
            ("keywords", self.kw),
            ("__dict__", self.dict),
        ] {
            if let Some(x) = f {
                visit(Slot::Field(n), x, true);
            }
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.func, &mut self.args, &mut self.kw, &mut self.dict])
    }
    fn sizeof(&self) -> usize {
        64
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    fn slots(&self) -> Slots {
        Slots {
            call: Some(partial_call),
            ..Slots::default()
        }
    }
    fn has_dict(&self) -> bool {
        true
    }
    fn dict(&self) -> Option<ObjId> {
        self.dict
    }
    fn set_dict(&mut self, d: ObjId) {
        self.dict = Some(d);
    }
    native_any!();
}

fn is_callable(vm: &mut Vm, v: ObjId) -> bool {
    match vm.payload(v) {
        Payload::Function(_)
        | Payload::Builtin(_)
        | Payload::MethodDescr(_)
        | Payload::Method { .. }
        | Payload::Type(_)
        | Payload::WeakRef(_)
        | Payload::StaticMethod(_) => true,
        Payload::Native(n) if n.slots().call.is_some() => true,
        _ => {
            let t = vm.type_of(v);
            vm.type_has_attr(t, "__call__")
        }
    }
}

fn partial_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    if args.len() < 2 {
        return Err(vm.type_error("type 'partial' takes at least one argument"));
    }
    let mut func = args[1];
    let mut pargs: Vec<ObjId> = Vec::new();
    let mut pkw: Vec<(ObjId, ObjId)> = Vec::new();
    // flatten a plain partial of a partial
    let partial_t = vm.native_type("functools.partial");
    if vm.type_of(func) == partial_t && ty == partial_t {
        if let Some(p) = vm.native_ref::<Partial>(func) {
            if p.dict.is_none() {
                let (f, a, k) = (p.func, p.args, p.kw);
                if let (Some(f), Some(a), Some(k)) = (f, a, k) {
                    pargs = vm.tuple_items(a);
                    pkw = vm.dict_pairs(k);
                    func = f;
                }
            }
        }
    }
    if !is_callable(vm, func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let mut all = pargs;
    all.extend_from_slice(&args[2..]);
    for &a in &all {
        vm.incref(a);
    }
    let t = vm.new_tuple(all);
    let kw = vm.new_dict();
    for (k, v) in pkw.into_iter().chain(kwargs.iter().copied()) {
        if let Err(e) = vm.dict_setitem(kw, k, v) {
            vm.decref(t);
            vm.decref(kw);
            return Err(e);
        }
    }
    vm.incref(func);
    let vectorcall = has_vectorcall(vm, func);
    let d = Partial {
        func: Some(func),
        args: Some(t),
        kw: Some(kw),
        dict: None,
        weakrefs: Vec::new(),
        vectorcall,
    };
    Ok(vm.new_native(ty, Box::new(d), 64))
}

/// `partial_vectorcall` / `partial_call` (`Modules/_functoolsmodule.c`, 3.11).
///
/// A partial whose function has vectorcall has one too (`partial_setvectorcall`): while it
/// stores no keywords the call passes the stored and the new arguments *borrowed* (a stack
/// array, or the caller's slot before `args` for one stored argument) - nothing is held for
/// the call. Stored keywords make `partial_vectorcall_fallback` drop the vectorcall for
/// good, and a partial without one is called through `tp_call`: `_PyObject_MakeTpCall`'s
/// tuple and dict, then `partial_call` copies the stored keywords (merging the new ones),
/// concatenates the argument tuples (`PySequence_Concat`: an empty side shares the other
/// tuple) and calls `PyObject_Call(fn, args2, kwargs2)`.
fn partial_call(
    vm: &mut Vm,
    p: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let (func, pargs, kw, vectorcall) = match vm.native_ref::<Partial>(p) {
        Some(x) => (x.func, x.args, x.kw, x.vectorcall),
        None => (None, None, None, false),
    };
    let (Some(func), Some(pargs), Some(kw)) = (func, pargs, kw) else {
        return Err(vm.type_error("partial object is not initialized"));
    };
    if vectorcall {
        if vm.dict_pairs(kw).is_empty() {
            let mut all = vm.tuple_items(pargs);
            all.extend_from_slice(args);
            return vm.call_object(func, &all, kwargs);
        }
        // partial_vectorcall_fallback: `pto->vectorcall = NULL`
        if let Some(x) = vm.native_mut::<Partial>(p) {
            x.vectorcall = false;
        }
    }
    vm.recursive_call(" while calling a Python object", |vm| {
        let held = vm.make_tp_call_args(args, kwargs);
        let r = partial_tp_call(vm, func, pargs, kw, held.tuple(), held.kwdict());
        vm.release_tp_call_args(held);
        r
    })
}

/// `partial_call(pto, args, kwargs)`: `args` is `None` for the shared empty tuple.
fn partial_tp_call(
    vm: &mut Vm,
    func: ObjId,
    pargs: ObjId,
    kw: ObjId,
    args: Option<ObjId>,
    kwargs: Option<ObjId>,
) -> PyResult<ObjId> {
    let kwargs2 = if vm.dict_pairs(kw).is_empty() {
        kwargs.map(|d| vm.new_ref(d))
    } else {
        let d = vm.dict_copy(kw)?;
        if let Some(k) = kwargs {
            if let Err(e) = vm.dict_update_from(d, k, false) {
                vm.decref(d);
                return Err(e);
            }
        }
        Some(d)
    };
    // PySequence_Concat → tupleconcat: an empty side gives the other (exact) tuple itself
    let args2 = match args {
        None => vm.new_ref(pargs),
        Some(a) if vm.tuple_items(pargs).is_empty() => vm.new_ref(a),
        Some(a) => {
            let mut items = vm.tuple_items(pargs);
            items.extend(vm.tuple_items(a));
            for &i in &items {
                vm.incref(i);
            }
            vm.new_tuple(items)
        }
    };
    let r = vm.call_with_tuple(func, args2, kwargs2);
    vm.decref(args2);
    if let Some(d) = kwargs2 {
        vm.decref(d);
    }
    r
}

/// `PyVectorcall_Function(fn) != NULL` for a partial's function (`partial_setvectorcall`).
fn has_vectorcall(vm: &mut Vm, f: ObjId) -> bool {
    match vm.payload(f) {
        Payload::Native(_) => match vm.native_ref::<Partial>(f) {
            Some(p) => p.vectorcall,
            None => false,
        },
        Payload::StaticMethod(_) | Payload::GenericAlias { .. } | Payload::WeakRef(_) => false,
        _ => !vm.called_without_vectorcall(f, 1),
    }
}

/// Is `callable` a partial called through `tp_call` (its function has no vectorcall, or it
/// stores keywords and has been called)?
pub(crate) fn partial_without_vectorcall(vm: &Vm, callable: ObjId) -> bool {
    matches!(vm.native_ref::<Partial>(callable), Some(p) if !p.vectorcall)
}

fn partial_field(
    vm: &mut Vm,
    args: &[ObjId],
    name: &str,
    f: fn(&Partial) -> Option<ObjId>,
) -> PyResult<ObjId> {
    let s = native::self_check::<Partial>(vm, name, "functools.partial", args)?;
    match vm.native_ref::<Partial>(s).and_then(f) {
        Some(v) => Ok(vm.new_ref(v)),
        None => Ok(vm.new_none()),
    }
}

fn partial_func(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partial_field(vm, args, "func", |p| p.func)
}

fn partial_args(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partial_field(vm, args, "args", |p| p.args)
}

fn partial_keywords(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    partial_field(vm, args, "keywords", |p| p.kw)
}

fn partial_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Partial>(vm, "__repr__", "functools.partial", args)?;
    let (func, pargs, kw) = match vm.native_ref::<Partial>(s) {
        Some(x) => (x.func, x.args, x.kw),
        None => (None, None, None),
    };
    let name = vm.class_path(vm.type_of(s));
    let text = vm.with_repr_guard(s, "...", |vm| {
        let mut out = String::new();
        if let Some(f) = func {
            out.push_str(&vm.repr_string(f)?);
        }
        if let Some(a) = pargs {
            for x in vm.tuple_items(a) {
                out.push_str(", ");
                out.push_str(&vm.repr_string(x)?);
            }
        }
        if let Some(k) = kw {
            for (key, v) in vm.dict_pairs(k) {
                out.push_str(", ");
                out.push_str(&vm.str_string(key)?);
                out.push('=');
                out.push_str(&vm.repr_string(v)?);
            }
        }
        Ok(format!("{name}({out})"))
    })?;
    Ok(vm.new_string(text))
}

// ---- reduce ----

fn reduce(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "reduce", kwargs)?;
    if args.len() < 2 || args.len() > 3 {
        let msg = if args.len() < 2 {
            format!("reduce expected at least 2 arguments, got {}", args.len())
        } else {
            format!("reduce expected at most 3 arguments, got {}", args.len())
        };
        return Err(vm.type_error(&msg));
    }
    let func = args[0];
    let it = match vm.get_iter(args[1]) {
        Ok(it) => it,
        Err(e) => {
            if vm.is_instance_of_kind(e.0, ExcKind::TypeError) {
                vm.decref(e.0);
                return Err(vm.type_error("reduce() arg 2 must support iteration"));
            }
            return Err(e);
        }
    };
    let mut result = args.get(2).map(|&r| vm.new_ref(r));
    // the argument tuple, refilled in place while nothing else holds it
    let n1 = vm.new_none();
    let n2 = vm.new_none();
    let mut targs = vm.new_tuple(vec![n1, n2]);
    let outcome = loop {
        if vm.refcnt(targs) > 1 {
            vm.decref(targs);
            let n1 = vm.new_none();
            let n2 = vm.new_none();
            targs = vm.new_tuple(vec![n1, n2]);
        }
        let op2 = match vm.next(it) {
            Ok(Some(v)) => v,
            Ok(None) => break Ok(()),
            Err(e) => break Err(e),
        };
        match result.take() {
            None => result = Some(op2),
            Some(r) => {
                native::tuple_set_item(vm, targs, 0, r);
                native::tuple_set_item(vm, targs, 1, op2);
                vm.gc_track(targs);
                match vm.call_object(func, &[r, op2], &[]) {
                    Ok(v) => result = Some(v),
                    Err(e) => break Err(e),
                }
            }
        }
    };
    vm.decref(targs);
    vm.decref(it);
    if let Err(e) = outcome {
        vm.xdecref(result);
        return Err(e);
    }
    match result {
        Some(r) => Ok(r),
        None => Err(vm.type_error("reduce() of empty iterable with no initial value")),
    }
}

// ---- cmp_to_key ----

#[derive(Clone)]
struct KeyWrapper {
    cmp: Option<ObjId>,
    object: Option<ObjId>,
}

impl NativeData for KeyWrapper {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("cmp", self.cmp), ("obj", self.object)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.cmp, &mut self.object])
    }
    fn sizeof(&self) -> usize {
        32
    }
    fn slots(&self) -> Slots {
        Slots {
            call: Some(key_call),
            ..Slots::default()
        }
    }
    native_any!();
}

fn new_key(vm: &mut Vm, cmp: ObjId, object: Option<ObjId>) -> ObjId {
    vm.incref(cmp);
    if let Some(o) = object {
        vm.incref(o);
    }
    let t = vm.native_type("functools.KeyWrapper");
    vm.new_native(
        t,
        Box::new(KeyWrapper {
            cmp: Some(cmp),
            object,
        }),
        32,
    )
}

fn cmp_to_key(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = crate::builtins::parse_args(vm, "cmp_to_key", args, kwargs, &["mycmp"], 1)?;
    Ok(new_key(vm, a[0].expect("required"), None))
}

fn key_call(vm: &mut Vm, k: ObjId, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = crate::builtins::parse_args(vm, "K", args, kwargs, &["obj"], 1)?;
    let cmp = vm.native_ref::<KeyWrapper>(k).and_then(|x| x.cmp);
    match cmp {
        Some(c) => Ok(new_key(vm, c, a[0])),
        None => Ok(vm.new_none()),
    }
}

fn key_obj(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<KeyWrapper>(vm, "obj", "functools.KeyWrapper", args)?;
    match vm.native_ref::<KeyWrapper>(s).and_then(|x| x.object) {
        Some(o) => Ok(vm.new_ref(o)),
        None => Err(vm.new_exception(ExcKind::AttributeError, "obj")),
    }
}

fn key_compare(vm: &mut Vm, args: &[ObjId], op: CmpOp) -> PyResult<ObjId> {
    if args.len() != 2 {
        native::check_slot_args(vm, "__eq__", args.len().saturating_sub(1))?;
        return Err(vm.type_error("expected 1 argument, got 0"));
    }
    let (a, b) = (args[0], args[1]);
    let other = vm.native_ref::<KeyWrapper>(b).and_then(|x| x.object);
    let (Some(cmp), Some(x)) = (match vm.native_ref::<KeyWrapper>(a) {
        Some(k) => (k.cmp, k.object),
        None => (None, None),
    }) else {
        return Err(vm.type_error("object: NULL"));
    };
    let Some(y) = other else {
        return Err(vm.type_error("other argument must be K instance"));
    };
    let res = vm.call_object(cmp, &[x, y], &[])?;
    let zero = vm.new_int(0);
    let r = vm.rich_compare(res, zero, op);
    vm.decref(zero);
    vm.decref(res);
    r
}

fn key_lt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::Lt)
}
fn key_le(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::LtE)
}
fn key_eq(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::Eq)
}
fn key_ne(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::NotEq)
}
fn key_gt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::Gt)
}
fn key_ge(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    key_compare(vm, args, CmpOp::GtE)
}

// ---- _lru_cache_wrapper ----

/// `lru_list_elem`: one cache entry of a bounded cache (a non-GC object).
#[derive(Clone)]
struct LruElem {
    key: Option<ObjId>,
    result: Option<ObjId>,
    hash: i64,
}

impl NativeData for LruElem {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        if let Some(k) = self.key {
            visit(Slot::Field("key"), k, false);
        }
        if let Some(r) = self.result {
            visit(Slot::Field("result"), r, false);
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.key, &mut self.result])
    }
    fn sizeof(&self) -> usize {
        56
    }
    fn is_gc(&self) -> bool {
        false
    }
    native_any!();
}

#[derive(Clone)]
struct LruCache {
    typed: bool,
    cache: Option<ObjId>,
    func: Option<ObjId>,
    /// -1: unbounded.
    maxsize: i64,
    hits: u64,
    misses: u64,
    kwd_mark: Option<ObjId>,
    cache_info_type: Option<ObjId>,
    dict: Option<ObjId>,
    weakrefs: Vec<ObjId>,
    /// The bounded cache's list, oldest first (each an `lru_list_elem` the cache dict holds).
    order: Vec<ObjId>,
}

impl NativeData for LruCache {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        // the list elements are reached through the cache dict; their contents here
        for &e in &self.order {
            visit(Slot::Field("lru link"), e, false);
        }
        for (n, f) in [
            ("cache", self.cache),
            ("__wrapped__", self.func),
            ("kwd_mark", self.kwd_mark),
            ("cache_info_type", self.cache_info_type),
            ("__dict__", self.dict),
        ] {
            if let Some(x) = f {
                visit(Slot::Field(n), x, true);
            }
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        let mut out: Vec<ObjId> = std::mem::take(&mut self.order);
        out.extend(self.cache.take());
        out.extend(self.func.take());
        out.extend(self.kwd_mark.take());
        out.extend(self.cache_info_type.take());
        out.extend(self.dict.take());
        (out, Vec::new())
    }
    fn sizeof(&self) -> usize {
        152
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    fn slots(&self) -> Slots {
        Slots {
            call: Some(lru_call),
            binds_as_method: true,
            ..Slots::default()
        }
    }
    fn has_dict(&self) -> bool {
        true
    }
    fn dict(&self) -> Option<ObjId> {
        self.dict
    }
    fn set_dict(&mut self, d: ObjId) {
        self.dict = Some(d);
    }
    native_any!();
}

/// `_lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)`.
fn lru_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    let a = crate::builtins::parse_args(
        vm,
        "_lru_cache_wrapper",
        &args[1..],
        kwargs,
        &["user_function", "maxsize", "typed", "cache_info_type"],
        4,
    )?;
    let (func, maxsize, typed, info) = (
        a[0].expect("required"),
        a[1].expect("required"),
        a[2].expect("required"),
        a[3].expect("required"),
    );
    if !is_callable(vm, func) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    let maxsize = if maxsize == vm.none() {
        -1
    } else if vm.is_int_like(maxsize) {
        vm.as_i64(maxsize).unwrap_or(i64::MAX).max(0)
    } else {
        return Err(vm.type_error("maxsize should be integer or None"));
    };
    let typed = vm.is_true(typed)?;
    let cache = vm.new_dict();
    let kwd_mark = {
        let key = vm.new_interned("_lru_kwd_mark");
        let m = vm.modules.get("functools").copied();
        let found = m.and_then(|m| match vm.payload(m) {
            Payload::Module(md) => vm.dict_getitem_str(md.dict, key),
            _ => None,
        });
        vm.decref(key);
        match found {
            Some(k) => vm.new_ref(k),
            None => vm.new_none(),
        }
    };
    vm.incref(func);
    vm.incref(info);
    let d = LruCache {
        typed,
        cache: Some(cache),
        func: Some(func),
        maxsize,
        hits: 0,
        misses: 0,
        kwd_mark: Some(kwd_mark),
        cache_info_type: Some(info),
        dict: None,
        weakrefs: Vec::new(),
        order: Vec::new(),
    };
    Ok(vm.new_native(ty, Box::new(d), 152))
}

/// `lru_cache_make_key`.
fn make_key(
    vm: &mut Vm,
    args: ObjId,
    kwargs: &[(ObjId, ObjId)],
    typed: bool,
    kwd_mark: ObjId,
) -> ObjId {
    let items = vm.tuple_items(args);
    if !typed && kwargs.is_empty() {
        if items.len() == 1 {
            let k = items[0];
            let exact = matches!(
                vm.builtin_type_of(k),
                Some(crate::object::BuiltinType::Str) | Some(crate::object::BuiltinType::Int)
            );
            if exact {
                return vm.new_ref(k);
            }
        }
        return vm.new_ref(args);
    }
    let mut key: Vec<ObjId> = items.clone();
    if !kwargs.is_empty() {
        key.push(kwd_mark);
        for &(k, v) in kwargs {
            key.push(k);
            key.push(v);
        }
    }
    if typed {
        for &i in &items {
            key.push(vm.type_of(i));
        }
        for &(_, v) in kwargs {
            key.push(vm.type_of(v));
        }
    }
    for &k in &key {
        vm.incref(k);
    }
    vm.new_tuple(key)
}

fn lru_call(vm: &mut Vm, w: ObjId, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (func, cache, maxsize, typed, kwd_mark) = match vm.native_ref::<LruCache>(w) {
        Some(x) => (x.func, x.cache, x.maxsize, x.typed, x.kwd_mark),
        None => (None, None, 0, false, None),
    };
    let (Some(func), Some(cache), Some(kwd_mark)) = (func, cache, kwd_mark) else {
        return Err(vm.type_error("lru_cache wrapper is not initialized"));
    };
    if maxsize == 0 {
        if let Some(x) = vm.native_mut::<LruCache>(w) {
            x.misses += 1;
        }
        return vm.call_object(func, args, kwargs);
    }
    // tp_call receives its positional arguments as a tuple
    for &a in args {
        vm.incref(a);
    }
    let targs = vm.new_tuple(args.to_vec());
    let key = make_key(vm, targs, kwargs, typed, kwd_mark);
    vm.decref(targs);
    let found = match vm.dict_get(cache, key) {
        Ok(f) => f,
        Err(e) => {
            vm.decref(key);
            return Err(e);
        }
    };
    if let Some(hit) = found {
        let result = if maxsize < 0 {
            hit
        } else {
            // move the link to the front (most recent)
            if let Some(x) = vm.native_mut::<LruCache>(w) {
                if let Some(pos) = x.order.iter().position(|&e| e == hit) {
                    let e = x.order.remove(pos);
                    x.order.push(e);
                }
            }
            match vm.native_ref::<LruElem>(hit).and_then(|e| e.result) {
                Some(r) => r,
                None => hit,
            }
        };
        if let Some(x) = vm.native_mut::<LruCache>(w) {
            x.hits += 1;
        }
        vm.decref(key);
        return Ok(vm.new_ref(result));
    }
    if let Some(x) = vm.native_mut::<LruCache>(w) {
        x.misses += 1;
    }
    let result = match vm.call_object(func, args, kwargs) {
        Ok(r) => r,
        Err(e) => {
            vm.decref(key);
            return Err(e);
        }
    };
    if maxsize < 0 {
        let r = vm.dict_setitem(cache, key, result);
        vm.decref(key);
        if let Err(e) = r {
            vm.decref(result);
            return Err(e);
        }
        return Ok(result);
    }
    // bounded: a new link, evicting the oldest when full
    let full = vm.len_of_builtin(cache).unwrap_or(0) as i64 >= maxsize;
    if full {
        let oldest = vm.native_mut::<LruCache>(w).and_then(|x| {
            if x.order.is_empty() {
                None
            } else {
                Some(x.order.remove(0))
            }
        });
        if let Some(old) = oldest {
            let old_key = vm.native_ref::<LruElem>(old).and_then(|e| e.key);
            if let Some(k) = old_key {
                vm.incref(k);
                let _ = vm.dict_delitem(cache, k).map_err(|e| vm.decref(e.0));
                vm.decref(k);
            }
            vm.decref(old);
        }
    }
    let hash = vm.hash(key).unwrap_or(0);
    vm.incref(result);
    let elem_t = vm.native_type("functools._lru_list_elem");
    let elem = vm.new_native(
        elem_t,
        Box::new(LruElem {
            key: Some(key),
            result: Some(result),
            hash,
        }),
        56,
    );
    let r = vm.dict_setitem(cache, key, elem);
    if let Some(x) = vm.native_mut::<LruCache>(w) {
        x.order.push(elem);
    } else {
        vm.decref(elem);
    }
    if let Err(e) = r {
        vm.decref(result);
        return Err(e);
    }
    let _ = vm.native_ref::<LruElem>(elem).map(|e| e.hash);
    Ok(result)
}

fn lru_cache_info(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<LruCache>(vm, "cache_info", "functools._lru_cache_wrapper", args)?;
    let (hits, misses, maxsize, cache, info) = match vm.native_ref::<LruCache>(s) {
        Some(x) => (x.hits, x.misses, x.maxsize, x.cache, x.cache_info_type),
        None => (0, 0, 0, None, None),
    };
    let Some(info) = info else {
        return Ok(vm.new_none());
    };
    let currsize = cache.and_then(|c| vm.len_of_builtin(c)).unwrap_or(0);
    let h = vm.new_usize(hits as usize);
    let m = vm.new_usize(misses as usize);
    let ms = if maxsize < 0 {
        vm.new_none()
    } else {
        vm.new_int(maxsize)
    };
    let c = vm.new_usize(currsize);
    let r = vm.call_object(info, &[h, m, ms, c], &[]);
    for x in [h, m, ms, c] {
        vm.decref(x);
    }
    r
}

fn lru_cache_clear(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s =
        native::self_check::<LruCache>(vm, "cache_clear", "functools._lru_cache_wrapper", args)?;
    let (cache, order) = match vm.native_mut::<LruCache>(s) {
        Some(x) => {
            x.hits = 0;
            x.misses = 0;
            (x.cache, std::mem::take(&mut x.order))
        }
        None => (None, Vec::new()),
    };
    if let Some(c) = cache {
        vm.dict_clear(c);
    }
    for e in order {
        vm.decref(e);
    }
    Ok(vm.new_none())
}

fn lru_copy(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    Ok(vm.new_ref(args[0]))
}
