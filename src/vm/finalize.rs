//! Interpreter exit: what `python3 script.py` does after the last line (`Py_FinalizeEx` and
//! `finalize_modules` of CPython 3.11's `Python/pylifecycle.c`).
//!
//! The order decides what a `__del__` or a weakref callback sees when it runs at exit:
//!
//! 1. `atexit` callbacks, newest first (`weakref.finalize` runs its finalizers here), with every
//!    module intact.
//! 2. `PyGC_Collect`: a full collection (with `gc.callbacks`), unless `gc.disable()` is in
//!    force. Cycles the script dropped are freed now, and their finalizers still see the
//!    module's globals.
//! 3. `finalize_modules`: every module leaves `sys.modules` (remembered by a weak reference);
//!    `__main__`, no longer held by anything but its own globals' functions and classes, dies
//!    or becomes cyclic garbage; `_PyGC_CollectNoFail` collects it. The globals are intact
//!    while those finalizers run:
//!
//!    ```python
//!    class A:
//!        def __del__(self): print('del', x)
//!    a = A()
//!    x = 5          # at exit: "del 5" (the dict, A, its __del__ and `a` are one cycle)
//!    ```
//! 4. Modules still alive after that have their dicts cleared (`_PyModule_Clear`: names
//!    starting with one underscore first, then the others), the most recently imported first,
//!    and a last collection runs.

use crate::object::{ObjId, Payload};

use super::Vm;

impl Vm {
    /// `Py_FinalizeEx` for a script.
    pub fn finalize(&mut self) {
        self.run_atexit_callbacks();
        if self.gc.enabled {
            self.gc_collect(2);
        }
        self.finalize_modules();
    }

    /// `finalize_modules`.
    fn finalize_modules(&mut self) {
        // finalize_remove_modules: sys.modules[name] = None for every module, each remembered
        // weakly, in import order
        let mut modules: Vec<(String, ObjId)> =
            self.modules.iter().map(|(k, &v)| (k.clone(), v)).collect();
        modules.sort_by_key(|(_, m)| self.heap.meta(*m).serial);
        let weaklist: Vec<(ObjId, u64)> = modules
            .iter()
            .map(|&(_, m)| (m, self.heap.meta(m).serial))
            .collect();
        if let Some(d) = self.sys_modules_dict() {
            self.incref(d);
            let none = self.none();
            for (k, v) in self.dict_pairs(d) {
                if matches!(self.heap.payload(v), Payload::Module(_)) {
                    self.incref(k);
                    if let Err(e) = self.dict_setitem(d, k, none) {
                        self.decref(e.0);
                    }
                    self.decref(k);
                }
            }
            // finalize_clear_modules_dict
            self.dict_clear(d);
            self.decref(d);
        }
        // the interpreter's own registry, and the start-up reference to __main__
        let main = self.main_module;
        let main_dict = (self.main_dict, self.heap.meta(self.main_dict).serial);
        let main_serial = self.heap.meta(main).serial;
        for (_, m) in std::mem::take(&mut self.modules) {
            self.decref(m);
        }
        // __main__ and its globals become ordinary objects the collector may free
        for id in [main, main_dict.0] {
            if self.heap.gc_list_of(id) == Some(crate::heap::PERMANENT) {
                self.heap.gc_list_remove(id, crate::heap::PERMANENT);
                self.heap.gc_list_append(id, 2);
            }
        }
        let base = self.heap.meta(main).base_refs();
        if base > 0 {
            self.heap.meta_mut(main).set_base_refs(0);
            for _ in 0..base {
                self.decref(main);
            }
        }
        self.gc_collect_no_fail();
        // finalize_modules_clear_weaklist: the modules something still holds, newest first
        let builtins = self.builtins_module;
        for &(m, serial) in weaklist.iter().rev() {
            if !self.heap.is_live(m) || self.heap.meta(m).serial != serial || m == builtins {
                continue;
            }
            let dict = match self.heap.payload(m) {
                Payload::Module(md) if md.name != "sys" => md.dict,
                _ => continue,
            };
            self.incref(m);
            self.module_clear_dict(dict);
            self.decref(m);
        }
        self.gc_collect_no_fail();
        self.keep_main_namespace_valid(main_dict, (main, main_serial));
    }

    /// `sys.modules`, once `sys` has been imported (borrowed).
    fn sys_modules_dict(&mut self) -> Option<ObjId> {
        let sys = *self.modules.get("sys")?;
        let Payload::Module(m) = self.heap.payload(sys) else {
            return None;
        };
        let d = m.dict;
        let key = self.new_interned("modules");
        let v = self.dict_getitem_str(d, key);
        self.decref(key);
        v.filter(|&v| matches!(self.heap.payload(v), Payload::Dict(_)))
    }

    /// `_PyModule_ClearDict`: names with one leading underscore become None first, then every
    /// other name but `__builtins__`.
    pub(crate) fn module_clear_dict(&mut self, dict: ObjId) {
        if !self.heap.is_live(dict) {
            return;
        }
        self.incref(dict);
        let none = self.none();
        for pass in 0..2 {
            for (k, v) in self.dict_pairs(dict) {
                if v == none {
                    continue;
                }
                let name = self.str_of(k);
                let single_underscore = name.starts_with('_') && !name.starts_with("__");
                let clear = if pass == 0 {
                    single_underscore
                } else {
                    name != "__builtins__"
                };
                if clear {
                    self.incref(k);
                    if let Err(e) = self.dict_setitem(dict, k, none) {
                        self.decref(e.0);
                    }
                    self.decref(k);
                }
            }
        }
        self.decref(dict);
    }

    /// After exit `__main__` and its globals may be gone; the views that still ask for them
    /// get an empty namespace rather than a freed (or reused) id.
    fn keep_main_namespace_valid(&mut self, dict: (ObjId, u64), module: (ObjId, u64)) {
        let alive = |vm: &Vm, (id, serial): (ObjId, u64)| {
            vm.heap.is_live(id) && vm.heap.meta(id).serial == serial
        };
        if alive(self, dict) && alive(self, module) {
            return;
        }
        let was = self.heap.bootstrapping;
        self.heap.bootstrapping = true;
        let m = self.new_module("__main__");
        self.heap.meta_mut(m).set_base_refs(1);
        if let Payload::Module(md) = self.heap.payload(m) {
            self.main_dict = md.dict;
        }
        self.main_module = m;
        self.heap.bootstrapping = was;
    }
}
