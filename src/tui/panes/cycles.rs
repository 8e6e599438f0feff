//! The cycles pane: the reference cycles now (reachable, or unreachable and waiting for the
//! collector), their members named by the path that reaches them (`a.partner`, or `(was a)`
//! once nothing does), and the last collection: what `gc.collect()` returned, each object it
//! found with whether its `__del__` ran and what became of it, and each cycle before it
//! side by side with its fate (freed or survived).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use crate::analysis::lesson::Scope;
use crate::analysis::{Cycle, CycleState, HeapState};
use crate::tui::action::PaneId;
use crate::tui::app::App;
use crate::tui::heapview::Origin;

use super::{draw_list, fit, hint, span, PaneLine};

/// Members listed per cycle (a cycle can be a million objects long).
const MAX_MEMBERS: usize = 12;
/// Cycles listed.
const MAX_CYCLES: usize = 200;

fn state_style(app: &App, s: CycleState) -> Style {
    let t = &app.theme;
    match s {
        CycleState::Reachable => t.reachable,
        CycleState::Unreachable => t.unreachable,
        CycleState::Freed => t.freed,
        CycleState::Survived => t.survived,
    }
}

/// A short badge, for the before/after columns.
fn short_badge(s: CycleState) -> &'static str {
    match s {
        CycleState::Reachable => "○ reachable",
        CycleState::Unreachable => "● unreachable",
        CycleState::Freed => "✓ freed",
        CycleState::Survived => "↺ survived",
    }
}

/// How a member is named: by the path that reaches it (`a.partner`, `(was a)`) in the
/// snippet's scope, else instances by address (the type is in its own column).
fn member_text(app: &App, m: &crate::analysis::ObjectInfo) -> String {
    if let Some(run) = app.run.as_ref() {
        let heap = run.heap();
        if app.heap.scope == Scope::Snippet && heap.is_live(m.id) && heap.serial(m.id) == m.serial {
            if let Some(n) = app.heap.name_of(&heap, m.id) {
                return n;
            }
        }
    }
    if m.repr.starts_with('<') && m.repr.contains(" at 0x") {
        format!("@0x{:x}", m.addr)
    } else {
        m.repr.clone()
    }
}

fn badge(s: CycleState) -> &'static str {
    match s {
        CycleState::Reachable => "○ reachable",
        CycleState::Unreachable => "● unreachable, not yet freed",
        CycleState::Freed => "✓ freed",
        CycleState::Survived => "↺ survived",
    }
}

/// A few type names of a cycle's members: `A → dict → B → dict`.
fn summary(c: &Cycle) -> String {
    let names: Vec<&str> = c
        .members
        .iter()
        .take(6)
        .map(|m| m.type_name.as_str())
        .collect();
    let more = if c.members.len() > 6 { " → …" } else { "" };
    format!("{}{more}", names.join(" → "))
}

/// How a cycle of the last collection is named: its members' names before it (`a ↔
/// a.partner`), else a class's name or its types.
fn label(
    c: &Cycle,
    names: &std::collections::HashMap<(crate::object::ObjId, u64), String>,
) -> String {
    let named: Vec<&str> = c
        .members
        .iter()
        .take(3)
        .filter_map(|m| names.get(&(m.id, m.serial)).map(String::as_str))
        .collect();
    if !named.is_empty() && named.len() == c.members.len().min(3) {
        let sep = if c.members.len() == 2 {
            " ↔ "
        } else {
            " → "
        };
        let more = if c.members.len() > 3 { " → …" } else { "" };
        return format!("{}{more}", named.join(sep));
    }
    match class_name(c) {
        Some(n) if c.involves_class => format!("class {}", n.trim_start_matches("__main__.")),
        _ => summary(c),
    }
}

fn class_name(c: &Cycle) -> Option<String> {
    c.members.iter().find(|m| m.type_name == "type").map(|m| {
        m.repr
            .trim_start_matches("<class '")
            .trim_end_matches("'>")
            .to_string()
    })
}

