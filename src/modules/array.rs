//! `array` (`Modules/arraymodule.c`): typed arrays of machine values. Items are stored as
//! values, not objects (an `array('i')` holds no references: `gc.get_referents` is empty and
//! reading an item makes a new int), in a buffer of `allocated * itemsize` bytes grown with
//! `array_resize`'s policy; each typecode converts with CPython's range checks and messages.

use crate::ast::CmpOp;
use crate::builtins::{getter, method, positional, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, make_type, new, NativeData, Slots, TypeSpec};

const TYPECODES: &str = "bBuhHiIlLqQfd";

#[derive(Clone, Copy, PartialEq, Debug)]
enum Elem {
    I(i128),
    F(f64),
    U(char),
}

fn itemsize(tc: char) -> usize {
    match tc {
        'b' | 'B' => 1,
        'h' | 'H' => 2,
        'u' | 'i' | 'I' | 'f' => 4,
        _ => 8,
    }
}

#[derive(Clone)]
pub struct ArrayObj {
    typecode: char,
    items: Vec<Elem>,
    allocated: usize,
    block: Option<Block>,
    weakrefs: Vec<ObjId>,
}

impl NativeData for ArrayObj {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, _visit: &mut dyn FnMut(Slot, ObjId, bool)) {}
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        (Vec::new(), self.block.take().into_iter().collect())
    }
    fn clear(&mut self) -> Vec<ObjId> {
        Vec::new()
    }
    fn sizeof(&self) -> usize {
        64 + self.allocated * itemsize(self.typecode)
    }
    fn weakrefs(&self) -> Option<&Vec<ObjId>> {
        Some(&self.weakrefs)
    }
    fn weakrefs_mut(&mut self) -> Option<&mut Vec<ObjId>> {
        Some(&mut self.weakrefs)
    }
    native_any!();
}

#[derive(Clone)]
struct ArrayIter {
    array: Option<ObjId>,
    index: usize,
}

impl NativeData for ArrayIter {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, visit: &mut dyn FnMut(Slot, ObjId, bool)) {
        native::visit_fields(visit, &[("it_seq", self.array)]);
    }
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        native::take_fields([&mut self.array])
    }
    fn sizeof(&self) -> usize {
        40
    }
    fn slots(&self) -> Slots {
        Slots {
            next: Some(arrayiter_next),
            ..Slots::default()
        }
    }
    native_any!();
}

static ARRAY: TypeSpec = TypeSpec {
    name: "array",
    module: "array",
    methods: &[
        new(array_new),
        method("append", array_append),
        method("extend", array_extend),
        method("insert", array_insert),
        method("pop", array_pop),
        method("remove", array_remove),
        method("index", array_index),
        method("count", array_count),
        method("reverse", array_reverse),
        method("tolist", array_tolist),
        method("tobytes", array_tobytes),
        method("frombytes", array_frombytes),
        method("fromlist", array_fromlist),
        method("tounicode", array_tounicode),
        method("fromunicode", array_fromunicode),
        method("buffer_info", array_buffer_info),
        method("byteswap", array_byteswap),
        method("__len__", array_len),
        method("__getitem__", array_getitem),
        method("__setitem__", array_setitem),
        method("__delitem__", array_delitem),
        method("__contains__", array_contains),
        method("__iter__", array_iter),
        method("__repr__", array_repr),
        method("__add__", array_add),
        method("__iadd__", array_iadd),
        method("__mul__", array_mul),
        method("__rmul__", array_mul),
        method("__imul__", array_imul),
        method("__eq__", array_eq),
        method("__ne__", array_ne),
        method("__lt__", array_lt),
        method("__le__", array_le),
        method("__gt__", array_gt),
        method("__ge__", array_ge),
        method("__copy__", array_copy),
        method("__deepcopy__", array_copy),
        method("__sizeof__", array_sizeof),
        getter("itemsize", array_itemsize),
        getter("typecode", array_typecode),
    ],
    unhashable: true,
    weakrefs: true,
    base: None,
    doc: None,
    heap: true,
};

