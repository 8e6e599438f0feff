//! `list.sort`: CPython 3.11's `listsort` (Objects/listobject.c): natural runs found by
//! `count_run`, short runs extended by `binarysort`, runs merged with galloping `merge_lo` /
//! `merge_hi` in the order the "powersort" policy (`found_new_run`) picks. Only `<` is used,
//! and in the same order as CPython, so a snippet whose `__lt__` prints (or raises, or a list
//! of mixed types that fails) sees the same calls and the same error.
//!
//! The sort works on a permutation of item positions: `perm[i]` is the position whose key is
//! compared. Like CPython, a failed comparison leaves a permutation of the input.

use crate::ast::CmpOp;
use crate::object::{BuiltinType, ObjId, Payload};
use crate::vm::{PyResult, Vm};

const MIN_GALLOP: usize = 7;
const MAX_MINRUN: usize = 64;

struct Run {
    base: usize,
    len: usize,
    power: u32,
}

struct MergeState<'a> {
    keys: &'a [ObjId],
    min_gallop: usize,
    pending: Vec<Run>,
    listlen: usize,
    /// `ms->key_compare`, picked once before sorting.
    compare: KeyCompare,
}

/// listsort's pre-sort check (CPython 3.11 `list_sort_impl`): when every key has the same
/// exact builtin type whose `<` runs no Python code, the sort compares the values directly
/// (`unsafe_long_compare`, `unsafe_float_compare`, `unsafe_latin_compare`) instead of through
/// `PyObject_RichCompareBool`. Neither way makes an object or leaves a reference behind (the
/// generic way only lends out `True`/`False`).
///
/// The recursion limit: the direct compares enter no guard (the generic path's
/// `PyObject_RichCompare` enters " in comparison"); the call of `list.sort` (and `sorted`'s
/// call of it) holds " while calling a Python object" unless a specialised `PRECALL` made it
/// (see `vm::quicken`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum KeyCompare {
    /// Every key an exact `int` (a small one compared as a machine word; a bignum through
    /// the generic path, which gives the same answer).
    Int,
    /// Every key an exact `float`.
    Float,
    /// Every key an exact `str` (code point order is UTF-8 byte order).
    Str,
    /// Every key of one other type (not a tuple): `unsafe_object_compare`, the type's
    /// `tp_richcompare` called directly (no " in comparison" guard), and
    /// `PyObject_RichCompareBool` only when it returns NotImplemented.
    SameType,
    /// Anything else: `PyObject_RichCompare(v, w, Py_LT)`.
    Object,
}

impl KeyCompare {
    fn of(vm: &Vm, keys: &[ObjId]) -> KeyCompare {
        let Some(&first) = keys.first() else {
            return KeyCompare::Object;
        };
        let ty = vm.type_of(first);
        let kind = if ty == vm.ty(BuiltinType::Int) {
            KeyCompare::Int
        } else if ty == vm.ty(BuiltinType::Float) {
            KeyCompare::Float
        } else if ty == vm.ty(BuiltinType::Str) {
            KeyCompare::Str
        } else if ty == vm.ty(BuiltinType::Tuple) {
            // `unsafe_tuple_compare` compares item by item through the generic path
            return KeyCompare::Object;
        } else {
            KeyCompare::SameType
        };
        if keys.iter().all(|&k| vm.type_of(k) == ty) {
            kind
        } else {
            KeyCompare::Object
        }
    }
}

impl MergeState<'_> {
    /// `ISLT(X, Y)`: `keys[x] < keys[y]`.
    #[inline]
    fn lt(&self, vm: &mut Vm, x: usize, y: usize) -> PyResult<bool> {
        let (a, b) = (self.keys[x], self.keys[y]);
        match (self.compare, vm.heap.payload(a), vm.heap.payload(b)) {
            (KeyCompare::Int, Payload::Int(p), Payload::Int(q)) => Ok(p < q),
            (KeyCompare::Float, Payload::Float(p), Payload::Float(q)) => Ok(p < q),
            (KeyCompare::Str, Payload::Str(p), Payload::Str(q)) => Ok(p.as_str() < q.as_str()),
            (KeyCompare::SameType, _, _) => match vm.type_richcompare(a, b, CmpOp::Lt)? {
                Some(r) => {
                    let t = vm.is_true(r);
                    vm.decref(r);
                    t
                }
                None => vm.compare_bool(a, b, CmpOp::Lt),
            },
            _ => vm.compare_bool(a, b, CmpOp::Lt),
        }
    }
}

