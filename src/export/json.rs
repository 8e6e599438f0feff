//! The JSON export: `refscope run --json`'s shape (see [`crate::analysis::report::json_of`]) over
//! the snippet's objects and the interpreter objects they refer to, with three additions:
//! `frames` (the names per frame, as the graph pane shows them), `reachable` on every object
//! (false for garbage waiting for the collector), and `stop` (where the run stopped).

use serde_json::{json, Value};

use crate::analysis::cycles::reachable_from_roots;
use crate::analysis::frames::frames;
use crate::analysis::report::json_of;
use crate::analysis::HeapState;
use crate::object::{ObjId, Slot};

use super::StopPoint;

/// Format name and version, for readers of the file.
pub const FORMAT: &str = "refscope-heap/1";

/// The objects an export lists: every object the snippet made, and every interpreter object
/// (small ints, interned strings, `None`, builtins...) that one of them or a name refers to.
/// References every object has to its class, and functions to their module, do not pull in
/// interpreter objects (else every export would list the builtins).
pub fn selection<H: HeapState + ?Sized>(heap: &H) -> Vec<ObjId> {
    let cap = heap.capacity();
    let mut chosen = vec![false; cap];
    let mut out: Vec<(u64, ObjId)> = Vec::new();
    let ids = heap.object_ids();
    for &id in &ids {
        if !heap.is_startup(id) {
            chosen[id.index()] = true;
            out.push((heap.serial(id), id));
        }
    }
    let mut extra = Vec::new();
    for &id in &ids {
        if heap.is_startup(id) {
            continue;
        }
        heap.for_each_edge(id, &mut |e| {
            let hidden = matches!(
                e.slot,
                Slot::Type
                    | Slot::Field("__globals__")
                    | Slot::Field("__builtins__")
                    | Slot::Field("__module__")
            );
            if !hidden {
                extra.push(e.target);
            }
        });
    }
    for f in frames(heap) {
        extra.extend(f.names.iter().map(|n| n.1));
    }
    for id in extra {
        if !chosen[id.index()] {
            chosen[id.index()] = true;
            out.push((heap.serial(id), id));
        }
    }
    out.sort_unstable();
    out.into_iter().map(|x| x.1).collect()
}

/// The JSON export of a heap state.
pub fn json<H: HeapState + ?Sized>(heap: &H, stop: &StopPoint) -> Value {
    let ids = selection(heap);
    let mut v = json_of(heap, &ids);
    let reachable = reachable_from_roots(heap);
    if let Some(objects) = v.get_mut("objects").and_then(Value::as_array_mut) {
        for (o, id) in objects.iter_mut().zip(&ids) {
            if let Some(map) = o.as_object_mut() {
                map.insert("reachable".into(), json!(reachable.contains(*id)));
            }
        }
    }
    let frames: Vec<Value> = frames(heap)
        .into_iter()
        .map(|f| {
            let names: serde_json::Map<String, Value> = f
                .names
                .iter()
                .map(|(n, id)| (n.clone(), json!(id.index())))
                .collect();
            json!({"title": f.title, "depth": f.depth, "names": names})
        })
        .collect();
    if let Some(map) = v.as_object_mut() {
        map.insert("format".into(), json!(FORMAT));
        map.insert(
            "stop".into(),
            json!({
                "step": stop.step,
                "next_line": stop.next_line,
                "finished": stop.finished,
                "description": stop.describe(),
            }),
        );
        map.insert("frames".into(), json!(frames));
    }
    v
}
