//! zlib 1.2.13's deflate, as `zlib.compress` runs it (one `deflate(Z_FINISH)` over the whole
//! input): the same matches and the same Huffman blocks, so the same bytes as the oracle's
//! python3, which links that zlib.
//!
//! Why a port rather than a Rust deflate crate: any deflate encoder makes a valid stream, but
//! the bytes depend on every heuristic (`miniz_oxide` and `zlib-rs`/zlib-ng choose other
//! matches and other block splits), and a learner who prints `zlib.compress(s)` sees bytes.
//!
//! Example: `zlib.compress(b"hello world!" * 4)` is
//! `x\x9c\xcbH\xcd\xc9\xc9W(\xcf/\xcaIQ\xcc \x82\r\x00\xbd[\x11\xf5` (a 12-byte literal run, then one
//! match of 36 at distance 12, in one block with the static codes), as CPython's.
//!
//! The mechanism, under zlib's names (`deflate.c`, `trees.c`): a 64 KiB window filled by
//! `fill_window`, 3-byte hashes chained through `head`/`prev` (`INSERT_STRING`),
//! `longest_match` bounded by `max_chain`/`good_match`/`nice_match` from the level's row of
//! `configuration_table`; `deflate_fast` (levels 1-3) takes each match at once,
//! `deflate_slow` (4-9) waits one byte for a longer one (lazy matching, `TOO_FAR`); symbols
//! go to `sym_buf` (`_tr_tally`) and a full buffer (`lit_bufsize - 1` symbols) or the end
//! flushes a block: `_tr_flush_block` builds the literal/length, distance and bit-length
//! trees (`build_tree` with its depth tie-break, `gen_bitlen`'s overflow repair,
//! `gen_codes`) and sends the cheapest of stored, static and dynamic.

const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const MIN_LOOKAHEAD: usize = MAX_MATCH + MIN_MATCH + 1;
const TOO_FAR: usize = 4096;
const NIL: usize = 0;

const LENGTH_CODES: usize = 29;
const LITERALS: usize = 256;
const L_CODES: usize = LITERALS + 1 + LENGTH_CODES;
const D_CODES: usize = 30;
const BL_CODES: usize = 19;
const HEAP_SIZE: usize = 2 * L_CODES + 1;
const MAX_BITS: usize = 15;
const MAX_BL_BITS: usize = 7;
const END_BLOCK: usize = 256;
const REP_3_6: usize = 16;
const REPZ_3_10: usize = 17;
const REPZ_11_138: usize = 18;

const EXTRA_LBITS: [u8; LENGTH_CODES] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const EXTRA_DBITS: [u8; D_CODES] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
const EXTRA_BLBITS: [u8; BL_CODES] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
const BL_ORDER: [usize; BL_CODES] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// One row of `configuration_table`: good_length, max_lazy (max_insert for the fast
/// levels), nice_length, max_chain, and whether the level matches lazily.
struct Config {
    good: usize,
    lazy: usize,
    nice: usize,
    chain: usize,
    slow: bool,
}

const CONFIG: [Config; 10] = [
    Config {
        good: 0,
        lazy: 0,
        nice: 0,
        chain: 0,
        slow: false,
    },
    Config {
        good: 4,
        lazy: 4,
        nice: 8,
        chain: 4,
        slow: false,
    },
    Config {
        good: 4,
        lazy: 5,
        nice: 16,
        chain: 8,
        slow: false,
    },
    Config {
        good: 4,
        lazy: 6,
        nice: 32,
        chain: 32,
        slow: false,
    },
    Config {
        good: 4,
        lazy: 4,
        nice: 16,
        chain: 16,
        slow: true,
    },
    Config {
        good: 8,
        lazy: 16,
        nice: 32,
        chain: 32,
        slow: true,
    },
    Config {
        good: 8,
        lazy: 16,
        nice: 128,
        chain: 128,
        slow: true,
    },
    Config {
        good: 8,
        lazy: 32,
        nice: 128,
        chain: 256,
        slow: true,
    },
    Config {
        good: 32,
        lazy: 128,
        nice: 258,
        chain: 1024,
        slow: true,
    },
    Config {
        good: 32,
        lazy: 258,
        nice: 258,
        chain: 4096,
        slow: true,
    },
];

/// `tr_static_init`'s tables.
struct Tables {
    length_code: [u8; 256],
    dist_code: [u8; 512],
    base_length: [u16; LENGTH_CODES],
    base_dist: [u16; D_CODES],
    static_lcode: [u16; L_CODES + 2],
    static_llen: [u16; L_CODES + 2],
    static_dcode: [u16; D_CODES],
    static_dlen: [u16; D_CODES],
}

fn bi_reverse(mut code: u32, len: usize) -> u16 {
    let mut res = 0u32;
    for _ in 0..len {
        res = (res << 1) | (code & 1);
        code >>= 1;
    }
    res as u16
}

