#!/usr/bin/env python3
"""Record every name CPython 3.11's modules have, for the modules refscope models: a line a
module, `NAME name name ...` (dir() of the module as python3 imports it). refscope embeds the
result (src/modules/cpython_module_names.txt): reading a name CPython's module has and the
model's does not raises `NotImplementedError: refscope does not model io.open`, never the
AttributeError a snippet would not meet under CPython.

usage:  python3 scripts/record_module_names.py > src/modules/cpython_module_names.txt
"""
import importlib
import sys

assert sys.version_info[:2] == (3, 11), "record with python3 3.11"

# the modules src/modules.rs models (`refscope` lists them in its own error messages)
MODULES = """sys gc ctypes copy weakref math itertools _operator operator _functools functools heapq
_weakref _bisect bisect time _random _sha512 random array _io io _thread __future__ platform keyword reprlib
contextlib string textwrap _tracemalloc tracemalloc types json json.decoder json.encoder
_weakrefset abc _collections_abc _collections collections collections.abc enum typing
dataclasses re datetime pprint fractions statistics doctest traceback logging
posix posixpath os difflib unittest fnmatch queue _queue html zlib pickle decimal inspect numbers _strptime""".split()

for name in MODULES:
    m = importlib.import_module(name)
    print(name, *sorted(dir(m)))
