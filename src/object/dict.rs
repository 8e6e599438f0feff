//! `dict`: CPython 3.11's compact dict (an index table into an insertion-ordered entry array),
//! with its growth policy and `__sizeof__`, so iteration order, `sys.getsizeof` and table sizes
//! match. Key comparison that may run Python code (`__eq__`) is the caller's job: lookups report
//! the candidate entries in probe order and let the VM compare.

use super::ObjId;

/// `PyDict_MINSIZE`.
pub const MINSIZE: usize = 8;
const EMPTY: i32 = -1;
const DUMMY: i32 = -2;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Copy, Debug)]
pub struct DictEntry {
    pub hash: i64,
    pub key: ObjId,
    pub value: ObjId,
}

/// A dict's keys table plus values (CPython splits these between `PyDictKeysObject` and the dict;
/// the model keeps one combined table).
#[derive(Clone, Debug, Default)]
pub struct PyDict {
    /// `dk_entries`: insertion order; `None` marks a deleted entry until the next resize.
    pub entries: Vec<Option<DictEntry>>,
    /// `dk_indices`; empty for the shared empty keys object (`Py_EMPTY_KEYS`).
    pub indices: Vec<i32>,
    /// `ma_used`.
    pub used: usize,
    /// `DK_IS_UNICODE`: every key so far is an exact `str` (16-byte entries instead of 24).
    pub unicode: bool,
    /// A materialised instance `__dict__` (split table: keys shared with the class).
    pub split: Option<SplitKeys>,
    /// `ma_version_tag`: bumped on every change, so a caller that ran Python code during a lookup
    /// can tell whether the table it probed is still the same.
    pub version: u64,
    /// Address of the keys block in the allocator model (`None` for the shared empty keys).
    pub keys_block: Option<u64>,
}

/// The class whose shared keys (`CACHED_KEYS`) a split table uses: the dict's values array
/// has room for all of them, `shared_keys_usable_size` = `dk_nentries + dk_usable`, which
/// shrinks by one with every instance the class makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitKeys {
    /// The class (borrowed) and its serial, to notice it died.
    pub class: crate::object::ObjId,
    pub serial: u64,
    /// The usable size when the dict was made (what it keeps if the class dies).
    pub usable_size: usize,
}

/// The result of probing for a key without comparing non-identical keys.
pub enum Probe {
    /// An entry holding the identical key object.
    Found(usize),
    /// No entry has this hash: the key is absent.
    Absent,
    /// Entries with an equal hash but another key object, in probe order; the caller compares
    /// them (identical keys come back as `Found` before any candidate).
    Candidates(Vec<usize>),
}

impl PyDict {
    /// A new empty dict sharing the empty keys object.
    pub fn new() -> PyDict {
        PyDict {
            unicode: true,
            ..PyDict::default()
        }
    }

