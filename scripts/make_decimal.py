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
        names = [f.__name__ for f in sorted((f for f, v in self.flags._bits.items() if v),
                                            key=self._status_bit)]
        s.append('flags=[' + ', '.join(names) + ']')
        names = [t.__name__ for t in sorted((t for t, v in self.traps._bits.items() if v),
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
# _decimal's SignalDict: Context.flags and Context.traps
sub("""##### Context Functions ##################################################
""", """# _decimal's SignalDict: a context's flags and traps are each a view of the context's status or
# trap bits, a SignalDictMixin (a C type) under collections.abc.MutableMapping, made once with
# the context and kept: `c.flags = d` copies d's bits into it. The mixin's own dict of nine bools
# in signal_map order stands for the bits here (None: a SignalDict not made by a context).
_SIGNALS_ERR = ("valid values for signals are:\\n"
                "  [InvalidOperation, FloatOperation, DivisionByZero,\\n"
                "   Overflow, Underflow, Subnormal, Inexact, Rounded,\\n"
                "   Clamped]")
_SignalTuple = tuple(_signals)

class SignalDictMixin(object):
    __slots__ = ('_bits',)
    __hash__ = None

    def __init__(self, *args, **kwargs):
        # signaldict_init: a view of nothing yet
        self._bits = None

    def _view(self):
        bits = self._bits
        if bits is None:
            raise ValueError('invalid signal dict')
        return bits

    def __len__(self):
        self._view()
        return 9

    def __iter__(self):
        # signaldict_iter: the iterator of the tuple of signals
        return iter(_SignalTuple)

    def __getitem__(self, key):
        bits = self._view()
        return bits[_exception_as_flag(key)]

    def __setitem__(self, key, value):
        bits = self._view()
        bits[_exception_as_flag(key)] = True if value else False

    def __delitem__(self, key):
        self._view()
        raise ValueError('signal keys cannot be deleted')

    def __repr__(self):
        bits = self._view()
        return '{' + ', '.join("<class 'decimal.%s'>:%s" % (s.__name__, bits[s])
                               for s in _SignalTuple) + '}'

    def __eq__(self, other):
        return self._compare(other, False)

    def __ne__(self, other):
        return self._compare(other, True)

    def _compare(self, other, ne):
        # signaldict_richcompare: both must be views (SdFlagAddr reads the word after the
        # other object's head: an empty dict's ma_used, an empty list's or tuple's size
        # are NULL), then another SignalDict or a dict that is a valid signal dict
        bits = self._view()
        if _SignalDict in type(other).__mro__:
            other = other._view()
        elif isinstance(other, (dict, list, tuple)) and not len(other):
            raise ValueError('invalid signal dict')
        elif isinstance(other, dict):
            try:
                other = _dict_as_flags(other)
            except KeyError:
                return NotImplemented
        else:
            return NotImplemented
        return (bits == other) != ne

    def copy(self):
        # flags_as_dict
        return dict(self._view())

def _exception_as_flag(key):
    for signal in _SignalTuple:
        if signal is key:
            return signal
    raise KeyError(_SIGNALS_ERR)

def _dict_as_flags(d):
    # dict_as_flags: a dict with every signal and nothing else
    if _SignalDict in type(d).__mro__:
        return dict(d._view())
    if not isinstance(d, dict):
        raise TypeError('argument must be a signal dict')
    if dict.__len__(d) != 9:
        raise KeyError('invalid signal dict')
    bits = {}
    for signal in _SignalTuple:
        value = dict.get(d, signal, _SignalTuple)
        if value is _SignalTuple:
            raise KeyError('invalid signal dict')
        bits[signal] = True if value else False
    return bits

def _list_as_flags(signals):
    bits = dict.fromkeys(_SignalTuple, False)
    for signal in signals:
        bits[_exception_as_flag(signal)] = True
    return bits

def _signal_dict(bits):
    sd = _SignalDict.__new__(_SignalDict)
    sd._bits = bits
    return sd

import collections.abc as _collections_abc
# PyObject_CallFunction(&PyType_Type, "s(OO){}", ...): ABCMeta's __new__ makes it, in abc
_SignalDict = type('SignalDict', (SignalDictMixin, _collections_abc.MutableMapping), {})
del SignalDictMixin, _collections_abc

##### Context Functions ##################################################
""")
sub("""        if traps is None:
            self.traps = dc.traps.copy()
        elif not isinstance(traps, dict):
            self.traps = dict((s, s in traps) for s in _signals + traps)
        else:
            self.traps = traps

        if flags is None:
            self.flags = dict.fromkeys(_signals, False)
        elif not isinstance(flags, dict):
            self.flags = dict((s, s in flags) for s in _signals + flags)
        else:
            self.flags = flags""", """        # context_new: the context's own SignalDicts, DefaultContext's bits in them;
        # context_setattrs: a list names the signals set, else a signal dict is copied
        try:
            traps_bits, flags_bits = dict(dc.traps._bits), dict(dc.flags._bits)
        except NameError:
            traps_bits = flags_bits = None
        object.__setattr__(self, 'traps', _signal_dict(traps_bits))
        object.__setattr__(self, 'flags', _signal_dict(flags_bits))
        if traps is not None:
            self.traps._bits = (_list_as_flags(traps) if isinstance(traps, list)
                                else _dict_as_flags(traps))
        if flags is not None:
            self.flags._bits = (_list_as_flags(flags) if isinstance(flags, list)
                                else _dict_as_flags(flags))""")
sub("""    def _set_signal_dict(self, name, d):
        if not isinstance(d, dict):
            raise TypeError("%s must be a signal dict" % d)
        for key in d:
            if not key in _signals:
                raise KeyError("%s is not a valid signal dict" % d)
        for key in _signals:
            if not key in d:
                raise KeyError("%s is not a valid signal dict" % d)
        return object.__setattr__(self, name, d)""", """    def _set_signal_dict(self, name, d):
        # context_setstatus_dict / context_settraps_dict: into the context's own SignalDict
        self.__dict__[name]._bits = _dict_as_flags(d)""")
sub("""    def _shallow_copy(self):
        \"\"\"Returns a shallow copy from self.\"\"\"
        nc = Context(self.prec, self.rounding, self.Emin, self.Emax,
                     self.capitals, self.clamp, self.flags, self.traps,
                     self._ignored_flags)
        return nc""", """    def _shallow_copy(self):
        \"\"\"Returns a shallow copy from self.\"\"\"
        nc = Context(self.prec, self.rounding, self.Emin, self.Emax,
                     self.capitals, self.clamp, None, None,
                     self._ignored_flags)
        # the same SignalDicts: signals raised in the copy are the original's
        object.__setattr__(nc, 'flags', self.flags)
        object.__setattr__(nc, 'traps', self.traps)
        return nc""")
# the module functions are _decimal's builtins (src/modules/decimal.rs), over these
def sub_span(start, end, new):
    # replace the text from `start` (found exactly once) through the first `end` after it
    global src
    assert src.count(start) == 1 and end in src[src.index(start):], (start, end)
    i = src.index(start)
    j = src.index(end, i) + len(end)
    src = src[:i] + new + src[j:]
sub_span("def getcontext():", "    return _current_context\n", """def _c_getcontext():
    # PyDec_GetCurrentContext (decimal.getcontext, a builtin: src/modules/decimal.rs)
    global _current_context
    if _current_context is None:
        _current_context = Context()
    return _current_context
""")
sub_span("def setcontext(context):", "    _current_context = context\n", """def _c_setcontext(context):
    # PyDec_SetCurrentContext (decimal.setcontext): a template is copied, flags cleared
    if not isinstance(context, Context):
        raise TypeError('argument must be a context')
    if context in (DefaultContext, BasicContext, ExtendedContext):
        context = context.copy()
        context.clear_flags()
    global _current_context
    _current_context = context
""")
sub_span("def localcontext(ctx=None, **kwargs):", "    return ctx_manager\n", """_LOCALCONTEXT_KW = ('ctx', 'prec', 'rounding', 'Emin', 'Emax', 'capitals', 'clamp',
                    'flags', 'traps')

def _c_localcontext(*args, **kwargs):
    # ctxmanager_new (decimal.localcontext): PyArg_ParseTupleAndKeywords "|OOOOOOOOO", the
    # current context as `global`, a copy of ctx (or of the current context) as `local`, and
    # context_setattrs on the copy
    given = len(args) + len(kwargs)
    if given > 9:
        raise TypeError('function takes at most 9 arguments (%d given)' % given)
    values = dict(zip(_LOCALCONTEXT_KW, args))
    for key in kwargs:
        if key not in _LOCALCONTEXT_KW:
            raise TypeError("'%s' is an invalid keyword argument for this function" % key)
        if key in values:
            raise TypeError("argument for function given by name ('%s') and position (%d)"
                            % (key, _LOCALCONTEXT_KW.index(key) + 1))
        values[key] = kwargs[key]
    global_ = getcontext()
    local = values.get('ctx')
    if local is None:
        local = global_
    elif not isinstance(local, Context):
        raise TypeError('optional argument must be a context')
    manager = _ContextManager.__new__(_ContextManager)
    manager.local = local.copy()
    manager.global_ = global_
    for key in ('prec', 'rounding', 'Emin', 'Emax', 'capitals', 'clamp', 'traps', 'flags'):
        value = values.get(key)
        if value is not None:
            if key in ('traps', 'flags') and isinstance(value, list):
                getattr(manager.local, key)._bits = _list_as_flags(value)
            else:
                setattr(manager.local, key, value)
    return manager
""")
sub_span("class _ContextManager(object):", "        setcontext(self.saved_context)\n", """class ContextManager(object):
    # _decimal's decimal.ContextManager (PyDecContextManagerObject: local, global)
    __slots__ = ('local', 'global_')

    def __enter__(self):
        # ctxmanager_set_local
        setcontext(self.local)
        return self.local

    def __exit__(self, *args):
        # ctxmanager_restore_global: the context current when localcontext() was called
        setcontext(self.global_)

_ContextManager = ContextManager
del ContextManager
""")
# _decimal's context setters (context_setprec... through PyLong_AsSsize_t) and their messages
sub_span("    def _set_integer_check(self, name, value, vmin, vmax):", "        return object.__setattr__(self, name, value)\n", """    def _set_integer_check(self, name, value, vmin, vmax):
        # _decimal's context_setprec, context_setemin...: PyLong_AsSsize_t, then libmpdec's
        # limits (MAX_PREC = MAX_EMAX = -MIN_EMIN = 999999999999999999)
        if not isinstance(value, int):
            raise TypeError('an integer is required')
        if not -2**63 <= value < 2**63:
            raise OverflowError('Python int too large to convert to C ssize_t')
        if vmin == '-inf':
            vmin = -999999999999999999
        if vmax == 'inf':
            vmax = 999999999999999999
        if value < vmin or value > vmax:
            if name == 'capitals' or name == 'clamp':
                raise ValueError('valid values for %s are 0 or 1' % name)
            limits = {'prec': '[1, MAX_PREC]', 'Emin': '[MIN_EMIN, 0]', 'Emax': '[0, MAX_EMAX]'}
            raise ValueError('valid range for %s is %s' % (name, limits[name]))
        return object.__setattr__(self, name, int.__int__(value))
""")
sub("""                raise TypeError("%s: invalid rounding mode" % value)""",
    """                raise TypeError(_ROUNDING_ERR)""")
sub("""# Valid rounding modes""", """_ROUNDING_ERR = ("valid values for rounding are:\\n"
                 "  [ROUND_CEILING, ROUND_FLOOR, ROUND_UP, ROUND_DOWN,\\n"
                 "   ROUND_HALF_UP, ROUND_HALF_DOWN, ROUND_HALF_EVEN,\\n"
                 "   ROUND_05UP]")

# Valid rounding modes""")
sub("""    def __delattr__(self, name):
        raise AttributeError("%s cannot be deleted" % name)""", """    def __delattr__(self, name):
        raise AttributeError("context attributes cannot be deleted")""")
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
