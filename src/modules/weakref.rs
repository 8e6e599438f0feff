//! `weakref` (and CPython's `_weakref`): references that do not count.
//!
//! A weak reference names an object without keeping it alive. CPython keeps, in every object
//! whose type allows it (`tp_weaklistoffset`), the head of a doubly linked list of the weak
//! references to it; when the object dies, `PyObject_ClearWeakRefs` walks that list, makes
//! every reference dead and calls the callbacks.
//!
//! ```python
//! class A: pass
//! a = A()
//! r1 = weakref.ref(a)            # the "basic" ref: no callback, shared
//! r2 = weakref.ref(a)            # r2 is r1
//! p = weakref.proxy(a)           # the basic proxy, right after the basic ref
//! r3 = weakref.ref(a, print)     # refs with callbacks go after both, newest first
//! weakref.getweakrefs(a)         # [r1, p, r3]
//! del a                          # r1() is None; print(r3) runs
//! ```
//!
//! The parts, under CPython's names (`Objects/weakrefobject.c`, `Lib/weakref.py`):
//! - the list on the referent: [`get_basic_refs`], `insert_head`/`insert_after` (the list is a
//!   `Vec` in the referent's payload or in the heap's side table, [`crate::heap::Heap::weakrefs`]);
//! - `weakref___new__` ([`new_ref`]) and `PyWeakref_NewProxy` ([`proxy`]), which reuse the basic
//!   ref or proxy when there is no callback;
//! - `PyObject_ClearWeakRefs` ([`Vm::clear_weakrefs`]): basic ref and proxy cleared first, then
//!   the others cleared together and their callbacks called in list order;
//! - the proxy types, which forward every operation to the referent (`UNWRAP`) and raise
//!   `ReferenceError` once it is gone;
//! - the `ref` subclasses of `Lib/weakref.py`: `KeyedRef` (a `key` slot) and `WeakMethod`
//!   (a weak reference to a bound method's `__self__` and, through `_func_ref`, its
//!   `__func__`), kept as builtin types of the model;
//! - the Python half of `Lib/weakref.py` (`WeakValueDictionary`, `WeakKeyDictionary`,
//!   `WeakSet`, `finalize`), written for the model in Python and run when the module is built.

use crate::ast::BinOp;
use crate::builtins::{check_count, func, method, BuiltinDef};
use crate::object::{BuiltinFn, BuiltinType, ObjId, Payload, WeakRefExtra, WeakRefObj};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyErr, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getweakrefcount", getweakrefcount),
    func("getweakrefs", getweakrefs),
    func("proxy", proxy),
    func("_remove_dead_weakref", remove_dead_weakref),
];

/// `_weakref`, the C half: the functions and the reference types.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    for (name, bt) in [
        ("ref", BuiltinType::WeakRef),
        ("ReferenceType", BuiltinType::WeakRef),
        ("ProxyType", BuiltinType::ProxyType),
        ("CallableProxyType", BuiltinType::CallableProxyType),
    ] {
        let t = vm.ty(bt);
        vm.module_set(m, name, t);
    }
}

/// `weakref`: `_weakref`'s names (the same objects), the `ref` subclasses, `ProxyTypes`;
/// then [`SOURCE`] (which imports `WeakSet` from `_weakrefset`).
pub fn init(vm: &mut Vm, m: ObjId) {
    let names: Vec<&str> = FUNCTIONS
        .iter()
        .map(|d| d.name)
        .chain(["ref", "ReferenceType", "ProxyType", "CallableProxyType"])
        .collect();
    vm.module_reexport(m, "_weakref", &names);
    for (name, bt) in [
        ("KeyedRef", BuiltinType::KeyedRef),
        ("WeakMethod", BuiltinType::WeakMethod),
    ] {
        let t = vm.ty(bt);
        vm.module_set(m, name, t);
    }
    let p = vm.ty(BuiltinType::ProxyType);
    let c = vm.ty(BuiltinType::CallableProxyType);
    vm.incref(p);
    vm.incref(c);
    let types = vm.new_tuple(vec![p, c]);
    vm.module_set(m, "ProxyTypes", types);
    vm.decref(types);
}

/// The Python half of the module, as `Lib/weakref.py` and `Lib/_weakrefset.py` have it (our
/// own code, with the same behaviour). CPython's `finalize` numbers its instances with
/// `itertools.count()`; a class counter does the same here.
pub const SOURCE: &str = r#"
import sys
from _weakrefset import WeakSet, _IterationGuard

