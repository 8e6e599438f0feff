#!/bin/sh
# Install CPython 3.12, 3.13 and 3.14 as pyodide (CPython compiled to WebAssembly, run by
# node) for refscope's real backend, from the npm registry, into DIR (default
# ~/.cache/refscope/pyodide): DIR/3.12, DIR/3.13, DIR/3.14, each usable as
# `refscope --python DIR/3.13 FILE`. Prints the REFSCOPE_PYODIDE value that makes
# `cargo test --test backend_pyodide` run on them. Needs node (18 or later) and npm.
set -e
dir=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/refscope/pyodide}
for pair in 3.12:0.27 3.13:0.28 3.14:314.0.8; do
    v=${pair%%:*}
    pkg=${pair#*:}
    mkdir -p "$dir/$v"
    if [ ! -f "$dir/$v/node_modules/pyodide/pyodide.mjs" ]; then
        (cd "$dir/$v" && npm install --no-audit --no-fund "pyodide@$pkg" >/dev/null)
    fi
done
echo "REFSCOPE_PYODIDE=$dir/3.12:$dir/3.13:$dir/3.14"
