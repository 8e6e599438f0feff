//! `traverse`: every reference an object owns, visited exactly once, in the order CPython's
//! `tp_traverse` for its type visits them (so `gc.get_referents` agrees with CPython). References
//! that CPython owns but does not traverse (str keys of a dict, a code object's constants) are
//! visited too, flagged as invisible to the collector, so reference counts can be accounted for.

use crate::object::{IterObj, ObjId, Payload, Slot};

use super::Heap;

/// A reference found by [`traverse`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub slot: Slot,
    pub target: ObjId,
    /// CPython's `tp_traverse` visits it (what `gc.get_referents` returns).
    pub gc_visible: bool,
}

/// The targets of [`traverse`]'s edges, in the same order, for the collector (which needs
/// no slot labels): a plain list, tuple or class instance is read directly (no `Edge` built, no
/// shared-keys lookup for the attribute names, no dynamic call per reference); anything else
/// goes through [`traverse`].
#[inline]
pub fn referents(heap: &Heap, id: ObjId, f: &mut impl FnMut(ObjId)) {
    let object = heap.get(id);
    if object.ext().is_none() && object.native_ext().is_none() {
        match &object.payload {
            Payload::Tuple(items) => {
                items.iter().rev().for_each(|&t| f(t));
                return;
            }
            Payload::List(list) => {
                list.items.iter().rev().for_each(|&t| f(t));
                return;
            }
            Payload::Instance(inst) => {
                inst.slots().iter().flatten().for_each(|&t| f(t));
                inst.values.iter().flatten().for_each(&mut *f);
                if let Some(d) = inst.dict {
                    f(d);
                }
                if is_heap_type(heap, object.ty) {
                    f(object.ty);
                }
                return;
            }
            _ => {}
        }
    }
    traverse(heap, id, &mut |e| f(e.target));
}

