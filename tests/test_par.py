"""Par (game.session.par): each seat's score when the computer plays every seat of the same game.

Par is the all-computer game a session with no human seat plays; it is cached by scenario file,
seed, turns and difficulty (a damaged cache is computed again); it runs in the background with
progress and can be cancelled; leaderboards, awards, the results and ``results merge`` rank by
score − par, so that doing nothing in the strongest seat ranks below the computer in the weakest.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from game.agents.ai import AINegotiator
from game.classroom.classroom import classroom_of
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.records import records
from game.session import par as par_module
from game.session.par import CACHE_FOLDER, Par, ParKey, ParRun, cache_path, par_of
from game.session.session import Session
from game.session.views import ranked_value
from game.tools.cli import main
from tests.playing import step_doing_nothing


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def play_doing_nothing(session: Session, country: str) -> Session:
    """The human seat begins diplomacy, ends it and keeps its promises, and nothing else."""
    while not session.game.finished:
        step_doing_nothing(session, country)
    return session


@pytest.fixture(scope="module")
def partners():
    from game.scenario.loading import load_scenario, resolve

    return load_scenario(resolve("indonesia-partners"))


@pytest.fixture(scope="module")
def strongest_seat_idle(partners):
    """indonesia-partners, seed 1, 6 turns: par, and a session where the strongest seat (the
    highest par) is a human that does nothing."""
    game = Game(partners, 1, 6)
    par = ParRun.for_game(game, "normal").run()
    strongest = max(par.countries, key=par.final)
    session = Session(Game(partners, 1, 6), [strongest], "normal")
    session.start_par(background=False)
    return par, strongest, play_doing_nothing(session, strongest)


# --- par is the all-computer game ------------------------------------------------------------
@pytest.mark.parametrize(("scenario", "seed", "turns", "difficulty"), [
    ("tutorial", 4, 3, "normal"), ("indonesia-partners", 2, 2, "easy"),
])
def test_par_is_the_score_of_each_seat_in_the_all_computer_game(scenario, seed, turns, difficulty):
    from game.scenario.loading import load_scenario, resolve

    loaded = load_scenario(resolve(scenario))
    par, cached = par_of(loaded, ParKey(loaded.sha256, seed, turns, difficulty))
    assert not cached
    # the same game played here: every country the AI, as `simulate` and a session without humans
    alone = Game(loaded, seed, turns)
    play_game(alone, dict.fromkeys(alone.country_ids, AINegotiator(difficulty)))
    empty = Session(Game(loaded, seed, turns), [], difficulty)
    assert alone.finished and empty.game.finished
    for game in (alone, empty.game):
        yearly = records(game).series("score")
        welfare = records(game).series("welfare_index")
        for country in game.country_ids:
            assert list(par.scores[country]) == yearly[country]  # every year, exactly
            assert list(par.welfare[country]) == welfare[country]
            assert par.final(country) == pytest.approx(float(game.scores()[game.index[country]]))
    assert par.at("SAM" if scenario == "tutorial" else "IDN", 99) == par.final(
        "SAM" if scenario == "tutorial" else "IDN")  # after the end: the last year's


def test_the_cache_is_used_the_second_time_and_a_damaged_one_is_computed_again(tutorial, tmp_path,
                                                                               monkeypatch):
    calls = []
    real = par_module.compute

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(par_module, "compute", counting)
    key = ParKey(tutorial.sha256, 9, 2, "normal")
    folder = tmp_path / "data" / CACHE_FOLDER
    first, cached = par_of(tutorial, key, folder)
    assert (len(calls), cached) == (1, False)
    assert cache_path(folder, key).is_file()
    second, cached = par_of(tutorial, key, folder)
    assert (len(calls), cached) == (1, True)  # no second game
    assert second == first
    run = ParRun(tutorial, key, folder)
    assert run.run() == first and run.from_cache and run.status == "ready" and len(calls) == 1
    # another seed, turns or difficulty is another game
    par_of(tutorial, ParKey(tutorial.sha256, 9, 2, "easy"), folder)
    assert len(calls) == 2
    damaged = [
        "{not json",
        "",
        json.dumps({**first.to_dict(), "seed": 10}),  # another game's par under this name
        json.dumps({**first.to_dict(), "scores": {"SAM": [0.0, 1.0, 2.0]}}),  # countries missing
        json.dumps({**first.to_dict(), "scores": {c: ["x", 1, 2] for c in first.countries}}),
        json.dumps({**first.to_dict(), "format": 99}),
    ]
    for text in damaged:
        cache_path(folder, key).write_text(text, encoding="utf-8")
        again, cached = par_of(tutorial, key, folder)
        assert not cached and again == first  # computed again, the same par, no error
    assert len(calls) == 2 + len(damaged)
    assert Par.from_dict(json.loads(cache_path(folder, key).read_text(encoding="utf-8")), key) == first
    # a folder that cannot be written: par is still computed and used
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    assert par_of(tutorial, key, blocked)[0] == first


def test_par_runs_in_the_background_with_progress_and_can_be_cancelled(tutorial, tmp_path):
    key = ParKey(tutorial.sha256, 3, 3, "normal")
    seen = []
    run = ParRun(tutorial, key)
    run._progress = lambda done, total: (seen.append((done, total)),
                                         ParRun._progress(run, done, total))
    assert run.status == "computing" and run.fraction == 0.0
    run.start()
    assert run.wait(120)
    assert run.status == "ready" and run.fraction == 1.0 and run.error is None
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    cancelled = ParRun(tutorial, key, tmp_path)
    cancelled.cancel()
    cancelled.start()
    assert cancelled.wait(60)
    assert cancelled.status == "cancelled" and cancelled.result is None
    assert not cache_path(tmp_path, key).exists()


def test_par_never_decides_while_a_sessions_computers_play(tutorial):
    """The AI's tables shared by the games of a scenario are not made for two threads: par's
    background game asks its computers only while no session's computers play (the lock
    ``ahead.COMPUTERS`` that a session's moves and its preparation hold)."""
    from game.session.ahead import COMPUTERS

    run = ParRun(tutorial, ParKey(tutorial.sha256, 5, 1, "normal"))
    with COMPUTERS:  # a session's computers are playing
        run.start()
        assert not run.wait(1.0)
        assert run.fraction == 0.0 and run.status == "computing"
    assert run.wait(120)
    assert run.status == "ready" and run.fraction == 1.0


