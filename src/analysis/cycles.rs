//! Reference cycles: the strongly connected components of the heap (a self-reference counts as
//! a cycle), found with an iterative Tarjan over petgraph's visit traits, and whether each can
//! still be reached from a root — or is garbage that only the cycle collector will free.
//!
//! petgraph's own `tarjan_scc` recurses once per node and overflows the stack on a long chain
//! (a million-element linked list is a normal heap); this one keeps its stack on the heap.

use petgraph::visit::{Dfs, IntoNeighbors, IntoNodeIdentifiers, NodeIndexable};

use crate::object::ObjId;

use super::graph::{HeapGraph, ObjBitSet, View};
use super::{HeapState, ObjectInfo};

/// Where a cycle stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CycleState {
    /// Some root (a namespace, a frame, the output history) still reaches it.
    Reachable,
    /// Nothing reaches it, but it is still in memory: only a collection can free it.
    Unreachable,
    /// The last collection freed it.
    Freed,
    /// It was examined by the last collection and is still alive.
    Survived,
}

impl CycleState {
    pub fn describe(self) -> &'static str {
        match self {
            CycleState::Reachable => "reachable",
            CycleState::Unreachable => "unreachable, not yet freed",
            CycleState::Freed => "freed by the last collection",
            CycleState::Survived => "survived the last collection",
        }
    }
}

/// One reference cycle.
#[derive(Clone, Debug, PartialEq)]
pub struct Cycle {
    /// The objects of the strongly connected component, in discovery order.
    pub members: Vec<ObjectInfo>,
    pub state: CycleState,
    /// The cycle goes through a class object (a class and its `__mro__`, methods...).
    pub involves_class: bool,
}

/// `tarjan_scc` without recursion, generic over petgraph's visit traits. Components come out
/// in reverse topological order, as petgraph's do.
pub fn tarjan_scc_iterative<G>(g: G) -> Vec<Vec<G::NodeId>>
where
    G: IntoNeighbors + IntoNodeIdentifiers + NodeIndexable,
{
    const UNVISITED: usize = usize::MAX;
    let n = g.node_bound();
    let mut index = vec![UNVISITED; n];
    let mut lowlink = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<G::NodeId> = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;
    // the explicit call stack: (node, its neighbours, how many were explored)
    let mut call: Vec<(G::NodeId, Vec<G::NodeId>, usize)> = Vec::new();
    for root in g.node_identifiers() {
        if index[g.to_index(root)] != UNVISITED {
            continue;
        }
        let ri = g.to_index(root);
        index[ri] = next_index;
        lowlink[ri] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[ri] = true;
        call.push((root, g.neighbors(root).collect(), 0));
        while let Some((v, neighbours, pos)) = call.last_mut() {
            let vi = g.to_index(*v);
            if *pos < neighbours.len() {
                let w = neighbours[*pos];
                *pos += 1;
                let wi = g.to_index(w);
                if index[wi] == UNVISITED {
                    index[wi] = next_index;
                    lowlink[wi] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    let ns = g.neighbors(w).collect();
                    call.push((w, ns, 0));
                } else if on_stack[wi] {
                    lowlink[vi] = lowlink[vi].min(index[wi]);
                }
                continue;
            }
            // all neighbours done: v's component is complete if v is its root
            call.pop();
            if let Some((parent, _, _)) = call.last() {
                let pi = g.to_index(*parent);
                lowlink[pi] = lowlink[pi].min(lowlink[vi]);
            }
            if lowlink[vi] == index[vi] {
                let mut component = Vec::new();
                loop {
                    let w = stack.pop().expect("tarjan stack");
                    on_stack[g.to_index(w)] = false;
                    component.push(w);
                    if g.to_index(w) == vi {
                        break;
                    }
                }
                component.reverse();
                components.push(component);
            }
        }
    }
    components
}

