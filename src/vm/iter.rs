//! Iteration: builtin iterator objects, `FOR_ITER`, and generators. A generator owns its
//! suspended frame; `FOR_ITER`/`SEND` resume it by pushing that frame on the frame stack (so a
//! step can stop inside it), while native code (`next()`, `list()`) resumes it with a nested
//! run.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::code::Instr;
use crate::object::{BuiltinType, DictViewKind, IterObj, ObjId, Payload};

use super::eval::{Flow, Outcome};
use super::frame::{Frame, FrameKind, Generator};
use super::objects::Layout;
use super::{ExcKind, PyResult, Vm};

impl Vm {
    pub(crate) fn new_iter(&mut self, bt: BuiltinType, it: IterObj) -> ObjId {
        let t = self.ty(bt);
        // a range iterator is not a GC object (`rangeiterobject`: 48 bytes, no GC header)
        let layout = match it {
            IterObj::Range { .. } | IterObj::SmallRange { .. } => Layout::plain(48),
            _ => Layout::gc(self.type_layout(t)[0] as usize),
        };
        self.alloc(t, Payload::Iter(Box::new(it)), layout)
    }

    /// `ma_used` of a dict, `used` of a set; 0 for other containers (never checked).
    fn container_used(&self, seq: ObjId) -> usize {
        match self.heap.payload(seq) {
            Payload::Dict(d) => d.used,
            Payload::Set(s) | Payload::FrozenSet(s) => s.len(),
            _ => 0,
        }
    }

