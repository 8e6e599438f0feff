//! `update(&mut App, Action)`: the only place the app changes. It never draws; it may run a
//! slice of the snippet (a [`Action::Tick`]) or a deferred analysis (an [`Action::Idle`]).

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, Scrolling};

use crate::analysis::sharing::why_shared_in;
use crate::analysis::{holders_of, HeapState, Holder};
use crate::vm::session::{Status, Step};

use super::action::{Action, PaneId};
use super::app::{
    App, Confirm, Details, Mode, OutputIndex, OutputScroll, Prompt, PromptPurpose, StopView,
};
use super::document::{complete_path, Document};
use super::guard;
use super::heapview::{is_live, ObjRef};
use super::panes;
use super::runner::{Command, CommandKind, Runner, SliceResult};

/// What the model does not model, when an error says it is that (`NotImplementedError:
/// refscope does not model X`, `ModuleNotFoundError: refscope models no module named 'm'`).
fn not_modelled(msg: &str) -> Option<String> {
    for (marker, lead) in [
        ("refscope does not model ", ""),
        ("refscope models no module named ", "the module "),
    ] {
        if let Some(i) = msg.find(marker) {
            let what = msg[i + marker.len()..].trim().trim_end_matches('.');
            return Some(format!("{lead}{what}"));
        }
    }
    None
}

/// Apply one action. A panic inside (a bug in the model, met by some snippet) does not take
/// the app down: the run is dropped, the editor text kept, and the message says what broke.
pub fn update(app: &mut App, action: Action) {
    if let Err(msg) = guard::catching(|| apply(app, action)) {
        recover(app, &msg);
    }
}

/// After a panic: forget the run (its state may be half-changed) and keep everything else.
pub fn recover(app: &mut App, msg: &str) {
    app.run = None;
    app.selected = None;
    reset_views(app);
    app.pending.syntax = false;
    if !matches!(app.mode, Mode::Editing) {
        app.mode = Mode::Normal;
    }
    app.error(format!(
        "internal error, the run was reset (your text is kept): {msg}"
    ));
}

fn apply(app: &mut App, action: Action) {
    match action {
        Action::Tick => return tick(app),
        Action::Idle => return idle(app),
        Action::Resize { width, height } => {
            app.area = Rect::new(0, 0, width, height);
            fit_lists(app);
            return;
        }
        Action::Interrupt => return interrupt(app),
        _ => {}
    }
    // a new key or click replaces the last message
    if !matches!(action, Action::Scroll { .. }) {
        app.message = None;
    }
    match app.mode.clone() {
        Mode::Help { scroll } => help_mode(app, action, scroll),
        Mode::Confirm(question) => confirm_mode(app, action, question),
        Mode::Prompt(prompt) => prompt_mode(app, action, prompt),
        Mode::Editing => editing_mode(app, action),
        Mode::Normal => normal_mode(app, action),
    }
}

// ---------------------------------------------------------------------------------------
// modes

fn normal_mode(app: &mut App, action: Action) {
    match action {
        Action::StepOver => run_command(app, CommandKind::Step(Step::Over)),
        Action::StepInto => run_command(app, CommandKind::Step(Step::Into)),
        Action::StepOut => run_command(app, CommandKind::Step(Step::Out)),
        Action::Continue => run_command(app, CommandKind::Step(Step::Continue)),
        Action::Collect => run_command(app, CommandKind::Collect),
        Action::StepBack => step_back(app),
        Action::Restart => restart(app),
        Action::ToggleBreakpoint => {
            let line = app.editor.cursor().0 as u32 + 1;
            toggle_breakpoint(app, line);
        }
        Action::ToggleBreakpointAt(line) => toggle_breakpoint(app, line),
        Action::FocusNext => app.set_focus(app.focus.next()),
        Action::FocusPrev => app.set_focus(app.focus.prev()),
        Action::Focus(p) => app.set_focus(p),
        Action::Up => move_in(app, app.focus, Move::Lines(-1)),
        Action::Down => move_in(app, app.focus, Move::Lines(1)),
        Action::PageUp => move_in(app, app.focus, Move::Page(-1)),
        Action::PageDown => move_in(app, app.focus, Move::Page(1)),
        Action::Home => move_in(app, app.focus, Move::Home),
        Action::End => move_in(app, app.focus, Move::End),
        Action::Select => select_under_cursor(app),
        Action::ToggleScope => toggle_scope(app),
        Action::ToggleChangesOnly => {
            app.changes_only = !app.changes_only;
            let key = app.selected;
            app.refcounts = Default::default();
            if let Some(k) = key {
                follow_object(app, k);
            }
            fit_lists(app);
            refresh_details(app);
            app.info(if app.changes_only {
                "refcounts: only what the last step changed (f shows all)"
            } else {
                "refcounts: every object"
            });
        }
        Action::Edit => {
            app.mode = Mode::Editing;
            app.set_focus(PaneId::Editor);
            app.info("editing — Esc when done (the run restarts if the text changes)");
        }
        Action::Open => {
            // an empty prompt: a relative path is taken in the document's folder (the title
            // says which), a full path as it is
            app.mode = Mode::Prompt(Prompt {
                purpose: PromptPurpose::Open,
                input: String::new(),
                matches: Vec::new(),
            });
        }
        Action::Save => save(app),
        Action::Help => app.mode = Mode::Help { scroll: 0 },
        Action::Legend => {
            app.mode = Mode::Help {
                scroll: panes::overlay::legend_start() as u16,
            }
        }
        Action::Quit => {
            if app.is_dirty() {
                app.mode = Mode::Confirm(Confirm::Quit);
            } else {
                app.quit = true;
            }
        }
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { column, row, lines } => scroll(app, column, row, lines),
        Action::Differ => differ(app),
        Action::GraphView
        | Action::GraphBack
        | Action::GraphFind
        | Action::GraphLeft
        | Action::GraphRight
        | Action::MemoryTruth
        | Action::Export => graph_action(app, action),
        _ => {}
    }
}

// ---- the object graph (see panes::graph) ----

