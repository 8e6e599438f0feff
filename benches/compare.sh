#!/usr/bin/env bash
# Build the release binary, then run benches/compare.py (python3 vs refscope vs monty, CPU time
# medians, peak memory, and the doubling check). Arguments go to compare.py; see its --help.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 benches/compare.py "$@"
