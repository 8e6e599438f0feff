//! `set` and `frozenset`: CPython 3.11's open-addressing table (linear probes, then perturbed),
//! so iteration order and `sys.getsizeof` match. As for dicts, comparing keys that are not the
//! identical object is the caller's job.

use super::ObjId;

/// `PySet_MINSIZE`: the inline `smalltable`.
pub const MINSIZE: usize = 8;
const LINEAR_PROBES: usize = 9;
const PERTURB_SHIFT: u32 = 5;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SetSlot {
    Empty,
    /// A deleted entry (`dummy`).
    Dummy,
    Key(ObjId, i64),
}

#[derive(Clone, Debug)]
pub struct PySet {
    pub table: Vec<SetSlot>,
    /// Active + dummy entries.
    pub fill: usize,
    /// Active entries.
    pub used: usize,
    /// Where `set.pop` resumes (`finger`).
    pub finger: usize,
    /// Cached frozenset hash.
    pub hash: Option<i64>,
    /// Address of the external table in the allocator model (`None` while the smalltable is used).
    pub table_block: Option<u64>,
    pub version: u64,
}

impl Default for PySet {
    fn default() -> PySet {
        PySet::new()
    }
}

/// What a probe for a key found.
pub enum SetProbe {
    Found(usize),
    Absent,
    /// Same-hash entries holding other key objects, in probe order, for the caller to compare.
    Candidates(Vec<usize>),
}

impl PySet {
    pub fn new() -> PySet {
        PySet {
            table: vec![SetSlot::Empty; MINSIZE],
            fill: 0,
            used: 0,
            finger: 0,
            hash: None,
            table_block: None,
            version: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.used
    }

    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// `set.__sizeof__` + GC header: the object (200 + 16) plus an external table.
    pub fn getsizeof(&self) -> usize {
        let mut size = 216;
        if self.table.len() > MINSIZE {
            size += 16 * self.table.len();
        }
        size
    }

    /// Live keys in table order.
    pub fn iter(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.table.iter().filter_map(|s| match s {
            SetSlot::Key(k, _) => Some(*k),
            _ => None,
        })
    }

    pub fn iter_with_hash(&self) -> impl Iterator<Item = (ObjId, i64)> + '_ {
        self.table.iter().filter_map(|s| match s {
            SetSlot::Key(k, h) => Some((*k, *h)),
            _ => None,
        })
    }

