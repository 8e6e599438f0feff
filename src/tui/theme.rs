//! Styles named by what they mean. Panes ask the theme for `changed_up` or `breakpoint`, never
//! for a colour; `NO_COLOR` swaps the palette for one made of bold, dim, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

/// Every style the app draws with.
#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    /// Whether the palette uses colour at all (`NO_COLOR` unset).
    pub color: bool,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    /// The row under a pane's cursor.
    pub cursor_row: Style,
    /// An object selected with Enter, wherever it appears.
    pub selected: Style,
    pub header: Style,
    /// A section heading inside a pane.
    pub heading: Style,
    /// Refcount went up / down, object new / freed in the last step.
    pub changed_up: Style,
    pub changed_down: Style,
    pub new_object: Style,
    pub freed_object: Style,
    /// Editor: the next line to run (gutter arrow and the line's background).
    pub next_line: Style,
    pub next_line_marker: Style,
    /// Editor: the line the last step ran (Python Tutor's "just executed" arrow).
    pub last_line_marker: Style,
    /// Editor: the mark of a line longer than the pane.
    pub cut_marker: Style,
    pub breakpoint: Style,
    pub error_line: Style,
    pub error_marker: Style,
    pub error_text: Style,
    pub line_number: Style,
    /// Editor: the text cursor while editing, and its line.
    pub edit_cursor: Style,
    pub cursor_line: Style,
    /// Syntax colours.
    pub syn_keyword: Style,
    pub syn_string: Style,
    pub syn_number: Style,
    pub syn_comment: Style,
    pub syn_builtin: Style,
    pub syn_cell_marker: Style,
    /// Cycle states.
    pub reachable: Style,
    pub unreachable: Style,
    pub freed: Style,
    pub survived: Style,
    /// Output: stderr text and `Out[N]` prompts.
    pub stderr: Style,
    pub out_prompt: Style,
    /// Status bar.
    pub status: Style,
    pub status_key: Style,
    pub status_hint: Style,
    pub message_info: Style,
    pub message_error: Style,
    pub busy: Style,
    /// Overlays (help, prompts, confirmations).
    pub overlay: Style,
    pub overlay_border: Style,
    pub key: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
}

impl Theme {
    /// The theme for this terminal: monochrome when `NO_COLOR` is set to anything non-empty
    /// (<https://no-color.org>).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colored(),
        }
    }

    /// A 16-colour palette: the terminal's own colours, so it reads on dark and light
    /// backgrounds and over any SSH session.
    pub fn colored() -> Theme {
        let s = Style::new();
        Theme {
            color: true,
            text: s,
            dim: s.fg(Color::DarkGray),
            title: s.add_modifier(Modifier::BOLD),
            border: s.fg(Color::DarkGray),
            border_focused: s.fg(Color::Cyan),
            cursor_row: s.bg(Color::DarkGray).fg(Color::White),
            selected: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            header: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            heading: s.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            changed_up: s.fg(Color::Green).add_modifier(Modifier::BOLD),
            changed_down: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            new_object: s.fg(Color::Green),
            freed_object: s.fg(Color::Red).add_modifier(Modifier::CROSSED_OUT),
            next_line: s.bg(Color::Blue).fg(Color::White),
            next_line_marker: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            last_line_marker: s.fg(Color::Green),
            cut_marker: s.fg(Color::DarkGray).add_modifier(Modifier::BOLD),
            breakpoint: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            error_line: s.bg(Color::Red).fg(Color::White),
            error_marker: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            error_text: s.fg(Color::Red),
            line_number: s.fg(Color::DarkGray),
            edit_cursor: s.add_modifier(Modifier::REVERSED),
            cursor_line: s.add_modifier(Modifier::UNDERLINED),
            syn_keyword: s.fg(Color::Magenta),
            syn_string: s.fg(Color::Green),
            syn_number: s.fg(Color::Yellow),
            syn_comment: s.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            syn_builtin: s.fg(Color::Cyan),
            syn_cell_marker: s.fg(Color::Blue).add_modifier(Modifier::BOLD),
            reachable: s.fg(Color::Green),
            unreachable: s.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            freed: s.fg(Color::Red),
            survived: s.fg(Color::Cyan),
            stderr: s.fg(Color::Red),
            out_prompt: s.fg(Color::Red).add_modifier(Modifier::BOLD),
            status: s.bg(Color::DarkGray).fg(Color::White),
            status_key: s.fg(Color::Black).bg(Color::Cyan),
            status_hint: s,
            message_info: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            message_error: s
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            busy: s
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            overlay: s,
            overlay_border: s.fg(Color::Cyan),
            key: s.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            tab_active: s
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            tab_inactive: s.fg(Color::DarkGray),
        }
    }

    /// No colour at all: meaning is carried by bold, dim, reverse, underline and the text
    /// itself (`+1`, `new`, `freed`, `▶`, `●`).
    pub fn monochrome() -> Theme {
        let s = Style::new();
        let bold = s.add_modifier(Modifier::BOLD);
        let dim = s.add_modifier(Modifier::DIM);
        let rev = s.add_modifier(Modifier::REVERSED);
        Theme {
            color: false,
            text: s,
            dim,
            title: bold,
            border: s,
            border_focused: bold,
            cursor_row: rev,
            selected: bold.add_modifier(Modifier::UNDERLINED),
            header: bold,
            heading: bold.add_modifier(Modifier::UNDERLINED),
            changed_up: bold,
            changed_down: bold,
            new_object: bold,
            freed_object: dim.add_modifier(Modifier::CROSSED_OUT),
            next_line: rev,
            next_line_marker: bold,
            last_line_marker: s,
            cut_marker: bold,
            breakpoint: bold,
            error_line: rev.add_modifier(Modifier::BOLD),
            error_marker: bold,
            error_text: bold,
            line_number: dim,
            edit_cursor: rev,
            cursor_line: s.add_modifier(Modifier::UNDERLINED),
            syn_keyword: s,
            syn_string: s,
            syn_number: s,
            syn_comment: s,
            syn_builtin: s,
            syn_cell_marker: bold,
            reachable: s,
            unreachable: bold,
            freed: dim,
            survived: s,
            stderr: bold,
            out_prompt: bold,
            status: rev,
            status_key: bold,
            status_hint: s,
            message_info: bold,
            message_error: rev.add_modifier(Modifier::BOLD),
            busy: rev.add_modifier(Modifier::BOLD),
            overlay: s,
            overlay_border: bold,
            key: bold,
            tab_active: bold.add_modifier(Modifier::UNDERLINED),
            tab_inactive: dim,
        }
    }

    /// A pane's border: highlighted when it has the focus.
    pub fn block_border(&self, focused: bool) -> Style {
        if focused {
            self.border_focused
        } else {
            self.border
        }
    }
}
