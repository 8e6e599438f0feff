//! `operator` (`Modules/_operator.c`): the operators as functions (`operator.add` is
//! `_operator.add`, a builtin function, and so is `operator.__add__`), and the three callable
//! types `itemgetter`, `attrgetter` and `methodcaller` with their reprs and references.

use std::ops::ControlFlow;

use crate::ast::{BinOp, CmpOp};
use crate::builtins::{func, method, positional, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, call_method, make_type, new, NativeData, Slots, TypeSpec};

macro_rules! binary {
    ($($name:ident = $op:ident, $inplace:expr;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
                positional(vm, stringify!($name).trim_end_matches('_'), args, kwargs, 2, 2)?;
                vm.binary_op(args[0], args[1], BinOp::$op, $inplace)
            }
        )*
    };
}

binary! {
    add = Add, false;
    sub = Sub, false;
    mul = Mult, false;
    matmul = MatMult, false;
    truediv = Div, false;
    floordiv = FloorDiv, false;
    mod_ = Mod, false;
    lshift = LShift, false;
    rshift = RShift, false;
    and_ = BitAnd, false;
    or_ = BitOr, false;
    xor = BitXor, false;
    pow = Pow, false;
    iadd = Add, true;
    isub = Sub, true;
    imul = Mult, true;
    imatmul = MatMult, true;
    itruediv = Div, true;
    ifloordiv = FloorDiv, true;
    imod = Mod, true;
    ilshift = LShift, true;
    irshift = RShift, true;
    iand = BitAnd, true;
    ior = BitOr, true;
    ixor = BitXor, true;
    ipow = Pow, true;
}

macro_rules! compare {
    ($($name:ident = $op:ident;)*) => {
        $(
            fn $name(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
                positional(vm, stringify!($name), args, kwargs, 2, 2)?;
                vm.rich_compare(args[0], args[1], CmpOp::$op)
            }
        )*
    };
}

compare! {
    lt = Lt;
    le = LtE;
    eq = Eq;
    ne = NotEq;
    gt = Gt;
    ge = GtE;
}

static FUNCTIONS: &[BuiltinDef] = &[
    func("abs", abs),
    func("add", add),
    func("and_", and_),
    func("call", call),
    func("concat", concat),
    func("contains", contains),
    func("countOf", count_of),
    func("delitem", delitem),
    func("eq", eq),
    func("floordiv", floordiv),
    func("ge", ge),
    func("getitem", getitem),
    func("gt", gt),
    func("iadd", iadd),
    func("iand", iand),
    func("iconcat", iconcat),
    func("ifloordiv", ifloordiv),
    func("ilshift", ilshift),
    func("imatmul", imatmul),
    func("imod", imod),
    func("imul", imul),
    func("index", index),
    func("indexOf", index_of),
    func("inv", inv),
    func("invert", inv),
    func("ior", ior),
    func("ipow", ipow),
    func("irshift", irshift),
    func("is_", is_),
    func("is_not", is_not),
    func("isub", isub),
    func("itruediv", itruediv),
    func("ixor", ixor),
    func("le", le),
    func("length_hint", length_hint),
    func("lshift", lshift),
    func("lt", lt),
    func("matmul", matmul),
    func("mod", mod_),
    func("mul", mul),
    func("ne", ne),
    func("neg", neg),
    func("not_", not_),
    func("or_", or_),
    func("pos", pos),
    func("pow", pow),
    func("rshift", rshift),
    func("setitem", setitem),
    func("sub", sub),
    func("truediv", truediv),
    func("truth", truth),
    func("xor", xor),
];

