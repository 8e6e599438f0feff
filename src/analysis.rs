//! Read-only questions about a heap state, for every view (TUI panes, `run --report`, exports):
//! the reference cycles and whether they can still be reached, who holds each reference, why
//! two names share one object, and what changed between two states.
//!
//! Everything reads a heap through one interface, [`HeapState`]: the live VM ([`LiveHeap`])
//! and a captured [`snapshot::Snapshot`] both implement it, so "before" and "after" a
//! `gc.collect()` are two states compared, never a mutation.

pub mod cycles;
pub mod frames;
pub mod graph;
pub mod holders;
pub mod labels;
pub mod lesson;
pub mod report;
pub mod returns;
pub mod sharing;
pub mod snapshot;

use crate::heap::traverse::{traverse, Edge};
use crate::object::{GcState, ObjId, Payload};
use crate::vm::session::Session;
use crate::vm::{RootRef, Vm};

pub use cycles::{find_cycles, Cycle, CycleState};
pub use holders::{all_holders, holders_of, Holder};
pub use sharing::{why_shared, Shared};
pub use snapshot::{diff, diff_since, HeapDiff, Snapshot};

/// What the views need to know about one object.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectInfo {
    pub id: ObjId,
    /// Allocation serial: distinguishes an object from a later one at the same id.
    pub serial: u64,
    pub addr: u64,
    pub type_name: String,
    pub refcnt: i64,
    /// `sys.getsizeof`.
    pub size: usize,
    pub gc: GcInfo,
    /// Made by the interpreter before the snippet ran (builtins, types, caches).
    pub startup: bool,
    /// References a static object starts with (interpreter-wide, not listed one by one).
    pub static_refs: i64,
    /// A short repr that runs no Python code (`[1, 2, 3]`, `<A at 0x7f...>`).
    pub repr: String,
    /// How a holder list names this object (`list @0x7f...`, `__main__ globals`).
    pub label: String,
}

/// An object's place in the collector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcInfo {
    /// Not a container (ints, strs...): never tracked.
    NotGc,
    Untracked,
    Generation(u8),
    /// Interpreter objects the collector never examines.
    Permanent,
}

/// A reference held by the interpreter rather than by an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A VM root (frames, modules, the exception being handled...).
    Vm(RootRef),
    /// The parser arena of the running script (or the running cell's AST).
    ParserArena,
    /// The code object of the running top-level unit.
    RunningCode,
    /// The uncaught exception a post-mortem stop holds (its traceback keeps the frames).
    Uncaught,
}

/// A function's return, as the views show it: the value a call gave back to the line just
/// executed (see [`returns`] for the rule).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Return {
    /// The function's qualified name.
    pub function: String,
    pub value: ObjId,
}

/// Where a run is stopped: the line event of the innermost frame running the snippet's code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepPosition {
    /// The 0-based code cell the line belongs to, for cell files and notebooks (inside a
    /// function defined in an earlier cell, that earlier cell); None for a script.
    pub cell: Option<usize>,
    /// The file's line (`.py`, `# %%` files) or the line inside the cell (notebooks).
    pub line: u32,
    /// The innermost frame's function by its qualified name (`co_qualname`), or `<module>`.
    pub frame: String,
}

/// A frame running the snippet's code, and its bound fast locals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameLocals {
    /// `co_qualname` (`<module>` for top-level code).
    pub function: String,
    /// The line the frame is at (`f_lineno`).
    pub line: u32,
    /// The fast locals that are bound, in `co_varnames` order (cell and free variables by
    /// the value inside the cell). Empty for module and class bodies, whose names live in
    /// a dict.
    pub locals: Vec<(String, ObjId)>,
}

