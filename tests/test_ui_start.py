"""Starting the window where there is no screen: a clear message in the player's language."""

from __future__ import annotations

import argparse

from game.ui import app


def test_no_screen_gives_a_message_not_a_hidden_window(monkeypatch, capsys):
    monkeypatch.setattr(app, "has_screen", lambda: False)
    code = app.run(argparse.Namespace(lang="id", scale=None, scenario=None))
    assert code == 1
    err = capsys.readouterr().err
    assert "tidak menemukan layar" in err and "simulate" in err


def test_a_driver_chosen_on_purpose_counts_as_a_screen(monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    assert app.has_screen()
