//! A bug in the model must not cost the user their edits. [`catching`] runs a piece of the
//! app (an update, a frame) and turns a panic into an error message; the app then drops the
//! run, keeps the editor text and carries on.
//!
//! ratatui's panic hook restores the terminal on *every* panic, caught or not, which would
//! leave a caught one drawing on a cooked terminal. [`install_hook`] wraps it: inside
//! [`catching`] the panic is only recorded; anywhere else the terminal is restored as before.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// How many [`catching`] calls are active on this thread.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
    /// Where the last caught panic happened (filled by the hook, when installed).
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Wraps the current panic hook (ratatui's, which restores the terminal): panics inside
/// [`catching`] are recorded instead; the others run `on_fatal` and then the old hook.
pub fn install_hook(on_fatal: impl Fn() + Send + Sync + 'static) {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) > 0 {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LOCATION.with(|l| *l.borrow_mut() = at);
            return;
        }
        on_fatal();
        previous(info);
    }));
}

/// Run `f`; a panic inside it becomes `Err(message)`.
pub fn catching<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    GUARDED.with(|g| g.set(g.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    result.map_err(|payload| {
        let at = LOCATION.with(|l| l.borrow_mut().take());
        match at {
            Some(at) => format!("{} (at {at})", message(payload.as_ref())),
            None => message(payload.as_ref()),
        }
    })
}

fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_message_and_the_guard_unwinds() {
        assert_eq!(catching(|| 2 + 2), Ok(4));
        let err = catching(|| -> u8 { panic!("model bug {}", 7) }).unwrap_err();
        assert!(err.starts_with("model bug 7"), "{err}");
        assert_eq!(GUARDED.with(Cell::get), 0);
    }
}
