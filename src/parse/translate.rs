//! Finding the error CPython reports at the parse stage: ruff's errors translated into the
//! messages of CPython's grammar (its `invalid_*` rules), ordered against the tokenizer's.

use super::source::{Loc, Text};
use super::tokenizer::{unclosed, Bracket, Origin, Scan, Tok, TokError, TokKind};
use super::*;
use ruff_python_ast as py;
use ruff_python_ast::token::TokenKind;
use ruff_python_parser::{
    LexicalErrorType, Mode, ParseErrorType, ParseOptions, UnsupportedSyntaxError,
    UnsupportedSyntaxErrorKind,
};
use ruff_text_size::{Ranged, TextRange};

/// The first syntax error of the source as CPython 3.11 reports it, if any (parse stage only;
/// see `validate` for the compile stage).
pub(super) fn parse_stage_error(source: &str) -> Option<(SyntaxError, Origin)> {
    let text = Text::new(source);
    let scan = tokenize(&text);
    let parsed = ruff_parse(source);
    let py::Mod::Module(module) = parsed.syntax() else {
        return None;
    };
    parse_stage_error_with(&parsed, module, &text, &scan)
}

/// ruff's tree (with error recovery) for Python 3.11.
pub(super) fn ruff_parse(source: &str) -> ruff_python_parser::Parsed<py::Mod> {
    let options = ParseOptions::from(Mode::Module).with_target_version(py::PythonVersion::PY311);
    ruff_python_parser::parse_unchecked(source, options)
}

pub(super) fn parse_stage_error_with(
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
pub(super) struct ParserError {
    pub(super) error: SyntaxError,
    /// Index of the token where CPython's parser runs into the error (orders errors).
    pub(super) at: usize,
    /// Index of the last token read by then: a tokenizer error there comes first.
    pub(super) fetched: usize,
    /// Line of that token.
    pub(super) last_line: u32,
    /// CPython reports this one without tokenizing the rest of the file (unexpected indent).
    pub(super) settled: bool,
}

impl ParserError {
    /// Records that the parser read up to token `fetched` (on `line`).
    fn fetch(mut self, fetched: usize, line: u32) -> ParserError {
        self.fetched = fetched;
        self.last_line = self.last_line.max(line);
        self
    }
}

pub(super) struct Checker<'a> {
    text: &'a Text,
    pub(super) scan: &'a Scan,
    module: &'a py::ModModule,
    /// Where ruff reported errors, sorted: nodes around them are ruff's guesses.
    error_starts: Vec<ruff_text_size::TextSize>,
    /// For each token, the bracket enclosing it (its own opener, for a closing bracket).
    parent: Vec<Option<usize>>,
    /// For each opening bracket, the token closing it.
    closer: Vec<Option<usize>>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
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
        let read_to = parser.last_line;
        let mut error = parser.error;
        // on the ENDMARKER or a DEDENT at the end: tokens without a position
        let at_end = error.col == 0
            && self.tok(parser.at).is_none_or(|t| {
                matches!(t.kind, TokKind::EndMarker | TokKind::Dedent)
                    && t.start >= self.text.bytes.len()
            });
        error.stage = Stage::Parser { read_to, at_end };
        if parser.settled {
            return Some((error, Origin::Parser));
        }
        if let Some(open) = scan.brackets.last() {
            if open.line < parser.last_line {
                // reported once the tokenizer has reached the end
                let mut error = self.unclosed(open);
                error.stage = Stage::Parser {
                    read_to: scan.line,
                    at_end: false,
                };
                return Some((error, Origin::Parser));
            }
        }
        Some((error, Origin::Parser))
    }

    fn tokenizer_error(&self, error: &TokError) -> (SyntaxError, Origin) {
        tokenizer_failure(self.text, self.scan, error)
    }

    fn unclosed(&self, open: &Bracket) -> SyntaxError {
        unclosed(self.text, open)
    }
}

