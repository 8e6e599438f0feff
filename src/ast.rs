//! refscope's own syntax tree: the subset of Python 3.11 that the model compiles.
//!
//! `parse` converts the external parser's tree into this one and rejects what the model does not
//! support with a source range, so the compiler never sees an unsupported construct and never
//! depends on the external crate's (unstable) types. Every node carries the byte range it came from
//! in its cell's source; the compiler turns ranges into line numbers and caret columns.

use num_bigint::BigInt;

/// A half-open byte range `start..end` in the source of one cell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Range {
    pub start: u32,
    pub end: u32,
}

impl Range {
    pub fn new(start: u32, end: u32) -> Range {
        Range { start, end }
    }
}

pub type Ident = String;
pub type Suite = Vec<Stmt>;

#[derive(Clone, Debug)]
pub struct Stmt {
    pub range: Range,
    pub kind: StmtKind,
}

#[derive(Clone, Debug)]
pub enum StmtKind {
    Expr(Expr),
    /// `a = b = value`: targets in source order.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// `x: int = 1`. `simple` is true for a bare name target (not parenthesised).
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
        simple: bool,
    },
    Delete(Vec<Expr>),
    Pass,
    Break,
    Continue,
    Return(Option<Expr>),
    /// `elif` chains arrive as a nested `If` alone in `orelse`.
    If {
        test: Expr,
        body: Suite,
        orelse: Suite,
    },
    While {
        test: Expr,
        body: Suite,
        orelse: Suite,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Suite,
        orelse: Suite,
        /// `async for` (not modelled: the compile-stage checks need to know it).
        is_async: bool,
    },
    FunctionDef(Box<FunctionDef>),
    ClassDef(Box<ClassDef>),
    Global(Vec<Ident>),
    Nonlocal(Vec<Ident>),
    Import(Vec<Alias>),
    ImportFrom {
        module: Option<Ident>,
        names: Vec<Alias>,
        level: u32,
    },
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    /// `match subject:` with its `case` clauses, in order.
    Match {
        subject: Expr,
        cases: Vec<MatchCase>,
    },
    Try {
        body: Suite,
        handlers: Vec<ExceptHandler>,
        orelse: Suite,
        finalbody: Suite,
    },
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    With {
        items: Vec<WithItem>,
        body: Suite,
        /// `async with` (not modelled: the compile-stage checks need to know it).
        is_async: bool,
    },
}

#[derive(Clone, Debug)]
pub struct FunctionDef {
    pub name: Ident,
    pub params: Parameters,
    /// The return annotation (`-> T`).
    pub returns: Option<Expr>,
    pub body: Suite,
    pub decorators: Vec<Expr>,
    /// `async def` (not modelled: the compile-stage checks need to know it).
    pub is_async: bool,
    /// The range of the `def` line (from `def` to the end of the signature), used as the
    /// function's first line.
    pub def_range: Range,
}

#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: Ident,
    /// Positional bases (may contain `Starred`).
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Suite,
    pub decorators: Vec<Expr>,
}

/// A parameter list: `def f(a, b=1, /, c=2, *args, d, e=3, **kw)`.
#[derive(Clone, Debug, Default)]
pub struct Parameters {
    pub posonly: Vec<Param>,
    pub args: Vec<Param>,
    pub vararg: Option<Param>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Param>,
}

impl Parameters {
    /// Every parameter in CPython's order: positional-only, positional, `*args`,
    /// keyword-only, `**kwargs`.
    pub fn all(&self) -> impl Iterator<Item = &Param> {
        self.posonly
            .iter()
            .chain(&self.args)
            .chain(self.vararg.iter())
            .chain(&self.kwonly)
            .chain(self.kwarg.iter())
    }

