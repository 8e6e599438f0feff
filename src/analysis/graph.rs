//! The heap as a petgraph graph, read in place through petgraph's visit traits (no copy): a node
//! is an object id, its neighbours are the objects it references. A filter can hide edges (so
//! cycle finding can ignore the references every instance holds to its class, for instance).

use fixedbitset::FixedBitSet;
use petgraph::visit::{
    GraphBase, IntoNeighbors, IntoNodeIdentifiers, NodeIndexable, VisitMap, Visitable,
};

use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};

use super::HeapState;

/// Which edges and nodes a graph shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Every reference (reachability).
    All,
    /// The references that make the cycles a lesson is about: no instance → class links, no
    /// function → globals/builtins links, no interpreter start-up objects.
    Lesson,
}

pub struct HeapGraph<'a, H: HeapState + ?Sized> {
    pub heap: &'a H,
    pub view: View,
}

impl<'a, H: HeapState + ?Sized> HeapGraph<'a, H> {
    pub fn new(heap: &'a H, view: View) -> Self {
        HeapGraph { heap, view }
    }

    fn keeps_node(&self, id: ObjId) -> bool {
        self.view == View::All || !self.heap.is_startup(id)
    }

    fn keeps_edge(&self, e: &Edge) -> bool {
        match self.view {
            View::All => true,
            View::Lesson => {
                !matches!(
                    e.slot,
                    Slot::Type
                        | Slot::Field("__globals__")
                        | Slot::Field("__builtins__")
                        | Slot::Field("__module__")
                        | Slot::Field("f_globals")
                ) && self.keeps_node(e.target)
            }
        }
    }

    /// The objects `id` references (through kept edges).
    pub fn targets(&self, id: ObjId) -> Vec<ObjId> {
        let mut out = Vec::new();
        if !self.keeps_node(id) {
            return out;
        }
        self.heap.for_each_edge(id, &mut |e| {
            if self.keeps_edge(&e) {
                out.push(e.target);
            }
        });
        out
    }
}

impl<H: HeapState + ?Sized> GraphBase for HeapGraph<'_, H> {
    type NodeId = ObjId;
    type EdgeId = ();
}

impl<H: HeapState + ?Sized> NodeIndexable for HeapGraph<'_, H> {
    fn node_bound(&self) -> usize {
        self.heap.capacity()
    }
    fn to_index(&self, a: ObjId) -> usize {
        a.index()
    }
    fn from_index(&self, i: usize) -> ObjId {
        ObjId::from_index(i)
    }
}

impl<H: HeapState + ?Sized> IntoNeighbors for &HeapGraph<'_, H> {
    type Neighbors = std::vec::IntoIter<ObjId>;
    fn neighbors(self, a: ObjId) -> Self::Neighbors {
        self.targets(a).into_iter()
    }
}

impl<H: HeapState + ?Sized> IntoNodeIdentifiers for &HeapGraph<'_, H> {
    type NodeIdentifiers = std::vec::IntoIter<ObjId>;
    fn node_identifiers(self) -> Self::NodeIdentifiers {
        let ids: Vec<ObjId> = self
            .heap
            .object_ids()
            .into_iter()
            .filter(|&id| self.keeps_node(id))
            .collect();
        ids.into_iter()
    }
}

/// A visited-set over object ids: one bit per arena slot.
#[derive(Clone, Debug)]
pub struct ObjBitSet(pub FixedBitSet);

impl ObjBitSet {
    pub fn contains(&self, id: ObjId) -> bool {
        self.0.contains(id.index())
    }
}

impl VisitMap<ObjId> for ObjBitSet {
    fn visit(&mut self, a: ObjId) -> bool {
        !self.0.put(a.index())
    }
    fn is_visited(&self, a: &ObjId) -> bool {
        self.0.contains(a.index())
    }
    fn unvisit(&mut self, a: ObjId) -> bool {
        let was = self.0.contains(a.index());
        self.0.set(a.index(), false);
        was
    }
}

impl<H: HeapState + ?Sized> Visitable for HeapGraph<'_, H> {
    type Map = ObjBitSet;
    fn visit_map(&self) -> ObjBitSet {
        ObjBitSet(FixedBitSet::with_capacity(self.heap.capacity()))
    }
    fn reset_map(&self, map: &mut ObjBitSet) {
        map.0.clear();
        map.0.grow(self.heap.capacity());
    }
}
