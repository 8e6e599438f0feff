//! CPython 3.11's cyclic garbage collector (`Modules/gcmodule.c`), under its own names.
//!
//! # Why reference counting is not enough
//!
//! An object is freed when its reference count drops to zero. Two objects that refer to each
//! other keep each other's count at one or more after every outside reference is gone:
//!
//! ```text
//!   my_var ──► A ──.b──► B          my_var = None      A ──.b──► B
//!              ▲          │         ───────────────►   ▲          │
//!              └───.a─────┘                            └───.a─────┘
//!   refcounts: A = 2, B = 1                           refcounts: A = 1, B = 1
//! ```
//!
//! Nothing can reach A or B any more, but neither count is zero: a leak, unless something
//! finds the cycle.
//!
//! # How cycles are found (read [`Vm::gc_collect_main`] first)
//!
//! Only containers ("GC objects": lists, dicts, instances, functions...) can form cycles, and
//! only *tracked* ones are considered. A collection of generation `g` examines generations
//! `0..=g` (the "young" list):
//!
//! 1. [`update_refs`]: copy every young object's refcount into `gc_refs`.
//! 2. [`subtract_refs`]: for every reference *between* young objects (found with `traverse`,
//!    CPython's `tp_traverse`), subtract one from the target's `gc_refs`. What is left is the
//!    number of references from *outside* the young set.
//! 3. [`move_unreachable`]: objects with `gc_refs > 0` are reachable from outside; everything
//!    they reach is reachable too. The rest is unreachable.
//!
//! Worked example, the A/B cycle after `my_var = None`: `update_refs` gives A=1, B=1; the
//! references A→B and B→A are both internal, so `subtract_refs` leaves A=0, B=0; nothing with
//! `gc_refs > 0` reaches them, so both are unreachable and `gc.collect()` returns 2. Had
//! `my_var` still held A, A would have kept 1 (the outside reference), and B would have been
//! found reachable through A.
//!
//! # How garbage is destroyed
//!
//! Unreachable objects cannot simply be freed: some have finalizers, some are weakly
//! referenced. In CPython's order:
//!
//! 4. [`handle_weakrefs`]: weak references to garbage are cleared; callbacks of weak references
//!    that are themselves alive are called.
//! 5. [`finalize_garbage`]: `__del__` runs once per object (PEP 442), marked finalized so it
//!    never runs again.
//! 6. [`handle_resurrected_objects`]: a finalizer may have made an object reachable again; the
//!    reachability of the garbage is recomputed and survivors move to the old generation.
//! 7. [`delete_garbage`]: `tp_clear` on each object breaks the cycles; reference counting then
//!    frees everything (or, with `DEBUG_SAVEALL`, the objects go to `gc.garbage` instead).
//!
//! # Generations
//!
//! New container objects are tracked in generation 0. Allocating one adds 1 to generation 0's
//! count (freeing one subtracts 1); when the count exceeds the threshold (700), generation 0 is
//! collected right inside that allocation, and its survivors move to generation 1. Every 10
//! generation-0 collections, generation 1 is collected; every 10 of those, generation 2 (a
//! "full" collection, which also empties the type free lists), unless few long-lived objects
//! are pending (`long_lived_pending < long_lived_total / 4`).

use crate::heap::{PERMANENT, SCRATCH};
use crate::object::{GcState as Track, ObjId, Payload};
use crate::vm::Vm;

/// `NUM_GENERATIONS`.
pub const NUM_GENERATIONS: usize = 3;
pub const DEBUG_STATS: i64 = 1;
pub const DEBUG_COLLECTABLE: i64 = 2;
pub const DEBUG_UNCOLLECTABLE: i64 = 4;
pub const DEBUG_SAVEALL: i64 = 32;
pub const DEBUG_LEAK: i64 = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

/// The collector's state (`struct _gc_runtime_state`).
#[derive(Clone, Debug)]
pub struct GcState {
    pub enabled: bool,
    pub collecting: bool,
    /// `generations[i].count`.
    pub counts: [i64; NUM_GENERATIONS],
    pub thresholds: [i64; NUM_GENERATIONS],
    pub long_lived_total: i64,
    pub long_lived_pending: i64,
    pub debug: i64,
    /// `gc.garbage` and `gc.callbacks` (lists made at start-up).
    pub garbage: Option<ObjId>,
    pub callbacks: Option<ObjId>,
    /// `gc.get_stats()`: collections, collected, uncollectable per generation.
    pub stats: [[i64; 3]; NUM_GENERATIONS],
    /// What the most recent collection did (for the views).
    pub last: Option<CollectionReport>,
}

