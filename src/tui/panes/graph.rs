//! The object graph pane: the app's state adapted to the [`crate::graphview`] widgets.
//!
//! Two views. The whole picture (Python Tutor's: frames of names on the left, boxes and
//! arrows) is the default while the snippet's names reach at most [`WHOLE_MAX`] objects; past
//! that the pane falls back by itself to the focused view (one object, its holders on the
//! left, its referents on the right), which works for any heap size. `v` switches between
//! them; Enter follows an arrow, Backspace goes back, `/` finds an object by name, type or
//! address. After a step, what it changed is marked: `+new` boxes, `*` on re-pointed arrows,
//! and the objects it freed listed under the picture.
//!
//! The picture is rebuilt once per command (in `update`), never while drawing; drawing lays
//! it out (a few dozen boxes) and copies the visible window.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::analysis::{holders_of, CycleState, HeapState};
use crate::graphview::focus::{self, Focus, Row, Side};
use crate::graphview::model::{TooBig, Unreachable};
use crate::graphview::{build, whole, Before, GraphStyle, Options, Picture};
use crate::object::ObjId;
use crate::tui::action::PaneId;
use crate::tui::app::App;
use crate::tui::heapview::{newest_serial, ObjRef};

use super::{fit, hint};

/// Most objects the whole picture shows before the pane falls back to the focused view: past
/// a few dozen boxes the arrows stop being readable in a terminal pane.
pub const WHOLE_MAX: usize = 40;

/// The pane's state.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphPane {
    /// The user wants the whole picture (when it fits) rather than the focused view.
    pub whole: bool,
    /// The picture of the current step (`Err` when it would be too big).
    pub picture: Option<Result<Picture, TooBig>>,
    /// The whole view's cursor: a box (index into the picture's nodes).
    pub cursor: usize,
    /// The focused view's object, and the way back.
    pub focus: Option<ObjRef>,
    pub history: Vec<ObjRef>,
    /// The focused view's cursor: a side and a row on it.
    pub side: Side,
    pub row: usize,
    /// Holders of the focused object: `(object, stop, rows)` ([`crate::tui::app::App::stops`]).
    pub holders: Option<(ObjRef, u64, Vec<Row>)>,
    /// Waiting for an idle moment to find the holders (big heaps).
    pub pending: bool,
    /// The picture before the last command, and the newest serial then.
    pub before: Option<Before>,
    pub new_after: Option<u64>,
    /// The last search and how many matches it has gone through.
    pub last_find: Option<(String, usize)>,
    /// The memory truth (`m`): every object its own box, every reference as memory holds
    /// it. Off (the default), values are written in their slots, as Python Tutor draws.
    pub truth: bool,
}

impl Default for GraphPane {
    fn default() -> Self {
        GraphPane {
            whole: true,
            picture: None,
            cursor: 0,
            focus: None,
            history: Vec::new(),
            side: Side::Referents,
            row: 0,
            holders: None,
            pending: false,
            before: None,
            new_after: None,
            last_find: None,
            truth: false,
        }
    }
}

impl GraphPane {
    /// Forget the run (keeps the view the user chose).
    pub fn clear(&mut self) {
        *self = GraphPane {
            whole: self.whole,
            truth: self.truth,
            ..GraphPane::default()
        };
    }

    /// Whether the whole picture is what the pane shows now.
    pub fn shows_whole(&self) -> bool {
        self.whole && matches!(self.picture, Some(Ok(_)))
    }
}

/// The pane's styles, from the app's theme.
pub fn style(app: &App) -> GraphStyle {
    let t = &app.theme;
    GraphStyle {
        text: t.text,
        value: t.syn_number,
        more: t.title,
        dim: t.dim,
        border: t.text,
        title: t.title,
        arrow: t.text,
        changed: t.changed_up,
        new_object: t.new_object,
        freed: t.freed_object,
        unreachable: t.unreachable,
        cursor: t.cursor_row,
        selected: t.selected,
        cycles: if t.color {
            GraphStyle::cycle_palette()
        } else {
            vec![t.title]
        },
        heading: t.header,
    }
}

