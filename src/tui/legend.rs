//! The legend: what every mark the panes draw means, in one table. The help overlay (`?`)
//! shows it after the keys, and `l` opens the help at it.

/// One section of the legend: a heading and `(mark, meaning)` rows (a row with no mark goes
/// on with the meaning above; rows fit the help box).
pub struct Section {
    pub title: &'static str,
    pub rows: &'static [(&'static str, &'static str)],
}

/// Every mark, by pane.
pub static LEGEND: &[Section] = &[
    Section {
        title: "Legend: the editor",
        rows: &[
            ("▶", "the next line to run (its line is highlighted)"),
            ("▷", "the line the last step ran"),
            ("●", "a breakpoint (F9, or a click in the gutter)"),
            ("✗ ← message", "the line an error happened on"),
            ("›  ‹", "the line goes on past the pane's edge"),
            (
                "┆ text",
                "a notebook's markdown cell, before this code cell",
            ),
        ],
    },
    Section {
        title: "Legend: the object graph",
        rows: &[
            (
                "name ●──▶ box",
                "a name (or a slot) refers to the object in the box",
            ),
            (
                "name  10",
                "a value written in its slot: m draws it as its own box",
            ),
            ("rc 3", "the object's reference count"),
            (
                "╔═══╗ double box",
                "one object shared by everyone: a cached small int,",
            ),
            ("", "an interned string, a singleton"),
            (
                "╌╌╌ dashed box ✗",
                "nothing reaches it: only the collector (g) can free it",
            ),
            ("↻1", "a member of reference cycle 1 (its members share it)"),
            ("+new", "made by the last step"),
            ("name*", "the last step re-pointed this name or slot"),
            (
                "bucket=",
                "a parameter's default value (made once, when def ran)",
            ),
            (
                "count (closure)",
                "a variable of an enclosing function, kept in a cell",
            ),
            (
                "f returned",
                "the value f gave back to the line just executed (not",
            ),
            (
                "",
                "shown for calls from the interpreter: __del__, __init__)",
            ),
            (
                "›  ↓ more below",
                "the picture goes on past the pane's edge",
            ),
        ],
    },
    Section {
        title: "Legend: refcounts",
        rows: &[
            (
                "head.next",
                "the path from a name to the object (f:x is local x of f)",
            ),
            (
                "(was a)",
                "nothing the snippet names reaches it any more; it was a",
            ),
            ("+1  −1", "the last step added or removed a reference"),
            ("new", "made by the last step"),
            (
                "freed  2→0",
                "freed by the last step (listed until the next one)",
            ),
            (
                "gen0 gen1 gen2",
                "the collector's generation the container is in",
            ),
            (
                "untrk",
                "a container the collector does not track (no cycle",
            ),
            ("", "can go through it)"),
            (
                "—",
                "not a container: the cycle collector never looks at it",
            ),
            (
                "1000000001",
                "a static object (small int, None, True, ()...):",
            ),
            ("", "CPython 3.11 starts its count at 999,999,999, so"),
            ("", "it is never freed; 1000000001 means 2 references"),
        ],
    },
    Section {
        title: "Legend: cycles",
        rows: &[
            ("○ reachable", "a cycle some name still reaches"),
            (
                "● unreachable",
                "garbage: only the cycle collector can free it",
            ),
            ("✓ freed", "the last collection freed it"),
            ("↺ survived", "the last collection left it alive"),
            (
                "__del__ ran",
                "the collection called the object's __del__ first (PEP 442)",
            ),
        ],
    },
];

/// Lines the legend takes in the help (headings, rows and a blank line after each section).
pub fn len() -> usize {
    LEGEND.iter().map(|s| s.rows.len() + 2).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The help box is 84 columns: its borders and the 24-column mark column leave 58.
    #[test]
    fn every_row_fits_the_help_box() {
        for s in LEGEND {
            for (mark, meaning) in s.rows {
                assert!(mark.chars().count() <= 22, "{mark}");
                assert!(meaning.chars().count() <= 58, "{meaning}");
            }
        }
    }
}
