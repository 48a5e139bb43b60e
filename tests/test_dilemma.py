"""Issue 13's compliance dilemma, measured with the probe bots on `indonesia-partners`: breaking
one's word pays over two turns and loses over ten, because the cost of a broken word comes later
and through others (partners who refuse the breaker), and a reciprocator that answers breaches
keeps its trust above the opportunist's and scores at least the cooperator's score over ten turns.

The issue's own measure is a tournament of 10 games a rotation (docs/balance/history.md, branch
`dilemma2`, gives its figures); this test plays a reduced one with the same seed and secret, whose
ordering is the full-size ordering (checked when the sizes were chosen)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from game.tools.common import load_or_report
from game.tools.tournament import play_job, work_list

BOTS = ["cooperator", "opportunist", "reciprocator", "bystander", "last-turn-breaker", "ai"]


def tournament(turns: int, games: int) -> dict[str, dict[str, float]]:
    """Mean score and mean trust held at the end, by bot, of a reduced tournament."""
    loaded = load_or_report("indonesia-partners")
    jobs = work_list([loaded], [(b, b) for b in BOTS], games, 1, turns, reference=False,
                     in_process=True, secret="x")
    scores: dict[str, list[float]] = defaultdict(list)
    trust: dict[str, list[float]] = defaultdict(list)
    for job in jobs:
        record = play_job(job)
        for country, bot in record["seats"].items():
            scores[bot].append(record["scores"][country])
            trust[bot].append(record["trust_held"][country][-1])
    return {bot: {"score": sum(scores[bot]) / len(scores[bot]),
                  "trust": sum(trust[bot]) / len(trust[bot])} for bot in BOTS}


@pytest.fixture(scope="module")
def two_turns():
    return tournament(turns=2, games=TWO_TURN_GAMES)


@pytest.fixture(scope="module")
def ten_turns():
    return tournament(turns=10, games=TEN_TURN_GAMES)


TWO_TURN_GAMES = 3
#: 2 since the balanced seating (branch `seating`): with its orders, 1 game a rotation put the
#: opportunist above the cooperator at 10 turns (1.9 against -6.0), unlike the full size (26.1
#: against 56.9 at 20 games a rotation); 2 games reproduce the full-size ordering (35.6 against
#: 38.2). 3 games at 2 turns still do (test passes; full size 13.5 against 10.6).
#: 10 (the issue's own size) since branch fair13: at 2 games a seat's reciprocator-minus-cooperator
#: difference is ±20-80 points from chance, so the sign of the total follows the seats' weights
#: (main's weights: reciprocator 41.2 against 39.4 at 2 games, 57.6 against 59.1 at 10; fair13's
#: levelled weights: 47.1 against 47.6 at 2 games, 62.6 against 61.6 at 10).
TEN_TURN_GAMES = 10


def test_breaking_ones_word_pays_over_two_turns(two_turns):
    assert two_turns["opportunist"]["score"] > two_turns["cooperator"]["score"]


def test_breaking_ones_word_loses_over_ten_turns(ten_turns):
    assert ten_turns["opportunist"]["score"] < ten_turns["cooperator"]["score"]


def test_the_reciprocator_keeps_its_trust_above_the_opportunists(two_turns, ten_turns):
    for table in (two_turns, ten_turns):
        assert table["reciprocator"]["trust"] > table["opportunist"]["trust"] + 0.2


def test_the_reciprocator_scores_at_least_the_cooperator_over_ten_turns(ten_turns):
    """Issue 13: answering breaches must not cost the reciprocator against the cooperator (it
    did when observers punished retaliation like cheating). Branch dilemma3: 41.2 against 39.4
    at 2 games a rotation; branch fair13: 62.6 against 61.6 at this size, 10 games a rotation
    (the issue's own measure); docs/balance/history.md has the figures."""
    assert ten_turns["reciprocator"]["score"] >= ten_turns["cooperator"]["score"]