/// Before a command: remember the picture and the newest object, to mark the changes.
pub fn before_command(app: &mut App) {
    let Some(run) = app.run.as_ref() else {
        return;
    };
    let heap = run.heap();
    app.graph.new_after = Some(newest_serial(&heap));
    app.graph.before = match &app.graph.picture {
        Some(Ok(p)) => Some(p.before()),
        _ => None,
    };
}

/// The picture of the heap now (capped at [`WHOLE_MAX`] objects).
fn picture(app: &App) -> Option<Result<Picture, TooBig>> {
    let run = app.run.as_ref()?;
    let heap = run.heap();
    let names = crate::analysis::frames::frames(&heap);
    // the cycles pane already knows the unreachable cycles: no second walk of the heap
    let unreachable = match &app.heap.cycles {
        Some(cycles) => Unreachable::Seeds(
            cycles
                .iter()
                .filter(|c| c.state == CycleState::Unreachable)
                .flat_map(|c| c.members.iter().map(|m| m.id))
                .collect(),
        ),
        None if run.heavy() => Unreachable::Skip,
        None => Unreachable::Find,
    };
    // the value a call gave back to the line just executed
    let returned = heap.last_return().map(|r| (r.function, r.value));
    let opts = Options {
        max_nodes: WHOLE_MAX,
        max_slots: 8,
        new_after: app.graph.new_after,
        unreachable,
        truth: app.graph.truth,
        returned,
    };
    Some(build(&heap, &names, opts, app.graph.before.as_ref()))
}

/// After a command (or anything that changes what the pane shows): rebuild the picture,
/// keep the cursor and the focus on live objects, find the holders.
pub fn refresh(app: &mut App) {
    app.graph.picture = picture(app);
    if let Some(Ok(p)) = &app.graph.picture {
        app.graph.cursor = app.graph.cursor.min(p.nodes.len().saturating_sub(1));
    }
    let live = |k: ObjRef| app.run.as_ref().is_some_and(|r| r.is_live(k));
    if app.graph.focus.is_some_and(|k| !live(k)) {
        app.graph.focus = None;
    }
    app.graph.history.retain(|&k| live(k));
    refresh_holders(app);
}

/// The object the focused view centres on.
pub fn focus_key(app: &App) -> Option<ObjRef> {
    let run = app.run.as_ref()?;
    let live = |k: &ObjRef| run.is_live(*k);
    if let Some(k) = app.graph.focus.filter(live) {
        return Some(k);
    }
    if let Some(k) = app.selected.filter(live) {
        return Some(k);
    }
    if let Some(Ok(p)) = &app.graph.picture {
        if let Some(n) = p.nodes.get(app.graph.cursor) {
            return Some(n.key);
        }
    }
    let heap = run.heap();
    crate::analysis::frames::frames(&heap)
        .iter()
        .flat_map(|f| f.names.iter())
        .next()
        .map(|&(_, id)| (id, heap.serial(id)))
}

fn holder_rows<H: HeapState + ?Sized>(heap: &H, id: ObjId, new_after: Option<u64>) -> Vec<Row> {
    holders_of(heap, id)
        .into_iter()
        .map(|h| {
            let object = h.object.map(|o| (o, heap.serial(o)));
            let label = if h.count > 1 {
                format!("{} (×{})", h.text, h.count)
            } else {
                h.text
            };
            Row {
                label,
                object,
                text: String::new(),
                new: object.is_some_and(|(_, s)| new_after.is_some_and(|n| s > n)),
            }
        })
        .collect()
}

/// Find the focused object's holders now on a small heap, at the next idle moment on a big one
/// (it scans every object).
fn refresh_holders(app: &mut App) {
    let Some(key) = focus_key(app) else {
        app.graph.holders = None;
        return;
    };
    let stop = app.stops;
    if app
        .graph
        .holders
        .as_ref()
        .is_some_and(|h| h.0 == key && h.1 == stop)
    {
        return;
    }
    let Some(run) = app.run.as_ref() else { return };
    if run.heavy() {
        app.graph.pending = true;
        return;
    }
    compute_holders(app);
}

