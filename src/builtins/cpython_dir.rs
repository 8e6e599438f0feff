//! What CPython 3.11's builtin types have, recorded from python3 by
//! `scripts/record_builtin_dir.py` into `cpython_dir.jsonl`: every name in each type's own
//! `__dict__`, the kind of object it is and its docstring.
//!
//! The model uses the record three ways. Descriptors it implements take CPython's kind
//! (`int.__add__` is a `wrapper_descriptor`, `(5).__add__` a `method-wrapper`,
//! `dict.fromkeys` a `classmethod_descriptor`) and docstring. Names CPython's type has and
//! the model does not implement get a placeholder of the same kind, so `dir(int)` lists
//! what CPython lists and `int.__getnewargs__` exists; using one raises
//! `NotImplementedError: refscope does not model int.__getnewargs__` instead of an
//! AttributeError CPython would never give. A getset or member placeholder first asks the
//! model's own attribute code (`(5).real` works), and raises only when that has nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::object::{BuiltinType, MethodDescr, ObjId, Payload};
use crate::vm::Vm;

use super::{BuiltinDef, Kind};

/// One name of one type's `__dict__`.
#[derive(serde::Deserialize)]
pub struct DirEntry {
    #[serde(rename = "type")]
    pub ty: String,
    pub name: String,
    /// `type(T.__dict__[name]).__name__`.
    pub kind: String,
    pub doc: Option<String>,
    /// Where the name is in the type's `__dict__` (its insertion order).
    #[serde(default)]
    pub pos: Option<usize>,
}

/// The record, parsed once per process.
pub struct Record {
    pub entries: Vec<DirEntry>,
    /// (type name, attribute name) to index in `entries`.
    index: HashMap<(String, String), usize>,
}

impl Record {
    pub fn get(&self, ty: &str, name: &str) -> Option<&DirEntry> {
        self.index
            .get(&(ty.to_string(), name.to_string()))
            .map(|&i| &self.entries[i])
    }
}

pub fn record() -> &'static Record {
    static RECORD: OnceLock<Record> = OnceLock::new();
    RECORD.get_or_init(|| {
        let entries: Vec<DirEntry> = include_str!("cpython_dir.jsonl")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let index = entries
            .iter()
            .enumerate()
            .map(|(i, e)| ((e.ty.clone(), e.name.clone()), i))
            .collect();
        Record { entries, index }
    })
}

/// The placeholder definitions: one leaked `BuiltinDef` per recorded name, made once per
/// process (their names must be `'static`).
fn placeholder_def(name: &str, kind: Kind) -> &'static BuiltinDef {
    static DEFS: OnceLock<std::sync::Mutex<HashMap<(String, bool), &'static BuiltinDef>>> =
        OnceLock::new();
    let attr = kind == Kind::NotModelledAttr;
    let mut defs = DEFS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(d) = defs.get(&(name.to_string(), attr)) {
        return d;
    }
    let def: &'static BuiltinDef = Box::leak(Box::new(BuiltinDef {
        name: Box::leak(name.to_string().into_boxed_str()),
        call: not_modelled,
        kind,
        varargs: false,
    }));
    defs.insert((name.to_string(), attr), def);
    def
}

/// Never reached: calls of a `NotModelled` placeholder raise before the function runs.
fn not_modelled(
    vm: &mut Vm,
    _args: &[ObjId],
    _kwargs: &[(ObjId, ObjId)],
) -> crate::vm::PyResult<ObjId> {
    Err(vm.unsupported("this builtin"))
}

/// The builtin type whose kind a recorded descriptor has.
fn kind_type(kind: &str) -> Option<BuiltinType> {
    Some(match kind {
        "method_descriptor" => BuiltinType::MethodDescriptor,
        "wrapper_descriptor" => BuiltinType::WrapperDescriptor,
        "classmethod_descriptor" => BuiltinType::ClassMethodDescriptor,
        "getset_descriptor" => BuiltinType::GetSetDescriptor,
        "member_descriptor" => BuiltinType::MemberDescriptor,
        "builtin_function_or_method" => BuiltinType::BuiltinFunction,
        "staticmethod" => BuiltinType::BuiltinFunction,
        _ => return None,
    })
}

