//! What a picture of the heap shows: frames of names, and the objects they lead to as boxes
//! with one row per reference slot. Built from a live heap state in one breadth-first walk that
//! stops at a size cap, so asking "does the whole picture fit?" costs at most the cap.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::analysis::cycles::{reachable_from_roots, tarjan_scc_iterative};
use crate::analysis::frames::FrameNames;
use crate::analysis::sharing::{why_cached, Shared};
use crate::analysis::{HeapState, LiveHeap};
use crate::heap::traverse::Edge;
use crate::object::{ObjId, Payload, Slot};

/// An object as views name it: the id plus its allocation serial (a later object reusing a
/// freed one's id is a different object).
pub type ObjKey = (ObjId, u64);

/// How a picture finds the objects nothing reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// Leave them out.
    Skip,
    /// Walk the whole heap for them (reachability from every root).
    Find,
    /// These are they (members of the unreachable cycles a view already found).
    Seeds(Vec<ObjId>),
}

/// Limits of a picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Past this many objects the build stops and says the picture is too big.
    pub max_nodes: usize,
    /// Slot rows a box shows; the rest are counted (`… 12 more`).
    pub max_slots: usize,
    /// Objects with a serial above this are marked new (what the last step made).
    pub new_after: Option<u64>,
    /// Objects nothing reaches but that are still in memory.
    pub unreachable: Unreachable,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_nodes: 48,
            max_slots: 10,
            new_after: None,
            unreachable: Unreachable::Find,
        }
    }
}

/// Where an arrow starts: a name of a frame, or a slot of an object.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    /// `(frame title, depth)`.
    Frame(String, usize),
    Object(ObjKey),
}

/// A name or a slot and the object it refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// `my_var`, `[2]`, `.b`, `'key'`.
    pub label: String,
    /// Index into [`Picture::nodes`].
    pub target: usize,
    /// It points elsewhere than before the last step (or is new on an old source).
    pub changed: bool,
}

/// A frame of names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub title: String,
    pub depth: usize,
    pub vars: Vec<Arrow>,
}

/// How a box is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An object of the snippet, its references followed.
    Open,
    /// Shown, its references not followed: an interpreter object (builtins, types, cached
    /// ints...), or a function, class, module or code object (their insides are not the
    /// lesson).
    Closed,
}

/// One object.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub key: ObjKey,
    pub addr: u64,
    pub type_name: String,
    /// A short repr that runs no Python code.
    pub repr: String,
    pub refcnt: i64,
    pub kind: Kind,
    /// Why everyone shares it (`small int`, `interned`, `singleton`), if so.
    pub cached: Option<&'static str>,
    /// Nothing reaches it, yet it is in memory: only the cycle collector can free it.
    pub unreachable: bool,
    pub slots: Vec<Arrow>,
    /// Slots past [`Options::max_slots`].
    pub more_slots: usize,
    /// Distance from the names (1 for an object a name refers to); unreachable objects count
    /// from 1 again, in their own block.
    pub depth: usize,
    /// The strongly connected component (reference cycle) it belongs to, numbered from 1.
    pub cycle: Option<usize>,
    /// Made by the last step.
    pub new: bool,
}

/// A picture of the heap.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Picture {
    pub frames: Vec<Frame>,
    pub nodes: Vec<Node>,
    /// Objects the last step freed that the picture before it showed: `(type, repr, address)`.
    pub freed: Vec<(String, String, u64)>,
    /// Reference cycles among the boxes.
    pub cycles: usize,
}

/// The picture before a step, for marking what the step changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Before {
    arrows: HashMap<(Source, String), ObjKey>,
    sources: HashSet<Source>,
    nodes: HashMap<ObjKey, (String, String, u64)>,
}

/// The picture would have more than [`Options::max_nodes`] objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooBig;

