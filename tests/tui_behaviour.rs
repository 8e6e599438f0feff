//! What the app does, driven through actions: stepping back is exact, edits reset the run,
//! breakpoints stop where set, Ctrl-C interrupts a runaway loop without quitting, files
//! load and save safely, and no terminal size or mode makes it panic.

mod tui_common;

use refscope::tui::action::{Action, PaneId};
use refscope::tui::app::{App, Confirm, Mode};
use refscope::tui::heapview::Change;
use refscope::tui::keymap::KEYMAP;
use refscope::tui::update::update;
use tui_common::*;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(c: char) -> Action {
    Action::Input(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        let a = if c == '\n' {
            Action::Input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        } else {
            key(c)
        };
        update(app, a);
    }
}

/// Everything a step changes, to compare two states.
fn fingerprint(app: &App) -> String {
    let Some(r) = app.run.as_ref() else {
        return "no run".into();
    };
    let vm = &r.model().unwrap().vm;
    let mut s = format!(
        "step {} at {:?} status {:?}\nstdout {:?}\nstderr {:?}\ngc {:?} {:?}\n",
        r.log.len(),
        r.location(),
        r.model().unwrap().status,
        vm.stdout,
        vm.stderr,
        vm.gc.counts,
        vm.gc.enabled
    );
    for row in &app.heap.rows {
        let change = app.heap.change(row, &r.heap());
        s.push_str(&format!(
            "{:?} {} 0x{:x} {:?} {:?}\n",
            row.id,
            row.serial,
            row.addr,
            change,
            row.freed.as_ref().map(|f| f.repr.clone())
        ));
    }
    s.push_str(&format!(
        "cycles {:?}\n",
        app.heap.cycles.as_ref().map(|c| c.len())
    ));
    s
}

#[test]
fn stepping_back_gives_exactly_the_earlier_state() {
    big_stack(|| {
        let mut app = open(Some(SEED), 120, 40);
        let mut states = vec![fingerprint(&app)];
        let steps = [
            Action::StepOver,
            Action::StepOver,
            Action::StepInto,
            Action::Collect,
            Action::StepOver,
            Action::StepInto,
            Action::StepInto,
            Action::StepOut,
            Action::StepOver,
        ];
        for a in &steps {
            act(&mut app, std::slice::from_ref(a));
            states.push(fingerprint(&app));
        }
        assert_ne!(states[4], states[5]);
        for i in (0..steps.len()).rev() {
            act(&mut app, &[Action::StepBack]);
            assert_eq!(
                fingerprint(&app),
                states[i],
                "after stepping back to step {i}"
            );
        }
        // and forward again from the start reaches the same states
        act(&mut app, &[steps[0].clone()]);
        assert_eq!(fingerprint(&app), states[1]);
    });
}

#[test]
fn changes_are_marked_new_up_down_and_freed() {
    big_stack(|| {
        let path = scratch_file(
            "changes",
            "changes.py",
            b"a = [1, 2]\nb = a\ndel b\na = None\nx = 1\n",
        );
        let mut app = open(Some(path.to_str().unwrap()), 120, 40);
        let find = |app: &App, repr: &str| {
            let r = app.run.as_ref().unwrap();
            let vm = &r.model().unwrap().vm;
            app.heap
                .rows
                .iter()
                .find(|row| match &row.freed {
                    Some(f) => f.repr == repr,
                    None => refscope::analysis::labels::short_repr(vm, row.id, 60) == repr,
                })
                .map(|row| app.heap.change(row, &r.heap()))
        };
        act(&mut app, &[Action::StepOver, Action::StepOver]);
        assert_eq!(find(&app, "[1, 2]"), Some(Change::New));
        act(&mut app, &[Action::StepOver]);
        assert_eq!(find(&app, "[1, 2]"), Some(Change::Up(1)));
        act(&mut app, &[Action::StepOver]);
        assert_eq!(find(&app, "[1, 2]"), Some(Change::Down(1)));
        act(&mut app, &[Action::StepOver]);
        assert_eq!(find(&app, "[1, 2]"), Some(Change::Freed));
        assert!(screen(&app).contains("freed"));
        // the next step forgets it
        act(&mut app, &[Action::StepOver]);
        assert_eq!(find(&app, "[1, 2]"), None);
    });
}

