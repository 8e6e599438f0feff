//! The engine at its limits: deep recursion, memory caps, very deep structures, syntax errors
//! and constructs the model does not have. Every expected text below was printed by python3
//! 3.11 for the same snippet, saved as `x.py` and run as `python3 x.py` (stderr).
//!
//! These run on the default test-thread stack (2 MiB in the debug build): the VM must not
//! recurse in Rust per Python call, nor per level of a nested structure when it frees it.

use refscope::load::load_str;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

fn options() -> VmOptions {
    VmOptions {
        filename: "x.py".into(),
        ..VmOptions::default()
    }
}

/// Run `src` to the end as `x.py`; (exit status, stdout, stderr).
fn run_with(src: &str, options: VmOptions) -> (i32, String, String) {
    let snippet = load_str("x.py", src).expect("snippet loads");
    let mut session = Session::new(snippet, options);
    let code = session.run_to_end();
    (code, session.vm.stdout.clone(), session.vm.stderr.clone())
}

fn run(src: &str) -> (i32, String, String) {
    run_with(src, options())
}

#[test]
fn unbounded_recursion_is_a_recursion_error_at_cpythons_depth() {
    let (code, _, err) = run("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(code, 1);
    let expected = "\
Traceback (most recent call last):
  File \"x.py\", line 3, in <module>
    f(0)
  File \"x.py\", line 2, in f
    return f(n + 1)
           ^^^^^^^^
  File \"x.py\", line 2, in f
    return f(n + 1)
           ^^^^^^^^
  File \"x.py\", line 2, in f
    return f(n + 1)
           ^^^^^^^^
  [Previous line repeated 996 more times]
RecursionError: maximum recursion depth exceeded
";
    assert_eq!(err, expected);
}

#[test]
fn recursion_error_can_be_caught_and_the_limit_changed() {
    // python3: "maximum recursion depth exceeded" twice, then 49 (the depth reached under a
    // limit of 50: the module frame plus 49 calls of f)
    let src = "\
import sys
def f(n):
    return f(n + 1)
try:
    f(0)
except RecursionError as e:
    print(e)
sys.setrecursionlimit(50)
depth = 0
def g():
    global depth
    depth += 1
    g()
try:
    g()
except RecursionError as e:
    print(e)
print(depth)
";
    let (code, out, err) = run(src);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "maximum recursion depth exceeded\nmaximum recursion depth exceeded\n49\n"
    );
}

#[test]
fn a_short_repetition_is_not_collapsed() {
    // three identical entries print in full; the fourth becomes "repeated 1 more time"
    let src =
        "def g(n):\n    if n == 0:\n        raise ValueError('x')\n    return g(n - 1)\ng(4)\n";
    let (_, _, err) = run(src);
    let expected = "\
Traceback (most recent call last):
  File \"x.py\", line 5, in <module>
    g(4)
  File \"x.py\", line 4, in g
    return g(n - 1)
           ^^^^^^^^
  File \"x.py\", line 4, in g
    return g(n - 1)
           ^^^^^^^^
  File \"x.py\", line 4, in g
    return g(n - 1)
           ^^^^^^^^
  [Previous line repeated 1 more time]
  File \"x.py\", line 3, in g
    raise ValueError('x')
ValueError: x
";
    assert_eq!(err, expected);
    let (_, _, err3) = run(&src.replace("g(4)", "g(3)"));
    assert!(!err3.contains("Previous line"), "{err3}");
    assert_eq!(err3.matches("line 4, in g").count(), 3);
}

#[test]
fn asking_for_more_than_the_memory_cap_is_a_memory_error() {
    let src = "a = [0] * (10**9)\n";
    let (code, _, err) = run(src);
    assert_eq!(code, 1);
    let expected = "\
Traceback (most recent call last):
  File \"x.py\", line 1, in <module>
    a = [0] * (10**9)
        ~~~~^~~~~~~~~
MemoryError
";
    assert_eq!(err, expected);
    // a small cap: a modest request fails, a tiny one still works, and the error is catchable
    let capped = VmOptions {
        memory_cap: 4 << 20,
        ..options()
    };
    let src = "\
try:
    big = [None] * 1_000_000
except MemoryError as e:
    print('MemoryError', repr(e))
small = [None] * 1000
print(len(small))
";
    let (code, out, err) = run_with(src, capped);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "MemoryError MemoryError()\n1000\n");
    // without the cap, the same request succeeds
    let (code, out, _) = run("big = [None] * 1_000_000\nprint(len(big))\n");
    assert_eq!((code, out.as_str()), (0, "1000000\n"));
    // tuple() preallocates from the length hint as PySequence_Tuple does: a hint past the
    // memory there is fails at once (python3 3.11 prints MemoryError in 0.3 s)
    let src =
        "try:\n    x = tuple(range(10**10))\nexcept MemoryError as e:\n    print('MemoryError')\n";
    let (code, out, err) = run(src);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "MemoryError\n", ""));
}

