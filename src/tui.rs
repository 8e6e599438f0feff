//! The terminal app: `refscope FILE` opens a snippet full-screen; you step through it and
//! watch the heap change in every pane.
//!
//! Data flows one way:
//!
//! ```text
//! terminal event ─► keymap ─► Action ─► update(&mut App, Action) ─► draw(&App)
//!  (event: input     (keymap:  (action)   (update: the only         (draw + panes/:
//!   thread)           one table)           mutation; runs the        read only)
//!                                          snippet in slices)
//! ```
//!
//! - [`app`]: the state; [`action`]: what can be asked; [`keymap`]: keys to actions, and the
//!   help and hints written from the same table; [`legend`]: what every mark means; [`update`]; [`draw`] and [`panes`] (one file
//!   per pane); [`layout`]: where panes go for a terminal size; [`theme`]: styles by meaning.
//! - [`runner`]: the engine session, the command log, slices, replay for stepping back;
//!   [`heapview`]: what the heap panes show, kept up to date per step without copying the heap;
//!   [`phases`]: where a step's time goes (for the benches).
//! - [`document`]: the file (load, save atomically, notebooks); [`syntax`]: editor colours;
//!   [`event`]: terminal input on a thread, with the Ctrl-C watchdog; [`guard`]: a bug in the
//!   model resets the run instead of closing the app (and losing unsaved edits).

pub mod action;
pub mod app;
pub mod differ;
pub mod document;
pub mod draw;
pub mod event;
pub mod guard;
pub mod heapview;
pub mod keymap;
pub mod layout;
pub mod legend;
pub mod panes;
pub mod phases;
pub mod recorded;
pub mod recovery;
pub mod runner;
pub mod syntax;
pub mod theme;
pub mod update;

use std::io::{self, stdout};
use std::path::Path;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::layout::Rect;
use ratatui::DefaultTerminal;

use action::Action;
use app::App;
use theme::Theme;

/// How long the user must pause before deferred analyses run.
const IDLE_AFTER: Duration = Duration::from_millis(150);
/// While a command runs, redraw at most this often.
const BUSY_FRAME: Duration = Duration::from_millis(50);

/// Run the app on a file (or an empty scratch snippet). Returns the exit status.
/// Why this terminal cannot show the app, if it cannot: `TERM=dumb` (Emacs shell buffers,
/// some CI logs) has no cursor addressing, and a full-screen app would only fill the log
/// with escape codes.
pub fn unusable_terminal(term: Option<&str>) -> Option<String> {
    (term == Some("dumb")).then(|| {
        "refscope: this terminal (TERM=dumb) cannot show the app; `refscope run FILE`, \
         `refscope trace FILE` and `refscope export` work without one"
            .to_string()
    })
}

pub fn run(path: Option<&Path>, python: Option<String>, limit: u64) -> i32 {
    if let Some(why) = unusable_terminal(std::env::var("TERM").ok().as_deref()) {
        eprintln!("{why}");
        return 1;
    }
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            eprintln!(
                "refscope: cannot start the terminal UI: {e} (refscope run FILE works without one)"
            );
            return 1;
        }
    };
    let _ = execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    // ratatui's hook restores the terminal on panic; mouse capture and paste go first, and a
    // panic the app recovers from (see `guard`) restores nothing
    guard::install_hook(|| {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    });
    let size = terminal.size().unwrap_or_default();
    let mut app = App::new(
        path,
        Theme::from_env(),
        Rect::new(0, 0, size.width, size.height),
    );
    app.record_limit = limit;
    if python.is_some() {
        app.use_python(python);
    }
    let result = main_loop(&mut terminal, &mut app);
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("refscope: {e}");
            1
        }
    }
}

fn main_loop(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    let input = event::Input::spawn(app.flags.clone());
    recovery::watch_signals(input.unsaved.clone());
    let mut rescue = recovery::Recovery::default();
    let mut dirty = true;
    let mut last_draw = Instant::now();
    let mut last_input = Instant::now();
    while !app.quit {
        let busy = app.is_busy();
        input.set_busy(busy);
        // the input thread wrote a notice while the snippet was stuck: redraw everything
        if input
            .overdrawn
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            terminal.clear()?;
            dirty = true;
        }
        if dirty && (!busy || last_draw.elapsed() >= BUSY_FRAME) {
            match guard::catching(|| terminal.draw(|f| draw::draw(app, f)).map(drop)) {
                Ok(drawn) => drawn?,
                // a panic while drawing a run: drop the run and draw again; without a run
                // there is nothing left to drop, so give up
                Err(msg) if app.run.is_some() => {
                    terminal.clear()?;
                    update::recover(app, &msg);
                    continue;
                }
                Err(msg) => return Err(io::Error::other(format!("drawing failed: {msg}"))),
            }
            dirty = false;
            last_draw = Instant::now();
        }
        let timeout = if busy {
            Duration::ZERO
        } else if app.has_idle_work() {
            IDLE_AFTER.saturating_sub(last_input.elapsed())
        } else {
            Duration::from_millis(500)
        };
        match input.rx.recv_timeout(timeout) {
            Ok(ev) => {
                handle(app, &input, &ev);
                while let Ok(ev) = input.rx.try_recv() {
                    handle(app, &input, &ev);
                }
                // what an emergency quit (a stuck snippet, Ctrl-C three times) would save
                let edits = app.is_dirty().then(|| (app.doc.path.clone(), app.text()));
                let shown = edits.as_ref().map(|(p, t)| (p.as_deref(), t.as_str()));
                rescue.sync(shown, false);
                if let Ok(mut unsaved) = input.unsaved.lock() {
                    *unsaved = edits;
                }
                dirty = true;
                last_input = Instant::now();
            }
            Err(RecvTimeoutError::Timeout) => {
                // a change too recent to write at once is written now
                if !app.is_busy() && app.is_dirty() {
                    let (path, text) = (app.doc.path.clone(), app.text());
                    rescue.sync(Some((path.as_deref(), &text)), false);
                }
                if app.is_busy() {
                    update::update(app, Action::Tick);
                    dirty = true;
                } else if app.has_idle_work() && last_input.elapsed() >= IDLE_AFTER {
                    update::update(app, Action::Idle);
                    dirty = true;
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    // quitting on purpose: saved, or the edits dropped when asked
    rescue.discard();
    Ok(())
}

fn handle(app: &mut App, input: &event::Input, ev: &crossterm::event::Event) {
    if let Some(action) = keymap::map_event(app.context(), ev) {
        // any update may run the snippet (a step runs its first slice at once): until it
        // returns, an unanswered Ctrl-C is the watchdog's to deliver
        input.set_busy(true);
        if action == Action::Interrupt {
            input.ack_interrupt();
        }
        update::update(app, action);
    }
}
