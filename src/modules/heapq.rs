//! `heapq`: the C half (`Modules/_heapqmodule.c`: `heappush`, `heappop`, `heapify`,
//! `heapreplace`, `heappushpop` and the `_max` helpers) in Rust with its exact comparison
//! order (`siftdown`/`siftup`, and the cache-friendly heapify above 2500 items), and the Python
//! half (`nlargest`, `nsmallest`, `merge`) in `py/heapq.py`.

use crate::ast::CmpOp;
use crate::builtins::{func, positional, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, PyResult, Vm};

/// The Python half, run after [`init`].
pub const SOURCE: &str = include_str!("py/heapq.py");

static FUNCTIONS: &[BuiltinDef] = &[
    func("heappush", heappush),
    func("heappop", heappop),
    func("heapify", heapify),
    func("heapreplace", heapreplace),
    func("heappushpop", heappushpop),
    func("_heappop_max", heappop_max),
    func("_heapify_max", heapify_max),
    func("_heapreplace_max", heapreplace_max),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

fn list_len(vm: &Vm, l: ObjId) -> usize {
    match vm.payload(l) {
        Payload::List(list) => list.items.len(),
        _ => 0,
    }
}

fn item(vm: &Vm, l: ObjId, i: usize) -> ObjId {
    match vm.payload(l) {
        Payload::List(list) => list.items[i],
        _ => unreachable!("checked to be a list"),
    }
}

fn swap(vm: &mut Vm, l: ObjId, a: usize, b: usize) {
    if let Payload::List(list) = vm.heap.payload_mut(l) {
        if a < list.items.len() && b < list.items.len() {
            list.items.swap(a, b);
        }
    }
}

/// Argument Clinic's `list` converter: `heappush() argument 1 must be list, not tuple`.
fn check_list(vm: &mut Vm, name: &str, heap: ObjId) -> PyResult<()> {
    if matches!(vm.payload(heap), Payload::List(_)) {
        Ok(())
    } else {
        let msg = format!(
            "{name}() argument 1 must be list, not {}",
            vm.type_name(heap)
        );
        Err(vm.type_error(&msg))
    }
}

/// `a < b` for `siftdown`/`siftup` (`b < a` for the max-heap helpers), both held across the
/// comparison as CPython does.
fn less(vm: &mut Vm, a: ObjId, b: ObjId, max: bool) -> PyResult<bool> {
    vm.incref(a);
    vm.incref(b);
    let r = if max {
        vm.compare_bool(b, a, CmpOp::Lt)
    } else {
        vm.compare_bool(a, b, CmpOp::Lt)
    };
    vm.decref(b);
    vm.decref(a);
    r
}

fn changed(vm: &mut Vm) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::RuntimeError, "list changed size during iteration")
}

fn siftdown(vm: &mut Vm, heap: ObjId, startpos: usize, mut pos: usize, max: bool) -> PyResult<()> {
    let size = list_len(vm, heap);
    if pos >= size {
        return Err(vm.index_error("index out of range"));
    }
    while pos > startpos {
        let parentpos = (pos - 1) >> 1;
        let newitem = item(vm, heap, pos);
        let parent = item(vm, heap, parentpos);
        let lt = less(vm, newitem, parent, max)?;
        if size != list_len(vm, heap) {
            return Err(changed(vm));
        }
        if !lt {
            break;
        }
        swap(vm, heap, parentpos, pos);
        pos = parentpos;
    }
    Ok(())
}

fn siftup(vm: &mut Vm, heap: ObjId, mut pos: usize, max: bool) -> PyResult<()> {
    let endpos = list_len(vm, heap);
    let startpos = pos;
    if pos >= endpos {
        return Err(vm.index_error("index out of range"));
    }
    let limit = endpos >> 1;
    while pos < limit {
        let mut childpos = 2 * pos + 1;
        if childpos + 1 < endpos {
            let a = item(vm, heap, childpos);
            let b = item(vm, heap, childpos + 1);
            let lt = less(vm, a, b, max)?;
            if !lt {
                childpos += 1;
            }
            if endpos != list_len(vm, heap) {
                return Err(changed(vm));
            }
        }
        swap(vm, heap, childpos, pos);
        pos = childpos;
    }
    siftdown(vm, heap, startpos, pos, max)
}

fn heappush(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "heappush", args, kwargs, 2, 2)?;
    let (heap, it) = (args[0], args[1]);
    check_list(vm, "heappush", heap)?;
    vm.incref(it);
    vm.list_append_owned(heap, it);
    let n = list_len(vm, heap);
    siftdown(vm, heap, 0, n - 1, false)?;
    Ok(vm.new_none())
}

