# topic: formatting - str.format: positional, numbered, keyword, indexing, attributes, specs and conversions
print('{} + {} = {}'.format(1, 2, 3), '{1} {0} {1}'.format('a', 'b'), '{x}-{y}'.format(x=1, y=2))
point = {'x': 3, 'y': 4}
print('{0[x]},{0[y]}'.format(point), '{p[x]}'.format(p=point), '{0[1]}'.format(['a', 'b']))
class C:
    attr = 'attribute'
print('{0.attr} {c.attr} {0.__class__.__name__}'.format(C(), c=C()))
print('{:>8}|{:<8}|{:^8}|{:08.3f}|{:,}|{:x}'.format('r', 'l', 'c', 3.14159, 10 ** 6, 255))
print('{!r} {!s} {:d} {:5}|'.format('s', 's', 7, 'ab'), '{{}} {}'.format('x'), '{:{}{}}'.format('z', '>', 4))
print('{0:{1}}|{0:>{1}}|'.format('ab', 5), 'Total: {total:.2f}'.format(total=9.5), '{:*<6}'.format(1.5))
print(format('ab', '>4'), format(3.14159, '.3'), format(12, ''), format([1, 2]), format(None))
print('{a}{b}'.format_map({'a': 1, 'b': 2}))
