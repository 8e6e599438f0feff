//! Helpers shared by the integration tests.

// not every test that includes this module uses every helper
#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus's snippets (`tests/corpus/*.py`), sorted by name.
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    v.sort();
    v
}

/// The fidelity normaliser (`normalize.py`): address-like tokens become `<addrN>`, numbered by
/// first appearance and keyed by value (so `id(x)` and `hex(id(x))` of one object match).
pub fn normalize(text: &str) -> String {
    let mut seen: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    while i < chars.len() {
        // hex: 0x followed by 8+ hex digits, not followed by a word char
        if chars[i] == '0' && i + 1 < chars.len() && (chars[i + 1] == 'x' || chars[i + 1] == 'X') {
            let mut j = i + 2;
            while j < chars.len() && chars[j].is_ascii_hexdigit() {
                j += 1;
            }
            let follows_word = j < chars.len() && is_word(chars[j]);
            if j - (i + 2) >= 8 && !follows_word {
                let digits: String = chars[i + 2..j].iter().collect();
                if let Ok(v) = u128::from_str_radix(&digits, 16) {
                    out.push_str(&tag(&mut seen, v.to_string()));
                    i = j;
                    continue;
                }
            }
        }
        // decimal: 10+ digits, not glued to word chars, not after '.', not before '.digit'
        if chars[i].is_ascii_digit() && (i == 0 || !(is_word(chars[i - 1]) || chars[i - 1] == '.'))
        {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let glued = j < chars.len() && is_word(chars[j]);
            let float = j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit();
            if j - i >= 10 && !glued && !float {
                // keyed by value: leading zeros do not count (and no size limit)
                let digits: String = chars[i..j].iter().collect();
                let value = digits.trim_start_matches('0');
                let value = if value.is_empty() { "0" } else { value };
                out.push_str(&tag(&mut seen, value.to_string()));
                i = j;
                continue;
            }
            out.extend(&chars[i..j]);
            i = j;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn tag(seen: &mut Vec<String>, v: String) -> String {
    let n = match seen.iter().position(|s| *s == v) {
        Some(p) => p + 1,
        None => {
            seen.push(v);
            seen.len()
        }
    };
    format!("<addr{n}>")
}
