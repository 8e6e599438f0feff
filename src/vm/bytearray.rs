//! `bytearray`'s buffer as CPython 3.11 sizes it (`Objects/bytearrayobject.c`).
//!
//! # Why
//!
//! `sys.getsizeof(ba)` is the 56-byte `PyByteArrayObject` plus `ob_alloc`, the size of the
//! separately allocated buffer (`ob_bytes`), trailing NUL included. Like a list, a bytearray
//! that grows a little at a time over-allocates, so its size is not a function of its
//! length: it depends on how the bytes got there.
//!
//! # Worked example
//!
//! ```text
//!   b = bytearray()        ob_alloc 0    no buffer             getsizeof 56
//!   b.append(1)            len 1 -> 2    grows past alloc*1.125: exact, len + 1
//!   b.append(2)            len 2 -> 5    within alloc*1.125: len + len/8 + 3
//!   b.append(3)            len 3  5      fits: nothing happens
//!   b += bytes(10)         len 13 -> 14  far past: exact
//!   del b[:10]             len 3  14     front deletion moves ob_start; 3 + 10 + 1 fits
//!   b.clear()              len 0 -> 1    under half: shrunk to len + 1
//! ```
//!
//! # The parts, under CPython's names
//!
//! - `PyByteArray_FromStringAndSize(s, n)`: the object, then a buffer of `n + 1` bytes (none
//!   for `n == 0`). Copies, slices, concatenations and most methods' results are made so:
//!   [`Vm::new_bytearray`].
//! - `PyByteArray_Resize(ba, n)`: [`resize_rule`] decides, [`Vm::bytearray_resize`] moves the
//!   buffer (`PyObject_Realloc`, or a new block when `ob_start` had moved on).
//! - `bytearray_setslice_linear`: every slice assignment and deletion with step 1, `extend`
//!   of a bytes-like object; deleting at the front only moves `ob_start`:
//!   [`Vm::bytearray_setslice_linear`].
//! - `bytearray___init__`: `bytearray(x)` and a subclass's `__init__` fill the empty object
//!   by resizing it, or one append at a time for an iterator: [`Vm::bytearray_init`].
//!
//! The bytes themselves live in the object's `Payload::Bytes`; the buffer's bookkeeping in
//! the heap's side table ([`crate::heap::ByteArrayBuf`]), present while a buffer is allocated.

use super::{ExcKind, PyResult, Vm};
use crate::heap::{Block, ByteArrayBuf};
use crate::object::{BuiltinType, ObjId, Payload};

/// `PyByteArray_Resize`'s decision for a buffer of `alloc` bytes whose data starts `start`
/// bytes in, asked to hold `size` bytes: `None` when the buffer stays as it is (it fits and
/// is at least half used), else the new `ob_alloc`.
pub fn resize_rule(alloc: usize, start: usize, size: usize) -> Option<usize> {
    if size + start < alloc {
        // large enough: a major downsize goes to the exact size, a minor one stays
        (size < alloc / 2).then_some(size + 1)
    } else if size as f64 <= alloc as f64 * 1.125 {
        // moderate upsize: over-allocate as list_resize does
        Some(size + (size >> 3) + if size < 9 { 3 } else { 6 })
    } else {
        // major upsize: exact
        Some(size + 1)
    }
}

impl Vm {
    /// `ob_alloc` (`bytearray.__alloc__()`): 0 while no buffer is allocated.
    pub fn bytearray_alloc(&self, ba: ObjId) -> usize {
        self.heap.bytearray_bufs.get(&ba).map_or(0, |b| b.alloc)
    }

    fn bytearray_len(&self, ba: ObjId) -> usize {
        match self.heap.payload(ba) {
            Payload::Bytes(b) => b.len(),
            _ => 0,
        }
    }

    /// The buffer of a new bytearray holding `n` bytes (`PyByteArray_FromStringAndSize`).
    pub(crate) fn bytearray_new_buffer(&mut self, ba: ObjId, n: usize) {
        if n > 0 {
            let block = self.heap.malloc_block(n + 1).addr;
            self.heap.bytearray_bufs.insert(
                ba,
                ByteArrayBuf {
                    block,
                    alloc: n + 1,
                    start: 0,
                },
            );
        }
    }

