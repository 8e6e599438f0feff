//! `refscope trace`: one record per line event of a snippet, to stdout, in the format
//! `docs/trace-format.md` fixes for every backend. A step is one stop of the app's `s` key:
//! one `'line'` event that `sys.settrace` would report in a frame running the snippet's own
//! code, inside calls made from native code too (a `__del__`, a `sorted` key).
//!
//! - `lines`: the line of each step, one per line (the goldens under `tests/lines/` are
//!   CPython's, recorded by `tests/lines/record.py`).
//! - `json`: JSON Lines, one [`record::RecordWriter`] record per step, written from the heap
//!   state at the event through [`crate::analysis::HeapState`] only.

pub mod record;

use std::cell::RefCell;
use std::io::Write;
use std::path::Path;
use std::rc::Rc;

use crate::analysis::LiveHeap;
use crate::vm::session::{Session, Step};
use crate::vm::VmOptions;

/// What each step prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TraceFormat {
    /// The line number of each step, one per line.
    Lines,
    /// One JSON object per step (JSON Lines).
    Json,
    /// The part of each `json` record a comparison compares: the position, names, frames
    /// and output, and only the named objects, each with its type, refcount, size and
    /// collector state (no holders: cheap to write; the backend goldens are these).
    Compare,
}

/// What a trace run gave besides its records.
#[derive(Debug, PartialEq, Eq)]
pub struct TraceRun {
    /// Steps written.
    pub steps: u64,
    /// The snippet's exit status (as `python3 FILE` would end).
    pub exit_code: i32,
    /// What the snippet wrote to stderr (tracebacks).
    pub stderr: String,
}

/// Trace a loaded snippet into `out` (which it gives back). Stops writing, and says so, if
/// `out` fails.
pub fn trace_session<W: Write + 'static>(
    mut session: Session,
    format: TraceFormat,
    out: W,
) -> Result<(W, TraceRun), String> {
    let out = Rc::new(RefCell::new(out));
    let error: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let steps = Rc::new(RefCell::new(0u64));
    let mut writer = if format == TraceFormat::Compare {
        record::RecordWriter::comparable()
    } else {
        record::RecordWriter::new()
    };
    {
        let (out, error, steps) = (out.clone(), error.clone(), steps.clone());
        session.set_line_hook(Box::new(move |vm, watch, event| {
            if error.borrow().is_some() {
                return;
            }
            let step = event.index + 1;
            *steps.borrow_mut() = step;
            let text = match format {
                TraceFormat::Lines => format!("{}\n", event.line),
                TraceFormat::Json | TraceFormat::Compare => {
                    let heap = LiveHeap::at_event(vm, watch, event);
                    match writer.record(&heap, step) {
                        Some(v) => format!("{v}\n"),
                        None => return,
                    }
                }
            };
            if let Err(e) = out.borrow_mut().write_all(text.as_bytes()) {
                *error.borrow_mut() = Some(e.to_string());
            }
        }));
    }
    while session.advance(Step::End, u64::MAX) != crate::vm::session::Progress::Finished {}
    let exit_code = match session.status {
        crate::vm::session::Status::Finished { exit_code } => exit_code,
        _ => 0,
    };
    let run = TraceRun {
        steps: *steps.borrow(),
        exit_code,
        stderr: session.vm.stderr.clone(),
    };
    // the hook holds the other reference to the writer
    drop(session);
    let flushed = out.borrow_mut().flush();
    if let Some(e) = error.borrow_mut().take() {
        return Err(format!("cannot write the trace: {e}"));
    }
    flushed.map_err(|e| format!("cannot write the trace: {e}"))?;
    let out = Rc::try_unwrap(out)
        .map_err(|_| "the trace writer is still in use".to_string())?
        .into_inner();
    Ok((out, run))
}

/// The lines of every line event of a snippet (what `trace --format lines` prints).
pub fn line_events(session: Session) -> Result<Vec<u32>, String> {
    let (bytes, _) = trace_session(session, TraceFormat::Lines, Vec::new())?;
    Ok(String::from_utf8_lossy(&bytes)
        .lines()
        .filter_map(|l| l.parse().ok())
        .collect())
}

/// `refscope trace FILE`: exit status 0 when the trace was written (whatever the snippet
/// did; its tracebacks go to stderr), 1 when it could not be written, 2 when the file cannot
/// be read or loaded.
pub fn trace_file(file: &Path, format: TraceFormat) -> i32 {
    let snippet = match crate::load::load_file(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("refscope: {e}");
            return 2;
        }
    };
    let options = VmOptions {
        filename: file.to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    let session = Session::new(snippet, options);
    let out = std::io::BufWriter::new(std::io::stdout());
    match trace_session(session, format, out) {
        Ok((_, run)) => {
            let _ = std::io::stderr().write_all(run.stderr.as_bytes());
            0
        }
        Err(e) => {
            eprintln!("refscope: {e}");
            1
        }
    }
}

