//! The heap's change log (`heap::changelog`) against a whole-heap comparison, step by step:
//! after every line event, each live object's refcount at the mark is what the log says
//! (its first write's old value, or its value now when unwritten), every object made since
//! is newer than the mark and listed as allocated, and every object gone is listed as
//! freed. A refcount write that bypasses `Heap::refcnt_mut` shows here as a wrong count.

use std::collections::HashMap;

use refscope::load::load_str;
use refscope::object::ObjId;
use refscope::vm::session::{Progress, Session, Step};
use refscope::vm::VmOptions;

mod common;

/// Every live object's `(serial, refcount)`.
fn counts(s: &Session) -> HashMap<ObjId, (u64, i64)> {
    let heap = &s.vm.heap;
    heap.ids()
        .map(|id| (id, (heap.meta(id).serial, heap.get(id).refcnt)))
        .collect()
}

/// Step through `text` line event by line event (at most `max_steps`), checking the log at
/// each; returns the number of steps checked.
fn check(name: &str, text: &str, max_steps: usize) -> usize {
    let Ok(snippet) = load_str(name, text) else {
        return 0;
    };
    let mut s = Session::new(snippet, VmOptions::default());
    s.vm.heap.watch(true);
    let mut steps = 0;
    while steps < max_steps {
        let before = counts(&s);
        s.vm.heap.mark_changes();
        let mark = s.vm.heap.newest_serial();
        let progress = loop {
            match s.advance(Step::Into, 10_000) {
                Progress::Budget => continue,
                p => break p,
            }
        };
        steps += 1;
        let heap = &s.vm.heap;
        let log = heap.changes().expect("watching");
        assert_eq!(log.mark_serial(), mark, "{name}: the mark's serial");
        let now = counts(&s);
        for (&id, &(serial, refcnt)) in &now {
            match before.get(&id) {
                Some(&(old_serial, old)) if old_serial == serial => {
                    assert!(
                        serial <= mark,
                        "{name} step {steps}: {id:?} predates the mark"
                    );
                    let logged = log.before(id, serial).unwrap_or(refcnt);
                    assert_eq!(
                        logged, old,
                        "{name} step {steps}: {id:?}'s refcount before the step \
                         (now {refcnt}, the log says {logged}, it was {old})"
                    );
                }
                _ => {
                    assert!(serial > mark, "{name} step {steps}: {id:?} is new");
                    assert!(
                        log.allocated_since().contains(&(id, serial)),
                        "{name} step {steps}: new {id:?} not logged as allocated"
                    );
                }
            }
        }
        for (&id, &(serial, _)) in &before {
            if now.get(&id).map(|n| n.0) != Some(serial) {
                assert!(
                    log.freed_since().contains(&(id, serial)),
                    "{name} step {steps}: freed {id:?} not logged as freed"
                );
            }
        }
        if progress == Progress::Finished {
            break;
        }
    }
    steps
}

/// Refcounts written by every path: calls with defaults and keyword defaults, `__del__`
/// resurrecting, cycles collected (with finalizers and weak reference callbacks), slots
/// reused within a step, type free lists.
const SNIPPET: &str = "\
import gc, weakref
def f(a, b=[1], *, c={'k': 2}):
    return a, b, c
r = f(1)
r = f(2, c=3)
class Node:
    def __del__(self):
        global saved
        saved = self
n = Node()
del n
saved = None
class P:
    pass
def cb(w):
    pass
a = P(); b = P(); a.o = b; b.o = a
w = weakref.ref(a, cb)
del a, b
gc.collect()
xs = [float(i) for i in range(50)]
del xs
t = tuple(range(3)), (1, 2)
x = 1000
y = x
del y
";

#[test]
fn the_log_agrees_with_whole_heap_comparisons() {
    assert!(check("t.py", SNIPPET, 500) > 20);
}

#[test]
fn the_log_agrees_on_corpus_snippets() {
    let files = common::corpus_files();
    let mut checked = 0;
    // every 10th case: enough kinds of code, in the time of a test
    for p in files.iter().step_by(10) {
        let text = std::fs::read_to_string(p).expect("read");
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        checked += check(&name, &text, 50);
    }
    assert!(checked > 150, "{checked} steps checked");
}
