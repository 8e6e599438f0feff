//! The command line: `refscope run FILE` runs a snippet headless and prints what `python3`
//! prints; `serve` keeps a model alive for the IPython extension; `completions` and `man` are
//! generated from this same definition, so they never drift from it.
//! `run` prints as python3 prints ([`stdio`]: buffering, signals, nothing lost).
//!
//! Exit status of `refscope run`: the snippet's, as python3's (0; 1 for an uncaught exception
//! or a syntax error; `sys.exit(n)`; death by SIGINT for an uncaught `KeyboardInterrupt`, 130
//! in a shell); 2 when the file cannot be read; 70 when refscope itself fails (a bug: what
//! was printed so far is kept, and one line on stderr says where).

mod stdio;

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;

use clap::{CommandFactory, Parser, Subcommand};

use crate::vm::session::Session;
use crate::vm::VmOptions;

#[derive(Parser)]
#[command(
    name = "refscope",
    version,
    about = "See how CPython 3.11 manages memory, step by step",
    long_about = "See how CPython 3.11 manages memory, step by step.\n\n\
        `refscope FILE` opens a snippet (a .py file, a `# %%` cell file or a Jupyter .ipynb) in \
        a full-screen terminal app: step through it and watch every object on the heap, its \
        reference count and who holds each reference, the cached and interned objects, and \
        the reference cycles before and after the cycle collector runs. It runs refscope's own \
        model of CPython 3.11 (deterministic, sandboxed: no files, no network). The \
        subcommands run the same model headless; in IPython or Jupyter, `%load_ext refscope` \
        then `%%refscope` cells run on it (see `refscope serve`)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// A snippet to open (.py, `# %%` cells, or .ipynb).
    file: Option<PathBuf>,
    /// Open FILE on a real CPython instead of refscope's model (PYTHON is `python3` or the
    /// path of a CPython 3.11 to 3.14): the snippet runs once, recorded at every line event
    /// (up to 10,000 steps), with your rights (not sandboxed); the same keys step through
    /// the recording.
    #[arg(long, value_name = "PYTHON")]
    python: Option<String>,
    /// With --python: stop recording (and the run) after this many steps.
    #[arg(long, value_name = "STEPS", requires = "python", default_value_t = crate::backend::cpython::DEFAULT_LIMIT)]
    limit: u64,
}

