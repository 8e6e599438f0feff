//! What the heap panes show, kept up to date after every command: the live objects in
//! allocation order with what the last step changed (+1/−1, new, freed), the reference cycles
//! now and around the last collection, and the cached and interned objects.
//!
//! Nothing here copies the heap: a row is an object id plus the few numbers needed to mark
//! changes, and panes read everything else from the live VM for the rows they draw. The
//! analyses that walk the whole heap (cycles) are deferred to idle time on big heaps.

use std::collections::HashMap;

use crate::analysis::cycles::after_collection;
use crate::analysis::{find_cycles, Cycle, CycleState, LiveHeap};
use crate::gc::CollectionReport;
use crate::object::str::InternReason;
use crate::object::{ObjId, Payload};
use crate::vm::Vm;

use super::runner::Runner;

/// An object as the panes identify it: the id plus its allocation serial, so a new object
/// that reuses a freed one's id is a different object.
pub type ObjRef = (ObjId, u64);

/// Above this many live objects, whole-heap analyses wait until the user pauses.
pub const HEAVY: usize = 20_000;

/// Interned strings the interned pane lists (a snippet can intern a million names; the pane
/// is rebuilt on every frame).
pub const MAX_INTERNED_LISTED: usize = 2_000;

/// Below this many rows, reprs are captured before each command so freed objects can be
/// shown as they were.
const CAPTURE_LIMIT: usize = 5_000;

/// How the last command changed one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Same,
    Up(i64),
    Down(i64),
    New,
    Freed,
}

/// A freed object as it was before the step that freed it.
#[derive(Clone, Debug, PartialEq)]
pub struct Freed {
    pub type_name: String,
    pub repr: String,
    pub refcnt: i64,
}

/// One row of the refcount table.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjRow {
    pub id: ObjId,
    pub serial: u64,
    /// The object's type when it was first seen (to name it once freed).
    pub ty: ObjId,
    pub addr: u64,
    /// Refcount before the last command; `None` for an object that command made.
    pub before: Option<i64>,
    /// Set when the last command freed it.
    pub freed: Option<Box<Freed>>,
}

impl ObjRow {
    pub fn key(&self) -> ObjRef {
        (self.id, self.serial)
    }
}

/// Which collection the cycles pane compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The `g` key.
    Key,
    /// `gc.collect()` in the snippet, during the step from this editor line.
    Snippet { line: Option<u32> },
    /// An automatic collection inside an allocation.
    Automatic,
}

/// The last collection: what it returned and the cycles before it, judged after it.
#[derive(Clone, Debug)]
pub struct CollectionView {
    /// The step (the trace's, line events so far) it is shown at.
    pub step: u64,
    pub origin: Origin,
    pub report: CollectionReport,
    /// The cycles just before it (with their state then), each with its state after it
    /// (`Freed` or `Survived`); `None` when they were not analysed (a big heap that had no
    /// idle moment before the step).
    pub cycles: Option<Vec<(Cycle, CycleState)>>,
}

