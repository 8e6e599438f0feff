//! The codecs `str.encode` and `bytes.decode` reach: UTF-8, ASCII and latin-1 with the
//! `strict`, `ignore`, `replace`, `backslashreplace` and `xmlcharrefreplace` error handlers,
//! and the messages of `UnicodeEncodeError`/`UnicodeDecodeError` as CPython words them.
//!
//! Text is the model's `str` storage: lone surrogates are stored as private-use characters
//! (see [`super::str::code_point`]) and mapped back here.

use super::str::{char_for_code_point, code_point};

/// The codecs the model implements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Codec {
    Utf8,
    Ascii,
    Latin1,
    /// UTF-16; `None`: with a byte order mark (little-endian, as on this machine),
    /// `Some(true)`: big-endian, `Some(false)`: little-endian.
    Utf16(Option<bool>),
    /// UTF-32, byte order as for UTF-16.
    Utf32(Option<bool>),
}

impl Codec {
    /// The name CPython's error messages use (`'utf-8' codec can't ...`).
    pub fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
            Codec::Utf16(None) => "utf-16",
            Codec::Utf16(Some(true)) => "utf-16-be",
            Codec::Utf16(Some(false)) => "utf-16-le",
            Codec::Utf32(None) => "utf-32",
            Codec::Utf32(Some(true)) => "utf-32-be",
            Codec::Utf32(Some(false)) => "utf-32-le",
        }
    }
}

/// What `codecs.lookup` would say about an encoding name.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(Codec),
    /// A codec CPython has that the model does not implement.
    Unmodelled,
    /// `LookupError: unknown encoding: NAME`.
    Unknown,
}

/// `normalizestring` + the `encodings.aliases` entries of the modelled codecs.
pub fn lookup(name: &str) -> Lookup {
    let norm: String = name
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    match norm.as_str() {
        "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => {
            Lookup::Found(Codec::Utf8)
        }
        "ascii" | "us_ascii" | "646" | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986"
        | "cp367" | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us" => {
            Lookup::Found(Codec::Ascii)
        }
        "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859" | "cp819"
        | "iso_ir_100" | "ibm819" | "csisolatin1" | "iso_8859_1_1987" => {
            Lookup::Found(Codec::Latin1)
        }
        "utf_16" | "utf16" | "u16" => Lookup::Found(Codec::Utf16(None)),
        "utf_16_le" | "utf_16le" => Lookup::Found(Codec::Utf16(Some(false))),
        "utf_16_be" | "utf_16be" => Lookup::Found(Codec::Utf16(Some(true))),
        "utf_32" | "utf32" | "u32" => Lookup::Found(Codec::Utf32(None)),
        "utf_32_le" | "utf_32le" => Lookup::Found(Codec::Utf32(Some(false))),
        "utf_32_be" | "utf_32be" => Lookup::Found(Codec::Utf32(Some(true))),
        "utf_7" | "cp1252" | "windows_1252" | "cp437" | "idna" | "punycode"
        | "raw_unicode_escape" | "unicode_escape" | "mbcs" | "big5" | "gbk" | "gb2312"
        | "shift_jis" | "euc_jp" | "koi8_r" | "cp1251" | "iso8859_15" | "iso_8859_15"
        | "latin_9" | "hex" | "base64" | "rot13" | "rot_13" => Lookup::Unmodelled,
        _ => Lookup::Unknown,
    }
}

/// An error handler name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Errors {
    Strict,
    Ignore,
    Replace,
    BackslashReplace,
    XmlCharRefReplace,
}

/// What `PyCodec_LookupError` finds for an error handler name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    Known(Errors),
    /// A handler CPython has that the model does not implement.
    Unmodelled,
    /// Not a handler name: `LookupError: unknown error handler name 'x'`, raised only when an
    /// error happens.
    Unknown,
}

pub fn error_handler(name: &str) -> Handler {
    Handler::Known(match name {
        "strict" => Errors::Strict,
        "ignore" => Errors::Ignore,
        "replace" => Errors::Replace,
        "backslashreplace" => Errors::BackslashReplace,
        "xmlcharrefreplace" => Errors::XmlCharRefReplace,
        "surrogateescape" | "surrogatepass" | "namereplace" => return Handler::Unmodelled,
        _ => return Handler::Unknown,
    })
}