/// `operator.__add__` is `operator.add`: the dunder aliases `Lib/operator.py` makes.
const DUNDER_ALIASES: &[(&str, &str)] = &[
    ("__lt__", "lt"),
    ("__le__", "le"),
    ("__eq__", "eq"),
    ("__ne__", "ne"),
    ("__ge__", "ge"),
    ("__gt__", "gt"),
    ("__not__", "not_"),
    ("__abs__", "abs"),
    ("__add__", "add"),
    ("__and__", "and_"),
    ("__floordiv__", "floordiv"),
    ("__index__", "index"),
    ("__inv__", "inv"),
    ("__invert__", "invert"),
    ("__lshift__", "lshift"),
    ("__mod__", "mod"),
    ("__mul__", "mul"),
    ("__matmul__", "matmul"),
    ("__neg__", "neg"),
    ("__or__", "or_"),
    ("__pos__", "pos"),
    ("__pow__", "pow"),
    ("__rshift__", "rshift"),
    ("__sub__", "sub"),
    ("__truediv__", "truediv"),
    ("__xor__", "xor"),
    ("__concat__", "concat"),
    ("__contains__", "contains"),
    ("__delitem__", "delitem"),
    ("__getitem__", "getitem"),
    ("__setitem__", "setitem"),
    ("__iadd__", "iadd"),
    ("__iand__", "iand"),
    ("__iconcat__", "iconcat"),
    ("__ifloordiv__", "ifloordiv"),
    ("__ilshift__", "ilshift"),
    ("__imod__", "imod"),
    ("__imul__", "imul"),
    ("__imatmul__", "imatmul"),
    ("__ior__", "ior"),
    ("__ipow__", "ipow"),
    ("__irshift__", "irshift"),
    ("__isub__", "isub"),
    ("__itruediv__", "itruediv"),
    ("__ixor__", "ixor"),
    ("__call__", "call"),
];

/// The public names (`operator.__all__`).
const ALL: &[&str] = &[
    "abs",
    "add",
    "and_",
    "attrgetter",
    "call",
    "concat",
    "contains",
    "countOf",
    "delitem",
    "eq",
    "floordiv",
    "ge",
    "getitem",
    "gt",
    "iadd",
    "iand",
    "iconcat",
    "ifloordiv",
    "ilshift",
    "imatmul",
    "imod",
    "imul",
    "index",
    "indexOf",
    "inv",
    "invert",
    "ior",
    "ipow",
    "irshift",
    "is_",
    "is_not",
    "isub",
    "itemgetter",
    "itruediv",
    "ixor",
    "le",
    "length_hint",
    "lshift",
    "lt",
    "matmul",
    "methodcaller",
    "mod",
    "mul",
    "ne",
    "neg",
    "not_",
    "or_",
    "pos",
    "pow",
    "rshift",
    "setitem",
    "sub",
    "truediv",
    "truth",
    "xor",
];

static ITEMGETTER: TypeSpec = TypeSpec {
    name: "itemgetter",
    module: "operator",
    methods: &[
        new(itemgetter_new),
        method("__call__", call_method),
        method("__repr__", itemgetter_repr),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static ATTRGETTER: TypeSpec = TypeSpec {
    name: "attrgetter",
    module: "operator",
    methods: &[
        new(attrgetter_new),
        method("__call__", call_method),
        method("__repr__", attrgetter_repr),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static METHODCALLER: TypeSpec = TypeSpec {
    name: "methodcaller",
    module: "operator",
    methods: &[
        new(methodcaller_new),
        method("__call__", call_method),
        method("__repr__", methodcaller_repr),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

/// `_operator`: the functions and the three types.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    for spec in [&ITEMGETTER, &ATTRGETTER, &METHODCALLER] {
        let t = make_type(vm, spec);
        vm.module_set(m, spec.name, t);
        vm.decref(t);
    }
}

/// `operator` (`Lib/operator.py`): everything from `_operator`, the dunder aliases, `__all__`.
pub fn init(vm: &mut Vm, m: ObjId) {
    let names: Vec<&str> = FUNCTIONS
        .iter()
        .map(|d| d.name)
        .chain(["itemgetter", "attrgetter", "methodcaller"])
        .collect();
    vm.module_reexport(m, "_operator", &names);
    for &(alias, target) in DUNDER_ALIASES {
        if let Ok(v) = vm.getattr_str(m, target) {
            vm.module_set(m, alias, v);
            vm.decref(v);
        }
    }
    let all: Vec<ObjId> = ALL.iter().map(|n| vm.new_str(n)).collect();
    let l = vm.new_list(all);
    vm.module_set(m, "__all__", l);
    vm.decref(l);
}

/// `operator.call(obj, /, *args, **kwargs)` (new in 3.11).
fn call(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some((&f, rest)) = args.split_first() else {
        return Err(vm.type_error("call() missing required argument 'obj' (pos 1)"));
    };
    vm.call_object(f, rest, kwargs)
}

fn abs(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "abs", args, kwargs, 1, 1)?;
    vm.number_absolute(args[0])
}

fn neg(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "neg", args, kwargs, 1, 1)?;
    vm.unary_negative(args[0])
}

fn pos(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "pos", args, kwargs, 1, 1)?;
    vm.unary_positive(args[0])
}

fn inv(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "inv", args, kwargs, 1, 1)?;
    vm.unary_invert(args[0])
}

