# queue (one thread: nothing blocks), fnmatch (shell patterns through re), html.escape
import queue
import fnmatch
import html

q = queue.Queue(maxsize=2)
q.put('a')
q.put('b')
print(q.qsize(), q.full(), q.empty(), list(q.queue))
try:
    q.put_nowait('c')
except queue.Full:
    print('Full')
print(q.get(), q.get_nowait())
try:
    q.get(block=False)
except queue.Empty as e:
    print('Empty', repr(e), queue.Empty.__module__)
q.put(1)
q.task_done() if False else None
p = queue.PriorityQueue()
for item in [(3, 'low'), (1, 'high'), (2, 'mid')]:
    p.put(item)
print([p.get() for _ in range(3)])
lifo = queue.LifoQueue()
for i in range(3):
    lifo.put(i)
print([lifo.get() for _ in range(3)])
sq = queue.SimpleQueue()
sq.put('x')
print(sq.qsize(), sq.get(), sq.empty(), queue.SimpleQueue)

names = ['main.py', 'test_main.py', 'README.md', 'setup.cfg', 'data.PY']
print(fnmatch.filter(names, '*.py'), fnmatch.filter(names, 'test_*'), fnmatch.filter(names, '[!m]*.*'))
print(fnmatch.fnmatch('data.PY', '*.py'), fnmatch.fnmatchcase('data.PY', '*.PY'), fnmatch.fnmatch('a.c', '?.[ch]'))
for pat in ['*.py', 'a*b*c', '[a-c]?', '[!x]', '[]]', 'x[', '*']:
    print(pat, fnmatch.translate(pat))
print(html.escape('<a href="x">Tom & Jerry\'s</a>'), html.escape('"<>"', quote=False))
