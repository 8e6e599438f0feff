"""The model as a Python object: one ``refscope serve`` child process, spoken to in JSON Lines.

``refscope serve`` (documented in ``refscope serve --help``) keeps one model of CPython 3.11
alive; each :meth:`Model.run` sends it a cell and returns its reply, a dict: what the cell
printed, its traceback if it failed, the table of names with refcounts and holders, the
cycles, the collector's counts and the heap as SVG.

Ctrl-C (Jupyter's stop button) while a cell runs asks the model to raise KeyboardInterrupt in
the cell, as the app's Ctrl-C does, and the model keeps its state. A model that does not stop
within ``interrupt_grace`` seconds, or a second Ctrl-C, ends the process; the next cell then
starts a fresh model.
"""

import collections
import json
import os
import queue
import subprocess
import threading
import time

from ._binary import find_binary

PROTOCOL = 1


class ModelError(RuntimeError):
    """The model process failed or could not start (not an error of the snippet)."""


class CellError(Exception):
    """An exception the snippet raised inside the model.

    Its traceback is the model's (CPython's, as IPython shows it for the cell), so IPython
    shows that instead of a traceback into this package (``_render_traceback_``), and a
    notebook's "run all" stops at the cell as it stops at any failing cell. ``type(e).__name__``
    is the snippet's exception type (``ZeroDivisionError``).
    """

    def __init__(self, error, traceback_text, reply=None):
        name, _, message = (error or "Exception").partition(": ")
        super().__init__(message or name)
        self.error = error
        self.traceback_text = traceback_text or (error or "") + "\n"
        self.reply = reply

    def _render_traceback_(self):
        return self.traceback_text.rstrip("\n").split("\n")

    @classmethod
    def of(cls, reply):
        """The exception for a reply whose cell failed, typed after the snippet's exception."""
        error = reply.get("error") or "Exception"
        name = error.partition(":")[0].strip()
        if not name.isidentifier():
            name = "Exception"
        sub = _subclasses.get(name)
        if sub is None:
            sub = type(name, (cls,), {"__module__": "refscope.model"})
            _subclasses[name] = sub
        return sub(error, reply.get("traceback"), reply)


_subclasses = {}


