//! The key map: one typed table ([`KEYMAP`]) says which key does what in which mode. Key
//! handling looks keys up in it, and the help overlay and the status bar's hints are written
//! from it, so the help can never drift from the keys.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton};
use crossterm::event::{MouseEvent, MouseEventKind};

use super::action::Action;

/// Where a binding applies: the app's input mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Moving around and running the snippet (the default).
    Normal,
    /// Typing in the editor.
    Editing,
    /// Typing a path in the open/save prompt.
    Prompt,
    /// A yes/no question (quit with unsaved edits...).
    Dialog,
    /// The help overlay.
    Help,
}

impl Context {
    /// The heading of this context's section in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Normal => "Running and moving around",
            Context::Editing => "While editing",
            Context::Prompt => "In the path prompt",
            Context::Dialog => "In a question",
            Context::Help => "In this help",
        }
    }
}

/// One key with its modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> KeyCombo {
    KeyCombo {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ch(c: char) -> KeyCombo {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> KeyCombo {
    KeyCombo {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn shift(code: KeyCode) -> KeyCombo {
    KeyCombo {
        code,
        mods: KeyModifiers::SHIFT,
    }
}

impl KeyCombo {
    /// Whether a key event is this combo. Shift is part of a letter (`?` is `?`, whatever
    /// the terminal reports), and terminals that send Shift-F11 as F23 are understood.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let relevant = KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT;
        let (mut code, mut mods) = (ev.code, ev.modifiers & relevant);
        match code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            KeyCode::F(n) if n > 12 && n <= 24 => {
                code = KeyCode::F(n - 12);
                mods.insert(KeyModifiers::SHIFT);
            }
            _ => {}
        }
        code == self.code && mods == self.mods
    }

    /// How the help writes this key: `n`, `F10`, `Shift-F11`, `Ctrl-S`, `PgUp`.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                c.to_ascii_uppercase().to_string()
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            other => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            out.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            out.push_str("Shift-");
        }
        out.push_str(&name);
        out
    }
}

/// One row of the key map.
pub struct Binding {
    /// The modes it applies in.
    pub contexts: &'static [Context],
    /// The keys, first one shown first.
    pub keys: &'static [KeyCombo],
    pub action: Action,
    /// What the help says.
    pub help: &'static str,
    /// The status bar's short hint, if it gets one.
    pub hint: Option<&'static str>,
}

use Context::{Dialog, Editing, Help, Normal, Prompt};

