//! The address allocator: a deterministic model of CPython 3.11's pymalloc (`Objects/obmalloc.c`) for
//! requests up to 512 bytes and a loose model of glibc `malloc` for larger ones, so that `id()` values
//! look, space out and get reused the way they do in CPython. It hands out addresses only; no bytes are
//! stored (the VM keeps object contents), except the one word pymalloc writes into a freed block.
//!
//! Read `pymalloc_alloc` / `pymalloc_free` first; everything else serves them. Names follow obmalloc.c.
//!
//! pymalloc in one paragraph: memory comes in 1 MiB *arenas*, cut into 64 *pools* of 16 KiB. A pool
//! serves one *size class* (16, 32, ... 512 bytes); its 48-byte header is followed by blocks of that
//! size. `usedpools[class]` lists the pools of a class that have a free block; an allocation takes the
//! head block of the first such pool's free list (LIFO), or carves the pool's next never-used block.
//! A freed block goes to the front of its pool's free list. A pool whose blocks are all free goes back
//! to its arena's `freepools` and may then serve any class; an arena whose pools are all free is
//! returned to the OS (unless it is the last usable one).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// log2 of the arena size (`ARENA_BITS` in 3.11, where the radix tree is on).
pub const ARENA_BITS: u32 = 20;
/// 1 MiB arenas.
pub const ARENA_SIZE: u64 = 1 << ARENA_BITS;
/// log2 of the pool size (`POOL_BITS`).
pub const POOL_BITS: u32 = 14;
/// 16 KiB pools.
pub const POOL_SIZE: u64 = 1 << POOL_BITS;
/// Pools per arena. Our arenas are 1 MiB aligned, so none is lost to alignment (`new_arena` drops one
/// pool when mmap returns an address that is not pool aligned).
pub const POOLS_PER_ARENA: usize = (ARENA_SIZE / POOL_SIZE) as usize;
/// Block alignment and size-class granularity (`ALIGNMENT`).
pub const ALIGNMENT: usize = 16;
/// Largest request pymalloc serves (`SMALL_REQUEST_THRESHOLD`); larger ones go to the system malloc.
pub const SMALL_REQUEST_THRESHOLD: usize = 512;
/// Number of size classes: 16, 32, ... 512.
pub const NB_SMALL_SIZE_CLASSES: usize = SMALL_REQUEST_THRESHOLD / ALIGNMENT;
/// Size of the pool header (`POOL_OVERHEAD`): the first block sits at this offset in its pool.
pub const POOL_OVERHEAD: u64 = 48;
/// Address of arena slot 0. Slot `k` lives at `ARENA_BASE + k * ARENA_SIZE` (mmap-region looking).
pub const ARENA_BASE: u64 = 0x7f3a_5c00_0000;
/// At most this many arenas (64 GiB of small objects); beyond it `malloc` fails (returns 0).
pub const MAX_ARENAS: usize = 1 << 16;
/// Start of the "main heap" (glibc's brk region) used for requests over 512 bytes.
pub const HEAP_BASE: u64 = 0x55d0_c3a0_0000;
/// Where the first heap chunk starts: glibc puts its 0x290-byte tcache bookkeeping chunk first.
pub const HEAP_START: u64 = HEAP_BASE + 0x290;
/// Where the brk heap stops growing; later requests are mmapped, as glibc does when brk fails.
pub const HEAP_LIMIT: u64 = HEAP_BASE + (1 << 36);
/// Region for mmapped chunks (requests whose chunk is >= `MMAP_THRESHOLD`). It ends at `ARENA_BASE`.
pub const MMAP_BASE: u64 = 0x7f2a_0000_0000;
/// glibc's default `M_MMAP_THRESHOLD` (128 KiB). glibc raises it dynamically after an mmapped chunk
/// is freed; the model keeps it fixed so that huge blocks always unmap on free.
pub const MMAP_THRESHOLD: u64 = 128 * 1024;
/// Chunks up to this size go to glibc's tcache on free (LIFO, never coalesced).
const TCACHE_MAX_CHUNK: u64 = 1040;
/// glibc's minimum chunk size and chunk header size (`MINSIZE`, `2 * SIZE_SZ`).
const MIN_CHUNK: u64 = 32;
const CHUNK_HEADER: u64 = 16;
const PAGE_SIZE: u64 = 4096;
/// What the first word of a freed, non-tcache heap chunk points at when its bin was empty: the
/// unsorted bin inside glibc's `main_arena` (a libc data address).
const MAIN_ARENA_UNSORTED: u64 = 0x7f3a_5bc1_9ce0;

/// "No pool" / "no arena" in the index-linked lists (CPython's NULL).
const NONE: u32 = u32::MAX;
/// `DUMMY_SIZE_IDX`: a freshly carved pool has no size class yet.
const DUMMY_SIZE_IDX: u16 = u16::MAX;
/// Slots per pool in the per-pool tables, one per 16-byte offset.
const SLOTS: usize = (POOL_SIZE / ALIGNMENT as u64) as usize;

/// What lives at an address, for simulated raw reads (`ctypes.c_long.from_address`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemState {
    /// Inside a live block that starts at `block` and has `size` usable bytes (a size class for
    /// pymalloc blocks, the requested size for system-malloc blocks).
    Live { block: u64, size: usize },
    /// Inside a free block starting at `block`. The allocator wrote `first_word` into the block's first
    /// 8 bytes (pymalloc's free-list link, glibc's bin link); the rest still holds what the last
    /// occupant left there, which only the VM knows.
    FreedBlock { block: u64, first_word: u64 },
    /// Mapped memory that belongs to no block: a pool header, pool or heap space never handed out yet,
    /// a chunk header. It holds zeros or stale bytes; reading it does not crash.
    Unused,
    /// Not mapped: reading it would segfault in CPython (a freed arena or mmapped chunk, or an address
    /// the allocator never produced).
    Unmapped,
}

/// Counters for one pymalloc size class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassStats {
    /// Block size of the class in bytes.
    pub block_size: usize,
    /// Pools currently serving this class (not counting empty pools in `freepools`).
    pub pools: usize,
    /// Live blocks of this class.
    pub blocks_in_use: usize,
}

/// A snapshot of the allocator for a UI pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocStats {
    /// Arenas currently mapped.
    pub arenas: usize,
    /// Most arenas mapped at once.
    pub arenas_peak: usize,
    /// Arenas ever mapped (a returned arena counts again when mapped again).
    pub arenas_allocated_total: usize,
    /// Pools holding at least one live block.
    pub pools_in_use: usize,
    /// Pools in arenas' `freepools` or never carved, in mapped arenas.
    pub pools_free: usize,
    /// Per size class, index `(size - 1) >> 4`.
    pub classes: [ClassStats; NB_SMALL_SIZE_CLASSES],
    /// Bytes in live pymalloc blocks (block sizes, not requested sizes).
    pub pymalloc_bytes: usize,
    /// Live blocks from the brk heap (requests > 512 bytes below the mmap threshold).
    pub heap_blocks: usize,
    /// Requested bytes of those blocks.
    pub heap_bytes: usize,
    /// Extent of the brk heap (from its base to the top chunk).
    pub heap_extent: u64,
    /// Live mmapped blocks.
    pub mmap_blocks: usize,
    /// Mapped bytes of those blocks (page rounded).
    pub mmap_bytes: u64,
}

