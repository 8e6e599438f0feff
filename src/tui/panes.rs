//! The panes, one file each. Each draws the inside of its slot from `&App`; this module holds
//! what they share: list lines that may name an object, the cursor-aware list drawing, and
//! tab titles.

pub mod cycles;
pub mod editor;
pub mod graph;
pub mod interned;
pub mod output;
pub mod overlay;
pub mod refcounts;
pub mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::action::PaneId;
use super::app::{App, ListState};
use super::heapview::ObjRef;
use super::layout::{Screen, Slot};

/// One line of a list pane; Enter on it selects `object`.
#[derive(Clone, Debug)]
pub struct PaneLine {
    pub line: Line<'static>,
    pub object: Option<ObjRef>,
}

impl PaneLine {
    /// A line that names no object.
    pub fn text(line: impl Into<Line<'static>>) -> PaneLine {
        PaneLine {
            line: line.into(),
            object: None,
        }
    }

    /// A line for an object.
    pub fn object(line: impl Into<Line<'static>>, key: ObjRef) -> PaneLine {
        PaneLine {
            line: line.into(),
            object: Some(key),
        }
    }
}

/// Draw the visible part of a list, the cursor row highlighted when the pane has focus and
/// the selected object's lines marked.
pub fn draw_list(
    app: &App,
    buf: &mut Buffer,
    area: Rect,
    lines: &[PaneLine],
    state: &ListState,
    focused: bool,
) {
    let t = &app.theme;
    for (y, i) in (state.offset..lines.len())
        .take(area.height as usize)
        .enumerate()
    {
        let row = Rect::new(area.x, area.y + y as u16, area.width, 1);
        let l = &lines[i];
        buf.set_line(row.x, row.y, &l.line, row.width);
        if l.object.is_some() && l.object == app.selected {
            buf.set_style(row, t.selected);
        }
        if focused && i == state.cursor {
            buf.set_style(row, t.cursor_row);
        }
    }
}

/// The text a tab shows (short names in tab groups, where room is scarce).
fn tab_label(pane: PaneId, grouped: bool) -> String {
    match (pane, grouped) {
        (PaneId::Graph, true) => " Graph ".to_string(),
        _ => format!(" {} ", pane.title()),
    }
}

/// Tab titles of a slot: one span per pane (the shown one highlighted), `│` between.
pub fn tab_titles(app: &App, slot: &Slot) -> Vec<Span<'static>> {
    let shown = Screen::shown(slot, &app.recency);
    let t = &app.theme;
    let mut spans = Vec::new();
    for (i, &p) in slot.panes.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", t.border));
        }
        let style = if slot.panes.len() == 1 {
            t.title
        } else if p == shown {
            t.tab_active
        } else {
            t.tab_inactive
        };
        spans.push(Span::styled(tab_label(p, slot.panes.len() > 1), style));
    }
    spans
}

/// The tab under a column of a slot's top border, for tab groups.
pub fn tab_at(slot: &Slot, _recency: &[PaneId], column: u16) -> Option<PaneId> {
    if slot.panes.len() < 2 {
        return None;
    }
    let mut x = slot.area.x + 1;
    for &p in &slot.panes {
        let w = tab_label(p, true).chars().count() as u16;
        if column >= x && column < x + w {
            return Some(p);
        }
        x += w + 1;
    }
    None
}

/// A dim, centred hint for an empty pane.
pub fn hint(app: &App, buf: &mut Buffer, area: Rect, text: &str) {
    if area.height == 0 {
        return;
    }
    let y = area.y + area.height.saturating_sub(1) / 2;
    let w = text.chars().count() as u16;
    let x = area.x + area.width.saturating_sub(w) / 2;
    buf.set_stringn(x, y, text, area.width as usize, app.theme.dim);
}

/// Cut `s` to `width` characters, with `…` when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(width - 1).collect();
    out.push('…');
    out
}

/// A styled span, for brevity.
pub fn span(text: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(text.into(), style)
}
