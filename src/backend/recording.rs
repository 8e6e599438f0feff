//! A recorded run of a real CPython: the recorder's records (see `recorder.py`), parsed once
//! into per-step changes, and a cursor that applies them step by step and reads the state it
//! is at through [`HeapState`], as every view reads the model.
//!
//! The recorder sends, at each line event, only the objects whose state changed since the
//! last step and the ids of those no longer reached. An object is named by its CPython `id()`
//! only while it lives: when an id disappears, or comes back with another type, the memory
//! was reused, and the object gets a new [`ObjId`] (ids here are dense, in order of first
//! sighting). Each step keeps its changes and what they replaced, so the cursor moves forward
//! and back by applying one step's changes at a time, and a state is never copied whole.
//!
//! ```text
//! records ─► Recording { steps: [changes, undo, frames, names, stdout] }
//!                 │
//!                 ▼
//!            RecordedRun { at: step k, objects: [Option<Rc<RObject>>] }  ─► HeapState
//! ```

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::{Mutex, OnceLock};

use serde_json::Value;

use crate::analysis::{FrameLocals, GcInfo, HeapState, ObjectInfo, Root, Shared, StepPosition};
use crate::heap::traverse::Edge;
use crate::object::{ObjId, Slot};
use crate::vm::RootRef;

/// One object's state at a step.
#[derive(Clone, Debug, PartialEq)]
pub struct RObject {
    /// CPython's `id()`: the object's address.
    pub address: u64,
    pub type_name: Rc<str>,
    /// A short repr the recorder made without running the snippet's code.
    pub repr: String,
    /// `ob_refcnt` less the recorder's own references.
    pub refcnt: i64,
    /// `sys.getsizeof` (None when the snippet's class defines `__sizeof__`: not run).
    pub size: Option<usize>,
    pub gc: GcInfo,
    pub startup: bool,
    /// The references it holds, in `tp_traverse` order, then those it holds untraversed.
    pub edges: Vec<Edge>,
    /// A str's text (short ones), for dict keys and attribute names.
    pub text: Option<String>,
    /// What a function, class, module or code object is called.
    pub name: Option<String>,
    /// A str the interpreter interned (`state.interned`).
    pub interned: bool,
    /// A code object's `co_argcount`, `co_kwonlyargcount` and `co_flags`.
    pub code_params: Option<[u32; 3]>,
}

/// A frame running the snippet's code at a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RFrame {
    /// `co_qualname`.
    pub function: String,
    pub line: u32,
    /// The bound fast locals (cells by their contents), in `co_varnames` order.
    pub locals: Vec<(String, ObjId)>,
    /// What each bound local slot holds (a cell itself for cell variables), and whether it
    /// is a parameter: the references the frame holds.
    pub slots: Vec<(String, ObjId, bool)>,
    /// The value stack, when the recorder could read it (a frame called from native code
    /// does not say where its stack ends).
    pub stack: Option<Vec<ObjId>>,
    pub func: Option<ObjId>,
    pub code: Option<ObjId>,
    /// The namespace dict of a module or class body (`f_locals`).
    pub namespace: Option<ObjId>,
}

/// One step: where the run is, what changed, and what the change replaced.
#[derive(Clone, Debug, Default)]
pub struct StepRecord {
    pub line: u32,
    pub cell: Option<usize>,
    /// The innermost frame's function.
    pub frame: String,
    pub frames: Vec<RFrame>,
    pub names: Vec<(String, ObjId)>,
    /// What the snippet printed since the previous step.
    pub stdout: String,
    /// The collector's counts when the step was recorded.
    pub gc_counts: [i64; 3],
    /// The parser arena's objects, when it was found.
    pub arena: Option<Vec<ObjId>>,
    /// The value a call gave back to the line just executed (the recorder judges it as
    /// [`crate::analysis::returns`] does): the function's qualified name and the value.
    pub ret: Option<(String, ObjId)>,
    /// The post-mortem state only: the exception that left the snippet uncaught, and its
    /// traceback (3.11 keeps it beside the exception while it propagates: the exception's
    /// `__traceback__` is set when the printer takes it).
    pub uncaught: Option<(ObjId, ObjId)>,
    changes: Vec<(ObjId, Option<Rc<RObject>>)>,
    undo: Vec<(ObjId, Option<Rc<RObject>>)>,
}

/// What the recorder said about the interpreter it ran in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordingInfo {
    /// `sys.version_info`, as `3.11.7`.
    pub version: String,
    /// `sys.implementation.name`.
    pub implementation: String,
    /// `sys.platform` (`linux`; `emscripten` for pyodide).
    pub platform: String,
    /// Pointer width (64, or 32 under WebAssembly).
    pub bits: u32,
    /// `script` (`PYTHON FILE`), `ipython` (cells through IPython's InteractiveShell) or
    /// `cells-script` (cells run as one script: IPython not importable there).
    pub mode: String,
    /// The recorder found where this CPython keeps a frame's locals.
    pub layout: bool,
    /// Where the counts and free lists are (offsets from `None`), for calibration.
    pub calibration: Option<Value>,
}

