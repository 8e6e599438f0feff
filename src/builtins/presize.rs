//! `__length_hint__` of the builtin iterators (`listiter_len`, `listreviter_len`,
//! `rangeiter_len`...): how many items are left. `list()`, `tuple()` and `[*it]` use it to
//! size their result before iterating (`PyObject_LengthHint`).

use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{PyResult, Vm};

use super::{method, BuiltinDef};

fn length_hint(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let Some((&it, rest)) = args.split_first() else {
        return Err(vm.type_error("descriptor '__length_hint__' needs an argument"));
    };
    super::noargs(vm, "__length_hint__", rest, kwargs)?;
    if !matches!(vm.payload(it), Payload::Iter(_)) {
        let msg = format!(
            "descriptor '__length_hint__' doesn't apply to a '{}' object",
            vm.type_name(it)
        );
        return Err(vm.type_error(&msg));
    }
    let n = match vm.user_seq_iter_hint(it) {
        Some(r) => match r? {
            Some(n) => n,
            None => {
                let ni = vm.statics.not_implemented;
                return Ok(vm.new_ref(ni));
            }
        },
        None => vm.length_hint(it).unwrap_or(0),
    };
    Ok(vm.new_usize(n))
}

static LENGTH_HINT: &[BuiltinDef] = &[method("__length_hint__", length_hint)];

/// The iterator types that answer `__length_hint__`.
pub fn tables() -> Vec<(BuiltinType, &'static [BuiltinDef])> {
    [
        BuiltinType::ListIterator,
        BuiltinType::SeqIterator,
        BuiltinType::TupleIterator,
        BuiltinType::RangeIterator,
        BuiltinType::LongRangeIterator,
        BuiltinType::StrIterator,
        BuiltinType::StrUnicodeIterator,
        BuiltinType::DictKeyIterator,
        BuiltinType::DictValueIterator,
        BuiltinType::DictItemIterator,
        BuiltinType::SetIterator,
        BuiltinType::Reversed,
        BuiltinType::BytesIterator,
        BuiltinType::ListRevIterator,
        BuiltinType::DictRevKeyIterator,
        BuiltinType::DictRevValueIterator,
        BuiltinType::DictRevItemIterator,
        BuiltinType::ByteArrayIterator,
    ]
    .into_iter()
    .map(|t| (t, LENGTH_HINT))
    .collect()
}

/// `MAX_PREALLOC` of `stringlib/split.h`: split results start with room for this many items.
const MAX_PREALLOC: usize = 12;

impl Vm {
    /// The list `str.split`/`bytes.split` (and their `rsplit`) return: `PyList_New(PREALLOC)`
    /// (12 slots, or `maxsplit + 1` when that is smaller) filled by index, the items past it
    /// appended, then the size set to the count, so `'a b'.split()` keeps its 12 slots.
    pub fn split_result_list(&mut self, items: Vec<ObjId>, maxsplit: i64) -> ObjId {
        let prealloc = if maxsplit < 0 || maxsplit as usize >= MAX_PREALLOC {
            MAX_PREALLOC
        } else {
            maxsplit as usize + 1
        };
        let mut items = items.into_iter();
        let first: Vec<ObjId> = items.by_ref().take(prealloc).collect();
        let l = self.new_list_with_capacity(first, prealloc);
        for v in items {
            self.list_append_owned(l, v);
        }
        l
    }
}