/// The read-only view of a heap state: the objects and references, and where the run is
/// (its position, frames, the names the snippet bound, what it printed). The model's live
/// session ([`LiveHeap`]), a captured [`Snapshot`] and a recording of a real CPython run all
/// implement it, so every view and the `trace` records read any of them.
pub trait HeapState {
    /// One past the largest object id (for dense tables).
    fn capacity(&self) -> usize;
    /// Every live object.
    fn object_ids(&self) -> Vec<ObjId>;
    fn is_live(&self, id: ObjId) -> bool;
    fn info(&self, id: ObjId) -> ObjectInfo;
    /// The references `id` owns, in `tp_traverse` order.
    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge));
    /// The references the interpreter holds.
    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId));
    /// The text of a str object (dict keys, attribute names), if it is one.
    fn str_value(&self, id: ObjId) -> Option<String>;
    /// Made before the snippet ran.
    fn is_startup(&self, id: ObjId) -> bool;
    /// The allocation serial of a live object.
    fn serial(&self, id: ObjId) -> u64;
    /// How holder lists name this object (`__main__ globals`, `co_consts of f`, `list @0x7f...`).
    fn label(&self, id: ObjId) -> String;
    /// References a static object starts with (cheaper than `info`).
    fn static_refs(&self, id: ObjId) -> i64;
    /// The type name (cheaper than `info`).
    fn type_name(&self, id: ObjId) -> String;
    /// The model's change log ([`crate::heap::changelog`]) while a viewer watches: what
    /// changed since its last mark. `None` for any other state (a recording, a snapshot).
    fn changes(&self) -> Option<&crate::heap::changelog::ChangeLog> {
        None
    }
    /// The type name, borrowed where the state holds it (no allocation per object: what a
    /// walk of many objects asks).
    fn type_str(&self, id: ObjId) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(self.type_name(id))
    }
    /// The reference count (cheaper than `info`, which also renders a repr and a label).
    fn refcnt(&self, id: ObjId) -> i64 {
        self.info(id).refcnt
    }
    /// The address (cheaper than `info`).
    fn addr(&self, id: ObjId) -> u64 {
        self.info(id).addr
    }
    /// The object's place in the collector (cheaper than `info`).
    fn gc(&self, id: ObjId) -> GcInfo {
        self.info(id).gc
    }
    /// A repr of at most `max` characters that runs no Python code.
    fn short_repr(&self, id: ObjId, max: usize) -> String {
        let r = self.info(id).repr;
        if r.chars().count() <= max {
            return r;
        }
        let mut t: String = r.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
    /// Why everyone shares this object, in a word (`small int`, `interned`, `singleton`,
    /// `1-char str`), when a cache or the interpreter makes it one object for all.
    fn cached(&self, id: ObjId) -> Option<&'static str> {
        self.cached_reasons(id).first().map(Shared::word)
    }
    /// Every cache or interpreter rule that makes this object one object for all (see
    /// [`sharing::why_shared_in`], which adds the constants a code object shares).
    fn cached_reasons(&self, _id: ObjId) -> Vec<Shared> {
        Vec::new()
    }
    /// A code object's qualified name, file and constants (`co_consts`), if `code` is one.
    fn code_info(&self, code: ObjId) -> Option<CodeInfo> {
        code_info_from_edges(self, code)
    }
    /// The code objects whose `co_consts` hold `id`, by qualified name.
    fn constant_of(&self, id: ObjId) -> Vec<String> {
        self.object_ids()
            .into_iter()
            .filter(|&c| self.type_name(c) == "code")
            .filter_map(|c| self.code_info(c))
            .filter(|c| c.consts.contains(&id))
            .map(|c| c.qualname)
            .collect()
    }
    /// The interned strings alive, each with why it was interned in a few words.
    fn interned_strings(&self) -> Vec<(ObjId, &'static str)> {
        Vec::new()
    }
    /// The cached small ints (-5..=256) the state knows of, by value.
    fn small_ints(&self) -> Vec<(i64, ObjId)> {
        Vec::new()
    }
    /// The singletons the state knows of (`None`, `True`, `()`, `''`...), by name.
    fn singletons(&self) -> Vec<(&'static str, ObjId)> {
        Vec::new()
    }
    /// The `__main__` names a report lists: not dunders, modules, IPython's history or
    /// objects made at start-up.
    fn named_objects(&self) -> Vec<(String, ObjId)> {
        self.snippet_names()
            .into_iter()
            .filter(|(name, v)| {
                !name.starts_with("__")
                    && !report::is_ipython_name(name)
                    && self.type_name(*v) != "module"
                    && !self.is_startup(*v)
            })
            .collect()
    }
    /// The collector's switch, counts and thresholds, where the state knows them.
    fn gc_settings(&self) -> Option<GcSettings> {
        None
    }
    /// How many objects are live (cheaper than `object_ids`).
    fn live_count(&self) -> usize {
        self.object_ids().len()
    }
    /// Items `offset..offset + count` of a list or tuple whose references are its items alone
    /// (no class or native extension adds any), and its length; `None` for any other object,
    /// or when the state cannot read items by index (then read its edges).
    fn seq_items_window(
        &self,
        _id: ObjId,
        _offset: usize,
        _count: usize,
    ) -> Option<(Vec<ObjId>, usize)> {
        None
    }
    /// An allocation serial no live object exceeds and every later object does (the newest
    /// live object's, or the last one handed out).
    fn newest_serial(&self) -> u64 {
        self.object_ids()
            .into_iter()
            .map(|id| self.serial(id))
            .max()
            .unwrap_or(0)
    }
    /// The names the snippet can see, frame by frame (see [`frames::frames`]): by default
    /// the globals it bound, then each running function's bound locals.
    fn name_frames(&self) -> Vec<frames::FrameNames> {
        frames::from_snippet(self)
    }
    /// The uncaught exception the run is stopped at (post-mortem), if it is.
    fn uncaught(&self) -> Option<ObjId> {
        None
    }
    /// The value a call of the snippet's gave back to the line just executed, while that
    /// value is alive ([`returns`]): not an older return, not one to native code (`__del__`
    /// run by the collector).
    fn last_return(&self) -> Option<Return> {
        None
    }
    /// The name of an instance's `index`th `__slots__` entry (the member descriptor's name).
    fn slot_name(&self, _instance: ObjId, _index: usize) -> Option<String> {
        None
    }
    /// A code object's positional parameter count (`co_argcount`): which parameters the
    /// `__defaults__` of its function belong to.
    fn arg_count(&self, _code: ObjId) -> Option<usize> {
        None
    }
    /// Where the run is stopped; None before its first line event and after its end.
    fn position(&self) -> Option<StepPosition>;
    /// The frames running the snippet's code, outermost first (the module frame first).
    fn snippet_frames(&self) -> Vec<FrameLocals>;
    /// The module globals the snippet bound, in the dict's order: every key of `__main__`'s
    /// dict but those it had before the snippet ran and, for cells, IPython's history and
    /// machinery (`In`, `Out`, `_`, `_i3`, `get_ipython`...).
    fn snippet_names(&self) -> Vec<(String, ObjId)>;
    /// Everything the snippet wrote to `sys.stdout` so far.
    fn stdout(&self) -> &str;
}

