//! Python source → refscope's AST: runs `ruff_python_parser`, converts its tree into
//! `crate::ast`, rejects constructs the model does not support, and reports syntax errors with
//! the kind, message, line and caret columns CPython 3.11 gives.
//!
//! CPython's error precedence is emulated in three layers: a copy of CPython's tokenizer finds
//! the errors its tokenizer raises (strings, numbers, brackets, indentation); ruff's first parse
//! error is translated into the message CPython's grammar (its `invalid_*` rules) produces at
//! that point, and string literals are checked the way 3.11 decodes them (f-strings included);
//! then a check of the converted tree reports what CPython's symbol table and compiler reject
//! ('return' outside function...). Unsupported constructs are reported unless a compile-stage
//! error comes first; syntax newer than 3.11 is a syntax error, as in CPython 3.11.

use crate::ast::*;
use num_bigint::BigInt;
use num_traits::Num;
use ruff_python_ast as py;
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{
    LexicalErrorType, Mode, ParseErrorType, ParseOptions, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange};

// ---------------------------------------------------------------------------------------------
// Public interface
// ---------------------------------------------------------------------------------------------

/// A syntax error as CPython reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// `"SyntaxError"`, `"IndentationError"` or `"TabError"`.
    pub kind: &'static str,
    /// CPython's wording, e.g. `"expected ':'"`.
    pub msg: String,
    /// 1-based line in the given source.
    pub line: u32,
    /// 1-based column of the caret start, exactly CPython's `SyntaxError.offset`: characters
    /// for errors raised by its tokenizer, but bytes of the UTF-8 line for parser and compiler
    /// errors (CPython 3.11 does not convert those for a file without a coding cookie), so that
    /// `render` puts the caret where CPython does. The two agree on ASCII lines. CPython shows
    /// no caret when this falls inside the line's leading whitespace (or is 0).
    pub col: u32,
    /// 1-based end column (exclusive) of the carets as CPython displays them (`col + 1` for one
    /// caret; IndentationError always shows one; a range over several lines is underlined to
    /// the end of the first).
    pub end_col: u32,
    /// The source line, without its newline.
    pub text: String,
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
}

/// Parses one module (or notebook cell) into refscope's tree.
pub fn parse_module(source: &str) -> Result<Suite, ParseFailure> {
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
    match (validate(source, &suite), unsupported) {
        (Ok(()), None) => Ok(suite),
        (Ok(()), Some(u)) => Err(ParseFailure::Unsupported(u)),
        (Err(e), None) => Err(e),
        (Err(e), Some(u)) => Err(first_in_source(&text, e, u)),
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

/// Of a compile-stage error and an unsupported construct, the one that comes first.
fn first_in_source(text: &Text, error: ParseFailure, u: Unsupported) -> ParseFailure {
    let start = |range: Range| {
        let pos = text.norm_pos(range.start as usize);
        let line = text.line_of(pos);
        (line, text.col_on(line, pos))
    };
    let error_at = match &error {
        ParseFailure::Syntax(s) => (s.line, s.col as i64),
        ParseFailure::Unsupported(v) => start(v.range),
    };
    if error_at < start(u.range) {
        error
    } else {
        ParseFailure::Unsupported(u)
    }
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
    /// is no traceback header for a syntax error in the main file).
    pub fn render(&self, filename: &str) -> String {
        let mut out = format!("  File \"{filename}\", line {}\n", self.line);
        // Mirrors `print_error_text` in CPython's pythonrun.c.
        let stripped = self.text.trim_start_matches([' ', '\t', '\x0c']);
        let mut offset = self.col as i64 - 1 - (self.text.len() - stripped.len()) as i64;
        offset = offset.min(stripped.len() as i64);
        out.push_str("    ");
        out.push_str(stripped);
        out.push('\n');
        if offset >= 0 {
            let carets = (self.end_col as i64 - self.col as i64).max(1) as usize;
            out.push_str("    ");
            out.push_str(&" ".repeat(offset as usize));
            out.push_str(&"^".repeat(carets));
            out.push('\n');
        }
        out.push_str(&format!("{}: {}\n", self.kind, self.msg));
        out
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

// ---------------------------------------------------------------------------------------------
// The source as CPython's reader sees it
// ---------------------------------------------------------------------------------------------

/// The source as CPython's file reader hands it to the tokenizer: BOM dropped, `\r\n` and `\r`
/// turned into `\n`, and a final newline added. Positions below are offsets into `bytes`.
struct Text {
    bytes: Vec<u8>,
    /// Original offsets of the bytes dropped while normalising (BOM, the `\r` of `\r\n`).
    dropped: Vec<usize>,
    /// The normalised positions where those bytes were dropped.
    dropped_at: Vec<usize>,
    line_starts: Vec<usize>,
}

impl Text {
    fn new(source: &str) -> Text {
        let src = source.as_bytes();
        let mut bytes = Vec::with_capacity(src.len() + 1);
        let mut dropped = Vec::new();
        let mut i = 0;
        if source.starts_with('\u{feff}') {
            dropped.extend(0..3);
            i = 3;
        }
        while i < src.len() {
            match src[i] {
                b'\r' if src.get(i + 1) == Some(&b'\n') => dropped.push(i),
                b'\r' => bytes.push(b'\n'),
                b => bytes.push(b),
            }
            i += 1;
        }
        if !bytes.is_empty() && bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let dropped_at = dropped.iter().enumerate().map(|(k, &d)| d - k).collect();
        Text {
            bytes,
            dropped,
            dropped_at,
            line_starts,
        }
    }

    /// The normalised position of an offset in the original source.
    fn norm_pos(&self, orig: usize) -> usize {
        let pos = orig - self.dropped.partition_point(|&d| d < orig);
        pos.min(self.bytes.len())
    }

    /// The original offset of a normalised position.
    fn to_orig(&self, pos: usize) -> usize {
        pos + self.dropped_at.partition_point(|&d| d <= pos)
    }

    /// 1-based line of a position.
    fn line_of(&self, pos: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= pos).max(1) as u32
    }

    fn line_start(&self, line: u32) -> usize {
        let idx = (line.max(1) - 1) as usize;
        self.line_starts
            .get(idx)
            .copied()
            .unwrap_or(self.bytes.len())
    }

    /// The text of a 1-based line, without its newline.
    fn line_text(&self, line: u32) -> String {
        let start = self.line_start(line);
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |n| start + n);
        String::from_utf8_lossy(&self.bytes[start..end]).into_owned()
    }

    /// CPython's 1-based column of a position on `line`. CPython 3.11 reports columns of a
    /// file's parser and compiler errors in bytes (no conversion without a coding cookie), so
    /// this is a byte column; only tokenizer errors count characters (`char_col_on`).
    fn col_on(&self, line: u32, pos: usize) -> i64 {
        let (start, end) = self.line_bounds(line);
        (pos.clamp(start, end) - start) as i64 + 1
    }

    /// Like `col_on`, counting characters.
    fn char_col_on(&self, line: u32, pos: usize) -> i64 {
        let (start, end) = self.line_bounds(line);
        let chars = String::from_utf8_lossy(&self.bytes[start..pos.clamp(start, end)])
            .chars()
            .count();
        chars as i64 + 1
    }

    /// Start and end (after the newline) of a line.
    fn line_bounds(&self, line: u32) -> (usize, usize) {
        let start = self.line_start(line);
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |n| start + n + 1);
        (start, end)
    }
}

/// Where an error sits, in CPython's terms (1-based columns in characters; `end_col <= col`
/// means one caret).
#[derive(Clone, Copy, Debug)]
struct Loc {
    line: u32,
    col: i64,
    end_line: u32,
    end_col: i64,
}

impl Text {
    fn error(&self, kind: &'static str, msg: impl Into<String>, loc: Loc) -> SyntaxError {
        let text = self.line_text(loc.line);
        let col = loc.col.max(0);
        let mut end = loc.end_col;
        if kind != "SyntaxError" {
            // CPython draws a single caret for IndentationError and TabError.
            end = col + 1;
        } else if loc.end_line > loc.line {
            // Multi-line ranges are underlined to the end of the first line.
            end = text.len() as i64 + 1;
        }
        end = end.min(text.len() as i64 + 2);
        let end = if end > col { end } else { col + 1 };
        SyntaxError {
            kind,
            msg: msg.into(),
            line: loc.line,
            col: col as u32,
            end_col: end as u32,
            text,
        }
    }

    /// A location spanning `start..end` (positions), like a token's.
    fn span(&self, start: usize, end: usize) -> Loc {
        let line = self.line_of(start);
        let end_line = self.line_of(end.max(start)).max(line);
        // A range ending exactly at a newline belongs to the line it ends.
        let end_line = if end > start && self.bytes.get(end - 1) == Some(&b'\n') {
            self.line_of(end - 1)
        } else {
            end_line
        };
        Loc {
            line,
            col: self.col_on(line, start),
            end_line,
            end_col: self.col_on(end_line, end),
        }
    }

    /// A one-caret location at `pos`.
    fn at(&self, pos: usize) -> Loc {
        let line = self.line_of(pos);
        let col = self.col_on(line, pos);
        Loc {
            line,
            col,
            end_line: line,
            end_col: col,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CPython 3.11's tokenizer (Parser/tokenizer.c), reduced to what error reporting needs
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Name,
    Number,
    String,
    Op,
    Newline,
    Indent,
    Dedent,
    EndMarker,
}

#[derive(Clone, Debug)]
struct Tok {
    kind: TokKind,
    /// Byte range in `Text::bytes`; INDENT, DEDENT and ENDMARKER are empty.
    start: usize,
    end: usize,
    line: u32,
    /// Bracket nesting depth after the token.
    level: usize,
}

/// An error the tokenizer reports.
#[derive(Clone, Debug)]
enum TokError {
    /// Raised at once by `syntaxerror()`; it also replaces an earlier parser error, because
    /// CPython tokenizes the rest of the file after a parse failure.
    Raised(SyntaxError),
    /// A `tok->done` code the parser turns into an error when it reaches the bad token.
    Done(Done),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Done {
    /// End of file inside brackets or after a line continuation.
    Eof,
    /// Dedent to a column matching no outer indentation level.
    Dedent,
    TabSpace,
    TooDeep,
    /// A character after a line continuation backslash (at this position).
    LineCont(usize),
}

#[derive(Clone, Copy, Debug)]
struct Bracket {
    ch: u8,
    line: u32,
    pos: usize,
}

const MAX_INDENT: usize = 100;
const MAX_LEVEL: usize = 200;
const TAB_SIZE: usize = 8;

/// The tokens of a whole file as CPython's tokenizer produces them, up to its first error.
struct Scan {
    toks: Vec<Tok>,
    error: Option<TokError>,
    /// Line and position where the tokenizer stopped (for errors without a token).
    line: u32,
    cur: usize,
    line_start: usize,
    /// Open brackets when it stopped.
    brackets: Vec<Bracket>,
}

struct Tokenizer<'t> {
    text: &'t Text,
    pos: usize,
    line_start: usize,
    lineno: u32,
    first_null_line: Option<u32>,
    null_hit: bool,
    atbol: bool,
    indents: Vec<(usize, usize)>,
    pending: i32,
    brackets: Vec<Bracket>,
    /// Start of the token being scanned.
    start: usize,
}

fn tokenize(text: &Text) -> Scan {
    let first_null_line = text
        .bytes
        .iter()
        .position(|&b| b == 0)
        .map(|p| text.line_of(p));
    let mut tz = Tokenizer {
        text,
        pos: 0,
        line_start: 0,
        lineno: 1,
        first_null_line,
        null_hit: first_null_line == Some(1),
        atbol: true,
        indents: vec![(0, 0)],
        pending: 0,
        brackets: Vec::new(),
        start: 0,
    };
    let mut toks = Vec::new();
    let error = loop {
        let result = if tz.null_hit {
            Err(tz.null_error())
        } else {
            tz.next_token()
        };
        match (result, tz.null_hit) {
            (_, true) => break Some(tz.null_error()),
            (Err(e), _) => break Some(e),
            (Ok(tok), _) => {
                let done = tok.kind == TokKind::EndMarker;
                toks.push(tok);
                if done {
                    break None;
                }
            }
        }
    };
    Scan {
        toks,
        error,
        line: tz.lineno,
        cur: tz.pos,
        line_start: tz.line_start,
        brackets: tz.brackets,
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 128
}

fn is_ident_char(c: u8) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}

impl Tokenizer<'_> {
    fn nextc(&mut self) -> Option<u8> {
        let bytes = &self.text.bytes;
        if self.null_hit || self.pos >= bytes.len() {
            return None;
        }
        if self.pos > self.line_start && bytes[self.pos - 1] == b'\n' {
            self.line_start = self.pos;
            self.lineno += 1;
            if self.first_null_line == Some(self.lineno) {
                self.null_hit = true;
                return None;
            }
        }
        let c = bytes[self.pos];
        self.pos += 1;
        Some(c)
    }

    fn backup(&mut self, c: Option<u8>) {
        if c.is_some() {
            self.pos -= 1;
        }
    }

    fn peek_is(&self, s: &[u8]) -> bool {
        self.text.bytes[self.pos..].starts_with(s)
    }

    fn null_error(&self) -> TokError {
        let line = self.first_null_line.unwrap_or(1);
        let mut text = self.text.line_text(line);
        text.truncate(text.find('\0').unwrap_or(text.len()));
        TokError::Raised(SyntaxError {
            kind: "SyntaxError",
            msg: "source code cannot contain null bytes".into(),
            line,
            col: 0,
            end_col: 1,
            text,
        })
    }

    /// `syntaxerror()`: the caret goes under the last character read.
    fn raise(&self, msg: impl Into<String>) -> TokError {
        let col = self.text.char_col_on(self.lineno, self.pos) - 1;
        self.raise_range(msg, col, col)
    }

    fn raise_range(&self, msg: impl Into<String>, col: i64, end_col: i64) -> TokError {
        let loc = Loc {
            line: self.lineno,
            col,
            end_line: self.lineno,
            end_col,
        };
        TokError::Raised(self.text.error("SyntaxError", msg, loc))
    }

    fn token(&self, kind: TokKind) -> Tok {
        let zero_width = matches!(kind, TokKind::Indent | TokKind::Dedent | TokKind::EndMarker);
        Tok {
            kind,
            start: self.start,
            end: self.pos,
            line: if zero_width {
                self.lineno
            } else {
                self.text.line_of(self.start)
            },
            level: self.brackets.len(),
        }
    }

    fn next_token(&mut self) -> Result<Tok, TokError> {
        loop {
            let mut blankline = false;
            if self.atbol {
                self.atbol = false;
                blankline = self.indentation()?;
            }
            self.start = self.pos;
            if self.pending != 0 {
                let kind = if self.pending < 0 {
                    self.pending += 1;
                    TokKind::Dedent
                } else {
                    self.pending -= 1;
                    TokKind::Indent
                };
                return Ok(self.token(kind));
            }
            match self.token_after_whitespace(blankline)? {
                Some(tok) => return Ok(tok),
                None => continue, // a blank line or a newline inside brackets
            }
        }
    }

    /// Measures the indentation of a new line and queues INDENT/DEDENT tokens; returns whether
    /// the line is blank (whitespace and comments only).
    fn indentation(&mut self) -> Result<bool, TokError> {
        let (mut col, mut altcol, mut cont_col) = (0usize, 0usize, None);
        let c = loop {
            let c = self.nextc();
            match c {
                Some(b' ') => {
                    col += 1;
                    altcol += 1;
                }
                Some(b'\t') => {
                    col = (col / TAB_SIZE + 1) * TAB_SIZE;
                    altcol += 1;
                }
                Some(b'\x0c') => {
                    col = 0;
                    altcol = 0;
                }
                Some(b'\\') => {
                    cont_col = cont_col.or(Some(col));
                    if let Err(e) = self.continuation_line() {
                        if matches!(e, TokError::Done(Done::Eof)) {
                            // CPython has dropped the line from its buffer by then.
                            self.pos = self.line_start;
                        }
                        return Err(e);
                    }
                }
                _ => break c,
            }
        };
        self.backup(c);
        let blank = matches!(c, Some(b'#') | Some(b'\n'));
        if blank || !self.brackets.is_empty() {
            return Ok(blank);
        }
        if let Some(cc) = cont_col {
            col = cc;
            altcol = cc;
        }
        let &(top, alttop) = self.indents.last().unwrap_or(&(0, 0));
        if col == top {
            if altcol != alttop {
                return Err(TokError::Done(Done::TabSpace));
            }
        } else if col > top {
            if self.indents.len() >= MAX_INDENT {
                self.pos = self.line_end();
                return Err(TokError::Done(Done::TooDeep));
            }
            if altcol <= alttop {
                return Err(TokError::Done(Done::TabSpace));
            }
            self.pending += 1;
            self.indents.push((col, altcol));
        } else {
            while self.indents.len() > 1 && col < self.indents.last().map_or(0, |i| i.0) {
                self.pending -= 1;
                self.indents.pop();
            }
            let &(top, alttop) = self.indents.last().unwrap_or(&(0, 0));
            if col != top {
                self.pos = self.line_end();
                return Err(TokError::Done(Done::Dedent));
            }
            if altcol != alttop {
                return Err(TokError::Done(Done::TabSpace));
            }
        }
        Ok(false)
    }

    /// Position just after the current line's newline (CPython's `tok->inp`).
    fn line_end(&self) -> usize {
        let bytes = &self.text.bytes;
        bytes[self.line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |n| self.line_start + n + 1)
    }

    /// After a backslash: the next character must end the line, and a line must follow.
    fn continuation_line(&mut self) -> Result<(), TokError> {
        let c = self.nextc();
        if c != Some(b'\n') {
            return Err(TokError::Done(Done::LineCont(self.pos)));
        }
        let c = self.nextc();
        if c.is_none() {
            return Err(TokError::Done(Done::Eof));
        }
        self.backup(c);
        Ok(())
    }

    /// One token after the indentation has been handled; `None` to start over on a new line.
    fn token_after_whitespace(&mut self, blankline: bool) -> Result<Option<Tok>, TokError> {
        let mut c;
        loop {
            c = self.nextc();
            while matches!(c, Some(b' ') | Some(b'\t') | Some(b'\x0c')) {
                c = self.nextc();
            }
            self.start = self.pos.saturating_sub(c.map_or(0, |_| 1));
            if c == Some(b'#') {
                while !matches!(c, None | Some(b'\n')) {
                    c = self.nextc();
                }
            }
            if c == Some(b'\\') {
                self.continuation_line()?;
                continue;
            }
            break;
        }
        let Some(ch) = c else {
            self.start = self.pos;
            if !self.brackets.is_empty() || self.null_hit {
                return Err(TokError::Done(Done::Eof));
            }
            return Ok(Some(self.token(TokKind::EndMarker)));
        };
        if is_ident_start(ch) {
            return self.name_or_string(ch).map(Some);
        }
        if ch == b'\n' {
            self.atbol = true;
            if blankline || !self.brackets.is_empty() {
                return Ok(None);
            }
            // Like CPython, the token starts at a preceding comment and leaves out the '\n'.
            let mut tok = self.token(TokKind::Newline);
            tok.end = self.pos - 1;
            return Ok(Some(tok));
        }
        if ch == b'.' {
            let c2 = self.nextc();
            if c2.is_some_and(|c| c.is_ascii_digit()) {
                return self.fraction(c2).map(Some);
            }
            if c2 == Some(b'.') && self.peek_is(b".") {
                self.pos += 1;
            } else {
                self.backup(c2);
            }
            return Ok(Some(self.token(TokKind::Op)));
        }
        if ch.is_ascii_digit() {
            return self.number(ch).map(Some);
        }
        if ch == b'\'' || ch == b'"' {
            return self.string(ch).map(Some);
        }
        self.operator(ch).map(Some)
    }

    fn name_or_string(&mut self, first: u8) -> Result<Tok, TokError> {
        let (mut saw_b, mut saw_r, mut saw_u, mut saw_f) = (false, false, false, false);
        let mut c = Some(first);
        loop {
            match c.map(|c| c.to_ascii_lowercase()) {
                Some(b'b') if !(saw_b || saw_u || saw_f) => saw_b = true,
                Some(b'u') if !(saw_b || saw_u || saw_r || saw_f) => saw_u = true,
                Some(b'r') if !(saw_r || saw_u) => saw_r = true,
                Some(b'f') if !(saw_f || saw_b || saw_u) => saw_f = true,
                _ => break,
            }
            c = self.nextc();
            if let Some(q @ (b'"' | b'\'')) = c {
                return self.string(q);
            }
        }
        let mut nonascii = false;
        while let Some(ch) = c.filter(|&ch| is_ident_char(ch)) {
            nonascii |= ch >= 128;
            c = self.nextc();
        }
        self.backup(c);
        if nonascii {
            self.verify_identifier()?;
        }
        Ok(self.token(TokKind::Name))
    }

    /// `verify_identifier`: the first character that cannot be part of an identifier.
    fn verify_identifier(&mut self) -> Result<(), TokError> {
        let word = String::from_utf8_lossy(&self.text.bytes[self.start..self.pos]).into_owned();
        let bad = word.char_indices().find(|&(i, ch)| {
            if i == 0 {
                !is_xid_start(ch)
            } else {
                !is_xid_continue(ch)
            }
        });
        let Some((i, ch)) = bad else { return Ok(()) };
        self.pos = self.start + i + ch.len_utf8();
        let hex = format!("{:04X}", ch as u32);
        if is_printable(ch) {
            Err(self.raise(format!("invalid character '{ch}' (U+{hex})")))
        } else {
            Err(self.raise(format!("invalid non-printable character U+{hex}")))
        }
    }

    fn string(&mut self, quote: u8) -> Result<Tok, TokError> {
        let first_line = self.lineno;
        let first_line_start = self.line_start;
        let mut quote_size = 1;
        let mut end_quote_size = 0;
        let mut c = self.nextc();
        if c == Some(quote) {
            c = self.nextc();
            if c == Some(quote) {
                quote_size = 3;
            } else {
                end_quote_size = 1; // the empty string
            }
        }
        if c != Some(quote) {
            self.backup(c);
        }
        while end_quote_size != quote_size {
            let c = self.nextc();
            if c.is_none() || (quote_size == 1 && c == Some(b'\n')) {
                if self.null_hit {
                    return Err(self.null_error());
                }
                let detected = self.lineno;
                self.lineno = first_line;
                self.line_start = first_line_start;
                self.pos = self.start + 1;
                let msg = if quote_size == 3 {
                    format!(
                        "unterminated triple-quoted string literal (detected at line {detected})"
                    )
                } else {
                    format!("unterminated string literal (detected at line {detected})")
                };
                return Err(self.raise(msg));
            }
            if c == Some(quote) {
                end_quote_size += 1;
            } else {
                end_quote_size = 0;
                if c == Some(b'\\') {
                    self.nextc();
                }
            }
        }
        Ok(self.token(TokKind::String))
    }

    fn operator(&mut self, c: u8) -> Result<Tok, TokError> {
        const THREE: [&[u8]; 5] = [b"**=", b"...", b"//=", b"<<=", b">>="];
        const TWO: [&[u8]; 20] = [
            b"!=", b"%=", b"&=", b"**", b"*=", b"+=", b"-=", b"->", b"//", b"/=", b":=", b"<<",
            b"<=", b"<>", b"==", b">=", b">>", b"@=", b"^=", b"|=",
        ];
        let rest = &self.text.bytes[self.start..];
        if let Some(op) = THREE
            .iter()
            .chain(TWO.iter())
            .find(|op| rest.starts_with(op))
        {
            self.pos = self.start + op.len();
            return Ok(self.token(TokKind::Op));
        }
        match c {
            b'(' | b'[' | b'{' => {
                if self.brackets.len() >= MAX_LEVEL {
                    return Err(self.raise("too many nested parentheses"));
                }
                self.brackets.push(Bracket {
                    ch: c,
                    line: self.lineno,
                    pos: self.start,
                });
            }
            b')' | b']' | b'}' => {
                let Some(open) = self.brackets.pop() else {
                    return Err(self.raise(format!("unmatched '{}'", c as char)));
                };
                let expected = match open.ch {
                    b'(' => b')',
                    b'[' => b']',
                    _ => b'}',
                };
                if c != expected {
                    let (close, open_ch) = (c as char, open.ch as char);
                    let msg = if open.line != self.lineno {
                        format!(
                            "closing parenthesis '{close}' does not match opening parenthesis '{open_ch}' on line {}",
                            open.line
                        )
                    } else {
                        format!(
                            "closing parenthesis '{close}' does not match opening parenthesis '{open_ch}'"
                        )
                    };
                    return Err(self.raise(msg));
                }
            }
            _ => {}
        }
        if !is_printable(c as char) {
            return Err(self.raise(format!("invalid non-printable character U+{:04X}", c)));
        }
        Ok(self.token(TokKind::Op))
    }
}

fn is_digit(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

/// Numbers, following `tok_get`'s number branch; errors name the literal kind.
impl Tokenizer<'_> {
    fn number(&mut self, first: u8) -> Result<Tok, TokError> {
        if first != b'0' {
            let c = self.decimal_tail()?;
            if c == Some(b'.') {
                let c = self.nextc();
                return self.fraction(c);
            }
            return self.exponent_and_suffix(c);
        }
        let mut c = self.nextc();
        match c.map(|c| c.to_ascii_lowercase()) {
            Some(b'x') => return self.radix_number(16, "hexadecimal"),
            Some(b'o') => return self.radix_number(8, "octal"),
            Some(b'b') => return self.radix_number(2, "binary"),
            _ => {}
        }
        let mut nonzero = false;
        loop {
            if c == Some(b'_') {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.raise("invalid decimal literal"));
                }
            }
            if c != Some(b'0') {
                break;
            }
            c = self.nextc();
        }
        let zeros_end = self.pos;
        if is_digit(c) {
            nonzero = true;
            c = self.decimal_tail()?;
        }
        match c {
            Some(b'.') => {
                let c = self.nextc();
                self.fraction(c)
            }
            Some(b'e' | b'E' | b'j' | b'J') => self.exponent_and_suffix(c),
            _ if nonzero => {
                self.backup(c);
                // CPython passes byte offsets here.
                let col = (self.start + 1 - self.line_start) as i64;
                let end = (zeros_end - self.line_start) as i64;
                Err(self.raise_range(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    col,
                    end,
                ))
            }
            _ => {
                self.verify_end_of_number(c, "decimal")?;
                self.backup(c);
                Ok(self.token(TokKind::Number))
            }
        }
    }

    /// Digits with single underscores between them; returns the first character after.
    fn decimal_tail(&mut self) -> Result<Option<u8>, TokError> {
        loop {
            let mut c = self.nextc();
            while is_digit(c) {
                c = self.nextc();
            }
            if c != Some(b'_') {
                return Ok(c);
            }
            let c = self.nextc();
            if !is_digit(c) {
                self.backup(c);
                return Err(self.raise("invalid decimal literal"));
            }
        }
    }

    /// After the `.` of a float; `c` is the character following it.
    fn fraction(&mut self, c: Option<u8>) -> Result<Tok, TokError> {
        let c = if is_digit(c) { self.decimal_tail()? } else { c };
        self.exponent_and_suffix(c)
    }

    fn exponent_and_suffix(&mut self, mut c: Option<u8>) -> Result<Tok, TokError> {
        if let Some(e @ (b'e' | b'E')) = c {
            c = self.nextc();
            if let Some(b'+' | b'-') = c {
                c = self.nextc();
                if !is_digit(c) {
                    self.backup(c);
                    return Err(self.raise("invalid decimal literal"));
                }
            } else if !is_digit(c) {
                self.backup(c);
                self.verify_end_of_number(Some(e), "decimal")?;
                self.backup(Some(e));
                return Ok(self.token(TokKind::Number));
            }
            c = self.decimal_tail()?;
        }
        if let Some(b'j' | b'J') = c {
            c = self.nextc();
            self.verify_end_of_number(c, "imaginary")?;
        } else {
            self.verify_end_of_number(c, "decimal")?;
        }
        self.backup(c);
        Ok(self.token(TokKind::Number))
    }

    fn radix_number(&mut self, radix: u32, kind: &str) -> Result<Tok, TokError> {
        let is_radix_digit = |c: Option<u8>| c.is_some_and(|c| (c as char).is_digit(radix));
        let mut c = self.nextc();
        loop {
            if c == Some(b'_') {
                c = self.nextc();
            }
            if !is_radix_digit(c) {
                if radix != 16 && is_digit(c) {
                    let d = c.map_or('?', char::from);
                    return Err(self.raise(format!("invalid digit '{d}' in {kind} literal")));
                }
                self.backup(c);
                return Err(self.raise(format!("invalid {kind} literal")));
            }
            while is_radix_digit(c) {
                c = self.nextc();
            }
            if c != Some(b'_') {
                break;
            }
        }
        if radix != 16 && is_digit(c) {
            let d = c.map_or('?', char::from);
            return Err(self.raise(format!("invalid digit '{d}' in {kind} literal")));
        }
        self.verify_end_of_number(c, kind)?;
        self.backup(c);
        Ok(self.token(TokKind::Number))
    }

    /// A number directly followed by a name is an error, except before the keywords that
    /// may follow a number in valid code (`1if x else 2` only warns).
    fn verify_end_of_number(&mut self, c: Option<u8>, kind: &str) -> Result<(), TokError> {
        let Some(ch) = c else { return Ok(()) };
        let rest = &self.text.bytes[self.pos..];
        let keyword_follows = |tail: &[u8]| {
            rest.starts_with(tail) && !rest.get(tail.len()).is_some_and(|&b| is_ident_char(b))
        };
        let allowed = match ch {
            b'a' => keyword_follows(b"nd"),
            b'e' => keyword_follows(b"lse"),
            b'f' => keyword_follows(b"or"),
            b'i' => matches!(rest.first(), Some(b'f' | b'n' | b's')),
            b'o' => keyword_follows(b"r"),
            b'n' => keyword_follows(b"ot"),
            _ => false,
        };
        if !allowed && is_ident_char(ch) {
            self.backup(c);
            return Err(self.raise(format!("invalid {kind} literal")));
        }
        Ok(())
    }
}

