//! The piece of `_sre` (`Modules/_sre/sre.c` of CPython 3.11) that refscope's Python `re` needs
//! from C: allocating a match object the size CPython's is.
//!
//! # Why
//!
//! CPython's `re.Match` is a C object of variable size, not a Python instance: the match
//! holds its group boundaries in the object itself, two `Py_ssize_t` marks per group and
//! two for the whole match, after a fixed part (`MatchObject`: the head with `ob_size`,
//! `string`, `regs`, `pattern`, `pos`, `endpos`, `lastindex`, `groups`: 88 bytes, the
//! type's `tp_basicsize`, with `tp_itemsize` 8). It has no `__dict__` and no weak
//! reference list, and it is a GC object. A Python class would be 56 bytes whatever the
//! pattern, with a dict of its attributes.
//!
//! # A worked example
//!
//! ```text
//!   re.match('a', 'a')          no groups:   16 (GC) + 88 + 8 * 2 * (0 + 1) = 120
//!   re.match('(a)(b)', 'ab')    two groups:  16 (GC) + 88 + 8 * 2 * (2 + 1) = 152
//! ```
//!
//! # The mechanism, under CPython's names
//!
//! `pattern_new_match` calls `PyObject_GC_NewVar(MatchObject, Match_Type, 2*(groups+1))`,
//! fills the fields, then `PyObject_GC_Track`s it. [`match_alloc`] is that allocation for the
//! model's `re.Match` class (a class of `re`'s Python part standing for the static type
//! `re.Match`, see `ModuleDef::static_types`), whose `__slots__` hold the fields; the Python
//! part fills them. `sys.getsizeof` is the block: `tp_basicsize + ob_size * tp_itemsize`
//! and the GC header.

use crate::builtins::BuiltinDef;
use crate::object::{Instance, ObjId, Payload};
use crate::vm::objects::Layout;
use crate::vm::{PyResult, Vm};

/// `sizeof(MatchObject)` less its one-element `mark` array: `Match_Type.tp_basicsize`.
const MATCH_BASICSIZE: usize = 88;
/// `Match_Type.tp_itemsize`: one `Py_ssize_t` mark.
const MATCH_ITEMSIZE: usize = 8;

/// The functions `re`'s Python part finds in its namespace.
pub static RE_FUNCTIONS: &[BuiltinDef] = &[crate::builtins::func("_match_alloc", match_alloc)];

/// Put the native helpers into the `re` module before its Python part runs.
pub fn init_re(vm: &mut Vm, module: ObjId) {
    vm.module_add_functions(module, RE_FUNCTIONS);
}

/// `_match_alloc(cls, nmarks)`: `PyObject_GC_NewVar` of a match with `nmarks` marks (its
/// slots empty), tracked, holding a reference to `cls` as the model's instances of a class do.
fn match_alloc(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::positional(vm, "_match_alloc", args, kwargs, 2, 2)?;
    let cls = args[0];
    if !matches!(vm.heap.payload(cls), Payload::Type(_)) || !vm.is_heap_type(cls) {
        return Err(vm.type_error("_match_alloc() argument 1 must be the re.Match class"));
    }
    let nmarks = match vm.as_i64(args[1]) {
        Some(n) if (0..=(1 << 40)).contains(&n) => n as usize,
        _ => return Err(vm.type_error("_match_alloc() argument 2 must be a mark count")),
    };
    let nslots = vm.total_slots(cls);
    let layout = Layout::gc(MATCH_BASICSIZE + MATCH_ITEMSIZE * nmarks);
    let id = vm.alloc(
        cls,
        Payload::Instance(Box::new(Instance::empty(nslots))),
        layout,
    );
    vm.incref(cls);
    Ok(id)
}
