//! The refcounts pane: live objects in allocation order (repr, type, address, refcount,
//! tracked/generation) with the last step's changes marked, and below the table the cursor
//! object's holders — the references that add up to its count — and why it is shared.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::Frame;

use crate::analysis::labels::short_repr;
use crate::object::GcState;
use crate::tui::action::PaneId;
use crate::tui::app::App;
use crate::tui::heapview::{is_live, Change, ObjRow};

use super::{fit, hint, span};

/// The table (header included) and the details area under it.
pub fn split(inner: Rect) -> (Rect, Rect) {
    let details = if inner.height >= 14 {
        (inner.height * 2 / 5).min(10)
    } else if inner.height >= 9 {
        3
    } else {
        0
    };
    let table = Rect::new(inner.x, inner.y, inner.width, inner.height - details);
    let below = Rect::new(inner.x, inner.y + table.height, inner.width, details);
    (table, below)
}

/// The title's extra text: counts and the filter.
pub fn title(app: &App) -> String {
    if app.run.is_none() {
        return String::new();
    }
    let ch = app.heap.changes;
    let filter = if app.changes_only {
        " · changes only"
    } else {
        ""
    };
    let startup = if app.heap.show_startup {
        " · with start-up objects"
    } else {
        ""
    };
    format!(
        "{} objects · +{} new −{} freed ~{}{filter}{startup}",
        app.heap.rows.len() - ch.freed,
        ch.new,
        ch.freed,
        ch.changed
    )
}

/// Column widths for a table width: (change, repr, type, address, refs, gc); 0 = hidden.
/// The repr keeps at least 20 columns. The address goes before the type (three `Node`
/// instances differ only by it: a repr cut short hides it); a hidden address or gc state is
/// shown above the cursor row's holders instead.
pub fn columns(width: u16) -> [u16; 6] {
    let w = width as i32;
    let chg = 6;
    let refs = 6;
    let gc = if w >= 48 { 6 } else { 0 };
    let addr = if w >= 50 { 15 } else { 0 };
    let ty = if w - chg - refs - gc - addr - 11 >= 20 {
        11
    } else {
        0
    };
    let repr = (w - chg - refs - gc - ty - addr).max(0);
    [
        chg as u16,
        repr as u16,
        ty as u16,
        addr as u16,
        refs as u16,
        gc as u16,
    ]
}

fn gc_text(state: GcState, is_gc: bool) -> &'static str {
    if !is_gc {
        return "—";
    }
    match state {
        GcState::Untracked => "untrk",
        GcState::Gen(0) => "gen0",
        GcState::Gen(1) => "gen1",
        GcState::Gen(_) => "gen2",
        GcState::Permanent => "perm",
        _ => "gc…",
    }
}

fn change_cell(app: &App, change: Change) -> (String, Style) {
    let t = &app.theme;
    match change {
        Change::Same => (String::new(), t.text),
        Change::Up(n) => (format!("+{n}"), t.changed_up),
        Change::Down(n) => (format!("−{n}"), t.changed_down),
        Change::New => ("new".into(), t.new_object),
        Change::Freed => ("freed".into(), t.freed_object),
    }
}

