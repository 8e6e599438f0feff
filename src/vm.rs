//! The virtual machine: frames with value stacks executing code objects over the heap, with
//! references counted where CPython counts them.
//!
//! Read [`eval`] first (the instruction loop), then [`call`] (how frames are pushed: Python calls
//! never recurse on the Rust stack, so stepping can stop inside them), then [`dealloc`] (what
//! happens when a count reaches zero).

pub mod assign;
pub mod attr;
pub mod attrhint;
pub mod bootstrap;
pub mod bytearray;
pub mod call;
pub mod containers;
pub mod dealloc;
pub mod eval;
pub mod exc;
pub mod excgroup;
pub mod finalize;
pub mod frame;
pub mod frameobject;
pub mod genobject;
pub mod iter;
pub mod matching;
pub mod notebook;
pub mod objects;
pub mod ops;
pub mod output;
pub mod protocols;
pub mod quicken;
pub mod recursion;
pub mod repr;
pub mod session;
pub mod slots;
pub mod startup_strings;
pub mod subtype;
pub mod suggestions;
pub mod tpcall;
pub mod tracing;
pub mod typecache;
pub mod typelayout;
pub mod typeobj;
pub mod union;
pub mod userimport;
pub mod warnings;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::heap::Heap;
use crate::object::{BuiltinType, ObjId, Payload};

pub use bootstrap::{ExcKind, Statics};
pub use frame::Frame;

/// A callback of whoever runs the VM (`input()`'s line source, the snippet's own modules).
/// Clones of the VM share it: a state stepped back to reads from the same terminal.
pub struct Hook<F: ?Sized>(std::sync::Arc<std::sync::Mutex<Box<F>>>);

impl<F: ?Sized> Clone for Hook<F> {
    fn clone(&self) -> Self {
        Hook(self.0.clone())
    }
}

impl<F: ?Sized> Hook<F> {
    /// The callback, to call (a panic in an earlier call does not poison it for good).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Box<F>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// See [`Vm::input`].
pub type InputHook = Hook<dyn FnMut(&str) -> Option<String> + Send>;

impl InputHook {
    pub fn new(f: impl FnMut(&str) -> Option<String> + Send + 'static) -> InputHook {
        Hook(std::sync::Arc::new(std::sync::Mutex::new(Box::new(f))))
    }
}

/// An exception being raised: an owned reference to the exception instance.
#[derive(Debug, PartialEq, Eq)]
pub struct PyErr(pub ObjId);

pub type PyResult<T> = Result<T, PyErr>;

/// How the snippet's top-level code is run, which decides who holds constants (section 4.2
/// and 15 of cpython311.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMode {
    /// `python3 file.py`: one compilation unit; the parser arena keeps literal constants alive
    /// until the module body finishes.
    Script,
    /// Jupyter/IPython: every top-level statement of a cell is compiled on its own; the cell's
    /// Python-level AST keeps literal constants alive while the cell runs; the last expression
    /// of a cell is displayed as `Out[N]`.
    Notebook,
}

/// Options for a run.
#[derive(Clone, Debug)]
pub struct VmOptions {
    pub mode: RunMode,
    /// The script name (`sys.argv[0]`, `__file__`, traceback file names).
    pub filename: String,
    /// Modelled bytes a snippet may use before `MemoryError`.
    pub memory_cap: usize,
    /// `sys.getrecursionlimit()`.
    pub recursion_limit: usize,
    /// `sys.argv[0]` when it differs from `filename` (python3 makes `__file__` and the code's
    /// file name absolute, and leaves `sys.argv[0]` as typed).
    pub argv0: Option<String>,
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            mode: RunMode::Script,
            filename: "snippet.py".into(),
            memory_cap: 1 << 30,
            recursion_limit: 1000,
            argv0: None,
        }
    }
}

