"""A whole class game with the three kinds of device at once, over 127.0.0.1 only: a
`run_game.py host` plays `indonesia-partners` (2 turns) against the AI for the other countries,
with Korea's team in a real browser (Debian's Chromium driven by Playwright), Indonesia's in the
pygame client (headless, by scripted clicks) and Malaysia's by a scripted WebSocket client, all at
the same time; the host's log replays to the same final state hash and holds each team's moves.
Every wait is bounded."""

from __future__ import annotations

import threading
import time

import pygame
from playwright.sync_api import sync_playwright

from game.net.codes import shown
from game.rules.storage import load_game, read_log, replay_log
from game.scenario.loading import load_scenario, resolve
from game.ui.testing import click, open_app, type_text
from tests.netplay import Client, HostProcess, play
from tests.test_net_browser import ARGUMENTS, BROWSER, PHONE, WAIT, play_in_the_browser
from tests.test_net_window import play_in_the_window, until

#: The window proposes to Japan and the browser to China (both played by the AI, so that each
#: year's offer is new to them); the scripted team (Malaysia) proposes to the browser's Korea.
WINDOW_TEAM, BROWSER_TEAM, SCRIPTED_TEAM = "IDN", "KOR", "MYS"
TEAMS = [WINDOW_TEAM, BROWSER_TEAM, SCRIPTED_TEAM]


class NoPhotographs:
    """The browser's team plays without taking photographs (tests/test_net_browser.py does)."""

    def shoot(self, moment: str, focus: str | None) -> None:
        return None


def browser_team(port: int, code: str, profile: str, outcome: dict) -> None:
    """Korea's team in Chromium, on its own thread (Playwright's sync API stays on it)."""
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=BROWSER, args=ARGUMENTS, headless=True, viewport=PHONE,
                device_scale_factor=1, locale="en-US")
            context.set_default_timeout(WAIT)
            try:
                page = context.new_page()
                page.on("pageerror", lambda error: outcome["page_errors"].append(str(error)))
                page.goto(f"http://127.0.0.1:{port}/")
                page.fill("[data-test=code]", code)
                page.click("[data-test=join]")
                page.wait_for_selector("[data-test=country]")
                outcome["country"] = page.inner_text("[data-test=country]")
                outcome["done"] = play_in_the_browser(page, NoPhotographs(), time.monotonic() + 300)
                outcome["end"] = page.inner_text("[data-test=end]")
            finally:
                context.close()
    except BaseException as error:  # reported by the test
        outcome["error"] = error


def scripted_team(client: Client, outcome: dict) -> None:
    try:
        play(client, limit=300, partner=BROWSER_TEAM)
    except BaseException as error:  # reported by the test
        outcome["error"] = error


def test_three_teams_on_three_kinds_of_device_play_a_whole_game(tmp_path, folders):
    host = HostProcess(tmp_path / "game", "--minutes", "10", teams=TEAMS, turns=2)
    browser: dict = {"page_errors": []}
    scripted: dict = {}
    threads: list[threading.Thread] = []
    try:
        client = Client(host.url, host.codes[SCRIPTED_TEAM])
        threads = [
            threading.Thread(target=browser_team, args=(host.port, host.codes[BROWSER_TEAM],
                                                        str(tmp_path / "profile"), browser)),
            threading.Thread(target=scripted_team, args=(client, scripted)),
        ]
        for thread in threads:
            thread.start()

        app = open_app()
        try:
            click(app, "join")
            join = app.scene
            type_text(app, join.address_entry, f"127.0.0.1:{host.port}")
            type_text(app, join.code_entry, shown(host.codes[WINDOW_TEAM]))
            click(app, "join")
            until(app, lambda: app.scene.name == "remote", what="the team's screen")
            assert app.scene.me == WINDOW_TEAM
            window = play_in_the_window(app, effect_moves=False)
            assert app.scene.view["phase"] == "finished"
        finally:
            pygame.display.quit()
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads)
        assert "error" not in browser, browser.get("error")
        assert "error" not in scripted, scripted.get("error")
        assert client.view["game_over"]
        client.close()
    finally:
        error_output = host.stop()
    assert "Traceback" not in error_output
    assert browser["page_errors"] == []
    assert browser["country"] == "South Korea"
    assert "South Korea finished in place" in browser["end"]
    assert browser["done"]["proposed"] == {"1", "2"} and browser["done"]["broke"]
    # (how often the window itself starts diplomacy or decides compliance depends on the
    # others' timing: the year's news ends when the first team starts diplomacy)
    assert window["propose"] >= 1

    folder = tmp_path / "game"
    game, _ = load_game(folder / "autosave.json")
    assert game.finished
    _, actions, footer = read_log(folder / "game.jsonl")
    replayed = replay_log(folder / "game.jsonl", load_scenario(resolve("indonesia-partners")))
    assert replayed.state_hash() == footer["final_state_hash"] == game.state_hash()
    by = {team: [r for r in actions if r.get("country") == team] for team in TEAMS}
    assert sum(r["type"] == "propose" for r in by[BROWSER_TEAM]) == 2
    assert any(r["type"] == "comply" and not r["keep"] for r in by[BROWSER_TEAM])
    assert any(r["type"] == "propose" and r["parties"] == [WINDOW_TEAM, "JPN"] for r in by[WINDOW_TEAM])
    assert any(r["type"] == "comply" for r in by[WINDOW_TEAM]) or not game.obligations(WINDOW_TEAM)
    assert any(r["type"] == "propose" and r["parties"] == [SCRIPTED_TEAM, BROWSER_TEAM]
               for r in by[SCRIPTED_TEAM])
