"""A hidden game end (game.rules.ending): the end is drawn from the seed in a window around the
announced length, nobody is told it before it comes, and a game without the option is the
game it always was.

Why: with the end known to the turn, a bot that keeps every promise until the last year and
breaks them all then led the probe tournament (docs/balance/history.md, "end13").
"""

from __future__ import annotations

import json

import pytest

from game.agents.bots.controller import BotController
from game.agents.bots.examples import Cooperator, LastTurnBreaker
from game.agents.bots.registry import resolve
from game.agents.observation import observe
from game.net.views import team_view
from game.rules import actions as act
from game.rules.ending import SPREAD, drawn_end, end_window
from game.rules.game import Game
from game.rules.protocol import play_game
from game.rules.storage import load_game, log_text, save_game
from game.scenario.loading import load_scenario, load_text
from game.scenario.loading import resolve as resolve_scenario
from game.session.par import Par, ParKey, compute
from game.session.session import Session
from tests.playing import step_doing_nothing

#: tutorial, announced 3 turns (window 1 .. 5): seed 3 ends after turn 2, seed 6 after 4.
EARLY_SEED, LATER_SEED, ANNOUNCED = 3, 6, 3


@pytest.fixture(scope="module")
def tutorial():
    return load_scenario(resolve_scenario("tutorial"))


def test_the_drawn_end_is_deterministic_and_inside_the_window():
    for announced in (1, 2, 3, 10, 30):
        earliest, latest = end_window(announced)
        assert (earliest, latest) == (max(1, announced - SPREAD), announced + SPREAD)
        ends = [drawn_end(seed, announced) for seed in range(200)]
        assert ends == [drawn_end(seed, announced) for seed in range(200)]
        assert all(earliest <= end <= latest for end in ends)
        assert set(ends) == set(range(earliest, latest + 1))  # every turn of the window happens
    # a tournament's secret changes the draw (a bot that knows the seed cannot work it out)
    assert [drawn_end(s, 10, "x") for s in range(40)] != [drawn_end(s, 10) for s in range(40)]


def test_a_hidden_end_game_tells_the_window_and_ends_at_the_drawn_turn(tutorial):
    game = Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True)
    assert game.end_turn == drawn_end(EARLY_SEED, ANNOUNCED) == 2
    assert game.last_turn == ANNOUNCED + SPREAD  # the latest it may end after
    assert game.end_facts() == {"hidden_end": True, "announced_turns": ANNOUNCED,
                                "earliest_end": 1, "latest_end": 5}
    play_game(game, {c: resolve("cooperator").make() for c in game.country_ids})
    assert game.finished and len(game.reports) == 2
    # the same seed and options: the same end; the option off: the announced end
    assert Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True).end_turn == 2
    known = Game(tutorial, EARLY_SEED, ANNOUNCED)
    assert (known.end_turn, known.last_turn, known.end_facts()["hidden_end"]) == (3, 3, False)


def test_the_scenario_file_can_hide_the_end(tutorial):
    text = tutorial.text.replace("[scenario]\n", "[scenario]\nhidden_end = true\n", 1)
    assert text != tutorial.text
    loaded = load_text(text, "hidden.toml")
    assert loaded.scenario.scenario.hidden_end
    assert Game(loaded, EARLY_SEED, ANNOUNCED).rules_of_play.hidden_end
    assert not Game(loaded, EARLY_SEED, ANNOUNCED, hidden_end=False).rules_of_play.hidden_end


class Recorder:
    """A cooperator that keeps the JSON text of every observation it is sent."""

    def __init__(self):
        self.inner = Cooperator()
        self.seen: list[str] = []

    def act(self, observation):
        self.seen.append(json.dumps(observation, sort_keys=True))
        return self.inner.act(observation)


def observations(tutorial, end_turn: int | None) -> dict[str, list[str]]:
    """Every observation each seat is sent in the early-ending hidden game; ``end_turn``: the
    same game made to end later instead (what the seats would see if the end were elsewhere)."""
    game = Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True)
    if end_turn is not None:
        game.end_turn = end_turn
    recorders = {c: Recorder() for c in game.country_ids}
    play_game(game, {c: BotController(r) for c, r in recorders.items()})
    return {c: r.seen for c, r in recorders.items()}