class Model:
    """One model of CPython 3.11 whose heap lives from one :meth:`run` to the next.

    >>> with Model() as m:
    ...     r = m.run("a = [1, 2]\\nb = a\\nprint(len(b))")
    ...     r["stdout"], [(n["name"], n["refcount"]) for n in r["names"]]
    ('2\\n', [('a', 2), ('b', 2)])
    """

    def __init__(self, binary=None, memory_cap=None, interrupt_grace=5.0):
        self.binary = binary
        self.memory_cap = memory_cap
        self.interrupt_grace = interrupt_grace
        self.hello = None
        self._proc = None
        self._replies = None
        self._stderr = collections.deque(maxlen=50)
        self._next_id = 0

    # -- the process ---------------------------------------------------------------------

    @property
    def running(self):
        return self._proc is not None and self._proc.poll() is None

    def start(self):
        """Start the process if it is not running (``run`` does this by itself)."""
        if self.running:
            return
        self.close()
        binary = self.binary or find_binary()
        cmd = [binary, "serve"]
        if self.memory_cap:
            cmd += ["--memory-cap", str(int(self.memory_cap))]
        kwargs = {}
        if os.name == "posix":
            # its own session: Jupyter's interrupt signals the kernel's process group, and
            # the model must get the interrupt as a request (keeping its heap), not die of it
            kwargs["start_new_session"] = True
        elif os.name == "nt":
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                **kwargs,
            )
        except OSError as e:
            raise ModelError(f"cannot start {binary}: {e}") from e
        self._proc = proc
        self._replies = queue.Queue()
        self._stderr.clear()
        threading.Thread(target=_read_lines, args=(proc.stdout, self._replies), daemon=True).start()
        threading.Thread(target=_keep_tail, args=(proc.stderr, self._stderr), daemon=True).start()
        hello = self._wait(timeout=30)
        if not isinstance(hello, dict) or hello.get("protocol") != PROTOCOL:
            self.close()
            raise ModelError(
                f"{binary} speaks protocol {hello.get('protocol') if isinstance(hello, dict) else '?'}"
                f", this package speaks {PROTOCOL}: install both from the same version"
            )
        self.hello = hello

    def close(self, kill=False):
        """End the process (the model's heap goes with it): ask it to quit, or ``kill``."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None and not kill:
            try:
                proc.stdin.write(b'{"op": "quit"}\n')
                proc.stdin.flush()
            except OSError:
                pass
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        # stdout and stderr belong to the reader threads, which close them at their end
        try:
            proc.stdin.close()
        except OSError:
            pass

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # possibly at interpreter exit: no waiting, no locks, just end the child
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                proc.kill()
            except OSError:
                pass

    # -- requests ------------------------------------------------------------------------

    def run(self, code, svg=True):
        """Run one cell on the model; the reply as a dict (see ``refscope serve --help``).

        The snippet's own errors are in the reply (``error``, ``traceback``), not raised.
        """
        self.start()
        rid = self._send({"op": "run", "code": code, "svg": bool(svg)})
        try:
            return self._wait(rid)
        except KeyboardInterrupt:
            pass
        # Ctrl-C: KeyboardInterrupt inside the cell; the reply says where it stopped
        try:
            self._send({"op": "interrupt"}, with_id=False)
            return self._wait(rid, timeout=self.interrupt_grace)
        except (KeyboardInterrupt, TimeoutError, ModelError):
            self.close(kill=True)
            raise KeyboardInterrupt(
                "the model did not stop; it was ended, and the next cell starts a fresh model"
            ) from None

    def reset(self):
        """A fresh model: nothing defined, execution count 1."""
        if not self.running:
            self.start()
            return
        rid = self._send({"op": "reset"})
        self._wait(rid, timeout=60)

    def _send(self, request, with_id=True):
        rid = None
        if with_id:
            self._next_id += 1
            rid = self._next_id
            request = dict(request, id=rid)
        line = json.dumps(request).encode("utf-8") + b"\n"
        try:
            self._proc.stdin.write(line)
            self._proc.stdin.flush()
        except (OSError, AttributeError) as e:
            raise self._died(f"cannot write to the model ({e})") from None
        return rid

    def _wait(self, rid=None, timeout=None):
        """The reply with this id (the hello line for ``None``). Short waits so Ctrl-C lands."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = 0.2
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("the model did not answer in time")
                step = min(step, left)
            try:
                item = self._replies.get(timeout=step)
            except queue.Empty:
                continue
            if item is None:
                raise self._died("the model process ended")
            if rid is None or item.get("id") == rid:
                if item.get("ok") is False:
                    raise ModelError(f"the model refused the request: {item.get('error')}")
                return item

    def _died(self, what):
        time.sleep(0.05)  # let the stderr reader catch the last lines
        tail = "".join(self._stderr).strip()
        code = self._proc.poll() if self._proc is not None else None
        self.close(kill=True)
        msg = what
        if code is not None:
            msg += f" (exit status {code})"
        if tail:
            msg += f":\n{tail}"
        return ModelError(msg + "\nthe next cell starts a fresh model")


def _read_lines(stream, out):
    """Parse each stdout line as JSON onto the queue; ``None`` at the end."""
    try:
        for raw in iter(stream.readline, b""):
            try:
                out.put(json.loads(raw.decode("utf-8")))
            except ValueError:
                out.put({"ok": False, "error": f"not JSON: {raw[:200]!r}"})
    except (OSError, ValueError):
        pass
    out.put(None)
    _close(stream)


def _keep_tail(stream, tail):
    try:
        for raw in iter(stream.readline, b""):
            tail.append(raw.decode("utf-8", "replace"))
    except (OSError, ValueError):
        pass
    _close(stream)


def _close(stream):
    try:
        stream.close()
    except (OSError, ValueError):
        pass
