//! What draws over the panes: the help (written from the key map, then the legend of every
//! mark), the path prompt with its completions, and yes/no questions.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};
use ratatui::Frame;

use crate::tui::app::{App, Confirm, Prompt, PromptPurpose};
use crate::tui::keymap::{self, MOUSE_HELP};
use crate::tui::legend;

use super::span;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

fn help_lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    for (context, rows) in keymap::help_sections() {
        if rows.is_empty() {
            continue;
        }
        out.push(Line::from(span(context.title(), t.heading)));
        for (keys, help) in rows {
            out.push(Line::from(vec![
                span(format!("  {keys:<22}"), t.key),
                span(help, t.text),
            ]));
        }
        out.push(Line::from(""));
    }
    out.push(Line::from(span("Mouse", t.heading)));
    for (what, help) in MOUSE_HELP {
        out.push(Line::from(vec![
            span(format!("  {what:<22}"), t.key),
            span(*help, t.text),
        ]));
    }
    out.push(Line::from(""));
    for section in legend::LEGEND {
        out.push(Line::from(span(section.title, t.heading)));
        for (mark, meaning) in section.rows {
            out.push(Line::from(vec![
                span(format!("  {mark:<22}"), t.key),
                span(*meaning, t.text),
            ]));
        }
        out.push(Line::from(""));
    }
    out
}

/// The help line the legend starts on (where `l` opens the help).
pub fn legend_start() -> usize {
    keys_len() + 1
}

/// Lines of the keys part of the help (before the legend).
fn keys_len() -> usize {
    keymap::help_sections()
        .iter()
        .filter(|(_, r)| !r.is_empty())
        .map(|(_, r)| r.len() + 2)
        .sum::<usize>()
        + 1
        + MOUSE_HELP.len()
}

/// Lines of the help (for scrolling): the keys, then the legend.
pub fn help_len() -> usize {
    keys_len() + 1 + legend::len()
}

/// Where the help box goes on a screen of `area`.
fn help_rect(area: Rect) -> Rect {
    centered(area, 84, area.height.saturating_sub(2).max(3))
}

/// The furthest the help scrolls on a screen of `area`: its last line at the bottom of the
/// box (End goes there, not past the text).
pub fn help_max_scroll(area: Rect) -> u16 {
    let visible = help_rect(area).height.saturating_sub(2) as usize;
    help_len().saturating_sub(visible).min(u16::MAX as usize) as u16
}

pub fn draw_help(app: &App, frame: &mut Frame, scroll: u16) {
    let area = frame.area();
    let r = help_rect(area);
    let scroll = scroll.min(help_max_scroll(area));
    let block = Block::bordered()
        .title(span(
            " Keys and legend — Esc or ? closes, ↑↓ scroll, l the legend ",
            app.theme.title,
        ))
        .border_style(app.theme.overlay_border);
    frame.render_widget(Clear, r);
    Paragraph::new(help_lines(app))
        .block(block)
        .scroll((scroll, 0))
        .style(app.theme.overlay)
        .render(r, frame.buffer_mut());
}

pub fn draw_prompt(app: &App, frame: &mut Frame, prompt: &Prompt) {
    let area = frame.area();
    let height = 4 + (prompt.matches.len().min(6) as u16);
    let r = centered(area, area.width.saturating_sub(4).min(90), height);
    let folder = app
        .prompt_base()
        .map(|d| format!(" in {}/", d.display()))
        .unwrap_or_default();
    let title = match prompt.purpose {
        PromptPurpose::Open => {
            format!(" Open a file{folder} — Tab completes, Enter opens, Esc cancels ")
        }
        PromptPurpose::SaveAs => {
            format!(" Save as{folder} — Tab completes, Enter saves, Esc cancels ")
        }
        PromptPurpose::FindObject => {
            " Find an object: a name, a type or an address — Enter goes there ".to_string()
        }
    };
    let t = &app.theme;
    let mut lines = vec![Line::from(vec![
        span("path: ", t.dim),
        span(prompt.input.clone(), t.text),
        span("█", t.key),
    ])];
    if !prompt.matches.is_empty() {
        let shown: Vec<String> = prompt.matches.iter().take(30).cloned().collect();
        lines.push(Line::from(span(shown.join("  "), t.dim)));
    }
    frame.render_widget(Clear, r);
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(
            Block::bordered()
                .title(span(title, t.title))
                .border_style(t.overlay_border),
        )
        .render(r, frame.buffer_mut());
}

