//! Python source → refscope's AST: runs `ruff_python_parser`, converts its tree into
//! `crate::ast`, rejects constructs the model does not support, and reports syntax errors with
//! the kind, message, line and caret columns CPython 3.11 gives.
//!
//! CPython's error precedence is emulated in three layers: a copy of CPython's tokenizer finds
//! the errors its tokenizer raises (strings, numbers, brackets, indentation); ruff's first parse
//! error is translated into the message CPython's grammar (its `invalid_*` rules) produces at
//! that point, and string literals are checked the way 3.11 decodes them (f-strings included);
//! then a check of the converted tree reports what CPython's symbol table and compiler reject
//! ('return' outside function...). Unsupported constructs are reported when the module has no
//! compile-stage error; syntax newer than 3.11 is a syntax error, as in CPython 3.11.
//!
//! The parts, in the order a source goes through them:
//! - [`source`]: the text as CPython's file reader hands it to the tokenizer, and locations;
//! - [`tokenizer`]: the copy of CPython's tokenizer and the errors it reports;
//! - [`translate`]: ruff's errors translated into CPython's grammar errors;
//! - [`literals`]: string literals and f-strings checked as 3.11 decodes them;
//! - [`convert`]: ruff's tree converted into `crate::ast`;
//! - [`compile_checks`]: what CPython's symbol table and compiler reject.

use crate::ast::*;
use ruff_python_ast as py;
use ruff_python_ast::token::TokenKind;
use ruff_text_size::{Ranged, TextRange};

mod compile_checks;
mod convert;
pub mod display;
mod literals;
mod source;
#[cfg(test)]
mod tests;
mod tokenizer;
mod translate;

use compile_checks::validate;
use convert::Converter;
use source::Text;
use tokenizer::{tokenize, tokenizer_failure, Scan, TokKind};
use translate::{parse_stage_error_with, ruff_parse};

// ---------------------------------------------------------------------------------------------
// Public interface
// ---------------------------------------------------------------------------------------------

/// A syntax error as CPython raises it: the attributes its `SyntaxError` gets
/// (`display` shows it from those, as `print_exception` does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// `"SyntaxError"`, `"IndentationError"` or `"TabError"`.
    pub kind: &'static str,
    /// CPython's wording, e.g. `"expected ':'"`.
    pub msg: String,
    /// 1-based line in the given source (`lineno`).
    pub line: u32,
    /// 1-based column of the caret start, exactly CPython's `SyntaxError.offset`: characters
    /// for errors raised by its tokenizer, but bytes of the UTF-8 line for parser and compiler
    /// errors (CPython 3.11 does not convert those for a file without a coding cookie), so that
    /// `render` puts the caret where CPython does. The two agree on ASCII lines. CPython shows
    /// no caret when this falls inside the line's leading whitespace (or is 0).
    pub col: u32,
    /// `end_lineno`.
    pub end_line: u32,
    /// `end_offset` as the raising stage sets it: 1-based and exclusive, but 0 or -1 where the
    /// stage gives no end (pegen's `-1 + 1` for "was never closed", a token without a
    /// position such as INDENT), and the start for a zero-width token (NEWLINE); None where
    /// the stage sets no end at all (future.c's `PyErr_SyntaxLocationObject`).
    pub end_col: Option<i64>,
    /// The source line, without its newline.
    pub text: String,
    /// Whether the source has a newline after that line (a file's `text` keeps it).
    pub newline: bool,
    /// Which part of CPython raises it: it decides `text` and `args`.
    pub stage: Stage,
}

/// The part of CPython that raises a syntax error. Each sets the exception's `text` its own
/// way, and the symbol table gives `args` the message alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// tokenizer.c's `syntaxerror()`: `text` is the line up to its newline, never with it.
    Tokenizer,
    /// pegen's `_PyPegen_raise_error_known_location`: from a file, the file's line (newline
    /// kept); from a string, the tokenizer's current line with its newline when the error is
    /// on it or after it (`read_to`, the line the tokenizer had reached, is not after
    /// `lineno`), else the error's line without its newline.
    /// `at_end`: the error sits on the ENDMARKER, a token without a position, so pegen places
    /// it where the tokenizer stands: a file's tokenizer has emptied its buffer there (offset
    /// 0, no caret), a string's stands after the last line it read (offset = that line's
    /// length with its newline).
    Parser { read_to: u32, at_end: bool },
    /// compile.c's `compiler_error`: `text` is the file's line, None for a string's.
    Compiler,
    /// symtable.c and future.c: `PyErr_RangedSyntaxLocationObject` sets the location
    /// attributes on an exception made from the message alone (`args == (msg,)`); `text` as
    /// for the compiler.
    Symtable,
}

