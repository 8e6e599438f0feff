//! The symbol table (`Python/symtable.c`): which names each scope binds, and whether each name
//! it uses is local, global, free (from an enclosing function) or a cell (captured by an inner
//! function). The compiler asks it which load/store instruction each name needs.

use std::collections::{HashMap, HashSet};

use crate::ast::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
    GeneratorExpr,
}

/// Where a name lives, after analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    Local,
    GlobalExplicit,
    GlobalImplicit,
    Free,
    Cell,
}

const DEF_LOCAL: u8 = 1;
const DEF_GLOBAL: u8 = 2;
const DEF_NONLOCAL: u8 = 4;
const DEF_PARAM: u8 = 8;
const USE: u8 = 16;
/// Bound by an import (`DEF_IMPORT`): see [`SymbolTable::is_import_originated`].
const DEF_IMPORT: u8 = 32;

pub type ScopeId = usize;

#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub name: String,
    /// Names in order of first appearance, with their flags.
    order: Vec<String>,
    flags: HashMap<String, u8>,
    pub params: Vec<String>,
    pub children: Vec<ScopeId>,
    pub generator: bool,
    /// Resolved scope of every name after analysis.
    pub resolved: HashMap<String, NameScope>,
    /// A class whose methods use `super`/`__class__` gets a `__class__` cell.
    pub needs_class_closure: bool,
    /// Where the scope's node starts (to find the scope back from the AST).
    pub key: u32,
    /// `st_private`: the name of the class whose body (or a function in it) this is; its
    /// private names (`__x`) are stored mangled (`_Class__x`).
    pub private: Option<String>,
    /// `DEF_FREE_CLASS`: names a class binds (or declares global) that a method also uses as
    /// a free variable of an enclosing function. They stay class-body names (`LOAD_NAME`) and
    /// are also free variables of the class code, which passes their cells on to the method.
    free_class: HashSet<String>,
}

impl Scope {
    fn new(kind: ScopeKind, name: &str, key: u32) -> Scope {
        Scope {
            kind,
            name: name.to_string(),
            order: Vec::new(),
            flags: HashMap::new(),
            params: Vec::new(),
            children: Vec::new(),
            generator: false,
            resolved: HashMap::new(),
            needs_class_closure: false,
            key,
            private: None,
            free_class: HashSet::new(),
        }
    }

    /// `_Py_Mangle`: `__x` (not `__x__`, no dots) in a class is `_Class__x`, the class name
    /// without its leading underscores.
    pub fn mangle<'a>(&self, name: &'a str) -> std::borrow::Cow<'a, str> {
        mangle(self.private.as_deref(), name)
    }

    fn add(&mut self, name: &str, flag: u8) {
        let name = &*mangle(self.private.as_deref(), name);
        match self.flags.get_mut(name) {
            Some(f) => *f |= flag,
            None => {
                self.order.push(name.to_string());
                self.flags.insert(name.to_string(), flag);
            }
        }
    }

    pub fn scope_of(&self, name: &str) -> NameScope {
        self.resolved
            .get(&*self.mangle(name))
            .copied()
            .unwrap_or(NameScope::GlobalImplicit)
    }

    pub fn is_function_like(&self) -> bool {
        !matches!(self.kind, ScopeKind::Module | ScopeKind::Class)
    }

    /// `co_varnames`: parameters, then other locals in order of first appearance. A local
    /// captured by an inner function lives only in its cell (`co_cellvars`), unless it is a
    /// parameter.
    pub fn varnames(&self) -> Vec<String> {
        let mut out = self.params.clone();
        if self.is_function_like() {
            let mut seen: HashSet<String> = out.iter().cloned().collect();
            for name in &self.order {
                if seen.contains(name) {
                    continue;
                }
                if self.resolved.get(name) == Some(&NameScope::Local)
                    && self.flags[name] & (DEF_LOCAL | DEF_PARAM) != 0
                {
                    seen.insert(name.clone());
                    out.push(name.clone());
                }
            }
        }
        out
    }

    /// Cell variables, sorted (CPython sorts them).
    pub fn cellvars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .resolved
            .iter()
            .filter(|(_, s)| **s == NameScope::Cell)
            .map(|(n, _)| n.clone())
            .collect();
        if self.needs_class_closure {
            v.push("__class__".into());
        }
        v.sort();
        v
    }

    /// Free variables, sorted.
    pub fn freevars(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .resolved
            .iter()
            .filter(|(_, s)| **s == NameScope::Free)
            .map(|(n, _)| n.clone())
            .chain(self.free_class.iter().cloned())
            .collect();
        v.sort();
        v
    }
}

