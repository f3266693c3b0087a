"""Hostile inputs (issue 13): line and structure mutations of the shipped files through
validate (and, when a mutant still validates, a game played, saved, read and debriefed), and
tampered saves through read, resume and debrief. Only RoleplayError may escape; nothing may
take over 5 s.

    .venv/bin/python benchmarks/fuzz.py [--cases N] [--saves N] [--seed S]

Exits non-zero on the first traceback (printed with the input that caused it) or on a slow
input. tests/test_hostile_fuzz.py runs a bounded number of the same mutations. Hostile team
names and class messages through every output: benchmarks/fuzz_names.py.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roleplay.errors import RoleplayError  # noqa: E402

SLOW = 5.0
HOSTILE_TEXT = [
    "[/]",
    "[@click=app.quit]x[/]",
    "\x1b[2J\x1b]0;t\x07",
    "\u2028",
    "\u2029",
    "\u0085",
    "a\\u2028b",
    "![t](http://h/p.png)",
    "=HYPERLINK(1)",
    "x" * 5000,
    "\ud7ff",
    "🙂" * 50,
    "",
    " ",
    "#",
    "'''",
    '\\"',
]
HOSTILE_NUMBERS = [
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "0",
    "-0",
    "1e-320",
    "9223372036854775807",
    "-9223372036854775808",
    "-1",
    "101",
    "0.5",
    "1_000",
    "0x10",
    "1979-05-27",
]
HOSTILE_LINES = [
    "x = 1e308",
    "weight = 1e308",
    "weight = 1e-300",
    ".".join(["k"] * 40) + " = 1",
    "x = " + "[" * 40 + "]" * 40,
    ".".join(["k"] * 500) + " = 1",
    "x = " + "[" * 2000 + "]" * 2000,
    "[" + ".".join(["t"] * 300) + "]",
    "[[moves]]",
    "[[events]]",
    "[[phases]]",
    "[mediation]",
    "= = =",
    "[",
    '"""',
    "'''",
    "x = {a = {b = {c = 1}}}",
    'id = "\x1b[2J"',
    'when = "(" * 200',
    'when = "' + "not " * 300 + 'true"',
    "kind = 'persona'",
    "toward = 1e308",
    "delta = 1e308",
    "max_turns = 0",
    "turn = 9223372036854775807",
    "\ufeffx = 1",
]


