"""The projected values in observations, projected for every seat that asks in one batch.

Each observation carries, for its country, the projected score change of each offer on the
table and of each proposal of its menu (``game.agents.observation``). The driver asks the seats
one after the other, and each asks for the same model run on the same state with other
candidates; a projection's members are independent (a member's numbers do not depend on the
batch it is in: ``tests/test_observation_values.py`` checks it bit for bit), so here the
candidates of every seat likely to ask now are projected together at the first that asks, and
each later seat reads its own rows. A candidate that appears later (an offer just made) is
projected at the first seat that needs it, with every other seat's missing ones.

The values are kept until the projection's inputs change: the memo's key (the turn and the
number of agreements: the state and the agreements in force), the phase and the model year.
The values of breaking each obligation in compliance (``obligation_values``) are
projected the same way, for every seat at its first question.

Only scenarios projected with the whole model (``LOCAL_LIMIT`` countries or fewer) are batched:
larger ones project a batch on the neighbourhood of all its candidates, so each seat is
projected alone, as before.

Seats are known by ``will_ask`` (the tournament names the countries its bots play) and by
asking once; only they are batched.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from game.agents.memo import memo_for
from game.agents.projection import (
    LOCAL_LIMIT,
    Candidate,
    breach_entries,
    breaches_of,
    compliance_values,
    project_terms,
)
from game.rules.game import Game, Phase
from game.rules.protocol import waiting_offers

#: The countries whose observations are built by this process, per game.
_ASKING: weakref.WeakKeyDictionary[Game, set[str]] = weakref.WeakKeyDictionary()
#: The key of the projection with no candidate (row 0 of every batch).
BASE = "base"


def will_ask(game: Game, countries: list[str] | tuple[str, ...] | set[str]) -> None:
    """Say that observations of ``countries`` will be asked for in ``game`` (their candidates
    are then projected with the first seat's)."""
    _ASKING.setdefault(game, set()).update(countries)


def asking(game: Game) -> set[str]:
    """The countries known to ask for observations in ``game``."""
    return _ASKING.get(game, set())


def candidate_key(candidate: Candidate) -> tuple:
    """What identifies a candidate's projection: its parties and clauses, in order."""
    parties, clauses = candidate
    return tuple(parties), tuple(clauses)


def gains(game: Game, country: str, candidates: list[Candidate],
          candidates_of: Callable[[Game, str], list[Candidate]]) -> np.ndarray:
    """(len(candidates),) the projected score change for ``country`` of each candidate after
    three years, exactly as one projection of ``candidates`` alone gives it.
    ``candidates_of(game, seat)``: the candidates another seat's observation needs."""
    me = game.index[country]
    if len(game.index) > LOCAL_LIMIT:
        projected = project_terms(game, candidates).sum(axis=-1)[:, me]
        return projected[1:] - projected[0]
    will_ask(game, [country])
    kept = _kept(game)
    keys = [candidate_key(c) for c in candidates]
    if BASE not in kept or any(key not in kept for key in keys):
        wanted: dict[tuple, Candidate] = {}
        for key, candidate in zip(keys, candidates, strict=True):
            wanted.setdefault(key, candidate)
        for other in game.country_ids:
            if other != country and other in asking(game) and likely_to_ask(game, other):
                for candidate in candidates_of(game, other):
                    wanted.setdefault(candidate_key(candidate), candidate)
        missing = [key for key in wanted if key not in kept]
        projected = project_terms(game, [wanted[key] for key in missing]).sum(axis=-1)
        kept.setdefault(BASE, projected[0])
        kept.update(zip(missing, projected[1:], strict=True))
    if not keys:
        return np.zeros(0)
    return np.array([kept[key] for key in keys])[:, me] - kept[BASE][me]


def obligation_values(game: Game, country: str) -> list[dict]:
    """``compliance_values`` of ``country``, projected in one batch with those of every other
    seat likely to ask in this compliance phase (scenarios of LOCAL_LIMIT countries or fewer;
    larger ones project every obligation in one batch already, ``projection.breaches``)."""
    n = len(game.index)
    if n > LOCAL_LIMIT:
        return compliance_values(game, country)
    will_ask(game, [country])
    kept = memo_for(game).get(f"observation breaches {game.phase.value} {game.state.year}", dict)
    if country not in kept:
        countries = [c for c in game.country_ids if c == country or (
            c not in kept and c in asking(game) and likely_to_ask(game, c)
            and game.obligations(c))]
        found = breaches_of(game, countries, 1, np.arange(n))
        kept.update({c: breach_entries(game, c, *found[c]) for c in countries})
    return kept[country]


def likely_to_ask(game: Game, country: str) -> bool:
    """Whether the driver may ask ``country`` before the game changes: every seat in a
    scheduled round and in compliance (until it ends), only seats with offers waiting for them
    in the answer passes."""
    if game.phase is Phase.DIPLOMACY:
        return game.round < game.floor_round or bool(waiting_offers(game, country))
    return game.phase is Phase.COMPLIANCE and country not in game.ended


def _kept(game: Game) -> dict[Any, np.ndarray]:
    """The projections kept for the game now: candidate key -> (n,) projected scores."""
    return memo_for(game).get(
        f"observation values {game.phase.value} {game.state.year}", dict)