/// How the recorded run ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordingEnd {
    /// The snippet ran to its end (the module frame returned, or the last cell ran).
    pub finished: bool,
    /// The step limit was reached: the run was stopped there.
    pub limit: Option<u64>,
    /// The user stopped the recording (Esc, Ctrl-C) before the snippet ended.
    pub stopped: bool,
    /// The recorder failed (its own traceback).
    pub error: Option<String>,
    /// The recording stopped before the snippet did, after this many steps, and why (the
    /// tracer could not run in a frame at the recursion limit, or was switched off): the
    /// rest of the snippet ran unrecorded.
    pub lost: Option<(u64, String)>,
    /// What the snippet printed after its last step.
    pub stdout_tail: String,
    /// The interpreter's exit status.
    pub exit_code: Option<i32>,
    /// The interpreter's peak resident memory in KiB, recorder included (where the
    /// interpreter can tell).
    pub maxrss_kib: Option<u64>,
    /// What the snippet wrote to stderr (tracebacks).
    pub stderr: String,
}

/// A whole recorded run, parsed.
#[derive(Clone, Debug, Default)]
pub struct Recording {
    pub info: RecordingInfo,
    pub steps: Vec<StepRecord>,
    /// The state after the last step when an exception left the snippet uncaught: no
    /// frames run, the exception is a root and its traceback keeps the frames it went
    /// through (the model's post-mortem stop). Not a line event: not in `steps`.
    pub post_mortem: Option<StepRecord>,
    pub end: RecordingEnd,
    /// One past the largest ObjId given out.
    capacity: usize,
}

/// A problem in the records (they come from the recorder: a bug or an interpreter it does
/// not know).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "record {}: {}", self.line, self.message)
    }
}

