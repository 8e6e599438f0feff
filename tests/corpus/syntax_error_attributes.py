# What compile() puts in a SyntaxError, by the stage of CPython that raises it:
# - pegen (the parser): `text` is the tokenizer's line with its newline, or the line alone when
#   the tokenizer had gone past it; offsets of a string in characters; no end (0 or -1) for
#   "was never closed", tokens without a position (INDENT, DEDENT) and the end of input;
# - the tokenizer: the line without its newline;
# - the compiler: no `text` for a string (it reads lines back from files only);
# - the symbol table and future.c: `args` holds the message alone.
import gc
import traceback

gc.disable()
sources = [
    "x = (1, 2",
    "x = [1, 2,\n 3",
    "a b",
    "1 +",
    "if x\n  y",
    "if x  # note\n  y",
    "for x in range(3):\npass",
    "  x = 1",
    "try:",
    "try:\n  pass",
    "try:\n\n\n",
    "x = {1: 2, 3}",
    "[x for x < 3]",
    "for x < 3: pass",
    "\u00e9 = 1 +* 2",
    "a = 'abc",
    "x = 0777",
    "del f()",
    "return 5",
    "def f():\n    nonlocal x",
    "def f(a, a): pass",
    "from __future__ import braces",
    "x = 1\nfrom __future__ import annotations",
    "f(x=1, x=2)",
]
for s in sources:
    try:
        compile(s, "<s>", "exec")
    except SyntaxError as e:
        print(type(e).__name__, repr(e.msg), e.lineno, e.offset, e.end_lineno, e.end_offset)
        print("   ", repr(e.text), len(e.args))
        print("".join(traceback.format_exception_only(e)), end="")

