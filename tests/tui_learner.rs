//! The learner's view (issue 14): five lessons, each stopped where the lesson is, drawn at
//! 80x24, 120x34 and 160x48. Each test first checks what a learner must see (by text, at
//! the size where every pane is on screen), then snapshots the three sizes.

mod tui_common;

use refscope::tui::action::{Action, PaneId};
use refscope::tui::app::App;
use tui_common::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 34), (160, 48)];

/// The scratch editor with this text (pasted: no file path on screen), a breakpoint on the
/// first line containing `stop_at` and `c` pressed `presses` times.
fn stopped(text: &str, stop_at: &str, presses: usize, width: u16, height: u16) -> App {
    stepped(text, stop_at, presses, 0, width, height)
}

/// As [`stopped`], then `n` pressed `steps` times.
fn stepped(
    text: &str,
    stop_at: &str,
    presses: usize,
    steps: usize,
    width: u16,
    height: u16,
) -> App {
    let mut app = open(None, width, height);
    act(
        &mut app,
        &[
            Action::Edit,
            Action::Paste(text.into()),
            Action::LeaveEditor,
        ],
    );
    if !stop_at.is_empty() {
        let line = line_of(&app, stop_at);
        act(&mut app, &[Action::ToggleBreakpointAt(line)]);
    }
    for _ in 0..presses {
        act(&mut app, &[Action::Continue]);
    }
    for _ in 0..steps {
        act(&mut app, &[Action::StepOver]);
    }
    app
}

