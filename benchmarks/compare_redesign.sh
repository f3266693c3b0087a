#!/usr/bin/env bash
# The engine's speed against an older checkout, interleaved in one run (a loaded machine
# slows both alike): bench_turn.py's one-turn median and the user CPU of 2,000 random
# Algiers playthroughs on one core. Usage: bash benchmarks/compare_redesign.sh OLD_TREE [ROUNDS]
# (make OLD_TREE with `git worktree add /tmp/baseline 66abe60`, the commit before issue 10).
set -eu
old=${1:?usage: compare_redesign.sh OLD_TREE [ROUNDS]}
rounds=${2:-7}
new=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-$new/.venv/bin/python}
for i in $(seq "$rounds"); do
  for tree in "$old" "$new"; do
    cd "$tree"
    user=$( { /usr/bin/time -f %U env PYTHONPATH="$tree" "$py" -m roleplay simulate scenarios/algiers-2014-2015.toml --runs 2000 --jobs 1 >/dev/null; } 2>&1 | tail -1)
    turn=$(PYTHONPATH="$tree" "$py" benchmarks/bench_turn.py 2>&1 | grep -i "one turn" | head -1)
    echo "round $i  $tree  simulate user ${user}s  |  $turn"
  done
done
