//! "Did you mean" suggestions for a name that is not there (CPython 3.11's
//! `Python/suggestions.c`).
//!
//! When an uncaught `NameError` or `AttributeError` is printed, CPython looks for the name
//! the program most probably meant and appends it to the message:
//!
//! ```text
//! NameError: name 'lenth' is not defined. Did you mean: 'length'?
//! AttributeError: 'str' object has no attribute 'uper'. Did you mean: 'upper'?
//! ```
//!
//! Nothing is computed when the exception is raised: the exception only remembers what was
//! missing (`NameError.name`, `AttributeError.name` and `.obj`, set where the interpreter
//! raises them, [`Vm::name_error`] and [`Vm::attribute_error`]), and the candidates are read
//! when it is printed: `dir(obj)` for an attribute; for a name, the `co_varnames` of the frame
//! the error left last, then that frame's globals, then its builtins (the first list with a
//! close enough name wins, in its own order).
//!
//! The distance is Levenshtein's over the UTF-8 bytes, where a substitution that only changes
//! case costs 1 and every other edit 2 (`MOVE_COST`); a candidate may differ in no more than a
//! third of the characters involved, names longer than 40 bytes and lists of 750 names or more
//! are not searched, and an earlier candidate wins a tie.

use crate::object::{ObjId, Payload};
use crate::vm::{ExcKind, Vm};

const MAX_CANDIDATE_ITEMS: usize = 750;
const MAX_STRING_SIZE: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

/// `substitution_cost`: 0 for the same byte, 1 for the same letter in another case, else 2.
fn substitution_cost(a: u8, b: u8) -> usize {
    if (a & 31) != (b & 31) {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) && a.is_ascii_alphabetic() {
        return CASE_COST;
    }
    MOVE_COST
}

/// `levenshtein_distance`, giving up (`max_cost + 1`) as soon as no path can stay within
/// `max_cost`.
fn levenshtein(a: &[u8], b: &[u8], max_cost: usize) -> usize {
    if a == b {
        return 0;
    }
    // common prefix and suffix cost nothing
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (mut a, mut b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    a = &a[..a.len() - suffix];
    b = &b[..b.len() - suffix];
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        std::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // one row of the matrix, updated in place
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (bi, &code) in b.iter().enumerate() {
        let mut distance = bi * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (ai, &ac) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ac);
            distance = row[ai];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[ai] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// `calculate_suggestions`: the candidate closest to `name`, if one is close enough.
pub fn closest<'a>(candidates: &'a [String], name: &str) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for item in candidates {
        if item == name {
            continue;
        }
        // no more than a third of the characters involved may change
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d - 1);
        }
        let d = levenshtein(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s)
}

impl Vm {
    /// `_Py_Offer_Suggestions`: the name an uncaught `NameError` or `AttributeError` probably
    /// meant. `exact` is the C printer's test (the exception's type is exactly one of the two);
    /// `traceback.TracebackException` (what IPython prints through) accepts subclasses.
    pub(crate) fn offer_suggestion(&mut self, exc: ObjId, exact: bool) -> Option<String> {
        let ty = self.type_of(exc);
        let is = |vm: &Vm, kind: ExcKind| {
            let t = vm.exc_types[kind as usize];
            if exact {
                ty == t
            } else {
                vm.is_subtype(ty, t)
            }
        };
        if is(self, ExcKind::AttributeError) {
            self.attribute_suggestion(exc)
        } else if is(self, ExcKind::NameError) {
            self.name_suggestion(exc)
        } else {
            None
        }
    }

    fn str_member(&self, exc: ObjId, member: &str) -> Option<String> {
        let v = self.exc_member(exc, member)?;
        match self.heap.payload(v) {
            // `PyUnicode_CheckExact`
            Payload::Str(s) if !self.is_heap_type(self.type_of(v)) => Some(s.as_str().to_string()),
            _ => None,
        }
    }

    fn attribute_suggestion(&mut self, exc: ObjId) -> Option<String> {
        let name = self.str_member(exc, "name")?;
        let obj = self
            .exc_member(exc, "obj")
            .filter(|&o| o != self.statics.none)?;
        self.incref(obj);
        let listed = crate::builtins::functions::dir(self, &[obj], &[]);
        self.decref(obj);
        let dir = match listed {
            Ok(l) => l,
            Err(e) => {
                self.decref(e.0);
                return None;
            }
        };
        let names = self.str_items(dir);
        self.decref(dir);
        closest(&names, &name).map(str::to_string)
    }

    fn name_suggestion(&mut self, exc: ObjId) -> Option<String> {
        let name = self.str_member(exc, "name")?;
        // the frame of the last traceback entry
        let mut tb = match self.heap.payload(exc) {
            Payload::Exception(e) => e.traceback?,
            _ => return None,
        };
        while let Payload::Traceback(t) = self.heap.payload(tb) {
            match t.next {
                Some(n) => tb = n,
                None => break,
            }
        }
        let Payload::Traceback(t) = self.heap.payload(tb) else {
            return None;
        };
        let (varnames, globals, builtins) = self.with_frame_parts(t.frame)?;
        if let Some(s) = closest(&varnames, &name) {
            return Some(s.to_string());
        }
        for d in [globals, builtins] {
            let keys: Vec<String> = self
                .dict_pairs(d)
                .iter()
                .filter_map(|(k, _)| match self.heap.payload(*k) {
                    Payload::Str(s) => Some(s.as_str().to_string()),
                    _ => None,
                })
                .collect();
            if let Some(s) = closest(&keys, &name) {
                return Some(s.to_string());
            }
        }
        None
    }

    /// The `str` items of a list (others skipped).
    fn str_items(&self, list: ObjId) -> Vec<String> {
        match self.heap.payload(list) {
            Payload::List(l) => l
                .items
                .iter()
                .filter_map(|&i| match self.heap.payload(i) {
                    Payload::Str(s) => Some(s.as_str().to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn distances_follow_cpython() {
        assert_eq!(levenshtein(b"abc", b"abc", 10), 0);
        assert_eq!(levenshtein(b"lenth", b"length", 10), 2);
        assert_eq!(levenshtein(b"Print", b"print", 10), 1);
        assert_eq!(levenshtein(b"uper", b"upper", 10), 2);
        assert_eq!(levenshtein(b"abcdef", b"uvwxyz", 3), 4);
    }

    #[test]
    fn the_closest_earlier_candidate_wins() {
        // `length` is 2 from `lenth` (one insertion), `lenght` 4
        assert_eq!(
            closest(&names(&["lenght", "length"]), "lenth"),
            Some("length")
        );
        assert_eq!(closest(&names(&["lenght"]), "lenth"), Some("lenght"));
        assert_eq!(closest(&names(&["abcd", "abce"]), "abcx"), Some("abcd"));
        assert_eq!(closest(&names(&["upper", "lower"]), "uper"), Some("upper"));
        assert_eq!(closest(&names(&["x"]), "totally_different"), None);
        assert_eq!(closest(&names(&["same"]), "same"), None);
    }
}
