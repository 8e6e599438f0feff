//! `refscope trace --format json` keeps the contract of `docs/trace-format.md`: one record
//! per line event, keys in order, the innermost frame's qualified name, the names the snippet
//! bound (not what was there before it ran, not IPython's machinery), the frames outermost
//! first with their bound locals, stdout since the previous step, and the objects the names
//! reach with their refcounts and holders.

use refscope::trace::{trace_session, TraceFormat};
use refscope::vm::session::Session;
use refscope::vm::VmOptions;
use serde_json::Value;

fn records(name: &str, text: &str) -> Vec<Value> {
    let snippet = refscope::load::load_str(name, text).unwrap();
    let session = Session::new(snippet, VmOptions::default());
    let (bytes, run) = trace_session(session, TraceFormat::Json, Vec::new()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let out: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(run.steps as usize, out.len());
    out
}

fn lines(name: &str, text: &str) -> Vec<u32> {
    let snippet = refscope::load::load_str(name, text).unwrap();
    refscope::trace::line_events(Session::new(snippet, VmOptions::default())).unwrap()
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(|k| k.as_str()).collect()
}

const SCRIPT: &str = "class Node:\n    def __init__(self, v):\n        self.v = v\n\na = [1, 2]\nb = a\nprint('made')\nn = Node(a)\nx = 1\n";

#[test]
fn a_script_gives_one_record_per_line_event() {
    let recs = records("s.py", SCRIPT);
    let lines_of: Vec<u64> = recs.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    // CPython's events: the class body runs on lines 1 and 2
    assert_eq!(lines_of, [1, 1, 2, 5, 6, 7, 8, 3, 9]);
    assert_eq!(
        lines("s.py", SCRIPT),
        lines_of.iter().map(|&l| l as u32).collect::<Vec<_>>()
    );
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["step"], i + 1);
        assert_eq!(
            keys(r),
            ["step", "line", "frame", "names", "frames", "stdout", "objects"],
            "a script's records carry no cell"
        );
    }
    // inside the method: its qualified name, the module frame first, then the method's
    // bound locals in co_varnames order
    let inside = &recs[7];
    assert_eq!(inside["frame"], "Node.__init__");
    let frames = inside["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 2);
    assert_eq!(frames[0]["function"], "<module>");
    assert_eq!(frames[0]["line"], 8);
    assert_eq!(frames[0]["locals"].as_object().unwrap().len(), 0);
    assert_eq!(frames[1]["function"], "Node.__init__");
    let locals: Vec<&str> = keys(&frames[1]["locals"]);
    assert_eq!(locals, ["self", "v"]);
    // names: what the snippet bound, in the dict's order; a and b are one object
    let names = inside["names"].as_object().unwrap();
    assert_eq!(
        names.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["Node", "a", "b"]
    );
    assert_eq!(names["a"], names["b"]);
    assert_eq!(frames[1]["locals"]["v"], names["a"]);
    // the list: two names, the parameter v, the caller's value stack (the argument of
    // `Node(a)` stays there while `__init__` runs) and `type_call`'s argument tuple hold it
    // (python3: `sys.getrefcount(v)` is 6 there)
    let objects = inside["objects"].as_array().unwrap();
    let list = objects.iter().find(|o| o["id"] == names["a"]).unwrap();
    assert_eq!(list["type"], "list");
    assert_eq!(list["repr"], "[1, 2]");
    assert_eq!(list["refcount"], 5);
    assert_eq!(list["gc"], "gen0");
    assert_eq!(list["startup"], false);
    assert_eq!(list["unseen"], 0);
    let held: i64 = list["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["count"].as_i64().unwrap())
        .sum();
    assert_eq!(held, 5);
    let texts: Vec<&str> = list["holders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&"the value stack of <module>"), "{texts:?}");
    assert!(texts.contains(&"parameter v of Node.__init__"), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("tuple")), "{texts:?}");
    // stdout: what was printed since the previous record, once
    let printed: Vec<&str> = recs.iter().map(|r| r["stdout"].as_str().unwrap()).collect();
    assert_eq!(printed, ["", "", "", "", "", "", "made\n", "", ""]);
}

#[test]
fn cells_carry_their_index_and_leave_out_ipythons_names() {
    let text = "# a title\n# %%\ndef f(x):\n    return x\n# %%\ny = f(2)\ny\n";
    let recs = records("c.py", text);
    let at: Vec<(u64, u64)> = recs
        .iter()
        .map(|r| (r["cell"].as_u64().unwrap(), r["line"].as_u64().unwrap()))
        .collect();
    // the title cell (cell 0) runs no code; lines are the file's, and inside `f` the cell
    // is the one that defined it
    assert_eq!(at, [(1, 3), (2, 6), (1, 4), (2, 7)]);
    for r in &recs {
        assert_eq!(
            keys(r),
            ["step", "cell", "line", "frame", "names", "frames", "stdout", "objects"]
        );
        for name in r["names"].as_object().unwrap().keys() {
            assert!(
                ["f", "y"].contains(&name.as_str()),
                "{name} is not a name the snippet bound"
            );
        }
    }
    assert_eq!(recs[2]["frame"], "f");
    // after `y = f(2)` ran, and the displayed `y` binds `_` and `_2` (IPython's, left out)
    let last = recs[3]["names"].as_object().unwrap();
    assert_eq!(last.keys().collect::<Vec<_>>(), ["f", "y"]);
}
