//! Calls. `CALL` on a Python function moves the caller's references into a new frame and keeps
//! looping (3.11's inlined call); a type call runs `__init__` in a frame too. Builtins run in
//! Rust with their arguments borrowed from the caller's stack. Native code calling back into
//! Python (`__repr__`, `__eq__`, key functions, `__del__`) runs a nested loop to completion.

use crate::code::{Code, Instr};
use crate::object::{BuiltinType, Function, ObjId, Payload};
use crate::vm::objects::Layout;

use super::eval::{Control, Flow, Outcome};
use super::frame::{Frame, FrameKind};
use super::{ExcKind, PyErr, PyResult, Vm};

/// Keyword arguments: (name, value) pairs, borrowed.
pub type Kwargs<'a> = &'a [(ObjId, ObjId)];

impl Vm {
    /// `CALL n`: [NULL or method, callable or self, args...].
    pub(crate) fn call_instr(&mut self, n: usize) -> PyResult<Flow> {
        let kw_idx = self.frames.last_mut().expect("frame").kw_names.take();
        let kwnames: Vec<ObjId> = match kw_idx {
            Some(i) => {
                let t = self.frames.last().expect("frame").code.consts[i as usize];
                self.tuple_items(t)
            }
            None => Vec::new(),
        };
        let len = self.frames.last().expect("frame").stack.len();
        // PRECALL: what this call site runs as, quickened (see `quicken`)
        let specialised = {
            let f = self.frames.last().expect("frame");
            let is_meth = f.stack[len - n - 2].is_some();
            let slot = |i: usize| f.stack[i].expect("call item");
            let site = crate::vm::quicken::CallSite {
                callable: if is_meth {
                    slot(len - n - 2)
                } else {
                    slot(len - n - 1)
                },
                is_meth,
                total_args: n + usize::from(is_meth),
                kwnames: !kwnames.is_empty(),
                oparg: n,
                pop_next: matches!(f.code.instrs.get(f.lasti + 1), Some(Instr::PopTop)),
                first: if is_meth {
                    Some(slot(len - n - 1))
                } else if n > 0 {
                    Some(slot(len - n))
                } else {
                    None
                },
            };
            self.precall_specialised(&f.code, f.lasti, &site)
        };
        // a bound method in the callable slot is unpacked into (function, self)
        if self.frames.last().expect("frame").stack[len - n - 2].is_none() {
            let callable = self.peek(n + 1);
            if let Payload::Method { func, self_ } = *self.heap.payload(callable) {
                self.incref(func);
                self.incref(self_);
                let s = &mut self.frames.last_mut().expect("frame").stack;
                s[len - n - 2] = Some(func);
                s[len - n - 1] = Some(self_);
                self.decref(callable);
            }
        }
        let is_meth = self.frames.last().expect("frame").stack[len - n - 2].is_some();
        let nargs = if is_meth { n + 1 } else { n };
        let callable = if is_meth {
            self.peek(n + 2)
        } else {
            self.peek(n + 1)
        };
        if let Payload::Function(_) = self.heap.payload(callable) {
            if kwnames.is_empty() && self.push_simple_frame(callable, nargs, is_meth) {
                return Ok(Flow::FrameChanged);
            }
            // move the arguments and the function into the new frame
            let args = self.pop_n(nargs);
            let func = self.pop();
            if !is_meth {
                let _null = self.pop_opt();
            }
            return match self.push_function_frame(func, args, &kwnames)? {
                Some(gen) => {
                    self.push(gen);
                    Ok(Flow::Next)
                }
                None => Ok(Flow::FrameChanged),
            };
        }
        // the arguments are borrowed from the stack (copied out, as the stack may move
        // during the call): a short list in a buffer here, a long one in a vector
        let mut small = [callable; SMALL_ARGS];
        let long: Vec<ObjId>;
        let args: &[ObjId] = {
            let s = &self.frames.last().expect("frame").stack[len - nargs..];
            if nargs <= SMALL_ARGS {
                for (d, v) in small.iter_mut().zip(s) {
                    *d = v.expect("argument");
                }
                &small[..nargs]
            } else {
                long = s.iter().map(|v| v.expect("argument")).collect();
                &long
            }
        };
        // a class whose metaclass defines `__call__` is called through it
        let meta_call = matches!(self.heap.payload(callable), Payload::Type(_))
            && self.py_slot(callable, "__call__").is_some();
        match self.heap.payload(callable) {
            Payload::Type(_) if self.is_heap_type(callable) && !meta_call => {
                self.call_heap_type_instr(callable, args, &kwnames, n + 2)
            }
            Payload::Builtin(b) if b.func.0.name == "__build_class__" => {
                self.build_class_instr(args, &kwnames, n + 2)
            }
            _ => {
                let kwargs = split_kwargs(args, &kwnames);
                let npos = args.len() - kwnames.len();
                let guard = !specialised.is_some_and(|k| k.unguarded());
                let r = self.call_object_guarded(callable, &args[..npos], &kwargs, guard);
                self.finish_call(n + 2, n + 2);
                let v = r?;
                self.push(v);
                Ok(Flow::Next)
            }
        }
    }

    /// Pop the call's items left on the caller's stack (the callable slot, the NULL/method slot
    /// and the arguments) once a call that kept them there is over.
    pub(crate) fn finish_pending_call(&mut self, items: usize) {
        for _ in 0..items {
            let v = self.pop_opt();
            self.xdecref(v);
        }
    }

    /// Release a finished `CALL`'s items as CPython 3.11's `CALL` does: what the call pushed
    /// above its own items (the `tp_call` tuple and dict, an unpacked keyword array) first,
    /// top down, as `_PyObject_MakeTpCall` frees them before it returns; then of the
    /// `call_items` ([NULL or method, callable or self, arguments...]) the callable
    /// (`Py_DECREF(function)`), then the arguments, `self` first, left to right. Which
    /// temporary argument dies first (its `__del__`, its weak references' callbacks) follows.
    pub(crate) fn finish_call(&mut self, call_items: usize, total: usize) {
        for _ in call_items..total {
            let v = self.pop_opt();
            self.xdecref(v);
        }
        // the items leave the stack before any is released (a `__del__` run by a release
        // sees the caller's stack without them): a short call's in a buffer here
        let mut small = [None; SMALL_ARGS + 2];
        let long: Vec<Option<ObjId>>;
        let items: &[Option<ObjId>] = {
            let stack = &mut self.frames.last_mut().expect("frame").stack;
            let base = stack.len().saturating_sub(call_items);
            let n = stack.len() - base;
            if n <= small.len() {
                small[..n].copy_from_slice(&stack[base..]);
                stack.truncate(base);
                &small[..n]
            } else {
                long = stack.drain(base..).collect();
                &long
            }
        };
        let function = usize::from(items.first().is_some_and(|m| m.is_none()));
        if let Some(&f) = items.get(function) {
            self.xdecref(f);
        }
        for (i, &v) in items.iter().enumerate() {
            if i != function {
                self.xdecref(v);
            }
        }
    }

