//! The learner's view of a heap state: which objects are the snippet's own, in the order its
//! names reach them, by which path (`my_var.b.a`), and what each one shows a learner — a
//! list's items, an instance's fields, a function's defaults and closure variables, a class's
//! attributes.
//!
//! Why: a snippet of three lines runs on a heap of thousands of objects. The interpreter made
//! most of them at start-up (builtins, types, the small-int cache), and every step makes more
//! that are not the snippet's: code objects, compile-time tuples of names and constants, and
//! in a notebook IPython's history (`_i3`, `In`, `Out`, the cell's source text). Listed
//! together, the dozen objects the lesson is about drown. What a learner calls "my objects"
//! is what the snippet's names lead to, so that is the default view, and one key shows
//! everything again ([`Scope`]).
//!
//! A worked example:
//!
//! ```text
//! a = [1, 2]          names, in binding order:  a, f
//! def f(x, acc=[]):   reached breadth-first:    [1, 2]  <function f>  1  2  ()  []
//!     ...                                       ^a      ^f            ^a[0]   ^f.__defaults__
//! ```
//!
//! `10` and `'hello'` are start-up objects (the small-int cache, an interned string), yet a
//! name bound to them makes them part of the lesson: they are listed, and never opened (their
//! own references are the interpreter's). Objects nothing reaches but that are still in
//! memory (a cycle waiting for the collector) are the snippet's too: they are passed in as
//! seeds and listed after everything the names reach.
//!
//! The parts:
//! - [`references`]: what an object shows, as a learner reads it ([`Via`]: `[0]`, `.b`,
//!   `bucket=`, the closure variable `count`), either as memory holds it (the defaults
//!   tuple, the closure's cells, an instance's `__dict__` are objects of their own) or folded
//!   the way Python Tutor draws it.
//! - [`reach`]: the breadth-first walk from the frames' names, and [`Reach::path`], the
//!   shortest name path to each object.
//! - [`traceback_frames`]: the frames an uncaught exception's traceback keeps alive, for a
//!   post-mortem stop.
//!
//! Everything reads a [`HeapState`], so a recording of a real CPython run answers the same
//! questions.

use std::collections::HashMap;

use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};

use super::frames::FrameNames;
use super::HeapState;

/// Which objects the views list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// The snippet's own: what its names and frames reach, and garbage it left.
    #[default]
    Snippet,
    /// Everything made since start-up: the snippet's objects and the interpreter's and
    /// IPython's machinery (code objects, compile-time tuples, the history).
    Run,
    /// Every live object, the interpreter's start-up objects too.
    All,
}

impl Scope {
    /// The next scope of the `a` key's cycle.
    pub fn next(self) -> Scope {
        match self {
            Scope::Snippet => Scope::Run,
            Scope::Run => Scope::All,
            Scope::All => Scope::Snippet,
        }
    }

    /// How titles and messages name it.
    pub fn describe(self) -> &'static str {
        match self {
            Scope::Snippet => "the snippet's objects",
            Scope::Run => "everything the run made (the interpreter's and IPython's too)",
            Scope::All => "every object, start-up objects too",
        }
    }
}

/// How an object shows one of its references to a learner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Via {
    /// Item `i` of a list or tuple.
    Item(usize),
    /// The value under this key of a dict (the key object).
    Key(ObjId),
    /// The key object itself, of a dict entry (listed as an object, never drawn as an arrow).
    KeyObject(ObjId),
    /// A member of a set or frozenset.
    Member,
    /// An attribute, by its name object: inline values, a folded `__dict__`, a class's
    /// namespace.
    Attr(ObjId),
    /// A `__slots__` entry, by index.
    SlotEntry(usize),
    /// The default of positional parameter `param` (folded: the `__defaults__` tuple is not
    /// shown).
    Default { index: usize, param: Option<usize> },
    /// The default of a keyword-only parameter (its name object).
    KwDefault(ObjId),
    /// What closure cell `index` holds (folded: the tuple and the cell are not shown).
    Closure(usize),
    /// A named C-level field (`__defaults__`, `__closure__`, `cell_contents`, `__self__`...).
    Field(&'static str),
}

