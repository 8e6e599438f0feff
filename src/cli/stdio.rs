//! The headless run's standard streams and signals, as `python3 FILE` has them, so that
//! nothing a snippet prints is ever lost.
//!
//! stdout is buffered as CPython buffers it: line by line on a terminal, in 8 KiB blocks on a
//! pipe or a file, not at all under `PYTHONUNBUFFERED`; stderr is written at once. What is
//! buffered goes out on `flush=True` and at exit, and also on every way out that is not an
//! exit:
//! - SIGINT raises `KeyboardInterrupt` in the snippet (the VM's interrupt flag); the traceback
//!   and the buffered output are written, then the process dies of SIGINT, as python3 does for
//!   an uncaught `KeyboardInterrupt`. A second SIGINT while the first is still not taken (a
//!   native call that never looks) ends the process the same way.
//! - SIGTERM and SIGHUP: the buffer is written, then the process dies of the signal (python3
//!   would die without writing its buffer).
//! - SIGABRT (a Rust stack overflow, an allocation failure): the handler writes the buffer
//!   with `write(2)`, which is async-signal-safe, and the abort goes on.
//! - a panic: the caller catches it, writes the buffer and one line saying so.
//!
//! The buffer is a static so that a signal handler can reach it without locks: only the VM's
//! thread fills and flushes it, marking those moments `busy`; the signal side waits for `busy`
//! to clear (briefly), marks the buffer `dying` so the VM writes no more, and writes what it
//! holds.

use std::cell::UnsafeCell;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::vm::output::{OutputSink, Stream};

/// CPython's buffer size for a pipe or file (`io.DEFAULT_BUFFER_SIZE`).
const BUF_SIZE: usize = 8192;

/// The stdout buffer, shared with the signal side.
struct Buffer {
    bytes: UnsafeCell<[u8; BUF_SIZE]>,
    len: AtomicUsize,
    busy: AtomicBool,
    dying: AtomicBool,
}

// SAFETY: `bytes` is written only by the VM's thread while it holds `busy`; the signal side
// reads `bytes[..len]` only after `busy` clears and `dying` stops the VM's thread from
// writing again (or, in the SIGABRT handler, on the VM's own thread, never inside a `busy`
// section: nothing there aborts).
unsafe impl Sync for Buffer {}

static STDOUT: Buffer = Buffer {
    bytes: UnsafeCell::new([0; BUF_SIZE]),
    len: AtomicUsize::new(0),
    busy: AtomicBool::new(false),
    dying: AtomicBool::new(false),
};

/// How stdout is buffered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Buffering {
    /// `PYTHONUNBUFFERED` set: every write goes out.
    None,
    /// A terminal: a write with a newline goes out with what came before.
    Line,
    /// A pipe or a file: out when the 8 KiB buffer is full.
    Block,
}

/// `write(2)` all of `bytes` to `fd`, retrying on EINTR; errors (a closed pipe) drop the rest.
fn write_fd(fd: i32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: `bytes` is a valid slice for the length given.
        let n = unsafe { libc::write(fd, bytes.as_ptr().cast(), bytes.len()) };
        if n < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        bytes = &bytes[n as usize..];
    }
}

/// Write out and empty the buffer (the VM's thread).
fn flush_buffer() {
    STDOUT.busy.store(true, Ordering::SeqCst);
    if !STDOUT.dying.load(Ordering::SeqCst) {
        let n = STDOUT.len.load(Ordering::Acquire);
        // SAFETY: only this thread writes `bytes`, and it holds `busy`.
        let bytes = unsafe { &(&*STDOUT.bytes.get())[..n] };
        write_fd(1, bytes);
        STDOUT.len.store(0, Ordering::Release);
    }
    STDOUT.busy.store(false, Ordering::SeqCst);
}

/// Add to the buffer; the caller made sure it fits (the VM's thread).
fn append(text: &[u8]) {
    STDOUT.busy.store(true, Ordering::SeqCst);
    if !STDOUT.dying.load(Ordering::SeqCst) {
        let n = STDOUT.len.load(Ordering::Acquire);
        // SAFETY: only this thread writes `bytes`, and it holds `busy`; `n + text.len()` is
        // at most `BUF_SIZE` (checked by the caller).
        unsafe { (&mut *STDOUT.bytes.get())[n..n + text.len()].copy_from_slice(text) };
        STDOUT.len.store(n + text.len(), Ordering::Release);
    }
    STDOUT.busy.store(false, Ordering::SeqCst);
}

