//! The whole picture, Python Tutor's way: frames of names on the left, objects to the right in
//! columns by distance from the names, an arrow from every name and every slot.
//!
//! How arrows avoid boxes: every box sits in a column, and lines only run where no box is.
//!
//! ```text
//!  ┌Globals─┐   ┌list──────rc 2┐    ┌int───rc 9┐
//!  │a       ●──▶│[1, 2]        │ ┌─▶│1         │
//!  │b       ●─┘ │[0]           ●─┘  └0x…1d0────┘
//!  └────────┘   │[1]           ●─┐  ┌int───rc 8┐
//!               └0x7f3a5c004b40┘ └─▶│2         │ ...
//! ```
//!
//! - An arrow to the next column goes right along its slot's row into the gap, turns into the
//!   target's own vertical channel there, and enters the target on its first content row.
//!   Every arrow into one target shares that channel, so `a = 10; b = 10` shows two lines
//!   merging into one box.
//! - Any other arrow (to the same column, to the left: cycles and self-references, or further
//!   right) leaves through an exit channel in the gap right of its column, runs along a lane
//!   and joins the target's channel. A lane is the free row nearest the arrow's two ends: one
//!   no box of the columns it passes covers and no other line runs along (crossing one is
//!   fine), so a cycle's back arrow runs just above or below its boxes, or between two boxes,
//!   not under the whole picture. Only when no row is free does it get a row of its own
//!   under the boxes.
//! - A target is placed level with its first source when it can be (a straight arrow), and never
//!   with its entry row on a row where the previous column sends an arrow elsewhere, so two
//!   arrows never share a stretch of line.

use std::collections::{BTreeMap, BTreeSet};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::model::{Arrow, Kind, Node, Picture, Points};
use super::style::GraphStyle;

pub(crate) const UP: u8 = 1;
pub(crate) const DOWN: u8 = 2;
pub(crate) const LEFT: u8 = 4;
pub(crate) const RIGHT: u8 = 8;

/// Widest box (long reprs are cut).
const MAX_BOX: u16 = 30;
/// Narrowest box: an address fits the bottom border.
const MIN_BOX: u16 = 16;
/// The narrowest a frame of names gets before boxes are narrowed too (a wide pane gives a
/// frame all its content needs; long values are cut, marked `…`, only to fit the pane).
const MAX_FRAME: u16 = 34;
/// The narrowest a box gets to make a picture fit its pane.
const NARROWEST_BOX: u16 = 12;

/// The box-drawing character joining the directions of `mask`.
pub(crate) fn glyph(mask: u8) -> char {
    match mask {
        m if m == LEFT | RIGHT => '─',
        m if m == UP | DOWN => '│',
        m if m == DOWN | RIGHT => '┌',
        m if m == DOWN | LEFT => '┐',
        m if m == UP | RIGHT => '└',
        m if m == UP | LEFT => '┘',
        m if m == UP | DOWN | RIGHT => '├',
        m if m == UP | DOWN | LEFT => '┤',
        m if m == LEFT | RIGHT | DOWN => '┬',
        m if m == LEFT | RIGHT | UP => '┴',
        m if m == UP | DOWN | LEFT | RIGHT => '┼',
        m if m & (LEFT | RIGHT) != 0 => '─',
        0 => ' ',
        _ => '│',
    }
}

/// A laid-out picture: the canvas and where each box is on it.
#[derive(Clone, Debug)]
pub struct Layout {
    pub canvas: Buffer,
    /// Each node's box on the canvas (index as in [`Picture::nodes`]).
    pub boxes: Vec<Rect>,
    pub frames: Vec<Rect>,
    /// Where a pane shows the picture from when nothing else asks: the top left corner,
    /// or, when the boxes a lesson is about ([`layout_fitting`]) lie below the pane, as
    /// little further down as shows them.
    pub view: (u16, u16),
    /// The widest a box was let be ([`MAX_BOX`] unless narrowed to fit a width).
    pub box_max: u16,
    /// Line cells that fell inside a box or a frame (the routing keeps this at 0; tests
    /// check it).
    pub crossings: usize,
}

impl Layout {
    pub fn width(&self) -> u16 {
        self.canvas.area.width
    }
    pub fn height(&self) -> u16 {
        self.canvas.area.height
    }
}

fn text_width(s: &str) -> u16 {
    s.chars().count().min(u16::MAX as usize) as u16
}

fn title_of(n: &Node) -> (String, String) {
    let mut left = marked_type(n);
    if n.new {
        left.push_str(" +new");
    }
    (left, format!("rc {}", n.refcnt))
}

/// A box's type and the marks a narrow box keeps whole: `Node ↻1 ✗`.
fn marked_type(n: &Node) -> String {
    let mut left = if n.type_name == "type" {
        "class".to_string()
    } else {
        n.type_name.clone()
    };
    if let Some(k) = n.cycle {
        left.push_str(&format!(" ↻{k}"));
    }
    if n.unreachable {
        left.push_str(" ✗");
    }
    left
}

fn bottom_of(n: &Node) -> String {
    match n.cached {
        Some(c) => format!("0x{:x} {c}", n.addr),
        None => format!("0x{:x}", n.addr),
    }
}

/// The narrowest the frames get: every name whole, and room for a few characters of value.
fn frame_floor(pic: &Picture) -> u16 {
    pic.frames
        .iter()
        .flat_map(|f| {
            let column = label_column(&f.vars);
            f.vars.iter().map(move |v| match v.to {
                Points::Value(_) => column + 5,
                Points::Box(_) => text_width(&v.label) + u16::from(v.changed) + 3,
            })
        })
        .max()
        .unwrap_or(0)
}

/// The width of the label column of a box or frame: values start after it.
fn label_column(arrows: &[Arrow]) -> u16 {
    arrows
        .iter()
        .filter(|a| matches!(a.to, Points::Value(_)))
        .map(|a| text_width(&a.label) + u16::from(a.changed))
        .max()
        .unwrap_or(0)
}