/// `gen_codes`: canonical codes (bit-reversed) from the code lengths.
fn gen_codes(code: &mut [u16], len: &[u16], max_code: usize, bl_count: &[u16; MAX_BITS + 1]) {
    let mut next_code = [0u16; MAX_BITS + 1];
    let mut c: u32 = 0;
    for bits in 1..=MAX_BITS {
        c = (c + bl_count[bits - 1] as u32) << 1;
        next_code[bits] = c as u16;
    }
    for n in 0..=max_code {
        let l = len[n] as usize;
        if l == 0 {
            continue;
        }
        code[n] = bi_reverse(next_code[l] as u32, l);
        next_code[l] = next_code[l].wrapping_add(1);
    }
}

impl Tables {
    fn new() -> Tables {
        let mut t = Tables {
            length_code: [0; 256],
            dist_code: [0; 512],
            base_length: [0; LENGTH_CODES],
            base_dist: [0; D_CODES],
            static_lcode: [0; L_CODES + 2],
            static_llen: [0; L_CODES + 2],
            static_dcode: [0; D_CODES],
            static_dlen: [0; D_CODES],
        };
        let mut length = 0usize;
        let mut code = 0usize;
        while code < LENGTH_CODES - 1 {
            t.base_length[code] = length as u16;
            for _ in 0..(1usize << EXTRA_LBITS[code]) {
                t.length_code[length] = code as u8;
                length += 1;
            }
            code += 1;
        }
        // length 255 (match length 258) is code 285, not 284 + 5 bits
        t.length_code[length - 1] = code as u8;
        let mut dist = 0usize;
        code = 0;
        while code < 16 {
            t.base_dist[code] = dist as u16;
            for _ in 0..(1usize << EXTRA_DBITS[code]) {
                t.dist_code[dist] = code as u8;
                dist += 1;
            }
            code += 1;
        }
        dist >>= 7;
        while code < D_CODES {
            t.base_dist[code] = (dist << 7) as u16;
            for _ in 0..(1usize << (EXTRA_DBITS[code] - 7)) {
                t.dist_code[256 + dist] = code as u8;
                dist += 1;
            }
            code += 1;
        }
        let mut bl_count = [0u16; MAX_BITS + 1];
        for n in 0..=287usize {
            let l = match n {
                0..=143 => 8,
                144..=255 => 9,
                256..=279 => 7,
                _ => 8,
            };
            t.static_llen[n] = l;
            bl_count[l as usize] += 1;
        }
        let lens = t.static_llen;
        gen_codes(&mut t.static_lcode, &lens, L_CODES + 1, &bl_count);
        for n in 0..D_CODES {
            t.static_dlen[n] = 5;
            t.static_dcode[n] = bi_reverse(n as u32, 5);
        }
        t
    }

    fn d_code(&self, dist: usize) -> usize {
        if dist < 256 {
            self.dist_code[dist] as usize
        } else {
            self.dist_code[256 + (dist >> 7)] as usize
        }
    }
}

/// One of the three trees (`ct_data[]` with its `tree_desc`): frequency/code and dad/len are
/// separate arrays here (zlib overlays each pair in a union, using one after the other).
struct Tree {
    freq: Vec<u16>,
    code: Vec<u16>,
    dad: Vec<u16>,
    len: Vec<u16>,
    max_code: usize,
    elems: usize,
    extra: &'static [u8],
    extra_base: usize,
    max_length: usize,
    /// The static tree's lengths (none for the bit-length tree).
    stat_len: Option<Vec<u16>>,
}

impl Tree {
    fn new(
        size: usize,
        elems: usize,
        extra: &'static [u8],
        base: usize,
        max_length: usize,
    ) -> Tree {
        Tree {
            freq: vec![0; size],
            code: vec![0; size],
            dad: vec![0; size],
            len: vec![0; size],
            max_code: 0,
            elems,
            extra,
            extra_base: base,
            max_length,
            stat_len: None,
        }
    }
}

/// A little-endian bit writer (`send_bits` with `bi_buf`/`bi_valid`).
struct Bits {
    out: Vec<u8>,
    buf: u64,
    valid: u32,
}

impl Bits {
    fn send(&mut self, value: u32, length: u32) {
        self.buf |= (value as u64) << self.valid;
        self.valid += length;
        while self.valid >= 8 {
            self.out.push(self.buf as u8);
            self.buf >>= 8;
            self.valid -= 8;
        }
    }

    /// `bi_windup`: the last byte, padded with zero bits.
    fn windup(&mut self) {
        if self.valid > 0 {
            self.out.push(self.buf as u8);
        }
        self.buf = 0;
        self.valid = 0;
    }
}