/// The deferred holders search (an idle moment on a big heap).
pub fn compute_holders(app: &mut App) {
    app.graph.pending = false;
    let Some(key) = focus_key(app) else { return };
    let Some(run) = app.run.as_ref() else { return };
    let heap = run.heap();
    let rows = holder_rows(&heap, key.0, app.graph.new_after);
    app.graph.holders = Some((key, app.stops, rows));
}

/// Rows on the focused object's sides: `(holders, referents)`.
fn side_lengths(app: &App) -> (usize, usize) {
    let Some(key) = focus_key(app) else {
        return (0, 0);
    };
    let Some(run) = app.run.as_ref() else {
        return (0, 0);
    };
    let holders = app
        .graph
        .holders
        .as_ref()
        .filter(|h| h.0 == key)
        .map(|h| h.2.len())
        .unwrap_or(0);
    let heap = run.heap();
    let n = match heap.seq_items_window(key.0, 0, 0) {
        // a list's or tuple's length, without a pass over its items
        Some((_, len)) => len,
        None => {
            let mut n = 0;
            heap.for_each_edge(key.0, &mut |_| n += 1);
            n
        }
    };
    (holders, n)
}

/// Move the cursor (Up/Down/PgUp/PgDn/Home/End): between boxes in the whole view, along a
/// side in the focused view.
pub fn move_cursor(app: &mut App, delta: isize) {
    if app.graph.shows_whole() {
        let n = match &app.graph.picture {
            Some(Ok(p)) => p.nodes.len(),
            _ => 0,
        };
        app.graph.cursor = app
            .graph
            .cursor
            .saturating_add_signed(delta)
            .min(n.saturating_sub(1));
        return;
    }
    let (h, r) = side_lengths(app);
    let len = match app.graph.side {
        Side::Holders => h,
        Side::Referents => r,
    };
    app.graph.row = app
        .graph
        .row
        .saturating_add_signed(delta)
        .min(len.saturating_sub(1));
}

/// ←/→: the holders or the referents side of the focused view (in the whole view, the
/// previous or next box).
pub fn switch_side(app: &mut App, right: bool) {
    if app.graph.shows_whole() {
        move_cursor(app, if right { 1 } else { -1 });
        return;
    }
    let side = if right {
        Side::Referents
    } else {
        Side::Holders
    };
    if app.graph.side != side {
        app.graph.side = side;
        app.graph.row = 0;
    }
}

/// Centre the focused view on `key`, remembering the way back.
fn go_to(app: &mut App, key: ObjRef) {
    if let Some(cur) = focus_key(app) {
        if cur != key {
            app.graph.history.push(cur);
        }
    }
    app.graph.focus = Some(key);
    app.graph.row = 0;
    app.selected = Some(key);
    refresh_holders(app);
}

fn name_of(app: &App, key: ObjRef) -> String {
    app.run
        .as_ref()
        .map(|r| r.heap().short_repr(key.0, 40))
        .unwrap_or_default()
}

/// Enter: in the whole view, select the box under the cursor (every pane highlights it); in
/// the focused view, follow the arrow under the cursor.
pub fn enter(app: &mut App) {
    if app.graph.shows_whole() {
        let key = match &app.graph.picture {
            Some(Ok(p)) => p.nodes.get(app.graph.cursor).map(|n| n.key),
            _ => None,
        };
        if let Some(k) = key {
            app.selected = Some(k);
            app.graph.focus = Some(k);
            let name = name_of(app, k);
            app.info(format!("selected {name} — v shows it in the focused view"));
        }
        return;
    }
    let Some(center) = focus_key(app) else {
        app.info("nothing to follow yet — n runs the first line");
        return;
    };
    let target = match app.graph.side {
        Side::Holders => app
            .graph
            .holders
            .as_ref()
            .filter(|h| h.0 == center)
            .and_then(|h| h.2.get(app.graph.row))
            .and_then(|r| r.object),
        Side::Referents => app.run.as_ref().and_then(|r| {
            let heap = r.heap();
            focus::referents(&heap, center.0, app.graph.row, 1)
                .0
                .first()
                .map(|e| (e.target, heap.serial(e.target)))
        }),
    };
    match target {
        Some(k) => {
            go_to(app, k);
            let name = name_of(app, k);
            app.info(format!("followed to {name} — Backspace goes back"));
        }
        None => app.info("no object at the other end of this arrow (the interpreter holds it)"),
    }
}

