//! The stepper stops where pdb stops, at CPython's line events: `s` at every line event
//! (inside calls made from native code too: a `sorted` key, `list(generator)`, a `__del__`),
//! `n` as pdb's `next`, `u` as pdb's `return` then the caller's next line, `c` at
//! breakpoints; none of it depends on how a long run is sliced. The sequences were checked
//! against pdb driven by `bdb` (`set_step`, `set_next`, `set_return`, `set_continue`) on
//! python3 3.11.

use refscope::load::load_str;
use refscope::vm::session::{Progress, Session, Status, Step};
use refscope::vm::VmOptions;

fn session(text: &str) -> Session {
    Session::new(load_str("t.py", text).expect("loads"), VmOptions::default())
}

/// Press keys (one per stop) with a budget per slice; the lines stopped at, until the end.
fn press(text: &str, keys: &str, budget: u64) -> Vec<u32> {
    let mut s = session(text);
    let mut lines = Vec::new();
    let mut keys = keys.chars().cycle();
    loop {
        let step = match keys.next() {
            Some('s') => Step::Into,
            Some('n') => Step::Over,
            Some('u') => Step::Out,
            Some('c') => Step::Continue,
            _ => Step::End,
        };
        let progress = loop {
            match s.advance(step, budget) {
                Progress::Budget => continue,
                p => break p,
            }
        };
        if progress == Progress::Finished || lines.len() > 10_000 {
            return lines;
        }
        match s.status {
            Status::Paused { line, .. } => lines.push(line),
            _ => return lines,
        }
    }
}

fn trace(text: &str) -> Vec<u32> {
    refscope::trace::line_events(session(text)).expect("traces")
}

const LOOP: &str = "total = 0\nfor r in [1, 2, 3]:\n    total += r\nprint(total)\nx = 1\n";

#[test]
fn next_in_a_loop_stops_on_the_header_after_every_iteration() {
    // pdb's `next`: 1 2 3 2 3 2 3 2 4 5, and no stop on line 1 at the end
    assert_eq!(press(LOOP, "n", u64::MAX), [1, 2, 3, 2, 3, 2, 3, 2, 4, 5]);
}

const WORK: &str = "def work():\n    t = 0\n    for i in range(300000):\n        t += i\n    return t\nx = work()\ny = 2\n";

#[test]
fn next_over_a_long_call_does_not_depend_on_the_slices() {
    // pdb's `next`: 1 6 7, however the run is cut into instruction budgets
    for budget in [u64::MAX, 100_000, 1_000, 7] {
        assert_eq!(press(WORK, "n", budget), [1, 6, 7], "budget {budget}");
    }
}

#[test]
fn step_stops_at_every_line_event_also_inside_native_calls() {
    let text = "\
class Box:
    def __init__(self, v):
        self.v = v
    def __del__(self):
        print('bye', self.v)
def key(b):
    return -b.v
boxes = sorted([Box(1), Box(2)], key=key)
squares = list(i * i for i in range(3))
del boxes
z = 1
";
    let lines = press(text, "s", 1_000);
    assert_eq!(lines, trace(text), "s stops where the trace reports events");
    // the sorted key, the generator and the __del__s all have events (run from native code)
    for line in [5, 7, 9] {
        assert!(lines.contains(&line), "no stop on line {line}: {lines:?}");
    }
}

#[test]
fn a_stop_inside_a_native_call_shows_that_moment() {
    let text = "def key(x):\n    return -x\nys = sorted([3, 1, 2], key=key)\nz = 1\n";
    let mut s = session(text);
    let mut seen = Vec::new();
    while s.advance(Step::Into, u64::MAX) == Progress::Stopped {
        let frames: Vec<String> =
            s.vm.frames
                .iter()
                .map(|f| f.code.qualname.clone())
                .collect();
        seen.push((s.current_line().unwrap_or(0), s.is_frozen(), frames));
    }
    // inside `key`, called by `sorted`: a copy of the state (it cannot run on), with the
    // module frame below the key's frame
    let inside: Vec<_> = seen.iter().filter(|(l, ..)| *l == 2).collect();
    assert_eq!(inside.len(), 3, "{seen:?}");
    for (_, frozen, frames) in inside {
        assert!(frozen);
        assert_eq!(frames, &["<module>", "key"]);
    }
    // and the run goes on from it exactly as it would have: the module's next lines follow
    assert_eq!(
        seen.iter().map(|x| x.0).collect::<Vec<_>>(),
        [1, 3, 2, 2, 2, 4]
    );
    assert_eq!(s.vm.stdout, "");
}

