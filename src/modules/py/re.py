# re for refscope, after CPython 3.11's Lib/re/ and Modules/_sre/. CPython compiles a pattern
# (re/_parser.py, re/_compiler.py) to a code for the C matcher in _sre; refscope parses the
# pattern here into a small tree and matches it by backtracking over that tree, with sre's rules:
# leftmost match, greedy/lazy/possessive repeats, a group keeps its last capture, `^`/`\A` look
# at the real start of the string (not `pos`), `$` at `endpos` or before a final newline, and
# the search loops of findall/finditer/sub/split refuse an empty match where the previous match
# ended (`state->must_advance`).

import enum

__all__ = [
    "match", "fullmatch", "search", "sub", "subn", "split",
    "findall", "finditer", "compile", "purge", "template", "escape",
    "error", "Pattern", "Match", "A", "I", "L", "M", "S", "X", "U",
    "ASCII", "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE",
    "UNICODE", "NOFLAG", "RegexFlag",
]

__version__ = "2.2.1"


class error(Exception):
    """Exception raised for invalid regular expressions."""

    def __init__(self, msg, pattern=None, pos=None):
        self.msg = msg
        self.pattern = pattern
        self.pos = pos
        if pattern is not None and pos is not None:
            msg = '%s at position %d' % (msg, pos)
            if isinstance(pattern, str):
                newline = '\n'
            else:
                newline = b'\n'
            self.lineno = pattern.count(newline, 0, pos) + 1
            self.colno = pos - pattern.rfind(newline, 0, pos)
            if newline in pattern:
                msg = '%s (line %d, column %d)' % (msg, self.lineno, self.colno)
        else:
            self.lineno = self.colno = None
        super().__init__(msg)


error.__module__ = 're'


@enum.global_enum
class RegexFlag(enum.IntFlag, boundary=enum.KEEP):
    NOFLAG = 0
    ASCII = A = 256
    IGNORECASE = I = 2
    LOCALE = L = 4
    UNICODE = U = 32
    MULTILINE = M = 8
    DOTALL = S = 16
    VERBOSE = X = 64
    TEMPLATE = T = 1
    DEBUG = 128
    __str__ = object.__str__
    _numeric_repr_ = hex


#@line 160
# --------------------------------------------------------------------
# public interface

def match(pattern, string, flags=0):
    """Try to apply the pattern at the start of the string, returning
    a Match object, or None if no match was found."""
    return _compile(pattern, flags).match(string)

def fullmatch(pattern, string, flags=0):
    """Try to apply the pattern to all of the string, returning
    a Match object, or None if no match was found."""
    return _compile(pattern, flags).fullmatch(string)

def search(pattern, string, flags=0):
    """Scan through string looking for a match to the pattern, returning
    a Match object, or None if no match was found."""
    return _compile(pattern, flags).search(string)

def sub(pattern, repl, string, count=0, flags=0):
    """Return the string obtained by replacing the leftmost
    non-overlapping occurrences of the pattern in string by the
    replacement repl.  repl can be either a string or a callable;
    if a string, backslash escapes in it are processed.  If it is
    a callable, it's passed the Match object and must return
    a replacement string to be used."""
    return _compile(pattern, flags).sub(repl, string, count)

def subn(pattern, repl, string, count=0, flags=0):
    """Return a 2-tuple containing (new_string, number).
    new_string is the string obtained by replacing the leftmost
    non-overlapping occurrences of the pattern in the source
    string by the replacement repl.  number is the number of
    substitutions that were made. repl can be either a string or a
    callable; if a string, backslash escapes in it are processed.
    If it is a callable, it's passed the Match object and must
    return a replacement string to be used."""
    return _compile(pattern, flags).subn(repl, string, count)

def split(pattern, string, maxsplit=0, flags=0):
    """Split the source string by the occurrences of the pattern,
    returning a list containing the resulting substrings.  If
    capturing parentheses are used in pattern, then the text of all
    groups in the pattern are also returned as part of the resulting
    list.  If maxsplit is nonzero, at most maxsplit splits occur,
    and the remainder of the string is returned as the final element
    of the list."""
    return _compile(pattern, flags).split(string, maxsplit)

def findall(pattern, string, flags=0):
    """Return a list of all non-overlapping matches in the string.

    If one or more capturing groups are present in the pattern, return
    a list of groups; this will be a list of tuples if the pattern
    has more than one group.

    Empty matches are included in the result."""
    return _compile(pattern, flags).findall(string)

def finditer(pattern, string, flags=0):
    """Return an iterator over all non-overlapping matches in the
    string.  For each match, the iterator returns a Match object.

    Empty matches are included in the result."""
    return _compile(pattern, flags).finditer(string)

def compile(pattern, flags=0):
    "Compile a regular expression pattern, returning a Pattern object."
    return _compile(pattern, flags)

def purge():
    "Clear the regular expression caches"
    _cache.clear()

def template(pattern, flags=0):
    "Compile a template pattern, returning a Pattern object, deprecated"
    # refscope: no warnings module (CPython warns DeprecationWarning here)
    return _compile(pattern, flags|T)

# SPECIAL_CHARS

#@line 247
# closing ')', '}' and ']'
# '-' (a range in character set)
# '&', '~', (extended character set operations)
# '#' (comment) and WHITESPACE (ignored) in verbose mode
_special_chars_map = {i: '\\' + chr(i) for i in b'()[]{}?*+-|^$\\.&~# \t\n\r\v\f'}

def escape(pattern):
    """
    Escape special characters in a string.
    """
    if isinstance(pattern, str):
        return pattern.translate(_special_chars_map)
    else:
        pattern = str(pattern, 'latin1')
        return pattern.translate(_special_chars_map).encode('latin1')


