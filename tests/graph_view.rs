//! The graph widgets on their own, over real heaps: which objects a picture shows, that
//! arrows never cross boxes, and the focused view's windowing.

use ratatui::buffer::Buffer;
use refscope::analysis::frames::frames;
use refscope::analysis::LiveHeap;
use refscope::graphview::focus;
use refscope::graphview::model::Kind;
use refscope::graphview::{build, whole, GraphStyle, Options, Picture};
use refscope::load::{load_file, load_str};
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

fn session(src: &str) -> Session {
    let snippet = load_str("snippet.py", src).expect("loads");
    let mut s = Session::new(snippet, VmOptions::default());
    s.run_to_end_without_shutdown();
    s
}

fn picture(s: &Session) -> Picture {
    let heap = LiveHeap::of(s);
    build(&heap, &frames(&heap), Options::default(), None).expect("small picture")
}

/// The picture as the pane draws it by default: values in their slots.
fn tutor_picture(s: &Session) -> Picture {
    let heap = LiveHeap::of(s);
    let opts = Options {
        truth: false,
        ..Options::default()
    };
    build(&heap, &frames(&heap), opts, None).expect("small picture")
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn node<'p>(p: &'p Picture, repr: &str) -> (usize, &'p refscope::graphview::model::Node) {
    p.nodes
        .iter()
        .enumerate()
        .find(|(_, n)| n.repr == repr)
        .unwrap_or_else(|| panic!("no box {repr}: {:?}", p.nodes))
}

#[test]
fn two_names_of_a_small_int_point_at_one_shared_box() {
    let s = session("a = 10\nb = 10\nc = 1000\n");
    let p = picture(&s);
    let (i, ten) = node(&p, "10");
    assert_eq!(ten.cached, Some("small int"));
    let g = &p.frames[0];
    let targets: Vec<(&str, usize)> = g
        .vars
        .iter()
        .map(|v| (v.label.as_str(), v.target().expect("an arrow")))
        .collect();
    assert_eq!(targets[0], ("a", i));
    assert_eq!(targets[1], ("b", i));
    assert_ne!(targets[2].1, i);
    // start-up objects are not listed unless a name or a box refers to them
    assert!(p.nodes.len() <= 3, "{:?}", p.nodes);
}

#[test]
fn a_self_referencing_list_is_a_cycle_of_one() {
    let s = session("x = [1, 2]\nx.append(x)\n");
    let p = picture(&s);
    let (i, x) = node(&p, "[1, 2, [...]]");
    assert_eq!(x.kind, Kind::Open);
    assert_eq!(x.cycle, Some(1));
    assert_eq!(x.slots[2].target(), Some(i));
    assert_eq!(p.cycles, 1);
    let l = whole::layout(&p, &GraphStyle::plain());
    assert_eq!(l.crossings, 0, "\n{}", text(&l.canvas));
}

#[test]
fn unreachable_cycles_are_drawn_apart_and_marked() {
    let src = "import gc\ngc.disable()\nclass A:\n    pass\na = A()\nb = A()\na.b = b\nb.a = a\ndel a, b\nkeep = [1]\n";
    let s = session(src);
    let p = picture(&s);
    let unreachable: Vec<_> = p.nodes.iter().filter(|n| n.unreachable).collect();
    assert_eq!(unreachable.len(), 2, "{:?}", p.nodes);
    assert!(unreachable
        .iter()
        .all(|n| n.type_name == "A" && n.cycle.is_some()));
    let l = whole::layout(&p, &GraphStyle::plain());
    let t = text(&l.canvas);
    assert!(t.contains("unreachable, not yet freed"), "{t}");
    // the rule is below every reachable box
    let rule = t
        .lines()
        .position(|l| l.contains("unreachable, not yet freed"))
        .unwrap() as u16;
    for (n, b) in p.nodes.iter().zip(&l.boxes) {
        assert_eq!(n.unreachable, b.y > rule, "{n:?} at {b:?}");
    }
    assert_eq!(l.crossings, 0, "\n{t}");
}

#[test]
fn instance_attributes_and_dict_keys_are_slots() {
    let s = session("class P:\n    def __init__(self):\n        self.x = [1]\n        self.y = {'k': None}\np = P()\n");
    let p = picture(&s);
    let inst = p
        .nodes
        .iter()
        .find(|n| n.type_name == "P")
        .expect("instance");
    let labels: Vec<&str> = inst.slots.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["x", "y"]);
    let d = &p.nodes[inst.slots[1].target().expect("an arrow")];
    assert_eq!(d.slots[0].label, "'k'");
}

#[test]
fn changes_since_the_last_step_are_marked() {
    let heap_src = "a = [1]\nb = a\n";
    let s = session(heap_src);
    let before = picture(&s).before();
    let s2 = session("a = [1]\nb = a\nb = [2]\nc = 5\n");
    let heap = LiveHeap::of(&s2);
    // a different session: ids can coincide, so compare by what changed for `b`
    let p = build(&heap, &frames(&heap), Options::default(), Some(&before)).unwrap();
    let b = p.frames[0].vars.iter().find(|v| v.label == "b").unwrap();
    assert!(b.changed);
    // the model is deterministic: `a` is the same object in both runs, still bound to it
    let a = p.frames[0].vars.iter().find(|v| v.label == "a").unwrap();
    assert!(!a.changed);
}

