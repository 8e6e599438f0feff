#!/usr/bin/env python3
"""Record CPython's line events: the golden files `refscope trace --format lines` must match.

One line per 'line' event that sys.settrace reports in a frame running the snippet's own code
(module body or cell statements, functions, class bodies, comprehensions, generator
resumptions), in the order CPython reports them: what the app's `s` key stops at.

- A `.py` file without `# %%` markers runs as `python3 FILE` runs it (one compilation of the
  whole file, `__name__ == '__main__'`); the lines are the file's.
- A `# %%` file or an `.ipynb` runs as Jupyter runs it, through IPython's InteractiveShell
  (`run_cell`, which compiles each top-level statement on its own). A `# %%` file reports the
  file's own lines (the cell's line plus the line its cell starts on, minus one); a notebook
  reports lines inside each cell, as CPython does for the cell's code.

Usage:
    python3 tests/lines/record.py FILE          print the events of one snippet
    python3 tests/lines/record.py --all         rewrite every golden (tests/lines/*/NAME.lines)

The goldens cover tests/fidelity/cases, tests/corpus, assets/examples and the small programs
of tests/lines/cases (one line-table mechanism each). Each is recorded
in a fresh interpreter with PYTHONHASHSEED=0, stdin from /dev/null.
"""
import io
import json
import os
import subprocess
import sys

MARKER = "# %%"


def cells_of(path, text):
    """(source, first line in the file) of each code cell, as refscope's loader splits them."""
    if path.endswith(".ipynb"):
        nb = json.loads(text)
        for cell in nb["cells"]:
            if cell.get("cell_type") == "code":
                src = cell["source"]
                yield ("".join(src) if isinstance(src, list) else src), 1
        return
    cell, first, line_no = [], 1, 0
    for line in text.splitlines(keepends=True):
        line_no += 1
        if line.startswith(MARKER):
            if "".join(cell).strip():
                yield "".join(cell), first
            cell, first = [], line_no + 1
        else:
            cell.append(line)
    if "".join(cell).strip():
        yield "".join(cell), first


def has_markers(text):
    return any(line.startswith(MARKER) for line in text.splitlines())


def trace_script(path, text):
    code = compile(text, path, "exec")
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != path:
            return None
        if event == "line":
            events.append(frame.f_lineno)
        return tracer

    g = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    # `python3 FILE` runs the module frame at depth 1; here it runs below the recorder's
    # own frames, and every event calls the tracer one frame deeper still (the deepest
    # frame's 'call' and 'line' events): give the snippet the headroom it has untraced
    depth = 2
    f = sys._getframe()
    while f is not None:
        depth += 1
        f = f.f_back
    sys.setrecursionlimit(sys.getrecursionlimit() + depth)
    sys.settrace(tracer)
    try:
        exec(code, g)
    except BaseException:
        pass
    finally:
        sys.settrace(None)
    return events


def trace_cells(path, text):
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance(colors="NoColor")
    shell.separate_out = ""
    notebook = path.endswith(".ipynb")
    offset_of_file = {}  # a cell's code filename -> the line its cell starts on
    events = []
    current = [1]

    def tracer(frame, event, arg):
        name = frame.f_code.co_filename
        if not name.startswith("<ipython-input-"):
            return None
        if name not in offset_of_file:
            offset_of_file[name] = current[0]
        if event == "line":
            first = 1 if notebook else offset_of_file[name]
            events.append(frame.f_lineno + first - 1)
        return tracer

    for source, first in cells_of(path, text):
        current[0] = first
        sys.settrace(tracer)
        try:
            shell.run_cell(source, store_history=True)
        finally:
            sys.settrace(None)
    return events


def record(path):
    path = os.path.abspath(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()
    try:
        if path.endswith(".ipynb") or has_markers(text):
            events = trace_cells(path, text)
        else:
            events = trace_script(path, text)
    finally:
        sys.stdout = real_stdout
    return events


SETS = [
    ("fidelity", "tests/fidelity/cases"),
    ("corpus", "tests/corpus"),
    ("examples", "assets/examples"),
    # small programs for the line table's mechanisms (conditions, handlers, empty modules)
    ("cases", "tests/lines/cases"),
]


def record_all(root):
    env = dict(os.environ, PYTHONHASHSEED="0")
    for name, folder in SETS:
        out_dir = os.path.join(root, "tests/lines", name)
        os.makedirs(out_dir, exist_ok=True)
        for f in sorted(os.listdir(os.path.join(root, folder))):
            if not (f.endswith(".py") or f.endswith(".ipynb")):
                continue
            case = os.path.join(root, folder, f)
            out = subprocess.run(
                [sys.executable, os.path.abspath(__file__), case],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
                cwd=os.path.dirname(case),
                check=False,
            ).stdout
            stem = os.path.splitext(f)[0]
            with open(os.path.join(out_dir, stem + ".lines"), "wb") as g:
                g.write(out)
            count = out.count(b"\n")
            print(f"{name}/{stem}: {count} events", file=sys.stderr)


def main():
    if sys.argv[1:] == ["--all"]:
        record_all(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
        return
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    events = record(sys.argv[1])
    sys.stdout.write("".join(f"{line}\n" for line in events))
    sys.stdout.flush()
    # exit at once: interpreter shutdown runs no more of the snippet's code under the tracer,
    # and a snippet's leftover threads or finalizers must not add to the output
    os._exit(0)


if __name__ == "__main__":
    main()