/// Python's `str.isprintable` for the characters that matter in source code.
fn is_printable(ch: char) -> bool {
    if ch == ' ' {
        return true;
    }
    let format_char = matches!(ch as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    !(ch.is_control() || ch.is_whitespace() || format_char)
}

/// Unicode XID_Start, asked of ruff's lexer (which uses the `unicode-ident` tables).
fn is_xid_start(ch: char) -> bool {
    ch == '_' || ch.is_ascii_alphabetic() || (!ch.is_ascii() && lexes_as_one_name(&ch.to_string()))
}

fn is_xid_continue(ch: char) -> bool {
    ch.is_ascii_alphanumeric()
        || ch == '_'
        || (!ch.is_ascii() && lexes_as_one_name(&format!("a{ch}")))
}

fn lexes_as_one_name(s: &str) -> bool {
    use ruff_python_ast::token::TokenKind;
    let mut lexer = ruff_python_parser::lexer::lex(s, Mode::Module);
    lexer.next_token() == TokenKind::Name
        && matches!(
            lexer.next_token(),
            TokenKind::Newline | TokenKind::EndOfFile
        )
}

// ---------------------------------------------------------------------------------------------
// Conversion of ruff's tree
// ---------------------------------------------------------------------------------------------

type Conv<T> = Result<T, ParseFailure>;

/// Converts ruff's tree. An unsupported construct is recorded (the first one, in source
/// order) and converted as its nearest supported form, so that the compile-stage checks still
/// see the rest of the module and an earlier error there can be reported first.
struct Converter<'s> {
    source: &'s str,
    unsupported: std::cell::RefCell<Option<Unsupported>>,
}

impl<'s> Converter<'s> {
    fn new(source: &'s str) -> Self {
        Converter {
            source,
            unsupported: std::cell::RefCell::new(None),
        }
    }

    /// Records an unsupported construct; the caller carries on with a stand-in.
    fn reject(&self, construct: &str, range: TextRange) {
        self.unsupported.borrow_mut().get_or_insert(Unsupported {
            construct: construct.to_string(),
            range: to_range(range),
        });
    }

    fn reject_stmt(&self, construct: &str, range: TextRange) -> Conv<StmtKind> {
        self.reject(construct, range);
        Ok(StmtKind::Pass)
    }

    fn reject_expr(&self, construct: &str, range: TextRange) -> Conv<ExprKind> {
        self.reject(construct, range);
        Ok(ExprKind::Constant(Constant::None))
    }
}

fn ident(id: &py::Identifier) -> Ident {
    id.id.as_str().to_string()
}

impl Converter<'_> {
    fn suite(&self, body: &[py::Stmt]) -> Conv<Suite> {
        body.iter().map(|s| self.stmt(s)).collect()
    }

    fn stmt(&self, stmt: &py::Stmt) -> Conv<Stmt> {
        Ok(Stmt {
            range: to_range(stmt.range()),
            kind: self.stmt_kind(stmt)?,
        })
    }

    /// One small function per kind keeps the recursion's stack frames small.
    fn stmt_kind(&self, stmt: &py::Stmt) -> Conv<StmtKind> {
        match stmt {
            py::Stmt::FunctionDef(def) => {
                Ok(StmtKind::FunctionDef(Box::new(self.function_def(def)?)))
            }
            py::Stmt::ClassDef(class) => Ok(StmtKind::ClassDef(Box::new(self.class_def(class)?))),
            py::Stmt::Return(ret) => Ok(StmtKind::Return(self.opt_expr(ret.value.as_deref())?)),
            py::Stmt::Delete(del) => Ok(StmtKind::Delete(self.exprs(&del.targets)?)),
            py::Stmt::TypeAlias(alias) => self.reject_stmt("type alias statement", alias.range),
            py::Stmt::Assign(assign) => self.assign(assign),
            py::Stmt::AugAssign(aug) => self.aug_assign(aug),
            py::Stmt::AnnAssign(ann) => self.ann_assign(ann),
            py::Stmt::For(for_) => self.for_stmt(for_),
            py::Stmt::While(while_) => self.while_stmt(while_),
            py::Stmt::If(if_) => self.if_stmt(if_),
            py::Stmt::With(with) => self.with_stmt(with),
            py::Stmt::Match(m) => Ok(StmtKind::Match {
                subject: self.expr(&m.subject)?,
                cases: m
                    .cases
                    .iter()
                    .map(|c| {
                        Ok(MatchCase {
                            pattern: self.pattern(&c.pattern)?,
                            guard: self.opt_expr(c.guard.as_deref())?,
                            body: self.suite(&c.body)?,
                        })
                    })
                    .collect::<Conv<_>>()?,
            }),
            py::Stmt::Raise(raise) => self.raise(raise),
            py::Stmt::Try(try_) => self.try_stmt(try_),
            py::Stmt::Assert(assert) => self.assert(assert),
            py::Stmt::Import(import) => {
                if import.is_lazy {
                    self.reject("lazy import", import.range);
                }
                Ok(StmtKind::Import(import.names.iter().map(alias).collect()))
            }
            py::Stmt::ImportFrom(import) => self.import_from(import),
            py::Stmt::Global(global) => {
                Ok(StmtKind::Global(global.names.iter().map(ident).collect()))
            }
            py::Stmt::Nonlocal(nonlocal) => Ok(StmtKind::Nonlocal(
                nonlocal.names.iter().map(ident).collect(),
            )),
            py::Stmt::Expr(expr) => Ok(StmtKind::Expr(self.expr(&expr.value)?)),
            py::Stmt::Pass(_) => Ok(StmtKind::Pass),
            py::Stmt::Break(_) => Ok(StmtKind::Break),
            py::Stmt::Continue(_) => Ok(StmtKind::Continue),
            py::Stmt::IpyEscapeCommand(cmd) => {
                self.reject_stmt("IPython escape command", cmd.range)
            }
        }
    }

    fn assign(&self, assign: &py::StmtAssign) -> Conv<StmtKind> {
        Ok(StmtKind::Assign {
            targets: self.exprs(&assign.targets)?,
            value: self.expr(&assign.value)?,
        })
    }

    fn aug_assign(&self, aug: &py::StmtAugAssign) -> Conv<StmtKind> {
        Ok(StmtKind::AugAssign {
            target: self.expr(&aug.target)?,
            op: bin_op(aug.op),
            value: self.expr(&aug.value)?,
        })
    }

    fn ann_assign(&self, ann: &py::StmtAnnAssign) -> Conv<StmtKind> {
        Ok(StmtKind::AnnAssign {
            target: self.expr(&ann.target)?,
            annotation: self.expr(&ann.annotation)?,
            value: self.opt_expr(ann.value.as_deref())?,
            simple: ann.simple,
        })
    }

    fn for_stmt(&self, for_: &py::StmtFor) -> Conv<StmtKind> {
        if for_.is_async {
            self.reject("async for", for_.range);
        }
        Ok(StmtKind::For {
            target: self.expr(&for_.target)?,
            iter: self.expr(&for_.iter)?,
            body: self.suite(&for_.body)?,
            orelse: self.suite(&for_.orelse)?,
        })
    }

    fn while_stmt(&self, while_: &py::StmtWhile) -> Conv<StmtKind> {
        Ok(StmtKind::While {
            test: self.expr(&while_.test)?,
            body: self.suite(&while_.body)?,
            orelse: self.suite(&while_.orelse)?,
        })
    }

    fn pattern(&self, p: &py::Pattern) -> Conv<Pattern> {
        let many =
            |ps: &[py::Pattern]| ps.iter().map(|p| self.pattern(p)).collect::<Conv<Vec<_>>>();
        Ok(match p {
            py::Pattern::MatchValue(v) => Pattern::Value(self.expr(&v.value)?),
            py::Pattern::MatchSingleton(s) => Pattern::Singleton(match s.value {
                py::Singleton::None => Constant::None,
                py::Singleton::True => Constant::True,
                py::Singleton::False => Constant::False,
            }),
            py::Pattern::MatchSequence(s) => Pattern::Sequence(many(&s.patterns)?),
            py::Pattern::MatchMapping(m) => Pattern::Mapping {
                keys: m.keys.iter().map(|k| self.expr(k)).collect::<Conv<_>>()?,
                patterns: many(&m.patterns)?,
                rest: m.rest.as_ref().map(ident),
            },
            py::Pattern::MatchClass(c) => Pattern::Class {
                cls: self.expr(&c.cls)?,
                patterns: many(&c.arguments.patterns)?,
                kwd_attrs: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| ident(&k.attr))
                    .collect(),
                kwd_patterns: c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| self.pattern(&k.pattern))
                    .collect::<Conv<_>>()?,
            },
            py::Pattern::MatchStar(s) => Pattern::Star(s.name.as_ref().map(ident)),
            py::Pattern::MatchAs(a) => Pattern::As {
                pattern: match &a.pattern {
                    Some(p) => Some(Box::new(self.pattern(p)?)),
                    None => None,
                },
                name: a.name.as_ref().map(ident),
            },
            py::Pattern::MatchOr(o) => Pattern::Or(many(&o.patterns)?),
        })
    }

    fn if_stmt(&self, if_: &py::StmtIf) -> Conv<StmtKind> {
        Ok(StmtKind::If {
            test: self.expr(&if_.test)?,
            body: self.suite(&if_.body)?,
            orelse: self.elif_else(&if_.elif_else_clauses)?,
        })
    }

    fn with_stmt(&self, with: &py::StmtWith) -> Conv<StmtKind> {
        if with.is_async {
            self.reject("async with", with.range);
        }
        let items = with.items.iter().map(|item| self.with_item(item));
        Ok(StmtKind::With {
            items: items.collect::<Conv<_>>()?,
            body: self.suite(&with.body)?,
        })
    }

    fn raise(&self, raise: &py::StmtRaise) -> Conv<StmtKind> {
        // ruff reads `raise;` as a raise of a placeholder.
        let exc = raise.exc.as_deref().filter(|e| !is_placeholder(e));
        Ok(StmtKind::Raise {
            exc: self.opt_expr(exc)?,
            cause: self.opt_expr(raise.cause.as_deref())?,
        })
    }

    fn assert(&self, assert: &py::StmtAssert) -> Conv<StmtKind> {
        Ok(StmtKind::Assert {
            test: self.expr(&assert.test)?,
            msg: self.opt_expr(assert.msg.as_deref())?,
        })
    }

    fn import_from(&self, import: &py::StmtImportFrom) -> Conv<StmtKind> {
        if import.is_lazy {
            self.reject("lazy import", import.range);
        }
        Ok(StmtKind::ImportFrom {
            module: import.module.as_ref().map(ident),
            names: import.names.iter().map(alias).collect(),
            level: import.level,
        })
    }

    /// `elif`/`else` clauses become an `orelse` holding a nested `If` per `elif`.
    fn elif_else(&self, clauses: &[py::ElifElseClause]) -> Conv<Suite> {
        let Some((first, rest)) = clauses.split_first() else {
            return Ok(Vec::new());
        };
        let body = self.suite(&first.body)?;
        let Some(test) = &first.test else {
            return Ok(body);
        };
        let end = clauses.last().map_or(first.range.end(), |c| c.range.end());
        Ok(vec![Stmt {
            range: Range::new(first.range.start().into(), end.into()),
            kind: StmtKind::If {
                test: self.expr(test)?,
                body,
                orelse: self.elif_else(rest)?,
            },
        }])
    }

    fn try_stmt(&self, try_: &py::StmtTry) -> Conv<StmtKind> {
        if try_.is_star {
            self.reject("except* (exception groups)", try_.range);
        }
        let body = self.suite(&try_.body)?;
        let mut handlers = Vec::new();
        for handler in &try_.handlers {
            let py::ExceptHandler::ExceptHandler(h) = handler;
            handlers.push(ExceptHandler {
                range: to_range(h.range),
                typ: self.opt_expr(h.type_.as_deref())?,
                name: h.name.as_ref().map(ident),
                body: self.suite(&h.body)?,
            });
        }
        Ok(StmtKind::Try {
            body,
            handlers,
            orelse: self.suite(&try_.orelse)?,
            finalbody: self.suite(&try_.finalbody)?,
        })
    }

    fn with_item(&self, item: &py::WithItem) -> Conv<WithItem> {
        Ok(WithItem {
            context: self.expr(&item.context_expr)?,
            target: self.opt_expr(item.optional_vars.as_deref())?,
        })
    }

    fn function_def(&self, def: &py::StmtFunctionDef) -> Conv<FunctionDef> {
        if def.is_async {
            self.reject("async def", def.range);
        }
        if let Some(tp) = &def.type_params {
            self.reject("generic type parameters", tp.range);
        }
        let decorators = self.decorators(&def.decorator_list)?;
        let params = self.parameters(&def.parameters)?;
        // The signature runs from `def` to the `)` or the return annotation.
        let after_decorators = def
            .decorator_list
            .last()
            .map_or(def.range.start(), |d| d.range.end());
        let name_start = usize::from(def.name.range.start());
        let search_from = usize::from(after_decorators).min(name_start);
        let def_start = self
            .source
            .get(search_from..name_start)
            .and_then(|s| s.rfind("def"))
            .map_or(name_start, |i| search_from + i);
        let sig_end = def
            .returns
            .as_ref()
            .map_or(def.parameters.range.end(), |r| r.range().end());
        Ok(FunctionDef {
            name: ident(&def.name),
            params,
            body: self.suite(&def.body)?,
            decorators,
            def_range: Range::new(def_start as u32, sig_end.into()),
        })
    }

    fn class_def(&self, class: &py::StmtClassDef) -> Conv<ClassDef> {
        if let Some(tp) = &class.type_params {
            self.reject("generic type parameters", tp.range);
        }
        let decorators = self.decorators(&class.decorator_list)?;
        let (bases, keywords) = match &class.arguments {
            Some(args) => (self.exprs(&args.args)?, self.keywords(&args.keywords)?),
            None => (Vec::new(), Vec::new()),
        };
        Ok(ClassDef {
            name: ident(&class.name),
            bases,
            keywords,
            body: self.suite(&class.body)?,
            decorators,
        })
    }

    fn decorators(&self, list: &[py::Decorator]) -> Conv<Vec<Expr>> {
        list.iter().map(|d| self.expr(&d.expression)).collect()
    }

    /// Parameters with their defaults; annotations are dropped.
    fn parameters(&self, params: &py::Parameters) -> Conv<Parameters> {
        let with_defaults = |list: &[py::ParameterWithDefault]| -> Conv<Vec<Param>> {
            list.iter()
                .map(|p| {
                    Ok(Param {
                        name: ident(&p.parameter.name),
                        default: self.opt_expr(p.default.as_deref())?,
                        range: param_range(&p.parameter),
                    })
                })
                .collect()
        };
        let star = |p: &Option<Box<py::Parameter>>| {
            p.as_ref().map(|p| Param {
                name: ident(&p.name),
                default: None,
                range: param_range(p),
            })
        };
        Ok(Parameters {
            posonly: with_defaults(&params.posonlyargs)?,
            args: with_defaults(&params.args)?,
            vararg: star(&params.vararg),
            kwonly: with_defaults(&params.kwonlyargs)?,
            kwarg: star(&params.kwarg),
        })
    }

    fn keywords(&self, keywords: &[py::Keyword]) -> Conv<Vec<Keyword>> {
        keywords
            .iter()
            .map(|k| {
                Ok(Keyword {
                    arg: k.arg.as_ref().map(ident),
                    value: self.expr(&k.value)?,
                    range: to_range(k.range),
                })
            })
            .collect()
    }

    fn exprs(&self, exprs: &[py::Expr]) -> Conv<Vec<Expr>> {
        exprs.iter().map(|e| self.expr(e)).collect()
    }

    fn opt_expr(&self, expr: Option<&py::Expr>) -> Conv<Option<Expr>> {
        expr.map(|e| self.expr(e)).transpose()
    }

    fn boxed(&self, expr: &py::Expr) -> Conv<Box<Expr>> {
        self.expr(expr).map(Box::new)
    }

    fn opt_boxed(&self, expr: Option<&py::Expr>) -> Conv<Option<Box<Expr>>> {
        expr.map(|e| self.boxed(e)).transpose()
    }

    fn expr(&self, expr: &py::Expr) -> Conv<Expr> {
        Ok(Expr {
            range: to_range(expr.range()),
            kind: self.expr_kind(expr)?,
        })
    }

    /// One small function per kind keeps the recursion's stack frames small.
    fn expr_kind(&self, expr: &py::Expr) -> Conv<ExprKind> {
        match expr {
            py::Expr::BoolOp(b) => self.bool_op(b),
            py::Expr::Named(n) => self.named(n),
            py::Expr::BinOp(b) => self.binary(b),
            py::Expr::UnaryOp(u) => self.unary(u),
            py::Expr::Lambda(l) => self.lambda(l),
            py::Expr::If(i) => self.if_exp(i),
            py::Expr::Dict(d) => self.dict(d),
            py::Expr::Set(s) => Ok(ExprKind::Set(self.exprs(&s.elts)?)),
            py::Expr::ListComp(c) => self.list_comp(c),
            py::Expr::SetComp(c) => self.set_comp(c),
            py::Expr::DictComp(c) => self.dict_comp(c),
            py::Expr::Generator(g) => self.generator(g),
            py::Expr::Await(a) => {
                self.reject("await expression", a.range);
                self.expr_kind(&a.value)
            }
            py::Expr::Yield(y) => Ok(ExprKind::Yield(self.opt_boxed(y.value.as_deref())?)),
            py::Expr::YieldFrom(y) => Ok(ExprKind::YieldFrom(self.boxed(&y.value)?)),
            py::Expr::Compare(c) => self.compare(c),
            py::Expr::Call(c) => self.call(c),
            py::Expr::FString(f) => self.fstring(f),
            py::Expr::TString(t) => self.reject_expr("template string", t.range),
            py::Expr::Attribute(a) => self.attribute(a),
            py::Expr::Subscript(s) => self.subscript(s),
            py::Expr::Starred(s) => Ok(ExprKind::Starred(self.boxed(&s.value)?)),
            py::Expr::Name(n) => self.name(n),
            py::Expr::List(l) => Ok(ExprKind::List(self.exprs(&l.elts)?)),
            py::Expr::Tuple(t) => Ok(ExprKind::Tuple(self.exprs(&t.elts)?)),
            py::Expr::Slice(s) => self.slice(s),
            py::Expr::IpyEscapeCommand(cmd) => {
                self.reject_expr("IPython escape command", cmd.range)
            }
            py::Expr::StringLiteral(_)
            | py::Expr::BytesLiteral(_)
            | py::Expr::NumberLiteral(_)
            | py::Expr::BooleanLiteral(_)
            | py::Expr::NoneLiteral(_)
            | py::Expr::EllipsisLiteral(_) => Ok(ExprKind::Constant(self.constant(expr))),
        }
    }

    fn bool_op(&self, b: &py::ExprBoolOp) -> Conv<ExprKind> {
        let op = match b.op {
            py::BoolOp::And => BoolOp::And,
            py::BoolOp::Or => BoolOp::Or,
        };
        Ok(ExprKind::BoolOp {
            op,
            values: self.exprs(&b.values)?,
        })
    }

    fn named(&self, named: &py::ExprNamed) -> Conv<ExprKind> {
        match &*named.target {
            py::Expr::Name(name) => Ok(ExprKind::Named {
                target: name.id.as_str().to_string(),
                value: self.boxed(&named.value)?,
            }),
            other => self.reject_expr("assignment expression to a non-name", other.range()),
        }
    }

    fn binary(&self, b: &py::ExprBinOp) -> Conv<ExprKind> {
        Ok(ExprKind::BinOp {
            left: self.boxed(&b.left)?,
            op: bin_op(b.op),
            right: self.boxed(&b.right)?,
        })
    }

    fn unary(&self, u: &py::ExprUnaryOp) -> Conv<ExprKind> {
        let op = match u.op {
            py::UnaryOp::Invert => UnaryOp::Invert,
            py::UnaryOp::Not => UnaryOp::Not,
            py::UnaryOp::UAdd => UnaryOp::UAdd,
            py::UnaryOp::USub => UnaryOp::USub,
        };
        Ok(ExprKind::UnaryOp {
            op,
            operand: self.boxed(&u.operand)?,
        })
    }

    fn lambda(&self, lambda: &py::ExprLambda) -> Conv<ExprKind> {
        let params = match &lambda.parameters {
            Some(p) => self.parameters(p)?,
            None => Parameters::default(),
        };
        Ok(ExprKind::Lambda {
            params: Box::new(params),
            body: self.boxed(&lambda.body)?,
        })
    }

    fn if_exp(&self, if_: &py::ExprIf) -> Conv<ExprKind> {
        Ok(ExprKind::IfExp {
            test: self.boxed(&if_.test)?,
            body: self.boxed(&if_.body)?,
            orelse: self.boxed(&if_.orelse)?,
        })
    }

    fn dict(&self, dict: &py::ExprDict) -> Conv<ExprKind> {
        let mut keys = Vec::with_capacity(dict.items.len());
        let mut values = Vec::with_capacity(dict.items.len());
        for item in &dict.items {
            keys.push(self.opt_expr(item.key.as_ref())?);
            values.push(self.expr(&item.value)?);
        }
        Ok(ExprKind::Dict { keys, values })
    }

    fn list_comp(&self, c: &py::ExprListComp) -> Conv<ExprKind> {
        Ok(ExprKind::ListComp {
            elt: self.boxed(&c.elt)?,
            generators: self.comprehensions(&c.generators)?,
        })
    }

    fn set_comp(&self, c: &py::ExprSetComp) -> Conv<ExprKind> {
        Ok(ExprKind::SetComp {
            elt: self.boxed(&c.elt)?,
            generators: self.comprehensions(&c.generators)?,
        })
    }

    fn dict_comp(&self, c: &py::ExprDictComp) -> Conv<ExprKind> {
        let Some(key) = &c.key else {
            return self.reject_expr("dict unpacking in a comprehension", c.range);
        };
        Ok(ExprKind::DictComp {
            key: self.boxed(key)?,
            value: self.boxed(&c.value)?,
            generators: self.comprehensions(&c.generators)?,
        })
    }

    fn generator(&self, g: &py::ExprGenerator) -> Conv<ExprKind> {
        Ok(ExprKind::GeneratorExp {
            elt: self.boxed(&g.elt)?,
            generators: self.comprehensions(&g.generators)?,
        })
    }

    fn compare(&self, c: &py::ExprCompare) -> Conv<ExprKind> {
        Ok(ExprKind::Compare {
            left: self.boxed(&c.left)?,
            ops: c.ops.iter().map(|&op| cmp_op(op)).collect(),
            comparators: self.exprs(&c.comparators)?,
        })
    }

    fn call(&self, call: &py::ExprCall) -> Conv<ExprKind> {
        let mut args = self.exprs(&call.arguments.args)?;
        // CPython gives `f(x for x in y)`'s generator the call's parentheses.
        if let [py::Expr::Generator(g)] = &*call.arguments.args {
            if !g.parenthesized && call.arguments.keywords.is_empty() {
                args[0].range = to_range(call.arguments.range);
            }
        }
        Ok(ExprKind::Call {
            func: self.boxed(&call.func)?,
            args,
            keywords: self.keywords(&call.arguments.keywords)?,
        })
    }

    fn attribute(&self, a: &py::ExprAttribute) -> Conv<ExprKind> {
        Ok(ExprKind::Attribute {
            value: self.boxed(&a.value)?,
            attr: ident(&a.attr),
        })
    }

    fn subscript(&self, s: &py::ExprSubscript) -> Conv<ExprKind> {
        Ok(ExprKind::Subscript {
            value: self.boxed(&s.value)?,
            slice: self.boxed(&s.slice)?,
        })
    }

    fn slice(&self, s: &py::ExprSlice) -> Conv<ExprKind> {
        Ok(ExprKind::Slice {
            lower: self.opt_boxed(s.lower.as_deref())?,
            upper: self.opt_boxed(s.upper.as_deref())?,
            step: self.opt_boxed(s.step.as_deref())?,
        })
    }

    fn name(&self, n: &py::ExprName) -> Conv<ExprKind> {
        if n.id.is_empty() {
            // A gap ruff filled while recovering: never valid Python.
            let text = Text::new(self.source);
            let loc = text.at(text.norm_pos(n.range.start().into()));
            return Err(ParseFailure::Syntax(text.error(
                "SyntaxError",
                "invalid syntax",
                loc,
            )));
        }
        Ok(ExprKind::Name(n.id.as_str().to_string()))
    }

    /// One part of a string literal. ruff turns a lone-surrogate escape (`'\ud800'`) into
    /// U+FFFD; CPython keeps the surrogate, so those escapes are read again from the source.
    fn string_part(&self, part: &py::StringLiteral) -> String {
        let value: &str = &part.value;
        if !value.contains('\u{fffd}') || part.flags.prefix().is_raw() {
            return value.to_string();
        }
        let text = &self.source[part.range.start().to_usize()..part.range.end().to_usize()];
        use ruff_python_ast::StringFlags;
        let quote = part.flags.quote_len().to_usize();
        let body_start = text.find(['\'', '"']).unwrap_or(0) + quote;
        let body = &text[body_start.min(text.len())..text.len().saturating_sub(quote)];
        // what each U+FFFD of the value came from, in order: a surrogate escape or itself
        let mut sources: Vec<Option<u32>> = Vec::new();
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\u{fffd}' => sources.push(None),
                '\\' => {
                    if let Some(k @ ('u' | 'U')) = chars.next() {
                        let n = if k == 'u' { 4 } else { 8 };
                        let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                        if let Ok(u) = u32::from_str_radix(&hex, 16) {
                            if (0xd800..0xe000).contains(&u) {
                                sources.push(Some(u));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let mut sources = sources.into_iter();
        value
            .chars()
            .map(|c| match c {
                '\u{fffd}' => match sources.next().flatten() {
                    Some(u) => crate::object::str::char_for_code_point(u).unwrap_or(c),
                    None => c,
                },
                c => c,
            })
            .collect()
    }

    fn constant(&self, expr: &py::Expr) -> Constant {
        match expr {
            py::Expr::StringLiteral(s) => {
                Constant::Str(s.value.iter().map(|part| self.string_part(part)).collect())
            }
            py::Expr::BytesLiteral(b) => Constant::Bytes(b.value.bytes().collect()),
            py::Expr::NumberLiteral(n) => self.number(n),
            py::Expr::BooleanLiteral(b) if b.value => Constant::True,
            py::Expr::BooleanLiteral(_) => Constant::False,
            py::Expr::EllipsisLiteral(_) => Constant::Ellipsis,
            _ => Constant::None,
        }
    }

    fn comprehensions(&self, generators: &[py::Comprehension]) -> Conv<Vec<Comprehension>> {
        generators
            .iter()
            .map(|g| {
                if g.is_async {
                    self.reject("async comprehension", g.range);
                }
                Ok(Comprehension {
                    target: self.expr(&g.target)?,
                    iter: self.expr(&g.iter)?,
                    ifs: self.exprs(&g.ifs)?,
                })
            })
            .collect()
    }

    fn number(&self, n: &py::ExprNumberLiteral) -> Constant {
        match &n.value {
            py::Number::Int(int) => {
                let text = self.source.get(n.range.to_std_range()).unwrap_or("");
                let value = parse_int_literal(text)
                    .or_else(|| parse_int_literal(&int.to_string()))
                    .unwrap_or_default();
                Constant::Int(value)
            }
            py::Number::Float(f) => Constant::Float(*f),
            py::Number::Complex { imag, .. } => Constant::Complex(*imag),
        }
    }

    /// An f-string (possibly implicitly concatenated with plain strings) as ordered parts with
    /// adjacent literal text merged.
    fn fstring(&self, f: &py::ExprFString) -> Conv<ExprKind> {
        let mut parts = Vec::new();
        for part in f.value.iter() {
            match part {
                py::FStringPart::Literal(lit) => push_literal(&mut parts, &lit.value),
                py::FStringPart::FString(fs) => self.interpolated(&fs.elements, &mut parts)?,
            }
        }
        Ok(ExprKind::FString(parts))
    }

    fn interpolated(
        &self,
        elements: &py::InterpolatedStringElements,
        parts: &mut Vec<FStringPart>,
    ) -> Conv<()> {
        for element in elements.iter() {
            match element {
                py::InterpolatedStringElement::Literal(lit) => push_literal(parts, &lit.value),
                py::InterpolatedStringElement::Interpolation(i) => {
                    let format_spec = match &i.format_spec {
                        Some(spec) => {
                            let mut spec_parts = Vec::new();
                            self.interpolated(&spec.elements, &mut spec_parts)?;
                            Some(spec_parts)
                        }
                        None => None,
                    };
                    let debug_text = i.debug_text.as_ref().map(|d| d.as_str().to_string());
                    let mut conversion = i.conversion.to_char();
                    // CPython: `{x=}` without conversion or format spec means `{x=!r}`.
                    if debug_text.is_some() && conversion.is_none() && format_spec.is_none() {
                        conversion = Some('r');
                    }
                    parts.push(FStringPart::Formatted {
                        value: self.boxed(&i.expression)?,
                        conversion,
                        format_spec,
                        debug_text,
                    });
                }
            }
        }
        Ok(())
    }
}

fn is_placeholder(expr: &py::Expr) -> bool {
    matches!(expr, py::Expr::Name(n) if n.id.is_empty())
}

/// CPython's `arg` node: the name and its annotation, without a leading `*` or `**`.
fn param_range(p: &py::Parameter) -> Range {
    Range::new(p.name.range.start().into(), p.range.end().into())
}

fn push_literal(parts: &mut Vec<FStringPart>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(FStringPart::Literal(last)) = parts.last_mut() {
        last.push_str(text);
    } else {
        parts.push(FStringPart::Literal(text.to_string()));
    }
}

/// An integer literal as written (`0x_ff`, `1_000`, `0o17`, `0b1`).
fn parse_int_literal(text: &str) -> Option<BigInt> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = match lower.get(..2) {
        Some("0x") => (16, &lower[2..]),
        Some("0o") => (8, &lower[2..]),
        Some("0b") => (2, &lower[2..]),
        _ => (10, lower.as_str()),
    };
    if body.is_empty() {
        return None;
    }
    BigInt::from_str_radix(body, radix).ok()
}

fn alias(a: &py::Alias) -> Alias {
    Alias {
        name: ident(&a.name),
        asname: a.asname.as_ref().map(ident),
        range: to_range(a.range),
    }
}

fn bin_op(op: py::Operator) -> BinOp {
    match op {
        py::Operator::Add => BinOp::Add,
        py::Operator::Sub => BinOp::Sub,
        py::Operator::Mult => BinOp::Mult,
        py::Operator::MatMult => BinOp::MatMult,
        py::Operator::Div => BinOp::Div,
        py::Operator::Mod => BinOp::Mod,
        py::Operator::Pow => BinOp::Pow,
        py::Operator::LShift => BinOp::LShift,
        py::Operator::RShift => BinOp::RShift,
        py::Operator::BitOr => BinOp::BitOr,
        py::Operator::BitXor => BinOp::BitXor,
        py::Operator::BitAnd => BinOp::BitAnd,
        py::Operator::FloorDiv => BinOp::FloorDiv,
    }
}

fn cmp_op(op: py::CmpOp) -> CmpOp {
    match op {
        py::CmpOp::Eq => CmpOp::Eq,
        py::CmpOp::NotEq => CmpOp::NotEq,
        py::CmpOp::Lt => CmpOp::Lt,
        py::CmpOp::LtE => CmpOp::LtE,
        py::CmpOp::Gt => CmpOp::Gt,
        py::CmpOp::GtE => CmpOp::GtE,
        py::CmpOp::Is => CmpOp::Is,
        py::CmpOp::IsNot => CmpOp::IsNot,
        py::CmpOp::In => CmpOp::In,
        py::CmpOp::NotIn => CmpOp::NotIn,
    }
}

// ---------------------------------------------------------------------------------------------
// Finding the error CPython reports
// ---------------------------------------------------------------------------------------------

/// Which stage of CPython produced an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// Raised by the tokenizer's `syntaxerror()`.
    Tokenizer,
    Parser,
}

/// The first syntax error of the source as CPython 3.11 reports it, if any (parse stage only;
/// see `validate` for the compile stage).
fn parse_stage_error(source: &str) -> Option<(SyntaxError, Origin)> {
    let text = Text::new(source);
    let scan = tokenize(&text);
    let parsed = ruff_parse(source);
    let py::Mod::Module(module) = parsed.syntax() else {
        return None;
    };
    parse_stage_error_with(&parsed, module, &text, &scan)
}

/// ruff's tree (with error recovery) for Python 3.11.
fn ruff_parse(source: &str) -> ruff_python_parser::Parsed<py::Mod> {
    let options = ParseOptions::from(Mode::Module).with_target_version(py::PythonVersion::PY311);
    ruff_python_parser::parse_unchecked(source, options)
}

fn parse_stage_error_with(
    parsed: &ruff_python_parser::Parsed<py::Mod>,
    module: &py::ModModule,
    text: &Text,
    scan: &Scan,
) -> Option<(SyntaxError, Origin)> {
    let checker = Checker::new(text, scan, module, parsed);
    let from_ruff = ruff_errors(parsed)
        .iter()
        .find_map(|e| checker.parser_error(e));
    // The earliest error wins; on a tie, the string check (CPython decodes a string as soon
    // as it parses it).
    let candidates = [checker.string_error(), checker.lambda_parens(), from_ruff];
    let first = candidates.into_iter().flatten().min_by_key(|e| e.at);
    checker.combine(first)
}

/// An error found by ruff, reduced to what the translation needs.
#[derive(Clone, Debug)]
enum RuffError {
    Parse(ParseErrorType),
    Version(UnsupportedSyntaxErrorKind),
}

/// ruff's errors in source order, without those found another way: the tokenizer's (the
/// emulated tokenizer finds them, with CPython's precedence) and those about string literals
/// (checked on CPython's tokens by `string_error`).
fn ruff_errors(parsed: &ruff_python_parser::Parsed<py::Mod>) -> Vec<(RuffError, TextRange)> {
    let parse_errors = parsed
        .errors()
        .iter()
        .filter(|e| !found_elsewhere(&e.error))
        .map(|e| (RuffError::Parse(e.error.clone()), e.location));
    let version_errors = parsed
        .unsupported_syntax_errors()
        .iter()
        .filter(|e| !matches!(e.kind, UnsupportedSyntaxErrorKind::Pep701FString(_)))
        .map(|e: &UnsupportedSyntaxError| (RuffError::Version(e.kind), e.range));
    let mut errors: Vec<_> = parse_errors.chain(version_errors).collect();
    errors.sort_by_key(|(error, range)| detected_at(error, *range));
    errors
}

/// Where CPython notices an error ruff reports with a node's range: after the node for
/// targets and generators, at its start otherwise.
fn detected_at(error: &RuffError, range: TextRange) -> ruff_text_size::TextSize {
    use ParseErrorType as E;
    match error {
        RuffError::Parse(
            E::InvalidAssignmentTarget
            | E::InvalidAnnotatedAssignmentTarget
            | E::InvalidAugmentedAssignmentTarget
            | E::InvalidDeleteTarget
            | E::InvalidNamedAssignmentTarget
            | E::UnparenthesizedGeneratorExpression
            | E::NonDefaultParamAfterDefaultParam,
        ) => range.end(),
        RuffError::Parse(E::OtherError(msg)) if msg.starts_with("Only single target") => {
            range.end()
        }
        _ => range.start(),
    }
}

fn found_elsewhere(error: &ParseErrorType) -> bool {
    match error {
        ParseErrorType::Lexical(LexicalErrorType::UnrecognizedToken { tok }) => {
            !tok.is_ascii() || tok.is_ascii_control()
        }
        ParseErrorType::Lexical(_)
        | ParseErrorType::FStringError(_)
        | ParseErrorType::TStringError(_) => true,
        ParseErrorType::OtherError(msg) => msg.starts_with("Bytes literal cannot be mixed"),
        _ => false,
    }
}

/// A parser-stage error: what CPython reports, and how far its parser had read.
#[derive(Clone, Debug)]
struct ParserError {
    error: SyntaxError,
    /// Index of the token where CPython's parser runs into the error (orders errors).
    at: usize,
    /// Index of the last token read by then: a tokenizer error there comes first.
    fetched: usize,
    /// Line of that token.
    last_line: u32,
    /// CPython reports this one without tokenizing the rest of the file (unexpected indent).
    settled: bool,
}

impl ParserError {
    /// Records that the parser read up to token `fetched` (on `line`).
    fn fetch(mut self, fetched: usize, line: u32) -> ParserError {
        self.fetched = fetched;
        self.last_line = self.last_line.max(line);
        self
    }
}

struct Checker<'a> {
    text: &'a Text,
    scan: &'a Scan,
    module: &'a py::ModModule,
    /// Where ruff reported errors, sorted: nodes around them are ruff's guesses.
    error_starts: Vec<ruff_text_size::TextSize>,
    /// For each token, the bracket enclosing it (its own opener, for a closing bracket).
    parent: Vec<Option<usize>>,
    /// For each opening bracket, the token closing it.
    closer: Vec<Option<usize>>,
}

