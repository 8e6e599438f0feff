//! The names a snippet can see, frame by frame, as a picture of the heap draws them on the
//! left: the module's globals (without dunders, IPython's history names and imported modules),
//! then each running function's locals, outermost first. Unlike
//! [`super::report::named_objects`], a name bound to an interpreter object (`a = 10`, `x = None`)
//! is kept: that the name points at the shared cached object is the lesson.

use crate::object::{ObjId, Payload};

use super::report::is_ipython_name;
use super::{HeapState, LiveHeap};

/// One frame of names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameNames {
    /// `Globals`, or the function's qualified name.
    pub title: String,
    /// Depth in the frame stack (0 for the globals).
    pub depth: usize,
    /// `(name, object)`, in the frame's order (insertion order for globals, `co_varnames`
    /// order for locals).
    pub names: Vec<(String, ObjId)>,
}

/// Whether a global name belongs to the snippet (not `__name__`, `_i3`, `Out`, `gc`...).
pub fn is_user_global<H: HeapState + ?Sized>(heap: &H, name: &str, value: ObjId) -> bool {
    !name.starts_with("__") && !is_ipython_name(name) && heap.type_str(value) != "module"
}

/// Whether a frame's slot `i` holds a cell while it runs: a cell or free variable, or a
/// parameter the prologue's `MAKE_CELL` turned into one.
fn is_cell_slot(code: &crate::code::Code, i: usize) -> bool {
    use crate::code::Instr;
    i >= code.nlocals
        || code
            .instrs
            .iter()
            .take_while(|x| matches!(x, Instr::MakeCell(_) | Instr::CopyFreeVars(_)))
            .any(|x| *x == Instr::MakeCell(i as u32))
}

/// The globals of `__main__`, then the locals of every function frame (outermost first), of
/// any heap state ([`HeapState::name_frames`]).
pub fn frames<H: HeapState + ?Sized>(heap: &H) -> Vec<FrameNames> {
    heap.name_frames()
}

/// The frames of names from what any state says of the snippet: the names it bound, then
/// the bound locals of each frame running a function (module and class bodies keep their
/// names in a dict: they have none). `depth` is the frame's place among the snippet's frames.
pub fn from_snippet<H: HeapState + ?Sized>(heap: &H) -> Vec<FrameNames> {
    let mut out = vec![FrameNames {
        title: "Globals".into(),
        depth: 0,
        names: heap
            .snippet_names()
            .into_iter()
            .filter(|(name, v)| is_user_global(heap, name, *v))
            .collect(),
    }];
    for (depth, f) in heap.snippet_frames().into_iter().enumerate() {
        if depth == 0 || f.locals.is_empty() && f.function == "<module>" {
            continue;
        }
        out.push(FrameNames {
            title: f.function,
            depth,
            names: f.locals,
        });
    }
    if let Some(exc) = heap.uncaught() {
        if out.len() == 1 {
            out.extend(super::lesson::traceback_frames(heap, exc));
        }
    }
    out
}

/// The globals of `__main__`, then the locals of every function frame (outermost first), read
/// from the model's frames.
pub fn live_frames(heap: &LiveHeap) -> Vec<FrameNames> {
    let vm = heap.vm;
    let mut out = vec![FrameNames {
        title: "Globals".into(),
        depth: 0,
        names: vm
            .dict_pairs(vm.main_dict)
            .into_iter()
            .map(|(k, v)| (vm.str_of(k).to_string(), v))
            .filter(|(name, v)| is_user_global(heap, name, *v))
            .collect(),
    }];
    for (depth, f) in vm.frames.iter().enumerate() {
        // module code and class bodies keep their names in a dict (the globals, or the
        // class namespace): only function frames have locals of their own
        if f.locals_dict.is_some() || f.func.is_none() {
            continue;
        }
        let names = f
            .localsplus
            .iter()
            .enumerate()
            .filter_map(|(i, v)| {
                let v = (*v)?;
                // a cell variable's slot holds the cell: the name means what the cell holds
                let v = match (is_cell_slot(&f.code, i), vm.payload(v)) {
                    (true, Payload::Cell(c)) => (*c)?,
                    _ => v,
                };
                Some((f.local_name(i).to_string(), v))
            })
            .collect();
        out.push(FrameNames {
            title: f.code.qualname.clone(),
            depth,
            names,
        });
    }
    // stopped at an uncaught exception: the frames are gone from the stack, and the
    // traceback keeps them (and their locals) alive
    if let Some(exc) = heap.uncaught() {
        if out.len() == 1 {
            out.extend(super::lesson::traceback_frames(heap, exc));
        }
    }
    out
}
