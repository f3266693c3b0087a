"""The probe (issue 11, item 10): searches a case for tricks, i.e. ways to win that do not
teach mediation. `roleplay probe CASE` (roleplay/cli/probe.py) runs it; docs/authoring.md,
"Reading the probe", explains the report.

- plans.py: open-loop plans played blind, reseeded forks of a seed (one case seed, other
  luck), goal gaps, the phase-graph distance, the rubric tally, fixed-outcome moves;
- search.py: a beam search over lean forks for a plan that reaches the best ending on one
  seed and its reseeded forks (a plan scores its unluckiest fork; an exact cut spares the
  forks of children that cannot enter the beam);
- improve.py: annealing that makes a plan win on a growing set of reseeded forks of the same
  seed (graded: wins, points short of the best ending's rule, margins, turns, length;
  targeted repairs), within a budget of games;
- cynic.py: good practice (the case's tags, or a rubric heuristic), the moves the case leaves
  no way around, and the cynic's crisis answers;
- workers.py: the tasks a worker process runs; run.py: the five sections (trick, spam,
  cynical, inflation, seeds), parallel over jobs.

Calibration on today's Algiers case: docs/cases/algiers.md, "Probe calibration".
"""
