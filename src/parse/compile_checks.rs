//! Compile-stage checks: what CPython's symbol table and compiler reject in a parsed module
//! ('return' outside function, nonlocal errors, `__future__` placement...).

use super::source::Text;
use super::*;

/// The first compile-stage error, in CPython's order: symbol-table errors (in source order),
/// then unresolved `nonlocal`s, then compiler errors (in source order).
pub(super) fn validate(source: &str, suite: &Suite) -> Result<(), ParseFailure> {
    let text = Text::new(source);
    // the same reading of the module's top as the compiler's (future.c)
    let future_annotations = crate::compile::future_annotations(suite);
    let mut table = SymbolTable {
        text: &text,
        scopes: vec![Scope::new(ScopeKind::Module, Range::default())],
        stack: vec![0],
        module_global_annotation: None,
        future_annotations,
    };
    let raised_by = |stage: Stage| {
        move |mut e: SyntaxError| {
            e.stage = stage;
            ParseFailure::Syntax(e)
        }
    };
    table.suite(suite).map_err(raised_by(Stage::Symtable))?;
    table
        .check_nonlocals(0, &[])
        .map_err(raised_by(Stage::Symtable))?;
    let mut compiler = CompileCheck {
        text: &text,
        unit: Unit::Module,
        loops: 0,
        blocks: table.block_flags(),
        future_annotations,
    };
    compiler.suite(suite).map_err(raised_by(Stage::Compiler))?;
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
    /// A SyntaxError underlining a node, as the compiler raises it (`compiler_error`).
    fn node_error(&self, msg: impl Into<String>, range: Range) -> SyntaxError {
        let start = self.norm_pos(range.start as usize);
        let end = self.norm_pos(range.end as usize);
        let mut e = self.error("SyntaxError", msg, self.span(start, end));
        e.stage = Stage::Compiler;
        e
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
    /// The annotations of a statement under `from __future__ import annotations`
    /// (`AnnotationBlock`): they are never evaluated, and some expressions may not appear.
    Annotation,
}

struct Scope {
    kind: ScopeKind,
    /// The node that opened it (the `def` statement, the comprehension...).
    node: Range,
    /// `ste_coroutine`: an `async def`, or a block that awaits (an `await`, an `async for` in
    /// a comprehension, or a nested list, set or dict comprehension that is one).
    coroutine: bool,
    /// `ste_generator`: the block yields.
    generator: bool,
    /// Symbol flags in order of first appearance.
    symbols: Vec<(String, u8)>,
    /// Where each symbol is in `symbols`.
    index: std::collections::HashMap<String, usize>,
    /// `global` and `nonlocal` statements naming each symbol.
    directives: Vec<(String, Range)>,
    children: Vec<usize>,
}

impl Scope {
    pub(super) fn new(kind: ScopeKind, node: Range) -> Scope {
        Scope {
            kind,
            node,
            coroutine: false,
            generator: false,
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
    /// `from __future__ import annotations`: annotations get blocks of their own.
    future_annotations: bool,
}

/// What the compiler reads from a function's or comprehension's symbol table entry:
/// `(ste_coroutine, ste_generator)`, by the range of the node that opened the block.
type BlockFlags = std::collections::HashMap<(u32, u32), (bool, bool)>;

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

    fn enter(&mut self, kind: ScopeKind, node: Range) {
        let idx = self.scopes.len();
        self.scopes.push(Scope::new(kind, node));
        self.current().children.push(idx);
        self.stack.push(idx);
    }

    fn exit(&mut self) {
        self.stack.pop();
    }

    pub(super) fn suite(&mut self, suite: &Suite) -> Check {
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
                self.annotation(annotation, stmt.range)?;
                self.opt_expr(value.as_ref())
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
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
            StmtKind::With { items, body, .. } => self.with(items, body),
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
        self.annotations(&def.params, def.returns.as_ref(), range)?;
        self.exprs(&def.decorators)?;
        self.enter(ScopeKind::Function, range);
        // an `async def` is a coroutine before its body is read
        self.current().coroutine = def.is_async;
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
        self.enter(ScopeKind::Class, range);
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
                self.not_in_annotation("named expression", expr.range)?;
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
                self.enter(ScopeKind::Function, expr.range);
                self.params(params)?;
                self.expr(body)?;
                self.exit();
                Ok(())
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension("list comprehension", expr.range, generators, &[elt])
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension("set comprehension", expr.range, generators, &[elt])
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension("generator expression", expr.range, generators, &[elt])
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension("dict comprehension", expr.range, generators, &[key, value]),
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                self.not_in_annotation("yield expression", expr.range)?;
                children(expr).into_iter().try_for_each(|e| self.expr(e))?;
                self.current().generator = true;
                if let ScopeKind::Comprehension(what) = self.current().kind {
                    let msg = format!("'yield' inside {what}");
                    return Err(self.text.node_error(msg, expr.range));
                }
                Ok(())
            }
            ExprKind::Await(value) => {
                self.not_in_annotation("await expression", expr.range)?;
                self.expr(value)?;
                self.current().coroutine = true;
                Ok(())
            }
            _ => children(expr).into_iter().try_for_each(|e| self.expr(e)),
        }
    }

    /// `symtable_handle_comprehension`: the first iterable in the enclosing block, the rest
    /// in the comprehension's own. A list, set or dict comprehension that awaits makes the
    /// enclosing block await too (a generator expression is an async generator instead).
    fn comprehension(
        &mut self,
        what: &'static str,
        node: Range,
        generators: &[Comprehension],
        elts: &[&Expr],
    ) -> Check {
        let Some((first, _)) = generators.split_first() else {
            return Ok(());
        };
        self.expr(&first.iter)?;
        self.enter(ScopeKind::Comprehension(what), node);
        for (i, g) in generators.iter().enumerate() {
            self.target(&g.target)?;
            if i > 0 {
                self.expr(&g.iter)?;
            }
            self.exprs(&g.ifs)?;
            if g.is_async {
                self.current().coroutine = true;
            }
        }
        for e in elts {
            self.expr(e)?;
        }
        let is_async = self.current().coroutine && what != "generator expression";
        self.exit();
        if is_async {
            self.current().coroutine = true;
        }
        Ok(())
    }

    /// `symtable_raise_if_annotation_block`.
    fn not_in_annotation(&mut self, what: &str, range: Range) -> Check {
        if self.current().kind != ScopeKind::Annotation {
            return Ok(());
        }
        let msg = format!("'{what}' can not be used within an annotation");
        Err(self.text.node_error(msg, range))
    }

    /// `symtable_visit_annotation`: under `from __future__ import annotations` an annotation
    /// is read in a block of its own.
    fn annotation(&mut self, annotation: &Expr, node: Range) -> Check {
        if !self.future_annotations {
            return self.expr(annotation);
        }
        self.enter(ScopeKind::Annotation, node);
        let result = self.expr(annotation);
        self.exit();
        result
    }

    /// `symtable_visit_annotations`: the parameters' annotations (in one block under
    /// `from __future__ import annotations`), then the return annotation.
    fn annotations(&mut self, params: &Parameters, returns: Option<&Expr>, node: Range) -> Check {
        if self.future_annotations {
            self.enter(ScopeKind::Annotation, node);
        }
        let in_order = params
            .posonly
            .iter()
            .chain(&params.args)
            .chain(params.vararg.as_ref())
            .chain(params.kwarg.as_ref())
            .chain(&params.kwonly);
        let result = in_order
            .filter_map(|p| p.annotation.as_ref())
            .try_for_each(|a| self.expr(a));
        if self.future_annotations {
            self.exit();
        }
        result?;
        returns.map_or(Ok(()), |r| self.annotation(r, node))
    }

    /// The flags the compiler reads, for every function and comprehension block.
    fn block_flags(&self) -> BlockFlags {
        self.scopes
            .iter()
            .filter(|s| matches!(s.kind, ScopeKind::Function | ScopeKind::Comprehension(_)))
            .map(|s| ((s.node.start, s.node.end), (s.coroutine, s.generator)))
            .collect()
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
        ExprKind::YieldFrom(value) | ExprKind::Await(value) | ExprKind::Starred(value) => {
            out.push(&**value)
        }
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

/// The kind of code unit being compiled: compile.c's `u_scope_type` (with what the
/// compiler reads of the unit's symbol table entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Module,
    Class,
    /// `async_generator`: an async function that yields, or a plain one that both awaits
    /// and yields (`ste_coroutine && ste_generator`).
    Function {
        is_async: bool,
        async_generator: bool,
    },
    Lambda,
    Comprehension,
}

impl Unit {
    /// The unit's block is a function block (`ste_type == FunctionBlock`).
    fn is_function_block(self) -> bool {
        !matches!(self, Unit::Module | Unit::Class)
    }

    fn is_async_function(self) -> bool {
        matches!(self, Unit::Function { is_async: true, .. })
    }
}

/// CPython's compile.c checks.
struct CompileCheck<'t> {
    text: &'t Text,
    unit: Unit,
    /// Loops enclosing the current statement within the current function or class body.
    loops: usize,
    /// What the symbol table found of each function and comprehension block.
    blocks: BlockFlags,
    /// `from __future__ import annotations`: annotations are not compiled as expressions.
    future_annotations: bool,
}