fn graph_action(app: &mut App, action: Action) {
    let in_graph = app.focus == PaneId::Graph;
    match action {
        Action::GraphView => panes::graph::toggle_view(app),
        Action::GraphBack if in_graph => panes::graph::back(app),
        Action::GraphLeft if in_graph => panes::graph::switch_side(app, false),
        Action::GraphRight if in_graph => panes::graph::switch_side(app, true),
        Action::GraphFind => {
            app.mode = Mode::Prompt(Prompt {
                purpose: PromptPurpose::FindObject,
                input: String::new(),
                matches: Vec::new(),
            });
        }
        Action::Export => panes::graph::export(app),
        Action::MemoryTruth => panes::graph::toggle_truth(app),
        _ => {}
    }
}

/// Before a command: the graph pane remembers its picture to mark what changes.
fn graph_before(app: &mut App) {
    panes::graph::before_command(app);
}

fn editing_mode(app: &mut App, action: Action) {
    match action {
        Action::LeaveEditor => {
            app.mode = Mode::Normal;
            app.style_editor();
            app.info(if app.is_dirty() {
                "edits not saved yet — Ctrl-S saves"
            } else {
                "back to stepping"
            });
        }
        Action::Input(key) => type_key(app, key),
        Action::Paste(text) => {
            let before = (app.editor.lines().len(), app.editor.cursor().0);
            if app
                .editor
                .insert_str(text.replace("\r\n", "\n").replace('\r', "\n"))
            {
                edited(app, before);
            }
        }
        Action::Save => save(app),
        Action::Click { column, row } => {
            if app
                .pane_inner(PaneId::Editor)
                .is_some_and(|r| contains(r, column, row))
            {
                click(app, column, row);
            } else {
                app.mode = Mode::Normal;
                app.style_editor();
                click(app, column, row);
            }
        }
        Action::Scroll { column, row, lines } => scroll(app, column, row, lines),
        _ => {}
    }
}

fn help_mode(app: &mut App, action: Action, scroll: u16) {
    let lines = panes::overlay::help_max_scroll(app.area);
    let step = |d: i32| (i32::from(scroll) + d).clamp(0, i32::from(lines)) as u16;
    app.mode = match action {
        Action::Help | Action::Cancel | Action::Quit => Mode::Normal,
        Action::Legend => Mode::Help {
            scroll: panes::overlay::legend_start() as u16,
        },
        Action::Up => Mode::Help { scroll: step(-1) },
        Action::Down => Mode::Help { scroll: step(1) },
        Action::PageUp => Mode::Help { scroll: step(-10) },
        Action::PageDown => Mode::Help { scroll: step(10) },
        Action::Home => Mode::Help { scroll: 0 },
        Action::End => Mode::Help { scroll: lines },
        Action::Scroll { lines: l, .. } => Mode::Help { scroll: step(l) },
        Action::Click { .. } => Mode::Normal,
        _ => Mode::Help { scroll },
    };
}

fn confirm_mode(app: &mut App, action: Action, question: Confirm) {
    let answer = match action {
        Action::Answer(c) => c,
        // Enter never drops an edit: it saves first
        Action::Accept => 's',
        Action::Cancel => 'n',
        _ => return,
    };
    app.mode = Mode::Normal;
    match (question, answer) {
        (Confirm::Quit, 'y') => app.quit = true,
        (Confirm::Quit, 's') => {
            if app.doc.path.is_none() {
                save(app);
            } else if save_to(app, None) {
                app.quit = true;
            }
        }
        (Confirm::Discard(path), 'y') => open_file(app, path),
        (Confirm::Discard(path), 's') => {
            if app.doc.path.is_none() {
                save(app);
            } else if save_to(app, None) {
                open_file(app, path);
            }
        }
        (Confirm::Recover(rec), 'y') => match std::fs::read_to_string(&rec) {
            Ok(text) => {
                app.load_text(&text);
                app.run = None;
                app.info(format!(
                    "restored the unsaved edits from {} — Ctrl-S saves them",
                    rec.display()
                ));
            }
            Err(e) => app.error(format!("cannot read {}: {e}", rec.display())),
        },
        (Confirm::Recover(rec), 'd') => {
            let _ = std::fs::remove_file(&rec);
            app.info(format!("dropped the unsaved edits in {}", rec.display()));
        }
        (Confirm::Recover(rec), _) => {
            app.info(format!("kept {} for later", rec.display()));
        }
        (Confirm::Real(_), 'y') => {
            app.use_python(Some("python3".into()));
            app.mode = Mode::Normal;
            run_command(app, CommandKind::Step(Step::Over));
        }
        (Confirm::Real(_), _) => app.info("staying on the model"),
        _ => app.info("cancelled"),
    }
}

fn prompt_mode(app: &mut App, action: Action, mut prompt: Prompt) {
    match action {
        Action::Cancel => {
            app.mode = Mode::Normal;
            app.style_editor();
            return;
        }
        Action::Input(key) => match key.code {
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                prompt.input.push(c);
            }
            KeyCode::Char('u') => prompt.input.clear(),
            KeyCode::Char('w') => {
                let trimmed = prompt.input.trim_end_matches('/').len();
                let cut = prompt.input[..trimmed]
                    .rfind('/')
                    .map(|i| i + 1)
                    .unwrap_or(0);
                prompt.input.truncate(cut);
            }
            KeyCode::Backspace => {
                prompt.input.pop();
            }
            _ => {}
        },
        Action::Paste(text) => prompt.input.push_str(text.trim_end_matches(['\n', '\r'])),
        Action::Complete => {
            let base = app.prompt_base();
            let (input, matches) = complete_path(base.as_deref(), &prompt.input);
            prompt.input = input;
            prompt.matches = matches;
        }
        Action::Accept => {
            let path = resolve_prompt_path(app, prompt.input.trim());
            app.style_editor();
            if prompt.input.trim().is_empty() {
                app.mode = Mode::Normal;
                return;
            }
            match prompt.purpose {
                PromptPurpose::Open => {
                    app.mode = Mode::Normal;
                    if app.is_dirty() {
                        app.mode = Mode::Confirm(Confirm::Discard(path));
                    } else {
                        open_file(app, path);
                    }
                }
                PromptPurpose::SaveAs => {
                    app.mode = Mode::Normal;
                    if !save_to(app, Some(path)) {
                        app.mode = Mode::Prompt(prompt);
                    }
                }
                PromptPurpose::FindObject => {
                    app.mode = Mode::Normal;
                    panes::graph::find(app, &prompt.input);
                }
            }
            return;
        }
        _ => return,
    }
    app.mode = Mode::Prompt(prompt);
}

