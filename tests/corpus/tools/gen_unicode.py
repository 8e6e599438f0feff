# Generates src/object/unicode.rs tables from CPython 3.11's unicodedata (Unicode 14.0.0).
import unicodedata, sys
def ranges(pred):
    r=[];start=None
    for c in range(0x110000):
        ok=pred(chr(c))
        if ok and start is None: start=c
        if not ok and start is not None: r.append((start,c-1)); start=None
    if start is not None: r.append((start,0x10ffff))
    return r
def emit_ranges(name, doc, pred):
    rs = ranges(pred)
    out = [f"/// {doc}", f"pub static {name}: &[(u32, u32)] = &["]
    line = "   "
    for a,b in rs:
        item = f" (0x{a:x}, 0x{b:x}),"
        if len(line)+len(item) > 99:
            out.append(line); line = "   "
        line += item
    out.append(line)
    out.append("];")
    return "\n".join(out)
def rust_str(s):
    return '"' + ''.join('\\u{%x}' % ord(ch) for ch in s) + '"'
def emit_map(name, doc, pairs):
    out = [f"/// {doc}", f"pub static {name}: &[(u32, &str)] = &["]
    for c, s in pairs:
        out.append(f"    (0x{c:x}, {rust_str(s)}),")
    out.append("];")
    return "\n".join(out)
parts = ["//! Unicode character tables generated from CPython 3.11's `unicodedata` (Unicode 14.0.0)",
         "//! by `tests/corpus/tools/gen_unicode.py`: the properties `str` methods test",
         "//! (`isalpha`, `isdecimal`, `isdigit`, `isnumeric`, `isprintable`, `isspace`, cased and",
         "//! titlecase letters, identifier characters) and the full case mappings (upper, lower,",
         "//! title, casefold) of that Unicode version, so results do not depend on the Unicode version",
         "//! of Rust's standard library. Ranges are sorted and inclusive.",
         "",
         "#![allow(clippy::unreadable_literal)]"]
header = "\n".join(parts)
parts = [header]
parts.append(emit_ranges("ALPHA", "`str.isalpha`: categories Lu, Ll, Lt, Lm, Lo.", str.isalpha))
parts.append(emit_ranges("DECIMAL", "`str.isdecimal`: category Nd.", str.isdecimal))
parts.append(emit_ranges("DIGIT", "`str.isdigit`: Numeric_Type Digit or Decimal.", str.isdigit))
parts.append(emit_ranges("NUMERIC", "`str.isnumeric`: any Numeric_Type.", str.isnumeric))
parts.append(emit_ranges("PRINTABLE", "`str.isprintable` (and what `repr` leaves unescaped).", str.isprintable))
parts.append(emit_ranges("SPACE", "`str.isspace`: bidirectional WS, B, S or category Zs.", str.isspace))
parts.append(emit_ranges("LOWER", "The Lowercase property (`str.islower` of one character).", str.islower))
parts.append(emit_ranges("UPPER", "The Uppercase property (`str.isupper` of one character).", str.isupper))
parts.append(emit_ranges("TITLE", "Category Lt (titlecase letters).", lambda c: unicodedata.category(c)=='Lt'))
parts.append(emit_ranges("CASE_IGNORABLE", "Case_Ignorable (for the final sigma rule).", lambda c: unicodedata.category(c) in ('Mn','Me','Cf','Lm','Sk') or c in "'.:^`\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a\u00ad"))
parts.append(emit_ranges("XID_START", "Characters an identifier may start with (`str.isidentifier`).", lambda c: c.isidentifier()))
parts.append(emit_ranges("XID_CONTINUE", "Characters an identifier may continue with.", lambda c: ('a'+c).isidentifier()))
parts.append(emit_map("TITLE_MAP", "Full titlecase mapping where it differs from the uppercase mapping.",
    [(c, chr(c).title()) for c in range(0x110000) if chr(c).title() != chr(c).upper()]))
parts.append(emit_map("CASEFOLD_MAP", "Full case folding where it differs from the lowercase mapping.",
    [(c, chr(c).casefold()) for c in range(0x110000) if chr(c).casefold() != chr(c).lower()]))
parts.append(emit_map("UPPER_MAP", "Full uppercase mapping (characters whose uppercase is not themselves).",
    [(c, chr(c).upper()) for c in range(0x110000) if chr(c).upper() != chr(c)]))
parts.append(emit_map("LOWER_MAP", "Full lowercase mapping (characters whose lowercase is not themselves).",
    [(c, chr(c).lower()) for c in range(0x110000) if chr(c).lower() != chr(c) and not (0xd800 <= c < 0xe000)]))
print("\n\n".join(parts))
