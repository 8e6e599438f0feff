# The Python half of io for refscope (after CPython 3.11's Lib/io.py): the abstract classes.
# CPython's _io defines _IOBase, _RawIOBase, _BufferedIOBase and _TextIOBase in C; here they
# are classes whose methods, getsets and slots are that C code, written in Rust
# (src/modules/iobase.rs) and put on these classes once this file has run: io.IOBase.readline
# is a method descriptor, and a learner's readinto() called through it sees C's references.
# _io records that an object is closed with an instance attribute `__IOBase_closed`. io's
# public ABCs derive from them as in io.py, and the concrete classes the model has (StringIO,
# BytesIO, TextIOWrapper, the type of sys.stdout) are registered with them as io.py registers
# its C classes.

import abc
import _io
from _io import (DEFAULT_BUFFER_SIZE, StringIO, BytesIO, TextIOWrapper, SEEK_SET, SEEK_CUR,
                 SEEK_END)

__all__ = ["BlockingIOError", "open", "open_code", "IOBase", "RawIOBase",
           "FileIO", "BytesIO", "StringIO", "BufferedIOBase",
           "BufferedReader", "BufferedWriter", "BufferedRWPair",
           "BufferedRandom", "TextIOBase", "TextIOWrapper",
           "UnsupportedOperation", "SEEK_SET", "SEEK_CUR", "SEEK_END"]


class UnsupportedOperation(OSError, ValueError):
    pass


class _IOBase:

    """The abstract base class for all I/O classes.

    This class provides dummy implementations for many methods that
    derived classes can override selectively; the default implementations
    represent a file that cannot be read, written or seeked.

    Even though IOBase does not declare read or write because
    their signatures will vary, implementations and clients should
    consider those methods part of the interface. Also, implementations
    may raise UnsupportedOperation when operations they do not support are
    called.

    The basic type used for binary data read from or written to a file is
    bytes. Other bytes-like objects are accepted as method arguments too.
    Text I/O classes work with str data.

    Note that calling any method (even inquiries) on a closed stream is
    undefined. Implementations may raise OSError in this case.

    IOBase (and its subclasses) support the iterator protocol, meaning
    that an IOBase object can be iterated over yielding the lines in a
    stream.

    IOBase also supports the :keyword:`with` statement. In this example,
    fp is closed after the suite of the with statement is complete:

    with open('spam.txt', 'r') as fp:
        fp.write('Spam and eggs!')
    """


class _RawIOBase(_IOBase):

    """Base class for raw binary I/O."""


class _BufferedIOBase(_IOBase):

    """Base class for buffered IO objects.

    The main difference with RawIOBase is that the read() method
    supports omitting the size argument, and does not have a default
    implementation that defers to readinto().

    In addition, read(), readinto() and write() may raise
    BlockingIOError if the underlying raw stream is in non-blocking
    mode and not ready; unlike their raw counterparts, they will never
    return None.

    A typical implementation should not inherit from a RawIOBase
    implementation, but wrap one.
    """


class _TextIOBase(_IOBase):

    """Base class for text I/O.

    This class provides a character and line based interface to stream
    I/O.
    """


for _klass in (_IOBase, _RawIOBase, _BufferedIOBase, _TextIOBase):
    _klass.__module__ = '_io'
    setattr(_io, _klass.__name__, _klass)
_io.UnsupportedOperation = UnsupportedOperation
del _klass


# io.py: the ABCs over the _io classes


class IOBase(_IOBase, metaclass=abc.ABCMeta):
    __doc__ = _IOBase.__doc__

class RawIOBase(_RawIOBase, IOBase):
    __doc__ = _RawIOBase.__doc__

class BufferedIOBase(_BufferedIOBase, IOBase):
    __doc__ = _BufferedIOBase.__doc__

class TextIOBase(_TextIOBase, IOBase):
    __doc__ = _TextIOBase.__doc__

BufferedIOBase.register(BytesIO)
for klass in (StringIO, TextIOWrapper):
    TextIOBase.register(klass)
del klass
