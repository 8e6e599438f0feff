//! What happens when a reference count reaches zero (`_Py_Dealloc` and each type's
//! `tp_dealloc`): `__del__` (which may resurrect), weak references cleared and their callbacks
//! called, the contents released in the type's order, then the memory given back (to the type's
//! free list or the allocator) — after the contents, as in CPython, so address reuse matches.
//!
//! Freeing is iterative: releasing a child pushes work on a stack instead of recursing, so a
//! million-deep nested list frees without overflowing the Rust stack (CPython's trashcan).

use crate::heap::{Block, FreeList};
use crate::object::{IterObj, ListItems, ObjId, Object, Payload};

use super::frame::Frame;
use super::Vm;

/// `_PyTrash_UNWIND_LEVEL`: how many deallocations may nest before the next one is put off.
const TRASH_UNWIND_LEVEL: usize = 50;

/// CPython's trashcan for deallocations that nest through Python code: a `__del__` or a weak
/// reference callback that lets another object die starts a deallocation inside a
/// deallocation. Past [`TRASH_UNWIND_LEVEL`] levels the object is put aside (untracked, count
/// 0) and deallocated once the outermost deallocation is done, last put aside first
/// (`_PyTrash_thread_deposit_object`, `_PyTrash_thread_destroy_chain`). So a callback that
/// makes the same kind of dying object again loops instead of recursing without bound, as in
/// CPython. (Containers nest no deeper here: their contents are released iteratively.)
#[derive(Clone, Default)]
pub(crate) struct Trashcan {
    /// Deallocations running Python code (finalizers, weakref callbacks) right now.
    nesting: usize,
    /// Objects put aside, deallocated last first.
    later: Vec<ObjId>,
}

/// The memory blocks a dead object owned besides its own (a list's item array, a set's
/// table, an instance's values), freed after its contents in the order they were found. Almost
/// always none or one: the first is kept without a vector, so freeing a list or an instance
/// allocates nothing.
#[derive(Clone, Default)]
pub(crate) struct Blocks {
    first: Option<Block>,
    rest: Vec<Block>,
}

impl Blocks {
    fn push(&mut self, b: Block) {
        if self.first.is_none() {
            self.first = Some(b);
        } else {
            self.rest.push(b);
        }
    }

    fn extend(&mut self, blocks: impl IntoIterator<Item = Block>) {
        for b in blocks {
            self.push(b);
        }
    }

    /// The blocks in the order they were pushed.
    fn in_order(self) -> impl Iterator<Item = Block> {
        self.first.into_iter().chain(self.rest)
    }
}

/// A unit of deallocation work.
#[derive(Clone)]
pub(crate) enum DeallocTask {
    /// Drop one reference.
    Decref(ObjId),
    /// Drop one reference to each of these, last first (a dead container's contents, in
    /// reverse release order): one task however many there are. Up to three are kept inside
    /// the task ([`ListItems`]), so freeing a small list or an instance allocates nothing.
    DecrefAll(ListItems),
    /// Give a dead object's memory back, once its contents have been released. `keys` is a
    /// dict's keys block: (address, table size, str-keyed, bytes).
    Free {
        addr: u64,
        preheader: usize,
        size: usize,
        freelist: Option<FreeList>,
        is_gc: bool,
        blocks: Blocks,
        keys: Option<(u64, usize, bool, usize)>,
    },
}

impl Vm {
    /// The count of `id` reached zero. Kept out of line: `decref` is inlined everywhere.
    #[inline(never)]
    pub(crate) fn dealloc(&mut self, id: ObjId) {
        if self.dealloc_leaf(id) {
            return;
        }
        self.dealloc_with_tasks(id);
        if self.trash.nesting == 0 && !self.trash.later.is_empty() {
            // `_PyTrash_thread_destroy_chain`: one level deep while it runs, so a deallocation
            // it starts does not start the chain again
            self.trash.nesting = 1;
            while let Some(put_aside) = self.trash.later.pop() {
                self.dealloc_with_tasks(put_aside);
            }
            self.trash.nesting = 0;
        }
    }