impl Default for GcState {
    fn default() -> Self {
        GcState {
            enabled: true,
            collecting: false,
            counts: [0; NUM_GENERATIONS],
            thresholds: [700, 10, 10],
            long_lived_total: 0,
            long_lived_pending: 0,
            debug: 0,
            garbage: None,
            callbacks: None,
            stats: [[0; 3]; NUM_GENERATIONS],
            last: None,
        }
    }
}

/// An object a collection found unreachable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectedObject {
    pub id: ObjId,
    pub serial: u64,
    pub addr: u64,
    /// Shared by the objects of one type a collection found (a collection of 400,000
    /// instances holds one copy of the name, not 400,000).
    pub type_name: std::rc::Rc<str>,
}

/// The outcome of one collection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CollectionReport {
    pub generation: usize,
    /// What `gc.collect()` returned.
    pub collected: usize,
    pub uncollectable: usize,
    /// The unreachable objects (in the order they were found), freed or saved.
    pub unreachable: Vec<CollectedObject>,
    /// Objects a finalizer resurrected.
    pub resurrected: Vec<CollectedObject>,
    /// Objects whose `__del__` this collection ran (`finalize_garbage`), in the order it ran.
    pub finalized: Vec<CollectedObject>,
    /// Whether it ran inside an allocation (automatic) or from `gc.collect()`.
    pub automatic: bool,
}

/// An object taking part in a collection, with the serial it had when the collection started
/// (so an id reused by a new object during a finalizer is not mistaken for it).
type Member = (ObjId, u64);

/// The type names one step of a report has written, by type (see [`Vm::describe`]).
type TypeNames = rustc_hash::FxHashMap<ObjId, std::rc::Rc<str>>;

impl Vm {
    /// `_PyObject_GC_Link`'s accounting: a GC object was allocated; maybe collect.
    pub(crate) fn gc_link_count(&mut self) {
        self.gc.counts[0] += 1;
        if self.gc.counts[0] > self.gc.thresholds[0]
            && self.gc.enabled
            && self.gc.thresholds[0] > 0
            && !self.gc.collecting
        {
            self.gc.collecting = true;
            self.gc_collect_generations();
            self.gc.collecting = false;
        }
    }

    /// `gc_collect_generations`: collect the oldest generation whose count is over its
    /// threshold.
    fn gc_collect_generations(&mut self) -> usize {
        for g in (0..NUM_GENERATIONS).rev() {
            if self.gc.counts[g] > self.gc.thresholds[g] {
                if g == NUM_GENERATIONS - 1
                    && self.gc.long_lived_pending < self.gc.long_lived_total / 4
                {
                    continue;
                }
                return self.gc_collect_with_callback(g, true);
            }
        }
        0
    }

    /// `gc.collect(generation)`.
    pub fn gc_collect(&mut self, generation: usize) -> usize {
        if self.gc.collecting {
            return 0;
        }
        self.gc.collecting = true;
        let n = self.gc_collect_with_callback(generation, false);
        self.gc.collecting = false;
        n
    }

    /// `_PyGC_CollectNoFail`: the full collection of interpreter shutdown, without
    /// `gc.callbacks` (the modules they would use are being torn down).
    pub fn gc_collect_no_fail(&mut self) -> usize {
        if self.gc.collecting {
            return 0;
        }
        self.gc.collecting = true;
        let report = self.gc_collect_main(2);
        let n = report.collected;
        self.gc.last = Some(report);
        self.gc.collecting = false;
        n
    }

    /// Run `gc.callbacks` around a collection (`gc_collect_with_callback`).
    fn gc_collect_with_callback(&mut self, generation: usize, automatic: bool) -> usize {
        self.invoke_gc_callback("start", generation, 0, 0);
        let mut report = self.gc_collect_main(generation);
        report.automatic = automatic;
        let (n, u) = (report.collected, report.uncollectable);
        self.gc.last = Some(report);
        self.invoke_gc_callback("stop", generation, n, u);
        n
    }