class WeakValueDictionary:
    #@line 104
    def __init__(self, other=(), /, **kw):
        def remove(wr, selfref=ref(self), _atomic_removal=_remove_dead_weakref):
            self = selfref()
            if self is not None:
                if self._iterating:
                    self._pending_removals.append(wr.key)
                else:
                    _atomic_removal(self.data, wr.key)
        self._remove = remove
        self._pending_removals = []
        self._iterating = set()
        self.data = {}
        self.update(other, **kw)

    #@line 121
    def _commit_removals(self, _atomic_removal=_remove_dead_weakref):
        pop = self._pending_removals.pop
        d = self.data
        while True:
            try:
                key = pop()
            except IndexError:
                return
            _atomic_removal(d, key)

    #@line 133
    def __getitem__(self, key):
        if self._pending_removals:
            self._commit_removals()
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    #@line 142
    def __delitem__(self, key):
        if self._pending_removals:
            self._commit_removals()
        del self.data[key]

    def __len__(self):
        if self._pending_removals:
            self._commit_removals()
        return len(self.data)

    def __contains__(self, key):
        if self._pending_removals:
            self._commit_removals()
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        if self._pending_removals:
            self._commit_removals()
        self.data[key] = KeyedRef(value, self._remove, key)

    def copy(self):
        if self._pending_removals:
            self._commit_removals()
        new = WeakValueDictionary()
        with _IterationGuard(self):
            for key, wr in self.data.items():
                o = wr()
                if o is not None:
                    new[key] = o
        return new

    __copy__ = copy

    def __deepcopy__(self, memo):
        from copy import deepcopy
        if self._pending_removals:
            self._commit_removals()
        new = self.__class__()
        with _IterationGuard(self):
            for key, wr in self.data.items():
                o = wr()
                if o is not None:
                    new[deepcopy(key, memo)] = o
        return new

    def get(self, key, default=None):
        if self._pending_removals:
            self._commit_removals()
        try:
            wr = self.data[key]
        except KeyError:
            return default
        o = wr()
        if o is None:
            return default
        return o

    #@line 209
    def items(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for k, wr in self.data.items():
                v = wr()
                if v is not None:
                    yield k, v

    def keys(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for k, wr in self.data.items():
                if wr() is not None:
                    yield k

    __iter__ = keys

    def itervaluerefs(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            yield from self.data.values()

    #@line 243
    def values(self):
        if self._pending_removals:
            self._commit_removals()
        with _IterationGuard(self):
            for wr in self.data.values():
                obj = wr()
                if obj is not None:
                    yield obj

    def popitem(self):
        if self._pending_removals:
            self._commit_removals()
        while True:
            key, wr = self.data.popitem()
            o = wr()
            if o is not None:
                return key, o

    def pop(self, key, *args):
        if self._pending_removals:
            self._commit_removals()
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            raise KeyError(key)
        return o

    #@line 276
    def setdefault(self, key, default=None):
        try:
            o = self.data[key]()
        except KeyError:
            o = None
        if o is None:
            if self._pending_removals:
                self._commit_removals()
            self.data[key] = KeyedRef(default, self._remove, key)
            return default
        return o

    #@line 289
    def update(self, other=None, /, **kwargs):
        if self._pending_removals:
            self._commit_removals()
        d = self.data
        if other is not None:
            if not hasattr(other, "items"):
                other = dict(other)
            for key, o in other.items():
                d[key] = KeyedRef(o, self._remove, key)
        for key, o in kwargs.items():
            d[key] = KeyedRef(o, self._remove, key)

    def valuerefs(self):
        if self._pending_removals:
            self._commit_removals()
        return list(self.data.values())

    def clear(self):
        if self._pending_removals:
            self._commit_removals()
        self.data.clear()

    def __eq__(self, other):
        if not hasattr(other, 'items'):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        if hasattr(other, 'items'):
            c = self.copy()
            c.update(other)
            return c
        return NotImplemented


class WeakKeyDictionary:
    #@line 367
    def __init__(self, dict=None):
        self.data = {}
        def remove(k, selfref=ref(self)):
            self = selfref()
            if self is not None:
                if self._iterating:
                    self._pending_removals.append(k)
                else:
                    try:
                        del self.data[k]
                    except KeyError:
                        pass
        self._remove = remove
        self._pending_removals = []
        self._iterating = set()
        self._dirty_len = False
        if dict is not None:
            self.update(dict)

    #@line 387
    def _commit_removals(self):
        pop = self._pending_removals.pop
        d = self.data
        while True:
            try:
                key = pop()
            except IndexError:
                return
            try:
                del d[key]
            except KeyError:
                pass

    #@line 405
    def _scrub_removals(self):
        d = self.data
        self._pending_removals = [k for k in self._pending_removals if k in d]
        self._dirty_len = False

    def __delitem__(self, key):
        self._dirty_len = True
        del self.data[ref(key)]

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __len__(self):
        if self._dirty_len and self._pending_removals:
            self._scrub_removals()
        return len(self.data) - len(self._pending_removals)

    #@line 424
    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def copy(self):
        new = WeakKeyDictionary()
        with _IterationGuard(self):
            for key, value in self.data.items():
                o = key()
                if o is not None:
                    new[o] = value
        return new

    __copy__ = copy

    def __deepcopy__(self, memo):
        from copy import deepcopy
        new = self.__class__()
        with _IterationGuard(self):
            for key, value in self.data.items():
                o = key()
                if o is not None:
                    new[o] = deepcopy(value, memo)
        return new

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def items(self):
        with _IterationGuard(self):
            for wr, value in self.data.items():
                key = wr()
                if key is not None:
                    yield key, value

    def keys(self):
        with _IterationGuard(self):
            for wr in self.data:
                obj = wr()
                if obj is not None:
                    yield obj

    __iter__ = keys

    def values(self):
        with _IterationGuard(self):
            for wr, value in self.data.items():
                if wr() is not None:
                    yield value

    def keyrefs(self):
        return list(self.data)

    #@line 495
    def popitem(self):
        self._dirty_len = True
        while True:
            key, value = self.data.popitem()
            o = key()
            if o is not None:
                return o, value

    def pop(self, key, *args):
        self._dirty_len = True
        return self.data.pop(ref(key), *args)

    def setdefault(self, key, default=None):
        return self.data.setdefault(ref(key, self._remove), default)

    def update(self, dict=None, /, **kwargs):
        d = self.data
        if dict is not None:
            if not hasattr(dict, "items"):
                dict = type({})(dict)
            for key, value in dict.items():
                d[ref(key, self._remove)] = value
        if len(kwargs):
            self.update(kwargs)

    def clear(self):
        self.data.clear()
        self._pending_removals = []

    def __eq__(self, other):
        if not hasattr(other, 'items'):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __ior__(self, other):
        self.update(other)
        return self

    def __or__(self, other):
        if hasattr(other, 'items'):
            c = self.copy()
            c.update(other)
            return c
        return NotImplemented


class finalize:
    __slots__ = ()
    _registry = {}
    _shutdown = False
    _index_next = 0
    _dirty = False
    _registered_with_atexit = False

    class _Info:
        __slots__ = ("weakref", "func", "args", "kwargs", "atexit", "index")

    def __init__(self, obj, func, /, *args, **kwargs):
        if not self._registered_with_atexit:
            import atexit
            atexit.register(self._exitfunc)
            finalize._registered_with_atexit = True
        info = self._Info()
        info.weakref = ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        info.index = finalize._index_next
        finalize._index_next += 1
        self._registry[self] = info
        finalize._dirty = True

    def __call__(self, _=None):
        info = self._registry.pop(self, None)
        if info and not self._shutdown:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and self._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        return self in self._registry

    @property
    def atexit(self):
        info = self._registry.get(self)
        return bool(info) and info.atexit

    @atexit.setter
    def atexit(self, value):
        info = self._registry.get(self)
        if info:
            info.atexit = bool(value)

    def __repr__(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is None:
            return '<%s object at %#x; dead>' % (type(self).__name__, id(self))
        return '<%s object at %#x; for %r at %#x>' % \
            (type(self).__name__, id(self), type(obj).__name__, id(obj))

    @classmethod
    def _select_for_exit(cls):
        # the live finalizers marked for exit, oldest first
        L = [(f, i) for (f, i) in cls._registry.items() if i.atexit]
        L.sort(key=lambda item: item[1].index)
        return [f for (f, i) in L]

    @classmethod
    def _exitfunc(cls):
        # at exit, the remaining finalizers run newest first, with the collector off
        reenable_gc = False
        try:
            if cls._registry:
                import gc
                if gc.isenabled():
                    reenable_gc = True
                    gc.disable()
                pending = None
                while True:
                    if pending is None or finalize._dirty:
                        pending = cls._select_for_exit()
                        finalize._dirty = False
                    if not pending:
                        break
                    f = pending.pop()
                    try:
                        f()
                    except Exception:
                        sys.excepthook(*sys.exc_info())
                    assert f not in cls._registry
        finally:
            finalize._shutdown = True
            if reenable_gc:
                gc.enable()
"#;

// ---- which objects take weak references, and their lists ----

/// `_PyType_SUPPORTS_WEAKREFS`: does the object's type have a weak reference list?
pub fn supports_weakrefs(vm: &Vm, obj: ObjId) -> bool {
    if vm.heap.get(obj).ext().is_some() {
        // a class over a builtin: what the class's layout says (`__weakref__` added or inherited)
        return matches!(vm.payload(vm.type_of(obj)), Payload::Type(t) if t.weakrefable);
    }
    match vm.payload(obj) {
        Payload::Instance(_) | Payload::Exception(_) => {
            vm.is_heap_type(vm.type_of(obj))
                && matches!(vm.payload(vm.type_of(obj)), Payload::Type(t) if t.weakrefable)
        }
        Payload::Type(_)
        | Payload::Function(_)
        | Payload::Set(_)
        | Payload::FrozenSet(_)
        | Payload::Module(_)
        | Payload::Method { .. }
        | Payload::Code(_)
        | Payload::Generator(_)
        | Payload::Builtin(_) => true,
        Payload::Native(n) => n.weakrefs().is_some(),
        // WeakMethod has a `__weakref__` slot (KeyedRef and plain refs have none)
        Payload::WeakRef(_) => vm.builtin_type_of(obj) == Some(BuiltinType::WeakMethod),
        _ => false,
    }
}

fn is_exact(vm: &Vm, wr: ObjId, bt: BuiltinType) -> bool {
    vm.builtin_type_of(wr) == Some(bt)
}

fn has_callback(vm: &Vm, wr: ObjId) -> bool {
    matches!(vm.payload(wr), Payload::WeakRef(w) if w.callback.is_some())
}

/// Is `o` a `weakref.ProxyType` or `CallableProxyType` object?
pub fn is_proxy(vm: &Vm, o: ObjId) -> bool {
    matches!(vm.payload(o), Payload::WeakRef(_))
        && matches!(
            vm.builtin_type_of(o),
            Some(BuiltinType::ProxyType | BuiltinType::CallableProxyType)
        )
}

/// `get_basic_refs`: the shared callback-less ref (first in the list) and proxy (right after
/// it, or first).
fn get_basic_refs(vm: &Vm, obj: ObjId) -> (Option<ObjId>, Option<ObjId>) {
    let list = vm.heap.weakrefs(obj);
    let mut i = 0;
    let mut basic_ref = None;
    let mut basic_proxy = None;
    if let Some(&head) = list.first() {
        if !has_callback(vm, head) {
            if is_exact(vm, head, BuiltinType::WeakRef) {
                basic_ref = Some(head);
                i = 1;
            }
            if let Some(&next) = list.get(i) {
                if !has_callback(vm, next) && is_proxy(vm, next) {
                    basic_proxy = Some(next);
                }
            }
        }
    }
    (basic_ref, basic_proxy)
}

/// `insert_head` / `insert_after(prev)`.
fn link(vm: &mut Vm, obj: ObjId, wr: ObjId, after: Option<ObjId>) {
    let list = vm.heap.weakrefs_mut(obj);
    let at = after
        .and_then(|p| list.iter().position(|&w| w == p))
        .map_or(0, |i| i + 1);
    list.insert(at, wr);
}

/// A new weak reference object of type `ty` to `obj` (not yet linked).
fn alloc_weakref(
    vm: &mut Vm,
    ty: ObjId,
    obj: ObjId,
    callback: Option<ObjId>,
    extra: WeakRefExtra,
) -> ObjId {
    if let Some(c) = callback {
        vm.incref(c);
    }
    let payload = Payload::WeakRef(Box::new(WeakRefObj {
        referent: Some(obj),
        callback,
        hash: None,
        extra,
    }));
    // a class over `ref` (`class R(ref)`): `PyType_GenericAlloc` adds its slots and the
    // managed dict's pre-header
    vm.alloc_native_instance(ty, payload, Layout::gc(64), false, false)
}

fn cannot_weakref(vm: &mut Vm, obj: ObjId) -> PyErr {
    let msg = format!(
        "cannot create weak reference to '{}' object",
        vm.type_name(obj)
    );
    vm.type_error(&msg)
}

/// `weakref___new__` for `ref` and its subclasses: a new reference, or the existing basic ref
/// when a plain `ref` without a callback is asked for.
fn weakref_new(
    vm: &mut Vm,
    ty: ObjId,
    obj: ObjId,
    callback: Option<ObjId>,
    extra: WeakRefExtra,
) -> PyResult<ObjId> {
    let callback = callback.filter(|&c| c != vm.none());
    if !supports_weakrefs(vm, obj) {
        for r in extra.refs() {
            vm.decref(r);
        }
        return Err(cannot_weakref(vm, obj));
    }
    let plain = ty == vm.ty(BuiltinType::WeakRef);
    if callback.is_none() && plain {
        if let (Some(r), _) = get_basic_refs(vm, obj) {
            return Ok(vm.new_ref(r));
        }
    }
    let wr = alloc_weakref(vm, ty, obj, callback, extra);
    if !vm.heap.is_live(obj) {
        return Ok(wr);
    }
    if callback.is_none() && plain {
        link(vm, obj, wr, None);
    } else {
        let (r, p) = get_basic_refs(vm, obj);
        link(vm, obj, wr, p.or(r));
    }
    Ok(wr)
}

/// `weakref.ref(obj, callback=None)` (also reached as `weakref.ReferenceType(...)`).
pub fn new_ref(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    if !kwargs.is_empty() {
        return Err(vm.type_error("ref() takes no keyword arguments"));
    }
    check_count(vm, "__new__", args, 1, 2)?;
    weakref_new(vm, ty, args[0], args.get(1).copied(), WeakRefExtra::None)
}

/// `KeyedRef(ob, callback, key)`.
pub fn new_keyed_ref(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let a =
        crate::builtins::parse_args(vm, "__new__", args, kwargs, &["ob", "callback", "key"], 3)?;
    let (ob, callback, key) = (a[0], a[1], a[2]);
    let (Some(ob), Some(key)) = (ob, key) else {
        return Err(vm.type_error("KeyedRef() needs an object, a callback and a key"));
    };
    vm.incref(key);
    weakref_new(vm, ty, ob, callback, WeakRefExtra::Key(key))
}

/// `WeakMethod(meth, callback=None)`: a weak reference to `meth.__self__` whose `_func_ref`
/// watches `meth.__func__`; both share the callback `_cb`, which marks the WeakMethod dead (and
/// calls the user's callback) the first time either object dies.
pub fn new_weak_method(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    let a = crate::builtins::parse_args(vm, "WeakMethod", args, kwargs, &["meth", "callback"], 1)?;
    let meth = a[0].unwrap_or(vm.none());
    let callback = a[1].unwrap_or(vm.none());
    let parts = match vm.lookup_attr(meth, "__self__")? {
        Some(obj) => match vm.lookup_attr(meth, "__func__") {
            Ok(Some(f)) => Some((obj, f)),
            Ok(None) => {
                vm.decref(obj);
                None
            }
            Err(e) => {
                vm.decref(obj);
                return Err(e);
            }
        },
        None => None,
    };
    let Some((obj, function)) = parts else {
        let t = vm.type_of(meth);
        let tr = vm.repr_string(t)?;
        let msg = format!("argument should be a bound method, not {tr}");
        return Err(vm.type_error(&msg));
    };
    // the closure of `_cb`: [self_wr, callback]; self_wr is filled in below
    let none = vm.new_none();
    vm.incref(callback);
    let state = vm.new_list(vec![none, callback]);
    let bf_t = vm.ty(BuiltinType::BuiltinFunction);
    let cb = vm.alloc(
        bf_t,
        Payload::Builtin(Box::new(BuiltinFn {
            func: crate::builtins::Builtin(&WEAKMETHOD_CB),
            self_: Some(state),
        })),
        Layout::gc(56),
    );
    let r = (|| {
        let wr_t = vm.ty(BuiltinType::WeakRef);
        let func_ref = weakref_new(vm, wr_t, function, Some(cb), WeakRefExtra::None)?;
        let meth_type = vm.type_of(meth);
        vm.incref(meth_type);
        let this = weakref_new(
            vm,
            ty,
            obj,
            Some(cb),
            WeakRefExtra::Method {
                func_ref,
                meth_type,
                alive: true,
            },
        )?;
        let self_wr = weakref_new(vm, wr_t, this, None, WeakRefExtra::None);
        match self_wr {
            Ok(s) => {
                let old = match vm.heap.payload_mut(state) {
                    Payload::List(l) => std::mem::replace(&mut l.items[0], s),
                    _ => s,
                };
                vm.decref(old);
                Ok(this)
            }
            Err(e) => {
                vm.decref(this);
                Err(e)
            }
        }
    })();
    vm.decref(cb);
    vm.decref(obj);
    vm.decref(function);
    r
}

static WEAKMETHOD_CB: BuiltinDef = method("_cb", weakmethod_cb);

/// `WeakMethod.__new__.<locals>._cb(arg)`: the first death marks the WeakMethod dead and calls
/// the user's callback with it. `_cb` is a Python function in `Lib/weakref.py`: its frame
/// holds a reference of its own to `arg` (the weak reference that died) while it runs.
fn weakmethod_cb(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let arg = args.get(1).copied();
    if let Some(a) = arg {
        vm.incref(a);
    }
    let r = weakmethod_cb_body(vm, args, kwargs);
    if let Some(a) = arg {
        vm.decref(a);
    }
    r
}

fn weakmethod_cb_body(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (self_wr, callback) = match args.first().map(|&s| vm.payload(s)) {
        Some(Payload::List(l)) if l.items.len() == 2 => (l.items[0], l.items[1]),
        _ => return Ok(vm.new_none()),
    };
    let this = match vm.payload(self_wr) {
        Payload::WeakRef(w) => w.referent,
        _ => None,
    };
    let Some(this) = this else {
        return Err(vm.new_exception(
            ExcKind::AttributeError,
            "'NoneType' object has no attribute '_alive'",
        ));
    };
    let was_alive = match vm.heap.payload_mut(this) {
        Payload::WeakRef(w) => match &mut w.extra {
            WeakRefExtra::Method { alive, .. } => std::mem::replace(alive, false),
            _ => false,
        },
        _ => false,
    };
    if was_alive && callback != vm.none() {
        vm.incref(this);
        vm.incref(callback);
        let r = vm.call_object(callback, &[this], &[]);
        vm.decref(callback);
        vm.decref(this);
        vm.decref(r?);
    }
    Ok(vm.new_none())
}

/// `weakref.proxy(obj, callback=None)` (`PyWeakref_NewProxy`).
fn proxy(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::no_kwargs(vm, "proxy", kwargs)?;
    check_count(vm, "proxy", args, 1, 2)?;
    let obj = args[0];
    let callback = args.get(1).copied().filter(|&c| c != vm.none());
    if !supports_weakrefs(vm, obj) {
        return Err(cannot_weakref(vm, obj));
    }
    if callback.is_none() {
        if let (_, Some(p)) = get_basic_refs(vm, obj) {
            return Ok(vm.new_ref(p));
        }
    }
    let bt = if vm.is_callable(obj) {
        BuiltinType::CallableProxyType
    } else {
        BuiltinType::ProxyType
    };
    let ty = vm.ty(bt);
    let wr = alloc_weakref(vm, ty, obj, callback, WeakRefExtra::None);
    let (r, p) = get_basic_refs(vm, obj);
    let prev = if callback.is_none() { r } else { p.or(r) };
    link(vm, obj, wr, prev);
    Ok(wr)
}

fn getweakrefcount(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getweakrefcount", args, 1, 1)?;
    let n = vm.heap.weakrefs(args[0]).len();
    Ok(vm.new_usize(n))
}

fn getweakrefs(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getweakrefs", args, 1, 1)?;
    let refs = vm.heap.weakrefs(args[0]).to_vec();
    for &r in &refs {
        vm.incref(r);
    }
    Ok(vm.new_list(refs))
}

/// `_remove_dead_weakref(dict, key)`: delete `dict[key]` if it is a dead weak reference.
fn remove_dead_weakref(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "_remove_dead_weakref", args, 2, 2)?;
    let (d, key) = (args[0], args[1]);
    if !matches!(vm.payload(d), Payload::Dict(_)) {
        return Err(vm.type_error("_remove_dead_weakref() argument 1 must be dict"));
    }
    if let Some(v) = vm.dict_get(d, key)? {
        let dead = matches!(vm.payload(v), Payload::WeakRef(w) if w.referent.is_none());
        if dead {
            vm.dict_delitem(d, key)?;
        }
    }
    Ok(vm.new_none())
}

// ---- the operations of weak reference objects ----

/// The referent of a weak reference while it lives (borrowed).
pub fn referent(vm: &Vm, wr: ObjId) -> Option<ObjId> {
    match vm.payload(wr) {
        Payload::WeakRef(w) => w.referent,
        _ => None,
    }
}

/// `UNWRAP`: a proxy stands for its referent (borrowed); a dead proxy is a `ReferenceError`.
fn unwrap(vm: &mut Vm, o: ObjId) -> PyResult<ObjId> {
    if !is_proxy(vm, o) {
        return Ok(o);
    }
    match referent(vm, o) {
        Some(r) => Ok(r),
        None => Err(vm.new_exception(
            ExcKind::ReferenceError,
            "weakly-referenced object no longer exists",
        )),
    }
}

/// Calling a weak reference: `ref()` gives the referent or None, a `WeakMethod` a new bound
/// method, a callable proxy calls its referent.
pub fn call(vm: &mut Vm, wr: ObjId, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if is_proxy(vm, wr) {
        let target = unwrap(vm, wr)?;
        vm.incref(target);
        let r = vm.call_object(target, args, kwargs);
        vm.decref(target);
        return r;
    }
    if !args.is_empty() || !kwargs.is_empty() {
        let msg = format!(
            "__call__() takes exactly 0 positional arguments ({} given)",
            args.len()
        );
        return Err(vm.type_error(&msg));
    }
    let (obj, method) = match vm.payload(wr) {
        Payload::WeakRef(w) => (
            w.referent,
            match &w.extra {
                WeakRefExtra::Method {
                    func_ref,
                    meth_type,
                    ..
                } => Some((*func_ref, *meth_type)),
                _ => None,
            },
        ),
        _ => (None, None),
    };
    match (obj, method) {
        (None, _) => Ok(vm.new_none()),
        (Some(o), None) => Ok(vm.new_ref(o)),
        (Some(o), Some((func_ref, meth_type))) => match referent(vm, func_ref) {
            None => Ok(vm.new_none()),
            Some(f) if meth_type == vm.ty(BuiltinType::Method) => Ok(vm.new_method(f, o)),
            Some(f) => {
                vm.incref(meth_type);
                let r = vm.call_object(meth_type, &[f, o], &[]);
                vm.decref(meth_type);
                r
            }
        },
    }
}

/// `weakref_hash`: the referent's hash, computed once and kept; a proxy is unhashable.
pub fn hash(vm: &mut Vm, wr: ObjId) -> PyResult<i64> {
    if is_proxy(vm, wr) {
        let msg = format!("unhashable type: '{}'", vm.type_name(wr));
        return Err(vm.type_error(&msg));
    }
    let (cached, obj) = match vm.payload(wr) {
        Payload::WeakRef(w) => (w.hash, w.referent),
        _ => (None, None),
    };
    if let Some(h) = cached {
        return Ok(h);
    }
    let Some(obj) = obj else {
        return Err(vm.type_error("weak object has gone away"));
    };
    vm.incref(obj);
    let h = vm.hash(obj);
    vm.decref(obj);
    let h = h?;
    if let Payload::WeakRef(w) = vm.heap.payload_mut(wr) {
        w.hash = Some(h);
    }
    Ok(h)
}

/// `weakref_richcompare` (and `WeakMethod.__eq__`/`__ne__`): equality of the referents while
/// both live, identity once either is dead; None when the comparison is not a weak reference's
/// (orderings, or another kind of object).
pub fn richcompare(
    vm: &mut Vm,
    a: ObjId,
    b: ObjId,
    op: crate::ast::CmpOp,
) -> Option<PyResult<bool>> {
    use crate::ast::CmpOp;
    if !matches!(op, CmpOp::Eq | CmpOp::NotEq) {
        return None;
    }
    let is_ref = |vm: &Vm, o| matches!(vm.payload(o), Payload::WeakRef(_)) && !is_proxy(vm, o);
    if !is_ref(vm, a) || !is_ref(vm, b) {
        return None;
    }
    let ne = op == CmpOp::NotEq;
    let method = |vm: &Vm, o| match vm.payload(o) {
        Payload::WeakRef(w) => match &w.extra {
            WeakRefExtra::Method {
                alive, func_ref, ..
            } => Some((*alive, *func_ref)),
            _ => None,
        },
        _ => None,
    };
    // WeakMethod.__eq__/__ne__ when both sides are WeakMethods; otherwise ref's comparison
    if let (Some((alive_a, fa)), Some((alive_b, fb))) = (method(vm, a), method(vm, b)) {
        if !alive_a || !alive_b {
            return Some(Ok((a == b) != ne));
        }
        let r = ref_eq(vm, a, b).and_then(|objs| {
            if !objs {
                return Ok(false);
            }
            ref_eq(vm, fa, fb)
        });
        return Some(r.map(|eq| eq != ne));
    }
    Some(ref_eq(vm, a, b).map(|eq| eq != ne))
}

/// `weakref_richcompare` for `==`: the referents' equality, or identity once one is dead.
fn ref_eq(vm: &mut Vm, a: ObjId, b: ObjId) -> PyResult<bool> {
    Ok(compare_referents(vm, a, b)?.unwrap_or(a == b))
}

/// `referent(a) == referent(b)` while both live; None when either is dead.
fn compare_referents(vm: &mut Vm, a: ObjId, b: ObjId) -> PyResult<Option<bool>> {
    let (Some(x), Some(y)) = (referent(vm, a), referent(vm, b)) else {
        return Ok(None);
    };
    vm.incref(x);
    vm.incref(y);
    let r = vm.eq(x, y);
    vm.decref(x);
    vm.decref(y);
    r.map(Some)
}

/// `repr()` of weak references and proxies (`weakref_repr`, `proxy_repr`).
pub fn repr(vm: &mut Vm, wr: ObjId) -> PyResult<String> {
    let me = vm.addr_hex(wr);
    let obj = referent(vm, wr);
    if is_proxy(vm, wr) {
        // proxy_repr does not check for a dead referent: it names None then
        let o = obj.unwrap_or(vm.none());
        return Ok(format!(
            "<weakproxy at {me} to {} at {}>",
            vm.type_name(o),
            vm.addr_hex(o)
        ));
    }
    let Some(o) = obj else {
        return Ok(format!("<weakref at {me}; dead>"));
    };
    vm.incref(o);
    let name = vm.lookup_attr(o, "__name__");
    let head = format!(
        "<weakref at {me}; to '{}' at {}",
        vm.type_name(o),
        vm.addr_hex(o)
    );
    vm.decref(o);
    let name = name?;
    let text = match name {
        Some(n) => {
            let s = match vm.payload(n) {
                Payload::Str(s) => Some(s.value.to_string()),
                _ => None,
            };
            vm.decref(n);
            s
        }
        None => None,
    };
    Ok(match text {
        Some(t) => format!("{head} ({t})>"),
        None => format!("{head}>"),
    })
}

/// Attributes of weak reference objects: `__callback__`, KeyedRef's `key`, WeakMethod's
/// slots. Ok(None) when `name` is none of them.
pub fn getattr(vm: &mut Vm, wr: ObjId, name: &str) -> PyResult<Option<ObjId>> {
    let v = match vm.payload(wr) {
        Payload::WeakRef(w) => match (name, &w.extra) {
            ("__callback__", _) => Some(w.callback.unwrap_or(vm.none())),
            ("key", WeakRefExtra::Key(k)) => Some(*k),
            ("_func_ref", WeakRefExtra::Method { func_ref, .. }) => Some(*func_ref),
            ("_meth_type", WeakRefExtra::Method { meth_type, .. }) => Some(*meth_type),
            ("_alive", WeakRefExtra::Method { alive, .. }) => {
                let a = *alive;
                return Ok(Some(vm.new_bool(a)));
            }
            _ => None,
        },
        _ => None,
    };
    Ok(v.map(|v| vm.new_ref(v)))
}

/// `setattr` on a weak reference: a proxy forwards it; `key` and WeakMethod's slots can be
/// set; anything else is an AttributeError, as for any object without a `__dict__`.
pub fn setattr(vm: &mut Vm, wr: ObjId, name: ObjId, value: Option<ObjId>) -> PyResult<()> {
    if is_proxy(vm, wr) {
        let target = unwrap(vm, wr)?;
        vm.incref(target);
        let r = vm.setattr(target, name, value);
        vm.decref(target);
        return r;
    }
    let text = vm.str_of(name).to_string();
    let none = vm.none();
    let slot_ok = match vm.payload(wr) {
        Payload::WeakRef(w) => matches!(
            (text.as_str(), &w.extra),
            ("key", WeakRefExtra::Key(_))
                | (
                    "_func_ref" | "_meth_type" | "_alive",
                    WeakRefExtra::Method { .. }
                )
        ),
        _ => false,
    };
    if text == "__callback__" {
        let msg = format!(
            "readonly attribute '__callback__' of '{}' objects is not writable",
            vm.type_name(wr)
        );
        return Err(vm.new_exception(ExcKind::AttributeError, &msg));
    }
    if !slot_ok {
        // a class over `ref`: its slots and dict (`PyObject_GenericSetAttr`)
        if vm.is_heap_type(vm.type_of(wr)) {
            return vm.generic_setattr(wr, name, value);
        }
        return Err(vm.attribute_error(wr, name));
    }
    let Some(v) = value else {
        let msg = format!("cannot delete the '{text}' slot of a weak reference in refscope");
        return Err(vm.unsupported(&msg));
    };
    if text == "_alive" {
        let b = vm.is_true(v)?;
        if let Payload::WeakRef(w) = vm.heap.payload_mut(wr) {
            if let WeakRefExtra::Method { alive, .. } = &mut w.extra {
                *alive = b;
            }
        }
        return Ok(());
    }
    vm.incref(v);
    let old = match vm.heap.payload_mut(wr) {
        Payload::WeakRef(w) => match (text.as_str(), &mut w.extra) {
            ("key", WeakRefExtra::Key(k)) => Some(std::mem::replace(k, v)),
            ("_func_ref", WeakRefExtra::Method { func_ref, .. }) => {
                Some(std::mem::replace(func_ref, v))
            }
            ("_meth_type", WeakRefExtra::Method { meth_type, .. }) => {
                Some(std::mem::replace(meth_type, v))
            }
            _ => None,
        },
        _ => None,
    };
    let _ = none;
    match old {
        Some(o) => vm.decref(o),
        None => vm.decref(v),
    }
    Ok(())
}

/// Attribute lookup on a proxy: everything is the referent's (`proxy_getattr`), even
/// `__class__`, which is how `isinstance(p, A)` holds.
pub fn proxy_getattr(vm: &mut Vm, p: ObjId, name: ObjId) -> PyResult<ObjId> {
    let target = unwrap(vm, p)?;
    vm.incref(target);
    let r = vm.getattr(target, name);
    vm.decref(target);
    r
}

// ---- the proxy types' slots: each unwraps its operands and runs the generic operation ----

fn arg(vm: &mut Vm, args: &[ObjId], i: usize, name: &str) -> PyResult<ObjId> {
    match args.get(i) {
        Some(&a) => Ok(a),
        None => {
            let msg = format!("expected {i} argument(s) for {name}");
            Err(vm.type_error(&msg))
        }
    }
}

/// Run `f` on the unwrapped operands, holding a reference to each while it runs
/// (`WRAP_BINARY`'s `Py_INCREF`s).
fn with_unwrapped(
    vm: &mut Vm,
    operands: &[ObjId],
    f: impl FnOnce(&mut Vm, &[ObjId]) -> PyResult<ObjId>,
) -> PyResult<ObjId> {
    let mut held = Vec::with_capacity(operands.len());
    for &o in operands {
        match unwrap(vm, o) {
            Ok(u) => held.push(u),
            Err(e) => return Err(e),
        }
    }
    for &h in &held {
        vm.incref(h);
    }
    let r = f(vm, &held);
    for h in held {
        vm.decref(h);
    }
    r
}

macro_rules! proxy_binary {
    ($name:ident, $op:expr, $kind:tt) => {
        fn $name(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
            let x = arg(vm, args, 0, stringify!($name))?;
            let y = arg(vm, args, 1, stringify!($name))?;
            proxy_binary!(@run vm, x, y, $op, $kind)
        }
    };
    (@run $vm:ident, $x:ident, $y:ident, $op:expr, forward) => {
        with_unwrapped($vm, &[$x, $y], |vm, o| vm.binary_op(o[0], o[1], $op, false))
    };
    (@run $vm:ident, $x:ident, $y:ident, $op:expr, reflected) => {
        with_unwrapped($vm, &[$y, $x], |vm, o| vm.binary_op(o[0], o[1], $op, false))
    };
    (@run $vm:ident, $x:ident, $y:ident, $op:expr, inplace) => {
        with_unwrapped($vm, &[$x, $y], |vm, o| vm.binary_op(o[0], o[1], $op, true))
    };
}

proxy_binary!(proxy_add, BinOp::Add, forward);
proxy_binary!(proxy_radd, BinOp::Add, reflected);
proxy_binary!(proxy_iadd, BinOp::Add, inplace);
proxy_binary!(proxy_sub, BinOp::Sub, forward);
proxy_binary!(proxy_rsub, BinOp::Sub, reflected);
proxy_binary!(proxy_isub, BinOp::Sub, inplace);
proxy_binary!(proxy_mul, BinOp::Mult, forward);
proxy_binary!(proxy_rmul, BinOp::Mult, reflected);
proxy_binary!(proxy_imul, BinOp::Mult, inplace);
proxy_binary!(proxy_matmul, BinOp::MatMult, forward);
proxy_binary!(proxy_rmatmul, BinOp::MatMult, reflected);
proxy_binary!(proxy_imatmul, BinOp::MatMult, inplace);
proxy_binary!(proxy_truediv, BinOp::Div, forward);
proxy_binary!(proxy_rtruediv, BinOp::Div, reflected);
proxy_binary!(proxy_itruediv, BinOp::Div, inplace);
proxy_binary!(proxy_floordiv, BinOp::FloorDiv, forward);
proxy_binary!(proxy_rfloordiv, BinOp::FloorDiv, reflected);
proxy_binary!(proxy_ifloordiv, BinOp::FloorDiv, inplace);
proxy_binary!(proxy_mod, BinOp::Mod, forward);
proxy_binary!(proxy_rmod, BinOp::Mod, reflected);
proxy_binary!(proxy_imod, BinOp::Mod, inplace);
proxy_binary!(proxy_pow, BinOp::Pow, forward);
proxy_binary!(proxy_rpow, BinOp::Pow, reflected);
proxy_binary!(proxy_ipow, BinOp::Pow, inplace);
proxy_binary!(proxy_lshift, BinOp::LShift, forward);
proxy_binary!(proxy_rlshift, BinOp::LShift, reflected);
proxy_binary!(proxy_ilshift, BinOp::LShift, inplace);
proxy_binary!(proxy_rshift, BinOp::RShift, forward);
proxy_binary!(proxy_rrshift, BinOp::RShift, reflected);
proxy_binary!(proxy_irshift, BinOp::RShift, inplace);
proxy_binary!(proxy_and, BinOp::BitAnd, forward);
proxy_binary!(proxy_rand, BinOp::BitAnd, reflected);
proxy_binary!(proxy_iand, BinOp::BitAnd, inplace);
proxy_binary!(proxy_xor, BinOp::BitXor, forward);
proxy_binary!(proxy_rxor, BinOp::BitXor, reflected);
proxy_binary!(proxy_ixor, BinOp::BitXor, inplace);
proxy_binary!(proxy_or, BinOp::BitOr, forward);
proxy_binary!(proxy_ror, BinOp::BitOr, reflected);
proxy_binary!(proxy_ior, BinOp::BitOr, inplace);

macro_rules! proxy_compare {
    ($name:ident, $op:expr) => {
        fn $name(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
            let x = arg(vm, args, 0, stringify!($name))?;
            let y = arg(vm, args, 1, stringify!($name))?;
            with_unwrapped(vm, &[x, y], |vm, o| vm.rich_compare(o[0], o[1], $op))
        }
    };
}

proxy_compare!(proxy_eq, crate::ast::CmpOp::Eq);
proxy_compare!(proxy_ne, crate::ast::CmpOp::NotEq);
proxy_compare!(proxy_lt, crate::ast::CmpOp::Lt);
proxy_compare!(proxy_le, crate::ast::CmpOp::LtE);
proxy_compare!(proxy_gt, crate::ast::CmpOp::Gt);
proxy_compare!(proxy_ge, crate::ast::CmpOp::GtE);

/// A one-operand slot: unwrap the proxy and apply `f` to the referent.
fn unary(
    vm: &mut Vm,
    args: &[ObjId],
    name: &str,
    f: impl FnOnce(&mut Vm, ObjId) -> PyResult<ObjId>,
) -> PyResult<ObjId> {
    let x = arg(vm, args, 0, name)?;
    with_unwrapped(vm, &[x], |vm, o| f(vm, o[0]))
}

fn proxy_neg(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__neg__", |vm, o| vm.unary_negative(o))
}

fn proxy_pos(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__pos__", |vm, o| vm.unary_positive(o))
}

fn proxy_invert(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__invert__", |vm, o| vm.unary_invert(o))
}

/// Call a builtin by name on the referent (`abs`, `int`, `float`, `iter`...).
fn call_builtin_on(vm: &mut Vm, builtin: &str, o: ObjId) -> PyResult<ObjId> {
    let f = vm.builtin_named(builtin);
    let r = vm.call_object(f, &[o], &[]);
    vm.decref(f);
    r
}

fn proxy_abs(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__abs__", |vm, o| call_builtin_on(vm, "abs", o))
}

fn proxy_int(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__int__", |vm, o| call_builtin_on(vm, "int", o))
}

fn proxy_float(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__float__", |vm, o| {
        call_builtin_on(vm, "float", o)
    })
}

fn proxy_index(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__index__", |vm, o| {
        let n = crate::builtins::index_arg(vm, o)?;
        Ok(vm.new_bigint(n))
    })
}

