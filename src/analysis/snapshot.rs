//! Captured heap states, and what changed between two of them: objects allocated and freed,
//! counts changed, references added and removed. A snapshot implements [`HeapState`] itself,
//! so every analysis runs on "before" as well as on "now".
//!
//! # Comparing a million objects by what changed
//!
//! [`diff`] compares two states object by object: every object's refcount and the targets
//! of its references, on both sides. When the model's change log
//! ([`crate::heap::changelog`]) was marked as the snapshot was taken, [`diff_since`] reads
//! what the log names instead:
//!
//! ```text
//!   snapshot (log marked, empty) ── gc.collect() frees 100,000 objects ──► now
//!   log: touched = objects whose ob_refcnt was written (with the count at the mark),
//!        allocated, freed
//! ```
//!
//! - allocated / freed: the log's lists, as they are;
//! - counts changed: only an object whose `ob_refcnt` was written can have a new count;
//! - references added or removed: every object alive in both is still read on both sides
//!   (a reference can move without a count written: from a frame's value stack into a
//!   list, or into a native call's temporaries while a key function runs), but cheaply: its
//!   references are compared as `(slot, id)` lists with the snapshot's, and only where they
//!   differ, or reach an id whose object the log says was freed or made, are the targets'
//!   serials and labels read. Every other id is the same object on both sides.
//!
//! The result is the same as [`diff`]'s (tests/snapshot_diff.rs checks it at every line
//! event of a snippet and of corpus cases); a state without a log (a recording of a real
//! CPython) is compared whole.

use std::collections::HashMap;

use crate::heap::traverse::Edge;
use crate::object::ObjId;

use super::Return;
use super::{FrameLocals, HeapState, ObjectInfo, Root, StepPosition};

struct SnapObject {
    info: ObjectInfo,
    edges: Vec<Edge>,
    str_value: Option<String>,
}

/// A heap state captured at one moment.
pub struct Snapshot {
    objects: Vec<Option<SnapObject>>,
    /// The change log's `(epoch, mark serial)` when it was marked as this was captured
    /// (nothing logged yet): the log then counts from this state.
    log_mark: Option<(u32, u64)>,
    roots: Vec<(Root, ObjId)>,
    uncaught: Option<ObjId>,
    last_return: Option<Return>,
    position: Option<StepPosition>,
    frames: Vec<FrameLocals>,
    names: Vec<(String, ObjId)>,
    stdout: String,
}

impl Snapshot {
    /// Capture every object of a heap state.
    pub fn capture<H: HeapState + ?Sized>(heap: &H) -> Snapshot {
        let mut objects: Vec<Option<SnapObject>> = Vec::new();
        objects.resize_with(heap.capacity(), || None);
        for id in heap.object_ids() {
            let mut edges = Vec::new();
            heap.for_each_edge(id, &mut |e| edges.push(e));
            objects[id.index()] = Some(SnapObject {
                info: heap.info(id),
                edges,
                str_value: heap.str_value(id),
            });
        }
        let mut roots = Vec::new();
        heap.for_each_root(&mut |r, id| roots.push((r.clone(), id)));
        Snapshot {
            objects,
            log_mark: heap
                .changes()
                .filter(|log| log.is_empty())
                .map(|log| (log.epoch(), log.mark_serial())),
            roots,
            uncaught: heap.uncaught(),
            last_return: heap.last_return(),
            position: heap.position(),
            frames: heap.snippet_frames(),
            names: heap.snippet_names(),
            stdout: heap.stdout().to_string(),
        }
    }

    fn get(&self, id: ObjId) -> Option<&SnapObject> {
        self.objects.get(id.index()).and_then(|o| o.as_ref())
    }
}