def test_the_session_starts_par_once_and_a_failure_never_stops_the_game(tutorial, tmp_path):
    session = Session(Game(tutorial, 3, 2), ["SAM"], "normal")
    assert session.par is None and session.par_known() is None
    assert session.leaderboard()[0]["par"] is None  # by score until par is known
    run = session.start_par(tmp_path)
    assert session.start_par(tmp_path) is run  # once
    assert run.wait(120) and session.par_known() is not None
    assert (tmp_path / run.key.file_name).is_file()
    broken = Session(Game(tutorial, 3, 2), ["SAM"], "normal")
    broken.par = ParRun(tutorial, ParKey("0" * 64, 3, 2, "normal"))  # a key of another file
    broken.par.run()
    assert broken.par.status == "failed" and broken.par.error
    assert broken.leaderboard()[0]["par"] is None  # the game goes on, ranked by score


def test_a_restarted_session_does_not_carry_the_old_games_par(tutorial, tmp_path):
    from game.classroom.reload import restarted

    session = Session(Game(tutorial, 3, 2), ["SAM"], "normal")
    session.start_par(background=False)
    again = restarted(session, tutorial)
    assert again.par is None


# --- ranking by score − par ------------------------------------------------------------------
def test_doing_nothing_in_the_strongest_seat_ranks_below_the_computer_in_the_weakest(
        strongest_seat_idle):
    par, strongest, session = strongest_seat_idle
    weakest = min(par.countries, key=par.final)
    assert par.final(strongest) > par.final(weakest)
    board = {row["country"]: row for row in session.leaderboard()}
    idle, computer = board[strongest], board[weakest]
    assert idle["human"] and not computer["human"]
    assert idle["par"] == par.final(strongest) and computer["par"] == par.final(weakest)
    # the computer in the strongest seat did better than doing nothing: below par
    assert idle["score_minus_par"] < 0
    # and the computer in the weakest seat played its country about as par says
    assert idle["score_minus_par"] < computer["score_minus_par"]
    assert idle["rank"] > computer["rank"]
    # the leaderboard is in the order of score − par, best first
    values = [ranked_value(row) for row in session.leaderboard()]
    assert values == sorted(values, reverse=True)


