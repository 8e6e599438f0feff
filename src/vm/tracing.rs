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
    /// (pdb stops at the `--Return--` event, and its `next` from there steps). A generator's
    /// end is not such a return for pdb (bdb ignores a generator's return events while it
    /// waits for its frame): only a `StopIteration` or `GeneratorExit` reaching another
    /// frame (`next(g)` at the end) moves the wait to that frame, as pdb stops there and its
    /// `next` goes on from there.
    InFrame { frame: u64, generator: bool },
    /// At the next line event of frame `caller` (pdb's `return`: `stopframe` is the caller,
    /// the `f_back` of the current frame); with no caller in the snippet, like
    /// [`StopRule::InFrame`] of the current frame. Once the caller has ended, anywhere.
    Caller { frame: u64, caller: Option<u64> },
    /// pdb's `return` in a generator frame: no line stops (bdb waits for the generator's
    /// frame with no line to stop at) until a `StopIteration` or `GeneratorExit` reaches
    /// another frame; then at that frame's next line event.
    GenReturn { frame: u64 },
    /// At the line event that is step `step` (the trace's numbering: the `n`th event), to
    /// come back to a stop exactly (`export --step N`).
    At { step: u64 },
}

/// A stop the rule found inside a call made from native code, where the run cannot pause:
/// a deep copy of the VM at that line event. The run goes on to the next line event where
/// it can pause; the session then shows the copy.
#[derive(Clone)]
pub struct Captured {
    pub vm: Box<Vm>,
    pub event: LineEvent,
    /// The step number of the event (events so far, this one included).
    pub step: u64,
    /// The serials of the event's frame and of the frame below it (its caller).
    pub frame: u64,
    pub caller: Option<u64>,
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
    /// Events up to this step never stop a run (a replay towards a stop already shown).
    pub arm_after: u64,
    /// Steps at which to run `gc.collect()` (the app's `g` key, redone by a replay), in
    /// order; a step may come more than once.
    pub collect_at: Vec<u64>,
    /// The first stop found inside a native call during this run.
    pub captured: Option<Captured>,
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
            arm_after: self.arm_after,
            collect_at: self.collect_at.clone(),
            captured: self.captured.clone(),
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
    /// A line event in the innermost frame: count it, call the hook, redo the collections
    /// asked for at this step, and say whether the run pauses here. Where the rule stops but
    /// the run cannot pause (`pausable` is false inside a native call), the first such stop
    /// is captured as a copy of the VM and the run pauses at its next chance.
    pub(crate) fn on_line_event(&mut self, line: u32, pausable: bool) -> bool {
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
        let step = watch.events;
        if let Some(mut hook) = watch.hook.take() {
            hook(self, &watch, &event);
            watch.hook = Some(hook);
        }
        // `g` pressed at this step earlier: collect here again (no line events meanwhile,
        // as none are traced while pdb runs a command)
        while watch.collect_at.first().is_some_and(|&s| s <= step) {
            if watch.collect_at.remove(0) == step {
                self.gc_collect(2);
            }
        }
        if step == watch.arm_after {
            // a replay from a checkpoint is back at the state a copy taken at this event
            // showed: a viewer's change log counts from here, as it counted on the copy
            self.heap.mark_changes();
        }
        let serial = self.frames[frame].serial;
        let stop = step > watch.arm_after
            && (watch.missed
                || watch.breakpoints.contains(&(cell, line))
                || match watch.rule {
                    None | Some(StopRule::Never) => false,
                    Some(StopRule::Any) => true,
                    Some(StopRule::InFrame { frame, .. }) => frame == serial,
                    Some(StopRule::GenReturn { .. }) => false,
                    Some(StopRule::Caller { caller, .. }) => caller == Some(serial),
                    Some(StopRule::At { step: at }) => at == step,
                });
        let pause = stop && pausable;
        if pause {
            watch.missed = false;
        } else if stop {
            if watch.captured.is_none() {
                let mut copy = self.clone();
                let mut w = watch.clone();
                w.missed = false;
                copy.watch = Some(w);
                let caller = frame.checked_sub(1).map(|f| self.frames[f].serial);
                watch.captured = Some(Captured {
                    vm: Box::new(copy),
                    event,
                    step,
                    frame: serial,
                    caller,
                });
            }
            watch.missed = true;
        }
        self.watch = Some(watch);
        pause
    }

    /// A frame has ended (returned, or unwound by an exception; not a generator's yield):
    /// a rule waiting for a line of that frame now stops anywhere.
    pub(crate) fn on_frame_end(&mut self, serial: u64) {
        let Some(watch) = self.watch.as_mut() else {
            return;
        };
        let ended = match watch.rule {
            Some(StopRule::InFrame {
                frame,
                generator: false,
            }) => frame == serial,
            Some(StopRule::Caller { frame, caller }) => {
                caller == Some(serial) || (caller.is_none() && frame == serial)
            }
            _ => false,
        };
        if ended {
            watch.rule = Some(StopRule::Any);
        }
    }

    /// An exception event (`sys.settrace`'s `'exception'`): `exc` has reached the innermost
    /// frame (raised there or propagating into it). While the rule waits in a generator's
    /// frame, a `StopIteration` or `GeneratorExit` reaching another frame is where pdb stops
    /// (`dispatch_exception`); the wait moves to that frame's next line.
    pub(crate) fn on_exception_event(&mut self, exc: crate::object::ObjId) {
        let Some(rule) = self
            .watch
            .as_ref()
            .and_then(|w| (w.events >= w.arm_after).then_some(w.rule).flatten())
        else {
            return;
        };
        let waiting_in = match rule {
            StopRule::InFrame {
                frame,
                generator: true,
            }
            | StopRule::GenReturn { frame } => frame,
            _ => return,
        };
        let Some(f) = self.frames.last() else { return };
        if f.serial == waiting_in
            || self
                .watch
                .as_ref()
                .and_then(|w| w.cell_of(&f.code.source))
                .is_none()
        {
            return;
        }
        let ends_generator = self.is_instance_of_kind(exc, super::ExcKind::StopIteration)
            || self.is_instance_of_kind(exc, super::ExcKind::GeneratorExit);
        if ends_generator {
            let (serial, generator) = (f.serial, f.code.generator);
            if let Some(w) = self.watch.as_mut() {
                w.rule = Some(StopRule::InFrame {
                    frame: serial,
                    generator,
                });
            }
        }
    }

    /// A serial for a new frame (frames are told apart by it, as pdb tells frame objects
    /// apart by identity).
    pub(crate) fn next_frame_serial(&mut self) -> u64 {
        self.frames_made += 1;
        self.frames_made
    }
}
