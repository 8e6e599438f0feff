//! Read-only questions about a heap state, for every view (TUI panes, `run --report`, exports):
//! the reference cycles and whether they can still be reached, who holds each reference, why
//! two names share one object, and what changed between two states.
//!
//! Everything reads a heap through one interface, [`HeapState`]: the live VM ([`LiveHeap`])
//! and a captured [`snapshot::Snapshot`] both implement it, so "before" and "after" a
//! `gc.collect()` are two states compared, never a mutation.

pub mod cycles;
pub mod frames;
pub mod graph;
pub mod holders;
pub mod labels;
pub mod report;
pub mod sharing;
pub mod snapshot;

use crate::heap::traverse::{traverse, Edge};
use crate::object::{GcState, ObjId, Payload};
use crate::vm::session::Session;
use crate::vm::{RootRef, Vm};

pub use cycles::{find_cycles, Cycle, CycleState};
pub use holders::{all_holders, holders_of, Holder};
pub use sharing::{why_shared, Shared};
pub use snapshot::{diff, HeapDiff, Snapshot};

/// What the views need to know about one object.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectInfo {
    pub id: ObjId,
    /// Allocation serial: distinguishes an object from a later one at the same id.
    pub serial: u64,
    pub addr: u64,
    pub type_name: String,
    pub refcnt: i64,
    /// `sys.getsizeof`.
    pub size: usize,
    pub gc: GcInfo,
    /// Made by the interpreter before the snippet ran (builtins, types, caches).
    pub startup: bool,
    /// References a static object starts with (interpreter-wide, not listed one by one).
    pub static_refs: i64,
    /// A short repr that runs no Python code (`[1, 2, 3]`, `<A at 0x7f...>`).
    pub repr: String,
    /// How a holder list names this object (`list @0x7f...`, `__main__ globals`).
    pub label: String,
}

/// An object's place in the collector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcInfo {
    /// Not a container (ints, strs...): never tracked.
    NotGc,
    Untracked,
    Generation(u8),
    /// Interpreter objects the collector never examines.
    Permanent,
}

/// A reference held by the interpreter rather than by an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A VM root (frames, modules, the exception being handled...).
    Vm(RootRef),
    /// The parser arena of the running script (or the running cell's AST).
    ParserArena,
    /// The code object of the running top-level unit.
    RunningCode,
}

/// The read-only view of a heap state.
pub trait HeapState {
    /// One past the largest object id (for dense tables).
    fn capacity(&self) -> usize;
    /// Every live object.
    fn object_ids(&self) -> Vec<ObjId>;
    fn is_live(&self, id: ObjId) -> bool;
    fn info(&self, id: ObjId) -> ObjectInfo;
    /// The references `id` owns, in `tp_traverse` order.
    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge));
    /// The references the interpreter holds.
    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId));
    /// The text of a str object (dict keys, attribute names), if it is one.
    fn str_value(&self, id: ObjId) -> Option<String>;
    /// Made before the snippet ran.
    fn is_startup(&self, id: ObjId) -> bool;
    /// The allocation serial of a live object.
    fn serial(&self, id: ObjId) -> u64;
    /// How holder lists name this object (`__main__ globals`, `co_consts of f`, `list @0x7f...`).
    fn label(&self, id: ObjId) -> String;
    /// References a static object starts with (cheaper than `info`).
    fn static_refs(&self, id: ObjId) -> i64;
    /// The type name (cheaper than `info`).
    fn type_name(&self, id: ObjId) -> String;
    /// The reference count (cheaper than `info`, which also renders a repr and a label).
    fn refcnt(&self, id: ObjId) -> i64 {
        self.info(id).refcnt
    }
}

/// The live heap of a session (or a bare VM), read in place.
pub struct LiveHeap<'a> {
    pub vm: &'a Vm,
    extra: Vec<(Root, ObjId)>,
    /// Labels of objects with a role (globals, class namespaces, `co_consts`), made on first use.
    roles: std::cell::OnceCell<std::collections::HashMap<ObjId, String>>,
}

impl<'a> LiveHeap<'a> {
    /// A bare VM (no session-held references).
    pub fn new(vm: &'a Vm) -> LiveHeap<'a> {
        LiveHeap {
            vm,
            extra: Vec::new(),
            roles: std::cell::OnceCell::new(),
        }
    }

    /// A session's heap, including the references the session holds (parser arena, the
    /// running code object).
    pub fn of(session: &'a Session) -> LiveHeap<'a> {
        let mut extra = Vec::new();
        for (i, id) in session.extra_roots().into_iter().enumerate() {
            extra.push((
                if i == 0 && session.running_code() == Some(id) {
                    Root::RunningCode
                } else {
                    Root::ParserArena
                },
                id,
            ));
        }
        LiveHeap {
            vm: &session.vm,
            extra,
            roles: std::cell::OnceCell::new(),
        }
    }
}

impl HeapState for LiveHeap<'_> {
    fn capacity(&self) -> usize {
        self.vm.heap.capacity()
    }

    fn object_ids(&self) -> Vec<ObjId> {
        self.vm.heap.ids().collect()
    }

    fn is_live(&self, id: ObjId) -> bool {
        self.vm.heap.is_live(id)
    }

    fn info(&self, id: ObjId) -> ObjectInfo {
        let o = self.vm.heap.get(id);
        let meta = self.vm.heap.meta(id);
        let gc = if !o.is_gc() {
            GcInfo::NotGc
        } else {
            match o.gc {
                GcState::Untracked => GcInfo::Untracked,
                GcState::Gen(g) => GcInfo::Generation(g),
                GcState::Permanent => GcInfo::Permanent,
                GcState::Collecting | GcState::Visited | GcState::Pending => GcInfo::Generation(2),
            }
        };
        ObjectInfo {
            id,
            serial: meta.serial,
            addr: o.addr,
            type_name: self.vm.type_name(id),
            refcnt: o.refcnt,
            size: self.vm.sizeof(id),
            gc,
            startup: meta.startup,
            static_refs: meta.base_refs,
            repr: labels::short_repr(self.vm, id, 60),
            label: self.label(id),
        }
    }

    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge)) {
        traverse(&self.vm.heap, id, f);
    }

    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId)) {
        self.vm.visit_roots(&mut |r, id| f(&Root::Vm(r), id));
        for (r, id) in &self.extra {
            f(r, *id);
        }
    }

    fn str_value(&self, id: ObjId) -> Option<String> {
        match self.vm.payload(id) {
            Payload::Str(s) => Some(s.value.clone()),
            _ => None,
        }
    }

    fn is_startup(&self, id: ObjId) -> bool {
        self.vm.heap.meta(id).startup
    }

    fn serial(&self, id: ObjId) -> u64 {
        self.vm.heap.meta(id).serial
    }

    fn label(&self, id: ObjId) -> String {
        let roles = self.roles.get_or_init(|| labels::roles(self.vm));
        roles
            .get(&id)
            .cloned()
            .unwrap_or_else(|| labels::label(self.vm, id))
    }

    fn static_refs(&self, id: ObjId) -> i64 {
        self.vm.heap.meta(id).base_refs
    }

    fn refcnt(&self, id: ObjId) -> i64 {
        self.vm.refcnt(id)
    }
    fn type_name(&self, id: ObjId) -> String {
        self.vm.type_name(id)
    }
}