/// Field names as `&'static str` (what [`Slot::Field`] holds): each distinct name is kept
/// once for the life of the process. The recorder's names are a small fixed vocabulary.
fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(HashSet::new()));
    let mut names = match names.lock() {
        Ok(n) => n,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(&n) = names.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

fn gc_info(s: &str) -> GcInfo {
    match s {
        "untracked" => GcInfo::Untracked,
        "gen0" => GcInfo::Generation(0),
        "gen1" => GcInfo::Generation(1),
        "gen2" => GcInfo::Generation(2),
        "permanent" => GcInfo::Permanent,
        _ => GcInfo::NotGc,
    }
}

/// Reads records one line at a time, giving each CPython id its current ObjId.
#[derive(Default)]
pub struct RecordingBuilder {
    rec: Recording,
    /// The objects alive at the last step: CPython id -> (ObjId, state).
    live: HashMap<u64, (ObjId, Rc<RObject>)>,
    types: HashSet<Rc<str>>,
    lines: usize,
}

impl RecordingBuilder {
    pub fn new() -> RecordingBuilder {
        RecordingBuilder {
            rec: Recording {
                capacity: 1,
                ..Recording::default()
            },
            ..RecordingBuilder::default()
        }
    }

    /// Steps read so far.
    pub fn steps(&self) -> usize {
        self.rec.steps.len()
    }

    fn type_name(&mut self, s: &str) -> Rc<str> {
        if let Some(t) = self.types.get(s) {
            return t.clone();
        }
        let t: Rc<str> = Rc::from(s);
        self.types.insert(t.clone());
        t
    }

    fn err(&self, message: impl Into<String>) -> ParseError {
        ParseError {
            line: self.lines,
            message: message.into(),
        }
    }

    /// Take one line of the recorder's output.
    pub fn feed(&mut self, line: &str) -> Result<(), ParseError> {
        self.lines += 1;
        let line = line.trim();
        if line.is_empty() {
            return Ok(());
        }
        let v: Value = serde_json::from_str(line).map_err(|e| self.err(e.to_string()))?;
        match v.get("t").and_then(Value::as_str) {
            Some("hello") => {
                self.rec.info = RecordingInfo {
                    version: str_of(&v, "version"),
                    implementation: str_of(&v, "implementation"),
                    platform: str_of(&v, "platform"),
                    bits: v.get("bits").and_then(Value::as_u64).unwrap_or(64) as u32,
                    mode: str_of(&v, "mode"),
                    layout: v.get("layout").and_then(Value::as_bool).unwrap_or(false),
                    calibration: v.get("calibration").cloned(),
                };
                Ok(())
            }
            Some("mode") => {
                self.rec.info.mode = str_of(&v, "mode");
                Ok(())
            }
            Some("step") => {
                let s = self.step(&v)?;
                self.rec.steps.push(s);
                Ok(())
            }
            Some("uncaught") => {
                let s = self.step(&v)?;
                self.rec.post_mortem = Some(s);
                Ok(())
            }
            Some("end") => {
                self.rec.end.finished = true;
                self.rec.end.maxrss_kib = v.get("maxrss").and_then(Value::as_u64);
                self.rec.end.stdout_tail.push_str(&str_of(&v, "stdout"));
                Ok(())
            }
            Some("limit") => {
                self.rec.end.limit = v.get("limit").and_then(Value::as_u64);
                Ok(())
            }
            Some("error") => {
                self.rec.end.error = Some(str_of(&v, "text"));
                Ok(())
            }
            Some("lost") => {
                let steps = v.get("steps").and_then(Value::as_u64).unwrap_or(0);
                self.rec.end.lost = Some((steps, str_of(&v, "why")));
                Ok(())
            }
            _ => Err(self.err("a record of no known kind")),
        }
    }

    fn step(&mut self, v: &Value) -> Result<StepRecord, ParseError> {
        let objects = v
            .get("objects")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let gone: Vec<u64> = v
            .get("gone")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let mut changes: Vec<(ObjId, Option<Rc<RObject>>)> = Vec::new();
        let mut undo: Vec<(ObjId, Option<Rc<RObject>>)> = Vec::new();
        for addr in gone {
            if let Some((id, old)) = self.live.remove(&addr) {
                changes.push((id, None));
                undo.push((id, Some(old)));
            }
        }
        // first every object's ObjId (references point at objects listed in this step too)
        let mut parsed = Vec::with_capacity(objects.len());
        for o in objects {
            let a = o
                .as_array()
                .ok_or_else(|| self.err("an object is not an array"))?;
            let addr = a
                .first()
                .and_then(Value::as_u64)
                .ok_or_else(|| self.err("an object without an id"))?;
            let type_name = self.type_name(a.get(1).and_then(Value::as_str).unwrap_or("?"));
            let (id, before) = match self.live.get(&addr).cloned() {
                Some((id, old)) if old.type_name == type_name => (id, Some(old)),
                previous => {
                    if let Some((old_id, old)) = previous {
                        // the memory was reused: the old object is gone
                        changes.push((old_id, None));
                        undo.push((old_id, Some(old)));
                    }
                    let id = ObjId::from_index(self.rec.capacity);
                    self.rec.capacity += 1;
                    (id, None)
                }
            };
            let placeholder = Rc::new(RObject {
                address: addr,
                type_name: type_name.clone(),
                repr: String::new(),
                refcnt: 0,
                size: None,
                gc: GcInfo::NotGc,
                startup: false,
                edges: Vec::new(),
                text: None,
                name: None,
                interned: false,
                code_params: None,
            });
            self.live.insert(addr, (id, placeholder));
            parsed.push((id, addr, type_name, a, before));
        }
        for (id, addr, type_name, a, before) in parsed {
            let edges = self.edges(a.get(7))?;
            let obj = Rc::new(RObject {
                address: addr,
                type_name,
                repr: a.get(2).and_then(Value::as_str).unwrap_or("").to_string(),
                refcnt: a.get(3).and_then(Value::as_i64).unwrap_or(0),
                size: a.get(4).and_then(Value::as_u64).map(|s| s as usize),
                gc: gc_info(a.get(5).and_then(Value::as_str).unwrap_or("")),
                startup: a.get(6).and_then(Value::as_bool).unwrap_or(false),
                edges,
                text: a.get(8).and_then(Value::as_str).map(str::to_string),
                name: a.get(9).and_then(Value::as_str).map(str::to_string),
                interned: a.get(10).and_then(Value::as_u64).unwrap_or(0) != 0,
                code_params: a.get(11).and_then(Value::as_array).and_then(|c| {
                    let n = |k: usize| c.get(k).and_then(Value::as_u64).map(|x| x as u32);
                    Some([n(0)?, n(1)?, n(2)?])
                }),
            });
            self.live.insert(addr, (id, obj.clone()));
            changes.push((id, Some(obj)));
            undo.push((id, before));
        }
        let resolve = |live: &HashMap<u64, (ObjId, Rc<RObject>)>, v: &Value| -> Option<ObjId> {
            v.as_u64().and_then(|a| live.get(&a)).map(|(id, _)| *id)
        };
        let pairs = |live: &HashMap<u64, (ObjId, Rc<RObject>)>, v: Option<&Value>| {
            v.and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|p| {
                            let p = p.as_array()?;
                            Some((p.first()?.as_str()?.to_string(), resolve(live, p.get(1)?)?))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        let names = pairs(&self.live, v.get("names"));
        // the frames before `frames_from` are those of the previous step
        let keep = v.get("frames_from").and_then(Value::as_u64).unwrap_or(0) as usize;
        let mut frames: Vec<RFrame> = self
            .rec
            .steps
            .last()
            .map(|s| s.frames.iter().take(keep).cloned().collect())
            .unwrap_or_default();
        for f in v
            .get("frames")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let slots = f
                .get("slots")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|p| {
                            let p = p.as_array()?;
                            Some((
                                p.first()?.as_str()?.to_string(),
                                resolve(&self.live, p.get(1)?)?,
                                p.get(2).and_then(Value::as_bool).unwrap_or(false),
                            ))
                        })
                        .collect()
                })
                .unwrap_or_default();
            frames.push(RFrame {
                function: str_of(f, "function"),
                line: f.get("line").and_then(Value::as_u64).unwrap_or(0) as u32,
                locals: pairs(&self.live, f.get("locals")),
                slots,
                stack: f.get("stack").and_then(Value::as_array).map(|a| {
                    a.iter()
                        .filter_map(|x| resolve(&self.live, x))
                        .collect::<Vec<_>>()
                }),
                func: f.get("func").and_then(|x| resolve(&self.live, x)),
                code: f.get("code").and_then(|x| resolve(&self.live, x)),
                namespace: f.get("ns").and_then(|x| resolve(&self.live, x)),
            });
        }
        let arena = v.get("arena").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|x| resolve(&self.live, x))
                .collect::<Vec<_>>()
        });
        let mut gc_counts = [0i64; 3];
        if let Some(g) = v.get("gc").and_then(Value::as_array) {
            for (k, c) in g.iter().take(3).enumerate() {
                gc_counts[k] = c.as_i64().unwrap_or(0);
            }
        }
        let ret = v.get("ret").and_then(Value::as_array).and_then(|r| {
            Some((
                r.first()?.as_str()?.to_string(),
                resolve(&self.live, r.get(1)?)?,
            ))
        });
        let uncaught = v.get("exc").and_then(Value::as_array).and_then(|e| {
            Some((
                resolve(&self.live, e.first()?)?,
                resolve(&self.live, e.get(1)?)?,
            ))
        });
        Ok(StepRecord {
            line: v.get("line").and_then(Value::as_u64).unwrap_or(0) as u32,
            cell: v.get("cell").and_then(Value::as_u64).map(|c| c as usize),
            frame: str_of(v, "frame"),
            frames,
            names,
            stdout: str_of(v, "stdout"),
            gc_counts,
            arena,
            ret,
            uncaught,
            changes,
            undo,
        })
    }

    fn edges(&self, v: Option<&Value>) -> Result<Vec<Edge>, ParseError> {
        let mut out = Vec::new();
        for e in v.and_then(Value::as_array).into_iter().flatten() {
            let Some(e) = e.as_array() else { continue };
            let kind = e.first().and_then(Value::as_str).unwrap_or("");
            let arg = e.get(1);
            let n = arg.and_then(Value::as_u64).unwrap_or(0) as usize;
            let Some(target) = e
                .get(2)
                .and_then(Value::as_u64)
                .and_then(|a| self.live.get(&a))
                .map(|(id, _)| *id)
            else {
                continue;
            };
            let slot = match kind {
                "i" => Slot::Item(n),
                "v" => Slot::DictValue(n),
                "k" => Slot::DictKey(n),
                "s" => Slot::SetItem(n),
                "t" => Slot::Type,
                "a" => match arg.and_then(Value::as_u64).and_then(|a| self.live.get(&a)) {
                    Some((name, _)) => Slot::Attr(*name),
                    None => Slot::Field("?"),
                },
                _ => Slot::Field(intern(arg.and_then(Value::as_str).unwrap_or("?"))),
            };
            out.push(Edge {
                slot,
                target,
                gc_visible: e.get(3).and_then(Value::as_i64).unwrap_or(1) != 0,
            });
        }
        Ok(out)
    }

    /// The recording so far.
    pub fn finish(self) -> Recording {
        self.rec
    }
}

