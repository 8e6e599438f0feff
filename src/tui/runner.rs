//! Drives the engine for the app: the model's [`Session`] or a recording of the user's own
//! CPython ([`RealRun`]), the log of commands that brought it where it is, the command in
//! progress (run in instruction slices so the UI stays live between them), replay for
//! stepping back, and the map from the engine's lines to editor lines.
//!
//! Stepping back is replay: the model is deterministic, so a fresh session given the same
//! commands — the same slices, breakpoints and Ctrl-C points — reaches the same state (a
//! recording replays by moving its cursor: the snippet does not run again).
//!
//! The views read the engine only through [`Runner::heap`] (a [`HeapState`]) and the few
//! facts about the run this file answers for both (step, status, output, the collector).

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use std::rc::Rc;

use crate::analysis::frames::FrameNames;
use crate::analysis::returns::LineReturns;
use crate::analysis::{
    CodeInfo, FrameLocals, HeapState, LiveHeap, ObjectInfo, Return, Root, Shared, StepPosition,
};
use crate::backend::recording::{RecordedRun, Recording};
use crate::gc::CollectionReport;
use crate::heap::traverse::Edge;
use crate::load::{Snippet, SnippetKind};
use crate::object::ObjId;
use crate::vm::session::{Progress, Session, Status, Step};
use crate::vm::VmOptions;

use super::heapview::ObjRef;
use super::recorded::RealRun;

/// Instructions per slice: small enough that the UI polls input every few milliseconds,
/// big enough that slicing costs nothing measurable.
pub const SLICE: u64 = 100_000;

/// What a command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommandKind {
    Step(Step),
    /// `gc.collect()` between two steps (the `g` key).
    Collect,
}

/// One command of the log: enough to replay it exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub kind: CommandKind,
    /// Editor lines with a breakpoint when it ran (they only matter to `Continue`).
    pub breakpoints: BTreeSet<u32>,
    /// Ctrl-C was delivered after this many slices had run.
    pub interrupt_after: Option<u32>,
    /// The interrupt reached a long native call straight from the input thread, inside a
    /// slice: a replay delivers it at the start of that slice, which can differ.
    pub interrupt_approx: bool,
}

impl Command {
    pub fn new(kind: CommandKind, breakpoints: BTreeSet<u32>) -> Command {
        Command {
            kind,
            breakpoints,
            interrupt_after: None,
            interrupt_approx: false,
        }
    }
}

struct Active {
    cmd: Command,
    slices: u32,
    replaying: bool,
}

/// What one call to [`Runner::slice`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceResult {
    /// Nothing was running.
    Idle,
    /// The command goes on: call again.
    Running,
    /// A command finished; `replay_left` commands of a replay are still queued.
    Done { replay_left: usize },
}

/// The flags shared with the input thread.
#[derive(Clone, Debug, Default)]
pub struct InterruptFlags {
    /// Installed as the VM's `interrupt`: set means "raise KeyboardInterrupt".
    pub interrupt: Arc<AtomicBool>,
    /// Set by the input thread when it had to set `interrupt` itself (the main thread was
    /// stuck in a long native call).
    pub fired_async: Arc<AtomicBool>,
}

/// What runs the snippet.
pub enum Engine {
    /// refscope's model of CPython 3.11.
    Model(Box<Session>),
    /// A recording of the snippet on a real CPython.
    Real(Box<RealRun>),
}