#[test]
fn growing_one_small_object_at_a_time_still_meets_the_cap() {
    // no single request is big: the evaluation loop's periodic check raises MemoryError
    let capped = VmOptions {
        memory_cap: 2 << 20,
        ..options()
    };
    let src = "\
l = []
try:
    while True:
        l.append([1, 2, 3])
except MemoryError:
    n = len(l)
    l = None
    print('stopped', 10_000 < n < 40_000)
";
    let (code, out, err) = run_with(src, capped);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "stopped True\n");
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "a million-iteration loop: run with --release"
)]
fn a_million_deep_nested_list_is_freed_without_overflow_and_refcounts_stay_exact() {
    let src = "\
import gc
a = []
for i in range(1000000):
    a = [a]
n = len(gc.get_objects())
del a
print(n - len(gc.get_objects()))
";
    let snippet = load_str("x.py", src).expect("snippet loads");
    let mut session = Session::new(snippet, options());
    let code = session.run_to_end_without_shutdown();
    assert_eq!(code, 0, "{}", session.vm.stderr);
    // every one of the 1,000,001 lists was freed by `del a`
    assert_eq!(session.vm.stdout, "1000001\n");
    refscope::invariant::check_refcounts(&session.vm, &session.extra_roots())
        .expect("refcounts exact after freeing the nest");
}

#[test]
fn a_deep_nest_keeps_exact_refcounts_while_alive_and_frees_iteratively() {
    // the debug-build variant: 100,000 levels (far deeper than a Rust recursion per level
    // could follow on a 2 MiB stack), checked while alive and after `del`
    let build =
        "import gc\na = []\nfor i in range(100000):\n    a = [a]\nn = len(gc.get_objects())\n";
    let mut alive = Session::new(load_str("x.py", build).expect("loads"), options());
    assert_eq!(alive.run_to_end_without_shutdown(), 0);
    refscope::invariant::check_refcounts(&alive.vm, &alive.extra_roots())
        .expect("refcounts exact with the nest alive");
    let freed = format!("{build}del a\nprint(n - len(gc.get_objects()))\n");
    let mut session = Session::new(load_str("x.py", &freed).expect("loads"), options());
    assert_eq!(
        session.run_to_end_without_shutdown(),
        0,
        "{}",
        session.vm.stderr
    );
    assert_eq!(session.vm.stdout, "100001\n");
    refscope::invariant::check_refcounts(&session.vm, &session.extra_roots())
        .expect("refcounts exact after freeing the nest");
}

/// (snippet, python3's stderr for it saved as x.py)
const SYNTAX_ERRORS: &[(&str, &str)] = &[
    (
        "def f(n)\n    return n\n",
        "  File \"x.py\", line 1\n    def f(n)\n            ^\nSyntaxError: expected ':'\n",
    ),
    (
        "x = [1, 2,\ny = 3\n",
        "  File \"x.py\", line 1\n    x = [1, 2,\n        ^\nSyntaxError: '[' was never closed\n",
    ),
    (
        "def f():\n    x = 1\n      y = 2\n",
        "  File \"x.py\", line 3\n    y = 2\nIndentationError: unexpected indent\n",
    ),
    (
        "x = 1\nf() = 3\n",
        "  File \"x.py\", line 2\n    f() = 3\n    ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n",
    ),
    (
        "print \"x\"\n",
        "  File \"x.py\", line 1\n    print \"x\"\n    ^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n",
    ),
    (
        "s = 'abc\n",
        "  File \"x.py\", line 1\n    s = 'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n",
    ),
];

#[test]
fn syntax_errors_print_as_cpython_prints_them() {
    for (src, expected) in SYNTAX_ERRORS {
        let (code, out, err) = run(src);
        assert_eq!(code, 1, "{src:?}");
        assert_eq!(out, "", "{src:?}");
        assert_eq!(&err, expected, "{src:?}");
    }
}

#[test]
fn unsupported_constructs_say_what_and_where() {
    let (code, _, err) = run("x = 1\nasync def f():\n    pass\n");
    assert_eq!(code, 1);
    assert!(
        err.contains("NotImplementedError") && err.contains("async def") && err.contains("line 2"),
        "{err}"
    );
    let (code, out, err) = run("print('before')\nimport subprocess\nprint('after')\n");
    assert_eq!(code, 1);
    assert_eq!(out, "before\n");
    assert!(
        err.contains("line 2")
            && err.contains("'subprocess'")
            && err.contains("ModuleNotFoundError"),
        "{err}"
    );
    // `os` is modelled for its path strings: a file-system call names itself and its line
    let (code, out, err) = run("import os\nprint(os.path.join('a', 'b'))\nos.listdir('.')\n");
    assert_eq!(code, 1);
    assert_eq!(out, "a/b\n");
    assert!(
        err.contains("NotImplementedError") && err.contains("os.listdir") && err.contains("line 3"),
        "{err}"
    );
    // an unknown module is an ordinary, catchable ImportError subclass, as in CPython
    let (code, out, _) =
        run("try:\n    import subprocess\nexcept ImportError as e:\n    print(type(e).__name__)\n");
    assert_eq!((code, out.as_str()), (0, "ModuleNotFoundError\n"));
}
