//! String literals checked the way CPython 3.11 decodes them when its parser reduces a run of
//! string tokens (escapes, bytes, f-strings and the expressions inside them).

use super::tokenizer::{Origin, TokKind, MAX_LEVEL};
use super::translate::{parse_stage_error, Checker, ParserError};
use super::*;
use ruff_python_parser::{Mode, ParseOptions};

/// String literals: CPython checks them when its parser reduces a run of string tokens.
impl Checker<'_> {
    /// The first error in a string literal, checked like `_PyPegen_concatenate_strings`.
    pub(super) fn string_error(&self) -> Option<ParserError> {
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
    pub(super) fn new(token: &'s str) -> StringLit<'s> {
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