/// Columns a slot or name needs: its label, then its value or the arrow's dot.
fn arrow_width(a: &Arrow, column: u16) -> u16 {
    match &a.to {
        Points::Value(v) => column + 1 + text_width(v),
        Points::Box(_) => text_width(&a.label) + u16::from(a.changed) + 1,
    }
}

fn box_width(n: &Node, max: u16) -> u16 {
    let (l, r) = title_of(n);
    let mut w = text_width(&l) + text_width(&r) + 3;
    w = w.max(text_width(&n.repr) + 2);
    w = w.max(text_width(&bottom_of(n)) + 2);
    let column = label_column(&n.slots);
    for s in &n.slots {
        w = w.max(arrow_width(s, column) + 2);
    }
    // however narrow, a box keeps its cycle and unreachable marks and its count whole
    let marks = text_width(&marked_type(n)) + text_width(&r) + 3;
    let floor = if n.cycle.is_some() || n.unreachable {
        marks.min(MIN_BOX)
    } else {
        0
    };
    w.clamp(MIN_BOX.min(max).max(floor), max.max(floor))
}

/// Whether a box has its value row (a repr; or, for a box with nothing else, an empty row
/// arrows can enter).
fn value_rows(n: &Node) -> u16 {
    u16::from(!n.repr.is_empty() || (n.slots.is_empty() && n.more_slots == 0))
}

fn box_height(n: &Node) -> u16 {
    2 + value_rows(n) + n.slots.len() as u16 + u16::from(n.more_slots > 0)
}

/// A target's channel: first row, last row, and the ranked style of its arrows.
type Span = (u16, u16, (u8, Style));

/// Where an arrow leaves from.
#[derive(Clone, Copy)]
struct Emit {
    col: usize,
    x: u16,
    y: u16,
    target: usize,
    changed: bool,
    cycle: Option<usize>,
}

/// Line cells: a direction mask and a style rank per cell.
struct Lines {
    w: usize,
    mask: Vec<u8>,
    style: Vec<(u8, Style)>,
}

impl Lines {
    fn set(&mut self, x: u16, y: u16, bits: u8, style: (u8, Style)) {
        let i = y as usize * self.w + x as usize;
        if i < self.mask.len() {
            self.mask[i] |= bits;
            if style.0 >= self.style[i].0 {
                self.style[i] = style;
            }
        }
    }
    fn h(&mut self, y: u16, x1: u16, x2: u16, style: (u8, Style)) {
        let (a, b) = (x1.min(x2), x1.max(x2));
        for x in a..=b {
            let mut bits = 0;
            if x > a {
                bits |= LEFT;
            }
            if x < b {
                bits |= RIGHT;
            }
            self.set(x, y, bits, style);
        }
    }
    fn v(&mut self, x: u16, y1: u16, y2: u16, style: (u8, Style)) {
        let (a, b) = (y1.min(y2), y1.max(y2));
        for y in a..=b {
            let mut bits = 0;
            if y > a {
                bits |= UP;
            }
            if y < b {
                bits |= DOWN;
            }
            self.set(x, y, bits, style);
        }
    }
}

/// Lay a picture out on a canvas, boxes up to their natural width.
pub fn layout(pic: &Picture, st: &GraphStyle) -> Layout {
    layout_with(pic, st, MAX_BOX, MAX_FRAME, false, &Arrange::default())
}

/// Lay a picture out to fit `width` columns if it can: frames are as wide as their names
/// and values, and boxes up to [`MAX_BOX`]; when that is too wide, frames are narrowed first
/// (down to [`MAX_FRAME`]), then boxes and frames together, long values cut with `…`, until
/// the picture fits or is as narrow as it goes.
///
/// Objects nothing reaches (a cycle waiting for the collector) go beside the reachable
/// picture, to its right, when that fits the width: a cycle lesson's cycle is then in view
/// without scrolling, however many names the snippet has. Otherwise they go below a rule.
pub fn layout_within(pic: &Picture, st: &GraphStyle, width: u16) -> Layout {
    fit_width(pic, st, width, &Arrange::default())
}

/// How boxes are arranged beyond their distance from the names.
#[derive(Clone, Debug, Default)]
struct Arrange {
    /// A column goes on in the next one past this many rows ([`flow_columns`]).
    flow: Option<u16>,
    /// Boxes placed first in their column, from its top (empty: none), to keep them above
    /// `fold`: level with their source only when that keeps them above it.
    first: Vec<bool>,
    fold: u16,
    /// Columns deeper than this are stacked under it (a picture too wide for its pane).
    max_col: Option<usize>,
}

impl Arrange {
    fn is_first(&self, i: usize) -> bool {
        self.first.get(i).copied().unwrap_or(false)
    }

    /// The order boxes are placed in a column: the ones kept in view first, then the
    /// picture's order.
    fn order(&self, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| !self.is_first(i));
        order
    }
}

/// The boxes a lesson is about, to keep in view when not everything fits: the members of
/// every reference cycle, and what the current call's names refer to (when a call is
/// active: the innermost frame that has not returned, below the globals).
fn kept_in_view(pic: &Picture) -> Vec<bool> {
    let mut keep: Vec<bool> = pic.nodes.iter().map(|n| n.cycle.is_some()).collect();
    let calls: Vec<&super::model::Frame> = pic.frames.iter().filter(|f| !f.returned).collect();
    if calls.len() > 1 {
        if let Some(f) = calls.last() {
            for t in f.vars.iter().filter_map(Arrow::target) {
                keep[t] = true;
            }
        }
    }
    keep
}

/// How many of the `keep` boxes lie wholly within `width` columns and the `height` rows
/// from `top`.
fn in_view(l: &Layout, keep: &[bool], width: u16, top: u16, height: u16) -> usize {
    l.boxes
        .iter()
        .zip(keep)
        .filter(|(b, k)| {
            **k && b.x + b.width <= width && b.y >= top && b.y + b.height <= top + height
        })
        .count()
}

