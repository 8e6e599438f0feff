"""Measure what `import NAME` costs CPython's generation 0 (net GC allocations) for the modules
refscope models that CPython's start-up does not preload: the `import_allocs` figures of
`src/modules.rs`. Each module is measured in a fresh `python3 FILE` after its dependencies (given
after a colon) are imported, with the collector disabled so that no collection hides the count.

usage: python3 measure_imports.py heapq array json:re textwrap:re ...
"""
import subprocess
import sys
import tempfile

PROBE = """
import gc
{deps}
gc.disable()
gc.get_count()
before = gc.get_count()[0]
import {name}
after = gc.get_count()[0]
print(after - before)
"""

for arg in sys.argv[1:]:
    name, _, deps = arg.partition(':')
    imports = '\n'.join('import ' + d for d in deps.split(',') if d)
    with tempfile.NamedTemporaryFile('w', suffix='.py') as f:
        f.write(PROBE.format(name=name, deps=imports))
        f.flush()
        out = subprocess.run([sys.executable, f.name], capture_output=True, text=True,
                             check=True).stdout.strip()
    print(f'{name}: {out}')
