"""CI: the installed wheel, used as a learner uses it. Run with the venv's python after
`pip install .`; exits non-zero (with what differed) when a check fails.

- the `refscope` command the wheel put on the venv's PATH runs a snippet;
- the `refscope` package imports from the venv (not from the checkout);
- the IPython extension, driven through IPython's own InteractiveShell: `%%refscope` cells
  print what they print, display the heap as image/svg+xml and the names as text/html, share
  one model from cell to cell, show a failing cell's traceback as the cell's error, and
  `%refscope_reset` starts a fresh model; `%%refscope --python` runs a cell on the venv's own
  CPython, recorded, and shows the same picture and table.
"""

import os
import subprocess
import sys
import sysconfig
import tempfile

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


# -- the command ---------------------------------------------------------------------------
scripts = sysconfig.get_path("scripts")
exe = os.path.join(scripts, "refscope")
check(os.path.isfile(exe), f"the wheel installed {exe}")
with tempfile.TemporaryDirectory() as d:
    snippet = os.path.join(d, "snippet.py")
    with open(snippet, "w") as f:
        f.write("import sys\na = [1, 2, 3]\nb = a\nprint(sys.getrefcount(a), a is b)\n")
    out = subprocess.run([exe, "run", snippet], capture_output=True, text=True)
    check(out.returncode == 0 and out.stdout == "3 True\n", f"refscope run: {out.stdout!r} {out.stderr!r}")
version = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
check(version.startswith("refscope "), f"refscope --version: {version!r}")

# -- the package ---------------------------------------------------------------------------
import refscope  # noqa: E402

check(
    os.path.realpath(refscope.__file__).startswith(os.path.realpath(sysconfig.get_path("purelib"))),
    f"refscope imports from the venv ({refscope.__file__})",
)
check(os.path.realpath(refscope.find_binary()) == os.path.realpath(exe), "the package finds the wheel's binary")

# -- the magic, through IPython's own shell ---------------------------------------------------
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

shell = InteractiveShell.instance()
shell.run_line_magic("load_ext", "refscope")


def cell(source, line=""):
    with capture_output() as cap:
        shell.run_cell_magic("refscope", line, source)
    return cap


def mimes(cap):
    return [m for o in cap.outputs for m in o.data]


cap = cell("a = [1, 2]\nb = a\nprint('len', len(b))\n")
check(cap.stdout == "len 2\n", f"the cell's output comes back: {cap.stdout!r}")
check("image/svg+xml" in mimes(cap), f"an image/svg+xml display comes back: {mimes(cap)}")
svg = next((o.data["image/svg+xml"] for o in cap.outputs if "image/svg+xml" in o.data), "")
check(svg.startswith("<svg") and "list  rc 2" in svg, "the SVG is the heap picture (a list, rc 2)")
table = next((o.data["text/html"] for o in cap.outputs if "text/html" in o.data), "")
check("<table" in table and "a in __main__ globals" in table, "a text/html names table with holders")

# the same model: the next cell sees a and b; its last expression is Out[2]
cap = cell("import sys\nsys.getrefcount(a)\n")
# a, b and the call's argument: 3, as IPython 8.12 itself prints for these two cells
check(cap.stdout == "Out[2]: 3\n", f"cells share one model: {cap.stdout!r}")

# a failing cell: the model's traceback is the cell's error, the model goes on
try:
    cell("print('before')\n1 / 0\n")
    check(False, "a failing cell raises")
except Exception as e:  # the CellError IPython shows with _render_traceback_
    tb = "\n".join(e._render_traceback_())
    check(type(e).__name__ == "ZeroDivisionError", f"the error is typed as the snippet's: {type(e).__name__}")
    check("Cell In[3], line 2" in tb and tb.endswith("ZeroDivisionError: division by zero"), f"traceback: {tb!r}")
# through run_cell, IPython shows that traceback (and nothing of refscope's own code)
with capture_output() as cap:
    result = shell.run_cell("%%refscope\nundefined_name\n")
check(result.error_in_exec is not None, "run_cell records the cell as failed")
check("NameError: name 'undefined_name' is not defined" in cap.stdout, f"IPython shows the model's traceback: {cap.stdout!r}")
check("_magics.py" not in cap.stdout, "no traceback into the extension")

# reset: a fresh model
with capture_output():
    shell.run_line_magic("refscope_reset", "")
cap = cell("print('a' in dir())\n")
check(cap.stdout == "False\n", f"%refscope_reset starts a fresh model: {cap.stdout!r}")

# --python: the cell alone on the kernel's own CPython, recorded; the same picture and table
cap = cell("x = [1, 2]\ny = x\nprint('real', len(y))\n", "--python")
check(cap.stdout == "real 2\n", f"--python: the cell's output comes back: {cap.stdout!r}")
check("image/svg+xml" in mimes(cap), f"--python: an image/svg+xml display: {mimes(cap)}")
svg = next((o.data["image/svg+xml"] for o in cap.outputs if "image/svg+xml" in o.data), "")
check(svg.startswith("<svg") and "list  rc 2" in svg, "--python: the SVG is the real heap (a list, rc 2)")
table = next((o.data["text/html"] for o in cap.outputs if "text/html" in o.data), "")
check(
    "<table" in table and "x in __main__ globals" in table and f"CPython {sys.version.split()[0]}" in table,
    f"--python: the names table says which interpreter: {table[:300]!r}",
)
try:
    cell("z = 1\nz / 0\n", "--python")
    check(False, "--python: a failing cell raises")
except Exception as e:
    tb = "\n".join(e._render_traceback_())
    check(type(e).__name__ == "ZeroDivisionError", f"--python: the real error: {type(e).__name__}")
    check(tb.rstrip().endswith("ZeroDivisionError: division by zero"), f"--python traceback: {tb!r}")

shell.run_line_magic("unload_ext", "refscope")

if failures:
    print(f"\n{len(failures)} check(s) failed", file=sys.stderr)
    sys.exit(1)
print("\nall install checks passed")