#[test]
fn editing_resets_the_run_and_moves_breakpoints() {
    big_stack(|| {
        let path = scratch_file("edit", "edit.py", b"x = 1\ny = 2\nz = 3\n");
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        act(
            &mut app,
            &[
                Action::ToggleBreakpointAt(3),
                Action::StepOver,
                Action::StepOver,
            ],
        );
        assert_eq!(app.step(), 2);
        act(&mut app, &[Action::Edit]);
        assert_eq!(app.mode, Mode::Editing);
        // typing `n` types; it does not step
        for _ in 0..5 {
            update(
                &mut app,
                Action::Input(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
            );
        }
        type_text(&mut app, "# note\n");
        assert!(app.run.is_none(), "an edit resets the run");
        assert_eq!(app.editor.lines()[0], "# note");
        assert!(app.breakpoints.contains(&4), "{:?}", app.breakpoints);
        assert!(app.is_dirty());
        act(&mut app, &[Action::LeaveEditor, Action::Continue]);
        let r = app.run.as_ref().unwrap();
        assert_eq!(
            r.location().map(|l| l.1),
            Some(4),
            "stopped at the moved breakpoint"
        );
        // the edited text is what runs
        assert_eq!(
            r.model().unwrap().snippet.cells[0].source,
            "# note\nx = 1\ny = 2\nz = 3\n"
        );
    });
}

#[test]
fn breakpoints_in_notebook_cells_stop_at_their_own_cell() {
    big_stack(|| {
        let nb = r##"{"cells": [
 {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["a = 1\n", "b = 2"]},
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["c = 3\n", "d = 4\n", "d"]}
], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}"##;
        let path = scratch_file("nbbreak", "nb.ipynb", nb.as_bytes());
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        // editor: "# %%", "a = 1", "b = 2", "# %%", "c = 3", "d = 4", "d"
        assert_eq!(app.editor.lines()[5], "d = 4");
        act(&mut app, &[Action::ToggleBreakpointAt(6), Action::Continue]);
        let r = app.run.as_ref().unwrap();
        assert_eq!(
            r.location(),
            Some((1, 6)),
            "line 2 of the second cell, not of the first"
        );
        act(&mut app, &[Action::Continue]);
        let out = &app.run.as_ref().unwrap().model().unwrap().vm.stdout;
        assert!(out.contains("Out[2]: 4"), "{out}");
    });
}

/// An exception raised inside a function defined in an earlier notebook cell is marked on
/// the function's line, in its own cell (notebook cells count lines from 1 each).
#[test]
fn a_notebook_error_is_marked_in_the_cell_that_defined_the_function() {
    big_stack(|| {
        let nb = r##"{"cells": [
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["def f(x):\n", "    return 1 / x"]},
 {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["a = 1\n", "b = 2\n", "f(0)"]}
], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"##;
        let path = scratch_file("nberror", "nb.ipynb", nb.as_bytes());
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        // editor: "# %%", "def f(x):", "    return 1 / x", "# %%", "a = 1", "b = 2", "f(0)"
        assert_eq!(app.editor.lines()[2], "    return 1 / x");
        act(&mut app, &[Action::Continue]);
        let marks = app.run.as_ref().unwrap().error_marks();
        assert_eq!(marks.len(), 1, "{marks:?}");
        assert_eq!(
            marks[0].0, 3,
            "the line of `return 1 / x`, not line 2 of cell 2"
        );
        assert!(marks[0].1.contains("ZeroDivisionError"), "{marks:?}");
        let s = screen(&app);
        let row = s.lines().find(|l| l.contains("return 1 / x")).unwrap();
        assert!(row.contains('✗'), "{s}");
    });
}

#[test]
fn ctrl_c_interrupts_a_runaway_loop_but_not_the_app() {
    big_stack(|| {
        let path = scratch_file(
            "loop",
            "loop.py",
            b"# %%\nn = 0\nwhile True:\n    n += 1\n# %%\nafter = n\n",
        );
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        update(&mut app, Action::ToggleBreakpointAt(6));
        update(&mut app, Action::Continue);
        for _ in 0..5 {
            update(&mut app, Action::Tick);
        }
        assert!(app.is_busy(), "still running");
        // keys still work while it runs
        update(&mut app, Action::FocusNext);
        assert_eq!(app.focus, PaneId::Refcounts);
        update(&mut app, Action::Interrupt);
        app.settle();
        assert!(!app.quit);
        assert!(!app.is_busy());
        let out = app.run.as_ref().unwrap().model().unwrap().vm.stdout.clone();
        assert!(out.contains("KeyboardInterrupt"), "{out}");
        assert!(screen(&app).contains("KeyboardInterrupt"));
        // the run stops at the interrupted line (post-mortem: the heap as the exception
        // left it), the next cell still runs (to its breakpoint), and stepping back replays
        // the interrupt at the same point
        let at_step_1 = fingerprint(&app);
        assert!(
            at_step_1.starts_with("step 1 at Some((0, 4))"),
            "{at_step_1}"
        );
        act(&mut app, &[Action::Continue]);
        // one more stop in the history; the step number is the trace's (every iteration
        // of the interrupted loop counted)
        assert_eq!(app.run.as_ref().unwrap().log.len(), 2);
        assert!(
            fingerprint(&app).starts_with("step 2 at Some((1, 6))"),
            "{}",
            fingerprint(&app)
        );
        assert!(app.step() > 1000, "{}", app.step());
        act(&mut app, &[Action::StepBack]);
        assert_eq!(fingerprint(&app), at_step_1);
        // Ctrl-C with nothing running says so and does nothing else
        update(&mut app, Action::Interrupt);
        assert!(!app.quit);
        assert!(app
            .message
            .clone()
            .unwrap()
            .text
            .contains("nothing is running"));
    });
}

