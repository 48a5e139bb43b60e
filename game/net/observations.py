"""Each team's observation kept until what it reads changes, so that the host does not project
every team's offers and menu again after every move of every other team (issue 14: those
projections were most of the host's time under load).

An observation (``game.agents.observation.observe``) reads the game's model state, the year's
reports and events, where the game stands (turn, phase, round), the agreements (in force,
ended, broken), and the observer's own open negotiations (their latest offer, who accepted,
who is waited for), delegations left and obligations. ``moment`` is the game-wide part of that,
made once for every view of the same moment; ``Key`` adds the observer's own part. An
observation is made again only when its key changed; the one kept is the very one ``observe``
returned then (not a copy), so a view made from it is what a fresh ``observe`` would give.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from game.agents.observation import observe
from game.rules.game import Game


def moment(game: Game) -> Hashable:
    """What every observation reads from the whole game (one tuple, cheap to compare)."""
    return (id(game), id(game.state), game.state.year, game.turn, game.phase, game.round,
            len(game.reports), len(game.events),
            tuple((a.id, a.ended_turn, len(a.broken)) for a in game.agreements))


def _own(game: Game, country: str) -> Hashable:
    """What ``country``'s observation reads of its own: its open negotiations as they stand,
    its delegations left and its obligations."""
    return (game.delegations_left(country),
            tuple((n.id, n.status, len(n.offers), n.current.by, tuple(sorted(n.accepted)),
                   tuple(n.waiting_for)) for n in game.open_negotiations(country)),
            tuple((a.id, k) for a, k in game.obligations(country)))


class KeptObservations:
    """The observation of each team, made again only when what it reads changed."""

    def __init__(self) -> None:
        self.kept: dict[str, tuple[Hashable, dict[str, Any]]] = {}
        #: how many observations were made (a test and the benchmark read it).
        self.made = 0

    def of(self, game: Game, country: str, now: Hashable | None = None) -> dict[str, Any]:
        """``country``'s observation now (``now``: ``moment(game)``, if already made)."""
        key = (moment(game) if now is None else now, _own(game, country))
        found = self.kept.get(country)
        if found is not None and found[0] == key:
            return found[1]
        observation = observe(game, country, game.round)
        self.made += 1
        self.kept[country] = (key, observation)
        return observation
