//! `refscope serve`: one model session kept alive between requests and spoken to in JSON Lines
//! on stdin and stdout. It is what the IPython extension drives: every `%%refscope` cell of a
//! notebook is one request, and all of them run on one model, as the cells of a notebook file
//! do in the app (each cell's top-level statements compiled on their own, the last expression
//! displayed as `Out[N]`, the output history kept).
//!
//! Why a process and not a library call: the model keeps its heap between cells, and a Python
//! kernel can hold a child process for as long as it lives without linking Rust into Python.
//! The binary in the wheel is the whole engine; the Python package is a thin client.
//!
//! A session, one line per message:
//!
//! ```text
//! ← {"refscope": "0.1.0", "protocol": 1, "backend": "model"}           (on start)
//! → {"op": "run", "code": "a = [1, 2]\nb = a\nprint(len(b))", "id": 1}
//! ← {"id": 1, "ok": true, "op": "run", "execution_count": 1, "stdout": "2\n", "stderr": "",
//!    "error": null, "traceback": null, "names": [{"name": "a", "type": "list", "repr": "[1, 2]",
//!    "address": "0x7f…", "refcount": 2, "change": "new", "refcount_before": null,
//!    "holders": [{"text": "a in __main__ globals", "count": 1}, …], "more_holders": 0,
//!    "shared": []}, …], "deleted": [], "cycles": [], "gc": {…}, "svg": "<svg …>",
//!    "svg_error": null}
//! → {"op": "run_python", "code": "a = [1]", "python": "/usr/bin/python3", "id": 2}
//! ← {"id": 2, "ok": true, "op": "run_python", "backend": "CPython 3.11.7", …}   (the same
//!    fields: the cell run alone on that real interpreter, recorded, its heap after its last
//!    line; it runs with the user's rights)
//! → {"op": "interrupt"}      (while a cell runs: KeyboardInterrupt in the snippet; no reply)
//! → {"op": "reset"}          ← {"ok": true, "op": "reset"}     (a fresh model)
//! → {"op": "quit"}           ← {"ok": true, "op": "quit"}      (then exit 0; so does EOF)
//! ```
//!
//! The parts:
//! - [`Server`]: the session and what a request does to it; no I/O, so tests call
//!   [`Server::handle`] directly.
//! - [`serve`]: the loop. A reader thread takes lines off the input so that an `interrupt` can
//!   reach a cell that is still running (it sets the VM's Ctrl-C flag, which the evaluation loop
//!   polls); every other request waits its turn.
//!
//! Errors in the snippet are not protocol errors: `traceback` is the cell's traceback (or
//! syntax error) as IPython prints it in the cell's output, after `stdout`, and `error` is its
//! last line (`ZeroDivisionError: division by zero`). A request that is
//! not JSON, or names no known `op`, gets `{"ok": false, "error": "..."}` and the session goes on.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

use serde_json::{json, Value};

use crate::analysis::frames::frames;
use crate::analysis::holders::{holders_of_each, Holder};
use crate::analysis::sharing::why_shared_in;
use crate::analysis::{find_cycles, CycleState, HeapState, LiveHeap};
use crate::vm::session::{Progress, Session, Step};
use crate::vm::VmOptions;

/// The version of the protocol (the hello line's `protocol`); it changes when a field
/// changes meaning or goes away.
pub const PROTOCOL: u32 = 1;
/// Holder entries listed per name (the rest are counted in `more_holders`).
pub const MAX_HOLDERS: usize = 12;
/// Names listed per cell (a namespace of thousands of names is cut, and says so).
pub const MAX_NAMES: usize = 500;
/// Cycles listed per cell.
pub const MAX_CYCLES: usize = 20;

/// What a name was bound to after the previous cell, to mark what this cell changed.
#[derive(Clone, Copy)]
struct Seen {
    serial: u64,
    refcnt: i64,
}

/// One model session and the state a notebook of requests needs.
pub struct Server {
    session: Session,
    memory_cap: usize,
    /// The Ctrl-C flag every session of this server shares, so the reader thread can reach the
    /// current one after a reset.
    interrupt: Arc<AtomicBool>,
    before: HashMap<String, Seen>,
    /// Cells run on a real interpreter so far (`run_python`).
    python_runs: u32,
}

