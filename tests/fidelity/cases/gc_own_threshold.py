# topic: cyclic gc - gc.set_threshold/get_threshold; threshold 0 disables automatic collection; a small threshold collects often
import gc
print(gc.get_threshold())
gc.set_threshold(50)
print(gc.get_threshold())
gc.set_threshold(100, 5)
print(gc.get_threshold())
gc.set_threshold(30, 2, 3)
print(gc.get_threshold())
gc.collect()
gens = []
gc.callbacks.append(lambda phase, info: gens.append(info['generation']) if phase == 'start' else None)
class K:
    pass
keep = [K() for _ in range(400)]
gc.callbacks.clear()
print('collections with (30, 2, 3):', gens)
gc.set_threshold(0)
gc.collect()
gens.clear()
gc.callbacks.append(lambda phase, info: gens.append(info['generation']) if phase == 'start' else None)
keep2 = [K() for _ in range(2000)]
gc.callbacks.clear()
print('collections with threshold 0:', gens, gc.get_count()[0] > 2000)
gc.set_threshold(700, 10, 10)
try:
    gc.set_threshold()
except TypeError as e:
    print('TypeError:', e)
try:
    gc.set_threshold(1, 2, 3, 4)
except TypeError as e:
    print('TypeError:', e)
try:
    gc.collect(3)
except ValueError as e:
    print('ValueError:', e)
print(gc.get_threshold())
