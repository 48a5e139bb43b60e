"""School Wi-Fi drops (127.0.0.1 only): a client killed in the middle of a negotiation reconnects
and sees the same state; a move resent after a lost acknowledgement is applied once; a host
killed with SIGKILL after an acknowledged move (in the journal, not yet in the whole save) and
restarted with --resume has that move, keeps
the same codes, and the teams play on to the end."""

from __future__ import annotations

import json
import shutil

from game.net.host import Host
from game.rules.storage import load_game, read_log
from tests.netplay import TEAMS, TRADE, Client, HostProcess, play_all


def proposals(folder, country: str) -> list[dict]:
    _, actions, _ = read_log(folder / "game.jsonl")
    return [r for r in actions if r["type"] == "propose" and r["country"] == country]


def as_resumed(folder, copy):
    """The game ``--resume`` finds in ``folder`` as it is on disk (the save, and the journal of
    the moves acknowledged since: ``game.net.journal``), read from a copy of it."""
    shutil.copytree(folder, copy)
    host = Host.resume(copy)
    host.close()
    return host.session.game


def open_diplomacy(client: Client) -> None:
    reply = client.act({"kind": "begin_diplomacy"})
    assert reply["type"] == "ack", reply
    client.newer_view(-1, 0.1)
    while client.view["phase"] != "diplomacy" or not client.view["deciding"]:
        assert client.newer_view(client.sequence, 30)


def test_a_dropped_client_reconnects_to_the_same_state_and_a_resent_move_applies_once(tmp_path):
    host = HostProcess(tmp_path / "game")
    try:
        idn = Client(host.url, host.codes["IDN"])
        jpn = Client(host.url, host.codes["JPN"])
        open_diplomacy(idn)
        reply = idn.act({"kind": "propose", "parties": ["IDN", "JPN"], "clauses": [TRADE]}, "offer-1")
        assert reply["type"] == "ack"
        negotiation = reply["result"]["negotiation"]
        seen = jpn.sequence
        assert jpn.newer_view(seen, 10) or jpn.sequence > seen
        while not any(n["id"] == negotiation for n in jpn.view["negotiations"]):
            assert jpn.newer_view(jpn.sequence, 10)
        before = next(n for n in jpn.view["negotiations"] if n["id"] == negotiation)
        assert before["waiting_for_me"]

        # JPN's device dies in the middle of the negotiation, without a goodbye
        device = jpn.welcome["device"]
        jpn.socket.socket.close()
        again = Client(host.url, host.codes["JPN"], device=device)
        assert again.welcome["device"] == device and again.welcome["country"] == "JPN"
        after = next(n for n in again.view["negotiations"] if n["id"] == negotiation)
        assert after == before
        assert again.view["observation"]["negotiations"] == jpn.view["observation"]["negotiations"]

        # IDN's acknowledgement is lost: the connection drops right after sending
        lost = Client(host.url, host.codes["IDN"])
        lost.send({"type": "act", "version": 1, "id": "offer-2",
                   "move": {"kind": "propose", "parties": ["IDN", "KOR"], "clauses": [TRADE]}})
        lost.socket.socket.close()
        resent = Client(host.url, host.codes["IDN"])
        first = resent.act({"kind": "propose", "parties": ["IDN", "KOR"], "clauses": [TRADE]}, "offer-2")
        second = resent.act({"kind": "propose", "parties": ["IDN", "KOR"], "clauses": [TRADE]}, "offer-2")
        assert first["type"] == second["type"] == "ack"
        assert second["again"] and first["result"] == second["result"]
        assert resent.act({"kind": "propose", "parties": ["IDN", "JPN"], "clauses": [TRADE]},
                          "offer-1")["again"]
        assert [r["parties"] for r in proposals(host.folder, "IDN")] == [["IDN", "JPN"], ["IDN", "KOR"]]
        for client in (idn, again, resent):
            client.close()
    finally:
        host.stop()


def test_a_killed_host_resumes_with_every_acknowledged_move_and_the_same_codes(tmp_path):
    folder = tmp_path / "game"
    host = HostProcess(folder)
    codes = json.loads((folder / "codes.json").read_text())
    save = json.loads((folder / "autosave.json").read_text())
    assert codes["teacher"] not in json.dumps(save)  # the codes are never in the save
    assert not any(code in json.dumps(save) for code in codes["teams"].values())
    idn = Client(host.url, host.codes["IDN"])
    open_diplomacy(idn)
    reply = idn.act({"kind": "propose", "parties": ["IDN", "JPN"], "clauses": [TRADE]}, "before-kill")
    assert reply["type"] == "ack"
    host.kill()  # SIGKILL right after the acknowledgement
    game = as_resumed(folder, tmp_path / "as-killed")
    assert [n.parties for n in game.negotiations if n.proposer == "IDN"] == [("IDN", "JPN")]

    host = HostProcess(folder, resume=True)
    try:
        assert host.codes == codes["teams"] and host.teacher == codes["teacher"]
        clients = {c: Client(host.url, codes["teams"][c]) for c in TEAMS}
        assert clients["IDN"].view["phase"] == "diplomacy"
        offer = next(n for n in clients["JPN"].view["negotiations"] if n["proposer"] == "IDN")
        assert offer["waiting_for_me"]
        assert clients["IDN"].act({"kind": "propose", "parties": ["IDN", "JPN"], "clauses": [TRADE]},
                                  "before-kill")["again"]
        play_all(clients)  # the teams go on to the end
        assert all(c.view["game_over"] for c in clients.values())
        for client in clients.values():
            client.close()
    finally:
        host.stop()
    game, _ = load_game(folder / "autosave.json")
    assert game.finished
    assert len([r for r in proposals(folder, "IDN") if r["parties"] == ["IDN", "JPN"]]) >= 1
    assert proposals(folder, "IDN")[0]["parties"] == ["IDN", "JPN"]
