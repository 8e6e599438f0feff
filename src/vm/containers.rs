//! Containers at the VM level: dict and set operations whose key comparisons may run Python
//! code, list growth exactly as `list_resize` does it (so `sys.getsizeof` and addresses match),
//! subscripts and slices, and unpacking.

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::ast::BinOp;
use crate::object::dict::{self as pydict, Probe};
use crate::object::set::{SetProbe, MINSIZE as SET_MINSIZE};
use crate::object::{BuiltinType, ObjId, Payload, PyDict, PySet};

use super::{ExcKind, PyErr, PyResult, Vm};

/// A resolved slice: start, stop, step and the number of items.
#[derive(Clone, Copy, Debug)]
pub struct SliceIndices {
    pub start: isize,
    pub stop: isize,
    pub step: isize,
    pub len: usize,
}

impl SliceIndices {
    pub fn indices(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).map(move |i| (self.start + i as isize * self.step) as usize)
    }
}

impl Vm {
    // ---- dicts ----

    pub(crate) fn dict_ref(&self, d: ObjId) -> &PyDict {
        match self.heap.payload(d) {
            Payload::Dict(d) => d,
            _ => unreachable!("not a dict"),
        }
    }

    fn dict_mut(&mut self, d: ObjId) -> &mut PyDict {
        match self.heap.payload_mut(d) {
            Payload::Dict(d) => d,
            _ => unreachable!("not a dict"),
        }
    }

    /// Look a str key up without running Python code (borrowed value).
    pub fn dict_getitem_str(&self, d: ObjId, key: ObjId) -> Option<ObjId> {
        let Payload::Str(k) = self.heap.payload(key) else {
            return None;
        };
        let Payload::Dict(dict) = self.heap.payload(d) else {
            return None;
        };
        let hash = k.hash();
        match dict.probe(hash, key) {
            Probe::Found(ix) => dict.entry_at(ix).map(|e| e.value),
            Probe::Absent => None,
            Probe::Candidates(c) => c.into_iter().find_map(|ix| {
                let e = dict.entry_at(ix)?;
                match self.heap.payload(e.key) {
                    Payload::Str(s) if s.as_str() == k.as_str() => Some(e.value),
                    _ => None,
                }
            }),
        }
    }

    /// `dict[key]` lookup: the entry index, comparing keys with `==` (which may run Python code;
    /// the probe restarts if the dict changed meanwhile).
    pub fn dict_lookup(&mut self, d: ObjId, key: ObjId) -> PyResult<Option<usize>> {
        let hash = self.hash(key)?;
        self.dict_lookup_hashed(d, key, hash)
    }

