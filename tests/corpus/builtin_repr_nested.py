# topic: repr - reprs of nested containers with mixed element types, floats, strings with quotes, None
data = {'name': "O'Brien", 'scores': [9.5, 7.25, 10.0], 'meta': {'tags': ('a', "b\"c"), 'none': None}, 3: [True, False]}
print(data)
print(repr(data) == str(data), len(repr(data)))
print([1.0, 2.50, -0.0, 1e-10, 1e100, 123456789012.0, float('inf')], [1, [2, [3, []]]], ((1,), ((2,),)))
print({(1, 2): {3: {4: 'deep'}}}, [{}, set(), [], ()], [range(0, 3), range(5, 0, -2), slice(1, 2)])
print(repr('multi\nline'), [b'bytes', bytearray(b'ba')], {1: None}, [print, len][1].__name__)
print(str(1.5), repr(1.5), str('s'), repr('s'), str(['s']), str(("s",)))
print([x for x in (1, 'two', 3.0, None, (5,))])
