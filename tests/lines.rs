//! The model steps where CPython steps: for every fidelity case, corpus case, bundled lesson
//! and small program of `tests/lines/cases` (one line-table mechanism each), the lines of
//! `refscope trace --format lines` (every line event, what the app's `s` key stops at) must
//! equal the `sys.settrace` 'line' events CPython 3.11 reported for it,
//! recorded in `tests/lines/<set>/<case>.lines` by `tests/lines/record.py --all` (cells as
//! IPython runs them). `cargo test` needs no Python.
//!
//! `KNOWN_DIFFERENT` lists the cases that differ, exactly: a listed case that starts to agree
//! must leave the list, so the list is always the truth.

use std::path::{Path, PathBuf};

use refscope::load::load_file;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

/// Cases whose line events differ from CPython's, and why:
///
/// - CPython's tracer itself allocates a frame object for every traced frame, which moves
///   the automatic collections and adds to what `gc.get_objects()` and gen-0 counts see
///   (the recording perturbs exactly what these cases measure): `gc_automatic_trigger`,
///   `gc_count_first_use`, `gc_own_auto_threshold`, `gc_own_generations`, `gc_own_inline_attrs`,
///   `gc_own_referrers`, `gc_own_resurrect`, `gc_own_threshold`, `nb_cycle_collect`,
///   `nb_cycle_gc_enabled`, `nb_cycle_refcounts`, `nb_gc_get_objects_search`,
///   `nb_gc_objects_lifecycle`, and the seed lesson `memory_management` (a loop over
///   `gc.get_objects()`, whose length is the interpreter's whole heap).
/// - Loops over what the interpreter made before the snippet ran, which the model does not
///   have one for one: `object.__subclasses__()` (`class_weakref_subclasses`).
/// - At the recursion limit CPython's tracer has no stack left and is switched off
///   (`recursion_memo`, `hostile_deep_recursion_limit`, `hostile_init_subclass_recursion`,
///   `hostile_native_recursion`, `fuzz_recursion_limit_quickening`); and under a tracer 3.11
///   runs every instruction's generic form (`DO_TRACING`: `_PyOpcode_Deopt`), so no call is
///   specialised and every C call holds its recursion guard (`recursion_c_call_guards`).
/// - The recorder captures stdout in a `StringIO`, which takes a lone surrogate where the
///   real stdout raises `UnicodeEncodeError` (`hostile_print_surrogate`).
/// - Modules carry no import-system attributes (`__spec__`, `__loader__`, `__cached__`,
///   `__builtins__`) and `operator` lacks the private `_abs`, so a loop over `dir(operator)`
///   runs fewer times (`stdlib_operator`).
/// - The recorder runs the snippet in its own `__main__` namespace, not as `sys.modules
///   ['__main__']`, so unpickling an instance of the snippet's class (`__main__.Point`) fails
///   under the recording and its events stop there (`stdlib_pickle`).
const KNOWN_DIFFERENT: &[&str] = &[
    "corpus/class_weakref_subclasses",
    "corpus/fuzz_recursion_limit_quickening",
    "corpus/hostile_deep_recursion_limit",
    "corpus/hostile_init_subclass_recursion",
    "corpus/hostile_native_recursion",
    "corpus/hostile_print_surrogate",
    "corpus/recursion_c_call_guards",
    "corpus/recursion_memo",
    "corpus/stdlib_operator",
    "corpus/stdlib_pickle",
    "examples/memory_management",
    "fidelity/gc_automatic_trigger",
    "fidelity/gc_count_first_use",
    "fidelity/gc_own_auto_threshold",
    "fidelity/gc_own_generations",
    "fidelity/gc_own_inline_attrs",
    "fidelity/gc_own_referrers",
    "fidelity/gc_own_resurrect",
    "fidelity/gc_own_threshold",
    "fidelity/nb_cycle_collect",
    "fidelity/nb_cycle_gc_enabled",
    "fidelity/nb_cycle_refcounts",
    "fidelity/nb_gc_get_objects_search",
    "fidelity/nb_gc_objects_lifecycle",
];

const SETS: &[(&str, &str)] = &[
    ("fidelity", "tests/fidelity/cases"),
    ("corpus", "tests/corpus"),
    ("examples", "assets/examples"),
    ("cases", "tests/lines/cases"),
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
                .join("tests/lines")
                .join(set)
                .join(format!("{stem}.lines"));
            out.push((format!("{set}/{stem}"), f, golden));
        }
    }
    out
}

