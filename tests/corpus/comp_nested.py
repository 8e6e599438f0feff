# topic: comprehensions - nested loops, flattening, matrix transpose, nested comprehensions
matrix = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
print([x for row in matrix for x in row])
print([[row[i] for row in matrix] for i in range(3)])
print([(x, y) for x in range(3) for y in range(x)])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
print([c + d for c in 'ab' for d in 'xyz'])
print([x for row in matrix if sum(row) > 6 for x in row if x % 2])
print([[x for x in row if x > 4] for row in matrix])
print(sum(x for row in matrix for x in row), [len(w) for w in 'a bb ccc'.split()])
flat = [y for x in [[1, [2]], [3]] for y in x]
print(flat)