def test_nothing_sent_to_a_bot_contains_the_drawn_end(tutorial):
    early = observations(tutorial, None)
    later = observations(tutorial, ANNOUNCED + SPREAD)
    for country, seen in early.items():
        assert seen, country
        # until the game ended, the seats were sent exactly what they would have been sent had
        # it gone on: nothing in an observation depends on the turn drawn
        assert seen == later[country][: len(seen)]
        for text in seen:
            document = json.loads(text)
            assert document["last_turn"] == document["latest_end"] == 5
            assert document["hidden_end"] is True and document["announced_turns"] == 3
            assert "end_turn" not in text


def test_nothing_a_team_sees_contains_the_drawn_end(tutorial):
    def views(end_turn: int | None) -> list[str]:
        game = Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True)
        if end_turn is not None:
            game.end_turn = end_turn
        country = game.country_ids[0]
        session = Session(game, [country], "normal")
        seen = []
        while len(game.reports) < 2:  # up to the early game's end
            seen.append(json.dumps(team_view(session, country), sort_keys=True, default=str))
            step_doing_nothing(session, country)
        return seen

    early, later = views(None), views(ANNOUNCED + SPREAD)
    assert early == later
    assert all('"latest_end": 5' in text and "end_turn" not in text for text in early)


def test_off_by_default_the_game_log_is_the_one_before(tutorial):
    plain = Game(tutorial, 4, 2)
    off = Game(tutorial, 4, 2, hidden_end=False)
    for game in (plain, off):
        play_game(game, {c: resolve("cooperator").make() for c in game.country_ids})
    assert log_text(plain) == log_text(off)
    header = json.loads(log_text(plain).splitlines()[0])
    assert header["turns"] == 2 and "hidden_end" not in header
    assert plain.state_hash() == off.state_hash()
    facts = observe(plain, plain.country_ids[0], 0)
    assert (facts["hidden_end"], facts["announced_turns"], facts["latest_end"]) == (False, 2, 2)


def test_a_saved_hidden_end_game_resumes_to_the_same_state(tutorial, tmp_path):
    game = Game(tutorial, LATER_SEED, ANNOUNCED, hidden_end=True)
    assert game.end_turn == 4
    controllers = {c: resolve("cooperator").make() for c in game.country_ids}
    play_game(game, controllers)  # the whole game
    whole = game.state_hash()
    partway = Game(tutorial, LATER_SEED, ANNOUNCED, hidden_end=True)
    for record in game.log[: len(game.log) // 2]:
        if record.get("type") != "refused":
            partway.apply(act.action_from_dict(record))
    path = tmp_path / "hidden.json"
    save_game(partway, path)
    saved = json.loads(path.read_text())
    assert saved["turns"] == ANNOUNCED and saved["hidden_end"] is True  # never the end itself
    loaded, _ = load_game(path)
    assert loaded.state_hash() == partway.state_hash()
    assert (loaded.end_turn, loaded.last_turn) == (4, 5)
    save_game(game, path)
    again, _ = load_game(path)
    assert again.state_hash() == whole and again.finished
    # a hidden-end game's hash is not the known-end game's of the same length
    assert Game(tutorial, 1, 3, hidden_end=True).state_hash() != Game(tutorial, 1, 3).state_hash()


def breaches_by(game: Game, country: str) -> int:
    return sum(1 for report in game.reports for (_, _, by) in report.breaches if by == country)


def breaker_game(tutorial, seed: int, turns: int, hidden_end: bool) -> tuple[Game, str]:
    """A finished game with the last-turn-breaker at the first seat, cooperators elsewhere."""
    game = Game(tutorial, seed, turns, hidden_end=hidden_end)
    breaker = game.country_ids[0]
    controllers = {c: resolve("cooperator").make() for c in game.country_ids}
    controllers[breaker] = BotController(LastTurnBreaker())
    play_game(game, controllers)
    return game, breaker


@pytest.mark.parametrize("seed", [EARLY_SEED, LATER_SEED])
def test_the_last_turn_breaker_keeps_its_word_in_a_final_year_it_cannot_know(tutorial, seed):
    game, breaker = breaker_game(tutorial, seed, ANNOUNCED, hidden_end=True)
    assert game.finished and len(game.reports) == game.end_turn < game.last_turn
    assert breaches_by(game, breaker) == 0
    # the same game with its end known at that turn: it breaks in the final year
    known, breaker = breaker_game(tutorial, seed, game.end_turn, hidden_end=False)
    assert breaches_by(known, breaker) > 0


def test_the_last_turn_breaker_breaks_when_the_latest_possible_year_comes(tutorial):
    seed = next(s for s in range(1, 200) if drawn_end(s, 1) == 1 + SPREAD)
    game, breaker = breaker_game(tutorial, seed, 1, hidden_end=True)  # window 1 .. 3
    assert game.end_turn == game.last_turn == 3
    assert breaches_by(game, breaker) > 0
    assert all(by != breaker for report in game.reports[:-1] for (_, _, by) in report.breaches)


def test_par_plays_the_same_drawn_end(tutorial, tmp_path):
    game = Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True)
    key = ParKey.of(game, "easy")
    assert key.hidden_end and key.turns == ANNOUNCED and key.end_turn == 2
    assert "hidden" in key.file_name and key.file_name != ParKey.of(
        Game(tutorial, EARLY_SEED, ANNOUNCED), "easy").file_name
    shown: list[tuple[int, int]] = []
    par = compute(tutorial, key, progress=lambda done, total: shown.append((done, total)))
    assert all(len(series) == 3 for series in par.scores.values())  # the start and 2 years
    assert Par.from_dict(json.loads(json.dumps(par.to_dict())), key) == par
    # the progress never stops at the drawn end: it jumps from before the earliest to the whole
    assert shown[-1] == (5, 5) and all(done in (0, 5) for done, _ in shown)


