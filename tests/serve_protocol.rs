//! The real binary's `serve` subcommand, spoken to as the IPython extension speaks to it (a
//! child process, JSON Lines over pipes), and the command-line conventions generated from the
//! same CLI definition (`--version`, `completions`, `man`). No Python needed, but for the one
//! `run_python` test (skipped without CPython 3.11 as `python3`).

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_refscope");

/// A `refscope serve` child whose replies arrive on a channel, so a test can wait with a
/// timeout instead of hanging.
struct Served {
    child: Child,
    stdin: Option<ChildStdin>,
    replies: mpsc::Receiver<Value>,
}

impl Served {
    fn start() -> Served {
        let mut child = Command::new(BIN)
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("refscope serve starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout: ChildStdout = child.stdout.take().expect("stdout");
        let (tx, replies) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let v = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("not JSON: {line:?}: {e}"));
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Served {
            child,
            stdin: Some(stdin),
            replies,
        }
    }

    fn send(&mut self, request: &Value) {
        self.send_line(&request.to_string());
    }

    fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("input still open");
        writeln!(stdin, "{line}").expect("write a request");
        stdin.flush().expect("flush");
    }

    fn reply(&self) -> Value {
        self.replies
            .recv_timeout(Duration::from_secs(60))
            .expect("a reply within a minute")
    }

    fn run(&mut self, code: &str) -> Value {
        self.send(&json!({"op": "run", "code": code, "svg": false}));
        self.reply()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serve_greets_runs_cells_on_one_model_and_quits() {
    let mut s = Served::start();
    let hello = s.reply();
    assert_eq!(hello["protocol"], 1);
    assert_eq!(hello["refscope"], env!("CARGO_PKG_VERSION"));
    let r = s.run("class Node:\n    pass\nn = Node()\nn.me = n\nprint('made')\n");
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["stdout"], "made\n");
    assert_eq!(r["execution_count"], 1);
    // the next cell sees the first cell's objects; the cycle is reported
    let r = s.run("import sys\nsys.getrefcount(n)\n");
    assert_eq!(r["stdout"], "Out[2]: 3\n", "{r}");
    assert_eq!(r["cycles"][0]["state"], "reachable", "{r}");
    // with the picture
    s.send(&json!({"op": "run", "code": "m = [n, n]", "id": "with-svg"}));
    let r = s.reply();
    assert_eq!(r["id"], "with-svg");
    assert!(r["svg"].as_str().is_some_and(|t| t.contains("<svg")), "{r}");
    let m = r["names"]
        .as_array()
        .and_then(|a| a.iter().find(|row| row["name"] == "m"))
        .cloned()
        .expect("m in the names table");
    assert_eq!(m["refcount"], 1);
    assert_eq!(
        m["holders"],
        json!([{"text": "m in __main__ globals", "count": 1}])
    );
    s.send(&json!({"op": "quit"}));
    assert_eq!(s.reply()["op"], "quit");
    let status = s.child.wait().expect("exits");
    assert!(status.success());
}

#[test]
fn interrupt_stops_a_running_cell_and_keeps_the_model() {
    let mut s = Served::start();
    s.reply();
    s.run("kept = 'still here'");
    s.send(&json!({"op": "run", "code": "i = 0\nwhile True:\n    i += 1\n", "svg": false}));
    // give the loop time to start, then interrupt it as Jupyter's stop button does
    std::thread::sleep(Duration::from_millis(300));
    s.send(&json!({"op": "interrupt"}));
    let r = s.reply();
    assert_eq!(r["error"], "KeyboardInterrupt", "{r}");
    assert!(
        r["traceback"]
            .as_str()
            .is_some_and(|t| t.contains("KeyboardInterrupt")),
        "{r}"
    );
    let r = s.run("print(kept, i > 0)");
    assert_eq!(r["stdout"], "still here True\n", "{r}");
    // an interrupt between cells is not kept for the next one
    s.send(&json!({"op": "interrupt"}));
    let r = s.run("total = sum(range(100000))\nprint(total)");
    assert_eq!(r["stdout"], "4999950000\n", "{r}");
}