/// References a lesson never follows: every instance's link to its class, a function's links
/// to the module it was defined in and to its code, the names and docs objects carry, and
/// the interpreter's bookkeeping.
fn hidden(slot: Slot) -> bool {
    matches!(
        slot,
        Slot::Type
            | Slot::Field(
                "__globals__"
                    | "__builtins__"
                    | "__module__"
                    | "__code__"
                    | "__name__"
                    | "__qualname__"
                    | "__doc__"
                    | "f_globals"
                    | "f_back"
                    | "f_code"
                    | "shared keys"
                    | "__subclasses__ dict"
                    | "__objclass__"
                    | "__traceback__"
                    | "__mro__"
                    | "__bases__"
                    | "__base__"
            )
    )
}

/// Kinds whose references are the interpreter's business, not the lesson's.
fn closed_type(type_name: &str) -> bool {
    matches!(
        type_name,
        "code"
            | "module"
            | "frame"
            | "traceback"
            | "member_descriptor"
            | "getset_descriptor"
            | "method_descriptor"
            | "wrapper_descriptor"
    )
}

/// Whether an object's references are part of the lesson: not for the interpreter's own
/// objects (a name bound to `10` or to `int` shows that object, not its insides).
pub fn opens<H: HeapState + ?Sized>(heap: &H, id: ObjId) -> bool {
    !heap.is_startup(id) && !closed_type(&heap.type_str(id))
}

/// A class's namespace entry a lesson shows: its methods (`__init__` and `__del__` too)
/// and its attributes, not the names every class gets (`__module__`, `__qualname__`,
/// `__dict__`, `__weakref__`, `__doc__`, the `__slots__` descriptors).
fn shows_class_entry<H: HeapState + ?Sized>(heap: &H, key: ObjId, value: ObjId) -> bool {
    let name = heap.str_value(key).unwrap_or_default();
    let ty = heap.type_str(value);
    if closed_type(&ty) {
        return false;
    }
    let dunder = name.starts_with("__") && name.ends_with("__");
    !dunder || matches!(&*ty, "function" | "staticmethod" | "classmethod")
}

/// The entries of a dict in their order: `(key, value)`.
fn dict_entries<H: HeapState + ?Sized>(heap: &H, dict: ObjId) -> Vec<(ObjId, ObjId)> {
    let mut keys: HashMap<usize, ObjId> = HashMap::new();
    let mut values: Vec<(usize, ObjId)> = Vec::new();
    heap.for_each_edge(dict, &mut |e| match e.slot {
        Slot::DictKey(ix) => {
            keys.insert(ix, e.target);
        }
        Slot::DictValue(ix) => values.push((ix, e.target)),
        _ => {}
    });
    values.sort_by_key(|v| v.0);
    values
        .into_iter()
        .filter_map(|(ix, v)| keys.get(&ix).map(|&k| (k, v)))
        .collect()
}

/// The target of the first edge of `id` in this slot.
fn field<H: HeapState + ?Sized>(heap: &H, id: ObjId, name: &str) -> Option<ObjId> {
    let mut out = None;
    heap.for_each_edge(id, &mut |e| {
        if out.is_none() && matches!(e.slot, Slot::Field(f) if f == name) {
            out = Some(e.target);
        }
    });
    out
}

/// The items of a tuple (or list), in index order.
fn items<H: HeapState + ?Sized>(heap: &H, seq: ObjId) -> Vec<ObjId> {
    let mut v: Vec<(usize, ObjId)> = Vec::new();
    heap.for_each_edge(seq, &mut |e| {
        if let Slot::Item(i) = e.slot {
            v.push((i, e.target));
        }
    });
    v.sort_by_key(|x| x.0);
    v.into_iter().map(|x| x.1).collect()
}

/// The names a function's code gives its variables (`co_localsplusnames`).
fn local_names<H: HeapState + ?Sized>(heap: &H, function: ObjId) -> Vec<String> {
    let Some(code) = field(heap, function, "__code__") else {
        return Vec::new();
    };
    let Some(names) = field(heap, code, "co_localsplusnames") else {
        return Vec::new();
    };
    items(heap, names)
        .into_iter()
        .map(|n| heap.str_value(n).unwrap_or_default())
        .collect()
}