/// Everything the roots reach (through every reference), as a bitmap over object ids.
pub fn reachable_from_roots<H: HeapState + ?Sized>(heap: &H) -> ObjBitSet {
    let graph = HeapGraph::new(heap, View::All);
    let mut starts = Vec::new();
    heap.for_each_root(&mut |_, id| starts.push(id));
    // objects made at start-up are the interpreter's: reached by definition
    for id in heap.object_ids() {
        if heap.is_startup(id) {
            starts.push(id);
        }
    }
    let mut dfs: Dfs<ObjId, ObjBitSet> = Dfs::empty(&graph);
    for s in starts {
        if dfs.discovered.contains(s) {
            continue;
        }
        dfs.move_to(s);
        while dfs.next(&graph).is_some() {}
    }
    dfs.discovered
}

/// The reference cycles of a heap state (leaving out the interpreter's own objects), each with
/// whether a root still reaches it.
pub fn find_cycles<H: HeapState + ?Sized>(heap: &H) -> Vec<Cycle> {
    let graph = HeapGraph::new(heap, View::Lesson);
    let components = tarjan_scc_iterative(&graph);
    let reachable = reachable_from_roots(heap);
    let mut cycles = Vec::new();
    for component in components {
        let is_cycle = component.len() > 1 || graph.targets(component[0]).contains(&component[0]);
        if !is_cycle {
            continue;
        }
        let state = if component.iter().any(|&id| reachable.contains(id)) {
            CycleState::Reachable
        } else {
            CycleState::Unreachable
        };
        let members: Vec<ObjectInfo> = component.iter().map(|&id| heap.info(id)).collect();
        let involves_class = members.iter().any(|m| m.type_name == "type");
        cycles.push(Cycle {
            members,
            state,
            involves_class,
        });
    }
    // oldest objects first: the order a reader created them in
    cycles.sort_by_key(|c| c.members.iter().map(|m| m.serial).min().unwrap_or(0));
    cycles
}

/// Cycles before a collection, judged by what is still alive after it.
pub fn after_collection<H: HeapState + ?Sized>(before: &[Cycle], after: &H) -> Vec<Cycle> {
    before
        .iter()
        .map(|c| {
            let alive = c
                .members
                .iter()
                .any(|m| after.is_live(m.id) && after.serial(m.id) == m.serial);
            Cycle {
                state: if alive {
                    CycleState::Survived
                } else {
                    CycleState::Freed
                },
                ..c.clone()
            }
        })
        .collect()
}

/// Is `id` part of any of these cycles?
pub fn in_cycle(cycles: &[Cycle], id: ObjId, serial: u64) -> Option<usize> {
    cycles
        .iter()
        .position(|c| c.members.iter().any(|m| m.id == id && m.serial == serial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::graph::DiGraph;

    #[test]
    fn iterative_tarjan_matches_petgraph_on_small_graphs() {
        let mut g = DiGraph::<(), ()>::new();
        let n: Vec<_> = (0..6).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 3), (5, 5)] {
            g.add_edge(n[a], n[b], ());
        }
        let mut ours: Vec<Vec<usize>> = tarjan_scc_iterative(&g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<usize> = c.into_iter().map(|x| x.index()).collect();
                v.sort();
                v
            })
            .collect();
        let mut theirs: Vec<Vec<usize>> = petgraph::algo::tarjan_scc(&g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<usize> = c.into_iter().map(|x| x.index()).collect();
                v.sort();
                v
            })
            .collect();
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs);
    }

    #[test]
    fn a_million_node_chain_does_not_overflow() {
        let mut g = DiGraph::<(), ()>::with_capacity(1_000_000, 1_000_000);
        let mut prev = g.add_node(());
        let first = prev;
        for _ in 1..1_000_000 {
            let next = g.add_node(());
            g.add_edge(prev, next, ());
            prev = next;
        }
        g.add_edge(prev, first, ());
        let sccs = tarjan_scc_iterative(&g);
        assert_eq!(sccs.len(), 1);
        assert_eq!(sccs[0].len(), 1_000_000);
    }
}
