//! PEP 263: how CPython 3.11 decodes a source file (`Parser/tokenizer.c`: `check_bom`,
//! `check_coding_spec`, `get_normal_name`, and the UTF-8 check of undeclared files), with
//! its messages, and the same encoding applied when a file is saved.
//!
//! A file is UTF-8 unless a comment on line 1, or on line 2 after a comment-only or blank
//! line 1, declares another encoding (`# -*- coding: latin-1 -*-`, `# vim: set
//! fileencoding=cp1252 :`). A UTF-8 byte order mark allows only a UTF-8 declaration.
//! Examples, with what `python3 file.py` prints (exit status 1):
//! - undeclared, byte 0xe9 on line 2: `SyntaxError: Non-UTF-8 code starting with '\xe9' in file
//!   x.py on line 2, but no encoding declared; see https://peps.python.org/pep-0263/ for
//!   details`;
//! - `# coding: bogus`, or a declared codec that cannot decode the file (`ascii` with an
//!   accent, `utf-16`): `SyntaxError: encoding problem: bogus`;
//! - a BOM and `# coding: latin-1`: `SyntaxError: encoding problem: iso-8859-1 with BOM`.
//!
//! Declared UTF-8 is not checked line by line: an invalid byte fails only inside a token that
//! contains it (`SyntaxError: (unicode error) 'utf-8' codec can't decode byte ...`), and is
//! harmless in a comment.

use crate::object::codecs::{self, Codec, Errors, Lookup};

/// Why a file's bytes are not Python source: the text python3 prints for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError {
    /// What python3 prints on stderr, with its newline.
    pub rendered: String,
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// The declared encoding on one line (`get_coding_spec`): the line must be a comment (after
/// blanks); the name follows `coding:` or `coding=` and is made of letters, digits, `-`, `_`
/// and `.`.
fn coding_spec(line: &[u8]) -> Option<String> {
    let start = line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let comment = &line[start..];
    let mut i = 0;
    while i + 6 <= comment.len() {
        if &comment[i..i + 6] == b"coding" {
            let mut j = i + 6;
            if matches!(comment.get(j), Some(b':' | b'=')) {
                j += 1;
                while matches!(comment.get(j), Some(b' ' | b'\t')) {
                    j += 1;
                }
                let name_end = comment[j..]
                    .iter()
                    .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
                    .map_or(comment.len(), |k| j + k);
                if name_end > j {
                    return Some(String::from_utf8_lossy(&comment[j..name_end]).into_owned());
                }
            }
        }
        i += 1;
    }
    None
}

/// `get_normal_name`: the spellings of UTF-8 and latin-1 the tokenizer knows itself.
fn normal_name(name: &str) -> String {
    let head: String = name
        .chars()
        .take(12)
        .map(|c| {
            if c == '_' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    if head == "utf-8" || head.starts_with("utf-8-") {
        return "utf-8".into();
    }
    for latin in ["latin-1", "iso-8859-1", "iso-latin-1"] {
        if head == latin || head.starts_with(&format!("{latin}-")) {
            return "iso-8859-1".into();
        }
    }
    name.to_string()
}

/// Whether a line holds nothing but blanks and maybe a comment (line 2 may then declare).
fn comment_or_blank(line: &[u8]) -> bool {
    match line
        .iter()
        .position(|&b| !matches!(b, b' ' | b'\t' | b'\x0c'))
    {
        None => true,
        Some(i) => matches!(line[i], b'#' | b'\n' | b'\r'),
    }
}

/// The lines of the file, each with its end (`\n`, `\r\n` or `\r`).
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                out.push(&bytes[start..=i]);
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                out.push(&bytes[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(&bytes[start..]);
    }
    out
}

/// The encoding a file declares (normalised), if any.
pub fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let lines = lines(body);
    let first = lines.first()?;
    if let Some(name) = coding_spec(first) {
        return Some(normal_name(&name));
    }
    if !comment_or_blank(first) {
        return None;
    }
    lines
        .get(1)
        .and_then(|l| coding_spec(l))
        .map(|n| normal_name(&n))
}

/// Decode a source file as CPython does. `shown` is the file name python3 would print.
pub fn decode(bytes: &[u8], shown: &str) -> Result<String, SourceError> {
    let has_bom = bytes.starts_with(BOM);
    let declared = declared_encoding(bytes);
    let problem = |what: &str| SourceError {
        rendered: format!("SyntaxError: encoding problem: {what}\n"),
    };
    match declared.as_deref() {
        // a byte order mark declares UTF-8
        None if has_bom => Ok(decode_declared_utf8(bytes)),
        None => {
            // undeclared: every line must be UTF-8
            if let Err(e) = std::str::from_utf8(bytes) {
                let at = e.valid_up_to();
                let line = 1 + bytes[..at]
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| {
                        b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
                    })
                    .count();
                return Err(SourceError {
                    rendered: format!(
                        "SyntaxError: Non-UTF-8 code starting with '\\x{:02x}' in file {shown} on \
                         line {line}, but no encoding declared; see \
                         https://peps.python.org/pep-0263/ for details\n",
                        bytes[at]
                    ),
                });
            }
            Ok(String::from_utf8_lossy(bytes).into_owned())
        }
        Some("utf-8") => Ok(decode_declared_utf8(bytes)),
        Some(name) if has_bom => Err(problem(&format!("{name} with BOM"))),
        Some(name) => {
            let text = match codecs::lookup(name) {
                // a source encoding must read ASCII as ASCII
                Lookup::Found(Codec::Utf16(_) | Codec::Utf32(_)) => None,
                Lookup::Found(codec) => codecs::decode(bytes, codec, Some(Errors::Strict)).ok(),
                _ => decode_table(name, bytes),
            };
            match text {
                Some(t) => Ok(t),
                None if matches!(codecs::lookup(name), Lookup::Unmodelled) => Err(SourceError {
                    rendered: format!(
                        "NotImplementedError: refscope does not model the '{name}' source \
                         encoding (line 1)\n"
                    ),
                }),
                None => Err(problem(name)),
            }
        }
    }
}

