//! The editor pane: the snippet in a text area with line numbers and Python colours, a gutter
//! with breakpoints (`●`), the line just run (`▷`) and the next line to run (`▶`, its line
//! highlighted) — Python Tutor's two arrows — and errors (`✗`, the line marked and the
//! message after it). A line longer than the pane ends in `›`; a notebook's markdown cells
//! are shown, dimmed, on the `# %%` line of the code cell they precede.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::Frame;

use crate::tui::app::{App, Mode};
use crate::tui::syntax::Class;

/// Columns of the marker gutter (breakpoint, then arrow or error).
pub const GUTTER: u16 = 2;

fn split(inner: Rect) -> (Rect, Rect) {
    let [gutter, text] = Layout::horizontal([
        Constraint::Length(GUTTER.min(inner.width)),
        Constraint::Min(0),
    ])
    .areas(inner);
    (gutter, text)
}

/// The pane title's extra text: file name (just the name when the pane is narrow), unsaved
/// mark, mode.
pub fn title(app: &App, width: u16) -> String {
    let dirty = if app.is_dirty() { " [+]" } else { "" };
    let mode = if app.mode == Mode::Editing {
        " · EDITING (Esc: done)"
    } else {
        ""
    };
    let full = app.doc.name();
    let name = match app.doc.path.as_ref().and_then(|p| p.file_name()) {
        Some(n) if full.chars().count() + 12 > width as usize => n.to_string_lossy().into_owned(),
        _ => full,
    };
    format!("{name}{dirty}{mode}")
}

/// The next line to run, as an editor line.
pub fn next_line(app: &App) -> Option<u32> {
    app.run.as_ref().and_then(|r| r.location()).map(|l| l.1)
}

/// The line the last step ran (where the run stood before it), as an editor line.
pub fn last_line(app: &App) -> Option<u32> {
    app.run.as_ref()?;
    app.heap.line_before
}

/// Error marks: the run's errors and the syntax errors found while typing.
pub fn errors(app: &App) -> Vec<(u32, String)> {
    let mut marks = app
        .run
        .as_ref()
        .map(|r| r.error_marks())
        .unwrap_or_default();
    for e in &app.live_errors {
        if !marks.iter().any(|m| m.0 == e.0) {
            marks.push(e.clone());
        }
    }
    marks
}