    /// `PyByteArray_Resize(ba, size)`, the buffer's side: the caller stores the data. A
    /// bytearray with a buffer export (`b += b`) cannot change size (`BufferError`).
    pub(crate) fn bytearray_resize(&mut self, ba: ObjId, size: usize) -> PyResult<()> {
        if size == self.bytearray_len(ba) {
            return Ok(());
        }
        let old = self.heap.bytearray_bufs.get(&ba).copied();
        let (alloc, start) = old.map_or((0, 0), |b| (b.alloc, b.start));
        let Some(new_alloc) = resize_rule(alloc, start, size) else {
            return Ok(());
        };
        self.check_memory(new_alloc as u128)?;
        let block = match old {
            // PyObject_Realloc
            Some(b) if b.start == 0 => {
                self.heap
                    .realloc_block(
                        Block {
                            addr: b.block,
                            size: b.alloc,
                        },
                        new_alloc,
                    )
                    .addr
            }
            // the data does not start the block: a new one, then the old one freed
            Some(b) => {
                let new = self.heap.malloc_block(new_alloc).addr;
                self.heap.free_block(Block {
                    addr: b.block,
                    size: b.alloc,
                });
                new
            }
            None => self.heap.malloc_block(new_alloc).addr,
        };
        self.heap.bytearray_bufs.insert(
            ba,
            ByteArrayBuf {
                block,
                alloc: new_alloc,
                start: 0,
            },
        );
        Ok(())
    }

