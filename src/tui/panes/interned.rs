//! The interned pane: what CPython shares instead of copying — the small ints the snippet
//! uses, the strings it interned and why, the singletons, and each code object's constants.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::analysis::HeapState;
use crate::tui::action::PaneId;
use crate::tui::app::App;

use super::{draw_list, hint, span, PaneLine};

fn delta(now: i64, start: i64) -> String {
    if now > start {
        format!(" (+{})", now - start)
    } else if now < start {
        format!(" (−{})", start - now)
    } else {
        String::new()
    }
}

/// The pane's lines (Enter on one selects its object).
pub fn lines(app: &App) -> Vec<PaneLine> {
    let Some(runner) = app.run.as_ref() else {
        return Vec::new();
    };
    let heap = runner.heap();
    let t = &app.theme;
    let v = &app.heap.interned;
    let serial = |id| heap.serial(id);
    let mut out = Vec::new();
    out.push(PaneLine::text(span(
        "Small ints in use (one cached object each, −5…256)",
        t.heading,
    )));
    if v.small_ints.is_empty() {
        out.push(PaneLine::text(span(
            "  none beyond the interpreter's own",
            t.dim,
        )));
    }
    for &(n, id, now, start) in &v.small_ints {
        out.push(PaneLine::object(
            Line::from(vec![
                span(format!("  {n:<6}"), t.syn_number),
                span(
                    if now >= start {
                        format!("+{} since start-up", now - start)
                    } else {
                        format!("−{} since start-up", start - now)
                    },
                    t.text,
                ),
                span(format!(" · refs {now}"), t.dim),
            ]),
            (id, serial(id)),
        ));
    }
    out.push(PaneLine::text(span(
        format!("Interned strings ({} more not listed)", v.startup_strings),
        t.heading,
    )));
    if v.strings.is_empty() {
        out.push(PaneLine::text(span(
            "  none made by the snippet yet",
            t.dim,
        )));
    }
    for (id, text, reason, refs) in &v.strings {
        out.push(PaneLine::object(
            Line::from(vec![
                span(format!("  {:<18}", short(text)), t.syn_string),
                // the count first: a static string's ten digits stay on screen in a narrow pane
                span(format!(" refs {refs:<10}"), t.dim),
                span(format!(" {reason}"), t.text),
            ]),
            (*id, serial(*id)),
        ));
    }
    if v.strings_more > 0 {
        out.push(PaneLine::text(span(
            format!("  … {} more", v.strings_more),
            t.dim,
        )));
    }
    out.push(PaneLine::text(span("Singletons", t.heading)));
    for &(name, id, now, start) in &v.singletons {
        out.push(PaneLine::object(
            Line::from(vec![
                span(format!("  {name:<15}"), t.syn_keyword),
                span(format!("refs {now}{}", delta(now, start)), t.dim),
            ]),
            (id, serial(id)),
        ));
    }
    out.push(PaneLine::text(span(
        "Constants, shared within each code object",
        t.heading,
    )));
    if v.constants.is_empty() {
        out.push(PaneLine::text(span(
            "  no code object of the snippet alive",
            t.dim,
        )));
    }
    for (qualname, file, consts) in &v.constants {
        out.push(PaneLine::text(Line::from(vec![
            span(format!("  {qualname}"), t.title),
            span(format!("  {file}"), t.dim),
        ])));
        for &k in consts {
            if !heap.is_live(k) {
                continue;
            }
            let users = v.const_users.get(&k).copied().unwrap_or(1);
            let shared = if users > 1 {
                format!("  in {users} code objects")
            } else {
                String::new()
            };
            out.push(PaneLine::object(
                Line::from(vec![
                    span(format!("    {}", heap.short_repr(k, 40)), t.text),
                    span(format!("  refs {}{shared}", heap.refcnt(k)), t.dim),
                ]),
                (k, serial(k)),
            ));
        }
    }
    out
}

fn short(s: &str) -> String {
    let r = crate::object::str::str_repr(s);
    super::fit(&r, 18)
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let buf = frame.buffer_mut();
    if app.run.is_none() {
        hint(app, buf, inner, "not started — n runs the first line");
        return;
    }
    let lines = lines(app);
    draw_list(
        app,
        buf,
        inner,
        &lines,
        &app.interned,
        app.focus == PaneId::Interned,
    );
}
