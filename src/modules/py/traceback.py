# traceback for refscope, after CPython 3.11's Lib/traceback.py: the text of an exception's
# traceback comes from the model's own renderer of uncaught exceptions (`_format`, in Rust),
# so it is what the interpreter prints. Not modelled: the stack and frame-summary functions
# (extract_tb, extract_stack, format_stack, print_stack, walk_tb, StackSummary,
# TracebackException, FrameSummary) and `limit`.

import sys

__all__ = ['format_exc', 'format_exception', 'format_exception_only', 'print_exc',
           'print_exception', 'print_last']

_sentinel = object()


def _value(exc, value):
    if value is _sentinel:
        return exc
    return value


def _lines(text):
    return text.splitlines(keepends=True)


def _check_limit(limit):
    if limit is not None:
        raise NotImplementedError('refscope does not model the limit argument of traceback '
                                  'functions')


def format_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, chain=True):
    """Format a stack trace and the exception information."""
    _check_limit(limit)
    value = _value(exc, value)
    if value is None:
        return ['NoneType: None\n']
    return _lines(_format(value, chain))


def format_exception_only(exc, /, value=_sentinel):
    """Format the exception part of a traceback."""
    value = _value(exc, value)
    if value is None:
        return ['NoneType: None\n']
    if not isinstance(value, BaseException):
        return ['%s\n' % (type(exc).__name__ if exc is not None else 'NoneType')]
    return _lines(_format_only(value))


def print_exception(exc, /, value=_sentinel, tb=_sentinel, limit=None, file=None, chain=True):
    """Print exception up to 'limit' stack trace entries from 'tb' to 'file'."""
    if file is None:
        file = sys.stderr
    for line in format_exception(exc, value, tb, limit=limit, chain=chain):
        print(line, file=file, end="")


def format_exc(limit=None, chain=True):
    """Like print_exc() but return a string."""
    return "".join(format_exception(sys.exc_info()[1], limit=limit, chain=chain))


def print_exc(limit=None, file=None, chain=True):
    """Shorthand for 'print_exception(sys.exception(), limit, file, chain)'."""
    print_exception(sys.exc_info()[1], limit=limit, file=file, chain=chain)


def print_last(limit=None, file=None, chain=True):
    """This is a shorthand for 'print_exception(sys.last_type,
    sys.last_value, sys.last_traceback, limit, file)'."""
    if not hasattr(sys, "last_type"):
        raise ValueError("no last exception")
    print_exception(sys.last_value, limit=limit, file=file, chain=chain)