/// Declared UTF-8: the bytes that are not UTF-8 stay (as U+FFFD) where a comment holds them;
/// the tokenizer rejects them in code (see [`utf8_token_error`]).
fn decode_declared_utf8(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// For declared UTF-8 with a byte that is not UTF-8 outside comments: CPython's
/// `(unicode error)` for the token holding it, as python3 prints it.
pub fn utf8_token_error(bytes: &[u8], shown: &str) -> Option<SourceError> {
    let utf8 = match declared_encoding(bytes) {
        Some(name) => name == "utf-8",
        None => bytes.starts_with(BOM),
    };
    if !utf8 || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    for (n, line) in lines(bytes).into_iter().enumerate() {
        let Err(e) = std::str::from_utf8(line) else {
            continue;
        };
        let bad = e.valid_up_to();
        // inside a comment the tokenizer never decodes it
        let code = &line[..bad];
        if in_comment(code) {
            continue;
        }
        // the token: a string literal's body after its quote, or a name
        let token_start = match code.iter().rposition(|&b| b == b'"' || b == b'\'') {
            Some(q) if quotes_open(&code[..=q]) => q + 1,
            _ => code
                .iter()
                .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80))
                .map_or(0, |k| k + 1),
        };
        let token_end = line[bad..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80))
            .map_or(line.len(), |k| bad + k);
        let token = &line[token_start..token_end];
        let message = match codecs::decode(token, Codec::Utf8, Some(Errors::Strict)) {
            Err(e) => e.message(),
            Ok(_) => continue,
        };
        let text = String::from_utf8_lossy(line)
            .trim_end_matches(['\n', '\r'])
            .to_string();
        // the caret goes under the byte that fails
        let col = String::from_utf8_lossy(&line[..bad]).chars().count() as u32 + 1;
        let error = crate::parse::SyntaxError {
            kind: "SyntaxError",
            msg: format!("(unicode error) {message}"),
            line: n as u32 + 1,
            col,
            end_line: n as u32 + 1,
            end_col: Some(col as i64 + 1),
            text,
            newline: true,
            stage: crate::parse::Stage::Tokenizer,
        };
        return Some(SourceError {
            rendered: error.render(shown),
        });
    }
    None
}

/// Whether the end of `code` is inside a `#` comment (quotes taken into account roughly:
/// a `#` inside a one-line string literal is not a comment).
fn in_comment(code: &[u8]) -> bool {
    let mut quote: Option<u8> = None;
    for &b in code {
        match (quote, b) {
            (None, b'#') => return true,
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
    }
    false
}

/// Whether a string literal is open at the end of `code`.
fn quotes_open(code: &[u8]) -> bool {
    let mut quote: Option<u8> = None;
    for &b in code {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            _ => {}
        }
    }
    quote.is_some()
}

/// Single-byte codecs read from a table: cp1252 and ISO 8859-15 (latin-9), each latin-1 with
/// a few code points changed.
fn decode_table(name: &str, bytes: &[u8]) -> Option<String> {
    let norm: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect();
    let map: fn(u8) -> Option<char> = match norm.as_str() {
        "cp1252" | "windows_1252" | "1252" => cp1252,
        "iso8859_15" | "iso_8859_15" | "latin9" | "latin_9" | "l9" => latin9,
        _ => return None,
    };
    bytes.iter().map(|&b| map(b)).collect()
}

/// cp1252: 0x80-0x9f are typographic characters (five are undefined).
fn cp1252(b: u8) -> Option<char> {
    const HIGH: [u32; 32] = [
        0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
        0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
    ];
    match b {
        0x80..=0x9f => match HIGH[(b - 0x80) as usize] {
            0 => None,
            u => char::from_u32(u),
        },
        _ => Some(b as char),
    }
}