fn str_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

impl Recording {
    /// Parse a whole recorder output.
    pub fn parse(text: &str) -> Result<Recording, ParseError> {
        let mut b = RecordingBuilder::new();
        for line in text.lines() {
            b.feed(line)?;
        }
        Ok(b.finish())
    }

    /// One past the largest ObjId of the recording.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Everything the snippet printed (the steps', then what came after the last).
    pub fn stdout(&self) -> String {
        let mut s: String = self.steps.iter().map(|s| s.stdout.as_str()).collect();
        s.push_str(&self.end.stdout_tail);
        s
    }
}

/// The record that moves a run's state from `k` to `k + 1` (the post-mortem one after the
/// last step).
fn record_at(rec: &Recording, k: usize) -> Option<&StepRecord> {
    rec.steps.get(k).or_else(|| {
        (k == rec.steps.len())
            .then_some(rec.post_mortem.as_ref())
            .flatten()
    })
}

/// A recording and a position in it: the state at one step, read through [`HeapState`].
pub struct RecordedRun {
    pub recording: Rc<Recording>,
    /// Steps applied: 0 is before the first line event, `k` the state at step `k`; one
    /// past the last step, the post-mortem state (when there is one).
    at: usize,
    objects: Vec<Option<Rc<RObject>>>,
    stdout: String,
    roles: OnceCell<HashMap<ObjId, String>>,
}

impl RecordedRun {
    pub fn new(recording: Rc<Recording>) -> RecordedRun {
        let n = recording.capacity();
        RecordedRun {
            recording,
            at: 0,
            objects: vec![None; n],
            stdout: String::new(),
            roles: OnceCell::new(),
        }
    }

    /// The step the state is at (0: before the first; the post-mortem state is one past
    /// the last step, as the model's post-mortem stop counts one more).
    pub fn step(&self) -> usize {
        self.at
    }

    /// The state is the post-mortem one (an exception left the snippet uncaught).
    pub fn at_post_mortem(&self) -> bool {
        self.at > self.len()
    }

    /// Move to the post-mortem state; false (and nowhere) when the recording has none.
    pub fn goto_post_mortem(&mut self) -> bool {
        if self.recording.post_mortem.is_none() {
            return false;
        }
        self.move_to(self.len() + 1);
        true
    }

    /// Steps in the recording.
    pub fn len(&self) -> usize {
        self.recording.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.recording.steps.is_empty()
    }

    /// Move to step `k` (clamped to the recording), one step's changes at a time.
    pub fn goto(&mut self, k: usize) {
        self.move_to(k.min(self.len()));
    }

    fn move_to(&mut self, k: usize) {
        let rec = self.recording.clone();
        while self.at < k {
            let Some(s) = record_at(&rec, self.at) else {
                break;
            };
            for (id, o) in &s.changes {
                if let Some(slot) = self.objects.get_mut(id.index()) {
                    *slot = o.clone();
                }
            }
            self.stdout.push_str(&s.stdout);
            self.at += 1;
        }
        while self.at > k {
            self.at -= 1;
            let Some(s) = record_at(&rec, self.at) else {
                continue;
            };
            for (id, o) in s.undo.iter().rev() {
                if let Some(slot) = self.objects.get_mut(id.index()) {
                    *slot = o.clone();
                }
            }
            let keep = self.stdout.len().saturating_sub(s.stdout.len());
            self.stdout.truncate(keep);
        }
        self.roles = OnceCell::new();
    }

    /// The record of the step the state is at.
    pub fn current(&self) -> Option<&StepRecord> {
        self.at
            .checked_sub(1)
            .and_then(|i| record_at(&self.recording, i))
    }

