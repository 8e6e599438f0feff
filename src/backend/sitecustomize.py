# refscope's recorder loader, installed as sitecustomize.py in a private directory that refscope
# puts first on PYTHONPATH. Before anything else it disables the collector and copies the
# interpreter's static data (the collector's counts, the free lists), so the recorder can put
# them back as they were before it loaded; then it compiles and installs the recorder, and lets
# the interpreter go on as if this file did not exist: the user's own sitecustomize (if any) is
# imported in its place, and otherwise the import fails as it does without refscope.


def _refscope_snapshot(os):
    """The writable memory of the interpreter's image (where `None` lives), as
    `[(start, bytes), ...]`, or None where there is no /proc."""
    try:
        fd = os.open("/proc/self/maps", os.O_RDONLY)
    except OSError:
        return None
    text = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        text += chunk
    os.close(fd)
    # nothing kept per line: the number of mappings varies from run to run, and what this
    # allocates must not
    here = id(None)
    image = None
    for line in text.split(b"\n"):
        parts = line.split()
        if len(parts) > 5:
            lo, hi = parts[0].split(b"-")
            if int(lo, 16) <= here < int(hi, 16):
                image = parts[5]
    if not image:
        return None
    ranges = []
    end = 0
    for line in text.split(b"\n"):
        parts = line.split()
        if len(parts) < 5:
            continue
        lo, hi = parts[0].split(b"-")
        lo = int(lo, 16)
        hi = int(hi, 16)
        if len(parts) > 5 and parts[5] == image:
            end = hi
            if b"w" in parts[1]:
                ranges.append((lo, hi))
        elif len(parts) == 5 and lo == end and end:
            ranges.append((lo, hi))  # the image's .bss
            end = 0
        else:
            end = 0
    mem = os.open("/proc/self/mem", os.O_RDONLY)
    out = []
    for lo, hi in ranges:
        try:
            out.append((lo, os.pread(mem, hi - lo, lo)))
        except OSError:
            pass
    os.close(mem)
    return out


def _refscope():
    import sys
    import os

    if "REFSCOPE_RECORDER" not in os.environ:
        sys.modules.pop("sitecustomize", None)
        try:
            import sitecustomize  # noqa: F401
        except ImportError as e:
            if e.name != "sitecustomize":
                raise
            raise ImportError("No module named 'sitecustomize'", name="sitecustomize") from None
        return

    before = set(sys.modules)
    import gc

    enabled = gc.isenabled()
    gc.disable()
    # without /proc (pyodide) the memory cannot be read before ctypes is imported, which
    # allocates: the collector's counts at least are taken now
    raw = _refscope_snapshot(os) or gc.get_count()
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "refscope_recorder.py")
    ns = {"__name__": "refscope_recorder", "__file__": path, "__builtins__": __builtins__}
    with open(path, "rb") as f:
        exec(compile(f.read(), path, "exec"), ns)
    rec = ns["install"](enabled, before, here, raw)
    del raw, before, ns, f
    if rec is not None:
        rec.start()
    del rec
    if __name__ != "sitecustomize":
        return  # loaded by a runner (pyodide's), not by site.py
    sys.modules.pop("sitecustomize", None)
    try:
        import sitecustomize  # noqa: F401  (the user's own, now that ours is off the path)
    except ImportError as e:
        if e.name != "sitecustomize":
            raise
        raise ImportError("No module named 'sitecustomize'", name="sitecustomize") from None


_refscope()
