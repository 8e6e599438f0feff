# list.sort empties the list while it sorts: a key or a comparison sees an empty list, a
# change made meanwhile is thrown away and reported (issue 9, item 3).
import sys
l = [3, 1, 2]
def pops(x):
    l.pop()
    return x
try:
    l.sort(key=pops)
except IndexError as e:
    print('IndexError:', e)
print(l)
l = [3, 1, 2]
def appends(x):
    l.append(9)
    return x
try:
    l.sort(key=appends)
except ValueError as e:
    print('ValueError:', e)
print(l)
l = [3, 1, 2]
def clears(x):
    l.clear()
    return x
try:
    l.sort(key=clears)
except ValueError as e:
    print('ValueError:', e)
print(l)
l = [3, 1, 2]
seen = []
def length(x):
    seen.append((len(l), sys.getsizeof(l) - sys.getsizeof([])))
    return -x
l.sort(key=length)
print(l, seen)
class Evil:
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        m.append(Evil(0))
        return self.v < other.v
m = [Evil(2), Evil(1), Evil(3)]
try:
    m.sort()
except ValueError as e:
    print('ValueError:', e)
print([e.v for e in m])
l = [5, 4, 3]
l.sort(key=lambda x: x, reverse=True)
print(l)
def fails(x):
    if x == 1:
        raise KeyError(x)
    return x
l = [3, 1, 2]
try:
    l.sort(key=fails)
except KeyError as e:
    print('KeyError:', e, l)