    pub fn object(&self, id: ObjId) -> Option<&RObject> {
        self.objects.get(id.index()).and_then(|o| o.as_deref())
    }

    /// The live objects, by id.
    fn live(&self) -> impl Iterator<Item = (ObjId, &RObject)> + '_ {
        self.objects
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.as_deref().map(|o| (ObjId::from_index(i), o)))
    }

    /// The recording's first state of every object it saw: each object's refcount when it
    /// first appeared (the interned pane's "at start-up" for the small ints and singletons).
    pub fn first_refcounts(&self) -> HashMap<ObjId, i64> {
        let mut out = HashMap::new();
        for s in &self.recording.steps {
            for (id, o) in &s.changes {
                if let Some(o) = o {
                    out.entry(*id).or_insert(o.refcnt);
                }
            }
        }
        out
    }

    fn roles(&self) -> &HashMap<ObjId, String> {
        self.roles.get_or_init(|| {
            let mut roles = HashMap::new();
            // the module frame's namespace (post-mortem, when no frame runs: the last
            // step's)
            let module = |s: &StepRecord| s.frames.first().and_then(|f| f.namespace);
            let globals = self.current().and_then(module).or_else(|| {
                self.at_post_mortem()
                    .then(|| self.recording.steps.last().and_then(module))
                    .flatten()
            });
            if let Some(g) = globals {
                roles.insert(g, "__main__ globals".to_string());
            }
            for (i, o) in self.objects.iter().enumerate() {
                let Some(o) = o else { continue };
                let id = ObjId::from_index(i);
                let name = o.name.clone().unwrap_or_default();
                for e in &o.edges {
                    let role = match (&*o.type_name, e.slot) {
                        ("code", Slot::Field("co_consts")) => format!("co_consts of {name}"),
                        ("code", Slot::Field("co_names")) => format!("co_names of {name}"),
                        ("code", Slot::Field("co_localsplusnames")) => {
                            format!("co_varnames of {name}")
                        }
                        ("function", Slot::Field("__defaults__")) => {
                            format!("__defaults__ of {name}")
                        }
                        ("function", Slot::Field("__closure__")) => {
                            format!("__closure__ of {name}")
                        }
                        (_, Slot::Field("__dict__")) if o.name.is_some() && is_class(o) => {
                            format!("namespace of class {name}")
                        }
                        (_, Slot::Field("__mro__")) => format!("__mro__ of class {name}"),
                        (_, Slot::Field("__bases__")) => format!("__bases__ of class {name}"),
                        (_, Slot::Field("__dict__")) => {
                            format!("__dict__ of {} @0x{:x}", o.type_name, o.address)
                        }
                        _ => continue,
                    };
                    roles.entry(e.target).or_insert(role);
                }
                let _ = id;
            }
            roles
        })
    }

    /// The short repr: the recorder's, or, for the builtin containers (whose reprs the
    /// recorder leaves to refscope, to write them once per state rather than per step), one
    /// written from their items as Python writes it, cut at 60 characters.
    pub fn repr(&self, id: ObjId) -> String {
        let mut out = String::new();
        let mut path = Vec::new();
        self.write_repr(id, 2, &mut out, &mut path);
        if out.chars().count() > 60 {
            let mut t: String = out.chars().take(59).collect();
            t.push('…');
            return t;
        }
        out
    }

    fn write_repr(&self, id: ObjId, depth: u32, out: &mut String, path: &mut Vec<ObjId>) {
        let Some(o) = self.object(id) else {
            out.push('?');
            return;
        };
        if !o.repr.is_empty() {
            out.push_str(&o.repr);
            return;
        }
        if out.len() > 80 {
            return;
        }
        let (open, close, empty) = match &*o.type_name {
            "list" => ("[", "]", "[]"),
            "tuple" => ("(", ")", "()"),
            "dict" => ("{", "}", "{}"),
            "set" => ("{", "}", "set()"),
            "frozenset" => ("frozenset({", "})", "frozenset()"),
            _ => {
                out.push_str(&format!("<{} object at 0x{:x}>", o.type_name, o.address));
                return;
            }
        };
        if path.contains(&id) {
            out.push_str(match open {
                "[" => "[...]",
                "(" => "(...)",
                "{" if &*o.type_name == "dict" => "{...}",
                _ => "...",
            });
            return;
        }
        let mut items: Vec<(Option<ObjId>, ObjId)> = Vec::new();
        match &*o.type_name {
            "list" | "tuple" => {
                let mut v: Vec<(usize, ObjId)> = o
                    .edges
                    .iter()
                    .filter_map(|e| match e.slot {
                        Slot::Item(i) => Some((i, e.target)),
                        _ => None,
                    })
                    .collect();
                v.sort_by_key(|p| p.0);
                items = v.into_iter().map(|(_, t)| (None, t)).collect();
            }
            "dict" => {
                let mut keys: HashMap<usize, ObjId> = HashMap::new();
                let mut values: Vec<(usize, ObjId)> = Vec::new();
                for e in &o.edges {
                    match e.slot {
                        Slot::DictKey(n) => {
                            keys.insert(n, e.target);
                        }
                        Slot::DictValue(n) => values.push((n, e.target)),
                        _ => {}
                    }
                }
                values.sort_by_key(|p| p.0);
                items = values
                    .into_iter()
                    .map(|(n, v)| (keys.get(&n).copied(), v))
                    .collect();
            }
            _ => {
                for e in &o.edges {
                    if let Slot::SetItem(_) = e.slot {
                        items.push((None, e.target));
                    }
                }
            }
        }
        if items.is_empty() {
            out.push_str(empty);
            return;
        }
        if depth == 0 {
            out.push_str(open);
            out.push('…');
            out.push_str(close);
            return;
        }
        path.push(id);
        out.push_str(open);
        let limit = if &*o.type_name == "dict" { 8 } else { 12 };
        for (k, (key, value)) in items.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if k >= limit || out.len() > 80 {
                out.push('…');
                break;
            }
            if let Some(key) = key {
                self.write_repr(*key, depth - 1, out, path);
                out.push_str(": ");
            }
            self.write_repr(*value, depth - 1, out, path);
        }
        if &*o.type_name == "tuple" && items.len() == 1 {
            out.push(',');
        }
        out.push_str(close);
        path.pop();
    }

    fn plain_label(&self, o: &RObject) -> String {
        let name = o.name.as_deref();
        match (&*o.type_name, name) {
            ("function", Some(n)) => format!("function {n}"),
            ("module", Some(n)) => format!("module {n}"),
            ("code", Some(n)) => format!("code of {n}"),
            (_, Some(n)) if is_class(o) => format!("class {n}"),
            _ => format!("{} @0x{:x}", o.type_name, o.address),
        }
    }
}

