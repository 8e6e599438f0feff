# topic: tracemalloc - traced memory, snapshots, statistics by line and their differences
import tracemalloc
# every global exists before tracing starts, so no globals-dict resize is traced
big = big2 = snap = snap2 = top = diffs = d = cur = peak = c2 = p2 = size = e = None
tracemalloc.start()
print(tracemalloc.is_tracing(), tracemalloc.get_traceback_limit())
big = 'x' * 100000
cur, peak = tracemalloc.get_traced_memory()
print(cur >= 100049, peak >= cur)
snap = tracemalloc.take_snapshot()
top = snap.statistics('lineno')[0]
print(top.traceback[0].lineno, top.size, top.count, str(top).split(': ', 1)[1])
big2 = 'y' * 50000
del big
snap2 = tracemalloc.take_snapshot()
diffs = snap2.compare_to(snap, 'lineno')
for d in diffs[:2]:
    print(d.traceback[0].lineno, d.size, d.size_diff, d.count, d.count_diff, str(d).split(': ', 1)[1])
print(len(snap2.statistics('filename')) >= 1)
for size in [0, 99, 1023, 10239, 10240, 123456, 10**7, 10**12]:
    print(tracemalloc._format_size(size, False), tracemalloc._format_size(-size, True))
tracemalloc.reset_peak()
c2, p2 = tracemalloc.get_traced_memory()
print(c2 == p2)
tracemalloc.stop()
print(tracemalloc.get_traced_memory(), tracemalloc.is_tracing())
try:
    tracemalloc.take_snapshot()
except RuntimeError as e:
    print(e)
