//! The app's whole state: the document and its editor, the run, what the heap panes show,
//! focus, cursors, the input mode and the message line. `update` changes it; `draw` reads it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders};
use ratatui_textarea::TextArea;

use crate::analysis::Holder;

use super::action::PaneId;
use super::document::Document;
use super::heapview::{HeapView, ObjRef};
use super::keymap::Context;
use super::layout::{self, Screen};
use super::runner::{InterruptFlags, Runner};
use super::syntax::{self, Highlights};
use super::theme::Theme;

/// Tab stops in the editor.
pub const TAB: u8 = 4;

/// A scrolled list with a cursor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListState {
    pub cursor: usize,
    /// The first line shown.
    pub offset: usize,
}

impl ListState {
    /// Keep the cursor inside `len` items and on screen in `height` lines.
    pub fn fit(&mut self, len: usize, height: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }

    /// Move the cursor by `delta` lines.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        self.cursor = self.cursor.saturating_add_signed(delta);
        self.fit(len, height);
    }
}

/// The output pane's scroll: follows the end unless the user scrolled up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutputScroll {
    pub offset: usize,
    pub follow: bool,
}

impl Default for OutputScroll {
    fn default() -> Self {
        OutputScroll {
            offset: 0,
            follow: true,
        }
    }
}

/// Line starts of the snippet's output, extended as it grows (never rescanned).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutputIndex {
    /// Start offsets of stdout's lines, then stderr's.
    pub out: Vec<usize>,
    pub err: Vec<usize>,
    out_scanned: usize,
    err_scanned: usize,
}

fn extend_index(starts: &mut Vec<usize>, scanned: &mut usize, text: &str) {
    if text.len() < *scanned {
        starts.clear();
        *scanned = 0;
    }
    if starts.is_empty() && !text.is_empty() {
        starts.push(0);
    }
    for (i, b) in text.as_bytes()[*scanned..].iter().enumerate() {
        if *b == b'\n' {
            starts.push(*scanned + i + 1);
        }
    }
    *scanned = text.len();
}

impl OutputIndex {
    /// Take in what was printed since the last call.
    pub fn refresh(&mut self, stdout: &str, stderr: &str) {
        extend_index(&mut self.out, &mut self.out_scanned, stdout);
        extend_index(&mut self.err, &mut self.err_scanned, stderr);
    }

    fn count(starts: &[usize], len: usize) -> usize {
        match starts.last() {
            Some(&l) if l >= len => starts.len() - 1,
            _ => starts.len(),
        }
    }

    /// Lines in all.
    pub fn len(&self, stdout: &str, stderr: &str) -> usize {
        Self::count(&self.out, stdout.len()) + Self::count(&self.err, stderr.len())
    }

    /// Line `i` of stdout-then-stderr, and whether it is stderr.
    pub fn line<'t>(&self, i: usize, stdout: &'t str, stderr: &'t str) -> Option<(&'t str, bool)> {
        let n_out = Self::count(&self.out, stdout.len());
        let (starts, text, i, err) = if i < n_out {
            (&self.out, stdout, i, false)
        } else {
            (&self.err, stderr, i - n_out, true)
        };
        let start = *starts.get(i)?;
        let end = starts.get(i + 1).map(|e| e - 1).unwrap_or(text.len());
        let line = text.get(start..end.max(start))?;
        Some((line.trim_end_matches('\r'), err))
    }
}

/// What the open/save prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    Open,
    SaveAs,
    /// Find an object in the object graph (name, type or address).
    FindObject,
}

/// A one-line path prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptPurpose,
    pub input: String,
    /// Entries matching the last completion.
    pub matches: Vec<String>,
}

/// A question waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Confirm {
    /// Quit with unsaved edits?
    Quit,
    /// Open another file, dropping unsaved edits?
    Discard(PathBuf),
    /// Restore the unsaved edits an earlier session left in this recovery file?
    Recover(PathBuf),
    /// The model cannot run the snippet (this error): open it on the real CPython?
    Real(String),
}

impl Confirm {
    /// The status bar's hints while this question is asked: its own answers, as its box
    /// names them (the key map's question hints are the unsaved-edits question's; `None`
    /// keeps them).
    pub fn hints(&self) -> Option<Vec<(String, &'static str)>> {
        let pairs: &[(&str, &'static str)] = match self {
            Confirm::Quit | Confirm::Discard(_) => return None,
            Confirm::Recover(_) => &[
                ("y", "restore"),
                ("d", "drop them"),
                ("n", "keep for later"),
            ],
            Confirm::Real(_) => &[("y", "open on python3"), ("n", "stay on the model")],
        };
        Some(pairs.iter().map(|(k, h)| (k.to_string(), *h)).collect())
    }
}

/// The input mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Editing,
    Prompt(Prompt),
    Confirm(Confirm),
    Help { scroll: u16 },
}

/// A line for the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The selected object's holders and why it is shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Details {
    pub key: ObjRef,
    /// The stop they were computed at ([`App::stops`]).
    pub stop: u64,
    pub refcnt: i64,
    pub holders: Vec<Holder>,
    pub shared: Vec<String>,
}

