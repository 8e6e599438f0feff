//! `zlib` (`Modules/zlibmodule.c` over zlib 1.2.13): `crc32`, `adler32`, `compress` and
//! `decompress`, byte for byte as the oracle's python3 gives them. `compress` is a port of
//! zlib's own deflate ([`deflate`]), so the compressed bytes a snippet prints are CPython's;
//! `decompress` inflates any valid stream and fails on a corrupt one with zlib's message
//! ([`inflate`]). The streaming objects (`compressobj`, `decompressobj`) are not modelled.
//!
//! Example: `zlib.compress(b'witch which has which witches wrist watch')` is 37 bytes,
//! `zlib.crc32(b'hello')` is 907060870, `zlib.decompress(b'x\x9cK\x04\x00\x00b\x00b')` is
//! `b'a'`.
//!
//! The wrappers are zlib's: a zlib stream is the 2-byte header (`CMF`, `FLG` with the
//! level's flags), the deflate data and the Adler-32 of the input, big-endian; `wbits`
//! 9..15 (8 as 9) chooses the window, -9..-15 a raw stream, 25..31 a gzip stream (header with
//! no name and mtime 0, CRC-32 and length trailer); decompress also takes 0 (the header's
//! window) and 40..47 (zlib or gzip, whichever it is).

pub mod deflate;
pub mod inflate;

use crate::builtins::{func, parse_args, BuiltinDef};
use crate::object::{ObjId, Payload};
use crate::vm::{PyErr, PyResult, Vm};

static FUNCTIONS: &[BuiltinDef] = &[
    func("adler32", adler32),
    func("crc32", crc32),
    func("compress", compress),
    func("decompress", decompress),
];

pub fn init(vm: &mut Vm, m: ObjId) {
    vm.module_add_functions(m, FUNCTIONS);
    let ints: &[(&str, i64)] = &[
        ("DEFLATED", 8),
        ("DEF_BUF_SIZE", 16384),
        ("DEF_MEM_LEVEL", 8),
        ("MAX_WBITS", 15),
        ("Z_BEST_COMPRESSION", 9),
        ("Z_BEST_SPEED", 1),
        ("Z_BLOCK", 5),
        ("Z_DEFAULT_COMPRESSION", -1),
        ("Z_DEFAULT_STRATEGY", 0),
        ("Z_FILTERED", 1),
        ("Z_FINISH", 4),
        ("Z_FIXED", 4),
        ("Z_FULL_FLUSH", 3),
        ("Z_HUFFMAN_ONLY", 2),
        ("Z_NO_COMPRESSION", 0),
        ("Z_NO_FLUSH", 0),
        ("Z_PARTIAL_FLUSH", 1),
        ("Z_RLE", 3),
        ("Z_SYNC_FLUSH", 2),
        ("Z_TREES", 6),
    ];
    for &(name, v) in ints {
        let o = vm.new_int(v);
        vm.module_set(m, name, o);
        vm.decref(o);
    }
    for name in ["ZLIB_VERSION", "ZLIB_RUNTIME_VERSION"] {
        let s = vm.new_str("1.2.13");
        vm.module_set(m, name, s);
        vm.decref(s);
    }
}

/// CRC-32 (the polynomial 0xEDB88320, reflected), continuing from `crc`.
pub fn crc32_update(mut crc: u32, data: &[u8]) -> u32 {
    crc = !crc;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Adler-32, continuing from `adler`.
pub fn adler32_update(adler: u32, data: &[u8]) -> u32 {
    const BASE: u32 = 65521;
    let (mut a, mut b) = (adler & 0xffff, adler >> 16);
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += x as u32;
            b += a;
        }
        a %= BASE;
        b %= BASE;
    }
    (b << 16) | a
}

/// The bytes of a bytes-like argument (`Py_buffer`): bytes, bytearray, memoryview, array.
fn buffer_arg(vm: &mut Vm, v: ObjId) -> PyResult<Vec<u8>> {
    if let Payload::Bytes(b) = vm.payload(v) {
        return Ok(b.to_vec());
    }
    let name = vm.type_name(v).to_string();
    let bytes_like = ["bytearray", "memoryview", "array"].contains(&name.as_str());
    if !bytes_like {
        let msg = format!("a bytes-like object is required, not '{name}'");
        return Err(vm.type_error(&msg));
    }
    vm.bytes_from_object(v)
}

/// An int argument (`value`, `level`, `wbits`).
fn int_arg(vm: &mut Vm, v: Option<ObjId>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => match vm.as_i64(v) {
            Some(i) => Ok(i),
            None => {
                let msg = format!(
                    "'{}' object cannot be interpreted as an integer",
                    vm.type_name(v)
                );
                Err(vm.type_error(&msg))
            }
        },
    }
}