#@line 265

# --------------------------------------------------------------------
# internals

_cache = {}  # ordered!

_MAXCACHE = 512
def _compile(pattern, flags):
    # internal: compile pattern
    if isinstance(flags, RegexFlag):
        flags = flags.value
    try:
        return _cache[type(pattern), pattern, flags]
    except KeyError:
        pass
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError(
                "cannot process flags argument with a compiled pattern")
        return pattern
    if not isinstance(pattern, (str, bytes)):
        raise TypeError("first argument must be string or compiled pattern")
    # refscope: CPython warns DeprecationWarning for the T flag here (no warnings module)
    #@line 293
    p = Pattern(pattern, flags)
    if not (flags & DEBUG):
        if len(_cache) >= _MAXCACHE:
            # Drop the oldest item
            try:
                del _cache[next(iter(_cache))]
            except (StopIteration, RuntimeError, KeyError):
                pass
        _cache[type(pattern), pattern, flags] = p
    return p


# The matcher: C code in CPython (_sre), so its frames leave no traceback entries.
#@c

_MAXREPEAT = 4294967295
_MAXGROUPS = 2147483647

# node kinds of the parsed tree
_LIT = 0        # (_LIT, char)
_ANY = 1        # (_ANY,)  `.`
_IN = 2         # (_IN, negated, items)  a class; items: (char,) (lo, hi) or ('\\d',)
_CAT = 3        # (_CAT, letter)  \d \D \w \W \s \S outside a class
_AT = 4         # (_AT, kind)  ^ $ \A \Z \b \B
_GROUP = 5      # (_GROUP, index or None, seq)
_ALT = 6        # (_ALT, [seq, seq...])
_REP = 7        # (_REP, seq, min, max, mode)  mode: 0 greedy, 1 lazy, 2 possessive
_REF = 8        # (_REF, index)
_LOOK = 9       # (_LOOK, behind, negated, seq, width)
_ATOMIC = 10    # (_ATOMIC, seq)
_COND = 11      # (_COND, index, yes_seq, no_seq)

_SPECIAL = '.\\[{()*+?^$|'
_REPEAT_CHARS = '*+?{'
_DIGITS = '0123456789'
_OCTDIGITS = '01234567'
_HEXDIGITS = '0123456789abcdefABCDEF'
_ASCIILETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'
_WHITESPACE = ' \t\n\r\v\f'
_ESCAPES = {'a': '\a', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v',
            '\\': '\\'}
_FLAG_LETTERS = {'i': 2, 'L': 4, 'm': 8, 's': 16, 'x': 64, 'a': 256, 't': 1, 'u': 32}


