//! The modelled modules' surface, against CPython 3.11.7's (`src/modules/surface.rs`, recorded
//! by `tests/surface/record_surface.py`): every name `dir(module)` lists in CPython either
//! exists in the model or raises `NotImplementedError: refscope does not model <module>.<name>`
//! when used, never an AttributeError; and the model lists no name CPython lacks.

use refscope::modules::surface::MODULE_NAMES;
use refscope::object::Payload;
use refscope::vm::{ExcKind, Vm, VmOptions};

#[test]
fn every_module_name_exists_or_says_it_is_not_modelled() {
    let mut vm = Vm::new(VmOptions::default());
    let mut wrong = Vec::new();
    let mut modelled = 0;
    for (module, names) in MODULE_NAMES {
        let m = vm.import_module(module).expect("a modelled module imports");
        for name in names.iter() {
            match vm.getattr_str(m, name) {
                Ok(v) => {
                    modelled += 1;
                    vm.decref(v);
                }
                Err(e) => {
                    let is_nie = vm.is_instance_of_kind(e.0, ExcKind::NotImplementedError);
                    let msg = vm.exception_message(e.0);
                    let expected = format!("refscope does not model {module}.{name}");
                    if !is_nie || !msg.starts_with(&expected) {
                        wrong.push(format!("{module}.{name}: {}", vm.exception_line(e.0)));
                    }
                    vm.decref(e.0);
                }
            }
        }
        vm.decref(m);
    }
    assert!(
        wrong.is_empty(),
        "names that fail the wrong way:\n{}",
        wrong.join("\n")
    );
    assert!(modelled > 100, "only {modelled} names are modelled");
}

#[test]
fn the_model_invents_no_module_names() {
    let mut vm = Vm::new(VmOptions::default());
    let mut invented = Vec::new();
    for (module, names) in MODULE_NAMES {
        let m = vm.import_module(module).expect("a modelled module imports");
        let dict = match vm.payload(m) {
            Payload::Module(md) => md.dict,
            _ => unreachable!("a module"),
        };
        for (k, _) in vm.dict_pairs(dict) {
            let k = vm.str_of(k).to_string();
            if !names.contains(&k.as_str()) {
                invented.push(format!("{module}.{k}"));
            }
        }
        vm.decref(m);
    }
    assert!(
        invented.is_empty(),
        "names CPython does not have: {invented:?}"
    );
}
