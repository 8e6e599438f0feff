//! refscope: a terminal heap explorer for CPython 3.11's memory model.
//!
//! The engine runs snippets on its own model of CPython 3.11; views only read its heap.
//!
//! ```text
//! snippet ─► load ─► parse ─► compile ─► vm ─► heap ◄─ gc
//!  file      cells   ast      code       frames  objects,  the cycle
//!                             objects    stacks  refcounts, collector
//!                                                addresses
//! ```
//!
//! - [`load`]: files to cells (`.py`, `# %%` cells, `.ipynb`) and back.
//! - [`parse`]: the external Python parser behind one module; [`ast`] is refscope's own tree.
//! - [`compile`]: syntax tree to [`code`] objects (`co_consts` merged per compilation unit,
//!   3.11's constant folding).
//! - [`vm`]: frames, the instruction loop, calls, exceptions, the snippet session.
//! - [`heap`]: the arena of [`object`]s, addresses from the [`alloc`] pymalloc model, free
//!   lists, generation lists; [`gc`]: the cyclic collector.
//! - [`builtins`] and [`modules`]: what a snippet can call and import.
//! - [`invariant`]: recomputes every refcount from the references that exist.
//! - [`analysis`]: read-only questions about a heap state (cycles, holders, sharing, diffs),
//!   through one interface every view uses.
//! - [`graphview`]: the object graph (names, boxes and arrows; the focused walk), drawn from a
//!   heap state; [`export`]: that picture as DOT or SVG, the heap as JSON.
//! - [`trace`]: one record per line event (`refscope trace`), written through the same
//!   read-only interface, so a recording of a real CPython emits the same records.
//! - [`cli`]: the `refscope` command; [`serve`]: one model kept alive behind a JSON Lines
//!   protocol, for the IPython extension (`python/refscope`).

pub mod alloc;
pub mod analysis;
pub mod ast;
pub mod backend;
pub mod builtins;
pub mod cli;
pub mod code;
pub mod compile;
pub mod export;
pub mod gc;
pub mod graphview;
pub mod heap;
pub mod invariant;
pub mod load;
pub mod memguard;
pub mod modules;
pub mod object;
pub mod parse;
pub mod serve;
pub mod trace;
pub mod tui;
pub mod vm;

/// Every allocation is counted, so the process can refuse a snippet memory before the
/// machine does (see [`memguard`]).
#[global_allocator]
static ALLOCATOR: memguard::Counting = memguard::Counting;
