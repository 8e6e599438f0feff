//! Conversion of ruff's tree into refscope's own (`crate::ast`), recording the first construct
//! the model does not support.

use super::source::Text;
use super::*;
use num_bigint::BigInt;
use num_traits::Num;
use ruff_python_ast as py;
use ruff_text_size::{Ranged, TextRange};

type Conv<T> = Result<T, ParseFailure>;

/// Converts ruff's tree. An unsupported construct is recorded (the first one, in source
/// order) and converted as its nearest supported form, so that the compile-stage checks still
/// see the rest of the module and an earlier error there can be reported first.
pub(super) struct Converter<'s> {
    source: &'s str,
    pub(super) unsupported: std::cell::RefCell<Option<Unsupported>>,
}

impl<'s> Converter<'s> {
    pub(super) fn new(source: &'s str) -> Self {
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
    pub(super) fn suite(&self, body: &[py::Stmt]) -> Conv<Suite> {
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
                            pattern_range: Range::new(
                                c.pattern.range().start().into(),
                                c.pattern.range().end().into(),
                            ),
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
            is_async: for_.is_async,
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
            is_async: with.is_async,
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
        let body = self.suite(&try_.body)?;
        let mut handlers = Vec::new();
        for handler in &try_.handlers {
            let py::ExceptHandler::ExceptHandler(h) = handler;
            handlers.push(ExceptHandler {
                range: to_range(h.range),
                star: try_.is_star,
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
            returns: self.opt_expr(def.returns.as_deref())?,
            body: self.suite(&def.body)?,
            decorators,
            is_async: def.is_async,
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

    /// Parameters with their defaults and annotations.
    fn parameters(&self, params: &py::Parameters) -> Conv<Parameters> {
        let with_defaults = |list: &[py::ParameterWithDefault]| -> Conv<Vec<Param>> {
            list.iter()
                .map(|p| {
                    Ok(Param {
                        name: ident(&p.parameter.name),
                        default: self.opt_expr(p.default.as_deref())?,
                        annotation: self.opt_expr(p.parameter.annotation.as_deref())?,
                        range: param_range(&p.parameter),
                    })
                })
                .collect()
        };
        let star = |p: &Option<Box<py::Parameter>>| -> Conv<Option<Param>> {
            match p {
                Some(p) => Ok(Some(Param {
                    name: ident(&p.name),
                    default: None,
                    annotation: self.opt_expr(p.annotation.as_deref())?,
                    range: param_range(p),
                })),
                None => Ok(None),
            }
        };
        Ok(Parameters {
            posonly: with_defaults(&params.posonlyargs)?,
            args: with_defaults(&params.args)?,
            vararg: star(&params.vararg)?,
            kwonly: with_defaults(&params.kwonlyargs)?,
            kwarg: star(&params.kwarg)?,
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
                Ok(ExprKind::Await(self.boxed(&a.value)?))
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
                    is_async: g.is_async,
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