/// Whether a box shows its references (containers and instances of the snippet).
fn opens(heap: &LiveHeap, id: ObjId) -> bool {
    if heap.is_startup(id) {
        return false;
    }
    matches!(
        heap.vm.payload(id),
        Payload::Tuple(_)
            | Payload::List(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::FrozenSet(_)
            | Payload::Instance(_)
            | Payload::Exception(_)
            | Payload::Cell(_)
            | Payload::Method { .. }
            | Payload::StaticMethod(_)
            | Payload::ClassMethod(_)
            | Payload::Property(_)
            | Payload::WeakRef(_)
            | Payload::DictView { .. }
            | Payload::Slice(_)
            | Payload::Super { .. }
    )
}

/// Edges a picture never draws: every instance's link to its class, a function's links to the
/// module it was defined in (the class and the globals are drawn as what they are, not as
/// arrows from every object).
fn drawn(e: &Edge) -> bool {
    !matches!(
        e.slot,
        Slot::Type
            | Slot::Field("__globals__")
            | Slot::Field("__builtins__")
            | Slot::Field("__module__")
            | Slot::Field("f_globals")
    )
}

/// A dict's entries as `(entry index, key text, value)`.
fn dict_entries(heap: &LiveHeap, dict: ObjId) -> Vec<(usize, String, ObjId)> {
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
        .map(|(ix, v)| {
            let key = keys
                .get(&ix)
                .map(|&k| crate::analysis::labels::short_repr(heap.vm, k, 16))
                .unwrap_or_else(|| "?".into());
            (ix, key, v)
        })
        .collect()
}

/// The slots of an open box, in reading order: list and tuple items by index, dict values by
/// key, instance attributes by name (an instance's `__dict__` is folded into its box, as
/// Python Tutor draws it).
///
/// Only the first `max` are described (a list of a million items is one pass that keeps the
/// first few); the second value is how many there are in all.
pub fn slots(heap: &LiveHeap, id: ObjId, max: usize) -> (Vec<(String, ObjId)>, usize) {
    let mut items: Vec<(usize, ObjId)> = Vec::new();
    let mut n_items = 0usize;
    let mut n_other = 0usize;
    let mut out: Vec<(String, ObjId)> = Vec::new();
    let is_dict = matches!(heap.vm.payload(id), Payload::Dict(_));
    if is_dict {
        let all = dict_entries(heap, id);
        let total = all.len();
        return (
            all.into_iter().take(max).map(|(_, k, v)| (k, v)).collect(),
            total,
        );
    }
    let mut folded: Option<ObjId> = None;
    heap.for_each_edge(id, &mut |e| {
        if !drawn(&e) {
            return;
        }
        match e.slot {
            Slot::Item(i) => {
                n_items += 1;
                if i < max {
                    items.push((i, e.target));
                }
            }
            Slot::Attr(name) => {
                n_other += 1;
                if out.len() < max {
                    let n = heap.str_value(name).unwrap_or_else(|| "?".into());
                    out.push((format!(".{n}"), e.target));
                }
            }
            Slot::Field("__dict__")
                if matches!(heap.vm.payload(id), Payload::Instance(_))
                    && matches!(heap.vm.payload(e.target), Payload::Dict(_)) =>
            {
                folded = Some(e.target);
            }
            Slot::SetItem(_) | Slot::Field(_) => {
                n_other += 1;
                if out.len() < max {
                    let label = match e.slot {
                        Slot::Field(f) => f.to_string(),
                        _ => "∈".into(),
                    };
                    out.push((label, e.target));
                }
            }
            Slot::DictKey(_) | Slot::DictValue(_) | Slot::Type => {}
        }
    });
    items.sort_by_key(|i| i.0);
    let mut all: Vec<(String, ObjId)> = items
        .into_iter()
        .map(|(i, t)| (format!("[{i}]"), t))
        .collect();
    let mut total = n_items + n_other;
    all.extend(out);
    if let Some(d) = folded {
        for (_, k, v) in dict_entries(heap, d) {
            let name = k.trim_matches('\'').to_string();
            all.push((format!(".{name}"), v));
            total += 1;
        }
    }
    all.truncate(max);
    (all, total)
}

/// The one-word reason a box is shared by everyone, if it is.
fn cached(heap: &LiveHeap, id: ObjId) -> Option<&'static str> {
    why_cached(heap.vm, id).first().map(|s| match s {
        Shared::SmallInt(_) => "small int",
        Shared::Singleton(_) => "singleton",
        Shared::Latin1Char => "1-char str",
        Shared::Interned(_) => "interned",
        Shared::Constant(_) => "constant",
    })
}