struct State<'a> {
    input: &'a [u8],
    next_in: usize,
    level: usize,
    w_size: usize,
    w_mask: usize,
    window: Vec<u8>,
    window_size: usize,
    prev: Vec<u16>,
    head: Vec<u16>,
    ins_h: usize,
    hash_mask: usize,
    hash_shift: usize,
    block_start: isize,
    match_length: usize,
    prev_match: usize,
    match_available: bool,
    strstart: usize,
    match_start: usize,
    lookahead: usize,
    prev_length: usize,
    max_chain: usize,
    max_lazy: usize,
    good_match: usize,
    nice_match: usize,
    insert: usize,
    // trees.c
    t: Tables,
    ltree: Tree,
    dtree: Tree,
    bltree: Tree,
    hp: Hp,
    sym_buf: Vec<u8>,
    sym_end: usize,
    bits: Bits,
}

/// The heap and counters `build_tree` works with (`deflate_state`'s `heap`, `depth`,
/// `bl_count`, `opt_len`, `static_len`).
struct Hp {
    bl_count: [u16; MAX_BITS + 1],
    heap: [usize; HEAP_SIZE],
    heap_len: usize,
    heap_max: usize,
    depth: [u8; HEAP_SIZE],
    opt_len: u64,
    static_len: u64,
}

fn smaller(tree: &Tree, depth: &[u8; HEAP_SIZE], n: usize, m: usize) -> bool {
    tree.freq[n] < tree.freq[m] || (tree.freq[n] == tree.freq[m] && depth[n] <= depth[m])
}

fn pqdownheap(tree: &Tree, hp: &mut Hp, mut k: usize) {
    let v = hp.heap[k];
    let mut j = k << 1;
    while j <= hp.heap_len {
        if j < hp.heap_len && smaller(tree, &hp.depth, hp.heap[j + 1], hp.heap[j]) {
            j += 1;
        }
        if smaller(tree, &hp.depth, v, hp.heap[j]) {
            break;
        }
        hp.heap[k] = hp.heap[j];
        k = j;
        j <<= 1;
    }
    hp.heap[k] = v;
}

fn build_tree(tree: &mut Tree, hp: &mut Hp) {
    let elems = tree.elems;
    let mut max_code: isize = -1;
    hp.heap_len = 0;
    hp.heap_max = HEAP_SIZE;
    for n in 0..elems {
        if tree.freq[n] != 0 {
            hp.heap_len += 1;
            hp.heap[hp.heap_len] = n;
            max_code = n as isize;
            hp.depth[n] = 0;
        } else {
            tree.len[n] = 0;
        }
    }
    // at least two codes of non-zero frequency
    while hp.heap_len < 2 {
        let node = if max_code < 2 {
            max_code += 1;
            max_code as usize
        } else {
            0
        };
        hp.heap_len += 1;
        hp.heap[hp.heap_len] = node;
        tree.freq[node] = 1;
        hp.depth[node] = 0;
        hp.opt_len = hp.opt_len.wrapping_sub(1);
        if let Some(sl) = &tree.stat_len {
            hp.static_len = hp.static_len.wrapping_sub(sl[node] as u64);
        }
    }
    tree.max_code = max_code as usize;
    let mut n = hp.heap_len / 2;
    while n >= 1 {
        pqdownheap(tree, hp, n);
        n -= 1;
    }
    let mut node = elems;
    loop {
        // pqremove
        let n = hp.heap[1];
        hp.heap[1] = hp.heap[hp.heap_len];
        hp.heap_len -= 1;
        pqdownheap(tree, hp, 1);
        let m = hp.heap[1];
        hp.heap_max -= 1;
        hp.heap[hp.heap_max] = n;
        hp.heap_max -= 1;
        hp.heap[hp.heap_max] = m;
        tree.freq[node] = tree.freq[n].wrapping_add(tree.freq[m]);
        hp.depth[node] = hp.depth[n].max(hp.depth[m]) + 1;
        tree.dad[n] = node as u16;
        tree.dad[m] = node as u16;
        hp.heap[1] = node;
        node += 1;
        pqdownheap(tree, hp, 1);
        if hp.heap_len < 2 {
            break;
        }
    }
    hp.heap_max -= 1;
    hp.heap[hp.heap_max] = hp.heap[1];
    gen_bitlen(tree, hp);
    let len = tree.len.clone();
    gen_codes(&mut tree.code, &len, tree.max_code, &hp.bl_count);
}

