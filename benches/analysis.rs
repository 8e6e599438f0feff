//! Speed of the read-only analyses the TUI runs, on a heap of about 10^6 objects built through
//! the engine: a 10^6-long chain of lists, 100,000 two-object cycles still named, and 50,000
//! unreachable two-object cycles left behind with the collector disabled.
//!
//! Run: `cargo bench --bench analysis` (harness = false). Prints each figure in ms; the goal
//! (issue 3) is cycles + reachability well under a second in release.

use std::time::{Duration, Instant};

use refscope::analysis::cycles::reachable_from_roots;
use refscope::analysis::{
    diff, diff_since, find_cycles, holders_of, CycleState, HeapState, LiveHeap, Snapshot,
};
use refscope::load::load_str;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

const SNIPPET: &str = "\
import gc
gc.disable()
chain = None
for i in range(1000000):
    chain = [chain]
class P:
    pass
pairs = []
for i in range(100000):
    a = P(); b = P(); a.o = b; b.o = a
    pairs.append(a)
for i in range(50000):
    a = []; b = [a]; a.append(b)
del a, b
";

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Best of `n` runs of `f`, with its last result.
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    (best, out.expect("ran"))
}

fn main() {
    let t = Instant::now();
    let snippet = load_str("analysis.py", SNIPPET).expect("snippet loads");
    let mut session = Session::new(snippet, VmOptions::default());
    assert_eq!(
        session.run_to_end_without_shutdown(),
        0,
        "{}",
        session.vm.stderr
    );
    let build = t.elapsed();
    let heap = LiveHeap::of(&session);
    let objects = heap.object_ids().len();
    println!("heap: {objects} objects, built in {:.0} ms", ms(build));

    let (t_reach, reach) = best(3, || reachable_from_roots(&heap));
    let reached = heap
        .object_ids()
        .iter()
        .filter(|&&id| reach.contains(id))
        .count();
    println!(
        "reachability from the roots: {:8.1} ms  ({reached} reached)",
        ms(t_reach)
    );

    let (t_cycles, cycles) = best(3, || find_cycles(&heap));
    let unreachable = cycles
        .iter()
        .filter(|c| c.state == CycleState::Unreachable)
        .count();
    println!(
        "cycles (SCCs + reachability): {:7.1} ms  ({} cycles, {unreachable} unreachable)",
        ms(t_cycles),
        cycles.len()
    );
    assert_eq!(unreachable, 50_000, "the abandoned cycles");
    assert!(
        cycles.len() >= 150_000,
        "the named pairs and the abandoned cycles"
    );

    // holders of one object: the head of the chain (held by the global `chain`)
    let chain_head = refscope::analysis::report::named_objects(&session.vm)
        .into_iter()
        .find(|(n, _)| n == "chain")
        .map(|(_, id)| id)
        .expect("chain is a global");
    let (t_holders, holders) = best(3, || holders_of(&heap, chain_head));
    println!(
        "holders of one object:       {:8.1} ms  ({} holder(s))",
        ms(t_holders),
        holders.len()
    );

    drop(heap);
    // the change log counts from the snapshot (what a viewer watching the model does)
    session.vm.heap.watch(true);
    let heap = LiveHeap::of(&session);
    let (t_snap, before) = best(1, || Snapshot::capture(&heap));
    println!("snapshot capture:            {:8.1} ms", ms(t_snap));
    drop(heap);
    // one more statement, then the diff the TUI shows after a step
    session.vm.gc_collect(2);
    let heap = LiveHeap::of(&session);
    let cpu = refscope::tui::phases::cpu_time();
    let (t_diff, d) = best(3, || diff_since(&before, &heap));
    let cpu = refscope::tui::phases::cpu_time().saturating_sub(cpu) / 3;
    println!(
        "snapshot diff after gc.collect(): {:5.1} ms (CPU, mean of 3: {:.1} ms)  ({} freed, {} allocated, {} refcounts changed; goal <= 300 ms)",
        ms(t_diff),
        ms(cpu),
        d.freed.len(),
        d.allocated.len(),
        d.refcount_changed.len()
    );
    // the same diff comparing every object of both states (a state without a change log)
    let cpu = refscope::tui::phases::cpu_time();
    let (t_whole, whole) = best(1, || diff(&before, &heap));
    let cpu = refscope::tui::phases::cpu_time().saturating_sub(cpu);
    println!(
        "  (the same diff comparing whole states: {:.1} ms, CPU {:.1} ms)",
        ms(t_whole),
        ms(cpu)
    );
    assert!(
        whole == d,
        "the change log's diff is the whole comparison's"
    );
    println!(
        "cycles + reachability: {:.1} ms (goal: well under 1000 ms)",
        ms(t_cycles + t_reach)
    );
}