/// The hello line: who is speaking and which protocol.
pub fn hello() -> Value {
    json!({"refscope": env!("CARGO_PKG_VERSION"), "protocol": PROTOCOL, "backend": "model"})
}

impl Server {
    /// A fresh model with `memory_cap` bytes of modelled memory per session.
    pub fn new(memory_cap: usize, interrupt: Arc<AtomicBool>) -> Server {
        Server {
            session: fresh_session(memory_cap, &interrupt),
            memory_cap,
            interrupt,
            before: HashMap::new(),
            python_runs: 0,
        }
    }

    /// Answer one request (`None` for `interrupt`, which has no reply of its own, and for
    /// `quit`'s caller to stop after sending its reply: see [`is_quit`]).
    pub fn handle(&mut self, request: &Value) -> Option<Value> {
        let id = request.get("id").cloned();
        let op = request.get("op").and_then(Value::as_str).unwrap_or("");
        let mut reply = match op {
            "run" => match request.get("code").and_then(Value::as_str) {
                Some(code) => {
                    let picture = request.get("svg").and_then(Value::as_bool).unwrap_or(true);
                    self.run(code, picture)
                }
                None => failure("a run request needs \"code\": the cell's source, a string"),
            },
            "run_python" => match (
                request.get("code").and_then(Value::as_str),
                request.get("python").and_then(Value::as_str),
            ) {
                (Some(code), Some(python)) => {
                    let picture = request.get("svg").and_then(Value::as_bool).unwrap_or(true);
                    self.run_python(code, python, picture)
                }
                _ => failure(
                    "a run_python request needs \"code\" (the cell) and \"python\" (the interpreter)",
                ),
            },
            "reset" => {
                self.session = fresh_session(self.memory_cap, &self.interrupt);
                self.before.clear();
                json!({"ok": true, "op": "reset"})
            }
            "quit" => json!({"ok": true, "op": "quit"}),
            "interrupt" => {
                // only meaningful while a cell runs (see serve); between cells there is
                // nothing to interrupt
                return None;
            }
            "" => failure("a request needs \"op\": run, run_python, reset, interrupt or quit"),
            other => failure(&format!(
                "unknown op {other:?}: expected run, run_python, reset, interrupt or quit"
            )),
        };
        if let (Some(id), Some(obj)) = (id, reply.as_object_mut()) {
            obj.insert("id".into(), id);
        }
        Some(reply)
    }

    /// Run one cell to its end and describe the heap it leaves.
    fn run(&mut self, code: &str, picture: bool) -> Value {
        // an interrupt that arrived after the previous cell ended is not for this one
        self.interrupt.store(false, Ordering::SeqCst);
        let count = self.session.execution_count();
        let errors_before = self.session.errors.len();
        self.session.error_output_start = None;
        let ran = self.session.push_cell(code);
        if ran {
            while self.session.advance(Step::End, u64::MAX) != Progress::Finished {}
        }
        let mut stdout = std::mem::take(&mut self.session.vm.stdout);
        let stderr = std::mem::take(&mut self.session.vm.stderr);
        let error = self.session.errors[errors_before.min(self.session.errors.len())..]
            .first()
            .map(|e| e.message.clone());
        // the cell stops at its error, so the error's text is the end of the output
        let traceback = match (&error, self.session.error_output_start) {
            (Some(_), Some(at)) if stdout.is_char_boundary(at) => Some(stdout.split_off(at)),
            _ => None,
        };
        let heap = LiveHeap::of(&self.session);
        let (names, deleted, now) = names_table(&heap, &self.before);
        self.before = now;
        let cycles = cycles_of(&heap);
        let gc = &heap.vm.gc;
        let gc = json!({"enabled": gc.enabled, "counts": gc.counts, "thresholds": gc.thresholds});
        let (svg, svg_error) = if picture {
            match svg_of(&heap, count) {
                Ok(s) => (s, None),
                Err(e) => (None, Some(e)),
            }
        } else {
            (None, None)
        };
        json!({
            "ok": true,
            "op": "run",
            "execution_count": ran.then_some(count),
            "stdout": stdout,
            "stderr": stderr,
            "error": error,
            "traceback": traceback,
            "names": names,
            "deleted": deleted,
            "cycles": cycles,
            "gc": gc,
            "svg": svg,
            "svg_error": svg_error,
        })
    }

