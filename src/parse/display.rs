//! How CPython shows where a syntax error is, from the error's attributes alone.
//!
//! A `SyntaxError` carries its location as attributes (`lineno`, `offset`, `end_lineno`,
//! `end_offset`, `text`), set by whichever stage raised it; nothing else is kept. Every display
//! of it is computed from those: `print_exception` (Python/pythonrun.c) when the error reaches
//! the top level or `sys.excepthook`, and `traceback.TracebackException._format_syntax_error`
//! for the `traceback` module (modelled in `vm::exc`). This module is the first of those, used
//! both for the errors refscope's parser finds in a snippet and for `SyntaxError` objects the
//! snippet raises or catches and prints, so the two cannot drift apart.
//!
//! Worked example: `compile("x = (1, 2", "<s>", "exec")` raises with `offset` 5,
//! `end_lineno` 1, `end_offset` 0 (pegen's "was never closed" passes no end: `-1 + 1`) and
//! `text` `'x = (1, 2\n'`. `print_exception` keeps `end_offset` 0 (it only clips ends past
//! the line), and `print_error_text` draws one caret when the end is not after the offset:
//!
//! ```text
//!   File "<s>", line 1
//!     x = (1, 2
//!         ^
//! SyntaxError: '(' was never closed
//! ```
//!
//! The phases, under CPython's names:
//! - `parse_syntax_error`: reads the attributes. A subclass of `SyntaxError`
//!   (`IndentationError`, `TabError`, a user's) gets no end at all (`end_offset` -1): one caret.
//!   A missing `end_lineno` is `lineno`; a missing `end_offset` is -1.
//! - `print_exception`: a range over several lines is underlined to the end of the first
//!   (`end_offset` = the text's size with its newline); no end goes past the line's size + 1.
//! - `print_error_text`: the text without its leading blanks, and the carets under it.

/// `print_exception`'s end of the carets, from the attributes `parse_syntax_error` read:
/// `exact` says the error's type is `SyntaxError` itself, `text` is the `text` attribute.
pub fn caret_end(
    exact: bool,
    line: i64,
    end_line: Option<i64>,
    end: Option<i64>,
    text: &str,
) -> i64 {
    if !exact {
        return -1;
    }
    let end_line = end_line.unwrap_or(line);
    let mut end = end.unwrap_or(-1);
    // the text's size in UTF-8 bytes, as `PyUnicode_AsUTF8AndSize` gives it
    let line_size = text.len() as i64;
    if end_line > line {
        end = line_size;
    }
    end.min(line_size + 1)
}

/// `print_error_text`: the error's line without its leading blanks, and under it the carets
/// from `offset` (1-based) to `end_offset` (at least one), none when the offset falls left of
/// the text; a text of several lines shows the one the offset falls in. As in C, lengths and
/// offsets count the UTF-8 bytes.
pub fn error_text(text: &str, offset: i64, end_offset: i64) -> String {
    let carets = if end_offset > 0 && end_offset > offset {
        (end_offset - offset) as usize
    } else {
        1
    };
    let mut offset = offset - 1;
    let mut text = text;
    while let Some(rest) = text.strip_prefix([' ', '\t', '\x0c']) {
        text = rest;
        offset -= 1;
    }
    // C strings: lengths and offsets in bytes
    let mut len = text.len() as i64;
    if text.ends_with('\n') {
        len -= 1;
    }
    offset = offset.min(len);
    while let Some(nl) = text.find('\n') {
        let inl = nl as i64;
        if inl >= offset {
            break;
        }
        text = &text[nl + 1..];
        offset -= inl + 1;
    }
    let mut out = format!("    {text}");
    if !text.ends_with('\n') {
        out.push('\n');
    }
    if offset >= 0 {
        out.push_str("    ");
        out.push_str(&" ".repeat(offset as usize));
        out.push_str(&"^".repeat(carets));
        out.push('\n');
    }
    out
}
