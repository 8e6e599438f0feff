//! How the views name objects: short reprs that run no Python code (safe to compute for any
//! object at any step), and labels for holders (`__main__ globals`, `co_consts of <module>`,
//! `attribute namespace of A @0x7f...`).

use std::collections::HashMap;

use crate::object::float::{complex_repr, float_repr};
use crate::object::str::{bytes_repr, str_repr};
use crate::object::{DictViewKind, ObjId, Payload};
use crate::vm::Vm;

/// A short repr, at most `max` characters, without calling user code.
pub fn short_repr(vm: &Vm, id: ObjId, max: usize) -> String {
    let mut out = String::new();
    let mut path = Vec::new();
    write_repr(vm, id, 2, &mut out, max + 1, &mut path);
    truncate(out, max)
}

fn truncate(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

fn addr(vm: &Vm, id: ObjId) -> String {
    format!("0x{:x}", vm.heap.get(id).addr)
}

fn write_items(
    vm: &Vm,
    items: &[ObjId],
    depth: u32,
    out: &mut String,
    budget: usize,
    path: &mut Vec<ObjId>,
) {
    for (i, &item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if out.len() > budget || i >= 12 {
            out.push('…');
            return;
        }
        write_repr(vm, item, depth, out, budget, path);
    }
}

/// `path` holds the containers being written, so one that contains itself shows as `[...]`
/// (as `Py_ReprEnter` makes Python's repr do).
fn write_repr(
    vm: &Vm,
    id: ObjId,
    depth: u32,
    out: &mut String,
    budget: usize,
    path: &mut Vec<ObjId>,
) {
    if out.len() > budget {
        return;
    }
    if path.contains(&id) {
        out.push_str(match vm.payload(id) {
            Payload::List(_) => "[...]",
            Payload::Dict(_) => "{...}",
            Payload::Tuple(_) => "(...)",
            _ => "...",
        });
        return;
    }
    path.push(id);
    write_repr_inner(vm, id, depth, out, budget, path);
    path.pop();
}

fn write_repr_inner(
    vm: &Vm,
    id: ObjId,
    depth: u32,
    out: &mut String,
    budget: usize,
    path: &mut Vec<ObjId>,
) {
    match vm.payload(id) {
        Payload::None => out.push_str("None"),
        Payload::NotImplemented => out.push_str("NotImplemented"),
        Payload::Ellipsis => out.push_str("Ellipsis"),
        Payload::Bool(b) => out.push_str(if *b { "True" } else { "False" }),
        Payload::Int(n) => out.push_str(&n.to_string()),
        Payload::BigInt(n) => {
            let s = n.to_string();
            if s.len() > 40 {
                out.push_str(&format!("{}…({} digits)", &s[..20], s.len()));
            } else {
                out.push_str(&s);
            }
        }
        Payload::Float(f) => out.push_str(&float_repr(*f)),
        Payload::Complex(re, im) => out.push_str(&complex_repr(*re, *im)),
        Payload::Str(s) => {
            let text: String = s
                .as_str()
                .chars()
                .take(budget.saturating_sub(out.len()) + 2)
                .collect();
            out.push_str(&str_repr(&text));
        }
        Payload::Bytes(b) => out.push_str(&bytes_repr(&b[..b.len().min(budget)])),
        Payload::Tuple(t) => {
            if depth == 0 {
                out.push_str("(…)");
                return;
            }
            out.push('(');
            write_items(vm, t, depth - 1, out, budget, path);
            if t.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        Payload::List(l) => {
            if depth == 0 {
                out.push_str("[…]");
                return;
            }
            out.push('[');
            write_items(vm, &l.items, depth - 1, out, budget, path);
            out.push(']');
        }
        Payload::Dict(d) => {
            if depth == 0 {
                out.push_str("{…}");
                return;
            }
            out.push('{');
            for (i, e) in d.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if out.len() > budget || i >= 8 {
                    out.push('…');
                    break;
                }
                write_repr(vm, e.key, depth - 1, out, budget, path);
                out.push_str(": ");
                write_repr(vm, e.value, depth - 1, out, budget, path);
            }
            out.push('}');
        }
        Payload::Set(s) | Payload::FrozenSet(s) => {
            let frozen = matches!(vm.payload(id), Payload::FrozenSet(_));
            let items: Vec<ObjId> = s.iter().collect();
            if items.is_empty() {
                out.push_str(if frozen { "frozenset()" } else { "set()" });
                return;
            }
            if frozen {
                out.push_str("frozenset(");
            }
            out.push('{');
            if depth == 0 {
                out.push('…');
            } else {
                write_items(vm, &items, depth - 1, out, budget, path);
            }
            out.push('}');
            if frozen {
                out.push(')');
            }
        }
        Payload::Range(r) => out.push_str(&format!("range({}, {}, {})", r.start, r.stop, r.step)),
        Payload::Type(_) => out.push_str(&format!("<class '{}'>", vm.class_path(id))),
        Payload::Instance(_) => out.push_str(&format!(
            "<{} object at {}>",
            vm.class_path(vm.type_of(id)),
            addr(vm, id)
        )),
        Payload::Exception(e) => {
            out.push_str(&vm.type_name(id));
            out.push('(');
            let args = vm.tuple_items(e.args);
            write_items(vm, &args, depth.saturating_sub(1), out, budget, path);
            out.push(')');
        }
        Payload::Function(f) => out.push_str(&format!("<function {}>", vm.str_of(f.qualname))),
        Payload::Code(c) => out.push_str(&format!("<code object {}>", c.qualname)),
        Payload::Cell(c) => match c {
            Some(c) => out.push_str(&format!("<cell: {} object>", vm.type_name(*c))),
            None => out.push_str("<cell: empty>"),
        },
        Payload::Method { func, .. } => match vm.payload(*func) {
            Payload::Function(f) => {
                out.push_str(&format!("<bound method {}>", vm.str_of(f.qualname)))
            }
            _ => out.push_str("<bound method>"),
        },
        Payload::Builtin(b) => match b.self_ {
            Some(s) if !matches!(vm.payload(s), Payload::Module(_)) => out.push_str(&format!(
                "<built-in method {} of {} object>",
                b.func.0.name,
                vm.type_name(s)
            )),
            _ => out.push_str(&format!("<built-in function {}>", b.func.0.name)),
        },
        Payload::MethodDescr(d) => out.push_str(&format!(
            "<method '{}' of '{}' objects>",
            d.func.0.name,
            vm.type_name_of_type(d.owner)
        )),
        Payload::GetSetDescr { name, owner } => out.push_str(&format!(
            "<attribute '{name}' of '{}' objects>",
            vm.type_name_of_type(*owner)
        )),
        Payload::MemberDescr { name, owner, .. } => out.push_str(&format!(
            "<member '{}' of '{}' objects>",
            vm.str_of(*name),
            vm.type_name_of_type(*owner)
        )),
        Payload::Module(m) => out.push_str(&format!("<module '{}'>", m.name)),
        Payload::Generator(g) => {
            out.push_str(&format!("<generator object {}>", vm.str_of(g.qualname)))
        }
        Payload::WeakRef(w) => match w.referent {
            Some(r) => out.push_str(&format!(
                "<weakref to '{}' at {}>",
                vm.type_name(r),
                addr(vm, r)
            )),
            None => out.push_str("<weakref; dead>"),
        },
        Payload::DictView { dict, kind } => {
            let name = match kind {
                DictViewKind::Keys => "dict_keys",
                DictViewKind::Values => "dict_values",
                DictViewKind::Items => "dict_items",
            };
            out.push_str(&format!("{name} of dict at {}", addr(vm, *dict)));
        }
        Payload::MappingProxy(dict) => {
            out.push_str(&format!("mappingproxy of dict at {}", addr(vm, *dict)))
        }
        Payload::CLong { addr: a } => out.push_str(&format!("c_long at 0x{a:x}")),
        _ => out.push_str(&format!(
            "<{} object at {}>",
            vm.type_name(id),
            addr(vm, id)
        )),
    }
}

/// Labels for objects that play a role (a module's globals, a class namespace, `co_consts`,
/// an instance's `__dict__`, `__mro__`...), found in one pass over the heap.
pub fn roles(vm: &Vm) -> HashMap<ObjId, String> {
    let mut roles = HashMap::new();
    roles.insert(vm.main_dict, "__main__ globals".to_string());
    roles.insert(vm.builtins_dict, "the builtins namespace".to_string());
    for (name, &m) in &vm.modules {
        if let Payload::Module(module) = vm.payload(m) {
            if module.dict != vm.main_dict {
                roles.insert(module.dict, format!("globals of module {name}"));
            }
        }
    }
    for id in vm.heap.ids() {
        match vm.payload(id) {
            Payload::Code(c) => {
                roles.insert(c.consts_tuple, format!("co_consts of {}", c.qualname));
                roles.insert(c.names_tuple, format!("co_names of {}", c.qualname));
                roles.insert(c.localsplus_tuple, format!("co_varnames of {}", c.qualname));
            }
            Payload::Type(t) if t.builtin.is_none() => {
                if let Some(d) = t.dict {
                    roles.insert(d, format!("namespace of class {}", t.name));
                }
                if let Some(m) = t.mro {
                    roles.insert(m, format!("__mro__ of class {}", t.name));
                }
                if let Some(b) = t.bases {
                    roles.insert(b, format!("__bases__ of class {}", t.name));
                }
            }
            Payload::Instance(inst) => {
                if let Some(d) = inst.dict {
                    roles.insert(
                        d,
                        format!("__dict__ of {} @{}", vm.type_name(id), addr(vm, id)),
                    );
                }
            }
            Payload::Function(f) => {
                let name = vm.str_of(f.qualname);
                if let Some(d) = f.defaults {
                    roles.insert(d, format!("__defaults__ of {name}"));
                }
                if let Some(c) = f.closure {
                    roles.insert(c, format!("__closure__ of {name}"));
                }
            }
            _ => {}
        }
    }
    roles
}

/// How a holder list names an object that has no special role.
pub fn label(vm: &Vm, id: ObjId) -> String {
    match vm.payload(id) {
        Payload::Function(f) => format!("function {}", vm.str_of(f.qualname)),
        Payload::Type(t) => format!("class {}", t.name),
        Payload::Module(m) => format!("module {}", m.name),
        Payload::Code(c) => format!("code of {}", c.qualname),
        Payload::Instance(_) | Payload::Exception(_) => {
            format!("{} @{}", vm.type_name(id), addr(vm, id))
        }
        _ => format!("{} @{}", vm.type_name(id), addr(vm, id)),
    }
}