    /// Run one cell alone on a real interpreter, recorded (see [`crate::backend`]), and
    /// describe the heap after its last line. The cell runs as a script with one more line,
    /// `pass`, whose line event is the state after the cell (the recorder records at line
    /// events); a cell that raised shows the state at its last line event.
    fn run_python(&mut self, code: &str, python: &str, picture: bool) -> Value {
        use crate::backend::{cpython, recording::RecordedRun};
        self.interrupt.store(false, Ordering::SeqCst);
        self.python_runs += 1;
        let count = self.python_runs;
        let dir =
            std::env::temp_dir().join(format!("refscope-serve-{}-{count}", std::process::id()));
        let file = dir.join(format!("cell{count}.py"));
        let mut source = code.trim_end().to_string();
        source.push_str("\npass\n");
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&file, &source)) {
            return failure(&format!("cannot write the cell for {python}: {e}"));
        }
        let mut opts = cpython::RunOptions::for_file(python, &file);
        opts.cells = false;
        let recorded = cpython::record(&opts, &mut |_| {}, Some(self.interrupt.clone()));
        let _ = std::fs::remove_dir_all(&dir);
        let rec = match recorded {
            Ok(r) => std::rc::Rc::new(r),
            Err(e) => return failure(&format!("cannot record the cell on {python}: {e}")),
        };
        let mut run = RecordedRun::new(rec.clone());
        run.goto(run.len());
        let mut stdout = rec.stdout();
        let stderr = rec.end.stderr.clone();
        let error = stderr
            .contains("Traceback")
            .then(|| stderr.lines().rev().find(|l| !l.trim().is_empty()))
            .flatten()
            .map(|l| l.trim().to_string());
        if let Some(limit) = rec.end.limit {
            stdout.push_str(&format!(
                "\n[refscope: the recording stopped at its step limit, {limit} steps]\n"
            ));
        }
        if let Some((n, why)) = &rec.end.lost {
            stdout.push_str(&format!(
                "\n[refscope: the recording stops after step {n}: {why}]\n"
            ));
        }
        let (names, deleted, _) = names_table(&run, &HashMap::new());
        let cycles = cycles_of(&run);
        let (svg, svg_error) = if picture {
            match svg_of(&run, count) {
                Ok(s) => (s, None),
                Err(e) => (None, Some(e)),
            }
        } else {
            (None, None)
        };
        let info = &rec.info;
        json!({
            "ok": true,
            "op": "run_python",
            "backend": format!("CPython {}", info.version),
            "execution_count": count,
            "stdout": stdout,
            "stderr": if error.is_some() { String::new() } else { stderr.clone() },
            "error": error,
            "traceback": error.as_ref().map(|_| stderr),
            "names": names,
            "deleted": deleted,
            "cycles": cycles,
            "gc": null,
            "svg": svg,
            "svg_error": svg_error,
        })
    }
}

/// The cycles a reply lists (not those through classes, not freed ones).
fn cycles_of<H: HeapState + ?Sized>(heap: &H) -> Vec<Value> {
    find_cycles(heap)
        .into_iter()
        .filter(|c| !c.involves_class && c.state != CycleState::Freed)
        .take(MAX_CYCLES)
        .map(|c| {
            let members: Vec<String> = c
                .members
                .iter()
                .map(|m| format!("{} @0x{:x}", m.type_name, m.addr))
                .collect();
            json!({"state": c.state.describe(), "members": members})
        })
        .collect()
}

/// Is this reply the answer to `quit`?
pub fn is_quit(reply: &Value) -> bool {
    reply.get("op").and_then(Value::as_str) == Some("quit")
}

fn failure(message: &str) -> Value {
    json!({"ok": false, "error": message})
}