/// From the signal side: stop the VM's thread writing, then write what the buffer holds.
/// `wait` is how long a `busy` section may take to finish (none in a signal handler).
fn flush_for_death(wait: Duration) {
    STDOUT.dying.store(true, Ordering::SeqCst);
    let start = Instant::now();
    while STDOUT.busy.load(Ordering::SeqCst) {
        if start.elapsed() >= wait {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let n = STDOUT.len.swap(0, Ordering::AcqRel);
    // SAFETY: the VM's thread is out of its `busy` section and writes no more (`dying`).
    let bytes = unsafe { &(&*STDOUT.bytes.get())[..n] };
    write_fd(1, bytes);
}

/// The process's stdout and stderr as the VM's [`OutputSink`].
pub struct ProcessOutput {
    buffering: Buffering,
    surrogateescape: bool,
}

impl ProcessOutput {
    /// Buffering chosen as CPython chooses it at start-up.
    pub fn new() -> ProcessOutput {
        let unbuffered = std::env::var_os("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty());
        let buffering = if unbuffered {
            Buffering::None
        } else if std::io::stdout().is_terminal() {
            Buffering::Line
        } else {
            Buffering::Block
        };
        ProcessOutput {
            buffering,
            surrogateescape: surrogateescape_locale(),
        }
    }
}

/// `config_get_stdio_errors`: stdout's error handler is `surrogateescape` in UTF-8 mode and
/// in the C and POSIX locales and the locale coercion targets (C.UTF-8...), `strict` in
/// any other locale.
fn surrogateescape_locale() -> bool {
    if std::env::var_os("PYTHONUTF8").is_some_and(|v| v == "1") {
        return true;
    }
    // what `setlocale(LC_CTYPE, "")` picks
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".into());
    matches!(
        locale.as_str(),
        "C" | "POSIX" | "C.UTF-8" | "C.utf8" | "UTF-8"
    )
}

impl OutputSink for ProcessOutput {
    fn write(&mut self, stream: Stream, bytes: &[u8]) {
        match stream {
            Stream::Stderr => write_fd(2, bytes),
            Stream::Stdout if self.buffering == Buffering::None => {
                flush_buffer();
                write_fd(1, bytes);
            }
            Stream::Stdout => {
                if STDOUT.len.load(Ordering::Acquire) + bytes.len() > BUF_SIZE {
                    flush_buffer();
                }
                if bytes.len() > BUF_SIZE {
                    write_fd(1, bytes);
                } else {
                    append(bytes);
                }
                // `TextIOWrapper.write` with line buffering flushes on "\n" and "\r"
                if self.buffering == Buffering::Line
                    && bytes.iter().any(|&b| b == b'\n' || b == b'\r')
                {
                    flush_buffer();
                }
            }
        }
    }

    fn flush(&mut self) {
        flush_buffer();
    }

    fn surrogateescape(&self) -> bool {
        self.surrogateescape
    }
}

/// Write out whatever stdout holds (at exit, after a panic).
pub fn flush_stdout() {
    flush_buffer();
}

/// When the last SIGINT arrived that the VM has not taken yet (ms since `EPOCH`, 0: none).
static PENDING_SIGINT: AtomicU64 = AtomicU64::new(0);

/// A second Ctrl-C this long after a first the snippet has not answered ends the process.
const STUCK_AFTER: Duration = Duration::from_secs(1);

/// Install the signal handling described above. `interrupt` is the VM's flag: SIGINT sets it
/// (the VM raises `KeyboardInterrupt` and clears it).
pub fn install_signals(interrupt: Arc<AtomicBool>) {
    use signal_hook::consts::{SIGABRT, SIGHUP, SIGINT, SIGTERM};
    // SAFETY: the action only loads atomics and calls `write(2)`, both async-signal-safe.
    let _ =
        unsafe { signal_hook::low_level::register(SIGABRT, || flush_for_death(Duration::ZERO)) };
    // a signal ignored when the process started stays ignored (`nohup`, a background job's
    // SIGINT): CPython installs its SIGINT handler only over the default action
    let wanted: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
        .into_iter()
        .filter(|&s| !ignored(s))
        .collect();
    let Ok(mut signals) = signal_hook::iterator::Signals::new(wanted) else {
        return;
    };
    let epoch = Instant::now();
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                if sig != SIGINT {
                    die_of(sig);
                }
                let now = epoch.elapsed().as_millis() as u64 + 1;
                let first = PENDING_SIGINT.load(Ordering::SeqCst);
                let stuck = interrupt.load(Ordering::SeqCst)
                    && first != 0
                    && now - first >= STUCK_AFTER.as_millis() as u64;
                if stuck {
                    die_of(SIGINT);
                }
                if !interrupt.swap(true, Ordering::SeqCst) || first == 0 {
                    PENDING_SIGINT.store(now, Ordering::SeqCst);
                }
            }
        });
}

/// Whether `sig`'s action is "ignore".
fn ignored(sig: i32) -> bool {
    // SAFETY: a null new action only reads the current one into `old`.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &mut old) == 0 && old.sa_sigaction == libc::SIG_IGN
    }
}

/// Write what stdout holds and die of `sig` (its default action), as python3 dies of it.
pub fn die_of(sig: i32) -> ! {
    flush_for_death(Duration::from_millis(200));
    let _ = signal_hook::low_level::emulate_default_handler(sig);
    // a signal whose default is not to terminate: exit with the shell's status for it
    std::process::exit(128 + sig)
}