/// A semantic error found while building the table (reported as `SyntaxError`).
#[derive(Debug)]
pub struct SymtableError {
    pub msg: String,
    pub range: Range,
}

#[derive(Debug)]
pub struct SymbolTable {
    pub scopes: Vec<Scope>,
    /// Scope of each function/lambda/class/comprehension node, by the node's start offset and
    /// kind.
    by_key: HashMap<(u32, u8), ScopeId>,
}

impl SymbolTable {
    /// Build and analyse the table of a compilation unit.
    pub fn build(body: &[Stmt]) -> Result<SymbolTable, SymtableError> {
        let mut b = Builder {
            table: SymbolTable {
                scopes: vec![Scope::new(ScopeKind::Module, "<module>", 0)],
                by_key: HashMap::new(),
            },
            stack: vec![0],
            error: None,
            future_annotations: crate::compile::future_annotations(body),
        };
        for s in body {
            b.stmt(s);
        }
        if let Some(e) = b.error {
            return Err(e);
        }
        let mut table = b.table;
        let mut errors = Vec::new();
        analyze(&mut table, 0, &HashSet::new(), &HashSet::new(), &mut errors);
        if let Some(e) = errors.into_iter().next() {
            return Err(e);
        }
        Ok(table)
    }

    /// `is_import_originated` (compile.c 3.11): is `name` bound by an import anywhere in the
    /// module's own scope? Then `name.attr(...)` is compiled as `LOAD_ATTR` and a plain
    /// call, not `LOAD_METHOD` (`maybe_optimize_method_call`), wherever the call is: only the
    /// top scope is asked, as CPython does.
    pub fn is_import_originated(&self, name: &str) -> bool {
        self.scopes[0]
            .flags
            .get(name)
            .is_some_and(|f| f & DEF_IMPORT != 0)
    }

    pub fn scope(&self, id: ScopeId) -> &Scope {
        &self.scopes[id]
    }

    /// The scope made for the node starting at `start` (kind tells same-offset nodes apart:
    /// a lambda and the comprehension that starts it).
    pub fn scope_for(&self, start: u32, kind: ScopeKind) -> Option<ScopeId> {
        self.by_key.get(&(start, kind_tag(kind))).copied()
    }
}

fn kind_tag(kind: ScopeKind) -> u8 {
    match kind {
        ScopeKind::Module => 0,
        ScopeKind::Class => 1,
        ScopeKind::Function => 2,
        ScopeKind::Lambda => 3,
        ScopeKind::Comprehension | ScopeKind::GeneratorExpr => 4,
    }
}

struct Builder {
    /// `from __future__ import annotations`: annotations are text, their names bind nothing
    /// here (CPython visits them in an annotation block of their own).
    future_annotations: bool,
    table: SymbolTable,
    stack: Vec<ScopeId>,
    error: Option<SymtableError>,
}

impl Builder {
    fn cur(&mut self) -> &mut Scope {
        let id = *self.stack.last().expect("scope stack");
        &mut self.table.scopes[id]
    }

    fn err(&mut self, msg: String, range: Range) {
        if self.error.is_none() {
            self.error = Some(SymtableError { msg, range });
        }
    }

    fn push_scope(&mut self, kind: ScopeKind, name: &str, key: u32) -> ScopeId {
        let id = self.table.scopes.len();
        let parent = *self.stack.last().expect("scope stack");
        let mut scope = Scope::new(kind, name, key);
        scope.private = if kind == ScopeKind::Class {
            Some(name.to_string())
        } else {
            self.table.scopes[parent].private.clone()
        };
        self.table.scopes.push(scope);
        self.table.scopes[parent].children.push(id);
        self.table.by_key.insert((key, kind_tag(kind)), id);
        self.stack.push(id);
        id
    }

    fn pop_scope(&mut self) {
        self.stack.pop();
    }

    fn bind(&mut self, name: &str) {
        self.cur().add(name, DEF_LOCAL);
    }

