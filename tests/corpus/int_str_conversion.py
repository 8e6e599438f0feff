# topic: conversions - str()/repr() of numbers, int() truncation toward zero, str concatenation needs str()
print(str(42), repr(42), str(-0), str(3.0), repr(3.10), str(1e100), str(-1.5e-7))
print(int(2.9), int(-2.9), int('-0'), round(-2.9), int(1e18))
age = 30
print('age: ' + str(age), 'age: %d' % age, f'age: {age}')
print(str(True) + str(None), str([1, 'a']), str((1,)), str({'k': 1.5}))
print(float(1) == int(1.0), str(1.0) == '1.0', repr(0.1 + 0.2))
try:
    print('age: ' + age)
except TypeError as e:
    print('TypeError:', e)
try:
    print(age + ' years')
except TypeError as e:
    print('TypeError:', e)
print(len(str(2 ** 100)), str(2 ** 100)[:5], list(str(905)))
print(sum(int(d) for d in str(2 ** 15)))
