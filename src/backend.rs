//! The second backend: a real CPython, recorded. The model ([`crate::vm`]) runs a snippet on
//! refscope's own CPython 3.11; this runs it on the user's interpreter (`--python PYTHON`,
//! any CPython 3.11 to 3.14) with a recorder installed, and reads the records back as heap
//! states, so every view reads either through [`crate::analysis::HeapState`] without knowing
//! which.
//!
//! ```text
//!                  ┌─ model ──── Session (the VM, stepped line event by line event)
//! FILE ─► backend ─┤                                                        ─► HeapState ─► panes,
//!                  └─ recorded ─ cpython::record ─► recording::Recording        trace, diff, export
//!                                (PYTHON FILE + recorder.py, over a pipe)
//! ```
//!
//! - [`cpython`]: runs the recorder (`recorder.py`, embedded) in the chosen interpreter: the
//!   snippet runs as `PYTHON FILE` runs it, with the user's rights, and the records come back
//!   over a pipe.
//! - [`recording`]: the records parsed into per-step changes, and [`recording::RecordedRun`],
//!   a position in them that is a `HeapState`.
//!
//! What the recorder measures, and what it cannot help changing, is in the module doc of
//! `recorder.py` and in the README.

pub mod cpython;
pub mod diff;
pub mod recording;