/// Visit every reference `id` owns.
pub fn traverse(heap: &Heap, id: ObjId, visit: &mut dyn FnMut(Edge)) {
    let object = heap.get(id);
    // `subtype_traverse`: what a class adds to a builtin's instance (slots, dict or inline
    // values, the class itself), then a native subclass's own fields (`defaultdict`'s
    // factory), then the builtin's own `tp_traverse`
    if let Some(inst) = object.ext() {
        visit_instance(heap, object.ty, inst, &mut |slot: Slot, target: ObjId| {
            visit(Edge {
                slot,
                target,
                gc_visible: true,
            })
        });
    } else if matches!(object.payload, Payload::Type(_)) && is_heap_type(heap, object.ty) {
        // a class whose metaclass is a class
        visit(Edge {
            slot: Slot::Type,
            target: object.ty,
            gc_visible: true,
        });
    }
    if let Some(ext) = object.native_ext() {
        ext.traverse(&mut |slot, target, gc_visible| {
            visit(Edge {
                slot,
                target,
                gc_visible,
            })
        });
        if ext.replaces_traverse() {
            return;
        }
    }
    let mut v = |slot: Slot, target: ObjId| {
        visit(Edge {
            slot,
            target,
            gc_visible: true,
        })
    };
    match &object.payload {
        Payload::Tuple(items) => {
            for (i, &item) in items.iter().enumerate().rev() {
                v(Slot::Item(i), item);
            }
        }
        Payload::List(list) => {
            for (i, &item) in list.items.iter().enumerate().rev() {
                v(Slot::Item(i), item);
            }
        }
        Payload::Dict(d) => {
            // str-keyed dicts visit only their values (str keys cannot form cycles); a split
            // dict's keys are its class's (the class owns them, see `Heap::dict_borrows_keys`)
            let own_keys = !heap.dict_borrows_keys(d);
            for (ix, e) in d.entries.iter().enumerate() {
                let Some(e) = e else { continue };
                v(Slot::DictValue(ix), e.value);
                if !d.unicode && own_keys {
                    v(Slot::DictKey(ix), e.key);
                }
            }
            if d.unicode && own_keys {
                for (ix, e) in d.entries.iter().enumerate() {
                    let Some(e) = e else { continue };
                    visit(Edge {
                        slot: Slot::DictKey(ix),
                        target: e.key,
                        gc_visible: false,
                    });
                }
            }
        }
        Payload::Set(s) | Payload::FrozenSet(s) => {
            for (j, slot) in s.table.iter().enumerate() {
                if let crate::object::set::SetSlot::Key(k, _) = slot {
                    v(Slot::SetItem(j), *k);
                }
            }
        }
        Payload::Type(t) => {
            let mut opt = |name: &'static str, target: Option<ObjId>| {
                if let Some(target) = target {
                    v(Slot::Field(name), target);
                }
            };
            opt("__dict__", t.dict);
            opt("__mro__", t.mro);
            opt("__bases__", t.bases);
            if t.builtin.is_none() {
                opt("__base__", t.base);
            }
            for &k in &t.shared_keys {
                visit(Edge {
                    slot: Slot::Field("shared keys"),
                    target: k,
                    gc_visible: false,
                });
            }
            for (field, s) in [("ht_name", t.ht_name), ("ht_qualname", t.ht_qualname)] {
                if let Some(s) = s {
                    visit(Edge {
                        slot: Slot::Field(field),
                        target: s,
                        gc_visible: false,
                    });
                }
            }
            // type_traverse does not visit tp_subclasses
            if let Some(s) = t.subclasses {
                visit(Edge {
                    slot: Slot::Field("__subclasses__ dict"),
                    target: s,
                    gc_visible: false,
                });
            }
        }
        Payload::Instance(inst) => visit_instance(heap, object.ty, inst, &mut v),
        Payload::Exception(e) => {
            // subtype_traverse visits a class first; a builtin subclass's own fields
            // (`SystemExit.code`, a group's message and exceptions) come before
            // `BaseException_traverse`'s
            if is_heap_type(heap, object.ty) {
                v(Slot::Type, object.ty);
            }
            for &(name, m) in &e.members {
                v(Slot::Field(name), m);
            }
            if let Some(d) = e.dict {
                v(Slot::Field("__dict__"), d);
            }
            v(Slot::Field("args"), e.args);
            if let Some(t) = e.traceback {
                v(Slot::Field("__traceback__"), t);
            }
            if let Some(c) = e.cause {
                v(Slot::Field("__cause__"), c);
            }
            if let Some(c) = e.context {
                v(Slot::Field("__context__"), c);
            }
        }
        Payload::Function(f) => {
            v(Slot::Field("__code__"), f.code);
            v(Slot::Field("__globals__"), f.globals);
            v(Slot::Field("__builtins__"), f.builtins);
            v(Slot::Field("__module__"), f.module);
            if let Some(d) = f.defaults {
                v(Slot::Field("__defaults__"), d);
            }
            if let Some(d) = f.kwdefaults {
                v(Slot::Field("__kwdefaults__"), d);
            }
            v(Slot::Field("__doc__"), f.doc);
            v(Slot::Field("__name__"), f.name);
            if let Some(d) = f.dict {
                v(Slot::Field("__dict__"), d);
            }
            if let Some(c) = f.closure {
                v(Slot::Field("__closure__"), c);
            }
            if let Some(a) = f.annotations {
                v(Slot::Field("__annotations__"), a);
            }
            v(Slot::Field("__qualname__"), f.qualname);
        }
        Payload::Code(code) => {
            for (name, target) in code.owned_refs() {
                visit(Edge {
                    slot: Slot::Field(name),
                    target,
                    gc_visible: false,
                });
            }
        }
        Payload::Cell(Some(c)) => v(Slot::Field("cell_contents"), *c),
        Payload::Method { func, self_ } => {
            v(Slot::Field("__func__"), *func);
            v(Slot::Field("__self__"), *self_);
        }
        Payload::Builtin(b) => {
            if let Some(s) = b.self_ {
                v(Slot::Field("__self__"), s);
            }
        }
        Payload::MethodDescr(d) => v(Slot::Field("__objclass__"), d.owner),
        Payload::GetSetDescr { owner, .. } => v(Slot::Field("__objclass__"), *owner),
        Payload::MemberDescr { name, owner, .. } => {
            v(Slot::Field("__objclass__"), *owner);
            visit(Edge {
                slot: Slot::Field("__name__"),
                target: *name,
                gc_visible: false,
            });
        }
        Payload::StaticMethod(f) | Payload::ClassMethod(f) => v(Slot::Field("__func__"), *f),
        Payload::Property(parts) => {
            for (name, part) in ["fget", "fset", "fdel", "__doc__", "__name__"]
                .iter()
                .zip(parts.iter())
            {
                if let Some(p) = part {
                    v(Slot::Field(name), *p);
                }
            }
        }
        Payload::GenericAlias { origin, args } => {
            v(Slot::Field("__origin__"), *origin);
            v(Slot::Field("__args__"), *args);
        }
        Payload::Union { args } => v(Slot::Field("__args__"), *args),
        Payload::Super { ty, obj } => {
            v(Slot::Field("__self__"), *obj);
            v(Slot::Field("__thisclass__"), *ty);
        }
        Payload::Module(m) => {
            v(Slot::Field("__dict__"), m.dict);
            // md_name: module_traverse does not visit it
            if let Some(n) = m.name_obj {
                visit(Edge {
                    slot: Slot::Field("md_name"),
                    target: n,
                    gc_visible: false,
                });
            }
        }
        Payload::Iter(it) => traverse_iter(it, &mut v),
        Payload::Generator(g) => g.traverse(&mut |slot, target| v(slot, target)),
        Payload::WeakRef(w) => {
            match &w.extra {
                crate::object::WeakRefExtra::None => {}
                crate::object::WeakRefExtra::Key(k) => v(Slot::Field("key"), *k),
                crate::object::WeakRefExtra::Method {
                    func_ref,
                    meth_type,
                    ..
                } => {
                    v(Slot::Field("_func_ref"), *func_ref);
                    v(Slot::Field("_meth_type"), *meth_type);
                }
            }
            if let Some(c) = w.callback {
                v(Slot::Field("__callback__"), c);
            }
        }
        Payload::Traceback(tb) => {
            if let Some(n) = tb.next {
                v(Slot::Field("tb_next"), n);
            }
            v(Slot::Field("tb_frame"), tb.frame);
        }
        Payload::Frame(f) => {
            // frame_tp_traverse: f_back, then the frame when the object owns it
            if let Some(b) = f.back {
                v(Slot::Field("f_back"), b);
            }
            if let Some(owned) = &f.owned {
                owned.visit_refs(&mut |r, target| {
                    let slot = match r {
                        crate::vm::frame::FrameRef::Local(i) => Slot::Item(i),
                        crate::vm::frame::FrameRef::Code => Slot::Field("f_code"),
                        crate::vm::frame::FrameRef::Func => Slot::Field("f_func"),
                        crate::vm::frame::FrameRef::LocalsDict
                        | crate::vm::frame::FrameRef::FastLocals => Slot::Field("f_locals"),
                        crate::vm::frame::FrameRef::Stack => Slot::Field("value stack"),
                        crate::vm::frame::FrameRef::FrameObject => Slot::Field("frame object"),
                        crate::vm::frame::FrameRef::Pending(p) => Slot::Field(p),
                    };
                    v(slot, target)
                });
            }
            if let Some(g) = f.globals_ref {
                visit(Edge {
                    slot: Slot::Field("f_globals"),
                    target: g,
                    gc_visible: false,
                });
            }
        }
        Payload::DictView { dict, .. } | Payload::MappingProxy(dict) => {
            v(Slot::Field("mapping"), *dict)
        }
        Payload::Native(n) => {
            // instances of 3.11's heap types (`PyType_FromSpec`) hold their type, and visit
            // it first (a class's instance visited its class with the class's part)
            let own_type = n.owns_type() && object.ext().is_none();
            if own_type && !n.visits_type_last() {
                visit(Edge {
                    slot: Slot::Type,
                    target: object.ty,
                    gc_visible: true,
                });
            }
            n.traverse(&mut |slot, target, gc_visible| {
                visit(Edge {
                    slot,
                    target,
                    gc_visible,
                })
            });
            if own_type && n.visits_type_last() {
                visit(Edge {
                    slot: Slot::Type,
                    target: object.ty,
                    gc_visible: true,
                });
            }
        }
        Payload::Slice(parts) => {
            v(Slot::Field("start"), parts[0]);
            v(Slot::Field("stop"), parts[1]);
            v(Slot::Field("step"), parts[2]);
        }
        Payload::None
        | Payload::NotImplemented
        | Payload::Ellipsis
        | Payload::Bool(_)
        | Payload::Int(_)
        | Payload::BigInt(_)
        | Payload::Float(_)
        | Payload::Complex(..)
        | Payload::Str(_)
        | Payload::Bytes(_)
        | Payload::Range(_)
        | Payload::Cell(None)
        | Payload::CLong { .. }
        | Payload::TextIO { .. } => {}
    }
}