static ARRAY_ITER: TypeSpec = TypeSpec {
    name: "arrayiterator",
    module: "array",
    methods: &[
        method("__iter__", native::iter_self),
        method("__next__", native::next_method),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static FUNCTIONS: &[BuiltinDef] = &[];

pub fn init(vm: &mut Vm, m: ObjId) {
    let t = make_type(vm, &ARRAY);
    vm.module_set(m, "array", t);
    vm.module_set(m, "ArrayType", t);
    vm.decref(t);
    let it = make_type(vm, &ARRAY_ITER);
    vm.decref(it);
    let tc = vm.new_str(TYPECODES);
    vm.module_set(m, "typecodes", tc);
    vm.decref(tc);
    vm.module_add_functions(m, FUNCTIONS);
}

fn overflow(vm: &mut Vm, msg: &str) -> crate::vm::PyErr {
    vm.new_exception(ExcKind::OverflowError, msg)
}

/// The integer value of `v` (`__index__`), as the C converters take it.
fn int_value(vm: &mut Vm, v: ObjId) -> PyResult<num_bigint::BigInt> {
    crate::builtins::index_arg(vm, v)
}

/// Convert a Python object to an item of typecode `tc` (the `*_setitem` functions).
fn to_elem(vm: &mut Vm, tc: char, v: ObjId) -> PyResult<Elem> {
    use num_traits::ToPrimitive;
    match tc {
        'f' | 'd' => {
            let x = match vm.payload(v) {
                Payload::Float(f) => *f,
                Payload::Int(_) | Payload::BigInt(_) | Payload::Bool(_) => {
                    let n = vm.as_bigint(v).unwrap_or_default();
                    match crate::object::int::int_to_f64(&n) {
                        Ok(f) => f,
                        Err(e) => return Err(vm.num_error(e)),
                    }
                }
                _ => {
                    let msg = format!("must be real number, not {}", vm.type_name(v));
                    return Err(vm.type_error(&msg));
                }
            };
            Ok(Elem::F(if tc == 'f' { x as f32 as f64 } else { x }))
        }
        'u' => match vm.payload(v) {
            Payload::Str(s) if s.as_str().chars().count() == 1 => {
                Ok(Elem::U(s.as_str().chars().next().unwrap_or('\0')))
            }
            _ => Err(vm.type_error("array item must be unicode character")),
        },
        _ => {
            let n = int_value(vm, v)?;
            let long = |vm: &mut Vm| -> PyResult<i128> {
                match n.to_i64() {
                    Some(x) => Ok(x as i128),
                    None => Err(overflow(vm, "Python int too large to convert to C long")),
                }
            };
            let range = |vm: &mut Vm, x: i128, lo: i128, hi: i128, lo_msg: &str, hi_msg: &str| {
                if x < lo {
                    Err(overflow(vm, lo_msg))
                } else if x > hi {
                    Err(overflow(vm, hi_msg))
                } else {
                    Ok(x)
                }
            };
            let x = match tc {
                'b' => {
                    let x = long(vm)?;
                    let x = range(
                        vm,
                        x,
                        -32768,
                        32767,
                        "signed short integer is less than minimum",
                        "signed short integer is greater than maximum",
                    )?;
                    range(
                        vm,
                        x,
                        -128,
                        127,
                        "signed char is less than minimum",
                        "signed char is greater than maximum",
                    )?
                }
                'B' => {
                    let x = long(vm)?;
                    range(
                        vm,
                        x,
                        0,
                        255,
                        "unsigned byte integer is less than minimum",
                        "unsigned byte integer is greater than maximum",
                    )?
                }
                'h' => {
                    let x = long(vm)?;
                    range(
                        vm,
                        x,
                        -32768,
                        32767,
                        "signed short integer is less than minimum",
                        "signed short integer is greater than maximum",
                    )?
                }
                'H' => {
                    let x = long(vm)?;
                    let x = range(
                        vm,
                        x,
                        i32::MIN as i128,
                        i32::MAX as i128,
                        "signed integer is less than minimum",
                        "signed integer is greater than maximum",
                    )?;
                    range(
                        vm,
                        x,
                        0,
                        65535,
                        "unsigned short is less than minimum",
                        "unsigned short is greater than maximum",
                    )?
                }
                'i' => {
                    let x = long(vm)?;
                    range(
                        vm,
                        x,
                        i32::MIN as i128,
                        i32::MAX as i128,
                        "signed integer is less than minimum",
                        "signed integer is greater than maximum",
                    )?
                }
                'I' | 'L' => {
                    if num_traits::Signed::is_negative(&n) {
                        return Err(overflow(vm, "can't convert negative value to unsigned int"));
                    }
                    let Some(x) = n.to_u64() else {
                        return Err(overflow(
                            vm,
                            "Python int too large to convert to C unsigned long",
                        ));
                    };
                    if tc == 'I' && x > u32::MAX as u64 {
                        return Err(overflow(vm, "unsigned int is greater than maximum"));
                    }
                    x as i128
                }
                'l' => long(vm)?,
                'q' => match n.to_i64() {
                    Some(x) => x as i128,
                    None => return Err(overflow(vm, "int too big to convert")),
                },
                _ => {
                    if num_traits::Signed::is_negative(&n) {
                        return Err(overflow(vm, "can't convert negative int to unsigned"));
                    }
                    match n.to_u64() {
                        Some(x) => x as i128,
                        None => return Err(overflow(vm, "int too big to convert")),
                    }
                }
            };
            Ok(Elem::I(x))
        }
    }
}

fn from_elem(vm: &mut Vm, e: Elem) -> ObjId {
    match e {
        Elem::I(i) => match i64::try_from(i) {
            Ok(x) => vm.new_int(x),
            Err(_) => vm.new_bigint(num_bigint::BigInt::from(i)),
        },
        Elem::F(f) => vm.new_float(f),
        Elem::U(c) => vm.new_string(c.to_string()),
    }
}

fn elem_bytes(tc: char, e: Elem) -> Vec<u8> {
    let n = itemsize(tc);
    match e {
        Elem::I(i) => i.to_le_bytes()[..n].to_vec(),
        Elem::F(f) if tc == 'f' => (f as f32).to_le_bytes().to_vec(),
        Elem::F(f) => f.to_le_bytes().to_vec(),
        Elem::U(c) => (c as u32).to_le_bytes().to_vec(),
    }
}

fn elem_from_bytes(tc: char, b: &[u8]) -> Elem {
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    match tc {
        'f' => Elem::F(f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64),
        'd' => Elem::F(f64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8]))),
        'u' => Elem::U(
            char::from_u32(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).unwrap_or('\u{fffd}'),
        ),
        'b' => Elem::I(b[0] as i8 as i128),
        'B' => Elem::I(b[0] as i128),
        'h' => Elem::I(i16::from_le_bytes([b[0], b[1]]) as i128),
        'H' => Elem::I(u16::from_le_bytes([b[0], b[1]]) as i128),
        'i' => Elem::I(i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i128),
        'I' => Elem::I(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as i128),
        'Q' | 'L' => Elem::I(u64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8])) as i128),
        _ => Elem::I(i64::from_le_bytes(buf[..8].try_into().unwrap_or([0; 8])) as i128),
    }
}

