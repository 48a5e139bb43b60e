"""The Indonesian texts speak in one register (*Anda*) and use one term for each idea.

The terms and their rejected variants come from docs/glossary.md, so that the glossary the
designers read and the check the tests make are the same list."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from game.i18n import CATALOG_DIRECTORY, flatten

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary.md"
SCENARIOS = ROOT / "game" / "data" / "scenarios"

#: Second-person forms other than *Anda*.
_OTHER_YOU = re.compile(r"\b(kalian|kamu|engkau|kau|dikau)\b", re.IGNORECASE)
#: Words with the suffix -mu (negaramu, jawabanmu), except ordinary words that end in "mu".
_SUFFIX_MU = re.compile(r"\b(\w{2,}mu)(lah|pun)?\b", re.IGNORECASE)
_WORDS_ENDING_IN_MU = {"ilmu", "temu", "bertemu", "jamu", "tamu", "semu", "jemu", "ramu", "meramu",
                       "jumu", "kemu", "kamu"}


def _second_person(text: str) -> list[str]:
    found = [m.group(0) for m in _OTHER_YOU.finditer(text)]
    found += [m.group(0) for m in _SUFFIX_MU.finditer(text)
              if m.group(1).lower() not in _WORDS_ENDING_IN_MU]
    return found


def indonesian_catalog() -> dict[str, str]:
    """Every Indonesian catalog value by its key (one file at a time, so that a key in the wrong
    file is still checked)."""
    values: dict[str, str] = {}
    for path in sorted(CATALOG_DIRECTORY.glob("*.id.json")):
        values.update(flatten(json.loads(path.read_text(encoding="utf-8"))["id"]))
    return values


def _bilingual_texts(node: object, place: str) -> list[tuple[str, str]]:
    """The Indonesian half of every {en, id} text in a scenario's data."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("id"), str):
            found.append((place, node["id"]))
        for key, value in node.items():
            found += _bilingual_texts(value, f"{place}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _bilingual_texts(value, f"{place}[{index}]")
    return found


def scenario_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(SCENARIOS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        texts.update(_bilingual_texts(data, path.name))
    return texts


#: The Indonesian halves of the docs: the heading where each starts.
INDONESIAN_DOCS = {"teachers.md": "# Diplomasi untuk guru"}


def docs_texts() -> dict[str, str]:
    """The Indonesian half of each bilingual doc, by file name (a heading that moved fails)."""
    texts = {}
    for name, heading in INDONESIAN_DOCS.items():
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert heading in text, f"docs/{name}: its Indonesian half starts at {heading!r}"
        texts[name] = text[text.index(heading):]
    return texts


def glossary_terms() -> list[tuple[str, str, list[str], list[str]]]:
    """(English, Indonesian, rejected variants, key prefixes where they may appear) per row of
    the glossary's table of terms."""
    rows = []
    in_terms = False
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            in_terms = line.strip() == "## Terms"
            continue
        if not in_terms or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "English":
            continue
        rejected = re.findall(r"\*([^*]+)\*", cells[2])
        allowed = re.findall(r"`([^`]+)`", cells[3])
        rows.append((cells[0], cells[1], rejected, allowed))
    return rows


def _contains(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE) is not None


def test_the_glossary_names_the_school_terms_and_the_two_choices():
    terms = {english: indonesian for english, indonesian, _, _ in glossary_terms()}
    assert terms["agreement"] == "perjanjian"
    assert terms["clause"] == "klausul"
    assert terms["negotiation"] == "perundingan"
    assert terms["trust"] == "kepercayaan"
    assert terms["sovereignty"] == "kedaulatan"
    assert terms["over-dependency"] == "ketergantungan berlebihan"
    rejected = {english: words for english, _, words, _ in glossary_terms()}
    assert rejected["clause"] == ["pasal"]
    assert rejected["agreement"] == ["kesepakatan"]


def test_the_checks_see_what_they_look_for():
    assert _second_person("Guru kalian membaca jawabanmu") == ["kalian", "jawabanmu"]
    assert _second_person("Kamu sudah menerima") == ["Kamu"]
    assert _second_person("Anda bertemu tamu dan belajar ilmu") == []
    assert _contains("Pasal yang mengikat Anda", "pasal")
    assert not _contains("pasalnya", "pasal")


def texts_of(source: str) -> dict[str, str]:
    return {"catalog": indonesian_catalog, "scenarios": scenario_texts,
            "docs": docs_texts}[source]()


@pytest.mark.parametrize("source", ["catalog", "scenarios", "docs"])
def test_indonesian_speaks_to_the_player_as_anda(source):
    texts = texts_of(source)
    assert texts
    wrong = {key: _second_person(text) for key, text in texts.items() if _second_person(text)}
    assert wrong == {}


@pytest.mark.parametrize("source", ["catalog", "scenarios", "docs"])
def test_one_term_for_each_idea(source):
    texts = texts_of(source)
    wrong = []
    for english, _, rejected, allowed in glossary_terms():
        for word in rejected:
            wrong += [(english, word, key) for key, text in texts.items()
                      if _contains(text, word) and not any(key.startswith(a) for a in allowed)]
    assert wrong == []


def test_the_school_terms_are_on_screen():
    """The chosen terms are really used (a glossary of words nobody sees checks nothing)."""
    texts = " ".join(indonesian_catalog().values())
    for english, indonesian, _, _ in glossary_terms():
        for term in re.split(r"\s*[,/]\s*", indonesian):
            term = re.sub(r"\s*\(.*?\)", "", term).strip()
            if english in {"agreement", "clause", "negotiation", "trust", "sovereignty",
                           "over-dependency", "the people's welfare", "technology transfer"}:
                assert _contains(texts, term), (english, term)
