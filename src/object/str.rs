//! `str` objects: PEP 393 storage kinds (what `sys.getsizeof` reports), character indexing, and
//! `repr`.

use std::cell::{Cell, OnceCell};

use super::strbuf::StrBuf;
use super::unicode as uc;

/// A Python `str`. Rust strings cannot hold lone surrogates (U+D800..U+DFFF): the model stores
/// them as the last 2048 code points of plane 16 (see [`code_point`]), which `ord`, `repr`,
/// `len`, sizes and encoders map back.
#[derive(Clone)]
pub struct PyStr {
    /// The text: short texts inline, longer ones in one exact block ([`StrBuf`]).
    pub value: StrBuf,
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
    /// Where every [`INDEX_STRIDE`]th code point starts in `value`, built at the first
    /// indexed read of a non-ASCII string. CPython stores a non-ASCII string in fixed-width
    /// form (PEP 393's 1-, 2- or 4-byte kinds), so `s[i]` is one array read; the model keeps
    /// UTF-8, and this table makes its `s[i]` a jump plus at most `INDEX_STRIDE - 1` steps
    /// instead of a walk from the start (which made a loop over `s[i]` quadratic).
    /// Strings are immutable, so the table never goes stale. Behind a thin box: few strings
    /// ever have one, and 8 bytes less puts `PyStr` (56 bytes) in a smaller malloc chunk.
    #[allow(clippy::box_collection)]
    index: OnceCell<Box<Box<[usize]>>>,
}

const _: () = assert!(std::mem::size_of::<PyStr>() <= 56);

/// Code points between two entries of a non-ASCII string's offset table.
pub const INDEX_STRIDE: usize = 32;

/// What made a string the interned (canonical) one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InternReason {
    NotInterned,
    /// Interned by the interpreter at start-up (builtin names, method names).
    Interpreter,
    /// Statically allocated by 3.11's start-up (deep-frozen code's strings, `_Py_ID`s).
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
            max_char = max_char.max(code_point(c));
        }
        PyStr {
            value: value.into(),
            len,
            max_char,
            hash: Cell::new(-1),
            interned: false,
            intern_reason: InternReason::NotInterned,
            index: OnceCell::new(),
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
            self.value[self.byte_offset(i)..]
                .chars()
                .next()
                .unwrap_or('\0')
        }
    }

    /// Byte offset of code point `i` (`i <= len`).
    pub fn byte_offset(&self, i: usize) -> usize {
        if self.is_ascii() {
            return i;
        }
        if i >= self.len {
            return self.value.len();
        }
        if i < INDEX_STRIDE {
            return self
                .value
                .char_indices()
                .nth(i)
                .map_or(self.value.len(), |(b, _)| b);
        }
        let table = self.index.get_or_init(|| {
            Box::new(
                self.value
                    .char_indices()
                    .step_by(INDEX_STRIDE)
                    .map(|(b, _)| b)
                    .collect(),
            )
        });
        let start = table[i / INDEX_STRIDE];
        self.value[start..]
            .char_indices()
            .nth(i % INDEX_STRIDE)
            .map_or(self.value.len(), |(b, _)| start + b)
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

/// Where a lone surrogate U+D800 + k is stored: U+10F800 + k (private use, plane 16).
pub const SURROGATE_STORE: u32 = 0x10f800;

/// The Python code point a stored `char` stands for (lone surrogates mapped back).
#[inline]
pub fn code_point(c: char) -> u32 {
    let u = c as u32;
    if u >= SURROGATE_STORE {
        u - SURROGATE_STORE + 0xd800
    } else {
        u
    }
}

/// The `char` that stores code point `u` (`None` past U+10FFFF).
pub fn char_for_code_point(u: u32) -> Option<char> {
    if (0xd800..0xe000).contains(&u) {
        char::from_u32(u - 0xd800 + SURROGATE_STORE)
    } else {
        char::from_u32(u)
    }
}

/// Is this stored char a lone surrogate?
#[inline]
pub fn is_surrogate(c: char) -> bool {
    (c as u32) >= SURROGATE_STORE
}

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let u = code_point(c);
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < u {
                std::cmp::Ordering::Less
            } else if lo > u {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

fn in_map(table: &'static [(u32, &'static str)], c: char) -> Option<&'static str> {
    let u = code_point(c);
    table
        .binary_search_by_key(&u, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// Python's `str.isprintable` for one character (Unicode 14.0 categories).
pub fn is_printable(c: char) -> bool {
    (c as u32) < SURROGATE_STORE && in_table(uc::PRINTABLE, c)
}

/// `Py_UNICODE_ISSPACE`.
pub fn is_space(c: char) -> bool {
    match c {
        ' ' | '\t'..='\r' | '\x1c'..='\x1f' => true,
        c if (c as u32) < 0x80 => false,
        c => in_table(uc::SPACE, c),
    }
}

/// `Py_UNICODE_ISALPHA`.
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(uc::ALPHA, c)
}