impl<'a> Checker<'a> {
    fn new(
        text: &'a Text,
        scan: &'a Scan,
        module: &'a py::ModModule,
        parsed: &ruff_python_parser::Parsed<py::Mod>,
    ) -> Self {
        let mut error_starts: Vec<_> = parsed.errors().iter().map(|e| e.location.start()).collect();
        error_starts.sort();
        let toks = &scan.toks;
        let mut parent = Vec::with_capacity(toks.len());
        let mut closer = vec![None; toks.len()];
        let mut open: Vec<usize> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            parent.push(open.last().copied());
            if t.kind != TokKind::Op {
                continue;
            }
            match &text.bytes[t.start..t.end] {
                b"(" | b"[" | b"{" => open.push(i),
                b")" | b"]" | b"}" => {
                    if let Some(o) = open.pop() {
                        closer[o] = Some(i);
                    }
                }
                _ => {}
            }
        }
        Checker {
            text,
            scan,
            module,
            error_starts,
            parent,
            closer,
        }
    }
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Keywords that can begin an expression.
const EXPR_KEYWORDS: [&str; 6] = ["False", "None", "True", "await", "lambda", "not"];

impl Checker<'_> {
    /// Chooses between the tokenizer's error and the parser's as CPython does.
    fn combine(&self, parser: Option<ParserError>) -> Option<(SyntaxError, Origin)> {
        let scan = self.scan;
        let Some(parser) = parser else {
            return scan.error.as_ref().map(|e| self.tokenizer_error(e));
        };
        if let Some(e) = &scan.error {
            if scan.toks.len() <= parser.fetched {
                return Some(self.tokenizer_error(e));
            }
            // After a parse failure CPython tokenizes the rest of the file: an error raised by
            // the tokenizer replaces the parser's.
            if let (TokError::Raised(raised), false) = (e, parser.settled) {
                return Some((raised.clone(), Origin::Tokenizer));
            }
        }
        if parser.settled {
            return Some((parser.error, Origin::Parser));
        }
        if let Some(open) = scan.brackets.last() {
            if open.line < parser.last_line {
                return Some((self.unclosed(open), Origin::Parser));
            }
        }
        Some((parser.error, Origin::Parser))
    }

    fn tokenizer_error(&self, error: &TokError) -> (SyntaxError, Origin) {
        tokenizer_failure(self.text, self.scan, error)
    }

    fn unclosed(&self, open: &Bracket) -> SyntaxError {
        unclosed(self.text, open)
    }
}

/// CPython's error for what its tokenizer reported.
fn tokenizer_failure(text: &Text, scan: &Scan, error: &TokError) -> (SyntaxError, Origin) {
    match error {
        TokError::Raised(e) => (e.clone(), Origin::Tokenizer),
        TokError::Done(done) => (done_error(text, scan, *done), Origin::Parser),
    }
}

/// The error for a `tok->done` code (`_Pypegen_tokenizer_error`).
fn done_error(text: &Text, scan: &Scan, done: Done) -> SyntaxError {
    if let (Done::Eof, Some(open)) = (done, scan.brackets.last()) {
        return unclosed(text, open);
    }
    // Errors placed at the tokenizer's current position.
    let here = |pos: usize| {
        let col = text.col_on(scan.line, pos.max(scan.line_start)) - 1;
        Loc {
            line: scan.line,
            col,
            end_line: scan.line,
            end_col: col,
        }
    };
    let line_start = Loc {
        line: scan.line,
        col: 1,
        end_line: scan.line,
        end_col: 0,
    };
    match done {
        Done::Eof => text.error(
            "SyntaxError",
            "unexpected EOF while parsing",
            here(scan.cur),
        ),
        Done::Dedent => text.error(
            "IndentationError",
            "unindent does not match any outer indentation level",
            here(scan.cur),
        ),
        Done::TabSpace => text.error(
            "TabError",
            "inconsistent use of tabs and spaces in indentation",
            line_start,
        ),
        Done::TooDeep => text.error(
            "IndentationError",
            "too many levels of indentation",
            line_start,
        ),
        Done::LineCont(pos) => text.error(
            "SyntaxError",
            "unexpected character after line continuation character",
            here(pos),
        ),
    }
}

/// "'(' was never closed"
fn unclosed(text: &Text, open: &Bracket) -> SyntaxError {
    let col = text.col_on(open.line, open.pos);
    let loc = Loc {
        line: open.line,
        col,
        end_line: open.line,
        end_col: col,
    };
    let msg = format!("'{}' was never closed", open.ch as char);
    text.error("SyntaxError", msg, loc)
}

/// Looking at CPython's tokens.
impl Checker<'_> {
    fn tok(&self, i: usize) -> Option<&Tok> {
        self.scan.toks.get(i)
    }

    fn tok_str(&self, i: usize) -> &str {
        self.tok(i)
            .and_then(|t| std::str::from_utf8(&self.text.bytes[t.start..t.end]).ok())
            .unwrap_or("")
    }

    fn tok_kind(&self, i: usize) -> Option<TokKind> {
        self.tok(i).map(|t| t.kind)
    }

    fn is_op(&self, i: usize, op: &str) -> bool {
        self.tok_kind(i) == Some(TokKind::Op) && self.tok_str(i) == op
    }

    fn is_name(&self, i: usize, name: &str) -> bool {
        self.tok_kind(i) == Some(TokKind::Name) && self.tok_str(i) == name
    }

    fn is_keyword(&self, i: usize) -> bool {
        self.tok_kind(i) == Some(TokKind::Name) && KEYWORDS.contains(&self.tok_str(i))
    }

    /// Whether token `i` can begin an expression.
    fn starts_expr(&self, i: usize) -> bool {
        match self.tok_kind(i) {
            Some(TokKind::Name) => !self.is_keyword(i) || EXPR_KEYWORDS.contains(&self.tok_str(i)),
            Some(TokKind::Number | TokKind::String) => true,
            Some(TokKind::Op) => ["(", "[", "{", "-", "+", "~", "..."].contains(&self.tok_str(i)),
            _ => false,
        }
    }

    /// Whether token `i` can end an expression.
    fn ends_expr(&self, i: usize) -> bool {
        match self.tok_kind(i) {
            Some(TokKind::Name) => {
                !self.is_keyword(i) || ["False", "None", "True"].contains(&self.tok_str(i))
            }
            Some(TokKind::Number | TokKind::String) => true,
            Some(TokKind::Op) => [")", "]", "}", "..."].contains(&self.tok_str(i)),
            _ => false,
        }
    }

    /// Bracket depth just before token `i`.
    fn level_before(&self, i: usize) -> usize {
        let Some(t) = self.tok(i) else { return 0 };
        let opens = ["(", "[", "{"].iter().any(|b| self.is_op(i, b));
        let closes = [")", "]", "}"].iter().any(|b| self.is_op(i, b));
        if opens {
            t.level.saturating_sub(1)
        } else if closes {
            t.level + 1
        } else {
            t.level
        }
    }

    /// Index of the first token ending after `pos` (the token at or after it).
    fn tok_at(&self, pos: usize) -> usize {
        let toks = &self.scan.toks;
        let mut i = toks.partition_point(|t| {
            !(t.start >= pos || t.end > pos || (t.kind == TokKind::Newline && t.end >= pos))
        });
        while toks
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokKind::Indent | TokKind::Dedent))
        {
            i += 1;
        }
        i
    }

    /// Index of the token holding the byte before `pos` (the last token of a node ending there).
    fn tok_ending_at(&self, pos: usize) -> usize {
        self.tok_at(pos.saturating_sub(1))
    }

    /// The range of token `i` in the original source.
    fn tok_range(&self, i: usize) -> TextRange {
        let (start, end) = self.tok(i).map_or((0, 0), |t| (t.start, t.end));
        let start = self.text.to_orig(start) as u32;
        let end = (self.text.to_orig(end) as u32).max(start);
        text_range(start.into(), end.into())
    }

    /// Index of the first token of the logical line holding token `i`.
    fn line_start_tok(&self, i: usize) -> usize {
        let toks = &self.scan.toks;
        let mut j = i.min(toks.len());
        while j > 0
            && !matches!(
                toks[j - 1].kind,
                TokKind::Newline | TokKind::Indent | TokKind::Dedent
            )
        {
            j -= 1;
        }
        j
    }

    /// The opening bracket enclosing token `i`, if any.
    fn enclosing_bracket(&self, i: usize) -> Option<usize> {
        self.parent.get(i).copied().flatten()
    }

    /// The token closing the bracket opened at `open`.
    fn closing_bracket(&self, open: usize) -> Option<usize> {
        self.closer.get(open).copied().flatten()
    }

    /// Whether the bracket at `open` is a call's argument list (or a subscript, for `[`).
    fn is_call_bracket(&self, open: usize) -> bool {
        open > 0 && self.ends_expr(open - 1) && !self.in_params(open)
    }

    /// The first token of the expression or element holding token `i`: just after the
    /// enclosing bracket, a `,` at the same depth, or the start of the logical line.
    fn element_start(&self, i: usize) -> usize {
        let floor = self
            .enclosing_bracket(i)
            .map_or_else(|| self.line_start_tok(i), |b| b + 1);
        let mut depth = 0usize;
        let mut j = i;
        while j > floor {
            j -= 1;
            match self.tok_str(j) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => depth = depth.saturating_sub(1),
                "," if depth == 0 => return j + 1,
                _ => {}
            }
        }
        floor
    }
}

/// Locations.
impl Checker<'_> {
    /// The location CPython gives a token (`RAISE_SYNTAX_ERROR_KNOWN_LOCATION(token)`).
    fn tok_loc(&self, i: usize) -> Loc {
        match self.tok(i) {
            Some(t) if t.kind == TokKind::EndMarker => Loc {
                line: t.line,
                col: 0,
                end_line: t.line,
                end_col: -1,
            },
            Some(t) => self.text.span(t.start, t.end),
            None => self.text.at(self.text.bytes.len()),
        }
    }

    /// The location of a node range (original offsets).
    fn range_loc(&self, range: TextRange) -> Loc {
        let start = self.text.norm_pos(range.start().into());
        let end = self.text.norm_pos(range.end().into());
        self.text.span(start, end)
    }

    /// From the start of `first` to the end of `last` (`RAISE_SYNTAX_ERROR_KNOWN_RANGE`).
    fn between(&self, first: TextRange, last: TextRange) -> Loc {
        self.range_loc(text_range(first.start(), last.end().max(first.start())))
    }

    /// A one-caret location under the last character of a range (`a->end_col_offset - 1`).
    fn last_char_loc(&self, range: TextRange) -> Loc {
        let end = self.text.norm_pos(range.end().into());
        let line = self.text.line_of(end.saturating_sub(1));
        let col = self.text.col_on(line, end) - 1;
        Loc {
            line,
            col,
            end_line: line,
            end_col: col,
        }
    }

    /// An error the parser detects at token `at`.
    fn error_at(
        &self,
        kind: &'static str,
        msg: impl Into<String>,
        loc: Loc,
        at: usize,
    ) -> ParserError {
        let fetched = at;
        let last_line = self
            .tok(fetched)
            .or_else(|| self.tok(at))
            .map_or(self.scan.line, |t| t.line)
            .max(loc.line);
        ParserError {
            error: self.text.error(kind, msg, loc),
            at,
            fetched,
            last_line,
            settled: false,
        }
    }

    fn syntax(&self, msg: impl Into<String>, loc: Loc, at: usize) -> ParserError {
        self.error_at("SyntaxError", msg, loc, at)
    }

    /// `e`, having read up to token `fetched`.
    fn fetched(&self, e: ParserError, fetched: usize) -> ParserError {
        let line = self.tok(fetched).map_or(self.scan.line, |t| t.line);
        e.fetch(fetched, line)
    }

    /// CPython's generic error at the token where its parser stopped.
    fn invalid_syntax(&self, i: usize) -> ParserError {
        let juxtaposed = i > 0 && self.ends_expr(i - 1);
        if juxtaposed && self.is_name(i, "not") {
            // `a not` can only go on as `a not in b`.
            return self.invalid_syntax(i + 1);
        }
        let opens_block = i >= 3 && self.is_op(i - 3, ":");
        if self.tok_kind(i) == Some(TokKind::Indent)
            || (i > 0 && self.tok_kind(i - 1) == Some(TokKind::Indent) && !opens_block)
        {
            return self.unexpected_indent(i);
        }
        let e = self.syntax("invalid syntax", self.tok_loc(i), i);
        let head = self.line_start_tok(i);
        let statement_header = ["from", "import", "class", "def", "global", "nonlocal"]
            .iter()
            .any(|k| self.is_name(head, k));
        let in_expression = !statement_header || self.level_before(i) > 0;
        if juxtaposed && self.starts_expr(i) && in_expression {
            // The second pass tries `a b` as a missing comma, parsing `b` to its end.
            let end = self.expression_end(i);
            return self.fetched(e, end);
        }
        e
    }

    /// The token after an expression-like run of tokens from `i` (brackets balanced; past the
    /// end when a bracket is never closed).
    fn expression_end(&self, i: usize) -> usize {
        let toks = self.scan.toks.len();
        let mut depth = 0usize;
        let mut j = i;
        while j < toks {
            let opening = ["(", "[", "{"].iter().any(|b| self.is_op(j, b));
            let closing = [")", "]", "}"].iter().any(|b| self.is_op(j, b));
            if opening {
                depth += 1;
                // Inside, the first token must begin an element (or close the bracket).
                let next = j + 1;
                let fits = self.starts_expr(next)
                    || [")", "]", "}", "*", "**"]
                        .iter()
                        .any(|t| self.is_op(next, t))
                    || (self.is_op(j, "[") && self.is_op(next, ":"));
                if !fits {
                    return next;
                }
            } else if closing {
                if depth == 0 {
                    return j;
                }
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            } else if self.ends_expression_run(j, depth) {
                return j;
            }
            j += 1;
        }
        toks
    }

    /// Whether token `j` (at bracket `depth`) cannot continue an expression being parsed.
    fn ends_expression_run(&self, j: usize, depth: usize) -> bool {
        const STATEMENT_WORDS: [&str; 16] = [
            "def", "class", "return", "import", "global", "nonlocal", "del", "pass", "break",
            "continue", "raise", "try", "except", "finally", "while", "elif",
        ];
        if STATEMENT_WORDS.iter().any(|k| self.is_name(j, k)) {
            return true;
        }
        if self.tok_kind(j) != Some(TokKind::Op) {
            return !(self.starts_expr(j) || self.ends_expr(j) || self.is_keyword(j));
        }
        let op = self.tok_str(j);
        let augmented =
            op.len() > 1 && op.ends_with('=') && !["==", "!=", "<=", ">="].contains(&op);
        if depth == 0 {
            return [",", "=", ":", ";", ":="].contains(&op) || augmented;
        }
        let kwarg = op == "="
            && j >= 2
            && self.tok_kind(j - 1) == Some(TokKind::Name)
            && ["(", "[", "{", ","].iter().any(|t| self.is_op(j - 2, t));
        (op == "=" && !kwarg) || op == ";" || augmented
    }

    /// "unexpected indent" at the INDENT token at or just before `i`.
    fn unexpected_indent(&self, i: usize) -> ParserError {
        let i = if self.tok_kind(i) != Some(TokKind::Indent)
            && i > 0
            && self.tok_kind(i - 1) == Some(TokKind::Indent)
        {
            i - 1
        } else {
            i
        };
        let pos = self.tok(i).map_or(0, |t| t.start);
        let line = self.text.line_of(pos);
        let col = self.text.col_on(line, pos) - 1;
        let loc = Loc {
            line,
            col,
            end_line: line,
            end_col: -1,
        };
        let mut e = self.error_at("IndentationError", "unexpected indent", loc, i);
        e.settled = true;
        e
    }
}