/// `zlib.error(msg)`.
fn zlib_error(vm: &mut Vm, msg: &str) -> PyErr {
    let cls = vm
        .modules
        .get("zlib")
        .copied()
        .and_then(|m| vm.getattr_str(m, "error").ok());
    let Some(cls) = cls else {
        return vm.new_exception(crate::vm::ExcKind::RuntimeError, msg);
    };
    let text = vm.new_str(msg);
    let r = vm.call_object(cls, &[text], &[]);
    vm.decref(text);
    vm.decref(cls);
    match r {
        Ok(e) => PyErr(e),
        Err(e) => e,
    }
}

fn checksum_args(
    vm: &mut Vm,
    name: &str,
    args: &[ObjId],
    kwargs: &[(ObjId, ObjId)],
    default: i64,
) -> PyResult<(Vec<u8>, u32)> {
    if !kwargs.is_empty() {
        return Err(vm.type_error(&format!("{name}() takes no keyword arguments")));
    }
    if args.is_empty() || args.len() > 2 {
        let msg = format!("{name} expected at least 1 argument, got {}", args.len());
        let msg = if args.len() > 2 {
            format!("{name} expected at most 2 arguments, got {}", args.len())
        } else {
            msg
        };
        return Err(vm.type_error(&msg));
    }
    let data = buffer_arg(vm, args[0])?;
    let value = int_arg(vm, args.get(1).copied(), default)?;
    Ok((data, value as u32))
}

/// `zlib.crc32(data, value=0)`.
fn crc32(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (data, value) = checksum_args(vm, "crc32", args, kwargs, 0)?;
    Ok(vm.new_int(crc32_update(value, &data) as i64))
}

/// `zlib.adler32(data, value=1)`.
fn adler32(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    let (data, value) = checksum_args(vm, "adler32", args, kwargs, 1)?;
    Ok(vm.new_int(adler32_update(value, &data) as i64))
}

/// `zlib.compress(data, /, level=-1, wbits=15)`.
fn compress(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.is_empty() {
        return Err(vm.type_error("compress() missing required argument 'data' (pos 1)"));
    }
    let a = parse_args(vm, "compress", &args[1..], kwargs, &["level", "wbits"], 0)?;
    let data = buffer_arg(vm, args[0])?;
    let level = int_arg(vm, a[0], -1)?;
    let wbits = int_arg(vm, a[1], 15)?;
    let level = match level {
        -1 => 6,
        0..=9 => level as usize,
        _ => return Err(zlib_error(vm, "Bad compression level")),
    };
    // deflateInit2: zlib wrapper 8..15 (8 as 9), raw -8..-15, gzip 24..31 (9 as the window
    // of a raw or gzip stream is refused, 8 is not)
    let (kind, w_bits) = match wbits {
        8..=15 => (0, wbits.max(9) as u32),
        -15..=-9 => (1, (-wbits) as u32),
        25..=31 => (2, (wbits - 16) as u32),
        _ => return Err(zlib_error(vm, "Bad compression level")),
    };
    let Some(body) = deflate::deflate_raw(&data, level, w_bits) else {
        return Err(vm.unsupported("zlib.compress at level 0 of more than one stored block"));
    };
    let mut out = Vec::with_capacity(body.len() + 18);
    match kind {
        0 => {
            out.extend_from_slice(&deflate::zlib_header(level, w_bits));
            out.extend_from_slice(&body);
            out.extend_from_slice(&adler32_update(1, &data).to_be_bytes());
        }
        1 => out.extend_from_slice(&body),
        _ => {
            let xfl = if level == 9 {
                2
            } else if level < 2 {
                4
            } else {
                0
            };
            out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3]);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32_update(0, &data).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        }
    }
    Ok(vm.new_bytes(out))
}

fn decompress_error(vm: &mut Vm, e: inflate::InflateError) -> PyErr {
    match e {
        inflate::InflateError::Data(m) => {
            zlib_error(vm, &format!("Error -3 while decompressing data: {m}"))
        }
        inflate::InflateError::Truncated => zlib_error(
            vm,
            "Error -5 while decompressing data: incomplete or truncated stream",
        ),
    }
}

/// The data of a zlib stream (header, deflate data, Adler-32); `max_w` is the largest
/// window the caller's `wbits` allows (None: the header's own).
fn unzlib(data: &[u8], max_w: Option<u32>) -> Result<Vec<u8>, inflate::InflateError> {
    use inflate::InflateError::{Data, Truncated};
    if data.len() < 2 {
        return Err(Truncated);
    }
    let (cmf, flg) = (data[0], data[1]);
    if !((cmf as u32) << 8 | flg as u32).is_multiple_of(31) {
        return Err(Data("incorrect header check"));
    }
    if cmf & 0x0f != 8 {
        return Err(Data("unknown compression method"));
    }
    let w_bits = (cmf >> 4) as u32 + 8;
    if w_bits > 15 || max_w.is_some_and(|m| w_bits > m) {
        return Err(Data("invalid window size"));
    }
    if flg & 0x20 != 0 {
        return Err(Data("need dictionary"));
    }
    let (out, used) = inflate::inflate_raw(&data[2..], 1 << w_bits)?;
    let rest = &data[2 + used..];
    if rest.len() < 4 {
        return Err(Truncated);
    }
    let check = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]);
    if check != adler32_update(1, &out) {
        return Err(Data("incorrect data check"));
    }
    Ok(out)
}

