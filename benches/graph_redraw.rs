//! The object graph pane on a heap of a million objects: how long a redraw takes in the
//! whole picture and in the focused view (centred on a list of 500,000 items, then on one of
//! its items), and how long the per-step work is (the picture rebuilt after a command, the
//! holders found at an idle moment). Prints milliseconds.
//!
//! Run: `cargo bench --bench graph_redraw`.

use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use refscope::tui::action::{Action, PaneId};
use refscope::tui::app::App;
use refscope::tui::draw::draw;
use refscope::tui::theme::Theme;
use refscope::tui::update::update;

/// 500,000 one-item lists, each holding an int above the small-int cache: 10^6 objects.
const SNIPPET: &str = "\
data = [[i + 1000] for i in range(500000)]
x = 1
y = [x, x]
";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("bench");
}

/// Median and worst of `n` redraws.
fn redraws(app: &App, terminal: &mut Terminal<TestBackend>, n: usize) -> (f64, f64) {
    let mut times: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            terminal.draw(|f| draw(app, f)).expect("draw");
            ms(t.elapsed())
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    (times[n / 2], times[n - 1])
}

fn run() {
    let dir = std::env::temp_dir().join(format!("refscope-graph-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("million.py");
    std::fs::write(&path, SNIPPET).expect("write");
    // 110x40: the graph pane shares the big right slot with Refcounts (61x20 inside)
    let area = Rect::new(0, 0, 110, 40);
    let mut app = App::new(Some(&path), Theme::colored(), area);
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    update(&mut app, Action::Continue);
    while app.is_busy() {
        update(&mut app, Action::Tick);
    }
    while app.has_idle_work() {
        update(&mut app, Action::Idle);
    }
    let live = app.run.as_ref().unwrap().model().unwrap().vm.heap.live;
    println!("heap: {live} live objects");
    update(&mut app, Action::Focus(PaneId::Graph));

    let t = Instant::now();
    refscope::tui::panes::graph::refresh(&mut app);
    println!("picture rebuilt after a step: {:.1} ms", ms(t.elapsed()));
    let (med, worst) = redraws(&app, &mut terminal, 20);
    println!(
        "redraw, whole picture ({} view): median {med:.2} ms, worst {worst:.2} ms",
        if app.graph.shows_whole() {
            "whole"
        } else {
            "focused"
        }
    );

    // the focused view on `data`: a list of 500,000 items
    update(&mut app, Action::GraphFind);
    for c in "data".chars() {
        update(
            &mut app,
            Action::Input(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Char(c),
            )),
        );
    }
    let t = Instant::now();
    update(&mut app, Action::Accept);
    println!("find `data` (and its holders): {:.1} ms", ms(t.elapsed()));
    if app.graph.shows_whole() {
        update(&mut app, Action::GraphView);
    }
    let t = Instant::now();
    while app.has_idle_work() {
        update(&mut app, Action::Idle);
    }
    println!(
        "holders of the focused object (idle time): {:.1} ms",
        ms(t.elapsed())
    );
    let (med, worst) = redraws(&app, &mut terminal, 20);
    println!("redraw, focused on a 500,000-item list: median {med:.2} ms, worst {worst:.2} ms");
    // scroll to the middle of its items
    update(&mut app, Action::GraphRight);
    for _ in 0..2 {
        update(&mut app, Action::End);
    }
    update(&mut app, Action::PageUp);
    let (med, worst) = redraws(&app, &mut terminal, 20);
    println!(
        "redraw, focused, scrolled to its last items: median {med:.2} ms, worst {worst:.2} ms"
    );
    // follow an arrow into one item
    let t = Instant::now();
    update(&mut app, Action::Select);
    while app.has_idle_work() {
        update(&mut app, Action::Idle);
    }
    println!("Enter (follow) + holders: {:.1} ms", ms(t.elapsed()));
    let (med, worst) = redraws(&app, &mut terminal, 20);
    println!("redraw, focused on one item: median {med:.2} ms, worst {worst:.2} ms");
    let _ = std::fs::remove_dir_all(&dir);
}
