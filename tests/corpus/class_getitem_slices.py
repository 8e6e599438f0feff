# topic: classes - __getitem__ receives slice objects for a[i:j:k]; negative index handling by hand
class Seq:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, key):
        if isinstance(key, slice):
            print('slice', key, key.indices(self.n))
            return [self[i] for i in range(*key.indices(self.n))]
        if key < 0:
            key += self.n
        if not 0 <= key < self.n:
            raise IndexError('Seq index out of range')
        return key * 100
s = Seq(5)
print(s[0], s[-1], s[1:3], s[::-2], s[:], s[-2:])
try:
    s[5]
except IndexError as e:
    print('IndexError:', e)
print(list(s), 300 in s, list(reversed(s)))
class Echo:
    def __getitem__(self, key):
        return key
e = Echo()
print(e[1], e[1:2], e[::], e[1, 2], e[1:2, ::3], e['k'], e[...])
