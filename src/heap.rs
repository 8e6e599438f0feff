//! The heap: an arena of objects addressed by [`ObjId`], their addresses from the pymalloc model,
//! the type free lists, the GC generation lists, and the static objects every run starts with.
//!
//! The heap does no reference counting policy of its own: the VM increfs and decrefs where
//! CPython's `Py_INCREF`/`Py_DECREF` are, and frees through [`Heap::release_memory`]. What the
//! heap guarantees is bookkeeping: every live object has a unique address; freed addresses go
//! back to their free list (LIFO) exactly as CPython's allocators do.

pub mod changelog;
pub mod traverse;

use std::collections::HashMap;

use crate::alloc::{Allocator, MemState};
use crate::object::{GcState, ObjId, Object, Payload};

/// Refcount the statically allocated objects of 3.11 start with (small ints, `''`, `()`,
/// latin-1 characters, deep-frozen strings): `_PyObject_IMMORTAL_INIT`'s 999999999.
pub const STATIC_REFCNT: i64 = 999_999_999;

/// Type free lists (`Objects/listobject.c` etc.): sizes from CPython 3.11.
pub const LIST_FREELIST_MAX: usize = 80;
pub const DICT_FREELIST_MAX: usize = 80;
pub const FLOAT_FREELIST_MAX: usize = 100;
/// `interp->slice_cache`: one freed slice kept for the next (not cleared by the collector).
pub const SLICE_CACHE_MAX: usize = 1;
pub const TUPLE_FREELIST_MAX: usize = 2000;
/// Tuples of length 1..TUPLE_MAXSAVESIZE-1 are kept on free lists.
pub const TUPLE_MAXSAVESIZE: usize = 20;

/// Which free list an address was parked on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FreeList {
    List,
    Dict,
    Float,
    Tuple(usize),
    Slice,
}

/// A block of memory the object owns besides its own (list items, dict keys, set table,
/// inline values): allocated from the same allocator, so it takes addresses like CPython's.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub addr: u64,
    pub size: usize,
}

/// A bytearray's buffer, as `PyByteArrayObject` keeps it: the block (`ob_bytes`), its size
/// (`ob_alloc`, the trailing NUL included) and where the logical start is (`ob_start -
/// ob_bytes`, moved on by deleting from the front).
#[derive(Clone, Copy, Debug)]
pub struct ByteArrayBuf {
    pub block: u64,
    pub alloc: usize,
    pub start: usize,
}

/// Per-object bookkeeping that only matters while it is alive: 16 bytes per object (24 before
/// issue 15's layout pass). The allocation's pre-header size lives in the object header's
/// spare byte ([`Object::preheader`]).
#[derive(Clone)]
pub struct Meta {
    /// Allocation serial number: distinguishes an object from a later one in the same slot.
    pub serial: u64,
    /// Size of the object's own allocation (pre-headers included); [`BIG_BLOCK`] when it does
    /// not fit in 32 bits (the size is then in [`Heap::big_blocks`]).
    block_size: u32,
    /// Extra references the interpreter holds that the model does not represent one by one
    /// (static objects), so invariant checks can account for them (bits 0..31: at most
    /// `STATIC_REFCNT`), and whether the object was made before the snippet started (bit 31).
    refs_startup: u32,
}

const _: () = assert!(std::mem::size_of::<Meta>() <= 16);

/// `Meta::block_size` of an allocation of 4 GiB or more.
const BIG_BLOCK: u32 = u32::MAX;
const STARTUP_BIT: u32 = 1 << 31;

impl Meta {
    /// Extra references the interpreter holds that the model does not represent one by one
    /// (static objects).
    pub fn base_refs(&self) -> i64 {
        (self.refs_startup & !STARTUP_BIT) as i64
    }

    /// Set the extra references (31 bits: at most `STATIC_REFCNT` in practice).
    pub fn set_base_refs(&mut self, n: i64) {
        let n = n.clamp(0, (STARTUP_BIT - 1) as i64) as u32;
        self.refs_startup = (self.refs_startup & STARTUP_BIT) | n;
    }

    /// Made before the snippet started (builtins, types, modules...).
    pub fn startup(&self) -> bool {
        self.refs_startup & STARTUP_BIT != 0
    }
}

