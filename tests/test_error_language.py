"""Errors about files speak the player's language: a damaged save or a missing scenario file is
explained in Indonesian in the Indonesian game (the schema's own details stay English, said so)."""

from __future__ import annotations

import json

import pytest

from game.i18n import catalog
from game.rules.storage import StorageError, load_game
from game.scenario.loading import ScenarioError, load_scenario, load_text, resolve


def test_every_storage_and_file_problem_key_has_both_languages():
    for prefix in ("storage.", "scenario_file."):
        english = {k for k in catalog("en") if k.startswith(prefix)}
        indonesian = {k for k in catalog("id") if k.startswith(prefix)}
        assert english and english == indonesian


def test_a_damaged_save_is_explained_in_indonesian(tmp_path):
    path = tmp_path / "save.json"
    path.write_text('{"format": "diplomasi-save", "version": 1, "scenario": ', encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        load_game(path)
    error = caught.value
    assert error.message.startswith("the save is damaged or cut short")
    indonesian = error.text("id")
    assert indonesian.startswith("simpanan rusak atau terpotong")
    assert "baris 1" in indonesian and "kolom" in indonesian
    assert indonesian != error.message


def test_not_a_save_in_both_languages(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"hello": 1}), encoding="utf-8")
    with pytest.raises(StorageError) as caught:
        load_game(path)
    assert caught.value.message == "not a Diplomasi save file"
    assert caught.value.text("id") == "bukan berkas simpanan Diplomasi"


def test_a_missing_scenario_file_is_explained_in_indonesian(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "gone.toml")
    report = caught.value.report("id")
    assert "1 masalah" in report
    assert "berkas tidak ditemukan" in report
    assert "no such file" in caught.value.report()
    with pytest.raises(ScenarioError) as caught:
        resolve("no-such-scenario")
    assert "skenario bawaan: " in caught.value.report("id") and "tutorial" in caught.value.report("id")


def test_schema_details_stay_english_and_the_report_says_so():
    with pytest.raises(ScenarioError) as caught:
        load_text("[scenario]\nid = 'broken'\nturns = 'ten'\n", "mine.toml")
    report = caught.value.report("id")
    assert report.splitlines()[0].endswith("masalah")
    assert "bahasa Inggris" in report.splitlines()[1]
    assert caught.value.report().splitlines()[0].endswith("problems")
