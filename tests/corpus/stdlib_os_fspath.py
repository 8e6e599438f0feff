# os.fspath is posix.fspath (PyOS_FSPath): str and bytes come back as they are (the same
# object), anything else through its type's __fspath__; os.path's functions call it too.
import os
import sys


class Place:
    def __init__(self, where):
        self.where = where

    def __fspath__(self):
        return self.where


class Name(str):
    pass


home = 'srv_root'
same = os.fspath(home)
print(same is home, sys.getrefcount(home))
p = Place('srv')
got = os.fspath(p)
print(got is p.where, os.path.join(p, 'www'), os.fsencode(p))
print(type(os.fspath(Name('n'))).__name__, os.fspath(path=b'raw'))
for args in [(), (1,), (Place(3),), ('a', 'b')]:
    try:
        os.fspath(*args)
    except TypeError as e:
        print(e)
print(type(os.fspath).__name__, isinstance(p, os.PathLike))
print(any(x > 2 for x in [1, 3]), all([]), {1: 2}.keys().isdisjoint([3]))
s = {1, 2, 3}
s.update(x * 2 for x in [4])
s.difference_update(iter([1]))
print(sorted(s))