    /// An `__init__` or class body frame raised: its caller still holds the call's items.
    pub(crate) fn unwind_caller_after_callee(&mut self, kind: &FrameKind) {
        match kind {
            FrameKind::Init {
                pending,
                call_items,
                ..
            } => self.finish_call(*call_items, *pending),
            FrameKind::ClassBody {
                bases,
                orig_bases,
                namespace,
                keywords,
                meta,
                pending,
                ..
            } => {
                self.decref(*meta);
                self.decref(*bases);
                self.xdecref(*orig_bases);
                self.decref(*namespace);
                for (k, v) in keywords.clone() {
                    self.decref(k);
                    self.decref(v);
                }
                self.finish_pending_call(*pending);
            }
            FrameKind::Normal | FrameKind::Generator { .. } => {}
        }
    }

    /// `CALL_FUNCTION_EX`: [NULL, callable, args, kwargs dict?]. Arguments that are not a
    /// tuple become one first (`check_args_iterable`, then
    /// `Py_SETREF(callargs, PySequence_Tuple(callargs))`: the list's stack reference is gone
    /// before the call), then `do_call_core` calls with the tuple and the dict.
    pub(crate) fn call_function_ex(&mut self, has_kw: bool) -> PyResult<Flow> {
        // `class C(*bases, **kwds)`: __build_class__ runs the body in a frame, with the
        // argument tuple and keyword dict left on the stack until it returns
        let depth = if has_kw { 3 } else { 2 };
        let callable = self.peek(depth);
        if matches!(self.heap.payload(callable), Payload::Builtin(b) if b.func.0.name == "__build_class__")
        {
            let args = self.peek(depth - 1);
            let kwargs = has_kw.then(|| self.peek(1));
            let positional = match self.heap.payload(args) {
                Payload::Tuple(t) => Some(t.to_vec()),
                _ => None,
            };
            let pairs = kwargs.map(|k| self.dict_pairs(k)).unwrap_or_default();
            let str_keys = pairs
                .iter()
                .all(|(k, _)| matches!(self.heap.payload(*k), Payload::Str(_)));
            if let (Some(mut all), true) = (positional, str_keys) {
                let kwnames: Vec<ObjId> = pairs.iter().map(|p| p.0).collect();
                all.extend(pairs.iter().map(|p| p.1));
                return self.build_class_instr(&all, &kwnames, depth + 1);
            }
        }
        let kwargs = if has_kw { Some(self.pop()) } else { None };
        let args = self.pop();
        let callable = self.pop();
        let null = self.pop_opt();
        let args = if self.builtin_type_of(args) == Some(BuiltinType::Tuple) {
            Ok(args)
        } else {
            let t = self.call_args_tuple(callable, args);
            self.decref(args);
            t
        };
        let r = match args {
            Ok(args) => {
                let r = self.call_with_tuple(callable, args, kwargs);
                self.xdecref(null);
                self.decref(callable);
                self.decref(args);
                r
            }
            Err(e) => {
                self.xdecref(null);
                self.decref(callable);
                Err(e)
            }
        };
        self.xdecref(kwargs);
        let v = r?;
        self.push(v);
        Ok(Flow::Next)
    }

    /// `PySequence_Tuple` of `*args` that are not a tuple (a list's items copied, anything
    /// else iterated), after `check_args_iterable`'s message for what cannot be iterated.
    fn call_args_tuple(&mut self, callable: ObjId, args: ObjId) -> PyResult<ObjId> {
        let items = self.collect_iterable(args).map_err(|e| {
            if self.is_instance_of_kind(e.0, ExcKind::TypeError) {
                self.decref(e.0);
                let msg = format!(
                    "{}() argument after * must be an iterable, not {}",
                    self.callable_name(callable),
                    self.type_name(args)
                );
                self.new_exception(ExcKind::TypeError, &msg)
            } else {
                e
            }
        })?;
        Ok(self.new_tuple(items))
    }

    /// `do_call_core` → `PyObject_Call(callable, tuple, kwargs)`: a callable with vectorcall
    /// gets the tuple's items in place (`_PyVectorcall_Call`; with keywords,
    /// `_PyStack_UnpackDict` holds every argument and value once more for the call); one
    /// without (`tp_call`) gets the tuple and the dict themselves.
    pub(crate) fn call_with_tuple(
        &mut self,
        callable: ObjId,
        args: ObjId,
        kwargs: Option<ObjId>,
    ) -> PyResult<ObjId> {
        let positional = self.tuple_items(args);
        let pairs: Vec<(ObjId, ObjId)> = match kwargs {
            Some(d) => match self.heap.payload(d) {
                Payload::Dict(dict) => dict.iter().map(|e| (e.key, e.value)).collect(),
                _ => {
                    let msg = format!(
                        "{}() argument after ** must be a mapping, not {}",
                        self.callable_name(callable),
                        self.type_name(d)
                    );
                    return Err(self.new_exception(ExcKind::TypeError, &msg));
                }
            },
            None => Vec::new(),
        };
        // _PyStack_UnpackDict: keyword names must be strings
        if pairs
            .iter()
            .any(|&(k, _)| !matches!(self.heap.payload(k), Payload::Str(_)))
        {
            return Err(self.type_error("keywords must be strings"));
        }
        if self.called_without_vectorcall(callable, positional.len()) {
            self.tp_call_preset = Some((args, kwargs));
            let r = self.call_object(callable, &positional, &pairs);
            self.tp_call_preset = None;
            return r;
        }
        self.with_unpacked_kwargs(&positional, &pairs, |vm| {
            vm.call_object(callable, &positional, &pairs)
        })
    }

    /// Is `callable` called through its type's `tp_call` (no vectorcall in 3.11): classes
    /// without one, instances of classes with `__call__`, `METH_VARARGS` builtins, slot
    /// wrappers and method-wrappers.
    pub(crate) fn called_without_vectorcall(&mut self, callable: ObjId, nargs: usize) -> bool {
        match self.heap.payload(callable) {
            Payload::Builtin(b) => {
                b.func.0.varargs
                    || self.builtin_type_of(callable) == Some(BuiltinType::MethodWrapper)
            }
            Payload::MethodDescr(_) => {
                self.builtin_type_of(callable) == Some(BuiltinType::WrapperDescriptor)
            }
            Payload::Type(_) => self.called_through_tp_call(callable, nargs),
            Payload::Instance(_) => self.py_slot(callable, "__call__").is_some(),
            Payload::Native(_) => {
                crate::modules::functools::partial_without_vectorcall(self, callable)
            }
            _ => false,
        }
    }

    /// Call any callable from native code: arguments are borrowed; returns a new reference.
    pub fn call_object(
        &mut self,
        callable: ObjId,
        args: &[ObjId],
        kwargs: Kwargs,
    ) -> PyResult<ObjId> {
        self.call_object_guarded(callable, args, kwargs, true)
    }