/// `struct pool_header` plus the free list and a live-block table the model needs.
///
/// The free list (`freeblock` and the link each free block keeps in its first word) is a
/// stack: `pymalloc_free` pushes the block (its link is the old head), `pymalloc_alloc` pops
/// the head, and `pymalloc_pool_extend` pushes the next virgin block onto an empty list. So
/// the model keeps the list as [`Pool::free`], head last: a free block's link is the entry
/// below it. (It kept a link word for every 16-byte slot before: 2 KiB per 16 KiB pool, an
/// eighth of the modelled memory again in the model's own.)
#[derive(Clone)]
struct Pool {
    /// `ref.count`: live blocks.
    count: u16,
    /// Size class index, or `DUMMY_SIZE_IDX`.
    szidx: u16,
    /// Offset of the next never-used ("virgin") block.
    nextoffset: u16,
    /// Largest offset at which a whole block still fits.
    maxnextoffset: u16,
    /// Links in `usedpools[szidx]` (doubly linked) or the arena's `freepools` (only `nextpool`).
    nextpool: u32,
    prevpool: u32,
    /// The free list as pool offsets, its head (`freeblock`) last; each block's link (the next
    /// free block, 0 for NULL) is the entry before it. (Links always point into the same pool.)
    free: Vec<u16>,
    /// Live-block bitmap by `offset >> 4`; only block starts are ever set. Lets `free` reject
    /// addresses that are not live blocks instead of corrupting the lists as CPython would.
    live: [u64; SLOTS / 64],
}

impl Pool {
    fn new() -> Pool {
        Pool {
            count: 0,
            szidx: DUMMY_SIZE_IDX,
            nextoffset: 0,
            maxnextoffset: 0,
            nextpool: NONE,
            prevpool: NONE,
            free: Vec::new(),
            live: [0; SLOTS / 64],
        }
    }

    /// `freeblock`: the head of the free list; 0 is NULL (offset 0 is the header, never a
    /// block).
    fn freeblock(&self) -> u16 {
        self.free.last().copied().unwrap_or(0)
    }

    /// The link in free block `off`'s first word (the next free block, 0 for NULL), if `off`
    /// is on the free list.
    fn link(&self, off: u16) -> Option<u16> {
        let k = self.free.iter().rposition(|&b| b == off)?;
        Some(if k == 0 { 0 } else { self.free[k - 1] })
    }

    fn is_live(&self, off: u64) -> bool {
        let slot = (off >> 4) as usize;
        self.live[slot / 64] & (1 << (slot % 64)) != 0
    }

    fn set_live(&mut self, off: u64, on: bool) {
        let slot = (off >> 4) as usize;
        if on {
            self.live[slot / 64] |= 1 << (slot % 64);
        } else {
            self.live[slot / 64] &= !(1 << (slot % 64));
        }
    }
}

/// `struct arena_object`.
#[derive(Clone)]
struct Arena {
    /// `address != 0`: the arena is mapped.
    mapped: bool,
    /// Head of the singly linked list of empty pools (global pool index), `NONE` if empty.
    freepools: u32,
    /// Free pools: in `freepools` plus never carved.
    nfreepools: u32,
    ntotalpools: u32,
    /// `pool_address`, as an index: pools `0..pool_address` have been carved.
    pool_address: u32,
    /// Links in `usable_arenas`.
    nextarena: u32,
    prevarena: u32,
}

impl Arena {
    fn unmapped() -> Arena {
        Arena {
            mapped: false,
            freepools: NONE,
            nfreepools: 0,
            ntotalpools: POOLS_PER_ARENA as u32,
            pool_address: 0,
            nextarena: NONE,
            prevarena: NONE,
        }
    }
}

/// A chunk of the modelled brk heap.
#[derive(Clone, Copy)]
struct Chunk {
    /// Chunk size including the header (glibc's `request2size`).
    size: u64,
    /// Requested size while live.
    req: usize,
    /// `Some(first word)` while free.
    free_word: Option<u64>,
}

/// An mmapped chunk: its own mapping of `len` bytes.
#[derive(Clone, Copy)]
struct Mapping {
    len: u64,
    req: usize,
}

/// The allocator: pymalloc for small requests, a glibc-like heap and mmap for the rest.
/// Deterministic: the same sequence of calls gives the same addresses in every run. Cloning gives an
/// independent copy (e.g. a snapshot).
#[derive(Clone)]
pub struct Allocator {
    /// Arena slots; slot `k` is at `ARENA_BASE + k * ARENA_SIZE` whenever it is mapped.
    arenas: Vec<Arena>,
    /// All pool headers, `POOLS_PER_ARENA` per slot: pool `p` is at `ARENA_BASE + p * POOL_SIZE`.
    pools: Vec<Pool>,
    /// Unmapped slots; a new arena takes the lowest one (mmap tends to reuse a freed hole).
    free_slots: BinaryHeap<Reverse<u32>>,
    /// `usedpools[class]`: the first pool with free blocks of that class, `NONE` if none.
    usedpools: [u32; NB_SMALL_SIZE_CLASSES],
    /// `usable_arenas`: arenas with free pools, sorted by ascending `nfreepools`.
    usable_arenas: u32,
    /// `nfp2lasta[n]`: the last arena in `usable_arenas` with `n` free pools.
    nfp2lasta: [u32; POOLS_PER_ARENA + 1],
    narenas_currently_allocated: usize,
    narenas_highwater: usize,
    ntimes_arena_allocated: usize,
    blocks_in_use: [usize; NB_SMALL_SIZE_CLASSES],
    /// brk heap chunks by chunk address.
    chunks: BTreeMap<u64, Chunk>,
    /// Free heap chunks by chunk size, LIFO (tcache-like).
    bins: BTreeMap<u64, Vec<u64>>,
    /// Start of the top chunk (the unused end of the heap).
    heap_top: u64,
    /// Highest `heap_top` so far: the heap stays mapped up to there.
    heap_high: u64,
    heap_blocks: usize,
    heap_bytes: usize,
    /// mmapped chunks by mapping address.
    mmaps: BTreeMap<u64, Mapping>,
    mmap_bytes: u64,
}

impl std::fmt::Debug for Allocator {
    /// A summary (the full state is thousands of pool headers).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.stats();
        f.debug_struct("Allocator")
            .field("arenas", &s.arenas)
            .field("pools_in_use", &s.pools_in_use)
            .field("pymalloc_bytes", &s.pymalloc_bytes)
            .field("heap_blocks", &s.heap_blocks)
            .field("mmap_blocks", &s.mmap_blocks)
            .finish()
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Allocator::new()
    }
}

/// Block size of a size class index (`INDEX2SIZE`).
fn index2size(szidx: u16) -> u64 {
    (szidx as u64 + 1) * ALIGNMENT as u64
}

/// glibc's `request2size`: the chunk size for a request, header included, 16-aligned, at least 32.
fn request2size(n: usize) -> Option<u64> {
    let n = u64::try_from(n).ok()?;
    let size = n.checked_add(8 + 15)? & !15;
    Some(size.max(MIN_CHUNK))
}

/// Bytes mmap maps for a chunk of `nb` bytes (`sysmalloc`: chunk + one size field, page rounded).
fn mmap_len(nb: u64) -> Option<u64> {
    Some(nb.checked_add(8 + PAGE_SIZE - 1)? & !(PAGE_SIZE - 1))
}

impl Allocator {
    /// An empty allocator: no arenas mapped, an empty heap.
    pub fn new() -> Allocator {
        Allocator {
            arenas: Vec::new(),
            pools: Vec::new(),
            free_slots: BinaryHeap::new(),
            usedpools: [NONE; NB_SMALL_SIZE_CLASSES],
            usable_arenas: NONE,
            nfp2lasta: [NONE; POOLS_PER_ARENA + 1],
            narenas_currently_allocated: 0,
            narenas_highwater: 0,
            ntimes_arena_allocated: 0,
            blocks_in_use: [0; NB_SMALL_SIZE_CLASSES],
            chunks: BTreeMap::new(),
            bins: BTreeMap::new(),
            heap_top: HEAP_START,
            heap_high: HEAP_START,
            heap_blocks: 0,
            heap_bytes: 0,
            mmaps: BTreeMap::new(),
            mmap_bytes: 0,
        }
    }