/// ISO 8859-15: latin-1 with the euro sign and seven letters in place of symbols.
fn latin9(b: u8) -> Option<char> {
    Some(match b {
        0xa4 => '\u{20ac}',
        0xa6 => '\u{0160}',
        0xa8 => '\u{0161}',
        0xb4 => '\u{017d}',
        0xb8 => '\u{017e}',
        0xbc => '\u{0152}',
        0xbd => '\u{0153}',
        0xbe => '\u{0178}',
        _ => b as char,
    })
}

/// Encode text for saving as the file it declares (PEP 263 read backwards): UTF-8 unless a
/// declaration names latin-1, ASCII, cp1252 or latin-9. `Err` names what cannot be encoded.
pub fn encode_for_save(text: &str) -> Result<Vec<u8>, String> {
    let Some(name) = declared_encoding(text.as_bytes()) else {
        return Ok(text.as_bytes().to_vec());
    };
    if name == "utf-8" {
        return Ok(text.as_bytes().to_vec());
    }
    if let Lookup::Found(codec @ (Codec::Latin1 | Codec::Ascii)) = codecs::lookup(&name) {
        return codecs::encode(text, codec, Some(Errors::Strict))
            .map_err(|e| format!("the file declares {name}: {}", e.message()));
    }
    let table: Option<fn(u8) -> Option<char>> = match decode_table(&name, b"") {
        Some(_) => {
            let norm = name.to_ascii_lowercase().replace('-', "_");
            Some(if norm.contains("1252") {
                cp1252
            } else {
                latin9
            })
        }
        None => None,
    };
    let Some(table) = table else {
        // a declaration refscope cannot encode: keep the text as UTF-8 rather than lose it
        return Ok(text.as_bytes().to_vec());
    };
    text.chars()
        .map(|c| {
            (0u8..=255)
                .find(|&b| table(b) == Some(c))
                .ok_or_else(|| format!("the file declares {name}, which has no {c:?}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_on_the_first_two_lines() {
        assert_eq!(
            declared_encoding(b"# -*- coding: latin-1 -*-\n"),
            Some("iso-8859-1".into())
        );
        assert_eq!(
            declared_encoding(b"#!/usr/bin/env python\n# vim: set fileencoding=UTF_8 :\n"),
            Some("utf-8".into())
        );
        assert_eq!(declared_encoding(b"x = 1\n# coding: latin-1\n"), None);
        assert_eq!(declared_encoding(b"x = 1 # coding: latin-1\n"), None);
        assert_eq!(declared_encoding(b"\n\n# coding: latin-1\n"), None);
        assert_eq!(
            declared_encoding(b"  # coding=cp1252\n"),
            Some("cp1252".into())
        );
    }

    #[test]
    fn decoding_as_python3_does() {
        let t = decode(b"# coding: latin-1\nprint('caf\xe9')\n", "x.py").unwrap();
        assert_eq!(t, "# coding: latin-1\nprint('caf\u{e9}')\n");
        let t = decode(b"# coding: cp1252\ns = '\x80'\n", "x.py").unwrap();
        assert!(t.ends_with("'\u{20ac}'\n"));
        let e = decode(b"x = 1\ns = '\xe9'\n", "x.py").unwrap_err();
        assert_eq!(
            e.rendered,
            "SyntaxError: Non-UTF-8 code starting with '\\xe9' in file x.py on line 2, but no \
             encoding declared; see https://peps.python.org/pep-0263/ for details\n"
        );
        for (src, what) in [
            (&b"# coding: bogus\n"[..], "bogus"),
            (b"# coding: utf-16\n", "utf-16"),
            (b"# coding=ascii\ns = '\xe9'\n", "ascii"),
            (b"\xef\xbb\xbf# coding: latin-1\n", "iso-8859-1 with BOM"),
        ] {
            let e = decode(src, "x.py").unwrap_err();
            assert_eq!(
                e.rendered,
                format!("SyntaxError: encoding problem: {what}\n")
            );
        }
    }

    #[test]
    fn declared_utf8_fails_only_in_code() {
        let src = b"# coding: utf-8\nx = 1 # caf\xe9\n";
        assert!(utf8_token_error(src, "x.py").is_none());
        let src = b"# coding: utf-8\ncaf\xe9 = 1\n";
        let e = utf8_token_error(src, "x.py").unwrap();
        assert!(e.rendered.ends_with(
            "SyntaxError: (unicode error) 'utf-8' codec can't decode byte 0xe9 in position 3: \
             unexpected end of data\n"
        ));
    }

    #[test]
    fn saving_keeps_the_declared_encoding() {
        let text = "# coding: latin-1\ns = 'caf\u{e9}'\n";
        assert_eq!(
            encode_for_save(text).unwrap(),
            b"# coding: latin-1\ns = 'caf\xe9'\n".to_vec()
        );
        assert!(encode_for_save("# coding: latin-1\ns = '\u{20ac}'\n").is_err());
        assert_eq!(
            encode_for_save("s = '\u{20ac}'\n").unwrap(),
            "s = '\u{20ac}'\n".as_bytes()
        );
    }
}