/// An empty notebook session (IPython's user namespace, execution count 1).
fn fresh_session(memory_cap: usize, interrupt: &Arc<AtomicBool>) -> Session {
    // a cells file with no cell yet: notebook mode (IPython's namespace), cells added as they come
    let snippet = crate::load::load_str("refscope-serve.py", "# %%\n")
        .expect("a Python file always loads (only notebooks can fail)");
    let options = VmOptions {
        filename: "<refscope serve>".into(),
        memory_cap,
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    session.vm.interrupt = interrupt.clone();
    session
}

/// The table of the snippet's global names after a cell: each with its object, refcount, the
/// holders that make it up and what the cell changed (`new`: bound by this cell or rebound to
/// another object; `refcount`: the same object with another count). Also the names the cell
/// deleted, and what to compare the next cell with.
fn names_table<H: HeapState + ?Sized>(
    heap: &H,
    before: &HashMap<String, Seen>,
) -> (Vec<Value>, Vec<String>, HashMap<String, Seen>) {
    let globals = frames(heap)
        .into_iter()
        .next()
        .map(|f| f.names)
        .unwrap_or_default();
    let mut now = HashMap::new();
    for (name, id) in &globals {
        now.insert(
            name.clone(),
            Seen {
                serial: heap.serial(*id),
                refcnt: heap.refcnt(*id),
            },
        );
    }
    let mut deleted: Vec<String> = before
        .keys()
        .filter(|n| !now.contains_key(*n))
        .cloned()
        .collect();
    deleted.sort();
    let listed = &globals[..globals.len().min(MAX_NAMES)];
    let ids: Vec<_> = listed.iter().map(|(_, id)| *id).collect();
    let holders = holders_of_each(heap, &ids);
    let mut rows = Vec::with_capacity(listed.len());
    for ((name, id), holders) in listed.iter().zip(holders) {
        let info = heap.info(*id);
        let (change, refcount_before) = match before.get(name) {
            None => ("new", None),
            Some(s) if s.serial != info.serial => ("new", None),
            Some(s) if s.refcnt != info.refcnt => ("refcount", Some(s.refcnt)),
            Some(_) => ("", None),
        };
        let grouped = group(&holders);
        let shown: Vec<Value> = grouped
            .iter()
            .take(MAX_HOLDERS)
            .map(|(text, count)| json!({"text": text, "count": count}))
            .collect();
        let more: i64 = grouped.iter().skip(MAX_HOLDERS).map(|(_, c)| c).sum();
        let shared: Vec<String> = why_shared_in(heap, *id)
            .iter()
            .map(|s| s.explain())
            .collect();
        rows.push(json!({
            "name": name,
            "type": info.type_name,
            "repr": info.repr,
            "address": format!("0x{:x}", info.addr),
            "refcount": info.refcnt,
            "change": change,
            "refcount_before": refcount_before,
            "holders": shown,
            "more_holders": more,
            "shared": shared,
        }));
    }
    if globals.len() > listed.len() {
        rows.push(json!({"more_names": globals.len() - listed.len()}));
    }
    (rows, deleted, now)
}

/// Holders with the same text, counted together, in first-seen order.
fn group(holders: &[Holder]) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for h in holders {
        match at.get(h.text.as_str()) {
            Some(&i) => out[i].1 += h.count,
            None => {
                at.insert(&h.text, out.len());
                out.push((h.text.clone(), h.count));
            }
        }
    }
    out
}

/// The export's picture of the heap after cell `count`, as SVG (`None`: nothing to draw, no
/// names yet).
fn svg_of<H: HeapState + ?Sized>(heap: &H, count: u32) -> Result<Option<String>, String> {
    let (picture, cut) = crate::export::dot::picture(heap);
    if picture.nodes.is_empty() {
        return Ok(None);
    }
    let dot = crate::export::dot::to_dot(&picture, &format!("after In [{count}]"), cut);
    crate::export::svg::svg(&dot).map(Some)
}