fn gen_bitlen(tree: &mut Tree, hp: &mut Hp) {
    let heap = &hp.heap;
    let heap_max = hp.heap_max;
    let mut bl_count = [0u16; MAX_BITS + 1];
    let mut opt_len = hp.opt_len;
    let mut static_len = hp.static_len;
    let max_code = tree.max_code;
    let max_length = tree.max_length;
    let mut overflow = 0i32;
    tree.len[heap[heap_max]] = 0;
    let mut h = heap_max + 1;
    while h < HEAP_SIZE {
        let n = heap[h];
        let mut bits = tree.len[tree.dad[n] as usize] as usize + 1;
        if bits > max_length {
            bits = max_length;
            overflow += 1;
        }
        tree.len[n] = bits as u16;
        h += 1;
        if n > max_code {
            continue;
        }
        bl_count[bits] += 1;
        let xbits = if n >= tree.extra_base {
            tree.extra[n - tree.extra_base] as usize
        } else {
            0
        };
        let f = tree.freq[n] as u64;
        opt_len = opt_len.wrapping_add(f * (bits + xbits) as u64);
        if let Some(sl) = &tree.stat_len {
            static_len = static_len.wrapping_add(f * (sl[n] as usize + xbits) as u64);
        }
    }
    if overflow > 0 {
        loop {
            let mut bits = max_length - 1;
            while bl_count[bits] == 0 {
                bits -= 1;
            }
            bl_count[bits] -= 1;
            bl_count[bits + 1] += 2;
            bl_count[max_length] -= 1;
            overflow -= 2;
            if overflow <= 0 {
                break;
            }
        }
        let mut h = HEAP_SIZE;
        let mut bits = max_length;
        while bits != 0 {
            let mut n = bl_count[bits];
            while n != 0 {
                h -= 1;
                let m = heap[h];
                if m > max_code {
                    continue;
                }
                if tree.len[m] as usize != bits {
                    let diff = (bits as i64 - tree.len[m] as i64) * tree.freq[m] as i64;
                    opt_len = (opt_len as i64).wrapping_add(diff) as u64;
                    tree.len[m] = bits as u16;
                }
                n -= 1;
            }
            bits -= 1;
        }
    }
    hp.bl_count = bl_count;
    hp.opt_len = opt_len;
    hp.static_len = static_len;
}

