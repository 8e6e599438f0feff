//! Line events, and what stops at them: the model's `sys.settrace` and pdb.
//!
//! CPython 3.11 reports a `'line'` event to a trace function before an instruction runs when
//! (`maybe_call_line_trace` in `Python/ceval.c`):
//!
//! - the instruction has a line number (the line table gives `-1` to some compiler-made
//!   instructions: they never start an event), and
//! - that line differs from the line of the instruction this frame ran before it
//!   (`instr_prev`; none in a frame that has just started), **or** the instruction lies
//!   before `instr_prev` (a backward jump: every loop iteration re-reports the loop's line),
//!   unless it is a `SEND` (the `yield from` loop is not a loop of the source).
//!
//! "Before" and "line of the previous instruction" are per frame and follow what actually ran:
//! a forward jump to an instruction on the same line reports nothing, a jump back to the same
//! line reports again, and a generator resumed after `x = yield v` reports nothing for the rest
//! of that line (its previous instruction is the `YIELD_VALUE` on the same line).
//!
//! ```text
//! 1  total = 0                 events: 1 2 3 2 3 2 3 2 4
//! 2  for r in [1, 2, 3]:       (FOR_ITER on 2; the body; the jump back carries line 3, so
//! 3      total += r             FOR_ITER's line 2 is reported again as a backward jump;
//! 4  print(total)               the last FOR_ITER jumps forward to line 4)
//! ```
//!
//! The VM checks this rule at every instruction while a [`Watch`] is installed, in every frame
//! running the snippet's own code, also inside calls made from native code (a `__del__`, a
//! `sorted` key, `list(generator)`). Each event goes to the watch's hook (`refscope trace`)
//! and is tested against its [`StopRule`] (the app's keys, as pdb's commands): a run started
//! by the session pauses there when it can. Nothing here depends on how a long run is sliced:
//! the rule's state lives in the watch, not in the run.

use std::collections::HashSet;
use std::rc::Rc;

use crate::code::{Code, Instr, Source};

use super::Vm;

/// Where the next line event stops a run: pdb's `step`, `next`, `return` and `continue`,
/// stated over line events only (the app shows no call, return or exception stops).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopRule {
    /// Only at breakpoints (pdb's `continue`), or nowhere when breakpoints are off.
    Never,
    /// At the next line event in any frame (pdb's `step`).
    Any,
    /// At the next line event of frame `frame` (pdb's `next`: `stopframe` is the current
    /// frame). A generator frame that yields is still that frame: the stop comes when it is
    /// resumed. Once the frame has returned or been unwound, at the next line event anywhere
    /// (pdb stops at the `--Return--` event, and its `next` from there steps).
    InFrame { frame: u64 },
    /// At the next line event of frame `caller` (pdb's `return`: `stopframe` is the caller,
    /// the `f_back` of the current frame); with no caller in the snippet, like
    /// [`StopRule::InFrame`] of the current frame. Once the caller has ended, anywhere.
    Caller { frame: u64, caller: Option<u64> },
}

/// A line event, as a hook sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineEvent {
    /// Index in [`Vm::frames`] of the frame the event is in (the innermost).
    pub frame: usize,
    /// The snippet cell its code comes from.
    pub cell: usize,
    /// The line as the engine counts it (a file line; a cell line for notebooks).
    pub line: u32,
    /// Line events before this one (counting from 0).
    pub index: u64,
}

/// Called at every line event in the snippet's frames, with the VM as it is then and the
/// watch (what the session holds and knows, for [`crate::analysis::LiveHeap::at_event`]).
pub type LineHook = Box<dyn FnMut(&Vm, &Watch, &LineEvent)>;