/// `refscope serve`: greet, then answer requests line by line until `quit` or the end of the
/// input. Returns the exit status.
pub fn serve<R, W>(input: R, mut output: W, memory_cap: usize) -> i32
where
    R: BufRead + Send + 'static,
    W: Write,
{
    let interrupt = Arc::new(AtomicBool::new(false));
    let mut server = Server::new(memory_cap, interrupt.clone());
    let (tx, rx) = mpsc::channel::<Result<Value, String>>();
    // the reader answers interrupts at once (a cell may be running) and queues the rest
    std::thread::spawn(move || {
        for line in input.lines() {
            let request = match line {
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => serde_json::from_str::<Value>(&l).map_err(|e| format!("not JSON: {e}")),
                Err(e) => Err(format!("unreadable request: {e}")),
            };
            if let Ok(r) = &request {
                if r.get("op").and_then(Value::as_str) == Some("interrupt") {
                    interrupt.store(true, Ordering::SeqCst);
                    continue;
                }
            }
            if tx.send(request).is_err() {
                break;
            }
        }
    });
    if write_line(&mut output, &hello()).is_err() {
        return 1;
    }
    for request in rx {
        let reply = match request {
            Ok(r) => match server.handle(&r) {
                Some(reply) => reply,
                None => continue,
            },
            Err(e) => failure(&e),
        };
        if write_line(&mut output, &reply).is_err() {
            return 1;
        }
        if is_quit(&reply) {
            break;
        }
    }
    0
}

