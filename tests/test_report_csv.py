"""The class report's CSV for a gradebook and its Markdown (roleplay/classroom/report.py): class,
seed and date on every row, numbers as numbers, the turn reached beside each result, injections
counted and named, no formula in a cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from roleplay.classroom.report import class_results, to_csv, to_markdown
from roleplay.classroom.store import SqliteStore
from roleplay.classroom.team import TeamSession
from roleplay.cli import main
from roleplay.loading import LoadedCase


def test_the_csv_is_numbers_with_class_seed_date_turn_and_injections(tmp_path: Path, algiers: LoadedCase) -> None:
    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("Monday", str(algiers.path), algiers.digest, 7).code
    run = ["run", "--class", code, "--team", "Finished", "--strategy", "history", "--store", str(store.path)]
    assert main(run) == 0
    event = algiers.case.events[0]
    store.inject(code, event.id, "=Started")
    started = TeamSession(store, code, "=Started")
    first = algiers.case.history.steps[0]  # type: ignore[union-attr]
    started.submit("move", first.move, first.target)  # the injection arrives with this move
    results = class_results(store, code)

    rows = {row["team"]: row for row in csv.DictReader(io.StringIO(to_csv(results, code, "2026-12-07")))}
    assert set(rows) == {"Finished", "'=Started"}  # a name is never a formula
    done, begun = rows["Finished"], rows["'=Started"]
    for row in rows.values():
        assert (row["class"], row["seed"], row["date"]) == (code, "7", "2026-12-07")
        for column in ("turn_reached", "history_steps_taken", "history_steps", "injections", "finished"):
            int(row[column])
        for column, value in row.items():
            if column.startswith("trust_"):
                int(value)  # "+8" or "12/43" would fail here
            if column.startswith("rubric_"):
                float(value)  # a rubric score has its parts' fractions (diminishing marks)
        if row["finished"] == "1":  # the agreement's score once the talks have ended
            assert 0 <= float(row["agreement_score"]) <= 100
    assert (done["finished"], done["injections"], done["injected_events"]) == ("1", "0", "")
    assert float(done["quality"]) >= 0 and int(done["turn_reached"]) > 1
    assert (begun["finished"], begun["ending"], begun["turn_reached"]) == ("0", "(not finished)", "1")
    assert (begun["injections"], begun["injected_events"]) == ("1", event.title)

    markdown = to_markdown(code, results)
    assert "| Turn reached |" in markdown and "Injected by the instructor" in markdown
    assert "| (not finished) |  | 1 | " in markdown and event.title in markdown
