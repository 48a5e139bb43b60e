"""Thousands of random clicks and keys across every screen (seeded): the window never fails."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import random

import pygame

from game.ui.settings import Settings
from game.ui.testing import buttons, click, click_at, drag, press

KEYS = [pygame.K_ESCAPE, pygame.K_RETURN, pygame.K_n, pygame.K_i, pygame.K_r, pygame.K_c, pygame.K_F1,
        pygame.K_1, pygame.K_2, pygame.K_3, pygame.K_4, pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP,
        pygame.K_DOWN, pygame.K_PLUS, pygame.K_MINUS, pygame.K_TAB, pygame.K_a, pygame.K_5]
EVENTS = int(os.environ.get("DIPLOMASI_RANDOM_EVENTS", "2000"))


def test_random_input_never_breaks_the_window(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPLOMASI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DIPLOMASI_DATA_DIR", str(tmp_path / "data"))
    from game.rules.game import Game
    from game.scenario.loading import load_scenario, resolve
    from game.session.session import Session
    from game.ui.app import App

    rng = random.Random(20240607)
    app = App(Settings(), save_settings_on_change=True)
    app.to_menu()
    tutorial = load_scenario(resolve("tutorial"))
    seen = set()
    for number in range(EVENTS):
        if number % 400 == 0 or not app.running or app.scene is None:
            # a fresh game now and then (easy AI, few turns), so every screen gets its share
            app.running = True
            humans = rng.choice([["SAM"], ["SAM", "AWN"]])
            app.start_session(Session(Game(tutorial, rng.randrange(100), 3), humans, "easy",
                                      autosave_path=app.autosave))
        seen.add(app.scene.name)
        roll = rng.random()
        available = buttons(app)
        if roll < 0.4 and available:
            button = rng.choice(available)
            if button in (app.scene.buttons.get("quit"), app.scene.buttons.get("scenario:world")):
                continue  # (the world's 200 computer countries take many seconds a turn)
            click(app, button, frames=0)
        elif roll < 0.7:
            click_at(app, (rng.randrange(app.size[0]), rng.randrange(app.size[1])), frames=0)
        elif roll < 0.92:
            press(app, rng.choice(KEYS), frames=0)
        elif roll < 0.96:
            app.step([pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=rng.choice([-1, 1]), flipped=False)],
                     1 / 60)
        else:
            start = (rng.randrange(app.size[0]), rng.randrange(app.size[1]))
            drag(app, start, (rng.randrange(app.size[0]), rng.randrange(app.size[1])), steps=2)
    assert {"menu", "game"} <= seen
    assert len(seen) >= 8, seen
    pygame.display.quit()
