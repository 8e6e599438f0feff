//! Running a snippet: a script as `python3 file.py` runs it (one compilation unit whose parser
//! arena lives until the module body ends), or cells as Jupyter runs them (every top-level
//! statement compiled on its own, the last expression displayed as `Out[N]`). A session
//! advances in steps: it stops at line events as the controller asks, so the UI can show the
//! heap between any two lines, also inside calls.

use std::collections::HashSet;
use std::rc::Rc;

use crate::code::Source;
use crate::compile::{self, Literals, Mode};
use crate::load::{Snippet, SnippetKind};
use crate::object::ObjId;

use super::eval::{Control, Outcome};
use super::frame::Frame;
use super::notebook::Notebook;
use super::tracing::{Captured, StopRule};

/// A live session at most this big (objects) keeps a copy of itself at the start of each
/// command, so a stop inside a native call can be stepped from by replaying from there;
/// bigger ones replay from the start.
const CHECKPOINT_LIMIT: usize = 200_000;

/// A stop inside a call made from native code (a `__del__`, a `sorted` key, `list(gen)`),
/// where no run can pause: the session shows a copy of the VM taken at that line event. The
/// next key replays from `base` (a session at an earlier stop, or the start) to this event
/// and goes on from there with the key's rule.
#[derive(Clone)]
pub struct Frozen {
    /// The step (trace numbering) the copy is at.
    pub step: u64,
    /// The event's frame (serial, whether it runs a generator) and its caller's serial,
    /// for the next key's rule.
    frame: u64,
    generator: bool,
    caller: Option<u64>,
    base: Box<Session>,
}
use super::{ExcKind, PyErr, RunMode, Vm, VmOptions};

/// How far to run: the app's keys, as pdb's commands (see [`super::tracing`] for the line
/// events they stop at). Every command also stops at a breakpoint, as pdb's do, except
/// [`Step::End`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `s`: the next line event, in any frame (pdb's `step`, without its call stops).
    Into,
    /// `n`: the next line event of this frame (pdb's `next`): over calls; a loop's header
    /// again on every iteration; at a frame's end, the next line event wherever it comes.
    Over,
    /// `u`: the next line event of the frame that called this one (pdb's `return`, then a
    /// stop at the caller's next line); at the top level, the rest of this unit.
    Out,
    /// `c`: to a breakpoint or the end (pdb's `continue`).
    Continue,
    /// To the end, ignoring breakpoints.
    End,
}

/// Where a session is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not started yet.
    Ready,
    /// Stopped before running `line` of cell `cell`. `cell` is the cell the next line
    /// belongs to: inside a function defined in an earlier cell, that earlier cell (not the
    /// one whose statement called it), so `(cell, line)` always names one source line.
    Paused { cell: usize, line: u32 },
    /// Everything ran; the exit status `python3` would return.
    Finished { exit_code: i32 },
}

/// The result of advancing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Stopped where the step asked.
    Stopped,
    /// The instruction budget ran out first: call again with the same step to go on with
    /// it (it goes on exactly as one long call would).
    Budget,
    Finished,
}

/// An error to show at a source line (syntax errors, uncaught exceptions).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorMark {
    /// The cell `line` belongs to. For an uncaught exception that is the cell of the
    /// innermost frame's code: a function defined in an earlier cell fails in that cell.
    pub cell: usize,
    /// The line as the engine counts lines of that cell (1-based): a file line for `.py` and
    /// `# %%` files, a line of the cell for notebooks (whose cells count from 1 each).
    pub line: u32,
    pub message: String,
}

/// A top-level unit being run: its code object and the arena that holds its literals.
#[derive(Clone)]
struct Running {
    cell: usize,
    code: ObjId,
    arena: Option<Literals>,
}

#[derive(Clone)]
pub struct Session {
    pub vm: Vm,
    pub snippet: Snippet,
    pub status: Status,
    /// Stops so far (each [`Session::advance`] that stopped, and each [`Session::collect_now`]).
    pub steps: u64,
    pub errors: Vec<ErrorMark>,
    running: Option<Running>,
    /// Next cell to start (notebook mode) and the statements left in the current one.
    next_cell: usize,
    pending_statements: Vec<PendingStatement>,
    /// The cell's Python-level AST literals (notebook mode): alive while the cell runs.
    cell_literals: Option<Literals>,
    shut_down: bool,
    /// Where a [`Step::Continue`] stops: `(cell, line)`, lines counted as in [`ErrorMark`].
    /// A notebook's cells all start at line 1, so the cell is part of the breakpoint: line 2
    /// of cell 5 does not stop on line 2 of any other cell.
    pub breakpoints: HashSet<(usize, u32)>,
    /// The source of every cell started so far: which cell a frame's code comes from.
    cell_sources: Vec<(usize, Rc<Source>)>,
    /// A script ended with an uncaught `KeyboardInterrupt`: python3 then dies of SIGINT
    /// (exit status 130 in a shell), which a headless run does too.
    pub uncaught_keyboard_interrupt: bool,
    /// The command a [`Progress::Budget`] interrupted: the next `advance` with the same step
    /// goes on with it.
    command: Option<Step>,
    /// The keys of `__main__`'s dict before the snippet ran (`__name__`, `__builtins__`...).
    startup_names: Rc<std::collections::HashSet<String>>,
    /// The options the session was made with (a replay starts a session like this one).
    options: VmOptions,
    /// Set when the state shown is a copy taken inside a native call (see [`Frozen`]).
    frozen: Option<Box<Frozen>>,
    /// A copy of this session as it was when the current command started.
    checkpoint: Option<Box<Session>>,
    /// The steps at which [`Session::collect_now`] ran, in order.
    collect_log: Vec<u64>,
    /// Notebook mode: where in `vm.stdout` the text of the last error shown starts (IPython
    /// prints a cell's traceback or syntax error in the cell's output, after what it printed).
    pub error_output_start: Option<usize>,
    /// Stop at an uncaught exception (post-mortem) instead of ending there: a stepping view
    /// sets it, so the heap and the traceback's frames can be looked at. Off by default:
    /// `run`, the tests and the exports never stop there.
    pub stop_at_uncaught: bool,
    /// The exception a post-mortem stop holds (one reference), released by the next advance.
    post_mortem: Option<ObjId>,
}

