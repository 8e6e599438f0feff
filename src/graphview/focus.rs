//! The focused view, for a heap of any size: one object in the middle, what holds it on the
//! left, what it refers to on the right.
//!
//! ```text
//!  held by 2                          refers to 4
//!  my_var in __main__ globals ─┐ ┌list──────rc 2┐ ┌─▶ [0] int 1 @0x7f…
//!  other in __main__ globals  ─┴▶│[1, 2, 3, 4]  │─┼─▶ [1] int 2 @0x7f…
//!                                └0x7f3a5c004b40┘ └─▶ …
//! ```
//!
//! Only the rows on screen are read from the heap: a list of a million items costs one pass
//! over its slots to pick the visible ones, never a million descriptions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::analysis::HeapState;
use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};

use super::model::ObjKey;
use super::style::GraphStyle;

/// One arrow of the focused view: a holder (left) or a referent (right).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// How it holds (`my_var in __main__ globals`) or which slot (`[3]`, `.b`).
    pub label: String,
    /// The object at the other end, if it is one (a holder can be the interpreter).
    pub object: Option<ObjKey>,
    /// `type repr @address` of that object.
    pub text: String,
    /// Made by the last step.
    pub new: bool,
}

/// The object in the middle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Center {
    pub key: ObjKey,
    pub type_name: String,
    pub repr: String,
    pub addr: u64,
    pub refcnt: i64,
    pub new: bool,
}

/// A window of the focused view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    pub center: Center,
    pub holders: Vec<Row>,
    pub holders_total: usize,
    pub holders_offset: usize,
    pub referents: Vec<Row>,
    pub referents_total: usize,
    pub referents_offset: usize,
}

/// Which side the cursor is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Side {
    Holders,
    #[default]
    Referents,
}

/// The first row to show so that `cursor` is visible in `height` rows.
pub fn window(total: usize, cursor: usize, height: usize) -> usize {
    if height == 0 || total <= height {
        return 0;
    }
    cursor
        .min(total - 1)
        .saturating_sub(height / 2)
        .min(total - height)
}

/// The label of a slot, as the focused view writes it.
pub fn slot_label(heap: &dyn HeapState, e: &Edge) -> String {
    match e.slot {
        Slot::Item(i) => format!("[{i}]"),
        Slot::DictKey(ix) => format!("key #{ix}"),
        Slot::DictValue(ix) => format!("value #{ix}"),
        Slot::SetItem(_) => "∈".into(),
        Slot::Attr(name) => format!(".{}", heap.str_value(name).unwrap_or_default()),
        Slot::Type => "ob_type".into(),
        Slot::Field(f) => f.to_string(),
    }
}

fn order_key(e: &Edge, n: usize) -> usize {
    match e.slot {
        Slot::Item(i) => i,
        Slot::DictValue(ix) | Slot::DictKey(ix) => {
            ix * 2 + usize::from(matches!(e.slot, Slot::DictValue(_)))
        }
        _ => n,
    }
}

/// Small objects get every slot sorted; past this, the window is picked in one pass.
const SORT_LIMIT: usize = 4096;

/// The referents of `id` in reading order, only `count` of them from `offset`, and how many
/// there are. A list or tuple of any size is windowed by index without collecting its items.
pub fn referents(
    heap: &dyn HeapState,
    id: ObjId,
    offset: usize,
    count: usize,
) -> (Vec<Edge>, usize) {
    // a list or tuple: the window read by index, whatever its length
    if let Some((items, total)) = heap.seq_items_window(id, offset, count) {
        let edges = items
            .into_iter()
            .enumerate()
            .map(|(k, target)| Edge {
                slot: Slot::Item(offset + k),
                target,
                gc_visible: true,
            })
            .collect();
        return (edges, total);
    }
    let mut total = 0usize;
    let mut only_items = true;
    heap.for_each_edge(id, &mut |e| {
        total += 1;
        only_items &= matches!(e.slot, Slot::Item(_));
    });
    if total > SORT_LIMIT && only_items {
        let mut out = Vec::with_capacity(count);
        heap.for_each_edge(id, &mut |e| {
            if let Slot::Item(i) = e.slot {
                if i >= offset && i < offset + count {
                    out.push(e);
                }
            }
        });
        out.sort_by_key(|e| order_key(e, 0));
        return (out, total);
    }
    let mut all = Vec::with_capacity(total.min(SORT_LIMIT));
    let mut k = 0usize;
    heap.for_each_edge(id, &mut |e| {
        if total <= SORT_LIMIT || (k >= offset && k < offset + count) {
            all.push((k, e));
        }
        k += 1;
    });
    if total <= SORT_LIMIT {
        all.sort_by_key(|(k, e)| (order_key(e, usize::MAX), *k));
        return (
            all.into_iter()
                .skip(offset)
                .take(count)
                .map(|x| x.1)
                .collect(),
            total,
        );
    }
    (all.into_iter().map(|x| x.1).collect(), total)
}

