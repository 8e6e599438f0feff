//! Every name CPython 3.11's builtin types have (recorded from python3 by
//! `scripts/record_builtin_dir.py` into `src/builtins/cpython_dir.jsonl`) exists on the
//! model's type: reading it never raises AttributeError, and using one the model does not
//! implement raises `NotImplementedError: refscope does not model T.name`.

use refscope::builtins::cpython_dir::record;
use refscope::object::{ObjId, Payload};
use refscope::vm::{ExcKind, Vm, VmOptions};

/// Recorded types the model has no type for, exactly (the model calls `weakref.ref`'s type
/// `weakref`, not `ReferenceType`).
const TYPES_NOT_IN_THE_MODEL: &[&str] = &["ReferenceType", "UnicodeTranslateError"];

/// Names `dir()` lists that CPython itself answers with AttributeError when read on the type
/// (`type_abstractmethods` refuses `type`, and any class without abstract methods).
const CPYTHON_RAISES_TOO: &[&str] = &[
    "type.__abstractmethods__",
    // type_get_annotations: a static type has none
    "type.__annotations__",
    "function.__annotations__",
    "module.__annotations__",
];

fn type_by_name(vm: &Vm, name: &str) -> Option<ObjId> {
    vm.types
        .iter()
        .chain(vm.exc_types.iter())
        .copied()
        .find(|&t| matches!(vm.payload(t), Payload::Type(tt) if tt.name == name))
}

fn exception_text(vm: &Vm, e: ObjId) -> String {
    match vm.payload(e) {
        Payload::Exception(ex) => vm
            .tuple_items(ex.args)
            .first()
            .map(|&a| vm.str_of(a).to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[test]
fn every_name_of_cpythons_builtin_types_exists_on_the_models() {
    let mut vm = Vm::new(VmOptions::default());
    let mut missing_types: Vec<String> = Vec::new();
    let mut attribute_errors: Vec<String> = Vec::new();
    let mut checked = 0;
    // "module NAME" entries carry a module's function docstrings, not a type's names
    for e in record()
        .entries
        .iter()
        .filter(|e| !e.ty.starts_with("module "))
    {
        let Some(ty) = type_by_name(&vm, &e.ty) else {
            if !missing_types.contains(&e.ty) {
                missing_types.push(e.ty.clone());
            }
            continue;
        };
        checked += 1;
        match vm.getattr_str(ty, &e.name) {
            Ok(v) => vm.decref(v),
            Err(err)
                if vm.is_instance_of_kind(err.0, ExcKind::AttributeError)
                    && CPYTHON_RAISES_TOO.contains(&format!("{}.{}", e.ty, e.name).as_str()) =>
            {
                vm.decref(err.0);
            }
            Err(err) if vm.is_instance_of_kind(err.0, ExcKind::AttributeError) => {
                attribute_errors.push(format!(
                    "{}.{}: {}",
                    e.ty,
                    e.name,
                    exception_text(&vm, err.0)
                ));
                vm.decref(err.0);
            }
            Err(err) => {
                // only a placeholder may refuse, and it must say what it is
                assert!(
                    vm.is_instance_of_kind(err.0, ExcKind::NotImplementedError),
                    "{}.{} raised {}",
                    e.ty,
                    e.name,
                    exception_text(&vm, err.0)
                );
                vm.decref(err.0);
            }
        }
    }
    assert!(checked > 1000, "only {checked} names checked");
    assert!(
        attribute_errors.is_empty(),
        "AttributeError for names CPython has:\n{}",
        attribute_errors.join("\n")
    );
    assert_eq!(missing_types, TYPES_NOT_IN_THE_MODEL);
}

#[test]
fn an_unmodelled_method_names_itself_when_called() {
    let src = "try:\n    (5).__getnewargs__()\nexcept NotImplementedError as e:\n    print(e)\n\
               print(type(int.__getnewargs__).__name__, 'x'.__class__.__name__)\n";
    let snippet = refscope::load::load_str("x.py", src).expect("loads");
    let mut session = refscope::vm::session::Session::new(snippet, VmOptions::default());
    assert_eq!(session.run_to_end(), 0, "{}", session.vm.stderr);
    assert_eq!(
        session.vm.stdout,
        "refscope does not model int.__getnewargs__ (line 2)\nmethod_descriptor str\n"
    );
}
