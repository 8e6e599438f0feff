//! The object graph pane: a slot kept in every layout for the graph view (boxes and arrows
//! for small heaps, a focused walk for big ones), which lands in its own issue.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::tui::app::App;

use super::hint;

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let buf = frame.buffer_mut();
    hint(app, buf, inner, "the object graph comes in its own issue");
    if inner.height > 2 {
        let below = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
        hint(app, buf, below, "meanwhile: Refcounts lists who holds what");
    }
}