    /// Deallocate `id` and release everything that dies with it.
    fn dealloc_with_tasks(&mut self, id: ObjId) {
        let base = self.dealloc_stack.len();
        self.dealloc_object(id);
        while self.dealloc_stack.len() > base {
            match self.dealloc_stack.pop().expect("task") {
                DeallocTask::Decref(child) => self.release_child(child),
                DeallocTask::DecrefAll(mut children) => {
                    let Some(child) = children.pop() else {
                        continue;
                    };
                    // the rest wait under whatever this child's death pushes
                    if !children.is_empty() {
                        self.dealloc_stack.push(DeallocTask::DecrefAll(children));
                    }
                    self.release_child(child);
                }
                DeallocTask::Free {
                    addr,
                    preheader,
                    size,
                    freelist,
                    is_gc,
                    blocks,
                    keys,
                } => {
                    for b in blocks.in_order() {
                        self.heap.free_block(b);
                    }
                    if let Some((kaddr, table, unicode, ksize)) = keys {
                        self.free_keys_block(kaddr, table, unicode, ksize);
                    }
                    let parked = self.heap.release_memory(addr, preheader, size, freelist);
                    // `PyObject_GC_Del` lowers generation 0's count; parking on a free list
                    // does not; nor do the temporaries of a module image being built (they
                    // died during CPython's start-up)
                    if is_gc && !parked && self.gc.counts[0] > 0 && !self.heap.image_mode {
                        self.gc.counts[0] -= 1;
                    }
                }
            }
        }
    }

    /// Drop a reference a dead object held. A child that owns no references (the ints of a
    /// list of ints) is freed at once, as [`Vm::dealloc`] frees one: the same order as through
    /// the work stack, whose `Free` task for it would be the next one popped.
    fn release_child(&mut self, child: ObjId) {
        let refcnt = self.heap.refcnt_mut(child);
        *refcnt -= 1;
        if *refcnt == 0 && !self.dealloc_leaf(child) {
            self.dealloc_object(child);
        }
    }

    /// Objects that own no references (ints, floats, non-interned strings): free at once,
    /// without the work stack. Returns false for anything else.
    fn dealloc_leaf(&mut self, id: ObjId) -> bool {
        let o = self.heap.get(id);
        if o.ext().is_some() {
            return false;
        }
        let freelist = match &o.payload {
            Payload::Int(_) | Payload::BigInt(_) | Payload::Complex(..) | Payload::Bytes(_) => None,
            Payload::Float(_) => Some(FreeList::Float),
            Payload::Str(s) if !s.interned => None,
            _ => return false,
        };
        let size = self.heap.block_size(id);
        // bytearray_dealloc: the buffer first
        if let Some(buffer) = self.bytearray_take_buffer(id) {
            self.heap.free_block(buffer);
        }
        let object = self.heap.remove(id);
        let addr = object.addr;
        if object.owns_nothing() {
            // nothing in it owns memory: no drop glue to run
            std::mem::forget(object);
        } else {
            drop(object);
        }
        let _ = self.heap.release_memory(addr, 0, size, freelist);
        true
    }

