//! `str` objects: PEP 393 storage kinds (what `sys.getsizeof` reports), character indexing, and
//! `repr`.

use std::cell::Cell;

/// A Python `str`. Rust strings cannot hold lone surrogates; the parser rejects them.
pub struct PyStr {
    pub value: String,
    /// Length in code points.
    pub len: usize,
    /// Largest code point (decides the PEP 393 kind: ASCII, latin-1, UCS-2, UCS-4).
    pub max_char: u32,
    /// Cached hash (`-1` = not computed yet, as in CPython).
    pub hash: Cell<i64>,
    /// In the interned table (`SSTATE_INTERNED_MORTAL`).
    pub interned: bool,
    /// Why it was interned (for "why is `a is b` True" answers).
    pub intern_reason: InternReason,
}

/// What made a string the interned (canonical) one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InternReason {
    NotInterned,
    /// Interned by the interpreter at start-up (builtin names, method names).
    Interpreter,
    /// One of 3.11's deep-frozen one-letter strings.
    DeepFrozen,
    /// A string constant made only of `[A-Za-z0-9_]` (interned by the compiler).
    IdentifierConstant,
    /// A name in code (variable, function, attribute, keyword argument names).
    Name,
    /// An explicit `sys.intern()`.
    SysIntern,
    /// An attribute name set at run time (`setattr`, instance attributes).
    AttributeName,
}

impl PyStr {
    pub fn new(value: String) -> PyStr {
        let mut len = 0;
        let mut max_char = 0;
        for c in value.chars() {
            len += 1;
            max_char = max_char.max(c as u32);
        }
        PyStr {
            value,
            len,
            max_char,
            hash: Cell::new(-1),
            interned: false,
            intern_reason: InternReason::NotInterned,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn is_ascii(&self) -> bool {
        self.max_char < 128
    }

    /// `str.__sizeof__`: 48-byte `PyASCIIObject` + n + 1 for ASCII, else a 72-byte
    /// `PyCompactUnicodeObject` + (n + 1) * char size.
    pub fn sizeof(&self) -> usize {
        let n = self.len;
        if self.max_char < 128 {
            48 + n + 1
        } else if self.max_char < 256 {
            72 + n + 1
        } else if self.max_char < 65536 {
            72 + 2 * (n + 1)
        } else {
            72 + 4 * (n + 1)
        }
    }

    /// Bytes per character in CPython's representation.
    pub fn kind(&self) -> usize {
        if self.max_char < 256 {
            1
        } else if self.max_char < 65536 {
            2
        } else {
            4
        }
    }

    pub fn hash(&self) -> i64 {
        let h = self.hash.get();
        if h != -1 {
            return h;
        }
        let h = super::hash::hash_str(&self.value);
        self.hash.set(h);
        h
    }

    /// The code point at index `i` (0-based, in range).
    pub fn char_at(&self, i: usize) -> char {
        if self.is_ascii() {
            self.value.as_bytes()[i] as char
        } else {
            self.value.chars().nth(i).unwrap_or('\0')
        }
    }

    /// Byte offset of code point `i` (`i <= len`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            i
        } else {
            self.value
                .char_indices()
                .nth(i)
                .map(|(b, _)| b)
                .unwrap_or(self.value.len())
        }
    }

    /// Code points `start..end` as a new Rust string.
    pub fn substring(&self, start: usize, end: usize) -> String {
        if start >= end {
            return String::new();
        }
        let b0 = self.byte_offset(start);
        let b1 = self.byte_offset(end);
        self.value[b0..b1].to_string()
    }
}

/// Are all characters in `[A-Za-z0-9_]`? CPython interns such string constants
/// (`all_name_chars` in `codeobject.c`).
pub fn all_name_chars(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Python's `str.isprintable` for one character, without a Unicode database: control and
/// format characters, separators other than space, surrogates, private use and noncharacters
/// are not printable.
pub fn is_printable(c: char) -> bool {
    let u = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(u,
        0xad | 0x600..=0x605 | 0x61c | 0x6dd | 0x70f | 0x180e | 0x200b..=0x200f | 0x2028..=0x202e
        | 0x2060..=0x206f | 0xd800..=0xf8ff | 0xfeff | 0xfff0..=0xfffb | 0xfffe..=0xffff
        | 0xe0000..=0xe0fff | 0xf0000..=0x10ffff)
}

/// `repr(str)`: single quotes unless the text contains `'` and no `"`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => push_escape(&mut out, c),
        }
    }
    out.push(quote);
    out
}

/// `ascii(str)`: like repr, with every non-ASCII character escaped.
pub fn str_ascii(s: &str) -> String {
    let r = str_repr(s);
    let mut out = String::with_capacity(r.len());
    for c in r.chars() {
        if (c as u32) < 128 {
            out.push(c);
        } else {
            push_escape(&mut out, c);
        }
    }
    out
}

fn push_escape(out: &mut String, c: char) {
    let u = c as u32;
    if u < 0x100 {
        out.push_str(&format!("\\x{u:02x}"));
    } else if u < 0x10000 {
        out.push_str(&format!("\\u{u:04x}"));
    } else {
        out.push_str(&format!("\\U{u:08x}"));
    }
}

/// `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if c as char == quote => {
                out.push('\\');
                out.push(c as char);
            }
            0x20..=0x7e => out.push(c as char),
            c => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_pep393_kinds() {
        assert_eq!(PyStr::new(String::new()).sizeof(), 49);
        assert_eq!(PyStr::new("hello".into()).sizeof(), 54);
        assert_eq!(PyStr::new("\u{e9}".into()).sizeof(), 74);
        assert_eq!(PyStr::new("\u{e9}\u{e9}".into()).sizeof(), 75);
        assert_eq!(PyStr::new("\u{20ac}".into()).sizeof(), 76);
        assert_eq!(PyStr::new("\u{1f600}".into()).sizeof(), 80);
    }

    #[test]
    fn repr_picks_quotes_and_escapes() {
        assert_eq!(str_repr("hello"), "'hello'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(str_repr("t\tn\n\x00\u{7f}é€"), "'t\\tn\\n\\x00\\x7fé€'");
        assert_eq!(str_ascii("é€😀"), "'\\xe9\\u20ac\\U0001f600'");
        assert_eq!(bytes_repr(b"ab'\x00\xff"), "b\"ab'\\x00\\xff\"");
    }

    #[test]
    fn indexing_non_ascii() {
        let s = PyStr::new("aé€😀".into());
        assert_eq!(s.len, 4);
        assert_eq!(s.char_at(2), '€');
        assert_eq!(s.substring(1, 3), "é€");
        assert!(all_name_chars("abc_123"));
        assert!(!all_name_chars("a-b"));
    }
}