struct Walk<'a, 'h> {
    heap: &'a LiveHeap<'h>,
    opts: Options,
    index: HashMap<ObjId, usize>,
    nodes: Vec<Node>,
    queue: VecDeque<usize>,
}

impl Walk<'_, '_> {
    /// The box of `id`, made (and queued) if new.
    fn node(&mut self, id: ObjId, depth: usize, unreachable: bool) -> Result<usize, TooBig> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(i);
        }
        if self.nodes.len() >= self.opts.max_nodes {
            return Err(TooBig);
        }
        let heap = self.heap;
        let o = heap.vm.heap.get(id);
        let serial = heap.serial(id);
        let i = self.nodes.len();
        self.nodes.push(Node {
            key: (id, serial),
            addr: o.addr,
            type_name: heap.type_name(id),
            repr: crate::analysis::labels::short_repr(heap.vm, id, 40),
            refcnt: o.refcnt,
            kind: if opens(heap, id) {
                Kind::Open
            } else {
                Kind::Closed
            },
            cached: cached(heap, id),
            unreachable,
            slots: Vec::new(),
            more_slots: 0,
            depth,
            cycle: None,
            new: self.opts.new_after.is_some_and(|s| serial > s),
        });
        self.index.insert(id, i);
        self.queue.push_back(i);
        Ok(i)
    }

    /// Follow the references of every queued box.
    fn run(&mut self) -> Result<(), TooBig> {
        while let Some(i) = self.queue.pop_front() {
            if self.nodes[i].kind == Kind::Closed {
                continue;
            }
            let (id, depth, unreachable) = (
                self.nodes[i].key.0,
                self.nodes[i].depth,
                self.nodes[i].unreachable,
            );
            let (all, total) = slots(self.heap, id, self.opts.max_slots);
            let shown = all.len();
            let mut arrows = Vec::with_capacity(shown);
            for (label, target) in all.iter() {
                let t = self.node(*target, depth + 1, unreachable)?;
                arrows.push(Arrow {
                    label: label.clone(),
                    target: t,
                    changed: false,
                });
            }
            self.nodes[i].slots = arrows;
            self.nodes[i].more_slots = total - shown;
        }
        Ok(())
    }
}

/// The picture of a heap state: the frames' names and what they lead to, then (with
/// [`Options::unreachable`]) the objects nothing reaches, apart. `before` marks what changed.
pub fn build(
    heap: &LiveHeap,
    frames: &[FrameNames],
    opts: Options,
    before: Option<&Before>,
) -> Result<Picture, TooBig> {
    let mut walk = Walk {
        heap,
        opts: opts.clone(),
        index: HashMap::new(),
        nodes: Vec::new(),
        queue: VecDeque::new(),
    };
    let mut pframes = Vec::new();
    for f in frames {
        let mut vars = Vec::new();
        for (name, id) in &f.names {
            let t = walk.node(*id, 1, false)?;
            vars.push(Arrow {
                label: name.clone(),
                target: t,
                changed: false,
            });
        }
        pframes.push(Frame {
            title: f.title.clone(),
            depth: f.depth,
            vars,
        });
    }
    walk.run()?;
    match &opts.unreachable {
        Unreachable::Skip => {}
        Unreachable::Find => {
            let reachable = reachable_from_roots(heap);
            let mut seeds: Vec<(u64, ObjId)> = heap
                .object_ids()
                .into_iter()
                .filter(|&id| !reachable.contains(id) && !heap.is_startup(id))
                .map(|id| (heap.serial(id), id))
                .collect();
            seeds.sort_unstable();
            for (_, id) in seeds {
                walk.node(id, 1, true)?;
                walk.run()?;
            }
            // an unreachable object can refer to a reachable one that only hidden links reach
            for n in &mut walk.nodes {
                n.unreachable = !reachable.contains(n.key.0);
            }
        }
        Unreachable::Seeds(seeds) => {
            let mut seeds: Vec<(u64, ObjId)> = seeds
                .iter()
                .filter(|&&id| heap.is_live(id))
                .map(|&id| (heap.serial(id), id))
                .collect();
            seeds.sort_unstable();
            for (_, id) in seeds {
                walk.node(id, 1, true)?;
                walk.run()?;
            }
        }
    }
    let mut pic = Picture {
        frames: pframes,
        nodes: walk.nodes,
        freed: Vec::new(),
        cycles: 0,
    };
    pic.number_cycles();
    if let Some(b) = before {
        pic.mark_changes(heap, b);
    }
    Ok(pic)
}

