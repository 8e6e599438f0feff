//! What the heap panes show, kept up to date after every command: the objects listed with
//! what the last step changed (+1/−1, new, freed), the reference cycles now and around the
//! last collection, and the cached and interned objects.
//!
//! Which objects: by default the snippet's own ([`Scope::Snippet`]), in the order its names
//! reach them ([`crate::analysis::lesson::reach`]), the objects the last step freed kept at
//! the end, marked, until the next step; the `a` key widens the scope to everything the run
//! made (the interpreter's and IPython's machinery too, in allocation order), then to every
//! object.
//!
//! Nothing here copies the heap: a row is an object id plus the few numbers needed to mark
//! changes, and panes read everything else from the run's heap state for the rows they draw
//! (through [`HeapState`] only: the model's live heap or a recording of a real CPython). The
//! analyses that walk the whole heap (cycles) are deferred to idle time on big heaps.

use std::collections::HashMap;

use crate::analysis::cycles::after_collection;
use crate::analysis::lesson::{self, Reach, Scope};
use crate::analysis::{find_cycles, Cycle, CycleState, HeapState};
use crate::gc::CollectionReport;
use crate::object::ObjId;

use super::phases::time;
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
    /// The name or path that reached it before the step (the snippet's scope only).
    pub path: Option<String>,
}

/// One row of the refcount table.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjRow {
    pub id: ObjId,
    pub serial: u64,
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
    /// How the snippet named the objects it found, before it ran (`a`, `a.partner`).
    pub names: HashMap<ObjRef, String>,
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
    /// Which objects are listed (`a` widens it).
    pub scope: Scope,
    /// What the snippet's names reach now, and how (names the members of cycles).
    pub reach: Option<Reach>,
    /// The last path each cycle member was reached by, kept after nothing reaches it any
    /// more (`was my_var.b`).
    pub known_paths: HashMap<ObjRef, String>,
    /// Every object's refcount before the command, by id (with its serial), to mark the
    /// objects that became the snippet's during it (`x = 10`: the cached 10, +1).
    counts_before: Vec<(u64, i64)>,
    /// Every object of the scope up to this serial is a row (the scopes past the snippet's;
    /// for the snippet's, the newest serial at the command's start).
    max_serial: u64,
    /// The change log's epoch when [`HeapView::before_command`] marked it: the log counts
    /// from this view's marks while it still has that epoch.
    marked: Option<u32>,
    /// `(type, repr, path)` of every row before the command (small heaps only).
    captured: HashMap<ObjRef, (String, String, Option<String>)>,
    /// The cycles now; `None` until analysed.
    pub cycles: Option<Vec<Cycle>>,
    /// The cycles at the start of the command (to judge an in-snippet `gc.collect()`).
    cycles_before: Option<Vec<Cycle>>,
    pub collection: Option<CollectionView>,
    collections_before: i64,
    /// The editor line the run stood at before the command (the line it ran).
    pub line_before: Option<u32>,
    pub interned: InternedView,
    /// User code objects (for constants).
    codes: Vec<ObjRef>,
}

/// Whether `key` is still the same live object.
pub fn is_live<H: HeapState + ?Sized>(heap: &H, key: ObjRef) -> bool {
    heap.is_live(key.0) && heap.serial(key.0) == key.1
}

/// The newest allocation serial of a state (objects above it are newer).
pub fn newest_serial<H: HeapState + ?Sized>(heap: &H) -> u64 {
    heap.newest_serial()
}

/// A freed object's description when nothing was captured before the step.
fn freed_fallback(addr: u64) -> (String, String, Option<String>) {
    (
        "object".to_string(),
        format!("<object at 0x{addr:x}>"),
        None,
    )
}

impl HeapView {
    /// Nothing to show (no run yet).
    pub fn clear(&mut self) {
        let scope = self.scope;
        *self = HeapView {
            scope,
            ..HeapView::default()
        };
    }

    fn show_startup(&self) -> bool {
        self.scope == Scope::All
    }