/// What a stop showed besides the heap, kept so that stepping back shows it again: the last
/// collection the cycles pane reported and the selected object.
#[derive(Clone, Debug, Default)]
pub struct StopView {
    pub collection: Option<super::heapview::CollectionView>,
    pub selected: Option<ObjRef>,
}

/// Work waiting for an idle moment (big heaps, or text being typed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    pub cycles: bool,
    pub details: bool,
    pub syntax: bool,
}

/// The whole app.
pub struct App {
    pub theme: Theme,
    /// The terminal size.
    pub area: Rect,
    pub doc: Document,
    pub editor: TextArea<'static>,
    pub highlights: Highlights,
    /// Editor lines (1-based) with a breakpoint.
    pub breakpoints: BTreeSet<u32>,
    /// Syntax errors found while typing: `(editor line, message)`.
    pub live_errors: Vec<(u32, String)>,
    /// The run; `None` until the first step (and after a restart or an edit).
    pub run: Option<Runner>,
    pub flags: InterruptFlags,
    pub heap: HeapView,
    pub details: Option<Details>,
    pub output_index: OutputIndex,
    pub focus: PaneId,
    /// Panes, most recently focused first (tab groups show the most recent).
    pub recency: Vec<PaneId>,
    pub mode: Mode,
    pub message: Option<Message>,
    /// The object selected with Enter, highlighted in every pane.
    pub selected: Option<ObjRef>,
    pub refcounts: ListState,
    pub interned: ListState,
    pub cycles: ListState,
    pub output: OutputScroll,
    pub changes_only: bool,
    pub pending: Pending,
    /// The refcount row to keep the cursor on when the running command finishes.
    pub pending_follow: Option<ObjRef>,
    /// Error marks of the run already reported in the message line.
    pub errors_seen: usize,
    pub quit: bool,
    /// The object graph pane: its view, cursor, focus and the picture of the current step.
    pub graph: super::panes::graph::GraphPane,
    /// One entry per stop of the run's history (as `run.log`): what it showed.
    pub stop_views: Vec<StopView>,
    /// Stepping back: the view to show again once the replay is done.
    pub restore: Option<StopView>,
    /// Stops shown so far, counting every new state (a step back too): what views computed
    /// at a stop are cached under. The step number alone can come back with another state
    /// (`b` then `s` where `n` was pressed), this never does.
    pub stops: u64,
    /// The object the holders describe when the refcount table does not list it (selected
    /// in another pane); moving in the table lets go of it.
    pub details_pin: Option<ObjRef>,
    /// The real backend: the interpreter that runs the snippet, recorded (`--python`); the
    /// model when `None`.
    pub python: Option<String>,
    /// The real backend's step limit.
    pub record_limit: u64,
    /// A recording being made in the background, and the command waiting for it (Esc or
    /// Ctrl-C stops it; the screen shows the steps recorded so far).
    pub recording: Option<super::update::RecordingJob>,
    /// The last recording and the editor text it was made of (stepping back and restarting
    /// reuse it: the snippet does not run again unless the text changed).
    pub recorded: Option<(String, std::rc::Rc<crate::backend::recording::Recording>)>,
    /// The objects whose state differs between the model and the real backend at this step
    /// (the `D` key), with the first difference found.
    pub differs: Option<super::differ::Marks>,
}

impl App {
    /// The app on a file (or the scratch snippet), for a terminal of `area`. A file that
    /// cannot be opened leaves the scratch snippet and says why.
    pub fn new(path: Option<&Path>, theme: Theme, area: Rect) -> App {
        let (doc, message) = match path {
            None => (Document::scratch(), None),
            Some(p) => match Document::open(p) {
                Ok(d) => {
                    let note = if p.exists() {
                        None
                    } else {
                        Some(Message {
                            text: format!("new file {} (Ctrl-S creates it)", p.display()),
                            error: false,
                        })
                    };
                    (d, note)
                }
                Err(e) => (
                    Document::scratch(),
                    Some(Message {
                        text: format!("cannot open {e}"),
                        error: true,
                    }),
                ),
            },
        };
        let mut app = App {
            theme,
            area,
            editor: TextArea::default(),
            highlights: Highlights::default(),
            breakpoints: BTreeSet::new(),
            live_errors: Vec::new(),
            run: None,
            flags: InterruptFlags::default(),
            heap: HeapView::default(),
            details: None,
            output_index: OutputIndex::default(),
            focus: PaneId::Editor,
            // where panes share a slot, the object graph is in front
            recency: vec![
                PaneId::Editor,
                PaneId::Graph,
                PaneId::Refcounts,
                PaneId::Cycles,
                PaneId::Interned,
                PaneId::Output,
            ],
            mode: Mode::Normal,
            message: None,
            selected: None,
            refcounts: ListState::default(),
            interned: ListState::default(),
            cycles: ListState::default(),
            output: OutputScroll::default(),
            changes_only: false,
            pending: Pending::default(),
            pending_follow: None,
            errors_seen: 0,
            quit: false,
            graph: Default::default(),
            stop_views: Vec::new(),
            stops: 0,
            restore: None,
            details_pin: None,
            python: None,
            record_limit: crate::backend::cpython::DEFAULT_LIMIT,
            recording: None,
            recorded: None,
            differs: None,
            doc,
        };
        let text = app.doc.saved_text.clone();
        app.load_text(&text);
        app.offer_recovery();
        app.message = message.or_else(|| {
            Some(Message {
                text: format!(
                    "{} — n: run the next line · ? lists every key",
                    app.doc.name()
                ),
                error: false,
            })
        });
        app
    }