    /// `PyObject_Malloc`: the address of a new block of at least `size` bytes, or 0 when the model
    /// runs out of address space (CPython's NULL, which the VM should turn into `MemoryError`).
    ///
    /// Sizes 1..=512 come from pymalloc. Like `pymalloc_alloc`, size 0 is *not* served by pymalloc:
    /// it falls through to the system malloc, which treats it as 1 byte (`_PyMem_RawMalloc`).
    pub fn malloc(&mut self, size: usize) -> u64 {
        if size != 0 && size <= SMALL_REQUEST_THRESHOLD {
            return self.pymalloc_alloc(size).unwrap_or(0);
        }
        self.sys_malloc(size.max(1))
    }

    /// `PyObject_Free`. Freeing 0 does nothing; so does freeing any address that is not the start of a
    /// live block (CPython would corrupt its heap; the model refuses instead).
    pub fn free(&mut self, addr: u64) {
        if addr == 0 {
            return;
        }
        if self.pymalloc_block(addr).is_some() {
            self.pymalloc_free(addr);
        } else {
            self.sys_free(addr);
        }
    }

    /// `PyObject_Realloc`. Realloc of 0 is `malloc`. A pymalloc block stays where it is when the new
    /// size fits its class and does not shrink it by 25% or more (`pymalloc_realloc`); otherwise a new
    /// block is allocated *before* the old one is freed, so it is never the old address. System-malloc
    /// blocks follow glibc `realloc` loosely: shrink in place, grow in place into the top of the heap,
    /// else move; mmapped ones are `mremap`ed (shrink in place, grow in place if the next pages are
    /// free, else move). Returns 0 (and keeps the old block) when `addr` is not a live block or
    /// memory runs out.
    pub fn realloc(&mut self, addr: u64, new_size: usize) -> u64 {
        if addr == 0 {
            return self.malloc(new_size);
        }
        if let Some((p, _)) = self.pymalloc_block(addr) {
            let size = index2size(self.pools[p].szidx);
            let n = new_size as u64;
            // "copy on shrink only if at least 25% of size can be shaved off"
            if n <= size && 4 * n > 3 * size {
                return addr;
            }
            let new = self.malloc(new_size);
            if new != 0 {
                self.pymalloc_free(addr);
            }
            return new;
        }
        self.sys_realloc(addr, new_size)
    }

    /// The usable size of the live block starting at `addr`: its size class for pymalloc blocks, the
    /// requested size for system-malloc blocks. `None` if `addr` is not the start of a live block.
    pub fn block_size(&self, addr: u64) -> Option<usize> {
        if let Some((p, _)) = self.pymalloc_block(addr) {
            return Some(index2size(self.pools[p].szidx) as usize);
        }
        if let Some(c) = addr
            .checked_sub(CHUNK_HEADER)
            .and_then(|c| self.chunks.get(&c))
        {
            return c.free_word.is_none().then_some(c.req);
        }
        let m = self.mmaps.get(&addr.checked_sub(CHUNK_HEADER)?)?;
        Some(m.req)
    }

    /// What lives at an arbitrary address (for simulated `ctypes` reads). Never panics.
    pub fn read_state(&self, addr: u64) -> MemState {
        if addr >= ARENA_BASE {
            let slot = ((addr - ARENA_BASE) >> ARENA_BITS) as usize;
            if slot < self.arenas.len() {
                return self.read_arena(slot, addr);
            }
            return MemState::Unmapped;
        }
        if (HEAP_BASE..HEAP_LIMIT).contains(&addr) {
            return self.read_heap(addr);
        }
        if (MMAP_BASE..ARENA_BASE).contains(&addr) {
            if let Some((&start, m)) = self.mmaps.range(..=addr).next_back() {
                if addr - start < m.len {
                    if addr - start < CHUNK_HEADER {
                        return MemState::Unused;
                    }
                    return MemState::Live {
                        block: start + CHUNK_HEADER,
                        size: m.req,
                    };
                }
            }
        }
        MemState::Unmapped
    }

    /// Counters for a UI pane. Walks the pools of mapped arenas (64 per arena), so call it per frame,
    /// not per allocation.
    pub fn stats(&self) -> AllocStats {
        let mut classes = [ClassStats::default(); NB_SMALL_SIZE_CLASSES];
        for (i, c) in classes.iter_mut().enumerate() {
            c.block_size = (i + 1) * ALIGNMENT;
            c.blocks_in_use = self.blocks_in_use[i];
        }
        let (mut pools_in_use, mut pools_free) = (0, 0);
        for (slot, arena) in self.arenas.iter().enumerate() {
            if !arena.mapped {
                continue;
            }
            pools_free += arena.nfreepools as usize;
            for i in 0..arena.pool_address as usize {
                let pool = &self.pools[slot * POOLS_PER_ARENA + i];
                if pool.count > 0 && pool.szidx != DUMMY_SIZE_IDX {
                    pools_in_use += 1;
                    classes[pool.szidx as usize].pools += 1;
                }
            }
        }
        let pymalloc_bytes = classes.iter().map(|c| c.block_size * c.blocks_in_use).sum();
        AllocStats {
            arenas: self.narenas_currently_allocated,
            arenas_peak: self.narenas_highwater,
            arenas_allocated_total: self.ntimes_arena_allocated,
            pools_in_use,
            pools_free,
            classes,
            pymalloc_bytes,
            heap_blocks: self.heap_blocks,
            heap_bytes: self.heap_bytes,
            heap_extent: self.heap_top - HEAP_BASE,
            mmap_blocks: self.mmaps.len(),
            mmap_bytes: self.mmap_bytes,
        }
    }

    // ------------------------------------------------------------------------------------------
    // pymalloc

    /// If `addr` is the start of a live pymalloc block: its global pool index and pool offset.
    /// The pool is found by masking the address (`POOL_ADDR`), the arena by a subtraction and a shift
    /// (what `address_in_range` checks), so this is O(1) and allocation-free.
    fn pymalloc_block(&self, addr: u64) -> Option<(usize, u64)> {
        let rel = addr.checked_sub(ARENA_BASE)?;
        let slot = (rel >> ARENA_BITS) as usize;
        let arena = self.arenas.get(slot)?;
        let p = (rel >> POOL_BITS) as usize;
        if !arena.mapped || (p % POOLS_PER_ARENA) as u32 >= arena.pool_address {
            return None;
        }
        let off = rel & (POOL_SIZE - 1);
        let pool = &self.pools[p];
        if off < POOL_OVERHEAD || !off.is_multiple_of(ALIGNMENT as u64) || !pool.is_live(off) {
            return None;
        }
        Some((p, off))
    }

    fn pool_address(p: usize) -> u64 {
        ARENA_BASE + p as u64 * POOL_SIZE
    }

    /// `pymalloc_alloc`: `nbytes` is 1..=512.
    fn pymalloc_alloc(&mut self, nbytes: usize) -> Option<u64> {
        let size = (nbytes - 1) >> 4; // the size class index
        let p = self.usedpools[size];
        if p != NONE {
            // There is a used pool for this class: pick up the head block of its free list.
            let pool = &mut self.pools[p as usize];
            pool.count += 1;
            let bp = pool.free.pop().unwrap_or(0) as u64;
            pool.set_live(bp, true);
            if pool.free.is_empty() {
                // Reached the end of the free list: carve the next virgin block or, if the pool is
                // now full, take it out of usedpools.
                self.pymalloc_pool_extend(p as usize);
            }
            self.blocks_in_use[size] += 1;
            return Some(Self::pool_address(p as usize) + bp);
        }
        self.allocate_from_new_pool(size)
    }