fn arr(vm: &Vm, a: ObjId) -> &ArrayObj {
    vm.native_ref::<ArrayObj>(a)
        .expect("checked to be an array")
}

fn check(vm: &mut Vm, name: &str, args: &[ObjId]) -> PyResult<ObjId> {
    native::self_check::<ArrayObj>(vm, name, "array.array", args)
}

/// `array_resize`: the buffer grows with mild over-allocation and shrinks when 16 smaller.
fn resize(vm: &mut Vm, a: ObjId, newsize: usize) {
    let (allocated, size, tc, block) = {
        let x = arr(vm, a);
        (x.allocated, x.items.len(), x.typecode, x.block)
    };
    if allocated >= newsize && size < newsize + 16 && block.is_some() {
        return;
    }
    if newsize == 0 {
        if let Some(b) = block {
            vm.heap.free_block(b);
        }
        if let Some(x) = vm.native_mut::<ArrayObj>(a) {
            x.block = None;
            x.allocated = 0;
        }
        return;
    }
    let new_alloc = (newsize >> 4) + if size < 8 { 3 } else { 7 } + newsize;
    let bytes = new_alloc * itemsize(tc);
    let nb = match block {
        Some(b) => vm.heap.realloc_block(b, bytes),
        None => vm.heap.malloc_block(bytes),
    };
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.block = Some(nb);
        x.allocated = new_alloc;
    }
}

/// A new array of exactly `items.len()` slots (`newarrayobject`).
fn new_array(vm: &mut Vm, ty: ObjId, tc: char, items: Vec<Elem>) -> ObjId {
    let n = items.len();
    let block = if n > 0 {
        Some(vm.heap.malloc_block(n * itemsize(tc)))
    } else {
        None
    };
    let d = ArrayObj {
        typecode: tc,
        items,
        allocated: n,
        block,
        weakrefs: Vec::new(),
    };
    vm.new_native(ty, Box::new(d), 64)
}