/// A statement of the current notebook cell waiting to be compiled.
#[derive(Clone)]
struct PendingStatement {
    stmt: crate::ast::Stmt,
    display: bool,
    source: Rc<Source>,
}

impl Session {
    pub fn new(snippet: Snippet, mut options: VmOptions) -> Session {
        options.mode = match snippet.kind {
            SnippetKind::Script => RunMode::Script,
            SnippetKind::Cells | SnippetKind::Notebook => RunMode::Notebook,
        };
        let notebook_mode = options.mode == RunMode::Notebook;
        let kept_options = options.clone();
        let mut vm = Vm::new(options);
        if notebook_mode {
            let nb = Notebook::install(&mut vm);
            vm.notebook = Some(nb);
        }
        // the names `__main__` has before the snippet runs (for cells, with what IPython's
        // shell binds when it starts: `__builtin__`, `In`, `_ih`...)
        let startup_names = vm
            .dict_pairs(vm.main_dict)
            .into_iter()
            .map(|(k, _)| vm.str_of(k).to_string())
            .collect();
        let startup_names: Rc<std::collections::HashSet<String>> = Rc::new(startup_names);
        vm.watch = Some(Box::new(super::tracing::Watch {
            cells: snippet.kind != SnippetKind::Script,
            startup_names: startup_names.clone(),
            ..Default::default()
        }));
        Session {
            vm,
            snippet,
            status: Status::Ready,
            steps: 0,
            errors: Vec::new(),
            running: None,
            next_cell: 0,
            pending_statements: Vec::new(),
            cell_literals: None,
            shut_down: false,
            breakpoints: HashSet::new(),
            cell_sources: Vec::new(),
            uncaught_keyboard_interrupt: false,
            error_output_start: None,
            stop_at_uncaught: false,
            post_mortem: None,
            command: None,
            startup_names,
            options: kept_options,
            frozen: None,
            checkpoint: None,
            collect_log: Vec::new(),
        }
    }

    /// Whether the state shown is a copy taken inside a native call (it cannot run on; the
    /// next key replays to it, see [`Frozen`]).
    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    /// A copy of this session without its own checkpoint and frozen base.
    fn copy(&mut self) -> Session {
        let checkpoint = self.checkpoint.take();
        let frozen = self.frozen.take();
        let copy = self.clone();
        self.checkpoint = checkpoint;
        self.frozen = frozen;
        copy
    }

    /// A session as this one was before its first line, with the same breakpoints.
    fn fresh(&self) -> Session {
        let mut s = Session::new(self.snippet.clone(), self.options.clone());
        s.vm.interrupt = self.vm.interrupt.clone();
        s.breakpoints = self.breakpoints.clone();
        s.stop_at_uncaught = self.stop_at_uncaught;
        s
    }

    /// The keys `__main__`'s dict had before the snippet ran.
    pub fn startup_names(&self) -> &Rc<std::collections::HashSet<String>> {
        &self.startup_names
    }

    /// The sources of the cells started so far, with their cell index.
    pub fn cell_sources(&self) -> &[(usize, Rc<Source>)] {
        &self.cell_sources
    }

    /// Line events reported so far (the trace's step number of the state now).
    pub fn line_events(&self) -> u64 {
        self.vm.watch.as_ref().map(|w| w.events).unwrap_or(0)
    }

    /// Call `hook` at every line event from now on (`refscope trace`).
    pub fn set_line_hook(&mut self, hook: super::tracing::LineHook) {
        if let Some(w) = self.vm.watch.as_mut() {
            w.hook = Some(hook);
        }
    }

    /// The uncaught exception the session is stopped at (post-mortem), if it is.
    pub fn uncaught(&self) -> Option<ObjId> {
        self.post_mortem
    }

    /// The cell a code object's source belongs to, if it is one of the snippet's cells.
    pub fn cell_of_source(&self, source: &Rc<Source>) -> Option<usize> {
        self.cell_sources
            .iter()
            .rev()
            .find(|(_, s)| Rc::ptr_eq(s, source))
            .map(|(cell, _)| *cell)
    }

    /// Where the innermost frame is: `(cell, next line)`; the cell is the one its code comes
    /// from (or the running cell, for code compiled from a string).
    fn here(&self) -> (usize, u32) {
        let running = self.running.as_ref().map(|r| r.cell).unwrap_or(0);
        match self.vm.frames.last() {
            Some(f) => (
                self.cell_of_source(&f.code.source).unwrap_or(running),
                f.event_line(),
            ),
            None => (running, 0),
        }
    }

    pub fn is_finished(&self) -> bool {
        matches!(self.status, Status::Finished { .. })
    }