fn not_(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "not_", args, kwargs, 1, 1)?;
    let t = vm.is_true(args[0])?;
    Ok(vm.new_bool(!t))
}

fn truth(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "truth", args, kwargs, 1, 1)?;
    let t = vm.is_true(args[0])?;
    Ok(vm.new_bool(t))
}

fn is_(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "is_", args, kwargs, 2, 2)?;
    Ok(vm.new_bool(args[0] == args[1]))
}

fn is_not(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "is_not", args, kwargs, 2, 2)?;
    Ok(vm.new_bool(args[0] != args[1]))
}

fn index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "index", args, kwargs, 1, 1)?;
    if vm.is_int_like(args[0]) && !matches!(vm.payload(args[0]), Payload::Bool(_)) {
        return Ok(vm.new_ref(args[0]));
    }
    let n = crate::builtins::index_arg(vm, args[0])?;
    Ok(vm.new_bigint(n))
}

/// A sequence for `concat`: has `__getitem__` (`PySequence_Check`).
fn is_sequence(vm: &mut Vm, v: ObjId) -> bool {
    match vm.payload(v) {
        Payload::List(_)
        | Payload::Tuple(_)
        | Payload::Str(_)
        | Payload::Bytes(_)
        | Payload::Range(_) => true,
        Payload::Dict(_) | Payload::Set(_) | Payload::FrozenSet(_) => false,
        _ if vm.is_user_object(v) => {
            let t = vm.type_of(v);
            vm.type_has_attr(t, "__getitem__")
        }
        _ => false,
    }
}

fn concat_impl(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    inplace: bool,
) -> PyResult<ObjId> {
    positional(
        vm,
        if inplace { "iconcat" } else { "concat" },
        args,
        kwargs,
        2,
        2,
    )?;
    if !is_sequence(vm, args[0]) {
        let msg = format!("'{}' object can't be concatenated", vm.type_name(args[0]));
        return Err(vm.type_error(&msg));
    }
    vm.binary_op(args[0], args[1], BinOp::Add, inplace)
}

fn concat(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    concat_impl(vm, args, kwargs, false)
}

fn iconcat(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    concat_impl(vm, args, kwargs, true)
}

fn contains(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "contains", args, kwargs, 2, 2)?;
    let r = vm.contains(args[0], args[1])?;
    Ok(vm.new_bool(r))
}

fn getitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "getitem", args, kwargs, 2, 2)?;
    vm.getitem(args[0], args[1])
}

fn setitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "setitem", args, kwargs, 3, 3)?;
    vm.setitem(args[0], args[1], args[2])?;
    Ok(vm.new_none())
}

fn delitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "delitem", args, kwargs, 2, 2)?;
    vm.delitem(args[0], args[1])?;
    Ok(vm.new_none())
}

/// `_PySequence_IterSearch`: how many items equal `b` (identity first), or its first index.
fn iter_search(vm: &mut Vm, seq: ObjId, item: ObjId, first: bool) -> PyResult<Option<usize>> {
    let mut n = 0usize;
    let mut i = 0usize;
    let found = vm.try_each_item(seq, |vm, v| {
        if vm.compare_bool(v, item, CmpOp::Eq)? {
            if first {
                return Ok(ControlFlow::Break(i));
            }
            n += 1;
        }
        i += 1;
        Ok(ControlFlow::Continue(()))
    })?;
    Ok(if first { found } else { Some(n) })
}

