"""A whole class game over the network (127.0.0.1 only): a `run_game.py host` process and three
scripted WebSocket clients, one per team, play `indonesia-partners` against the AI for the other
countries; the host's game log replays to the same final state hash; and every message team A
received holds nothing private of another team."""

from __future__ import annotations

import threading
from typing import Any

from game.rules.storage import load_game, read_log, replay_log
from game.scenario.loading import load_scenario, resolve
from tests.netplay import TEAMS, Client, HostProcess, play_all

A = "IDN"


def walk(value: Any):
    """Every dict inside a message, at any depth."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_three_teams_play_a_whole_game_and_team_a_learns_nothing_private(tmp_path):
    host = HostProcess(tmp_path / "game")
    try:
        clients = {c: Client(host.url, host.codes[c]) for c in TEAMS}
        assert {c: clients[c].welcome["country"] for c in TEAMS} == {c: c for c in TEAMS}
        jpn_complied = threading.Event()
        play_all(clients, JPN={"breaks": True, "after_compliance": jpn_complied},
                 IDN={"before_compliance": jpn_complied})
        for client in clients.values():
            assert client.view["game_over"] and client.view["phase"] == "finished"
            client.close()
    finally:
        error_output = host.stop()
    assert "Traceback" not in error_output

    # the host's log replays to the final state of its save
    folder = tmp_path / "game"
    game, _ = load_game(folder / "autosave.json")
    assert game.finished
    _, actions, footer = read_log(folder / "game.jsonl")
    replayed = replay_log(folder / "game.jsonl", load_scenario(resolve("indonesia-partners")))
    assert replayed.state_hash() == footer["final_state_hash"] == game.state_hash()
    human = [r for r in actions if r.get("country") in TEAMS and r["type"] in ("propose", "accept")]
    assert {r["country"] for r in human if r["type"] == "propose"} == set(TEAMS)
    assert any(r["type"] == "comply" and r["country"] == "JPN" and not r["keep"] for r in actions)
    assert (folder / "results").is_dir() and any((folder / "results").iterdir())

    # privacy: every message team A received
    received = clients[A].received
    views = [m for m in received if m["type"] == "view"]
    assert len(views) > 5
    others = {n.id for n in game.negotiations if A not in n.parties}
    assert others, "the other teams negotiated without A"
    jpn_breaches = {(t, k) for a in game.agreements for t, k, c in a.broken if c == "JPN"}
    assert jpn_breaches
    for message in received:
        assert message["type"] in ("welcome", "view", "ack", "error")
        if message["type"] != "view":
            continue
        view = message["view"]
        assert view["country"] == A
        for found in walk(view):
            if "offers" in found or "waiting_for_me" in found:  # a negotiation
                assert A in found["parties"], found
                assert found["id"] not in others
            if {"gain_if_broken", "score_change_if_broken", "trust_cost"} & set(found):
                assert A not in found["partners"]  # A's own obligation
            if "my_value" in found and "parties" in found and "offer_by" not in found:
                assert A in found["parties"]  # A's own menu of proposals
            assert not {"decisions", "keep", "utility", "threshold", "seen"} & set(found), found
        # compliance decisions stay hidden until the year is resolved
        turn = view["turn"]
        for agreement in view["observation"]["agreements"]:
            for broken_turn, _, _ in agreement.get("broken", []):
                assert broken_turn < turn or view["phase"] == "finished"
        if view["phase"] == "compliance":
            assert all(b["turn"] < turn for b in [view["last_report"] or {"turn": 0}])
    during = [m["view"] for m in views if m["view"]["phase"] == "compliance"]
    assert during, "A saw the compliance phase after JPN had decided"
