//! `types`: the types of builtin objects under their public names (`FunctionType`,
//! `GeneratorType`, `MappingProxyType`...), and the Python half in `py/types.py`
//! (`SimpleNamespace`, `new_class`).

use crate::object::{BuiltinType, ObjId};
use crate::vm::Vm;

/// The Python half, run after [`init`].
pub const SOURCE: &str = include_str!("py/types.py");

const TYPES: &[(&str, BuiltinType)] = &[
    ("FunctionType", BuiltinType::Function),
    ("LambdaType", BuiltinType::Function),
    ("CodeType", BuiltinType::Code),
    ("MappingProxyType", BuiltinType::MappingProxy),
    ("CellType", BuiltinType::Cell),
    ("GeneratorType", BuiltinType::Generator),
    ("MethodType", BuiltinType::Method),
    ("BuiltinFunctionType", BuiltinType::BuiltinFunction),
    ("BuiltinMethodType", BuiltinType::BuiltinFunction),
    ("MethodDescriptorType", BuiltinType::MethodDescriptor),
    (
        "ClassMethodDescriptorType",
        BuiltinType::ClassMethodDescriptor,
    ),
    ("WrapperDescriptorType", BuiltinType::WrapperDescriptor),
    ("MethodWrapperType", BuiltinType::MethodWrapper),
    ("GenericAlias", BuiltinType::GenericAlias),
    ("UnionType", BuiltinType::UnionType),
    ("ModuleType", BuiltinType::Module),
    ("TracebackType", BuiltinType::Traceback),
    ("FrameType", BuiltinType::Frame),
    ("GetSetDescriptorType", BuiltinType::GetSetDescriptor),
    ("MemberDescriptorType", BuiltinType::MemberDescriptor),
    ("NoneType", BuiltinType::NoneType),
    ("NotImplementedType", BuiltinType::NotImplementedType),
    ("EllipsisType", BuiltinType::Ellipsis),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    for &(name, bt) in TYPES {
        let t = vm.ty(bt);
        vm.module_set(m, name, t);
    }
}
