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

import json
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
        #: country -> (key, observation, whether its projected values are its own).
        self.kept: dict[str, tuple[Hashable, dict[str, Any], bool]] = {}
        #: how many observations were made (a test and the benchmark read it).
        self.made = 0

    def of(self, game: Game, country: str, now: Hashable | None = None,
           quick: bool = False) -> dict[str, Any]:
        """``country``'s observation now (``now``: ``moment(game)``, if already made).
        ``quick``: if it must be made again, made without projecting anything (``quick``)."""
        key = (moment(game) if now is None else now, _own(game, country))
        found = self.kept.get(country)
        if found is not None and found[0] == key and (found[2] or quick):
            return found[1]
        if quick:
            observation = quick_observation(game, country, found[1] if found is not None else None)
        else:
            observation = observe(game, country, game.round)
            self.made += 1
        self.kept[country] = (key, observation, not quick)
        return observation


    def whole(self, country: str) -> bool:
        """Whether the observation kept for ``country`` (if any) has its own projected values."""
        found = self.kept.get(country)
        return found is None or found[2]


def quick_observation(game: Game, country: str, before: dict[str, Any] | None) -> dict[str, Any]:
    """``country``'s observation made without its projections (a few milliseconds instead of
    tens): each projected value taken from ``before`` (the observation made last) where what it
    values is unchanged (the same offer still on the table, the same candidate in the menu, the
    same obligation), else None (not known yet), and ``"estimating": True``. The host sends it
    to the team that just acted at once, and the whole observation after the urgent work."""
    observation = observe(game, country, game.round, with_projections=False)
    observation["estimating"] = True
    if before is None:
        return observation
    offers = {_offer(n): n.get("my_value") for n in before.get("negotiations", [])}
    for negotiation in observation["negotiations"]:
        negotiation["my_value"] = offers.get(_offer(negotiation))
    menu = {_candidate(m): m.get("my_value") for m in before.get("menu", [])}
    for candidate in observation["menu"]:
        candidate["my_value"] = menu.get(_candidate(candidate))
    values = ("gain_if_broken", "score_change_if_broken", "trust_cost")
    kept = {(o["agreement"], o["clause"]): o for o in before.get("obligations", [])}
    for obligation in observation["obligations"]:
        old = kept.get((obligation["agreement"], obligation["clause"]), {})
        obligation.update({v: old[v] for v in values if v in old})
    return observation


def _offer(negotiation: dict[str, Any]) -> str:
    """What an offer's value depends on: the offer itself (its negotiation, by whom, terms)."""
    return json.dumps([negotiation["id"], negotiation["offer_by"], negotiation["parties"],
                       negotiation["clauses"], negotiation["duration"]], sort_keys=True)


def _candidate(candidate: dict[str, Any]) -> str:
    return json.dumps([candidate["parties"], candidate["clauses"], candidate["duration"]],
                      sort_keys=True)
