//! Making objects: where each kind's memory comes from (its type free list or the allocator),
//! how big its block is, whether it counts toward generation 0 and starts tracked — the
//! `PyObject_GC_New` / `_PyObject_GC_Link` / `PyList_New` side of the memory model.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::heap::{Block, FreeList};
use crate::object::{BuiltinType, GcState, ObjId, Object, Payload, PyDict, PyList, PySet, PyStr};

use super::bootstrap::{SMALL_INT_MAX, SMALL_INT_MIN};
use super::Vm;

/// Where a new object's memory comes from and how it is set up.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Bytes of the whole block, pre-headers included.
    pub size: usize,
    /// Bytes before the object's address: 16 for GC objects, 32 for managed-dict instances.
    pub preheader: usize,
    /// Try this type free list first.
    pub freelist: Option<FreeList>,
    /// Track it in generation 0 at once (`_PyObject_GC_TRACK` in the constructor).
    pub track: bool,
}

impl Layout {
    /// A non-GC object of `size` bytes.
    pub fn plain(size: usize) -> Layout {
        Layout {
            size,
            preheader: 0,
            freelist: None,
            track: false,
        }
    }
    /// A GC object whose basic size is `basic` (the 16-byte GC header is added).
    pub fn gc(basic: usize) -> Layout {
        Layout {
            size: basic + 16,
            preheader: 16,
            freelist: None,
            track: true,
        }
    }
    pub fn untracked(mut self) -> Layout {
        self.track = false;
        self
    }
    pub fn from_freelist(mut self, list: FreeList) -> Layout {
        self.freelist = Some(list);
        self
    }
}

/// `offsetof(PyLongObject, ob_digit) + 4 * max(1, ndigits)`: 30-bit digits.
pub fn int_block_size(bits: u64) -> usize {
    let ndigits = bits.div_ceil(30).max(1) as usize;
    24 + 4 * ndigits
}

impl Vm {
    /// Allocate a new object with one reference (the caller's).
    ///
    /// For GC objects this is `_PyObject_GC_Link`: generation 0's count goes up (unless the
    /// memory came from a type free list), and crossing the threshold runs a collection right
    /// here, before the new object exists — exactly where CPython runs it.
    pub fn alloc(&mut self, ty: ObjId, payload: Payload, layout: Layout) -> ObjId {
        self.alloc_object(ty, payload, layout, None)
    }

    /// [`Vm::alloc`] with the extension a class adds to a builtin's instance (which makes
    /// the object a GC object whatever its payload).
    pub fn alloc_object(
        &mut self,
        ty: ObjId,
        payload: Payload,
        layout: Layout,
        ext: Option<crate::object::Instance>,
    ) -> ObjId {
        // (a number, the commonest allocation, is never a GC object)
        let is_gc = ext.is_some()
            || (!matches!(payload, Payload::Int(_) | Payload::Float(_)) && payload.is_gc());
        let recycled = layout.freelist.and_then(|l| self.heap.pop_freelist(l));
        if is_gc && recycled.is_none() && !self.heap.bootstrapping {
            self.gc_link_count();
        }
        let addr = match recycled {
            Some(addr) => {
                self.heap.bytes_in_use += layout.size;
                addr
            }
            None => self.heap.malloc_object(layout.size, layout.preheader),
        };
        let mut object = Object::new(1, ty, addr, payload);
        if ext.is_some() {
            object.set_ext(ext);
        }
        let id = self.heap.insert(object, layout.size, layout.preheader);
        if is_gc && layout.track {
            self.gc_track(id);
        }
        id
    }

    /// `_PyObject_GC_TRACK`: link into generation 0.
    pub fn gc_track(&mut self, id: ObjId) {
        if self.heap.get(id).gc == GcState::Untracked {
            let list = if self.heap.bootstrapping {
                crate::heap::PERMANENT
            } else {
                0
            };
            self.heap.gc_list_append(id, list);
        }
    }

    /// `_PyObject_GC_UNTRACK`.
    pub fn gc_untrack(&mut self, id: ObjId) {
        match self.heap.gc_list_of(id) {
            Some(list) => self.heap.gc_list_remove(id, list),
            // examined by a running collection: off every list already
            None => self.heap.get_mut(id).gc = GcState::Untracked,
        }
    }

