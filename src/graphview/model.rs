//! What a picture of the heap shows: frames of names, and the objects they lead to as boxes
//! with one row per reference slot. Built from a live heap state in one breadth-first walk that
//! stops at a size cap, so asking "does the whole picture fit?" costs at most the cap.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::analysis::cycles::{reachable_from_roots, tarjan_scc_iterative};
use crate::analysis::frames::FrameNames;
use crate::analysis::lesson::{self, Via};
use crate::analysis::HeapState;
use crate::object::ObjId;

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

/// Limits of a picture, and how it reads.
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
    /// The memory truth: every object its own box (`10` too, shared by every name bound
    /// to it), every reference to the object memory holds (a function's `__defaults__`
    /// tuple, its closure's cells). Off, the picture reads as Python Tutor draws it: ints,
    /// floats, strs, bools and None written in their slot, defaults and closure variables
    /// as fields of the function, methods listed in their class.
    pub truth: bool,
    /// The value a call gave back to the line just executed: `(function, value)`, drawn as
    /// a frame of its own under the others.
    pub returned: Option<(String, ObjId)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_nodes: 48,
            max_slots: 10,
            new_after: None,
            unreachable: Unreachable::Find,
            truth: true,
            returned: None,
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

/// What a name or a slot shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Points {
    /// An arrow to a box (an index into [`Picture::nodes`]).
    Box(usize),
    /// A value written in the slot itself (`10`, `'hello'`, `None`, a method).
    Value(String),
}

/// A name or a slot and what it refers to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arrow {
    /// `my_var`, `[2]`, `b`, `'key'`, `bucket=`.
    pub label: String,
    pub to: Points,
    /// It points elsewhere than before the last step (or is new on an old source).
    pub changed: bool,
}

impl Arrow {
    /// The box it points at, if it is an arrow.
    pub fn target(&self) -> Option<usize> {
        match self.to {
            Points::Box(t) => Some(t),
            Points::Value(_) => None,
        }
    }

    /// What it shows, for comparing two steps: the box's object or the value's text.
    fn shows(&self, keys: &[ObjKey]) -> Shown {
        match &self.to {
            Points::Box(t) => Shown::Object(keys[*t]),
            Points::Value(v) => Shown::Value(v.clone()),
        }
    }
}

/// What an arrow showed at a step.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Shown {
    Object(ObjKey),
    Value(String),
}

/// A frame of names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub title: String,
    pub depth: usize,
    pub vars: Vec<Arrow>,
    /// The frame of a call that just returned: its one var is the return value.
    pub returned: bool,
}

/// How a box is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An object of the snippet, its references followed.
    Open,
    /// Shown, its references not followed: an interpreter object (builtins, types, cached
    /// ints...), a module or a code object (their insides are not the lesson).
    Closed,
}

/// One object.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub key: ObjKey,
    pub addr: u64,
    pub type_name: String,
    /// A short repr that runs no Python code (a function's signature, a class's name); empty
    /// for an instance with fields (its fields say more).
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
    arrows: HashMap<(Source, String), Shown>,
    sources: HashSet<Source>,
    nodes: HashMap<ObjKey, (String, String, u64)>,
}

/// The picture would have more than [`Options::max_nodes`] objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooBig;

/// Types written in their slot rather than drawn as a box (unless the picture is the
/// memory truth): the values a learner reads as values.
fn is_plain_value(type_name: &str) -> bool {
    matches!(
        type_name,
        "int"
            | "bool"
            | "float"
            | "complex"
            | "str"
            | "bytes"
            | "NoneType"
            | "ellipsis"
            | "NotImplementedType"
    )
}

/// A function as a box's text reads it: `add(item, bucket)`.
pub fn signature<H: HeapState + ?Sized>(heap: &H, function: ObjId) -> String {
    lesson::signature(heap, function).unwrap_or_else(|| heap.short_repr(function, 40))
}

/// The text of a box's value row.
fn value_text<H: HeapState + ?Sized>(heap: &H, id: ObjId, has_slots: bool) -> String {
    let ty = heap.type_name(id);
    if heap.is_startup(id) {
        return heap.short_repr(id, 40);
    }
    match ty.as_str() {
        "function" => format!("def {}", signature(heap, id)),
        "type" => class_name(heap, id),
        _ if has_slots && !lesson::is_container(&ty) => String::new(),
        _ => heap.short_repr(id, 40),
    }
}

/// `A` for the class `<class '__main__.A'>`.
pub fn class_name<H: HeapState + ?Sized>(heap: &H, class: ObjId) -> String {
    let r = heap.short_repr(class, 60);
    let r = r.strip_prefix("<class '").unwrap_or(&r);
    let r = r.strip_suffix("'>").unwrap_or(r);
    r.strip_prefix("__main__.").unwrap_or(r).to_string()
}

struct Walk<'a, H: HeapState + ?Sized> {
    heap: &'a H,
    opts: Options,
    index: HashMap<ObjId, usize>,
    nodes: Vec<Node>,
    queue: VecDeque<usize>,
}

