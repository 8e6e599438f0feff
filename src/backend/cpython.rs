//! Running a snippet on a real CPython with the recorder installed, and reading its records.
//!
//! The recorder is two Python files embedded in refscope: `sitecustomize.py`, a loader, and
//! `recorder.py`, the recorder it compiles and installs. They are written into a private
//! temporary directory that goes first on `PYTHONPATH`, and the snippet runs as
//! `PYTHON FILE` (script mode: the parser arena holds the module's constants while it runs,
//! exactly as without refscope). Cell files and notebooks run through `refscope_cells.py`,
//! which runs the cells through IPython's InteractiveShell when IPython is importable in that
//! interpreter, and as one script otherwise. The records come back on the interpreter's
//! stdout (a pipe); the snippet's own stdout goes to a file the recorder reads at each step.
//!
//! The real backend runs the user's code with the user's rights: it is not sandboxed.
//!
//! Calibration. Loading the recorder costs allocations before the loader can look at the
//! collector's counts and the free lists; the recorder puts them back as the loader found
//! them plus a correction measured once per interpreter ([`calibrate`]): a probe script run
//! untraced and traced reads the counts and free-list lengths at the same line, and the
//! difference is the correction (refined until they agree).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::recording::{Recording, RecordingBuilder};

/// The loader, installed as `sitecustomize.py`.
pub const LOADER: &str = include_str!("sitecustomize.py");
/// The recorder the loader compiles and installs.
pub const RECORDER: &str = include_str!("recorder.py");
/// The runner of pyodide (CPython 3.12-3.14 compiled to WebAssembly) under node.
pub const PYODIDE_RUNNER: &str = include_str!("pyodide.mjs");
/// The driver of cell files and notebooks.
pub const CELLS_DRIVER: &str =
    "import sys\nsys.modules.pop('_refscope_recorder').run_cells(sys.argv[1])\n";

/// The step limit when none is given.
pub const DEFAULT_LIMIT: u64 = 10_000;

/// What to run, and how.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// The interpreter: `python3`, or a path.
    pub python: String,
    /// The snippet.
    pub file: PathBuf,
    /// Stop recording (and the run) after this many steps.
    pub limit: u64,
    /// Run it as cells (`# %%` markers or a notebook) rather than as one script.
    pub cells: bool,
    /// The correction from [`calibrate`] (`None`: calibrate now, or use the cached one).
    pub adjust: Option<String>,
}

impl RunOptions {
    /// A `.py` file without `# %%` markers runs as a script; cell files and notebooks as
    /// cells.
    pub fn for_file(python: &str, file: &Path) -> RunOptions {
        let cells = file.extension().is_some_and(|e| e == "ipynb")
            || std::fs::read_to_string(file)
                .map(|t| t.lines().any(|l| l.starts_with("# %%")))
                .unwrap_or(false);
        RunOptions {
            python: python.to_string(),
            file: file.to_path_buf(),
            limit: DEFAULT_LIMIT,
            cells,
            adjust: None,
        }
    }
}

/// Why a recording could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordError {
    /// The interpreter could not be started.
    Spawn(String),
    /// Files for the recorder could not be written.
    Io(String),
    /// The interpreter ran but the recorder did not start (not CPython, too old, no records).
    NoRecorder { stderr: String },
    /// The records could not be read.
    Records(String),
    /// Stopped (Esc, Ctrl-C) before the snippet started.
    Stopped,
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Spawn(e) => write!(f, "cannot run the interpreter: {e}"),
            RecordError::Io(e) => write!(f, "cannot prepare the recorder: {e}"),
            RecordError::NoRecorder { stderr } => {
                write!(f, "the recorder did not start in this interpreter")?;
                if !stderr.trim().is_empty() {
                    write!(f, ":\n{}", stderr.trim_end())?;
                }
                Ok(())
            }
            RecordError::Records(e) => write!(f, "cannot read the recorder's records: {e}"),
            RecordError::Stopped => write!(f, "stopped before the snippet started"),
        }
    }
}