    // ---- ints ----

    /// A new reference to the int `n` (the cached object for -5..=256).
    #[inline]
    pub fn new_int(&mut self, n: i64) -> ObjId {
        if (SMALL_INT_MIN..=SMALL_INT_MAX).contains(&n) {
            let id = self.statics.small_ints[(n - SMALL_INT_MIN) as usize];
            return self.new_ref(id);
        }
        let bits = 64 - n.unsigned_abs().leading_zeros() as u64;
        let t = self.ty(BuiltinType::Int);
        self.alloc(t, Payload::Int(n), Layout::plain(int_block_size(bits)))
    }

    pub fn new_bigint(&mut self, n: BigInt) -> ObjId {
        if let Some(small) = n.to_i64() {
            return self.new_int(small);
        }
        let bits = n.bits();
        let t = self.ty(BuiltinType::Int);
        self.alloc(
            t,
            Payload::BigInt(Box::new(n)),
            Layout::plain(int_block_size(bits)),
        )
    }

    pub fn new_usize(&mut self, n: usize) -> ObjId {
        match i64::try_from(n) {
            Ok(n) => self.new_int(n),
            Err(_) => self.new_bigint(BigInt::from(n)),
        }
    }

    pub fn new_float(&mut self, x: f64) -> ObjId {
        let t = self.ty(BuiltinType::Float);
        self.alloc(
            t,
            Payload::Float(x),
            Layout::plain(24).from_freelist(FreeList::Float),
        )
    }

    pub fn new_complex(&mut self, re: f64, im: f64) -> ObjId {
        let t = self.ty(BuiltinType::Complex);
        self.alloc(t, Payload::Complex(re, im), Layout::plain(32))
    }

    // ---- strings ----

    /// A new reference to a str with this text: `''` and one-character latin-1 strings are the
    /// static singletons (`unicode_result`'s caches); anything else is a new object.
    pub fn new_str(&mut self, s: &str) -> ObjId {
        if let Some(id) = self.cached_str(s) {
            return self.new_ref(id);
        }
        self.alloc_str(PyStr::new(s.to_string()))
    }

    pub fn new_string(&mut self, s: String) -> ObjId {
        if let Some(id) = self.cached_str(&s) {
            return self.new_ref(id);
        }
        self.alloc_str(PyStr::new(s))
    }

    /// A str that bypasses the one-character cache (`PyUnicode_New` + copy, as
    /// `ascii_upper_or_lower` makes them); only `''` is the singleton.
    pub fn new_str_fresh(&mut self, s: String) -> ObjId {
        if s.is_empty() {
            let e = self.statics.empty_str;
            return self.new_ref(e);
        }
        self.alloc_str(PyStr::new(s))
    }

