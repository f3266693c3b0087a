"""The probe (issue 11, in progress): searches a case for tricks, i.e. ways to win that do
not teach mediation. Built so far: open-loop plans played blind (plans.py), a beam search
guided by the distance to the best ending's rule (search.py) and hill climbing that makes a
plan robust across seeds (improve.py). Not yet a command: on the Algiers case the search
finds the best ending on its training seed but the plans it finds win on few other seeds,
short of the calibration the issue asks for (a known trick wins on every seed)."""