/// Where a syntax error's source came from: a file CPython can read the line back from, or a
/// string (`compile()`, `exec()`, `eval()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    File,
    String,
}

/// A construct the model does not support.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    pub construct: String,
    pub range: Range,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseFailure {
    Syntax(SyntaxError),
    Unsupported(Unsupported),
    /// The source is too big to parse in the memory the process may use: CPython's parser
    /// fails to allocate and reports a bare `MemoryError` (a 50 MB file of statements under
    /// `ulimit -v 4000000`).
    Memory,
}

/// Real memory parsing and compiling take per byte of source, at most: the tokens, ruff's
/// tree, refscope's tree and the code objects together (measured: about 125 bytes per byte
/// for a file of short assignments, as CPython's own parser and compiler take).
pub const BYTES_PER_SOURCE_BYTE: u128 = 128;

/// Parses one module (or notebook cell) into refscope's tree.
pub fn parse_module(source: &str) -> Result<Suite, ParseFailure> {
    if !crate::memguard::fits(source.len() as u128 * BYTES_PER_SOURCE_BYTE) {
        return Err(ParseFailure::Memory);
    }
    let text = Text::new(source);
    let scan = tokenize(&text);
    // Trees nested thousands of levels deep overflow the stack (ruff's too, when it drops
    // one), and CPython gives up on them (RecursionError, MemoryError): so do we, after any
    // tokenizer error before that point.
    if let Some((index, range)) = too_deep(&text, &scan) {
        if let Some(error) = scan.error.as_ref().filter(|_| scan.toks.len() <= index) {
            return Err(ParseFailure::Syntax(
                tokenizer_failure(&text, &scan, error).0,
            ));
        }
        return Err(ParseFailure::Unsupported(Unsupported {
            construct: "code nested too deeply".into(),
            range,
        }));
    }
    let parsed = ruff_parse(source);
    let py::Mod::Module(module) = parsed.syntax() else {
        return Err(unsupported("expression mode", parsed.syntax().range()));
    };
    if let Some((err, _)) = parse_stage_error_with(&parsed, module, &text, &scan) {
        return Err(ParseFailure::Syntax(err));
    }
    let converter = Converter::new(source);
    let suite = converter.suite(&module.body)?;
    let unsupported = converter.unsupported.into_inner();
    // CPython compiles the whole module before it runs any of it, so a compile-stage error
    // anywhere comes before an unsupported construct anywhere (the stand-ins keep what the
    // checks read: an `async def` stays an async function, an `await` an await)
    match (validate(source, &suite), unsupported) {
        (Ok(()), None) => Ok(suite),
        (Ok(()), Some(u)) => Err(ParseFailure::Unsupported(u)),
        (Err(e), _) => Err(e),
    }
}

/// What a token is, for colouring source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenClass {
    /// `def`, `if`, `None`…, and the soft keywords where they act as keywords.
    Keyword,
    /// A string literal or a piece of an f-string (its quotes, text and prefix).
    String,
    /// An int, float or imaginary literal.
    Number,
    /// A `#` comment (a `# %%` cell marker too).
    Comment,
    /// An identifier.
    Name,
    /// An operator or delimiter.
    Operator,
    /// Anything else (newlines, indentation, what a syntax error left).
    Other,
}

/// The tokens of `source` with their byte ranges, in order. Works on text with syntax errors
/// (the parser recovers), so half-typed code still has tokens. Text nested deeper than the
/// parser can take safely gives no tokens at all.
pub fn tokens(source: &str) -> Vec<(TokenClass, std::ops::Range<usize>)> {
    let text = Text::new(source);
    if too_deep(&text, &tokenize(&text)).is_some() || brackets_too_deep(source) {
        return Vec::new();
    }
    ruff_parse(source)
        .tokens()
        .iter()
        .map(|t| {
            let class = match t.kind() {
                TokenKind::String
                | TokenKind::FStringStart
                | TokenKind::FStringMiddle
                | TokenKind::FStringEnd
                | TokenKind::TStringStart
                | TokenKind::TStringMiddle
                | TokenKind::TStringEnd => TokenClass::String,
                TokenKind::Int | TokenKind::Float | TokenKind::Complex => TokenClass::Number,
                TokenKind::Comment => TokenClass::Comment,
                TokenKind::Name => TokenClass::Name,
                k if k.is_keyword() => TokenClass::Keyword,
                k if k.is_operator() => TokenClass::Operator,
                _ => TokenClass::Other,
            };
            (class, t.start().to_usize()..t.end().to_usize())
        })
        .collect()
}

