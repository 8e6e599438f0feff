//! `itertools` (`Modules/itertoolsmodule.c`): every iterator of 3.11's module, as native
//! objects with CPython's sizes, the references they hold (`gc.get_referents`), the order
//! they pull from their inputs, and the result-tuple reuse of `product`, `combinations`,
//! `permutations` and `zip_longest` (a result the caller let go of is refilled in place).

use num_bigint::BigInt;

use crate::ast::BinOp;
use crate::builtins::{func, method, parse_args, positional, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{
    self, iter_self, make_type, new, next_method, reuse_result_tuple, sequence_tuple,
    tuple_set_item, NativeData, Slots, TypeSpec,
};

/// Visit optional fields, release them in order.
macro_rules! fields_native {
    ($t:ident, $size:expr, $next:expr, [$($f:ident),*]) => {
        impl NativeData for $t {
            fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
                native::visit_fields(visit, &[$((stringify!($f), self.$f)),*]);
            }
            fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
                native::take_fields([$(&mut self.$f),*])
            }
            fn sizeof(&self) -> usize {
                let f: fn(&$t) -> usize = $size;
                f(self)
            }
            fn slots(&self) -> Slots {
                Slots { next: Some($next), ..Slots::default() }
            }
            native_any!();
        }
    };
}

macro_rules! iter_type {
    ($spec:ident, $name:expr, $new:expr $(, $extra:expr)*) => {
        static $spec: TypeSpec = TypeSpec {
            name: $name,
            module: "itertools",
            methods: &[
                new($new),
                method("__iter__", iter_self),
                method("__next__", next_method),
                $($extra,)*
            ],
            unhashable: false,
            weakrefs: false,
            base: None,
            doc: None,
            heap: false,
        };
    };
}

iter_type!(COUNT, "count", count_new, method("__repr__", count_repr));
iter_type!(CYCLE, "cycle", cycle_new);
iter_type!(
    REPEAT,
    "repeat",
    repeat_new,
    method("__repr__", repeat_repr),
    method("__length_hint__", repeat_length_hint)
);
iter_type!(ACCUMULATE, "accumulate", accumulate_new);
iter_type!(CHAIN, "chain", chain_new);
iter_type!(COMPRESS, "compress", compress_new);
iter_type!(DROPWHILE, "dropwhile", dropwhile_new);
iter_type!(TAKEWHILE, "takewhile", takewhile_new);
iter_type!(FILTERFALSE, "filterfalse", filterfalse_new);
iter_type!(STARMAP, "starmap", starmap_new);
iter_type!(ISLICE, "islice", islice_new);
iter_type!(ZIP_LONGEST, "zip_longest", zip_longest_new);
iter_type!(
    PRODUCT,
    "product",
    product_new,
    method("__sizeof__", sizeof_method)
);
iter_type!(
    PERMUTATIONS,
    "permutations",
    permutations_new,
    method("__sizeof__", sizeof_method)
);
iter_type!(
    COMBINATIONS,
    "combinations",
    combinations_new,
    method("__sizeof__", sizeof_method)
);
iter_type!(
    CWR,
    "combinations_with_replacement",
    cwr_new,
    method("__sizeof__", sizeof_method)
);
iter_type!(GROUPBY, "groupby", groupby_new);
iter_type!(GROUPER, "_grouper", no_new);
iter_type!(
    TEE,
    "_tee",
    tee_type_new,
    method("__copy__", tee_copy_method)
);
iter_type!(PAIRWISE, "pairwise", pairwise_new);

static TEE_DATA: TypeSpec = TypeSpec {
    name: "_tee_dataobject",
    module: "itertools",
    methods: &[new(no_new)],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: false,
};

static FUNCTIONS: &[BuiltinDef] = &[func("tee", tee)];

static CHAIN_FROM_ITERABLE: BuiltinDef =
    crate::builtins::classmethod("from_iterable", chain_from_iterable);

pub fn init(vm: &mut Vm, m: ObjId) {
    for spec in [
        &ACCUMULATE,
        &COMBINATIONS,
        &CWR,
        &COMPRESS,
        &COUNT,
        &CYCLE,
        &DROPWHILE,
        &FILTERFALSE,
        &GROUPBY,
        &ISLICE,
        &PAIRWISE,
        &PERMUTATIONS,
        &PRODUCT,
        &REPEAT,
        &STARMAP,
        &TAKEWHILE,
        &ZIP_LONGEST,
        &GROUPER,
        &TEE,
        &TEE_DATA,
        &CHAIN,
    ] {
        let t = make_type(vm, spec);
        if !spec.name.starts_with('_') {
            vm.module_set(m, spec.name, t);
        }
        vm.decref(t);
    }
    // chain.from_iterable is a classmethod of chain
    let chain = vm.native_type("itertools.chain");
    let descr_t = vm.ty(crate::object::BuiltinType::MethodDescriptor);
    vm.incref(chain);
    let d = vm.alloc(
        descr_t,
        Payload::MethodDescr(Box::new(crate::object::MethodDescr {
            func: crate::builtins::Builtin(&CHAIN_FROM_ITERABLE),
            owner: chain,
        })),
        crate::vm::objects::Layout::gc(64),
    );
    if let Some(dict) = match vm.payload(chain) {
        Payload::Type(t) => t.dict,
        _ => None,
    } {
        let k = vm.new_interned("from_iterable");
        let _ = vm.dict_setitem(dict, k, d);
        vm.decref(k);
    }
    vm.decref(d);
    vm.module_add_functions(m, FUNCTIONS);
}

fn no_new(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let name = args.first().map(|&t| vm.class_path(t)).unwrap_or_default();
    Err(vm.type_error(&format!("cannot create '{name}' instances")))
}

fn sizeof_method(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = match args.first().map(|&s| vm.payload(s)) {
        Some(Payload::Native(n)) => n.sizeof(),
        _ => 0,
    };
    Ok(vm.new_usize(n))
}

/// The arguments after the type of a `__new__` call, without keywords.
fn no_keywords<'a>(
    vm: &mut Vm,
    name: &str,
    args: &'a [ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<&'a [ObjId]> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{name}() takes no keyword arguments")));
    }
    Ok(&args[1..])
}

fn ty_of(args: &[ObjId]) -> ObjId {
    args[0]
}

// ---- count ----

#[derive(Clone)]
struct Count {
    /// `cnt` in fast mode; `None` once in slow mode (`PY_SSIZE_T_MAX` in CPython).
    cnt: Option<i64>,
    long_cnt: Option<ObjId>,
    long_step: Option<ObjId>,
}
fields_native!(Count, |_| 40, count_next, [long_cnt, long_step]);

fn is_number(vm: &mut Vm, v: ObjId) -> bool {
    match vm.payload(v) {
        Payload::Int(_)
        | Payload::BigInt(_)
        | Payload::Bool(_)
        | Payload::Float(_)
        | Payload::Complex(..) => true,
        _ if vm.is_user_object(v) => {
            let t = vm.type_of(v);
            vm.type_has_attr(t, "__index__")
                || vm.type_has_attr(t, "__int__")
                || vm.type_has_attr(t, "__float__")
        }
        _ => false,
    }
}