    /// The probe sequence of `set_add_entry`/`set_lookkey`.
    fn probe_slots(&self, hash: i64, mut visit: impl FnMut(usize) -> bool) {
        let mask = self.mask();
        let mut perturb = hash as u64;
        let mut i = (hash as u64 as usize) & mask;
        loop {
            let probes = if i + LINEAR_PROBES <= mask {
                LINEAR_PROBES
            } else {
                0
            };
            for j in i..=i + probes {
                if !visit(j) {
                    return;
                }
            }
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
    }

    pub fn probe(&self, hash: i64, key: ObjId) -> SetProbe {
        let mut found = None;
        let mut candidates = Vec::new();
        self.probe_slots(hash, |j| match self.table[j] {
            SetSlot::Empty => false,
            SetSlot::Dummy => true,
            SetSlot::Key(k, h) => {
                if k == key {
                    found = Some(j);
                    false
                } else {
                    if h == hash {
                        candidates.push(j);
                    }
                    true
                }
            }
        });
        match (found, candidates.is_empty()) {
            (Some(j), true) => SetProbe::Found(j),
            (Some(j), false) => {
                candidates.push(j);
                SetProbe::Candidates(candidates)
            }
            (None, true) => SetProbe::Absent,
            (None, false) => SetProbe::Candidates(candidates),
        }
    }

    /// Add a key known to be absent (`set_add_entry` after the comparisons). Returns true when
    /// the table was resized.
    pub fn insert_new(&mut self, key: ObjId, hash: i64) -> bool {
        let mut freeslot = None;
        let mut unused = None;
        self.probe_slots(hash, |j| match self.table[j] {
            SetSlot::Empty => {
                unused = Some(j);
                false
            }
            SetSlot::Dummy => {
                if freeslot.is_none() {
                    freeslot = Some(j);
                }
                true
            }
            SetSlot::Key(..) => true,
        });
        self.version += 1;
        self.used += 1;
        if let Some(j) = freeslot {
            self.table[j] = SetSlot::Key(key, hash);
            return false;
        }
        let j = unused.expect("a set table always has an empty slot");
        self.table[j] = SetSlot::Key(key, hash);
        self.fill += 1;
        if self.fill * 5 < self.mask() * 3 {
            return false;
        }
        let minused = if self.used > 50000 {
            self.used * 2
        } else {
            self.used * 4
        };
        self.resize(minused);
        true
    }

    /// Remove the key at slot `j` (leaves a dummy). Returns the key for the caller to decref.
    pub fn remove_slot(&mut self, j: usize) -> ObjId {
        let SetSlot::Key(k, _) = self.table[j] else {
            panic!("remove_slot on an empty slot")
        };
        self.table[j] = SetSlot::Dummy;
        self.used -= 1;
        self.version += 1;
        k
    }

    /// `set_table_resize`: the smallest power of two above `minused`, entries re-inserted in
    /// old table order.
    pub fn resize(&mut self, minused: usize) {
        let mut newsize = MINSIZE;
        while newsize <= minused {
            newsize <<= 1;
        }
        let old = std::mem::replace(&mut self.table, vec![SetSlot::Empty; newsize]);
        self.fill = self.used;
        for slot in old {
            if let SetSlot::Key(k, h) = slot {
                self.insert_clean(k, h);
            }
        }
        self.version += 1;
    }

    /// `set_insert_clean`: place a key in a table without dummies or equal keys.
    fn insert_clean(&mut self, key: ObjId, hash: i64) {
        let mut target = None;
        self.probe_slots(hash, |j| {
            if self.table[j] == SetSlot::Empty {
                target = Some(j);
                false
            } else {
                true
            }
        });
        let j = target.expect("a set table always has an empty slot");
        self.table[j] = SetSlot::Key(key, hash);
    }

    /// Copy another set's table exactly (`set_merge` into an empty set with the same mask and
    /// no dummies).
    pub fn can_copy_table_from(&self, other: &PySet) -> bool {
        self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used
    }

    pub fn copy_table_from(&mut self, other: &PySet) {
        self.table = other.table.clone();
        self.fill = other.fill;
        self.used = other.used;
        self.version += 1;
    }

    /// Empty the set (`set_clear_internal`), returning the keys in table order.
    pub fn take_all(&mut self) -> Vec<ObjId> {
        let keys: Vec<ObjId> = self.iter().collect();
        *self = PySet {
            version: self.version + 1,
            ..PySet::new()
        };
        keys
    }

    /// `set.pop`: the next active slot from `finger` on.
    pub fn pop_slot(&mut self) -> Option<usize> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !matches!(self.table[i], SetSlot::Key(..)) {
            i = (i + 1) & mask;
        }
        self.finger = i + 1;
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_matches_cpython_sizes() {
        // (len at change, getsizeof) from cpython311.md section 2.2
        let mut s = PySet::new();
        let mut changes = vec![(0, s.getsizeof())];
        for i in 0..100 {
            s.insert_new(ObjId::from_index(i + 1), i as i64);
            if s.getsizeof() != changes.last().unwrap().1 {
                changes.push((s.len(), s.getsizeof()));
            }
        }
        assert_eq!(changes, vec![(0, 216), (5, 728), (19, 2264), (77, 8408)]);
    }

    #[test]
    fn small_ints_iterate_in_hash_order() {
        let mut s = PySet::new();
        for h in [3i64, 1, 2] {
            s.insert_new(ObjId::from_index(h as usize), h);
        }
        let order: Vec<usize> = s.iter().map(|k| k.index()).collect();
        assert_eq!(order, vec![1, 2, 3]);
        let j = match s.probe(2, ObjId::from_index(2)) {
            SetProbe::Found(j) => j,
            _ => panic!("2 is in the set"),
        };
        s.remove_slot(j);
        assert!(matches!(s.probe(2, ObjId::from_index(2)), SetProbe::Absent));
        assert_eq!(s.len(), 2);
    }
}
