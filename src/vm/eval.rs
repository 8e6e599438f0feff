//! The instruction loop (`_PyEval_EvalFrameDefault`). Each instruction moves references exactly
//! as 3.11's does: what it pops it owns and must release or store; what it pushes is a new
//! reference. Python-to-Python calls push a frame and keep looping, so a step can stop anywhere.

use crate::code::Instr;
use crate::object::{BuiltinType, ObjId, Payload};

use super::frame::{Frame, FrameKind};
use super::{ExcKind, PyErr, PyResult, Vm};

/// How a run of the loop ended.
#[derive(Debug)]
pub enum Outcome {
    /// The base frame returned this value (owned).
    Returned(ObjId),
    /// An exception left the base frame.
    Raised(PyErr),
    /// A generator base frame yielded this value (owned).
    Yielded(ObjId),
    /// Stopped at a line event, before its instruction, as the watch asked.
    Paused,
    /// The instruction budget ran out (before an instruction; not a line event).
    Sliced,
}

/// What a run of the loop is asked to do besides running.
#[derive(Clone, Copy, Debug)]
pub struct Control {
    /// Instructions left before pausing (a time slice for the UI); the pause comes before
    /// an instruction, never inside one, and is not a line event.
    pub budget: u64,
    /// The run may pause at a line event where the [`super::tracing::Watch`] says to stop.
    /// Only the session's top-level runs can: a run nested in a native call (a `__del__`, a
    /// `sorted` key) must finish.
    pub pausable: bool,
}

impl Control {
    pub fn run_to_end() -> Control {
        Control {
            budget: u64::MAX,
            pausable: false,
        }
    }
}

/// What an instruction tells the loop.
pub(crate) enum Flow {
    Next,
    /// A frame was pushed or popped; re-read the current frame.
    FrameChanged,
    /// The base frame finished.
    Done(Outcome),
}

impl Vm {
    // ---- value stack of the current frame ----

    #[inline(always)]
    pub(crate) fn push(&mut self, v: ObjId) {
        self.frames.last_mut().expect("frame").stack.push(Some(v));
    }

    #[inline(always)]
    pub(crate) fn push_null(&mut self) {
        self.frames.last_mut().expect("frame").stack.push(None);
    }

    /// Pop an owned reference (must not be NULL).
    #[inline(always)]
    pub(crate) fn pop(&mut self) -> ObjId {
        self.frames
            .last_mut()
            .expect("frame")
            .stack
            .pop()
            .flatten()
            .expect("value stack underflow or NULL")
    }

    #[inline(always)]
    pub(crate) fn pop_opt(&mut self) -> Option<ObjId> {
        self.frames.last_mut().expect("frame").stack.pop().flatten()
    }

    /// The `n`th item from the top (1 = top), borrowed.
    #[inline(always)]
    pub(crate) fn peek(&self, n: usize) -> ObjId {
        let s = &self.frames.last().expect("frame").stack;
        s[s.len() - n].expect("NULL on the value stack")
    }

    /// Run the frames above `base` (`base` = index of the entry frame) until it returns.
    pub fn run_frames(&mut self, base: usize, ctl: &mut Control) -> Outcome {
        let mut code = self.frames.last().expect("frame").code.clone();
        loop {
            // one look at the current frame per instruction: without a budget to end, a
            // watch to report to or an end to fall off, the instruction is entered at once
            let f = self.frames.last_mut().expect("frame");
            // the current code changes only when a frame is pushed or popped
            if !std::rc::Rc::ptr_eq(&f.code, &code) {
                code = f.code.clone();
            }
            let ip = f.ip;
            let instr;
            if f.started
                && ip < code.instrs.len()
                && ctl.budget != 0
                && self.watch.is_none()
                && self.heap.trace.is_none()
            {
                // a frame already running, with no budget to end, watch to report to,
                // allocation site to record or end to fall off: the instruction is entered
                // at once (the same steps as the general path below)
                let prev = f.lasti;
                f.lasti = ip;
                f.ip = ip + 1;
                ctl.budget -= 1;
                instr = code.instrs[ip];
                if prev + 1 == ip && matches!(code.instrs[prev], Instr::YieldValue) {
                    // CPython's RESUME after a yield
                    super::quicken::Quickening::warm_up(&code);
                }
            } else {
                let prev = f.started.then_some(f.lasti);
                if ip >= code.instrs.len() {
                    // falling off the end cannot happen with compiled code; treat as return None
                    let none = self.new_none();
                    self.push(none);
                    match self.return_value() {
                        Ok(Flow::Done(o)) => return o,
                        Ok(_) => continue,
                        Err(e) => {
                            if let Some(o) = self.handle_error(e, base, true) {
                                return o;
                            }
                            continue;
                        }
                    }
                }
                // a time slice ends before the line event is looked at, so that the next
                // slice sees it exactly once
                if ctl.budget == 0 {
                    return Outcome::Sliced;
                }
                // line events (`sys.settrace`'s "line"; see `tracing`)
                if self.watch.is_some() {
                    if let Some(line) = super::tracing::line_event(&code, ip, prev) {
                        let here = (self.frames.last().expect("frame").serial, ip);
                        if self.resuming == Some(here) {
                            // we paused right here last time: this event was already reported
                            self.resuming = None;
                        } else if self.on_line_event(line, ctl.pausable) {
                            self.resuming = Some(here);
                            return Outcome::Paused;
                        }
                    }
                }
                let f = self.frames.last_mut().expect("frame");
                f.lasti = ip;
                f.started = true;
                f.ip = ip + 1;
                ctl.budget -= 1;
                if let Some(t) = &mut self.heap.trace {
                    // tracemalloc charges allocations to the line running now
                    t.set_site(&code.source, code.positions[ip].line);
                }
                instr = code.instrs[ip];
                if prev.is_none_or(|p| p + 1 == ip && matches!(code.instrs[p], Instr::YieldValue)) {
                    // CPython's RESUME: the frame starts, or resumes after a yield
                    super::quicken::Quickening::warm_up(&code);
                }
            }
            self.instr_count += 1;
            if self.instr_count.is_multiple_of(4096) {
                // the periodic checks (CPython's eval breaker): Ctrl-C, and the memory cap for
                // snippets that grow one small object at a time
                let e = if self.interrupted() {
                    self.interrupt
                        .store(false, std::sync::atomic::Ordering::Relaxed);
                    Some(self.new_exception_empty(ExcKind::KeyboardInterrupt))
                } else if self.memory_exhausted() {
                    Some(self.new_exception_empty(ExcKind::MemoryError))
                } else {
                    None
                };
                if let Some(e) = e {
                    if let Some(o) = self.handle_error(e, base, true) {
                        return o;
                    }
                    continue;
                }
            }
            // the commonest instructions without entering `execute` (the same steps)
            match instr {
                Instr::LoadFast(i) => {
                    if let Some(v) = self.frames.last().expect("frame").localsplus[i as usize] {
                        self.incref(v);
                        self.push(v);
                        continue;
                    }
                }
                Instr::LoadConst(i) => {
                    let v = code.consts[i as usize];
                    self.incref(v);
                    self.push(v);
                    continue;
                }
                Instr::StoreFast(i) => {
                    let v = self.pop();
                    let old =
                        self.frames.last_mut().expect("frame").localsplus[i as usize].replace(v);
                    self.xdecref(old);
                    continue;
                }
                _ => {}
            }
            let result = self.execute(instr, base);
            match result {
                Ok(Flow::Next) | Ok(Flow::FrameChanged) => {}
                Ok(Flow::Done(o)) => return o,
                Err(e) => {
                    // RERAISE, and a bare `raise` that re-raises the handled exception
                    // (`do_raise` succeeds: ceval jumps to exception_unwind, past
                    // PyTraceBack_Here), leave the traceback as it is
                    let reraised =
                        matches!(instr, Instr::RaiseVarargs(0)) && self.exc_info == Some(e.0);
                    let add_tb = !matches!(instr, Instr::Reraise(_)) && !reraised;
                    if let Some(o) = self.handle_error(e, base, add_tb) {
                        return o;
                    }
                }
            }
        }
    }