fn push(vm: &mut Vm, a: ObjId, e: Elem) {
    let n = arr(vm, a).items.len();
    resize(vm, a, n + 1);
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.push(e);
    }
}

fn array_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    if !kwargs.is_empty() {
        return Err(vm.type_error("array.array() takes no keyword arguments"));
    }
    positional(vm, "array", &args[1..], &[], 1, 2)?;
    let tcv = args[1];
    let tc = match vm.payload(tcv) {
        Payload::Str(s) if s.as_str().chars().count() == 1 => {
            s.as_str().chars().next().unwrap_or('\0')
        }
        _ => {
            let msg = format!(
                "array() argument 1 must be a unicode character, not {}",
                vm.type_name(tcv)
            );
            return Err(vm.type_error(&msg));
        }
    };
    if !TYPECODES.contains(tc) {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)",
        ));
    }
    let Some(&init) = args.get(2) else {
        return Ok(new_array(vm, ty, tc, Vec::new()));
    };
    match vm.payload(init) {
        Payload::Str(s) => {
            if tc != 'u' {
                let msg = format!("cannot use a str to initialize an array with typecode '{tc}'");
                return Err(vm.type_error(&msg));
            }
            let items = s.as_str().chars().map(Elem::U).collect();
            Ok(new_array(vm, ty, tc, items))
        }
        Payload::Bytes(b) => {
            let b = b.to_vec();
            let a = new_array(vm, ty, tc, Vec::new());
            if let Err(e) = frombytes(vm, a, &b) {
                vm.decref(a);
                return Err(e);
            }
            Ok(a)
        }
        Payload::List(_) | Payload::Tuple(_) => {
            let src = if matches!(vm.payload(init), Payload::List(_)) {
                vm.list_items(init)
            } else {
                vm.tuple_items(init)
            };
            let mut items = Vec::with_capacity(src.len());
            for v in src {
                items.push(to_elem(vm, tc, v)?);
            }
            Ok(new_array(vm, ty, tc, items))
        }
        _ => {
            if let Some(other) = vm.native_ref::<ArrayObj>(init) {
                if other.typecode != tc && !(tc == 'u' || other.typecode == 'u') {
                    let src: Vec<Elem> = other.items.clone();
                    let mut items = Vec::new();
                    for e in src {
                        let o = from_elem(vm, e);
                        let r = to_elem(vm, tc, o);
                        vm.decref(o);
                        items.push(r?);
                    }
                    return Ok(new_array(vm, ty, tc, items));
                }
                let items = other.items.clone();
                return Ok(new_array(vm, ty, tc, items));
            }
            let a = new_array(vm, ty, tc, Vec::new());
            if let Err(e) = extend_iter(vm, a, init) {
                vm.decref(a);
                return Err(e);
            }
            Ok(a)
        }
    }
}

fn extend_iter(vm: &mut Vm, a: ObjId, iterable: ObjId) -> PyResult<()> {
    let tc = arr(vm, a).typecode;
    vm.for_each_item(iterable, |vm, v| {
        let e = to_elem(vm, tc, v)?;
        push(vm, a, e);
        Ok(())
    })
}

fn frombytes(vm: &mut Vm, a: ObjId, b: &[u8]) -> PyResult<()> {
    let tc = arr(vm, a).typecode;
    let n = itemsize(tc);
    if !b.len().is_multiple_of(n) {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "bytes length not a multiple of item size",
        ));
    }
    let elems: Vec<Elem> = b.chunks(n).map(|c| elem_from_bytes(tc, c)).collect();
    let old = arr(vm, a).items.len();
    resize(vm, a, old + elems.len());
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.extend(elems);
    }
    Ok(())
}

fn array_append(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "append", args)?;
    let v = crate::builtins::one_arg(vm, "array.append", &args[1..], kwargs)?;
    let tc = arr(vm, a).typecode;
    let e = to_elem(vm, tc, v)?;
    push(vm, a, e);
    Ok(vm.new_none())
}

fn array_extend(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "extend", args)?;
    let v = crate::builtins::one_arg(vm, "array.extend", &args[1..], kwargs)?;
    if let Some(other) = vm.native_ref::<ArrayObj>(v) {
        if other.typecode != arr(vm, a).typecode {
            return Err(vm.type_error("can only extend with array of same kind"));
        }
        let items = other.items.clone();
        let n = arr(vm, a).items.len();
        resize(vm, a, n + items.len());
        if let Some(x) = vm.native_mut::<ArrayObj>(a) {
            x.items.extend(items);
        }
        return Ok(vm.new_none());
    }
    extend_iter(vm, a, v)?;
    Ok(vm.new_none())
}