#[test]
fn quit_asks_when_there_are_unsaved_edits() {
    big_stack(|| {
        let mut app = open(None, 100, 30);
        act(&mut app, &[Action::Quit]);
        assert!(app.quit, "nothing to lose: quits at once");
        let mut app = open(None, 100, 30);
        act(&mut app, &[Action::Edit]);
        type_text(&mut app, "x = 1");
        act(&mut app, &[Action::LeaveEditor, Action::Quit]);
        assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
        assert!(screen(&app).contains("unsaved edits"));
        act(&mut app, &[Action::Answer('n')]);
        assert!(!app.quit);
        assert_eq!(app.text(), "x = 1");
        act(&mut app, &[Action::Quit, Action::Answer('y')]);
        assert!(app.quit);
    });
}

#[test]
fn a_failed_save_keeps_the_text_and_says_why() {
    big_stack(|| {
        let path = scratch_file("savefail", "keep.py", b"x = 1\n");
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        act(&mut app, &[Action::Edit]);
        type_text(&mut app, "y = 2\n");
        // save as into a directory that does not exist
        act(&mut app, &[Action::LeaveEditor]);
        let bad = path.parent().unwrap().join("missing").join("x.py");
        app.doc.path = Some(bad.clone());
        act(&mut app, &[Action::Save]);
        let m = app.message.clone().unwrap();
        assert!(m.error && m.text.contains("save failed"), "{m:?}");
        assert!(m.text.contains("your edits are kept"));
        assert!(
            screen(&app).contains("your edits are kept"),
            "{}",
            screen(&app)
        );
        assert_eq!(app.text(), "y = 2\nx = 1\n");
        assert!(app.is_dirty());
        assert!(!bad.exists());
        // a save-as prompt offers another path, starting from the one that failed
        let Mode::Prompt(p) = &app.mode else {
            panic!("no save-as prompt: {:?}", app.mode);
        };
        assert_eq!(p.input, bad.display().to_string());
        act(&mut app, &[Action::Cancel]);
        assert_eq!(app.mode, Mode::Normal);
        assert!(app.is_dirty());
        // saving where it can works, atomically, and clears the unsaved mark
        app.doc.path = Some(path.clone());
        act(&mut app, &[Action::Save]);
        assert!(!app.message.clone().unwrap().error);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "y = 2\nx = 1\n");
        assert!(!app.is_dirty());
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temp file left: {leftovers:?}");
    });
}

#[test]
fn saving_a_notebook_keeps_markdown_and_metadata() {
    big_stack(|| {
        let nb = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {"tags": ["intro"]}, "source": ["# Lesson\n", "Read me."]},
  {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}], "source": ["print('hi')"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
"##;
        let path = scratch_file("nbsave", "lesson.ipynb", nb.as_bytes());
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        assert_eq!(app.text(), "# %%\nprint('hi')\n");
        act(&mut app, &[Action::Edit]);
        for _ in 0..2 {
            update(
                &mut app,
                Action::Input(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE)),
            );
        }
        type_text(&mut app, "x = 2");
        act(&mut app, &[Action::Save]);
        let saved: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(saved["metadata"]["kernelspec"]["name"], "python3");
        assert_eq!(saved["cells"][0]["cell_type"], "markdown");
        assert_eq!(saved["cells"][0]["metadata"]["tags"][0], "intro");
        let code: Vec<String> = saved["cells"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["cell_type"] == "code")
            .map(|c| {
                c["source"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap())
                    .collect()
            })
            .collect();
        assert_eq!(code, ["print('hi')\nx = 2"]);
    });
}