    /// `pymalloc_pool_extend`: the free list ran out. If a virgin block is left, it becomes the free
    /// list (with a NULL link written into it). Note what this means for `FreedBlock.first_word`: while
    /// a pool is being carved, `freeblock` points at the next virgin block, so a block freed then
    /// stores that (non-NULL) address; only a block freed into a *full* pool stores NULL.
    fn pymalloc_pool_extend(&mut self, p: usize) {
        let pool = &mut self.pools[p];
        if pool.nextoffset <= pool.maxnextoffset {
            // the free list is empty: the virgin block is all of it, with a NULL link
            pool.free.push(pool.nextoffset);
            pool.nextoffset += index2size(pool.szidx) as u16;
            return;
        }
        // The pool is full: unlink it from usedpools. pymalloc_free relinks it.
        self.unlink_used(p);
    }

    /// Removes a pool from its `usedpools` list.
    fn unlink_used(&mut self, p: usize) {
        let (next, prev, szidx) = {
            let pool = &self.pools[p];
            (pool.nextpool, pool.prevpool, pool.szidx as usize)
        };
        if prev == NONE {
            self.usedpools[szidx] = next;
        } else {
            self.pools[prev as usize].nextpool = next;
        }
        if next != NONE {
            self.pools[next as usize].prevpool = prev;
        }
        self.pools[p].nextpool = NONE;
        self.pools[p].prevpool = NONE;
    }

    /// Links a pool at the front of `usedpools[szidx]` (both `allocate_from_new_pool` and
    /// `insert_to_usedpool` frontlink: the most recently (re)used pool serves the class first).
    fn frontlink_used(&mut self, p: usize, szidx: usize) {
        let head = self.usedpools[szidx];
        self.pools[p].nextpool = head;
        self.pools[p].prevpool = NONE;
        if head != NONE {
            self.pools[head as usize].prevpool = p as u32;
        }
        self.usedpools[szidx] = p as u32;
    }

    /// `new_arena`: maps a fresh arena in the lowest free slot. `None` past `MAX_ARENAS`.
    fn new_arena(&mut self) -> Option<u32> {
        let slot = match self.free_slots.pop() {
            Some(Reverse(s)) => s,
            None => {
                if self.arenas.len() >= MAX_ARENAS {
                    return None;
                }
                self.arenas.push(Arena::unmapped());
                self.pools
                    .resize(self.arenas.len() * POOLS_PER_ARENA, Pool::new());
                (self.arenas.len() - 1) as u32
            }
        };
        let arena = &mut self.arenas[slot as usize];
        *arena = Arena::unmapped();
        arena.mapped = true;
        arena.nfreepools = arena.ntotalpools;
        self.narenas_currently_allocated += 1;
        self.ntimes_arena_allocated += 1;
        self.narenas_highwater = self.narenas_highwater.max(self.narenas_currently_allocated);
        Some(slot)
    }

    /// `allocate_from_new_pool`: no pool of this class has a free block. Take a pool from the first
    /// usable arena (the one with the fewest free pools): its `freepools` first, else carve its next
    /// untouched pool; map a new arena if no arena has a free pool.
    fn allocate_from_new_pool(&mut self, size: usize) -> Option<u64> {
        if self.usable_arenas == NONE {
            let a = self.new_arena()?;
            self.usable_arenas = a;
            let arena = &mut self.arenas[a as usize];
            arena.nextarena = NONE;
            arena.prevarena = NONE;
            self.nfp2lasta[arena.nfreepools as usize] = a;
        }
        let ua = self.usable_arenas;
        // This arena already has the smallest nfreepools, so taking a pool keeps the list sorted;
        // only the nfp2lasta bookkeeping changes (and the arena leaves the list when it is full).
        let nf = self.arenas[ua as usize].nfreepools as usize;
        if self.nfp2lasta[nf] == ua {
            self.nfp2lasta[nf] = NONE;
        }
        if nf > 1 {
            self.nfp2lasta[nf - 1] = ua;
        }

        let arena = &mut self.arenas[ua as usize];
        let p;
        if arena.freepools != NONE {
            // A cached free pool.
            p = arena.freepools as usize;
            arena.freepools = self.pools[p].nextpool;
        } else {
            // Carve off a new pool, in address order.
            p = ua as usize * POOLS_PER_ARENA + arena.pool_address as usize;
            arena.pool_address += 1;
            self.pools[p].szidx = DUMMY_SIZE_IDX;
        }
        arena.nfreepools -= 1;
        if arena.nfreepools == 0 {
            // Wholly allocated: remove it from usable_arenas.
            let next = arena.nextarena;
            self.usable_arenas = next;
            if next != NONE {
                self.arenas[next as usize].prevarena = NONE;
            }
        }

        self.frontlink_used(p, size);
        self.blocks_in_use[size] += 1;
        let pool = &mut self.pools[p];
        pool.count = 1;
        if pool.szidx as usize == size {
            // The pool last held blocks of this class: its free list is still valid, reuse it.
            let bp = pool.free.pop().unwrap_or(0) as u64;
            pool.set_live(bp, true);
            if pool.free.is_empty() {
                // Cannot happen (a pool has >= 31 blocks), kept so the lists stay consistent anyway.
                self.pymalloc_pool_extend(p);
            }
            return Some(Self::pool_address(p) + bp);
        }
        // Initialise the pool for this class: the first block is returned, the second becomes the
        // free list (with a NULL link), the rest are virgin.
        let bsize = index2size(size as u16);
        pool.szidx = size as u16;
        pool.nextoffset = (POOL_OVERHEAD + 2 * bsize) as u16;
        pool.maxnextoffset = (POOL_SIZE - bsize) as u16;
        // (the old class's free list is dropped with its memory)
        pool.free = vec![(POOL_OVERHEAD + bsize) as u16];
        pool.set_live(POOL_OVERHEAD, true);
        Some(Self::pool_address(p) + POOL_OVERHEAD)
    }

    /// `pymalloc_free`, for an address already checked to be a live pymalloc block.
    fn pymalloc_free(&mut self, addr: u64) {
        let rel = addr - ARENA_BASE;
        let p = (rel >> POOL_BITS) as usize;
        let off = rel & (POOL_SIZE - 1);
        let pool = &mut self.pools[p];
        // Link the block at the front of the pool's free list: its first word gets the old head.
        let lastfree = pool.freeblock();
        pool.free.push(off as u16);
        pool.count -= 1;
        pool.set_live(off, false);
        let szidx = pool.szidx as usize;
        let empty = pool.count == 0;
        self.blocks_in_use[szidx] -= 1;
        if lastfree == 0 {
            // The pool was full, so it is in no list: `insert_to_usedpool` links it at the front of
            // usedpools, so the next allocation of this class gets this very block back.
            self.frontlink_used(p, szidx);
            return;
        }
        if !empty {
            return;
        }
        // The pool is now empty: give it back to its arena.
        self.insert_to_freepool(p);
    }

