# topic: gc - the collector counts what start-up allocated: the first automatic collection comes sooner than 700 allocations
import gc
print(gc.get_count(), gc.get_threshold())