    fn invoke_gc_callback(
        &mut self,
        phase: &str,
        generation: usize,
        collected: usize,
        uncollectable: usize,
    ) {
        let Some(cbs) = self.gc.callbacks else {
            return;
        };
        if self.list_items(cbs).is_empty() {
            return;
        }
        // `Py_BuildValue("{sisnsn}", ...)`: a new dict of new (not interned) key strs
        let info = self.new_dict();
        for (k, v) in [
            ("generation", generation),
            ("collected", collected),
            ("uncollectable", uncollectable),
        ] {
            let key = self.new_str(k);
            let val = self.new_usize(v);
            let _ = self.dict_setitem(info, key, val);
            self.decref(key);
            self.decref(val);
        }
        // the list is read anew at each index (a callback may change it); each call is
        // `PyObject_CallFunction(cb, "sO", phase, info)`, whose argument stack holds a new
        // str of the phase and a reference of its own to `info`
        let mut i = 0;
        while let Some(cb) = match self.heap.payload(cbs) {
            Payload::List(l) => l.items.get(i).copied(),
            _ => None,
        } {
            self.incref(cb);
            let phase_str = self.new_str(phase);
            self.incref(info);
            let r = self.call_object(cb, &[phase_str, info], &[]);
            self.decref(phase_str);
            self.decref(info);
            match r {
                Ok(r) => self.decref(r),
                Err(e) => {
                    let what = self.repr_string(cb).unwrap_or_default();
                    self.write_unraisable(e, &format!("garbage collection callback {what}"));
                }
            }
            self.decref(cb);
            i += 1;
        }
        self.decref(info);
    }

    fn alive(&self, m: Member) -> bool {
        self.heap.try_get(m.0).is_some() && self.heap.meta(m.0).serial == m.1
    }

    /// A garbage object that is still garbage: alive, and `Collecting` (not moved back to a
    /// generation by a resurrection, not freed).
    fn still_unreachable(&self, o: &CollectedObject) -> bool {
        self.alive((o.id, o.serial)) && self.heap.get(o.id).gc == Track::Collecting
    }

    fn member(&self, id: ObjId) -> Member {
        (id, self.heap.meta(id).serial)
    }

    fn describe(&self, m: Member, names: &mut TypeNames) -> CollectedObject {
        let ty = self.heap.get(m.0).ty;
        let type_name = match names.get(&ty) {
            // the type's name now (a class's `__name__` can be reassigned between collections)
            Some(n) => n.clone(),
            None => {
                let n: std::rc::Rc<str> = self.type_name(m.0).into();
                names.insert(ty, n.clone());
                n
            }
        };
        CollectedObject {
            id: m.0,
            serial: m.1,
            addr: self.heap.get(m.0).addr,
            type_name,
        }
    }