// ---------------------------------------------------------------------------------------
// running

/// Start a command; the first slice runs at once (a short step finishes right here).
fn run_command(app: &mut App, kind: CommandKind) {
    if let Some(job) = app.recording.as_mut() {
        // said for a moment before the count comes back
        job.quiet_until = std::time::Instant::now() + std::time::Duration::from_millis(1500);
        app.info("still running: recording the snippet — Esc or Ctrl-C stops it");
        return;
    }
    if app.is_busy() {
        app.info("still running — Ctrl-C interrupts");
        return;
    }
    // the real backend records the snippet first, in the background: the screen shows the
    // steps so far, Esc or Ctrl-C stops it, and the command runs when it is there
    if let Some(python) = app.python.clone().filter(|_| app.run.is_none()) {
        let text = app.text();
        if app.recorded.as_ref().is_none_or(|(t, _)| *t != text) {
            match RecordingJob::start(app, &python, &text, kind) {
                Ok(job) => {
                    app.recording = Some(job);
                    recording_progress(app, 0);
                }
                Err(e) => app.error(format!("cannot record the snippet on {python}: {e}")),
            }
            return;
        }
    }
    run_recorded_command(app, kind);
}

/// A recording of the editor text being made on the real backend (`--python`), and the
/// command that waits for it.
pub struct RecordingJob {
    bg: crate::backend::cpython::Background,
    kind: CommandKind,
    /// The editor text recorded.
    text: String,
    python: String,
    /// The steps last shown.
    shown: usize,
    /// Another message is shown until then.
    quiet_until: std::time::Instant,
    /// The unsaved text's temporary folder, while the snippet runs from it.
    _dir: Option<RemoveOnDrop>,
}

impl RecordingJob {
    fn start(app: &mut App, python: &str, text: &str, kind: CommandKind) -> Result<Self, String> {
        let (file, dir) = snippet_file(app, text)?;
        let mut opts = crate::backend::cpython::RunOptions::for_file(python, &file);
        opts.limit = app.record_limit;
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        Ok(RecordingJob {
            bg: crate::backend::cpython::Background::start(opts, cancel),
            kind,
            text: text.to_string(),
            python: python.to_string(),
            shown: usize::MAX,
            quiet_until: std::time::Instant::now(),
            _dir: dir,
        })
    }
}

/// The message line while a recording is made.
fn recording_progress(app: &mut App, steps: usize) {
    let Some(job) = app.recording.as_mut() else {
        return;
    };
    if job.shown == steps || std::time::Instant::now() < job.quiet_until {
        return;
    }
    job.shown = steps;
    let python = job.python.clone();
    let limit = app.record_limit;
    app.info(format!(
        "recording the snippet on {python} (it runs with your rights, to its end or {limit} \
         steps): {steps} steps so far · Esc or Ctrl-C stops"
    ));
}

/// A slice of the recording in progress: read what came, say how far it is, and when it is
/// done, run the command that waited for it.
fn recording_tick(app: &mut App) {
    use crate::backend::cpython::{Poll, RecordError};
    // the input thread's watchdog raised the interrupt (a Ctrl-C the loop did not take)
    if app
        .flags
        .interrupt
        .swap(false, std::sync::atomic::Ordering::SeqCst)
    {
        if let Some(job) = app.recording.as_ref() {
            job.bg.stop();
        }
    }
    let Some(job) = app.recording.as_mut() else {
        return;
    };
    match job.bg.poll(std::time::Duration::from_millis(30)) {
        Poll::Running { steps } => recording_progress(app, steps),
        Poll::Done(result) => {
            let Some(job) = app.recording.take() else {
                return;
            };
            match result {
                Ok(rec) => {
                    let stopped = rec.end.stopped.then_some(rec.steps.len());
                    app.recorded = Some((job.text, std::rc::Rc::new(*rec)));
                    app.message = None;
                    run_recorded_command(app, job.kind);
                    if let Some(n) = stopped {
                        app.info(format!(
                            "you stopped the recording after {n} steps: the rest did not run \
                             (step through what was recorded; r records again)"
                        ));
                    }
                }
                Err(RecordError::Stopped) => {
                    app.info("recording stopped before the snippet started")
                }
                Err(e) => app.error(format!("cannot record the snippet on {}: {e}", job.python)),
            }
        }
    }
}

/// Start a command on a run whose recording (for the real backend) is made or cached.
fn run_recorded_command(app: &mut App, kind: CommandKind) {
    if !ensure_runner(app) {
        return;
    }
    let follow = cursor_key(app);
    super::phases::time("graph before", || graph_before(app));
    let Some(runner) = app.run.as_mut() else {
        return;
    };
    if kind == CommandKind::Collect && runner.real().is_some() {
        app.info(
            "a recording cannot be asked to collect: it shows the collections the snippet's own \
             code ran (the model's g collects at any step)",
        );
        return;
    }
    if matches!(kind, CommandKind::Step(_)) && runner.is_finished() {
        app.info("the snippet has finished — r restarts, b steps back, g collects");
        return;
    }
    super::phases::time("before_command", || {
        app.heap
            .before_command(runner, kind == CommandKind::Collect)
    });
    runner.start(Command::new(kind, app.breakpoints.clone()));
    app.pending_follow = follow;
    tick(app);
}

