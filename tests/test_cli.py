"""The command line, run in-process through roleplay.cli.main (and once as `python -m roleplay`)."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASE_PATH, HISTORICAL_ENDING, MINI_PATH, PERSONAS_DIR, ROOT, BrokenCase

from roleplay.cli import main
from roleplay.loading import LoadedCase
from roleplay.model import Case, Persona

PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>\S+): (?P<message>.+)$")
Make = Callable[..., BrokenCase]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out and "Traceback" not in err
    return code, out, err


# -- validate ---------------------------------------------------------------------------------


def test_validate_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "validate", str(ROOT / "scenarios"), str(PERSONAS_DIR))
    assert code == 0
    assert out.strip().splitlines()[-1].endswith("checked: no problems")
    files = len(list((ROOT / "scenarios").rglob("*.toml"))) + len(list(PERSONAS_DIR.rglob("*.toml")))
    assert out.strip().splitlines()[-1] == f"{files} files checked: no problems"


def test_validate_fixture_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "validate", str(MINI_PATH.parent.parent))
    assert (code, out.strip()) == (0, "4 files checked: no problems")


def test_validate_broken_file_lists_located_problems(capsys: pytest.CaptureFixture[str], broken_case: Make) -> None:
    broken = broken_case(
        ("[[endings]]", "quality = ", 'quality = "high" # '),
        ("[[phases]]", "\nsummary = ", "\nsumary = "),
    )
    code, out, _ = cli(capsys, "validate", str(broken.path))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines[-1] == f"1 file checked: {len(lines) - 1} problems"
    assert len(lines) - 1 == 2  # quality, sumary (unknown, did you mean summary): one error for one mistake
    seen = {}
    for line in lines[:-1]:
        match = PROBLEM_LINE.match(line)
        assert match, line
        assert Path(match["file"]) == broken.path
        seen[match["field"]] = int(match["line"])
    assert seen["endings[0].quality"] == broken.line_of('quality = "high"')
    assert seen["phases[0].sumary"] == broken.line_of("sumary = ")


def test_validate_toml_error_and_missing_path(capsys: pytest.CaptureFixture[str], broken_case: Make) -> None:
    broken = broken_case(("[mediation]", "capital = ", "capital = = "))
    missing = broken.path.parent / "missing.toml"
    code, out, _ = cli(capsys, "validate", str(broken.path), str(missing))
    assert code == 1
    lines = out.strip().splitlines()
    assert f"{broken.path}:{broken.line_of('capital = = ')}:" in lines[0]
    assert any(line.startswith(f"{missing}:1:1: (file): ") for line in lines)


def test_validate_json(capsys: pytest.CaptureFixture[str], broken_case: Make) -> None:
    code, out, _ = cli(capsys, "validate", "--format", "json", str(CASE_PATH))
    assert code == 0
    assert json.loads(out) == {"files": 1, "problems": []}
    broken = broken_case(("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'))
    code, out, _ = cli(capsys, "validate", "--format", "json", str(broken.path))
    assert code == 1
    report = json.loads(out)
    assert report["files"] == 1
    [problem] = report["problems"]
    assert problem["file"] == str(broken.path)
    assert problem["line"] == broken.line_of('dest = "draftin"')
    assert problem["field"] == "transitions[0].dest"
    assert isinstance(problem["column"], int) and "draftin" in problem["message"]


def test_validate_as_a_program() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "roleplay", "validate", "scenarios", "personas"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout
    assert "Traceback" not in result.stderr


def test_validate_broken_file_as_a_program(broken_case: Make) -> None:
    broken = broken_case(('available = "played.college_meeting < 3"', "available = \"__import__('os')\""))
    result = subprocess.run(
        [sys.executable, "-m", "roleplay", "validate", str(broken.path)],
        cwd=broken.path.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    line = broken.line_of("__import__")
    assert PROBLEM_LINE.match(result.stdout.splitlines()[0])
    assert result.stdout.startswith(f"{broken.path.name}:{line}:")  # relative to the current directory


# -- run --------------------------------------------------------------------------------------


def test_run_json_summary(capsys: pytest.CaptureFixture[str], algiers: LoadedCase) -> None:
    code, out, _ = cli(capsys, "run", str(CASE_PATH), "--json", "--seed", "3")
    assert code == 0
    summary = json.loads(out)  # one JSON object, nothing else
    assert isinstance(summary, dict)
    assert {"ending", "historical", "turns", "parties"} <= summary.keys()
    assert isinstance(summary["turns"], int) and summary["turns"] > 0
    issues = {i.id for i in algiers.case.issues}
    assert set(summary["parties"]) == set(algiers.blueprint.parties)
    for party in summary["parties"].values():
        assert set(party["positions"]) == issues
        assert 0 <= party["trust"] <= 100
        assert party["positions"] and all(0 <= v <= 100 for v in party["positions"].values())


def test_run_history_reaches_the_historical_ending(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", str(CASE_PATH), "--strategy", "history", "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["ending"] == HISTORICAL_ENDING
    assert summary["historical"] is True
    assert summary["strategy"] == "history"


def test_run_prints_a_readable_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "run", str(CASE_PATH))
    assert code == 0
    assert out.startswith("Algiers")
    assert "Turn 1 · " in out and "Ending: " in out


@pytest.mark.parametrize(
    ("moves", "expected"),
    [
        ("bogus", "--moves item 1 ('bogus'): unknown move 'bogus'"),
        ("proximity_talks", "needs a target"),
        ("proximity_talks:nobody", "needs a target"),
        ("college_meeting:government", "takes no target"),
        ("propose_road_map", "is not available: needs phase == 'drafting' (phase is opening)"),
    ],
)
def test_run_moves_with_a_bad_move(capsys: pytest.CaptureFixture[str], moves: str, expected: str) -> None:
    code, out, err = cli(capsys, "run", str(CASE_PATH), "--moves", moves)
    assert code == 1
    assert err.startswith("roleplay: ")
    assert expected in err
    assert out == ""


def test_run_moves_answers_events_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    # prisoner_exchange takes three days: the 16 July event then waits for a response.
    code, out, err = cli(capsys, "run", str(CASE_PATH), "--moves", "prisoner_exchange,bogus_choice")
    assert code == 1
    assert "not a response to platform_recognition" in err
    code, out, err = cli(capsys, "run", str(CASE_PATH), "--moves", "prisoner_exchange,keep_platform", "--json")
    assert code == 0
    assert json.loads(out)["turns"] == 1


def transcript_of(capsys: pytest.CaptureFixture[str], tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "game.jsonl"
    code, _, _ = cli(
        capsys,
        "run",
        str(CASE_PATH),
        "--strategy",
        "random",
        "--seed",
        "5",
        "--transcript",
        str(path),
        *extra,
    )
    assert code == 0 and path.is_file()
    return path


def test_run_transcript_then_replay(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = transcript_of(capsys, tmp_path)
    count, *records, end = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")[:-1]]
    assert count == {"type": "transcript", "records": len(records)}
    assert end == {"type": "end", "records": len(records)}
    assert records[0]["type"] == "start" and records[0]["seed"] == 5
    code, out, _ = cli(capsys, "replay", str(path))
    assert code == 0
    assert f"{path}: reproduces exactly ({len(records) - 1} actions, {len(records)} records)" in out


def test_replay_of_a_tampered_transcript_names_the_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = transcript_of(capsys, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) >= 5
    # a record from the middle on with a number that changed (1-based line number)
    number = next(n for n in range(len(lines) // 2 + 1, len(lines) + 1) if re.search(r'"to":-?\d', lines[n - 1]))
    match = re.search(r'"to":(-?\d+(?:\.\d+)?)', lines[number - 1])
    assert match, lines[number - 1]
    old = match.group(0)
    lines[number - 1] = lines[number - 1].replace(old, f'"to":{float(match.group(1)) + 7.5}', 1)
    path.write_text("".join(lines), encoding="utf-8")
    code, out, _ = cli(capsys, "replay", str(path))
    assert code == 1
    assert out.startswith(f"{path}:{number}: diverges")


def test_replay_of_a_transcript_with_a_changed_seed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = transcript_of(capsys, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"seed":5', '"seed":6', 1), encoding="utf-8")
    code, out, _ = cli(capsys, "replay", str(path))
    # The replay uses the (changed) seed of the header, so some later draw comes out differently.
    assert code == 1
    match = re.match(rf"{re.escape(str(path))}:(\d+): diverges", out)
    assert match and 2 <= int(match.group(1)) <= text.count("\n")


@pytest.mark.parametrize("cut", [1, 20, -1])
def test_replay_of_a_truncated_transcript(capsys: pytest.CaptureFixture[str], tmp_path: Path, cut: int) -> None:
    path = transcript_of(capsys, tmp_path)
    raw = path.read_bytes()
    lines = raw.count(b"\n")
    truncated = raw[: len(raw) // 2] if cut == -1 else raw[:-cut]
    path.write_bytes(truncated)
    code, out, err = cli(capsys, "replay", str(path))
    assert code == 1
    assert out == ""
    expected_line = truncated.count(b"\n") + 1
    assert err.strip() == f"roleplay: {path}:{expected_line}: the last record is truncated"
    assert expected_line <= lines
    assert path.read_bytes() == truncated  # left exactly as it was


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "no start record"),
        (b"\xff\xfe\n", "not UTF-8"),
        (b'{"type": "start"}\n', "start record lacks"),
        (b"not json\n", ":1: corrupt record (not JSON)"),
        (b"[1, 2]\n", ":1: corrupt record (no type)"),
    ],
)
def test_replay_of_garbage(capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, needle: str) -> None:
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(content)
    code, _, err = cli(capsys, "replay", str(path))
    assert code == 1
    assert needle in err
    assert path.read_bytes() == content


def test_replay_of_a_missing_transcript(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "replay", str(tmp_path / "none.jsonl"))
    assert code == 1 and "cannot read" in err


def test_replay_of_deeply_nested_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 100_000 + "\n", encoding="utf-8")
    code, _, err = cli(capsys, "replay", str(path))
    assert code == 1 and ":1: corrupt record" in err


def test_run_a_case_with_an_infinite_event_weight(capsys: pytest.CaptureFixture[str], broken_case: Make) -> None:
    broken = broken_case(("weight = 1\nonce = false", "weight = inf\nonce = false"))
    code, _, err = cli(capsys, "run", str(broken.path), "--strategy", "random", "--json")
    assert code == 1 and err.startswith("roleplay: ")


# -- schema -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "model"), [("case", Case), ("persona", Persona)])
def test_schema(capsys: pytest.CaptureFixture[str], kind: str, model: type[Case] | type[Persona]) -> None:
    code, out, _ = cli(capsys, "schema", kind)
    assert code == 0
    schema = json.loads(out)
    assert schema["type"] == "object"
    assert schema["title"] == f"roleplay {kind}"
    assert "2020-12" in schema["$schema"]
    assert set(model.model_fields) == set(schema["properties"])
    required = {name for name, field in model.model_fields.items() if field.is_required()}
    assert required == set(schema["required"])
    assert {"id", "cite" if kind == "persona" else "moves"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False  # unknown keys are errors


@pytest.mark.parametrize("kind", ["case", "persona", "transcript"])
def test_the_committed_schema_files_are_the_generated_ones(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """docs/schema/*.json are what `roleplay schema` prints: regenerate them when a model changes."""
    code, out, _ = cli(capsys, "schema", kind)
    assert code == 0
    assert (ROOT / "docs" / "schema" / f"{kind}.json").read_text(encoding="utf-8") == out


def test_the_transcript_schema_describes_every_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "schema", "transcript")
    schema = json.loads(out)
    assert code == 0 and "2020-12" in schema["$schema"]
    kinds = {schema["$defs"][ref["$ref"].rsplit("/", 1)[1]]["properties"]["type"]["const"] for ref in schema["oneOf"]}
    assert kinds == {"transcript", "start", "turn", "choice", "inject", "set", "coach", "undo", "end"}
    turn = schema["$defs"]["TurnRecord"]
    assert turn["additionalProperties"] is False
    assert {"type", "turn", "move", "target", "outcome"} == set(turn["required"])


def test_schema_of_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["schema", "scenario"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_run_a_broken_case_lists_its_problems(capsys: pytest.CaptureFixture[str], broken_case: Make) -> None:
    broken = broken_case(("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'))
    code, out, err = cli(capsys, "run", str(broken.path))
    assert (code, out) == (1, "")
    line = broken.line_of('dest = "draftin"')
    assert f"{broken.path}:{line}:" in err
    assert "transitions[0].dest: unknown phase or ending 'draftin'" in err


def test_validate_a_file_that_is_neither_case_nor_persona(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_text('title = "not a case"\n', encoding="utf-8")
    code, out, _ = cli(capsys, "validate", str(tmp_path))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{path}:1:1: (document): neither a case")


def test_run_after_continues_the_story_from_a_finished_game(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bamako carries over from Algiers: `--after` starts it from how an Algiers game ended,
    and refuses a game that has not ended or a case that does not continue from it."""
    algiers = ROOT / "scenarios" / "algiers-2014-2015.toml"
    bamako = ROOT / "scenarios" / "bamako-implementation-2015-2017.toml"
    finished, unfinished = tmp_path / "finished.jsonl", tmp_path / "unfinished.jsonl"
    assert cli(capsys, "run", str(algiers), "--strategy", "history", "--transcript", str(finished))[0] == 0
    assert cli(capsys, "run", str(algiers), "--moves", "college_meeting", "--transcript", str(unfinished))[0] == 0

    code, out, _ = cli(capsys, "run", str(bamako), "--after", str(finished), "--json")
    assert code == 0
    fresh = json.loads(cli(capsys, "run", str(bamako), "--json")[1])
    continued = json.loads(out)
    assert continued["parties"]["coordination"]["trust"] != fresh["parties"]["coordination"]["trust"]
    code, out, _ = cli(capsys, "run", str(bamako), "--after", str(finished), "--moves", "")
    assert "Continued from a game of 'algiers' that ended: Signed in two stages, under duress" in out

    code, _, err = cli(capsys, "run", str(bamako), "--after", str(unfinished))
    assert code == 1 and "has not ended yet" in err and "Traceback" not in err
    code, _, err = cli(capsys, "run", str(ROOT / "scenarios" / "mali-2020-2023.toml"), "--after", str(finished))
    assert code == 1 and "no [carry_over]" in err
    code, _, err = cli(capsys, "play", "--after", str(finished))
    assert code == 1 and "--after needs the CASE" in err


@pytest.mark.parametrize("command", ["lint", "simulate", "graph", "test", "run"])
def test_a_persona_given_as_a_case_is_named_as_such(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, _, err = cli(capsys, command, str(PERSONAS_DIR / "aqim.toml"))
    assert code == 1
    assert "kind: this is a persona (aqim), not a case" in err and "required but missing" not in err


def _arguments(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, argparse.Action]]:
    found: list[tuple[str, argparse.Action]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _arguments(sub, (*path, name))
        elif not isinstance(action, argparse._HelpAction):
            found.append((" ".join(path), action))
    return found


def test_every_argument_of_every_command_has_help() -> None:
    """`--help` describes every argument (issue 14: lint, graph and test described none)."""
    from roleplay.cli import build_parser

    arguments = _arguments(build_parser())
    missing = [f"{command} {action.option_strings or action.dest}" for command, action in arguments if not action.help]
    assert arguments and missing == []


def test_every_command_that_prints_json_takes_format_json() -> None:
    """One flag everywhere: `--format json` (run, simulate and probe keep `--json` for short)."""
    from roleplay.cli import build_parser

    formats: dict[str, set[str]] = {}
    for command, action in _arguments(build_parser()):
        if "--format" in action.option_strings:
            formats[command] = set(action.choices or ())
        if "--json" in action.option_strings:
            assert action.dest == "format", command
    for command in ("run", "simulate", "probe", "validate", "lint"):
        assert "json" in formats.get(command, set()), command