    fn use_name(&mut self, name: &str) {
        let kind = self.cur().kind;
        self.cur().add(name, USE);
        if name == "super" && kind != ScopeKind::Module && kind != ScopeKind::Class {
            self.cur().add("__class__", USE);
        }
    }

    fn stmts(&mut self, body: &[Stmt]) {
        for s in body {
            self.stmt(s);
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::Assign { targets, value } => {
                self.expr(value);
                for t in targets {
                    self.target(t);
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value);
                if let ExprKind::Name(n) = &target.kind {
                    self.use_name(n);
                }
                self.target(target);
            }
            StmtKind::AnnAssign {
                target,
                value,
                annotation,
                simple,
            } => {
                if let Some(v) = value {
                    self.expr(v);
                }
                // annotations are evaluated only in module and class bodies
                if !self.future_annotations
                    && matches!(self.cur().kind, ScopeKind::Module | ScopeKind::Class)
                {
                    self.expr(annotation);
                }
                if value.is_some() || !*simple {
                    self.target(target);
                } else if let ExprKind::Name(n) = &target.kind {
                    // `x: int` alone makes x local in a function without binding it
                    self.cur().add(n, DEF_LOCAL);
                }
            }
            StmtKind::Delete(targets) => {
                for t in targets {
                    self.target(t);
                }
            }
            StmtKind::Pass | StmtKind::Break | StmtKind::Continue => {}
            StmtKind::Return(v) => {
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            StmtKind::Match { subject, cases } => {
                self.expr(subject);
                for c in cases {
                    for e in c.pattern.exprs() {
                        self.expr(e);
                    }
                    for name in c.pattern.captures() {
                        self.bind(name);
                    }
                    if let Some(g) = &c.guard {
                        self.expr(g);
                    }
                    self.stmts(&c.body);
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expr(test);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expr(iter);
                self.target(target);
                self.stmts(body);
                self.stmts(orelse);
            }
            StmtKind::FunctionDef(f) => {
                for d in &f.decorators {
                    self.expr(d);
                }
                self.defaults(&f.params);
                // annotations are evaluated where the function is defined
                if !self.future_annotations {
                    for a in f.params.annotations() {
                        self.expr(a);
                    }
                    if let Some(r) = &f.returns {
                        self.expr(r);
                    }
                }
                self.bind(&f.name);
                self.push_scope(ScopeKind::Function, &f.name, s.range.start);
                self.params(&f.params);
                self.stmts(&f.body);
                self.pop_scope();
            }
            StmtKind::ClassDef(c) => {
                for d in &c.decorators {
                    self.expr(d);
                }
                for b in &c.bases {
                    self.expr(b);
                }
                for k in &c.keywords {
                    self.expr(&k.value);
                }
                self.bind(&c.name);
                self.push_scope(ScopeKind::Class, &c.name, s.range.start);
                self.stmts(&c.body);
                self.pop_scope();
            }
            StmtKind::Global(names) => {
                for n in names {
                    let key = self.cur().mangle(n).into_owned();
                    let flags = self.cur().flags.get(key.as_str()).copied().unwrap_or(0);
                    if flags & (DEF_LOCAL | USE | DEF_PARAM) != 0
                        && self.cur().kind != ScopeKind::Module
                    {
                        let what = if flags & DEF_PARAM != 0 {
                            format!("name '{n}' is parameter and global")
                        } else if flags & DEF_LOCAL != 0 {
                            format!("name '{n}' is assigned to before global declaration")
                        } else {
                            format!("name '{n}' is used prior to global declaration")
                        };
                        self.err(what, s.range);
                    }
                    self.cur().add(n, DEF_GLOBAL);
                }
            }
            StmtKind::Nonlocal(names) => {
                for n in names {
                    if self.cur().kind == ScopeKind::Module {
                        self.err(
                            "nonlocal declaration not allowed at module level".into(),
                            s.range,
                        );
                    }
                    let key = self.cur().mangle(n).into_owned();
                    let flags = self.cur().flags.get(key.as_str()).copied().unwrap_or(0);
                    if flags & DEF_PARAM != 0 {
                        self.err(format!("name '{n}' is parameter and nonlocal"), s.range);
                    } else if flags & DEF_LOCAL != 0 {
                        self.err(
                            format!("name '{n}' is assigned to before nonlocal declaration"),
                            s.range,
                        );
                    } else if flags & USE != 0 {
                        self.err(
                            format!("name '{n}' is used prior to nonlocal declaration"),
                            s.range,
                        );
                    }
                    self.cur().add(n, DEF_NONLOCAL);
                }
            }
            StmtKind::Import(names) => {
                for a in names {
                    let bound = a
                        .asname
                        .clone()
                        .unwrap_or_else(|| a.name.split('.').next().unwrap_or("").to_string());
                    self.bind(&bound);
                    self.cur().add(&bound, DEF_IMPORT);
                }
            }
            StmtKind::ImportFrom { names, .. } => {
                for a in names {
                    if a.name == "*" {
                        if self.cur().kind != ScopeKind::Module {
                            self.err("import * only allowed at module level".into(), s.range);
                        }
                        continue;
                    }
                    let bound = a.asname.clone().unwrap_or_else(|| a.name.clone());
                    self.bind(&bound);
                    self.cur().add(&bound, DEF_IMPORT);
                }
            }
            StmtKind::Raise { exc, cause } => {
                if let Some(e) = exc {
                    self.expr(e);
                }
                if let Some(c) = cause {
                    self.expr(c);
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.stmts(body);
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t);
                    }
                    if let Some(n) = &h.name {
                        self.bind(n);
                    }
                    self.stmts(&h.body);
                }
                self.stmts(orelse);
                self.stmts(finalbody);
            }
            StmtKind::Assert { test, msg } => {
                self.expr(test);
                if let Some(m) = msg {
                    self.expr(m);
                }
            }
            StmtKind::With { items, body, .. } => {
                for it in items {
                    self.expr(&it.context);
                    if let Some(t) = &it.target {
                        self.target(t);
                    }
                }
                self.stmts(body);
            }
        }
    }

