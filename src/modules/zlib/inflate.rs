//! Inflate (RFC 1951) with zlib's error messages, for `zlib.decompress`: the stream is
//! decoded as zlib's `inflate` decodes it, and a corrupt one fails with the message zlib
//! gives (`invalid block type`, `invalid distance too far back`...).
//!
//! Example: `inflate(&[0x4b, 0x4c, 0x4a, 0x06, 0x00])` is `Ok((b"abc", 5))`.
//!
//! The Huffman tables are the canonical ones of `inflate_table` (a set of code lengths that
//! is over-subscribed, or incomplete where zlib refuses it, is an error); decoding reads one
//! bit at a time through the counts per length (the method of zlib's `puff.c`).

/// How decoding failed: a message (zlib's `Z_DATA_ERROR`, error -3) or the input ended first
/// (`Z_BUF_ERROR`, error -5).
#[derive(Debug, PartialEq)]
pub enum InflateError {
    Data(&'static str),
    Truncated,
}

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bitbuf: u32,
    bitcnt: u32,
}

impl Bits<'_> {
    fn need(&mut self, n: u32) -> Result<u32, InflateError> {
        let mut val = self.bitbuf;
        while self.bitcnt < n {
            let Some(&b) = self.data.get(self.pos) else {
                return Err(InflateError::Truncated);
            };
            self.pos += 1;
            val |= (b as u32) << self.bitcnt;
            self.bitcnt += 8;
        }
        self.bitbuf = if n >= 32 { 0 } else { val >> n };
        self.bitcnt -= n;
        Ok(if n == 0 {
            0
        } else {
            val & ((1u64 << n) - 1) as u32
        })
    }
}

struct Huffman {
    count: [u16; 16],
    symbol: Vec<u16>,
}

/// `inflate_table`'s checks: Err(()) for an over-subscribed set, or an incomplete one when
/// `allow_incomplete` is false (a single code of length 1 is allowed for distances).
fn construct(lengths: &[u16], allow_incomplete: bool) -> Result<Huffman, ()> {
    construct_checked(lengths, allow_incomplete, true)
}

/// The fixed block's tables are built without the checks (zlib's are static, and its
/// distance table is incomplete: 30 codes of 5 bits).
fn construct_checked(lengths: &[u16], allow_incomplete: bool, check: bool) -> Result<Huffman, ()> {
    let mut count = [0u16; 16];
    for &l in lengths {
        count[l as usize] += 1;
    }
    let mut max = 15;
    while max >= 1 && count[max] == 0 {
        max -= 1;
    }
    let mut left: i32 = 1;
    for c in count.iter().skip(1) {
        left <<= 1;
        left -= *c as i32;
        if left < 0 && check {
            return Err(());
        }
    }
    if check && max > 0 && left > 0 && (!allow_incomplete || max != 1) {
        return Err(());
    }
    let mut offs = [0u16; 16];
    for len in 1..15 {
        offs[len + 1] = offs[len] + count[len];
    }
    let mut symbol = vec![0u16; lengths.len()];
    for (sym, &l) in lengths.iter().enumerate() {
        if l != 0 {
            symbol[offs[l as usize] as usize] = sym as u16;
            offs[l as usize] += 1;
        }
    }
    Ok(Huffman { count, symbol })
}

/// One symbol, or None for a code the table does not have.
fn decode(s: &mut Bits, h: &Huffman) -> Result<Option<usize>, InflateError> {
    let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
    for len in 1..16 {
        code |= s.need(1)? as i32;
        let count = h.count[len] as i32;
        if code - count < first {
            return Ok(Some(h.symbol[(index + (code - first)) as usize] as usize));
        }
        index += count;
        first += count;
        first <<= 1;
        code <<= 1;
    }
    Ok(None)
}

const LBASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEXT: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DBASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

fn codes(
    s: &mut Bits,
    out: &mut Vec<u8>,
    lencode: &Huffman,
    distcode: &Huffman,
    window: usize,
) -> Result<(), InflateError> {
    loop {
        let Some(sym) = decode(s, lencode)? else {
            return Err(InflateError::Data("invalid literal/length code"));
        };
        if sym < 256 {
            out.push(sym as u8);
        } else if sym == 256 {
            return Ok(());
        } else {
            let sym = sym - 257;
            if sym >= 29 {
                return Err(InflateError::Data("invalid literal/length code"));
            }
            let len = LBASE[sym] as usize + s.need(LEXT[sym] as u32)? as usize;
            let dsym = match decode(s, distcode)? {
                Some(d) if d < 30 => d,
                _ => return Err(InflateError::Data("invalid distance code")),
            };
            let dist = DBASE[dsym] as usize + s.need(DEXT[dsym] as u32)? as usize;
            if dist > out.len() || dist > window {
                return Err(InflateError::Data("invalid distance too far back"));
            }
            let start = out.len() - dist;
            for i in 0..len {
                let b = out[start + i];
                out.push(b);
            }
        }
    }
}

const ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

fn dynamic(s: &mut Bits, out: &mut Vec<u8>, window: usize) -> Result<(), InflateError> {
    let nlen = s.need(5)? as usize + 257;
    let ndist = s.need(5)? as usize + 1;
    let ncode = s.need(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(InflateError::Data("too many length or distance symbols"));
    }
    let mut lengths = [0u16; 320];
    for &o in ORDER.iter().take(ncode) {
        lengths[o] = s.need(3)? as u16;
    }
    let lencode = construct(&lengths[..19], false)
        .map_err(|_| InflateError::Data("invalid code lengths set"))?;
    let mut index = 0;
    while index < nlen + ndist {
        let Some(sym) = decode(s, &lencode)? else {
            return Err(InflateError::Data("invalid code lengths set"));
        };
        if sym < 16 {
            lengths[index] = sym as u16;
            index += 1;
        } else {
            let (len, rep) = match sym {
                16 => {
                    if index == 0 {
                        return Err(InflateError::Data("invalid bit length repeat"));
                    }
                    (lengths[index - 1], 3 + s.need(2)? as usize)
                }
                17 => (0, 3 + s.need(3)? as usize),
                _ => (0, 11 + s.need(7)? as usize),
            };
            if index + rep > nlen + ndist {
                return Err(InflateError::Data("invalid bit length repeat"));
            }
            for _ in 0..rep {
                lengths[index] = len;
                index += 1;
            }
        }
    }
    if lengths[256] == 0 {
        return Err(InflateError::Data("invalid code -- missing end-of-block"));
    }
    let lencode = construct(&lengths[..nlen], false)
        .map_err(|_| InflateError::Data("invalid literal/lengths set"))?;
    let distcode = construct(&lengths[nlen..nlen + ndist], true)
        .map_err(|_| InflateError::Data("invalid distances set"))?;
    codes(s, out, &lencode, &distcode, window)
}

fn fixed(s: &mut Bits, out: &mut Vec<u8>, window: usize) -> Result<(), InflateError> {
    let mut lengths = [0u16; 288];
    for (i, l) in lengths.iter_mut().enumerate() {
        *l = match i {
            0..=143 => 8,
            144..=255 => 9,
            256..=279 => 7,
            _ => 8,
        };
    }
    let lencode = construct_checked(&lengths, true, false)
        .map_err(|_| InflateError::Data("invalid literal/lengths set"))?;
    let distcode = construct_checked(&[5u16; 30], true, false)
        .map_err(|_| InflateError::Data("invalid distances set"))?;
    codes(s, out, &lencode, &distcode, window)
}

fn stored(s: &mut Bits, out: &mut Vec<u8>) -> Result<(), InflateError> {
    s.bitbuf = 0;
    s.bitcnt = 0;
    if s.pos + 4 > s.data.len() {
        return Err(InflateError::Truncated);
    }
    let len = u16::from_le_bytes([s.data[s.pos], s.data[s.pos + 1]]);
    let nlen = u16::from_le_bytes([s.data[s.pos + 2], s.data[s.pos + 3]]);
    s.pos += 4;
    if len != !nlen {
        return Err(InflateError::Data("invalid stored block lengths"));
    }
    let len = len as usize;
    if s.pos + len > s.data.len() {
        return Err(InflateError::Truncated);
    }
    out.extend_from_slice(&s.data[s.pos..s.pos + len]);
    s.pos += len;
    Ok(())
}

/// Inflate a raw deflate stream: the data and the number of input bytes the stream used.
/// `window` is the largest distance allowed (`1 << wbits`).
pub fn inflate_raw(data: &[u8], window: usize) -> Result<(Vec<u8>, usize), InflateError> {
    let mut s = Bits {
        data,
        pos: 0,
        bitbuf: 0,
        bitcnt: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = s.need(1)?;
        match s.need(2)? {
            0 => stored(&mut s, &mut out)?,
            1 => fixed(&mut s, &mut out, window)?,
            2 => dynamic(&mut s, &mut out, window)?,
            _ => return Err(InflateError::Data("invalid block type")),
        }
        if last == 1 {
            break;
        }
    }
    Ok((out, s.pos))
}