    /// Notebook mode: add a cell after the last one, as a kernel takes its next input. A
    /// session that had run all its cells goes on with this one at the next [`Self::advance`]
    /// (same heap, same namespace, the next execution count). False, and nothing added, for
    /// a script, a session already shut down, or a whitespace-only cell (IPython runs nothing
    /// for it and does not count it).
    pub fn push_cell(&mut self, source: &str) -> bool {
        if self.vm.options.mode != RunMode::Notebook || self.shut_down || source.trim().is_empty() {
            return false;
        }
        let index = self.snippet.cells.len();
        self.snippet.cells.push(crate::load::Cell {
            source: source.to_string(),
            first_line: 1,
            index,
        });
        if self.is_finished() {
            self.status = Status::Ready;
        }
        true
    }

    /// Run everything, then shut the interpreter down as `python3` does at exit. Returns the
    /// exit status.
    pub fn run_to_end(&mut self) -> i32 {
        let code = self.run_to_end_without_shutdown();
        self.shutdown();
        code
    }

    /// Run everything, leaving the heap as the snippet left it.
    pub fn run_to_end_without_shutdown(&mut self) -> i32 {
        while self.advance(Step::End, u64::MAX) != Progress::Finished {}
        match self.status {
            Status::Finished { exit_code } => exit_code,
            _ => 0,
        }
    }

    /// Advance by one step (or until the budget runs out: then call again with the same
    /// step, which goes on where this one left off).
    pub fn advance(&mut self, step: Step, budget: u64) -> Progress {
        if let Some(exc) = self.post_mortem.take() {
            self.after_uncaught(exc);
        }
        if self.is_finished() {
            return Progress::Finished;
        }
        if self.command != Some(step) {
            let (rule, arm_after, collect_at) = match self.frozen.take() {
                Some(frozen) => {
                    // a copy cannot run on: replay from the base to the event it shows
                    let mut next = (*frozen.base).clone();
                    let base_step = next.line_events();
                    next.collect_log = self.collect_log.clone();
                    next.breakpoints = self.breakpoints.clone();
                    next.vm.interrupt = self.vm.interrupt.clone();
                    next.checkpoint = Some(frozen.base);
                    let collect_at = next
                        .collect_log
                        .iter()
                        .copied()
                        .filter(|&s| s > base_step)
                        .collect();
                    *self = next;
                    let rule =
                        rule_for(step, Some((frozen.frame, frozen.generator, frozen.caller)));
                    (rule, frozen.step, collect_at)
                }
                None => {
                    if self.vm.heap.live <= CHECKPOINT_LIMIT && step != Step::End {
                        let copy = self.copy();
                        self.checkpoint = Some(Box::new(copy));
                    } else {
                        self.checkpoint = None;
                    }
                    (self.rule_for(step), 0, Vec::new())
                }
            };
            self.command = Some(step);
            let breakpoints = if step == Step::End {
                HashSet::new()
            } else {
                self.breakpoints.clone()
            };
            if let Some(w) = self.vm.watch.as_mut() {
                w.rule = Some(rule);
                w.breakpoints = breakpoints;
                w.missed = false;
                w.arm_after = arm_after;
                w.collect_at = collect_at;
                w.captured = None;
            }
        }
        let progress = self.run_until_stop(step, budget);
        if progress != Progress::Budget {
            self.command = None;
        }
        progress
    }

    /// Come to the state at step `step` (the trace's numbering: the `step`th line event, 0
    /// for the start) from the start, collecting at the steps `collect_at` on the way (the
    /// app's `g` key; step 0 collects before the first line): what `export --step N
    /// --collect-at ...` shows. False when the snippet finishes first.
    pub fn goto_step(&mut self, step: u64, collect_at: &[u64]) -> bool {
        let mut collect_at: Vec<u64> = collect_at.to_vec();
        collect_at.sort_unstable();
        while collect_at.first() == Some(&0) {
            collect_at.remove(0);
            self.collect_now();
        }
        if step == 0 {
            return true;
        }
        self.collect_log.extend(collect_at.iter().copied());
        self.command = Some(Step::Into);
        self.checkpoint = None;
        if let Some(w) = self.vm.watch.as_mut() {
            w.rule = Some(StopRule::At { step });
            w.breakpoints.clear();
            w.missed = false;
            w.arm_after = 0;
            w.collect_at = collect_at;
            w.captured = None;
        }
        let reached = loop {
            match self.run_until_stop(Step::Into, u64::MAX) {
                Progress::Budget => continue,
                Progress::Stopped => break true,
                Progress::Finished => break false,
            }
        };
        self.command = None;
        reached && self.line_events() == step
    }

    /// The steps at which [`Session::collect_now`] ran (the app's `g`), in order.
    pub fn collect_log(&self) -> &[u64] {
        &self.collect_log
    }

    /// Where `step` stops, from the state now.
    fn rule_for(&self, step: Step) -> StopRule {
        let frames = &self.vm.frames;
        let context = frames.last().map(|current| {
            (
                current.serial,
                current.code.generator,
                frames.len().checked_sub(2).map(|i| frames[i].serial),
            )
        });
        rule_for(step, context)
    }

    fn run_until_stop(&mut self, step: Step, budget: u64) -> Progress {
        // a run to the end with nothing watching skips the line-event checks
        let unwatched =
            step == Step::End && self.vm.watch.as_ref().is_some_and(|w| w.hook.is_none());
        let parked = if unwatched {
            self.vm.resuming = None;
            self.vm.watch.take()
        } else {
            None
        };
        let progress = self.run_units(budget);
        if parked.is_some() {
            self.vm.watch = parked;
        }
        progress
    }

