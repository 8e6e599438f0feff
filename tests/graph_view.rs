//! The graph widgets on their own, over real heaps: which objects a picture shows, that
//! arrows never cross boxes, and the focused view's windowing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use refscope::analysis::frames::frames;
use refscope::analysis::LiveHeap;
use refscope::graphview::{build, whole, GraphStyle, Options, Picture};
use refscope::load::load_str;
use refscope::vm::session::Session;
use refscope::vm::VmOptions;

fn session(src: &str) -> Session {
    let snippet = load_str("snippet.py", src).expect("loads");
    let mut s = Session::new(snippet, VmOptions::default());
    s.run_to_end_without_shutdown();
    s
}

fn picture(s: &Session) -> Picture {
    let heap = LiveHeap::of(s);
    build(&heap, &frames(&heap), Options::default(), None).expect("small picture")
}

fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn whole_text(src: &str) -> String {
    let s = session(src);
    let pic = picture(&s);
    let l = whole::layout(&pic, &GraphStyle::plain());
    text(&l.canvas)
}

#[test]
fn debug_print() {
    println!("{}", whole_text("a = 10\nb = 10\nx = [1, 2, a]\nx.append(x)\nd = {'k': x, 'n': None}\n"));
    println!("{}", whole_text("class A:\n    pass\nimport gc\ngc.disable()\na = A()\nb = A()\na.b = b\nb.a = a\ndel a, b\nc = [1]\n"));
}