    fn dealloc_object(&mut self, id: ObjId) {
        let trashcan = matches!(
            self.heap.payload(id),
            Payload::Instance(_) | Payload::Exception(_)
        ) && self.is_heap_type(self.heap.get(id).ty);
        if trashcan && self.trash.nesting >= TRASH_UNWIND_LEVEL {
            // `Py_TRASHCAN_BEGIN` (after `subtype_dealloc` untracks the object)
            self.gc_untrack(id);
            self.trash.later.push(id);
            return;
        }
        self.trash.nesting += 1;
        let finished = self.finalize_in_dealloc(id);
        self.trash.nesting -= 1;
        if !finished {
            return;
        }
        let ty = self.heap.get(id).ty;
        let meta_size = self.heap.block_size(id);
        let preheader = self.heap.get(id).preheader as usize;
        let bytearray_buffer = self.bytearray_take_buffer(id);
        let mut object = self.heap.remove(id);
        let is_gc = object.is_gc();
        // subtype_dealloc (and a class made by a metaclass) drops the type reference, as
        // does a 3.11 heap-type native's dealloc
        let heap_type_instance = (self.is_heap_type(ty) && self.c_static_basicsize(ty).is_none())
            || matches!(&object.payload, Payload::Native(n) if n.owns_type());
        let addr = object.addr;
        // subtype_dealloc: the class's slots and dict go first, then a native subclass's own
        // fields, then the builtin's contents
        let mut blocks = Blocks::default();
        let mut children = match object.take_ext() {
            Some(ext) => {
                blocks.extend(Self::ext_blocks(&ext));
                let mut out = ListItems::new();
                out.extend(ext.slots().iter().flatten().copied());
                out.extend(ext.values.iter().flatten());
                out.extend(ext.dict);
                out
            }
            None => ListItems::new(),
        };
        if let Some(mut e) = object.replace_native_ext(None) {
            let (refs, ext_blocks) = e.take_refs();
            children.extend(refs);
            blocks.extend(ext_blocks);
        }
        let (more, keys, freelist) = self.take_contents(id, object, &mut blocks);
        if children.is_empty() {
            children = more;
        } else {
            children.extend(more.iter().copied());
        }
        blocks.extend(bytearray_buffer);
        if heap_type_instance {
            // subtype_dealloc drops its type reference after freeing the memory
            self.dealloc_stack.push(DeallocTask::Decref(ty));
        }
        self.dealloc_stack.push(DeallocTask::Free {
            addr,
            preheader,
            size: meta_size,
            freelist,
            is_gc,
            blocks,
            keys,
        });
        // release the contents in the type's order: the first to release is popped first
        children.reverse();
        self.dealloc_stack.push(DeallocTask::DecrefAll(children));
    }

    /// The part of a deallocation that can run Python code: `__del__` (PEP 442; it may
    /// resurrect the object), then the weak references cleared and their callbacks called.
    /// The object leaves the collector's lists first (`PyObject_GC_UnTrack` before
    /// `PyObject_ClearWeakRefs` in `subtype_dealloc`): a collection started by a callback must
    /// not take the dying object for garbage. False when the object lives on.
    fn finalize_in_dealloc(&mut self, id: ObjId) -> bool {
        if self.needs_finalizer(id) {
            // PyObject_CallFinalizerFromDealloc: resurrect for the call
            *self.heap.refcnt_mut(id) = 1;
            self.heap.get_mut(id).finalized = true;
            self.call_del(id);
            let refcnt = self.heap.refcnt_mut(id);
            *refcnt -= 1;
            if *refcnt != 0 {
                // resurrected
                return false;
            }
        }
        if matches!(self.heap.payload(id), Payload::Type(_)) {
            // type_dealloc_common: leave the bases' tp_subclasses first
            self.remove_all_subclasses(id);
        }
        self.gc_untrack(id);
        self.clear_weakrefs(id);
        self.heap.get(id).refcnt == 0
    }

