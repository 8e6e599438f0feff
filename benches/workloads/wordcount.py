# Word counting in a dict: 10^6 words drawn from a 5,000-word vocabulary.
N = 1000000
vocab = ["w" + str(i) for i in range(5000)]
counts = {}
x = 12345
for _ in range(N):
    x = (x * 1103515245 + 12345) % 2147483648
    w = vocab[x % 5000]
    counts[w] = counts.get(w, 0) + 1
print(len(counts), max(counts.values()))