fn proxy_bytes(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__bytes__", |vm, o| {
        call_builtin_on(vm, "bytes", o)
    })
}

fn proxy_reversed(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__reversed__", |vm, o| {
        match vm.call_dunder(o, "__reversed__", &[])? {
            Some(r) => Ok(r),
            None => call_builtin_on(vm, "reversed", o),
        }
    })
}

fn proxy_str(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__str__", |vm, o| vm.str_object(o))
}

fn proxy_repr(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let p = arg(vm, args, 0, "__repr__")?;
    let s = repr(vm, p)?;
    Ok(vm.new_string(s))
}

fn proxy_bool(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__bool__", |vm, o| {
        let b = vm.is_true(o)?;
        Ok(vm.new_bool(b))
    })
}

fn proxy_len(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__len__", |vm, o| {
        let n = vm.len(o)?;
        Ok(vm.new_usize(n))
    })
}

fn proxy_iter(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__iter__", |vm, o| vm.get_iter(o))
}

fn proxy_next(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    unary(vm, args, "__next__", |vm, o| {
        if !is_iterator(vm, o) {
            let msg = format!(
                "Weakref proxy referenced a non-iterator '{}' object",
                vm.type_name(o)
            );
            return Err(vm.type_error(&msg));
        }
        match vm.next(o)? {
            Some(v) => Ok(v),
            None => Err(vm.new_exception_empty(ExcKind::StopIteration)),
        }
    })
}