#[test]
fn no_arrow_crosses_a_box_in_any_fidelity_case() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/cases");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    cases.sort();
    let mut drawn = 0;
    for path in cases {
        let snippet = load_file(&path).unwrap();
        let mut s = Session::new(snippet, VmOptions::default());
        s.run_to_end_without_shutdown();
        let heap = LiveHeap::of(&s);
        let opts = Options {
            max_nodes: 200,
            ..Options::default()
        };
        let Ok(p) = build(&heap, &frames(&heap), opts, None) else {
            continue;
        };
        let l = whole::layout(&p, &GraphStyle::plain());
        assert_eq!(l.crossings, 0, "{}:\n{}", path.display(), text(&l.canvas));
        drawn += 1;
    }
    assert!(drawn > 40, "only {drawn} cases drawn");
}

#[test]
fn focused_referents_are_windowed_by_index() {
    let s = session("big = list(range(10000))\n");
    let heap = LiveHeap::of(&s);
    let id = frames(&heap)[0].names[0].1;
    let (rows, total) = focus::referent_rows(&heap, id, 5000, 3, None);
    assert_eq!(total, 10000);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["[5000]", "[5001]", "[5002]"]);
    assert!(rows[0].text.starts_with("int 5000 @0x"), "{:?}", rows[0]);
    assert_eq!(focus::window(10000, 9999, 10), 9990);
    assert_eq!(focus::window(5, 4, 10), 0);
}

#[test]
fn focused_view_draws_a_closed_center_box() {
    let s = session("inner = [7]\nouter = [inner, inner]\n");
    let heap = LiveHeap::of(&s);
    let id = frames(&heap)[0].names[1].1;
    let (referents, total) = focus::referent_rows(&heap, id, 0, 10, None);
    let f = focus::Focus {
        center: focus::center(&heap, id, None),
        holders: vec![focus::Row {
            label: "outer in __main__ globals".into(),
            object: None,
            text: String::new(),
            new: false,
        }],
        holders_total: 1,
        holders_offset: 0,
        referents,
        referents_total: total,
        referents_offset: 0,
    };
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 90, 12));
    let area = buf.area;
    focus::draw(&f, &mut buf, area, None, &GraphStyle::plain());
    let t = text(&buf);
    assert!(t.contains("└──────"), "\n{t}");
    assert!(t.contains("─▶ [0] list [7]"), "\n{t}");
    assert!(t.contains("outer in __main__ globals ─"), "\n{t}");
}

#[test]
fn a_frame_is_as_wide_as_its_values_when_the_pane_has_room() {
    let s = session("a_id = 139888628345678901234567\nitems = [1]\n");
    let p = tutor_picture(&s);
    let st = GraphStyle::plain();
    let wide = whole::layout_within(&p, &st, 160);
    let t = text(&wide.canvas);
    assert!(t.contains("│a_id 139888628345678901234567│"), "\n{t}");
    assert!(!t.contains('…'), "\n{t}");
    // a narrow pane: the value is cut, and the cut is marked
    let narrow = whole::layout_within(&p, &st, 44);
    let t = text(&narrow.canvas);
    assert!(narrow.width() <= 44, "{} wide:\n{t}", narrow.width());
    assert!(t.contains("│a_id 1398886283"), "\n{t}");
    assert!(t.contains('…'), "\n{t}");
}

#[test]
fn a_back_arrow_in_a_cycle_runs_beside_its_boxes_not_under_the_picture() {
    // many names make the frame column the tallest: a lane under the whole picture would
    // run far below the cycle
    let mut src = String::from("class A:\n    pass\na = A()\na.b = A()\na.b.a = a\n");
    for k in 0..14 {
        src.push_str(&format!("n{k} = {k}\n"));
    }
    let s = session(&src);
    let p = tutor_picture(&s);
    let l = whole::layout_within(&p, &GraphStyle::plain(), 200);
    let t = text(&l.canvas);
    assert_eq!(l.crossings, 0, "\n{t}");
    let frames_bottom = l.frames.iter().map(|r| r.y + r.height).max().unwrap();
    let boxes_bottom = l.boxes.iter().map(|r| r.y + r.height).max().unwrap();
    assert!(
        boxes_bottom + 3 < frames_bottom,
        "the boxes are short:\n{t}"
    );
    // every line is drawn above the bottom of the frames: no lane under the picture
    let lowest_line = t
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains('─') || line.contains('┘'))
        .map(|(y, _)| y as u16)
        .max()
        .unwrap();
    assert!(
        lowest_line < frames_bottom,
        "a line at row {lowest_line}:\n{t}"
    );
    assert!(l.height() <= frames_bottom + 2, "\n{t}");
}

