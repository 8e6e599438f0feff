# 10^6 tracked objects kept alive, then five full collections over them.
import gc
keep = [[i] for i in range(1000000)]
found = 0
for _ in range(5):
    found += gc.collect()
print(len(keep), found)