impl Picture {
    /// Number the reference cycles among the boxes (a box referring to itself is one).
    fn number_cycles(&mut self) {
        let mut g = petgraph::graph::DiGraph::<(), ()>::with_capacity(self.nodes.len(), 0);
        let idx: Vec<_> = self.nodes.iter().map(|_| g.add_node(())).collect();
        for (i, n) in self.nodes.iter().enumerate() {
            for s in &n.slots {
                g.add_edge(idx[i], idx[s.target], ());
            }
        }
        let mut comps: Vec<Vec<usize>> = tarjan_scc_iterative(&g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<usize> = c.into_iter().map(|x| x.index()).collect();
                v.sort_unstable();
                v
            })
            .filter(|c| c.len() > 1 || self.nodes[c[0]].slots.iter().any(|s| s.target == c[0]))
            .collect();
        comps.sort();
        for (k, c) in comps.iter().enumerate() {
            for &i in c {
                self.nodes[i].cycle = Some(k + 1);
            }
        }
        self.cycles = comps.len();
    }

    /// Every arrow with its source.
    pub fn arrows(&self) -> impl Iterator<Item = (Source, &Arrow)> + '_ {
        let vars = self.frames.iter().flat_map(|f| {
            f.vars
                .iter()
                .map(move |a| (Source::Frame(f.title.clone(), f.depth), a))
        });
        let slots = self
            .nodes
            .iter()
            .flat_map(|n| n.slots.iter().map(move |a| (Source::Object(n.key), a)));
        vars.chain(slots)
    }

    /// What to compare the next step's picture with.
    pub fn before(&self) -> Before {
        let mut b = Before::default();
        for f in &self.frames {
            b.sources.insert(Source::Frame(f.title.clone(), f.depth));
        }
        for n in &self.nodes {
            b.sources.insert(Source::Object(n.key));
            b.nodes
                .insert(n.key, (n.type_name.clone(), n.repr.clone(), n.addr));
        }
        let arrows: Vec<((Source, String), ObjKey)> = self
            .arrows()
            .map(|(s, a)| ((s, a.label.clone()), self.nodes[a.target].key))
            .collect();
        b.arrows.extend(arrows);
        b
    }

    fn mark_changes(&mut self, heap: &LiveHeap, before: &Before) {
        let keys: Vec<ObjKey> = self.nodes.iter().map(|n| n.key).collect();
        let changed = |src: &Source, a: &Arrow| {
            before.sources.contains(src)
                && before.arrows.get(&(src.clone(), a.label.clone())) != Some(&keys[a.target])
        };
        for f in &mut self.frames {
            let src = Source::Frame(f.title.clone(), f.depth);
            for a in &mut f.vars {
                a.changed = changed(&src, a);
            }
        }
        for n in &mut self.nodes {
            let src = Source::Object(n.key);
            for a in &mut n.slots {
                a.changed = changed(&src, a);
            }
        }
        let mut freed: Vec<(u64, (String, String, u64))> = before
            .nodes
            .iter()
            .filter(|(k, _)| !(heap.is_live(k.0) && heap.serial(k.0) == k.1))
            .map(|(k, v)| (k.1, v.clone()))
            .collect();
        freed.sort_by_key(|f| f.0);
        self.freed = freed.into_iter().map(|f| f.1).collect();
    }
}