/// Looking at ruff's (error-recovered) tree.
impl<'a> Checker<'a> {
    /// The nodes containing `range`, innermost first.
    fn ancestors(&self, range: TextRange) -> Vec<py::AnyNodeRef<'a>> {
        let root = py::AnyNodeRef::from(self.module);
        if !root.range().contains_range(range) {
            return Vec::new();
        }
        let covering = py::find_node::covering_node(root, range);
        covering.ancestors().collect()
    }

    /// The first and last tokens of a node.
    fn node_tokens(&self, node: py::AnyNodeRef) -> (usize, usize) {
        let first = self.tok_at(self.text.norm_pos(node.range().start().into()));
        let last = self.tok_ending_at(self.text.norm_pos(node.range().end().into()));
        (first, last.max(first))
    }

    /// The first and last tokens of a node with the parentheses around it.
    fn outer_tokens(&self, node: py::AnyNodeRef) -> (usize, usize) {
        let (mut first, mut last) = self.node_tokens(node);
        while first > 0
            && self.is_op(first - 1, "(")
            && self.closing_bracket(first - 1) == Some(last + 1)
            && !self.is_call_bracket(first - 1)
        {
            first -= 1;
            last += 1;
        }
        (first, last)
    }

    /// Whether every bracket opened within a node is closed within it.
    fn balanced(&self, node: py::AnyNodeRef) -> bool {
        let (first, last) = self.node_tokens(node);
        (first..=last).all(|j| {
            !["(", "[", "{"].iter().any(|b| self.is_op(j, b))
                || self.closing_bracket(j).is_some_and(|c| c <= last + 1)
        })
    }

    /// Whether an expression node is wrapped in parentheses.
    fn parenthesized(&self, node: py::AnyNodeRef) -> bool {
        self.outer_tokens(node) != self.node_tokens(node)
    }

    /// Whether a node is an expression CPython's grammar can reach through `rule`.
    fn has_level(&self, node: py::AnyNodeRef, rule: Level) -> bool {
        use py::AnyNodeRef as N;
        if !node.is_expression() {
            return false;
        }
        if self.parenthesized(node) {
            return true;
        }
        match node {
            N::ExprTuple(t) => t.parenthesized,
            N::ExprGenerator(g) => g.parenthesized,
            N::ExprNamed(_) | N::ExprStarred(_) | N::ExprSlice(_) => false,
            N::ExprYield(_) | N::ExprYieldFrom(_) => false,
            N::ExprIf(_) | N::ExprLambda(_) => rule == Level::Expression,
            N::ExprBoolOp(_) | N::ExprCompare(_) => rule != Level::BitwiseOr,
            N::ExprUnaryOp(u) if u.op == py::UnaryOp::Not => rule != Level::BitwiseOr,
            _ => true,
        }
    }

    /// The last of `candidates` (innermost first) before one that is not an expression at
    /// `rule` level, skipping leading non-expression nodes (string parts, identifiers).
    fn largest<'n>(
        &self,
        candidates: Vec<py::AnyNodeRef<'n>>,
        rule: Level,
    ) -> Option<py::AnyNodeRef<'n>> {
        let mut best = None;
        for node in candidates.into_iter().skip_while(|n| !n.is_expression()) {
            if !self.has_level(node, rule) || has_placeholder(node) || self.recovered(node) {
                break;
            }
            best = Some(node);
        }
        best
    }

    /// Whether ruff reported an error inside a node (so the node is its guess).
    fn recovered(&self, node: py::AnyNodeRef) -> bool {
        let range = node.range();
        let first_after = self.error_starts.partition_point(|&s| s <= range.start());
        self.error_starts
            .get(first_after)
            .is_some_and(|&s| s < range.end())
    }

    /// The largest expression at `rule` level ending with token `i`.
    fn expr_ending_at(&self, i: usize, rule: Level) -> Option<py::AnyNodeRef<'a>> {
        self.expr_ending_at_from(i, rule, 0.into())
    }

    /// Like `expr_ending_at`, for an expression starting at or after `floor`.
    fn expr_ending_at_from(
        &self,
        i: usize,
        rule: Level,
        floor: ruff_text_size::TextSize,
    ) -> Option<py::AnyNodeRef<'a>> {
        let end = self.tok_range(i).end();
        let mut candidates = Vec::new();
        if self.is_op(i, ")") {
            // A parenthesised group: its node leaves the parentheses out.
            let open = (0..i).rev().find(|&j| self.closing_bracket(j) == Some(i))?;
            if open + 1 < i && !self.is_call_bracket(open) {
                let inner = text_range(
                    self.tok_range(open + 1).start(),
                    self.tok_range(i - 1).end(),
                );
                candidates.extend(
                    self.ancestors(inner)
                        .into_iter()
                        .find(|n| n.range() == inner),
                );
            }
        }
        candidates.extend(
            self.ancestors(self.tok_range(i))
                .into_iter()
                .filter(|n| n.range().end() == end),
        );
        candidates.retain(|n| n.range().start() >= floor);
        self.largest(candidates, rule)
    }

    /// The largest expression at `rule` level starting with token `i`.
    fn expr_starting_at(&self, i: usize, rule: Level) -> Option<py::AnyNodeRef<'a>> {
        let start = self.tok_range(i).start();
        let mut candidates = Vec::new();
        if self.is_op(i, "(") && !self.is_call_bracket(i) {
            if let Some(close) = self.closing_bracket(i).filter(|&c| c > i + 1) {
                let inner = text_range(
                    self.tok_range(i + 1).start(),
                    self.tok_range(close - 1).end(),
                );
                candidates.extend(
                    self.ancestors(inner)
                        .into_iter()
                        .find(|n| n.range() == inner),
                );
            }
        }
        candidates.extend(
            self.ancestors(self.tok_range(i))
                .into_iter()
                .filter(|n| n.range().start() == start),
        );
        self.largest(candidates, rule)
    }
}

/// Grammar levels of CPython's expression rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// `expression`: conditional expressions and lambdas included.
    Expression,
    /// `disjunction`: `or`, `and`, `not` and comparisons.
    Disjunction,
    /// `bitwise_or`: operators below comparisons.
    BitwiseOr,
}

/// Translating ruff's errors.
impl Checker<'_> {
    /// CPython's error for ruff's error, or `None` when CPython's parser accepts the code.
    fn parser_error(&self, (error, range): &(RuffError, TextRange)) -> Option<ParserError> {
        let start = self.text.norm_pos(range.start().into());
        let i = self.tok_at(start);
        if i >= self.scan.toks.len() {
            // The tokenizer fails before the parser gets there.
            return Some(self.invalid_syntax(i));
        }
        if self
            .tok(i)
            .is_some_and(|t| t.kind == TokKind::String && t.start < start)
        {
            // Inside a string: `string_error` checks those the way CPython 3.11 does.
            return None;
        }
        let specific = match error {
            RuffError::Parse(kind) => self.parse_rule(kind, *range, i)?,
            RuffError::Version(kind) => self.version_rule(*kind, *range, i)?,
        };
        Some(
            specific
                .or_else(|| self.token_rule(i))
                .unwrap_or_else(|| self.invalid_syntax(i)),
        )
    }

    /// Rules keyed on ruff's error kind. The outer `None` means CPython accepts the code (the
    /// compile-stage checks report it instead).
    fn parse_rule(
        &self,
        kind: &ParseErrorType,
        range: TextRange,
        i: usize,
    ) -> Option<Option<ParserError>> {
        use ParseErrorType as E;
        let rule = match kind {
            E::UnexpectedIndentation => Some(self.unexpected_indent(i)),
            E::InvalidAssignmentTarget
            | E::InvalidAnnotatedAssignmentTarget
            | E::InvalidAugmentedAssignmentTarget
            | E::InvalidDeleteTarget
            | E::InvalidNamedAssignmentTarget => self.target_error(range)?,
            E::ExpectedExpression
                if i > 0 && self.is_name(i - 1, "raise") && self.is_op(i, ";") =>
            {
                // ruff rejects `raise;`, which is a bare `raise`.
                return None;
            }
            E::UnparenthesizedGeneratorExpression => {
                // CPython's rules need a `,` next to the generator.
                let last = self.tok_ending_at(self.text.norm_pos(range.end().into()));
                if !(self.is_op(last + 1, ",") || (i > 0 && self.is_op(i - 1, ","))) {
                    return None;
                }
                Some(self.syntax(
                    "Generator expression must be parenthesized",
                    self.range_loc(range),
                    i,
                ))
            }
            E::NonDefaultParamAfterDefaultParam => {
                let last = self.tok_ending_at(self.text.norm_pos(range.end().into()));
                if !(self.is_op(last + 1, ",")
                    || self.is_op(last + 1, ")")
                    || self.is_op(last + 1, ":"))
                {
                    return None;
                }
                Some(self.syntax(
                    "non-default argument follows default argument",
                    self.range_loc(range),
                    i,
                ))
            }
            E::InvalidStarredExpressionUsage => return self.starred_error(range, i),

            E::PositionalAfterKeywordArgument => {
                self.after_call_args("positional argument follows keyword argument", i)
            }
            E::PositionalAfterKeywordUnpacking => {
                self.after_call_args("positional argument follows keyword argument unpacking", i)
            }
            E::InvalidArgumentUnpackingOrder => Some(self.syntax(
                "iterable argument unpacking follows keyword argument unpacking",
                self.tok_loc(i),
                i,
            )),

            E::ParamAfterVarKeywordParam => Some(self.syntax(
                "arguments cannot follow var-keyword argument",
                self.range_loc(range),
                i,
            )),
            E::VarParameterWithDefault => Some(self.var_param_default(i)),
            E::ExpectedKeywordParam => Some(self.bare_star(i)),
            E::ExpectedToken {
                expected: TokenKind::Colon,
                ..
            } => self
                .assign_in_expression(i)
                .or_else(|| self.expected_colon(i)),
            E::ExpectedToken {
                expected: TokenKind::Else,
                ..
            } => self.expected_else(i),
            E::UnparenthesizedTupleExpression => {
                let comma = (i..self.scan.toks.len()).find(|&j| {
                    self.is_op(j, ",") && self.level_before(j) == self.level_before(i)
                })?;
                Some(self.invalid_syntax(comma))
            }
            E::EmptySlice => {
                // `a[]` fails as a subscript, then as `a` followed by the list `[]`.
                let open = if self.is_op(i, "]") { i - 1 } else { i };
                self.legacy_print(open)
                    .or_else(|| self.juxtaposed(open))
                    .or_else(|| Some(self.invalid_syntax(open + 1)))
            }
            E::OtherError(msg) => self.other_rule(msg, range, i),
            _ => None,
        };
        Some(rule)
    }

    /// Rules for ruff's free-text errors.
    fn other_rule(&self, msg: &str, range: TextRange, i: usize) -> Option<ParserError> {
        let at_token = |msg: &str| Some(self.syntax(msg, self.tok_loc(i), i));
        match msg {
            m if m.starts_with("Expected an indented block") => self.expected_block(i),
            m if m.starts_with("Only single target") => self.target_error(range).flatten(),
            "Expected `except` or `finally` after `try` block" => {
                Some(self.after_block("expected 'except' or 'finally' block", i))
            }
            "Trailing comma not allowed"
                if self.is_name(self.line_start_tok(i), "from")
                    && self.tok_kind(i + 1) == Some(TokKind::Newline) =>
            {
                Some(self.syntax(
                    "trailing comma not allowed without surrounding parentheses",
                    self.tok_loc(i + 1),
                    i + 1,
                ))
            }
            "Trailing comma not allowed" => Some(self.invalid_syntax(i + 1)),
            "Star import must be the only import" => Some(self.invalid_syntax(i + 1)),
            "Star import cannot be parenthesized" => {
                let star = (i..self.scan.toks.len()).find(|&j| self.is_op(j, "*"))?;
                Some(self.invalid_syntax(star))
            }
            "Only one '*' parameter allowed"
            | "Only one '*' separator allowed"
            | "Keyword-only parameter separator not allowed after '*' parameter" => {
                at_token("* argument may appear only once")
            }
            "Only one '**' parameter allowed" => {
                at_token("arguments cannot follow var-keyword argument")
            }
            "Position-only parameter separator not allowed as first parameter" => {
                at_token("at least one argument must precede /")
            }
            "Only one '/' separator allowed" => at_token("/ may appear only once"),
            "'/' parameter must appear before '*' parameter" => at_token("/ must be ahead of *"),
            "Expected a parameter name" => self.kwarg_error(i),
            _ => None,
        }
    }

    /// Errors about syntax newer than Python 3.11 (the outer `None` skips the error).
    fn version_rule(
        &self,
        kind: UnsupportedSyntaxErrorKind,
        range: TextRange,
        i: usize,
    ) -> Option<Option<ParserError>> {
        use UnsupportedSyntaxErrorKind as K;
        if kind == K::ParenthesizedKeywordArgumentName {
            let eq = (i..self.scan.toks.len()).find(|&j| self.is_op(j, "="))?;
            if !self.is_op(eq.checked_sub(1)?, ")") {
                return Some(self.assign_in_expression(eq));
            }
            return Some(self.kwarg_error(eq));
        }
        Some(match kind {
            // `type X`, `t'...'` and `lazy import` are a name followed by something else.
            K::TypeAliasStatement | K::TemplateStrings | K::LazyImportStatement => {
                Some(self.invalid_syntax(i + 1))
            }
            K::TypeParameterList if i >= 2 && self.is_name(i - 2, "def") => {
                Some(self.syntax("expected '('", self.tok_loc(i), i))
            }
            K::UnparenthesizedExceptionTypes => {
                let colon = (i..self.scan.toks.len()).find(|&j| self.is_op(j, ":"))?;
                let mut loc = self.tok_loc(i);
                let end = self.tok_loc(colon);
                (loc.end_line, loc.end_col) = (end.end_line, end.end_col - 1);
                Some(self.syntax("multiple exception types must be parenthesized", loc, colon))
            }
            K::UnpackingInComprehension(_) if self.is_op(i, "**") => Some(self.syntax(
                "dict unpacking cannot be used in dict comprehension",
                self.tok_loc(i),
                i,
            )),
            K::UnpackingInComprehension(_) => Some(self.syntax(
                "iterable unpacking cannot be used in comprehension",
                self.range_loc(range),
                i,
            )),
            _ => None,
        })
    }

    /// Rules read off the tokens around the error.
    fn token_rule(&self, i: usize) -> Option<ParserError> {
        if self.is_op(i, "=") {
            if let Some(e) = self.assign_in_expression(i) {
                return Some(e);
            }
        }
        if self.is_op(i, ":=") {
            // Only a named expression (not a call argument) reads on after `x :=`.
            let in_call = self
                .enclosing_bracket(i)
                .is_some_and(|open| self.is_op(open, "(") && self.is_call_bracket(open));
            let read_on = if i > 0 && self.ends_expr(i - 1) && !in_call {
                i + 1
            } else {
                i
            };
            return Some(
                self.walrus_target(i)
                    .unwrap_or_else(|| self.fetched(self.invalid_syntax(i), read_on)),
            );
        }
        if i > 0 && self.is_op(i - 1, ":=") {
            let named =
                i >= 2 && self.tok_kind(i - 2) == Some(TokKind::Name) && !self.is_keyword(i - 2);
            if !named {
                return Some(self.fetched(self.invalid_syntax(i - 1), i));
            }
        }
        if i > 0 && self.is_op(i - 1, "->") && !self.starts_expr(i) {
            let head = self.line_start_tok(i);
            if self.is_name(head, "def") || self.is_name(head, "async") {
                // `&&':'` after the optional return annotation failed.
                return Some(self.syntax("expected ':'", self.tok_loc(i - 1), i - 1));
            }
        }
        if i >= 2
            && self.is_name(i - 2, "def")
            && self.tok_kind(i - 1) == Some(TokKind::Name)
            && !self.is_op(i, "(")
        {
            return Some(self.syntax("expected '('", self.tok_loc(i), i));
        }
        if self.is_op(i, "**") && i > 0 && self.is_op(i - 1, "(") && !self.is_call_bracket(i - 1) {
            let close = self.closing_bracket(i - 1).unwrap_or(i);
            let e = self.syntax(
                "cannot use double starred expression here",
                self.tok_loc(i),
                i,
            );
            return Some(self.fetched(e, close));
        }
        let print_follows =
            (self.is_name(i, "print") || self.is_name(i, "exec")) && i > 0 && self.ends_expr(i - 1);
        self.comprehension_target(i)
            .or_else(|| self.legacy_print(i))
            .or_else(|| {
                if print_follows {
                    self.legacy_print(i + 1)
                } else {
                    None
                }
            })
            .or_else(|| self.augassign_target(i))
            .or_else(|| self.param_default(i))
            .or_else(|| self.parenthesized_params(i))
            .or_else(|| self.dict_error(i))
            .or_else(|| self.forgot_comma(i))
    }
}