/// A fresh run of the editor text, if there is none.
fn ensure_runner(app: &mut App) -> bool {
    if app.run.is_some() {
        return true;
    }
    let text = app.text();
    let snippet = match app.doc.snippet_for_run(&text) {
        Ok(s) => s,
        Err(e) => {
            app.error(format!("cannot run: {e}"));
            return false;
        }
    };
    let runner = match app.python.clone() {
        None => Runner::new(snippet, &app.doc.filename(), &text, app.flags.clone()),
        Some(python) => match recording_of(app, &python, &text) {
            Ok(rec) => Runner::recorded(
                rec,
                &python,
                &snippet,
                &app.doc.filename(),
                &text,
                app.flags.clone(),
            ),
            Err(e) => {
                app.error(format!("cannot record the snippet on {python}: {e}"));
                return false;
            }
        },
    };
    reset_views(app);
    app.heap.rebuild(&runner);
    app.run = Some(runner);
    true
}

/// The recording of the editor text on `python`: the one made before when the text is the
/// same, else a new one (the snippet runs, with the user's rights, to its end or the step
/// limit). A saved file runs where it is (its folder is `sys.path[0]`); unsaved text runs
/// from a private temporary folder.
fn recording_of(
    app: &mut App,
    python: &str,
    text: &str,
) -> Result<std::rc::Rc<crate::backend::recording::Recording>, String> {
    use crate::backend::cpython;
    if let Some((t, rec)) = &app.recorded {
        if t == text {
            return Ok(rec.clone());
        }
    }
    let (file, _dir) = snippet_file(app, text)?;
    let mut opts = cpython::RunOptions::for_file(python, &file);
    opts.limit = app.record_limit;
    // Ctrl-C (delivered by the input thread's watchdog while this blocks) ends the recording
    let cancel = app.flags.interrupt.clone();
    cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    let rec = cpython::record(&opts, &mut |_| {}, Some(cancel.clone())).map_err(|e| e.to_string());
    cancel.store(false, std::sync::atomic::Ordering::SeqCst);
    let rec = std::rc::Rc::new(rec?);
    app.recorded = Some((text.to_string(), rec.clone()));
    Ok(rec)
}

/// The file a recording runs: a saved file where it is (its folder is `sys.path[0]`), unsaved
/// text from a private temporary folder (removed when the guard is dropped).
fn snippet_file(app: &App, text: &str) -> Result<(PathBuf, Option<RemoveOnDrop>), String> {
    Ok(match (&app.doc.path, app.is_dirty()) {
        (Some(p), false) if p.exists() => (p.clone(), None),
        _ => {
            let contents = app.doc.contents_for(text, app.doc.path.as_deref())?;
            let dir = std::env::temp_dir().join(format!(
                "refscope-edit-{}-{}",
                std::process::id(),
                app.stops
            ));
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let name = app
                .doc
                .path
                .as_ref()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "scratch.py".into());
            let file = dir.join(name);
            std::fs::write(&file, contents).map_err(|e| e.to_string())?;
            (file, Some(RemoveOnDrop(dir)))
        }
    })
}

/// A temporary folder, removed with what it holds.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `D`: mark what differs between the model and the real CPython at this step.
fn differ(app: &mut App) {
    if app.is_busy() {
        app.info("still running — Ctrl-C interrupts");
        return;
    }
    let Some(runner) = app.run.as_ref() else {
        app.info("nothing to compare yet — n runs the first line");
        return;
    };
    let step = runner.step();
    let text = app.text();
    let marks = if runner.real().is_some() {
        // the other side: the model, stepped to the same line event
        let snippet = match app.doc.snippet_for_run(&text) {
            Ok(s) => s,
            Err(e) => return app.error(format!("cannot run the model: {e}")),
        };
        let mut session = crate::vm::session::Session::new(
            snippet,
            crate::vm::VmOptions {
                filename: app.doc.filename(),
                ..crate::vm::VmOptions::default()
            },
        );
        session.stop_at_uncaught = true;
        session.goto_step(step, &[]);
        let there = crate::analysis::LiveHeap::of(&session);
        super::differ::marks(&runner.heap(), &there, "the model", app.stops)
    } else {
        let python = app.python.clone().unwrap_or_else(|| "python3".into());
        let rec = match recording_of(app, &python, &text) {
            Ok(r) => r,
            Err(e) => return app.error(format!("cannot record the snippet on {python}: {e}")),
        };
        let Some(runner) = app.run.as_ref() else {
            return;
        };
        let mut there = crate::backend::recording::RecordedRun::new(rec);
        there.goto(step as usize);
        let name = format!("CPython {}", there.recording.info.version);
        super::differ::marks(&runner.heap(), &there, &name, app.stops)
    };
    let text = marks.summary(step);
    let any = !marks.list.is_empty() || marks.line.is_some();
    app.differs = Some(marks);
    if any {
        app.error(text);
    } else {
        app.info(text);
    }
}

/// Forget everything shown about a run.
fn reset_views(app: &mut App) {
    app.stops += 1;
    app.heap.clear();
    app.details = None;
    app.output_index = OutputIndex::default();
    app.output = OutputScroll::default();
    app.refcounts = Default::default();
    app.cycles = Default::default();
    app.interned = Default::default();
    app.pending.cycles = false;
    app.pending.details = false;
    app.errors_seen = 0;
    app.graph.clear();
    app.stop_views.clear();
    app.restore = None;
}

/// Run the next slice of the command in progress.
fn tick(app: &mut App) {
    if app.recording.is_some() {
        return recording_tick(app);
    }
    let Some(runner) = app.run.as_mut() else {
        return;
    };
    let result = super::phases::time("slice", || runner.slice());
    app.output_index.refresh(runner.stdout(), runner.stderr());
    match result {
        SliceResult::Idle | SliceResult::Running => {}
        SliceResult::Done { replay_left: 1 } => {
            // the last command of a replay starts: the marks are relative to it
            app.heap.rebuild(runner);
            let collecting = runner.active_kind() == Some(CommandKind::Collect);
            app.heap.before_command(runner, collecting);
            graph_before(app);
        }
        SliceResult::Done { replay_left: 0 } => {
            super::phases::time("command_done", || command_done(app))
        }
        SliceResult::Done { .. } => {}
    }
}