/// Lay a picture out to fit a `width` x `height` pane: as [`layout_within`], and when that
/// is taller than the pane while the pane has columns to spare, the boxes of a column go on
/// in further columns ([`flow_columns`]) instead of below the fold. Of the ways to flow
/// them, the one that fits the pane with the least flowing (then with the widest boxes)
/// wins; when none fits, the shortest that fits the width.
///
/// When the picture still does not fit, what a lesson is about stays in view: the members
/// of a cycle and the current call's objects ([`kept_in_view`]) are placed first in their
/// columns, from the top, if that shows more of them without scrolling.
pub fn layout_fitting(pic: &Picture, st: &GraphStyle, width: u16, height: u16) -> Layout {
    let keep = kept_in_view(pic);
    let mut l = arranged(pic, st, width, height, &keep);
    l.view = view_of(&l, &keep, height);
    l
}

/// The offset that shows every `keep` box's rows in a `height`-row window, as near the top
/// as it can be (the top itself when they are in view there or cannot all be in view at
/// once).
fn view_of(l: &Layout, keep: &[bool], height: u16) -> (u16, u16) {
    let kept = l
        .boxes
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(b, _)| b);
    let (Some(top), Some(bottom)) = (
        kept.clone().map(|b| b.y).min(),
        kept.map(|b| b.y + b.height).max(),
    ) else {
        return (0, 0);
    };
    // never sideways: the names on the left are what the arrows start from (a box cut at
    // the right edge says so with '›'); one row more than needed: '↓ more below' takes one
    let y = if bottom <= height || bottom - top > height {
        0
    } else {
        (bottom - height + 1).min(top)
    };
    (0, y)
}

/// [`layout_fitting`]'s picture.
fn arranged(pic: &Picture, st: &GraphStyle, width: u16, height: u16, keep: &[bool]) -> Layout {
    let base = fit_width(pic, st, width, &Arrange::default());
    if height < 3 || (base.height() <= height && base.width() <= width) {
        return base;
    }
    let kept = keep.iter().filter(|k| **k).count();
    // lower is better: kept boxes out of view, rows of names out of view, wider than the
    // pane, rows below the fold, boxes narrowed, how far from the plain picture the
    // arrangement goes, height
    let score = |l: &Layout, rank: u8| {
        let view = view_of(l, keep, height);
        let names_hidden: u16 = l
            .frames
            .iter()
            .map(|r| {
                (r.y..r.y + r.height)
                    .filter(|&y| y < view.1 || y >= view.1 + height)
                    .count() as u16
            })
            .sum();
        (
            kept - in_view(l, keep, width, view.1, height),
            names_hidden,
            l.width() > width,
            l.height().saturating_sub(height),
            MAX_BOX - l.box_max,
            rank,
            l.height(),
        )
    };
    let mut best = (score(&base, 0), Arrange::default(), base);
    // columns of at most `t` rows, from the picture's height down: each way of flowing
    // the boxes once (a `t` that moves no box gives the same picture)
    let tallest = best.2.height();
    let floor = (height / 2).max(4);
    let unreachable = pic.nodes.iter().any(|n| n.unreachable);
    let placing = |arrange: &Arrange| {
        [false, true].map(|beside| {
            let beside = beside && unreachable;
            let (logical, reach) = logical_columns(pic, beside, None);
            flow_columns(pic, &logical, arrange, beside.then_some(reach + 1)).0
        })
    };
    let mut last = placing(&Arrange::default());
    if best.2.width() <= width {
        for t in (floor..tallest).rev() {
            let arrange = Arrange {
                flow: Some(t),
                ..Arrange::default()
            };
            let now = placing(&arrange);
            if now == last {
                continue;
            }
            last = now;
            let l = fit_width(pic, st, width, &arrange);
            if l.width() > width {
                // more columns only get wider
                break;
            }
            let sc = score(&l, 1);
            // the first that fits is the least flowed: more flowing only narrows boxes
            let done = sc.3 == 0 && sc.4 == 0;
            if sc < best.0 {
                best = (sc, arrange, l);
            }
            if done {
                break;
            }
        }
    }
    if best.0 .0 == 0 && best.0 .3 == 0 {
        return best.2;
    }
    // still too big: the boxes the lesson is about first in their columns; and, when the
    // picture is too wide, the deeper columns stacked into fewer, so that they are in view
    let columns = pic.nodes.iter().map(|n| n.depth).max().unwrap_or(1);
    let mut tries = vec![Arrange {
        first: keep.to_vec(),
        fold: height,
        ..best.1.clone()
    }];
    if best.2.width() > width {
        tries.extend((1..columns).rev().map(|k| Arrange {
            first: keep.to_vec(),
            fold: height,
            max_col: Some(k),
            ..Arrange::default()
        }));
    }
    for (rank, arrange) in tries.into_iter().enumerate() {
        let l = fit_width(pic, st, width, &arrange);
        let sc = score(&l, 2 + rank.min(200) as u8);
        if sc < best.0 {
            best = (sc, arrange, l);
        }
    }
    best.2
}

/// [`layout_within`], arranged.
fn fit_width(pic: &Picture, st: &GraphStyle, width: u16, arrange: &Arrange) -> Layout {
    if arrange.max_col.is_none() && pic.nodes.iter().any(|n| n.unreachable) {
        let mut max = MAX_BOX;
        loop {
            let floor = max.clamp(NARROWEST_BOX, MAX_FRAME);
            let l = frames_fitted(pic, st, max, floor, true, width, arrange);
            if l.width() <= width {
                return l;
            }
            if max <= 20 {
                break;
            }
            max -= 2;
        }
    }
    let mut best = frames_fitted(pic, st, MAX_BOX, MAX_FRAME, false, width, arrange);
    let mut max = MAX_BOX;
    while best.width() > width && max > NARROWEST_BOX {
        max -= 2;
        let floor = max.clamp(NARROWEST_BOX, MAX_FRAME);
        best = frames_fitted(pic, st, max, floor, false, width, arrange);
    }
    best
}

