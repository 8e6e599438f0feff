//! The headless report (`refscope run --report`) and its JSON form (`--json`): the cycles with
//! their state, and for each object the snippet can name, its count and holders.

use serde_json::{json, Value};

use crate::object::{ObjId, Payload};
use crate::vm::Vm;

use super::cycles::{find_cycles, Cycle};
use super::holders::{all_holders, Holder};
use super::sharing::{why_shared, why_shared_in};
use super::{HeapState, LiveHeap};

/// Names of `__main__` worth reporting: not dunders, not modules, not IPython's history.
pub fn named_objects(vm: &Vm) -> Vec<(String, ObjId)> {
    vm.dict_pairs(vm.main_dict)
        .into_iter()
        .map(|(k, v)| (vm.str_of(k).to_string(), v))
        .filter(|(name, v)| {
            !name.starts_with("__")
                && !is_ipython_name(name)
                && !matches!(vm.payload(*v), Payload::Module(_))
                && !vm.heap.meta(*v).startup()
        })
        .collect()
}

/// Names IPython puts in `__main__` (`_i3`, `Out`, `_`...): not the snippet's own.
pub fn is_ipython_name(name: &str) -> bool {
    matches!(
        name,
        "_" | "In"
            | "Out"
            | "_ih"
            | "_oh"
            | "_dh"
            | "_i"
            | "_ii"
            | "_iii"
            | "get_ipython"
            | "exit"
            | "quit"
    ) || (name.starts_with("_i") && name[2..].chars().all(|c| c.is_ascii_digit()))
        || (name.starts_with('_') && name[1..].chars().all(|c| c.is_ascii_digit()))
}

fn describe_cycle(c: &Cycle) -> String {
    let parts: Vec<String> = c
        .members
        .iter()
        .map(|m| format!("{} {} @0x{:x}", m.type_name, m.repr, m.addr))
        .collect();
    parts.join("  ->  ")
}

/// The text report.
pub fn text_report(heap: &LiveHeap) -> String {
    let mut out = String::new();
    let cycles = find_cycles(heap);
    out.push_str(&format!("== reference cycles: {} ==\n", cycles.len()));
    for (i, c) in cycles.iter().enumerate() {
        let kind = if c.involves_class {
            " (a class and its own references)"
        } else {
            ""
        };
        out.push_str(&format!(
            "cycle {}{kind}: {}\n    {}\n",
            i + 1,
            c.state.describe(),
            describe_cycle(c)
        ));
    }
    let holders = all_holders(heap);
    out.push_str("== named objects ==\n");
    for (name, id) in named_objects(heap.vm) {
        let info = heap.info(id);
        out.push_str(&format!(
            "{name}: {} {} @0x{:x}  refcount {}\n",
            info.type_name, info.repr, info.addr, info.refcnt
        ));
        for h in &holders[id.index()] {
            let count = if h.count > 1 {
                format!(" (x{})", h.count)
            } else {
                String::new()
            };
            out.push_str(&format!("    held by {}{count}\n", h.text));
        }
        for s in why_shared(heap.vm, id) {
            out.push_str(&format!("    shared: {}\n", s.explain()));
        }
    }
    out
}

fn holder_json(h: &Holder) -> Value {
    json!({"text": h.text, "object": h.object.map(|o| o.index()), "count": h.count})
}

/// The JSON report: objects (with holders), references, roots, cycles and names. Objects made
/// at start-up are left out unless `include_startup`.
pub fn json_report(heap: &LiveHeap, include_startup: bool) -> Value {
    let ids: Vec<ObjId> = heap
        .object_ids()
        .into_iter()
        .filter(|&id| include_startup || !heap.is_startup(id))
        .collect();
    json_of(heap, &ids)
}

/// The JSON report of a chosen set of objects (in this order): references and roots are
/// those that lead to an object of the set.
pub fn json_of<H: HeapState + ?Sized>(heap: &H, ids: &[ObjId]) -> Value {
    let mut chosen = fixedbitset::FixedBitSet::with_capacity(heap.capacity());
    for id in ids {
        chosen.insert(id.index());
    }
    let holders = all_holders(heap);
    let mut objects = Vec::with_capacity(ids.len());
    let mut references = Vec::new();
    for &id in ids {
        let info = heap.info(id);
        objects.push(json!({
            "id": id.index(),
            "serial": info.serial,
            "address": format!("0x{:x}", info.addr),
            "type": info.type_name,
            "repr": info.repr,
            "label": info.label,
            "refcount": info.refcnt,
            "size": info.size,
            "gc": format!("{:?}", info.gc),
            "startup": info.startup,
            "holders": holders[id.index()].iter().map(holder_json).collect::<Vec<_>>(),
            "shared": why_shared_in(heap, id).iter().map(|s| s.explain()).collect::<Vec<_>>(),
        }));
        heap.for_each_edge(id, &mut |e| {
            if chosen.contains(e.target.index()) {
                references.push(json!({"from": id.index(), "to": e.target.index(), "slot": format!("{:?}", e.slot), "gc_visible": e.gc_visible}));
            }
        });
    }
    let mut roots = Vec::new();
    heap.for_each_root(&mut |r, id| {
        if chosen.contains(id.index()) {
            roots.push(json!({"root": format!("{r:?}"), "to": id.index()}));
        }
    });
    let cycles: Vec<Value> = find_cycles(heap)
        .iter()
        .map(|c| {
            json!({
                "state": c.state.describe(),
                "involves_class": c.involves_class,
                "members": c.members.iter().map(|m| m.id.index()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let names: serde_json::Map<String, Value> = heap
        .named_objects()
        .into_iter()
        .map(|(n, id)| (n, json!(id.index())))
        .collect();
    json!({
        "objects": objects,
        "references": references,
        "roots": roots,
        "cycles": cycles,
        "names": names,
        "gc": heap.gc_settings().map(|gc| json!({
            "enabled": gc.enabled,
            "counts": gc.counts,
            "thresholds": gc.thresholds,
        })),
    })
}
