"""Write src/modules/py/decimal.py, refscope's decimal module, from CPython 3.11.7's
Lib/_pydecimal.py: each change is a replacement that must match exactly once (see HEADER).

usage: python3 scripts/make_decimal.py src/modules/py/decimal.py
"""
import re, sys
HEADER = """\
# decimal for refscope: CPython 3.11.7's Lib/_pydecimal.py (the pure-Python decimal module that
# gives _decimal's results), adapted where _decimal (libmpdec in C) shows otherwise:
# - a trapped signal is raised as _decimal's dec_addstatus raises it: the signal class with the
#   list of what was trapped, `decimal.DivisionByZero: [<class 'decimal.DivisionByZero'>]`, the
#   condition for InvalidOperation's (`[<class 'decimal.ConversionSyntax'>]`);
# - flags and traps hold bools, and a Context's repr lists them in libmpdec's status-bit order
#   (mpd_lsnprint_signals), InvalidOperation at the first of its conditions' bits;
# - one thread and no contextvars: the current context is a module global;
# - the 'n' format uses the C locale;
# - _decimal's messages for a bad tuple and an unconvertible type.
# Generated from _pydecimal.py by scripts/make_decimal.py: change that script, not this file.

"""
import _pydecimal
src = open(_pydecimal.__file__).read()
def sub(old, new, count=1):
    global src
    n = src.count(old)
    assert n == count, (old, n)
    src = src.replace(old, new)
sub("import contextvars\n", "")
sub("_current_context_var = contextvars.ContextVar('decimal_context')",
    "# one thread and no contextvars: the current context is a module global\n_current_context = None")
sub("""    try:
        return _current_context_var.get()
    except LookupError:
        context = Context()
        _current_context_var.set(context)
        return context""", """    global _current_context
    if _current_context is None:
        _current_context = Context()
    return _current_context""")
sub("""        context.clear_flags()
    _current_context_var.set(context)""", """        context.clear_flags()
    global _current_context
    _current_context = context""")
sub("del contextvars        # Don't contaminate the namespace\n", "")
# _decimal's signal_map order (flags_as_exception, Context.__repr__)
sub("""_signals = [Clamped, DivisionByZero, Inexact, Overflow, Rounded,
            Underflow, InvalidOperation, Subnormal, FloatOperation]""",
    """_signals = [InvalidOperation, FloatOperation, DivisionByZero, Overflow,
            Underflow, Subnormal, Inexact, Rounded, Clamped]""")
# signal dicts hold bools (_decimal's SignalDict)
sub("dict((s, int(s in traps)) for s in _signals + traps)", "dict((s, s in traps) for s in _signals + traps)")
sub("dict.fromkeys(_signals, 0)", "dict.fromkeys(_signals, False)")
sub("dict((s, int(s in flags)) for s in _signals + flags)", "dict((s, s in flags) for s in _signals + flags)")
sub("""        for flag in self.flags:
            self.flags[flag] = 0""", """        for flag in self.flags:
            self.flags[flag] = False""")
sub("""        for flag in self.traps:
            self.traps[flag] = 0""", """        for flag in self.traps:
            self.traps[flag] = False""")
sub("""        self.flags[error] = 1
        if not self.traps[error]:
            # The errors define how to handle themselves.
            return condition().handle(self, *args)

        # Errors should only be risked on copies of the context
        # self._ignored_flags = []
        raise error(explanation)""", """        self.flags[error] = True
        if not self.traps[error]:
            # The errors define how to handle themselves.
            return condition().handle(self, *args)

        # dec_addstatus: the signal raised with the list of what was trapped (the condition
        # itself for InvalidOperation's ConversionSyntax, DivisionUndefined...)
        raise error([condition])""")
