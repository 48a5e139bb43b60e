"""Offers one step away from an offer, and how far a variant is from it.

Counter-offers and "what would it take" search the neighbourhood of an offer: each clause
deeper or shallower, bigger or smaller, dropped, a common clause added, or technology transfer
with training added either way between two parties (only legal variants).
"""

from __future__ import annotations

from functools import lru_cache

from game.agents.memo import Memo, memo_for
from game.rules.agreements import Clause, step_variants
from game.rules.game import Game
from game.scenario.schema import AMOUNT_CLAUSES, ClauseKind


def neighbours(game: Game, clauses: tuple[Clause, ...], parties: tuple[str, ...],
               memo: Memo | None = None) -> list[tuple[Clause, ...]]:
    """Offers one step away (``step_variants``: each clause deeper or shallower, bigger or
    smaller, dropped, or a common clause added), or with technology transfer and training added
    either way between two parties; only legal ones. Kept for the year (legality and amount
    limits follow the year's GDP alone): offers come back round after round."""
    if not all(type(c.level) is float and type(c.amount) is float for c in clauses):
        return legal_neighbours(game, clauses, parties)  # 1 and 1.0: equal keys, not offers
    known = memo_for(game, memo).get("neighbours", dict, yearly=True)
    key = (tuple(clauses), tuple(parties))
    if key not in known:
        known[key] = legal_neighbours(game, clauses, parties)
    return list(known[key])


def legal_neighbours(game: Game, clauses: tuple[Clause, ...], parties: tuple[str, ...]
                     ) -> list[tuple[Clause, ...]]:
    """The legal offers one step away (``neighbours`` without the memo)."""
    result = step_variants(clauses, (0.5, 1.5),
                           lambda clause: game.amount_limit(clause.giver, clause.receiver))
    present = {c.kind for c in clauses}
    if len(parties) == 2:
        a, b = parties
        for giver, receiver in ((a, b), (b, a)):
            if ClauseKind.TECHNOLOGY_TRANSFER not in present:
                result.append((*clauses, _transfer(giver, receiver)))
    return [v for v in result if game.check_terms(parties, v, 5) is None]


@lru_cache(maxsize=4096)
def _transfer(giver: str, receiver: str) -> Clause:
    """Technology transfer with training as a counter-offer adds it (one object a pair)."""
    return Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=0.5, giver=giver, receiver=receiver,
                  training=True)


def distance(original: tuple[Clause, ...], variant: tuple[Clause, ...], game: Game) -> float:
    """How far a variant is from an offer: level changes, amount changes (in hundredths of the
    giver's GDP) and one for each clause added or dropped."""
    def key(clause: Clause) -> tuple:
        return (clause.kind, clause.giver, clause.receiver, clause.form)

    before = {key(c): c for c in original}
    after = {key(c): c for c in variant}
    total = float(len(before.keys() ^ after.keys()))
    for shared in before.keys() & after.keys():
        a, b = before[shared], after[shared]
        total += abs(a.level - b.level)
        if a.kind in AMOUNT_CLAUSES:
            gdp = float(game.state.gdp[0, game.index[a.giver]])
            total += abs(a.amount - b.amount) / (0.01 * gdp)
    return total
