"""The probe (issue 11, item 10): searches a case for tricks, i.e. ways to win that do not
teach mediation. `roleplay probe CASE` (roleplay/cli/probe.py) runs it; docs/authoring.md,
"Reading the probe", explains the report.

- plans.py: open-loop plans played blind, goal gaps, the phase-graph distance, the rubric
  tally, good practice and the procedure a cynic cannot avoid;
- search.py: a beam search over lean forks for a plan that reaches the best ending on one seed;
- improve.py: hill climbing that makes a plan win on a growing set of training seeds (graded:
  wins, points short of the best ending's rule, turns, length; targeted repairs);
- run.py: the five sections (trick, spam, cynical, inflation, seeds), parallel over jobs.

Calibration on today's Algiers case (docs/cases/algiers.md, "Probe calibration"): the robust
plan wins the best ending on 56% of 200 held-out seeds (target 90%) and no cynical path is
found yet; the stuck games all miss the Phase I road-map gate by 0.2 points after a cold
proximity talk.
"""
