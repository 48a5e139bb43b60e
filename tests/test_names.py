"""One name for each thing on the student's screens (issue 15: "Human capital" / "Human
resources (skills)" / "Skills"; "Independence" / "Import concentration (HHI)"; jargon such as
"HHI" and "Nash social welfare"): the names designers use stay out of the student-facing
catalogs, as docs/glossary.md's "Names on the screen" lists them; every score term and indicator
has its explanation."""

from __future__ import annotations

import re
from pathlib import Path

from game.i18n import catalog
from game.model.state import SCORE_TERMS
from game.ui.scenes.game.panel import INDICATORS

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"
STUDENT_KEYS = ("ui.", "term.", "reason.", "explain.")


def names_table() -> list[tuple[list[str], list[str], list[str]]]:
    """(rejected English words, rejected Indonesian words, allowed key prefixes) per row."""
    rows, inside = [], False
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            inside = line.strip() == "## Names on the screen"
            continue
        if not inside or not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "thing":
            continue
        rows.append((re.findall(r"\*([^*]+)\*", cells[3]), re.findall(r"\*([^*]+)\*", cells[4]),
                     re.findall(r"`([^`]+)`", cells[5])))
    return rows


def test_the_table_is_read():
    rows = names_table()
    assert len(rows) >= 6
    assert any("HHI" in english for english, _, _ in rows)


def test_student_texts_use_one_name_for_each_thing():
    found = []
    for language, column in (("en", 0), ("id", 1)):
        texts = {k: re.sub(r"%\{\w+\}", "", v) for k, v in catalog(language).items()
                 if k.startswith(STUDENT_KEYS)}  # placeholders' names are not shown
        for row in names_table():
            for word in row[column]:
                pattern = re.compile(rf"(?<!\w){re.escape(word)}", re.IGNORECASE)
                found += [(language, key, word) for key, text in texts.items()
                          if pattern.search(text) and not key.startswith(tuple(row[2]))]
    assert found == [], found


def test_every_score_term_and_indicator_explains_itself():
    for language in ("en", "id"):
        texts = catalog(language)
        for term in SCORE_TERMS:
            assert len(texts.get(f"explain.term.{term}", "")) > 40, (language, term)
        for key in INDICATORS:
            assert len(texts.get(f"explain.indicator.{key}", "")) > 30, (language, key)
    # the welfare term says what it is measured against, in words a student follows
    assert "anyway" in catalog("en")["explain.term.welfare"]


def test_every_explanation_the_client_uses_is_in_both_catalogs():
    used = set()
    for path in (Path(__file__).resolve().parents[1] / "game" / "ui").rglob("*.py"):
        used.update(re.findall(r"""\btr\(\s*["'](explain\.[a-z0-9_.]+)["']""",
                               path.read_text(encoding="utf-8")))
    assert len(used) >= 10
    assert sorted(k for k in used if k not in catalog("en") or k not in catalog("id")) == []
