//! The IPython kernel a notebook runs in, as far as memory is concerned: the names IPython puts
//! in the user namespace, the input history (`In`, `_i`, `_iN`), and the output history a
//! displayed value joins (`Out[N]`, `_`, `__`, `___`, `_N`). A displayed value gains seven
//! references: the displayhook's `_` attribute, `_` in the namespace and in IPython's hidden
//! copy of it, `_N` in both, `Out[N]`, and the cell's execution result, which lives until the
//! next cell finishes (IPython 8.12's `DisplayHook.update_user_ns` and `run_cell`).

use crate::object::{ObjId, Payload};

use super::{PyResult, Vm};

/// IPython's state for one kernel.
#[derive(Clone)]
pub struct Notebook {
    /// `execution_count`: the `N` of the cell being run.
    pub execution_count: u32,
    /// `Out` / `_oh`.
    out: ObjId,
    /// `In` / `_ih`.
    inputs: ObjId,
    /// The displayhook's `_`, `__`, `___` attributes (owned).
    unders: [Option<ObjId>; 3],
    /// `user_ns_hidden` entries for `_`, `__`, `___` (owned).
    hidden_unders: [Option<ObjId>; 3],
    /// `user_ns_hidden['_N']` (owned).
    hidden_outputs: Vec<ObjId>,
    /// The execution result of the previous and current cells (`last_execution_result`).
    last_result: Option<ObjId>,
    current_result: Option<ObjId>,
}

impl Notebook {
    /// Set up `__main__` as IPython's user namespace.
    pub fn install(vm: &mut Vm) -> Notebook {
        let doc = vm.new_str("Automatically created module for IPython interactive environment");
        vm.set_global("__doc__", doc);
        vm.decref(doc);
        let b = vm.builtins_module;
        vm.set_global("__builtin__", b);
        let inputs = {
            let empty = vm.new_str("");
            vm.new_list(vec![empty])
        };
        let out = vm.new_dict();
        vm.set_global("_ih", inputs);
        vm.set_global("_oh", out);
        let cwd = vm.new_str("/");
        let dh = vm.new_list(vec![cwd]);
        vm.set_global("_dh", dh);
        vm.decref(dh);
        vm.set_global("In", inputs);
        vm.set_global("Out", out);
        for name in ["get_ipython", "exit", "quit"] {
            let f = vm.builtin_named(if name == "get_ipython" {
                "breakpoint"
            } else {
                "exit"
            });
            vm.set_global(name, f);
            vm.decref(f);
        }
        let empty = vm.statics.empty_str;
        for name in ["_", "__", "___", "_i", "_ii", "_iii"] {
            vm.set_global(name, empty);
        }
        Notebook {
            execution_count: 1,
            out,
            inputs,
            unders: [None, None, None],
            hidden_unders: [None, None, None],
            hidden_outputs: Vec::new(),
            last_result: None,
            current_result: None,
        }
    }

    /// `HistoryManager.store_inputs`: `In.append(source)`, `_i`/`_ii`/`_iii`, `_iN`.
    pub fn begin_cell(&mut self, vm: &mut Vm, source: &str) {
        let text = vm.new_str(source);
        vm.incref(text);
        vm.list_append_owned(self.inputs, text);
        let old_i = vm.get_global("_i");
        let old_ii = vm.get_global("_ii");
        if let Some(v) = old_ii {
            vm.set_global("_iii", v);
        }
        if let Some(v) = old_i {
            vm.set_global("_ii", v);
        }
        vm.set_global("_i", text);
        let name = format!("_i{}", self.execution_count);
        vm.set_global(&name, text);
        vm.decref(text);
        self.current_result = None;
    }

    /// The cell finished: the new execution result replaces the previous one.
    pub fn end_cell(&mut self, vm: &mut Vm) {
        let old = std::mem::replace(&mut self.last_result, self.current_result.take());
        vm.xdecref(old);
        self.execution_count += 1;
    }

    /// `DisplayHook.__call__`: show `Out[N]: repr` and record the value in the output history.
    pub fn display(&mut self, vm: &mut Vm, value: ObjId) -> PyResult<()> {
        if value == vm.none() {
            return Ok(());
        }
        let text = pretty(vm, value)?;
        let n = self.execution_count;
        let sep = if text.contains('\n') { "\n" } else { "" };
        vm.write_stdout(&format!("Out[{n}]: {sep}{text}\n"));
        // update_user_ns: rotate the displayhook's and the namespaces' unders
        let [a, b, c] = std::mem::take(&mut self.unders);
        vm.xdecref(c);
        vm.incref(value);
        self.unders = [Some(value), a, b];
        let [ha, hb, hc] = std::mem::take(&mut self.hidden_unders);
        vm.xdecref(hc);
        vm.incref(value);
        self.hidden_unders = [Some(value), ha, hb];
        for (i, name) in ["_", "__", "___"].iter().enumerate() {
            let v = self.unders[i].unwrap_or(vm.statics.empty_str);
            vm.set_global(name, v);
        }
        let name = format!("_{n}");
        vm.set_global(&name, value);
        vm.incref(value);
        self.hidden_outputs.push(value);
        let key = vm.new_int(n as i64);
        let r = vm.dict_setitem(self.out, key, value);
        vm.decref(key);
        r?;
        // ExecutionResult.result
        vm.incref(value);
        if let Some(old) = self.current_result.replace(value) {
            vm.decref(old);
        }
        Ok(())
    }