    /// `gen.throw()`: raise `err` in the frame just resumed at `base`, where it is suspended;
    /// None when a handler there caught it and the run continues.
    pub(crate) fn raise_in_frame(&mut self, err: PyErr, base: usize) -> Option<Outcome> {
        self.handle_error(err, base, true)
    }

    /// Unwind after an exception: find a handler in the current frame, or pop frames up to
    /// `base`. Returns an outcome when the exception leaves the base frame.
    fn handle_error(&mut self, err: PyErr, base: usize, mut add_tb: bool) -> Option<Outcome> {
        let mut exc = err.0;
        loop {
            if add_tb {
                self.traceback_here(exc);
                if self.watch.is_some() {
                    self.on_exception_event(exc);
                }
            }
            add_tb = true;
            let (handler, lasti) = {
                let f = self.frames.last().expect("frame");
                // as CPython's `exception_unwind`, the handler is looked up at the instruction that
                // raised (`INSTR_OFFSET() - 1`), not at `f_lasti`, which RERAISE may have reset
                (f.code.handler_for(f.ip.saturating_sub(1)), f.lasti)
            };
            if let Some(h) = handler {
                // cut the stack to the handler's depth
                loop {
                    let len = self.frames.last().expect("frame").stack.len();
                    if len <= h.depth as usize {
                        break;
                    }
                    let v = self.frames.last_mut().expect("frame").stack.pop().flatten();
                    self.xdecref(v);
                }
                if h.lasti {
                    let l = self.new_int(lasti as i64);
                    self.push(l);
                }
                self.push(exc);
                self.frames.last_mut().expect("frame").ip = h.target as usize;
                return None;
            }
            // no handler: `exception_unwind` pops what is left on the frame's value stack
            // (top first) before the frame exits, so a frame object that outlives the frame
            // (a traceback's) owns its locals but no stack
            while let Some(v) = self.frames.last_mut().expect("frame").stack.pop() {
                self.xdecref(v);
            }
            let is_base = self.frames.len() - 1 == base;
            let kind = self.frames.last().expect("frame").kind.clone();
            let frame = self.pop_frame();
            self.on_frame_end(frame.serial);
            if let FrameKind::Init { instance, .. } = kind {
                self.native_depth -= 1;
                self.decref(instance);
            }
            self.clear_frame(frame);
            if let FrameKind::Generator { gen } = kind {
                self.generator_finished(gen);
                exc = self.gen_stop_iteration_error(exc);
            }
            if is_base {
                return Some(Outcome::Raised(PyErr(exc)));
            }
            // the caller sees the exception at its CALL: release what the call left on its stack
            self.unwind_caller_after_callee(&kind);
        }
    }

    /// `RETURN_VALUE`: the frame ends; its value goes to the caller (or out of the run). An
    /// error finishing the call (`__init__` returned a value, the class could not be made) is
    /// raised in the caller, where the run loop unwinds it down to the run's own base.
    pub(crate) fn return_value(&mut self) -> PyResult<Flow> {
        let retval = self.pop();
        if let Some(flow) = self.return_plain(retval) {
            return Ok(flow);
        }
        let frame = self.pop_frame();
        if frame.func.is_some() && matches!(frame.kind, FrameKind::Normal) {
            self.note_return(&frame.code, retval);
        }
        self.on_frame_end(frame.serial);
        let is_entry = frame.entry;
        let kind = frame.kind.clone();
        self.clear_frame(frame);
        match kind {
            FrameKind::Normal => {
                if is_entry {
                    return Ok(Flow::Done(Outcome::Returned(retval)));
                }
                self.push(retval);
                Ok(Flow::FrameChanged)
            }
            FrameKind::Init {
                instance,
                pending,
                call_items,
            } => {
                // the type call's recursion guard ends with its `__init__`
                self.native_depth -= 1;
                // `type_call`: __init__ must return None; the call's value is the instance
                if retval != self.none() {
                    // the message names the type before the value goes
                    let msg = format!(
                        "__init__() should return None, not '{}'",
                        self.type_name(retval)
                    );
                    self.decref(retval);
                    let e = self.new_exception(ExcKind::TypeError, &msg);
                    self.decref(instance);
                    if is_entry {
                        return Ok(Flow::Done(Outcome::Raised(e)));
                    }
                    self.finish_call(call_items, pending);
                    return Err(e);
                }
                self.decref(retval);
                if is_entry {
                    return Ok(Flow::Done(Outcome::Returned(instance)));
                }
                self.finish_call(call_items, pending);
                self.push(instance);
                Ok(Flow::FrameChanged)
            }
            FrameKind::ClassBody {
                name,
                bases,
                orig_bases,
                namespace,
                keywords,
                meta,
                pending,
            } => {
                // `__build_class__` records the bases as written when they were replaced
                let result = match orig_bases {
                    Some(o) => {
                        let k = self.new_interned("__orig_bases__");
                        let r = self.setitem(namespace, k, o);
                        self.decref(k);
                        self.decref(o);
                        r
                    }
                    None => Ok(()),
                };
                // the body returns its `__class__` cell (or None): make_class takes it
                let result = match result {
                    Ok(()) => {
                        let r =
                            self.make_class(name, bases, namespace, keywords, retval, Some(meta));
                        self.decref(meta);
                        r
                    }
                    Err(e) => {
                        let kind = FrameKind::ClassBody {
                            name,
                            bases,
                            orig_bases: None,
                            namespace,
                            keywords,
                            meta,
                            pending: 0,
                        };
                        self.unwind_caller_after_callee(&kind);
                        self.decref(retval);
                        Err(e)
                    }
                };
                if is_entry {
                    return Ok(Flow::Done(match result {
                        Ok(c) => Outcome::Returned(c),
                        Err(e) => Outcome::Raised(e),
                    }));
                }
                self.finish_pending_call(pending);
                let c = result?;
                self.push(c);
                Ok(Flow::FrameChanged)
            }
            FrameKind::Generator { gen } => {
                self.generator_finished(gen);
                if is_entry {
                    // a generator driven from native code: returning is StopIteration
                    return Ok(Flow::Done(Outcome::Returned(retval)));
                }
                self.generator_returned_to_caller(retval);
                Ok(Flow::FrameChanged)
            }
        }
    }

