"""Who broke a promise to whom this year, and with what standing: the compliance record the
model's trust update reads (``Compliance``: kept and broken clauses between partners, and which
breaches answered a partner's own). Mixed into ``Game`` (``game.rules.game``).

Standing (Sugden 1986; Leimar & Hammerstein 2001): only an unjustified breach costs a country
its good standing, so a breach against a partner that broke first, within ``standing_years``,
is retaliation, and answering retaliation is not.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.model.state import Compliance


class Standing:
    """The compliance record of a game's year (``self`` is the ``Game``)."""

    index: dict[str, int]
    agreements: list[Any]
    reports: list[Any]
    turn: int
    economy: Any

    def provoked(self) -> np.ndarray | None:
        """(n, n) [i, j]: 1 where i broke a clause towards j (a clause of an agreement both
        are parties to) without good reason in the last ``standing_years`` turns, else 0; None
        when nobody did. A breach of j towards i this year is then retaliation
        (``Compliance.provoked``). Standing (Sugden 1986; Leimar & Hammerstein 2001): only an
        unjustified breach costs a country its good standing, so a partner that answers
        retaliation with a breach is not retaliating itself."""
        return self.cached("provoked", lambda: self._standing(self.turn))

    def _standing(self, turn: int) -> np.ndarray | None:
        """``provoked`` as it stood at ``turn``, from the turns' breaches in order."""
        years = self.economy.parameters.standing_years
        parties = {a.id: a.parties for a in self.agreements}
        n = len(self.index)
        offences: list[tuple[int, list[tuple[int, list[int]]]]] = []  # unjustified, by turn
        for report in self.reports:
            if report.turn >= turn:
                break
            if not report.breaches:
                continue
            before = _recent(offences, report.turn, years, n)
            unjustified = []
            for agreement, _, country in report.breaches:
                me = self.index[country]
                towards = [self.index[p] for p in parties[agreement] if p != country]
                if before is None or not all(before[t, me] for t in towards):
                    unjustified.append((me, towards))
            offences.append((report.turn, unjustified))
        return _recent(offences, turn, years, n)

    def _compliance_record(self, withheld: set[tuple[str, int, str]]
                           ) -> tuple[Compliance, list[tuple[str, int, str]]]:
        """Kept and broken clause counts between partners, whose partners provoked them (see
        ``provoked``), and the list of breaches."""
        n = len(self.index)
        kept = np.zeros((n, n))
        broken = np.zeros((n, n))
        breaches = []
        for agreement in self.in_force():
            members = np.array([self.index[p] for p in agreement.parties])
            for k, clause in enumerate(agreement.clauses):
                for country in clause.obligated(agreement.parties):
                    j = self.index[country]
                    partners = members[members != j]
                    if (agreement.id, k, country) in withheld:
                        broken[partners, j] += 1
                        breaches.append((agreement.id, k, country))
                        agreement.broken.append((self.turn, k, country))
                    else:
                        kept[partners, j] += 1
        provoked = self.provoked()
        return Compliance(kept[None], broken[None],
                          None if provoked is None else provoked[None]), breaches


def _recent(offences: list[tuple[int, list[tuple[int, list[int]]]]], turn: int, years: float,
            n: int) -> np.ndarray | None:
    """(n, n) [i, j]: 1 where i committed one of ``offences`` (turn, [(breaker, partners)])
    towards j in the ``years`` turns before ``turn``; None when there is none."""
    result = None
    for when, found in offences:
        if turn - years <= when < turn and found:
            result = np.zeros((n, n)) if result is None else result
            for breaker, towards in found:
                result[breaker, towards] = 1.0
    return result
