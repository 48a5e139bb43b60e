"""A whole tutorial game played through the window with ONLY the keyboard (Tab, Shift+Tab,
Enter, Esc, N, the arrows on a slider) and with ONLY the mouse (clicks and drags on what the
screen shows), in each language: menu → new game (fewer turns) → every turn's news,
diplomacy (a proposal sent, an offer answered), compliance and report → the end screen.
The test only posts input events; it reads the window's state to decide where to go next, as a
player reads the screen."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.ui.settings import Settings
from game.ui.testing import click, open_app, press, select_item, set_slider, step

TURNS = 3
#: A bound on the inputs of one game, so a screen that stops answering fails the test.
INPUTS = 1500
PASSING = ("report", "help", "reflection")


@pytest.fixture
def folders(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMASI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


class Keyboard:
    """Key presses only: the focus ring found by Tab, buttons pressed by Enter."""

    def __init__(self, app):
        self.app = app
        self.inputs = 0

    def key(self, key: int, mod: int = 0, frames: int = 2) -> None:
        self.inputs += 1
        press(self.app, key, mod, frames=frames)

    def tab_to(self, wanted, back: bool = False, limit: int = 120) -> None:
        for _ in range(limit):
            self.key(pygame.K_TAB, pygame.KMOD_SHIFT if back else 0, frames=0)
            if self.app.focused is not None and wanted(self.app.focused):
                return
        raise AssertionError(f"{self.app.scene.name}: Tab never reached the widget wanted")

    def activate(self, key: str, frames: int = 2) -> None:
        """Tab to the current screen's button ``key`` and press Enter."""
        widget = self.app.scene.buttons[key]
        self.tab_to(lambda w: w is widget)
        self.key(pygame.K_RETURN, frames=frames)

    def choose_partner(self, name: str) -> None:
        self.tab_to(lambda w: (getattr(w, "text", "") or "").startswith(name))
        self.key(pygame.K_RETURN)

    def fewer_turns(self, turns: int) -> None:
        slider = self.app.scene.turns_slider
        self.tab_to(lambda w: w is slider)
        while self.app.scene.turns > turns:
            self.key(pygame.K_LEFT, frames=1)

    def leave(self) -> None:
        self.key(pygame.K_ESCAPE)


class Mouse:
    """Clicks and drags only, at the middle of what the screen shows."""

    def __init__(self, app):
        self.app = app
        self.inputs = 0

    def activate(self, key: str, frames: int = 2) -> None:
        self.inputs += 1
        click(self.app, key, frames=frames)

    def choose_partner(self, name: str) -> None:
        self.inputs += 1
        select_item(self.app, self.app.scene.partner_list, name)

    def fewer_turns(self, turns: int) -> None:
        self.inputs += 1
        set_slider(self.app, self.app.scene.turns_slider, turns)

    def leave(self) -> None:
        buttons = self.app.scene.buttons
        key = "back" if "back" in buttons else "close"
        self.activate(key)


def play(app, player) -> dict[str, int]:
    """One whole game by ``player``'s inputs; what happened, counted."""
    happened = {"proposed": 0, "answered": 0, "asked": 0, "compliance": 0}
    player.activate("new")
    assert app.scene.name == "setup"
    player.activate("scenario:tutorial")
    player.fewer_turns(TURNS)
    assert app.scene.turns == TURNS
    player.activate("start", frames=4)
    assert app.scene.name == "game"
    session = app.session
    assert session.game.last_turn == TURNS
    proposed_in = set()
    while not session.game.finished:
        assert player.inputs < INPUTS, f"stuck on {app.scene.name} at {session.stage.value}"
        scene, stage = app.scene.name, session.stage.value
        if scene in PASSING:
            player.leave()
        elif scene == "ask":
            happened["asked"] += 1
            player.activate("confirm")
        elif stage == "diplomacy" and scene == "game" and session.game.turn not in proposed_in:
            proposed_in.add(session.game.turn)
            if isinstance(player, Keyboard):
                player.key(pygame.K_n)  # the shortcut for "Propose to…"
            else:
                player.activate("negotiate")
            assert app.scene.name == "negotiation"
            player.choose_partner("Karang")
            step(app, 12)  # the projection follows the draft after a short pause
            before = len(session.game.negotiations)
            player.activate("send", frames=3)
            assert len(session.game.negotiations) > before
            happened["proposed"] += 1
            assert app.scene.name == "inbox"
            waiting = session.inbox(app.viewer)
            if waiting:
                offer = waiting[0].id
                player.activate(f"item:{offer}")
                if app.scene.buttons["accept"].is_enabled:
                    player.activate("accept", frames=3)
                    assert session.game.negotiation(offer).status.value != "open"
                    happened["answered"] += 1
            while app.scene.name not in ("game", "ask"):
                player.leave()
        elif scene == "compliance":
            happened["compliance"] += 1
            player.activate("end_turn", frames=4)
        elif scene in ("game", "handover"):
            player.activate("next", frames=3)
        else:
            player.leave()
    assert app.scene.name == "end"
    return happened


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("device", ["keyboard", "mouse"])
def test_a_whole_game_with_one_device(device, language, folders):
    app = open_app(Settings(language=language), humans=None)
    player = Keyboard(app) if device == "keyboard" else Mouse(app)
    happened = play(app, player)
    session = app.session
    assert session.game.finished and session.game.turn == TURNS
    assert happened["proposed"] == TURNS
    assert happened["answered"] >= 1, happened
    assert happened["compliance"] >= 1, happened
    assert happened["asked"] >= 1, happened  # ending diplomacy with work left asks first
    assert any(n.status.value == "agreed" for n in session.game.negotiations)
    pygame.display.quit()