/// The collector's settings at a state (`gc.isenabled()`, `gc.get_count()`,
/// `gc.get_threshold()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcSettings {
    pub enabled: bool,
    pub counts: [i64; 3],
    pub thresholds: [i64; 3],
}

/// A code object as the interned pane lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// `co_qualname`.
    pub qualname: String,
    /// `co_filename`.
    pub file: String,
    /// `co_consts`, in order.
    pub consts: Vec<ObjId>,
}

/// A code object's facts read from its references: the `co_consts` tuple's items, and the
/// `co_qualname` and `co_filename` strings (how a recording holds them).
fn code_info_from_edges<H: HeapState + ?Sized>(heap: &H, code: ObjId) -> Option<CodeInfo> {
    if !heap.is_live(code) || heap.type_name(code) != "code" {
        return None;
    }
    let mut consts_tuple = None;
    let mut qualname = None;
    let mut file = None;
    heap.for_each_edge(code, &mut |e| match e.slot {
        crate::object::Slot::Field("co_consts") => consts_tuple = Some(e.target),
        crate::object::Slot::Field("co_qualname") => qualname = heap.str_value(e.target),
        crate::object::Slot::Field("co_filename") => file = heap.str_value(e.target),
        _ => {}
    });
    let mut consts: Vec<(usize, ObjId)> = Vec::new();
    if let Some(t) = consts_tuple {
        heap.for_each_edge(t, &mut |e| {
            if let crate::object::Slot::Item(i) = e.slot {
                consts.push((i, e.target));
            }
        });
    }
    consts.sort_by_key(|c| c.0);
    Some(CodeInfo {
        qualname: qualname.unwrap_or_else(|| "?".into()),
        file: file.unwrap_or_default(),
        consts: consts.into_iter().map(|c| c.1).collect(),
    })
}