    /// `gc_collect_main`: collect generation `generation` and everything younger.
    pub fn gc_collect_main(&mut self, generation: usize) -> CollectionReport {
        let old_gen = if generation + 1 < NUM_GENERATIONS {
            generation + 1
        } else {
            generation
        };
        if generation + 1 < NUM_GENERATIONS {
            self.gc.counts[generation + 1] += 1;
        }
        for i in 0..=generation {
            self.gc.counts[i] = 0;
        }
        // merge the younger generations into the one being collected, oldest last
        for i in 0..generation {
            self.heap.gc_list_merge(i, generation);
        }
        // ids only (4 bytes an object): no Python code runs until the reachable objects are
        // back on a generation list, so no id can be reused before then. They come off the
        // generation list while they are examined, and `update_refs` is done in the same
        // pass (`gc_refs = ob_refcnt` for each: it reads nothing but the object itself)
        let young: Vec<ObjId> = self.heap.gc_list_take(generation, |o| {
            o.gc = Track::Collecting;
            o.gc_refs = o.refcnt;
        });
        subtract_refs(self, &young);
        // `untrack_tuples` is done as each object is found reachable (see move_unreachable)
        let (reachable, tentative) = move_unreachable(self, &young, true);
        drop(young);
        // the unreachable objects are the tentatively unreachable ones still `Collecting`,
        // in the young list's order; the report's entries are the unreachable list from here
        // on (ids with the serials they had, which no Python code has run to change yet)
        let mut report = CollectionReport {
            generation,
            ..CollectionReport::default()
        };
        let collecting = |vm: &Vm, id: ObjId| vm.heap.get(id).gc == Track::Collecting;
        let n = tentative.iter().filter(|&&id| collecting(self, id)).count();
        report.unreachable.reserve_exact(n);
        let mut names = TypeNames::default();
        for &id in &tentative {
            if collecting(self, id) {
                let o = self.describe(self.member(id), &mut names);
                report.unreachable.push(o);
            }
        }
        drop(tentative);
        // survivors move to the next generation (a full collection first untracks the dicts
        // holding nothing trackable, `untrack_dicts`: in the same pass, as whether a dict can
        // be untracked depends on no other object's move)
        let full = generation == old_gen;
        if full {
            self.gc.long_lived_pending = 0;
            self.gc.long_lived_total = reachable.len() as i64;
        } else if generation == NUM_GENERATIONS - 2 {
            self.gc.long_lived_pending += reachable.len() as i64;
        }
        for &id in &reachable {
            if full {
                untrack_dict(self, id);
            }
            if self.heap.get(id).gc == Track::Visited {
                self.heap.gc_list_append(id, old_gen);
            }
        }
        drop(reachable);
        let weakrefs_freed = handle_weakrefs(self, &report.unreachable, old_gen);
        names.clear();
        report.finalized = finalize_garbage(self, &report.unreachable, &mut names);
        let resurrected = handle_resurrected_objects(self, &report.unreachable, old_gen);
        names.clear();
        report.resurrected = resurrected
            .iter()
            .filter(|m| self.alive(**m))
            .map(|&m| self.describe(m, &mut names))
            .collect();
        report
            .unreachable
            .retain(|o| !report.resurrected.contains(o));
        // what is still unreachable (`final_unreachable`): alive and `Collecting`
        let m = report
            .unreachable
            .iter()
            .filter(|o| self.still_unreachable(o))
            .count()
            + weakrefs_freed;
        delete_garbage(self, &report.unreachable, old_gen);
        if generation == NUM_GENERATIONS - 1 {
            // full collections empty the type free lists (`_PyGC_ClearAllFreeLists`)
            let preheader = |l| match l {
                crate::heap::FreeList::Float => 0,
                _ => 16,
            };
            self.heap.clear_freelists(preheader);
        }
        self.gc.stats[generation][0] += 1;
        self.gc.stats[generation][1] += m as i64;
        report.collected = m;
        report
    }
}

/// `deduce_unreachable`: split `young` into reachable and unreachable. The reachable ones are
/// returned in CPython's list order; the unreachable ones are the young objects left
/// `Collecting`, in `young`'s order (CPython's `unreachable` list: see [`move_unreachable`]).
fn deduce_unreachable(vm: &mut Vm, young: &[ObjId]) -> Vec<ObjId> {
    update_refs(vm, young);
    subtract_refs(vm, young);
    move_unreachable(vm, young, false).0
}

/// `update_refs`: `gc_refs = ob_refcnt` for every object being collected.
fn update_refs(vm: &mut Vm, young: &[ObjId]) {
    for &id in young {
        let o = vm.heap.get_mut(id);
        o.gc_refs = o.refcnt;
    }
}

/// `subtract_refs`: remove the references that come from inside the set.
fn subtract_refs(vm: &mut Vm, young: &[ObjId]) {
    let mut targets = Vec::new();
    for &id in young {
        targets.clear();
        crate::heap::traverse::referents(&vm.heap, id, &mut |t| targets.push(t));
        for &t in &targets {
            let o = vm.heap.get_mut(t);
            if o.gc == Track::Collecting {
                o.gc_refs -= 1;
            }
        }
    }
}

