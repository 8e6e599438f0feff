//! The per-step record of `refscope trace --format json` (`docs/trace-format.md`), written
//! from any [`HeapState`]: the model's live session at a line event, a [`Snapshot`] of one, or
//! a recording of a real CPython run. It reads the state only through that interface, so
//! every backend emits the same records and `refscope diff` can compare them.
//!
//! A record is the state *at* a line event (the line has not run yet):
//!
//! ```json
//! {"step": 3, "line": 4, "frame": "Node.__init__", "names": {"a": 7},
//!  "frames": [{"function": "<module>", "line": 9, "locals": {}}, ...],
//!  "stdout": "printed since the previous step", "objects": [...]}
//! ```
//!
//! `objects` are what the names and the frames' locals reach, walked breadth-first in
//! reference order (names first, in the dict's order, then each frame's locals): a container
//! is entered through the references its `tp_traverse` visits, a non-container through all
//! the references it holds. Modules, module dicts and the objects that existed before the
//! snippet ran are listed when reached but not entered, and a function's `__globals__` and
//! `__builtins__` are not followed (else every record would list the interpreter).
//!
//! [`Snapshot`]: crate::analysis::Snapshot

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::{json, Map, Value};

use crate::analysis::{all_holders, GcInfo, HeapState, Root};
use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};
use crate::vm::RootRef;

/// Writes the records of one run, step after step (it remembers how much of stdout the last
/// record already showed).
#[derive(Debug, Default)]
pub struct RecordWriter {
    printed: usize,
    /// Only what a comparison compares (see [`RecordWriter::comparable`]).
    comparable: bool,
}

impl RecordWriter {
    pub fn new() -> RecordWriter {
        RecordWriter::default()
    }

    /// A writer of the comparable part of each record only: `objects` lists just the objects
    /// the names and locals name, each with `id`, `type`, `refcount`, `size`, `gc` and
    /// `startup` (what `docs/trace-format.md` says a comparison compares), and no holders.
    /// The golden tests read these: no whole-heap walk per step.
    pub fn comparable() -> RecordWriter {
        RecordWriter {
            printed: 0,
            comparable: true,
        }
    }

    /// The record of step `step` (counting from 1), for the state `heap` is in. None when the
    /// state is not stopped at a line event.
    pub fn record<H: HeapState + ?Sized>(&mut self, heap: &H, step: u64) -> Option<Value> {
        let position = heap.position()?;
        let mut out = Map::new();
        out.insert("step".into(), json!(step));
        if let Some(cell) = position.cell {
            out.insert("cell".into(), json!(cell));
        }
        out.insert("line".into(), json!(position.line));
        out.insert("frame".into(), json!(position.frame));
        let names = heap.snippet_names();
        out.insert("names".into(), Value::Object(ids_of(&names)));
        let frames = heap.snippet_frames();
        let frames_json: Vec<Value> = frames
            .iter()
            .map(|f| json!({"function": f.function, "line": f.line, "locals": Value::Object(ids_of(&f.locals))}))
            .collect();
        out.insert("frames".into(), Value::Array(frames_json));
        let stdout = heap.stdout();
        let new = stdout.get(self.printed.min(stdout.len())..).unwrap_or("");
        out.insert("stdout".into(), json!(new));
        self.printed = stdout.len();
        let starts = names
            .iter()
            .map(|n| n.1)
            .chain(frames.iter().flat_map(|f| f.locals.iter().map(|l| l.1)));
        let arena = arena_counts(heap, position.cell.is_none());
        let objects = if self.comparable {
            let mut seen = HashSet::new();
            starts
                .filter(|&id| heap.is_live(id) && seen.insert(id))
                .map(|id| {
                    let info = heap.info(id);
                    json!({
                        "id": id.index(),
                        "type": type_name(&info.type_name),
                        "refcount": info.refcnt,
                        "size": info.size,
                        "gc": gc_text(info.gc),
                        "startup": info.startup,
                        "arena": arena.get(&id).copied().unwrap_or(0),
                    })
                })
                .collect()
        } else {
            objects_json(heap, &reachable(heap, starts), &arena)
        };
        out.insert("objects".into(), Value::Array(objects));
        Some(Value::Object(out))
    }
}

/// How many references the parser's arena holds to each object, in script mode (`python3
/// FILE`: CPython's PEG parser keeps one reference per parse of every constant and of every
/// NAME token, re-parses by backtracking included, until the module finishes). A comparison
/// counts the references outside it: what a snippet does to an object, not how often pegen
/// read its name. Cells (a `cell` in the position) have no script arena: nothing is counted.
fn arena_counts<H: HeapState + ?Sized>(heap: &H, script: bool) -> HashMap<ObjId, i64> {
    let mut out = HashMap::new();
    if script {
        heap.for_each_root(&mut |root, id| {
            if matches!(root, Root::ParserArena | Root::Vm(RootRef::ParserArena)) {
                *out.entry(id).or_insert(0) += 1;
            }
        });
    }
    out
}

