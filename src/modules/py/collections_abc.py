# collections.abc, as CPython 3.11's Lib/collections/abc.py: the ABCs live in _collections_abc.
from _collections_abc import *
from _collections_abc import __all__