class _Parser:
    """sre_parse: the pattern to a tree (a list of nodes is a sequence)."""

    def __init__(self, pattern, flags):
        self.p = pattern
        self.i = 0
        self.flags = flags
        self.groups = 1
        self.groupdict = {}
        self.open = []
        self.lookbehind_groups = None

    def error(self, msg, offset=0):
        return error(msg, self.p, self.i - offset)

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def take(self):
        c = self.p[self.i]
        self.i += 1
        return c

    def at_end(self):
        return self.i >= len(self.p)

    def parse(self):
        seq = self.alternation()
        if not self.at_end():
            if self.peek() == ')':
                raise self.error('unbalanced parenthesis')
            raise self.error('bad pattern')
        return seq

    def alternation(self):
        branches = [self.sequence()]
        while self.peek() == '|':
            self.i += 1
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        return [(_ALT, branches)]

    def skip_verbose(self):
        while not self.at_end():
            c = self.p[self.i]
            if c in _WHITESPACE:
                self.i += 1
            elif c == '#':
                while not self.at_end() and self.p[self.i] != '\n':
                    self.i += 1
            else:
                break

    def sequence(self):
        seq = []
        while True:
            if self.flags & 64:
                self.skip_verbose()
            if self.at_end():
                break
            c = self.peek()
            if c in '|)':
                break
            start = self.i
            self.i += 1
            if c == '[':
                item = self.charclass()
            elif c == '.':
                item = (_ANY,)
            elif c == '^':
                item = (_AT, 'bol')
            elif c == '$':
                item = (_AT, 'eol')
            elif c == '\\':
                item = self.escape()
            elif c == '(':
                item = self.group(start)
                if item is None:
                    continue
            elif c in _REPEAT_CHARS:
                if c == '{' and not self.is_repeat_brace():
                    item = (_LIT, c)
                else:
                    raise self.error('nothing to repeat', 1)
            else:
                item = (_LIT, c)
            item = self.repeats(item, start)
            seq.append(item)
        return seq

    def is_repeat_brace(self):
        # `{` starts a repeat only as {m}, {m,}, {,n} or {m,n}
        j = self.i
        p = self.p
        while j < len(p) and p[j] in _DIGITS:
            j += 1
        if j < len(p) and p[j] == ',':
            j += 1
            while j < len(p) and p[j] in _DIGITS:
                j += 1
        return j < len(p) and p[j] == '}'

    def repeats(self, item, start):
        while True:
            if self.flags & 64:
                self.skip_verbose()
            c = self.peek()
            if c is None or c not in _REPEAT_CHARS:
                return item
            here = self.i
            self.i += 1
            if c == '*':
                lo, hi = 0, _MAXREPEAT
            elif c == '+':
                lo, hi = 1, _MAXREPEAT
            elif c == '?':
                lo, hi = 0, 1
            else:
                if not self.is_repeat_brace():
                    self.i = here
                    return item
                lo_s = ''
                while self.peek() in tuple(_DIGITS):
                    lo_s += self.take()
                if self.peek() == ',':
                    self.i += 1
                    hi_s = ''
                    while self.peek() in tuple(_DIGITS):
                        hi_s += self.take()
                else:
                    hi_s = lo_s
                self.i += 1  # '}'
                lo = int(lo_s) if lo_s else 0
                hi = int(hi_s) if hi_s else _MAXREPEAT
                if lo >= _MAXREPEAT or (hi_s and hi >= _MAXREPEAT):
                    raise OverflowError('the repetition number is too large')
                if hi < lo:
                    self.i = here + 1
                    raise self.error('min repeat greater than max repeat', 0)
            if item[0] == _AT:
                raise error('nothing to repeat', self.p, here)
            if item[0] == _REP:
                raise error('multiple repeat', self.p, here)
            mode = 0
            if self.peek() == '?':
                self.i += 1
                mode = 1
            elif self.peek() == '+':
                self.i += 1
                mode = 2
            body = [item]
            item = (_REP, body, lo, hi, mode)

    def escape(self):
        if self.at_end():
            raise error('bad escape (end of pattern)', self.p, self.i - 1)
        c = self.take()
        start = self.i - 2
        if c in 'dDwWsS':
            return (_CAT, c)
        if c == 'A':
            return (_AT, 'bos')
        if c == 'Z':
            return (_AT, 'eos')
        if c == 'b':
            return (_AT, 'boundary')
        if c == 'B':
            return (_AT, 'nonboundary')
        if c in _DIGITS:
            if c == '0':
                return (_LIT, self.octal(c))
            # a group reference, or an octal escape of three digits
            digits = c
            if self.peek() is not None and self.peek() in _DIGITS:
                if (c in _OCTDIGITS and self.p[self.i] in _OCTDIGITS and self.i + 1 < len(self.p)
                        and self.p[self.i + 1] in _OCTDIGITS):
                    code = int(c + self.p[self.i:self.i + 2], 8)
                    self.i += 2
                    if code > 0o377:
                        raise error('octal escape value \\%s outside of range 0-0o377'
                                    % (c + self.p[self.i - 2:self.i]), self.p, start)
                    return (_LIT, chr(code))
                digits += self.take()
            group = int(digits)
            if group >= self.groups:
                raise error('invalid group reference %d' % group, self.p, start + 1)
            if group in self.open:
                raise error('cannot refer to an open group', self.p, start)
            return (_REF, group)
        return (_LIT, self.char_escape(c, start))

    def octal(self, c):
        digits = c
        while len(digits) < 3 and self.peek() is not None and self.peek() in _OCTDIGITS:
            digits += self.take()
        return chr(int(digits, 8))

    def char_escape(self, c, start):
        if c in _ESCAPES:
            return _ESCAPES[c]
        if c == 'x':
            h = self.p[self.i:self.i + 2]
            if len(h) != 2 or any(d not in _HEXDIGITS for d in h):
                raise error('incomplete escape \\x' + h, self.p, start)
            self.i += 2
            return chr(int(h, 16))
        if c in 'uU' and not self.is_bytes:
            n = 4 if c == 'u' else 8
            h = self.p[self.i:self.i + n]
            if len(h) != n or any(d not in _HEXDIGITS for d in h):
                raise error('incomplete escape \\%s%s' % (c, h), self.p, start)
            self.i += n
            code = int(h, 16)
            if code > 0x10FFFF:
                raise error('bad escape \\%s%s' % (c, h), self.p, start)
            return chr(code)
        if c == 'N' and not self.is_bytes:
            raise NotImplementedError('refscope does not model \\N{...} escapes in re')
        if c in _ASCIILETTERS:
            raise error('bad escape \\' + c, self.p, start)
        return c

    is_bytes = False

    def charclass(self):
        start = self.i - 1
        negated = False
        items = []
        if self.peek() == '^':
            self.i += 1
            negated = True
        first = True
        while True:
            if self.at_end():
                raise error('unterminated character set', self.p, start)
            c = self.take()
            if c == ']' and not first:
                break
            first = False
            here = self.i - 1
            if c == '\\':
                if self.at_end():
                    raise error('bad escape (end of pattern)', self.p, here)
                e = self.take()
                if e in 'dDwWsS':
                    items.append(('\\' + e,))
                    continue
                if e in _OCTDIGITS:
                    lo = self.octal(e)
                elif e in _DIGITS:
                    raise error('bad escape \\' + e, self.p, here)
                elif e == 'b':
                    lo = '\b'
                else:
                    lo = self.char_escape(e, here)
            else:
                lo = c
            if self.peek() == '-' and self.i + 1 < len(self.p) and self.p[self.i + 1] != ']':
                self.i += 1
                c2 = self.take()
                if c2 == '\\':
                    if self.at_end():
                        raise error('bad escape (end of pattern)', self.p, self.i - 1)
                    e = self.take()
                    if e in 'dDwWsS':
                        raise error('bad character range %s-\\%s' % (lo, e), self.p, here)
                    hi = self.octal(e) if e in _OCTDIGITS else self.char_escape(e, self.i - 2)
                else:
                    hi = c2
                if hi < lo:
                    raise error('bad character range %s-%s' % (lo, hi), self.p, here)
                items.append((lo, hi))
            else:
                items.append((lo,))
        return (_IN, negated, items)

    def group(self, start):
        index = True
        name = None
        if self.peek() == '?':
            self.i += 1
            if self.at_end():
                raise error('unexpected end of pattern', self.p, self.i)
            c = self.take()
            if c == ':':
                index = None
            elif c == 'P':
                c2 = self.take() if not self.at_end() else ''
                if c2 == '<':
                    end = self.p.find('>', self.i)
                    if end < 0:
                        raise error('missing >, unterminated name', self.p, self.i)
                    name = self.p[self.i:end]
                    if not name:
                        raise error('missing group name', self.p, self.i)
                    if not name.isidentifier():
                        raise error('bad character in group name %r' % name, self.p, self.i)
                    if name in self.groupdict:
                        raise error('redefinition of group name %r as group %d; was group %d'
                                    % (name, self.groups, self.groupdict[name]), self.p, self.i)
                    self.i = end + 1
                elif c2 == '=':
                    end = self.p.find(')', self.i)
                    if end < 0:
                        raise error('missing ), unterminated name', self.p, self.i)
                    name = self.p[self.i:end]
                    if name not in self.groupdict:
                        raise error('unknown group name %r' % name, self.p, self.i)
                    self.i = end + 1
                    return (_REF, self.groupdict[name])
                else:
                    raise error('unknown extension ?P' + c2, self.p, start + 1)
            elif c == '#':
                end = self.p.find(')', self.i)
                if end < 0:
                    raise error('missing ), unterminated comment', self.p, self.i)
                self.i = end + 1
                return None
            elif c in '=!':
                seq = self.alternation()
                self.close(start)
                return (_LOOK, False, c == '!', seq, 0)
            elif c == '<':
                c2 = self.take() if not self.at_end() else ''
                if c2 not in ('=', '!'):
                    raise error('unknown extension ?<' + c2, self.p, start + 1)
                seq = self.alternation()
                self.close(start)
                width = _fixed_width(seq)
                if width is None:
                    raise error('look-behind requires fixed-width pattern', self.p, start)
                return (_LOOK, True, c2 == '!', seq, width)
            elif c == '>':
                seq = self.alternation()
                self.close(start)
                return (_ATOMIC, seq)
            elif c == '(':
                end = self.p.find(')', self.i)
                if end < 0:
                    raise error('missing ), unterminated name', self.p, self.i)
                ref = self.p[self.i:end]
                self.i = end + 1
                if ref.isdigit():
                    gi = int(ref)
                elif ref in self.groupdict:
                    gi = self.groupdict[ref]
                else:
                    raise error('unknown group name %r' % ref, self.p, self.i - len(ref) - 1)
                yes = self.sequence()
                no = []
                if self.peek() == '|':
                    self.i += 1
                    no = self.sequence()
                    if self.peek() == '|':
                        raise error('conditional backref with more than two branches',
                                    self.p, self.i)
                self.close(start)
                return (_COND, gi, yes, no)
            elif c in _FLAG_LETTERS or c == '-':
                return self.inline_flags(c, start)
            else:
                raise error('unknown extension ?' + c, self.p, start + 1)
        if index is True:
            index = self.groups
            self.groups += 1
            if name is not None:
                self.groupdict[name] = index
            self.open.append(index)
        seq = self.alternation()
        self.close(start)
        if index is not None:
            self.open.remove(index)
        return (_GROUP, index, seq)

    def close(self, start):
        if self.peek() != ')':
            raise error('missing ), unterminated subpattern', self.p, start)
        self.i += 1

    def inline_flags(self, c, start):
        add = 0
        remove = 0
        while c in _FLAG_LETTERS:
            add |= _FLAG_LETTERS[c]
            c = self.take() if not self.at_end() else ''
        if c == '-':
            c = self.take() if not self.at_end() else ''
            while c in _FLAG_LETTERS:
                remove |= _FLAG_LETTERS[c]
                c = self.take() if not self.at_end() else ''
        if c == ')':
            if start != 0:
                raise error('global flags not at the start of the expression', self.p, start)
            self.flags |= add
            return None
        if c != ':':
            raise error('missing -, : or )', self.p, self.i - 1)
        saved = self.flags
        self.flags = (self.flags | add) & ~remove
        seq = self.alternation()
        self.close(start)
        flags = self.flags
        self.flags = saved
        return (_GROUP, None, [(_FLAGS, flags, seq)])