/// A codec error: the exception class, the half-open range of the offending input and the
/// reason, rendered by [`CodecError::message`] as `UnicodeError.__str__` does.
#[derive(Debug, PartialEq, Eq)]
pub struct CodecError {
    pub encode: bool,
    pub codec: Codec,
    pub start: usize,
    pub end: usize,
    pub reason: &'static str,
    /// The offending character (encode) or byte (decode) at `start`.
    pub first: u32,
    /// The error handler was not a known name (CPython raises LookupError instead).
    pub unknown_handler: bool,
}

impl CodecError {
    /// `UnicodeEncodeError_str` / `UnicodeDecodeError_str`.
    pub fn message(&self) -> String {
        let codec = self.codec.name();
        if self.encode {
            if self.end == self.start + 1 {
                let mut shown = String::new();
                crate::object::str::push_code_point_escape(&mut shown, self.first);
                format!(
                    "'{codec}' codec can't encode character '{shown}' in position {}: {}",
                    self.start, self.reason
                )
            } else {
                format!(
                    "'{codec}' codec can't encode characters in position {}-{}: {}",
                    self.start,
                    self.end - 1,
                    self.reason
                )
            }
        } else if self.end == self.start + 1 {
            format!(
                "'{codec}' codec can't decode byte 0x{:02x} in position {}: {}",
                self.first, self.start, self.reason
            )
        } else {
            format!(
                "'{codec}' codec can't decode bytes in position {}-{}: {}",
                self.start,
                self.end - 1,
                self.reason
            )
        }
    }
}