    /// The parameters' annotations, in that order.
    pub fn annotations(&self) -> impl Iterator<Item = &Expr> {
        self.all().filter_map(|p| p.annotation.as_ref())
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: Ident,
    pub default: Option<Expr>,
    /// `name: annotation`.
    pub annotation: Option<Expr>,
    pub range: Range,
}

#[derive(Clone, Debug)]
pub struct Alias {
    /// Dotted name as written (`os.path`).
    pub name: Ident,
    pub asname: Option<Ident>,
    pub range: Range,
}

#[derive(Clone, Debug)]
pub struct ExceptHandler {
    pub range: Range,
    /// An `except*` clause (every clause of the statement is).
    pub star: bool,
    pub typ: Option<Expr>,
    pub name: Option<Ident>,
    pub body: Suite,
}

#[derive(Clone, Debug)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

#[derive(Clone, Debug)]
pub struct Keyword {
    /// `None` for `**mapping`.
    pub arg: Option<Ident>,
    pub value: Expr,
    pub range: Range,
}

#[derive(Clone, Debug)]
pub struct Expr {
    pub range: Range,
    pub kind: ExprKind,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// `target := value`
    Named {
        target: Ident,
        value: Box<Expr>,
    },
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Lambda {
        params: Box<Parameters>,
        body: Box<Expr>,
    },
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    /// `keys[i] == None` marks a `**mapping` entry whose mapping is `values[i]`.
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    Set(Vec<Expr>),
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    /// `await value` (not modelled: kept for the compile-stage checks, which report where
    /// CPython's compiler refuses it).
    Await(Box<Expr>),
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// Positional `args` may contain `Starred` (`f(*xs)`).
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    /// An f-string (implicit concatenation with plain literals already merged in order).
    FString(Vec<FStringPart>),
    Constant(Constant),
    Attribute {
        value: Box<Expr>,
        attr: Ident,
    },
    Subscript {
        value: Box<Expr>,
        slice: Box<Expr>,
    },
    Starred(Box<Expr>),
    Name(Ident),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

#[derive(Clone, Debug)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    /// `async for` in a comprehension (not modelled).
    pub is_async: bool,
}

#[derive(Clone, Debug)]
pub enum FStringPart {
    Literal(String),
    Formatted {
        value: Box<Expr>,
        /// `!r`, `!s`, `!a`; `None` when absent.
        conversion: Option<char>,
        /// The format spec after `:`, itself an f-string (`{x:{width}}`).
        format_spec: Option<Vec<FStringPart>>,
        /// `f'{x=}'`: the literal text `x=` (with surrounding whitespace as written) that is
        /// emitted before the value.
        debug_text: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    Int(BigInt),
    Float(f64),
    /// An imaginary literal `2j`: the imaginary part.
    Complex(f64),
    Str(String),
    Bytes(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
    FloorDiv,
}

impl BinOp {
    /// The operator as written (`+`, `//`...).
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mult => "*",
            BinOp::MatMult => "@",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::BitAnd => "&",
            BinOp::FloorDiv => "//",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}

/// `case pattern if guard: body`.
#[derive(Clone, Debug)]
pub struct MatchCase {
    pub pattern: Pattern,
    /// Where the pattern is (a case's code is on its pattern's line).
    pub pattern_range: Range,
    pub guard: Option<Expr>,
    pub body: Suite,
}

/// A `case` pattern (PEP 634).
#[derive(Clone, Debug)]
pub enum Pattern {
    /// A literal or dotted name, compared with `==`.
    Value(Expr),
    /// `None`, `True`, `False`, compared with `is`.
    Singleton(Constant),
    /// `[p, q, *rest]` / `(p, q)`.
    Sequence(Vec<Pattern>),
    /// `{key: p, **rest}`.
    Mapping {
        keys: Vec<Expr>,
        patterns: Vec<Pattern>,
        rest: Option<Ident>,
    },
    /// `Cls(p, attr=q)`.
    Class {
        cls: Expr,
        patterns: Vec<Pattern>,
        kwd_attrs: Vec<Ident>,
        kwd_patterns: Vec<Pattern>,
    },
    /// `*name` (or `*_`) inside a sequence pattern.
    Star(Option<Ident>),
    /// `p as name`, a bare capture `name`, or the wildcard `_` (neither).
    As {
        pattern: Option<Box<Pattern>>,
        name: Option<Ident>,
    },
    /// `p | q`.
    Or(Vec<Pattern>),
}

impl Pattern {
    /// The expressions a pattern evaluates (values, mapping keys, classes), in source order.
    pub fn exprs(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.collect_exprs(&mut out);
        out
    }

    fn collect_exprs<'a>(&'a self, out: &mut Vec<&'a Expr>) {
        match self {
            Pattern::Value(e) => out.push(e),
            Pattern::Singleton(_) | Pattern::Star(_) => {}
            Pattern::Sequence(ps) | Pattern::Or(ps) => {
                for p in ps {
                    p.collect_exprs(out);
                }
            }
            Pattern::Mapping { keys, patterns, .. } => {
                for (k, p) in keys.iter().zip(patterns) {
                    out.push(k);
                    p.collect_exprs(out);
                }
            }
            Pattern::Class {
                cls,
                patterns,
                kwd_patterns,
                ..
            } => {
                out.push(cls);
                for p in patterns.iter().chain(kwd_patterns) {
                    p.collect_exprs(out);
                }
            }
            Pattern::As { pattern, .. } => {
                if let Some(p) = pattern {
                    p.collect_exprs(out);
                }
            }
        }
    }

    /// The names a pattern binds, each once, in order of first appearance.
    pub fn captures(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_captures(&mut out);
        out
    }

    fn collect_captures<'a>(&'a self, out: &mut Vec<&'a str>) {
        let add = |n: &'a Option<Ident>, out: &mut Vec<&'a str>| {
            if let Some(n) = n {
                if !out.contains(&n.as_str()) {
                    out.push(n);
                }
            }
        };
        match self {
            Pattern::Value(_) | Pattern::Singleton(_) => {}
            Pattern::Star(n) => add(n, out),
            Pattern::Sequence(ps) | Pattern::Or(ps) => {
                for p in ps {
                    p.collect_captures(out);
                }
            }
            Pattern::Mapping { patterns, rest, .. } => {
                for p in patterns {
                    p.collect_captures(out);
                }
                add(rest, out);
            }
            Pattern::Class {
                patterns,
                kwd_patterns,
                ..
            } => {
                for p in patterns.iter().chain(kwd_patterns) {
                    p.collect_captures(out);
                }
            }
            Pattern::As { pattern, name } => {
                if let Some(p) = pattern {
                    p.collect_captures(out);
                }
                add(name, out);
            }
        }
    }
}