def test_a_reload_keeps_the_hidden_end(tutorial):
    from game.classroom.reload import restarted

    session = Session(Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True), ["SAM"], "normal")
    again = restarted(session, tutorial)
    rules = again.game.rules_of_play
    assert (rules.hidden_end, rules.turns, again.game.end_turn) == (True, ANNOUNCED, 2)
    plain = restarted(Session(Game(tutorial, EARLY_SEED, 5), ["SAM"], "normal"), tutorial)
    assert (plain.game.rules_of_play.hidden_end, plain.game.last_turn) == (False, 5)


def test_tournament_and_balance_hide_the_end_on_request(tmp_path):
    from game.tools.cli import main

    out = tmp_path / "run"
    assert main(["tournament", "--scenario", "tutorial", "--bot", "cooperator", "--bot",
                 "last-turn-breaker", "--games", "1", "--seed", str(EARLY_SEED), "--turns",
                 str(ANNOUNCED), "--secret", "x", "--hidden-end", "--in-process", "--out",
                 str(out)]) == 0
    document = json.loads((out / "results.json").read_text())
    assert document["hidden_end"] is True
    ended = drawn_end(EARLY_SEED, ANNOUNCED, "x")
    games = [g for g in document["games"] if not g.get("reference")]
    assert games and all(g["turns"] == ended for g in games)  # the turn each game ended after
    # the same run without the flag plays other games (the known end, another state hash)
    known = tmp_path / "known"
    assert main(["tournament", "--scenario", "tutorial", "--bot", "cooperator", "--bot",
                 "last-turn-breaker", "--games", "1", "--seed", str(EARLY_SEED), "--turns",
                 str(ANNOUNCED), "--secret", "x", "--in-process", "--out", str(known)]) == 0
    plain = json.loads((known / "results.json").read_text())
    assert "hidden_end" not in plain
    assert [g["state_hash"] for g in plain["games"]] != [g["state_hash"] for g in document["games"]]
    assert 1 <= ended <= ANNOUNCED + SPREAD
    report = tmp_path / "balance"
    assert main(["balance", "tutorial", "--games", "1", "--turns", str(ANNOUNCED), "--seed",
                 str(EARLY_SEED), "--hidden-end", "--out", str(report)]) == 0
    assert json.loads((report / "balance.json").read_text())["hidden_end"] is True
    assert "about 3 turns" in (report / "report.md").read_text()


def test_a_save_says_about_for_the_resume_line(tutorial, tmp_path):
    from game.session.extra import checked_extra

    hidden = Session(Game(tutorial, EARLY_SEED, ANNOUNCED, hidden_end=True), ["SAM"], "normal")
    extra = hidden.extra()
    assert extra["about_turns"] == ANNOUNCED and extra["last_turn"] == ANNOUNCED + SPREAD
    assert checked_extra(tmp_path / "save.json", extra).about_turns == ANNOUNCED
    plain = Session(Game(tutorial, EARLY_SEED, ANNOUNCED), ["SAM"], "normal").extra()
    assert "about_turns" not in plain and checked_extra(tmp_path / "s.json", plain).about_turns is None
