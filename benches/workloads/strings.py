# f-strings and join over 10^5 items.
N = 100000
parts = [f"item {i}: {i * i:>8} {i / 7:.3f}" for i in range(N)]
text = "\n".join(parts)
words = text.split()
print(len(text), len(words), parts[-1])