    fn run_units(&mut self, budget: u64) -> Progress {
        let mut ctl = Control {
            budget,
            pausable: true,
        };
        loop {
            if self.running.is_none() && !self.start_next_unit() {
                // a syntax error has already finished the run with status 1
                if !self.is_finished() {
                    self.finish(0);
                }
                return Progress::Finished;
            }
            if self.is_finished() {
                return Progress::Finished;
            }
            let running_code = self.running_code();
            let arena = self.extra_roots();
            if let Some(w) = self.vm.watch.as_mut() {
                w.sources.clone_from(&self.cell_sources);
                w.running_code = running_code;
                w.arena = arena
                    .into_iter()
                    .filter(|&id| Some(id) != running_code)
                    .collect();
            }
            let outcome = self.vm.run_frames(0, &mut ctl);
            if let Some(captured) = self.vm.watch.as_mut().and_then(|w| w.captured.take()) {
                // the stop was inside a native call: show the copy taken there
                self.show_captured(captured);
                return Progress::Stopped;
            }
            match outcome {
                Outcome::Sliced => return Progress::Budget,
                Outcome::Paused => {
                    let (cell, line) = self.here();
                    self.steps += 1;
                    self.status = Status::Paused { cell, line };
                    return Progress::Stopped;
                }
                Outcome::Returned(v) | Outcome::Yielded(v) => {
                    self.vm.decref(v);
                    self.end_unit();
                }
                Outcome::Raised(e) => {
                    let stop = self.stop_at_uncaught && self.command != Some(Step::End);
                    if let Some(at) = self.uncaught_raised(e, stop) {
                        self.steps += 1;
                        self.status = Status::Paused {
                            cell: at.0,
                            line: at.1,
                        };
                        return Progress::Stopped;
                    }
                    if self.is_finished() {
                        return Progress::Finished;
                    }
                }
            }
        }
    }

    /// Become the state a line event inside a native call left in `captured`: the session's
    /// own fields are those of the run it was taken in (units start and end between runs).
    fn show_captured(&mut self, captured: Captured) {
        let base = match self.checkpoint.take() {
            Some(b) => b,
            None => {
                let mut fresh = self.fresh();
                fresh.collect_log.clear();
                Box::new(fresh)
            }
        };
        self.vm = *captured.vm;
        self.vm.interrupt = base.vm.interrupt.clone();
        self.status = Status::Paused {
            cell: captured.event.cell,
            line: captured.event.line,
        };
        self.steps += 1;
        let generator = self
            .vm
            .frames
            .get(captured.event.frame)
            .is_some_and(|f| f.code.generator);
        self.frozen = Some(Box::new(Frozen {
            step: captured.step,
            frame: captured.frame,
            generator,
            caller: captured.caller,
            base,
        }));
    }

    /// Compile and push the next top-level unit; false when there is none.
    fn start_next_unit(&mut self) -> bool {
        if self.is_finished() {
            return false;
        }
        match self.vm.options.mode {
            RunMode::Script => {
                if self.next_cell > 0 {
                    return false;
                }
                self.next_cell = 1;
                self.start_script()
            }
            RunMode::Notebook => loop {
                if let Some(p) =
                    (!self.pending_statements.is_empty()).then(|| self.pending_statements.remove(0))
                {
                    if self.start_statement(p) {
                        return true;
                    }
                    continue;
                }
                // every started cell holds its literals (empty after a syntax error), so this
                // ends each cell once, also when cells are added after the last one finished
                if self.cell_literals.is_some() {
                    self.end_cell();
                }
                if self.next_cell >= self.snippet.cells.len() {
                    return false;
                }
                let cell = self.next_cell;
                self.next_cell += 1;
                self.start_cell(cell);
            },
        }
    }

    fn start_script(&mut self) -> bool {
        let cell = self
            .snippet
            .cells
            .first()
            .cloned()
            .unwrap_or(crate::load::Cell {
                source: String::new(),
                first_line: 1,
                index: 0,
            });
        let filename = self.vm.options.filename.clone();
        let body = match crate::parse::parse_module(&cell.source) {
            Ok(b) => b,
            Err(crate::parse::ParseFailure::Syntax(e)) => {
                self.vm.write_stderr(&e.render(&filename));
                self.errors.push(ErrorMark {
                    cell: 0,
                    line: e.line,
                    message: format!("{}: {}", e.kind, e.msg),
                });
                self.finish(1);
                return false;
            }
            Err(crate::parse::ParseFailure::Memory) => {
                // python3 prints the bare exception: there is no frame yet
                self.vm.write_stderr("MemoryError\n");
                self.errors.push(ErrorMark {
                    cell: 0,
                    line: 1,
                    message: "MemoryError".into(),
                });
                self.finish(1);
                return false;
            }
            Err(crate::parse::ParseFailure::Unsupported(u)) => {
                let (line, _) = crate::parse::line_col(&cell.source, u.range.start);
                let msg = format!(
                    "NotImplementedError: refscope does not model {} (line {line})",
                    u.construct
                );
                self.vm
                    .write_stderr(&format!("  File \"{filename}\", line {line}\n{msg}\n"));
                self.errors.push(ErrorMark {
                    cell: 0,
                    line,
                    message: msg,
                });
                self.finish(1);
                return false;
            }
        };
        // the parser arena: every literal's object, alive until the module body finishes
        let literals = Literals::materialize(&mut self.vm, &body);
        let source = Rc::new(Source {
            filename: filename.clone(),
            text: cell.source.clone(),
            first_line: 1,
            library: false,
            c_code: false,
            c_lines: Vec::new(),
            from_string: false,
        });
        self.cell_sources.push((0, source.clone()));
        match compile::compile_unit(
            &mut self.vm,
            &body,
            Mode::Exec,
            source.clone(),
            &literals,
            "<module>",
        ) {
            Ok(c) => {
                let mut arena = literals;
                arena.order.extend(c.folded);
                self.push_module_frame(0, c.code, Some(arena));
                true
            }
            Err(e) => {
                literals.release(&mut self.vm);
                let err = self.vm.compile_error_object(e, &source);
                self.report_syntax_exception(err, 0);
                self.finish(1);
                false
            }
        }
    }