/// CPython's `invalid_*` grammar rules.
impl Checker<'_> {
    /// `if x = 1:` and other `=` where an expression is expected: CPython's
    /// `invalid_named_expression`.
    fn assign_in_expression(&self, i: usize) -> Option<ParserError> {
        if !self.is_op(i, "=") {
            return None;
        }
        let element = match self.enclosing_bracket(i) {
            Some(open) if self.is_op(open, "(") && self.is_call_bracket(open) => {
                return self.kwarg_error(i)
            }
            Some(open) if self.is_op(open, "(") && self.in_params(open) => return None,
            Some(_) => self.element_start(i),
            None => {
                let head = self.line_start_tok(i);
                let named = ["if", "elif", "while"]
                    .iter()
                    .any(|k| self.is_name(head, k))
                    || self.is_op(head, "@");
                if !named {
                    return None;
                }
                head + 1
            }
        };
        self.named_assignment(element, i)
    }

    /// `target = value` where an expression was expected: CPython's `invalid_named_expression`
    /// for a target spanning tokens `first..eq`.
    fn named_assignment(&self, first: usize, eq: usize) -> Option<ParserError> {
        let value_end = self.bitwise_or_end(eq + 1)?;
        let after = value_end + 1;
        if self.is_op(after, "=") || self.is_op(after, ":=") || eq <= first {
            return None;
        }
        let value = text_range(
            self.tok_range(eq + 1).start(),
            self.tok_range(value_end).end(),
        );
        let plain_name = eq == first + 1
            && self.tok_kind(first) == Some(TokKind::Name)
            && !self.is_keyword(first);
        let (msg, loc) = if plain_name {
            let msg = "invalid syntax. Maybe you meant '==' or ':=' instead of '='?".to_string();
            (msg, self.between(self.tok_range(first), value))
        } else {
            if self.bitwise_or_end(first)? != eq - 1 || self.excluded_target_start(first) {
                return None;
            }
            // The target's node leaves out parentheses around it.
            let (mut a, mut b) = (first, eq - 1);
            while a < b && self.is_op(a, "(") && self.closing_bracket(a) == Some(b) {
                a += 1;
                b -= 1;
            }
            let range = text_range(self.tok_range(a).start(), self.tok_range(b).end());
            let node = self
                .ancestors(range)
                .into_iter()
                .find(|n| n.range() == range && n.is_expression())?;
            if matches!(node, py::AnyNodeRef::ExprStarred(_)) {
                return None;
            }
            let msg = format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                expr_name(node)
            );
            (msg, self.range_loc(range))
        };
        Some(self.fetched(self.syntax(msg, loc, eq), after))
    }

    /// CPython's `!(list|tuple|genexp|'True'|'None'|'False')` before a target.
    fn excluded_target_start(&self, i: usize) -> bool {
        if ["True", "None", "False"].iter().any(|k| self.is_name(i, k)) {
            return true;
        }
        let Some(close) = self.closing_bracket(i) else {
            return false;
        };
        let top_level = |t: &str| {
            (i + 1..close).any(|j| self.tok_str(j) == t && self.enclosing_bracket(j) == Some(i))
        };
        if self.is_op(i, "[") {
            return !top_level("for");
        }
        self.is_op(i, "(") && (close == i + 1 || top_level(",") || top_level("for"))
    }

    /// The last token of the `bitwise_or` expression (below comparisons) starting at token
    /// `i`, read off the tokens like CPython's parser would.
    fn bitwise_or_end(&self, i: usize) -> Option<usize> {
        const BINARY: [&str; 13] = [
            "|", "^", "&", "<<", ">>", "+", "-", "*", "/", "//", "%", "@", "**",
        ];
        let mut j = i;
        loop {
            while ["-", "+", "~"].iter().any(|o| self.is_op(j, o)) || self.is_name(j, "await") {
                j += 1;
            }
            j = self.primary_end(j)?;
            let operator = BINARY.iter().any(|o| self.is_op(j + 1, o));
            let operand = self.starts_expr(j + 2) && !self.is_keyword(j + 2)
                || ["True", "False", "None", "await"]
                    .iter()
                    .any(|k| self.is_name(j + 2, k));
            if !(operator && operand) {
                return Some(j);
            }
            j += 2;
        }
    }

    /// The last token of an atom with its trailers (`.name`, calls, subscripts).
    fn primary_end(&self, i: usize) -> Option<usize> {
        let mut j = match self.tok_kind(i)? {
            TokKind::Name if !self.is_keyword(i) => i,
            TokKind::Name if ["True", "False", "None"].contains(&self.tok_str(i)) => i,
            TokKind::Number => i,
            TokKind::String => {
                let mut j = i;
                while self.tok_kind(j + 1) == Some(TokKind::String) {
                    j += 1;
                }
                j
            }
            TokKind::Op if ["(", "[", "{"].contains(&self.tok_str(i)) => self.closing_bracket(i)?,
            TokKind::Op if self.tok_str(i) == "..." => i,
            _ => return None,
        };
        loop {
            if self.is_op(j + 1, ".") && self.tok_kind(j + 2) == Some(TokKind::Name) {
                j += 2;
            } else if self.is_op(j + 1, "(") || self.is_op(j + 1, "[") {
                j = self.closing_bracket(j + 1)?;
            } else {
                return Some(j);
            }
        }
    }

    /// Whether token `i` is among a lambda's parameters (between `lambda` and its `:`).
    fn in_lambda_params(&self, i: usize) -> bool {
        let level = self.level_before(i);
        for j in (0..i).rev() {
            if self.level_before(j) < level || self.tok_kind(j) == Some(TokKind::Newline) {
                return false;
            }
            if self.level_before(j) > level {
                continue;
            }
            if self.is_op(j, ":") {
                return false;
            }
            if self.is_name(j, "lambda") {
                return true;
            }
        }
        false
    }

    /// Whether the bracket at `open` holds a `def` or `lambda` parameter list.
    fn in_params(&self, open: usize) -> bool {
        open >= 2 && self.is_name(open - 2, "def")
    }

    /// `f(a.b=1)`, `f(True=1)`: CPython's `invalid_kwarg`.
    fn kwarg_error(&self, i: usize) -> Option<ParserError> {
        let element = self.element_start(i);
        let eq = (element..self.scan.toks.len())
            .take_while(|&j| !self.is_op(j, ",") && !self.is_op(j, ")"))
            .find(|&j| self.is_op(j, "="))
            .filter(|&eq| eq > element)?;
        if eq == element + 1
            && ["True", "False", "None"]
                .iter()
                .any(|k| self.is_name(element, k))
        {
            let loc = self.between(self.tok_range(element), self.tok_range(eq));
            let msg = format!("cannot assign to {}", self.tok_str(element));
            return Some(self.syntax(msg, loc, eq));
        }
        if eq == element + 1 && self.tok_kind(element) == Some(TokKind::Name) {
            return None;
        }
        if !self.ends_expr(eq - 1) {
            return Some(self.invalid_syntax(eq));
        }
        // The target's node leaves out parentheses around it.
        let (mut first, mut last) = (element, eq.checked_sub(1)?);
        while first < last && self.is_op(first, "(") && self.closing_bracket(first) == Some(last) {
            first += 1;
            last -= 1;
        }
        let loc = self.between(self.tok_range(first), self.tok_range(eq));
        let msg = "expression cannot contain assignment, perhaps you meant \"==\"?";
        Some(self.syntax(msg, loc, eq))
    }

    /// `f(x) := 1`
    fn walrus_target(&self, i: usize) -> Option<ParserError> {
        if !self.ends_expr(i.checked_sub(1)?) || !self.starts_expr(i + 1) {
            return None;
        }
        let in_call = self
            .enclosing_bracket(i)
            .is_some_and(|open| self.is_op(open, "(") && self.is_call_bracket(open));
        if in_call {
            return None;
        }
        let target = self.expr_ending_at(i - 1, Level::Expression)?;
        if matches!(target, py::AnyNodeRef::ExprName(_)) {
            return None;
        }
        let msg = format!(
            "cannot use assignment expressions with {}",
            expr_name(target)
        );
        Some(self.syntax(msg, self.range_loc(target.range()), i))
    }

    /// `print "x"`: CPython's `invalid_legacy_expression`.
    fn legacy_print(&self, i: usize) -> Option<ParserError> {
        let name = i.checked_sub(1)?;
        let legacy = self.is_name(name, "print") || self.is_name(name, "exec");
        if !legacy || self.is_op(i, "(") || !self.expression_starts_at(name) {
            return None;
        }
        if !(self.starts_expr(i) || self.is_op(i, "*")) {
            return None;
        }
        let last = self.star_expressions_last(i);
        let value = text_range(self.tok_range(i).start(), self.tok_range(last).end());
        let loc = self.between(self.tok_range(name), value);
        let word = self.tok_str(name);
        let msg = format!("Missing parentheses in call to '{word}'. Did you mean {word}(...)?");
        let e = self.syntax(msg, loc, i);
        let after = self.tok_ending_at(self.text.norm_pos(value.end().into())) + 1;
        Some(self.fetched(e, after))
    }

    /// Whether CPython's grammar parses an `expression` starting at token `i` (where its
    /// `invalid_expression` and `invalid_legacy_expression` rules are tried).
    fn expression_starts_at(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else {
            return true;
        };
        match self.tok_kind(prev) {
            Some(TokKind::Newline | TokKind::Indent | TokKind::Dedent) => true,
            Some(TokKind::Op) => {
                let op = self.tok_str(prev);
                ["(", "[", "{", ",", "=", ":", ";", ":=", "->", "@"].contains(&op)
                    || (op.ends_with('=') && !["==", "!=", "<=", ">="].contains(&op))
            }
            Some(TokKind::Name) => {
                let after_keyword = [
                    "return", "yield", "assert", "raise", "del", "elif", "while", "with", "else",
                    "from", "lambda",
                ]
                .iter()
                .any(|k| self.is_name(prev, k));
                let clause = (self.is_name(prev, "if") || self.is_name(prev, "in"))
                    && !self.in_comprehension_clause(i);
                after_keyword || clause
            }
            _ => false,
        }
    }

    /// The last token of the `star_expressions` at token `i`: comma-separated expressions,
    /// with a trailing comma.
    fn star_expressions_last(&self, i: usize) -> usize {
        let mut end = self.expression_end(i);
        while self.is_op(end, ",") {
            if !(self.starts_expr(end + 1) || self.is_op(end + 1, "*")) {
                return end;
            }
            end = self.expression_end(end + 1);
        }
        end.saturating_sub(1).max(i)
    }

    /// `a b` inside brackets: CPython's `invalid_expression`.
    fn forgot_comma(&self, i: usize) -> Option<ParserError> {
        if self.is_op(i, "(") || self.is_op(i, "[") {
            // A call or a subscript.
            return None;
        }
        self.juxtaposed(i)
    }

    /// `invalid_expression` for the expressions ending before and starting at token `i`.
    fn juxtaposed(&self, i: usize) -> Option<ParserError> {
        let prev = i.checked_sub(1)?;
        if !self.ends_expr(prev) || !self.starts_expr(i) || self.is_name(i, "not") {
            return None;
        }

        // ruff's recovered tree may lack a node for a lone token: fall back to the token.
        let single = |j: usize| {
            matches!(self.tok_kind(j), Some(TokKind::Number | TokKind::String))
                || (self.tok_kind(j) == Some(TokKind::Name)
                    && (!self.is_keyword(j)
                        || ["True", "False", "None"].contains(&self.tok_str(j))))
        };
        let floor = self.tok_range(self.element_start(i)).start();
        let a = match self.expr_ending_at_from(prev, Level::Disjunction, floor) {
            Some(node) => node.range(),
            None if single(prev) => self.tok_range(prev),
            None => return None,
        };
        let bracket = ["(", "[", "{"].iter().any(|b| self.is_op(i, b));
        let (b, b_last) = match self.expr_starting_at(i, Level::Expression) {
            Some(node) => (node.range(), self.outer_tokens(node).1),
            None if single(i) => (self.tok_range(i), i),
            None if bracket => {
                let close = self.closing_bracket(i)?;
                (
                    text_range(self.tok_range(i).start(), self.tok_range(close).end()),
                    close,
                )
            }
            None => return None,
        };
        let a_first = self.tok_at(self.text.norm_pos(a.start().into()));
        let plain_name = self.tok_kind(a_first) == Some(TokKind::Name) && !self.is_keyword(a_first);
        // CPython's soft-keyword test compares only the name's length (`strncmp`), so any
        // prefix of `match` or `case` counts.
        let first_word = self.tok_str(a_first);
        let soft_keyword = plain_name
            && ["match", "case", "_"]
                .iter()
                .any(|k| k.starts_with(first_word));
        let name_string = plain_name && self.tok_kind(a_first + 1) == Some(TokKind::String);
        if name_string {
            // CPython skips `NAME STRING`, then tries again from the string: `x'a' b` is
            // `'a'` and `b` missing a comma.
            let mut last = a_first + 1;
            while self.tok_kind(last + 1) == Some(TokKind::String) {
                last += 1;
            }
            let again = last + 1 > i && self.ends_expr(last) && self.starts_expr(last + 1);
            return if again {
                self.forgot_comma(last + 1)
            } else {
                None
            };
        }
        let legacy = a_first == prev && (self.is_name(prev, "print") || self.is_name(prev, "exec"));
        // In a parameter list only defaults and annotations are expressions.
        let in_params = self
            .enclosing_bracket(i)
            .is_some_and(|open| self.in_params(open))
            || self.in_lambda_params(a_first);
        if in_params && !(self.is_op(a_first - 1, "=") || self.is_op(a_first - 1, ":")) {
            return None;
        }
        let in_brackets = self.tok(b_last).is_some_and(|t| t.level > 0);
        if soft_keyword
            || name_string
            || legacy
            || !in_brackets
            || self.in_comprehension_clause(a_first)
        {
            return None;
        }
        let loc = self.between(a, b);
        let e = self.syntax("invalid syntax. Perhaps you forgot a comma?", loc, i);
        Some(self.fetched(e, b_last + 1))
    }

    /// Whether token `i` starts the iterable or a condition of a comprehension's `for` clause,
    /// which CPython parses as a `disjunction` (so `invalid_expression` does not apply).
    fn in_comprehension_clause(&self, i: usize) -> bool {
        let Some(prev) = i.checked_sub(1) else {
            return false;
        };
        (self.is_name(prev, "in") || self.is_name(prev, "if"))
            && self.enclosing_bracket(i).is_some()
            && (self.enclosing_bracket(i).unwrap_or(0)..prev).any(|j| self.is_name(j, "for"))
    }

    /// `a, b += 1`: the target of an augmented assignment must be a single name, attribute
    /// or subscript.
    fn augassign_target(&self, i: usize) -> Option<ParserError> {
        const AUG: [&str; 13] = [
            "+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//=",
        ];
        if !AUG.iter().any(|op| self.is_op(i, op)) || self.tok(i)?.level > 0 {
            return None;
        }
        let head = self.line_start_tok(i);
        if head >= i {
            return None;
        }
        let target = text_range(self.tok_range(head).start(), self.tok_range(i - 1).end());
        let node = self
            .ancestors(target)
            .into_iter()
            .find(|n| n.range() == target && n.is_expression());
        if node.is_some_and(|n| has_placeholder(n) || self.recovered(n)) {
            return None;
        }
        let name = match node {
            Some(
                py::AnyNodeRef::ExprName(_)
                | py::AnyNodeRef::ExprAttribute(_)
                | py::AnyNodeRef::ExprSubscript(_),
            ) => return None,
            Some(node) => expr_name(node),
            None if (head..i)
                .any(|j| self.is_op(j, ",") && self.tok(j).is_some_and(|t| t.level == 0)) =>
            {
                "tuple"
            }
            None => return None,
        };
        let msg = format!("'{name}' is an illegal expression for augmented assignment");
        Some(self.syntax(msg, self.range_loc(target), i))
    }

    /// `lambda (a): 0`: parentheses in a lambda's parameters, wherever ruff's first error is.
    fn lambda_parens(&self) -> Option<ParserError> {
        let toks = &self.scan.toks;
        for l in (0..toks.len()).filter(|&j| self.is_name(j, "lambda")) {
            let mut j = l + 1;
            while j < toks.len() && !self.is_op(j, ":") {
                if self.is_op(j, "(") {
                    if self.is_name(j - 1, "lambda") || self.is_op(j - 1, ",") {
                        return self.parenthesized_params(j);
                    }
                    j = self.closing_bracket(j)?;
                }
                if ["[", "{"].iter().any(|b| self.is_op(j, b)) {
                    j = self.closing_bracket(j)?;
                }
                j += 1;
            }
        }
        None
    }

    /// An error at the token after a block ending before token `i`: a further DEDENT or an
    /// INDENT (no caret) when the next statement is not at the block's level.
    fn after_block(&self, msg: &str, i: usize) -> ParserError {
        let dedents = (0..i)
            .rev()
            .take_while(|&j| self.tok_kind(j) == Some(TokKind::Dedent))
            .count();
        let indented = i > 0 && self.tok_kind(i - 1) == Some(TokKind::Indent);
        if dedents < 2 && !indented {
            return self.syntax(msg, self.tok_loc(i), i);
        }
        let tok = &self.scan.toks[i - 1];
        let col = self.text.col_on(tok.line, tok.start) - 1;
        let loc = Loc {
            line: tok.line,
            col,
            end_line: tok.line,
            end_col: -1,
        };
        self.syntax(msg, loc, i)
    }

    /// `[a, b for x in y]`: CPython's `invalid_comprehension`.
    fn comprehension_target(&self, i: usize) -> Option<ParserError> {
        let open = self.enclosing_bracket(i)?;
        if !self.is_name(i, "for") || !(self.is_op(open, "[") || self.is_op(open, "{")) {
            return None;
        }
        let commas = (open + 1..i)
            .filter(|&j| self.is_op(j, ",") && self.enclosing_bracket(j) == Some(open))
            .count();
        if commas == 0 || self.is_op(open + 1, "*") {
            return None;
        }
        let loc = self.between(self.tok_range(open + 1), self.tok_range(i - 1));
        let msg = "did you forget parentheses around the comprehension target?";
        Some(self.syntax(msg, loc, i))
    }

    /// `def f(a=)`: CPython's `invalid_default`.
    fn param_default(&self, i: usize) -> Option<ParserError> {
        let eq = i.checked_sub(1)?;
        let open = self.enclosing_bracket(i)?;
        if !self.is_op(eq, "=")
            || !(self.is_op(i, ")") || self.is_op(i, ","))
            || !self.in_params(open)
        {
            return None;
        }
        Some(self.syntax("expected default value expression", self.tok_loc(eq), i))
    }

    /// `def f(a, (b, c))`
    fn parenthesized_params(&self, i: usize) -> Option<ParserError> {
        if !self.is_op(i, "(") || i == 0 {
            return None;
        }
        let (in_def, in_lambda) = match self.enclosing_bracket(i) {
            Some(open) => (self.in_params(open), false),
            None => {
                let head = self.line_start_tok(i);
                (false, (head..i).any(|j| self.is_name(j, "lambda")))
            }
        };
        let close = self.closing_bracket(i)?;
        let after_separator =
            self.is_op(i - 1, ",") || self.is_op(i - 1, "(") || self.is_name(i - 1, "lambda");
        let only_names = (i + 1..close).all(|j| {
            self.tok_kind(j) == Some(TokKind::Name) && !self.is_keyword(j)
                || self.is_op(j, ",")
                || (in_def && self.is_op(j, ":"))
        });
        if !after_separator || !only_names || close == i + 1 {
            return None;
        }
        let loc = self.between(self.tok_range(i), self.tok_range(close));
        if in_def {
            Some(self.syntax("Function parameters cannot be parenthesized", loc, close))
        } else if in_lambda && (self.is_name(i - 1, "lambda") || self.is_op(i - 1, ",")) {
            Some(self.syntax(
                "Lambda expression parameters cannot be parenthesized",
                loc,
                close,
            ))
        } else {
            None
        }
    }

    /// `def f(*a=1)`, `def f(**k=1)`
    fn var_param_default(&self, i: usize) -> ParserError {
        let element = self.element_start(i);
        let what = if self.is_op(element, "**") {
            "var-keyword"
        } else {
            "var-positional"
        };
        let msg = format!("{what} argument cannot have default value");
        self.syntax(msg, self.tok_loc(i), i)
    }

    /// `def f(*)`; a lambda's error falls on the token after the `*`.
    fn bare_star(&self, i: usize) -> ParserError {
        let in_lambda = self.enclosing_bracket(i).is_none();
        let close = if in_lambda { ":" } else { ")" };
        let fits = self.is_op(i + 1, close)
            || (self.is_op(i + 1, ",") && (self.is_op(i + 2, close) || self.is_op(i + 2, "**")));
        if !fits {
            return self.invalid_syntax(i + 1);
        }
        let at = if in_lambda { i + 1 } else { i };
        self.syntax("named arguments must follow bare *", self.tok_loc(at), at)
    }

    /// Errors CPython places on the last token read: the `)` closing the call. A missing
    /// comma among the arguments is reported first (while parsing them).
    fn after_call_args(&self, msg: &str, i: usize) -> Option<ParserError> {
        let open = self.enclosing_bracket(i)?;
        let close = self.closing_bracket(open)?;
        let comma = (open + 2..close)
            .filter(|&j| self.enclosing_bracket(j) == Some(open))
            .find_map(|j| self.forgot_comma(j));
        if comma.is_some() {
            return comma;
        }
        Some(self.syntax(msg, self.tok_loc(close), close))
    }

    /// `{'a': 1, 'b'}` and `{'a':}`: CPython's `invalid_kvpair` and friends.
    fn dict_error(&self, i: usize) -> Option<ParserError> {
        let open = self.enclosing_bracket(i)?;
        if !self.is_op(open, "{") {
            return None;
        }
        let prev = i.checked_sub(1)?;
        if self.is_op(prev, ":") && (self.is_op(i, "}") || self.is_op(i, ",")) {
            let msg = "expression expected after dictionary key and ':'";
            return Some(self.syntax(msg, self.tok_loc(prev), i));
        }
        let comprehension = (open + 1..i)
            .any(|j| self.is_name(j, "for") && self.enclosing_bracket(j) == Some(open));
        if comprehension {
            return None;
        }
        let element = self.element_start(i);
        let has_pair_before = (open + 1..element)
            .any(|j| self.is_op(j, ":") && self.enclosing_bracket(j) == Some(open));
        if !has_pair_before || self.is_op(i, ":") || element >= i {
            return None;
        }
        let key = self.expr_starting_at(element, Level::Expression)?;
        if self.outer_tokens(key).1 != prev {
            return None;
        }
        let loc = self.last_char_loc(key.range());
        Some(self.syntax("':' expected after dictionary key", loc, i))
    }

    /// `(*a)`, `{'a': *b}`: starred expressions in a group or dict value are parse errors;
    /// elsewhere CPython's compiler reports them.
    fn starred_error(&self, range: TextRange, i: usize) -> Option<Option<ParserError>> {
        let prev = i.checked_sub(1)?;
        let open = self.enclosing_bracket(i);
        let inner = self.expr_starting_at(i + 1, Level::BitwiseOr);
        let after = inner.map_or(i + 1, |n| {
            self.tok_ending_at(self.text.norm_pos(n.range().end().into())) + 1
        });
        if self.is_op(prev, ":") && open.is_some_and(|o| self.is_op(o, "{")) {
            let mut loc = self.tok_loc(i);
            let end = self.tok_loc(after);
            (loc.end_line, loc.end_col) = (end.end_line, end.end_col - 1);
            let msg = "cannot use a starred expression in a dictionary value";
            return Some(Some(self.syntax(msg, loc, after)));
        }
        let group = open.is_some_and(|o| {
            self.is_op(o, "(")
                && o == prev
                && self.closing_bracket(o) == Some(after)
                && !self.is_call_bracket(o)
        });
        if group {
            let msg = "cannot use starred expression here";
            return Some(Some(self.syntax(msg, self.range_loc(range), after)));
        }
        // Where a starred item may stand, CPython's parser accepts it (its compiler objects).
        let item_start = ["=", "(", "[", "{", ",", "return", "yield", "in", ":"]
            .iter()
            .any(|t| self.tok_str(prev) == *t && self.tok_kind(prev) != Some(TokKind::String))
            || self.line_start_tok(i) == i;
        if item_start {
            return None;
        }
        Some(None)
    }

    /// `if x` + newline and the `def`/`try`/`else`/`finally` headers without their `:`.
    fn expected_colon(&self, i: usize) -> Option<ParserError> {
        let mut head = self.line_start_tok(i);
        if self.is_name(head, "async") {
            head += 1;
        }
        let forced = ["def", "try", "else", "finally"]
            .iter()
            .any(|k| self.is_name(head, k));
        let at_newline = self.tok_kind(i) == Some(TokKind::Newline)
            && [
                "if", "elif", "while", "for", "with", "class", "except", "match", "case",
            ]
            .iter()
            .any(|k| self.is_name(head, k));
        if forced || at_newline {
            return Some(self.syntax("expected ':'", self.tok_loc(i), i));
        }
        None
    }

    /// `x = a if b` without `else`.
    fn expected_else(&self, i: usize) -> Option<ParserError> {
        if self.is_op(i, ":") {
            return None;
        }
        let mut depth = 0usize;
        let if_tok = (0..i).rev().find(|&j| {
            match self.tok_str(j) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth == 0 && self.is_name(j, "if")
        })?;
        let body = self.expr_ending_at(if_tok.checked_sub(1)?, Level::Disjunction)?;
        let test = self.tok_range(i - 1);
        let loc = self.between(body.range(), test);
        Some(self.syntax("expected 'else' after 'if' expression", loc, i))
    }

    /// A block header followed by an unindented line.
    fn expected_block(&self, i: usize) -> Option<ParserError> {
        let newline = if self.tok_kind(i) == Some(TokKind::Newline) {
            i
        } else {
            (0..i)
                .rev()
                .find(|&j| self.tok_kind(j) == Some(TokKind::Newline))?
        };
        let i = newline + 1;
        let mut head = self.line_start_tok(newline);
        if self.is_name(head, "async") {
            head += 1;
        }
        let line_of = |j: usize| self.tok(j).map_or(1, |t| t.line);
        let what = match self.tok_str(head) {
            "if" => format!("'if' statement on line {}", line_of(head + 1)),
            "except" if self.is_op(head + 1, "*") => {
                format!("'except*' statement on line {}", line_of(head))
            }
            kw @ ("elif" | "else" | "while" | "for" | "with" | "try" | "except" | "finally") => {
                format!("'{kw}' statement on line {}", line_of(head))
            }
            "def" => format!("function definition on line {}", line_of(head)),
            "class" => format!("class definition on line {}", line_of(head)),
            kw @ ("match" | "case") => format!("'{kw}' statement on line {}", line_of(head)),
            _ => return None,
        };
        let msg = format!("expected an indented block after {what}");
        let Some(tok) = self.tok(i) else {
            return Some(self.invalid_syntax(i));
        };
        let loc = match tok.kind {
            TokKind::EndMarker => Loc {
                line: tok.line,
                col: 0,
                end_line: tok.line,
                end_col: -1,
            },
            TokKind::Dedent => {
                // At the end of the file CPython's line buffer is empty.
                let at_eof = tok.start >= self.text.bytes.len();
                let col = if at_eof {
                    0
                } else {
                    self.text.col_on(tok.line, tok.start) - 1
                };
                Loc {
                    line: tok.line,
                    col,
                    end_line: tok.line,
                    end_col: -1,
                }
            }
            _ => self.tok_loc(i),
        };
        Some(self.error_at("IndentationError", msg, loc, i))
    }
}

/// String literals: CPython checks them when its parser reduces a run of string tokens.
impl Checker<'_> {
    /// The first error in a string literal, checked like `_PyPegen_concatenate_strings`.
    fn string_error(&self) -> Option<ParserError> {
        let toks = &self.scan.toks;
        let mut i = 0;
        while i < toks.len() {
            if toks[i].kind != TokKind::String {
                i += 1;
                continue;
            }
            let first = i;
            while self.tok_kind(i) == Some(TokKind::String) {
                i += 1;
            }
            if first > 0 && self.is_op(first - 1, ".") {
                continue; // `x.'a'`: the parser fails before reading it as a string
            }
            if let Some(e) = self.string_group_error(first, i) {
                return Some(e);
            }
        }
        None
    }

    /// Errors in the string tokens `first..after`; CPython reports most of them at `after`,
    /// the token its parser read to see the run end.
    fn string_group_error(&self, first: usize, after: usize) -> Option<ParserError> {
        let at_end =
            |msg: String| self.fetched(self.syntax(msg, self.tok_loc(after), first), after);
        let mut bytes_mode = None;
        for i in first..after {
            let lit = StringLit::new(self.tok_str(i));
            if lit.bytes && !lit.body.is_ascii() {
                let msg = "bytes can only contain ASCII literal characters";
                return Some(self.syntax(msg, self.tok_loc(i), first));
            }
            if !lit.raw && !lit.fstring {
                if let Some(msg) = escape_error(lit.body, lit.bytes) {
                    return Some(at_end(msg));
                }
            }
            if bytes_mode.is_some_and(|b| b != lit.bytes) {
                return Some(at_end("cannot mix bytes and nonbytes literals".into()));
            }
            bytes_mode = Some(lit.bytes);
            if lit.fstring {
                let compile = |start, end| self.fstring_expr_error(i, &lit, start, end);
                let mut scan = FStringScan {
                    s: lit.body.as_bytes(),
                    pos: 0,
                    raw: lit.raw,
                    compile: &compile,
                };
                match scan.parse(0) {
                    Ok(()) => {}
                    Err(FStringError::AtEnd(msg)) => return Some(at_end(msg)),
                    Err(FStringError::Expr(error)) => {
                        let last_line = error.line;
                        return Some(ParserError {
                            error,
                            at: first,
                            fetched: after,
                            last_line,
                            settled: false,
                        });
                    }
                }
            }
        }
        None
    }

    /// CPython compiles an f-string's expression `(expr)` as a separate source: errors keep
    /// that text and its columns, on the expression's line, and gain an "f-string: " prefix
    /// unless CPython's tokenizer raised them.
    fn fstring_expr_error(
        &self,
        i: usize,
        lit: &StringLit,
        start: usize,
        end: usize,
    ) -> Option<SyntaxError> {
        let expr = lit.body.get(start..end)?;
        let (mut error, origin) = parse_stage_error(&format!("({expr})"))?;
        let lines_before = lit.body.get(..start).unwrap_or("").matches('\n').count() as u32;
        let line = self.tok(i).map_or(1, |t| t.line);
        error.line += line + lines_before - 1;
        if origin == Origin::Parser && !error.msg.starts_with("f-string") {
            error.msg = format!("f-string: {}", error.msg);
        }
        Some(error)
    }
}

/// Why an f-string is rejected: a message CPython places after the string, or the error
/// compiling one of its expressions.
enum FStringError {
    AtEnd(String),
    Expr(SyntaxError),
}

fn at_end<T>(msg: impl Into<String>) -> Result<T, FStringError> {
    Err(FStringError::AtEnd(msg.into()))
}

/// CPython 3.11's f-string scanner (Parser/string_parser.c), for errors only.
struct FStringScan<'s, 'c> {
    s: &'s [u8],
    pos: usize,
    raw: bool,
    /// Compiles the expression at a byte range of `s`, returning its error.
    compile: &'c dyn Fn(usize, usize) -> Option<SyntaxError>,
}

impl FStringScan<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    /// Literal text and replacement fields up to the end (or the `}` closing a format spec at
    /// nesting `level` > 0).
    fn parse(&mut self, level: u32) -> Result<(), FStringError> {
        loop {
            if self.literal(level)? {
                continue;
            }
            match self.peek() {
                None | Some(b'}') => break,
                Some(_) => self.field(level)?,
            }
        }
        if level > 0 && self.peek() != Some(b'}') {
            return at_end("f-string: expecting '}'");
        }
        Ok(())
    }

    /// Literal text up to a `{` or `}`; true when it stopped after a doubled brace.
    fn literal(&mut self, level: u32) -> Result<bool, FStringError> {
        let start = self.pos;
        while let Some(mut ch) = self.peek() {
            self.pos += 1;
            if !self.raw && ch == b'\\' && self.pos < self.s.len() {
                ch = self.s[self.pos];
                self.pos += 1;
                if ch == b'N' {
                    // Skip a `\N{name}` escape, whose braces are not fields.
                    if self.peek().is_some() {
                        self.pos += 1;
                        if self.s[self.pos - 1] == b'{' {
                            while let Some(c) = self.peek() {
                                self.pos += 1;
                                if c == b'}' {
                                    break;
                                }
                            }
                        }
                    }
                    continue;
                }
            }
            if ch == b'{' || ch == b'}' {
                if level == 0 {
                    if self.peek() == Some(ch) {
                        self.check_literal(start, self.pos)?;
                        self.pos += 1;
                        return Ok(true);
                    }
                    if ch == b'}' {
                        return at_end("f-string: single '}' is not allowed");
                    }
                }
                self.pos -= 1;
                break;
            }
        }
        self.check_literal(start, self.pos)?;
        Ok(false)
    }

    fn check_literal(&self, start: usize, end: usize) -> Result<(), FStringError> {
        if self.raw {
            return Ok(());
        }
        let chunk = String::from_utf8_lossy(&self.s[start..end]);
        match escape_error(&chunk, false) {
            Some(msg) => at_end(msg),
            None => Ok(()),
        }
    }

    /// A replacement field, from its `{` to its `}`.
    fn field(&mut self, level: u32) -> Result<(), FStringError> {
        if level >= 2 {
            return at_end("f-string: expressions nested too deeply");
        }
        self.pos += 1;
        let start = self.pos;
        self.scan_expression()?;
        let end = self.pos;
        let Some(stop) = self.peek() else {
            return at_end("f-string: expecting '}'");
        };
        if self.s[start..end].iter().all(|c| b" \t\n\x0c".contains(c)) {
            return match stop {
                b'!' | b':' | b'=' => at_end(format!(
                    "f-string: expression required before '{}'",
                    stop as char
                )),
                _ => at_end("f-string: empty expression not allowed"),
            };
        }
        // The expression is compiled before the rest of the field is looked at.
        if let Some(error) = (self.compile)(start, end) {
            return Err(FStringError::Expr(error));
        }
        if stop == b'=' {
            self.pos += 1;
            while self.peek().is_some_and(|c| b" \t\n\r\x0b\x0c".contains(&c)) {
                self.pos += 1;
            }
            if self.peek().is_none() {
                return at_end("f-string: expecting '}'");
            }
        }
        if self.peek() == Some(b'!') {
            self.pos += 1;
            let Some(conversion) = self.peek() else {
                return at_end("f-string: expecting '}'");
            };
            self.pos += 1;
            if !b"sra".contains(&conversion) {
                return at_end("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
        }
        if self.peek() == Some(b':') {
            self.pos += 1;
            if self.peek().is_none() {
                return at_end("f-string: expecting '}'");
            }
            self.parse(level + 1)?;
        }
        if self.peek() != Some(b'}') {
            return at_end("f-string: expecting '}'");
        }
        self.pos += 1;
        Ok(())
    }

    /// Moves to the `!`, `:`, `=` or `}` ending the expression of a field.
    fn scan_expression(&mut self) -> Result<(), FStringError> {
        let mut quote = 0u8;
        let mut triple = false;
        let mut brackets: Vec<u8> = Vec::new();
        while let Some(ch) = self.peek() {
            if ch == b'\\' {
                return at_end("f-string expression part cannot include a backslash");
            }
            if quote != 0 {
                if ch == quote {
                    if !triple {
                        quote = 0;
                    } else if self.s.get(self.pos + 1) == Some(&ch)
                        && self.s.get(self.pos + 2) == Some(&ch)
                    {
                        self.pos += 2;
                        quote = 0;
                    }
                }
                self.pos += 1;
                continue;
            }
            match ch {
                b'\'' | b'"' => {
                    triple = self.s.get(self.pos + 1) == Some(&ch)
                        && self.s.get(self.pos + 2) == Some(&ch);
                    if triple {
                        self.pos += 2;
                    }
                    quote = ch;
                }
                b'[' | b'{' | b'(' => {
                    if brackets.len() >= MAX_LEVEL {
                        return at_end("f-string: too many nested parenthesis");
                    }
                    brackets.push(ch);
                }
                b'#' => return at_end("f-string expression part cannot include '#'"),
                b'!' | b':' | b'}' | b'=' | b'>' | b'<' if brackets.is_empty() => {
                    let next = self.s.get(self.pos + 1).copied();
                    if next == Some(b'=') && ch != b':' && ch != b'}' {
                        self.pos += 2;
                        continue;
                    }
                    if ch != b'>' && ch != b'<' {
                        break;
                    }
                }
                b']' | b'}' | b')' => {
                    let Some(open) = brackets.pop() else {
                        return at_end(format!("f-string: unmatched '{}'", ch as char));
                    };
                    let expected = match open {
                        b'(' => b')',
                        b'[' => b']',
                        _ => b'}',
                    };
                    if ch != expected {
                        return at_end(format!(
                            "f-string: closing parenthesis '{}' does not match opening parenthesis '{}'",
                            ch as char, open as char
                        ));
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        if quote != 0 {
            return at_end("f-string: unterminated string");
        }
        if let Some(&open) = brackets.last() {
            return at_end(format!("f-string: unmatched '{}'", open as char));
        }
        Ok(())
    }
}

/// A string token taken apart.
struct StringLit<'s> {
    bytes: bool,
    raw: bool,
    fstring: bool,
    /// Between the quotes.
    body: &'s str,
}

impl<'s> StringLit<'s> {
    fn new(token: &'s str) -> StringLit<'s> {
        let quote_at = token.find(['\'', '"']).unwrap_or(0);
        let prefix = token[..quote_at].to_ascii_lowercase();
        let rest = &token[quote_at..];
        let quote_len = if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
            3
        } else {
            1
        };
        let body = rest
            .get(quote_len..rest.len().saturating_sub(quote_len))
            .unwrap_or("");
        StringLit {
            bytes: prefix.contains('b'),
            raw: prefix.contains('r'),
            fstring: prefix.contains('f'),
            body,
        }
    }
}

/// The error CPython's escape decoding raises for a string body, if any.
fn escape_error(body: &str, bytes: bool) -> Option<String> {
    if bytes {
        let b = body.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\\' {
                if b.get(i + 1) == Some(&b'x') {
                    let hex = |j: usize| b.get(j).is_some_and(|c| c.is_ascii_hexdigit());
                    if !(hex(i + 2) && hex(i + 3)) {
                        return Some(format!("(value error) invalid \\x escape at position {i}"));
                    }
                }
                i += 2;
            } else {
                i += 1;
            }
        }
        return None;
    }
    // CPython first rewrites non-ASCII characters as `\UXXXXXXXX` (positions count those).
    let mut buf = String::with_capacity(body.len());
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            buf.push('\\');
            match chars.peek() {
                None => {
                    buf.push_str("u005c");
                    break;
                }
                Some(n) if !n.is_ascii() => buf.push_str("u005c"),
                _ => {}
            }
            continue;
        }
        if c.is_ascii() {
            buf.push(c);
        } else {
            buf.push_str(&format!("\\U{:08x}", c as u32));
        }
    }
    unicode_escape_error(buf.as_bytes())
}