/// The interned pane's content.
#[derive(Clone, Debug, Default)]
pub struct InternedView {
    /// Small ints the snippet uses: `(value, object, refcount, refcount at start-up)`.
    pub small_ints: Vec<(i64, ObjId, i64, i64)>,
    /// Interned strings made by the snippet: `(object, text, reason, refcount)`.
    pub strings: Vec<(ObjId, String, &'static str, i64)>,
    /// Interned strings the interpreter made at start-up (not listed).
    pub startup_strings: usize,
    /// Interned strings of the snippet beyond the first [`MAX_INTERNED_LISTED`] (not listed).
    pub strings_more: usize,
    /// `(name, object, refcount, refcount at start-up)`.
    pub singletons: Vec<(&'static str, ObjId, i64, i64)>,
    /// Code objects and their `co_consts`: `(qualname, file, constants)`.
    pub constants: Vec<(String, String, Vec<ObjId>)>,
    /// How many code objects hold each constant.
    pub const_users: HashMap<ObjId, usize>,
}

/// Summary of the last command's changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub new: usize,
    pub freed: usize,
    pub changed: usize,
}

/// Everything the heap panes read besides the live VM.
#[derive(Default)]
pub struct HeapView {
    pub rows: Vec<ObjRow>,
    /// Indices of rows the last command changed.
    pub changed: Vec<usize>,
    pub changes: Changes,
    pub show_startup: bool,
    max_serial: u64,
    /// `(type, repr)` of every row before the command (small heaps only).
    captured: HashMap<ObjRef, (String, String)>,
    /// The cycles now; `None` until analysed.
    pub cycles: Option<Vec<Cycle>>,
    /// The cycles at the start of the command (to judge an in-snippet `gc.collect()`).
    cycles_before: Option<Vec<Cycle>>,
    pub collection: Option<CollectionView>,
    collections_before: i64,
    line_before: Option<u32>,
    pub interned: InternedView,
    /// User code objects (for constants).
    codes: Vec<ObjRef>,
}

/// Whether `key` is still the same live object.
pub fn is_live(vm: &Vm, key: ObjRef) -> bool {
    vm.heap.is_live(key.0) && vm.heap.meta(key.0).serial == key.1
}

fn collections(vm: &Vm) -> i64 {
    vm.gc.stats.iter().map(|s| s[0]).sum()
}

impl HeapView {
    /// Nothing to show (no run yet).
    pub fn clear(&mut self) {
        let show_startup = self.show_startup;
        *self = HeapView {
            show_startup,
            ..HeapView::default()
        };
    }

    /// Whether whole-heap analyses should wait for idle time.
    pub fn heavy(vm: &Vm) -> bool {
        vm.heap.live > HEAVY
    }

    /// Rows from scratch, no change marks (a new run, or start-up objects toggled).
    pub fn rebuild(&mut self, runner: &Runner) {
        let vm = &runner.session.vm;
        let mut ids: Vec<(u64, ObjId)> = vm
            .heap
            .ids()
            .filter(|&id| self.show_startup || !vm.heap.meta(id).startup)
            .map(|id| (vm.heap.meta(id).serial, id))
            .collect();
        ids.sort_unstable();
        self.max_serial = vm
            .heap
            .ids()
            .map(|id| vm.heap.meta(id).serial)
            .max()
            .unwrap_or(0);
        self.rows = ids
            .into_iter()
            .map(|(serial, id)| {
                let o = vm.heap.get(id);
                ObjRow {
                    id,
                    serial,
                    ty: o.ty,
                    addr: o.addr,
                    before: Some(o.refcnt),
                    freed: None,
                }
            })
            .collect();
        self.codes = self
            .rows
            .iter()
            .filter(|r| matches!(vm.payload(r.id), Payload::Code(_)))
            .map(|r| r.key())
            .collect();
        self.changed.clear();
        self.changes = Changes::default();
        self.collections_before = collections(vm);
        self.interned = interned_view(runner, &self.codes);
        self.cycles = None;
        if !Self::heavy(vm) {
            self.analyse_cycles(runner);
        }
    }

    /// Before a command: remember every refcount (and, on small heaps, every repr) so the
    /// command's changes can be marked.
    pub fn before_command(&mut self, runner: &Runner, collecting: bool) {
        let vm = &runner.session.vm;
        // one pass: drop what the last step freed, remember every count
        self.rows.retain_mut(|r| {
            if r.freed.is_some() {
                return false;
            }
            match vm.heap.try_get(r.id) {
                Some(o) if vm.heap.meta(r.id).serial == r.serial => {
                    r.before = Some(o.refcnt);
                    true
                }
                _ => false,
            }
        });
        let capture = self.rows.len() <= CAPTURE_LIMIT;
        self.captured.clear();
        for r in &mut self.rows {
            if capture {
                self.captured.insert(
                    (r.id, r.serial),
                    (
                        vm.type_name(r.id),
                        crate::analysis::labels::short_repr(vm, r.id, 80),
                    ),
                );
            }
        }
        self.changed.clear();
        self.collections_before = collections(vm);
        self.line_before = runner.location().map(|l| l.1);
        if collecting && self.cycles.is_none() {
            // an explicit collection is worth the wait: its "before" is the lesson
            self.analyse_cycles(runner);
        }
        self.cycles_before = self.cycles.clone();
    }

