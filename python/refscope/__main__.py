"""``python -m refscope ARGS``: the ``refscope`` command, for when its directory is not on PATH."""

import os
import subprocess
import sys

from ._binary import find_binary


def main():
    try:
        binary = find_binary()
    except FileNotFoundError as e:
        print(f"refscope: {e}", file=sys.stderr)
        return 2
    args = [binary] + sys.argv[1:]
    if os.name == "posix":
        os.execv(binary, args)  # the terminal app gets the terminal as it is
    return subprocess.call(args)


if __name__ == "__main__":
    sys.exit(main())
