//! Frame objects, tracebacks and generator frames as a snippet sees them
//! (`Objects/frameobject.c`, `Python/traceback.c`, the getters of `Objects/genobject.c`).
//!
//! CPython 3.11 runs code in *interpreter frames* (`_PyInterpreterFrame`, the model's
//! [`Frame`]) that are not objects. A `PyFrameObject` is made only when something asks for
//! one: an exception passing through (each traceback entry names its frame),
//! `sys._getframe()`, `gen.gi_frame`. While the frame runs, the frame object owns nothing:
//! `f_locals`, `f_lineno`, `f_back` are read from the running frame. When the frame ends and
//! the frame object is still referenced, `take_ownership` moves the frame (its locals, its
//! `f_locals` dict, its function and code) into the frame object, which keeps them alive:
//!
//! ```python
//! def fail():
//!     big = [0] * 1000
//!     raise ValueError
//! try:
//!     fail()
//! except ValueError as e:
//!     err = e        # err.__traceback__.tb_next.tb_frame owns fail's frame: `big` lives
//! err.__traceback__ = None   # the traceback, its frames and `big` are freed now
//! ```
//!
//! `frame.f_locals` (and `locals()` in a function) is one dict per frame, refilled from the
//! fast locals each time (`_PyFrame_FastToLocalsWithError`) and kept until the frame ends: it
//! holds a reference to every local it shows.

use crate::code::Instr;
use crate::object::{BuiltinType, FrameObj, ObjId, Payload};

use super::frame::{Frame, FrameKind};
use super::objects::Layout;
use super::{ExcKind, PyResult, Vm};

/// Where a frame object's frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Home {
    /// Running: `vm.frames[i]`.
    Running(usize),
    /// Suspended in this generator.
    Generator(ObjId),
    /// Owned by the frame object itself.
    Owned,
    /// Cleared (a generator that finished while this object was not referenced elsewhere
    /// cannot be reached; kept for safety).
    Gone,
}

impl Vm {
    /// `_PyFrame_GetFrameObject` for running frame `index`: made on first need, held by the
    /// frame (borrowed). Not tracked by the collector until it owns its frame.
    pub(crate) fn frame_object(&mut self, index: usize) -> ObjId {
        if let Some(fo) = self.frames[index].frame_obj {
            return fo;
        }
        let gen = match self.frames[index].kind {
            FrameKind::Generator { gen } => Some(gen),
            _ => None,
        };
        let slots = {
            let f = &self.frames[index];
            f.code.nlocalsplus() + f.code.stacksize
        };
        let fo = self.new_frame_object(gen, slots);
        self.frames[index].frame_obj = Some(fo);
        fo
    }

    fn new_frame_object(&mut self, gen: Option<ObjId>, slots: usize) -> ObjId {
        let t = self.ty(BuiltinType::Frame);
        self.alloc(
            t,
            Payload::Frame(Box::new(FrameObj {
                owned: None,
                gen,
                back: None,
                globals_ref: None,
            })),
            Layout::gc(120 + 8 * slots).untracked(),
        )
    }

    /// `gen.gi_frame`: the frame object of a generator's frame (None once it finished).
    fn generator_frame_object(&mut self, gen: ObjId) -> Option<ObjId> {
        if let Some(i) = self
            .frames
            .iter()
            .position(|f| matches!(f.kind, FrameKind::Generator { gen: g } if g == gen))
        {
            return Some(self.frame_object(i));
        }
        let (existing, slots) = match self.heap.payload(gen) {
            Payload::Generator(g) => match &g.frame {
                Some(f) => (f.frame_obj, f.code.nlocalsplus() + f.code.stacksize),
                None => return None,
            },
            _ => return None,
        };
        if let Some(fo) = existing {
            return Some(fo);
        }
        let fo = self.new_frame_object(Some(gen), slots);
        if let Payload::Generator(g) = self.heap.payload_mut(gen) {
            if let Some(f) = g.frame.as_mut() {
                f.frame_obj = Some(fo);
            }
        }
        Some(fo)
    }

