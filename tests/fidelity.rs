//! Every fidelity case: the model's stdout must equal CPython 3.11's recorded output (after
//! address normalisation), and the refcount invariant must hold after every step.

use std::path::{Path, PathBuf};

use refscope::load::load_file;
use refscope::vm::session::{Progress, Session, Step};
use refscope::vm::VmOptions;

mod common;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/cases")
}

fn case_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .expect("cases directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

fn options_for(path: &Path) -> VmOptions {
    VmOptions {
        filename: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..VmOptions::default()
    }
}

#[test]
fn every_case_prints_what_cpython_prints() {
    let mut failures = Vec::new();
    for path in case_files() {
        let snippet = load_file(&path).expect("case loads");
        let mut session = Session::new(snippet, options_for(&path));
        let code = session.run_to_end();
        let got = common::normalize(&session.vm.stdout);
        let expected =
            std::fs::read_to_string(path.with_extension("out")).expect("expected output");
        if code != 0 || got != expected {
            failures.push(format!(
                "{} (exit {code}):\n--- expected\n{expected}--- got\n{got}--- stderr\n{}",
                path.display(),
                session.vm.stderr
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The holders listed for every object add up to its reference count.
fn holders_add_up(session: &Session) -> Result<(), String> {
    use refscope::analysis::{all_holders, HeapState, LiveHeap};
    let heap = LiveHeap::of(session);
    let holders = all_holders(&heap);
    for id in heap.object_ids() {
        let total: i64 = holders[id.index()].iter().map(|h| h.count).sum();
        if total != session.vm.refcnt(id) {
            let info = heap.info(id);
            return Err(format!(
                "{} {} has refcount {} but holders add up to {total}: {:?}",
                info.type_name,
                info.repr,
                info.refcnt,
                holders[id.index()]
            ));
        }
    }
    Ok(())
}

/// The cases are checked in `SHARDS` tests (every `SHARDS`th case each) so that the test
/// harness spreads this, the slowest check of the suite, over the machine's cores.
const SHARDS: usize = 4;

#[test]
fn refcounts_add_up_after_every_step_of_every_case_0() {
    refcounts_add_up_in_shard(0);
}

#[test]
fn refcounts_add_up_after_every_step_of_every_case_1() {
    refcounts_add_up_in_shard(1);
}

#[test]
fn refcounts_add_up_after_every_step_of_every_case_2() {
    refcounts_add_up_in_shard(2);
}

#[test]
fn refcounts_add_up_after_every_step_of_every_case_3() {
    refcounts_add_up_in_shard(3);
}

fn refcounts_add_up_in_shard(shard: usize) {
    let mut failures = Vec::new();
    let mut total_steps = 0;
    let cases = case_files();
    assert!(cases.len() >= 4 * SHARDS, "too few cases: {}", cases.len());
    for path in cases.into_iter().skip(shard).step_by(SHARDS) {
        let snippet = load_file(&path).expect("case loads");
        let mut session = Session::new(snippet, options_for(&path));
        let mut steps = 0;
        loop {
            let progress = session.advance(Step::Into, u64::MAX);
            steps += 1;
            // a stop inside a native call shows a copy taken there: the native code's own
            // references (its C locals, in CPython) are not among the roots
            if session.is_frozen() {
                continue;
            }
            if let Err(bad) =
                refscope::invariant::check_refcounts(&session.vm, &session.extra_roots())
            {
                let line = session.current_line().unwrap_or(0);
                failures.push(format!(
                    "{} step {steps} (line {line}): {:?}",
                    path.display(),
                    &bad[..bad.len().min(5)]
                ));
                break;
            }
            // The holder lists name every reference of the heap (a string per edge): checked
            // every 8th step and at the end, which keeps the long loops of the gc cases within
            // the test budget; the refcounts themselves are checked at every step above.
            let last = progress == Progress::Finished || steps > 100_000;
            if steps % 8 == 1 || last {
                if let Err(msg) = holders_add_up(&session) {
                    failures.push(format!("{} step {steps}: {msg}", path.display()));
                    break;
                }
            }
            if last {
                break;
            }
        }
        total_steps += steps;
    }
    assert!(
        total_steps > 250,
        "the cases of shard {shard} should take many steps, took {total_steps}"
    );
    assert!(
        failures.is_empty(),
        "{} case(s) break the invariant:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Notebook cases: `# %%` files whose expected output was recorded with `run_cells.py` (IPython).
/// Each `NAME.out` in `tests/fidelity/notebooks` goes with `NAME.py`/`NAME.ipynb` beside it, or
/// with the bundled lesson of that name in `assets/examples` (tested where it ships).
fn notebook_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fidelity/notebooks");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("notebooks directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "out"))
        .map(|out| {
            let stem = out.file_stem().unwrap().to_owned();
            ["py", "ipynb"]
                .iter()
                .map(|ext| dir.join(&stem).with_extension(ext))
                .chain([root
                    .join("assets/examples")
                    .join(&stem)
                    .with_extension("py")])
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("no snippet for {}", out.display()))
        })
        .collect();
    v.sort();
    v
}

/// The recorded output of a notebook case.
fn notebook_expected(path: &Path) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/notebooks");
    let out = dir.join(path.file_stem().unwrap()).with_extension("out");
    std::fs::read_to_string(out).expect("expected output")
}

#[test]
fn notebooks_show_what_jupyter_shows() {
    let files = notebook_files();
    assert!(
        files
            .iter()
            .any(|p| p.ends_with("assets/examples/memory_management.py")),
        "the seed lesson is a notebook case: {files:?}"
    );
    for path in files {
        let snippet = load_file(&path).expect("notebook loads");
        let mut session = Session::new(snippet, options_for(&path));
        session.run_to_end();
        let got = common::normalize(&session.vm.stdout);
        let expected = notebook_expected(&path);
        assert_eq!(got, expected, "{}", path.display());
        let mut stepped = Session::new(load_file(&path).unwrap(), options_for(&path));
        let mut steps = 0;
        while stepped.advance(Step::Into, u64::MAX) != Progress::Finished {
            steps += 1;
            if stepped.is_frozen() {
                continue;
            }
            if let Err(bad) =
                refscope::invariant::check_refcounts(&stepped.vm, &stepped.extra_roots())
            {
                panic!(
                    "{} step {steps}: {:?}",
                    path.display(),
                    &bad[..bad.len().min(5)]
                );
            }
        }
    }
}
