//! SVG without Graphviz: the export's DOT, parsed, laid out and drawn by `layout-rs` (a
//! Sugiyama layout in pure Rust). The library asserts on inputs it does not expect; a panic
//! inside it becomes an error here rather than a crash.
//!
//! The canvas is sized here, not by `layout-rs`: its writer grows the canvas by ten pixels
//! *down* for every character of every label (and treats a circle's centre as its corner), so
//! a picture of a few boxes came out hundreds of pixels taller than its drawing, which shows
//! as a tall blank area in a notebook or on a slide. [`Bounds`] passes every shape on to the
//! writer and keeps the box the shapes really cover; the `<svg>` element gets that size.

use layout::backends::svg::SVGWriter;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use layout::gv::{DotParser, GraphBuilder};

/// Margin around the drawing, in pixels.
const MARGIN: f64 = 5.0;

/// Lay a DOT graph out and draw it as SVG.
pub fn svg(dot: &str) -> Result<String, String> {
    let dot = dot.to_string();
    let result = std::panic::catch_unwind(move || {
        let mut parser = DotParser::new(&dot);
        let graph = parser.process()?;
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&graph);
        let mut vg = builder.get();
        let mut writer = Bounds::default();
        if vg.num_nodes() == 0 {
            // layout-rs cannot sort an empty graph (it asserts): a snippet with no names yet
            let look = StyleAttr::simple();
            writer.draw_text(Point::new(100.0, 15.0), "(no names yet)", &look);
        } else {
            vg.do_it(false, false, false, &mut writer);
        }
        Ok::<String, String>(writer.finalize())
    });
    match result {
        Ok(r) => r.map_err(|e| format!("the SVG layout failed: {e}")),
        Err(_) => Err("the SVG layout failed (layout-rs gave up on this graph)".into()),
    }
}

/// `layout-rs`'s SVG writer, plus the extent of what is drawn.
#[derive(Default)]
struct Bounds {
    inner: SVGWriter,
    max_x: f64,
    max_y: f64,
}

impl Bounds {
    fn cover(&mut self, x: f64, y: f64) {
        if x.is_finite() {
            self.max_x = self.max_x.max(x);
        }
        if y.is_finite() {
            self.max_y = self.max_y.max(y);
        }
    }

    /// The writer's document with the `<svg>` element sized to the drawing.
    fn finalize(&self) -> String {
        let text = self.inner.finalize();
        let (w, h) = ((self.max_x + MARGIN).ceil(), (self.max_y + MARGIN).ceil());
        let Some(start) = text.find("<svg ") else {
            return text;
        };
        let Some(len) = text[start..].find('>') else {
            return text;
        };
        format!(
            "{}<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\"{}",
            &text[..start],
            &text[start + len..]
        )
    }
}

impl RenderBackend for Bounds {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.cover(xy.x + size.x, xy.y + size.y);
        self.inner.draw_rect(xy, size, look, properties, clip);
    }

    fn draw_line(
        &mut self,
        start: Point,
        stop: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        self.cover(start.x, start.y);
        self.cover(stop.x, stop.y);
        self.inner.draw_line(start, stop, look, properties);
    }

    fn draw_circle(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        properties: Option<String>,
    ) {
        // xy is the centre
        self.cover(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
        self.inner.draw_circle(xy, size, look, properties);
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // centred on xy (text-anchor middle); a monospace-ish estimate of its extent
        let font = look.font_size as f64;
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0) as f64;
        let lines = text.lines().count().max(1) as f64;
        self.cover(xy.x + widest * font * 0.3, xy.y + lines * font / 2.0);
        self.inner.draw_text(xy, text, look);
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        properties: Option<String>,
        text: &str,
    ) {
        for (a, b) in path {
            self.cover(a.x, a.y);
            self.cover(b.x, b.y);
        }
        self.inner
            .draw_arrow(path, dashed, head, look, properties, text);
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.inner.create_clip(xy, size, rounded_px)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `width` and `height` of the `<svg>` element.
    fn size(svg: &str) -> (f64, f64) {
        let doc = roxmltree::Document::parse(svg).expect("well-formed");
        let root = doc.root_element();
        let num = |a: &str| {
            root.attribute(a)
                .and_then(|v| v.parse::<f64>().ok())
                .expect("numeric size")
        };
        (num("width"), num("height"))
    }

    #[test]
    fn an_empty_picture_is_a_small_svg_not_a_failure() {
        let svg = svg("digraph refscope {\n  label=\"x\";\n}\n").expect("drawn");
        let (w, h) = size(&svg);
        assert!(w < 250.0 && h < 40.0, "{w}x{h}");
        assert!(svg.contains("(no names yet)"));
    }

    #[test]
    fn the_canvas_is_as_big_as_the_drawing() {
        // two boxes side by side with long labels: layout-rs alone made this over 600 high
        let long = "x".repeat(60);
        let dot = format!(
            "digraph g {{ rankdir=LR; node [shape=box]; a [label=\"{long}\"]; b [label=\"{long}\"]; a -> b; }}"
        );
        let svg = svg(&dot).expect("laid out");
        let (w, h) = size(&svg);
        assert!(h < 150.0, "height {h}");
        assert!(w > 300.0, "width {w}: both boxes are on the canvas");
        // every rectangle fits inside the canvas
        let doc = roxmltree::Document::parse(&svg).expect("xml");
        for r in doc.descendants().filter(|n| n.has_tag_name("rect")) {
            let f = |a: &str| {
                r.attribute(a)
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            assert!(f("x") + f("width") <= w && f("y") + f("height") <= h);
        }
    }
}
