//! A snapshot diff read from the model's change log (`analysis::diff_since`) against the
//! whole comparison of both states (`analysis::diff`), step by step: after every line event
//! of a snippet and of corpus cases, both give the same objects allocated and freed, the same
//! counts changed and the same references added and removed. A reference that changes
//! without writing any refcount (which the log could not see) shows here as a missing line.
//! Without a log marked at the capture (a recording of a real CPython, or a log that had
//! already counted something) `diff_since` compares whole states.

use refscope::analysis::{diff, diff_since, HeapDiff, LiveHeap, Snapshot};
use refscope::load::load_str;
use refscope::vm::session::{Progress, Session, Step};
use refscope::vm::VmOptions;

mod common;

/// What a diff found, in a form that names the objects (for the assertion's message).
fn summary(d: &HeapDiff) -> String {
    format!(
        "{} allocated, {} freed, {} counts, +{:?} -{:?}",
        d.allocated.len(),
        d.freed.len(),
        d.refcount_changed.len(),
        d.references_added,
        d.references_removed
    )
}

/// Step through `text` (at most `max_steps` line events), comparing both diffs of each step;
/// returns the steps compared and how many found some change of references.
fn check(name: &str, text: &str, max_steps: usize) -> (usize, usize) {
    let Ok(snippet) = load_str(name, text) else {
        return (0, 0);
    };
    let mut s = Session::new(snippet, VmOptions::default());
    s.vm.heap.watch(true);
    let (mut steps, mut with_references) = (0, 0);
    while steps < max_steps {
        s.vm.heap.mark_changes();
        let before = Snapshot::capture(&LiveHeap::of(&s));
        let progress = loop {
            match s.advance(Step::Into, 10_000) {
                Progress::Budget => continue,
                p => break p,
            }
        };
        steps += 1;
        let now = LiveHeap::of(&s);
        let logged = diff_since(&before, &now);
        let whole = diff(&before, &now);
        assert!(
            logged == whole,
            "{name} step {steps}: the log's diff ({}) differs from the whole comparison ({})",
            summary(&logged),
            summary(&whole)
        );
        if !whole.references_added.is_empty() || !whole.references_removed.is_empty() {
            with_references += 1;
        }
        if progress == Progress::Finished {
            break;
        }
    }
    (steps, with_references)
}

/// References moved every way: list items replaced, appended, reversed and sorted (the
/// same references in another order), dict entries replaced with the same value, attributes
/// moved between objects (no count changes: `a.x, b.x = b.x, a.x`), cycles collected with
/// finalizers, slots reused within a step.
const SNIPPET: &str = "\
import gc
class P:
    def __init__(self, v):
        self.v = v
    def __del__(self):
        pass
xs = [1000, 2000, 3000]
xs[0] = 4000
xs.append(xs[1])
xs.reverse()
xs.sort()
d = {'a': xs, 'b': None}
d['b'] = d['a']
d['a'] = None
a = P([1]); b = P([2])
a.v, b.v = b.v, a.v
a.o = b; b.o = a
del a, b
gc.collect()
ys = [float(i) for i in range(20)]
ys = None
t = (xs, d)
del xs
";

#[test]
fn the_logged_diff_is_the_whole_diff() {
    let (steps, with_references) = check("t.py", SNIPPET, 500);
    assert!(steps > 20, "{steps} steps");
    assert!(
        with_references > 5,
        "{with_references} steps changed references"
    );
}

#[test]
fn the_logged_diff_is_the_whole_diff_on_corpus_snippets() {
    let files = common::corpus_files();
    let mut checked = 0;
    // every 15th case, 30 line events each: a snapshot per step costs the whole heap
    for p in files.iter().skip(3).step_by(15) {
        let text = std::fs::read_to_string(p).expect("read");
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        checked += check(&name, &text, 30).0;
    }
    assert!(checked > 100, "{checked} steps checked");
}

#[test]
fn without_a_fresh_mark_the_states_are_compared_whole() {
    let snippet = load_str("t.py", "x = [1000]\nx.append(x)\n").expect("loads");
    let mut s = Session::new(snippet, VmOptions::default());
    s.vm.heap.watch(true);
    let step = |s: &mut Session| while s.advance(Step::Into, 10_000) == Progress::Budget {};
    step(&mut s);
    // the log has counted a step already when the snapshot is taken: it does not count
    // from the snapshot, so it must not be read
    step(&mut s);
    let before = Snapshot::capture(&LiveHeap::of(&s));
    step(&mut s);
    let now = LiveHeap::of(&s);
    let d = diff_since(&before, &now);
    assert_eq!(d, diff(&before, &now));
    assert!(
        !d.references_added.is_empty(),
        "x.append(x) adds a reference: {}",
        summary(&d)
    );
}