impl HeapState for Snapshot {
    fn capacity(&self) -> usize {
        self.objects.len()
    }
    fn object_ids(&self) -> Vec<ObjId> {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_some())
            .map(|(i, _)| ObjId::from_index(i))
            .collect()
    }
    fn is_live(&self, id: ObjId) -> bool {
        self.get(id).is_some()
    }
    fn info(&self, id: ObjId) -> ObjectInfo {
        self.get(id).expect("object in snapshot").info.clone()
    }
    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge)) {
        if let Some(o) = self.get(id) {
            for &e in &o.edges {
                f(e);
            }
        }
    }
    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId)) {
        for (r, id) in &self.roots {
            f(r, *id);
        }
    }
    fn str_value(&self, id: ObjId) -> Option<String> {
        self.get(id).and_then(|o| o.str_value.clone())
    }
    fn is_startup(&self, id: ObjId) -> bool {
        self.get(id).map(|o| o.info.startup).unwrap_or(false)
    }
    fn serial(&self, id: ObjId) -> u64 {
        self.get(id).map(|o| o.info.serial).unwrap_or(0)
    }
    fn refcnt(&self, id: ObjId) -> i64 {
        self.get(id).map(|o| o.info.refcnt).unwrap_or(0)
    }
    fn label(&self, id: ObjId) -> String {
        self.get(id)
            .map(|o| o.info.label.clone())
            .unwrap_or_default()
    }
    fn static_refs(&self, id: ObjId) -> i64 {
        self.get(id).map(|o| o.info.static_refs).unwrap_or(0)
    }
    fn type_name(&self, id: ObjId) -> String {
        self.type_str(id).into_owned()
    }
    fn type_str(&self, id: ObjId) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(
            self.get(id)
                .map(|o| o.info.type_name.as_str())
                .unwrap_or(""),
        )
    }
    fn uncaught(&self) -> Option<ObjId> {
        self.uncaught
    }
    fn last_return(&self) -> Option<Return> {
        self.last_return.clone()
    }
    fn position(&self) -> Option<StepPosition> {
        self.position.clone()
    }
    fn snippet_frames(&self) -> Vec<FrameLocals> {
        self.frames.clone()
    }
    fn snippet_names(&self) -> Vec<(String, ObjId)> {
        self.names.clone()
    }
    fn stdout(&self) -> &str {
        &self.stdout
    }
}

/// What changed between two heap states (objects identified by id and allocation serial).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeapDiff {
    pub allocated: Vec<ObjectInfo>,
    pub freed: Vec<ObjectInfo>,
    /// (object now, count before).
    pub refcount_changed: Vec<(ObjectInfo, i64)>,
    /// (holder label, target label).
    pub references_added: Vec<(String, String)>,
    pub references_removed: Vec<(String, String)>,
}

/// The allocation serial of `id` when it is a live object the snippet made (not start-up's).
fn user_serial<H: HeapState + ?Sized>(h: &H, id: ObjId) -> Option<u64> {
    (h.is_live(id) && !h.is_startup(id)).then(|| h.serial(id))
}

/// An object's references, grouped by target (serial → (target id, how many)).
fn references_of<H: HeapState + ?Sized>(h: &H, id: ObjId) -> HashMap<u64, (ObjId, usize)> {
    let mut m: HashMap<u64, (ObjId, usize)> = HashMap::new();
    h.for_each_edge(id, &mut |e| {
        if h.is_live(e.target) {
            m.entry(h.serial(e.target)).or_insert((e.target, 0)).1 += 1;
        }
    });
    m
}

/// The serials of the live objects `id` refers to, in `tp_traverse` order.
fn live_target_serials<H: HeapState + ?Sized>(h: &H, id: ObjId, out: &mut Vec<u64>) {
    h.for_each_edge(id, &mut |e| {
        if h.is_live(e.target) {
            out.push(h.serial(e.target));
        }
    });
}

/// Compare `id`'s references in both states (an object alive in both), noting the targets
/// it gained and lost.
fn compare_references<A: HeapState + ?Sized, B: HeapState + ?Sized>(
    before: &A,
    after: &B,
    id: ObjId,
    d: &mut HeapDiff,
    scratch: &mut (Vec<u64>, Vec<u64>),
) {
    let (be_targets, ae_targets) = scratch;
    be_targets.clear();
    ae_targets.clear();
    live_target_serials(before, id, be_targets);
    live_target_serials(after, id, ae_targets);
    if be_targets == ae_targets {
        return;
    }
    let be = references_of(before, id);
    let ae = references_of(after, id);
    for (serial, &(target, n)) in &ae {
        if be.get(serial).map(|x| x.1).unwrap_or(0) < n {
            d.references_added
                .push((after.label(id), after.label(target)));
        }
    }
    for (serial, &(target, n)) in &be {
        if ae.get(serial).map(|x| x.1).unwrap_or(0) < n {
            d.references_removed
                .push((before.label(id), before.label(target)));
        }
    }
}

/// The order [`diff`] gives its lists in.
fn sorted(mut d: HeapDiff) -> HeapDiff {
    d.allocated.sort_by_key(|o| o.serial);
    d.freed.sort_by_key(|o| o.serial);
    d.refcount_changed.sort_by_key(|(o, _)| o.serial);
    d.references_added.sort();
    d.references_removed.sort();
    d
}

