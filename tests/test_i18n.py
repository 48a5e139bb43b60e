"""Translation catalogs: complete in both languages, no overlapping keys, placeholders kept."""

from __future__ import annotations

import json
import re

from game.i18n import CATALOG_DIRECTORY, LANGUAGES, catalog, flatten, translate

PLACEHOLDER = re.compile(r"%\{(\w+)\}")


def test_both_languages_have_the_same_keys():
    english, indonesian = set(catalog("en")), set(catalog("id"))
    assert sorted(english - indonesian) == []
    assert sorted(indonesian - english) == []


def test_every_part_has_both_languages_and_parts_do_not_share_keys():
    seen: dict[str, str] = {}
    for path in sorted(CATALOG_DIRECTORY.glob("*.en.json")):
        part = path.name.removesuffix(".en.json")
        assert (CATALOG_DIRECTORY / f"{part}.id.json").exists(), part
        for key in flatten(json.loads(path.read_text(encoding="utf-8"))["en"]):
            assert key not in seen, f"{key} is in both {seen.get(key)} and {part}"
            seen[key] = part


def test_translations_keep_the_placeholders():
    english = catalog("en")
    for language in LANGUAGES:
        for key, text in catalog(language).items():
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), key


def test_indonesian_texts_are_translated():
    english, indonesian = catalog("en"), catalog("id")
    same = [k for k in english if english[k] == indonesian[k] and len(english[k]) > 12]
    assert same == []


def test_lookup_fills_values_and_falls_back_to_english():
    assert translate("refusal.bad_duration", "id", maximum=30) == \
        "masa berlaku harus 1 sampai 30 tahun"
    assert translate("refusal.bad_duration", "fr", maximum=5).startswith("duration must be")
    assert translate("no.such.key") == "no.such.key"