fn proxy_getitem(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = arg(vm, args, 0, "__getitem__")?;
    let k = arg(vm, args, 1, "__getitem__")?;
    with_unwrapped(vm, &[x, k], |vm, o| vm.getitem(o[0], o[1]))
}

fn proxy_setitem(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = arg(vm, args, 0, "__setitem__")?;
    let k = arg(vm, args, 1, "__setitem__")?;
    let v = arg(vm, args, 2, "__setitem__")?;
    unary(vm, &[x], "__setitem__", |vm, o| {
        vm.setitem(o, k, v)?;
        Ok(vm.new_none())
    })
}

fn proxy_delitem(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = arg(vm, args, 0, "__delitem__")?;
    let k = arg(vm, args, 1, "__delitem__")?;
    unary(vm, &[x], "__delitem__", |vm, o| {
        vm.delitem(o, k)?;
        Ok(vm.new_none())
    })
}

fn proxy_contains(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let x = arg(vm, args, 0, "__contains__")?;
    let v = arg(vm, args, 1, "__contains__")?;
    unary(vm, &[x], "__contains__", |vm, o| {
        let b = vm.contains(o, v)?;
        Ok(vm.new_bool(b))
    })
}

fn proxy_call(vm: &mut Vm, args: &[ObjId], kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let p = arg(vm, args, 0, "__call__")?;
    call(vm, p, &args[1..], kw)
}

