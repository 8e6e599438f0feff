//! Exception groups (PEP 654): `BaseExceptionGroup`, `ExceptionGroup` and the two opcodes
//! `except*` compiles to (`Objects/exceptions.c`, `Python/ceval.c`).
//!
//! A group is an exception carrying a message and a tuple of exceptions (each possibly a group
//! itself). `except* T` does not catch the whole group: `CHECK_EG_MATCH` *splits* it into the
//! part that matches `T` (handled by the clause, as the exception being handled) and the rest
//! (left for the next clause). What the clauses raise is collected in a list, and at the end
//! `PREP_RERAISE_STAR` works out what leaves the statement: the unhandled rest and the re-raised
//! parts, put back in the shape of the original group, plus anything newly raised.
//!
//! ```text
//! try:
//!     raise ExceptionGroup("eg", [ValueError(1), TypeError(2)])
//! except* ValueError as e:    # e = ExceptionGroup('eg', [ValueError(1)])   (derive)
//!     print(repr(e))
//! except* TypeError:          # e = ExceptionGroup('eg', [TypeError(2)])
//!     raise                   # re-raised: same metadata as the original
//! # leaves as ExceptionGroup('eg', [TypeError(2)])
//! ```
//!
//! Every part a split makes is `orig.derive(list_of_parts)` (a subclass can override
//! `derive`), given the original's `__traceback__`, `__context__`, `__cause__` and a copy of
//! its `__notes__`. The parts of the original keep their identity, which is how
//! `PREP_RERAISE_STAR` recognises re-raised leaves: by the ids of the original's leaves.
//!
//! The model keeps `message` and `exceptions` as the exception's members (the
//! `PyBaseExceptionGroupObject` fields `msg` and `excs`), visited and released before the
//! `BaseException` fields as `BaseExceptionGroup_traverse`/`_clear` do.

use std::collections::HashSet;

