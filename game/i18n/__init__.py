"""Translation catalogs (English and Bahasa Indonesia) and lookup for the headless parts.

The catalogs are pygame_gui's format (``diplomasi.<locale>.json``, nested keys, ``%{name}``
placeholders), so the UI hands the same files to pygame_gui and everything else reads them here.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path

from game.i18n.numbers import TRUE_MINUS, minus, short

LANGUAGES = ("en", "id")
#: The catalogs, inside the package (read through importlib.resources, so that they are found
#: wherever the package is installed).
CATALOG_DIRECTORY = Path(str(files(__name__).joinpath("data")))
_PLACEHOLDER = re.compile(r"%\{(\w+)\}")


def flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    """A catalog's nested texts as dotted keys: {"a": {"b": "x"}} → {"a.b": "x"}."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    """Every key of a language's catalogs with its text.

    Each part of the game keeps its own file, ``<part>.<language>.json`` (diplomasi, ai, ui,
    ...), so that parts are edited independently; their keys must not overlap (a test checks).
    """
    merged: dict[str, str] = {}
    for path in sorted(CATALOG_DIRECTORY.glob(f"*.{language}.json")):
        merged.update(flatten(json.loads(path.read_text(encoding="utf-8"))[language]))
    return merged


def plural_key(key: str, count: object) -> str:
    """A text with plural forms is a node ``{"one": ..., "other": ...}`` in the catalogs ("1
    clause", "2 clauses"); the form is chosen by the ``count`` value (Indonesian, which does not
    inflect, gives both forms the same words). Other keys are themselves."""
    if f"{key}.other" not in catalog("en"):
        return key
    return f"{key}.one" if isinstance(count, int | float) and count == 1 else f"{key}.other"


def translate(key: str, language: str = "en", **values: object) -> str:
    """The text of ``key`` in ``language`` with ``%{name}`` filled in; English if missing there,
    the key itself if missing everywhere (a test keeps both catalogs complete). A key with plural
    forms takes the one for ``count`` (``plural_key``)."""
    if "count" in values:
        key = plural_key(key, values["count"])
    text = catalog(language).get(key) if language in LANGUAGES else None
    if text is None:
        text = catalog("en").get(key, key)
    text = text.replace(TRUE_MINUS, minus())  # the sign the font shows as a minus
    return _PLACEHOLDER.sub(lambda m: _format(values.get(m.group(1), m.group(0)), language), text)


def _format(value: object, language: str) -> str:
    """A value put into a text: a fraction written as the reader writes it (its minus sign a true
    minus, ``game.i18n.numbers``); a whole number as it is (a save's or a file's value quoted)."""
    if isinstance(value, float):
        return short(value, language)
    return str(value)