def mutate_case(rng: random.Random, text: str) -> str:
    """One to three line or token mutations of a TOML file."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(9)
        at = rng.randrange(len(lines))
        if kind == 0 and len(lines) > 1:
            del lines[at]
        elif kind == 1:
            lines.insert(at, lines[rng.randrange(len(lines))])
        elif kind == 2:
            other = rng.randrange(len(lines))
            lines[at], lines[other] = lines[other], lines[at]
        elif kind == 3:
            lines.insert(at, rng.choice(HOSTILE_LINES))
        elif kind == 4:  # a number replaced, on a line that has one
            numeric = [i for i, line in enumerate(lines) if re.search(r"= -?\d", line)]
            at = rng.choice(numeric) if numeric else at
            numbers = list(re.finditer(r"(?<![\w.])-?\d+(\.\d+)?(?![\w.])", lines[at]))
            if numbers:
                m = rng.choice(numbers)
                lines[at] = lines[at][: m.start()] + rng.choice(HOSTILE_NUMBERS) + lines[at][m.end() :]
        elif kind == 5:  # text inside a string
            quote = lines[at].find('"')
            if quote >= 0:
                lines[at] = lines[at][: quote + 1] + rng.choice(HOSTILE_TEXT) + lines[at][quote + 1 :]
        elif kind == 6:  # an identifier replaced by another of the file
            words = re.findall(r'"([a-z_][a-z0-9_]*)"', text)
            found = re.search(r'"([a-z_][a-z0-9_]*)"', lines[at])
            if words and found:
                lines[at] = lines[at].replace(found.group(1), rng.choice(words), 1)
        elif kind == 7:  # cut
            joined = "\n".join(lines)
            return joined[: rng.randrange(len(joined) + 1)]
        else:  # a character flipped
            line = lines[at]
            if line:
                i = rng.randrange(len(line))
                lines[at] = line[:i] + rng.choice("[]{}=\"'#.,\\\n") + line[i + 1 :]
    return "\n".join(lines)


def _hostile_value(rng: random.Random) -> object:
    return rng.choice(
        [
            None,
            True,
            0,
            -1,
            10**30,
            1e308,
            -0.0,
            "",
            "x",
            "nan",
            [],
            {},
            [1, 2],
            {"a": 1},
            "\u2028",
            "[/]",
            1.5,
            "agreement",
            "roadmap_separate",
            "start",
            "turn",
            "choice",
            "inject",
        ]
    )


def mutate_save(rng: random.Random, text: str) -> str:
    """A tampering of a JSON Lines save: a value, a key, a line, or a cut."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if line]
    kind = rng.randrange(8)
    at = rng.choice(body)
    if kind <= 2:
        record = json.loads(lines[at])
        paths: list[tuple[object, object]] = []
        stack: list[object] = [record]
        while stack:
            node = stack.pop()
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
            for key, value in items:
                paths.append((node, key))
                stack.append(value)
        if paths:
            node, key = rng.choice(paths)
            if kind == 2 and isinstance(node, dict):
                del node[key]  # type: ignore[arg-type]
            else:
                node[key] = _hostile_value(rng)  # type: ignore[index]
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        if kind == 1:
            line = line.replace("1e+308", "NaN").replace("1.5", "Infinity")
        lines[at] = line
    elif kind == 3:
        del lines[at]
    elif kind == 4:
        lines.insert(at, lines[rng.choice(body)])
    elif kind == 5:
        other = rng.choice(body)
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == 6:
        joined = "\n".join(lines)
        return joined[: rng.randrange(len(joined) + 1)]
    else:
        lines.insert(at, rng.choice(['{"type":"turn"}', "[" * 10000, '{"type":"end","records":1}', "\x00", "{}"]))
    return "\n".join(lines)


def check_case(path: Path) -> str:
    """Validate a mutant; when it validates, play it, save, read back and debrief it."""
    from roleplay.cli.problems import check_file
    from roleplay.debrief import build_debrief
    from roleplay.engine.session import Session
    from roleplay.loading import load_case
    from roleplay.storage.saves import resume, save
    from roleplay.strategies import RandomStrategy, autoplay

    if check_file(path):
        return "refused"
    try:
        loaded = load_case(path)
    except RoleplayError:
        return "refused"  # a persona, validated alone
    session = Session(loaded.blueprint, 7, case_ref=str(path), case_digest=loaded.digest)
    autoplay(session, RandomStrategy(7), max_actions=40)
    saved = path.with_suffix(".jsonl")
    save(session, saved)
    resumed = resume(saved, loaded.blueprint, loaded.digest)
    debrief = build_debrief(loaded.blueprint, resumed.records)
    _no_markup(path, debrief)
    return "played"


#: What must never appear in a debrief made from case text (the mutants carry HOSTILE_TEXT):
#: a link, an image, a script or an escape sequence of the text's own.
MARKUP = ("<a ", "<img", "<script", "\x1b", "\x07")


def _no_markup(path: Path, debrief: object) -> None:
    from roleplay.debrief.html import to_html
    from roleplay.debrief.markdown import to_markdown

    page, text = to_html(debrief), to_markdown(debrief)  # type: ignore[arg-type]
    found = [m for m in MARKUP if m in page] + [m for m in ("\x1b", "\x07") if m in text]
    if found:
        raise AssertionError(f"{path}: the debrief carries markup of the case's text: {found}")