/// Whether a cycle is the snippet's (the scope lists only those): one of its members is
/// something the snippet reaches, or garbage it left.
fn is_shown(app: &App, c: &Cycle) -> bool {
    if app.heap.scope != Scope::Snippet {
        return true;
    }
    match &app.heap.reach {
        Some(r) => c.members.iter().any(|m| r.contains(m.id)),
        None => true,
    }
}

/// The pane's lines for a pane `width` columns wide.
pub fn lines(app: &App, width: u16) -> Vec<PaneLine> {
    let t = &app.theme;
    let mut out = Vec::new();
    if app.run.is_none() {
        return out;
    }
    let step = app.step();
    match &app.heap.cycles {
        None => out.push(PaneLine::text(span(
            "Now: finding cycles when you pause (big heap)…",
            t.dim,
        ))),
        Some(cycles) => {
            let shown: Vec<&Cycle> = cycles.iter().filter(|c| is_shown(app, c)).collect();
            let user: Vec<&Cycle> = shown
                .iter()
                .copied()
                .filter(|c| !c.involves_class)
                .collect();
            let classes = shown.len() - user.len();
            out.push(PaneLine::text(span(
                format!(
                    "Now (step {step}): {} cycle{}{}",
                    user.len(),
                    if user.len() == 1 { "" } else { "s" },
                    if classes > 0 {
                        format!(" (+{classes} of classes)")
                    } else {
                        String::new()
                    }
                ),
                t.heading,
            )));
            if shown.is_empty() {
                out.push(PaneLine::text(span(
                    "  none: reference counting alone frees everything here",
                    t.dim,
                )));
            }
            let name_w = user
                .iter()
                .flat_map(|c| c.members.iter().take(MAX_MEMBERS))
                .map(|m| member_text(app, m).chars().count())
                .max()
                .unwrap_or(0)
                .clamp(4, (width as usize / 2).max(4));
            for c in user.iter().take(MAX_CYCLES) {
                out.push(PaneLine::text(Line::from(vec![
                    span(format!(" {}", badge(c.state)), state_style(app, c.state)),
                    span(format!(" ({})", c.members.len()), t.dim),
                ])));
                for m in c.members.iter().take(MAX_MEMBERS) {
                    out.push(PaneLine::object(
                        Line::from(vec![
                            span(
                                format!("   {:<name_w$}", fit(&member_text(app, m), name_w)),
                                t.text,
                            ),
                            span(format!(" {}", fit(&m.type_name, 12)), t.dim),
                            span(format!(" rc {}", m.refcnt), t.dim),
                        ]),
                        (m.id, m.serial),
                    ));
                }
                if c.members.len() > MAX_MEMBERS {
                    out.push(PaneLine::text(span(
                        format!("   … {} more", c.members.len() - MAX_MEMBERS),
                        t.dim,
                    )));
                }
            }
            for c in shown.iter().filter(|c| c.involves_class).take(MAX_CYCLES) {
                let name = class_name(c).unwrap_or_else(|| "a class".into());
                let first = &c.members[0];
                out.push(PaneLine::object(
                    Line::from(vec![
                        span(
                            format!(" {}", short_badge(c.state)),
                            state_style(app, c.state),
                        ),
                        span(
                            format!(
                                " · class {} and its own references ({})",
                                name.trim_start_matches("__main__."),
                                c.members.len()
                            ),
                            t.dim,
                        ),
                    ]),
                    (first.id, first.serial),
                ));
            }
        }
    }
    out.push(PaneLine::text(""));
    let Some(col) = &app.heap.collection else {
        out.push(PaneLine::text(span(
            "Last collection: none yet — g runs gc.collect()",
            t.heading,
        )));
        return out;
    };
    let origin = match &col.origin {
        Origin::Key => "g".to_string(),
        Origin::Snippet { line: Some(l) } => format!("gc.collect() from line {l}"),
        Origin::Snippet { line: None } => "gc.collect() in the snippet".to_string(),
        Origin::Automatic => format!("automatic, generation {}", col.report.generation),
    };
    out.push(PaneLine::text(span(
        format!("Last collection: step {} ({origin})", col.step),
        t.heading,
    )));
    out.push(PaneLine::text(Line::from(vec![
        span("  returned ", t.text),
        span(col.report.collected.to_string(), t.title),
        span(
            format!(
                " · {} uncollectable · {} resurrected by __del__",
                col.report.uncollectable,
                col.report.resurrected.len()
            ),
            t.dim,
        ),
    ])));
    // each object it found, by name, with whether its __del__ ran and what became of it
    let finalized = |o: &crate::gc::CollectedObject| {
        col.report
            .finalized
            .iter()
            .any(|f| f.id == o.id && f.serial == o.serial)
    };
    let found: Vec<(&crate::gc::CollectedObject, &str)> = col
        .report
        .unreachable
        .iter()
        .map(|o| (o, "✓ freed"))
        .chain(col.report.resurrected.iter().map(|o| (o, "↺ resurrected")))
        .collect();
    let name = |o: &crate::gc::CollectedObject| {
        col.names
            .get(&(o.id, o.serial))
            .cloned()
            .unwrap_or_else(|| format!("@0x{:x}", o.addr))
    };
    let name_w = found
        .iter()
        .take(MAX_MEMBERS)
        .map(|(o, _)| name(o).chars().count())
        .max()
        .unwrap_or(0)
        .min(width as usize / 2);
    for (o, fate) in found.iter().take(MAX_MEMBERS) {
        let del = if finalized(o) { " · __del__ ran" } else { "" };
        out.push(PaneLine::text(Line::from(vec![
            span(format!("  {:<name_w$}", fit(&name(o), name_w)), t.text),
            span(format!(" {}", fit(&o.type_name, 12)), t.dim),
            span(
                format!(" {fate}"),
                state_style(
                    app,
                    if fate.starts_with('✓') {
                        CycleState::Freed
                    } else {
                        CycleState::Survived
                    },
                ),
            ),
            span(del.to_string(), t.title),
        ])));
    }
    if found.len() > MAX_MEMBERS {
        out.push(PaneLine::text(span(
            format!("  … {} more", found.len() - MAX_MEMBERS),
            t.dim,
        )));
    }
    match &col.cycles {
        None => out.push(PaneLine::text(span(
            "  (the cycles before it were not analysed: big heap, no pause)",
            t.dim,
        ))),
        Some(pairs) if width >= 50 => {
            // side by side: each cycle before the collection, and what became of it
            let half = (width.saturating_sub(5) / 2) as usize;
            out.push(PaneLine::text(span(
                format!("  {:<half$} │ {}", "before", "after"),
                t.header,
            )));
            if pairs.is_empty() {
                out.push(PaneLine::text(span(
                    format!("  {:<half$} │ {}", "no cycles", "—"),
                    t.dim,
                )));
            }
            for (c, after) in pairs.iter().take(MAX_CYCLES) {
                let before = fit(
                    &format!("{} {}", short_badge(c.state), label(c, &col.names)),
                    half,
                );
                let first = &c.members[0];
                out.push(PaneLine::object(
                    Line::from(vec![
                        span(format!("  {before:<half$}"), state_style(app, c.state)),
                        span(" │ ", t.border),
                        span(
                            format!("{} ({} objects)", short_badge(*after), c.members.len()),
                            state_style(app, *after),
                        ),
                    ]),
                    (first.id, first.serial),
                ));
            }
        }
        Some(pairs) => {
            // narrow: one line per cycle, before → after
            if pairs.is_empty() {
                out.push(PaneLine::text(span("  no cycles before it", t.dim)));
            }
            for (c, after) in pairs.iter().take(MAX_CYCLES) {
                let first = &c.members[0];
                out.push(PaneLine::object(
                    Line::from(vec![
                        span(
                            format!("  {}", short_badge(c.state)),
                            state_style(app, c.state),
                        ),
                        span(" → ", t.dim),
                        span(short_badge(*after), state_style(app, *after)),
                        span(format!(" · {}", label(c, &col.names)), t.text),
                    ]),
                    (first.id, first.serial),
                ));
            }
        }
    }
    out
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let buf = frame.buffer_mut();
    if app.run.is_none() {
        hint(app, buf, inner, "not started — n runs the first line");
        return;
    }
    let lines = lines(app, inner.width);
    draw_list(
        app,
        buf,
        inner,
        &lines,
        &app.cycles,
        app.focus == PaneId::Cycles,
    );
}
