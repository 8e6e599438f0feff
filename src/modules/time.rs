//! `time` (`Modules/timemodule.c`): the real clocks (`time`, `perf_counter`, `monotonic`,
//! `process_time` and their `_ns` forms) and `sleep`, which waits in short slices so that
//! Ctrl-C (the app's stop key) interrupts it with `KeyboardInterrupt`, as a signal interrupts
//! CPython's `sleep`.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::builtins::{func, positional, BuiltinDef};
use crate::object::{ObjId, Payload};
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
    let secs = match vm.payload(args[0]) {
        Payload::Float(f) => *f,
        Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
            crate::builtins::index_arg(vm, args[0])
                .ok()
                .and_then(|n| num_traits::ToPrimitive::to_f64(&n))
                .unwrap_or(f64::INFINITY)
        }
        _ => {
            let msg = format!(
                "'{}' object cannot be interpreted as an integer",
                vm.type_name(args[0])
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
