"""The game window in a class game on the network (127.0.0.1 only, headless, every wait bounded):
a team plays a whole `indonesia-partners --turns 2` game in the pygame client against a
`run_game.py host` process, by scripted clicks, and the host's log replays to the same final
state hash; hosting from the window shows the join address, a QR code that holds it (module for
module segno's own encoding) and the teams' codes on the projector, the teacher's code only on
the teacher's screen, and the teacher's screen moves a device, removes it and pauses the game."""

from __future__ import annotations

import re
import time
from argparse import Namespace
from typing import Any

import pygame
import pytest
import segno

from game.net.client import AddressError, Link, socket_url
from game.net.codes import shown
from game.rules.storage import load_game, read_log, replay_log
from game.scenario.loading import load_scenario, resolve
from game.ui import hosting, qr
from game.ui.app import join_from_command_line
from game.ui.flags import flag
from game.ui.testing import click, open_app, press, select_item, step, type_text, visible_texts
from tests.netplay import Client, HostProcess

LIMIT = 240.0


def until(app: Any, condition, seconds: float = 60.0, what: str = "") -> None:
    """Frames until ``condition`` holds (the host answers on its own time)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {seconds} s for {what or condition}")
        step(app, 1)
        time.sleep(0.01)


def test_an_address_is_read_as_people_type_it():
    assert socket_url("192.168.1.20:8765") == "ws://192.168.1.20:8765/ws"
    assert socket_url(" http://192.168.1.20:9000/ ") == "ws://192.168.1.20:9000/ws"
    assert socket_url("10.0.0.5") == "ws://10.0.0.5:8765/ws"
    assert socket_url("ws://[fe80::1]:8765/ws") == "ws://[fe80::1]:8765/ws"
    for typed, key in (("", "no_address"), ("ftp://x", "bad_address"), ("1.2.3.4:99999", "bad_address"),
                       ("a b", "bad_address")):
        with pytest.raises(AddressError) as error:
            socket_url(typed)
        assert error.value.key == key


def test_join_on_the_command_line_opens_the_join_screen_connecting(folders):
    app = open_app()
    join_from_command_line(app, Namespace(join_address="127.0.0.1:9", code="K7QM-X4R"))
    step(app, 2)
    scene = app.scene
    assert scene.name == "join"
    assert scene.link is not None and scene.link.url == "ws://127.0.0.1:9/ws"
    assert scene.address_entry.get_text() == "127.0.0.1:9"
    assert scene.code_entry.get_text() == "K7QM-X4R"
    scene.on_cancel()
    assert scene.link is None
    pygame.display.quit()


def play_in_the_window(app: Any, effect_moves: bool = True) -> dict[str, Any]:
    """The team's moves by clicks: start diplomacy, accept the first offer waiting, propose
    trade once a year to a partner it has no trade clause with (after its projected effect
    came, which moves the score unless ``effect_moves`` is false: with other teams' offers
    accepted meanwhile, the trade may be in force already), end diplomacy, keep every clause;
    until the game is over. What was done, counted."""
    done = {"begin": 0, "accept": 0, "propose": 0, "end": 0, "comply": 0}
    proposed: set[int] = set()
    deadline = time.monotonic() + LIMIT
    while True:
        assert time.monotonic() < deadline, "the game did not end in time"
        step(app, 1)  # the screen rebuilds from the newest view
        scene = app.scene
        assert scene.name == "remote", scene.name
        view = scene.view
        if view.get("game_over"):
            return done
        if not scene.can_act() or scene.shown[0] != scene.link.sequence:  # (built from an older view)
            step(app, 1)
            time.sleep(0.02)
            continue
        seen = scene.link.sequence
        phase = view["phase"]
        if phase == "news":
            click(app, "action")
            done["begin"] += 1
        elif phase == "diplomacy":
            waiting = [n for n in view["negotiations"] if n["waiting_for_me"]]
            if waiting:
                click(app, "tab:offers")
                click(app, f"accept:{waiting[0]['id']}")
                done["accept"] += 1
            elif view["turn"] not in proposed and scene.can_propose():
                proposed.add(view["turn"])
                click(app, "tab:propose")
                # a partner with no trade clause in force with us (the Indonesia-Japan EPA is in
                # force at the start: a draft that adds nothing projects 0.00, rightly)
                me, agreements = view["country"], view["observation"]["agreements"]

                def trading(partner: str, me: str = me, agreements: list = agreements) -> bool:
                    return any({me, partner} <= set(a["parties"]) and any(
                        c["kind"] == "trade_liberalisation" for c in a["clauses"]) for a in agreements)

                others = [c["id"] for c in view["observation"]["countries"] if c["id"] != me]
                partner = next((c for c in others if not trading(c)), "JPN")
                click(app, f"partner:{partner}")
                click(app, "clause:trade_liberalisation")
                until(app, lambda s=scene: s.effect is not None, what="the projected effect")
                moves = effect_moves and not trading(partner)
                assert "+" in scene.effect_text() or "\u2212" in scene.effect_text() or not moves
                click(app, "send")
                done["propose"] += 1
            else:
                click(app, "action")
                done["end"] += 1
        else:
            click(app, "tab:keep")
            click(app, "action")
            done["comply"] += 1
        until(app, lambda s=scene: s.pending is None, what="the acknowledgement")
        until(app, lambda s=scene, seen=seen: s.link.sequence > seen or s.view.get("game_over"),
              what="the next view")


def test_a_team_plays_a_whole_game_in_the_window_and_the_log_replays(tmp_path, folders):
    host = HostProcess(tmp_path / "game", teams=["IDN"], turns=2)
    app = open_app()
    try:
        click(app, "join")
        join = app.scene
        assert join.name == "join"
        type_text(app, join.address_entry, f"127.0.0.1:{host.port}")
        type_text(app, join.code_entry, shown(host.codes["IDN"]).lower())  # as a student types it
        click(app, "join")
        until(app, lambda: app.scene.name == "remote", what="the team's screen")
        scene = app.scene
        assert scene.me == "IDN"
        assert any("Indonesia" in text for text in visible_texts(app))
        # the team's flag before its name in the title bar (issue 15): Indonesia's red half
        step(app, 1)
        image = flag(scene.names, "IDN", scene.flag_rect.height)
        box = scene.flag_rect
        drawn = app.window.get_at((box.centerx, box.top + box.height // 4))
        assert tuple(drawn)[:3] == tuple(image.get_at((image.get_width() // 2, image.get_height() // 4)))[:3]
        done = play_in_the_window(app)
        assert done["begin"] == 2 and done["comply"] == 2 and done["propose"] >= 1
        assert scene.view["phase"] == "finished"
        texts = " ".join(visible_texts(app))
        assert "Final results" in texts
        scene.back()  # the game is over: one click leaves
        step(app, 2)
        assert app.scene.name == "menu"
    finally:
        error_output = host.stop()
        pygame.display.quit()
    assert "Traceback" not in error_output
    folder = tmp_path / "game"
    game, _ = load_game(folder / "autosave.json")
    assert game.finished
    _, actions, footer = read_log(folder / "game.jsonl")
    replayed = replay_log(folder / "game.jsonl", load_scenario(resolve("indonesia-partners")))
    assert replayed.state_hash() == footer["final_state_hash"] == game.state_hash()
    mine = [r for r in actions if r.get("country") == "IDN"]
    assert any(r["type"] == "propose" and r["parties"] == ["IDN", "JPN"] for r in mine)
    assert sum(r["type"] == "comply" for r in mine) >= 1 or not game.obligations("IDN")


def test_a_wrong_code_is_said_on_the_join_screen(tmp_path, folders):
    host = HostProcess(tmp_path / "game", teams=["IDN"], turns=1)
    app = open_app(settings=None)
    try:
        app.push("join", address=f"127.0.0.1:{host.port}", code="2345-678", connect=True)
        until(app, lambda: app.scene.link is None, what="the refusal")
        assert app.scene.name == "join"
        assert "not one of this class's codes" in app.scene.message
    finally:
        host.stop()
        pygame.display.quit()


def test_hosting_from_the_window_shows_the_address_its_qr_code_and_the_codes(folders, monkeypatch):
    monkeypatch.setattr(hosting, "BIND", "127.0.0.1")  # the tests stay on the loopback address
    monkeypatch.setattr(hosting, "PORT", 0)
    app = open_app()
    team: Link | None = None
    try:
        click(app, "competition")
        assert app.scene.name == "competition"
        click(app, "host")
        assert app.scene.name == "teacher"
        hosted = app.hosting
        assert hosted is not None and hosted.address.startswith("http://127.0.0.1:")
        codes = hosted.team_codes()
        assert len(codes) == 2
        until(app, lambda: hosted.teacher.teacher_view is not None, what="the teacher's view")
        teacher_texts = " ".join(visible_texts(app))
        assert hosted.teacher_code in teacher_texts
        assert all(code in teacher_texts for _, _, code in codes)

        press(app, pygame.K_F9, frames=3)
        projector = app.scene
        assert projector.name == "projector" and projector.hosting is hosted
        texts = " ".join(visible_texts(app))
        assert hosted.address in texts
        assert all(code in texts and team_name in texts for team_name, _, code in codes)
        assert hosted.teacher_code not in texts  # the teacher's code is never projected
        # the QR code on the screen, module for module, is segno's encoding of the address
        expected = [[bool(m) for m in row] for row in segno.make_qr(hosted.address, error="m").matrix]
        image = app.window.subsurface(projector.qr_rect).copy()
        assert qr.read_modules(image, len(expected)) == expected
        assert qr.module_size(hosted.address, projector.qr_rect.width) >= 3  # readable from afar
        press(app, pygame.K_F9, frames=2)
        assert app.scene.name == "teacher"
        app.goto("menu")  # the class goes on while the teacher is elsewhere; the menu leads back
        step(app, 2)
        click(app, "hosting")
        assert app.scene.name == "teacher"
        step(app, 2)

        # a team's device joins: the teacher sees it, moves it to the other team, pauses, removes it
        first, second = codes[0][1], codes[1][1]
        team = Link(hosted.address, hosted.codes.teams[first]).start()
        teacher_scene = app.scene
        until(app, lambda: any(d["role"] == "team" for d in teacher_scene.devices()), what="the device")
        device = teacher_scene.devices()[0]["device"]
        # the host's ids are letters and digits only: a "-8x" would read as a negative number
        assert re.fullmatch(r"[0-9a-f]{16}", device)
        until(app, lambda: f"move:{device}" in teacher_scene.buttons, what="the device's row")
        click(app, f"move:{device}")
        select_item(app, teacher_scene.chooser, next(name for name, country in
                                                     teacher_scene.chooser_names.items()
                                                     if country == second))
        until(app, lambda: team.country == second, what="the move")
        until(app, lambda: teacher_scene.pending is None and teacher_scene.buttons["pause"].is_enabled,
              what="the move's acknowledgement")
        click(app, "pause")
        until(app, lambda: team.view is not None and team.view["paused"], what="the pause")
        reply = team.act({"kind": "begin_diplomacy"})
        assert reply.wait(30) and reply.reply["key"] == "net.error.paused"
        until(app, lambda: f"remove:{device}" in teacher_scene.buttons and
              teacher_scene.buttons[f"remove:{device}"].is_enabled, what="the buttons")
        click(app, f"remove:{device}")
        click(app, f"remove:{device}")  # the second click removes it
        until(app, lambda: team.state == "refused", what="the removal")
        assert team.refusal["key"] == "net.error.removed"
        # stopping: two clicks; the game stays saved in its folder
        folder = hosted.folder
        click(app, "back")
        click(app, "back")
        assert app.scene.name == "menu" and app.hosting is None
        assert (folder / "autosave.json").exists() and (folder / "codes.json").exists()
    finally:
        if team is not None:
            team.close()
        app.stop_hosting()
        pygame.display.quit()


def test_a_device_reconnects_by_itself_and_keeps_its_unanswered_move(tmp_path):
    """The link of a device whose host dies: it tries again by itself, and the move sent while
    the host was away is applied once the host is back (--resume), with the same id."""
    host = HostProcess(tmp_path / "game", teams=["IDN"], turns=1)
    link = Link(f"127.0.0.1:{host.port}", host.codes["IDN"]).start()
    try:
        deadline = time.monotonic() + 30
        while link.view is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        port = host.port
        host.kill()
        while link.state != "lost":
            assert time.monotonic() < deadline
            time.sleep(0.02)
        pending = link.act({"kind": "begin_diplomacy"})
        host = HostProcess(tmp_path / "game", resume=True, port=port)
        assert pending.wait(60) and pending.ok, pending.reply
        assert link.state == "joined" and link.reconnections >= 1
        again = Client(host.url, host.codes["IDN"])
        assert again.view["phase"] == "diplomacy"
        again.close()
    finally:
        link.close()
        host.stop()
    _, actions, _ = read_log(tmp_path / "game" / "game.jsonl")
    assert sum(r["type"] == "end_phase" and r["country"] == "IDN" for r in actions) == 1


class _TeacherLink:
    """A teacher's link without a host: the teacher's view the test sets."""

    def __init__(self, view: dict[str, Any]):
        self.teacher_view = view
        self.state = "joined"
        self.address = "127.0.0.1:8765"
        self.refusal = None

    def close(self) -> None:
        self.state = "closed"


def test_the_teachers_screen_shows_forty_devices_a_page_at_a_time_and_rebuilds_only_for_its_page(folders):
    """40 devices (the load benchmark's class): the screen makes the widgets of one page of
    devices, and a device joining or leaving on another page, or the game moving on, changes
    its texts in place instead of making every widget again (each making stalled the window's
    frames)."""
    teams = ["BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"]
    devices = [{"device": f"{c}-device-{k}", "role": "team", "country": c, "address": "127.0.0.1"}
               for c in teams for k in range(4)]
    view = {"scenario": "asean-plus-three", "turn": 1, "last_turn": 10, "phase": "news",
            "humans": teams, "deciding": teams, "devices": devices, "teams": {}}
    link = _TeacherLink(view)
    app = open_app()
    try:
        app.goto("teacher", link)
        step(app, 2)
        scene = app.scene
        per_page = scene.rows_per_page()
        assert 1 < per_page < 40
        moves = sorted(k for k in scene.buttons if k.startswith("move:"))
        assert moves == sorted(f"move:{d['device']}" for d in devices[:per_page])
        builds = []
        build = scene.build
        scene.build = lambda: (builds.append(1), build())[1]
        # the last device leaves (another page), the game moves on: texts change, no rebuild
        link.teacher_view = {**view, "devices": devices[:-1], "phase": "diplomacy", "deciding": teams[:2]}
        step(app, 2)
        assert not builds
        texts = " ".join(visible_texts(app))
        assert "39" in texts and f"1–{per_page} of 39" in texts
        # the next page: its devices' buttons
        click(app, "devices_next")
        step(app, 2)
        assert builds
        assert sorted(k for k in scene.buttons if k.startswith("move:")) == sorted(
            f"move:{d['device']}" for d in devices[per_page:min(2 * per_page, 39)])
        # a device of the page shown leaves: the page is made again
        builds.clear()
        link.teacher_view = {**link.teacher_view, "devices": devices[:per_page] + devices[per_page + 1:-1]}
        step(app, 2)
        assert builds and f"move:{devices[per_page]['device']}" not in scene.buttons
    finally:
        pygame.display.quit()


def test_the_teacher_sees_a_device_by_its_letters_and_digits():
    """Ids given before the host gave hex ids may hold '-' and '_': the teacher's screen shows
    the first six letters and digits, never a hyphen that reads as a minus."""
    from game.ui.scenes.teacher import short_device
    assert short_device("-8xgd-_Ab12") == "8xgdAb"
    assert short_device("0123456789abcdef") == "012345"