/// The cells of one row.
fn row_cells(app: &App, row: &ObjRow, repr_width: usize) -> [(String, Style); 6] {
    let t = &app.theme;
    let change = app
        .run
        .as_ref()
        .map(|r| app.heap.change(row, &r.session.vm))
        .unwrap_or(Change::Same);
    let chg = change_cell(app, change);
    if let Some(f) = &row.freed {
        return [
            chg,
            (fit(&f.repr, repr_width), t.freed_object),
            (f.type_name.clone(), t.freed_object),
            (format!("0x{:x}", row.addr), t.freed_object),
            (format!("{}→0", f.refcnt), t.freed_object),
            (String::new(), t.dim),
        ];
    }
    let Some(vm) = app.run.as_ref().map(|r| &r.session.vm) else {
        return Default::default();
    };
    if !is_live(vm, row.key()) {
        return Default::default();
    }
    let o = vm.heap.get(row.id);
    let repr_style = if app.selected == Some(row.key()) {
        t.selected
    } else {
        t.text
    };
    [
        chg.clone(),
        (short_repr(vm, row.id, repr_width.max(1)), repr_style),
        (vm.type_name(row.id), t.dim),
        (format!("0x{:x}", o.addr), t.dim),
        (o.refcnt.to_string(), chg.1),
        (gc_text(o.gc, o.payload.is_gc()).to_string(), t.dim),
    ]
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let (table, details) = split(inner);
    let buf = frame.buffer_mut();
    let t = &app.theme;
    if app.run.is_none() {
        hint(app, buf, table, "not started — n runs the first line");
        return;
    }
    let cols = columns(table.width);
    let headers = ["Δ", "object", "type", "address", "refs", "gc"];
    draw_cells(
        buf,
        table.x,
        table.y,
        &cols,
        &headers.map(|h| (h.to_string(), t.header)),
    );
    let body = Rect::new(
        table.x,
        table.y + 1,
        table.width,
        table.height.saturating_sub(1),
    );
    let focused = app.focus == PaneId::Refcounts;
    let len = app.heap.visible_len(app.changes_only);
    if len == 0 {
        let text = if app.changes_only {
            "the last step changed no object (f shows all)"
        } else {
            "no objects yet"
        };
        hint(app, buf, body, text);
    }
    for y in 0..body.height {
        let i = app.refcounts.offset + y as usize;
        let Some(row) = app.heap.visible(i, app.changes_only) else {
            break;
        };
        let cells = row_cells(app, row, cols[1].saturating_sub(1) as usize);
        draw_cells(buf, body.x, body.y + y, &cols, &cells);
        if i == app.refcounts.cursor {
            let r = Rect::new(body.x, body.y + y, body.width, 1);
            buf.set_style(r, if focused { t.cursor_row } else { t.title });
        }
    }
    draw_details(app, buf, details);
}

fn draw_cells(buf: &mut Buffer, x: u16, y: u16, cols: &[u16; 6], cells: &[(String, Style); 6]) {
    let mut cx = x;
    for (i, (text, style)) in cells.iter().enumerate() {
        let w = cols[i];
        if w == 0 {
            continue;
        }
        // numbers right-aligned, text left-aligned
        let s = fit(text, w.saturating_sub(1) as usize);
        let pad = if i == 4 {
            (w - 1).saturating_sub(s.chars().count() as u16)
        } else {
            0
        };
        buf.set_stringn(cx + pad, y, &s, w as usize, *style);
        cx += w;
    }
}

fn draw_details(app: &App, buf: &mut Buffer, area: Rect) {
    if area.height == 0 {
        return;
    }
    let t = &app.theme;
    let rule = "─".repeat(area.width as usize);
    buf.set_stringn(area.x, area.y, &rule, area.width as usize, t.border);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let row = app.heap.visible(app.refcounts.cursor, app.changes_only);
    let mut lines: Vec<Line> = Vec::new();
    match (row, &app.details) {
        (None, _) => {}
        (Some(r), _) if r.freed.is_some() => {
            let f = r.freed.as_ref().map(|f| f.refcnt).unwrap_or(0);
            lines.push(Line::from(span(
                format!("freed by the last step: its refcount went from {f} to 0"),
                t.freed_object,
            )));
        }
        (Some(r), Some(d)) if d.key == r.key() => {
            let sum: i64 = d.holders.iter().map(|h| h.count).sum();
            // then what the table had no room for
            let cols = columns(area.width);
            let mut tail = String::new();
            let vm = app.run.as_ref().map(|run| &run.session.vm);
            if let Some(o) = vm
                .filter(|vm| is_live(vm, r.key()))
                .map(|vm| vm.heap.get(r.id))
            {
                if cols[3] == 0 {
                    tail.push_str(&format!(" · 0x{:x}", o.addr));
                }
                if cols[5] == 0 && o.payload.is_gc() {
                    tail.push_str(&format!(" · {}", gc_text(o.gc, true)));
                }
            }
            let plural = if sum == 1 { "" } else { "s" };
            buf.set_stringn(
                area.x + 1,
                area.y,
                format!(" refcount {} = {sum} holder{plural}{tail} ", d.refcnt),
                area.width.saturating_sub(2) as usize,
                t.heading,
            );
            for h in &d.holders {
                lines.push(Line::from(vec![
                    span(format!("{:>3}× ", h.count), t.dim),
                    span(h.text.clone(), t.text),
                ]));
            }
            for s in &d.shared {
                lines.push(Line::from(vec![
                    span("shared: ", t.heading),
                    span(s.clone(), t.text),
                ]));
            }
        }
        (Some(_), _) => {
            let text = if app.pending.details {
                "holders: worked out when you pause (big heap)…"
            } else {
                ""
            };
            lines.push(Line::from(span(text, t.dim)));
        }
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(body, buf);
}
