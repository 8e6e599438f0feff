//! Comparing two runs of one snippet step by step: the model's records and a recorded real
//! CPython's, both in the `refscope trace --format json` form. What is compared is fixed by
//! the last section of `docs/trace-format.md`: the line (and cell) and the frame's function,
//! and for every name in `names` and every frame's `locals`: the object's type, refcount
//! and collector state (both skipped when either side calls the object a start-up one: small
//! ints, `None`, bools, interned strings and modules are interpreter noise; the refcount less
//! what the parser's arena holds, `arena`), size, and which
//! names share one object; `stdout` as the text printed so far. Ids, addresses and reprs are never compared:
//! each backend numbers its objects its own way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

/// The first difference between two runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The step (counting from 1) where the runs first differ.
    pub step: usize,
    /// The line the left run is at there (None past its end).
    pub line: Option<u64>,
    /// What differs, in words (`a: refcount 3 vs 2`).
    pub what: String,
    /// A short key grouping differences of one kind (`refcount`, `line`, `type`, `size`,
    /// `gc`, `sharing`, `names`, `frames`, `stdout`, `steps`), for the campaign's tables.
    pub kind: &'static str,
}

/// Which facts to leave out (sizes between a 64-bit and a 32-bit build).
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub ignore_sizes: bool,
}

/// An object's refcount less the references the parser's arena holds to it (`arena`, 0 when a
/// record has none: cells, older goldens): a comparison counts what the snippet's code holds,
/// not how many times CPython's parser read a name (see `docs/trace-format.md`).
fn outside_arena(o: &Value) -> Option<i64> {
    let rc = field(o, "refcount").as_i64()?;
    Some(rc - field(o, "arena").as_i64().unwrap_or(0))
}

/// A name of the step: a global (`a`) or a frame's local (`f.x`, `f#2.x` for the second
/// frame of `f`).
fn scoped_names(rec: &Value) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    if let Some(names) = rec.get("names").and_then(Value::as_object) {
        for (n, id) in names {
            if let Some(id) = id.as_u64() {
                out.push((n.clone(), id));
            }
        }
    }
    if let Some(frames) = rec.get("frames").and_then(Value::as_array) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for f in frames.iter().skip(1) {
            let func = f.get("function").and_then(Value::as_str).unwrap_or("?");
            let n = seen.entry(func.to_string()).or_insert(0);
            *n += 1;
            let scope = if *n == 1 {
                func.to_string()
            } else {
                format!("{func}#{n}")
            };
            if let Some(locals) = f.get("locals").and_then(Value::as_object) {
                for (name, id) in locals {
                    if let Some(id) = id.as_u64() {
                        out.push((format!("{scope}.{name}"), id));
                    }
                }
            }
        }
    }
    out
}

fn objects(rec: &Value) -> HashMap<u64, &Value> {
    rec.get("objects")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|o| Some((o.get("id")?.as_u64()?, o)))
                .collect()
        })
        .unwrap_or_default()
}

/// The partition of names by the object they name: for each name, the other names of its
/// object (sorted), so the two runs compare without their ids.
fn sharing(names: &[(String, u64)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_id: HashMap<u64, Vec<&str>> = HashMap::new();
    for (n, id) in names {
        by_id.entry(*id).or_default().push(n);
    }
    let mut out = BTreeMap::new();
    for (n, id) in names {
        let others: BTreeSet<String> = by_id[id]
            .iter()
            .filter(|o| **o != n.as_str())
            .map(|o| o.to_string())
            .collect();
        out.insert(n.clone(), others);
    }
    out
}

fn field<'a>(o: &'a Value, key: &str) -> &'a Value {
    o.get(key).unwrap_or(&Value::Null)
}

