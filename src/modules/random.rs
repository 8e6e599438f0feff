//! `_random` (`Modules/_randommodule.c`): the Mersenne Twister behind `random`, so that a
//! seeded program draws CPython's numbers: `init_by_array` seeding from the seed's 32-bit
//! words (an int's absolute value, anything else's hash), `random()` from two 32-bit outputs
//! (53 bits), `getrandbits(k)` from little-endian 32-bit words. `random`'s own algorithms
//! (`_randbelow`, `randrange`, `shuffle`, `sample`, `choices`, `gauss`...) are Python, in
//! `py/random.py`. Also `_sha512` (string seeds hash their bytes with SHA-512, version 2).

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{Signed, ToPrimitive, Zero};

use crate::builtins::{func, method, positional, BuiltinDef};
use crate::heap::Block;
use crate::native_any;
use crate::object::{ObjId, Payload, Slot};
use crate::vm::{ExcKind, PyResult, Vm};

use super::native::{self, make_type, new, NativeData, TypeSpec};

/// The Python half of `random`.
pub const SOURCE: &str = include_str!("py/random.py");

const N: usize = 624;
const M: usize = 397;

/// `RandomObject`: the generator state.
#[derive(Clone)]
pub struct Mt {
    state: [u32; N],
    index: usize,
}

impl Mt {
    /// A generator as `PyType_GenericNew` leaves it: zeroed.
    fn zeroed() -> Mt {
        Mt {
            state: [0; N],
            index: 0,
        }
    }

    fn init_genrand(&mut self, s: u32) {
        self.state[0] = s;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1812433253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19650218);
        let mut i = 1usize;
        let mut j = 0usize;
        let len = key.len().max(1);
        let mut k = N.max(len);
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ ((prev ^ (prev >> 30)).wrapping_mul(1664525)))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
            k -= 1;
        }
        k = N - 1;
        while k > 0 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ ((prev ^ (prev >> 30)).wrapping_mul(1566083941)))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            k -= 1;
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    /// `genrand_uint32`.
    fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        if self.index >= N {
            for kk in 0..N - M {
                let y = (self.state[kk] & UPPER) | (self.state[kk + 1] & LOWER);
                self.state[kk] = self.state[kk + M] ^ (y >> 1) ^ mag(y);
            }
            for kk in N - M..N - 1 {
                let y = (self.state[kk] & UPPER) | (self.state[kk + 1] & LOWER);
                self.state[kk] = self.state[kk + M - N] ^ (y >> 1) ^ mag(y);
            }
            let y = (self.state[N - 1] & UPPER) | (self.state[0] & LOWER);
            self.state[N - 1] = self.state[M - 1] ^ (y >> 1) ^ mag(y);
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// `random_random`: 53 random bits as a float in [0, 1).
    fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (a as f64 * 67108864.0 + b as f64) * (1.0 / 9007199254740992.0)
    }

    fn getrandbits(&mut self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        let words = ((k - 1) / 32 + 1) as usize;
        let mut bytes = Vec::with_capacity(words * 4);
        let mut left = k as i64;
        for _ in 0..words {
            let mut r = self.next_u32();
            if left < 32 {
                r >>= 32 - left;
            }
            bytes.extend_from_slice(&r.to_le_bytes());
            left -= 32;
        }
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    }
}

#[derive(Clone)]
struct RandomObj {
    mt: Box<Mt>,
}

impl NativeData for RandomObj {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, _visit: &mut dyn FnMut(Slot, ObjId, bool)) {}
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        (Vec::new(), Vec::new())
    }
    fn sizeof(&self) -> usize {
        // PyObject_HEAD, state[624], index, and the padding CPython's struct has
        16 + 4 * N + 8
    }
    fn is_gc(&self) -> bool {
        false
    }
    native_any!();
}

static RANDOM: TypeSpec = TypeSpec {
    name: "Random",
    module: "_random",
    methods: &[
        new(random_new),
        method("random", random_random),
        method("seed", random_seed),
        method("getrandbits", random_getrandbits),
        method("getstate", random_getstate),
        method("setstate", random_setstate),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: Some("Random() -> create a random number generator with its own internal state."),
    heap: true,
};

static FUNCTIONS: &[BuiltinDef] = &[func("_urandom", urandom)];

/// `_random`.
pub fn init_private(vm: &mut Vm, m: ObjId) {
    let t = make_type(vm, &RANDOM);
    vm.module_set(m, "Random", t);
    vm.decref(t);
    vm.module_add_functions(m, FUNCTIONS);
}

fn rng<'a>(vm: &'a mut Vm, args: &[ObjId], name: &str) -> PyResult<&'a mut Mt> {
    let s = native::self_check::<RandomObj>(vm, name, "_random.Random", args)?;
    Ok(&mut vm.native_mut::<RandomObj>(s).expect("checked").mt)
}