/// Looking at CPython's tokens.
impl Checker<'_> {
    pub(super) fn tok(&self, i: usize) -> Option<&Tok> {
        self.scan.toks.get(i)
    }

    pub(super) fn tok_str(&self, i: usize) -> &str {
        self.tok(i)
            .and_then(|t| std::str::from_utf8(&self.text.bytes[t.start..t.end]).ok())
            .unwrap_or("")
    }

    pub(super) fn tok_kind(&self, i: usize) -> Option<TokKind> {
        self.tok(i).map(|t| t.kind)
    }

    pub(super) fn is_op(&self, i: usize, op: &str) -> bool {
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
    pub(super) fn tok_loc(&self, i: usize) -> Loc {
        match self.tok(i) {
            Some(t) if t.kind == TokKind::EndMarker => Loc {
                line: t.line,
                col: 0,
                end_line: t.line,
                end_col: -1,
            },
            Some(t) if matches!(t.kind, TokKind::Indent | TokKind::Dedent) => {
                self.positionless_loc(t)
            }
            Some(t) => self.text.span(t.start, t.end),
            None => self.text.at(self.text.bytes.len()),
        }
    }

    /// Where pegen puts an error on a token without a position (INDENT, DEDENT: their
    /// `col_offset` is -1): at the tokenizer's position in its line buffer (`tok->cur -
    /// tok->line_start`), with no end; at the end of a file the buffer is empty (0).
    fn positionless_loc(&self, tok: &Tok) -> Loc {
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

    /// A one-caret location under the last character of a range (`a->end_col_offset - 1`),
    /// with no end (`-1 + 1`).
    fn last_char_loc(&self, range: TextRange) -> Loc {
        let end = self.text.norm_pos(range.end().into());
        let line = self.text.line_of(end.saturating_sub(1));
        Loc {
            line,
            col: self.text.col_on(line, end) - 1,
            end_line: line,
            end_col: 0,
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

    pub(super) fn syntax(&self, msg: impl Into<String>, loc: Loc, at: usize) -> ParserError {
        self.error_at("SyntaxError", msg, loc, at)
    }

    /// `e`, having read up to token `fetched`.
    pub(super) fn fetched(&self, e: ParserError, fetched: usize) -> ParserError {
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
            // invalid_try_stmt: a clause of the other kind after the first; `except*` is
            // marked whole, a plain `except` alone
            "Cannot have both 'except' and 'except*' on the same 'try'" => {
                let msg = "cannot have both 'except' and 'except*' on the same 'try'";
                let loc = match (self.tok(i), self.tok(i + 1)) {
                    (Some(a), Some(b)) if self.is_op(i + 1, "*") => self.text.span(a.start, b.end),
                    _ => self.tok_loc(i),
                };
                Some(self.syntax(msg, loc, i))
            }
            // invalid_except_star_stmt: `except*` followed by `:` or the line's end
            "Expected one or more exception types"
                if self.is_op(i, ":") || self.tok_kind(i) == Some(TokKind::Newline) =>
            {
                at_token("expected one or more exception types")
            }
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
        // A last line without a newline gets one from the tokenizer (an empty NEWLINE token
        // here); CPython reads it, and the error falls on the DEDENT after it.
        let i = match self.tok(i) {
            Some(t) if t.kind == TokKind::Newline && t.start == t.end => i + 1,
            _ => i,
        };
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
            _ => self.tok_loc(i),
        };
        Some(self.error_at("IndentationError", msg, loc, i))
    }
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
                    let target = N::from(&c.target);
                    match self.invalid_target_msg(target, Targets::For) {
                        Some(found) => found,
                        None => return self.for_target_first_pass(target),
                    }
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
                    let target = N::from(&*f.target);
                    match self.invalid_target_msg(target, Targets::For) {
                        Some(found) => found,
                        None => return self.for_target_first_pass(target),
                    }
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

    /// A `for` target in which `invalid_for_target` finds nothing to name (a comparison not
    /// starting with `in`, `for x < 3`): the error is the generic one at the last token the
    /// first pass read (`_PyPegen_run_parser` keeps it before the second pass). That pass
    /// parsed the longest target it could, the comparison's left operand, and stopped at the
    /// operator after it; with no such operand it is left to the next error.
    fn for_target_first_pass(&self, target: py::AnyNodeRef) -> Option<Option<ParserError>> {
        let py::AnyNodeRef::ExprCompare(c) = target else {
            return None;
        };
        let left = py::AnyNodeRef::from(&*c.left);
        if invalid_target(left, Targets::Star).is_some() {
            return None;
        }
        let op = self.outer_tokens(left).1 + 1;
        Some(Some(self.invalid_syntax(op)))
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