    fn push_module_frame(&mut self, cell: usize, code: ObjId, arena: Option<Literals>) {
        let c = self.vm.code_of(code);
        let globals = self.vm.main_dict;
        let builtins = self.vm.builtins_dict;
        self.vm.incref(code);
        self.vm.incref(globals);
        let mut frame = Frame::new(c, code, globals, builtins);
        frame.serial = self.vm.next_frame_serial();
        frame.locals_dict = Some(globals);
        frame.entry = true;
        self.vm.push_frame(frame);
        self.running = Some(Running { cell, code, arena });
    }

    /// Parse a cell; queue its statements. IPython shows a syntax error and runs nothing.
    fn start_cell(&mut self, cell: usize) {
        let c = self.snippet.cells[cell].clone();
        let count = self.execution_count();
        if let Some(mut nb) = self.vm.notebook.take() {
            nb.begin_cell(&mut self.vm, &c.source);
            self.vm.notebook = Some(nb);
        }
        let filename = format!("<cell In[{count}]>");
        let body = match crate::parse::parse_module(&c.source) {
            Ok(b) => b,
            Err(crate::parse::ParseFailure::Syntax(e)) => {
                let text = crate::vm::notebook::ipython_syntax_error(&e, count);
                self.error_output_start = Some(self.vm.stdout.len());
                self.vm.write_stdout(&text);
                self.errors.push(ErrorMark {
                    cell,
                    line: e.line + c.first_line - 1,
                    message: format!("{}: {}", e.kind, e.msg),
                });
                self.cell_literals = Some(Literals::default());
                return;
            }
            Err(crate::parse::ParseFailure::Memory) => {
                self.error_output_start = Some(self.vm.stdout.len());
                self.vm.write_stdout("MemoryError\n");
                self.errors.push(ErrorMark {
                    cell,
                    line: c.first_line,
                    message: "MemoryError".into(),
                });
                self.cell_literals = Some(Literals::default());
                return;
            }
            Err(crate::parse::ParseFailure::Unsupported(u)) => {
                let (line, _) = crate::parse::line_col(&c.source, u.range.start);
                let msg = format!(
                    "NotImplementedError: refscope does not model {} (line {line})",
                    u.construct
                );
                self.error_output_start = Some(self.vm.stdout.len());
                self.vm.write_stdout(&format!("{msg}\n"));
                self.errors.push(ErrorMark {
                    cell,
                    line: line + c.first_line - 1,
                    message: msg,
                });
                self.cell_literals = Some(Literals::default());
                return;
            }
        };
        // the cell's Python-level AST holds every literal while the cell runs
        self.cell_literals = Some(Literals::materialize(&mut self.vm, &body));
        let source = Rc::new(Source {
            filename,
            text: c.source.clone(),
            first_line: c.first_line,
            library: false,
            c_code: false,
            c_lines: Vec::new(),
            from_string: false,
        });
        self.cell_sources.push((cell, source.clone()));
        let n = body.len();
        self.pending_statements = body
            .into_iter()
            .enumerate()
            .map(|(i, stmt)| PendingStatement {
                display: i + 1 == n && matches!(stmt.kind, crate::ast::StmtKind::Expr(_)),
                stmt,
                source: source.clone(),
            })
            .collect();
    }

    /// Compile one statement of a cell on its own and push its frame.
    fn start_statement(&mut self, p: PendingStatement) -> bool {
        let cell = self.next_cell - 1;
        let mode = if p.display { Mode::Single } else { Mode::Exec };
        let empty = Literals::default();
        let literals = self.cell_literals.as_ref().unwrap_or(&empty);
        let body = [p.stmt];
        match compile::compile_unit(
            &mut self.vm,
            &body,
            mode,
            p.source.clone(),
            literals,
            "<module>",
        ) {
            Ok(c) => {
                // compile()'s own arena (constants the optimiser made) is freed after compiling
                for f in c.folded {
                    self.vm.decref(f);
                }
                self.push_module_frame(cell, c.code, None);
                true
            }
            Err(e) => {
                let err = self.vm.compile_error_object(e, &p.source);
                self.report_syntax_exception(err, cell);
                self.pending_statements.clear();
                false
            }
        }
    }

    /// The top-level unit returned.
    fn end_unit(&mut self) {
        if let Some(r) = self.running.take() {
            self.vm.decref(r.code);
            if let Some(arena) = r.arena {
                arena.release(&mut self.vm);
            }
        }
    }

    fn end_cell(&mut self) {
        self.pending_statements.clear();
        if let Some(l) = self.cell_literals.take() {
            l.release(&mut self.vm);
        }
        if let Some(mut nb) = self.vm.notebook.take() {
            nb.end_cell(&mut self.vm);
            self.vm.notebook = Some(nb);
        }
    }

