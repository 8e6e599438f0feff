//! The status bar (file, cell, line, step, the collector's state) and the line under the
//! panes with the last message and key hints written from the key map.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::load::SnippetKind;
use crate::tui::app::{App, Mode};
use crate::tui::keymap;
use crate::vm::session::Status;

use super::span;

/// The status line's segments, most important first.
fn segments(app: &App) -> Vec<String> {
    let name = app
        .doc
        .path
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| app.doc.name());
    let dirty = if app.is_dirty() { " [+]" } else { "" };
    let mut out = vec![format!("{name}{dirty}")];
    // the real backend says so (the model is the default)
    match (app.run.as_ref().and_then(|r| r.real()), &app.python) {
        (Some(real), _) => out.push(real.describe()),
        (None, Some(python)) if app.run.is_none() => out.push(format!("real: {python}")),
        _ => {}
    }
    let Some(r) = app.run.as_ref() else {
        out.push("not started".into());
        out.push("step 0".into());
        return out;
    };
    let cells = r.cell_count();
    match (r.status(), r.location()) {
        (Status::Paused { .. }, Some((cell, line))) => {
            if r.kind() != Some(SnippetKind::Script) {
                out.push(format!("cell {}/{cells}", cell + 1));
            }
            out.push(format!("line {line}"));
        }
        (Status::Finished { exit_code }, _) => match r.real().and_then(|x| x.end_note()) {
            Some(_) if r.real().is_some_and(|x| x.recording().end.limit.is_some()) => {
                out.push("stopped at the step limit".into())
            }
            _ => out.push(format!("finished, exit {exit_code}")),
        },
        _ => out.push("ready".into()),
    }
    // the trace's step: line events so far (`refscope export --step N` shows the same)
    let step = r.step();
    let collected = r.collect_log().iter().filter(|&&c| c == step).count();
    out.push(match collected {
        0 => format!("step {step}"),
        1 => format!("step {step} + gc"),
        n => format!("step {step} + gc x{n}"),
    });
    out.extend(r.gc_status());
    out
}

pub fn draw(app: &App, frame: &mut Frame, status: Rect, hints: Rect) {
    let t = &app.theme;
    let buf = frame.buffer_mut();
    buf.set_style(status, t.status);
    // the busy marker takes the right end
    let mut right = String::new();
    if let Some(r) = app.run.as_ref().filter(|r| r.is_busy()) {
        let n = r.instr_count();
        let what = if r.is_replaying() {
            format!("replaying, {} left", r.replay_left() + 1)
        } else {
            "running".to_string()
        };
        right = format!(" {what}… {} instr · Ctrl-C interrupts ", human(n));
    }
    let right_w = right.chars().count() as u16;
    let room = status.width.saturating_sub(right_w) as usize;
    let mut text = String::from(" ");
    let mut segs = segments(app);
    // the file name is also in the editor's title: it gives way first (to 12 columns)
    let total: usize = segs.iter().map(|s| s.chars().count() + 3).sum::<usize>() + 1;
    if total > room {
        let over = total - room;
        let (name, dirty) = match segs[0].strip_suffix(" [+]") {
            Some(n) => (n.to_string(), " [+]"),
            None => (segs[0].clone(), ""),
        };
        let name_w = name.chars().count();
        segs[0] = format!(
            "{}{dirty}",
            super::fit(&name, name_w.saturating_sub(over).max(12))
        );
    }
    for (i, seg) in segs.into_iter().enumerate() {
        let piece = if i == 0 { seg } else { format!(" │ {seg}") };
        if text.chars().count() + piece.chars().count() > room {
            break;
        }
        text.push_str(&piece);
    }
    buf.set_stringn(status.x, status.y, &text, room, t.status);
    if right_w > 0 && right_w <= status.width {
        buf.set_string(status.x + status.width - right_w, status.y, &right, t.busy);
    }
    if hints.height == 0 {
        return;
    }
    // message first, then as many hints as fit (help always last)
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0usize;
    if let Some(m) = &app.message {
        let style = if m.error {
            t.message_error
        } else {
            t.message_info
        };
        let max = hints.width as usize;
        let text = super::fit(&format!(" {} ", m.text), max);
        used += text.chars().count();
        spans.push(span(text, style));
    }
    let all = match &app.mode {
        Mode::Confirm(q) => q.hints(),
        _ => None,
    }
    .unwrap_or_else(|| keymap::hints(app.context()));
    let width = |k: &str, h: &str| k.chars().count() + h.len() + 3;
    let help = all.iter().find(|(_, h)| *h == "help").cloned();
    let help_w = help.as_ref().map(|(k, h)| width(k, h)).unwrap_or(0);
    let budget = hints.width as usize;
    let mut avail = budget.saturating_sub(used);
    let mut chosen: Vec<Span> = Vec::new();
    let mut chosen_w = 0usize;
    let push = |key: &str, hint: &str, chosen: &mut Vec<Span>| {
        chosen.push(span(format!(" {key}"), t.status_key));
        chosen.push(span(format!(" {hint} "), t.status_hint));
    };
    for (key, hint) in all.iter().filter(|(_, h)| *h != "help") {
        let w = width(key, hint);
        if w + help_w <= avail {
            push(key, hint, &mut chosen);
            avail -= w;
            chosen_w += w;
        }
    }
    if let Some((key, hint)) = help.filter(|_| help_w <= avail) {
        push(&key, hint, &mut chosen);
        chosen_w += help_w;
    }
    let pad = budget.saturating_sub(used + chosen_w);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(chosen);
    buf.set_line(hints.x, hints.y, &Line::from(spans), hints.width);
}

/// `1234567` → `1.2M`.
fn human(n: u64) -> String {
    match n {
        0..=9_999 => n.to_string(),
        10_000..=999_999 => format!("{:.0}k", n as f64 / 1e3),
        _ => format!("{:.1}M", n as f64 / 1e6),
    }
}
