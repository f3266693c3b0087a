#!/usr/bin/env bash
# Wall time of the whole `roleplay validate scenarios personas` process (target: <= 0.5 s).
# Run from the repository root: bash benchmarks/bench_validate.sh
set -eu
py=${PYTHON:-.venv/bin/python}
runs=${RUNS:-10}
$py -m roleplay validate scenarios personas >/dev/null   # warm the file cache and .pyc files
best=999; total=0
for _ in $(seq "$runs"); do
  start=$(date +%s.%N)
  $py -m roleplay validate scenarios personas >/dev/null
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  total=$(echo "$total + $t" | bc -l)
  best=$(echo "if ($t < $best) $t else $best" | bc -l)
done
printf 'validate scenarios personas: mean %.3f s, best %.3f s over %d runs (target: <= 0.5 s)\n' \
  "$(echo "$total / $runs" | bc -l)" "$best" "$runs"
