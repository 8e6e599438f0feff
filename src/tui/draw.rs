//! `draw(&App, &mut Frame)`: the whole screen from the state, never changing it. Panes draw
//! inside the slots the layout gives them; overlays go on top.

use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use ratatui::Frame;

use super::action::PaneId;
use super::app::{App, Mode};
use super::layout::Screen;
use super::panes;
use super::phases::time;

/// Draw everything.
pub fn draw(app: &App, frame: &mut Frame) {
    let screen = app.screen();
    let t = &app.theme;
    for slot in &screen.slots {
        if slot.area.width < 2 || slot.area.height < 2 {
            continue;
        }
        let pane = Screen::shown(slot, &app.recency);
        let focused = pane == app.focus;
        let extra = match pane {
            PaneId::Editor => panes::editor::title(app, slot.area.width),
            PaneId::Refcounts => panes::refcounts::title(app),
            PaneId::Output => panes::output::title(app),
            _ => String::new(),
        };
        let mut title: Vec<Span> = panes::tab_titles(app, slot);
        // the extra text gets what the tabs leave of the top border (corners excluded), cut
        // with `…`, or nothing when too little is left to say anything
        let used: usize = title.iter().map(|s| s.width()).sum();
        let room = (slot.area.width as usize).saturating_sub(2 + used + 3);
        if !extra.is_empty() && room >= 8.min(extra.chars().count()) {
            title.push(Span::styled(
                format!(" {} ", panes::fit(&extra, room)),
                t.dim,
            ));
        }
        let block = Block::bordered()
            .border_style(t.block_border(focused))
            .title(Line::from(title));
        let inner = block.inner(slot.area);
        frame.render_widget(block, slot.area);
        if inner.width == 0 || inner.height == 0 {
            continue;
        }
        match pane {
            PaneId::Editor => time("draw editor", || panes::editor::draw(app, frame, inner)),
            PaneId::Refcounts => time("draw refcounts", || {
                panes::refcounts::draw(app, frame, inner)
            }),
            PaneId::Interned => time("draw interned", || panes::interned::draw(app, frame, inner)),
            PaneId::Cycles => time("draw cycles", || panes::cycles::draw(app, frame, inner)),
            PaneId::Graph => time("draw graph", || panes::graph::draw(app, frame, inner)),
            PaneId::Output => time("draw output", || panes::output::draw(app, frame, inner)),
        }
    }
    if screen.status.height > 0 {
        panes::status::draw(app, frame, screen.status, screen.hints);
    }
    match &app.mode {
        Mode::Help { scroll } => panes::overlay::draw_help(app, frame, *scroll),
        Mode::Prompt(p) => panes::overlay::draw_prompt(app, frame, p),
        Mode::Confirm(q) => panes::overlay::draw_confirm(app, frame, q),
        Mode::Normal | Mode::Editing => {}
    }
}
