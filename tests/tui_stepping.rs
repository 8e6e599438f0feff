//! The app defects of issue 10, one test each (driven through actions on a fake terminal;
//! `tests/tui_e2e.rs` drives the real binary in tmux for the first two).

mod tui_common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use refscope::tui::action::{Action, PaneId};
use refscope::tui::app::{App, Confirm, Mode};
use refscope::tui::update::update;
use tui_common::*;

/// The scratch editor with this text (pasted: no file path on screen).
fn typed(text: &str, width: u16, height: u16) -> App {
    let mut app = open(None, width, height);
    act(
        &mut app,
        &[
            Action::Edit,
            Action::Paste(text.into()),
            Action::LeaveEditor,
        ],
    );
    app
}

/// The status bar's `line N` (0 once finished).
fn status_line(app: &App) -> u32 {
    let s = screen(app);
    let bar = s.lines().last().unwrap_or_default().to_string();
    if bar.contains("finished") {
        return 0;
    }
    bar.split("│ line ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no line in the status bar: {bar}"))
}

fn key(code: KeyCode) -> Action {
    Action::Input(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Defect 1: in a loop the marker follows CPython's line events: pdb's `next` stops on the header
/// after every iteration, and the implicit `return None` adds no stop on line 1.
#[test]
fn next_in_a_loop_shows_pdbs_lines_in_the_status_bar() {
    big_stack(|| {
        let mut app = typed(
            "total = 0\nfor r in [1, 2, 3]:\n    total += r\nprint(total)\nx = 1\n",
            120,
            30,
        );
        let mut lines = Vec::new();
        for _ in 0..11 {
            act(&mut app, &[Action::StepOver]);
            lines.push(status_line(&app));
        }
        assert_eq!(lines, [1, 2, 3, 2, 3, 2, 3, 2, 4, 5, 0]);
        insta::assert_snapshot!("loop_last_line", render(&app));
    });
}

/// Defect 2: `n` over a call that runs for 300,000 iterations lands on the caller's next line in
/// one press, however many slices the app cuts the run into.
#[test]
fn next_over_a_long_call_is_one_press() {
    big_stack(|| {
        let mut app = typed(
            "def work():\n    t = 0\n    for i in range(300000):\n        t += i\n    return t\nx = work()\ny = 2\n",
            120,
            30,
        );
        let mut lines = Vec::new();
        for _ in 0..3 {
            act(&mut app, &[Action::StepOver]);
            lines.push(status_line(&app));
        }
        assert_eq!(lines, [1, 6, 7]);
        let s = &app.run.as_ref().unwrap().model().unwrap();
        assert_eq!(s.vm.frames.len(), 1, "back in the module frame");
        // every pane numbers the stop as the trace does (lines 1 and 6, `work`'s 2 and 3,
        // 4 and 3 for each of 300,000 iterations, 5, then 7: 600,006 line events), not by
        // the three keys pressed
        assert_eq!(app.step(), 600_006);
        let screen = screen(&app);
        assert!(screen.contains("Now (step 600006)"), "{screen}");
        assert!(screen.contains("step 600006: next line 7"), "{screen}");
    });
}

/// Defect 3: a breakpoint on a line without code goes to the next line with code and says so;
/// past the last line with code it is refused.
#[test]
fn breakpoints_go_to_lines_that_run() {
    big_stack(|| {
        let text =
            "# a comment\n\nx = 1\n# %%\ny = 2\nif y:\n    z = 3\nelse:\n    z = 4\n# the end\n";
        let mut app = typed(text, 120, 30);
        act(&mut app, &[Action::ToggleBreakpointAt(1)]);
        assert!(app.breakpoints.contains(&3), "{:?}", app.breakpoints);
        let msg = app.message.clone().unwrap().text;
        assert!(msg.contains("line 1 has no code"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        // a `# %%` marker, and `else:` (no instruction of its own)
        act(&mut app, &[Action::ToggleBreakpointAt(4)]);
        assert!(app.breakpoints.contains(&5));
        act(&mut app, &[Action::ToggleBreakpointAt(8)]);
        assert!(app.breakpoints.contains(&9));
        // past the end: refused
        act(&mut app, &[Action::ToggleBreakpointAt(10)]);
        assert!(!app.breakpoints.contains(&10));
        let msg = app.message.clone().unwrap();
        assert!(
            msg.error && msg.text.contains("nothing runs on line 10"),
            "{msg:?}"
        );
        // and the breakpoints that were placed stop the run
        act(&mut app, &[Action::Continue]);
        assert_eq!(status_line(&app), 3);
        act(&mut app, &[Action::Continue]);
        assert_eq!(status_line(&app), 5);
    });
}

/// A first cell of only comments (a lesson's title) runs no code: a breakpoint on it goes to
/// the first line of the next cell. Its module would have only an implicit `return None` on
/// line 0, which is no line of the file.
#[test]
fn a_breakpoint_on_a_cell_of_comments_goes_to_the_next_cell() {
    big_stack(|| {
        let text = "# A lesson\n# about x\n\n# %%\nx = 1\n";
        let mut app = typed(text, 120, 30);
        act(&mut app, &[Action::ToggleBreakpointAt(1)]);
        assert_eq!(app.breakpoints.iter().copied().collect::<Vec<_>>(), [5]);
        act(&mut app, &[Action::Continue]);
        assert_eq!(status_line(&app), 5);
    });
}

/// Defect 4: stepping back shows the stop as it was: the cycles pane's last collection too.
#[test]
fn stepping_back_keeps_the_last_collection() {
    big_stack(|| {
        let mut app = typed(
            "class A:\n    pass\na = A()\na.me = a\ndel a\nx = 1\ny = 2\n",
            160,
            48,
        );
        for _ in 0..5 {
            act(&mut app, &[Action::StepOver]);
        }
        act(&mut app, &[Action::Collect, Action::Focus(PaneId::Cycles)]);
        let with = screen(&app);
        assert!(with.contains("Last collection: step"), "{with}");
        act(&mut app, &[Action::StepOver]);
        act(&mut app, &[Action::StepBack]);
        let back = screen(&app);
        assert!(back.contains("Last collection: step"), "{back}");
        assert!(back.contains("✓ freed"), "{back}");
        assert!(!back.contains("Last collection: none yet"), "{back}");
    });
}

/// Defect 5: one stop is one entry of the history: `b` after `c` returns to the stop before it,
/// and `x` writes the state `refscope export --step N` writes.
#[test]
fn history_is_stops_and_x_is_export_step_n() {
    big_stack(|| {
        let path = scratch_file(
            "history",
            "lesson.py",
            b"a = [1]\nb = a\nfor i in range(3):\n    a.append(i)\nc = len(a)\nd = c\n",
        );
        let mut app = open(path.to_str(), 120, 30);
        act(&mut app, &[Action::StepOver, Action::StepOver]);
        let before = status_line(&app);
        let line = line_of(&app, "d = c");
        act(
            &mut app,
            &[Action::ToggleBreakpointAt(line), Action::Continue],
        );
        assert_eq!(status_line(&app), line);
        act(&mut app, &[Action::StepBack]);
        assert_eq!(status_line(&app), before, "b after c: the stop before c");
        act(&mut app, &[Action::Continue, Action::Export]);
        let step = app.run.as_ref().unwrap().model().unwrap().line_events() as usize;
        let msg = app.message.clone().unwrap().text;
        assert!(
            msg.contains(&format!("= refscope export --step {step} FILE")),
            "{msg}"
        );
        let written = std::fs::read_to_string(
            path.parent()
                .unwrap()
                .join(format!("lesson.step{step}.json")),
        )
        .expect("x wrote the JSON");
        let (session, stop) =
            refscope::export::run_file(&path, Some(step), &[]).expect("export runs");
        let cli = refscope::export::render(&session, refscope::export::Format::Json, &stop)
            .expect("renders");
        assert_eq!(written, cli, "x and `export --step {step}` write the same");
    });
}

/// Defect 6: enter on a box of the graph selects it, and the holders under the refcount table
/// describe that object.
#[test]
fn selecting_in_the_graph_shows_its_holders() {
    big_stack(|| {
        let mut app = typed("a = [1, 2]\nb = a\nc = {'k': a}\nd = 0\n", 160, 48);
        for _ in 0..4 {
            act(&mut app, &[Action::StepOver]);
        }
        act(&mut app, &[Action::Focus(PaneId::Graph)]);
        // walk the boxes until the list is under the cursor
        let mut found = false;
        for _ in 0..20 {
            act(&mut app, &[Action::Select]);
            let selected = app.selected.expect("selected");
            let vm = &app.run.as_ref().unwrap().model().unwrap().vm;
            if vm.type_name(selected.0) == "list" {
                found = true;
                break;
            }
            act(&mut app, &[Action::Down]);
        }
        assert!(found, "the list box");
        let d = app.details.clone().expect("holders shown");
        assert_eq!(Some(d.key), app.selected);
        let texts: Vec<&str> = d.holders.iter().map(|h| h.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("a in __main__ globals")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("b in __main__ globals")),
            "{texts:?}"
        );
    });
}

/// Defect 7: enter in the quit question never drops an edit: it saves first.
#[test]
fn enter_in_the_quit_question_saves() {
    big_stack(|| {
        let path = scratch_file("quit-enter", "lesson.py", b"x = 1\n");
        let mut app = open(path.to_str(), 100, 30);
        act(
            &mut app,
            &[
                Action::Edit,
                Action::Paste("y = 2\n".into()),
                Action::LeaveEditor,
                Action::Quit,
            ],
        );
        assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
        let s = screen(&app);
        assert!(s.contains("Enter") && s.contains("save first"), "{s}");
        act(&mut app, &[Action::Accept]);
        assert!(app.quit);
        assert!(!app.is_dirty(), "saved");
        assert!(std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("y = 2\n"));
    });
}

/// Defect 8: end in the help shows its last page, not an empty one.
#[test]
fn help_end_shows_the_last_lines() {
    big_stack(|| {
        let mut app = open(None, 100, 30);
        act(&mut app, &[Action::Help, Action::End]);
        let s = screen(&app);
        // the help ends with the legend: its last section is on screen
        assert!(
            s.contains("PEP 442"),
            "the last help line is on screen:\n{s}"
        );
        assert!(s.contains("Legend: cycles"), "{s}");
    });
}

/// Defect 9: from 150x30 every pane is on screen (the graph is not a tab behind Refcounts).
#[test]
fn every_pane_is_on_screen_at_150x30() {
    big_stack(|| {
        let mut app = typed("a = [1]\nb = a\n", 150, 30);
        act(&mut app, &[Action::StepOver, Action::StepOver]);
        let screen = app.screen();
        for pane in PaneId::ALL {
            assert!(
                screen.area_of(pane, &app.recency).is_some(),
                "{pane:?} is not on screen at 150x30"
            );
        }
        assert!(screen.slots.iter().all(|s| s.panes.len() == 1), "no tabs");
        insta::assert_snapshot!("layout_150x30", render(&app));
    });
}

/// Defect 10: at 160x48 the refcount table keeps the address column: three instances of one
/// class differ by it.
#[test]
fn the_refcount_table_keeps_addresses_at_160x48() {
    big_stack(|| {
        let mut app = typed(
            "class Node:\n    pass\na = Node()\nb = Node()\nc = Node()\nx = 0\n",
            160,
            48,
        );
        for _ in 0..6 {
            act(&mut app, &[Action::StepOver]);
        }
        let s = screen(&app);
        assert!(s.contains("address"), "{s}");
        let vm = &app.run.as_ref().unwrap().model().unwrap().vm;
        for name in ["a", "b", "c"] {
            let id = vm
                .dict_pairs(vm.main_dict)
                .into_iter()
                .find(|(k, _)| vm.str_of(*k) == name)
                .map(|(_, v)| v)
                .unwrap();
            let addr = format!("0x{:x}", vm.heap.get(id).addr);
            assert!(
                s.contains(&addr),
                "{addr} of {name} is not in the table:\n{s}"
            );
        }
    });
}

/// Defect 11: the caption of the unreachable part of the graph reads whole (no arrow over it).
#[test]
fn the_graph_caption_is_not_overdrawn() {
    big_stack(|| {
        let mut app = typed(
            "import gc\ngc.disable()\nclass A:\n    pass\na = A()\nb = A()\na.o = b\nb.o = a\nkeep = [a]\ndel a, b\nkeep.clear()\nx = 1\n",
            160,
            48,
        );
        for _ in 0..12 {
            act(&mut app, &[Action::StepOver]);
        }
        act(&mut app, &[Action::Focus(PaneId::Graph)]);
        let s = screen(&app);
        assert!(s.contains("unreachable, not yet freed"), "{s}");
    });
}

/// Defect 12: the open prompt starts empty, takes a relative path in the document's folder, and
/// Tab completes there.
#[test]
fn the_open_prompt_completes_in_the_documents_folder() {
    big_stack(|| {
        let first = scratch_file("open-rel", "first.py", b"x = 1\n");
        std::fs::write(first.with_file_name("second_lesson.py"), "y = 2\n").unwrap();
        let mut app = open(first.to_str(), 100, 30);
        act(&mut app, &[Action::Open]);
        match &app.mode {
            Mode::Prompt(p) => assert_eq!(p.input, "", "nothing typed for the user"),
            m => panic!("{m:?}"),
        }
        for c in "sec".chars() {
            update(&mut app, key(KeyCode::Char(c)));
        }
        act(&mut app, &[Action::Complete]);
        match &app.mode {
            Mode::Prompt(p) => assert_eq!(p.input, "second_lesson.py"),
            m => panic!("{m:?}"),
        }
        act(&mut app, &[Action::Accept]);
        assert_eq!(
            app.doc.path.as_deref(),
            Some(first.with_file_name("second_lesson.py").as_path())
        );
        // a full path is taken as it is, not put after the folder
        let full = std::fs::canonicalize(&first).unwrap();
        act(&mut app, &[Action::Open]);
        for c in full.display().to_string().chars() {
            update(&mut app, key(KeyCode::Char(c)));
        }
        act(&mut app, &[Action::Accept]);
        assert_eq!(app.doc.path.as_deref(), Some(full.as_path()));
    });
}

/// Defect 13: `TERM=dumb` is refused with a message, and the notebook save warning fits a
/// 120-column message line.
#[test]
fn dumb_terminals_and_the_notebook_save_warning() {
    let why = refscope::tui::unusable_terminal(Some("dumb")).expect("refused");
    assert!(
        why.contains("TERM=dumb") && why.contains("refscope run"),
        "{why}"
    );
    assert!(refscope::tui::unusable_terminal(Some("xterm-256color")).is_none());
    assert!(refscope::tui::unusable_terminal(None).is_none());
    big_stack(|| {
        let nb = serde_json::json!({
            "cells": [{"cell_type": "code", "execution_count": null, "metadata": {},
                       "outputs": [], "source": "x = 1\n"}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5
        });
        let path = scratch_file("nb-warning", "lesson.ipynb", nb.to_string().as_bytes());
        let mut app = open(path.to_str(), 120, 30);
        let line = line_of(&app, "# %%");
        act(&mut app, &[Action::Edit]);
        // a title after the marker, which a notebook cannot keep
        app.editor
            .move_cursor(ratatui_textarea::CursorMove::Jump((line - 1) as u16, 4));
        act(
            &mut app,
            &[
                Action::Paste(" Setup".into()),
                Action::LeaveEditor,
                Action::Save,
            ],
        );
        let msg = app.message.clone().unwrap();
        assert!(msg.error, "{msg:?}");
        let s = screen(&app);
        assert!(
            s.contains(&msg.text),
            "the whole warning is on screen:\n{s}"
        );
    });
}
