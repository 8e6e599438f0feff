"""The IPython magics: ``%%refscope`` runs a cell on the model, ``%refscope_reset`` starts a
fresh one. All ``%%refscope`` cells of a kernel share one model (one ``refscope serve``
process), as the cells of a notebook file share one in the app.

After a cell: what it printed (stdout, stderr), then the heap: the object graph as SVG (the
picture ``refscope export --format svg`` draws) and a table of the names with their reference
counts and holders. A cell that raised shows the model's traceback as the cell's error.
"""

import html
import sys

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import display

from ._client import CellError, Model, ModelError

_loaded = {}


def load(ipython):
    magics = RefscopeMagics(ipython)
    _loaded[id(ipython)] = magics
    ipython.register_magics(magics)


def unload(ipython):
    magics = _loaded.pop(id(ipython), None)
    if magics is not None:
        magics.model.close()


@magics_class
class RefscopeMagics(Magics):
    def __init__(self, shell):
        super().__init__(shell)
        self.model = Model()

    @magic_arguments()
    @argument(
        "--no-graph",
        action="store_true",
        help="show the names table only (drawing a large heap takes time)",
    )
    @cell_magic
    def refscope(self, line, cell):
        """Run the cell on refscope's model of CPython 3.11 and show the heap after it.

        Every %%refscope cell runs on one model (names, objects and IPython's Out history
        carry over from cell to cell); %refscope_reset starts a fresh one.
        """
        args = parse_argstring(self.refscope, line)
        try:
            reply = self.model.run(cell, svg=not args.no_graph)
        except ModelError as e:
            print(f"refscope: {e}", file=sys.stderr)
            return
        show(reply)
        if reply.get("error"):
            raise CellError.of(reply)

    @line_magic
    def refscope_reset(self, line):
        """Start a fresh model for the next %%refscope cell (nothing defined, In [1])."""
        if line.strip():
            raise UsageError("%refscope_reset takes no arguments")
        try:
            self.model.reset()
        except ModelError as e:
            print(f"refscope: {e}", file=sys.stderr)


def show(reply):
    """Print a reply's output and display its heap (in this order)."""
    if reply.get("stdout"):
        sys.stdout.write(reply["stdout"])
        sys.stdout.flush()
    if reply.get("stderr"):
        sys.stderr.write(reply["stderr"])
        sys.stderr.flush()
    svg = reply.get("svg")
    if svg:
        start = svg.find("<svg")
        display(
            {"image/svg+xml": svg[start:] if start >= 0 else svg, "text/plain": summary(reply)},
            raw=True,
        )
    elif reply.get("svg_error"):
        print(f"refscope: no picture: {reply['svg_error']}", file=sys.stderr)
    if reply.get("execution_count") is not None:
        display({"text/html": names_html(reply), "text/plain": names_text(reply)}, raw=True)


def summary(reply):
    """One line for a frontend that shows no SVG."""
    rows = [r for r in reply.get("names", []) if "name" in r]
    cycles = reply.get("cycles", [])
    names = f"{len(rows)} name" + ("" if len(rows) == 1 else "s")
    cyc = f"{len(cycles)} cycle" + ("" if len(cycles) == 1 else "s")
    return f"<refscope heap after In [{reply.get('execution_count')}]: {names}, {cyc}>"


def _holders(row):
    """``a in __main__ globals``, ``item 0 of list @0x… ×2``, ``… 3 more``."""
    parts = []
    for h in row.get("holders", []):
        n = h.get("count", 1)
        parts.append(h["text"] + (f" ×{n}" if n != 1 else ""))
    more = row.get("more_holders", 0)
    if more:
        parts.append(f"… {more} more")
    return parts


def _refcount(row):
    before = row.get("refcount_before")
    if before is not None:
        return f"{before} → {row['refcount']}"
    return str(row["refcount"])


def _footer(reply):
    parts = []
    cycles = reply.get("cycles", [])
    if cycles:
        states = {}
        for c in cycles:
            states[c["state"]] = states.get(c["state"], 0) + 1
        parts.append(
            "cycles: " + ", ".join(f"{n} {s}" for s, n in states.items())
        )
    deleted = reply.get("deleted", [])
    if deleted:
        parts.append("deleted: " + ", ".join(deleted))
    gc = reply.get("gc")
    if gc:
        counts = gc.get("counts", [])
        limits = gc.get("thresholds", [])
        gens = " ".join(f"{c}/{t}" for c, t in zip(counts, limits))
        parts.append(f"gc {'on' if gc.get('enabled') else 'off'}, generations {gens}")
    return " · ".join(parts)


def names_html(reply):
    """The names table as compact HTML: what changed in this cell is in bold."""
    e = html.escape
    rows = []
    for r in reply.get("names", []):
        if "name" not in r:
            rows.append(f'<tr><td colspan="5">… {r.get("more_names", 0)} more names</td></tr>')
            continue
        bold = r.get("change") in ("new", "refcount")
        mark = {"new": "new", "refcount": "count changed"}.get(r.get("change"), "")
        shared = "; ".join(r.get("shared", []))
        value = e(r["repr"])
        if shared:
            value += f'<br><small title="{e(shared)}">shared: {e(shared.split(":")[0])}</small>'
        style = ' style="font-weight:bold"' if bold else ""
        rows.append(
            f"<tr{style}>"
            f'<td style="text-align:left"><code>{e(r["name"])}</code></td>'
            f'<td style="text-align:left">{e(r["type"])}<br><small>{e(r["address"])}</small></td>'
            f'<td style="text-align:left"><code>{value}</code></td>'
            f'<td style="text-align:right" title="{e(mark)}">{e(_refcount(r))}</td>'
            f'<td style="text-align:left"><small>{"<br>".join(e(h) for h in _holders(r))}</small></td>'
            "</tr>"
        )
    if not rows:
        rows.append('<tr><td colspan="5"><i>no names yet</i></td></tr>')
    head = (
        "<tr>"
        '<th style="text-align:left">name</th><th style="text-align:left">type</th>'
        '<th style="text-align:left">value</th><th style="text-align:right">refcount</th>'
        '<th style="text-align:left">held by</th>'
        "</tr>"
    )
    footer = _footer(reply)
    caption = f"refscope · after In [{reply.get('execution_count')}]"
    return (
        '<table class="refscope-names" style="font-size:smaller">'
        f'<caption style="text-align:left">{e(caption)}</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
        + (f'<tfoot><tr><td colspan="5"><small>{e(footer)}</small></td></tr></tfoot>' if footer else "")
        + "</table>"
    )


def names_text(reply):
    """The names table as plain text (terminal IPython)."""
    lines = [f"refscope · after In [{reply.get('execution_count')}]"]
    for r in reply.get("names", []):
        if "name" not in r:
            lines.append(f"  … {r.get('more_names', 0)} more names")
            continue
        mark = {"new": " (new)", "refcount": " (changed)"}.get(r.get("change"), "")
        lines.append(
            f"  {r['name']}: {r['type']} {r['repr']} @{r['address']}  refcount {_refcount(r)}{mark}"
        )
        for h in _holders(r):
            lines.append(f"      held by {h}")
    footer = _footer(reply)
    if footer:
        lines.append(f"  {footer}")
    return "\n".join(lines)
