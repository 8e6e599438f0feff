//! Why two names can be the same object (`a is b`): the small-int cache, interned strings (and
//! what interned them), the singletons and static caches, and constants that one compilation
//! unit shares between every place it uses them.

use crate::object::str::InternReason;
use crate::object::{ObjId, Payload};
use crate::vm::Vm;

use super::HeapState;

/// One reason an object is shared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shared {
    /// One of the cached ints -5..=256 (a static array, 32 bytes apart).
    SmallInt(i64),
    /// A singleton: `None`, `True`, `False`, `Ellipsis`, `NotImplemented`, `()`, `''`, `b''`.
    Singleton(&'static str),
    /// One of the 256 one-character latin-1 strings every indexing/slicing/`chr()` returns.
    Latin1Char,
    /// The canonical object of an interned string.
    Interned(InternReason),
    /// An interned string of a real interpreter (which does not say what interned it).
    InternedReal,
    /// A constant in the `co_consts` of these code objects (equal literals of one compilation
    /// unit are one object).
    Constant(Vec<String>),
}

impl Shared {
    /// The reason in a word or two (a box's footer).
    pub fn word(&self) -> &'static str {
        match self {
            Shared::SmallInt(_) => "small int",
            Shared::Singleton(_) => "singleton",
            Shared::Latin1Char => "1-char str",
            Shared::Interned(_) | Shared::InternedReal => "interned",
            Shared::Constant(_) => "constant",
        }
    }

    /// A sentence for the views.
    pub fn explain(&self) -> String {
        match self {
            Shared::SmallInt(n) => format!("small-int cache: every {n} anywhere is this one object (ints -5..256 are preallocated)"),
            Shared::Singleton(name) => format!("singleton: there is only one {name}"),
            Shared::Latin1Char => "one-character string cache: every 1-char latin-1 string from indexing, slicing or chr() is this object".into(),
            Shared::Interned(reason) => {
                let why = match reason {
                    InternReason::NotInterned => "not interned",
                    InternReason::Interpreter => "interned by the interpreter at start-up",
                    InternReason::DeepFrozen => "a statically allocated (deep-frozen) string of 3.11's start-up",
                    InternReason::IdentifierConstant => "an identifier-like string constant (only [A-Za-z0-9_]), interned by the compiler",
                    InternReason::Name => "a name in code (variable, function, attribute or keyword name)",
                    InternReason::SysIntern => "interned by sys.intern()",
                    InternReason::AttributeName => "an attribute name set at run time (setattr, instance attributes)",
                };
                format!("interned string: {why}; equal interned strings are one object")
            }
            Shared::InternedReal => {
                "interned string: equal interned strings are one object".into()
            }
            Shared::Constant(codes) => format!(
                "constant of {}: equal literals in one compilation unit share one object",
                codes.join(", ")
            ),
        }
    }
}

/// Every reason `id` is shared, in any heap state: its caches, then the code objects whose
/// constants hold it.
pub fn why_shared_in<H: HeapState + ?Sized>(heap: &H, id: ObjId) -> Vec<Shared> {
    let mut out = heap.cached_reasons(id);
    let codes = heap.constant_of(id);
    if !codes.is_empty() {
        out.push(Shared::Constant(codes));
    }
    out
}

/// Why a string was interned, in a few words (the interned pane's column).
pub fn reason_words(reason: InternReason) -> &'static str {
    match reason {
        InternReason::NotInterned => "not interned",
        InternReason::Interpreter => "interpreter",
        InternReason::DeepFrozen => "deep-frozen",
        InternReason::IdentifierConstant => "identifier-like constant",
        InternReason::Name => "name in code",
        InternReason::SysIntern => "sys.intern()",
        InternReason::AttributeName => "attribute name",
    }
}

/// The code objects whose constants hold `id`, by qualified name (the model's heap, scanned
/// in place).
pub fn constant_of(vm: &Vm, id: ObjId) -> Vec<String> {
    vm.heap
        .ids()
        .filter_map(|c| match vm.payload(c) {
            Payload::Code(code) if code.consts.contains(&id) => Some(code.qualname.clone()),
            _ => None,
        })
        .collect()
}

/// Every reason `id` is shared.
pub fn why_shared(vm: &Vm, id: ObjId) -> Vec<Shared> {
    let mut out = why_cached(vm, id);
    let codes: Vec<String> = vm
        .heap
        .ids()
        .filter_map(|c| match vm.payload(c) {
            Payload::Code(code) if code.consts.contains(&id) => Some(code.qualname.clone()),
            _ => None,
        })
        .collect();
    if !codes.is_empty() {
        out.push(Shared::Constant(codes));
    }
    out
}

/// The reasons that need no heap scan (caches, singletons, interning): everything
/// [`why_shared`] says but shared constants. Cheap enough for every box of a picture.
pub fn why_cached(vm: &Vm, id: ObjId) -> Vec<Shared> {
    let mut out = Vec::new();
    let s = &vm.statics;
    let singleton = [
        (s.none, "None"),
        (s.true_, "True"),
        (s.false_, "False"),
        (s.ellipsis, "Ellipsis"),
        (s.not_implemented, "NotImplemented"),
        (s.empty_tuple, "empty tuple ()"),
        (s.empty_str, "empty string ''"),
        (s.empty_bytes, "empty bytes b''"),
    ]
    .into_iter()
    .find(|(sid, _)| *sid == id);
    if let Some((_, name)) = singleton {
        out.push(Shared::Singleton(name));
    }
    if let Payload::Int(n) = vm.payload(id) {
        if s.small_ints.get((*n + 5) as usize) == Some(&id) {
            out.push(Shared::SmallInt(*n));
        }
    }
    if s.latin1.contains(&id) {
        out.push(Shared::Latin1Char);
    }
    if let Payload::Str(st) = vm.payload(id) {
        if st.interned && id != s.empty_str {
            out.push(Shared::Interned(st.intern_reason));
        }
    }
    out
}
