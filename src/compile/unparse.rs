//! An expression back to source text, as CPython's `_PyAST_ExprAsUnicode` writes it
//! (`Python/ast_unparse.c`): what an annotation becomes under `from __future__ import
//! annotations` (PEP 563), where the compiler stores the annotation's text instead of its value.
//!
//! Why: with the future import, `def f(u: User) -> Optional[int]` must not evaluate `User`
//! (a class defined further down is fine) and `f.__annotations__` is
//! `{'u': 'User', 'return': 'Optional[int]'}`: CPython's own rendering, not the source as
//! typed. `Tuple[int,int]` becomes `'Tuple[int, int]'`, `"q"` becomes `"'q'"`, `(a)` becomes
//! `'a'`.
//!
//! The mechanism is CPython's: each node is written at a priority level (`PR_TUPLE` ...
//! `PR_ATOM`); a node whose own priority is lower than the level it is written at gets
//! parentheses. Constants are written as their `repr` (an infinite float as `1e309`).

use crate::ast::*;
use crate::object::float::float_repr;
use crate::object::str::{bytes_repr, str_repr};

const PR_TUPLE: u8 = 0;
const PR_TEST: u8 = 1;
const PR_OR: u8 = 2;
const PR_AND: u8 = 3;
const PR_NOT: u8 = 4;
const PR_CMP: u8 = 5;
const PR_EXPR: u8 = 6;
const PR_BOR: u8 = PR_EXPR;
const PR_BXOR: u8 = 7;
const PR_BAND: u8 = 8;
const PR_SHIFT: u8 = 9;
const PR_ARITH: u8 = 10;
const PR_TERM: u8 = 11;
const PR_FACTOR: u8 = 12;
const PR_POWER: u8 = 13;
const PR_AWAIT: u8 = 14;
const PR_ATOM: u8 = 15;

/// `_PyAST_ExprAsUnicode`: the text of an annotation.
pub fn expr_as_unicode(e: &Expr) -> String {
    let mut out = String::new();
    expr(&mut out, e, PR_TEST);
    out
}

fn open(out: &mut String, cond: bool) {
    if cond {
        out.push('(');
    }
}

fn close(out: &mut String, cond: bool) {
    if cond {
        out.push(')');
    }
}

/// `append_repr`: a float's or complex's `inf` is written `1e309`.
fn float_text(x: f64) -> String {
    float_repr(x).replace("inf", "1e309")
}

fn constant(out: &mut String, c: &Constant) {
    match c {
        Constant::None => out.push_str("None"),
        Constant::True => out.push_str("True"),
        Constant::False => out.push_str("False"),
        Constant::Ellipsis => out.push_str("..."),
        Constant::Int(i) => out.push_str(&i.to_string()),
        Constant::Float(x) => out.push_str(&float_text(*x)),
        // the repr of `0j + x*1j`: `2j`, `1.5j`, `1e309j`
        Constant::Complex(x) => {
            let r = float_repr(*x);
            let r = r.strip_suffix(".0").unwrap_or(&r).to_string();
            out.push_str(&r.replace("inf", "1e309"));
            out.push('j');
        }
        Constant::Str(s) => out.push_str(&str_repr(s)),
        Constant::Bytes(b) => out.push_str(&bytes_repr(b)),
    }
}

fn seq(out: &mut String, items: &[Expr], level: u8) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        expr(out, x, level);
    }
}

fn comprehensions(out: &mut String, gens: &[Comprehension]) {
    for g in gens {
        out.push_str(" for ");
        expr(out, &g.target, PR_TUPLE);
        out.push_str(" in ");
        expr(out, &g.iter, PR_TEST + 1);
        for cond in &g.ifs {
            out.push_str(" if ");
            expr(out, cond, PR_TEST + 1);
        }
    }
}

fn arg(out: &mut String, p: &Param) {
    out.push_str(&p.name);
    if let Some(a) = &p.annotation {
        out.push_str(": ");
        expr(out, a, PR_TEST);
    }
}