/// Every reference `id` shows a learner, in reading order: list and tuple items by index,
/// dict entries in order, instance attributes, a function's defaults and closure variables,
/// a class's methods and attributes.
///
/// With `folded`, the objects Python Tutor leaves out are passed through: an instance's
/// `__dict__` becomes its attributes, the `__defaults__` tuple its parameters' defaults
/// ([`Via::Default`]), the closure tuple and its cells the variables they hold
/// ([`Via::Closure`]). Without, every reference is to the object memory holds, and dict
/// keys are listed too ([`Via::KeyObject`]): the objects that make up a memory-true picture
/// and the snippet's own objects.
pub fn references<H: HeapState + ?Sized>(heap: &H, id: ObjId, folded: bool) -> Vec<(Via, ObjId)> {
    let mut out: Vec<(Via, ObjId)> = Vec::new();
    if !opens(heap, id) {
        return out;
    }
    let ty = heap.type_str(id);
    let mut edges: Vec<Edge> = Vec::new();
    heap.for_each_edge(id, &mut |e| edges.push(e));
    let instance = edges.iter().any(|e| e.slot == Slot::Type);
    if ty == "type" {
        // a class: its namespace's methods and attributes
        if let Some(ns) = edges.iter().find(|e| e.slot == Slot::Field("__dict__")) {
            for (k, v) in dict_entries(heap, ns.target) {
                if shows_class_entry(heap, k, v) {
                    out.push((Via::Attr(k), v));
                }
            }
        }
        return out;
    }
    if ty == "dict" {
        for (k, v) in dict_entries(heap, id) {
            if !folded {
                out.push((Via::KeyObject(k), k));
            }
            out.push((Via::Key(k), v));
        }
        return out;
    }
    let mut items: Vec<(usize, ObjId)> = Vec::new();
    for e in &edges {
        if hidden(e.slot) {
            continue;
        }
        match e.slot {
            Slot::Item(i) if instance => out.push((Via::SlotEntry(i), e.target)),
            Slot::Item(i) => items.push((i, e.target)),
            Slot::SetItem(_) => out.push((Via::Member, e.target)),
            Slot::Attr(name) => out.push((Via::Attr(name), e.target)),
            Slot::DictKey(_) | Slot::DictValue(_) | Slot::Type => {}
            Slot::Field("__dict__") if folded && heap.type_str(e.target) == "dict" => {
                for (k, v) in dict_entries(heap, e.target) {
                    out.push((Via::Attr(k), v));
                }
            }
            Slot::Field("__defaults__") if folded => {
                let defaults = self::items(heap, e.target);
                let argcount = field(heap, id, "__code__").and_then(|c| heap.arg_count(c));
                let first = argcount.and_then(|n| n.checked_sub(defaults.len()));
                for (index, d) in defaults.into_iter().enumerate() {
                    out.push((
                        Via::Default {
                            index,
                            param: first.map(|f| f + index),
                        },
                        d,
                    ));
                }
            }
            Slot::Field("__kwdefaults__") if folded => {
                for (k, v) in dict_entries(heap, e.target) {
                    out.push((Via::KwDefault(k), v));
                }
            }
            Slot::Field("__closure__") if folded => {
                for (index, cell) in self::items(heap, e.target).into_iter().enumerate() {
                    if let Some(v) = field(heap, cell, "cell_contents") {
                        out.push((Via::Closure(index), v));
                    }
                }
            }
            Slot::Field(f) => out.push((Via::Field(f), e.target)),
        }
    }
    if !items.is_empty() {
        items.sort_by_key(|i| i.0);
        let mut all: Vec<(Via, ObjId)> =
            items.into_iter().map(|(i, t)| (Via::Item(i), t)).collect();
        all.append(&mut out);
        out = all;
    }
    out
}

/// Items read at a time by [`reach_capped`]'s walk from a list or tuple.
const SEQ_WINDOW: usize = 1024;

