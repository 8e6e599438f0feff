//! Special methods of classes: CPython's `slot_*` functions (`Objects/typeobject.c`).
//!
//! A builtin type implements an operation in C, behind a slot of its type object (`tp_repr`,
//! `nb_add`, `mp_subscript`...). A class gets its slots when it is made (`update_one_slot`):
//! where its MRO finds a Python-level special method, the slot is a `slot_*` function that
//! looks the method up and calls it; where the MRO finds a builtin's own implementation (a
//! slot wrapper such as `list.__getitem__`), the class keeps that builtin's C function. So
//!
//! ```text
//! class Stack(list):
//!     def peek(self): return self[-1]      # list's mp_subscript runs: no Python call
//! class Loud(list):
//!     def __getitem__(self, i):            # slot_mp_subscript: calls this function
//!         return super().__getitem__(i)    # list.__getitem__: list's own C code again
//! ```
//!
//! The model asks the same question per operation: [`Vm::py_slot`] is the Python-level
//! attribute a class's slot would call (borrowed), `None` when the operation is the builtin
//! payload's own. The builtin's code (written against payloads, so an instance of a class over
//! `list` is handled as a list) never dispatches back to Python: `list.__getitem__` called by
//! name inside an override runs the list's code, not the override again.
//!
//! C code that goes around the slots (`dict.update` storing items without calling an
//! overriding `__setitem__`, `list.extend` not calling `append`, `str.join` reading the
//! characters of a `str` subclass) is modelled by those builtins reading payloads directly.

use crate::object::{BuiltinType, ObjId, Payload};

use super::{PyResult, Vm};

impl Vm {
    /// The Python-level special method `name` a class's slot would call for `obj`
    /// (borrowed): `None` when `type(obj)` is a builtin type, when the MRO finds nothing, or
    /// when it finds a builtin type's own implementation (the class then inherited that
    /// builtin's slot).
    pub(crate) fn py_slot(&mut self, obj: ObjId, name: &'static str) -> Option<ObjId> {
        let ty = self.type_of(obj);
        self.type_py_slot(ty, name)
    }

    /// [`Vm::py_slot`] for a type rather than an instance.
    ///
    /// A native type of the standard library (`deque`, `defaultdict`, `itertools.chain`...)
    /// has no payload code to fall back on: its slots are the method descriptors in its own
    /// dict, so those are found too, for its instances and for its subclasses'.
    pub(crate) fn type_py_slot(&mut self, ty: ObjId, name: &'static str) -> Option<ObjId> {
        if !self.is_heap_type(ty) && !self.slots_in_dict(ty) {
            return None;
        }
        // (a slot name is static text: looked up through the per-type slot cache)
        let d = self.type_lookup_slot(ty, name)?;
        match self.heap.payload(d) {
            Payload::MethodDescr(m) => {
                // `update_one_slot`: a builtin's wrapper of this very slot leaves the class
                // with the builtin's C function; a wrapper found under another name
                // (`__repr__ = object.__str__`) is called through the generic `slot_*`
                let (owner, other_slot) = (m.owner, m.func.0.name != name);
                (other_slot || self.slots_in_dict(owner)).then_some(d)
            }
            _ => Some(d),
        }
    }

    /// A static type whose slots are the method descriptors in its dict: a native type, a
    /// weakref proxy type (each `proxy_*` slot forwards to the referent), or a library class
    /// standing for a static C type (`_io._IOBase`'s `__next__` is `iobase_iternext`).
    pub(crate) fn slots_in_dict(&self, ty: ObjId) -> bool {
        self.is_native_type(ty)
            || matches!(
                self.heap.payload(ty),
                Payload::Type(t) if t.c_static || matches!(
                    t.builtin,
                    Some(BuiltinType::ProxyType | BuiltinType::CallableProxyType)
                )
            )
    }

    /// A type a standard-library module defines in Rust ([`BuiltinType::Native`]).
    pub(crate) fn is_native_type(&self, ty: ObjId) -> bool {
        matches!(self.heap.payload(ty), Payload::Type(t) if t.builtin == Some(BuiltinType::Native))
    }

    /// Call what [`Vm::py_slot`] found, bound to `obj` (`vectorcall_method`: a plain function
    /// is called with `obj` first, without making a bound method; anything else goes through
    /// its `__get__`).
    pub(crate) fn call_slot(
        &mut self,
        descr: ObjId,
        obj: ObjId,
        args: &[ObjId],
    ) -> PyResult<ObjId> {
        self.incref(descr);
        let unbound = match self.heap.payload(descr) {
            Payload::Function(_) => true,
            Payload::MethodDescr(d) => d.func.0.kind == crate::builtins::Kind::Method,
            _ => false,
        };
        let r = if unbound {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(obj);
            full.extend_from_slice(args);
            self.call_object(descr, &full, &[])
        } else {
            let ty = self.type_of(obj);
            match self.descr_get(descr, Some(obj), ty) {
                Ok(bound) => {
                    let r = self.call_object(bound, args, &[]);
                    self.decref(bound);
                    r
                }
                Err(e) => Err(e),
            }
        };
        self.decref(descr);
        r
    }

    /// `PyObject_VectorcallMethod(name, [obj, args...])`: `_PyObject_GetMethod` finds a
    /// plain function or method descriptor on the type, called with `obj` first (no bound
    /// method is made); anything else is the attribute, called with `args`.
    pub(crate) fn vectorcall_method(
        &mut self,
        obj: ObjId,
        name: &str,
        args: &[ObjId],
    ) -> PyResult<ObjId> {
        let n = self.new_interned(name);
        let r = match self.get_method(obj, n) {
            Ok(Some(meth)) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(obj);
                full.extend_from_slice(args);
                let r = self.call_object(meth, &full, &[]);
                self.decref(meth);
                r
            }
            Ok(None) => match self.getattr(obj, n) {
                Ok(attr) => {
                    let r = self.call_object(attr, args, &[]);
                    self.decref(attr);
                    r
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        self.decref(n);
        r
    }

    /// `vectorcall_maybe` / `lookup_maybe_method`: the special method `name` of `obj`'s type,
    /// whatever it is (a Python function or a builtin's wrapper), called with `obj` first;
    /// `Ok(None)` when the type has none.
    pub(crate) fn call_method_maybe(
        &mut self,
        obj: ObjId,
        name: &str,
        args: &[ObjId],
    ) -> PyResult<Option<ObjId>> {
        let ty = self.type_of(obj);
        match self.type_lookup_str(ty, name) {
            Some(d) => self.call_slot(d, obj, args).map(Some),
            None => Ok(None),
        }
    }
}

impl Vm {
    /// `Py_GenericAlias(origin, args)`: a tuple of arguments stays one, anything else
    /// becomes a one-item tuple.
    pub fn new_generic_alias(&mut self, origin: ObjId, args: ObjId) -> ObjId {
        let args = if matches!(self.heap.payload(args), Payload::Tuple(_)) {
            self.new_ref(args)
        } else {
            self.incref(args);
            self.new_tuple(vec![args])
        };
        self.incref(origin);
        let t = self.ty(crate::object::BuiltinType::GenericAlias);
        self.alloc(
            t,
            Payload::GenericAlias { origin, args },
            super::objects::Layout::gc(56),
        )
    }
}