_FLAGS = 12     # (_FLAGS, flags, seq): a scoped-flags subpattern


def _fixed_width(seq):
    total = 0
    for node in seq:
        kind = node[0]
        if kind in (_LIT, _ANY, _IN, _CAT):
            total += 1
        elif kind in (_AT, _LOOK):
            pass
        elif kind == _GROUP or kind == _ATOMIC:
            w = _fixed_width(node[-1])
            if w is None:
                return None
            total += w
        elif kind == _FLAGS:
            w = _fixed_width(node[2])
            if w is None:
                return None
            total += w
        elif kind == _ALT:
            widths = {_fixed_width(b) for b in node[1]}
            if len(widths) != 1 or None in widths:
                return None
            total += widths.pop()
        elif kind == _REP:
            if node[2] != node[3]:
                return None
            w = _fixed_width(node[1])
            if w is None:
                return None
            total += w * node[2]
        else:
            return None
    return total


def _is_word(c):
    return c.isalnum() or c == '_'


def _cat_matches(letter, c, flags):
    if letter in 'dD':
        r = ('0' <= c <= '9') if flags & 256 else c.isdecimal()
    elif letter in 'wW':
        r = (c.isascii() and _is_word(c)) if flags & 256 else _is_word(c)
    else:
        r = (c in ' \t\n\r\v\f') if flags & 256 else c.isspace()
    return r if letter.islower() else not r


def _in_matches(node, c, flags):
    hit = False
    for item in node[2]:
        if len(item) == 1:
            x = item[0]
            if len(x) == 2 and x[0] == '\\':
                if _cat_matches(x[1], c, flags):
                    hit = True
                    break
            elif c == x or (flags & 2 and c.lower() == x.lower()):
                hit = True
                break
        else:
            lo, hi = item
            if lo <= c <= hi:
                hit = True
                break
            if flags & 2:
                lc = c.lower()
                uc = c.upper()
                if lo <= lc <= hi or lo <= uc <= hi:
                    hit = True
                    break
    return hit != node[1]


