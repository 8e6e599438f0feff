//! Captured heap states, and what changed between two of them: objects allocated and freed,
//! counts changed, references added and removed. A snapshot implements [`HeapState`] itself,
//! so every analysis runs on "before" as well as on "now".

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
    let (mut be_targets, mut ae_targets) = (Vec::new(), Vec::new());
    for &id in &same {
        let b_refcnt = before.refcnt(id);
        if b_refcnt != after.refcnt(id) {
            d.refcount_changed.push((after.info(id), b_refcnt));
        }
        be_targets.clear();
        ae_targets.clear();
        live_target_serials(before, id, &mut be_targets);
        live_target_serials(after, id, &mut ae_targets);
        if be_targets == ae_targets {
            continue;
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
    d.allocated.sort_by_key(|o| o.serial);
    d.freed.sort_by_key(|o| o.serial);
    d.refcount_changed.sort_by_key(|(o, _)| o.serial);
    d.references_added.sort();
    d.references_removed.sort();
    d
}
