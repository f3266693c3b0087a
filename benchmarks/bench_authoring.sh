#!/usr/bin/env bash
# Author tools on the Algiers case, whole processes, start-up included:
#   simulate: 10,000 random playthroughs with --jobs 1 and --jobs 2 (target: >= 1,000/s with 2);
#   lint: target <= 2 s.
# Run from the repository root: bash benchmarks/bench_authoring.sh
set -eu
py=${PYTHON:-.venv/bin/python}
case=${CASE:-scenarios/algiers-2014-2015.toml}
runs=${RUNS:-10000}
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }
$py -m roleplay validate "$case" >/dev/null   # warm caches
t1=$(seconds $py -m roleplay simulate "$case" --runs "$runs" --jobs 1)
t2=$(seconds $py -m roleplay simulate "$case" --runs "$runs" --jobs 2)
printf 'simulate %s random runs: --jobs 1 %.1f s (%.0f/s), --jobs 2 %.1f s (%.0f/s), speed-up %.2fx (target: >= 1000/s with 2 jobs)\n' \
  "$runs" "$t1" "$(echo "$runs / $t1" | bc -l)" "$t2" "$(echo "$runs / $t2" | bc -l)" "$(echo "$t1 / $t2" | bc -l)"
tl=$(seconds $py -m roleplay lint "$case")
printf 'lint %s: %.2f s (target: <= 2 s)\n' "$case" "$tl"
# Exit non-zero when a target is missed (only for the Algiers case the targets are set for).
[ "$runs" -ge 10000 ] && [ "$case" = scenarios/algiers-2014-2015.toml ] || exit 0
missed=0
[ "$(echo "$runs / $t2 >= 1000" | bc -l)" = 1 ] || { echo "MISSED: simulate below 1,000/s with 2 jobs"; missed=1; }
[ "$(echo "$tl <= 2" | bc -l)" = 1 ] || { echo "MISSED: lint above 2 s"; missed=1; }
exit $missed