fn ids_of(names: &[(String, ObjId)]) -> Map<String, Value> {
    names
        .iter()
        .map(|(n, id)| (n.clone(), json!(id.index())))
        .collect()
}

/// Whether the walk follows this reference out of an object (a container or not).
fn follows(is_container: bool, e: &Edge) -> bool {
    if matches!(
        e.slot,
        Slot::Field("__globals__") | Slot::Field("__builtins__") | Slot::Field("f_globals")
    ) {
        return false;
    }
    e.gc_visible || !is_container
}

/// Every object the starting objects reach, each once, breadth-first in reference order.
fn reachable<H: HeapState + ?Sized>(heap: &H, starts: impl Iterator<Item = ObjId>) -> Vec<ObjId> {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut queue = VecDeque::new();
    for id in starts {
        if heap.is_live(id) && seen.insert(id) {
            order.push(id);
            queue.push_back(id);
        }
    }
    // module dicts are listed when reached but never entered
    let mut module_dicts = HashSet::new();
    while let Some(id) = queue.pop_front() {
        let type_name = heap.type_name(id);
        let is_module = type_name == "module";
        if is_module {
            heap.for_each_edge(id, &mut |e| {
                module_dicts.insert(e.target);
            });
        }
        if is_module || heap.is_startup(id) || module_dicts.contains(&id) {
            continue;
        }
        let is_container = heap.info(id).gc != GcInfo::NotGc;
        heap.for_each_edge(id, &mut |e| {
            if follows(is_container, &e) && heap.is_live(e.target) && seen.insert(e.target) {
                order.push(e.target);
                queue.push_back(e.target);
            }
        });
    }
    order
}

/// `type(x).__name__`: the last part of a dotted name (a native type's `tp_name`, such as
/// `collections.deque`, or a nested class's qualified name), so both backends write it alike.
fn type_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

fn gc_text(gc: GcInfo) -> String {
    match gc {
        GcInfo::NotGc => "not-gc".into(),
        GcInfo::Untracked => "untracked".into(),
        GcInfo::Generation(g) => format!("gen{g}"),
        GcInfo::Permanent => "permanent".into(),
    }
}

/// The slot a reference sits in, as the record names it (`[0]`, `['key']`, `.attr`...).
fn slot_text<H: HeapState + ?Sized>(heap: &H, e: &Edge, keys: &HashMap<usize, ObjId>) -> String {
    let key_repr = |ix: usize| -> String {
        match keys.get(&ix) {
            Some(&k) => match heap.str_value(k) {
                Some(s) => python_str_repr(&s),
                None => heap.info(k).repr,
            },
            None => "?".into(),
        }
    };
    match e.slot {
        Slot::Item(i) => format!("[{i}]"),
        Slot::DictValue(ix) => format!("[{}]", key_repr(ix)),
        Slot::DictKey(ix) => format!("key of [{}]", key_repr(ix)),
        Slot::SetItem(_) => "member".into(),
        Slot::Attr(name) => format!(".{}", heap.str_value(name).unwrap_or_default()),
        Slot::Type => "__class__".into(),
        Slot::Field(f) => f.to_string(),
    }
}

/// `repr()` of a str, as Python writes it (quotes chosen as `repr` chooses them).
fn python_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn objects_json<H: HeapState + ?Sized>(
    heap: &H,
    listed: &[ObjId],
    arena: &HashMap<ObjId, i64>,
) -> Vec<Value> {
    let in_record: HashSet<ObjId> = listed.iter().copied().collect();
    let holders = all_holders(heap);
    listed
        .iter()
        .map(|&id| {
            let info = heap.info(id);
            let mut edges = Vec::new();
            heap.for_each_edge(id, &mut |e| edges.push(e));
            let keys: HashMap<usize, ObjId> = edges
                .iter()
                .filter_map(|e| match e.slot {
                    Slot::DictKey(ix) => Some((ix, e.target)),
                    _ => None,
                })
                .collect();
            let references: Vec<Value> = edges
                .iter()
                .filter(|e| in_record.contains(&e.target))
                .map(|e| json!({"to": e.target.index(), "slot": slot_text(heap, e, &keys)}))
                .collect();
            let held = &holders[id.index()];
            let explained: i64 = held.iter().map(|h| h.count).sum();
            let holders_json: Vec<Value> = held
                .iter()
                .map(|h| json!({"text": h.text, "object": h.object.map(|o| o.index()), "count": h.count}))
                .collect();
            json!({
                "id": id.index(),
                "type": type_name(&info.type_name),
                "repr": info.repr,
                "address": format!("0x{:x}", info.addr),
                "refcount": info.refcnt,
                "size": info.size,
                "gc": gc_text(info.gc),
                "startup": info.startup,
                "arena": arena.get(&id).copied().unwrap_or(0),
                "references": references,
                "holders": holders_json,
                "unseen": (info.refcnt - explained).max(0),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn str_reprs_quote_as_python_does() {
        assert_eq!(python_str_repr("key"), "'key'");
        assert_eq!(python_str_repr("it's"), "\"it's\"");
        assert_eq!(python_str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(python_str_repr("x\n"), "'x\\n'");
    }
}