macro_rules! proxy_slots {
    ($($extra:expr),*) => {
        [
            method("__repr__", proxy_repr),
            method("__str__", proxy_str),
            method("__bool__", proxy_bool),
            method("__len__", proxy_len),
            method("__iter__", proxy_iter),
            method("__next__", proxy_next),
            method("__getitem__", proxy_getitem),
            method("__setitem__", proxy_setitem),
            method("__delitem__", proxy_delitem),
            method("__contains__", proxy_contains),
            method("__eq__", proxy_eq),
            method("__ne__", proxy_ne),
            method("__lt__", proxy_lt),
            method("__le__", proxy_le),
            method("__gt__", proxy_gt),
            method("__ge__", proxy_ge),
            method("__add__", proxy_add),
            method("__radd__", proxy_radd),
            method("__iadd__", proxy_iadd),
            method("__sub__", proxy_sub),
            method("__rsub__", proxy_rsub),
            method("__isub__", proxy_isub),
            method("__mul__", proxy_mul),
            method("__rmul__", proxy_rmul),
            method("__imul__", proxy_imul),
            method("__matmul__", proxy_matmul),
            method("__rmatmul__", proxy_rmatmul),
            method("__imatmul__", proxy_imatmul),
            method("__truediv__", proxy_truediv),
            method("__rtruediv__", proxy_rtruediv),
            method("__itruediv__", proxy_itruediv),
            method("__floordiv__", proxy_floordiv),
            method("__rfloordiv__", proxy_rfloordiv),
            method("__ifloordiv__", proxy_ifloordiv),
            method("__mod__", proxy_mod),
            method("__rmod__", proxy_rmod),
            method("__imod__", proxy_imod),
            method("__pow__", proxy_pow),
            method("__rpow__", proxy_rpow),
            method("__ipow__", proxy_ipow),
            method("__lshift__", proxy_lshift),
            method("__rlshift__", proxy_rlshift),
            method("__ilshift__", proxy_ilshift),
            method("__rshift__", proxy_rshift),
            method("__rrshift__", proxy_rrshift),
            method("__irshift__", proxy_irshift),
            method("__and__", proxy_and),
            method("__rand__", proxy_rand),
            method("__iand__", proxy_iand),
            method("__xor__", proxy_xor),
            method("__rxor__", proxy_rxor),
            method("__ixor__", proxy_ixor),
            method("__or__", proxy_or),
            method("__ror__", proxy_ror),
            method("__ior__", proxy_ior),
            method("__neg__", proxy_neg),
            method("__pos__", proxy_pos),
            method("__abs__", proxy_abs),
            method("__invert__", proxy_invert),
            method("__int__", proxy_int),
            method("__float__", proxy_float),
            method("__index__", proxy_index),
            method("__bytes__", proxy_bytes),
            method("__reversed__", proxy_reversed),
            $($extra),*
        ]
    };
}

