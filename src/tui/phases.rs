//! Where a key press's time goes: named phases of a step (the VM's slice, each heap view's
//! refresh, each pane's draw), timed only while a bench asks.
//!
//! # Why
//!
//! A step on a heap of a million objects must cost what it changes and what the screen
//! shows (issue 15: step + redraw <= 16 ms). One figure for the whole press says whether
//! that holds, not which part is slow; a profiler says which function, not which pane. The
//! bench (`benches/tui_step.rs`) turns recording on, presses a key, and prints the phases:
//!
//! ```text
//!   step + redraw: 9.8 ms
//!     slice 3.1   after_command 2.2 (reach 1.4, rows 0.3, interned_view 0.2)
//!     graph refresh 0.4   draw refcounts 1.9   draw graph 1.1 ...
//! ```
//!
//! # Mechanism
//!
//! [`time`] wraps a phase; while nobody recorded (the app itself, every test) it is a
//! thread-local flag read and the call, with no clock read. [`record`] starts a table of
//! `(name, wall time, CPU time, calls)`; [`take`] returns it and stops. Nested phases are
//! each timed (a phase's time includes the phases inside it). The CPU time is the thread's
//! own (`CLOCK_THREAD_CPUTIME_ID`): on a machine shared by other builds the wall time
//! mostly measures the wait for a core, the CPU time what the step itself costs.

use std::cell::RefCell;
use std::time::{Duration, Instant};

thread_local! {
    static TABLE: RefCell<Option<Vec<Phase>>> = const { RefCell::new(None) };
}

/// One phase's total over the recording.
#[derive(Clone, Debug, PartialEq)]
pub struct Phase {
    pub name: &'static str,
    /// Wall time.
    pub total: Duration,
    /// This thread's CPU time.
    pub cpu: Duration,
    pub calls: u32,
}

/// This thread's CPU time so far (zero where the platform has no such clock).
pub fn cpu_time() -> Duration {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec for the call's duration.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32);
        }
    }
    Duration::ZERO
}

/// Start recording on this thread (an empty table).
pub fn record() {
    TABLE.with(|t| *t.borrow_mut() = Some(Vec::new()));
}

/// What was recorded since [`record`], in the order phases first ended; recording stops.
pub fn take() -> Vec<Phase> {
    TABLE.with(|t| t.borrow_mut().take()).unwrap_or_default()
}

/// Run `f` as the phase `name`.
pub fn time<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !TABLE.with(|t| t.borrow().is_some()) {
        return f();
    }
    let start = Instant::now();
    let cpu_start = cpu_time();
    let out = f();
    let took = start.elapsed();
    let cpu = cpu_time().saturating_sub(cpu_start);
    TABLE.with(|t| {
        if let Some(table) = t.borrow_mut().as_mut() {
            match table.iter_mut().find(|p| p.name == name) {
                Some(p) => {
                    p.total += took;
                    p.cpu += cpu;
                    p.calls += 1;
                }
                None => table.push(Phase {
                    name,
                    total: took,
                    cpu,
                    calls: 1,
                }),
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_timed_only_while_recording() {
        assert_eq!(time("outside", || 1 + 1), 2);
        assert!(take().is_empty());
        record();
        time("a", || time("b", || ()));
        time("a", || ());
        let table = take();
        let names: Vec<(&str, u32)> = table.iter().map(|p| (p.name, p.calls)).collect();
        assert_eq!(names, vec![("b", 1), ("a", 2)]);
        assert!(take().is_empty(), "take stops recording");
        time("after", || ());
        assert!(take().is_empty());
    }
}