#[derive(Subcommand)]
enum Command {
    /// Run a snippet to the end and print what python3 prints.
    Run {
        file: PathBuf,
        /// Modelled memory (bytes) a snippet may use before MemoryError (the model itself
        /// needs about 3.5 times as much real memory).
        #[arg(long, default_value_t = 1 << 30)]
        memory_cap: usize,
        /// After the output, report the cycles and who holds each named object.
        #[arg(long)]
        report: bool,
        /// Write the heap (objects, references, roots, holders, cycles) as JSON to stdout
        /// after the output.
        #[arg(long)]
        json: bool,
        /// Include the interpreter's own start-up objects in the JSON.
        #[arg(long)]
        all: bool,
    },
    /// Show the bytecode the model compiles a script to.
    Dis { file: PathBuf },
    /// Print one record per step: every line event (`sys.settrace`'s 'line') in the
    /// snippet's frames, as the app's `s` key stops at them (see docs/trace-format.md).
    ///
    /// `lines`: the line of each step, one per line (a notebook's lines count from 1 in
    /// each cell). `json`: one JSON object per step (JSON Lines): the step, cell, line and
    /// function, the names the snippet bound, the frames with their locals, what was printed
    /// since the last step, and every object the names reach with its refcount and holders.
    #[command(verbatim_doc_comment)]
    ///
    /// `--python PYTHON` records the snippet on a real CPython instead (PYTHON is `python3`
    /// or the path of a CPython 3.11 to 3.14): the same records, from the interpreter. It
    /// runs the snippet with your rights (not sandboxed).
    Trace {
        /// The snippet (.py, `# %%` cells, or .ipynb).
        file: PathBuf,
        #[arg(long, value_enum, default_value = "lines")]
        format: crate::trace::TraceFormat,
        /// Record the snippet on this CPython (3.11-3.14) rather than on the model.
        #[arg(long, value_name = "PYTHON")]
        python: Option<String>,
        /// With --python: stop the run after this many steps.
        #[arg(long, default_value_t = crate::backend::cpython::DEFAULT_LIMIT)]
        limit: u64,
    },
    /// Run a snippet on the model and on a real CPython, step by step, and print the first
    /// step where they differ: the line, a name's type, refcount, size or collector state,
    /// which names share an object, or the output so far (see docs/trace-format.md).
    /// Exit status 0 when they agree at every step, 1 when they differ, 2 when a run could
    /// not be made. The real run has your rights (not sandboxed).
    Diff {
        /// The snippet (.py, `# %%` cells, or .ipynb).
        file: PathBuf,
        /// The CPython to compare with.
        #[arg(long, value_name = "PYTHON", default_value = "python3")]
        python: String,
        /// Stop both runs after this many steps.
        #[arg(long, default_value_t = crate::backend::cpython::DEFAULT_LIMIT)]
        limit: u64,
    },
    /// Write the heap at a step as DOT (Graphviz), SVG (no Graphviz needed) or JSON.
    ///
    /// A step is a stop of the app's `s` key: one line event (`sys.settrace`'s 'line', as
    /// `refscope trace` numbers them). `--step N` is the state at the Nth line event, before
    /// its line runs, whichever keys reached it in the app (`n`, `c` and `u` stop at line
    /// events too; the status bar and `x` show the step). `--collect-at 5,12` runs
    /// gc.collect() at steps 5 and 12 on the way, as the app's `g` key did there. `--step 0`
    /// is the state before the first line; without `--step` the snippet runs to its end and
    /// the heap is written as the snippet leaves it (before interpreter exit clears
    /// `__main__`). The picture (DOT, SVG) shows what the snippet's names reach, interpreter
    /// objects only where something refers to them, and unreachable objects that are not yet
    /// freed apart; JSON lists every object the snippet made and the interpreter objects they
    /// refer to, with refcounts, holders, references, roots, frames and cycles.
    #[command(verbatim_doc_comment)]
    Export {
        /// The snippet (.py, `# %%` cells, or .ipynb).
        file: PathBuf,
        #[arg(long, value_enum)]
        format: crate::export::Format,
        /// Export the state at this step (default: the end of the run).
        #[arg(long, value_name = "N")]
        step: Option<usize>,
        /// Run gc.collect() at these steps on the way (the app's `g` key).
        #[arg(long, value_name = "STEPS", value_delimiter = ',')]
        collect_at: Vec<u64>,
        /// Write here instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// Keep one model alive and run cells sent as JSON Lines on stdin (what `%%refscope` uses).
    ///
    /// Every cell runs on the same model, as the cells of a notebook do: each top-level
    /// statement compiled on its own, the last expression shown as Out[N], names kept between
    /// cells. One JSON object per line each way. On start refscope writes
    ///     {"refscope": VERSION, "protocol": 1, "backend": "model"}
    /// Requests (an optional "id" is copied into the reply):
    ///     {"op": "run", "code": SOURCE}   run a cell ("svg": false skips the picture)
    ///     {"op": "interrupt"}             KeyboardInterrupt in the running cell (no reply)
    ///     {"op": "reset"}                 start a fresh model
    ///     {"op": "quit"}                  reply, then exit (so does the end of the input)
    /// A run's reply: "ok", "execution_count" (null for a blank cell), "stdout", "stderr",
    /// "error" (the exception, or null), "traceback" (as IPython shows it after the cell's
    /// output, or null), "names" (each global: "name", "type", "repr", "address",
    /// "refcount", "change" ("new", "refcount" or ""), "refcount_before", "holders" [{"text",
    /// "count"}], "more_holders", "shared"; past 500 names a last {"more_names": N}),
    /// "deleted", "cycles" [{"state", "members"}], "gc"
    /// {"enabled", "counts", "thresholds"}, "svg" (the heap as `export --format svg` draws it;
    /// null when there is nothing to draw) and "svg_error". A request that cannot be
    /// understood gets {"ok": false, "error": TEXT}.
    #[command(verbatim_doc_comment)]
    Serve {
        /// Modelled memory (bytes) each session may use before MemoryError.
        #[arg(long, default_value_t = 1 << 30)]
        memory_cap: usize,
    },
    /// Print a shell completion script (e.g. `refscope completions bash > ~/.local/share/bash-completion/completions/refscope`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per subcommand into a directory.
    ///
    /// `refscope man | man -l -` reads it; `refscope man --dir DIR` writes refscope.1,
    /// refscope-run.1, ... into DIR (for `MANPATH` or a package).
    Man {
        /// Write refscope.1 and a page per subcommand here instead of printing refscope.1.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let memory_cap = match &cli.command {
        Some(Command::Run { memory_cap, .. }) | Some(Command::Serve { memory_cap }) => *memory_cap,
        _ => VmOptions::default().memory_cap,
    };
    let handle = std::thread::Builder::new()
        // sized from the address-space limit: the whole reserve counts against it
        .stack_size(crate::memguard::worker_stack_size())
        .spawn(move || {
            // the limits are known once the worker's stack is mapped
            crate::memguard::set_budget(crate::memguard::default_budget(memory_cap));
            run_command(cli)
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => INTERNAL_ERROR,
    }
}

/// Run the command line's command.
fn run_command(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Run {
            file,
            memory_cap,
            report,
            json,
            all,
        }) => run(
            &file,
            memory_cap,
            Report {
                text: report,
                json,
                all,
            },
        ),
        Some(Command::Dis { file }) => dis(&file),
        Some(Command::Trace {
            file,
            format,
            python,
            limit,
        }) => match python {
            Some(python) => crate::trace::trace_python(&file, &python, format, limit),
            None => crate::trace::trace_file(&file, format),
        },
        Some(Command::Diff {
            file,
            python,
            limit,
        }) => crate::backend::diff::diff_file(&file, &python, limit),
        Some(Command::Export {
            file,
            format,
            step,
            collect_at,
            output,
        }) => export(&file, format, step, &collect_at, output.as_deref()),
        Some(Command::Serve { memory_cap }) => crate::serve::serve(
            std::io::BufReader::new(std::io::stdin()),
            std::io::stdout().lock(),
            memory_cap,
        ),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man { dir }) => man(dir.as_deref()),
        None => crate::tui::run(cli.file.as_deref(), cli.python, cli.limit),
    }
}

