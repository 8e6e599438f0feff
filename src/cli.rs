//! The command line: `refscope run FILE` runs a snippet headless and prints what `python3`
//! prints.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::vm::session::Session;
use crate::vm::VmOptions;

#[derive(Parser)]
#[command(
    name = "refscope",
    version,
    about = "See how CPython 3.11 manages memory, step by step"
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
        /// Modelled memory (bytes) a snippet may use before MemoryError.
        #[arg(long, default_value_t = 1 << 31)]
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