/// A command finished: refresh every view and say what happened.
fn command_done(app: &mut App) {
    app.stops += 1;
    let Some(runner) = app.run.as_ref() else {
        return;
    };
    super::phases::time("after_command", || app.heap.after_command(runner));
    // stepping back: the stop shows again what it showed (its last collection, the
    // selected object); a new stop is a new entry of the history
    match app.restore.take() {
        Some(view) => {
            app.heap.collection = view.collection;
            app.selected = view.selected;
        }
        None => {
            app.stop_views.truncate(runner.log.len().saturating_sub(1));
            app.stop_views.push(StopView {
                collection: app.heap.collection.clone(),
                selected: app.selected,
            });
        }
    }
    let runner = app.run.as_ref().expect("a run");
    app.pending.cycles = app.heap.cycles.is_none();
    let step = runner.step();
    let last = runner.log.last().cloned();
    let location = runner.location();
    let mut text = match runner.status() {
        Status::Finished { exit_code } => match runner.real().and_then(|r| r.end_note()) {
            Some(note) => format!("step {step}: {note}"),
            None => format!("step {step}: finished (exit status {exit_code})"),
        },
        _ => match location {
            Some((_, line)) => format!("step {step}: next line {line}"),
            None => format!("step {step}"),
        },
    };
    let collected = runner.last_collection().map(|r| r.collected);
    let is_collect = last
        .as_ref()
        .is_some_and(|c| c.kind == CommandKind::Collect);
    if let (true, Some(n)) = (is_collect, collected) {
        text = format!("step {step}: gc.collect() returned {n}");
    }
    if last.as_ref().is_some_and(|c| c.interrupt_after.is_some()) {
        text.push_str(" · KeyboardInterrupt");
    }
    let ch = app.heap.changes;
    if ch.new + ch.freed + ch.changed > 0 {
        text.push_str(&format!(
            " · {} new, {} freed, {} changed",
            ch.new, ch.freed, ch.changed
        ));
    }
    // a new error (syntax or uncaught exception) is the news of this step
    let errors_before = app.errors_seen;
    let marks = runner.error_marks();
    app.errors_seen = marks.len();
    match marks.last().filter(|_| marks.len() > errors_before) {
        Some((line, msg)) => {
            app.error(format!("step {step}: line {line}: {msg}"));
            // what the model cannot run, the real interpreter can: offer it
            if let Some(why) = not_modelled(msg).filter(|_| app.python.is_none()) {
                app.mode = Mode::Confirm(Confirm::Real(format!("line {line}: {why}")));
            }
        }
        None => app.info(text),
    }
    // the editor follows execution
    if app.mode != Mode::Editing {
        if let Some((_, line)) = location {
            let row = line.saturating_sub(1).min(u16::MAX as u32) as u16;
            app.editor.move_cursor(CursorMove::Jump(row, 0));
        }
    }
    // the refcount table keeps its object, or shows what changed
    let follow = app.pending_follow.take();
    let live = |k: ObjRef| app.run.as_ref().is_some_and(|r| r.is_live(k));
    let learner = app.heap.scope == crate::analysis::lesson::Scope::Snippet;
    let target =
        app.selected
            .filter(|&k| live(k))
            .or(if app.focus == PaneId::Refcounts || learner {
                follow.filter(|&k| !learner || live(k))
            } else {
                None
            });
    match target.and_then(|k| app.heap.position(k, app.changes_only)) {
        Some(i) => app.refcounts.cursor = i,
        // the snippet's objects are in the order its names reach them: the first name's
        None if learner => app.refcounts.cursor = 0,
        None if app.focus != PaneId::Refcounts => {
            // the latest change: new objects come last, so this is usually what the line made
            let n = app.heap.changed.len();
            let latest = if app.changes_only {
                n.checked_sub(1)
            } else {
                app.heap.changed.last().copied()
            };
            if let Some(i) = latest {
                app.refcounts.cursor = i;
            }
        }
        None => {}
    }
    app.output.follow = true;
    super::phases::time("fit_lists", || fit_lists(app));
    super::phases::time("refresh_details", || refresh_details(app));
    super::phases::time("graph refresh", || panes::graph::refresh(app));
}

fn step_back(app: &mut App) {
    if app.is_busy() {
        app.info("still running — Ctrl-C interrupts");
        return;
    }
    let Some(run) = app.run.as_ref() else {
        app.info("already at the start");
        return;
    };
    let mut log = run.log.clone();
    if log.pop().is_none() || log.is_empty() {
        app.run = None;
        reset_views(app);
        app.info("step 0: back at the start");
        return;
    }
    let mut views = std::mem::take(&mut app.stop_views);
    views.truncate(log.len());
    let restore = views.last().cloned().unwrap_or_default();
    let approx = log.iter().any(|c| c.interrupt_approx);
    let n = log.len();
    app.run = None;
    if !ensure_runner(app) {
        return;
    }
    app.stop_views = views;
    app.restore = Some(restore);
    let follow = app.selected;
    if let Some(runner) = app.run.as_mut() {
        app.heap.clear();
        runner.start_replay(log);
        if runner.replay_left() == 0 {
            app.heap.rebuild(runner);
            let collecting = runner.active_kind() == Some(CommandKind::Collect);
            app.heap.before_command(runner, collecting);
        }
    }
    if app.run.as_ref().is_some_and(|r| r.replay_left() == 0) {
        graph_before(app);
    }
    app.pending_follow = follow;
    app.info(if approx {
        format!("stepping back: replaying {n} steps (an interrupted step may replay differently)")
    } else {
        format!("stepping back: replaying {n} steps")
    });
    tick(app);
}

fn restart(app: &mut App) {
    app.run = None;
    reset_views(app);
    app.info("restarted — n runs the first line");
}

fn interrupt(app: &mut App) {
    if let Some(job) = app.recording.as_ref() {
        job.bg.stop();
        app.info("stopping the recording: what was recorded so far stays");
        return;
    }
    if let Some(r) = app.run.as_mut() {
        if r.interrupt() {
            app.info("Ctrl-C: KeyboardInterrupt raised in the snippet");
            return;
        }
    }
    app.info("nothing is running (q quits)");
}

