//! Who holds each reference: the references that make up an object's count, each named the
//! way a learner thinks of it (`my_var in __main__ globals`, `item 2 of list @0x7f...`,
//! `attribute b of A @0x7f...`, `parameter lst of process`, `co_consts of <module>`). For every
//! object the holders add up exactly to its reference count.

use std::collections::HashMap;

use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};
use crate::vm::RootRef;

use super::{HeapState, Root};

/// One reference (or a group of references) to an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    /// What holds it, in words.
    pub text: String,
    /// The holding object, when it is an object (not the interpreter).
    pub object: Option<ObjId>,
    /// How many references this entry stands for (more than one only for a static object's
    /// interpreter-wide references).
    pub count: i64,
}

/// What naming the edges of one holding object needs, worked out once per holder rather than
/// once per edge (a dict of 10⁵ entries has one label): its label, whether it is a frame, and
/// the text of each dict key by entry index.
struct HolderNames {
    label: String,
    is_frame: bool,
    keys: HashMap<usize, Option<String>>,
}

impl HolderNames {
    fn of<H: HeapState + ?Sized>(heap: &H, holder: ObjId, edges: &[Edge]) -> HolderNames {
        HolderNames {
            label: heap.label(holder),
            is_frame: edges.iter().any(|e| matches!(e.slot, Slot::Item(_)))
                && heap.type_name(holder) == "frame",
            keys: dict_keys(heap, edges),
        }
    }
}

/// Name one edge from `holder` to its target.
fn name_edge<H: HeapState + ?Sized>(heap: &H, names: &HolderNames, edge: &Edge) -> String {
    let label = names.label.as_str();
    let keys = &names.keys;
    match edge.slot {
        Slot::Item(i) => {
            if label.starts_with("co_consts of")
                || label.starts_with("co_names of")
                || label.starts_with("co_varnames of")
            {
                label.to_string()
            } else if names.is_frame {
                format!("a local of {label}")
            } else {
                format!("item {i} of {label}")
            }
        }
        Slot::DictValue(ix) => match keys.get(&ix) {
            Some(Some(k)) if label == "__main__ globals" => format!("{k} in __main__ globals"),
            Some(Some(k)) if label.starts_with("namespace of class ") => {
                format!(
                    "attribute {k} of class {}",
                    &label["namespace of class ".len()..]
                )
            }
            Some(Some(k)) if label.starts_with("__dict__ of ") => {
                format!("attribute {k} of {}", &label["__dict__ of ".len()..])
            }
            Some(Some(k)) => format!("value of key '{k}' in {label}"),
            _ => format!("a value in {label}"),
        },
        Slot::DictKey(_) => format!("a key of {label}"),
        Slot::SetItem(_) => format!("member of {label}"),
        Slot::Attr(name) => match heap.str_value(name) {
            Some(n) => format!("attribute {n} of {label}"),
            None => format!("an attribute of {label}"),
        },
        Slot::Type => format!("the class of {label} (ob_type)"),
        Slot::Field(f) => format!("{f} of {label}"),
    }
}

fn name_root(root: &Root) -> String {
    match root {
        Root::Vm(RootRef::FrameLocal {
            code_name,
            name,
            param,
            ..
        }) => {
            if *param {
                format!("parameter {name} of {code_name}")
            } else {
                format!("local variable {name} of {code_name}")
            }
        }
        Root::Vm(RootRef::FrameStack { code_name, .. }) => {
            format!("the value stack of {code_name}")
        }
        Root::Vm(RootRef::FrameField {
            code_name, field, ..
        }) => format!("the running frame of {code_name} ({field})"),
        Root::Vm(RootRef::ParserArena) | Root::ParserArena => {
            "the parser's arena (script mode)".into()
        }
        Root::Vm(RootRef::Interpreter(what)) => format!("the interpreter ({what})"),
        Root::Vm(RootRef::OutputHistory(what)) => format!("IPython's output history ({what})"),
        Root::Vm(RootRef::StaticBase) => "the interpreter (static object)".into(),
        Root::RunningCode => "the running code (the frame's code object)".into(),
        Root::Uncaught => "the uncaught exception the run stopped at (post-mortem)".into(),
    }
}

/// The entry indices of a dict and the text of each key (for naming dict values).
fn dict_keys<H: HeapState + ?Sized>(heap: &H, edges: &[Edge]) -> HashMap<usize, Option<String>> {
    edges
        .iter()
        .filter_map(|e| match e.slot {
            Slot::DictKey(ix) => Some((ix, heap.str_value(e.target))),
            _ => None,
        })
        .collect()
}

