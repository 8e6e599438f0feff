//! `refscope export`: the DOT and JSON of every fidelity case's heap are stable and parse
//! (DOT with layout-rs's parser, JSON with serde), the SVG is well-formed XML, and the command
//! fails cleanly on bad input.

use std::path::{Path, PathBuf};
use std::process::Command;

use refscope::export::{render, run_file, Format};

fn cases() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/cases");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

fn export(path: &Path, format: Format, step: Option<usize>) -> String {
    let (session, stop) = run_file(path, step, &[]).expect("runs");
    render(&session, format, &stop).expect("renders")
}

fn check_json(name: &str, text: &str) {
    let v: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(v["format"], "refscope-heap/1", "{name}");
    let objects = v["objects"].as_array().expect("objects");
    let ids: std::collections::HashSet<u64> =
        objects.iter().map(|o| o["id"].as_u64().unwrap()).collect();
    for o in objects {
        // the holders add up to the refcount, for every object listed
        let total: i64 = o["holders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["count"].as_i64().unwrap())
            .sum();
        assert_eq!(Some(total), o["refcount"].as_i64(), "{name}: {o}");
        assert!(o["reachable"].is_boolean(), "{name}: {o}");
    }
    for r in v["references"].as_array().unwrap() {
        assert!(ids.contains(&r["from"].as_u64().unwrap()), "{name}: {r}");
        assert!(ids.contains(&r["to"].as_u64().unwrap()), "{name}: {r}");
    }
    for f in v["frames"].as_array().unwrap() {
        for (_, id) in f["names"].as_object().unwrap() {
            assert!(
                ids.contains(&id.as_u64().unwrap()),
                "{name}: a name's object is listed"
            );
        }
    }
    for c in v["cycles"].as_array().unwrap() {
        for m in c["members"].as_array().unwrap() {
            assert!(
                ids.contains(&m.as_u64().unwrap()),
                "{name}: cycle member listed"
            );
        }
    }
}

#[test]
fn dot_and_json_of_every_fidelity_case_are_stable_and_parse() {
    for path in cases() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let dot = export(&path, Format::Dot, None);
        assert_eq!(
            dot,
            export(&path, Format::Dot, None),
            "{name}: DOT differs between runs"
        );
        let mut parser = layout::gv::DotParser::new(&dot);
        if let Err(e) = parser.process() {
            panic!("{name}: DOT does not parse: {e}\n{dot}");
        }
        let json = export(&path, Format::Json, None);
        assert_eq!(
            json,
            export(&path, Format::Json, None),
            "{name}: JSON differs"
        );
        check_json(&name, &json);
    }
}

#[test]
fn svg_is_well_formed_xml() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/examples/memory_management.py");
    let mut paths = vec![seed];
    paths.extend(cases().into_iter().filter(|p| {
        let n = p.file_name().unwrap().to_string_lossy();
        n.starts_with("gc_self") || n.starts_with("alias")
    }));
    for path in paths {
        let svg = export(&path, Format::Svg, None);
        let doc =
            roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert!(
            doc.descendants().any(|n| n.has_tag_name("text")),
            "{}",
            path.display()
        );
    }
}

#[test]
fn step_n_is_n_presses_of_n() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-steps");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("steps.py");
    std::fs::write(&file, "a = [1]\nb = a\nb = [2]\n").unwrap();
    // step 0: nothing ran; each step runs one line
    let names = |step| {
        let json = export(&file, Format::Json, Some(step));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let names: Vec<String> = v["frames"][0]["names"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        names
    };
    assert!(names(0).is_empty());
    assert!(names(1).is_empty(), "step 1 stops before line 1 runs");
    assert_eq!(names(2), ["a"]);
    assert_eq!(names(3), ["a", "b"]);
    let dot = export(&file, Format::Dot, Some(3));
    assert!(dot.contains("after step 3 (next line 3)"), "{dot}");
    assert!(run_file(&file, Some(50), &[]).is_err());
}

#[test]
fn the_command_fails_cleanly() {
    let bin = env!("CARGO_BIN_EXE_refscope");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("ok.py");
    std::fs::write(&file, "x = [1, 2]\nx.append(x)\n").unwrap();
    let run = |args: &[&str]| Command::new(bin).args(args).output().expect("runs");
    let f = file.to_str().unwrap();

    let out = run(&["export", "--format", "dot", "no/such/file.py"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));

    let out = run(&["export", "--format", "dot", "--step", "99", f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("finishes after"));

    let out = run(&["export", "--format", "dot", f, "-o", "/no/such/dir/x.dot"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));

    let out = run(&["export", "--format", "pdf", f]);
    assert_eq!(out.status.code(), Some(2), "clap rejects an unknown format");

    let target = dir.join("out.json");
    let out = run(&[
        "export",
        "--format",
        "json",
        f,
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_eq!(v["cycles"].as_array().unwrap().len(), 1);

    let out = run(&["export", "--format", "dot", f]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph refscope {"));

    let out = run(&["export", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("A step is a stop of the app's `s` key"),
        "{help}"
    );
}
