//! The methods of generator objects (`gen_methods` in `Objects/genobject.c`); the machinery
//! is in `vm::genobject`.

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::genobject::GenStep;
use crate::vm::{ExcKind, PyErr, PyResult, Vm};

use super::{check_count, method, BuiltinDef};

pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    vec![(BuiltinType::Generator, GENERATOR)]
}

static GENERATOR: &[BuiltinDef] = &[
    method("send", gen_send),
    method("throw", gen_throw),
    method("close", gen_close),
    method("__next__", gen_next),
];

fn gen_next(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__next__", args, 1, 1)?;
    vm.gen_send(args[0], None)
}

/// `gen.send(value)`: a value other than None cannot start a generator.
fn gen_send(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "send", args, 2, 2)?;
    let unstarted = match vm.payload(args[0]) {
        Payload::Generator(g) => g.frame.as_ref().is_some_and(|f| f.ip == 0),
        _ => false,
    };
    if unstarted && args[1] != vm.none() {
        return Err(vm.type_error("can't send non-None value to a just-started generator"));
    }
    vm.incref(args[1]);
    vm.gen_send(args[0], Some(args[1]))
}

/// `gen.throw(type[, value[, traceback]])`: raise an exception where the generator is
/// suspended; what it yields next is the result.
fn gen_throw(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "throw", args, 2, 4)?;
    let exc = make_thrown(vm, args[1], args.get(2).copied())?;
    match vm.gen_throw(args[0], exc)? {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(r) => Err(vm.stop_iteration_value(r)),
    }
}

/// `_gen_throw`'s argument checks: a class is instantiated (with `value` as its argument), an
/// instance is used as it is and then takes no separate value.
fn make_thrown(vm: &mut Vm, typ: ObjId, value: Option<ObjId>) -> PyResult<PyErr> {
    let none = vm.none();
    let value = value.filter(|&v| v != none);
    let base = vm.exc_types[ExcKind::BaseException as usize];
    if matches!(vm.payload(typ), Payload::Type(_)) && vm.is_subtype(typ, base) {
        let args = match value {
            Some(v) => match vm.payload(v) {
                Payload::Tuple(t) => t.to_vec(),
                _ => vec![v],
            },
            None => Vec::new(),
        };
        let exc = vm.call_object(typ, &args, &[])?;
        return Ok(PyErr(exc));
    }
    if vm.is_subtype(vm.type_of(typ), base) {
        if value.is_some() {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        return Ok(PyErr(vm.new_ref(typ)));
    }
    let msg = format!(
        "exceptions must be classes or instances deriving from BaseException, not {}",
        vm.type_name(typ)
    );
    Err(vm.type_error(&msg))
}

/// `gen.close()`.
fn gen_close(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "close", args, 1, 1)?;
    vm.gen_close(args[0])?;
    Ok(vm.new_none())
}
