"""`roleplay lint`: findings on deliberately flawed copies of the roadmap case."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from roleplay.authoring.lint import Finding, lint
from roleplay.cli import main
from roleplay.loading import LoadedCase, load_case

Make = Callable[..., object]


def findings_of(broken) -> list[Finding]:  # type: ignore[no-untyped-def]
    return [f for f in lint(load_case(broken.path)) if f.file == str(broken.path)]


def one(findings: list[Finding], needle: str) -> Finding:
    hits = [f for f in findings if needle in f.message]
    assert len(hits) == 1, (needle, [str(f) for f in findings])
    return hits[0]


def test_the_shipped_roadmap_case_has_no_errors(algiers: LoadedCase) -> None:
    assert not [f for f in lint(algiers) if f.severity == "error"]


def test_a_move_whose_condition_can_never_hold(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        ('available = "played.college_meeting < 3"', 'available = "flag.two_tracks and trust.platform > 100"')
    )
    finding = one(findings_of(broken), "move 'college_meeting' can never be played")
    assert finding.severity == "warning" and finding.field == "moves[2].available"
    assert finding.line == broken.line_of('available = "flag.two_tracks and trust.platform > 100"')
    assert "trust.platform stays within" in finding.message


def test_a_flag_nothing_sets(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        ('available = "not flag.security_track"', 'available = "flag.prisoners_exchanged and not flag.security_track"'),
        ('effects = [\n  { kind = "flag", flag = "prisoners_exchanged" },', "effects = ["),
    )
    finding = one(findings_of(broken), "move 'security_sidelines' can never be played")
    assert "flag.prisoners_exchanged can only be False" in finding.message


def test_unreachable_phase_event_and_dead_end(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        ('when = "turn >= 2"', 'when = "turn >= 500"'),  # max_turns is 200: drafting is never entered
        ('date = "2014-07-20"', 'date = "2015-01-01"'),  # after the clock's end
    )
    found = findings_of(broken)
    phase = one(found, "phase 'drafting' can never be reached")
    assert phase.line == broken.line_of('id = "drafting"')
    one(found, "this transition can never be taken: turn stays within 0-200")
    event = one(found, "event 'tabankort_clashes' can never happen: its date 2015-01-01 is after the clock's end")
    assert event.field == "events[1].date"
    one(found, "move 'propose_road_map' can never be played")


def test_no_zone_of_possible_agreement(algiers: LoadedCase) -> None:
    finding = one(lint(algiers), "no zone of possible agreement on status")
    assert "government [0-50], coordination [60-100]" in finding.message


def test_effects_cut_at_a_bound(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        (
            '{ kind = "cohesion", party = "platform", delta = -10 }',
            '{ kind = "cohesion", party = "platform", delta = -90 }',
        )
    )
    finding = one(findings_of(broken), "cohesion of platform starts at 60: -90 would leave 0-100")
    assert finding.severity == "info"


def test_lint_of_an_invalid_case_reports_the_validation_errors(broken_case, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(("quality = 35", 'quality = "low"'))
    assert main(["lint", str(broken.path)]) == 1
    out = capsys.readouterr().out
    line = broken.line_of('quality = "low"')
    assert f"{broken.path}:{line}:" in out and "endings[2].quality" in out


def test_lint_json(algiers: LoadedCase, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(algiers.path), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert findings and {"file", "line", "column", "severity", "field", "message", "fix"} <= set(findings[0])


def test_a_phase_left_only_by_the_clock(broken_case) -> None:  # type: ignore[no-untyped-def]
    # Remove the ending reached from anywhere and the way back from signing: signing is a trap.
    broken = broken_case(
        ('when = "count.walked_out >= 2"\n', ""),
        ('dest = "drafting"\ntrigger = "reopen"', 'dest = "signing"\ntrigger = "reopen"'),
        ('trigger = "sign_jointly"\nwhen = "', 'trigger = "sign_jointly"\nwhen = "turn > 9000 and '),
        (
            'trigger = "sign_separately"\nwhen = "accepts.government and accepts.coordination and accepts.platform"',
            'trigger = "sign_separately"\nwhen = "turn > 9000"',
        ),
        (
            'trigger = "sign_separately"\nwhen = "accepts.government and (',
            'trigger = "sign_separately"\nwhen = "turn > 9000 and (',
        ),
    )
    found = findings_of(broken)
    one(found, "phase 'signing' has no way out but the clock")
    assert not [f for f in found if "'drafting' has no way out" in f.message]


def test_endings_reached_from_anywhere_are_ways_out(algiers: LoadedCase) -> None:
    assert not [f for f in lint(algiers) if "no way out" in f.message]


def test_an_invented_event_is_marked_and_labelled(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        (
            'narrative = "Serious fighting breaks out',
            'narrative = "(counterfactual) Serious fighting breaks out',
        ),
        (
            'narrative = "Extremist groups, reorganising',
            'counterfactual = true\nnarrative = "Extremist groups, reorganising',
        ),
    )
    found = findings_of(broken)
    unmarked = one(found, "event 'tabankort_clashes' reads as counterfactual but is not marked")
    assert unmarked.severity == "warning" and unmarked.fix == "add counterfactual = true"
    unlabelled = one(found, "event 'peacekeepers_targeted' is counterfactual but its narrative does not say so")
    assert unlabelled.field == "events[4].narrative"


def test_a_relation_nothing_raises_is_checked(broken_case) -> None:  # type: ignore[no-untyped-def]
    """Relation conditions get ranges like trust: nothing raises the Platform's trust in the
    government in the road-map case, so a transition needing it high can never be taken."""
    broken = broken_case(
        (
            "relation.coordination.platform >= 45",
            "relation.coordination.platform >= 45 and relation.platform.government >= 90",
        )
    )
    found = findings_of(broken)
    finding = one(found, "this transition can never be taken: relation.platform.government stays within 60-60")
    assert finding.field.endswith("].when") and finding.field.startswith("transitions[")
    one(found, "ending 'roadmap_joint' can never be reached: its condition never holds: relation.platform")


def test_a_constant_condition_is_folded(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(('available = "played.college_meeting < 3"', 'available = "1 > 2"'))
    finding = one(findings_of(broken), "move 'college_meeting' can never be played")
    assert "it compares two constants" in finding.message


def test_an_unreachable_ending_says_why(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(
        (
            "relation.coordination.platform >= 45",
            "relation.coordination.platform >= 45 and 1 > 2",
        )
    )
    finding = one(findings_of(broken), "ending 'roadmap_joint' can never be reached")
    assert "its condition never holds: it compares two constants" in finding.message


def test_strict_lint_fails_on_warnings(capsys: pytest.CaptureFixture[str], broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(('available = "played.college_meeting < 3"', 'available = "1 > 2"'))
    assert main(["lint", str(broken.path)]) == 0
    assert main(["lint", "--strict", str(broken.path)]) == 1
    capsys.readouterr()


def test_a_persona_trust_key_naming_no_persona(broken_case) -> None:  # type: ignore[no-untyped-def]
    broken = broken_case(persona_edits={"platform.toml": [("gatia = 75,", "gatiaa = 75,")]})
    found = [f for f in lint(load_case(broken.path)) if "gatiaa" in f.message]
    assert len(found) == 1 and found[0].severity == "warning", [str(f) for f in found]
    assert found[0].file.endswith("platform.toml") and "did you mean 'gatia'?" in found[0].message


def test_quotes_are_checked_against_their_sources_text(broken_case, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With a source's text at hand (seeds/ beside the case's folder), a quote that is not in
    it is a warning at the quote; without the text, nothing is said (issue 14)."""
    import shutil

    from conftest import ROOT

    seeds = ROOT.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"source texts not found at {seeds}")
    monkeypatch.delenv("ROLEPLAY_SEEDS", raising=False)
    wrong = "The road map enshrined no red lines at all."
    broken = broken_case(
        (
            "The road map enshrined the red lines set by the government of Mali",
            wrong.removesuffix("."),
        )
    )
    assert not [f for f in findings_of(broken) if "not in the text of source" in f.message]  # no text at hand
    shutil.copytree(seeds, broken.path.parent.parent / "seeds")
    found = [f for f in findings_of(broken) if "not in the text of source" in f.message]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].field.endswith(".quote")
    assert found[0].line == broken.line_of(wrong.removesuffix("."))