/// `type repr @0xaddr` of an object, for a row.
pub fn describe<H: HeapState + ?Sized>(heap: &H, id: ObjId) -> String {
    format!(
        "{} {} @0x{:x}",
        heap.type_name(id),
        heap.short_repr(id, 32),
        heap.addr(id)
    )
}

/// The center of a focused view.
pub fn center<H: HeapState + ?Sized>(heap: &H, id: ObjId, new_after: Option<u64>) -> Center {
    let serial = heap.serial(id);
    Center {
        key: (id, serial),
        type_name: heap.type_name(id),
        repr: heap.short_repr(id, 60),
        addr: heap.addr(id),
        refcnt: heap.refcnt(id),
        new: new_after.is_some_and(|s| serial > s),
    }
}

/// Rows for a window of referents.
pub fn referent_rows<H: HeapState>(
    heap: &H,
    id: ObjId,
    offset: usize,
    count: usize,
    new_after: Option<u64>,
) -> (Vec<Row>, usize) {
    let (edges, total) = referents(heap, id, offset, count);
    let rows = edges
        .iter()
        .map(|e| {
            let serial = heap.serial(e.target);
            Row {
                label: slot_label(heap, e),
                object: Some((e.target, serial)),
                text: describe(heap, e.target),
                new: new_after.is_some_and(|s| serial > s),
            }
        })
        .collect();
    (rows, total)
}

/// The glyph of a bus cell at row `y` of a bus spanning `span`.
fn bus(y: u16, span: (u16, u16), left: bool, right: bool) -> char {
    use super::whole::{glyph, DOWN, LEFT, RIGHT, UP};
    let mut m = 0;
    if y > span.0 {
        m |= UP;
    }
    if y < span.1 {
        m |= DOWN;
    }
    if left {
        m |= LEFT;
    }
    if right {
        m |= RIGHT;
    }
    glyph(m)
}

/// ` · ↑3 ↓12`: rows above and below the window, if any.
fn more(offset: usize, shown: usize, total: usize) -> String {
    let below = total.saturating_sub(offset + shown);
    match (offset, below) {
        (0, 0) => String::new(),
        (a, 0) => format!(" · ↑{a}"),
        (0, b) => format!(" · ↓{b}"),
        (a, b) => format!(" · ↑{a} ↓{b}"),
    }
}

fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, s: &str, max: u16, style: Style) {
    if y >= area.height || x >= area.width {
        return;
    }
    let w = max.min(area.width - x) as usize;
    buf.set_stringn(area.x + x, area.y + y, s, w, style);
}

fn put_char(buf: &mut Buffer, area: Rect, x: u16, y: u16, c: char, style: Style) {
    if y < area.height && x < area.width {
        buf[(area.x + x, area.y + y)].set_char(c).set_style(style);
    }
}