/// `_PyUnicode_DecodeUnicodeEscapeInternal`'s first error.
fn unicode_escape_error(s: &[u8]) -> Option<String> {
    let fail = |start: usize, end: usize, why: &str| {
        Some(format!(
            "(unicode error) 'unicodeescape' codec can't decode bytes in position {start}-{}: {why}",
            end - 1
        ))
    };
    let mut i = 0;
    while i < s.len() {
        if s[i] != b'\\' {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let Some(&c) = s.get(i) else {
            return fail(start, i, "\\ at end of string");
        };
        i += 1;
        let (count, why) = match c {
            b'x' => (2, "truncated \\xXX escape"),
            b'u' => (4, "truncated \\uXXXX escape"),
            b'U' => (8, "truncated \\UXXXXXXXX escape"),
            b'N' => {
                let why = "malformed \\N character escape";
                if s.get(i) != Some(&b'{') {
                    return fail(start, i, why);
                }
                let name_start = i + 1;
                let Some(len) = s[name_start..].iter().position(|&b| b == b'}') else {
                    return fail(start, s.len(), why);
                };
                if len == 0 {
                    return fail(start, name_start, why);
                }
                i = name_start + len + 1;
                let name = String::from_utf8_lossy(&s[name_start..name_start + len]);
                if !is_unicode_name(&name) {
                    return fail(start, i, "unknown Unicode character name");
                }
                continue;
            }
            _ => continue,
        };
        let mut value: u32 = 0;
        for _ in 0..count {
            let Some(d) = s.get(i).and_then(|&b| (b as char).to_digit(16)) else {
                return fail(start, i, why);
            };
            value = value.wrapping_mul(16).wrapping_add(d);
            i += 1;
        }
        if value > 0x10FFFF {
            return fail(start, i, "illegal Unicode character");
        }
    }
    None
}

/// Whether `\N{name}` names a character, asked of ruff's string decoder (which uses the
/// Unicode name tables).
fn is_unicode_name(name: &str) -> bool {
    if name.contains(['\'', '\\', '\n']) {
        return false;
    }
    let probe = format!("'\\N{{{name}}}'");
    let parsed = ruff_python_parser::parse_unchecked(&probe, ParseOptions::from(Mode::Expression));
    parsed.errors().is_empty()
}

/// Invalid assignment, deletion and `for` targets.
impl Checker<'_> {
    /// The statement or clause whose target ruff rejects, and CPython's message for it. The
    /// outer `None` skips the error: the statement is broken elsewhere too (ruff filled a gap),
    /// so CPython's rule for it does not apply.
    fn target_error(&self, range: TextRange) -> Option<Option<ParserError>> {
        use py::AnyNodeRef as N;
        let contains = |outer: TextRange| outer.contains_range(range);
        // CPython sees the target is wrong at the token after it.
        let i = self.tok_at(self.text.norm_pos(range.end().into()));
        for node in self.ancestors(range) {
            // The parts CPython's rule must parse (it reports the target before the rest).
            let gap = match node {
                N::ExprNamed(_) | N::WithItem(_) | N::StmtAugAssign(_) => has_placeholder(node),
                N::Comprehension(c) => has_placeholder(N::from(&c.target)),
                N::StmtFor(f) => has_placeholder(N::from(&*f.target)),
                N::StmtAssign(a) => a.targets.iter().any(|t| has_placeholder(N::from(t))),
                N::StmtAnnAssign(a) => has_placeholder(N::from(&*a.target)),
                N::StmtDelete(d) => d.targets.iter().any(|t| has_placeholder(N::from(t))),
                _ => false,
            };
            if gap || !self.balanced(node) {
                return None;
            }
            let (bad, msg) = match node {
                N::ExprNamed(n) if contains(n.target.range()) && self.in_call_arguments(node) => {
                    let walrus = self.node_tokens(N::from(&*n.target)).1 + 1;
                    return Some(Some(self.fetched(self.invalid_syntax(walrus), walrus + 1)));
                }
                N::ExprNamed(n) if contains(n.target.range()) => {
                    let target = N::from(&*n.target);
                    (
                        target,
                        format!(
                            "cannot use assignment expressions with {}",
                            expr_name(target)
                        ),
                    )
                }
                N::Comprehension(c) if contains(c.target.range()) => {
                    self.invalid_target_msg(N::from(&c.target), Targets::For)?
                }
                N::WithItem(w)
                    if w.optional_vars
                        .as_ref()
                        .is_some_and(|v| contains(v.range())) =>
                {
                    let vars = w.optional_vars.as_deref()?;
                    self.invalid_target_msg(N::from(vars), Targets::Star)?
                }
                N::StmtFor(f) if contains(f.target.range()) => {
                    self.invalid_target_msg(N::from(&*f.target), Targets::For)?
                }
                N::StmtAssign(a) => {
                    let first = self.node_tokens(node).0;
                    let eq = (first..self.scan.toks.len()).find(|&j| {
                        self.is_op(j, "=") && self.level_before(j) == self.level_before(first)
                    });
                    if let Some(e) = eq.and_then(|eq| self.named_assignment(first, eq)) {
                        return Some(Some(e));
                    }
                    self.assign_target_error(a)?
                }
                N::StmtAugAssign(a) => {
                    let target = N::from(&*a.target);
                    let msg = format!(
                        "'{}' is an illegal expression for augmented assignment",
                        expr_name(target)
                    );
                    (target, msg)
                }
                N::StmtAnnAssign(a) if has_placeholder(N::from(&*a.annotation)) => {
                    // Without an annotation only `invalid_assignment` is left: CPython stops at
                    // the `:` after a target that cannot be annotated.
                    let valid = matches!(
                        &*a.target,
                        py::Expr::Name(_) | py::Expr::Attribute(_) | py::Expr::Subscript(_)
                    );
                    if valid {
                        return None;
                    }
                    let colon = self.outer_tokens(N::from(&*a.target)).1 + 1;
                    return Some(Some(self.invalid_syntax(colon)));
                }
                N::StmtAnnAssign(a) => self.annotation_target_error(a),
                N::StmtDelete(d) => d
                    .targets
                    .iter()
                    .find_map(|t| self.invalid_target_msg(N::from(t), Targets::Del))?,
                _ => continue,
            };
            return Some(Some(self.syntax(msg, self.range_loc(bad.range()), i)));
        }
        Some(None)
    }

    /// Whether a node sits directly among a call's arguments.
    fn in_call_arguments(&self, node: py::AnyNodeRef) -> bool {
        let first = self.node_tokens(node).0;
        self.enclosing_bracket(first)
            .is_some_and(|open| self.is_op(open, "(") && self.is_call_bracket(open))
    }

    fn invalid_target_msg<'n>(
        &self,
        target: py::AnyNodeRef<'n>,
        kind: Targets,
    ) -> Option<(py::AnyNodeRef<'n>, String)> {
        let bad = invalid_target(target, kind)?;
        let verb = if kind == Targets::Del {
            "delete"
        } else {
            "assign to"
        };
        Some((bad, format!("cannot {verb} {}", expr_name(bad))))
    }

    fn assign_target_error<'n>(
        &self,
        assign: &'n py::StmtAssign,
    ) -> Option<(py::AnyNodeRef<'n>, String)> {
        use py::AnyNodeRef as N;
        assign.targets.iter().find_map(|t| {
            let (bad, msg) = self.invalid_target_msg(N::from(t), Targets::Star)?;
            if matches!(bad, N::ExprYield(_) | N::ExprYieldFrom(_)) && !self.parenthesized(bad) {
                return Some((
                    bad,
                    "assignment to yield expression not possible".to_string(),
                ));
            }
            Some((bad, msg))
        })
    }

    fn annotation_target_error<'n>(
        &self,
        ann: &'n py::StmtAnnAssign,
    ) -> (py::AnyNodeRef<'n>, String) {
        use py::AnyNodeRef as N;
        let target = N::from(&*ann.target);
        match &*ann.target {
            py::Expr::List(_) => (
                target,
                "only single target (not list) can be annotated".into(),
            ),
            py::Expr::Tuple(t) => {
                let first = match t.elts.first() {
                    Some(first) if !t.parenthesized => N::from(first),
                    _ => target,
                };
                (
                    first,
                    "only single target (not tuple) can be annotated".into(),
                )
            }
            _ => (target, "illegal target for annotation".into()),
        }
    }
}

/// Whether ruff filled a gap in the code with a placeholder (an empty name) inside `node`.
fn has_placeholder(node: py::AnyNodeRef) -> bool {
    use py::visitor::source_order::{walk_node, SourceOrderVisitor, TraversalSignal};
    struct Finder(bool);
    impl<'a> SourceOrderVisitor<'a> for Finder {
        fn enter_node(&mut self, node: py::AnyNodeRef<'a>) -> TraversalSignal {
            if let py::AnyNodeRef::ExprName(name) = node {
                self.0 |= name.id.is_empty();
            }
            if self.0 {
                TraversalSignal::Skip
            } else {
                TraversalSignal::Traverse
            }
        }
    }
    let mut finder = Finder(false);
    walk_node(&mut finder, node);
    finder.0
}

/// Which assignment-like context a target is in (`TARGETS_TYPE` in CPython).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Targets {
    Star,
    Del,
    For,
}

/// The part of a target that cannot be assigned (`_PyPegen_get_invalid_target`).
fn invalid_target(e: py::AnyNodeRef, kind: Targets) -> Option<py::AnyNodeRef> {
    use py::AnyNodeRef as N;
    match e {
        N::ExprList(l) => l.elts.iter().find_map(|x| invalid_target(N::from(x), kind)),
        N::ExprTuple(t) => t.elts.iter().find_map(|x| invalid_target(N::from(x), kind)),
        N::ExprStarred(_) if kind == Targets::Del => Some(e),
        N::ExprStarred(s) => invalid_target(N::from(&*s.value), kind),
        N::ExprCompare(c) if kind == Targets::For => {
            if c.ops.first() == Some(&py::CmpOp::In) {
                invalid_target(N::from(&*c.left), kind)
            } else {
                None
            }
        }
        N::ExprName(_) | N::ExprSubscript(_) | N::ExprAttribute(_) => None,
        _ => Some(e),
    }
}

/// CPython's name for an expression in error messages (`_PyPegen_get_expr_name`).
fn expr_name(e: py::AnyNodeRef) -> &'static str {
    use py::AnyNodeRef as N;
    match e {
        N::ExprAttribute(_) => "attribute",
        N::ExprSubscript(_) => "subscript",
        N::ExprStarred(_) => "starred",
        N::ExprName(_) => "name",
        N::ExprList(_) => "list",
        N::ExprTuple(_) => "tuple",
        N::ExprLambda(_) => "lambda",
        N::ExprCall(_) => "function call",
        N::ExprBoolOp(_) | N::ExprBinOp(_) | N::ExprUnaryOp(_) => "expression",
        N::ExprGenerator(_) => "generator expression",
        N::ExprYield(_) | N::ExprYieldFrom(_) => "yield expression",
        N::ExprAwait(_) => "await expression",
        N::ExprListComp(_) => "list comprehension",
        N::ExprSetComp(_) => "set comprehension",
        N::ExprDictComp(_) => "dict comprehension",
        N::ExprDict(_) => "dict literal",
        N::ExprSet(_) => "set display",
        N::ExprFString(_) | N::ExprTString(_) => "f-string expression",
        N::ExprNoneLiteral(_) => "None",
        N::ExprBooleanLiteral(b) if b.value => "True",
        N::ExprBooleanLiteral(_) => "False",
        N::ExprEllipsisLiteral(_) => "ellipsis",
        N::ExprCompare(_) => "comparison",
        N::ExprIf(_) => "conditional expression",
        N::ExprNamed(_) => "named expression",
        _ => "literal",
    }
}

// ---------------------------------------------------------------------------------------------
// Compile-stage checks: what CPython's symbol table and compiler reject in a parsed module
// ---------------------------------------------------------------------------------------------

/// The first compile-stage error, in CPython's order: symbol-table errors (in source order),
/// then unresolved `nonlocal`s, then compiler errors (in source order).
fn validate(source: &str, suite: &Suite) -> Result<(), ParseFailure> {
    let text = Text::new(source);
    let mut table = SymbolTable {
        text: &text,
        scopes: vec![Scope::new(ScopeKind::Module)],
        stack: vec![0],
        module_global_annotation: None,
    };
    table.suite(suite).map_err(ParseFailure::Syntax)?;
    table
        .check_nonlocals(0, &[])
        .map_err(ParseFailure::Syntax)?;
    let mut compiler = CompileCheck {
        text: &text,
        in_function: false,
        loops: 0,
    };
    compiler.suite(suite).map_err(ParseFailure::Syntax)?;
    future_imports(&text, suite).map_err(ParseFailure::Syntax)?;
    if let Some(range) = table.module_global_annotation {
        return Err(ParseFailure::Unsupported(Unsupported {
            construct: "global at module level with annotation".into(),
            range,
        }));
    }
    Ok(())
}

impl Text {
    /// A SyntaxError underlining a node.
    fn node_error(&self, msg: impl Into<String>, range: Range) -> SyntaxError {
        let start = self.norm_pos(range.start as usize);
        let end = self.norm_pos(range.end as usize);
        self.error("SyntaxError", msg, self.span(start, end))
    }
}

type Check = Result<(), SyntaxError>;

const DEF_PARAM: u8 = 1;
const DEF_LOCAL: u8 = 2;
const USE: u8 = 4;
const DEF_ANNOT: u8 = 8;
const DEF_GLOBAL: u8 = 16;
const DEF_NONLOCAL: u8 = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScopeKind {
    Module,
    Function,
    Class,
    /// A comprehension, named as in "'yield' inside list comprehension".
    Comprehension(&'static str),
}

struct Scope {
    kind: ScopeKind,
    /// Symbol flags in order of first appearance.
    symbols: Vec<(String, u8)>,
    /// Where each symbol is in `symbols`.
    index: std::collections::HashMap<String, usize>,
    /// `global` and `nonlocal` statements naming each symbol.
    directives: Vec<(String, Range)>,
    children: Vec<usize>,
}

impl Scope {
    fn new(kind: ScopeKind) -> Scope {
        Scope {
            kind,
            symbols: Vec::new(),
            index: std::collections::HashMap::new(),
            directives: Vec::new(),
            children: Vec::new(),
        }
    }

    fn flags(&self, name: &str) -> u8 {
        self.index.get(name).map_or(0, |&i| self.symbols[i].1)
    }
}

/// CPython's symtable.c checks.
struct SymbolTable<'t> {
    text: &'t Text,
    scopes: Vec<Scope>,
    stack: Vec<usize>,
    /// `global x` then `x: T` at module level (valid Python, not modelled).
    module_global_annotation: Option<Range>,
}

impl SymbolTable<'_> {
    fn current(&mut self) -> &mut Scope {
        let idx = self.stack.last().copied().unwrap_or(0);
        &mut self.scopes[idx]
    }

    fn add(&mut self, name: &str, flag: u8, range: Range) -> Check {
        let scope = self.current();
        match scope.index.get(name) {
            Some(&i) => {
                let flags = &mut scope.symbols[i].1;
                if flag & DEF_PARAM != 0 && *flags & DEF_PARAM != 0 {
                    let msg = format!("duplicate argument '{name}' in function definition");
                    return Err(self.text.node_error(msg, range));
                }
                *flags |= flag;
            }
            None => {
                scope.index.insert(name.to_string(), scope.symbols.len());
                scope.symbols.push((name.to_string(), flag));
            }
        }
        Ok(())
    }

    fn enter(&mut self, kind: ScopeKind) {
        let idx = self.scopes.len();
        self.scopes.push(Scope::new(kind));
        self.current().children.push(idx);
        self.stack.push(idx);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    fn suite(&mut self, suite: &Suite) -> Check {
        suite.iter().try_for_each(|s| self.stmt(s))
    }

    /// Small helpers per kind keep the recursion's stack frames small.
    fn stmt(&mut self, stmt: &Stmt) -> Check {
        match &stmt.kind {
            StmtKind::FunctionDef(def) => self.function_def(def, stmt.range),
            StmtKind::ClassDef(class) => self.class_def(class, stmt.range),
            StmtKind::Return(value) => self.opt_expr(value.as_ref()),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.target(t)),
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(|t| self.target(t))?;
                self.expr(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target)?;
                self.expr(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                simple,
            } => {
                self.ann_assign(stmt.range, target, value.is_some(), *simple)?;
                self.expr(annotation)?;
                self.opt_expr(value.as_ref())
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.target(target)?;
                self.expr(iter)?;
                self.blocks(&[body, orelse])
            }
            StmtKind::While { test, body, orelse } | StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.blocks(&[body, orelse])
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for c in cases {
                    c.pattern
                        .exprs()
                        .into_iter()
                        .try_for_each(|e| self.expr(e))?;
                    self.opt_expr(c.guard.as_ref())?;
                    self.blocks(&[&c.body])?;
                }
                Ok(())
            }
            StmtKind::With { items, body } => self.with(items, body),
            StmtKind::Raise { exc, cause } => {
                self.opt_expr(exc.as_ref())?;
                self.opt_expr(cause.as_ref())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, &[orelse, finalbody]),
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt_expr(msg.as_ref())
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                names.iter().try_for_each(|a| self.import_alias(a))
            }
            StmtKind::Global(names) => names.iter().try_for_each(|n| self.global(n, stmt.range)),
            StmtKind::Nonlocal(names) => {
                names.iter().try_for_each(|n| self.nonlocal(n, stmt.range))
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => Ok(()),
        }
    }

    fn blocks(&mut self, suites: &[&Suite]) -> Check {
        suites.iter().try_for_each(|s| self.suite(s))
    }

    fn function_def(&mut self, def: &FunctionDef, range: Range) -> Check {
        self.add(&def.name, DEF_LOCAL, range)?;
        self.defaults(&def.params)?;
        self.exprs(&def.decorators)?;
        self.enter(ScopeKind::Function);
        self.params(&def.params)?;
        self.suite(&def.body)?;
        self.exit();
        Ok(())
    }

    fn class_def(&mut self, class: &ClassDef, range: Range) -> Check {
        self.add(&class.name, DEF_LOCAL, range)?;
        self.exprs(&class.bases)?;
        class
            .keywords
            .iter()
            .try_for_each(|k| self.expr(&k.value))?;
        self.exprs(&class.decorators)?;
        self.enter(ScopeKind::Class);
        self.suite(&class.body)?;
        self.exit();
        Ok(())
    }

    fn with(&mut self, items: &[WithItem], body: &Suite) -> Check {
        for item in items {
            self.expr(&item.context)?;
            if let Some(t) = &item.target {
                self.target(t)?;
            }
        }
        self.suite(body)
    }

    fn try_stmt(&mut self, body: &Suite, handlers: &[ExceptHandler], rest: &[&Suite]) -> Check {
        self.suite(body)?;
        for h in handlers {
            self.opt_expr(h.typ.as_ref())?;
            if let Some(name) = &h.name {
                self.add(name, DEF_LOCAL, h.range)?;
            }
            self.suite(&h.body)?;
        }
        self.blocks(rest)
    }

    fn ann_assign(&mut self, range: Range, target: &Expr, has_value: bool, simple: bool) -> Check {
        let ExprKind::Name(name) = &target.kind else {
            return self.target(target);
        };
        let flags = self.current().flags(name);
        let is_module = self.current().kind == ScopeKind::Module;
        if flags & (DEF_GLOBAL | DEF_NONLOCAL) != 0 && simple {
            if is_module {
                self.module_global_annotation.get_or_insert(range);
            } else {
                let what = if flags & DEF_GLOBAL != 0 {
                    "global"
                } else {
                    "nonlocal"
                };
                let msg = format!("annotated name '{name}' can't be {what}");
                return Err(self.text.node_error(msg, range));
            }
        }
        if simple {
            self.add(name, DEF_ANNOT | DEF_LOCAL, target.range)
        } else if has_value {
            self.add(name, DEF_LOCAL, target.range)
        } else {
            Ok(())
        }
    }

    fn import_alias(&mut self, alias: &Alias) -> Check {
        if alias.name == "*" {
            if self.current().kind != ScopeKind::Module {
                return Err(self
                    .text
                    .node_error("import * only allowed at module level", alias.range));
            }
            return Ok(());
        }
        let bound = match &alias.asname {
            Some(asname) => asname.as_str(),
            None => alias.name.split('.').next().unwrap_or(""),
        };
        self.add(bound, DEF_LOCAL, alias.range)
    }

    fn global(&mut self, name: &str, range: Range) -> Check {
        let flags = self.current().flags(name);
        if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
            let msg = if flags & DEF_PARAM != 0 {
                format!("name '{name}' is parameter and global")
            } else if flags & USE != 0 {
                format!("name '{name}' is used prior to global declaration")
            } else if flags & DEF_ANNOT != 0 {
                format!("annotated name '{name}' can't be global")
            } else {
                format!("name '{name}' is assigned to before global declaration")
            };
            return Err(self.text.node_error(msg, range));
        }
        self.current().directives.push((name.to_string(), range));
        self.add(name, DEF_GLOBAL, range)
    }

    fn nonlocal(&mut self, name: &str, range: Range) -> Check {
        if self.current().kind == ScopeKind::Module {
            return Err(self
                .text
                .node_error("nonlocal declaration not allowed at module level", range));
        }
        let flags = self.current().flags(name);
        if flags & (DEF_PARAM | DEF_LOCAL | USE | DEF_ANNOT) != 0 {
            let msg = if flags & DEF_PARAM != 0 {
                format!("name '{name}' is parameter and nonlocal")
            } else if flags & USE != 0 {
                format!("name '{name}' is used prior to nonlocal declaration")
            } else if flags & DEF_ANNOT != 0 {
                format!("annotated name '{name}' can't be nonlocal")
            } else {
                format!("name '{name}' is assigned to before nonlocal declaration")
            };
            return Err(self.text.node_error(msg, range));
        }
        self.current().directives.push((name.to_string(), range));
        self.add(name, DEF_NONLOCAL, range)
    }

    /// Default values are evaluated in the enclosing scope.
    fn defaults(&mut self, params: &Parameters) -> Check {
        param_defaults(params).try_for_each(|d| self.expr(d))
    }

    fn params(&mut self, params: &Parameters) -> Check {
        let all = params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(&params.kwonly)
            .chain(params.vararg.as_ref())
            .chain(params.kwarg.as_ref());
        // CPython adds positional, keyword-only, then `*args` and `**kwargs`.
        let (star, plain): (Vec<&Param>, Vec<&Param>) = all.partition(|p| {
            params.vararg.as_ref().is_some_and(|v| std::ptr::eq(v, *p))
                || params.kwarg.as_ref().is_some_and(|k| std::ptr::eq(k, *p))
        });
        for p in plain.into_iter().chain(star) {
            self.add(&p.name, DEF_PARAM, p.range)?;
        }
        Ok(())
    }

    fn opt_expr(&mut self, expr: Option<&Expr>) -> Check {
        expr.map_or(Ok(()), |e| self.expr(e))
    }

    fn exprs(&mut self, exprs: &[Expr]) -> Check {
        exprs.iter().try_for_each(|e| self.expr(e))
    }

    /// An assignment (or `del`) target: names are bound, the rest is evaluated.
    fn target(&mut self, target: &Expr) -> Check {
        match &target.kind {
            ExprKind::Name(name) => self.add(name, DEF_LOCAL, target.range),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                elts.iter().try_for_each(|e| self.target(e))
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expr(target),
        }
    }

    fn expr(&mut self, expr: &Expr) -> Check {
        match &expr.kind {
            ExprKind::Name(name) => self.add(name, USE, expr.range),
            ExprKind::Named { target, value } => {
                self.expr(value)?;
                // The target binds in the nearest scope that is not a comprehension.
                let scope = self
                    .stack
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| !matches!(self.scopes[i].kind, ScopeKind::Comprehension(_)))
                    .unwrap_or(0);
                let saved = std::mem::replace(&mut self.stack, vec![scope]);
                let result = self.add(target, DEF_LOCAL, expr.range);
                self.stack = saved;
                result
            }
            ExprKind::Lambda { params, body } => {
                self.defaults(params)?;
                self.enter(ScopeKind::Function);
                self.params(params)?;
                self.expr(body)?;
                self.exit();
                Ok(())
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension("list comprehension", generators, &[elt])
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension("set comprehension", generators, &[elt])
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension("generator expression", generators, &[elt])
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension("dict comprehension", generators, &[key, value]),
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                if let ScopeKind::Comprehension(what) = self.current().kind {
                    let msg = format!("'yield' inside {what}");
                    return Err(self.text.node_error(msg, expr.range));
                }
                children(expr).into_iter().try_for_each(|e| self.expr(e))
            }
            _ => children(expr).into_iter().try_for_each(|e| self.expr(e)),
        }
    }

    fn comprehension(
        &mut self,
        what: &'static str,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> Check {
        let Some((first, _)) = generators.split_first() else {
            return Ok(());
        };
        self.expr(&first.iter)?;
        self.enter(ScopeKind::Comprehension(what));
        for (i, g) in generators.iter().enumerate() {
            self.target(&g.target)?;
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.exprs(&g.ifs)?;
        }
        for e in elts {
            self.expr(e)?;
        }
        self.exit();
        Ok(())
    }

    /// The analysis after the table is built: `nonlocal x` needs `x` bound in an enclosing
    /// function (`bound`), and cannot also be `global`.
    fn check_nonlocals(&self, idx: usize, bound: &[String]) -> Check {
        let scope = &self.scopes[idx];
        for (name, flags) in &scope.symbols {
            let directive = || {
                let found = scope.directives.iter().find(|(n, _)| n == name);
                found.map_or(Range::default(), |(_, r)| *r)
            };
            if flags & DEF_GLOBAL != 0 && flags & DEF_NONLOCAL != 0 {
                let msg = format!("name '{name}' is nonlocal and global");
                return Err(self.text.node_error(msg, directive()));
            }
            if flags & DEF_NONLOCAL != 0 && !bound.contains(name) {
                let msg = format!("no binding for nonlocal '{name}' found");
                return Err(self.text.node_error(msg, directive()));
            }
        }
        let mut inner: Vec<String> = match scope.kind {
            ScopeKind::Module => Vec::new(),
            _ => bound.to_vec(),
        };
        let globals = scope.symbols.iter().filter(|(_, f)| f & DEF_GLOBAL != 0);
        let globals: Vec<&String> = globals.map(|(n, _)| n).collect();
        inner.retain(|n| !globals.contains(&n));
        if matches!(
            scope.kind,
            ScopeKind::Function | ScopeKind::Comprehension(_)
        ) {
            for (name, flags) in &scope.symbols {
                let binds = flags & (DEF_PARAM | DEF_LOCAL) != 0;
                if binds && flags & (DEF_GLOBAL | DEF_NONLOCAL) == 0 {
                    inner.push(name.clone());
                }
            }
        }
        scope
            .children
            .iter()
            .try_for_each(|&child| self.check_nonlocals(child, &inner))
    }
}

