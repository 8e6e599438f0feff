//! The picture as a Graphviz digraph: one cluster per frame of names, one box per object
//! (type, refcount, value, address), one edge per name or slot labelled with it. Cycles get a
//! colour each, unreachable objects are dashed and grouped in a cluster of their own, cached
//! objects (small ints, interned strings, singletons) have a double outline.
//!
//! Node names are stable across runs (`o<id>` plus a frame index for names), and the text
//! is fully escaped, so the output diffs cleanly between steps.

use crate::analysis::frames::frames;
use crate::analysis::HeapState;
use crate::graphview::model::{build, Options, Picture, Points, Unreachable};

use super::StopPoint;

/// Most objects an export draws (past this the picture is cut and says so).
pub const MAX_OBJECTS: usize = 2_000;
/// Slots drawn per object in an export.
pub const MAX_SLOTS: usize = 64;

const CYCLE_COLOURS: [&str; 6] = ["red", "blue", "darkgreen", "purple", "orange", "brown"];

/// A DOT string literal (quotes included).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The picture an export draws: everything the names reach plus the unreachable objects, up
/// to [`MAX_OBJECTS`] (then only the names' first objects).
pub fn picture<H: HeapState + ?Sized>(heap: &H) -> (Picture, bool) {
    let names = frames(heap);
    let opts = Options {
        max_nodes: MAX_OBJECTS,
        max_slots: MAX_SLOTS,
        new_after: None,
        unreachable: Unreachable::Find,
        ..Options::default()
    };
    match build(heap, &names, opts.clone(), None) {
        Ok(p) => (p, false),
        Err(_) => {
            // too big: the names and what they point at directly, nothing deeper
            let shallow = Options {
                max_nodes: MAX_OBJECTS,
                max_slots: 0,
                unreachable: Unreachable::Skip,
                ..opts
            };
            (build(heap, &names, shallow, None).unwrap_or_default(), true)
        }
    }
}

/// The DOT text of a heap state.
pub fn dot<H: HeapState + ?Sized>(heap: &H, stop: &StopPoint) -> String {
    let (pic, cut) = picture(heap);
    to_dot(&pic, &stop.describe(), cut)
}

/// A picture as DOT.
pub fn to_dot(pic: &Picture, caption: &str, cut: bool) -> String {
    let mut out = String::new();
    out.push_str("digraph refscope {\n");
    out.push_str("  rankdir=LR;\n");
    let mut label = format!("refscope heap {caption}");
    if cut {
        label.push_str(&format!(
            " (over {MAX_OBJECTS} objects: only what the names refer to directly)"
        ));
    }
    out.push_str(&format!("  label={};\n", quote(&label)));
    out.push_str("  node [shape=box, fontname=\"monospace\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"monospace\", fontsize=9];\n");
    for (fi, f) in pic.frames.iter().enumerate() {
        out.push_str(&format!("  subgraph cluster_frame{fi} {{\n"));
        out.push_str(&format!("    label={};\n", quote(&f.title)));
        for (vi, v) in f.vars.iter().enumerate() {
            let label = match &v.to {
                Points::Value(text) => format!("{} = {text}", v.label),
                Points::Box(_) => v.label.clone(),
            };
            out.push_str(&format!(
                "    f{fi}_{vi} [label={}, shape=plaintext];\n",
                quote(&label)
            ));
        }
        out.push_str("  }\n");
    }
    let node_line = |i: usize| -> String {
        let n = &pic.nodes[i];
        let mut head = format!("{}  rc {}", n.type_name, n.refcnt);
        if let Some(k) = n.cycle {
            head.push_str(&format!("  cycle {k}"));
        }
        if n.unreachable {
            head.push_str("  unreachable");
        }
        let mut foot = format!("0x{:x}", n.addr);
        if let Some(c) = n.cached {
            foot.push_str(&format!("  {c}"));
        }
        let mut attrs = vec![format!(
            "label={}",
            quote(&format!("{head}\n{}\n{foot}", n.repr))
        )];
        if let Some(k) = n.cycle {
            attrs.push(format!(
                "color={}, penwidth=2",
                CYCLE_COLOURS[(k - 1) % CYCLE_COLOURS.len()]
            ));
        }
        if n.unreachable {
            attrs.push("style=dashed".into());
        }
        if n.cached.is_some() {
            attrs.push("peripheries=2".into());
        }
        format!("o{} [{}];\n", n.key.0.index(), attrs.join(", "))
    };
    let unreachable: Vec<usize> = (0..pic.nodes.len())
        .filter(|&i| pic.nodes[i].unreachable)
        .collect();
    for i in (0..pic.nodes.len()).filter(|&i| !pic.nodes[i].unreachable) {
        out.push_str("  ");
        out.push_str(&node_line(i));
    }
    if !unreachable.is_empty() {
        out.push_str("  subgraph cluster_unreachable {\n");
        out.push_str(&format!(
            "    label={};\n    style=dashed;\n",
            quote("unreachable, not yet freed (only the cycle collector can free these)")
        ));
        for &i in &unreachable {
            out.push_str("    ");
            out.push_str(&node_line(i));
        }
        out.push_str("  }\n");
    }
    for (fi, f) in pic.frames.iter().enumerate() {
        for (vi, v) in f.vars.iter().enumerate() {
            if let Some(t) = v.target() {
                out.push_str(&format!(
                    "  f{fi}_{vi} -> o{};\n",
                    pic.nodes[t].key.0.index()
                ));
            }
        }
    }
    for n in &pic.nodes {
        for s in &n.slots {
            // a value written in its slot (only in the learner's picture) has no arrow
            let Some(target) = s.target() else { continue };
            let mut attrs = vec![format!("label={}", quote(&s.label))];
            if let (Some(k), Some(k2)) = (n.cycle, pic.nodes[target].cycle) {
                if k == k2 {
                    attrs.push(format!(
                        "color={}",
                        CYCLE_COLOURS[(k - 1) % CYCLE_COLOURS.len()]
                    ));
                }
            }
            out.push_str(&format!(
                "  o{} -> o{} [{}];\n",
                n.key.0.index(),
                pic.nodes[target].key.0.index(),
                attrs.join(", ")
            ));
        }
        if n.more_slots > 0 {
            out.push_str(&format!(
                "  o{}_more [label={}, shape=plaintext];\n  o{} -> o{}_more [style=dashed];\n",
                n.key.0.index(),
                quote(&format!("… {} more", n.more_slots)),
                n.key.0.index(),
                n.key.0.index()
            ));
        }
    }
    out.push_str("}\n");
    out
}