    fn defaults(&mut self, p: &Parameters) {
        for param in p.posonly.iter().chain(&p.args).chain(&p.kwonly) {
            if let Some(d) = &param.default {
                self.expr(d);
            }
        }
    }

    fn params(&mut self, p: &Parameters) {
        let mut seen = HashSet::new();
        let all = p
            .posonly
            .iter()
            .chain(&p.args)
            .chain(&p.kwonly)
            .chain(p.vararg.iter())
            .chain(p.kwarg.iter());
        // CPython's order: positional, keyword-only, then *args, then **kwargs
        let mut ordered: Vec<&Param> = p.posonly.iter().chain(&p.args).chain(&p.kwonly).collect();
        ordered.extend(p.vararg.iter());
        ordered.extend(p.kwarg.iter());
        for param in all {
            if !seen.insert(param.name.clone()) {
                self.err(
                    format!("duplicate argument '{}' in function definition", param.name),
                    param.range,
                );
            }
        }
        for param in ordered {
            self.cur().add(&param.name, DEF_PARAM);
            let mangled = self.cur().mangle(&param.name).into_owned();
            self.cur().params.push(mangled);
        }
    }

    /// A store/del target.
    fn target(&mut self, t: &Expr) {
        match &t.kind {
            ExprKind::Name(n) => self.bind(n),
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                for i in items {
                    self.target(i);
                }
            }
            ExprKind::Starred(inner) => self.target(inner),
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice } => {
                self.expr(value);
                self.expr(slice);
            }
            _ => self.expr(t),
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::BoolOp { values, .. } => {
                for v in values {
                    self.expr(v);
                }
            }
            ExprKind::Named { target, value } => {
                self.expr(value);
                self.namedexpr_target(target, e.range);
            }
            ExprKind::BinOp { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::UnaryOp { operand, .. } => self.expr(operand),
            ExprKind::Lambda { params, body } => {
                self.defaults(params);
                self.push_scope(ScopeKind::Lambda, "<lambda>", e.range.start);
                self.params(params);
                self.expr(body);
                self.pop_scope();
            }
            ExprKind::IfExp { test, body, orelse } => {
                self.expr(test);
                self.expr(body);
                self.expr(orelse);
            }
            ExprKind::Dict { keys, values } => {
                for (k, v) in keys.iter().zip(values) {
                    if let Some(k) = k {
                        self.expr(k);
                    }
                    self.expr(v);
                }
            }
            ExprKind::Set(items) | ExprKind::List(items) | ExprKind::Tuple(items) => {
                for i in items {
                    self.expr(i);
                }
            }
            ExprKind::ListComp { elt, generators } => {
                self.comprehension(e, "<listcomp>", generators, &[elt], false)
            }
            ExprKind::SetComp { elt, generators } => {
                self.comprehension(e, "<setcomp>", generators, &[elt], false)
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(e, "<genexpr>", generators, &[elt], true)
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(e, "<dictcomp>", generators, &[key, value], false),
            ExprKind::Yield(v) => {
                self.cur().generator = true;
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            ExprKind::YieldFrom(v) => {
                self.cur().generator = true;
                self.expr(v);
            }
            ExprKind::Await(v) => self.expr(v),
            ExprKind::Compare {
                left, comparators, ..
            } => {
                self.expr(left);
                for c in comparators {
                    self.expr(c);
                }
            }
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                self.expr(func);
                for a in args {
                    self.expr(a);
                }
                for k in keywords {
                    self.expr(&k.value);
                }
            }
            ExprKind::FString(parts) => self.fstring(parts),
            ExprKind::Constant(_) => {}
            ExprKind::Attribute { value, .. } => self.expr(value),
            ExprKind::Subscript { value, slice } => {
                self.expr(value);
                self.expr(slice);
            }
            ExprKind::Starred(v) => self.expr(v),
            ExprKind::Name(n) => self.use_name(n),
            ExprKind::Slice { lower, upper, step } => {
                for p in [lower, upper, step].into_iter().flatten() {
                    self.expr(p);
                }
            }
        }
    }

