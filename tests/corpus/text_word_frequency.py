# topic: strings - text processing: normalising words, counting with dicts, sorting by count then word
text = '''The quick brown fox jumps over the lazy dog. The dog sleeps;
the fox runs! A quick fox, a lazy dog.'''
words = []
for raw in text.lower().split():
    word = raw.strip('.,;!?')
    if word:
        words.append(word)
print(len(words), words[:6])
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
top = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
for word, count in top[:5]:
    print(f'{word:<6}{count:>3} {"*" * count}')
print(sorted(w for w in freq if freq[w] == 1))
lengths = {}
for w in freq:
    lengths.setdefault(len(w), []).append(w)
print({k: sorted(v) for k, v in sorted(lengths.items())})
print(max(freq, key=lambda w: (len(w), w)), ' '.join(w.capitalize() for w in 'hello big world'.split()))
lines = text.splitlines()
print(len(lines), [len(l) for l in lines], lines[1].title())