/// `_random.Random(...)`: `tp_new` is `PyType_GenericNew` (zeroed memory: state all 0,
/// index 0, so an unseeded generator's `random()` is 0.0, whatever the arguments), then
/// `random_init` (`tp_init`) seeds. The model's native types have no `tp_init` of their own,
/// so this does `random_init`'s part here when it is the `__init__` the call will run: for
/// `_random.Random` and a class that keeps it; a class with its own `__init__`
/// (`random.Random`) seeds from there (`self.seed(x)` → `super().seed(a)`).
fn random_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let ty = args[0];
    let own_init = vm.is_heap_type(ty)
        && vm
            .type_lookup_str(ty, "__init__")
            .is_some_and(|i| !vm.is_object_slot(i, "__init__"));
    if !own_init {
        // random_init: no keywords (the type is `_random.Random` or keeps its `tp_init`),
        // at most one argument
        if !kwargs.is_empty() {
            return Err(vm.type_error("Random() takes no keyword arguments"));
        }
        if args.len() > 2 {
            return Err(vm.type_error("Random() requires 0 or 1 argument"));
        }
    }
    let obj = vm.new_native(
        ty,
        Box::new(RandomObj {
            mt: Box::new(Mt::zeroed()),
        }),
        16 + 4 * N + 8,
    );
    if !own_init {
        if let Err(e) = seed_from(vm, obj, args.get(1).copied()) {
            vm.decref(obj);
            return Err(e);
        }
    }
    Ok(obj)
}

/// Entropy for an unseeded generator (`random_seed_urandom`).
fn entropy_words() -> Vec<u32> {
    use std::hash::{BuildHasher, Hasher};
    let mut words = Vec::with_capacity(N);
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos() as u64;
    for i in 0..N {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(t ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        words.push(h.finish() as u32);
    }
    words
}

/// `random_seed`: None seeds from entropy; an int by its absolute value's 32-bit words
/// (least significant first); anything else by its hash.
fn seed_from(vm: &mut Vm, obj: ObjId, arg: Option<ObjId>) -> PyResult<()> {
    let key: Vec<u32> = match arg {
        None => entropy_words(),
        Some(a) if a == vm.none() => entropy_words(),
        Some(a) => {
            let n: BigUint = match vm.as_bigint(a) {
                Some(n) => n.abs().to_biguint().unwrap_or_default(),
                None => {
                    let h = vm.hash(a)?;
                    BigUint::from(h as u64)
                }
            };
            let mut words = n.to_u32_digits();
            if words.is_empty() {
                words.push(0);
            }
            words
        }
    };
    if let Some(r) = vm.native_mut::<RandomObj>(obj) {
        r.mt.init_by_array(&key);
    }
    Ok(())
}

fn random_seed(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<RandomObj>(vm, "seed", "_random.Random", args)?;
    positional(vm, "seed", &args[1..], kwargs, 0, 1)?;
    seed_from(vm, s, args.get(1).copied())?;
    Ok(vm.new_none())
}

fn random_random(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "random", args.get(1..).unwrap_or(&[]), kwargs)?;
    let x = rng(vm, args, "random")?.random();
    Ok(vm.new_float(x))
}

fn random_getrandbits(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(
        vm,
        "getrandbits",
        args.get(1..).unwrap_or(&[]),
        kwargs,
        1,
        1,
    )?;
    let k = crate::builtins::ssize_arg(vm, args[1])?;
    if k < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "number of bits must be non-negative"));
    }
    vm.check_memory(k as u128 / 8)?;
    let n = rng(vm, args, "getrandbits")?.getrandbits(k as u64);
    Ok(vm.new_bigint(n))
}

fn random_getstate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    crate::builtins::noargs(vm, "getstate", args.get(1..).unwrap_or(&[]), kwargs)?;
    let mt = rng(vm, args, "getstate")?;
    let (state, index) = (mt.state, mt.index);
    let mut items: Vec<ObjId> = state.iter().map(|&w| vm.new_int(w as i64)).collect();
    items.push(vm.new_int(index as i64));
    Ok(vm.new_tuple(items))
}