/// Backspace: back to the object the focused view showed before.
pub fn back(app: &mut App) {
    match app.graph.history.pop() {
        Some(k) => {
            app.graph.focus = Some(k);
            app.graph.row = 0;
            app.selected = Some(k);
            refresh_holders(app);
            let name = name_of(app, k);
            app.info(format!("back to {name}"));
        }
        None => app.info("no earlier object — Enter follows an arrow"),
    }
}

/// `v`: the whole picture or the focused view.
pub fn toggle_view(app: &mut App) {
    if app.focus != PaneId::Graph {
        app.set_focus(PaneId::Graph);
    }
    if !app.graph.whole {
        app.graph.whole = true;
        match &app.graph.picture {
            Some(Ok(p)) => {
                if let Some(k) = app.graph.focus {
                    if let Some(i) = p.nodes.iter().position(|n| n.key == k) {
                        app.graph.cursor = i;
                    }
                }
                app.info("object graph: the whole picture")
            }
            _ => app.info(format!(
                "the whole picture would have over {WHOLE_MAX} objects: staying focused"
            )),
        }
    } else {
        app.graph.whole = false;
        if let Some(Ok(p)) = &app.graph.picture {
            if let Some(n) = p.nodes.get(app.graph.cursor) {
                app.graph.focus = Some(n.key);
            }
        }
        app.graph.row = 0;
        refresh_holders(app);
        app.info("object graph: focused — Enter follows an arrow, Backspace goes back");
    }
}

/// `m`: every object its own box (the memory truth), or values written in their slots.
pub fn toggle_truth(app: &mut App) {
    app.graph.truth = !app.graph.truth;
    refresh(app);
    app.info(if app.graph.truth {
        "object graph: the memory truth — every object its own box (10 too, shared), m goes back"
    } else {
        "object graph: values in their slots, as Python Tutor draws — m shows every object"
    });
}

/// Parse `0x7f3a…` or bare hex of an address.
fn parse_addr(q: &str) -> Option<u64> {
    let h = q.strip_prefix("0x").or_else(|| q.strip_prefix("0X"))?;
    u64::from_str_radix(h, 16).ok()
}

/// `/`: find an object by a name (of any frame), an address, or a type name (repeating a
/// search goes to the next object of that type).
pub fn find(app: &mut App, query: &str) {
    let q = query.trim();
    if q.is_empty() {
        return;
    }
    let Some(run) = app.run.as_ref() else {
        app.info("nothing to search yet — n runs the first line");
        return;
    };
    let heap = run.heap();
    let mut found: Option<(ObjId, String)> = None;
    if let Some(addr) = parse_addr(q) {
        found = heap
            .object_ids()
            .into_iter()
            .find(|&id| heap.addr(id) == addr)
            .map(|id| (id, format!("the object at {q}")));
    }
    if found.is_none() {
        for f in crate::analysis::frames::frames(&heap) {
            if let Some(&(_, id)) = f.names.iter().find(|(n, _)| n == q) {
                found = Some((id, format!("{q} in {}", f.title)));
                break;
            }
        }
    }
    if found.is_none() {
        let mut of_type: Vec<(bool, u64, ObjId)> = heap
            .object_ids()
            .into_iter()
            .filter(|&id| heap.type_name(id) == q)
            .map(|id| (heap.is_startup(id), heap.serial(id), id))
            .collect();
        of_type.sort_unstable();
        if !of_type.is_empty() {
            let k = match &app.graph.last_find {
                Some((last, k)) if last == q => (k + 1) % of_type.len(),
                _ => 0,
            };
            app.graph.last_find = Some((q.to_string(), k));
            found = Some((
                of_type[k].2,
                format!(
                    "{q} {} of {} (/ {q} again for the next)",
                    k + 1,
                    of_type.len()
                ),
            ));
        }
    }
    let Some((id, what)) = found else {
        app.info(format!("no object named, typed or at {q:?}"));
        return;
    };
    let key = (id, heap.serial(id));
    if app.graph.shows_whole() {
        if let Some(Ok(p)) = &app.graph.picture {
            if let Some(i) = p.nodes.iter().position(|n| n.key == key) {
                app.graph.cursor = i;
                app.graph.focus = Some(key);
                app.selected = Some(key);
                app.info(format!("found {what}"));
                return;
            }
        }
        app.graph.whole = false;
    }
    go_to(app, key);
    app.set_focus(PaneId::Graph);
    app.info(format!("found {what}"));
}