fn ungzip(data: &[u8]) -> Result<Vec<u8>, inflate::InflateError> {
    use inflate::InflateError::{Data, Truncated};
    if data.len() < 10 {
        return Err(Truncated);
    }
    if data[0] != 0x1f || data[1] != 0x8b {
        return Err(Data("incorrect header check"));
    }
    if data[2] != 8 {
        return Err(Data("unknown compression method"));
    }
    let flags = data[3];
    if flags & 0xe0 != 0 {
        return Err(Data("unknown header flags set"));
    }
    let mut pos = 10;
    if flags & 4 != 0 {
        if pos + 2 > data.len() {
            return Err(Truncated);
        }
        pos += 2 + u16::from_le_bytes([data[pos], data[pos + 1]]) as usize;
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            while pos < data.len() && data[pos] != 0 {
                pos += 1;
            }
            pos += 1;
        }
    }
    if flags & 2 != 0 {
        pos += 2;
    }
    if pos > data.len() {
        return Err(Truncated);
    }
    let (out, used) = inflate::inflate_raw(&data[pos..], 1 << 15)?;
    let rest = &data[pos + used..];
    if rest.len() < 8 {
        return Err(Truncated);
    }
    let crc = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
    if crc != crc32_update(0, &out) {
        return Err(Data("incorrect data check"));
    }
    let len = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]);
    if len != out.len() as u32 {
        return Err(Data("incorrect length check"));
    }
    Ok(out)
}

/// `zlib.decompress(data, /, wbits=15, bufsize=16384)`.
fn decompress(vm: &mut Vm, args: &[ObjId], kwargs: &[(ObjId, ObjId)]) -> PyResult<ObjId> {
    if args.is_empty() {
        return Err(vm.type_error("decompress() missing required argument 'data' (pos 1)"));
    }
    let a = parse_args(
        vm,
        "decompress",
        &args[1..],
        kwargs,
        &["wbits", "bufsize"],
        0,
    )?;
    let data = buffer_arg(vm, args[0])?;
    let wbits = int_arg(vm, a[0], 15)?;
    let bufsize = int_arg(vm, a[1], 16384)?;
    if bufsize < 0 {
        return Err(vm.new_exception(
            crate::vm::ExcKind::ValueError,
            "bufsize must be non-negative",
        ));
    }
    let r = match wbits {
        0 => unzlib(&data, None),
        8..=15 => unzlib(&data, Some(wbits as u32)),
        -15..=-8 => inflate::inflate_raw(&data, 1 << (-wbits)).map(|(o, _)| o),
        24..=31 => ungzip(&data),
        40..=47 => {
            if data.first() == Some(&0x1f) {
                ungzip(&data)
            } else {
                unzlib(&data, Some((wbits - 32) as u32))
            }
        }
        _ => {
            return Err(zlib_error(
                vm,
                "Error -2 while preparing to decompress data: inconsistent stream state",
            ))
        }
    };
    match r {
        Ok(out) => Ok(vm.new_bytes(out)),
        Err(e) => Err(decompress_error(vm, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_are_zlibs() {
        assert_eq!(crc32_update(0, b"hello"), 907060870);
        assert_eq!(adler32_update(1, b"hello"), 103547413);
        assert_eq!(adler32_update(0, b"x"), 7864440);
    }

    #[test]
    fn deflate_and_inflate_round_trip_with_python3s_bytes() {
        // python3: zlib.compress(b'hello world!hello world!hello world!hello world!')
        let s = b"hello world!hello world!hello world!hello world!";
        let body = deflate::deflate_raw(s, 6, 15).unwrap();
        let mut z = deflate::zlib_header(6, 15).to_vec();
        z.extend_from_slice(&body);
        z.extend_from_slice(&adler32_update(1, s).to_be_bytes());
        assert_eq!(
            z,
            b"x\x9c\xcbH\xcd\xc9\xc9W(\xcf/\xcaIQ\xcc \x82\r\x00\xbd[\x11\xf5".to_vec()
        );
        assert_eq!(unzlib(&z, Some(15)).unwrap(), s.to_vec());
        assert_eq!(
            unzlib(b"xyz", Some(15)),
            Err(inflate::InflateError::Data("incorrect header check"))
        );
    }
}
