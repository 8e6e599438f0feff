//! `weakref`: weak references that do not count, cleared (and their callbacks called) when the
//! referent dies.

use crate::builtins::{check_count, func, BuiltinDef};
use crate::object::{BuiltinType, ObjId, Payload, WeakRefObj};
use crate::vm::objects::Layout;
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("getweakrefcount", getweakrefcount),
    func("getweakrefs", getweakrefs),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let t = vm.ty(BuiltinType::WeakRef);
    vm.module_set(m, "ref", t);
    vm.module_set(m, "ReferenceType", t);
    run_python_part(vm, m);
}

/// The Python half of the module. `WeakValueDictionary` is Python code in CPython too
/// (`Lib/weakref.py`); this follows it, except that `KeyedRef` (a subclass of `ref`, which
/// the model cannot subclass) becomes a removal callback that finds its entry by identity.
/// `proxy` objects are `ProxyType` instances forwarding to their referent through a `ref`.
const WEAKREF_PY: &str = r#"
class ProxyType:
    __slots__ = ('_weakref_ref',)

    def __init__(self, ob, callback=None):
        object.__setattr__(self, '_weakref_ref', ref(ob, callback))

    def __getattribute__(self, name):
        return getattr(_proxy_referent(self), name)

    def __setattr__(self, name, value):
        setattr(_proxy_referent(self), name, value)

    def __delattr__(self, name):
        delattr(_proxy_referent(self), name)

    def __repr__(self):
        o = object.__getattribute__(self, '_weakref_ref')()
        if o is None:
            return '<weakproxy at %#x; dead>' % id(self)
        return '<weakproxy at %#x to %s at %#x>' % (id(self), type(o).__name__, id(o))

    def __str__(self):
        return str(_proxy_referent(self))

    def __bool__(self):
        return bool(_proxy_referent(self))

    def __len__(self):
        return len(_proxy_referent(self))

    def __iter__(self):
        return iter(_proxy_referent(self))

    def __getitem__(self, key):
        return _proxy_referent(self)[key]

    def __setitem__(self, key, value):
        _proxy_referent(self)[key] = value

    def __contains__(self, key):
        return key in _proxy_referent(self)

    def __call__(self, *args, **kwargs):
        return _proxy_referent(self)(*args, **kwargs)

    def __eq__(self, other):
        return _proxy_referent(self) == other


def _proxy_referent(p):
    o = object.__getattribute__(p, '_weakref_ref')()
    if o is None:
        raise ReferenceError('weakly-referenced object no longer exists')
    return o


def proxy(ob, callback=None):
    return ProxyType(ob, callback)


class WeakValueDictionary:
    def __init__(self, other=(), /, **kw):
        def remove(wr, selfref=ref(self)):
            self = selfref()
            if self is not None:
                for key, value in self.data.items():
                    if value is wr:
                        del self.data[key]
                        break
        self._remove = remove
        self.data = {}
        self.update(other, **kw)

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        else:
            return o

    def __delitem__(self, key):
        del self.data[key]

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def __repr__(self):
        return "<%s at %#x>" % (self.__class__.__name__, id(self))

    def __setitem__(self, key, value):
        self.data[key] = ref(value, self._remove)

    def copy(self):
        new = WeakValueDictionary()
        for key, wr in self.data.items():
            o = wr()
            if o is not None:
                new[key] = o
        return new

    def get(self, key, default=None):
        try:
            wr = self.data[key]
        except KeyError:
            return default
        else:
            o = wr()
            if o is None:
                return default
            else:
                return o

    def items(self):
        for k, wr in list(self.data.items()):
            v = wr()
            if v is not None:
                yield k, v

    def keys(self):
        for k, wr in list(self.data.items()):
            if wr() is not None:
                yield k

    __iter__ = keys

    def values(self):
        for wr in list(self.data.values()):
            obj = wr()
            if obj is not None:
                yield obj

    def valuerefs(self):
        return list(self.data.values())

    def pop(self, key, *args):
        try:
            o = self.data.pop(key)()
        except KeyError:
            o = None
        if o is None:
            if args:
                return args[0]
            else:
                raise KeyError(key)
        else:
            return o

    def setdefault(self, key, default=None):
        try:
            o = self.data[key]()
        except KeyError:
            o = None
        if o is None:
            self.data[key] = ref(default, self._remove)
            return default
        else:
            return o

    def update(self, other=None, /, **kwargs):
        d = self.data
        if other is not None:
            if not hasattr(other, "items"):
                other = dict(other)
            for key, o in other.items():
                d[key] = ref(o, self._remove)
        for key, o in kwargs.items():
            d[key] = ref(o, self._remove)
