//! The recovery file: unsaved edits are never lost. While the editor holds edits that are
//! not saved, they are kept in `FILE.unsaved` next to the file (written within a second of
//! a change, atomically, never over the file itself); saving, or quitting on purpose without
//! saving, removes it. Opening a file that has one offers to restore it. SIGHUP (the
//! terminal went away) and SIGTERM write it at once, restore the terminal, and end the app
//! as the signal would.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The unsaved edits, shared with the input thread: `(file, editor text)` while dirty.
pub type Unsaved = Arc<Mutex<Option<(Option<PathBuf>, String)>>>;

/// How long a change may wait before it is written.
const WRITE_EVERY: Duration = Duration::from_secs(1);

/// Where a file's unsaved edits go: next to it, never over it.
pub fn path_for(file: Option<&Path>) -> PathBuf {
    match file {
        Some(p) => PathBuf::from(format!("{}.unsaved", p.display())),
        None => PathBuf::from("refscope-scratch.py.unsaved"),
    }
}

/// Write `text` to `target` through a temporary file, so a crash mid-write leaves the old
/// recovery file whole.
fn write_atomic(target: &Path, text: &str) -> std::io::Result<()> {
    let tmp = PathBuf::from(format!("{}.tmp{}", target.display(), std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The recovery file of the open document, kept in step with the editor.
#[derive(Default)]
pub struct Recovery {
    /// What the recovery file holds now (`None`: there is none of ours).
    written: Option<(PathBuf, String)>,
    last_write: Option<Instant>,
}

impl Recovery {
    /// Bring the recovery file up to date: `dirty` is `Some((file, text))` while the editor
    /// has unsaved edits. Writes at most every [`WRITE_EVERY`] unless `now` is set.
    pub fn sync(&mut self, dirty: Option<(Option<&Path>, &str)>, now: bool) {
        match dirty {
            Some((file, text)) => {
                let target = path_for(file);
                let same = self
                    .written
                    .as_ref()
                    .is_some_and(|(p, t)| p == &target && t == text);
                if same {
                    return;
                }
                let due = now || self.last_write.is_none_or(|t| t.elapsed() >= WRITE_EVERY);
                if !due {
                    return;
                }
                // the document moved (save as, open): the old one's file goes
                if let Some((old, _)) = self.written.take().filter(|(p, _)| p != &target) {
                    let _ = std::fs::remove_file(old);
                }
                if write_atomic(&target, text).is_ok() {
                    self.written = Some((target, text.to_string()));
                }
                self.last_write = Some(Instant::now());
            }
            None => self.discard(),
        }
    }

    /// The edits are saved or dropped on purpose: remove our recovery file.
    pub fn discard(&mut self) {
        if let Some((p, _)) = self.written.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A recovery file left for `file` by an earlier session, if it holds something other than
/// `saved_text` (the file as it is now).
pub fn left_for(file: &Path, saved_text: &str) -> Option<PathBuf> {
    let p = path_for(Some(file));
    let text = std::fs::read_to_string(&p).ok()?;
    (text != saved_text).then_some(p)
}

/// Write the unsaved edits now (from any thread); the path written, if any.
pub fn write_now(unsaved: &Unsaved) -> Option<std::io::Result<PathBuf>> {
    // the main thread holds the lock only for a moment: wait a little for it
    let start = Instant::now();
    let pending = loop {
        if let Ok(g) = unsaved.try_lock() {
            break g.clone();
        }
        if start.elapsed() > Duration::from_millis(200) {
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    pending.map(|(file, text)| {
        let target = path_for(file.as_deref());
        write_atomic(&target, &text).map(|_| target)
    })
}

/// SIGHUP and SIGTERM: write the unsaved edits, give the terminal back, end as the signal
/// would.
pub fn watch_signals(unsaved: Unsaved) {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM]) else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("recovery".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let saved = write_now(&unsaved);
                let _ = crossterm::execute!(
                    std::io::stdout(),
                    crossterm::event::DisableBracketedPaste,
                    crossterm::event::DisableMouseCapture
                );
                ratatui::restore();
                if let Some(Ok(p)) = saved {
                    eprintln!("refscope: unsaved edits written to {}", p.display());
                }
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("refscope-recovery-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn edits_are_kept_beside_the_file_until_saved() {
        let d = scratch("keep");
        let file = d.join("a.py");
        std::fs::write(&file, "x = 1\n").unwrap();
        let mut r = Recovery::default();
        r.sync(Some((Some(&file), "x = 2\n")), false);
        let rec = path_for(Some(&file));
        assert_eq!(std::fs::read_to_string(&rec).unwrap(), "x = 2\n");
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "x = 1\n",
            "never over the file"
        );
        // a change right after waits for the next second, unless forced
        r.sync(Some((Some(&file), "x = 3\n")), false);
        assert_eq!(std::fs::read_to_string(&rec).unwrap(), "x = 2\n");
        r.sync(Some((Some(&file), "x = 3\n")), true);
        assert_eq!(std::fs::read_to_string(&rec).unwrap(), "x = 3\n");
        assert_eq!(left_for(&file, "x = 1\n"), Some(rec.clone()));
        assert_eq!(left_for(&file, "x = 3\n"), None, "nothing to offer");
        // saved: the editor is clean again
        r.sync(None, false);
        assert!(!rec.exists());
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn the_shared_edits_can_be_written_from_another_thread() {
        let d = scratch("now");
        let file = d.join("b.py");
        let unsaved: Unsaved = Arc::new(Mutex::new(Some((Some(file.clone()), "y = 1\n".into()))));
        let u2 = unsaved.clone();
        let p = std::thread::spawn(move || write_now(&u2)).join().unwrap();
        let p = p.unwrap().unwrap();
        assert_eq!(p, path_for(Some(&file)));
        assert_eq!(std::fs::read_to_string(p).unwrap(), "y = 1\n");
        *unsaved.lock().unwrap() = None;
        assert!(write_now(&unsaved).is_none());
        std::fs::remove_dir_all(&d).unwrap();
    }
}