/// Names IPython binds in `__main__` for a cell file or notebook (its history and
/// machinery), which [`HeapState::snippet_names`] leaves out: `In`, `Out`, `_`, `__`, `___`,
/// `_i`, `_ii`, `_iii`, `_iN`, `_N`, `_ih`, `_oh`, `_dh`, `get_ipython`, `exit`, `quit`,
/// `__builtin__` (`init_user_ns` binds the builtins module under its Python 2 name).
pub fn is_ipython_machinery(name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    matches!(
        name,
        "In" | "Out"
            | "_"
            | "__"
            | "___"
            | "_i"
            | "_ii"
            | "_iii"
            | "_ih"
            | "_oh"
            | "_dh"
            | "get_ipython"
            | "exit"
            | "quit"
            | "__builtin__"
    ) || name.strip_prefix("_i").is_some_and(digits)
        || name.strip_prefix('_').is_some_and(digits)
}

/// What a live heap knows of the session around it (for the position, frames and names).
struct SessionView {
    /// The line event the state is at, if stopped at one: (cell, line).
    at: Option<(usize, u32)>,
    /// Whether the snippet runs as cells (cell files, notebooks).
    cells: bool,
    sources: Vec<(usize, std::rc::Rc<crate::code::Source>)>,
    startup_names: std::rc::Rc<std::collections::HashSet<String>>,
}

/// The live heap of a session (or a bare VM), read in place.
pub struct LiveHeap<'a> {
    pub vm: &'a Vm,
    extra: Vec<(Root, ObjId)>,
    /// The exception of a post-mortem stop.
    uncaught: Option<ObjId>,
    /// The return the line just executed got, when a line hook judged it
    /// ([`LiveHeap::with_returns`]).
    returned: Option<Return>,
    session: Option<SessionView>,
    /// Labels of objects with a role (globals, class namespaces, `co_consts`), made on first use.
    roles: std::cell::OnceCell<std::collections::HashMap<ObjId, String>>,
}

impl<'a> LiveHeap<'a> {
    /// A bare VM (no session-held references).
    pub fn new(vm: &'a Vm) -> LiveHeap<'a> {
        LiveHeap {
            vm,
            extra: Vec::new(),
            uncaught: None,
            returned: None,
            session: None,
            roles: std::cell::OnceCell::new(),
        }
    }

    /// The heap at a line event, from a line hook (`refscope trace`): the watch carries
    /// what the session holds and knows.
    pub fn at_event(
        vm: &'a Vm,
        watch: &crate::vm::tracing::Watch,
        event: &crate::vm::tracing::LineEvent,
    ) -> LiveHeap<'a> {
        let mut extra = Vec::new();
        if let Some(code) = watch.running_code {
            extra.push((Root::RunningCode, code));
        }
        extra.extend(watch.arena.iter().map(|&id| (Root::ParserArena, id)));
        LiveHeap {
            vm,
            extra,
            uncaught: None,
            returned: None,
            session: Some(SessionView {
                at: Some((event.cell, event.line)),
                cells: watch.cells,
                sources: watch.sources.clone(),
                startup_names: watch.startup_names.clone(),
            }),
            roles: std::cell::OnceCell::new(),
        }
    }