/// `Py_UNICODE_ISDECIMAL`.
pub fn is_decimal(c: char) -> bool {
    in_table(uc::DECIMAL, c)
}

/// `Py_UNICODE_ISDIGIT`.
pub fn is_digit(c: char) -> bool {
    in_table(uc::DIGIT, c)
}

/// `Py_UNICODE_ISNUMERIC`.
pub fn is_numeric(c: char) -> bool {
    in_table(uc::NUMERIC, c)
}

/// `Py_UNICODE_ISALNUM`.
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_decimal(c) || is_digit(c) || is_numeric(c)
}

pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(uc::LOWER, c)
}

pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(uc::UPPER, c)
}

/// Category Lt.
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && in_table(uc::TITLE, c)
}

/// `_PyUnicode_IsCased`.
pub fn is_cased(c: char) -> bool {
    is_lower(c) || is_upper(c) || is_title(c)
}

pub fn is_case_ignorable(c: char) -> bool {
    in_table(uc::CASE_IGNORABLE, c)
}

pub fn is_xid_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic() || c == '_';
    }
    in_table(uc::XID_START, c)
}

pub fn is_xid_continue(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    in_table(uc::XID_CONTINUE, c)
}

/// `str.isidentifier`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => is_xid_start(c) && chars.all(is_xid_continue),
        None => false,
    }
}

/// `_PyUnicode_ToUpperFull`.
pub fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        match in_map(uc::UPPER_MAP, c) {
            Some(m) => out.push_str(m),
            None => out.push(c),
        }
    }
}

/// `_PyUnicode_ToLowerFull` (without the final sigma rule).
pub fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        match in_map(uc::LOWER_MAP, c) {
            Some(m) => out.push_str(m),
            None => out.push(c),
        }
    }
}

/// `_PyUnicode_ToTitleFull`.
pub fn push_title(out: &mut String, c: char) {
    match in_map(uc::TITLE_MAP, c) {
        Some(m) => out.push_str(m),
        None => push_upper(out, c),
    }
}

/// `_PyUnicode_ToFoldedFull`.
pub fn push_folded(out: &mut String, c: char) {
    match in_map(uc::CASEFOLD_MAP, c) {
        Some(m) => out.push_str(m),
        None => push_lower(out, c),
    }
}

/// `lower_ucs4`: the lowercase of `chars[i]`, with the final sigma rule for U+03A3.
fn push_lower_at(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c != '\u{3a3}' {
        push_lower(out, c);
        return;
    }
    // handle_capital_sigma: \p{cased} \p{case-ignorable}* U+03A3 !(\p{case-ignorable}* \p{cased})
    let before = chars[..i].iter().rev().find(|&&c| !is_case_ignorable(c));
    let mut final_sigma = before.is_some_and(|&c| is_cased(c));
    if final_sigma {
        let after = chars[i + 1..].iter().find(|&&c| !is_case_ignorable(c));
        final_sigma = after.is_none_or(|&c| !is_cased(c));
    }
    out.push(if final_sigma { '\u{3c2}' } else { '\u{3c3}' });
}

/// `str.lower()`.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        push_lower_at(&mut out, &chars, i);
    }
    out
}

