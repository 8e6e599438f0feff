//! The corpus (`tests/corpus/`): 150-odd short snippets across the language a memory lesson
//! uses, each with the stdout and exit status CPython 3.11 gave (`tests/corpus/check.sh`
//! runs the same comparison against the release binary). Every case runs in-process; after
//! it ends (before interpreter exit clears `__main__`) every refcount must add up.
//!
//! `KNOWN_FAILING` lists the cases the model does not match yet, exactly: a case that starts
//! passing must leave the list, so the list is always the truth.

use std::path::{Path, PathBuf};

use refscope::load::load_file;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

mod common;

/// Cases whose output still differs from CPython's, and what they need.
const KNOWN_FAILING: &[&str] = &[];

fn case_files() -> Vec<PathBuf> {
    common::corpus_files()
}

/// Run one case: Ok(()) when stdout and exit status match CPython's, else what differs.
fn run_case(path: &Path) -> Result<(), String> {
    let snippet = load_file(path).map_err(|e| format!("does not load: {e}"))?;
    let options = VmOptions {
        filename: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    let mut session = Session::new(snippet, options);
    let code = session.run_to_end_without_shutdown();
    refscope::invariant::check_refcounts(&session.vm, &session.extra_roots())
        .map_err(|bad| format!("refcounts do not add up: {:?}", &bad[..bad.len().min(3)]))?;
    session.shutdown();
    let got = common::normalize(&session.vm.stdout);
    let expected = std::fs::read_to_string(path.with_extension("out")).unwrap_or_default();
    let expected_code: i32 = std::fs::read_to_string(path.with_extension("rc"))
        .map(|s| s.trim().parse().unwrap_or(0))
        .unwrap_or(0);
    if got != expected || code != expected_code {
        return Err(format!(
            "exit {code} (expected {expected_code})\n--- expected\n{expected}--- got\n{got}--- stderr\n{}",
            session.vm.stderr
        ));
    }
    Ok(())
}

#[test]
fn corpus_cases_print_what_cpython_prints() {
    let mut unexpected = Vec::new();
    let mut now_passing = Vec::new();
    let mut passed = 0;
    for path in case_files() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let known = KNOWN_FAILING.contains(&name.as_str());
        match run_case(&path) {
            Ok(()) if known => now_passing.push(name),
            Ok(()) => passed += 1,
            Err(_) if known => {}
            Err(why) => unexpected.push(format!("{name}: {why}")),
        }
    }
    assert!(passed > 100, "only {passed} corpus cases pass");
    assert!(
        unexpected.is_empty(),
        "{} corpus case(s) differ from CPython:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        now_passing.is_empty(),
        "these cases pass now: take them out of KNOWN_FAILING: {now_passing:?}"
    );
}