    /// After a command: mark what it changed, find new objects, notice collections.
    pub fn after_command(&mut self, runner: &Runner) {
        let vm = &runner.session.vm;
        let mut changes = Changes::default();
        let mut changed = Vec::new();
        let captured = std::mem::take(&mut self.captured);
        let type_name_of = |ty: ObjId| {
            if vm.heap.is_live(ty) && matches!(vm.payload(ty), Payload::Type(_)) {
                vm.type_name_of_type(ty)
            } else {
                "object".to_string()
            }
        };
        for (i, r) in self.rows.iter_mut().enumerate() {
            let now = vm
                .heap
                .try_get(r.id)
                .filter(|_| vm.heap.meta(r.id).serial == r.serial);
            if let Some(o) = now {
                if r.before != Some(o.refcnt) {
                    changes.changed += 1;
                    changed.push(i);
                }
            } else if r.freed.is_none() {
                let (type_name, repr) = captured.get(&r.key()).cloned().unwrap_or_else(|| {
                    let t = type_name_of(r.ty);
                    let repr = format!("<{t} object at 0x{:x}>", r.addr);
                    (t, repr)
                });
                r.freed = Some(Box::new(Freed {
                    type_name,
                    repr,
                    refcnt: r.before.unwrap_or(0),
                }));
                changes.freed += 1;
                changed.push(i);
            }
        }
        // new objects: serials only grow, so they all come after every existing row
        // (the per-object metadata is small and dense: scan it, not the objects)
        let mut fresh: Vec<(u64, ObjId)> = (1..vm.heap.capacity())
            .map(ObjId::from_index)
            .filter_map(|id| {
                let m = vm.heap.meta(id);
                (m.serial > self.max_serial
                    && (self.show_startup || !m.startup)
                    && vm.heap.is_live(id))
                .then_some((m.serial, id))
            })
            .collect();
        fresh.sort_unstable();
        for (serial, id) in fresh {
            self.max_serial = self.max_serial.max(serial);
            let o = vm.heap.get(id);
            if matches!(o.payload, Payload::Code(_)) {
                self.codes.push((id, serial));
            }
            changed.push(self.rows.len());
            self.rows.push(ObjRow {
                id,
                serial,
                ty: o.ty,
                addr: o.addr,
                before: None,
                freed: None,
            });
            changes.new += 1;
        }
        self.codes.retain(|&k| is_live(vm, k));
        self.changed = changed;
        self.changes = changes;
        self.interned = interned_view(runner, &self.codes);

        // cycles now, and the collection this command ran, if any
        let collected = collections(vm) != self.collections_before;
        let heavy = Self::heavy(vm);
        self.cycles = None;
        if !heavy {
            self.analyse_cycles(runner);
        }
        if collected {
            if let Some(report) = vm.gc.last.clone() {
                let origin = if report.automatic {
                    Origin::Automatic
                } else if runner.log.last().map(|c| c.kind)
                    == Some(super::runner::CommandKind::Collect)
                {
                    Origin::Key
                } else {
                    Origin::Snippet {
                        line: self.line_before,
                    }
                };
                let cycles = self.cycles_before.as_ref().map(|before| {
                    let heap = LiveHeap::of(&runner.session);
                    let after = after_collection(before, &heap);
                    before
                        .iter()
                        .cloned()
                        .zip(after.into_iter().map(|c| c.state))
                        .collect()
                });
                self.collection = Some(CollectionView {
                    step: runner.session.line_events(),
                    origin,
                    report,
                    cycles,
                });
            }
        }
    }

    /// Find the cycles now (walks the whole heap).
    pub fn analyse_cycles(&mut self, runner: &Runner) {
        let heap = LiveHeap::of(&runner.session);
        self.cycles = Some(find_cycles(&heap));
    }

