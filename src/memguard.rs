//! Real memory: what the refscope process itself allocates, held under a budget so that a
//! snippet asking for too much gets `MemoryError` (as python3 does when `malloc` fails) and the
//! process never aborts on a failed allocation.
//!
//! The model counts *modelled* memory: the bytes CPython 3.11 would use (`Heap::bytes_in_use`,
//! capped by `--memory-cap`). The process pays more than that for most objects (a float is 24
//! bytes in CPython and about 100 here: the arena slot, its metadata, the Rust payload), and
//! some memory is not the snippet's at all (the syntax tree of a 50 MB source file). Rust's
//! allocator aborts the process when `malloc` fails, so a snippet under `ulimit -v` could kill
//! refscope before the modelled cap is reached. CPython's answer is `MemoryError` wherever an
//! allocation fails; refscope's is to know how much it holds and stop *before* the machine
//! refuses:
//!
//! - [`Counting`], the global allocator, is the system allocator plus one atomic counter of the
//!   bytes live on the Rust heap ([`live`]). Stack segments grown for native recursion
//!   (`vm/recursion.rs`) are mapped outside it and added by [`add_stack`].
//! - [`budget`] is set once per process from the limits it runs under ([`default_budget`]):
//!   a multiple of the modelled cap, at most 60% of the address space `RLIMIT_AS` and
//!   `RLIMIT_DATA` leave (virtual memory also holds code, thread stacks and the allocator's
//!   reserves, and a vector that doubles needs its new block before it frees the old one)
//!   and at most 70% of physical memory. The worker thread's stack is sized from the same
//!   limits ([`worker_stack_size`]). Without a budget (tests, library use) nothing is refused. When a growth of the
//!   object arena is refused anyway, [`refuse`] lowers the budget to what is held.
//! - The model asks [`fits`] before anything big (`[None] * n`, `'x' * n`, `bytes(n)`, a
//!   padded or joined string, a parsed source file), for [`COPIES`] times its size (a result
//!   is built, then copied into its object), and [`exhausted`] where it already checks the
//!   modelled cap: every 4096 instructions (CPython's eval breaker) and every 4096 items of a
//!   native loop (`list(range(10**10))`). Either gives `MemoryError`, which unwinds and frees
//!   what the snippet held, as CPython's does.
//!
//! Worked example, `ulimit -v 4000000` (3.8 GiB of address space) and the default cap of
//! 1 GiB: the budget is min(3 GiB, 60% of what is left after start-up, about 2 GiB).
//! `s = s + s` in a loop doubles a string: at 2**28 characters the next concatenation asks
//! [`fits`] for 2 x 512 MiB more, is refused, and the snippet sees `MemoryError` with
//! `len(s) == 2**28`, where python3 fails at 2**31 (it builds the result in place, and its
//! main stack is 8 MiB where refscope's worker reserves a sixteenth of the address space).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Bytes live on the Rust heap.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// Bytes of stack segments mapped for native recursion.
static STACK: AtomicUsize = AtomicUsize::new(0);
/// The most real memory the process may hold (`usize::MAX`: no budget).
static BUDGET: AtomicUsize = AtomicUsize::new(usize::MAX);

/// The system allocator, counting.
pub struct Counting;

// SAFETY: every call is passed to `System` unchanged; the counter is only bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            LIVE.fetch_add(layout.size(), Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_add(new_size, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

/// Bytes the process holds: its Rust heap and its grown stack segments.
pub fn live() -> usize {
    LIVE.load(Relaxed).saturating_add(STACK.load(Relaxed))
}

/// The budget in force (`usize::MAX` when none was set).
pub fn budget() -> usize {
    BUDGET.load(Relaxed)
}

/// Hold the process to `bytes` of real memory from now on.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Relaxed);
}

/// Whether `extra` more bytes fit in the budget.
pub fn fits(extra: u128) -> bool {
    live() as u128 + extra <= budget() as u128
}

/// A growth was refused (by the budget or by the system): the budget drops to what the
/// process holds now, so [`exhausted`] is true until the snippet lets go of something.
pub fn refuse() {
    BUDGET.fetch_min(live().saturating_sub(1), Relaxed);
}

/// Whether the process already holds more than its budget.
pub fn exhausted() -> bool {
    live() > budget()
}

/// A stack segment of `bytes` was mapped (`true`) or unmapped (`false`).
pub fn add_stack(bytes: usize, mapped: bool) {
    if mapped {
        STACK.fetch_add(bytes, Relaxed);
    } else {
        STACK.fetch_sub(bytes, Relaxed);
    }
}

/// How many times a big result is held at once while it is made (the result being built,
/// and at most one copy of an operand or of the result on the way): a request for `n` bytes
/// asks [`fits`] for `COPIES * n`.
pub const COPIES: u128 = 2;

/// Real memory per byte of modelled memory the budget allows for (objects cost about three
/// times their CPython size here).
const PER_MODELLED_BYTE: usize = 3;