/// What watches line events while it is installed in [`Vm::watch`].
#[derive(Default)]
pub struct Watch {
    pub rule: Option<StopRule>,
    /// `(cell, line)` that stop a run at any of their line events, whatever the rule (pdb
    /// checks breakpoints at every line event, under `next` and `step` too).
    pub breakpoints: HashSet<(usize, u32)>,
    /// The source of each cell started so far: only frames running code compiled from one
    /// of them report line events (code a snippet compiles from a string does not).
    pub sources: Vec<(usize, Rc<Source>)>,
    pub hook: Option<LineHook>,
    /// What the session holds while the current unit runs (kept here for the hook): the
    /// running top-level code object, and the parser arena or cell AST literals.
    pub running_code: Option<crate::object::ObjId>,
    pub arena: Vec<crate::object::ObjId>,
    /// The snippet runs as cells (a `# %%` file or a notebook).
    pub cells: bool,
    /// The keys of `__main__`'s dict before the snippet ran.
    pub startup_names: Rc<HashSet<String>>,
    /// Line events so far.
    pub events: u64,
    /// The rule matched (or a breakpoint) at a line event inside a call made from native
    /// code, where a run cannot pause; the run stops at the next line event where it can.
    pub missed: bool,
}

impl Clone for Watch {
    /// A copy watches as the original does, but calls no hook (the hook belongs to whoever
    /// installed it on the original).
    fn clone(&self) -> Watch {
        Watch {
            rule: self.rule,
            breakpoints: self.breakpoints.clone(),
            sources: self.sources.clone(),
            hook: None,
            running_code: self.running_code,
            arena: self.arena.clone(),
            cells: self.cells,
            startup_names: self.startup_names.clone(),
            events: self.events,
            missed: self.missed,
        }
    }
}

impl Watch {
    /// The cell a code object's source belongs to, if it is the snippet's.
    pub fn cell_of(&self, source: &Rc<Source>) -> Option<usize> {
        self.sources
            .iter()
            .rev()
            .find(|(_, s)| Rc::ptr_eq(s, source))
            .map(|(cell, _)| *cell)
    }
}

/// The line event (its line) that CPython reports before instruction `ip` of a frame running
/// `code`, whose previous instruction was `prev` (None in a frame that has not run any).
#[inline]
pub fn line_event(code: &Code, ip: usize, prev: Option<usize>) -> Option<u32> {
    let line = code.lines.get(ip).copied().flatten()?;
    let Some(prev) = prev else {
        return Some(line);
    };
    let last = code.lines.get(prev).copied().flatten();
    let backward = ip < prev && !matches!(code.instrs[ip], Instr::Send(_));
    (last != Some(line) || backward).then_some(line)
}

impl Vm {
    /// A line event at instruction `ip` of the innermost frame: count it, call the hook, and
    /// say whether the rule stops here.
    pub(crate) fn on_line_event(&mut self, line: u32) -> bool {
        let Some(mut watch) = self.watch.take() else {
            return false;
        };
        let frame = self.frames.len() - 1;
        let Some(cell) = watch.cell_of(&self.frames[frame].code.source) else {
            self.watch = Some(watch);
            return false;
        };
        let event = LineEvent {
            frame,
            cell,
            line,
            index: watch.events,
        };
        watch.events += 1;
        if let Some(mut hook) = watch.hook.take() {
            hook(self, &watch, &event);
            watch.hook = Some(hook);
        }
        let serial = self.frames[frame].serial;
        let stop = watch.missed
            || watch.breakpoints.contains(&(cell, line))
            || match watch.rule {
                None | Some(StopRule::Never) => false,
                Some(StopRule::Any) => true,
                Some(StopRule::InFrame { frame }) => frame == serial,
                Some(StopRule::Caller { caller, .. }) => caller == Some(serial),
            };
        if stop {
            watch.missed = false;
        }
        self.watch = Some(watch);
        stop
    }

    /// A frame has ended (returned, or unwound by an exception; not a generator's yield):
    /// a rule waiting for a line of that frame now stops anywhere.
    pub(crate) fn on_frame_end(&mut self, serial: u64) {
        let Some(watch) = self.watch.as_mut() else {
            return;
        };
        let ended = match watch.rule {
            Some(StopRule::InFrame { frame }) => frame == serial,
            Some(StopRule::Caller { frame, caller }) => {
                caller == Some(serial) || (caller.is_none() && frame == serial)
            }
            _ => false,
        };
        if ended {
            watch.rule = Some(StopRule::Any);
        }
    }

    /// A serial for a new frame (frames are told apart by it, as pdb tells frame objects
    /// apart by identity).
    pub(crate) fn next_frame_serial(&mut self) -> u64 {
        self.frames_made += 1;
        self.frames_made
    }
}