/// [`references`] of a list or tuple whose references are its items alone, `count` of them
/// from `offset` (`(Via::Item(i), item)`, in index order), and how many there are: a window
/// of a list of a million items costs the window. `None` for any other object (and for a
/// heap state that cannot read items by index): read all of its [`references`].
pub fn sequence_window<H: HeapState + ?Sized>(
    heap: &H,
    id: ObjId,
    offset: usize,
    count: usize,
) -> Option<(Vec<(Via, ObjId)>, usize)> {
    let (items, total) = heap.seq_items_window(id, offset, count)?;
    if !opens(heap, id) {
        return Some((Vec::new(), 0));
    }
    let out = items
        .into_iter()
        .enumerate()
        .map(|(k, t)| (Via::Item(offset + k), t))
        .collect();
    Some((out, total))
}

/// `add(item, bucket)`: a function's name and its positional parameters.
pub fn signature<H: HeapState + ?Sized>(heap: &H, function: ObjId) -> Option<String> {
    let name = field(heap, function, "__name__").and_then(|n| heap.str_value(n))?;
    Some(format!("{name}{}", parameters(heap, function)))
}

/// `(item, bucket)`: a function's positional parameters (`(…)` when they are not known).
pub fn parameters<H: HeapState + ?Sized>(heap: &H, function: ObjId) -> String {
    let count = field(heap, function, "__code__").and_then(|c| heap.arg_count(c));
    match count {
        Some(n) => format!(
            "({})",
            local_names(heap, function)
                .into_iter()
                .take(n)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => "(…)".into(),
    }
}

/// The built-in containers, whose repr lists their contents.
pub fn is_container(type_name: &str) -> bool {
    matches!(type_name, "list" | "tuple" | "dict" | "set" | "frozenset")
}

/// How a box labels a reference: `[0]`, `'key'`, `b`, `bucket=`, `count`.
pub fn label<H: HeapState + ?Sized>(heap: &H, owner: ObjId, via: Via) -> String {
    let name = |k: ObjId| heap.str_value(k).unwrap_or_else(|| heap.short_repr(k, 16));
    match via {
        Via::Item(i) => format!("[{i}]"),
        Via::Key(k) | Via::KeyObject(k) => heap.short_repr(k, 16),
        Via::Member => "∈".into(),
        Via::Attr(k) => name(k),
        Via::SlotEntry(i) => heap
            .slot_name(owner, i)
            .unwrap_or_else(|| format!("slot {i}")),
        Via::Default { index, param } => {
            match param.and_then(|p| local_names(heap, owner).get(p).cloned()) {
                Some(p) => format!("{p}="),
                None => format!("default {index}"),
            }
        }
        Via::KwDefault(k) => format!("{}=", name(k)),
        Via::Closure(index) => {
            // the free variables are the last names of co_localsplusnames
            let names = local_names(heap, owner);
            let n = field(heap, owner, "__closure__")
                .map(|c| self::items(heap, c).len())
                .unwrap_or(0);
            match names
                .len()
                .checked_sub(n)
                .and_then(|first| names.get(first + index))
            {
                Some(v) => format!("{v} (closure)"),
                None => format!("closure {index}"),
            }
        }
        Via::Field(f) => f.to_string(),
    }
}

/// How a path continues through a reference: `[0]`, `['key']`, `.b`, `.__defaults__[0]`.
fn segment<H: HeapState + ?Sized>(heap: &H, owner: ObjId, via: Via) -> String {
    let name = |k: ObjId| heap.str_value(k).unwrap_or_else(|| heap.short_repr(k, 16));
    match via {
        Via::Item(i) => format!("[{i}]"),
        Via::Key(k) => format!("[{}]", heap.short_repr(k, 16)),
        Via::KeyObject(k) => format!(" (a key: {})", heap.short_repr(k, 16)),
        Via::Member => " (in the set)".into(),
        Via::Attr(k) => format!(".{}", name(k)),
        Via::SlotEntry(i) => match heap.slot_name(owner, i) {
            Some(n) => format!(".{n}"),
            None => format!(" (slot {i})"),
        },
        Via::Default { index, .. } => format!(".__defaults__[{index}]"),
        Via::KwDefault(k) => format!(".__kwdefaults__['{}']", name(k)),
        Via::Closure(index) => format!(".__closure__[{index}].cell_contents"),
        Via::Field(f) => format!(".{f}"),
    }
}

/// Where a [`Reach::route`] starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    /// A name (`x`, or `f:x` for a local of function frame `f`).
    Name(String),
    /// An object nothing named reaches (a seed of the walk).
    Seed(ObjId),
}