    /// Run snippets on a real CPython (`python`), recorded, instead of the model.
    pub fn use_python(&mut self, python: Option<String>) {
        self.run = None;
        self.recorded = None;
        self.recording = None;
        if let Some(p) = &python {
            self.info(format!(
                "{} on the real {p}: the snippet runs with your rights (not sandboxed), recorded \
                 when it starts — n: run the next line · ? lists every key",
                self.doc.name()
            ));
        }
        self.python = python;
    }

    /// Ask whether to restore the unsaved edits an earlier session left for this file.
    pub fn offer_recovery(&mut self) {
        if let Some(p) = self.doc.path.as_deref() {
            if let Some(rec) = super::recovery::left_for(p, &self.doc.saved_text) {
                self.mode = Mode::Confirm(Confirm::Recover(rec));
            }
        }
    }

    /// Put text in the editor (a file was opened).
    pub fn load_text(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n");
        let lines: Vec<String> = text.split('\n').map(String::from).collect();
        let mut editor = TextArea::new(lines);
        editor.set_tab_length(TAB);
        editor.set_max_histories(1000);
        self.editor = editor;
        self.style_editor();
        self.breakpoints.clear();
        self.live_errors.clear();
        self.rehighlight();
        self.pending.syntax = true;
    }

    /// The editor's styles for the current mode and theme.
    pub fn style_editor(&mut self) {
        let t = &self.theme;
        self.editor.set_line_number_style(t.line_number);
        self.editor.set_style(t.text);
        if self.mode == Mode::Editing {
            self.editor.set_cursor_style(t.edit_cursor);
            self.editor.set_cursor_line_style(t.cursor_line);
        } else {
            // a block cursor where the editor has focus, so it shows on any line
            self.editor
                .set_cursor_style(if self.focus == PaneId::Editor {
                    t.edit_cursor
                } else {
                    t.text
                });
            self.editor.set_cursor_line_style(t.text);
        }
    }

    /// Recolour the editor text.
    pub fn rehighlight(&mut self) {
        self.highlights = syntax::highlight(self.editor.lines(), TAB as usize);
    }

    /// The editor's text.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    /// Whether the text differs from the file.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty(&self.text())
    }

    /// The folder relative paths in the open/save prompt are taken in: the document's.
    pub fn prompt_base(&self) -> Option<PathBuf> {
        self.doc
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .filter(|d| !d.as_os_str().is_empty())
            .map(|d| d.to_path_buf())
    }

    /// A command is running (or a replay).
    pub fn is_busy(&self) -> bool {
        self.recording.is_some() || self.run.as_ref().is_some_and(Runner::is_busy)
    }

    /// Deferred work is waiting for an idle moment.
    pub fn has_idle_work(&self) -> bool {
        self.pending.cycles || self.pending.details || self.pending.syntax || self.graph.pending
    }

    /// The step number shown everywhere: the trace's step, line events so far (what
    /// `refscope export --step N` and `refscope trace` number the same state).
    pub fn step(&self) -> u64 {
        self.run.as_ref().map(|r| r.step()).unwrap_or(0)
    }

    /// Which key-map context keys are read in.
    pub fn context(&self) -> Context {
        match self.mode {
            Mode::Normal => Context::Normal,
            Mode::Editing => Context::Editing,
            Mode::Prompt(_) => Context::Prompt,
            Mode::Confirm(_) => Context::Dialog,
            Mode::Help { .. } => Context::Help,
        }
    }

    /// The current layout.
    pub fn screen(&self) -> Screen {
        layout::compute(self.area)
    }

    /// The inside (border excluded) of a pane, if it is on screen.
    pub fn pane_inner(&self, pane: PaneId) -> Option<Rect> {
        self.screen()
            .area_of(pane, &self.recency)
            .map(|a| Block::default().borders(Borders::ALL).inner(a))
    }

    /// Give a pane the focus (and bring it to the front of its tab group).
    pub fn set_focus(&mut self, pane: PaneId) {
        self.focus = pane;
        self.recency.retain(|&p| p != pane);
        self.recency.insert(0, pane);
        self.style_editor();
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
        });
    }

    /// Run deferred work and every command to the end (tests and benchmarks: what the
    /// main loop does when the user waits).
    pub fn settle(&mut self) {
        let mut guard = 0u64;
        while self.is_busy() && guard < 1_000_000 {
            super::update::update(self, super::action::Action::Tick);
            guard += 1;
        }
        while self.has_idle_work() {
            super::update::update(self, super::action::Action::Idle);
        }
    }
}