fn traverse_iter(it: &IterObj, v: &mut dyn FnMut(Slot, ObjId)) {
    match it {
        IterObj::Seq { seq, result, .. } | IterObj::Reversed { seq, result, .. } => {
            if let Some(s) = seq {
                v(Slot::Field("it_seq"), *s);
            }
            if let Some(r) = result {
                v(Slot::Field("di_result"), *r);
            }
        }
        IterObj::Range { .. } | IterObj::SmallRange { .. } => {}
        IterObj::Enumerate { iter, result, .. } => {
            v(Slot::Field("en_sit"), *iter);
            v(Slot::Field("en_result"), *result);
        }
        IterObj::Zip { iters, result, .. } => {
            for (i, it) in iters.iter().enumerate() {
                v(Slot::Item(i), *it);
            }
            v(Slot::Field("result"), *result);
        }
        IterObj::Map { func, iters } => {
            v(Slot::Field("func"), *func);
            for (i, it) in iters.iter().enumerate() {
                v(Slot::Item(i), *it);
            }
        }
        IterObj::Filter { func, iter } => {
            v(Slot::Field("func"), *func);
            v(Slot::Field("it"), *iter);
        }
        IterObj::Callable { func, sentinel } => {
            if let Some(f) = func {
                v(Slot::Field("it_callable"), *f);
            }
            if let Some(s) = sentinel {
                v(Slot::Field("it_sentinel"), *s);
            }
        }
    }
}

