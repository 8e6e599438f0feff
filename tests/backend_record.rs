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

/// A list first met on a frame's value stack (listed there, not walked) and later reached by
/// a name or as an item is walked all the same: what it holds does not depend on the order the
/// recorder meets it in. `results.append(make(3))` keeps `results` on the module's stack while
/// `make` runs, and `box[0].append(...)` keeps `box[0]`; both are named (or held) too.
#[test]
fn a_container_on_a_value_stack_is_still_walked_from_its_name() {
    if !python3() {
        eprintln!("no CPython python3: recorder walk test skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("refscope-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("stack.py");
    std::fs::write(
        &file,
        "def make(n):\n    return n * 2\n\nresults = [[0]]\nresults.append(make(3))\n\
         box = [[1, 2]]\nbox[0].append(make(4))\n",
    )
    .unwrap();
    let opts = RunOptions::for_file("python3", &file);
    let rec = refscope::backend::cpython::record(&opts, &mut |_| {}, None).expect("recorded");
    let rec = std::rc::Rc::new(rec);
    let mut run = refscope::backend::recording::RecordedRun::new(rec.clone());
    let mut inside = 0;
    for k in 1..=rec.steps.len() {
        run.goto(k);
        let step = run.current().unwrap().clone();
        if step.frame != "make" {
            continue;
        }
        inside += 1;
        let named = |name: &str| {
            step.names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| run.object(*id).expect("a named object is recorded"))
        };
        let results = named("results").expect("results is bound before make runs");
        assert_eq!(results.edges.len(), if inside == 1 { 1 } else { 2 }, "step {k}");
        for e in &results.edges {
            assert!(run.object(e.target).is_some(), "step {k}: results' item recorded");
        }
        if let Some(b) = named("box") {
            assert_eq!(b.edges.len(), 1, "step {k}");
            let inner = run.object(b.edges[0].target).expect("box[0] recorded");
            assert_eq!(inner.edges.len(), 2, "step {k}: box[0] holds 1 and 2");
            assert_eq!(run.repr(b.edges[0].target), "[1, 2]", "step {k}");
        }
    }
    assert_eq!(inside, 2, "make's line runs twice");
    let _ = std::fs::remove_dir_all(&dir);
}
