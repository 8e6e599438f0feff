# topic: formatting - the errors str.format and format specs raise: missing args, bad specs, wrong types
tests = [
    lambda: '{} {}'.format(1),
    lambda: '{0} {2}'.format(1, 2),
    lambda: '{name}'.format(nam=1),
    lambda: '{:d}'.format('x'),
    lambda: '{:d}'.format(1.5),
    lambda: '{:x}'.format(1.5),
    lambda: '{:.2f}'.format('x'),
    lambda: '{'.format(1),
    lambda: '}'.format(1),
    lambda: '{} {0}'.format(1, 2),
    lambda: format(1, 'q'),
    lambda: format('s', ','),
    lambda: format(1.5, 'c'),
    lambda: '{0[5]}'.format([1]),
    lambda: '{:,d}'.format(1.0),
    lambda: f'{"x":=5}',
    lambda: format(3, '.2d'),
]
for t in tests:
    try:
        print(t())
    except (IndexError, KeyError, ValueError, TypeError) as e:
        print(type(e).__name__ + ':', e)
