"""refscope: see how CPython 3.11 manages memory, step by step.

The wheel installs two things: the ``refscope`` command (the terminal app and its
subcommands, one Rust binary) and this small package, an IPython extension that runs
notebook cells on refscope's model of CPython::

    %load_ext refscope

    %%refscope
    a = [1, 2]
    b = a

Every ``%%refscope`` cell of a notebook runs on one model that lives as long as the kernel
(as the cells of a notebook file do in the app): it prints what the cell printed, then shows
the heap after the cell, the object graph as SVG and a table of the cell's names with their
reference counts and who holds each reference. ``%refscope_reset`` starts a fresh model.

Outside IPython, :class:`Model` is the same model as a plain Python object.
"""

from ._binary import find_binary
from ._client import CellError, Model, ModelError

__all__ = ["Model", "ModelError", "CellError", "find_binary", "__version__"]


def _version():
    try:
        from importlib.metadata import version

        return version("refscope")
    except Exception:  # not installed as a distribution (a checkout on sys.path)
        return "unknown"


__version__ = _version()


def load_ipython_extension(ipython):
    """``%load_ext refscope``: register ``%%refscope`` and ``%refscope_reset``."""
    from ._magics import load

    load(ipython)


def unload_ipython_extension(ipython):
    """``%unload_ext refscope``: stop the model process."""
    from ._magics import unload

    unload(ipython)
