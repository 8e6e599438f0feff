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
//! A step is a stop of the app's `s` key: one line event (`sys.settrace`'s 'line', the
//! numbering of `refscope trace`). `--step N` is the state at the `N`th line event, before
//! its line runs, whichever keys reached it in the app (`n`, `c` and `u` stop at line events
//! too; the status bar shows the step). `--collect-at` redoes the app's `g` key: a full
//! collection at those steps on the way. Without `--step` the snippet runs to the end (the
//! heap as the snippet leaves it, before interpreter exit clears `__main__`).

pub mod dot;
pub mod json;
pub mod svg;

use std::path::Path;

use crate::analysis::{HeapState, LiveHeap};
use crate::vm::session::{Session, Status};
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
    /// The step (line events so far; `None`: run to the end).
    pub step: Option<usize>,
    /// Steps at which `gc.collect()` ran on the way (the app's `g` key).
    pub collected_at: Vec<u64>,
    /// The line the snippet would run next, if it is paused.
    pub next_line: Option<u32>,
    pub finished: bool,
}

impl StopPoint {
    /// The state of a session now.
    pub fn of(session: &Session, step: Option<usize>) -> StopPoint {
        StopPoint {
            step,
            collected_at: session.collect_log().to_vec(),
            next_line: session.current_line(),
            finished: matches!(session.status, Status::Finished { .. }),
        }
    }

    /// `after step 3 (next line 7)`, `at the end`.
    pub fn describe(&self) -> String {
        let mut text = match (self.step, self.next_line, self.finished) {
            (None, _, _) => "at the end of the run".into(),
            (Some(n), _, true) => format!("after step {n} (the snippet has finished)"),
            (Some(n), Some(l), _) => format!("after step {n} (next line {l})"),
            (Some(n), None, _) => format!("after step {n}"),
        };
        if !self.collected_at.is_empty() {
            let at: Vec<String> = self.collected_at.iter().map(|s| s.to_string()).collect();
            text.push_str(&format!(", gc.collect() at step {}", at.join(", ")));
        }
        text
    }

    /// The `refscope export` arguments that give this state again (`--step 12
    /// --collect-at 5,12`).
    pub fn arguments(&self) -> String {
        let mut out = match self.step {
            Some(n) => format!("--step {n}"),
            None => String::new(),
        };
        if !self.collected_at.is_empty() {
            let at: Vec<String> = self.collected_at.iter().map(|s| s.to_string()).collect();
            out.push_str(&format!(" --collect-at {}", at.join(",")));
        }
        out
    }
}

/// Run a snippet file to the state at step `step` (`None`: to the end), collecting at the
/// steps `collect_at` on the way as the app's `g` key does.
pub fn run_file(
    file: &Path,
    step: Option<usize>,
    collect_at: &[u64],
) -> Result<(Session, StopPoint), String> {
    let snippet = crate::load::load_file(file).map_err(|e| e.to_string())?;
    let options = VmOptions {
        filename: file.to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    match step {
        None => {
            if !collect_at.is_empty() {
                return Err("--collect-at needs --step".into());
            }
            session.run_to_end_without_shutdown();
        }
        Some(n) => {
            if let Some(&late) = collect_at.iter().find(|&&c| c > n as u64) {
                return Err(format!(
                    "--collect-at {late}: after --step {n} (a collection happens at a step on the way)"
                ));
            }
            if !session.goto_step(n as u64, collect_at) {
                return Err(format!(
                    "--step {n}: the snippet finishes after {} step(s)",
                    session.line_events()
                ));
            }
        }
    }
    let stop = StopPoint::of(&session, step);
    Ok((session, stop))
}

/// The export of a session's heap now.
pub fn render(session: &Session, format: Format, stop: &StopPoint) -> Result<String, String> {
    render_heap(&LiveHeap::of(session), format, stop)
}

/// The export of any heap state (the model's, or a recording's at a step).
pub fn render_heap<H: HeapState + ?Sized>(
    heap: &H,
    format: Format,
    stop: &StopPoint,
) -> Result<String, String> {
    match format {
        Format::Dot => Ok(dot::dot(heap, stop)),
        Format::Svg => svg::svg(&dot::dot(heap, stop)),
        Format::Json => {
            let v = json::json(heap, stop);
            serde_json::to_string_pretty(&v)
                .map(|mut s| {
                    s.push('\n');
                    s
                })
                .map_err(|e| e.to_string())
        }
    }
}
