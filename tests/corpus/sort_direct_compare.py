# list.sort compares keys of one exact type (int, float, str) directly, as listsort's
# pre-check does; anything else goes through the rich comparison.
big = sorted([5, -3, 2**70, 0, -2**65, 7, 7, 256, 257])
print([x if abs(x) < 10**6 else ("big", x.bit_length(), x > 0) for x in big])
print(sorted([2.5, float("nan"), -1.0, 0.0, -0.0, 1e300]))
print(sorted(["b", "é", "a", "ab", "", "€", "B"]))
print(sorted([True, 2, 1, False]), sorted([3, 1.5, 2, 0.5]))


class Loud(int):
    def __lt__(self, other):
        print("lt", int(self), int(other))
        return int(self) < int(other)


print(sorted([Loud(3), Loud(1), Loud(2)]))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "y")]
print(sorted(pairs, key=lambda p: p[0]), sorted(pairs, key=lambda p: p[0], reverse=True))
words = "the quick brown fox jumps over the lazy dog".split()
words.sort(key=len)
print(words)
try:
    sorted([1, "a", 2])
except TypeError as e:
    print("TypeError:", e)
