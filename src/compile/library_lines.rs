//! Where refscope's embedded library code sits in CPython's files: the line pragmas of the
//! library sources (`src/modules/py/*.py`).
//!
//! # Why
//!
//! A traceback through library code names the library file and line, and shows that line:
//!
//! ```text
//!   File "/root/.pyenv/versions/3.11.7/lib/python3.11/string.py", line 121, in substitute
//!     return self.pattern.sub(convert, self.template)
//! ```
//!
//! refscope's library modules are shorter than CPython's (no docstrings, parts left out), so
//! their functions would sit at other lines, and a learner comparing with `python3` would
//! see another number. And much of what is Python in refscope is C in CPython (`re`'s
//! matcher is `_sre`): a C function leaves no traceback entry, so the model's frames for such
//! code must leave none either.
//!
//! # The pragmas
//!
//! A comment line of its own, in a library source only:
//!
//! - `#@line N`: the next line is line N of CPython's file. The pragma line becomes blank
//!   lines up to N (so the text the model shows for a line is the model's own, and equal to
//!   CPython's where it matters: copy the statement as CPython writes it). A pragma that would
//!   go backwards is left as a comment (a unit test keeps the embedded sources free of them).
//! - `#@c` ... `#@end c`: the functions defined between (their first line in the range) stand
//!   for C code in CPython: their frames leave no traceback entries, as
//!   [`crate::code::Source::c_code`] does for a whole module.
//!
//! Worked example: `string.py` opens with 33 lines of its own, then `#@line 57` before
//! `class Template:` pads 23 blank lines, so `class Template:` is line 57 and Template's
//! methods, copied from CPython's file, keep CPython's numbers (`substitute`'s `return` at 121).

/// A library source with its pragmas applied.
pub struct Prepared {
    /// The text the compiler sees (pragmas turned into blank lines).
    pub text: String,
    /// Line ranges (inclusive, in `text`) whose functions stand for C code.
    pub c_lines: Vec<(u32, u32)>,
    /// `#@line` pragmas that could not be honoured (their line numbers).
    pub backwards: Vec<u32>,
}

/// Apply the pragmas of a library source (None: it has none).
pub fn prepare(source: &str) -> Option<Prepared> {
    if !source.contains("#@") {
        return None;
    }
    let mut text = String::with_capacity(source.len() + 1024);
    let mut c_lines = Vec::new();
    let mut backwards = Vec::new();
    let mut c_start: Option<u32> = None;
    // the line number of the next line written to `text`
    let mut line: u32 = 1;
    for raw in source.split_inclusive('\n') {
        let trimmed = raw.trim();
        if let Some(n) = trimmed
            .strip_prefix("#@line ")
            .and_then(|n| n.trim().parse::<u32>().ok())
        {
            if n >= line {
                for _ in line..n {
                    text.push('\n');
                }
                line = n;
                continue;
            }
            backwards.push(line);
        } else if trimmed == "#@c" {
            c_start.get_or_insert(line);
        } else if trimmed == "#@end c" {
            if let Some(s) = c_start.take() {
                c_lines.push((s, line));
            }
        }
        text.push_str(raw);
        if !raw.ends_with('\n') {
            text.push('\n');
        }
        line += 1;
    }
    if let Some(s) = c_start {
        c_lines.push((s, line));
    }
    Some(Prepared {
        text,
        c_lines,
        backwards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_pragma_pads_to_the_line() {
        let p = prepare("a = 1\n#@line 5\nb = 2\nc = 3\n").unwrap();
        let lines: Vec<&str> = p.text.lines().collect();
        assert_eq!(lines[4], "b = 2");
        assert_eq!(lines[5], "c = 3");
        assert!(p.backwards.is_empty());
    }

    #[test]
    fn backwards_pragma_is_reported_and_kept_as_a_comment() {
        // a pragma naming its own line is honoured (no padding)
        let p = prepare("a = 1\n#@line 2\nb = 2\n").unwrap();
        assert!(p.backwards.is_empty());
        assert_eq!(p.text.lines().nth(1), Some("b = 2"));
        let p = prepare("a = 1\nb = 2\n#@line 2\nc = 3\n").unwrap();
        assert_eq!(p.backwards, vec![3]);
        assert_eq!(p.text.lines().nth(3), Some("c = 3"));
    }

    #[test]
    fn c_ranges_cover_their_lines() {
        let p = prepare("x = 1\n#@c\ndef f():\n    pass\n#@end c\ndef g(): pass\n").unwrap();
        assert_eq!(p.c_lines, vec![(2, 5)]);
    }

    #[test]
    fn no_pragmas_no_copy() {
        assert!(prepare("x = 1\n").is_none());
    }

    /// Every embedded library source's `#@line` pragmas go forwards, so each is honoured.
    #[test]
    fn embedded_sources_have_no_backwards_pragmas() {
        for m in crate::modules::MODULES {
            if let Some(src) = m.source {
                if let Some(p) = prepare(src) {
                    assert!(
                        p.backwards.is_empty(),
                        "{}: #@line pragmas going backwards at {:?}",
                        m.name,
                        p.backwards
                    );
                }
            }
        }
    }
}