fn count_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = parse_args(vm, "count", &args[1..], kwargs, &["start", "step"], 0)?;
    let (start, step) = (a[0], a[1]);
    if start.is_some_and(|s| !is_number(vm, s)) || step.is_some_and(|s| !is_number(vm, s)) {
        return Err(vm.type_error("a number is required"));
    }
    let int = |vm: &Vm, v: Option<ObjId>| {
        v.is_none_or(|v| {
            matches!(
                vm.payload(v),
                Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_)
            )
        })
    };
    let mut fast = int(vm, start) && int(vm, step);
    let mut cnt = 0i64;
    let long_cnt = match start {
        Some(s) => {
            if fast {
                match vm.as_i64(s) {
                    Some(n) if n != i64::MAX => cnt = n,
                    _ => fast = false,
                }
            }
            vm.new_ref(s)
        }
        None => vm.new_int(0),
    };
    let long_step = match step {
        Some(s) => vm.new_ref(s),
        None => vm.new_int(1),
    };
    if fast && vm.as_i64(long_step) != Some(1) {
        fast = false;
    }
    let data = if fast {
        vm.decref(long_cnt);
        Count {
            cnt: Some(cnt),
            long_cnt: None,
            long_step: Some(long_step),
        }
    } else {
        Count {
            cnt: None,
            long_cnt: Some(long_cnt),
            long_step: Some(long_step),
        }
    };
    Ok(vm.new_native(ty, Box::new(data), 40))
}

fn count_next(vm: &mut Vm, it: ObjId) -> PyResult<Option<ObjId>> {
    let (cnt, long_cnt, step) = match vm.native_ref::<Count>(it) {
        Some(c) => (c.cnt, c.long_cnt, c.long_step),
        None => return Ok(None),
    };
    if let Some(n) = cnt {
        if n != i64::MAX {
            if let Some(c) = vm.native_mut::<Count>(it) {
                c.cnt = Some(n + 1);
            }
            return Ok(Some(vm.new_int(n)));
        }
    }
    // count_nextlong: return the stored count, keep the stepped-up one
    let long_cnt = match long_cnt {
        Some(c) => c,
        None => vm.new_bigint(BigInt::from(cnt.unwrap_or(i64::MAX))),
    };
    let Some(step) = step else {
        vm.decref(long_cnt);
        return Ok(None);
    };
    let stepped = match vm.binary_op(long_cnt, step, BinOp::Add, false) {
        Ok(v) => v,
        Err(e) => {
            if cnt.is_some() {
                vm.decref(long_cnt);
            }
            return Err(e);
        }
    };
    if let Some(c) = vm.native_mut::<Count>(it) {
        c.cnt = None;
        c.long_cnt = Some(stepped);
    }
    Ok(Some(long_cnt))
}

fn count_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Count>(vm, "__repr__", "itertools.count", args)?;
    let name = native::short_type_name(vm, s);
    let (cnt, long_cnt, step) = match vm.native_ref::<Count>(s) {
        Some(c) => (c.cnt, c.long_cnt, c.long_step),
        None => (None, None, None),
    };
    let text = match (cnt, long_cnt) {
        (Some(n), _) => format!("{name}({n})"),
        (None, Some(c)) => {
            let cr = vm.repr_string(c)?;
            match step {
                Some(st) if matches!(vm.payload(st), Payload::Int(1)) => format!("{name}({cr})"),
                Some(st) => {
                    let sr = vm.repr_string(st)?;
                    format!("{name}({cr}, {sr})")
                }
                None => format!("{name}({cr})"),
            }
        }
        (None, None) => format!("{name}()"),
    };
    Ok(vm.new_string(text))
}

// ---- cycle ----

#[derive(Clone)]
struct Cycle {
    it: Option<ObjId>,
    saved: Option<ObjId>,
    index: usize,
    firstpass: bool,
}
fields_native!(Cycle, |_| 48, cycle_next, [it, saved]);

fn cycle_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = no_keywords(vm, "cycle", args, kwargs)?;
    positional(vm, "cycle", a, &[], 1, 1)?;
    let it = vm.get_iter(a[0])?;
    let saved = vm.new_list(Vec::new());
    let data = Cycle {
        it: Some(it),
        saved: Some(saved),
        index: 0,
        firstpass: false,
    };
    Ok(vm.new_native(ty, Box::new(data), 48))
}

fn cycle_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    let (it, saved, index, firstpass) = match vm.native_ref::<Cycle>(c) {
        Some(d) => (d.it, d.saved, d.index, d.firstpass),
        None => return Ok(None),
    };
    let Some(saved) = saved else { return Ok(None) };
    if let Some(it) = it {
        match vm.next(it)? {
            Some(item) => {
                if !firstpass {
                    vm.incref(item);
                    vm.list_append_owned(saved, item);
                }
                return Ok(Some(item));
            }
            None => {
                if let Some(d) = vm.native_mut::<Cycle>(c) {
                    d.it = None;
                }
                vm.decref(it);
            }
        }
    }
    let items = match vm.payload(saved) {
        Payload::List(l) => l.items.len(),
        _ => 0,
    };
    if items == 0 {
        return Ok(None);
    }
    let item = match vm.payload(saved) {
        Payload::List(l) => l.items[index.min(items - 1)],
        _ => return Ok(None),
    };
    if let Some(d) = vm.native_mut::<Cycle>(c) {
        d.index = if index + 1 >= items { 0 } else { index + 1 };
    }
    Ok(Some(vm.new_ref(item)))
}

// ---- repeat ----

#[derive(Clone)]
struct Repeat {
    element: Option<ObjId>,
    /// -1: forever.
    cnt: i64,
}
fields_native!(Repeat, |_| 32, repeat_next, [element]);

fn repeat_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = parse_args(vm, "repeat", &args[1..], kwargs, &["object", "times"], 1)?;
    let element = a[0].expect("required");
    let cnt = match a[1] {
        None => -1,
        Some(t) => crate::builtins::ssize_arg(vm, t)?.max(0),
    };
    vm.incref(element);
    let data = Repeat {
        element: Some(element),
        cnt,
    };
    Ok(vm.new_native(ty, Box::new(data), 32))
}

fn repeat_next(vm: &mut Vm, r: ObjId) -> PyResult<Option<ObjId>> {
    let (element, cnt) = match vm.native_ref::<Repeat>(r) {
        Some(d) => (d.element, d.cnt),
        None => return Ok(None),
    };
    if cnt == 0 {
        return Ok(None);
    }
    if cnt > 0 {
        if let Some(d) = vm.native_mut::<Repeat>(r) {
            d.cnt -= 1;
        }
    }
    Ok(element.map(|e| vm.new_ref(e)))
}

fn repeat_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Repeat>(vm, "__repr__", "itertools.repeat", args)?;
    let name = native::short_type_name(vm, s);
    let (element, cnt) = match vm.native_ref::<Repeat>(s) {
        Some(d) => (d.element, d.cnt),
        None => (None, 0),
    };
    let er = match element {
        Some(e) => vm.repr_string(e)?,
        None => "None".into(),
    };
    let text = if cnt == -1 {
        format!("{name}({er})")
    } else {
        format!("{name}({er}, {cnt})")
    };
    Ok(vm.new_string(text))
}

fn repeat_length_hint(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Repeat>(vm, "__length_hint__", "itertools.repeat", args)?;
    let cnt = vm.native_ref::<Repeat>(s).map(|d| d.cnt).unwrap_or(0);
    if cnt == -1 {
        return Err(vm.type_error("len() of unsized object"));
    }
    Ok(vm.new_int(cnt))
}

// ---- accumulate ----

#[derive(Clone)]
struct Accumulate {
    total: Option<ObjId>,
    it: Option<ObjId>,
    binop: Option<ObjId>,
    initial: Option<ObjId>,
}
fields_native!(
    Accumulate,
    |_| 48,
    accumulate_next,
    [it, binop, total, initial]
);