    fn frame_home(&self, fo: ObjId) -> Home {
        let Payload::Frame(f) = self.heap.payload(fo) else {
            return Home::Gone;
        };
        if f.owned.is_some() {
            return Home::Owned;
        }
        if let Some(i) = self.frames.iter().rposition(|fr| fr.frame_obj == Some(fo)) {
            return Home::Running(i);
        }
        if let Some(g) = f.gen {
            if let Payload::Generator(gen) = self.heap.payload(g) {
                if gen
                    .frame
                    .as_ref()
                    .is_some_and(|fr| fr.frame_obj == Some(fo))
                {
                    return Home::Generator(g);
                }
            }
        }
        Home::Gone
    }

    /// Read the frame a frame object stands for, wherever it is.
    fn with_frame<R>(&self, fo: ObjId, f: impl FnOnce(&Frame) -> R) -> Option<R> {
        match self.frame_home(fo) {
            Home::Running(i) => Some(f(&self.frames[i])),
            Home::Generator(g) => match self.heap.payload(g) {
                Payload::Generator(gen) => gen.frame.as_deref().map(f),
                _ => None,
            },
            Home::Owned => match self.heap.payload(fo) {
                Payload::Frame(fr) => fr.owned.as_deref().map(f),
                _ => None,
            },
            Home::Gone => None,
        }
    }

    fn with_frame_mut<R>(&mut self, fo: ObjId, f: impl FnOnce(&mut Frame) -> R) -> Option<R> {
        match self.frame_home(fo) {
            Home::Running(i) => Some(f(&mut self.frames[i])),
            Home::Generator(g) => match self.heap.payload_mut(g) {
                Payload::Generator(gen) => gen.frame.as_deref_mut().map(f),
                _ => None,
            },
            Home::Owned => match self.heap.payload_mut(fo) {
                Payload::Frame(fr) => fr.owned.as_deref_mut().map(f),
                _ => None,
            },
            Home::Gone => None,
        }
    }

    /// The code object of a frame object's frame (borrowed).
    pub fn frame_object_code(&self, fo: ObjId) -> Option<ObjId> {
        self.with_frame(fo, |f| f.code_obj)
    }

    /// A frame object's `co_varnames`, globals and builtins (borrowed), while it has a frame.
    pub(crate) fn with_frame_parts(&self, fo: ObjId) -> Option<(Vec<String>, ObjId, ObjId)> {
        self.with_frame(fo, |f| {
            let n = f.code.nlocals.min(f.code.localsplus_names.len());
            (f.code.localsplus_names[..n].to_vec(), f.globals, f.builtins)
        })
    }

    /// The line a frame object's frame is at (`PyFrame_GetLineNumber`).
    pub fn frame_object_line(&self, fo: ObjId) -> u32 {
        // a frame that has not started (a new generator's) is at its `def` line
        self.with_frame(fo, |f| {
            if f.ip == 0 {
                f.code.first_line
            } else {
                f.line()
            }
        })
        .unwrap_or(0)
    }

    // ---- the end of a frame ----

    /// `_PyFrame_Clear` for a frame that just left the stack (its caller, if any, is now the
    /// innermost frame): the frame object, when someone else still holds it, takes the frame
    /// over with `f_back` set to the caller's frame object; otherwise the locals, then the value
    /// stack, `f_locals`, `f_func` and `f_code` are released.
    pub(crate) fn clear_frame(&mut self, frame: Frame) {
        // a generator's frame forgets its caller before it is cleared (`gen_send_ex2`)
        let back = match frame.kind {
            FrameKind::Generator { .. } => None,
            _ => self.frames.len().checked_sub(1),
        };
        self.clear_frame_with_back(frame, back);
    }