/// The three generations plus the permanent one (`gc.freeze()`), as linked lists in
/// allocation order.
#[derive(Clone, Default)]
pub struct GcLists {
    pub head: [Option<ObjId>; 5],
    pub tail: [Option<ObjId>; 5],
    pub len: [usize; 5],
}

/// List indices: generations 0..=2, then the permanent generation, then a scratch list a
/// collection works on.
pub const PERMANENT: usize = 3;
pub const SCRATCH: usize = 4;

#[derive(Clone)]
pub struct Heap {
    objects: Vec<Option<Object>>,
    meta: Vec<Meta>,
    free_slots: Vec<u32>,
    next_serial: u64,
    pub alloc: Allocator,
    /// Address bump pointer of the static region (libpython's data segment).
    static_next: u64,
    /// Type free lists: parked addresses, most recent last.
    pub list_freelist: Vec<u64>,
    pub dict_freelist: Vec<u64>,
    pub float_freelist: Vec<u64>,
    /// `interp->slice_cache` (at most one address).
    pub slice_cache: Vec<u64>,
    pub tuple_freelist: Vec<Vec<u64>>,
    /// Keys blocks of 8-slot str-keyed dicts (`keys_free_list`).
    pub keys_freelist: Vec<u64>,
    pub gc_lists: GcLists,
    /// Objects alive.
    pub live: usize,
    /// Bytes of modelled memory in use (object blocks and owned blocks).
    pub bytes_in_use: usize,
    /// The most modelled memory a snippet may use before `MemoryError`.
    pub memory_cap: usize,
    /// Still building the startup objects.
    pub bootstrapping: bool,
    /// Weak reference lists (`tp_weaklistoffset`) of the weakly referenceable kinds whose
    /// payload has no list field of its own (sets, modules, bound methods, code objects,
    /// generators, builtin functions), keyed by the referent.
    pub weaklists: rustc_hash::FxHashMap<ObjId, Vec<ObjId>>,
    /// A bytearray's buffer (`ob_bytes`, `ob_alloc`, `ob_start`), for each bytearray whose
    /// buffer is allocated (`vm::bytearray`).
    pub bytearray_bufs: rustc_hash::FxHashMap<ObjId, ByteArrayBuf>,
    /// Building a module image (a module CPython's start-up has already imported, made at its
    /// first import): memory comes from [`ImageArena`], not the snippet's allocator, and no
    /// type free list is touched, so the snippet's addresses and counts stay as they were.
    pub image_mode: bool,
    /// Where module images live.
    pub image: ImageArena,
    /// `tracemalloc`'s traces while it is tracing.
    pub trace: Option<Box<Traces>>,
    /// What changed since a viewer's last mark, while one watches ([`Heap::watch`]).
    watch: Option<Box<changelog::ChangeLog>>,
    /// The allocation size of each live object whose block is 4 GiB or more (`Meta` keeps 32
    /// bits).
    big_blocks: rustc_hash::FxHashMap<ObjId, usize>,
}

/// What `tracemalloc` records (`Modules/_tracemalloc.c`): every memory block allocated while
/// tracing, by address, with its requested size and where the snippet was (the innermost
/// Python frame's file and line) when it was made; a block is forgotten when freed. Blocks
/// recycled through a type free list are neither allocated nor freed, as in CPython.
#[derive(Clone, Default)]
pub struct Traces {
    pub blocks: HashMap<u64, (usize, u32)>,
    /// Interned allocation sites: (the source, line).
    pub sites: Vec<(std::rc::Rc<crate::code::Source>, u32)>,
    site_ids: HashMap<(usize, u32), u32>,
    /// The site new allocations are charged to.
    pub site: u32,
    pub current: usize,
    pub peak: usize,
}

impl Traces {
    /// Make `(file, line)` the current allocation site.
    pub fn set_site(&mut self, source: &std::rc::Rc<crate::code::Source>, line: u32) {
        if let Some((f, l)) = self.sites.get(self.site as usize) {
            if *l == line && std::rc::Rc::ptr_eq(f, source) {
                return;
            }
        }
        let key = (std::rc::Rc::as_ptr(source) as usize, line);
        let next = self.sites.len() as u32;
        let id = *self.site_ids.entry(key).or_insert(next);
        if id == next {
            self.sites.push((source.clone(), line));
        }
        self.site = id;
    }

    fn record(&mut self, addr: u64, size: usize) {
        if let Some((old, _)) = self.blocks.insert(addr, (size, self.site)) {
            self.current -= old;
        }
        self.current += size;
        self.peak = self.peak.max(self.current);
    }

