//! The object graph: the picture that makes "variables are references" visible, drawn in the
//! terminal from the model's real heap, and the same picture for export.
//!
//! ```text
//!   heap state ─► model::build ─► Picture ─┬─► whole::layout ─► Canvas ─► whole::draw (pane)
//!   (LiveHeap)    names, boxes,   (plain   │    columns by       boxes and   blitted into the
//!   + frames      slots, SCCs,     data)   │    distance from    routed      visible window
//!                 changes                  │    the names        arrows
//!                                          └─► export (DOT, SVG)
//!   one object ─► focus::Focus (holders ◄ object ► referents) ─► focus::draw (any heap size)
//! ```
//!
//! - [`model`]: which objects a lesson's picture shows and how each box reads. It starts from
//!   the snippet's own names (globals without dunders, IPython names or modules; the locals of
//!   each function frame) and follows references, so the thousands of objects the interpreter
//!   made at start-up appear only when something drawn refers to them, and then as closed
//!   boxes (their own references are not followed). Objects that nothing reaches but that are
//!   not freed (a garbage cycle waiting for the collector) are added apart and marked.
//! - [`whole`]: the Python Tutor picture: frames on the left, objects in columns by distance
//!   from the names, arrows routed in the gaps between columns and along lanes under the boxes,
//!   so that no arrow crosses a box.
//! - [`focus`]: the walk for any heap size: one object, its holders on the left, its referents
//!   on the right; only the rows on screen are read from the heap.
//! - [`style`]: the styles the widgets draw with (the pane maps the app's theme onto them).
//!
//! Nothing here knows the app: the pane adapts the app's state to these widgets.

pub mod focus;
pub mod model;
pub mod style;
pub mod whole;

pub use model::{build, Before, Options, Picture};
pub use style::GraphStyle;