fn class_style(app: &App, class: Class) -> Style {
    let t = &app.theme;
    match class {
        Class::Keyword => t.syn_keyword,
        Class::String => t.syn_string,
        Class::Number => t.syn_number,
        Class::Comment => t.syn_comment,
        Class::Builtin => t.syn_builtin,
        Class::CellMarker => t.syn_cell_marker,
    }
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let (gutter, text) = split(inner);
    frame.render_widget(&app.editor, text);
    let (top_row, top_col) = app.editor.scroll_offset();
    let lnum = app.editor.line_number_width();
    let t = &app.theme;
    let next = next_line(app);
    let last = last_line(app).filter(|&l| Some(l) != next);
    let errors = errors(app);
    let lines = app.editor.lines();
    // a notebook's markdown cells, by the `# %%` line of the code cell they precede
    let notes = app.doc.snippet.notes_before_code_cells();
    let mut marker_rows: Vec<usize> = Vec::new();
    if !notes.is_empty() {
        marker_rows = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.starts_with(crate::load::CELL_MARKER))
            .map(|(i, _)| i)
            .collect();
    }
    let buf = frame.buffer_mut();
    for y in 0..text.height {
        let index = top_row as usize + y as usize;
        let Some(line_text) = lines.get(index) else {
            break;
        };
        let line_no = index as u32 + 1;
        let sy = text.y + y;
        // syntax colours, on the cells the text area drew
        if let Some(spans) = app.highlights.lines.get(index) {
            for s in spans {
                let style = class_style(app, s.class);
                for col in s.start..s.end {
                    let Some(x) = (lnum + col).checked_sub(top_col) else {
                        continue;
                    };
                    if x >= lnum.saturating_sub(top_col) && x < text.width {
                        if let Some(cell) = buf.cell_mut((text.x + x, sy)) {
                            cell.set_style(style);
                        }
                    }
                }
            }
        }
        let row = Rect::new(text.x, sy, text.width, 1);
        let error = errors.iter().find(|e| e.0 == line_no);
        if let Some((_, msg)) = error {
            buf.set_style(row, t.error_line);
            // the message after the line's end, if there is room
            let width: u16 = line_text.chars().count() as u16;
            let start = (lnum + width + 2).saturating_sub(top_col);
            if start + 4 < text.width {
                buf.set_stringn(
                    text.x + start,
                    sy,
                    format!("← {msg}"),
                    (text.width - start) as usize,
                    t.error_text,
                );
            }
        } else if next == Some(line_no) {
            buf.set_style(row, t.next_line);
        }
        // the markdown before this code cell, after its `# %%`
        if let Some(k) = marker_rows.iter().position(|&r| r == index) {
            if let Some(note) = notes.get(k).and_then(|n| note_text(n)) {
                let width: u16 = line_text.chars().count() as u16;
                let start = (lnum + width + 2).saturating_sub(top_col);
                if start + 6 < text.width {
                    let room = (text.width - start) as usize;
                    buf.set_stringn(text.x + start, sy, super::fit(&note, room), room, t.dim);
                }
            }
        }
        // a line the pane cuts says so at its edge
        let shown_to = top_col as usize + text.width.saturating_sub(lnum) as usize;
        if text.width > lnum + 1 && line_text.chars().count() > shown_to {
            buf.set_string(text.x + text.width - 1, sy, "›", t.cut_marker);
        }
        if top_col > 0 && !line_text.is_empty() && text.width > lnum {
            buf.set_string(text.x + lnum, sy, "‹", t.cut_marker);
        }
        if gutter.width >= 2 {
            if app.breakpoints.contains(&line_no) {
                buf.set_string(gutter.x, sy, "●", t.breakpoint);
            }
            if error.is_some() {
                buf.set_string(gutter.x + 1, sy, "✗", t.error_marker);
            } else if next == Some(line_no) {
                buf.set_string(gutter.x + 1, sy, "▶", t.next_line_marker);
            } else if last == Some(line_no) {
                buf.set_string(gutter.x + 1, sy, "▷", t.last_line_marker);
            }
        }
    }
}

/// A notebook's markdown cells in one line: `┆ # Refcounts — A *markdown* cell (+2 lines)`.
fn note_text(cells: &[String]) -> Option<String> {
    let lines: Vec<&str> = cells
        .iter()
        .flat_map(|c| c.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines.first()?;
    let more = match lines.len() - 1 {
        0 => String::new(),
        1 => " (+1 line)".to_string(),
        n => format!(" (+{n} lines)"),
    };
    Some(format!("┆ {first}{more}"))
}

/// The editor line (1-based) under a screen position, and whether it is in the gutter or
/// the line numbers (where a click toggles a breakpoint).
pub fn hit(app: &App, inner: Rect, column: u16, row: u16) -> Option<(u32, bool)> {
    let (_, text) = split(inner);
    let (top_row, _) = app.editor.scroll_offset();
    let index = top_row as usize + (row.checked_sub(inner.y)?) as usize;
    if index >= app.editor.lines().len() {
        return None;
    }
    let gutter = column < text.x + app.editor.line_number_width();
    Some((index as u32 + 1, gutter))
}

/// The text position (row, column) under a screen position in the text.
pub fn text_position(app: &App, inner: Rect, column: u16, row: u16) -> (u16, u16) {
    let (_, text) = split(inner);
    let (top_row, top_col) = app.editor.scroll_offset();
    let lnum = app.editor.line_number_width();
    let r = top_row as usize + row.saturating_sub(text.y) as usize;
    let c =
        (top_col as usize + column.saturating_sub(text.x) as usize).saturating_sub(lnum as usize);
    let d = app.editor.screen_to_data(r, c);
    (
        d.0.min(u16::MAX as usize) as u16,
        d.1.min(u16::MAX as usize) as u16,
    )
}
