//! `atexit`: functions the interpreter calls when the script ends (`Modules/atexitmodule.c`).
//! They run first in `Py_FinalizeEx`, newest first, while every module is intact; an
//! exception in one is reported (`Exception ignored in atexit callback: ...`) and the others
//! still run. `weakref.finalize` registers its `_exitfunc` here. `unregister` empties a slot
//! without shrinking the table, so `_ncallbacks()` counts it until the table is cleared.

use crate::builtins::{func, BuiltinDef};
use crate::object::ObjId;
use crate::vm::{PyResult, Vm};

/// A registered callback (`atexit_callback`): the function, its arguments (a tuple) and
/// keyword arguments (a dict), all owned.
#[derive(Clone)]
pub struct AtexitCallback {
    pub func: ObjId,
    pub args: ObjId,
    pub kwargs: Option<ObjId>,
}

static FUNCTIONS: &[BuiltinDef] = &[
    func("register", register),
    func("unregister", unregister),
    func("_run_exitfuncs", run_exitfuncs),
    func("_clear", clear),
    func("_ncallbacks", ncallbacks),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

/// `atexit.register(func, *args, **kwargs)`: returns `func`.
fn register(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some(&f) = args.first() else {
        return Err(vm.type_error("register() takes at least 1 argument (0 given)"));
    };
    if !vm.is_callable(f) {
        return Err(vm.type_error("the first argument must be callable"));
    }
    for &a in &args[1..] {
        vm.incref(a);
    }
    let rest = vm.new_tuple(args[1..].to_vec());
    let kw = if kwargs.is_empty() {
        None
    } else {
        let d = vm.new_dict();
        for &(k, v) in kwargs {
            vm.dict_setitem(d, k, v)?;
        }
        Some(d)
    };
    vm.incref(f);
    vm.atexit.push(Some(AtexitCallback {
        func: f,
        args: rest,
        kwargs: kw,
    }));
    Ok(vm.new_ref(f))
}

/// `atexit.unregister(func)`: every registration of a function equal to `func` goes.
fn unregister(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let f = crate::builtins::one_arg(vm, "unregister", args, kwargs)?;
    for i in 0..vm.atexit.len() {
        let Some(g) = vm.atexit.get(i).and_then(|c| c.as_ref()).map(|c| c.func) else {
            continue;
        };
        if vm.eq(g, f)? {
            if let Some(cb) = vm.atexit.get_mut(i).and_then(|c| c.take()) {
                release(vm, cb);
            }
        }
    }
    Ok(vm.new_none())
}

fn release(vm: &mut Vm, cb: AtexitCallback) {
    vm.decref(cb.args);
    vm.xdecref(cb.kwargs);
    vm.decref(cb.func);
}

fn run_exitfuncs(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    vm.run_atexit_callbacks();
    Ok(vm.new_none())
}

fn clear(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    for cb in std::mem::take(&mut vm.atexit).into_iter().flatten() {
        release(vm, cb);
    }
    Ok(vm.new_none())
}

fn ncallbacks(vm: &mut Vm, _args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let n = vm.atexit.len();
    Ok(vm.new_usize(n))
}

impl Vm {
    /// `atexit_callfuncs`: call every callback, newest first, then forget them all.
    pub fn run_atexit_callbacks(&mut self) {
        let mut i = self.atexit.len();
        while i > 0 {
            i -= 1;
            let Some(Some(cb)) = self.atexit.get(i) else {
                continue;
            };
            let (f, args, kwargs) = (cb.func, cb.args, cb.kwargs);
            self.incref(f);
            let positional = self.tuple_items(args);
            let named: Vec<(ObjId, ObjId)> = match kwargs {
                Some(d) => self.dict_pairs(d),
                None => Vec::new(),
            };
            match self.call_object(f, &positional, &named) {
                Ok(r) => self.decref(r),
                Err(e) => {
                    let what = self.repr_string(f).unwrap_or_default();
                    let text = self.format_exception(e.0);
                    self.write_stderr(&format!(
                        "Exception ignored in atexit callback: {what}\n{text}"
                    ));
                    self.decref(e.0);
                }
            }
            self.decref(f);
            i = i.min(self.atexit.len());
        }
        for cb in std::mem::take(&mut self.atexit).into_iter().flatten() {
            release(self, cb);
        }
    }
}