fn random_setstate(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "setstate", args.get(1..).unwrap_or(&[]), kwargs, 1, 1)?;
    let st = args[1];
    let items = match vm.payload(st) {
        Payload::Tuple(t) => t.to_vec(),
        _ => return Err(vm.type_error("state vector must be a tuple")),
    };
    if items.len() != N + 1 {
        return Err(vm.new_exception(ExcKind::ValueError, "state vector is the wrong size"));
    }
    let mut state = [0u32; N];
    for (i, &v) in items[..N].iter().enumerate() {
        match vm.as_bigint(v).and_then(|n| n.to_u32()) {
            Some(w) => state[i] = w,
            None => {
                return Err(vm.new_exception(
                    ExcKind::OverflowError,
                    "Python int too large to convert to C unsigned long",
                ))
            }
        }
    }
    let index = vm.as_i64(items[N]).unwrap_or(-1);
    if index < 0 || index > N as i64 {
        return Err(vm.new_exception(ExcKind::ValueError, "invalid state"));
    }
    let mt = rng(vm, args, "setstate")?;
    mt.state = state;
    mt.index = index as usize;
    Ok(vm.new_none())
}

/// `os.urandom(n)` for `random.SystemRandom` and unseeded use.
fn urandom(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    positional(vm, "urandom", args, kwargs, 1, 1)?;
    let n = crate::builtins::ssize_arg(vm, args[0])?;
    if n < 0 {
        return Err(vm.new_exception(ExcKind::ValueError, "negative argument not allowed"));
    }
    vm.check_memory(n as u128)?;
    let words = entropy_words();
    let mut out = Vec::with_capacity(n as usize);
    let mut mt = Mt::zeroed();
    mt.init_by_array(&words);
    while out.len() < n as usize {
        out.extend_from_slice(&mt.next_u32().to_le_bytes());
    }
    out.truncate(n as usize);
    Ok(vm.new_bytes(out))
}

// ---- _sha512 ----

const K512: [u64; 80] = [
    0x428a2f98d728ae22,
    0x7137449123ef65cd,
    0xb5c0fbcfec4d3b2f,
    0xe9b5dba58189dbbc,
    0x3956c25bf348b538,
    0x59f111f1b605d019,
    0x923f82a4af194f9b,
    0xab1c5ed5da6d8118,
    0xd807aa98a3030242,
    0x12835b0145706fbe,
    0x243185be4ee4b28c,
    0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f,
    0x80deb1fe3b1696b1,
    0x9bdc06a725c71235,
    0xc19bf174cf692694,
    0xe49b69c19ef14ad2,
    0xefbe4786384f25e3,
    0x0fc19dc68b8cd5b5,
    0x240ca1cc77ac9c65,
    0x2de92c6f592b0275,
    0x4a7484aa6ea6e483,
    0x5cb0a9dcbd41fbd4,
    0x76f988da831153b5,
    0x983e5152ee66dfab,
    0xa831c66d2db43210,
    0xb00327c898fb213f,
    0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2,
    0xd5a79147930aa725,
    0x06ca6351e003826f,
    0x142929670a0e6e70,
    0x27b70a8546d22ffc,
    0x2e1b21385c26c926,
    0x4d2c6dfc5ac42aed,
    0x53380d139d95b3df,
    0x650a73548baf63de,
    0x766a0abb3c77b2a8,
    0x81c2c92e47edaee6,
    0x92722c851482353b,
    0xa2bfe8a14cf10364,
    0xa81a664bbc423001,
    0xc24b8b70d0f89791,
    0xc76c51a30654be30,
    0xd192e819d6ef5218,
    0xd69906245565a910,
    0xf40e35855771202a,
    0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8,
    0x1e376c085141ab53,
    0x2748774cdf8eeb99,
    0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63,
    0x4ed8aa4ae3418acb,
    0x5b9cca4f7763e373,
    0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc,
    0x78a5636f43172f60,
    0x84c87814a1f0ab72,
    0x8cc702081a6439ec,
    0x90befffa23631e28,
    0xa4506cebde82bde9,
    0xbef9a3f7b2c67915,
    0xc67178f2e372532b,
    0xca273eceea26619c,
    0xd186b8c721c0c207,
    0xeada7dd6cde0eb1e,
    0xf57d4f7fee6ed178,
    0x06f067aa72176fba,
    0x0a637dc5a2c898a6,
    0x113f9804bef90dae,
    0x1b710b35131c471b,
    0x28db77f523047d84,
    0x32caab7b40c72493,
    0x3c9ebe0a15c9bebc,
    0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6,
    0x597f299cfc657e2a,
    0x5fcb6fab3ad6faec,
    0x6c44198c4a475817,
];