    /// `dict_new_presized`: room for `n` items without resizing.
    pub fn presized(n: usize, unicode: bool) -> PyDict {
        let mut d = PyDict::new();
        if n > usable_fraction(MINSIZE) {
            d.rebuild(estimate_log2_keysize(n), unicode);
        }
        d
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    /// `DK_SIZE`: slots in the index table (0 for the shared empty keys).
    pub fn table_size(&self) -> usize {
        self.indices.len()
    }

    /// `dk_usable`: entries that can still be appended before a resize.
    pub fn usable(&self) -> usize {
        usable_fraction(self.table_size()).saturating_sub(self.entries.len())
    }

    /// Bytes of the keys object (`_PyDict_KeysSize`), 0 for the shared empty keys.
    pub fn keys_size(&self) -> usize {
        let size = self.table_size();
        if size == 0 {
            return 0;
        }
        let index_bytes = if size <= 0xff {
            1
        } else if size <= 0xffff {
            2
        } else if size <= 0xffff_ffff {
            4
        } else {
            8
        };
        let entry = if self.unicode { 16 } else { 24 };
        32 + index_bytes * size + usable_fraction(size) * entry
    }

    /// `dict.__sizeof__` + the GC header, as `sys.getsizeof` reports it.
    pub fn getsizeof(&self) -> usize {
        if let Some(s) = self.split {
            // the keys live in the class; the dict holds a values array sized for them
            return 48 + 16 + 8 * s.usable_size;
        }
        48 + 16 + self.keys_size()
    }

    /// Live entries in order.
    pub fn iter(&self) -> impl Iterator<Item = &DictEntry> {
        self.entries.iter().flatten()
    }

    /// Position of the `n`th live entry (for iterators that walk entries by index).
    pub fn entry_at(&self, index: usize) -> Option<&DictEntry> {
        self.entries.get(index).and_then(|e| e.as_ref())
    }

    /// Probe for `key` with `hash`, returning identical matches at once and other same-hash
    /// entries as candidates (`lookdict`'s probe sequence).
    pub fn probe(&self, hash: i64, key: ObjId) -> Probe {
        let size = self.table_size();
        if size == 0 {
            return Probe::Absent;
        }
        let mask = size - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        let mut candidates = Vec::new();
        loop {
            let ix = self.indices[i];
            if ix == EMPTY {
                break;
            }
            if ix >= 0 {
                if let Some(e) = &self.entries[ix as usize] {
                    if e.key == key {
                        if candidates.is_empty() {
                            return Probe::Found(ix as usize);
                        }
                        candidates.push(ix as usize);
                        break;
                    }
                    if e.hash == hash {
                        candidates.push(ix as usize);
                    }
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        if candidates.is_empty() {
            Probe::Absent
        } else {
            Probe::Candidates(candidates)
        }
    }

    /// Append a new entry for a key known to be absent (`insertdict` after a failed lookup).
    /// Returns true when the table was resized (the caller re-accounts the keys block).
    pub fn insert_new(&mut self, hash: i64, key: ObjId, value: ObjId, key_is_str: bool) -> bool {
        let mut resized = false;
        if self.table_size() == 0 {
            // insert_to_emptydict
            self.rebuild(3, key_is_str);
            resized = true;
        } else if self.unicode && !key_is_str {
            // a non-str key turns the table general (`insertion_resize`)
            self.rebuild(calculate_log2_keysize(self.used * 3), false);
            resized = true;
        }
        if self.usable() == 0 {
            self.rebuild(
                calculate_log2_keysize(self.used * 3),
                self.unicode && key_is_str,
            );
            resized = true;
        }
        let slot = self.find_empty_slot(hash);
        self.indices[slot] = self.entries.len() as i32;
        self.entries.push(Some(DictEntry { hash, key, value }));
        self.used += 1;
        self.version += 1;
        resized
    }

    /// Replace the value of entry `ix`, returning the old value (the caller decrefs it).
    pub fn replace_value(&mut self, ix: usize, value: ObjId) -> ObjId {
        self.version += 1;
        let e = self.entries[ix].as_mut().expect("live dict entry");
        std::mem::replace(&mut e.value, value)
    }

    /// Delete entry `ix` (`delitem_common`), returning it (the caller decrefs key and value).
    pub fn remove_entry(&mut self, ix: usize) -> DictEntry {
        let e = self.entries[ix].take().expect("live dict entry");
        let size = self.table_size();
        let mask = size - 1;
        let mut perturb = e.hash as u64;
        let mut i = (e.hash as u64 as usize) & mask;
        while self.indices[i] != ix as i32 {
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        self.indices[i] = DUMMY;
        self.used -= 1;
        self.version += 1;
        e
    }

    /// Drop every entry and go back to the shared empty keys (`dict.clear`). Returns the entries
    /// for the caller to decref, in order.
    pub fn take_all(&mut self) -> Vec<DictEntry> {
        let entries = std::mem::take(&mut self.entries);
        self.indices = Vec::new();
        self.used = 0;
        self.unicode = true;
        self.version += 1;
        entries.into_iter().flatten().collect()
    }

    /// `dictresize`: a new table of `2**log2` slots with the live entries compacted in order.
    pub fn rebuild(&mut self, log2: u8, unicode: bool) {
        let size = 1usize << log2.max(3);
        let live: Vec<Option<DictEntry>> = std::mem::take(&mut self.entries)
            .into_iter()
            .filter(|e| e.is_some())
            .collect();
        self.indices = vec![EMPTY; size];
        self.entries = Vec::with_capacity(usable_fraction(size));
        self.unicode = unicode;
        for e in live {
            let slot = self.find_empty_slot(e.map(|e| e.hash).unwrap_or(0));
            self.indices[slot] = self.entries.len() as i32;
            self.entries.push(e);
        }
        self.version += 1;
    }

    /// Copy another dict's table exactly (`clone_combined_dict_keys`): same size, same order.
    pub fn clone_table_from(&mut self, other: &PyDict) {
        self.entries = other.entries.clone();
        self.indices = other.indices.clone();
        self.used = other.used;
        self.unicode = other.unicode;
        self.version += 1;
    }

    fn find_empty_slot(&self, hash: i64) -> usize {
        let mask = self.table_size() - 1;
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        while self.indices[i] >= 0 {
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
        }
        i
    }

    /// Index of the last live entry (`popitem`).
    pub fn last_entry(&self) -> Option<usize> {
        self.entries.iter().rposition(|e| e.is_some())
    }
}

/// `USABLE_FRACTION`: a table of `n` slots holds `2n/3` entries.
pub fn usable_fraction(n: usize) -> usize {
    (n << 1) / 3
}

/// `calculate_log2_keysize` as 3.11 computes it: `bit_length(((minsize | 8) - 1) | 7)`.
/// Meant as the smallest `k >= 3` with `2**k >= minsize`, the bit trick gives one more for
/// `minsize` from 1 to 7 and for powers of two from 16 up (fixed in 3.12): a dict of one
/// str key that takes an int key grows to 16 slots (`GROWTH_RATE` 3), and `dict(d)` of a
/// sparse `d` with 21 items to 64 (`estimate_log2_keysize(21)` asks for 32).
pub fn calculate_log2_keysize(minsize: usize) -> u8 {
    let m = ((minsize | MINSIZE) - 1) | (MINSIZE - 1);
    (usize::BITS - m.leading_zeros()) as u8
}

/// `estimate_log2_keysize`: a table that holds `n` entries without resizing.
pub fn estimate_log2_keysize(n: usize) -> u8 {
    calculate_log2_keysize((n * 3).div_ceil(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: usize) -> ObjId {
        ObjId::from_index(n)
    }

    #[test]
    fn growth_matches_cpython_sizes() {
        // str keys: (len at change, getsizeof) from cpython311.md section 2.2
        let mut d = PyDict::new();
        let mut changes = vec![(0, d.getsizeof())];
        for i in 0..90 {
            d.insert_new(i as i64 * 7919, id(i + 1), id(1), true);
            if d.getsizeof() != changes.last().unwrap().1 {
                changes.push((d.len(), d.getsizeof()));
            }
        }
        assert_eq!(
            changes,
            vec![
                (0, 64),
                (1, 184),
                (6, 272),
                (11, 464),
                (22, 832),
                (43, 1584),
                (86, 3328)
            ]
        );
        let mut d = PyDict::new();
        let mut changes = vec![(0, d.getsizeof())];
        for i in 0..90 {
            d.insert_new(i as i64, id(i + 1), id(1), false);
            if d.getsizeof() != changes.last().unwrap().1 {
                changes.push((d.len(), d.getsizeof()));
            }
        }
        assert_eq!(
            changes,
            vec![
                (0, 64),
                (1, 224),
                (6, 352),
                (11, 632),
                (22, 1168),
                (43, 2264),
                (86, 4688)
            ]
        );
    }

    #[test]
    fn presized_literal_and_probe() {
        assert_eq!(PyDict::presized(6, true).getsizeof(), 272);
        assert_eq!(PyDict::presized(3, true).getsizeof(), 64);
        let mut d = PyDict::new();
        d.insert_new(5, id(10), id(11), false);
        d.insert_new(13, id(12), id(13), false); // collides with 5 in an 8-slot table
        assert!(matches!(d.probe(5, id(10)), Probe::Found(0)));
        assert!(matches!(d.probe(13, id(99)), Probe::Candidates(ref c) if c == &[1]));
        assert!(matches!(d.probe(6, id(99)), Probe::Absent));
        let e = d.remove_entry(0);
        assert_eq!(e.key, id(10));
        assert!(matches!(d.probe(13, id(12)), Probe::Found(1)));
        assert_eq!(d.iter().count(), 1);
    }
}