    /// `insert_to_freepool`: unlink an empty pool from usedpools, push it on its arena's `freepools`,
    /// and keep `usable_arenas` sorted by free-pool count (so the fullest arenas are used first and
    /// nearly empty ones can drain); an arena whose pools are all free is unmapped, unless it is the
    /// last arena in `usable_arenas` (kept to avoid thrashing, bpo-37257).
    fn insert_to_freepool(&mut self, p: usize) {
        self.unlink_used(p);
        let a = (p / POOLS_PER_ARENA) as u32;
        let ai = a as usize;
        self.pools[p].nextpool = self.arenas[ai].freepools;
        self.arenas[ai].freepools = p as u32;
        let mut nf = self.arenas[ai].nfreepools as usize;
        // If this is the rightmost arena with nf free pools, nfp2lasta[nf] moves left (or clears).
        let lastnf = self.nfp2lasta[nf];
        if lastnf == a {
            let prev = self.arenas[ai].prevarena;
            self.nfp2lasta[nf] =
                if prev != NONE && self.arenas[prev as usize].nfreepools as usize == nf {
                    prev
                } else {
                    NONE
                };
        }
        nf += 1;
        self.arenas[ai].nfreepools = nf as u32;

        let (next, prev) = (self.arenas[ai].nextarena, self.arenas[ai].prevarena);
        if nf == self.arenas[ai].ntotalpools as usize && next != NONE {
            // Case 1: all pools free and not the last arena: unlink it and unmap it.
            if prev == NONE {
                self.usable_arenas = next;
            } else {
                self.arenas[prev as usize].nextarena = next;
            }
            self.arenas[next as usize].prevarena = prev;
            self.arenas[ai] = Arena::unmapped();
            self.free_slots.push(Reverse(a));
            self.narenas_currently_allocated -= 1;
            return;
        }
        if nf == 1 {
            // Case 2: the arena was full, so it is not in usable_arenas: put it at the head.
            let head = self.usable_arenas;
            self.arenas[ai].nextarena = head;
            self.arenas[ai].prevarena = NONE;
            if head != NONE {
                self.arenas[head as usize].prevarena = a;
            }
            self.usable_arenas = a;
            if self.nfp2lasta[1] == NONE {
                self.nfp2lasta[1] = a;
            }
            return;
        }
        if self.nfp2lasta[nf] == NONE {
            self.nfp2lasta[nf] = a;
        }
        if a == lastnf {
            // Case 4: it was the rightmost arena with the old count, so the order still holds.
            return;
        }
        // Case 3: slide the arena right, to just after `lastnf` (the last arena with the old count).
        if prev != NONE {
            self.arenas[prev as usize].nextarena = next;
        } else {
            self.usable_arenas = next;
        }
        if next != NONE {
            self.arenas[next as usize].prevarena = prev;
        }
        let after = self.arenas[lastnf as usize].nextarena;
        self.arenas[ai].prevarena = lastnf;
        self.arenas[ai].nextarena = after;
        if after != NONE {
            self.arenas[after as usize].prevarena = a;
        }
        self.arenas[lastnf as usize].nextarena = a;
    }

    fn read_arena(&self, slot: usize, addr: u64) -> MemState {
        let arena = &self.arenas[slot];
        if !arena.mapped {
            return MemState::Unmapped;
        }
        let rel = addr - ARENA_BASE;
        let p = (rel >> POOL_BITS) as usize;
        if (p % POOLS_PER_ARENA) as u32 >= arena.pool_address {
            return MemState::Unused;
        }
        let pool = &self.pools[p];
        let off = rel & (POOL_SIZE - 1);
        if pool.szidx == DUMMY_SIZE_IDX || off < POOL_OVERHEAD {
            return MemState::Unused;
        }
        let bsize = index2size(pool.szidx);
        let boff = POOL_OVERHEAD + (off - POOL_OVERHEAD) / bsize * bsize;
        // Blocks at or past nextoffset were never handed out in this class (the tail of the pool
        // that no whole block fits in, too).
        if boff >= pool.nextoffset as u64 || boff + bsize > POOL_SIZE {
            return MemState::Unused;
        }
        let block = Self::pool_address(p) + boff;
        if pool.is_live(boff) {
            MemState::Live {
                block,
                size: bsize as usize,
            }
        } else {
            // Every carved block that is not live is on the free list (pools in freepools keep
            // theirs too), so its first word is its link.
            let link = pool.link(boff as u16).unwrap_or(0);
            let first_word = if link == 0 {
                0
            } else {
                Self::pool_address(p) + link as u64
            };
            MemState::FreedBlock { block, first_word }
        }
    }

    // ------------------------------------------------------------------------------------------
    // The system malloc (glibc, loosely)

    /// malloc for requests over 512 bytes (and 0): a heap chunk, reusing the most recently freed
    /// chunk of exactly the same size (like glibc's tcache), else cut from the top of the heap;
    /// chunks of `MMAP_THRESHOLD` or more get their own mapping.
    fn sys_malloc(&mut self, n: usize) -> u64 {
        let Some(nb) = request2size(n) else {
            return 0;
        };
        if nb >= MMAP_THRESHOLD {
            return self.mmap_alloc(n, nb);
        }
        if let Some(c) = self.bins.get_mut(&nb).and_then(|v| v.pop()) {
            if let Some(chunk) = self.chunks.get_mut(&c) {
                chunk.free_word = None;
                chunk.req = n;
            }
            self.heap_blocks += 1;
            self.heap_bytes += n;
            return c + CHUNK_HEADER;
        }
        if self.heap_top + nb > HEAP_LIMIT {
            return self.mmap_alloc(n, nb);
        }
        let c = self.heap_top;
        self.heap_top += nb;
        self.heap_high = self.heap_high.max(self.heap_top);
        self.chunks.insert(
            c,
            Chunk {
                size: nb,
                req: n,
                free_word: None,
            },
        );
        self.heap_blocks += 1;
        self.heap_bytes += n;
        c + CHUNK_HEADER
    }

    /// The live heap chunk whose user address is `addr`.
    fn live_chunk(&self, addr: u64) -> Option<(u64, Chunk)> {
        let c = addr.checked_sub(CHUNK_HEADER)?;
        let chunk = *self.chunks.get(&c)?;
        chunk.free_word.is_none().then_some((c, chunk))
    }

    fn sys_free(&mut self, addr: u64) {
        if let Some((c, chunk)) = self.live_chunk(addr) {
            self.heap_blocks -= 1;
            self.heap_bytes -= chunk.req;
            self.release_chunk(c);
        } else if let Some(start) = addr.checked_sub(CHUNK_HEADER) {
            // munmap: the pages are gone, reading them now segfaults.
            if let Some(m) = self.mmaps.remove(&start) {
                self.mmap_bytes -= m.len;
            }
        }
    }

    /// glibc `free` of a heap chunk. tcache-sized chunks (<= 1040 bytes) are pushed on their bin
    /// with a safe-linked next pointer (`(addr >> 12) ^ next`, glibc >= 2.32) as first word. Larger
    /// ones merge into the top chunk when they border it, else go on their bin with a bin pointer.
    fn release_chunk(&mut self, c: u64) {
        let Some(size) = self.chunks.get(&c).map(|ch| ch.size) else {
            return;
        };
        if size > TCACHE_MAX_CHUNK && c + size == self.heap_top {
            self.chunks.remove(&c);
            self.heap_top = c;
            self.merge_into_top();
            return;
        }
        let bin = self.bins.entry(size).or_default();
        let mem = c + CHUNK_HEADER;
        let first_word = match (bin.last(), size <= TCACHE_MAX_CHUNK) {
            (Some(&next), true) => (mem >> 12) ^ (next + CHUNK_HEADER),
            (None, true) => mem >> 12,
            (Some(&next), false) => next,
            (None, false) => MAIN_ARENA_UNSORTED,
        };
        bin.push(c);
        if let Some(ch) = self.chunks.get_mut(&c) {
            ch.free_word = Some(first_word);
        }
    }

    /// Free non-tcache chunks that now border the top chunk are absorbed into it (glibc coalesces).
    fn merge_into_top(&mut self) {
        while let Some((&c, ch)) = self.chunks.range(..self.heap_top).next_back() {
            if ch.free_word.is_none() || ch.size <= TCACHE_MAX_CHUNK || c + ch.size != self.heap_top
            {
                return;
            }
            let size = ch.size;
            if let Some(bin) = self.bins.get_mut(&size) {
                bin.retain(|&x| x != c);
            }
            self.chunks.remove(&c);
            self.heap_top = c;
        }
    }

