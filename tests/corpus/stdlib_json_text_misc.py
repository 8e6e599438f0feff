# topic: json, string, keyword, types, contextlib, reprlib
import json
for s in ['', '{"a": }', '[1, 2', '{"a" 1}', '[1,]', "{'a': 1}", '{"a": 1,}', '"a\nb"', '"\\q"', '"\\u12"', '"abc', '[1] x', '  ', 'nul', '-', '01', '1.', '{"a":1 "b":2}', '["a" 1]', '{', '[', '{"a"', '{"a":', 'tru', '1e5', '-0', '1E+2', '[-1.5e-3]', 'NaN', '-Infinity', '"\\ud83d\\ude00"', b'[1]', ' {"x": [true, false, null, "s"]} ']:
    try: print(repr(json.loads(s)))
    except Exception as e: print(type(e).__name__, e)
print(json.dumps({'b': [1, 2.5, None, True], 'a': {'x': 'é'}}, indent=2, sort_keys=True))
print(json.dumps([1, {'k': ()}], separators=(',', ':')), json.dumps('é\u2028\n'), json.dumps('é', ensure_ascii=False))
print(json.dumps({1: 2, 2.5: 3, True: 4, None: 5}), json.dumps(float('nan')), json.dumps([]), json.dumps({}, indent=4), json.dumps([[]], indent=2))
for o in [{(1,2): 3}, set(), object()]:
    try: json.dumps(o)
    except TypeError as e: print(e)
l = []; l.append(l)
try: json.dumps(l)
except ValueError as e: print(e)
print(json.dumps({'a': 1}, default=str), json.dumps(set([1]), default=list), json.dumps(1e16), json.dumps(10**20))
print(json.JSONDecodeError.__mro__, json.loads('{"a": 1, "a": 2}'), json.loads('[1, 2]', parse_int=float))
print(json.dumps({"name": "Ann", "tags": ["a", "b"], "n": 3}, indent=4))
import keyword, string, types, contextlib, reprlib
print(keyword.iskeyword('for'), keyword.iskeyword('x'), len(keyword.kwlist), keyword.softkwlist)
print(string.ascii_letters, string.digits, string.capwords('hello  world  x'), repr(string.whitespace))
t = string.Template('$who likes ${what}, $$5')
print(t.substitute(who='tim', what='kung pao'), t.safe_substitute(who='x'), t.get_identifiers())
try: string.Template('$who $').substitute(who=1)
except ValueError as e: print(e)
try: string.Template('$who').substitute()
except KeyError as e: print('KeyError', e)
ns = types.SimpleNamespace(a=1, b='x')
ns.c = [1]
print(ns, ns.a, ns == types.SimpleNamespace(a=1, b='x', c=[1]), types.FunctionType, type(lambda: 0) is types.LambdaType)
from contextlib import contextmanager, suppress, redirect_stdout, closing, nullcontext, ExitStack
@contextmanager
def tag(name):
    print('<' + name + '>')
    try:
        yield name.upper()
    finally:
        print('</' + name + '>')
with tag('b') as t2:
    print('inside', t2)
with suppress(KeyError):
    {}['x']
print('suppressed')
import io
buf = io.StringIO()
with redirect_stdout(buf):
    print('hidden')
print(repr(buf.getvalue()))
with nullcontext(5) as v:
    print(v)
class R:
    def close(self): print('closed R')
with closing(R()):
    pass
with ExitStack() as stack:
    stack.callback(print, 'callback ran')
    print('in stack')
try:
    with tag('err'):
        raise ValueError('boom')
except ValueError as e:
    print('caught', e)
print(reprlib.repr(list(range(100))), reprlib.repr('x' * 50))
