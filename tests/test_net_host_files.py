"""What the class host writes after each move (issue 14, the load benchmark): the game log
appended rather than rewritten, the save flushed to disk once a phase rather than once a move,
and the acting team's quick view (its projected values carried over, the rest as a fresh
observation gives it)."""

from __future__ import annotations

import os

from game.agents.observation import observe
from game.net import protocol as p
from game.net.host import GAME_LOG, Host
from game.net.observations import quick_observation
from game.rules.storage import log_text, read_log
from game.scenario.loading import load_scenario, resolve
from tests.netplay import scripted_move

PROJECTED = ("my_value", "gain_if_broken", "score_change_if_broken", "trust_cost")


def _moves(host: Host, humans: list[str], limit: int = 200):
    """A whole game of moves by the deciding teams: (country, move) one at a time."""
    game = host.session.game
    for number in range(limit):
        deciding = host.session.deciding()
        if game.finished or not deciding:
            return
        country = deciding[0]
        move = scripted_move(game, country, humans, number)
        message = p.parse_client(f'{{"type": "act", "version": 1, "id": "m{number}", "move": {move}}}')
        yield country, message


def _host(tmp_path) -> tuple[Host, list[str]]:
    loaded = load_scenario(resolve("indonesia-partners"))
    humans = [c.id for c in loaded.scenario.countries][:3]
    return Host.new(loaded, humans, tmp_path / "game", seed=1, turns=2), humans


def test_the_log_is_appended_after_each_move_and_is_the_whole_log(tmp_path):
    host, humans = _host(tmp_path)
    path = host.folder / GAME_LOG
    first = path.stat().st_ino
    moves = 0
    for country, message in _moves(host, humans):
        assert isinstance(host._act(country, message, "en").reply, p.Ack)
        moves += 1
        assert path.read_text(encoding="utf-8") == log_text(host.session.game)
        assert path.stat().st_ino == first  # appended in place, not a new file renamed over it
    assert moves > 10 and host.session.game.finished
    _, actions, footer = read_log(path)
    assert len(actions) == len(host.session.game.log)
    assert footer is not None and footer["final_state_hash"] == host.session.game.state_hash()
    # a log changed behind the host's back is written whole again at the next write
    path.write_text("", encoding="utf-8")
    host.log.write(host.session.game)
    assert path.read_text(encoding="utf-8") == log_text(host.session.game)
    host.close()


def test_the_save_is_flushed_to_disk_when_a_phase_ends_not_after_every_move(tmp_path, monkeypatch):
    host, humans = _host(tmp_path)
    flushed: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda handle: (flushed.append(handle), real(handle)))
    game = host.session.game
    moved = stayed = 0
    for country, message in _moves(host, humans):
        before = (game.turn, game.phase)
        flushed.clear()
        assert isinstance(host._act(country, message, "en").reply, p.Ack)
        assert host.session.autosave_error is None
        if (game.turn, game.phase) == before:
            assert not flushed, f"{message.move.kind} flushed to disk within a phase"
            stayed += 1
        else:
            assert flushed, f"{message.move.kind} ended the phase without flushing the save"
            moved += 1
    assert moved >= 4 and stayed >= 4
    host.close()


def test_the_quick_observation_is_the_observation_but_for_its_projected_values(tmp_path):
    host, humans = _host(tmp_path)
    game = host.session.game
    compared = carried = 0
    before = {country: observe(game, country, game.round) for country in humans}
    for country, message in _moves(host, humans):
        assert isinstance(host._act(country, message, "en").reply, p.Ack)
        quick = quick_observation(game, country, before[country])
        whole = observe(game, country, game.round)
        assert quick.pop("estimating") is True
        assert _without_values(quick) == _without_values(whole)
        old = {n["id"]: n for n in before[country]["negotiations"]}
        for negotiation in quick["negotiations"]:
            previous = old.get(negotiation["id"])
            if previous is not None and previous["clauses"] == negotiation["clauses"] \
                    and previous["offer_by"] == negotiation["offer_by"]:
                assert negotiation["my_value"] == previous["my_value"]
                carried += negotiation["my_value"] is not None
            else:
                assert negotiation["my_value"] is None  # not known yet: the whole view says it
        before[country] = whole
        compared += 1
    assert compared > 10 and carried > 0
    host.close()


def _without_values(observation: dict) -> dict:
    def strip(entries: list[dict]) -> list[dict]:
        return [{k: v for k, v in entry.items() if k not in PROJECTED} for entry in entries]
    return {**observation, "negotiations": strip(observation["negotiations"]),
            "menu": strip(observation["menu"]), "obligations": strip(observation["obligations"])}