/// The window of a laid-out picture a `width` x `height` pane shows first.
fn window(l: &whole::Layout, width: u16, height: u16) -> String {
    let mut out = String::new();
    let (ox, oy) = l.view;
    for y in oy..(oy + height).min(l.height()) {
        let line: String = (ox..(ox + width).min(l.width()))
            .map(|x| l.canvas[(x, y)].symbol())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Whether box `i` lies wholly in the window the pane shows first.
fn shown(l: &whole::Layout, i: usize, width: u16, height: u16) -> bool {
    let b = l.boxes[i];
    let (ox, oy) = l.view;
    b.x >= ox && b.y >= oy && b.x + b.width <= ox + width && b.y + b.height <= oy + height
}

const SEVEN_OBJECTS: &str = "\
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc

def append_to(x, target=[]):
    target.append(x)
    return target

class Node:
    def __init__(self, v):
        self.v = v
        self.next = None

c = make_counter()
c()
a = append_to(1)
b = append_to(2)
n1 = Node(10)
n1.next = Node(20)
n1.next.next = n1
";

#[test]
fn boxes_taller_than_a_wide_pane_flow_into_further_columns() {
    let s = session(SEVEN_OBJECTS);
    let p = tutor_picture(&s);
    let st = GraphStyle::plain();
    // one column of boxes is taller than the pane
    let tall = whole::layout_within(&p, &st, 102);
    assert!(tall.height() > 23, "\n{}", text(&tall.canvas));
    let l = whole::layout_fitting(&p, &st, 102, 23);
    let t = text(&l.canvas);
    assert!(l.height() <= 23, "{} rows:\n{t}", l.height());
    assert!(l.width() <= 102, "{} columns:\n{t}", l.width());
    assert_eq!(l.crossings, 0, "\n{t}");
    assert_eq!(l.view, (0, 0));
    // the boxes of one distance from the names are in two columns now
    let xs: std::collections::BTreeSet<u16> = p
        .nodes
        .iter()
        .zip(&l.boxes)
        .filter(|(n, _)| n.depth == 1)
        .map(|(_, b)| b.x)
        .collect();
    assert_eq!(xs.len(), 2, "\n{t}");
    // and every box is whole on the canvas, the cycle too
    for (i, n) in p.nodes.iter().enumerate() {
        assert!(shown(&l, i, 102, 23), "{n:?}:\n{t}");
    }
}

#[test]
fn a_cycle_stays_in_view_when_the_picture_does_not_fit_the_pane() {
    let s = session(SEVEN_OBJECTS);
    let p = tutor_picture(&s);
    let st = GraphStyle::plain();
    let cycle: Vec<usize> = (0..p.nodes.len())
        .filter(|&i| p.nodes[i].cycle.is_some())
        .collect();
    assert_eq!(cycle.len(), 2);
    // an 80x24 terminal's graph tab, a 120x34 one's graph pane
    for (w, h) in [(42, 19), (68, 14)] {
        let plain = whole::layout_within(&p, &st, w);
        assert!(
            cycle.iter().any(|&i| {
                let b = plain.boxes[i];
                b.y + b.height > h || b.x + b.width > w
            }),
            "the cycle fits {w}x{h} anyway:\n{}",
            text(&plain.canvas)
        );
        let l = whole::layout_fitting(&p, &st, w, h);
        let t = window(&l, w, h);
        for &i in &cycle {
            assert!(shown(&l, i, w, h), "{w}x{h}, {:?}:\n{t}", p.nodes[i]);
        }
        assert_eq!(l.crossings, 0, "\n{t}");
        // the names stay in view: the picture is not scrolled sideways
        assert_eq!(l.view.0, 0);
        assert!(t.contains("│n1"), "{w}x{h}:\n{t}");
    }
}

#[test]
fn an_unreachable_cycle_stays_in_view_in_a_small_pane() {
    let src = "\
import gc
gc.disable()
class A:
    def __init__(self):
        self.b = B(self)
class B:
    def __init__(self, a):
        self.a = a
def ref_count(x):
    return 0
def object_by_id(x):
    return 0
greeting = 'hello'
other_var = None
my_var = A()
a_id = id(my_var)
b_id = id(my_var.b)
my_var = None
done = 1
";
    let s = session(src);
    let p = tutor_picture(&s);
    let st = GraphStyle::plain();
    let cycle: Vec<usize> = (0..p.nodes.len())
        .filter(|&i| p.nodes[i].unreachable)
        .collect();
    assert_eq!(cycle.len(), 2, "{:?}", p.nodes);
    for (w, h) in [(42, 19), (68, 14)] {
        let l = whole::layout_fitting(&p, &st, w, h);
        let t = window(&l, w, h);
        for &i in &cycle {
            assert!(shown(&l, i, w, h), "{w}x{h}, {:?}:\n{t}", p.nodes[i]);
        }
        assert_eq!(l.crossings, 0, "\n{t}");
    }
}