    /// `RETURN_VALUE` of an ordinary frame that has no frame object: the same steps as the
    /// general path below (the return noted, the frame ended, its references released in
    /// `_PyFrame_Clear`'s order, the value handed on), taken out of the frame where it sits
    /// instead of moving the whole frame out of the frame stack first. None (nothing done)
    /// for any other frame.
    fn return_plain(&mut self, retval: ObjId) -> Option<Flow> {
        let f = self.frames.last_mut().expect("frame");
        if f.frame_obj.is_some() || !matches!(f.kind, FrameKind::Normal) {
            return None;
        }
        let localsplus = std::mem::take(&mut f.localsplus);
        let stack = std::mem::take(&mut f.stack);
        let (func, code_obj, locals_dict, fast_locals, serial, entry) = (
            f.func,
            f.code_obj,
            f.locals_dict,
            f.fast_locals,
            f.serial,
            f.entry,
        );
        let code = func.is_some().then(|| f.code.clone());
        let ended = self.frames.pop().expect("frame");
        self.frame_vecs.keep_box(ended);
        if let Some(code) = code {
            self.note_return(&code, retval);
        }
        self.on_frame_end(serial);
        self.release_frame_parts(
            None,
            localsplus,
            stack,
            locals_dict,
            fast_locals,
            func,
            code_obj,
        );
        if entry {
            return Some(Flow::Done(Outcome::Returned(retval)));
        }
        self.push(retval);
        Some(Flow::FrameChanged)
    }

    /// Remember a function's return for the views (no reference is taken).
    fn note_return(&mut self, code: &std::rc::Rc<crate::code::Code>, value: ObjId) {
        let count = self.last_return.as_ref().map_or(0, |r| r.count) + 1;
        self.last_return = Some(super::LastReturn {
            code: code.clone(),
            value,
            serial: self.heap.meta(value).serial,
            count,
        });
    }

