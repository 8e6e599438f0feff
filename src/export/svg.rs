//! SVG without Graphviz: the export's DOT, parsed, laid out and drawn by `layout-rs` (a
//! Sugiyama layout in pure Rust). The library asserts on inputs it does not expect; a panic
//! inside it becomes an error here rather than a crash.

use layout::backends::svg::SVGWriter;
use layout::gv::{DotParser, GraphBuilder};

/// Lay a DOT graph out and draw it as SVG.
pub fn svg(dot: &str) -> Result<String, String> {
    let dot = dot.to_string();
    let result = std::panic::catch_unwind(move || {
        let mut parser = DotParser::new(&dot);
        let graph = parser.process()?;
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&graph);
        let mut vg = builder.get();
        let mut writer = SVGWriter::new();
        vg.do_it(false, false, false, &mut writer);
        Ok::<String, String>(writer.finalize())
    });
    match result {
        Ok(r) => r.map_err(|e| format!("the SVG layout failed: {e}")),
        Err(_) => Err("the SVG layout failed (layout-rs gave up on this graph)".into()),
    }
}
