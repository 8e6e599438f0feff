//! The text of a `str` object: short texts inside the object, longer ones in one exact block.
//!
//! Why: CPython keeps a compact string's characters in the same allocation as its header
//! (`PyASCIIObject` followed by the data), so a program holding 400,000 short strings (issue
//! 15's `string_build` and `strings` workloads: split fields, f-string pieces) pays one block
//! per string. The model's `PyStr` held a Rust `String`: a second heap block per string (32
//! bytes for a 5-character text) plus whatever capacity the building left over. [`StrBuf`]
//! keeps texts of up to [`INLINE`] bytes inline and longer ones in a `Box<str>` of exactly their
//! length, in the same 24 bytes a `String` took.
//!
//! Worked example: `"12:a"` (4 bytes) is stored inline, its length in the last byte;
//! `"item 99999: 9999800001 14285.571"` (32 bytes) is one 32-byte block.
//!
//! Nothing here is visible to the model: sizes and addresses come from `PyStr::sizeof` and the
//! allocator model, never from Rust's layout.

use std::ops::Deref;

/// Longest text kept inline.
pub const INLINE: usize = 22;

/// A string's text (see the module comment). Derefs to `str`.
#[derive(Clone)]
pub struct StrBuf(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

const _: () = assert!(std::mem::size_of::<StrBuf>() <= 24);

impl StrBuf {
    pub fn new(text: &str) -> StrBuf {
        if text.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            StrBuf(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            StrBuf(Repr::Heap(text.into()))
        }
    }

    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                // SAFETY: `bytes[..len]` is a copy of a whole `&str` (see `new`/`from`)
                unsafe { std::str::from_utf8_unchecked(&bytes[..*len as usize]) }
            }
            Repr::Heap(s) => s,
        }
    }
}

impl From<String> for StrBuf {
    /// A long text keeps the `String`'s block, shrunk to its length.
    fn from(s: String) -> StrBuf {
        if s.len() <= INLINE {
            StrBuf::new(&s)
        } else {
            StrBuf(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&str> for StrBuf {
    fn from(s: &str) -> StrBuf {
        StrBuf::new(s)
    }
}

impl Deref for StrBuf {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for StrBuf {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for StrBuf {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for StrBuf {
    fn eq(&self, other: &StrBuf) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for StrBuf {}

impl PartialEq<str> for StrBuf {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for StrBuf {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for StrBuf {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<StrBuf> for String {
    fn eq(&self, other: &StrBuf) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<StrBuf> for str {
    fn eq(&self, other: &StrBuf) -> bool {
        self == other.as_str()
    }
}

impl std::hash::Hash for StrBuf {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl std::fmt::Display for StrBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for StrBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_round_trip_at_every_length_around_the_inline_limit() {
        for n in 0..=INLINE + 3 {
            let text: String = "é".repeat(n / 2) + &"a".repeat(n % 2);
            let a = StrBuf::new(&text);
            let b = StrBuf::from(text.clone());
            assert_eq!(a.as_str(), text);
            assert_eq!(b.as_str(), text);
            assert_eq!(a, b);
            assert_eq!(a.len(), text.len());
            let inline = matches!(a.0, Repr::Inline { .. });
            assert_eq!(inline, text.len() <= INLINE, "{n}");
        }
    }
}
