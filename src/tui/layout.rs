//! Where each pane goes for a terminal size. One pure function, so `update` (paging, mouse
//! hits) and `draw` always agree. Wide terminals (from 150x30) show every pane, the object
//! graph the largest of them; narrower ones stack some heap panes into tabs (the graph in
//! front); anything down to 1x1 gets a layout without overlap.

use ratatui::layout::{Constraint, Layout, Rect};

use super::action::PaneId;

/// A rectangle of the screen showing one pane, or one of several as tabs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub area: Rect,
    pub panes: Vec<PaneId>,
}

/// The whole screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Screen {
    pub slots: Vec<Slot>,
    /// The status line (file, step, gc).
    pub status: Rect,
    /// The key hints line (empty on very short terminals).
    pub hints: Rect,
}

fn slot(area: Rect, panes: &[PaneId]) -> Slot {
    Slot {
        area,
        panes: panes.to_vec(),
    }
}

/// The layout for a terminal of this size.
pub fn compute(area: Rect) -> Screen {
    use PaneId::*;
    let hints_h = u16::from(area.height >= 12);
    let [body, hints, status] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(hints_h),
        Constraint::Length(1.min(area.height)),
    ])
    .areas(area);
    let (w, h) = (body.width, body.height);
    // the object graph is the picture a learner reads first: it gets the larger share
    let slots = if w >= 150 && h >= 28 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(34), Constraint::Percentage(66)])
                .areas(body);
        let [editor, output, interned] = Layout::vertical([
            Constraint::Percentage(58),
            Constraint::Percentage(20),
            Constraint::Percentage(22),
        ])
        .areas(left);
        let [graph, bottom] =
            Layout::vertical([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(right);
        let [refs, cycles] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .areas(bottom);
        vec![
            slot(editor, &[Editor]),
            slot(graph, &[Graph]),
            slot(refs, &[Refcounts]),
            slot(cycles, &[Cycles]),
            slot(interned, &[Interned]),
            slot(output, &[Output]),
        ]
    } else if w >= 110 && h >= 24 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
                .areas(body);
        let [editor, output] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(left);
        let [graph, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
        let [refs, rest] =
            Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
                .areas(bottom);
        vec![
            slot(editor, &[Editor]),
            slot(graph, &[Graph]),
            slot(refs, &[Refcounts]),
            slot(rest, &[Cycles, Interned]),
            slot(output, &[Output]),
        ]
    } else if w >= 60 && h >= 10 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(body);
        let [editor, output] =
            Layout::vertical([Constraint::Percentage(62), Constraint::Percentage(38)]).areas(left);
        vec![
            slot(editor, &[Editor]),
            slot(right, &[Graph, Refcounts, Interned, Cycles]),
            slot(output, &[Output]),
        ]
    } else {
        vec![slot(body, &PaneId::ALL)]
    };
    Screen {
        slots,
        status,
        hints,
    }
}

impl Screen {
    /// The pane a slot shows: the focused one if it is there, else the one focused most
    /// recently (`recency` lists panes, most recent first).
    pub fn shown(slot: &Slot, recency: &[PaneId]) -> PaneId {
        recency
            .iter()
            .copied()
            .find(|p| slot.panes.contains(p))
            .or_else(|| slot.panes.first().copied())
            .unwrap_or(PaneId::Editor)
    }

    /// Where a pane is drawn (its whole slot, border included), if it is on screen.
    pub fn area_of(&self, pane: PaneId, recency: &[PaneId]) -> Option<Rect> {
        self.slots
            .iter()
            .find(|s| Screen::shown(s, recency) == pane)
            .map(|s| s.area)
    }

    /// The slot under a screen position.
    pub fn slot_at(&self, column: u16, row: u16) -> Option<&Slot> {
        self.slots.iter().find(|s| {
            let a = s.area;
            column >= a.x && column < a.x + a.width && row >= a.y && row < a.y + a.height
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: Rect, b: Rect) -> bool {
        a.intersects(b) && a.area() > 0 && b.area() > 0
    }

    #[test]
    fn no_overlap_and_every_pane_reachable_at_any_size() {
        for (w, h) in [
            (0, 0),
            (1, 1),
            (20, 5),
            (59, 30),
            (80, 24),
            (120, 40),
            (200, 60),
        ] {
            let s = compute(Rect::new(0, 0, w, h));
            let mut rects: Vec<Rect> = s.slots.iter().map(|s| s.area).collect();
            rects.push(s.status);
            rects.push(s.hints);
            for (i, a) in rects.iter().enumerate() {
                for b in &rects[i + 1..] {
                    assert!(!overlaps(*a, *b), "{w}x{h}: {a:?} overlaps {b:?}");
                }
                assert!(
                    a.right() <= w && a.bottom() <= h,
                    "{w}x{h}: {a:?} off screen"
                );
            }
            for p in PaneId::ALL {
                assert!(
                    s.slots.iter().any(|sl| sl.panes.contains(&p)),
                    "{w}x{h}: {p:?} unreachable"
                );
            }
        }
    }

    #[test]
    fn a_tab_group_shows_the_focused_pane() {
        let s = compute(Rect::new(0, 0, 80, 24));
        let right = &s.slots[1];
        assert_eq!(
            Screen::shown(right, &[PaneId::Cycles, PaneId::Refcounts]),
            PaneId::Cycles
        );
        assert_eq!(Screen::shown(right, &[PaneId::Editor]), PaneId::Graph);
    }
}
