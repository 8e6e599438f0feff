//! Drives the engine for the app: one [`Session`], the log of commands that brought it where
//! it is, the command in progress (run in instruction slices so the UI stays live between
//! them), replay for stepping back, and the map from the engine's lines to editor lines.
//!
//! Stepping back is replay: the model is deterministic, so a fresh session given the same
//! commands — the same slices, breakpoints and Ctrl-C points — reaches the same state.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::load::{Snippet, SnippetKind};
use crate::vm::session::{Progress, Session, Status, Step};
use crate::vm::VmOptions;

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

/// A session and how it got here.
pub struct Runner {
    pub session: Session,
    /// The commands run so far, in order; its length is the step number.
    pub log: Vec<Command>,
    active: Option<Active>,
    replay: VecDeque<Command>,
    pub lines: LineMap,
    flags: InterruptFlags,
    /// Refcounts at start-up of the small ints and singletons (the interned pane shows what
    /// the snippet added).
    pub startup_refcnt: std::collections::HashMap<crate::object::ObjId, i64>,
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
        // an uncaught exception stops the run at the raise, its frames inspectable
        session.stop_at_uncaught = true;
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
            session,
            log: Vec::new(),
            active: None,
            replay: VecDeque::new(),
            lines,
            flags,
            startup_refcnt,
        }
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
        self.session.is_finished()
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
        self.session.breakpoints = self.lines.engine_breakpoints(&cmd.breakpoints);
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
        let step = match active.cmd.kind {
            CommandKind::Collect => {
                self.session.collect_now();
                return self.finish();
            }
            CommandKind::Step(step) => step,
        };
        if active.replaying && active.cmd.interrupt_after == Some(active.slices) {
            self.flags.interrupt.store(true, Ordering::SeqCst);
        }
        let progress = self.session.advance(step, SLICE);
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
        let Status::Paused { cell, line } = self.session.status else {
            return None;
        };
        Some((cell, self.lines.editor_line(cell, line)))
    }

    /// The errors to mark in the editor: `(editor line, message)`.
    pub fn error_marks(&self) -> Vec<(u32, String)> {
        self.session
            .errors
            .iter()
            .map(|e| (self.lines.editor_line(e.cell, e.line), e.message.clone()))
            .collect()
    }
}

/// Where each cell of the running snippet sits in the editor text.
#[derive(Clone, Debug, Default)]
pub struct LineMap {
    pub kind: Option<SnippetKind>,
    /// The editor line of each run cell's first source line.
    first: Vec<u32>,
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
