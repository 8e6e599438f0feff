//! End to end: the real binary in a tmux pane of fixed size, driven with `send-keys` and read
//! with `capture-pane`. Skipped (with a message) where tmux is not installed.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "common/tmux.rs"]
mod tmux;
use tmux::Tmux;

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("tmux is not installed: end-to-end test skipped");
    }
    ok
}

fn shell_line(file: &Path) -> String {
    let bin = env!("CARGO_BIN_EXE_refscope");
    format!(
        "cd '{}' && '{bin}' '{}'; echo \"EXIT=$?\"; sleep 60",
        env!("CARGO_MANIFEST_DIR"),
        file.display()
    )
}

#[test]
fn step_collect_step_back_help_and_quit() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start(
        "seed",
        100,
        30,
        &shell_line(Path::new("assets/examples/memory_management.py")),
    );
    t.wait_for("not started");
    t.keys(&["n", "n", "n"]);
    t.wait_for("step 3");
    t.keys(&["g"]);
    t.wait_for("gc.collect() returned");
    t.keys(&["b"]);
    t.wait_for("│ step 3");
    t.keys(&["Tab"]);
    t.keys(&["?"]);
    t.wait_for("Keys and legend — Esc or ? closes");
    t.keys(&["Escape"]);
    t.keys(&["q"]);
    let s = t.wait_for("EXIT=0");
    assert!(
        !s.contains("Refcounts"),
        "the terminal was left in the app's screen:\n{s}"
    );
}

