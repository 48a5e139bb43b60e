"""What the network screens share (a team's screen, the teacher's devices screen): the words for
what a host's view names by id — countries, clauses, event cards — without the game itself.

A device has no ``Game``: it has the host's view (``game.net.views``). The scenario the view
names is read from this installation (the built-in scenarios are the same everywhere) for the
countries' names, the currency and the event cards' titles; a scenario this machine does not
have leaves the ids as they are. ``Names`` has the few attributes the text helpers of
``game.ui.text`` read from a game (``index``, ``scenario``, ``deck``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from game.rules.agreements import Clause
from game.scenario.loading import ScenarioError
from game.ui.catalog import load_cached
from game.ui.text import cap, clause_text, country_name, language, tr, ui


class Names:
    """The names of a scenario's countries and event cards (the game's, for the text helpers)."""

    def __init__(self, loaded: Any):
        self.scenario = loaded.scenario
        self.index = {c.id: k for k, c in enumerate(loaded.scenario.countries)}
        self.deck = {card.id: card for card in loaded.scenario.events}
        self.agreements = {a.id: a for a in loaded.scenario.agreements}


@lru_cache(maxsize=4)
def names_of(scenario: str) -> Names | None:
    """The names of the scenario a view names, or None if this machine does not have it."""
    try:
        loaded = load_cached(scenario)
    except Exception:  # a scenario id the host had and this machine has not: the ids will do
        return None
    return None if isinstance(loaded, ScenarioError) else Names(loaded)


def team_label(view: dict[str, Any], names: Names | None, country: str) -> str:
    """"Garuda (Indonesia)" for a team's country, the country's name otherwise."""
    team = (view.get("teams") or {}).get(country)
    name = country_name(names, country)
    return ui("competition.team_country", team=team, country=name) if team and team != country \
        else name


def agreement_label(names: Names | None, agreement: str) -> str | None:
    """A starting agreement's name in the player's language ("ASEAN–Korea Free Trade Area"), or
    None for one made in the game: its id ("T3N5") means nothing to a student."""
    known = names.agreements.get(agreement) if names is not None else None
    if known is None or not known.name:
        return None
    return known.name.get(language()) or known.name.get("en")


def clauses_text(names: Names | None, clauses: list[dict[str, Any]]) -> str:
    """An offer's clauses in words, joined with "·"."""
    parts = []
    for data in clauses:
        try:
            parts.append(cap(clause_text(names, Clause.from_dict(data))))
        except (KeyError, TypeError, ValueError):
            parts.append(str(data.get("kind", "?")))
    return " · ".join(parts)


def event_title(names: Names | None, event: dict[str, Any]) -> str:
    """An event of the view's news by its card's title (the kind's name without the card)."""
    card = names.deck.get(event.get("card")) if names is not None else None
    if card is not None:
        return card.title.get(language())
    return cap(tr(f"event.{event.get('kind', '')}"))


def phase_name(phase: str) -> str:
    return cap(tr(f"phase.{phase}"))
