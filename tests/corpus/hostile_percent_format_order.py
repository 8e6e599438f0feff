# The order of %-formatting errors: key, * width and precision, a bad spec, the value, then
# the conversion (issue 9, item 14).
def t(f, a):
    try:
        print(repr(f % a))
    except Exception as e:
        print(type(e).__name__, e)
t('100%%', ())
t('%s%%', 1)
t('%5%', ())
t('%s %V', ('a',))
t('%*d', (10**20, 3))
t('%.*f', (10**10, 3.0))
t('%*d', (2.0, 3))
t('%s', [1, 2])
t('%(a)s', [1])
t('%(a)s %(b)s', {'a': 1, 'b': 2})
t('%(a)*d', {'a': 5})
t('abc', 5)
t('abc', [5])
t('abc', {})
t('%s %s', (1,))
t('%s', (1, 2))
t('%d', '3')
t('%c', 65)
t('%5.2f|%-5d|%+d', (3.14159, 42, 7))
t('%(x', {'x': 1})
t('%(x', 5)