/// Brackets nested deeper than [`MAX_DEPTH`] anywhere in the text. [`too_deep`] reads the
/// tokens only up to the first tokenizer error, but the parser recovers and goes on.
fn brackets_too_deep(source: &str) -> bool {
    let mut depth = 0usize;
    for b in source.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return true;
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// 1-based `(line, column-in-characters)` of a byte offset; `\n`, `\r\n` and `\r` end lines.
pub fn line_col(source: &str, offset: u32) -> (u32, u32) {
    let mut offset = (offset as usize).min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source.as_bytes()[..offset];
    let mut line = 1;
    let mut line_start = 0;
    for (i, &b) in before.iter().enumerate() {
        let ends_line = b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n'));
        if ends_line {
            line += 1;
            line_start = i + 1;
        }
    }
    let col = source[line_start..offset].chars().count() as u32 + 1;
    (line, col)
}

impl SyntaxError {
    /// CPython's rendering of the error (what `python3.11 file.py` prints, minus nothing: there
    /// is no traceback header for a syntax error in the main file): `print_exception` over
    /// the attributes the error gets from a file.
    pub fn render(&self, filename: &str) -> String {
        let mut out = format!("  File \"{filename}\", line {}\n", self.line);
        if let Some(text) = self.text_attr(Input::File) {
            let exact = self.kind == "SyntaxError";
            let end = display::caret_end(
                exact,
                self.line as i64,
                Some(self.end_line as i64),
                self.end_col,
                &text,
            );
            out.push_str(&display::error_text(&text, self.col as i64, end));
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.msg));
        out
    }

    /// The exception's `offset` and `end_offset` for a source read from `input`: pegen gives
    /// a string's in characters (`_PyPegen_byte_offset_to_character_offset`: its tokenizer
    /// has an encoding), a file's without a coding cookie in bytes, as the compiler gives
    /// every one (the tree's byte columns).
    pub fn offsets(&self, input: Input) -> (i64, Option<i64>) {
        let Stage::Parser { at_end, .. } = self.stage else {
            return (self.col as i64, self.end_col);
        };
        if input == Input::File {
            return (self.col as i64, self.end_col);
        }
        let line = self.text_attr(input).unwrap_or_default();
        let col = if at_end {
            line.len() as i64
        } else {
            self.col as i64
        };
        // the first `n` bytes decoded (at most the line and its terminating NUL)
        let chars = |n: i64| {
            let n = n.clamp(0, line.len() as i64 + 1) as usize;
            let bytes = &line.as_bytes()[..n.min(line.len())];
            String::from_utf8_lossy(bytes).chars().count() as i64 + (n - n.min(line.len())) as i64
        };
        let end = self.end_col.map(|e| if e > 0 { chars(e) } else { e });
        (chars(col), end)
    }

    /// The exception's `text` for a source read from `input` (see [`Stage`]).
    pub fn text_attr(&self, input: Input) -> Option<String> {
        let with_newline = || {
            let mut t = self.text.clone();
            t.push('\n');
            t
        };
        match (self.stage, input) {
            (Stage::Tokenizer, _) => Some(self.text.clone()),
            (_, Input::File) if self.newline => Some(with_newline()),
            (_, Input::File) => Some(self.text.clone()),
            (Stage::Parser { read_to, .. }, Input::String) if read_to <= self.line => {
                // the tokenizer's buffer: the string's lines end with a newline, the last one
                // given one (`translate_newlines`)
                Some(with_newline())
            }
            (Stage::Parser { .. }, Input::String) => Some(self.text.clone()),
            (Stage::Compiler | Stage::Symtable, Input::String) => None,
        }
    }
}

/// How deep a syntax tree may get. CPython compiles a few thousand levels; this limit (that
/// of CPython's bracket nesting) keeps every recursive pass (ruff's, this module's and the
/// model's compiler) well within a 2 MiB stack, debug builds included.
const MAX_DEPTH: usize = 200;

