//! Named states of the app, driven through actions and drawn on a fake terminal. Each
//! snapshot is the whole screen as text (`cargo insta review` after an intended change).

mod tui_common;

use refscope::tui::action::{Action, PaneId};
use tui_common::*;

/// The seed notebook stopped at its cycle cell: `my_var = None` has run, so the A/B pair
/// is an unreachable cycle that only the collector can free. Then `g` frees it.
#[test]
fn seed_notebook_cycle_cell_before_and_after_collect() {
    big_stack(|| {
        let mut app = open(Some(SEED), 160, 48);
        let line = line_of(&app, "# A pure circular reference") + 1;
        act(
            &mut app,
            &[
                Action::ToggleBreakpointAt(line),
                Action::Continue,
                Action::Focus(PaneId::Cycles),
            ],
        );
        let s = screen(&app);
        assert!(s.contains("unreachable, not yet freed"), "{s}");
        insta::assert_snapshot!("seed_cycle_cell_before_g", render(&app));
        act(&mut app, &[Action::Collect]);
        let s = screen(&app);
        assert!(s.contains("gc.collect() returned"), "{s}");
        assert!(s.contains("✓ freed"), "{s}");
        insta::assert_snapshot!("seed_cycle_cell_after_g", render(&app));
    });
}

/// The smallest supported terminal, mid-lesson.
#[test]
fn layout_80x24() {
    big_stack(|| {
        let mut app = open(Some(SEED), 80, 24);
        repeat(&mut app, Action::StepOver, 8);
        insta::assert_snapshot!("layout_80x24", render(&app));
        act(&mut app, &[Action::FocusNext, Action::FocusNext]);
        insta::assert_snapshot!("layout_80x24_interned_tab", render(&app));
    });
}

/// An uncaught exception: the line is marked with the message, the traceback is printed.
/// The snippet is typed into the scratch editor (pasted), so that no file path, which
/// differs between machines, is on the screen.
#[test]
fn error_state() {
    big_stack(|| {
        let mut app = open(None, 120, 30);
        act(
            &mut app,
            &[
                Action::Edit,
                Action::Paste(
                    "items = [1, 2, 3]\ntotal = sum(items)\nprint(totl)\nprint('never')\n".into(),
                ),
                Action::LeaveEditor,
                Action::Continue,
            ],
        );
        let s = screen(&app);
        assert!(s.contains("✗"), "{s}");
        assert!(s.contains("NameError: name 'totl' is not defined"), "{s}");
        let stdout = &app.run.as_ref().expect("a run").model().unwrap().vm.stdout;
        assert!(!stdout.contains("never"), "{stdout}");
        insta::assert_snapshot!("error_state", render(&app));
    });
}