/// What changed since `before` was captured: read from the model's change log when it
/// counts from that capture (see the module's doc), else [`diff`] of the whole states.
pub fn diff_since<B: HeapState + ?Sized>(before: &Snapshot, after: &B) -> HeapDiff {
    match (before.log_mark, after.changes()) {
        (Some(mark), Some(log)) if mark == (log.epoch(), log.mark_serial()) => {
            diff_logged(before, after, log)
        }
        _ => diff(before, after),
    }
}

/// [`diff`] of a state and the snapshot its change log counts from.
fn diff_logged<B: HeapState + ?Sized>(
    before: &Snapshot,
    after: &B,
    log: &crate::heap::changelog::ChangeLog,
) -> HeapDiff {
    let mut d = HeapDiff::default();
    let capacity = before.capacity().max(after.capacity());
    // the ids whose object was freed or made since: every other id is the same object (or
    // none) in both states
    let mut renewed = fixedbitset::FixedBitSet::with_capacity(capacity);
    let ids = log
        .allocated_since()
        .iter()
        .chain(log.freed_since())
        .map(|a| a.0);
    for id in ids {
        renewed.grow(id.index() + 1);
        renewed.insert(id.index());
    }
    for &(id, serial) in log.allocated_since() {
        if user_serial(after, id) == Some(serial) {
            d.allocated.push(after.info(id));
        }
    }
    for &(id, serial) in log.freed_since() {
        if user_serial(before, id) == Some(serial) {
            d.freed.push(before.info(id));
        }
    }
    for &(id, serial, _) in log.touched() {
        if user_serial(before, id) == Some(serial) && user_serial(after, id) == Some(serial) {
            let b_refcnt = before.refcnt(id);
            if b_refcnt != after.refcnt(id) {
                d.refcount_changed.push((after.info(id), b_refcnt));
            }
        }
    }
    // references: an object whose references are the same slots to the same ids, none of
    // them renewed, refers to the same objects; only the others are compared target by
    // target (a reference can move without any count written: from a frame's value stack
    // into a list, or into a native call's temporaries and back)
    let renewed = |id: ObjId| renewed.contains(id.index());
    let mut scratch = (Vec::new(), Vec::new());
    for (i, o) in before.objects.iter().enumerate() {
        let Some(o) = o else { continue };
        if o.info.startup {
            continue;
        }
        let id = ObjId::from_index(i);
        if user_serial(after, id) != Some(o.info.serial) {
            continue;
        }
        let (mut k, mut same) = (0, true);
        after.for_each_edge(id, &mut |e| {
            if same {
                match o.edges.get(k) {
                    Some(b) if b.slot == e.slot && b.target == e.target && !renewed(e.target) => {
                        k += 1
                    }
                    _ => same = false,
                }
            }
        });
        if !same || k != o.edges.len() {
            compare_references(before, after, id, &mut d, &mut scratch);
        }
    }
    sorted(d)
}

/// Compare two heap states; objects made at start-up are left out.
pub fn diff<A: HeapState + ?Sized, B: HeapState + ?Sized>(before: &A, after: &B) -> HeapDiff {
    let mut d = HeapDiff::default();
    // Both states index their objects densely by id: one pass over the ids pairs them up
    // (the same object is the same id with the same allocation serial), without building
    // and probing sets of every object.
    let mut same: Vec<ObjId> = Vec::new();
    for i in 1..before.capacity().max(after.capacity()) {
        let id = ObjId::from_index(i);
        let b = user_serial(before, id);
        let a = user_serial(after, id);
        match (b, a) {
            (Some(sb), Some(sa)) if sb == sa => same.push(id),
            _ => {
                if a.is_some() {
                    d.allocated.push(after.info(id));
                }
                if b.is_some() {
                    d.freed.push(before.info(id));
                }
            }
        }
    }
    // Most objects of a big heap are unchanged between two steps: compare refcounts and the
    // (live) targets of their references cheaply, and build infos, labels and per-target
    // tallies only for the objects that differ.
    let mut scratch = (Vec::new(), Vec::new());
    for &id in &same {
        let b_refcnt = before.refcnt(id);
        if b_refcnt != after.refcnt(id) {
            d.refcount_changed.push((after.info(id), b_refcnt));
        }
        compare_references(before, after, id, &mut d, &mut scratch);
    }
    sorted(d)
}
