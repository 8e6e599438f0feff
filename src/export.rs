//! Exports a teacher can put on a slide: the heap state after a step, as DOT for Graphviz, as
//! SVG made without Graphviz, or as JSON for tools.
//!
//! - [`dot`]: the same picture the graph pane draws (names, boxes, slots, cycles coloured,
//!   unreachable objects dashed and apart), as a Graphviz digraph.
//! - [`svg`]: that DOT laid out and drawn by `layout-rs` (no Graphviz needed).
//! - [`json`]: the shape of `refscope run --json` (objects with refcounts and holders,
//!   references, roots, cycles), plus the frames of names, each object's reachability, and
//!   where the run stopped.
//!
//! A step is what the app's `n` key does: run to the next line in the current frame or a
//! caller (over calls). `--step N` presses `n` N times; without it the snippet runs to the
//! end (the heap as the snippet leaves it, before interpreter exit clears `__main__`).

pub mod dot;
pub mod json;
pub mod svg;

use std::path::Path;

use crate::analysis::LiveHeap;
use crate::vm::session::{Progress, Session, Status, Step};
use crate::vm::VmOptions;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// SVG, laid out without Graphviz.
    Svg,
    /// JSON: objects, references, roots, refcounts, holders, cycles.
    Json,
}

impl Format {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Json => "json",
        }
    }
}

/// Where a run stopped, for the export's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopPoint {
    /// Steps taken (`None`: run to the end).
    pub step: Option<usize>,
    /// The line the snippet would run next, if it is paused.
    pub next_line: Option<u32>,
    pub finished: bool,
}

impl StopPoint {
    /// The state of a session now.
    pub fn of(session: &Session, step: Option<usize>) -> StopPoint {
        StopPoint {
            step,
            next_line: session.current_line(),
            finished: matches!(session.status, Status::Finished { .. }),
        }
    }

    /// `after step 3 (next line 7)`, `at the end`.
    pub fn describe(&self) -> String {
        match (self.step, self.next_line, self.finished) {
            (None, _, _) => "at the end of the run".into(),
            (Some(n), _, true) => format!("after step {n} (the snippet has finished)"),
            (Some(n), Some(l), _) => format!("after step {n} (next line {l})"),
            (Some(n), None, _) => format!("after step {n}"),
        }
    }
}

/// Run a snippet file to the state after `step` steps (`None`: to the end).
pub fn run_file(file: &Path, step: Option<usize>) -> Result<(Session, StopPoint), String> {
    let snippet = crate::load::load_file(file).map_err(|e| e.to_string())?;
    let options = VmOptions {
        filename: file.to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    match step {
        None => {
            session.run_to_end_without_shutdown();
        }
        Some(n) => {
            let mut taken = 0;
            while taken < n && !session.is_finished() {
                match session.advance(Step::Over, u64::MAX) {
                    Progress::Budget => continue,
                    Progress::Stopped | Progress::Finished => taken += 1,
                }
            }
            if taken < n {
                return Err(format!(
                    "--step {n}: the snippet finishes after {taken} step(s)"
                ));
            }
        }
    }
    let stop = StopPoint::of(&session, step);
    Ok((session, stop))
}

/// The export of a session's heap now.
pub fn render(session: &Session, format: Format, stop: &StopPoint) -> Result<String, String> {
    let heap = LiveHeap::of(session);
    match format {
        Format::Dot => Ok(dot::dot(&heap, stop)),
        Format::Svg => svg::svg(&dot::dot(&heap, stop)),
        Format::Json => {
            let v = json::json(&heap, stop);
            serde_json::to_string_pretty(&v)
                .map(|mut s| {
                    s.push('\n');
                    s
                })
                .map_err(|e| e.to_string())
        }
    }
}
