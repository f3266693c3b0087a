"""The cache of validated cases (roleplay.loading.cache, case_cache): a hit plays the same game
byte for byte, any change to a file or a damaged entry is a miss, errors are reported as
without it, and it can be turned off."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BAMAKO_PATH, FULL_ALGIERS_PATH, MINI_PATH, PERSONAS_DIR, BrokenCase
from helpers import played

from roleplay.engine.transcript import render
from roleplay.errors import ScenarioError
from roleplay.loading import case_cache, load_case
from roleplay.loading.cache import case_key, code_fingerprint
from roleplay.loading.case_cache import KIND, load_case_cached


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """The mini case and its personas, copied where a test may edit them."""
    shutil.copytree(MINI_PATH.parent.parent, tmp_path / "mini")
    return tmp_path / "mini" / "scenarios" / MINI_PATH.name


def no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, loading a case from its files fails the test: only a hit can load it."""

    def refused(*args: object, **kwargs: object) -> object:
        raise AssertionError("the case was read from its files, not from the cache")

    monkeypatch.setattr(case_cache, "load_case", refused)


def no_parsing(*args: object) -> object:
    raise AssertionError("a condition was parsed again")


def entry(cache: Path, path: Path) -> Path:
    key = case_key(path)
    assert key is not None
    return cache / f"{key.hex}.{KIND}"


@pytest.mark.parametrize(("path", "strategy"), [(FULL_ALGIERS_PATH, "history"), (BAMAKO_PATH, "random")])
def test_a_case_from_the_cache_plays_the_same_game_byte_for_byte(
    cache: Path, monkeypatch: pytest.MonkeyPatch, path: Path, strategy: str
) -> None:
    without = render(played(load_case(path), 7, strategy).records)
    stored = load_case_cached(path)  # a miss: read, validated and stored
    assert entry(cache, path).is_file()
    no_reading(monkeypatch)
    monkeypatch.setattr("roleplay.compile.checks.compile_condition", no_parsing)
    hit = load_case_cached(path)  # its conditions compiled from the trees kept with it
    assert hit.digest == stored.digest
    assert hit.blueprint is not stored.blueprint  # compiled again from the cached models
    assert render(played(hit, 7, strategy).records) == without
    assert render(played(stored, 7, strategy).records) == without


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped in the payload
        lambda data: b"",  # empty
        lambda data: b"not a cache entry at all",
    ],
    ids=["cut", "flipped", "empty", "other"],
)
def test_a_damaged_entry_is_ignored_and_written_again(
    cache: Path, copied: Path, monkeypatch: pytest.MonkeyPatch, damage: Callable[[bytes], bytes]
) -> None:
    expected = render(played(load_case(copied), 3, "random").records)
    load_case_cached(copied)
    stored = entry(cache, copied)
    whole = stored.read_bytes()
    stored.write_bytes(damage(whole))
    assert render(played(load_case_cached(copied), 3, "random").records) == expected
    assert stored.read_bytes() == whole  # rewritten
    no_reading(monkeypatch)
    load_case_cached(copied)  # and a hit again


def test_an_entry_of_other_code_is_a_miss(cache: Path, copied: Path) -> None:
    """A payload with a valid checksum that is not the models this code stores."""
    from roleplay.loading.cache import write_entry

    key = case_key(copied)
    assert key is not None
    write_entry(key, KIND, b"\x80\x05K\x01.")  # pickle of the number 1
    assert load_case_cached(copied).case.id == load_case(copied).case.id
    assert entry(cache, copied).read_bytes() != b""


@pytest.mark.parametrize("edited", ["case", "persona", "new persona"])
def test_any_change_to_the_case_or_its_personas_is_a_miss(cache: Path, copied: Path, edited: str) -> None:
    first = load_case_cached(copied)
    personas = copied.parent.parent / "personas"
    if edited == "case":
        copied.write_text(copied.read_text().replace(first.case.title, "A title edited since"))
    elif edited == "persona":
        persona = sorted(personas.glob("*.toml"))[0]
        persona.write_text(persona.read_text() + "\n# edited\n")
    else:
        shutil.copy(sorted(personas.glob("*.toml"))[0], personas / "zz_copy.toml")
    try:
        fresh = load_case(copied)
    except ScenarioError as error:  # a copy under a second file name: the same error from the cache
        with pytest.raises(ScenarioError) as cached_error:
            load_case_cached(copied)
        assert cached_error.value.problems == error.problems
        return
    again = load_case_cached(copied)
    assert again.digest == fresh.digest
    assert again.case == fresh.case
    assert len(list(cache.glob(f"*.{KIND}"))) == 2


def test_the_key_covers_the_code(copied: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = case_key(copied)
    monkeypatch.setattr("roleplay.loading.cache.code_fingerprint", lambda: b"other code")
    assert case_key(copied) != key
    assert len(code_fingerprint()) == 32


def test_errors_are_reported_as_without_the_cache_and_never_stored(
    cache: Path, broken_case: Callable[..., BrokenCase]
) -> None:
    broken = broken_case(("trust = ", "trust = -"))
    expected = broken.problems()
    for _ in range(2):
        with pytest.raises(ScenarioError) as error:
            load_case_cached(broken.path)
        assert error.value.problems == expected
    assert not cache.exists() or not list(cache.glob(f"*.{KIND}"))


def test_roleplay_no_cache_turns_it_off(cache: Path, copied: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROLEPLAY_NO_CACHE", "1")
    load_case_cached(copied)
    assert not cache.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder permissions are POSIX")
def test_a_folder_others_may_write_to_is_not_used(cache: Path, copied: Path) -> None:
    cache.mkdir(parents=True)
    cache.chmod(0o777)
    load_case_cached(copied)
    assert not list(cache.iterdir())


def test_the_shipped_personas_folder_is_part_of_the_key() -> None:
    """The loader reads every persona file beside a case: the key reads the same ones."""
    dirs = [PERSONAS_DIR]
    assert case_key(FULL_ALGIERS_PATH, dirs) == case_key(FULL_ALGIERS_PATH)
    assert case_key(FULL_ALGIERS_PATH, []) != case_key(FULL_ALGIERS_PATH)


def test_a_case_kept_before_serve_forked_is_taken_as_it_is(
    cache: Path, copied: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`roleplay serve`'s sessions take the case their zygote loaded (roleplay.loading.kept),
    before the cache is looked at."""
    from roleplay.loading import kept

    monkeypatch.setattr(kept, "_kept", {})
    dirs = case_cache.persona_dirs_for(copied)
    stamps = kept.stamps_of(copied, dirs)
    loaded = load_case(copied)
    kept.keep(copied, loaded, stamps)
    assert load_case_cached(copied) is loaded
    assert not cache.exists() or not list(cache.glob(f"*.{KIND}"))  # nothing read, nothing stored
