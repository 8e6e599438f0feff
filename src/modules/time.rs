//! `time` (`Modules/timemodule.c`): the real clocks (`time`, `perf_counter`, `monotonic`,
//! `process_time` and their `_ns` forms) and `sleep`, which waits in short slices so that
//! Ctrl-C (the app's stop key) interrupts it with `KeyboardInterrupt`, as a signal interrupts
//! CPython's `sleep`.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::builtins::{func, positional, BuiltinDef};
use crate::heap::Block;
use crate::modules::native::NativeData;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("time", time),
    func("time_ns", time_ns),
    func("perf_counter", perf_counter),
    func("perf_counter_ns", perf_counter_ns),
    func("monotonic", perf_counter),
    func("monotonic_ns", perf_counter_ns),
    func("process_time", process_time),
    func("process_time_ns", process_time_ns),
    func("thread_time", process_time),
    func("thread_time_ns", process_time_ns),
    func("sleep", sleep),
    func("_structseq_new", structseq_new),
    func("_structseq_hidden", structseq_hidden),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let tz = vm.new_int(0);
    vm.module_set(m, "timezone", tz);
    vm.module_set(m, "altzone", tz);
    vm.decref(tz);
    let daylight = vm.new_int(0);
    vm.module_set(m, "daylight", daylight);
    vm.decref(daylight);
}

/// The monotonic clock's origin: the first use in this process.
fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn time(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "time", args, kwargs, 0, 0)?;
    Ok(vm.new_float(since_epoch().as_secs_f64()))
}

fn time_ns(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "time_ns", args, kwargs, 0, 0)?;
    Ok(vm.new_bigint(since_epoch().as_nanos().into()))
}

fn perf_counter(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "perf_counter", args, kwargs, 0, 0)?;
    Ok(vm.new_float(origin().elapsed().as_secs_f64()))
}

fn perf_counter_ns(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "perf_counter_ns", args, kwargs, 0, 0)?;
    Ok(vm.new_bigint(origin().elapsed().as_nanos().into()))
}

/// CPU time of the process. The model runs on one thread: wall time since the clock's
/// origin stands in for it (monotonic, never ahead of real time).
fn process_time(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "process_time", args, kwargs, 0, 0)?;
    Ok(vm.new_float(origin().elapsed().as_secs_f64()))
}

fn process_time_ns(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "process_time_ns", args, kwargs, 0, 0)?;
    Ok(vm.new_bigint(origin().elapsed().as_nanos().into()))
}

fn sleep(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "sleep", args, kwargs, 1, 1)?;
    sleep_for(vm, args[0])
}

/// `time.sleep(secs)` with its argument checks (also a timed wait nothing can end early:
/// `SimpleQueue.get(timeout=...)` on an empty queue).
pub(crate) fn sleep_for(vm: &mut Vm, secs: ObjId) -> PyResult<ObjId> {
    let arg = secs;
    let secs = match vm.payload(arg) {
        Payload::Float(f) => *f,
        Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
            crate::builtins::index_arg(vm, arg)
                .ok()
                .and_then(|n| num_traits::ToPrimitive::to_f64(&n))
                .unwrap_or(f64::INFINITY)
        }
        _ => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(arg)
            );
            return Err(vm.type_error(&msg));
        }
    };
    if secs.is_nan() {
        return Err(vm.new_exception(ExcKind::ValueError, "Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(vm.new_exception(ExcKind::ValueError, "sleep length must be non-negative"));
    }
    let deadline = Instant::now() + Duration::from_secs_f64(secs.min(1e9));
    loop {
        if vm.interrupted() {
            vm.interrupt
                .store(false, std::sync::atomic::Ordering::Relaxed);
            return Err(vm.new_exception_empty(ExcKind::KeyboardInterrupt));
        }
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        std::thread::sleep((deadline - now).min(Duration::from_millis(20)));
    }
    Ok(vm.new_none())
}

/// The fields of a struct sequence past `n_sequence_fields` (`tm_zone`, `tm_gmtoff`): CPython
/// keeps them in the object's own item array after the visible items (`ob_size` says 9 of the
/// 11 allocated), so `len()`, indexing and `tuple.__sizeof__` never see them, and
/// `structseq_traverse` visits them all. Here they ride on the tuple as a native extension
/// whose `__sizeof__` share is 0 for the same reason. `structseq_traverse` visits every
/// field first to last (a tuple's own traversal goes last to first), so the extension keeps
/// the visible items too, borrowed (the tuple owns them and never changes).
#[derive(Clone)]
struct HiddenFields {
    shown: Vec<ObjId>,
    items: Vec<ObjId>,
}

impl NativeData for HiddenFields {
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        for (i, &x) in self.shown.iter().chain(&self.items).enumerate() {
            visit(Slot::Item(i), x, true);
        }
    }
    fn replaces_traverse(&self) -> bool {
        true
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        (std::mem::take(&mut self.items), Vec::new())
    }
    fn sizeof(&self) -> usize {
        0
    }
    crate::native_any!();
}

/// `_structseq_new(cls, fields, n_sequence_fields, track)`: `PyStructSequence_New` filled
/// with `fields` (a tuple of all `n_fields` values). The object is one block of
/// `tp_basicsize` (24, a tuple's header) plus 8 bytes per field, visible or not
/// (`PyObject_GC_NewVar(PyStructSequence, type, REAL_SIZE)`), a GC object left untracked as
/// `gmtime()` and `localtime()` return it; `structseq_new` (calling the type) tracks it.
fn structseq_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "_structseq_new", args, kwargs, 4, 4)?;
    let (cls, fields) = (args[0], args[1]);
    let visible = vm.as_i64(args[2]).unwrap_or(0).max(0) as usize;
    let track = vm.is_true(args[3])?;
    let all = match vm.payload(fields) {
        Payload::Tuple(t) => t.to_vec(),
        _ => return Err(vm.type_error("_structseq_new needs a tuple of fields")),
    };
    if !matches!(vm.payload(cls), Payload::Type(_)) || visible > all.len() {
        return Err(vm.type_error("_structseq_new needs a struct sequence type"));
    }
    for &x in &all {
        vm.incref(x);
    }
    let hidden = all[visible..].to_vec();
    let shown = all[..visible].to_vec();
    let size = 24 + 8 * all.len();
    let obj = vm.alloc_structseq(cls, Payload::Tuple(shown.clone().into_boxed_slice()), size);
    vm.heap
        .get_mut(obj)
        .replace_native_ext(Some(Box::new(HiddenFields {
            shown,
            items: hidden,
        })));
    if !track {
        vm.gc_untrack(obj);
    }
    Ok(obj)
}

/// `_structseq_hidden(obj, i)`: the member getter of the `i`th field past the visible ones.
fn structseq_hidden(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "_structseq_hidden", args, kwargs, 2, 2)?;
    let i = vm.as_i64(args[1]).unwrap_or(-1);
    let item = vm
        .heap
        .get(args[0])
        .native_ext()
        .and_then(|e| e.as_any().downcast_ref::<HiddenFields>())
        .and_then(|h| {
            usize::try_from(i)
                .ok()
                .and_then(|i| h.items.get(i).copied())
        });
    match item {
        Some(v) => Ok(vm.new_ref(v)),
        None => Err(vm.type_error("descriptor needs a struct sequence with hidden fields")),
    }
}