/// The holders of one object (scans the heap once).
pub fn holders_of<H: HeapState + ?Sized>(heap: &H, id: ObjId) -> Vec<Holder> {
    let mut out = Vec::new();
    let static_refs = heap.static_refs(id);
    if static_refs > 0 {
        out.push(Holder {
            text: "the interpreter itself (references a static object starts with)".into(),
            object: None,
            count: static_refs,
        });
    }
    heap.for_each_root(&mut |r, target| {
        if target == id {
            push_root(&mut out, name_root(r));
        }
    });
    for holder in heap.object_ids() {
        let mut edges = Vec::new();
        heap.for_each_edge(holder, &mut |e| edges.push(e));
        if !edges.iter().any(|e| e.target == id) {
            continue;
        }
        let names = HolderNames::of(heap, holder, &edges);
        for e in edges.iter().filter(|e| e.target == id) {
            out.push(Holder {
                text: name_edge(heap, &names, e),
                object: Some(holder),
                count: 1,
            });
        }
    }
    out
}

/// The holders of every object at once (one pass over every reference), indexed by object id.
pub fn all_holders<H: HeapState + ?Sized>(heap: &H) -> Vec<Vec<Holder>> {
    let mut out: Vec<Vec<Holder>> = vec![Vec::new(); heap.capacity()];
    for id in heap.object_ids() {
        let info_static = heap.static_refs(id);
        if info_static > 0 {
            out[id.index()].push(Holder {
                text: "the interpreter itself (references a static object starts with)".into(),
                object: None,
                count: info_static,
            });
        }
    }
    heap.for_each_root(&mut |r, target| {
        push_root(&mut out[target.index()], name_root(r));
    });
    let mut edges = Vec::new();
    for holder in heap.object_ids() {
        edges.clear();
        heap.for_each_edge(holder, &mut |e| edges.push(e));
        if edges.is_empty() {
            continue;
        }
        let names = HolderNames::of(heap, holder, &edges);
        for e in &edges {
            out[e.target.index()].push(Holder {
                text: name_edge(heap, &names, e),
                object: Some(holder),
                count: 1,
            });
        }
    }
    out
}

/// The holders of a few objects at once (one pass over every reference, naming only those that
/// lead to one of `ids`), in the order [`all_holders`] lists them, indexed like `ids`: what a
/// table of a snippet's names needs without naming every reference of a large heap.
pub fn holders_of_each<H: HeapState + ?Sized>(heap: &H, ids: &[ObjId]) -> Vec<Vec<Holder>> {
    let mut slot: HashMap<ObjId, usize> = HashMap::new();
    for (i, &id) in ids.iter().enumerate() {
        slot.entry(id).or_insert(i);
    }
    let mut found: Vec<Vec<Holder>> = vec![Vec::new(); ids.len()];
    for (&id, &i) in &slot {
        let static_refs = heap.static_refs(id);
        if static_refs > 0 {
            found[i].push(Holder {
                text: "the interpreter itself (references a static object starts with)".into(),
                object: None,
                count: static_refs,
            });
        }
    }
    heap.for_each_root(&mut |r, target| {
        if let Some(&i) = slot.get(&target) {
            found[i].push(Holder {
                text: name_root(r),
                object: None,
                count: 1,
            });
        }
    });
    for holder in heap.object_ids() {
        let mut edges = Vec::new();
        heap.for_each_edge(holder, &mut |e| edges.push(e));
        if !edges.iter().any(|e| slot.contains_key(&e.target)) {
            continue;
        }
        let names = HolderNames::of(heap, holder, &edges);
        for e in &edges {
            if let Some(&i) = slot.get(&e.target) {
                found[i].push(Holder {
                    text: name_edge(heap, &names, e),
                    object: Some(holder),
                    count: 1,
                });
            }
        }
    }
    // two names of one object share its list
    ids.iter().map(|id| found[slot[id]].clone()).collect()
}

/// One more reference from a root: counted in with the holder just listed when it is the
/// same root (the parser's arena holds a name once per parse of it: "5× the parser's arena").
fn push_root(out: &mut Vec<Holder>, text: String) {
    if let Some(last) = out.last_mut() {
        if last.object.is_none() && last.text == text {
            last.count += 1;
            return;
        }
    }
    out.push(Holder {
        text,
        object: None,
        count: 1,
    });
}
