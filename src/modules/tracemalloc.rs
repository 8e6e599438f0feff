//! `_tracemalloc` (`Modules/_tracemalloc.c`) over the model's own allocator: while tracing,
//! the heap records every block it allocates (object blocks, list item arrays, dict keys, set
//! tables...) with its requested size and the line running when it was made
//! (`heap::Traces`), and forgets it when freed. `tracemalloc` (`py/tracemalloc.py`) groups the
//! traces into statistics. Module images are start-up memory and never traced.

use crate::builtins::{func, positional, BuiltinDef};
use crate::heap::Traces;
use crate::object::ObjId;
use crate::vm::{ExcKind, PyResult, Vm};

/// The Python half.
pub const SOURCE: &str = include_str!("py/tracemalloc.py");

static FUNCTIONS: &[BuiltinDef] = &[
    func("start", start),
    func("stop", stop),
    func("is_tracing", is_tracing),
    func("get_traced_memory", get_traced_memory),
    func("reset_peak", reset_peak),
    func("clear_traces", clear_traces),
    func("get_tracemalloc_memory", get_tracemalloc_memory),
    func("get_traceback_limit", get_traceback_limit),
    func("_get_traces", get_traces),
    func("_get_object_traceback", get_object_traceback),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
}

fn start(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "start", args, kwargs, 0, 1)?;
    if let Some(&n) = args.first() {
        let n = crate::builtins::ssize_arg(vm, n)?;
        if !(1..=65535).contains(&n) {
            return Err(vm.new_exception(
                ExcKind::ValueError,
                "the number of frames must be in range [1; 65535]",
            ));
        }
    }
    if vm.heap.trace.is_none() {
        let mut t = Box::<Traces>::default();
        if let Some(f) = vm.frames.last() {
            t.set_site(&f.code.source, f.code.line_of(f.lasti));
        }
        vm.heap.trace = Some(t);
    }
    Ok(vm.new_none())
}

fn stop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "stop", args, kwargs, 0, 0)?;
    vm.heap.trace = None;
    Ok(vm.new_none())
}

fn is_tracing(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "is_tracing", args, kwargs, 0, 0)?;
    let t = vm.heap.trace.is_some();
    Ok(vm.new_bool(t))
}

fn get_traced_memory(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "get_traced_memory", args, kwargs, 0, 0)?;
    let (c, p) = match &vm.heap.trace {
        Some(t) => (t.current, t.peak),
        None => (0, 0),
    };
    let c = vm.new_usize(c);
    let p = vm.new_usize(p);
    Ok(vm.new_tuple(vec![c, p]))
}

fn reset_peak(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "reset_peak", args, kwargs, 0, 0)?;
    if let Some(t) = &mut vm.heap.trace {
        t.peak = t.current;
    }
    Ok(vm.new_none())
}

fn clear_traces(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "clear_traces", args, kwargs, 0, 0)?;
    if let Some(t) = &mut vm.heap.trace {
        t.blocks.clear();
        t.current = 0;
        t.peak = 0;
    }
    Ok(vm.new_none())
}

fn get_tracemalloc_memory(
    vm: &mut Vm,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
) -> PyResult<ObjId> {
    positional(vm, "get_tracemalloc_memory", args, kwargs, 0, 0)?;
    // the hash tables of traces and tracebacks, as _tracemalloc sizes them
    let n = match &vm.heap.trace {
        Some(t) => 48 * t.blocks.len() + 64 * t.sites.len(),
        None => 0,
    };
    Ok(vm.new_usize(n))
}

fn get_traceback_limit(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "get_traceback_limit", args, kwargs, 0, 0)?;
    Ok(vm.new_int(1))
}

/// A traceback tuple `((filename, lineno),)` for a site.
fn site_traceback(vm: &mut Vm, traces: Option<&Traces>, site: u32) -> ObjId {
    let (file, line) = match traces {
        Some(t) => match t.sites.get(site as usize) {
            Some((s, l)) => (s.filename.clone(), *l),
            None => ("<unknown>".to_string(), 0),
        },
        None => ("<unknown>".to_string(), 0),
    };
    let f = vm.new_string(file);
    let l = vm.new_int(line as i64);
    let frame = vm.new_tuple(vec![f, l]);
    vm.new_tuple(vec![frame])
}

/// `_get_traces()`: the list of `(domain, size, traceback, total_nframe)`, built with tracing
/// suspended (CPython copies its tables before building the list, untraced).
fn get_traces(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "_get_traces", args, kwargs, 0, 0)?;
    let saved = vm.heap.trace.take();
    let r = build_traces(vm, saved.as_deref());
    vm.heap.trace = saved;
    Ok(r)
}

fn build_traces(vm: &mut Vm, traces: Option<&Traces>) -> ObjId {
    let mut blocks: Vec<(u64, usize, u32)> = match traces {
        Some(t) => t
            .blocks
            .iter()
            .map(|(&a, &(s, site))| (a, s, site))
            .collect(),
        None => Vec::new(),
    };
    blocks.sort_unstable();
    // one traceback tuple per site, shared by its traces (as tracemalloc's table does)
    let mut cache: std::collections::HashMap<u32, ObjId> = std::collections::HashMap::new();
    let mut items = Vec::with_capacity(blocks.len());
    for (_, size, site) in blocks {
        let tb = match cache.get(&site) {
            Some(&tb) => vm.new_ref(tb),
            None => {
                let tb = site_traceback(vm, traces, site);
                cache.insert(site, tb);
                vm.new_ref(tb)
            }
        };
        let domain = vm.new_int(0);
        let s = vm.new_usize(size);
        let n = vm.new_int(1);
        items.push(vm.new_tuple(vec![domain, s, tb, n]));
    }
    for (_, tb) in cache {
        vm.decref(tb);
    }
    vm.new_list(items)
}

fn get_object_traceback(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "_get_object_traceback", args, kwargs, 1, 1)?;
    let o = args[0];
    let block = vm.heap.get(o).addr - vm.gc_preheader_size(o) as u64;
    let saved = vm.heap.trace.take();
    let site = saved
        .as_ref()
        .and_then(|t| t.blocks.get(&block).map(|&(_, s)| s));
    let r = match site {
        Some(s) => site_traceback(vm, saved.as_deref(), s),
        None => vm.new_none(),
    };
    vm.heap.trace = saved;
    Ok(r)
}
