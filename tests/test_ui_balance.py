"""The balance report from the new-game screen: self-play in the background with a progress bar,
the summary on screen, the report written to the data folder with the CLI's figures, Cancel."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import json
import re
import time

import pygame
import pytest

from game.tools.cli import main
from game.ui.testing import click, open_app, press, step, visible_texts

#: Seconds a test waits at most for the background games.
PATIENCE = 120


@pytest.fixture
def app(folders):
    application = open_app(frames=1)
    yield application
    run = getattr(application.scene, "run", None)
    if run is not None:
        run.cancel()
        run.wait(PATIENCE)
    pygame.display.quit()


def open_balance(app):
    """New game → the tutorial → Balance report."""
    click(app, "new")
    click(app, "scenario:tutorial")
    click(app, "balance")
    assert app.scene.name == "balance"
    return app.scene


def test_the_games_run_with_progress_then_the_summary_and_the_report(app, folders):
    scene = open_balance(app)
    assert "back" in scene.buttons
    scene.games = 3  # the screen offers 10, 20 or 50: three keep the test short
    click(app, "start")
    assert scene.state == "running" and "cancel" in scene.buttons
    seen, drawn = [], set()
    deadline = time.monotonic() + PATIENCE
    while scene.state == "running" and time.monotonic() < deadline:
        seen.append(scene.run.done)
        drawn.update(t for t in visible_texts(app) if re.fullmatch(r"\d of 3 games", t))
        time.sleep(0.02)
    assert scene.state == "finished"
    assert seen == sorted(seen) and seen[0] < 3  # the progress only goes forward
    assert len(set(seen)) >= 2, "the progress never moved while the games ran"
    assert drawn and drawn <= {"0 of 3 games", "1 of 3 games", "2 of 3 games", "3 of 3 games"}
    step(app, 2)
    shown = "\n".join(visible_texts(app))
    # the folder, in full, under the data folder
    folder = scene.folder
    assert folder.parent == folders / "data" / "balance" and folder.name.startswith("tutorial-")
    assert str(folder) in shown
    for name in ("report.md", "balance.json", "scores.png", "wins.png", "clauses.png",
                 "agreements.png", "trust.png", "dependency.png"):
        assert (folder / name).is_file(), name
    # the summary: each country, the warnings in words, what was agreed
    data = json.loads((folder / "balance.json").read_text())
    for name, country in (("Samudra", "SAM"), ("Karang", "KAR"), ("Awan", "AWN")):
        assert name in shown
        assert f"{data['countries'][country]['mean_score']:.1f}" in shown
        assert f"{round(100 * data['countries'][country]['win_rate'])}%" in shown
    assert "only 3 games: win rates need at least 5 games" in shown
    assert "technology transfer: in " in shown
    assert "3 games played in" in shown
    # the report says what the CLI says for the same games and seed
    out = folders / "cli"
    assert main(["balance", "tutorial", "--games", "3", "--seed", "1", "--out", str(out)]) == 0
    cli = json.loads((out / "balance.json").read_text())
    for key in ("games", "seed", "ai", "countries", "offers", "clauses", "agreement_types",
                "warnings", "nash_social_welfare", "games_played"):
        assert data[key] == cli[key], key
    assert (folder / "report.md").read_text() == (out / "report.md").read_text()


def test_cancel_stops_the_games_and_writes_nothing(app, folders):
    scene = open_balance(app)
    click(app, "games:50")
    click(app, "start")
    run = scene.run
    assert run.total == 50
    click(app, "cancel")
    run.wait(PATIENCE)
    assert not run.running and run.done < 50
    step(app, 2)
    assert scene.state == "cancelled"
    shown = "\n".join(visible_texts(app))
    assert f"Cancelled after {run.done} of 50 games" in shown
    assert not (folders / "data" / "balance").exists()
    click(app, "again")
    assert scene.state == "choose" and "start" in scene.buttons
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "setup"


def test_esc_while_running_goes_back_and_stops_the_games(app):
    scene = open_balance(app)
    click(app, "start")
    run = scene.run
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "setup"
    run.wait(PATIENCE)
    assert run.cancelled and not run.running and run.done < 20


def test_the_choices_change_the_command_shown(app):
    scene = open_balance(app)
    click(app, "games:10")
    click(app, "level:hard")
    shown = "\n".join(visible_texts(app))
    assert "balance tutorial --games 10 --seed 1 --ai hard" in shown
    assert scene.games == 10 and scene.level == "hard"


def test_the_screen_in_indonesian(app):
    app.settings.language = "id"
    app.apply_settings()
    open_balance(app)
    shown = "\n".join(visible_texts(app))
    assert "Laporan keseimbangan: Langkah Pertama Kerja Sama" in shown
    assert "Jumlah permainan" in shown and "Mainkan permainannya" in shown and "« Kembali" in shown