static PROXY_METHODS: [BuiltinDef; 64] = proxy_slots!();
static CALLABLE_PROXY_METHODS: [BuiltinDef; 65] = proxy_slots!(method("__call__", proxy_call));

/// The method tables of the proxy types (their slots, found by the VM as dunders).
pub fn method_tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::ProxyType, &PROXY_METHODS[..]),
        (BuiltinType::CallableProxyType, &CALLABLE_PROXY_METHODS[..]),
    ]
}

// ---- weak references at the referent's death ----

impl Vm {
    /// `PyObject_ClearWeakRefs`: the basic ref and proxy go dead first; the others are all
    /// made dead, then their callbacks called in list order (each with its own weak reference,
    /// while a tuple of the pairs keeps them alive when there is more than one).
    pub(crate) fn clear_weakrefs(&mut self, id: ObjId) {
        if self.heap.weakrefs(id).is_empty() {
            return;
        }
        // the callback-less basic ref and proxy
        for _ in 0..2 {
            let head = self.heap.weakrefs(id).first().copied();
            match head {
                Some(h) if !has_callback(self, h) => self.clear_weakref(id, h),
                _ => break,
            }
        }
        let rest = self.heap.take_weakrefs(id);
        match rest.len() {
            0 => {}
            1 => {
                let current = rest[0];
                let cb = self.detach_weakref(current);
                if let Some(cb) = cb {
                    if self.refcnt(current) > 0 {
                        self.handle_callback(current, cb);
                    }
                    self.decref(cb);
                }
            }
            _ => {
                let mut pairs = Vec::with_capacity(rest.len() * 2);
                for &wr in &rest {
                    let cb = self.detach_weakref(wr);
                    self.incref(wr);
                    pairs.push(wr);
                    pairs.push(cb.unwrap_or(self.statics.none));
                    if cb.is_none() {
                        self.incref(self.statics.none);
                    }
                }
                let tuple = self.new_tuple(pairs.clone());
                for pair in pairs.chunks(2) {
                    if pair[1] != self.statics.none {
                        self.handle_callback(pair[0], pair[1]);
                    }
                }
                self.decref(tuple);
            }
        }
    }

