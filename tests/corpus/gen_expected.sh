#!/usr/bin/env bash
# Regenerate NAME.out (and NAME.rc when the exit status is non-zero) for every
# corpus case from real CPython (python3), verifying that the normalised stdout
# and the exit status are identical across several runs (different
# PYTHONHASHSEED values, a minimal environment and an absolute script path).
# Adapted from ../../../shared/fidelity/gen_expected.sh; the cases live beside
# this script.
#
# usage:  gen_expected.sh [-k PATTERN]
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PY:-python3}"
NORM="$HERE/../fidelity/normalize.py"
pattern=""
if [ "${1:-}" = "-k" ]; then pattern="$2"; fi
cd "$HERE"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
bad=0
for f in *.py; do
  n="${f%.py}"
  if [ -n "$pattern" ] && [[ "$n" != *"$pattern"* ]]; then continue; fi
  outs=()
  for seed in 0 1 4242; do
    PYTHONHASHSEED=$seed "$PY" "$f" </dev/null 2>/dev/null | "$PY" "$NORM" > "$tmp/$n.$seed"
    echo "${PIPESTATUS[0]}" > "$tmp/$n.$seed.rc"
    outs+=("$tmp/$n.$seed")
  done
  env -i PATH="$PATH" HOME="$HOME" PYTHONHASHSEED=random "$(command -v "$PY")" "$HERE/$f" </dev/null 2>/dev/null | "$PY" "$NORM" > "$tmp/$n.envi"
  echo "${PIPESTATUS[0]}" > "$tmp/$n.envi.rc"
  outs+=("$tmp/$n.envi")
  ok=1
  for o in "${outs[@]:1}"; do
    cmp -s "${outs[0]}" "$o" || { ok=0; echo "UNSTABLE $n ($o)"; diff "${outs[0]}" "$o" | head -5; }
    cmp -s "${outs[0]}.rc" "$o.rc" || { ok=0; echo "UNSTABLE exit status $n ($o)"; }
  done
  if [ $ok -eq 1 ]; then
    cp "${outs[0]}" "$n.out"
    rc="$(cat "${outs[0]}.rc")"
    if [ "$rc" != 0 ]; then echo "$rc" > "$n.rc"; else rm -f "$n.rc"; fi
  else
    bad=$((bad+1))
  fi
done
echo "unstable: $bad"
[ $bad -eq 0 ]