fn array_insert(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "insert", args)?;
    positional(vm, "insert", &args[1..], kwargs, 2, 2)?;
    let i = crate::builtins::ssize_arg(vm, args[1])?;
    let tc = arr(vm, a).typecode;
    let e = to_elem(vm, tc, args[2])?;
    let n = arr(vm, a).items.len() as i64;
    let mut i = if i < 0 { (i + n).max(0) } else { i };
    if i > n {
        i = n;
    }
    resize(vm, a, n as usize + 1);
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.insert(i as usize, e);
    }
    Ok(vm.new_none())
}

fn remove_at(vm: &mut Vm, a: ObjId, i: usize) -> Elem {
    let n = arr(vm, a).items.len();
    let e = arr(vm, a).items[i];
    resize(vm, a, n - 1);
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.remove(i);
    }
    e
}

fn array_pop(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "pop", args)?;
    positional(vm, "pop", &args[1..], kwargs, 0, 1)?;
    let n = arr(vm, a).items.len() as i64;
    let mut i = match args.get(1) {
        Some(&v) => crate::builtins::ssize_arg(vm, v)?,
        None => -1,
    };
    if n == 0 {
        return Err(vm.index_error("pop from empty array"));
    }
    if i < 0 {
        i += n;
    }
    if i < 0 || i >= n {
        return Err(vm.index_error("pop index out of range"));
    }
    let e = remove_at(vm, a, i as usize);
    Ok(from_elem(vm, e))
}

/// The first index whose item equals `v`, comparing as Python objects.
fn find(vm: &mut Vm, a: ObjId, v: ObjId, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let items = arr(vm, a).items.clone();
    for (i, &e) in items.iter().enumerate().take(stop).skip(start) {
        let o = from_elem(vm, e);
        let eq = vm.compare_bool(o, v, CmpOp::Eq);
        vm.decref(o);
        if eq? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn array_remove(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "remove", args)?;
    let v = crate::builtins::one_arg(vm, "array.remove", &args[1..], kwargs)?;
    let n = arr(vm, a).items.len();
    match find(vm, a, v, 0, n)? {
        Some(i) => {
            remove_at(vm, a, i);
            Ok(vm.new_none())
        }
        None => Err(vm.new_exception(ExcKind::ValueError, "array.remove(x): x not in array")),
    }
}

fn array_index(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "index", args)?;
    positional(vm, "index", &args[1..], kwargs, 1, 3)?;
    let n = arr(vm, a).items.len() as i64;
    let clamp = |i: i64| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let start = match args.get(2) {
        Some(&s) => clamp(crate::builtins::ssize_arg(vm, s)?),
        None => 0,
    };
    let stop = match args.get(3) {
        Some(&s) => clamp(crate::builtins::ssize_arg(vm, s)?),
        None => n,
    };
    match find(vm, a, args[1], start as usize, stop as usize)? {
        Some(i) => Ok(vm.new_usize(i)),
        None => Err(vm.new_exception(ExcKind::ValueError, "array.index(x): x not in array")),
    }
}

fn array_count(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "count", args)?;
    let v = crate::builtins::one_arg(vm, "array.count", &args[1..], kwargs)?;
    let items = arr(vm, a).items.clone();
    let mut c = 0;
    for e in items {
        let o = from_elem(vm, e);
        let eq = vm.compare_bool(o, v, CmpOp::Eq);
        vm.decref(o);
        if eq? {
            c += 1;
        }
    }
    Ok(vm.new_usize(c))
}

fn array_reverse(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "reverse", args)?;
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.reverse();
    }
    Ok(vm.new_none())
}

fn array_tolist(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "tolist", args)?;
    let items = arr(vm, a).items.clone();
    let objs: Vec<ObjId> = items.into_iter().map(|e| from_elem(vm, e)).collect();
    Ok(vm.new_list(objs))
}

fn array_tobytes(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "tobytes", args)?;
    let x = arr(vm, a);
    let tc = x.typecode;
    let bytes: Vec<u8> = x.items.iter().flat_map(|&e| elem_bytes(tc, e)).collect();
    Ok(vm.new_bytes(bytes))
}

fn array_frombytes(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "frombytes", args)?;
    let v = crate::builtins::one_arg(vm, "array.frombytes", &args[1..], kwargs)?;
    let b = vm.bytes_from_object(v)?;
    frombytes(vm, a, &b)?;
    Ok(vm.new_none())
}