/// The key map. Order matters only for display (help and hints list it in this order).
pub static KEYMAP: &[Binding] = &[
    Binding {
        contexts: &[Normal],
        keys: &[ch('n'), key(KeyCode::F(10))],
        action: Action::StepOver,
        help: "next line (over calls)",
        hint: Some("next"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('s'), key(KeyCode::F(11))],
        action: Action::StepInto,
        help: "step into calls",
        hint: Some("into"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('u'), shift(KeyCode::F(11))],
        action: Action::StepOut,
        help: "step out of the current function",
        hint: Some("out"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('c'), key(KeyCode::F(5))],
        action: Action::Continue,
        help: "continue to a breakpoint or the end",
        hint: Some("cont"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('b')],
        action: Action::StepBack,
        help: "step back (exact replay of every step but the last)",
        hint: Some("back"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('r')],
        action: Action::Restart,
        help: "restart from the top",
        hint: Some("restart"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('g')],
        action: Action::Collect,
        help: "run gc.collect() now, show cycles before/after",
        hint: Some("gc"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::F(9))],
        action: Action::ToggleBreakpoint,
        help: "toggle a breakpoint on the editor's cursor line",
        hint: Some("break"),
    },
    Binding {
        contexts: &[Normal, Editing, Prompt, Dialog, Help],
        keys: &[ctrl('c')],
        action: Action::Interrupt,
        help: "interrupt the running snippet (KeyboardInterrupt)",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Esc)],
        action: Action::Interrupt,
        help: "stop a recording in progress (the real backend), as Ctrl-C",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('e'), ch('i')],
        action: Action::Edit,
        help: "edit the snippet",
        hint: Some("edit"),
    },
    Binding {
        contexts: &[Editing],
        keys: &[key(KeyCode::Esc)],
        action: Action::LeaveEditor,
        help: "stop editing (the run restarts if the text changed)",
        hint: Some("done"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Tab)],
        action: Action::FocusNext,
        help: "focus the next pane",
        hint: Some("pane"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::BackTab)],
        action: Action::FocusPrev,
        help: "focus the previous pane",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::Up), ch('k')],
        action: Action::Up,
        help: "move up",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::Down), ch('j')],
        action: Action::Down,
        help: "move down",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::PageUp)],
        action: Action::PageUp,
        help: "page up",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::PageDown)],
        action: Action::PageDown,
        help: "page down",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::Home)],
        action: Action::Home,
        help: "first line",
        hint: None,
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[key(KeyCode::End)],
        action: Action::End,
        help: "last line",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Enter)],
        action: Action::Select,
        help: "select the object under the cursor in every pane",
        hint: Some("select"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('a')],
        action: Action::ToggleScope,
        help: "objects listed: the snippet's / all the run made / all",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('f')],
        action: Action::ToggleChangesOnly,
        help: "refcounts: only what the last step changed",
        hint: None,
    },
    // ---- the object graph ----
    Binding {
        contexts: &[Normal],
        keys: &[ch('v')],
        action: Action::GraphView,
        help: "object graph: whole picture / focused view",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Left)],
        action: Action::GraphLeft,
        help: "object graph: holders side / previous box",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Right)],
        action: Action::GraphRight,
        help: "object graph: referents side / next box",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[key(KeyCode::Backspace)],
        action: Action::GraphBack,
        help: "object graph: back to the previous object",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('/')],
        action: Action::GraphFind,
        help: "object graph: find by name, type or address",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('m')],
        action: Action::MemoryTruth,
        help: "object graph: values inline / every object a box",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('x')],
        action: Action::Export,
        help: "export SVG, DOT and JSON next to the snippet",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('D')],
        action: Action::Differ,
        help: "mark (≠) what differs: model vs real CPython",
        hint: None,
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('o')],
        action: Action::Open,
        help: "open a file (.py, # %% cells, .ipynb)",
        hint: Some("open"),
    },
    Binding {
        contexts: &[Normal, Editing],
        keys: &[ctrl('s')],
        action: Action::Save,
        help: "save (atomic: temp file + rename)",
        hint: Some("save"),
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[ch('?')],
        action: Action::Help,
        help: "show/hide this help",
        hint: Some("help"),
    },
    Binding {
        contexts: &[Normal, Help],
        keys: &[ch('l')],
        action: Action::Legend,
        help: "the legend: what every mark means",
        hint: Some("legend"),
    },
    Binding {
        contexts: &[Normal],
        keys: &[ch('q')],
        action: Action::Quit,
        help: "quit (asks when there are unsaved edits)",
        hint: Some("quit"),
    },
    Binding {
        contexts: &[Prompt],
        keys: &[key(KeyCode::Tab)],
        action: Action::Complete,
        help: "complete the path",
        hint: Some("complete"),
    },
    Binding {
        contexts: &[Prompt],
        keys: &[key(KeyCode::Enter)],
        action: Action::Accept,
        help: "accept",
        hint: Some("ok"),
    },
    Binding {
        contexts: &[Dialog],
        keys: &[ch('y')],
        action: Action::Answer('y'),
        help: "yes, drop the edits",
        hint: Some("drop edits"),
    },
    Binding {
        // one key never loses an edit: Enter saves first
        contexts: &[Dialog],
        keys: &[ch('s'), key(KeyCode::Enter)],
        action: Action::Answer('s'),
        help: "save first",
        hint: Some("save"),
    },
    Binding {
        contexts: &[Dialog],
        keys: &[ch('d')],
        action: Action::Answer('d'),
        help: "drop the edits a recovery file holds",
        hint: None,
    },
    Binding {
        contexts: &[Dialog],
        keys: &[ch('n')],
        action: Action::Answer('n'),
        help: "no",
        hint: Some("no"),
    },
    Binding {
        contexts: &[Prompt, Dialog, Help],
        keys: &[key(KeyCode::Esc)],
        action: Action::Cancel,
        help: "cancel / close",
        hint: Some("cancel"),
    },
    Binding {
        contexts: &[Help],
        keys: &[ch('q')],
        action: Action::Cancel,
        help: "close the help",
        hint: None,
    },
];

/// What the mouse does (not keys, but listed in the help too).
pub const MOUSE_HELP: &[(&str, &str)] = &[
    (
        "click",
        "focus a pane, pick a row; in the editor gutter: toggle a breakpoint",
    ),
    ("wheel", "scroll the pane under the mouse"),
];

/// The binding a key event triggers in a context.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<&'static Binding> {
    KEYMAP
        .iter()
        .find(|b| b.contexts.contains(&context) && b.keys.iter().any(|k| k.matches(ev)))
}

/// Turn a terminal event into an action, in a context. Keys that no binding claims become
/// text input where text is typed (editor, prompt) and are ignored elsewhere.
pub fn map_event(context: Context, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            if let Some(b) = lookup(context, k) {
                return Some(b.action.clone());
            }
            match context {
                Context::Editing | Context::Prompt => Some(Action::Input(*k)),
                _ => None,
            }
        }
        Event::Key(_) => None,
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: *column,
                row: *row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: *column,
                row: *row,
                lines: 3,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: *column,
                row: *row,
                lines: -3,
            }),
            _ => None,
        },
        Event::Resize(w, h) => Some(Action::Resize {
            width: *w,
            height: *h,
        }),
        Event::Paste(text) => match context {
            Context::Editing | Context::Prompt => Some(Action::Paste(text.clone())),
            _ => None,
        },
        _ => None,
    }
}

/// The keys of the first binding for an action in a context, as the help writes them.
pub fn keys_for(context: Context, action: &Action) -> Vec<String> {
    KEYMAP
        .iter()
        .find(|b| b.contexts.contains(&context) && &b.action == action)
        .map(|b| b.keys.iter().map(KeyCombo::label).collect())
        .unwrap_or_default()
}