fn count_of(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "countOf", args, kwargs, 2, 2)?;
    let n = iter_search(vm, args[0], args[1], false)?.unwrap_or(0);
    Ok(vm.new_usize(n))
}

fn index_of(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "indexOf", args, kwargs, 2, 2)?;
    match iter_search(vm, args[0], args[1], true)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "sequence.index(x): x not in sequence")),
    }
}

fn length_hint(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "length_hint", args, kwargs, 1, 2)?;
    let default = match args.get(1) {
        Some(&d) => {
            if !vm.is_int_like(d) {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(d)
                );
                return Err(vm.type_error(&msg));
            }
            vm.as_i64(d).unwrap_or(0)
        }
        None => 0,
    };
    let v = args[0];
    if let Some(n) = vm.len_of_builtin(v) {
        return Ok(vm.new_usize(n));
    }
    if vm.is_user_object(v) {
        if let Some(r) = vm.call_dunder(v, "__len__", &[])? {
            return Ok(r);
        }
        if let Some(r) = vm.call_dunder(v, "__length_hint__", &[])? {
            return Ok(r);
        }
    }
    if let Some(n) = vm.length_hint(v) {
        return Ok(vm.new_usize(n));
    }
    Ok(vm.new_int(default))
}

// ---- itemgetter ----

#[derive(Clone)]
struct ItemGetter {
    nitems: usize,
    /// The item, or the tuple of items.
    item: Option<ObjId>,
}

impl NativeData for ItemGetter {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("item", self.item)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.item])
    }
    fn sizeof(&self) -> usize {
        48
    }
    fn slots(&self) -> Slots {
        Slots {
            next: None,
            call: Some(itemgetter_call),
            ..Slots::default()
        }
    }
    native_any!();
}

fn itemgetter_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("itemgetter() takes no keyword arguments"));
    }
    let items = &args[1..];
    if items.is_empty() {
        return Err(vm.type_error("itemgetter expected 1 argument, got 0"));
    }
    let item = if items.len() == 1 {
        vm.new_ref(items[0])
    } else {
        for &i in items {
            vm.incref(i);
        }
        vm.new_tuple(items.to_vec())
    };
    let d = ItemGetter {
        nitems: items.len(),
        item: Some(item),
    };
    Ok(vm.new_native(args[0], Box::new(d), 48))
}

fn itemgetter_call(
    vm: &mut Vm,
    ig: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("itemgetter() takes no keyword arguments"));
    }
    if args.len() != 1 {
        let msg = format!("itemgetter expected 1 argument, got {}", args.len());
        return Err(vm.type_error(&msg));
    }
    let (nitems, item) = match vm.native_ref::<ItemGetter>(ig) {
        Some(x) => (x.nitems, x.item),
        None => return Err(vm.type_error("itemgetter is gone")),
    };
    let Some(item) = item else {
        return Ok(vm.new_none());
    };
    if nitems == 1 {
        return vm.getitem(args[0], item);
    }
    let keys = vm.tuple_items(item);
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        match vm.getitem(args[0], k) {
            Ok(v) => out.push(v),
            Err(e) => {
                for v in out {
                    vm.decref(v);
                }
                return Err(e);
            }
        }
    }
    Ok(vm.new_tuple(out))
}

/// `<name>(args)` with the reprs of the arguments, under the repr guard.
fn callable_repr(
    vm: &mut Vm,
    s: ObjId,
    parts: impl FnOnce(&mut Vm) -> PyResult<String>,
) -> PyResult<ObjId> {
    let name = vm.class_path(vm.type_of(s));
    let text = vm.with_repr_guard(s, &format!("{name}(...)"), |vm| {
        let inner = parts(vm)?;
        Ok(format!("{name}({inner})"))
    })?;
    Ok(vm.new_string(text))
}