/// Lay out with boxes at most `max_box` wide and frames as wide as their content, narrowed
/// by as much as the picture is wider than `width`, but not below `min_frame`: the frame
/// column adds its width to the picture's and nothing else, so one narrowing fits it.
fn frames_fitted(
    pic: &Picture,
    st: &GraphStyle,
    max_box: u16,
    min_frame: u16,
    beside: bool,
    width: u16,
    arrange: &Arrange,
) -> Layout {
    let l = layout_with(pic, st, max_box, u16::MAX, beside, arrange);
    let excess = l.width().saturating_sub(width);
    let natural = l.frames.iter().map(|r| r.width).max().unwrap_or(0);
    if excess == 0 || natural <= min_frame {
        return l;
    }
    let cap = natural.saturating_sub(excess).max(min_frame);
    layout_with(pic, st, max_box, cap, beside, arrange)
}

/// Each node's logical column: its distance from the names, or, `beside`, past the deepest
/// reachable object's for an unreachable one, but not past `max_col` (the deeper ones are
/// stacked under that column's); and the deepest reachable depth.
fn logical_columns(pic: &Picture, beside: bool, max_col: Option<usize>) -> (Vec<usize>, usize) {
    let reach_depth = pic
        .nodes
        .iter()
        .filter(|n| !n.unreachable)
        .map(|n| n.depth)
        .max()
        .unwrap_or(0);
    let logical = pic
        .nodes
        .iter()
        .map(|node| {
            let c = if beside && node.unreachable {
                reach_depth + node.depth
            } else {
                node.depth
            };
            max_col.map_or(c, |k| c.min(k.max(1)))
        })
        .collect();
    (logical, reach_depth)
}

/// Each node's column on the canvas, and where each logical column (distance from the names,
/// or past the reachable ones for the unreachable objects beside them) starts. Without
/// `flow` a logical column is one canvas column. With it, a logical column whose boxes
/// stack taller than `flow` rows goes on in the next canvas column, in the picture's order
/// (the order the names reach the objects), as text flows into a newspaper's next column:
///
/// ```text
///  ┌Globals┐   ┌function┐    ┌list┐        logical column 1 in two canvas columns:
///  │f   ●──┼──▶│def f() │  ┌▶│[1] │        `l`'s arrow runs between the boxes of the
///  │l   ●──┼┐  └────────┘  │ └────┘        first to the second
///  └───────┘└──────────────┘
/// ```
///
/// The reachable and the unreachable objects of a column (when the unreachable ones are in
/// a block below) are counted apart: each block starts at the column's top piece.
fn flow_columns(
    pic: &Picture,
    logical: &[usize],
    arrange: &Arrange,
    first_beside: Option<usize>,
) -> (Vec<usize>, Vec<usize>) {
    let order = arrange.order(pic.nodes.len());
    let max = logical.iter().copied().max().unwrap_or(0);
    let mut piece = vec![0usize; logical.len()];
    let mut pieces = vec![1usize; max + 2];
    if let Some(t) = arrange.flow {
        for (c, count) in pieces.iter_mut().enumerate().take(max + 1).skip(1) {
            // beside: the caption's rows over the unreachable columns
            let top = if first_beside.is_some_and(|b| c >= b) {
                2
            } else {
                0
            };
            for block in [false, true] {
                let (mut used, mut k) = (top, 0usize);
                for &i in &order {
                    let node = &pic.nodes[i];
                    if logical[i] != c || node.unreachable != block {
                        continue;
                    }
                    let h = box_height(node) + 1;
                    if used > top && used + h > t {
                        k += 1;
                        used = top;
                    }
                    piece[i] = k;
                    used += h;
                    *count = (*count).max(k + 1);
                }
            }
        }
    }
    let mut starts = vec![0usize; max + 2];
    for c in 1..max + 2 {
        starts[c] = starts[c - 1] + pieces[c - 1];
    }
    let phys = (0..logical.len())
        .map(|i| starts[logical[i]] + piece[i])
        .collect();
    (phys, starts)
}

