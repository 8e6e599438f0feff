# topic: exceptions - try/except/else/finally execution order, including return/break/continue in finally
def attempt(x):
    try:
        print('try', x)
        result = 10 / x
    except ZeroDivisionError:
        print('except')
        return 'failed'
    else:
        print('else')
        return result
    finally:
        print('finally')
print(attempt(2))
print(attempt(0))
def finally_overrides():
    try:
        return 'try'
    finally:
        return 'finally'
print(finally_overrides())
def finally_swallows():
    try:
        raise ValueError('lost')
    finally:
        return 'swallowed'
print(finally_swallows())
for i in range(3):
    try:
        if i == 1:
            continue
        print('body', i)
    finally:
        print('finally', i)
while True:
    try:
        break
    finally:
        print('finally on break')
def nested():
    try:
        try:
            raise KeyError('inner')
        finally:
            print('inner finally')
    except KeyError as e:
        print('outer caught', repr(e))
    finally:
        print('outer finally')
nested()
try:
    pass
except Exception:
    print('never')
else:
    print('else without exception')
