# topic: classes - __iter__ written as a generator: each for loop gets a fresh iterator; iterator vs iterable
class Tree:
    def __init__(self, value, *children):
        self.value = value
        self.children = children
    def __iter__(self):
        yield self.value
        for child in self.children:
            yield from child
t = Tree(1, Tree(2, Tree(4)), Tree(3))
print(list(t), list(t), sum(t), max(t), 4 in t, sorted(t, reverse=True))
it = iter(t)
print(next(it), next(it), type(it).__name__, iter(t) is iter(t))
class Repeater:
    def __init__(self, word, times):
        self.word, self.times = word, times
    def __iter__(self):
        return (self.word for _ in range(self.times))
print(list(Repeater('hi', 3)), '-'.join(Repeater('x', 4)))
for a, b in zip(Tree(1, Tree(2)), Repeater('r', 5)):
    print(a, b)
