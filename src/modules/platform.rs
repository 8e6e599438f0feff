//! `platform`, as far as a snippet asks which Python runs it: the model is CPython 3.11.7 on
//! 64-bit Linux (the host's own release and node name are not the model's to tell).

use crate::builtins::{check_count, func, BuiltinDef};
use crate::object::ObjId;
use crate::vm::{PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("python_implementation", python_implementation),
    func("python_version", python_version),
    func("python_version_tuple", python_version_tuple),
    func("system", system),
    func("machine", machine),
];

pub fn init(vm: &mut Vm, module: ObjId) {
    vm.module_add_functions(module, FUNCTIONS);
}

fn text(vm: &mut Vm, args: &[ObjId], name: &str, s: &str) -> PyResult<ObjId> {
    check_count(vm, name, args, 0, 0)?;
    Ok(vm.new_str(s))
}

fn python_implementation(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    text(vm, args, "python_implementation", "CPython")
}

fn python_version(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    text(vm, args, "python_version", "3.11.7")
}

fn python_version_tuple(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "python_version_tuple", args, 0, 0)?;
    let parts: Vec<ObjId> = ["3", "11", "7"].iter().map(|p| vm.new_str(p)).collect();
    Ok(vm.new_tuple(parts))
}

fn system(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    text(vm, args, "system", "Linux")
}

fn machine(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    text(vm, args, "machine", "x86_64")
}
