//! Frames (`_PyInterpreterFrame`): the code being run, its locals (`localsplus`: fast locals,
//! then cells, then free variables) and its value stack, all holding counted references. And
//! generators, which own a suspended frame.

use std::rc::Rc;

use crate::code::Code;
use crate::object::{ObjId, Slot};

/// What happens when a frame returns, besides handing its value to the caller.
#[derive(Clone, Debug)]
pub enum FrameKind {
    /// An ordinary function call or top-level code.
    Normal,
    /// `__init__` run by a type call (`type_call`): the new instance is the call's result and
    /// `__init__` must return None. `pending` items of the caller's stack (the callable and its
    /// arguments) stay there until it returns, as they stay in CPython's C call; the bottom
    /// `call_items` of them are the `CALL`'s own (see [`crate::vm::Vm::finish_call`]).
    Init {
        instance: ObjId,
        pending: usize,
        call_items: usize,
    },
    /// A class body run by `__build_class__`: its namespace becomes a class.
    ClassBody {
        name: ObjId,
        bases: ObjId,
        /// The bases as written, when `__mro_entries__` replaced some (`__orig_bases__`).
        orig_bases: Option<ObjId>,
        namespace: ObjId,
        keywords: Vec<(ObjId, ObjId)>,
        /// The metaclass `__build_class__` settled on, held until the class is made.
        meta: ObjId,
        pending: usize,
    },
    /// A generator's frame, resumed by `next()`/`send()`/iteration.
    Generator { gen: ObjId },
}

/// A running frame.
#[derive(Clone)]
pub struct Frame {
    pub code: Rc<Code>,
    /// `f_code`: a counted reference to the code object.
    pub code_obj: ObjId,
    /// `f_func`: the function being run (None for top-level code), counted.
    pub func: Option<ObjId>,
    /// `f_globals` and `f_builtins`: borrowed from the function or the module.
    pub globals: ObjId,
    pub builtins: ObjId,
    /// `f_locals`: the namespace dict of module and class bodies (counted).
    pub locals_dict: Option<ObjId>,
    pub localsplus: Vec<Option<ObjId>>,
    /// The value stack; `None` is CPython's NULL (`PUSH_NULL`).
    pub stack: Vec<Option<ObjId>>,
    pub ip: usize,
    /// Index of the instruction being executed (`f_lasti`), for tracebacks.
    pub lasti: usize,
    pub kind: FrameKind,
    /// The constant tuple of keyword names set by `KW_NAMES` for the next `CALL`.
    pub kw_names: Option<u32>,
    /// Returning from this frame ends a nested (native → Python) run.
    pub entry: bool,
    /// The frame object made for it when a traceback needed one (`frame_obj`), counted.
    pub frame_obj: Option<ObjId>,
    /// Told apart from every other frame of the run by this number (pdb tells frames
    /// apart by identity): a frame made by the `n`th push is frame `n`.
    pub serial: u64,
    /// An instruction of this frame has run: `lasti` is CPython's `instr_prev` for the
    /// line-event rule (a frame that has not started has none).
    pub started: bool,
    /// `f_locals` of a function frame: the dict `frame.f_locals` and `locals()` fill from the
    /// fast locals (`_PyFrame_FastToLocalsWithError`), kept until the frame ends (counted).
    pub fast_locals: Option<ObjId>,
}

impl Frame {
    pub fn new(code: Rc<Code>, code_obj: ObjId, globals: ObjId, builtins: ObjId) -> Frame {
        let n = code.nlocalsplus();
        Frame::with_locals(code, code_obj, globals, builtins, vec![None; n])
    }

    /// A frame whose `localsplus` are already filled (a function call's bound arguments).
    pub fn with_locals(
        code: Rc<Code>,
        code_obj: ObjId,
        globals: ObjId,
        builtins: ObjId,
        localsplus: Vec<Option<ObjId>>,
    ) -> Frame {
        let stack = Vec::with_capacity(code.stacksize.max(2));
        Frame::with_vecs(code, code_obj, globals, builtins, localsplus, stack)
    }

    /// A frame over vectors already made: `localsplus` filled, `stack` empty (from the
    /// [`FramePool`]).
    pub fn with_vecs(
        code: Rc<Code>,
        code_obj: ObjId,
        globals: ObjId,
        builtins: ObjId,
        localsplus: Vec<Option<ObjId>>,
        stack: Vec<Option<ObjId>>,
    ) -> Frame {
        Frame {
            code,
            code_obj,
            func: None,
            globals,
            builtins,
            locals_dict: None,
            localsplus,
            stack,
            ip: 0,
            lasti: 0,
            kind: FrameKind::Normal,
            kw_names: None,
            entry: false,
            frame_obj: None,
            serial: 0,
            started: false,
            fast_locals: None,
        }
    }

