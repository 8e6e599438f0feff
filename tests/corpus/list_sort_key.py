# topic: lists - sort/sorted with key and reverse, stability, sorting tuples and records
words = ['banana', 'Apple', 'cherry', 'date', 'Elderberry', 'fig']
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=len), sorted(words, key=len, reverse=True))
people = [('bob', 25), ('alice', 30), ('carol', 25), ('dave', 30), ('eve', 22)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: (-p[1], p[0])))
print(sorted(people, key=lambda p: p[1], reverse=True))
nums = [3, -1, 4, -1, 5, -9, 2, 6]
print(sorted(nums, key=abs), sorted(nums, reverse=True), max(nums, key=abs), min(nums, key=lambda n: n * n))
data = [{'n': 'x', 'v': 2}, {'n': 'y', 'v': 1}]
data.sort(key=lambda d: d['v'])
print(data)
print(sorted({'b': 1, 'a': 2}), sorted({'b': 1, 'a': 2}.items(), key=lambda kv: kv[1]), sorted('hello'), sorted((3, 1, 2)))
print(sorted([[2, 1], [1, 2], [1, 1]]), sorted([1.5, 1, True, 0.5]), sorted([]))
try:
    sorted([1, 'a'])
except TypeError as e:
    print('TypeError:', e)
try:
    sorted([{'a': 1}, {'a': 2}])
except TypeError as e:
    print('TypeError:', e)