/// `move_unreachable`: objects with outside references, and everything they reach, are
/// reachable; the rest is (tentatively, then finally) unreachable. As in CPython, the marks live
/// in the objects themselves: a traversed object stops being `Collecting`, and a tentatively
/// unreachable one is marked with `gc_refs = -1` (CPython's `NEXT_MASK_UNREACHABLE`).
///
/// Returns the reachable objects, and the tentatively unreachable ones in the order they were
/// found (4 bytes each). CPython appends to its unreachable list as `young` is walked, and an
/// object moved back from it leaves it, so what remains is the tentatively unreachable
/// objects still `Collecting`, in `young`'s order (only the walk of `young` finds an object
/// unreachable: one met again through `again` is reachable).
///
/// With `untrack_tuples`, CPython's `untrack_tuples` pass over the reachable objects (which
/// follows `move_unreachable` in `gc_collect_main`) is done as each is found reachable: the
/// reachable list's order is the order they are found in, and whether a tuple can be
/// untracked depends only on its items being tracked, which nothing between the two changes
/// (`Collecting` and `Visited` both count as tracked, as in CPython).
fn move_unreachable(
    vm: &mut Vm,
    young: &[ObjId],
    untrack_tuples: bool,
) -> (Vec<ObjId>, Vec<ObjId>) {
    // `young`, then the objects moved back from the unreachable list, in the order they were
    // moved back (CPython appends them to the list it is walking)
    let mut again: Vec<ObjId> = Vec::new();
    let mut reachable = Vec::with_capacity(young.len());
    let mut tentative = Vec::new();
    let mut targets = Vec::new();
    let mut i = 0;
    while i < young.len() + again.len() {
        let id = match young.get(i) {
            Some(&id) => id,
            None => again[i - young.len()],
        };
        i += 1;
        let o = vm.heap.get(id);
        if o.gc != Track::Collecting || o.gc_refs < 0 {
            // already traversed, or already moved to the unreachable list
            continue;
        }
        if o.gc_refs > 0 {
            // reachable: everything it refers to is reachable too
            targets.clear();
            crate::heap::traverse::referents(&vm.heap, id, &mut |t| targets.push(t));
            for &t in &targets {
                let to = vm.heap.get_mut(t);
                if to.gc != Track::Collecting {
                    continue;
                }
                if to.gc_refs < 0 {
                    // it looked unreachable, but is reachable after all: back to `young`
                    to.gc_refs = 1;
                    again.push(t);
                } else if to.gc_refs == 0 {
                    to.gc_refs = 1;
                }
            }
            vm.heap.get_mut(id).gc = Track::Visited;
            reachable.push(id);
            if untrack_tuples {
                untrack_tuple(vm, id);
            }
        } else {
            vm.heap.get_mut(id).gc_refs = -1;
            tentative.push(id);
        }
    }
    (reachable, tentative)
}

/// `untrack_tuples`' step for one reachable object: a tuple holding only objects that
/// cannot be tracked stops being tracked (exact tuples: `PyTuple_CheckExact`; an instance of
/// a class over tuple stays tracked).
fn untrack_tuple(vm: &mut Vm, id: ObjId) {
    let o = vm.heap.get(id);
    if o.ext().is_some() {
        return;
    }
    let untrack = match &o.payload {
        Payload::Tuple(t) => t.iter().all(|&i| !vm.may_be_tracked(i)),
        _ => return,
    };
    if untrack {
        vm.heap.get_mut(id).gc = Track::Untracked;
    }
}

/// `untrack_dicts`' step for one reachable object (full collections only): a dict holding
/// nothing trackable stops being tracked (exact dicts: `PyDict_CheckExact`; a `defaultdict` or
/// a class over dict stays tracked).
fn untrack_dict(vm: &mut Vm, id: ObjId) {
    let o = vm.heap.get(id);
    if o.ext().is_some() || o.native_ext().is_some() {
        return;
    }
    let untrack = match &o.payload {
        Payload::Dict(d) => d
            .iter()
            .all(|e| !vm.may_be_tracked(e.key) && !vm.may_be_tracked(e.value)),
        _ => return,
    };
    if untrack {
        vm.heap.get_mut(id).gc = Track::Untracked;
    }
}