    /// [`Self::call_object`], with `guard` false for a call a specialised `PRECALL` makes
    /// without the C call path's recursion guard (`PRECALL_NO_KW_BUILTIN_FAST`,
    /// `PRECALL_NO_KW_STR_1`...: see `quicken`): a builtin function or method descriptor
    /// called directly, `str(x)` as `PyObject_Str(x)`. Every other way in keeps its guard:
    /// `cfunction_vectorcall_*` and `method_vectorcall_*` enter one, as `_PyObject_MakeTpCall`
    /// does for what has no vectorcall.
    pub(crate) fn call_object_guarded(
        &mut self,
        callable: ObjId,
        args: &[ObjId],
        kwargs: Kwargs,
        guard: bool,
    ) -> PyResult<ObjId> {
        // a class over `ref` with a `__call__` of its own (WeakMethod) goes through
        // `slot_tp_call` below
        let plain_weakref = matches!(self.heap.payload(callable), Payload::WeakRef(_))
            && !(self.is_heap_type(self.type_of(callable))
                && self.py_slot(callable, "__call__").is_some());
        match self.heap.payload(callable) {
            Payload::Builtin(b) => {
                let func = b.func;
                let self_ = b.self_;
                if matches!(
                    func.0.kind,
                    crate::builtins::Kind::NotModelled | crate::builtins::Kind::NotModelledAttr
                ) {
                    let owner = match self_ {
                        Some(s) if matches!(self.heap.payload(s), Payload::Type(_)) => s,
                        Some(s) => self.type_of(s),
                        None => self.ty(BuiltinType::Object),
                    };
                    return Err(self.not_modelled(owner, func.0.name));
                }
                if self.builtin_type_of(callable) == Some(BuiltinType::MethodWrapper) {
                    // a method-wrapper has no vectorcall in 3.11: `wrapper_call` through
                    // `_PyObject_MakeTpCall`, with the arguments in a tuple
                    return self.with_tp_call_args(args, kwargs, |vm| {
                        vm.call_builtin_fn(func, self_, args, kwargs)
                    });
                }
                if func.0.varargs {
                    // METH_VARARGS: `cfunction_call` through `_PyObject_MakeTpCall`, with
                    // the arguments in a tuple (the receiver is not in it)
                    return self.with_tp_call_args(args, kwargs, |vm| {
                        if func.0.kind == crate::builtins::Kind::TypeSlot && args.len() > 1 {
                            // tp_new_wrapper's slice of the arguments after the class
                            return vm.with_arg_tuple(&args[1..], &[], |vm| {
                                vm.call_builtin_fn(func, self_, args, kwargs)
                            });
                        }
                        vm.call_builtin_fn(func, self_, args, kwargs)
                    });
                }
                if guard {
                    // `cfunction_vectorcall_O`, `_FASTCALL`...: `cfunction_enter_call`
                    return self.recursive_call(" while calling a Python object", |vm| {
                        vm.call_builtin_fn(func, self_, args, kwargs)
                    });
                }
                self.call_builtin_fn(func, self_, args, kwargs)
            }
            Payload::MethodDescr(d) => {
                let func = d.func;
                let owner = d.owner;
                if matches!(
                    func.0.kind,
                    crate::builtins::Kind::NotModelled | crate::builtins::Kind::NotModelledAttr
                ) {
                    return Err(self.not_modelled(owner, func.0.name));
                }
                if args.is_empty() {
                    let msg = format!(
                        "unbound method {}.{}() needs an argument",
                        self.type_name_of_type(owner),
                        func.0.name
                    );
                    return Err(self.new_exception(ExcKind::TypeError, &msg));
                }
                if func.0.kind == crate::builtins::Kind::Method {
                    self.descr_check(owner, func.0.name, args[0])?;
                }
                if self.builtin_type_of(callable) == Some(BuiltinType::WrapperDescriptor) {
                    // a slot wrapper has no vectorcall in 3.11: `_PyObject_MakeTpCall` makes a
                    // tuple of all the arguments, and `wrapperdescr_call` a slice of it without
                    // the receiver (`PyTuple_GetSlice`), both held for the call
                    return self.with_tp_call_args(args, kwargs, |vm| {
                        vm.with_arg_tuple(&args[1..], &[], |vm| {
                            vm.call_method_descr_fn(func, args, kwargs)
                        })
                    });
                }
                if func.0.varargs {
                    // `method_vectorcall_VARARGS(_KEYWORDS)`: a tuple of the arguments after
                    // the receiver (and a dict of the keywords), and the guard
                    return self.with_tp_call_args(&args[1..], kwargs, |vm| {
                        vm.call_method_descr_fn(func, args, kwargs)
                    });
                }
                if guard {
                    // `method_vectorcall_O`, `_FASTCALL`...: `method_enter_call`
                    return self.recursive_call(" while calling a Python object", |vm| {
                        vm.call_method_descr_fn(func, args, kwargs)
                    });
                }
                self.call_method_descr_fn(func, args, kwargs)
            }
            Payload::Function(_) => {
                for &a in args {
                    self.incref(a);
                }
                self.incref(callable);
                let kwnames: Vec<ObjId> = kwargs.iter().map(|(k, _)| *k).collect();
                let mut all: Vec<ObjId> = args.to_vec();
                for &(_, v) in kwargs {
                    self.incref(v);
                    all.push(v);
                }
                self.run_function_nested(callable, all, &kwnames)
            }
            Payload::Method { func, self_ } => {
                let (func, self_) = (*func, *self_);
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(self_);
                full.extend_from_slice(args);
                self.call_object(func, &full, kwargs)
            }
            Payload::Type(_) if guard && self.called_through_tp_call(callable, args.len()) => {
                self.with_tp_call_args(args, kwargs, |vm| vm.call_type(callable, args, kwargs))
            }
            Payload::Type(_) => self.call_type(callable, args, kwargs),
            Payload::StaticMethod(f) => {
                // sm_call: reached through tp_call (an argument tuple), then
                // `PyObject_Call(sm_callable, args, kwargs)`
                let f = *f;
                self.with_tp_call_args(args, kwargs, |vm| vm.call_object(f, args, kwargs))
            }
            // ga_call: `list[int](...)` makes a list
            Payload::GenericAlias { origin, .. } => {
                let origin = *origin;
                self.call_object(origin, args, kwargs)
            }
            Payload::Native(_) if self.native_slots(callable).call.is_some() => {
                crate::modules::native::call(self, callable, args, kwargs)
            }
            Payload::WeakRef(_) if plain_weakref => {
                crate::modules::weakref::call(self, callable, args, kwargs)
            }
            _ => {
                // an instance with __call__: `slot_tp_call` calls a Python `__call__` with the
                // instance first, without a bound method (`lookup_maybe_method`)
                if let Some(f) = self.py_slot(callable, "__call__") {
                    let prepended: Vec<ObjId> = std::iter::once(callable)
                        .chain(args.iter().copied())
                        .collect();
                    let unpack = matches!(self.heap.payload(f), Payload::Function(_));
                    return self.with_tp_call_args(args, kwargs, |vm| {
                        if unpack {
                            // `_PyObject_Call_Prepend` → `_PyStack_UnpackDict`
                            return vm.with_unpacked_kwargs(&prepended, kwargs, |vm| {
                                vm.call_bound_slot(f, callable, args, kwargs)
                            });
                        }
                        vm.call_bound_slot(f, callable, args, kwargs)
                    });
                }
                let name = self.new_interned("__call__");
                let meth = self.lookup_special(callable, name);
                self.decref(name);
                match meth {
                    Some(m) => {
                        // `_PyObject_MakeTpCall` (the argument tuple) → `slot_tp_call`: one
                        // guard per call
                        let r = self
                            .with_tp_call_args(args, kwargs, |vm| vm.call_object(m, args, kwargs));
                        self.decref(m);
                        r
                    }
                    None => {
                        let msg = format!("'{}' object is not callable", self.type_name(callable));
                        Err(self.new_exception(ExcKind::TypeError, &msg))
                    }
                }
            }
        }
    }