impl State<'_> {
    fn max_dist(&self) -> usize {
        self.w_size - MIN_LOOKAHEAD
    }

    fn update_hash(&self, h: usize, c: u8) -> usize {
        ((h << self.hash_shift) ^ c as usize) & self.hash_mask
    }

    /// `INSERT_STRING`: the chain head before `s` joins the chain of its 3-byte hash.
    fn insert_string(&mut self, s: usize) -> usize {
        self.ins_h = self.update_hash(self.ins_h, self.window[s + MIN_MATCH - 1]);
        let head = self.head[self.ins_h] as usize;
        self.prev[s & self.w_mask] = head as u16;
        self.head[self.ins_h] = s as u16;
        head
    }

    /// `slide_hash`: positions drop by `w_size`, those that fall off become NIL.
    fn slide_hash(&mut self) {
        let w = self.w_size;
        for p in self.head.iter_mut().chain(self.prev.iter_mut()) {
            let m = *p as usize;
            *p = if m >= w { (m - w) as u16 } else { NIL as u16 };
        }
    }

    fn fill_window(&mut self) {
        let wsize = self.w_size;
        loop {
            let mut more = self.window_size - self.lookahead - self.strstart;
            if self.strstart >= wsize + self.max_dist() {
                self.window.copy_within(wsize..wsize + wsize - more, 0);
                self.match_start = self.match_start.wrapping_sub(wsize);
                self.strstart -= wsize;
                self.block_start -= wsize as isize;
                if self.insert > self.strstart {
                    self.insert = self.strstart;
                }
                self.slide_hash();
                more += wsize;
            }
            let avail = self.input.len() - self.next_in;
            if avail == 0 {
                break;
            }
            let n = avail.min(more);
            let at = self.strstart + self.lookahead;
            self.window[at..at + n].copy_from_slice(&self.input[self.next_in..self.next_in + n]);
            self.next_in += n;
            self.lookahead += n;
            if self.lookahead + self.insert >= MIN_MATCH {
                let mut s = self.strstart - self.insert;
                self.ins_h = self.window[s] as usize;
                self.ins_h = self.update_hash(self.ins_h, self.window[s + 1]);
                while self.insert > 0 {
                    self.ins_h = self.update_hash(self.ins_h, self.window[s + MIN_MATCH - 1]);
                    self.prev[s & self.w_mask] = self.head[self.ins_h];
                    self.head[self.ins_h] = s as u16;
                    s += 1;
                    self.insert -= 1;
                    if self.lookahead + self.insert < MIN_MATCH {
                        break;
                    }
                }
            }
            if !(self.lookahead < MIN_LOOKAHEAD && self.next_in < self.input.len()) {
                break;
            }
        }
    }

    fn longest_match(&mut self, mut cur_match: usize) -> usize {
        let mut chain_length = self.max_chain;
        let scan = self.strstart;
        let mut best_len = self.prev_length;
        let mut nice_match = self.nice_match;
        let limit = if self.strstart > self.max_dist() {
            self.strstart - self.max_dist()
        } else {
            NIL
        };
        let strend = self.strstart + MAX_MATCH;
        let w = &self.window;
        let mut scan_end1 = w[scan + best_len - 1];
        let mut scan_end = w[scan + best_len];
        if self.prev_length >= self.good_match {
            chain_length >>= 2;
        }
        if nice_match > self.lookahead {
            nice_match = self.lookahead;
        }
        loop {
            let m = cur_match;
            let skip = w[m + best_len] != scan_end
                || w[m + best_len - 1] != scan_end1
                || w[m] != w[scan]
                || w[m + 1] != w[scan + 1];
            if !skip {
                // bytes 2 are equal when the hashes are: compare from 3 on, 8 at a time
                let mut s = scan + 2;
                let mut mm = m + 2;
                loop {
                    let mut stop = false;
                    for _ in 0..8 {
                        s += 1;
                        mm += 1;
                        if w[s] != w[mm] {
                            stop = true;
                            break;
                        }
                    }
                    if stop || s >= strend {
                        break;
                    }
                }
                let len = MAX_MATCH - (strend - s);
                if len > best_len {
                    self.match_start = cur_match;
                    best_len = len;
                    if len >= nice_match {
                        break;
                    }
                    scan_end1 = w[scan + best_len - 1];
                    scan_end = w[scan + best_len];
                }
            }
            cur_match = self.prev[cur_match & self.w_mask] as usize;
            if cur_match <= limit {
                break;
            }
            chain_length -= 1;
            if chain_length == 0 {
                break;
            }
        }
        best_len.min(self.lookahead)
    }

    /// `_tr_tally_lit`/`_tr_tally_dist`: true when the symbol buffer is full.
    fn tally(&mut self, dist: usize, lc: usize) -> bool {
        self.sym_buf.push(dist as u8);
        self.sym_buf.push((dist >> 8) as u8);
        self.sym_buf.push(lc as u8);
        if dist == 0 {
            self.ltree.freq[lc] += 1;
        } else {
            let code = self.t.length_code[lc] as usize;
            self.ltree.freq[code + LITERALS + 1] += 1;
            let d = self.t.d_code(dist - 1);
            self.dtree.freq[d] += 1;
        }
        self.sym_buf.len() == self.sym_end
    }

    fn flush_block(&mut self, last: bool) {
        let stored = if self.block_start >= 0 {
            let start = self.block_start as usize;
            Some((start, self.strstart - start))
        } else {
            None
        };
        self.tr_flush_block(
            stored,
            (self.strstart as isize - self.block_start) as usize,
            last,
        );
        self.block_start = self.strstart as isize;
    }

    fn deflate_fast(&mut self) {
        loop {
            if self.lookahead < MIN_LOOKAHEAD {
                self.fill_window();
                if self.lookahead == 0 {
                    break;
                }
            }
            let mut hash_head = NIL;
            if self.lookahead >= MIN_MATCH {
                hash_head = self.insert_string(self.strstart);
            }
            if hash_head != NIL && self.strstart - hash_head <= self.max_dist() {
                self.match_length = self.longest_match(hash_head);
            }
            let bflush;
            if self.match_length >= MIN_MATCH {
                bflush = self.tally(
                    self.strstart - self.match_start,
                    self.match_length - MIN_MATCH,
                );
                self.lookahead -= self.match_length;
                if self.match_length <= self.max_lazy && self.lookahead >= MIN_MATCH {
                    self.match_length -= 1;
                    loop {
                        self.strstart += 1;
                        self.insert_string(self.strstart);
                        self.match_length -= 1;
                        if self.match_length == 0 {
                            break;
                        }
                    }
                    self.strstart += 1;
                } else {
                    self.strstart += self.match_length;
                    self.match_length = 0;
                    self.ins_h = self.window[self.strstart] as usize;
                    self.ins_h = self.update_hash(self.ins_h, self.window[self.strstart + 1]);
                }
            } else {
                bflush = self.tally(0, self.window[self.strstart] as usize);
                self.lookahead -= 1;
                self.strstart += 1;
            }
            if bflush {
                self.flush_block(false);
            }
        }
        self.insert = self.strstart.min(MIN_MATCH - 1);
        self.flush_block(true);
    }

    fn deflate_slow(&mut self) {
        loop {
            if self.lookahead < MIN_LOOKAHEAD {
                self.fill_window();
                if self.lookahead == 0 {
                    break;
                }
            }
            let mut hash_head = NIL;
            if self.lookahead >= MIN_MATCH {
                hash_head = self.insert_string(self.strstart);
            }
            self.prev_length = self.match_length;
            self.prev_match = self.match_start;
            self.match_length = MIN_MATCH - 1;
            if hash_head != NIL
                && self.prev_length < self.max_lazy
                && self.strstart - hash_head <= self.max_dist()
            {
                self.match_length = self.longest_match(hash_head);
                if self.match_length <= 5
                    && self.match_length == MIN_MATCH
                    && self.strstart - self.match_start > TOO_FAR
                {
                    self.match_length = MIN_MATCH - 1;
                }
            }
            if self.prev_length >= MIN_MATCH && self.match_length <= self.prev_length {
                let max_insert = self.strstart + self.lookahead - MIN_MATCH;
                let bflush = self.tally(
                    self.strstart - 1 - self.prev_match,
                    self.prev_length - MIN_MATCH,
                );
                self.lookahead -= self.prev_length - 1;
                self.prev_length -= 2;
                loop {
                    self.strstart += 1;
                    if self.strstart <= max_insert {
                        self.insert_string(self.strstart);
                    }
                    self.prev_length -= 1;
                    if self.prev_length == 0 {
                        break;
                    }
                }
                self.match_available = false;
                self.match_length = MIN_MATCH - 1;
                self.strstart += 1;
                if bflush {
                    self.flush_block(false);
                }
            } else if self.match_available {
                let bflush = self.tally(0, self.window[self.strstart - 1] as usize);
                if bflush {
                    self.flush_block(false);
                }
                self.strstart += 1;
                self.lookahead -= 1;
            } else {
                self.match_available = true;
                self.strstart += 1;
                self.lookahead -= 1;
            }
        }
        if self.match_available {
            self.tally(0, self.window[self.strstart - 1] as usize);
            self.match_available = false;
        }
        self.insert = self.strstart.min(MIN_MATCH - 1);
        self.flush_block(true);
    }

    // ---- trees.c ----

    fn init_block(&mut self) {
        for f in self.ltree.freq.iter_mut().take(L_CODES) {
            *f = 0;
        }
        for f in self.dtree.freq.iter_mut().take(D_CODES) {
            *f = 0;
        }
        for f in self.bltree.freq.iter_mut().take(BL_CODES) {
            *f = 0;
        }
        self.ltree.freq[END_BLOCK] = 1;
        self.hp.opt_len = 0;
        self.hp.static_len = 0;
        self.sym_buf.clear();
    }

    fn tree(&self, which: u8) -> &Tree {
        match which {
            0 => &self.ltree,
            1 => &self.dtree,
            _ => &self.bltree,
        }
    }

    fn tree_mut(&mut self, which: u8) -> &mut Tree {
        match which {
            0 => &mut self.ltree,
            1 => &mut self.dtree,
            _ => &mut self.bltree,
        }
    }

    fn build_tree(&mut self, which: u8) {
        let State {
            ltree,
            dtree,
            bltree,
            hp,
            ..
        } = self;
        let tree = match which {
            0 => ltree,
            1 => dtree,
            _ => bltree,
        };
        build_tree(tree, hp);
    }
    /// `scan_tree`: count the bit-length codes the tree's lengths will need.
    fn scan_tree(&mut self, which: u8) {
        let max_code = self.tree(which).max_code;
        self.tree_mut(which).len[max_code + 1] = 0xffff; // guard
        let len = self.tree(which).len.clone();
        let mut prevlen: i32 = -1;
        let mut nextlen = len[0] as i32;
        let mut count = 0;
        let (mut max_count, mut min_count) = if nextlen == 0 { (138, 3) } else { (7, 4) };
        for n in 0..=max_code {
            let curlen = nextlen;
            nextlen = len[n + 1] as i32;
            count += 1;
            if count < max_count && curlen == nextlen {
                continue;
            } else if count < min_count {
                self.bltree.freq[curlen as usize] += count as u16;
            } else if curlen != 0 {
                if curlen != prevlen {
                    self.bltree.freq[curlen as usize] += 1;
                }
                self.bltree.freq[REP_3_6] += 1;
            } else if count <= 10 {
                self.bltree.freq[REPZ_3_10] += 1;
            } else {
                self.bltree.freq[REPZ_11_138] += 1;
            }
            count = 0;
            prevlen = curlen;
            (max_count, min_count) = if nextlen == 0 {
                (138, 3)
            } else if curlen == nextlen {
                (6, 3)
            } else {
                (7, 4)
            };
        }
    }

    fn send_code(&mut self, c: usize, which: u8) {
        let (code, len) = {
            let t = self.tree(which);
            (t.code[c] as u32, t.len[c] as u32)
        };
        self.bits.send(code, len);
    }

    /// `send_tree`: a tree's lengths in the bit-length code.
    fn send_tree(&mut self, which: u8, max_code: usize) {
        let len = self.tree(which).len.clone();
        let mut prevlen: i32 = -1;
        let mut nextlen = len[0] as i32;
        let mut count = 0;
        let (mut max_count, mut min_count) = if nextlen == 0 { (138, 3) } else { (7, 4) };
        for n in 0..=max_code {
            let curlen = nextlen;
            nextlen = len[n + 1] as i32;
            count += 1;
            if count < max_count && curlen == nextlen {
                continue;
            } else if count < min_count {
                while count != 0 {
                    self.send_code(curlen as usize, 2);
                    count -= 1;
                }
            } else if curlen != 0 {
                if curlen != prevlen {
                    self.send_code(curlen as usize, 2);
                    count -= 1;
                }
                self.send_code(REP_3_6, 2);
                self.bits.send(count - 3, 2);
            } else if count <= 10 {
                self.send_code(REPZ_3_10, 2);
                self.bits.send(count - 3, 3);
            } else {
                self.send_code(REPZ_11_138, 2);
                self.bits.send(count - 11, 7);
            }
            count = 0;
            prevlen = curlen;
            (max_count, min_count) = if nextlen == 0 {
                (138, 3)
            } else if curlen == nextlen {
                (6, 3)
            } else {
                (7, 4)
            };
        }
    }

    fn build_bl_tree(&mut self) -> usize {
        self.scan_tree(0);
        self.scan_tree(1);
        self.build_tree(2);
        let mut max_blindex = BL_CODES - 1;
        while max_blindex >= 3 {
            if self.bltree.len[BL_ORDER[max_blindex]] != 0 {
                break;
            }
            max_blindex -= 1;
        }
        self.hp.opt_len = self
            .hp
            .opt_len
            .wrapping_add(3 * (max_blindex as u64 + 1) + 5 + 5 + 4);
        max_blindex
    }

    fn send_all_trees(&mut self, lcodes: usize, dcodes: usize, blcodes: usize) {
        self.bits.send((lcodes - 257) as u32, 5);
        self.bits.send((dcodes - 1) as u32, 5);
        self.bits.send((blcodes - 4) as u32, 4);
        for &o in BL_ORDER.iter().take(blcodes) {
            let l = self.bltree.len[o] as u32;
            self.bits.send(l, 3);
        }
        self.send_tree(0, lcodes - 1);
        self.send_tree(1, dcodes - 1);
    }

    /// `compress_block` over `sym_buf` with the static (`dynamic` false) or built trees.
    fn compress_block(&mut self, dynamic: bool) {
        let syms = std::mem::take(&mut self.sym_buf);
        let lcode = |s: &Self, c: usize| -> (u32, u32) {
            if dynamic {
                (s.ltree.code[c] as u32, s.ltree.len[c] as u32)
            } else {
                (s.t.static_lcode[c] as u32, s.t.static_llen[c] as u32)
            }
        };
        let dcode = |s: &Self, c: usize| -> (u32, u32) {
            if dynamic {
                (s.dtree.code[c] as u32, s.dtree.len[c] as u32)
            } else {
                (s.t.static_dcode[c] as u32, s.t.static_dlen[c] as u32)
            }
        };
        for sym in syms.chunks(3) {
            let mut dist = sym[0] as usize | (sym[1] as usize) << 8;
            let mut lc = sym[2] as usize;
            if dist == 0 {
                let (c, l) = lcode(self, lc);
                self.bits.send(c, l);
            } else {
                let code = self.t.length_code[lc] as usize;
                let (c, l) = lcode(self, code + LITERALS + 1);
                self.bits.send(c, l);
                let extra = EXTRA_LBITS[code] as u32;
                if extra != 0 {
                    lc -= self.t.base_length[code] as usize;
                    self.bits.send(lc as u32, extra);
                }
                dist -= 1;
                let code = self.t.d_code(dist);
                let (c, l) = dcode(self, code);
                self.bits.send(c, l);
                let extra = EXTRA_DBITS[code] as u32;
                if extra != 0 {
                    dist -= self.t.base_dist[code] as usize;
                    self.bits.send(dist as u32, extra);
                }
            }
        }
        let (c, l) = lcode(self, END_BLOCK);
        self.bits.send(c, l);
        self.sym_buf = syms;
    }

    fn stored_block(&mut self, start: usize, stored_len: usize, last: bool) {
        self.bits.send(u32::from(last), 3);
        self.bits.windup();
        let n = stored_len as u16;
        self.bits.out.extend_from_slice(&n.to_le_bytes());
        self.bits.out.extend_from_slice(&(!n).to_le_bytes());
        let data = self.window[start..start + stored_len].to_vec();
        self.bits.out.extend_from_slice(&data);
    }

    fn tr_flush_block(&mut self, buf: Option<(usize, usize)>, stored_len: usize, last: bool) {
        let mut max_blindex = 0;
        let (mut opt_lenb, static_lenb);
        if self.level > 0 {
            self.build_tree(0);
            self.build_tree(1);
            max_blindex = self.build_bl_tree();
            opt_lenb = (self.hp.opt_len.wrapping_add(3 + 7)) >> 3;
            static_lenb = (self.hp.static_len.wrapping_add(3 + 7)) >> 3;
            if static_lenb <= opt_lenb {
                opt_lenb = static_lenb;
            }
        } else {
            opt_lenb = stored_len as u64 + 5;
            static_lenb = opt_lenb;
        }
        match buf {
            Some((start, _)) if stored_len as u64 + 4 <= opt_lenb => {
                self.stored_block(start, stored_len, last);
            }
            _ if static_lenb == opt_lenb => {
                self.bits.send(2 + u32::from(last), 3);
                self.compress_block(false);
            }
            _ => {
                self.bits.send(4 + u32::from(last), 3);
                let lcodes = self.ltree.max_code + 1;
                let dcodes = self.dtree.max_code + 1;
                self.send_all_trees(lcodes, dcodes, max_blindex + 1);
                self.compress_block(true);
            }
        }
        self.init_block();
        if last {
            self.bits.windup();
        }
    }
}

