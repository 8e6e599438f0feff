"""refscope's recorder: runs a snippet on this CPython and reports its heap at every line event.

refscope writes this file as `sitecustomize.py` into a private temporary directory, puts that
directory first on PYTHONPATH and runs `PYTHON FILE`, so the snippet runs exactly as `python3
FILE` runs it (script mode: the parser arena keeps the module's constants referenced while it
runs) with the recorder installed from start-up. For cell files and notebooks refscope runs
`PYTHON DRIVER FILE` instead, where the driver (the `cells` function at the end) runs the cells
through IPython's InteractiveShell when IPython is importable, as one script otherwise.

At every `'line'` event in a frame running the snippet's own code, the recorder walks what the
snippet can reach (module globals, every snippet frame's fast locals, value stacks, running
functions and code objects) and writes one JSON line to refscope: the position, the frames, the
names, what the snippet printed since the last step, and every object whose state changed since
the last step (type, short repr, refcount, size, collector state, references).

It must not change what it measures. How it keeps out of the way (the numbers are checked by
refscope's tests and measured in its README):

- Locals are read from the frame's `localsplus` array in memory (the layout found by a probe at
  start-up), never through `frame.f_locals`, which would copy every local into a dict holding a
  reference (3.13 and later: PEP 667's proxy adds none, so it is used there).
- Reference counts are `sys.getrefcount` less the recorder's own references at that moment,
  which are exactly known: the object list's slot, the loop variable and the argument.
- The recorder holds no reference to a snippet object between steps: only ids. A snippet object
  is never kept alive by the recorder.
- Collector counts: the recorder's own allocations are undone by writing generation 0's count
  back (found in memory by its thresholds); the collector is disabled while the recorder runs so
  no collection starts inside it. Tracing gives every traced frame a frame object (3.11: at the
  `'call'` event) that the untraced interpreter would not allocate; its allocation and its
  deallocation are compensated the same way, so `gc.get_count()` and the automatic collections
  run as they do untraced.
- Modules the recorder imports are removed from `sys.modules` again, so the snippet's own
  imports run as they would.
- While a callback runs, the thread's recursion budget is raised (the recorder's frames do not
  count against the snippet's limit; where too little is left to raise it, the recording
  stops) and the trashcan is set aside (the recorder's containers are freed, not put off,
  even 50 deallocations deep); both are written back as they were.
"""


# what `_Layout.read_frame` gives for a cell that is empty (a local bound to None is bound)
_UNBOUND = object()

# one bound method, made once: `int.from_bytes` looked up anew makes a bound method object, an
# allocation the collector counts, in the middle of reading its count
_from_bytes = int.from_bytes
_CodeType = type((lambda: None).__code__)


def install(enabled, before, here, raw):
    """Called by the loader (`sitecustomize.py`) with the collector's counts as it found them,
    whether the collector was enabled, the modules imported before it and its directory."""
    import sys
    import os

    if sys.version_info < (3, 11) or sys.implementation.name != "cpython":
        os.write(
            1,
            b'{"t":"error","text":"refscope records CPython 3.11 to 3.14; this is '
            + sys.version.split()[0].encode()
            + b" ("
            + sys.implementation.name.encode()
            + b')"}\n',
        )
        return None
    mem = _Memory(8 if sys.maxsize > 2**32 else 4)
    # the loader's counts (a tuple) where it could not read the memory: the free lists are
    # then taken as they are now, after the recorder loaded
    counts = None
    if isinstance(raw, tuple):
        counts = list(raw)
        raw = None
    if raw is None:
        raw = mem.snapshot()
    # the settings: REFSCOPE_FILE, REFSCOPE_MODE, REFSCOPE_STDOUT, REFSCOPE_LIMIT,
    # REFSCOPE_ADJUST, REFSCOPE_CALIBRATE; none is left for the snippet to see
    cfg = {}
    for k in list(os.environ):
        if k.startswith("REFSCOPE_"):
            cfg[k[len("REFSCOPE_") :].lower()] = os.environ.pop(k)
    # the user's own PYTHONPATH, as it was before refscope put the loader's directory first
    original = cfg.pop("pythonpath", None)
    if original is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = original
    while here in sys.path:
        sys.path.remove(here)
    sys.path_importer_cache.pop(here, None)
    rec = _Recorder(cfg, mem)
    rec.imported = [m for m in sys.modules if m not in before and m != "sitecustomize"]
    rec.install(raw, enabled, counts)
    return rec


def _text(s):
    """A new str equal to `s` (a name, a function's qualname) for the records: the record
    holds it while the step is measured (and `note_return` until the next step), and the
    snippet's own string would count those references (`'level2'` is a global's name, the
    function's `co_qualname` and, in the snippet, a value). One character or none: the
    interpreter's cached strings, start-up objects."""
    return (s + "|")[:-1]


def _temp_methods(stack):
    """CPython 3.11 only. Under any tracer (`cframe.use_tracing`), the CALL of a
    `method_descriptor` from bytecode (`data.sort(key=f)`, `list.count(xs, v)`, `gen.close()`:
    `LOAD_METHOD` leaves the descriptor and the receiver on the stack) goes through
    `trace_call_function` (Python/ceval.c), which binds it for the profiler first:
    `func = Py_TYPE(func)->tp_descr_get(func, self, Py_TYPE(self))`, a new
    `builtin_function_or_method` holding a reference to the receiver until the call returns
    (`do_call_core` does the same for `CALL_FUNCTION_EX`). Untraced, the receiver is only on
    the value stack. So while `sort` runs the key function, `data` has one reference more
    under the recorder than untraced; 3.12 makes the bound method only for a profiler.

    The bound method is what `C_TRACE` passes to a profile function as the `'c_call'` event's
    argument, and nothing but the C local holds it: its refcount seen here is 3 (that local,
    this function's `arg`, getrefcount's argument). A bound method the snippet holds (`f =
    data.sort; f(key=k)`) has more. This hook keeps `[id(method), id(receiver)]` pairs in
    `stack` while such calls run; the recorder takes one reference off each receiver. Left
    indistinguishable: a bound builtin method that only the caller's value stack holds
    (`getattr(data, 'sort')(key=k)`), whose reference to the receiver is the snippet's own.
    Receivers that are types (classmethods, `C.mro()`) are left out. The hook allocates
    nothing the collector counts (ints and one list's storage), so `gc.get_count()` stays
    the snippet's."""
    import sys

    getrefcount = sys.getrefcount
    bfm = type(len)
    push = stack.append
    pop = stack.pop
    _type = type
    _id = id
    meta = type

    def hook(frame, event, arg):
        if event == "c_call":
            if _type(arg) is bfm and getrefcount(arg) == 3 and arg.__module__ is None:
                s = arg.__self__
                if s is not None and not isinstance(s, meta):
                    push(_id(arg))
                    push(_id(s))
                s = None
        elif event == "c_return" or event == "c_exception":
            if stack and stack[-2] == _id(arg):
                pop()
                pop()

    return hook