    fn forget(&mut self, addr: u64) {
        if let Some((size, _)) = self.blocks.remove(&addr) {
            self.current -= size;
        }
    }
}

/// The memory of module images: the part of CPython's start-up heap that refscope builds
/// lazily. A bump region of its own (16-byte aligned, LIFO reuse per size), so building an
/// image at a snippet's first `import collections` leaves the snippet's pymalloc state exactly
/// as CPython's start-up left it.
#[derive(Clone, Default)]
pub struct ImageArena {
    next: u64,
    /// Freed blocks by size, most recent last.
    free: HashMap<usize, Vec<u64>>,
    /// Live blocks: address to size.
    live: HashMap<u64, usize>,
}

/// Where the image region starts (below pymalloc's arenas).
pub const IMAGE_BASE: u64 = 0x7f3a_5a00_0000;
/// Its end (the first pymalloc arena).
pub const IMAGE_END: u64 = crate::alloc::ARENA_BASE;

impl ImageArena {
    pub fn owns(&self, addr: u64) -> bool {
        (IMAGE_BASE..IMAGE_END).contains(&addr)
    }

    /// Memory the region has handed out (live or freed since): start-up heap, which stays
    /// mapped, as a freed pymalloc block of CPython's start-up does.
    pub fn mapped(&self, addr: u64) -> bool {
        self.next != 0 && (IMAGE_BASE..self.next).contains(&addr)
    }

    pub fn malloc(&mut self, size: usize) -> u64 {
        let size = size.max(16).div_ceil(16) * 16;
        let addr = match self.free.get_mut(&size).and_then(|l| l.pop()) {
            Some(a) => a,
            None => {
                if self.next == 0 {
                    self.next = IMAGE_BASE;
                }
                let a = self.next;
                self.next += size as u64;
                a
            }
        };
        self.live.insert(addr, size);
        addr
    }

