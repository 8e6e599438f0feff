//! The second backend: the user's own CPython, recorded step by step, read through the same
//! seam as the model.
//!
//! # Why a second backend
//!
//! The model ([`crate::vm`]) is refscope's own CPython 3.11: deterministic and sandboxed, but
//! a model. It prints what CPython prints on the cases it was built against; material written
//! elsewhere finds differences, and nothing checked the panes' state at every step, only the
//! printed output at the end. Learners also run 3.12 to 3.14, and a snippet that imports an
//! unmodelled module stops at the import. One piece of machinery answers all three: run the
//! snippet on a real interpreter with a recorder installed, and read what it recorded through
//! the interface every view already reads the model through, [`HeapState`].
//!
//! # The seam
//!
//! ```text
//!                  ┌─ model ──── Session (the VM, stepped line event by line event)
//!                  │               └─ LiveHeap::at_event ─────────────┐
//! FILE ─► backend ─┤                                                  ├─► HeapState ─► panes,
//!                  └─ real ───── cpython::record ─► Recording ────────┘   trace records, diff
//!                                (PYTHON FILE + recorder.py,   └─ RecordedRun (a cursor)
//!                                 over a pipe)
//! ```
//!
//! [`HeapState`] is read-only: the objects (type, refcount, size, collector state, repr), the
//! references each holds in `tp_traverse` order, the roots, and where the run is (position,
//! the snippet's frames and their locals, the names it bound, what it printed). Everything
//! downstream (holders, cycles, sharing, the graph, `refscope trace`'s records through the one
//! [`crate::trace::record::RecordWriter`], and so `refscope diff`) reads only that, so it
//! cannot tell which backend it reads.
//!
//! # A worked example
//!
//! ```python
//! a = [1, 2, 3]     # step 1
//! b = a             # step 2
//! del b             # step 3
//! print(len(a))     # step 4
//! ```
//!
//! `refscope diff FILE` runs it twice. The model steps its VM and, at each line event, its
//! hook writes a record from [`crate::analysis::LiveHeap::at_event`]. The real run is
//! `python3 FILE` with `recorder.py` installed by a `sitecustomize.py` loader: at each
//! `'line'` event the recorder walks what the snippet reaches and sends only what changed, as
//! JSON lines (step 2: `a`'s list is new, refcount 1 less the recorder's own references, size
//! 88, gen0; the `__main__` dict gained an entry). [`recording::RecordingBuilder`] turns the
//! lines into per-step changes with their undo, and [`recording::RecordedRun`] applies them
//! to sit at step k, where it *is* a `HeapState`. At step 3 both sides say: `a` and `b` name
//! one list, refcount 2, size 88, gen0; [`diff::first_difference`] compares exactly those
//! facts (the line and function, each name's type, refcount, size and collector state, which
//! names share an object, the output so far) and finds none, so `diff` prints that they agree
//! at every step (4 steps) and exits 0.
//!
//! # The parts
//!
//! - [`cpython`]: runs the recorder (`recorder.py` and its loader `sitecustomize.py`, embedded
//!   in the binary) in the chosen interpreter: a `.py` file runs as `PYTHON FILE` runs it
//!   (script mode: the parser arena holds the module's constants), cell files and notebooks
//!   through IPython's `InteractiveShell` when that interpreter has IPython (as one script
//!   otherwise). The user's code runs with the user's rights: nothing is sandboxed. Also the
//!   calibration of what loading the recorder costs the collector's counts and free lists.
//! - `recorder.py`: what it measures and how it keeps out of the way (its module doc): locals
//!   read from the frame's memory rather than `f_locals`, its own references subtracted
//!   exactly, the collector's counts put back. 3.12 to 3.14 (immortal objects, PEP 667) are
//!   handled there too. `--python` may also name a pyodide directory (CPython 3.12-3.14
//!   compiled to WebAssembly): node runs it through `pyodide.mjs`, embedded too
//!   ([`cpython::Launcher`]).
//! - [`recording`]: the records parsed once into per-step changes; a CPython `id()` names an
//!   object only while it lives, so a reused address becomes a new [`crate::object::ObjId`].
//! - [`diff`]: the first step where two runs' records differ, and `refscope diff`.
//!
//! The goldens under `tests/backend/goldens/` are the real backend's records of every case
//! (`tests/backend/record_goldens.py`); `tests/backend_goldens.rs` checks the model against
//! them at every step with no Python needed.
//!
//! [`HeapState`]: crate::analysis::HeapState

pub mod cpython;
pub mod diff;
pub mod recording;
