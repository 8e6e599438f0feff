# topic: lists - +, *, in, ==, ordering comparisons, len/min/max/sum, nested lists
a = [1, 2, 3]
b = [1, 2, 4]
print(a + b, a * 2, 2 in a, 5 not in a, a == [1, 2, 3], a != b, a < b, [1, 2] < a, [] < [0], [2] > [1, 9])
print(len(a), min(a), max(a), sum(a), sum(a) / len(a), a.index(max(a)))
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid, len(grid), [row[1] for row in grid], grid[1])
aliased = [[0] * 3] * 3
aliased[1][1] = 5
print(aliased, aliased[0] is aliased[2])
print([1, [2, [3, [4]]]], [[]] == [[]], [[1]] < [[2]], [1, 2] == (1, 2))
