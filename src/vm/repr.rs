//! `repr()`, `str()` and `format()` of every object kind, as CPython words them
//! (`<__main__.A object at 0x7f...>`, `[[...]]` for a list that contains itself...), and the
//! `%`-operator and f-string formatting built on the format mini-language.

use num_bigint::BigInt;

use crate::object::float::{complex_repr, float_repr};
use crate::object::format as fmt;
use crate::object::int::int_to_decimal_string;
use crate::object::str::{bytes_repr, str_ascii, str_repr};
use crate::object::{BuiltinType, DictViewKind, IterObj, ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

impl Vm {
    /// `repr(v)` as a Rust string (`PyObject_Repr`: the type's repr under a recursion guard,
    /// so a 100,000-deep nested list is a `RecursionError`, not a crash).
    pub fn repr_string(&mut self, v: ObjId) -> PyResult<String> {
        self.recursive_call(" while getting the repr of an object", |vm| vm.repr_slot(v))
    }

    /// The type's `tp_repr`, without `PyObject_Repr`'s guard (what `object.__str__` calls).
    pub(crate) fn repr_slot(&mut self, v: ObjId) -> PyResult<String> {
        if self.is_user_object(v) || self.heap.get(v).native_ext().is_some() {
            if let Some(f) = self.py_slot(v, "__repr__") {
                let r = self.call_slot(f, v, &[])?;
                return self.expect_str_result(r, "__repr__");
            }
        }
        self.builtin_repr(v)
    }

    /// `str(v)` as a Rust string (`PyObject_Str`: a str is itself; anything else goes
    /// through the type's `tp_str` under a recursion guard).
    pub fn str_string(&mut self, v: ObjId) -> PyResult<String> {
        // `PyUnicode_CheckExact`: an exact str is itself
        if !self.is_user_object(v) {
            if let Payload::Str(s) = self.heap.payload(v) {
                return Ok(s.value.to_string());
            }
        }
        self.recursive_call(" while getting the str of an object", |vm| vm.str_slot(v))
    }

    /// The type's `tp_str` (`object_str` calls `tp_repr` directly, unguarded).
    fn str_slot(&mut self, v: ObjId) -> PyResult<String> {
        if self.is_user_object(v) {
            if let Some(f) = self.py_slot(v, "__str__") {
                let r = self.call_slot(f, v, &[])?;
                return self.expect_str_result(r, "__str__");
            }
        }
        match self.heap.payload(v) {
            Payload::Str(s) => Ok(s.value.to_string()),
            // mappingproxy_str: the mapping's str
            Payload::MappingProxy(d) => {
                let d = *d;
                self.str_string(d)
            }
            Payload::Exception(_) => Ok(self.exception_message(v)),
            _ => self.repr_slot(v),
        }
    }

    /// `PyObject_Repr`/`PyObject_Str` check what a class's method returned: a `str` (a
    /// subclass's instance comes back as is).
    fn expect_str_object(&mut self, r: ObjId, what: &str) -> PyResult<ObjId> {
        if matches!(self.heap.payload(r), Payload::Str(_)) {
            return Ok(r);
        }
        let tn = self.type_name(r);
        self.decref(r);
        Err(self.type_error(&format!("{what} returned non-string (type {tn})")))
    }

    fn expect_str_result(&mut self, r: ObjId, what: &str) -> PyResult<String> {
        let s = match self.heap.payload(r) {
            Payload::Str(s) => Some(s.value.to_string()),
            _ => None,
        };
        let tn = self.type_name(r);
        self.decref(r);
        match s {
            Some(s) => Ok(s),
            None => Err(self.type_error(&format!("{what} returned non-string (type {tn})"))),
        }
    }

    /// `str(v)` as a new str object: a str is returned as is (`str(s) is s`); anything else
    /// goes through the type's `tp_str` under `PyObject_Str`'s recursion guard.
    pub fn str_object(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.builtin_type_of(v) == Some(BuiltinType::Str) {
            return Ok(self.new_ref(v));
        }
        self.recursive_call(" while getting the str of an object", |vm| {
            vm.str_object_slot(v)
        })
    }

    /// The type's `tp_str`, as an object.
    fn str_object_slot(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.is_user_object(v) {
            if let Some(f) = self.py_slot(v, "__str__") {
                let r = self.call_slot(f, v, &[])?;
                return self.expect_str_object(r, "__str__");
            }
            if !matches!(
                self.heap.payload(v),
                Payload::Str(_) | Payload::Exception(_) | Payload::MappingProxy(_)
            ) {
                // `object_str` calls the type's `tp_repr` (a class's own), unguarded
                return self.repr_object_slot(v);
            }
        }
        let s = self.str_slot(v)?;
        Ok(self.new_string(s))
    }

    /// `repr(v)` as a str object: what a class's `__repr__` returned, as is
    /// (`PyObject_Repr`: the type's `tp_repr` under a recursion guard).
    pub fn repr_object(&mut self, v: ObjId) -> PyResult<ObjId> {
        self.recursive_call(" while getting the repr of an object", |vm| {
            vm.repr_object_slot(v)
        })
    }

    /// `ascii(v)` (`PyObject_ASCII`): the repr object itself when it is all ASCII (a str
    /// subclass a `__repr__` returned stays one), else its backslash-escaped copy, an exact
    /// str.
    pub fn ascii_object(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.builtin_type_of(v) == Some(BuiltinType::Str) {
            let s = self.ascii_string(v)?;
            return Ok(self.new_string(s));
        }
        let r = self.repr_object(v)?;
        let text = match self.heap.payload(r) {
            Payload::Str(s) => s.as_str().to_owned(),
            _ => return Ok(r),
        };
        if text.is_ascii() {
            return Ok(r);
        }
        self.decref(r);
        Ok(self.new_string(ascii_of_repr(&text)))
    }

    /// The type's `tp_repr`, as an object.
    fn repr_object_slot(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.is_user_object(v) || self.heap.get(v).native_ext().is_some() {
            if let Some(f) = self.py_slot(v, "__repr__") {
                let r = self.call_slot(f, v, &[])?;
                return self.expect_str_object(r, "__repr__");
            }
        }
        let s = self.builtin_repr(v)?;
        Ok(self.new_string(s))
    }

    pub fn addr_hex(&self, v: ObjId) -> String {
        format!("0x{:x}", self.heap.get(v).addr)
    }

    /// The qualified class name for default reprs: `__main__.A`, or `int` for builtins.
    pub fn class_path(&self, ty: ObjId) -> String {
        match self.heap.payload(ty) {
            // builtin types print bare (or with their module: `types.GenericAlias`); native
            // types of a module have a `__module__` in their dict
            Payload::Type(t) if t.builtin.is_some() && t.dict.is_none() => {
                match super::attr::builtin_module(t.builtin) {
                    "builtins" => t.name.clone(),
                    m => format!("{m}.{}", t.name),
                }
            }
            // `type_repr`/`object_repr`: `module.qualname`, else the bare `tp_name` (a class
            // made where `__name__` was deleted has no `__module__`: `<class 'Local'>`)
            Payload::Type(t) => match self.class_module(ty) {
                Some(m) if m != "builtins" => format!("{m}.{}", t.qualname),
                _ => t.name.clone(),
            },
            _ => "?".into(),
        }
    }

    /// The builtin type's own `tp_repr`, whatever `__repr__` a subclass defines.
    pub(crate) fn builtin_repr(&mut self, v: ObjId) -> PyResult<String> {
        let out = match self.heap.payload(v) {
            Payload::None => "None".into(),
            Payload::NotImplemented => "NotImplemented".into(),
            Payload::Ellipsis => "Ellipsis".into(),
            Payload::Bool(b) => if *b { "True" } else { "False" }.into(),
            Payload::Int(n) => n.to_string(),
            Payload::BigInt(n) => match int_to_decimal_string(n) {
                Ok(s) => s,
                Err(e) => return Err(self.num_error(e)),
            },
            Payload::Float(f) => float_repr(*f),
            Payload::Complex(re, im) => complex_repr(*re, *im),
            Payload::Str(s) => str_repr(s.as_str()),
            Payload::Bytes(b) if self.builtin_base(self.type_of(v)) == BuiltinType::ByteArray => {
                // bytearray_repr: `_PyType_Name(Py_TYPE(self))`, a subclass's own name
                let body = crate::object::str::bytearray_repr_body(b);
                format!("{}({body})", self.type_name(v))
            }
            Payload::Bytes(b) => bytes_repr(b),
            Payload::Tuple(items) => {
                let items = items.to_vec();
                if items.is_empty() {
                    return Ok("()".into());
                }
                // tuple_repr: `PyObject_Repr(v->ob_item[i])`, the items borrowed
                return self.with_repr_guard(v, "(...)", |vm| {
                    let parts = vm.repr_items_borrowed(&items)?;
                    Ok(if parts.len() == 1 {
                        format!("({},)", parts[0])
                    } else {
                        format!("({})", parts.join(", "))
                    })
                });
            }
            Payload::List(l) => {
                if l.items.is_empty() {
                    return Ok("[]".into());
                }
                // list_repr: `PyObject_Repr(v->ob_item[i])` while `i < Py_SIZE(v)`, the items
                // borrowed and read anew each time (a `__repr__` may change the list)
                return self.with_repr_guard(v, "[...]", |vm| {
                    let mut parts = Vec::new();
                    let mut i = 0;
                    while let Some(item) = match vm.heap.payload(v) {
                        Payload::List(l) => l.items.get(i).copied(),
                        _ => None,
                    } {
                        parts.push(vm.repr_string(item)?);
                        i += 1;
                    }
                    Ok(format!("[{}]", parts.join(", ")))
                });
            }
            Payload::Dict(d) => {
                let pairs: Vec<(ObjId, ObjId)> = d.iter().map(|e| (e.key, e.value)).collect();
                if pairs.is_empty() {
                    return Ok("{}".into());
                }
                return self.with_repr_guard(v, "{...}", |vm| {
                    Ok(format!("{{{}}}", vm.repr_pairs(&pairs)?.join(", ")))
                });
            }
            Payload::Set(s) | Payload::FrozenSet(s) => {
                let items: Vec<ObjId> = s.iter().collect();
                // set_repr: a set subclass's instance shows its class, like a frozenset
                let frozen =
                    matches!(self.heap.payload(v), Payload::FrozenSet(_)) || self.is_user_object(v);
                let name = self.type_name(v);
                if items.is_empty() {
                    return Ok(format!("{name}()"));
                }
                return self.with_repr_guard(v, &format!("{name}(...)"), |vm| {
                    let body = vm.repr_list(&items)?.join(", ");
                    Ok(if frozen {
                        format!("{name}({{{body}}})")
                    } else {
                        format!("{{{body}}}")
                    })
                });
            }
            Payload::Range(r) => {
                if r.step == BigInt::from(1) {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Payload::Slice(parts) => {
                let parts = parts.to_vec();
                let r: Vec<String> = self.repr_list(&parts)?;
                format!("slice({})", r.join(", "))
            }
            Payload::Type(_) => format!("<class '{}'>", self.class_path(v)),
            Payload::Function(f) => format!(
                "<function {} at {}>",
                self.str_of(f.qualname),
                self.addr_hex(v)
            ),
            Payload::Method { func, self_ } => {
                let (func, self_) = (*func, *self_);
                let name = match self.heap.payload(func) {
                    Payload::Function(f) => self.str_of(f.qualname).to_string(),
                    _ => "?".into(),
                };
                let inner = self.repr_string(self_)?;
                format!("<bound method {name} of {inner}>")
            }
            Payload::Builtin(b) if self.builtin_type_of(v) == Some(BuiltinType::MethodWrapper) => {
                let s = b.self_.unwrap_or(self.statics.none);
                format!(
                    "<method-wrapper '{}' of {} object at {}>",
                    b.func.0.name,
                    self.type_name(s),
                    self.addr_hex(s)
                )
            }
            Payload::Builtin(b) => match b.self_ {
                Some(s) if !matches!(self.heap.payload(s), Payload::Module(_)) => format!(
                    "<built-in method {} of {} object at {}>",
                    b.func.0.name,
                    self.type_name(s),
                    self.addr_hex(s)
                ),
                _ => format!("<built-in function {}>", b.func.0.name),
            },
            Payload::MethodDescr(d) => {
                let what = match self.builtin_type_of(v) {
                    Some(BuiltinType::WrapperDescriptor) => "slot wrapper",
                    Some(BuiltinType::GetSetDescriptor) => "attribute",
                    Some(BuiltinType::MemberDescriptor) => "member",
                    Some(BuiltinType::BuiltinFunction) => {
                        return Ok(format!(
                            "<built-in method {} of type object at {}>",
                            d.func.0.name,
                            self.addr_hex(d.owner)
                        ))
                    }
                    _ => "method",
                };
                format!(
                    "<{what} '{}' of '{}' objects>",
                    d.func.0.name,
                    self.type_name_of_type(d.owner)
                )
            }
            Payload::GetSetDescr { name, owner } => format!(
                "<attribute '{name}' of '{}' objects>",
                self.type_name_of_type(*owner)
            ),
            Payload::MemberDescr { name, owner, .. } => {
                format!(
                    "<member '{}' of '{}' objects>",
                    self.str_of(*name),
                    self.type_name_of_type(*owner)
                )
            }
            Payload::StaticMethod(f) => {
                let f = *f;
                format!("<staticmethod({})>", self.repr_string(f)?)
            }
            Payload::ClassMethod(f) => {
                let f = *f;
                format!("<classmethod({})>", self.repr_string(f)?)
            }
            Payload::Property(_) => format!("<property object at {}>", self.addr_hex(v)),
            // union_repr: the arguments joined by " | ", `NoneType` written `None`
            Payload::Union { args } => {
                let items = self.tuple_items(*args);
                let none_t = self.ty(crate::object::BuiltinType::NoneType);
                let mut parts = Vec::with_capacity(items.len());
                for a in items {
                    parts.push(if a == none_t {
                        "None".to_string()
                    } else {
                        self.ga_repr_item(a)?
                    });
                }
                parts.join(" | ")
            }
            Payload::GenericAlias { origin, args } => {
                let (origin, args) = (*origin, *args);
                let mut out = self.ga_repr_item(origin)?;
                let items = self.tuple_items(args);
                let mut parts = Vec::with_capacity(items.len());
                for a in items {
                    parts.push(self.ga_repr_item(a)?);
                }
                out.push('[');
                out.push_str(&if parts.is_empty() {
                    "()".to_string()
                } else {
                    parts.join(", ")
                });
                out.push(']');
                out
            }
            Payload::Super { ty, obj } => {
                let (ty, obj) = (*ty, *obj);
                if obj == self.statics.none {
                    format!("<super: <class '{}'>, NULL>", self.type_name_of_type(ty))
                } else {
                    let obj_type = self.super_obj_type(ty, obj);
                    format!(
                        "<super: <class '{}'>, <{} object>>",
                        self.type_name_of_type(ty),
                        self.type_name_of_type(obj_type)
                    )
                }
            }
            Payload::Module(m) => {
                let (name, dict) = (m.name.clone(), m.dict);
                let k = self.new_interned("__file__");
                let file = self
                    .dict_getitem_str(dict, k)
                    .map(|f| self.str_of(f).to_string());
                self.decref(k);
                // _module_repr_from_spec: a frozen module's spec has no location
                let imported = self.modules.get(&name) == Some(&v);
                let frozen = imported && crate::modules::find(&name).is_some_and(|d| d.frozen);
                match (name.as_str(), file) {
                    ("__main__", _) => "<module '__main__'>".to_string(),
                    // `types.ModuleType(name)`: no spec, no loader (`_module_repr`'s catch-all)
                    (n, None) if !imported => format!("<module '{n}'>"),
                    (n, Some(_)) if frozen => format!("<module '{n}' (frozen)>"),
                    (n, Some(f)) => format!("<module '{n}' from '{f}'>"),
                    (n, None) => format!("<module '{n}' (built-in)>"),
                }
            }
            Payload::Code(c) => format!(
                "<code object {} at {}, file \"{}\", line {}>",
                c.name,
                self.addr_hex(v),
                c.source.filename,
                c.first_line
            ),
            Payload::Cell(c) => match c {
                Some(c) => format!(
                    "<cell at {}: {} object at {}>",
                    self.addr_hex(v),
                    self.type_name(*c),
                    self.addr_hex(*c)
                ),
                None => format!("<cell at {}: empty>", self.addr_hex(v)),
            },
            Payload::Generator(g) => format!(
                "<generator object {} at {}>",
                self.str_of(g.qualname),
                self.addr_hex(v)
            ),
            Payload::Iter(it) => match &**it {
                IterObj::Seq { .. }
                | IterObj::Range { .. }
                | IterObj::SmallRange { .. }
                | IterObj::Reversed { .. }
                | IterObj::Callable { .. } => {
                    format!("<{} object at {}>", self.type_name(v), self.addr_hex(v))
                }
                _ => format!("<{} object at {}>", self.type_name(v), self.addr_hex(v)),
            },
            Payload::WeakRef(_) => crate::modules::weakref::repr(self, v)?,
            Payload::TextIO { name } => {
                format!("<_io.TextIOWrapper name='{name}' mode='w' encoding='utf-8'>")
            }
            Payload::CLong { addr } => {
                let value = self.heap.read_word(*addr).unwrap_or(0);
                format!("c_long({value})")
            }
            Payload::Traceback(_) => format!("<traceback object at {}>", self.addr_hex(v)),
            Payload::Frame(_) => self.frame_repr(v),
            Payload::MappingProxy(dict) => {
                let dict = *dict;
                format!("mappingproxy({})", self.repr_string(dict)?)
            }
            Payload::DictView { dict, kind } => {
                let (dict, kind) = (*dict, *kind);
                let name = match kind {
                    DictViewKind::Keys => "dict_keys",
                    DictViewKind::Values => "dict_values",
                    DictViewKind::Items => "dict_items",
                };
                let pairs = self.dict_pairs(dict);
                let parts = match kind {
                    DictViewKind::Keys => {
                        self.repr_list(&pairs.iter().map(|p| p.0).collect::<Vec<_>>())?
                    }
                    DictViewKind::Values => {
                        self.repr_list(&pairs.iter().map(|p| p.1).collect::<Vec<_>>())?
                    }
                    DictViewKind::Items => {
                        let mut out = Vec::new();
                        for (k, val) in pairs {
                            out.push(format!(
                                "({}, {})",
                                self.repr_string(k)?,
                                self.repr_string(val)?
                            ));
                        }
                        out
                    }
                };
                format!("{name}([{}])", parts.join(", "))
            }
            Payload::Exception(e) => {
                let args = self.tuple_items(e.args);
                let name = self.type_name(v);
                let parts = self.repr_list(&args)?;
                if parts.len() == 1 {
                    format!("{name}({})", parts[0])
                } else {
                    format!("{name}({})", parts.join(", "))
                }
            }
            Payload::Instance(_) | Payload::Native(_) => format!(
                "<{} object at {}>",
                self.class_path(self.type_of(v)),
                self.addr_hex(v)
            ),
        };
        Ok(out)
    }

    /// `ga_repr_item`: `...`, a class as `module.qualname` (`int` for builtins), a nested
    /// alias as its repr, anything else as its repr.
    fn ga_repr_item(&mut self, p: ObjId) -> PyResult<String> {
        if p == self.statics.ellipsis {
            return Ok("...".into());
        }
        match self.heap.payload(p) {
            // `ga_repr_item`: `__module__.__qualname__`, the module left out for builtins (a
            // native type's module is its own: `collections.deque[int]`)
            Payload::Type(t)
                if t.builtin.is_some() && t.builtin != Some(crate::object::BuiltinType::Native) =>
            {
                Ok(t.qualname.clone())
            }
            Payload::Type(_) => Ok(self.class_path(p)),
            _ => self.repr_string(p),
        }
    }

    /// The reprs of items the caller keeps alive (a tuple's), without references of their own.
    fn repr_items_borrowed(&mut self, items: &[ObjId]) -> PyResult<Vec<String>> {
        let mut out = Vec::with_capacity(items.len());
        for &i in items {
            out.push(self.repr_string(i)?);
        }
        Ok(out)
    }

    fn repr_list(&mut self, items: &[ObjId]) -> PyResult<Vec<String>> {
        let mut out = Vec::with_capacity(items.len());
        for &i in items {
            self.incref(i);
            let r = self.repr_string(i);
            self.decref(i);
            out.push(r?);
        }
        Ok(out)
    }

    fn repr_pairs(&mut self, pairs: &[(ObjId, ObjId)]) -> PyResult<Vec<String>> {
        let mut out = Vec::with_capacity(pairs.len());
        for &(k, v) in pairs {
            self.incref(k);
            self.incref(v);
            let r = self
                .repr_string(k)
                .and_then(|ks| Ok(format!("{ks}: {}", self.repr_string(v)?)));
            self.decref(k);
            self.decref(v);
            out.push(r?);
        }
        Ok(out)
    }

    /// `Py_ReprEnter`/`Py_ReprLeave`: a container already being printed shows as `[...]`.
    pub(crate) fn with_repr_guard(
        &mut self,
        v: ObjId,
        recursive: &str,
        f: impl FnOnce(&mut Vm) -> PyResult<String>,
    ) -> PyResult<String> {
        let list = self.py_repr_list();
        let seen = match self.heap.payload(list) {
            Payload::List(l) => l.items.contains(&v),
            _ => false,
        };
        if seen {
            return Ok(recursive.to_string());
        }
        self.incref(v);
        self.list_append_owned(list, v);
        let r = f(self);
        // Py_ReprLeave: PyList_SetSlice(list, i, i + 1, NULL) on the last occurrence
        let removed = match self.heap.payload_mut(list) {
            Payload::List(l) => l
                .items
                .iter()
                .rposition(|&x| x == v)
                .map(|i| l.items.remove(i)),
            _ => None,
        };
        let len = self.len_of_builtin(list).unwrap_or(0);
        self.list_resize(list, len);
        self.xdecref(removed);
        r
    }

    /// The thread state dict's `Py_Repr` list, made (with the dict) on first use.
    pub(crate) fn py_repr_list(&mut self) -> ObjId {
        if let Some(l) = self.repr_list {
            return l;
        }
        let dict = match self.thread_state_dict {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                self.thread_state_dict = Some(d);
                d
            }
        };
        let list = self.new_list(Vec::new());
        let key = self.new_interned("Py_Repr");
        let _ = self.dict_setitem(dict, key, list);
        self.decref(key);
        self.decref(list);
        self.repr_list = Some(list);
        list
    }

    /// `format(value, spec)` as `str.format` formats a field (`render_field`): a str, int,
    /// float or complex of the exact type goes straight to its type's formatter; anything
    /// else through [`Vm::format_object`] with a new spec str.
    pub fn format(&mut self, value: ObjId, spec: &str) -> PyResult<ObjId> {
        if matches!(
            self.builtin_type_of(value),
            Some(BuiltinType::Str | BuiltinType::Int | BuiltinType::Float | BuiltinType::Complex)
        ) {
            return self.format_native(value, spec);
        }
        let s = self.new_str(spec);
        let r = self.format_object(value, s);
        self.decref(s);
        r
    }

    /// `PyObject_Format(value, spec)` with the spec object itself (borrowed; `''` when there
    /// is none). An empty spec on a str of the exact type is the str itself, on an int of the
    /// exact type its `str()`; anything else has its `__format__` found by
    /// `_PyObject_LookupSpecial`, a bound method (holding the value while it runs: a class's
    /// `__str__` reached through `object.__format__` sees it) called with that very spec.
    pub fn format_object(&mut self, value: ObjId, s: ObjId) -> PyResult<ObjId> {
        if self.str_of(s).is_empty() {
            match self.builtin_type_of(value) {
                Some(BuiltinType::Str) => return Ok(self.new_ref(value)),
                Some(BuiltinType::Int) => return self.str_object(value),
                _ => {}
            }
        }
        let name = self.new_interned("__format__");
        let meth = self.lookup_special(value, name);
        self.decref(name);
        let Some(meth) = meth else {
            let msg = format!(
                "Type {:.100} doesn't define __format__",
                self.type_name(value)
            );
            return Err(self.type_error(&msg));
        };
        let r = self.call_object(meth, &[s], &[]);
        self.decref(meth);
        let r = r?;
        if !matches!(self.heap.payload(r), Payload::Str(_)) {
            let msg = format!("__format__ must return a str, not {}", self.type_name(r));
            self.decref(r);
            return Err(self.type_error(&msg));
        }
        Ok(r)
    }

    /// The builtin type's own `__format__` (int's, float's, str's, object's).
    pub(crate) fn format_native(&mut self, value: ObjId, spec: &str) -> PyResult<ObjId> {
        if spec.is_empty()
            && self.builtin_type_of(value).is_none()
            && matches!(
                self.heap.payload(value),
                Payload::Str(_)
                    | Payload::Int(_)
                    | Payload::BigInt(_)
                    | Payload::Float(_)
                    | Payload::Complex(..)
            )
        {
            // `_PyUnicode_FormatAdvancedWriter` and its int, float and complex siblings: an
            // empty spec on a subclass's instance is `format_obj`, its `str()` (the
            // subclass's `__str__`)
            return self.str_object(value);
        }
        let type_name = self.type_name(value);
        // formatter_unicode.c's "zero length format spec" case: `format_obj`, i.e. str(obj),
        // for a float or complex and for a subclass of int or str (whose `__str__` or
        // `__repr__` may be its own); an exact int or str writes itself
        if spec.is_empty() {
            let exact = matches!(
                self.builtin_type_of(value),
                Some(BuiltinType::Int | BuiltinType::Str)
            );
            let numeric_or_str = matches!(
                self.heap.payload(value),
                Payload::Int(_)
                    | Payload::BigInt(_)
                    | Payload::Bool(_)
                    | Payload::Float(_)
                    | Payload::Complex(..)
                    | Payload::Str(_)
            );
            if numeric_or_str && !exact {
                return self.str_object(value);
            }
        }
        let result = match self.heap.payload(value) {
            Payload::Str(s) => {
                let exact = self.builtin_type_of(value) == Some(BuiltinType::Str);
                if spec.is_empty() && exact {
                    return Ok(self.new_ref(value));
                }
                let r = fmt::format_str_spec(s.as_str(), spec, &type_name);
                // no padding and no truncation: the fast path writes the str itself
                if exact && matches!(&r, Ok(t) if t == s.as_str()) {
                    return Ok(self.new_ref(value));
                }
                r
            }
            Payload::Bool(b) if spec.is_empty() => {
                Ok(if *b { "True".into() } else { "False".into() })
            }
            Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                let n = self.as_bigint(value).unwrap_or_default();
                fmt::format_int_spec(&n, spec, &type_name)
            }
            Payload::Float(f) => fmt::format_float_spec(*f, spec, &type_name),
            Payload::Complex(re, im) => fmt::format_complex_spec(*re, *im, spec, &type_name),
            _ => {
                if spec.is_empty() {
                    return self.str_object(value);
                }
                let msg = format!(
                    "unsupported format string passed to {}.__format__",
                    type_name
                );
                return Err(self.type_error(&msg));
            }
        };
        match result {
            Ok(s) => Ok(self.new_string(s)),
            Err(e) => Err(self.num_error(e)),
        }
    }

    /// `FORMAT_VALUE`: conversion then `format()`.
    pub(crate) fn format_value(
        &mut self,
        value: ObjId,
        conv: u8,
        spec: Option<ObjId>,
    ) -> PyResult<ObjId> {
        // FORMAT_VALUE: the converted value, or the value itself (no reference more); the
        // spec object goes to `PyObject_Format` as it is
        let converted = match conv {
            1 => Some(self.str_object(value)?),
            2 => Some(self.repr_object(value)?),
            3 => {
                let r = self.repr_string(value)?;
                let a = ascii_of_repr(&r);
                Some(self.new_string(a))
            }
            _ => None,
        };
        let target = converted.unwrap_or(value);
        let r = match spec {
            Some(s) => self.format_object(target, s),
            None => {
                // `PyObject_Format(value, NULL)`: the spec is the empty str
                let empty = self.new_str("");
                let r = self.format_object(target, empty);
                self.decref(empty);
                r
            }
        };
        self.xdecref(converted);
        r
    }

    /// `str % args` (`PyUnicode_Format`), in CPython's order for each spec: the mapping key,
    /// the `*` width and precision, a malformed spec, the value, then its conversion (see
    /// [`fmt::PercentSpec`]). A tuple gives one value per spec; a mapping (anything with
    /// `__getitem__` but a tuple or str, as `PyMapping_Check`) or any other object is the one
    /// value, and keys look up in it.
    pub(crate) fn percent_format(&mut self, fmt_obj: ObjId, args: ObjId) -> PyResult<ObjId> {
        let text = self.str_of(fmt_obj).to_string();
        let (out, sole) = self.percent_render(&text, args, false)?;
        match sole {
            // `_PyUnicodeWriter_Finish` of a read-only writer: that very str
            Some(s) => Ok(s),
            None => Ok(self.new_string(out)),
        }
    }

    /// `bytes % args` and `bytearray % args` (`_PyBytes_FormatEx`, PEP 461): the template's
    /// bytes are read as Latin-1 characters and formatted as `str % args` formats, except
    /// that `%s` and `%b` take a bytes-like object or one with `__bytes__`, `%r` is `%a`,
    /// `%c` takes an int in `range(256)` or a single byte, keys are bytes, and the operand
    /// is a mapping only when it is not a `bytes`. The result is of the template's kind.
    pub(crate) fn bytes_percent_format(&mut self, fmt_obj: ObjId, args: ObjId) -> PyResult<ObjId> {
        let text: String = match self.heap.payload(fmt_obj) {
            Payload::Bytes(b) => b.iter().map(|&c| char::from(c)).collect(),
            _ => String::new(),
        };
        let (out, _) = self.percent_render(&text, args, true)?;
        // every character is a template byte, a byte of an argument or ASCII
        let bytes: Vec<u8> = out.chars().map(|c| c as u32 as u8).collect();
        Ok(self.new_bytes_like(fmt_obj, bytes))
    }

    /// The text of `template % args`; `bytes` selects the rules of bytes formatting. With it
    /// (a new reference) the str that is the whole result, when `_PyUnicodeWriter` took it
    /// read-only: the template is one `%s`/`%r`/`%a` and nothing else (the writer is still
    /// empty and `overallocate` is off for the last conversion), whose str is written
    /// whole, neither padded nor cut (`_PyUnicodeWriter_WriteStr`'s `readonly` shortcut).
    /// So `'%s' % obj` is what `obj.__str__` returned, and `'%s' % s` is `s`.
    fn percent_render(
        &mut self,
        text: &str,
        args: ObjId,
        bytes: bool,
    ) -> PyResult<(String, Option<ObjId>)> {
        let parts = fmt::parse_percent_format(text);
        let what = if bytes { "bytes" } else { "string" };
        let tuple_items = match self.heap.payload(args) {
            Payload::Tuple(t) => Some(t.to_vec()),
            _ => None,
        };
        let exact_bytes = self.builtin_type_of(args) == Some(crate::object::BuiltinType::Bytes);
        let dict =
            (tuple_items.is_none() && self.is_mapping_for_format(args) && !(bytes && exact_bytes))
                .then_some(args);
        // `arglen`/`argidx` as CPython keeps them: -1/-2 for a single value
        let (mut arglen, mut argidx): (i64, i64) = match &tuple_items {
            Some(t) => (t.len() as i64, 0),
            None => (-1, -2),
        };
        // the single value: the operand, or what the last key looked up (owned)
        let mut single = args;
        let mut looked_up: Option<ObjId> = None;
        let mut sole: Option<ObjId> = None;
        let result = (|| -> PyResult<String> {
            let mut out = String::new();
            let count = parts.len();
            for (index, part) in parts.iter().enumerate() {
                let spec = match part {
                    fmt::PercentPart::Literal(s) => {
                        out.push_str(s);
                        continue;
                    }
                    fmt::PercentPart::IncompleteKey => {
                        return Err(match dict {
                            None => self.type_error("format requires a mapping"),
                            Some(_) => {
                                self.new_exception(ExcKind::ValueError, "incomplete format key")
                            }
                        });
                    }
                    fmt::PercentPart::Spec(spec) => spec,
                };
                if let Some(key) = &spec.key {
                    let Some(m) = dict else {
                        return Err(self.type_error("format requires a mapping"));
                    };
                    let k = if bytes {
                        self.new_bytes(key.chars().map(|c| c as u32 as u8).collect())
                    } else {
                        self.new_str(key)
                    };
                    let r = self.getitem(m, k);
                    self.decref(k);
                    let v = r?;
                    self.xdecref(looked_up.replace(v));
                    single = v;
                    arglen = -1;
                    argidx = -2;
                }
                let mut next = |vm: &mut Vm| -> PyResult<ObjId> {
                    if argidx >= arglen {
                        return Err(vm.type_error("not enough arguments for format string"));
                    }
                    let i = argidx;
                    argidx += 1;
                    Ok(match &tuple_items {
                        Some(t) if arglen >= 0 => t[i as usize],
                        _ => single,
                    })
                };
                let width = match spec.width {
                    fmt::PercentNum::Star => {
                        let w = next(self)?;
                        Some(self.star_arg(w, "ssize_t", i64::MIN, i64::MAX)?)
                    }
                    fmt::PercentNum::Given(n) => Some(n as i64),
                    fmt::PercentNum::Absent => None,
                };
                let precision = match spec.precision {
                    fmt::PercentNum::Star => {
                        let p = next(self)?;
                        Some(self.star_arg(p, "int", i32::MIN as i64, i32::MAX as i64)?)
                    }
                    fmt::PercentNum::Given(n) => Some(n as i64),
                    fmt::PercentNum::Absent => None,
                };
                if let Some(e) = &spec.error {
                    return Err(self.new_exception(ExcKind::ValueError, e));
                }
                let arg = next(self)?;
                if let Some(msg) = spec.unsupported_message() {
                    if !(bytes && spec.conversion == 'b') {
                        return Err(self.new_exception(ExcKind::ValueError, &msg));
                    }
                }
                let piece = if bytes {
                    self.bytes_percent_piece(spec, arg, width, precision)?
                } else {
                    // the writer is still empty and this conversion ends the template
                    let keep = (out.is_empty() && index + 1 == count).then_some(&mut sole);
                    self.percent_piece(spec, arg, width, precision, keep)?
                };
                out.push_str(&piece);
                if dict.is_some() && argidx < arglen {
                    let msg = format!("not all arguments converted during {what} formatting");
                    return Err(self.type_error(&msg));
                }
            }
            if argidx < arglen && dict.is_none() {
                let msg = format!("not all arguments converted during {what} formatting");
                return Err(self.type_error(&msg));
            }
            Ok(out)
        })();
        self.xdecref(looked_up);
        match result {
            Ok(out) => Ok((out, sole)),
            Err(e) => {
                self.xdecref(sole);
                Err(e)
            }
        }
    }

    /// One conversion of bytes formatting: `%s`/`%b`, `%r`/`%a` and `%c` have bytes rules
    /// (`format_obj`, `byte_converter`); the numeric ones are those of `str`.
    fn bytes_percent_piece(
        &mut self,
        spec: &fmt::PercentSpec,
        arg: ObjId,
        width: Option<i64>,
        precision: Option<i64>,
    ) -> PyResult<String> {
        let text: String = match spec.conversion {
            's' | 'b' => match self.heap.payload(arg) {
                Payload::Bytes(b) => b.iter().map(|&c| char::from(c)).collect(),
                // format_obj: `_PyObject_LookupSpecial(v, "__bytes__")`, a bound method
                // (one more reference to `v` while it runs)
                _ => match self
                    .py_slot(arg, "__bytes__")
                    .is_some()
                    .then(|| {
                        let name = self.new_interned("__bytes__");
                        let m = self.lookup_special(arg, name);
                        self.decref(name);
                        m
                    })
                    .flatten()
                {
                    Some(m) => {
                        let r = self.call_object(m, &[], &[]);
                        self.decref(m);
                        let r = r?;
                        let text = match self.heap.payload(r) {
                            Payload::Bytes(b) => Some(b.iter().map(|&c| char::from(c)).collect()),
                            _ => None,
                        };
                        let tn = self.type_name(r);
                        self.decref(r);
                        match text {
                            Some(t) => t,
                            None => {
                                let msg = format!("__bytes__ returned non-bytes (type {tn})");
                                return Err(self.type_error(&msg));
                            }
                        }
                    }
                    None => {
                        let msg = format!(
                            "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
                            self.type_name(arg)
                        );
                        return Err(self.type_error(&msg));
                    }
                },
            },
            'r' | 'a' => {
                let r = self.repr_string(arg)?;
                ascii_of_repr(&r)
            }
            'c' => {
                let byte = match self.heap.payload(arg) {
                    Payload::Bytes(b) if b.len() == 1 => b[0],
                    _ if self.is_int_like(arg) => match self.as_i64(arg) {
                        Some(n) if (0..256).contains(&n) => n as u8,
                        _ => {
                            return Err(self
                                .new_exception(ExcKind::OverflowError, "%c arg not in range(256)"))
                        }
                    },
                    _ => {
                        return Err(self
                            .type_error("%c requires an integer in range(256) or a single byte"))
                    }
                };
                char::from(byte).to_string()
            }
            _ => return self.percent_piece(spec, arg, width, precision, None),
        };
        let mut flags = spec.flags;
        let width = width.map(|w| {
            if w < 0 {
                flags.ljust = true;
            }
            w.unsigned_abs() as usize
        });
        let precision = match spec.conversion {
            'c' => None,
            _ => precision.map(|p| p.max(0) as usize),
        };
        fmt::format_percent_text(&text, 's', flags, width, precision).map_err(|e| self.num_error(e))
    }

    /// A `*` width or precision: an int (`* wants int`) that fits a C `ssize_t` or `int`.
    fn star_arg(&mut self, v: ObjId, c_type: &str, min: i64, max: i64) -> PyResult<i64> {
        if !self.is_int_like(v) {
            return Err(self.type_error("* wants int"));
        }
        match self.as_i64(v).filter(|n| (min..=max).contains(n)) {
            Some(n) => Ok(n),
            None => {
                let msg = format!("Python int too large to convert to C {c_type}");
                Err(self.new_exception(ExcKind::OverflowError, &msg))
            }
        }
    }

    /// `PyMapping_Check` for `%` formatting: the type has `mp_subscript` (dicts, lists,
    /// bytes, ranges, classes with `__getitem__`), and the operand is not a tuple or a str.
    fn is_mapping_for_format(&mut self, v: ObjId) -> bool {
        if self.is_user_object(v) {
            let t = self.type_of(v);
            return self.type_has_attr(t, "__getitem__");
        }
        matches!(
            self.heap.payload(v),
            Payload::Dict(_)
                | Payload::List(_)
                | Payload::Bytes(_)
                | Payload::Range(_)
                | Payload::MappingProxy(_)
        )
    }

    fn percent_piece(
        &mut self,
        spec: &fmt::PercentSpec,
        arg: ObjId,
        width: Option<i64>,
        precision: Option<i64>,
        keep: Option<&mut Option<ObjId>>,
    ) -> PyResult<String> {
        let conv = spec.conversion;
        let mut flags = spec.flags;
        // a negative `*` width left-justifies
        let width = width.map(|w| {
            if w < 0 {
                flags.ljust = true;
            }
            w.unsigned_abs() as usize
        });
        let precision = precision.map(|p| p.max(0) as usize);
        let r = match conv {
            's' | 'r' | 'a' => {
                let text = if self.builtin_type_of(arg) == Some(BuiltinType::Int)
                    && width.is_none()
                    && precision.is_none()
                {
                    // `_PyLong_FormatWriter`: the digits written straight into the writer
                    self.str_string(arg)?
                } else {
                    // `Py_NewRef(v)` of an exact str for `%s`, else PyObject_Str/Repr/ASCII
                    let obj = match conv {
                        's' => self.str_object(arg)?,
                        'r' => self.repr_object(arg)?,
                        _ => self.ascii_object(arg)?,
                    };
                    let (text, len) = match self.heap.payload(obj) {
                        Payload::Str(s) => (s.value.to_string(), s.len),
                        _ => (String::new(), 0),
                    };
                    let whole = width.is_none_or(|w| w <= len)
                        && precision.is_none_or(|p| p >= len)
                        && !flags.sign
                        && !flags.blank;
                    match keep {
                        // `_PyUnicodeWriter_WriteStr` writes nothing for an empty str
                        Some(slot) if whole && len > 0 => *slot = Some(obj),
                        _ => self.decref(obj),
                    }
                    text
                };
                fmt::format_percent_text(&text, conv, flags, width, precision)
            }
            'c' => {
                let ch = match self.heap.payload(arg) {
                    Payload::Str(s) if s.len == 1 => Ok(s.char_at(0)),
                    _ => match self.as_bigint(arg) {
                        Some(n) => fmt::percent_char_from_int(&n),
                        None => return Err(self.type_error(fmt::PERCENT_C_TYPE_ERROR)),
                    },
                };
                match ch {
                    Ok(c) => fmt::format_percent_text(&c.to_string(), conv, flags, width, None),
                    Err(e) => Err(e),
                }
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                let n = match self.as_num(arg) {
                    Some(super::ops::Num::Int(n)) => n,
                    Some(super::ops::Num::Float(f)) if matches!(conv, 'd' | 'i' | 'u') => {
                        match crate::object::float::float_to_bigint(f) {
                            Ok(n) => n,
                            Err(e) => return Err(self.num_error(e)),
                        }
                    }
                    _ => {
                        let msg = fmt::percent_type_error_message(conv, &self.type_name(arg));
                        return Err(self.type_error(&msg));
                    }
                };
                fmt::format_percent_int(&n, conv, flags, width, precision)
            }
            _ => {
                let f = match self.as_num(arg) {
                    Some(super::ops::Num::Int(n)) => match crate::object::int::int_to_f64(&n) {
                        Ok(f) => f,
                        Err(e) => return Err(self.num_error(e)),
                    },
                    Some(super::ops::Num::Float(f)) => f,
                    _ => {
                        let msg = fmt::percent_type_error_message(conv, &self.type_name(arg));
                        return Err(self.type_error(&msg));
                    }
                };
                fmt::format_percent_float(f, conv, flags, width, precision)
            }
        };
        r.map_err(|e| self.num_error(e))
    }

    /// `ascii(v)`.
    pub fn ascii_string(&mut self, v: ObjId) -> PyResult<String> {
        if let Payload::Str(s) = self.heap.payload(v) {
            return Ok(str_ascii(s.as_str()));
        }
        let r = self.repr_string(v)?;
        Ok(ascii_of_repr(&r))
    }
}

/// Escape the non-ASCII characters of a repr (`ascii()`).
pub fn ascii_of_repr(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        let u = c as u32;
        if u < 128 {
            out.push(c);
        } else if u < 0x100 {
            out.push_str(&format!("\\x{u:02x}"));
        } else if u < 0x10000 {
            out.push_str(&format!("\\u{u:04x}"));
        } else {
            out.push_str(&format!("\\U{u:08x}"));
        }
    }
    out
}