#[test]
fn bad_files_give_a_message_not_a_crash() {
    big_stack(|| {
        let cases: [(&str, &[u8], &str); 3] = [
            ("broken.ipynb", b"{\"cells\": [", "not a notebook"),
            ("latin1.py", b"s = 'caf\xe9'\n", "Non-UTF-8 code"),
            (
                "old.ipynb",
                b"{\"nbformat\": 3, \"worksheets\": []}",
                "nbformat 3",
            ),
        ];
        for (name, content, why) in cases {
            let path = scratch_file("bad", name, content);
            let mut app = open(Some(path.to_str().unwrap()), 80, 24);
            let m = app.message.clone().unwrap();
            assert!(m.error && m.text.contains(why), "{name}: {m:?}");
            assert!(
                app.doc.path.is_none(),
                "the broken file is never overwritten"
            );
            assert!(screen(&app).contains("cannot open"));
            // the app still works
            act(&mut app, &[Action::StepOver, Action::Collect]);
        }
        // a syntax error is marked at its line with CPython's message, live and after a run
        let path = scratch_file("syntax", "syntax.py", b"x = 1\nif x\n    y = 2\n");
        let mut app = open(Some(path.to_str().unwrap()), 100, 30);
        app.settle();
        assert_eq!(
            app.live_errors,
            vec![(2, "SyntaxError: expected ':'".to_string())]
        );
        act(&mut app, &[Action::StepOver]);
        assert!(screen(&app).contains("✗ 2 if x"), "{}", screen(&app));
        assert!(
            screen(&app).contains("finished, exit 1"),
            "python3 exits with 1 on a syntax error"
        );
        // a missing file is a new one
        let missing = path.with_file_name("new_lesson.py");
        let mut app = open(Some(missing.to_str().unwrap()), 100, 30);
        assert_eq!(app.doc.path.as_deref(), Some(missing.as_path()));
        assert!(app.message.clone().unwrap().text.contains("new file"));
        // ... where it can be created; in a folder that does not exist it is an error
        let nowhere = path.with_file_name("no_such_dir").join("x.py");
        let fresh = open(Some(nowhere.to_str().unwrap()), 100, 30);
        let m = fresh.message.clone().unwrap();
        assert!(m.error && m.text.contains("no folder"), "{m:?}");
        assert!(fresh.doc.path.is_none());
        // the same through the open prompt, which keeps the current file
        let clear = Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        act(&mut app, &[Action::Open, clear.clone()]);
        // the prompt takes relative paths in the document's folder: type absolute ones
        let cwd = std::env::current_dir().expect("cwd");
        type_prompt(&mut app, &format!("{}", cwd.join(&nowhere).display()));
        act(&mut app, &[Action::Accept]);
        assert!(app.message.clone().unwrap().text.contains("no folder"));
        assert_eq!(app.doc.path.as_deref(), Some(missing.as_path()));
        act(&mut app, &[Action::Open, clear]);
        let other = path.with_file_name("another.py");
        type_prompt(&mut app, &format!("{}", cwd.join(&other).display()));
        act(&mut app, &[Action::Accept]);
        let m = app.message.clone().unwrap();
        assert!(!m.error && m.text.contains("new file"), "{m:?}");
    });
}

#[test]
fn opening_a_file_uses_the_prompt_with_completion() {
    big_stack(|| {
        let path = scratch_file("openprompt", "only_lesson.py", b"print('hello')\n");
        let dir = path.parent().unwrap().display().to_string();
        let mut app = open(None, 100, 30);
        act(&mut app, &[Action::Open]);
        update(
            &mut app,
            Action::Input(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
        );
        type_prompt(&mut app, &format!("{dir}/on"));
        act(&mut app, &[Action::Complete]);
        match &app.mode {
            Mode::Prompt(p) => assert_eq!(p.input, format!("{dir}/only_lesson.py")),
            m => panic!("{m:?}"),
        }
        act(&mut app, &[Action::Accept, Action::Continue]);
        assert_eq!(app.doc.path.as_deref(), Some(path.as_path()));
        assert!(screen(&app).contains("hello"));
    });
}

fn type_prompt(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, key(c));
    }
}

#[test]
fn enter_selects_an_object_in_every_pane() {
    big_stack(|| {
        let mut app = open(Some(SEED), 160, 48);
        let line = line_of(&app, "# A pure circular reference") + 1;
        act(
            &mut app,
            &[Action::ToggleBreakpointAt(line), Action::Continue],
        );
        act(
            &mut app,
            &[Action::Focus(PaneId::Cycles), Action::Down, Action::Down],
        );
        act(&mut app, &[Action::Select]);
        let sel = app.selected.expect("a cycle member selected");
        let vm = &app.run.as_ref().unwrap().model().unwrap().vm;
        assert_eq!(vm.type_name(sel.0), "A");
        // the refcount table follows, with its holders
        let row = app.heap.visible(app.refcounts.cursor, false).unwrap();
        assert_eq!(row.key(), sel);
        let d = app.details.clone().expect("holders");
        assert_eq!(d.holders.iter().map(|h| h.count).sum::<i64>(), d.refcnt);
        assert!(
            d.holders
                .iter()
                .any(|h| h.text.contains("attribute a of B")),
            "{:?}",
            d.holders
        );
    });
}

