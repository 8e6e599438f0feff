//! Helpers shared by the TUI tests: an app driven through actions on a fake terminal.

#![allow(dead_code)]

use std::path::Path;

use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::Terminal;
use refscope::tui::action::Action;
use refscope::tui::app::App;
use refscope::tui::draw::draw;
use refscope::tui::theme::Theme;
use refscope::tui::update::update;

pub const SEED: &str = "assets/examples/memory_management.py";

/// Run `f` on a thread with the big stack the engine needs.
pub fn big_stack<F: FnOnce() + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

/// An app on a file, for a terminal of this size (monochrome: snapshots hold text only).
pub fn open(path: Option<&str>, width: u16, height: u16) -> App {
    App::new(
        path.map(Path::new),
        Theme::monochrome(),
        Rect::new(0, 0, width, height),
    )
}

/// Apply actions, letting every command finish and every deferred analysis run.
pub fn act(app: &mut App, actions: &[Action]) {
    for a in actions {
        update(app, a.clone());
        app.settle();
    }
}

/// Apply one action `n` times.
pub fn repeat(app: &mut App, action: Action, n: usize) {
    for _ in 0..n {
        act(app, std::slice::from_ref(&action));
    }
}

/// The screen as text.
pub fn render(app: &App) -> TestBackend {
    let mut t = Terminal::new(TestBackend::new(app.area.width, app.area.height)).expect("terminal");
    t.draw(|f| draw(app, f)).expect("draw");
    t.backend().clone()
}

/// The screen as one string.
pub fn screen(app: &App) -> String {
    let b = render(app);
    let buf = b.buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The 1-based line of the first editor line containing `needle`.
pub fn line_of(app: &App, needle: &str) -> u32 {
    app.editor
        .lines()
        .iter()
        .position(|l| l.contains(needle))
        .map(|i| i as u32 + 1)
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
}

/// A scratch file with this content, in a fresh directory of the build's temp dir, as a
/// path relative to the crate when it can be (so screens are the same on every machine).
pub fn scratch_file(test: &str, name: &str, content: &[u8]) -> std::path::PathBuf {
    let tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let tmp = std::env::current_dir()
        .ok()
        .and_then(|cwd| tmp.strip_prefix(cwd).ok().map(|p| p.to_path_buf()))
        .unwrap_or_else(|| tmp.to_path_buf());
    let dir = tmp.join(format!("tui-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}