/// Tokens that nest the tree one level deeper (operators, trailers, prefixes); names,
/// literals, `and`/`or` and comparisons keep it flat.
const NESTING_TOKENS: [&[u8]; 24] = [
    b"+", b"-", b"*", b"/", b"//", b"%", b"@", b"**", b"<<", b">>", b"&", b"|", b"^", b"~", b".",
    b"(", b"[", b"{", b"not", b"await", b"lambda", b"if", b":=", b"yield",
];

/// The token (index and range) where the syntax tree may nest deeper than `MAX_DEPTH`,
/// estimated from the tokens: nesting tokens add a level within their bracket, a `,` starts a
/// sibling, and a run of `elif`s nests the `if` statement.
fn too_deep(text: &Text, scan: &Scan) -> Option<(usize, Range)> {
    let mut levels: Vec<usize> = vec![0];
    // Length of the `elif` run at each indentation level.
    let mut elifs: Vec<usize> = vec![0];
    let mut line_start = true;
    for (index, tok) in scan.toks.iter().enumerate() {
        let s = &text.bytes[tok.start..tok.end];
        match tok.kind {
            TokKind::Newline => {
                levels = vec![0];
                line_start = true;
                continue;
            }
            TokKind::Indent => {
                elifs.push(0);
                continue;
            }
            TokKind::Dedent => {
                elifs.pop();
                continue;
            }
            _ => {}
        }
        if std::mem::take(&mut line_start) {
            if let Some(run) = elifs.last_mut() {
                match s {
                    b"elif" => *run += 1,
                    b"else" => {}
                    _ => *run = 0,
                }
            }
        }
        if NESTING_TOKENS.contains(&s) && tok.kind != TokKind::String {
            if let Some(top) = levels.last_mut() {
                *top += 1;
            }
        }
        match s {
            b"(" | b"[" | b"{" => levels.push(0),
            b")" | b"]" | b"}" if levels.len() > 1 => {
                levels.pop();
            }
            b"," | b";" => {
                if let Some(top) = levels.last_mut() {
                    *top = 0;
                }
            }
            _ => {}
        }
        let blocks = elifs.len().saturating_sub(1);
        let depth = levels.iter().sum::<usize>() + elifs.iter().sum::<usize>() + blocks;
        if depth > MAX_DEPTH {
            let start = text.to_orig(tok.start) as u32;
            return Some((index, Range::new(start, text.to_orig(tok.end) as u32)));
        }
    }
    None
}

fn unsupported(construct: &str, range: TextRange) -> ParseFailure {
    ParseFailure::Unsupported(Unsupported {
        construct: construct.to_string(),
        range: to_range(range),
    })
}

/// `start..end`, empty when `end` comes first (`TextRange::new` would panic).
fn text_range(start: ruff_text_size::TextSize, end: ruff_text_size::TextSize) -> TextRange {
    TextRange::new(start, end.max(start))
}

fn to_range(range: TextRange) -> Range {
    Range::new(range.start().into(), range.end().into())
}

#[cfg(test)]
mod token_tests {
    use super::{tokens, TokenClass as C};

    fn classes(source: &str) -> Vec<(C, &str)> {
        tokens(source)
            .into_iter()
            .filter(|(c, _)| *c != C::Other)
            .map(|(c, r)| (c, &source[r]))
            .collect()
    }

    #[test]
    fn tokens_are_classified_with_their_ranges() {
        assert_eq!(
            classes("if x: print(10, 'a')  # hi"),
            [
                (C::Keyword, "if"),
                (C::Name, "x"),
                (C::Operator, ":"),
                (C::Name, "print"),
                (C::Operator, "("),
                (C::Number, "10"),
                (C::Operator, ","),
                (C::String, "'a'"),
                (C::Operator, ")"),
                (C::Comment, "# hi"),
            ]
        );
    }

    #[test]
    fn broken_and_deeply_nested_text() {
        // the parser recovers: tokens after the error are still there
        let got = classes("def (:\n    x = 'open\ny = 2\n");
        assert_eq!(got[0], (C::Keyword, "def"));
        assert!(got.contains(&(C::Number, "2")), "{got:?}");
        let deep = format!("x = {}{}", "(".repeat(5000), ")".repeat(5000));
        assert!(tokens(&deep).is_empty());
        let deep_after_error = format!("'\n{}", "[".repeat(5000));
        assert!(tokens(&deep_after_error).is_empty());
    }
}