    /// The snippet's own objects now, in the order its names reach them: the rows of
    /// [`Scope::Snippet`]. With `marks`, refcounts before the command mark what changed;
    /// the rows it freed stay at the end.
    fn snippet_rows(&mut self, runner: &Runner, marks: bool) {
        let heap = runner.heap();
        let frames = crate::analysis::frames::frames(&heap);
        let seeds: Vec<ObjId> = self
            .cycles
            .iter()
            .flatten()
            .filter(|c| c.state == CycleState::Unreachable)
            .flat_map(|c| c.members.iter().map(|m| m.id))
            .collect();
        // bounded by what a pane can list: a step on 10^6 objects walks HEAVY of them
        let reach = time("reach", || {
            lesson::reach_capped(&heap, &frames, &seeds, HEAVY)
        });
        let log = runner.changes();
        let old = std::mem::take(&mut self.rows);
        let mut rows: Vec<ObjRow> = Vec::with_capacity(reach.order.len());
        for &id in &reach.order {
            let refcnt = heap.refcnt(id);
            let serial = heap.serial(id);
            let before = if !marks {
                Some(refcnt)
            } else if serial > self.max_serial {
                None
            } else if let Some(log) = log {
                // written since the mark: the count it had then; else unchanged
                Some(log.before(id, serial).unwrap_or(refcnt))
            } else {
                match self.counts_before.get(id.index()) {
                    Some(&(s, n)) if s == serial => Some(n),
                    _ => Some(refcnt),
                }
            };
            rows.push(ObjRow {
                id,
                serial,
                addr: heap.addr(id),
                before,
                freed: None,
            });
        }
        if marks {
            let captured = std::mem::take(&mut self.captured);
            for r in old.into_iter().filter(|r| r.freed.is_none()) {
                if is_live(&heap, r.key()) {
                    continue;
                }
                let (type_name, repr, path) = captured
                    .get(&r.key())
                    .cloned()
                    .unwrap_or_else(|| freed_fallback(r.addr));
                let refcnt = r.before.unwrap_or(0);
                rows.push(ObjRow {
                    freed: Some(Box::new(Freed {
                        type_name,
                        repr,
                        refcnt,
                        path: path.map(|p| {
                            if p.starts_with('(') {
                                p
                            } else {
                                format!("(was {p})")
                            }
                        }),
                    })),
                    ..r
                });
            }
        }
        let mut changes = Changes::default();
        let mut changed = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            match self.change(r, &heap) {
                Change::Same => continue,
                Change::New => changes.new += 1,
                Change::Freed => changes.freed += 1,
                Change::Up(_) | Change::Down(_) => changes.changed += 1,
            }
            changed.push(i);
        }
        self.rows = rows;
        self.changed = changed;
        self.changes = changes;
        // the last path of every cycle member, for when nothing reaches it any more
        self.known_paths.retain(|k, _| is_live(&heap, *k));
        for c in self.cycles.iter().flatten() {
            for m in &c.members {
                if let Some(p) = reach.path(&heap, m.id) {
                    self.known_paths.insert((m.id, m.serial), p);
                }
            }
        }
        self.reach = Some(reach);
    }

    /// Rows from scratch, no change marks (a new run, or start-up objects toggled).
    pub fn rebuild(&mut self, runner: &Runner) {
        let heap = runner.heap();
        let show_startup = self.show_startup();
        let all = heap.object_ids();
        let mut ids: Vec<(u64, ObjId)> = all
            .iter()
            .filter(|&&id| show_startup || !heap.is_startup(id))
            .map(|&id| (heap.serial(id), id))
            .collect();
        ids.sort_unstable();
        // every live object is a row now (or out of the scope): the rows follow the heap up
        // to the newest serial handed out
        self.max_serial = heap.newest_serial();
        self.rows = ids
            .into_iter()
            .map(|(serial, id)| ObjRow {
                id,
                serial,
                addr: heap.addr(id),
                before: Some(heap.refcnt(id)),
                freed: None,
            })
            .collect();
        self.codes = self
            .rows
            .iter()
            .filter(|r| heap.type_str(r.id) == "code")
            .map(|r| r.key())
            .collect();
        self.changed.clear();
        self.changes = Changes::default();
        self.collections_before = runner.collections();
        self.cycles = None;
        if !runner.heavy() {
            self.analyse_cycles(runner);
        }
        if self.scope == Scope::Snippet {
            self.snippet_rows(runner, false);
        } else {
            self.reach = None;
        }
        self.interned = interned_view(runner, &self.codes, self.own());
    }

    /// Whether the snippet's names reach more objects than the rows list (a big heap: the
    /// walk stops at [`HEAVY`] objects).
    pub fn unlisted(&self) -> bool {
        self.scope == Scope::Snippet && self.reach.as_ref().is_some_and(|r| r.truncated)
    }

    /// The snippet's own objects, when the view lists only those.
    fn own(&self) -> Option<&Reach> {
        self.reach.as_ref().filter(|_| self.scope == Scope::Snippet)
    }

    /// Before a command: remember every refcount (and, on small heaps, every repr) so the
    /// command's changes can be marked.
    pub fn before_command(&mut self, runner: &mut Runner, collecting: bool) {
        if !self.rows_from_log(runner) {
            // one pass: drop what the last step freed, remember every count
            let heap = runner.heap();
            self.rows.retain_mut(|r| {
                if r.freed.is_some() || !is_live(&heap, r.key()) {
                    return false;
                }
                r.before = Some(heap.refcnt(r.id));
                true
            });
        }
        // the model's change log counts from here: the marks cost what the command changes
        runner.mark_changes();
        self.marked = runner.changes().map(|log| log.epoch());
        let runner = &*runner;
        let heap = runner.heap();
        let capture = self.rows.len() <= CAPTURE_LIMIT;
        self.captured.clear();
        let learner = self.scope == Scope::Snippet;
        let mut captured = std::mem::take(&mut self.captured);
        for r in &self.rows {
            if capture {
                captured.insert(
                    (r.id, r.serial),
                    (
                        heap.type_name(r.id),
                        heap.short_repr(r.id, 80),
                        if learner {
                            self.name_of(&heap, r.id)
                        } else {
                            None
                        },
                    ),
                );
            }
        }
        self.captured = captured;
        self.changed.clear();
        self.collections_before = runner.collections();
        self.line_before = runner.location().map(|l| l.1);
        if self.scope == Scope::Snippet && runner.changes().is_some() {
            // the change log keeps the counts the command writes over
            self.counts_before = Vec::new();
            self.max_serial = heap.newest_serial().max(self.max_serial);
        } else if self.scope == Scope::Snippet {
            self.counts_before.clear();
            self.counts_before.resize(heap.capacity().max(1), (0, 0)); // index 0 is no object
            let mut newest = 0;
            for id in heap.object_ids() {
                let serial = heap.serial(id);
                newest = newest.max(serial);
                if let Some(slot) = self.counts_before.get_mut(id.index()) {
                    *slot = (serial, heap.refcnt(id));
                }
            }
            self.max_serial = newest.max(self.max_serial);
        }
        if collecting && self.cycles.is_none() {
            // an explicit collection is worth the wait: its "before" is the lesson
            self.analyse_cycles(runner);
        }
        self.cycles_before = self.cycles.clone();
    }

    /// Whether the rows list every object of the scope up to the change log's mark, in
    /// serial order (the scopes past the snippet's: [`HeapView::rebuild`] sorts them, new
    /// objects are appended, freed ones removed), so that the log's entries can be found
    /// in them by serial.
    fn rows_follow_log(&self, log: &crate::heap::changelog::ChangeLog) -> bool {
        self.scope != Scope::Snippet
            && self.marked == Some(log.epoch())
            && self.max_serial >= log.mark_serial()
    }

    /// The row of the object `(id, serial)`, by binary search of the rows' serials (see
    /// [`HeapView::rows_follow_log`]).
    fn row_of(&self, id: ObjId, serial: u64) -> Option<usize> {
        let i = self.rows.binary_search_by_key(&serial, |r| r.serial).ok()?;
        (self.rows[i].id == id).then_some(i)
    }

    /// Before a command, the scopes past the snippet's with the model's change log (before
    /// it is marked again): only the rows the log names since its last mark can have a new
    /// count or be gone; every other row's count is the one it had, so the rows are brought
    /// up to date by what the last command (and anything since) did, not by a pass over a
    /// million rows. False when the rows do not follow the log: the caller walks them all.
    fn rows_from_log(&mut self, runner: &Runner) -> bool {
        let Some(log) = runner.changes() else {
            return false;
        };
        if !self.rows_follow_log(log) {
            return false;
        }
        let heap = runner.heap();
        let mut gone = self.changes.freed > 0;
        let named = log
            .touched()
            .iter()
            .map(|t| (t.0, t.1))
            .chain(log.allocated_since().iter().copied())
            .chain(log.freed_since().iter().copied());
        for (id, serial) in named {
            let Some(i) = self.row_of(id, serial) else {
                continue;
            };
            if is_live(&heap, (id, serial)) {
                self.rows[i].before = Some(heap.refcnt(id));
            } else if self.rows[i].freed.is_none() {
                // freed since the last command's marks: dropped below, as a marked row is
                self.rows[i].before = None;
                self.rows[i].freed = Some(Box::new(Freed {
                    type_name: String::new(),
                    repr: String::new(),
                    refcnt: 0,
                    path: None,
                }));
                gone = true;
            }
        }
        if gone {
            self.rows.retain(|r| r.freed.is_none());
        }
        true
    }

    /// After a command in the scopes past the snippet's, from the model's change log: the
    /// rows whose count the command wrote, the rows it freed (found by serial), and the
    /// objects it made. `(changed rows, counts)`; `None` when the rows do not follow the log.
    fn marks_from_log(
        &mut self,
        runner: &Runner,
        captured: &HashMap<ObjRef, (String, String, Option<String>)>,
    ) -> Option<(Vec<usize>, Changes)> {
        let log = runner.changes()?;
        if !self.rows_follow_log(log) {
            return None;
        }
        let heap = runner.heap();
        let mut changes = Changes::default();
        let mut changed = Vec::new();
        for &(id, serial, _) in log.touched() {
            let Some(i) = self.row_of(id, serial) else {
                continue;
            };
            let r = &self.rows[i];
            if is_live(&heap, r.key()) && r.before != Some(heap.refcnt(r.id)) {
                changes.changed += 1;
                changed.push(i);
            }
        }
        for &(id, serial) in log.freed_since() {
            let Some(i) = self.row_of(id, serial) else {
                continue;
            };
            let r = &mut self.rows[i];
            if r.freed.is_some() {
                continue;
            }
            let (type_name, repr, _) = captured
                .get(&r.key())
                .cloned()
                .unwrap_or_else(|| freed_fallback(r.addr));
            r.freed = Some(Box::new(Freed {
                type_name,
                repr,
                refcnt: r.before.unwrap_or(0),
                path: None,
            }));
            changes.freed += 1;
            changed.push(i);
        }
        changed.sort_unstable();
        Some((changed, changes))
    }

    /// The objects made since the marks the rows list (in serial order), with the
    /// change log: the objects it logged as made that are still alive; else every live
    /// object newer than the rows.
    fn fresh_objects(&self, runner: &Runner, show_startup: bool) -> Vec<(u64, ObjId)> {
        let heap = runner.heap();
        let keep = |id: ObjId, serial: u64| {
            serial > self.max_serial && (show_startup || !heap.is_startup(id))
        };
        if let Some(log) = runner.changes().filter(|l| self.rows_follow_log(l)) {
            return log
                .allocated_since()
                .iter()
                .filter(|&&(id, serial)| is_live(&heap, (id, serial)) && keep(id, serial))
                .map(|&(id, serial)| (serial, id))
                .collect();
        }
        let mut fresh: Vec<(u64, ObjId)> = heap
            .object_ids()
            .into_iter()
            .filter_map(|id| {
                let serial = heap.serial(id);
                keep(id, serial).then_some((serial, id))
            })
            .collect();
        fresh.sort_unstable();
        fresh
    }

    /// After a command: mark what it changed, find new objects, notice collections.
    pub fn after_command(&mut self, runner: &Runner) {
        if self.scope == Scope::Snippet {
            // cycles first: the unreachable ones are the snippet's too
            time("cycles", || self.after_command_cycles(runner));
            time("snippet_rows", || self.snippet_rows(runner, true));
            self.interned = time("interned_view", || {
                interned_view(runner, &self.codes, self.own())
            });
            return;
        }
        let show_startup = self.show_startup();
        let heap = runner.heap();
        let captured = std::mem::take(&mut self.captured);
        // new objects: serials only grow, so they all come after every existing row
        let fresh = self.fresh_objects(runner, show_startup);
        let (mut changed, mut changes) = match self.marks_from_log(runner, &captured) {
            Some(marks) => marks,
            None => {
                let mut changes = Changes::default();
                let mut changed = Vec::new();
                for (i, r) in self.rows.iter_mut().enumerate() {
                    if is_live(&heap, r.key()) {
                        if r.before != Some(heap.refcnt(r.id)) {
                            changes.changed += 1;
                            changed.push(i);
                        }
                    } else if r.freed.is_none() {
                        let (type_name, repr, _) = captured
                            .get(&r.key())
                            .cloned()
                            .unwrap_or_else(|| freed_fallback(r.addr));
                        r.freed = Some(Box::new(Freed {
                            type_name,
                            repr,
                            refcnt: r.before.unwrap_or(0),
                            path: None,
                        }));
                        changes.freed += 1;
                        changed.push(i);
                    }
                }
                (changed, changes)
            }
        };
        for (serial, id) in fresh {
            self.max_serial = self.max_serial.max(serial);
            if heap.type_str(id) == "code" {
                self.codes.push((id, serial));
            }
            changed.push(self.rows.len());
            self.rows.push(ObjRow {
                id,
                serial,
                addr: heap.addr(id),
                before: None,
                freed: None,
            });
            changes.new += 1;
        }
        self.codes.retain(|&k| is_live(&heap, k));
        self.changed = changed;
        self.changes = changes;
        // every object made since is a row now, or out of the scope
        self.max_serial = self.max_serial.max(heap.newest_serial());
        self.interned = interned_view(runner, &self.codes, None);
        self.after_command_cycles(runner);
    }

    /// After a command: the cycles now, and the collection it ran, if any.
    fn after_command_cycles(&mut self, runner: &Runner) {
        let collected = runner.collections() != self.collections_before;
        self.cycles = None;
        if !runner.heavy() {
            self.analyse_cycles(runner);
        }
        if collected {
            if let Some(report) = runner.last_collection().cloned() {
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
                    let heap = runner.heap();
                    let after = after_collection(before, &heap);
                    before
                        .iter()
                        .cloned()
                        .zip(after.into_iter().map(|c| c.state))
                        .collect()
                });
                let names = report
                    .unreachable
                    .iter()
                    .chain(&report.finalized)
                    .chain(&report.resurrected)
                    .filter_map(|o| {
                        let key = (o.id, o.serial);
                        self.known_paths.get(&key).map(|p| (key, p.clone()))
                    })
                    .collect();
                self.collection = Some(CollectionView {
                    step: runner.step(),
                    origin,
                    report,
                    cycles,
                    names,
                });
            }
        }
    }

    /// Find the cycles now (walks the whole heap).
    pub fn analyse_cycles(&mut self, runner: &Runner) {
        let heap = runner.heap();
        self.cycles = Some(find_cycles(&heap));
    }

    /// How the last command changed a row's object.
    pub fn change<H: HeapState + ?Sized>(&self, row: &ObjRow, heap: &H) -> Change {
        if row.freed.is_some() {
            return Change::Freed;
        }
        let Some(before) = row.before else {
            return Change::New;
        };
        if !is_live(heap, row.key()) {
            return Change::Same;
        }
        let now = heap.refcnt(row.id);
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

    /// Where an object is in the table: a scan of the rows (asked once per step or key
    /// press, it costs less than keeping a map of every row up to date at every step).
    pub fn position(&self, key: ObjRef, changes_only: bool) -> Option<usize> {
        let row = self
            .rows
            .iter()
            .position(|r| r.id == key.0 && r.serial == key.1)?;
        if changes_only {
            self.changed.binary_search(&row).ok()
        } else {
            Some(row)
        }
    }

    /// How the snippet names an object now: the path from a name (`head.next`); for what
    /// nothing named reaches, the path it had (`(was a)`, `(was a.name)`).
    pub fn name_of<H: crate::analysis::HeapState>(&self, heap: &H, id: ObjId) -> Option<String> {
        let reach = self.reach.as_ref()?;
        let serial = heap.serial(id);
        match reach.route(heap, id) {
            Some((lesson::Start::Name(n), rest)) => Some(n + &rest),
            Some((lesson::Start::Seed(seed), rest)) => {
                match self.known_paths.get(&(seed, heap.serial(seed))) {
                    Some(p) => Some(format!("(was {p}{rest})")),
                    None => Some("(unreachable)".into()),
                }
            }
            None => self
                .known_paths
                .get(&(id, serial))
                .map(|p| format!("(was {p})")),
        }
    }

    /// The first row of the table (for the cursor of a new run).
    pub fn first(&self) -> Option<ObjRef> {
        self.rows.first().map(ObjRow::key)
    }
}