/// Encode text (the model's storage) to bytes.
pub fn encode(text: &str, codec: Codec, errors: Option<Errors>) -> Result<Vec<u8>, CodecError> {
    let cps: Vec<u32> = text.chars().map(code_point).collect();
    let (limit, reason) = match codec {
        Codec::Ascii => (0x80, "ordinal not in range(128)"),
        Codec::Latin1 => (0x100, "ordinal not in range(256)"),
        _ => (0x110000, "surrogates not allowed"),
    };
    let unicode = !matches!(codec, Codec::Ascii | Codec::Latin1);
    let bad = |u: u32| u >= limit || (unicode && (0xd800..0xe000).contains(&u));
    let mut out = Vec::with_capacity(cps.len());
    // the byte order mark, and how one code point is written
    let push_unit = |out: &mut Vec<u8>, u: u32| match codec {
        Codec::Utf8 => {
            let c = char::from_u32(u).unwrap_or('\u{fffd}');
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
        Codec::Utf16(order) => {
            let big = order == Some(true);
            let mut units = [0u16; 2];
            let c = char::from_u32(u).unwrap_or('\u{fffd}');
            for unit in c.encode_utf16(&mut units) {
                if big {
                    out.extend_from_slice(&unit.to_be_bytes());
                } else {
                    out.extend_from_slice(&unit.to_le_bytes());
                }
            }
        }
        Codec::Utf32(order) => {
            if order == Some(true) {
                out.extend_from_slice(&u.to_be_bytes());
            } else {
                out.extend_from_slice(&u.to_le_bytes());
            }
        }
        _ => out.push(u as u8),
    };
    match codec {
        Codec::Utf16(None) => out.extend_from_slice(&[0xff, 0xfe]),
        Codec::Utf32(None) => out.extend_from_slice(&[0xff, 0xfe, 0, 0]),
        _ => {}
    }
    let mut i = 0;
    while i < cps.len() {
        let u = cps[i];
        if !bad(u) {
            push_unit(&mut out, u);
            i += 1;
            continue;
        }
        // the run of characters this codec cannot encode (collstart..collend)
        let mut end = i + 1;
        while end < cps.len() && bad(cps[end]) {
            end += 1;
        }
        match errors {
            Some(Errors::Ignore) => {}
            Some(Errors::Replace) => {
                for _ in i..end {
                    push_unit(&mut out, u32::from(b'?'));
                }
            }
            Some(Errors::BackslashReplace) => {
                for &c in &cps[i..end] {
                    let s = if c <= 0xff {
                        format!("\\x{c:02x}")
                    } else if c <= 0xffff {
                        format!("\\u{c:04x}")
                    } else {
                        format!("\\U{c:08x}")
                    };
                    s.chars().for_each(|ch| push_unit(&mut out, ch as u32));
                }
            }
            Some(Errors::XmlCharRefReplace) => {
                for &c in &cps[i..end] {
                    format!("&#{c};")
                        .chars()
                        .for_each(|ch| push_unit(&mut out, ch as u32));
                }
            }
            Some(Errors::Strict) | None => {
                return Err(CodecError {
                    encode: true,
                    codec,
                    start: i,
                    end,
                    reason,
                    first: u,
                    unknown_handler: errors.is_none(),
                })
            }
        }
        i = end;
    }
    Ok(out)
}

/// Is `b` a byte no UTF-8 sequence starts with?
fn invalid_start_byte(b: u8) -> bool {
    (0x80..0xc2).contains(&b) || b >= 0xf5
}

/// Decode bytes to text (the model's storage).
pub fn decode(bytes: &[u8], codec: Codec, errors: Option<Errors>) -> Result<String, CodecError> {
    if let Codec::Utf16(order) | Codec::Utf32(order) = codec {
        return decode_wide(bytes, codec, order, errors);
    }
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // the next bad range, with its reason
        let (start, end, reason) = match codec {
            Codec::Latin1 => {
                out.extend(bytes[i..].iter().map(|&b| b as char));
                break;
            }
            Codec::Ascii => match bytes[i..].iter().position(|&b| b >= 0x80) {
                None => {
                    out.extend(bytes[i..].iter().map(|&b| b as char));
                    break;
                }
                Some(k) => {
                    out.extend(bytes[i..i + k].iter().map(|&b| b as char));
                    (i + k, i + k + 1, "ordinal not in range(128)")
                }
            },
            Codec::Utf16(_) | Codec::Utf32(_) => unreachable!("decoded by decode_wide"),
            Codec::Utf8 => match std::str::from_utf8(&bytes[i..]) {
                Ok(s) => {
                    out.push_str(s);
                    break;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.push_str(std::str::from_utf8(&bytes[i..i + good]).unwrap_or(""));
                    let start = i + good;
                    match e.error_len() {
                        None => (start, bytes.len(), "unexpected end of data"),
                        Some(n) if invalid_start_byte(bytes[start]) => {
                            (start, start + n, "invalid start byte")
                        }
                        Some(n) => (start, start + n, "invalid continuation byte"),
                    }
                }
            },
        };
        match errors {
            Some(Errors::Ignore) => {}
            Some(Errors::Replace) => out.push('\u{fffd}'),
            Some(Errors::BackslashReplace) => {
                for &b in &bytes[start..end] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            Some(Errors::Strict) | Some(Errors::XmlCharRefReplace) | None => {
                return Err(CodecError {
                    encode: false,
                    codec,
                    start,
                    end,
                    reason,
                    first: bytes[start] as u32,
                    unknown_handler: errors.is_none(),
                })
            }
        }
        i = end;
    }
    Ok(out)
}

/// UTF-16 and UTF-32 decoding: a byte order mark picks the order when none is given
/// (little-endian otherwise); errors name the resolved codec (`'utf-16-le'`).
fn decode_wide(
    bytes: &[u8],
    codec: Codec,
    order: Option<bool>,
    errors: Option<Errors>,
) -> Result<String, CodecError> {
    let wide32 = matches!(codec, Codec::Utf32(_));
    let (mut big, mut i) = (order == Some(true), 0);
    if order.is_none() {
        let (le, be): (&[u8], &[u8]) = if wide32 {
            (&[0xff, 0xfe, 0, 0], &[0, 0, 0xfe, 0xff])
        } else {
            (&[0xff, 0xfe], &[0xfe, 0xff])
        };
        if bytes.starts_with(le) {
            i = le.len();
        } else if bytes.starts_with(be) {
            big = true;
            i = be.len();
        }
    }
    let resolved = if wide32 {
        Codec::Utf32(Some(big))
    } else {
        Codec::Utf16(Some(big))
    };
    let unit_len = if wide32 { 4 } else { 2 };
    let read = |at: usize| -> u32 {
        let b = &bytes[at..at + unit_len];
        match (wide32, big) {
            (true, true) => u32::from_be_bytes([b[0], b[1], b[2], b[3]]),
            (true, false) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            (false, true) => u32::from(u16::from_be_bytes([b[0], b[1]])),
            (false, false) => u32::from(u16::from_le_bytes([b[0], b[1]])),
        }
    };
    let mut out = String::new();
    while i < bytes.len() {
        let (end, reason) = if bytes.len() - i < unit_len {
            (bytes.len(), "truncated data")
        } else {
            let u = read(i);
            if wide32 {
                if u > 0x10ffff {
                    (i + 4, "code point not in range(0x110000)")
                } else if (0xd800..0xe000).contains(&u) {
                    (
                        i + 4,
                        "code point in surrogate code point range(0xd800, 0xe000)",
                    )
                } else {
                    out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                    i += 4;
                    continue;
                }
            } else if (0xdc00..0xe000).contains(&u) {
                (i + 2, "illegal encoding")
            } else if (0xd800..0xdc00).contains(&u) {
                if bytes.len() - i < 4 {
                    (bytes.len(), "unexpected end of data")
                } else {
                    let lo = read(i + 2);
                    if (0xdc00..0xe000).contains(&lo) {
                        let cp = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
                        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                        i += 4;
                        continue;
                    }
                    (i + 2, "illegal UTF-16 surrogate")
                }
            } else {
                out.push(char::from_u32(u).unwrap_or('\u{fffd}'));
                i += 2;
                continue;
            }
        };
        match errors {
            Some(Errors::Ignore) => {}
            Some(Errors::Replace) => out.push('\u{fffd}'),
            Some(Errors::BackslashReplace) => {
                for &b in &bytes[i..end] {
                    out.push_str(&format!("\\x{b:02x}"));
                }
            }
            Some(Errors::Strict) | Some(Errors::XmlCharRefReplace) | None => {
                return Err(CodecError {
                    encode: false,
                    codec: resolved,
                    start: i,
                    end,
                    reason,
                    first: bytes[i] as u32,
                    unknown_handler: errors.is_none(),
                })
            }
        }
        i = end;
    }
    Ok(out)
}

/// `chr`-like: the stored char for a code point (None past U+10FFFF).
pub fn char_of(u: u32) -> Option<char> {
    char_for_code_point(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_errors_name_the_run() {
        let e = encode("é", Codec::Ascii, Some(Errors::Strict)).unwrap_err();
        assert_eq!(
            e.message(),
            "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"
        );
        let e = encode("aé€b", Codec::Ascii, Some(Errors::Strict)).unwrap_err();
        assert_eq!(
            e.message(),
            "'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"
        );
        let s: String = [char_of(0xd800).unwrap()].iter().collect();
        let e = encode(&s, Codec::Utf8, Some(Errors::Strict)).unwrap_err();
        assert_eq!(
            e.message(),
            "'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"
        );
        assert_eq!(
            encode("é", Codec::Ascii, Some(Errors::Replace)).unwrap(),
            b"?"
        );
        assert_eq!(
            encode("é", Codec::Ascii, Some(Errors::Ignore)).unwrap(),
            b""
        );
        assert_eq!(
            encode("é", Codec::Latin1, Some(Errors::Strict)).unwrap(),
            b"\xe9"
        );
        assert_eq!(
            encode("é", Codec::Ascii, Some(Errors::XmlCharRefReplace)).unwrap(),
            b"&#233;"
        );
    }

    #[test]
    fn decode_reasons_follow_cpython() {
        let msg = |b: &[u8]| {
            decode(b, Codec::Utf8, Some(Errors::Strict))
                .unwrap_err()
                .message()
        };
        assert_eq!(
            msg(b"\xff"),
            "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        assert_eq!(
            msg(b"\xc3("),
            "'utf-8' codec can't decode byte 0xc3 in position 0: invalid continuation byte"
        );
        assert_eq!(
            msg(b"\xe9\x80"),
            "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
        );
        assert_eq!(
            decode(b"a\xffb", Codec::Utf8, Some(Errors::Replace)).unwrap(),
            "a\u{fffd}b"
        );
        assert_eq!(
            decode(b"\xff", Codec::Ascii, Some(Errors::Strict))
                .unwrap_err()
                .message(),
            "'ascii' codec can't decode byte 0xff in position 0: ordinal not in range(128)"
        );
    }

    #[test]
    fn lookup_normalises_names() {
        assert_eq!(lookup("UTF-8"), Lookup::Found(Codec::Utf8));
        assert_eq!(lookup("latin-1"), Lookup::Found(Codec::Latin1));
        assert_eq!(lookup("nope"), Lookup::Unknown);
        assert_eq!(lookup("utf-16"), Lookup::Found(Codec::Utf16(None)));
        assert_eq!(lookup("cp1252"), Lookup::Unmodelled);
    }
}
