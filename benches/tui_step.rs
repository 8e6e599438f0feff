//! Responsiveness of the terminal app: one step plus a redraw, on a snippet that has built a
//! million objects. Drives the app exactly as the main loop does (`update` with the step's
//! action, `Tick`s until the command is done, then `draw` to a 160x48 terminal) and prints
//! the times. The whole-heap analyses a big heap defers to idle time (cycles, holders) are
//! timed separately: they run only when the user pauses.
//!
//! Run: `cargo bench --bench tui_step` (needs `harness = false` for this bench in Cargo.toml).

use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use refscope::tui::action::Action;
use refscope::tui::app::App;
use refscope::tui::draw::draw;
use refscope::tui::theme::Theme;
use refscope::tui::update::update;

/// 500,000 one-item lists, each holding an int above the small-int cache: 10^6 objects.
const SNIPPET: &str = "\
data = [[i + 1000] for i in range(500000)]
x = 1
y = [x, x]
z = {'y': y}
del y
w = 'done'
x = 2
y = 3
z = None
";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

#[allow(dead_code)]
fn main() {
    std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run)
        .expect("thread")
        .join()
        .expect("bench");
}

fn run() {
    let dir = std::env::temp_dir().join(format!("refscope-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("million.py");
    std::fs::write(&path, SNIPPET).expect("write");
    let area = Rect::new(0, 0, 160, 48);
    let mut app = App::new(Some(&path), Theme::colored(), area);
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");

    let t = Instant::now();
    update(&mut app, Action::ToggleBreakpointAt(2));
    update(&mut app, Action::Continue);
    while app.is_busy() {
        update(&mut app, Action::Tick);
    }
    let build = t.elapsed();
    let live = app
        .run
        .as_ref()
        .map(|r| r.model().unwrap().vm.heap.live)
        .unwrap_or(0);
    let t = Instant::now();
    while app.has_idle_work() {
        update(&mut app, Action::Idle);
    }
    let idle = t.elapsed();
    terminal.draw(|f| draw(&app, f)).expect("draw");
    println!(
        "built {live} live objects in {:.0} ms (the snippet itself)",
        ms(build)
    );
    println!(
        "deferred analyses (cycles, holders) at idle: {:.0} ms",
        ms(idle)
    );

    let mut times = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        update(&mut app, Action::StepOver);
        while app.is_busy() {
            update(&mut app, Action::Tick);
        }
        terminal.draw(|f| draw(&app, f)).expect("draw");
        times.push(t.elapsed());
        // what the user waits for after pausing (not part of the step)
        while app.has_idle_work() {
            update(&mut app, Action::Idle);
        }
    }
    let mut sorted = times.clone();
    sorted.sort();
    let list: Vec<String> = times.iter().map(|d| format!("{:.1}", ms(*d))).collect();
    println!(
        "step + redraw with {live} objects: median {:.1} ms, max {:.1} ms  ({} ms)",
        ms(sorted[sorted.len() / 2]),
        ms(sorted[sorted.len() - 1]),
        list.join(", ")
    );
    let t = Instant::now();
    update(&mut app, Action::Collect);
    while app.is_busy() {
        update(&mut app, Action::Tick);
    }
    terminal.draw(|f| draw(&app, f)).expect("draw");
    println!(
        "g (full collection, cycles before/after) + redraw: {:.0} ms",
        ms(t.elapsed())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
