"""Every text of the window comes from the catalogs, in both languages: each key the client uses
exists in English and Indonesian, and no screen in Indonesian shows English from the catalogs."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import re
from pathlib import Path

import pygame
import pytest

from game.i18n import catalog

UI = Path(__file__).resolve().parents[1] / "game" / "ui"
LITERAL = re.compile(r"""\bui\(\s*["']([a-z0-9_.]+)["']""")
FORMATTED = re.compile(r"""\bui\(\s*f["']([^"']+)["']""")
PLACEHOLDER = re.compile(r"%\{\w+\}")


def used_keys() -> tuple[set[str], set[str]]:
    """(literal keys, prefixes of keys built at run time) used by the client."""
    literal, prefixes = set(), set()
    for path in UI.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        literal.update(LITERAL.findall(source))
        prefixes.update(key.split("{")[0] for key in FORMATTED.findall(source))
    return literal, prefixes


def test_every_key_the_client_uses_is_in_both_catalogs():
    english, indonesian = catalog("en"), catalog("id")
    literal, prefixes = used_keys()

    def known(key: str, texts: dict[str, str]) -> bool:  # a text, or one with plural forms
        return key in texts or (f"{key}.one" in texts and f"{key}.other" in texts)

    missing = sorted(k for k in literal if not known(f"ui.{k}", english)
                     or not known(f"ui.{k}", indonesian))
    assert missing == []
    for prefix in prefixes:
        assert any(k.startswith(f"ui.{prefix}") for k in english), prefix
    client = {k for k in english if k.startswith("ui.")}
    assert client == {k for k in indonesian if k.startswith("ui.")}


def test_the_client_catalog_files_hold_only_ui_keys():
    import json

    from game.i18n import CATALOG_DIRECTORY, flatten

    for language in ("en", "id"):
        data = json.loads((CATALOG_DIRECTORY / f"ui.{language}.json").read_text(encoding="utf-8"))
        assert all(key.startswith("ui.") for key in flatten(data[language]))


def english_phrases() -> list[tuple[str, re.Pattern]]:
    """English catalog texts (pieces between placeholders) that differ in Indonesian and would
    betray an untranslated string, with a whole-word pattern for each."""
    english, indonesian = catalog("en"), catalog("id")
    indonesian_text = "\n".join(indonesian.values())
    phrases = {}
    for key, text in english.items():
        if text == indonesian.get(key):
            continue
        for piece in PLACEHOLDER.split(text):
            piece = piece.strip(" .,:;()«»-")
            if len(piece) < 5 or piece in indonesian_text or not re.search(r"[A-Za-z]{3}", piece):
                continue
            phrases[piece] = re.compile(r"(?<![A-Za-z])" + re.escape(piece) + r"(?![A-Za-z])")
    return sorted(phrases.items())


def glossary_terms() -> list[str]:
    """The glossary shows each concept in the other language too (on purpose)."""
    english = catalog("en")
    return [v for k, v in english.items() if k.startswith("ui.glossary.") and k.endswith(".term")]


@pytest.fixture(scope="module")
def indonesian_screens(tmp_path_factory):
    folder = tmp_path_factory.mktemp("i18n")
    os.environ["DIPLOMASI_CONFIG_DIR"] = str(folder)
    os.environ["DIPLOMASI_DATA_DIR"] = str(folder)
    from game.ui.app import App
    from game.ui.settings import Settings
    from game.ui.testing import visible_texts
    from game.ui.tour import SCENES, make_games, stage

    games = make_games()
    app = App(Settings(language="id"), save_settings_on_change=False)
    app.autosave = folder / "autosave.json"
    screens = {}
    try:
        for scene in SCENES:
            stage(app, games, scene)
            app.step([], 0.05)
            screens[scene] = visible_texts(app)
    finally:
        games.close()  # the class games some screens host (their host processes)
    pygame.display.quit()
    return screens


def test_no_screen_in_indonesian_shows_english_from_the_catalogs(indonesian_screens):
    phrases = english_phrases()
    allowed = glossary_terms()
    found = []
    for scene, texts in indonesian_screens.items():
        for text in texts:
            for term in allowed:
                text = text.replace(f"({term})", "")
            text = re.sub(r"(?:/[\w.-]+){2,}", "", text)  # a folder's path is the file system's
            for phrase, pattern in phrases:
                if pattern.search(text):
                    found.append((scene, phrase, text[:80]))
    assert found == []


def test_the_indonesian_screens_are_really_in_indonesian(indonesian_screens):
    everything = " ".join(t for texts in indonesian_screens.values() for t in texts)
    for word in ("Kembali", "Berunding", "Tepati", "Kesejahteraan", "Papan peringkat"):
        assert word in everything
