# topic: conversions - list/tuple/dict/set/str constructors from other containers and what they keep
d = {'b': 2, 'a': 1}
print(list(d), list(d.values()), tuple(d.items()), dict(d.items()), list('abc'), tuple([1, [2]]))
print(list((1, 2)), sorted(set([3, 1, 3, 2])), dict([('x', 1), ['y', 2]]), dict([]), list(range(0)), str([1, 2]))
print(list(map(str, [1, 2])), [int(c) for c in '123'], ''.join(['a', 'b']), list(enumerate('ab')), dict(enumerate('ab')))
print(int('12') + float('1.5'), str(12) + '1.5', bool('False'), list(str(123)), tuple(str(True)))
print(list(zip(*[(1, 'a'), (2, 'b')])), dict(zip(range(3), 'xyz')), list(reversed(tuple('abc'))))
t = (1, 2, 3)
l = list(t)
l.append(4)
print(t, l, tuple(l), type(tuple(l)) is tuple)
nested = [[1, 2], [3]]
copied = list(nested)
copied[0].append('shared!')
print(nested)
try:
    dict([1, 2])
except TypeError as e:
    print('TypeError:', e)
try:
    dict(['ab', 'cde'])
except ValueError as e:
    print('ValueError:', e)