class _Recorder:
    """One recording: the tracer, the walk and the writer."""

    def __init__(self, cfg, mem):
        import sys
        import os

        import gc

        self.sys = sys
        self.os = os
        self.gc = gc
        self.cfg = cfg
        self.limit = int(cfg.get("limit", "10000"))
        self.mode = cfg.get("mode", "script")
        self.file_as_given = cfg.get("file", "")
        self.file = os.path.abspath(self.file_as_given) if self.file_as_given else ""
        self.snippet_files = {}  # a code object's co_filename -> whether it is the snippet's
        self.steps = 0
        self.calibrate = cfg.get("calibrate") == "1"
        self.cell_starts = [int(x) for x in cfg.get("cellstarts", "").split(",") if x]
        self.cell_index = 0
        # the file line before each cell's first line (`# %%` files, whose lines are the
        # file's; a notebook's lines are the cell's own)
        self.cell_offsets = []
        self.in_count = None
        self.in_lists = None
        self.in_enabled = False
        self.P = 8 if sys.maxsize > 2**32 else 4
        self.version = sys.version_info[:2]
        # the record channel: refscope's pipe on our stdout; the snippet's stdout goes to a file
        self.out_fd = os.dup(1)
        out_path = cfg.get("stdout")
        if out_path:
            w = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(w, 1)
            os.close(w)
            self.stdout_fd = os.open(out_path, os.O_RDONLY)
        else:
            self.stdout_fd = None
        self.stdout_pos = 0
        self.orig_stdout = sys.stdout
        try:
            self.stdout_peek = _StdoutPeek(self, sys.stdout)
        except BaseException:
            self.stdout_peek = None
        self.mem = mem
        self._init_types()
        import opcode

        self.yield_ops = {opcode.opmap[n] for n in ("YIELD_VALUE",) if n in opcode.opmap}
        self.return_ops = {
            opcode.opmap[n] for n in ("RETURN_VALUE", "RETURN_CONST") if n in opcode.opmap
        }
        self.layout = _Layout(self)
        # what existed before the snippet (objects the walk lists but does not enter)
        self.startup_gc = {}
        self.startup_collections = None
        self.step_gens = None  # (generation 0's ids, generation 1's...) while a step is walked
        self.min_gen = (0, 1, 2)
        # the collector's generation of the marker (see `snapshot_tracked`) and the ids
        # before it in that generation, while a step is walked
        self.marker = None
        self.marker_at = (2, None)
        self.startup_leaf = {}
        # per-object state last sent: id -> tuple
        self.sent = {}
        self.atoms = {}  # id -> (type and hash, the JSON before the refcount, after it)
        self.prev_fp = {}  # id -> fingerprint at the last step (see `fingerprint`)
        self.refs_cache = {}  # id of a list or tuple -> (its items' ids, their JSON)
        self.sizeof_ok = {}  # id of a type -> whether sys.getsizeof runs none of the snippet's code
        self.reprs = {}  # id -> (what the repr depends on, the repr's JSON)
        self.module_dicts_for = -1
        self.module_dicts_cache = set()
        self.frames = []  # the snippet frames running, outermost first: [frame, info]
        self.last_frames = []  # the JSON of each frame as last sent
        self.virtual = {}  # id(frame object) -> True while the frame object exists only by tracing
        self.gen_frames = set()
        self.held_args = []  # 'exception' arguments kept until the next callback
        # the last return of a function frame since the last line event (ids, no
        # reference): [qualname, id(value), id(type(value)), hands back to a line, by the
        # frame of that line event]
        self.ret = None
        self.line_frame = 0  # id of the frame of the last line event
        # ids of the exception the outermost snippet frame last saw raised or passing
        # through (its 'exception' event) and of its traceback: what leaves the frame if it
        # unwinds
        self.outer_exc = None
        # the uncaught exception and its traceback, while the post-mortem is walked
        self.post_mortem = None
        # the frame of the event being recorded, and the references the callbacks' own
        # arguments hold to its frame object (on_event's, and step's)
        self.event_frame = (0, 0)
        self.main_globals = None
        self.preexisting = None
        self.arena = None
        # 3.11: the temporary bound methods the tracer makes for method descriptors called
        # from bytecode, while they run: [id(bound method), id(receiver), ...] (see
        # `_temp_methods`); the profile hook that keeps it, None elsewhere
        self.temp_calls = []
        self.profile = _temp_methods(self.temp_calls) if sys.version_info[:2] == (3, 11) else None
        self.cell_files = {}
        self.finished = False
        self.gen0_addr = self._find_gc_counts()
        # where memory is read through ctypes (no /proc: pyodide), generation 0's count is a
        # ctypes integer made once: `string_at` and `memmove` make argument objects the
        # collector counts, alive while they read or write the count and freed after, so
        # every step would move the count by them
        self.gen0_cell = self.mem.int32_at(self.gen0_addr) if self.gen0_addr is not None else None
        self.freelists = _FreeLists(self)
        self.hidden = _Hidden(self)
        # the thread's recursion budget (3.11 `tstate->recursion_remaining`, 3.12 on
        # `py_recursion_remaining`): raised while a callback runs (see `enter`)
        self.budget_addr = self._find_budget()
        self.budget_saved = None
        # the thread's trashcan (3.11: `tstate->trash_delete_nesting`, then
        # `trash_delete_later`): set aside while a callback runs (see `enter`)
        self.trash_addr = self._find_trash()
        self.trash_saved = None
        self.memfd = self.mem.fd
        self.settrace = sys.settrace
        self.setprofile = sys.setprofile
        # `os.pread`/`os.pwrite` bound to the memory's descriptor as method objects: a call
        # through one reaches the builtin by its generic vectorcall, which enters exactly one
        # recursion check however the call site is specialised (see `enter`)
        self.pread1 = self.pwrite1 = None
        if self.memfd is not None:
            method = type(self.enter)
            self.pread1 = method(os.pread, self.memfd)
            self.pwrite1 = method(os.pwrite, self.memfd)
        # why the recording stopped before the snippet did (a callback that could not run)
        self.lost = None
        self.ended = False
        self.in_tail = None
        self.imported = []
        # what the measuring loop adds to a refcount: the list slot, the loop variable and
        # getrefcount's argument (3.14 borrows the argument: one less)
        probe = object()
        objs = [probe]
        getrefcount = sys.getrefcount
        for o in objs:
            self.own_refs = getrefcount(o) - 1
        del o
        self.own_refs_map = list(map(getrefcount, objs))[0] - 1
        del objs, probe
        import itertools

        self.compress = itertools.compress
        self.kinds = _Kinds(self)

    # -- types and helpers -------------------------------------------------------------------

    def _init_types(self):
        import types

        self.FunctionType = types.FunctionType
        self.CodeType = types.CodeType
        self.ModuleType = types.ModuleType
        self.MethodType = types.MethodType
        self.CellType = types.CellType
        self.FrameType = types.FrameType
        self.TracebackType = types.TracebackType
        self.GeneratorType = types.GeneratorType
        self.BuiltinType = types.BuiltinFunctionType
        self.MethodDescriptorType = types.MethodDescriptorType
        self.qualname_of_type = type.__dict__["__qualname__"].__get__
        self.module_of_type = type.__dict__["__module__"].__get__
        self.flags_of_type = type.__dict__["__flags__"].__get__
        self.mro_of_type = type.__dict__["__mro__"].__get__
        self.dict_of_type = type.__dict__["__dict__"].__get__
        self.getrefcount = self.sys.getrefcount
        self.getsizeof = self.sys.getsizeof
        self.get_referents = self.gc.get_referents
        self.is_tracked = self.gc.is_tracked
        g = self.FunctionType.__dict__
        self.func_fields = [
            (name, g[name].__get__)
            for name in (
                "__code__",
                "__globals__",
                "__builtins__",
                "__module__",
                "__defaults__",
                "__kwdefaults__",
                "__doc__",
                "__name__",
                "__closure__",
                "__qualname__",
            )
            if name in g
        ]
        code = self.CodeType.__dict__
        self.code_get = {n: code[n].__get__ for n in code if n.startswith("co_")}
        self.MemberType = type(types.FunctionType.__dict__["__globals__"])
        self.member_name = self.MemberType.__dict__["__name__"].__get__
        self.member_get = self.MemberType.__get__
        # named references of builtin types, read with their own getters (C code: no snippet
        # code runs, nothing is made: never `f_locals`, `f_back`, `gi_frame`, `__dict__`)
        table = [
            (types.FrameType, ("f_code", "f_globals", "f_builtins", "f_trace")),
            (types.GeneratorType, ("gi_code", "gi_name", "gi_qualname")),
            (types.CoroutineType, ("cr_code", "__name__", "__qualname__")),
            (types.BuiltinFunctionType, ("__self__", "__module__")),
            (types.MethodType, ("__func__", "__self__")),
            (types.CellType, ("cell_contents",)),
            (staticmethod, ("__func__",)),
            (classmethod, ("__func__",)),
            (property, ("fget", "fset", "fdel", "__doc__")),
            (BaseException, ("args", "__traceback__", "__context__", "__cause__")),
            (slice, ("start", "stop", "step")),
            (types.TracebackType, ("tb_next", "tb_frame")),
        ]
        import weakref

        table.append((weakref.ref, ("__callback__",)))
        self.fields = {}
        for t, names in table:
            d = t.__dict__
            self.fields[t] = [(n, d[n].__get__) for n in names if n in d]

    def _find_gc_counts(self):
        """The address of generation 0's count: the collector's state is found in the
        interpreter's data by its thresholds, `{head, threshold, count}` per generation."""
        gc = self.gc
        th = gc.get_threshold()
        stride = 2 * self.P + 8
        pat = th[0].to_bytes(4, "little")
        for start, end in self.mem.data_segments():
            try:
                data = self.mem.read(start, end - start)
            except OSError:
                continue
            i = data.find(pat)
            while i >= 0:
                c = gc.get_count()
                ok = all(
                    data[i + k * stride : i + k * stride + 4] == th[k].to_bytes(4, "little")
                    for k in (1, 2)
                )
                if ok:
                    counts = [
                        _from_bytes(data[i + k * stride + 4 : i + k * stride + 8], "little")
                        for k in range(3)
                    ]
                    if counts[1:] == list(c[1:]) and abs(counts[0] - c[0]) < 64:
                        return start + i + 4
                i = data.find(pat, i + 1)
        return None

    BUDGET = 100000

    def _find_budget(self):
        """The address of the thread's recursion budget: the integer in the interpreter's
        data that is one less one Python frame deeper, and 100 more while
        `sys.setrecursionlimit` allows 100 more frames. None without /proc."""
        mem = self.mem
        if mem.fd is None:
            return None
        sys = self.sys
        segs = mem.data_segments()

        def snap(d):
            if d:
                return snap(d - 1)
            return [mem.read(a, b - a) for a, b in segs]

        try:
            s0 = snap(0)
            s1 = snap(1)
            limit = sys.getrecursionlimit()
            sys.setrecursionlimit(limit + 100)
            try:
                s2 = snap(0)
            finally:
                sys.setrecursionlimit(limit)
        except (OSError, RecursionError, ValueError):
            return None
        found = []
        for (a, b), x0, x1, x2 in zip(segs, s0, s1, s2):
            for off in range(0, min(len(x0), len(x1), len(x2)), 4096):
                c0 = x0[off : off + 4096]
                c1 = x1[off : off + 4096]
                if c0 == c1:
                    continue
                c2 = x2[off : off + 4096]
                for j in range(0, len(c0) - 3, 4):
                    v = _from_bytes(c0[j : j + 4], "little", signed=True)
                    if (
                        _from_bytes(c1[j : j + 4], "little", signed=True) == v - 1
                        and _from_bytes(c2[j : j + 4], "little", signed=True) == v + 100
                    ):
                        found.append(a + off + j)
        return found[0] if len(found) == 1 else None

    def _find_trash(self):
        """The address of the thread's trashcan nesting (3.11, 64-bit: `int
        trash_delete_nesting` then `PyObject *trash_delete_later`, 8 bytes on): the integer in
        the interpreter's data that is 0 here and, in a `__del__` run from k nested lists'
        deallocations, k + 2 (each list's and the instance's dealloc enter the trashcan).
        None elsewhere."""
        mem = self.mem
        if mem.fd is None or self.version[:2] != (3, 11) or self.P != 8:
            return None
        segs = mem.data_segments()
        shots = {}

        class Deep:
            def __init__(self, k):
                self.k = k

            def __del__(self):
                shots[self.k] = [mem.read(a, b - a) for a, b in segs]

        try:
            base = [mem.read(a, b - a) for a, b in segs]
            for k in (3, 7):
                x = [Deep(k)]
                for _ in range(k):
                    x = [x]
                del x
        except OSError:
            return None
        if len(shots) != 2:
            return None
        found = []
        for (a, b), x0, x3, x7 in zip(segs, base, shots[3], shots[7]):
            for off in range(0, min(len(x0), len(x3), len(x7)), 4096):
                c3 = x3[off : off + 4096]
                c7 = x7[off : off + 4096]
                if c3 == c7:
                    continue
                c0 = x0[off : off + 4096]
                for j in range(0, len(c0) - 3, 4):
                    if (
                        _from_bytes(c0[j : j + 4], "little", signed=True) == 0
                        and _from_bytes(c3[j : j + 4], "little", signed=True) == 5
                        and _from_bytes(c7[j : j + 4], "little", signed=True) == 9
                    ):
                        found.append(a + off + j)
        return found[0] if len(found) == 1 else None

    def count0(self):
        if self.gen0_addr is None:
            return None
        if self.gen0_cell is not None:
            return self.gen0_cell.value
        return _from_bytes(self.mem.read(self.gen0_addr, 4), "little", signed=True)

    def set_counts(self, counts):
        if self.gen0_addr is None or counts is None:
            return
        stride = 2 * self.P + 8
        for k in range(3):
            n = counts[k]
            self.mem.write(self.gen0_addr + k * stride, (n if n > 0 else 0).to_bytes(4, "little"))

    def set_count0(self, n):
        # no max(): in 3.11 it takes its arguments as a tuple, freed after the free lists
        # were put back
        if self.gen0_addr is not None and n is not None:
            if self.gen0_cell is not None:
                self.gen0_cell.value = n if n > 0 else 0
            else:
                self.mem.write(self.gen0_addr, (n if n > 0 else 0).to_bytes(4, "little"))

    # -- installation ------------------------------------------------------------------------

    def install(self, raw, enabled, loader_counts=None):
        """Start recording: the free lists and the collector's counts are put back as they were
        when the loader started (`raw`, the interpreter's memory then, or `loader_counts`
        where the loader could not read it), plus the calibration
        (`adjust`: what loading the recorder costs before that, measured by refscope against
        the same probe run untraced), and the tracer is set."""
        sys = self.sys
        self.snapshot_leaves()
        # a recording that loses its tracer says so at exit (`at_exit`); `atexit` is a
        # built-in module the interpreter imported at start-up
        import atexit

        atexit.register(self.at_exit)
        # the snippet's imports of what the recorder imported run as they would
        for name in self.imported:
            sys.modules.pop(name, None)
        adjust = {}
        for item in self.cfg.get("adjust", "").split("/"):
            if ":" in item:
                k, v = item.split(":", 1)
                adjust[k] = int(v)
        self.send(
            {
                "t": "hello",
                "version": "%d.%d.%d" % sys.version_info[:3],
                "implementation": sys.implementation.name,
                "platform": sys.platform,
                "bits": self.P * 8,
                "mode": self.mode,
                "layout": self.layout.ok,
                "calibration": self.freelists.describe(self.gen0_addr),
            }
        )
        # one bound method each, so that setting f_trace frees nothing
        self.local_snippet = self.on_event
        self.local_other = self.on_other
        self.global_trace = self.on_call
        stride = 2 * self.P + 8
        if self.gen0_addr is not None:
            counts = loader_counts or [
                self.mem.from_snapshot(raw, self.gen0_addr + k * stride) for k in range(3)
            ]
            counts[0] += adjust.get("count", 0)
        else:
            counts = None
        self.start_counts = counts
        self.start_enabled = enabled
        saved = self.freelists.state_from(raw)
        if saved is not None:
            self.freelists.set_targets(saved, adjust)

    def start(self):
        """The last thing before the interpreter goes on to the snippet, called when nothing
        the loader or the recorder made is left to free: the free lists and counts as they were
        before the recorder loaded, the collector as it was, the tracer set."""
        t0 = self.hidden.loader_start(self.gc)
        if self.freelists.cells:
            self.freelists.apply()
        self.hidden.hide_since(t0)
        self.set_counts(self.start_counts)
        if self.start_enabled:
            self.gc.enable()
        if self.mode == "ipython":
            # the cells' driver takes the recorder from here, and sets the tracer itself once
            # IPython is loaded (tracing IPython's start-up would only cost time)
            self.sys.modules["_refscope_recorder"] = self
        else:
            self.sys.settrace(self.global_trace)
            if self.profile is not None:
                self.sys.setprofile(self.profile)

    def run_cells(self, path):
        """Run a cell file or a notebook as Jupyter does: every code cell through IPython's
        InteractiveShell (the model's notebook mode). Where IPython cannot be imported, run it
        as one script instead, in a fresh interpreter (`cells-script`)."""
        sys = self.sys
        try:
            from IPython.core.interactiveshell import InteractiveShell
        except ImportError:
            self.exec_as_script(path)
            return
        cells = _cells_of(path)
        if not path.endswith(".ipynb"):
            self.cell_offsets = _cell_offsets(path)
        shell = InteractiveShell.instance(colors="NoColor")
        shell.separate_out = ""
        compiler = shell.compile
        cache = compiler.cache
        rec = self

        def cache_cell(*args, **kwargs):
            name = cache(*args, **kwargs)
            rec.cell_files[name] = rec.cell_index
            return name

        compiler.cache = cache_cell
        self.main_globals = shell.user_ns
        self.preexisting = set(shell.user_ns)
        self.snapshot_tracked()
        self.cell_index = 0
        # this frame's object now: the profile hook's first event here (a C call between
        # cells) would make it in the middle of the recording
        here = sys._getframe()
        here = None
        sys.settrace(self.global_trace)
        if self.profile is not None:
            sys.setprofile(self.profile)
        for n, source in enumerate(cells):
            self.cell_index = n
            shell.run_cell(source, store_history=True)
            try:
                sys.stdout.flush()
            except BaseException:
                pass
        sys.settrace(None)
        sys.setprofile(None)
        self.end()

    def exec_as_script(self, path):
        """No IPython here: run the cells as one script, recorded, in a new interpreter (this
        one has the driver's frames). A `# %%` file is already that script; a notebook's code
        cells are joined into one, and lines are given back as cell and line."""
        os = self.os
        sys = self.sys
        env = dict(os.environ)
        for k, v in self.cfg.items():
            env["REFSCOPE_" + k.upper()] = v
        env["REFSCOPE_RECORDER"] = "1"
        env["REFSCOPE_MODE"] = "cells-script"
        loader_dir = os.path.dirname(os.path.abspath(__file__))
        env["PYTHONPATH"] = loader_dir + (
            os.pathsep + self.cfg["pythonpath"] if "pythonpath" in self.cfg else ""
        )
        if "pythonpath" in self.cfg:
            env["REFSCOPE_PYTHONPATH"] = self.cfg["pythonpath"]
        script = path
        starts = []
        if path.endswith(".ipynb"):
            cells = _cells_of(path)
            script = os.path.join(loader_dir, "notebook.py")
            line = 1
            with open(script, "w", encoding="utf-8") as f:
                for c in cells:
                    starts.append(line)
                    text = c if c.endswith("\n") else c + "\n"
                    f.write(text)
                    line += text.count("\n")
            env["REFSCOPE_CELLLINES"] = "cell"
        else:
            with open(path, encoding="utf-8") as f:
                for n, text in enumerate(f, 1):
                    if text.startswith("# %%"):
                        starts.append(n + 1)
            if not starts or starts[0] != 1:
                starts.insert(0, 1)
            env["REFSCOPE_CELLLINES"] = "file"
        env["REFSCOPE_CELLSTARTS"] = ",".join(str(s) for s in starts)
        env["REFSCOPE_FILE"] = script
        sys.stdout.flush()
        os.execve(sys.executable, [sys.executable, script], env)

    def snapshot_leaves(self):
        """The objects the collector does not track that exist now (strings, numbers, code):
        found from what tracked objects and code objects refer to. Kept as id -> type and hash,
        so an object that dies and whose memory a later one reuses is not mistaken for it."""
        gc = self.gc
        leaf = self.startup_leaf
        code_t = self.CodeType
        todo = []

        flags = self.flags_of_type
        boxes = []
        opened = set()

        def note(r):
            i = id(r)
            if i in leaf:
                return
            t = type(r)
            if flags(t) & (1 << 14):
                # a container the collector does not track now (a tuple of atoms, a dict of
                # strings such as `encodings.aliases.aliases`): its memory may be reused by
                # another of its type, and nothing tells them apart, so it is no start-up
                # object itself; what it holds is ('l1', interned as an alias key there)
                if i not in opened:
                    opened.add(i)
                    boxes.append(r)
                return
            leaf[i] = self.leaf_key(r, t)
            if t is code_t:
                todo.append(r)

        def contents(o):
            for r in self.get_referents(o):
                if not self.is_tracked(r):
                    note(r)
            if type(o) is dict and o is not leaf:
                # 3.11's `dict_traverse` visits only the values of a dict whose keys are all
                # strings (a string is in no cycle), so the names module and class dicts hold
                # (`itertools.cycle`'s 'cycle', interned at start-up) are found here
                for k in o:
                    if not self.is_tracked(k):
                        note(k)

        for o in gc.get_objects():
            contents(o)
        while todo or boxes:
            if boxes:
                contents(boxes.pop())
                continue
            c = todo.pop()
            for name in ("co_consts", "co_names", "co_varnames", "co_cellvars", "co_freevars"):
                for r in self.code_get[name](c):
                    note(r)
            for name in ("co_filename", "co_name", "co_qualname"):
                note(self.code_get[name](c))

    def snapshot_tracked(self, code=None):
        """The objects the collector tracks that exist now, but for what compiling the snippet
        made (the constants of `code`, recursively) and the recorder's own objects that may
        die later (its stash of free-list objects, its temporaries): a snippet object that
        reuses their memory is not a start-up object."""
        made = set()
        todo = [code] if code is not None else []
        while todo:
            c = todo.pop()
            made.add(id(c))
            if type(c) is self.CodeType:
                consts = self.code_get["co_consts"](c)
                made.add(id(consts))
                todo.extend(consts)
                consts = None
                made.add(id(self.code_get["co_names"](c)))
                lpn = self.layout.localsplusnames(c)
                if lpn is not None:
                    made.add(id(lpn))
            elif type(c) in (tuple, frozenset):
                todo.extend(c)
        made.add(id(todo))
        todo = None
        made.add(id(made))
        # the marker: a list made now and kept, tracked by the collector. Each generation's
        # list is in the order objects entered it, and a collection appends a whole younger
        # generation to the older one's end in order: whatever is after the marker in its
        # generation, or in a younger one, was made after the snapshot (see `is_startup`)
        self.marker = []
        self.hidden.marker = self.marker
        made.add(id(self.marker))
        fl = self.freelists
        made.add(id(fl.hold))
        for stash in fl.stash.values():
            for o in stash:
                made.add(id(o))
        seen = self.startup_gc
        gc = self.gc
        # each object's type and generation: a snippet object the collector tracks that
        # took the memory of a start-up one freed since is told apart by its generation
        # (see `is_startup`)
        young = (set(map(id, gc.get_objects(0))), set(map(id, gc.get_objects(1))))
        for o in gc.get_objects():
            i = id(o)
            if i not in made:
                seen[i] = (id(type(o)) << 2) | (0 if i in young[0] else 1 if i in young[1] else 2)
        young = None
        self.startup_collections = [s["collections"] for s in gc.get_stats()]

    def is_startup(self, o):
        i = id(o)
        if self.mem.is_static(i) or self.is_immortal(o):
            return True
        t = type(o)
        key = self.startup_gc.get(i)
        if key is not None and key >> 2 == id(t):
            # an object never gets younger: one in a younger generation than the start-up
            # object at its address could be in now is a new one (the young generations
            # empty into older ones at each collection since the snapshot)
            gens = self.step_gens
            if gens is None:
                return True
            now = 0 if i in gens[0] else 1 if i in gens[1] else 2
            mgen, before = self.marker_at
            if now > mgen or (now == mgen and (mgen == 2 or i in before)):
                if now >= self.min_gen[key & 3]:
                    return True
            # the start-up object is gone for good: its memory is this new object's, which
            # stays new when it grows older
            del self.startup_gc[i]
            return False
        return self.startup_leaf.get(i) == self.leaf_key(o, t)

    def note_generations(self):
        """At each step: which objects are young, and how old a start-up object is now at
        least (a collection of generation k or older since the snapshot moved everything
        younger than k + 1 on)."""
        self.step_gens = self.generations(None)
        self.marker_at = (2, None)
        m = id(self.marker) if self.marker is not None else None
        for g in (0, 1):
            if m is not None and m in self.step_gens[g]:
                ids = list(map(id, self.gc.get_objects(g)))
                self.marker_at = (g, set(ids[: ids.index(m)]))
                ids = None
                break
        base = self.startup_collections
        if base is None:
            self.min_gen = (0, 1, 2)
            return
        now = [s["collections"] for s in self.gc.get_stats()]
        m0 = 1 if now[0] > base[0] or now[1] > base[1] or now[2] > base[2] else 0
        m1 = 2 if now[1] > base[1] or now[2] > base[2] else 1
        self.min_gen = (m0, m1, 2)

    def is_immortal(self, o):
        """3.12 and later: immortal objects (static ones, interned strings, small ints) have a
        refcount no snippet reaches."""
        return self.version >= (3, 12) and self.getrefcount(o) >= (1 << 29)

    @staticmethod
    def leaf_key(o, t):
        """The type and, for values, the hash: one int (no tuple: there are tens of thousands,
        and each would sit in the collector's youngest generation)."""
        if t in (str, int, float, bytes, complex):
            h = hash(o)
        elif t is _CodeType:
            # a code object the snippet's compilation made where a start-up one was freed
            # is told apart by what it is (its names' hashes are cached: cheap)
            h = hash(o.co_qualname) ^ hash(o.co_filename) ^ (o.co_firstlineno << 24)
        else:
            h = 0
        return (id(t) << 64) ^ (h & 0xFFFFFFFFFFFFFFFF)

    # -- the tracer --------------------------------------------------------------------------

    def is_snippet_code(self, code):
        fn = code.co_filename
        if self.mode == "ipython":
            return fn in self.cell_files
        if fn == self.file or fn == self.file_as_given:
            return True
        # `python3 ../x.py`: 3.9+ makes the script's path absolute without normalising it
        # (`/cwd/../x.py`), which `abspath` does
        known = self.snippet_files.get(fn)
        if known is None:
            known = self.os.path.normpath(fn) == self.file
            # (a copy for the key: the snippet's own co_filename would count it)
            self.snippet_files[_text(fn)] = known
        return known

    def enter(self):
        """Entering a callback: the collector's state as the snippet left it. The collector is
        disabled while the recorder runs so no collection starts inside it. Kept in attributes:
        a tuple made here would be freed after `leave` put the free lists back.

        First the thread's recursion budget goes up by `BUDGET` frames (`leave` puts it back),
        so that the recorder's own calls never meet the snippet's recursion limit: the
        snippet's frames, checks and `RecursionError`s see the budget they would untraced. A
        callback that starts with too little budget left raises `RecursionError` here, before
        it changed anything (the callers stop recording then). The budget is read here and
        written back in `leave` at the same depth, each through one call that enters one
        recursion check (`pread1`, `pwrite1`), so what is written back is exact;
        nothing the collector counts is allocated before the counts are read."""
        a = self.budget_addr
        if a is not None:
            b = self.pread1(4, a)
            self.budget_saved = b
            v = _from_bytes(b, "little", signed=True) + self.BUDGET
            self.pwrite1(v.to_bytes(4, "little", signed=True), a)
        t = self.trash_addr
        if t is not None:
            # the trashcan as at the top level: the recorder's containers are freed when it
            # lets go of them, not put off (a callback run from a deallocation 50 deep,
            # `hostile_weakref_callback_chain`, put off every list that held a local, which
            # kept two references more on it per step), and the chain the snippet's
            # deallocations put off stays the snippet's, destroyed when they unwind
            self.trash_saved = self.pread1(16, t)
            self.pwrite1(bytes(16), t)
        gc = self.gc
        self.in_count = self.count0()
        self.in_lists = self.freelists.state()
        self.in_enabled = gc.isenabled()
        gc.disable()
        if self.held_args:
            self.release_args()
        self.in_tail = self.hidden.tail()

    def release_args(self):
        """Let go of the `'exception'` arguments kept by `exception_arg` (the tuple holds the
        exception, its type and traceback: kept, they would have one reference more than the
        untraced run gives them, and live longer). Freeing the tuple puts it on the free list;
        `leave` takes one off again, so the list stays as the snippet left it."""
        stash = self.freelists.stash["tuple3"]
        while self.held_args:
            t = self.held_args.pop()
            for i in range(len(stash) - 1, -1, -1):
                if stash[i] is t:
                    del stash[i]
                    break
            del t

    def leave(self, delta=0):
        """Leaving a callback: the free lists and generation 0's count as the snippet left
        them (plus `delta`, the frame-object compensation), the collector enabled again."""
        self.freelists.restore(self.in_lists)
        self.hidden.hide_since(self.in_tail)
        if self.in_count is not None:
            self.set_count0(self.in_count + delta)
        if self.in_enabled:
            self.gc.enable()
        t = self.trash_addr
        if t is not None:
            self.pwrite1(self.trash_saved, t)
        a = self.budget_addr
        if a is not None:
            self.pwrite1(self.budget_saved, a)

    def exception_arg(self, arg):
        """An `'exception'` event's argument is a 3-tuple the trampoline made for the call and
        frees after it: one the untraced interpreter never makes. If it was a new one (the
        free list was empty), keep it, so that neither the count nor the free list moves."""
        fl = self.freelists
        for k, (kind, a) in enumerate(fl.cells):
            if kind == "tuple3":
                if fl.value(_from_bytes(self.in_lists, "little"), k, a) == 0:
                    fl.stash["tuple3"].append(arg)
                    self.held_args.append(arg)
                    return -1
        return 0

    def on_call(self, frame, event, arg):
        """The global trace function: called with `'call'` for every new frame."""
        try:
            self.enter()
        except RecursionError:
            # too little recursion budget to raise it: the recording ends (see `LOST`)
            self.lost = "recursion"
            try:
                self.settrace(None)
                self.setprofile(None)
            except RecursionError:
                pass
            return None
        delta = 0
        try:
            code = frame.f_code
            fresh = True
            if code.co_flags & 0x2A0:  # generator, coroutine, async generator
                fid = id(frame)
                if fid in self.gen_frames:
                    fresh = False
                self.gen_frames.add(fid)
            if fresh:
                # this frame object was made by tracing: the untraced interpreter has none
                self.virtual[id(frame)] = True
                delta = -1
            if not self.finished and self.is_snippet_code(code):
                self.push_frame(frame)
                return self.local_snippet
            frame.f_trace_lines = False
            return self.local_other
        except BaseException as e:  # never let the snippet see the recorder fail
            self.fail(e)
            return None
        finally:
            self.leave(delta)

    def frame_ends(self, frame):
        """A `'return'` event: is the frame finishing (not a yield)? If its frame object exists
        only by tracing and nothing else holds it, it is freed right after this event: count
        it back so that the free lands where the untraced count is."""
        code = frame.f_code
        ending = True
        if code.co_flags & 0x2A0:
            ending = not self.layout.at_yield(frame)
            if ending:
                self.gen_frames.discard(id(frame))
        if ending and self.virtual.pop(id(frame), False):
            # the frame's own reference, the two callers' arguments and getrefcount's
            if self.getrefcount(frame) <= 4:
                return 1
        return 0

    def exception_seen(self, frame):
        """PyTraceBack_Here made the frame object the untraced interpreter makes too: from now
        on it is a real one."""
        if self.virtual.pop(id(frame), False):
            return 1
        return 0

    def returns_value(self, frame):
        """A `'return'` event of a frame that returns a value (`RETURN_VALUE`): not a yield,
        not the frame unwinding an exception (whose event comes with None)."""
        co = self.code_get["co_code"](frame.f_code)
        i = frame.f_lasti
        return 0 <= i < len(co) and co[i] in self.return_ops

    def note_return(self, frame, value):
        """A function frame of the snippet's returned `value` (CPython's `RETURN_VALUE`): which
        return the next line's record names ("f returned"), judged as the model's views judge
        it (`src/analysis/returns.rs`): by the frame of the last line event, to code that
        called it from Python (not an entry frame, run from native code: `__init__` from
        `type_call`, a `key=` from `sorted`). Module and class bodies return no value."""
        code = frame.f_code
        if not (code.co_flags & 0x02) or code.co_flags & 0x2A0:
            self.ret = None
            return
        entry = self.layout.is_entry(frame)
        if entry is None:
            # not known (3.12 on): a snippet frame under this one is taken as the caller
            # (`f_back` would make the caller a frame object)
            entry = len(self.frames) < 2
        self.ret = [
            _text(self.code_get["co_qualname"](code)),
            id(value),
            id(type(value)),
            not entry,
            id(frame) == self.line_frame,
        ]

    def return_record(self):
        """The return the line just executed got, for a record: `[function, id]` when the
        last return since the last line event is one the line got (see `note_return`) and
        its value was reached by the walk just made (alive, and the same object: its type
        is the one it returned with)."""
        r = self.ret
        if r is None or not r[3] or not r[4] or r[1] not in self.sent:
            return None
        o = self.mem.obj_at(r[1]) if self.mem.obj_at is not None else None
        same = o is not None and id(type(o)) == r[2]
        o = None
        return [r[0], r[1]] if same else None

    def uncaught(self):
        """The module frame unwinds: the exception it last saw leaves the snippet uncaught
        (it is alive: the interpreter holds it while it unwinds). One more record, as a step
        with no frames, the exception a root and its traceback walked (the frames it keeps,
        with their locals): the model's post-mortem stop."""
        if self.mem.obj_at is None:
            return
        exc = self.mem.obj_at(self.outer_exc[0])
        if BaseException not in self.mro_of_type(type(exc)):
            return
        # while it propagates, 3.11 keeps the traceback beside the exception (its
        # `__traceback__` is set when a handler or the printer takes it)
        tb = self.exc_traceback(exc)
        if tb is None:
            tb = self.mem.obj_at(self.outer_exc[1])
        if type(tb) is not self.TracebackType:
            return
        self.post_mortem = (exc, tb)
        # the innermost line of the snippet's code the traceback names
        line = None
        while tb is not None:
            if self.is_snippet_code(tb.tb_frame.f_code):
                line = tb.tb_lineno
            tb = tb.tb_next
        tb = None
        exc = None
        rec = {"t": "uncaught", "step": self.steps + 1}
        rec["line"] = line if line is not None else 0
        if self.cell_starts:
            n = 0
            for k, start in enumerate(self.cell_starts):
                if start <= rec["line"]:
                    n = k
            rec["cell"] = n
            if self.cfg.get("celllines") == "cell":
                rec["line"] = rec["line"] - self.cell_starts[n] + 1
        rec["stdout"] = self.read_stdout()
        try:
            upd = self.walk(rec)
            ret = self.return_record()
            if ret is not None:
                rec["ret"] = ret
            rec["exc"] = [id(self.post_mortem[0]), id(self.post_mortem[1])]
            self.send(rec, upd)
        finally:
            self.post_mortem = None

    def exc_traceback(self, exc):
        return BaseException.__dict__["__traceback__"].__get__(exc)

    def on_other(self, frame, event, arg):
        """The local trace function of frames that are not the snippet's (no line events)."""
        if event == "line":
            return self.local_other
        try:
            self.enter()
        except RecursionError:
            # too little recursion budget to raise it: the recording ends (see `LOST`)
            self.lost = "recursion"
            try:
                self.settrace(None)
                self.setprofile(None)
            except RecursionError:
                pass
            return None
        delta = 0
        try:
            if event == "return":
                if self.ret is not None and self.returns_value(frame):
                    # a later return than the snippet's: not the one its line got
                    self.ret = None
                delta = self.frame_ends(frame)
            elif event == "exception":
                delta = self.exception_seen(frame) + self.exception_arg(arg)
        except BaseException as e:
            self.fail(e)
        finally:
            self.leave(delta)
        return self.local_other

    def on_event(self, frame, event, arg):
        """The local trace function of the snippet's frames."""
        try:
            self.enter()
        except RecursionError:
            # too little recursion budget to raise it: the recording ends (see `LOST`)
            self.lost = "recursion"
            try:
                self.settrace(None)
                self.setprofile(None)
            except RecursionError:
                pass
            return None
        delta = 0
        try:
            if event == "line":
                if not self.finished:
                    self.step(frame)
            elif event == "return":
                normal = self.returns_value(frame)
                if normal:
                    self.note_return(frame, arg)
                outermost = len(self.frames) == 1 and self.frames[0][0] is frame
                self.pop_frame(frame)
                delta = self.frame_ends(frame)
                if not self.frames and self.mode != "ipython" and not self.finished:
                    if outermost and not normal and self.outer_exc:
                        # on_event's argument: a reference to the module's frame object,
                        # which the traceback keeps
                        self.event_frame = (id(frame), 1)
                        try:
                            self.uncaught()
                        finally:
                            self.event_frame = (0, 0)
                    self.end()
            elif event == "exception":
                if self.frames and self.frames[0][0] is frame:
                    self.outer_exc = (id(arg[1]), id(arg[2]))
                delta = self.exception_seen(frame) + self.exception_arg(arg)
        except BaseException as e:
            self.fail(e)
        finally:
            self.leave(delta)
        return self.local_snippet

    def push_frame(self, frame):
        if self.main_globals is None:
            self.begin(frame)
        self.frames.append([frame, None])

    def pop_frame(self, frame):
        for i in range(len(self.frames) - 1, -1, -1):
            if self.frames[i][0] is frame:
                del self.frames[i]
                break

    def begin(self, frame):
        """The first snippet frame: its globals are the snippet's namespace; the keys there now
        are not the snippet's names."""
        self.main_globals = frame.f_globals
        self.preexisting = set(self.main_globals)
        if self.mode != "ipython":
            self.snapshot_tracked(frame.f_code)
            self.arena = self.find_arena(frame.f_code)
            if self.arena is not None:
                self.startup_gc.pop(id(self.arena), None)

    def find_arena(self, code):
        """The parser arena's list of objects (`PyArena.a_objects`): a list the collector
        tracks that holds the module's constants and names and that nothing else refers to."""
        gc = self.gc
        wanted = set()
        for c in self.code_get["co_consts"](code):
            if type(c) in (int, float, complex, str, bytes) and not self.is_startup(c):
                wanted.add(id(c))
        for n in self.code_get["co_names"](code):
            wanted.add(id(n))
        if not wanted:
            return None
        best = None
        # (the arena was made by parsing, before `snapshot_tracked` ran at the module's first
        # event: it is among the objects that existed then, and is no start-up object)
        for r in gc.get_referrers(*[o for o in self.code_get["co_names"](code)]):
            if type(r) is list:
                ids = {id(x) for x in r}
                if len(ids & wanted) * 2 >= len(wanted):
                    best = r
        return best

    def fail(self, e):
        try:
            import traceback

            text = "".join(traceback.format_exception(type(e), e, e.__traceback__))
        except BaseException:
            text = repr(e)
        self.send({"t": "error", "text": text})
        self.finished = True
        hidden = getattr(self, "hidden", None)
        if hidden is not None:
            hidden.restore()

    # -- one step ----------------------------------------------------------------------------

    def line_offset(self, code):
        """What to add to a line of `code` to make it the file's line (cells of `# %%` files
        run through IPython count their lines from 1)."""
        if not self.cell_offsets:
            return 0
        n = self.cell_files.get(code.co_filename)
        if n is None or n >= len(self.cell_offsets):
            return 0
        return self.cell_offsets[n]

    # Why a recording stops before the snippet does. "recursion": a callback found too little
    # recursion budget to raise it (`enter`; a frame two short of the snippet's limit): that
    # event goes unrecorded, and the tracer and the profile hook are taken off there, in the
    # callback's `except` (no frame of its own would fit), while there is budget for the two
    # calls: a trace function that cannot even start, in a frame at the limit, would raise
    # `RecursionError` into the snippet where the untraced run raises none. The rest runs
    # untraced. "off": the tracer went without the recorder (`sys.settrace(None)`).
    LOST = {
        "recursion": "a trace function cannot run in a frame at the recursion limit, so the "
        "recorder stops two frames short of it; the rest ran untraced",
        "off": "the tracer was switched off before the snippet ended (sys.settrace(None)); the "
        "rest ran unrecorded",
    }

    def note_lost(self):
        """The recording stops before the snippet does: say so, once, with the reason."""
        if self.finished:
            return
        self.send({"t": "lost", "steps": self.steps, "why": self.LOST.get(self.lost, "")})
        self.finished = True

    def at_exit(self):
        """At interpreter exit (`atexit`): a recording that did not end lost its tracer."""
        if self.ended:
            return
        if not self.finished and self.lost is None:
            self.lost = "off"
        self.note_lost()
        self.end()

    def step(self, frame):
        if self.lost is not None:
            self.note_lost()
            return
        self.steps += 1
        if self.steps > self.limit:
            self.send({"t": "limit", "limit": self.limit})
            self.finished = True
            self.os._exit(0)
        rec = {"t": "step", "step": self.steps}
        rec["line"] = frame.f_lineno
        if self.mode == "ipython":
            rec["cell"] = self.cell_files.get(frame.f_code.co_filename)
            rec["line"] += self.line_offset(frame.f_code)
        elif self.cell_starts:
            # cells run as one script: the cell a line is in
            line = rec["line"]
            n = 0
            for k, start in enumerate(self.cell_starts):
                if start <= line:
                    n = k
            rec["cell"] = n
            if self.cfg.get("celllines") == "cell":
                rec["line"] = line - self.cell_starts[n] + 1
        rec["stdout"] = self.read_stdout()
        if self.calibrate:
            fl = self.in_lists
            rec["raw"] = [self.in_count, fl.hex() if fl is not None else None]
        # the frame object, when the walk meets it (`sys._getframe()` bound to a name): the
        # `frame` arguments of on_event and of this method are the recorder's references
        self.event_frame = (id(frame), 2)
        try:
            upd = self.walk(rec)
        finally:
            self.event_frame = (0, 0)
        ret = self.return_record()
        if ret is not None:
            rec["ret"] = ret
        self.ret = None
        self.line_frame = id(frame)
        self.send(rec, upd)

    def read_stdout(self):
        """What the snippet printed since the last step, read without flushing anything:
        flushing would change what the snippet's own allocations are (TextIOWrapper makes a
        list of pending writes at the second write between flushes), so the text still in
        sys.stdout's buffers is read where it waits."""
        if self.stdout_fd is None:
            return ""
        data = self.stdout_peek.pending_bytes(self.stdout_pos) if self.stdout_peek else b""
        # the flushed part comes first, from the file
        size = self.os.fstat(self.stdout_fd).st_size
        chunks = []
        pos = self.stdout_pos
        while pos < size:
            b = self.os.pread(self.stdout_fd, min(65536, size - pos), pos)
            if not b:
                break
            pos += len(b)
            chunks.append(b)
        flushed = b"".join(chunks)
        # what waits in the buffers continues what reached the file
        new = flushed + (data[max(0, self.stdout_pos - size) :] if data else b"")
        # keep an incomplete UTF-8 sequence for the next step
        cut = len(new)
        for back in (1, 2, 3):
            if back > len(new):
                break
            c = new[len(new) - back]
            if c & 0xC0 == 0x80:
                continue
            if c >= 0xC0 and (c >= 0xF0 and back < 4 or c >= 0xE0 and back < 3 or back < 2):
                cut = len(new) - back
            break
        new = new[:cut]
        self.stdout_pos += len(new)
        return new.decode("utf-8", "replace")

    def walk(self, rec):
        """Everything the snippet reaches, each object once; what changed is sent."""
        self.note_generations()
        try:
            objs, entered, ref_ids = self.collect(rec)
            upd, rec["gone"] = self.measure(objs, entered, ref_ids)
        finally:
            self.step_gens = None
        rec["gc"] = list(self.gc.get_count())
        return upd

    def collect(self, rec):
        """The walk: from the roots (the namespace, every snippet frame's locals, stack,
        function, code and class namespace, the parser arena), through every object's
        references, entering neither modules nor their dicts nor what existed before the
        snippet. Returns the objects (the recorder's one reference to each), the ids of those
        entered, and each entered object's references as JSON. Every other reference this
        function takes dies when it returns.

        A list or tuple's items are taken in bulk, at C speed (a list of 10^5 numbers is one
        call per step, not 10^5): only containers (and code objects) are queued to be
        entered."""
        g = self.main_globals
        layout = self.layout
        objs = []
        seen = set()
        queue = []
        kinds = self.kinds
        # containers listed but not (yet) entered: reached first where they are only listed
        # (a frame's value stack), they are entered when a reference that enters reaches
        # them later (a name, an item): what they hold depends on no order of the walk
        shallow = set()

        def add(o, enter=True, later=True):
            i = id(o)
            if i in seen:
                if enter and i in shallow:
                    shallow.discard(i)
                    queue.append(o)
                return i
            seen.add(i)
            objs.append(o)
            if kinds[type(o)] == 2:
                if enter:
                    queue.append(o)
                elif later:
                    shallow.add(i)
            return i

        names = []
        # the namespace is never entered (its entries are the names, below)
        add(g, enter=False, later=False)
        pre = self.preexisting
        for k, v in dict.items(g):
            if type(k) is str and k not in pre and not _ipython_name(k, self.mode):
                names.append([_text(k), id(v)])
        rec["names"] = names
        frames = []
        for entry in self.frames:
            f = entry[0]
            fi = layout.read_frame(f)
            line = f.f_lineno + self.line_offset(f.f_code)
            info = {"function": _text(self.code_get["co_qualname"](f.f_code)), "line": line}
            info["code"] = add(f.f_code)
            loc = []
            slots = []
            if fi is not None:
                for name, raw, o, param in fi["locals"]:
                    name = _text(name)
                    slots.append([name, add(raw), param])
                    if o is not _UNBOUND:
                        loc.append([name, add(o)])
                if fi.get("func") is not None:
                    info["func"] = add(fi["func"])
                if fi.get("ns") is not None:
                    info["ns"] = add(fi["ns"], enter=fi["ns"] is not g, later=False)
                if fi.get("stack") is not None:
                    # listed for who holds what, not walked: the records list what names
                    # reach, and a loop's iterator can reach the whole interpreter
                    info["stack"] = [add(o, enter=False) for o in fi["stack"]]
            info["locals"] = loc
            info["slots"] = slots
            frames.append(info)
        rec["frame"] = frames[-1]["function"] if frames else "<module>"
        # only the frames that changed since the last step: the outer frames of a deep
        # recursion are the same from one step to the next
        texts = [_json(f) for f in frames]
        last = self.last_frames
        k = 0
        while k < len(texts) and k < len(last) and texts[k] == last[k]:
            k += 1
        self.last_frames = texts
        rec["frames_from"] = k
        rec["frames"] = frames[k:]
        for k, v in dict.items(g):
            add(k, enter=False)
            # a module is listed, never entered
            add(v, enter=self.ModuleType not in self.mro_of_type(type(v)), later=False)
        if self.arena is not None:
            rec["arena"] = [add(o) for o in self.arena]
        if self.post_mortem is not None:
            for o in self.post_mortem:
                add(o)
        module_dicts = self.module_dicts()
        get_referents = self.get_referents
        cache = self.refs_cache
        compress = self.compress
        ref_ids = {}
        entered = set()
        pos = 0
        while pos < len(queue):
            o = queue[pos]
            pos += 1
            i = id(o)
            if self.is_startup(o) or i in module_dicts:
                continue
            entered.add(i)
            t = type(o)
            if t is list or t is tuple:
                # the fast path: tp_traverse visits the items last to first
                refs = get_referents(o)
                key = tuple(map(id, refs))
                byid = dict(zip(key, refs))
                if shallow:
                    late = byid.keys() & shallow
                    if late:
                        shallow.difference_update(late)
                        queue.extend(map(byid.__getitem__, late))
                    late = None
                new = byid.keys() - seen
                if new:
                    seen.update(new)
                    fresh = list(map(byid.__getitem__, new))
                    objs.extend(fresh)
                    queue.extend(compress(fresh, map((2).__eq__, map(kinds.__getitem__, map(type, fresh)))))
                    fresh = None
                byid = refs = None
                got = cache.get(i)
                if got is not None and got[0] == key:
                    ref_ids[i] = got[1]
                else:
                    n = len(key)
                    text = "[" + ",".join(
                        [f'["i",{n - 1 - k},{key[k]},1]' for k in range(n)]
                    ) + "]"
                    cache[i] = (key, text)
                    ref_ids[i] = text
                continue
            parts = []
            for (kind, arg), t, visible, enter in self.references(o, g):
                if kind == "a":
                    arg = add(arg, enter=False)
                elif kind == "f":
                    arg = _json_str(arg)
                elif arg is None:
                    arg = 0
                parts.append(f'["{kind}",{arg},{add(t, enter=enter)},{1 if visible else 0}]')
            ref_ids[i] = "[" + ",".join(parts) + "]"
        # the namespace's own references: its entries (values, then the str keys, which the
        # dict's tp_traverse does not visit)
        parts = []
        n = 0
        for k, v in dict.items(g):
            parts.append(f'["v",{n},{id(v)},1]')
            n += 1
        n = 0
        for k, v in dict.items(g):
            parts.append(f'["k",{n},{id(k)},{0 if type(k) is str else 1}]')
            n += 1
        ref_ids[id(g)] = "[" + ",".join(parts) + "]"
        return objs, entered, ref_ids

    def held(self):
        """The references the recorder keeps between steps, by object id."""
        out = {}
        keep = [id(self.main_globals), id(self.arena)] + [id(f[0]) for f in self.frames]
        if self.post_mortem is not None:
            keep.extend(map(id, self.post_mortem))
        for i in keep:
            out[i] = out.get(i, 0) + 1
        i, n = self.event_frame
        if n:
            out[i] = out.get(i, 0) + n
        for k in self.cell_files:
            out[id(k)] = out.get(id(k), 0) + 1
        if self.orig_stdout is not None:
            out[id(self.orig_stdout)] = out.get(id(self.orig_stdout), 0) + 1
        return out

    def measure(self, objs, entered, ref_ids):
        """Every object's state, its refcount less the recorder's references (the slot in
        `objs`, the ones `map` holds while it calls getrefcount, and what the recorder keeps).
        Each state is its JSON text (strings: no free lists, nothing the collector counts),
        sent when it differs from the last one sent. A value (number, str...) whose refcount,
        type and hash are those of the last step is the same: its text is kept without being
        written again."""
        gens = self.step_gens
        held = self.held()
        own = self.own_refs_map
        ids = list(map(id, objs))
        raw = list(map(self.getrefcount, objs))
        temp = self.temp_calls
        if temp:
            # a receiver of a method descriptor running now holds one reference more: the
            # tracer's temporary bound method (taken off the raw count, so that an unchanged
            # object stays unchanged when the call ends)
            selves = {}
            for k in range(1, len(temp), 2):
                selves[temp[k]] = selves.get(temp[k], 0) + 1
            for j in range(len(ids)):
                n = selves.get(ids[j])
                if n:
                    raw[j] -= n
            selves = None
        fps = list(map(self.fingerprint, objs, raw))
        prev = self.prev_fp
        prev_get = prev.get
        sent = self.sent
        describe = self.describe
        upd = []
        now = {}
        for j in range(len(ids)):
            i = ids[j]
            # only leaves: an object whose references were read this step (entered, or the
            # namespace, whose entries change under an unchanged refcount) is described anew
            if i not in ref_ids and prev_get(i) == fps[j]:
                text = sent.get(i)
                if text is not None:
                    now[i] = text
                    continue
            text = describe(objs[j], i, raw[j] - own - held.get(i, 0), gens, ref_ids.get(i, "[]"))
            now[i] = text
            if sent.get(i) != text:
                upd.append(text)
        gone = list(sent.keys() - now.keys())
        for i in gone:
            self.refs_cache.pop(i, None)
            self.reprs.pop(i, None)
            self.atoms.pop(i, None)
        self.sent = now
        self.prev_fp = dict(zip(ids, fps))
        return upd, gone

    VALUES = (int, str, float, bytes, complex)

    def fingerprint(self, o, r, _type=type, _hash=hash, _id=id):
        """What tells an unchanged value from another one at the same address: its raw
        refcount, its type and, for numbers and strings, its hash."""
        t = _type(o)
        if t in self.VALUES:
            return (r << 1) ^ (_hash(o) << 32) ^ (_id(t) << 8)
        if self.kinds[t] == 0 and t not in self.ATOMS:
            # a mutable object the walk does not enter (bytearray, array.array): it grows
            # in place under an unchanged refcount; its size tells
            size = self.sizeof(o)
            if size is not None:
                return (r << 1) ^ (_id(t) << 8) ^ (size << 72)
        return (r << 1) ^ (_id(t) << 8)

    def module_dicts(self):
        """The ids of every module's dict (recomputed when `sys.modules` changes size)."""
        mods = self.sys.modules
        if self.module_dicts_for == len(mods):
            return self.module_dicts_cache
        out = set()
        get = self.ModuleType.__dict__["__dict__"].__get__
        for m in list(mods.values()):
            try:
                out.add(id(get(m)))
            except BaseException:
                continue
        self.module_dicts_for = len(mods)
        self.module_dicts_cache = out
        return out

    def generations(self, index):
        """Which objects are in generation 0 and 1 (the rest of the tracked ones are in 2, or
        permanent after `gc.freeze()`): ids only, gathered at C speed."""
        gc = self.gc
        gens = (set(map(id, gc.get_objects(0))), set(map(id, gc.get_objects(1))))
        if gc.get_freeze_count():
            gens = gens + (set(map(id, gc.get_objects(2))),)
        return gens

    ATOMS = (int, str, float, bytes, complex, bool, type(None), range)

    def describe(self, o, i, rc, gens, refs):
        """One object's state as JSON: `[id, type, repr, refcount, size, gc, startup, refs]`.
        The unchanging part of a value (int, str...) is kept from one step to the next."""
        t = type(o)
        if t in self.ATOMS:
            key = self.leaf_key(o, t)
            got = self.atoms.get(i)
            if got is None or got[0] != key:
                size = self.sizeof(o)
                got = (
                    key,
                    "[%d,%s,%s," % (i, _json_str(self.qualname_of_type(t)), _json_str(_repr(self, o, 60))),
                    ',%s,"not-gc",%s,[]%s]'
                    % (
                        "null" if size is None else size,
                        "true" if self.is_startup(o) else "false",
                        # a str's text, for dict keys and attribute names, and whether it
                        # is interned (`state.interned`, after the hash: 0 no, 1 mortal, 2
                        # immortal)
                        ("," + (_json_str(o) if len(o) <= 200 else "null") + ",null,%d" % self.interned_state(o))
                        if t is str
                        else "",
                    ),
                )
                self.atoms[i] = got
            return f"{got[1]}{rc}{got[2]}"
        if self.flags_of_type(t) & (1 << 14):
            if not self.is_tracked(o):
                gcs = "untracked"
            elif i in gens[0]:
                gcs = "gen0"
            elif i in gens[1]:
                gcs = "gen1"
            elif len(gens) > 2 and i not in gens[2]:
                gcs = "permanent"
            else:
                gcs = "gen2"
        else:
            gcs = "not-gc"
        size = self.sizeof(o)
        name = self.name_of(o, t)
        # a code object's parameters: `[co_argcount, co_kwonlyargcount, co_flags]`
        code = ""
        if t is self.CodeType:
            get = self.code_get
            code = ",0,[%d,%d,%d]" % (
                get["co_argcount"](o),
                get["co_kwonlyargcount"](o),
                get["co_flags"](o),
            )
        return (
            f"[{i},{_json_str(self.qualname_of_type(t))},{self.repr_json(o, t, i)},{rc},"
            f'{"null" if size is None else size},"{gcs}",{"true" if self.is_startup(o) else "false"},{refs},'
            f'null,{"null" if name is None else _json_str(name)}{code}]'
        )

    def interned_state(self, o):
        """A str's `state.interned` bits: the first byte after `ob_refcnt`, `ob_type`,
        `length` and `hash` (PyASCIIObject, 3.11 to 3.14)."""
        try:
            return self.mem.read(id(o) + 4 * self.P, 1)[0] & 3
        except BaseException:
            return 0

    CONTAINERS = (list, tuple, dict, set, frozenset)

    def repr_json(self, o, t, i):
        """The short repr as JSON: `null` for the builtin containers (refscope writes theirs
        from their items, which it has), kept from step to step for the others (an instance's
        repr is its class and address; a function's, its name)."""
        if t in self.CONTAINERS:
            return "null"
        # a function's code; a mutable leaf's size (its repr follows its contents)
        if t is self.FunctionType:
            dep = (id(t), id(o.__code__))
        elif self.kinds[t] == 0:
            dep = (id(t), self.sizeof(o))
        else:
            dep = (id(t), 0)
        got = self.reprs.get(i)
        if got is not None and got[0] == dep:
            return got[1]
        text = _json_str(_repr(self, o, 60))
        self.reprs[i] = (dep, text)
        return text

    def name_of(self, o, t):
        """The name a function, class, module or code object goes by (for labels)."""
        try:
            if t is self.FunctionType:
                return self.FunctionType.__dict__["__qualname__"].__get__(o)
            if type in self.mro_of_type(t):
                return self.qualname_of_type(o)
            if t is self.ModuleType:
                return self.ModuleType.__dict__["__dict__"].__get__(o).get("__name__")
            if t is self.CodeType:
                return self.code_get["co_qualname"](o)
        except BaseException:
            pass
        return None

    def sizeof(self, o):
        """`sys.getsizeof`, without running a `__sizeof__` the snippet defined."""
        t = type(o)
        ok = self.sizeof_ok.get(id(t))
        if ok is None:
            ok = True
            for c in self.mro_of_type(t):
                d = self.dict_of_type(c)
                if "__sizeof__" in d:
                    # a heap type's: the snippet's own `__sizeof__` is not run; a C method
                    # (`array.array`'s: 3.11's C modules make heap types) runs no snippet code
                    ok = not (self.flags_of_type(c) & (1 << 9)) or type(
                        d["__sizeof__"]
                    ) is self.MethodDescriptorType
                    break
            self.sizeof_ok[id(t)] = ok
        if not ok:
            return None
        try:
            return self.getsizeof(o)
        except BaseException:
            return None

    # -- references ----------------------------------------------------------------------------

    def references(self, o, g):
        """The references `o` holds: `(slot, target, gc_visible, enter)` in tp_traverse order
        (what gc.get_referents returns), then those it holds without traversing them. A slot
        is `(kind, arg)`: `("i", index)` a list or tuple item, `("v", n)` / `("k", n)` the
        value / key of a dict's n-th entry, `("s", n)` a set member, `("a", name)` an
        attribute (the name's str object), `("t", None)` the class of an instance of a heap
        type, `("f", "name")` any other named field."""
        t = type(o)
        refs = self.get_referents(o)
        named = []  # (slot, target) pairs known by name, matched to refs by identity
        extra = []  # references tp_traverse does not visit
        mro = self.mro_of_type(t)
        if list in mro:
            n = list.__len__(o)
            named.extend((("i", k), list.__getitem__(o, k)) for k in range(n))
        elif tuple in mro:
            n = tuple.__len__(o)
            named.extend((("i", k), tuple.__getitem__(o, k)) for k in range(n))
        elif dict in mro:
            items = list(dict.items(o))
            general = len(refs) >= 2 * len(items) and len(items) > 0
            n = 0
            for k, v in items:
                named.append((("v", n), v))
                if general:
                    named.append((("k", n), k))
                else:
                    extra.append((("k", n), k))
                n += 1
        elif set in mro or frozenset in mro:
            n = 0
            for k in refs:
                named.append((("s", n), k))
                n += 1
        elif t is self.FunctionType:
            for name, get in self.func_fields:
                try:
                    v = get(o)
                except BaseException:
                    continue
                if v is not None or name not in ("__defaults__", "__kwdefaults__", "__closure__"):
                    named.append((("f", name), v))
        elif t is self.CodeType:
            for name in ("co_consts", "co_names"):
                extra.append((("f", name), self.code_get[name](o)))
            lpn = self.layout.localsplusnames(o)
            if lpn is not None:
                extra.append((("f", "co_localsplusnames"), lpn))
            for name in ("co_filename", "co_name", "co_qualname"):
                extra.append((("f", name), self.code_get[name](o)))
        elif t is self.FrameType:
            for name, get in self.fields[t]:
                try:
                    named.append((("f", name), get(o)))
                except BaseException:
                    continue
            # the fast locals, by slot (a frame a traceback keeps owns them, and its
            # tp_traverse visits them), and the interpreter frame's fields: read from its
            # memory, never through `f_locals` or `f_back` (which make frame objects)
            named.extend(self.layout.frame_fields(o))
            named.extend((("i", k), v) for k, v in self.layout.frame_slots(o))
            # the recorder's tracer, as f_trace: not the snippet's
            tracers = (id(self.local_snippet), id(self.local_other))
            refs = [r for r in refs if id(r) not in tracers]
        elif type in mro:
            for r in refs:
                if type(r) is dict:
                    named.append((("f", "__dict__"), r))
                    break
            named.append((("f", "__mro__"), self.mro_of_type(o)))
            named.append((("f", "__bases__"), type.__dict__["__bases__"].__get__(o)))
            named.append((("f", "__base__"), type.__dict__["__base__"].__get__(o)))
        else:
            for c in mro:
                fields = self.fields.get(c)
                if fields is None:
                    continue
                for name, get in fields:
                    try:
                        v = get(o)
                    except BaseException:
                        continue
                    named.append((("f", name), v))
                break
        if self.flags_of_type(t) & (1 << 9):  # instances of the snippet's classes
            named.extend(self.layout.instance_fields(o, refs))
            for c in mro:
                slots = self.dict_of_type(c).get("__slots__")
                if slots is None:
                    continue
                for name in (slots,) if type(slots) is str else slots:
                    d = self.dict_of_type(c).get(name)
                    if type(d) is self.MemberType:
                        try:
                            named.append((("a", self.member_name(d)), self.member_get(d, o)))
                        except AttributeError:
                            pass
            for r in refs:
                if type(r) is dict and dict not in mro:
                    named.append((("f", "__dict__"), r))
                    break
            named.append((("t", None), t))
        # match the named references to what tp_traverse visited, in its order
        by_id = {}
        for slot, v in named:
            by_id.setdefault(id(v), []).append(slot)
        out = []
        for r in refs:
            slots = by_id.get(id(r))
            slot = slots.pop(0) if slots else ("f", "?")
            out.append((slot, r, True, self.enter_ok(o, slot, r, g)))
        for slot, v in extra:
            if v is not None:
                out.append((slot, v, False, True))
        return out

    def enter_ok(self, holder, slot, target, g):
        if slot[0] == "f" and slot[1] in ("__globals__", "__builtins__", "f_globals", "f_builtins"):
            return False
        tt = type(target)
        if target is g or self.ModuleType in self.mro_of_type(tt):
            return False
        # the tracer itself, as a frame's f_trace
        if tt is self.MethodType and target.__self__ is self:
            return False
        return True

    # -- output --------------------------------------------------------------------------------

    def send(self, rec, objects=None):
        text = _json(rec)
        if objects is not None:
            text = text[:-1] + ',"objects":[' + ",".join(objects) + "]}"
        data = (text + "\n").encode("utf-8", "surrogatepass")
        os = self.os
        while data:
            n = os.write(self.out_fd, data)
            data = data[n:]

    def end(self):
        """After the snippet: what it printed after the last step. The tracer goes: what
        runs at interpreter exit (`__del__` of what the namespace held) runs untraced, as the
        recorder's own modules are being torn down."""
        if self.lost is not None:
            self.note_lost()
        self.ended = True
        rec = {"t": "end", "stdout": self.read_stdout(), "steps": self.steps}
        try:
            import resource

            # the interpreter's peak memory, recorder included (KiB on Linux)
            rec["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        except BaseException:
            pass
        self.send(rec)
        self.finished = True
        self.sys.settrace(None)
        self.sys.setprofile(None)
        self.hidden.restore()


class _Memory:
    """Reading and writing this process's memory: /proc/self/mem where there is one, ctypes
    elsewhere."""

    def __init__(self, P):
        import os

        self.P = P
        self.os = os
        self.fd = None
        self.ctypes = None
        self.obj_at = None
        try:
            self.fd = os.open("/proc/self/mem", os.O_RDWR)
        except OSError:
            import ctypes

            self.ctypes = ctypes
        self.static = self._static_range()
        if self.fd is not None:
            # the object at an address, without `_ctypes`: it is a single-phase extension
            # module, so importing it here would leave the snippet's own `import ctypes` a
            # copy of its module dict instead of a new module (its types, their dicts and
            # descriptors all made at start-up, none in the collector's youngest generation)
            self.slot = [None]
            self.slot_item = self.word(id(self.slot) + 3 * P)
            self.none_word = id(None).to_bytes(P, "little")
            self.obj_at = self._obj_at
        else:
            try:
                import _ctypes

                self.obj_at = _ctypes.PyObj_FromPtr
            except ImportError:
                pass

    def _obj_at(self, addr):
        """A new reference to the object at `addr` (`PyObj_FromPtr`): the one item of a list
        of the recorder's is pointed at it for the time of one subscript, which takes the
        reference, then at `None` again (whose reference the item kept all along)."""
        os = self.os
        os.pwrite(self.fd, addr.to_bytes(self.P, "little"), self.slot_item)
        try:
            return self.slot[0]
        finally:
            os.pwrite(self.fd, self.none_word, self.slot_item)

    def read(self, addr, n):
        if self.fd is not None:
            return self.os.pread(self.fd, n, addr)
        return self.ctypes.string_at(addr, n)

    def write(self, addr, data):
        if self.fd is not None:
            self.os.pwrite(self.fd, data, addr)
        else:
            self.ctypes.memmove(addr, data, len(data))

    def int32_at(self, addr):
        """A ctypes integer at `addr` (None with /proc/self/mem, whose reads and writes make
        no object the collector counts)."""
        if self.ctypes is None:
            return None
        return self.ctypes.c_int32.from_address(addr)

    def word(self, addr):
        return _from_bytes(self.read(addr, self.P), "little")

    def words(self, addr, n):
        b = self.read(addr, n * self.P)
        P = self.P
        return [_from_bytes(b[k : k + P], "little") for k in range(0, n * P, P)]

    def i32(self, addr):
        return _from_bytes(self.read(addr, 4), "little", signed=True)

    def _maps(self):
        out = []
        try:
            with open("/proc/self/maps") as f:
                for line in f:
                    parts = line.split()
                    a, b = (int(v, 16) for v in parts[0].split("-"))
                    out.append((a, b, parts[1], parts[5] if len(parts) > 5 else ""))
        except OSError:
            pass
        return out

    def _static_range(self):
        """The memory of the interpreter's own image (where `None`, the small ints, static
        types and strings live)."""
        n = id(None)
        maps = self._maps()
        self.has_maps = bool(maps)
        name = None
        for a, b, perms, path in maps:
            if a <= n < b:
                name = path
        if not name:
            return (max(n - (2 << 20), 4096), n + (2 << 20))
        lo = min(a for a, b, p, path in maps if path == name)
        hi = max(b for a, b, p, path in maps if path == name)
        # the image's .bss follows it unnamed
        for a, b, p, path in maps:
            if a == hi and not path:
                hi = b
        return (lo, hi)

    def is_static(self, addr):
        # without /proc the image's extent is unknown: immortality says what is static
        return self.has_maps and self.static[0] <= addr < self.static[1]

    def snapshot(self):
        """The interpreter's static data as it is now: `((start, bytes), ...)`."""
        out = []
        for a, b in self.data_segments():
            try:
                out.append((a, self.read(a, b - a)))
            except OSError:
                pass
        return out

    def from_snapshot(self, raw, addr, width=4):
        for a, data in raw:
            if a <= addr < a + len(data):
                k = addr - a
                return _from_bytes(data[k : k + width], "little", signed=True)
        return 0

    def data_segments(self):
        maps = self._maps()
        lo, hi = self.static
        if not maps:
            # no /proc (WebAssembly): the static data around None
            return [(lo, hi)]
        out = [(a, b) for a, b, p, path in maps if lo <= a < hi and "w" in p]
        return out


class _Kinds(dict):
    """type -> 2 when its objects are walked into (containers the collector tracks, code
    objects), 0 otherwise (numbers, strings...): filled as types are met. Only static types
    are kept (they live as long as the interpreter): a key is a reference, and a reference
    to one of the snippet's classes would be counted in its refcount."""

    def __init__(self, rec):
        super().__init__()
        self.rec = rec

    def __missing__(self, t):
        rec = self.rec
        flags = rec.flags_of_type(t)
        k = 2 if (flags & (1 << 14)) or t is rec.CodeType else 0
        if not flags & (1 << 9):  # not Py_TPFLAGS_HEAPTYPE
            self[t] = k
        return k


class _StdoutPeek:
    """The bytes sys.stdout holds that have not reached its file yet: the BufferedWriter's
    buffer (`buffer[write_pos:write_end]`) and the TextIOWrapper's pending writes. Where they
    are is found on a private TextIOWrapper over a private BufferedWriter, written with known
    text."""

    def __init__(self, rec, stream):
        import io

        self.rec = rec
        self.mem = rec.mem
        self.stream = stream
        self.text_off = None
        self.buf_off = None
        P = self.P = rec.P
        mem = self.mem
        r, w = rec.os.pipe()
        try:
            raw = io.FileIO(w, "wb", closefd=False)
            buf = io.BufferedWriter(raw, 8192)
            txt = io.TextIOWrapper(buf, encoding="utf-8", line_buffering=False)
            text = "refscope-probe-text"
            txt.write(text)
            words = mem.words(id(txt), type(txt).__basicsize__ // P)
            if id(text) in words:
                self.text_off = words.index(id(text)) * P
            mark = b"REFSCOPE-MARK-16"
            buf.write(mark)
            words = mem.words(id(buf), type(buf).__basicsize__ // P)
            for k, p in enumerate(words):
                if p > 65536 and k + 6 <= len(words):
                    try:
                        if mem.read(p, 16) != mark:
                            continue
                    except OSError:
                        continue
                    # then pos, raw_pos, read_end, write_pos, write_end (Py_off_t each)
                    if words[k + 1] == 16 and words[k + 4] == 0 and words[k + 5] == 16:
                        self.buf_off = k * P
                    break
            txt.detach()
            buf.detach()
        finally:
            rec.os.close(r)
            rec.os.close(w)
        self.encoding = getattr(stream, "encoding", "utf-8") or "utf-8"
        self.errors = getattr(stream, "errors", "strict") or "strict"
        self.buffer = getattr(stream, "buffer", None)
        if type(stream) is not io.TextIOWrapper:
            self.text_off = None
        if type(self.buffer) is not io.BufferedWriter:
            self.buf_off = None

    def pending_bytes(self, _reported):
        """The unflushed bytes, in the order they will reach the file."""
        mem = self.mem
        P = self.P
        out = b""
        if self.buf_off is not None:
            base = id(self.buffer) + self.buf_off
            ptr = mem.word(base)
            write_pos = mem.word(base + 4 * P)
            write_end = mem.word(base + 5 * P)
            if ptr and write_end < (1 << 31) and write_pos < write_end:
                out += mem.read(ptr + write_pos, write_end - write_pos)
        if self.text_off is not None:
            p = mem.word(id(self.stream) + self.text_off)
            if p:
                pending = mem.obj_at(p)
                items = pending if type(pending) is list else (pending,)
                for item in items:
                    if type(item) is bytes:
                        out += item
                    elif type(item) is str:
                        out += item.encode(self.encoding, self.errors)
                pending = items = item = None
        return out


class _FreeLists:
    """The type free lists that decide whether an allocation counts in the collector's
    generation 0: a tuple, list, dict or slice taken from its free list (or cache) is not
    counted, a new one is; one freed onto its free list is not uncounted. The recorder's own
    tuples, lists and dicts come and go through the same lists, so after each callback their
    lengths are put back as the snippet left them (taking objects off into a stash, or giving
    stashed ones back).

    Where each length (`numfree`) lives is found by watching memory: taking k objects of a kind
    off its list lowers exactly one integer of the interpreter's state by k. The slice cache is
    one pointer: empty or not."""

    KINDS = ["tuple%d" % n for n in range(1, 20)] + ["list", "dict", "slice"]

    def __init__(self, rec):
        self.rec = rec
        self.mem = rec.mem
        self.P = rec.P
        self.makers = {}
        for n in range(1, 20):
            self.makers["tuple%d" % n] = eval("lambda x: (" + "x, " * n + ")")
        self.makers["list"] = lambda x: []
        self.makers["dict"] = lambda x: {}
        self.makers["slice"] = lambda x: slice(x, x, x)
        self.cells = []  # (kind, address)
        self.stash = {k: [] for k in self.KINDS}
        self.hold = []
        self.lo = self.hi = 0
        try:
            self._discover()
        except BaseException:
            self.cells = []
        if self.cells:
            self.lo = min(a for k, a in self.cells)
            self.hi = max(a for k, a in self.cells) + self.P
        self.targets = [0] * len(self.cells)

    def _diff(self, before, after, k, out):
        for (a, x), (b, y) in zip(before, after):
            if x == y:
                continue
            for off in range(0, len(x), 4096):
                cx = x[off : off + 4096]
                cy = y[off : off + 4096]
                if cx == cy:
                    continue
                for j in range(0, len(cx), 4):
                    vx = _from_bytes(cx[j : j + 4], "little", signed=True)
                    vy = _from_bytes(cy[j : j + 4], "little", signed=True)
                    if vx - vy == k:
                        out.add(a + off + j)

    def _find(self, kind, window=None):
        mem = self.mem
        mk = self.makers[kind]
        hold = self.hold
        for _ in range(40):
            hold.append(mk(None))
        hold.clear()
        found = None
        for k in (3, 5):
            hold.clear()
            # only bytes objects between the two reads: they have no free list
            if window is None:
                before = mem.snapshot()
            else:
                b = mem.read(window[0], window[1])
            for _ in range(k):
                hold.append(mk(None))
            if window is None:
                after = mem.snapshot()
            else:
                a = mem.read(window[0], window[1])
                before = ((window[0], b),)
                after = ((window[0], a),)
            hold.clear()
            got = set()
            self._diff(before, after, k, got)
            found = got if found is None else found & got
        return found

    def _find_slice_cache(self, window):
        mem = self.mem
        P = self.P
        s = slice(None, None, 1)
        a = id(s)
        del s  # into the cache
        data = mem.read(window[0], window[1])
        want = a.to_bytes(P, "little")
        out = []
        k = data.find(want)
        while k >= 0:
            if k % P == 0:
                out.append(window[0] + k)
            k = data.find(want, k + 1)
        s = slice(None, None, 2)  # out of the cache again
        got = [c for c in out if mem.word(c) == 0]
        del s
        return got

    def _discover(self):
        t1 = self._find("tuple1")
        if len(t1) != 1:
            return
        base = t1.pop()
        window = (base - 16384, 32768)
        t2 = self._find("tuple2", window)
        if t2 != {base + 4}:
            return
        cells = [("tuple%d" % n, base + 4 * (n - 1)) for n in range(1, 20)]
        for kind in ("list", "dict"):
            got = self._find(kind, window)
            if len(got) != 1:
                return
            cells.append((kind, got.pop()))
        sc = self._find_slice_cache(window)
        if len(sc) == 1:
            cells.append(("slice", sc[0]))
        self.cells = cells

    def state(self):
        """The lengths as they are now (one read of the memory that holds them)."""
        if not self.cells:
            return None
        return self.mem.read(self.lo, self.hi - self.lo)

    def state_from(self, raw):
        if not self.cells:
            return None
        out = b""
        for a in range(self.lo, self.hi, 4):
            out += self.mem.from_snapshot(raw, a).to_bytes(4, "little", signed=True)
        return out

    def value(self, big, k, a):
        """Cell `k` (at address `a`) of a state read as one integer: no slices, no tuples."""
        if self.cells[k][0] == "slice":
            return 1 if (big >> (8 * (a - self.lo))) & ((1 << (8 * self.P)) - 1) else 0
        v = (big >> (8 * (a - self.lo))) & 0xFFFFFFFF
        return v - (1 << 32) if v >= 1 << 31 else v

    def set_targets(self, saved, adjust=None):
        big = _from_bytes(saved, "little")
        targets = self.targets
        k = 0
        for kind, a in self.cells:
            want = self.value(big, k, a)
            if adjust:
                want += adjust.get(kind, 0)
            targets[k] = want
            k += 1

    def restore(self, saved):
        """Put every length back to its value in `saved`. Allocates only the objects it puts
        on or takes off the lists: call it when nothing else the recorder made is left to
        free."""
        if saved is None:
            return
        now = self.state()
        if now == saved:
            return
        self.set_targets(saved)
        self.apply()
        self.trim()

    def apply(self):
        targets = self.targets
        k = 0
        for kind, a in self.cells:
            want = targets[k]
            k += 1
            cur = self.current(kind, a)
            if cur == want:
                continue
            mk = self.makers[kind]
            stash = self.stash[kind]
            if cur > want:
                for _ in range(cur - want):
                    stash.append(mk(None))
            else:
                need = want - cur
                while need and stash:
                    stash.pop()
                    need -= 1
                if need:
                    # no stashed objects: empty the list into new ones, then free them all
                    hold = self.hold
                    for _ in range(self.current(kind, a) + need):
                        hold.append(mk(None))
                    hold.clear()

    # how many objects each list keeps at most (PyTuple_MAXFREELIST, PyList_MAXFREELIST,
    # PyDict_MAXFREELIST, the one-slice cache): the same from 3.11 to 3.14
    MAX = dict([("tuple%d" % n, 2000) for n in range(1, 20)] + [("list", 80), ("dict", 80), ("slice", 1)])

    STASH_LIMIT = 256

    def trim(self):
        """Let go of stashed objects beyond a few hundred of a kind, for real: with the list's
        length written as full for the moment, a freed object goes back to the allocator, not
        onto the list (the length is then written back as it was)."""
        mem = self.mem
        for kind, a in self.cells:
            stash = self.stash[kind]
            if len(stash) <= self.STASH_LIMIT or kind == "slice":
                continue
            saved = mem.read(a, 4)
            mem.write(a, self.MAX[kind].to_bytes(4, "little"))
            while len(stash) > self.STASH_LIMIT // 2:
                stash.pop()
            mem.write(a, saved)

    def current(self, kind, a):
        if kind == "slice":
            return 1 if self.mem.word(a) else 0
        return self.mem.i32(a)

    def describe(self, gen0_addr):
        """Where the counts and lengths are, from `None` (for refscope's calibration probe)."""
        base = id(None)
        out = {"count": (gen0_addr - base) if gen0_addr else None}
        for kind, a in self.cells:
            out[kind] = a - base
        return out


class _Hidden:
    """The recorder's own objects, kept out of the collector's generations.

    Every tuple, list or dict the recorder keeps from one callback to the next (its caches, the
    objects it holds to keep the free lists as the snippet left them) would sit in generation
    0's list, where the untraced interpreter has none: `gc.get_objects()` would list them among
    the snippet's, and a loop over it (`for obj in gc.get_objects()`) would meet them. So at
    the end of each callback, what the recorder added at the end of generation 0's list since
    the callback began (the collector is disabled in it: nothing else moved) is moved onto a
    list of the recorder's own, a `PyGC_Head` in a bytearray: the objects stay tracked (their
    deallocation unlinks them from that list as from any other), but no generation holds them,
    so no collection visits them and `gc.get_objects()` does not list them. The same is done
    once at start-up for everything the loader and the recorder made (from the first object
    of the loader's import, its `_ModuleLockManager`).

    Example: after `gc.collect()`, `gc.get_objects(0)` lists only what the snippet made since,
    as in the untraced run (before this, some twenty of the recorder's tuples came first).

    3.11 to 3.13 (`PyGC_Head` is `{_gc_next, _gc_prev}`, the low bits of `_gc_prev` flags; a
    generation is `{head, threshold, count}`), where the memory can be written."""

    LIMIT = 1 << 20

    def __init__(self, rec):
        self.ok = False
        self.marker = None  # an object to put back at generation 0's end (see `keep`)
        mem = rec.mem
        self.mem = mem
        P = rec.P
        self.P = P
        if rec.gen0_addr is None or mem.fd is None or not (3, 11) <= rec.version <= (3, 13):
            return
        G = rec.gen0_addr - 4 - 2 * P
        # (`mem.word`, not `mem.words`: a function with a comprehension makes cells, objects
        # the collector tracks, which would be the list's last objects while it reads)
        nxt = mem.word(G)
        prv = mem.word(G + P) & ~3
        if not nxt or not prv or mem.word(prv) != G or mem.word(nxt + P) & ~3 != G:
            return
        self.G = G
        self.buf = bytearray(2 * P)
        H = mem.word(id(self.buf) + 4 * P)
        mem.write(H, H.to_bytes(P, "little") * 2)
        if bytes(self.buf) != H.to_bytes(P, "little") * 2:
            return
        self.H = H
        self.ok = True

    def tail(self):
        """The last object in generation 0's list (its `PyGC_Head`), or the head."""
        if not self.ok:
            return None
        return self.mem.word(self.G + self.P) & ~3

    def hide_since(self, t0):
        """Move every object after `t0` in generation 0's list onto the recorder's list."""
        if not self.ok or t0 is None:
            return
        mem = self.mem
        P = self.P
        G = self.G
        H = self.H
        marker = self.marker
        self.marker = None
        last = mem.word(G + P) & ~3
        if last == t0:
            return
        node = last
        n = 0
        while True:
            raw = mem.word(node + P)
            prev = raw & ~3
            if prev == t0:
                break
            if prev == G or n >= self.LIMIT:
                return  # `t0` left the list (freed): nothing tells the recorder's objects
            node = prev
            n += 1
        mem.write(t0, G.to_bytes(P, "little"))
        mem.write(G + P, t0.to_bytes(P, "little"))
        end = mem.word(H + P) & ~3
        mem.write(end, node.to_bytes(P, "little"))
        mem.write(node + P, (end | (raw & 3)).to_bytes(P, "little"))
        mem.write(last, H.to_bytes(P, "little"))
        mem.write(H + P, last.to_bytes(P, "little"))
        if marker is not None:
            self.keep(marker)

    def restore(self):
        """Put everything on the recorder's list back at the end of generation 0's list, for
        good: after the last step, so that nothing links to the list's head (a bytearray's
        buffer) when the interpreter's finalisation frees the recorder's objects in any
        order."""
        if not self.ok:
            return
        self.ok = False
        mem = self.mem
        P = self.P
        G = self.G
        H = self.H
        first = mem.word(H)
        if first == H:
            return
        end = mem.word(H + P) & ~3
        last = mem.word(G + P) & ~3
        mem.write(last, first.to_bytes(P, "little"))
        mem.write(first + P, ((mem.word(first + P) & 3) | last).to_bytes(P, "little"))
        mem.write(end, G.to_bytes(P, "little"))
        mem.write(G + P, end.to_bytes(P, "little"))
        mem.write(H, H.to_bytes(P, "little") * 2)

    def keep(self, o):
        """Put `o` (on the recorder's list) back at the end of generation 0's list."""
        mem = self.mem
        P = self.P
        G = self.G
        a = id(o) - 2 * P
        nxt = mem.word(a)
        raw = mem.word(a + P)
        prev = raw & ~3
        mem.write(prev, nxt.to_bytes(P, "little"))
        mem.write(nxt + P, ((mem.word(nxt + P) & 3) | prev).to_bytes(P, "little"))
        last = mem.word(G + P) & ~3
        mem.write(last, a.to_bytes(P, "little"))
        mem.write(a + P, (last | (raw & 3)).to_bytes(P, "little"))
        mem.write(a, G.to_bytes(P, "little"))
        mem.write(G + P, a.to_bytes(P, "little"))

    def loader_start(self, gc):
        """The object before the first one the loader's import made (its module lock's
        manager, `importlib._bootstrap._find_and_load`'s), or None."""
        if not self.ok:
            return None
        for o in gc.get_objects(0):
            if type(o).__name__ == "_ModuleLockManager" and getattr(o, "_name", None) == "sitecustomize":
                return self.mem.word(id(o) - self.P) & ~3
        return None


class _Layout:
    """Where this CPython keeps a frame's locals, its value stack, a code object's
    `co_localsplusnames` and an instance's inline attributes: found by probing objects whose
    contents are known, so no offset is written down for any version."""

    def __init__(self, rec):
        self.rec = rec
        self.mem = rec.mem
        self.P = rec.P
        self.ok = False
        self.f_frame = None
        self.localsplus = None
        self.stacktop = None
        self.lpn = None
        self.values = None
        try:
            self._probe()
            self.ok = self.f_frame is not None and self.localsplus is not None
        except BaseException:
            self.ok = False
        self.use_proxy = rec.version >= (3, 13)

    def _probe(self):
        import sys

        mem = self.mem
        P = self.P
        found = {}
        A, B, C = object(), [1], "refscope-probe"

        def probe(a, b, c):
            x = [a, b]
            for i in range(1):
                y = 1
            return x, y

        code = probe.__code__
        target = code.co_firstlineno + 3
        probe_function = probe
        probe_globals = probe.__globals__
        probe_builtins = probe.__builtins__

        def tr(frame, event, arg):
            if frame.f_code is code and event == "line" and frame.f_lineno == target:
                fa = id(frame)
                for k in range(1, 12):
                    w = mem.word(fa + k * P)
                    if w < 65536:
                        continue
                    try:
                        ws = mem.words(w, 24)
                    except OSError:
                        continue
                    if fa in ws and id(code) in ws:
                        for j in range(len(ws) - 2):
                            if ws[j : j + 3] == [id(A), id(B), id(C)]:
                                found["f_frame"] = k * P
                                found["localsplus"] = j * P
                                # 6 locals and the range iterator on the stack
                                for s in range(0, j * P, 4):
                                    if mem.i32(w + s) == 7:
                                        found["stacktop"] = s
                        # the frame's header: the words before localsplus
                        head = found.get("localsplus", 0) // P
                        for j in range(head - 2):
                            if ws[j] == id(probe_globals) and ws[j + 1] == id(probe_builtins):
                                found["f_locals"] = (j + 2) * P
                            if ws[j] == id(probe_function):
                                found["f_func"] = j * P
                        break
            return tr

        old = sys.gettrace()
        sys.settrace(tr)
        try:
            probe(A, B, C)
        finally:
            sys.settrace(old)
        self.f_frame = found.get("f_frame")
        self.localsplus = found.get("localsplus")
        self.stacktop = found.get("stacktop")
        self.f_func = found.get("f_func")
        self.f_locals = found.get("f_locals")
        # co_localsplusnames: two words before co_filename, holding the names
        fn = id(code.co_filename)
        ws = mem.words(id(code), 40)
        for k, w in enumerate(ws):
            if w == fn and k >= 2:
                cand = ws[k - 2]
                if mem.obj_at is not None:
                    t = mem.obj_at(cand)
                    if type(t) is tuple and t[:3] == ("a", "b", "c"):
                        self.lpn = (k - 2) * P
                break
        self._probe_values()
        self.entry_off = None
        if self.f_frame is not None and self.localsplus is not None:
            self._probe_entry()

    def _probe_entry(self):
        """3.11's `_PyInterpreterFrame.is_entry`: the byte that is 1 in a frame run from
        native code (here by `map`) and 0 in one called from Python (inlined). 3.12 and later
        have no such byte (an entry frame follows a shim frame): not found there."""
        import sys

        mem = self.mem
        P = self.P
        head = {}

        def probe(a):
            return a

        code = probe.__code__

        def tr(frame, event, arg):
            if frame.f_code is code and event == "call":
                iframe = mem.word(id(frame) + self.f_frame)
                head[len(head)] = mem.read(iframe, self.localsplus)
            return None

        old = sys.gettrace()
        sys.settrace(tr)
        try:
            probe(1)
            for _ in map(probe, (2,)):
                pass
        finally:
            sys.settrace(old)
        if len(head) != 2:
            return
        direct, native = head[0], head[1]
        found = [k for k in range(len(direct)) if direct[k] == 0 and native[k] == 1]
        if self.stacktop is not None and self.stacktop + 4 in found:
            self.entry_off = self.stacktop + 4
        elif len(found) == 1:
            self.entry_off = found[0]

    def is_entry(self, frame):
        """Whether a frame was run from native code (its return goes back to C, not to a
        line of Python); None where that cannot be read."""
        if self.entry_off is None or self.use_proxy:
            return None
        iframe = self.mem.word(id(frame) + self.f_frame)
        return self.mem.read(iframe + self.entry_off, 1)[0] == 1

    def _probe_values(self):
        """Inline attribute values (3.11, 3.12): a values array before the object (3.11: the
        word 4 before, 3.12: 3 before, tagged)."""
        mem = self.mem
        P = self.P

        class Probe:
            pass

        p = Probe()
        p.first = A = object()
        p.second = B = object()
        for back in (4, 3):
            w = mem.word(id(p) - back * P)
            cand = w & ~1
            if cand < 65536:
                continue
            try:
                ws = mem.words(cand, 2)
            except OSError:
                continue
            if ws == [id(A), id(B)]:
                self.values = (back, w & 1)
                break
        self.keys_off = None
        tp = Probe
        # ht_cached_keys follows ht_name, ht_slots, ht_qualname
        ws = mem.words(id(tp), 120)
        for k, w in enumerate(ws):
            if w == id(tp.__name__) and k + 3 < len(ws) and ws[k + 2] == id(tp.__qualname__):
                self.keys_off = (k + 3) * P
                break

    def read_frame(self, frame):
        """The bound fast locals of a running frame (cells by their contents, `_UNBOUND` for
        an empty cell), its function, its namespace (class bodies) and its value stack."""
        rec = self.rec
        code = frame.f_code
        names, kinds = self.kinds(code)
        out = {"locals": []}
        argc = code.co_argcount + code.co_kwonlyargcount
        flags = code.co_flags
        if flags & 0x04:
            argc += 1
        if flags & 0x08:
            argc += 1
        if self.use_proxy:
            if code.co_flags & 0x02:  # CO_NEWLOCALS: a function (not module or class body)
                proxy = frame.f_locals
                for k, (name, kind) in enumerate(zip(names, kinds)):
                    if name in proxy:
                        v = proxy[name]
                        out["locals"].append((name, v, v, k < argc))
                del proxy
            return out
        if not self.ok:
            return None
        mem = self.mem
        P = self.P
        fa = id(frame)
        iframe = mem.word(fa + self.f_frame)
        n = len(names)
        ptrs = mem.words(iframe + self.localsplus, n)
        obj_at = mem.obj_at
        if code.co_flags & 0x02:
            for k in range(n):
                if ptrs[k]:
                    raw = obj_at(ptrs[k])
                    o = raw
                    if kinds[k] and type(raw) is rec.CellType:
                        try:
                            o = raw.cell_contents
                        except ValueError:
                            o = _UNBOUND
                    out["locals"].append((names[k], raw, o, k < argc))
        if self.stacktop is not None:
            top = mem.i32(iframe + self.stacktop)
            if n <= top <= n + code.co_stacksize:
                sp = mem.words(iframe + self.localsplus + n * P, top - n) if top > n else []
                out["stack"] = [obj_at(p) for p in sp if p]
        if self.f_func is not None:
            w = mem.word(iframe + self.f_func)
            if w:
                out["func"] = obj_at(w)
        if self.f_locals is not None and not (code.co_flags & 0x02):
            w = mem.word(iframe + self.f_locals)
            if w:
                out["ns"] = obj_at(w)
        return out

    def frame_fields(self, frame):
        """`f_back` (the frame object's field: set when the frame finished), and the
        interpreter frame's `f_func` and `f_locals`, as named references."""
        out = []
        if not self.ok or self.use_proxy:
            return out
        mem = self.mem
        obj_at = mem.obj_at
        fa = id(frame)
        # PyFrameObject: the header, f_back, f_frame (3.11, 3.12)
        if self.f_frame == 3 * self.P:
            w = mem.word(fa + 2 * self.P)
            if w:
                out.append((("f", "f_back"), obj_at(w)))
        iframe = mem.word(fa + self.f_frame)
        for name, off in (("f_func", self.f_func), ("f_locals", self.f_locals)):
            if off is not None:
                w = mem.word(iframe + off)
                if w:
                    out.append((("f", name), obj_at(w)))
        return out

    def frame_slots(self, frame):
        """`(index, object)` for every bound slot of a frame's fast locals (cells as they
        are), read from its memory; nothing where the layout is not known."""
        if not self.ok or self.use_proxy:
            return []
        code = frame.f_code
        n = len(self.kinds(code)[0])
        iframe = self.mem.word(id(frame) + self.f_frame)
        ptrs = self.mem.words(iframe + self.localsplus, n)
        obj_at = self.mem.obj_at
        return [(k, obj_at(p)) for k, p in enumerate(ptrs) if p]

    def kinds(self, code):
        """The names of `localsplus` in order, and whether each holds a cell (cell or free
        variable)."""
        get = self.rec.code_get
        varnames = get["co_varnames"](code)
        cellvars = get["co_cellvars"](code)
        freevars = get["co_freevars"](code)
        names = list(varnames)
        kinds = [name in cellvars for name in varnames]
        for c in cellvars:
            if c not in varnames:
                names.append(c)
                kinds.append(True)
        for f in freevars:
            names.append(f)
            kinds.append(True)
        return names, kinds

    def localsplusnames(self, code):
        if self.lpn is None or self.mem.obj_at is None:
            return None
        return self.mem.obj_at(self.mem.word(id(code) + self.lpn))

    def at_yield(self, frame):
        """Whether a `'return'` event is a yield (the frame is suspended, not finished)."""
        co = self.rec.code_get["co_code"](frame.f_code)
        i = frame.f_lasti
        if 0 <= i < len(co):
            return co[i] in self.rec.yield_ops
        return False

    def instance_fields(self, o, refs):
        """The names of an instance's inline attribute values."""
        out = []
        if self.values is None or self.keys_off is None:
            return out
        mem = self.mem
        P = self.P
        back, tagged = self.values
        w = mem.word(id(o) - back * P)
        if tagged and not (w & 1):
            return out
        values = w & ~1
        if not values:
            return out
        keys = mem.word(id(type(o)) + self.keys_off)
        if not keys:
            return out
        # PyDictKeysObject: refcnt, log2 size, log2 index bytes, kind, version, usable, nentries
        hdr = mem.read(keys, 3 * P + 8)
        log2_index_bytes = hdr[P + 1]
        nentries = _from_bytes(hdr[2 * P + 8 : 3 * P + 8], "little")
        entries = keys + 3 * P + 8 + (1 << log2_index_bytes)
        if nentries > 1000:
            return out
        vals = mem.words(values, nentries)
        ents = mem.words(entries, 2 * nentries)
        obj_at = mem.obj_at
        for k in range(nentries):
            if vals[k] and ents[2 * k]:
                name = obj_at(ents[2 * k])
                if type(name) is str:
                    out.append((("a", name), obj_at(vals[k])))
        return out



def _cells_of(path):
    """The code cells of a notebook, or of a `# %%` file (as the fidelity oracle splits it)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".ipynb"):
        import json

        out = []
        for cell in json.loads(text).get("cells", []):
            if cell.get("cell_type") == "code":
                src = cell.get("source", "")
                out.append("".join(src) if isinstance(src, list) else src)
        return out
    out = []
    cell = []
    for line in text.splitlines(keepends=True):
        if line.startswith("# %%"):
            if "".join(cell).strip():
                out.append("".join(cell))
            cell = []
        else:
            cell.append(line)
    if "".join(cell).strip():
        out.append("".join(cell))
    return out


def _cell_offsets(path):
    """For each cell `_cells_of` gives of a `# %%` file, the number of file lines before its
    first line."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = []
    cell = []
    start = 0
    for n, line in enumerate(text.splitlines(keepends=True)):
        if line.startswith("# %%"):
            if "".join(cell).strip():
                out.append(start)
            cell = []
            start = n + 1
        else:
            cell.append(line)
    if "".join(cell).strip():
        out.append(start)
    return out


def _ipython_name(k, mode):
    if mode != "ipython":
        return False
    if k in ("In", "Out", "_", "__", "___", "_i", "_ii", "_iii", "_ih", "_oh", "_dh"):
        return True
    if k in ("get_ipython", "exit", "quit"):
        return True
    if k.startswith("_i") and k[2:].isdigit():
        return True
    if k.startswith("_") and k[1:].isdigit():
        return True
    return False


def _short_key(k):
    if type(k) is str:
        s = k if len(k) <= 30 else k[:29] + "…"
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if type(k) in (int, bool, float) or k is None:
        return repr(k)
    return "<%s>" % type(k).__name__


def _repr(rec, o, budget):
    out = []
    _write_repr(rec, o, 2, out, budget + 1, [])
    s = "".join(out)
    if len(s) > budget:
        s = s[: budget - 1] + "…"
    return s


def _write_repr(rec, o, depth, out, budget, path):
    if sum(len(s) for s in out) > budget:
        return
    t = type(o)
    if o is None or t is bool:
        out.append(repr(o))
        return
    if o is Ellipsis:
        out.append("Ellipsis")
        return
    if o is NotImplemented:
        out.append("NotImplemented")
        return
    if t is int:
        try:
            s = int.__repr__(o)
        except ValueError:
            s = "<int of more than 4300 digits>"
        if len(s) > 40:
            s = "%s…(%d digits)" % (s[:20], len(s))
        out.append(s)
        return
    if t is float or t is complex:
        out.append(t.__repr__(o))
        return
    if t is str:
        out.append(str.__repr__(o[: budget + 2]))
        return
    if t is bytes:
        out.append(bytes.__repr__(o[:budget]))
        return
    i = id(o)
    if i in path:
        out.append({list: "[...]", dict: "{...}", tuple: "(...)"}.get(t, "..."))
        return
    path.append(i)
    try:
        if t is tuple or t is list:
            if depth == 0:
                out.append("(…)" if t is tuple else "[…]")
                return
            out.append("(" if t is tuple else "[")
            for k, item in enumerate(o):
                if k:
                    out.append(", ")
                if sum(len(s) for s in out) > budget or k >= 12:
                    out.append("…")
                    break
                _write_repr(rec, item, depth - 1, out, budget, path)
            if t is tuple and len(o) == 1:
                out.append(",")
            out.append(")" if t is tuple else "]")
        elif t is dict:
            if depth == 0:
                out.append("{…}")
                return
            out.append("{")
            for k, (key, value) in enumerate(dict.items(o)):
                if k:
                    out.append(", ")
                if sum(len(s) for s in out) > budget or k >= 8:
                    out.append("…")
                    break
                _write_repr(rec, key, depth - 1, out, budget, path)
                out.append(": ")
                _write_repr(rec, value, depth - 1, out, budget, path)
            out.append("}")
        elif t is set or t is frozenset:
            if not o:
                out.append("set()" if t is set else "frozenset()")
                return
            if t is frozenset:
                out.append("frozenset(")
            out.append("{")
            if depth == 0:
                out.append("…")
            else:
                for k, item in enumerate(o):
                    if k:
                        out.append(", ")
                    if sum(len(s) for s in out) > budget or k >= 12:
                        out.append("…")
                        break
                    _write_repr(rec, item, depth - 1, out, budget, path)
            out.append("}")
            if t is frozenset:
                out.append(")")
        elif t is range:
            out.append(range.__repr__(o))
        elif t is type or rec.flags_of_type(t) & (1 << 31):
            mod = rec.module_of_type(o)
            q = rec.qualname_of_type(o)
            out.append("<class '%s'>" % (q if mod == "builtins" else "%s.%s" % (mod, q)))
        elif t is rec.FunctionType:
            out.append("<function %s>" % o.__qualname__)
        elif t is rec.CodeType:
            out.append("<code object %s>" % o.co_qualname)
        elif t is rec.CellType:
            try:
                out.append("<cell: %s object>" % rec.qualname_of_type(type(o.cell_contents)))
            except ValueError:
                out.append("<cell: empty>")
        elif t is rec.MethodType:
            f = o.__func__
            q = f.__qualname__ if type(f) is rec.FunctionType else "?"
            out.append("<bound method %s>" % q)
        elif t is rec.ModuleType:
            out.append("<module '%s'>" % rec.ModuleType.__dict__["__dict__"].__get__(o).get("__name__", "?"))
        elif t is rec.BuiltinType:
            out.append("<built-in function %s>" % o.__name__)
        else:
            mod = rec.module_of_type(t)
            q = rec.qualname_of_type(t)
            name = q if mod == "builtins" else "%s.%s" % (mod, q)
            out.append("<%s object at 0x%x>" % (name, i))
    finally:
        path.pop()


def _json(v):
    """A small JSON encoder (importing `json` would import `re`, and the snippet's own imports
    must run as they do without the recorder)."""
    out = []
    _json_write(v, out)
    return "".join(out)


_ESC = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _json_str(s):
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return '"' + s + '"'
    out = ['"']
    for ch in s:
        e = _ESC.get(ch)
        if e is not None:
            out.append(e)
        elif "\ud800" <= ch <= "\udfff":
            # a lone surrogate has no JSON form (refscope's reader refuses `\ud800` alone)
            out.append("\ufffd")
        elif ch < " " or ch == "\x7f":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _json_write(v, out):
    t = type(v)
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif t is int:
        out.append(int.__repr__(v))
    elif t is str:
        out.append(_json_str(v))
    elif t is dict:
        out.append("{")
        first = True
        for k, x in v.items():
            if not first:
                out.append(",")
            first = False
            out.append(_json_str(k))
            out.append(":")
            _json_write(x, out)
        out.append("}")
    elif t is list or t is tuple:
        out.append("[")
        first = True
        for x in v:
            if not first:
                out.append(",")
            first = False
            _json_write(x, out)
        out.append("]")
    else:
        out.append(_json_str(str(v)))

