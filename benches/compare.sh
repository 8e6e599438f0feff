#!/usr/bin/env bash
# Time each workload in python3 and in refscope (release build), whole process, best of N runs,
# and print the ratio. Usage: benches/compare.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/refscope"
best() { # best wall time in seconds of "$@" over $runs runs
  local best=""
  for _ in $(seq "$runs"); do
    local s e t
    s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N)
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
printf '%-12s %10s %10s %8s\n' workload python3 refscope ratio
for w in benches/workloads/*.py; do
  name=$(basename "$w" .py)
  if ! diff <(python3 "$w") <("$bin" run "$w") >/dev/null; then
    echo "$name: outputs differ between python3 and refscope" >&2
    exit 1
  fi
  p=$(best python3 "$w")
  r=$(best "$bin" run "$w")
  printf '%-12s %9.3fs %9.3fs %7.2fx\n' "$name" "$p" "$r" "$(echo "$r / $p" | bc -l)"
done