/// A private directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, RecordError> {
        static N: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "refscope-{}-{}-{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir(&dir).map_err(|e| RecordError::Io(e.to_string()))?;
        Ok(TempDir(dir))
    }

    fn write(&self, name: &str, text: &str) -> Result<PathBuf, RecordError> {
        let p = self.0.join(name);
        std::fs::write(&p, text).map_err(|e| RecordError::Io(e.to_string()))?;
        Ok(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// How `--python PYTHON` is started: an interpreter's executable (`python3`, a path), or a
/// pyodide directory run by node through [`PYODIDE_RUNNER`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Launcher {
    /// `PYTHON FILE`.
    Native(String),
    /// `node RUNNER FILE` with `PYODIDE_DIR` set: the directory holds `pyodide.mjs` (the
    /// npm package) or `node_modules/pyodide/pyodide.mjs` (where `npm install pyodide` put it).
    Pyodide(PathBuf),
}

impl Launcher {
    /// What `--python` names.
    pub fn of(python: &str) -> Launcher {
        let p = Path::new(python);
        if p.is_dir() {
            for pkg in [p.to_path_buf(), p.join("node_modules").join("pyodide")] {
                if pkg.join("pyodide.mjs").is_file() {
                    return Launcher::Pyodide(pkg);
                }
            }
        }
        Launcher::Native(python.to_string())
    }

    /// A command running `FILE ARG...` (given with `arg` after): for pyodide, node (or
    /// `REFSCOPE_NODE`) runs the runner written into `dir`.
    fn command(&self, dir: &TempDir) -> Result<Command, RecordError> {
        match self {
            Launcher::Native(python) => Ok(Command::new(python)),
            Launcher::Pyodide(pkg) => {
                let runner = dir.write("refscope_pyodide.mjs", PYODIDE_RUNNER)?;
                let node = std::env::var_os("REFSCOPE_NODE").unwrap_or_else(|| "node".into());
                let mut cmd = Command::new(node);
                cmd.arg(runner).env("PYODIDE_DIR", pkg);
                Ok(cmd)
            }
        }
    }

    /// Why starting it failed, in words for the user.
    fn spawn_error(&self, e: std::io::Error) -> RecordError {
        match self {
            Launcher::Pyodide(pkg) if e.kind() == std::io::ErrorKind::NotFound => {
                RecordError::Spawn(format!(
                    "{} is pyodide, which runs under node, and node was not found \
                     (install Node.js 18 or later, or set REFSCOPE_NODE to its path)",
                    pkg.display()
                ))
            }
            _ => RecordError::Spawn(e.to_string()),
        }
    }
}

/// A command for `python` with the recorder installed.
fn recorder_command(
    python: &str,
    dir: &TempDir,
    settings: &[(&str, String)],
) -> Result<Command, RecordError> {
    dir.write("sitecustomize.py", LOADER)?;
    dir.write("refscope_recorder.py", RECORDER)?;
    let mut cmd = Launcher::of(python).command(dir)?;
    let here = dir.0.to_string_lossy().into_owned();
    match std::env::var_os("PYTHONPATH") {
        Some(p) if !p.is_empty() => {
            cmd.env(
                "PYTHONPATH",
                format!("{here}{}{}", path_separator(), p.to_string_lossy()),
            );
            cmd.env("REFSCOPE_PYTHONPATH", p);
        }
        _ => {
            cmd.env("PYTHONPATH", &here);
        }
    }
    // settings for the recorder, gone from the environment before the snippet starts
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("REFSCOPE_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("REFSCOPE_RECORDER", "1");
    for (k, v) in settings {
        cmd.env(format!("REFSCOPE_{k}"), v);
    }
    cmd.stdin(Stdio::null());
    cmd.stdout(Stdio::piped());
    cmd.stderr(Stdio::piped());
    Ok(cmd)
}

fn path_separator() -> &'static str {
    if cfg!(windows) {
        ";"
    } else {
        ":"
    }
}

/// Run the snippet on the interpreter and record it. `progress` is called with the number
/// of steps read so far (from time to time); setting `cancel` stops the run (what was
/// recorded until then is kept, [`RecordingEnd::stopped`](super::recording::RecordingEnd)).
pub fn record(
    opts: &RunOptions,
    progress: &mut dyn FnMut(usize),
    cancel: Option<Arc<AtomicBool>>,
) -> Result<Recording, RecordError> {
    let cancel = cancel.unwrap_or_default();
    let mut bg = Background::start(opts.clone(), cancel);
    loop {
        match bg.poll(Duration::from_millis(100)) {
            Poll::Running { steps } => progress(steps),
            Poll::Done(r) => {
                if let Ok(rec) = &r {
                    progress(rec.steps.len());
                }
                return r.map(|b| *b);
            }
        }
    }
}

/// A recording being made: the interpreter runs, and its records are read, on a thread of
/// their own; they come over a channel and are parsed by [`Background::poll`] on the
/// caller's thread (a [`Recording`] shares its objects with `Rc` and stays there). The app
/// polls a little at every tick, so it stays responsive and shows the steps so far.
pub struct Background {
    rx: mpsc::Receiver<Msg>,
    builder: RecordingBuilder,
    parse_error: Option<String>,
    saw_hello: bool,
    cancel: Arc<AtomicBool>,
    done: bool,
}

/// What the reading thread sends.
enum Msg {
    Line(String),
    Done(Result<Ended, RecordError>),
}

/// How the interpreter ended.
struct Ended {
    exit_code: Option<i32>,
    stderr: String,
    /// The snippet's whole stdout (None: the file could not be read).
    printed: Option<String>,
    stopped: bool,
}

/// Where a [`Background`] recording is.
pub enum Poll {
    /// Still running: the steps recorded so far.
    Running { steps: usize },
    /// Ended: the recording, or why there is none.
    Done(Result<Box<Recording>, RecordError>),
}

impl Background {
    /// Start recording (calibrating first when needed, on the thread too). Setting `cancel`
    /// ends the interpreter.
    pub fn start(opts: RunOptions, cancel: Arc<AtomicBool>) -> Background {
        let (tx, rx) = mpsc::channel();
        let flag = cancel.clone();
        let spawned = std::thread::Builder::new()
            .name("refscope-record".into())
            .spawn(move || {
                let end = run_recorder(&opts, &tx, &flag);
                let _ = tx.send(Msg::Done(end));
            });
        let (tx_err, rx_err) = mpsc::channel();
        let rx = match spawned {
            Ok(_) => rx,
            Err(e) => {
                let _ = tx_err.send(Msg::Done(Err(RecordError::Spawn(e.to_string()))));
                rx_err
            }
        };
        Background {
            rx,
            builder: RecordingBuilder::new(),
            parse_error: None,
            saw_hello: false,
            cancel,
            done: false,
        }
    }

    /// Steps recorded so far.
    pub fn steps(&self) -> usize {
        self.builder.steps()
    }

    /// Stop the run: the interpreter is ended, what was recorded is kept.
    pub fn stop(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    /// Take the records that came, for up to `budget`.
    pub fn poll(&mut self, budget: Duration) -> Poll {
        let until = Instant::now() + budget;
        if self.done {
            return Poll::Done(Err(RecordError::Records("already taken".into())));
        }
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let msg = match self.rx.recv_timeout(left) {
                Ok(m) => m,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    return Poll::Running {
                        steps: self.builder.steps(),
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => Msg::Done(Err(RecordError::Records(
                    "the recording thread ended".into(),
                ))),
            };
            match msg {
                Msg::Line(line) => {
                    self.saw_hello |= line.starts_with("{\"t\":\"hello\"");
                    if self.parse_error.is_none() {
                        if let Err(e) = self.builder.feed(&line) {
                            self.parse_error = Some(e.to_string());
                        }
                    }
                }
                Msg::Done(end) => {
                    self.done = true;
                    return Poll::Done(self.finish(end).map(Box::new));
                }
            }
        }
    }

    fn finish(&mut self, end: Result<Ended, RecordError>) -> Result<Recording, RecordError> {
        let end = end?;
        if !self.saw_hello {
            if end.stopped {
                return Err(RecordError::Stopped);
            }
            return Err(RecordError::NoRecorder { stderr: end.stderr });
        }
        if let Some(e) = self.parse_error.take() {
            return Err(RecordError::Records(e));
        }
        let mut rec = std::mem::take(&mut self.builder).finish();
        rec.end.exit_code = end.exit_code;
        rec.end.stderr = end.stderr;
        rec.end.stopped = end.stopped && !rec.end.finished;
        // what the snippet printed after its last step (without the file, what the
        // recorder's end record said)
        if let Some(printed) = end.printed {
            let seen: usize = rec.steps.iter().map(|s| s.stdout.len()).sum();
            rec.end.stdout_tail = printed.get(seen..).unwrap_or("").to_string();
        }
        Ok(rec)
    }
}

impl Drop for Background {
    /// A recording nobody waits for any more ends its interpreter.
    fn drop(&mut self) {
        if !self.done {
            self.stop();
        }
    }
}

/// The reading thread: calibrate, start the interpreter, send its records line by line.
fn run_recorder(
    opts: &RunOptions,
    tx: &mpsc::Sender<Msg>,
    cancel: &AtomicBool,
) -> Result<Ended, RecordError> {
    let adjust = match &opts.adjust {
        Some(a) => a.clone(),
        None => calibrate(&opts.python).unwrap_or_default(),
    };
    if cancel.load(Ordering::SeqCst) {
        return Err(RecordError::Stopped);
    }
    let dir = TempDir::new()?;
    let stdout_file = dir.0.join("stdout");
    let file = opts.file.to_string_lossy().into_owned();
    // pyodide has no IPython and cannot start a new interpreter, which is how the recorder
    // runs cells as one script where IPython is missing: refscope makes that script itself
    let pyodide = matches!(Launcher::of(&opts.python), Launcher::Pyodide(_));
    let script = if opts.cells && pyodide {
        Some(cells_script(&opts.file, &dir)?)
    } else {
        None
    };
    let mode = match (&script, opts.cells) {
        (Some(_), _) => "cells-script",
        (None, true) => "ipython",
        (None, false) => "script",
    };
    let run_file = script.as_ref().map_or(file.clone(), |s| s.0.clone());
    let mut settings = vec![
        ("FILE", run_file.clone()),
        ("STDOUT", stdout_file.to_string_lossy().into_owned()),
        ("LIMIT", opts.limit.to_string()),
        ("ADJUST", adjust),
        ("MODE", mode.to_string()),
    ];
    if let Some((_, lines, starts)) = &script {
        settings.push(("CELLLINES", lines.to_string()));
        settings.push(("CELLSTARTS", starts.clone()));
    } else if opts.cells {
        settings.push(("CELLS", file.clone()));
    }
    let mut cmd = recorder_command(&opts.python, &dir, &settings)?;
    if script.is_none() && opts.cells {
        let driver = dir.write("refscope_cells.py", CELLS_DRIVER)?;
        cmd.arg(driver);
    }
    cmd.arg(&run_file);
    let mut child = cmd
        .spawn()
        .map_err(|e| Launcher::of(&opts.python).spawn_error(e))?;
    let mut stderr_pipe = child.stderr.take();
    let stderr_thread = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(p) = stderr_pipe.as_mut() {
            let _ = p.read_to_string(&mut s);
        }
        s
    });
    // a snippet stuck where it makes no line event (a long native call, a blocking read)
    // sends nothing: the cancel flag is watched from a thread of its own, which ends the
    // interpreter (reading its output then ends too)
    let reading = AtomicBool::new(true);
    let pid = child.id();
    std::thread::scope(|scope| {
        let reading = &reading;
        scope.spawn(move || {
            while reading.load(Ordering::Relaxed) {
                if cancel.load(Ordering::Relaxed) {
                    kill(pid);
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        });
        if let Some(out) = child.stdout.take() {
            let mut reader = BufReader::new(out);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        if tx.send(Msg::Line(line)).is_err() {
                            // nobody wants the recording any more
                            kill(pid);
                            break;
                        }
                    }
                }
            }
        }
        reading.store(false, Ordering::Relaxed);
    });
    let status = child
        .wait()
        .map_err(|e| RecordError::Spawn(e.to_string()))?;
    let stderr = stderr_thread.join().unwrap_or_default();
    let printed = std::fs::read(&stdout_file)
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    Ok(Ended {
        exit_code: status.code(),
        stderr,
        printed,
        stopped: cancel.load(Ordering::SeqCst),
    })
}