/// The interned pane's content (cheap: the intern table, the small ints, the code objects).
/// With `own` (the snippet's objects), only what the snippet uses: the small ints and
/// interned strings its names reach, the names it bound, its functions' constants.
fn interned_view(runner: &Runner, codes: &[ObjRef], own: Option<&Reach>) -> InternedView {
    let heap = runner.heap();
    let at_start = |id: ObjId| runner.startup_refcnt.get(&id).copied();
    let mut v = InternedView::default();
    for (n, id) in heap.small_ints() {
        let now = heap.refcnt(id);
        let start = at_start(id).unwrap_or(now);
        let used = match own {
            Some(r) => r.contains(id),
            None => now > start,
        };
        if used {
            v.small_ints.push((n, id, now, start));
        }
    }
    // the snippet's names, whose strings the compiler interned
    let names: std::collections::HashSet<String> = match own {
        Some(_) => crate::analysis::frames::frames(&heap)
            .into_iter()
            .flat_map(|f| f.names.into_iter().map(|n| n.0))
            .collect(),
        None => Default::default(),
    };
    let mut strings: Vec<(u64, ObjId, &'static str)> = Vec::new();
    for (id, reason) in heap.interned_strings() {
        let listed = match own {
            Some(r) => r.contains(id) || heap.str_value(id).is_some_and(|t| names.contains(&t)),
            None => !heap.is_startup(id),
        };
        if listed {
            strings.push((heap.serial(id), id, reason));
        } else {
            v.startup_strings += 1;
        }
    }
    strings.sort_unstable();
    v.strings_more = strings.len().saturating_sub(MAX_INTERNED_LISTED);
    for &(_, id, reason) in strings.iter().take(MAX_INTERNED_LISTED) {
        if let Some(text) = heap.str_value(id) {
            v.strings.push((id, text, reason, heap.refcnt(id)));
        }
    }
    for (name, id) in heap.singletons() {
        let now = heap.refcnt(id);
        v.singletons
            .push((name, id, now, at_start(id).unwrap_or(now)));
    }
    // the snippet's functions' code objects (their constants are the lesson's)
    let own_codes: Vec<ObjRef> = match own {
        Some(r) => r
            .order
            .iter()
            .filter(|&&f| heap.type_str(f) == "function")
            .filter_map(|&f| {
                let mut code = None;
                heap.for_each_edge(f, &mut |e| {
                    if e.slot == crate::object::Slot::Field("__code__") {
                        code = Some(e.target);
                    }
                });
                code.map(|c| (c, heap.serial(c)))
            })
            .collect(),
        None => Vec::new(),
    };
    let codes = if own.is_some() { &own_codes[..] } else { codes };
    for &(id, _) in codes {
        if !heap.is_live(id) {
            continue;
        }
        if let Some(c) = heap.code_info(id) {
            for &k in &c.consts {
                *v.const_users.entry(k).or_default() += 1;
            }
            v.constants.push((c.qualname, c.file, c.consts));
        }
    }
    v
}