/// The raw deflate stream of `data` at `level` (0-9) with a window of `1 << w_bits` bytes
/// (9-15) and `memLevel` 8. Level 0 is only modelled while one stored block holds the input
/// (what zlib emits depends on the caller's output buffer beyond that): None otherwise.
pub fn deflate_raw(data: &[u8], level: usize, w_bits: u32) -> Option<Vec<u8>> {
    let mem_level = 8u32;
    let w_size = 1usize << w_bits;
    let hash_bits = mem_level + 7;
    let hash_size = 1usize << hash_bits;
    let lit_bufsize = 1usize << (mem_level + 6);
    if level == 0 {
        if data.len() > 32 * 1024 - 64 {
            return None;
        }
        let mut out = vec![1u8];
        let n = data.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(data);
        return Some(out);
    }
    let cfg = &CONFIG[level];
    let mut ltree = Tree::new(HEAP_SIZE, L_CODES, &EXTRA_LBITS, LITERALS + 1, MAX_BITS);
    let mut dtree = Tree::new(2 * D_CODES + 1, D_CODES, &EXTRA_DBITS, 0, MAX_BITS);
    let bltree = Tree::new(2 * BL_CODES + 1, BL_CODES, &EXTRA_BLBITS, 0, MAX_BL_BITS);
    let t = Tables::new();
    ltree.stat_len = Some(t.static_llen.to_vec());
    dtree.stat_len = Some(t.static_dlen.to_vec());
    let mut s = State {
        input: data,
        next_in: 0,
        level,
        w_size,
        w_mask: w_size - 1,
        window: vec![0; 2 * w_size],
        window_size: 2 * w_size,
        prev: vec![0; w_size],
        head: vec![0; hash_size],
        ins_h: 0,
        hash_mask: hash_size - 1,
        hash_shift: (hash_bits as usize).div_ceil(MIN_MATCH),
        block_start: 0,
        match_length: MIN_MATCH - 1,
        prev_match: 0,
        match_available: false,
        strstart: 0,
        match_start: 0,
        lookahead: 0,
        prev_length: MIN_MATCH - 1,
        max_chain: cfg.chain,
        max_lazy: cfg.lazy,
        good_match: cfg.good,
        nice_match: cfg.nice,
        insert: 0,
        t,
        ltree,
        dtree,
        bltree,
        hp: Hp {
            bl_count: [0; MAX_BITS + 1],
            heap: [0; HEAP_SIZE],
            heap_len: 0,
            heap_max: 0,
            depth: [0; HEAP_SIZE],
            opt_len: 0,
            static_len: 0,
        },
        sym_buf: Vec::with_capacity(lit_bufsize * 3),
        sym_end: (lit_bufsize - 1) * 3,
        bits: Bits {
            out: Vec::new(),
            buf: 0,
            valid: 0,
        },
    };
    s.init_block();
    if cfg.slow {
        s.deflate_slow();
    } else {
        s.deflate_fast();
    }
    Some(s.bits.out)
}

/// The header byte pair of a zlib stream (`deflate`'s `CMF`/`FLG`).
pub fn zlib_header(level: usize, w_bits: u32) -> [u8; 2] {
    let level_flags = match level {
        0 | 1 => 0,
        2..=5 => 1,
        6 => 2,
        _ => 3,
    };
    let mut header: u32 = (8 + ((w_bits - 8) << 4)) << 8;
    header |= level_flags << 6;
    header += 31 - (header % 31);
    [(header >> 8) as u8, header as u8]
}