/// A cell file or notebook as one script, as the recorder's `exec_as_script` makes it: the
/// script's path, how its lines map back (`file`: a `# %%` file's own lines; `cell`: a
/// notebook's code cells joined, lines counted per cell) and the first line of each cell.
fn cells_script(file: &Path, dir: &TempDir) -> Result<(String, &'static str, String), RecordError> {
    let text = std::fs::read_to_string(file).map_err(|e| RecordError::Io(e.to_string()))?;
    let mut starts: Vec<usize> = Vec::new();
    if file.extension().is_some_and(|e| e == "ipynb") {
        let nb: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| RecordError::Io(e.to_string()))?;
        let mut script = String::new();
        let mut line = 1;
        for cell in nb["cells"].as_array().into_iter().flatten() {
            if cell["cell_type"] != "code" {
                continue;
            }
            let mut src = match &cell["source"] {
                serde_json::Value::Array(parts) => {
                    parts.iter().filter_map(|p| p.as_str()).collect::<String>()
                }
                v => v.as_str().unwrap_or("").to_string(),
            };
            if !src.ends_with('\n') {
                src.push('\n');
            }
            starts.push(line);
            line += src.matches('\n').count();
            script.push_str(&src);
        }
        let path = dir.write("notebook.py", &script)?;
        let starts = starts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        return Ok((
            path.to_string_lossy().into_owned(),
            "cell",
            starts.join(","),
        ));
    }
    for (n, l) in text.lines().enumerate() {
        if l.starts_with("# %%") {
            starts.push(n + 2);
        }
    }
    if starts.first() != Some(&1) {
        starts.insert(0, 1);
    }
    let starts = starts.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    Ok((
        file.to_string_lossy().into_owned(),
        "file",
        starts.join(","),
    ))
}