/// Whether a recorded object is a class (its recorder name is a class's qualified name).
fn is_class(o: &RObject) -> bool {
    o.repr.starts_with("<class '")
}

/// The singletons as the sharing explanations name them, and as the interned pane lists them.
const SINGLETONS: [(&str, &str); 8] = [
    ("None", "None"),
    ("True", "True"),
    ("False", "False"),
    ("Ellipsis", "Ellipsis"),
    ("NotImplemented", "NotImplemented"),
    ("empty tuple ()", "()"),
    ("empty string ''", "''"),
    ("empty bytes b''", "b''"),
];

/// Which singleton a recorded object is: one of a kind made at start-up.
fn singleton_name(o: &RObject) -> Option<&'static str> {
    let name = match (&*o.type_name, o.repr.as_str()) {
        ("NoneType", _) => "None",
        ("bool", "True") => "True",
        ("bool", "False") => "False",
        ("ellipsis", _) => "Ellipsis",
        ("NotImplementedType", _) => "NotImplemented",
        ("tuple", _) if o.startup && !o.edges.iter().any(|e| matches!(e.slot, Slot::Item(_))) => {
            "empty tuple ()"
        }
        ("str", _) if o.startup && o.text.as_deref() == Some("") => "empty string ''",
        ("bytes", "b''") if o.startup => "empty bytes b''",
        _ => return None,
    };
    Some(name)
}

/// The value of a cached small int (-5..=256, made at start-up).
fn small_int(o: &RObject) -> Option<i64> {
    if !o.startup || &*o.type_name != "int" {
        return None;
    }
    o.repr
        .parse::<i64>()
        .ok()
        .filter(|n| (-5..=256).contains(n))
}

/// An object no longer in the state (a stale id from a view): shown, never a panic.
fn missing(id: ObjId) -> ObjectInfo {
    ObjectInfo {
        id,
        serial: id.index() as u64,
        addr: 0,
        type_name: "?".into(),
        refcnt: 0,
        size: 0,
        gc: GcInfo::NotGc,
        startup: false,
        static_refs: 0,
        repr: "<not in this step>".into(),
        label: "?".into(),
    }
}

impl HeapState for RecordedRun {
    fn capacity(&self) -> usize {
        self.objects.len()
    }