fn accumulate_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    if args.len() > 3 {
        let msg = format!(
            "accumulate() takes at most 2 arguments ({} given)",
            args.len() - 1
        );
        return Err(vm.type_error(&msg));
    }
    let a = parse_args(
        vm,
        "accumulate",
        &args[1..],
        kwargs,
        &["iterable", "func", "initial"],
        1,
    )?;
    let it = vm.get_iter(a[0].expect("required"))?;
    let none = vm.none();
    let binop = a[1].filter(|&f| f != none).map(|f| vm.new_ref(f));
    let initial = vm.new_ref(a[2].unwrap_or(none));
    let data = Accumulate {
        total: None,
        it: Some(it),
        binop,
        initial: Some(initial),
    };
    Ok(vm.new_native(ty, Box::new(data), 48))
}

fn accumulate_next(vm: &mut Vm, a: ObjId) -> PyResult<Option<ObjId>> {
    let (total, it, binop, initial) = match vm.native_ref::<Accumulate>(a) {
        Some(d) => (d.total, d.it, d.binop, d.initial),
        None => return Ok(None),
    };
    let none = vm.none();
    if let Some(init) = initial.filter(|&i| i != none) {
        // the initial value is the first total
        vm.incref(none);
        if let Some(d) = vm.native_mut::<Accumulate>(a) {
            d.total = Some(init);
            d.initial = Some(none);
        }
        return Ok(Some(vm.new_ref(init)));
    }
    let Some(it) = it else { return Ok(None) };
    let Some(val) = vm.next(it)? else {
        return Ok(None);
    };
    let Some(total) = total else {
        if let Some(d) = vm.native_mut::<Accumulate>(a) {
            d.total = Some(val);
        }
        return Ok(Some(vm.new_ref(val)));
    };
    let new_total = match binop {
        None => vm.binary_op(total, val, BinOp::Add, false),
        Some(f) => vm.call_object(f, &[total, val], &[]),
    };
    vm.decref(val);
    let new_total = new_total?;
    if let Some(d) = vm.native_mut::<Accumulate>(a) {
        d.total = Some(new_total);
    }
    vm.decref(total);
    Ok(Some(vm.new_ref(new_total)))
}

// ---- chain ----

#[derive(Clone)]
struct Chain {
    source: Option<ObjId>,
    active: Option<ObjId>,
}
fields_native!(Chain, |_| 32, chain_next, [source, active]);

fn chain_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = no_keywords(vm, "chain", args, kwargs)?;
    for &x in a {
        vm.incref(x);
    }
    let t = vm.new_tuple(a.to_vec());
    let source = vm.get_iter(t);
    vm.decref(t);
    let data = Chain {
        source: Some(source?),
        active: None,
    };
    Ok(vm.new_native(ty, Box::new(data), 32))
}

fn chain_from_iterable(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "from_iterable", kwargs)?;
    let ty = args[0];
    crate::builtins::one_arg(vm, "chain.from_iterable", &args[1..], kwargs)?;
    let source = vm.get_iter(args[1])?;
    let data = Chain {
        source: Some(source),
        active: None,
    };
    Ok(vm.new_native(ty, Box::new(data), 32))
}

fn chain_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    loop {
        let (source, active) = match vm.native_ref::<Chain>(c) {
            Some(d) => (d.source, d.active),
            None => return Ok(None),
        };
        let Some(source) = source else {
            return Ok(None);
        };
        let active = match active {
            Some(a) => a,
            None => {
                let iterable = match vm.next(source) {
                    Ok(Some(i)) => i,
                    Ok(None) => {
                        chain_clear_source(vm, c);
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                let a = vm.get_iter(iterable);
                vm.decref(iterable);
                match a {
                    Ok(a) => {
                        if let Some(d) = vm.native_mut::<Chain>(c) {
                            d.active = Some(a);
                        }
                        a
                    }
                    Err(e) => {
                        chain_clear_source(vm, c);
                        return Err(e);
                    }
                }
            }
        };
        if let Some(item) = vm.next(active)? {
            return Ok(Some(item));
        }
        if let Some(d) = vm.native_mut::<Chain>(c) {
            d.active = None;
        }
        vm.decref(active);
    }
}

fn chain_clear_source(vm: &mut Vm, c: ObjId) {
    let s = vm.native_mut::<Chain>(c).and_then(|d| d.source.take());
    vm.xdecref(s);
}

// ---- compress ----

#[derive(Clone)]
struct Compress {
    data: Option<ObjId>,
    selectors: Option<ObjId>,
}
fields_native!(Compress, |_| 32, compress_next, [data, selectors]);

fn compress_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = parse_args(
        vm,
        "compress",
        &args[1..],
        kwargs,
        &["data", "selectors"],
        2,
    )?;
    let data = vm.get_iter(a[0].expect("required"))?;
    let selectors = match vm.get_iter(a[1].expect("required")) {
        Ok(s) => s,
        Err(e) => {
            vm.decref(data);
            return Err(e);
        }
    };
    let d = Compress {
        data: Some(data),
        selectors: Some(selectors),
    };
    Ok(vm.new_native(ty, Box::new(d), 32))
}

fn compress_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    let (Some(data), Some(selectors)) = (match vm.native_ref::<Compress>(c) {
        Some(d) => (d.data, d.selectors),
        None => return Ok(None),
    }) else {
        return Ok(None);
    };
    loop {
        let Some(datum) = vm.next(data)? else {
            return Ok(None);
        };
        let selector = match vm.next(selectors) {
            Ok(Some(s)) => s,
            Ok(None) => {
                vm.decref(datum);
                return Ok(None);
            }
            Err(e) => {
                vm.decref(datum);
                return Err(e);
            }
        };
        let ok = vm.is_true(selector);
        vm.decref(selector);
        match ok {
            Ok(true) => return Ok(Some(datum)),
            Ok(false) => vm.decref(datum),
            Err(e) => {
                vm.decref(datum);
                return Err(e);
            }
        }
    }
}

// ---- dropwhile / takewhile ----

#[derive(Clone)]
struct DropWhile {
    func: Option<ObjId>,
    it: Option<ObjId>,
    start: bool,
}
fields_native!(DropWhile, |_| 40, dropwhile_next, [func, it]);

#[derive(Clone)]
struct TakeWhile {
    func: Option<ObjId>,
    it: Option<ObjId>,
    stop: bool,
}
fields_native!(TakeWhile, |_| 40, takewhile_next, [func, it]);

fn pred_and_iter(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<(ObjId, ObjId)> {
    let a = no_keywords(vm, name, args, kwargs)?;
    positional(vm, name, a, &[], 2, 2)?;
    let it = vm.get_iter(a[1])?;
    Ok((vm.new_ref(a[0]), it))
}

fn dropwhile_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (func, it) = pred_and_iter(vm, "dropwhile", args, kwargs)?;
    let d = DropWhile {
        func: Some(func),
        it: Some(it),
        start: false,
    };
    Ok(vm.new_native(args[0], Box::new(d), 40))
}

fn takewhile_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (func, it) = pred_and_iter(vm, "takewhile", args, kwargs)?;
    let d = TakeWhile {
        func: Some(func),
        it: Some(it),
        stop: false,
    };
    Ok(vm.new_native(args[0], Box::new(d), 40))
}

/// `PyObject_IsTrue(func(item))`.
fn predicate(vm: &mut Vm, func: ObjId, item: ObjId) -> PyResult<bool> {
    let good = vm.call_object(func, &[item], &[])?;
    let ok = vm.is_true(good);
    vm.decref(good);
    ok
}

fn dropwhile_next(vm: &mut Vm, d: ObjId) -> PyResult<Option<ObjId>> {
    let (Some(func), Some(it), start) = (match vm.native_ref::<DropWhile>(d) {
        Some(x) => (x.func, x.it, x.start),
        None => return Ok(None),
    }) else {
        return Ok(None);
    };
    loop {
        let Some(item) = vm.next(it)? else {
            return Ok(None);
        };
        if start {
            return Ok(Some(item));
        }
        match predicate(vm, func, item) {
            Ok(false) => {
                if let Some(x) = vm.native_mut::<DropWhile>(d) {
                    x.start = true;
                }
                return Ok(Some(item));
            }
            Ok(true) => vm.decref(item),
            Err(e) => {
                vm.decref(item);
                return Err(e);
            }
        }
    }
}

