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
        Payload::Instance(_) => match vm.payload(vm.type_of(obj)) {
            Payload::Type(t) => t.weakrefable,
            _ => false,
        },
        Payload::Function(_) | Payload::Exception(_) => true,
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
    let list = match vm.heap.payload_mut(obj) {
        Payload::Instance(i) => &mut i.weakrefs,
        Payload::Function(f) => &mut f.weakrefs,
        Payload::Exception(e) => &mut e.weakrefs,
        _ => unreachable!("weakrefable checked above"),
    };
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
