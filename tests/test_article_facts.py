"""The article's facts at turn 0 of ``indonesia-partners`` (issue 13, item 7).

The trade figures the article gives (read in trillion rupiah) are the year-0 exports to the
last digit; foreign investment in Indonesia ranks as the article says (Japan first, China
second, South Korea fourth); Japan's development aid to Indonesia is in force from the first
year, as grants and soft loans, and moves the model (Indonesia owes Japan after a year).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from game.model.state import GRANT, LOAN
from game.rules.agreements import provisions
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.records import records
from game.scenario.loading import load_scenario
from game.scenario.schema import AidForm, ClauseKind

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "indonesia-partners.toml"


@pytest.fixture(scope="module")
def game() -> Game:
    return Game(load_scenario(SCENARIO))


def test_the_articles_trade_figures_are_the_exports_at_turn_0(game: Game) -> None:
    exports = game.history[0].exports[0]
    at = game.index
    assert exports[at["IDN"], at["JPN"]] == 318.6
    assert exports[at["JPN"], at["IDN"]] == 87.75
    assert exports[at["IDN"], at["CHN"]] == 185.9


def test_foreign_investment_in_indonesia_ranks_as_the_article_says(game: Game) -> None:
    stock = game.history[0].investment_stock[0]
    indonesia = game.index["IDN"]
    held = {c: float(stock[game.index[c], indonesia]) for c in game.country_ids if c != "IDN"}
    ranking = sorted(held, key=lambda c: -held[c])
    assert ranking[0] == "JPN"  # first, and over 10% of the foreign investment shown
    assert ranking[1] == "CHN"  # second
    assert ranking[3] == "KOR"  # fourth
    assert held["JPN"] > held["CHN"] > held["KOR"] > 0
    shares = records(game).year(0)["investment_shares"][:, indonesia]
    assert shares[game.index["JPN"]] > 0.10
    assert np.isclose(shares.sum(), 1.0)
    # the stocks are Indonesia's liabilities only: it owns nothing abroad at the start
    assert stock[indonesia].sum() == 0.0


def test_japans_development_aid_is_in_force_from_the_first_year(game: Game) -> None:
    aid = [a for a in game.in_force() if any(c.kind is ClauseKind.DEVELOPMENT_AID for c in a.clauses)]
    assert [a.id for a in aid] == ["JPN-IDN-ODA"]
    clauses = aid[0].clauses
    assert {c.form for c in clauses} == {AidForm.GRANT, AidForm.LOAN}
    assert all(c.giver == "JPN" and c.receiver == "IDN" and c.amount > 0 for c in clauses)
    assert "JPN-IDN-ODA" in game.opening  # in force before the game began, not "made" in it
    given = provisions(game.agreements, 1, game.index)
    japan, indonesia = game.index["JPN"], game.index["IDN"]
    assert given[GRANT, japan, indonesia] > 0 and given[LOAN, japan, indonesia] > 0
    assert np.count_nonzero(given[GRANT]) == 1 and np.count_nonzero(given[LOAN]) == 1


class Still:
    """Proposes nothing and decides nothing: every clause in force is kept."""

    def diplomacy(self, game: Game, country: str, round_number: int) -> list:
        return []

    def compliance(self, game: Game, country: str) -> list:
        return []


def test_the_aid_and_the_stocks_move_the_model_in_a_played_year() -> None:
    played = Game(load_scenario(SCENARIO), turns=1)
    play_game(played, dict.fromkeys(played.country_ids, Still()))
    japan, indonesia = played.index["JPN"], played.index["IDN"]
    assert played.state.debt[0, japan, indonesia] > 0  # the soft loan's non-grant part
    stock = played.state.investment_stock[0]
    start = played.history[0].investment_stock[0]
    # no new investment flows: the stocks only depreciate, and keep their order
    assert stock[japan, indonesia] < start[japan, indonesia]
    assert stock[japan, indonesia] > stock[played.index["CHN"], indonesia] > stock[
        played.index["KOR"], indonesia]
