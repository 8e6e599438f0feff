//! The refcounts pane: the objects (by default the snippet's own, in the order its names
//! reach them, each with the name or path that reaches it: `head`, `head.next`,
//! `add.__defaults__[0]`), their repr, type, address, refcount and tracked/generation, the
//! last step's changes marked; below the table the cursor object's holders — the
//! references that add up to its count — and why it is shared.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::Frame;

use crate::analysis::lesson::Scope;
use crate::analysis::{GcInfo, HeapState};
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
    let startup = match app.heap.scope {
        Scope::Snippet => "",
        Scope::Run => " · with the machinery (a)",
        Scope::All => " · with start-up objects (a)",
    };
    // a big heap lists the first objects its names reach
    let more = if app.heap.unlisted() {
        " … more objects (not listed)"
    } else {
        ""
    };
    format!(
        "{} objects{more} · +{} new −{} freed ~{}{filter}{startup}",
        app.heap.rows.len() - ch.freed,
        ch.new,
        ch.freed,
        ch.changed
    )
}

/// The table's columns: change, name, repr, type, address, refs, gc.
const NAME: usize = 1;
const REPR: usize = 2;
const ADDR: usize = 4;
const REFS: usize = 5;
const GC: usize = 6;

/// Column widths for a table width: (change, name, repr, type, address, refs, gc); 0 =
/// hidden. `names` is the widest name to show (0: no name column), `refs` the widest
/// refcount. The repr keeps at least 12 columns; a hidden address or gc state is shown
/// above the cursor row's holders instead.
///
/// What goes first: the name (the path a learner reads, `head.next.next`), then the
/// address (three `Node` instances differ only by it, and a repr cut short hides it), then
/// the gc state, then the type (a repr says it too).
pub fn columns(width: u16, names: usize, refs: usize) -> [u16; 7] {
    let w = width as i32;
    let chg = 6;
    let refs = (refs as i32 + 1).max(5);
    let name = if names == 0 {
        0
    } else {
        (names as i32 + 1)
            .clamp(6, 22)
            .min((w - chg - refs - 12).max(0))
    };
    let mut room = w - chg - refs - name - 12;
    let mut take = |want: i32| {
        if room >= want {
            room -= want;
            want
        } else {
            0
        }
    };
    let addr = take(15);
    let gc = take(6);
    let ty = take(11);
    let repr = (w - chg - name - refs - gc - ty - addr).max(0);
    [chg, name, repr, ty, addr, refs, gc].map(|c| c as u16)
}

/// The name or path that reaches a row's object (the snippet's scope only).
fn path_of(app: &App, row: &ObjRow) -> String {
    if let Some(f) = &row.freed {
        return f.path.clone().unwrap_or_default();
    }
    let Some(run) = app.run.as_ref() else {
        return String::new();
    };
    if app.heap.scope != Scope::Snippet {
        return String::new();
    }
    let heap = run.heap();
    app.heap.name_of(&heap, row.id).unwrap_or_default()
}

fn gc_text(state: GcInfo) -> &'static str {
    match state {
        GcInfo::NotGc => "—",
        GcInfo::Untracked => "untrk",
        GcInfo::Generation(0) => "gen0",
        GcInfo::Generation(1) => "gen1",
        GcInfo::Generation(_) => "gen2",
        GcInfo::Permanent => "perm",
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

/// How the row's object differs from the other backend, when `D` marked it at this stop.
fn differs<'a>(app: &'a App, row: &ObjRow) -> Option<&'a String> {
    app.differs
        .as_ref()
        .filter(|d| d.stop == app.stops)
        .and_then(|d| d.objects.get(&row.key()))
}