/// A reference holder that is part of the interpreter rather than of an object: what the
/// invariant checker and the holders analysis see besides object-to-object references.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RootRef {
    /// Local/cell/free variable `name` of the frame running `code_name` (depth 0 = outermost);
    /// `param` for a parameter.
    FrameLocal {
        depth: usize,
        code_name: String,
        name: String,
        param: bool,
    },
    /// An operand on the value stack of a frame.
    FrameStack { depth: usize, code_name: String },
    /// The frame's function object (`f_func`), code object or namespace dict.
    FrameField {
        depth: usize,
        code_name: String,
        field: &'static str,
    },
    /// The parser arena (or cell AST) of the running top-level code.
    ParserArena,
    /// A value held by the interpreter's own state (the exception being handled, a call in
    /// progress, the objects made at start-up...).
    Interpreter(&'static str),
    /// IPython's output history (`_`, `__`, `___`, `_N`, `Out`): references it holds beyond
    /// the namespace entries.
    OutputHistory(&'static str),
    /// References a static object starts with (interpreter-wide, not modelled one by one).
    StaticBase,
}

/// One entry of [`Vm::slot_front`]: (type, name text address, name length) and the result.
pub(crate) type SlotFront = (Option<ObjId>, usize, usize, Option<ObjId>);

/// One entry of [`Vm::lookup_front`]: (type, name, the type's version tag when the entry was
/// made) and what the lookup found.
pub(crate) type LookupFront = (Option<ObjId>, Option<ObjId>, u32, Option<ObjId>);

#[derive(Clone)]

pub struct Vm {
    pub heap: Heap,
    /// The module whose Python part is being run, while it has classes standing for static C
    /// types: a class statement of one of them makes it so at once (its instances from the
    /// first are the C struct).
    pub static_types_pending: Option<&'static crate::modules::ModuleDef>,
    pub options: VmOptions,
    pub statics: Statics,
    /// Builtin type objects, indexed by `BuiltinType as usize`.
    pub types: Vec<ObjId>,
    /// Builtin exception classes, indexed by `ExcKind as usize`.
    pub exc_types: Vec<ObjId>,
    /// Interned strings (`interned` dict of 3.11: its references are not counted).
    pub interned: rustc_hash::FxHashMap<String, ObjId>,
    /// The strings of CPython's start-up ([`startup_strings`]) and the count each has when
    /// the snippet starts.
    pub startup_strings: Vec<(ObjId, i64)>,
    /// Method descriptors of builtin types, by type and name.
    pub method_descrs: HashMap<BuiltinType, HashMap<&'static str, ObjId>>,
    /// Attributes of one builtin type object besides its method table: the placeholders for
    /// what CPython's type has and the model does not implement, `None` where CPython's dict
    /// holds `None` (`list.__hash__`). Not counted references (static objects).
    pub type_attrs: HashMap<ObjId, HashMap<&'static str, ObjId>>,
    pub builtins_module: ObjId,
    pub builtins_dict: ObjId,
    pub main_module: ObjId,
    pub main_dict: ObjId,
    /// `sys.modules`-like registry of modules imported so far.
    pub modules: HashMap<String, ObjId>,
    /// Running frames, innermost last. Each in a box of its own, so that a generator's
    /// frame moves between the stack and its generator as a pointer (see `FramePool`).
    pub frames: Vec<Box<Frame>>,
    /// The exception currently being handled (`sys.exc_info()`), owned.
    pub exc_info: Option<ObjId>,
    /// What the snippet printed (unless an [`output::OutputSink`] takes it as it comes).
    pub stdout: String,
    pub stderr: String,
    /// Where output goes as it is written, instead of `stdout`/`stderr` (a copy of the run
    /// writes to the same sink: it is the process's stream).
    pub output: Option<std::rc::Rc<std::cell::RefCell<dyn output::OutputSink>>>,
    /// Depth of nested native→Python calls (counts toward the recursion limit).
    pub native_depth: usize,
    /// Objects whose last reference is being dropped, processed iteratively (the trashcan).
    pub(crate) dealloc_stack: Vec<dealloc::DeallocTask>,
    /// Deallocations nested through Python code, and those put off (CPython's trashcan).
    pub(crate) trash: dealloc::Trashcan,
    /// Set from another thread (Ctrl-C) to raise `KeyboardInterrupt` in the snippet.
    pub interrupt: Arc<AtomicBool>,
    pub gc: crate::gc::GcState,
    /// Instructions executed (for budgets and statistics).
    pub instr_count: u64,
    /// Items produced by native iteration (`Vm::next`): long loops inside builtins look at
    /// the interrupt flag every few thousand items, as the evaluation loop does.
    pub native_ticks: u64,
    /// `sys.argv` list.
    pub argv: Option<ObjId>,
    /// Compilation counter for `<string>`-style unit names.
    pub units_compiled: u64,
    /// The last run paused at this line event (frame serial, instruction): resuming must
    /// not report it again.
    pub(crate) resuming: Option<(u64, usize)>,
    /// What watches line events (stepping, breakpoints, `refscope trace`); none: the
    /// instruction loop does not look for them.
    pub watch: Option<Box<tracing::Watch>>,
    /// Frames pushed so far (each frame's serial).
    pub(crate) frames_made: u64,
    /// `PyThreadState_GetDict()`: made on first use (the first container repr), owned.
    pub thread_state_dict: Option<ObjId>,
    /// `_PyArg_Parser.kwtuple` of the builtins whose argument parser has run (made on first
    /// use and kept: a tuple of the keyword names), by function name.
    pub arg_parser_kwtuples: Vec<(&'static str, ObjId)>,
    /// The argument tuples of the `tp_call` calls under way (`_PyObject_MakeTpCall`,
    /// `METH_VARARGS`), innermost last, borrowed: `gc.get_referrers` skips its own.
    pub(crate) tp_call_tuples: Vec<ObjId>,
    /// `PyObject_Call(callable, tuple, dict)` to a callable without vectorcall: its `tp_call`
    /// gets the caller's own tuple and dict (`CALL_FUNCTION_EX`'s), so the next
    /// `_PyObject_MakeTpCall` of those very arguments uses them instead of making new ones.
    pub(crate) tp_call_preset: Option<(ObjId, Option<ObjId>)>,
    /// Its `Py_Repr` list (borrowed from the dict).
    pub(crate) repr_list: Option<ObjId>,
    /// The `sys.stderr` stand-in, once `sys` is imported.
    pub stderr_obj: Option<ObjId>,
    /// IPython's state in notebook mode.
    pub notebook: Option<notebook::Notebook>,
    /// `atexit` callbacks, oldest first (owned).
    pub atexit: Vec<Option<crate::modules::atexit::AtexitCallback>>,
    /// Where `input()` reads a line: given the output not shown yet (the prompt last), it
    /// returns the line typed (without its newline), or None at end of input. Without a hook
    /// (the app), input is at its end: `input()` raises EOFError as under `python3 x.py <
    /// /dev/null`.
    pub input: Option<InputHook>,
    /// Bytes of `stdout` the input hook has already shown.
    pub stdout_shown: usize,
    /// Where the snippet's own modules come from (`import helpers` finding `helpers.py`);
    /// None: only the modelled modules import.
    pub module_source: Option<userimport::ModuleSource>,
    /// `_PyType_Lookup`'s method cache: (type, interned name) to what the MRO walk found
    /// (borrowed). Cleared by `type_modified` when a class dict changes or a type or an
    /// interned name dies (their ids could be reused).
    pub(crate) type_cache: std::cell::RefCell<rustc_hash::FxHashMap<(ObjId, ObjId), Option<ObjId>>>,
    /// Classes some split instance dict (a materialised `__dict__` or its copy) was made for:
    /// such a dict borrows its keys from the class's shared keys, so when one of these classes
    /// dies its split dicts are given their own references (see `Vm::orphan_split_dicts`).
    pub(crate) split_dict_classes: rustc_hash::FxHashSet<ObjId>,
    /// The method cache's entries as 3.11 fills them: (a class's version tag, the name), each
    /// holding a reference to the name (see `vm::typecache`).
    pub(crate) method_cache: rustc_hash::FxHashSet<(u32, ObjId)>,
    /// `next_version_tag`: the tag the next class looked up in gets.
    pub(crate) next_version_tag: u32,
    /// The same for the hook names the attribute paths look up on every access
    /// (`__getattribute__`, `__getattr__`, `__setattr__`, `__delattr__`), keyed by the name's
    /// static text: CPython reads these as slots of the type, without hashing a name.
    pub(crate) slot_cache:
        std::cell::RefCell<rustc_hash::FxHashMap<(ObjId, usize, usize), Option<ObjId>>>,
    /// A direct-mapped front of `slot_cache` (64 entries by type and name), so the usual
    /// hit costs one compare instead of a hash probe; emptied with it.
    pub(crate) slot_front: std::cell::Cell<[SlotFront; 64]>,
    /// A direct-mapped front of `type_lookup` (64 entries by type and name) for a lookup
    /// whose method cache entry is already held: see [`Vm::type_lookup`]. Emptied with
    /// `type_cache`.
    pub(crate) lookup_front: std::cell::Cell<[LookupFront; 64]>,
    /// Bumped by `type_modified`: the attribute hints made before are void (see
    /// `vm::attrhint`).
    pub(crate) type_epoch: attrhint::TypeEpoch,
    /// Types the standard-library modules define in Rust, by `module.name` (borrowed: their
    /// modules hold them).
    pub native_types: HashMap<String, ObjId>,
    /// The value the last function call returned (what a tracer's `return` event reports),
    /// for the views. It is only an id and holds no reference: recording it changes no count.
    pub last_return: Option<LastReturn>,
    /// Vectors of ended frames, reused by the next ones (no references).
    pub(crate) frame_vecs: frame::FramePool,
}

/// A function's return, as a tracer sees it (`sys.settrace`'s `'return'` event).
#[derive(Clone, Debug)]
pub struct LastReturn {
    /// The returning function's code (its `co_qualname` names it).
    pub code: std::rc::Rc<crate::code::Code>,
    /// The value returned, and its allocation serial (the id may be reused once it is freed).
    pub value: ObjId,
    pub serial: u64,
    /// How many returns were recorded before this one plus one: a view compares it with the
    /// number it saw before a step to tell whether a call returned during the step.
    pub count: u64,
}

/// `gc.get_count()` as CPython's start-up leaves it, less what the model counts itself before
/// the first line.
const STARTUP_GC_COUNTS: [i64; 3] = [247, 0, 2];

impl Vm {
    pub fn new(options: VmOptions) -> Vm {
        let mut vm = bootstrap::bootstrap(options);
        // IPython's start-up has printed a container by the time a cell runs: the thread state
        // dict and its `Py_Repr` list already exist. `python3 FILE` has not: they are made by
        // the script's first container repr (measured: `gc.get_objects()` gains a dict
        // `{'Py_Repr': [...]}` and its list there)
        if vm.options.mode != RunMode::Script {
            vm.py_repr_list();
        }
        // `object` and the exception roots already have subclasses when a script starts
        let roots = [
            vm.ty(BuiltinType::Object),
            vm.exc_types[ExcKind::BaseException as usize],
            vm.exc_types[ExcKind::Exception as usize],
        ];
        for t in roots {
            let d = vm.new_dict();
            if let Payload::Type(t) = vm.heap.payload_mut(t) {
                t.subclasses = Some(d);
            }
        }
        // start-up sliced something: `interp->slice_cache` holds a freed slice, so the
        // script's first slice is not a new allocation (measured with gc.get_count())
        let none = vm.none();
        vm.incref(none);
        vm.incref(none);
        vm.incref(none);
        let s = vm.new_slice(none, none, none);
        vm.decref(s);
        vm.set_startup_type_refcounts();
        startup_strings::settle(&mut vm);
        vm.heap.bootstrapping = false;
        if vm.options.mode == RunMode::Script {
            // What CPython 3.11.7's start-up (site, the encodings, `__main__`) leaves in the
            // collector when `python3 FILE` reaches the first line: `gc.get_count()` there is
            // (248, 0, 2) or (249, 0, 2), depending on what compiling the script allocated
            // (measured). The model's own start-up counts nothing; the 2 allocations of the
            // script's first moments are counted as they happen.
            vm.gc.counts = STARTUP_GC_COUNTS;
        }
        vm
    }

    // ---- reference counting (`Py_INCREF` / `Py_DECREF`) ----

    // `Py_INCREF`/`Py_DECREF` run several times per instruction: always inlined into the
    // eval loop (only `dealloc`, the count reaching zero, is a call)
    #[inline(always)]
    pub fn incref(&mut self, id: ObjId) {
        *self.heap.refcnt_mut(id) += 1;
    }

    /// Increment and return: a new reference to `id` (`Py_NewRef`).
    #[inline]
    pub fn new_ref(&mut self, id: ObjId) -> ObjId {
        self.incref(id);
        id
    }

    #[inline(always)]
    pub fn decref(&mut self, id: ObjId) {
        let refcnt = self.heap.refcnt_mut(id);
        *refcnt -= 1;
        if *refcnt == 0 {
            self.dealloc(id);
        }
    }

    #[inline(always)]
    pub fn xdecref(&mut self, id: Option<ObjId>) {
        if let Some(id) = id {
            self.decref(id);
        }
    }

    pub fn refcnt(&self, id: ObjId) -> i64 {
        self.heap.get(id).refcnt
    }

    // ---- quick accessors ----

    #[inline]
    pub fn ty(&self, t: BuiltinType) -> ObjId {
        self.types[t as usize]
    }

    #[inline]
    pub fn type_of(&self, id: ObjId) -> ObjId {
        self.heap.get(id).ty
    }

    #[inline]
    pub fn payload(&self, id: ObjId) -> &Payload {
        self.heap.payload(id)
    }

    #[inline]
    pub fn none(&self) -> ObjId {
        self.statics.none
    }

    /// A new reference to `None`.
    #[inline]
    pub fn new_none(&mut self) -> ObjId {
        let n = self.statics.none;
        self.new_ref(n)
    }

    /// A new reference to `True` or `False`.
    #[inline]
    pub fn new_bool(&mut self, b: bool) -> ObjId {
        let id = if b {
            self.statics.true_
        } else {
            self.statics.false_
        };
        self.new_ref(id)
    }

    /// The text of a `str` object (empty for anything else).
    pub fn str_of(&self, id: ObjId) -> &str {
        match self.heap.payload(id) {
            Payload::Str(s) => s.as_str(),
            _ => "",
        }
    }

    /// Has someone asked the snippet to stop (Ctrl-C)?
    pub fn interrupted(&self) -> bool {
        self.interrupt.load(Ordering::Relaxed)
    }

    /// The builtin type of an object's type, if builtin.
    pub fn builtin_type_of(&self, id: ObjId) -> Option<BuiltinType> {
        match self.heap.payload(self.type_of(id)) {
            Payload::Type(t) => t.builtin,
            _ => None,
        }
    }

    /// The `__name__` of an object's type.
    pub fn type_name(&self, id: ObjId) -> String {
        self.type_name_of_type(self.type_of(id))
    }

    pub fn type_name_of_type(&self, ty: ObjId) -> String {
        match self.heap.payload(ty) {
            Payload::Type(t) => t.name.clone(),
            _ => "?".into(),
        }
    }

    /// Every counted reference the interpreter itself holds (not objects): frames, the
    /// exception being handled, imported modules, `gc.garbage`, IPython's history...
    pub fn visit_roots(&self, visit: &mut dyn FnMut(RootRef, ObjId)) {
        for (depth, f) in self.frames.iter().enumerate() {
            let code_name = f.code.qualname.clone();
            let nparams = f.code.argcount
                + f.code.kwonlyargcount
                + f.code.varargs as usize
                + f.code.varkeywords as usize;
            f.visit_refs(&mut |r, id| {
                let root = match r {
                    frame::FrameRef::Local(i) => RootRef::FrameLocal {
                        depth,
                        code_name: code_name.clone(),
                        name: f.local_name(i).to_string(),
                        param: i < nparams,
                    },
                    frame::FrameRef::Stack => RootRef::FrameStack {
                        depth,
                        code_name: code_name.clone(),
                    },
                    frame::FrameRef::Code => RootRef::FrameField {
                        depth,
                        code_name: code_name.clone(),
                        field: "f_code",
                    },
                    frame::FrameRef::Func => RootRef::FrameField {
                        depth,
                        code_name: code_name.clone(),
                        field: "f_func",
                    },
                    frame::FrameRef::LocalsDict | frame::FrameRef::FastLocals => {
                        RootRef::FrameField {
                            depth,
                            code_name: code_name.clone(),
                            field: "f_locals",
                        }
                    }
                    frame::FrameRef::FrameObject => RootRef::FrameField {
                        depth,
                        code_name: code_name.clone(),
                        field: "frame object",
                    },
                    frame::FrameRef::Pending(what) => RootRef::FrameField {
                        depth,
                        code_name: code_name.clone(),
                        field: what,
                    },
                };
                visit(root, id)
            });
        }
        if let Some(e) = self.exc_info {
            visit(RootRef::Interpreter("the exception being handled"), e);
        }
        // `_functools`' module state holds its `lru_list_elem_type` (no module attribute does)
        if let Some(&t) = self.native_types.get("functools._lru_list_elem") {
            visit(RootRef::Interpreter("_functools' module state"), t);
        }
        for &m in self.modules.values() {
            visit(RootRef::Interpreter("sys.modules"), m);
        }
        if let Some(g) = self.gc.garbage {
            visit(RootRef::Interpreter("gc.garbage"), g);
        }
        for &(_, t) in &self.arg_parser_kwtuples {
            visit(
                RootRef::Interpreter("an argument parser's keyword names"),
                t,
            );
        }
        if let Some(d) = self.thread_state_dict {
            visit(RootRef::Interpreter("the thread state dict"), d);
        }
        if let Some(c) = self.gc.callbacks {
            visit(RootRef::Interpreter("gc.callbacks"), c);
        }
        if let Some(a) = self.argv {
            visit(RootRef::Interpreter("sys.argv"), a);
        }
        if let Some(s) = self.stderr_obj {
            visit(RootRef::Interpreter("sys.stderr"), s);
        }
        for cb in self.atexit.iter().flatten() {
            visit(RootRef::Interpreter("an atexit callback"), cb.func);
            visit(RootRef::Interpreter("an atexit callback"), cb.args);
            if let Some(k) = cb.kwargs {
                visit(RootRef::Interpreter("an atexit callback"), k);
            }
        }
        for &(_, name) in &self.method_cache {
            visit(RootRef::Interpreter("the method cache"), name);
        }
        if let Some(nb) = &self.notebook {
            for (what, id) in nb.hidden_refs() {
                visit(RootRef::OutputHistory(what), id);
            }
        }
    }
}