def test_results_and_awards_use_par(strongest_seat_idle, tmp_path):
    par, strongest, session = strongest_seat_idle
    rows = rows_of(session.results_csv())
    assert list(rows[0])[:7] == ["rank", "country", "name", "human", "score", "par",
                                 "score_minus_par"]
    for rank, row in enumerate(rows, start=1):
        assert row["rank"] == str(rank)
        assert float(row["par"]) == pytest.approx(par.final(row["country"]), abs=1e-4)
        assert float(row["score_minus_par"]) == pytest.approx(
            float(row["score"]) - float(row["par"]), abs=2e-4)
    differences = [float(row["score_minus_par"]) for row in rows]
    assert differences == sorted(differences, reverse=True)
    # the results folder: every turn compared with par after as many turns
    classroom_of(session).results_folder = tmp_path / "8A"
    assert session.classroom.write_results(session)
    with (tmp_path / "8A" / "results.csv").open(encoding="utf-8") as file:
        table = list(csv.DictReader(file))
    for row in table:
        assert float(row["par"]) == pytest.approx(par.at(row["country"], int(row["turn"])), abs=1e-4)
    # the welfare award counts the gain above the par seat's
    facts = {c: session.facts(c) for c in session.game.country_ids}
    gain = {c: f["welfare_change"] - f["par_welfare_change"] for c, f in facts.items()}
    assert session.awards()["greatest_welfare_gain"] == max(gain, key=lambda c: (gain[c], c))
    assert facts[strongest]["score_minus_par"] < 0


def test_results_merge_ranks_by_score_minus_par_when_every_file_has_par(
        strongest_seat_idle, partners, tmp_path, capsys):
    _, strongest, idle = strongest_seat_idle
    computer = Session(Game(partners, 1, 6), [], "normal")  # the same seat played by the AI
    computer.start_par(background=False)
    computer.humans = [strongest]
    first = tmp_path / "8A.csv"
    first.write_text(idle.results_csv(), encoding="utf-8")
    second = tmp_path / "8B.csv"
    second.write_text(computer.results_csv(), encoding="utf-8")
    out = tmp_path / "merged.csv"
    assert main(["results", "merge", str(first), str(second), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "ranked by score − par" in printed and "par" in printed
    merged = rows_of(out.read_text(encoding="utf-8"))
    differences = [float(row["score_minus_par"]) for row in merged]
    assert differences == sorted(differences, reverse=True)
    scores = [float(row["score"]) for row in merged]
    assert scores != sorted(scores, reverse=True)  # not the order of the raw scores
    assert (merged[-1]["class"], merged[-1]["country"]) == ("8A", strongest)  # doing nothing: last
    mine = next(row for row in merged if (row["class"], row["country"]) == ("8B", strongest))
    assert float(mine["score_minus_par"]) == 0.0  # the computer in that seat is par
    # a file without par (an older version, or par not computed): ranked by score, and said so
    old = tmp_path / "8C.csv"
    without = rows_of(idle.results_csv())
    with old.open("w", encoding="utf-8", newline="") as file:
        columns = [c for c in without[0] if c not in ("par", "score_minus_par")]
        writer = csv.DictWriter(file, columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(without)
    assert main(["results", "merge", str(first), str(old), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"ranked by score: no par in {old}" in printed
    merged = rows_of(out.read_text(encoding="utf-8"))
    scores = [float(row["score"]) for row in merged]
    assert scores == sorted(scores, reverse=True)
    assert {row["par"] for row in merged if row["class"] == "8C"} == {""}