class _State:
    __slots__ = ('s', 'end', 'marks', 'flags', 'reject_at', 'full', 'lastindex')

    def __init__(self, s, end, ngroups, flags):
        self.s = s
        self.end = end
        self.marks = [-1] * (2 * ngroups)
        self.flags = flags
        self.reject_at = -1
        self.full = False
        self.lastindex = None


def _one(node, st, pos, flags):
    """A node of width one at pos: does it match?"""
    if pos >= st.end:
        return False
    c = st.s[pos]
    kind = node[0]
    if kind == _LIT:
        return c == node[1] or (flags & 2 and c.lower() == node[1].lower())
    if kind == _ANY:
        return c != '\n' or flags & 16
    if kind == _IN:
        return _in_matches(node, c, flags)
    return _cat_matches(node[1], c, flags)


def _at(kind, st, pos, flags):
    s = st.s
    end = st.end
    if kind == 'bol':
        return pos == 0 or (flags & 8 and s[pos - 1] == '\n')
    if kind == 'eol':
        if flags & 8:
            return pos == end or s[pos] == '\n'
        return pos == end or (pos == end - 1 and s[pos] == '\n')
    if kind == 'bos':
        return pos == 0
    if kind == 'eos':
        return pos == end
    before = pos > 0 and _word_at(s[pos - 1], flags)
    after = pos < end and _word_at(s[pos], flags)
    if kind == 'boundary':
        return before != after
    return before == after


def _word_at(c, flags):
    if flags & 256:
        return c.isascii() and _is_word(c)
    return _is_word(c)


def _match(seq, i, pos, st, flags, cont):
    """Match seq[i:] at pos, then cont(end): the end of the whole match, or -1."""
    n = len(seq)
    while i < n:
        node = seq[i]
        kind = node[0]
        if kind <= _CAT:
            if not _one(node, st, pos, flags):
                return -1
            pos += 1
            i += 1
        elif kind == _AT:
            if not _at(node[1], st, pos, flags):
                return -1
            i += 1
        elif kind == _REP:
            return _repeat(node, seq, i + 1, pos, st, flags, cont)
        elif kind == _GROUP:
            return _group(node, seq, i + 1, pos, st, flags, cont)
        elif kind == _ALT:
            marks = st.marks[:]
            last = st.lastindex
            for branch in node[1]:
                r = _match(branch, 0, pos, st, flags,
                           lambda p: _match(seq, i + 1, p, st, flags, cont))
                if r >= 0:
                    return r
                st.marks[:] = marks
                st.lastindex = last
            return -1
        elif kind == _REF:
            g = node[1]
            a = st.marks[2 * g]
            b = st.marks[2 * g + 1]
            if a < 0 or b < 0:
                return -1
            text = st.s[a:b]
            if flags & 2:
                if st.s[pos:pos + len(text)].lower() != text.lower():
                    return -1
            elif not st.s.startswith(text, pos):
                return -1
            if pos + len(text) > st.end:
                return -1
            pos += len(text)
            i += 1
        elif kind == _LOOK:
            behind, negated, body, width = node[1], node[2], node[3], node[4]
            start = pos - width if behind else pos
            marks = st.marks[:]
            if start < 0:
                found = False
            else:
                saved = st.reject_at, st.full
                st.reject_at, st.full = -1, False
                if behind:
                    found = _match(body, 0, start, st, flags,
                                   lambda p: p if p == pos else -1) >= 0
                else:
                    found = _match(body, 0, start, st, flags, lambda p: p) >= 0
                st.reject_at, st.full = saved
            if found == negated:
                st.marks[:] = marks
                return -1
            if negated:
                st.marks[:] = marks
            i += 1
        elif kind == _ATOMIC:
            saved = st.reject_at, st.full
            st.reject_at, st.full = -1, False
            end = _match(node[1], 0, pos, st, flags, lambda p: p)
            st.reject_at, st.full = saved
            if end < 0:
                return -1
            pos = end
            i += 1
        elif kind == _COND:
            g = node[1]
            if st.marks[2 * g] >= 0 and st.marks[2 * g + 1] >= 0:
                body = node[2]
            else:
                body = node[3]
            return _match(body, 0, pos, st, flags,
                          lambda p: _match(seq, i + 1, p, st, flags, cont))
        elif kind == _FLAGS:
            return _match(node[2], 0, pos, st, node[1],
                          lambda p: _match(seq, i + 1, p, st, flags, cont))
        else:
            return -1
    return cont(pos)


def _group(node, seq, i, pos, st, flags, cont):
    g = node[1]
    if g is None:
        return _match(node[2], 0, pos, st, flags,
                      lambda p: _match(seq, i, p, st, flags, cont))
    marks = st.marks
    old = marks[2 * g], marks[2 * g + 1]

    def close(p):
        before = marks[2 * g], marks[2 * g + 1], st.lastindex
        marks[2 * g] = pos
        marks[2 * g + 1] = p
        # sre's lastindex: the group whose end mark was set last
        st.lastindex = g
        r = _match(seq, i, p, st, flags, cont)
        if r < 0:
            marks[2 * g], marks[2 * g + 1], st.lastindex = before
        return r

    r = _match(node[2], 0, pos, st, flags, close)
    if r < 0:
        marks[2 * g], marks[2 * g + 1] = old
    return r


def _simple(body):
    return len(body) == 1 and body[0][0] <= _CAT