#[test]
fn ctrl_c_interrupts_a_runaway_loop() {
    if !have_tmux() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-loop");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("forever.py");
    std::fs::write(&file, "n = 0\nwhile True:\n    n += 1\n").expect("write");
    let t = Tmux::start("loop", 90, 26, &shell_line(&file));
    t.wait_for("not started");
    t.keys(&["c"]);
    t.wait_for("Ctrl-C interrupts");
    t.keys(&["C-c"]);
    t.wait_for("KeyboardInterrupt");
    // still running the app: q quits it
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn small_terminal_resize_edit_save_and_quit() {
    if !have_tmux() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-edit");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("lesson.py");
    std::fs::write(&file, "a = [1, 2]\nb = a\n").expect("write");
    let t = Tmux::start("edit", 80, 24, &shell_line(&file));
    t.wait_for("not started");
    t.keys(&["n"]);
    t.wait_for("│ step 1");
    // the widest layout shows every pane at once, the smallest stacks them in tabs
    let resize = |w: u16, h: u16| {
        let ok = Command::new("tmux")
            .args(["resize-window", "-t", &t.name])
            .args(["-x", &w.to_string(), "-y", &h.to_string()])
            .status()
            .expect("tmux resize-window")
            .success();
        assert!(ok, "resize-window");
    };
    resize(200, 60);
    t.wait_for("┌ Object graph");
    resize(80, 24);
    t.wait_for("Refcounts │ Interned │ Cycles");
    // edit: the run restarts; Ctrl-S writes the file
    t.keys(&["Home", "i", "End"]);
    t.text("  # edited");
    t.keys(&["Escape"]);
    t.wait_for("[+]");
    t.keys(&["C-s"]);
    let want = "a = [1, 2]  # edited\nb = a\n";
    let start = Instant::now();
    while std::fs::read_to_string(&file).expect("read") != want {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "not saved; the screen was:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // and the unsaved mark goes
    let start = Instant::now();
    while t.screen().contains("[+]") {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "still marked unsaved:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// A long loop inside a builtin (`sum` over a huge range) still answers Ctrl-C: the snippet
/// gets a KeyboardInterrupt (CPython's `sum` would not look; refscope's builtins do, so the
/// app never hangs on them), and the edits stay in the editor.
#[test]
fn ctrl_c_interrupts_a_long_builtin_call() {
    if !have_tmux() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-stuck");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("stuck.py");
    std::fs::write(&file, "s = sum(range(10**12))\n").expect("write");
    let t = Tmux::start("stuck", 90, 26, &shell_line(&file));
    t.wait_for("not started");
    t.keys(&["Home", "i"]);
    t.text("x = 0");
    t.keys(&["Enter", "Escape"]);
    t.wait_for("[+]");
    t.keys(&["c"]);
    std::thread::sleep(Duration::from_millis(300));
    t.keys(&["C-c"]);
    let s = t.wait_for("KeyboardInterrupt");
    assert!(s.contains("x = 0"), "the edit is still there: {s}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("file"),
        "s = sum(range(10**12))\n",
        "the file itself is untouched"
    );
}

/// Issue 10, items 1 and 2 on the real binary: `n` in a loop shows pdb's lines in the status
/// bar (1 2 3 2 3 2 3 2 4 5), and one `n` runs over a call of 300,000 iterations.
#[test]
fn next_in_a_loop_and_over_a_long_call() {
    if !have_tmux() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-next");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join("loop.py");
    std::fs::write(
        &file,
        "total = 0\nfor r in [1, 2, 3]:\n    total += r\nprint(total)\nx = 1\n\
         def work():\n    t = 0\n    for i in range(300000):\n        t += i\n    return t\n\
         w = work()\ny = 2\n",
    )
    .expect("write");
    let t = Tmux::start("next", 120, 30, &shell_line(&file));
    t.wait_for("not started");
    let line_now = || {
        let s = t.screen();
        s.lines()
            .rev()
            .find(|l| l.contains("│ step "))
            .and_then(|l| l.split("│ line ").nth(1))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<u32>().ok())
    };
    let mut lines = Vec::new();
    for step in 1..=10 {
        t.keys(&["n"]);
        // in this loop every press stops at the next line event: step N is the Nth press
        t.wait_for(&format!("│ step {step} "));
        lines.push(line_now().expect("a line in the status bar"));
    }
    assert_eq!(lines, [1, 2, 3, 2, 3, 2, 3, 2, 4, 5]);
    // `def work` (6), `w = work()` (11), then one press over the 300,000 iterations to
    // `y = 2` (12)
    t.keys(&["n"]);
    t.wait_for("│ line 6 ");
    t.keys(&["n"]);
    t.wait_for("│ line 11 ");
    t.keys(&["n"]);
    let s = t.wait_for("│ line 12 ");
    assert!(!s.contains("│ line 8 "), "{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

/// `TERM=dumb` is refused with a message instead of filling the terminal with escapes.
#[test]
fn a_dumb_terminal_is_refused() {
    let out = Command::new(env!("CARGO_BIN_EXE_refscope"))
        .arg("assets/examples/aliasing.py")
        .env("TERM", "dumb")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("TERM=dumb"), "{err}");
    assert!(out.stdout.is_empty(), "no escape codes written");
}

/// A `# %%` file stepped in the real binary: the default view lists the snippet's objects
/// only, never IPython's or the interpreter's machinery (history, code objects, the cells'
/// source strings); `a` widens the scope to everything the run made.
#[test]
fn a_cell_file_shows_no_machinery_by_default() {
    if !have_tmux() {
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-cells");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("cells.py");
    std::fs::write(
        &file,
        "# %%\nx = [1, 2]\n# %%\ny = x\n# %%\ndef f(a):\n    return a\n# %%\nz = f(x)\n",
    )
    .expect("write");
    let t = Tmux::start("cells", 160, 48, &shell_line(&file));
    t.wait_for("not started");
    t.keys(&["n", "n", "n", "n"]);
    let s = t.wait_for("│ step 4");
    for machinery in [
        "_i1",
        "_ih",
        "code object",
        "<cell In",
        "get_ipython",
        "__builtins__",
        "'x = [1, 2]",
    ] {
        assert!(!s.contains(machinery), "{machinery} on screen:\n{s}");
    }
    // the snippet's own objects are there, by name
    assert!(s.contains("[1, 2]") && s.contains("def f(a)"), "{s}");
    t.keys(&["a"]);
    let s = t.wait_for("everything the run made");
    // IPython's history names, made at start-up of the cells, are listed now
    assert!(s.contains("'_ih'"), "{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}
