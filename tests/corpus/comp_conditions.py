# topic: comprehensions - filters, conditional expressions, multiple ifs, walrus inside a comprehension
nums = range(-5, 6)
print([n for n in nums if n > 0], [n if n > 0 else 0 for n in nums], [n for n in nums if n % 2 if n > 0])
print(['even' if n % 2 == 0 else 'odd' for n in range(4)], [abs(n) for n in nums if n < 0])
print([w.upper() for w in ['apple', 'kiwi', 'banana'] if len(w) > 4])
print([y for x in range(6) if (y := x * x) > 5], y)
print([i for i in range(20) if i % 3 == 0 and i % 2 == 0], [c for c in 'Hello World' if c.isupper()])
print([None for _ in range(2)], [[] for _ in range(2)], [x for x in []], [(lambda: i)() for i in range(3)])
