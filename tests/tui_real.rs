//! End to end on the real backend: `refscope --python python3 FILE` in a tmux pane, driven
//! with `send-keys` and read with `capture-pane`. Skipped (with a message) where tmux or a
//! CPython 3.11 `python3` is not installed: these tests run the user's interpreter, which
//! `cargo test` otherwise never needs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "common/tmux.rs"]
mod tmux;
use tmux::Tmux;

/// A session on the real backend: the first recording also calibrates (minutes on a loaded
/// machine), so `wait_for` waits up to three minutes.
fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
    Tmux::start(name, width, height, command).waiting_up_to(Duration::from_secs(180))
}

/// tmux and a CPython 3.11 `python3` (the recorder's facts below are 3.11's).
fn usable() -> bool {
    let tmux = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    let python = Command::new("python3")
        .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !(tmux && python) {
        eprintln!("tmux or CPython 3.11 as python3 missing: real-backend end-to-end test skipped");
    }
    tmux && python
}

fn file(dir: &str, name: &str, text: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(dir);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let f = dir.join(name);
    std::fs::write(&f, text).expect("write");
    f
}

fn shell_line(args: &str, file: &Path) -> String {
    let bin = env!("CARGO_BIN_EXE_refscope");
    format!(
        "'{bin}' {args} '{}'; echo \"EXIT=$?\"; sleep 60",
        file.display()
    )
}

/// The refcount the Refcounts pane shows for a name (the row whose name column is `name`:
/// its last number).
fn refs(screen: &str, name: &str) -> Option<i64> {
    screen.lines().find_map(|l| {
        l.split('│').find_map(|seg| {
            let toks: Vec<&str> = seg.split_whitespace().collect();
            let named = toks.first() == Some(&name)
                || toks.get(1) == Some(&name) && toks[0].starts_with(['+', '−', 'n']);
            if !named || toks.len() < 3 {
                return None;
            }
            toks.iter().rev().find_map(|t| t.parse::<i64>().ok())
        })
    })
}