/// The status bar's hints for a context: `(key, hint)` in table order.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    KEYMAP
        .iter()
        .filter(|b| b.contexts.contains(&context))
        .filter_map(|b| b.hint.map(|h| (b.keys[0].label(), h)))
        .collect()
}

/// The help overlay's sections: per context, `(keys, what it does)`.
pub fn help_sections() -> Vec<(Context, Vec<(String, &'static str)>)> {
    [Normal, Editing, Prompt, Dialog, Help]
        .into_iter()
        .map(|c| {
            let rows = KEYMAP
                .iter()
                .filter(|b| b.contexts.contains(&c))
                .map(|b| {
                    let keys: Vec<String> = b.keys.iter().map(KeyCombo::label).collect();
                    (keys.join(" / "), b.help)
                })
                .collect();
            (c, rows)
        })
        .collect()
}

/// The key map as Markdown, one table per context and one for the mouse: the README's key
/// table is this text (a test checks that it has not drifted).
pub fn markdown_tables() -> String {
    let mut out = String::new();
    for (context, _) in help_sections() {
        let rows: Vec<&Binding> = KEYMAP
            .iter()
            .filter(|b| b.contexts.contains(&context))
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "**{}**\n\n| key | does |\n|---|---|\n",
            context.title()
        ));
        for b in rows {
            let keys: Vec<String> = b.keys.iter().map(|k| format!("`{}`", k.label())).collect();
            out.push_str(&format!("| {} | {} |\n", keys.join(" / "), b.help));
        }
        out.push('\n');
    }
    out.push_str("**Mouse**\n\n| key | does |\n|---|---|\n");
    for (what, help) in MOUSE_HELP {
        out.push_str(&format!("| {what} | {help} |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, mods))
    }

    #[test]
    fn debugger_keys_map_to_their_actions() {
        let none = KeyModifiers::NONE;
        let cases = [
            (press(KeyCode::Char('n'), none), Action::StepOver),
            (press(KeyCode::F(10), none), Action::StepOver),
            (press(KeyCode::F(11), none), Action::StepInto),
            (press(KeyCode::F(11), KeyModifiers::SHIFT), Action::StepOut),
            (press(KeyCode::F(23), none), Action::StepOut),
            (press(KeyCode::F(5), none), Action::Continue),
            (press(KeyCode::F(9), none), Action::ToggleBreakpoint),
            (press(KeyCode::Char('?'), KeyModifiers::SHIFT), Action::Help),
            (
                press(KeyCode::Char('S'), KeyModifiers::CONTROL),
                Action::Save,
            ),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Action::Interrupt,
            ),
        ];
        for (ev, want) in cases {
            assert_eq!(map_event(Context::Normal, &ev), Some(want), "{ev:?}");
        }
    }

    #[test]
    fn typing_keys_are_text_while_editing_but_commands_elsewhere() {
        let n = press(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(map_event(Context::Normal, &n), Some(Action::StepOver));
        assert!(matches!(
            map_event(Context::Editing, &n),
            Some(Action::Input(_))
        ));
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(map_event(Context::Editing, &esc), Some(Action::LeaveEditor));
        // Ctrl-C interrupts everywhere and never quits.
        let cc = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for c in [Normal, Editing, Prompt, Dialog, Help] {
            assert_eq!(map_event(c, &cc), Some(Action::Interrupt));
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for c in [Normal, Editing, Prompt, Dialog, Help] {
            let mut seen: Vec<KeyCombo> = Vec::new();
            for b in KEYMAP.iter().filter(|b| b.contexts.contains(&c)) {
                for k in b.keys {
                    assert!(!seen.contains(k), "{} bound twice in {c:?}", k.label());
                    seen.push(*k);
                }
            }
        }
    }

    #[test]
    fn the_readme_key_table_is_the_key_map() {
        let tables = markdown_tables();
        assert!(
            tables.contains("| `n` / `F10` | next line (over calls) |"),
            "{tables}"
        );
        assert!(tables.contains("| `u` / `Shift-F11` |"), "{tables}");
        // once the README carries the table, it must be this one
        let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
        let text = std::fs::read_to_string(readme).unwrap_or_default();
        if !text.contains("<!-- keys: generated from src/tui/keymap.rs -->") {
            eprintln!("README.md has no key table yet: not compared");
            return;
        }
        let missing: Vec<&str> = tables
            .lines()
            .filter(|l| l.starts_with("| `") && !text.contains(l))
            .collect();
        assert!(
            missing.is_empty(),
            "README.md key table out of date: {missing:#?}"
        );
    }

    #[test]
    fn help_lists_every_binding() {
        let sections = help_sections();
        let listed: usize = sections.iter().map(|(_, rows)| rows.len()).sum();
        let expected: usize = KEYMAP.iter().map(|b| b.contexts.len()).sum();
        assert_eq!(listed, expected);
        assert!(keys_for(Normal, &Action::StepOut).contains(&"Shift-F11".to_string()));
    }
}