fn takewhile_next(vm: &mut Vm, t: ObjId) -> PyResult<Option<ObjId>> {
    let (Some(func), Some(it), stop) = (match vm.native_ref::<TakeWhile>(t) {
        Some(x) => (x.func, x.it, x.stop),
        None => return Ok(None),
    }) else {
        return Ok(None);
    };
    if stop {
        return Ok(None);
    }
    let Some(item) = vm.next(it)? else {
        return Ok(None);
    };
    match predicate(vm, func, item) {
        Ok(true) => Ok(Some(item)),
        Ok(false) => {
            vm.decref(item);
            if let Some(x) = vm.native_mut::<TakeWhile>(t) {
                x.stop = true;
            }
            Ok(None)
        }
        Err(e) => {
            vm.decref(item);
            Err(e)
        }
    }
}

// ---- filterfalse ----

#[derive(Clone)]
struct FilterFalse {
    func: Option<ObjId>,
    it: Option<ObjId>,
}
fields_native!(FilterFalse, |_| 32, filterfalse_next, [func, it]);

fn filterfalse_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (func, it) = pred_and_iter(vm, "filterfalse", args, kwargs)?;
    let d = FilterFalse {
        func: Some(func),
        it: Some(it),
    };
    Ok(vm.new_native(args[0], Box::new(d), 32))
}

fn filterfalse_next(vm: &mut Vm, f: ObjId) -> PyResult<Option<ObjId>> {
    let (Some(func), Some(it)) = (match vm.native_ref::<FilterFalse>(f) {
        Some(x) => (x.func, x.it),
        None => return Ok(None),
    }) else {
        return Ok(None);
    };
    let plain = func == vm.none() || func == vm.ty(crate::object::BuiltinType::Bool);
    loop {
        let Some(item) = vm.next(it)? else {
            return Ok(None);
        };
        let ok = if plain {
            vm.is_true(item)
        } else {
            predicate(vm, func, item)
        };
        match ok {
            Ok(false) => return Ok(Some(item)),
            Ok(true) => vm.decref(item),
            Err(e) => {
                vm.decref(item);
                return Err(e);
            }
        }
    }
}

// ---- starmap ----

#[derive(Clone)]
struct StarMap {
    func: Option<ObjId>,
    it: Option<ObjId>,
}
fields_native!(StarMap, |_| 32, starmap_next, [func, it]);

fn starmap_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (func, it) = pred_and_iter(vm, "starmap", args, kwargs)?;
    let d = StarMap {
        func: Some(func),
        it: Some(it),
    };
    Ok(vm.new_native(args[0], Box::new(d), 32))
}

fn starmap_next(vm: &mut Vm, s: ObjId) -> PyResult<Option<ObjId>> {
    let (Some(func), Some(it)) = (match vm.native_ref::<StarMap>(s) {
        Some(x) => (x.func, x.it),
        None => return Ok(None),
    }) else {
        return Ok(None);
    };
    let Some(a) = vm.next(it)? else {
        return Ok(None);
    };
    let t = sequence_tuple(vm, a);
    vm.decref(a);
    let t = t?;
    let items = vm.tuple_items(t);
    let r = vm.call_object(func, &items, &[]);
    vm.decref(t);
    r.map(Some)
}

// ---- islice ----

#[derive(Clone)]
struct ISlice {
    it: Option<ObjId>,
    next: i64,
    /// -1: no stop.
    stop: i64,
    step: i64,
    cnt: i64,
}
fields_native!(ISlice, |_| 56, islice_next, [it]);

fn islice_index(vm: &mut Vm, v: ObjId, msg: &str) -> PyResult<Option<i64>> {
    if v == vm.none() {
        return Ok(None);
    }
    match crate::builtins::ssize_arg(vm, v) {
        Ok(n) if n >= 0 => Ok(Some(n)),
        Ok(_) => Err(vm.new_exception(ExcKind::ValueError, msg)),
        Err(e) => {
            if vm.is_instance_of_kind(e.0, ExcKind::OverflowError) {
                vm.decref(e.0);
                return Ok(Some(i64::MAX));
            }
            vm.decref(e.0);
            Err(vm.new_exception(ExcKind::ValueError, msg))
        }
    }
}

fn islice_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = no_keywords(vm, "islice", args, kwargs)?;
    if a.len() < 2 || a.len() > 4 {
        let msg = if a.len() < 2 {
            format!("islice expected at least 2 arguments, got {}", a.len())
        } else {
            format!("islice expected at most 4 arguments, got {}", a.len())
        };
        return Err(vm.type_error(&msg));
    }
    let (start, stop, step) = if a.len() == 2 {
        let stop = islice_index(
            vm,
            a[1],
            "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        )?;
        (0, stop, 1)
    } else {
        let start = islice_index(
            vm,
            a[1],
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        )?;
        let stop = islice_index(
            vm,
            a[2],
            "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.",
        )?;
        let step = match a.get(3) {
            Some(&s) if s != vm.none() => match crate::builtins::ssize_arg(vm, s) {
                Ok(n) if n >= 1 => n,
                Ok(_) => {
                    return Err(vm.new_exception(
                        ExcKind::ValueError,
                        "Step for islice() must be a positive integer or None.",
                    ))
                }
                Err(e) => {
                    vm.decref(e.0);
                    return Err(vm.new_exception(
                        ExcKind::ValueError,
                        "Step for islice() must be a positive integer or None.",
                    ));
                }
            },
            _ => 1,
        };
        (start.unwrap_or(0), stop, step)
    };
    let it = vm.get_iter(a[0])?;
    let d = ISlice {
        it: Some(it),
        next: start,
        stop: stop.unwrap_or(-1),
        step,
        cnt: 0,
    };
    Ok(vm.new_native(ty, Box::new(d), 56))
}

fn islice_next(vm: &mut Vm, s: ObjId) -> PyResult<Option<ObjId>> {
    let (it, next, stop, step, mut cnt) = match vm.native_ref::<ISlice>(s) {
        Some(x) => (x.it, x.next, x.stop, x.step, x.cnt),
        None => return Ok(None),
    };
    let Some(it) = it else { return Ok(None) };
    let empty = |vm: &mut Vm| {
        let i = vm.native_mut::<ISlice>(s).and_then(|x| x.it.take());
        vm.xdecref(i);
        Ok(None)
    };
    while cnt < next {
        let item = vm.next(it);
        match item {
            Ok(Some(item)) => {
                vm.decref(item);
                cnt += 1;
                if let Some(x) = vm.native_mut::<ISlice>(s) {
                    x.cnt = cnt;
                }
            }
            Ok(None) => return empty(vm),
            Err(e) => {
                let _ = empty(vm);
                return Err(e);
            }
        }
    }
    if stop != -1 && cnt >= stop {
        return empty(vm);
    }
    let item = match vm.next(it) {
        Ok(Some(i)) => i,
        Ok(None) => return empty(vm),
        Err(e) => {
            let _ = empty(vm);
            return Err(e);
        }
    };
    if let Some(x) = vm.native_mut::<ISlice>(s) {
        x.cnt = cnt + 1;
        let old = x.next;
        x.next = x.next.saturating_add(step);
        if x.next < old || (stop != -1 && x.next > stop) {
            x.next = stop;
        }
    }
    Ok(Some(item))
}

