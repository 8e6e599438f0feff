//! Everything the app can be asked to do. Key presses, mouse events and the main loop's own
//! ticks all become an [`Action`]; [`crate::tui::update::update`] is the only place that acts.

use crossterm::event::KeyEvent;

/// The panes, in focus order (Tab walks this list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PaneId {
    Editor,
    Refcounts,
    Interned,
    Cycles,
    Graph,
    Output,
}

impl PaneId {
    /// Focus order.
    pub const ALL: [PaneId; 6] = [
        PaneId::Editor,
        PaneId::Refcounts,
        PaneId::Interned,
        PaneId::Cycles,
        PaneId::Graph,
        PaneId::Output,
    ];

    /// The pane's title.
    pub fn title(self) -> &'static str {
        match self {
            PaneId::Editor => "Editor",
            PaneId::Refcounts => "Refcounts",
            PaneId::Interned => "Interned",
            PaneId::Cycles => "Cycles",
            PaneId::Graph => "Object graph",
            PaneId::Output => "Output",
        }
    }

    /// The pane after this one in focus order (wrapping).
    pub fn next(self) -> PaneId {
        let i = PaneId::ALL.iter().position(|&p| p == self).unwrap_or(0);
        PaneId::ALL[(i + 1) % PaneId::ALL.len()]
    }

    /// The pane before this one in focus order (wrapping).
    pub fn prev(self) -> PaneId {
        let i = PaneId::ALL.iter().position(|&p| p == self).unwrap_or(0);
        PaneId::ALL[(i + PaneId::ALL.len() - 1) % PaneId::ALL.len()]
    }
}

/// One thing to do. Every variant a key can trigger is listed in the key map
/// ([`crate::tui::keymap::KEYMAP`]), which also writes the help from these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    // ---- running the snippet ----
    /// Run to the next line in this frame or a caller, over calls (debugger "next").
    StepOver,
    /// Run to the next line anywhere, into calls (debugger "step").
    StepInto,
    /// Run until the current function returns to its caller.
    StepOut,
    /// Run to the next breakpoint, or to the end.
    Continue,
    /// Go back one step: the run is replayed from the start minus the last command
    /// (the model is deterministic, so the state is exactly the earlier one).
    StepBack,
    /// Throw the run away; the next step starts from the top.
    Restart,
    /// Run `gc.collect()` now, as a step of its own, and show the cycles before and after.
    Collect,
    /// Set or clear a breakpoint on the editor's cursor line.
    ToggleBreakpoint,
    /// Set or clear a breakpoint on this editor line (1-based), e.g. from a gutter click.
    ToggleBreakpointAt(u32),
    /// Ctrl-C: raise KeyboardInterrupt in the running snippet (never quits the app).
    Interrupt,

    // ---- moving around ----
    /// Focus the next pane (Tab).
    FocusNext,
    /// Focus the previous pane (Shift-Tab).
    FocusPrev,
    /// Focus this pane.
    Focus(PaneId),
    /// Move the focused pane's cursor up / down one line.
    Up,
    Down,
    /// Move the focused pane's cursor a page up / down.
    PageUp,
    PageDown,
    /// Move the focused pane's cursor to its first / last line.
    Home,
    End,
    /// Select the object under the cursor in every pane (Enter).
    Select,
    /// Which objects the panes list: the snippet's own (what its names reach), everything
    /// the run made (the interpreter's and IPython's machinery too), every object (start-up
    /// objects too), in turn.
    ToggleScope,
    /// Show only the objects the last step changed (new, freed, refcount changed).
    ToggleChangesOnly,

    // ---- editing and files ----
    /// Start editing the snippet in the editor pane.
    Edit,
    /// Stop editing (the run restarts from the top if the text changed).
    LeaveEditor,
    /// A key typed while editing or in a prompt (text input).
    Input(KeyEvent),
    /// Text pasted from the terminal (bracketed paste).
    Paste(String),
    /// Ask for a file to open (a path prompt with Tab completion).
    Open,
    /// Save the snippet (atomically); asks for a path for a scratch snippet.
    Save,
    /// Complete the path in the prompt (Tab).
    Complete,
    /// Accept the prompt or dialog (Enter).
    Accept,
    /// Close the prompt, dialog or overlay (Esc).
    Cancel,
    /// Answer a yes/no dialog.
    Answer(char),
    /// Show the help overlay listing every key.
    Help,
    /// Show the legend (what every mark means): the help overlay, at its legend.
    Legend,
    /// Quit (asks first when there are unsaved edits).
    Quit,

    // ---- the object graph ----
    /// Switch the object graph between the whole picture and the focused view.
    GraphView,
    /// In the focused view, go back to the object shown before (the last Enter undone).
    GraphBack,
    /// Find an object for the object graph by name, type or address (a prompt).
    GraphFind,
    /// In the focused view, move to the holders side (left) / the referents side (right);
    /// in the whole picture, to the previous / next box.
    GraphLeft,
    GraphRight,
    /// Write the heap now next to the snippet as SVG, DOT and JSON (`NAME.stepN.svg`...).
    Export,
    /// The memory truth in the object graph: every object its own box (`10` too, one box
    /// shared by every name bound to it), every reference to the object memory holds; or
    /// back to values written in their slots, as Python Tutor draws.
    MemoryTruth,
    /// Mark the objects whose state differs between the model and the real CPython at this
    /// step (the other side is run to the same step).
    Differ,

    // ---- from the terminal and the main loop ----
    /// A left click at this screen position (focus, select a row, set a breakpoint).
    Click {
        column: u16,
        row: u16,
    },
    /// The mouse wheel over this position: positive scrolls down.
    Scroll {
        column: u16,
        row: u16,
        lines: i32,
    },
    /// The terminal is now this size.
    Resize {
        width: u16,
        height: u16,
    },
    /// Run the next slice of the command in progress (the main loop sends this while busy).
    Tick,
    /// Nothing happened for a while: run the deferred analyses (cycles, holders) of a big heap.
    Idle,
}