/// The pane's inside as text (empty when the pane is not on screen).
fn pane(app: &App, id: PaneId) -> String {
    let Some(area) = app.pane_inner(id) else {
        return String::new();
    };
    let b = render(app);
    let buf = b.buffer();
    let mut out = String::new();
    for y in area.y..area.y + area.height {
        let line: String = (area.x..area.x + area.width)
            .map(|x| buf[(x, y)].symbol())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Snapshot the lesson at the three sizes.
fn snapshots(name: &str, text: &str, stop_at: &str, presses: usize, steps: usize) {
    for (w, h) in SIZES {
        let app = stepped(text, stop_at, presses, steps, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(&app));
    }
}

const LINKED_LIST: &str = "\
class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next

head = Node(1, Node(2, Node(3)))
head.next = head.next.next   # unlink the middle node
done = True
";

#[test]
fn a_linked_list_with_a_node_deleted() {
    big_stack(|| {
        // the unlink is the last step: the middle node is freed by it
        let app = stepped(LINKED_LIST, "head.next = head.next.next", 1, 1, 160, 48);
        let refs = pane(&app, PaneId::Refcounts);
        // the freed node stays listed, named by the path that reached it
        assert!(refs.contains("freed (was head.next)"), "{refs}");
        assert!(refs.contains("head.next"), "{refs}");
        let graph = pane(&app, PaneId::Graph);
        // fields by name, values inline, the unlinked node gone from the picture
        assert!(graph.contains("value 1"), "{graph}");
        assert!(graph.contains("value 3"), "{graph}");
        assert!(!graph.contains("value 2"), "{graph}");
        assert!(graph.contains("1 freed"), "{graph}");
        // `__init__`'s None went to the type call, not to the line: no return is drawn
        assert!(!graph.contains("returned"), "{graph}");
        // no machinery: no code objects, no compile-time tuples
        let s = screen(&app);
        assert!(!s.contains("code object"), "{s}");
        snapshots("learner_linked_list", LINKED_LIST, "head.next = head", 1, 1);
    });
}

const CLOSURE: &str = "\
def make_counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment

counter = make_counter()
counter()
counter()
total = counter()
print(total)
";

#[test]
fn a_closure_counter() {
    big_stack(|| {
        // inside the third call: the globals and one box for the active call
        let app = stopped(CLOSURE, "return count", 3, 160, 48);
        let graph = pane(&app, PaneId::Graph);
        assert!(graph.contains("Globals"), "{graph}");
        assert!(graph.contains("┌increment"), "the call's frame:\n{graph}");
        assert!(graph.contains("count* 3"), "{graph}");
        assert!(graph.contains("count (closure)* 3"), "{graph}");
        // the line just executed (`count += 1`) returned nothing: the second call's return
        // is history
        assert!(!graph.contains("returned"), "{graph}");
        snapshots("learner_closure_inside_call", CLOSURE, "return count", 3, 0);
        // after the calls: the closure variable drawn as a field of the function
        let app = stopped(CLOSURE, "print(total)", 1, 160, 48);
        let graph = pane(&app, PaneId::Graph);
        assert!(graph.contains("count (closure) 3"), "{graph}");
        assert!(graph.contains("increment returned"), "{graph}");
        assert!(!graph.contains("<locals>"), "{graph}");
    });
}

const MUTABLE_DEFAULT: &str = "\
def add(item, bucket=[]):
    bucket.append(item)
    return bucket

first = add(1)
second = add(2)
print(first is second)
";

#[test]
fn the_mutable_default_argument() {
    big_stack(|| {
        let app = stopped(MUTABLE_DEFAULT, "print(first is second)", 1, 160, 48);
        let graph = pane(&app, PaneId::Graph);
        // the default is an arrow from the function to the one list both names share
        assert!(graph.contains("bucket="), "{graph}");
        assert!(graph.contains("[1, 2]"), "{graph}");
        assert_eq!(graph.matches("┌list").count(), 1, "one list:\n{graph}");
        // the line just executed got the list back from add
        assert!(graph.contains("add returned"), "{graph}");
        let refs = pane(&app, PaneId::Refcounts);
        assert!(refs.contains("first"), "{refs}");
        snapshots(
            "learner_mutable_default",
            MUTABLE_DEFAULT,
            "print(first is second)",
            1,
            0,
        );
    });
}

const DEL_CYCLE: &str = "\
import gc
gc.disable()
class Res:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print('__del__', self.name)
a = Res('a')
b = Res('b')
a.other = b
b.other = a
del a, b
found = gc.collect()
print(found)
";

#[test]
fn a_class_with_del_in_a_cycle() {
    big_stack(|| {
        // before the collection: the pair is unreachable, only the collector can free it
        let app = stopped(DEL_CYCLE, "found = gc.collect()", 1, 160, 48);
        let cycles = pane(&app, PaneId::Cycles);
        assert!(cycles.contains("unreachable"), "{cycles}");
        let graph = pane(&app, PaneId::Graph);
        assert!(graph.contains("Res ↻1 ✗"), "{graph}");
        snapshots(
            "learner_del_cycle_before",
            DEL_CYCLE,
            "found = gc.collect()",
            1,
            0,
        );
        // after: each member named as the snippet reached it, and __del__ ran for each
        let app = stopped(DEL_CYCLE, "print(found)", 1, 160, 48);
        let cycles = pane(&app, PaneId::Cycles);
        assert_eq!(cycles.matches("__del__ ran").count(), 2, "{cycles}");
        // __del__'s None went back to the collector, not to the line
        let graph = pane(&app, PaneId::Graph);
        assert!(!graph.contains("returned"), "{graph}");
        let out = pane(&app, PaneId::Output);
        assert!(
            out.contains("__del__ a") && out.contains("__del__ b"),
            "{out}"
        );
        snapshots("learner_del_cycle_after", DEL_CYCLE, "print(found)", 1, 0);
    });
}

const EXCEPTION: &str = "\
def divide(a, b):
    ratio = a / b
    return ratio

values = [4, 2, 0]
results = []
for v in values:
    results.append(divide(8, v))
print(results)
";

#[test]
fn an_exception_mid_way_stops_post_mortem() {
    big_stack(|| {
        let app = stopped(EXCEPTION, "", 1, 160, 48);
        let s = screen(&app);
        // stopped at the raise, not finished: the heap and the call's frame still there
        assert!(!s.contains("finished"), "{s}");
        assert!(s.contains("ZeroDivisionError"), "{s}");
        let graph = pane(&app, PaneId::Graph);
        assert!(graph.contains("divide"), "{graph}");
        assert!(graph.contains("b 0"), "{graph}");
        assert!(graph.contains("[2.0, 4.0]"), "{graph}");
        // the call that raised returned nothing; the earlier call's return is history
        assert!(!graph.contains("returned"), "{graph}");
        snapshots("learner_exception_post_mortem", EXCEPTION, "", 1, 0);
    });
}

/// The legend is one key away and names every mark.
#[test]
fn the_legend_explains_the_marks() {
    big_stack(|| {
        let mut app = stopped(MUTABLE_DEFAULT, "", 0, 160, 48);
        act(&mut app, &[Action::Legend]);
        let s = screen(&app);
        assert!(s.contains("Legend"), "{s}");
        assert!(s.contains("999,999,999"), "{s}");
    });
}
