//! The methods of the set-like dict views (`dict_keys`, `dict_items`) that are not operators:
//! `isdisjoint` (`dictviews_isdisjoint` of `Objects/dictobject.c`).

use std::ops::ControlFlow;

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{PyResult, Vm};

use super::super::{method, BuiltinDef};

/// `view.isdisjoint(other)`: no item of the one is in the other. When both sides are sets or
/// set-like views, the shorter one is iterated and the longer one asked; else `other` is
/// iterated, stopping at the first item the view contains.
fn isdisjoint(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    super::super::no_kwargs(vm, "isdisjoint", kwargs)?;
    let [view, other] = args else {
        let msg = format!(
            "isdisjoint() takes exactly one argument ({} given)",
            args.len().saturating_sub(1)
        );
        return Err(vm.type_error(&msg));
    };
    let (mut container, mut iterated) = (*view, *other);
    if container == iterated {
        let n = vm.len(container)?;
        return Ok(vm.new_bool(n == 0));
    }
    let set_like = matches!(vm.payload(iterated), Payload::Set(_))
        || matches!(
            vm.builtin_type_of(iterated),
            Some(BuiltinType::DictKeys | BuiltinType::DictItems)
        );
    if set_like {
        let len_self = vm.len(container)?;
        let len_other = vm.len(iterated)?;
        if len_other > len_self {
            std::mem::swap(&mut container, &mut iterated);
        }
    }
    let shared = vm.try_each_item(iterated, |vm, item| {
        Ok(if vm.contains(container, item)? {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        })
    })?;
    Ok(vm.new_bool(shared.is_none()))
}

static SET_LIKE_VIEW: &[BuiltinDef] = &[method("isdisjoint", isdisjoint)];

pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![
        (BuiltinType::DictKeys, SET_LIKE_VIEW),
        (BuiltinType::DictItems, SET_LIKE_VIEW),
    ]
}
