//! The styles the graph widgets draw with, by meaning. The pane fills them from the app's
//! theme; tests use [`GraphStyle::plain`]. Every mark also has a text form (`↻1`, `+new`,
//! `✗`, `*`), so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Debug, PartialEq)]
pub struct GraphStyle {
    pub text: Style,
    /// A value written in its slot (`10`, `'hello'`).
    pub value: Style,
    /// The marks of a picture going on past the pane's edge (`›`, `↓ more below`).
    pub more: Style,
    pub dim: Style,
    pub border: Style,
    pub title: Style,
    pub arrow: Style,
    /// An arrow the last step re-pointed or added, and new boxes.
    pub changed: Style,
    pub new_object: Style,
    pub freed: Style,
    pub unreachable: Style,
    /// The box under the cursor.
    pub cursor: Style,
    /// The object selected in every pane.
    pub selected: Style,
    /// One style per reference cycle (cycle `k` uses `cycles[(k - 1) % len]`).
    pub cycles: Vec<Style>,
    pub heading: Style,
}

impl GraphStyle {
    /// No colour at all (snapshots, `NO_COLOR`): marks are carried by text and modifiers.
    pub fn plain() -> GraphStyle {
        let s = Style::new();
        let bold = s.add_modifier(Modifier::BOLD);
        GraphStyle {
            text: s,
            value: s,
            more: bold,
            dim: s.add_modifier(Modifier::DIM),
            border: s,
            title: bold,
            arrow: s,
            changed: bold,
            new_object: bold,
            freed: s.add_modifier(Modifier::CROSSED_OUT),
            unreachable: bold,
            cursor: s.add_modifier(Modifier::REVERSED),
            selected: bold.add_modifier(Modifier::UNDERLINED),
            cycles: vec![bold],
            heading: bold.add_modifier(Modifier::UNDERLINED),
        }
    }

    /// Colours for the cycle palette (distinct from the change and unreachable colours).
    pub fn cycle_palette() -> Vec<Style> {
        [
            Color::Magenta,
            Color::Cyan,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::Blue,
        ]
        .into_iter()
        .map(|c| Style::new().fg(c).add_modifier(Modifier::BOLD))
        .collect()
    }

    /// The style of cycle `k` (1-based).
    pub fn cycle(&self, k: usize) -> Style {
        if self.cycles.is_empty() {
            return self.border;
        }
        self.cycles[(k.max(1) - 1) % self.cycles.len()]
    }
}
