"""The JSON text of a game's records, kept once written, so that saves and state hashes do not
encode the whole game again after every move (issue 17: the autosave's wait grew with the game).

A game's log only ever grows, so its lines are encoded once each (``EncodedLog``). Agreements
and negotiations change in a few known ways (an agreement ends or records a breach; a
negotiation gets an offer, an acceptance, a new status), so each one's text is kept with the
fields that can change and encoded again only when one of them has (``EncodedItems``). The text
is exactly ``json.dumps(record, sort_keys=True)``: hashes and logs are the same bytes as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable
from typing import Any


def dumps(record: Any) -> str:
    """One record as the game writes it: keys sorted, the C encoder's default separators."""
    return json.dumps(record, sort_keys=True)


class EncodedLog:
    """The encoded lines of an append-only list of records."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._source: list[Any] | None = None

    def lines(self, records: list[Any]) -> list[str]:
        """One line per record of ``records`` (new records are encoded; a list that is not the
        one seen before, or that shrank, is encoded again from the start)."""
        if records is not self._source or len(self._lines) > len(records):
            self._lines, self._source = [], records
        if len(self._lines) < len(records):
            self._lines.extend(dumps(r) for r in records[len(self._lines):])
        return self._lines


class EncodedItems:
    """The encoded text of items that change in known ways, per position in their list."""

    def __init__(self) -> None:
        self._texts: dict[Hashable, tuple[Hashable, str]] = {}

    def text(self, key: Hashable, version: Hashable, record: Callable[[], Any]) -> str:
        """The text of ``record()``, encoded again only when ``version`` differs from the last
        time ``key`` was asked for."""
        kept = self._texts.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        text = dumps(record())
        self._texts[key] = (version, text)
        return text

    def array(self, texts: list[str]) -> str:
        """A JSON list of encoded items, as ``json.dumps`` writes it."""
        return "[" + ", ".join(texts) + "]"