fn model_lines(path: &Path) -> Result<Vec<u32>, String> {
    let snippet = load_file(path).map_err(|e| e.to_string())?;
    let options = VmOptions {
        filename: path.file_name().unwrap().to_string_lossy().into_owned(),
        ..VmOptions::default()
    };
    refscope::trace::line_events(Session::new(snippet, options))
}

fn golden_lines(path: &Path) -> Vec<u32> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run tests/lines/record.py --all)", path.display()))
        .lines()
        .map(|l| l.parse().expect("a line number"))
        .collect()
}

/// Where two event lists first differ, for the failure message.
fn first_difference(want: &[u32], got: &[u32]) -> String {
    let at = want
        .iter()
        .zip(got)
        .position(|(a, b)| a != b)
        .unwrap_or(want.len().min(got.len()));
    let show = |v: &[u32]| {
        let from = at.saturating_sub(3);
        let to = (at + 6).min(v.len());
        format!("{:?}", &v[from..to])
    };
    format!(
        "event {at} ({} vs {} events): CPython {} model {}",
        want.len(),
        got.len(),
        show(want),
        show(got)
    )
}

#[test]
fn every_case_reports_cpythons_line_events() {
    let mut unexpected = Vec::new();
    let mut now_agree = Vec::new();
    let mut agree = 0;
    let all = cases();
    for (name, file, golden) in &all {
        let want = golden_lines(golden);
        let got = model_lines(file).unwrap_or_default();
        let known = KNOWN_DIFFERENT.contains(&name.as_str());
        match (want == got, known) {
            (true, true) => now_agree.push(name.clone()),
            (true, false) => agree += 1,
            (false, true) => {}
            (false, false) => unexpected.push(format!("{name}: {}", first_difference(&want, &got))),
        }
    }
    for k in KNOWN_DIFFERENT {
        assert!(
            all.iter().any(|c| c.0 == *k),
            "{k} in KNOWN_DIFFERENT is not a case"
        );
    }
    assert!(agree > 200, "only {agree} cases agree");
    assert!(
        unexpected.is_empty(),
        "{} case(s) step differently from CPython:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    assert!(
        now_agree.is_empty(),
        "these cases agree now: take them out of KNOWN_DIFFERENT: {now_agree:?}"
    );
}

/// The loop of issue 10: pdb's `step` stops on the loop header after every iteration and
/// once more when it ends, and the module's implicit `return None` has no event of its own.
#[test]
fn a_for_loop_steps_as_cpython_does() {
    let text = "total = 0\nfor r in [1, 2, 3]:\n    total += r\nprint(total)\nx = 1\n";
    let snippet = refscope::load::load_str("loop.py", text).unwrap();
    let lines = refscope::trace::line_events(Session::new(snippet, VmOptions::default())).unwrap();
    assert_eq!(lines, [1, 2, 3, 2, 3, 2, 3, 2, 4, 5]);
}

/// A `while` loop reports its header once per iteration (the test is compiled again at
/// the bottom of the body, on the `while` line), and `while True:` too.
#[test]
fn a_while_loop_reports_its_header_once_per_iteration() {
    let run = |text: &str| {
        let snippet = refscope::load::load_str("w.py", text).unwrap();
        refscope::trace::line_events(Session::new(snippet, VmOptions::default())).unwrap()
    };
    assert_eq!(
        run("i = 0\nwhile i < 2:\n    i += 1\ny = i\n"),
        [1, 2, 3, 2, 3, 2, 4]
    );
    assert_eq!(
        run("i = 0\nwhile True:\n    i += 1\n    if i == 2:\n        break\ny = i\n"),
        [1, 2, 3, 4, 2, 3, 4, 5, 6]
    );
}

/// A module without statements (an empty file, only comments) has one line event, on line 0:
/// its `RESUME` is on line 0 and gives it to the implicit `return None` (CPython's `dis` shows
/// that line 0 too).
#[test]
fn a_module_without_statements_reports_line_0() {
    for text in ["", "# only a comment\n", "\n\n# two\n\n"] {
        let snippet = refscope::load::load_str("empty.py", text).unwrap();
        let lines =
            refscope::trace::line_events(Session::new(snippet, VmOptions::default())).unwrap();
        assert_eq!(lines, [0], "{text:?}");
    }
    // with a statement everything is on the statements' lines
    let snippet = refscope::load::load_str("one.py", "# c\n\nx = 1\n").unwrap();
    let lines = refscope::trace::line_events(Session::new(snippet, VmOptions::default())).unwrap();
    assert_eq!(lines, [3]);
}