#[test]
fn reset_and_bad_lines_and_end_of_input() {
    let mut s = Served::start();
    s.reply();
    s.run("a = 1");
    s.send_line("this is not json");
    let r = s.reply();
    assert_eq!(r["ok"], false);
    s.send(&json!({"op": "reset"}));
    assert_eq!(s.reply()["op"], "reset");
    assert_eq!(s.run("print('a' in dir())")["stdout"], "False\n");
    // closing stdin ends the server cleanly
    s.stdin = None;
    assert!(s.child.wait().expect("exits").success());
}

fn output(args: &[&str]) -> (bool, String) {
    let out = Command::new(BIN).args(args).output().expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn version_completions_and_man_page_come_from_the_cli_definition() {
    let (ok, v) = output(&["--version"]);
    assert!(ok);
    assert_eq!(v.trim(), format!("refscope {}", env!("CARGO_PKG_VERSION")));
    // every subcommand appears in each shell's completions
    for shell in ["bash", "zsh", "fish"] {
        let (ok, text) = output(&["completions", shell]);
        assert!(ok, "{shell}");
        for sub in ["run", "export", "dis", "serve", "completions", "man"] {
            assert!(text.contains(sub), "{shell} completions lack {sub}");
        }
    }
    let (ok, _) = output(&["completions", "tcsh"]);
    assert!(!ok, "an unknown shell is a usage error");
    let (ok, page) = output(&["man"]);
    assert!(ok);
    assert!(page.contains(".TH refscope 1"), "{page}");
    assert!(page.contains("refscope\\-serve(1)"), "{page}");
    let dir = std::env::temp_dir().join(format!("refscope-man-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (ok, _) = output(&["man", "--dir", dir.to_str().expect("utf-8 path")]);
    assert!(ok);
    for page in ["refscope.1", "refscope-run.1", "refscope-serve.1"] {
        assert!(dir.join(page).is_file(), "{page} written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// `run_python`: the cell alone on a real CPython, recorded; the reply has the fields of `run`
/// (needs CPython 3.11 as `python3`: skipped without it).
#[test]
fn run_python_records_the_cell_on_a_real_interpreter() {
    let python_ok = Command::new("python3")
        .args(["-c", "import sys; assert sys.version_info[:2] == (3, 11)"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !python_ok {
        eprintln!("no CPython 3.11 as python3: run_python not checked");
        return;
    }
    let mut s = Served::start();
    s.reply();
    s.send(
        &json!({"op": "run_python", "python": "python3", "svg": false,
        "code": "a = [1, 2]\nb = a\nprint('real')\n"}),
    );
    let r = s.reply();
    assert_eq!(r["ok"], true, "{r}");
    assert_eq!(r["op"], "run_python");
    assert!(
        r["backend"]
            .as_str()
            .is_some_and(|b| b.starts_with("CPython 3.11.")),
        "{r}"
    );
    assert_eq!(r["stdout"], "real\n", "{r}");
    let a = r["names"]
        .as_array()
        .and_then(|n| n.iter().find(|row| row["name"] == "a"))
        .cloned()
        .expect("a in the names table");
    // after the cell: a and b name one list
    assert_eq!(a["refcount"], 2, "{r}");
    assert_eq!(a["type"], "list");
    // a cell that raises: the real traceback, the error's last line
    s.send(
        &json!({"op": "run_python", "python": "python3", "svg": false,
        "code": "x = 1\nx / 0\n"}),
    );
    let r = s.reply();
    assert_eq!(r["error"], "ZeroDivisionError: division by zero", "{r}");
    assert!(
        r["traceback"]
            .as_str()
            .is_some_and(|t| t.starts_with("Traceback")),
        "{r}"
    );
    // the model's own session is untouched
    let r = s.run("print('model')");
    assert_eq!(r["stdout"], "model\n");
    assert_eq!(r["execution_count"], 1, "{r}");
}