impl<H: HeapState + ?Sized> Walk<'_, H> {
    /// What a name or slot referring to `id` shows: a box (made and queued if new) or, in
    /// the learner's picture, a plain value written in place.
    fn points(&mut self, id: ObjId, depth: usize, unreachable: bool) -> Result<Points, TooBig> {
        if !self.opts.truth && !self.index.contains_key(&id) {
            let ty = self.heap.type_name(id);
            if is_plain_value(&ty) {
                return Ok(Points::Value(self.heap.short_repr(id, 24)));
            }
        }
        self.node(id, depth, unreachable).map(Points::Box)
    }

    /// The box of `id`, made (and queued) if new.
    fn node(&mut self, id: ObjId, depth: usize, unreachable: bool) -> Result<usize, TooBig> {
        if let Some(&i) = self.index.get(&id) {
            return Ok(i);
        }
        if self.nodes.len() >= self.opts.max_nodes {
            return Err(TooBig);
        }
        let heap = self.heap;
        let serial = heap.serial(id);
        let i = self.nodes.len();
        self.nodes.push(Node {
            key: (id, serial),
            addr: heap.addr(id),
            type_name: heap.type_name(id),
            repr: String::new(),
            refcnt: heap.refcnt(id),
            kind: if lesson::opens(heap, id) {
                Kind::Open
            } else {
                Kind::Closed
            },
            cached: heap.cached(id),
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
            let (id, depth, unreachable) = (
                self.nodes[i].key.0,
                self.nodes[i].depth,
                self.nodes[i].unreachable,
            );
            let (refs, total): (Vec<(Via, ObjId)>, usize) = if self.nodes[i].kind == Kind::Open {
                // a list of a million items: the slots drawn, and how many there are
                match lesson::sequence_window(self.heap, id, 0, self.opts.max_slots) {
                    Some(w) => w,
                    None => {
                        let refs: Vec<(Via, ObjId)> =
                            lesson::references(self.heap, id, !self.opts.truth)
                                .into_iter()
                                .filter(|(via, _)| !matches!(via, Via::KeyObject(_)))
                                .collect();
                        let total = refs.len();
                        (refs, total)
                    }
                }
            } else {
                (Vec::new(), 0)
            };
            let is_class = self.nodes[i].type_name == "type";
            let mut arrows = Vec::with_capacity(total.min(self.opts.max_slots));
            for &(via, target) in refs.iter().take(self.opts.max_slots) {
                let label = lesson::label(self.heap, id, via);
                let to =
                    if is_class && !self.opts.truth && self.heap.type_name(target) == "function" {
                        // a method is listed in its class, not drawn as a box of its own
                        Points::Value(lesson::parameters(self.heap, target))
                    } else {
                        self.points(target, depth + 1, unreachable)?
                    };
                arrows.push(Arrow {
                    label,
                    to,
                    changed: false,
                });
            }
            let shown = arrows.len();
            self.nodes[i].repr = value_text(self.heap, id, shown > 0);
            self.nodes[i].slots = arrows;
            self.nodes[i].more_slots = total - shown;
        }
        Ok(())
    }
}

/// How a frame box names a function, as Python Tutor does: a nested function by its own
/// name (`increment`, not `make_counter.<locals>.increment`), a method with its class
/// (`Node.__init__`).
fn short_title(qualname: &str) -> String {
    match qualname.rsplit_once(".<locals>.") {
        Some((_, own)) => own.to_string(),
        None => qualname.to_string(),
    }
}

/// The picture of a heap state: the frames' names and what they lead to, then (with
/// [`Options::unreachable`]) the objects nothing reaches, apart. `before` marks what changed.
pub fn build<H: HeapState + ?Sized>(
    heap: &H,
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
            let to = walk.points(*id, 1, false)?;
            vars.push(Arrow {
                label: name.clone(),
                to,
                changed: false,
            });
        }
        pframes.push(Frame {
            title: short_title(&f.title),
            depth: f.depth,
            vars,
            returned: false,
        });
    }
    if let Some((function, value)) = &opts.returned {
        if heap.is_live(*value) {
            let to = walk.points(*value, 1, false)?;
            pframes.push(Frame {
                title: format!("{} returned", short_title(function)),
                depth: usize::MAX,
                vars: vec![Arrow {
                    label: "value".into(),
                    to,
                    changed: false,
                }],
                returned: true,
            });
        }
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
            for t in n.slots.iter().filter_map(Arrow::target) {
                g.add_edge(idx[i], idx[t], ());
            }
        }
        let mut comps: Vec<Vec<usize>> = tarjan_scc_iterative(&g)
            .into_iter()
            .map(|c| {
                let mut v: Vec<usize> = c.into_iter().map(|x| x.index()).collect();
                v.sort_unstable();
                v
            })
            .filter(|c| {
                c.len() > 1
                    || self.nodes[c[0]]
                        .slots
                        .iter()
                        .any(|s| s.target() == Some(c[0]))
            })
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
        let keys: Vec<ObjKey> = self.nodes.iter().map(|n| n.key).collect();
        let arrows: Vec<((Source, String), Shown)> = self
            .arrows()
            .map(|(s, a)| ((s, a.label.clone()), a.shows(&keys)))
            .collect();
        b.arrows.extend(arrows);
        b
    }

    fn mark_changes<H: HeapState + ?Sized>(&mut self, heap: &H, before: &Before) {
        let keys: Vec<ObjKey> = self.nodes.iter().map(|n| n.key).collect();
        let changed = |src: &Source, a: &Arrow| {
            before.sources.contains(src)
                && before.arrows.get(&(src.clone(), a.label.clone())) != Some(&a.shows(&keys))
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