"#;

fn run_python_part(vm: &mut Vm, m: ObjId) {
    let dict = match vm.payload(m) {
        Payload::Module(module) => module.dict,
        _ => return,
    };
    let compiled = vm.compile_source(WEAKREF_PY, "weakref.py", crate::compile::Mode::Exec);
    let Ok((code, arena)) = compiled else {
        if let Err(e) = compiled {
            vm.decref(e.0);
        }
        return;
    };
    let r = vm.run_code_object(code, dict, Some(dict));
    vm.decref(code);
    arena.release(vm);
    match r {
        Ok(v) => vm.decref(v),
        Err(e) => vm.decref(e.0),
    }
}

/// `weakref.ref(obj, callback=None)`. Without a callback the existing basic reference is
/// reused (`weakref.ref(x) is weakref.ref(x)`).
pub fn new_ref(
    vm: &mut Vm,
    ty: ObjId,
    args: &[ObjId],
    _kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    check_count(vm, "weakref", args, 1, 2)?;
    let obj = args[0];
    let callback = args.get(1).copied().filter(|&c| c != vm.none());
    let weakrefable = match vm.payload(obj) {
        _ if vm.heap.get(obj).ext.is_some() => match vm.payload(vm.type_of(obj)) {
            Payload::Type(t) => t.weakrefable,
            _ => false,
        },
        Payload::Instance(_) => match vm.payload(vm.type_of(obj)) {
            Payload::Type(t) => t.weakrefable,
            _ => false,
        },
        Payload::Function(_) | Payload::Exception(_) | Payload::Type(_) => true,
        _ => false,
    };
    if !weakrefable {
        let msg = format!(
            "cannot create weak reference to '{}' object",
            vm.type_name(obj)
        );
        return Err(vm.type_error(&msg));
    }
    // the basic reference (no callback) is shared and sits first in the list
    let basic =
        vm.instance_weakrefs(obj).first().copied().filter(
            |&first| matches!(vm.payload(first), Payload::WeakRef(w) if w.callback.is_none()),
        );
    if callback.is_none() {
        if let Some(b) = basic {
            return Ok(vm.new_ref(b));
        }
    }
    if let Some(c) = callback {
        vm.incref(c);
    }
    let wr = vm.alloc(
        ty,
        Payload::WeakRef(Box::new(WeakRefObj {
            referent: Some(obj),
            callback,
            hash: None,
        })),
        Layout::gc(64),
    );
    let list = vm
        .heap
        .get_mut(obj)
        .weakref_list_mut()
        .expect("weakrefable checked above");
    // callback references go right after the basic one: newest first
    let at = if callback.is_none() || basic.is_none() {
        0
    } else {
        1
    };
    list.insert(at, wr);
    Ok(wr)
}

fn getweakrefcount(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getweakrefcount", args, 1, 1)?;
    let n = vm.instance_weakrefs(args[0]).len();
    Ok(vm.new_usize(n))
}

fn getweakrefs(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "getweakrefs", args, 1, 1)?;
    let refs = vm.instance_weakrefs(args[0]).to_vec();
    for &r in &refs {
        vm.incref(r);
    }
    Ok(vm.new_list(refs))
}

impl Vm {
    /// Calling a weak reference: the referent, or None once it died.
    pub fn weakref_call(&mut self, wr: ObjId) -> ObjId {
        let r = match self.payload(wr) {
            Payload::WeakRef(w) => w.referent,
            _ => None,
        };
        match r {
            Some(r) => self.new_ref(r),
            None => self.new_none(),
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
        for name in ["WeakValueDictionary", "proxy", "ProxyType"] {
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