    /// A session's heap, including the references the session holds (parser arena, the
    /// running code object).
    pub fn of(session: &'a Session) -> LiveHeap<'a> {
        let mut extra = Vec::new();
        let uncaught = session.uncaught();
        for (i, id) in session.extra_roots().into_iter().enumerate() {
            extra.push((
                if i == 0 && session.running_code() == Some(id) {
                    Root::RunningCode
                } else if uncaught == Some(id) {
                    Root::Uncaught
                } else {
                    Root::ParserArena
                },
                id,
            ));
        }
        let at = match session.status {
            crate::vm::session::Status::Paused { cell, line } => Some((cell, line)),
            _ => None,
        };
        LiveHeap {
            vm: &session.vm,
            extra,
            uncaught,
            returned: None,
            session: Some(SessionView {
                at,
                cells: session.snippet.kind != crate::load::SnippetKind::Script,
                sources: session.cell_sources().to_vec(),
                startup_names: session.startup_names().clone(),
            }),
            roles: std::cell::OnceCell::new(),
        }
    }

    /// The session's heap, knowing which return the line just executed got from what a
    /// line hook noted of the run's line events (without it, [`HeapState::last_return`] is
    /// None: an older return would mislead).
    pub fn with_returns(mut self, session: &Session, notes: &returns::LineReturns) -> Self {
        let at_event = matches!(session.status, crate::vm::session::Status::Paused { .. })
            && session.uncaught().is_none();
        self.returned = notes.judge(self.vm, session.line_events(), at_event);
        self
    }

    /// Whether a frame runs the snippet's own code (not code compiled from a string).
    fn is_snippet_frame(&self, f: &crate::vm::Frame) -> bool {
        match &self.session {
            Some(s) => s
                .sources
                .iter()
                .any(|(_, src)| std::rc::Rc::ptr_eq(src, &f.code.source)),
            None => true,
        }
    }
}

impl HeapState for LiveHeap<'_> {
    fn capacity(&self) -> usize {
        self.vm.heap.capacity()
    }

    fn object_ids(&self) -> Vec<ObjId> {
        self.vm.heap.ids().collect()
    }

    fn newest_serial(&self) -> u64 {
        self.vm.heap.newest_serial()
    }

    fn seq_items_window(
        &self,
        id: ObjId,
        offset: usize,
        count: usize,
    ) -> Option<(Vec<ObjId>, usize)> {
        let o = self.vm.heap.get(id);
        if o.ext().is_some() || o.native_ext().is_some() {
            return None;
        }
        let items: &[ObjId] = match &o.payload {
            Payload::List(l) => &l.items,
            Payload::Tuple(t) => t,
            _ => return None,
        };
        let end = offset.saturating_add(count).min(items.len());
        Some((items[offset.min(end)..end].to_vec(), items.len()))
    }

    fn is_live(&self, id: ObjId) -> bool {
        self.vm.heap.is_live(id)
    }

    fn gc(&self, id: ObjId) -> GcInfo {
        let o = self.vm.heap.get(id);
        if !o.is_gc() {
            GcInfo::NotGc
        } else {
            match o.gc {
                GcState::Untracked => GcInfo::Untracked,
                GcState::Gen(g) => GcInfo::Generation(g),
                GcState::Permanent => GcInfo::Permanent,
                GcState::Collecting | GcState::Visited | GcState::Pending => GcInfo::Generation(2),
            }
        }
    }