/// Sort `perm` (positions into `keys`) stably by `keys[p] < keys[q]`.
pub fn timsort(vm: &mut Vm, keys: &[ObjId], perm: &mut [usize]) -> PyResult<()> {
    let n = perm.len();
    if n < 2 {
        return Ok(());
    }
    let mut ms = MergeState {
        keys,
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
        listlen: n,
        compare: KeyCompare::of(vm, keys),
    };
    let minrun = merge_compute_minrun(n);
    let mut lo = 0;
    let mut nremaining = n;
    while nremaining > 0 {
        let (mut run, descending) = count_run(&ms, vm, perm, lo, lo + nremaining)?;
        if descending {
            perm[lo..lo + run].reverse();
        }
        if run < minrun {
            let force = nremaining.min(minrun);
            binarysort(&ms, vm, perm, lo, lo + force, lo + run)?;
            run = force;
        }
        found_new_run(&mut ms, vm, perm, run)?;
        ms.pending.push(Run {
            base: lo,
            len: run,
            power: 0,
        });
        lo += run;
        nremaining -= run;
    }
    merge_force_collapse(&mut ms, vm, perm)
}

fn merge_compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= MAX_MINRUN {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// The length of the run starting at `lo`, and whether it is strictly descending.
fn count_run(
    ms: &MergeState,
    vm: &mut Vm,
    perm: &[usize],
    lo: usize,
    hi: usize,
) -> PyResult<(usize, bool)> {
    let mut p = lo + 1;
    if p == hi {
        return Ok((1, false));
    }
    let mut n = 2;
    if ms.lt(vm, perm[p], perm[p - 1])? {
        p += 1;
        while p < hi {
            if !ms.lt(vm, perm[p], perm[p - 1])? {
                break;
            }
            p += 1;
            n += 1;
        }
        Ok((n, true))
    } else {
        p += 1;
        while p < hi {
            if ms.lt(vm, perm[p], perm[p - 1])? {
                break;
            }
            p += 1;
            n += 1;
        }
        Ok((n, false))
    }
}

/// Binary insertion of `perm[start..hi]` into the sorted `perm[lo..start]`.
fn binarysort(
    ms: &MergeState,
    vm: &mut Vm,
    perm: &mut [usize],
    lo: usize,
    hi: usize,
    mut start: usize,
) -> PyResult<()> {
    if lo == start {
        start += 1;
    }
    while start < hi {
        let pivot = perm[start];
        let mut l = lo;
        let mut r = start;
        while l < r {
            let p = l + ((r - l) >> 1);
            if ms.lt(vm, pivot, perm[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        perm.copy_within(l..start, l + 1);
        perm[l] = pivot;
        start += 1;
    }
    Ok(())
}

/// The position in the sorted `a` where `key` belongs, left of any equal items.
fn gallop_left(
    ms: &MergeState,
    vm: &mut Vm,
    key: usize,
    a: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let n = a.len();
    let mut lastofs: isize;
    let mut ofs: isize;
    if ms.lt(vm, a[hint], key)? {
        // a[hint] < key: gallop right
        let maxofs = (n - hint) as isize;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if ms.lt(vm, a[hint + ofs as usize], key)? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        if ofs > maxofs {
            ofs = maxofs;
        }
        lastofs += hint as isize;
        ofs += hint as isize;
    } else {
        // key <= a[hint]: gallop left
        let maxofs = hint as isize + 1;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if ms.lt(vm, a[hint - ofs as usize], key)? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if ofs > maxofs {
            ofs = maxofs;
        }
        let k = lastofs;
        lastofs = hint as isize - ofs;
        ofs = hint as isize - k;
    }
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if ms.lt(vm, a[m as usize], key)? {
            lastofs = m + 1;
        } else {
            ofs = m;
        }
    }
    Ok(ofs as usize)
}

/// Like `gallop_left`, but right of any equal items.
fn gallop_right(
    ms: &MergeState,
    vm: &mut Vm,
    key: usize,
    a: &[usize],
    hint: usize,
) -> PyResult<usize> {
    let n = a.len();
    let mut lastofs: isize;
    let mut ofs: isize;
    if ms.lt(vm, key, a[hint])? {
        // key < a[hint]: gallop left
        let maxofs = hint as isize + 1;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if ms.lt(vm, key, a[hint - ofs as usize])? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        if ofs > maxofs {
            ofs = maxofs;
        }
        let k = lastofs;
        lastofs = hint as isize - ofs;
        ofs = hint as isize - k;
    } else {
        // a[hint] <= key: gallop right
        let maxofs = (n - hint) as isize;
        lastofs = 0;
        ofs = 1;
        while ofs < maxofs {
            if ms.lt(vm, key, a[hint + ofs as usize])? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        if ofs > maxofs {
            ofs = maxofs;
        }
        lastofs += hint as isize;
        ofs += hint as isize;
    }
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if ms.lt(vm, key, a[m as usize])? {
            ofs = m;
        } else {
            lastofs = m + 1;
        }
    }
    Ok(ofs as usize)
}

/// Merge `perm[pa..pa+na]` and `perm[pa+na..pa+na+nb]` with `na <= nb`, copying the first run
/// out to a temporary array (`merge_lo`).
fn merge_lo(
    ms: &mut MergeState,
    vm: &mut Vm,
    perm: &mut [usize],
    pa: usize,
    mut na: usize,
    mut nb: usize,
) -> PyResult<()> {
    let tmp: Vec<usize> = perm[pa..pa + na].to_vec();
    let mut a = 0; // index into tmp
    let mut b = pa + na; // index into perm
    let mut dest = pa;
    // on failure or success the rest of tmp goes back at dest (CPython's `Fail:` label)
    macro_rules! finish {
        ($r:expr) => {{
            if na > 0 {
                perm[dest..dest + na].copy_from_slice(&tmp[a..a + na]);
            }
            return $r;
        }};
    }
    macro_rules! copy_b {
        () => {{
            // the last element of a belongs at the end of the merge
            perm.copy_within(b..b + nb, dest);
            perm[dest + nb] = tmp[a];
            return Ok(());
        }};
    }
    perm[dest] = perm[b];
    dest += 1;
    b += 1;
    nb -= 1;
    if nb == 0 {
        finish!(Ok(()));
    }
    if na == 1 {
        copy_b!();
    }
    let mut min_gallop = ms.min_gallop;
    loop {
        let mut acount = 0;
        let mut bcount = 0;
        loop {
            let k = match ms.lt(vm, perm[b], tmp[a]) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            if k {
                perm[dest] = perm[b];
                dest += 1;
                b += 1;
                bcount += 1;
                acount = 0;
                nb -= 1;
                if nb == 0 {
                    finish!(Ok(()));
                }
                if bcount >= min_gallop {
                    break;
                }
            } else {
                perm[dest] = tmp[a];
                dest += 1;
                a += 1;
                acount += 1;
                bcount = 0;
                na -= 1;
                if na == 1 {
                    copy_b!();
                }
                if acount >= min_gallop {
                    break;
                }
            }
        }
        min_gallop += 1;
        loop {
            min_gallop -= (min_gallop > 1) as usize;
            ms.min_gallop = min_gallop;
            let k = match gallop_right(ms, vm, perm[b], &tmp[a..a + na], 0) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            acount = k;
            if k > 0 {
                perm[dest..dest + k].copy_from_slice(&tmp[a..a + k]);
                dest += k;
                a += k;
                na -= k;
                if na == 1 {
                    copy_b!();
                }
                if na == 0 {
                    finish!(Ok(()));
                }
            }
            perm[dest] = perm[b];
            dest += 1;
            b += 1;
            nb -= 1;
            if nb == 0 {
                finish!(Ok(()));
            }
            let key = tmp[a];
            let k = match gallop_left(ms, vm, key, &perm[b..b + nb], 0) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            bcount = k;
            if k > 0 {
                perm.copy_within(b..b + k, dest);
                dest += k;
                b += k;
                nb -= k;
                if nb == 0 {
                    finish!(Ok(()));
                }
            }
            perm[dest] = tmp[a];
            dest += 1;
            a += 1;
            na -= 1;
            if na == 1 {
                copy_b!();
            }
            if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                break;
            }
        }
        min_gallop += 1;
        ms.min_gallop = min_gallop;
    }
}

/// Merge with `na >= nb`, copying the second run out and filling from the right (`merge_hi`).
fn merge_hi(
    ms: &mut MergeState,
    vm: &mut Vm,
    perm: &mut [usize],
    pa: usize,
    mut na: usize,
    mut nb: usize,
) -> PyResult<()> {
    let pb = pa + na;
    let tmp: Vec<usize> = perm[pb..pb + nb].to_vec();
    // indices of the last unmerged element of each run, and of the last free slot
    let mut dest = pb + nb - 1;
    let mut a = pb - 1; // into perm
    let mut b = nb - 1; // into tmp
    macro_rules! finish {
        ($r:expr) => {{
            if nb > 0 {
                perm[dest + 1 - nb..dest + 1].copy_from_slice(&tmp[..nb]);
            }
            return $r;
        }};
    }
    macro_rules! copy_a {
        () => {{
            // the first element of b belongs at the front of the merge
            perm.copy_within(a + 1 - na..a + 1, dest + 1 - na);
            perm[dest - na] = tmp[b];
            return Ok(());
        }};
    }
    perm[dest] = perm[a];
    dest -= 1;
    na -= 1;
    if na == 0 {
        finish!(Ok(()));
    }
    a -= 1;
    if nb == 1 {
        copy_a!();
    }
    let mut min_gallop = ms.min_gallop;
    loop {
        let mut acount = 0;
        let mut bcount = 0;
        loop {
            let k = match ms.lt(vm, tmp[b], perm[a]) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            if k {
                perm[dest] = perm[a];
                dest -= 1;
                acount += 1;
                bcount = 0;
                na -= 1;
                if na == 0 {
                    finish!(Ok(()));
                }
                a -= 1;
                if acount >= min_gallop {
                    break;
                }
            } else {
                perm[dest] = tmp[b];
                dest -= 1;
                bcount += 1;
                acount = 0;
                nb -= 1;
                b -= 1;
                if nb == 1 {
                    copy_a!();
                }
                if bcount >= min_gallop {
                    break;
                }
            }
        }
        min_gallop += 1;
        loop {
            min_gallop -= (min_gallop > 1) as usize;
            ms.min_gallop = min_gallop;
            let base_a = a + 1 - na;
            let run_a: Vec<usize> = perm[base_a..a + 1].to_vec();
            let k = match gallop_right(ms, vm, tmp[b], &run_a, na - 1) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            let k = na - k;
            acount = k;
            if k > 0 {
                // move a[na-k..na] to dest-k+1..=dest
                perm.copy_within(a + 1 - k..a + 1, dest + 1 - k);
                dest -= k;
                na -= k;
                if na == 0 {
                    finish!(Ok(()));
                }
                a -= k;
            }
            perm[dest] = tmp[b];
            dest -= 1;
            nb -= 1;
            b = b.wrapping_sub(1);
            if nb == 1 {
                copy_a!();
            }
            let key = perm[a];
            let k = match gallop_left(ms, vm, key, &tmp[..nb], nb - 1) {
                Ok(k) => k,
                Err(e) => finish!(Err(e)),
            };
            let k = nb - k;
            bcount = k;
            if k > 0 {
                perm[dest + 1 - k..dest + 1].copy_from_slice(&tmp[b + 1 - k..b + 1]);
                dest -= k;
                b = b.wrapping_sub(k);
                nb -= k;
                if nb == 1 {
                    copy_a!();
                }
                if nb == 0 {
                    finish!(Ok(()));
                }
            }
            perm[dest] = perm[a];
            dest -= 1;
            na -= 1;
            if na == 0 {
                finish!(Ok(()));
            }
            a -= 1;
            if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                break;
            }
        }
        min_gallop += 1;
        ms.min_gallop = min_gallop;
    }
}

/// Merge the runs at stack indices `i` and `i + 1`.
fn merge_at(ms: &mut MergeState, vm: &mut Vm, perm: &mut [usize], i: usize) -> PyResult<()> {
    let pa = ms.pending[i].base;
    let na = ms.pending[i].len;
    let pb = ms.pending[i + 1].base;
    let nb = ms.pending[i + 1].len;
    ms.pending[i].len = na + nb;
    ms.pending.remove(i + 1);
    // where does b start in a? elements of a before that are already in place
    let k = gallop_right(ms, vm, perm[pb], &perm[pa..pa + na], 0)?;
    let pa = pa + k;
    let na = na - k;
    if na == 0 {
        return Ok(());
    }
    // where does a end in b? elements of b after that are already in place
    let nb = gallop_left(ms, vm, perm[pa + na - 1], &perm[pb..pb + nb], nb - 1)?;
    if nb == 0 {
        return Ok(());
    }
    if na <= nb {
        merge_lo(ms, vm, perm, pa, na, nb)
    } else {
        merge_hi(ms, vm, perm, pa, na, nb)
    }
}

/// The "power" of the run boundary between runs `[s1, s1+n1)` and `[s1+n1, s1+n1+n2)`.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

fn found_new_run(ms: &mut MergeState, vm: &mut Vm, perm: &mut [usize], n2: usize) -> PyResult<()> {
    if let Some(top) = ms.pending.last() {
        let power = powerloop(top.base, top.len, n2, ms.listlen);
        while ms.pending.len() > 1 && ms.pending[ms.pending.len() - 2].power > power {
            let i = ms.pending.len() - 2;
            merge_at(ms, vm, perm, i)?;
        }
        if let Some(top) = ms.pending.last_mut() {
            top.power = power;
        }
    }
    Ok(())
}

fn merge_force_collapse(ms: &mut MergeState, vm: &mut Vm, perm: &mut [usize]) -> PyResult<()> {
    while ms.pending.len() > 1 {
        let mut n = ms.pending.len() - 2;
        if n > 0 && ms.pending[n - 1].len < ms.pending[n + 1].len {
            n -= 1;
        }
        merge_at(ms, vm, perm, n)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minrun_and_power() {
        assert_eq!(merge_compute_minrun(63), 63);
        assert_eq!(merge_compute_minrun(64), 32);
        assert_eq!(merge_compute_minrun(65), 33);
        assert_eq!(powerloop(0, 32, 32, 64), 1);
        assert_eq!(powerloop(0, 16, 16, 64), 2);
    }
}