/// `handle_weakrefs`: clear weak references to the garbage; call the callbacks of weak
/// references that are themselves still alive. Returns how many of those weak references were
/// freed after their callback (counted in the collection's result).
fn handle_weakrefs(vm: &mut Vm, unreachable: &[CollectedObject], old_gen: usize) -> usize {
    // made on the first weak reference with a callback (most collections meet none)
    let mut garbage: Option<std::collections::HashSet<ObjId>> = None;
    let mut to_call = Vec::new();
    for m in members(unreachable) {
        if !vm.alive(m) {
            continue;
        }
        // a weak reference in the garbage is cleared (its callback kept, never called)
        if let Payload::WeakRef(w) = vm.heap.payload_mut(m.0) {
            if let Some(r) = w.referent.take() {
                vm.heap.unlink_weakref(r, m.0);
            }
        }
        for wr in vm.heap.take_weakrefs(m.0) {
            let has_callback = match vm.heap.payload_mut(wr) {
                Payload::WeakRef(w) => {
                    w.referent = None;
                    w.callback.is_some()
                }
                _ => false,
            };
            if has_callback
                && !garbage
                    .get_or_insert_with(|| unreachable.iter().map(|o| o.id).collect())
                    .contains(&wr)
            {
                vm.incref(wr);
                to_call.push(vm.member(wr));
            }
        }
    }
    let mut freed = 0;
    for wr in to_call {
        let cb = match vm.heap.payload(wr.0) {
            Payload::WeakRef(w) => w.callback,
            _ => None,
        };
        if let Some(cb) = cb {
            vm.handle_callback(wr.0, cb);
        }
        let last = vm.refcnt(wr.0) == 1;
        vm.decref(wr.0);
        if last {
            freed += 1;
        } else if let Some(g) = vm.heap.gc_list_of(wr.0).filter(|&g| g <= 2) {
            // still alive: it moves to the older generation
            vm.heap.gc_list_remove(wr.0, g);
            vm.heap.gc_list_append(wr.0, old_gen);
        }
    }
    freed
}

/// `finalize_garbage`: call `__del__` (`tp_finalize`) once on each object that has one.
/// Returns the objects it ran one for.
fn finalize_garbage(
    vm: &mut Vm,
    unreachable: &[CollectedObject],
    names: &mut TypeNames,
) -> Vec<CollectedObject> {
    let mut finalized = Vec::new();
    for m in members(unreachable) {
        if !vm.alive(m) || vm.heap.get(m.0).finalized {
            continue;
        }
        if vm.needs_finalizer(m.0) {
            // a `__del__` may rename a class: each object's type name as it was then
            names.clear();
            finalized.push(vm.describe(m, names));
            vm.heap.get_mut(m.0).finalized = true;
            vm.incref(m.0);
            vm.call_del(m.0);
            vm.decref(m.0);
        }
    }
    finalized
}

/// `handle_resurrected_objects`: after the finalizers, recompute which of the garbage is still
/// unreachable (those stay `Collecting`: [`Vm::still_unreachable`]); the resurrected objects
/// go to the old generation and are returned.
fn handle_resurrected_objects(
    vm: &mut Vm,
    unreachable: &[CollectedObject],
    old_gen: usize,
) -> Vec<Member> {
    let live: Vec<ObjId> = unreachable
        .iter()
        .filter(|o| vm.still_unreachable(o))
        .map(|o| o.id)
        .collect();
    let resurrected = deduce_unreachable(vm, &live);
    drop(live);
    for &id in &resurrected {
        if vm.heap.get(id).gc == Track::Visited {
            vm.heap.gc_list_append(id, old_gen);
        }
    }
    // no Python code ran since `live` was made: the serials are the ones they had then
    resurrected.into_iter().map(|id| vm.member(id)).collect()
}

/// The garbage as (id, serial) pairs.
fn members(objs: &[CollectedObject]) -> impl Iterator<Item = Member> + '_ {
    objs.iter().map(|o| (o.id, o.serial))
}