    /// An exception left the top-level code: it is reported (the traceback printed, the line
    /// marked). With `stop`, the run stops there holding the exception (its traceback keeps
    /// the frames and their locals alive, as `sys.last_value` does after CPython prints it):
    /// the answer is where, `(cell, line)`, and the next advance releases it. Without, it is
    /// released at once.
    fn uncaught_raised(&mut self, err: PyErr, stop: bool) -> Option<(usize, u32)> {
        let cell = self.running.as_ref().map(|r| r.cell).unwrap_or(0);
        self.end_unit();
        let exc = err.0;
        // the snippet's code has ended: a class's `__str__` that the report calls makes no
        // steps (CPython prints the traceback after the traced run)
        let watch = self.vm.watch.take();
        let line = self.vm.exception_line(exc);
        let (mark_cell, mark_line) = match self.innermost_traceback_entry(exc) {
            Some((source, line)) => (
                source.and_then(|s| self.cell_of_source(&s)).unwrap_or(cell),
                line,
            ),
            None => (cell, 0),
        };
        match self.vm.options.mode {
            RunMode::Script => {
                if self.vm.is_instance_of_kind(exc, ExcKind::SystemExit) {
                    let code = self.system_exit_code(exc);
                    self.vm.decref(exc);
                    self.vm.watch = watch;
                    self.finish(code);
                    return None;
                }
                let text = self.vm.format_exception(exc);
                self.vm.write_stderr(&text);
            }
            RunMode::Notebook => {
                let count = self.execution_count();
                let text = self.vm.format_exception_ipython(exc, &|file| {
                    crate::vm::notebook::cell_number(file, count)
                });
                self.error_output_start = Some(self.vm.stdout.len());
                self.vm.write_stdout(&text);
            }
        }
        self.vm.watch = watch;
        self.errors.push(ErrorMark {
            cell: mark_cell,
            line: mark_line,
            message: line,
        });
        if stop && mark_line > 0 {
            self.post_mortem = Some(exc);
            return Some((mark_cell, mark_line));
        }
        self.after_uncaught(exc);
        None
    }

    /// After an uncaught exception was reported: release it; a script ends (status 1, or 130
    /// for a KeyboardInterrupt), a notebook skips the rest of the cell.
    fn after_uncaught(&mut self, exc: ObjId) {
        let interrupted = self.vm.is_instance_of_kind(exc, ExcKind::KeyboardInterrupt);
        self.vm.decref(exc);
        match self.vm.options.mode {
            RunMode::Script => {
                self.uncaught_keyboard_interrupt = interrupted;
                // `_Py_HandleSystemExit` aside, an uncaught KeyboardInterrupt kills the
                // process with SIGINT: 128 + 2 as a shell reports it
                self.finish(if interrupted { 130 } else { 1 });
            }
            // the rest of the cell does not run
            RunMode::Notebook => self.pending_statements.clear(),
        }
    }

    /// The last traceback entry (where the exception was raised): the source of its
    /// frame's code, and its line.
    fn innermost_traceback_entry(&self, exc: ObjId) -> Option<(Option<Rc<Source>>, u32)> {
        let mut tb = match self.vm.payload(exc) {
            crate::object::Payload::Exception(e) => e.traceback,
            _ => None,
        };
        let mut last = None;
        while let Some(t) = tb {
            match self.vm.payload(t) {
                crate::object::Payload::Traceback(t) => {
                    last = Some((t.frame, t.line));
                    tb = t.next;
                }
                _ => break,
            }
        }
        let (frame, line) = last?;
        let source = match self.vm.payload(frame) {
            crate::object::Payload::Frame(_) => self
                .vm
                .frame_object_code(frame)
                .map(|c| self.vm.code_of(c).source.clone()),
            _ => None,
        };
        Some((source, line))
    }

    fn system_exit_code(&mut self, exc: ObjId) -> i32 {
        // handle_system_exit: the exit status is `SystemExit.code`
        match self.vm.exc_member(exc, "code") {
            None => 0,
            Some(a) if a == self.vm.none() => 0,
            Some(a) => match self.vm.as_i64(a) {
                Some(n) => n as i32,
                None => {
                    let s = self.vm.str_string(a).unwrap_or_default();
                    self.vm.write_stderr(&format!("{s}\n"));
                    1
                }
            },
        }
    }

    /// A syntax error found by the compiler (not the parser).
    fn report_syntax_exception(&mut self, err: PyErr, cell: usize) {
        let exc = err.0;
        let args = match self.vm.payload(exc) {
            crate::object::Payload::Exception(e) => self.vm.tuple_items(e.args),
            _ => Vec::new(),
        };
        let msg = args
            .first()
            .map(|&m| self.vm.str_of(m).to_string())
            .unwrap_or_default();
        let details = args
            .get(1)
            .map(|&d| self.vm.tuple_items(d))
            .unwrap_or_default();
        let get_int = |vm: &Vm, i: usize| details.get(i).and_then(|&v| vm.as_i64(v));
        let line = get_int(&self.vm, 1).unwrap_or(0) as u32;
        let col = get_int(&self.vm, 2).unwrap_or(0) as u32;
        let end_line = get_int(&self.vm, 4).map_or(line, |l| l as u32);
        let end_col = get_int(&self.vm, 5);
        let none = self.vm.none();
        let text = details
            .get(3)
            .filter(|&&t| t != none)
            .map(|&t| self.vm.str_of(t).to_string())
            .unwrap_or_default();
        let filename = details
            .first()
            .map(|&f| self.vm.str_of(f).to_string())
            .unwrap_or_default();
        let kind = self.vm.type_name(exc);
        let se = crate::parse::SyntaxError {
            kind: match kind.as_str() {
                "IndentationError" => "IndentationError",
                "TabError" => "TabError",
                _ => "SyntaxError",
            },
            msg: msg.clone(),
            line,
            col,
            end_line,
            end_col,
            newline: text.ends_with('\n'),
            text: text.trim_end_matches('\n').to_string(),
            stage: crate::parse::Stage::Compiler,
        };
        let is_nie = self
            .vm
            .is_instance_of_kind(exc, ExcKind::NotImplementedError);
        let rendered = if is_nie {
            format!("NotImplementedError: {msg}\n")
        } else if self.vm.options.mode == RunMode::Notebook {
            let count = self.execution_count();
            crate::vm::notebook::ipython_syntax_error(&se, count)
        } else {
            se.render(&filename)
        };
        if self.vm.options.mode == RunMode::Notebook {
            self.error_output_start = Some(self.vm.stdout.len());
            self.vm.write_stdout(&rendered);
        } else {
            self.vm.write_stderr(&rendered);
        }
        self.errors.push(ErrorMark {
            cell,
            line,
            message: format!("{kind}: {msg}"),
        });
        self.vm.decref(exc);
    }

