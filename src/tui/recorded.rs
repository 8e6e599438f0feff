//! The app's real backend: a recording of the snippet on the user's own CPython (see
//! [`crate::backend`]), stepped through with the model's keys.
//!
//! The snippet ran once, when the run started, with the recorder installed: every line
//! event's heap is in the recording. Stepping is moving a cursor through it, so stepping
//! back costs one step's changes, never a rerun. The keys mean what they mean on the model,
//! judged from the recorded frames:
//!
//! - `s` (into): the next line event, in any frame;
//! - `n` (over): the next line event in this frame or one that called it (fewer or as many
//!   snippet frames), or at a breakpoint;
//! - `u` (out): the next line event in a caller (fewer frames), or at a breakpoint; at the
//!   top level, the rest of the run (of the cell, for cells);
//! - `c` (continue): the next line event on a line with a breakpoint, else the end.
//!
//! When an exception left the snippet uncaught, the step after the last line event is the
//! post-mortem stop, as on the model: no frame runs, the exception is held and its
//! traceback keeps the frames it went through, with their locals (`s`, `n`, `u` and `c`
//! stop there; `e`, to the end, does not). Past it (or past the last line event) the run
//! has ended: the state is the last step's, plus what the snippet printed after it and its
//! traceback. `g` (a collection) cannot be asked of a run
//! that already happened: the recording shows the collections the snippet's own code made.

use std::collections::HashSet;
use std::rc::Rc;

use crate::analysis::HeapState;
use crate::backend::recording::{RecordedRun, Recording};
use crate::vm::session::{Status, Step};

/// A recorded run and where the app is in it.
pub struct RealRun {
    pub run: RecordedRun,
    /// Moved past the last line event: the run's end.
    pub ended: bool,
    /// The interpreter, as the user named it.
    pub python: String,
    /// What the snippet printed up to here (and, at the end, after its last step).
    stdout: String,
    /// What it wrote to stderr (its traceback), at the end.
    stderr: String,
}

impl RealRun {
    pub fn new(recording: Rc<Recording>, python: &str) -> RealRun {
        RealRun {
            run: RecordedRun::new(recording),
            ended: false,
            python: python.to_string(),
            stdout: String::new(),
            stderr: String::new(),
        }
    }

    pub fn recording(&self) -> &Recording {
        &self.run.recording
    }

    /// Line events so far (the model's `line_events`).
    pub fn step(&self) -> u64 {
        self.run.step() as u64
    }

    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    /// Where the run is, as the model's session says it.
    pub fn status(&self) -> Status {
        if self.ended {
            return Status::Finished {
                exit_code: self.recording().end.exit_code.unwrap_or(0),
            };
        }
        match self.run.position() {
            Some(p) => Status::Paused {
                cell: p.cell.unwrap_or(0),
                line: p.line,
            },
            None => Status::Ready,
        }
    }

    /// Move to state `k` (0..=len), or past the end.
    fn goto(&mut self, k: usize, ended: bool) {
        self.run.goto(k);
        self.show(ended);
    }

    /// The output as it stands where the cursor is (`ended`: with the rest).
    fn show(&mut self, ended: bool) {
        self.ended = ended;
        self.stdout = self.run.stdout().to_string();
        self.stderr.clear();
        if self.run.at_post_mortem() {
            // CPython printed the traceback as the exception left the module
            self.stderr = self.run.recording.end.stderr.clone();
        }
        if ended {
            let rec = self.run.recording.clone();
            self.stdout.push_str(&rec.end.stdout_tail);
            self.stderr = rec.end.stderr.clone();
        }
    }

    /// Snippet frames at step `k` (1-based: the state after `k` line events).
    fn depth_at(&self, k: usize) -> usize {
        self.recording()
            .steps
            .get(k.wrapping_sub(1))
            .map(|s| s.frames.len())
            .unwrap_or(0)
    }

    /// The cell and file line of step `k`.
    fn line_at(&self, k: usize) -> Option<(usize, u32)> {
        self.recording()
            .steps
            .get(k.wrapping_sub(1))
            .map(|s| (s.cell.unwrap_or(0), s.line))
    }

    /// Run one command: move to where it stops. `breakpoints` are `(cell, line)` as the
    /// recording counts them.
    pub fn advance(&mut self, step: Step, breakpoints: &HashSet<(usize, u32)>) {
        if self.ended {
            return;
        }
        if self.run.at_post_mortem() {
            self.goto(self.run.len(), true);
            return;
        }
        let len = self.run.len();
        let at = self.run.step();
        let depth = self.depth_at(at);
        let cell = self.line_at(at).map(|l| l.0);
        let script = self.recording().info.mode == "script";
        let at_break = |k: usize| self.line_at(k).is_some_and(|l| breakpoints.contains(&l));
        let stop = (at + 1..=len).find(|&k| match step {
            Step::End => false,
            _ if at_break(k) => true,
            Step::Into => true,
            Step::Over => at == 0 || self.depth_at(k) <= depth,
            Step::Out if depth > 1 => self.depth_at(k) < depth,
            // the top level: the rest of this cell (of the whole run, for a script)
            Step::Out => !script && self.line_at(k).map(|l| l.0) != cell,
            Step::Continue => false,
        });
        match stop {
            Some(k) => self.goto(k, false),
            None if step != Step::End && self.run.goto_post_mortem() => self.show(false),
            None => self.goto(len, true),
        }
    }

    /// Back to the start (before the first line event).
    pub fn rewind(&mut self) {
        self.goto(0, false);
    }

    /// Why the run ends where it does, when it is not the snippet's own end: the step limit,
    /// or the recorder failing.
    pub fn end_note(&self) -> Option<String> {
        let end = &self.recording().end;
        if let Some(limit) = end.limit {
            return Some(format!(
                "the recording stopped at the step limit ({limit} steps): the rest did not run"
            ));
        }
        if let Some((n, why)) = &end.lost {
            return Some(format!("the recording stops after step {n}: {why}"));
        }
        if end.stopped {
            return Some(format!(
                "you stopped the recording after {} steps: the rest did not run",
                self.recording().steps.len()
            ));
        }
        end.error
            .as_ref()
            .map(|e| format!("the recorder failed: {}", e.lines().last().unwrap_or(e)))
    }

    /// `CPython 3.11.7 (script)`: the backend, its version and how the snippet ran.
    pub fn describe(&self) -> String {
        let info = &self.recording().info;
        let name = if info.implementation == "cpython" || info.implementation.is_empty() {
            "CPython"
        } else {
            info.implementation.as_str()
        };
        let mode = match info.mode.as_str() {
            "ipython" => " · IPython",
            "cells-script" => " · cells as a script",
            _ => "",
        };
        let bits = if info.bits == 32 { " · 32-bit" } else { "" };
        let platform = if info.platform == "emscripten" {
            " · pyodide"
        } else {
            ""
        };
        format!("{name} {}{platform}{mode}{bits}", info.version)
    }
}