use crate::builtins::{check_count, method, BuiltinDef};
use crate::object::{ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

/// `tp_basicsize` of `BaseExceptionGroup` (`PyBaseExceptionGroupObject`: `BaseException`'s
/// 72 bytes, `msg` and `excs`).
pub const GROUP_BASICSIZE: usize = 88;

/// How `split`/`subgroup` decide which leaves match (`_exceptiongroup_split_matcher_type`).
enum Matcher {
    /// An exception class or a tuple of them.
    Type(ObjId),
    /// A callable called with each exception (the group itself first).
    Predicate(ObjId),
    /// The leaves whose ids are in the set (`PREP_RERAISE_STAR`).
    Ids(HashSet<ObjId>),
}

/// The methods `BaseExceptionGroup` adds to `BaseException`'s.
pub static GROUP_METHODS: &[BuiltinDef] = &[
    method("__str__", eg_str),
    method("derive", eg_derive).varargs(),
    method("split", eg_split).varargs(),
    method("subgroup", eg_subgroup).varargs(),
];

impl Vm {
    /// Is `exc` an exception group (`_PyBaseExceptionGroup_Check`)?
    pub(crate) fn is_exception_group(&self, exc: ObjId) -> bool {
        self.is_instance_of_kind(exc, ExcKind::BaseExceptionGroup)
    }

    /// `BaseExceptionGroup_new`: `(message, exceptions)`, the exceptions a non-empty sequence
    /// of exception instances. `BaseExceptionGroup(...)` of only `Exception`s makes an
    /// `ExceptionGroup`; `ExceptionGroup` (and a subclass of `Exception`) refuses to nest a
    /// `BaseException`.
    pub(crate) fn exception_group_new(
        &mut self,
        ty: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<ObjId> {
        if !kwargs.is_empty() {
            let msg = format!(
                "{}() takes no keyword arguments",
                self.type_name_of_type(ty)
            );
            return Err(self.type_error(&msg));
        }
        if args.len() != 2 {
            let msg = format!(
                "BaseExceptionGroup.__new__() takes exactly 2 arguments ({} given)",
                args.len()
            );
            return Err(self.type_error(&msg));
        }
        let (message, excs) = (args[0], args[1]);
        if !matches!(self.heap.payload(message), Payload::Str(_)) {
            let msg = format!(
                "BaseExceptionGroup.__new__() argument 1 must be str, not {}",
                self.type_name(message)
            );
            return Err(self.type_error(&msg));
        }
        let is_sequence = match self.heap.payload(excs) {
            Payload::List(_) | Payload::Tuple(_) | Payload::Range(_) | Payload::Str(_) => true,
            Payload::Dict(_) | Payload::Set(_) | Payload::FrozenSet(_) => false,
            _ => {
                let t = self.type_of(excs);
                self.type_has_attr(t, "__getitem__")
            }
        };
        if !is_sequence {
            return Err(self.type_error("second argument (exceptions) must be a sequence"));
        }
        let items = self.collect_iterable(excs)?;
        let exceptions = self.new_tuple(items);
        let items = self.tuple_items(exceptions);
        if items.is_empty() {
            self.decref(exceptions);
            return Err(self.new_exception(
                ExcKind::ValueError,
                "second argument (exceptions) must be a non-empty sequence",
            ));
        }
        let base_exc = self.exc_types[ExcKind::BaseException as usize];
        let exc_t = self.exc_types[ExcKind::Exception as usize];
        let mut nested_base = false;
        for (i, &e) in items.iter().enumerate() {
            let et = self.type_of(e);
            if !self.is_subtype(et, base_exc) {
                self.decref(exceptions);
                let msg = format!("Item {i} of second argument (exceptions) is not an exception");
                return Err(self.new_exception(ExcKind::ValueError, &msg));
            }
            if !self.is_subtype(et, exc_t) {
                nested_base = true;
            }
        }
        let eg_t = self.exc_types[ExcKind::ExceptionGroup as usize];
        let beg_t = self.exc_types[ExcKind::BaseExceptionGroup as usize];
        let mut cls = ty;
        if cls == eg_t {
            if nested_base {
                self.decref(exceptions);
                return Err(self.type_error("Cannot nest BaseExceptions in an ExceptionGroup"));
            }
        } else if cls == beg_t {
            if !nested_base {
                cls = eg_t;
            }
        } else if nested_base && self.is_subtype(cls, exc_t) {
            self.decref(exceptions);
            let msg = format!(
                "Cannot nest BaseExceptions in '{}'",
                self.type_name_of_type(cls)
            );
            return Err(self.type_error(&msg));
        }
        // BaseException_new: the arguments as given, then the two fields
        for &a in args {
            self.incref(a);
        }
        let exc = self.new_exception_object(cls, args.to_vec());
        self.incref(message);
        let old = match self.heap.payload_mut(exc) {
            Payload::Exception(e) => std::mem::replace(
                &mut e.members,
                vec![("message", message), ("exceptions", exceptions)],
            ),
            _ => Vec::new(),
        };
        for (_, v) in old {
            self.decref(v);
        }
        Ok(exc)
    }

    /// The `excs` tuple of a group (borrowed).
    pub(crate) fn group_exceptions(&self, eg: ObjId) -> Vec<ObjId> {
        match self.exc_member(eg, "exceptions") {
            Some(t) => self.tuple_items(t),
            None => Vec::new(),
        }
    }

    /// `_PyExc_CreateExceptionGroup(msg, excs)`: `BaseExceptionGroup(msg, excs)`.
    fn create_exception_group(&mut self, msg: &str, excs: ObjId) -> PyResult<ObjId> {
        let m = self.new_str(msg);
        let beg = self.exc_types[ExcKind::BaseExceptionGroup as usize];
        let r = self.call_object(beg, &[m, excs], &[]);
        self.decref(m);
        r
    }

    /// `get_matcher_type`: a callable that is not a class is a predicate; otherwise an
    /// exception class or a tuple of them.
    fn matcher_of(&mut self, value: ObjId) -> PyResult<Matcher> {
        let is_type = matches!(self.heap.payload(value), Payload::Type(_));
        if !is_type && self.is_callable(value) {
            return Ok(Matcher::Predicate(value));
        }
        if is_type && self.is_exception_type(value) {
            return Ok(Matcher::Type(value));
        }
        let tuple_t = self.ty(crate::object::BuiltinType::Tuple);
        if self.type_of(value) == tuple_t {
            let ok = self.tuple_items(value).iter().all(|&t| {
                matches!(self.heap.payload(t), Payload::Type(_)) && self.is_exception_type(t)
            });
            if ok {
                return Ok(Matcher::Type(value));
            }
        }
        Err(self.type_error("expected a function, exception type or tuple of exception types"))
    }

    /// `exceptiongroup_split_check_match`.
    fn split_check_match(&mut self, exc: ObjId, matcher: &Matcher) -> PyResult<bool> {
        match matcher {
            Matcher::Type(t) => {
                let et = self.type_of(exc);
                let classes = match self.heap.payload(*t) {
                    Payload::Tuple(items) => items.to_vec(),
                    _ => vec![*t],
                };
                Ok(classes.iter().any(|&c| self.is_subtype(et, c)))
            }
            Matcher::Predicate(f) => {
                let r = self.call_object(*f, &[exc], &[])?;
                let b = self.is_true(r);
                self.decref(r);
                b
            }
            Matcher::Ids(ids) => Ok(ids.contains(&exc)),
        }
    }

    /// `exceptiongroup_split_recursive`: (match, rest), each a new reference or None (no
    /// part); `rest` only when `construct_rest`.
    fn split_recursive(
        &mut self,
        exc: ObjId,
        matcher: &Matcher,
        construct_rest: bool,
    ) -> PyResult<(Option<ObjId>, Option<ObjId>)> {
        if self.split_check_match(exc, matcher)? {
            return Ok((Some(self.new_ref(exc)), None));
        }
        if !self.is_exception_group(exc) {
            let rest = construct_rest.then(|| self.new_ref(exc));
            return Ok((None, rest));
        }
        let excs = self.group_exceptions(exc);
        let match_list = self.new_list(Vec::new());
        let rest_list = construct_rest.then(|| self.new_list(Vec::new()));
        let mut failed = None;
        // `PyTuple_GET_ITEM(eg->excs, i)`: each borrowed from the group's tuple
        for e in excs {
            let r = self.split_recursive(e, matcher, construct_rest);
            match r {
                Ok((m, r)) => {
                    if let Some(m) = m {
                        self.list_append_owned(match_list, m);
                    }
                    if let (Some(r), Some(l)) = (r, rest_list) {
                        self.list_append_owned(l, r);
                    }
                }
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            }
        }
        let result = match failed {
            Some(err) => Err(err),
            None => match self.group_subset(exc, match_list) {
                Ok(m) => match rest_list.map(|l| self.group_subset(exc, l)) {
                    Some(Ok(r)) => Ok((m, r)),
                    Some(Err(err)) => {
                        self.xdecref(m);
                        Err(err)
                    }
                    None => Ok((m, None)),
                },
                Err(err) => Err(err),
            },
        };
        self.decref(match_list);
        self.xdecref(rest_list);
        result
    }

    /// `PyObject_CallMethod(obj, name, "(O)", arg)`: the bound method, then `Py_BuildValue`'s
    /// tuple holding `arg`, whose item is passed; released tuple first.
    fn call_method_one(&mut self, obj: ObjId, name: &str, arg: ObjId) -> PyResult<ObjId> {
        let meth = self.getattr_str(obj, name)?;
        self.incref(arg);
        let args = self.new_tuple(vec![arg]);
        let r = self.call_object(meth, &[arg], &[]);
        self.decref(args);
        self.decref(meth);
        r
    }

    /// `exceptiongroup_subset`: `orig.derive(excs)` with the original's traceback, context,
    /// cause (which sets `__suppress_context__`, as PyException_SetCause does) and a copy of
    /// its notes; None for no exceptions.
    fn group_subset(&mut self, orig: ObjId, excs: ObjId) -> PyResult<Option<ObjId>> {
        if self.list_items(excs).is_empty() {
            return Ok(None);
        }
        let eg = self.call_method_one(orig, "derive", excs)?;
        if !self.is_exception_group(eg) {
            self.decref(eg);
            return Err(self.type_error("derive must return an instance of BaseExceptionGroup"));
        }
        let (tb, context, cause) = match self.heap.payload(orig) {
            Payload::Exception(e) => (e.traceback, e.context, e.cause),
            _ => (None, None, None),
        };
        for v in [tb, context, cause].into_iter().flatten() {
            self.incref(v);
        }
        let old = match self.heap.payload_mut(eg) {
            Payload::Exception(e) => [
                // PyException_SetCause sets `__suppress_context__` whatever the cause
                {
                    e.suppress_context = true;
                    std::mem::replace(&mut e.traceback, tb)
                },
                std::mem::replace(&mut e.context, context),
                std::mem::replace(&mut e.cause, cause),
            ],
            _ => [tb, context, cause],
        };
        for v in old.into_iter().flatten() {
            self.decref(v);
        }
        // a copy of `__notes__`, so that the parts have lists of their own
        let name = self.new_interned("__notes__");
        let notes = self.getattr(orig, name);
        match notes {
            Ok(n) => {
                let copy = match self.heap.payload(n) {
                    Payload::List(_) | Payload::Tuple(_) => {
                        let items = self.collect_iterable(n);
                        items.map(|i| Some(self.new_list(i)))
                    }
                    _ => Ok(None),
                };
                self.decref(n);
                let r = match copy {
                    Ok(Some(c)) => {
                        let r = self.setattr(eg, name, Some(c));
                        self.decref(c);
                        r
                    }
                    Ok(None) => Ok(()),
                    Err(e) => Err(e),
                };
                if let Err(e) = r {
                    self.decref(name);
                    self.decref(eg);
                    return Err(e);
                }
            }
            Err(e) => {
                // only an AttributeError means "no notes"
                if !self.is_instance_of_kind(e.0, ExcKind::AttributeError) {
                    self.decref(name);
                    self.decref(eg);
                    return Err(e);
                }
                self.decref(e.0);
            }
        }
        self.decref(name);
        Ok(Some(eg))
    }

    /// `CHECK_EG_MATCH` (`exception_group_match` after `check_except_star_type_valid`):
    /// `(rest, Some(match))` when some of `exc` matches (a naked exception is wrapped in a
    /// new group), `(None, None)` when nothing does. New references.
    pub(crate) fn check_eg_match(
        &mut self,
        exc: ObjId,
        match_type: ObjId,
    ) -> PyResult<(ObjId, Option<ObjId>)> {
        // check_except_type_valid, then no `except* ExceptionGroup`
        let classes = match self.heap.payload(match_type) {
            Payload::Tuple(t) => t.to_vec(),
            _ => vec![match_type],
        };
        for &c in &classes {
            if !self.is_exception_type(c) {
                return Err(self.type_error(
                    "catching classes that do not inherit from BaseException is not allowed",
                ));
            }
        }
        let beg = self.exc_types[ExcKind::BaseExceptionGroup as usize];
        if classes.iter().any(|&c| self.is_subtype(c, beg)) {
            return Err(self.type_error(
                "catching ExceptionGroup with except* is not allowed. Use except instead.",
            ));
        }
        let none = self.statics.none;
        if exc == none {
            return Ok((self.new_ref(none), None));
        }
        if self.exception_matches(exc, match_type)? {
            let m = if self.is_exception_group(exc) {
                self.new_ref(exc)
            } else {
                self.incref(exc);
                let excs = self.new_tuple(vec![exc]);
                let r = self.create_exception_group("", excs);
                self.decref(excs);
                r?
            };
            return Ok((self.new_ref(none), Some(m)));
        }
        if self.is_exception_group(exc) {
            let pair = self.call_method_one(exc, "split", match_type)?;
            let parts = self.tuple_items(pair);
            let (m, rest) = match parts.as_slice() {
                [m, rest] => (self.new_ref(*m), self.new_ref(*rest)),
                _ => (self.new_ref(none), self.new_ref(none)),
            };
            self.decref(pair);
            if m == none {
                self.decref(m);
                self.decref(rest);
                return Ok((self.new_ref(none), None));
            }
            return Ok((rest, Some(m)));
        }
        Ok((self.new_ref(none), None))
    }

    /// `collect_exception_group_leaf_ids`.
    fn collect_leaf_ids(&self, exc: ObjId, ids: &mut HashSet<ObjId>) {
        if exc == self.statics.none {
            return;
        }
        if !self.is_exception_group(exc) {
            ids.insert(exc);
            return;
        }
        for e in self.group_exceptions(exc) {
            self.collect_leaf_ids(e, ids);
        }
    }

    /// `exception_group_projection`: the part of `eg` whose leaves are leaves of the groups
    /// in `keep` (None when there are none).
    fn group_projection(&mut self, eg: ObjId, keep: &[ObjId]) -> PyResult<ObjId> {
        let mut ids = HashSet::new();
        for &e in keep {
            self.collect_leaf_ids(e, &mut ids);
        }
        let (m, _) = self.split_recursive(eg, &Matcher::Ids(ids), false)?;
        Ok(m.unwrap_or_else(|| self.new_none()))
    }

    /// `is_same_exception_metadata`: a re-raised part keeps the original's traceback, cause
    /// and context (notes live in the instance dict in 3.11).
    fn same_exception_metadata(&self, a: ObjId, b: ObjId) -> bool {
        match (self.heap.payload(a), self.heap.payload(b)) {
            (Payload::Exception(x), Payload::Exception(y)) => {
                x.traceback == y.traceback && x.cause == y.cause && x.context == y.context
            }
            _ => false,
        }
    }

    /// `PREP_RERAISE_STAR` (`_PyExc_PrepReraiseStar`): what leaves a `try`/`except*`
    /// statement, given the original exception and the list of what each clause raised (or
    /// re-raised) plus the unhandled rest. A new reference; None when nothing is left.
    pub(crate) fn prep_reraise_star(&mut self, orig: ObjId, excs: ObjId) -> PyResult<ObjId> {
        let none = self.statics.none;
        let items = self.list_items(excs);
        if items.is_empty() {
            return Ok(self.new_none());
        }
        if !self.is_exception_group(orig) {
            // a naked exception was caught and wrapped: one clause ran at most
            return Ok(self.new_ref(items[0]));
        }
        let mut raised = Vec::new();
        let mut reraised = Vec::new();
        for &e in &items {
            if e == none {
                continue;
            }
            if self.same_exception_metadata(e, orig) {
                reraised.push(e);
            } else {
                raised.push(e);
            }
        }
        let reraised_eg = self.group_projection(orig, &reraised)?;
        if raised.is_empty() {
            return Ok(reraised_eg);
        }
        for &e in &raised {
            self.incref(e);
        }
        if reraised_eg != none {
            raised.push(reraised_eg);
        } else {
            self.decref(reraised_eg);
        }
        if raised.len() > 1 {
            let l = self.new_list(raised);
            let r = self.create_exception_group("", l);
            self.decref(l);
            r
        } else {
            Ok(raised[0])
        }
    }
}

impl Vm {
    /// `BaseExceptionGroup_str`: `msg (2 sub-exceptions)`.
    pub(crate) fn exception_group_message(&mut self, eg: ObjId) -> String {
        let msg = match self.exc_member(eg, "message") {
            Some(m) => self.str_string(m).unwrap_or_default(),
            None => String::new(),
        };
        let n = self.group_exceptions(eg).len();
        let s = if n > 1 { "s" } else { "" };
        format!("{msg} ({n} sub-exception{s})")
    }
}

fn eg_str(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "__str__", args, 1, 1)?;
    let s = vm.exception_group_message(args[0]);
    Ok(vm.new_string(s))
}

/// `derive(excs)`: `BaseExceptionGroup(self.message, excs)` (a subclass overrides it to keep
/// its own type).
fn eg_derive(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "derive", args, 2, 2)?;
    let msg = match vm.exc_member(args[0], "message") {
        Some(m) => m,
        None => vm.statics.none,
    };
    let beg = vm.exc_types[ExcKind::BaseExceptionGroup as usize];
    vm.call_object(beg, &[msg, args[1]], &[])
}

/// `split(condition)`: `(match, rest)`, each a group or None.
fn eg_split(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "split", args, 2, 2)?;
    let matcher = vm.matcher_of(args[1])?;
    let (m, rest) = vm.split_recursive(args[0], &matcher, true)?;
    let m = m.unwrap_or_else(|| vm.new_none());
    let rest = rest.unwrap_or_else(|| vm.new_none());
    Ok(vm.new_tuple(vec![m, rest]))
}

/// `subgroup(condition)`: the matching part, or None.
fn eg_subgroup(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    check_count(vm, "subgroup", args, 2, 2)?;
    let matcher = vm.matcher_of(args[1])?;
    let (m, _) = vm.split_recursive(args[0], &matcher, false)?;
    Ok(m.unwrap_or_else(|| vm.new_none()))
}