fn write_line<W: Write>(output: &mut W, value: &Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string(value).map_err(std::io::Error::other)?;
    text.push('\n');
    output.write_all(text.as_bytes())?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Server {
        Server::new(1 << 30, Arc::new(AtomicBool::new(false)))
    }

    fn run(s: &mut Server, code: &str) -> Value {
        s.handle(&json!({"op": "run", "code": code, "svg": false}))
            .expect("a reply")
    }

    fn name<'a>(reply: &'a Value, n: &str) -> &'a Value {
        reply["names"]
            .as_array()
            .and_then(|a| a.iter().find(|r| r["name"] == n))
            .unwrap_or_else(|| panic!("no name {n} in {reply}"))
    }

    #[test]
    fn cells_share_one_model_and_count_like_ipython() {
        let mut s = server();
        let r = run(&mut s, "a = [1, 2]\nb = a\nprint(len(b))\n");
        assert_eq!(r["ok"], true);
        assert_eq!(r["execution_count"], 1);
        assert_eq!(r["stdout"], "2\n");
        assert_eq!(name(&r, "a")["refcount"], 2);
        assert_eq!(name(&r, "a")["change"], "new");
        // the next cell sees the names; its last expression is Out[2] and joins the history
        let r = run(&mut s, "del b\na\n");
        assert_eq!(r["execution_count"], 2);
        assert_eq!(r["stdout"], "Out[2]: [1, 2]\n");
        assert_eq!(r["deleted"], json!(["b"]));
        // a, _, _2, Out[2], the displayhook's and the hidden namespace's _ and _2, and the
        // cell's execution result: the same count `sys.getrefcount(a) - 1` gives in IPython
        let a = name(&r, "a");
        assert_eq!(a["change"], "refcount");
        assert_eq!(a["refcount_before"], 2);
        let total: i64 = a["holders"]
            .as_array()
            .expect("holders")
            .iter()
            .map(|h| h["count"].as_i64().unwrap_or(0))
            .sum::<i64>()
            + a["more_holders"].as_i64().unwrap_or(0);
        assert_eq!(Some(total), a["refcount"].as_i64(), "{a}");
        // a whitespace-only cell runs nothing and takes no number
        let r = run(&mut s, "  \n");
        assert_eq!(r["execution_count"], Value::Null);
        assert_eq!(run(&mut s, "a")["execution_count"], 3);
    }

    #[test]
    fn an_error_is_the_cells_traceback_and_the_model_goes_on() {
        let mut s = server();
        let r = run(&mut s, "x = 1\nprint('before')\ny = x / 0\nz = 2\n");
        assert_eq!(r["stdout"], "before\n");
        let tb = r["traceback"].as_str().expect("traceback");
        assert!(tb.starts_with("-----"), "{tb}");
        assert!(tb.contains("Cell In[1], line 3"), "{tb}");
        assert!(
            tb.ends_with("ZeroDivisionError: division by zero\n"),
            "{tb}"
        );
        assert_eq!(r["error"], "ZeroDivisionError: division by zero");
        // the rest of the cell did not run; the next cell still has x
        let r = run(&mut s, "print(x, 'z' in globals())");
        assert_eq!(r["stdout"], "1 False\n");
        assert_eq!(r["error"], Value::Null);
        // a syntax error runs nothing of its cell
        let r = run(&mut s, "w = 1\nw = (\n");
        assert_eq!(r["stdout"], "");
        assert!(r["traceback"]
            .as_str()
            .is_some_and(|o| o.starts_with("  Cell In[3], line 2") && o.contains("SyntaxError")));
        assert!(run(&mut s, "print('w' in globals())")["stdout"] == "False\n");
    }

    #[test]
    fn reset_starts_a_fresh_model() {
        let mut s = server();
        run(&mut s, "a = 1");
        assert_eq!(
            s.handle(&json!({"op": "reset", "id": 7})),
            Some(json!({"ok": true, "op": "reset", "id": 7}))
        );
        let r = run(&mut s, "print('a' in globals())");
        assert_eq!(r["stdout"], "False\n");
        assert_eq!(r["execution_count"], 1);
    }

    #[test]
    fn bad_requests_are_answered_not_fatal() {
        let mut s = server();
        for bad in [
            json!({}),
            json!({"op": "run"}),
            json!({"op": "fly"}),
            json!([1]),
        ] {
            let r = s.handle(&bad).expect("a reply");
            assert_eq!(r["ok"], false, "{bad} -> {r}");
            assert!(r["error"].as_str().is_some_and(|e| !e.is_empty()));
        }
        assert_eq!(s.handle(&json!({"op": "interrupt"})), None);
        assert_eq!(run(&mut s, "print(1)")["stdout"], "1\n");
    }

    #[test]
    fn the_picture_is_the_exports_svg() {
        let mut s = server();
        let r = s
            .handle(&json!({"op": "run", "code": "class A: pass\na = A()\na.me = a\n"}))
            .expect("reply");
        let svg = r["svg"].as_str().expect("svg");
        assert!(svg.contains("<svg"), "{svg}");
        // the box of the instance that refers to itself: its type, count and cycle
        assert!(svg.contains("A  rc 2  cycle 1"), "{svg}");
        assert_eq!(r["cycles"][0]["state"], "reachable");
        let r = run(&mut s, "import gc\ngc.disable()\ndel a\n");
        assert_eq!(r["cycles"][0]["state"], "unreachable, not yet freed");
    }

    #[test]
    fn no_names_no_picture_and_no_error() {
        let mut s = server();
        let r = s
            .handle(&json!({"op": "run", "code": "print('hi')"}))
            .expect("reply");
        assert_eq!(r["svg"], Value::Null);
        assert_eq!(r["svg_error"], Value::Null);
        assert_eq!(r["names"], json!([]));
    }

    #[test]
    fn holders_of_each_agrees_with_all_holders() {
        let mut s = server();
        run(&mut s, "a = [1, 2]\nb = [a, a]\nc = 'text'\nd = 5\ne = a\n");
        let heap = LiveHeap::of(&s.session);
        let names = frames(&heap).remove(0).names;
        let ids: Vec<_> = names.iter().map(|(_, id)| *id).collect();
        let all = crate::analysis::all_holders(&heap);
        let each = holders_of_each(&heap, &ids);
        for (id, h) in ids.iter().zip(each) {
            assert_eq!(h, all[id.index()]);
        }
    }

    #[test]
    fn the_loop_speaks_json_lines() {
        let input =
            "{\"op\": \"run\", \"code\": \"print(6 * 7)\", \"svg\": false, \"id\": \"c1\"}\n\
                     not json\n\
                     \n\
                     {\"op\": \"quit\"}\n\
                     {\"op\": \"run\", \"code\": \"print('after quit')\"}\n";
        let mut out = Vec::new();
        let code = serve(std::io::Cursor::new(input.to_string()), &mut out, 1 << 30);
        assert_eq!(code, 0);
        let lines: Vec<Value> = String::from_utf8(out)
            .expect("utf-8")
            .lines()
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0], hello());
        assert_eq!(lines[1]["id"], "c1");
        assert_eq!(lines[1]["stdout"], "42\n");
        assert_eq!(lines[2]["ok"], false);
        assert_eq!(lines[3]["op"], "quit");
    }
}