/// `str.upper()`.
pub fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_upper(&mut out, c);
    }
    out
}

/// `str.casefold()`.
pub fn casefold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(&mut out, c);
    }
    out
}

/// `str.swapcase()`.
pub fn swapcase(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            push_lower_at(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `str.capitalize()`: the first character titlecased, the rest lowercased.
pub fn capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(&mut out, chars[0]);
        } else {
            push_lower_at(&mut out, &chars, i);
        }
    }
    out
}

/// `str.title()`: a cased character after an uncased one is titlecased, others lowercased.
pub fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut previous_is_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if previous_is_cased {
            push_lower_at(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        previous_is_cased = is_cased(c);
    }
    out
}

/// `str.istitle()`.
pub fn is_titlecased(s: &str) -> bool {
    let mut cased = false;
    let mut previous_is_cased = false;
    for c in s.chars() {
        if is_upper(c) || is_title(c) {
            if previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_is_cased {
                return false;
            }
            previous_is_cased = true;
            cased = true;
        } else {
            previous_is_cased = false;
        }
    }
    cased
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
            ' '..='~' => out.push(c),
            c if !c.is_ascii() && is_printable(c) => out.push(c),
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

/// `\xhh`, `\uhhhh` or `\Uhhhhhhhh`, as unicode_repr writes them (no allocation: a
/// repr of a long unprintable text writes one escape per character).
fn push_escape(out: &mut String, c: char) {
    push_code_point_escape(out, code_point(c));
}

/// The escape of code point `u` (a lone surrogate included), as `push_escape` writes it: the
/// form unicode_repr and the Unicode errors' messages share.
pub fn push_code_point_escape(out: &mut String, u: u32) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let (letter, digits) = match u {
        0..=0xff => ('x', 2),
        0x100..=0xffff => ('u', 4),
        _ => ('U', 8),
    };
    out.push('\\');
    out.push(letter);
    for i in (0..digits).rev() {
        out.push(HEX[((u >> (4 * i)) & 0xf) as usize] as char);
    }
}

/// `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    quoted_bytes(b, false)
}

/// The `b'...'` inside `bytearray(...)`: `bytearray_repr` picks the quote as `bytes_repr`
/// does but escapes every `'`, even inside double quotes (`bytearray(b"\'")`).
pub fn bytearray_repr_body(b: &[u8]) -> String {
    quoted_bytes(b, true)
}

fn quoted_bytes(b: &[u8], escape_single: bool) -> String {
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
            c if c as char == quote || (escape_single && c == b'\'') => {
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
        // repr('\x80\xa0\u2028\U000e0001~') in CPython 3.11: each escape form, hex digits in
        // lowercase, and the last printable ASCII character kept
        assert_eq!(
            str_repr("\u{80}\u{a0}\u{2028}\u{e0001}~\u{1f600}"),
            "'\\x80\\xa0\\u2028\\U000e0001~\u{1f600}'"
        );
        assert_eq!(str_ascii("é€😀"), "'\\xe9\\u20ac\\U0001f600'");
        assert_eq!(bytes_repr(b"ab'\x00\xff"), "b\"ab'\\x00\\xff\"");
    }

    #[test]
    fn indexing_non_ascii() {
        let s = PyStr::new("aé€😀".into());
        assert_eq!(s.len, 4);
        assert_eq!(s.char_at(2), '€');
        assert_eq!(s.substring(1, 3), "é€");
        // Long enough to go through the offset table, with characters of every UTF-8 width.
        let text: String = (0..500u32)
            .map(|i| ['a', 'é', '€', '😀'][(i * 7 % 4) as usize])
            .collect();
        let long = PyStr::new(text.clone());
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            assert_eq!(long.char_at(i), c, "index {i}");
        }
        assert_eq!(
            long.substring(31, 97),
            chars[31..97].iter().collect::<String>()
        );
        assert_eq!(long.byte_offset(500), text.len());
        assert!(all_name_chars("abc_123"));
        assert!(!all_name_chars("a-b"));
    }
}
