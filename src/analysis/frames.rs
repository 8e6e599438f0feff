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
pub fn is_user_global(heap: &LiveHeap, name: &str, value: ObjId) -> bool {
    !name.starts_with("__")
        && !is_ipython_name(name)
        && !matches!(heap.vm.payload(value), Payload::Module(_))
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

/// The globals of `__main__`, then the locals of every function frame (outermost first).
pub fn frames(heap: &LiveHeap) -> Vec<FrameNames> {
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
