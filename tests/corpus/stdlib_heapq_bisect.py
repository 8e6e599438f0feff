# topic: heapq and bisect - heaps on lists, binary search and insertion
import heapq, bisect
from heapq import heappush, heappop, heapify, nlargest, nsmallest, merge
h = []
for x in [5, 1, 8, 3, 2, 9]:
    heappush(h, x)
print(h, heappop(h), h)
l = [9, 4, 7, 1, 3]
heapify(l)
print(l)
print(heapq.heapreplace(l, 10), l, heapq.heappushpop(l, 0), l, heapq.heappushpop(l, 99), l)
print(nlargest(3, [4, 1, 7, 3, 9]), nsmallest(2, [4, 1, 7, 3, 9]), nlargest(2, ['aa', 'b', 'ccc'], key=len))
print(nsmallest(1, []), nlargest(10, [3, 1]), nsmallest(2, iter([5, 2, 8, 1])))
print(list(merge([1, 3, 5], [2, 4, 6])), list(merge([5, 3], [4, 1], reverse=True)))
print(list(merge(['a', 'bbb'], ['cc'], key=len)))
tasks = []
heappush(tasks, (2, 'write'))
heappush(tasks, (1, 'read'))
heappush(tasks, (3, 'run'))
while tasks:
    print(heappop(tasks))
big = list(range(3000, 0, -1))
heapify(big)
print(big[:12])
print(heappush, heapq.nlargest.__name__)
for bad in [lambda: heappop([]), lambda: heappush((), 1), lambda: heapq.heapreplace([], 1)]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
a = [1, 2, 4, 4, 8]
print(bisect.bisect(a, 4), bisect.bisect_left(a, 4), bisect.bisect_right(a, 4, 0, 3))
bisect.insort(a, 3)
bisect.insort_left(a, 4)
print(a, bisect.bisect, bisect.insort)
print(bisect.bisect_left([(1, 'a'), (3, 'b')], 2, key=lambda t: t[0]))
grades = 'FDCBA'
print([grades[bisect.bisect([60, 70, 80, 90], s)] for s in [33, 99, 77, 70, 89, 90, 100]])
try:
    bisect.bisect([1], 1, -1)
except ValueError as e:
    print(e)
