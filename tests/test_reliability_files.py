"""The fast part of the reliability suite (issue 16): scenario files, saves and game logs
damaged at random by hypothesis, read as the game reads them. Each either loads or is refused
with a clear message (the file named, printable, in both languages), never another exception.
The long run (thousands of files, a soak of all-AI games, kills during saves) is
``python benchmarks/reliability.py``; its figures are in docs/reliability.md."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.reliability import bases, mutated, try_file

CASES = 100  # a kind: 300 files in all


@lru_cache(maxsize=1)
def originals():
    return bases(("tutorial", "archipelago"))


def check(kind: str, seed: int, tmp_path_factory) -> None:
    base = originals()
    rng = random.Random(seed)
    original = rng.choice(base.scenarios) if kind == "scenario" else (
        base.save if kind == "save" else base.log)
    data = mutated(kind, original, rng)
    folder = tmp_path_factory.mktemp(kind)
    path = folder / {"scenario": "s.toml", "save": "s.json", "log": "s.log"}[kind]
    path.write_bytes(data)
    outcome = try_file(kind, path, base.tutorial, seconds=60)
    assert outcome.result in ("loaded", "refused"), f"{kind} (seed {seed}): {outcome.detail}"


@pytest.mark.parametrize("kind", ["scenario", "save", "log"])
@settings(max_examples=CASES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_a_damaged_file_loads_or_is_refused_clearly(kind, seed, tmp_path_factory):
    check(kind, seed, tmp_path_factory)


def test_the_undamaged_originals_load(tmp_path):
    base = originals()
    for kind, data in (("save", base.save), ("log", base.log), ("scenario", base.scenarios[0])):
        path = tmp_path / f"original.{kind}"
        path.write_bytes(data)
        assert try_file(kind, path, base.tutorial).result == "loaded"


@pytest.mark.parametrize("text", [
    '{"format": "diplomasi-save", "version": 2, "extra": {"title": "x"}}',
    '{"format": "diplomasi-save", "version": 2, "seed": NaN}',
    '{"format": "diplomasi-save", "version": 2, "seed": ' + "9" * 5000 + "}",
    '{"format": "diplomasi-save", "version": 2, "a": ' + "[" * 3000 + "]" * 3000 + "}",
    '{"format": "diplomasi-save", "version": 2, "scenario": {"text": 5}}',
    '{"format": "diplomasi-save", "version": true}',
])
def test_hand_made_damage_is_refused_clearly(tmp_path, text):
    path = tmp_path / "save.json"
    path.write_text(text, encoding="utf-8")
    assert try_file("save", path).result == "refused"