/// The exit status when refscope itself fails (`EX_SOFTWARE`).
const INTERNAL_ERROR: i32 = 70;

/// The last panic's message and place, recorded by the hook `run` installs.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Panics are reported by `run` in one line of its own: record them instead of printing.
fn record_panics() {
    panic::set_hook(Box::new(|info| {
        let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic".to_string()
        };
        let at = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut p) = PANIC.lock() {
            *p = Some(format!("{msg}{at}"));
        }
    }));
}

/// The line the snippet was running, for the internal-error message.
fn running_line(session: &Session) -> Option<u32> {
    let f = session.vm.frames.last()?;
    f.code.positions.get(f.lasti).map(|p| p.line)
}

/// After a panic: what was printed so far, then one line saying what happened, where, and
/// what to do about it.
fn internal_error(session: &Session, file: &std::path::Path) -> i32 {
    let _ = std::io::stderr().write_all(session.vm.stderr.as_bytes());
    stdio::flush_stdout();
    let what = PANIC
        .lock()
        .ok()
        .and_then(|mut p| p.take())
        .unwrap_or_else(|| "a panic".into());
    eprintln!("{}", internal_error_line(session, file, &what));
    INTERNAL_ERROR
}

/// The one line an internal error prints: what failed, at which line of the snippet, whose
/// fault it is and what to do.
fn internal_error_line(session: &Session, file: &std::path::Path, what: &str) -> String {
    let line = panic::catch_unwind(AssertUnwindSafe(|| running_line(session)))
        .ok()
        .flatten()
        .map(|l| format!(" while running line {l} of {}", file.display()))
        .unwrap_or_default();
    format!(
        "refscope: internal error{line}: {what}. This is a bug in refscope, not in your \
         snippet: please report it with the snippet (exit status {INTERNAL_ERROR})."
    )
}

/// The script's name as python3 gives it to `__file__` and tracebacks: a relative path is
/// joined to the working directory as it is, without normalising (`/tmp/./x.py`).
fn script_path(file: &std::path::Path) -> String {
    if file.is_absolute() {
        return file.to_string_lossy().into_owned();
    }
    match std::env::current_dir() {
        Ok(cwd) => format!("{}/{}", cwd.display(), file.display()),
        Err(_) => file.to_string_lossy().into_owned(),
    }
}

/// What to print after a run.
#[derive(Default)]
struct Report {
    text: bool,
    json: bool,
    all: bool,
}