fn heappop_impl(vm: &mut Vm, name: &str, args: &[ObjId], max: bool) -> PyResult<ObjId> {
    if args.len() != 1 {
        let msg = format!("{name}() takes exactly one argument ({} given)", args.len());
        return Err(vm.type_error(&msg));
    }
    let heap = args[0];
    check_list(vm, name, heap)?;
    let n = list_len(vm, heap);
    if n == 0 {
        return Err(vm.index_error("index out of range"));
    }
    // PyList_SetSlice(heap, n-1, n, NULL): shrink, keeping the last item
    vm.list_resize(heap, n - 1);
    let lastelt = match vm.heap.payload_mut(heap) {
        Payload::List(list) => list.items.pop().expect("non-empty"),
        _ => unreachable!("checked to be a list"),
    };
    if n == 1 {
        return Ok(lastelt);
    }
    let returnitem = match vm.heap.payload_mut(heap) {
        Payload::List(list) => std::mem::replace(&mut list.items[0], lastelt),
        _ => unreachable!("checked to be a list"),
    };
    if let Err(e) = siftup(vm, heap, 0, max) {
        vm.decref(returnitem);
        return Err(e);
    }
    Ok(returnitem)
}

fn heappop(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heappop_impl(vm, "heappop", args, false)
}

fn heappop_max(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heappop_impl(vm, "_heappop_max", args, true)
}

fn heapreplace_impl(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    max: bool,
) -> PyResult<ObjId> {
    positional(vm, name, args, kwargs, 2, 2)?;
    let (heap, it) = (args[0], args[1]);
    check_list(vm, name, heap)?;
    if list_len(vm, heap) == 0 {
        return Err(vm.index_error("index out of range"));
    }
    vm.incref(it);
    let returnitem = match vm.heap.payload_mut(heap) {
        Payload::List(list) => std::mem::replace(&mut list.items[0], it),
        _ => unreachable!("checked to be a list"),
    };
    if let Err(e) = siftup(vm, heap, 0, max) {
        vm.decref(returnitem);
        return Err(e);
    }
    Ok(returnitem)
}

fn heapreplace(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heapreplace_impl(vm, "heapreplace", args, kwargs, false)
}

fn heapreplace_max(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heapreplace_impl(vm, "_heapreplace_max", args, kwargs, true)
}

fn heappushpop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "heappushpop", args, kwargs, 2, 2)?;
    let (heap, it) = (args[0], args[1]);
    check_list(vm, "heappushpop", heap)?;
    if list_len(vm, heap) == 0 {
        return Ok(vm.new_ref(it));
    }
    let top = item(vm, heap, 0);
    let lt = less(vm, top, it, false)?;
    if !lt {
        return Ok(vm.new_ref(it));
    }
    if list_len(vm, heap) == 0 {
        return Err(vm.index_error("index out of range"));
    }
    vm.incref(it);
    let returnitem = match vm.heap.payload_mut(heap) {
        Payload::List(list) => std::mem::replace(&mut list.items[0], it),
        _ => unreachable!("checked to be a list"),
    };
    if let Err(e) = siftup(vm, heap, 0, false) {
        vm.decref(returnitem);
        return Err(e);
    }
    Ok(returnitem)
}

/// The index of the top set bit of `n` as a value (`keep_top_bit`).
fn keep_top_bit(mut n: usize) -> usize {
    let mut i = 0;
    while n > 1 {
        n >>= 1;
        i += 1;
    }
    n << i
}

fn heapify_impl(vm: &mut Vm, name: &str, args: &[ObjId], max: bool) -> PyResult<ObjId> {
    if args.len() != 1 {
        let msg = format!("{name}() takes exactly one argument ({} given)", args.len());
        return Err(vm.type_error(&msg));
    }
    let heap = args[0];
    check_list(vm, name, heap)?;
    let n = list_len(vm, heap);
    if n > 2500 {
        // cache_friendly_heapify
        let m = n >> 1;
        let leftmost = keep_top_bit(m + 1) - 1;
        let mhalf = m >> 1;
        for range in [(mhalf, leftmost), (leftmost, m)] {
            let mut i = range.1;
            while i > range.0 {
                i -= 1;
                let mut j = i;
                loop {
                    siftup(vm, heap, j, max)?;
                    if j & 1 == 0 {
                        break;
                    }
                    j >>= 1;
                }
            }
        }
        return Ok(vm.new_none());
    }
    let mut i = n >> 1;
    while i > 0 {
        i -= 1;
        siftup(vm, heap, i, max)?;
    }
    Ok(vm.new_none())
}

fn heapify(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heapify_impl(vm, "heapify", args, false)
}

fn heapify_max(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    heapify_impl(vm, "_heapify_max", args, true)
}