/// Lay out with boxes at most `max_box` wide; `beside` puts the unreachable objects in
/// columns right of the reachable ones (else in a block below); `flow` lets a column go on
/// in the next one past that many rows ([`flow_columns`]).
fn layout_with(
    pic: &Picture,
    st: &GraphStyle,
    max_box: u16,
    max_frame: u16,
    beside: bool,
    arrange: &Arrange,
) -> Layout {
    let n = pic.nodes.len();
    let beside = beside && pic.nodes.iter().any(|n| n.unreachable);
    let (logical, reach_depth) = logical_columns(pic, beside, arrange.max_col);
    let order = arrange.order(n);
    let (phys, starts) = flow_columns(pic, &logical, arrange, beside.then_some(reach_depth + 1));
    let cols = phys.iter().copied().max().unwrap_or(0) + 1;
    // the first column of the unreachable objects, when they are beside
    let first_beside = beside.then(|| starts[reach_depth + 1]);
    // column widths
    let frame_w = pic
        .frames
        .iter()
        .flat_map(|f| {
            let column = label_column(&f.vars);
            f.vars
                .iter()
                .map(move |v| arrow_width(v, column) + 2)
                .chain(std::iter::once(text_width(&f.title) + 2))
        })
        .max()
        .unwrap_or(9)
        .clamp(9, max_frame.max(9).max(frame_floor(pic)));
    let mut col_w = vec![frame_w; cols];
    let mut widths = vec![0u16; n];
    for (i, node) in pic.nodes.iter().enumerate() {
        widths[i] = box_width(node, max_box);
    }
    for (c, w) in col_w.iter_mut().enumerate().skip(1) {
        *w = pic
            .nodes
            .iter()
            .enumerate()
            .filter(|(i, _)| phys[*i] == c)
            .map(|(i, _)| widths[i])
            .max()
            .unwrap_or(MIN_BOX);
    }
    let col_of = |i: usize| phys[i];

    // which arrows go straight to the next column, which take a lane
    let mut incoming_forward: Vec<bool> = vec![false; n];
    let mut laned: BTreeSet<usize> = BTreeSet::new();
    let mut exits_per_col: Vec<usize> = vec![0; cols];
    let is_forward = |src_col: usize, t: usize| col_of(t) == src_col + 1;
    for f in &pic.frames {
        for t in f.vars.iter().filter_map(Arrow::target) {
            if is_forward(0, t) {
                incoming_forward[t] = true;
            } else {
                laned.insert(t);
                exits_per_col[0] += 1;
            }
        }
    }
    for (i, node) in pic.nodes.iter().enumerate() {
        for t in node.slots.iter().filter_map(Arrow::target) {
            if is_forward(phys[i], t) {
                incoming_forward[t] = true;
            } else {
                laned.insert(t);
                exits_per_col[phys[i]] += 1;
            }
        }
    }
    // channels: gap c (right of column c) holds column c's exits, then column c+1's targets
    let mut targets_in: Vec<Vec<usize>> = vec![Vec::new(); cols + 1];
    for (i, &c) in phys.iter().enumerate() {
        if incoming_forward[i] || laned.contains(&i) {
            targets_in[c].push(i);
        }
    }
    let gap_w: Vec<u16> = (0..cols)
        .map(|c| {
            let t = targets_in.get(c + 1).map(|v| v.len()).unwrap_or(0);
            (exits_per_col[c] + t) as u16 + 3
        })
        .collect();
    let mut col_x = vec![0u16; cols];
    for c in 1..cols {
        col_x[c] = col_x[c - 1] + col_w[c - 1] + gap_w[c - 1];
    }
    let width = col_x[cols - 1] + col_w[cols - 1] + gap_w[cols - 1];

    // frames, top to bottom
    let mut frames = Vec::new();
    let mut emits: Vec<Emit> = Vec::new();
    let mut y = 0u16;
    for f in &pic.frames {
        let h = f.vars.len() as u16 + 2;
        frames.push(Rect::new(0, y, frame_w, h));
        for (k, a) in f.vars.iter().enumerate() {
            let Some(target) = a.target() else { continue };
            emits.push(Emit {
                col: 0,
                x: frame_w - 1,
                y: y + 1 + k as u16,
                target,
                changed: a.changed,
                cycle: None,
            });
        }
        y += h + 1;
    }
    let mut col_bottom = vec![0u16; cols];
    col_bottom[0] = y;
    // beside: the caption's row over the unreachable columns
    if let Some(first) = first_beside {
        for b in col_bottom.iter_mut().skip(first) {
            *b = 2;
        }
    }

    // boxes, column by column: reachable first, then the unreachable block below a rule
    let mut boxes = vec![Rect::default(); n];
    let mut rule_y = None;
    for block in [false, true] {
        if block {
            let top = col_bottom.iter().copied().max().unwrap_or(0);
            if beside || !pic.nodes.iter().any(|n| n.unreachable) {
                break;
            }
            rule_y = Some(top);
            for b in col_bottom.iter_mut().skip(1) {
                *b = top + 2;
            }
        }
        for c in 1..cols {
            // rows where column c-1 sends arrows, and where each goes
            let sends: BTreeMap<u16, Vec<usize>> = emits.iter().filter(|e| e.col == c - 1).fold(
                BTreeMap::new(),
                |mut m: BTreeMap<u16, Vec<usize>>, e| {
                    m.entry(e.y).or_default().push(e.target);
                    m
                },
            );
            let mut cursor = col_bottom[c];
            for &i in &order {
                let node = &pic.nodes[i];
                if phys[i] != c || (!beside && node.unreachable != block) {
                    continue;
                }
                let first_source = sends
                    .iter()
                    .find(|(_, ts)| ts.contains(&i))
                    .map(|(y, _)| *y);
                let mut top = cursor;
                if let Some(sy) = first_source {
                    // a box kept in view is level with its source only while that keeps it
                    // above the fold
                    let level = sy.saturating_sub(1);
                    if !arrange.is_first(i) || level + box_height(node) <= arrange.fold {
                        top = top.max(level);
                    }
                }
                while sends
                    .get(&(top + 1))
                    .is_some_and(|ts| ts.iter().any(|&t| t != i))
                {
                    top += 1;
                }
                let h = box_height(node);
                boxes[i] = Rect::new(col_x[c], top, col_w[c], h);
                for (k, a) in node.slots.iter().enumerate() {
                    let Some(target) = a.target() else { continue };
                    emits.push(Emit {
                        col: c,
                        x: col_x[c] + col_w[c] - 1,
                        y: top + 1 + value_rows(node) + k as u16,
                        target,
                        changed: a.changed,
                        cycle: node.cycle.filter(|&k| pic.nodes[target].cycle == Some(k)),
                    });
                }
                cursor = top + h + 1;
            }
            col_bottom[c] = cursor;
        }
    }
    let boxes_bottom = col_bottom.iter().copied().max().unwrap_or(0);
    // what the last step freed, wrapped to the picture's width (nothing cut)
    let freed_lines = wrap_freed(pic, width.max(24));
    let freed_rows = if freed_lines.is_empty() {
        0
    } else {
        freed_lines.len() as u16 + 1
    };

    // channel x positions
    let mut target_x = vec![0u16; n];
    for c in 1..cols {
        let base = col_x[c - 1] + col_w[c - 1] + 1 + exits_per_col[c - 1] as u16;
        let mut ts = targets_in[c].clone();
        ts.sort_by_key(|&t| boxes[t].y);
        for (k, &t) in ts.iter().enumerate() {
            target_x[t] = base + k as u16;
        }
    }

    let width = if freed_lines.is_empty() {
        width
    } else {
        width.max(24)
    };
    // the lines, on room enough for a lane of its own under the boxes for every laned arrow
    let laned_emits = emits
        .iter()
        .filter(|e| col_of(e.target) != e.col + 1)
        .count();
    let room = (boxes_bottom + laned_emits as u16 + 1) as usize * width.max(1) as usize;
    let mut lines = Lines {
        w: width.max(1) as usize,
        mask: vec![0; room],
        style: vec![(0, st.arrow); room],
    };
    let rank = |e: &Emit| -> (u8, Style) {
        if e.changed {
            (3, st.changed)
        } else if let Some(k) = e.cycle {
            (2, st.cycle(k))
        } else {
            (1, st.arrow)
        }
    };
    // per target: the rows its channel spans, and the strongest style of its arrows
    let mut entry_span: Vec<Option<Span>> = vec![None; n];
    let mut widen = |t: usize, y: u16, s: (u8, Style)| {
        let e = entry_span[t].get_or_insert((y, y, s));
        e.0 = e.0.min(y);
        e.1 = e.1.max(y);
        if s.0 > e.2 .0 {
            e.2 = s;
        }
    };
    // first the fixed lines: arrows to the next column, every target's entry row, and each
    // laned arrow's stretch to its exit channel
    let mut exit_next: Vec<u16> = vec![0; cols];
    let mut laned_from: Vec<(&Emit, u16)> = Vec::new();
    for e in &emits {
        let s = rank(e);
        let t = e.target;
        let tx = target_x[t];
        if col_of(t) == e.col + 1 {
            lines.h(e.y, e.x + 1, tx, s);
            widen(t, e.y, s);
        } else {
            let ex = col_x[e.col] + col_w[e.col] + 1 + exit_next[e.col];
            exit_next[e.col] += 1;
            lines.h(e.y, e.x + 1, ex, s);
            laned_from.push((e, ex));
        }
        lines.set(e.x + 1, e.y, LEFT, s);
    }
    for t in 0..n {
        if incoming_forward[t] || laned.contains(&t) {
            lines.h(boxes[t].y + 1, target_x[t], boxes[t].x - 1, (0, st.arrow));
        }
    }
    // then each laned arrow's lane: the free row nearest its slot and its target's entry
    // (the upper of two as near: a picture is read, and scrolled, from the top), between
    // boxes when one is free there, else a row of its own under the boxes
    let solid: Vec<Rect> = boxes.iter().chain(frames.iter()).copied().collect();
    let mut content_bottom = boxes_bottom;
    for (e, ex) in laned_from {
        let s = rank(e);
        let t = e.target;
        let (tx, ay) = (target_x[t], boxes[t].y + 1);
        let (x1, x2) = (ex.min(tx), ex.max(tx));
        let taken = |lines: &Lines, y: u16| -> bool {
            if rule_y == Some(y) || (y == 0 && first_beside.is_some()) {
                return false;
            }
            let blocked = solid
                .iter()
                .any(|r| r.y <= y && y < r.y + r.height && r.x <= x2 && x1 < r.x + r.width);
            // no stretch shared with another line: only crossings (its own exit stretch
            // and entry row may continue it straight)
            blocked
                || (x1..=x2).any(|x| {
                    let m = lines.mask[y as usize * lines.w + x as usize];
                    let own = (x == ex && y == e.y) || (x == tx && y == ay);
                    !own && m & (LEFT | RIGHT) != 0
                })
        };
        let cost = |y: u16| e.y.abs_diff(y) + ay.abs_diff(y);
        let ly = (0..boxes_bottom + laned_emits as u16)
            .filter(|&y| !taken(&lines, y))
            .min_by_key(|&y| (cost(y), y))
            .unwrap_or(content_bottom);
        lines.v(ex, e.y, ly, s);
        lines.h(ly, ex, tx, s);
        widen(t, ly, s);
        content_bottom = content_bottom.max(ly + 1);
    }
    for (t, span) in entry_span.iter().enumerate() {
        let Some((a, b, s)) = *span else { continue };
        let ay = boxes[t].y + 1;
        lines.v(target_x[t], a.min(ay), b.max(ay), s);
        lines.h(ay, target_x[t], boxes[t].x - 1, s);
    }
    let height = content_bottom + freed_rows + 1;
    let mut canvas = Buffer::empty(Rect::new(0, 0, width.max(1), height.max(1)));
    let cells = canvas.area.area() as usize;
    lines.mask.resize(cells, 0);
    lines.style.resize(cells, (0, st.arrow));

    let mut crossings = 0;
    for r in boxes.iter().chain(frames.iter()) {
        for yy in r.y..r.y + r.height {
            for xx in r.x..r.x + r.width {
                if lines.mask[yy as usize * lines.w + xx as usize] != 0 {
                    crossings += 1;
                }
            }
        }
    }
    // lines
    for yy in 0..canvas.area.height {
        for xx in 0..canvas.area.width {
            let i = yy as usize * lines.w + xx as usize;
            if lines.mask[i] != 0 {
                canvas[(xx, yy)]
                    .set_char(glyph(lines.mask[i]))
                    .set_style(lines.style[i].1);
            }
        }
    }
    // the rule above the unreachable block, over any line crossing it (its words stay whole)
    if let Some(ry) = rule_y {
        // the longest wording that fits the picture's width
        let label = [
            " unreachable, not yet freed: only the cycle collector (g) can free these ",
            " unreachable, not yet freed: only gc (g) frees these ",
            " unreachable: only gc (g) frees these ",
            " unreachable ",
        ]
        .into_iter()
        .find(|l| text_width(l) + 2 <= canvas.area.width)
        .unwrap_or(" unreachable ");
        for x in 0..canvas.area.width {
            if lines.mask[ry as usize * lines.w + x as usize] == 0 {
                canvas[(x, ry)].set_char('╌').set_style(st.unreachable);
            }
        }
        canvas.set_stringn(
            2,
            ry,
            label,
            canvas.area.width.saturating_sub(2) as usize,
            st.unreachable,
        );
    }
    // beside: the caption over the unreachable columns
    if let Some(first) = first_beside {
        let x0 = col_x[first].saturating_sub(2);
        let w = canvas.area.width.saturating_sub(x0);
        let label = [
            " unreachable, not yet freed: only the cycle collector (g) can free these ",
            " unreachable, not yet freed: only gc (g) frees these ",
            " unreachable: only gc (g) frees these ",
            " unreachable: gc (g) frees ",
            " unreachable ",
        ]
        .into_iter()
        .find(|l| text_width(l) + 2 <= w)
        .unwrap_or(" unreachable ");
        for x in x0..canvas.area.width {
            if lines.mask[x as usize] == 0 {
                canvas[(x, 0)].set_char('╌').set_style(st.unreachable);
            }
        }
        canvas.set_stringn(
            x0 + 1,
            0,
            label,
            w.saturating_sub(1) as usize,
            st.unreachable,
        );
    }
    // arrowheads
    for (t, span) in entry_span.iter().enumerate() {
        if let Some((_, _, s)) = span {
            canvas[(boxes[t].x - 1, boxes[t].y + 1)]
                .set_char('▶')
                .set_style(s.1);
        }
    }
    // frames and boxes last: nothing draws over them
    for (f, r) in pic.frames.iter().zip(&frames) {
        draw_frame(&mut canvas, *r, f, st);
    }
    for (i, node) in pic.nodes.iter().enumerate() {
        draw_box(&mut canvas, boxes[i], node, pic, st);
    }
    for (k, line) in freed_lines.iter().enumerate() {
        let y = content_bottom + 1 + k as u16;
        canvas.set_stringn(0, y, line, canvas.area.width as usize, st.freed);
    }
    Layout {
        canvas,
        boxes,
        frames,
        view: (0, 0),
        box_max: max_box,
        crossings,
    }
}