pub fn draw_confirm(app: &App, frame: &mut Frame, question: &Confirm) {
    let t = &app.theme;
    if let Confirm::Recover(rec) = question {
        return draw_recover(app, frame, rec);
    }
    if let Confirm::Real(why) = question {
        return draw_real(app, frame, why);
    }
    let text = match question {
        Confirm::Recover(_) | Confirm::Real(_) => String::new(),
        Confirm::Quit => format!("{} has unsaved edits. Quit anyway?", app.doc.name()),
        Confirm::Discard(p) => format!(
            "{} has unsaved edits. Open {} and drop them?",
            app.doc.name(),
            p.display()
        ),
    };
    let answers = Line::from(vec![
        span(" s ", t.status_key),
        span("/", t.text),
        span(" Enter ", t.status_key),
        span(" save first   ", t.text),
        span(" y ", t.status_key),
        span(" drop the edits   ", t.text),
        span(" n ", t.status_key),
        span(" / Esc cancel", t.text),
    ]);
    let area = frame.area();
    let r = centered(area, 72, 6);
    frame.render_widget(Clear, r);
    Paragraph::new(vec![
        Line::from(span(text, t.title)),
        Line::from(""),
        answers,
    ])
    .wrap(Wrap { trim: false })
    .block(
        Block::bordered()
            .title(span(" Unsaved edits ", t.title))
            .border_style(t.overlay_border),
    )
    .render(r, frame.buffer_mut());
}

/// The offer to open a snippet the model cannot run on the real CPython.
fn draw_real(app: &App, frame: &mut Frame, why: &str) {
    let t = &app.theme;
    let text = format!(
        "refscope's model cannot run this: {why}. Open it on your real CPython (python3) \
         instead? It runs once, recorded, with your rights (not sandboxed)."
    );
    let answers = Line::from(vec![
        span(" y ", t.status_key),
        span(" open on python3   ", t.text),
        span(" n ", t.status_key),
        span(" / Esc stay on the model", t.text),
    ]);
    let r = centered(frame.area(), 76, 8);
    frame.render_widget(Clear, r);
    Paragraph::new(vec![
        Line::from(span(text, t.title)),
        Line::from(""),
        answers,
    ])
    .wrap(Wrap { trim: false })
    .block(
        Block::bordered()
            .title(span(" Not modelled ", t.title))
            .border_style(t.overlay_border),
    )
    .render(r, frame.buffer_mut());
}

/// The offer to restore a recovery file an earlier session left.
fn draw_recover(app: &App, frame: &mut Frame, rec: &std::path::Path) {
    let t = &app.theme;
    let text = format!(
        "{} has unsaved edits from an earlier session in {}. Restore them?",
        app.doc.name(),
        rec.display()
    );
    let answers = Line::from(vec![
        span(" y ", t.status_key),
        span(" restore   ", t.text),
        span(" d ", t.status_key),
        span(" drop them   ", t.text),
        span(" n ", t.status_key),
        span(" / Esc keep for later", t.text),
    ]);
    let r = centered(frame.area(), 72, 6);
    frame.render_widget(Clear, r);
    Paragraph::new(vec![
        Line::from(span(text, t.title)),
        Line::from(""),
        answers,
    ])
    .wrap(Wrap { trim: false })
    .block(
        Block::bordered()
            .title(span(" Unsaved edits ", t.title))
            .border_style(t.overlay_border),
    )
    .render(r, frame.buffer_mut());
}
