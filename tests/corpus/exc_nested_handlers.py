# topic: exceptions - bare raise re-raises, except tuples, catching by base class, handler order, nested handlers
def risky(kind):
    if kind == 'key':
        return {}['missing']
    if kind == 'index':
        return [][1]
    if kind == 'zero':
        return 1 / 0
    return 'ok'
for kind in ['key', 'index', 'zero', 'none']:
    try:
        print(risky(kind))
    except (KeyError, IndexError) as e:
        print('lookup problem:', type(e).__name__, e)
    except ArithmeticError as e:
        print('math problem:', e)
def reraiser():
    try:
        int('bad')
    except ValueError:
        print('logging and re-raising')
        raise
try:
    reraiser()
except ValueError as e:
    print('caught again:', e)
try:
    try:
        raise TypeError('first')
    except TypeError:
        raise ValueError('second')
except ValueError as e:
    print(e, '| context:', e.__context__)
try:
    raise LookupError('base')
except KeyError:
    print('not here')
except LookupError as e:
    print('LookupError', e)
try:
    try:
        raise ValueError('inner')
    except TypeError:
        print('wrong handler')
except ValueError as e:
    print('outer got', e)
def no_active():
    raise
try:
    no_active()
except RuntimeError as e:
    print('RuntimeError:', e)
try:
    raise Exception
except Exception as e:
    print(repr(e), type(e) is Exception)
try:
    raise ValueError
except ValueError as e:
    print(repr(e), e.args)