/// "freed by the last step: list [1, 2] @0x… · …" in lines of at most `width` columns.
fn wrap_freed(pic: &Picture, width: u16) -> Vec<String> {
    if pic.freed.is_empty() {
        return Vec::new();
    }
    let width = width as usize;
    let mut lines = vec![String::from("freed by the last step:")];
    for (t, r, a) in &pic.freed {
        let what = if r.is_empty() {
            t.clone()
        } else {
            format!("{t} {r}")
        };
        let item = cut(&format!("{what} @0x{a:x}"), width.saturating_sub(2));
        let last = lines.last_mut().expect("a line");
        if last.chars().count() + 3 + item.chars().count() <= width {
            last.push_str(if last.ends_with(':') { " " } else { " · " });
            last.push_str(&item);
        } else {
            lines.push(format!("  {item}"));
        }
    }
    lines
}

struct Border {
    tl: char,
    tr: char,
    bl: char,
    br: char,
    h: char,
    v: char,
}

const SOLID: Border = Border {
    tl: '┌',
    tr: '┐',
    bl: '└',
    br: '┘',
    h: '─',
    v: '│',
};
const DASHED: Border = Border {
    tl: '┌',
    tr: '┐',
    bl: '└',
    br: '┘',
    h: '╌',
    v: '╎',
};
const DOUBLE: Border = Border {
    tl: '╔',
    tr: '╗',
    bl: '╚',
    br: '╝',
    h: '═',
    v: '║',
};