/// How an object was first reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum From {
    /// The `n`th name of the frames (counted across frames).
    Name(u32),
    Ref(ObjId, Via),
    /// A seed: nothing reaches it (garbage waiting for the collector).
    Seed,
}

/// How each reached object was reached first, by id: a table as long as the heap for a
/// walk that may reach all of it, a map for a capped walk of a big heap (whose cost must be
/// the objects it reaches, not a table of a million empty entries made at every step).
#[derive(Clone, Debug)]
enum FromTable {
    Dense(Vec<Option<From>>),
    Sparse(rustc_hash::FxHashMap<ObjId, From>),
}

impl Default for FromTable {
    fn default() -> Self {
        FromTable::Dense(Vec::new())
    }
}

impl FromTable {
    fn for_walk(capacity: usize, cap: usize) -> FromTable {
        if cap.saturating_mul(4) >= capacity {
            FromTable::Dense(vec![None; capacity])
        } else {
            FromTable::Sparse(Default::default())
        }
    }

    fn get(&self, id: ObjId) -> Option<From> {
        match self {
            FromTable::Dense(v) => v.get(id.index()).copied().flatten(),
            FromTable::Sparse(m) => m.get(&id).copied(),
        }
    }

    fn has(&self, id: ObjId) -> bool {
        self.get(id).is_some()
    }

    fn set(&mut self, id: ObjId, from: From) {
        match self {
            FromTable::Dense(v) => {
                if let Some(slot) = v.get_mut(id.index()) {
                    *slot = Some(from);
                }
            }
            FromTable::Sparse(m) => {
                m.insert(id, from);
            }
        }
    }
}

/// The objects a heap state's names reach, in order, and how each was reached first.
#[derive(Clone, Debug, Default)]
pub struct Reach {
    /// Every name's object first (frame by frame, names in binding order), then breadth-first
    /// what they lead to, then the seeds and what they lead to.
    pub order: Vec<ObjId>,
    from: FromTable,
    /// The names, with their frame's title (empty for the globals): `(frame, name)`.
    names: Vec<(String, String)>,
    /// The walk stopped at its cap ([`reach_capped`]): more objects are reachable than
    /// `order` lists, and those have no path here.
    pub truncated: bool,
}

impl Reach {
    /// Whether the walk reached `id`.
    pub fn contains(&self, id: ObjId) -> bool {
        self.from.has(id)
    }

    /// Whether `id` was reached only from a seed (nothing the snippet names leads to it).
    pub fn is_garbage(&self, id: ObjId) -> bool {
        let mut cur = id;
        for _ in 0..self.order.len() + 1 {
            match self.from.get(cur) {
                Some(From::Ref(owner, _)) => cur = owner,
                Some(From::Seed) => return true,
                _ => return false,
            }
        }
        false
    }

    /// The shortest path from a name to `id`: `my_var`, `a.b.a`, `add.__defaults__[0]`,
    /// `f:x[1]` for a local of a function frame. None for what only a seed reaches.
    pub fn path<H: HeapState + ?Sized>(&self, heap: &H, id: ObjId) -> Option<String> {
        match self.route(heap, id)? {
            (Start::Name(name), rest) => Some(name + &rest),
            (Start::Seed(_), _) => None,
        }
    }

    /// Where the walk to `id` started and the path from there: a name (`a`, `.b.a`), or a
    /// seed and the path from the seed (`.name`) for what nothing named reaches.
    pub fn route<H: HeapState + ?Sized>(&self, heap: &H, id: ObjId) -> Option<(Start, String)> {
        let mut parts: Vec<String> = Vec::new();
        let mut cur = id;
        let rest = |parts: &[String]| parts.iter().rev().cloned().collect::<String>();
        for _ in 0..self.order.len() + 1 {
            match self.from.get(cur)? {
                From::Name(n) => {
                    let (frame, name) = self.names.get(n as usize)?;
                    let name = if frame.is_empty() {
                        name.clone()
                    } else {
                        format!("{frame}:{name}")
                    };
                    return Some((Start::Name(name), rest(&parts)));
                }
                From::Ref(owner, via) => {
                    parts.push(segment(heap, owner, via));
                    cur = owner;
                }
                From::Seed => return Some((Start::Seed(cur), rest(&parts))),
            }
        }
        None
    }
}