    fn finish(&mut self, exit_code: i32) {
        if self.vm.options.mode == RunMode::Notebook && self.cell_literals.is_some() {
            self.end_cell();
        }
        self.status = Status::Finished { exit_code };
    }

    /// Interpreter exit (`Py_FinalizeEx`): the globals of `__main__` are cleared — names with
    /// one leading underscore first, then the rest, in insertion order — so finalizers run as
    /// they do when `python3` exits, then a last full collection.
    pub fn shutdown(&mut self) {
        if self.shut_down {
            return;
        }
        if let Some(exc) = self.post_mortem.take() {
            self.after_uncaught(exc);
        }
        self.shut_down = true;
        if self.vm.options.mode == RunMode::Script {
            self.vm.finalize();
            return;
        }
        let main = self.vm.main_dict;
        let none = self.vm.none();
        for pass in 0..2 {
            for (k, v) in self.vm.dict_pairs(main) {
                if v == none {
                    continue;
                }
                let name = self.vm.str_of(k).to_string();
                let single_underscore = name.starts_with('_') && !name.starts_with("__");
                let clear = if pass == 0 {
                    single_underscore
                } else {
                    name != "__builtins__"
                };
                if clear {
                    self.vm.incref(k);
                    if let Err(e) = self.vm.dict_setitem(main, k, none) {
                        self.vm.decref(e.0);
                    }
                    self.vm.decref(k);
                }
            }
        }
        let was = self.vm.gc.enabled;
        self.vm.gc.enabled = true;
        self.vm.gc_collect_no_fail();
        self.vm.gc.enabled = was;
    }

    /// References the session holds outside the VM: the parser arena of the running script, or
    /// the literals of the running cell's AST.
    pub fn extra_roots(&self) -> Vec<ObjId> {
        let mut out = Vec::new();
        if let Some(r) = &self.running {
            out.push(r.code);
            if let Some(a) = &r.arena {
                out.extend(a.order.iter().copied());
            }
        }
        if let Some(l) = &self.cell_literals {
            out.extend(l.order.iter().copied());
        }
        out.extend(self.post_mortem);
        out
    }

    /// `gc.collect()` run now, between two steps, as a step of its own (the `g` key): a full
    /// collection that ignores `gc.disable()`, as an explicit `gc.collect()` does.
    pub fn collect_now(&mut self) -> crate::gc::CollectionReport {
        // no line events while it runs (pdb traces nothing while it runs a command)
        let watch = self.vm.watch.take();
        self.vm.gc_collect(2);
        self.vm.watch = watch;
        self.steps += 1;
        self.collect_log.push(self.line_events());
        self.vm.gc.last.clone().unwrap_or_default()
    }

    /// The code object of the running top-level unit.
    pub fn running_code(&self) -> Option<ObjId> {
        self.running.as_ref().map(|r| r.code)
    }

    /// IPython's execution count (1 in script mode).
    pub fn execution_count(&self) -> u32 {
        self.vm
            .notebook
            .as_ref()
            .map(|n| n.execution_count)
            .unwrap_or(1)
    }

    /// The line the session will run next (file line), if paused.
    pub fn current_line(&self) -> Option<u32> {
        match self.status {
            Status::Paused { line, .. } => Some(line),
            _ => None,
        }
    }
}

/// The lines of each cell that have code: a line event can stop on them (the lines of the
/// line table of every code object compiled from the cell, as CPython's `co_lines` lists
/// them). Lines are counted as the engine counts them (file lines; a notebook's per cell).
/// None for a cell that does not compile (its lines are unknown).
pub fn lines_with_code(snippet: &Snippet) -> Vec<Option<std::collections::BTreeSet<u32>>> {
    let mut vm = Vm::new(VmOptions::default());
    snippet
        .cells
        .iter()
        .map(|cell| {
            let (code, arena) = match vm.compile_source(&cell.source, "<lines>", Mode::Exec) {
                Ok(c) => c,
                Err(e) => {
                    vm.decref(e.0);
                    return None;
                }
            };
            let mut lines = std::collections::BTreeSet::new();
            let mut todo = vec![code];
            while let Some(c) = todo.pop() {
                let crate::object::Payload::Code(code) = vm.payload(c) else {
                    continue;
                };
                // line 0 (a module without statements) is no line of the file
                lines.extend(
                    code.lines
                        .iter()
                        .flatten()
                        .filter(|&&l| l > 0)
                        .map(|&l| l + cell.first_line - 1),
                );
                todo.extend(
                    code.consts
                        .iter()
                        .copied()
                        .filter(|&k| matches!(vm.payload(k), crate::object::Payload::Code(_))),
                );
            }
            arena.release(&mut vm);
            vm.decref(code);
            Some(lines)
        })
        .collect()
}