fn outline(buf: &mut Buffer, r: Rect, b: &Border, style: Style) {
    if r.width < 2 || r.height < 2 {
        return;
    }
    let (x2, y2) = (r.x + r.width - 1, r.y + r.height - 1);
    for x in r.x..=x2 {
        buf[(x, r.y)].set_char(b.h).set_style(style);
        buf[(x, y2)].set_char(b.h).set_style(style);
    }
    for y in r.y..=y2 {
        buf[(r.x, y)].set_char(b.v).set_style(style);
        buf[(x2, y)].set_char(b.v).set_style(style);
    }
    buf[(r.x, r.y)].set_char(b.tl);
    buf[(x2, r.y)].set_char(b.tr);
    buf[(r.x, y2)].set_char(b.bl);
    buf[(x2, y2)].set_char(b.br);
    for y in r.y + 1..y2 {
        for x in r.x + 1..x2 {
            buf[(x, y)].set_char(' ').set_style(Style::new());
        }
    }
}

/// One name or slot on row `y` inside `r`: the label (`*` when the last step re-pointed
/// it), then its value, or the dot its arrow leaves from on the right border.
fn draw_arrow(buf: &mut Buffer, r: Rect, y: u16, a: &Arrow, column: u16, st: &GraphStyle) {
    let s = if a.changed { st.changed } else { st.text };
    let inner = r.width.saturating_sub(2) as usize;
    let label = if a.changed {
        format!("{}*", a.label)
    } else {
        a.label.clone()
    };
    match &a.to {
        Points::Value(v) => {
            buf.set_stringn(r.x + 1, y, &label, inner, s);
            let x = r.x + 1 + column + 1;
            let room = (r.x + r.width - 1).saturating_sub(x) as usize;
            if room > 0 {
                buf.set_stringn(x, y, cut(v, room), room, st.value);
            }
        }
        Points::Box(_) => {
            buf.set_stringn(r.x + 1, y, &label, inner.saturating_sub(1), s);
            buf[(r.x + r.width - 1, y)].set_char('●').set_style(s);
        }
    }
}

