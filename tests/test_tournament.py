"""The tournament: fair seat rotation, the same results whatever --jobs is, and its files."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter

import pytest

from game.analysis.common import geometric_mean, mean_interval
from game.tools.cli import main
from game.tools.common import load_or_report
from game.tools.tournament import leaderboard, rotations, seat_order, seating_block, work_list
from tests.conftest import ROOT

BOTS = ["cooperator", "opportunist", "random", "reciprocator"]


@pytest.mark.parametrize(("seats", "bots"), [(3, 3), (3, 2), (3, 5), (7, 4), (2, 1)])
def test_every_bot_plays_every_seat_equally_often(seats, bots):
    plan = rotations(seats, bots)
    assert len(plan) == bots
    for seat in range(seats):
        assert Counter(assignment[seat] for assignment in plan) == Counter(range(bots))


@pytest.mark.parametrize("bots", [2, 3, 4, 5, 6, 7])
def test_a_seating_block_balances_seats_and_pairs_of_seats(bots):
    """Over a block, rotated, each bot sits at each seat equally often, and each ordered pair
    of seats holds each ordered pair of different bots equally often."""
    block = seating_block(bots)
    seated = [[order[b] for b in assignment]
              for order in block for assignment in rotations(bots, bots)]
    for seat in range(bots):
        assert Counter(game[seat] for game in seated) == Counter({b: len(block) for b in range(bots)})
    pairs = Counter((x, y, game[x], game[y]) for game in seated
                    for x in range(bots) for y in range(bots) if x != y)
    assert len(pairs) == bots * (bots - 1) * bots * (bots - 1)
    assert len(set(pairs.values())) == 1


def test_the_tournament_seating_is_balanced_over_a_block_on_indonesia_partners():
    """6 bots on 7 seats: the bot of the first seat also plays the last; over the block of 20
    seeds every other pair of countries sees every ordered pair of bots equally often, whichever
    seed the run starts from."""
    loaded = load_or_report("indonesia-partners")
    bots = ["cooperator", "opportunist", "reciprocator", "bystander", "last-turn-breaker", "ai"]
    for first in (1, 37):
        jobs = work_list([loaded], [(b, b) for b in bots], 20, first, 2, reference=False)
        seats = len(jobs[0]["names"])
        for seat in range(seats):
            assert Counter(j["names"][seat] for j in jobs) == Counter({b: 20 for b in bots})
        pairs = Counter((x, y, j["names"][x], j["names"][y]) for j in jobs
                        for x in range(seats) for y in range(seats)
                        if x != y and {x, y} != {0, seats - 1})
        assert len(set(pairs.values())) == 1
        assert all(j["names"][0] == j["names"][-1] for j in jobs)
    assert seat_order(5, 6, 1) == seat_order(5, 6, 1) != seat_order(5, 6, 2)


def test_the_work_list_repeats_every_rotation_with_the_same_seeds(tutorial):
    entrants = [(b, b) for b in BOTS]
    jobs = work_list([tutorial], entrants, games=3, seed=10, turns=2)
    assert [j["index"] for j in jobs] == list(range(len(jobs)))
    played = [j for j in jobs if not j["reference"]]
    assert len(played) == 3 * len(BOTS) and len(jobs) == len(played) + 3
    for seed in (10, 11, 12):
        same_seed = [j for j in played if j["seed"] == seed]
        assert sorted(j["rotation"] for j in same_seed) == list(range(len(BOTS)))
        for seat in range(3):
            seated = Counter(j["names"][seat] for j in same_seed)
            assert seated == Counter(BOTS)
    references = [j for j in jobs if j["reference"]]
    assert all(j["names"] == ["cooperator"] * 3 for j in references)


def test_statistics_helpers():
    mean, low, high = mean_interval([1.0, 2.0, 3.0, 4.0])
    assert mean == 2.5 and low == pytest.approx(2.5 - 3.182 * math.sqrt(5 / 12), rel=1e-3)
    assert high - mean == pytest.approx(mean - low)
    assert mean_interval([7.0]) == (7.0, 7.0, 7.0)
    assert geometric_mean([1.0, 4.0]) == pytest.approx(2.0)


@pytest.fixture(scope="module")
def tournament_runs(tmp_path_factory):
    """The same small tournament with --jobs 1 and --jobs 2."""
    base = tmp_path_factory.mktemp("tournament")
    runs = {}
    for jobs in (1, 2):
        out = base / f"jobs{jobs}"
        # the same seed and the same secret (the events' stream): the same games
        argv = ["tournament", "--scenario", "tutorial", "--games", "2", "--seed", "4",
                "--secret", "jobs", "--turns", "3", "--jobs", str(jobs), "--out", str(out),
                "--bot", f"{ROOT / 'bots' / 'example_bot.py'}:ExampleBot"]
        for bot in BOTS:
            argv += ["--bot", bot]
        assert main(argv) == 0
        runs[jobs] = out
    return runs


def test_results_are_the_same_whatever_jobs_is(tournament_runs):
    one, two = tournament_runs[1], tournament_runs[2]
    assert (one / "results.json").read_bytes() == (two / "results.json").read_bytes()
    assert (one / "leaderboard.csv").read_bytes() == (two / "leaderboard.csv").read_bytes()


def test_the_leaderboard_csv_has_a_row_per_bot(tournament_runs):
    rows = list(csv.DictReader(io.StringIO((tournament_runs[1] / "leaderboard.csv").read_text())))
    assert sorted(r["bot"] for r in rows) == sorted([*BOTS, "example_bot.py:ExampleBot"])
    assert [int(r["rank"]) for r in rows] == list(range(1, 6))
    scores = [float(r["mean_score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    for row in rows:
        assert float(row["ci_low"]) <= float(row["mean_score"]) <= float(row["ci_high"])
        assert int(row["seats"]) == 2 * 3  # 2 seeds, every seat once per seed
        assert int(row["forfeits"]) == 0 or row["bot"] == "random"


def test_results_json_holds_every_game_and_the_table(tournament_runs):
    results = json.loads((tournament_runs[1] / "results.json").read_text())
    assert results["format"] == "diplomasi-tournament"
    assert results["scenarios"][0]["id"] == "tutorial"
    games = [g for g in results["games"] if not g["reference"]]
    assert len(games) == 2 * 5 and len(results["games"]) == 2 * 5 + 2
    for game in results["games"]:
        assert set(game["seats"]) == {"SAM", "KAR", "AWN"}
        assert all(len(series) == 4 for series in game["trust_held"].values())  # turns 0..3
        assert game["winners"] and game["nash_social_welfare"] > 0
        assert game["nash_social_welfare"] == pytest.approx(
            geometric_mean(game["welfare_index"].values()), rel=1e-6)
    table = results["table"]["all"]
    assert table["games"] == 10 and table["nash_social_welfare"]["mean"] > 0
    assert set(results["definitions"]) >= {"exploited", "vs_cooperators", "nash_social_welfare"}
    rows = {row["bot"]: row for row in results["leaderboard"]}
    assert len(rows["cooperator"]["trust_by_turn"]) == 4
    # The opportunist breaks its word, and trust in it falls over the turns in which it does.
    opportunist = rows["opportunist"]
    assert opportunist["clauses_broken"] > 0
    assert opportunist["trust_after_own_breach"] < 0
    assert opportunist["trust_by_turn"][-1] < opportunist["trust_by_turn"][0]
    if opportunist["trust_after_keeping"] is not None:
        assert opportunist["trust_after_own_breach"] < opportunist["trust_after_keeping"]
    assert rows["cooperator"]["clauses_broken"] == 0


def test_the_leaderboard_matches_the_games(tournament_runs):
    results = json.loads((tournament_runs[1] / "results.json").read_text())
    rows = leaderboard(results["games"], [b["name"] for b in results["bots"]])
    stored = {row["bot"]: row for row in results["leaderboard"]}
    for row in rows:
        assert row["mean_score"] == pytest.approx(stored[row["bot"]]["mean_score"], rel=1e-6)
        seats = [g["scores"][c] for g in results["games"] if not g["reference"]
                 for c, bot in g["seats"].items() if bot == row["bot"]]
        assert row["mean_score"] == pytest.approx(sum(seats) / len(seats))
    assert sum(row["wins"] for row in rows) >= 10  # every game has a winner


def test_the_scores_chart_is_a_readable_png(tournament_runs):
    import pygame

    image = pygame.image.load(str(tournament_runs[1] / "scores.png"))
    assert image.get_width() >= 800 and image.get_height() >= 300
    # Not a blank picture: many colours.
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, image.get_width(), 7)
               for y in range(0, image.get_height(), 7)}
    assert len(colours) > 10


def test_the_leaderboard_prints_in_indonesian(capsys):
    assert main(["tournament", "--scenario", "tutorial", "--bot", "cooperator", "--bot",
                 "opportunist", "--turns", "2", "--lang", "id"]) == 0
    out = capsys.readouterr().out
    assert "Papan peringkat turnamen" in out and "Skor rata-rata" in out


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--bot", "nobody"], 2, "is not a bot"),
    (["--bot", "missing.py:Bot"], 2, "no file"),
    (["--bot", "cooperator", "--time-limit", "0"], 2, "time limit"),
])
def test_bad_bots_are_explained(capsys, argv, code, message):
    assert main(["tournament", "--scenario", "tutorial", *argv]) == code
    assert message in capsys.readouterr().err


def test_an_unknown_scenario_is_explained(capsys):
    assert main(["tournament", "--scenario", "nowhere", "--bot", "cooperator"]) == 1
    assert "tutorial" in capsys.readouterr().err


def test_the_readme_lists_the_new_verbs():
    readme = (ROOT / "README.md").read_text()
    assert "| `tournament " in readme and "| `balance " in readme


@pytest.mark.parametrize(("low", "high"), [(-7.1, 11.4), (0.0, 1.0), (0.5, 0.82), (-41.0, 64.0),
                                           (3.0, 3.0), (1e-4, 3e-4)])
def test_chart_ticks_cover_the_values(low, high):
    from game.ui.ticks import nice_ticks

    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high and 2 <= len(ticks) <= 12
