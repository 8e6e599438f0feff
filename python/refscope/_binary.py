"""Where the ``refscope`` command is.

A wheel puts the binary in the scripts directory of the environment it is installed into
(``bin/`` of a venv, ``Scripts\\`` on Windows), which is not always on ``PATH`` (a kernel
started by an absolute path, ``pip install --user``). So the environment's own directories
come first, then ``PATH``.
"""

import os
import shutil
import sys
import sysconfig

_EXE = "refscope.exe" if os.name == "nt" else "refscope"


def _scripts_dirs():
    dirs = [sysconfig.get_path("scripts")]
    try:
        user = sysconfig.get_preferred_scheme("user")  # Python 3.10+
    except AttributeError:
        user = "nt_user" if os.name == "nt" else "posix_user"
    try:
        dirs.append(sysconfig.get_path("scripts", user))
    except KeyError:
        pass
    dirs.append(os.path.dirname(sys.executable))
    return [d for d in dirs if d]


def find_binary():
    """The path of the ``refscope`` command (``$REFSCOPE_BIN`` if set).

    Raises FileNotFoundError, saying how to install it, when there is none.
    """
    forced = os.environ.get("REFSCOPE_BIN")
    if forced:
        if os.path.isfile(forced):
            return forced
        raise FileNotFoundError(f"REFSCOPE_BIN={forced!r} is not a file")
    for d in _scripts_dirs():
        p = os.path.join(d, _EXE)
        if os.path.isfile(p) and os.access(p, os.X_OK):
            return p
    found = shutil.which("refscope")
    if found:
        return found
    raise FileNotFoundError(
        "the refscope command is not installed in this environment "
        f"({sys.executable}): run `{sys.executable} -m pip install refscope` "
        "(or `pip install .` in a checkout), or set REFSCOPE_BIN to its path"
    )