/// `append_ast_args`: a lambda's parameters.
fn args(out: &mut String, params: &Parameters) {
    let mut first = true;
    let mut sep = |out: &mut String| {
        if !first {
            out.push_str(", ");
        }
        first = false;
    };
    let npos = params.posonly.len();
    for (i, p) in params.posonly.iter().chain(&params.args).enumerate() {
        sep(out);
        arg(out, p);
        if let Some(d) = &p.default {
            out.push('=');
            expr(out, d, PR_TEST);
        }
        if npos > 0 && i + 1 == npos {
            out.push_str(", /");
        }
    }
    if params.vararg.is_some() || !params.kwonly.is_empty() {
        sep(out);
        out.push('*');
        if let Some(v) = &params.vararg {
            arg(out, v);
        }
    }
    for p in &params.kwonly {
        sep(out);
        arg(out, p);
        if let Some(d) = &p.default {
            out.push('=');
            expr(out, d, PR_TEST);
        }
    }
    if let Some(k) = &params.kwarg {
        sep(out);
        out.push_str("**");
        arg(out, k);
    }
}

/// `escape_braces` of an f-string's literal text.
fn fstring_literal(out: &mut String, s: &str) {
    out.push_str(&s.replace('{', "{{").replace('}', "}}"));
}

/// `build_fstring_body`.
fn fstring_body(parts: &[FStringPart]) -> String {
    let mut body = String::new();
    for p in parts {
        match p {
            FStringPart::Literal(s) => fstring_literal(&mut body, s),
            FStringPart::Formatted {
                value,
                conversion,
                format_spec,
                debug_text,
            } => {
                // the parser keeps `x=` as literal text before the value
                if let Some(t) = debug_text {
                    fstring_literal(&mut body, t);
                }
                let mut v = String::new();
                expr(&mut v, value, PR_TEST + 1);
                body.push_str(if v.starts_with('{') { "{ " } else { "{" });
                body.push_str(&v);
                // the parser's `x=` implies `!r` unless a conversion or a spec is given
                let conversion = match (conversion, debug_text, format_spec) {
                    (Some(c), _, _) => Some(*c),
                    (None, Some(_), None) => Some('r'),
                    _ => None,
                };
                if let Some(c) = conversion {
                    body.push('!');
                    body.push(c);
                }
                if let Some(spec) = format_spec {
                    body.push(':');
                    body.push_str(&fstring_body(spec));
                }
                body.push('}');
            }
        }
    }
    body
}