    /// `clear_weakref` without the callback: the reference goes dead and leaves the list.
    fn clear_weakref(&mut self, referent: ObjId, wr: ObjId) {
        self.heap.unlink_weakref(referent, wr);
        let cb = match self.heap.payload_mut(wr) {
            Payload::WeakRef(w) => {
                w.referent = None;
                w.callback.take()
            }
            _ => None,
        };
        self.xdecref(cb);
    }

    /// Make a (taken) weak reference dead and hand over its callback.
    fn detach_weakref(&mut self, wr: ObjId) -> Option<ObjId> {
        match self.heap.payload_mut(wr) {
            Payload::WeakRef(w) => {
                w.referent = None;
                w.callback.take()
            }
            _ => None,
        }
    }

    /// `handle_callback`: call it with the weak reference; an exception is unraisable.
    pub(crate) fn handle_callback(&mut self, wr: ObjId, cb: ObjId) {
        match self.call_object(cb, &[wr], &[]) {
            Ok(r) => self.decref(r),
            Err(e) => {
                let what = self.repr_string(cb).unwrap_or_default();
                self.write_unraisable(e, &what);
            }
        }
    }

    /// A weak reference died: take it off its referent's list.
    pub(crate) fn remove_weakref_from(&mut self, referent: ObjId, wr: ObjId) {
        self.heap.unlink_weakref(referent, wr);
    }
}

/// `PyIter_Check`: does the object's type have `__next__`?
fn is_iterator(vm: &mut Vm, v: ObjId) -> bool {
    match vm.payload(v) {
        Payload::Iter(_) | Payload::Generator(_) => true,
        _ => {
            let t = vm.type_of(v);
            vm.type_has_attr(t, "__next__")
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::vm::{Vm, VmOptions};

    #[test]
    fn python_part_defines_its_classes() {
        let mut vm = Vm::new(VmOptions::default());
        let m = vm.import_module("weakref").expect("weakref imports");
        for name in [
            "WeakValueDictionary",
            "WeakKeyDictionary",
            "WeakSet",
            "finalize",
            "proxy",
            "ProxyType",
            "WeakMethod",
            "KeyedRef",
        ] {
            match vm.getattr_str(m, name) {
                Ok(v) => vm.decref(v),
                Err(e) => {
                    vm.decref(e.0);
                    panic!("weakref.{name} is missing");
                }
            }
        }
        vm.decref(m);
    }
}