    /// `symtable_extend_namedexpr_scope`: a walrus inside a comprehension binds in the nearest
    /// enclosing function (as a nonlocal of the comprehension) or module (as a global of
    /// both); in a class body it is an error.
    fn namedexpr_target(&mut self, target: &str, range: Range) {
        let innermost = *self.stack.last().expect("a scope is always open");
        for &sid in self.stack.iter().rev() {
            match self.table.scopes[sid].kind {
                ScopeKind::Comprehension | ScopeKind::GeneratorExpr => continue,
                _ if sid == innermost => break,
                ScopeKind::Function | ScopeKind::Lambda => {
                    let global = self.table.scopes[sid]
                        .flags
                        .get(target)
                        .copied()
                        .unwrap_or(0)
                        & DEF_GLOBAL
                        != 0;
                    let flag = if global { DEF_GLOBAL } else { DEF_NONLOCAL };
                    self.table.scopes[innermost].add(target, flag | DEF_LOCAL);
                    self.table.scopes[sid].add(target, DEF_LOCAL);
                    return;
                }
                ScopeKind::Module => {
                    self.table.scopes[innermost].add(target, DEF_GLOBAL | DEF_LOCAL);
                    self.table.scopes[sid].add(target, DEF_GLOBAL);
                    return;
                }
                ScopeKind::Class => {
                    self.err(
                        "assignment expression within a comprehension cannot be used in a class body"
                            .into(),
                        range,
                    );
                    return;
                }
            }
        }
        self.cur().add(target, DEF_LOCAL);
    }

    fn fstring(&mut self, parts: &[FStringPart]) {
        for p in parts {
            if let FStringPart::Formatted {
                value, format_spec, ..
            } = p
            {
                self.expr(value);
                if let Some(spec) = format_spec {
                    self.fstring(spec);
                }
            }
        }
    }

    fn comprehension(
        &mut self,
        e: &Expr,
        name: &str,
        generators: &[Comprehension],
        elts: &[&Expr],
        genexpr: bool,
    ) {
        // the first iterable is evaluated in the enclosing scope
        if let Some(first) = generators.first() {
            self.expr(&first.iter);
        }
        let kind = if genexpr {
            ScopeKind::GeneratorExpr
        } else {
            ScopeKind::Comprehension
        };
        self.push_scope(kind, name, e.range.start);
        if genexpr {
            self.cur().generator = true;
        }
        self.cur().add(".0", DEF_PARAM);
        self.cur().params.push(".0".into());
        for (i, g) in generators.iter().enumerate() {
            if i > 0 {
                self.expr(&g.iter);
            }
            self.target(&g.target);
            for cond in &g.ifs {
                self.expr(cond);
            }
        }
        for elt in elts {
            self.expr(elt);
        }
        self.pop_scope();
    }
}