/// SHA-512 of `data` (FIPS 180-4).
pub fn sha512(data: &[u8]) -> [u8; 64] {
    let mut h: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u128) * 8;
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for chunk in msg.chunks(128) {
        let mut w = [0u64; 80];
        for (i, word) in chunk.chunks(8).enumerate() {
            w[i] = u64::from_be_bytes(word.try_into().expect("8 bytes"));
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..80 {
            let s1 = v[4].rotate_right(14) ^ v[4].rotate_right(18) ^ v[4].rotate_right(41);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K512[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(28) ^ v[0].rotate_right(34) ^ v[0].rotate_right(39);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v[7] = v[6];
            v[6] = v[5];
            v[5] = v[4];
            v[4] = v[3].wrapping_add(t1);
            v[3] = v[2];
            v[2] = v[1];
            v[1] = v[0];
            v[0] = t1.wrapping_add(t2);
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 64];
    for (i, x) in h.iter().enumerate() {
        out[i * 8..i * 8 + 8].copy_from_slice(&x.to_be_bytes());
    }
    out
}

#[derive(Clone)]
struct Sha512Obj {
    data: Vec<u8>,
}

impl NativeData for Sha512Obj {
    fn owns_type(&self) -> bool {
        true
    }
    fn traverse(&self, _visit: &mut dyn FnMut(Slot, ObjId, bool)) {}
    fn take_refs(&mut self) -> (Vec<ObjId>, Vec<Block>) {
        (Vec::new(), Vec::new())
    }
    fn sizeof(&self) -> usize {
        224
    }
    fn is_gc(&self) -> bool {
        false
    }
    native_any!();
}

static SHA512: TypeSpec = TypeSpec {
    name: "sha512",
    module: "_sha512",
    methods: &[
        method("digest", sha_digest),
        method("hexdigest", sha_hexdigest),
        method("update", sha_update),
    ],
    unhashable: false,
    weakrefs: false,
    base: None,
    doc: None,
    heap: true,
};

static SHA_FUNCTIONS: &[BuiltinDef] = &[func("sha512", sha512_new)];

/// `_sha512`.
pub fn init_sha512(vm: &mut Vm, m: ObjId) {
    let t = make_type(vm, &SHA512);
    vm.decref(t);
    vm.module_add_functions(m, SHA_FUNCTIONS);
}

fn sha512_new(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let a = crate::builtins::parse_args(
        vm,
        "sha512",
        args,
        kwargs,
        &["string", "usedforsecurity"],
        0,
    )?;
    let data = match a[0] {
        Some(v) => {
            if matches!(vm.payload(v), Payload::Str(_)) {
                return Err(vm.type_error("Strings must be encoded before hashing"));
            }
            vm.bytes_from_object(v)?
        }
        None => Vec::new(),
    };
    let t = vm.native_type("_sha512.sha512");
    Ok(vm.new_native(t, Box::new(Sha512Obj { data }), 224))
}

fn sha_data(vm: &mut Vm, args: &[ObjId], name: &str) -> PyResult<Vec<u8>> {
    let s = native::self_check::<Sha512Obj>(vm, name, "_sha512.sha512", args)?;
    Ok(vm
        .native_ref::<Sha512Obj>(s)
        .map(|x| x.data.clone())
        .unwrap_or_default())
}

fn sha_digest(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = sha_data(vm, args, "digest")?;
    Ok(vm.new_bytes(sha512(&d).to_vec()))
}

fn sha_hexdigest(vm: &mut Vm, args: &[ObjId], _kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let d = sha_data(vm, args, "hexdigest")?;
    let hex: String = sha512(&d).iter().map(|b| format!("{b:02x}")).collect();
    Ok(vm.new_string(hex))
}

fn sha_update(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let s = native::self_check::<Sha512Obj>(vm, "update", "_sha512.sha512", args)?;
    positional(vm, "update", &args[1..], kwargs, 1, 1)?;
    if matches!(vm.payload(args[1]), Payload::Str(_)) {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    let more = vm.bytes_from_object(args[1])?;
    if let Some(x) = vm.native_mut::<Sha512Obj>(s) {
        x.data.extend(more);
    }
    Ok(vm.new_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha512_of_abc() {
        let d = sha512(b"abc");
        let hex: String = d.iter().map(|b| format!("{b:02x}")).collect();
        assert!(hex.starts_with("ddaf35a193617aba"));
        assert!(hex.ends_with("a54ca49f"));
    }

    #[test]
    fn seeded_generator_gives_cpythons_first_number() {
        // random.seed(42); random.random() == 0.6394267984578837 in CPython
        let mut mt = Mt::zeroed();
        mt.init_by_array(&[42]);
        assert_eq!(mt.random(), 0.6394267984578837);
    }
}
