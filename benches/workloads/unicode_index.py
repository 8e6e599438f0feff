# Indexing and iterating a non-ASCII str: one array read per character in CPython, whose
# strings are stored at a fixed width per character (PEP 393's 1-, 2- and 4-byte kinds).
N = 100000
s = "é€😀a" * (N // 4)
total = 0
for i in range(N):
    total += ord(s[i])
for c in s:
    total += ord(c)
print(total, s[N // 2 : N // 2 + 4])