    fn sys_realloc(&mut self, addr: u64, n: usize) -> u64 {
        let n = n.max(1);
        let Some(nb) = request2size(n) else {
            return 0;
        };
        if let Some((c, chunk)) = self.live_chunk(addr) {
            if nb <= chunk.size {
                // Shrink in place; glibc splits off the rest when it can form a chunk.
                let rest_size = chunk.size - nb;
                if rest_size < MIN_CHUNK {
                    self.set_chunk(c, chunk.size, n);
                } else {
                    self.set_chunk(c, nb, n);
                    let rest = c + nb;
                    self.chunks.insert(
                        rest,
                        Chunk {
                            size: rest_size,
                            req: 0,
                            free_word: None,
                        },
                    );
                    self.release_chunk(rest);
                }
                self.heap_bytes = self.heap_bytes - chunk.req + n;
                return addr;
            }
            if c + chunk.size == self.heap_top && c + nb <= HEAP_LIMIT {
                // The next chunk is the top: grow in place.
                self.set_chunk(c, nb, n);
                self.heap_top = c + nb;
                self.heap_high = self.heap_high.max(self.heap_top);
                self.heap_bytes = self.heap_bytes - chunk.req + n;
                return addr;
            }
            return self.move_block(addr, n);
        }
        let Some(start) = addr.checked_sub(CHUNK_HEADER) else {
            return 0;
        };
        let Some(m) = self.mmaps.get(&start).copied() else {
            return 0;
        };
        let Some(len) = mmap_len(nb) else {
            return 0;
        };
        // mremap_chunk: an mmapped chunk stays mmapped whatever its new size.
        let room = match self.mmaps.range(start + 1..).next() {
            Some((&next, _)) => next - start,
            None => ARENA_BASE - start,
        };
        if len <= m.len || len <= room {
            self.mmap_bytes = self.mmap_bytes - m.len + len;
            self.mmaps.insert(start, Mapping { len, req: n });
            return addr;
        }
        self.move_block(addr, n)
    }

    fn set_chunk(&mut self, c: u64, size: u64, req: usize) {
        if let Some(ch) = self.chunks.get_mut(&c) {
            ch.size = size;
            ch.req = req;
        }
    }

    /// realloc by malloc + copy + free (the new block is allocated while the old one is live).
    fn move_block(&mut self, addr: u64, n: usize) -> u64 {
        let new = self.malloc(n);
        if new != 0 {
            self.free(addr);
        }
        new
    }

    /// A chunk in its own mapping, placed in the lowest gap of the mmap region that fits.
    fn mmap_alloc(&mut self, n: usize, nb: u64) -> u64 {
        let Some(len) = mmap_len(nb) else {
            return 0;
        };
        let mut at = MMAP_BASE;
        for (&start, m) in &self.mmaps {
            if start - at >= len {
                break;
            }
            at = start + m.len;
        }
        if ARENA_BASE - at < len {
            return 0;
        }
        self.mmaps.insert(at, Mapping { len, req: n });
        self.mmap_bytes += len;
        at + CHUNK_HEADER
    }

