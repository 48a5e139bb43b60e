"""A whole tutorial game played through the window with ONLY the keyboard (Tab, Shift+Tab,
Enter, Esc, N, the arrows on a slider) and with ONLY the mouse (clicks and drags on what the
screen shows), in each language: menu → new game (fewer turns) → every turn's news,
diplomacy (a proposal sent, an offer answered), compliance and report → the end screen.
An ``indonesia-partners`` game (seven countries, agreements in force from the start) is played
the same way, by each device in one language (the other language's games of it were played by
``python3 tests/test_ui_whole_game.py``, which runs all four and keeps a screenshot of every
step: docs/playing.md, "The screenshot tour, looked at").
The test only posts input events; it reads the window's state to decide where to go next, as a
player reads the screen."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import sys
from pathlib import Path

import pygame
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script to keep a screenshot of every step
    sys.path.insert(0, str(ROOT))

from game.ui.settings import Settings  # noqa: E402
from game.ui.testing import click, open_app, press, select_item, set_slider, step  # noqa: E402
from game.ui.text import country_name  # noqa: E402

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


def play(app, player, scenario: str = "tutorial", partner: str = "KAR", turns: int = TURNS,
         shots: Path | None = None) -> dict[str, int]:
    """One whole game of ``scenario`` by ``player``'s inputs, proposing to ``partner`` every
    turn; what happened, counted. With ``shots``, the window at each step is saved there."""
    happened = {"proposed": 0, "answered": 0, "asked": 0, "compliance": 0}
    player.activate("new")
    assert app.scene.name == "setup"
    player.activate(f"scenario:{scenario}")
    player.fewer_turns(turns)
    assert app.scene.turns == turns
    player.activate("start", frames=4)
    assert app.scene.name == "game"
    session = app.session
    assert session.game.last_turn == turns
    partner_name = country_name(session.game, partner)
    proposed_in = set()
    steps = [0]

    def snap() -> None:
        if shots is not None:
            steps[0] += 1
            name = f"{steps[0]:03d}-{session.game.turn}-{app.scene.name}.png"
            pygame.image.save(app.window, str(shots / name))

    while not session.game.finished:
        assert player.inputs < INPUTS, f"stuck on {app.scene.name} at {session.stage.value}"
        scene, stage = app.scene.name, session.stage.value
        snap()
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
            player.choose_partner(partner_name)
            step(app, 12)  # the projection follows the draft after a short pause
            snap()
            before = len(session.game.negotiations)
            player.activate("send", frames=3)
            assert len(session.game.negotiations) > before
            happened["proposed"] += 1
            assert app.scene.name == "inbox"
            waiting = session.inbox(app.viewer)
            if waiting:
                offer = waiting[0].id
                player.activate(f"item:{offer}")
                snap()
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
    snap()
    return happened


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("device", ["keyboard", "mouse"])
def test_a_whole_game_with_one_device(device, language, folders):
    whole_game(device, language)


#: The indonesia-partners games in the suite: each device once, in a different language.
PARTNERS_GAMES = [("keyboard", "id"), ("mouse", "en")]
PARTNERS_TURNS = 2


@pytest.mark.parametrize(("device", "language"), PARTNERS_GAMES)
def test_a_whole_indonesia_partners_game_with_one_device(device, language, folders):
    whole_game(device, language, "indonesia-partners", "JPN", PARTNERS_TURNS)


def whole_game(device: str, language: str, scenario: str = "tutorial", partner: str = "KAR",
               turns: int = TURNS, shots: Path | None = None) -> None:
    """Play one whole game with one device and check that it went through every step."""
    app = open_app(Settings(language=language), humans=None)
    player = Keyboard(app) if device == "keyboard" else Mouse(app)
    happened = play(app, player, scenario, partner, turns, shots)
    session = app.session
    assert session.game.finished and session.game.turn == turns
    assert happened["proposed"] == turns
    assert happened["answered"] >= 1, happened
    assert happened["compliance"] >= 1, happened
    assert happened["asked"] >= 1, happened  # ending diplomacy with work left asks first
    assert any(n.status.value == "agreed" for n in session.game.negotiations)
    pygame.display.quit()


if __name__ == "__main__":
    # python3 tests/test_ui_whole_game.py OUT: every device × language × scenario, a screenshot
    # of each step in OUT/<scenario>-<device>-<language>/ (to look at; not part of the suite)
    import tempfile

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "ui-games")
    for scenario, partner, turns in (("tutorial", "KAR", TURNS),
                                     ("indonesia-partners", "JPN", PARTNERS_TURNS)):
        for device in ("keyboard", "mouse"):
            for language in ("en", "id"):
                with tempfile.TemporaryDirectory() as scratch:
                    os.environ["DIPLOMASI_CONFIG_DIR"] = f"{scratch}/config"
                    os.environ["DIPLOMASI_DATA_DIR"] = f"{scratch}/data"
                    shots = out / f"{scenario}-{device}-{language}"
                    shots.mkdir(parents=True, exist_ok=True)
                    whole_game(device, language, scenario, partner, turns, shots)
                    print(f"{shots}: {len(list(shots.glob('*.png')))} steps")
