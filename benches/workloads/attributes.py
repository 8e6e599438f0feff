# Attribute reads and writes on objects of a user class.
N = 200000


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


p = Point(1, 2)
total = 0
for i in range(N):
    p.x = p.y + i
    total += p.x % 7
print(total)