/// The heap state of either engine, as every view reads it.
pub enum Heap<'a> {
    Model(LiveHeap<'a>),
    Real(&'a RecordedRun),
}

macro_rules! both {
    ($self:ident, $h:ident => $e:expr) => {
        match $self {
            Heap::Model($h) => $e,
            Heap::Real($h) => $e,
        }
    };
}

impl HeapState for Heap<'_> {
    fn capacity(&self) -> usize {
        both!(self, h => h.capacity())
    }
    fn object_ids(&self) -> Vec<ObjId> {
        both!(self, h => h.object_ids())
    }
    fn is_live(&self, id: ObjId) -> bool {
        both!(self, h => h.is_live(id))
    }
    fn info(&self, id: ObjId) -> ObjectInfo {
        both!(self, h => h.info(id))
    }
    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge)) {
        both!(self, h => h.for_each_edge(id, f))
    }
    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId)) {
        both!(self, h => h.for_each_root(f))
    }
    fn str_value(&self, id: ObjId) -> Option<String> {
        both!(self, h => h.str_value(id))
    }
    fn is_startup(&self, id: ObjId) -> bool {
        both!(self, h => h.is_startup(id))
    }
    fn serial(&self, id: ObjId) -> u64 {
        both!(self, h => h.serial(id))
    }
    fn label(&self, id: ObjId) -> String {
        both!(self, h => h.label(id))
    }
    fn static_refs(&self, id: ObjId) -> i64 {
        both!(self, h => h.static_refs(id))
    }
    fn type_name(&self, id: ObjId) -> String {
        both!(self, h => h.type_name(id))
    }
    fn type_str(&self, id: ObjId) -> std::borrow::Cow<'_, str> {
        both!(self, h => h.type_str(id))
    }
    fn changes(&self) -> Option<&crate::heap::changelog::ChangeLog> {
        both!(self, h => h.changes())
    }
    fn refcnt(&self, id: ObjId) -> i64 {
        both!(self, h => h.refcnt(id))
    }
    fn addr(&self, id: ObjId) -> u64 {
        both!(self, h => h.addr(id))
    }
    fn gc(&self, id: ObjId) -> crate::analysis::GcInfo {
        both!(self, h => h.gc(id))
    }
    fn short_repr(&self, id: ObjId, max: usize) -> String {
        both!(self, h => h.short_repr(id, max))
    }
    fn cached(&self, id: ObjId) -> Option<&'static str> {
        both!(self, h => h.cached(id))
    }
    fn cached_reasons(&self, id: ObjId) -> Vec<Shared> {
        both!(self, h => h.cached_reasons(id))
    }
    fn code_info(&self, code: ObjId) -> Option<CodeInfo> {
        both!(self, h => h.code_info(code))
    }
    fn constant_of(&self, id: ObjId) -> Vec<String> {
        both!(self, h => h.constant_of(id))
    }
    fn interned_strings(&self) -> Vec<(ObjId, &'static str)> {
        both!(self, h => h.interned_strings())
    }
    fn small_ints(&self) -> Vec<(i64, ObjId)> {
        both!(self, h => h.small_ints())
    }
    fn singletons(&self) -> Vec<(&'static str, ObjId)> {
        both!(self, h => h.singletons())
    }
    fn live_count(&self) -> usize {
        both!(self, h => h.live_count())
    }
    fn newest_serial(&self) -> u64 {
        both!(self, h => h.newest_serial())
    }
    fn seq_items_window(
        &self,
        id: ObjId,
        offset: usize,
        count: usize,
    ) -> Option<(Vec<ObjId>, usize)> {
        both!(self, h => h.seq_items_window(id, offset, count))
    }
    fn named_objects(&self) -> Vec<(String, ObjId)> {
        both!(self, h => h.named_objects())
    }
    fn gc_settings(&self) -> Option<crate::analysis::GcSettings> {
        both!(self, h => h.gc_settings())
    }
    fn name_frames(&self) -> Vec<FrameNames> {
        both!(self, h => h.name_frames())
    }
    fn uncaught(&self) -> Option<ObjId> {
        both!(self, h => h.uncaught())
    }
    fn last_return(&self) -> Option<Return> {
        both!(self, h => h.last_return())
    }
    fn slot_name(&self, instance: ObjId, index: usize) -> Option<String> {
        both!(self, h => h.slot_name(instance, index))
    }
    fn arg_count(&self, code: ObjId) -> Option<usize> {
        both!(self, h => h.arg_count(code))
    }
    fn position(&self) -> Option<StepPosition> {
        both!(self, h => h.position())
    }
    fn snippet_frames(&self) -> Vec<FrameLocals> {
        both!(self, h => h.snippet_frames())
    }
    fn snippet_names(&self) -> Vec<(String, ObjId)> {
        both!(self, h => h.snippet_names())
    }
    fn stdout(&self) -> &str {
        both!(self, h => h.stdout())
    }
}

