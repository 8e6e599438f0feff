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
    let exc = make_thrown(vm, args[1], args.get(2).copied(), args.get(3).copied())?;
    match vm.gen_throw(args[0], exc)? {
        GenStep::Yielded(v) => Ok(v),
        GenStep::Returned(r) => Err(vm.stop_iteration_value(r)),
    }
}

/// `_gen_throw`'s argument checks and `PyErr_NormalizeException`: a class is instantiated
/// (with `value` as its argument) unless `value` is already an instance of it; an instance
/// is used as it is and then takes no separate value. A traceback given becomes the
/// exception's `__traceback__`, so the frames it came through stay in front of the
/// generator's (`contextlib`'s `__exit__` throws `(type, value, tb)` this way).
fn make_thrown(
    vm: &mut Vm,
    typ: ObjId,
    value: Option<ObjId>,
    tb: Option<ObjId>,
) -> PyResult<PyErr> {
    let none = vm.none();
    let value = value.filter(|&v| v != none);
    let tb = tb.filter(|&t| t != none);
    if let Some(t) = tb {
        if !matches!(vm.payload(t), Payload::Traceback(_)) {
            return Err(vm.type_error("throw() third argument must be a traceback object"));
        }
    }
    let base = vm.exc_types[ExcKind::BaseException as usize];
    let exc = if matches!(vm.payload(typ), Payload::Type(_)) && vm.is_subtype(typ, base) {
        match value {
            Some(v) if vm.is_subtype(vm.type_of(v), typ) => vm.new_ref(v),
            _ => {
                let args = match value {
                    Some(v) => match vm.payload(v) {
                        Payload::Tuple(t) => t.to_vec(),
                        _ => vec![v],
                    },
                    None => Vec::new(),
                };
                vm.call_object(typ, &args, &[])?
            }
        }
    } else if vm.is_subtype(vm.type_of(typ), base) {
        if value.is_some() {
            return Err(vm.type_error("instance exception may not have a separate value"));
        }
        vm.new_ref(typ)
    } else {
        let msg = format!(
            "exceptions must be classes or instances deriving from BaseException, not {}",
            vm.type_name(typ)
        );
        return Err(vm.type_error(&msg));
    };
    if let Some(t) = tb {
        vm.incref(t);
        let old = match vm.heap.payload_mut(exc) {
            Payload::Exception(e) => e.traceback.replace(t),
            _ => {
                vm.decref(t);
                None
            }
        };
        vm.xdecref(old);
    }
    Ok(PyErr(exc))
}

/// `gen.close()`.
fn gen_close(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "close", args, 1, 1)?;
    vm.gen_close(args[0])?;
    Ok(vm.new_none())
}