def _repeat(node, seq, i, pos, st, flags, cont):
    body, lo, hi, mode = node[1], node[2], node[3], node[4]
    if _simple(body):
        one = body[0]
        count = 0
        limit = min(hi, st.end - pos)
        if mode == 1:
            # lazy: as few as will do
            while count < lo:
                if not _one(one, st, pos + count, flags):
                    return -1
                count += 1
            while True:
                r = _match(seq, i, pos + count, st, flags, cont)
                if r >= 0:
                    return r
                if count >= limit or not _one(one, st, pos + count, flags):
                    return -1
                count += 1
        while count < limit and _one(one, st, pos + count, flags):
            count += 1
        if count < lo:
            return -1
        if mode == 2:
            return _match(seq, i, pos + count, st, flags, cont)
        nxt = seq[i] if i < len(seq) else None
        while count >= lo:
            # a literal next must be there: skip the tries where it is not
            if (nxt is not None and nxt[0] == _LIT and not flags & 2
                    and (pos + count >= st.end or st.s[pos + count] != nxt[1])):
                count -= 1
                continue
            r = _match(seq, i, pos + count, st, flags, cont)
            if r >= 0:
                return r
            count -= 1
        return -1
    if mode == 2:
        # possessive: as many as match, never given back
        count = 0
        saved = st.reject_at, st.full
        st.reject_at, st.full = -1, False
        while count < hi:
            end = _match(body, 0, pos, st, flags, lambda p: p)
            if end < 0 or (end == pos and count >= lo):
                break
            pos = end
            count += 1
        st.reject_at, st.full = saved
        if count < lo:
            return -1
        return _match(seq, i, pos, st, flags, cont)
    return _rep_more(body, lo, hi, mode, seq, i, pos, st, flags, cont, 0, -1)


def _rep_more(body, lo, hi, mode, seq, i, pos, st, flags, cont, count, last_ptr):
    """sre's REPEAT with MAX_UNTIL (greedy) or MIN_UNTIL (lazy): count iterations done, the
    last one begun at last_ptr. Once enough are done, another is tried only where the last
    one did not begin (zero-width match protection): an empty iteration still counts, and its
    captures stay."""

    def again(p):
        return _rep_more(body, lo, hi, mode, seq, i, p, st, flags, cont, count + 1, pos)

    if count < lo:
        return _match(body, 0, pos, st, flags,
                      lambda p: _rep_more(body, lo, hi, mode, seq, i, p, st, flags, cont,
                                          count + 1, last_ptr))
    marks = st.marks[:]
    last = st.lastindex
    more = count < hi and pos != last_ptr
    if mode == 0:
        if more:
            r = _match(body, 0, pos, st, flags, again)
            if r >= 0:
                return r
            st.marks[:] = marks
            st.lastindex = last
        return _match(seq, i, pos, st, flags, cont)
    r = _match(seq, i, pos, st, flags, cont)
    if r >= 0:
        return r
    st.marks[:] = marks
    st.lastindex = last
    if more:
        return _match(body, 0, pos, st, flags, again)
    return -1


def _literal_prefix(seq):
    """The pattern's first character when it must be a given literal (for the search loop)."""
    if seq and seq[0][0] == _LIT:
        return seq[0][1]
    return None


def _check_string(pattern, string):
    if isinstance(string, str):
        if pattern._bytes:
            raise TypeError('cannot use a bytes pattern on a string-like object')
        return string
    if isinstance(string, (bytes, bytearray)):
        if not pattern._bytes:
            raise TypeError('cannot use a string pattern on a bytes-like object')
        return bytes(string).decode('latin-1')
    raise TypeError("expected string or bytes-like object, got '%s'"
                    % type(string).__name__)


def _index_bounds(n, pos, endpos):
    if pos < 0:
        pos = 0
    elif pos > n:
        pos = n
    if endpos < 0:
        endpos = 0
    elif endpos > n:
        endpos = n
    return pos, endpos


class _Scanner:
    """`_sre.SRE_Scanner`: match() and search() go on from where the last match ended; an
    empty match makes the next one advance (sre's `must_advance`); after a failure both
    return None."""

    def __init__(self, pattern, string, pos, endpos):
        self.pattern = pattern
        self._string = string
        self._s = _check_string(pattern, string)
        self._pos, self._endpos = _index_bounds(len(self._s), pos, endpos)
        self._start = self._pos
        self._reject = -1

    def _step(self, anchored):
        if self._start is None:
            return None
        m = self.pattern._run(self._s, self._start, self._endpos, anchored, False,
                              self._reject)
        if m is None:
            self._start = None
            return None
        m.string = self._string
        m.pos = self._pos
        b, e = m._spans[0], m._spans[1]
        self._reject = e if e == b else -1
        self._start = e
        return m

    def match(self):
        return self._step(True)

    def search(self):
        return self._step(False)


_Scanner.__module__ = '_sre'
_Scanner.__name__ = _Scanner.__qualname__ = 'SRE_Scanner'