fn array_fromlist(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "fromlist", args)?;
    let v = crate::builtins::one_arg(vm, "array.fromlist", &args[1..], kwargs)?;
    if !matches!(vm.payload(v), Payload::List(_)) {
        return Err(vm.type_error("arg must be list"));
    }
    let tc = arr(vm, a).typecode;
    let mut elems = Vec::new();
    for o in vm.list_items(v) {
        elems.push(to_elem(vm, tc, o)?);
    }
    for e in elems {
        push(vm, a, e);
    }
    Ok(vm.new_none())
}

fn array_tounicode(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "tounicode", args)?;
    let x = arr(vm, a);
    if x.typecode != 'u' {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "tounicode() may only be called on unicode type arrays",
        ));
    }
    let s: String = x
        .items
        .iter()
        .map(|e| match e {
            Elem::U(c) => *c,
            _ => '\0',
        })
        .collect();
    Ok(vm.new_string(s))
}

fn array_fromunicode(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "fromunicode", args)?;
    let v = crate::builtins::one_arg(vm, "array.fromunicode", &args[1..], kwargs)?;
    if arr(vm, a).typecode != 'u' {
        return Err(vm.new_exception(
            ExcKind::ValueError,
            "fromunicode() may only be called on unicode type arrays",
        ));
    }
    let s = crate::builtins::str_arg(vm, "fromunicode", v)?;
    for c in s.chars() {
        push(vm, a, Elem::U(c));
    }
    Ok(vm.new_none())
}

fn array_buffer_info(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "buffer_info", args)?;
    let (addr, n) = {
        let x = arr(vm, a);
        (x.block.map(|b| b.addr).unwrap_or(0), x.items.len())
    };
    let ao = vm.new_bigint(num_bigint::BigInt::from(addr));
    let no = vm.new_usize(n);
    Ok(vm.new_tuple(vec![ao, no]))
}

fn array_byteswap(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "byteswap", args)?;
    let tc = arr(vm, a).typecode;
    let swapped: Vec<Elem> = arr(vm, a)
        .items
        .iter()
        .map(|&e| {
            let mut b = elem_bytes(tc, e);
            b.reverse();
            elem_from_bytes(tc, &b)
        })
        .collect();
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items = swapped;
    }
    Ok(vm.new_none())
}

fn array_len(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__len__", args)?;
    let n = arr(vm, a).items.len();
    Ok(vm.new_usize(n))
}

fn array_sizeof(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__sizeof__", args)?;
    let n = arr(vm, a).sizeof();
    Ok(vm.new_usize(n))
}

fn array_itemsize(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "itemsize", args)?;
    let n = itemsize(arr(vm, a).typecode);
    Ok(vm.new_usize(n))
}

fn array_typecode(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "typecode", args)?;
    let tc = arr(vm, a).typecode;
    Ok(vm.new_string(tc.to_string()))
}

fn index_of(vm: &mut Vm, a: ObjId, key: ObjId) -> PyResult<usize> {
    let i = crate::builtins::ssize_arg(vm, key)?;
    let n = arr(vm, a).items.len() as i64;
    let j = if i < 0 { i + n } else { i };
    if j < 0 || j >= n {
        return Err(vm.index_error("array index out of range"));
    }
    Ok(j as usize)
}

fn array_getitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__getitem__", args)?;
    let key = crate::builtins::one_arg(vm, "array.__getitem__", &args[1..], kwargs)?;
    if matches!(vm.payload(key), Payload::Slice(_)) {
        let n = arr(vm, a).items.len();
        let si = vm.slice_indices(key, n)?;
        let items: Vec<Elem> = {
            let all = &arr(vm, a).items;
            si.indices().map(|i| all[i]).collect()
        };
        let (ty, tc) = (vm.type_of(a), arr(vm, a).typecode);
        return Ok(new_array(vm, ty, tc, items));
    }
    if !vm.is_int_like(key) && !vm.is_user_object(key) {
        return Err(vm.type_error("array indices must be integers"));
    }
    let i = index_of(vm, a, key)?;
    let e = arr(vm, a).items[i];
    Ok(from_elem(vm, e))
}

