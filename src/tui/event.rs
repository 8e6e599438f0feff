//! Terminal input on its own thread. Events go to the main loop over a channel, so the loop
//! can run the snippet in slices and still see keys between them. Ctrl-C is also watched
//! here ([`Watchdog`]): if the main loop does not take it within a moment (the snippet is deep
//! in a long native call), this thread raises the interrupt in the VM itself. Some native
//! calls never look at it (`sum(range(10**10))`, as in CPython): then this thread says so on
//! the bottom line, and two more Ctrl-C quit the app, writing unsaved edits next to the file.

use std::io::{stdout, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::runner::InterruptFlags;

/// How long the main loop may take to answer Ctrl-C before this thread interrupts the
/// snippet itself.
const WATCHDOG: Duration = Duration::from_millis(300);
/// How long after that the snippet counts as stuck (the notice appears).
const STUCK: Duration = Duration::from_millis(1200);
/// Ctrl-C presses (the first included) that quit the app while the snippet is stuck.
const QUIT_PRESSES: u32 = 3;

/// What the watchdog asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watch {
    Nothing,
    /// Raise KeyboardInterrupt in the VM from this thread.
    Interrupt,
    /// Tell the user the snippet is stuck and how to get out.
    Notice,
    /// Quit the app.
    Quit,
}

/// Ctrl-C that the main loop has not taken yet: when to interrupt from here, when to say the
/// snippet is stuck, when to give up.
#[derive(Clone, Debug, Default)]
pub struct Watchdog {
    /// The first unanswered Ctrl-C, and how many since.
    pending: Option<(Instant, u32)>,
    interrupted: bool,
    noticed: bool,
}

impl Watchdog {
    /// A Ctrl-C press.
    pub fn ctrl_c(&mut self, now: Instant) -> Watch {
        match &mut self.pending {
            Some((_, n)) => {
                *n += 1;
                if self.noticed && *n >= QUIT_PRESSES {
                    return Watch::Quit;
                }
            }
            None => self.pending = Some((now, 1)),
        }
        Watch::Nothing
    }

    /// The main loop took the Ctrl-C.
    pub fn answered(&mut self) {
        *self = Watchdog::default();
    }

    /// Time passes; `busy`: a command runs.
    pub fn tick(&mut self, now: Instant, busy: bool) -> Watch {
        let Some((at, _)) = self.pending else {
            return Watch::Nothing;
        };
        if !busy {
            // the main loop will take it as soon as it looks
            return Watch::Nothing;
        }
        let waited = now.saturating_duration_since(at);
        if !self.interrupted && waited >= WATCHDOG {
            self.interrupted = true;
            return Watch::Interrupt;
        }
        if self.interrupted && !self.noticed && waited >= WATCHDOG + STUCK {
            self.noticed = true;
            return Watch::Notice;
        }
        Watch::Nothing
    }
}

/// The editor text to save if the app has to quit while the snippet is stuck: `(file,
/// text)`, `None` when nothing is unsaved. The main loop keeps it up to date.
pub type Unsaved = Arc<Mutex<Option<(Option<PathBuf>, String)>>>;

/// The input thread's end of things.
pub struct Input {
    pub rx: Receiver<Event>,
    /// Set by the main loop when it has handled a Ctrl-C.
    ack: Arc<AtomicBool>,
    /// Set by the main loop while a command runs.
    busy: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// What to save on an emergency quit.
    pub unsaved: Unsaved,
    /// Set when this thread wrote on the screen behind ratatui's back (redraw it all).
    pub overdrawn: Arc<AtomicBool>,
}

fn is_ctrl_c(ev: &Event) -> bool {
    matches!(ev, Event::Key(k) if k.kind == KeyEventKind::Press
        && k.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(k.code, KeyCode::Char('c') | KeyCode::Char('C')))
}

impl Input {
    /// Start reading the terminal.
    pub fn spawn(flags: InterruptFlags) -> Input {
        let (tx, rx) = mpsc::channel();
        let ack = Arc::new(AtomicBool::new(false));
        let busy = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let unsaved: Unsaved = Arc::new(Mutex::new(None));
        let overdrawn = Arc::new(AtomicBool::new(false));
        let (ack2, busy2, stop2) = (ack.clone(), busy.clone(), stop.clone());
        let (unsaved2, overdrawn2) = (unsaved.clone(), overdrawn.clone());
        let thread = std::thread::Builder::new()
            .name("refscope-input".into())
            .spawn(move || {
                let mut dog = Watchdog::default();
                while !stop2.load(Ordering::SeqCst) {
                    if ack2.swap(false, Ordering::SeqCst) {
                        dog.answered();
                    }
                    let mut watch = Watch::Nothing;
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => match event::read() {
                            Ok(ev) => {
                                if is_ctrl_c(&ev) {
                                    watch = dog.ctrl_c(Instant::now());
                                }
                                if tx.send(ev).is_err() {
                                    return;
                                }
                            }
                            Err(_) => return,
                        },
                        Ok(false) => {}
                        Err(_) => return,
                    }
                    if watch == Watch::Nothing {
                        watch = dog.tick(Instant::now(), busy2.load(Ordering::SeqCst));
                    }
                    match watch {
                        Watch::Nothing => {}
                        Watch::Interrupt => {
                            flags.interrupt.store(true, Ordering::SeqCst);
                            flags.fired_async.store(true, Ordering::SeqCst);
                        }
                        Watch::Notice => {
                            overdrawn2.store(true, Ordering::SeqCst);
                            stuck_notice();
                        }
                        Watch::Quit => emergency_quit(&unsaved2),
                    }
                }
            })
            .ok();
        Input {
            rx,
            ack,
            busy,
            stop,
            thread,
            unsaved,
            overdrawn,
        }
    }

    /// The main loop handled a Ctrl-C.
    pub fn ack_interrupt(&self) {
        self.ack.store(true, Ordering::SeqCst);
    }

    /// Tell the watchdog whether a command runs.
    pub fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
    }
}