class Pattern:
    """Compiled regular expression object."""

    def __init__(self, pattern, flags):
        self.pattern = pattern
        self._bytes = not isinstance(pattern, str)
        text = pattern.decode('latin-1') if self._bytes else pattern
        if self._bytes:
            if flags & 32:
                raise ValueError('cannot use UNICODE flag with a bytes pattern')
        elif flags & 256 and flags & 32:
            raise ValueError('ASCII and UNICODE flags are incompatible')
        p = _Parser(text, flags)
        p.is_bytes = self._bytes
        self._seq = p.parse()
        flags = p.flags
        if not self._bytes and not flags & 256:
            flags |= 32
        self.flags = flags
        # a bytes pattern matches with ASCII classes
        self._mflags = flags | 256 if self._bytes else flags
        self.groups = p.groups - 1
        self._groupindex = dict(p.groupdict)
        self._prefix = _literal_prefix(self._seq) if not flags & 2 else None

    @property
    def groupindex(self):
        import types
        return types.MappingProxyType(dict(self._groupindex))

    def __repr__(self):
        flags = self.flags
        if not self._bytes and flags & (4 | 32 | 256) == 32:
            flags &= ~32
        names = []
        for value, name in ((1, 'TEMPLATE'), (2, 'IGNORECASE'), (4, 'LOCALE'),
                            (8, 'MULTILINE'), (16, 'DOTALL'), (32, 'UNICODE'),
                            (64, 'VERBOSE'), (128, 'DEBUG'), (256, 'ASCII')):
            if flags & value:
                names.append('re.' + name)
                flags &= ~value
        if flags:
            names.append(hex(flags))
        text = repr(self.pattern)[:200]
        if names:
            return 're.compile(%s, %s)' % (text, '|'.join(names))
        return 're.compile(%s)' % text

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def _run(self, s, start, end, anchored, full, reject_at):
        st = _State(s, end, self.groups + 1, self._mflags)
        st.reject_at = reject_at
        st.full = full

        def done(p):
            if full and p != end:
                return -1
            if p == reject_at == begin[0]:
                return -1
            return p

        begin = [start]
        flags = self._mflags
        seq = self._seq
        prefix = self._prefix
        while True:
            if prefix is not None and not anchored:
                found = s.find(prefix, begin[0], end)
                if found < 0:
                    return None
                begin[0] = found
            r = _match(seq, 0, begin[0], st, flags, done)
            if r >= 0:
                m = _match_alloc(Match, 2 * (self.groups + 1))
                m._fill(self, s, begin[0], r, st.marks, start, end, st.lastindex)
                return m
            if anchored or begin[0] >= end:
                return None
            for k in range(len(st.marks)):
                st.marks[k] = -1
            st.lastindex = None
            begin[0] += 1

    def match(self, string, pos=0, endpos=_MAXGROUPS):
        s = _check_string(self, string)
        pos, endpos = _index_bounds(len(s), pos, endpos)
        return self._wrap(string, self._run(s, pos, endpos, True, False, -1))

    def fullmatch(self, string, pos=0, endpos=_MAXGROUPS):
        s = _check_string(self, string)
        pos, endpos = _index_bounds(len(s), pos, endpos)
        return self._wrap(string, self._run(s, pos, endpos, True, True, -1))

    def search(self, string, pos=0, endpos=_MAXGROUPS):
        s = _check_string(self, string)
        pos, endpos = _index_bounds(len(s), pos, endpos)
        return self._wrap(string, self._run(s, pos, endpos, False, False, -1))

    def _wrap(self, string, m):
        if m is not None:
            m.string = string
        return m

    def _iter(self, string, pos=0, endpos=_MAXGROUPS):
        s = _check_string(self, string)
        pos, endpos = _index_bounds(len(s), pos, endpos)
        start = pos
        reject = -1
        while start <= endpos:
            m = self._run(s, start, endpos, False, False, reject)
            if m is None:
                return
            m.string = string
            m.pos = pos
            b, e = m._spans[0], m._spans[1]
            reject = e if e == b else -1
            # the generator keeps no reference to the match it hands out (a C loop's
            # reference is gone once the caller has it)
            box = [m]
            del m
            yield box.pop()
            # an empty match at start is refused only there (`must_advance`)
            start = e

    def findall(self, string, pos=0, endpos=_MAXGROUPS):
        out = []
        for m in self._iter(string, pos, endpos):
            if self.groups == 0:
                out.append(m.group(0))
            elif self.groups == 1:
                g = m.group(1)
                out.append(g if g is not None else m._empty())
            else:
                out.append(m.groups(m._empty()))
        return out

    def finditer(self, string, pos=0, endpos=_MAXGROUPS):
        # pattern_finditer: iter(scanner.search, None), a callable_iterator
        return iter(self.scanner(string, pos, endpos).search, None)

    def split(self, string, maxsplit=0):
        s = _check_string(self, string)
        out = []
        last = 0
        n = 0
        for m in self._iter(string):
            if maxsplit and n >= maxsplit:
                break
            b, e = m._spans[0], m._spans[1]
            out.append(m._slice(last, b))
            out.extend(m.groups())
            last = e
            n += 1
        out.append(self._out(s[last:]))
        return out

    def _out(self, text):
        return text.encode('latin-1') if self._bytes else text

    def subn(self, repl, string, count=0):
        s = _check_string(self, string)
        if callable(repl):
            expand = repl
        else:
            template = _compile_template(self, repl)
            if len(template) == 1 and isinstance(template[0], str):
                literal = self._out(template[0])
                expand = lambda m: literal
            else:
                expand = lambda m: m._expand(template)
        pieces = []
        last = 0
        n = 0
        for m in self._iter(string):
            if count and n >= count:
                break
            b, e = m._spans[0], m._spans[1]
            if last < b:
                pieces.append(s[last:b])
            item = expand(m)
            if item is not None:
                if self._bytes:
                    if not isinstance(item, (bytes, bytearray)):
                        raise TypeError('expected a bytes-like object, %s found'
                                        % type(item).__name__)
                    item = bytes(item).decode('latin-1')
                elif not isinstance(item, str):
                    raise TypeError('expected str instance, %s found' % type(item).__name__)
                if item:
                    pieces.append(item)
            last = e
            n += 1
        if last < len(s):
            pieces.append(s[last:])
        return self._out(''.join(pieces)), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=_MAXGROUPS):
        return _Scanner(self, string, pos, endpos)

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)


Pattern.__module__ = 're'