fn array_setitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__setitem__", args)?;
    positional(vm, "__setitem__", &args[1..], kwargs, 2, 2)?;
    let (key, value) = (args[1], args[2]);
    if matches!(vm.payload(key), Payload::Slice(_)) {
        let Some(other) = vm.native_ref::<ArrayObj>(value) else {
            let msg = format!(
                "can only assign array (not \"{}\") to array slice",
                vm.type_name(value)
            );
            return Err(vm.type_error(&msg));
        };
        if other.typecode != arr(vm, a).typecode {
            return Err(vm.type_error("bad argument type for built-in operation"));
        }
        let new: Vec<Elem> = other.items.clone();
        let n = arr(vm, a).items.len();
        let si = vm.slice_indices(key, n)?;
        if si.step == 1 {
            let start = (si.start.max(0) as usize).min(n);
            let end = start + si.len;
            let newlen = n - si.len + new.len();
            resize(vm, a, newlen);
            if let Some(x) = vm.native_mut::<ArrayObj>(a) {
                x.items.splice(start..end, new);
            }
        } else {
            if si.len != new.len() {
                let msg = format!(
                    "attempt to assign array of size {} to extended slice of size {}",
                    new.len(),
                    si.len
                );
                return Err(vm.new_exception(ExcKind::ValueError, &msg));
            }
            let idx: Vec<usize> = si.indices().collect();
            if let Some(x) = vm.native_mut::<ArrayObj>(a) {
                for (i, e) in idx.into_iter().zip(new) {
                    x.items[i] = e;
                }
            }
        }
        return Ok(vm.new_none());
    }
    let i = index_of(vm, a, key)?;
    let tc = arr(vm, a).typecode;
    let e = to_elem(vm, tc, value)?;
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items[i] = e;
    }
    Ok(vm.new_none())
}

fn array_delitem(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__delitem__", args)?;
    let key = crate::builtins::one_arg(vm, "array.__delitem__", &args[1..], kwargs)?;
    if matches!(vm.payload(key), Payload::Slice(_)) {
        let n = arr(vm, a).items.len();
        let si = vm.slice_indices(key, n)?;
        let mut doomed: Vec<usize> = si.indices().collect();
        doomed.sort_unstable();
        let keep: Vec<Elem> = arr(vm, a)
            .items
            .iter()
            .enumerate()
            .filter(|(i, _)| doomed.binary_search(i).is_err())
            .map(|(_, &e)| e)
            .collect();
        resize(vm, a, keep.len());
        if let Some(x) = vm.native_mut::<ArrayObj>(a) {
            x.items = keep;
        }
        return Ok(vm.new_none());
    }
    let i = index_of(vm, a, key)?;
    remove_at(vm, a, i);
    Ok(vm.new_none())
}

fn array_contains(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__contains__", args)?;
    let v = crate::builtins::one_arg(vm, "array.__contains__", &args[1..], kwargs)?;
    let n = arr(vm, a).items.len();
    let found = find(vm, a, v, 0, n)?.is_some();
    Ok(vm.new_bool(found))
}

fn array_iter(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__iter__", args)?;
    vm.incref(a);
    let t = vm.native_type("array.arrayiterator");
    Ok(vm.new_native(
        t,
        Box::new(ArrayIter {
            array: Some(a),
            index: 0,
        }),
        40,
    ))
}

fn arrayiter_next(vm: &mut Vm, it: ObjId) -> PyResult<Option<ObjId>> {
    let (a, index) = match vm.native_ref::<ArrayIter>(it) {
        Some(x) => (x.array, x.index),
        None => return Ok(None),
    };
    let Some(a) = a else { return Ok(None) };
    let e = arr(vm, a).items.get(index).copied();
    match e {
        Some(e) => {
            if let Some(x) = vm.native_mut::<ArrayIter>(it) {
                x.index += 1;
            }
            Ok(Some(from_elem(vm, e)))
        }
        None => {
            if let Some(x) = vm.native_mut::<ArrayIter>(it) {
                x.array = None;
            }
            vm.decref(a);
            Ok(None)
        }
    }
}

fn array_repr(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__repr__", args)?;
    let name = native::short_type_name(vm, a);
    let (tc, n) = {
        let x = arr(vm, a);
        (x.typecode, x.items.len())
    };
    if n == 0 {
        return Ok(vm.new_string(format!("{name}('{tc}')")));
    }
    let inner = if tc == 'u' {
        let s = array_tounicode(vm, &[a], &[])?;
        let r = vm.repr_string(s);
        vm.decref(s);
        r?
    } else {
        let l = array_tolist(vm, &[a], &[])?;
        let r = vm.repr_string(l);
        vm.decref(l);
        r?
    };
    Ok(vm.new_string(format!("{name}('{tc}', {inner})")))
}