    /// `dictiter_iternextkey`'s and `setiter_iternext`'s size check.
    fn changed_size_message(&self, seq: ObjId, used: usize) -> Option<&'static str> {
        match self.heap.payload(seq) {
            Payload::Dict(d) if d.used != used => Some("dictionary changed size during iteration"),
            Payload::Set(s) | Payload::FrozenSet(s) if s.len() != used => {
                Some("Set changed size during iteration")
            }
            _ => None,
        }
    }

    /// A sequence iterator over `seq` (new reference to `seq` inside).
    fn seq_iter(&mut self, bt: BuiltinType, seq: ObjId) -> ObjId {
        self.incref(seq);
        let used = self.container_used(seq);
        self.new_iter(
            bt,
            IterObj::Seq {
                seq: Some(seq),
                index: 0,
                used,
                result: None,
            },
        )
    }

    /// `zip_next`'s `check:` for `strict=True`: iterator `n` ran out; the others must too.
    fn zip_strict_check(&mut self, iters: &[ObjId], n: usize) -> PyResult<Option<ObjId>> {
        let plural = |i: usize| {
            if i == 1 {
                " ".to_string()
            } else {
                "s 1-".to_string()
            }
        };
        if n > 0 {
            let msg = format!(
                "zip() argument {} is shorter than argument{}{n}",
                n + 1,
                plural(n)
            );
            return Err(self.new_exception(ExcKind::ValueError, &msg));
        }
        for (i, &it) in iters.iter().enumerate().skip(1) {
            if let Some(v) = self.next(it)? {
                self.decref(v);
                let msg = format!(
                    "zip() argument {} is longer than argument{}{i}",
                    i + 1,
                    plural(i)
                );
                return Err(self.new_exception(ExcKind::ValueError, &msg));
            }
        }
        Ok(None)
    }

    /// `iter(v)` (`GET_ITER`): a class's `__iter__` (`slot_tp_iter`; `__iter__ = None`
    /// makes it not iterable), else the builtin's, else the old sequence protocol over a
    /// class's `__getitem__`.
    pub fn get_iter(&mut self, v: ObjId) -> PyResult<ObjId> {
        if self.is_user_object(v) {
            if let Some(f) = self.py_slot(v, "__iter__") {
                if f == self.none() {
                    let msg = format!("'{}' object is not iterable", self.type_name(v));
                    return Err(self.type_error(&msg));
                }
                let r = self.call_slot(f, v, &[])?;
                if !self.is_iterator(r) {
                    let msg = format!(
                        "iter() returned non-iterator of type '{}'",
                        self.type_name(r)
                    );
                    self.decref(r);
                    return Err(self.type_error(&msg));
                }
                return Ok(r);
            }
        }
        self.get_iter_native(v)
    }

    /// The builtin type's own `tp_iter`.
    pub(crate) fn get_iter_native(&mut self, v: ObjId) -> PyResult<ObjId> {
        let bt = match self.heap.payload(v) {
            Payload::List(_) => BuiltinType::ListIterator,
            Payload::Tuple(_) => BuiltinType::TupleIterator,
            // `unicode_iter`: the ASCII iterator only for a compact ASCII str (an exact one)
            Payload::Str(s) if s.is_ascii() && self.heap.get(v).ext().is_none() => {
                BuiltinType::StrIterator
            }
            Payload::Str(_) => BuiltinType::StrUnicodeIterator,
            Payload::Bytes(_) if self.is_bytearray(v) => BuiltinType::ByteArrayIterator,
            Payload::Bytes(_) => BuiltinType::BytesIterator,
            Payload::Dict(_) | Payload::MappingProxy(_) => BuiltinType::DictKeyIterator,
            Payload::Set(_) | Payload::FrozenSet(_) => BuiltinType::SetIterator,
            Payload::DictView { kind, .. } => match kind {
                DictViewKind::Keys => BuiltinType::DictKeyIterator,
                DictViewKind::Values => BuiltinType::DictValueIterator,
                DictViewKind::Items => BuiltinType::DictItemIterator,
            },
            Payload::Range(r) => {
                let (start, stop, step) = (r.start.clone(), r.stop.clone(), r.step.clone());
                let fast = range_iter_is_fast(&start, &stop, &step);
                let it = match (start.to_i64(), stop.to_i64(), step.to_i64()) {
                    (Some(next), Some(stop), Some(step)) if fast => IterObj::SmallRange {
                        start: next,
                        next,
                        stop,
                        step,
                    },
                    _ => IterObj::Range {
                        start: start.clone(),
                        next: start,
                        stop,
                        step,
                    },
                };
                let bt = if fast {
                    BuiltinType::RangeIterator
                } else {
                    BuiltinType::LongRangeIterator
                };
                return Ok(self.new_iter(bt, it));
            }
            Payload::Iter(_) | Payload::Generator(_) => return Ok(self.new_ref(v)),
            _ => {
                if self.is_user_object(v) && self.py_slot(v, "__getitem__").is_some() {
                    // the old sequence protocol (`PySeqIter_New`)
                    return Ok(self.seq_iter(BuiltinType::SeqIterator, v));
                }
                let msg = format!("'{}' object is not iterable", self.type_name(v));
                return Err(self.type_error(&msg));
            }
        };
        let seq = match self.heap.payload(v) {
            Payload::DictView { dict, .. } | Payload::MappingProxy(dict) => *dict,
            _ => v,
        };
        let it = self.seq_iter(bt, seq);
        if bt == BuiltinType::DictItemIterator {
            self.give_iter_result_tuple(it);
        }
        Ok(it)
    }

    /// `dictiter_new` for items: `di_result = PyTuple_Pack(2, Py_None, Py_None)`, made after
    /// the iterator.
    pub(crate) fn give_iter_result_tuple(&mut self, it: ObjId) {
        let a = self.new_none();
        let b = self.new_none();
        let t = self.new_tuple(vec![a, b]);
        self.set_iter_result(it, t);
    }

    /// Put `result` (a reference given up) in the iterator's result slot; what was there is
    /// released.
    pub(crate) fn set_iter_result(&mut self, it: ObjId, result: ObjId) {
        let old = match self.iter_state(it) {
            IterObj::Seq { result: r, .. } | IterObj::Reversed { result: r, .. } => {
                r.replace(result)
            }
            IterObj::Enumerate { result: r, .. } | IterObj::Zip { result: r, .. } => {
                Some(std::mem::replace(r, result))
            }
            _ => Some(result),
        };
        self.xdecref(old);
    }

    /// The iterator's result tuple (borrowed), if it keeps one.
    fn iter_result(&self, it: ObjId) -> Option<ObjId> {
        match self.heap.payload(it) {
            Payload::Iter(i) => match &**i {
                IterObj::Seq { result, .. } | IterObj::Reversed { result, .. } => *result,
                IterObj::Enumerate { result, .. } | IterObj::Zip { result, .. } => Some(*result),
                _ => None,
            },
            _ => None,
        }
    }

    /// `dictiter_iternextitem` and `enum_next`: a pair (two references given up) in the
    /// iterator's result tuple when the iterator holds the only reference to it
    /// (`Py_REFCNT(result) == 1`: the last pair was unpacked and dropped), the old items
    /// released; else a new tuple. A reused tuple the collector untracked is tracked again
    /// (bpo-42536).
    fn result_pair(&mut self, it: ObjId, a: ObjId, b: ObjId) -> ObjId {
        match self.iter_result(it) {
            Some(r) if self.refcnt(r) == 1 => {
                let old = match self.heap.payload_mut(r) {
                    Payload::Tuple(items) if items.len() == 2 => Some((
                        std::mem::replace(&mut items[0], a),
                        std::mem::replace(&mut items[1], b),
                    )),
                    _ => None,
                };
                let Some((o0, o1)) = old else {
                    return self.new_tuple(vec![a, b]);
                };
                self.incref(r);
                self.decref(o0);
                self.decref(o1);
                self.gc_track(r);
                r
            }
            _ => self.new_tuple(vec![a, b]),
        }
    }

    pub fn is_iterable(&mut self, v: ObjId) -> bool {
        match self.heap.payload(v) {
            Payload::List(_)
            | Payload::Tuple(_)
            | Payload::Str(_)
            | Payload::Bytes(_)
            | Payload::Dict(_)
            | Payload::Set(_)
            | Payload::FrozenSet(_)
            | Payload::DictView { .. }
            | Payload::MappingProxy(_)
            | Payload::Range(_)
            | Payload::Iter(_)
            | Payload::Generator(_) => true,
            _ if self.is_user_object(v) => {
                self.py_slot(v, "__iter__")
                    .is_some_and(|f| f != self.none())
                    || self.py_slot(v, "__getitem__").is_some()
            }
            _ => false,
        }
    }

    fn is_iterator(&mut self, v: ObjId) -> bool {
        match self.heap.payload(v) {
            Payload::Iter(_) | Payload::Generator(_) => true,
            _ if self.is_user_object(v) => self.py_slot(v, "__next__").is_some(),
            _ => false,
        }
    }

    /// `for item in iterable: f(item)` as C code writes it: `PyObject_GetIter`, then
    /// `PyIter_Next` until it returns NULL. Each item is lent to `f` and released right after
    /// it; `f` may stop the loop early with `ControlFlow::Break(value)`. The first error, from
    /// the iterator or from `f`, ends the loop; the iterator is released on every path, after
    /// the last item.
    pub fn try_each_item<B>(
        &mut self,
        iterable: ObjId,
        mut f: impl FnMut(&mut Vm, ObjId) -> PyResult<std::ops::ControlFlow<B>>,
    ) -> PyResult<Option<B>> {
        let it = self.get_iter(iterable)?;
        let out = loop {
            match self.next(it) {
                Ok(Some(item)) => {
                    let r = f(self, item);
                    self.decref(item);
                    match r {
                        Ok(std::ops::ControlFlow::Continue(())) => {}
                        Ok(std::ops::ControlFlow::Break(b)) => break Ok(Some(b)),
                        Err(e) => break Err(e),
                    }
                }
                Ok(None) => break Ok(None),
                Err(e) => break Err(e),
            }
        };
        self.decref(it);
        out
    }

    /// [`Vm::try_each_item`] for a loop that only stops at the end or at an error.
    pub fn for_each_item(
        &mut self,
        iterable: ObjId,
        mut f: impl FnMut(&mut Vm, ObjId) -> PyResult<()>,
    ) -> PyResult<()> {
        self.try_each_item::<std::convert::Infallible>(iterable, |vm, item| {
            f(vm, item).map(std::ops::ControlFlow::Continue)
        })
        .map(|_| ())
    }

    /// `next(it)`: Some(item) (owned), or None when exhausted.
    pub fn next(&mut self, it: ObjId) -> PyResult<Option<ObjId>> {
        self.native_ticks = self.native_ticks.wrapping_add(1);
        if self.native_ticks.is_multiple_of(4096) {
            if self.interrupted() {
                // Ctrl-C stops `sum(range(10**12))` and friends too (CPython's builtins mostly
                // do not look; refscope's do, so a runaway builtin never holds the app)
                self.interrupt
                    .store(false, std::sync::atomic::Ordering::Relaxed);
                return Err(self.new_exception_empty(ExcKind::KeyboardInterrupt));
            }
            if self.memory_exhausted() {
                // `list(range(10**10))`: CPython's list fails to grow
                return Err(self.new_exception_empty(ExcKind::MemoryError));
            }
        }
        match self.heap.payload(it) {
            // PyIter_Next: a StopIteration out of `tp_iternext` (a `map`/`filter` callback
            // raised it) is the end of the iteration
            Payload::Iter(_) => match self.iter_next(it) {
                Err(e) if self.is_instance_of_kind(e.0, ExcKind::StopIteration) => {
                    self.decref(e.0);
                    Ok(None)
                }
                r => r,
            },
            Payload::Generator(_) => self.gen_resume_native(it, None),
            Payload::Native(_) if self.native_slots(it).next.is_some() => {
                crate::modules::native::next(self, it)
            }
            _ => {
                if self.is_user_object(it) {
                    if let Some(m) = self.py_slot(it, "__next__") {
                        if crate::modules::iobase::is_iternext(self, m) {
                            // `tp_iternext` inherited from `_io._IOBase`: C's, no
                            // StopIteration at the end
                            return crate::modules::iobase::iternext(self, it);
                        }
                        let r = self.call_slot(m, it, &[]);
                        return match r {
                            Ok(v) => Ok(Some(v)),
                            Err(e) if self.is_instance_of_kind(e.0, ExcKind::StopIteration) => {
                                self.decref(e.0);
                                Ok(None)
                            }
                            Err(e) => Err(e),
                        };
                    }
                }
                let msg = format!("'{}' object is not an iterator", self.type_name(it));
                Err(self.type_error(&msg))
            }
        }
    }

    fn iter_state(&mut self, it: ObjId) -> &mut IterObj {
        match self.heap.payload_mut(it) {
            Payload::Iter(i) => i,
            _ => unreachable!("not an iterator"),
        }
    }

    fn iter_next(&mut self, it: ObjId) -> PyResult<Option<ObjId>> {
        let bt = self.builtin_type_of(it);
        let state = match self.heap.payload(it) {
            Payload::Iter(i) => i,
            _ => unreachable!(),
        };
        match &**state {
            IterObj::Seq { seq: None, .. } | IterObj::Reversed { seq: None, .. } => Ok(None),
            IterObj::Seq {
                seq: Some(seq),
                index,
                used,
                ..
            } => {
                let (seq, index, used) = (*seq, *index, *used);
                if let Some(msg) = self.changed_size_message(seq, used) {
                    return Err(self.new_exception(ExcKind::RuntimeError, msg));
                }
                let item = self.seq_item_at(it, seq, index, bt)?;
                match item {
                    Some((v, next_index)) => {
                        if let IterObj::Seq { index, .. } = self.iter_state(it) {
                            *index = next_index;
                        }
                        Ok(Some(v))
                    }
                    None => {
                        // exhausted: the iterator lets go of the sequence
                        if let IterObj::Seq { seq, .. } = self.iter_state(it) {
                            *seq = None;
                        }
                        self.decref(seq);
                        Ok(None)
                    }
                }
            }
            IterObj::SmallRange {
                next, stop, step, ..
            } => {
                let (n, stop, step) = (*next, *stop, *step);
                if (step > 0 && n < stop) || (step < 0 && n > stop) {
                    if let IterObj::SmallRange { next, .. } = self.iter_state(it) {
                        *next = n.saturating_add(step);
                    }
                    Ok(Some(self.new_int(n)))
                } else {
                    Ok(None)
                }
            }
            IterObj::Range {
                next, stop, step, ..
            } => {
                let (n, stop, step) = (next.clone(), stop.clone(), step.clone());
                let more = if step > BigInt::from(0) {
                    n < stop
                } else {
                    n > stop
                };
                if more {
                    if let IterObj::Range { next, .. } = self.iter_state(it) {
                        *next = &n + &step;
                    }
                    Ok(Some(self.new_bigint(n)))
                } else {
                    Ok(None)
                }
            }
            IterObj::Enumerate { iter, count, .. } => {
                let (inner, count) = (*iter, count.clone());
                match self.next(inner)? {
                    Some(v) => {
                        if let IterObj::Enumerate { count: c, .. } = self.iter_state(it) {
                            *c += 1;
                        }
                        let i = self.new_bigint(count);
                        Ok(Some(self.result_pair(it, i, v)))
                    }
                    None => Ok(None),
                }
            }
            IterObj::Zip {
                iters,
                strict,
                result,
            } => {
                let (iters, strict, result) = (iters.clone(), *strict, *result);
                if iters.is_empty() {
                    return Ok(None);
                }
                // zip_next: the result holder again when only the zip holds it, else a new
                // tuple (made before its items are fetched); either is filled item by item
                let reuse = self.refcnt(result) == 1;
                let t = if reuse {
                    self.incref(result);
                    result
                } else {
                    let holes: Vec<ObjId> = iters.iter().map(|_| self.new_none()).collect();
                    self.new_tuple(holes)
                };
                for (n, &i) in iters.iter().enumerate() {
                    match self.next(i) {
                        Ok(Some(v)) => crate::modules::native::tuple_set_item(self, t, n, v),
                        other => {
                            self.decref(t);
                            other?;
                            if strict {
                                return self.zip_strict_check(&iters, n);
                            }
                            return Ok(None);
                        }
                    }
                }
                if reuse {
                    self.gc_track(t);
                }
                Ok(Some(t))
            }
            IterObj::Map { func, iters } => {
                let (func, iters) = (*func, iters.clone());
                let mut args = Vec::with_capacity(iters.len());
                for i in iters {
                    match self.next(i) {
                        Ok(Some(v)) => args.push(v),
                        other => {
                            for v in args {
                                self.decref(v);
                            }
                            return other.map(|_| None);
                        }
                    }
                }
                let r = self.call_object(func, &args, &[]);
                for v in args {
                    self.decref(v);
                }
                r.map(Some)
            }
            IterObj::Filter { func, iter } => {
                let (func, inner) = (*func, *iter);
                loop {
                    let Some(v) = self.next(inner)? else {
                        return Ok(None);
                    };
                    let keep = if func == self.none() || func == self.ty(BuiltinType::Bool) {
                        self.is_true(v)
                    } else {
                        self.call_object(func, &[v], &[]).and_then(|r| {
                            let t = self.is_true(r);
                            self.decref(r);
                            t
                        })
                    };
                    match keep {
                        Ok(true) => return Ok(Some(v)),
                        Ok(false) => self.decref(v),
                        Err(e) => {
                            self.decref(v);
                            return Err(e);
                        }
                    }
                }
            }
            IterObj::Reversed {
                seq: Some(seq),
                index,
                ..
            } if matches!(self.heap.payload(*seq), Payload::Dict(_)) => {
                // dictreviter_iternext: entries from the last one down, deleted ones skipped
                let (seq, mut index) = (*seq, *index);
                let found = loop {
                    if index == 0 {
                        break None;
                    }
                    index -= 1;
                    if let Payload::Dict(d) = self.heap.payload(seq) {
                        if let Some(e) = d.entry_at(index) {
                            break Some((e.key, e.value));
                        }
                    }
                };
                if let IterObj::Reversed { index: i, .. } = self.iter_state(it) {
                    *i = index;
                }
                match found {
                    None => {
                        if let IterObj::Reversed { seq, .. } = self.iter_state(it) {
                            *seq = None;
                        }
                        self.decref(seq);
                        Ok(None)
                    }
                    Some((k, v)) => Ok(Some(match bt {
                        Some(BuiltinType::DictRevValueIterator) => self.new_ref(v),
                        Some(BuiltinType::DictRevItemIterator) => {
                            let k = self.new_ref(k);
                            let v = self.new_ref(v);
                            self.result_pair(it, k, v)
                        }
                        _ => self.new_ref(k),
                    })),
                }
            }
            IterObj::Reversed {
                seq: Some(seq),
                index,
                ..
            } => {
                let (seq, index) = (*seq, *index);
                if index == 0 {
                    if let IterObj::Reversed { seq, .. } = self.iter_state(it) {
                        *seq = None;
                    }
                    self.decref(seq);
                    return Ok(None);
                }
                if let IterObj::Reversed { index, .. } = self.iter_state(it) {
                    *index -= 1;
                }
                let key = self.new_usize(index - 1);
                let r = self.getitem(seq, key);
                self.decref(key);
                match r {
                    // reversed_next / listreviter_next: a sequence that shrank ends the
                    // iteration
                    Err(e)
                        if self.is_instance_of_kind(e.0, ExcKind::IndexError)
                            || self.is_instance_of_kind(e.0, ExcKind::StopIteration) =>
                    {
                        self.decref(e.0);
                        if let IterObj::Reversed { seq, index, .. } = self.iter_state(it) {
                            *seq = None;
                            *index = 0;
                        }
                        self.decref(seq);
                        Ok(None)
                    }
                    r => r.map(Some),
                }
            }
            IterObj::Callable { func: None, .. } | IterObj::Callable { sentinel: None, .. } => {
                Ok(None)
            }
            IterObj::Callable {
                func: Some(func),
                sentinel: Some(sentinel),
            } => {
                // calliter_iternext: the callable and the sentinel are the iterator's (borrowed
                // here); an `__eq__` that calls the same iterator again may clear both, so what
                // is cleared afterwards is whatever the iterator still holds
                let (func, sentinel) = (*func, *sentinel);
                let v = match self.call_object(func, &[], &[]) {
                    Ok(v) => v,
                    Err(e) if self.is_instance_of_kind(e.0, ExcKind::StopIteration) => {
                        self.decref(e.0);
                        self.callable_iter_clear(it);
                        return Ok(None);
                    }
                    Err(e) => return Err(e),
                };
                let eq = self.eq(sentinel, v);
                match eq {
                    Ok(false) => Ok(Some(v)),
                    Ok(true) => {
                        self.decref(v);
                        self.callable_iter_clear(it);
                        Ok(None)
                    }
                    Err(e) => {
                        self.decref(v);
                        Err(e)
                    }
                }
            }
        }
    }

    /// `Py_CLEAR(it->it_callable); Py_CLEAR(it->it_sentinel)` of a callable iterator.
    fn callable_iter_clear(&mut self, it: ObjId) {
        let (f, s) = match self.iter_state(it) {
            IterObj::Callable { func, sentinel } => (func.take(), sentinel.take()),
            _ => (None, None),
        };
        self.xdecref(f);
        self.xdecref(s);
    }

    /// The item at position `index` of a sequence being iterated, and the next position.
    fn seq_item_at(
        &mut self,
        it: ObjId,
        seq: ObjId,
        index: usize,
        bt: Option<BuiltinType>,
    ) -> PyResult<Option<(ObjId, usize)>> {
        match self.heap.payload(seq) {
            Payload::List(l) => Ok(l
                .items
                .get(index)
                .copied()
                .map(|v| (self.new_ref(v), index + 1))),
            Payload::Tuple(t) => Ok(t.get(index).copied().map(|v| (self.new_ref(v), index + 1))),
            Payload::Str(s) => {
                if index >= s.len {
                    return Ok(None);
                }
                let c = s.char_at(index);
                let mut buf = [0u8; 4];
                Ok(Some((self.new_str(c.encode_utf8(&mut buf)), index + 1)))
            }
            Payload::Bytes(b) => match b.get(index) {
                Some(&byte) => Ok(Some((self.new_int(byte as i64), index + 1))),
                None => Ok(None),
            },
            Payload::Dict(d) => {
                let mut i = index;
                while i < d.entries.len() {
                    if let Some(e) = d.entries[i] {
                        let v = match bt {
                            Some(BuiltinType::DictValueIterator) => self.new_ref(e.value),
                            Some(BuiltinType::DictItemIterator) => {
                                self.incref(e.key);
                                self.incref(e.value);
                                self.result_pair(it, e.key, e.value)
                            }
                            _ => self.new_ref(e.key),
                        };
                        return Ok(Some((v, i + 1)));
                    }
                    i += 1;
                }
                Ok(None)
            }
            Payload::Set(s) | Payload::FrozenSet(s) => {
                let mut i = index;
                while i < s.table.len() {
                    if let crate::object::set::SetSlot::Key(k, _) = s.table[i] {
                        return Ok(Some((self.new_ref(k), i + 1)));
                    }
                    i += 1;
                }
                Ok(None)
            }
            _ => {
                // the sequence protocol: seq[index] until IndexError
                let key = self.new_usize(index);
                let r = self.getitem(seq, key);
                self.decref(key);
                match r {
                    Ok(v) => Ok(Some((v, index + 1))),
                    Err(e)
                        if self.is_instance_of_kind(e.0, ExcKind::IndexError)
                            || self.is_instance_of_kind(e.0, ExcKind::StopIteration) =>
                    {
                        self.decref(e.0);
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// `FOR_ITER`: the next item, or pop the iterator and jump to `target`.
    pub(crate) fn for_iter(&mut self, target: usize) -> PyResult<Flow> {
        let it = self.peek(1);
        if let Payload::Generator(g) = self.heap.payload(it) {
            if g.frame.is_some() && !g.running {
                self.resume_generator_frame(it, None, true)?;
                return Ok(Flow::FrameChanged);
            }
        }
        match self.next(it)? {
            Some(v) => {
                self.push(v);
                Ok(Flow::Next)
            }
            None => {
                let it = self.pop();
                self.decref(it);
                self.frames.last_mut().expect("frame").ip = target;
                Ok(Flow::Next)
            }
        }
    }

    /// Push a generator's frame to continue it (sending `value`, owned, unless it has not
    /// started).
    pub(crate) fn resume_generator_frame(
        &mut self,
        gen: ObjId,
        value: Option<ObjId>,
        push_value: bool,
    ) -> PyResult<()> {
        if self.frames.len() + self.native_depth >= self.options.recursion_limit {
            self.xdecref(value);
            return Err(
                self.new_exception(ExcKind::RecursionError, "maximum recursion depth exceeded")
            );
        }
        // the generator's own exception state becomes the thread's while it runs
        let boxed = match self.heap.payload_mut(gen) {
            Payload::Generator(g) => {
                g.running = true;
                let state = g.exc_state.take();
                g.caller_exc_info = std::mem::replace(&mut self.exc_info, state);
                g.frame.take().expect("suspended frame")
            }
            _ => unreachable!(),
        };
        let mut frame = boxed;
        frame.kind = FrameKind::Generator { gen };
        frame.entry = false;
        if frame.ip > 0 && push_value {
            let v = match value {
                Some(v) => v,
                None => self.new_none(),
            };
            frame.stack.push(Some(v));
        } else {
            self.xdecref(value);
        }
        self.frames.push(frame);
        Ok(())
    }

    /// Resume a generator from native code; Some(yielded value) or None when it returns
    /// (its return value is dropped, as a `for` loop drops it).
    pub(crate) fn gen_resume_native(
        &mut self,
        gen: ObjId,
        value: Option<ObjId>,
    ) -> PyResult<Option<ObjId>> {
        match self.gen_send_ex(gen, value, None)? {
            super::genobject::GenStep::Yielded(v) => Ok(Some(v)),
            super::genobject::GenStep::Returned(r) => {
                self.decref(r);
                Ok(None)
            }
        }
    }

    /// `YIELD_VALUE`: suspend the generator frame, hand the value to whoever resumed it.
    pub(crate) fn yield_value(&mut self, _base: usize) -> Flow {
        let v = self.pop();
        // the frame moves to its generator in its box
        let mut frame = self.frames.pop().expect("frame");
        let entry = frame.entry;
        let FrameKind::Generator { gen } = frame.kind else {
            // a yield outside a generator frame cannot be compiled
            self.push(v);
            return Flow::Next;
        };
        frame.kind = FrameKind::Normal;
        frame.entry = false;
        if let Payload::Generator(g) = self.heap.payload_mut(gen) {
            g.frame = Some(frame);
            g.running = false;
            let caller = g.caller_exc_info.take();
            g.exc_state = std::mem::replace(&mut self.exc_info, caller);
        }
        if entry {
            return Flow::Done(Outcome::Yielded(v));
        }
        let at_send = self
            .frames
            .last()
            .is_some_and(|f| matches!(f.code.instrs.get(f.lasti), Some(Instr::Send(_))));
        if at_send {
            self.sent_value_done();
        }
        self.push(v);
        Flow::FrameChanged
    }

    /// The generator a `SEND` resumed is back (it yielded or returned): `SEND` drops the
    /// value it sent (see `send_instr`).
    fn sent_value_done(&mut self) {
        let v = self.pop();
        self.decref(v);
    }

    /// A generator's frame has ended (returned or raised).
    pub(crate) fn generator_finished(&mut self, gen: ObjId) {
        let mut left = None;
        if let Payload::Generator(g) = self.heap.payload_mut(gen) {
            g.running = false;
            g.finished = true;
            g.frame = None;
            let caller = g.caller_exc_info.take();
            left = std::mem::replace(&mut self.exc_info, caller);
        }
        self.xdecref(left);
    }

    /// A generator resumed by `FOR_ITER`/`SEND` returned: finish the caller's instruction.
    pub(crate) fn generator_returned_to_caller(&mut self, retval: ObjId) {
        let instr = {
            let f = self.frames.last().expect("frame");
            f.code.instrs[f.lasti]
        };
        match instr {
            Instr::ForIter(t) => {
                self.decref(retval);
                let it = self.pop();
                self.decref(it);
                self.frames.last_mut().expect("frame").ip = t as usize;
            }
            Instr::Send(t) => {
                self.sent_value_done();
                let receiver = self.pop();
                self.decref(receiver);
                self.push(retval);
                self.frames.last_mut().expect("frame").ip = t as usize;
            }
            _ => self.push(retval),
        }
    }

    /// `SEND`: pass a value into a sub-iterator (`yield from`).
    ///
    /// 3.11's `SEND` pops `v` into a C local and drops it only when `PyIter_Send` returns, so
    /// while a generator it resumes runs, `v` has one reference more than the generator's:
    /// here it stays on this frame's stack until the generator yields or returns to it
    /// (`sent_value_done`).
    pub(crate) fn send_instr(&mut self, target: usize) -> PyResult<Flow> {
        let v = self.peek(1);
        let receiver = self.peek(2);
        if let Payload::Generator(g) = self.heap.payload(receiver) {
            if g.frame.is_some() && !g.running {
                let value = if v == self.none() {
                    None
                } else {
                    Some(self.new_ref(v))
                };
                self.resume_generator_frame(receiver, value, true)?;
                return Ok(Flow::FrameChanged);
            }
        }
        let v = self.pop();
        self.decref(v);
        match self.next(receiver)? {
            Some(item) => {
                self.push(item);
                Ok(Flow::Next)
            }
            None => {
                let r = self.pop();
                self.decref(r);
                let none = self.new_none();
                self.push(none);
                self.frames.last_mut().expect("frame").ip = target;
                Ok(Flow::Next)
            }
        }
    }

    /// A generator object owning a not-yet-started frame (`RETURN_GENERATOR`).
    pub(crate) fn new_generator(&mut self, frame: Frame) -> ObjId {
        let code = frame.code.clone();
        self.incref(code.name_obj);
        self.incref(code.qualname_obj);
        self.incref(frame.code_obj);
        let code_obj = frame.code_obj;
        let t = self.ty(BuiltinType::Generator);
        let size = 96 + 8 * (code.nlocalsplus() + code.stacksize);
        let frame = self.frame_vecs.boxed(frame);
        self.alloc(
            t,
            Payload::Generator(Box::new(Generator {
                frame: Some(frame),
                name: code.name_obj,
                qualname: code.qualname_obj,
                code_obj,
                running: false,
                finished: false,
                exc_state: None,
                caller_exc_info: None,
            })),
            Layout::gc(size),
        )
    }
}

/// `get_len_of_range` on C longs (exact in 128 bits).
fn len_of_range(lo: i128, hi: i128, step: i128) -> i128 {
    if step > 0 && lo < hi {
        (hi - lo - 1) / step + 1
    } else if step < 0 && lo > hi {
        (lo - hi - 1) / (-step) + 1
    } else {
        0
    }
}

/// `range_iter`'s choice: a `range_iterator` (C longs: `fast_range_iter`) when start, stop
/// and step are C longs, the length is at most `LONG_MAX` and `start + len*step` cannot
/// overflow (the stop is not within a step of the edge); otherwise a `longrange_iterator`
/// over ints. `iter(range(0, 2**63 - 1, 2))` is a longrange one.
pub(crate) fn range_iter_is_fast(start: &BigInt, stop: &BigInt, step: &BigInt) -> bool {
    let (Some(a), Some(b), Some(s)) = (start.to_i64(), stop.to_i64(), step.to_i64()) else {
        return false;
    };
    let (a, b, s) = (a as i128, b as i128, s as i128);
    let (min, max) = (i64::MIN as i128, i64::MAX as i128);
    let ulen = len_of_range(a, b, s);
    if ulen > max {
        return false;
    }
    if ulen > 0 {
        if s > 0 && b > max - (s - 1) {
            return false;
        }
        if s < 0 && b < min + (-1 - s) {
            return false;
        }
    }
    true
}

/// `range_reverse`'s choice: C longs, a step that can be negated, `start - step` within a C
/// long and a length of at most `LONG_MAX` give a `range_iterator`; otherwise a
/// `longrange_iterator` (`reversed(range(-2**63, 0))`).
pub(crate) fn range_reverse_is_fast(start: &BigInt, stop: &BigInt, step: &BigInt) -> bool {
    let (Some(a), Some(b), Some(s)) = (start.to_i64(), stop.to_i64(), step.to_i64()) else {
        return false;
    };
    if s == i64::MIN {
        return false;
    }
    let (a, b, s) = (a as i128, b as i128, s as i128);
    let (min, max) = (i64::MIN as i128, i64::MAX as i128);
    if s > 0 && a - min < s {
        return false;
    }
    if s < 0 && max - a < -s {
        return false;
    }
    len_of_range(a, b, s) <= max
}