    fn object_ids(&self) -> Vec<ObjId> {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_some())
            .map(|(i, _)| ObjId::from_index(i))
            .collect()
    }

    fn is_live(&self, id: ObjId) -> bool {
        self.object(id).is_some()
    }

    fn info(&self, id: ObjId) -> ObjectInfo {
        let Some(o) = self.object(id) else {
            return missing(id);
        };
        ObjectInfo {
            id,
            serial: id.index() as u64,
            addr: o.address,
            type_name: o.type_name.to_string(),
            refcnt: o.refcnt,
            size: o.size.unwrap_or(0),
            gc: o.gc,
            startup: o.startup,
            static_refs: self.static_refs(id),
            repr: self.repr(id),
            label: self.label(id),
        }
    }

    fn for_each_edge(&self, id: ObjId, f: &mut dyn FnMut(Edge)) {
        if let Some(o) = self.object(id) {
            for &e in &o.edges {
                if self.is_live(e.target) {
                    f(e);
                }
            }
        }
    }

    fn for_each_root(&self, f: &mut dyn FnMut(&Root, ObjId)) {
        let Some(s) = self.current() else { return };
        for (depth, fr) in s.frames.iter().enumerate() {
            for (name, id, param) in &fr.slots {
                f(
                    &Root::Vm(RootRef::FrameLocal {
                        depth,
                        code_name: fr.function.clone(),
                        name: name.clone(),
                        param: *param,
                    }),
                    *id,
                );
            }
            for id in fr.stack.iter().flatten() {
                f(
                    &Root::Vm(RootRef::FrameStack {
                        depth,
                        code_name: fr.function.clone(),
                    }),
                    *id,
                );
            }
            for (field, id) in [
                ("f_func", fr.func),
                ("f_code", fr.code),
                ("f_locals", fr.namespace),
            ] {
                if let Some(id) = id {
                    f(
                        &Root::Vm(RootRef::FrameField {
                            depth,
                            code_name: fr.function.clone(),
                            field,
                        }),
                        id,
                    );
                }
            }
        }
        for id in s.arena.iter().flatten() {
            f(&Root::ParserArena, *id);
        }
        if let Some((exc, tb)) = s.uncaught {
            f(&Root::Uncaught, exc);
            f(&Root::Uncaught, tb);
        }
    }

    fn str_value(&self, id: ObjId) -> Option<String> {
        self.object(id).and_then(|o| o.text.clone())
    }

    fn is_startup(&self, id: ObjId) -> bool {
        self.object(id).is_some_and(|o| o.startup)
    }

    fn serial(&self, id: ObjId) -> u64 {
        id.index() as u64
    }

    fn label(&self, id: ObjId) -> String {
        if let Some(r) = self.roles().get(&id) {
            return r.clone();
        }
        match self.object(id) {
            Some(o) => self.plain_label(o),
            None => "?".into(),
        }
    }

    fn static_refs(&self, id: ObjId) -> i64 {
        // 3.11's statically allocated objects (small ints, one-character strings, the
        // singletons, deep-frozen constants) start at 999,999,999 references
        const STATIC_BASE: i64 = 999_999_999;
        match self.object(id) {
            Some(o)
                if o.startup
                    && o.refcnt >= STATIC_BASE
                    && self.recording.info.version.starts_with("3.11") =>
            {
                STATIC_BASE
            }
            _ => 0,
        }
    }

    fn type_name(&self, id: ObjId) -> String {
        self.type_str(id).into_owned()
    }

    fn type_str(&self, id: ObjId) -> std::borrow::Cow<'_, str> {
        match self.object(id) {
            Some(o) => std::borrow::Cow::Borrowed(&o.type_name),
            None => std::borrow::Cow::Borrowed("?"),
        }
    }

    fn refcnt(&self, id: ObjId) -> i64 {
        self.object(id).map(|o| o.refcnt).unwrap_or(0)
    }
    fn addr(&self, id: ObjId) -> u64 {
        self.object(id).map(|o| o.address).unwrap_or(0)
    }
    fn gc(&self, id: ObjId) -> GcInfo {
        self.object(id).map(|o| o.gc).unwrap_or(GcInfo::NotGc)
    }

    fn cached_reasons(&self, id: ObjId) -> Vec<Shared> {
        let Some(o) = self.object(id) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some(name) = singleton_name(o) {
            out.push(Shared::Singleton(name));
        }
        if let Some(n) = small_int(o) {
            out.push(Shared::SmallInt(n));
        }
        if o.startup
            && &*o.type_name == "str"
            && o.text
                .as_deref()
                .is_some_and(|t| t.chars().count() == 1 && t.chars().all(|c| c <= '\u{ff}'))
        {
            out.push(Shared::Latin1Char);
        }
        if o.interned && o.text.as_deref() != Some("") {
            out.push(Shared::InternedReal);
        }
        out
    }
    fn interned_strings(&self) -> Vec<(ObjId, &'static str)> {
        self.live()
            .filter(|(_, o)| o.interned)
            .map(|(id, _)| (id, "interned"))
            .collect()
    }
    fn small_ints(&self) -> Vec<(i64, ObjId)> {
        let mut v: Vec<(i64, ObjId)> = self
            .live()
            .filter_map(|(id, o)| small_int(o).map(|n| (n, id)))
            .collect();
        v.sort_unstable();
        v
    }
    fn singletons(&self) -> Vec<(&'static str, ObjId)> {
        let found: Vec<(&'static str, ObjId)> = self
            .live()
            .filter_map(|(id, o)| singleton_name(o).map(|n| (n, id)))
            .collect();
        SINGLETONS
            .iter()
            .filter_map(|(name, short)| {
                found
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|&(_, id)| (*short, id))
            })
            .collect()
    }
    fn live_count(&self) -> usize {
        self.objects.iter().filter(|o| o.is_some()).count()
    }
    fn name_frames(&self) -> Vec<crate::analysis::frames::FrameNames> {
        use crate::analysis::frames::{is_user_global, FrameNames};
        let mut out = vec![FrameNames {
            title: "Globals".into(),
            depth: 0,
            names: self
                .snippet_names()
                .into_iter()
                .filter(|(name, v)| is_user_global(self, name, *v))
                .collect(),
        }];
        if let Some(s) = self.current() {
            // module and class bodies keep their names in a dict: only function frames
            // have locals of their own
            for (depth, f) in s.frames.iter().enumerate() {
                if f.namespace.is_some() {
                    continue;
                }
                out.push(FrameNames {
                    title: f.function.clone(),
                    depth,
                    names: f.locals.clone(),
                });
            }
        }
        // post-mortem: no frame runs, the traceback keeps the frames (and their locals)
        if let Some((_, tb)) = self.current().and_then(|s| s.uncaught) {
            if out.len() == 1 {
                out.extend(crate::analysis::lesson::chain_frames(self, Some(tb)));
            }
        }
        out
    }

    fn uncaught(&self) -> Option<ObjId> {
        self.current()
            .and_then(|s| s.uncaught)
            .map(|u| u.0)
            .filter(|&e| self.is_live(e))
    }

    fn last_return(&self) -> Option<crate::analysis::Return> {
        let (function, value) = self.current()?.ret.clone()?;
        self.is_live(value)
            .then_some(crate::analysis::Return { function, value })
    }

    fn arg_count(&self, code: ObjId) -> Option<usize> {
        self.object(code)
            .and_then(|o| o.code_params)
            .map(|c| c[0] as usize)
    }

    fn position(&self) -> Option<StepPosition> {
        self.current().map(|s| StepPosition {
            cell: s.cell,
            line: s.line,
            frame: s.frame.clone(),
        })
    }

    fn snippet_frames(&self) -> Vec<FrameLocals> {
        self.current()
            .map(|s| {
                s.frames
                    .iter()
                    .map(|f| FrameLocals {
                        function: f.function.clone(),
                        line: f.line,
                        locals: f.locals.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    fn snippet_names(&self) -> Vec<(String, ObjId)> {
        self.current().map(|s| s.names.clone()).unwrap_or_default()
    }

    fn stdout(&self) -> &str {
        &self.stdout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREE_STEPS: &str = r#"{"t":"hello","version":"3.11.7","implementation":"cpython","bits":64,"mode":"script","layout":true}
{"t":"step","step":1,"line":1,"stdout":"","names":[],"frames":[{"function":"<module>","line":1,"code":500,"ns":100,"stack":[],"locals":[],"slots":[]}],"frame":"<module>","gone":[],"gc":[10,0,2],"objects":[[100,"dict","{}",3,272,"gen2",true,[],null,null],[500,"code","<code object <module>>",2,200,"not-gc",false,[],null,"<module>"]]}
{"t":"step","step":2,"line":2,"stdout":"hi\n","names":[["a",200]],"frames":[{"function":"<module>","line":2,"code":500,"ns":100,"stack":[],"locals":[],"slots":[]}],"frame":"<module>","gone":[],"gc":[11,0,2],"objects":[[100,"dict",null,3,272,"gen2",true,[["v",0,200,1],["k",0,300,0]],null,null],[200,"list","[1]",1,64,"gen0",false,[["i",0,400,1]],null,null],[300,"str","'a'",5,50,"not-gc",true,[],"a"],[400,"int","1",1000,28,"not-gc",true,[]]]}
{"t":"step","step":3,"line":3,"stdout":"","names":[["a",201]],"frames":[{"function":"<module>","line":3,"code":500,"ns":100,"stack":[],"locals":[],"slots":[]}],"frame":"<module>","gone":[200],"gc":[11,0,2],"objects":[[100,"dict","{'a': 1}",3,272,"gen2",true,[["v",0,201,1],["k",0,300,0]],null,null],[201,"tuple","(1,)",1,48,"gen0",false,[["i",0,400,1]],null,null]]}
{"t":"end","stdout":"bye\n","steps":3}
"#;

    #[test]
    fn steps_apply_forward_and_back() {
        let rec = Rc::new(Recording::parse(THREE_STEPS).expect("parses"));
        assert_eq!(rec.steps.len(), 3);
        assert_eq!(rec.info.version, "3.11.7");
        assert!(rec.end.finished);
        assert_eq!(rec.stdout(), "hi\nbye\n");
        let mut run = RecordedRun::new(rec);
        assert!(run.position().is_none());
        run.goto(2);
        let names = run.snippet_names();
        assert_eq!(names.len(), 1);
        let a = names[0].1;
        assert_eq!(run.type_name(a), "list");
        assert_eq!(run.refcnt(a), 1);
        assert_eq!(run.stdout(), "hi\n");
        // the list is held by the globals dict, named as the model names it
        let holders = crate::analysis::holders_of(&run, a);
        assert_eq!(holders.len(), 1);
        assert_eq!(holders[0].text, "a in __main__ globals");
        run.goto(3);
        assert!(!run.is_live(a));
        let b = run.snippet_names()[0].1;
        assert_ne!(a, b);
        assert_eq!(run.type_name(b), "tuple");
        run.goto(1);
        assert!(!run.is_live(a));
        assert!(run.snippet_names().is_empty());
        assert_eq!(run.stdout(), "");
        run.goto(2);
        assert!(run.is_live(a));
        assert_eq!(run.info(a).repr, "[1]");
        // containers recorded without a repr get one written from their items
        let g = run
            .current()
            .and_then(|s| s.frames[0].namespace)
            .expect("globals");
        assert_eq!(run.info(g).repr, "{'a': [1]}");
    }

    #[test]
    fn a_reused_id_is_a_new_object() {
        let text = THREE_STEPS
            .replace(r#"[201,"tuple""#, r#"[200,"tuple""#)
            .replace(r#""gone":[200]"#, r#""gone":[]"#);
        let text = text.replace(r#"["a",201]"#, r#"["a",200]"#);
        let text = text.replace(r#"["v",0,201,1]"#, r#"["v",0,200,1]"#);
        let rec = Rc::new(Recording::parse(&text).expect("parses"));
        let mut run = RecordedRun::new(rec);
        run.goto(2);
        let a = run.snippet_names()[0].1;
        run.goto(3);
        let b = run.snippet_names()[0].1;
        assert_ne!(a, b, "same address, another type: another object");
        assert!(!run.is_live(a));
        run.goto(2);
        assert!(run.is_live(a) && !run.is_live(b));
    }

    #[test]
    fn bad_records_are_errors_not_panics() {
        assert!(Recording::parse("{not json").is_err());
        assert!(Recording::parse(r#"{"t":"what"}"#).is_err());
        let rec = Recording::parse(r#"{"t":"step","objects":[[1]],"frames":[{}]}"#)
            .expect("missing fields default");
        let mut run = RecordedRun::new(Rc::new(rec));
        run.goto(5);
        assert_eq!(run.step(), 1);
        assert_eq!(run.info(ObjId::from_index(99)).repr, "<not in this step>");
    }
}
