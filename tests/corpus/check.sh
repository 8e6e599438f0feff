#!/usr/bin/env bash
# Run every corpus case with an interpreter and compare its normalised stdout
# with NAME.out and its exit status with NAME.rc (0 when there is no NAME.rc).
#
# usage:  check.sh [-v] [-k PATTERN] [INTERPRETER COMMAND WORDS...]
#   default interpreter: python3
#   examples:
#     ./check.sh                                        # real CPython
#     ./check.sh ../../target/release/refscope run      # the model
#     ./check.sh -v -k str_ ../../target/release/refscope run
#
# Each case is run as:  (cd tests/corpus && INTERPRETER NAME.py) </dev/null
# with a 60 s timeout (env TIMEOUT overrides); only stdout is compared (stderr is ignored), after
# piping it through ../fidelity/normalize.py (address-like tokens -> <addrN>).
# Exit status: 0 if all selected cases pass, 1 otherwise.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CASES="$HERE"
NORM="$HERE/../fidelity/normalize.py"
PYNORM="${PYNORM:-python3}"   # interpreter used to run normalize.py itself

verbose=0
pattern=""
while [ $# -gt 0 ]; do
  case "$1" in
    -v) verbose=1; shift ;;
    -k) pattern="$2"; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then set -- python3; fi
# the cases run inside the corpus directory, so a command given by a relative path is made absolute first
if [[ "$1" == */* && -e "$1" && "$1" != /* ]]; then first="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; shift; set -- "$first" "$@"; fi

pass=0; fail=0; failed=()
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for py in "$CASES"/*.py; do
  name="$(basename "$py" .py)"
  if [ -n "$pattern" ] && [[ "$name" != *"$pattern"* ]]; then continue; fi
  exp="$CASES/$name.out"
  if [ ! -f "$exp" ]; then echo "MISSING $name.out"; fail=$((fail+1)); failed+=("$name"); continue; fi
  want_rc=0
  if [ -f "$CASES/$name.rc" ]; then want_rc="$(cat "$CASES/$name.rc")"; fi
  (cd "$CASES" && timeout "${TIMEOUT:-60}" "$@" "$name.py") </dev/null >"$tmp/raw" 2>"$tmp/err"
  rc=$?
  "$PYNORM" "$NORM" <"$tmp/raw" >"$tmp/got"
  if [ "$rc" = "$want_rc" ] && cmp -s "$tmp/got" "$exp"; then
    pass=$((pass+1))
  else
    fail=$((fail+1)); failed+=("$name")
    echo "FAIL $name (exit $rc, expected $want_rc)"
    if [ $verbose -eq 1 ]; then
      diff -u "$exp" "$tmp/got" | sed 's/^/    /'
      if [ -s "$tmp/err" ]; then echo "    --- stderr:"; tail -n 5 "$tmp/err" | sed 's/^/    /'; fi
    fi
  fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
