//! The source as CPython's file reader hands it to the tokenizer ([`Text`]), and error
//! locations on it ([`Loc`]).

use super::*;

/// The source as CPython's file reader hands it to the tokenizer: BOM dropped, `\r\n` and `\r`
/// turned into `\n`, and a final newline added. Positions below are offsets into `bytes`.
pub(super) struct Text {
    pub(super) bytes: Vec<u8>,
    /// Original offsets of the bytes dropped while normalising (BOM, the `\r` of `\r\n`).
    dropped: Vec<usize>,
    /// The normalised positions where those bytes were dropped.
    dropped_at: Vec<usize>,
    line_starts: Vec<usize>,
}

impl Text {
    pub(super) fn new(source: &str) -> Text {
        let src = source.as_bytes();
        let mut bytes = Vec::with_capacity(src.len() + 1);
        let mut dropped = Vec::new();
        let mut i = 0;
        if source.starts_with('\u{feff}') {
            dropped.extend(0..3);
            i = 3;
        }
        while i < src.len() {
            match src[i] {
                b'\r' if src.get(i + 1) == Some(&b'\n') => dropped.push(i),
                b'\r' => bytes.push(b'\n'),
                b => bytes.push(b),
            }
            i += 1;
        }
        if !bytes.is_empty() && bytes.last() != Some(&b'\n') {
            bytes.push(b'\n');
        }
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let dropped_at = dropped.iter().enumerate().map(|(k, &d)| d - k).collect();
        Text {
            bytes,
            dropped,
            dropped_at,
            line_starts,
        }
    }

    /// The normalised position of an offset in the original source.
    pub(super) fn norm_pos(&self, orig: usize) -> usize {
        let pos = orig - self.dropped.partition_point(|&d| d < orig);
        pos.min(self.bytes.len())
    }

    /// The original offset of a normalised position.
    pub(super) fn to_orig(&self, pos: usize) -> usize {
        pos + self.dropped_at.partition_point(|&d| d <= pos)
    }

    /// 1-based line of a position.
    pub(super) fn line_of(&self, pos: usize) -> u32 {
        self.line_starts.partition_point(|&s| s <= pos).max(1) as u32
    }

    fn line_start(&self, line: u32) -> usize {
        let idx = (line.max(1) - 1) as usize;
        self.line_starts
            .get(idx)
            .copied()
            .unwrap_or(self.bytes.len())
    }

    /// The text of a 1-based line, without its newline.
    pub(super) fn line_text(&self, line: u32) -> String {
        let start = self.line_start(line);
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |n| start + n);
        String::from_utf8_lossy(&self.bytes[start..end]).into_owned()
    }

    /// CPython's 1-based column of a position on `line`. CPython 3.11 reports columns of a
    /// file's parser and compiler errors in bytes (no conversion without a coding cookie), so
    /// this is a byte column; only tokenizer errors count characters (`char_col_on`).
    pub(super) fn col_on(&self, line: u32, pos: usize) -> i64 {
        let (start, end) = self.line_bounds(line);
        (pos.clamp(start, end) - start) as i64 + 1
    }

    /// Like `col_on`, counting characters.
    pub(super) fn char_col_on(&self, line: u32, pos: usize) -> i64 {
        let (start, end) = self.line_bounds(line);
        let chars = String::from_utf8_lossy(&self.bytes[start..pos.clamp(start, end)])
            .chars()
            .count();
        chars as i64 + 1
    }

    /// Start and end (after the newline) of a line.
    fn line_bounds(&self, line: u32) -> (usize, usize) {
        let start = self.line_start(line);
        let end = self.bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(self.bytes.len(), |n| start + n + 1);
        (start, end)
    }
}

/// Where an error sits, in CPython's terms (1-based columns in characters; `end_col <= col`
/// means one caret).
#[derive(Clone, Copy, Debug)]
pub(super) struct Loc {
    pub(super) line: u32,
    pub(super) col: i64,
    pub(super) end_line: u32,
    pub(super) end_col: i64,
}

impl Text {
    pub(super) fn error(
        &self,
        kind: &'static str,
        msg: impl Into<String>,
        loc: Loc,
    ) -> SyntaxError {
        let start = self.line_start(loc.line);
        let newline = self.bytes[start.min(self.bytes.len())..].contains(&b'\n');
        SyntaxError {
            kind,
            msg: msg.into(),
            line: loc.line,
            col: loc.col.max(0) as u32,
            end_line: loc.end_line,
            end_col: Some(loc.end_col),
            text: self.line_text(loc.line),
            newline,
            stage: Stage::Parser {
                read_to: loc.line,
                at_end: false,
            },
        }
    }

    /// A location spanning `start..end` (positions), like a token's.
    pub(super) fn span(&self, start: usize, end: usize) -> Loc {
        let line = self.line_of(start);
        let end_line = self.line_of(end.max(start)).max(line);
        // A range ending exactly at a newline belongs to the line it ends.
        let end_line = if end > start && self.bytes.get(end - 1) == Some(&b'\n') {
            self.line_of(end - 1)
        } else {
            end_line
        };
        Loc {
            line,
            col: self.col_on(line, start),
            end_line,
            end_col: self.col_on(end_line, end),
        }
    }

    /// A one-caret location at `pos`.
    pub(super) fn at(&self, pos: usize) -> Loc {
        let line = self.line_of(pos);
        let col = self.col_on(line, pos);
        Loc {
            line,
            col,
            end_line: line,
            end_col: col,
        }
    }
}
