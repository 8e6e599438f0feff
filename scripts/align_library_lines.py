#!/usr/bin/env python3
"""Put an embedded library source's code at CPython's line numbers with `#@line N` pragmas.

refscope's library sources (src/modules/py/*.py) are CPython's Lib files with docstrings and
some parts left out, so their statements sit at other lines than CPython's, and a traceback
through them would name other lines (see src/compile/library_lines.rs). This script finds, for
every function and class the model's file shares with CPython's (by qualified name), the
statements whose text is the same in both (in order, first line compared), and inserts a
`#@line N` pragma before each one that the model would otherwise place earlier than CPython's
line N. A statement the model places later than CPython's (the model's own code is longer
there) cannot be moved back and is left where it is; the script reports how many.

usage: scripts/align_library_lines.py MODEL_FILE CPYTHON_FILE [--write]
Without --write it prints the anchors it would use and the count it could not honour.
A file that already has pragmas is refused (align it from its pragma-free version).
"""
import ast
import sys


def walk_defs(tree):
    """(qualname, node) of every function and class, outermost first."""
    out = []

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                q = prefix + child.name
                out.append((q, child))
                visit(child, q + ".")
            elif isinstance(child, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                # definitions under `if`/`try` at module or class level
                visit(child, prefix)

    visit(tree, "")
    return out


def start_line(node):
    if getattr(node, "decorator_list", None):
        return min(d.lineno for d in node.decorator_list)
    return node.lineno


def body_statements(fn):
    """The statements of a function's own body, nested blocks included, in source order,
    without the bodies of nested definitions."""
    out = []

    def visit(stmts):
        for s in stmts:
            out.append(s)
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(s, field, []) or [])
            for h in getattr(s, "handlers", []) or []:
                out.append(h)
                visit(h.body)
            for c in getattr(s, "cases", []) or []:
                visit(c.body)

    visit(fn.body)
    return sorted(out, key=lambda s: s.lineno)


def anchors(model_src, cpy_src):
    mtree, ctree = ast.parse(model_src), ast.parse(cpy_src)
    mlines, clines = model_src.split("\n"), cpy_src.split("\n")
    cdefs = dict(walk_defs(ctree))
    result = {}
    for q, mnode in walk_defs(mtree):
        cnode = cdefs.get(q)
        if cnode is None:
            continue
        result[start_line(mnode)] = start_line(cnode)
        if isinstance(mnode, ast.ClassDef):
            continue
        cstmts = body_statements(cnode)
        j = 0
        for s in body_statements(mnode):
            key = mlines[s.lineno - 1].strip()
            if isinstance(s, ast.ExceptHandler) or not key:
                continue
            for k in range(j, len(cstmts)):
                if clines[cstmts[k].lineno - 1].strip() == key:
                    result[s.lineno] = cstmts[k].lineno
                    j = k + 1
                    break
    return sorted(result.items())


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    write = "--write" in sys.argv
    model_path, cpy_path = args
    model_src = open(model_path).read()
    if "#@line" in model_src:
        sys.exit(f"{model_path} already has #@line pragmas")
    cpy_src = open(cpy_path).read()
    lines = model_src.split("\n")
    offset = 0
    inserts = {}
    late = 0
    for m, t in anchors(model_src, cpy_src):
        cur = m + offset
        if t > cur:
            inserts[m] = t
            offset += t - cur
        elif t < cur:
            late += 1
    out = []
    for i, line in enumerate(lines, 1):
        if i in inserts:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}#@line {inserts[i]}")
        out.append(line)
    print(f"{len(inserts)} pragmas, {late} statements left later than CPython's", file=sys.stderr)
    if write:
        with open(model_path, "w") as f:
            f.write("\n".join(out))


if __name__ == "__main__":
    main()