/// Walk breadth-first from the frames' names (the globals first, then each function frame,
/// outermost first), then from `seeds`, through [`references`] as memory holds them.
pub fn reach<H: HeapState + ?Sized>(heap: &H, frames: &[FrameNames], seeds: &[ObjId]) -> Reach {
    reach_capped(heap, frames, seeds, usize::MAX)
}

/// [`reach`], stopping once `cap` objects are in `order` (the first `cap` in the same
/// order; `truncated` says it stopped): what a pane can show of a heap of millions, at the
/// cost of those objects instead of the whole heap. A heap of at most `cap` live objects
/// is walked in full.
pub fn reach_capped<H: HeapState + ?Sized>(
    heap: &H,
    frames: &[FrameNames],
    seeds: &[ObjId],
    cap: usize,
) -> Reach {
    let mut r = Reach {
        from: FromTable::for_walk(heap.capacity(), cap),
        ..Reach::default()
    };
    let mut queue = std::collections::VecDeque::new();
    for f in frames {
        let title = if f.depth == 0 {
            String::new()
        } else {
            f.title.clone()
        };
        for (name, id) in &f.names {
            let n = r.names.len() as u32;
            r.names.push((title.clone(), name.clone()));
            if heap.is_live(*id) && !r.from.has(*id) {
                if r.order.len() >= cap {
                    r.truncated = true;
                    continue;
                }
                r.from.set(*id, From::Name(n));
                r.order.push(*id);
                queue.push_back(*id);
            }
        }
    }
    // one reference of `id`; false once the cap is reached (the walk stops)
    let step = |r: &mut Reach,
                queue: &mut std::collections::VecDeque<ObjId>,
                id: ObjId,
                via: Via,
                t: ObjId| {
        if heap.is_live(t) && !r.from.has(t) {
            if r.order.len() >= cap {
                // one more than the cap reaches: the walk stops here
                r.truncated = true;
                queue.clear();
                return false;
            }
            r.from.set(t, From::Ref(id, via));
            r.order.push(t);
            queue.push_back(t);
        }
        true
    };
    let walk = |r: &mut Reach, queue: &mut std::collections::VecDeque<ObjId>| {
        while let Some(id) = queue.pop_front() {
            // a list or tuple is read a window at a time: a capped walk stops within it
            if let Some((mut items, total)) = sequence_window(heap, id, 0, SEQ_WINDOW) {
                let mut offset = 0;
                while !items.is_empty() {
                    for (k, &(_, t)) in items.iter().enumerate() {
                        if !step(r, queue, id, Via::Item(offset + k), t) {
                            return;
                        }
                    }
                    offset += items.len();
                    if offset >= total {
                        break;
                    }
                    items = sequence_window(heap, id, offset, SEQ_WINDOW)
                        .map(|w| w.0)
                        .unwrap_or_default();
                }
                continue;
            }
            for (via, t) in references(heap, id, false) {
                if !step(r, queue, id, via, t) {
                    return;
                }
            }
        }
    };
    walk(&mut r, &mut queue);
    for &s in seeds {
        if heap.is_live(s) && !r.from.has(s) {
            if r.order.len() >= cap {
                r.truncated = true;
                break;
            }
            r.from.set(s, From::Seed);
            r.order.push(s);
            queue.push_back(s);
            walk(&mut r, &mut queue);
        }
    }
    r
}

/// The frames an uncaught exception's traceback keeps alive, outermost first: each function
/// frame's name and its locals (`co_localsplusnames` against the frame's slots). Module
/// frames are left out: their names are the globals.
pub fn traceback_frames<H: HeapState + ?Sized>(heap: &H, exc: ObjId) -> Vec<FrameNames> {
    chain_frames(heap, field(heap, exc, "__traceback__"))
}

