"""What a game derives from its agreements in force, computed once and kept until it can change:
the provisions row by row and in total, each country's obligations this year, and the memo that
keeps them (``cached``: until an agreement is made or the turn changes, or once a year for what
depends on the model state alone). Mixed into ``Game`` (``game.rules.game``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from game.rules.agreements import (
    Agreement,
    ProvisionRows,
    cap_levels,
    more_provision_rows,
    provision_rows,
    recapped,
)


class Derived:
    """The figures a game derives from its agreements in force (``self`` is the ``Game``)."""

    agreements: list[Agreement]
    index: dict[str, int]
    turn: int
    state: Any

    def obligations(self, country: str) -> list[tuple[Agreement, int]]:
        """(agreement, clause index) pairs in force that the country must keep this year."""
        return self.cached("obligations", self._all_obligations).get(country, [])

    def _all_obligations(self) -> dict[str, list[tuple[Agreement, int]]]:
        result: dict[str, list[tuple[Agreement, int]]] = {}
        for agreement in self.in_force():
            for k, clause in enumerate(agreement.clauses):
                for country in clause.obligated(agreement.parties):
                    result.setdefault(country, []).append((agreement, k))
        return result

    def cached(self, name: str, compute: Callable[[], Any], yearly: bool = False) -> Any:
        """A value derived from the agreements in force, computed once until an agreement is
        made or the turn changes, or (``yearly``) derived from the model state alone, computed
        once a year (for projections; callers must not modify it)."""
        if yearly:
            if self._yearly_key != self.state.year:
                self._yearly_key, self._yearly = self.state.year, {}
            try:  # one look-up when known: the AI asks tens of thousands of times a phase
                return self._yearly[name]
            except KeyError:
                value = self._yearly[name] = compute()
                return value
        key = (self.turn, len(self.agreements))
        if self._cache_key != key:
            self._cache_key, self._cache = key, {}
        try:
            return self._cache[name]
        except KeyError:
            value = self._cache[name] = compute()
            return value

    def provision_rows(self) -> ProvisionRows:
        """The provisions of the agreements in force, row by row (cached)."""
        return self._in_force_rows()[0]

    def provisions_in_force(self) -> np.ndarray:
        """(CHANNELS, n, n): what agreements in force provide if every clause is kept (cached)."""
        return self._in_force_rows()[1]

    def _in_force_rows(self) -> tuple[ProvisionRows, np.ndarray]:
        """The provision rows in force and their total (levels capped), made once a turn and
        extended with each agreement made since (agreements made in a turn are in force from
        it and come at the end of the list): the arrays made afresh would be the same."""
        kept = getattr(self, "_rows_kept", None)
        agreements = self.agreements
        if (kept is not None and kept[0] == self.turn and kept[1] is agreements
                and kept[2] <= len(agreements)
                and (not kept[2] or kept[3] is agreements[kept[2] - 1])):
            rows, capped = kept[4:]
            if kept[2] == len(agreements):
                return rows, capped
            start = len(rows.size)
            rows = more_provision_rows(rows, agreements, kept[2], self.turn, self.index)
            capped = recapped(capped, rows, start)
            if capped is None:
                capped = cap_levels(rows.total(len(self.index)))
        else:
            rows = provision_rows(agreements, self.turn, self.index)
            capped = cap_levels(rows.total(len(self.index)))
        self._rows_kept = (self.turn, agreements, len(agreements),
                           agreements[-1] if agreements else None, rows, capped)
        return rows, capped