/// A session and how it got here.
pub struct Runner {
    pub engine: Engine,
    /// The commands run so far, in order; its length is the step number.
    pub log: Vec<Command>,
    active: Option<Active>,
    replay: VecDeque<Command>,
    pub lines: LineMap,
    flags: InterruptFlags,
    /// Refcounts at start-up of the small ints and singletons (the interned pane shows what
    /// the snippet added).
    pub startup_refcnt: std::collections::HashMap<crate::object::ObjId, i64>,
    /// The breakpoints of the command in progress, as the engine counts lines.
    breakpoints: HashSet<(usize, u32)>,
    /// The snippet's file name (tracebacks of a recorded run name it).
    filename: String,
    /// The model's line events as a line hook noted them: which return the line just
    /// executed got.
    returns: Rc<std::cell::RefCell<LineReturns>>,
}

impl Runner {
    /// A fresh session of `snippet`, whose editor text is `editor_text`.
    pub fn new(
        snippet: Snippet,
        filename: &str,
        editor_text: &str,
        flags: InterruptFlags,
    ) -> Runner {
        let lines = LineMap::new(&snippet, editor_text);
        let mut session = Session::new(
            snippet,
            VmOptions {
                filename: filename.to_string(),
                ..VmOptions::default()
            },
        );
        session.vm.interrupt = flags.interrupt.clone();
        // the views mark each command's changes from the heap's change log
        session.vm.heap.watch(true);
        // an uncaught exception stops the run at the raise, its frames inspectable
        session.stop_at_uncaught = true;
        let returns = Rc::new(std::cell::RefCell::new(LineReturns::default()));
        session.set_line_hook(LineReturns::hook(returns.clone()));
        let vm = &session.vm;
        let s = &vm.statics;
        let mut startup_refcnt = std::collections::HashMap::new();
        let singles = [
            s.none,
            s.true_,
            s.false_,
            s.ellipsis,
            s.not_implemented,
            s.empty_tuple,
            s.empty_str,
            s.empty_bytes,
        ];
        for &id in s.small_ints.iter().chain(singles.iter()) {
            startup_refcnt.insert(id, vm.refcnt(id));
        }
        for &id in vm.interned.values() {
            startup_refcnt.insert(id, vm.refcnt(id));
        }
        Runner {
            engine: Engine::Model(Box::new(session)),
            log: Vec::new(),
            active: None,
            replay: VecDeque::new(),
            lines,
            flags,
            startup_refcnt,
            breakpoints: HashSet::new(),
            filename: filename.to_string(),
            returns,
        }
    }

    /// A run of a recording made on a real CPython (`python`): `snippet` is what was
    /// recorded, whose editor text is `editor_text`.
    pub fn recorded(
        recording: Rc<Recording>,
        python: &str,
        snippet: &Snippet,
        filename: &str,
        editor_text: &str,
        flags: InterruptFlags,
    ) -> Runner {
        let real = RealRun::new(recording, python);
        // an object's refcount when the recording first saw it: the "at start-up" of the
        // small ints and singletons
        let startup_refcnt = real.run.first_refcounts();
        Runner {
            engine: Engine::Real(Box::new(real)),
            log: Vec::new(),
            active: None,
            replay: VecDeque::new(),
            lines: LineMap::new(snippet, editor_text),
            flags,
            startup_refcnt,
            breakpoints: HashSet::new(),
            filename: filename.to_string(),
            returns: Rc::default(),
        }
    }