    /// Execute one instruction.
    fn execute(&mut self, instr: Instr, base: usize) -> PyResult<Flow> {
        match instr {
            Instr::Nop => {}
            Instr::PopTop => {
                let v = self.pop_opt();
                self.xdecref(v);
            }
            Instr::PushNull => self.push_null(),
            Instr::Copy(n) => {
                let v = self.peek(n as usize);
                self.incref(v);
                self.push(v);
            }
            Instr::Swap(n) => {
                let s = &mut self.frames.last_mut().expect("frame").stack;
                let len = s.len();
                s.swap(len - 1, len - n as usize);
            }
            Instr::LoadConst(i) => {
                let v = self.frames.last().expect("frame").code.consts[i as usize];
                self.incref(v);
                self.push(v);
            }
            Instr::LoadName(i) => {
                let v = self.load_name(i)?;
                self.push(v);
            }
            Instr::StoreName(i) => {
                let v = self.pop();
                if self.store_name_hinted(i as usize, v) {
                    self.decref(v);
                    return Ok(Flow::Next);
                }
                let (name, ns) = {
                    let f = self.frames.last().expect("frame");
                    (f.code.names[i as usize], f.locals_dict.unwrap_or(f.globals))
                };
                let r = self.store_in_namespace(ns, name, v);
                self.decref(v);
                r?;
                // the next store of this name replaces that entry in place
                self.note_name_hint(i as usize, true);
            }
            Instr::DeleteName(i) => {
                let (name, ns) = {
                    let f = self.frames.last().expect("frame");
                    (f.code.names[i as usize], f.locals_dict.unwrap_or(f.globals))
                };
                if !self.dict_delitem_str(ns, name)? {
                    return Err(self.name_error(name));
                }
            }
            Instr::LoadGlobal(i) => {
                let v = self.load_global(i)?;
                self.push(v);
            }
            Instr::StoreGlobal(i) => {
                let v = self.pop();
                let (name, g) = {
                    let f = self.frames.last().expect("frame");
                    (f.code.names[i as usize], f.globals)
                };
                let r = self.store_in_namespace(g, name, v);
                self.decref(v);
                r?;
            }
            Instr::DeleteGlobal(i) => {
                let (name, g) = {
                    let f = self.frames.last().expect("frame");
                    (f.code.names[i as usize], f.globals)
                };
                if !self.dict_delitem_str(g, name)? {
                    return Err(self.name_error(name));
                }
            }
            Instr::LoadFast(i) => {
                let v = self.frames.last().expect("frame").localsplus[i as usize];
                match v {
                    Some(v) => {
                        self.incref(v);
                        self.push(v);
                    }
                    None => return Err(self.unbound_local(i as usize)),
                }
            }
            Instr::StoreFast(i) => {
                let v = self.pop();
                let old = self.frames.last_mut().expect("frame").localsplus[i as usize].replace(v);
                self.xdecref(old);
            }
            Instr::DeleteFast(i) | Instr::DeleteFastIfBound(i) => {
                let old = self.frames.last_mut().expect("frame").localsplus[i as usize].take();
                match old {
                    Some(o) => self.decref(o),
                    None if matches!(instr, Instr::DeleteFast(_)) => {
                        return Err(self.unbound_local(i as usize))
                    }
                    None => {}
                }
            }
            Instr::LoadDeref(i) => {
                let v = self.load_deref(i as usize)?;
                self.push(v);
            }
            Instr::LoadClassDeref(i) => {
                let (ns, name) = {
                    let f = self.frames.last().expect("frame");
                    (f.locals_dict, f.local_name(i as usize).to_string())
                };
                if let Some(ns) = ns {
                    let key = self.new_interned(&name);
                    let found = self.dict_getitem_str(ns, key);
                    self.decref(key);
                    if let Some(v) = found {
                        self.incref(v);
                        self.push(v);
                        return Ok(Flow::Next);
                    }
                }
                let v = self.load_deref(i as usize)?;
                self.push(v);
            }
            Instr::StoreDeref(i) => {
                let v = self.pop();
                let cell = self.frames.last().expect("frame").localsplus[i as usize].expect("cell");
                let old = match self.heap.payload_mut(cell) {
                    Payload::Cell(c) => c.replace(v),
                    _ => None,
                };
                self.xdecref(old);
            }
            Instr::DeleteDeref(i) => {
                let cell = self.frames.last().expect("frame").localsplus[i as usize].expect("cell");
                let old = match self.heap.payload_mut(cell) {
                    Payload::Cell(c) => c.take(),
                    _ => None,
                };
                match old {
                    Some(o) => self.decref(o),
                    None => return Err(self.unbound_deref(i as usize)),
                }
            }
            Instr::LoadClosure(i) => {
                let cell = self.frames.last().expect("frame").localsplus[i as usize].expect("cell");
                self.incref(cell);
                self.push(cell);
            }
            Instr::MakeCell(i) => {
                let old = self.frames.last_mut().expect("frame").localsplus[i as usize].take();
                let cell = self.new_cell(old);
                self.frames.last_mut().expect("frame").localsplus[i as usize] = Some(cell);
            }
            Instr::CopyFreeVars(n) => {
                let (func, start) = {
                    let f = self.frames.last().expect("frame");
                    (f.func, f.code.frees_start())
                };
                let closure = func.and_then(|f| match self.heap.payload(f) {
                    Payload::Function(func) => func.closure,
                    _ => None,
                });
                if let Some(c) = closure {
                    let cells: Vec<ObjId> = match self.heap.payload(c) {
                        Payload::Tuple(t) => t.to_vec(),
                        _ => Vec::new(),
                    };
                    for (j, cell) in cells.into_iter().take(n as usize).enumerate() {
                        self.incref(cell);
                        self.frames.last_mut().expect("frame").localsplus[start + j] = Some(cell);
                    }
                }
            }
            Instr::LoadAttr(i) => {
                let owner = self.pop();
                let hinted = {
                    let code = &self.frames.last().expect("frame").code;
                    self.load_attr_hinted(code, i as usize, owner)
                };
                if let Some(v) = hinted {
                    // `LOAD_ATTR_INSTANCE_VALUE`: what the generic lookup would do here
                    self.incref(v);
                    self.decref(owner);
                    self.push(v);
                    return Ok(Flow::Next);
                }
                let code = self.frames.last().expect("frame").code.clone();
                let r = self.getattr(owner, code.names[i as usize]);
                if r.is_ok() {
                    self.note_load_attr_hint(&code, i as usize, owner);
                }
                self.decref(owner);
                let v = r?;
                self.push(v);
            }
            Instr::StoreAttr(i) => {
                let owner = self.pop();
                let v = self.pop();
                let code = self.frames.last().expect("frame").code.clone();
                let name = code.names[i as usize];
                if let Some((ty, ix)) = self.store_attr_hinted(&code, i as usize, owner) {
                    // `STORE_ATTR_INSTANCE_VALUE`, with the generic path's steps:
                    // `_PyObject_GenericSetAttrWithDict` holds the name and the type while
                    // the value is replaced and the old one released
                    self.incref(name);
                    self.incref(ty);
                    self.incref(v);
                    let old = match self.heap.get_mut(owner).inst_mut() {
                        Some(inst) => inst.values.set(ix, Some(v)),
                        None => None,
                    };
                    self.xdecref(old);
                    self.decref(ty);
                    self.decref(name);
                    self.decref(v);
                    self.decref(owner);
                    return Ok(Flow::Next);
                }
                let r = self.setattr(owner, name, Some(v));
                if r.is_ok() {
                    self.note_store_attr_hint(&code, i as usize, owner);
                }
                self.decref(v);
                self.decref(owner);
                r?;
            }
            Instr::DeleteAttr(i) => {
                let owner = self.pop();
                let name = self.frames.last().expect("frame").code.names[i as usize];
                let r = self.setattr(owner, name, None);
                self.decref(owner);
                r?;
            }
            Instr::LoadMethod(i) => {
                let obj = self.pop();
                let hinted = {
                    let code = &self.frames.last().expect("frame").code;
                    self.load_method_hinted(code, i as usize, obj)
                };
                if let Some(meth) = hinted {
                    // `LOAD_METHOD_WITH_VALUES`: the class's function, unbound
                    self.incref(meth);
                    self.push(meth);
                    self.push(obj);
                    return Ok(Flow::Next);
                }
                let code = self.frames.last().expect("frame").code.clone();
                match self.get_method(obj, code.names[i as usize]) {
                    Ok(Some(meth)) => {
                        self.note_load_method_hint(&code, i as usize, obj);
                        self.push(meth);
                        self.push(obj);
                    }
                    Ok(None) => {
                        let r = self.getattr(obj, code.names[i as usize]);
                        self.decref(obj);
                        let attr = r?;
                        self.push_null();
                        self.push(attr);
                    }
                    Err(e) => {
                        self.decref(obj);
                        return Err(e);
                    }
                }
            }
            Instr::BinarySubscr => {
                let sub = self.pop();
                let container = self.pop();
                let r = match self.list_int_index(container, sub) {
                    Some(i) => {
                        let v = self.heap.seq_item(container, i).expect("index in range");
                        Ok(self.new_ref(v))
                    }
                    None => self.getitem(container, sub),
                };
                self.decref(container);
                self.decref(sub);
                let v = r?;
                self.push(v);
            }
            Instr::StoreSubscr => {
                let sub = self.pop();
                let container = self.pop();
                let v = self.pop();
                let r = match self.list_int_index(container, sub) {
                    Some(i) => {
                        // list_ass_item: the new item in, then the old one released
                        self.incref(v);
                        let old = match self.heap.payload_mut(container) {
                            Payload::List(l) => std::mem::replace(&mut l.items[i], v),
                            _ => unreachable!("list_int_index of a list"),
                        };
                        self.decref(old);
                        Ok(())
                    }
                    None => self.setitem(container, sub, v),
                };
                self.decref(v);
                self.decref(container);
                self.decref(sub);
                r?;
            }
            Instr::DeleteSubscr => {
                let sub = self.pop();
                let container = self.pop();
                let r = self.delitem(container, sub);
                self.decref(container);
                self.decref(sub);
                r?;
            }
            Instr::BuildSlice(n) => {
                let step = if n == 3 { Some(self.pop()) } else { None };
                let stop = self.pop();
                let start = self.pop();
                let step = match step {
                    Some(s) => s,
                    None => self.new_none(),
                };
                let s = self.new_slice(start, stop, step);
                self.push(s);
            }
            Instr::BinaryOp(op, inplace) => {
                let rhs = self.pop();
                let lhs = self.pop();
                let r = self.binary_op(lhs, rhs, op, inplace);
                self.decref(lhs);
                self.decref(rhs);
                let v = r?;
                self.push(v);
            }
            Instr::UnaryNegative | Instr::UnaryPositive | Instr::UnaryInvert => {
                let v = self.pop();
                let r = match instr {
                    Instr::UnaryNegative => self.unary_negative(v),
                    Instr::UnaryPositive => self.unary_positive(v),
                    _ => self.unary_invert(v),
                };
                self.decref(v);
                let res = r?;
                self.push(res);
            }
            Instr::UnaryNot => {
                let v = self.pop();
                let r = self.is_true(v);
                self.decref(v);
                let b = self.new_bool(!r?);
                self.push(b);
            }
            Instr::CompareOp(op) => {
                let right = self.pop();
                let left = self.pop();
                // the specialised forms (warm code, operands of one simple type) enter no
                // recursion guard; the generic one is `PyObject_RichCompare` (see `quicken`)
                let specialised = {
                    let f = self.frames.last().expect("frame");
                    self.compare_is_specialised(&f.code, f.lasti, left, right, op)
                };
                // exact machine ints and floats compare without the generic protocol (a
                // subclass's instance may have its own `__lt__`: `slot_tp_richcompare`)
                let (lo, ro) = (self.heap.get(left), self.heap.get(right));
                let fast = match (&lo.payload, &ro.payload) {
                    (Payload::Int(a), Payload::Int(b))
                        if lo.ty == self.types[BuiltinType::Int as usize] && ro.ty == lo.ty =>
                    {
                        Some(compare_ord(a.cmp(b), op))
                    }
                    (Payload::Float(a), Payload::Float(b))
                        if lo.ty == self.types[BuiltinType::Float as usize] && ro.ty == lo.ty =>
                    {
                        float_compare(*a, *b, op)
                    }
                    _ => None,
                };
                if let Some(res) = fast {
                    self.decref(left);
                    self.decref(right);
                    if !specialised && self.recursion_depth() >= self.options.recursion_limit {
                        // the generic path's guard, which nothing under it could pass
                        return Err(self.recursion_error(" in comparison"));
                    }
                    let b = self.new_bool(res);
                    self.push(b);
                    return Ok(Flow::Next);
                }
                let r = if specialised {
                    self.do_richcompare(left, right, op)
                } else {
                    self.rich_compare(left, right, op)
                };
                self.decref(left);
                self.decref(right);
                let v = r?;
                self.push(v);
            }
            Instr::IsOp(invert) => {
                let right = self.pop();
                let left = self.pop();
                let res = (left == right) != invert;
                self.decref(left);
                self.decref(right);
                let b = self.new_bool(res);
                self.push(b);
            }
            Instr::ContainsOp(invert) => {
                let right = self.pop();
                let left = self.pop();
                let r = self.contains(right, left);
                self.decref(left);
                self.decref(right);
                let b = self.new_bool(r? != invert);
                self.push(b);
            }
            Instr::BuildTuple(n) => {
                let items = self.pop_n(n as usize);
                let t = self.new_tuple(items);
                self.push(t);
            }
            Instr::BuildList(n) => {
                let items = self.pop_n(n as usize);
                let l = self.new_list(items);
                self.push(l);
            }
            Instr::BuildSet(n) => {
                let items = self.pop_n(n as usize);
                let s = self.new_set(crate::object::PySet::new(), false);
                let mut err = None;
                for item in items {
                    if err.is_none() {
                        if let Err(e) = self.set_add(s, item) {
                            err = Some(e);
                        }
                    }
                    self.decref(item);
                }
                if let Some(e) = err {
                    self.decref(s);
                    return Err(e);
                }
                self.push(s);
            }
            Instr::BuildMap(n) => {
                let items = self.pop_n(2 * n as usize);
                let d = self.dict_from_pairs(&items, n as usize);
                for i in items {
                    self.decref(i);
                }
                let d = d?;
                self.push(d);
            }
            Instr::BuildConstKeyMap(n) => {
                let keys = self.pop();
                let values = self.pop_n(n as usize);
                let key_items: Vec<ObjId> = match self.heap.payload(keys) {
                    Payload::Tuple(t) => t.to_vec(),
                    _ => Vec::new(),
                };
                let mut pairs = Vec::with_capacity(2 * n as usize);
                for (k, v) in key_items.iter().zip(&values) {
                    pairs.push(*k);
                    pairs.push(*v);
                }
                let d = self.dict_from_pairs(&pairs, n as usize);
                for v in values {
                    self.decref(v);
                }
                self.decref(keys);
                let d = d?;
                self.push(d);
            }
            Instr::BuildString(n) => {
                let items = self.pop_n(n as usize);
                let mut s = String::new();
                for &i in &items {
                    s.push_str(self.str_of(i));
                }
                for i in items {
                    self.decref(i);
                }
                let v = self.new_string(s);
                self.push(v);
            }
            Instr::ListAppend(i) => {
                let v = self.pop();
                let list = self.peek(i as usize);
                self.list_append_owned(list, v);
            }
            Instr::SetAdd(i) => {
                let v = self.pop();
                let set = self.peek(i as usize);
                let r = self.set_add(set, v);
                self.decref(v);
                r?;
            }
            Instr::MapAdd(i) => {
                let value = self.pop();
                let key = self.pop();
                let dict = self.peek(i as usize);
                let r = self.dict_setitem(dict, key, value);
                self.decref(key);
                self.decref(value);
                r?;
            }
            Instr::ListExtend(i) => {
                let iterable = self.pop();
                let list = self.peek(i as usize);
                let r = self.list_extend(list, iterable);
                self.decref(iterable);
                if let Err(e) = r {
                    if self.is_instance_of_kind(e.0, ExcKind::TypeError)
                        && !self.is_iterable(iterable)
                    {
                        self.decref(e.0);
                        let msg = format!(
                            "Value after * must be an iterable, not {}",
                            self.type_name(iterable)
                        );
                        return Err(self.new_exception(ExcKind::TypeError, &msg));
                    }
                    return Err(e);
                }
            }
            Instr::SetUpdate(i) => {
                let iterable = self.pop();
                let set = self.peek(i as usize);
                let r = self.set_update(set, iterable);
                self.decref(iterable);
                r?;
            }
            Instr::DictUpdate(i) => {
                let update = self.pop();
                let dict = self.peek(i as usize);
                let r = self.dict_update_from(dict, update, false);
                self.decref(update);
                r?;
            }
            Instr::DictMerge(i) => {
                let update = self.pop();
                let dict = self.peek(i as usize);
                let r = self.dict_update_from(dict, update, true);
                self.decref(update);
                if let Err(e) = r {
                    // format_kwargs_error(PEEK(2 + oparg), ...): the function being called
                    let func = self.peek(i as usize + 2);
                    return Err(self.format_kwargs_error(func, e));
                }
            }
            Instr::ListToTuple => {
                let list = self.pop();
                let items = self.list_items(list);
                for &i in &items {
                    self.incref(i);
                }
                self.decref(list);
                let t = self.new_tuple(items);
                self.push(t);
            }
            Instr::MatchPattern(n) => self.match_pattern_instr(n)?,
            Instr::UnpackSequence(n) => {
                let seq = self.pop();
                // an exact tuple or list of the right length (UNPACK_SEQUENCE's
                // PyTuple_CheckExact/PyList_CheckExact branch): the items pushed last first,
                // each a new reference, then the sequence released; no vector in between
                let n = n as usize;
                let exact = self.heap.get(seq).ext().is_none()
                    && match self.heap.payload(seq) {
                        Payload::List(l) => l.items.len() == n,
                        Payload::Tuple(t) => t.len() == n,
                        _ => false,
                    };
                if exact {
                    for k in (0..n).rev() {
                        let v = self.heap.seq_items(seq)[k];
                        self.incref(v);
                        self.push(v);
                    }
                    self.decref(seq);
                    return Ok(Flow::Next);
                }
                let r = self.unpack(seq, n, None);
                self.decref(seq);
                for v in r?.into_iter().rev() {
                    self.push(v);
                }
            }
            Instr::UnpackEx(before, after) => {
                let seq = self.pop();
                let r = self.unpack(seq, before as usize, Some(after as usize));
                self.decref(seq);
                for v in r?.into_iter().rev() {
                    self.push(v);
                }
            }
            Instr::FormatValue(conv, has_spec) => {
                let spec = if has_spec { Some(self.pop()) } else { None };
                let value = self.pop();
                let r = self.format_value(value, conv, spec);
                self.decref(value);
                self.xdecref(spec);
                let v = r?;
                self.push(v);
            }
            Instr::GetIter => {
                let iterable = self.pop();
                let r = self.get_iter(iterable);
                self.decref(iterable);
                let it = r?;
                self.push(it);
            }
            Instr::ForIter(target) => return self.for_iter(target as usize),
            Instr::JumpForward(t) => {
                self.frames.last_mut().expect("frame").ip = t as usize;
            }
            Instr::JumpBackward(t) => {
                let f = self.frames.last_mut().expect("frame");
                f.ip = t as usize;
                // JUMP_BACKWARD warms the code up; a `yield from` loop's jump back to its
                // SEND is CPython's JUMP_BACKWARD_NO_INTERRUPT, which does not
                if !matches!(f.code.instrs.get(t as usize), Some(Instr::Send(_))) {
                    super::quicken::Quickening::warm_up(&f.code);
                }
            }
            Instr::PopJumpIfFalse(t) | Instr::PopJumpIfTrue(t) => {
                let v = self.pop();
                let r = if v == self.statics.true_ {
                    Ok(true)
                } else if v == self.statics.false_ {
                    Ok(false)
                } else {
                    self.is_true(v)
                };
                self.decref(v);
                if r? == matches!(instr, Instr::PopJumpIfTrue(_)) {
                    self.frames.last_mut().expect("frame").ip = t as usize;
                }
            }
            Instr::PopJumpIfNone(t) | Instr::PopJumpIfNotNone(t) => {
                let v = self.pop();
                let is_none = v == self.none();
                self.decref(v);
                if is_none == matches!(instr, Instr::PopJumpIfNone(_)) {
                    self.frames.last_mut().expect("frame").ip = t as usize;
                }
            }
            Instr::JumpIfFalseOrPop(t) | Instr::JumpIfTrueOrPop(t) => {
                let v = self.peek(1);
                let truth = self.is_true(v)?;
                if truth == matches!(instr, Instr::JumpIfTrueOrPop(_)) {
                    self.frames.last_mut().expect("frame").ip = t as usize;
                } else {
                    let v = self.pop();
                    self.decref(v);
                }
            }
            Instr::KwNames(i) => {
                self.frames.last_mut().expect("frame").kw_names = Some(i);
            }
            Instr::Call(n) => return self.call_instr(n as usize),
            Instr::CallFunctionEx(has_kw) => return self.call_function_ex(has_kw),
            Instr::MakeFunction(flags) => {
                let code = self.pop();
                let closure = if flags.closure {
                    Some(self.pop())
                } else {
                    None
                };
                let annotations = if flags.annotations {
                    Some(self.pop())
                } else {
                    None
                };
                let kwdefaults = if flags.kwdefaults {
                    Some(self.pop())
                } else {
                    None
                };
                let defaults = if flags.defaults {
                    Some(self.pop())
                } else {
                    None
                };
                let f = self.make_function(code, defaults, kwdefaults, annotations, closure);
                self.push(f);
            }
            Instr::ReturnValue => return self.return_value(),
            Instr::LoadBuildClass => {
                let v = self.builtin_named("__build_class__");
                self.push(v);
            }
            Instr::ImportName(i) => {
                let fromlist = self.pop();
                let level = self.pop();
                let name = self.frames.last().expect("frame").code.names[i as usize];
                let name = self.str_of(name).to_string();
                let m = self.import_name(&name, fromlist, level);
                self.decref(fromlist);
                self.decref(level);
                self.push(m?);
            }
            Instr::ImportFrom(i) => {
                let module = self.peek(1);
                let name = self.frames.last().expect("frame").code.names[i as usize];
                let v = self.import_from(module, name)?;
                self.push(v);
            }
            Instr::ImportStar => {
                let module = self.pop();
                let r = self.import_star(module);
                self.decref(module);
                r?;
            }
            Instr::RaiseVarargs(n) => {
                let cause = if n == 2 { Some(self.pop()) } else { None };
                let exc = if n >= 1 { Some(self.pop()) } else { None };
                return Err(self.do_raise(exc, cause));
            }
            Instr::Reraise(n) => {
                let exc = self.pop();
                if n > 0 {
                    let lasti = self.peek(n as usize);
                    if let Payload::Int(l) = self.heap.payload(lasti) {
                        let l = *l as usize;
                        self.frames.last_mut().expect("frame").lasti = l;
                    }
                }
                return Err(PyErr(exc));
            }
            Instr::PushExcInfo => {
                let value = self.pop();
                let prev = match self.exc_info.take() {
                    Some(p) => p,
                    None => self.new_none(),
                };
                self.push(prev);
                self.incref(value);
                self.exc_info = Some(value);
                self.push(value);
            }
            Instr::PopExcept => {
                let value = self.pop();
                let old = if value == self.none() {
                    self.decref(value);
                    self.exc_info.take()
                } else {
                    self.exc_info.replace(value)
                };
                self.xdecref(old);
            }
            Instr::CheckExcMatch => {
                let right = self.pop();
                let left = self.peek(1);
                let r = self.exception_matches(left, right);
                self.decref(right);
                let b = self.new_bool(r?);
                self.push(b);
            }
            Instr::CheckEgMatch => {
                let match_type = self.pop();
                let exc = self.pop();
                let r = self.check_eg_match(exc, match_type);
                self.decref(match_type);
                match r {
                    Ok((rest, Some(m))) => {
                        self.decref(exc);
                        self.push(rest);
                        // the clause runs with the matched part as the exception handled
                        let m_ref = self.new_ref(m);
                        let old = self.exc_info.replace(m_ref);
                        self.xdecref(old);
                        self.push(m);
                    }
                    Ok((none, None)) => {
                        self.push(exc);
                        self.push(none);
                    }
                    Err(e) => {
                        self.decref(exc);
                        return Err(e);
                    }
                }
            }
            Instr::PrepReraiseStar => {
                let list = self.pop();
                let orig = self.pop();
                let r = self.prep_reraise_star(orig, list);
                self.decref(list);
                self.decref(orig);
                let v = r?;
                self.push(v);
            }
            Instr::LoadAssertionError => {
                let t = self.exc_types[ExcKind::AssertionError as usize];
                self.incref(t);
                self.push(t);
            }
            Instr::BeforeWith => {
                // ceval's BEFORE_WITH: `exit` replaces the manager on the stack, and the
                // manager's stack reference is dropped before `__enter__` runs (the bound
                // methods keep it alive)
                let mgr = self.pop();
                let (enter, exit) = match self.with_methods(mgr) {
                    Ok(pair) => pair,
                    Err(e) => {
                        self.decref(mgr);
                        return Err(e);
                    }
                };
                self.push(exit);
                self.decref(mgr);
                let r = self.call_object(enter, &[], &[]);
                self.decref(enter);
                let res = r?;
                self.push(res);
            }
            Instr::WithExceptStart => {
                let val = self.peek(1);
                let exit = self.peek(4);
                let res = self.with_except_start(exit, val)?;
                self.push(res);
            }
            Instr::YieldValue => return Ok(self.yield_value(base)),
            Instr::GetYieldFromIter => {
                let iterable = self.pop();
                let r = if matches!(self.heap.payload(iterable), Payload::Generator(_)) {
                    self.incref(iterable);
                    Ok(iterable)
                } else {
                    self.get_iter(iterable)
                };
                self.decref(iterable);
                let it = r?;
                self.push(it);
            }
            Instr::Send(target) => return self.send_instr(target as usize),
            Instr::PrintExpr => {
                let v = self.pop();
                let r = self.displayhook(v);
                self.decref(v);
                r?;
            }
            Instr::SetupAnnotations => self.setup_annotations()?,
        }
        Ok(Flow::Next)
    }