    fn cached_str(&self, s: &str) -> Option<ObjId> {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (None, _) => Some(self.statics.empty_str),
            (Some(c), None) if (c as u32) < 256 => Some(self.statics.latin1[c as usize]),
            _ => None,
        }
    }

    fn alloc_str(&mut self, s: PyStr) -> ObjId {
        let size = s.sizeof();
        let t = self.ty(BuiltinType::Str);
        self.alloc(t, Payload::Str(Box::new(s)), Layout::plain(size))
    }

    /// `PyUnicode_InternInPlace`: the canonical object for this text. If an equal string is
    /// interned, the reference to `id` is given up and a new one to the interned object
    /// returned; otherwise `id` itself becomes the interned one. The table's own references
    /// are not counted (3.11).
    pub fn intern(&mut self, id: ObjId) -> ObjId {
        self.intern_for(id, crate::object::str::InternReason::Name)
    }

    /// `intern`, recording why the string becomes canonical if it does.
    pub fn intern_for(&mut self, id: ObjId, reason: crate::object::str::InternReason) -> ObjId {
        let Payload::Str(s) = self.heap.payload(id) else {
            return id;
        };
        if s.interned {
            return id;
        }
        if let Some(&canonical) = self.interned.get(s.as_str()) {
            self.incref(canonical);
            self.decref(id);
            return canonical;
        }
        let text = s.value.to_string();
        if let Payload::Str(s) = self.heap.payload_mut(id) {
            s.interned = true;
            s.intern_reason = reason;
        }
        self.interned.insert(text, id);
        id
    }

    /// A new reference to the interned string `s` (names, attribute names).
    pub fn new_interned(&mut self, s: &str) -> ObjId {
        if let Some(&id) = self.interned.get(s) {
            return self.new_ref(id);
        }
        let id = self.new_str(s);
        self.intern(id)
    }

    /// A new `bytearray` (never shared, even when empty): the 56-byte `PyByteArrayObject`,
    /// then its buffer (`PyByteArray_FromStringAndSize`, see `vm::bytearray`).
    pub fn new_bytearray(&mut self, b: Vec<u8>) -> ObjId {
        let t = self.ty(BuiltinType::ByteArray);
        let n = b.len();
        let id = self.alloc(t, Payload::Bytes(b.into_boxed_slice()), Layout::plain(56));
        self.bytearray_new_buffer(id, n);
        id
    }

    /// Is `v` a bytearray (a `Bytes` payload of type `bytearray`)?
    pub fn is_bytearray(&self, v: ObjId) -> bool {
        matches!(self.heap.payload(v), Payload::Bytes(_))
            && self.builtin_type_of(v) == Some(BuiltinType::ByteArray)
    }

    /// A bytes-like result of the same kind as `like` (bytes, or bytearray).
    pub fn new_bytes_like(&mut self, like: ObjId, b: Vec<u8>) -> ObjId {
        // a bytearray subclass's methods and operators make exact bytearrays too
        let ba_t = self.ty(BuiltinType::ByteArray);
        let like_t = self.type_of(like);
        if self.is_bytearray(like) || self.is_subtype(like_t, ba_t) {
            self.new_bytearray(b)
        } else {
            self.new_bytes(b)
        }
    }

    /// A bytes object with this data (`PyBytes_FromStringAndSize`): `b''` and the one-byte
    /// values are the static singletons.
    pub fn new_bytes(&mut self, b: Vec<u8>) -> ObjId {
        if b.is_empty() {
            let e = self.statics.empty_bytes;
            return self.new_ref(e);
        }
        if let [byte] = b[..] {
            let c = self.statics.bytes_chars[byte as usize];
            return self.new_ref(c);
        }
        let size = 33 + b.len();
        let t = self.ty(BuiltinType::Bytes);
        self.alloc(t, Payload::Bytes(b.into_boxed_slice()), Layout::plain(size))
    }

    // ---- containers ----

    /// A tuple owning `items` (`PyTuple_New` + fill): `()` is the static singleton; lengths
    /// 1..=19 come from the tuple free list when it has one.
    pub fn new_tuple(&mut self, items: Vec<ObjId>) -> ObjId {
        let n = items.len();
        if n == 0 {
            let e = self.statics.empty_tuple;
            return self.new_ref(e);
        }
        let mut layout = Layout::gc(24 + 8 * n);
        if n < crate::heap::TUPLE_MAXSAVESIZE {
            layout = layout.from_freelist(FreeList::Tuple(n));
        }
        let t = self.ty(BuiltinType::Tuple);
        self.alloc(t, Payload::Tuple(items.into_boxed_slice()), layout)
    }

    /// A list owning `items` with capacity `allocated` (`PyList_New`: the object from the list
    /// free list or the allocator first, then its item array).
    pub fn new_list_with_capacity(&mut self, items: Vec<ObjId>, allocated: usize) -> ObjId {
        self.make_list(items, allocated, true)
    }

    /// A list with exactly `len(items)` slots (`BUILD_LIST n`, `[0] * n`, slicing).
    pub fn new_list(&mut self, items: Vec<ObjId>) -> ObjId {
        let n = items.len();
        self.make_list(items, n, true)
    }

    /// A list built the way C code builds one it does not know the length of in advance:
    /// `PyList_New(0)` then `PyList_Append` per item, each growing it by `list_resize`'s
    /// over-allocation (`gc.get_referents`, `gc.get_referrers`, `gc.get_objects`), so two
    /// items leave 4 slots. Takes the items' references.
    pub fn new_list_appended(&mut self, items: Vec<ObjId>) -> ObjId {
        let l = self.new_list(Vec::new());
        for v in items {
            self.list_append_owned(l, v);
        }
        l
    }

    /// A list made by calling the type (`list(...)`): no free list (`PyType_GenericAlloc`).
    pub fn new_list_from_type(&mut self, items: Vec<ObjId>, allocated: usize) -> ObjId {
        self.make_list(items, allocated, false)
    }

    fn make_list(&mut self, items: Vec<ObjId>, allocated: usize, freelist: bool) -> ObjId {
        let allocated = allocated.max(items.len());
        let t = self.ty(BuiltinType::List);
        let mut layout = Layout::gc(40);
        if freelist {
            layout = layout.from_freelist(FreeList::List);
        }
        let id = self.alloc(
            t,
            Payload::List(Box::new(PyList::new(items, allocated))),
            layout,
        );
        if allocated > 0 {
            let block = self.heap.malloc_block(8 * allocated).addr;
            if let Payload::List(l) = self.heap.payload_mut(id) {
                l.set_items_block(Some(block));
            }
        }
        id
    }

    /// An empty dict (`PyDict_New`: dict free list first; untracked until it holds a container).
    pub fn new_dict(&mut self) -> ObjId {
        self.new_dict_from(PyDict::new(), true)
    }

    /// A dict around a prepared table. `freelist` false for `dict(...)` calls.
    pub fn new_dict_from(&mut self, mut d: PyDict, freelist: bool) -> ObjId {
        if d.table_size() > 0 {
            d.keys_block = Some(self.alloc_keys_block(&d));
        }
        let t = self.ty(BuiltinType::Dict);
        let mut layout = Layout::gc(48).untracked();
        if freelist {
            layout = layout.from_freelist(FreeList::Dict);
        }
        self.alloc(t, Payload::Dict(Box::new(d)), layout)
    }

    /// Allocate a keys block for a dict's table (`new_keys_object`, with its free list of
    /// 8-slot str-keyed tables).
    pub(crate) fn alloc_keys_block(&mut self, d: &PyDict) -> u64 {
        let size = d.keys_size();
        if d.table_size() == 8 && d.unicode && !self.heap.image_mode {
            if let Some(addr) = self.heap.keys_freelist.pop() {
                self.heap.bytes_in_use += size;
                return addr;
            }
        }
        self.heap.malloc_block(size).addr
    }

    /// Free a dict's keys block (`free_keys_object`).
    pub(crate) fn free_keys_block(
        &mut self,
        addr: u64,
        table_size: usize,
        unicode: bool,
        size: usize,
    ) {
        if table_size == 8
            && unicode
            && self.heap.keys_freelist.len() < crate::heap::DICT_FREELIST_MAX
            && !self.heap.image_mode
        {
            self.heap.bytes_in_use = self.heap.bytes_in_use.saturating_sub(size);
            self.heap.keys_freelist.push(addr);
            return;
        }
        self.heap.free_block(Block { addr, size });
    }

    pub fn new_set(&mut self, s: PySet, frozen: bool) -> ObjId {
        let (t, payload) = if frozen {
            (
                self.ty(BuiltinType::FrozenSet),
                Payload::FrozenSet(Box::new(s)),
            )
        } else {
            (self.ty(BuiltinType::Set), Payload::Set(Box::new(s)))
        };
        self.alloc(t, payload, Layout::gc(200))
    }

    /// A cell (`PyCell_New`) holding a new reference to `contents`.
    pub fn new_cell(&mut self, contents: Option<ObjId>) -> ObjId {
        let t = self.ty(BuiltinType::Cell);
        self.alloc(t, Payload::Cell(contents), Layout::gc(24))
    }

    /// Memory check before building something big: `MemoryError` past the configured cap, or
    /// when the process could not hold it ([`crate::memguard`]).
    pub fn check_memory(&mut self, extra_bytes: u128) -> super::PyResult<()> {
        if self.heap.bytes_in_use as u128 + extra_bytes > self.heap.memory_cap as u128
            || !crate::memguard::fits(extra_bytes * crate::memguard::COPIES)
        {
            return Err(self.new_exception_empty(super::ExcKind::MemoryError));
        }
        Ok(())
    }

    /// Whether the snippet has used up its memory: the modelled cap, or the process's real
    /// budget. Checked where CPython's allocations could fail without one big request: the
    /// eval breaker and long native loops.
    pub fn memory_exhausted(&self) -> bool {
        self.heap.bytes_in_use > self.heap.memory_cap || crate::memguard::exhausted()
    }
}