/// The cells of one row.
fn row_cells(app: &App, row: &ObjRow, repr_width: usize, name: bool) -> [(String, Style); 7] {
    let t = &app.theme;
    let change = app
        .run
        .as_ref()
        .map(|r| app.heap.change(row, &r.heap()))
        .unwrap_or(Change::Same);
    let mut chg = change_cell(app, change);
    // `D`: this object's state differs between the model and the real CPython
    if differs(app, row).is_some() {
        chg = (format!("≠{}", chg.0), app.theme.changed_down);
    }
    let name = if name {
        (path_of(app, row), t.title)
    } else {
        Default::default()
    };
    if let Some(f) = &row.freed {
        return [
            chg,
            (name.0, t.freed_object),
            (fit(&f.repr, repr_width), t.freed_object),
            (f.type_name.clone(), t.freed_object),
            (format!("0x{:x}", row.addr), t.freed_object),
            (format!("{}→0", f.refcnt), t.freed_object),
            (String::new(), t.dim),
        ];
    }
    let Some(heap) = app.run.as_ref().map(|r| r.heap()) else {
        return Default::default();
    };
    if !is_live(&heap, row.key()) {
        return Default::default();
    }
    let repr_style = if app.selected == Some(row.key()) {
        t.selected
    } else {
        t.text
    };
    [
        chg.clone(),
        name,
        (heap.short_repr(row.id, repr_width.max(1)), repr_style),
        (heap.type_name(row.id), t.dim),
        (format!("0x{:x}", heap.addr(row.id)), t.dim),
        (heap.refcnt(row.id).to_string(), chg.1),
        (gc_text(heap.gc(row.id)).to_string(), t.dim),
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
    // the visible rows, and how wide their names and counts are
    let body_h = table.height.saturating_sub(1) as usize;
    let visible: Vec<&ObjRow> = (app.refcounts.offset..)
        .map_while(|i| app.heap.visible(i, app.changes_only))
        .take(body_h)
        .collect();
    let learner = app.heap.scope == Scope::Snippet;
    let names: Vec<String> = visible
        .iter()
        .map(|r| {
            if learner {
                path_of(app, r)
            } else {
                String::new()
            }
        })
        .collect();
    let name_w = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(if learner { 4 } else { 0 });
    let refs_w = visible
        .iter()
        .map(|r| match (&r.freed, app.run.as_ref()) {
            (Some(f), _) => f.refcnt.to_string().len() + 3,
            (None, Some(run)) if run.is_live(r.key()) => run.heap().refcnt(r.id).to_string().len(),
            _ => 1,
        })
        .max()
        .unwrap_or(4);
    let cols = columns(table.width, name_w, refs_w);
    let headers = ["Δ", "name", "object", "type", "address", "refs", "gc"];
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
        let mut cells = row_cells(app, row, cols[REPR].saturating_sub(1) as usize, false);
        if let Some(n) = names.get(y as usize) {
            cells[NAME].0 = n.clone();
            cells[NAME].1 = if row.freed.is_some() {
                t.freed_object
            } else {
                t.title
            };
        }
        draw_cells(buf, body.x, body.y + y, &cols, &cells);
        if i == app.refcounts.cursor {
            let r = Rect::new(body.x, body.y + y, body.width, 1);
            buf.set_style(r, if focused { t.cursor_row } else { t.title });
        }
    }
    draw_details(app, buf, details);
}

fn draw_cells(buf: &mut Buffer, x: u16, y: u16, cols: &[u16; 7], cells: &[(String, Style); 7]) {
    let mut cx = x;
    for (i, (text, style)) in cells.iter().enumerate() {
        let w = cols[i];
        if w == 0 {
            continue;
        }
        // numbers right-aligned, text left-aligned
        let s = fit(text, w.saturating_sub(1) as usize);
        let pad = if i == REFS {
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
            let cols = columns(area.width, 0, 4);
            let mut tail = String::new();
            if let Some(heap) = app
                .run
                .as_ref()
                .filter(|run| run.is_live(r.key()))
                .map(|run| run.heap())
            {
                if cols[ADDR] == 0 {
                    tail.push_str(&format!(" · 0x{:x}", heap.addr(r.id)));
                }
                let gc = heap.gc(r.id);
                if cols[GC] == 0 && gc != GcInfo::NotGc {
                    tail.push_str(&format!(" · {}", gc_text(gc)));
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
            if let Some(how) = differs(app, r) {
                lines.push(Line::from(vec![
                    span("≠ ", t.changed_down),
                    span(how.clone(), t.text),
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