/// `refscope run FILE`.
fn run(file: &std::path::Path, memory_cap: usize, report: Report) -> i32 {
    let snippet = match crate::load::load_file(file) {
        Ok(s) => s,
        // bytes python3 refuses as source (PEP 263): its message and status
        Err(crate::load::LoadError {
            python_error: Some(rendered),
            ..
        }) => {
            eprint!("{rendered}");
            return 1;
        }
        Err(e) => {
            eprintln!("refscope: {e}");
            return 2;
        }
    };
    let typed = file.to_string_lossy().into_owned();
    let options = VmOptions {
        filename: script_path(file),
        argv0: Some(typed),
        memory_cap,
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    record_panics();
    stdio::install_signals(session.vm.interrupt.clone());
    session.vm.output = Some(std::rc::Rc::new(std::cell::RefCell::new(
        stdio::ProcessOutput::new(),
    )));
    // `import helpers` finds `helpers.py` next to the snippet
    let dir = file
        .parent()
        .map(|d| d.to_path_buf())
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    session.vm.module_source = Some(crate::vm::userimport::source_dir(dir));
    // input() shows what was printed so far, then reads a line from the terminal
    session.vm.input = Some(crate::vm::InputHook::new(|pending: &str| {
        use std::io::BufRead;
        stdio::flush_stdout();
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(pending.as_bytes());
        let _ = out.flush();
        let mut line = String::new();
        match std::io::stdin().lock().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }));
    let ran = panic::catch_unwind(AssertUnwindSafe(|| session.run_to_end_without_shutdown()));
    let Ok(code) = ran else {
        return internal_error(&session, file);
    };
    // the report shows the heap as the snippet left it, before interpreter exit clears it
    let mut after = String::new();
    if report.text || report.json {
        let heap = crate::analysis::LiveHeap::of(&session);
        if report.text {
            after.push_str(&crate::analysis::report::text_report(&heap));
        }
        if report.json {
            let v = crate::analysis::report::json_report(&heap, report.all);
            after.push_str(&serde_json::to_string_pretty(&v).unwrap_or_default());
            after.push('\n');
        }
    }
    if panic::catch_unwind(AssertUnwindSafe(|| session.shutdown())).is_err() {
        return internal_error(&session, file);
    }
    stdio::flush_stdout();
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(after.as_bytes());
    let _ = out.flush();
    if session.uncaught_keyboard_interrupt {
        // `Py_RunMain` ends with the signal itself after an uncaught KeyboardInterrupt
        stdio::die_of(signal_hook::consts::SIGINT);
    }
    code
}

/// `refscope export`: 2 for a file that cannot be read or loaded, 1 for a step past the end,
/// a failed layout or an unwritable output.
fn export(
    file: &std::path::Path,
    format: crate::export::Format,
    step: Option<usize>,
    collect_at: &[u64],
    output: Option<&std::path::Path>,
) -> i32 {
    if !file.is_file() {
        eprintln!("refscope: {}: no such file", file.display());
        return 2;
    }
    let (session, stop) = match crate::export::run_file(file, step, collect_at) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("refscope: {e}");
            return if step.is_some() && e.starts_with("--step") {
                1
            } else {
                2
            };
        }
    };
    let text = match crate::export::render(&session, format, &stop) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("refscope: {e}");
            return 1;
        }
    };
    match output {
        None => {
            let mut out = std::io::stdout().lock();
            if out
                .write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .is_err()
            {
                return 1;
            }
        }
        Some(p) => {
            if let Err(e) = std::fs::write(p, text) {
                eprintln!("refscope: cannot write {}: {e}", p.display());
                return 1;
            }
        }
    }
    0
}

/// `refscope dis FILE`: the code objects of a script, like `python3 -m dis`.
fn dis(file: &std::path::Path) -> i32 {
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("refscope: {}: {e}", file.display());
            return 2;
        }
    };
    let mut vm = crate::vm::Vm::new(VmOptions::default());
    match vm.compile_source(&source, &file.to_string_lossy(), crate::compile::Mode::Exec) {
        Ok((code, arena)) => {
            print!("{}", crate::code::disassemble(&vm, code));
            arena.release(&mut vm);
            vm.decref(code);
            0
        }
        Err(e) => {
            eprint!("{}", vm.format_exception(e.0));
            1
        }
    }
}

/// `refscope completions SHELL`: the completion script clap derives from this definition.
fn completions(shell: clap_complete::Shell) -> i32 {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut cmd, "refscope", &mut out);
    i32::from(out.flush().is_err())
}

/// `refscope man [--dir DIR]`: the man page clap_mangen renders from this definition.
fn man(dir: Option<&std::path::Path>) -> i32 {
    let cmd = Cli::command();
    match dir {
        None => {
            let mut page = Vec::new();
            if let Err(e) = clap_mangen::Man::new(cmd).render(&mut page) {
                eprintln!("refscope: cannot render the man page: {e}");
                return 1;
            }
            let mut out = std::io::stdout().lock();
            i32::from(out.write_all(&page).and_then(|_| out.flush()).is_err())
        }
        Some(d) => match clap_mangen::generate_to(cmd, d) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("refscope: cannot write man pages to {}: {e}", d.display());
                1
            }
        },
    }
}

/// The command-line definition, for tests and generators.
pub fn command() -> clap::Command {
    Cli::command()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm::session::Step;

    #[test]
    fn an_internal_error_names_the_line_and_whose_fault_it_is() {
        let snippet = crate::load::load_str("x.py", "a = 1\nb = 2\nc = 3\n").unwrap();
        let mut session = Session::new(snippet, VmOptions::default());
        // paused before line 3: the last instruction run is line 2's
        for _ in 0..3 {
            session.advance(Step::Into, u64::MAX);
        }
        let line = internal_error_line(&session, std::path::Path::new("x.py"), "boom (a.rs:1)");
        assert_eq!(
            line,
            "refscope: internal error while running line 2 of x.py: boom (a.rs:1). This is a bug \
             in refscope, not in your snippet: please report it with the snippet (exit status \
             70)."
        );
    }
}