def _compile_template(pattern, repl):
    """The replacement template: a list of literal strings and group numbers."""
    if pattern._bytes:
        if not isinstance(repl, (bytes, bytearray)):
            raise TypeError('expected a bytes-like object, %s found' % type(repl).__name__)
        text = bytes(repl).decode('latin-1')
    else:
        if not isinstance(repl, str):
            raise TypeError('expected str instance, %s found' % type(repl).__name__)
        text = repl
    out = []
    lit = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        i += 1
        if c != '\\':
            lit.append(c)
            continue
        if i >= n:
            raise error('bad escape (end of pattern)', repl, i - 1)
        c = text[i]
        i += 1
        if c == 'g':
            if i >= n or text[i] != '<':
                raise error('missing <', repl, i)
            end = text.find('>', i + 1)
            if end < 0:
                raise error('missing >, unterminated name', repl, i + 1)
            name = text[i + 1:end]
            if not name:
                raise error('missing group name', repl, i + 1)
            if name.isdigit():
                index = int(name)
                if index > pattern.groups:
                    raise error('invalid group reference %d' % index, repl, i + 1)
            elif name.isidentifier():
                if name not in pattern._groupindex:
                    raise IndexError('unknown group name %r' % name)
                index = pattern._groupindex[name]
            else:
                raise error('bad character in group name %r' % name, repl, i + 1)
            i = end + 1
            out.append(''.join(lit))
            lit = []
            out.append(index)
        elif c == '0':
            digits = c
            while len(digits) < 3 and i < n and text[i] in _OCTDIGITS:
                digits += text[i]
                i += 1
            lit.append(chr(int(digits, 8)))
        elif c in _DIGITS:
            digits = c
            if i < n and text[i] in _DIGITS:
                if (c in _OCTDIGITS and text[i] in _OCTDIGITS and i + 1 < n
                        and text[i + 1] in _OCTDIGITS):
                    code = int(c + text[i:i + 2], 8)
                    if code > 0o377:
                        raise error('octal escape value \\%s outside of range 0-0o377'
                                    % (c + text[i:i + 2]), repl, i - 2)
                    lit.append(chr(code))
                    i += 2
                    continue
                digits += text[i]
                i += 1
            index = int(digits)
            if index > pattern.groups:
                raise error('invalid group reference %d' % index, repl, i - len(digits))
            out.append(''.join(lit))
            lit = []
            out.append(index)
        elif c in _ESCAPES and c != 'b':
            lit.append(_ESCAPES[c])
        elif c == 'b':
            lit.append('\b')
        elif c in _ASCIILETTERS:
            raise error('bad escape \\' + c, repl, i - 2)
        else:
            lit.append('\\' + c)
    out.append(''.join(lit))
    while len(out) > 1 and out[-1] == '':
        out.pop()
    return out


class Match:
    """The result of re.match() and re.search()."""

    # `_sre`'s MatchObject: `_match_alloc` gives it CPython's size (the fixed part and two
    # marks per group, `_spans`); no `__dict__`, no weak references
    __slots__ = ('re', '_s', '_spans', 'pos', 'endpos', 'string', 'lastindex')

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 're.Match' instances")

    def _fill(self, pattern, s, b, e, marks, pos, endpos, lastindex):
        self.re = pattern
        self._s = s
        spans = [b, e] + marks[2:]
        self._spans = spans
        self.pos = pos
        self.endpos = endpos
        self.string = s
        self.lastindex = lastindex

    @property
    def lastgroup(self):
        if self.lastindex is None:
            return None
        for name, index in self.re._groupindex.items():
            if index == self.lastindex:
                return name
        return None

    def _empty(self):
        return b'' if self.re._bytes else ''

    def _slice(self, a, b):
        return self.re._out(self._s[a:b])

    def _index(self, g):
        # match_getindex: an index, else a name of the pattern's groupindex
        if not isinstance(g, str):
            try:
                i = g.__index__()
            except AttributeError:
                i = None
            if i is not None:
                if 0 <= i <= self.re.groups:
                    return i
                raise IndexError('no such group')
        try:
            return self.re._groupindex[g]
        except (KeyError, TypeError):
            raise IndexError('no such group')

    def _get(self, g, default=None):
        i = self._index(g)
        a, b = self._spans[2 * i], self._spans[2 * i + 1]
        if a < 0 or b < 0:
            return default
        return self._slice(a, b)

    def group(self, *groups):
        if not groups:
            return self._get(0)
        if len(groups) == 1:
            return self._get(groups[0])
        return tuple(self._get(g) for g in groups)

    def __getitem__(self, g):
        return self._get(g)

    def groups(self, default=None):
        return tuple(self._get(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(index, default) for name, index in self.re._groupindex.items()}

    def start(self, group=0):
        return self._spans[2 * self._index(group)]

    def end(self, group=0):
        return self._spans[2 * self._index(group) + 1]

    def span(self, group=0):
        i = self._index(group)
        return (self._spans[2 * i], self._spans[2 * i + 1])

    @property
    def regs(self):
        return tuple((self._spans[2 * i], self._spans[2 * i + 1])
                     for i in range(self.re.groups + 1))

    def expand(self, template):
        return self.re._out(self._expand(_compile_template(self.re, template)))

    def _expand(self, template):
        out = []
        for item in template:
            if isinstance(item, str):
                out.append(item)
            else:
                a, b = self._spans[2 * item], self._spans[2 * item + 1]
                if a >= 0 and b >= 0:
                    out.append(self._s[a:b])
        text = ''.join(out)
        return text.encode('latin-1') if self.re._bytes else text

    def __repr__(self):
        return '<re.Match object; span=(%d, %d), match=%s>' % (
            self._spans[0], self._spans[1], repr(self.group(0))[:50])

    def __bool__(self):
        return True

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

#@end c
