//! The object graph pane in the app: snapshots of the pane (only its own rectangle, so the
//! other panes can change without touching these) and its keys.

mod tui_common;

use ratatui::layout::Rect;
use refscope::tui::action::{Action, PaneId};
use refscope::tui::app::App;
use tui_common::*;

/// The graph pane's inside as text, one line per row.
fn pane(app: &App) -> String {
    let area: Rect = app.pane_inner(PaneId::Graph).expect("graph pane on screen");
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

/// A scratch snippet (typed into the editor, so no path is on screen), run to its end, with
/// the graph pane in front.
fn scratch(text: &str, width: u16, height: u16) -> App {
    let mut app = open(None, width, height);
    act(
        &mut app,
        &[
            Action::Edit,
            Action::Paste(text.into()),
            Action::LeaveEditor,
            Action::Continue,
            Action::Focus(PaneId::Graph),
        ],
    );
    app
}

#[test]
fn seed_notebook_ab_cycle() {
    big_stack(|| {
        let mut app = open(Some(SEED), 149, 44);
        let line = line_of(&app, "# A pure circular reference") + 1;
        act(
            &mut app,
            &[
                Action::ToggleBreakpointAt(line),
                Action::Continue,
                Action::Focus(PaneId::Graph),
            ],
        );
        let p = pane(&app);
        assert!(p.starts_with("whole ·"), "{p}");
        // the unreachable pair is last: End scrolls the picture down to it
        act(&mut app, &[Action::End]);
        let p = pane(&app);
        assert!(
            p.contains("only the cycle collector (g) can free these"),
            "{p}"
        );
        assert!(p.contains("A ↻1 ✗") && p.contains("B ↻1 ✗"), "{p}");
        insta::assert_snapshot!("graph_seed_ab_cycle", p);
        // the collector frees the pair: they leave the picture and are listed as freed
        act(&mut app, &[Action::Collect]);
        let p = pane(&app);
        assert!(!p.contains("only the cycle collector"), "{p}");
        assert!(p.contains("2 freed (listed below)"), "{p}");
        let Some(Ok(pic)) = &app.graph.picture else {
            panic!("a picture")
        };
        let freed: Vec<&str> = pic.freed.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(freed, ["A", "B"]);
    });
}

#[test]
fn shared_small_int() {
    big_stack(|| {
        let mut app = scratch("a = 10\nb = 10\n", 110, 30);
        let p = pane(&app);
        // by default a small int is written in its slot, as Python Tutor draws it
        assert!(p.contains("│a 10") && p.contains("│b 10"), "{p}");
        assert_eq!(p.matches("small int").count(), 0, "{p}");
        // m draws the memory truth: two names, one box, the lines from a and b merge into one
        act(&mut app, &[Action::MemoryTruth]);
        let p = pane(&app);
        assert_eq!(p.matches("small int").count(), 1, "{p}");
        assert!(p.contains("│a") && p.contains("│b"), "{p}");
        insta::assert_snapshot!("graph_shared_small_int", p);
    });
}

#[test]
fn self_referencing_list() {
    big_stack(|| {
        let app = scratch("x = [1, 2]\nx.append(x)\n", 110, 30);
        let p = pane(&app);
        assert!(p.contains("list ↻1"), "{p}");
        assert!(p.contains("[1, 2, [...]]"), "{p}");
        insta::assert_snapshot!("graph_self_referencing_list", p);
    });
}

#[test]
fn focused_view_follows_arrows_and_comes_back() {
    big_stack(|| {
        let mut app = scratch("inner = [7]\nouter = [inner, inner]\n", 110, 30);
        act(&mut app, &[Action::GraphView]);
        act(
            &mut app,
            &[
                Action::GraphFind,
                Action::Paste("outer".into()),
                Action::Accept,
            ],
        );
        assert!(!app.graph.shows_whole());
        let p = pane(&app);
        assert!(p.contains("held by 1"), "{p}");
        assert!(p.contains("refers to 2"), "{p}");
        assert!(p.contains("outer in __main__"), "{p}");
        // Enter on [0] goes to inner, Backspace comes back
        act(&mut app, &[Action::Select]);
        let p = pane(&app);
        assert!(p.contains("[7]") && p.contains("held by 3"), "{p}");
        act(&mut app, &[Action::GraphBack]);
        let p = pane(&app);
        assert!(p.contains("refers to 2"), "{p}");
        // ← goes to the holders; Enter on the globals entry follows to the dict
        act(&mut app, &[Action::GraphLeft, Action::Select]);
        let p = pane(&app);
        assert!(p.contains("dict"), "{p}");
        // v goes back to the whole picture
        act(&mut app, &[Action::GraphView]);
        assert!(app.graph.shows_whole());
    });
}

#[test]
fn a_big_heap_falls_back_to_the_focused_view() {
    big_stack(|| {
        // a chain of 60 lists: too deep for boxes and arrows
        let app = scratch(
            "head = None\nfor i in range(60):\n    head = [i, head]\n",
            110,
            30,
        );
        assert!(!app.graph.shows_whole());
        let p = pane(&app);
        assert!(p.starts_with("over 40 objects: focused"), "{p}");
        assert!(p.contains("refers to 2"), "{p}");
        assert!(p.contains("head in __main__"), "{p}");
    });
}

#[test]
fn find_by_address_and_by_type() {
    big_stack(|| {
        let mut app = scratch("a = [1]\nb = (2, 3)\n", 110, 30);
        let vm = &app.run.as_ref().unwrap().model().unwrap().vm;
        let tuple = vm
            .heap
            .ids()
            .find(|&id| {
                vm.type_name(id) == "tuple" && !vm.heap.meta(id).startup() && vm.refcnt(id) == 1
            })
            .unwrap();
        let addr = format!("0x{:x}", vm.heap.get(tuple).addr);
        act(
            &mut app,
            &[
                Action::GraphFind,
                Action::Paste(addr.clone()),
                Action::Accept,
            ],
        );
        assert_eq!(app.selected.map(|k| k.0), Some(tuple));
        act(
            &mut app,
            &[
                Action::GraphFind,
                Action::Paste("list".into()),
                Action::Accept,
            ],
        );
        let msg = app.message.as_ref().unwrap().text.clone();
        assert!(msg.starts_with("found list 1 of"), "{msg}");
        act(
            &mut app,
            &[
                Action::GraphFind,
                Action::Paste("nosuchthing".into()),
                Action::Accept,
            ],
        );
        let msg = app.message.as_ref().unwrap().text.clone();
        assert!(msg.contains("no object"), "{msg}");
    });
}

#[test]
fn a_step_marks_new_objects_and_repointed_names() {
    big_stack(|| {
        let mut app = open(None, 110, 30);
        act(
            &mut app,
            &[
                Action::Edit,
                Action::Paste("a = [1]\nb = a\nb = [2]\n".into()),
                Action::LeaveEditor,
                Action::StepOver,
                Action::StepOver,
                Action::StepOver,
                Action::Focus(PaneId::Graph),
            ],
        );
        act(&mut app, &[Action::StepOver]);
        let p = pane(&app);
        assert!(p.contains("│b*"), "{p}");
        assert!(p.contains("list +new"), "{p}");
        assert!(!p.contains("│a*"), "{p}");
    });
}

#[test]
fn the_export_key_writes_next_to_the_snippet() {
    big_stack(|| {
        let path = scratch_file("graph-export", "lesson.py", b"x = [1, 2]\nx.append(x)\n");
        let mut app = open(path.to_str(), 110, 30);
        // `x` names the step as `refscope export --step N` does: line events so far
        act(
            &mut app,
            &[Action::StepOver, Action::StepOver, Action::Export],
        );
        let msg = app.message.as_ref().unwrap().text.clone();
        assert!(msg.starts_with("exported step 2:"), "{msg}");
        assert!(msg.contains("(= refscope export --step 2 FILE)"), "{msg}");
        let dir = path.parent().unwrap();
        for ext in ["svg", "dot", "json"] {
            let f = dir.join(format!("lesson.step2.{ext}"));
            let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            assert!(text.len() > 50, "{ext}: {text}");
        }
    });
}