def check_save(path: Path, loaded: object) -> str:
    from roleplay.debrief import build_debrief
    from roleplay.storage.saves import resume
    from roleplay.storage.transcripts import read_records

    blueprint = loaded.blueprint  # type: ignore[attr-defined]
    try:
        records = read_records(path)
    except RoleplayError:
        return "refused"
    verdicts = []
    for step in (lambda: resume(path, blueprint), lambda: build_debrief(blueprint, records)):
        try:
            step()
            verdicts.append(True)
        except RoleplayError:
            verdicts.append(False)
    if verdicts[0] != verdicts[1]:  # a debrief of a game that replay says was never played
        raise AssertionError(f"resume {'accepts' if verdicts[0] else 'refuses'} it, debrief does not")
    return "accepted" if verdicts[0] else "refused"


def run(kind: str, count: int, seed: int, check: Callable[[random.Random, int], str]) -> dict[str, int]:
    rng = random.Random(seed)
    outcomes: dict[str, int] = {}
    slowest = 0.0
    for number in range(count):
        started = time.monotonic()
        outcome = check(rng, number)
        took = time.monotonic() - started
        slowest = max(slowest, took)
        if took > SLOW:
            raise AssertionError(f"{kind} {number} took {took:.1f} s")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    outcomes["slowest_ms"] = round(slowest * 1000)
    return outcomes


def case_checker(folder: Path) -> Callable[[random.Random, int], str]:
    from roleplay.loading import loader

    sources = [ROOT / "scenarios" / "tutorial.toml", ROOT / "tests/fixtures/mini/scenarios/mini.toml"]
    sources += sorted((ROOT / "personas").glob("*.toml"))[:6]
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sources]
    scen = folder / "scenarios"
    scen.mkdir(exist_ok=True)
    if not (folder / "personas").exists():
        (folder / "personas").symlink_to(ROOT / "personas", target_is_directory=True)
    mini = folder / "mini"
    (mini / "scenarios").mkdir(parents=True, exist_ok=True)
    if not (mini / "personas").exists():
        (mini / "personas").symlink_to(ROOT / "tests/fixtures/mini/personas", target_is_directory=True)

    def check(rng: random.Random, number: int) -> str:
        name, text = rng.choice(texts)
        mutant = mutate_case(rng, text)
        where = (mini / "scenarios") if name == "mini.toml" else scen
        path = where / f"m{number}-{name}"
        path.write_text(mutant, encoding="utf-8", errors="surrogatepass")
        try:
            return check_case(path)
        except RoleplayError:
            return "refused"
        except BaseException as exc:
            raise AssertionError(
                f"case mutant {number} ({name}) raised {exc!r}:\n{traceback.format_exc()}\n--- input kept at {path}"
            ) from None
        finally:
            if number % 50 == 49:
                loader._documents.clear()
                loader._personas.clear()

    return check


def save_checker(folder: Path) -> Callable[[random.Random, int], str]:
    from roleplay.engine.session import Session
    from roleplay.loading import load_case
    from roleplay.storage.saves import save
    from roleplay.strategies import HistoryStrategy, autoplay

    loaded = load_case(ROOT / "scenarios" / "algiers-roadmap-2014.toml")
    session = Session(loaded.blueprint, 5, case_ref=str(loaded.path), case_digest=loaded.digest)
    autoplay(session, HistoryStrategy(5), max_actions=12)
    original = folder / "original.jsonl"
    save(session, original)
    text = original.read_text(encoding="utf-8")

    def check(rng: random.Random, number: int) -> str:
        path = folder / f"s{number}.jsonl"
        path.write_text(mutate_save(rng, text), encoding="utf-8", errors="surrogatepass")
        try:
            return check_save(path, loaded)
        except BaseException as exc:
            raise AssertionError(
                f"save mutant {number} raised {exc!r}:\n{traceback.format_exc()}\n--- input kept at {path}"
            ) from None

    return check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = run("case", args.cases, args.seed, case_checker(folder))
        print(f"case mutants: {args.cases} {cases}")
        saves = run("save", args.saves, args.seed, save_checker(folder))
        print(f"tampered saves: {args.saves} {saves}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"no traceback, none over {SLOW:g} s; {time.monotonic() - started:.0f} s, max RSS {rss} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