// ---- zip_longest ----

#[derive(Clone)]
struct ZipLongest {
    /// The iterators (`ittuple`; an exhausted one is gone).
    iters: Vec<Option<ObjId>>,
    numactive: usize,
    result: Option<ObjId>,
    fillvalue: Option<ObjId>,
}

impl NativeData for ZipLongest {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        for (i, it) in self.iters.iter().enumerate() {
            if let Some(it) = it {
                visit(Slot::Item(i), *it, true);
            }
        }
        if let Some(f) = self.fillvalue {
            visit(Slot::Field("fillvalue"), f, true);
        }
        if let Some(r) = self.result {
            visit(Slot::Field("result"), r, true);
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        let mut out: Vec<ObjId> = std::mem::take(&mut self.iters)
            .into_iter()
            .flatten()
            .collect();
        out.extend(self.result.take());
        out.extend(self.fillvalue.take());
        (out, Vec::new())
    }
    fn sizeof(&self) -> usize {
        56
    }
    fn slots(&self) -> Slots {
        Slots {
            next: Some(zip_longest_next),
            call: None,
            ..Slots::default()
        }
    }
    native_any!();
}

fn zip_longest_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let mut fillvalue = vm.none();
    for &(k, v) in kwargs {
        if vm.str_of(k) == "fillvalue" {
            fillvalue = v;
        } else {
            return Err(vm.type_error("zip_longest() got an unexpected keyword argument"));
        }
    }
    let mut iters = Vec::new();
    for (i, &a) in args[1..].iter().enumerate() {
        match vm.get_iter(a) {
            Ok(it) => iters.push(Some(it)),
            Err(e) => {
                vm.decref(e.0);
                for it in iters.into_iter().flatten() {
                    vm.decref(it);
                }
                let msg = format!("zip_longest argument #{} must support iteration", i + 1);
                return Err(vm.type_error(&msg));
            }
        }
    }
    let n = iters.len();
    let nones: Vec<ObjId> = (0..n).map(|_| vm.new_none()).collect();
    let result = vm.new_tuple(nones);
    vm.incref(fillvalue);
    let d = ZipLongest {
        iters,
        numactive: n,
        result: Some(result),
        fillvalue: Some(fillvalue),
    };
    Ok(vm.new_native(ty, Box::new(d), 56))
}

fn zip_longest_next(vm: &mut Vm, z: ObjId) -> PyResult<Option<ObjId>> {
    let (iters, numactive, result, fillvalue) = match vm.native_ref::<ZipLongest>(z) {
        Some(x) => (x.iters.clone(), x.numactive, x.result, x.fillvalue),
        None => return Ok(None),
    };
    let (Some(result), Some(fillvalue)) = (result, fillvalue) else {
        return Ok(None);
    };
    if iters.is_empty() || numactive == 0 {
        return Ok(None);
    }
    let reuse = vm.refcnt(result) == 1;
    let mut items = Vec::with_capacity(iters.len());
    let mut active = numactive;
    for (i, it) in iters.iter().enumerate() {
        let item = match it {
            None => vm.new_ref(fillvalue),
            Some(it) => match vm.next(*it) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    active -= 1;
                    if active == 0 {
                        for v in items {
                            vm.decref(v);
                        }
                        if let Some(x) = vm.native_mut::<ZipLongest>(z) {
                            x.numactive = 0;
                        }
                        return Ok(None);
                    }
                    if let Some(x) = vm.native_mut::<ZipLongest>(z) {
                        x.iters[i] = None;
                        x.numactive = active;
                    }
                    vm.decref(*it);
                    vm.new_ref(fillvalue)
                }
                Err(e) => {
                    for v in items {
                        vm.decref(v);
                    }
                    if let Some(x) = vm.native_mut::<ZipLongest>(z) {
                        x.numactive = 0;
                    }
                    return Err(e);
                }
            },
        };
        items.push(item);
    }
    if reuse {
        vm.gc_track(result);
        for (i, item) in items.into_iter().enumerate() {
            tuple_set_item(vm, result, i, item);
        }
        return Ok(Some(vm.new_ref(result)));
    }
    Ok(Some(vm.new_tuple(items)))
}

// ---- product ----

#[derive(Clone)]
struct Product {
    pools: Option<ObjId>,
    result: Option<ObjId>,
    indices: Vec<usize>,
    stopped: bool,
}
fields_native!(
    Product,
    |p: &Product| 48 + 8 * p.indices.len(),
    product_next,
    [pools, result]
);

fn product_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let mut repeat = 1i64;
    for &(k, v) in kwargs {
        if vm.str_of(k) == "repeat" {
            repeat = crate::builtins::ssize_arg(vm, v)?;
        } else {
            let msg = format!(
                "'{}' is an invalid keyword argument for product()",
                vm.str_of(k)
            );
            return Err(vm.type_error(&msg));
        }
    }
    if repeat < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "repeat argument cannot be negative"));
    }
    let nargs = args.len() - 1;
    if repeat > 0 && nargs as u128 > (isize::MAX as u128 / 8) / repeat as u128 {
        return Err(vm.new_exception(ExcKind::OverflowError, "repeat argument too large"));
    }
    // the pools tuple and the indices array, npools words each
    vm.check_memory(nargs as u128 * repeat.max(0) as u128 * 16)?;
    let mut pools = Vec::new();
    for &a in &args[1..] {
        match sequence_tuple(vm, a) {
            Ok(p) => pools.push(p),
            Err(e) => {
                for p in pools {
                    vm.decref(p);
                }
                return Err(e);
            }
        }
    }
    let npools = if repeat == 0 {
        0
    } else {
        nargs.saturating_mul(repeat as usize)
    };
    // the pools tuple and the indices (PyMem_New fails for a huge repeat)
    if let Err(e) = vm.check_memory(npools as u128 * 16) {
        for p in pools {
            vm.decref(p);
        }
        return Err(e);
    }
    let mut all = Vec::with_capacity(npools);
    for i in 0..npools {
        let p = pools[i % nargs.max(1)];
        all.push(vm.new_ref(p));
    }
    for p in pools {
        vm.decref(p);
    }
    let pools_t = vm.new_tuple(all);
    let d = Product {
        pools: Some(pools_t),
        result: None,
        indices: vec![0; npools],
        stopped: false,
    };
    Ok(vm.new_native(ty, Box::new(d), 48))
}

fn product_next(vm: &mut Vm, p: ObjId) -> PyResult<Option<ObjId>> {
    let (pools, result, mut indices, stopped) = match vm.native_ref::<Product>(p) {
        Some(x) => (x.pools, x.result, x.indices.clone(), x.stopped),
        None => return Ok(None),
    };
    let Some(pools) = pools else { return Ok(None) };
    if stopped {
        return Ok(None);
    }
    let pool_items: Vec<Vec<ObjId>> = vm
        .tuple_items(pools)
        .into_iter()
        .map(|t| vm.tuple_items(t))
        .collect();
    let npools = pool_items.len();
    let stop = |vm: &mut Vm| {
        if let Some(x) = vm.native_mut::<Product>(p) {
            x.stopped = true;
        }
        Ok(None)
    };
    let result = match result {
        None => {
            if pool_items.iter().any(|pool| pool.is_empty()) {
                return stop(vm);
            }
            let first: Vec<ObjId> = pool_items.iter().map(|pool| vm.new_ref(pool[0])).collect();
            let r = vm.new_tuple(first);
            if let Some(x) = vm.native_mut::<Product>(p) {
                x.result = Some(r);
            }
            r
        }
        Some(old) => {
            let r = reuse_result_tuple(vm, old);
            if let Some(x) = vm.native_mut::<Product>(p) {
                x.result = Some(r);
            }
            let mut done = true;
            for i in (0..npools).rev() {
                indices[i] += 1;
                if indices[i] == pool_items[i].len() {
                    indices[i] = 0;
                    let e = vm.new_ref(pool_items[i][0]);
                    tuple_set_item(vm, r, i, e);
                } else {
                    let e = vm.new_ref(pool_items[i][indices[i]]);
                    tuple_set_item(vm, r, i, e);
                    done = false;
                    break;
                }
            }
            if let Some(x) = vm.native_mut::<Product>(p) {
                x.indices = indices;
            }
            if done {
                return stop(vm);
            }
            r
        }
    };
    Ok(Some(vm.new_ref(result)))
}