/// The direct sub-expressions of `expr`, in evaluation order. (Collected into a list so
/// the recursive passes keep small stack frames.)
fn children(expr: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    match &expr.kind {
        ExprKind::BoolOp { values, .. } => out.extend(values),
        ExprKind::Named { value, .. } => out.push(&**value),
        ExprKind::BinOp { left, right, .. } => out.extend([&**left, &**right]),
        ExprKind::UnaryOp { operand, .. } => out.push(&**operand),
        ExprKind::Lambda { params, body } => {
            out.extend(param_defaults(params));
            out.push(&**body);
        }
        ExprKind::IfExp { test, body, orelse } => out.extend([&**test, &**body, &**orelse]),
        ExprKind::Dict { keys, values } => {
            for (k, v) in keys.iter().zip(values) {
                out.extend(k.as_ref());
                out.push(v);
            }
        }
        ExprKind::Set(elts) | ExprKind::List(elts) | ExprKind::Tuple(elts) => out.extend(elts),
        ExprKind::ListComp { elt, generators }
        | ExprKind::SetComp { elt, generators }
        | ExprKind::GeneratorExp { elt, generators } => {
            comprehension_children(generators, &mut out);
            out.push(&**elt);
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            comprehension_children(generators, &mut out);
            out.extend([&**key, &**value]);
        }
        ExprKind::Yield(value) => out.extend(value.as_deref()),
        ExprKind::YieldFrom(value) | ExprKind::Starred(value) => out.push(&**value),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            out.push(&**left);
            out.extend(comparators);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            out.push(&**func);
            out.extend(args);
            out.extend(keywords.iter().map(|k| &k.value));
        }
        ExprKind::FString(parts) => fstring_children(parts, &mut out),
        ExprKind::Attribute { value, .. } => out.push(&**value),
        ExprKind::Subscript { value, slice } => out.extend([&**value, &**slice]),
        ExprKind::Slice { lower, upper, step } => {
            out.extend([lower, upper, step].into_iter().flatten().map(|b| &**b));
        }
        ExprKind::Constant(_) | ExprKind::Name(_) => {}
    }
    out
}

fn comprehension_children<'e>(generators: &'e [Comprehension], out: &mut Vec<&'e Expr>) {
    for g in generators {
        out.extend([&g.iter, &g.target]);
        out.extend(&g.ifs);
    }
}

fn fstring_children<'e>(parts: &'e [FStringPart], out: &mut Vec<&'e Expr>) {
    for part in parts {
        if let FStringPart::Formatted {
            value, format_spec, ..
        } = part
        {
            out.push(&**value);
            if let Some(spec) = format_spec {
                fstring_children(spec, out);
            }
        }
    }
}

/// The default values of a parameter list, in evaluation order.
fn param_defaults(params: &Parameters) -> impl Iterator<Item = &Expr> {
    params
        .posonly
        .iter()
        .chain(&params.args)
        .chain(&params.kwonly)
        .filter_map(|p| p.default.as_ref())
}

/// CPython's compile.c checks.
struct CompileCheck<'t> {
    text: &'t Text,
    in_function: bool,
    /// Loops enclosing the current statement within the current function or class body.
    loops: usize,
}

impl CompileCheck<'_> {
    fn suite(&mut self, suite: &Suite) -> Check {
        suite.iter().try_for_each(|s| self.stmt(s))
    }

    /// Checks a function, class or lambda body with its own loop context.
    fn nested(&mut self, in_function: bool, f: impl FnOnce(&mut Self) -> Check) -> Check {
        let saved = (self.in_function, self.loops);
        self.in_function = in_function;
        self.loops = 0;
        let result = f(self);
        (self.in_function, self.loops) = saved;
        result
    }

    fn debug_name(&self, name: &str, deleting: bool, range: Range) -> Check {
        if name != "__debug__" {
            return Ok(());
        }
        let msg = if deleting {
            "cannot delete __debug__"
        } else {
            "cannot assign to __debug__"
        };
        Err(self.text.node_error(msg, range))
    }

    /// Small helpers per kind keep the recursion's stack frames small.
    fn stmt(&mut self, stmt: &Stmt) -> Check {
        let range = stmt.range;
        match &stmt.kind {
            StmtKind::FunctionDef(def) => self.function_def(def, range),
            StmtKind::ClassDef(class) => self.class_def(class, range),
            StmtKind::Return(value) => {
                if !self.in_function {
                    return Err(self.text.node_error("'return' outside function", range));
                }
                self.opt_expr(value.as_ref())
            }
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.del_target(t)),
            StmtKind::Assign { targets, value } => {
                self.expr(value)?;
                targets.iter().try_for_each(|t| self.store(t))
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.store(target)?;
                self.expr(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
                ..
            } => {
                self.opt_expr(value.as_ref())?;
                self.store(target)?;
                self.expr(annotation)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter)?;
                self.store(target)?;
                self.loop_body(body)?;
                self.suite(orelse)
            }
            StmtKind::While { test, body, orelse } => {
                self.expr(test)?;
                self.loop_body(body)?;
                self.suite(orelse)
            }
            StmtKind::If { test, body, orelse } => {
                self.expr(test)?;
                self.suite(body)?;
                self.suite(orelse)
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject)?;
                for (i, c) in cases.iter().enumerate() {
                    c.pattern
                        .exprs()
                        .into_iter()
                        .try_for_each(|e| self.expr(e))?;
                    // compiler_match: only the last case may be irrefutable without a guard
                    if i + 1 < cases.len() && c.guard.is_none() {
                        if let Pattern::As {
                            pattern: None,
                            name,
                        } = &c.pattern
                        {
                            let msg = match name {
                                Some(n) => format!(
                                    "name capture '{n}' makes remaining patterns unreachable"
                                ),
                                None => "wildcard makes remaining patterns unreachable".to_string(),
                            };
                            return Err(self.text.node_error(&msg, range));
                        }
                    }
                    self.opt_expr(c.guard.as_ref())?;
                    self.suite(&c.body)?;
                }
                Ok(())
            }
            StmtKind::With { items, body } => self.with(items, body),
            StmtKind::Raise { exc, cause } => {
                self.opt_expr(exc.as_ref())?;
                self.opt_expr(cause.as_ref())
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.try_stmt(body, handlers, orelse, finalbody),
            StmtKind::Assert { test, msg } => {
                self.expr(test)?;
                self.opt_expr(msg.as_ref())
            }
            StmtKind::Import(names) | StmtKind::ImportFrom { names, .. } => {
                names.iter().try_for_each(|alias| {
                    let bound = alias.asname.as_deref().unwrap_or(&alias.name);
                    self.debug_name(bound, false, range)
                })
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Break if self.loops == 0 => {
                Err(self.text.node_error("'break' outside loop", range))
            }
            StmtKind::Continue if self.loops == 0 => Err(self
                .text
                .node_error("'continue' not properly in loop", range)),
            StmtKind::Global(_)
            | StmtKind::Nonlocal(_)
            | StmtKind::Pass
            | StmtKind::Break
            | StmtKind::Continue => Ok(()),
        }
    }

    fn function_def(&mut self, def: &FunctionDef, range: Range) -> Check {
        self.exprs(&def.decorators)?;
        self.defaults(&def.params)?;
        self.params_debug(&def.params, range)?;
        self.debug_name(&def.name, false, range)?;
        self.nested(true, |c| c.suite(&def.body))
    }

    /// The body runs before the bases and keywords are checked (CPython compiles it first).
    fn class_def(&mut self, class: &ClassDef, range: Range) -> Check {
        self.exprs(&class.decorators)?;
        self.nested(false, |c| c.suite(&class.body))?;
        self.debug_name(&class.name, false, range)?;
        self.call_args(&class.bases, &class.keywords, range)
    }

    fn with(&mut self, items: &[WithItem], body: &Suite) -> Check {
        for item in items {
            self.expr(&item.context)?;
            if let Some(t) = &item.target {
                self.store(t)?;
            }
        }
        self.suite(body)
    }

    fn try_stmt(
        &mut self,
        body: &Suite,
        handlers: &[ExceptHandler],
        orelse: &Suite,
        finalbody: &Suite,
    ) -> Check {
        self.suite(body)?;
        for h in handlers {
            self.opt_expr(h.typ.as_ref())?;
            if let Some(name) = &h.name {
                self.debug_name(name, false, h.range)?;
            }
            self.suite(&h.body)?;
        }
        self.suite(orelse)?;
        self.suite(finalbody)
    }

    fn loop_body(&mut self, body: &Suite) -> Check {
        self.loops += 1;
        let result = self.suite(body);
        self.loops -= 1;
        result
    }

    fn defaults(&mut self, params: &Parameters) -> Check {
        param_defaults(params).try_for_each(|d| self.expr(d))
    }

    fn params_debug(&self, params: &Parameters, range: Range) -> Check {
        let all = params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(&params.kwonly);
        let all = all
            .chain(params.vararg.as_ref())
            .chain(params.kwarg.as_ref());
        for p in all {
            self.debug_name(&p.name, false, range)?;
        }
        Ok(())
    }

    fn opt_expr(&mut self, expr: Option<&Expr>) -> Check {
        expr.map_or(Ok(()), |e| self.expr(e))
    }

    fn exprs(&mut self, exprs: &[Expr]) -> Check {
        exprs.iter().try_for_each(|e| self.expr(e))
    }

    fn store(&mut self, target: &Expr) -> Check {
        match &target.kind {
            ExprKind::Name(name) => self.debug_name(name, false, target.range),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                let mut starred = elts
                    .iter()
                    .filter(|e| matches!(e.kind, ExprKind::Starred(_)));
                if starred.nth(1).is_some() {
                    return Err(self
                        .text
                        .node_error("multiple starred expressions in assignment", target.range));
                }
                for elt in elts {
                    match &elt.kind {
                        ExprKind::Starred(inner) => self.store(inner)?,
                        _ => self.store(elt)?,
                    }
                }
                Ok(())
            }
            ExprKind::Starred(_) => Err(self.text.node_error(
                "starred assignment target must be in a list or tuple",
                target.range,
            )),
            ExprKind::Attribute { value, attr } => {
                self.expr(value)?;
                self.debug_name(attr, false, target.range)
            }
            _ => self.expr(target),
        }
    }

    fn del_target(&mut self, target: &Expr) -> Check {
        match &target.kind {
            ExprKind::Name(name) => self.debug_name(name, true, target.range),
            ExprKind::Tuple(elts) | ExprKind::List(elts) => {
                elts.iter().try_for_each(|e| self.del_target(e))
            }
            _ => self.expr(target),
        }
    }

    /// Positional arguments (where `*x` is allowed) and keywords.
    fn call_args(&mut self, args: &[Expr], keywords: &[Keyword], range: Range) -> Check {
        // For each keyword, the next one with the same name (CPython checks them in order).
        let mut next_same = vec![None; keywords.len()];
        let mut seen = std::collections::HashMap::new();
        for (i, k) in keywords.iter().enumerate().rev() {
            if let Some(arg) = &k.arg {
                next_same[i] = seen.insert(arg.as_str(), i);
            }
        }
        for (k, next) in keywords.iter().zip(next_same) {
            let Some(arg) = &k.arg else { continue };
            self.debug_name(arg, false, range)?;
            if let Some(dup) = next.map(|j| &keywords[j]) {
                let msg = format!("keyword argument repeated: {arg}");
                return Err(self.text.node_error(msg, dup.range));
            }
        }
        self.elements(args)?;
        keywords.iter().try_for_each(|k| self.expr(&k.value))
    }

    /// Elements of a display or call, where `*x` is allowed.
    fn elements(&mut self, elts: &[Expr]) -> Check {
        for e in elts {
            match &e.kind {
                ExprKind::Starred(inner) => self.expr(inner)?,
                _ => self.expr(e)?,
            }
        }
        Ok(())
    }

    fn expr(&mut self, expr: &Expr) -> Check {
        match &expr.kind {
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) if !self.in_function => {
                Err(self.text.node_error("'yield' outside function", expr.range))
            }
            ExprKind::Starred(_) => Err(self
                .text
                .node_error("can't use starred expression here", expr.range)),
            ExprKind::Named { target, value } => {
                self.expr(value)?;
                self.debug_name(target, false, expr.range)
            }
            ExprKind::Lambda { params, body } => {
                self.defaults(params)?;
                self.params_debug(params, expr.range)?;
                self.nested(true, |c| c.expr(body))
            }
            ExprKind::Set(elts) | ExprKind::List(elts) | ExprKind::Tuple(elts) => {
                self.elements(elts)
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func)?;
                self.call_args(args, keywords, expr.range)
            }
            ExprKind::ListComp { .. }
            | ExprKind::SetComp { .. }
            | ExprKind::GeneratorExp { .. }
            | ExprKind::DictComp { .. } => self.comprehension(expr),
            _ => children(expr).into_iter().try_for_each(|e| self.expr(e)),
        }
    }

    /// The first iterable is evaluated outside; the rest runs in its own function.
    fn comprehension(&mut self, expr: &Expr) -> Check {
        let (generators, elts): (&[Comprehension], Vec<&Expr>) = match &expr.kind {
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => (generators, vec![elt]),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => (generators, vec![key, value]),
            _ => return Ok(()),
        };
        let Some(first) = generators.first() else {
            return Ok(());
        };
        self.expr(&first.iter)?;
        self.nested(true, |c| {
            for (i, g) in generators.iter().enumerate() {
                if i > 0 {
                    c.expr(&g.iter)?;
                }
                c.store(&g.target)?;
                c.exprs(&g.ifs)?;
            }
            elts.into_iter().try_for_each(|e| c.expr(e))
        })
    }
}

