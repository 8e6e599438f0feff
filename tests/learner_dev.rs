mod tui_common;
use refscope::tui::action::{Action, PaneId};
use tui_common::*;

#[test]
#[ignore]
fn dev_show() {
    big_stack(|| {
        let file = std::env::var("SNIP").unwrap();
        let w: u16 = std::env::var("W")
            .map(|v| v.parse().unwrap())
            .unwrap_or(160);
        let h: u16 = std::env::var("H").map(|v| v.parse().unwrap()).unwrap_or(48);
        let n: usize = std::env::var("N").map(|v| v.parse().unwrap()).unwrap_or(5);
        let keys = std::env::var("KEYS").unwrap_or_default();
        let mut app = open(Some(&file), w, h);
        for c in keys.chars() {
            let a = match c {
                'n' => Action::StepOver,
                's' => Action::StepInto,
                'G' => Action::Focus(PaneId::Graph),
                'R' => Action::Focus(PaneId::Refcounts),
                'C' => Action::Focus(PaneId::Cycles),
                'g' => Action::Collect,
                'c' => Action::Continue,
                _ => continue,
            };
            act(&mut app, &[a]);
        }
        let _ = n;
        println!("{}", screen(&app));
    });
}
