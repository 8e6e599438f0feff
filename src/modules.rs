//! The modules a snippet can import. Everything else is refused with
//! `ModuleNotFoundError: refscope models no module named 'os'` (snippets run sandboxed).

pub mod copy;
pub mod gc;
pub mod math;
pub mod platform;
pub mod sys;
pub mod weakref;

use crate::builtins::{BuiltinDef, Kind};
use crate::object::{BuiltinFn, BuiltinType, Module, ObjId, Payload, PyDict};
use crate::vm::objects::Layout;
use crate::vm::{ExcKind, PyResult, Vm};

/// The modules refscope models.
pub const MODELLED: &[&str] = &[
    "sys", "gc", "ctypes", "copy", "weakref", "math", "builtins", "platform",
];

impl Vm {
    /// `import name`: the module object (a new reference), made on first import.
    pub fn import_module(&mut self, name: &str) -> PyResult<ObjId> {
        if let Some(&m) = self.modules.get(name) {
            return Ok(self.new_ref(m));
        }
        let top = name.split('.').next().unwrap_or(name);
        if !MODELLED.contains(&top) || top != name {
            // the snippet's own module (`sys.path[0]`), when whoever opened it can read one
            if let Some(m) = self.import_user_module(name)? {
                return Ok(m);
            }
            let msg = format!("refscope models no module named '{name}'");
            let e = self.new_exception(ExcKind::ModuleNotFoundError, &msg);
            return Err(e);
        }
        if name == "builtins" {
            let b = self.builtins_module;
            return Ok(self.new_ref(b));
        }
        // module objects belong to the interpreter, like CPython's builtin modules
        let was = self.heap.bootstrapping;
        self.heap.bootstrapping = true;
        let m = self.create_module(name);
        self.heap.bootstrapping = was;
        self.modules.insert(name.to_string(), m);
        if name != "sys" {
            self.sys_modules_add(name, m);
        }
        Ok(self.new_ref(m))
    }

    /// Record a newly imported module in `sys.modules` (once `sys` itself is imported).
    pub(crate) fn sys_modules_add(&mut self, name: &str, m: ObjId) {
        let Some(&sys) = self.modules.get("sys") else {
            return;
        };
        let Payload::Module(sm) = self.heap.payload(sys) else {
            return;
        };
        let sys_dict = sm.dict;
        let key = self.new_interned("modules");
        let d = self.dict_getitem_str(sys_dict, key);
        self.decref(key);
        if let Some(d) = d {
            if matches!(self.heap.payload(d), Payload::Dict(_)) {
                let k = self.new_interned(name);
                let _ = self.dict_setitem(d, k, m);
                self.decref(k);
            }
        }
    }

    fn create_module(&mut self, name: &str) -> ObjId {
        let module = self.new_module(name);
        match name {
            "sys" => sys::init(self, module),
            "gc" => gc::init(self, module),
            "ctypes" => {
                let t = self.ty(BuiltinType::CLong);
                self.module_set(module, "c_long", t);
                self.module_set(module, "c_ssize_t", t);
            }
            "copy" => copy::init(self, module),
            "weakref" => weakref::init(self, module),
            "math" => math::init(self, module),
            "platform" => platform::init(self, module),
            _ => {}
        }
        module
    }

    /// A new module object with `__name__` and `__doc__`.
    pub fn new_module(&mut self, name: &str) -> ObjId {
        let dict = self.new_dict_from(PyDict::new(), false);
        let t = self.ty(BuiltinType::Module);
        let m = self.alloc(
            t,
            Payload::Module(Box::new(Module {
                name: name.to_string(),
                dict,
            })),
            Layout::gc(56),
        );
        let n = self.new_str(name);
        self.module_set(m, "__name__", n);
        self.decref(n);
        let none = self.none();
        self.module_set(m, "__doc__", none);
        m
    }

    /// Set a module attribute (the value is borrowed).
    pub fn module_set(&mut self, module: ObjId, name: &str, value: ObjId) {
        let dict = match self.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return,
        };
        let key = self.new_interned(name);
        let _ = self.dict_setitem(dict, key, value);
        self.decref(key);
    }

    /// Add builtin functions to a module (each bound to the module, as CPython's are).
    pub fn module_add_functions(&mut self, module: ObjId, defs: &'static [BuiltinDef]) {
        let t = self.ty(BuiltinType::BuiltinFunction);
        for def in defs {
            debug_assert_eq!(def.kind, Kind::Function);
            self.incref(module);
            let f = self.alloc(
                t,
                Payload::Builtin(Box::new(BuiltinFn {
                    func: crate::builtins::Builtin(def),
                    self_: Some(module),
                })),
                Layout::gc(56),
            );
            self.module_set(module, def.name, f);
            self.decref(f);
        }
    }

    /// `IMPORT_FROM`: `from module import name`.
    pub(crate) fn import_from(&mut self, module: ObjId, name: ObjId) -> PyResult<ObjId> {
        match self.getattr(module, name) {
            Ok(v) => Ok(v),
            Err(e) if self.is_instance_of_kind(e.0, ExcKind::AttributeError) => {
                self.decref(e.0);
                let mname = match self.payload(module) {
                    Payload::Module(m) => m.name.clone(),
                    _ => "?".into(),
                };
                let msg = format!(
                    "cannot import name '{}' from '{}' (unknown location)",
                    self.str_of(name),
                    mname
                );
                Err(self.new_exception(ExcKind::ImportError, &msg))
            }
            Err(e) => Err(e),
        }
    }

    /// `from module import *`: public names into the current namespace.
    pub(crate) fn import_star(&mut self, module: ObjId) -> PyResult<()> {
        let dict = match self.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return Ok(()),
        };
        let ns = {
            let f = self.frames.last().expect("frame");
            f.locals_dict.unwrap_or(f.globals)
        };
        for (k, v) in self.dict_pairs(dict) {
            if self.str_of(k).starts_with('_') {
                continue;
            }
            self.dict_setitem(ns, k, v)?;
        }
        Ok(())
    }
}