    /// Take a dead object apart: the references it owned (in release order), its dict keys
    /// block, and which free list its memory may go to; the memory blocks it owned are added
    /// to `blocks`.
    #[allow(clippy::type_complexity)]
    fn take_contents(
        &mut self,
        id: ObjId,
        object: Object,
        blocks: &mut Blocks,
    ) -> (
        ListItems,
        Option<(u64, usize, bool, usize)>,
        Option<FreeList>,
    ) {
        let list_t = self.ty(crate::object::BuiltinType::List);
        let dict_t = self.ty(crate::object::BuiltinType::Dict);
        let tuple_t = self.ty(crate::object::BuiltinType::Tuple);
        let mut keys = None;
        let mut freelist = None;
        // the contents of the commonest kinds, kept without a vector
        let mut small: Option<ListItems> = None;
        let children: Vec<ObjId> = match object.payload {
            Payload::Tuple(items) => {
                if object.ty == tuple_t && items.len() < crate::heap::TUPLE_MAXSAVESIZE {
                    freelist = Some(FreeList::Tuple(items.len()));
                }
                // (the items' own memory, reversed in place: no copy)
                let mut v = items.into_vec();
                v.reverse();
                v
            }
            Payload::List(list) => {
                if let Some(b) = list.items_block() {
                    blocks.push(Block {
                        addr: b,
                        size: 8 * list.allocated,
                    });
                }
                if object.ty == list_t {
                    freelist = Some(FreeList::List);
                }
                let mut items = list.items;
                items.reverse();
                small = Some(items);
                Vec::new()
            }
            Payload::Dict(d) => {
                if let Some(k) = d.keys_block {
                    keys = Some((k, d.table_size(), d.unicode, d.keys_size()));
                }
                if object.ty == dict_t {
                    freelist = Some(FreeList::Dict);
                }
                let mut out = Vec::with_capacity(2 * d.len());
                if self.heap.dict_borrows_keys(&d) {
                    // the class's shared keys hold the names; the values are the dict's
                    out.extend(d.iter().map(|e| e.value));
                } else {
                    for e in d.iter() {
                        out.push(e.key);
                        out.push(e.value);
                    }
                }
                out
            }
            Payload::Float(_) => {
                if object.ty == self.ty(crate::object::BuiltinType::Float) {
                    freelist = Some(FreeList::Float);
                }
                Vec::new()
            }
            Payload::Str(s) => {
                // a mortal interned string leaves the interned table when it dies
                if s.interned && self.interned.get(s.as_str()) == Some(&id) {
                    self.interned.remove(s.as_str());
                    self.type_modified();
                }
                Vec::new()
            }
            Payload::Set(s) | Payload::FrozenSet(s) => {
                if let Some(b) = s.table_block {
                    blocks.push(Block {
                        addr: b,
                        size: 16 * s.table.len(),
                    });
                }
                s.iter().collect()
            }
            Payload::Type(t) => {
                self.type_modified();
                self.orphan_split_dicts(id);
                let mut out = Vec::new();
                out.extend(t.base.filter(|_| t.builtin.is_none()));
                out.extend(t.dict);
                out.extend(t.bases);
                out.extend(t.mro);
                out.extend(t.shared_keys.iter().copied());
                out.extend(t.subclasses);
                out.extend(t.ht_name);
                out.extend(t.ht_qualname);
                out
            }
            Payload::Instance(inst) => {
                if let Some(b) = inst.values_block() {
                    blocks.push(b);
                }
                let mut out = ListItems::new();
                out.extend(inst.slots().iter().flatten().copied());
                out.extend(inst.values.iter().flatten());
                out.extend(inst.dict);
                small = Some(out);
                Vec::new()
            }
            Payload::Exception(e) => {
                // SystemExit_clear and friends: the subclass's fields, then
                // BaseException_clear's
                let mut out: Vec<ObjId> = e.members.iter().map(|m| m.1).collect();
                out.extend(e.dict);
                out.push(e.args);
                out.extend(e.traceback);
                out.extend(e.cause);
                out.extend(e.context);
                out
            }
            Payload::Function(f) => {
                let mut out = vec![f.globals, f.builtins, f.module];
                out.extend(f.defaults);
                out.extend(f.kwdefaults);
                out.push(f.doc);
                out.extend(f.dict);
                out.extend(f.closure);
                out.extend(f.annotations);
                out.extend([f.code, f.name, f.qualname]);
                out
            }
            Payload::Code(code) => code.owned_refs().iter().map(|(_, id)| *id).collect(),
            Payload::Cell(c) => {
                small = Some(c.into_iter().collect());
                Vec::new()
            }
            Payload::Method { func, self_ } => {
                small = Some(ListItems::from(&[func, self_][..]));
                Vec::new()
            }
            Payload::Builtin(b) => b.self_.into_iter().collect(),
            Payload::MethodDescr(d) => vec![d.owner],
            Payload::GetSetDescr { owner, .. } => vec![owner],
            Payload::MemberDescr { name, owner, .. } => vec![owner, name],
            Payload::StaticMethod(f) | Payload::ClassMethod(f) => vec![f],
            Payload::Property(parts) => parts.iter().flatten().copied().collect(),
            Payload::Super { ty, obj } => vec![ty, obj],
            Payload::GenericAlias { origin, args } => vec![origin, args],
            Payload::Union { args } => vec![args],
            Payload::Module(m) => std::iter::once(m.dict).chain(m.name_obj).collect(),
            Payload::Iter(it) => iter_children(*it),
            Payload::Generator(g) => {
                let mut g = *g;
                let mut out = Vec::new();
                if let Some(f) = g.frame.take() {
                    // a frame object someone still holds takes the suspended frame over
                    if let Some(f) = self.frame_to_its_object(*f) {
                        out.extend(frame_refs_in_order(f));
                    }
                }
                out.extend([g.name, g.qualname, g.code_obj]);
                out.extend(g.exc_state.take());
                out.extend(g.caller_exc_info.take());
                out
            }
            Payload::WeakRef(w) => {
                if let Some(r) = w.referent {
                    self.remove_weakref_from(r, id);
                }
                let mut out = w.extra.refs();
                out.extend(w.callback);
                out
            }
            Payload::Traceback(tb) => {
                let mut out: Vec<ObjId> = tb.next.into_iter().collect();
                out.push(tb.frame);
                out
            }
            Payload::Frame(f) => {
                // frame_dealloc: f_func, f_locals, the locals and stack, f_back, then f_code
                let mut f = *f;
                let mut out = Vec::new();
                let mut code = None;
                if let Some(owned) = f.owned.take() {
                    let owned = *owned;
                    out.extend(owned.func);
                    out.extend(owned.locals_dict);
                    out.extend(owned.fast_locals);
                    out.extend(owned.localsplus.into_iter().flatten());
                    out.extend(owned.stack.into_iter().flatten());
                    code = Some(owned.code_obj);
                }
                out.extend(f.back.take());
                out.extend(f.globals_ref.take());
                out.extend(code);
                out
            }
            Payload::DictView { dict, .. } | Payload::MappingProxy(dict) => vec![dict],
            Payload::Slice(parts) => {
                // slice_dealloc: an exact slice waits in `interp->slice_cache`
                if object.ty == self.ty(crate::object::BuiltinType::Slice) {
                    freelist = Some(FreeList::Slice);
                }
                parts.to_vec()
            }
            Payload::Native(mut n) => {
                let (refs, owned) = n.take_refs();
                blocks.extend(owned);
                refs
            }
            Payload::None
            | Payload::NotImplemented
            | Payload::Ellipsis
            | Payload::Bool(_)
            | Payload::Int(_)
            | Payload::BigInt(_)
            | Payload::Complex(..)
            | Payload::Bytes(_)
            | Payload::Range(_)
            | Payload::CLong { .. }
            | Payload::TextIO { .. } => Vec::new(),
        };
        if let Some(FreeList::Tuple(0)) = freelist {
            freelist = None;
        }
        let children = small.unwrap_or_else(|| children.into());
        (children, keys, freelist)
    }
}

