# topic: functions - recursion: factorial, fibonacci with a dict memo, hanoi, RecursionError message
def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(5), fact(20), fact(25))
memo = {}
def fib(n):
    if n in memo:
        return memo[n]
    result = n if n < 2 else fib(n - 1) + fib(n - 2)
    memo[n] = result
    return result
print(fib(50), len(memo))
moves = []
def hanoi(n, src, dst, via):
    if n:
        hanoi(n - 1, src, via, dst)
        moves.append((src, dst))
        hanoi(n - 1, via, dst, src)
hanoi(3, 'A', 'C', 'B')
print(len(moves), moves[:3])
def power_set(items):
    if not items:
        return [[]]
    rest = power_set(items[1:])
    return rest + [[items[0]] + r for r in rest]
print(power_set([1, 2, 3]))
def forever(n):
    return forever(n + 1)
try:
    forever(0)
except RecursionError as e:
    print('RecursionError:', e)
