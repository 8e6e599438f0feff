//! The real backend's recorder, measured (needs a `python3`; prints a note and exits without
//! one): `cargo bench --bench recorder`.
//!
//! - speed: a small snippet (a loop over a few names) recorded step by step: steps per second.
//! - memory: a snippet holding 10^5 objects over 1,000 steps: refscope's peak resident memory
//!   (the recording: per-step changes only) and the interpreter's (the recorder included).

use std::io::Write;
use std::time::Instant;

use refscope::backend::cpython::{calibrate, record, RunOptions};

const PYTHON: &str = "python3";

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn write_snippet(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("refscope-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let p = dir.join(name);
    let mut f = std::fs::File::create(&p).expect("bench file");
    f.write_all(text.as_bytes()).expect("bench file");
    p
}

fn main() {
    if std::process::Command::new(PYTHON)
        .arg("-c")
        .arg("import sys; assert sys.version_info >= (3, 11)")
        .status()
        .map(|s| !s.success())
        .unwrap_or(true)
    {
        println!("recorder bench: no python3 3.11+ here, nothing measured");
        return;
    }
    let t = Instant::now();
    let adjust = calibrate(PYTHON).unwrap_or_default();
    println!("calibration: {:.2} s", t.elapsed().as_secs_f64());

    let small = write_snippet(
        "small.py",
        "total = 0\nitems = []\nfor i in range(2000):\n    total += i\n    if i % 100 == 0:\n        items.append(i)\nprint(total)\n",
    );
    let mut opts = RunOptions::for_file(PYTHON, &small);
    opts.adjust = Some(adjust.clone());
    let t = Instant::now();
    let rec = record(&opts, &mut |_| {}, None).expect("recorded");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "small snippet: {} steps in {secs:.2} s, {:.0} steps/s (interpreter start-up included)",
        rec.steps.len(),
        rec.steps.len() as f64 / secs
    );

    let big = write_snippet(
        "big.py",
        "data = list(map(float, range(100000)))\ntotal = 0\nfor k in range(500):\n    total += k\n",
    );
    let mut opts = RunOptions::for_file(PYTHON, &big);
    opts.adjust = Some(adjust);
    let t = Instant::now();
    let rec = record(&opts, &mut |_| {}, None).expect("recorded");
    println!(
        "10^5 objects: {} steps in {:.1} s; refscope peak {} MiB, interpreter peak {} MiB",
        rec.steps.len(),
        t.elapsed().as_secs_f64(),
        peak_rss_kib().unwrap_or(0) / 1024,
        rec.end.maxrss_kib.unwrap_or(0) / 1024
    );
}