    /// `_PyFrame_Clear` for a frame that is not on the stack (a suspended generator's): no
    /// `f_back`.
    pub(crate) fn clear_detached_frame(&mut self, frame: Frame) {
        self.clear_frame_with_back(frame, None);
    }

    fn clear_frame_with_back(&mut self, frame: Frame, back: Option<usize>) {
        let Some(frame) = self.frame_to_its_object_with_back(frame, back) else {
            return;
        };
        // `_PyFrame_Clear`'s order (as `dealloc::frame_refs_in_order`), without collecting the
        // references first; the emptied vectors go back to the pool for the next call
        let Frame {
            frame_obj,
            localsplus,
            stack,
            locals_dict,
            fast_locals,
            func,
            code_obj,
            ..
        } = frame;
        self.release_frame_parts(
            frame_obj,
            localsplus,
            stack,
            locals_dict,
            fast_locals,
            func,
            code_obj,
        );
    }

    /// Release an ended frame's references in `_PyFrame_Clear`'s order (its frame object,
    /// locals, value stack, namespace, `f_locals` dict, function, code) and keep its emptied
    /// vectors for the next frame.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn release_frame_parts(
        &mut self,
        frame_obj: Option<ObjId>,
        mut localsplus: Vec<Option<ObjId>>,
        mut stack: Vec<Option<ObjId>>,
        locals_dict: Option<ObjId>,
        fast_locals: Option<ObjId>,
        func: Option<ObjId>,
        code_obj: ObjId,
    ) {
        self.xdecref(frame_obj);
        for l in localsplus.drain(..) {
            self.xdecref(l);
        }
        for v in stack.drain(..) {
            self.xdecref(v);
        }
        self.xdecref(locals_dict);
        self.xdecref(fast_locals);
        self.xdecref(func);
        self.decref(code_obj);
        self.frame_vecs.recycle(localsplus);
        self.frame_vecs.recycle(stack);
    }

    /// A suspended generator frame being freed: the frame object takes it over if someone
    /// still holds that object (and None comes back); else the frame is returned to be
    /// released, its frame object with it.
    pub(crate) fn frame_to_its_object(&mut self, frame: Frame) -> Option<Frame> {
        self.frame_to_its_object_with_back(frame, None)
    }

    fn frame_to_its_object_with_back(
        &mut self,
        mut frame: Frame,
        back: Option<usize>,
    ) -> Option<Frame> {
        let Some(fo) = frame.frame_obj else {
            return Some(frame);
        };
        if self.refcnt(fo) <= 1 {
            return Some(frame);
        }
        // take_ownership
        frame.frame_obj = None;
        frame.kind = FrameKind::Normal;
        frame.entry = false;
        let back = back.map(|i| self.frame_object(i));
        if let Some(b) = back {
            self.incref(b);
        }
        let globals_ref = if frame.func.is_none() {
            Some(self.new_ref(frame.globals))
        } else {
            None
        };
        if let Payload::Frame(f) = self.heap.payload_mut(fo) {
            f.owned = Some(Box::new(frame));
            f.back = back;
            f.globals_ref = globals_ref;
        }
        self.gc_track(fo);
        self.decref(fo);
        None
    }

    // ---- f_locals ----

    /// `_PyFrame_FastToLocalsWithError`: the frame's `f_locals` (a new reference). Module and
    /// class frames answer their namespace; a function frame fills its own dict from the fast
    /// locals: every bound local (a cell's contents for cell and free variables) is set, every
    /// unbound one removed.
    pub fn frame_f_locals(&mut self, fo: ObjId) -> PyResult<ObjId> {
        let Some((namespace, existing, code, values)) = self.with_frame(fo, |f| {
            (
                f.locals_dict,
                f.fast_locals,
                f.code.clone(),
                f.localsplus.clone(),
            )
        }) else {
            return Ok(self.new_dict());
        };
        let optimized = namespace.is_none();
        let dict = match namespace.or(existing) {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                self.with_frame_mut(fo, |f| f.fast_locals = Some(d));
                d
            }
        };
        self.incref(dict);
        let r = self.fill_locals(dict, &code, &values, optimized);
        match r {
            Ok(()) => Ok(dict),
            Err(e) => {
                self.decref(dict);
                Err(e)
            }
        }
    }

    fn fill_locals(
        &mut self,
        dict: ObjId,
        code: &crate::code::Code,
        values: &[Option<ObjId>],
        optimized: bool,
    ) -> PyResult<()> {
        let cell_kind: Vec<bool> = (0..code.nlocalsplus())
            .map(|i| {
                (i >= code.cells_start() && i < code.frees_start())
                    || code.instrs.contains(&Instr::MakeCell(i as u32))
            })
            .collect();
        for (i, value) in values.iter().enumerate() {
            let free = i >= code.frees_start();
            if free && !optimized {
                continue;
            }
            let mut value = *value;
            if let Some(v) = value {
                if free || cell_kind.get(i).copied().unwrap_or(false) {
                    if let Payload::Cell(c) = self.heap.payload(v) {
                        value = *c;
                    }
                }
            }
            let name = self.new_interned(&code.localsplus_names[i]);
            let r = match value {
                Some(v) => self.dict_setitem(dict, name, v),
                None => self.dict_delitem(dict, name).map(|_| ()),
            };
            self.decref(name);
            r?;
        }
        Ok(())
    }

    /// `PyEval_GetLocals` (`locals()`): a module or class body's namespace; in a function, its
    /// frame's `f_locals` dict refilled from the fast locals (`_PyFrame_FastToLocalsWithError`
    /// on the interpreter frame: no frame object is made). A new reference.
    pub fn frame_locals(&mut self) -> PyResult<ObjId> {
        let Some(f) = self.frames.last() else {
            let g = self.main_dict;
            return Ok(self.new_ref(g));
        };
        if let Some(d) = f.locals_dict {
            return Ok(self.new_ref(d));
        }
        let (existing, code, values) = (f.fast_locals, f.code.clone(), f.localsplus.clone());
        let dict = match existing {
            Some(d) => d,
            None => {
                let d = self.new_dict();
                if let Some(f) = self.frames.last_mut() {
                    f.fast_locals = Some(d);
                }
                d
            }
        };
        self.incref(dict);
        if let Err(e) = self.fill_locals(dict, &code, &values, true) {
            self.decref(dict);
            return Err(e);
        }
        Ok(dict)
    }

    // ---- attributes ----

    /// The attributes of frame objects (`frame_getsetlist`, `frame_memberlist`).
    pub(crate) fn frame_attr(&mut self, fo: ObjId, name: &str) -> PyResult<Option<ObjId>> {
        let home = self.frame_home(fo);
        if home == Home::Gone {
            return Ok(None);
        }
        let v = match name {
            "f_locals" => return self.frame_f_locals(fo).map(Some),
            "f_code" => self.with_frame(fo, |f| f.code_obj),
            "f_globals" => self.with_frame(fo, |f| f.globals),
            "f_builtins" => self.with_frame(fo, |f| f.builtins),
            "f_lineno" => {
                let l = self.frame_object_line(fo);
                return Ok(Some(self.new_int(l as i64)));
            }
            "f_back" => {
                // PyFrame_GetBack: the caller while the frame runs, else what ownership set
                let back = match home {
                    Home::Running(i) if i > 0 => Some(self.frame_object(i - 1)),
                    Home::Running(_) | Home::Generator(_) => None,
                    Home::Owned | Home::Gone => match self.heap.payload(fo) {
                        Payload::Frame(f) => f.back,
                        _ => None,
                    },
                };
                Some(back.unwrap_or(self.statics.none))
            }
            "f_trace" => Some(self.statics.none),
            "f_trace_lines" => return Ok(Some(self.new_bool(true))),
            "f_trace_opcodes" => return Ok(Some(self.new_bool(false))),
            "f_lasti" => {
                return Err(self.unsupported(
                    "frame.f_lasti (the model's instructions are not CPython's byte offsets)",
                ))
            }
            _ => None,
        };
        Ok(v.map(|v| self.new_ref(v)))
    }

    /// Setting a frame attribute: only `f_trace` and friends exist, and tracing is not
    /// modelled.
    pub(crate) fn frame_setattr(&mut self, fo: ObjId, name: ObjId) -> PyResult<()> {
        let text = self.str_of(name).to_string();
        match text.as_str() {
            "f_trace" | "f_trace_lines" | "f_trace_opcodes" | "f_lineno" => {
                Err(self.unsupported(&format!("frame.{text} (tracing)")))
            }
            _ => {
                let _ = fo;
                let msg = format!("'frame' object has no attribute '{text}'");
                Err(self.new_exception(ExcKind::AttributeError, &msg))
            }
        }
    }

    /// `frame.clear()`: a running frame cannot be cleared; a suspended generator's frame
    /// closes the generator; an owned frame drops its locals.
    pub(crate) fn frame_clear(&mut self, fo: ObjId) -> PyResult<()> {
        match self.frame_home(fo) {
            Home::Running(_) => {
                Err(self.new_exception(ExcKind::RuntimeError, "cannot clear an executing frame"))
            }
            Home::Generator(g) => {
                self.incref(g);
                let r = self.gen_close(g);
                self.decref(g);
                r
            }
            Home::Owned => {
                let released = match self.heap.payload_mut(fo) {
                    Payload::Frame(f) => match f.owned.as_mut() {
                        Some(fr) => {
                            let mut out: Vec<ObjId> = std::mem::take(&mut fr.localsplus)
                                .into_iter()
                                .flatten()
                                .collect();
                            let n = fr.code.nlocalsplus();
                            fr.localsplus = vec![None; n];
                            out.extend(std::mem::take(&mut fr.stack).into_iter().flatten());
                            out.extend(fr.fast_locals.take());
                            out
                        }
                        None => Vec::new(),
                    },
                    _ => Vec::new(),
                };
                for r in released {
                    self.decref(r);
                }
                Ok(())
            }
            Home::Gone => Ok(()),
        }
    }

    /// `repr()` of a frame object.
    pub(crate) fn frame_repr(&self, fo: ObjId) -> String {
        let addr = self.addr_hex(fo);
        let code = self.frame_object_code(fo).map(|c| self.code_of(c));
        match code {
            Some(c) => format!(
                "<frame at {addr}, file '{}', line {}, code {}>",
                c.source.filename,
                self.frame_object_line(fo),
                c.name
            ),
            None => format!("<frame at {addr}>"),
        }
    }

    /// `sys.getsizeof` of a frame object: the object and the frame data it has room for.
    pub(crate) fn frame_sizeof(&self, fo: ObjId) -> usize {
        self.heap.block_size(fo)
    }

    /// The attributes of traceback objects.
    pub(crate) fn traceback_attr(&mut self, tb: ObjId, name: &str) -> PyResult<Option<ObjId>> {
        let Payload::Traceback(t) = self.heap.payload(tb) else {
            return Ok(None);
        };
        let v =
            match name {
                "tb_frame" => t.frame,
                "tb_next" => t.next.unwrap_or(self.statics.none),
                "tb_lineno" => {
                    let l = t.line as i64;
                    return Ok(Some(self.new_int(l)));
                }
                "tb_lasti" => return Err(self.unsupported(
                    "traceback.tb_lasti (the model's instructions are not CPython's byte offsets)",
                )),
                _ => return Ok(None),
            };
        Ok(Some(self.new_ref(v)))
    }

    /// `tb.tb_next = ...` (`tb_next_set`): another traceback or None, without making a loop.
    pub(crate) fn traceback_setattr(
        &mut self,
        tb: ObjId,
        name: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<()> {
        let text = self.str_of(name).to_string();
        if text != "tb_next" {
            let msg = if matches!(text.as_str(), "tb_frame" | "tb_lineno" | "tb_lasti") {
                format!("readonly attribute '{text}' of 'traceback' objects is not writable")
            } else {
                format!("'traceback' object has no attribute '{text}'")
            };
            return Err(self.new_exception(ExcKind::AttributeError, &msg));
        }
        let Some(v) = value else {
            return Err(self.type_error("can't delete tb_next attribute"));
        };
        let new = if v == self.none() {
            None
        } else if matches!(self.heap.payload(v), Payload::Traceback(_)) {
            let mut cur = Some(v);
            while let Some(c) = cur {
                if c == tb {
                    return Err(self.new_exception(ExcKind::ValueError, "traceback loop detected"));
                }
                cur = match self.heap.payload(c) {
                    Payload::Traceback(t) => t.next,
                    _ => None,
                };
            }
            Some(self.new_ref(v))
        } else {
            let msg = format!(
                "expected traceback object or None, got '{}'",
                self.type_name(v)
            );
            return Err(self.type_error(&msg));
        };
        let old = match self.heap.payload_mut(tb) {
            Payload::Traceback(t) => std::mem::replace(&mut t.next, new),
            _ => None,
        };
        self.xdecref(old);
        Ok(())
    }

    /// `exc.__traceback__ = tb` (`BaseException_set_tb`): a traceback or None; the old one is
    /// released at once, with the frames only it kept alive.
    pub(crate) fn set_exception_traceback(&mut self, exc: ObjId, value: ObjId) -> PyResult<()> {
        let new = if value == self.none() {
            None
        } else if matches!(self.heap.payload(value), Payload::Traceback(_)) {
            Some(self.new_ref(value))
        } else {
            return Err(self.type_error("__traceback__ must be a traceback or None"));
        };
        let old = match self.heap.payload_mut(exc) {
            Payload::Exception(e) => std::mem::replace(&mut e.traceback, new),
            _ => None,
        };
        self.xdecref(old);
        Ok(())
    }

    /// The attributes of generator objects besides their names and code.
    pub(crate) fn generator_attr(&mut self, gen: ObjId, name: &str) -> PyResult<Option<ObjId>> {
        let Payload::Generator(g) = self.heap.payload(gen) else {
            return Ok(None);
        };
        let (running, suspended) = (g.running, g.frame.as_ref().is_some_and(|f| f.ip > 0));
        match name {
            "gi_frame" => Ok(Some(match self.generator_frame_object(gen) {
                Some(fo) => self.new_ref(fo),
                None => self.new_none(),
            })),
            "gi_running" => Ok(Some(self.new_bool(running))),
            "gi_suspended" => Ok(Some(self.new_bool(suspended && !running))),
            "gi_yieldfrom" => Ok(Some(match self.gen_yf(gen) {
                Some(y) => self.new_ref(y),
                None => self.new_none(),
            })),
            _ => Ok(None),
        }
    }
}

fn frame_clear_method(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some((&fo, rest)) = args.split_first() else {
        return Err(vm.type_error("descriptor 'clear' of 'frame' object needs an argument"));
    };
    crate::builtins::noargs(vm, "frame.clear", rest, kwargs)?;
    if !matches!(vm.payload(fo), Payload::Frame(_)) {
        return Err(crate::builtins::descr_error(vm, "clear", "frame", fo));
    }
    vm.frame_clear(fo)?;
    Ok(vm.new_none())
}

static FRAME_METHODS: &[crate::builtins::BuiltinDef] =
    &[crate::builtins::method("clear", frame_clear_method)];

/// The methods of frame objects.
pub fn method_tables() -> Vec<(BuiltinType, &'static [crate::builtins::BuiltinDef])> {
    vec![(BuiltinType::Frame, FRAME_METHODS)]
}
