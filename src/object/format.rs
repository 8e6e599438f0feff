//! Python's formatting mini-languages as CPython 3.11 implements them, without any VM
//! calls, one language a file:
//! - [`spec`]: the format-spec language of `format()`/`__format__` for int, float, complex and
//!   str (`Python/formatter_unicode.c`): `[[fill]align][sign]["z"]["#"]["0"][width][grouping]
//!   ["." precision][type]`;
//! - [`percent`]: `%`-formatting (`printf`-style, `PyUnicode_Format` and `bytes % args`): the
//!   conversion-spec parser and the per-conversion text;
//! - [`template`]: the `str.format` template parser (`Objects/stringlib/unicode_format.h`):
//!   literal text, replacement fields, field names with their accessors, automatic numbering.
//!
//! The VM supplies the values (calling `__format__`, `__index__`, `__str__`); these files only
//! turn numbers and text into text, or report the exception CPython would raise.

use crate::object::float::NumError;

mod percent;
mod spec;
mod template;
#[cfg(test)]
mod tests;

pub use percent::*;
pub use spec::*;
pub use template::*;

pub(super) fn value_error(msg: impl Into<String>) -> NumError {
    NumError::new("ValueError", msg)
}

/// Widths above this report `MemoryError` (CPython would try to allocate the text), as do
/// widths the process could not hold ([`crate::memguard`]).
pub const MAX_FORMAT_WIDTH: usize = 1 << 31;

pub(super) fn check_width(width: Option<usize>) -> Result<(), NumError> {
    match width {
        Some(w)
            if w > MAX_FORMAT_WIDTH
                || !crate::memguard::fits(w as u128 * crate::memguard::COPIES) =>
        {
            Err(NumError::new("MemoryError", ""))
        }
        _ => Ok(()),
    }
}

/// Largest value CPython's `get_integer` accepts for widths, precisions and field
/// indexes (`PY_SSIZE_T_MAX`).
pub(super) const SSIZE_MAX: u64 = i64::MAX as u64;
