//! The refcount invariant: every object's count equals the references that exist to it —
//! from other objects (found by `traverse`), from the interpreter (frames, modules...), from
//! the running code's parser arena, plus the references a static object starts with. Tests
//! check it after every step, so a refcount bug shows up where it happens.

use crate::heap::traverse::traverse;
use crate::object::ObjId;
use crate::vm::Vm;

/// An object whose count disagrees with the references found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub id: ObjId,
    pub type_name: String,
    pub repr: String,
    pub refcnt: i64,
    pub found: i64,
}

/// Recompute every refcount. `extra_roots` are references held outside the VM (the session's
/// parser arena).
pub fn check_refcounts(vm: &Vm, extra_roots: &[ObjId]) -> Result<(), Vec<Mismatch>> {
    let mut found = vec![0i64; vm.heap.capacity()];
    for id in vm.heap.ids() {
        found[id.index()] += vm.heap.meta(id).base_refs();
        traverse(&vm.heap, id, &mut |e| found[e.target.index()] += 1);
    }
    vm.visit_roots(&mut |_, id| found[id.index()] += 1);
    for &id in extra_roots {
        found[id.index()] += 1;
    }
    let mut bad = Vec::new();
    for id in vm.heap.ids() {
        let o = vm.heap.get(id);
        if o.refcnt != found[id.index()] {
            bad.push(Mismatch {
                id,
                type_name: vm.type_name(id),
                repr: short_repr(vm, id),
                refcnt: o.refcnt,
                found: found[id.index()],
            });
        }
    }
    if bad.is_empty() {
        Ok(())
    } else {
        Err(bad)
    }
}

fn short_repr(vm: &Vm, id: ObjId) -> String {
    use crate::object::Payload;
    match vm.payload(id) {
        Payload::Str(s) => format!("{:?}", s.as_str().chars().take(30).collect::<String>()),
        Payload::Int(n) => n.to_string(),
        Payload::Type(t) => format!("<class {}>", t.name),
        Payload::Function(f) => format!("<function {}>", vm.str_of(f.qualname)),
        Payload::Code(c) => format!("<code {}>", c.qualname),
        _ => format!("<{} at {:#x}>", vm.type_name(id), vm.heap.get(id).addr),
    }
}