#[test]
fn real_backend_steps_forward_and_back_with_the_model_keys() {
    if !usable() {
        return;
    }
    let f = file(
        "real-steps",
        "lesson.py",
        "def grow(items):\n    alias = items\n    alias.append(4)\n    return len(alias)\n\n\
         nums = [1, 2, 3]\nsame = nums\nn = grow(nums)\ndel same\nprint(n)\n",
    );
    let t = start("steps", 130, 40, &shell_line("--python python3", &f));
    t.wait_for("real: python3");
    t.wait_for("with your rights");
    // nums, same, then into grow: the list has three references (nums, same, items)
    t.keys(&["n"]);
    let s = t.wait_for("│ step 1");
    assert!(s.contains("CPython 3.11."), "the status bar names it:\n{s}");
    t.keys(&["n", "n", "n", "s"]);
    let s = t.wait_for("│ step 5");
    assert!(s.contains("line 2"), "inside grow at line 2:\n{s}");
    assert_eq!(
        refs(&s, "nums"),
        Some(3),
        "nums's list has 3 references inside grow:\n{s}"
    );
    // back: the recording moves, the snippet does not run again
    t.keys(&["b"]);
    let s = t.wait_for("│ step 4");
    assert_eq!(
        refs(&s, "nums"),
        Some(2),
        "two references before the call:\n{s}"
    );
    // to the end: what it printed, and its exit status
    t.keys(&["c"]);
    let s = t.wait_for("finished, exit 0");
    assert!(
        s.contains("│4 "),
        "the output pane shows what it printed:\n{s}"
    );
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn holders_say_what_refscope_cannot_see_and_g_is_refused() {
    if !usable() {
        return;
    }
    let f = file("real-holders", "small.py", "x = 7\ny = [x]\nz = 0\n");
    let t = start("holders", 200, 80, &shell_line("--python python3", &f));
    t.wait_for("real: python3");
    t.keys(&["n"]);
    t.wait_for("│ step 1");
    t.keys(&["n", "n"]);
    t.wait_for("│ step 3");
    // the small int 7 (the first row, under the cursor): the interpreter's static base, the
    // two references the snippet holds, and the rest said as what refscope cannot see
    let s = t.wait_for("the interpreter itself");
    assert!(
        s.contains("999999999× the interpreter itself"),
        "the static base is listed:\n{s}"
    );
    assert!(
        s.contains("x in __main__ globals") && s.contains("item 0 of list"),
        "the snippet's own references are named:\n{s}"
    );
    assert!(
        s.contains("refscope cannot see (interpreter internals)"),
        "the remainder is said, never hidden:\n{s}"
    );
    t.keys(&["g"]);
    t.wait_for("a recording cannot be asked to collect");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_recording_runs_in_the_background_shows_its_steps_and_esc_stops_it() {
    if !usable() {
        return;
    }
    // far more steps than it can record in the test's time: stopped by the user
    let f = file(
        "real-stop",
        "long.py",
        "total = 0\nfor i in range(10**8):\n    total += i\nprint(total)\n",
    );
    let t = start(
        "stop",
        130,
        40,
        &shell_line("--python python3 --limit 100000000", &f),
    );
    t.wait_for("real: python3");
    t.keys(&["n"]);
    // the screen counts the steps while the snippet runs (after the interpreter's
    // calibration, the first time this recorder meets it)
    let s = t.wait_for("steps so far");
    assert!(
        s.contains("Esc or Ctrl-C stops"),
        "how to stop it is said:\n{s}"
    );
    let counted = |s: &str| -> u64 {
        let Some(at) = s.find(" steps so far") else {
            return 0;
        };
        let digits: String = s[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        digits
            .chars()
            .rev()
            .collect::<String>()
            .parse()
            .unwrap_or(0)
    };
    let started = std::time::Instant::now();
    let mut seen = Vec::new();
    while seen.len() < 2 && started.elapsed() < Duration::from_secs(180) {
        let n = counted(&t.screen());
        if n > 0 && seen.last() != Some(&n) {
            seen.push(n);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        seen.len() == 2 && seen[1] > seen[0],
        "the count grows: {seen:?}"
    );
    // the app answers keys meanwhile: another step is refused, not queued
    t.keys(&["n"]);
    t.wait_for("still running");
    t.keys(&["Escape"]);
    let s = t.wait_for("you stopped the recording after");
    assert!(s.contains("the rest did not run"), "the end is said:\n{s}");
    // what was recorded can be stepped through
    t.keys(&["n"]);
    t.wait_for("│ step 2");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn the_step_limit_is_said_on_screen() {
    if !usable() {
        return;
    }
    let f = file(
        "real-limit",
        "loop.py",
        "total = 0\nfor i in range(100):\n    total += i\nprint(total)\n",
    );
    let t = start(
        "limit",
        130,
        40,
        &shell_line("--python python3 --limit 6", &f),
    );
    t.wait_for("real: python3");
    t.keys(&["c"]);
    let s = t.wait_for("step limit");
    assert!(
        s.contains("stopped at the step limit"),
        "the status bar says the limit stopped it:\n{s}"
    );
    assert!(s.contains("(6 steps)"), "the message names the limit:\n{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn a_snippet_the_model_cannot_run_is_offered_on_python3() {
    if !usable() {
        return;
    }
    let f = file(
        "real-offer",
        "db.py",
        "import sqlite3\ncon = sqlite3.connect(':memory:')\nrows = [1, 2]\n",
    );
    let t = start("offer", 130, 40, &shell_line("", &f));
    t.wait_for("not started");
    t.keys(&["n", "n"]);
    let s = t.wait_for("Not modelled");
    assert!(s.contains("the module 'sqlite3'"), "it says why:\n{s}");
    // the status bar's hints are this question's answers, not the unsaved-edits question's
    let bar = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .rev()
        .nth(1)
        .unwrap_or("");
    assert!(
        bar.contains("open on python3") && !bar.contains("drop edits"),
        "the hints answer this question:\n{s}"
    );
    t.keys(&["y"]);
    t.wait_for("CPython 3.11.");
    t.keys(&["n", "n"]);
    let s = t.wait_for("│ step 3");
    assert!(refs(&s, "con").is_some(), "the connection is listed:\n{s}");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn d_compares_the_model_with_the_recording() {
    if !usable() {
        return;
    }
    let f = file(
        "real-differ",
        "same.py",
        "a = [1, 2]\nb = a\nc = {'k': a}\n",
    );
    let t = start("differ", 130, 40, &shell_line("--python python3", &f));
    t.wait_for("real: python3");
    // the first key waits for the recording (keys meanwhile are refused: it is running)
    t.keys(&["n"]);
    t.wait_for("│ step 1");
    t.keys(&["n", "n"]);
    t.wait_for("│ step 3");
    t.keys(&["D"]);
    t.wait_for("agree with the model");
    t.keys(&["q"]);
    t.wait_for("EXIT=0");
}

#[test]
fn the_graph_shows_returns_parameters_and_stops_post_mortem() {
    if !usable() {
        return;
    }
    let f = file(
        "real-post-mortem",
        "divide.py",
        "def divide(a, b):\n    ratio = a / b\n    return ratio\n\n\
         values = [4, 2, 0]\nresults = []\nfor v in values:\n    results.append(divide(8, v))\n\
         print(results)\n",
    );
    let t = start("postmortem", 170, 50, &shell_line("--python python3", &f));
    t.wait_for("real: python3");
    // 1, 5, 6, 7, 8 (over the call), 7: the line just executed got divide's value
    t.keys(&["n"]);
    t.wait_for("│ step 1");
    t.keys(&["n", "n", "n", "n", "n"]);
    let s = t.wait_for("│ step 8");
    assert!(s.contains("divide returned"), "the return box:\n{s}");
    assert!(s.contains("def divide(a, b)"), "the parameters:\n{s}");
    // on to the raise: stopped post-mortem, not finished, the call's frame kept
    t.keys(&["n", "n", "n", "n"]);
    let s = t.wait_for("│ step 15");
    assert!(!s.contains("finished"), "stopped at the raise:\n{s}");
    assert!(s.contains("ZeroDivisionError"), "the error is marked:\n{s}");
    assert!(
        s.contains("│b 0"),
        "divide's frame, from the traceback:\n{s}"
    );
    assert!(
        !s.contains("returned"),
        "the call that raised returned nothing:\n{s}"
    );
    // then the end
    t.keys(&["n"]);
    t.wait_for("finished, exit 1");
    t.keys(&["q"]);
    t.wait_for("EXIT=");
}