/// `analyze_block`: resolve every name of scope `id` and its children. `bound` holds names bound
/// in enclosing function scopes, `global` names declared global in enclosing scopes. Returns the
/// free variables of this scope (for the parent to turn into cells).
fn analyze(
    table: &mut SymbolTable,
    id: ScopeId,
    bound: &HashSet<String>,
    global: &HashSet<String>,
    errors: &mut Vec<SymtableError>,
) -> HashSet<String> {
    let kind = table.scopes[id].kind;
    let mut resolved = HashMap::new();
    let mut local = HashSet::new();
    let mut new_global = global.clone();
    let names: Vec<(String, u8)> = table.scopes[id]
        .order
        .iter()
        .map(|n| (n.clone(), table.scopes[id].flags[n]))
        .collect();
    for (name, flags) in &names {
        let scope = if flags & DEF_GLOBAL != 0 {
            new_global.insert(name.clone());
            NameScope::GlobalExplicit
        } else if flags & DEF_NONLOCAL != 0 {
            if !bound.contains(name) {
                errors.push(SymtableError {
                    msg: format!("no binding for nonlocal '{name}' found"),
                    range: Range::new(table.scopes[id].key, table.scopes[id].key),
                });
            }
            NameScope::Free
        } else if flags & (DEF_LOCAL | DEF_PARAM) != 0 {
            local.insert(name.clone());
            new_global.remove(name);
            NameScope::Local
        } else if bound.contains(name) {
            NameScope::Free
        } else {
            NameScope::GlobalImplicit
        };
        resolved.insert(name.clone(), scope);
    }
    // what children see as bound in enclosing functions
    let mut new_bound = bound.clone();
    if matches!(
        kind,
        ScopeKind::Function
            | ScopeKind::Lambda
            | ScopeKind::Comprehension
            | ScopeKind::GeneratorExpr
    ) {
        for l in &local {
            new_bound.insert(l.clone());
        }
    }
    if kind == ScopeKind::Class {
        new_bound.insert("__class__".into());
    }
    let children = table.scopes[id].children.clone();
    let mut child_free = HashSet::new();
    for c in children {
        let free = analyze(table, c, &new_bound, &new_global, errors);
        child_free.extend(free);
    }
    if kind == ScopeKind::Class && child_free.remove("__class__") {
        table.scopes[id].needs_class_closure = true;
    }
    // names local here and free in a child become cells
    let mut free_class = HashSet::new();
    for name in &child_free {
        if kind == ScopeKind::Class && resolved.contains_key(name) {
            // update_symbols' classflag: a class-body name that a method uses as a free
            // variable is passed through as well (DEF_FREE_CLASS)
            if resolved.get(name) != Some(&NameScope::Free) {
                free_class.insert(name.clone());
            }
            continue;
        }
        match resolved.get(name) {
            Some(NameScope::Local) if kind != ScopeKind::Class && kind != ScopeKind::Module => {
                resolved.insert(name.clone(), NameScope::Cell);
            }
            Some(NameScope::Local) | Some(NameScope::Cell) => {}
            Some(NameScope::GlobalExplicit) | Some(NameScope::GlobalImplicit) | None => {
                if kind != ScopeKind::Module && bound.contains(name) {
                    // passes through this scope
                    resolved.insert(name.clone(), NameScope::Free);
                    if kind == ScopeKind::Class {
                        table.scopes[id].add(name, 0);
                    }
                }
            }
            Some(NameScope::Free) => {}
        }
    }
    let free: HashSet<String> = resolved
        .iter()
        .filter(|(_, s)| **s == NameScope::Free)
        .map(|(n, _)| n.clone())
        .chain(free_class.iter().cloned())
        .collect();
    table.scopes[id].resolved = resolved;
    table.scopes[id].free_class = free_class;
    free
}

/// `_Py_Mangle(private, name)`.
pub fn mangle<'a>(private: Option<&str>, name: &'a str) -> std::borrow::Cow<'a, str> {
    let Some(class) = private else {
        return name.into();
    };
    if !name.starts_with("__") || name.ends_with("__") || name.contains('.') {
        return name.into();
    }
    let stripped = class.trim_start_matches('_');
    if stripped.is_empty() {
        return name.into();
    }
    format!("_{stripped}{name}").into()
}
