"""A bounded fuzz run (issue 13): line and structure mutations of shipped files through
validate (a mutant that still validates is played, saved, resumed and debriefed), and
tampered saves through read, resume and debrief. Only RoleplayError may escape, and no input
may take over 5 s. benchmarks/fuzz.py runs the same mutations at length."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from fuzz import case_checker, run, save_checker

CASE_MUTANTS = 1_500
TAMPERED_SAVES = 1_000


def test_case_mutants_are_refused_or_playable(tmp_path: Path) -> None:
    outcomes = run("case", CASE_MUTANTS, 13, case_checker(tmp_path))
    assert outcomes["refused"] > CASE_MUTANTS // 2 and outcomes.get("played", 0) > 0


def test_tampered_saves_are_refused_or_reproduce(tmp_path: Path) -> None:
    outcomes = run("save", TAMPERED_SAVES, 13, save_checker(tmp_path))
    assert outcomes["refused"] > TAMPERED_SAVES * 0.9
