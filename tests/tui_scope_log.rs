//! The refcount table's wider scopes (the `a` key: everything the run made, every object)
//! kept up to date from the model's change log against the same table kept by comparing
//! every row: two apps step through the same snippet, one with the heap's change log, one
//! without, and after every command their rows (objects, counts before, what was freed and
//! how it looked), the changed rows and the step's counts are the same. Steps back (a
//! replay rebuilds the rows) and `g` are part of the walk.

mod tui_common;

use refscope::tui::action::Action;
use refscope::tui::app::App;
use refscope::tui::runner::Engine;
use tui_common::{act, big_stack, open};

const SNIPPET: &str = "\
import gc
class Node:
    def __init__(self, v):
        self.v = v
        self.next = None
def build(n):
    head = None
    for i in range(n):
        node = Node(i * 1000)
        node.next = head
        head = node
    return head
a = build(5)
b = a.next
a = None
xs = [float(i) for i in range(10)]
xs.append(xs)
del xs
gc.collect()
t = (b, [b])
d = {'t': t}
b = None
t = None
d = None
s = 'abc' * 3
";

fn set_watch(app: &mut App, on: bool) {
    if let Some(Engine::Model(s)) = app.run.as_mut().map(|r| &mut r.engine) {
        s.vm.heap.watch(on);
    }
}

/// Both apps' tables agree.
fn same_tables(logged: &App, whole: &App, what: &str) {
    let (l, w) = (&logged.heap, &whole.heap);
    assert_eq!(l.rows.len(), w.rows.len(), "{what}: row count");
    for (i, (a, b)) in l.rows.iter().zip(&w.rows).enumerate() {
        assert_eq!(a, b, "{what}: row {i}");
    }
    assert_eq!(l.changed, w.changed, "{what}: changed rows");
    assert_eq!(l.changes, w.changes, "{what}: changes");
}

fn walk(scope_presses: usize) {
    let dir = std::env::temp_dir().join(format!(
        "refscope-scope-log-{}-{scope_presses}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("s.py");
    std::fs::write(&path, SNIPPET).expect("write");
    let path = path.to_string_lossy().to_string();
    let mut logged = open(Some(&path), 120, 40);
    let mut whole = open(Some(&path), 120, 40);
    // the first step makes the runs; the second app's run compares whole rows from then on
    for app in [&mut logged, &mut whole] {
        act(app, &[Action::StepOver]);
    }
    set_watch(&mut whole, false);
    for app in [&mut logged, &mut whole] {
        for _ in 0..scope_presses {
            act(app, &[Action::ToggleScope]);
        }
    }
    assert_ne!(
        logged.heap.scope,
        refscope::analysis::lesson::Scope::Snippet
    );
    let script = [
        Action::StepOver,
        Action::StepOver,
        Action::StepInto,
        Action::StepInto,
        Action::StepInto,
        Action::StepOver,
        Action::StepOver,
        Action::StepBack,
        Action::StepOver,
        Action::Collect,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepBack,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
        Action::StepOver,
    ];
    let mut with_changes = 0;
    for (n, a) in script.iter().enumerate() {
        act(&mut logged, std::slice::from_ref(a));
        act(&mut whole, std::slice::from_ref(a));
        // a replay makes a new run: it compares whole rows again
        set_watch(&mut whole, false);
        same_tables(&logged, &whole, &format!("command {n} ({a:?})"));
        let c = logged.heap.changes;
        if c.new + c.freed + c.changed > 0 {
            with_changes += 1;
        }
    }
    assert!(with_changes > 10, "{with_changes} commands changed rows");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn everything_the_run_made_is_kept_from_the_log() {
    big_stack(|| walk(1));
}

#[test]
fn every_object_is_kept_from_the_log() {
    big_stack(|| walk(2));
}