/// `delete_garbage`: break the cycles with `tp_clear` (or save the objects in `gc.garbage`
/// under `DEBUG_SAVEALL`); objects that survive their clearing go to the old generation.
/// `unreachable` is the garbage as first found: what is collectable (`final_unreachable`) is
/// what is still unreachable.
fn delete_garbage(vm: &mut Vm, unreachable: &[CollectedObject], old_gen: usize) {
    // the garbage waits on a scratch list, so each object is tracked somewhere while the
    // clearing of the others runs
    for o in unreachable {
        if vm.still_unreachable(o) {
            vm.heap.gc_list_append(o.id, SCRATCH);
        }
    }
    let save_all = vm.gc.debug & DEBUG_SAVEALL != 0;
    for m in members(unreachable) {
        if !vm.alive(m) || vm.heap.get(m.0).gc != Track::Pending {
            continue;
        }
        if save_all {
            if let Some(g) = vm.gc.garbage {
                vm.incref(m.0);
                vm.list_append_owned(g, m.0);
            }
        } else {
            vm.incref(m.0);
            tp_clear(vm, m.0);
            vm.decref(m.0);
        }
        if vm.alive(m) && vm.heap.gc_list_of(m.0) == Some(SCRATCH) {
            vm.heap.gc_list_remove(m.0, SCRATCH);
            vm.heap.gc_list_append(m.0, old_gen);
        }
    }
    let _ = PERMANENT;
}

/// `tp_clear`: drop the references that can form cycles (types without one, like tuples, are
/// freed when their containers let go of them).
pub fn tp_clear(vm: &mut Vm, id: ObjId) {
    // (up to three kept without a vector: an instance's one or two attributes, a short list)
    let mut released = crate::object::ListItems::new();
    // subtype_clear: a class's slots and instance attributes, then a native type's C
    // fields, then the builtin's tp_clear
    if let Some(inst) = vm.heap.get_mut(id).ext_mut() {
        released.extend(inst.slots_mut().iter_mut().filter_map(|s| s.take()));
        released.extend(std::mem::take(&mut inst.values).iter().flatten());
        released.extend(inst.dict.take());
    }
    if let Some(ext) = vm.heap.get_mut(id).native_ext_mut() {
        released.extend(ext.clear());
    }
    match vm.heap.payload_mut(id) {
        Payload::List(l) => {
            let items = std::mem::take(&mut l.items);
            released.extend(items.iter().rev().copied());
        }
        Payload::Dict(_) => {
            vm.dict_clear(id);
        }
        Payload::Set(s) => {
            released.extend(s.take_all());
        }
        Payload::Instance(inst) => {
            released.extend(inst.slots_mut().iter_mut().filter_map(|s| s.take()));
            released.extend(std::mem::take(&mut inst.values).iter().flatten());
            released.extend(inst.dict.take());
        }
        Payload::Exception(e) => {
            // a subclass's clear (a group's message and exceptions), then BaseException_clear
            released.extend(std::mem::take(&mut e.members).into_iter().map(|m| m.1));
            released.extend(e.dict.take());
            released.extend(e.traceback.take());
            released.extend(e.cause.take());
            released.extend(e.context.take());
        }
        Payload::Function(f) => {
            released.extend(f.defaults.take());
            released.extend(f.kwdefaults.take());
            released.extend(f.annotations.take());
            released.extend(f.dict.take());
            released.extend(f.closure.take());
        }
        Payload::Cell(c) => released.extend(c.take()),
        Payload::Type(t) => {
            released.extend(t.mro.take());
            if let Some(d) = t.dict {
                vm.dict_clear(d);
            }
        }
        Payload::Module(m) => {
            let d = m.dict;
            vm.dict_clear(d);
        }
        Payload::Frame(f) => {
            // frame_tp_clear: the owned frame's locals and value stack
            if let Some(owned) = f.owned.as_mut() {
                let n = owned.localsplus.len();
                released.extend(std::mem::take(&mut owned.localsplus).into_iter().flatten());
                owned.localsplus = vec![None; n];
                released.extend(std::mem::take(&mut owned.stack).into_iter().flatten());
            }
        }
        Payload::Traceback(tb) => released.extend(tb.next.take()),
        Payload::WeakRef(w) => {
            // gc_clear: clear_weakref, and a subclass's slots
            let referent = w.referent.take();
            released.extend(w.callback.take());
            released
                .extend(std::mem::replace(&mut w.extra, crate::object::WeakRefExtra::None).refs());
            if let Some(r) = referent {
                vm.heap.unlink_weakref(r, id);
            }
        }
        Payload::Native(n) => released.extend(n.clear()),
        _ => {}
    }
    for &r in released.iter() {
        vm.decref(r);
    }
}
