"""Issue 13's "Fairness" and "Use" lines, measured by AI self-play: in tutorial no seat wins
more than half the games and a seat's mean score does not follow its starting technology (rank
correlation within ±0.5; the win line also at seeds 21 and 41, with level means); trade
liberalisation and investment are proposed and agreed in tutorial, development aid in
indonesia-partners and asean-plus-three; and with par a bystander in the strongest seat ranks
below the AI in the weakest. Tutorial's 20 games of 8 turns take about 10 s, so the test plays
the issue's full size (three blocks, about 30 s); indonesia-partners and asean-plus-three are
played for one short game (aid is proposed from the first turn on; a whole 20-game run takes
minutes and is the committed balance report's job)."""

from __future__ import annotations

import pytest

from game.agents.bots.registry import ai_controller
from game.agents.bots.registry import resolve as resolve_bot
from game.analysis.balance import FAIR_TECHNOLOGY_CORRELATION, FAIR_WIN_RATE, analyse, play_job, work_list
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.records import records
from game.scenario.loading import load_scenario, resolve
from game.session.par import ParRun


def self_play(scenario: str, games: int, turns: int | None = None, seed: int = 1) -> dict:
    loaded = load_scenario(resolve(scenario))
    played = [play_job(job) for job in work_list(loaded, games, seed, turns, "normal")]
    return analyse(played, loaded)


@pytest.fixture(scope="module")
def tutorial() -> dict:
    return self_play("tutorial", 20)


def test_no_tutorial_seat_wins_more_than_half_of_twenty_games(tutorial):
    rates = {c: row["win_rate"] for c, row in tutorial["countries"].items()}
    assert max(rates.values()) <= FAIR_WIN_RATE, rates
    assert not [w for w in tutorial["warnings"]
                if w["key"] in ("dominant_country", "wins_more_than_half", "technology_decides")]


def test_the_tutorials_scores_do_not_follow_starting_technology(tutorial):
    assert abs(tutorial["technology_correlation"]) <= FAIR_TECHNOLOGY_CORRELATION


@pytest.mark.parametrize("seed", [21, 41])
def test_no_tutorial_seat_wins_more_than_half_in_other_seed_blocks(seed):
    """The win line holds in other blocks of twenty games too (seeds 21-40, 41-60). The rank
    correlation is asserted at seed 1 only: with three seats whose mean scores are level (their
    95 % intervals overlap in every block), the order of the three means is
    chance's, and Spearman's correlation, which takes only -1, -0.5, 0.5 and 1 with three seats,
    is -1 or 1 in one block of three on average (docs/model.md, "Fairness across seed blocks")."""
    played = self_play("tutorial", 20, seed=seed)
    rates = {c: row["win_rate"] for c, row in played["countries"].items()}
    assert max(rates.values()) <= FAIR_WIN_RATE, rates
    low = {c: row["ci_low"] for c, row in played["countries"].items()}
    high = {c: row["ci_high"] for c, row in played["countries"].items()}
    # Level: the three seats' 95 % intervals of the mean score share a common stretch.
    assert max(low.values()) <= min(high.values()), (low, high)


@pytest.mark.parametrize("kind", ["trade_liberalisation", "investment"])
def test_trade_and_investment_are_proposed_and_agreed_in_tutorial(tutorial, kind):
    row = tutorial["clauses"][kind]
    assert row["proposed"] > 0 and row["agreed"] > 0, row


def test_development_aid_is_proposed_and_agreed_in_indonesia_partners():
    row = self_play("indonesia-partners", 1, 4)["clauses"]["development_aid"]
    assert row["proposed"] > 0 and row["agreed"] > 0, row


def test_development_aid_is_proposed_and_agreed_in_asean_plus_three():
    row = self_play("asean-plus-three", 1, 2)["clauses"]["development_aid"]
    assert row["proposed"] > 0 and row["agreed"] > 0, row


def test_balance_warns_when_a_seat_wins_more_than_half_or_technology_decides():
    from game.analysis.balance import warnings
    ids = ["A", "B", "C"]
    analysis = {"games": 20, "countries": {"A": {"win_rate": 0.55}, "B": {"win_rate": 0.45},
                                           "C": {"win_rate": 0.0}},
                "clauses": {}, "agreement_types": {}, "technology_correlation": -1.0,
                "offers": {"negotiations": 10, "agreed": 5, "acceptance_rate": 0.5}}
    keys = [(w["key"], w["values"].get("country")) for w in warnings(analysis, ids)]
    assert ("wins_more_than_half", "A") in keys
    assert ("technology_decides", None) in keys
    analysis["technology_correlation"] = 0.5
    analysis["countries"]["A"]["win_rate"] = 0.5
    keys = [w["key"] for w in warnings(analysis, ids)]
    assert "wins_more_than_half" not in keys and "technology_decides" not in keys


def test_with_par_a_bystander_in_the_strongest_seat_ranks_below_the_ai_in_the_weakest():
    loaded = load_scenario(resolve("tutorial"))
    par = ParRun.for_game(Game(loaded, 1, None), "normal").run()
    strongest = max(par.countries, key=par.final)
    weakest = min(par.countries, key=par.final)
    assert par.final(strongest) > par.final(weakest)
    game = Game(loaded, 1, None)
    ai = ai_controller("normal")
    seats = dict.fromkeys(game.country_ids, ai)
    seats[strongest] = resolve_bot("bystander").make()
    play_game(game, seats)
    scores = records(game).latest("score")
    score = {c: float(scores[k]) for k, c in enumerate(game.country_ids)}
    idle = score[strongest] - par.final(strongest)
    computer = score[weakest] - par.final(weakest)
    assert idle < 0
    assert idle < computer