/// `x`: write the current state next to the snippet as SVG, DOT and JSON.
pub fn export(app: &mut App) {
    let Some(run) = app.run.as_ref() else {
        app.info("nothing to export yet — n runs the first line");
        return;
    };
    // the step is the trace's: `refscope export --step N` gives the same state (at the end
    // of the run, `refscope export` without a step)
    let finished = run.is_finished();
    let step = run.step() as usize;
    let stop = crate::export::StopPoint {
        step: (!finished).then_some(step),
        collected_at: run.collect_log().to_vec(),
        next_line: match run.status() {
            crate::vm::session::Status::Paused { line, .. } => Some(line),
            _ => None,
        },
        finished,
    };
    let at = if finished {
        "end".to_string()
    } else {
        format!("step{step}")
    };
    let (dir, stem) = match &app.doc.path {
        Some(p) => (
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map(|d| d.to_path_buf())
                .unwrap_or_else(|| ".".into()),
            p.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "snippet".into()),
        ),
        None => (".".into(), "scratch".into()),
    };
    let collected: Vec<String> = stop.collected_at.iter().map(|s| s.to_string()).collect();
    let suffix = if collected.is_empty() {
        String::new()
    } else {
        format!("-gc{}", collected.join("-"))
    };
    let base = dir.join(format!("{stem}.{at}{suffix}"));
    let mut written = Vec::new();
    let mut errors = Vec::new();
    for format in [
        crate::export::Format::Svg,
        crate::export::Format::Dot,
        crate::export::Format::Json,
    ] {
        let path = dir.join(format!("{stem}.{at}{suffix}.{}", format.extension()));
        match crate::export::render_heap(&run.heap(), format, &stop)
            .and_then(|text| std::fs::write(&path, text).map_err(|e| e.to_string()))
        {
            Ok(()) => written.push(format.extension()),
            Err(e) => errors.push(format!("{}: {e}", format.extension())),
        }
    }
    let shown = format!("{}.{{{}}}", base.display(), written.join(","));
    let interrupted = run.log.iter().any(|c| c.interrupt_after.is_some());
    let real = run.real().map(|r| r.describe());
    let what = if finished {
        "the end of the run".to_string()
    } else {
        format!("step {step}")
    };
    if let (true, Some(real)) = (errors.is_empty(), real) {
        app.info(format!("exported {what}: {shown} (recorded on {real})"));
    } else if errors.is_empty() && interrupted {
        app.info(format!(
            "exported {what}: {shown} (a Ctrl-C interrupted the run: refscope export cannot redo it)"
        ));
    } else if errors.is_empty() {
        let args = stop.arguments();
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("{args} ")
        };
        app.info(format!(
            "exported {what}: {shown} (= refscope export {args}FILE)"
        ));
    } else if written.is_empty() {
        app.error(format!("export failed: {}", errors.join("; ")));
    } else {
        app.error(format!("exported {shown}, but {}", errors.join("; ")));
    }
}

