//! The command line: `refscope run FILE` runs a snippet headless and prints what `python3`
//! prints; `serve` keeps a model alive for the IPython extension; `completions` and `man` are
//! generated from this same definition, so they never drift from it.

use std::io::Write;
use std::path::PathBuf;

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
    /// Write the heap after a step as DOT (Graphviz), SVG (no Graphviz needed) or JSON.
    ///
    /// A step is what the app's `n` key does: run to the next line of the current frame or a
    /// caller, over calls (in a notebook or `# %%` file, the cells run one after another).
    /// `--step 0` is the state before the first line; without `--step` the snippet runs to its
    /// end and the heap is written as the snippet leaves it (before interpreter exit clears
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
        /// Export the state after this many steps (default: the end of the run).
        #[arg(long, value_name = "N")]
        step: Option<usize>,
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

/// Big enough for deeply nested native calls (`__repr__` recursion, `__del__` chains).
const STACK_SIZE: usize = 512 << 20;

pub fn main() -> i32 {
    let cli = Cli::parse();
    let handle = std::thread::Builder::new()
        .stack_size(STACK_SIZE)
        .spawn(move || match cli.command {
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
            Some(Command::Export {
                file,
                format,
                step,
                output,
            }) => export(&file, format, step, output.as_deref()),
            Some(Command::Serve { memory_cap }) => crate::serve::serve(
                std::io::BufReader::new(std::io::stdin()),
                std::io::stdout().lock(),
                memory_cap,
            ),
            Some(Command::Completions { shell }) => completions(shell),
            Some(Command::Man { dir }) => man(dir.as_deref()),
            None => crate::tui::run(cli.file.as_deref()),
        });
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => 70,
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
        Err(e) => {
            eprintln!("refscope: {e}");
            return 2;
        }
    };
    let options = VmOptions {
        filename: file.to_string_lossy().into_owned(),
        memory_cap,
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    let code = session.run_to_end_without_shutdown();
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
    session.shutdown();
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(session.vm.stdout.as_bytes());
    let _ = out.write_all(after.as_bytes());
    let _ = out.flush();
    let _ = std::io::stderr().write_all(session.vm.stderr.as_bytes());
    code
}

/// `refscope export`: 2 for a file that cannot be read or loaded, 1 for a step past the end,
/// a failed layout or an unwritable output.
fn export(
    file: &std::path::Path,
    format: crate::export::Format,
    step: Option<usize>,
    output: Option<&std::path::Path>,
) -> i32 {
    if !file.is_file() {
        eprintln!("refscope: {}: no such file", file.display());
        return 2;
    }
    let (session, stop) = match crate::export::run_file(file, step) {
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
