//! Structural pattern matching (PEP 634): what `MATCH_PATTERN` does with one `case` pattern.
//! The rules follow CPython 3.11's `MATCH_SEQUENCE`, `MATCH_MAPPING`/`MATCH_KEYS` and
//! `MATCH_CLASS` (`match_class` in `Python/ceval.c`): which subjects count as sequences and
//! mappings, `__match_args__`, the builtins that match themselves, and the error messages.

use crate::code::{MatchPat, SingletonPat};
use crate::object::{BuiltinType, ObjId, Payload};

use super::{ExcKind, PyResult, Vm};

/// Captured values, by capture index (owned).
type Captures = Vec<Option<ObjId>>;

impl Vm {
    /// `MATCH_PATTERN n`: pop the values tuple and the subject under it, match the subject
    /// against pattern `n`, push the tuple of captures or None.
    pub(crate) fn match_pattern_instr(&mut self, index: u32) -> PyResult<()> {
        let values_tuple = self.pop();
        // the subject (or its copy) is consumed, as CPython's `MATCH_*` instructions and
        // `POP_TOP`s of a pattern consume it, once the pattern has run
        let subject = self.pop();
        let code = self.frames.last().expect("frame").code.clone();
        let pat = &code.patterns[index as usize];
        let values = self.tuple_items(values_tuple);
        let mut caps: Captures = vec![None; capture_count(pat)];
        let r = self.match_pat(pat, subject, &values, &mut caps);
        self.decref(values_tuple);
        self.decref(subject);
        match r {
            Ok(true) => {
                let none = self.statics.none;
                let items: Vec<ObjId> = caps
                    .into_iter()
                    .map(|c| c.unwrap_or_else(|| self.new_ref(none)))
                    .collect();
                let t = self.new_tuple(items);
                self.push(t);
                Ok(())
            }
            Ok(false) => {
                self.release_captures(caps);
                let none = self.new_none();
                self.push(none);
                Ok(())
            }
            Err(e) => {
                self.release_captures(caps);
                Err(e)
            }
        }
    }

    fn release_captures(&mut self, caps: Captures) {
        for c in caps.into_iter().flatten() {
            self.decref(c);
        }
    }

    fn capture(&mut self, caps: &mut Captures, i: usize, v: ObjId) {
        self.incref(v);
        let old = caps[i].replace(v);
        self.xdecref(old);
    }

    fn match_pat(
        &mut self,
        pat: &MatchPat,
        subject: ObjId,
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        match pat {
            MatchPat::Wildcard => Ok(true),
            MatchPat::Capture(inner, i) => {
                if !self.match_pat(inner, subject, values, caps)? {
                    return Ok(false);
                }
                self.capture(caps, *i, subject);
                Ok(true)
            }
            MatchPat::Value(i) => self.compare_bool(subject, values[*i], crate::ast::CmpOp::Eq),
            MatchPat::Singleton(s) => Ok(subject
                == match s {
                    SingletonPat::None => self.statics.none,
                    SingletonPat::True => self.statics.true_,
                    SingletonPat::False => self.statics.false_,
                }),
            MatchPat::Sequence {
                before,
                star,
                after,
            } => self.match_sequence(subject, before, star, after, values, caps),
            MatchPat::Mapping {
                keys,
                patterns,
                rest,
            } => self.match_mapping(subject, keys, patterns, *rest, values, caps),
            MatchPat::Class {
                cls,
                patterns,
                kwd_attrs,
                kwd_patterns,
            } => self.match_class(
                subject,
                values[*cls],
                patterns,
                kwd_attrs,
                kwd_patterns,
                values,
                caps,
            ),
            MatchPat::Or(alts) => {
                for alt in alts {
                    let mut trial: Captures = vec![None; caps.len()];
                    match self.match_pat(alt, subject, values, &mut trial) {
                        Ok(true) => {
                            for (slot, v) in caps.iter_mut().zip(trial) {
                                if let Some(v) = v {
                                    let old = slot.replace(v);
                                    self.xdecref(old);
                                }
                            }
                            return Ok(true);
                        }
                        Ok(false) => self.release_captures(trial),
                        Err(e) => {
                            self.release_captures(trial);
                            return Err(e);
                        }
                    }
                }
                Ok(false)
            }
        }
    }