/// The header line of the pane.
fn header(app: &App) -> String {
    let g = &app.graph;
    if g.shows_whole() {
        let (n, c, freed) = match &g.picture {
            Some(Ok(p)) => (p.nodes.len(), p.cycles, p.freed.len()),
            _ => (0, 0, 0),
        };
        let cycles = match c {
            0 => String::new(),
            1 => " · 1 cycle (↻)".into(),
            k => format!(" · {k} cycles (↻)"),
        };
        // every value written in its slot: "0 objects" would read as if the names had none
        let objects = match n {
            0 if !g.truth => "values in their slots (m: each its own box)".to_string(),
            1 => "1 object".to_string(),
            n => format!("{n} objects"),
        };
        let freed = if freed > 0 {
            format!(" · {freed} freed (listed below)")
        } else {
            String::new()
        };
        format!("whole · {objects}{cycles}{freed} · v focused view · / find · x export")
    } else {
        let why = match &g.picture {
            Some(Err(_)) => format!("over {WHOLE_MAX} objects: focused"),
            _ => "focused".into(),
        };
        format!("{why} · Enter follows · ⌫ back · ←/→ side · / find · v whole")
    }
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let buf = frame.buffer_mut();
    let Some(run) = app.run.as_ref() else {
        hint(app, buf, inner, "not started — n runs the first line");
        return;
    };
    let st = style(app);
    let h = fit(&header(app), inner.width as usize);
    buf.set_stringn(inner.x, inner.y, h, inner.width as usize, app.theme.dim);
    if inner.height < 2 {
        return;
    }
    let body = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    let focused = app.focus == PaneId::Graph;
    if let (true, Some(Ok(pic))) = (app.graph.shows_whole(), &app.graph.picture) {
        if pic.nodes.is_empty() && pic.frames.iter().all(|f| f.vars.is_empty()) {
            hint(app, buf, body, "no names yet");
            return;
        }
        let l = whole::layout_fitting(pic, &st, body.width, body.height);
        // the cursor (shown while the pane has the focus) is kept in view; otherwise the
        // pane shows what the layout keeps in view (a cycle, the current call's objects)
        let offset = if focused {
            whole::scroll_to(&l, app.graph.cursor, body, l.view)
        } else {
            l.view
        };
        let selected = app
            .selected
            .and_then(|k| pic.nodes.iter().position(|n| n.key == k));
        let cursor = focused.then_some(app.graph.cursor);
        whole::draw(&l, buf, body, offset, cursor, selected, &st);
        return;
    }
    let Some(key) = focus_key(app) else {
        hint(app, buf, body, "no object to show yet");
        return;
    };
    let heap = run.heap();
    let rows = body.height.saturating_sub(1) as usize;
    let (holders, holders_total, holders_offset) = match &app.graph.holders {
        Some((k, _, all)) if *k == key => {
            let cur = if app.graph.side == Side::Holders {
                app.graph.row
            } else {
                0
            };
            let off = focus::window(all.len(), cur, rows);
            (
                all.iter().skip(off).take(rows).cloned().collect(),
                all.len(),
                off,
            )
        }
        _ => (
            vec![Row {
                label: "(finding holders…)".into(),
                object: None,
                text: String::new(),
                new: false,
            }],
            1,
            0,
        ),
    };
    let (_, total) = focus::referents(&heap, key.0, 0, 0);
    let cur = if app.graph.side == Side::Referents {
        app.graph.row
    } else {
        0
    };
    let off = focus::window(total, cur, rows);
    let (referents, referents_total) =
        focus::referent_rows(&heap, key.0, off, rows, app.graph.new_after);
    let f = Focus {
        center: focus::center(&heap, key.0, app.graph.new_after),
        holders,
        holders_total,
        holders_offset,
        referents,
        referents_total,
        referents_offset: off,
    };
    let cursor = focused.then_some((app.graph.side, app.graph.row));
    focus::draw(&f, buf, body, cursor, &st);
}