fn repr_items(vm: &mut Vm, items: &[ObjId]) -> PyResult<String> {
    let mut parts = Vec::with_capacity(items.len());
    for &i in items {
        parts.push(vm.repr_string(i)?);
    }
    Ok(parts.join(", "))
}

fn itemgetter_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<ItemGetter>(vm, "__repr__", "operator.itemgetter", args)?;
    let (nitems, item) = match vm.native_ref::<ItemGetter>(s) {
        Some(x) => (x.nitems, x.item),
        None => (0, None),
    };
    callable_repr(vm, s, |vm| {
        let items = match item {
            Some(i) if nitems == 1 => vec![i],
            Some(t) => vm.tuple_items(t),
            None => Vec::new(),
        };
        repr_items(vm, &items)
    })
}

// ---- attrgetter ----

#[derive(Clone)]
struct AttrGetter {
    nattrs: usize,
    /// Tuple of names; a dotted name is a tuple of its parts.
    attr: Option<ObjId>,
}

impl NativeData for AttrGetter {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("attr", self.attr)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.attr])
    }
    fn sizeof(&self) -> usize {
        40
    }
    fn slots(&self) -> Slots {
        Slots {
            next: None,
            call: Some(attrgetter_call),
            ..Slots::default()
        }
    }
    native_any!();
}

fn attrgetter_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("attrgetter() takes no keyword arguments"));
    }
    let names = &args[1..];
    if names.is_empty() {
        return Err(vm.type_error("attrgetter expected 1 argument, got 0"));
    }
    let mut attrs = Vec::with_capacity(names.len());
    for &n in names {
        if !matches!(vm.payload(n), Payload::Str(_)) {
            for a in attrs {
                vm.decref(a);
            }
            return Err(vm.type_error("attribute name must be a string"));
        }
        let text = vm.str_of(n).to_string();
        if text.contains('.') {
            let parts: Vec<ObjId> = text.split('.').map(|p| vm.new_interned(p)).collect();
            attrs.push(vm.new_tuple(parts));
        } else {
            vm.incref(n);
            attrs.push(vm.intern(n));
        }
    }
    let attr = vm.new_tuple(attrs);
    let d = AttrGetter {
        nattrs: names.len(),
        attr: Some(attr),
    };
    Ok(vm.new_native(args[0], Box::new(d), 40))
}

fn dotted_getattr(vm: &mut Vm, obj: ObjId, attr: ObjId) -> PyResult<ObjId> {
    if matches!(vm.payload(attr), Payload::Tuple(_)) {
        let parts = vm.tuple_items(attr);
        let mut cur = vm.new_ref(obj);
        for p in parts {
            let next = vm.getattr(cur, p);
            vm.decref(cur);
            cur = next?;
        }
        return Ok(cur);
    }
    vm.getattr(obj, attr)
}

fn attrgetter_call(
    vm: &mut Vm,
    ag: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("attrgetter() takes no keyword arguments"));
    }
    if args.len() != 1 {
        let msg = format!("attrgetter expected 1 argument, got {}", args.len());
        return Err(vm.type_error(&msg));
    }
    let (nattrs, attr) = match vm.native_ref::<AttrGetter>(ag) {
        Some(x) => (x.nattrs, x.attr),
        None => (0, None),
    };
    let Some(attr) = attr else {
        return Ok(vm.new_none());
    };
    let attrs = vm.tuple_items(attr);
    if nattrs == 1 {
        return dotted_getattr(vm, args[0], attrs[0]);
    }
    let mut out = Vec::with_capacity(attrs.len());
    for a in attrs {
        match dotted_getattr(vm, args[0], a) {
            Ok(v) => out.push(v),
            Err(e) => {
                for v in out {
                    vm.decref(v);
                }
                return Err(e);
            }
        }
    }
    Ok(vm.new_tuple(out))
}

