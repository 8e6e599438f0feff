# A string built from f-string pieces joined, then split and scanned.
N = 200000
pieces = []
for i in range(N):
    pieces.append(f"{i % 97}:{'ab'[i % 2]}")
s = ",".join(pieces)
fields = s.split(",")
print(len(s), len(fields), fields[N // 2], s[-6:])