    /// The line of the instruction being (or about to be) executed.
    pub fn line(&self) -> u32 {
        self.code
            .line_of(self.lasti.min(self.code.instrs.len().saturating_sub(1)))
    }

    /// The line the frame will run next.
    pub fn next_line(&self) -> u32 {
        self.code
            .line_of(self.ip.min(self.code.instrs.len().saturating_sub(1)))
    }

    /// The line a line event at the next instruction reports (its line in the line table;
    /// the position's line for an instruction without one).
    pub fn event_line(&self) -> u32 {
        let ip = self.ip.min(self.code.instrs.len().saturating_sub(1));
        match self.code.lines.get(ip) {
            Some(Some(l)) => *l,
            _ => self.next_line(),
        }
    }

    /// The name of local slot `i`.
    pub fn local_name(&self, i: usize) -> &str {
        self.code
            .localsplus_names
            .get(i)
            .map(|s| s.as_str())
            .unwrap_or("?")
    }

    /// Every counted reference the frame holds, with where it sits.
    pub fn visit_refs(&self, visit: &mut dyn FnMut(FrameRef, ObjId)) {
        visit(FrameRef::Code, self.code_obj);
        if let Some(f) = self.func {
            visit(FrameRef::Func, f);
        }
        if let Some(d) = self.locals_dict {
            visit(FrameRef::LocalsDict, d);
        }
        if let Some(d) = self.fast_locals {
            visit(FrameRef::FastLocals, d);
        }
        if let Some(fo) = self.frame_obj {
            visit(FrameRef::FrameObject, fo);
        }
        for (i, l) in self.localsplus.iter().enumerate() {
            if let Some(l) = l {
                visit(FrameRef::Local(i), *l);
            }
        }
        for s in self.stack.iter().flatten() {
            visit(FrameRef::Stack, *s);
        }
        match &self.kind {
            FrameKind::Init { instance, .. } => visit(
                FrameRef::Pending("the instance being initialised"),
                *instance,
            ),
            FrameKind::ClassBody {
                bases,
                orig_bases,
                namespace,
                keywords,
                meta,
                ..
            } => {
                visit(FrameRef::Pending("the class bases"), *bases);
                if let Some(o) = orig_bases {
                    visit(FrameRef::Pending("the class bases"), *o);
                }
                visit(FrameRef::Pending("the class namespace"), *namespace);
                for (k, v) in keywords {
                    visit(FrameRef::Pending("a class keyword"), *k);
                    visit(FrameRef::Pending("a class keyword"), *v);
                }
                visit(FrameRef::Pending("the metaclass"), *meta);
            }
            FrameKind::Normal | FrameKind::Generator { .. } => {}
        }
    }
}

/// Where in a frame a reference sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameRef {
    Code,
    Func,
    LocalsDict,
    FastLocals,
    FrameObject,
    Local(usize),
    Stack,
    Pending(&'static str),
}

/// A generator object's state: its suspended frame (None while it runs or once finished).
#[derive(Clone)]
pub struct Generator {
    pub frame: Option<Box<Frame>>,
    pub name: ObjId,
    pub qualname: ObjId,
    pub code_obj: ObjId,
    pub running: bool,
    pub finished: bool,
    /// `gi_exc_state`: the exception being handled inside the suspended generator (owned).
    pub exc_state: Option<ObjId>,
    /// While it runs: the exception its caller was handling, given back when it yields or
    /// ends (owned; CPython's `exc_info->previous_item`).
    pub caller_exc_info: Option<ObjId>,
}

impl Generator {
    /// `gen_traverse`: the code, names, and the suspended frame's references.
    pub fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId)) {
        visit(Slot::Field("gi_code"), self.code_obj);
        visit(Slot::Field("__name__"), self.name);
        visit(Slot::Field("__qualname__"), self.qualname);
        if let Some(e) = self.exc_state {
            visit(Slot::Field("gi_exc_state"), e);
        }
        if let Some(e) = self.caller_exc_info {
            visit(Slot::Field("the caller's exception being handled"), e);
        }
        if let Some(f) = &self.frame {
            f.visit_refs(&mut |r, id| {
                let slot = match r {
                    FrameRef::Code => Slot::Field("gi_frame.f_code"),
                    FrameRef::Func => Slot::Field("gi_frame.f_func"),
                    FrameRef::LocalsDict | FrameRef::FastLocals => Slot::Field("gi_frame.f_locals"),
                    FrameRef::FrameObject => Slot::Field("gi_frame"),
                    FrameRef::Local(i) => Slot::Item(i),
                    FrameRef::Stack => Slot::Field("gi_frame value stack"),
                    FrameRef::Pending(p) => Slot::Field(p),
                };
                visit(slot, id)
            });
        }
    }
}