    pub fn free(&mut self, addr: u64) {
        if let Some(size) = self.live.remove(&addr) {
            self.free.entry(size).or_default().push(addr);
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl Heap {
    pub fn new() -> Heap {
        let mut objects = Vec::with_capacity(4096);
        objects.push(None); // index 0 is never an object
        let meta = vec![Meta {
            serial: 0,
            block_size: 0,
            refs_startup: STARTUP_BIT,
        }];
        Heap {
            objects,
            meta,
            free_slots: Vec::new(),
            next_serial: 1,
            alloc: Allocator::new(),
            static_next: 0x7f3a_5f2b_3e68,
            list_freelist: Vec::new(),
            dict_freelist: Vec::new(),
            float_freelist: Vec::new(),
            slice_cache: Vec::new(),
            tuple_freelist: vec![Vec::new(); TUPLE_MAXSAVESIZE],
            keys_freelist: Vec::new(),
            gc_lists: GcLists::default(),
            live: 0,
            bytes_in_use: 0,
            memory_cap: 1 << 31,
            bootstrapping: true,
            weaklists: Default::default(),
            bytearray_bufs: Default::default(),
            image_mode: false,
            image: ImageArena::default(),
            trace: None,
            watch: None,
            big_blocks: Default::default(),
        }
    }

    // ---- the change log (`changelog`), for viewers ----

    /// Start or stop logging changes (see [`changelog`]): on, refcount writes, allocations
    /// and frees are recorded from now on; off, they cost one branch each.
    pub fn watch(&mut self, on: bool) {
        self.watch = on.then(|| Box::new(changelog::ChangeLog::new(self.next_serial - 1)));
    }

    /// Changes are counted from here (a no-op unless watching).
    pub fn mark_changes(&mut self) {
        let newest = self.next_serial - 1;
        if let Some(w) = &mut self.watch {
            w.mark(newest);
        }
    }

    /// What changed since the last mark, while watching.
    pub fn changes(&self) -> Option<&changelog::ChangeLog> {
        self.watch.as_deref()
    }

    /// The last allocation serial handed out: every live object's serial is at most this,
    /// and every object made later has a larger one.
    pub fn newest_serial(&self) -> u64 {
        self.next_serial - 1
    }

    /// `ob_refcnt` of a live object, to write: every refcount write goes through here, so a
    /// watcher's log sees it.
    #[inline(always)]
    pub fn refcnt_mut(&mut self, id: ObjId) -> &mut i64 {
        if self.watch.is_some() {
            self.log_touch(id);
        }
        match &mut self.objects[id.index()] {
            Some(o) => &mut o.refcnt,
            None => panic!("use of freed object {id:?}"),
        }
    }

    /// The change log's side of [`Heap::refcnt_mut`], out of the incref/decref fast path.
    #[cold]
    #[inline(never)]
    fn log_touch(&mut self, id: ObjId) {
        let serial = self.meta[id.index()].serial;
        if let (Some(w), Some(o)) = (&mut self.watch, &self.objects[id.index()]) {
            w.touch(id, serial, o.refcnt);
        }
    }

    #[inline(always)]
    pub fn get(&self, id: ObjId) -> &Object {
        match &self.objects[id.index()] {
            Some(o) => o,
            None => panic!("use of freed object {id:?}"),
        }
    }

    #[inline(always)]
    pub fn get_mut(&mut self, id: ObjId) -> &mut Object {
        match &mut self.objects[id.index()] {
            Some(o) => o,
            None => panic!("use of freed object {id:?}"),
        }
    }

    pub fn try_get(&self, id: ObjId) -> Option<&Object> {
        self.objects.get(id.index()).and_then(|o| o.as_ref())
    }

    pub fn is_live(&self, id: ObjId) -> bool {
        self.try_get(id).is_some()
    }

    /// A split instance dict (`ma_values`) whose keys are its live class's shared keys
    /// (`CACHED_KEYS`, PEP 412): the keys object holds one reference to each name however many
    /// dicts share it, the dict none of its own. Once the class is gone the dict owns its keys
    /// (the class's dealloc gave it a reference to each, as the keys object outlives a class
    /// while a dict shares it).
    pub fn dict_borrows_keys(&self, d: &crate::object::dict::PyDict) -> bool {
        d.split
            .is_some_and(|s| self.is_live(s.class) && self.meta(s.class).serial == s.serial)
    }

    #[inline]
    pub fn payload(&self, id: ObjId) -> &Payload {
        &self.get(id).payload
    }

    #[inline]
    pub fn payload_mut(&mut self, id: ObjId) -> &mut Payload {
        &mut self.get_mut(id).payload
    }

    /// The items of a list or tuple, borrowed in place (`ob_item`); empty for anything else.
    /// A borrow, not a copy: reading one item of a long list stays O(1). The slice cannot
    /// outlive a call that may run Python code (which could resize the list); loops that
    /// call back re-read by index, as CPython's `PyList_GET_ITEM` loops re-read `Py_SIZE`.
    #[inline]
    pub fn seq_items(&self, id: ObjId) -> &[ObjId] {
        match self.payload(id) {
            Payload::List(l) => &l.items,
            Payload::Tuple(t) => t,
            _ => &[],
        }
    }

    /// Item `i` of a list or tuple as it is now (`PyList_GET_ITEM` after a bounds check).
    #[inline]
    pub fn seq_item(&self, id: ObjId, i: usize) -> Option<ObjId> {
        self.seq_items(id).get(i).copied()
    }

    /// `Py_SIZE` of a list or tuple as it is now (0 for anything else).
    #[inline]
    pub fn seq_len(&self, id: ObjId) -> usize {
        self.seq_items(id).len()
    }

    pub fn meta(&self, id: ObjId) -> &Meta {
        &self.meta[id.index()]
    }

    pub fn meta_mut(&mut self, id: ObjId) -> &mut Meta {
        &mut self.meta[id.index()]
    }

    /// Every live object id, in arena order.
    pub fn ids(&self) -> impl Iterator<Item = ObjId> + '_ {
        self.objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_some())
            .map(|(i, _)| ObjId::from_index(i))
    }

    /// One past the largest object index ever used (for dense per-object tables).
    pub fn capacity(&self) -> usize {
        self.objects.len()
    }

    /// Put a new object in the arena at `addr`. The caller chose the address.
    pub fn insert(&mut self, object: Object, block_size: usize, preheader: usize) -> ObjId {
        let serial = self.next_serial;
        self.next_serial += 1;
        let meta = Meta {
            serial,
            block_size: u32::try_from(block_size)
                .ok()
                .filter(|&b| b != BIG_BLOCK)
                .unwrap_or(BIG_BLOCK),
            refs_startup: if self.bootstrapping { STARTUP_BIT } else { 0 },
        };
        let mut object = object;
        object.preheader = preheader as u8;
        self.live += 1;
        let id = if let Some(slot) = self.free_slots.pop() {
            self.objects[slot as usize] = Some(object);
            self.meta[slot as usize] = meta;
            ObjId::from_index(slot as usize)
        } else {
            if self.objects.len() == self.objects.capacity() {
                self.grow_arena();
            }
            self.objects.push(Some(object));
            self.meta.push(meta);
            ObjId::from_index(self.objects.len() - 1)
        };
        if let Some(w) = &mut self.watch {
            w.allocated(id, serial);
        }
        if block_size >= BIG_BLOCK as usize {
            self.big_blocks.insert(id, block_size);
        }
        id
    }

    /// Size of a live object's own allocation (pre-headers included).
    pub fn block_size(&self, id: ObjId) -> usize {
        match self.meta[id.index()].block_size {
            BIG_BLOCK => self
                .big_blocks
                .get(&id)
                .copied()
                .unwrap_or(BIG_BLOCK as usize),
            n => n as usize,
        }
    }

    /// Make room for more objects. The arena is the process's biggest block, and doubling it
    /// needs the new block before the old one is freed: when the real-memory budget
    /// ([`crate::memguard`]) or the system refuses a doubling, it grows by an eighth instead
    /// and the budget drops to what is held now, so the snippet gets `MemoryError` at its next
    /// check instead of the process aborting on a failed allocation.
    fn grow_arena(&mut self) {
        let n = self.objects.len().max(64);
        let per_slot = std::mem::size_of::<Option<Object>>() + std::mem::size_of::<Meta>();
        if crate::memguard::fits((n * per_slot) as u128)
            && self.objects.try_reserve(n).is_ok()
            && self.meta.try_reserve(n).is_ok()
        {
            return;
        }
        crate::memguard::refuse();
        let small = (n / 8).max(64);
        let _ = self.objects.try_reserve_exact(small);
        let _ = self.meta.try_reserve_exact(small);
    }

    /// Remove a dead object from the arena, returning it (its payload still owns references
    /// the caller must release).
    pub fn remove(&mut self, id: ObjId) -> Object {
        let o = self.objects[id.index()]
            .take()
            .expect("removing a freed object");
        self.free_slots.push(id.index() as u32);
        self.live -= 1;
        if let Some(w) = &mut self.watch {
            w.freed(id, self.meta[id.index()].serial);
        }
        if !self.weaklists.is_empty() {
            self.weaklists.remove(&id);
        }
        if !self.bytearray_bufs.is_empty() {
            self.bytearray_bufs.remove(&id);
        }
        if !self.big_blocks.is_empty() {
            self.big_blocks.remove(&id);
        }
        o
    }

    // ---- weak reference lists ----

    /// The weak references to `id`, in list order (the basic ref, then the basic proxy, then
    /// the ones with callbacks, as `PyObject_ClearWeakRefs` walks them).
    pub fn weakrefs(&self, id: ObjId) -> &[ObjId] {
        match self.get(id).weakref_list() {
            Some(l) => l,
            None => self.weaklists.get(&id).map_or(&[], |l| l.as_slice()),
        }
    }

    /// The list to insert a new weak reference to `id` into (the caller checked that the
    /// object's type supports weak references).
    pub fn weakrefs_mut(&mut self, id: ObjId) -> &mut Vec<ObjId> {
        let Heap {
            objects, weaklists, ..
        } = self;
        match objects[id.index()]
            .as_mut()
            .and_then(|o| o.weakref_list_mut())
        {
            Some(l) => l,
            None => weaklists.entry(id).or_default(),
        }
    }

    /// Take the whole list (the referent is dying or being collected).
    pub fn take_weakrefs(&mut self, id: ObjId) -> Vec<ObjId> {
        // (an instance's list is made on first use: do not make one to take nothing)
        if self.get(id).weakref_list().is_some_and(|l| l.is_empty()) {
            return Vec::new();
        }
        match self.get_mut(id).weakref_list_mut() {
            Some(l) => std::mem::take(l),
            None => self.weaklists.remove(&id).unwrap_or_default(),
        }
    }

    /// Unlink one weak reference from `referent`'s list (`clear_weakref`).
    pub fn unlink_weakref(&mut self, referent: ObjId, wr: ObjId) {
        if !self.is_live(referent)
            || self
                .get(referent)
                .weakref_list()
                .is_some_and(|l| l.is_empty())
        {
            return;
        }
        match self.get_mut(referent).weakref_list_mut() {
            Some(l) => l.retain(|&w| w != wr),
            None => {
                if let Some(l) = self.weaklists.get_mut(&referent) {
                    l.retain(|&w| w != wr);
                    if l.is_empty() {
                        self.weaklists.remove(&referent);
                    }
                }
            }
        }
    }

    /// An address in the static region for an object of `size` bytes (8-aligned, as
    /// libpython's data segment is).
    pub fn static_addr(&mut self, size: usize) -> u64 {
        let addr = self.static_next;
        self.static_next += size.div_ceil(8) as u64 * 8;
        addr
    }

    /// Where the next static goes (see [`Heap::static_rewind`]).
    pub fn static_mark(&self) -> u64 {
        self.static_next
    }

    /// Give back the static region from `mark` on (the object made there takes an address
    /// later, so the statics after it keep theirs).
    pub fn static_rewind(&mut self, mark: u64) {
        self.static_next = mark;
    }

    /// Advance the static region so the next address is `rem` modulo `modulo`.
    pub fn static_align(&mut self, modulo: u64, rem: u64) {
        while self.static_next % modulo != rem {
            self.static_next += 8;
        }
    }

    /// Allocate `size` bytes of object memory, `preheader` bytes of which sit before the
    /// object's address (GC header, managed-dict pointers). Returns the object's address.
    pub fn malloc_object(&mut self, size: usize, preheader: usize) -> u64 {
        self.bytes_in_use += size;
        if self.image_mode {
            return self.image.malloc(size) + preheader as u64;
        }
        let block = self.alloc.malloc(size);
        if let Some(t) = &mut self.trace {
            t.record(block, size);
        }
        block + preheader as u64
    }

    /// Give a block back to whichever allocator made it.
    fn free_addr(&mut self, addr: u64) {
        if self.image.owns(addr) {
            self.image.free(addr);
        } else {
            if let Some(t) = &mut self.trace {
                t.forget(addr);
            }
            self.alloc.free(addr);
        }
    }

    /// Take an address from a type free list, if one is parked there.
    pub fn pop_freelist(&mut self, list: FreeList) -> Option<u64> {
        if self.image_mode {
            return None;
        }
        let addr = match list {
            FreeList::List => self.list_freelist.pop(),
            FreeList::Dict => self.dict_freelist.pop(),
            FreeList::Float => self.float_freelist.pop(),
            FreeList::Slice => self.slice_cache.pop(),
            FreeList::Tuple(n) => self.tuple_freelist.get_mut(n).and_then(|l| l.pop()),
        }?;
        Some(addr)
    }

    /// Park a freed object's address on its type free list if there is room. Returns false
    /// when the list is full (the caller frees the memory instead).
    pub fn push_freelist(&mut self, list: FreeList, addr: u64) -> bool {
        if self.image_mode {
            return false;
        }
        let (vec, max) = match list {
            FreeList::List => (&mut self.list_freelist, LIST_FREELIST_MAX),
            FreeList::Dict => (&mut self.dict_freelist, DICT_FREELIST_MAX),
            FreeList::Float => (&mut self.float_freelist, FLOAT_FREELIST_MAX),
            FreeList::Slice => (&mut self.slice_cache, SLICE_CACHE_MAX),
            FreeList::Tuple(n) => match self.tuple_freelist.get_mut(n) {
                Some(v) if n > 0 => (v, TUPLE_FREELIST_MAX),
                _ => return false,
            },
        };
        if vec.len() >= max {
            return false;
        }
        vec.push(addr);
        true
    }

    /// `_PyGC_ClearAllFreeLists`: a full collection gives every parked block back to the
    /// allocator.
    pub fn clear_freelists(&mut self, preheader_of: impl Fn(FreeList) -> usize) {
        let mut parked: Vec<(u64, FreeList)> = Vec::new();
        for a in self.list_freelist.drain(..).rev() {
            parked.push((a, FreeList::List));
        }
        for a in self.dict_freelist.drain(..).rev() {
            parked.push((a, FreeList::Dict));
        }
        for a in self.float_freelist.drain(..).rev() {
            parked.push((a, FreeList::Float));
        }
        for (n, l) in self.tuple_freelist.iter_mut().enumerate() {
            for a in l.drain(..).rev() {
                parked.push((a, FreeList::Tuple(n)));
            }
        }
        for (addr, list) in parked {
            self.free_addr(addr - preheader_of(list) as u64);
        }
        for addr in std::mem::take(&mut self.keys_freelist) {
            self.free_addr(addr);
        }
    }

    /// Give an object's memory back: to its free list when `freelist` says so and there is
    /// room, else to the allocator. True when it was parked on the free list.
    pub fn release_memory(
        &mut self,
        addr: u64,
        preheader: usize,
        block_size: usize,
        freelist: Option<FreeList>,
    ) -> bool {
        self.bytes_in_use = self.bytes_in_use.saturating_sub(block_size);
        if let Some(list) = freelist {
            if self.push_freelist(list, addr) {
                return true;
            }
        }
        self.free_addr(addr - preheader as u64);
        false
    }

    /// Allocate an owned block (list items, dict keys, set table, inline values).
    pub fn malloc_block(&mut self, size: usize) -> Block {
        self.bytes_in_use += size;
        let addr = if self.image_mode {
            self.image.malloc(size)
        } else {
            let a = self.alloc.malloc(size);
            if let Some(t) = &mut self.trace {
                t.record(a, size);
            }
            a
        };
        Block { addr, size }
    }

    pub fn free_block(&mut self, block: Block) {
        self.bytes_in_use = self.bytes_in_use.saturating_sub(block.size);
        self.free_addr(block.addr);
    }

    pub fn realloc_block(&mut self, block: Block, size: usize) -> Block {
        self.bytes_in_use = self.bytes_in_use.saturating_sub(block.size) + size;
        if self.image.owns(block.addr) {
            // an image block grows within the image region while the image is being built,
            // and moves to the snippet's heap once the snippet changes it
            let addr = if self.image_mode {
                self.image.malloc(size)
            } else {
                let a = self.alloc.malloc(size);
                if let Some(t) = &mut self.trace {
                    t.record(a, size);
                }
                a
            };
            self.image.free(block.addr);
            return Block { addr, size };
        }
        let addr = self.alloc.realloc(block.addr, size);
        if let Some(t) = &mut self.trace {
            // realloc moves the trace to the new block (and its new size)
            t.forget(block.addr);
            t.record(addr, size);
        }
        Block { addr, size }
    }

    /// The object whose `id()` is `addr`, if one is alive there.
    pub fn object_at(&self, addr: u64) -> Option<ObjId> {
        self.objects
            .iter()
            .position(|o| o.as_ref().is_some_and(|o| o.addr == addr))
            .map(ObjId::from_index)
    }

    /// Is `addr` parked on a type free list (it reads as refcount 0)? A scan of the lists
    /// (at most a few thousand addresses), made only when a snippet reads memory through
    /// `ctypes`: keeping a map of parked addresses instead cost a hash insert and remove on
    /// every float and tuple freed and made (about a tenth of nbody's time).
    pub fn is_parked(&self, addr: u64) -> bool {
        self.list_freelist.contains(&addr)
            || self.dict_freelist.contains(&addr)
            || self.float_freelist.contains(&addr)
            || self.slice_cache.contains(&addr)
            || self.tuple_freelist.iter().any(|l| l.contains(&addr))
    }

    /// What `ctypes.c_long.from_address(addr).value` reads: the refcount of a live object,
    /// 0 for a freed GC object or a parked free-list block (the field keeps the 0 it had when
    /// the object died), the allocator's free-list link for a freed non-GC block. `None` when
    /// CPython would crash (unmapped memory).
    pub fn read_word(&self, addr: u64) -> Option<i64> {
        if let Some(id) = self.object_at(addr) {
            return Some(self.get(id).refcnt);
        }
        if let Some(id) = self.object_at(addr.wrapping_sub(8)) {
            // ob_type
            return Some(self.get(self.get(id).ty).addr as i64);
        }
        if self.is_parked(addr) {
            return Some(0);
        }
        if addr >= 0x7f3a_5f00_0000 && addr < self.static_next {
            return Some(0);
        }
        if self.image.mapped(addr) {
            return Some(0);
        }
        match self.alloc.read_state(addr) {
            MemState::Live { .. } | MemState::Unused => Some(0),
            MemState::FreedBlock { block, first_word } => {
                Some(if block == addr { first_word as i64 } else { 0 })
            }
            MemState::Unmapped => None,
        }
    }

    // ---- GC generation lists (`gc_list_append`, `gc_list_remove`, `gc_list_merge`) ----

    /// Append `id` to list `list` (a generation, the permanent list or the scratch list).
    pub fn gc_list_append(&mut self, id: ObjId, list: usize) {
        let tail = self.gc_lists.tail[list];
        {
            let o = self.get_mut(id);
            o.gc_prev = tail;
            o.gc_next = None;
            o.gc = match list {
                0..=2 => GcState::Gen(list as u8),
                PERMANENT => GcState::Permanent,
                _ => GcState::Pending,
            };
        }
        match tail {
            Some(t) => self.get_mut(t).gc_next = Some(id),
            None => self.gc_lists.head[list] = Some(id),
        }
        self.gc_lists.tail[list] = Some(id);
        self.gc_lists.len[list] += 1;
    }

    /// Unlink `id` from whichever list holds it (it must be in `list`).
    pub fn gc_list_remove(&mut self, id: ObjId, list: usize) {
        let (prev, next) = {
            let o = self.get_mut(id);
            let pn = (o.gc_prev.take(), o.gc_next.take());
            o.gc = GcState::Untracked;
            pn
        };
        match prev {
            Some(p) => self.get_mut(p).gc_next = next,
            None => self.gc_lists.head[list] = next,
        }
        match next {
            Some(n) => self.get_mut(n).gc_prev = prev,
            None => self.gc_lists.tail[list] = prev,
        }
        self.gc_lists.len[list] -= 1;
    }

    /// Take every object off list `list` at once, in order (what a collection examines):
    /// each is unlinked (its links cleared) and given to `each`, which marks it; the list is
    /// left empty. One pass over the objects, with no writes to their neighbours, where
    /// [`Heap::gc_list_remove`] one by one would relink each neighbour in turn.
    pub fn gc_list_take(&mut self, list: usize, mut each: impl FnMut(&mut Object)) -> Vec<ObjId> {
        let mut out = Vec::with_capacity(self.gc_lists.len[list]);
        let mut cur = self.gc_lists.head[list];
        while let Some(id) = cur {
            out.push(id);
            let o = self.get_mut(id);
            cur = o.gc_next.take();
            o.gc_prev = None;
            o.gc = GcState::Untracked;
            each(o);
        }
        self.gc_lists.head[list] = None;
        self.gc_lists.tail[list] = None;
        self.gc_lists.len[list] = 0;
        out
    }

    /// Which list a tracked object is on.
    pub fn gc_list_of(&self, id: ObjId) -> Option<usize> {
        match self.get(id).gc {
            GcState::Gen(g) => Some(g as usize),
            GcState::Permanent => Some(PERMANENT),
            GcState::Pending => Some(SCRATCH),
            GcState::Untracked | GcState::Collecting | GcState::Visited => None,
        }
    }

    /// Move every object of list `from` to the end of list `to`, keeping order.
    pub fn gc_list_merge(&mut self, from: usize, to: usize) {
        let Some(head) = self.gc_lists.head[from] else {
            return;
        };
        let state = match to {
            0..=2 => GcState::Gen(to as u8),
            PERMANENT => GcState::Permanent,
            _ => GcState::Pending,
        };
        let mut cur = Some(head);
        while let Some(id) = cur {
            let o = self.get_mut(id);
            o.gc = state;
            cur = o.gc_next;
        }
        let from_tail = self.gc_lists.tail[from];
        match self.gc_lists.tail[to] {
            Some(t) => {
                self.get_mut(t).gc_next = Some(head);
                self.get_mut(head).gc_prev = Some(t);
            }
            None => self.gc_lists.head[to] = Some(head),
        }
        self.gc_lists.tail[to] = from_tail;
        self.gc_lists.len[to] += self.gc_lists.len[from];
        self.gc_lists.head[from] = None;
        self.gc_lists.tail[from] = None;
        self.gc_lists.len[from] = 0;
    }

    /// The objects of a list, in order.
    pub fn gc_list_items(&self, list: usize) -> Vec<ObjId> {
        let mut out = Vec::with_capacity(self.gc_lists.len[list]);
        let mut cur = self.gc_lists.head[list];
        while let Some(id) = cur {
            out.push(id);
            cur = self.get(id).gc_next;
        }
        out
    }
}