/// Where a key stops, given the innermost frame (its serial, whether it runs a generator)
/// and its caller's serial (None before the first line).
fn rule_for(step: Step, context: Option<(u64, bool, Option<u64>)>) -> StopRule {
    let Some((frame, generator, caller)) = context else {
        // before the first line: the first line event, whatever the key (but `c`)
        return match step {
            Step::Continue | Step::End => StopRule::Never,
            _ => StopRule::Any,
        };
    };
    match step {
        Step::Into => StopRule::Any,
        Step::Over => StopRule::InFrame { frame, generator },
        // bdb's `set_return` of a generator frame waits in that frame
        Step::Out if generator => StopRule::GenReturn { frame },
        Step::Out => StopRule::Caller { frame, caller },
        Step::Continue | Step::End => StopRule::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str;

    /// A notebook whose first cell defines `f` and whose second calls it (lines 1-3 each).
    fn notebook(second: &str) -> Snippet {
        let cell = |src: &str| {
            serde_json::json!({"cell_type": "code", "execution_count": null, "metadata": {},
                               "outputs": [], "source": src})
        };
        let nb = serde_json::json!({
            "cells": [cell("def f(x):\n    y = x\n    return 1 / y\n"), cell(second)],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5
        });
        load_str("t.ipynb", &nb.to_string()).expect("notebook")
    }

    fn session(snippet: Snippet) -> Session {
        Session::new(snippet, VmOptions::default())
    }

    #[test]
    fn a_syntax_error_ends_a_script_with_status_1() {
        let mut s = session(load_str("t.py", "x = [1, 2\n").expect("load"));
        assert_eq!(s.run_to_end_without_shutdown(), 1);
        assert_eq!(s.errors.len(), 1);
    }

    #[test]
    fn notebook_breakpoints_stop_only_in_their_own_cell() {
        // line 2 of cell 1 (`b = 2`) has a breakpoint; line 2 of cell 0 (`y = x`, run
        // inside f) must not stop
        let mut s = session(notebook("a = 1\nb = 2\nf(3)\n"));
        s.breakpoints.insert((1, 2));
        assert_eq!(s.advance(Step::Continue, u64::MAX), Progress::Stopped);
        assert_eq!(s.status, Status::Paused { cell: 1, line: 2 });
        // and line 2 of cell 0 stops when it is the breakpoint, even while cell 1 runs
        let mut s = session(notebook("a = 1\nb = 2\nf(3)\n"));
        s.breakpoints.insert((0, 2));
        assert_eq!(s.advance(Step::Continue, u64::MAX), Progress::Stopped);
        assert_eq!(s.status, Status::Paused { cell: 0, line: 2 });
        assert_eq!(s.vm.frames.len(), 2, "stopped inside f");
        assert_eq!(s.advance(Step::Continue, u64::MAX), Progress::Finished);
    }

    #[test]
    fn stepping_into_a_function_of_an_earlier_cell_names_that_cell() {
        let mut s = session(notebook("f(3)\n"));
        s.advance(Step::Into, u64::MAX); // def f
        s.advance(Step::Into, u64::MAX); // f(3)
        assert_eq!(s.status, Status::Paused { cell: 1, line: 1 });
        s.advance(Step::Into, u64::MAX); // into f
        assert_eq!(s.status, Status::Paused { cell: 0, line: 2 });
    }

    #[test]
    fn a_stepping_session_stops_at_an_uncaught_exception_with_its_frames_alive() {
        let text = "def f(x):\n    y = [x]\n    return 1 / x\nz = [0]\nf(0)\nprint('never')\n";
        let mut plain = session(load_str("t.py", text).expect("load"));
        let code = plain.run_to_end_without_shutdown();
        let mut s = session(load_str("t.py", text).expect("load"));
        s.stop_at_uncaught = true;
        let mut stops = 0;
        while s.advance(Step::Into, u64::MAX) == Progress::Stopped && s.uncaught().is_none() {
            stops += 1;
            assert!(stops < 100);
        }
        // stopped at the raise, in f, with the traceback printed and the line marked
        let exc = s.uncaught().expect("a post-mortem stop");
        assert_eq!(s.status, Status::Paused { cell: 0, line: 3 });
        assert!(s.vm.stderr.contains("ZeroDivisionError"), "{}", s.vm.stderr);
        assert_eq!(s.errors.len(), 1);
        // the exception is a reference the session holds: every count adds up
        crate::invariant::check_refcounts(&s.vm, &s.extra_roots()).expect("consistent");
        assert_eq!(s.vm.refcnt(exc), 1);
        // the next step ends the run exactly as a run without the stop ends
        assert_eq!(s.advance(Step::Into, u64::MAX), Progress::Finished);
        assert_eq!(s.status, Status::Finished { exit_code: code });
        assert_eq!(s.vm.stderr, plain.vm.stderr);
        assert_eq!(s.vm.heap.live, plain.vm.heap.live);
        assert!(s.uncaught().is_none());
    }

    #[test]
    fn an_error_inside_a_function_of_an_earlier_cell_is_marked_there() {
        let mut s = session(notebook("a = 1\nb = 2\nf(0)\n"));
        s.run_to_end_without_shutdown();
        let marks: Vec<(usize, u32)> = s.errors.iter().map(|e| (e.cell, e.line)).collect();
        assert_eq!(marks, [(0, 3)], "{:?}", s.errors);
        assert!(s.errors[0].message.contains("ZeroDivisionError"));
        // a `# %%` file counts file lines: the mark is the function's file line
        let text = "# %%\ndef f(x):\n    return 1 / x\n# %%\nf(0)\n";
        let mut s = session(load_str("t.py", text).expect("load"));
        s.run_to_end_without_shutdown();
        let marks: Vec<(usize, u32)> = s.errors.iter().map(|e| (e.cell, e.line)).collect();
        assert_eq!(marks, [(0, 3)]);
    }
}