/// A class instance's own references: `__slots__`, inline values or dict, and the class.
fn visit_instance(
    heap: &Heap,
    ty: ObjId,
    inst: &crate::object::Instance,
    v: &mut dyn FnMut(Slot, ObjId),
) {
    // `subtype_traverse`: each class's slots (`traverse_slots`), the object's own class
    // first, then up through its bases; a class's slots follow its base's in the object
    let slots = inst.slots();
    let mut chain: Vec<usize> = Vec::new();
    let mut cur = (!slots.is_empty()).then_some(ty);
    while let Some(t) = cur {
        match heap.payload(t) {
            Payload::Type(tt) if tt.builtin.is_none() => {
                chain.push(tt.slots.len());
                cur = tt.base.filter(|&b| b != t);
            }
            _ => cur = None,
        }
    }
    let mut end = chain.iter().sum::<usize>().min(slots.len());
    let mut visited = 0;
    for n in chain {
        let start = end.saturating_sub(n);
        for (i, s) in slots.iter().enumerate().take(end).skip(start) {
            if let Some(s) = s {
                v(Slot::Item(i), *s);
            }
        }
        visited += end - start;
        end = start;
    }
    // slots no class accounts for (none in a consistent object)
    for (i, s) in slots.iter().enumerate().skip(visited) {
        if let Some(s) = s {
            v(Slot::Item(i), *s);
        }
    }
    if !inst.values.is_empty() {
        let keys = shared_keys(heap, ty);
        for (i, value) in inst.values.iter().enumerate() {
            if let Some(value) = value {
                let name = keys.get(i).copied().unwrap_or(value);
                v(Slot::Attr(name), value);
            }
        }
    }
    if let Some(d) = inst.dict {
        v(Slot::Field("__dict__"), d);
    }
    if is_heap_type(heap, ty) {
        v(Slot::Type, ty);
    }
}

/// A type its instances hold a reference to: a class (not one standing for a static C type
/// whose instances are its C struct, see `TypeObj::c_struct`).
fn is_heap_type(heap: &Heap, ty: ObjId) -> bool {
    matches!(heap.payload(ty), Payload::Type(t) if t.builtin.is_none() && !t.c_struct)
}

fn shared_keys(heap: &Heap, ty: ObjId) -> &[ObjId] {
    match heap.payload(ty) {
        Payload::Type(t) => &t.shared_keys,
        _ => &[],
    }
}

/// Collect the edges of `id` into a vector (convenience for non-hot paths).
pub fn edges(heap: &Heap, id: ObjId) -> Vec<Edge> {
    let mut out = Vec::new();
    traverse(heap, id, &mut |e| out.push(e));
    out
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;
    use crate::vm::session::Session;
    use crate::vm::VmOptions;

    /// `referents` names the same targets as `traverse`, in the same order, for every object
    /// of a heap with the kinds it reads directly (lists, tuples, instances with inline
    /// values, a dict, slots) and the ones it leaves to `traverse` (subclasses of builtins).
    #[test]
    fn referents_are_traverse_targets() {
        let src = "\
class P:
    pass
class S:
    __slots__ = ('a', 'b')
class L(list):
    pass
p = P(); p.x = [1, 2]; p.y = (p, 'z')
q = P(); q.__dict__['w'] = q
s = S(); s.a = p
l = L([p, q]); l.attr = s
t = (l, [l, (), (1,)], {'k': p})
";
        let snippet = load_str("referents.py", src).expect("loads");
        let mut session = Session::new(snippet, VmOptions::default());
        assert_eq!(session.run_to_end_without_shutdown(), 0);
        let heap = &session.vm.heap;
        let mut checked = 0;
        for id in heap.ids() {
            let mut a = Vec::new();
            super::traverse(heap, id, &mut |e| a.push(e.target));
            let mut b = Vec::new();
            super::referents(heap, id, &mut |t| b.push(t));
            assert_eq!(a, b, "{id:?}");
            checked += usize::from(!a.is_empty());
        }
        assert!(checked > 100, "{checked} objects with references");
    }
}
