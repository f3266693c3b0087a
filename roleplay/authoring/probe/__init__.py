"""The probe (issue 11, in progress): searches a case for tricks, i.e. ways to win that do
not teach mediation. Built so far: open-loop plans played blind (plans.py), a beam search
guided by the phase-graph distance to the best ending and the shortfall on its rule
(search.py), and hill climbing that makes a plan robust across seeds (improve.py). Not yet
a command.

Where calibration stands on the Algiers case (2026-11-29): with width 32 on one seed the
search finds plans that reach the best ending on that seed in ~10 s, but they win on only
1-3% of 200 other seeds (most fail because a phase-advancing move is skipped when an event
has shifted the timing, or a trust threshold is missed by a few points). Searching on four
seeds at once (mean or worst-seed value), aiming above the thresholds, restricting to moves
without random outcomes, and charging for days spent all did worse. The known trick (26 moves,
best ending on every seed) is not found yet. Next: hill climbing with a graded fitness
over 20 training seeds from the one-seed plan, and a state signature that ignores trust.
"""