    /// `MATCH_SEQUENCE`: lists, tuples and ranges (not str, bytes or dicts), then the length
    /// and the items.
    fn match_sequence(
        &mut self,
        subject: ObjId,
        before: &[MatchPat],
        star: &Option<Option<usize>>,
        after: &[MatchPat],
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        let items = match self.heap.payload(subject) {
            Payload::List(l) => l.items.to_vec(),
            Payload::Tuple(t) => t.to_vec(),
            Payload::Range(_) => {
                let items = self.collect_iterable(subject)?;
                let r = self.match_items(&items, before, star, after, values, caps);
                for i in items {
                    self.decref(i);
                }
                return r;
            }
            _ => return Ok(false),
        };
        for &i in &items {
            self.incref(i);
        }
        let r = self.match_items(&items, before, star, after, values, caps);
        for i in items {
            self.decref(i);
        }
        r
    }

    fn match_items(
        &mut self,
        items: &[ObjId],
        before: &[MatchPat],
        star: &Option<Option<usize>>,
        after: &[MatchPat],
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        let n = items.len();
        let fixed = before.len() + after.len();
        if (star.is_none() && n != fixed) || n < fixed {
            return Ok(false);
        }
        for (p, &item) in before.iter().zip(items) {
            if !self.match_pat(p, item, values, caps)? {
                return Ok(false);
            }
        }
        for (p, &item) in after.iter().zip(&items[n - after.len()..]) {
            if !self.match_pat(p, item, values, caps)? {
                return Ok(false);
            }
        }
        if let Some(Some(i)) = star {
            // `UNPACK_EX`: the star's list is `PySequence_List` of the subject's iterator past
            // the items before it (room made for its length hint, every remaining item),
            // then cut to size by `Py_SET_SIZE` without giving back its allocation
            let middle = items[before.len()..n - after.len()].to_vec();
            for &m in &middle {
                self.incref(m);
            }
            let list = self.new_list(Vec::new());
            let hint = n - before.len();
            if hint > 0 {
                if let Err(e) = self.list_make_room(list, hint) {
                    for m in middle {
                        self.decref(m);
                    }
                    self.decref(list);
                    return Err(e);
                }
            }
            if let Payload::List(l) = self.heap.payload_mut(list) {
                l.items.extend(middle);
            }
            let old = caps[*i].replace(list);
            self.xdecref(old);
        }
        Ok(true)
    }

    /// `MATCH_MAPPING` + `MATCH_KEYS`: a dict (or mappingproxy) holding every key.
    fn match_mapping(
        &mut self,
        subject: ObjId,
        keys: &[usize],
        patterns: &[MatchPat],
        rest: Option<usize>,
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        let dict = match self.heap.payload(subject) {
            Payload::Dict(_) => subject,
            Payload::MappingProxy(d) => *d,
            _ => return Ok(false),
        };
        let key_objs: Vec<ObjId> = keys.iter().map(|&k| values[k]).collect();
        for (i, &k) in key_objs.iter().enumerate() {
            for &earlier in &key_objs[..i] {
                if self.compare_bool(earlier, k, crate::ast::CmpOp::Eq)? {
                    let r = self.repr_string(k)?;
                    let msg = format!("mapping pattern checks duplicate key ({r})");
                    return Err(self.new_exception(ExcKind::ValueError, &msg));
                }
            }
        }
        if self.len_of_builtin(dict).unwrap_or(0) < key_objs.len() {
            return Ok(false);
        }
        for (&k, p) in key_objs.iter().zip(patterns) {
            let Some(v) = self.dict_get(dict, k)? else {
                return Ok(false);
            };
            self.incref(v);
            let r = self.match_pat(p, v, values, caps);
            self.decref(v);
            if !r? {
                return Ok(false);
            }
        }
        if let Some(i) = rest {
            // `**rest`: a copy without the matched keys
            let copy = self.new_dict();
            self.dict_update_from(copy, dict, false)?;
            for &k in &key_objs {
                let _ = self.dict_delitem(copy, k);
            }
            let old = caps[i].replace(copy);
            self.xdecref(old);
        }
        Ok(true)
    }

