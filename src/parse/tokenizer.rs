//! A copy of CPython 3.11's tokenizer (`Parser/tokenizer.c`), reduced to what error reporting
//! needs: the tokens of a file up to its first error, and the error CPython reports for it.

use super::source::{Loc, Text};
use super::*;
use ruff_python_parser::Mode;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
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
pub(super) struct Tok {
    pub(super) kind: TokKind,
    /// Byte range in `Text::bytes`; INDENT, DEDENT and ENDMARKER are empty.
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) line: u32,
    /// Bracket nesting depth after the token.
    pub(super) level: usize,
}

/// An error the tokenizer reports.
#[derive(Clone, Debug)]
pub(super) enum TokError {
    /// Raised at once by `syntaxerror()`; it also replaces an earlier parser error, because
    /// CPython tokenizes the rest of the file after a parse failure.
    Raised(SyntaxError),
    /// A `tok->done` code the parser turns into an error when it reaches the bad token.
    Done(Done),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Done {
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
pub(super) struct Bracket {
    ch: u8,
    pub(super) line: u32,
    pos: usize,
}

const MAX_INDENT: usize = 100;
pub(super) const MAX_LEVEL: usize = 200;
const TAB_SIZE: usize = 8;

/// The tokens of a whole file as CPython's tokenizer produces them, up to its first error.
pub(super) struct Scan {
    pub(super) toks: Vec<Tok>,
    pub(super) error: Option<TokError>,
    /// Line and position where the tokenizer stopped (for errors without a token).
    pub(super) line: u32,
    cur: usize,
    line_start: usize,
    /// Open brackets when it stopped.
    pub(super) brackets: Vec<Bracket>,
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

pub(super) fn tokenize(text: &Text) -> Scan {
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
            end_line: line,
            end_col: Some(1),
            text,
            newline: false,
            stage: Stage::Tokenizer,
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
        let mut e = self.text.error("SyntaxError", msg, loc);
        e.stage = Stage::Tokenizer;
        TokError::Raised(e)
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

/// Which stage of CPython produced an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Origin {
    /// Raised by the tokenizer's `syntaxerror()`.
    Tokenizer,
    Parser,
}

/// CPython's error for what its tokenizer reported.
pub(super) fn tokenizer_failure(
    text: &Text,
    scan: &Scan,
    error: &TokError,
) -> (SyntaxError, Origin) {
    match error {
        TokError::Raised(e) => (e.clone(), Origin::Tokenizer),
        TokError::Done(done) => (done_error(text, scan, *done), Origin::Parser),
    }
}

/// The error for a `tok->done` code (`_Pypegen_tokenizer_error`), raised by the parser with
/// the tokenizer at its stopping line.
fn done_error(text: &Text, scan: &Scan, done: Done) -> SyntaxError {
    let mut e = done_error_at(text, scan, done);
    e.stage = Stage::Parser {
        read_to: scan.line,
        at_end: false,
    };
    e
}

fn done_error_at(text: &Text, scan: &Scan, done: Done) -> SyntaxError {
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
            // `RAISE_INDENTATION_ERROR` on a token without a position: no end
            Loc {
                end_col: -1,
                ..here(scan.cur)
            },
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
            // `RAISE_ERROR_KNOWN_LOCATION(.., p->tok->lineno, -1, ..)`: no end
            Loc {
                end_col: 0,
                ..here(pos)
            },
        ),
    }
}

/// "'(' was never closed"
pub(super) fn unclosed(text: &Text, open: &Bracket) -> SyntaxError {
    // `raise_unclosed_parentheses_error`: the opening bracket, and no end (`-1 + 1`)
    let loc = Loc {
        line: open.line,
        col: text.col_on(open.line, open.pos),
        end_line: open.line,
        end_col: 0,
    };
    let msg = format!("'{}' was never closed", open.ch as char);
    text.error("SyntaxError", msg, loc)
}
