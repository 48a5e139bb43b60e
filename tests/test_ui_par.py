"""Par on the screens: while it is computed the leaderboards show the score and its progress and
never wait; once known, the game screen, the projector and the end screen rank by score − par and
show both; a new game's par is computed in the background and kept in the data folder."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.rules.game import Game
from game.session.par import CACHE_FOLDER, ParRun
from game.session.session import Session
from game.ui.testing import open_app, press, step, visible_texts
from game.ui.text import number, signed, ui
from tests.playing import step_doing_nothing


@pytest.fixture
def app(folders):
    application = open_app(frames=1)
    yield application
    pygame.display.quit()


def finished(tutorial) -> Session:
    session = Session(Game(tutorial, 2, 2), ["SAM"], "normal")
    while not session.game.finished:
        step_doing_nothing(session, "SAM")
    return session


def waiting_par(session: Session) -> ParRun:
    """A par run that has done one turn of two and waits (as a thread still at work)."""
    run = ParRun.for_game(session.game, session.difficulty)
    run.done, run.total = 1, 2
    session.par = run
    return run


def test_the_end_screen_shows_the_score_while_par_is_computed_then_ranks_by_it(app, tutorial):
    session = finished(tutorial)
    run = waiting_par(session)
    app.session = session
    app.viewer = "SAM"
    app.goto("end")
    step(app, 1)
    texts = visible_texts(app)
    assert ui("par.computing", percent="50%") in texts
    by_score = sorted(session.leaderboard(), key=lambda r: -r["score"])
    assert [r["country"] for r in app.scene.board] == [r["country"] for r in by_score]
    run.run()  # par arrives while the end screen is up
    step(app, 2)
    texts = visible_texts(app)
    assert ui("par.ranked_by") in texts
    board = app.scene.board
    values = [r["score_minus_par"] for r in board]
    assert values == sorted(values, reverse=True)
    mine = next(r for r in board if r["country"] == "SAM")
    assert signed(mine["score_minus_par"], 1) in texts
    assert ui("par.row", score=number(mine["score"], 1), par=number(mine["par"], 1)) in texts
    debrief = app.scene.debrief_html()
    assert number(mine["par"], 1) in debrief


def test_the_game_screen_and_the_projector_show_par(app, tutorial):
    session = Session(Game(tutorial, 2, 3), ["SAM"], "normal")
    app.start_session(session)
    step(app, 1)
    session.begin_diplomacy("SAM")
    session.end_diplomacy("SAM")
    session.end_compliance("SAM", {})
    run = waiting_par(session)
    app.show_game()
    step(app, 1)
    assert ui("par.computing", percent="50%") in visible_texts(app)
    run.run()
    step(app, 1)
    mine = next(r for r in session.leaderboard() if r["country"] == "SAM")
    texts = visible_texts(app)
    assert ui("par.line", par=number(mine["par"], 1),
              difference=signed(mine["score_minus_par"], 1)) in texts
    assert ui("par.rank", rank=mine["rank"], count=3) in texts
    press(app, pygame.K_F9)
    assert app.scene.name == "projector"
    texts = visible_texts(app)
    assert ui("par.ranked_by") in texts and ui("par.difference") in texts
    shown = [r["country"] for r in app.scene.rows if r is not None]
    assert shown == [r["country"] for r in session.leaderboard()]


def test_a_new_game_computes_par_in_the_background_into_the_data_folder(folders, tutorial):
    application = open_app(frames=1, par=True)
    try:
        session = Session(Game(tutorial, 6, 2), ["SAM"], "normal")
        application.start_session(session)  # returns at once; the game screen is up
        assert application.scene.name == "game"
        assert session.par is not None and session.par.wait(120)
        assert session.par.status == "ready"
        assert (folders / "data" / CACHE_FOLDER / session.par.key.file_name).is_file()
        other = Session(Game(tutorial, 7, 2), ["SAM"], "normal")
        first = session.par
        application.start_session(other)
        assert other.par is not None and other.par is not first
        other.par.wait(120)
    finally:
        pygame.display.quit()