    /// The heap now, as the views read it.
    pub fn heap(&self) -> Heap<'_> {
        match &self.engine {
            Engine::Model(s) => {
                Heap::Model(LiveHeap::of(s).with_returns(s, &self.returns.borrow()))
            }
            Engine::Real(r) => Heap::Real(&r.run),
        }
    }

    /// Count changes from here (before a command): see [`Runner::changes`].
    pub fn mark_changes(&mut self) {
        if let Engine::Model(s) = &mut self.engine {
            s.vm.heap.mark_changes();
        }
    }

    /// What changed since the last [`Runner::mark_changes`]: the model's change log (a
    /// recording has none: its views compare whole states).
    pub fn changes(&self) -> Option<&crate::heap::changelog::ChangeLog> {
        match &self.engine {
            Engine::Model(s) => s.vm.heap.changes(),
            Engine::Real(_) => None,
        }
    }

    /// The model's session, when the model runs the snippet.
    pub fn model(&self) -> Option<&Session> {
        match &self.engine {
            Engine::Model(s) => Some(s),
            Engine::Real(_) => None,
        }
    }

    /// The recording, when a real CPython ran the snippet.
    pub fn real(&self) -> Option<&RealRun> {
        match &self.engine {
            Engine::Model(_) => None,
            Engine::Real(r) => Some(r),
        }
    }

    /// Line events so far (the trace's step).
    pub fn step(&self) -> u64 {
        match &self.engine {
            Engine::Model(s) => s.line_events(),
            Engine::Real(r) => r.step(),
        }
    }

    pub fn status(&self) -> Status {
        match &self.engine {
            Engine::Model(s) => s.status.clone(),
            Engine::Real(r) => r.status(),
        }
    }

    /// What the snippet printed.
    pub fn stdout(&self) -> &str {
        match &self.engine {
            Engine::Model(s) => &s.vm.stdout,
            Engine::Real(r) => r.stdout(),
        }
    }

    /// What the snippet wrote to stderr (tracebacks).
    pub fn stderr(&self) -> &str {
        match &self.engine {
            Engine::Model(s) => &s.vm.stderr,
            Engine::Real(r) => r.stderr(),
        }
    }

    /// Whether `key` is still the same live object.
    pub fn is_live(&self, key: ObjRef) -> bool {
        let heap = self.heap();
        heap.is_live(key.0) && heap.serial(key.0) == key.1
    }

    /// Whether whole-heap analyses should wait for idle time.
    pub fn heavy(&self) -> bool {
        match &self.engine {
            Engine::Model(s) => s.vm.heap.live > super::heapview::HEAVY,
            Engine::Real(r) => r.run.live_count() > super::heapview::HEAVY,
        }
    }

    /// Collections so far (a recording knows only of its state at each line).
    pub fn collections(&self) -> i64 {
        match &self.engine {
            Engine::Model(s) => s.vm.gc.stats.iter().map(|s| s[0]).sum(),
            Engine::Real(_) => 0,
        }
    }

    /// The model's last collection.
    pub fn last_collection(&self) -> Option<&CollectionReport> {
        self.model().and_then(|s| s.vm.gc.last.as_ref())
    }

    /// Steps at which the `g` key collected.
    pub fn collect_log(&self) -> &[u64] {
        match &self.engine {
            Engine::Model(s) => s.collect_log(),
            Engine::Real(_) => &[],
        }
    }

    /// Instructions the model ran (0 for a recording).
    pub fn instr_count(&self) -> u64 {
        self.model().map(|s| s.vm.instr_count).unwrap_or(0)
    }

    /// The collector, for the status bar: `gc on`, `gen 3/700 0/10 0/10`.
    pub fn gc_status(&self) -> Vec<String> {
        match &self.engine {
            Engine::Model(s) => {
                let gc = &s.vm.gc;
                vec![
                    format!("gc {}", if gc.enabled { "on" } else { "off" }),
                    format!(
                        "gen {}/{} {}/{} {}/{}",
                        gc.counts[0],
                        gc.thresholds[0],
                        gc.counts[1],
                        gc.thresholds[1],
                        gc.counts[2],
                        gc.thresholds[2]
                    ),
                ]
            }
            Engine::Real(r) => match r.run.current() {
                Some(s) => vec![format!(
                    "gen {} {} {}",
                    s.gc_counts[0], s.gc_counts[1], s.gc_counts[2]
                )],
                None => Vec::new(),
            },
        }
    }

    /// The backend for the status bar: `model 3.11`, `CPython 3.11.7`.
    pub fn backend(&self) -> String {
        match &self.engine {
            Engine::Model(_) => "model 3.11".into(),
            Engine::Real(r) => r.describe(),
        }
    }

    /// The snippet kind being run.
    pub fn kind(&self) -> Option<SnippetKind> {
        self.lines.kind
    }

    /// Cells of the snippet.
    pub fn cell_count(&self) -> usize {
        self.lines.first.len()
    }

    /// A command or a replay is in progress.
    pub fn is_busy(&self) -> bool {
        self.active.is_some() || !self.replay.is_empty()
    }

    /// A replay (stepping back) is in progress.
    pub fn is_replaying(&self) -> bool {
        self.active.as_ref().is_some_and(|a| a.replaying) || !self.replay.is_empty()
    }

    /// The command in progress, if any.
    pub fn active_kind(&self) -> Option<CommandKind> {
        self.active.as_ref().map(|a| a.cmd.kind)
    }

    /// Commands of a replay still queued (not counting the one running).
    pub fn replay_left(&self) -> usize {
        self.replay.len()
    }

    pub fn is_finished(&self) -> bool {
        match &self.engine {
            Engine::Model(s) => s.is_finished(),
            Engine::Real(r) => r.ended,
        }
    }

    /// Start a command (the caller checked that nothing is running).
    pub fn start(&mut self, cmd: Command) {
        self.begin(cmd, false);
    }

    /// Replay these commands, in order, as one busy stretch.
    pub fn start_replay(&mut self, cmds: Vec<Command>) {
        self.replay = cmds.into();
        if let Some(first) = self.replay.pop_front() {
            self.begin(first, true);
        }
    }

    fn begin(&mut self, cmd: Command, replaying: bool) {
        // a Ctrl-C that arrived after the last command ended must not hit this one
        self.flags.interrupt.store(false, Ordering::SeqCst);
        self.flags.fired_async.store(false, Ordering::SeqCst);
        self.breakpoints = self.lines.engine_breakpoints(&cmd.breakpoints);
        if let Engine::Model(s) = &mut self.engine {
            s.breakpoints = self.breakpoints.clone();
        }
        self.active = Some(Active {
            cmd,
            slices: 0,
            replaying,
        });
    }

    /// Ctrl-C: raise KeyboardInterrupt in the running command. During a replay the rest of
    /// the replay is dropped (the run stops at a consistent earlier step). Returns whether
    /// anything was running.
    pub fn interrupt(&mut self) -> bool {
        let Some(active) = self.active.as_mut() else {
            return false;
        };
        if active.cmd.kind == CommandKind::Collect {
            return true;
        }
        self.replay.clear();
        if active.cmd.interrupt_after.is_none() || active.replaying {
            active.cmd.interrupt_after = Some(active.slices);
            active.cmd.interrupt_approx = false;
            active.replaying = false;
        }
        self.flags.interrupt.store(true, Ordering::SeqCst);
        true
    }

    /// Run one slice of the command in progress.
    pub fn slice(&mut self) -> SliceResult {
        let Some(active) = self.active.as_mut() else {
            return SliceResult::Idle;
        };
        let session = match &mut self.engine {
            Engine::Model(s) => s,
            Engine::Real(r) => {
                // a recording moves at once (a collection cannot be asked of it)
                if let CommandKind::Step(step) = active.cmd.kind {
                    r.advance(step, &self.breakpoints);
                }
                return self.finish();
            }
        };
        let step = match active.cmd.kind {
            CommandKind::Collect => {
                session.collect_now();
                return self.finish();
            }
            CommandKind::Step(step) => step,
        };
        if active.replaying && active.cmd.interrupt_after == Some(active.slices) {
            self.flags.interrupt.store(true, Ordering::SeqCst);
        }
        let progress = session.advance(step, SLICE);
        active.slices += 1;
        if self.flags.fired_async.swap(false, Ordering::SeqCst)
            && active.cmd.interrupt_after.is_none()
        {
            active.cmd.interrupt_after = Some(active.slices - 1);
            active.cmd.interrupt_approx = true;
        }
        match progress {
            Progress::Budget => SliceResult::Running,
            Progress::Finished | Progress::Stopped => self.finish(),
        }
    }

    fn finish(&mut self) -> SliceResult {
        if let Some(active) = self.active.take() {
            self.log.push(active.cmd);
        }
        self.flags.interrupt.store(false, Ordering::SeqCst);
        match self.replay.pop_front() {
            Some(next) => {
                let left = self.replay.len() + 1;
                self.begin(next, true);
                SliceResult::Done { replay_left: left }
            }
            None => SliceResult::Done { replay_left: 0 },
        }
    }

    /// The next line to run: `(cell, editor line)`.
    pub fn location(&self) -> Option<(usize, u32)> {
        // the engine names the cell the line belongs to (for a function defined in an
        // earlier cell, that cell)
        let Status::Paused { cell, line } = self.status() else {
            return None;
        };
        Some((cell, self.lines.editor_line(cell, line)))
    }

    /// The errors to mark in the editor: `(editor line, message)`.
    pub fn error_marks(&self) -> Vec<(u32, String)> {
        match &self.engine {
            Engine::Model(s) => s
                .errors
                .iter()
                .map(|e| (self.lines.editor_line(e.cell, e.line), e.message.clone()))
                .collect(),
            Engine::Real(r) => self.real_error(r).into_iter().collect(),
        }
    }

    /// A recorded run's uncaught exception, from its traceback: the last line of the
    /// snippet's file it names (else the last step's line), and its last line.
    fn real_error(&self, r: &RealRun) -> Option<(u32, String)> {
        if !r.ended && !r.run.at_post_mortem() {
            return None;
        }
        let text = r.stderr();
        let message = text.lines().rev().find(|l| !l.trim().is_empty())?.trim();
        if !text.contains("Traceback") {
            return None;
        }
        let base = std::path::Path::new(&self.filename)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let named = text.lines().rev().find_map(|l| {
            let l = l.trim_start();
            let rest = l.strip_prefix("File \"")?;
            let (path, tail) = rest.split_once("\", line ")?;
            if !path.ends_with(&base) {
                return None;
            }
            let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
            digits.parse::<u32>().ok()
        });
        let line = match named {
            Some(l) => l,
            None => {
                let last = r.run.current()?;
                self.lines.editor_line(last.cell.unwrap_or(0), last.line)
            }
        };
        Some((line, message.to_string()))
    }
}

