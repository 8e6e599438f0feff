//! The model agrees with real CPython at every step: for every fidelity case, corpus case and
//! bundled lesson, the model's records (`RecordWriter::comparable`, the part of
//! `refscope trace --format json` a comparison compares) must equal, step by step, those the
//! real backend recorded under python3 3.11 in `tests/backend/goldens/<set>/<case>.jsonl`
//! (`tests/backend/record_goldens.py` writes them): the line and cell, the running function,
//! and for every name and local its type, refcount (start-up objects aside), size, collector
//! state, and which names share an object, and the output so far. Long cases were recorded up
//! to a step limit; the model's run is cut at the same step. `cargo test` needs no Python.
//!
//! `KNOWN_DIFFERENT` lists the cases that differ, exactly, with the first fact that differs:
//! a listed case that starts to agree must leave the list, so the list is always the truth.

use std::path::{Path, PathBuf};

use refscope::backend::diff::{first_difference, Options};
use refscope::load::load_file;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;
use serde_json::Value;

/// Cases where the model and the recorded CPython differ at some step, and why.
const KNOWN_DIFFERENT: &[&str] = &[];

const SETS: &[(&str, &str)] = &[
    ("fidelity", "tests/fidelity/cases"),
    ("corpus", "tests/corpus"),
    ("examples", "assets/examples"),
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every case: (`set/name`, snippet, golden).
fn cases() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for (set, dir) in SETS {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .expect("case directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "py" || e == "ipynb"))
            .collect();
        files.sort();
        for f in files {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            let golden = root()
                .join("tests/backend/goldens")
                .join(set)
                .join(format!("{stem}.jsonl"));
            out.push((format!("{set}/{stem}"), f, golden));
        }
    }
    out
}

/// The golden's records, and the step limit its recording was cut at (None: it ran to its
/// end).
fn golden(path: &Path) -> (Vec<Value>, Option<u64>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run tests/backend/record_goldens.py)",
            path.display()
        )
    });
    let mut records = Vec::new();
    let mut cut = None;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("a JSON record");
        if let Some(h) = v.get("golden") {
            if h.get("truncated").and_then(Value::as_bool) == Some(true) {
                cut = h.get("limit").and_then(Value::as_u64);
            }
            continue;
        }
        records.push(v);
    }
    (records, cut)
}

fn model(path: &Path, limit: u64) -> Vec<Value> {
    let Ok(snippet) = load_file(path) else {
        return Vec::new();
    };
    let options = VmOptions {
        filename: path.to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    refscope::trace::model_records(Session::new(snippet, options), true, limit).0
}

#[test]
fn the_model_agrees_with_recorded_cpython_at_every_step() {
    let mut unexpected = Vec::new();
    let mut now_agree = Vec::new();
    let mut agree = 0;
    let all = cases();
    for (name, file, golden_path) in &all {
        let (want, cut) = golden(golden_path);
        let got = model(file, cut.unwrap_or(u64::MAX));
        let d = first_difference(&want, &got, ("CPython", "model"), Options::default());
        let known = KNOWN_DIFFERENT.contains(&name.as_str());
        match (d, known) {
            (None, true) => now_agree.push(name.clone()),
            (None, false) => agree += 1,
            (Some(_), true) => {}
            (Some(d), false) => unexpected.push(format!(
                "{name}: step {} (line {:?}): {}",
                d.step, d.line, d.what
            )),
        }
    }
    for k in KNOWN_DIFFERENT {
        assert!(
            all.iter().any(|c| c.0 == *k),
            "KNOWN_DIFFERENT names {k}, which is not a case"
        );
    }
    assert!(
        now_agree.is_empty(),
        "these cases now agree at every step: take them out of KNOWN_DIFFERENT: {now_agree:?}"
    );
    assert!(
        unexpected.is_empty(),
        "{} cases differ from recorded CPython ({agree} agree):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
