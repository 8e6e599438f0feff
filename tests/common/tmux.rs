//! A detached tmux session for the end-to-end tests (`tui_e2e`, `tui_real`): the real binary in
//! a pane of fixed size, driven with `send-keys` and read with `capture-pane`. Included by path
//! (`#[path = "common/tmux.rs"] mod tmux;`) so that tests without tmux do not carry it.

#![allow(dead_code)] // each test binary uses its own subset

use std::process::Command;
use std::time::{Duration, Instant};

/// A detached tmux session, killed when dropped.
pub struct Tmux {
    pub name: String,
    /// How long `wait_for` waits before it fails with the screen.
    patience: Duration,
}

impl Tmux {
    /// Start `command` (a shell line) in a `width`x`height` pane.
    pub fn start(name: &str, width: u16, height: u16, command: &str) -> Tmux {
        let name = format!("refscope-e2e-{}-{name}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .arg(command)
            .env_remove("TMUX")
            .status()
            .expect("tmux new-session");
        assert!(status.success(), "tmux new-session failed");
        Tmux {
            name,
            patience: Duration::from_secs(20),
        }
    }

    /// Let `wait_for` wait up to `patience`.
    pub fn waiting_up_to(mut self, patience: Duration) -> Tmux {
        self.patience = patience;
        self
    }

    /// Send each key (tmux key names) with a pause after it.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let ok = Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .expect("tmux send-keys")
                .success();
            assert!(ok, "send-keys {k}");
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    /// Type text literally.
    pub fn text(&self, text: &str) {
        let ok = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .expect("tmux send-keys")
            .success();
        assert!(ok, "send-keys -l {text}");
        std::thread::sleep(Duration::from_millis(80));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .expect("tmux capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `text` (panics with the screen after the patience).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > self.patience {
                panic!("timed out waiting for {text:?}; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}