/// Run FILE on the interpreter as `PYTHON FILE` runs it, without the recorder (for
/// comparisons: what the snippet prints untraced).
pub fn run_untraced(python: &str, file: &Path) -> Result<std::process::Output, RecordError> {
    let dir = TempDir::new()?;
    let launcher = Launcher::of(python);
    launcher
        .command(&dir)?
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| launcher.spawn_error(e))
}

/// End the interpreter (a cancelled recording).
fn kill(pid: u32) {
    #[cfg(unix)]
    // SAFETY: kill(2) on the pid of a child this process spawned and has not waited for
    unsafe {
        libc::kill(pid as libc::pid_t, libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = pid;
}

/// The probe of [`calibrate`]: the same lines run untraced and traced; line 4 reads the
/// collector's count and line 5 the free lists (offsets from `None` found by the recorder),
/// through /proc/self/mem; without it (pyodide), only the count, through `gc.get_count()`.
fn probe_source(count: i64, lo: i64, span: i64, proc_mem: bool) -> String {
    if proc_mem {
        format!(
            "import os\nfd = os.open('/proc/self/mem', os.O_RDONLY)\nbase = id(None)\n\
             c = os.pread(fd, 4, base + {count})\nf = os.pread(fd, {span}, base + {lo})\n\
             print(int.from_bytes(c, 'little'), f.hex())\n"
        )
    } else {
        // no /proc (pyodide): only the count, which the recorder restores from the
        // loader's `gc.get_count()` (it cannot restore the free lists there)
        let _ = (count, lo, span);
        "import gc\nbase = None\nx = 0\nc = gc.get_count()[0]\nf = b''\n\
         print(c, f.hex() or '-')\n"
            .to_string()
    }
}

/// Values of the cells of a free-list block read at `lo`.
fn cell_values(cells: &[(String, i64)], lo: i64, bytes: &[u8]) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for (kind, off) in cells {
        let k = (off - lo) as usize;
        let v = if kind == "slice" {
            let w = bytes.get(k..k + 8).unwrap_or(&[]);
            i64::from(w.iter().any(|&b| b != 0))
        } else {
            let w = bytes.get(k..k + 4).unwrap_or(&[0, 0, 0, 0]);
            i64::from(i32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        };
        out.insert(kind.clone(), v);
    }
    out
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// The recorder's correction for this interpreter (`kind:delta/...`), measured once and
/// kept for the process, and in a cache file between runs ([`cache_file`]). Empty when the
/// interpreter has no /proc (nothing to correct with).
pub fn calibrate(python: &str) -> Result<String, RecordError> {
    static CACHE: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(a) = cache.lock().ok().and_then(|c| c.get(python).cloned()) {
        return Ok(a);
    }
    let launcher = Launcher::of(python);
    let file = cache_file(&launcher);
    let adjust = match file.as_ref().and_then(|f| std::fs::read_to_string(f).ok()) {
        Some(a)
            if a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b":-/_".contains(&b)) =>
        {
            a
        }
        _ => {
            let a = measure_adjustment(python, &launcher)?;
            if let Some(f) = &file {
                if let Some(dir) = f.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let _ = std::fs::write(f, &a);
            }
            a
        }
    };
    if let Ok(mut c) = cache.lock() {
        c.insert(python.to_string(), adjust.clone());
    }
    Ok(adjust)
}

/// Where a calibration is kept between runs: `~/.cache/refscope/calibration-<key>`, the key
/// hashing the recorder's text and the interpreter's file (its resolved path, size and
/// modification time), so a new refscope or a reinstalled interpreter calibrates again.
/// None without a home directory or when the interpreter's file cannot be found (or is a
/// launcher script, such as pyenv's shims, that can run another interpreter each time).
/// Pyodide's interpreter file is its WebAssembly module.
fn cache_file(launcher: &Launcher) -> Option<PathBuf> {
    use std::hash::{Hash, Hasher};
    let python = match launcher {
        Launcher::Native(p) => p.clone(),
        Launcher::Pyodide(pkg) => pkg.join("pyodide.asm.wasm").to_string_lossy().into_owned(),
    };
    let python = python.as_str();
    let path = if python.contains(std::path::MAIN_SEPARATOR) {
        PathBuf::from(python)
    } else {
        std::env::split_paths(&std::env::var_os("PATH")?)
            .map(|d| d.join(python))
            .find(|p| p.is_file())?
    };
    let real = std::fs::canonicalize(&path).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    // a script (`#!`) launches whichever interpreter it chooses: never cached
    let mut head = [0u8; 2];
    if std::fs::File::open(&real)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok()
        && &head == b"#!"
    {
        return None;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (RECORDER, LOADER, &real, meta.len()).hash(&mut h);
    meta.modified().ok()?.hash(&mut h);
    let home = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(
        home.join("refscope")
            .join(format!("calibration-{:016x}", h.finish())),
    )
}

/// A traced probe run: its recording, and the raw count and free-list bytes at line 4.
type Traced = (Recording, Option<(i64, Vec<u8>)>);

fn measure_adjustment(python: &str, launcher: &Launcher) -> Result<String, RecordError> {
    let dir = TempDir::new()?;
    let probe = dir.0.join("probe.py");
    let proc_mem = matches!(launcher, Launcher::Native(_));
    std::fs::write(&probe, probe_source(0, 0, 4, proc_mem))
        .map_err(|e| RecordError::Io(e.to_string()))?;
    // a traced run: where things are, and what the recorder sees at line 4
    let traced = |adjust: &str| -> Result<Traced, RecordError> {
        let settings = [
            ("FILE", probe.to_string_lossy().into_owned()),
            ("MODE", "script".to_string()),
            (
                "STDOUT",
                dir.0.join("probe.out").to_string_lossy().into_owned(),
            ),
            ("CALIBRATE", "1".to_string()),
            ("ADJUST", adjust.to_string()),
        ];
        let mut cmd = recorder_command(python, &dir, &settings)?;
        cmd.arg(&probe);
        let out = cmd
            .output()
            .map_err(|e| RecordError::Spawn(e.to_string()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let rec = Recording::parse(&text).map_err(|e| RecordError::Records(e.to_string()))?;
        let raw = text.lines().find_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            if v.get("t")?.as_str()? != "step" || v.get("line")?.as_u64()? != 4 {
                return None;
            }
            let raw = v.get("raw")?.as_array()?;
            Some((raw.first()?.as_i64()?, hex_bytes(raw.get(1)?.as_str()?)))
        });
        Ok((rec, raw))
    };
    let (rec, raw) = traced("")?;
    let Some(cal) = rec.info.calibration.as_ref().and_then(|c| c.as_object()) else {
        return Ok(String::new());
    };
    let Some(count_off) = cal.get("count").and_then(|v| v.as_i64()) else {
        return Ok(String::new());
    };
    let cells: Vec<(String, i64)> = cal
        .iter()
        .filter(|(k, _)| proc_mem && k.as_str() != "count")
        .filter_map(|(k, v)| Some((k.clone(), v.as_i64()?)))
        .collect();
    if (proc_mem && cells.is_empty()) || raw.is_none() {
        return Ok(String::new());
    }
    let lo = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let hi = cells.iter().map(|c| c.1).max().unwrap_or(0) + 8;
    std::fs::write(&probe, probe_source(count_off, lo, hi - lo, proc_mem))
        .map_err(|e| RecordError::Io(e.to_string()))?;
    let out = launcher
        .command(&dir)?
        .arg(&probe)
        .env_remove("PYTHONPATH")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| RecordError::Spawn(e.to_string()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    let (Some(c), Some(f)) = (parts.next(), parts.next()) else {
        return Ok(String::new());
    };
    let untraced_count: i64 = c.parse().unwrap_or(0);
    let untraced = cell_values(&cells, lo, &hex_bytes(f));
    let mut adjust: Vec<(String, i64)> = Vec::new();
    let mut raw = raw;
    for _ in 0..8 {
        let Some((count, bytes)) = raw.take() else {
            break;
        };
        let traced_cells = cell_values(&cells, lo, &bytes);
        let mut off: Vec<(String, i64)> = Vec::new();
        if count != untraced_count {
            off.push(("count".into(), untraced_count - count));
        }
        for (kind, _) in &cells {
            let d = untraced.get(kind).copied().unwrap_or(0)
                - traced_cells.get(kind).copied().unwrap_or(0);
            if d != 0 {
                off.push((kind.clone(), d));
            }
        }
        if off.is_empty() {
            break;
        }
        for (k, d) in off {
            match adjust.iter_mut().find(|a| a.0 == k) {
                Some(a) => a.1 += d,
                None => adjust.push((k, d)),
            }
        }
        let text = adjust_text(&adjust);
        raw = traced(&text)?.1;
    }
    Ok(adjust_text(&adjust))
}

fn adjust_text(adjust: &[(String, i64)]) -> String {
    adjust
        .iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect::<Vec<_>>()
        .join("/")
}