// ---- combinations, combinations_with_replacement, permutations ----

#[derive(Clone)]
struct Combinations {
    pool: Option<ObjId>,
    result: Option<ObjId>,
    indices: Vec<usize>,
    r: usize,
    stopped: bool,
    kind: CombKind,
}

#[derive(Clone, Copy, PartialEq)]
enum CombKind {
    Combinations,
    WithReplacement,
    Permutations,
}

impl NativeData for Combinations {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("pool", self.pool), ("result", self.result)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.pool, &mut self.result])
    }
    fn sizeof(&self) -> usize {
        match self.kind {
            // indices and cycles, both in `indices`
            CombKind::Permutations => 64 + 8 * self.indices.len(),
            _ => 56 + 8 * self.r,
        }
    }
    fn slots(&self) -> Slots {
        Slots {
            next: Some(match self.kind {
                CombKind::Combinations => combinations_next,
                CombKind::WithReplacement => cwr_next,
                CombKind::Permutations => permutations_next,
            }),
            ..Slots::default()
        }
    }
    native_any!();
}

/// `PyObject *cycles` of permutations lives in `indices[n..]`.
fn comb_new(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    kind: CombKind,
) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let required = if kind == CombKind::Permutations { 1 } else { 2 };
    let a = parse_args(vm, name, &args[1..], kwargs, &["iterable", "r"], required)?;
    let pool = sequence_tuple(vm, a[0].expect("required"))?;
    let n = vm.tuple_items(pool).len();
    let r = match a[1] {
        Some(r) if r != vm.none() || kind != CombKind::Permutations => {
            match crate::builtins::ssize_arg(vm, r) {
                Ok(r) => r,
                Err(e) => {
                    vm.decref(pool);
                    return Err(e);
                }
            }
        }
        _ => n as i64,
    };
    if r < 0 {
        vm.decref(pool);
        return Err(vm.new_exception(ExcKind::ValueError, "r must be non-negative"));
    }
    let r = r as usize;
    // the index arrays, `PyMem_New(Py_ssize_t, ...)`, fail for a huge r: combinations and
    // combinations_with_replacement hold r indices, permutations n indices and r cycles
    // (`combinations('abcd', 10**8)` asks for 800 MB and, r being past n, yields nothing)
    let words = match kind {
        CombKind::Permutations => n as u128 + r as u128,
        _ => r as u128,
    };
    if let Err(e) = vm.check_memory(words * 8) {
        vm.decref(pool);
        return Err(e);
    }
    let (indices, stopped) = match kind {
        CombKind::Combinations => ((0..r).collect(), r > n),
        CombKind::WithReplacement => (vec![0; r], n == 0 && r > 0),
        CombKind::Permutations => {
            // indices (n of them), then the cycles (r of them)
            let mut v: Vec<usize> = (0..n).collect();
            v.extend((0..r.min(n)).map(|i| n - i));
            v.resize(n + r, 0);
            (v, r > n)
        }
    };
    let d = Combinations {
        pool: Some(pool),
        result: None,
        indices,
        r,
        stopped,
        kind,
    };
    let basic = if kind == CombKind::Permutations {
        64
    } else {
        56
    };
    Ok(vm.new_native(ty, Box::new(d), basic))
}

fn combinations_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    comb_new(vm, "combinations", args, kwargs, CombKind::Combinations)
}

fn cwr_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    comb_new(
        vm,
        "combinations_with_replacement",
        args,
        kwargs,
        CombKind::WithReplacement,
    )
}

fn permutations_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    comb_new(vm, "permutations", args, kwargs, CombKind::Permutations)
}

/// The state of a combinatoric iterator for one step.
struct CombState {
    pool: Vec<ObjId>,
    result: Option<ObjId>,
    indices: Vec<usize>,
    r: usize,
}

fn comb_state(vm: &Vm, c: ObjId) -> Option<CombState> {
    let x = vm.native_ref::<Combinations>(c)?;
    if x.stopped {
        return None;
    }
    let pool = vm.tuple_items(x.pool?);
    Some(CombState {
        pool,
        result: x.result,
        indices: x.indices.clone(),
        r: x.r,
    })
}

fn comb_stop(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    if let Some(x) = vm.native_mut::<Combinations>(c) {
        x.stopped = true;
    }
    Ok(None)
}

/// The first result: a new tuple of `pool[indices[i]]`.
fn comb_first(vm: &mut Vm, c: ObjId, st: &CombState) -> ObjId {
    let items: Vec<ObjId> = (0..st.r)
        .map(|i| {
            let e = st.pool[st.indices[i]];
            vm.new_ref(e)
        })
        .collect();
    let r = vm.new_tuple(items);
    if let Some(x) = vm.native_mut::<Combinations>(c) {
        x.result = Some(r);
    }
    vm.new_ref(r)
}

fn comb_reuse(vm: &mut Vm, c: ObjId, old: ObjId) -> ObjId {
    let r = reuse_result_tuple(vm, old);
    if let Some(x) = vm.native_mut::<Combinations>(c) {
        x.result = Some(r);
    }
    r
}

fn comb_set_indices(vm: &mut Vm, c: ObjId, indices: Vec<usize>) {
    if let Some(x) = vm.native_mut::<Combinations>(c) {
        x.indices = indices;
    }
}

fn combinations_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    let Some(mut st) = comb_state(vm, c) else {
        return Ok(None);
    };
    let Some(old) = st.result else {
        return Ok(Some(comb_first(vm, c, &st)));
    };
    let result = comb_reuse(vm, c, old);
    let (n, r) = (st.pool.len(), st.r);
    let mut i = r as isize - 1;
    while i >= 0 && st.indices[i as usize] == i as usize + n - r {
        i -= 1;
    }
    if i < 0 {
        return comb_stop(vm, c);
    }
    let i = i as usize;
    st.indices[i] += 1;
    for j in i + 1..r {
        st.indices[j] = st.indices[j - 1] + 1;
    }
    for k in i..r {
        let e = vm.new_ref(st.pool[st.indices[k]]);
        tuple_set_item(vm, result, k, e);
    }
    comb_set_indices(vm, c, st.indices);
    Ok(Some(vm.new_ref(result)))
}

fn cwr_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    let Some(mut st) = comb_state(vm, c) else {
        return Ok(None);
    };
    let Some(old) = st.result else {
        let n = st.pool.len();
        let items: Vec<ObjId> = (0..st.r)
            .map(|_| {
                if n > 0 {
                    vm.new_ref(st.pool[0])
                } else {
                    vm.new_none()
                }
            })
            .collect();
        let r = vm.new_tuple(items);
        if let Some(x) = vm.native_mut::<Combinations>(c) {
            x.result = Some(r);
        }
        return Ok(Some(vm.new_ref(r)));
    };
    let result = comb_reuse(vm, c, old);
    let (n, r) = (st.pool.len(), st.r);
    let mut i = r as isize - 1;
    while i >= 0 && st.indices[i as usize] == n - 1 {
        i -= 1;
    }
    if i < 0 {
        return comb_stop(vm, c);
    }
    let index = st.indices[i as usize] + 1;
    for k in i as usize..r {
        st.indices[k] = index;
        let e = vm.new_ref(st.pool[index]);
        tuple_set_item(vm, result, k, e);
    }
    comb_set_indices(vm, c, st.indices);
    Ok(Some(vm.new_ref(result)))
}

