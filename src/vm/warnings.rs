//! Warnings the interpreter itself issues at run time (`Python/_warnings.c`), under
//! CPython's names: `PyErr_WarnEx` → `do_warn` → `setup_context` → `warn_explicit`.
//!
//! # Why
//!
//! A few operations warn rather than fail: in 3.11 `bool(NotImplemented)` (and `not
//! NotImplemented`, `if NotImplemented:`) is a `DeprecationWarning`. What a learner sees is
//! one line on stderr, once per place, and a new `__warningregistry__` dict in the module's
//! globals that remembers which places have warned.
//!
//! # Worked example
//!
//! ```text
//! x = bool(NotImplemented)      # line 3 of x.py, run as __main__
//! ```
//!
//! `setup_context` takes the running frame: file `x.py`, line 3, the frame's globals. The
//! globals get `__warningregistry__ = {}` (made even when the warning is then ignored), and
//! the module is `__name__`. `warn_explicit` keys the place as `(text, category, lineno)`;
//! `already_warned` finds no `'version'` entry, so it clears the registry and stores
//! `'version': 0` (`filters_version`). The filters, CPython's defaults for a release build:
//!
//! ```text
//! default::DeprecationWarning:__main__     ignore::DeprecationWarning
//! ignore::PendingDeprecationWarning        ignore::ImportWarning     ignore::ResourceWarning
//! ```
//!
//! give `default` for `__main__`: the registry takes `key: True` and the warning shows:
//!
//! ```text
//! x.py:3: DeprecationWarning: NotImplemented should not be used in a boolean context
//!   x = bool(NotImplemented)
//! ```
//!
//! (`warnings.formatwarning`: the source line stripped, none for `<string>` code). A second
//! warning from line 3 finds its key in the registry and says nothing; the registry is then
//! `{'version': 0, ('NotImplemented should ...', DeprecationWarning, 3): True}`.
//!
//! What is not modelled: the `warnings` module itself (filters changed from Python), and the
//! temporary objects CPython's Python-level `_showwarnmsg` makes (a `WarningMessage`, and
//! `linecache`'s import and cache of the file), which move later addresses there.

use crate::object::{ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

/// `st->filters_version` of an interpreter whose filters Python code never changed.
const FILTERS_VERSION: i64 = 0;

/// The action of CPython's default filters for a warning of `category` from `module`.
fn default_action(vm: &Vm, category: ObjId, module: &str) -> &'static str {
    let is = |kind: ExcKind| vm.is_subtype(category, vm.exc_types[kind as usize]);
    if is(ExcKind::DeprecationWarning) {
        if module == "__main__" {
            "default"
        } else {
            "ignore"
        }
    } else if is(ExcKind::PendingDeprecationWarning)
        || is(ExcKind::ImportWarning)
        || is(ExcKind::ResourceWarning)
    {
        "ignore"
    } else {
        "default"
    }
}

impl Vm {
    /// `PyErr_WarnEx(category, text, 1)`: warn from the running Python frame.
    pub(crate) fn warn(&mut self, kind: ExcKind, text: &str) -> PyResult<()> {
        let category = self.exc_types[kind as usize];
        let Some(index) = self.frames.len().checked_sub(1) else {
            return Ok(());
        };
        // setup_context: `PyThreadState_GetFrame` makes the frame object
        let _ = self.frame_object(index);
        let (globals, filename, lineno, from_string) = {
            let f = &self.frames[index];
            (
                f.globals,
                f.code.source.filename.clone(),
                f.line(),
                f.code.source.from_string,
            )
        };
        let source_line = if from_string {
            None
        } else {
            self.frames[index]
                .code
                .source
                .line_text(lineno)
                .map(|l| l.trim().to_string())
        };
        let Some(registry) = self.warning_registry(globals)? else {
            return Ok(());
        };
        let name_key = self.new_interned("__name__");
        let module = self
            .dict_getitem_str(globals, name_key)
            .filter(|&m| matches!(self.heap.payload(m), Payload::Str(_)))
            .map(|m| self.str_of(m).to_string())
            .unwrap_or_else(|| "<string>".to_string());
        self.decref(name_key);
        let r = self.warn_explicit(
            category,
            text,
            &filename,
            lineno,
            &module,
            registry,
            source_line,
        );
        self.decref(registry);
        r
    }

    /// The globals' `__warningregistry__` dict, made and stored when missing (a new
    /// reference; None when the globals are not a dict).
    fn warning_registry(&mut self, globals: ObjId) -> PyResult<Option<ObjId>> {
        if !matches!(self.heap.payload(globals), Payload::Dict(_)) {
            return Ok(None);
        }
        let key = self.new_interned("__warningregistry__");
        if let Some(r) = self.dict_getitem_str(globals, key) {
            self.decref(key);
            return Ok(Some(self.new_ref(r)));
        }
        let r = self.new_dict();
        let set = self.dict_setitem(globals, key, r);
        self.decref(key);
        if let Err(e) = set {
            self.decref(r);
            return Err(e);
        }
        Ok(Some(r))
    }

    /// `warn_explicit` with the default filters and a `str` message.
    #[allow(clippy::too_many_arguments)]
    fn warn_explicit(
        &mut self,
        category: ObjId,
        text: &str,
        filename: &str,
        lineno: u32,
        module: &str,
        registry: ObjId,
        source_line: Option<String>,
    ) -> PyResult<()> {
        if !matches!(self.heap.payload(registry), Payload::Dict(_)) {
            return Ok(());
        }
        let text_obj = self.new_str(text);
        let lineno_obj = self.new_int(lineno as i64);
        self.incref(category);
        let key = self.new_tuple(vec![text_obj, category, lineno_obj]);
        let r = self.warn_registered(category, module, registry, key);
        self.decref(key);
        let shown = r?;
        if shown {
            let category_name = self.type_name_of_type(category);
            let mut s = format!("{filename}:{lineno}: {category_name}: {text}\n");
            if let Some(line) = source_line.filter(|l| !l.is_empty()) {
                s.push_str(&format!("  {line}\n"));
            }
            self.write_stderr(&s);
        }
        Ok(())
    }

    /// The registry and filter steps of `warn_explicit`: true when the warning shows.
    fn warn_registered(
        &mut self,
        category: ObjId,
        module: &str,
        registry: ObjId,
        key: ObjId,
    ) -> PyResult<bool> {
        // already_warned(registry, key, 0): a registry of another filters version is cleared
        let version_key = self.new_interned("version");
        let version = self.dict_getitem_str(registry, version_key);
        let current = version.is_some_and(|v| {
            self.builtin_type_of(v) == Some(crate::object::BuiltinType::Int)
                && self.as_i64(v) == Some(FILTERS_VERSION)
        });
        if !current {
            self.dict_clear(registry);
            let v = self.new_int(FILTERS_VERSION);
            let set = self.dict_setitem(registry, version_key, v);
            self.decref(v);
            self.decref(version_key);
            set?;
        } else {
            self.decref(version_key);
            if let Some(seen) = self.dict_get(registry, key)? {
                self.incref(seen);
                let warned = self.is_true(seen);
                self.decref(seen);
                if warned? {
                    return Ok(false);
                }
            }
        }
        if default_action(self, category, module) == "ignore" {
            return Ok(false);
        }
        // "default": remembered in the registry, shown this once
        let t = self.statics.true_;
        self.dict_setitem(registry, key, t)?;
        Ok(true)
    }
}
