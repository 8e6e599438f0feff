//! The identifier strings CPython's start-up has already made and interned.
//!
//! Why. The compiler interns every name and every identifier-like string constant
//! (`PyUnicode_InternInPlace`): a snippet's `v = 'data'` does not make a string, it binds the
//! one already in the interned table. By the time `python3 FILE` reaches the snippet's first
//! line, start-up has filled that table with some five thousand identifiers: the names and
//! constants of the code objects it loaded, the keys of the modules' and types' dicts. In
//! 3.11 about fourteen hundred of them are *statically allocated*: the strings of the
//! deep-frozen modules (`Programs/_freeze_module`'s `deepfreeze.c`: `importlib._bootstrap`,
//! `os`, `site`, `codecs`...) and the `_Py_ID` identifiers live in libpython's data segment,
//! their count starting at 999,999,999 (`_PyObject_IMMORTAL_INIT`). The rest are ordinary
//! heap strings that start-up's objects keep alive. What a learner sees:
//!
//! ```text
//! import sys
//! v = 'data'
//! print(sys.getrefcount(v))   # 1000000187: start-up's 999,999,999 + 185, then co_consts, v, the argument
//! w = 'left'
//! print(sys.getrefcount(w))   # 9: a heap string, 6 references from start-up (`re`'s tables)
//! u = 'zebra'
//! print(sys.getrefcount(u))   # 4: made by this snippet's parser (its arena holds it too)
//! ```
//!
//! Mechanism. `startup_strings.tsv` (measured from python3 by
//! `tests/measure_startup_strings.py`) lists each start-up identifier, whether it is static,
//! and how many references start-up holds to it when the snippet starts. The model's start-up
//! makes them all, interned ([`make`]); static ones at addresses of their own, as the
//! deep-frozen data sits apart from the heap. The model's own start-up then takes references
//! to some of them (the builtins' dict keys, the names of the modules it builds): those are
//! part of what CPython's figure counts, so [`settle`] gives each string as many references
//! the model does not represent (`base_refs`) as CPython's figure has beyond the model's
//! own, and the count is CPython's. A module CPython's start-up had already imported is built
//! by the model at its first import ([`crate::modules`]): the references its image takes were
//! in CPython's figure too, so [`absorb`] moves them from `base_refs` to the image.
//!
//! The figures move by one or two between runs of CPython itself: the type attribute cache
//! (`type_cache`, 4096 entries indexed by the name's address) holds a reference to the name of
//! each entry's last lookup. The table keeps the median of five runs.

use crate::heap::STATIC_REFCNT;
use crate::object::str::{InternReason, PyStr};
use crate::object::{BuiltinType, Payload};

use super::bootstrap::static_object_at;
use super::Vm;

const TABLE: &str = include_str!("startup_strings.tsv");

/// Where the statically allocated strings lie: a region of libpython's data segment of its
/// own (below the sequential static region, above the singletons' page).
const STATIC_STRINGS_BASE: u64 = 0x7f3a_5f14_0000;
/// Where start-up's heap strings lie (the model gives start-up objects addresses apart from
/// the snippet's arenas, so the snippet's addresses are what they would have been).
const HEAP_STRINGS_BASE: u64 = 0x7f3a_5f18_0000;

/// One line of the table: static or not, start-up's references, the text.
fn entries() -> impl Iterator<Item = (bool, i64, &'static str)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let kind = parts.next()?;
            let refs = parts.next()?.parse::<i64>().ok()?;
            let text = parts.next()?;
            Some((kind == "S", refs, text))
        })
}

/// Make every string of the table, interned, with start-up's count (before the model's own
/// start-up takes references to any). A string already interned (3.11's deep-frozen
/// one-letter strings, made with the latin-1 characters) keeps its object and gets its
/// figure.
pub fn make(vm: &mut Vm) {
    let str_t = vm.ty(BuiltinType::Str);
    let (mut next_static, mut next_heap) = (STATIC_STRINGS_BASE, HEAP_STRINGS_BASE);
    for (is_static, refs, text) in entries() {
        let target = if is_static {
            STATIC_REFCNT + refs
        } else {
            refs
        };
        if let Some(&id) = vm.interned.get(text) {
            let model = vm.heap.get(id).refcnt - vm.heap.meta(id).base_refs();
            vm.heap.get_mut(id).refcnt = model + target;
            vm.heap.meta_mut(id).set_base_refs(target);
            vm.startup_strings.push((id, target));
            continue;
        }
        let mut s = PyStr::new(text.to_string());
        s.interned = true;
        s.intern_reason = if is_static {
            InternReason::DeepFrozen
        } else {
            InternReason::Interpreter
        };
        let size = s.sizeof().div_ceil(8) * 8;
        let next = if is_static {
            &mut next_static
        } else {
            &mut next_heap
        };
        let addr = *next;
        *next += size.div_ceil(16) as u64 * 16;
        let id = static_object_at(vm, str_t, Payload::Str(Box::new(s)), size, target, addr);
        vm.interned.insert(text.to_string(), id);
        vm.startup_strings.push((id, target));
    }
}

/// The references the model itself holds to each start-up string (its count less the
/// references it does not represent).
pub fn model_refs(vm: &Vm) -> Vec<i64> {
    vm.startup_strings
        .iter()
        .map(|&(id, _)| vm.heap.get(id).refcnt - vm.heap.meta(id).base_refs())
        .collect()
}

/// At the end of the model's start-up: each string's count becomes CPython's figure, the
/// references the model holds included (never fewer than those).
pub fn settle(vm: &mut Vm) {
    let own = model_refs(vm);
    for (i, &(id, target)) in vm.startup_strings.iter().enumerate() {
        let base = (target - own[i]).max(0);
        vm.heap.meta_mut(id).set_base_refs(base);
        vm.heap.get_mut(id).refcnt = own[i] + base;
    }
}

/// After the model built a module CPython's start-up had imported: the references its image
/// took (`before` is [`model_refs`] from before the build) were already in CPython's figure,
/// so they leave `base_refs`.
pub fn absorb(vm: &mut Vm, before: &[i64]) {
    let now = model_refs(vm);
    for (i, &(id, _)) in vm.startup_strings.iter().enumerate() {
        let gained = now[i] - before.get(i).copied().unwrap_or(now[i]);
        if gained <= 0 {
            continue;
        }
        let base = vm.heap.meta(id).base_refs();
        let moved = gained.min(base);
        vm.heap.meta_mut(id).set_base_refs(base - moved);
        vm.heap.get_mut(id).refcnt -= moved;
    }
}