/// Where each cell of the running snippet sits in the editor text.
#[derive(Clone, Debug, Default)]
pub struct LineMap {
    pub kind: Option<SnippetKind>,
    /// The editor line of each run cell's first source line.
    pub first: Vec<u32>,
}

impl LineMap {
    /// For `.py` files and `# %%` cells the engine reports file lines, which are editor
    /// lines. A notebook's cells count lines from 1 each: its editor text (`# %%` before each
    /// code cell) says where each cell starts.
    pub fn new(snippet: &Snippet, editor_text: &str) -> LineMap {
        let mut map = LineMap {
            kind: Some(snippet.kind),
            first: snippet.cells.iter().map(|c| c.first_line).collect(),
        };
        if snippet.kind != SnippetKind::Notebook {
            return map;
        }
        // sections of the editor text, as the notebook rebuild splits them
        let mut sections: Vec<(u32, bool)> = vec![(1, true)]; // (first line, blank so far)
        for (i, line) in editor_text.split('\n').enumerate() {
            let n = i as u32 + 1;
            if line.starts_with(crate::load::CELL_MARKER) {
                sections.push((n + 1, true));
            } else if !line.trim().is_empty() {
                if let Some(s) = sections.last_mut() {
                    s.1 = false;
                }
            }
        }
        map.first = sections.into_iter().filter(|s| !s.1).map(|s| s.0).collect();
        map
    }

    /// The editor line of line `line` of cell `cell` as the engine counts it.
    pub fn editor_line(&self, cell: usize, line: u32) -> u32 {
        match self.kind {
            Some(SnippetKind::Notebook) => match self.first.get(cell) {
                Some(&first) => first + line.saturating_sub(1),
                None => line,
            },
            _ => line,
        }
    }

    /// The engine's breakpoints `(cell, line as the engine counts it)` for these editor
    /// lines. A line before the first cell (or on a cell marker) belongs to no cell.
    pub fn engine_breakpoints(&self, editor: &BTreeSet<u32>) -> HashSet<(usize, u32)> {
        editor
            .iter()
            .filter_map(|&l| {
                let cell = self.first.iter().rposition(|&f| f <= l)?;
                Some(match self.kind {
                    Some(SnippetKind::Notebook) => (cell, l - self.first[cell] + 1),
                    _ => (cell, l),
                })
            })
            .collect()
    }
}
