"""What a game derives from its agreements in force, computed once and kept until it can change:
the provisions row by row and in total, each country's obligations this year, and the memo that
keeps them (``cached``: until an agreement is made or the turn changes, or once a year for what
depends on the model state alone). Mixed into ``Game`` (``game.rules.game``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from game.rules.agreements import Agreement, ProvisionRows, cap_levels, provision_rows


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
        return self.cached("rows", lambda: provision_rows(self.agreements, self.turn, self.index))

    def provisions_in_force(self) -> np.ndarray:
        """(CHANNELS, n, n): what agreements in force provide if every clause is kept (cached)."""
        return self.cached(
            "provisions", lambda: cap_levels(self.provision_rows().total(len(self.index)))
        )