#[test]
fn no_size_or_mode_panics() {
    big_stack(|| {
        let mut app = open(Some(SEED), 80, 24);
        act(
            &mut app,
            &[Action::StepOver, Action::StepOver, Action::Collect],
        );
        let modes = [
            vec![],
            vec![Action::Help],
            vec![Action::Cancel, Action::Open],
            vec![Action::Cancel, Action::Edit],
        ];
        for setup in modes {
            act(&mut app, &setup);
            for (w, h) in [
                (0, 0),
                (1, 1),
                (3, 2),
                (10, 5),
                (40, 12),
                (59, 9),
                (80, 24),
                (133, 41),
                (240, 70),
            ] {
                update(
                    &mut app,
                    Action::Resize {
                        width: w,
                        height: h,
                    },
                );
                for p in PaneId::ALL {
                    update(
                        &mut app,
                        Action::Click {
                            column: w / 2,
                            row: h / 2,
                        },
                    );
                    let _ = p;
                }
                let _ = screen(&app);
            }
        }
        // a resize storm in the middle of a run
        act(&mut app, &[Action::Cancel, Action::LeaveEditor]);
        for i in 0..200u16 {
            update(
                &mut app,
                Action::Resize {
                    width: 20 + i % 150,
                    height: 5 + i % 50,
                },
            );
            update(
                &mut app,
                Action::Scroll {
                    column: i % 80,
                    row: i % 24,
                    lines: 3,
                },
            );
        }
        let _ = screen(&app);
    });
}

#[test]
fn help_lists_every_key_in_the_key_map() {
    big_stack(|| {
        let mut app = open(None, 160, 100);
        act(&mut app, &[Action::Help]);
        let s = screen(&app);
        for b in KEYMAP {
            assert!(s.contains(b.help), "help misses {:?}", b.help);
            assert!(
                s.contains(&b.keys[0].label()),
                "help misses {}",
                b.keys[0].label()
            );
        }
        act(&mut app, &[Action::Help]);
        assert_eq!(app.mode, Mode::Normal);
    });
}

#[test]
fn no_color_theme_uses_no_colour() {
    use ratatui::style::Color;
    let t = refscope::tui::theme::Theme::monochrome();
    let dbg = format!("{t:?}");
    assert!(!t.color);
    for c in [
        "Red", "Green", "Blue", "Yellow", "Cyan", "Magenta", "Gray", "White", "Black",
    ] {
        assert!(!dbg.contains(c), "monochrome theme uses {c}");
    }
    let _ = Color::Reset;
}

#[test]
fn every_bundled_example_loads_and_runs_to_the_end() {
    big_stack(|| {
        let mut names: Vec<_> = std::fs::read_dir("assets/examples")
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        assert!(names.len() >= 5, "{names:?}");
        for path in names {
            let mut app = open(Some(path.to_str().unwrap()), 120, 36);
            assert!(app.doc.path.is_some(), "{} did not load", path.display());
            assert!(app.live_errors.is_empty(), "{}", path.display());
            act(&mut app, &[Action::Continue]);
            let r = app.run.as_ref().unwrap();
            assert!(r.is_finished(), "{}", path.display());
            assert!(
                r.model().unwrap().errors.is_empty(),
                "{}: {:?}",
                path.display(),
                r.model().unwrap().errors
            );
            // every step of it draws
            act(&mut app, &[Action::Restart]);
            for _ in 0..200 {
                act(&mut app, &[Action::StepInto]);
                let _ = screen(&app);
                if app.run.as_ref().unwrap().is_finished() {
                    break;
                }
            }
        }
    });
}

#[test]
fn restart_and_stepping_back_to_the_start() {
    big_stack(|| {
        let mut app = open(Some(SEED), 100, 30);
        act(&mut app, &[Action::StepOver, Action::StepOver]);
        act(&mut app, &[Action::Restart]);
        assert!(app.run.is_none());
        assert!(screen(&app).contains("not started"));
        act(&mut app, &[Action::StepOver, Action::StepBack]);
        assert_eq!(app.step(), 0);
        act(&mut app, &[Action::StepBack]);
        assert!(app
            .message
            .clone()
            .unwrap()
            .text
            .contains("already at the start"));
    });
}