/// Address-like tokens of printed text replaced by `<addrN>`, numbered by first appearance
/// and keyed by value (so `id(x)` and `hex(id(x))` of one object are one token), as the
/// fidelity tests normalise outputs (`tests/fidelity/normalize.py`): hexadecimal literals
/// `0x` with 8 or more digits, and decimal integers of 10 or more digits not part of a
/// name, a hex literal or a float. Two outputs normalise alike exactly when they show the
/// same identity pattern; the addresses themselves differ from run to run.
pub fn normalize_addresses(text: &str) -> String {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let mut token: Option<(usize, String)> = None;
        if b[i] == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j - i - 2 >= 8 && !b.get(j).is_some_and(|&c| word(c)) {
                let digits = text[i + 2..j].trim_start_matches('0').to_ascii_lowercase();
                let value = u128::from_str_radix(&digits, 16)
                    .map(|v| v.to_string())
                    .unwrap_or(digits);
                token = Some((j, value));
            }
        } else if b[i].is_ascii_digit() && (i == 0 || !(word(b[i - 1]) || b[i - 1] == b'.')) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let float = b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit);
            if j - i >= 10 && !b.get(j).is_some_and(|&c| word(c)) && !float {
                let digits = text[i..j].trim_start_matches('0');
                token = Some((j, digits.to_string()));
            } else {
                // the run is no token: none starts inside it
                i = j;
                continue;
            }
        }
        match token {
            Some((end, value)) => {
                out.push_str(&text[copied..i]);
                let n = seen.len() + 1;
                let k = *seen.entry(value).or_insert(n);
                out.push_str(&format!("<addr{k}>"));
                i = end;
                copied = end;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Compare one step of each run (`printed_*`: everything printed up to this step).
fn compare_step(
    left: &Value,
    right: &Value,
    printed_left: &str,
    printed_right: &str,
    labels: (&str, &str),
    opts: Options,
) -> Option<(String, &'static str)> {
    let (l, r) = labels;
    for key in ["cell", "line"] {
        if field(left, key) != field(right, key) {
            return Some((
                format!(
                    "{key} {} ({l}) vs {} ({r})",
                    field(left, key),
                    field(right, key)
                ),
                "line",
            ));
        }
    }
    if field(left, "frame") != field(right, "frame") {
        return Some((
            format!(
                "running {} ({l}) vs {} ({r})",
                field(left, "frame"),
                field(right, "frame")
            ),
            "frames",
        ));
    }
    let fl = left
        .get("frames")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let fr = right
        .get("frames")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if fl != fr {
        return Some((format!("{fl} frames ({l}) vs {fr} ({r})"), "frames"));
    }
    let nl = scoped_names(left);
    let nr = scoped_names(right);
    let set_l: BTreeSet<&str> = nl.iter().map(|n| n.0.as_str()).collect();
    let set_r: BTreeSet<&str> = nr.iter().map(|n| n.0.as_str()).collect();
    if let Some(n) = set_l.difference(&set_r).next() {
        return Some((format!("{n} is bound ({l}) but not ({r})"), "names"));
    }
    if let Some(n) = set_r.difference(&set_l).next() {
        return Some((format!("{n} is bound ({r}) but not ({l})"), "names"));
    }
    let ol = objects(left);
    let or = objects(right);
    let ids_r: HashMap<&str, u64> = nr.iter().map(|(n, id)| (n.as_str(), *id)).collect();
    for (name, id_l) in &nl {
        let (Some(a), Some(b)) = (
            ol.get(id_l),
            ids_r.get(name.as_str()).and_then(|i| or.get(i)),
        ) else {
            continue;
        };
        if field(a, "type") != field(b, "type") {
            return Some((
                format!(
                    "{name}: type {} ({l}) vs {} ({r})",
                    field(a, "type"),
                    field(b, "type")
                ),
                "type",
            ));
        }
        let startup =
            field(a, "startup") == &Value::Bool(true) || field(b, "startup") == &Value::Bool(true);
        let (ra, rb) = (outside_arena(a), outside_arena(b));
        if !startup && ra != rb {
            let arena = field(a, "arena").as_i64().unwrap_or(0) != 0
                || field(b, "arena").as_i64().unwrap_or(0) != 0;
            let (ra, rb) = (
                ra.map_or("?".to_string(), |n| n.to_string()),
                rb.map_or("?".to_string(), |n| n.to_string()),
            );
            let outside = if arena {
                " outside the parser's arena"
            } else {
                ""
            };
            return Some((
                format!("{name}: refcount{outside} {ra} ({l}) vs {rb} ({r})"),
                "refcount",
            ));
        }
        if !opts.ignore_sizes && field(a, "size") != field(b, "size") {
            return Some((
                format!(
                    "{name}: size {} ({l}) vs {} ({r})",
                    field(a, "size"),
                    field(b, "size")
                ),
                "size",
            ));
        }
        // the collector's state of what the interpreter made before the snippet (modules,
        // types) depends on the collections its start-up ran: noise, as their refcounts
        if !startup && field(a, "gc") != field(b, "gc") {
            return Some((
                format!(
                    "{name}: gc {} ({l}) vs {} ({r})",
                    field(a, "gc"),
                    field(b, "gc")
                ),
                "gc",
            ));
        }
    }
    let sl = sharing(&nl);
    let sr = sharing(&nr);
    for (name, others) in &sl {
        if let Some(o) = sr.get(name) {
            if o != others {
                let show = |s: &BTreeSet<String>| {
                    if s.is_empty() {
                        "no other name".to_string()
                    } else {
                        s.iter().cloned().collect::<Vec<_>>().join(", ")
                    }
                };
                return Some((
                    format!(
                        "{name} shares its object with {} ({l}) vs {} ({r})",
                        show(others),
                        show(o)
                    ),
                    "sharing",
                ));
            }
        }
    }
    if printed_left != printed_right
        && normalize_addresses(printed_left) != normalize_addresses(printed_right)
    {
        let common = printed_left
            .chars()
            .zip(printed_right.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let tail = |s: &str| -> String { s.chars().skip(common).take(40).collect() };
        return Some((
            format!(
                "stdout so far differs after {common} characters: {:?} ({l}) vs {:?} ({r})",
                tail(printed_left),
                tail(printed_right)
            ),
            "stdout",
        ));
    }
    None
}

/// The first step where two runs differ, or None when they agree at every step. `labels`
/// name the two runs in the message (`model`, `python3 3.11.7`).
pub fn first_difference(
    left: &[Value],
    right: &[Value],
    labels: (&str, &str),
    opts: Options,
) -> Option<Difference> {
    first_difference_untraced(left, right, labels, opts, None)
}

/// `first_difference` where the left run is a recording whose output the tracer changed:
/// `untraced` is what the snippet prints run without the recorder (a golden's
/// `untraced_stdout`). Up to the first character where the recorded output leaves the
/// untraced one, outputs compare as in `first_difference`; from there on the recorded output
/// is the tracer's doing, and the right run's output so far must be the start of the untraced
/// output instead (addresses normalised as always). Every other fact compares as always.
pub fn first_difference_untraced(
    left: &[Value],
    right: &[Value],
    labels: (&str, &str),
    opts: Options,
    untraced: Option<&str>,
) -> Option<Difference> {
    let traced: String = left
        .iter()
        .map(|r| r.get("stdout").and_then(Value::as_str).unwrap_or(""))
        .collect();
    // (bytes of the recorded output the tracer left as the untraced run printed them)
    let same = untraced.map(|u| {
        traced
            .char_indices()
            .zip(u.chars())
            .find(|((_, a), b)| a != b)
            .map_or(traced.len().min(u.len()), |((i, _), _)| i)
    });
    let untraced_label = format!("{} untraced", labels.0);
    let mut printed_l = String::new();
    let mut printed_r = String::new();
    for (k, (a, b)) in left.iter().zip(right.iter()).enumerate() {
        printed_l.push_str(a.get("stdout").and_then(Value::as_str).unwrap_or(""));
        printed_r.push_str(b.get("stdout").and_then(Value::as_str).unwrap_or(""));
        let found = match (untraced, same) {
            (Some(u), Some(n)) if printed_l.len() > n => {
                let start = u.starts_with(printed_r.as_str())
                    || normalize_addresses(u).starts_with(&normalize_addresses(&printed_r));
                if start {
                    compare_step(a, b, &printed_r, &printed_r, labels, opts)
                } else {
                    let upto: String = u.chars().take(printed_r.chars().count() + 40).collect();
                    compare_step(a, b, &upto, &printed_r, (&untraced_label, labels.1), opts)
                }
            }
            _ => compare_step(a, b, &printed_l, &printed_r, labels, opts),
        };
        if let Some((what, kind)) = found {
            return Some(Difference {
                step: k + 1,
                line: a.get("line").and_then(Value::as_u64),
                what,
                kind,
            });
        }
    }
    if left.len() != right.len() {
        let k = left.len().min(right.len());
        let next = left.get(k).or_else(|| right.get(k));
        return Some(Difference {
            step: k + 1,
            line: next.and_then(|v| v.get("line")).and_then(Value::as_u64),
            what: format!(
                "{} steps ({}) vs {} ({})",
                left.len(),
                labels.0,
                right.len(),
                labels.1
            ),
            kind: "steps",
        });
    }
    None
}

/// `refscope diff [--python PYTHON] FILE`: the snippet on the model and recorded on the
/// interpreter, compared step by step; prints the first difference. Exit status 0 when they
/// agree at every step, 1 when they differ, 2 when either run could not be made.
pub fn diff_file(file: &std::path::Path, python: &str, limit: u64) -> i32 {
    use super::cpython;
    use crate::vm::session::Session;
    let snippet = match crate::load::load_file(file) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("refscope: {e}");
            return 2;
        }
    };
    let mut opts = cpython::RunOptions::for_file(python, file);
    opts.limit = limit;
    let recording = match cpython::record(&opts, &mut |_| {}, None) {
        Ok(r) => std::rc::Rc::new(r),
        Err(e) => {
            eprintln!("refscope: {python}: {e}");
            return 2;
        }
    };
    let session = Session::new(
        snippet,
        crate::vm::VmOptions {
            filename: file.to_string_lossy().into_owned(),
            ..crate::vm::VmOptions::default()
        },
    );
    let (model, model_run) = crate::trace::model_records(session, true, limit);
    let real = crate::trace::recording_records(recording.clone(), true);
    let label = format!("{python} {}", recording.info.version);
    let opts = Options {
        ignore_sizes: recording.info.bits != usize::BITS,
    };
    match first_difference(&model, &real, ("model", &label), opts) {
        None => {
            println!(
                "the model and {label} agree at every step ({} steps)",
                model.len()
            );
            0
        }
        Some(d) => {
            let source = std::fs::read_to_string(file).unwrap_or_default();
            // lines of cell files count from each cell: not the file's line
            let cells = recording.steps.iter().any(|s| s.cell.is_some());
            let at = match d.line {
                Some(l) => {
                    let text = source
                        .lines()
                        .nth((l as usize).saturating_sub(1))
                        .map(str::trim)
                        .filter(|_| !cells)
                        .unwrap_or("");
                    if text.is_empty() {
                        format!("line {l}")
                    } else {
                        format!("line {l}: {text}")
                    }
                }
                None => "the end".to_string(),
            };
            println!("step {} ({at})", d.step);
            println!("  {}", d.what);
            if d.kind == "steps" {
                for (who, err) in [
                    ("model", &model_run.stderr),
                    (label.as_str(), &recording.end.stderr),
                ] {
                    if let Some(last) = err.lines().rev().find(|l| !l.trim().is_empty()) {
                        println!("  {who} ended with: {}", last.trim());
                    }
                }
            }
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn step(line: u64, names: Value, objects: Value, stdout: &str) -> Value {
        json!({"step": 1, "line": line, "frame": "<module>", "names": names,
               "frames": [{"function": "<module>", "line": line, "locals": {}}],
               "stdout": stdout, "objects": objects})
    }

    fn obj(id: u64, ty: &str, rc: i64, startup: bool) -> Value {
        json!({"id": id, "type": ty, "refcount": rc, "size": 56, "gc": "gen0", "startup": startup})
    }

    #[test]
    fn equal_runs_agree_whatever_their_ids() {
        let a = vec![step(
            1,
            json!({"x": 5}),
            json!([obj(5, "list", 2, false)]),
            "",
        )];
        let b = vec![step(
            1,
            json!({"x": 9}),
            json!([obj(9, "list", 2, false)]),
            "",
        )];
        assert_eq!(
            first_difference(&a, &b, ("m", "r"), Options::default()),
            None
        );
    }

    /// A string that is also a name of the snippet: CPython's parser arena holds 5 references
    /// to it, the model's 1 (the constant); outside the arena both hold 2, which agrees; a
    /// third reference outside the arena on one side differs, and says so.
    #[test]
    fn refcounts_compare_outside_the_parser_arena() {
        let with_arena = |rc: i64, arena: i64| {
            let mut o = obj(5, "str", rc, false);
            o["arena"] = json!(arena);
            vec![step(1, json!({"s": 5}), json!([o]), "")]
        };
        let model = with_arena(3, 1);
        assert_eq!(
            first_difference(&model, &with_arena(7, 5), ("m", "r"), Options::default()),
            None
        );
        let d = first_difference(&model, &with_arena(8, 5), ("m", "r"), Options::default())
            .expect("one more reference outside the arena");
        assert_eq!(
            d.what,
            "s: refcount outside the parser's arena 2 (m) vs 3 (r)"
        );
    }

    #[test]
    fn refcounts_differ_unless_start_up() {
        let a = vec![step(
            1,
            json!({"x": 5}),
            json!([obj(5, "list", 2, false)]),
            "",
        )];
        let b = vec![step(
            1,
            json!({"x": 9}),
            json!([obj(9, "list", 3, false)]),
            "",
        )];
        let d = first_difference(&a, &b, ("m", "r"), Options::default()).expect("differs");
        assert_eq!(d.kind, "refcount");
        assert_eq!(d.what, "x: refcount 2 (m) vs 3 (r)");
        let b = vec![step(
            1,
            json!({"x": 9}),
            json!([obj(9, "list", 3, true)]),
            "",
        )];
        assert_eq!(
            first_difference(&a, &b, ("m", "r"), Options::default()),
            None
        );
    }

    #[test]
    fn printed_addresses_compare_by_identity_pattern() {
        let a = "0x7f00aabbcc10 140637213584400 0x7f00aabbcc10 1.0000000000001 x1234567890";
        let n = normalize_addresses(a);
        assert_eq!(n, "<addr1> <addr2> <addr1> 1.0000000000001 x1234567890");
        // id() in decimal and in hex are one object
        assert_eq!(
            normalize_addresses("140637960186896 0x7fe8d3a8ac10"),
            "<addr1> <addr1>"
        );
        assert_eq!(normalize_addresses("0x1234 12345 é"), "0x1234 12345 é");
        let same = |x: &str, y: &str| {
            first_difference(
                &[step(1, json!({}), json!([]), x)],
                &[step(1, json!({}), json!([]), y)],
                ("m", "r"),
                Options::default(),
            )
        };
        assert_eq!(
            same(
                "0x7f00aabbcc10 0x7f00aabbcc10\n",
                "0x5500aabbcc10 0x5500aabbcc10\n"
            ),
            None
        );
        assert!(same(
            "0x7f00aabbcc10 0x7f00aabbcc10\n",
            "0x5500aabbcc10 0x5500aabbcc18\n"
        )
        .is_some());
    }

    #[test]
    fn sharing_lines_stdout_and_lengths() {
        let two = json!([obj(5, "int", 1, false), obj(6, "int", 1, false)]);
        let a = vec![step(1, json!({"x": 5, "y": 5}), two.clone(), "")];
        let b = vec![step(1, json!({"x": 5, "y": 6}), two.clone(), "")];
        assert_eq!(
            first_difference(&a, &b, ("m", "r"), Options::default())
                .unwrap()
                .kind,
            "sharing"
        );
        let a = vec![step(1, json!({}), json!([]), "hi\n")];
        let b = vec![step(2, json!({}), json!([]), "hi\n")];
        assert_eq!(
            first_difference(&a, &b, ("m", "r"), Options::default())
                .unwrap()
                .kind,
            "line"
        );
        let b = vec![step(1, json!({}), json!([]), "ho\n")];
        let d = first_difference(&a, &b, ("m", "r"), Options::default()).unwrap();
        assert_eq!(d.kind, "stdout");
        let b = vec![a[0].clone(), a[0].clone()];
        let d = first_difference(&a, &b, ("m", "r"), Options::default()).unwrap();
        assert_eq!((d.kind, d.step), ("steps", 2));
    }

    /// A recording whose output the tracer changed (`id_reuse`: "False" under the tracer,
    /// "True" untraced): before the change outputs compare as always; after it the other
    /// run's output must start the untraced one, and a wrong one is still a difference.
    #[test]
    fn output_the_tracer_changed_compares_with_the_untraced_run() {
        let rec = vec![
            step(1, json!({}), json!([]), "same\n"),
            step(2, json!({}), json!([]), "False\n"),
            step(3, json!({}), json!([]), "end\n"),
        ];
        let model = |outs: [&str; 3]| -> Vec<Value> {
            (0..3)
                .map(|i| step(i as u64 + 1, json!({}), json!([]), outs[i]))
                .collect()
        };
        let untraced = Some("same\nTrue\nend\n");
        let cmp = |m: &[Value]| {
            first_difference_untraced(&rec, m, ("r", "m"), Options::default(), untraced)
        };
        assert_eq!(cmp(&model(["same\n", "True\n", "end\n"])), None);
        // without the untraced run the recorded output is what counts
        assert!(first_difference(
            &rec,
            &model(["same\n", "True\n", "end\n"]),
            ("r", "m"),
            Options::default()
        )
        .is_some());
        let d = cmp(&model(["same\n", "False\n", "end\n"])).expect("not the untraced output");
        assert_eq!((d.kind, d.step), ("stdout", 2));
        assert!(d.what.contains("r untraced"), "{}", d.what);
        // before the recorded output leaves the untraced one, it is compared as it is
        let d = cmp(&model(["sane\n", "True\n", "end\n"])).expect("differs at once");
        assert_eq!((d.kind, d.step), ("stdout", 1));
    }
}