fn permutations_next(vm: &mut Vm, c: ObjId) -> PyResult<Option<ObjId>> {
    let Some(mut st) = comb_state(vm, c) else {
        return Ok(None);
    };
    let n = st.pool.len();
    let r = st.r;
    let Some(old) = st.result else {
        return Ok(Some(comb_first(vm, c, &st)));
    };
    if n == 0 {
        return comb_stop(vm, c);
    }
    let result = comb_reuse(vm, c, old);
    let (indices, cycles) = st.indices.split_at_mut(n);
    let mut i = r as isize - 1;
    while i >= 0 {
        let iu = i as usize;
        cycles[iu] -= 1;
        if cycles[iu] == 0 {
            let index = indices[iu];
            for j in iu..n - 1 {
                indices[j] = indices[j + 1];
            }
            indices[n - 1] = index;
            cycles[iu] = n - iu;
        } else {
            let j = cycles[iu];
            indices.swap(iu, n - j);
            for (k, &ix) in indices.iter().enumerate().take(r).skip(iu) {
                let e = vm.new_ref(st.pool[ix]);
                tuple_set_item(vm, result, k, e);
            }
            break;
        }
        i -= 1;
    }
    comb_set_indices(vm, c, st.indices);
    if i < 0 {
        return comb_stop(vm, c);
    }
    Ok(Some(vm.new_ref(result)))
}

// ---- groupby ----

#[derive(Clone)]
struct GroupBy {
    it: Option<ObjId>,
    keyfunc: Option<ObjId>,
    tgtkey: Option<ObjId>,
    currkey: Option<ObjId>,
    currvalue: Option<ObjId>,
    /// `currgrouper`, a borrowed reference (with its serial, so a dead one never matches).
    currgrouper: Option<(ObjId, u64)>,
}
fields_native!(
    GroupBy,
    |_| 64,
    groupby_next,
    [it, keyfunc, tgtkey, currkey, currvalue]
);

#[derive(Clone)]
struct Grouper {
    parent: Option<ObjId>,
    tgtkey: Option<ObjId>,
}
fields_native!(Grouper, |_| 32, grouper_next, [parent, tgtkey]);

fn groupby_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = ty_of(args);
    let a = parse_args(vm, "groupby", &args[1..], kwargs, &["iterable", "key"], 1)?;
    let it = vm.get_iter(a[0].expect("required"))?;
    let keyfunc = vm.new_ref(a[1].unwrap_or(vm.none()));
    let d = GroupBy {
        it: Some(it),
        keyfunc: Some(keyfunc),
        tgtkey: None,
        currkey: None,
        currvalue: None,
        currgrouper: None,
    };
    Ok(vm.new_native(ty, Box::new(d), 64))
}

/// `groupby_step`: Ok(false) when the input is exhausted.
fn groupby_step(vm: &mut Vm, g: ObjId) -> PyResult<bool> {
    let (it, keyfunc) = match vm.native_ref::<GroupBy>(g) {
        Some(x) => (x.it, x.keyfunc),
        None => return Ok(false),
    };
    let Some(it) = it else { return Ok(false) };
    let Some(newvalue) = vm.next(it)? else {
        return Ok(false);
    };
    let newkey = match keyfunc {
        Some(k) if k != vm.none() => match vm.call_object(k, &[newvalue], &[]) {
            Ok(v) => v,
            Err(e) => {
                vm.decref(newvalue);
                return Err(e);
            }
        },
        _ => vm.new_ref(newvalue),
    };
    let (oldvalue, oldkey) = match vm.native_mut::<GroupBy>(g) {
        Some(x) => (x.currvalue.replace(newvalue), x.currkey.replace(newkey)),
        None => (None, None),
    };
    vm.xdecref(oldkey);
    vm.xdecref(oldvalue);
    Ok(true)
}

fn groupby_next(vm: &mut Vm, g: ObjId) -> PyResult<Option<ObjId>> {
    if let Some(x) = vm.native_mut::<GroupBy>(g) {
        x.currgrouper = None;
    }
    loop {
        let (tgtkey, currkey) = match vm.native_ref::<GroupBy>(g) {
            Some(x) => (x.tgtkey, x.currkey),
            None => return Ok(None),
        };
        match (currkey, tgtkey) {
            (None, _) => {}
            (Some(_), None) => break,
            (Some(c), Some(t)) => {
                if !vm.eq(t, c)? {
                    break;
                }
            }
        }
        if !groupby_step(vm, g)? {
            return Ok(None);
        }
    }
    let Some(currkey) = vm.native_ref::<GroupBy>(g).and_then(|x| x.currkey) else {
        return Ok(None);
    };
    vm.incref(currkey);
    let old = vm
        .native_mut::<GroupBy>(g)
        .and_then(|x| x.tgtkey.replace(currkey));
    vm.xdecref(old);
    // _grouper_create
    vm.incref(g);
    vm.incref(currkey);
    let gt = vm.native_type("itertools._grouper");
    let grouper = vm.new_native(
        gt,
        Box::new(Grouper {
            parent: Some(g),
            tgtkey: Some(currkey),
        }),
        32,
    );
    let serial = vm.heap.meta(grouper).serial;
    if let Some(x) = vm.native_mut::<GroupBy>(g) {
        x.currgrouper = Some((grouper, serial));
    }
    vm.incref(currkey);
    Ok(Some(vm.new_tuple(vec![currkey, grouper])))
}

fn grouper_next(vm: &mut Vm, gr: ObjId) -> PyResult<Option<ObjId>> {
    let (parent, tgtkey) = match vm.native_ref::<Grouper>(gr) {
        Some(x) => (x.parent, x.tgtkey),
        None => return Ok(None),
    };
    let (Some(g), Some(tgtkey)) = (parent, tgtkey) else {
        return Ok(None);
    };
    let serial = vm.heap.meta(gr).serial;
    let current = vm.native_ref::<GroupBy>(g).and_then(|x| x.currgrouper);
    if current != Some((gr, serial)) {
        return Ok(None);
    }
    if vm
        .native_ref::<GroupBy>(g)
        .and_then(|x| x.currvalue)
        .is_none()
        && !groupby_step(vm, g)?
    {
        return Ok(None);
    }
    let Some(currkey) = vm.native_ref::<GroupBy>(g).and_then(|x| x.currkey) else {
        return Ok(None);
    };
    if !vm.eq(tgtkey, currkey)? {
        return Ok(None);
    }
    let (value, key) = match vm.native_mut::<GroupBy>(g) {
        Some(x) => (x.currvalue.take(), x.currkey.take()),
        None => (None, None),
    };
    vm.xdecref(key);
    Ok(value)
}

// ---- tee ----

/// Values one `teedataobject` link holds (`LINKCELLS`).
const LINKCELLS: usize = 57;

#[derive(Clone)]
struct TeeData {
    it: Option<ObjId>,
    values: Vec<ObjId>,
    running: bool,
    nextlink: Option<ObjId>,
}

impl NativeData for TeeData {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        if let Some(it) = self.it {
            visit(Slot::Field("it"), it, true);
        }
        for (i, v) in self.values.iter().enumerate() {
            visit(Slot::Item(i), *v, true);
        }
        if let Some(n) = self.nextlink {
            visit(Slot::Field("nextlink"), n, true);
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        let mut out: Vec<ObjId> = self.it.take().into_iter().collect();
        out.extend(std::mem::take(&mut self.values));
        out.extend(self.nextlink.take());
        (out, Vec::new())
    }
    fn sizeof(&self) -> usize {
        24 + 8 + 8 + 8 * LINKCELLS
    }
    native_any!();
}

