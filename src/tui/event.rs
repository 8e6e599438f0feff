//! Terminal input on its own thread. Events go to the main loop over a channel, so the loop
//! can run the snippet in slices and still see keys between them. Ctrl-C is also watched
//! here: if the main loop does not take it within a moment (the snippet is deep in a long
//! native call), this thread raises the interrupt in the VM itself.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::runner::InterruptFlags;

/// How long the main loop may take to answer Ctrl-C before this thread interrupts the
/// snippet itself.
const WATCHDOG: Duration = Duration::from_millis(300);

/// The input thread's end of things.
pub struct Input {
    pub rx: Receiver<Event>,
    /// Set by the main loop when it has handled a Ctrl-C.
    ack: Arc<AtomicBool>,
    /// Set by the main loop while a command runs.
    busy: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
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
        let (ack2, busy2, stop2) = (ack.clone(), busy.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("refscope-input".into())
            .spawn(move || {
                let mut ctrl_c_at: Option<Instant> = None;
                while !stop2.load(Ordering::SeqCst) {
                    match event::poll(Duration::from_millis(50)) {
                        Ok(true) => match event::read() {
                            Ok(ev) => {
                                if is_ctrl_c(&ev) {
                                    ack2.store(false, Ordering::SeqCst);
                                    ctrl_c_at = Some(Instant::now());
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
                    if let Some(at) = ctrl_c_at {
                        if ack2.load(Ordering::SeqCst) {
                            ctrl_c_at = None;
                        } else if at.elapsed() >= WATCHDOG {
                            if busy2.load(Ordering::SeqCst) {
                                flags.interrupt.store(true, Ordering::SeqCst);
                                flags.fired_async.store(true, Ordering::SeqCst);
                            }
                            ctrl_c_at = None;
                        }
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

impl Drop for Input {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