    /// A builtin function or bound builtin method's C function, once its arguments are
    /// where its calling convention wants them.
    pub(crate) fn call_builtin_fn(
        &mut self,
        func: crate::builtins::Builtin,
        self_: Option<ObjId>,
        args: &[ObjId],
        kwargs: Kwargs,
    ) -> PyResult<ObjId> {
        match (func.0.kind, self_) {
            (
                crate::builtins::Kind::Method
                | crate::builtins::Kind::ClassMethod
                | crate::builtins::Kind::TypeSlot,
                Some(s),
            ) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(s);
                full.extend_from_slice(args);
                (func.0.call)(self, &full, kwargs)
            }
            _ => (func.0.call)(self, args, kwargs),
        }
    }

    /// A method descriptor's C function called with the receiver first (its caller holds
    /// whatever recursion guard the call path has).
    fn call_method_descr_fn(
        &mut self,
        func: crate::builtins::Builtin,
        args: &[ObjId],
        kwargs: Kwargs,
    ) -> PyResult<ObjId> {
        (func.0.call)(self, args, kwargs)
    }

    /// `descr_check`: a method of a builtin type called through the type applies only to
    /// instances of that type (`list.append(1, 2)`, `int.__add__('a', 1)`).
    pub(crate) fn descr_check(&mut self, owner: ObjId, name: &str, obj: ObjId) -> PyResult<()> {
        let t = self.type_of(obj);
        if self.is_subtype(t, owner) || self.builtin_equivalent(owner) {
            return Ok(());
        }
        let oname = self.type_name_of_type(owner);
        let msg = if name.starts_with("__") && name.ends_with("__") {
            format!(
                "descriptor '{name}' requires a '{oname}' object but received a '{}'",
                self.type_name(obj)
            )
        } else {
            format!(
                "descriptor '{name}' for '{oname}' objects doesn't apply to a '{}' object",
                self.type_name(obj)
            )
        };
        Err(self.type_error(&msg))
    }

    /// Owners whose methods apply beyond the subtype check: `object`'s (every object is
    /// one) and an owner that is not a type at all.
    fn builtin_equivalent(&self, owner: ObjId) -> bool {
        let Payload::Type(t) = self.heap.payload(owner) else {
            return true;
        };
        match t.builtin {
            // `object`'s methods apply to everything
            Some(BuiltinType::Object) => true,
            // a library class standing for a static C type owns C methods (`_io._IOBase`'s):
            // they apply to its instances only
            None => !t.c_static,
            // every exception class has its own slot wrappers (`Exception.__init__` is "of
            // 'Exception' objects"): they apply to that class's instances, as the subtype
            // check above says; the shared methods are owned by BaseException
            _ => false,
        }
    }

    /// Call with positional arguments only.
    pub fn call1(&mut self, callable: ObjId, args: &[ObjId]) -> PyResult<ObjId> {
        self.call_object(callable, args, &[])
    }

    /// Run a Python function to completion from native code. `args` (positional, then keyword
    /// values named by `kwnames`) and `func` are owned and move into the frame.
    pub(crate) fn run_function_nested(
        &mut self,
        func: ObjId,
        args: Vec<ObjId>,
        kwnames: &[ObjId],
    ) -> PyResult<ObjId> {
        // the frame is the only unit of the recursion limit it takes (CPython's
        // `_PyEval_EvalFrameDefault` counts the frame, not the C call into it); the Rust
        // recursion needs room on the stack
        self.with_stack(|vm| {
            let base = vm.frames.len();
            match vm.push_function_frame(func, args, kwnames) {
                Err(e) => Err(e),
                Ok(Some(gen)) => Ok(gen),
                Ok(None) => vm.run_entry_frame(base),
            }
        })
    }

    /// Mark the frame at `base` as an entry frame and run it to completion.
    pub(crate) fn run_entry_frame(&mut self, base: usize) -> PyResult<ObjId> {
        self.frames[base].entry = true;
        let mut ctl = Control::run_to_end();
        let r = match self.run_frames(base, &mut ctl) {
            Outcome::Returned(v) => Ok(v),
            Outcome::Raised(e) => Err(e),
            Outcome::Yielded(v) => Ok(v),
            Outcome::Paused | Outcome::Sliced => unreachable!("nested runs never pause"),
        };
        if self.heap.trace.is_some() {
            // back in the native code the caller's line runs: allocations are charged there
            if let Some(f) = self.frames.last() {
                let (source, line) = (f.code.source.clone(), f.code.line_of(f.lasti));
                if let Some(t) = &mut self.heap.trace {
                    t.set_site(&source, line);
                }
            }
        }
        r
    }

    /// Bind arguments and push a frame for a Python function. A generator function instead
    /// makes a generator object owning the frame, and returns it. `func` and `args` are owned.
    pub(crate) fn push_function_frame(
        &mut self,
        func: ObjId,
        args: Vec<ObjId>,
        kwnames: &[ObjId],
    ) -> PyResult<Option<ObjId>> {
        if self.frames.len() + self.native_depth >= self.options.recursion_limit {
            self.decref(func);
            for a in args {
                self.decref(a);
            }
            return Err(
                self.new_exception(ExcKind::RecursionError, "maximum recursion depth exceeded")
            );
        }
        let (code_obj, globals, builtins) = match self.heap.payload(func) {
            Payload::Function(f) => (f.code, f.globals, f.builtins),
            _ => unreachable!("push_function_frame on a non-function"),
        };
        let code = self.code_of(code_obj);
        let locals = match self.bind_arguments(func, &code, args, kwnames) {
            Ok(l) => l,
            Err(e) => {
                self.decref(func);
                return Err(e);
            }
        };
        self.incref(code_obj);
        let generator = code.generator;
        let stack = self.frame_vecs.take(code.stacksize.max(2));
        let mut frame = Frame::with_vecs(code, code_obj, globals, builtins, locals, stack);
        frame.serial = self.next_frame_serial();
        frame.func = Some(func);
        if generator {
            return Ok(Some(self.new_generator(frame)));
        }
        self.push_frame(frame);
        Ok(None)
    }

    /// The common call: positional arguments that fill exactly the parameters of a plain
    /// function (no `*args`, `**kwargs`, keyword-only parameters or generator), below the
    /// recursion limit. Moves the arguments from the caller's stack into the new frame's
    /// locals and the function into its `f_func`, as [`Self::push_function_frame`] does, with
    /// the same counts, without the intermediate vectors. False (nothing done) for any
    /// other call.
    fn push_simple_frame(&mut self, func: ObjId, nargs: usize, is_meth: bool) -> bool {
        if self.frames.len() + self.native_depth >= self.options.recursion_limit {
            return false;
        }
        let (code_obj, globals, builtins) = match self.heap.payload(func) {
            Payload::Function(f) => (f.code, f.globals, f.builtins),
            _ => return false,
        };
        let code = match self.heap.payload(code_obj) {
            Payload::Code(c)
                if c.argcount == nargs
                    && c.kwonlyargcount == 0
                    && !c.varargs
                    && !c.varkeywords
                    && !c.generator =>
            {
                c.clone()
            }
            _ => return false,
        };
        let n = code.nlocalsplus();
        let mut locals = self.frame_vecs.take(n);
        {
            let s = &mut self.frames.last_mut().expect("frame").stack;
            let at = s.len() - nargs;
            locals.extend(s.drain(at..));
            // the function (moved into `f_func`), then the NULL below it
            s.pop();
            if !is_meth {
                s.pop();
            }
        }
        locals.resize(n, None);
        self.incref(code_obj);
        let stack = self.frame_vecs.take(code.stacksize.max(2));
        let serial = self.next_frame_serial();
        let b = self.frame_vecs.boxed_new(
            code, code_obj, func, globals, builtins, locals, stack, serial,
        );
        self.frames.push(b);
        true
    }

    pub(crate) fn code_of(&self, code_obj: ObjId) -> std::rc::Rc<Code> {
        match self.heap.payload(code_obj) {
            Payload::Code(c) => c.clone(),
            _ => unreachable!("not a code object"),
        }
    }

    /// `initialize_locals`: place positional and keyword arguments, defaults, `*args`,
    /// `**kwargs`; or raise CPython's TypeError. `args` are owned (keyword values last).
    fn bind_arguments(
        &mut self,
        func: ObjId,
        code: &Code,
        args: Vec<ObjId>,
        kwnames: &[ObjId],
    ) -> PyResult<Vec<Option<ObjId>>> {
        let mut locals = self.frame_vecs.take(code.nlocalsplus());
        locals.resize(code.nlocalsplus(), None);
        let nkw = kwnames.len();
        let npos = args.len() - nkw;
        let argcount = code.argcount;
        let total_args = code.argcount + code.kwonlyargcount;
        let mut args = args.into_iter();
        let mut error: Option<PyErr> = None;
        let mut extra: Vec<ObjId> = Vec::new();
        for (i, a) in args.by_ref().take(npos).enumerate() {
            if i < argcount {
                locals[i] = Some(a);
            } else {
                extra.push(a);
            }
        }
        let kwdict = if code.varkeywords {
            let d = self.new_dict();
            locals[total_args + code.varargs as usize] = Some(d);
            Some(d)
        } else {
            None
        };
        if code.varargs {
            let t = self.new_tuple(std::mem::take(&mut extra));
            locals[total_args] = Some(t);
        }
        let too_many = !extra.is_empty();
        for e in extra {
            self.decref(e);
        }
        // the name is for error messages only: made when one is
        for &kname in kwnames {
            let value = args.next().expect("keyword value");
            if error.is_some() {
                self.decref(value);
                continue;
            }
            let name = self.str_of(kname).to_string();
            let pos = code.localsplus_names[code.posonlyargcount..total_args]
                .iter()
                .position(|n| *n == name)
                .map(|p| p + code.posonlyargcount);
            match pos {
                Some(j) => {
                    if locals[j].is_some() {
                        self.decref(value);
                        let qualname = self.function_qualname(func);
                        error = Some(self.type_error(&format!(
                            "{qualname}() got multiple values for argument '{name}'"
                        )));
                    } else {
                        locals[j] = Some(value);
                    }
                }
                None => match kwdict {
                    Some(d) => {
                        let r = self.dict_setitem(d, kname, value);
                        self.decref(value);
                        if let Err(e) = r {
                            error = Some(e);
                        }
                    }
                    None => {
                        self.decref(value);
                        let qualname = self.function_qualname(func);
                        let posonly_names = &code.localsplus_names[..code.posonlyargcount];
                        let msg = if posonly_names.contains(&name) {
                            // positional_only_passed_as_keyword: every such name at once
                            let passed: Vec<&str> = kwnames
                                .iter()
                                .map(|&k| self.str_of(k))
                                .filter(|k| posonly_names.iter().any(|p| p == k))
                                .collect();
                            format!("{qualname}() got some positional-only arguments passed as keyword arguments: '{}'", passed.join(", "))
                        } else {
                            format!("{qualname}() got an unexpected keyword argument '{name}'")
                        };
                        error = Some(self.type_error(&msg));
                    }
                },
            }
        }
        if error.is_none() && too_many {
            error = Some(self.too_many_positional(func, code, npos, &locals));
        }
        if error.is_none() {
            // defaults for missing positional arguments
            let (defaults, kwdefaults) = match self.heap.payload(func) {
                Payload::Function(f) => (f.defaults, f.kwdefaults),
                _ => (None, None),
            };
            // (the defaults are read only when a positional argument is missing)
            let defaults: Vec<ObjId> = match defaults {
                Some(d) if locals[..argcount].iter().any(|l| l.is_none()) => self.tuple_items(d),
                _ => Vec::new(),
            };
            let first_default = argcount.saturating_sub(defaults.len());
            let mut missing = Vec::new();
            for (i, slot) in locals.iter_mut().enumerate().take(argcount) {
                if slot.is_none() {
                    if i >= first_default {
                        let d = defaults[i - first_default];
                        self.incref(d);
                        *slot = Some(d);
                    } else {
                        missing.push(code.localsplus_names[i].clone());
                    }
                }
            }
            if !missing.is_empty() {
                let qualname = self.function_qualname(func);
                error = Some(self.missing_arguments(&qualname, &missing, "positional"));
            } else {
                let mut missing_kw = Vec::new();
                for (i, slot) in locals
                    .iter_mut()
                    .enumerate()
                    .take(total_args)
                    .skip(argcount)
                {
                    if slot.is_none() {
                        let name = code.localsplus_names[i].clone();
                        let found = kwdefaults.and_then(|kd| {
                            let key = self.new_interned(&name);
                            let v = self.dict_getitem_str(kd, key);
                            self.decref(key);
                            v
                        });
                        match found {
                            Some(v) => {
                                self.incref(v);
                                *slot = Some(v);
                            }
                            None => missing_kw.push(name),
                        }
                    }
                }
                if !missing_kw.is_empty() {
                    let qualname = self.function_qualname(func);
                    error = Some(self.missing_arguments(&qualname, &missing_kw, "keyword-only"));
                }
            }
        }
        if let Some(e) = error {
            for l in locals.into_iter().flatten() {
                self.decref(l);
            }
            return Err(e);
        }
        Ok(locals)
    }

    fn too_many_positional(
        &mut self,
        func: ObjId,
        code: &Code,
        given: usize,
        locals: &[Option<ObjId>],
    ) -> PyErr {
        let qualname = self.function_qualname(func);
        let ndefaults = match self.heap.payload(func) {
            Payload::Function(f) => f.defaults.map(|d| self.tuple_items(d).len()).unwrap_or(0),
            _ => 0,
        };
        let argcount = code.argcount;
        let takes = if ndefaults > 0 {
            format!(
                "from {} to {} positional arguments",
                argcount - ndefaults,
                argcount
            )
        } else {
            format!(
                "{} positional argument{}",
                argcount,
                if argcount == 1 { "" } else { "s" }
            )
        };
        let kwonly_given = (argcount..argcount + code.kwonlyargcount)
            .filter(|&i| locals.get(i).is_some_and(|l| l.is_some()))
            .count();
        let given_s = if kwonly_given > 0 {
            format!(
                "{} positional argument{} (and {} keyword-only argument{}) were given",
                given,
                if given == 1 { "" } else { "s" },
                kwonly_given,
                if kwonly_given == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{} {} given",
                given,
                if given == 1 { "was" } else { "were" }
            )
        };
        self.type_error(&format!("{qualname}() takes {takes} but {given_s}"))
    }

    fn missing_arguments(&mut self, qualname: &str, missing: &[String], kind: &str) -> PyErr {
        let quoted: Vec<String> = missing.iter().map(|m| format!("'{m}'")).collect();
        let list = match quoted.len() {
            1 => quoted[0].clone(),
            2 => format!("{} and {}", quoted[0], quoted[1]),
            n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        };
        let msg = format!(
            "{}() missing {} required {} argument{}: {}",
            qualname,
            missing.len(),
            kind,
            if missing.len() == 1 { "" } else { "s" },
            list
        );
        self.type_error(&msg)
    }

    pub(crate) fn function_qualname(&self, func: ObjId) -> String {
        match self.heap.payload(func) {
            Payload::Function(f) => self.str_of(f.qualname).to_string(),
            _ => "?".into(),
        }
    }

    /// `format_kwargs_error`: a duplicate keyword found by `DICT_MERGE` (a KeyError) is
    /// reported for the function being called.
    pub(crate) fn format_kwargs_error(&mut self, func: ObjId, err: PyErr) -> PyErr {
        if !self.is_instance_of_kind(err.0, ExcKind::KeyError) {
            return err;
        }
        let key = match self.heap.payload(err.0) {
            Payload::Exception(e) => self.tuple_items(e.args).first().copied(),
            _ => None,
        };
        let key = key.map(|k| self.str_of(k).to_string()).unwrap_or_default();
        let msg = format!(
            "{} got multiple values for keyword argument '{key}'",
            self.function_str(func)
        );
        self.decref(err.0);
        self.type_error(&msg)
    }

    /// `_PyObject_FunctionStr`: `module.qualname()`, or `qualname()` for builtins.
    pub(crate) fn function_str(&mut self, func: ObjId) -> String {
        let (qualname, module) = match self.heap.payload(func) {
            Payload::Function(f) => (self.str_of(f.qualname).to_string(), Some(f.module)),
            Payload::Method { func, .. } => return self.function_str(*func),
            _ => (self.callable_name(func), None),
        };
        match module.filter(|&m| matches!(self.heap.payload(m), Payload::Str(_))) {
            Some(m) if self.str_of(m) != "builtins" => format!("{}.{qualname}()", self.str_of(m)),
            _ => format!("{qualname}()"),
        }
    }

    /// A name for error messages about a callable.
    pub(crate) fn callable_name(&self, callable: ObjId) -> String {
        match self.heap.payload(callable) {
            Payload::Function(f) => self.str_of(f.qualname).to_string(),
            Payload::Builtin(b) => b.func.0.name.to_string(),
            Payload::Type(t) => t.name.clone(),
            _ => self.type_name(callable),
        }
    }

    /// `MAKE_FUNCTION`: all arguments are owned.
    pub(crate) fn make_function(
        &mut self,
        code: ObjId,
        defaults: Option<ObjId>,
        kwdefaults: Option<ObjId>,
        annotations: Option<ObjId>,
        closure: Option<ObjId>,
    ) -> ObjId {
        let (globals, builtins) = {
            let f = self.frames.last().expect("frame");
            (f.globals, f.builtins)
        };
        let c = self.code_of(code);
        let name = c.name_obj;
        let qualname = c.qualname_obj;
        // PyFunction_New: `__doc__` is `co_consts[0]` when that is a str (a comprehension's
        // first constant is its doc while it runs; a function without a docstring and a
        // lambda start their constants with None; a class body's is its `__qualname__`)
        let doc = match c.consts.first() {
            Some(&d)
                if !matches!(c.kind, crate::code::CodeKind::Module)
                    && matches!(self.heap.payload(d), Payload::Str(_)) =>
            {
                d
            }
            _ => self.none(),
        };
        let module_key = self.new_interned("__name__");
        let module = self
            .dict_getitem_str(globals, module_key)
            .unwrap_or(self.statics.none);
        self.decref(module_key);
        for id in [globals, builtins, name, qualname, doc, module] {
            self.incref(id);
        }
        let t = self.ty(BuiltinType::Function);
        self.alloc(
            t,
            Payload::Function(Box::new(Function {
                code,
                globals,
                builtins,
                name,
                qualname,
                module,
                doc,
                defaults,
                kwdefaults,
                closure,
                annotations,
                dict: None,
                weakrefs: Vec::new(),
            })),
            Layout::gc(136),
        )
    }

    /// `_PyFunction_FromConstructor` as `PyEval_EvalCode` calls it: the function a module or
    /// an `exec`'d code object runs as, named after the code, with no module, doc or
    /// defaults. It holds the globals (and the code) while the code runs.
    pub(crate) fn code_function(&mut self, code: ObjId, globals: ObjId, builtins: ObjId) -> ObjId {
        let c = self.code_of(code);
        let name = c.name_obj;
        let none = self.none();
        for id in [code, globals, builtins, name, name, none, none] {
            self.incref(id);
        }
        let t = self.ty(BuiltinType::Function);
        self.alloc(
            t,
            Payload::Function(Box::new(Function {
                code,
                globals,
                builtins,
                name,
                qualname: name,
                module: none,
                doc: none,
                defaults: None,
                kwdefaults: None,
                closure: None,
                annotations: None,
                dict: None,
                weakrefs: Vec::new(),
            })),
            Layout::gc(136),
        )
    }

    /// A type call made by `CALL`: instantiate, then run a Python `__init__` in its own frame.
    fn call_heap_type_instr(
        &mut self,
        ty_called: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        pending: usize,
    ) -> PyResult<Flow> {
        // `_PyObject_MakeTpCall`'s recursion guard: held while `__new__` runs and, as one
        // more unit of the `__init__` frame (`FrameKind::Init`), until `__init__` returns
        if self.recursion_depth() >= self.options.recursion_limit {
            self.finish_call(pending, pending);
            return Err(self.recursion_error(" while calling a Python object"));
        }
        self.native_depth += 1;
        let r = self.call_heap_type_guarded(ty_called, args, kwnames, pending);
        if !matches!(r, Ok(Flow::FrameChanged)) {
            self.native_depth -= 1;
        }
        r
    }

    /// [`Self::call_heap_type_instr`] under its guard.
    fn call_heap_type_guarded(
        &mut self,
        ty_called: ObjId,
        args: &[ObjId],
        kwnames: &[ObjId],
        pending: usize,
    ) -> PyResult<Flow> {
        let call_items = pending;
        let kwargs = split_kwargs(args, kwnames);
        let npos = args.len() - kwnames.len();
        // `_PyObject_MakeTpCall`: a class has no vectorcall, so its arguments go in a tuple
        // (and a dict) that live until the call returns; they wait on the caller's stack with
        // the call's other items
        let mut pending = pending;
        let mut own_tuple = None;
        if self.called_through_tp_call(ty_called, npos) {
            let held = self.make_tp_call_args(&args[..npos], &kwargs);
            own_tuple = held.tuple();
            for held in held.into_stack_order() {
                self.push(held);
                pending += 1;
            }
        }
        // the innermost call's tuple while `tp_new` (and below, a builtin `tp_init`) runs
        let depth = self.tp_call_tuples.len();
        self.tp_call_tuples.extend(own_tuple);
        let instance = self.type_new_instance(ty_called, &args[..npos], &kwargs);
        self.tp_call_tuples.truncate(depth);
        let instance = match instance {
            Ok(i) => i,
            Err(e) => {
                self.finish_call(call_items, pending);
                return Err(e);
            }
        };
        // type_call: what `__new__` returned is only initialised when it is an instance
        let ty = self.type_of(instance);
        if !self.is_subtype(ty, ty_called) {
            self.finish_call(call_items, pending);
            self.push(instance);
            return Ok(Flow::Next);
        }
        let init = self.find_init(ty);
        match init {
            Some(init) if matches!(self.heap.payload(init), Payload::Function(_)) => {
                if !kwnames.is_empty() {
                    // slot_tp_init → `_PyObject_FastCallDictTstate` → `_PyStack_UnpackDict`:
                    // the keyword dict goes back to a names tuple and a new argument array
                    // (self, the arguments, the keyword values, each with a reference of its
                    // own) for the time of the call; freed before the argument tuple
                    for &k in kwnames {
                        self.incref(k);
                    }
                    let names = self.new_tuple(kwnames.to_vec());
                    self.push(names);
                    pending += 1;
                    for &held in std::iter::once(&instance).chain(args.iter()).rev() {
                        self.incref(held);
                        self.push(held);
                        pending += 1;
                    }
                }
                // __init__(self, *args): the frame gets its own references to the arguments
                let mut frame_args = Vec::with_capacity(args.len() + 1);
                self.incref(instance);
                frame_args.push(instance);
                for &a in args {
                    self.incref(a);
                    frame_args.push(a);
                }
                self.incref(init);
                match self.push_function_frame(init, frame_args, kwnames) {
                    Err(e) => {
                        self.decref(instance);
                        self.finish_call(call_items, pending);
                        Err(e)
                    }
                    Ok(Some(gen)) => {
                        self.decref(gen);
                        self.decref(instance);
                        self.finish_call(call_items, pending);
                        Err(self.type_error("__init__() should return None, not 'generator'"))
                    }
                    Ok(None) => {
                        self.frames.last_mut().expect("frame").kind = FrameKind::Init {
                            instance,
                            pending,
                            call_items,
                        };
                        Ok(Flow::FrameChanged)
                    }
                }
            }
            Some(init) if !matches!(self.heap.payload(init), Payload::MethodDescr(_)) => {
                // a callable `__init__` that is not a plain function: called to completion
                let r = self.call_bound_slot(init, instance, &args[..npos], &kwargs);
                self.finish_call(call_items, pending);
                match r {
                    Ok(v) => {
                        let none = v == self.none();
                        let tn = self.type_name(v);
                        self.decref(v);
                        if none {
                            self.push(instance);
                            Ok(Flow::Next)
                        } else {
                            self.decref(instance);
                            Err(self
                                .type_error(&format!("__init__() should return None, not '{tn}'")))
                        }
                    }
                    Err(e) => {
                        self.decref(instance);
                        Err(e)
                    }
                }
            }
            _ => {
                self.tp_call_tuples.extend(own_tuple);
                let r = self.type_call_builtin_init(ty, instance, &args[..npos], &kwargs);
                self.tp_call_tuples.truncate(depth);
                self.finish_call(call_items, pending);
                match r {
                    Ok(()) => {
                        self.push(instance);
                        Ok(Flow::Next)
                    }
                    Err(e) => {
                        self.decref(instance);
                        Err(e)
                    }
                }
            }
        }
    }

    /// A failed `__build_class__`'s cleanup: the bases (and the original ones), the namespace
    /// when made, the keywords, in that order, then the call's pending arguments.
    fn release_class_args(
        &mut self,
        bases: ObjId,
        orig_bases: Option<ObjId>,
        namespace: Option<ObjId>,
        keywords: Vec<(ObjId, ObjId)>,
        pending: usize,
    ) {
        self.decref(bases);
        self.xdecref(orig_bases);
        self.xdecref(namespace);
        for (k, v) in keywords {
            self.decref(k);
            self.decref(v);
        }
        self.finish_pending_call(pending);
    }

    /// `__build_class__(func, name, *bases, **kwds)` made by `CALL`: run the class body in a
    /// frame of its own, with a fresh namespace as its locals.
    fn build_class_instr(
        &mut self,
        args: &[ObjId],
        kwnames: &[ObjId],
        pending: usize,
    ) -> PyResult<Flow> {
        let npos = args.len() - kwnames.len();
        if npos < 2 {
            self.finish_pending_call(pending);
            return Err(self.type_error("__build_class__: not enough arguments"));
        }
        let func = args[0];
        let name = args[1];
        for &b in &args[2..npos] {
            self.incref(b);
        }
        let bases = self.new_tuple(args[2..npos].to_vec());
        // update_bases: `__mro_entries__` of bases that are not classes
        let (bases, orig_bases) = match self.update_bases(bases) {
            Ok(Some(new)) => (new, Some(bases)),
            Ok(None) => (bases, None),
            Err(e) => {
                self.decref(bases);
                self.finish_pending_call(pending);
                return Err(e);
            }
        };
        let mut keywords = Vec::new();
        for (i, &k) in kwnames.iter().enumerate() {
            let v = args[npos + i];
            self.incref(k);
            self.incref(v);
            keywords.push((k, v));
        }
        // `__build_class__` holds the metaclass it settles on (`_PyType_CalculateMetaclass`)
        // until the class is made
        let meta = match self.class_statement_meta(bases, &keywords) {
            Ok(m) => self.new_ref(m),
            Err(e) => {
                self.release_class_args(bases, orig_bases, None, keywords, pending);
                return Err(e);
            }
        };
        // `metaclass=` leaves the keywords (`PyDict_DelItem(mkw, "metaclass")`)
        if let Some(i) = keywords
            .iter()
            .position(|&(k, _)| self.str_of(k) == "metaclass")
        {
            let (k, v) = keywords.remove(i);
            self.decref(k);
            self.decref(v);
        }
        // the metaclass's `__prepare__` makes the namespace the body runs in
        let namespace = match self.class_namespace(name, bases, &keywords, meta) {
            Ok(ns) => ns,
            Err(e) => {
                self.decref(meta);
                self.release_class_args(bases, orig_bases, None, keywords, pending);
                return Err(e);
            }
        };
        let (code_obj, globals, builtins) = match self.heap.payload(func) {
            Payload::Function(f) => (f.code, f.globals, f.builtins),
            _ => {
                self.decref(meta);
                self.release_class_args(bases, orig_bases, Some(namespace), keywords, pending);
                return Err(self.type_error("__build_class__: func must be a function"));
            }
        };
        let code = self.code_of(code_obj);
        self.incref(code_obj);
        self.incref(func);
        // `name` stays borrowed from the caller's stack (`args[1]` of __build_class__)
        self.incref(namespace);
        let mut frame = Frame::new(code, code_obj, globals, builtins);
        frame.serial = self.next_frame_serial();
        frame.func = Some(func);
        frame.locals_dict = Some(namespace);
        frame.kind = FrameKind::ClassBody {
            name,
            bases,
            orig_bases,
            namespace,
            keywords,
            meta,
            pending,
        };
        if self.frames.len() + self.native_depth >= self.options.recursion_limit {
            let kind = frame.kind.clone();
            self.clear_frame(frame);
            self.unwind_caller_after_callee(&kind);
            return Err(
                self.new_exception(ExcKind::RecursionError, "maximum recursion depth exceeded")
            );
        }
        self.push_frame(frame);
        Ok(Flow::FrameChanged)
    }

    /// `update_bases`: a base that is not a class but has `__mro_entries__` (`Generic[T]`,
    /// `list[int]`, `NamedTuple`) is replaced by what that returns for the original bases.
    /// Some(new bases) when any was replaced.
    fn update_bases(&mut self, bases: ObjId) -> PyResult<Option<ObjId>> {
        let items = self.tuple_items(bases);
        let mut new: Option<Vec<ObjId>> = None;
        for (i, &b) in items.iter().enumerate() {
            let entries = if matches!(self.heap.payload(b), Payload::Type(_)) {
                None
            } else {
                self.lookup_attr(b, "__mro_entries__")?
            };
            let Some(meth) = entries else {
                if let Some(n) = new.as_mut() {
                    self.incref(b);
                    n.push(b);
                }
                continue;
            };
            let r = self.call_object(meth, &[bases], &[]);
            self.decref(meth);
            let list = new.get_or_insert_with(Vec::new);
            if list.is_empty() {
                for &prev in &items[..i] {
                    self.incref(prev);
                    list.push(prev);
                }
            }
            let r = match r {
                Ok(r) => r,
                Err(e) => {
                    for v in new.take().unwrap_or_default() {
                        self.decref(v);
                    }
                    return Err(e);
                }
            };
            if !matches!(self.heap.payload(r), Payload::Tuple(_)) {
                self.decref(r);
                for v in new.take().unwrap_or_default() {
                    self.decref(v);
                }
                return Err(self.type_error("__mro_entries__ must return a tuple"));
            }
            for v in self.tuple_items(r) {
                self.incref(v);
                new.get_or_insert_with(Vec::new).push(v);
            }
            self.decref(r);
        }
        Ok(new.map(|n| self.new_tuple(n)))
    }

    /// `__build_class__`'s namespace: `meta.__prepare__(name, bases, **kwds)` when the
    /// metaclass has one in Python, else a new dict (what `type.__prepare__` returns).
    fn class_namespace(
        &mut self,
        name: ObjId,
        bases: ObjId,
        keywords: &[(ObjId, ObjId)],
        meta: ObjId,
    ) -> PyResult<ObjId> {
        let prepare = if matches!(self.heap.payload(meta), Payload::Type(_)) {
            self.type_lookup_str(meta, "__prepare__")
                .filter(|p| !matches!(self.heap.payload(*p), Payload::MethodDescr(_)))
        } else {
            None
        };
        if prepare.is_none() {
            if !matches!(self.heap.payload(meta), Payload::Type(_)) {
                if let Some(p) = self.lookup_attr(meta, "__prepare__")? {
                    let rest = self.without_metaclass_kw(keywords);
                    let r = self.call_object(p, &[name, bases], &rest);
                    self.decref(p);
                    return r;
                }
            }
            return Ok(self.new_dict());
        }
        let p = self.getattr_str(meta, "__prepare__")?;
        let rest = self.without_metaclass_kw(keywords);
        let r = self.call_object(p, &[name, bases], &rest);
        self.decref(p);
        let ns = r?;
        if !self.is_mapping(ns) {
            let msg = format!(
                "{}.__prepare__() must return a mapping, not {}",
                self.type_name_of_type(meta),
                self.type_name(ns)
            );
            self.decref(ns);
            return Err(self.type_error(&msg));
        }
        Ok(ns)
    }

    fn without_metaclass_kw(&self, keywords: &[(ObjId, ObjId)]) -> Vec<(ObjId, ObjId)> {
        keywords
            .iter()
            .copied()
            .filter(|(k, _)| self.str_of(*k) != "metaclass")
            .collect()
    }

    /// `PyMapping_Check`: a dict, or a class with `__getitem__`.
    pub(crate) fn is_mapping(&mut self, v: ObjId) -> bool {
        matches!(
            self.heap.payload(v),
            Payload::Dict(_) | Payload::MappingProxy(_)
        ) || self.py_slot(v, "__getitem__").is_some()
    }

    /// Tuple items (borrowed view; empty for non-tuples).
    /// `PyCallable_Check`: the object's type has `tp_call`.
    pub fn is_callable(&mut self, v: ObjId) -> bool {
        match self.heap.payload(v) {
            Payload::Function(_)
            | Payload::Builtin(_)
            | Payload::Method { .. }
            | Payload::Type(_)
            | Payload::MethodDescr(_)
            | Payload::StaticMethod(_) => true,
            Payload::Native(_) if self.native_slots(v).call.is_some() => true,
            // a reference is called for its referent; of the proxies, only the callable one
            Payload::WeakRef(_) => {
                !crate::modules::weakref::is_proxy(self, v)
                    || self.builtin_type_of(v) == Some(BuiltinType::CallableProxyType)
            }
            _ if self.is_user_object(v) => {
                let t = self.type_of(v);
                self.type_has_attr(t, "__call__")
            }
            _ => false,
        }
    }

    pub fn tuple_items(&self, t: ObjId) -> Vec<ObjId> {
        match self.heap.payload(t) {
            Payload::Tuple(items) => items.to_vec(),
            _ => Vec::new(),
        }
    }

    pub fn type_error(&mut self, msg: &str) -> PyErr {
        self.new_exception(ExcKind::TypeError, msg)
    }
}

/// Pair keyword names with the values at the end of `args`.
/// Arguments of a `CALL` to anything but a Python function copied to a buffer on the
/// machine stack (more go to a vector).
const SMALL_ARGS: usize = 8;

fn split_kwargs(args: &[ObjId], kwnames: &[ObjId]) -> Vec<(ObjId, ObjId)> {
    let npos = args.len() - kwnames.len();
    kwnames
        .iter()
        .copied()
        .zip(args[npos..].iter().copied())
        .collect()
}
