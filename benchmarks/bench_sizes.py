"""The sizes of issue 13, computed with the model alone (no AI): what a full trade agreement,
a full technology transfer with training and the tutorial's hinted first move are worth to each
country over a number of years. ``python3 benchmarks/bench_sizes.py`` prints the figures that
docs/model.md ("Sizes") quotes; tests/test_sizes.py asserts them."""

from __future__ import annotations

import numpy as np

from game.agents.projection import project_terms
from game.model.state import SCORE_TERMS
from game.rules import actions as act
from game.rules.agreements import Clause
from game.rules.game import Game
from game.scenario.loading import load_scenario, resolve
from game.scenario.schema import ClauseKind

FULL_TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=1.0)
FULL_TECHNOLOGY = Clause(ClauseKind.TECHNOLOGY_TRANSFER, level=1.0, giver="JPN", receiver="IDN",
                         training=True)
HINTED_TRADE = Clause(ClauseKind.TRADE_LIBERALISATION, level=0.5)


def diplomacy(scenario: str) -> Game:
    """A new game of ``scenario`` at its first diplomacy phase (the news phase over)."""
    game = Game(load_scenario(resolve(scenario)), 1, 8)
    for country in list(game.waiting_for()):
        game.apply(act.EndPhase(country))
    return game


def values(game: Game, candidates: list, years: int) -> np.ndarray:
    """(candidates, n, terms): each candidate's change of every score term against no change."""
    terms = project_terms(game, candidates, years)
    return terms[1:] - terms[0]


def sizes(years: int = 10) -> dict[str, dict[str, float]]:
    """The sizes by name: each a dict of country -> points."""
    game = diplomacy("indonesia-partners")
    trade = (("IDN", "JPN"), (FULL_TRADE,))
    technology = (("JPN", "IDN"), (FULL_TECHNOLOGY,))
    change = values(game, [trade, technology], years).sum(axis=-1)
    ids = list(game.index)
    result = {
        "trade IDN-JPN": dict(zip(ids, change[0].tolist(), strict=True)),
        "technology JPN->IDN": dict(zip(ids, change[1].tolist(), strict=True)),
    }
    tutorial = diplomacy("tutorial")
    hinted = (("SAM", "KAR"), (HINTED_TRADE,))
    hint = values(tutorial, [hinted], 3).sum(axis=-1)
    result["tutorial hint SAM-KAR (3 years)"] = dict(zip(tutorial.index, hint[0].tolist(),
                                                          strict=True))
    return result


def main() -> None:
    for name, by_country in sizes().items():
        figures = ", ".join(f"{c} {v:+.2f}" for c, v in by_country.items())
        print(f"{name}: {figures}")
    game = diplomacy("indonesia-partners")
    terms = values(game, [(("IDN", "JPN"), (FULL_TRADE,)),
                          (("JPN", "IDN"), (FULL_TECHNOLOGY,))], 10)
    for k, name in enumerate(("trade", "technology")):
        for country in ("IDN", "JPN", "CHN"):
            i = game.index[country]
            parts = ", ".join(f"{t} {v:+.2f}" for t, v in zip(SCORE_TERMS, terms[k, i],
                                                              strict=True))
            print(f"  {name} {country}: {parts}")


if __name__ == "__main__":
    main()