    /// `match_class`: an instance of `cls`, then its `__match_args__` (or the subject itself
    /// for the builtins that match themselves) and keyword attributes.
    #[allow(clippy::too_many_arguments)]
    fn match_class(
        &mut self,
        subject: ObjId,
        cls: ObjId,
        patterns: &[MatchPat],
        kwd_attrs: &[String],
        kwd_patterns: &[MatchPat],
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        if !matches!(self.heap.payload(cls), Payload::Type(_)) {
            return Err(self.type_error("called match pattern must be a type"));
        }
        if !self.is_subtype(self.type_of(subject), cls) {
            return Ok(false);
        }
        let type_name = self.type_name_of_type(cls);
        let mut attrs: Vec<String> = Vec::new();
        let mut self_match = false;
        if !patterns.is_empty() {
            match self.lookup_match_args(cls)? {
                Some(names) => {
                    if patterns.len() > names.len() {
                        let s = if names.len() == 1 { "" } else { "s" };
                        let msg = format!(
                            "{type_name}() accepts {} positional sub-pattern{s} ({} given)",
                            names.len(),
                            patterns.len()
                        );
                        return Err(self.type_error(&msg));
                    }
                    attrs.extend(names.into_iter().take(patterns.len()));
                }
                None if matches_self(self.heap.payload(cls)) => {
                    if patterns.len() > 1 {
                        let msg = format!(
                            "{type_name}() accepts 1 positional sub-pattern ({} given)",
                            patterns.len()
                        );
                        return Err(self.type_error(&msg));
                    }
                    self_match = true;
                }
                None => {
                    let msg = format!(
                        "{type_name}() accepts 0 positional sub-patterns ({} given)",
                        patterns.len()
                    );
                    return Err(self.type_error(&msg));
                }
            }
        }
        for (i, a) in kwd_attrs.iter().enumerate() {
            if attrs.contains(a) || kwd_attrs[..i].contains(a) {
                let msg = format!("{type_name}() got multiple sub-patterns for attribute '{a}'");
                return Err(self.type_error(&msg));
            }
        }
        if self_match {
            if !self.match_pat(&patterns[0], subject, values, caps)? {
                return Ok(false);
            }
        } else {
            for (name, p) in attrs.iter().zip(patterns) {
                if !self.match_attr(subject, name, p, values, caps)? {
                    return Ok(false);
                }
            }
        }
        for (name, p) in kwd_attrs.iter().zip(kwd_patterns) {
            if !self.match_attr(subject, name, p, values, caps)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// One attribute of a class pattern: missing means no match.
    fn match_attr(
        &mut self,
        subject: ObjId,
        name: &str,
        p: &MatchPat,
        values: &[ObjId],
        caps: &mut Captures,
    ) -> PyResult<bool> {
        let Some(v) = self.lookup_attr(subject, name)? else {
            return Ok(false);
        };
        let r = self.match_pat(p, v, values, caps);
        self.decref(v);
        r
    }

    /// `cls.__match_args__` as names, or None when the class has none.
    fn lookup_match_args(&mut self, cls: ObjId) -> PyResult<Option<Vec<String>>> {
        let type_name = self.type_name_of_type(cls);
        let Some(args) = self.lookup_attr(cls, "__match_args__")? else {
            return Ok(None);
        };
        let Payload::Tuple(t) = self.heap.payload(args) else {
            let msg = format!(
                "{type_name}.__match_args__ must be a tuple (got {})",
                self.type_name(args)
            );
            self.decref(args);
            return Err(self.type_error(&msg));
        };
        let items = t.to_vec();
        let mut names = Vec::new();
        for i in items {
            match self.heap.payload(i) {
                Payload::Str(s) => names.push(s.value.to_string()),
                _ => {
                    let msg = format!(
                        "__match_args__ elements must be strings (got {})",
                        self.type_name(i)
                    );
                    self.decref(args);
                    return Err(self.type_error(&msg));
                }
            }
        }
        self.decref(args);
        Ok(Some(names))
    }
}

/// `_Py_TPFLAGS_MATCH_SELF`: `case int(x)` binds the subject itself.
fn matches_self(cls: &Payload) -> bool {
    matches!(
        cls,
        Payload::Type(t) if matches!(
            t.builtin,
            Some(
                BuiltinType::Bool
                    | BuiltinType::Bytes
                    | BuiltinType::Dict
                    | BuiltinType::Float
                    | BuiltinType::FrozenSet
                    | BuiltinType::Int
                    | BuiltinType::List
                    | BuiltinType::Set
                    | BuiltinType::Str
                    | BuiltinType::Tuple
            )
        )
    )
}

/// How many values a pattern captures (one past its highest capture index).
fn capture_count(p: &MatchPat) -> usize {
    match p {
        MatchPat::Wildcard | MatchPat::Value(_) | MatchPat::Singleton(_) => 0,
        MatchPat::Capture(inner, i) => capture_count(inner).max(i + 1),
        MatchPat::Sequence {
            before,
            star,
            after,
        } => before
            .iter()
            .chain(after)
            .map(capture_count)
            .chain(star.flatten().map(|i| i + 1))
            .max()
            .unwrap_or(0),
        MatchPat::Mapping { patterns, rest, .. } => patterns
            .iter()
            .map(capture_count)
            .chain(rest.map(|i| i + 1))
            .max()
            .unwrap_or(0),
        MatchPat::Class {
            patterns,
            kwd_patterns,
            ..
        } => patterns
            .iter()
            .chain(kwd_patterns)
            .map(capture_count)
            .max()
            .unwrap_or(0),
        MatchPat::Or(alts) => alts.iter().map(capture_count).max().unwrap_or(0),
    }
}
