# topic: expressions - assignment expressions (:=), conditional expressions, chained comparisons in loops
data = [3, 8, 1, 9, 4]
if (n := len(data)) > 3:
    print('long list', n)
print([y for x in data if (y := x * 2) > 6], y)
stack = [1, 2, 3]
while (top := stack.pop() if stack else None) is not None:
    print('popped', top)
print((a := 5) + a, a)
grade = lambda s: 'A' if s >= 90 else 'B' if s >= 80 else 'C' if s >= 70 else 'F'
print([grade(s) for s in [95, 85, 72, 10]])
print(max(data) if data else None, 'even' if len(data) % 2 == 0 else 'odd')
def f():
    if (v := 10) > 5:
        return v
print(f())