    /// Pop `n` owned references, in stack order (deepest first).
    pub(crate) fn pop_n(&mut self, n: usize) -> Vec<ObjId> {
        let s = &mut self.frames.last_mut().expect("frame").stack;
        let at = s.len() - n;
        s.split_off(at)
            .into_iter()
            .map(|v| v.expect("NULL on the value stack"))
            .collect()
    }

    fn load_deref(&mut self, i: usize) -> PyResult<ObjId> {
        let cell = self.frames.last().expect("frame").localsplus[i].expect("cell");
        let v = match self.heap.payload(cell) {
            Payload::Cell(c) => *c,
            _ => None,
        };
        match v {
            Some(v) => {
                self.incref(v);
                Ok(v)
            }
            None => Err(self.unbound_deref(i)),
        }
    }

    fn unbound_local(&mut self, i: usize) -> PyErr {
        let name = self.frames.last().expect("frame").local_name(i).to_string();
        let msg = format!(
            "cannot access local variable '{name}' where it is not associated with a value"
        );
        self.new_exception(ExcKind::UnboundLocalError, &msg)
    }

    fn unbound_deref(&mut self, i: usize) -> PyErr {
        let f = self.frames.last().expect("frame");
        let name = f.local_name(i).to_string();
        if i < f.code.frees_start() {
            let msg = format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            );
            self.new_exception(ExcKind::UnboundLocalError, &msg)
        } else {
            let msg = format!(
                "cannot access free variable '{name}' where it is not associated with a value in enclosing scope"
            );
            self.new_exception(ExcKind::NameError, &msg)
        }
    }

    /// `format_exc_check_arg`: a NameError that remembers the name (`.name`), for the "Did you
    /// mean" suggestion printed with it.
    pub(crate) fn name_error(&mut self, name: ObjId) -> PyErr {
        let msg = format!("name '{}' is not defined", self.str_of(name));
        let e = self.new_exception(ExcKind::NameError, &msg);
        self.incref(name);
        let old = match self.heap.payload_mut(e.0) {
            Payload::Exception(x) => x
                .members
                .iter_mut()
                .find(|m| m.0 == "name")
                .map(|m| std::mem::replace(&mut m.1, name)),
            _ => None,
        };
        match old {
            Some(o) => self.decref(o),
            None => self.decref(name),
        }
        e
    }

    /// `LOAD_NAME`: locals, then globals, then builtins.
    fn load_name(&mut self, i: u32) -> PyResult<ObjId> {
        if let Some(v) = self.load_name_hinted(i as usize, true) {
            self.incref(v);
            return Ok(v);
        }
        let (name, locals, globals, builtins) = {
            let f = self.frames.last().expect("frame");
            (
                f.code.names[i as usize],
                f.locals_dict,
                f.globals,
                f.builtins,
            )
        };
        for ns in [locals, Some(globals), Some(builtins)]
            .into_iter()
            .flatten()
        {
            if let Some(v) = self.namespace_get(ns, name)? {
                self.note_name_hint(i as usize, true);
                return Ok(v);
            }
        }
        Err(self.name_error(name))
    }

    /// `STORE_NAME` of name `i` to an exact dict (the frame's locals dict) whose entry the
    /// name's hint names and which holds this very name: `dict_setitem`'s steps when its
    /// lookup finds that entry (which it would: a live entry holding the identical key is
    /// the key's only one). False (nothing done) otherwise.
    fn store_name_hinted(&mut self, i: usize, v: ObjId) -> bool {
        use super::quicken::GlobalHint;
        let Some(f) = self.frames.last() else {
            return false;
        };
        let (level, ix) = GlobalHint::decode(f.code.quick.global_hint(i));
        let Some(ns) = f.locals_dict.filter(|_| level == 0) else {
            return false;
        };
        let name = f.code.names[i];
        let dict = match self.heap.payload(ns) {
            Payload::Module(m) => m.dict,
            _ => ns,
        };
        let hit = self
            .exact_namespace_dict(dict)
            .and_then(|d| d.entry_at(ix))
            .is_some_and(|e| e.key == name);
        if hit {
            // `_PyDict_SetItem_Take2`: the references first, then insertdict
            self.incref(name);
            self.incref(v);
            self.dict_replace_found(dict, ix, name, v);
        }
        hit
    }

    /// `container[sub]` of an exact list by a machine int in range: the position. What
    /// `getitem`/`setitem` do for it (no `__getitem__` to look for on a builtin list, an int
    /// index read as its value, a negative one from the end), without the dispatch; None
    /// for everything else, errors included.
    #[inline]
    fn list_int_index(&self, container: ObjId, sub: ObjId) -> Option<usize> {
        let o = self.heap.get(container);
        let Payload::List(l) = &o.payload else {
            return None;
        };
        let Payload::Int(n) = self.heap.payload(sub) else {
            return None;
        };
        if self.is_heap_type(o.ty) {
            return None;
        }
        let len = l.items.len();
        let j = if *n < 0 {
            n.checked_add(len as i64)?
        } else {
            *n
        };
        (j >= 0 && (j as u64) < len as u64).then_some(j as usize)
    }

    /// `LOAD_GLOBAL`: globals, then builtins.
    fn load_global(&mut self, i: u32) -> PyResult<ObjId> {
        if let Some(v) = self.load_name_hinted(i as usize, false) {
            self.incref(v);
            return Ok(v);
        }
        let (name, globals, builtins) = {
            let f = self.frames.last().expect("frame");
            (f.code.names[i as usize], f.globals, f.builtins)
        };
        for ns in [globals, builtins] {
            if let Some(v) = self.namespace_get(ns, name)? {
                self.note_name_hint(i as usize, false);
                return Ok(v);
            }
        }
        Err(self.name_error(name))
    }

    /// The exact dict a namespace reads from directly (a module's dict, or the namespace
    /// itself), or None for a mapping read through `__getitem__`.
    #[inline]
    fn exact_namespace_dict(&self, ns: ObjId) -> Option<&crate::object::dict::PyDict> {
        let dict = match self.heap.payload(ns) {
            Payload::Module(m) => m.dict,
            _ => ns,
        };
        if self.type_of(dict) != self.ty(crate::object::BuiltinType::Dict) {
            return None;
        }
        match self.heap.payload(dict) {
            Payload::Dict(d) => Some(d),
            _ => None,
        }
    }

    /// The namespaces `LOAD_GLOBAL` (`globals`, `builtins`) or `LOAD_NAME` (the frame's
    /// locals dict first, when it has one) read in turn, and how many.
    #[inline]
    fn name_chain(f: &Frame, load_name: bool) -> ([ObjId; 3], usize) {
        match f.locals_dict {
            Some(l) if load_name => ([l, f.globals, f.builtins], 3),
            _ => ([f.globals, f.builtins, f.builtins], 2),
        }
    }

    /// A lookup of name `i` through its hint (see [`super::quicken::GlobalHint`]): the
    /// value, borrowed, when the entry the hint names (in namespace `level` of the chain)
    /// still holds this very name and every namespace before it still has no entry of the
    /// name's hash; None for the ordinary lookup. Reads exactly what the ordinary lookup of
    /// exact dicts reads, with no side effects.
    #[inline]
    fn load_name_hinted(&self, i: usize, load_name: bool) -> Option<ObjId> {
        use super::quicken::GlobalHint;
        let f = self.frames.last()?;
        let hint = f.code.quick.global_hint(i);
        if hint == 0 {
            return None;
        }
        let (chain, n) = Self::name_chain(f, load_name);
        let (level, ix) = GlobalHint::decode(hint);
        if level >= n {
            return None;
        }
        let name = f.code.names[i];
        if level > 0 {
            let Payload::Str(k) = self.heap.payload(name) else {
                return None;
            };
            let hash = k.hash();
            for &ns in &chain[..level] {
                let absent = matches!(
                    self.exact_namespace_dict(ns)?.probe(hash, name),
                    crate::object::dict::Probe::Absent
                );
                if !absent {
                    return None;
                }
            }
        }
        let e = self.exact_namespace_dict(chain[level])?.entry_at(ix)?;
        (e.key == name).then_some(e.value)
    }

    /// After an ordinary lookup of name `i` found it: the hint for the next time, when
    /// every namespace up to the one holding it is an exact dict and its entry holds this
    /// very name object.
    fn note_name_hint(&self, i: usize, load_name: bool) {
        use super::quicken::GlobalHint;
        use crate::object::dict::Probe;
        let Some(f) = self.frames.last() else {
            return;
        };
        let name = f.code.names[i];
        let Payload::Str(k) = self.heap.payload(name) else {
            return;
        };
        let hash = k.hash();
        let (chain, n) = Self::name_chain(f, load_name);
        for (level, &ns) in chain[..n].iter().enumerate() {
            let Some(dict) = self.exact_namespace_dict(ns) else {
                return;
            };
            match dict.probe(hash, name) {
                Probe::Absent => continue,
                Probe::Candidates(_) => return,
                Probe::Found(ix) => {
                    if let Some(hint) = GlobalHint::encode(level, ix) {
                        f.code.quick.set_global_hint(f.code.names.len(), i, hint);
                    }
                    return;
                }
            }
        }
    }

    /// Look a name up in a namespace (a dict, or the builtins module's dict); a new reference.
    fn namespace_get(&mut self, ns: ObjId, name: ObjId) -> PyResult<Option<ObjId>> {
        let dict = match self.heap.payload(ns) {
            Payload::Module(m) => m.dict,
            _ => ns,
        };
        // an exact dict is read directly; a mapping (a dict subclass from a metaclass's
        // `__prepare__`) through its `__getitem__`
        let exact = self.type_of(dict) == self.ty(crate::object::BuiltinType::Dict);
        if matches!(self.heap.payload(dict), Payload::Dict(_))
            && (exact || !self.is_user_object(dict))
        {
            match self.dict_getitem_str(dict, name) {
                Some(v) => {
                    self.incref(v);
                    Ok(Some(v))
                }
                None => Ok(None),
            }
        } else {
            match self.getitem(dict, name) {
                Ok(v) => Ok(Some(v)),
                Err(e) if self.is_instance_of_kind(e.0, ExcKind::KeyError) => {
                    self.decref(e.0);
                    Ok(None)
                }
                Err(e) => Err(e),
            }
        }
    }

    /// `SETUP_ANNOTATIONS`: a module or class body that annotates names gets an empty
    /// `__annotations__` dict, unless its namespace already has one.
    fn setup_annotations(&mut self) -> PyResult<()> {
        let ns = {
            let f = self.frames.last().expect("frame");
            f.locals_dict.unwrap_or(f.globals)
        };
        let name = self.new_interned("__annotations__");
        let r = match self.namespace_get(ns, name) {
            Ok(Some(v)) => {
                self.decref(v);
                Ok(())
            }
            Ok(None) => {
                let d = self.new_dict();
                let r = self.store_in_namespace(ns, name, d);
                self.decref(d);
                r
            }
            Err(e) => Err(e),
        };
        self.decref(name);
        r
    }

    /// Store into a module or class namespace.
    fn store_in_namespace(&mut self, ns: ObjId, name: ObjId, v: ObjId) -> PyResult<()> {
        if matches!(self.heap.payload(ns), Payload::Dict(_)) && !self.is_user_object(ns) {
            self.dict_setitem(ns, name, v)
        } else {
            self.setitem(ns, name, v)
        }
    }

    /// A builtin from the builtins dict by name (a new reference).
    pub fn builtin_named(&mut self, name: &str) -> ObjId {
        let key = self.new_interned(name);
        let v = self.dict_getitem_str(self.builtins_dict, key);
        self.decref(key);
        match v {
            Some(v) => self.new_ref(v),
            None => self.new_none(),
        }
    }
}

fn compare_ord(o: std::cmp::Ordering, op: crate::ast::CmpOp) -> bool {
    use crate::ast::CmpOp::*;
    use std::cmp::Ordering::*;
    match op {
        Eq => o == Equal,
        NotEq => o != Equal,
        Lt => o == Less,
        LtE => o != Greater,
        Gt => o == Greater,
        GtE => o != Less,
        _ => false,
    }
}

fn float_compare(a: f64, b: f64, op: crate::ast::CmpOp) -> Option<bool> {
    use crate::ast::CmpOp::*;
    Some(match op {
        Eq => a == b,
        NotEq => a != b,
        Lt => a < b,
        LtE => a <= b,
        Gt => a > b,
        GtE => a >= b,
        _ => return None,
    })
}
