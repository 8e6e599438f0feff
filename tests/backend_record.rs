//! Recording in the background ([`Background`]): the records are read while the snippet
//! runs, the steps so far can be asked at any time, and stopping keeps what was recorded.
//! Needs a CPython `python3` (skipped, saying so, without one).

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use refscope::backend::cpython::{Background, Poll, RunOptions};

fn python3() -> bool {
    std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; assert sys.implementation.name == 'cpython'",
        ])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_background_recording_counts_its_steps_and_stopping_keeps_them() {
    if !python3() {
        eprintln!("no CPython python3: background recording test skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("refscope-bg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long.py");
    std::fs::write(&file, "total = 0\nfor i in range(10**8):\n    total += i\n").unwrap();
    let mut opts = RunOptions::for_file("python3", &file);
    opts.limit = 100_000_000;
    let mut bg = Background::start(opts, Arc::new(AtomicBool::new(false)));
    let started = Instant::now();
    let mut counts = Vec::new();
    // calibration first (the first time this recorder meets python3), then the steps
    while counts.len() < 3 && started.elapsed() < Duration::from_secs(300) {
        match bg.poll(Duration::from_millis(50)) {
            Poll::Running { steps } if steps > 0 && counts.last() != Some(&steps) => {
                counts.push(steps)
            }
            Poll::Running { .. } => {}
            Poll::Done(r) => panic!("ended on its own: {:?}", r.map(|r| r.steps.len())),
        }
    }
    assert!(counts.len() == 3 && counts[2] > counts[0], "{counts:?}");
    bg.stop();
    let rec = loop {
        match bg.poll(Duration::from_millis(100)) {
            Poll::Running { .. } => assert!(started.elapsed() < Duration::from_secs(360)),
            Poll::Done(r) => break r.expect("the steps recorded before the stop"),
        }
    };
    assert!(rec.end.stopped, "{:?}", rec.end);
    assert!(!rec.end.finished);
    assert!(
        rec.steps.len() >= counts[2],
        "{} < {counts:?}",
        rec.steps.len()
    );
    assert_eq!(rec.steps[1].line, 2, "the loop's first line event");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A list first met on a frame's value stack (listed there, not walked) and later reached by
/// a name or as an item is walked all the same: what it holds does not depend on the order the
/// recorder meets it in. `results.append(make(3))` keeps `results` on the module's stack while
/// `make` runs, and `box[0].append(...)` keeps `box[0]`; both are named (or held) too.
#[test]
fn a_container_on_a_value_stack_is_still_walked_from_its_name() {
    if !python3() {
        eprintln!("no CPython python3: recorder walk test skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("refscope-stack-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("stack.py");
    std::fs::write(
        &file,
        "def make(n):\n    return n * 2\n\nresults = [[0]]\nresults.append(make(3))\n\
         box = [[1, 2]]\nbox[0].append(make(4))\n",
    )
    .unwrap();
    let opts = RunOptions::for_file("python3", &file);
    let rec = refscope::backend::cpython::record(&opts, &mut |_| {}, None).expect("recorded");
    let rec = std::rc::Rc::new(rec);
    let mut run = refscope::backend::recording::RecordedRun::new(rec.clone());
    let mut inside = 0;
    for k in 1..=rec.steps.len() {
        run.goto(k);
        let step = run.current().unwrap().clone();
        if step.frame != "make" {
            continue;
        }
        inside += 1;
        let named = |name: &str| {
            step.names
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, id)| run.object(*id).expect("a named object is recorded"))
        };
        let results = named("results").expect("results is bound before make runs");
        assert_eq!(
            results.edges.len(),
            if inside == 1 { 1 } else { 2 },
            "step {k}"
        );
        for e in &results.edges {
            assert!(
                run.object(e.target).is_some(),
                "step {k}: results' item recorded"
            );
        }
        if let Some(b) = named("box") {
            assert_eq!(b.edges.len(), 1, "step {k}");
            let inner = run.object(b.edges[0].target).expect("box[0] recorded");
            assert_eq!(inner.edges.len(), 2, "step {k}: box[0] holds 1 and 2");
            assert_eq!(run.repr(b.edges[0].target), "[1, 2]", "step {k}");
        }
    }
    assert_eq!(inside, 2, "make's line runs twice");
    let _ = std::fs::remove_dir_all(&dir);
}

fn record(name: &str, text: &str) -> refscope::backend::recording::Recording {
    let dir = std::env::temp_dir().join(format!("refscope-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.py"));
    std::fs::write(&file, text).unwrap();
    let opts = RunOptions::for_file("python3", &file);
    let rec = refscope::backend::cpython::record(&opts, &mut |_| {}, None).expect("recorded");
    let _ = std::fs::remove_dir_all(&dir);
    rec
}

/// What the learner's views ask of a recording beyond the names: the value a call gave
/// back to the line just executed (not `__init__`'s to `type_call`, not a `key=` function's
/// to `sorted`), a function's parameter count, and the post-mortem state an uncaught
/// exception leaves (the exception, its traceback's frames with their locals).
#[test]
fn a_recording_knows_returns_parameters_and_the_uncaught_exception() {
    use refscope::analysis::HeapState;
    if !python3() {
        eprintln!("no CPython python3: recorder return test skipped");
        return;
    }
    let rec = record(
        "returns",
        "def add(a, b=2, *, c=3):\n    total = [a, b, c]\n    return total\n\n\
         class C:\n    def __init__(self):\n        self.v = 1\n\n\
         def neg(x):\n    return -x\n\n\
         def fail(x):\n    items = [x, x]\n    return items[5]\n\n\
         first = add(1)\nc = C()\ns = sorted([3, 1], key=neg)\nthird = fail(7)\n",
    );
    let rec = std::rc::Rc::new(rec);
    let mut run = refscope::backend::recording::RecordedRun::new(rec.clone());
    let mut returns = Vec::new();
    let mut add_params = None;
    for k in 1..=rec.steps.len() {
        run.goto(k);
        let step = run.current().unwrap().clone();
        if let Some(r) = run.last_return() {
            returns.push((step.line, r.function.clone(), run.repr(r.value)));
        }
        if let Some((_, f)) = step.names.iter().find(|(n, _)| n == "add") {
            let code = run
                .object(*f)
                .unwrap()
                .edges
                .iter()
                .find(|e| e.slot == refscope::object::Slot::Field("__code__"))
                .map(|e| e.target);
            add_params = code.and_then(|c| run.arg_count(c));
        }
        assert_eq!(run.uncaught(), None, "step {k}: no exception left yet");
    }
    // first = add(1) (line 16) got add's list: shown at the next step (line 17);
    // C() and sorted(key=neg) got nothing back from __init__ or neg at their lines
    assert_eq!(
        returns,
        vec![(17, "add".to_string(), "[1, 2, 3]".to_string())],
        "the returns the lines got"
    );
    assert_eq!(add_params, Some(2), "add has two positional parameters");
    // the post-mortem stop: one state past the last line event
    assert!(
        run.goto_post_mortem(),
        "an uncaught exception leaves a post-mortem state"
    );
    assert!(run.at_post_mortem());
    assert_eq!(run.step(), rec.steps.len() + 1);
    let exc = run.uncaught().expect("the uncaught exception");
    assert_eq!(run.type_name(exc), "IndexError");
    assert_eq!(
        run.position().map(|p| p.line),
        Some(14),
        "the raise in fail"
    );
    let frames = run.name_frames();
    let fail = frames
        .iter()
        .find(|f| f.title == "fail")
        .expect("the traceback keeps fail's frame");
    let names: Vec<(String, String)> = fail
        .names
        .iter()
        .map(|(n, v)| (n.clone(), run.repr(*v)))
        .collect();
    assert_eq!(
        names,
        vec![
            ("x".to_string(), "7".to_string()),
            ("items".to_string(), "[7, 7]".to_string())
        ]
    );
    let mut roots = Vec::new();
    run.for_each_root(&mut |r, id| {
        if matches!(r, refscope::analysis::Root::Uncaught) {
            roots.push(id);
        }
    });
    assert!(roots.contains(&exc), "the exception is a root: {roots:?}");
    // and back: the last line event again, no exception
    run.goto(rec.steps.len());
    assert!(!run.at_post_mortem());
    assert_eq!(run.uncaught(), None);
}

/// Runs `text` untraced (`python3 FILE`, what it prints) and recorded; the snippet prints the
/// facts an untraced run has, one per line, for the test to hold the recording to.
fn untraced_and_recorded(
    name: &str,
    text: &str,
) -> (Vec<String>, refscope::backend::recording::Recording) {
    let dir = std::env::temp_dir().join(format!("refscope-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{name}.py"));
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new("python3")
        .arg(&file)
        .current_dir(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    let opts = RunOptions::for_file("python3", &file);
    let rec = refscope::backend::cpython::record(&opts, &mut |_| {}, None).expect("recorded");
    let _ = std::fs::remove_dir_all(&dir);
    (printed, rec)
}

/// The state of `name` (a global, or a local of the innermost frame) at the first step at
/// `line`: (refcount, size, start-up, references the parser's arena holds).
fn state_at(
    rec: refscope::backend::recording::Recording,
    line: u32,
    name: &str,
) -> (i64, usize, bool, i64) {
    use refscope::analysis::{HeapState, Root};
    let rec = std::rc::Rc::new(rec);
    let mut run = refscope::backend::recording::RecordedRun::new(rec.clone());
    for k in 1..=rec.steps.len() {
        run.goto(k);
        let step = run.current().unwrap().clone();
        if step.line != line {
            continue;
        }
        let local = step
            .frames
            .last()
            .and_then(|f| f.locals.iter().find(|(n, _)| n == name));
        let id = local
            .or_else(|| step.names.iter().find(|(n, _)| n == name))
            .map(|(_, id)| *id)
            .unwrap_or_else(|| panic!("{name} is bound at line {line}"));
        let info = run.info(id);
        let mut arena = 0;
        run.for_each_root(&mut |r, target| {
            if target == id && matches!(r, Root::ParserArena) {
                arena += 1;
            }
        });
        return (info.refcnt, info.size, info.startup, arena);
    }
    panic!("no step at line {line}");
}

/// 3.11 under a tracer: `data.sort(key=key)` calls the method descriptor through
/// `trace_call_function`, whose temporary bound method holds `data` while `key` runs. The
/// recorder takes that reference off: `data` has what an untraced run has (the name and
/// the caller's value stack).
#[test]
fn a_method_descriptor_call_under_the_tracer_adds_no_reference_to_its_receiver() {
    if !python3() {
        eprintln!("no CPython python3: recorder test skipped");
        return;
    }
    let (printed, rec) = untraced_and_recorded(
        "tempmethod",
        "import sys\ndata = [3, 1, 2]\nseen = []\ndef key(v):\n    seen.append(sys.getrefcount(data) - 1)\n    return v\n\
         data.sort(key=key)\nprint(seen[0])\n",
    );
    let (rc, ..) = state_at(rec, 5, "data");
    assert_eq!(rc.to_string(), printed[0], "data's refcount inside key");
}

/// A string that is also a global's name and a function's qualname: the records' names and
/// frames' functions are copies, so the recorder's reading of the names adds nothing to it.
/// The parser's arena (script mode) holds it once per parse of the name: counted, listed
/// as the arena's.
#[test]
fn names_the_recorder_reads_add_no_references_and_the_arena_is_counted() {
    if !python3() {
        eprintln!("no CPython python3: recorder test skipped");
        return;
    }
    let (printed, rec) = untraced_and_recorded(
        "namecopies",
        "import sys\ndef level2():\n    return 1\ns = 'level2'\nlevel2()\nprint(sys.getrefcount(s) - 1)\n",
    );
    let (rc, _, startup, arena) = state_at(rec, 6, "s");
    assert!(!startup);
    assert_eq!(rc.to_string(), printed[0], "s's refcount");
    assert!(
        arena >= 2,
        "the parser's arena holds 'level2' per parse: {arena}"
    );
}

/// Objects the walk does not enter and that grow in place (a bytearray) are described anew
/// when their size changes; a C heap type's `__sizeof__` (`array.array`) is called; a set
/// that may take a dead start-up set's memory is told apart from it.
#[test]
fn sizes_follow_objects_that_grow_in_place() {
    if !python3() {
        eprintln!("no CPython python3: recorder test skipped");
        return;
    }
    let (printed, rec) = untraced_and_recorded(
        "growth",
        "import sys, array\nb = bytearray(b'x')\nfor i in range(40):\n    b.append(i)\n\
         a = array.array('i', [1, 2, 3])\ns = {3, 1, 2}\ns.update([5, 6], (7,), {8})\n\
         print(sys.getsizeof(b), sys.getsizeof(a), sys.getsizeof(s))\n",
    );
    let rec = std::rc::Rc::new(rec);
    let sizes: Vec<String> = printed[0].split(' ').map(str::to_string).collect();
    let (_, b, ..) = state_at((*rec).clone(), 8, "b");
    let (_, a, ..) = state_at((*rec).clone(), 8, "a");
    let (_, s, startup, _) = state_at((*rec).clone(), 8, "s");
    assert_eq!(vec![b.to_string(), a.to_string(), s.to_string()], sizes);
    assert!(!startup, "the set is the snippet's");
}

/// `refscope --python python3 ../snippet.py`: CPython makes the script's path absolute
/// without normalising it (`/cwd/../snippet.py`); the snippet's frames are recognised all
/// the same (they were not: no step was recorded).
#[test]
fn a_snippet_given_by_a_path_through_dotdot_is_recorded() {
    if !python3() {
        eprintln!("no CPython python3: recorder test skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("refscope-dotdot-{}", std::process::id()));
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(dir.join("up.py"), "a = [1]\nb = a\nprint(len(b))\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_refscope"))
        .args([
            "trace", "--python", "python3", "--format", "lines", "../up.py",
        ])
        .current_dir(&sub)
        .output()
        .expect("refscope runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.lines().take(3).collect::<Vec<_>>(),
        vec!["1", "2", "3"],
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The recorder's callbacks are Python frames: they must not count against the snippet's
/// recursion limit. A recursion to three frames short of a limit of 30 is recorded to its
/// end (every frame of it at a step), and one that runs into the limit is recorded up to two
/// frames short of it: the recording then says it stops, and the snippet goes on untraced,
/// raising its `RecursionError`s where and as the untraced run does.
#[test]
fn the_recorder_leaves_the_snippet_its_recursion_budget() {
    if !python3() {
        eprintln!("no CPython python3: recursion budget test skipped");
        return;
    }
    let text = "import sys\n\
                sys.setrecursionlimit(30)\n\
                def f(n):\n    \
                    return f(n - 1) + 1 if n else sys._getframe().f_back is not None\n\
                print(f(25))\n\
                def g(n):\n    \
                    return g(n + 1) if n < 10 ** 6 else n\n\
                for i in range(2):\n    \
                    try:\n        \
                        g(0)\n    \
                    except RecursionError as e:\n        \
                        print(e)\n\
                print('end')\n";
    let (printed, rec) = untraced_and_recorded("budget", text);
    assert_eq!(
        printed,
        [
            "26",
            "maximum recursion depth exceeded",
            "maximum recursion depth exceeded",
            "end"
        ],
        "python3 untraced"
    );
    // f's deepest frame (depth 27: the module and 26 calls of f) has recorded steps
    let deepest = rec.steps.iter().map(|s| s.frames.len()).max().unwrap_or(0);
    assert!(deepest >= 27, "deepest recorded frame stack {deepest}");
    let (n, why) = rec
        .end
        .lost
        .clone()
        .expect("the recording says where it stops");
    assert_eq!(n as usize, rec.steps.len());
    assert!(why.contains("recursion limit"), "{why}");
    assert_eq!(
        rec.stdout(),
        printed.join("\n") + "\n",
        "what the snippet printed"
    );
}