/// Toggle a breakpoint on an editor line. A line without code (blank, a comment, a `# %%`
/// marker, `else:`) has no line event to stop at: the breakpoint goes on the next line that
/// has one, as pdb's `break` moves it, and the message says so; past the last line with code
/// it is refused.
fn toggle_breakpoint(app: &mut App, line: u32) {
    let lines = app.editor.lines().len() as u32;
    if line == 0 || line > lines {
        return;
    }
    if app.breakpoints.remove(&line) {
        app.info(format!("breakpoint on line {line} cleared"));
        return;
    }
    let code = editor_lines_with_code(app);
    let target = match &code {
        None => Some(line),
        Some(code) => code.range(line..).next().copied(),
    };
    match target {
        None => app.error(format!(
            "no breakpoint: nothing runs on line {line} or after it"
        )),
        Some(t) if t == line => {
            app.breakpoints.insert(line);
            app.info(format!("breakpoint on line {line} — c runs to it"));
        }
        Some(t) => {
            app.breakpoints.insert(t);
            app.info(format!(
                "line {line} has no code: the breakpoint goes on line {t}, the next line that runs — c runs to it"
            ));
        }
    }
}

/// The editor lines a line event can stop on, or None when the text does not compile
/// (then any line is accepted).
fn editor_lines_with_code(app: &App) -> Option<std::collections::BTreeSet<u32>> {
    let text = app.text();
    let snippet = app.doc.snippet_for_run(&text).ok()?;
    let map = super::runner::LineMap::new(&snippet, &text);
    let mut out = std::collections::BTreeSet::new();
    for (cell, lines) in crate::vm::session::lines_with_code(&snippet)
        .into_iter()
        .enumerate()
    {
        for l in lines? {
            out.insert(map.editor_line(cell, l));
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// deferred work

fn idle(app: &mut App) {
    if app.pending.syntax {
        app.pending.syntax = false;
        app.live_errors = check_syntax(&app.text());
    } else if app.pending.details {
        app.pending.details = false;
        compute_details(app);
    } else if app.pending.cycles {
        app.pending.cycles = false;
        if let Some(r) = app.run.as_ref() {
            app.heap.analyse_cycles(r);
        }
        fit_lists(app);
        // the picture can now show the unreachable cycles
        panes::graph::refresh(app);
    } else if app.graph.pending {
        panes::graph::compute_holders(app);
    }
}

/// Syntax errors of the editor text, cell by cell (as the run would find them).
pub fn check_syntax(text: &str) -> Vec<(u32, String)> {
    let Ok(snippet) = crate::load::load_str("check.py", text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for cell in &snippet.cells {
        match crate::parse::parse_module(&cell.source) {
            Ok(_) => {}
            Err(crate::parse::ParseFailure::Syntax(e)) => {
                out.push((
                    cell.first_line + e.line.max(1) - 1,
                    format!("{}: {}", e.kind, e.msg),
                ));
            }
            Err(crate::parse::ParseFailure::Memory) => {
                out.push((cell.first_line, "MemoryError".to_string()));
            }
            Err(crate::parse::ParseFailure::Unsupported(u)) => {
                let (line, _) = crate::parse::line_col(&cell.source, u.range.start);
                out.push((
                    cell.first_line + line.max(1) - 1,
                    format!(
                        "NotImplementedError: refscope does not model {}",
                        u.construct
                    ),
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// objects and details

/// The refcount table's cursor object.
fn cursor_key(app: &App) -> Option<ObjRef> {
    app.heap
        .visible(app.refcounts.cursor, app.changes_only)
        .map(|r| r.key())
}

/// The object the holders under the refcount table describe: the object selected in
/// another pane when the table does not list it, else the table's cursor row.
fn details_key(app: &App) -> Option<ObjRef> {
    let live = |k: ObjRef| app.run.as_ref().is_some_and(|r| r.is_live(k));
    app.details_pin
        .filter(|&k| live(k))
        .or_else(|| cursor_key(app))
}

/// Holders and sharing of the cursor object: now on small heaps, when idle on big ones.
pub fn refresh_details(app: &mut App) {
    let Some(key) = details_key(app) else {
        app.details = None;
        return;
    };
    let stop = app.stops;
    if app
        .details
        .as_ref()
        .is_some_and(|d| d.key == key && d.stop == stop)
    {
        return;
    }
    let heavy = app.run.as_ref().is_some_and(Runner::heavy);
    if heavy {
        app.details = None;
        app.pending.details = true;
    } else {
        compute_details(app);
    }
}

fn compute_details(app: &mut App) {
    let Some(key) = details_key(app) else {
        app.details = None;
        return;
    };
    let Some(runner) = app.run.as_ref() else {
        return;
    };
    let heap = runner.heap();
    if !is_live(&heap, key) {
        app.details = None;
        return;
    }
    let refcnt = heap.refcnt(key.0);
    let mut holders = holders_of(&heap, key.0);
    // what no object or frame the state lists explains: said, never hidden
    let seen: i64 = holders.iter().map(|h| h.count).sum();
    if refcnt > seen {
        holders.push(Holder {
            text: format!(
                "reference{} refscope cannot see (interpreter internals)",
                if refcnt - seen == 1 { "" } else { "s" }
            ),
            object: None,
            count: refcnt - seen,
        });
    }
    app.details = Some(Details {
        key,
        stop: app.stops,
        refcnt,
        holders,
        shared: why_shared_in(&heap, key.0)
            .iter()
            .map(|s| s.explain())
            .collect(),
    });
}

/// Put the refcount cursor on an object, if the table lists it.
fn follow_object(app: &mut App, key: ObjRef) -> bool {
    match app.heap.position(key, app.changes_only) {
        Some(i) => {
            app.refcounts.cursor = i;
            true
        }
        None => false,
    }
}

fn select_under_cursor(app: &mut App) {
    let key = match app.focus {
        PaneId::Refcounts => cursor_key(app),
        PaneId::Interned => panes::interned::lines(app)
            .get(app.interned.cursor)
            .and_then(|l| l.object),
        PaneId::Graph => {
            // the graph's Enter selects its box: every pane follows, and the holders under
            // the refcount table describe it
            let before = app.selected;
            panes::graph::enter(app);
            if let Some(key) = app.selected.filter(|&k| Some(k) != before) {
                let shown = follow_object(app, key);
                app.details_pin = (!shown).then_some(key);
                fit_lists(app);
                refresh_details(app);
            }
            return;
        }
        PaneId::Cycles => {
            let width = app
                .pane_inner(PaneId::Cycles)
                .map(|r| r.width)
                .unwrap_or(80);
            panes::cycles::lines(app, width)
                .get(app.cycles.cursor)
                .and_then(|l| l.object)
        }
        _ => None,
    };
    let Some(key) = key else {
        app.info("no object here — Enter selects the object under the cursor");
        return;
    };
    let live = app.run.as_ref().is_some_and(|r| r.is_live(key));
    if !live {
        app.info("that object has been freed");
        return;
    }
    app.selected = Some(key);
    let shown = follow_object(app, key);
    app.details_pin = (!shown).then_some(key);
    fit_lists(app);
    refresh_details(app);
    let name = app
        .run
        .as_ref()
        .map(|r| r.heap().short_repr(key.0, 40))
        .unwrap_or_default();
    if shown {
        app.info(format!("selected {name}"));
    } else {
        app.info(format!(
            "selected {name} (an interpreter object: a shows them in Refcounts)"
        ));
    }
}

fn toggle_scope(app: &mut App) {
    app.heap.scope = app.heap.scope.next();
    if let Some(r) = app.run.as_ref() {
        app.heap.rebuild(r);
    }
    app.pending.cycles = app.run.is_some() && app.heap.cycles.is_none();
    app.refcounts = Default::default();
    if let Some(k) = app.selected {
        follow_object(app, k);
    }
    fit_lists(app);
    refresh_details(app);
    app.info(format!(
        "listing {} (a: {})",
        app.heap.scope.describe(),
        app.heap.scope.next().describe()
    ));
}

// ---------------------------------------------------------------------------------------
// moving around

#[derive(Clone, Copy)]
enum Move {
    Lines(isize),
    Page(isize),
    Home,
    End,
}

/// Lines a list pane shows.
fn list_height(app: &App, pane: PaneId) -> usize {
    let Some(inner) = app.pane_inner(pane) else {
        return 1;
    };
    match pane {
        PaneId::Refcounts => panes::refcounts::split(inner).0.height.saturating_sub(1) as usize,
        _ => inner.height as usize,
    }
}

/// Length of a list pane's content.
fn list_len(app: &App, pane: PaneId) -> usize {
    match pane {
        PaneId::Refcounts => app.heap.visible_len(app.changes_only),
        PaneId::Interned => panes::interned::lines(app).len(),
        PaneId::Cycles => {
            let w = app.pane_inner(pane).map(|r| r.width).unwrap_or(80);
            panes::cycles::lines(app, w).len()
        }
        PaneId::Output => app
            .run
            .as_ref()
            .map(|r| app.output_index.len(r.stdout(), r.stderr()))
            .unwrap_or(0),
        _ => 0,
    }
}

/// Keep every list's cursor inside its content and on screen.
fn fit_lists(app: &mut App) {
    for pane in [PaneId::Refcounts, PaneId::Interned, PaneId::Cycles] {
        let (len, h) = (list_len(app, pane), list_height(app, pane));
        let state = match pane {
            PaneId::Refcounts => &mut app.refcounts,
            PaneId::Interned => &mut app.interned,
            _ => &mut app.cycles,
        };
        state.fit(len, h);
    }
}

fn move_in(app: &mut App, pane: PaneId, m: Move) {
    let height = list_height(app, pane);
    let len = list_len(app, pane);
    let delta = match m {
        Move::Lines(n) => n,
        Move::Page(n) => n * height.max(1) as isize,
        Move::Home => isize::MIN / 2,
        Move::End => isize::MAX / 2,
    };
    match pane {
        PaneId::Editor => match m {
            Move::Lines(n) if n < 0 => app.editor.move_cursor(CursorMove::Up),
            Move::Lines(_) => app.editor.move_cursor(CursorMove::Down),
            Move::Page(n) if n < 0 => app.editor.scroll(Scrolling::PageUp),
            Move::Page(_) => app.editor.scroll(Scrolling::PageDown),
            Move::Home => app.editor.move_cursor(CursorMove::Top),
            Move::End => app.editor.move_cursor(CursorMove::Bottom),
        },
        PaneId::Refcounts => {
            app.refcounts.move_by(delta, len, height);
            app.details_pin = None;
            refresh_details(app);
        }
        PaneId::Interned => app.interned.move_by(delta, len, height),
        PaneId::Cycles => app.cycles.move_by(delta, len, height),
        PaneId::Output => {
            let max = len.saturating_sub(height);
            let current = if app.output.follow {
                max
            } else {
                app.output.offset.min(max)
            };
            let next = current.saturating_add_signed(delta).min(max);
            app.output.offset = next;
            app.output.follow = next >= max;
        }
        PaneId::Graph => panes::graph::move_cursor(app, delta),
    }
}

fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

fn click(app: &mut App, column: u16, row: u16) {
    let screen = app.screen();
    let Some(slot) = screen.slot_at(column, row).cloned() else {
        return;
    };
    // a click on a tab title switches to that tab
    if row == slot.area.y {
        if let Some(p) = panes::tab_at(&slot, &app.recency, column) {
            app.set_focus(p);
            return;
        }
    }
    let pane = super::layout::Screen::shown(&slot, &app.recency);
    app.set_focus(pane);
    let Some(inner) = app.pane_inner(pane) else {
        return;
    };
    if !contains(inner, column, row) {
        return;
    }
    let y = (row - inner.y) as usize;
    match pane {
        PaneId::Editor => {
            if let Some((line, gutter)) = panes::editor::hit(app, inner, column, row) {
                if gutter {
                    toggle_breakpoint(app, line);
                } else {
                    let (r, c) = panes::editor::text_position(app, inner, column, row);
                    app.editor.move_cursor(CursorMove::Jump(r, c));
                }
            }
        }
        PaneId::Refcounts => {
            let (table, _) = panes::refcounts::split(inner);
            if row > table.y && row < table.y + table.height {
                let i = app.refcounts.offset + (row - table.y - 1) as usize;
                if i < app.heap.visible_len(app.changes_only) {
                    app.refcounts.cursor = i;
                    refresh_details(app);
                }
            }
        }
        PaneId::Interned => {
            let i = app.interned.offset + y;
            if i < list_len(app, pane) {
                app.interned.cursor = i;
            }
        }
        PaneId::Cycles => {
            let i = app.cycles.offset + y;
            if i < list_len(app, pane) {
                app.cycles.cursor = i;
            }
        }
        _ => {}
    }
}

fn scroll(app: &mut App, column: u16, row: u16, lines: i32) {
    let screen = app.screen();
    let Some(slot) = screen.slot_at(column, row) else {
        return;
    };
    let pane = super::layout::Screen::shown(slot, &app.recency);
    if pane == PaneId::Editor {
        app.editor.scroll((lines.clamp(-100, 100) as i16, 0));
        return;
    }
    move_in(app, pane, Move::Lines(lines as isize));
}

// ---------------------------------------------------------------------------------------
// editing and files

/// A key typed in the editor. Enter keeps the indentation (one level more after a `:`).
fn type_key(app: &mut App, key: KeyEvent) {
    let before = (app.editor.lines().len(), app.editor.cursor().0);
    let modified = if key.code == KeyCode::Enter && key.modifiers.is_empty() {
        let ratatui_textarea::DataCursor(row, col) = app.editor.cursor();
        let line = app.editor.lines().get(row).cloned().unwrap_or_default();
        let head: String = line.chars().take(col).collect();
        let mut indent: String = head
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        if head.trim_end().ends_with(':') {
            indent.push_str("    ");
        }
        app.editor.insert_newline();
        app.editor.insert_str(indent);
        true
    } else {
        app.editor.input(key)
    };
    if modified {
        edited(app, before);
    }
}

/// The text changed: move breakpoints with their lines, recolour, and reset the run.
fn edited(app: &mut App, (old_len, old_row): (usize, usize)) {
    let new_len = app.editor.lines().len();
    if new_len != old_len {
        let delta = new_len as i64 - old_len as i64;
        let pivot = old_row as u32 + 1;
        app.breakpoints = app
            .breakpoints
            .iter()
            .filter_map(|&l| {
                if l <= pivot {
                    Some(l)
                } else {
                    let moved = l as i64 + delta;
                    (moved > pivot as i64).then_some(moved as u32)
                }
            })
            .collect();
    }
    app.rehighlight();
    app.pending.syntax = true;
    if app.run.is_some() {
        app.run = None;
        reset_views(app);
        app.info("edited — the run starts again from the top");
    }
}

/// A path typed in the prompt: `~/` is the home folder, a relative path is in the
/// document's folder.
fn resolve_prompt_path(app: &App, input: &str) -> PathBuf {
    if let (Some(rest), Some(home)) = (input.strip_prefix("~/"), std::env::var_os("HOME")) {
        return PathBuf::from(home).join(rest);
    }
    let p = PathBuf::from(input);
    match app.prompt_base() {
        Some(base) if p.is_relative() => base.join(p),
        _ => p,
    }
}

fn save(app: &mut App) {
    if app.doc.path.is_none() {
        app.mode = Mode::Prompt(Prompt {
            purpose: PromptPurpose::SaveAs,
            input: String::new(),
            matches: Vec::new(),
        });
        app.info("save as: type a path (.py or .ipynb), Enter saves");
        return;
    }
    save_to(app, None);
}

/// Save; on failure the text stays, the message says why, and a save-as prompt offers
/// another path (Esc keeps editing).
fn save_to(app: &mut App, target: Option<PathBuf>) -> bool {
    let text = app.text();
    let path = target.clone().or_else(|| app.doc.path.clone());
    match app.doc.save(&text, target.as_deref()) {
        Ok(p) => {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string());
            match dropped_marker_text(app) {
                // short enough for an 80-column message line with the file name
                Some(line) => app.error(format!(
                    "saved {name}, but a notebook keeps no text after `# %%` (line {line})"
                )),
                None => app.info(format!("saved {}", p.display())),
            }
            true
        }
        Err(e) => {
            app.error(format!(
                "save failed, your edits are kept (Enter retries, Esc cancels): {e}"
            ));
            app.mode = Mode::Prompt(Prompt {
                purpose: PromptPurpose::SaveAs,
                input: path.map(|p| p.display().to_string()).unwrap_or_default(),
                matches: Vec::new(),
            });
            false
        }
    }
}

/// In a notebook, a `# %%` line starts a cell and is not itself saved: the first such line
/// with text after the marker (a cell title in a `.py` file) loses that text.
fn dropped_marker_text(app: &App) -> Option<usize> {
    if !app.doc.is_notebook() {
        return None;
    }
    app.editor
        .lines()
        .iter()
        .position(|l| {
            l.strip_prefix(crate::load::CELL_MARKER)
                .is_some_and(|rest| !rest.trim().is_empty())
        })
        .map(|i| i + 1)
}

fn open_file(app: &mut App, path: PathBuf) {
    let exists = path.exists();
    match Document::open(&path) {
        Ok(doc) => {
            let text = doc.saved_text.clone();
            app.doc = doc;
            app.mode = Mode::Normal;
            app.load_text(&text);
            app.run = None;
            app.selected = None;
            reset_views(app);
            app.set_focus(PaneId::Editor);
            app.offer_recovery();
            if exists {
                app.info(format!("opened {} — n runs the first line", app.doc.name()));
            } else {
                app.info(format!(
                    "new file {} — e edits, Ctrl-S creates it",
                    app.doc.name()
                ));
            }
        }
        Err(e) => app.error(format!("cannot open {e}")),
    }
}
