//! What a snippet writes: `sys.stdout` and `sys.stderr` as CPython's `TextIOWrapper`s encode
//! them, kept in [`Vm::stdout`]/[`Vm::stderr`] for the views, or handed as it is written to an
//! [`OutputSink`] (a headless run streams it, so a snippet killed or interrupted keeps what it
//! printed, as it would under `python3`).
//!
//! The encodings are CPython's: UTF-8 with the `surrogateescape` error handler for stdout in
//! the C, POSIX and C.UTF-8 locales (`config_get_stdio_errors`; `strict` in other locales, as
//! the sink says), so `'\udcff'` writes the byte 0xff and any other lone surrogate
//! (`print('x\ud800')`) raises `UnicodeEncodeError` for that write, keeping the writes before
//! it; stderr uses `backslashreplace`, so a traceback can always be printed.

use super::{ExcKind, PyResult, Vm};
use crate::object::codecs::{self, Codec, Errors};
use crate::object::str::{code_point, is_surrogate};

/// One of the snippet's two text streams.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Where output goes as the snippet writes it, instead of the VM's buffers. The sink does its
/// own buffering (a terminal is line-buffered, a pipe block-buffered, as CPython's are).
pub trait OutputSink {
    /// Encoded text written to a stream.
    fn write(&mut self, stream: Stream, bytes: &[u8]);
    /// `flush=True`, `sys.stdout.flush()`: what is buffered goes out now.
    fn flush(&mut self);
    /// Whether stdout's error handler is `surrogateescape` (the locale decides).
    fn surrogateescape(&self) -> bool {
        true
    }
}

/// Encode stdout text: UTF-8, lone surrogates U+DC80..U+DCFF back to the bytes they escape
/// when `escape` allows; any other surrogate run is the error CPython reports (its positions
/// in characters).
fn encode_stdout(text: &str, escape: bool) -> Result<Vec<u8>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if !is_surrogate(c) {
            let mut buf = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            i += 1;
            continue;
        }
        // the encoder hands the whole run of surrogates to the error handler
        let end = (i..chars.len())
            .find(|&j| !is_surrogate(chars[j]))
            .unwrap_or(chars.len());
        let run: Vec<u32> = chars[i..end].iter().map(|&c| code_point(c)).collect();
        if escape && run.iter().all(|u| (0xdc80..=0xdcff).contains(u)) {
            out.extend(run.iter().map(|u| (u - 0xdc00) as u8));
            i = end;
            continue;
        }
        return Err(if end == i + 1 {
            format!(
                "'utf-8' codec can't encode character '\\u{:04x}' in position {i}: \
                 surrogates not allowed",
                run[0]
            )
        } else {
            format!(
                "'utf-8' codec can't encode characters in position {i}-{}: surrogates not \
                 allowed",
                end - 1
            )
        });
    }
    Ok(out)
}

impl Vm {
    /// Write text to the snippet's standard output (the model's own output, such as IPython's
    /// `Out[N]`, which is always encodable).
    pub fn write_stdout(&mut self, text: &str) {
        match self.output.as_ref() {
            Some(sink) => {
                let mut sink = sink.borrow_mut();
                let escape = sink.surrogateescape();
                let bytes = encode_stdout(text, escape).unwrap_or_default();
                sink.write(Stream::Stdout, &bytes)
            }
            None => self.stdout.push_str(text),
        }
    }

    /// `sys.stdout.write(text)`: a lone surrogate the error handler cannot take is a
    /// `UnicodeEncodeError`, and nothing of this write is written.
    pub fn write_stdout_checked(&mut self, text: &str) -> PyResult<()> {
        if text.chars().any(is_surrogate) {
            let escape = self
                .output
                .as_ref()
                .is_none_or(|s| s.borrow().surrogateescape());
            if let Err(msg) = encode_stdout(text, escape) {
                return Err(self.new_exception(ExcKind::UnicodeEncodeError, &msg));
            }
        }
        self.write_stdout(text);
        Ok(())
    }

    /// Write text to the snippet's standard error (`backslashreplace`: a lone surrogate shows
    /// as `\udXXX`).
    pub fn write_stderr(&mut self, text: &str) {
        let replaced;
        let text = if text.chars().any(is_surrogate) {
            replaced = codecs::encode(text, Codec::Utf8, Some(Errors::BackslashReplace))
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            replaced.as_str()
        } else {
            text
        };
        match self.output.as_ref() {
            Some(sink) => sink.borrow_mut().write(Stream::Stderr, text.as_bytes()),
            None => self.stderr.push_str(text),
        }
    }

    /// `flush=True` and `sys.stdout.flush()`.
    pub fn flush_stdout(&mut self) {
        if let Some(sink) = self.output.as_ref() {
            sink.borrow_mut().flush();
        }
    }
}
