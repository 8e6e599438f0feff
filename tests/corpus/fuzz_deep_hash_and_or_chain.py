# tuplehash recurses in C with no recursion guard: a tuple nested 100,000 deep hashes (with a
# small worker stack too; issue 9 item 7), and so does a generic alias nested as deep.
# A 20,000-term `or` chain compiles in linear time (eliminate_empty_basic_blocks).
t = ()
for i in range(10**5):
    t = (t,)
print(hash(t) == hash(t), t in {t})
a = int
for i in range(10**4):
    a = list[a]
print(hash(a) == hash(a))
x = eval(' or '.join(['0'] * 20000) + ' or 7')
print(x)