/// The bottom line, written straight to the terminal (the main thread is stuck).
fn stuck_notice() {
    let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
    let text = " stuck in a long native call · Ctrl-C twice more quits (edits go to FILE.unsaved) ";
    let line: String = format!("{text:<w$}", w = width as usize)
        .chars()
        .take(width as usize)
        .collect();
    let mut out = stdout();
    let _ = crossterm::queue!(
        out,
        crossterm::cursor::SavePosition,
        crossterm::cursor::MoveTo(0, height.saturating_sub(1)),
        crossterm::style::SetAttribute(crossterm::style::Attribute::Reverse),
        crossterm::style::Print(line),
        crossterm::style::SetAttribute(crossterm::style::Attribute::Reset),
        crossterm::cursor::RestorePosition,
    );
    let _ = out.flush();
}

/// Where unsaved edits go on an emergency quit: next to the file, never over it.
pub fn rescue_path(file: Option<&std::path::Path>) -> PathBuf {
    super::recovery::path_for(file)
}

/// Quit from this thread: save the edits aside, restore the terminal, exit.
fn emergency_quit(unsaved: &Unsaved) -> ! {
    let pending = unsaved.lock().ok().and_then(|g| g.clone());
    let saved = pending.map(|(file, text)| {
        let target = rescue_path(file.as_deref());
        std::fs::write(&target, text).map(|_| target)
    });
    let _ = crossterm::execute!(
        stdout(),
        crossterm::event::DisableBracketedPaste,
        crossterm::event::DisableMouseCapture
    );
    ratatui::restore();
    eprintln!("refscope: quit while the snippet was stuck in a long native call");
    match saved {
        Some(Ok(p)) => eprintln!("refscope: unsaved edits written to {}", p.display()),
        Some(Err(e)) => eprintln!("refscope: could not write the unsaved edits: {e}"),
        None => {}
    }
    std::process::exit(130);
}

impl Drop for Input {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watchdog_interrupts_then_notices_then_lets_the_user_quit() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut dog = Watchdog::default();
        assert_eq!(dog.tick(at(0), true), Watch::Nothing, "no Ctrl-C yet");
        assert_eq!(dog.ctrl_c(at(0)), Watch::Nothing);
        assert_eq!(
            dog.tick(at(100), true),
            Watch::Nothing,
            "the main loop may answer"
        );
        assert_eq!(dog.tick(at(300), true), Watch::Interrupt);
        assert_eq!(dog.tick(at(400), true), Watch::Nothing, "only once");
        // extra presses before the notice do not quit
        assert_eq!(dog.ctrl_c(at(500)), Watch::Nothing);
        assert_eq!(dog.ctrl_c(at(600)), Watch::Nothing);
        assert_eq!(dog.tick(at(1500), true), Watch::Notice);
        assert_eq!(dog.tick(at(1600), true), Watch::Nothing, "only once");
        assert_eq!(dog.ctrl_c(at(1700)), Watch::Quit);
    }

    #[test]
    fn an_answered_ctrl_c_or_an_idle_app_never_escalates() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut dog = Watchdog::default();
        dog.ctrl_c(at(0));
        dog.answered();
        assert_eq!(dog.tick(at(5000), true), Watch::Nothing);
        // not busy: the main loop takes the key itself
        dog.ctrl_c(at(0));
        assert_eq!(dog.tick(at(5000), false), Watch::Nothing);
        for ms in [5100, 5200, 5300] {
            assert_eq!(dog.ctrl_c(at(ms)), Watch::Nothing);
        }
    }

    #[test]
    fn rescued_edits_never_overwrite_the_file() {
        let p = std::path::Path::new("lessons/a.py");
        assert_eq!(rescue_path(Some(p)), PathBuf::from("lessons/a.py.unsaved"));
        assert_ne!(rescue_path(Some(p)), p);
    }
}