fn attrgetter_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<AttrGetter>(vm, "__repr__", "operator.attrgetter", args)?;
    let attr = vm.native_ref::<AttrGetter>(s).and_then(|x| x.attr);
    callable_repr(vm, s, |vm| {
        let attrs = attr.map(|a| vm.tuple_items(a)).unwrap_or_default();
        let mut parts = Vec::new();
        for a in attrs {
            let name = if matches!(vm.payload(a), Payload::Tuple(_)) {
                let ps: Vec<String> = vm
                    .tuple_items(a)
                    .into_iter()
                    .map(|p| vm.str_of(p).to_string())
                    .collect();
                ps.join(".")
            } else {
                vm.str_of(a).to_string()
            };
            parts.push(crate::object::str::str_repr(&name));
        }
        Ok(parts.join(", "))
    })
}

// ---- methodcaller ----

#[derive(Clone)]
struct MethodCaller {
    name: Option<ObjId>,
    args: Option<ObjId>,
    kwds: Option<ObjId>,
}

impl NativeData for MethodCaller {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        for (n, f) in [
            ("name", self.name),
            ("args", self.args),
            ("kwds", self.kwds),
        ] {
            if let Some(x) = f {
                visit(Slot::Field(n), x, true);
            }
        }
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.name, &mut self.args, &mut self.kwds])
    }
    fn sizeof(&self) -> usize {
        40
    }
    fn slots(&self) -> Slots {
        Slots {
            next: None,
            call: Some(methodcaller_call),
            ..Slots::default()
        }
    }
    native_any!();
}

fn methodcaller_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.len() < 2 {
        return Err(vm.type_error("methodcaller needs at least one argument, the method name"));
    }
    let name = args[1];
    if !matches!(vm.payload(name), Payload::Str(_)) {
        return Err(vm.type_error("method name must be a string"));
    }
    vm.incref(name);
    let name = vm.intern(name);
    for &a in &args[2..] {
        vm.incref(a);
    }
    let margs = vm.new_tuple(args[2..].to_vec());
    let kwds = vm.new_dict();
    for &(k, v) in kwargs {
        if let Err(e) = vm.dict_setitem(kwds, k, v) {
            vm.decref(name);
            vm.decref(margs);
            vm.decref(kwds);
            return Err(e);
        }
    }
    let d = MethodCaller {
        name: Some(name),
        args: Some(margs),
        kwds: Some(kwds),
    };
    Ok(vm.new_native(args[0], Box::new(d), 40))
}

fn methodcaller_call(
    vm: &mut Vm,
    mc: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("methodcaller() takes no keyword arguments"));
    }
    if args.len() != 1 {
        let msg = format!("methodcaller expected 1 argument, got {}", args.len());
        return Err(vm.type_error(&msg));
    }
    let (Some(name), Some(margs), Some(kwds)) = (match vm.native_ref::<MethodCaller>(mc) {
        Some(x) => (x.name, x.args, x.kwds),
        None => (None, None, None),
    }) else {
        return Ok(vm.new_none());
    };
    let method = vm.getattr(args[0], name)?;
    let a = vm.tuple_items(margs);
    let kw = vm.dict_pairs(kwds);
    let r = vm.call_object(method, &a, &kw);
    vm.decref(method);
    r
}

fn methodcaller_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<MethodCaller>(vm, "__repr__", "operator.methodcaller", args)?;
    let (name, margs, kwds) = match vm.native_ref::<MethodCaller>(s) {
        Some(x) => (x.name, x.args, x.kwds),
        None => (None, None, None),
    };
    callable_repr(vm, s, |vm| {
        let mut parts = Vec::new();
        if let Some(n) = name {
            parts.push(vm.repr_string(n)?);
        }
        if let Some(a) = margs {
            for x in vm.tuple_items(a) {
                parts.push(vm.repr_string(x)?);
            }
        }
        if let Some(k) = kwds {
            for (key, v) in vm.dict_pairs(k) {
                let vr = vm.repr_string(v)?;
                parts.push(format!("{}={vr}", vm.str_of(key)));
            }
        }
        Ok(parts.join(", "))
    })
}