/// The budget for a process whose snippets may use `memory_cap` bytes of modelled memory:
/// the least of [`PER_MODELLED_BYTE`] times the cap, 60% of the address space `RLIMIT_AS`
/// and `RLIMIT_DATA` still allow and 70% of physical memory.
///
/// Why 60%: python3 fails when one request no longer fits the address space, but refscope's
/// own tables (the object arena, a set's or dict's entries, a list's items) grow by doubling,
/// and a doubling holds the old and the new block at once; with a budget of 7/8 of what is
/// left, `{i for i in range(10**10)}` under `ulimit -v 2000000` aborted inside such a
/// growth. What the budget leaves is that headroom (`tests/memory_limits.rs`, and
/// `repro/m7d.py` under 2 and 4 GB in the helper's notes).
pub fn default_budget(memory_cap: usize) -> usize {
    let mut b = memory_cap.saturating_mul(PER_MODELLED_BYTE);
    if let Some(left) = address_space_left() {
        b = b.min(left / 10 * 6);
    }
    if let Some(total) = physical_memory() {
        b = b.min(total / 10 * 7);
    }
    // what is already held counts against the budget, not the margin
    b.saturating_add(live())
}

/// The most stack the worker thread reserves ([`worker_stack_size`]).
const WORKER_STACK_MOST: usize = 512 << 20;

/// The least: enough for everything between two checks of [`crate::vm::recursion`]'s red
/// zone in a debug build, with the parser's and compiler's bounded nesting.
const WORKER_STACK_LEAST: usize = 16 << 20;

/// The stack the worker thread (which runs everything) reserves: a sixteenth of the address
/// space the process may still map, between 16 and 512 MiB.
///
/// A thread's stack is mapped whole when the thread starts, so it counts against `ulimit -v`
/// (RLIMIT_AS) and RLIMIT_DATA from the first instruction, used or not. Deep native recursion
/// does not need it: every recursive native path runs through `Vm::with_stack`, which moves
/// onto a new segment (counted, and refused, by this module's budget) when less than a red
/// zone is left. So the reserve only has to cover what runs between two such checks, and
/// under a limit it is sized from the limit: under `ulimit -v 1000000` a 512 MiB stack left
/// the snippet about 240 MB of budget, and the collector's working lists at exit no room
/// at all (`l.append(None)` until `MemoryError` aborted there); a sixteenth (about 55 MiB)
/// leaves it most of the gigabyte, as python3's 8 MiB main stack does.
pub fn worker_stack_size() -> usize {
    address_space_left().map_or(WORKER_STACK_MOST, |left| {
        (left / 16).clamp(WORKER_STACK_LEAST, WORKER_STACK_MOST)
    })
}

/// How much more the process may map before the system refuses: the least of what
/// `RLIMIT_AS` (`ulimit -v`, against the virtual size) and `RLIMIT_DATA` (`ulimit -d`,
/// against private writable mappings: the heap, anonymous maps, thread stacks) leave; `None`
/// when neither is set.
fn address_space_left() -> Option<usize> {
    let (size, data) = mapped_now().unwrap_or((0, 0));
    let by_as = soft_limit(libc::RLIMIT_AS).map(|l| l.saturating_sub(size));
    let by_data = soft_limit(libc::RLIMIT_DATA).map(|l| l.saturating_sub(data));
    match (by_as, by_data) {
        (Some(a), Some(d)) => Some(a.min(d)),
        (a, d) => a.or(d),
    }
}

/// A soft resource limit (`ulimit`), if there is one.
fn soft_limit(resource: libc::__rlimit_resource_t) -> Option<usize> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes the struct it is given.
    let ok = unsafe { libc::getrlimit(resource, &mut r) } == 0;
    (ok && r.rlim_cur != libc::RLIM_INFINITY)
        .then(|| usize::try_from(r.rlim_cur).unwrap_or(usize::MAX))
}

/// The process's virtual size and its data size (private writable mappings and the stack)
/// now, from `/proc/self/statm` (in pages).
fn mapped_now() -> Option<(usize, usize)> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let fields: Vec<usize> = statm
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0))
        .collect();
    let page = page_size();
    Some((
        fields.first()?.saturating_mul(page),
        fields.get(5)?.saturating_mul(page),
    ))
}

fn physical_memory() -> Option<usize> {
    // SAFETY: `sysconf` only reads a configuration value.
    let pages = unsafe { libc::sysconf(libc::_SC_PHYS_PAGES) };
    usize::try_from(pages)
        .ok()
        .filter(|&p| p > 0)
        .map(|p| p.saturating_mul(page_size()))
}

fn page_size() -> usize {
    // SAFETY: as above.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|&s| s > 0)
        .unwrap_or(4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_follows_allocations() {
        // other tests allocate on other threads at the same time: look for a change far
        // larger than theirs
        let before = LIVE.load(Relaxed);
        let v: Vec<u8> = Vec::with_capacity(256 << 20);
        let during = LIVE.load(Relaxed);
        assert!(during >= before + (200 << 20), "{before} -> {during}");
        drop(v);
        let after = LIVE.load(Relaxed);
        assert!(after + (200 << 20) <= during, "{during} -> {after}");
    }

    #[test]
    fn the_worker_stack_is_a_sixteenth_of_what_is_left_within_bounds() {
        let size = worker_stack_size();
        assert!(
            (WORKER_STACK_LEAST..=WORKER_STACK_MOST).contains(&size),
            "{size}"
        );
        match address_space_left() {
            Some(left) => assert!(size <= (left / 16).max(WORKER_STACK_LEAST), "{size}"),
            None => assert_eq!(size, WORKER_STACK_MOST),
        }
    }

    #[test]
    fn a_budget_is_below_the_machine_and_the_cap() {
        let b = default_budget(1 << 30);
        assert!(b <= (3usize << 30) + live() + (64 << 20), "{b}");
        assert!(b > 0);
        if let Some(total) = physical_memory() {
            assert!(b <= total / 10 * 7 + live() + (64 << 20), "{b} of {total}");
        }
    }
}
