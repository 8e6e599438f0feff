//! The `D` key: which objects' state differs between the model and the real backend at this
//! step.
//!
//! The other side is run to the same step (the model is stepped to it from a fresh session;
//! the real backend's recording, made once per text, is moved to it), and the two states are
//! matched by the path the snippet's names reach each object by (`a`, `head.next`, `f:x[1]`,
//! [`crate::analysis::lesson::Reach::path`]): an object of this side and the object at the
//! same path on the other are the same object of the snippet. They differ when the type, the
//! size, the collector state or the refcount differ; as `refscope diff` does, the refcount and
//! the collector state of start-up objects (small ints, interned strings, singletons: their
//! counts are the whole interpreter's) are not compared. A path only one side has is a
//! difference too (the two sides' objects are shaped differently).

use std::collections::HashMap;

use crate::analysis::frames::frames;
use crate::analysis::lesson;
use crate::analysis::{GcInfo, HeapState};
use crate::object::ObjId;

use super::heapview::ObjRef;

/// Objects compared at most (a big heap is compared by its first objects).
const MAX_COMPARED: usize = 5_000;

/// The objects of this side that differ from the other side, each with how.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// The stop ([`crate::tui::app::App::stops`]) they were found at.
    pub stop: u64,
    /// What the other side is (`the model`, `CPython 3.11.7`).
    pub other: String,
    pub objects: HashMap<ObjRef, String>,
    /// The differing objects in the order the names reach them: `(path, how)`.
    pub list: Vec<(String, String)>,
    /// The two runs are not at the same line (their steps do not align from here on).
    pub line: Option<String>,
    pub compared: usize,
}

fn gc_word(g: GcInfo) -> &'static str {
    match g {
        GcInfo::NotGc => "not gc",
        GcInfo::Untracked => "untracked",
        GcInfo::Generation(0) => "gen0",
        GcInfo::Generation(1) => "gen1",
        GcInfo::Generation(_) => "gen2",
        GcInfo::Permanent => "permanent",
    }
}

/// How one object differs from its counterpart, if it does.
fn compare<A: HeapState + ?Sized, B: HeapState + ?Sized>(
    here: &A,
    a: ObjId,
    there: &B,
    b: ObjId,
    other: &str,
) -> Option<String> {
    let (ta, tb) = (here.type_name(a), there.type_name(b));
    if ta != tb {
        return Some(format!("a {ta} here, a {tb} in {other}"));
    }
    let startup = here.is_startup(a) || there.is_startup(b);
    let mut out = Vec::new();
    if !startup {
        let (ra, rb) = (here.refcnt(a), there.refcnt(b));
        if ra != rb {
            out.push(format!("refcount {ra} here, {rb} in {other}"));
        }
        let (ga, gb) = (here.gc(a), there.gc(b));
        if ga != gb {
            out.push(format!("{} here, {} in {other}", gc_word(ga), gc_word(gb)));
        }
    }
    let (sa, sb) = (here.info(a).size, there.info(b).size);
    if sa != sb && sa != 0 && sb != 0 {
        out.push(format!("size {sa} here, {sb} in {other}"));
    }
    (!out.is_empty()).then(|| out.join(", "))
}

/// Compare `here` (this side) with `there` (the other side, named `other`) at one step.
pub fn marks<A: HeapState + ?Sized, B: HeapState + ?Sized>(
    here: &A,
    there: &B,
    other: &str,
    stop: u64,
) -> Marks {
    let mut m = Marks {
        stop,
        other: other.to_string(),
        ..Marks::default()
    };
    match (here.position(), there.position()) {
        (Some(p), Some(q)) if (p.line, &p.frame) != (q.line, &q.frame) => {
            m.line = Some(format!(
                "line {} in {} here, line {} in {} in {other}",
                p.line, p.frame, q.line, q.frame
            ));
        }
        (Some(_), None) => m.line = Some(format!("{other} has no such step (it ended before)")),
        _ => {}
    }
    let r_here = lesson::reach(here, &frames(here), &[]);
    let r_there = lesson::reach(there, &frames(there), &[]);
    let by_path: HashMap<String, ObjId> = r_there
        .order
        .iter()
        .take(MAX_COMPARED)
        .filter_map(|&id| r_there.path(there, id).map(|p| (p, id)))
        .collect();
    for &id in r_here.order.iter().take(MAX_COMPARED) {
        let Some(path) = r_here.path(here, id) else {
            continue;
        };
        m.compared += 1;
        let how = match by_path.get(&path) {
            Some(&b) => compare(here, id, there, b, other),
            None => Some(format!("{other} has nothing at {path}")),
        };
        if let Some(how) = how {
            m.objects.insert((id, here.serial(id)), how.clone());
            m.list.push((path, how));
        }
    }
    m
}

impl Marks {
    /// The message the key shows.
    pub fn summary(&self, step: u64) -> String {
        let mut text = match self.list.len() {
            0 => format!(
                "step {step}: the {} objects the names reach agree with {}",
                self.compared, self.other
            ),
            n => {
                let (path, how) = &self.list[0];
                let more = if n > 1 {
                    format!(" (and {} more, marked ≠)", n - 1)
                } else {
                    " (marked ≠)".to_string()
                };
                format!(
                    "step {step}: {n} differ from {}: {path}: {how}{more}",
                    self.other
                )
            }
        };
        if let Some(l) = &self.line {
            text.push_str(&format!(" · not at the same line: {l}"));
        }
        text
    }
}