/// Give the model's builtin types what the record says they have: CPython's kinds for the
/// descriptors the model implements, `None` where CPython's dict has `None`
/// (`list.__hash__`), placeholders for the rest. Runs at the end of start-up.
pub fn apply(vm: &mut Vm) {
    let rec = record();
    // the model's builtin type objects by CPython name
    let mut by_name: HashMap<String, ObjId> = HashMap::new();
    for &t in vm.types.iter().chain(vm.exc_types.iter()) {
        if let Payload::Type(tt) = vm.heap.payload(t) {
            by_name.entry(tt.name.clone()).or_insert(t);
        }
    }
    // the record names types by `__name__`: `weakref.ReferenceType` is `ReferenceType`
    for &t in vm.types.iter() {
        if let Payload::Type(tt) = vm.heap.payload(t) {
            if let Some((_, short)) = tt.name.rsplit_once('.') {
                by_name.entry(short.to_string()).or_insert(t);
            }
        }
    }
    for e in &rec.entries {
        let Some(&ty) = by_name.get(&e.ty) else {
            continue;
        };
        if e.name == "__doc__" {
            continue;
        }
        // what the model already has on this type itself
        let own = vm.builtin_own_attr(ty, &e.name);
        // a descriptor the model shares between builtin types that share an implementation
        // (every exception class runs `BaseException_init`), where CPython's dict of this
        // type holds one of its own: `Exception.__init__` is "of 'Exception' objects"
        if let Some(d) = own {
            if let Payload::MethodDescr(m) = vm.heap.payload(d) {
                if m.owner != ty {
                    // a class with a `tp_str` of its own formats its instances its own way;
                    // `BaseException.__str__` is plain `BaseException_str`
                    let func = if e.name == "__str__" && vm.is_exception_type(ty) {
                        super::Builtin(&super::methods::EXCEPTION_STR_OWN)
                    } else {
                        m.func
                    };
                    let descr_t = vm.heap.get(d).ty;
                    let id = crate::vm::bootstrap::static_object(
                        vm,
                        descr_t,
                        Payload::MethodDescr(Box::new(MethodDescr { func, owner: ty })),
                        80,
                        1,
                    );
                    vm.incref(ty);
                    vm.set_builtin_attr(ty, e.name.as_str(), id);
                    continue;
                }
            }
        }
        if let Some(d) = own {
            if let (Payload::MethodDescr(_), Some(kt)) = (vm.heap.payload(d), kind_type(&e.kind)) {
                if kt != BuiltinType::BuiltinFunction && kt != BuiltinType::GetSetDescriptor {
                    let t = vm.ty(kt);
                    vm.heap.get_mut(d).ty = t;
                }
            }
            continue;
        }
        if e.kind == "NoneType" {
            let none = vm.none();
            vm.set_builtin_attr(ty, e.name.as_str(), none);
            continue;
        }
        let Some(kt) = kind_type(&e.kind) else {
            continue;
        };
        // a wrapper whose builtin code is shared by every type that has the slot
        let shared = match kt {
            BuiltinType::WrapperDescriptor | BuiltinType::MethodDescriptor => {
                super::methods::slots::generic(&e.name)
            }
            BuiltinType::ClassMethodDescriptor => super::methods::slots::generic_class(&e.name),
            // `tp_new_wrapper`: `X.__new__(X, *args)` is what calling `X` makes
            BuiltinType::BuiltinFunction if e.name == "__new__" => Some(super::descr::new_slot()),
            _ => None,
        };
        {
            if let Some(def) = shared {
                let descr_t = vm.ty(kt);
                let id = crate::vm::bootstrap::static_object(
                    vm,
                    descr_t,
                    Payload::MethodDescr(Box::new(MethodDescr {
                        func: super::Builtin(def),
                        owner: ty,
                    })),
                    80,
                    1,
                );
                vm.incref(ty);
                vm.set_builtin_attr(ty, e.name.as_str(), id);
                continue;
            }
        }
        let kind = match kt {
            BuiltinType::GetSetDescriptor | BuiltinType::MemberDescriptor => Kind::NotModelledAttr,
            _ => Kind::NotModelled,
        };
        let def = placeholder_def(&e.name, kind);
        let descr_t = vm.ty(kt);
        let id = crate::vm::bootstrap::static_object(
            vm,
            descr_t,
            Payload::MethodDescr(Box::new(MethodDescr {
                func: super::Builtin(def),
                owner: ty,
            })),
            80,
            1,
        );
        vm.incref(ty);
        vm.set_builtin_attr(ty, e.name.as_str(), id);
    }
}

/// The recorded docstring of a builtin type (`int.__doc__`) or of a descriptor of one
/// (`list.append.__doc__`).
pub fn doc(ty: &str, name: &str) -> Option<&'static str> {
    record().get(ty, name).and_then(|e| e.doc.as_deref())
}

/// Where `name` is in CPython's `ty.__dict__` (None: not recorded).
pub fn dict_pos(ty: &str, name: &str) -> Option<usize> {
    record().get(ty, name).and_then(|e| e.pos)
}

/// The recorded names of a builtin type's `__dict__`.
pub fn dict_names(ty: &str) -> impl Iterator<Item = &'static str> + '_ {
    record()
        .entries
        .iter()
        .filter(move |e| e.ty == ty)
        .map(|e| e.name.as_str())
}
