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
//!   a multiple of the modelled cap, at most 60% of the address space `RLIMIT_AS` leaves
//!   (virtual memory also holds code, thread stacks and the allocator's reserves, and a vector
//!   that doubles needs its new block before it frees the old one) and at most 70% of physical
//!   memory. Without a budget (tests, library use) nothing is refused. When a growth of the
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
//! `len(s) == 2**28`, where python3 fails at 2**31 (it builds the result in place, and has
//! no 512 MiB worker stack mapped).

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
/// still allows and 70% of physical memory.
///
/// Why 60%: python3 fails when one request no longer fits the address space, but refscope's
/// own tables (the object arena, a set's or dict's entries, a list's items) grow by doubling,
/// and a doubling holds the old and the new block at once; with a budget of 7/8 of what is
/// left, `{i for i in range(10**10)}` under `ulimit -v 2000000` aborted inside such a
/// growth. What the budget leaves is that headroom (`tests/memory_limits.rs`, and
/// `repro/m7d.py` under 2 and 4 GB in the helper's notes).
pub fn default_budget(memory_cap: usize) -> usize {
    let mut b = memory_cap.saturating_mul(PER_MODELLED_BYTE);
    if let Some(limit) = address_space_limit() {
        let left = limit.saturating_sub(address_space_used().unwrap_or(0));
        b = b.min(left / 10 * 6);
    }
    if let Some(total) = physical_memory() {
        b = b.min(total / 10 * 7);
    }
    // what is already held counts against the budget, not the margin
    b.saturating_add(live())
}

/// The soft `RLIMIT_AS` (`ulimit -v`), if there is one.
fn address_space_limit() -> Option<usize> {
    let mut r = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes the struct it is given.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut r) } == 0;
    (ok && r.rlim_cur != libc::RLIM_INFINITY)
        .then(|| usize::try_from(r.rlim_cur).unwrap_or(usize::MAX))
}

/// The process's virtual size now (`/proc/self/statm`, in pages).
fn address_space_used() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().next()?.parse().ok()?;
    Some(pages.saturating_mul(page_size()))
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
    fn a_budget_is_below_the_machine_and_the_cap() {
        let b = default_budget(1 << 30);
        assert!(b <= (3usize << 30) + live() + (64 << 20), "{b}");
        assert!(b > 0);
        if let Some(total) = physical_memory() {
            assert!(b <= total / 10 * 7 + live() + (64 << 20), "{b} of {total}");
        }
    }
}