    /// The references the output history holds outside the namespace, for holder listings.
    pub fn hidden_refs(&self) -> Vec<(&'static str, ObjId)> {
        let mut out = Vec::new();
        for (name, v) in ["displayhook._", "displayhook.__", "displayhook.___"]
            .iter()
            .zip(self.unders)
        {
            if let Some(v) = v {
                out.push((*name, v));
            }
        }
        for (name, v) in ["hidden _", "hidden __", "hidden ___"]
            .iter()
            .zip(self.hidden_unders)
        {
            if let Some(v) = v {
                out.push((*name, v));
            }
        }
        for &v in &self.hidden_outputs {
            out.push(("hidden _N", v));
        }
        if let Some(v) = self.last_result {
            out.push(("previous cell's execution result", v));
        }
        if let Some(v) = self.current_result {
            out.push(("this cell's execution result", v));
        }
        out.push(("IPython's Out history", self.out));
        out.push(("IPython's In history", self.inputs));
        out
    }
}

/// IPython's plain-text display (`IPython.lib.pretty`): classes show as their dotted name
/// (`int`, `__main__.A`); everything else as `repr`.
fn pretty(vm: &mut Vm, value: ObjId) -> PyResult<String> {
    if let crate::object::Payload::Type(t) = vm.payload(value) {
        let qualname = t.qualname.clone();
        return Ok(match vm.class_module(value) {
            Some(m) if m != "builtins" => format!("{m}.{qualname}"),
            _ => qualname,
        });
    }
    vm.repr_string(value)
}

/// The `N` of `Cell In[N]` for a code object's file name.
pub fn cell_number(file: &str, _current: u32) -> Option<u32> {
    file.strip_prefix("<cell In[")?
        .strip_suffix("]>")?
        .parse()
        .ok()
}

/// IPython's rendering of a syntax error in a cell. Unclosed brackets and strings at the end
/// of a cell are "incomplete input" (IPython compiles with `PyCF_ALLOW_INCOMPLETE_INPUT`).
pub fn ipython_syntax_error(e: &crate::parse::SyntaxError, count: u32) -> String {
    let msg = if e.msg.ends_with("was never closed")
        || e.msg.starts_with("unterminated triple-quoted string")
    {
        "incomplete input".to_string()
    } else {
        e.msg.clone()
    };
    let rendered = crate::parse::SyntaxError { msg, ..e.clone() }.render("");
    // render() starts with `  File "", line N`; IPython names the cell instead
    let body: String = rendered.lines().skip(1).map(|l| format!("{l}\n")).collect();
    format!("  Cell In[{count}], line {}\n{body}\n", e.line)
}

impl Vm {
    /// Set a name in `__main__` (value borrowed).
    pub fn set_global(&mut self, name: &str, value: ObjId) {
        let key = self.new_interned(name);
        let main = self.main_dict;
        let _ = self.dict_setitem(main, key, value);
        self.decref(key);
    }

    /// A name in `__main__` (borrowed).
    pub fn get_global(&mut self, name: &str) -> Option<ObjId> {
        let key = self.new_interned(name);
        let main = self.main_dict;
        let v = self.dict_getitem_str(main, key);
        self.decref(key);
        v
    }

    /// `PRINT_EXPR`: the interactive display of an expression statement's value.
    pub(crate) fn displayhook(&mut self, value: ObjId) -> PyResult<()> {
        match self.notebook.take() {
            Some(mut nb) => {
                let r = nb.display(self, value);
                self.notebook = Some(nb);
                r
            }
            None => {
                if value != self.none() {
                    let r = self.repr_string(value)?;
                    // sys_displayhook: the repr, then "\n", each through `sys.stdout.write`
                    // when a snippet has replaced sys.stdout (doctest's capture does)
                    let target = self.sys_stdout();
                    if let Some(f) =
                        target.filter(|&f| !matches!(self.payload(f), Payload::TextIO { .. }))
                    {
                        self.incref(f);
                        let w = self.getattr_str(f, "write");
                        self.decref(f);
                        let w = w?;
                        for piece in [r.as_str(), "\n"] {
                            let s = self.new_str(piece);
                            let res = self.call_object(w, &[s], &[]);
                            self.decref(s);
                            match res {
                                Ok(v) => self.decref(v),
                                Err(e) => {
                                    self.decref(w);
                                    return Err(e);
                                }
                            }
                        }
                        self.decref(w);
                    } else {
                        self.write_stdout(&format!("{r}\n"));
                    }
                }
                Ok(())
            }
        }
    }
}
