# pickle: protocol 4 and 5 bytes as CPython's _pickle writes them (framing, memo, batches),
# and back
import io
import pickle


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f'Point({self.x}, {self.y})'


shared = [1, 2]
values = [0, 1, 255, 256, 65535, 65536, -1, 2**31, -2**31 - 1, 2**100, 1.5, -0.0, 1e308,
          'text', 'é€', '', b'bytes', b'', None, True, False, (), (1,), (1, 2), (1, 2, 3),
          (1, 2, 3, 4), [], [1], [1, 2], {}, {'a': 1}, {'a': 1, 'b': [2]}, set(), {3},
          frozenset({4}), {'s': shared, 't': shared}, ('same', 'same'), Point(1, 2)]
for v in values:
    data = pickle.dumps(v)
    back = pickle.loads(data)
    print(repr(v)[:30], data, back == v or repr(back))
data = pickle.dumps(values, protocol=5)
print(len(data), data[:24], pickle.loads(data)[-2:])
big = list(range(2500))
print(len(pickle.dumps(big)), pickle.loads(pickle.dumps(big)) == big)
d = pickle.loads(pickle.dumps({'s': shared, 't': shared}))
print(d['s'] is d['t'])
buf = io.BytesIO()
pickle.dump({'k': Point(3, 4)}, buf)
buf.seek(0)
print(pickle.load(buf), pickle.HIGHEST_PROTOCOL, pickle.DEFAULT_PROTOCOL)
try:
    pickle.loads(b'\x80\x04\x95')
except Exception as e:
    print(type(e).__name__, e)