    fn info(&self, id: ObjId) -> ObjectInfo {
        let o = self.vm.heap.get(id);
        let meta = self.vm.heap.meta(id);
        let gc = self.gc(id);
        ObjectInfo {
            id,
            serial: meta.serial,
            addr: o.addr,
            type_name: self.vm.type_name(id),
            refcnt: o.refcnt,
            size: self.vm.sizeof(id),
            gc,
            startup: meta.startup(),
            static_refs: meta.base_refs(),
            repr: labels::short_repr(self.vm, id, 60),
            label: self.label(id),
        }
    }

    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge)) {
        traverse(&self.vm.heap, id, f);
    }

    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId)) {
        self.vm.visit_roots(&mut |r, id| f(&Root::Vm(r), id));
        for (r, id) in &self.extra {
            f(r, *id);
        }
    }

    fn str_value(&self, id: ObjId) -> Option<String> {
        match self.vm.payload(id) {
            Payload::Str(s) => Some(s.value.to_string()),
            _ => None,
        }
    }

    fn is_startup(&self, id: ObjId) -> bool {
        self.vm.heap.meta(id).startup()
    }

    fn serial(&self, id: ObjId) -> u64 {
        self.vm.heap.meta(id).serial
    }

    fn label(&self, id: ObjId) -> String {
        let roles = self.roles.get_or_init(|| labels::roles(self.vm));
        roles
            .get(&id)
            .cloned()
            .unwrap_or_else(|| labels::label(self.vm, id))
    }

    fn static_refs(&self, id: ObjId) -> i64 {
        self.vm.heap.meta(id).base_refs()
    }

    fn refcnt(&self, id: ObjId) -> i64 {
        self.vm.refcnt(id)
    }
    fn type_name(&self, id: ObjId) -> String {
        self.vm.type_name(id)
    }
    fn changes(&self) -> Option<&crate::heap::changelog::ChangeLog> {
        self.vm.heap.changes()
    }
    fn type_str(&self, id: ObjId) -> std::borrow::Cow<'_, str> {
        match self.vm.heap.payload(self.vm.type_of(id)) {
            Payload::Type(t) => std::borrow::Cow::Borrowed(t.name.as_str()),
            _ => std::borrow::Cow::Borrowed("?"),
        }
    }
    fn addr(&self, id: ObjId) -> u64 {
        self.vm.heap.get(id).addr
    }
    fn short_repr(&self, id: ObjId, max: usize) -> String {
        labels::short_repr(self.vm, id, max)
    }
    fn cached(&self, id: ObjId) -> Option<&'static str> {
        sharing::why_cached(self.vm, id).first().map(Shared::word)
    }
    fn cached_reasons(&self, id: ObjId) -> Vec<Shared> {
        sharing::why_cached(self.vm, id)
    }
    fn code_info(&self, code: ObjId) -> Option<CodeInfo> {
        match self.vm.payload(code) {
            Payload::Code(c) => Some(CodeInfo {
                qualname: c.qualname.clone(),
                file: c.source.filename.clone(),
                consts: c.consts.clone(),
            }),
            _ => None,
        }
    }
    fn constant_of(&self, id: ObjId) -> Vec<String> {
        sharing::constant_of(self.vm, id)
    }
    fn interned_strings(&self) -> Vec<(ObjId, &'static str)> {
        let vm = self.vm;
        vm.interned
            .values()
            .filter(|&&id| vm.heap.is_live(id))
            .map(|&id| {
                let reason = match vm.payload(id) {
                    Payload::Str(s) => sharing::reason_words(s.intern_reason),
                    _ => "interned",
                };
                (id, reason)
            })
            .collect()
    }
    fn small_ints(&self) -> Vec<(i64, ObjId)> {
        let s = &self.vm.statics;
        s.small_ints
            .iter()
            .enumerate()
            .map(|(i, &id)| (i as i64 - 5, id))
            .collect()
    }
    fn singletons(&self) -> Vec<(&'static str, ObjId)> {
        let s = &self.vm.statics;
        vec![
            ("None", s.none),
            ("True", s.true_),
            ("False", s.false_),
            ("Ellipsis", s.ellipsis),
            ("NotImplemented", s.not_implemented),
            ("()", s.empty_tuple),
            ("''", s.empty_str),
            ("b''", s.empty_bytes),
        ]
    }
    fn live_count(&self) -> usize {
        self.vm.heap.live
    }
    fn named_objects(&self) -> Vec<(String, ObjId)> {
        report::named_objects(self.vm)
    }
    fn gc_settings(&self) -> Option<GcSettings> {
        let gc = &self.vm.gc;
        Some(GcSettings {
            enabled: gc.enabled,
            counts: gc.counts,
            thresholds: gc.thresholds,
        })
    }
    fn name_frames(&self) -> Vec<frames::FrameNames> {
        frames::live_frames(self)
    }
    fn uncaught(&self) -> Option<ObjId> {
        self.uncaught
    }
    fn last_return(&self) -> Option<Return> {
        self.returned.clone()
    }
    fn slot_name(&self, instance: ObjId, index: usize) -> Option<String> {
        // the member descriptor with this index, in the class or a base
        let vm = self.vm;
        let mro = match vm.payload(vm.type_of(instance)) {
            Payload::Type(t) => t.mro?,
            _ => return None,
        };
        vm.tuple_items(mro).into_iter().find_map(|ty| {
            let Payload::Type(t) = vm.payload(ty) else {
                return None;
            };
            vm.dict_pairs(t.dict?)
                .into_iter()
                .find_map(|(_, v)| match vm.payload(v) {
                    Payload::MemberDescr { name, index: i, .. } if *i == index => {
                        Some(vm.str_of(*name).to_string())
                    }
                    _ => None,
                })
        })
    }
    fn arg_count(&self, code: ObjId) -> Option<usize> {
        match self.vm.payload(code) {
            Payload::Code(c) => Some(c.argcount),
            _ => None,
        }
    }

    fn position(&self) -> Option<StepPosition> {
        let view = self.session.as_ref()?;
        let (cell, line) = view.at?;
        let frame = self
            .vm
            .frames
            .iter()
            .rev()
            .find(|f| self.is_snippet_frame(f))
            .map(|f| f.code.qualname.clone())
            .unwrap_or_else(|| "<module>".into());
        Some(StepPosition {
            cell: view.cells.then_some(cell),
            line,
            frame,
        })
    }

    fn snippet_frames(&self) -> Vec<FrameLocals> {
        let vm = self.vm;
        let innermost = vm.frames.len().saturating_sub(1);
        let at_line = self.session.as_ref().and_then(|s| s.at).map(|a| a.1);
        vm.frames
            .iter()
            .enumerate()
            .filter(|(_, f)| self.is_snippet_frame(f))
            .map(|(i, f)| {
                let line = match at_line {
                    Some(l) if i == innermost => l,
                    _ => f.line(),
                };
                let locals = if f.locals_dict.is_some() {
                    Vec::new()
                } else {
                    f.localsplus
                        .iter()
                        .enumerate()
                        .filter_map(|(slot, v)| {
                            let v = (*v)?;
                            let cell = f.code.is_cell_slot(slot);
                            let value = match (cell, vm.payload(v)) {
                                (true, Payload::Cell(c)) => (*c)?,
                                _ => v,
                            };
                            Some((f.local_name(slot).to_string(), value))
                        })
                        .collect()
                };
                FrameLocals {
                    function: f.code.qualname.clone(),
                    line,
                    locals,
                }
            })
            .collect()
    }

    fn snippet_names(&self) -> Vec<(String, ObjId)> {
        let vm = self.vm;
        let (cells, startup) = match &self.session {
            Some(s) => (s.cells, Some(&s.startup_names)),
            None => (vm.notebook.is_some(), None),
        };
        vm.dict_pairs(vm.main_dict)
            .into_iter()
            .map(|(k, v)| (vm.str_of(k).to_string(), v))
            .filter(|(name, _)| {
                !(startup.is_some_and(|s| s.contains(name)) || cells && is_ipython_machinery(name))
            })
            .collect()
    }

    fn stdout(&self) -> &str {
        &self.vm.stdout
    }
}