    /// How the last command changed a row's object.
    pub fn change(&self, row: &ObjRow, vm: &Vm) -> Change {
        if row.freed.is_some() {
            return Change::Freed;
        }
        let Some(before) = row.before else {
            return Change::New;
        };
        if !is_live(vm, row.key()) {
            return Change::Same;
        }
        let now = vm.heap.get(row.id).refcnt;
        match now.cmp(&before) {
            std::cmp::Ordering::Greater => Change::Up(now - before),
            std::cmp::Ordering::Less => Change::Down(before - now),
            std::cmp::Ordering::Equal => Change::Same,
        }
    }

    /// Rows the table shows.
    pub fn visible_len(&self, changes_only: bool) -> usize {
        if changes_only {
            self.changed.len()
        } else {
            self.rows.len()
        }
    }

    /// The `i`th row the table shows.
    pub fn visible(&self, i: usize, changes_only: bool) -> Option<&ObjRow> {
        if changes_only {
            self.changed.get(i).and_then(|&r| self.rows.get(r))
        } else {
            self.rows.get(i)
        }
    }

    /// Where an object is in the table (rows are in allocation order: binary search).
    pub fn position(&self, key: ObjRef, changes_only: bool) -> Option<usize> {
        let row = self
            .rows
            .binary_search_by(|r| r.serial.cmp(&key.1))
            .ok()
            .filter(|&i| self.rows[i].id == key.0)?;
        if changes_only {
            self.changed.binary_search(&row).ok()
        } else {
            Some(row)
        }
    }
}

fn reason_label(reason: InternReason) -> &'static str {
    match reason {
        InternReason::NotInterned => "not interned",
        InternReason::Interpreter => "interpreter",
        InternReason::DeepFrozen => "deep-frozen",
        InternReason::IdentifierConstant => "identifier-like constant",
        InternReason::Name => "name in code",
        InternReason::SysIntern => "sys.intern()",
        InternReason::AttributeName => "attribute name",
    }
}

/// The interned pane's content (cheap: the intern table, the small ints, the code objects).
fn interned_view(runner: &Runner, codes: &[ObjRef]) -> InternedView {
    let vm = &runner.session.vm;
    let at_start = |id: ObjId| runner.startup_refcnt.get(&id).copied();
    let mut v = InternedView::default();
    for (i, &id) in vm.statics.small_ints.iter().enumerate() {
        let now = vm.refcnt(id);
        let start = at_start(id).unwrap_or(now);
        if now > start {
            v.small_ints.push((i as i64 - 5, id, now, start));
        }
    }
    let mut strings: Vec<(u64, ObjId)> = Vec::new();
    for &id in vm.interned.values() {
        if !vm.heap.is_live(id) {
            continue;
        }
        let meta = vm.heap.meta(id);
        if meta.startup {
            v.startup_strings += 1;
        } else {
            strings.push((meta.serial, id));
        }
    }
    strings.sort_unstable();
    v.strings_more = strings.len().saturating_sub(MAX_INTERNED_LISTED);
    for &(_, id) in strings.iter().take(MAX_INTERNED_LISTED) {
        if let Payload::Str(s) = vm.payload(id) {
            v.strings.push((
                id,
                s.value.clone(),
                reason_label(s.intern_reason),
                vm.refcnt(id),
            ));
        }
    }
    let s = &vm.statics;
    for (name, id) in [
        ("None", s.none),
        ("True", s.true_),
        ("False", s.false_),
        ("Ellipsis", s.ellipsis),
        ("NotImplemented", s.not_implemented),
        ("()", s.empty_tuple),
        ("''", s.empty_str),
        ("b''", s.empty_bytes),
    ] {
        let now = vm.refcnt(id);
        v.singletons
            .push((name, id, now, at_start(id).unwrap_or(now)));
    }
    for &(id, _) in codes {
        if !vm.heap.is_live(id) {
            continue;
        }
        if let Payload::Code(c) = vm.payload(id) {
            for &k in &c.consts {
                *v.const_users.entry(k).or_default() += 1;
            }
            v.constants.push((
                c.qualname.clone(),
                c.source.filename.clone(),
                c.consts.clone(),
            ));
        }
    }
    v
}
