# topic: inspect - a function's signature, binding call arguments to parameters, predicates
import inspect
from functools import partial, wraps


def describe(name, *tags, limit: int = 10, verbose=False, **extra) -> str:
    return name


def positional(a, b=1, /, c=2):
    return a + b + c


class Account:
    def __init__(self, owner, balance=0.0):
        self.owner = owner
        self.balance = balance

    def deposit(self, amount):
        self.balance += amount

    @classmethod
    def empty(cls, owner):
        return cls(owner)


def logged(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@logged
def area(width, height=1):
    return width * height


sig = inspect.signature(describe)
print(sig)
for p in sig.parameters.values():
    print(f"  {p.name:8} {p.kind.name:22} default={p.default!r:8} annotation={p.annotation}")
print(sig.return_annotation, inspect.signature(positional), inspect.signature(Account))
print(inspect.signature(Account.deposit), inspect.signature(Account('ann').deposit))
print(inspect.signature(Account.empty), inspect.signature(area), inspect.signature(partial(positional, 5)))
bound = sig.bind('report', 'a', 'b', limit=3, colour='red')
print(bound.arguments, bound.args, bound.kwargs)
bound.apply_defaults()
print(bound)
for args, kwargs in [((), {}), ((1, 2, 3, 4), {}), ((1,), {'b': 2})]:
    try:
        inspect.signature(positional).bind(*args, **kwargs)
    except TypeError as e:
        print('TypeError:', e)
print(inspect.isfunction(describe), inspect.ismethod(Account('x').deposit), inspect.isclass(Account))
print(inspect.isbuiltin(len), inspect.isroutine(print), inspect.ismodule(inspect))


def countdown(n):
    while n:
        yield n
        n -= 1


gen = countdown(2)
print(inspect.isgeneratorfunction(countdown), inspect.getgeneratorstate(gen))
next(gen)
print(inspect.getgeneratorstate(gen), inspect.getgeneratorlocals(gen))
print(inspect.getfullargspec(describe))
print(inspect.getcallargs(positional, 1, c=5))
print(list(dict(inspect.getmembers(Account, inspect.isfunction))))
print(inspect.getmro(bool), inspect.unwrap(area) is not area, inspect.cleandoc("""
    First line.
        indented
    last"""))
new = sig.replace(parameters=list(sig.parameters.values())[:2], return_annotation=inspect.Signature.empty)
print(new, new == sig, inspect.Parameter('x', inspect.Parameter.KEYWORD_ONLY, default=None))
frame = inspect.currentframe()
print(frame.f_code.co_name, describe.__code__.co_flags, countdown.__code__.co_flags, logged(area).__code__.co_flags)
