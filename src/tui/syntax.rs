//! Python syntax colours for the editor, from the token stream of [`crate::parse::tokens`]
//! (which survives syntax errors, so half-typed code still colours). Spans are in display
//! columns, ready to restyle the cells the text area has drawn.

use crate::parse::TokenClass;

/// What a span of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Keyword,
    String,
    Number,
    Comment,
    Builtin,
    /// A `# %%` line.
    CellMarker,
}

/// A coloured run on one line, in display columns `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u16,
    pub end: u16,
    pub class: Class,
}

/// The spans of every line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlights {
    pub lines: Vec<Vec<Span>>,
}

/// Builtins worth a colour of their own in a memory lesson.
const BUILTINS: &[&str] = &[
    "print",
    "len",
    "id",
    "hex",
    "type",
    "range",
    "list",
    "dict",
    "set",
    "tuple",
    "str",
    "int",
    "float",
    "bool",
    "object",
    "isinstance",
    "super",
    "sum",
    "min",
    "max",
    "sorted",
    "enumerate",
    "zip",
    "map",
    "filter",
    "repr",
    "getattr",
    "setattr",
    "hasattr",
    "iter",
    "next",
    "abs",
    "all",
    "any",
    "chr",
    "ord",
    "round",
    "format",
    "vars",
    "dir",
    "callable",
    "frozenset",
    "bytes",
    "bytearray",
    "property",
    "staticmethod",
    "classmethod",
    "globals",
    "locals",
];

fn class_of(class: TokenClass, text: &str) -> Option<Class> {
    match class {
        TokenClass::String => Some(Class::String),
        TokenClass::Number => Some(Class::Number),
        TokenClass::Comment if text.starts_with(crate::load::CELL_MARKER) => {
            Some(Class::CellMarker)
        }
        TokenClass::Comment => Some(Class::Comment),
        TokenClass::Name if BUILTINS.contains(&text) => Some(Class::Builtin),
        TokenClass::Keyword => Some(Class::Keyword),
        _ => None,
    }
}

/// Display column of byte offset `byte` in `line` (tabs to multiples of `tab`).
fn display_col(line: &str, byte: usize, tab: usize) -> u16 {
    let mut col = 0usize;
    for (i, c) in line.char_indices() {
        if i >= byte {
            break;
        }
        col += match c {
            '\t' => tab - col % tab.max(1),
            c if c.is_ascii() => usize::from(!c.is_ascii_control()),
            c => ratatui::text::Span::raw(c.to_string()).width(),
        };
    }
    col.min(u16::MAX as usize) as u16
}

/// Colour these lines (tab stops every `tab` columns).
pub fn highlight(lines: &[String], tab: usize) -> Highlights {
    let mut out = Highlights {
        lines: vec![Vec::new(); lines.len()],
    };
    let source = lines.join("\n");
    let mut starts = Vec::with_capacity(lines.len());
    let mut at = 0usize;
    for l in lines {
        starts.push(at);
        at += l.len() + 1;
    }
    for (token, range) in crate::parse::tokens(&source) {
        let (start, end) = (range.start, range.end);
        let Some(text) = source.get(start..end) else {
            continue;
        };
        let Some(class) = class_of(token, text) else {
            continue;
        };
        // a token can span lines (triple-quoted strings): one span per line
        let first = starts.partition_point(|&s| s <= start).saturating_sub(1);
        let mut line = first;
        while line < lines.len() && starts[line] < end.max(start + 1) {
            let l = &lines[line];
            let ls = starts[line];
            let from = start.saturating_sub(ls).min(l.len());
            let to = end.saturating_sub(ls).min(l.len());
            let (a, b) = (display_col(l, from, tab), display_col(l, to, tab));
            if b > a {
                out.lines[line].push(Span {
                    start: a,
                    end: b,
                    class,
                });
            }
            line += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.split('\n').map(String::from).collect()
    }

    #[test]
    fn keywords_strings_numbers_comments() {
        let h = highlight(&lines("# %%\nx = 'hi'  # note\nif x: print(10)"), 4);
        assert_eq!(h.lines[0][0].class, Class::CellMarker);
        assert!(h.lines[1].contains(&Span {
            start: 4,
            end: 8,
            class: Class::String
        }));
        assert!(h.lines[1].iter().any(|s| s.class == Class::Comment));
        let classes: Vec<Class> = h.lines[2].iter().map(|s| s.class).collect();
        assert_eq!(classes, [Class::Keyword, Class::Builtin, Class::Number]);
    }

    #[test]
    fn broken_code_and_multiline_strings_still_colour() {
        let h = highlight(&lines("s = '''a\nb'''\ndef (:\n\tx = 1"), 4);
        assert_eq!(h.lines[0][0].class, Class::String);
        assert_eq!(h.lines[1][0].class, Class::String);
        assert_eq!(h.lines[2][0].class, Class::Keyword);
        // a tab moves the number to column 8
        assert_eq!(
            h.lines[3].last(),
            Some(&Span {
                start: 8,
                end: 9,
                class: Class::Number
            })
        );
        let deep = format!("x = {}{}", "(".repeat(5000), ")".repeat(5000));
        assert!(highlight(&lines(&deep), 4).lines[0].is_empty());
    }
}