sub("context.flags[FloatOperation] = 1", "context.flags[FloatOperation] = True")
# dec_sizeof: the coefficient is inline up to MPD_MINALLOC (4) words of 19 digits, in memory
# of its own beyond (the instance itself is _decimal's 104-byte struct: src/modules.rs)
sub('''    def __reduce__(self):
        return (self.__class__, (str(self),))''', '''    def __reduce__(self):
        return (self.__class__, (str(self),))

    def __sizeof__(self):
        words = (len(self._int) + 18) // 19
        return 104 + (8 * words if words > 4 else 0)''')
# _decimal's messages
sub("""                raise ValueError('Invalid tuple size in creation of Decimal '
                                 'from list or tuple.  The list or tuple '
                                 'should have exactly three elements.')""",
    """                raise ValueError('argument must be a sequence of length 3')""")
sub("""raise TypeError("Cannot convert %r to Decimal" % value)""",
    """raise TypeError("conversion from %s to Decimal is not supported" % type(value).__name__)""")
sub("""        names = [f.__name__ for f, v in self.flags.items() if v]
        s.append('flags=[' + ', '.join(names) + ']')
        names = [t.__name__ for t, v in self.traps.items() if v]""",
"""        # mpd_lsnprint_signals: the status bits in libmpdec's order, InvalidOperation at
        # the first of its conditions' bits that is set
        names = [f.__name__ for f in sorted((f for f, v in self.flags.items() if v),
                                            key=self._status_bit)]
        s.append('flags=[' + ', '.join(names) + ']')
        names = [t.__name__ for t in sorted((t for t, v in self.traps.items() if v),
                                            key=_MPD_BITS.get)]""")
sub("""    def clear_flags(self):
        \"\"\"Reset all flags to zero\"\"\"""", """    def _status_bit(self, signal):
        bits = self._invalid_bits
        if signal is InvalidOperation and bits:
            return bits & -bits
        return _MPD_BITS[signal]

    def clear_flags(self):
        \"\"\"Reset all flags to zero\"\"\"
        self._invalid_bits = 0""")
sub("""        elif name == '_ignored_flags':
            return object.__setattr__(self, name, value)""", """        elif name == '_ignored_flags' or name == '_invalid_bits':
            return object.__setattr__(self, name, value)""")
sub("""        if _ignored_flags is None:
            self._ignored_flags = []""", """        self._invalid_bits = 0
        if _ignored_flags is None:
            self._ignored_flags = []""")
sub("""        self.flags[error] = True
        if not self.traps[error]:""", """        self.flags[error] = True
        if error is InvalidOperation:
            self._invalid_bits |= _MPD_INVALID_BITS[condition]
        if not self.traps[error]:""")
sub("""# Map conditions (per the spec) to signals""", """# libmpdec's status bits (mpdecimal.h: MPD_Clamped...): the order Context's repr lists them in
_MPD_BITS = {Clamped: 1, ConversionSyntax: 2, DivisionByZero: 4, DivisionImpossible: 8,
             DivisionUndefined: 16, Inexact: 64, InvalidContext: 128,
             InvalidOperation: 2, FloatOperation: 1024, Overflow: 2048, Rounded: 4096,
             Subnormal: 8192, Underflow: 16384}
_MPD_INVALID_BITS = {ConversionSyntax: 2, DivisionImpossible: 8, DivisionUndefined: 16,
                     InvalidContext: 128, InvalidOperation: 256}

# Map conditions (per the spec) to signals""")
# the locale is CPython's start-up "C" locale (no setlocale: refscope has no `locale`)
sub('''try:
    import locale as _locale
except ImportError:
    pass
''', '''def _c_localeconv():
    # localeconv() of the "C" locale a script starts in
    return {'thousands_sep': '', 'grouping': [], 'decimal_point': '.'}
''')
sub("_localeconv = _locale.localeconv()", "_localeconv = _c_localeconv()")
# the docstring's doctests stay CPython's; the module docstring is the header's
head = src.index('"""', src.index('"""') + 3) + 3
src = HEADER + src[head:].lstrip('\n')
open(sys.argv[1], 'w').write(src)
