# topic: lists - append/extend/insert/remove/pop/index/count/sort/reverse/copy/clear
a = [3, 1, 4]
a.append(1)
a.extend([5, 9])
a.extend('ab')
a.insert(0, 'first')
a.insert(100, 'last')
a.insert(-1, 'before last')
print(a)
print(a.pop(), a.pop(0), a.pop(-2), a)
a.remove(1)
print(a, a.index(1), a.count(1), a.index(5, 2), len(a))
nums = [5, 2, 8, 1]
nums.sort()
print(nums, nums.sort(), nums.reverse(), nums)
nums.sort(reverse=True)
print(nums)
c = nums.copy()
c.append(0)
nums.clear()
print(nums, c, list(), list('xy'), list(range(3)), list((1, 2)), list({1: 2}))
x = [1, 2]
x += [3]
x *= 2
print(x, x * 0, [0] * 3, [[]] * 2)
print(a.__len__(), [1, 2].__contains__(2), [1, 2].__getitem__(-1))
