//! Importing the snippet's own modules: `import helpers` finds `helpers.py` next to the
//! snippet, as `sys.path[0]` (the script's directory) makes CPython find it.
//!
//! The engine reads no files itself: whoever opened the snippet gives the VM a
//! [`ModuleSource`] hook that answers "the source of module `name`, if there is one", and
//! [`source_dir`] makes the usual one (a file `<dir>/<name>.py`, nothing else). The module is
//! then made as `PyImport_ExecCodeModule` makes it: a module object entered in `sys.modules`
//! first (so circular imports see it), its code run with the module's dict as globals, the
//! entry removed again if the code raises.

use std::path::PathBuf;

use crate::object::{ObjId, Payload};

use super::{PyResult, Vm};

/// The source of a module the snippet imports: `(file name, source text)`, or None when
/// there is no such module.
pub type ModuleSource = super::Hook<dyn FnMut(&str) -> Option<(String, String)> + Send>;

impl ModuleSource {
    pub fn new(f: impl FnMut(&str) -> Option<(String, String)> + Send + 'static) -> ModuleSource {
        super::Hook(std::sync::Arc::new(std::sync::Mutex::new(Box::new(f))))
    }
}

/// A [`ModuleSource`] that reads `<dir>/<name>.py` for a plain module name (an identifier:
/// no packages, no paths).
pub fn source_dir(dir: PathBuf) -> ModuleSource {
    ModuleSource::new(move |name: &str| {
        let ok = !name.is_empty()
            && !name.starts_with(|c: char| c.is_ascii_digit())
            && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if !ok {
            return None;
        }
        let path = dir.join(format!("{name}.py"));
        let text = std::fs::read_to_string(&path).ok()?;
        Some((path.to_string_lossy().into_owned(), text))
    })
}

impl Vm {
    /// Import `name` from the snippet's own modules, if the source hook has it. A new
    /// reference to the module; Ok(None) when there is no such module.
    pub(crate) fn import_user_module(&mut self, name: &str) -> PyResult<Option<ObjId>> {
        let Some(hook) = self.module_source.as_mut() else {
            return Ok(None);
        };
        let found = (hook.lock())(name);
        let Some((filename, source)) = found else {
            return Ok(None);
        };
        let module = self.new_module(name);
        let dict = match self.heap.payload(module) {
            Payload::Module(m) => m.dict,
            _ => return Ok(None),
        };
        let file = self.new_string(filename.clone());
        self.module_set(module, "__file__", file);
        self.decref(file);
        let b = self.builtins_module;
        self.module_set(module, "__builtins__", b);
        // in sys.modules before the code runs
        self.incref(module);
        self.modules.insert(name.to_string(), module);
        self.sys_modules_add(name, module);
        let r = self
            .compile_source(&source, &filename, crate::compile::Mode::Exec)
            .and_then(|(code, arena)| {
                let r = self.run_code_object(code, dict, Some(dict));
                self.decref(code);
                arena.release(self);
                r
            });
        match r {
            Ok(v) => {
                self.decref(v);
                Ok(Some(module))
            }
            Err(e) => {
                if let Some(m) = self.modules.remove(name) {
                    self.decref(m);
                }
                self.decref(module);
                Err(e)
            }
        }
    }
}
