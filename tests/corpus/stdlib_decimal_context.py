# topic: decimal's contexts as the C module has them - flags and traps are SignalDicts (views of
# the context's bits), getcontext/setcontext/localcontext are builtins, the setters' C checks
import decimal
from decimal import Decimal, Context, getcontext, setcontext, localcontext, Inexact, Rounded

ctx = Context(prec=5, traps=[decimal.DivisionByZero], flags=[Rounded])
flags = ctx.flags
print(flags)
print(type(flags), type(flags).__mro__[1], len(flags), flags is ctx.flags)
print(Decimal(2).sqrt(ctx), flags[Inexact], Inexact in flags, 5 in flags, flags.get(5, 'no'))
print(list(flags)[:3], [k.__name__ for k, v in flags.items() if v])
print(flags == ctx.flags, flags == dict(flags), flags != ctx.traps, flags.copy() == dict(flags))
ctx.flags = dict.fromkeys(flags, True)
print(flags is ctx.flags, all(flags.values()), ctx)
ctx.clear_flags()
ctx.traps[Inexact] = 'yes'
print(ctx.traps[Inexact], ctx)
for bad in ("flags['x']", "flags.pop(Inexact)", "flags == {}", "ctx.traps.clear()", "hash(flags)",
            "Context(flags={Inexact: 1})", "Context(flags=(Inexact,))", "Context(traps=[1])",
            "type(flags)()[Inexact]", "setattr(ctx, 'prec', 0)", "setattr(ctx, 'Emin', 1)",
            "setattr(ctx, 'clamp', 2)", "setattr(ctx, 'prec', 2.5)", "setattr(ctx, 'rounding', 'up')",
            "delattr(ctx, 'prec')", "getcontext(1)", "setcontext()", "setcontext(5)",
            "localcontext(5)", "localcontext(flavour=1)", "localcontext(None, 5, prec=6)"):
    try:
        print(eval(bad))
    except Exception as e:
        print(bad, '->', type(e).__name__, str(e).splitlines()[0])
ctx.prec = True
print(ctx.prec, type(ctx.prec), int.__int__(True), type(int.__index__(True)))

print(getcontext, type(setcontext).__name__, localcontext.__module__, setcontext.__name__)
print(len.__module__, [].append.__module__, decimal.getcontext.__name__)
outer = getcontext()
manager = localcontext(prec=3, traps=[Inexact])
print(type(manager), hasattr(decimal, 'ContextManager'), hasattr(decimal, 'SignalDict'))
setcontext(Context(prec=9))
with manager as inner:
    print(getcontext() is inner, inner.prec, inner.traps[Inexact])
    try:
        Decimal(1) / 3
    except Inexact as e:
        print(repr(e), inner.flags[Inexact])
print(getcontext() is outer, getcontext().prec)
setcontext(decimal.BasicContext)
print(getcontext() is decimal.BasicContext, getcontext() == decimal.BasicContext, getcontext().prec)