/// `s` in `width` columns, `…` marking a cut.
fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn draw_frame(buf: &mut Buffer, r: Rect, f: &super::model::Frame, st: &GraphStyle) {
    outline(buf, r, &SOLID, if f.returned { st.dim } else { st.border });
    buf.set_stringn(
        r.x + 1,
        r.y,
        cut(&f.title, r.width as usize - 2),
        r.width as usize - 2,
        st.title,
    );
    let column = label_column(&f.vars);
    for (k, a) in f.vars.iter().enumerate() {
        draw_arrow(buf, r, r.y + 1 + k as u16, a, column, st);
    }
}

fn draw_box(buf: &mut Buffer, r: Rect, n: &Node, pic: &Picture, st: &GraphStyle) {
    let border_style = match n.cycle {
        Some(k) => st.cycle(k),
        None if n.unreachable => st.unreachable,
        None if n.new => st.new_object,
        None => st.border,
    };
    let kind = if n.unreachable {
        &DASHED
    } else if n.cached.is_some() {
        &DOUBLE
    } else {
        &SOLID
    };
    outline(buf, r, kind, border_style);
    let inner = r.width.saturating_sub(2) as usize;
    let (mut left, right) = title_of(n);
    let rw = text_width(&right) as usize;
    if text_width(&left) as usize > inner.saturating_sub(rw + 1) {
        // `+new` goes whole rather than cut to `+n`
        left = marked_type(n);
    }
    buf.set_stringn(
        r.x + 1,
        r.y,
        &left,
        inner.saturating_sub(rw + 1),
        if n.new { st.new_object } else { st.title },
    );
    buf.set_stringn(r.x + r.width - 1 - rw as u16, r.y, &right, rw, st.title);
    let value_style = if n.kind == Kind::Closed {
        st.dim
    } else {
        st.value
    };
    let rows = value_rows(n);
    if rows > 0 {
        buf.set_stringn(r.x + 1, r.y + 1, cut(&n.repr, inner), inner, value_style);
    }
    let _ = pic;
    let column = label_column(&n.slots);
    for (k, a) in n.slots.iter().enumerate() {
        draw_arrow(buf, r, r.y + 1 + rows + k as u16, a, column, st);
    }
    if n.more_slots > 0 {
        buf.set_stringn(
            r.x + 1,
            r.y + 1 + rows + n.slots.len() as u16,
            format!("… {} more", n.more_slots),
            inner,
            st.dim,
        );
    }
    buf.set_stringn(
        r.x + 1,
        r.y + r.height - 1,
        bottom_of(n),
        inner,
        border_style,
    );
}

/// The scroll offset that shows box `i` (keeping `current` if it already does).
pub fn scroll_to(l: &Layout, i: usize, view: Rect, current: (u16, u16)) -> (u16, u16) {
    let Some(b) = l.boxes.get(i) else {
        return current;
    };
    // keep the current scroll while the box's top-left part is in view (a box wider than
    // the pane need not push the names off the left edge)
    let fit = |pos: u16, len: u16, cur: u16, view: u16, part: u16| -> u16 {
        let part = len.min(part).min(view);
        if pos >= cur && pos + part <= cur + view {
            cur
        } else if pos < cur || len > view {
            pos.saturating_sub(2)
        } else {
            (pos + len).saturating_sub(view)
        }
    };
    (
        fit(b.x, b.width, current.0, view.width, 12),
        fit(b.y, b.height, current.1, view.height, 3),
    )
}

/// Copy the visible window of the canvas into `area`, scrolled by `offset`, with the cursor
/// box and the selected box marked.
pub fn draw(
    l: &Layout,
    buf: &mut Buffer,
    area: Rect,
    offset: (u16, u16),
    cursor: Option<usize>,
    selected: Option<usize>,
    st: &GraphStyle,
) {
    let (ox, oy) = offset;
    for y in 0..area.height {
        let cy = oy as u32 + y as u32;
        if cy >= l.height() as u32 {
            break;
        }
        for x in 0..area.width {
            let cx = ox as u32 + x as u32;
            if cx >= l.width() as u32 {
                break;
            }
            let cell = l.canvas[(cx as u16, cy as u16)].clone();
            buf[(area.x + x, area.y + y)] = cell;
        }
    }
    let mark = |buf: &mut Buffer, i: usize, style: Style| {
        let Some(b) = l.boxes.get(i) else { return };
        for x in b.x..b.x + b.width {
            let (sx, sy) = (x as i32 - ox as i32, b.y as i32 - oy as i32);
            if sx >= 0 && sy >= 0 && (sx as u16) < area.width && (sy as u16) < area.height {
                let c = &mut buf[(area.x + sx as u16, area.y + sy as u16)];
                c.set_style(style);
            }
        }
    };
    if let Some(s) = selected {
        mark(buf, s, st.selected);
    }
    if let Some(c) = cursor {
        mark(buf, c, st.cursor);
    }
    // nothing is cut silently: a row that goes on past an edge says so there
    let drawn = |x: u32, y: u32| {
        x < l.width() as u32
            && y < l.height() as u32
            && l.canvas[(x as u16, y as u16)].symbol() != " "
    };
    if area.width >= 2 {
        for y in 0..area.height {
            let cy = oy as u32 + y as u32;
            let right = (ox as u32 + area.width as u32..l.width() as u32).any(|x| drawn(x, cy));
            if right {
                buf[(area.x + area.width - 1, area.y + y)]
                    .set_char('›')
                    .set_style(st.more);
            }
            if ox > 0 && (0..ox as u32).any(|x| drawn(x, cy)) {
                buf[(area.x, area.y + y)].set_char('‹').set_style(st.more);
            }
        }
    }
    if area.height >= 1 && (oy as u32 + area.height as u32) < l.height() as u32 {
        let below = (oy as u32 + area.height as u32..l.height() as u32)
            .any(|y| (0..l.width() as u32).any(|x| drawn(x, y)));
        if below {
            let text = " ↓ more below ";
            let w = text.chars().count() as u16;
            if area.width > w + 2 {
                buf.set_string(
                    area.x + area.width - w - 1,
                    area.y + area.height - 1,
                    text,
                    st.more,
                );
            }
        }
    }
}