    fn dict_lookup_hashed(&mut self, d: ObjId, key: ObjId, hash: i64) -> PyResult<Option<usize>> {
        'restart: loop {
            let (probe, version) = {
                let dict = self.dict_ref(d);
                (dict.probe(hash, key), dict.version)
            };
            match probe {
                Probe::Found(ix) => return Ok(Some(ix)),
                Probe::Absent => return Ok(None),
                Probe::Candidates(c) => {
                    for ix in c {
                        let stored = match self.dict_ref(d).entry_at(ix) {
                            Some(e) => e.key,
                            None => continue 'restart,
                        };
                        if stored == key {
                            return Ok(Some(ix));
                        }
                        self.incref(stored);
                        let eq = self.eq(stored, key);
                        self.decref(stored);
                        let eq = eq?;
                        if self.dict_ref(d).version != version {
                            continue 'restart;
                        }
                        if eq {
                            return Ok(Some(ix));
                        }
                    }
                    return Ok(None);
                }
            }
        }
    }

    /// `dict[key]`: a borrowed value, or None when absent.
    pub fn dict_get(&mut self, d: ObjId, key: ObjId) -> PyResult<Option<ObjId>> {
        Ok(self
            .dict_lookup(d, key)?
            .and_then(|ix| self.dict_ref(d).entry_at(ix).map(|e| e.value)))
    }

    /// `PyDict_SetItem`: key and value are borrowed (the dict takes its own references). The
    /// new value is stored before the old one is released.
    pub fn dict_setitem(&mut self, d: ObjId, key: ObjId, value: ObjId) -> PyResult<()> {
        // 3.11's PyDict_SetItem takes its own references to the key and the value first
        // (`_PyDict_SetItem_Take2`), then hashes and looks up: a class's `__hash__` and
        // `__eq__` see the key held once more
        self.incref(key);
        self.incref(value);
        let found = match self.hash(key) {
            Ok(hash) => self.dict_lookup_hashed(d, key, hash).map(|ix| (hash, ix)),
            Err(e) => Err(e),
        };
        match found {
            Err(e) => {
                self.decref(value);
                self.decref(key);
                return Err(e);
            }
            Ok((_, Some(ix))) => self.dict_replace_found(d, ix, key, value),
            Ok((hash, None)) => {
                let is_str = matches!(self.heap.payload(key), Payload::Str(_));
                self.dict_insert_new(d, hash, key, value, is_str);
                self.maintain_tracking(d, key, value);
            }
        }
        Ok(())
    }

    /// insertdict for a key found at entry `ix` (`key` and `value` references already
    /// taken): the value replaced, the old one released, then the extra key reference.
    pub(crate) fn dict_replace_found(&mut self, d: ObjId, ix: usize, key: ObjId, value: ObjId) {
        let old = self.dict_mut(d).replace_value(ix, value);
        self.maintain_tracking(d, key, value);
        self.decref(old);
        self.decref(key);
    }

    /// Insert an absent key (references owned by the dict), re-accounting the keys block when
    /// the table is rebuilt (`dictresize`: new keys allocated before the old are freed).
    fn dict_insert_new(&mut self, d: ObjId, hash: i64, key: ObjId, value: ObjId, is_str: bool) {
        let mut key = key;
        if self.dict_ref(d).split.is_some() {
            key = self.split_dict_make_room(d, key, is_str);
        }
        let old = {
            let dict = self.dict_ref(d);
            dict.keys_block
                .map(|b| (b, dict.table_size(), dict.unicode, dict.keys_size()))
        };
        let resized = self.dict_mut(d).insert_new(hash, key, value, is_str);
        if resized {
            let new_block = {
                let dict = self.dict_ref(d).clone_shape();
                self.alloc_keys_block(&dict)
            };
            self.dict_mut(d).keys_block = Some(new_block);
            if let Some((b, t, u, s)) = old {
                self.free_keys_block(b, t, u, s);
            }
        }
    }

    /// `insertdict` on a split instance dict (an object's materialised `__dict__`): a str key
    /// its class's shared keys hold, or can still take (`dk_usable`), keeps the dict split;
    /// any other key makes it combined (`insertion_resize`: a table for three times its
    /// items), after which its size is its own keys'. Returns the key object the entry is to
    /// hold: a name the shared keys already have is theirs (the caller's reference to `key`
    /// is dropped, `Py_DECREF(key)`); a new name moves into the shared keys
    /// (`insert_into_dictkeys`), the dict borrowing it as it does the others.
    fn split_dict_make_room(&mut self, d: ObjId, key: ObjId, is_str: bool) -> ObjId {
        let Some(split) = self.dict_ref(d).split else {
            return key;
        };
        let borrowed = self.heap.dict_borrows_keys(self.dict_ref(d));
        if is_str && borrowed {
            let text = self.str_of(key).to_string();
            let (known, room) = match self.heap.payload(split.class) {
                Payload::Type(t) => (
                    t.shared_keys
                        .iter()
                        .find(|&&k| k == key)
                        .or_else(|| t.shared_keys.iter().find(|&&k| self.str_of(k) == text))
                        .copied(),
                    t.shared_keys_usable > 0,
                ),
                _ => (None, false),
            };
            if let Some(shared) = known {
                self.decref(key);
                return shared;
            }
            if room {
                // `insert_into_dictkeys`: the new name joins the class's shared keys
                if let Payload::Type(t) = self.heap.payload_mut(split.class) {
                    t.shared_keys.push(key);
                    t.shared_keys_usable -= 1;
                }
                return key;
            }
        }
        let (used, unicode) = {
            let dict = self.dict_ref(d);
            (dict.used, dict.unicode && is_str)
        };
        self.dict_unsplit(d);
        self.dict_resize(d, pydict::calculate_log2_keysize(used * 3), unicode);
        key
    }

    /// A split dict becomes combined (`dictresize` of a split table): its new keys object
    /// takes a reference to each name (`Py_INCREF(ep->me_key)`). The caller resizes it.
    pub(crate) fn dict_unsplit(&mut self, d: ObjId) {
        if self.heap.dict_borrows_keys(self.dict_ref(d)) {
            let keys: Vec<ObjId> = self.dict_ref(d).iter().map(|e| e.key).collect();
            for k in keys {
                self.incref(k);
            }
        }
        self.dict_mut(d).split = None;
    }

    /// Drop the reference an entry removed from `d` held to its key: none for a split dict,
    /// whose keys its class holds (`delitem_common` on `ma_values` leaves the keys alone).
    pub(crate) fn dict_release_key(&mut self, d: ObjId, key: ObjId) {
        if !self.heap.dict_borrows_keys(self.dict_ref(d)) {
            self.decref(key);
        }
    }

    /// A class that dies while split dicts share its keys: CPython's keys object lives on
    /// with them (`dictkeys_decref` at each dict's end), so here each such dict takes its own
    /// reference to its keys before the class releases its shared keys.
    pub(crate) fn orphan_split_dicts(&mut self, class: ObjId) {
        if !self.split_dict_classes.remove(&class) {
            return;
        }
        let serial = self.heap.meta(class).serial;
        let mut keys = Vec::new();
        for id in self.heap.ids() {
            if let Payload::Dict(dd) = self.heap.payload(id) {
                if dd
                    .split
                    .is_some_and(|s| s.class == class && s.serial == serial)
                {
                    keys.extend(dd.iter().map(|e| e.key));
                }
            }
        }
        for k in keys {
            self.incref(k);
        }
    }

    /// Insert a str key known to be absent (no Python code can run). Owned key and value.
    pub(crate) fn dict_insert_known_str(&mut self, d: ObjId, key: ObjId, value: ObjId) {
        let hash = match self.heap.payload(key) {
            Payload::Str(s) => s.hash(),
            _ => 0,
        };
        self.dict_insert_new(d, hash, key, value, true);
        self.maintain_tracking(d, key, value);
    }

    /// `MAINTAIN_TRACKING`: a dict starts untracked and is tracked once it holds something
    /// that may be part of a cycle (a GC object; a tuple only if it is tracked itself).
    fn maintain_tracking(&mut self, d: ObjId, key: ObjId, value: ObjId) {
        if self.heap.get(d).gc != crate::object::GcState::Untracked {
            return;
        }
        if self.may_be_tracked(key) || self.may_be_tracked(value) {
            self.gc_track(d);
        }
    }

    /// `_PyObject_GC_MAY_BE_TRACKED`.
    pub fn may_be_tracked(&self, id: ObjId) -> bool {
        let o = self.heap.get(id);
        if !o.is_gc() {
            return false;
        }
        if matches!(o.payload, Payload::Tuple(_)) {
            return o.gc != crate::object::GcState::Untracked;
        }
        true
    }

    /// Delete a key; false when absent.
    pub fn dict_delitem(&mut self, d: ObjId, key: ObjId) -> PyResult<bool> {
        match self.dict_lookup(d, key)? {
            Some(ix) => {
                let e = self.dict_mut(d).remove_entry(ix);
                self.dict_release_key(d, e.key);
                self.decref(e.value);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    pub fn dict_delitem_str(&mut self, d: ObjId, key: ObjId) -> PyResult<bool> {
        self.dict_delitem(d, key)
    }

    /// `_PyDict_FromItems` (BUILD_MAP): presized, str-keyed when every key is a str. `items`
    /// alternate key, value (borrowed).
    pub(crate) fn dict_from_pairs(&mut self, items: &[ObjId], n: usize) -> PyResult<ObjId> {
        let unicode = items
            .iter()
            .step_by(2)
            .all(|&k| matches!(self.heap.payload(k), Payload::Str(_)));
        let d = self.new_dict_from(PyDict::presized(n, unicode), true);
        for pair in items.chunks(2) {
            if let Err(e) = self.dict_setitem(d, pair[0], pair[1]) {
                self.decref(d);
                return Err(e);
            }
        }
        Ok(d)
    }

    /// `dictresize(d, log2_size, unicode)`: a new keys table of `2**log2_size` slots, the
    /// entries moved over in order.
    pub(crate) fn dict_resize(&mut self, d: ObjId, log2_size: u8, unicode: bool) {
        let old = self.dict_ref(d).keys_block.map(|b| {
            let dd = self.dict_ref(d);
            (b, dd.table_size(), dd.unicode, dd.keys_size())
        });
        self.dict_mut(d).rebuild(log2_size, unicode);
        let shape = self.dict_ref(d).clone_shape();
        let block = self.alloc_keys_block(&shape);
        self.dict_mut(d).keys_block = Some(block);
        if let Some((b, t, u, s)) = old {
            self.free_keys_block(b, t, u, s);
        }
    }

    /// `clone_combined_dict_keys`: `d` (empty) takes a copy of `other`'s table, the same
    /// size, the same order, deleted entries included.
    fn dict_clone_keys(&mut self, d: ObjId, other: ObjId) {
        let table = self.dict_ref(other).clone();
        let entries: Vec<(ObjId, ObjId)> = table.iter().map(|e| (e.key, e.value)).collect();
        for &(k, v) in &entries {
            self.incref(k);
            self.incref(v);
        }
        let old = self.dict_ref(d).keys_block.map(|b| {
            let dd = self.dict_ref(d);
            (b, dd.table_size(), dd.unicode, dd.keys_size())
        });
        self.dict_mut(d).clone_table_from(&table);
        let shape = self.dict_ref(d).clone_shape();
        let block = self.alloc_keys_block(&shape);
        self.dict_mut(d).keys_block = Some(block);
        if let Some((b, t, u, s)) = old {
            self.free_keys_block(b, t, u, s);
        }
        for (k, v) in entries {
            self.maintain_tracking(d, k, v);
        }
    }

    /// `PyDict_Copy` of a split table: a new dict (`PyObject_GC_New`, not the free list)
    /// sharing the class's keys, with its own values array; tracked when the original is.
    fn dict_copy_split(&mut self, src: ObjId, class: ObjId) -> ObjId {
        let pairs: Vec<(ObjId, ObjId)> = self
            .dict_ref(src)
            .iter()
            .map(|e| (e.key, e.value))
            .collect();
        let split = Some(crate::object::dict::SplitKeys {
            class,
            serial: self.heap.meta(class).serial,
            usable_size: self.shared_keys_usable_size(class),
        });
        let mut d = PyDict::new();
        d.split = split;
        self.split_dict_classes.insert(class);
        let copy = self.new_dict_from(d, false);
        for (k, v) in pairs {
            self.incref(k);
            self.incref(v);
            self.dict_insert_known_str(copy, k, v);
        }
        if let Payload::Dict(dd) = self.heap.payload_mut(copy) {
            dd.split = split;
        }
        let tracked = self.heap.get(src).gc != crate::object::GcState::Untracked;
        if tracked && self.heap.get(copy).gc == crate::object::GcState::Untracked {
            self.gc_track(copy);
        }
        copy
    }

    /// `PyDict_Copy` (`dict.copy()`): a combined table at most a third deleted is cloned
    /// as it is (holes and size kept); a sparser one is merged into a new dict, which sizes
    /// its table for the items (`dict_merge`).
    pub fn dict_copy(&mut self, src: ObjId) -> PyResult<ObjId> {
        if let Some(split) = self.dict_ref(src).split {
            if self.heap.is_live(split.class) && self.heap.meta(split.class).serial == split.serial
            {
                return Ok(self.dict_copy_split(src, split.class));
            }
        }
        let d = self.new_dict();
        let o = self.dict_ref(src);
        if o.used > 0 && o.split.is_none() && o.used >= o.entries.len() * 2 / 3 {
            self.dict_clone_keys(d, src);
            return Ok(d);
        }
        match self.dict_update_from(d, src, false) {
            Ok(()) => Ok(d),
            Err(e) => {
                self.decref(d);
                Err(e)
            }
        }
    }

    /// `dict.update(other)` / `DICT_UPDATE` / `DICT_MERGE` (which refuses duplicate keys).
    pub(crate) fn dict_update_from(&mut self, d: ObjId, other: ObjId, merge: bool) -> PyResult<()> {
        if let Payload::Dict(o) = self.heap.payload(other) {
            if d == other || o.is_empty() {
                return Ok(());
            }
            let target_empty = self.dict_ref(d).is_empty() && !merge;
            // `other->ma_values == NULL`: a split table is never cloned
            let clean = o.split.is_none()
                && o.used == o.entries.len()
                && (o.table_size() == pydict::MINSIZE
                    || pydict::usable_fraction(o.table_size() / 2) < o.used);
            if target_empty && clean && self.dict_ref(d).entries.is_empty() {
                // clone_combined_dict_keys: an empty split target becomes combined
                // (`free_values`, `ma_values = NULL`)
                self.dict_mut(d).split = None;
                self.dict_clone_keys(d, other);
                return Ok(());
            }
            let pairs: Vec<(ObjId, ObjId)> = o.iter().map(|e| (e.key, e.value)).collect();
            let needed = self.dict_ref(d).len() + pairs.len();
            // a split target's keys object is its class's (`NEXT_LOG2_SHARED_KEYS_MAX_SIZE`:
            // 64 slots), and the one big resize makes it combined
            let other_unicode = o.unicode;
            if self.dict_ref(d).split.is_some() && pydict::usable_fraction(1 << 6) < pairs.len() {
                self.dict_unsplit(d);
            }
            if pydict::usable_fraction(self.dict_ref(d).table_size()) < pairs.len() {
                let unicode = self.dict_ref(d).unicode && other_unicode;
                self.dict_resize(d, pydict::estimate_log2_keysize(needed), unicode);
            }
            for (k, v) in pairs {
                self.incref(k);
                self.incref(v);
                let r = if merge && self.dict_lookup(d, k).ok().flatten().is_some() {
                    // _PyDict_MergeEx(override=2): a duplicate key is a KeyError, which
                    // DICT_MERGE words for the call
                    self.incref(k);
                    let ty = self.exc_types[ExcKind::KeyError as usize];
                    Err(super::PyErr(self.new_exception_object(ty, vec![k])))
                } else {
                    self.dict_setitem(d, k, v)
                };
                self.decref(k);
                self.decref(v);
                r?;
            }
            return Ok(());
        }
        // another mapping: keys() then getitem
        let keys_method = self.getattr_str(other, "keys").map_err(|e| {
            self.decref(e.0);
            let msg = format!("'{}' object is not a mapping", self.type_name(other));
            self.type_error(&msg)
        })?;
        let keys = self.call_object(keys_method, &[], &[]);
        self.decref(keys_method);
        let keys = keys?;
        let items = self.collect_iterable(keys);
        self.decref(keys);
        let items = items?;
        let mut result = Ok(());
        for k in &items {
            if result.is_ok() {
                result = self.getitem(other, *k).and_then(|v| {
                    let r = self.dict_setitem(d, *k, v);
                    self.decref(v);
                    r
                });
            }
        }
        for k in items {
            self.decref(k);
        }
        result
    }

    pub(crate) fn dict_or(&mut self, a: ObjId, b: ObjId) -> PyResult<ObjId> {
        let d = self.new_dict();
        let r = self
            .dict_update_from(d, a, false)
            .and_then(|_| self.dict_update_from(d, b, false));
        match r {
            Ok(()) => Ok(d),
            Err(e) => {
                self.decref(d);
                Err(e)
            }
        }
    }

    pub(crate) fn dict_equal(&mut self, a: ObjId, b: ObjId) -> PyResult<bool> {
        if self.dict_ref(a).len() != self.dict_ref(b).len() {
            return Ok(false);
        }
        let pairs: Vec<(ObjId, ObjId)> =
            self.dict_ref(a).iter().map(|e| (e.key, e.value)).collect();
        for (k, v) in pairs {
            self.incref(k);
            self.incref(v);
            let r = match self.dict_get(b, k) {
                Ok(Some(bv)) => {
                    self.incref(bv);
                    let e = self.eq(v, bv);
                    self.decref(bv);
                    e
                }
                Ok(None) => Ok(false),
                Err(e) => Err(e),
            };
            self.decref(k);
            self.decref(v);
            if !r? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Dict items as (key, value) pairs, borrowed.
    pub fn dict_pairs(&self, d: ObjId) -> Vec<(ObjId, ObjId)> {
        match self.heap.payload(d) {
            Payload::Dict(dict) => dict.iter().map(|e| (e.key, e.value)).collect(),
            _ => Vec::new(),
        }
    }

    // ---- lists ----

    /// List items (borrowed).
    pub fn list_items(&self, l: ObjId) -> Vec<ObjId> {
        match self.heap.payload(l) {
            Payload::List(list) => list.items.to_vec(),
            _ => Vec::new(),
        }
    }

    /// `list_resize`: change the capacity the way CPython does (over-allocating on growth,
    /// shrinking only below half), reallocating the item block.
    /// `list_extend`'s "make room": a list without an item block (`ob_item == NULL`) gets
    /// exactly `n` slots rounded up to even (`list_preallocate_exact`), else `list_resize`.
    /// Make room for `n` items (`list_resize`), `MemoryError` when they cannot be held (a
    /// length hint of `10**10`).
    pub(crate) fn list_make_room(&mut self, l: ObjId, n: usize) -> PyResult<()> {
        self.check_memory(n as u128 * 8)?;
        let unallocated =
            matches!(self.heap.payload(l), Payload::List(list) if list.items_block().is_none());
        if unallocated {
            self.list_resize_exact(l, (n + 1) & !1);
        } else {
            self.list_resize(l, n);
        }
        Ok(())
    }

    pub(crate) fn list_resize(&mut self, l: ObjId, newsize: usize) {
        let (allocated, size, block) = match self.heap.payload(l) {
            Payload::List(list) => (list.allocated, list.items.len(), list.items_block()),
            _ => return,
        };
        if allocated >= newsize && newsize >= (allocated >> 1) {
            return;
        }
        let mut new_allocated = (newsize + (newsize >> 3) + 6) & !3;
        if newsize.saturating_sub(size) > new_allocated.saturating_sub(newsize) {
            new_allocated = (newsize + 3) & !3;
        }
        if newsize == 0 {
            new_allocated = 0;
        }
        let new_block = match (block, new_allocated) {
            (Some(b), 0) => {
                self.heap.free_block(crate::heap::Block {
                    addr: b,
                    size: 8 * allocated,
                });
                None
            }
            (Some(b), n) => Some(
                self.heap
                    .realloc_block(
                        crate::heap::Block {
                            addr: b,
                            size: 8 * allocated,
                        },
                        8 * n,
                    )
                    .addr,
            ),
            (None, 0) => None,
            (None, n) => Some(self.heap.malloc_block(8 * n).addr),
        };
        if let Payload::List(list) = self.heap.payload_mut(l) {
            list.allocated = new_allocated;
            list.set_items_block(new_block);
        }
    }

    /// Append, taking ownership of `v` (`_PyList_AppendTakeRef`).
    pub fn list_append_owned(&mut self, l: ObjId, v: ObjId) {
        let len = match self.heap.payload(l) {
            Payload::List(list) => list.items.len(),
            _ => return,
        };
        self.list_resize(l, len + 1);
        if let Payload::List(list) = self.heap.payload_mut(l) {
            list.items.push(v);
        }
    }

    /// `list.extend(iterable)` (`list_extend`): lists and tuples are copied at once; other
    /// iterables reserve their length hint (8 when unknown) first, then cut back.
    pub fn list_extend(&mut self, l: ObjId, iterable: ObjId) -> PyResult<()> {
        // `list_extend`'s fast path: an exact list or tuple, or the list itself; a subclass
        // (whose `__iter__` may be its own) is iterated
        let exact = iterable == l
            || matches!(
                self.builtin_type_of(iterable),
                Some(BuiltinType::List | BuiltinType::Tuple)
            );
        let direct = match self.heap.payload(iterable) {
            Payload::List(o) if exact => Some(o.items.to_vec()),
            Payload::Tuple(t) if exact => Some(t.to_vec()),
            _ => None,
        };
        let m = self.len_of_builtin(l).unwrap_or(0);
        if let Some(items) = direct {
            if items.is_empty() {
                return Ok(());
            }
            self.list_make_room(l, m + items.len())?;
            for &i in &items {
                self.incref(i);
            }
            if let Payload::List(list) = self.heap.payload_mut(l) {
                list.items.extend(items);
            }
            return Ok(());
        }
        let it = self.get_iter(iterable)?;
        // "Guess a result list size": after the iterator is made, so a class's `__iter__`
        // runs before its `__len__`
        let hint = match self.length_hint_or(iterable, 8) {
            Ok(n) => n,
            Err(e) => {
                self.decref(it);
                return Err(e);
            }
        };
        if hint > 0 {
            if let Err(e) = self.list_make_room(l, m.saturating_add(hint)) {
                self.decref(it);
                return Err(e);
            }
        }
        loop {
            match self.next(it) {
                Ok(Some(v)) => {
                    let (len, allocated) = match self.heap.payload(l) {
                        Payload::List(list) => (list.items.len(), list.allocated),
                        _ => (0, 0),
                    };
                    if len < allocated {
                        if let Payload::List(list) = self.heap.payload_mut(l) {
                            list.items.push(v);
                        }
                    } else {
                        self.list_append_owned(l, v);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    self.decref(it);
                    let len = self.len_of_builtin(l).unwrap_or(0);
                    self.list_resize(l, len);
                    return Err(e);
                }
            }
        }
        self.decref(it);
        let len = self.len_of_builtin(l).unwrap_or(0);
        self.list_resize(l, len);
        Ok(())
    }

    /// `PyObject_LengthHint(v, default)`: how many items `list()`, `list.extend`, `sorted` and
    /// `tuple()` make room for. The length if the type has one (a class's `__len__` runs; a
    /// TypeError from it is ignored), else `__length_hint__` (a class's, or a builtin
    /// iterator's, which for an iterator over a class's sequence asks that `__len__`), else
    /// `default`. `__length_hint__` returning NotImplemented or raising TypeError gives
    /// `default`; a non-int is a TypeError, a negative number a ValueError.
    pub fn length_hint_or(&mut self, v: ObjId, default: usize) -> PyResult<usize> {
        // a range, or a range iterator, longer than a `Py_ssize_t`: its length fails with
        // OverflowError (`range_length`, `longrangeiter_len`), which the hint passes on, so
        // `list(range(10**100))` fails at once instead of counting
        let remaining = match self.heap.payload(v) {
            Payload::Range(r) => Some(super::ops::range_len(&r.start, &r.stop, &r.step)),
            Payload::Iter(it) => match &**it {
                crate::object::IterObj::Range {
                    next, stop, step, ..
                } => Some(super::ops::range_len(next, stop, step)),
                _ => None,
            },
            _ => None,
        };
        if remaining.is_some_and(|n| n.to_i64().is_none()) {
            return Err(self.new_exception(
                ExcKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            ));
        }
        if let Some(n) = self.len_of_builtin(v) {
            return Ok(n);
        }
        if self.is_user_object(v) {
            let ty = self.type_of(v);
            // `_PyObject_HasLen`: the class defines `__len__` (`sq_length`/`mp_length`)
            if self.type_has_attr(ty, "__len__") {
                match self.len(v) {
                    Ok(n) => return Ok(n),
                    Err(e) if self.is_instance_of_kind(e.0, ExcKind::TypeError) => self.decref(e.0),
                    Err(e) => return Err(e),
                }
            }
            let r = match self.length_hint_method(v) {
                Ok(Some(r)) => r,
                Ok(None) => return Ok(default),
                Err(e) if self.is_instance_of_kind(e.0, ExcKind::TypeError) => {
                    self.decref(e.0);
                    return Ok(default);
                }
                Err(e) => return Err(e),
            };
            if !self.is_int_like(r) {
                let msg = format!(
                    "__length_hint__ must be an integer, not {}",
                    self.type_name(r)
                );
                self.decref(r);
                return Err(self.type_error(&msg));
            }
            let n = self.as_bigint(r);
            self.decref(r);
            return match n.and_then(|n| n.to_i64()) {
                Some(n) if n < 0 => {
                    Err(self
                        .new_exception(ExcKind::ValueError, "__length_hint__() should return >= 0"))
                }
                Some(n) => Ok(n as usize),
                None => Err(self.new_exception(
                    ExcKind::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                )),
            };
        }
        // builtin iterators over a class's sequence: `iter_len` and `reversed_len` ask the
        // sequence's `__len__` through the iterator's `__length_hint__`, a bound builtin
        // method (a TypeError: `default`)
        if self.is_user_seq_iter(v) {
            return match self.length_hint_method(v) {
                Ok(Some(r)) => {
                    let n = self.as_i64(r).unwrap_or(0);
                    self.decref(r);
                    Ok(usize::try_from(n).unwrap_or(0))
                }
                Ok(None) => Ok(default),
                Err(e) if self.is_instance_of_kind(e.0, ExcKind::TypeError) => {
                    self.decref(e.0);
                    Ok(default)
                }
                Err(e) => Err(e),
            };
        }
        Ok(self.length_hint(v).unwrap_or(default))
    }

    /// `PyObject_LengthHint`'s call of `__length_hint__`: `_PyObject_LookupSpecial` binds it
    /// (a bound method holding `v` while it runs), `_PyObject_CallNoArgs`, then the bound
    /// method is released. None: no such method, or it returned NotImplemented.
    fn length_hint_method(&mut self, v: ObjId) -> PyResult<Option<ObjId>> {
        let name = self.new_interned("__length_hint__");
        let hint = self.lookup_special(v, name);
        self.decref(name);
        let Some(hint) = hint else {
            return Ok(None);
        };
        let r = self.call_object(hint, &[], &[]);
        self.decref(hint);
        let r = r?;
        if r == self.statics.not_implemented {
            self.decref(r);
            return Ok(None);
        }
        Ok(Some(r))
    }

    /// Is `v` a builtin iterator (`__getitem__` iterator, `reversed`) over a class's
    /// sequence, whose `__length_hint__` runs the sequence's `__len__`?
    fn is_user_seq_iter(&self, v: ObjId) -> bool {
        let seq = match self.heap.payload(v) {
            Payload::Iter(it) => match &**it {
                crate::object::IterObj::Seq { seq: Some(s), .. }
                | crate::object::IterObj::Reversed { seq: Some(s), .. } => *s,
                _ => return false,
            },
            _ => return false,
        };
        self.is_user_object(seq)
    }

    /// `PyObject_Size` of a class's instance: its `__len__`, checked (None: it has none).
    fn dunder_len(&mut self, v: ObjId) -> PyResult<Option<usize>> {
        match self.call_dunder(v, "__len__", &[])? {
            Some(r) => self.slot_len_result(r).map(Some),
            None => Ok(None),
        }
    }

    /// `__length_hint__` of a builtin iterator over a class's sequence (`iter_len` of the
    /// `__getitem__` iterator, `reversed_len`): what is left, from the sequence's `__len__`
    /// (Ok(None): it has none, `NotImplemented`). None: `v` is no such iterator.
    pub(crate) fn user_seq_iter_hint(&mut self, v: ObjId) -> Option<PyResult<Option<usize>>> {
        let (seq, index, reversed) = match self.heap.payload(v) {
            Payload::Iter(it) => match &**it {
                crate::object::IterObj::Seq {
                    seq: Some(s),
                    index,
                    ..
                } => (*s, *index, false),
                crate::object::IterObj::Reversed {
                    seq: Some(s),
                    index,
                    ..
                } => (*s, *index, true),
                _ => return None,
            },
            _ => return None,
        };
        if !self.is_user_object(seq) {
            return None;
        }
        // `PySequence_Size(seq)`: the iterator's reference keeps the sequence alive
        let size = self.dunder_len(seq);
        Some(size.map(|size| {
            size.map(|size| {
                if reversed {
                    // the model's index is CPython's `index + 1`, the position
                    if size < index {
                        0
                    } else {
                        index
                    }
                } else {
                    size.saturating_sub(index)
                }
            })
        }))
    }

    /// `PyObject_LengthHint` for builtin iterables (no code of the snippet's runs).
    pub(crate) fn length_hint(&self, v: ObjId) -> Option<usize> {
        match self.heap.payload(v) {
            Payload::Iter(it) => match &**it {
                crate::object::IterObj::Seq {
                    seq: Some(s),
                    index,
                    ..
                } => self.len_of_builtin(*s).map(|n| n.saturating_sub(*index)),
                crate::object::IterObj::SmallRange {
                    next, stop, step, ..
                } => {
                    // in 128 bits: a range near the ends of a C long overflows 64
                    let (next, stop, step) = (*next as i128, *stop as i128, *step as i128);
                    let n = if step > 0 {
                        (stop - next + step - 1) / step
                    } else {
                        (next - stop - step - 1) / (-step)
                    };
                    Some(n.max(0) as usize)
                }
                crate::object::IterObj::Range {
                    next, stop, step, ..
                } => {
                    let n = crate::vm::ops::range_len(next, stop, step);
                    num_traits::ToPrimitive::to_usize(&n)
                }
                // listreviter_len and friends: what is left, 0 once the sequence shrank
                // below the position (a dict's reverse iterator counts its remaining entries)
                crate::object::IterObj::Reversed {
                    seq: Some(s),
                    index,
                    ..
                } => match self.heap.payload(*s) {
                    Payload::Dict(d) => Some(
                        (0..(*index).min(d.entries.len()))
                            .filter(|&i| d.entry_at(i).is_some())
                            .count(),
                    ),
                    _ => {
                        let len = self.len_of_builtin(*s)?;
                        Some(if len < *index { 0 } else { *index })
                    }
                },
                crate::object::IterObj::Seq { seq: None, .. }
                | crate::object::IterObj::Reversed { seq: None, .. } => Some(0),
                _ => None,
            },
            Payload::Generator(_) | Payload::Instance(_) => None,
            _ => self.len_of_builtin(v),
        }
    }

    /// `list *= n`.
    pub(crate) fn list_inplace_repeat(&mut self, l: ObjId, n: i64) -> PyResult<()> {
        let items = self.list_items(l);
        if n < 1 || items.is_empty() {
            return self.list_clear(l);
        }
        if n == 1 {
            return Ok(());
        }
        let total = items.len() as u128 * n as u128;
        self.check_memory(total * 8)?;
        self.list_resize(l, total as usize);
        let extra: Vec<ObjId> = items
            .iter()
            .copied()
            .cycle()
            .take(items.len() * (n as usize - 1))
            .collect();
        for &i in &extra {
            self.incref(i);
        }
        if let Payload::List(list) = self.heap.payload_mut(l) {
            list.items.extend(extra);
        }
        Ok(())
    }

    /// `list.clear()`: items released last to first, capacity back to 0.
    pub fn list_clear(&mut self, l: ObjId) -> PyResult<()> {
        let (items, block, allocated) = match self.heap.payload_mut(l) {
            // `_list_clear` does nothing to a list without an item array (one being sorted
            // keeps its "sorting" mark)
            Payload::List(list) if list.items_block().is_none() && list.items.is_empty() => {
                return Ok(())
            }
            Payload::List(list) => {
                let items = std::mem::take(&mut list.items);
                let block = list.take_items_block();
                let allocated = list.allocated;
                list.allocated = 0;
                (items, block, allocated)
            }
            _ => return Ok(()),
        };
        if let Some(b) = block {
            self.heap.free_block(crate::heap::Block {
                addr: b,
                size: 8 * allocated,
            });
        }
        for i in items.into_iter().rev() {
            self.decref(i);
        }
        Ok(())
    }

    // ---- sets ----

    fn set_ref(&self, s: ObjId) -> &PySet {
        match self.heap.payload(s) {
            Payload::Set(s) | Payload::FrozenSet(s) => s,
            _ => unreachable!("not a set"),
        }
    }

    fn set_mut(&mut self, s: ObjId) -> &mut PySet {
        match self.heap.payload_mut(s) {
            Payload::Set(s) | Payload::FrozenSet(s) => s,
            _ => unreachable!("not a set"),
        }
    }

    /// The slot holding `key`, comparing with `==` when hashes collide.
    fn set_find(&mut self, s: ObjId, key: ObjId, hash: i64) -> PyResult<Option<usize>> {
        'restart: loop {
            let (probe, version) = {
                let set = self.set_ref(s);
                (set.probe(hash, key), set.version)
            };
            match probe {
                SetProbe::Found(j) => return Ok(Some(j)),
                SetProbe::Absent => return Ok(None),
                SetProbe::Candidates(c) => {
                    for j in c {
                        let stored = match self.set_ref(s).table[j] {
                            crate::object::set::SetSlot::Key(k, _) => k,
                            _ => continue 'restart,
                        };
                        if stored == key {
                            return Ok(Some(j));
                        }
                        let fast = match (self.heap.payload(stored), self.heap.payload(key)) {
                            (Payload::Str(a), Payload::Str(b)) => Some(a.as_str() == b.as_str()),
                            _ => None,
                        };
                        let eq = match fast {
                            Some(e) => e,
                            None => {
                                self.incref(stored);
                                let e = self.eq(stored, key);
                                self.decref(stored);
                                e?
                            }
                        };
                        if self.set_ref(s).version != version {
                            continue 'restart;
                        }
                        if eq {
                            return Ok(Some(j));
                        }
                    }
                    return Ok(None);
                }
            }
        }
    }

    /// `set.add(key)` (key borrowed).
    pub fn set_add(&mut self, s: ObjId, key: ObjId) -> PyResult<()> {
        let hash = self.hash(key)?;
        self.set_add_entry(s, key, hash)
    }

    /// `set_add_entry`: the set's reference to the key is taken before the lookup (CPython's
    /// "pre-increment", so a `__eq__` run by the comparisons sees the key held once more),
    /// and given back when the key is found or a comparison fails.
    fn set_add_entry(&mut self, s: ObjId, key: ObjId, hash: i64) -> PyResult<()> {
        self.incref(key);
        match self.set_find(s, key, hash) {
            Ok(None) => {
                self.set_insert_new(s, key, hash);
                Ok(())
            }
            Ok(Some(_)) => {
                self.decref(key);
                Ok(())
            }
            Err(e) => {
                self.decref(key);
                Err(e)
            }
        }
    }

    /// Insert an absent key (owned), re-accounting the table block on a resize.
    fn set_insert_new(&mut self, s: ObjId, key: ObjId, hash: i64) {
        let (old_block, old_len) = {
            let set = self.set_ref(s);
            (set.table_block, set.table.len())
        };
        let resized = self.set_mut(s).insert_new(key, hash);
        if resized {
            self.set_table_realloc(s, old_block, old_len);
        }
        if !self.may_be_tracked(key) {
            return;
        }
        if self.heap.get(s).gc == crate::object::GcState::Untracked {
            self.gc_track(s);
        }
    }

    /// After a resize: a table above 8 slots lives in its own block (`PyMem_NEW`), the old one is
    /// freed after the new one is allocated.
    fn set_table_realloc(&mut self, s: ObjId, old_block: Option<u64>, old_len: usize) {
        let new_len = self.set_ref(s).table.len();
        let new_block = if new_len > SET_MINSIZE {
            Some(self.heap.malloc_block(16 * new_len).addr)
        } else {
            None
        };
        self.set_mut(s).table_block = new_block;
        if let Some(b) = old_block {
            self.heap.free_block(crate::heap::Block {
                addr: b,
                size: 16 * old_len,
            });
        }
    }

    pub fn set_contains(&mut self, s: ObjId, key: ObjId) -> PyResult<bool> {
        let hash = match self.hash(key) {
            Ok(h) => h,
            Err(e) => {
                // `frozenset(set)` membership of an unhashable set: CPython retries with a
                // frozenset copy; the model reports unhashable
                return Err(e);
            }
        };
        Ok(self.set_find(s, key, hash)?.is_some())
    }

    /// Remove `key`; false when absent.
    pub fn set_discard(&mut self, s: ObjId, key: ObjId) -> PyResult<bool> {
        let hash = self.hash(key)?;
        match self.set_find(s, key, hash)? {
            Some(j) => {
                let k = self.set_mut(s).remove_slot(j);
                self.decref(k);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// `set.update(iterable)` / `SET_UPDATE` (`set_update_internal`).
    pub fn set_update(&mut self, s: ObjId, iterable: ObjId) -> PyResult<()> {
        if let Payload::Set(o) | Payload::FrozenSet(o) = self.heap.payload(iterable) {
            let other = o.clone();
            if s == iterable || other.is_empty() {
                return Ok(());
            }
            // set_merge: one big resize first, then the table copy when the sizes match
            let (fill, used, mask) = {
                let set = self.set_ref(s);
                (set.fill, set.used, set.table.len() - 1)
            };
            if (fill + other.used) * 5 >= mask * 3 {
                let old_block = self.set_ref(s).table_block;
                let old_len = self.set_ref(s).table.len();
                self.set_mut(s).resize((used + other.used) * 2);
                self.set_table_realloc(s, old_block, old_len);
            }
            if self.set_ref(s).can_copy_table_from(&other) {
                for k in other.iter() {
                    self.incref(k);
                }
                // same size as after the resize: the table block stays
                self.set_mut(s).copy_table_from(&other);
                if other.iter().any(|k| self.may_be_tracked(k))
                    && self.heap.get(s).gc == crate::object::GcState::Untracked
                {
                    self.gc_track(s);
                }
                return Ok(());
            }
            for (k, h) in other.iter_with_hash() {
                self.set_add_entry(s, k, h)?;
            }
            return Ok(());
        }
        if let (Payload::Dict(d), Some(BuiltinType::Dict)) =
            (self.heap.payload(iterable), self.builtin_type_of(iterable))
        {
            // set_update_internal on an exact dict: one big resize first, then each key
            // with the hash the dict stored (no `__hash__` call)
            let entries: Vec<(ObjId, i64)> = d.iter().map(|e| (e.key, e.hash)).collect();
            let (fill, used, mask) = {
                let set = self.set_ref(s);
                (set.fill, set.used, set.table.len() - 1)
            };
            if (fill + entries.len()) * 5 >= mask * 3 {
                let old_block = self.set_ref(s).table_block;
                let old_len = self.set_ref(s).table.len();
                self.set_mut(s).resize((used + entries.len()) * 2);
                self.set_table_realloc(s, old_block, old_len);
            }
            for (k, h) in entries {
                self.set_add_entry(s, k, h)?;
            }
            return Ok(());
        }
        self.for_each_item(iterable, |vm, v| vm.set_add(s, v))
    }

    /// `set_copy` / `make_new_set_basetype(type(so), so)`: a new set (or frozenset) with the
    /// same items, copying the table when it can.
    pub fn set_copy_of(&mut self, so: ObjId, frozen: bool) -> PyResult<ObjId> {
        let r = self.new_set(PySet::new(), frozen);
        match self.set_update(r, so) {
            Ok(()) => Ok(r),
            Err(e) => {
                self.decref(r);
                Err(e)
            }
        }
    }

    /// The items of a set with their hashes, in table order (borrowed).
    fn set_entries(&self, s: ObjId) -> Vec<(ObjId, i64)> {
        self.set_ref(s).iter_with_hash().collect()
    }

    /// Add `key` (borrowed, hash known) unless present (`set_add_entry`).
    fn set_add_hashed(&mut self, s: ObjId, key: ObjId, hash: i64) -> PyResult<()> {
        self.set_add_entry(s, key, hash)
    }

    /// Run `f` on a fresh result set; on error the result is released.
    fn set_build(
        &mut self,
        frozen: bool,
        f: impl FnOnce(&mut Vm, ObjId) -> PyResult<()>,
    ) -> PyResult<ObjId> {
        let r = self.new_set(PySet::new(), frozen);
        match f(self, r) {
            Ok(()) => Ok(r),
            Err(e) => {
                self.decref(r);
                Err(e)
            }
        }
    }

    fn is_anyset(&self, v: ObjId) -> bool {
        matches!(
            self.heap.payload(v),
            Payload::Set(_) | Payload::FrozenSet(_)
        )
    }

    /// `set_intersection`: a new set of the keys of `so` also in `other`, built by iterating
    /// the smaller of two sets (or `other` when it is any iterable), so the result's table
    /// order is that iteration's.
    pub fn set_intersection_new(&mut self, so: ObjId, other: ObjId) -> PyResult<ObjId> {
        let frozen = matches!(self.heap.payload(so), Payload::FrozenSet(_));
        if so == other {
            return self.set_copy_of(so, frozen);
        }
        if self.is_anyset(other) {
            let (mut a, mut b) = (so, other);
            if self.set_ref(b).len() > self.set_ref(a).len() {
                std::mem::swap(&mut a, &mut b);
            }
            let entries = self.set_entries(b);
            return self.set_build(frozen, |vm, r| {
                for (k, h) in entries {
                    vm.incref(k);
                    let found = vm.set_find(a, k, h);
                    let add = match found {
                        Ok(f) => f.is_some().then(|| vm.set_add_hashed(r, k, h)),
                        Err(e) => Some(Err(e)),
                    };
                    vm.decref(k);
                    if let Some(res) = add {
                        res?;
                    }
                }
                Ok(())
            });
        }
        let items = self.collect_iterable(other)?;
        let r = self.set_build(frozen, |vm, r| {
            for &k in &items {
                let h = vm.hash(k)?;
                if vm.set_find(so, k, h)?.is_some() {
                    vm.set_add_hashed(r, k, h)?;
                }
            }
            Ok(())
        });
        for k in items {
            self.decref(k);
        }
        r
    }

    /// `set_difference`: keys of `so` not in `other`. A much smaller `other` set, or any
    /// other iterable, goes through a copy of `so` and discards (`set_copy_and_difference`).
    pub fn set_difference_new(&mut self, so: ObjId, other: ObjId) -> PyResult<ObjId> {
        let frozen = matches!(self.heap.payload(so), Payload::FrozenSet(_));
        let so_len = self.set_ref(so).len();
        let other_is_set = self.is_anyset(other);
        let other_is_dict = matches!(self.heap.payload(other), Payload::Dict(_));
        if so_len == 0 {
            return self.set_copy_of(so, frozen);
        }
        if !(other_is_set || other_is_dict)
            || (other_is_set && (so_len >> 2) > self.set_ref(other).len())
        {
            let r = self.set_copy_of(so, frozen)?;
            return match self.set_inplace(r, other, BinOp::Sub) {
                Ok(()) => Ok(r),
                Err(e) => {
                    self.decref(r);
                    Err(e)
                }
            };
        }
        let entries = self.set_entries(so);
        self.set_build(frozen, |vm, r| {
            for (k, h) in entries {
                vm.incref(k);
                let present = if other_is_set {
                    vm.set_find(other, k, h).map(|f| f.is_some())
                } else {
                    vm.dict_get(other, k).map(|v| v.is_some())
                };
                let res = match present {
                    Ok(false) => vm.set_add_hashed(r, k, h),
                    Ok(true) => Ok(()),
                    Err(e) => Err(e),
                };
                vm.decref(k);
                res?;
            }
            Ok(())
        })
    }

    /// `set_symmetric_difference`: a copy of `other` (typed like `so`), then updated with
    /// `so`'s keys, as CPython builds it.
    pub fn set_symmetric_difference_new(&mut self, so: ObjId, other: ObjId) -> PyResult<ObjId> {
        let frozen = matches!(self.heap.payload(so), Payload::FrozenSet(_));
        let r = self.set_copy_of(other, frozen)?;
        match self.set_symmetric_update(r, so) {
            Ok(()) => Ok(r),
            Err(e) => {
                self.decref(r);
                Err(e)
            }
        }
    }

    /// `set_symmetric_difference_update` with a set argument: each key of `other` in table
    /// order is discarded if present, else added.
    fn set_symmetric_update(&mut self, s: ObjId, other: ObjId) -> PyResult<()> {
        if s == other {
            let keys = self.set_mut(s).take_all();
            for k in keys {
                self.decref(k);
            }
            return Ok(());
        }
        for (k, h) in self.set_entries(other) {
            self.incref(k);
            let res = match self.set_find(s, k, h) {
                Ok(Some(j)) => {
                    let old = self.set_mut(s).remove_slot(j);
                    self.decref(old);
                    Ok(())
                }
                // set_discard_entry found nothing: set_add_entry looks the key up again
                Ok(None) => self.set_add_entry(s, k, h),
                Err(e) => Err(e),
            };
            self.decref(k);
            res?;
        }
        Ok(())
    }

    /// `set_swap_bodies`: exchange two sets' tables (what `&=` does with the intersection it
    /// builds).
    fn set_swap_bodies(&mut self, a: ObjId, b: ObjId) {
        let ta = std::mem::take(self.set_mut(a));
        let tb = std::mem::replace(self.set_mut(b), ta);
        *self.set_mut(a) = tb;
        let items: Vec<ObjId> = self.set_ref(a).iter().collect();
        if items.iter().any(|&k| self.may_be_tracked(k))
            && self.heap.get(a).gc == crate::object::GcState::Untracked
        {
            self.gc_track(a);
        }
    }

    /// `&=`, `-=`, `^=`, `|=` on a set.
    pub(crate) fn set_inplace(&mut self, s: ObjId, other: ObjId, op: BinOp) -> PyResult<()> {
        if op == BinOp::BitAnd {
            // set_intersection_update: build the intersection, then swap it in
            let tmp = self.set_intersection_new(s, other)?;
            self.set_swap_bodies(s, tmp);
            self.decref(tmp);
            return Ok(());
        }
        if op == BinOp::BitXor {
            if self.is_anyset(other) {
                return self.set_symmetric_update(s, other);
            }
            let tmp = self.new_set(PySet::new(), false);
            let r = self
                .set_update(tmp, other)
                .and_then(|_| self.set_symmetric_update(s, tmp));
            self.decref(tmp);
            return r;
        }
        if op == BinOp::Sub {
            // set_difference_update_internal: `s -= s` empties it; each key of another set
            // held while it is discarded, with the hash that set stored; any other
            // iterable's items one by one (`PyIter_Next`: each held while it is discarded)
            if s == other {
                for k in self.set_mut(s).take_all() {
                    self.decref(k);
                }
                return Ok(());
            }
            if self.is_anyset(other) {
                for (k, h) in self.set_entries(other) {
                    self.incref(k);
                    let r = match self.set_find(s, k, h) {
                        Ok(Some(j)) => {
                            let old = self.set_mut(s).remove_slot(j);
                            self.decref(old);
                            Ok(())
                        }
                        Ok(None) => Ok(()),
                        Err(e) => Err(e),
                    };
                    self.decref(k);
                    r?;
                }
                return Ok(());
            }
            return self.for_each_item(other, |vm, k| vm.set_discard(s, k).map(|_| ()));
        }
        let other_keys: Vec<ObjId> = match self.heap.payload(other) {
            Payload::Set(o) | Payload::FrozenSet(o) => o.iter().collect(),
            _ => {
                let items = self.collect_iterable(other)?;
                for &i in &items {
                    self.decref(i);
                }
                items
            }
        };
        match op {
            BinOp::BitOr => self.set_update(s, other),
            BinOp::Sub => unreachable!("handled above"),
            BinOp::BitAnd => {
                let mine: Vec<ObjId> = self.set_ref(s).iter().collect();
                for k in mine {
                    if !self.set_contains(other, k)? {
                        self.set_discard(s, k)?;
                    }
                }
                Ok(())
            }
            BinOp::BitXor => {
                for k in other_keys {
                    if !self.set_discard(s, k)? {
                        self.set_add(s, k)?;
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// `merge_consts_recursive` on a frozenset constant: CPython replaces it with
    /// `PyFrozenSet_New(tuple(fs))`, a frozenset rebuilt in the old one's iteration order,
    /// whose table (and so iteration) order can differ. Consumes `fs`; returns the new one.
    pub fn frozenset_const_rebuild(&mut self, fs: ObjId) -> ObjId {
        let items: Vec<ObjId> = match self.heap.payload(fs) {
            Payload::FrozenSet(s) if !s.is_empty() => s.iter().collect(),
            _ => return fs,
        };
        for &i in &items {
            self.incref(i);
        }
        let t = self.new_tuple(items);
        let r = self.frozenset_from_iterable(t);
        self.decref(t);
        match r {
            Ok(new) => {
                self.decref(fs);
                new
            }
            Err(e) => {
                self.decref(e.0);
                fs
            }
        }
    }

    /// A frozenset of an iterable's items (new reference).
    pub fn frozenset_from_iterable(&mut self, iterable: ObjId) -> PyResult<ObjId> {
        let s = self.new_set(PySet::new(), true);
        match self.set_update(s, iterable) {
            Ok(()) => Ok(s),
            Err(e) => {
                self.decref(s);
                Err(e)
            }
        }
    }

    // ---- lengths and iteration helpers ----

    /// `len()` of builtin containers.
    pub fn len_of_builtin(&self, v: ObjId) -> Option<usize> {
        Some(match self.heap.payload(v) {
            Payload::Str(s) => s.len,
            Payload::Bytes(b) => b.len(),
            Payload::Tuple(t) => t.len(),
            Payload::List(l) => l.items.len(),
            Payload::Dict(d) => d.len(),
            Payload::Set(s) | Payload::FrozenSet(s) => s.len(),
            Payload::Range(r) => {
                super::ops::range_len(&r.start, &r.stop, &r.step).to_i64()? as usize
            }
            Payload::DictView { dict, .. } | Payload::MappingProxy(dict) => {
                self.len_of_builtin(*dict)?
            }
            _ => return None,
        })
    }

    /// All items of an iterable (owned references).
    pub fn collect_iterable(&mut self, iterable: ObjId) -> PyResult<Vec<ObjId>> {
        match self.heap.payload(iterable) {
            Payload::List(l) => {
                let items = l.items.to_vec();
                for &i in &items {
                    self.incref(i);
                }
                return Ok(items);
            }
            Payload::Tuple(t) => {
                let items = t.to_vec();
                for &i in &items {
                    self.incref(i);
                }
                return Ok(items);
            }
            _ => {}
        }
        let it = self.get_iter(iterable)?;
        let out = self.drain_iterator(it);
        self.decref(it);
        out
    }

    /// Every remaining item of an iterator (owned), by its `__next__` alone.
    pub fn drain_iterator(&mut self, it: ObjId) -> PyResult<Vec<ObjId>> {
        let mut out = Vec::new();
        loop {
            match self.next(it) {
                Ok(Some(v)) => out.push(v),
                Ok(None) => return Ok(out),
                Err(e) => {
                    for v in out {
                        self.decref(v);
                    }
                    return Err(e);
                }
            }
        }
    }

    /// `UNPACK_SEQUENCE n` / `UNPACK_EX`: owned items in order.
    ///
    /// An exact tuple or list of exactly `n` items is taken apart at once (the specialized
    /// `UNPACK_SEQUENCE_TUPLE`/`_LIST`); everything else goes through `unpack_iterable`: an
    /// iterator, `before` items taken one by one, then either one more `next` to check it is
    /// done (so `a, b = itertools.count()` fails after three items), or the starred target's
    /// list made by `PySequence_List(it)` (`list_extend` with the iterator's length hint, so
    /// `a, *b = range(4)` leaves `b` with 4 slots for 3 items), the `after` items then taken
    /// off its end with the list's size cut and its allocation kept.
    pub(crate) fn unpack(
        &mut self,
        seq: ObjId,
        before: usize,
        after: Option<usize>,
    ) -> PyResult<Vec<ObjId>> {
        if after.is_none() && self.heap.get(seq).ext().is_none() {
            let direct = match self.heap.payload(seq) {
                Payload::List(l) if l.items.len() == before => Some(l.items.to_vec()),
                Payload::Tuple(t) if t.len() == before => Some(t.to_vec()),
                _ => None,
            };
            if let Some(items) = direct {
                for &i in &items {
                    self.incref(i);
                }
                return Ok(items);
            }
        }
        if !self.is_iterable(seq) {
            let msg = format!("cannot unpack non-iterable {} object", self.type_name(seq));
            return Err(self.type_error(&msg));
        }
        let it = self.get_iter(seq)?;
        let mut items: Vec<ObjId> = Vec::with_capacity(before + after.unwrap_or(0) + 1);
        let fail = |vm: &mut Vm, it: ObjId, items: Vec<ObjId>, e: PyErr| -> PyResult<Vec<ObjId>> {
            for i in items {
                vm.decref(i);
            }
            vm.decref(it);
            Err(e)
        };
        while items.len() < before {
            match self.next(it) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => {
                    let got = items.len();
                    let msg = match after {
                        None => {
                            format!("not enough values to unpack (expected {before}, got {got})")
                        }
                        Some(a) => format!(
                            "not enough values to unpack (expected at least {}, got {got})",
                            before + a
                        ),
                    };
                    let e = self.new_exception(ExcKind::ValueError, &msg);
                    return fail(self, it, items, e);
                }
                Err(e) => return fail(self, it, items, e),
            }
        }
        let Some(after) = after else {
            // "We better have exhausted the iterator now."
            match self.next(it) {
                Ok(None) => {
                    self.decref(it);
                    return Ok(items);
                }
                Ok(Some(v)) => {
                    self.decref(v);
                    let msg = format!("too many values to unpack (expected {before})");
                    let e = self.new_exception(ExcKind::ValueError, &msg);
                    return fail(self, it, items, e);
                }
                Err(e) => return fail(self, it, items, e),
            }
        };
        let l = self.new_list(Vec::new());
        if let Err(e) = self.list_extend(l, it) {
            self.decref(l);
            return fail(self, it, items, e);
        }
        let ll = self.len_of_builtin(l).unwrap_or(0);
        if ll < after {
            let msg = format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                before + ll
            );
            self.decref(l);
            let e = self.new_exception(ExcKind::ValueError, &msg);
            return fail(self, it, items, e);
        }
        // the after-items move from the list to the stack: `Py_SET_SIZE(l, ll - after)`
        let tail = match self.heap.payload_mut(l) {
            Payload::List(list) => list.items.split_off(ll - after),
            _ => Vec::new(),
        };
        items.push(l);
        items.extend(tail);
        self.decref(it);
        Ok(items)
    }

    // ---- subscripts ----

    pub(crate) fn new_slice(&mut self, start: ObjId, stop: ObjId, step: ObjId) -> ObjId {
        let t = self.ty(BuiltinType::Slice);
        self.alloc(
            t,
            Payload::Slice(Box::new([start, stop, step])),
            // `_PyBuildSlice_Consume2`: the cached slice first (no allocation, not counted)
            super::objects::Layout::gc(40).from_freelist(crate::heap::FreeList::Slice),
        )
    }

    /// `PySlice_Unpack` + `PySlice_AdjustIndices` for a sequence of length `len`.
    /// `_PySlice_GetLongIndices`: a slice's start, stop and step over a sequence of
    /// `length` items, as unbounded ints (range slicing: `range(10)[2::2**63]`).
    pub fn slice_long_indices(
        &mut self,
        slice: ObjId,
        length: &BigInt,
    ) -> PyResult<(BigInt, BigInt, BigInt)> {
        let parts = match self.heap.payload(slice) {
            Payload::Slice(p) => **p,
            _ => unreachable!(),
        };
        let none = self.none();
        let get = |vm: &mut Vm, id: ObjId| -> PyResult<Option<BigInt>> {
            if id == none {
                return Ok(None);
            }
            match vm.as_bigint(id) {
                Some(n) => Ok(Some(n)),
                None if vm.py_slot(id, "__index__").is_some() => {
                    crate::builtins::index_arg(vm, id).map(Some)
                }
                None => Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            }
        };
        let step = get(self, parts[2])?.unwrap_or_else(|| BigInt::from(1));
        if step.is_zero() {
            return Err(self.new_exception(ExcKind::ValueError, "slice step cannot be zero"));
        }
        let (lower, upper) = if step.is_negative() {
            (BigInt::from(-1), length - 1)
        } else {
            (BigInt::from(0), length.clone())
        };
        let clamp = |v: BigInt| -> BigInt {
            let v = if v.is_negative() { v + length } else { v };
            if v < lower {
                lower.clone()
            } else if v > upper {
                upper.clone()
            } else {
                v
            }
        };
        let start = match get(self, parts[0])? {
            Some(v) => clamp(v),
            None if step.is_negative() => upper.clone(),
            None => lower.clone(),
        };
        let stop = match get(self, parts[1])? {
            Some(v) => clamp(v),
            None if step.is_negative() => lower.clone(),
            None => upper.clone(),
        };
        Ok((start, stop, step))
    }

    pub fn slice_indices(&mut self, slice: ObjId, len: usize) -> PyResult<SliceIndices> {
        let parts = match self.heap.payload(slice) {
            Payload::Slice(p) => **p,
            _ => unreachable!(),
        };
        let none = self.none();
        let get = |vm: &mut Vm, id: ObjId| -> PyResult<Option<BigInt>> {
            if id == none {
                return Ok(None);
            }
            match vm.as_bigint(id) {
                Some(n) => Ok(Some(n)),
                // `_PyEval_SliceIndex`: a class with `__index__`
                None if vm.py_slot(id, "__index__").is_some() => {
                    crate::builtins::index_arg(vm, id).map(Some)
                }
                None => Err(vm.type_error(
                    "slice indices must be integers or None or have an __index__ method",
                )),
            }
        };
        let step = get(self, parts[2])?.unwrap_or_else(|| BigInt::from(1));
        if step.is_zero() {
            return Err(self.new_exception(ExcKind::ValueError, "slice step cannot be zero"));
        }
        let step = step.to_isize().unwrap_or(if step.is_negative() {
            -isize::MAX
        } else {
            isize::MAX
        });
        let len = len as isize;
        let clamp = |v: Option<BigInt>, default: isize, lower: isize, upper: isize| -> isize {
            match v {
                None => default,
                Some(v) => {
                    let v = v.to_isize().unwrap_or(if v.is_negative() {
                        isize::MIN / 2
                    } else {
                        isize::MAX / 2
                    });
                    let v = if v < 0 { v + len } else { v };
                    v.clamp(lower, upper)
                }
            }
        };
        let (start, stop) = if step > 0 {
            (
                clamp(get(self, parts[0])?, 0, 0, len),
                clamp(get(self, parts[1])?, len, 0, len),
            )
        } else {
            (
                clamp(get(self, parts[0])?, len - 1, -1, len - 1),
                clamp(get(self, parts[1])?, -1, -1, len - 1),
            )
        };
        let count = if step > 0 {
            if stop > start {
                (stop - start - 1) / step + 1
            } else {
                0
            }
        } else if start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        Ok(SliceIndices {
            start,
            stop,
            step,
            len: count.max(0) as usize,
        })
    }

    /// Normalise an index into a sequence of length `len`.
    fn seq_index(&mut self, index: ObjId, len: usize, what: &str) -> PyResult<usize> {
        // the common case without a BigInt: a machine int in range
        if let Payload::Int(n) = self.heap.payload(index) {
            let j = if *n < 0 {
                n.checked_add(len as i64)
            } else {
                Some(*n)
            };
            if let Some(j) = j.filter(|&j| j >= 0 && (j as u64) < len as u64) {
                return Ok(j as usize);
            }
        }
        let i = match self.as_bigint(index) {
            Some(i) => i,
            // `_PyIndex_Check`: a class with `__index__` indexes like an int
            None if self.py_slot(index, "__index__").is_some() => {
                crate::builtins::index_arg(self, index)?
            }
            None => {
                let msg = if what == "string" {
                    format!(
                        "string indices must be integers, not '{}'",
                        self.type_name(index)
                    )
                } else {
                    format!(
                        "{what} indices must be integers or slices, not {}",
                        self.type_name(index)
                    )
                };
                return Err(self.type_error(&msg));
            }
        };
        if i.to_i64().is_none() {
            // `PyNumber_AsSsize_t(item, PyExc_IndexError)`
            let msg = format!(
                "cannot fit '{}' into an index-sized integer",
                self.type_name(index)
            );
            return Err(self.new_exception(ExcKind::IndexError, &msg));
        }
        let len_i = BigInt::from(len);
        let j = if i.is_negative() { &i + &len_i } else { i };
        if j.is_negative() || j >= len_i {
            // bytes_subscript says only "index out of range"
            let msg = if what == "byte" {
                "index out of range".to_string()
            } else {
                format!("{what} index out of range")
            };
            return Err(self.new_exception(ExcKind::IndexError, &msg));
        }
        Ok(j.to_usize().unwrap_or(0))
    }

    /// `bytearray_ass_subscript` (assignment): an index takes an int in `range(0, 256)`, a
    /// slice a bytearray, or anything `bytearray(x)` takes (made into a temporary one first;
    /// so is the bytearray itself).
    fn bytearray_setitem(&mut self, ba: ObjId, key: ObjId, value: ObjId) -> PyResult<()> {
        if !matches!(self.heap.payload(key), Payload::Slice(_)) {
            let len = self.bytearray_len_of(ba);
            let i = self.seq_index(key, len, "bytearray")?;
            let byte = self.byte_value(value)?;
            if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
                b[i] = byte;
            }
            return Ok(());
        }
        let is_bytearray = matches!(self.heap.payload(value), Payload::Bytes(_))
            && self.builtin_base(self.type_of(value)) == BuiltinType::ByteArray;
        if value == ba || !is_bytearray {
            if self.is_int_like(value) || matches!(self.heap.payload(value), Payload::Str(_)) {
                return Err(self.type_error(
                    "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
                ));
            }
            let tmp = self.new_bytearray(Vec::new());
            let r = self
                .bytearray_init(tmp, &[value], &[])
                .and_then(|()| self.bytearray_setitem(ba, key, tmp));
            self.decref(tmp);
            return r;
        }
        let new = match self.heap.payload(value) {
            Payload::Bytes(b) => b.to_vec(),
            _ => Vec::new(),
        };
        let len = self.bytearray_len_of(ba);
        let si = self.slice_indices(key, len)?;
        if si.step == 1 {
            let start = si.start as usize;
            return self.bytearray_setslice_linear(ba, start, start + si.len, &new);
        }
        if new.is_empty() {
            return self.bytearray_del_extended(ba, key);
        }
        if new.len() != si.len {
            let msg = format!(
                "attempt to assign bytes of size {} to extended slice of size {}",
                new.len(),
                si.len
            );
            return Err(self.new_exception(ExcKind::ValueError, &msg));
        }
        let idx: Vec<usize> = si.indices().collect();
        if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
            for (i, byte) in idx.into_iter().zip(new) {
                b[i] = byte;
            }
        }
        Ok(())
    }

    fn bytearray_len_of(&self, ba: ObjId) -> usize {
        match self.heap.payload(ba) {
            Payload::Bytes(b) => b.len(),
            _ => 0,
        }
    }

    /// `bytearray_ass_subscript` with no value (`del ba[i]`, `del ba[i:j:k]`): an index or a
    /// step-1 slice through `bytearray_setslice_linear`, an extended slice by moving the
    /// kept bytes down and resizing.
    fn bytearray_delitem(&mut self, ba: ObjId, key: ObjId) -> PyResult<()> {
        let len = self.bytearray_len_of(ba);
        if !matches!(self.heap.payload(key), Payload::Slice(_)) {
            let i = self.seq_index(key, len, "bytearray")?;
            return self.bytearray_setslice_linear(ba, i, i + 1, &[]);
        }
        let si = self.slice_indices(key, len)?;
        if si.step == 1 {
            let start = si.start as usize;
            return self.bytearray_setslice_linear(ba, start, start + si.len, &[]);
        }
        self.bytearray_del_extended(ba, key)
    }

    fn bytearray_del_extended(&mut self, ba: ObjId, key: ObjId) -> PyResult<()> {
        let mut buf = match self.heap.payload(ba) {
            Payload::Bytes(b) => b.to_vec(),
            _ => return Ok(()),
        };
        let si = self.slice_indices(key, buf.len())?;
        if si.len == 0 {
            return Ok(());
        }
        let gone: std::collections::HashSet<usize> = si.indices().collect();
        let mut i = 0;
        buf.retain(|_| {
            i += 1;
            !gone.contains(&(i - 1))
        });
        self.bytearray_store(ba, buf)
    }

    /// One byte: an int in `range(0, 256)`.
    pub fn byte_value(&mut self, v: ObjId) -> PyResult<u8> {
        match self.as_i64(v) {
            Some(n) if (0..256).contains(&n) => Ok(n as u8),
            Some(_) => {
                Err(self.new_exception(ExcKind::ValueError, "byte must be in range(0, 256)"))
            }
            None if self.is_int_like(v) => {
                Err(self.new_exception(ExcKind::ValueError, "byte must be in range(0, 256)"))
            }
            None => {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(v)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// The bytes of a bytes-like object or of an iterable of ints in `range(0, 256)`, as
    /// `bytes(x)` takes them (`bytes must be in range(0, 256)`). The iterable is read one item
    /// at a time, so a bad item ends an endless one (`bytes(range(10**30))`).
    pub fn bytes_from_object(&mut self, v: ObjId) -> PyResult<Vec<u8>> {
        self.bytes_from_iterable_into(v, "bytes", None)
    }

    /// [`Self::bytes_from_object`] as `bytearray(x)`, `extend` and slice assignment take
    /// them (`byte must be in range(0, 256)`).
    pub fn bytearray_from_object(&mut self, v: ObjId) -> PyResult<Vec<u8>> {
        self.bytes_from_iterable_into(v, "byte", None)
    }

    /// The bytes of `v`; with `filling`, each byte of an iterator is also appended to that
    /// bytearray's buffer as `bytearray___init__` does ([`Vm::bytearray_init_append`]).
    pub(crate) fn bytes_from_iterable_into(
        &mut self,
        v: ObjId,
        noun: &str,
        filling: Option<ObjId>,
    ) -> PyResult<Vec<u8>> {
        if let Payload::Bytes(b) = self.heap.payload(v) {
            return Ok(b.to_vec());
        }
        if matches!(self.heap.payload(v), Payload::Str(_)) {
            return Err(self.type_error(
                "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
            ));
        }
        let it = self.get_iter(v)?;
        let mut out = Vec::new();
        let r = loop {
            let item = match self.next(it) {
                Ok(Some(i)) => i,
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            };
            let byte = if self.is_int_like(item) {
                match self.as_i64(item) {
                    Some(b) if (0..256).contains(&b) => Ok(b as u8),
                    _ => {
                        let msg = format!("{noun} must be in range(0, 256)");
                        Err(self.new_exception(ExcKind::ValueError, &msg))
                    }
                }
            } else if self.py_slot(item, "__index__").is_some() {
                crate::builtins::index_arg(self, item).and_then(|n| {
                    n.to_u8().ok_or_else(|| {
                        let msg = format!("{noun} must be in range(0, 256)");
                        self.new_exception(ExcKind::ValueError, &msg)
                    })
                })
            } else {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    self.type_name(item)
                );
                Err(self.type_error(&msg))
            };
            self.decref(item);
            let byte = match (byte, filling) {
                (Ok(b), Some(ba)) => self.bytearray_init_append(ba, out.len()).map(|()| b),
                (byte, _) => byte,
            };
            match byte {
                Ok(b) => out.push(b),
                Err(e) => break Err(e),
            }
            if out.len().is_multiple_of(4096) && self.memory_exhausted() {
                break Err(self.new_exception(ExcKind::MemoryError, ""));
            }
        };
        self.decref(it);
        r.map(|()| out)
    }

    /// `container[key]` (new reference).
    pub fn getitem(&mut self, container: ObjId, key: ObjId) -> PyResult<ObjId> {
        if self.is_user_object(container) {
            if let Some(f) = self.py_slot(container, "__getitem__") {
                return self.call_slot(f, container, &[key]);
            }
        }
        self.getitem_native(container, key)
    }

    /// The builtin type's own `mp_subscript`/`sq_item`.
    pub(crate) fn getitem_native(&mut self, container: ObjId, key: ObjId) -> PyResult<ObjId> {
        let is_slice = matches!(self.heap.payload(key), Payload::Slice(_));
        match self.heap.payload(container) {
            // mappingproxy_getitem: the mapping's own
            Payload::MappingProxy(dict) => {
                let dict = *dict;
                self.getitem(dict, key)
            }
            Payload::List(l) => {
                let len = l.items.len();
                if is_slice {
                    let si = self.slice_indices(key, len)?;
                    let items: Vec<ObjId> = {
                        let list = self.heap.seq_items(container);
                        si.indices().filter_map(|i| list.get(i).copied()).collect()
                    };
                    for &i in &items {
                        self.incref(i);
                    }
                    return Ok(self.new_list(items));
                }
                let i = self.seq_index(key, len, "list")?;
                // list_item: `__index__` may have shrunk the list meanwhile
                match self.heap.seq_item(container, i) {
                    Some(v) => Ok(self.new_ref(v)),
                    None => Err(self.new_exception(ExcKind::IndexError, "list index out of range")),
                }
            }
            Payload::Tuple(t) => {
                let len = t.len();
                if is_slice {
                    let si = self.slice_indices(key, len)?;
                    let exact = self.builtin_type_of(container) == Some(BuiltinType::Tuple);
                    if si.step == 1 && si.len == len && exact {
                        return Ok(self.new_ref(container));
                    }
                    let all = self.heap.seq_items(container);
                    let items: Vec<ObjId> = si.indices().map(|i| all[i]).collect();
                    for &i in &items {
                        self.incref(i);
                    }
                    return Ok(self.new_tuple(items));
                }
                let i = self.seq_index(key, len, "tuple")?;
                let v = self.heap.seq_items(container)[i];
                Ok(self.new_ref(v))
            }
            Payload::Str(s) => {
                let len = s.len;
                if is_slice {
                    let si = self.slice_indices(key, len)?;
                    let Payload::Str(s) = self.heap.payload(container) else {
                        unreachable!()
                    };
                    if si.step == 1
                        && si.len == len
                        && self.builtin_type_of(container) == Some(BuiltinType::Str)
                    {
                        return Ok(self.new_ref(container));
                    }
                    let out: String = if si.step == 1 {
                        s.substring(si.start as usize, si.start as usize + si.len)
                    } else {
                        let chars: Vec<char> = s.as_str().chars().collect();
                        si.indices().map(|i| chars[i]).collect()
                    };
                    return Ok(self.new_string(out));
                }
                let i = self.seq_index(key, len, "string")?;
                let Payload::Str(s) = self.heap.payload(container) else {
                    unreachable!()
                };
                let c = s.char_at(i);
                let mut buf = [0u8; 4];
                Ok(self.new_str(c.encode_utf8(&mut buf)))
            }
            Payload::Bytes(b) => {
                let len = b.len();
                if is_slice {
                    let si = self.slice_indices(key, len)?;
                    if si.step == 1 && si.len == len && !self.is_bytearray(container) {
                        return Ok(self.new_ref(container));
                    }
                    let Payload::Bytes(b) = self.heap.payload(container) else {
                        unreachable!()
                    };
                    let out: Vec<u8> = si.indices().map(|i| b[i]).collect();
                    return Ok(self.new_bytes_like(container, out));
                }
                let what = if self.is_bytearray(container) {
                    "bytearray"
                } else {
                    "byte"
                };
                let i = self.seq_index(key, len, what)?;
                let Payload::Bytes(b) = self.heap.payload(container) else {
                    unreachable!()
                };
                let v = b[i] as i64;
                Ok(self.new_int(v))
            }
            Payload::Range(r) => {
                let (start, step) = (r.start.clone(), r.step.clone());
                let len = self.len_of_builtin(container).unwrap_or(0);
                if is_slice {
                    // compute_slice: `_PySlice_GetLongIndices` on PyLongs (no clamping to
                    // Py_ssize_t), then each bound through compute_item
                    let big_len = super::ops::range_len(&r.start, &r.stop, &r.step);
                    let (i, j, k) = self.slice_long_indices(key, &big_len)?;
                    let new_start = &start + &step * i;
                    let new_stop = &start + &step * j;
                    let new_step = &step * k;
                    return Ok(self.new_range(new_start, new_stop, new_step));
                }
                // range_subscript: `_PyIndex_Check` then `PyNumber_Index`, and
                // compute_range_item on PyLongs: lengths past Py_ssize_t index fine
                let index = match self.as_bigint(key) {
                    Some(i) => Some(i),
                    None if self.py_slot(key, "__index__").is_some() => {
                        Some(crate::builtins::index_arg(self, key)?)
                    }
                    None => None,
                };
                let Some(i) = index else {
                    let msg = format!(
                        "range indices must be integers or slices, not {}",
                        self.type_name(key)
                    );
                    return Err(self.type_error(&msg));
                };
                let Payload::Range(r) = self.heap.payload(container) else {
                    unreachable!()
                };
                let big_len = super::ops::range_len(&r.start, &r.stop, &r.step);
                let j = if i.is_negative() { &i + &big_len } else { i };
                if j.is_negative() || j >= big_len {
                    return Err(
                        self.new_exception(ExcKind::IndexError, "range object index out of range")
                    );
                }
                let _ = len;
                Ok(self.new_bigint(start + step * j))
            }
            Payload::Dict(_) => match self.dict_get(container, key)? {
                Some(v) => Ok(self.new_ref(v)),
                None => {
                    // dict_subscript: a subclass's `__missing__` answers for absent keys
                    // (`defaultdict`, or a class's own)
                    if self.type_of(container) != self.ty(BuiltinType::Dict) {
                        let name = self.new_interned("__missing__");
                        let missing = self.lookup_special(container, name);
                        self.decref(name);
                        if let Some(m) = missing {
                            let r = self.call_object(m, &[key], &[]);
                            self.decref(m);
                            return r;
                        }
                    }
                    Err(self.new_exception_arg(ExcKind::KeyError, key))
                }
            },
            _ => {
                if matches!(self.heap.payload(container), Payload::Type(_)) {
                    // a class's `__class_getitem__` (PEP 560)
                    if let Some(m) = self.lookup_attr(container, "__class_getitem__")? {
                        let r = self.call_object(m, &[key], &[]);
                        self.decref(m);
                        return r;
                    }
                    let msg = format!(
                        "type '{}' is not subscriptable",
                        self.type_name_of_type(container)
                    );
                    return Err(self.type_error(&msg));
                }
                let msg = format!(
                    "'{}' object is not subscriptable",
                    self.type_name(container)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// `container[key] = value` (borrowed).
    pub fn setitem(&mut self, container: ObjId, key: ObjId, value: ObjId) -> PyResult<()> {
        if self.is_user_object(container) {
            if let Some(f) = self.py_slot(container, "__setitem__") {
                let r = self.call_slot(f, container, &[key, value])?;
                self.decref(r);
                return Ok(());
            }
        }
        self.setitem_native(container, key, value)
    }

    /// The builtin type's own `mp_ass_subscript`/`sq_ass_item`.
    pub(crate) fn setitem_native(
        &mut self,
        container: ObjId,
        key: ObjId,
        value: ObjId,
    ) -> PyResult<()> {
        if self.is_bytearray(container) {
            return self.bytearray_setitem(container, key, value);
        }
        match self.heap.payload(container) {
            Payload::List(l) => {
                let len = l.items.len();
                if matches!(self.heap.payload(key), Payload::Slice(_)) {
                    return self.list_set_slice(container, key, Some(value));
                }
                let i = self.seq_index(key, len, "list assignment")?;
                self.incref(value);
                let old = match self.heap.payload_mut(container) {
                    Payload::List(l) => std::mem::replace(&mut l.items[i], value),
                    _ => unreachable!(),
                };
                self.decref(old);
                Ok(())
            }
            Payload::Dict(_) => self.dict_setitem(container, key, value),
            _ => {
                let msg = format!(
                    "'{}' object does not support item assignment",
                    self.type_name(container)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// `del container[key]`.
    pub fn delitem(&mut self, container: ObjId, key: ObjId) -> PyResult<()> {
        if self.is_user_object(container) {
            if let Some(f) = self.py_slot(container, "__delitem__") {
                let r = self.call_slot(f, container, &[key])?;
                self.decref(r);
                return Ok(());
            }
        }
        self.delitem_native(container, key)
    }

    /// The builtin type's own item deletion.
    pub(crate) fn delitem_native(&mut self, container: ObjId, key: ObjId) -> PyResult<()> {
        match self.heap.payload(container) {
            Payload::List(l) => {
                let len = l.items.len();
                if matches!(self.heap.payload(key), Payload::Slice(_)) {
                    return self.list_set_slice(container, key, None);
                }
                let i = self.seq_index(key, len, "list assignment")?;
                let old = match self.heap.payload_mut(container) {
                    Payload::List(l) => l.items.remove(i),
                    _ => unreachable!(),
                };
                let newlen = len - 1;
                self.list_resize(container, newlen);
                self.decref(old);
                Ok(())
            }
            Payload::Dict(_) => {
                if self.dict_delitem(container, key)? {
                    Ok(())
                } else {
                    Err(self.new_exception_arg(ExcKind::KeyError, key))
                }
            }
            Payload::Bytes(_) if self.is_bytearray(container) => {
                self.bytearray_delitem(container, key)
            }
            _ => {
                let msg = format!(
                    "'{}' object doesn't support item deletion",
                    self.type_name(container)
                );
                Err(self.type_error(&msg))
            }
        }
    }

    /// Slice assignment / deletion on a list (`list_ass_slice`).
    fn list_set_slice(&mut self, l: ObjId, slice: ObjId, value: Option<ObjId>) -> PyResult<()> {
        let len = self.len_of_builtin(l).unwrap_or(0);
        let si = self.slice_indices(slice, len)?;
        let new_items = match value {
            Some(v) if v == l => self.collect_iterable(v)?,
            Some(v) => self.collect_iterable(v).map_err(|e| {
                if self.is_instance_of_kind(e.0, ExcKind::TypeError) {
                    self.decref(e.0);
                    // PySequence_Fast's message: list_ass_slice's for a step of 1,
                    // list_ass_subscript's for an extended slice
                    self.type_error(if si.step == 1 {
                        "can only assign an iterable"
                    } else {
                        "must assign iterable to extended slice"
                    })
                } else {
                    e
                }
            })?,
            None => Vec::new(),
        };
        let removed: Vec<ObjId>;
        if si.step == 1 {
            let start = si.start as usize;
            let end = start + si.len;
            let newlen = len - si.len + new_items.len();
            if newlen > len {
                self.list_resize(l, newlen);
            }
            removed = match self.heap.payload_mut(l) {
                Payload::List(list) => list.items.splice(start..end, new_items).collect(),
                _ => Vec::new(),
            };
            if newlen < len {
                self.list_resize(l, newlen);
            }
        } else {
            if value.is_some() && new_items.len() != si.len {
                let msg = format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    new_items.len(),
                    si.len
                );
                for i in new_items {
                    self.decref(i);
                }
                return Err(self.new_exception(ExcKind::ValueError, &msg));
            }
            let idx: Vec<usize> = si.indices().collect();
            removed = match self.heap.payload_mut(l) {
                Payload::List(list) => {
                    if value.is_some() {
                        idx.iter()
                            .zip(new_items)
                            .map(|(&i, v)| std::mem::replace(&mut list.items[i], v))
                            .collect()
                    } else {
                        let mut sorted = idx.clone();
                        sorted.sort_unstable();
                        sorted.iter().rev().map(|&i| list.items.remove(i)).collect()
                    }
                }
                _ => Vec::new(),
            };
            let newlen = self.len_of_builtin(l).unwrap_or(0);
            self.list_resize(l, newlen);
        }
        for r in removed.into_iter().rev() {
            self.decref(r);
        }
        Ok(())
    }

    pub fn new_range(&mut self, start: BigInt, stop: BigInt, step: BigInt) -> ObjId {
        let t = self.ty(BuiltinType::Range);
        self.alloc(
            t,
            Payload::Range(Box::new(crate::object::RangeObj { start, stop, step })),
            super::objects::Layout::plain(48),
        )
    }

    pub fn index_error(&mut self, msg: &str) -> PyErr {
        self.new_exception(ExcKind::IndexError, msg)
    }
}

impl PyDict {
    /// A copy of the table's shape (what the keys block size depends on).
    pub(crate) fn clone_shape(&self) -> PyDict {
        PyDict {
            entries: Vec::new(),
            indices: vec![0; self.table_size()],
            used: 0,
            unicode: self.unicode,
            split: self.split,
            version: 0,
            keys_block: None,
        }
    }
}