/// Draw a focused view into `area`. `cursor` is the side and row (in all rows, not the window)
/// the cursor is on; `selected` is the object selected in every pane.
pub fn draw(
    f: &Focus,
    buf: &mut Buffer,
    area: Rect,
    cursor: Option<(Side, usize)>,
    st: &GraphStyle,
) {
    if area.width < 20 || area.height < 5 {
        put(buf, area, 0, 0, &f.center.repr, area.width, st.text);
        return;
    }
    let w = area.width;
    let box_w = (w / 4).clamp(16, 32).min(w.saturating_sub(8));
    let side_w = (w - box_w) / 2;
    let bx = side_w;
    let rows_h = area.height - 1;
    // header
    put(
        buf,
        area,
        0,
        0,
        &format!(
            "held by {}{}",
            f.holders_total,
            more(f.holders_offset, f.holders.len(), f.holders_total)
        ),
        side_w,
        st.heading,
    );
    put(
        buf,
        area,
        bx + box_w + 1,
        0,
        &format!(
            "refers to {}{}",
            f.referents_total,
            more(f.referents_offset, f.referents.len(), f.referents_total)
        ),
        w - bx - box_w - 1,
        st.heading,
    );
    // the center box, level with the middle of the rows
    let bh = 4u16.min(rows_h);
    let by = 1 + (rows_h.saturating_sub(bh)) / 2;
    let r = Rect::new(area.x + bx, area.y + by, box_w, bh);
    let bst = if f.center.new {
        st.new_object
    } else {
        st.selected
    };
    for x in r.x..r.x + r.width {
        buf[(x, r.y)].set_char('─').set_style(bst);
        buf[(x, r.y + r.height - 1)].set_char('─').set_style(bst);
    }
    for y in r.y..r.y + r.height {
        buf[(r.x, y)].set_char('│').set_style(bst);
        buf[(r.x + r.width - 1, y)].set_char('│').set_style(bst);
    }
    buf[(r.x, r.y)].set_char('┌');
    buf[(r.x + r.width - 1, r.y)].set_char('┐');
    buf[(r.x, r.y + r.height - 1)].set_char('└');
    buf[(r.x + r.width - 1, r.y + r.height - 1)].set_char('┘');
    let inner = box_w.saturating_sub(2);
    let rc = format!("rc {}", f.center.refcnt);
    let mut title = f.center.type_name.clone();
    if f.center.new {
        title.push_str(" +new");
    }
    buf.set_stringn(
        r.x + 1,
        r.y,
        &title,
        inner.saturating_sub(rc.len() as u16 + 1) as usize,
        st.title,
    );
    buf.set_stringn(
        r.x + r.width - 1 - rc.len() as u16,
        r.y,
        &rc,
        rc.len(),
        st.title,
    );
    buf.set_stringn(r.x + 1, r.y + 1, &f.center.repr, inner as usize, st.text);
    if bh > 3 {
        buf.set_stringn(
            r.x + 1,
            r.y + 2,
            format!("0x{:x}", f.center.addr),
            inner as usize,
            st.dim,
        );
    }
    let cy = by + 1; // the row arrows enter and leave on

    // holders: text, then a line to a bus left of the box
    let lx = bx.saturating_sub(2);
    let mut span = (cy, cy);
    for (k, row) in f.holders.iter().enumerate() {
        let y = 1 + k as u16;
        if y > rows_h {
            break;
        }
        let index = f.holders_offset + k;
        let on_cursor = cursor == Some((Side::Holders, index));
        let style = if on_cursor {
            st.cursor
        } else if row.new {
            st.new_object
        } else {
            st.text
        };
        let room = lx.saturating_sub(1) as usize;
        let mut text = format!("{} ", row.label);
        if text.chars().count() > room && room > 1 {
            text = text.chars().take(room - 2).collect::<String>() + "… ";
        }
        let tw = (text.chars().count() as u16).min(room as u16);
        put(buf, area, 0, y, &text, tw, style);
        for x in tw..lx {
            put_char(buf, area, x, y, '─', st.arrow);
        }
        span = (span.0.min(y), span.1.max(y));
    }
    if !f.holders.is_empty() {
        let rows = f.holders.len().min(rows_h as usize) as u16;
        for y in span.0..=span.1 {
            let left = y >= 1 && y <= rows;
            put_char(buf, area, lx, y, bus(y, span, left, y == cy), st.arrow);
        }
        put_char(buf, area, lx + 1, cy, '▶', st.arrow);
    }

    // referents: a bus right of the box, then a line and the text
    let rx = bx + box_w + 1;
    if !f.referents.is_empty() && rx + 4 < w {
        put_char(buf, area, rx - 1, cy, '─', st.arrow);
        let mut span = (cy, cy);
        for (k, row) in f.referents.iter().enumerate() {
            let y = 1 + k as u16;
            if y > rows_h {
                break;
            }
            span = (span.0.min(y), span.1.max(y));
            let index = f.referents_offset + k;
            let on_cursor = cursor == Some((Side::Referents, index));
            let style = if on_cursor {
                st.cursor
            } else if row.new {
                st.new_object
            } else {
                st.text
            };
            put_char(buf, area, rx + 1, y, '─', st.arrow);
            put_char(buf, area, rx + 2, y, '▶', st.arrow);
            let text = format!("{} {}", row.label, row.text);
            put(buf, area, rx + 4, y, &text, w - rx - 4, style);
        }
        let rows = f.referents.len().min(rows_h as usize) as u16;
        for y in span.0..=span.1 {
            let right = y >= 1 && y <= rows;
            put_char(buf, area, rx, y, bus(y, span, y == cy, right), st.arrow);
        }
    } else if f.referents.is_empty() {
        put(
            buf,
            area,
            rx + 1,
            cy,
            "(refers to nothing)",
            w.saturating_sub(rx + 1),
            st.dim,
        );
    }
}