#[test]
fn out_runs_to_the_callers_next_line() {
    let text = "\
def inner():
    a = 1
    b = 2
    return a + b
def outer():
    v = inner()
    w = v + 1
    return w
r = outer()
done = True
";
    // s to line 6 (in outer), s into inner, u: back in outer at its next line (7);
    // u again: the module's next line (10)
    assert_eq!(press(text, "sssssuue", u64::MAX), [1, 5, 9, 6, 2, 7, 10]);
}

#[test]
fn out_after_an_exception_stops_at_the_handler_in_the_caller() {
    let text = "\
def risky():
    x = 1
    return {}['missing']
try:
    risky()
except KeyError:
    caught = True
end = 1
";
    assert_eq!(press(text, "ssssue", u64::MAX), [1, 4, 5, 2, 6]);
}

#[test]
fn next_in_a_generator_waits_for_its_next_resumption() {
    // pdb: `next` on a yield stops at the generator's next line once it is resumed
    let text = "\
def gen():
    yield 1
    x = 2
    yield x
g = gen()
a = next(g)
b = next(g)
c = 3
";
    // s s s s: 1 5 6 2 (inside the generator, run by the builtin next()); n: 3 (after the
    // second next() resumes it), n: 4, n: on the last yield it waits again... and the
    // generator never resumes: the run ends
    assert_eq!(press(text, "ssssnnnn", u64::MAX), [1, 5, 6, 2, 3, 4]);
}

#[test]
fn continue_stops_at_a_breakpoint_inside_a_native_call() {
    let text = "\
class Node:
    def __del__(self):
        gone = True
n = Node()
del n
z = 1
";
    let mut s = session(text);
    s.breakpoints.insert((0, 3));
    let mut p = s.advance(Step::Continue, 500);
    while p == Progress::Budget {
        p = s.advance(Step::Continue, 500);
    }
    assert_eq!(p, Progress::Stopped);
    assert_eq!(s.status, Status::Paused { cell: 0, line: 3 });
    assert!(s.is_frozen(), "__del__ runs from the decref of `del n`");
    // the next key runs on from there
    assert_eq!(s.advance(Step::Over, u64::MAX), Progress::Stopped);
    assert_eq!(s.status, Status::Paused { cell: 0, line: 6 });
}

#[test]
fn goto_step_is_the_state_s_reaches() {
    let text = "\
import gc
class A:
    pass
a = A()
a.me = a
del a
n = gc.collect()
items = sorted([2, 1], key=lambda v: v)
print(n, items)
";
    let events = trace(text).len() as u64;
    for step in 1..=events {
        let mut by_s = session(text);
        for _ in 0..step {
            by_s.advance(Step::Into, u64::MAX);
        }
        let mut by_goto = session(text);
        assert!(by_goto.goto_step(step, &[]), "step {step}");
        assert_eq!(by_goto.status, by_s.status, "step {step}");
        assert_eq!(by_goto.line_events(), step);
        assert_eq!(by_goto.vm.stdout, by_s.vm.stdout, "step {step}");
        assert_eq!(by_goto.vm.heap.live, by_s.vm.heap.live, "step {step}");
        assert_eq!(by_goto.vm.gc.counts, by_s.vm.gc.counts, "step {step}");
    }
    let mut past = session(text);
    assert!(!past.goto_step(events + 1, &[]));
}

#[test]
fn a_collection_at_a_stop_is_redone_by_a_replay() {
    // g at step 5 (the list's cycle is garbage by then), then stops inside a native call:
    // the replay behind each key from there collects at step 5 again
    let text = "\
import gc
a = []
a.append(a)
del a
ys = sorted([2, 1], key=lambda v: v)
z = 1
";
    let mut s = session(text);
    for _ in 0..5 {
        s.advance(Step::Into, u64::MAX);
    }
    assert_eq!(s.line_events(), 5);
    let report = s.collect_now();
    assert_eq!(report.collected, 1);
    s.advance(Step::Into, u64::MAX); // inside the lambda
    assert!(s.is_frozen());
    s.advance(Step::Into, u64::MAX); // the lambda again: replayed from the checkpoint
    assert!(s.is_frozen());
    let step = s.line_events();
    let mut collected = session(text);
    assert!(collected.goto_step(step, &[5]));
    assert_eq!(collected.vm.heap.live, s.vm.heap.live);
    assert_eq!(collected.collect_log(), s.collect_log());
    let mut not_collected = session(text);
    assert!(not_collected.goto_step(step, &[]));
    assert_eq!(
        not_collected.vm.heap.live,
        s.vm.heap.live + 1,
        "without the collection the cycle is still there"
    );
}
