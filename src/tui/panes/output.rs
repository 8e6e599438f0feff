//! The output pane: what the snippet printed, tracebacks, and `Out[N]` in notebook mode. It
//! follows the end unless scrolled up; only the visible lines are touched.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use crate::tui::app::App;

use super::{hint, span};

/// Lines in the pane.
pub fn len(app: &App) -> usize {
    app.run
        .as_ref()
        .map(|r| app.output_index.len(r.stdout(), r.stderr()))
        .unwrap_or(0)
}

pub fn title(app: &App) -> String {
    match len(app) {
        0 => String::new(),
        n if app.output.follow => format!("{n} lines"),
        n => format!("{n} lines · scrolled (End follows)"),
    }
}

fn is_error_line(line: &str) -> bool {
    let head: String = line
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    line.starts_with("Traceback")
        || (line.len() > head.len()
            && line[head.len()..].starts_with(':')
            && (head.ends_with("Error")
                || head.ends_with("Exception")
                || head == "KeyboardInterrupt"))
}

pub fn draw(app: &App, frame: &mut Frame, inner: Rect) {
    let buf = frame.buffer_mut();
    let Some(runner) = app.run.as_ref() else {
        hint(app, buf, inner, "what the snippet prints shows here");
        return;
    };
    let (out, err) = (runner.stdout(), runner.stderr());
    let n = len(app);
    if n == 0 {
        hint(app, buf, inner, "nothing printed yet");
        return;
    }
    let h = inner.height as usize;
    let max = n.saturating_sub(h);
    let top = if app.output.follow {
        max
    } else {
        app.output.offset.min(max)
    };
    let t = &app.theme;
    for y in 0..h {
        let Some((text, is_err)) = app.output_index.line(top + y, out, err) else {
            break;
        };
        let text = text.replace('\t', "    ");
        let line = if is_err || is_error_line(&text) {
            Line::from(span(text, t.stderr))
        } else if let Some(rest) = text.strip_prefix("Out[") {
            match rest.find("]:") {
                Some(i) => Line::from(vec![
                    span(format!("Out[{}]:", &rest[..i]), t.out_prompt),
                    span(rest[i + 2..].to_string(), t.text),
                ]),
                None => Line::from(span(text, t.text)),
            }
        } else {
            Line::from(span(text, t.text))
        };
        buf.set_line(inner.x, inner.y + y as u16, &line, inner.width);
    }
}