impl CompileCheck<'_> {
    pub(super) fn suite(&mut self, suite: &Suite) -> Check {
        suite.iter().try_for_each(|s| self.stmt(s))
    }

    /// Checks a function, class, lambda or comprehension body with its own loop context.
    fn nested(&mut self, unit: Unit, f: impl FnOnce(&mut Self) -> Check) -> Check {
        let saved = (self.unit, self.loops);
        self.unit = unit;
        self.loops = 0;
        let result = f(self);
        (self.unit, self.loops) = saved;
        result
    }

    /// `(ste_coroutine, ste_generator)` of the block `node` opened.
    fn block(&self, node: Range) -> (bool, bool) {
        self.blocks
            .get(&(node.start, node.end))
            .copied()
            .unwrap_or_default()
    }

    /// An annotation is compiled (evaluated) only in a module or class body, and not under
    /// `from __future__ import annotations` (`check_annotation`, `compiler_visit_argannotation`).
    fn annotation(&mut self, annotation: &Expr) -> Check {
        if self.future_annotations {
            return Ok(());
        }
        self.expr(annotation)
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
                if !self.unit.is_function_block() {
                    return Err(self.text.node_error("'return' outside function", range));
                }
                if let (
                    Some(_),
                    Unit::Function {
                        async_generator: true,
                        ..
                    },
                ) = (value, self.unit)
                {
                    let msg = "'return' with value in async generator";
                    return Err(self.text.node_error(msg, range));
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
            } => self.ann_assign(target, annotation, value.as_ref()),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async && !self.unit.is_async_function() {
                    let msg = "'async for' outside async function";
                    return Err(self.text.node_error(msg, range));
                }
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
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async && !self.unit.is_async_function() {
                    let msg = "'async with' outside async function";
                    return Err(self.text.node_error(msg, range));
                }
                self.with(items, body)
            }
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

    /// `compiler_function`: the parameters' names, the decorators, the defaults, the
    /// annotations, then the body as a unit of its own.
    fn function_def(&mut self, def: &FunctionDef, range: Range) -> Check {
        self.params_debug(&def.params, range)?;
        self.exprs(&def.decorators)?;
        self.defaults(&def.params)?;
        // compiler_visit_annotations: positional, positional-only, `*args`, keyword-only,
        // `**kwargs`, return
        let params = &def.params;
        let in_order = params
            .args
            .iter()
            .chain(&params.posonly)
            .chain(params.vararg.as_ref())
            .chain(&params.kwonly)
            .chain(params.kwarg.as_ref());
        let annotations = in_order.filter_map(|p| p.annotation.as_ref());
        annotations
            .chain(def.returns.as_ref())
            .try_for_each(|a| self.annotation(a))?;
        self.debug_name(&def.name, false, range)?;
        let (coroutine, generator) = self.block(range);
        let unit = Unit::Function {
            is_async: def.is_async,
            async_generator: coroutine && generator,
        };
        self.nested(unit, |c| c.suite(&def.body))
    }

    /// `compiler_annassign`: the assignment, then the target's parts when nothing is
    /// assigned, then the annotation where it is evaluated.
    fn ann_assign(&mut self, target: &Expr, annotation: &Expr, value: Option<&Expr>) -> Check {
        match value {
            Some(v) => {
                self.expr(v)?;
                self.store(target)?;
            }
            None => match &target.kind {
                ExprKind::Name(name) => self.debug_name(name, false, target.range)?,
                ExprKind::Attribute { value, attr } => {
                    self.debug_name(attr, false, target.range)?;
                    self.expr(value)?;
                }
                ExprKind::Subscript { value, slice } => {
                    self.expr(value)?;
                    self.expr(slice)?;
                }
                _ => self.expr(target)?,
            },
        }
        if matches!(self.unit, Unit::Module | Unit::Class) {
            self.annotation(annotation)?;
        }
        Ok(())
    }

    /// The body runs before the bases and keywords are checked (CPython compiles it first).
    fn class_def(&mut self, class: &ClassDef, range: Range) -> Check {
        self.exprs(&class.decorators)?;
        self.nested(Unit::Class, |c| c.suite(&class.body))?;
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
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) if !self.unit.is_function_block() => {
                Err(self.text.node_error("'yield' outside function", expr.range))
            }
            ExprKind::YieldFrom(_) if self.unit.is_async_function() => Err(self
                .text
                .node_error("'yield from' inside async function", expr.range)),
            ExprKind::Await(value) => {
                if !self.unit.is_function_block() {
                    return Err(self.text.node_error("'await' outside function", expr.range));
                }
                if !matches!(
                    self.unit,
                    Unit::Function { is_async: true, .. } | Unit::Comprehension
                ) {
                    let msg = "'await' outside async function";
                    return Err(self.text.node_error(msg, expr.range));
                }
                self.expr(value)
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
                self.nested(Unit::Lambda, |c| c.expr(body))
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

    /// `compiler_comprehension`: the comprehension's own unit first (a list, set or dict
    /// comprehension that awaits must be in an async function or another comprehension),
    /// then the first iterable, which is evaluated outside it.
    fn comprehension(&mut self, expr: &Expr) -> Check {
        let is_genexp = matches!(expr.kind, ExprKind::GeneratorExp { .. });
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
        let (coroutine, _) = self.block(expr.range);
        let awaits_allowed = self.unit.is_async_function() || self.unit == Unit::Comprehension;
        if coroutine && !is_genexp && !awaits_allowed {
            let msg = "asynchronous comprehension outside of an asynchronous function";
            return Err(self.text.node_error(msg, expr.range));
        }
        self.nested(Unit::Comprehension, |c| {
            for (i, g) in generators.iter().enumerate() {
                if i > 0 {
                    c.expr(&g.iter)?;
                }
                c.store(&g.target)?;
                c.exprs(&g.ifs)?;
            }
            elts.into_iter().try_for_each(|e| c.expr(e))
        })?;
        self.expr(&first.iter)
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
                    // future.c: `PyErr_SyntaxLocationObject` gives a line and an offset but
                    // no end
                    let start = text.norm_pos(stmt.range.start as usize);
                    let mut e = text.error("SyntaxError", msg, text.at(start));
                    e.end_col = None;
                    e.stage = Stage::Symtable;
                    return Err(e);
                }
            }
            _ if is_docstring => {}
            _ => at_top = false,
        }
    }
    Ok(())
}