/// The JSON records of a session's steps, up to `limit` steps (the run stops there), from
/// the one [`record::RecordWriter`]: the whole records, or only their comparable part
/// ([`record::RecordWriter::comparable`]).
pub fn model_records(
    mut session: Session,
    comparable: bool,
    limit: u64,
) -> (Vec<serde_json::Value>, TraceRun) {
    let records: Rc<RefCell<Vec<serde_json::Value>>> = Rc::new(RefCell::new(Vec::new()));
    let mut writer = if comparable {
        record::RecordWriter::comparable()
    } else {
        record::RecordWriter::new()
    };
    {
        let records = records.clone();
        session.set_line_hook(Box::new(move |vm, watch, event| {
            let step = event.index + 1;
            if step > limit {
                return;
            }
            let heap = LiveHeap::at_event(vm, watch, event);
            if let Some(v) = writer.record(&heap, step) {
                records.borrow_mut().push(v);
            }
        }));
    }
    loop {
        let p = session.advance(Step::End, 1 << 20);
        if p == crate::vm::session::Progress::Finished || records.borrow().len() as u64 >= limit {
            break;
        }
    }
    let exit_code = match session.status {
        crate::vm::session::Status::Finished { exit_code } => exit_code,
        _ => 0,
    };
    let stderr = session.vm.stderr.clone();
    // the hook holds the other reference to the records
    drop(session);
    let records = std::mem::take(&mut *records.borrow_mut());
    let run = TraceRun {
        steps: records.len() as u64,
        exit_code,
        stderr,
    };
    (records, run)
}

/// The records of a recorded real-CPython run, step by step, from the same writer as the
/// model's: the recording's cursor is a [`crate::analysis::HeapState`].
pub fn recording_records(
    recording: Rc<crate::backend::recording::Recording>,
    comparable: bool,
) -> Vec<serde_json::Value> {
    let mut run = crate::backend::recording::RecordedRun::new(recording);
    let mut writer = if comparable {
        record::RecordWriter::comparable()
    } else {
        record::RecordWriter::new()
    };
    let mut out = Vec::with_capacity(run.len());
    for k in 1..=run.len() {
        run.goto(k);
        if let Some(v) = writer.record(&run, k as u64) {
            out.push(v);
        }
    }
    out
}

/// `refscope trace --python PYTHON FILE`: the snippet recorded on a real CPython (see
/// [`crate::backend`]), its steps written as the model's are. Exit status as
/// [`trace_file`]'s; 2 also when the interpreter cannot be run or recorded.
pub fn trace_python(file: &Path, python: &str, format: TraceFormat, limit: u64) -> i32 {
    use crate::backend::{cpython, recording::RecordedRun};
    if let Err(e) = std::fs::metadata(file) {
        eprintln!("refscope: {}: {e}", file.display());
        return 2;
    }
    let mut opts = cpython::RunOptions::for_file(python, file);
    opts.limit = limit;
    let recording = match cpython::record(&opts, &mut |_| {}, None) {
        Ok(r) => Rc::new(r),
        Err(e) => {
            eprintln!("refscope: {python}: {e}");
            return 2;
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut run = RecordedRun::new(recording.clone());
    let mut writer = if format == TraceFormat::Compare {
        record::RecordWriter::comparable()
    } else {
        record::RecordWriter::new()
    };
    let mut result = Ok(());
    for k in 1..=run.len() {
        run.goto(k);
        let text = match format {
            TraceFormat::Lines => match crate::analysis::HeapState::position(&run) {
                Some(p) => format!("{}\n", p.line),
                None => continue,
            },
            TraceFormat::Json | TraceFormat::Compare => match writer.record(&run, k as u64) {
                Some(v) => format!("{v}\n"),
                None => continue,
            },
        };
        result = out.write_all(text.as_bytes());
        if result.is_err() {
            break;
        }
    }
    if let Err(e) = result.and_then(|_| out.flush()) {
        eprintln!("refscope: cannot write the trace: {e}");
        return 1;
    }
    let _ = std::io::stderr().write_all(recording.end.stderr.as_bytes());
    if let Some(n) = recording.end.limit {
        eprintln!("refscope: stopped at the step limit ({n} steps; --limit sets it)");
    }
    if let Some(e) = &recording.end.error {
        eprintln!("refscope: the recorder failed:\n{e}");
    }
    if let Some((n, why)) = &recording.end.lost {
        eprintln!("refscope: the recording stops after step {n}: {why}");
    }
    0
}