    /// Replace the contents with `data`, resized as `PyByteArray_Resize(ba, len(data))`
    /// (append, insert, pop, remove, clear, `+=`, `*=`).
    pub(crate) fn bytearray_store(&mut self, ba: ObjId, data: Vec<u8>) -> PyResult<()> {
        self.bytearray_resize(ba, data.len())?;
        if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
            *b = data.into_boxed_slice();
        }
        Ok(())
    }

    /// `bytearray_setslice_linear`: `ba[lo:hi] = bytes`. Shrinking at the front moves the
    /// logical start instead of the data; then the buffer is resized.
    pub(crate) fn bytearray_setslice_linear(
        &mut self,
        ba: ObjId,
        lo: usize,
        hi: usize,
        bytes: &[u8],
    ) -> PyResult<()> {
        let mut data = match self.heap.payload(ba) {
            Payload::Bytes(b) => b.to_vec(),
            _ => return Ok(()),
        };
        let hi = hi.clamp(lo, data.len());
        let lo = lo.min(hi);
        let removed = hi - lo;
        if bytes.len() < removed && lo == 0 {
            if let Some(b) = self.heap.bytearray_bufs.get_mut(&ba) {
                b.start += removed - bytes.len();
            }
        }
        data.splice(lo..hi, bytes.iter().copied());
        self.bytearray_store(ba, data)
    }

    /// The free of a dying bytearray's buffer (before the object's own memory, as
    /// `bytearray_dealloc` does).
    pub(crate) fn bytearray_take_buffer(&mut self, ba: ObjId) -> Option<Block> {
        // asked of every object freed: most runs have no bytearray at all
        if self.heap.bytearray_bufs.is_empty() {
            return None;
        }
        self.heap.bytearray_bufs.remove(&ba).map(|b| Block {
            addr: b.block,
            size: b.alloc,
        })
    }

    /// `bytearray___init__(source, encoding, errors)` on `ba`: emptied first, then filled by
    /// one resize (a str through its encoding, a count, a bytes-like object, a list or tuple
    /// of exact ints) or one append at a time from an iterator.
    pub(crate) fn bytearray_init(
        &mut self,
        ba: ObjId,
        args: &[ObjId],
        kwargs: &[(ObjId, ObjId)],
    ) -> PyResult<()> {
        let a = crate::builtins::parse_args(
            self,
            "bytearray",
            args,
            kwargs,
            &["source", "encoding", "errors"],
            0,
        )?;
        if self.bytearray_len(ba) != 0 {
            self.bytearray_store(ba, Vec::new())?;
        }
        let Some(v) = a[0] else {
            if a[1].is_some() || a[2].is_some() {
                let what = if a[1].is_some() { "encoding" } else { "errors" };
                let msg = format!("{what} without a string argument");
                return Err(self.type_error(&msg));
            }
            return Ok(());
        };
        if let Payload::Str(s) = self.payload(v) {
            let text = s.value.to_string();
            if a[1].is_none() {
                return Err(self.type_error("string argument without an encoding"));
            }
            let given: Vec<ObjId> = a[1..].iter().flatten().copied().collect();
            let (codec, errors) =
                crate::builtins::methods::unicode::codec_args(self, "bytearray", &given, &[])?;
            return match crate::object::codecs::encode(&text, codec, errors) {
                // bytearray_iconcat of the encoded bytes
                Ok(b) => self.bytearray_store(ba, b),
                Err(e) => {
                    let h = a[2].map(|h| self.str_of(h).to_string()).unwrap_or_default();
                    Err(crate::builtins::methods::unicode::codec_error(
                        self, e, &h, v,
                    ))
                }
            };
        }
        if a[1].is_some() {
            return Err(self.type_error("encoding without a string argument"));
        }
        if a[2].is_some() {
            return Err(self.type_error("errors without a string argument"));
        }
        if self.is_int_like(v) {
            let n = crate::builtins::ssize_arg(self, v)?;
            if n < 0 {
                return Err(self.new_exception(ExcKind::ValueError, "negative count"));
            }
            self.check_memory(n as u128)?;
            return self.bytearray_store(ba, vec![0; n as usize]);
        }
        if let Payload::Bytes(b) = self.payload(v) {
            let b = b.to_vec();
            return self.bytearray_store(ba, b);
        }
        if matches!(
            self.builtin_type_of(v),
            Some(BuiltinType::List | BuiltinType::Tuple)
        ) {
            // the fast path: one resize, then the items; an item that is not exactly an int
            // sends it back to an empty buffer and the iterator
            let items = self.heap.seq_items(v).to_vec();
            self.bytearray_store(ba, vec![0; items.len()])?;
            let int_t = self.ty(BuiltinType::Int);
            if items.iter().all(|&i| self.heap.get(i).ty == int_t) {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.byte_value(i)?);
                }
                if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
                    *b = out.into_boxed_slice();
                }
                return Ok(());
            }
            self.bytearray_store(ba, Vec::new())?;
        }
        if !self.is_iterable(v) {
            let msg = format!("cannot convert '{}' object to bytearray", self.type_name(v));
            return Err(self.type_error(&msg));
        }
        let data = self.bytes_from_iterable_into(v, "byte", Some(ba))?;
        if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
            *b = data.into_boxed_slice();
        }
        Ok(())
    }

    /// One byte appended by `bytearray___init__`'s iterator loop to a bytearray now holding
    /// `len` bytes: the buffer grows only when `len + 1 >= ob_alloc`.
    pub(crate) fn bytearray_init_append(&mut self, ba: ObjId, len: usize) -> PyResult<()> {
        if len + 1 >= self.bytearray_alloc(ba) {
            self.bytearray_resize(ba, len + 1)?;
        }
        if let Payload::Bytes(b) = self.heap.payload_mut(ba) {
            let mut v = std::mem::take(b).into_vec();
            v.resize(len + 1, 0);
            *b = v.into_boxed_slice();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::resize_rule;

    /// Appending one byte at a time from empty, as python3 3.11 reports `__alloc__()`.
    #[test]
    fn append_growth_matches_cpython() {
        let mut alloc = 0;
        let mut seen = Vec::new();
        for len in 1..=20 {
            if let Some(a) = resize_rule(alloc, 0, len) {
                alloc = a;
            }
            seen.push(alloc);
        }
        assert_eq!(
            seen,
            [2, 5, 5, 5, 8, 8, 8, 12, 12, 12, 12, 19, 19, 19, 19, 19, 19, 19, 27, 27]
        );
    }

    #[test]
    fn shrinking_below_half_is_exact_and_the_front_offset_counts() {
        assert_eq!(resize_rule(36, 0, 0), Some(1));
        assert_eq!(resize_rule(36, 0, 20), None);
        // 120 bytes in 121 with 50 deleted at the front: 70 still fit
        assert_eq!(resize_rule(121, 50, 70), None);
        assert_eq!(resize_rule(121, 50, 71), Some(85));
        assert_eq!(resize_rule(21, 15, 4), Some(5));
    }
}