    fn read_heap(&self, addr: u64) -> MemState {
        // A chunk's user bytes run from 16 bytes past its start to 8 bytes into the next chunk (glibc
        // lends an in-use chunk the next chunk's `prev_size` field), so look up the last chunk that
        // starts at least 16 bytes below the address.
        let below = addr.saturating_sub(CHUNK_HEADER);
        if let Some((&c, ch)) = self.chunks.range(..=below).next_back() {
            if addr >= c + CHUNK_HEADER && addr < c + ch.size + 8 {
                let block = c + CHUNK_HEADER;
                return match ch.free_word {
                    None => MemState::Live {
                        block,
                        size: ch.req,
                    },
                    Some(first_word) => MemState::FreedBlock { block, first_word },
                };
            }
        }
        // The heap is mapped up to its high-water mark plus glibc's 128 KiB top pad.
        if addr < self.heap_high + MMAP_THRESHOLD {
            MemState::Unused
        } else {
            MemState::Unmapped
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: u64 = POOL_SIZE;
    const FIRST: u64 = ARENA_BASE + POOL_OVERHEAD;

    /// Blocks per pool for a block size.
    fn per_pool(bsize: u64) -> usize {
        ((POOL_SIZE - POOL_OVERHEAD) / bsize) as usize
    }

    #[test]
    fn same_size_allocations_are_one_class_apart_and_increase() {
        let mut a = Allocator::new();
        let xs: Vec<u64> = (0..10).map(|_| a.malloc(24)).collect();
        assert_eq!(xs[0], 0x7f3a_5c00_0030);
        for w in xs.windows(2) {
            assert_eq!(w[1] - w[0], 32);
        }
        assert!(xs.iter().all(|x| x % 16 == 0));
        // Another class gets its own pool, the next one in address order.
        assert_eq!(a.malloc(56), ARENA_BASE + P + POOL_OVERHEAD);
        assert_eq!(a.malloc(64), ARENA_BASE + P + POOL_OVERHEAD + 64);
        assert_eq!(a.block_size(xs[3]), Some(32));
        assert_eq!(a.block_size(xs[3] + 16), None);
    }

    #[test]
    fn freed_block_is_reused_first() {
        let mut a = Allocator::new();
        let (x, y, z) = (a.malloc(56), a.malloc(56), a.malloc(56));
        a.free(y);
        assert_eq!(a.malloc(64), y, "same class: LIFO");
        a.free(x);
        a.free(z);
        assert_eq!(a.malloc(50), z);
        assert_eq!(a.malloc(60), x);
        assert_eq!(a.malloc(64), z + 64, "then the next virgin block");
    }

    #[test]
    fn freed_list_comes_back_reversed_and_links_are_recorded() {
        let mut a = Allocator::new();
        let xs: Vec<u64> = (0..5).map(|_| a.malloc(32)).collect();
        let virgin = xs[4] + 32;
        for &x in &xs {
            a.free(x);
        }
        // The first freed block stored the pool's freeblock, which was the next virgin block.
        assert_eq!(
            a.read_state(xs[0]),
            MemState::FreedBlock {
                block: xs[0],
                first_word: virgin
            }
        );
        assert_eq!(
            a.read_state(xs[3] + 8),
            MemState::FreedBlock {
                block: xs[3],
                first_word: xs[2]
            }
        );
        // The pool is now empty and went back to the arena; the next allocation of the same class
        // takes it back with its free list intact.
        let again: Vec<u64> = (0..6).map(|_| a.malloc(32)).collect();
        assert_eq!(again, vec![xs[4], xs[3], xs[2], xs[1], xs[0], virgin]);
    }

    #[test]
    fn full_pool_then_free_then_malloc_returns_the_freed_block() {
        let mut a = Allocator::new();
        let n = per_pool(16);
        assert_eq!(n, 1021);
        let xs: Vec<u64> = (0..n).map(|_| a.malloc(16)).collect();
        assert_eq!(xs[n - 1], ARENA_BASE + P - 16);
        let next_pool = a.malloc(16);
        assert_eq!(next_pool, ARENA_BASE + P + POOL_OVERHEAD);
        a.free(xs[500]);
        // The pool was full: its freeblock was NULL, so that is what the freed block stores.
        assert_eq!(
            a.read_state(xs[500]),
            MemState::FreedBlock {
                block: xs[500],
                first_word: 0
            }
        );
        // insert_to_usedpool linked the pool at the front: the freed block comes back first...
        assert_eq!(a.malloc(1), xs[500]);
        // ...and then the pool is full again, so the other pool continues.
        assert_eq!(a.malloc(16), next_pool + 16);
    }

    #[test]
    fn empty_pool_returns_to_arena_and_serves_another_class() {
        let mut a = Allocator::new();
        let x = a.malloc(16);
        let y = a.malloc(32);
        assert_eq!(y, ARENA_BASE + P + POOL_OVERHEAD);
        a.free(x);
        assert_eq!(a.stats().pools_in_use, 1);
        // freepools are used before untouched pools.
        let z = a.malloc(100);
        assert_eq!(z, FIRST);
        assert_eq!(a.block_size(z), Some(112));
        assert_eq!(a.read_state(y), MemState::Live { block: y, size: 32 });
        // An untouched pool comes next for yet another class.
        assert_eq!(a.malloc(500), ARENA_BASE + 2 * P + POOL_OVERHEAD);
    }

    #[test]
    fn fullest_arena_serves_new_pools_first() {
        let mut a = Allocator::new();
        let per_arena = per_pool(512) * POOLS_PER_ARENA;
        let xs: Vec<u64> = (0..per_arena + 1).map(|_| a.malloc(512)).collect();
        assert_eq!(xs[per_arena], ARENA_BASE + ARENA_SIZE + POOL_OVERHEAD);
        // Empty pool 5 of arena 0: arena 0 now has 1 free pool, arena 1 has 63.
        let pool5 = ARENA_BASE + 5 * P;
        for &x in xs.iter().filter(|&&x| x & !(P - 1) == pool5) {
            a.free(x);
        }
        assert_eq!(a.malloc(16), pool5 + POOL_OVERHEAD);
    }

    #[test]
    fn empty_arena_is_unmapped_and_its_slot_reused() {
        let mut a = Allocator::new();
        let per_arena = per_pool(512) * POOLS_PER_ARENA;
        let xs: Vec<u64> = (0..per_arena + 1).map(|_| a.malloc(512)).collect();
        assert_eq!(a.stats().arenas, 2);
        for &x in &xs[..per_arena] {
            a.free(x);
        }
        let s = a.stats();
        assert_eq!((s.arenas, s.arenas_peak), (1, 2));
        assert_eq!(a.read_state(xs[0]), MemState::Unmapped);
        assert_eq!(a.block_size(xs[0]), None);
        // Fill arena 1, then the next arena goes to the lowest free slot, 0.
        for _ in 0..per_arena - 1 {
            assert!(a.malloc(512) >= ARENA_BASE + ARENA_SIZE);
        }
        assert_eq!(a.malloc(512), FIRST);
        assert_eq!(a.stats().arenas_allocated_total, 3);
    }

    #[test]
    fn last_arena_is_kept_when_empty() {
        let mut a = Allocator::new();
        let x = a.malloc(40);
        a.free(x);
        assert_eq!(a.stats().arenas, 1);
        assert!(matches!(a.read_state(x), MemState::FreedBlock { .. }));
        assert_eq!(a.malloc(40), x);
    }

    #[test]
    fn realloc_keeps_or_moves_by_the_25_percent_rule() {
        let mut a = Allocator::new();
        let x = a.malloc(100); // class 112
        assert_eq!(a.realloc(x, 112), x);
        assert_eq!(a.realloc(x, 85), x, "4*85 > 3*112: keep");
        let y = a.realloc(x, 84);
        assert_ne!(y, x, "4*84 == 3*112: move");
        assert_eq!(a.block_size(y), Some(96));
        assert!(matches!(a.read_state(x), MemState::FreedBlock { .. }));
        // Growing past the class moves.
        let z = a.realloc(y, 97);
        assert_eq!(a.block_size(z), Some(112));
        assert_eq!(z, x, "the class-112 block freed above is reused");
        // A shrink that stays in the same class still gets a different block.
        let s = a.malloc(16);
        let t = a.realloc(s, 8);
        assert_ne!(t, s);
        assert_eq!(a.block_size(t), Some(16));
        assert_eq!(a.block_size(s), None);
        // Past 512 bytes the block moves to the system malloc.
        let big = a.realloc(t, 1000);
        assert_eq!(big, HEAP_START + 16);
        assert_eq!(a.block_size(big), Some(1000));
        // realloc(NULL) is malloc. Pool 1 served class 96, then (once empty) class 16; now that it is
        // empty again, class 32 takes it.
        assert_eq!(a.realloc(0, 24), ARENA_BASE + P + POOL_OVERHEAD);
    }

    #[test]
    fn system_malloc_chunks() {
        let mut a = Allocator::new();
        let b = a.malloc(1000); // chunk 1008
        let c = a.malloc(1000);
        assert_eq!(b, HEAP_START + 16);
        assert_eq!(c, b + 1008);
        assert_eq!(b % 16, 0);
        a.free(b);
        assert_eq!(
            a.read_state(b + 16),
            MemState::FreedBlock {
                block: b,
                first_word: b >> 12
            }
        );
        assert_eq!(a.malloc(990), b, "same chunk size: LIFO reuse");
        // c borders the top: growing it stays in place; b does not: it moves.
        assert_eq!(a.realloc(c, 3000), c);
        let b2 = a.realloc(b, 2000);
        assert_ne!(b2, b);
        assert_eq!(b2, c - 16 + 3008 + 16);
        // Shrinking stays in place.
        assert_eq!(a.realloc(b2, 600), b2);
        assert_eq!(a.block_size(b2), Some(600));
        // A freed large chunk next to the top is merged back into it.
        let top_before = a.stats().heap_extent;
        let d = a.malloc(5000);
        a.free(d);
        assert_eq!(a.stats().heap_extent, top_before);
        assert_eq!(a.read_state(d), MemState::Unused);
        // malloc(0) is not pymalloc's: it is a minimal system chunk.
        let z = a.malloc(0);
        assert!((HEAP_BASE..HEAP_LIMIT).contains(&z));
        assert_eq!(a.block_size(z), Some(1));
    }

    #[test]
    fn huge_blocks_are_mmapped_and_unmapped_on_free() {
        let mut a = Allocator::new();
        let h = a.malloc(800_024); // a 100 000-item tuple
        assert_eq!(h, MMAP_BASE + 16);
        assert_eq!(
            a.read_state(h + 16),
            MemState::Live {
                block: h,
                size: 800_024
            }
        );
        let small_heap = a.malloc(100_000);
        assert!((HEAP_BASE..HEAP_LIMIT).contains(&small_heap));
        let h2 = a.malloc(128 * 1024);
        assert!(h2 > h);
        a.free(h);
        assert_eq!(a.read_state(h + 16), MemState::Unmapped);
        assert_eq!(a.stats().mmap_blocks, 1);
        // The hole is reused.
        assert_eq!(a.malloc(200_000), MMAP_BASE + 16);
        // mremap: shrinking keeps the address.
        assert_eq!(a.realloc(h2, 140_000), h2);
    }

    #[test]
    fn read_state_everywhere() {
        let mut a = Allocator::new();
        let x = a.malloc(64);
        assert_eq!(a.read_state(x + 40), MemState::Live { block: x, size: 64 });
        assert_eq!(
            a.read_state(ARENA_BASE + 8),
            MemState::Unused,
            "pool header"
        );
        assert_eq!(a.read_state(x + 64 * 5), MemState::Unused, "virgin block");
        assert_eq!(
            a.read_state(x + 64),
            MemState::FreedBlock {
                block: x + 64,
                first_word: 0
            },
            "the next virgin block already carries a NULL link"
        );
        assert_eq!(
            a.read_state(ARENA_BASE + 3 * P),
            MemState::Unused,
            "untouched pool"
        );
        assert_eq!(
            a.read_state(ARENA_BASE + 5 * ARENA_SIZE),
            MemState::Unmapped
        );
        assert_eq!(a.read_state(0x1000), MemState::Unmapped);
        assert_eq!(a.read_state(u64::MAX), MemState::Unmapped);
        assert_eq!(a.read_state(0), MemState::Unmapped);
    }

    #[test]
    fn garbage_input_never_panics() {
        let mut a = Allocator::new();
        assert_eq!(a.malloc(usize::MAX), 0);
        assert_eq!(a.malloc(usize::MAX / 2), 0);
        let x = a.malloc(48);
        for bad in [
            1,
            17,
            x + 8,
            x + 16,
            ARENA_BASE,
            u64::MAX,
            HEAP_BASE,
            MMAP_BASE + 16,
            15,
        ] {
            a.free(bad);
            assert_eq!(a.realloc(bad, 10), 0);
            let _ = a.block_size(bad);
            let _ = a.read_state(bad);
        }
        assert_eq!(a.realloc(x, usize::MAX), 0);
        assert_eq!(a.block_size(x), Some(48), "failed realloc keeps the block");
        a.free(x);
        a.free(x); // double free is ignored
        assert_eq!(a.stats().classes[2].blocks_in_use, 0);
        assert_eq!(a.malloc(48), x);
        assert_ne!(a.malloc(48), x);
    }

    impl Allocator {
        /// Recomputes the lists from scratch and compares them with the incremental bookkeeping.
        fn check_invariants(&self) {
            // usable_arenas: sorted by nfreepools, nfp2lasta[n] is the last arena with n.
            let mut order = Vec::new();
            let mut a = self.usable_arenas;
            let mut prev = NONE;
            while a != NONE {
                let ar = &self.arenas[a as usize];
                assert!(ar.mapped && ar.nfreepools > 0);
                assert_eq!(ar.prevarena, prev);
                order.push(a);
                prev = a;
                a = ar.nextarena;
            }
            let nf = |a: u32| self.arenas[a as usize].nfreepools as usize;
            assert!(
                order.windows(2).all(|w| nf(w[0]) <= nf(w[1])),
                "usable_arenas unsorted"
            );
            for n in 1..=POOLS_PER_ARENA {
                let last = order
                    .iter()
                    .rev()
                    .find(|&&a| nf(a) == n)
                    .copied()
                    .unwrap_or(NONE);
                assert_eq!(self.nfp2lasta[n], last, "nfp2lasta[{n}]");
            }
            for (i, ar) in self.arenas.iter().enumerate() {
                let listed = order.contains(&(i as u32));
                assert_eq!(listed, ar.mapped && ar.nfreepools > 0, "arena {i} listed");
                if !ar.mapped {
                    continue;
                }
                // freepools + untouched == nfreepools
                let mut n = 0;
                let mut p = ar.freepools;
                while p != NONE {
                    assert_eq!(self.pools[p as usize].count, 0);
                    n += 1;
                    p = self.pools[p as usize].nextpool;
                }
                assert_eq!(n + POOLS_PER_ARENA as u32 - ar.pool_address, ar.nfreepools);
            }
            // usedpools: exactly the pools with live blocks and a non-empty free list.
            let mut in_used = std::collections::BTreeSet::new();
            for (c, &head) in self.usedpools.iter().enumerate() {
                let mut p = head;
                while p != NONE {
                    let pool = &self.pools[p as usize];
                    assert_eq!(pool.szidx as usize, c);
                    assert!(pool.count > 0 && pool.freeblock() != 0);
                    in_used.insert(p as usize);
                    p = pool.nextpool;
                }
            }
            let mut live = [0usize; NB_SMALL_SIZE_CLASSES];
            for (i, ar) in self.arenas.iter().enumerate() {
                if !ar.mapped {
                    continue;
                }
                for j in 0..ar.pool_address as usize {
                    let p = i * POOLS_PER_ARENA + j;
                    let pool = &self.pools[p];
                    let bits: u32 = pool.live.iter().map(|w| w.count_ones()).sum();
                    assert_eq!(bits, pool.count as u32);
                    if pool.count > 0 {
                        live[pool.szidx as usize] += bits as usize;
                        assert_eq!(in_used.contains(&p), pool.freeblock() != 0);
                    }
                }
            }
            assert_eq!(live, self.blocks_in_use);
        }
    }

    #[test]
    fn arena_bookkeeping_stays_consistent() {
        let mut a = Allocator::new();
        let mut rng = Lcg(2024);
        let mut live: Vec<u64> = Vec::new();
        for round in 0..6 {
            let target = 3000 + round * 2000;
            while live.len() < target {
                let r = rng.next();
                live.push(a.malloc(1 + (r as usize % 512)));
                if r.is_multiple_of(97) {
                    let i = (r >> 8) as usize % live.len();
                    a.free(live.swap_remove(i));
                }
            }
            a.check_invariants();
            while live.len() > target / 10 {
                let r = rng.next();
                let i = r as usize % live.len();
                a.free(live.swap_remove(i));
                if r.is_multiple_of(50) {
                    a.check_invariants();
                }
            }
            a.check_invariants();
            assert!(a.stats().arenas >= 1);
        }
        for p in live.drain(..) {
            a.free(p);
        }
        a.check_invariants();
        assert_eq!(a.stats().arenas, 1);
        assert_eq!(a.stats().pools_in_use, 0);
    }

    /// A tiny deterministic generator for the mixed workloads below.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }
    }

    fn workload(a: &mut Allocator, ops: usize, seed: u64) -> Vec<u64> {
        let mut rng = Lcg(seed);
        let mut live: Vec<u64> = Vec::new();
        let mut trace = Vec::with_capacity(ops);
        for _ in 0..ops {
            let r = rng.next();
            if live.is_empty() || r % 5 < 3 {
                let size = match r % 100 {
                    0 => 600 + (r as usize % 3000),
                    1 if r.is_multiple_of(7) => 200_000,
                    _ => 1 + (r as usize >> 8) % 512,
                };
                let p = a.malloc(size);
                trace.push(p);
                live.push(p);
            } else {
                let i = (r as usize >> 4) % live.len();
                let p = live.swap_remove(i);
                if r.is_multiple_of(11) {
                    let q = a.realloc(p, 1 + (r as usize >> 6) % 700);
                    trace.push(q);
                    live.push(q);
                } else {
                    a.free(p);
                }
            }
        }
        for p in live {
            a.free(p);
        }
        trace
    }

    #[test]
    fn deterministic() {
        let (mut a, mut b) = (Allocator::new(), Allocator::new());
        let ta = workload(&mut a, 50_000, 7);
        let tb = workload(&mut b, 50_000, 7);
        assert_eq!(ta, tb);
        assert_eq!(a.stats(), b.stats());
        let s = a.stats();
        assert_eq!(s.pools_in_use, 0);
        assert_eq!((s.heap_blocks, s.heap_bytes, s.mmap_blocks), (0, 0, 0));
        assert!(s.classes.iter().all(|c| c.blocks_in_use == 0));
    }

    #[test]
    fn live_blocks_never_overlap() {
        let mut a = Allocator::new();
        let mut rng = Lcg(99);
        let mut live: BTreeMap<u64, u64> = BTreeMap::new();
        for _ in 0..30_000 {
            let r = rng.next();
            if live.is_empty() || !r.is_multiple_of(3) {
                let size = if r.is_multiple_of(50) {
                    513 + r as usize % 5000
                } else {
                    1 + r as usize % 512
                };
                let p = a.malloc(size);
                let len = a.block_size(p).unwrap() as u64;
                if let Some((&q, &qlen)) = live.range(..=p).next_back() {
                    assert!(q + qlen <= p, "overlap");
                }
                if let Some((&q, _)) = live.range(p..).next() {
                    assert!(p + len <= q, "overlap");
                }
                assert_eq!(
                    a.read_state(p + len - 1),
                    MemState::Live {
                        block: p,
                        size: len as usize
                    }
                );
                live.insert(p, len);
            } else {
                let k = *live.keys().nth(r as usize % live.len()).unwrap();
                live.remove(&k);
                a.free(k);
                assert!(!matches!(a.read_state(k), MemState::Live { .. }));
            }
        }
    }

    #[test]
    fn a_million_operations_keep_live_addresses_distinct() {
        // speed is measured by benches, never by a timed test; this checks that a long mixed
        // run of mallocs and frees never hands out an address that is still live
        let mut a = Allocator::new();
        let mut live: Vec<u64> = Vec::with_capacity(1 << 16);
        let mut live_set = std::collections::HashSet::new();
        let mut rng = Lcg(1);
        for i in 0..1_000_000usize {
            let r = rng.next();
            if live.len() < 50_000 && (live.is_empty() || r & 1 == 0) {
                let p = a.malloc(16 + (i % 7) * 16);
                assert!(live_set.insert(p), "address {p:#x} handed out twice");
                live.push(p);
            } else {
                let p = live.swap_remove(r as usize % live.len());
                live_set.remove(&p);
                a.free(p);
            }
        }
    }
}