/// A frame's references in `_PyFrame_Clear` order (for frames owned by dead generators; the
/// frame object, if any, is no longer referenced elsewhere).
pub(crate) fn frame_refs_in_order(frame: Frame) -> Vec<ObjId> {
    let mut out: Vec<ObjId> = frame.frame_obj.into_iter().collect();
    out.extend(frame.localsplus.into_iter().flatten());
    out.extend(frame.stack.into_iter().flatten());
    out.extend(frame.locals_dict);
    out.extend(frame.fast_locals);
    out.extend(frame.func);
    out.push(frame.code_obj);
    out
}

fn iter_children(it: IterObj) -> Vec<ObjId> {
    match it {
        // dictiter_dealloc: the dict, then `di_result`
        IterObj::Seq { seq, result, .. } | IterObj::Reversed { seq, result, .. } => {
            seq.into_iter().chain(result).collect()
        }
        IterObj::Range { .. } | IterObj::SmallRange { .. } => Vec::new(),
        IterObj::Enumerate { iter, result, .. } => vec![iter, result],
        IterObj::Zip {
            mut iters, result, ..
        } => {
            iters.push(result);
            iters
        }
        IterObj::Map { func, iters } => {
            let mut v = vec![func];
            v.extend(iters);
            v
        }
        IterObj::Filter { func, iter } => vec![func, iter],
        IterObj::Callable { func, sentinel } => func.into_iter().chain(sentinel).collect(),
    }
}