fn array_copy(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__copy__", args)?;
    let (ty, tc, items) = (vm.type_of(a), arr(vm, a).typecode, arr(vm, a).items.clone());
    Ok(new_array(vm, ty, tc, items))
}

fn array_add(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__add__", args)?;
    let b = args[1];
    let Some(other) = vm.native_ref::<ArrayObj>(b) else {
        let msg = format!(
            "can only append array (not \"{}\") to array",
            vm.type_name(b)
        );
        return Err(vm.type_error(&msg));
    };
    if other.typecode != arr(vm, a).typecode {
        return Err(vm.type_error("bad argument type for built-in operation"));
    }
    let mut items = arr(vm, a).items.clone();
    items.extend(other.items.iter().copied());
    let (ty, tc) = (vm.type_of(a), arr(vm, a).typecode);
    Ok(new_array(vm, ty, tc, items))
}

fn array_iadd(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__iadd__", args)?;
    let b = args[1];
    let Some(other) = vm.native_ref::<ArrayObj>(b) else {
        let msg = format!(
            "can only extend array with array (not \"{}\")",
            vm.type_name(b)
        );
        return Err(vm.type_error(&msg));
    };
    if other.typecode != arr(vm, a).typecode {
        return Err(vm.type_error("can only extend with array of same kind"));
    }
    let items = other.items.clone();
    let n = arr(vm, a).items.len();
    resize(vm, a, n + items.len());
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items.extend(items);
    }
    Ok(vm.new_ref(a))
}

fn repeat_count(vm: &mut Vm, v: ObjId) -> PyResult<Option<usize>> {
    if !vm.is_int_like(v) {
        return Ok(None);
    }
    Ok(Some(crate::builtins::ssize_arg(vm, v)?.max(0) as usize))
}

fn array_mul(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__mul__", args)?;
    let Some(n) = repeat_count(vm, args[1])? else {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    };
    let base = arr(vm, a).items.clone();
    let itemsize = itemsize(arr(vm, a).typecode) as u128;
    if base.len() as u128 * n as u128 > isize::MAX as u128 / itemsize.max(1) {
        return Err(vm.new_exception_empty(ExcKind::MemoryError));
    }
    vm.check_memory(base.len() as u128 * n as u128 * itemsize)?;
    let mut items = Vec::with_capacity(base.len() * n);
    for _ in 0..n {
        items.extend(base.iter().copied());
    }
    let (ty, tc) = (vm.type_of(a), arr(vm, a).typecode);
    Ok(new_array(vm, ty, tc, items))
}

fn array_imul(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = check(vm, "__imul__", args)?;
    let Some(n) = repeat_count(vm, args[1])? else {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    };
    let base = arr(vm, a).items.clone();
    let itemsize = itemsize(arr(vm, a).typecode) as u128;
    if base.len() as u128 * n as u128 > isize::MAX as u128 / itemsize.max(1) {
        return Err(vm.new_exception_empty(ExcKind::MemoryError));
    }
    vm.check_memory(base.len() as u128 * n as u128 * itemsize)?;
    let mut items = Vec::with_capacity(base.len() * n);
    for _ in 0..n {
        items.extend(base.iter().copied());
    }
    resize(vm, a, items.len());
    if let Some(x) = vm.native_mut::<ArrayObj>(a) {
        x.items = items;
    }
    Ok(vm.new_ref(a))
}

fn array_compare(vm: &mut Vm, args: &[ObjId], op: CmpOp) -> PyResult<ObjId> {
    let a = check(vm, "__eq__", args)?;
    let b = args[1];
    if vm.native_ref::<ArrayObj>(b).is_none() {
        let ni = vm.statics.not_implemented;
        return Ok(vm.new_ref(ni));
    }
    let la = array_tolist(vm, &[a], &[])?;
    let lb = array_tolist(vm, &[b], &[])?;
    let r = vm.rich_compare(la, lb, op);
    vm.decref(la);
    vm.decref(lb);
    r
}

fn array_eq(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::Eq)
}
fn array_ne(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::NotEq)
}
fn array_lt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::Lt)
}
fn array_le(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::LtE)
}
fn array_gt(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::Gt)
}
fn array_ge(vm: &mut Vm, args: &[ObjId], _kw: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    array_compare(vm, args, CmpOp::GtE)
}
