# topic: array - typed arrays: conversions and range errors per typecode, growth, slices
import array, sys, gc
for tc, v in [('b',200),('b',-200),('B',300),('h',40000),('h',-40000),('H',70000),('i',2**31),('i',-2**31-1),('I',2**32),('L',2**64),('l',2**63),('q',2**63),('Q',2**64), ('f', 1e300), ('u', 'ab'), ('B', -1), ('I', -1), ('Q', -1), ('b', 10**20)]:
    try: print(tc, v, 'ok', array.array(tc,[v]))
    except Exception as e: print(tc, v, type(e).__name__, e)
for f in [lambda: array.array('i', [1.5]), lambda: array.array('d', ['x']), lambda: array.array('z'), lambda: array.array(1), lambda: array.array('i', 'abc'), lambda: array.array('i', [1]).pop(5), lambda: array.array('i').pop(), lambda: array.array('i',[1]).remove(3), lambda: array.array('i',[1]).index(3), lambda: array.array('i',[1]) + [1], lambda: array.array('i',[1]) + array.array('d'), lambda: array.array('i',[1]).extend(array.array('d')), lambda: array.array('b',[1])[5], lambda: array.array('u', [1])]:
    try: f()
    except Exception as e: print(type(e).__name__, e)
a = array.array('i', [1, 2, 3]); print(a, repr(array.array('d')), array.array('u', 'hi'), a[1:], a * 2, sys.getsizeof(a), sys.getsizeof(array.array('i')))
b = array.array('i')
for i in range(10): b.append(i)
print(sys.getsizeof(b), b.itemsize, b.typecode, array.array('f', [0.1])[0], a.tolist(), a.tobytes(), list(iter(a)), type(iter(a)), a == array.array('i',[1,2,3]), a < array.array('i',[1,3]))
print(array.typecodes, array.ArrayType, a.buffer_info()[1], array.array('b', b'\x01\xff'), array.array('B', range(3)))
a = array.array('i', [1,2,3,4,5]); a[1:3] = array.array('i', [9]); print(a); del a[::2]; print(a)
try: a[0:1] = [1]
except Exception as e: print(type(e).__name__, e)
try: a[0] = 'x'
except Exception as e: print(type(e).__name__, e)
a.insert(0, 7); a.insert(100, 8); a.extend([1,2]); a.fromlist([3]); a.frombytes(b'\x05\x00\x00\x00'); print(a, a.count(1), a.index(8), a.pop(), a.pop(0), a)
a.reverse(); print(a, 8 in a, a.tolist(), gc.get_referents(a), gc.is_tracked(a))
print(sum(array.array('d', [0.5, 1.5])), max(array.array('h', [3, -7, 2])))