fn expr(out: &mut String, e: &Expr, level: u8) {
    match &e.kind {
        ExprKind::BoolOp { op, values } => {
            let (text, pr) = match op {
                BoolOp::And => (" and ", PR_AND),
                BoolOp::Or => (" or ", PR_OR),
            };
            open(out, level > pr);
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(text);
                }
                expr(out, v, pr + 1);
            }
            close(out, level > pr);
        }
        ExprKind::Named { target, value } => {
            open(out, level > PR_TUPLE);
            out.push_str(target);
            out.push_str(":=");
            expr(out, value, PR_ATOM);
            close(out, level > PR_TUPLE);
        }
        ExprKind::BinOp { left, op, right } => {
            let pr = match op {
                BinOp::Add | BinOp::Sub => PR_ARITH,
                BinOp::Mult | BinOp::MatMult | BinOp::Div | BinOp::Mod | BinOp::FloorDiv => PR_TERM,
                BinOp::LShift | BinOp::RShift => PR_SHIFT,
                BinOp::BitOr => PR_BOR,
                BinOp::BitXor => PR_BXOR,
                BinOp::BitAnd => PR_BAND,
                BinOp::Pow => PR_POWER,
            };
            let rassoc = u8::from(*op == BinOp::Pow);
            open(out, level > pr);
            expr(out, left, pr + rassoc);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            expr(out, right, pr + 1 - rassoc);
            close(out, level > pr);
        }
        ExprKind::UnaryOp { op, operand } => {
            let (text, pr) = match op {
                UnaryOp::Invert => ("~", PR_FACTOR),
                UnaryOp::Not => ("not ", PR_NOT),
                UnaryOp::UAdd => ("+", PR_FACTOR),
                UnaryOp::USub => ("-", PR_FACTOR),
            };
            open(out, level > pr);
            out.push_str(text);
            expr(out, operand, pr);
            close(out, level > pr);
        }
        ExprKind::Lambda { params, body } => {
            open(out, level > PR_TEST);
            let npos = params.posonly.len() + params.args.len();
            out.push_str(if npos > 0 { "lambda " } else { "lambda" });
            args(out, params);
            out.push_str(": ");
            expr(out, body, PR_TEST);
            close(out, level > PR_TEST);
        }
        ExprKind::IfExp { test, body, orelse } => {
            open(out, level > PR_TEST);
            expr(out, body, PR_TEST + 1);
            out.push_str(" if ");
            expr(out, test, PR_TEST + 1);
            out.push_str(" else ");
            expr(out, orelse, PR_TEST);
            close(out, level > PR_TEST);
        }
        ExprKind::Dict { keys, values } => {
            out.push('{');
            for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match k {
                    Some(k) => {
                        expr(out, k, PR_TEST);
                        out.push_str(": ");
                        expr(out, v, PR_TEST);
                    }
                    None => {
                        out.push_str("**");
                        expr(out, v, PR_EXPR);
                    }
                }
            }
            out.push('}');
        }
        ExprKind::Set(elts) => {
            out.push('{');
            seq(out, elts, PR_TEST);
            out.push('}');
        }
        ExprKind::ListComp { elt, generators } => {
            out.push('[');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push(']');
        }
        ExprKind::SetComp { elt, generators } => {
            out.push('{');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push('}');
        }
        ExprKind::DictComp {
            key,
            value,
            generators,
        } => {
            out.push('{');
            expr(out, key, PR_TEST);
            out.push_str(": ");
            expr(out, value, PR_TEST);
            comprehensions(out, generators);
            out.push('}');
        }
        ExprKind::GeneratorExp { elt, generators } => {
            out.push('(');
            expr(out, elt, PR_TEST);
            comprehensions(out, generators);
            out.push(')');
        }
        ExprKind::Yield(value) => match value {
            None => out.push_str("(yield)"),
            Some(v) => {
                out.push_str("(yield ");
                expr(out, v, PR_TEST);
                out.push(')');
            }
        },
        ExprKind::YieldFrom(v) => {
            out.push_str("(yield from ");
            expr(out, v, PR_TEST);
            out.push(')');
        }
        ExprKind::Await(v) => {
            open(out, level > PR_AWAIT);
            out.push_str("await ");
            expr(out, v, PR_ATOM);
            close(out, level > PR_AWAIT);
        }
        ExprKind::Compare {
            left,
            ops,
            comparators,
        } => {
            open(out, level > PR_CMP);
            expr(out, left, PR_CMP + 1);
            for (op, c) in ops.iter().zip(comparators) {
                out.push_str(match op {
                    CmpOp::Eq => " == ",
                    CmpOp::NotEq => " != ",
                    CmpOp::Lt => " < ",
                    CmpOp::LtE => " <= ",
                    CmpOp::Gt => " > ",
                    CmpOp::GtE => " >= ",
                    CmpOp::Is => " is ",
                    CmpOp::IsNot => " is not ",
                    CmpOp::In => " in ",
                    CmpOp::NotIn => " not in ",
                });
                expr(out, c, PR_CMP + 1);
            }
            close(out, level > PR_CMP);
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            expr(out, func, PR_ATOM);
            if let ([only], []) = (args.as_slice(), keywords.as_slice()) {
                if matches!(only.kind, ExprKind::GeneratorExp { .. }) {
                    // a lone generator expression brings its own parentheses
                    expr(out, only, PR_TEST);
                    return;
                }
            }
            out.push('(');
            seq(out, args, PR_TEST);
            for (i, k) in keywords.iter().enumerate() {
                if i > 0 || !args.is_empty() {
                    out.push_str(", ");
                }
                match &k.arg {
                    None => out.push_str("**"),
                    Some(name) => {
                        out.push_str(name);
                        out.push('=');
                    }
                }
                expr(out, &k.value, PR_TEST);
            }
            out.push(')');
        }
        ExprKind::FString(parts) => {
            out.push('f');
            out.push_str(&str_repr(&fstring_body(parts)));
        }
        ExprKind::Constant(c) => constant(out, c),
        ExprKind::Attribute { value, attr } => {
            expr(out, value, PR_ATOM);
            // `1 .real`: an int needs a space before the period
            let int = matches!(value.kind, ExprKind::Constant(Constant::Int(_)));
            out.push_str(if int { " ." } else { "." });
            out.push_str(attr);
        }
        ExprKind::Subscript { value, slice } => {
            expr(out, value, PR_ATOM);
            out.push('[');
            expr(out, slice, PR_TUPLE);
            out.push(']');
        }
        ExprKind::Starred(v) => {
            out.push('*');
            expr(out, v, PR_EXPR);
        }
        ExprKind::Name(id) => out.push_str(id),
        ExprKind::List(elts) => {
            out.push('[');
            seq(out, elts, PR_TEST);
            out.push(']');
        }
        ExprKind::Tuple(elts) => {
            if elts.is_empty() {
                out.push_str("()");
                return;
            }
            open(out, level > PR_TUPLE);
            seq(out, elts, PR_TEST);
            if elts.len() == 1 {
                out.push(',');
            }
            close(out, level > PR_TUPLE);
        }
        ExprKind::Slice { lower, upper, step } => {
            if let Some(l) = lower {
                expr(out, l, PR_TEST);
            }
            out.push(':');
            if let Some(u) = upper {
                expr(out, u, PR_TEST);
            }
            if let Some(s) = step {
                out.push(':');
                expr(out, s, PR_TEST);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> Expr {
        Expr {
            range: Default::default(),
            kind: ExprKind::Name(s.to_string()),
        }
    }

    fn e(kind: ExprKind) -> Expr {
        Expr {
            range: Default::default(),
            kind,
        }
    }

    #[test]
    fn subscript_tuple_has_no_parentheses() {
        // Tuple[int, int]
        let t = e(ExprKind::Subscript {
            value: Box::new(name("Tuple")),
            slice: Box::new(e(ExprKind::Tuple(vec![name("int"), name("int")]))),
        });
        assert_eq!(expr_as_unicode(&t), "Tuple[int, int]");
    }

    #[test]
    fn strings_are_their_repr_and_power_is_right_associative() {
        let s = e(ExprKind::Constant(Constant::Str("q".into())));
        assert_eq!(expr_as_unicode(&s), "'q'");
        // (a ** b) ** c keeps its parentheses, a ** (b ** c) loses them
        let pow = |l: Expr, r: Expr| {
            e(ExprKind::BinOp {
                left: Box::new(l),
                op: BinOp::Pow,
                right: Box::new(r),
            })
        };
        let left = pow(pow(name("a"), name("b")), name("c"));
        assert_eq!(expr_as_unicode(&left), "(a ** b) ** c");
        let right = pow(name("a"), pow(name("b"), name("c")));
        assert_eq!(expr_as_unicode(&right), "a ** b ** c");
        let tuple1 = e(ExprKind::Tuple(vec![name("a")]));
        assert_eq!(expr_as_unicode(&tuple1), "(a,)");
        let inf = e(ExprKind::Constant(Constant::Float(f64::INFINITY)));
        assert_eq!(expr_as_unicode(&inf), "1e309");
    }
}