/// The frames of a traceback chain from `tb` on, as [`traceback_frames`] gives them (a
/// propagating exception's traceback, which CPython keeps beside the exception until a
/// handler or the printer attaches it).
pub fn chain_frames<H: HeapState + ?Sized>(heap: &H, tb: Option<ObjId>) -> Vec<FrameNames> {
    let mut out = Vec::new();
    let mut tb = tb;
    let mut depth = 0;
    let mut guard = 0;
    while let Some(t) = tb {
        guard += 1;
        if guard > 10_000 || !heap.is_live(t) {
            break;
        }
        if let Some(frame) = field(heap, t, "tb_frame") {
            depth += 1;
            let code = field(heap, frame, "f_code");
            let title = code
                .and_then(|c| field(heap, c, "co_qualname"))
                .and_then(|q| heap.str_value(q))
                .unwrap_or_else(|| "?".into());
            let names: Vec<String> = code
                .and_then(|c| field(heap, c, "co_localsplusnames"))
                .map(|n| {
                    items(heap, n)
                        .into_iter()
                        .map(|s| heap.str_value(s).unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default();
            let mut locals: Vec<(usize, ObjId)> = Vec::new();
            heap.for_each_edge(frame, &mut |e| {
                if let Slot::Item(i) = e.slot {
                    locals.push((i, e.target));
                }
            });
            locals.sort_by_key(|l| l.0);
            // a frame whose code is not known (a recorded module frame still unwinding
            // holds it in the interpreter's frame, not the frame object) names nothing
            if title != "<module>" && code.is_some() {
                out.push(FrameNames {
                    title,
                    depth,
                    names: locals
                        .into_iter()
                        .map(|(i, v)| {
                            // a cell variable's slot holds the cell: show what it holds
                            let v = if heap.type_name(v) == "cell" {
                                field(heap, v, "cell_contents").unwrap_or(v)
                            } else {
                                v
                            };
                            (
                                names
                                    .get(i)
                                    .cloned()
                                    .unwrap_or_else(|| format!("local {i}")),
                                v,
                            )
                        })
                        .collect(),
                });
            }
        }
        tb = field(heap, t, "tb_next");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::frames::frames;
    use crate::analysis::LiveHeap;
    use crate::load::load_str;
    use crate::vm::session::{Progress, Session, Step};
    use crate::vm::VmOptions;

    fn run(src: &str) -> Session {
        let mut s = Session::new(load_str("t.py", src).expect("loads"), VmOptions::default());
        s.run_to_end_without_shutdown();
        s
    }

    fn labels(heap: &LiveHeap, id: ObjId) -> Vec<(String, String)> {
        references(heap, id, true)
            .into_iter()
            .map(|(via, t)| (label(heap, id, via), heap.short_repr(t, 20)))
            .collect()
    }

    fn named(heap: &LiveHeap, name: &str) -> ObjId {
        frames(heap)[0]
            .names
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
            .unwrap_or_else(|| panic!("no name {name}"))
    }

    #[test]
    fn names_reach_objects_in_binding_order_then_breadth_first() {
        let s = run("a = [1, [2]]\nb = 'hello'\nc = a[1]\nd = None\n");
        let heap = LiveHeap::of(&s);
        let r = reach(&heap, &frames(&heap), &[]);
        let order: Vec<String> = r.order.iter().map(|&id| heap.short_repr(id, 20)).collect();
        // a, b, c, d's objects first (c is a[1], met as a name before as an item), then a's items
        assert_eq!(order, ["[1, [2]]", "'hello'", "[2]", "None", "1", "2"]);
        let inner = named(&heap, "c");
        assert_eq!(r.path(&heap, inner).as_deref(), Some("c"));
        let two = r.order[5];
        assert_eq!(r.path(&heap, two).as_deref(), Some("c[0]"));
        // start-up objects are listed, never opened: None's insides are not the lesson
        assert!(references(&heap, named(&heap, "d"), false).is_empty());
    }

    #[test]
    fn a_cycle_member_is_named_by_its_shortest_path() {
        let s = run("class A:\n    pass\na = A()\na.b = A()\na.b.a = a\nx = {'k': a.b}\n");
        let heap = LiveHeap::of(&s);
        let r = reach(&heap, &frames(&heap), &[]);
        let b = named(&heap, "a");
        let inner = references(&heap, b, true)[0].1;
        assert_eq!(r.path(&heap, inner).as_deref(), Some("a.b"));
        assert_eq!(labels(&heap, b)[0].0, "b");
        // a class shows its methods and attributes, not its machinery
        assert!(labels(&heap, named(&heap, "A")).is_empty());
    }

    #[test]
    fn defaults_and_closure_variables_are_fields_of_the_function() {
        let src = "def add(item, bucket=[]):\n    bucket.append(item)\n    return bucket\nadd(1)\n\
                   def make():\n    count = 0\n    def inc():\n        nonlocal count\n        count += 1\n        return count\n    return inc\n\
                   counter = make()\ncounter()\ncounter()\n\
                   def kw(*, flag=True):\n    pass\n";
        let s = run(src);
        let heap = LiveHeap::of(&s);
        assert_eq!(
            labels(&heap, named(&heap, "add")),
            [("bucket=".to_string(), "[1]".to_string())]
        );
        assert_eq!(
            labels(&heap, named(&heap, "counter")),
            [("count (closure)".to_string(), "2".to_string())]
        );
        assert_eq!(
            labels(&heap, named(&heap, "kw")),
            [("flag=".to_string(), "True".to_string())]
        );
        // memory holds a tuple of defaults and a cell: the walk lists them, and names the
        // paths as Python does
        let r = reach(&heap, &frames(&heap), &[]);
        let types: Vec<String> = r.order.iter().map(|&id| heap.type_name(id)).collect();
        assert!(types.contains(&"cell".to_string()), "{types:?}");
        let bucket = references(&heap, named(&heap, "add"), true)[0].1;
        assert_eq!(
            r.path(&heap, bucket).as_deref(),
            Some("add.__defaults__[0]")
        );
    }

    #[test]
    fn slots_are_named_fields() {
        let s = run("class P:\n    __slots__ = ('x', 'y')\np = P()\np.x = 1\np.y = [2]\n");
        let heap = LiveHeap::of(&s);
        let l = labels(&heap, named(&heap, "p"));
        assert_eq!(
            l,
            [
                ("x".to_string(), "1".to_string()),
                ("y".to_string(), "[2]".to_string())
            ]
        );
    }

    #[test]
    fn garbage_seeds_come_last_and_have_no_path() {
        let s = run("import gc\ngc.disable()\nx = []\nx.append(x)\ny = x\ndel x, y\nz = 1\n");
        let heap = LiveHeap::of(&s);
        let cycles = crate::analysis::find_cycles(&heap);
        let seeds: Vec<ObjId> = cycles
            .iter()
            .flat_map(|c| c.members.iter().map(|m| m.id))
            .collect();
        let r = reach(&heap, &frames(&heap), &seeds);
        let last = *r.order.last().expect("the list");
        assert_eq!(heap.type_name(last), "list");
        assert!(r.is_garbage(last));
        assert_eq!(r.path(&heap, last), None);
    }

    #[test]
    fn a_post_mortem_stop_shows_the_traceback_frames() {
        let src = "def f(x):\n    y = [x]\n    return 1 / x\nf(0)\n";
        let mut s = Session::new(load_str("t.py", src).expect("loads"), VmOptions::default());
        s.stop_at_uncaught = true;
        while s.advance(Step::Into, u64::MAX) == Progress::Stopped && s.uncaught().is_none() {}
        let heap = LiveHeap::of(&s);
        let f = frames(&heap);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[1].title, "f");
        let locals: Vec<(String, String)> = f[1]
            .names
            .iter()
            .map(|(n, v)| (n.clone(), heap.short_repr(*v, 20)))
            .collect();
        assert_eq!(
            locals,
            [
                ("x".to_string(), "0".to_string()),
                ("y".to_string(), "[0]".to_string())
            ]
        );
    }
}