const FUTURE_FEATURES: [&str; 10] = [
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

/// `from __future__ import ...`: only at the top (after a docstring), known features only.
fn future_imports(text: &Text, suite: &Suite) -> Check {
    let mut at_top = true;
    for (i, stmt) in suite.iter().enumerate() {
        let is_docstring = i == 0
            && matches!(
                &stmt.kind,
                StmtKind::Expr(Expr {
                    kind: ExprKind::Constant(Constant::Str(_)),
                    ..
                })
            );
        match &stmt.kind {
            StmtKind::ImportFrom {
                module: Some(m),
                names,
                level: 0,
            } if m == "__future__" => {
                if !at_top {
                    let msg = "from __future__ imports must occur at the beginning of the file";
                    return Err(text.node_error(msg, stmt.range));
                }
                for alias in names {
                    let msg = if alias.name == "braces" {
                        "not a chance".to_string()
                    } else if FUTURE_FEATURES.contains(&alias.name.as_str()) {
                        continue;
                    } else {
                        format!("future feature {} is not defined", alias.name)
                    };
                    let start = text.norm_pos(stmt.range.start as usize);
                    return Err(text.error("SyntaxError", msg, text.at(start)));
                }
            }
            _ if is_docstring => {}
            _ => at_top = false,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Suite {
        match parse_module(src) {
            Ok(suite) => suite,
            Err(e) => panic!("{src:?} should parse: {e:?}"),
        }
    }

    fn syntax_error(src: &str) -> SyntaxError {
        match parse_module(src) {
            Err(ParseFailure::Syntax(e)) => e,
            other => panic!("{src:?} should be a syntax error, got {other:?}"),
        }
    }

    fn unsupported_construct(src: &str) -> String {
        match parse_module(src) {
            Err(ParseFailure::Unsupported(u)) => u.construct,
            other => panic!("{src:?} should be unsupported, got {other:?}"),
        }
    }

    fn text(src: &str, range: Range) -> &str {
        &src[range.start as usize..range.end as usize]
    }

    fn name(e: &Expr) -> &str {
        match &e.kind {
            ExprKind::Name(n) => n,
            other => panic!("expected a name, got {other:?}"),
        }
    }

    fn int(e: &Expr) -> BigInt {
        match &e.kind {
            ExprKind::Constant(Constant::Int(i)) => i.clone(),
            other => panic!("expected an int, got {other:?}"),
        }
    }

    /// Each source with what `python3.11 x.py` prints for it (recorded from CPython 3.11.7).
    const CPYTHON_ERRORS: &[(&str, &str)] = &[
        // Missing ':' (invalid_*_stmt rules and forced tokens).
        ("if x\n    pass\n", "  File \"x.py\", line 1\n    if x\n        ^\nSyntaxError: expected ':'\n"),
        ("while x\n    pass\n", "  File \"x.py\", line 1\n    while x\n           ^\nSyntaxError: expected ':'\n"),
        ("for i in range(3)\n    print(i)\n", "  File \"x.py\", line 1\n    for i in range(3)\n                     ^\nSyntaxError: expected ':'\n"),
        ("def f()\n    pass\n", "  File \"x.py\", line 1\n    def f()\n           ^\nSyntaxError: expected ':'\n"),
        ("class A\n    pass\n", "  File \"x.py\", line 1\n    class A\n           ^\nSyntaxError: expected ':'\n"),
        ("try\n    pass\nexcept:\n    pass\n", "  File \"x.py\", line 1\n    try\n       ^\nSyntaxError: expected ':'\n"),
        ("if x:\n    pass\nelse\n    pass\n", "  File \"x.py\", line 3\n    else\n        ^\nSyntaxError: expected ':'\n"),
        ("with open(f) as g\n    pass\n", "  File \"x.py\", line 1\n    with open(f) as g\n                     ^\nSyntaxError: expected ':'\n"),
        ("if x  # comment\n    pass\n", "  File \"x.py\", line 1\n    if x  # comment\n          ^^^^^^^^^\nSyntaxError: expected ':'\n"),
        ("def test()->\n    pass\n", "  File \"x.py\", line 1\n    def test()->\n              ^^\nSyntaxError: expected ':'\n"),
        // Brackets.
        ("x = (1,\ny = 2\n", "  File \"x.py\", line 1\n    x = (1,\n        ^\nSyntaxError: '(' was never closed\n"),
        ("x = [1, 2, 3\n", "  File \"x.py\", line 1\n    x = [1, 2, 3\n        ^\nSyntaxError: '[' was never closed\n"),
        ("print(x\n", "  File \"x.py\", line 1\n    print(x\n         ^\nSyntaxError: '(' was never closed\n"),
        ("d = {'a': 1\n", "  File \"x.py\", line 1\n    d = {'a': 1\n        ^\nSyntaxError: '{' was never closed\n"),
        ("x = )\n", "  File \"x.py\", line 1\n    x = )\n        ^\nSyntaxError: unmatched ')'\n"),
        ("x = [1, 2]]\n", "  File \"x.py\", line 1\n    x = [1, 2]]\n              ^\nSyntaxError: unmatched ']'\n"),
        ("x = (1, 2]\n", "  File \"x.py\", line 1\n    x = (1, 2]\n             ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '('\n"),
        ("x = (\n    1]\n", "  File \"x.py\", line 2\n    1]\n     ^\nSyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1\n"),
        ("x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n", "  File \"x.py\", line 1\n    x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((()))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n                                                                                                                                                                                                                ^\nSyntaxError: too many nested parentheses\n"),
        // Indentation.
        ("if x:\npass\n", "  File \"x.py\", line 2\n    pass\n    ^\nIndentationError: expected an indented block after 'if' statement on line 1\n"),
        ("def f():\nreturn 1\n", "  File \"x.py\", line 2\n    return 1\n    ^\nIndentationError: expected an indented block after function definition on line 1\n"),
        ("for i in y:\nprint(i)\n", "  File \"x.py\", line 2\n    print(i)\n    ^\nIndentationError: expected an indented block after 'for' statement on line 1\n"),
        ("while x:\n\nx()\n", "  File \"x.py\", line 3\n    x()\n    ^\nIndentationError: expected an indented block after 'while' statement on line 1\n"),
        ("try:\nx()\nexcept:\n    pass\n", "  File \"x.py\", line 2\n    x()\n    ^\nIndentationError: expected an indented block after 'try' statement on line 1\n"),
        ("class A:\n", "  File \"x.py\", line 1\n    class A:\nIndentationError: expected an indented block after class definition on line 1\n"),
        ("if x:\n    pass\nelse:\n", "  File \"x.py\", line 3\n    else:\nIndentationError: expected an indented block after 'else' statement on line 3\n"),
        ("x = 1\n    y = 2\n", "  File \"x.py\", line 2\n    y = 2\nIndentationError: unexpected indent\n"),
        ("if x:\n    a = 1\n  b = 2\n", "  File \"x.py\", line 3\n    b = 2\n         ^\nIndentationError: unindent does not match any outer indentation level\n"),
        ("if x:\n\ta = 1\n        b = 2\n", "  File \"x.py\", line 3\n    b = 2\nTabError: inconsistent use of tabs and spaces in indentation\n"),
        ("def f():\n    if x:\n    y = 1\n", "  File \"x.py\", line 3\n    y = 1\n    ^\nIndentationError: expected an indented block after 'if' statement on line 2\n"),
        // Strings and bytes.
        ("s = 'abc\n", "  File \"x.py\", line 1\n    s = 'abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("s = \"abc\nx = 1\n", "  File \"x.py\", line 1\n    s = \"abc\n        ^\nSyntaxError: unterminated string literal (detected at line 1)\n"),
        ("s = '''abc\n\nx\n", "  File \"x.py\", line 1\n    s = '''abc\n        ^\nSyntaxError: unterminated triple-quoted string literal (detected at line 3)\n"),
        ("x = b'a' 'b'\n", "  File \"x.py\", line 1\n    x = b'a' 'b'\n                ^\nSyntaxError: cannot mix bytes and nonbytes literals\n"),
        ("x = b'\u{e9}'\n", "  File \"x.py\", line 1\n    x = b'\u{e9}'\n        ^^^^^\nSyntaxError: bytes can only contain ASCII literal characters\n"),
        ("x = '\\N{foo}'\n", "  File \"x.py\", line 1\n    x = '\\N{foo}'\n                 ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-6: unknown Unicode character name\n"),
        ("x = '\\x1'\n", "  File \"x.py\", line 1\n    x = '\\x1'\n             ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape\n"),
        ("x = b'\\x1'\n", "  File \"x.py\", line 1\n    x = b'\\x1'\n              ^\nSyntaxError: (value error) invalid \\x escape at position 0\n"),
        ("x = '\\U12345678'\n", "  File \"x.py\", line 1\n    x = '\\U12345678'\n                    ^\nSyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character\n"),
        // f-strings (3.11 reports expression errors on the text `(expr)`).
        ("x = f'{a b}'\n", "  File \"x.py\", line 1\n    (a b)\n     ^^^\nSyntaxError: f-string: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = f'{}'\n", "  File \"x.py\", line 1\n    x = f'{}'\n             ^\nSyntaxError: f-string: empty expression not allowed\n"),
        ("x = f'{a!x}'\n", "  File \"x.py\", line 1\n    x = f'{a!x}'\n                ^\nSyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'\n"),
        ("x = f'{a'\n", "  File \"x.py\", line 1\n    x = f'{a'\n             ^\nSyntaxError: f-string: expecting '}'\n"),
        ("x = f'}'\n", "  File \"x.py\", line 1\n    x = f'}'\n            ^\nSyntaxError: f-string: single '}' is not allowed\n"),
        ("x = f'{a#}'\n", "  File \"x.py\", line 1\n    x = f'{a#}'\n               ^\nSyntaxError: f-string expression part cannot include '#'\n"),
        ("x = f'{\\n}'\n", "  File \"x.py\", line 1\n    x = f'{\\n}'\n               ^\nSyntaxError: f-string expression part cannot include a backslash\n"),
        ("x = f'{*a}'\n", "  File \"x.py\", line 1\n    (*a)\n     ^^\nSyntaxError: f-string: cannot use starred expression here\n"),
        ("x = f'{a:{b:{c}}}'\n", "  File \"x.py\", line 1\n    x = f'{a:{b:{c}}}'\n                      ^\nSyntaxError: f-string: expressions nested too deeply\n"),
        ("x = f'{)}'\n", "  File \"x.py\", line 1\n    x = f'{)}'\n              ^\nSyntaxError: f-string: unmatched ')'\n"),
        ("x = f'{1abc}'\n", "  File \"x.py\", line 1\n    (1abc)\n     ^\nSyntaxError: invalid decimal literal\n"),
        // Assignment, deletion and loop targets.
        ("f() = 1\n", "  File \"x.py\", line 1\n    f() = 1\n    ^^^\nSyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?\n"),
        ("1 = x\n", "  File \"x.py\", line 1\n    1 = x\n    ^\nSyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?\n"),
        ("x + 1 = 2\n", "  File \"x.py\", line 1\n    x + 1 = 2\n    ^^^^^\nSyntaxError: cannot assign to expression here. Maybe you meant '==' instead of '='?\n"),
        ("(a, f()) = 1\n", "  File \"x.py\", line 1\n    (a, f()) = 1\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("None = 1\n", "  File \"x.py\", line 1\n    None = 1\n    ^^^^\nSyntaxError: cannot assign to None\n"),
        ("x = y + 1 = 2\n", "  File \"x.py\", line 1\n    x = y + 1 = 2\n        ^^^^^\nSyntaxError: cannot assign to expression\n"),
        ("[a, b] += 1\n", "  File \"x.py\", line 1\n    [a, b] += 1\n    ^^^^^^\nSyntaxError: 'list' is an illegal expression for augmented assignment\n"),
        ("a, b += 1\n", "  File \"x.py\", line 1\n    a, b += 1\n    ^^^^\nSyntaxError: 'tuple' is an illegal expression for augmented assignment\n"),
        ("del f()\n", "  File \"x.py\", line 1\n    del f()\n        ^^^\nSyntaxError: cannot delete function call\n"),
        ("for f() in x:\n    pass\n", "  File \"x.py\", line 1\n    for f() in x:\n        ^^^\nSyntaxError: cannot assign to function call\n"),
        ("with a as f():\n    pass\n", "  File \"x.py\", line 1\n    with a as f():\n              ^^^\nSyntaxError: cannot assign to function call\n"),
        ("a, b: int\n", "  File \"x.py\", line 1\n    a, b: int\n    ^\nSyntaxError: only single target (not tuple) can be annotated\n"),
        ("f(): int = 1\n", "  File \"x.py\", line 1\n    f(): int = 1\n    ^^^\nSyntaxError: illegal target for annotation\n"),
        ("f(x) := 1\n", "  File \"x.py\", line 1\n    f(x) := 1\n    ^^^^\nSyntaxError: cannot use assignment expressions with function call\n"),
        ("(*a) = 1\n", "  File \"x.py\", line 1\n    (*a) = 1\n     ^^\nSyntaxError: cannot use starred expression here\n"),
        ("if x = 1:\n    pass\n", "  File \"x.py\", line 1\n    if x = 1:\n       ^^^^^\nSyntaxError: invalid syntax. Maybe you meant '==' or ':=' instead of '='?\n"),
        ("while x.y = 1:\n    pass\n", "  File \"x.py\", line 1\n    while x.y = 1:\n          ^^^\nSyntaxError: cannot assign to attribute here. Maybe you meant '==' instead of '='?\n"),
        ("f(a.b=1)\n", "  File \"x.py\", line 1\n    f(a.b=1)\n      ^^^^\nSyntaxError: expression cannot contain assignment, perhaps you meant \"==\"?\n"),
        ("f(True=1)\n", "  File \"x.py\", line 1\n    f(True=1)\n      ^^^^^\nSyntaxError: cannot assign to True\n"),
        // Python 2 leftovers and keywords as names.
        ("print \"hello\"\n", "  File \"x.py\", line 1\n    print \"hello\"\n    ^^^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("print x, y\n", "  File \"x.py\", line 1\n    print x, y\n    ^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?\n"),
        ("exec 'code'\n", "  File \"x.py\", line 1\n    exec 'code'\n    ^^^^^^^^^^^\nSyntaxError: Missing parentheses in call to 'exec'. Did you mean exec(...)?\n"),
        ("class = 1\n", "  File \"x.py\", line 1\n    class = 1\n          ^\nSyntaxError: invalid syntax\n"),
        ("def = 2\n", "  File \"x.py\", line 1\n    def = 2\n        ^\nSyntaxError: invalid syntax\n"),
        ("x = import\n", "  File \"x.py\", line 1\n    x = import\n        ^^^^^^\nSyntaxError: invalid syntax\n"),
        ("for = 3\n", "  File \"x.py\", line 1\n    for = 3\n        ^\nSyntaxError: invalid syntax\n"),
        ("def if():\n    pass\n", "  File \"x.py\", line 1\n    def if():\n        ^^\nSyntaxError: invalid syntax\n"),
        // Number literals.
        ("x = 1abc\n", "  File \"x.py\", line 1\n    x = 1abc\n        ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0x\n", "  File \"x.py\", line 1\n    x = 0x\n         ^\nSyntaxError: invalid hexadecimal literal\n"),
        ("x = 0o9\n", "  File \"x.py\", line 1\n    x = 0o9\n          ^\nSyntaxError: invalid digit '9' in octal literal\n"),
        ("x = 012\n", "  File \"x.py\", line 1\n    x = 012\n        ^\nSyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers\n"),
        ("x = 1_\n", "  File \"x.py\", line 1\n    x = 1_\n         ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 1e\n", "  File \"x.py\", line 1\n    x = 1e\n        ^\nSyntaxError: invalid decimal literal\n"),
        ("x = 0b102\n", "  File \"x.py\", line 1\n    x = 0b102\n            ^\nSyntaxError: invalid digit '2' in binary literal\n"),
        ("x = 1.5j_\n", "  File \"x.py\", line 1\n    x = 1.5j_\n           ^\nSyntaxError: invalid imaginary literal\n"),
        // Other grammar rules, characters, syntax newer than 3.11.
        ("a b\n", "  File \"x.py\", line 1\n    a b\n      ^\nSyntaxError: invalid syntax\n"),
        ("f(a b)\n", "  File \"x.py\", line 1\n    f(a b)\n      ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = [1 2 3]\n", "  File \"x.py\", line 1\n    x = [1 2 3]\n         ^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = {'a' 1}\n", "  File \"x.py\", line 1\n    x = {'a' 1}\n         ^^^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?\n"),
        ("x = $\n", "  File \"x.py\", line 1\n    x = $\n        ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 +\n", "  File \"x.py\", line 1\n    x = 1 +\n           ^\nSyntaxError: invalid syntax\n"),
        ("= 1\n", "  File \"x.py\", line 1\n    = 1\n    ^\nSyntaxError: invalid syntax\n"),
        ("x = 1 if y\n", "  File \"x.py\", line 1\n    x = 1 if y\n        ^^^^^^\nSyntaxError: expected 'else' after 'if' expression\n"),
        ("f(x for x in y, 1)\n", "  File \"x.py\", line 1\n    f(x for x in y, 1)\n      ^^^^^^^^^^^^\nSyntaxError: Generator expression must be parenthesized\n"),
        ("f(a=1, b)\n", "  File \"x.py\", line 1\n    f(a=1, b)\n            ^\nSyntaxError: positional argument follows keyword argument\n"),
        ("f(**k, *a)\n", "  File \"x.py\", line 1\n    f(**k, *a)\n           ^\nSyntaxError: iterable argument unpacking follows keyword argument unpacking\n"),
        ("f(**k, a)\n", "  File \"x.py\", line 1\n    f(**k, a)\n            ^\nSyntaxError: positional argument follows keyword argument unpacking\n"),
        ("x = {'a': 1, 'b'}\n", "  File \"x.py\", line 1\n    x = {'a': 1, 'b'}\n                   ^\nSyntaxError: ':' expected after dictionary key\n"),
        ("x = {'a':}\n", "  File \"x.py\", line 1\n    x = {'a':}\n            ^\nSyntaxError: expression expected after dictionary key and ':'\n"),
        ("from x import a,\n", "  File \"x.py\", line 1\n    from x import a,\n                    ^\nSyntaxError: trailing comma not allowed without surrounding parentheses\n"),
        ("def f(a=1, b):\n    pass\n", "  File \"x.py\", line 1\n    def f(a=1, b):\n               ^\nSyntaxError: non-default argument follows default argument\n"),
        ("def f(*):\n    pass\n", "  File \"x.py\", line 1\n    def f(*):\n          ^\nSyntaxError: named arguments must follow bare *\n"),
        ("def f(**k, a):\n    pass\n", "  File \"x.py\", line 1\n    def f(**k, a):\n               ^\nSyntaxError: arguments cannot follow var-keyword argument\n"),
        ("def f(a, /, b, /):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, /, b, /):\n                   ^\nSyntaxError: / may appear only once\n"),
        ("def f(*a=1):\n    pass\n", "  File \"x.py\", line 1\n    def f(*a=1):\n            ^\nSyntaxError: var-positional argument cannot have default value\n"),
        ("def f(a, (b, c)):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, (b, c)):\n             ^^^^^^\nSyntaxError: Function parameters cannot be parenthesized\n"),
        ("lambda (a): 0\n", "  File \"x.py\", line 1\n    lambda (a): 0\n           ^^^\nSyntaxError: Lambda expression parameters cannot be parenthesized\n"),
        ("x = [*a for a in b]\n", "  File \"x.py\", line 1\n    x = [*a for a in b]\n         ^^\nSyntaxError: iterable unpacking cannot be used in comprehension\n"),
        ("try:\n    pass\nx = 1\n", "  File \"x.py\", line 3\n    x = 1\n    ^\nSyntaxError: expected 'except' or 'finally' block\n"),
        ("1 <> 2\n", "  File \"x.py\", line 1\n    1 <> 2\n      ^^\nSyntaxError: invalid syntax\n"),
        ("x = 5 +* 3\n", "  File \"x.py\", line 1\n    x = 5 +* 3\n           ^\nSyntaxError: invalid syntax\n"),
        ("else:\n    pass\n", "  File \"x.py\", line 1\n    else:\n    ^^^^\nSyntaxError: invalid syntax\n"),
        ("x = \u{201c}hello\u{201d}\n", "  File \"x.py\", line 1\n    x = \u{201c}hello\u{201d}\n        ^\nSyntaxError: invalid character '\u{201c}' (U+201C)\n"),
        ("x = a\u{a0}b\n", "  File \"x.py\", line 1\n    x = a\u{a0}b\n         ^\nSyntaxError: invalid non-printable character U+00A0\n"),
        ("x = 1 + \\ y\n", "  File \"x.py\", line 1\n    x = 1 + \\ y\n             ^\nSyntaxError: unexpected character after line continuation character\n"),
        ("x = 1 +\\", "  File \"x.py\", line 1\n    x = 1 +\\\n            ^\nSyntaxError: unexpected EOF while parsing\n"),
        ("x = 1\0\n", "  File \"x.py\", line 1\n    x = 1\nSyntaxError: source code cannot contain null bytes\n"),
        ("\u{e9} = 1 +\n", "  File \"x.py\", line 1\n    \u{e9} = 1 +\n            ^\nSyntaxError: invalid syntax\n"),
        ("type X = int\n", "  File \"x.py\", line 1\n    type X = int\n         ^\nSyntaxError: invalid syntax\n"),
        ("def f[T]():\n    pass\n", "  File \"x.py\", line 1\n    def f[T]():\n         ^\nSyntaxError: expected '('\n"),
        ("x = t'a'\n", "  File \"x.py\", line 1\n    x = t'a'\n         ^^^\nSyntaxError: invalid syntax\n"),
        ("%matplotlib inline\n", "  File \"x.py\", line 1\n    %matplotlib inline\n    ^\nSyntaxError: invalid syntax\n"),
        ("try:\n    pass\nexcept A, B:\n    pass\n", "  File \"x.py\", line 3\n    except A, B:\n           ^^^^\nSyntaxError: multiple exception types must be parenthesized\n"),
        // Compile stage (symbol table and compiler).
        ("return 1\n", "  File \"x.py\", line 1\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n"),
        ("yield 1\n", "  File \"x.py\", line 1\n    yield 1\n    ^^^^^^^\nSyntaxError: 'yield' outside function\n"),
        ("break\n", "  File \"x.py\", line 1\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
        ("continue\n", "  File \"x.py\", line 1\n    continue\n    ^^^^^^^^\nSyntaxError: 'continue' not properly in loop\n"),
        ("for x in y:\n    def f():\n        break\n", "  File \"x.py\", line 3\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
        ("def f():\n    class A:\n        return 1\n", "  File \"x.py\", line 3\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n"),
        ("x = [(yield) for i in y]\n", "  File \"x.py\", line 1\n    x = [(yield) for i in y]\n          ^^^^^\nSyntaxError: 'yield' inside list comprehension\n"),
        ("nonlocal x\n", "  File \"x.py\", line 1\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: nonlocal declaration not allowed at module level\n"),
        ("def f():\n    nonlocal x\n", "  File \"x.py\", line 2\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: no binding for nonlocal 'x' found\n"),
        ("def f(a, a):\n    pass\n", "  File \"x.py\", line 1\n    def f(a, a):\n             ^\nSyntaxError: duplicate argument 'a' in function definition\n"),
        ("lambda a, a: 0\n", "  File \"x.py\", line 1\n    lambda a, a: 0\n              ^\nSyntaxError: duplicate argument 'a' in function definition\n"),
        ("def f():\n    print(x)\n    global x\n", "  File \"x.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is used prior to global declaration\n"),
        ("def f():\n    x = 1\n    global x\n", "  File \"x.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is assigned to before global declaration\n"),
        ("def f(a):\n    global a\n", "  File \"x.py\", line 2\n    global a\n    ^^^^^^^^\nSyntaxError: name 'a' is parameter and global\n"),
        ("def f():\n    global x\n    x: int = 1\n", "  File \"x.py\", line 3\n    x: int = 1\n    ^^^^^^^^^^\nSyntaxError: annotated name 'x' can't be global\n"),
        ("f(a=1, a=2)\n", "  File \"x.py\", line 1\n    f(a=1, a=2)\n           ^^^\nSyntaxError: keyword argument repeated: a\n"),
        ("*a, *b = c\n", "  File \"x.py\", line 1\n    *a, *b = c\n    ^^^^^^\nSyntaxError: multiple starred expressions in assignment\n"),
        ("*a = 1\n", "  File \"x.py\", line 1\n    *a = 1\n    ^^\nSyntaxError: starred assignment target must be in a list or tuple\n"),
        ("x = *a\n", "  File \"x.py\", line 1\n    x = *a\n        ^^\nSyntaxError: can't use starred expression here\n"),
        ("__debug__ = 1\n", "  File \"x.py\", line 1\n    __debug__ = 1\n    ^^^^^^^^^\nSyntaxError: cannot assign to __debug__\n"),
        ("def f():\n    from m import *\n", "  File \"x.py\", line 2\n    from m import *\n                  ^\nSyntaxError: import * only allowed at module level\n"),
        ("x = 1\nfrom __future__ import annotations\n", "  File \"x.py\", line 2\n    from __future__ import annotations\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\nSyntaxError: from __future__ imports must occur at the beginning of the file\n"),
        ("from __future__ import braces\n", "  File \"x.py\", line 1\n    from __future__ import braces\n    ^\nSyntaxError: not a chance\n"),
        ("for x in y:\n    pass\nelse:\n    break\n", "  File \"x.py\", line 4\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n"),
    ];

    #[test]
    fn syntax_errors_render_like_cpython() {
        for (src, want) in CPYTHON_ERRORS {
            let got = syntax_error(src).render("x.py");
            assert_eq!(&got, want, "source: {src:?}");
        }
    }

    #[test]
    fn error_fields_follow_cpython() {
        let e = syntax_error("if x:\n\ta = 1\n        b = 2\n");
        assert_eq!((e.kind, e.line, e.col), ("TabError", 3, 1));
        let e = syntax_error("x = 1\n    y = 2\n");
        assert_eq!(
            (e.kind, e.msg.as_str()),
            ("IndentationError", "unexpected indent")
        );
        assert_eq!((e.line, e.col, e.text.as_str()), (2, 4, "    y = 2"));
        let e = syntax_error("x = (1,\ny = 2\n");
        assert_eq!((e.line, e.col, e.end_col), (1, 5, 6));
        let e = syntax_error("f(x for x in y, 1)\n");
        assert_eq!((e.col, e.end_col), (3, 15));
    }

    #[test]
    fn render_omits_the_caret_inside_indentation() {
        let e = SyntaxError {
            kind: "SyntaxError",
            msg: "m".into(),
            line: 2,
            col: 2,
            end_col: 3,
            text: "    pass".into(),
        };
        assert_eq!(
            e.render("f.py"),
            "  File \"f.py\", line 2\n    pass\nSyntaxError: m\n"
        );
        let e = SyntaxError {
            col: 7,
            end_col: 9,
            ..e
        };
        let want = "  File \"f.py\", line 2\n    pass\n      ^^\nSyntaxError: m\n";
        assert_eq!(e.render("f.py"), want);
    }

    #[test]
    fn converts_a_representative_program() {
        let src = "import os.path as p, sys
from .. import x as y
from m import *

@deco
@other(1)
class C(Base, metaclass=M):
    attr: int = 1

    def method(self, a, b=2, /, c=3, *args, d, e=4, **kw) -> int:
        global g
        return f'{a!r:>{b}} {c=}' 'tail'

if a == 1:
    pass
elif a in (2, 3):
    n = 0x_ff + 0o17 + 0b1 + 1_000 + 123456789012345678901234567890
else:
    z = 1.5e3 + 2j
try:
    del a[0], b.c
except (E1, E2) as err:
    raise RuntimeError('x') from err
finally:
    s = b'a' b'\\x00'
with open(f) as fh, lock:
    for i, j in pairs:
        break
    else:
        (q := lambda u, *, v=1: u)
";
        let suite = parse(src);
        assert_eq!(suite.len(), 7);

        let StmtKind::Import(names) = &suite[0].kind else {
            panic!()
        };
        assert_eq!(names[0].name, "os.path");
        assert_eq!(names[0].asname.as_deref(), Some("p"));
        assert_eq!(text(src, names[1].range), "sys");
        let StmtKind::ImportFrom {
            module,
            names,
            level,
        } = &suite[1].kind
        else {
            panic!()
        };
        assert_eq!((module, names[0].name.as_str(), *level), (&None, "x", 2));
        let StmtKind::ImportFrom { names, .. } = &suite[2].kind else {
            panic!()
        };
        assert_eq!(names[0].name, "*");

        let StmtKind::ClassDef(class) = &suite[3].kind else {
            panic!()
        };
        assert_eq!(class.name, "C");
        assert_eq!(name(&class.decorators[0]), "deco");
        assert!(matches!(class.decorators[1].kind, ExprKind::Call { .. }));
        assert_eq!(name(&class.bases[0]), "Base");
        assert_eq!(class.keywords[0].arg.as_deref(), Some("metaclass"));
        let StmtKind::AnnAssign {
            target,
            annotation,
            value,
            simple,
        } = &class.body[0].kind
        else {
            panic!()
        };
        assert_eq!(
            (name(target), name(annotation), *simple),
            ("attr", "int", true)
        );
        assert_eq!(value.as_ref().map(int), Some(BigInt::from(1)));

        let StmtKind::FunctionDef(method) = &class.body[1].kind else {
            panic!()
        };
        let p = &method.params;
        let names = |ps: &[Param]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&p.posonly), ["self", "a", "b"]);
        assert_eq!(names(&p.args), ["c"]);
        assert_eq!(names(&p.kwonly), ["d", "e"]);
        assert_eq!(p.vararg.as_ref().map(|v| v.name.as_str()), Some("args"));
        assert_eq!(p.kwarg.as_ref().map(|v| text(src, v.range)), Some("kw"));
        assert_eq!(
            p.posonly[2].default.as_ref().map(int),
            Some(BigInt::from(2))
        );
        assert!(p.kwonly[0].default.is_none());
        let signature = "def method(self, a, b=2, /, c=3, *args, d, e=4, **kw) -> int";
        assert_eq!(text(src, method.def_range), signature);
        let StmtKind::Global(globals) = &method.body[0].kind else {
            panic!()
        };
        assert_eq!(globals, &["g"]);

        // f'{a!r:>{b}} {c=}' 'tail'
        let StmtKind::Return(Some(ret)) = &method.body[1].kind else {
            panic!()
        };
        let ExprKind::FString(parts) = &ret.kind else {
            panic!("{ret:?}")
        };
        assert_eq!(parts.len(), 4);
        let FStringPart::Formatted {
            value,
            conversion,
            format_spec,
            debug_text,
        } = &parts[0]
        else {
            panic!()
        };
        assert_eq!(
            (name(value), *conversion, debug_text),
            ("a", Some('r'), &None)
        );
        let spec = format_spec.as_deref().unwrap_or_default();
        assert!(matches!(&spec[0], FStringPart::Literal(s) if s == ">"));
        assert!(matches!(&spec[1], FStringPart::Formatted { .. }));
        assert!(matches!(&parts[1], FStringPart::Literal(s) if s == " "));
        let FStringPart::Formatted {
            conversion,
            debug_text,
            ..
        } = &parts[2]
        else {
            panic!()
        };
        assert_eq!(
            (*conversion, debug_text.as_deref()),
            (Some('r'), Some("c="))
        );
        assert!(matches!(&parts[3], FStringPart::Literal(s) if s == "tail"));

        // elif becomes a nested If, alone in orelse, ranging from `elif` to the chain's end.
        let StmtKind::If { orelse, .. } = &suite[4].kind else {
            panic!()
        };
        assert_eq!(orelse.len(), 1);
        assert!(text(src, orelse[0].range).starts_with("elif a in (2, 3):"));
        assert!(text(src, orelse[0].range).ends_with("z = 1.5e3 + 2j"));
        let StmtKind::If {
            body,
            orelse: else_body,
            ..
        } = &orelse[0].kind
        else {
            panic!()
        };
        let StmtKind::Assign { value, .. } = &body[0].kind else {
            panic!()
        };
        let mut ints = Vec::new();
        let mut e = value;
        while let ExprKind::BinOp {
            left,
            right,
            op: BinOp::Add,
        } = &e.kind
        {
            ints.push(int(right));
            e = left;
        }
        ints.push(int(e));
        ints.reverse();
        let big: BigInt = "123456789012345678901234567890".parse().unwrap();
        assert_eq!(ints, [255.into(), 15.into(), 1.into(), 1000.into(), big]);
        let StmtKind::Assign { value, .. } = &else_body[0].kind else {
            panic!()
        };
        let ExprKind::BinOp { left, right, .. } = &value.kind else {
            panic!()
        };
        assert!(matches!(left.kind, ExprKind::Constant(Constant::Float(f)) if f == 1500.0));
        assert!(matches!(right.kind, ExprKind::Constant(Constant::Complex(i)) if i == 2.0));

        let StmtKind::Try {
            body,
            handlers,
            orelse,
            finalbody,
        } = &suite[5].kind
        else {
            panic!()
        };
        assert!(matches!(&body[0].kind, StmtKind::Delete(targets) if targets.len() == 2));
        assert_eq!(handlers[0].name.as_deref(), Some("err"));
        assert!(matches!(
            handlers[0].typ.as_ref().map(|t| &t.kind),
            Some(ExprKind::Tuple(_))
        ));
        assert!(matches!(
            &handlers[0].body[0].kind,
            StmtKind::Raise { cause: Some(_), .. }
        ));
        assert!(orelse.is_empty());
        let StmtKind::Assign { value, .. } = &finalbody[0].kind else {
            panic!()
        };
        assert!(matches!(&value.kind, ExprKind::Constant(Constant::Bytes(b)) if b == b"a\0"));

        let StmtKind::With { items, body } = &suite[6].kind else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].target.as_ref().map(name), Some("fh"));
        assert!(items[1].target.is_none());
        let StmtKind::For { target, orelse, .. } = &body[0].kind else {
            panic!()
        };
        assert!(matches!(&target.kind, ExprKind::Tuple(t) if t.len() == 2));
        let StmtKind::Expr(named) = &orelse[0].kind else {
            panic!()
        };
        let ExprKind::Named { target, value } = &named.kind else {
            panic!()
        };
        assert_eq!(target, "q");
        let ExprKind::Lambda { params, .. } = &value.kind else {
            panic!()
        };
        assert_eq!(
            (params.args.len(), params.kwonly[0].name.as_str()),
            (1, "v")
        );
    }

    #[test]
    fn converts_strings_and_numbers() {
        let src = "a = 'x' \"y\" '''z'''\nb = f'' 'p' f'{1}' 'q'\nc = f'{x=:>4}'\nd = 1_0.5e-1\ne = 0O17\n";
        let suite = parse(src);
        let value = |i: usize| match &suite[i].kind {
            StmtKind::Assign { value, .. } => value.kind.clone(),
            other => panic!("{other:?}"),
        };
        assert!(matches!(value(0), ExprKind::Constant(Constant::Str(s)) if s == "xyz"));
        let ExprKind::FString(parts) = value(1) else {
            panic!()
        };
        assert!(matches!(&parts[0], FStringPart::Literal(s) if s == "p"));
        assert!(matches!(&parts[2], FStringPart::Literal(s) if s == "q"));
        // `=` with a format spec keeps the default conversion.
        let ExprKind::FString(parts) = value(2) else {
            panic!()
        };
        let FStringPart::Formatted {
            conversion,
            debug_text,
            ..
        } = &parts[0]
        else {
            panic!()
        };
        assert_eq!((*conversion, debug_text.as_deref()), (None, Some("x=")));
        assert!(matches!(value(3), ExprKind::Constant(Constant::Float(f)) if f == 1.05));
        assert!(matches!(value(4), ExprKind::Constant(Constant::Int(i)) if i == BigInt::from(15)));
    }

    #[test]
    fn unsupported_constructs() {
        let too_deep = format!("x = {}1\n", "-".repeat(300));
        let long_sum = format!("x = {}1\n", "1 + ".repeat(300));
        let cases = [
            ("async def f():\n    pass\n", "async def"),
            (
                "def f():\n    async for x in y:\n        pass\n",
                "async for",
            ),
            ("def f():\n    async with x:\n        pass\n", "async with"),
            ("def f():\n    return await x\n", "await expression"),
            (
                "try:\n    pass\nexcept* E:\n    pass\n",
                "except* (exception groups)",
            ),
            (
                "def f():\n    return [x async for x in y]\n",
                "async comprehension",
            ),
            (
                "global x\nx: int = 1\n",
                "global at module level with annotation",
            ),
            (too_deep.as_str(), "code nested too deeply"),
            (long_sum.as_str(), "code nested too deeply"),
        ];
        for (src, construct) in cases {
            assert_eq!(unsupported_construct(src), construct, "source: {src:?}");
        }
        let range = match parse_module("x = 1\nasync def f(): pass\n") {
            Err(ParseFailure::Unsupported(u)) => u.range,
            other => panic!("{other:?}"),
        };
        assert_eq!(range, Range::new(6, 25));
    }

    #[test]
    fn reports_the_first_failure_in_source_order() {
        let e = syntax_error("return 1\nasync def f(): pass\n");
        assert_eq!((e.msg.as_str(), e.line), ("'return' outside function", 1));
        assert_eq!(
            unsupported_construct("async def f(): pass\nreturn 1\n"),
            "async def"
        );
        // A syntax error anywhere comes before any unsupported construct, as in CPython.
        let e = syntax_error("async def f(): pass\nx = (\n");
        assert_eq!(e.msg, "'(' was never closed");
    }

    #[test]
    fn line_col_counts_characters() {
        let src = "é = 'ü'\r\nx = 1\ry\n😀 = 2";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (1, 2)); // after the two bytes of 'é'
        assert_eq!(line_col(src, 6), (1, 6)); // 'ü' starts at byte 6
        assert_eq!(line_col(src, 7), (1, 6)); // inside 'ü': its start
        assert_eq!(line_col(src, 11), (2, 1)); // after "\r\n"
        assert_eq!(line_col(src, 17), (3, 1)); // after a lone "\r"
        assert_eq!(line_col(src, 23), (4, 2)); // after the 4-byte emoji
        assert_eq!(line_col(src, 1000), (4, 6));
    }

    #[test]
    fn odd_inputs_never_panic() {
        let deep = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
        let deeper = format!("x = {}\n", "[".repeat(10_000));
        let chain = format!("x = a{}\n", ".b".repeat(100_000));
        let inputs = [
            "",
            "\n",
            "\0",
            "x = 1\0",
            "((((",
            "))))",
            "]\n[",
            "\t\tx\n  \ty\n",
            "\u{feff}",
            "\r\r\n\r",
            "x = 99999999999999999999999999999999999999999e99999",
            "0b",
            "0x_",
            "1__0",
            "'\\N{",
            "f'{",
            "f'{x!",
            "f'{x:{y:{z}}}'",
            "f'''{\n",
            "\\",
            "x = \\\n",
            "@",
            "lambda",
            "def f(",
            "class",
            "if x:\n\telse:",
            "€",
            "\u{a0}",
            "x = 'a' b'b' f'c'",
            "print 'x\n",
            "a\u{200b}b = 1",
            &deep,
            &deeper,
            &chain,
        ];
        for src in inputs {
            if let Err(ParseFailure::Syntax(e)) = parse_module(src) {
                e.render("x.py");
            }
        }
        assert!(parse_module(&deep).is_ok());
    }
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