#[derive(Clone)]
struct Tee {
    dataobj: Option<ObjId>,
    index: usize,
    weakrefs: Vec<ObjId>,
}

impl NativeData for Tee {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("dataobj", self.dataobj)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.dataobj])
    }
    fn sizeof(&self) -> usize {
        40
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    fn slots(&self) -> Slots {
        Slots {
            next: Some(tee_next),
            call: None,
            ..Slots::default()
        }
    }
    native_any!();
}

fn new_tee_data(vm: &mut Vm, it: ObjId) -> ObjId {
    vm.incref(it);
    let t = vm.native_type("itertools._tee_dataobject");
    vm.new_native(
        t,
        Box::new(TeeData {
            it: Some(it),
            values: Vec::new(),
            running: false,
            nextlink: None,
        }),
        24 + 8 + 8 + 8 * LINKCELLS,
    )
}

fn new_tee(vm: &mut Vm, dataobj: ObjId, index: usize) -> ObjId {
    vm.incref(dataobj);
    let t = vm.native_type("itertools._tee");
    vm.new_native(
        t,
        Box::new(Tee {
            dataobj: Some(dataobj),
            index,
            weakrefs: Vec::new(),
        }),
        40,
    )
}

/// `tee_fromiterable`.
fn tee_from_iterable(vm: &mut Vm, iterable: ObjId) -> PyResult<ObjId> {
    let it = vm.get_iter(iterable)?;
    if vm.native_ref::<Tee>(it).is_some() {
        let copy = tee_copy_of(vm, it);
        vm.decref(it);
        return Ok(copy);
    }
    let data = new_tee_data(vm, it);
    vm.decref(it);
    let t = new_tee(vm, data, 0);
    vm.decref(data);
    Ok(t)
}

fn tee_copy_of(vm: &mut Vm, t: ObjId) -> ObjId {
    let (d, index) = match vm.native_ref::<Tee>(t) {
        Some(x) => (x.dataobj, x.index),
        None => (None, 0),
    };
    match d {
        Some(d) => new_tee(vm, d, index),
        None => vm.new_none(),
    }
}

fn tee_type_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = no_keywords(vm, "_tee", args, kwargs)?;
    positional(vm, "_tee", a, &[], 1, 1)?;
    tee_from_iterable(vm, a[0])
}

fn tee_copy_method(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Tee>(vm, "__copy__", "itertools._tee", args)?;
    Ok(tee_copy_of(vm, s))
}

fn tee_next(vm: &mut Vm, t: ObjId) -> PyResult<Option<ObjId>> {
    let (d, index) = match vm.native_ref::<Tee>(t) {
        Some(x) => (x.dataobj, x.index),
        None => return Ok(None),
    };
    let Some(mut d) = d else { return Ok(None) };
    let mut index = index;
    if index >= LINKCELLS {
        // teedataobject_jumplink
        let link = match vm.native_ref::<TeeData>(d).and_then(|x| x.nextlink) {
            Some(l) => l,
            None => {
                let it = vm.native_ref::<TeeData>(d).and_then(|x| x.it);
                let Some(it) = it else { return Ok(None) };
                let l = new_tee_data(vm, it);
                if let Some(x) = vm.native_mut::<TeeData>(d) {
                    x.nextlink = Some(l);
                }
                l
            }
        };
        vm.incref(link);
        if let Some(x) = vm.native_mut::<Tee>(t) {
            x.dataobj = Some(link);
            x.index = 0;
        }
        vm.decref(d);
        d = link;
        index = 0;
    }
    // teedataobject_getitem
    let (numread, running, it) = match vm.native_ref::<TeeData>(d) {
        Some(x) => (x.values.len(), x.running, x.it),
        None => return Ok(None),
    };
    let value = if index < numread {
        vm.native_ref::<TeeData>(d).map(|x| x.values[index])
    } else {
        if running {
            return Err(vm.new_exception(ExcKind::RuntimeError, "cannot re-enter the tee iterator"));
        }
        let Some(it) = it else { return Ok(None) };
        if let Some(x) = vm.native_mut::<TeeData>(d) {
            x.running = true;
        }
        let v = vm.next(it);
        if let Some(x) = vm.native_mut::<TeeData>(d) {
            x.running = false;
        }
        let Some(v) = v? else { return Ok(None) };
        if let Some(x) = vm.native_mut::<TeeData>(d) {
            x.values.push(v);
        }
        Some(v)
    };
    let Some(value) = value else { return Ok(None) };
    if let Some(x) = vm.native_mut::<Tee>(t) {
        x.index = index + 1;
    }
    Ok(Some(vm.new_ref(value)))
}

fn tee(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "tee", args, kwargs, 1, 2)?;
    let n = match args.get(1) {
        Some(&n) => crate::builtins::ssize_arg(vm, n)?,
        None => 2,
    };
    if n < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "n must be >= 0"));
    }
    if n == 0 {
        let e = vm.statics.empty_tuple;
        return Ok(vm.new_ref(e));
    }
    // n tee objects of 48 bytes and the result tuple's slots
    vm.check_memory(n as u128 * 56)?;
    let it = vm.get_iter(args[0])?;
    let first = tee_from_iterable(vm, it);
    vm.decref(it);
    let first = first?;
    let mut items = vec![first];
    for _ in 1..n {
        let c = tee_copy_of(vm, first);
        items.push(c);
    }
    Ok(vm.new_tuple(items))
}

// ---- pairwise ----

#[derive(Clone)]
struct Pairwise {
    it: Option<ObjId>,
    old: Option<ObjId>,
}
fields_native!(Pairwise, |_| 32, pairwise_next, [it, old]);

fn pairwise_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = no_keywords(vm, "pairwise", args, kwargs)?;
    positional(vm, "pairwise", a, &[], 1, 1)?;
    let it = vm.get_iter(a[0])?;
    let d = Pairwise {
        it: Some(it),
        old: None,
    };
    Ok(vm.new_native(args[0], Box::new(d), 32))
}

fn pairwise_next(vm: &mut Vm, p: ObjId) -> PyResult<Option<ObjId>> {
    let (it, old) = match vm.native_ref::<Pairwise>(p) {
        Some(x) => (x.it, x.old),
        None => return Ok(None),
    };
    let Some(it) = it else { return Ok(None) };
    let clear = |vm: &mut Vm| {
        let (i, o) = match vm.native_mut::<Pairwise>(p) {
            Some(x) => (x.it.take(), x.old.take()),
            None => (None, None),
        };
        vm.xdecref(i);
        vm.xdecref(o);
    };
    let old = match old {
        Some(o) => o,
        None => match vm.next(it) {
            Ok(Some(o)) => {
                if let Some(x) = vm.native_mut::<Pairwise>(p) {
                    x.old = Some(o);
                }
                o
            }
            Ok(None) => {
                clear(vm);
                return Ok(None);
            }
            Err(e) => {
                clear(vm);
                return Err(e);
            }
        },
    };
    let new = match vm.next(it) {
        Ok(Some(n)) => n,
        Ok(None) => {
            clear(vm);
            return Ok(None);
        }
        Err(e) => {
            clear(vm);
            return Err(e);
        }
    };
    vm.incref(old);
    vm.incref(new);
    let result = vm.new_tuple(vec![old, new]);
    if let Some(x) = vm.native_mut::<Pairwise>(p) {
        x.old = Some(new);
    }
    vm.decref(old);
    Ok(Some(result))
}
