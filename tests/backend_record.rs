//! Recording in the background ([`Background`]): the records are read while the snippet
//! runs, the steps so far can be asked at any time, and stopping keeps what was recorded.
//! Needs a CPython `python3` (skipped, saying so, without one).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use refscope::backend::cpython::{Background, Poll, RunOptions};

fn python3() -> bool {
    std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; assert sys.implementation.name == 'cpython'",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_background_recording_counts_its_steps_and_stopping_keeps_them() {
    if !python3() {
        eprintln!("no CPython python3: background recording test skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("refscope-bg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long.py");
    std::fs::write(&file, "total = 0\nfor i in range(10**8):\n    total += i\n").unwrap();
    let mut opts = RunOptions::for_file("python3", &file);
    opts.limit = 100_000_000;
    let mut bg = Background::start(opts, Arc::new(AtomicBool::new(false)));
    let started = Instant::now();
    let mut counts = Vec::new();
    // calibration first (the first time this recorder meets python3), then the steps
    while counts.len() < 3 && started.elapsed() < Duration::from_secs(300) {
        match bg.poll(Duration::from_millis(50)) {
            Poll::Running { steps } if steps > 0 && counts.last() != Some(&steps) => {
                counts.push(steps)
            }
            Poll::Running { .. } => {}
            Poll::Done(r) => panic!("ended on its own: {:?}", r.map(|r| r.steps.len())),
        }
    }
    assert!(counts.len() == 3 && counts[2] > counts[0], "{counts:?}");
    bg.stop();
    let rec = loop {
        match bg.poll(Duration::from_millis(100)) {
            Poll::Running { .. } => assert!(started.elapsed() < Duration::from_secs(360)),
            Poll::Done(r) => break r.expect("the steps recorded before the stop"),
        }
    };
    assert!(rec.end.stopped, "{:?}", rec.end);
    assert!(!rec.end.finished);
    assert!(
        rec.steps.len() >= counts[2],
        "{} < {counts:?}",
        rec.steps.len()
    );
    assert_eq!(rec.steps[1].line, 2, "the loop's first line event");
    let _ = std::fs::remove_dir_all(&dir);
}