/// Emptied `localsplus` and value-stack vectors of frames that ended, and the boxes frames
/// live in, kept for the next frames: a Python call would otherwise allocate a box and two
/// vectors and free them at its return (CPython carves frames out of a per-thread data stack
/// for the same reason). Frames are boxed so that a generator's frame moves between its
/// generator and the frame stack as a pointer at every `yield` and resume, never as the whole
/// frame. Holds no references (a kept box holds a hollow frame: the code it ran, no objects);
/// it only saves the process's allocator work.
#[derive(Clone, Default)]
pub struct FramePool {
    vecs: Vec<Vec<Option<ObjId>>>,
    /// The boxes themselves are what is kept (a frame moves in and out of one as a pointer).
    #[allow(clippy::vec_box)]
    boxes: Vec<Box<Frame>>,
}

/// Vectors kept at most (a deep recursion returning frees the rest).
const FRAME_POOL_MAX: usize = 64;
/// A vector this long is not kept (one huge frame should not pin its memory).
const FRAME_VEC_MAX: usize = 256;

impl FramePool {
    /// An empty vector with room for `n` slots.
    #[inline]
    pub fn take(&mut self, n: usize) -> Vec<Option<ObjId>> {
        match self.vecs.pop() {
            Some(mut v) => {
                v.reserve(n);
                v
            }
            None => Vec::with_capacity(n),
        }
    }

    /// Keep `v` (emptied) for a later frame.
    #[inline]
    pub fn recycle(&mut self, mut v: Vec<Option<ObjId>>) {
        if self.vecs.len() < FRAME_POOL_MAX && v.capacity() <= FRAME_VEC_MAX {
            v.clear();
            self.vecs.push(v);
        }
    }

    /// Box a frame, in a kept box when there is one.
    #[inline]
    pub fn boxed(&mut self, frame: Frame) -> Box<Frame> {
        match self.boxes.pop() {
            Some(mut b) => {
                *b = frame;
                b
            }
            None => Box::new(frame),
        }
    }

    /// Take a frame out of its box (to clear it), keeping the box.
    #[inline]
    pub fn unbox(&mut self, mut b: Box<Frame>) -> Frame {
        if self.boxes.len() >= FRAME_POOL_MAX {
            return *b;
        }
        let hollow = Frame::with_vecs(
            b.code.clone(),
            b.code_obj,
            b.globals,
            b.builtins,
            Vec::new(),
            Vec::new(),
        );
        let frame = std::mem::replace(&mut *b, hollow);
        self.boxes.push(b);
        frame
    }

    /// A new function frame (`ip` 0, kind `Normal`, no frame object) in a kept box, written
    /// field by field into the box where it will stay: the frame is never built on the
    /// machine stack and copied in (a Python call's largest move).
    #[inline]
    #[allow(clippy::too_many_arguments)]
    pub fn boxed_new(
        &mut self,
        code: Rc<Code>,
        code_obj: ObjId,
        func: ObjId,
        globals: ObjId,
        builtins: ObjId,
        localsplus: Vec<Option<ObjId>>,
        stack: Vec<Option<ObjId>>,
        serial: u64,
    ) -> Box<Frame> {
        let Some(mut b) = self.boxes.pop() else {
            let mut f = Frame::with_vecs(code, code_obj, globals, builtins, localsplus, stack);
            f.func = Some(func);
            f.serial = serial;
            return Box::new(f);
        };
        let f = &mut *b;
        f.code = code;
        f.code_obj = code_obj;
        f.func = Some(func);
        f.globals = globals;
        f.builtins = builtins;
        f.locals_dict = None;
        f.localsplus = localsplus;
        f.stack = stack;
        f.ip = 0;
        f.lasti = 0;
        if !matches!(f.kind, FrameKind::Normal) {
            f.kind = FrameKind::Normal;
        }
        f.kw_names = None;
        f.entry = false;
        f.frame_obj = None;
        f.serial = serial;
        f.started = false;
        f.fast_locals = None;
        b
    }

    /// Keep the box of a frame whose parts were taken out (its vectors are empty).
    #[inline]
    pub fn keep_box(&mut self, b: Box<Frame>) {
        if self.boxes.len() < FRAME_POOL_MAX {
            self.boxes.push(b);
        }
    }
}

impl super::Vm {
    /// Push a new innermost frame (in a kept box when there is one).
    #[inline]
    pub(crate) fn push_frame(&mut self, frame: Frame) {
        let b = self.frame_vecs.boxed(frame);
        self.frames.push(b);
    }

    /// Pop the innermost frame, out of its box (which is kept).
    pub(crate) fn pop_frame(&mut self) -> Frame {
        let b = self.frames.pop().expect("frame");
        self.frame_vecs.unbox(b)
    }
}
